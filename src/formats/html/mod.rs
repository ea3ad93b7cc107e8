//! Saved web pages (HTML): one page is one article, or nothing.
//!
//! A page is read whole, as raw bytes (up to [`MAX_PAGE_BYTES`]), decoded
//! in the encoding it tells ([`decode`]: a BOM, its `<meta>`, else its bytes,
//! through `read::charset`), its scripts and style sheets emptied
//! ([`prune`]), parsed by a real HTML5 parser (html5ever, through
//! `dom_query`), and split in two jobs: [`meta`] reads what the page states
//! about itself (JSON-LD, OpenGraph, `<meta>`, `<title>`, `<h1>`,
//! `<time>`, the canonical link) and picks the headline, the publication
//! date as written and the canonical URL; [`extract`] finds the article's
//! own text (boilerplate stripped, Readability's scoring through
//! `dom_smoothie`, then line filters) and its figure captions. A page
//! holding no article (a home page, a listing, search results, a login or
//! 404 page) gives no record and one warning saying why. HTML inside
//! other formats (a feed's content, a JSON body, a mail's HTML part) is a
//! fragment, read by [`fragment`] without the scoring.
//!
//! Like every format, it finds parts and does not interpret them: the date
//! is handed on as written, and the dateline opening the body is read by
//! `extract/` (pages are news copy).

pub mod extract;
pub mod fragment;
pub mod meta;
pub mod prune;

use std::fmt;

use dom_query::{Document, LocalName, NodeRef};

