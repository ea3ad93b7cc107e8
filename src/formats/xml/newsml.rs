//! NewsML-G2 (IPTC's news exchange format, namespace
//! `http://iptc.org/std/nar/2006-10-01/`): one article per text
//! `<newsItem>`, one item per file or many in a `<newsMessage>`.
//!
//! ```text
//! <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:..." xml:lang="en-US">
//!   <itemMeta><itemClass qcode="ninat:text"/><firstCreated>2016-10-18T13:12:21-05:00</firstCreated>
//!   </itemMeta>
//!   <contentMeta>
//!     <contentCreated>2016-10-18T11:12:00-05:00</contentCreated>
//!     <located qcode="geoloc:NYC"><name>New York, NY</name></located>
//!     <creator><name>Meredith Jameson</name></creator>
//!     <headline>Fed to halt QE to avert "bubble"</headline>
//!     <dateline>MOSCOW, Monday (Reuters)</dateline>
//!   </contentMeta>
//!   <contentSet>
//!     <inlineXML contenttype="application/nitf+xml"><nitf>...</nitf></inlineXML>
//!   </contentSet>
//! </newsItem>
//! ```
//!
//! Mapped to a `RawRecord`: the `guid` is the id; the headline is
//! `contentMeta/headline` (else the NITF body's `hl1`); the date as stated
//! by `itemMeta/firstCreated` (when the item was first issued), else
//! `contentMeta/contentCreated` (`versionCreated`, the latest revision's
//! time, never); `contentMeta/dateline` is marked as the dateline, and
//! `located`'s name (else the city or country its qcode names) is the
//! stated place; the author is `contentMeta/by`, else the NITF byline,
//! else the first `creator`'s name; the language `xml:lang`, else
//! `contentMeta/language/@tag`. The body is the first `inlineXML` that
//! reads as text: NITF (by its content type or its `<nitf>` element, read
//! as [`super::nitf`] reads it), XHTML, or untyped markup (its
//! paragraphs), or an `inlineData` of `text/plain` (blank lines apart);
//! SportsML, event lists and other data carry no story.
//!
//! Items that hold no article by design are said of, not warned about:
//! a news item of another class (`ninat:picture`, `video`, `audio`,
//! `graphic`, `composite`) is skipped by its kind, and a document of
//! another item (`packageItem`, `conceptItem`, `knowledgeItem`,
//! `planningItem`, `catalogItem`) or a news message without a news item is
//! one note. A text item with neither headline nor text is skipped with a
//! warning.

use std::io::BufRead;

use super::{nitf, root, tree, Element, ItemParser, Items, Piece, Root};
use crate::formats::{blank_line_paragraphs, Head, Parse, Queue, RawRecord, Score, Spec, Stated};
use crate::read::LineReader;

/// The registry's entry for NewsML-G2.
pub const FORMAT: Spec = Spec {
    name: "newsml",
    sniff,
    extensions: &[],
    open: |lines, _options| Box::new(parser(lines).records()),
    news_copy: true,
};

/// NewsML-G2's namespace (the "NewsML Architecture" of 2006).
const NAMESPACE: &str = "http://iptc.org/std/nar/2006-10-01/";

/// Document elements of NewsML-G2, and what each holds, by the kind the
/// summary counts a document without a news item as.
const DOCUMENTS: &[(&str, &str)] = &[
    ("newsItem", "news item"),
    ("newsMessage", "message"),
    ("packageItem", "package"),
    ("conceptItem", "concept"),
    ("knowledgeItem", "knowledge"),
    ("planningItem", "planning"),
    ("catalogItem", "catalog"),
];

/// Whether a document element is NewsML-G2's: it declares the namespace,
/// or is named as one of its items is.
pub(crate) fn is_root(root: &Root) -> bool {
    root.tag.contains(NAMESPACE) || DOCUMENTS.iter().any(|(name, _)| root.local == *name)
}

/// How sure the head of a dump is NewsML-G2: its document element is.
fn sniff(head: &Head) -> Score {
    Score::when(root(head).is_some_and(|r| is_root(&r)), Score::CERTAIN)
}

/// The parser of a NewsML-G2 dump.
pub fn parser<R: BufRead>(lines: &mut LineReader<R>) -> impl Parse + '_ {
    // The document element, to say what a dump without a news item is.
    let mut window = Vec::new();
    for n in 0..200 {
        match lines.peek(n) {
            Ok(Some(line)) => window.push(line.text.trim().to_string()),
            _ => break,
        }
    }
    let refs: Vec<&str> = window.iter().map(String::as_str).collect();
    let document = root(&Head::new(&refs, &[], None)).map(|r| r.local);
    ItemParser::new(lines, "newsItem", NewsmlItems { document, items: 0 })
}

