//! The JSON wire format: the types every JSON line newsdex prints is made
//! of, and that an HTTP front end will return.
//!
//! In the spirit of ripgrep's `printer/src/jsont.rs`: plain data behind
//! one message envelope, built from search results, articles and index
//! statistics, independent of any printer. Unlike ripgrep's they are owned
//! and two-way: `Serialize` for whoever writes them, `Deserialize` with
//! unknown fields denied for whoever reads them back (a client, a test).
//! Paths in them are already shown for people, relative to the base of the
//! [`PathStyle`] they were built with. Every key is always written (`null`
//! where a value is unknown), and reading back requires every key.
//!
//! What each command prints:
//! - `search --json`: one [`Message`] a line, `{"type":"hit","data":`[`Hit`]`}`
//!   per hit, then `{"type":"summary","data":`[`Summary`]`}`;
//! - `parse`: one [`Article`] a line; `show --json`: one [`Article`];
//! - `stats --json`: one [`Stats`];
//! - `serve`'s API: a [`Page`] of hits, a [`Story`], [`Stats`], or an
//!   [`Error`].
//!
//! A counted value is `{"count": N, "key": ...}` everywhere ([`Counted`]):
//! facet periods and locations, the top locations and files of `stats`.
//! Facet locations were formerly `{"location","count"}` and the top lists
//! `{"location","articles"}` and `{"path","articles"}`: those keys are
//! still written beside the new ones, for one release (see [`Counted`]).
//!
//! The fields of `Hit`, `Summary`, `Stats` and their parts are declared in
//! alphabetical order, and the envelope writes `data` before `type`: the
//! lines were built from `serde_json::Value` maps before these types
//! existed, and those sort their keys, so this order keeps every line byte
//! for byte what it was. `Article` keeps the order of the `Article` type,
//! as `parse` always printed it.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::article;
use crate::date::Date;
use crate::index::stats;
use crate::paths::PathStyle;
use crate::search::{self, facets, snippet};

/// One line of `search --json`: `{"data": ..., "type": "hit"|"summary"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(
    tag = "type",
    content = "data",
    rename_all = "lowercase",
    deny_unknown_fields
)]
pub enum Message {
    /// One ranked article.
    Hit(Hit),
    /// What the search found in all, after the hits.
    Summary(Summary),
}

impl Serialize for Message {
    /// `data` first, then `type`, as newsdex always wrote them (see the
    /// module doc); a reader takes them in either order.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        match self {
            Message::Hit(hit) => {
                map.serialize_entry("data", hit)?;
                map.serialize_entry("type", "hit")?;
            }
            Message::Summary(summary) => {
                map.serialize_entry("data", summary)?;
                map.serialize_entry("type", "summary")?;
            }
        }
        map.end()
    }
}

/// One ranked article, with the passages that show why it matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hit {
    /// Who wrote it, when the dump names them.
    #[serde(deserialize_with = "nullable")]
    pub author: Option<String>,
    /// Country of `location`, when known.
    #[serde(deserialize_with = "nullable")]
    pub country: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(with = "iso_date")]
    pub date: Option<Date>,
    /// The passages, best first, each with its own highlights.
    pub fragments: Vec<Fragment>,
    /// The article's headline.
    pub headline: String,
    /// Byte ranges `[start, end)` of the matched words in `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// The article's id, for `newsdex show`.
    pub id: String,
    /// 1-based line of the dump where the article starts.
    pub line: u64,
    /// The place the story is filed from or about, when known.
    #[serde(deserialize_with = "nullable")]
    pub location: Option<String>,
    /// The dump the article was read from, as shown to people.
    pub path: String,
    /// 1-based rank over all pages.
    pub rank: usize,
    /// The relevance score (0 when sorted by date). JSON has no infinity:
    /// an absurd boost saturates at `f32::MAX`.
    pub score: f64,
    /// The section the dump files it under, when it names one.
    #[serde(deserialize_with = "nullable")]
    pub section: Option<String>,
    /// The passages joined by " … " into one line.
    pub snippet: String,
    /// The article's address, when the dump gives one.
    #[serde(deserialize_with = "nullable")]
    pub url: Option<String>,
}

