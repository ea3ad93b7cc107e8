//! The `Article` type: what every stage after parsing agrees an article is.
//!
//! It owns what the fields mean and nothing else: it neither parses, nor
//! indexes, nor decides how the fields are printed (the wire types in
//! `output` do) or stored (the index schema does).

use serde::Serialize;

use crate::date::Date;

/// One news story as extracted from a dump, with where it came from.
///
/// Optional fields are `None` when the dump does not tell them; nothing is
/// guessed beyond what the extractors can point to in the text or the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Stable id: the one the dump gives (a JSON `id`, ...), else a hash of
    /// the headline and body, so it survives re-runs, renamed dumps and
    /// articles added around it.
    pub id: String,
    /// The headline, on one line; empty when the dump gives none.
    pub headline: String,
    /// Publication date, ISO `YYYY-MM-DD`.
    pub date: Option<Date>,
    /// The place the story is filed from or about (canonical gazetteer name
    /// when known, else the dateline's place as written, title-cased).
    pub location: Option<String>,
    /// Country of `location`, when the gazetteer knows it.
    pub country: Option<String>,
    /// Place tags the dump gives (Reuters `<PLACES>`), as written.
    pub places: Vec<String>,
    /// The dateline as it opens the body, e.g. `BEIRUT` or `Baghdad - Asharq Al-Awsat`.
    pub dateline: Option<String>,
    /// The story paragraphs, separated by blank lines; no page furniture.
    pub body: String,
    /// The photo caption, without its credit.
    pub caption: Option<String>,
    /// The photo credit found in parentheses at the end of the caption.
    pub credit: Option<String>,
    /// Who wrote it, as the dump names them (a byline without its "By").
    pub author: Option<String>,
    /// The section or desk the dump files it under ("World", "Business").
    pub section: Option<String>,
    /// The article's address: its canonical link, a feed item's link, the
    /// URL a web archive fetched it from.
    pub url: Option<String>,
    /// The language the dump declares (`en`, `en-GB`), as written.
    pub language: Option<String>,
    /// When a web crawler fetched the page (a WARC record's date), as
    /// written; the date falls back on it only when the page states none.
    pub crawled: Option<String>,
    /// The dump format the article was read from.
    pub format: String,
    /// Canonical path of the dump file (shown relative to the working
    /// directory by the printers).
    pub path: String,
    /// 0-based position of the article within its dump.
    pub ordinal: u64,
    /// 1-based line number where the article starts.
    pub line: u64,
    /// Byte offset where the article starts.
    pub offset: u64,
}

impl Article {
    /// The bytes of its text, every field's: about what it holds in
    /// memory, to bound what waits between parsing and indexing.
    pub fn text_len(&self) -> usize {
        let optional = [
            &self.location,
            &self.country,
            &self.dateline,
            &self.caption,
            &self.credit,
            &self.author,
            &self.section,
            &self.url,
            &self.language,
            &self.crawled,
        ];
        self.id.len()
            + self.headline.len()
            + self.body.len()
            + self.format.len()
            + self.path.len()
            + self.places.iter().map(String::len).sum::<usize>()
            + optional
                .iter()
                .filter_map(|o| o.as_ref())
                .map(String::len)
                .sum::<usize>()
    }
}

#[cfg(test)]
impl Article {
    /// A plain-text article of `headline` and `body` and nothing else, for
    /// the library's tests: id empty, path `/a`, the first of its file.
    pub fn sample(headline: &str, body: &str) -> Article {
        Article {
            id: String::new(),
            headline: headline.into(),
            date: None,
            location: None,
            country: None,
            places: Vec::new(),
            dateline: None,
            body: body.into(),
            caption: None,
            credit: None,
            author: None,
            section: None,
            url: None,
            language: None,
            crawled: None,
            format: "plain".into(),
            path: "/a".into(),
            ordinal: 0,
            line: 1,
            offset: 0,
        }
    }
}
