//! English Gigaword and AQUAINT-2 (LDC): one record per `<DOC>` element,
//! its id and type as attributes.
//!
//! ```text
//! <DOC id="AFP_ENG_20090531.0001" type="story" >
//! <HEADLINE>
//! Rescuers search for survivors
//! </HEADLINE>
//! <DATELINE>
//! MANILA, May 31, 2009 (AFP)
//! </DATELINE>
//! <TEXT>
//! <P>
//! Rescuers ...
//! </P>
//! </TEXT>
//! </DOC>
//! <DOC id="AFP_ENG_20090531.0002" type="multi" >
//! ```
//!
//! Documents follow one another with no root element, and their text is not
//! XML: a bare `&` is common (`AT&T`). Every type is read: `story`, `multi`
//! (several short items, one per `<P>`), `advis` (advisories to editors),
//! `other`. Mapped to a `RawRecord`: the `id` attribute (the article id),
//! `HEADLINE` (often missing from `multi` and `advis` documents),
//! `DATELINE`, the `<P>` paragraphs of `TEXT` (a `TEXT` without `<P>` is
//! split at blank lines), and the date the id carries (`20090531`, as
//! `2009-05-31`). The splitting, markup and references are
//! `trec::sgml`'s: the two formats are one family, told apart by their
//! heads (a `<DOCNO>` is TREC's, `<DOC id=... type=...>` this one's).

use super::trec::sgml::{self, find_ignore_case, opens_doc, DocParser, Markup};
use super::{Head, Parse, RawRecord, Score, Spec, Stated};

/// The registry's entry for Gigaword / AQUAINT-2.
pub const FORMAT: Spec = Spec {
    name: "gigaword",
    sniff: |head: &Head| Score::when(looks_like(head.lines), Score::CERTAIN),
    extensions: &[],
    open: |lines, _options| Box::new(DocParser::new(lines, record).records()),
    news_copy: true,
};

/// True when `window` (trimmed lines from the start of a dump) opens a
/// `<DOC>` with `id` and `type` attributes, and holds no `<DOCNO>` (a TREC
/// file's mark).
pub fn looks_like(window: &[&str]) -> bool {
    let gigaword_doc = |line: &&str| {
        opens_doc(line)
            && find_ignore_case(line, " id=").is_some()
            && find_ignore_case(line, " type=").is_some()
    };
    window.iter().any(gigaword_doc)
        && !window
            .iter()
            .any(|line| find_ignore_case(line, "<DOCNO>").is_some())
}

/// The record-level elements: one left open ends where the next begins.
const FIELDS: &[&str] = &["DOC", "HEADLINE", "DATELINE", "TEXT", "KEYWORD"];

/// One `<DOC>`'s text as a `RawRecord`.
fn record(text: &str, line: u64, offset: u64) -> RawRecord {
    let markup = Markup::new(text, FIELDS);
    let id = markup.doc_attribute("id").filter(|id| !id.is_empty());
    let inline = |name: &str| {
        markup
            .first(name)
            .map(|e| markup.inline(&e, &[]))
            .filter(|t| !t.is_empty())
    };
    RawRecord {
        headline: inline("HEADLINE").unwrap_or_default(),
        captions: Vec::new(),
        paragraphs: markup
            .elements(&["TEXT"])
            .iter()
            .flat_map(|e| markup.paragraphs(e))
            .collect(),
        line,
        offset,
        stated: Stated {
            date: id.as_deref().and_then(sgml::eight_digit_date),
            id,
            dateline: inline("DATELINE"),
            place: None,
            places: Vec::new(),
            ..Stated::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::LineReader;

    fn records(text: &str) -> Vec<RawRecord> {
        let mut lines = LineReader::new(text.as_bytes());
        DocParser::new(&mut lines, record)
            .records()
            .filter_map(Result::ok)
            .collect()
    }

    #[test]
    fn documents_of_every_type() {
        let text = "<DOC id=\"XIN_ENG_19950101.0001\" type=\"story\" >\n<HEADLINE>\nTwo\nlines\n</HEADLINE>\n<DATELINE>\nBEIJING, January 1 (Xinhua)\n</DATELINE>\n<TEXT>\n<P>\nAT&T and S&P &amp; co.\n</P>\n<P>\nSecond.\n</P>\n</TEXT>\n</DOC>\n<DOC id=\"NYT_ENG_20010911.0002\" type=\"multi\" >\n<TEXT>\n<P>\nItem one.\n</P>\n<P>\nItem two.\n</P>\n</TEXT>\n</DOC>\n<DOC id=\"APW_ENG_20041001.0003\" type=\"advis\" >\n<TEXT>\nno paragraphs\nmarked here\n\nsecond\n</TEXT>\n</DOC>\n<DOC id=\"bad id\" type=\"other\" >\n<HEADLINE>H</HEADLINE>\n</DOC>\n";
        let got = records(text);
        // (id, headline, date, dateline, paragraphs)
        type Want = (
            &'static str,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            &'static [&'static str],
        );
        let want: &[Want] = &[
            (
                "XIN_ENG_19950101.0001",
                "Two lines",
                Some("1995-01-01"),
                Some("BEIJING, January 1 (Xinhua)"),
                &["AT&T and S&P & co.", "Second."],
            ),
            (
                "NYT_ENG_20010911.0002",
                "",
                Some("2001-09-11"),
                None,
                &["Item one.", "Item two."],
            ),
            (
                "APW_ENG_20041001.0003",
                "",
                Some("2004-10-01"),
                None,
                &["no paragraphs marked here", "second"],
            ),
            ("bad id", "H", None, None, &[]),
        ];
        assert_eq!(got.len(), want.len());
        for (r, &(id, headline, date, dateline, paragraphs)) in got.iter().zip(want) {
            assert_eq!(r.stated.id.as_deref(), Some(id));
            assert_eq!(r.headline, headline, "{id}");
            assert_eq!(r.stated.date.as_deref(), date, "{id}");
            assert_eq!(r.stated.dateline.as_deref(), dateline, "{id}");
            assert_eq!(r.paragraphs, paragraphs, "{id}");
        }
        let lines: Vec<u64> = got.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 18, 28, 36]);
    }

    #[test]
    fn sniffs_id_and_type() {
        assert!(looks_like(&[
            "<DOC id=\"AFP_ENG_20090531.0001\" type=\"story\" >"
        ]));
        assert!(looks_like(&["", "<doc ID=\"a\" TYPE=\"multi\">"]));
        assert!(!looks_like(&["<DOC id=\"doc2\">", "<TEXT>"]));
        assert!(!looks_like(&["<DOC>", "<DOCNO> APW19980601.0003 </DOCNO>"]));
        assert!(!looks_like(&[
            "<DOC id=\"a\" type=\"story\">",
            "<DOCNO> both </DOCNO>"
        ]));
        assert!(!looks_like(&["<DOCSTREAM id=\"a\" type=\"b\">"]));
    }
}