/// A passage of a hit's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    /// Byte ranges `[start, end)` of the matched words in `text`.
    pub highlights: Vec<(usize, usize)>,
    /// The passage, on one line.
    pub text: String,
}

/// The last line of `search --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Time the search took, in milliseconds (three decimals).
    pub elapsed_ms: f64,
    /// How all the matches spread over time and places (with `--facets`).
    #[serde(deserialize_with = "nullable")]
    pub facets: Option<Facets>,
    /// Set when the query could not be read as written and was searched
    /// for its words instead: why.
    #[serde(deserialize_with = "nullable")]
    pub notice: Option<String>,
    /// The query as given.
    pub query: String,
    /// Hits on this page.
    pub returned: usize,
    /// Articles matching in all: exactly when `total_hits_exact`, else at
    /// least this many (counting stopped; `--count-all` counts them all).
    pub total_hits: usize,
    /// False when `total_hits` is a lower bound.
    pub total_hits_exact: bool,
}

/// How all the matches of a query spread over time and places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facets {
    /// Matches per author (as written), most first.
    pub authors: Vec<Counted>,
    /// `"year"` or `"month"`: the unit of `dates`.
    pub by: String,
    /// Matches per country, most first.
    pub countries: Vec<Counted>,
    /// Matches per period (`"1987"` or `"1987-03"`), oldest first.
    pub dates: Vec<Counted>,
    /// Matches per location, most first.
    pub locations: Vec<Counted>,
    /// Matches per section, most first.
    pub sections: Vec<Counted>,
    /// Matches per source (a site, or a dump file), most first.
    pub sources: Vec<Counted>,
}

/// A value and how many articles have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counted {
    /// Deprecated spelling of `count` in the top lists of `stats`, written
    /// for one release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articles: Option<u64>,
    /// How many articles have `key`.
    pub count: u64,
    /// The value counted: a period, a location or a file's path as shown.
    pub key: String,
    /// Deprecated spelling of `key` for locations, written for one release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Deprecated spelling of `key` for files, written for one release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Counted {
    /// `key` counted `count` times, without the deprecated spellings.
    pub fn new(key: impl Into<String>, count: u64) -> Counted {
        Counted {
            articles: None,
            count,
            key: key.into(),
            location: None,
            path: None,
        }
    }
}

/// One article with every field: a line of `parse`, or `show --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Stable id: the one the dump gives, else a hash of the headline and
    /// body.
    pub id: String,
    /// The article's headline.
    pub headline: String,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(with = "iso_date")]
    pub date: Option<Date>,
    /// The place the story is filed from or about.
    #[serde(deserialize_with = "nullable")]
    pub location: Option<String>,
    /// Country of `location`, when known.
    #[serde(deserialize_with = "nullable")]
    pub country: Option<String>,
    /// Place tags the dump gives, as written.
    pub places: Vec<String>,
    /// The dateline as it opens the body.
    #[serde(deserialize_with = "nullable")]
    pub dateline: Option<String>,
    /// The story paragraphs, separated by blank lines.
    pub body: String,
    /// The photo caption, without its credit.
    #[serde(deserialize_with = "nullable")]
    pub caption: Option<String>,
    /// The photo credit.
    #[serde(deserialize_with = "nullable")]
    pub credit: Option<String>,
    /// Who wrote it, as the dump names them.
    #[serde(deserialize_with = "nullable")]
    pub author: Option<String>,
    /// The section or desk the dump files it under.
    #[serde(deserialize_with = "nullable")]
    pub section: Option<String>,
    /// The article's address (canonical link, feed link, archived URL).
    #[serde(deserialize_with = "nullable")]
    pub url: Option<String>,
    /// The language the dump declares.
    #[serde(deserialize_with = "nullable")]
    pub language: Option<String>,
    /// When a web crawler fetched the page, as written.
    #[serde(deserialize_with = "nullable")]
    pub crawled: Option<String>,
    /// The dump format the article was read from.
    pub format: String,
    /// The dump the article was read from, as shown to people.
    pub path: String,
    /// 0-based position of the article within its dump.
    pub ordinal: u64,
    /// 1-based line where the article starts.
    pub line: u64,
    /// Byte offset where the article starts.
    pub offset: u64,
}

