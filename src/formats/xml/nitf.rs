//! NITF (IPTC's News Industry Text Format), as the New York Times
//! Annotated Corpus writes it: one `<nitf>` document per article, one or
//! many per file.
//!
//! ```text
//! <!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.3/specification/dtd/nitf-3-3.dtd">
//! <nitf version="-//IPTC//DTD NITF 3.3//EN">
//!   <head>
//!     <title>Article Title</title>
//!     <meta name="publication_day_of_month" content="1"/> (and _month, _year)
//!     <meta name="dsk" content="Foreign Desk"/>
//!     <meta name="online_sections" content="World"/>
//!     <docdata><doc-id id-string="12345678"/>
//!       <identified-content><location class="indexing_service">Iraq</location>...
//!     </docdata>
//!     <pubdata date.publication="20070201T000000" ex-ref="http://query.nytimes.com/..."/>
//!   </head>
//!   <body><body.head>
//!     <hedline><hl1>Article Title</hl1></hedline>
//!     <byline class="print_byline">By Some One</byline>
//!     <dateline>BAGHDAD, Iraq, Jan. 31</dateline>
//!     <abstract><p>Article abstract.</p></abstract>
//!   </body.head><body.content>
//!     <block class="lead_paragraph"><p>First paragraph.</p></block>
//!     <block class="full_text"><p>First paragraph.</p><p>Second paragraph.</p></block>
//!   </body.content></body>
//! </nitf>
//! ```
//!
//! Mapped to a `RawRecord`: `doc-id/@id-string` is the id; the headline is
//! `hl1` (else `head/title`); the date as stated by `pubdata`'s
//! `date.publication` (ISO 8601's basic form, given here its dashes), else
//! the corpus's `publication_year`/`_month`/`_day_of_month` metas, else
//! `date.issue/@norm`; the body is the `full_text` block alone, as Anserini
//! reads it (the corpus repeats the lead paragraph there, and older
//! articles open it with "LEAD: " and the lead again: that copy is
//! dropped), else what `body.content` holds besides the lead block, else
//! the lead, else the abstract. The print byline (else the first byline
//! that is not the corpus's "Last, First" `normalized_byline`, its `byttl`
//! title left out) is the author; the online sections, else the desk, else
//! `pubdata/@position.section`, the section; `alternate_url`, else
//! `pubdata/@ex-ref`, the url; `xml:lang`, the language; a `media`
//! element's `media-caption` is a caption (its `media-producer` the
//! credit), never body text. The `dateline`
//! is marked as one; the `location` classifiers are place tags, and the
//! first is the stated place when there is no dateline to tell it.
//!
//! The DTD is never fetched (nothing is); a `<nitf>` inside a NewsML-G2
//! item is read by [`super::newsml`], with these same rules.

use std::io::BufRead;

use super::{tree, Element, ItemParser, Items, Piece};
use crate::formats::{Head, Parse, Queue, RawRecord, Score, Spec, Stated};
use crate::read::LineReader;

/// The registry's entry for NITF.
pub const FORMAT: Spec = Spec {
    name: "nitf",
    sniff,
    extensions: &[],
    open: |lines, _options| Box::new(parser(lines).records()),
    news_copy: true,
};

/// How sure the head of a dump is NITF: its document element is `<nitf>`,
/// or its DOCTYPE says NITF. An `<nitf>` inside another document element
/// is likely NITF carried in a fragment; inside a NewsML-G2 item it is
/// that format's.
fn sniff(head: &Head) -> Score {
    let Some(root) = super::root(head) else {
        return Score::NO;
    };
    let doctype = root
        .doctype
        .as_deref()
        .is_some_and(|d| d.split_whitespace().nth(1) == Some("nitf"));
    if root.local == "nitf" || doctype {
        return Score::CERTAIN;
    }
    if super::newsml::is_root(&root) || root.local == "newsitem" {
        return Score::NO;
    }
    let inside = head
        .lines
        .iter()
        .any(|line| line.contains("nitf") && super::find_start(line, "nitf").is_some());
    Score::when(inside, Score::LIKELY)
}

