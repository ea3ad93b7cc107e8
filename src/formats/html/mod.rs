//! Saved web pages (HTML): one page is one article, or nothing.
//!
//! A page is read whole (its decoded lines joined, up to
//! [`MAX_PAGE_BYTES`]), parsed by a real HTML5 parser (html5ever, through
//! `dom_query`), and split in two jobs: [`meta`] reads what the page states
//! about itself (JSON-LD, OpenGraph, `<meta>`, `<title>`, `<h1>`,
//! `<time>`, the canonical link) and picks the headline, the publication
//! date as written and the canonical URL; [`extract`] finds the article's
//! own text (boilerplate stripped, Readability's scoring through
//! `dom_smoothie`, then line filters) and its figure captions. A page
//! holding no article (a home page, a listing, search results, a login or
//! 404 page) gives no record and one warning saying why.
//!
//! Like every format, it finds parts and does not interpret them: the date
//! is handed on as written, and the dateline opening the body is read by
//! `extract/` (pages are news copy).

pub mod extract;
pub mod meta;

use std::fmt;

use dom_query::Document;

use super::{Head, Lines, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};

/// The registry's entry for saved web pages.
pub const FORMAT: Spec = Spec {
    name: "html",
    sniff,
    extensions: &["html", "htm", "xhtml", "shtml"],
    open: |lines, _options| Box::new(HtmlParser::new(lines).records()),
    news_copy: true,
};

/// Largest page read; a larger one is skipped with a warning (a saved
/// news page is well under 2 MB; the benchmark's largest is 1.5 MB).
pub const MAX_PAGE_BYTES: usize = 16 << 20;

/// How sure the head of a dump is a web page: a doctype or an `<html>` tag
/// opening it (after a byte-order mark, blank space, comments such as
/// "saved from url=", or an `<?xml ?>` declaration) is certain; a `<head>`
/// tag opening it is likely. Markup that opens otherwise (`<rss>`,
/// `<nitf>`, SGML) is not a page.
fn sniff(head: &Head) -> Score {
    let text = head.lines.join("\n");
    let start = skip_prologue(&text);
    let opening: String = start
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if opening.starts_with("<!doctype html") {
        return Score::CERTAIN;
    }
    let tag = |name: &str| {
        opening
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(['>', ' ', '\t', '\n', '\r', '/']))
    };
    if tag("<html") {
        Score::CERTAIN
    } else if tag("<head") {
        Score::LIKELY
    } else {
        Score::NO
    }
}

/// `text` after what may come before a page's first tag: a BOM, blank
/// space, comments and `<?xml ... ?>` declarations.
fn skip_prologue(text: &str) -> &str {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if let Some(comment) = rest.strip_prefix("<!--") {
            match comment.find("-->") {
                Some(end) => rest = &comment[end + 3..],
                None => return "",
            }
        } else if let Some(declaration) = rest.strip_prefix("<?") {
            match declaration.find("?>") {
                Some(end) => rest = &declaration[end + 2..],
                None => return "",
            }
        } else {
            return rest;
        }
    }
}

/// What one page gave: the article's parts and what the page states.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// The article's headline, by the rules in `meta` (empty when the page
    /// states none).
    pub headline: String,
    /// The article's paragraphs, in page order; a list's items are one
    /// paragraph, one item a line.
    pub paragraphs: Vec<String>,
    /// Figure captions, in page order, repeats removed.
    pub captions: Vec<String>,
    /// The publication date as written and the canonical URL.
    pub stated: Stated,
    /// Everything else the page says of itself.
    pub meta: meta::Meta,
}

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoArticle {
    /// No text worth the name: an empty page, a login form, a 404 page.
    NoText,
    /// Too little prose for an article and nothing stating one.
    TooShort {
        /// Words of prose found.
        words: usize,
    },
    /// It lists stories (linked headlines, `<article>` teasers): a home
    /// page, section index, tag listing or search results.
    Listing {
        /// Stories listed.
        stories: usize,
    },
    /// More elements than the extractor takes on.
    TooLarge {
        /// Elements in the page.
        elements: usize,
    },
    /// Elements nested deeper than the extractor takes on.
    TooDeep {
        /// How deep the elements nest.
        depth: usize,
    },
}

impl NoArticle {
    /// What the page is, to count pages without an article by.
    pub fn kind(&self) -> &'static str {
        match self {
            NoArticle::NoText => "without text",
            NoArticle::TooShort { .. } => "too little prose",
            NoArticle::Listing { .. } => "listing",
            NoArticle::TooLarge { .. } | NoArticle::TooDeep { .. } => "too large to read",
        }
    }
}