/// One page of results from the HTTP API (`/api/search`, `/search.json`):
/// the hits and the summary `search --json` prints, and the URL of the
/// next page.
///
/// `H` is how the hits are held: `Vec<Hit>` when read or built, or the
/// same hits already written as JSON (`&RawValue`, as the server's cache
/// keeps them), which serialize to the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page<H = Vec<Hit>> {
    /// The page's hits, best first.
    pub hits: H,
    /// The URL of the next page (same query, `cursor` moved on), `null` on
    /// the last.
    #[serde(deserialize_with = "nullable")]
    pub next: Option<String>,
    /// What the search found in all.
    pub summary: Summary,
}

/// One article from the HTTP API (`/api/article/ID`): every field, and
/// the other places the same story was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// The article as indexed.
    pub article: Article,
    /// Copies folded into it at indexing: `path:line`, as shown.
    pub also_seen: Vec<String>,
}

/// What the HTTP API answers when it cannot: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Error {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The status and message of an [`Error`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    /// Why, in a sentence a person can act on.
    pub message: String,
    /// The HTTP status code, as in the response's status line.
    pub status: u16,
}

/// What `/api/version` answers: the commit the server searches, so a page
/// can tell a re-index happened after it loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// Articles in the commit the server searches.
    pub articles: u64,
    /// The commit the server searches (tantivy's opstamp): grows with each.
    pub commit: u64,
}

/// What an index holds: `stats --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    /// Articles indexed.
    pub articles: u64,
    /// Dumps the index holds articles of.
    pub files: u64,
    /// The earliest article's date, `YYYY-MM-DD`; `null` when none has one.
    #[serde(with = "iso_date")]
    pub first_date: Option<Date>,
    /// Stories seen again elsewhere, recorded rather than indexed twice.
    pub folded: u64,
    /// Articles per format, by format name.
    pub formats: BTreeMap<String, u64>,
    /// The index directory, as the user named it.
    pub index: String,
    /// The latest article's date, `YYYY-MM-DD`.
    #[serde(with = "iso_date")]
    pub last_date: Option<Date>,
    /// Bytes of every file in the index directory.
    pub size_bytes: u64,
    /// The files with the most articles, most first.
    pub top_files: Vec<Counted>,
    /// The most frequent locations, most first.
    pub top_locations: Vec<Counted>,
    /// Articles without a date.
    pub undated: u64,
    /// Articles without a location.
    pub unlocated: u64,
}

impl Hit {
    /// The wire form of `hit`, its path shown by `paths`.
    pub fn new(hit: &search::Hit, paths: &PathStyle) -> Hit {
        let a = &hit.article;
        let joined = hit.snippet.joined();
        let score = if hit.score.is_finite() {
            hit.score
        } else {
            f32::MAX
        };
        Hit {
            author: a.author.clone(),
            country: a.country.clone(),
            date: a.date,
            fragments: hit.snippet.fragments.iter().map(Fragment::new).collect(),
            headline: a.headline.clone(),
            highlights: joined.highlights,
            id: a.id.clone(),
            line: a.line,
            location: a.location.clone(),
            path: paths.show(&a.path),
            rank: hit.rank,
            score: f64::from(score),
            section: a.section.clone(),
            snippet: joined.text,
            url: a.url.clone(),
        }
    }
}

impl Fragment {
    /// The wire form of one passage.
    pub fn new(fragment: &snippet::Fragment) -> Fragment {
        Fragment {
            highlights: fragment.highlights.clone(),
            text: fragment.text.clone(),
        }
    }
}

impl Summary {
    /// The summary of `results` for `query`, found in `elapsed_ms`.
    pub fn new(query: &str, results: &search::Results, elapsed_ms: f64) -> Summary {
        Summary {
            elapsed_ms: (elapsed_ms * 1000.0).round() / 1000.0,
            facets: results.facets.as_ref().map(Facets::new),
            notice: results.notice.clone(),
            query: query.to_string(),
            returned: results.hits.len(),
            total_hits: results.total_hits,
            total_hits_exact: results.total_exact,
        }
    }
}