struct NewsmlItems {
    /// The dump's document element.
    document: Option<String>,
    /// News items seen.
    items: u64,
}

impl Items for NewsmlItems {
    fn build(&mut self, piece: Piece, queue: &mut Queue) {
        self.items += 1;
        let item = match tree(&piece.text) {
            Ok(item) => item,
            Err(reason) => {
                queue.warn(
                    piece.line,
                    format!("NewsML-G2 news item: {reason}; skipped"),
                );
                return;
            }
        };
        let guid = item.attribute_line("guid");
        let named = guid.as_deref().map(|g| format!(" {g}")).unwrap_or_default();
        let class = item
            .path(&["itemMeta", "itemClass"])
            .and_then(|c| c.attribute("qcode"))
            .map(|q| q.rsplit(':').next().unwrap_or(q).trim().to_string());
        if let Some(class) = class.filter(|c| !c.is_empty() && c != "text") {
            let kind = match class.as_str() {
                "picture" => "picture",
                "video" => "video",
                "audio" => "audio",
                "graphic" => "graphic",
                "composite" => "composite",
                _ => "media",
            };
            queue.skip(
                piece.line,
                kind,
                format!("NewsML-G2 {class} item{named}: no story in it"),
            );
            return;
        }
        let (headline, captions, paragraphs, stated) = read(&item, guid);
        queue.record_unless_empty(
            "NewsML-G2 news item",
            RawRecord {
                headline,
                captions,
                paragraphs,
                line: piece.line,
                offset: piece.offset,
                stated,
            },
        );
    }

    fn end(&mut self, queue: &mut Queue) {
        if self.items > 0 {
            return;
        }
        let Some(document) = &self.document else {
            return;
        };
        if let Some((name, kind)) = DOCUMENTS.iter().find(|(name, _)| name == document) {
            queue.skip(
                1,
                kind,
                format!("a NewsML-G2 {name} without a news item: no article in it"),
            );
        }
    }
}

/// A text news item's headline, captions, paragraphs and stated fields.
fn read(item: &Element, id: Option<String>) -> (String, Vec<String>, Vec<String>, Stated) {
    let meta = item.child("contentMeta");
    let meta_line = |name: &str| {
        meta.and_then(|m| m.child(name))
            .map(Element::line)
            .filter(|v| !v.is_empty())
    };
    let body = item.child("contentSet").map(content).unwrap_or_default();
    let nitf = body.nitf.as_ref();

    let headline = meta_line("headline")
        .or_else(|| nitf.map(|n| n.headline.clone()).filter(|h| !h.is_empty()))
        .unwrap_or_default();
    let date = item
        .path(&["itemMeta", "firstCreated"])
        .or_else(|| meta.and_then(|m| m.child("contentCreated")))
        .map(Element::line)
        .filter(|d| !d.is_empty());
    let place = meta.and_then(|m| m.child("located")).and_then(located);
    let author = meta_line("by")
        .or_else(|| nitf.and_then(|n| n.stated.author.clone()))
        .or_else(|| {
            meta.into_iter()
                .flat_map(|m| m.all("creator"))
                .find_map(|c| c.child("name").map(Element::line))
                .filter(|a| !a.is_empty())
        });
    let language = item.attribute_line("lang").or_else(|| {
        meta.and_then(|m| m.child("language"))
            .and_then(|l| l.attribute_line("tag"))
    });
    let stated = Stated {
        id,
        date,
        dateline: meta_line("dateline"),
        place,
        author,
        language,
        ..Stated::default()
    };
    let captions = nitf.map(|n| n.captions.clone()).unwrap_or_default();
    (headline, captions, body.paragraphs, stated)
}

/// The place a `located` names: its name, else the city, region or
/// country its qcode names in so many words (`city:Philadelphia`; a code
/// such as `geoloc:NYC` is no name).
fn located(located: &Element) -> Option<String> {
    if let Some(name) = located.child("name").map(Element::line) {
        if !name.is_empty() {
            return Some(name);
        }
    }
    let qcode = located.attribute("qcode")?;
    let (scheme, code) = qcode.split_once(':')?;
    let named = matches!(scheme, "city" | "cntry" | "country" | "reg" | "region")
        && code.len() > 3
        && code
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-');
    named.then(|| code.to_string())
}

/// What a `contentSet` carries as text.
#[derive(Default)]
struct Content {
    paragraphs: Vec<String>,
    nitf: Option<nitf::Nitf>,
}