impl fmt::Display for NoArticle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoArticle::NoText => f.write_str("no article in the page (no text)"),
            NoArticle::TooShort { words } => {
                write!(f, "no article in the page (only {words} words of prose)")
            }
            NoArticle::Listing { stories } => {
                write!(f, "no article in the page (a listing of {stories} stories)")
            }
            NoArticle::TooLarge { elements } => write!(
                f,
                "no article read: the page has {elements} elements, more than the {} taken",
                extract::MAX_ELEMENTS
            ),
            NoArticle::TooDeep { depth } => write!(
                f,
                "no article read: the page nests elements {depth} deep, more than the {} taken",
                extract::MAX_DEPTH
            ),
        }
    }
}

/// The article of one page, or why there is none.
pub fn read_page(html: &str) -> Result<Page, NoArticle> {
    let document = Document::from(html);
    let meta = meta::read(&document);
    let found = extract::article(document, &meta)?;
    let headline = meta.headline.clone().unwrap_or_default();
    let paragraphs = found
        .paragraphs
        .into_iter()
        .filter(|p| !same_text(p, &headline))
        .collect();
    let stated = Stated {
        id: meta.url.clone(),
        date: meta.date.clone(),
        url: meta.url.clone(),
        author: meta.author.clone(),
        section: meta.section.clone(),
        language: meta.language.clone(),
        ..Stated::default()
    };
    Ok(Page {
        headline,
        paragraphs,
        captions: found.captions,
        stated,
        meta,
    })
}

/// The same words, whatever the spacing and case (a headline repeated as
/// the body's first line).
fn same_text(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    !a.is_empty() && a == b
}

/// Reads a page a step at a time: the whole page is one step.
pub struct HtmlParser<'a> {
    lines: &'a mut Lines,
}

impl<'a> HtmlParser<'a> {
    /// A parser of the page in `lines`.
    pub fn new(lines: &'a mut Lines) -> Self {
        HtmlParser { lines }
    }
}

impl Parse for HtmlParser<'_> {
    /// Reads the page to its end, then its article.
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        queue.finish();
        let mut text = String::new();
        let mut first = None;
        let mut too_big = false;
        while let Some(line) = self.lines.next_line()? {
            first.get_or_insert((line.number, line.offset));
            if too_big {
                continue;
            }
            if text.len() + line.text.len() + 1 > MAX_PAGE_BYTES {
                too_big = true;
                text = String::new();
                continue;
            }
            text.push_str(&line.text);
            text.push('\n');
        }
        let Some((line, offset)) = first else {
            return Ok(());
        };
        if too_big {
            queue.warn(
                line,
                format!("page larger than {} MB; skipped", MAX_PAGE_BYTES >> 20),
            );
            return Ok(());
        }
        match read_page(&text) {
            Ok(page) => queue.record(RawRecord {
                headline: page.headline,
                captions: page.captions,
                paragraphs: page.paragraphs,
                line,
                offset,
                stated: page.stated,
            }),
            Err(reason) => queue.skip(line, reason.kind(), reason.to_string()),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(text: &str) -> Score {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        sniff(&Head {
            lines: &lines,
            bytes: text.as_bytes(),
            extension: None,
        })
    }

    #[test]
    fn sniffs_pages_by_their_opening() {
        let cases = [
            ("<!DOCTYPE html>\n<html>", Score::CERTAIN),
            ("<!doctype HTML PUBLIC \"-//W3C//DTD\">", Score::CERTAIN),
            ("\u{feff}  \n<html lang=\"en\">", Score::CERTAIN),
            (
                "<!-- saved from url=(0043)https://x.test/ -->\n<html>",
                Score::CERTAIN,
            ),
            ("<?xml version=\"1.0\"?>\n<!DOCTYPE html>", Score::CERTAIN),
            ("<HTML>", Score::CERTAIN),
            ("<head><title>x</title>", Score::LIKELY),
            ("<htmlx>", Score::NO),
            ("<header>", Score::NO),
            ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", Score::NO),
            ("<REUTERS TOPICS=\"YES\">", Score::NO),
            ("<!-- never closed", Score::NO),
            ("Plain text <html>", Score::NO),
            ("", Score::NO),
        ];
        for (text, want) in cases {
            assert_eq!(sniffed(text), want, "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let page =
            |depth: usize| format!("{}<p>{}</p>", "<div>\n".repeat(depth), "word ".repeat(80));
        assert_eq!(read_page(&page(150)).map(|p| p.paragraphs.len()), Ok(1));
        // A flood of unclosed tags (the fuzz targets' `<REUTERS>` flood).
        assert_eq!(
            read_page(&page(13_000)).map(|p| p.paragraphs.len()),
            Err(NoArticle::TooDeep { depth: 13_003 })
        );
    }

    #[test]
    fn a_repeated_headline_is_no_paragraph() {
        assert!(same_text("The  Headline!", "the headline"));
        assert!(!same_text("The headline, and more", "the headline"));
        assert!(!same_text("", ""));
    }
}
