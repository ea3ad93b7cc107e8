//! News feeds in XML: RSS 2.0 (and 0.91/0.92), RSS 1.0 (RDF) and Atom
//! (1.0, and 0.3's element names), one record per `<item>` or `<entry>`.
//!
//! ```text
//! <rss version="2.0"><channel><title>NBC New York</title>
//!   <item>
//!     <title>NYC cops search for stabbing suspect</title>
//!     <link>https://www.nbcnewyork.com/news/local/.../4956764/</link>
//!     <guid isPermaLink="false">4956764</guid>
//!     <description><![CDATA[<p>A young man was left ...</p>]]></description>
//!     <pubDate>Sat, 16 Dec 2023 14:02:33 -0500</pubDate>
//!   </item>
//! </channel></rss>
//! ```
//!
//! The XML is read as a stream of events (`quick-xml`) over the line
//! reader's decoded lines ([`xml`]), so a feed of any size costs one item at
//! a time; nothing is fetched (no DTD, no network). Per item: the headline
//! from `title`; `Stated.id` from `guid` / Atom `id`, else the `link` (Atom:
//! the alternate link's `href`; RSS 1.0: then `rdf:about`); `Stated.date`
//! as written from `pubDate`, `dc:date`, Atom `published` (else `updated`);
//! the body from `content:encoded` or Atom `content` when it has text, else
//! `description` / `summary`. HTML in those (and in an Atom `type="html"`
//! or `"xhtml"` title) becomes plain paragraphs through the HTML fragment
//! reader (`formats::html::fragment`), its figure captions kept apart as
//! captions. Stated as written: `Stated.url` from the link, `Stated.author`
//! from `author` / `dc:creator` / Atom `author`'s `name`, `Stated.section`
//! from the first `category` (Atom: its `label`, else `term`), and
//! `Stated.language` from the item's `dc:language` or `xml:lang`, else the
//! channel's `language` / `dc:language` or the document element's
//! `xml:lang`. Other feed-level text (channel title, description) is no
//! article and is not read.
//!
//! Damage costs what it touches: an item whose XML is broken is skipped
//! with a warning naming the line, the items after it are read; a feed cut
//! off mid-item gives the items before it and a warning. JSON Feed is its
//! own format (`formats::jsonfeed`), which shares [`Entry`] with this one.

pub mod entities;
mod xml;

use super::html::fragment;
use super::{Head, Parse, RawRecord, Score, Spec, Stated};

/// The registry's entry for RSS and Atom feeds.
pub const FORMAT: Spec = Spec {
    name: "feed",
    sniff: |head: &Head| sniff(head.lines),
    extensions: &["rss", "atom", "rdf"],
    open: |lines, _options| Box::new(xml::FeedParser::new(lines).records()),
    news_copy: true,
};

/// How much of a dump's head is looked at for the root element: a prolog
/// (declaration, comments, doctype) longer than this is no feed's.
const SNIFF_PROLOG_BYTES: usize = 64 << 10;

/// Namespaces that make a root element a feed's.
const RSS1_NAMESPACES: &[&str] = &[
    "http://purl.org/rss/1.0/",
    // RSS 0.90, RSS 1.0's ancestor.
    "http://my.netscape.com/rdf/simple/0.9/",
];
const ATOM_NAMESPACES: &[&str] = &["http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"];