impl Facets {
    /// The wire form of `facets`.
    pub fn new(facets: &facets::Facets) -> Facets {
        Facets {
            by: facets.by.to_string(),
            dates: facets
                .dates
                .iter()
                .map(|(period, n)| Counted::new(period, *n))
                .collect(),
            locations: facets
                .locations
                .iter()
                .map(|(location, n)| Counted {
                    location: Some(location.clone()),
                    ..Counted::new(location, *n)
                })
                .collect(),
            countries: counted(&facets.countries),
            authors: counted(&facets.authors),
            sections: counted(&facets.sections),
            sources: counted(&facets.sources),
        }
    }
}

/// (value, count) pairs as `Counted`s.
fn counted(pairs: &[(String, u64)]) -> Vec<Counted> {
    pairs.iter().map(|(key, n)| Counted::new(key, *n)).collect()
}

impl Article {
    /// The wire form of `article`, its path shown by `paths`.
    pub fn new(article: &article::Article, paths: &PathStyle) -> Article {
        let a = article.clone();
        Article {
            id: a.id,
            headline: a.headline,
            date: a.date,
            location: a.location,
            country: a.country,
            places: a.places,
            dateline: a.dateline,
            body: a.body,
            caption: a.caption,
            credit: a.credit,
            author: a.author,
            section: a.section,
            url: a.url,
            language: a.language,
            crawled: a.crawled,
            format: a.format,
            path: paths.show(&a.path),
            ordinal: a.ordinal,
            line: a.line,
            offset: a.offset,
        }
    }
}

impl Stats {
    /// The wire form of `stats` for the index `index_dir` (as the user
    /// named it), file paths shown by `paths`.
    pub fn new(index_dir: &str, stats: &stats::Stats, paths: &PathStyle) -> Stats {
        Stats {
            articles: stats.articles,
            files: stats.files,
            first_date: stats.first_date,
            folded: stats.folded,
            formats: stats.formats.iter().cloned().collect(),
            index: index_dir.to_string(),
            last_date: stats.last_date,
            size_bytes: stats.size_bytes,
            top_files: stats
                .top_files
                .iter()
                .map(|(key, n)| {
                    let shown = paths.show(key);
                    Counted {
                        articles: Some(*n),
                        path: Some(shown.clone()),
                        ..Counted::new(shown, *n)
                    }
                })
                .collect(),
            top_locations: stats
                .top_locations
                .iter()
                .map(|(location, n)| Counted {
                    articles: Some(*n),
                    location: Some(location.clone()),
                    ..Counted::new(location, *n)
                })
                .collect(),
            undated: stats.undated,
            unlocated: stats.unlocated,
        }
    }
}