/// The first rendition of a `contentSet` that reads as text.
fn content(set: &Element) -> Content {
    for rendition in set.elements() {
        let kind = rendition
            .attribute("contenttype")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let got = match rendition.name.as_str() {
            "inlineXML" => {
                let inner = rendition.find("nitf");
                if kind.contains("nitf") || (kind.is_empty() && inner.is_some()) {
                    inner.map(|n| {
                        let read = nitf::read(n);
                        Content {
                            paragraphs: read.paragraphs.clone(),
                            nitf: Some(read),
                        }
                    })
                } else if kind.contains("html") || kind.is_empty() {
                    let body = rendition.find("body").unwrap_or(rendition);
                    Some(Content {
                        paragraphs: body.paragraphs(&["head", "script", "style"]),
                        nitf: None,
                    })
                } else {
                    None
                }
            }
            "inlineData" if kind.is_empty() || kind.starts_with("text/plain") => {
                let text = rendition.text();
                Some(Content {
                    paragraphs: blank_line_paragraphs(text.lines().map(str::trim)),
                    nitf: None,
                })
            }
            _ => None,
        };
        if let Some(got) = got {
            if !got.paragraphs.is_empty() || got.nitf.is_some() {
                return got;
            }
        }
    }
    Content::default()
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
    fn sniffs_the_document_element() {
        let cases = [
            (
                "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
                Score::CERTAIN,
            ),
            (
                "<?xml version=\"1.0\"?>\n<nar:newsMessage\n>",
                Score::CERTAIN,
            ),
            (
                "<x:knowledgeItem xmlns:x=\"http://iptc.org/std/nar/2006-10-01/\">",
                Score::CERTAIN,
            ),
            ("<contentMeta>\n<headline>", Score::NO),
            ("<newsitem itemid=\"1\">", Score::NO),
            ("<NewsML><NewsItem>", Score::NO),
            ("<rss><channel><newsItem>", Score::NO),
        ];
        for (text, want) in cases {
            assert_eq!(sniffed(text), want, "{text}");
        }
    }

    #[test]
    fn a_message_of_items_of_each_kind() {
        let text = "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><itemSet>\n\
<newsItem guid=\"a\" xml:lang=\"fr\"><itemMeta><itemClass qcode=\"ninat:text\"/>\
<versionCreated>2020-01-02T00:00:00Z</versionCreated></itemMeta>\
<contentMeta><contentCreated>2020-01-01T10:00:00Z</contentCreated>\
<located qcode=\"city:Philadelphia\"/><by>By Jean Dupont</by>\
<headline>Un titre</headline><dateline>PARIS, 1er janvier</dateline></contentMeta>\
<contentSet><inlineXML contenttype=\"application/sportsml+xml\"><sports-content/></inlineXML>\
<inlineData contenttype=\"text/plain\">Premier.\n\nSecond.</inlineData></contentSet></newsItem>\n\
<newsItem guid=\"b\"><itemMeta><itemClass qcode=\"ninat:picture\"/></itemMeta></newsItem>\n\
<packageItem guid=\"c\"/>\n\
<newsItem guid=\"d\"><contentMeta><located qcode=\"geoloc:NYC\"/></contentMeta>\
<contentSet><inlineXML contenttype=\"application/xhtml+xml\"><html><head><title>T</title></head>\
<body><h1>Head</h1><p>Text.</p></body></html></inlineXML></contentSet></newsItem>\n\
<newsItem guid=\"e\"><itemMeta><itemClass qcode=\"ninat:text\"/></itemMeta></newsItem>\n\
</itemSet></newsMessage>\n";
        let (records, warnings) = parse(text);
        assert_eq!(records.len(), 2, "{records:?}");
        let a = &records[0];
        assert_eq!(a.headline, "Un titre");
        assert_eq!(a.paragraphs, ["Premier.", "Second."]);
        assert_eq!(a.stated.id.as_deref(), Some("a"));
        assert_eq!(a.stated.date.as_deref(), Some("2020-01-01T10:00:00Z"));
        assert_eq!(a.stated.place.as_deref(), Some("Philadelphia"));
        assert_eq!(a.stated.author.as_deref(), Some("By Jean Dupont"));
        assert_eq!(a.stated.language.as_deref(), Some("fr"));
        assert_eq!(a.stated.dateline.as_deref(), Some("PARIS, 1er janvier"));
        assert_eq!(a.line, 2);
        let d = &records[1];
        assert_eq!(d.headline, "");
        assert_eq!(d.paragraphs, ["Head", "Text."]);
        assert_eq!(d.stated.place, None);
        assert_eq!(
            warnings,
            [
                "line 5: NewsML-G2 picture item b: no story in it",
                "line 8: NewsML-G2 news item e has no headline or text; skipped",
            ]
        );
    }

    #[test]
    fn a_document_without_news_items_is_one_note() {
        let (records, warnings) = parse(
            "<?xml version=\"1.0\"?>\n<conceptItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n</conceptItem>\n",
        );
        assert!(records.is_empty());
        assert_eq!(
            warnings,
            ["line 1: a NewsML-G2 conceptItem without a news item: no article in it"]
        );
    }
}