/// How sure it is that the dump whose head is `window` (trimmed lines) is
/// a feed, by its document element: `<rss>`, an `<rdf:RDF>` declaring the
/// RSS 1.0 namespace, or an Atom `<feed>` (or a lone Atom `<entry>`)
/// declaring the Atom namespace are certain; a `<feed>` in no namespace at
/// all with an `<entry>` in view is likely (Atom without its `xmlns`). The
/// root may follow an XML declaration, processing instructions, comments
/// and a doctype. Other XML (NITF, NewsML, XHTML pages) is not claimed, even
/// when it mentions feeds further on.
pub fn sniff(window: &[&str]) -> Score {
    let mut text = String::new();
    for line in window {
        if text.len() > SNIFF_PROLOG_BYTES {
            break;
        }
        text.push_str(line);
        text.push('\n');
    }
    let Some(tag) = root_tag(&text) else {
        return Score::NO;
    };
    let name_len = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    let name = &tag[..name_len];
    let (prefix, local) = name.rsplit_once(':').unwrap_or(("", name));
    let declares = |namespaces: &[&str]| namespaces.iter().any(|ns| tag.contains(ns));
    let certain = match local {
        "rss" => prefix.is_empty(),
        "RDF" => declares(RSS1_NAMESPACES),
        "feed" | "entry" => declares(ATOM_NAMESPACES),
        _ => false,
    };
    let bare_atom = name == "feed" && !tag.contains("xmlns=") && text.contains("<entry");
    if certain {
        Score::CERTAIN
    } else {
        Score::when(bare_atom, Score::LIKELY)
    }
}

/// The document element's start tag in `text` (from after its `<`, up to
/// its `>` or the end of `text`), past the prolog; `None` when `text` does
/// not open with markup.
fn root_tag(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    loop {
        let after = if let Some(after) = rest.strip_prefix("<?") {
            &after[after.find("?>")? + 2..]
        } else if let Some(after) = rest.strip_prefix("<!--") {
            &after[after.find("-->")? + 3..]
        } else if rest
            .get(..9)
            .is_some_and(|head| head.eq_ignore_ascii_case("<!DOCTYPE"))
        {
            &rest[doctype_len(rest)?..]
        } else {
            break;
        };
        rest = after.trim_start();
    }
    let tag = rest.strip_prefix('<')?;
    if !tag.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        return None;
    }
    // Up to the first `>` outside a quoted attribute value.
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(&tag[..i]),
            _ => {}
        }
    }
    Some(tag)
}

/// Length of the doctype declaration at the start of `text`, its internal
/// subset (`[...]`) included.
fn doctype_len(text: &str) -> Option<usize> {
    let mut in_subset = false;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => in_subset = true,
            (None, ']') => in_subset = false,
            (None, '>') if !in_subset => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Text as a feed gives it: plain, or HTML to be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// The value, entities and CDATA decoded.
    pub text: String,
    /// Whether `text` is HTML, to be turned into paragraphs, rather than plain text.
    pub html: bool,
}

impl Text {
    /// The text as paragraphs, and the captions of its figures (HTML's).
    fn read(&self) -> fragment::Fragment {
        if self.html {
            fragment::read(&self.text)
        } else {
            fragment::Fragment {
                paragraphs: plain_paragraphs(&self.text),
                captions: Vec::new(),
            }
        }
    }

    /// The text on one line.
    fn one_line(&self) -> String {
        if self.html {
            fragment::one_line(&self.text)
        } else {
            super::join_words(&self.text)
        }
    }
}

/// One item or entry of a feed, its values as written (entities and CDATA
/// decoded, HTML still HTML).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// The item's title.
    pub title: Option<Text>,
    /// `guid`, Atom `id`, JSON Feed `id`.
    pub id: Option<String>,
    /// The item's page: RSS `link`, Atom's alternate link, JSON Feed `url`.
    pub link: Option<String>,
    /// An id of last resort (RSS 1.0 `rdf:about`).
    pub about: Option<String>,
    /// `pubDate`, `dc:date`, Atom `published`, JSON Feed `date_published`.
    pub published: Option<String>,
    /// Atom `updated`, JSON Feed `date_modified`.
    pub updated: Option<String>,
    /// The full text: `content:encoded`, Atom `content`, JSON Feed
    /// `content_html` / `content_text`.
    pub content: Option<Text>,
    /// The short text: `description`, Atom `summary`, JSON Feed `summary`.
    pub summary: Option<Text>,
    /// The author as written: RSS `author`, `dc:creator`, Atom `author`'s
    /// `name`, JSON Feed `authors`' first `name`.
    pub author: Option<String>,
    /// The first `category` (Atom: its label or term), JSON Feed's first tag.
    pub section: Option<String>,
    /// The item's language, else its feed's, as written (`en-us`).
    pub language: Option<String>,
}