/// Reads an `Option` field only when its key is there, as `null` or a
/// value: serde would let a missing `Option` be `None`, hiding a key the
/// writer dropped (the printers write every key, `null` when unknown).
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// `Option<Date>` as `"YYYY-MM-DD"` or `null`; reading back accepts only a
/// day that exists.
mod iso_date {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::date::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        date.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) => Date::parse_iso(&text)
                .filter(|date| date.to_string() == text)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("not a YYYY-MM-DD date: {text:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back_strictly() {
        let summary = Message::Summary(Summary {
            elapsed_ms: 1.5,
            facets: Some(Facets {
                by: "year".into(),
                dates: vec![Counted::new("1987", 3)],
                locations: vec![],
                countries: vec![],
                authors: vec![],
                sections: vec![],
                sources: vec![],
            }),
            notice: None,
            query: "oil".into(),
            returned: 0,
            total_hits: 3,
            total_hits_exact: true,
        });
        let line = serde_json::to_string(&summary).unwrap();
        assert_eq!(
            line,
            r#"{"data":{"elapsed_ms":1.5,"facets":{"authors":[],"by":"year","countries":[],"dates":[{"count":3,"key":"1987"}],"locations":[],"sections":[],"sources":[]},"notice":null,"query":"oil","returned":0,"total_hits":3,"total_hits_exact":true},"type":"summary"}"#
        );
        assert_eq!(serde_json::from_str::<Message>(&line).unwrap(), summary);
        // Either order of the envelope's keys reads.
        let turned = r#"{"type":"summary","data":{"elapsed_ms":1.5,"facets":null,"notice":null,"query":"oil","returned":0,"total_hits":3,"total_hits_exact":true}}"#;
        assert!(serde_json::from_str::<Message>(turned).is_ok());
        let strict = [
            // An unknown key in the envelope, in the data, in a count.
            r#"{"type":"summary","data":{"elapsed_ms":1,"facets":null,"notice":null,"query":"","returned":0,"total_hits":0,"total_hits_exact":true},"extra":1}"#,
            r#"{"type":"summary","data":{"elapsed_ms":1,"facets":null,"notice":null,"query":"","returned":0,"total_hits":0,"total_hits_exact":true,"extra":1}}"#,
            r#"{"type":"summary","data":{"elapsed_ms":1,"facets":{"authors":[],"by":"year","countries":[],"dates":[{"count":1,"key":"1987","n":1}],"locations":[],"sections":[],"sources":[]},"notice":null,"query":"","returned":0,"total_hits":0,"total_hits_exact":true}}"#,
            // A missing key, an unknown type.
            r#"{"type":"summary","data":{"elapsed_ms":1,"notice":null,"query":"","returned":0,"total_hits":0,"total_hits_exact":true}}"#,
            r#"{"type":"begin","data":{}}"#,
        ];
        for line in strict {
            assert!(serde_json::from_str::<Message>(line).is_err(), "{line}");
        }
    }

    #[test]
    fn a_page_of_hits_written_before_is_the_same_bytes() {
        let hit = Hit {
            author: None,
            country: Some("Kenya".into()),
            date: Date::new(1987, 3, 2),
            fragments: vec![],
            headline: "Coffee \"quotas\" <b>".into(),
            highlights: vec![(0, 6)],
            id: "a1".into(),
            line: 7,
            location: Some("Nairobi".into()),
            path: "dumps/x.sgm".into(),
            rank: 1,
            score: 1.25,
            section: None,
            snippet: "Coffee … tea".into(),
            url: None,
        };
        let summary = Summary {
            elapsed_ms: 0.5,
            facets: None,
            notice: None,
            query: "coffee".into(),
            returned: 1,
            total_hits: 1,
            total_hits_exact: true,
        };
        let built = Page {
            hits: vec![hit.clone()],
            next: None,
            summary: summary.clone(),
        };
        let raw = serde_json::value::to_raw_value(&vec![hit]).unwrap();
        let kept = Page {
            hits: &*raw,
            next: None,
            summary,
        };
        let built = serde_json::to_string(&built).unwrap();
        assert_eq!(serde_json::to_string(&kept).unwrap(), built);
        assert!(serde_json::from_str::<Page>(&built).is_ok());
    }

    #[test]
    fn dates_read_back_only_when_real() {
        let stats = |date: &str| {
            format!(
                r#"{{"articles":0,"files":0,"first_date":{date},"folded":0,"formats":{{}},"index":"i","last_date":null,"size_bytes":0,"top_files":[],"top_locations":[],"undated":0,"unlocated":0}}"#
            )
        };
        let read = |date: &str| serde_json::from_str::<Stats>(&stats(date)).map(|s| s.first_date);
        assert_eq!(
            read("\"1987-02-26\"").unwrap(),
            Date::parse_iso("1987-02-26")
        );
        assert_eq!(read("null").unwrap(), None);
        for bad in [
            "\"1987-02-30\"",
            "\"1987-2-26\"",
            "\"26 Feb 1987\"",
            "19870226",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_keep_the_old_spelling_one_release() {
        let stats = stats::Stats {
            articles: 3,
            files: 1,
            folded: 0,
            first_date: None,
            last_date: None,
            undated: 3,
            top_locations: vec![("Tokyo".into(), 2)],
            unlocated: 1,
            formats: vec![("reuters".into(), 3)],
            top_files: vec![("/news/corpus/a.sgm".into(), 3)],
            size_bytes: 10,
        };
        let wire = Stats::new("index", &stats, &PathStyle::relative_to("/news"));
        let line = serde_json::to_string(&wire).unwrap();
        for part in [
            r#""formats":{"reuters":3}"#,
            r#""top_files":[{"articles":3,"count":3,"key":"corpus/a.sgm","path":"corpus/a.sgm"}]"#,
            r#""top_locations":[{"articles":2,"count":2,"key":"Tokyo","location":"Tokyo"}]"#,
        ] {
            assert!(line.contains(part), "{part} in {line}");
        }
        assert_eq!(serde_json::from_str::<Stats>(&line).unwrap(), wire);
    }
}