use super::{Head, Lines, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::{self, charset};

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

/// Bytes a page's buffer starts with.
const PAGE_BYTES_RESERVED: usize = 256 << 10;

/// How sure the head of a dump is a web page: a doctype or an `<html>` tag
/// opening it (after a byte-order mark, blank space, comments such as
/// "saved from url=", or an `<?xml ?>` declaration) is certain; a `<head>`
/// tag opening it is likely. Markup that opens otherwise (`<rss>`,
/// `<nitf>`, SGML) is not a page.
fn sniff(head: &Head) -> Score {
    // The head in ASCII lower case, shared with the other sniffers: what
    // skips the prologue has no ASCII letter, and the opening is compared
    // in lower case.
    let start = skip_prologue(head.folded());
    let opening: String = start.chars().take(16).collect();
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
    let document = Document::from(prune::empty_unread(html).as_ref());
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

/// The elements of `doc`, in document order. `meta` and `extract` walk the
/// tree and test each element's name or attributes themselves: a CSS
/// selector list costs a match of every selector against every element,
/// and a page is read by a dozen of them.
pub(crate) fn elements(doc: &Document) -> impl Iterator<Item = NodeRef<'_>> {
    let root = doc.root().id;
    doc.tree
        .descendant_ids_of_it(&root)
        .map(|id| NodeRef::new(id, &doc.tree))
        .filter(|n| n.is_element())
}

/// Whether `node` is an element named one of `names` (its local name, as
/// a type selector matches it). Names are interned atoms (`local_name!`):
/// comparing two is comparing two integers, where comparing their text
/// costs a string comparison per name for every element of every walk.
pub(crate) fn named(node: &NodeRef, names: &[LocalName]) -> bool {
    node.qual_name_ref()
        .is_some_and(|name| names.contains(&name.local))
}

/// The same words, whatever the spacing and case (a headline repeated as
/// the body's first line). Compared a word at a time: a paragraph's first
/// word usually settles it, and the paragraph is never copied whole.
fn same_text(a: &str, b: &str) -> bool {
    let words = |s| {
        str::split(s, |c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
    };
    words(a).next().is_some() && words(a).eq(words(b))
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
    /// Reads the page's bytes to its end, then its article.
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        queue.finish();
        let (line, offset) = (self.lines.line_number(), self.lines.position());
        // One byte past the cap tells a page over it; the rest of such a
        // page is left unread.
        // Sized for most pages (the benchmark's average is 170 KB), so the
        // page is not copied again at each doubling of a buffer.
        let mut bytes = Vec::with_capacity(PAGE_BYTES_RESERVED);
        self.lines.read_raw(MAX_PAGE_BYTES + 1, &mut bytes)?;
        if bytes.is_empty() {
            return Ok(());
        }
        if bytes.len() > MAX_PAGE_BYTES {
            queue.warn(
                line,
                format!("page larger than {} MB; skipped", MAX_PAGE_BYTES >> 20),
            );
            return Ok(());
        }
        let (text, stray_lines) = decode(bytes);
        // Counted as the line reader counts its own repairs, so the file's
        // summary warns of them as it does for any dump's.
        self.lines.latin1_lines += stray_lines;
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

/// A saved page's text, and how many of its lines hold bytes that are not
/// UTF-8 read as Windows-1252 (none unless it is read as UTF-8).
///
/// As `read::charset` tells it (a BOM, then the page's `<meta>`, else a
/// guess from its bytes), with two exceptions, both kept from the line
/// reader every other dump goes through, so a UTF-8 page reads as it always
/// has: valid UTF-8 holding anything but ASCII is UTF-8, whatever an old
/// `<meta>` left behind by a conversion says (as trafilatura takes it;
/// legacy text is valid UTF-8 only by rare chance); and a page read as UTF-8
/// (so stated, or mostly UTF-8) has each stray byte read as Windows-1252,
/// and counted, rather than lost to U+FFFD.
///
/// Takes the bytes, so a UTF-8 page becomes its text without a copy.
pub fn decode(bytes: Vec<u8>) -> (String, u64) {
    let mut bytes = bytes;
    if !bytes.is_ascii() && encoding_rs::Encoding::for_bom(&bytes).is_none() {
        match String::from_utf8(bytes) {
            Ok(text) => return (text, 0),
            Err(err) => bytes = err.into_bytes(),
        }
    }
    let bytes = &bytes[..];
    let decoded = charset::decode_page(bytes, None);
    let utf8 = decoded.encoding == encoding_rs::UTF_8;
    let stray_utf8 = decoded.told == charset::Told::Guess && charset::mostly_utf8(bytes);
    if (utf8 && decoded.malformed) || (!utf8 && stray_utf8) {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        return (read::decode_mixed(body), read::lines_not_utf8(body));
    }
    (decoded.text, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(text: &str) -> Score {
        crate::formats::sniff_text(sniff, text)
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
    fn decodes_pages_by_what_they_state() {
        let cases: &[(&[u8], &str, u64)] = &[
            (b"<p>caf\xC3\xA9</p>", "<p>caf\u{e9}</p>", 0),
            (b"\xEF\xBB\xBF<p>x</p>", "<p>x</p>", 0),
            // "Privet" in KOI8-R, as stated.
            (
                b"<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4",
                "<meta charset=koi8-r><p>\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}",
                0,
            ),
            // Pure ASCII still follows its meta: "Nihon" in ISO-2022-JP.
            (
                b"<meta charset=iso-2022-jp><p>\x1b$BF|K\\\x1b(B",
                "<meta charset=iso-2022-jp><p>\u{65e5}\u{672c}",
                0,
            ),
            // Valid UTF-8 under a stale meta stays UTF-8.
            (
                b"<meta charset=windows-1251><p>caf\xC3\xA9",
                "<meta charset=windows-1251><p>caf\u{e9}",
                0,
            ),
            // Stray bytes in UTF-8, stated or not: Windows-1252, counted.
            (
                b"<meta charset=utf-8>\n<p>\x93q\x94\n",
                "<meta charset=utf-8>\n<p>\u{201c}q\u{201d}\n",
                1,
            ),
            (
                b"\xEF\xBB\xBF<p>\xE2\x80\x99 \xA3\n\xA3",
                "<p>\u{2019} \u{a3}\n\u{a3}",
                2,
            ),
        ];
        for (bytes, text, stray) in cases {
            assert_eq!(
                decode(bytes.to_vec()),
                (text.to_string(), *stray),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn a_repeated_headline_is_no_paragraph() {
        assert!(same_text("The  Headline!", "the headline"));
        assert!(!same_text("The headline, and more", "the headline"));
        assert!(!same_text("", ""));
    }
}