impl Entry {
    /// The record this entry is, found at `line` / `offset`, or why it
    /// has none (no headline and no text).
    pub fn record(self, line: u64, offset: u64) -> Result<RawRecord, String> {
        let headline = self.title.as_ref().map(Text::one_line).unwrap_or_default();
        let content = self.content.as_ref().map(Text::read).unwrap_or_default();
        let body = if content.paragraphs.is_empty() {
            self.summary.as_ref().map(Text::read).unwrap_or_default()
        } else {
            content
        };
        if headline.is_empty() && body.paragraphs.is_empty() {
            return Err("item with neither a title nor any text skipped".into());
        }
        let written = |value: Option<String>| {
            value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let link = written(self.link);
        Ok(RawRecord {
            headline,
            captions: body.captions,
            paragraphs: body.paragraphs,
            line,
            offset,
            stated: Stated {
                id: written(self.id)
                    .or_else(|| link.clone())
                    .or_else(|| written(self.about)),
                date: written(self.published).or_else(|| written(self.updated)),
                url: link,
                author: written(self.author).map(|a| super::join_words(&a)),
                section: written(self.section).map(|s| super::join_words(&s)),
                language: written(self.language),
                ..Stated::default()
            },
        })
    }
}

/// Plain text as paragraphs: blank lines separate them, a paragraph keeps
/// its own line breaks, lines are trimmed.
fn plain_paragraphs(text: &str) -> Vec<String> {
    super::blank_line_paragraphs(text.lines().map(str::trim))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_feed_roots() {
        let cases: &[(&str, &[&str], bool)] = &[
            (
                "rss 2.0",
                &[
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    "<rss version=\"2.0\">",
                ],
                true,
            ),
            (
                "rss without a declaration",
                &["<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\">"],
                true,
            ),
            (
                "rss 0.91 with a doctype",
                &[
                    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
                    "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"",
                    "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">",
                    "<rss version=\"0.91\">",
                ],
                true,
            ),
            (
                "attributes over lines",
                &["<?xml version=\"1.0\" ?>", "<rss version=\"2.0\"", "", ">"],
                true,
            ),
            (
                "blank line, comment, stylesheet",
                &[
                    "",
                    "<?xml version=\"1.0\"?>",
                    "<!-- generated",
                    "by hand -->",
                    "<?xml-stylesheet href=\"a.xsl\"?>",
                    "<rss>",
                ],
                true,
            ),
            (
                "rss 1.0",
                &[
                    "<?xml version=\"1.0\"?>",
                    "<rdf:RDF",
                    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"",
                    "xmlns=\"http://purl.org/rss/1.0/\">",
                ],
                true,
            ),
            (
                "atom",
                &[
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                ],
                true,
            ),
            (
                "atom with a prefix",
                &["<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">"],
                true,
            ),
            (
                "atom entry document",
                &["<entry xmlns=\"http://www.w3.org/2005/Atom\">"],
                true,
            ),
            (
                "atom 0.3",
                &["<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"],
                true,
            ),
            (
                "a doctype with an internal subset",
                &["<!DOCTYPE rss [ <!ENTITY x \"y>\"> ]>", "<rss>"],
                true,
            ),
            (
                "rdf without rss 1.0",
                &[
                    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
                    "<rdf:Description/>",
                ],
                false,
            ),
            (
                "feed in another namespace",
                &["<feed xmlns=\"http://example.com/products\">", "<entry>"],
                false,
            ),
            ("feed without entries", &["<feed>", "<product>"], false),
            ("rss element name prefix", &["<rssfeed>"], false),
            ("prefixed rss", &["<x:rss>"], false),
            (
                "nitf",
                &[
                    "<?xml version=\"1.0\"?>",
                    "<!DOCTYPE nitf SYSTEM \"nitf.dtd\">",
                    "<nitf>",
                ],
                false,
            ),
            (
                "newsml",
                &[
                    "<?xml version=\"1.0\"?>",
                    "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
                    "<!-- see http://www.w3.org/2005/Atom -->",
                ],
                false,
            ),
            (
                "xhtml page linking its feed",
                &[
                    "<!DOCTYPE html>",
                    "<html>",
                    "<link rel=\"alternate\" type=\"application/rss+xml\">",
                    "<rss>",
                ],
                false,
            ),
            (
                "reuters sgml",
                &[
                    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">",
                    "<REUTERS TOPICS=\"YES\">",
                ],
                false,
            ),
            (
                "unclosed declaration",
                &["<?xml version=\"1.0\"", "<rss>"],
                false,
            ),
            ("json", &["{\"title\": \"<rss>\"}"], false),
            ("prose", &["RSS feeds", "", "<rss> is a tag."], false),
            ("empty", &[], false),
        ];
        for (name, window, want) in cases {
            let want = if *want { Score::CERTAIN } else { Score::NO };
            assert_eq!(sniff(window), want, "case: {name}");
        }
        // Atom without its namespace: likely, not certain.
        assert_eq!(
            sniff(&["<feed>", "<title>T</title>", "<entry>"]),
            Score::LIKELY
        );
    }

    fn text(text: &str, html: bool) -> Option<Text> {
        Some(Text {
            text: text.into(),
            html,
        })
    }

    #[test]
    fn entries_become_records() {
        let full = Entry {
            title: text("  A &amp; B\n headline ", false),
            id: Some(" guid-1 ".into()),
            link: Some("https://example.com/a".into()),
            about: None,
            published: Some("Sat, 06 Feb 2021 23:01:00 +0000".into()),
            updated: Some("2021-02-07T00:00:00Z".into()),
            content: text(
                "<p>Full</p><figure><img src=a.jpg><figcaption>A cap</figcaption></figure><p>text</p>",
                true,
            ),
            summary: text("Short", false),
            author: Some(" Jane  Smith ".into()),
            section: Some("World".into()),
            language: Some("en-gb".into()),
        };
        let r = full.clone().record(3, 40).unwrap();
        assert_eq!(r.headline, "A &amp; B headline");
        assert_eq!(r.paragraphs, ["Full", "text"]);
        assert_eq!(r.captions, ["A cap"]);
        assert_eq!(r.stated.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(r.stated.author.as_deref(), Some("Jane Smith"));
        assert_eq!(r.stated.section.as_deref(), Some("World"));
        assert_eq!(r.stated.language.as_deref(), Some("en-gb"));
        assert_eq!((r.line, r.offset), (3, 40));
        assert_eq!(r.stated.id.as_deref(), Some("guid-1"));
        assert_eq!(
            r.stated.date.as_deref(),
            Some("Sat, 06 Feb 2021 23:01:00 +0000")
        );

        // Fallbacks: the link for the id, updated for the date, the
        // summary when the content has no text.
        let sparse = Entry {
            id: Some("  ".into()),
            published: None,
            content: text("<p> </p><img src=x>", true),
            summary: text("Line one\nline two\n\nSecond", false),
            ..full.clone()
        };
        let r = sparse.record(1, 0).unwrap();
        assert_eq!(r.stated.id.as_deref(), Some("https://example.com/a"));
        assert_eq!(r.stated.date.as_deref(), Some("2021-02-07T00:00:00Z"));
        assert_eq!(r.paragraphs, ["Line one\nline two", "Second"]);

        let about = Entry {
            id: None,
            link: None,
            about: Some("urn:x".into()),
            ..full.clone()
        };
        assert_eq!(
            about.record(1, 0).unwrap().stated.id.as_deref(),
            Some("urn:x")
        );

        let html_title = Entry {
            title: text("<b>Big</b> &amp; bold", true),
            ..full.clone()
        };
        assert_eq!(html_title.record(1, 0).unwrap().headline, "Big & bold");

        let empty = Entry {
            title: text(" ", false),
            content: None,
            summary: text("<br>", true),
            ..full
        };
        assert!(empty.record(1, 0).is_err());
    }
}
