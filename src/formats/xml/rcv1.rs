//! Reuters Corpus Volume 1 (RCV1, 1996-97): one `<newsitem>` per story,
//! as the corpus's daily archives hold them (one file each; many in one
//! file are read too), in the layout of the corpus's DTD as Lewis et al.
//! (2004, JMLR 5, appendix) describe it.
//!
//! ```text
//! <newsitem itemid="2330" id="root" date="1996-08-20" xml:lang="en">
//! <title>USA: Tylan stock jumps; weighs sale of company.</title>
//! <headline>Tylan stock jumps; weighs sale of company.</headline>
//! <byline>Jane Smith</byline>
//! <dateline>SAN DIEGO</dateline>
//! <text><p>The stock of Tylan General Inc. jumped Tuesday ...</p> ...</text>
//! <copyright>(c) Reuters Limited 1996</copyright>
//! <metadata>
//! <codes class="bip:countries:1.0"><code code="USA"><editdetail .../></code></codes>
//! <codes class="bip:topics:1.0"><code code="C15">...</code></codes>
//! <dc element="dc.date.published" value="1996-08-20"/>
//! <dc element="dc.creator.location" value="SAN DIEGO"/> ...
//! </metadata>
//! </newsitem>
//! ```
//!
//! Mapped to a `RawRecord`: `itemid` is the id; `headline` the headline
//! (else the `title`, which is the headline after a country slug); the
//! date as stated by the `date` attribute, else `dc.date.published`;
//! `byline` the author; `xml:lang` the language; `dateline` is marked as
//! the dateline, and `dc.creator.location` is the stated place when there
//! is no dateline; the country codes (`bip:countries`) are place tags, as
//! written (Reuters' own codes: `USA`, `UK`, `GFR`); the paragraphs of
//! `text` the body. Topic and industry codes have no field to go to.

use std::io::BufRead;

use super::{root, tree, Element, ItemParser, Items, Piece};
use crate::formats::{Head, Parse, Queue, RawRecord, Score, Spec, Stated};
use crate::read::LineReader;

/// The registry's entry for RCV1.
pub const FORMAT: Spec = Spec {
    name: "rcv1",
    sniff,
    extensions: &[],
    open: |lines, _options| Box::new(parser(lines).records()),
    news_copy: true,
};

/// How sure the head of a dump is RCV1: its document element is
/// `<newsitem>` (lower case: NewsML 1's `NewsItem` and NewsML-G2's
/// `newsItem` are other formats).
fn sniff(head: &Head) -> Score {
    Score::when(
        root(head).is_some_and(|r| r.local == "newsitem"),
        Score::CERTAIN,
    )
}

/// The parser of an RCV1 dump.
pub fn parser<R: BufRead>(lines: &mut LineReader<R>) -> impl Parse + '_ {
    ItemParser::new(lines, "newsitem", Rcv1Items)
}

struct Rcv1Items;

impl Items for Rcv1Items {
    fn build(&mut self, piece: Piece, queue: &mut Queue) {
        let item = match tree(&piece.text) {
            Ok(item) => item,
            Err(reason) => {
                queue.warn(piece.line, format!("RCV1 newsitem: {reason}; skipped"));
                return;
            }
        };
        let (headline, paragraphs, stated) = read(&item);
        queue.record_unless_empty(
            "RCV1 newsitem",
            RawRecord {
                headline,
                captions: Vec::new(),
                paragraphs,
                line: piece.line,
                offset: piece.offset,
                stated,
            },
        );
    }
}

fn read(item: &Element) -> (String, Vec<String>, Stated) {
    let line = |name: &str| {
        item.child(name)
            .map(Element::line)
            .filter(|v| !v.is_empty())
    };
    let metadata = item.child("metadata");
    let dc = |name: &str| {
        metadata
            .into_iter()
            .flat_map(|m| m.all("dc"))
            .find(|d| d.attribute("element") == Some(name))
            .and_then(|d| d.attribute_line("value"))
    };
    let headline = line("headline")
        .or_else(|| line("title"))
        .unwrap_or_default();
    let paragraphs = item
        .child("text")
        .map(|t| t.paragraphs(&[]))
        .unwrap_or_default();
    let mut places: Vec<String> = Vec::new();
    for codes in metadata.into_iter().flat_map(|m| m.all("codes")) {
        let countries = codes
            .attribute("class")
            .is_some_and(|c| c.starts_with("bip:countries"));
        if !countries {
            continue;
        }
        for code in codes.all("code") {
            if let Some(code) = code.attribute_line("code") {
                if !places.contains(&code) {
                    places.push(code);
                }
            }
        }
    }
    let dateline = line("dateline");
    let place = match dateline {
        Some(_) => None,
        None => dc("dc.creator.location"),
    };
    let stated = Stated {
        id: item.attribute_line("itemid"),
        date: item
            .attribute_line("date")
            .or_else(|| dc("dc.date.published")),
        dateline,
        place,
        places,
        author: line("byline"),
        language: item.attribute_line("lang"),
        ..Stated::default()
    };
    (headline, paragraphs, stated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::records_and_warnings;

    fn parse(text: &str) -> (Vec<RawRecord>, Vec<String>) {
        let mut lines = LineReader::new(text.as_bytes());
        records_and_warnings(parser(&mut lines))
    }

    #[test]
    fn sniffs_the_lower_case_newsitem() {
        let sniffed = |text: &str| crate::formats::sniff_text(sniff, text);
        assert_eq!(
            sniffed("<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n<newsitem itemid=\"1\">"),
            Score::CERTAIN
        );
        assert_eq!(sniffed("<newsItem guid=\"a\">"), Score::NO);
        assert_eq!(sniffed("<NewsItem>"), Score::NO);
        assert_eq!(sniffed("<p>a <newsitem> tag</p>"), Score::NO);
    }

    #[test]
    fn fields_and_fallbacks() {
        let text = "<newsitem itemid=\"7\" id=\"root\" xml:lang=\"en\">\n\
<title>UK: Title only.</title>\n<text>\n<p>One &amp; only.</p>\n</text>\n<metadata>\n\
<codes class=\"bip:countries:1.0\"><code code=\"UK\"/><code code=\"UK\"/><code code=\"FRA\"/></codes>\n\
<codes class=\"bip:topics:1.0\"><code code=\"C15\"/></codes>\n\
<dc element=\"dc.date.published\" value=\"1996-08-21\"/>\n\
<dc element=\"dc.creator.location\" value=\"LONDON\"/>\n</metadata>\n</newsitem>\n\
<newsitem itemid=\"8\"><metadata/></newsitem>\n";
        let (records, warnings) = parse(text);
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(r.headline, "UK: Title only.");
        assert_eq!(r.paragraphs, ["One & only."]);
        assert_eq!(r.stated.date.as_deref(), Some("1996-08-21"));
        assert_eq!(r.stated.place.as_deref(), Some("LONDON"));
        assert_eq!(r.stated.places, ["UK", "FRA"]);
        assert_eq!(r.stated.language.as_deref(), Some("en"));
        assert_eq!(
            warnings,
            ["line 13: RCV1 newsitem 8 has no headline or text; skipped"]
        );
    }
}