/// The parser of an NITF dump.
pub fn parser<R: BufRead>(lines: &mut LineReader<R>) -> impl Parse + '_ {
    ItemParser::new(lines, "nitf", NitfItems)
}

struct NitfItems;

impl Items for NitfItems {
    fn build(&mut self, piece: Piece, queue: &mut Queue) {
        let root = match tree(&piece.text) {
            Ok(root) => root,
            Err(reason) => {
                queue.warn(piece.line, format!("NITF document: {reason}; skipped"));
                return;
            }
        };
        let nitf = read(&root);
        queue.record_unless_empty(
            "NITF document",
            RawRecord {
                headline: nitf.headline,
                captions: nitf.captions,
                paragraphs: nitf.paragraphs,
                line: piece.line,
                offset: piece.offset,
                stated: nitf.stated,
            },
        );
    }
}

/// What an `<nitf>` element says.
pub(crate) struct Nitf {
    pub(crate) headline: String,
    /// The captions of its `media`, each with its producer as the credit.
    pub(crate) captions: Vec<String>,
    pub(crate) paragraphs: Vec<String>,
    pub(crate) stated: Stated,
}

/// Reads an `<nitf>` element (see the module doc for the rules).
pub(crate) fn read(nitf: &Element) -> Nitf {
    let head = nitf.child("head");
    let body = nitf.child("body");
    let body_head = body.and_then(|b| b.child("body.head"));
    let meta = |name: &str| {
        head.into_iter()
            .flat_map(|h| h.all("meta"))
            .find(|m| m.attribute("name") == Some(name))
            .and_then(|m| m.attribute_line("content"))
    };
    let pubdata = head.and_then(|h| h.child("pubdata"));
    let docdata = head.and_then(|h| h.child("docdata"));

    let headline = body_head
        .and_then(|b| b.path(&["hedline", "hl1"]))
        .map(Element::line)
        .filter(|h| !h.is_empty())
        .or_else(|| head.and_then(|h| h.child("title")).map(Element::line))
        .unwrap_or_default();

    let date = pubdata
        .and_then(|p| p.attribute_line("date.publication"))
        .or_else(|| {
            let (y, m, d) = (
                meta("publication_year")?,
                meta("publication_month")?,
                meta("publication_day_of_month")?,
            );
            Some(format!("{y}-{m:0>2}-{d:0>2}"))
        })
        .or_else(|| {
            docdata
                .and_then(|d| d.child("date.issue"))
                .and_then(|d| d.attribute_line("norm"))
        })
        .map(|d| dashed(&d));

    let bylines: Vec<&Element> = body_head
        .map(|b| b.all("byline").collect())
        .unwrap_or_default();
    let author = bylines
        .iter()
        .find(|b| b.attribute("class") == Some("print_byline"))
        .or_else(|| {
            bylines
                .iter()
                .find(|b| b.attribute("class") != Some("normalized_byline"))
        })
        .map(|b| {
            let without_title = b.line_without(&["byttl"]);
            let plain = without_title.trim_matches(|c: char| c == ',' || c.is_whitespace());
            if plain.is_empty() {
                b.line()
            } else {
                plain.to_string()
            }
        })
        .filter(|a| !a.is_empty());

    let section = meta("online_sections")
        .or_else(|| meta("dsk"))
        .or_else(|| pubdata.and_then(|p| p.attribute_line("position.section")));
    let url = meta("alternate_url").or_else(|| pubdata.and_then(|p| p.attribute_line("ex-ref")));
    let language = nitf
        .attribute_line("lang")
        .or_else(|| body.and_then(|b| b.attribute_line("lang")));
    let dateline = body_head
        .and_then(|b| b.child("dateline"))
        .map(Element::line)
        .filter(|d| !d.is_empty());

    let mut places: Vec<String> = Vec::new();
    if let Some(content) = docdata.and_then(|d| d.child("identified-content")) {
        for location in content.all("location") {
            let name = location.line();
            if !name.is_empty() && !places.iter().any(|p| p.eq_ignore_ascii_case(&name)) {
                places.push(name);
            }
        }
    }
    let place = match dateline {
        Some(_) => None,
        None => places.first().cloned(),
    };

    let id = docdata
        .and_then(|d| d.child("doc-id"))
        .and_then(|d| d.attribute_line("id-string"));

    let paragraphs = body
        .map(|b| body_paragraphs(b, body_head))
        .unwrap_or_default();

    let captions = body.map(media_captions).unwrap_or_default();

    Nitf {
        headline,
        captions,
        paragraphs,
        stated: Stated {
            id,
            date,
            dateline,
            place,
            places,
            url,
            author,
            section,
            language,
            crawled: None,
        },
    }
}

/// The story of an NITF `<body>`: the `full_text` block, else what
/// `body.content` holds besides the lead block, else the lead block, else
/// the abstract.
fn body_paragraphs(body: &Element, body_head: Option<&Element>) -> Vec<String> {
    let Some(content) = body.child("body.content") else {
        return abstract_of(body_head);
    };
    let mut blocks = Vec::new();
    content.find_all("block", &mut blocks);
    let class = |b: &&Element, name: &str| b.attribute("class") == Some(name);
    if let Some(full) = blocks.iter().find(|b| class(b, "full_text")) {
        let paragraphs = without_lead_copy(full.paragraphs(&["media"]));
        if !paragraphs.is_empty() {
            return paragraphs;
        }
    }
    let rest = content.paragraphs_where(&|e| {
        e.name != "media" && !(e.name == "block" && e.attribute("class") == Some("lead_paragraph"))
    });
    if !rest.is_empty() {
        return rest;
    }
    let lead: Vec<String> = blocks
        .iter()
        .filter(|b| class(b, "lead_paragraph"))
        .flat_map(|b| b.paragraphs(&["media"]))
        .collect();
    if !lead.is_empty() {
        return lead;
    }
    abstract_of(body_head)
}

/// The captions of the `media` in a body: "caption (producer)", as
/// `extract` reads a credit.
fn media_captions(body: &Element) -> Vec<String> {
    let mut media = Vec::new();
    body.find_all("media", &mut media);
    media
        .iter()
        .filter_map(|m| {
            let caption = m.child("media-caption")?.line();
            if caption.is_empty() {
                return None;
            }
            let producer = m.child("media-producer").map(Element::line);
            Some(match producer.filter(|p| !p.is_empty()) {
                Some(producer) => format!("{caption} ({producer})"),
                None => caption,
            })
        })
        .collect()
}

fn abstract_of(body_head: Option<&Element>) -> Vec<String> {
    body_head
        .and_then(|b| b.child("abstract"))
        .map(|a| a.paragraphs(&[]))
        .unwrap_or_default()
}

/// The full text without the corpus's copy of the lead: older articles
/// open it "LEAD: <first paragraph>" and then give that paragraph again.
/// A "LEAD: " opening without the copy loses only its label.
fn without_lead_copy(mut paragraphs: Vec<String>) -> Vec<String> {
    let Some(first) = paragraphs.first() else {
        return paragraphs;
    };
    let Some(lead) = first.strip_prefix("LEAD:").map(str::trim) else {
        return paragraphs;
    };
    if paragraphs.get(1).is_some_and(|second| second == lead) || lead.is_empty() {
        paragraphs.remove(0);
    } else {
        paragraphs[0] = lead.to_string();
    }
    paragraphs
}

/// An ISO 8601 date in its basic form ("20070201T000000", "20070201") with
/// the dashes `extract` reads ("2007-02-01T000000"); any other form as
/// written.
fn dashed(date: &str) -> String {
    let digits = date.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &date[digits..];
    if digits == 8 && (rest.is_empty() || rest.starts_with('T')) {
        format!("{}-{}-{}{}", &date[..4], &date[4..6], &date[6..8], rest)
    } else {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::records_and_warnings;

    fn parse(text: &str) -> (Vec<RawRecord>, Vec<String>) {
        let mut lines = LineReader::new(text.as_bytes());
        records_and_warnings(parser(&mut lines))
    }

    fn sniffed(text: &str) -> Score {
        crate::formats::sniff_text(sniff, text)
    }

    #[test]
    fn basic_dates_get_their_dashes() {
        let cases = [
            ("20070201T000000", "2007-02-01T000000"),
            ("20070201", "2007-02-01"),
            ("2007-02-01", "2007-02-01"),
            ("200702", "200702"),
            ("June 10, 2005", "June 10, 2005"),
        ];
        for (date, want) in cases {
            assert_eq!(dashed(date), want, "{date}");
        }
    }

    #[test]
    fn the_copied_lead_is_dropped() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases = [
            (v(&["LEAD: One.", "One.", "Two."]), v(&["One.", "Two."])),
            (v(&["LEAD: One.", "Two."]), v(&["One.", "Two."])),
            (v(&["One.", "Two."]), v(&["One.", "Two."])),
            (v(&["LEAD:"]), v(&[])),
            (v(&[]), v(&[])),
        ];
        for (given, want) in cases {
            assert_eq!(without_lead_copy(given.clone()), want, "{given:?}");
        }
    }

    #[test]
    fn sniffs_the_document_element_and_the_doctype() {
        assert_eq!(sniffed("<?xml version='1.0'?>\n<nitf>"), Score::CERTAIN);
        assert_eq!(
            sniffed("<!DOCTYPE nitf SYSTEM \"nitf-3-3.dtd\">\n<nitf version=\"3.3\">"),
            Score::CERTAIN
        );
        assert_eq!(sniffed("<contentSet><inlineXML>\n<nitf>"), Score::LIKELY);
        assert_eq!(
            sniffed("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n<nitf>"),
            Score::NO
        );
        assert_eq!(sniffed("<rss><item>nitf</item>"), Score::NO);
        assert_eq!(sniffed("<nitf-table>"), Score::NO);
        assert_eq!(sniffed("NITF is a format"), Score::NO);
    }

    #[test]
    fn generic_nitf_bodies_and_bad_documents() {
        let text = "<nitf><head><title>Title only</title></head><body><body.head>\
<byline><person>Jane Roe</person>, <byttl>Staff</byttl></byline></body.head>\
<body.content><p>One.</p><block class=\"lead_paragraph\"><p>Lead.</p></block><p>Two.</p>\
<media media-type=\"image\"><media-reference source=\"a.jpg\"/><media-caption>A boat.</media-caption>\
<media-producer>AP Photo</media-producer></media>\
</body.content></body></nitf>\n\
<nitf><head><title>Broken<!-- comment never closed\n\
<nitf><body><body.head><abstract><p>Only an abstract.</p></abstract></body.head></body></nitf>\n\
<nitf><head><docdata><doc-id id-string=\"9\"/></docdata></head></nitf>\n";
        let (records, warnings) = parse(text);
        assert_eq!(records.len(), 2, "{records:?}");
        assert_eq!(records[0].headline, "Title only");
        assert_eq!(records[0].paragraphs, ["One.", "Two."]);
        assert_eq!(records[0].captions, ["A boat. (AP Photo)"]);
        assert_eq!(records[0].stated.author.as_deref(), Some("Jane Roe"));
        assert_eq!(records[0].line, 1);
        assert_eq!(records[1].paragraphs, ["Only an abstract."]);
        assert_eq!(records[1].line, 3);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings[0].starts_with("line 2: <nitf> not closed"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].starts_with("line 2: NITF document: XML error"),
            "{warnings:?}"
        );
        assert_eq!(
            warnings[2],
            "line 4: NITF document 9 has no headline or text; skipped"
        );
    }
}
