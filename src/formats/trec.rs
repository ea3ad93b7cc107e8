//! TREC SGML: one record per `<DOC>` element, as the TREC disks and the
//! research collections built like them lay out newswire (AP, Wall Street
//! Journal, Financial Times, LA Times, FBIS, San Jose Mercury, AQUAINT).
//!
//! ```text
//! <DOC>
//! <DOCNO> AP880212-0001 </DOCNO>
//! <FILEID>AP-NR-02-12-88 2344EST</FILEID>
//! <HEAD>Reports Former Saigon Officials Released from Re-education Camp</HEAD>
//! <DATELINE>BANGKOK, Thailand (AP) </DATELINE>
//! <TEXT>
//!    More than 150 former officers of the overthrown South Vietnamese
//! government have been released from a re-education camp ...
//!    The report from Hanoi, monitored in Bangkok, did not give ...
//! </TEXT>
//! </DOC>
//! ```
//!
//! Each collection names its fields its own way; this module maps them to
//! a `RawRecord`:
//! - id: the `DOCNO`, trimmed; without one, the `<DOC id="...">` attribute
//!   (the NTCIR variant);
//! - headline: the first non-empty of `HEADLINE` (FT, LA Times, AQUAINT),
//!   `HL` (WSJ: its `@` line marks become spaces, and the byline block
//!   after a `----` line is left out), `HEAD` (AP), `TI` (FBIS, inside
//!   `H3`), `H3`, `TITLE`, `TTL`; an `AU` or `BYLINE` inside it is not
//!   headline; the Financial Times' "FT  14 MAY 91 / " prefix is dropped;
//! - date, as written: `DATE`, `DD`, `DATE1` or `DATE_TIME`, whichever comes
//!   first; the collections' compact forms are spelled out as `YYYY-MM-DD`
//!   (`910514`: FT's year, month, day; `03/24/87`: the WSJ's month, day,
//!   year); without a date tag, the date a DOCNO encodes (`AP880212-0001`,
//!   `WSJ870324-0001`, `FR940104-0-00001` year first, `LA010189-0001` month
//!   first, AQUAINT's `NYT19980601.0001`; `FT911-1` and `FBIS3-1` encode
//!   none);
//! - dateline: `DATELINE`;
//! - paragraphs: the `LP` / `LEADPARA` lead and the `TEXT`, in document
//!   order (see `sgml::Markup::paragraphs`).
//!
//! Inline junk costs nothing: unknown tags (`<F P=102>`, `<T>`) and
//! comments are dropped, `&amp;` and `&AMP;` and the other references
//! decoded. Records stream a `<DOC>` at a time with a size cap (`sgml`).
//! Dates, datelines and places are `extract`'s to read.

pub(super) mod sgml;

use std::sync::LazyLock;

use regex::Regex;

use super::{Head, Parse, RawRecord, Score, Spec, Stated};
use sgml::{find_ignore_case, opens_doc, DocParser, Markup};

/// The registry's entry for TREC SGML.
pub const FORMAT: Spec = Spec {
    name: "trec",
    sniff: |head: &Head| Score::when(looks_like(head.lines), Score::CERTAIN),
    extensions: &[],
    open: |lines, _options| Box::new(DocParser::new(lines, record).records()),
    news_copy: true,
};

/// True when `window` (trimmed lines from the start of a dump) opens a
/// `<DOC>` record and holds a `<DOCNO>` tag.
pub fn looks_like(window: &[&str]) -> bool {
    window.iter().any(|line| opens_doc(line))
        && window
            .iter()
            .any(|line| find_ignore_case(line, "<DOCNO>").is_some())
}

/// The record-level elements of the collections: one left open ends where
/// the next begins.
const FIELDS: &[&str] = &[
    "DOC",
    "DOCNO",
    "DOCID",
    "FILEID",
    "FIRST",
    "SECOND",
    "HEAD",
    "HL",
    "HEADLINE",
    "BYLINE",
    "DATE",
    "DD",
    "DATE1",
    "DATE_TIME",
    "DATELINE",
    "TEXT",
    "LP",
    "LEADPARA",
];

/// Headline elements, the likeliest first.
const HEADLINES: &[&str] = &["HEADLINE", "HL", "HEAD", "TI", "H3", "TITLE", "TTL"];
/// Elements inside a headline that are not headline.
const NOT_HEADLINE: &[&str] = &["AU", "BYLINE"];

/// One `<DOC>`'s text as a `RawRecord`.
fn record(text: &str, line: u64, offset: u64) -> RawRecord {
    let markup = Markup::new(text, FIELDS);
    let docno = markup
        .first("DOCNO")
        .map(|e| markup.inline(&e, &[]))
        .filter(|id| !id.is_empty());
    let id = docno
        .clone()
        .or_else(|| markup.doc_attribute("id").filter(|id| !id.is_empty()));

    let headline = HEADLINES
        .iter()
        .find_map(|&name| {
            markup.elements(&[name]).iter().find_map(|e| {
                let text = markup.inline(e, NOT_HEADLINE);
                let text = if name == "HL" {
                    wsj_headline(&text)
                } else {
                    text
                };
                let text = strip_ft_prefix(&text).to_string();
                (!text.is_empty()).then_some(text)
            })
        })
        .unwrap_or_default();

    let date = markup
        .elements(&["DATE", "DD", "DATE1", "DATE_TIME"])
        .iter()
        .map(|e| markup.inline(e, &[]))
        .find(|d| !d.is_empty())
        .map(|d| spelled_out(&d).unwrap_or(d))
        .or_else(|| docno.as_deref().and_then(date_in_docno));
    let dateline = markup
        .first("DATELINE")
        .map(|e| markup.inline(&e, &[]))
        .filter(|d| !d.is_empty());
    let author = markup
        .elements(&["BYLINE", "AU"])
        .iter()
        .map(|e| markup.inline(e, &[]))
        .find(|a| !a.is_empty());
    let paragraphs = markup
        .elements(&["LP", "LEADPARA", "TEXT"])
        .iter()
        .flat_map(|e| markup.paragraphs(e))
        .collect();

    RawRecord {
        headline,
        captions: Vec::new(),
        paragraphs,
        line,
        offset,
        stated: Stated {
            id,
            date,
            dateline,
            place: None,
            places: Vec::new(),
            author,
            ..Stated::default()
        },
    }
}

/// A WSJ `HL`: `@` marks its line breaks; a line of dashes divides the
/// headline from the byline block under it ("Heard on the Street: @ ... @
/// ---- @ By John Smith").
fn wsj_headline(text: &str) -> String {
    let lines: Vec<&str> = text
        .split('@')
        .map(str::trim)
        .take_while(|part| part.is_empty() || !part.bytes().all(|b| b == b'-'))
        .filter(|part| !part.is_empty())
        .collect();
    lines.join(" ")
}

static FT_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^FT\s+\d{1,2} [A-Z]{3} \d{2} / ").expect("valid regex"));

/// A Financial Times headline without its "FT  14 MAY 91 / " prefix (the
/// paper and date, which the record's `DATE` says).
fn strip_ft_prefix(headline: &str) -> &str {
    match FT_PREFIX.find(headline) {
        Some(m) if m.end() < headline.len() => &headline[m.end()..],
        _ => headline,
    }
}

/// `YYYY-MM-DD` for a two-digit year: the collections are of the 1980s and
/// 1990s, and the pivot is `extract`'s for two-digit years (50 and up are
/// 19xx).
fn iso(yy: &str, mm: &str, dd: &str) -> Option<String> {
    let year: u32 = yy.parse().ok()?;
    let century = if year >= 50 { 1900 } else { 2000 };
    let (m, d): (u32, u32) = (mm.parse().ok()?, dd.parse().ok()?);
    Some(format!("{:04}-{m:02}-{d:02}", century + year))
}

/// A date tag's compact forms spelled out: `910514` (year, month, day: FT,
/// San Jose Mercury) and `03/24/87` or `3/24/1987` (month, day, year: the
/// WSJ's `DD` and `DATE`). `None` for any other form, which stays as
/// written.
fn spelled_out(date: &str) -> Option<String> {
    let date = date.trim();
    if date.len() == 6 && date.bytes().all(|b| b.is_ascii_digit()) {
        return iso(&date[..2], &date[2..4], &date[4..]);
    }
    let parts: Vec<&str> = date.split('/').collect();
    if let [m, d, y] = parts[..] {
        let digits =
            |s: &str, n: &[usize]| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if digits(m, &[1, 2]) && digits(d, &[1, 2]) {
            if digits(y, &[2]) {
                return iso(y, m, d);
            }
            if digits(y, &[4]) {
                return Some(format!("{y}-{m:0>2}-{d:0>2}"));
            }
        }
    }
    None
}

/// The date a DOCNO encodes: letters then six digits then `-` (`AP880212-`,
/// `WSJ870324-`, `FR940104-`: year, month, day; the LA Times' `LA010189-`:
/// month, day, year), or AQUAINT's eight digits before a dot.
fn date_in_docno(docno: &str) -> Option<String> {
    if let Some(date) = sgml::eight_digit_date(docno) {
        return Some(date);
    }
    let letters = docno.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = docno.get(letters..)?;
    let digits = rest.get(..6)?;
    if letters == 0 || !digits.bytes().all(|b| b.is_ascii_digit()) || !rest[6..].starts_with('-') {
        return None;
    }
    if docno[..letters].eq_ignore_ascii_case("LA") {
        iso(&digits[4..], &digits[..2], &digits[2..4])
    } else {
        iso(&digits[..2], &digits[2..4], &digits[4..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Record;
    use crate::read::LineReader;

    fn parse(text: &str) -> Vec<Record> {
        let mut lines = LineReader::new(text.as_bytes());
        DocParser::new(&mut lines, record).records().collect()
    }

    fn records(text: &str) -> Vec<RawRecord> {
        parse(text).into_iter().filter_map(Result::ok).collect()
    }

    fn one(text: &str) -> RawRecord {
        let mut got = records(text);
        assert_eq!(got.len(), 1, "{text}");
        got.remove(0)
    }

    #[test]
    fn the_byline_is_the_author_as_written() {
        let ap = "<DOC>\n<DOCNO> AP1 </DOCNO>\n<HEAD>H</HEAD>\n<BYLINE>By A WRITER</BYLINE>\n<TEXT>\nBody.\n</TEXT>\n</DOC>\n";
        assert_eq!(one(ap).stated.author.as_deref(), Some("By A WRITER"));
        let ft = "<DOC>\n<DOCNO>FT1</DOCNO>\n<BYLINE>\nBy MICHAEL DONNE\n</BYLINE>\n<TEXT>\nBody.\n</TEXT>\n</DOC>\n";
        assert_eq!(one(ft).stated.author.as_deref(), Some("By MICHAEL DONNE"));
        let none = "<DOC>\n<DOCNO>X1</DOCNO>\n<TEXT>\nBody.\n</TEXT>\n</DOC>\n";
        assert_eq!(one(none).stated.author, None);
    }

    /// Each collection's layout, as its files write it (shortened).
    #[test]
    fn collections() {
        // (collection, record, id, headline, date, dateline, paragraphs)
        type Case = (
            &'static str,
            &'static str,
            &'static str,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            &'static [&'static str],
        );
        let cases: &[Case] = &[
            (
                "AP: HEAD, date in the DOCNO, indented paragraphs",
                "<DOC>\n<DOCNO> AP880212-0001 </DOCNO>\n<FILEID>AP-NR-02-12-88 2344EST</FILEID>\n<FIRST>r i AM-Vietnam-Amnesty 02-12 0398</FIRST>\n<SECOND>AM-Vietnam-Amnesty,0411</SECOND>\n<HEAD>Reports Former Saigon Officials Released</HEAD>\n<BYLINE>By A WRITER</BYLINE>\n<DATELINE>BANGKOK, Thailand (AP) </DATELINE>\n<TEXT>\n   More than 150 former officers of the\noverthrown government have been released.\n   The report from Hanoi did not give\nfigures.\n</TEXT>\n</DOC>\n",
                "AP880212-0001",
                "Reports Former Saigon Officials Released",
                Some("1988-02-12"),
                Some("BANGKOK, Thailand (AP)"),
                &[
                    "More than 150 former officers of the overthrown government have been released.",
                    "The report from Hanoi did not give figures.",
                ],
            ),
            (
                "WSJ 1987: HL with @ line marks, DD month first, &amp;",
                "<DOC>\n<DOCNO> WSJ870324-0001 </DOCNO>\n<HL> Who's News: @ Tandem Computers Inc. </HL>\n<DD> 03/24/87</DD>\n<SO> WALL STREET JOURNAL (J)</SO>\n<DATELINE> NEW YORK </DATELINE>\n<TEXT>\n   John Blair &amp; Co. is close to an agreement.\n   Industry sources put the value at $100 million.\n</TEXT>\n</DOC>\n",
                "WSJ870324-0001",
                "Who's News: Tandem Computers Inc.",
                Some("1987-03-24"),
                Some("NEW YORK"),
                &[
                    "John Blair & Co. is close to an agreement.",
                    "Industry sources put the value at $100 million.",
                ],
            ),
            (
                "WSJ 1990: byline block under the HL, LP lead then TEXT",
                "<DOC>\n<DOCNO> WSJ910102-0001 </DOCNO>\n<DOCID> 910102-0001. </DOCID>\n<HL> Heard on the Street: @ Bank Stocks Rally @ ---- @ By Jane Doe </HL>\n<DATE> 01/02/91 </DATE>\n<LP>\n   Bank stocks rallied.\n</LP>\n<TEXT>\n   Traders said so.\n</TEXT>\n</DOC>\n",
                "WSJ910102-0001",
                "Heard on the Street: Bank Stocks Rally",
                Some("1991-01-02"),
                None,
                &["Bank stocks rallied.", "Traders said so."],
            ),
            (
                "FT: HEADLINE with the paper's prefix, DATE year first, BYLINE apart",
                "<DOC>\n<DOCNO>FT911-1</DOCNO>\n<PROFILE>_AN-BEOA7AAIFT</PROFILE>\n<DATE>910514\n</DATE>\n<HEADLINE>\nFT  14 MAY 91 / (CORRECTED) Jubilee of a jet\n</HEADLINE>\n<BYLINE>\nBy MICHAEL DONNE\n</BYLINE>\n<TEXT>\nTHE FIRST paragraph runs\nover two lines.\n\nThe second.\n</TEXT>\n<PUB>The Financial Times\n</PUB>\n</DOC>\n",
                "FT911-1",
                "(CORRECTED) Jubilee of a jet",
                Some("1991-05-14"),
                None,
                &["THE FIRST paragraph runs over two lines.", "The second."],
            ),
            (
                "LA Times: <P> inside every field, DATE in words",
                "<DOC>\n<DOCNO> LA010189-0001 </DOCNO>\n<DOCID> 1 </DOCID>\n<DATE>\n<P>\nJanuary 1, 1989, Sunday, Home Edition\n</P>\n</DATE>\n<SECTION>\n<P>\nBook Review; Page 1\n</P>\n</SECTION>\n<HEADLINE>\n<P>\nA BOOK OF THE YEAR;\n</P>\n<P>\nA subtitle\n</P>\n</HEADLINE>\n<TEXT>\n<P>\nFirst paragraph\nwrapped.\n</P>\n<P>\nSecond.\n</P>\n</TEXT>\n</DOC>\n",
                "LA010189-0001",
                "A BOOK OF THE YEAR; A subtitle",
                Some("January 1, 1989, Sunday, Home Edition"),
                None,
                &["First paragraph wrapped.", "Second."],
            ),
            (
                "FBIS: TI inside H3, DATE1, <F P=...> inside TEXT",
                "<DOC>\n<DOCNO> FBIS3-1 </DOCNO>\n<HT>  \"cr00000011094001\" </HT>\n<HEADER>\n<H2>  March Reports </H2>\n<DATE1>  1 March 1994 </DATE1>\nArticle Type:FBIS Translated Text\n<H3> <TI>      Pulse of the Nation  </TI></H3>\n<F P=102>  BK0103114594 </F>\n</HEADER>\n<TEXT>\nLanguage: <F P=105>Thai </F>\nArticle Type:BFN\n\n  [Text] Bangkok, 1 Mar -- The cabinet met.\n</TEXT>\n</DOC>\n",
                "FBIS3-1",
                "Pulse of the Nation",
                Some("1 March 1994"),
                None,
                &["Language: Thai Article Type:BFN", "[Text] Bangkok, 1 Mar -- The cabinet met."],
            ),
            (
                "AQUAINT: DOCNO with the date, DATE_TIME, HEADLINE inside BODY",
                "<DOC>\n<DOCNO> NYT19980601.0001 </DOCNO>\n<DOCTYPE> NEWS STORY </DOCTYPE>\n<DATE_TIME> 1998-06-01 00:13 </DATE_TIME>\n<BODY>\n<SLUG> BC-NEWS </SLUG>\n<HEADLINE>\nA Headline\n</HEADLINE>\n<TEXT>\n<P>\nThe text.\n</P>\n</TEXT>\n</BODY>\n<TRAILER>\nNYT-06-01-98 0013EDT\n</TRAILER>\n</DOC>\n",
                "NYT19980601.0001",
                "A Headline",
                Some("1998-06-01 00:13"),
                None,
                &["The text."],
            ),
            (
                "AQUAINT without DATE_TIME: the DOCNO's date",
                "<DOC>\n<DOCNO> APW19980601.0003 </DOCNO>\n<TEXT>\nx\n</TEXT>\n</DOC>\n",
                "APW19980601.0003",
                "",
                Some("1998-06-01"),
                None,
                &["x"],
            ),
            (
                "NTCIR variant: the id as an attribute, no DOCNO; a FT DOCNO is no date",
                "<DOC id=\"doc2\">\n<TEXT>\nhere is some text.\n</TEXT>\n</DOC>\n",
                "doc2",
                "",
                None,
                None,
                &["here is some text."],
            ),
            (
                "inline junk: AU inside HEADLINE, unknown tags, comments, &AMP;",
                "<DOC>\n<DOCNO>  D100A   </DOCNO>\n<PARENT> Something </PARENT>\n<HEADLINE>\n<AU>   Header Text </AU>\nDaily Report \n</HEADLINE>\n<TEXT>\nsome very <F P=102> fun text\n<!-- commented out --> markup &AMP; &amp;&lt;&#65;&eacute;&Eacute;&EACUTE; &nosuch; AT&T\n</TEXT>\n</DOC>\n",
                "D100A",
                "Daily Report",
                None,
                None,
                &["some very fun text markup & &<A\u{e9}\u{c9}&EACUTE; &nosuch; AT&T"],
            ),
            (
                "lower-case tags, an end tag left out",
                "<doc>\n<docno>x-1</docno>\n<headline>Left open\n<text>\nbody\n</text>\n</doc>\n",
                "x-1",
                "Left open",
                None,
                None,
                &["body"],
            ),
        ];
        for &(name, text, id, headline, date, dateline, paragraphs) in cases {
            let r = one(text);
            assert_eq!(r.stated.id.as_deref(), Some(id), "{name}");
            assert_eq!(r.headline, headline, "{name}");
            assert_eq!(r.stated.date.as_deref(), date, "{name}");
            assert_eq!(r.stated.dateline.as_deref(), dateline, "{name}");
            assert_eq!(r.paragraphs, paragraphs, "{name}");
            assert!(
                r.captions.is_empty() && r.stated.places.is_empty(),
                "{name}"
            );
        }
    }

    #[test]
    fn dates_in_tags_and_docnos() {
        let tags = [
            ("910514", Some("1991-05-14")),
            ("03/24/87", Some("1987-03-24")),
            ("3/4/87", Some("1987-03-04")),
            ("01/30/03", Some("2003-01-30")),
            ("12/31/1990", Some("1990-12-31")),
            ("1 March 1994", None),
            ("9105", None),
            ("03/24", None),
            ("a/b/cc", None),
        ];
        for (tag, want) in tags {
            assert_eq!(spelled_out(tag).as_deref(), want, "{tag}");
        }
        let docnos = [
            ("AP880212-0001", Some("1988-02-12")),
            ("WSJ870324-0001", Some("1987-03-24")),
            ("FR940104-0-00001", Some("1994-01-04")),
            ("LA010189-0001", Some("1989-01-01")),
            ("la123190-0077", Some("1990-12-31")),
            ("NYT19980601.0001", Some("1998-06-01")),
            ("FT911-1", None),
            ("FBIS3-1", None),
            ("SJMN91-06001001", None),
            ("880212-0001", None),
            ("AP880212", None),
            ("D100A", None),
            ("", None),
            ("\u{e9}880212-1", None),
        ];
        for (docno, want) in docnos {
            assert_eq!(date_in_docno(docno).as_deref(), want, "{docno}");
        }
        // What the format hands on, `extract` reads.
        for date in [
            "1988-02-12",
            "1998-06-01 00:13",
            "January 1, 1989, Sunday, Home Edition",
            "1 March 1994",
        ] {
            assert!(
                crate::extract::dates::parse_stated(date).is_some(),
                "{date}"
            );
        }
    }

    #[test]
    fn headline_forms() {
        let wsj = [
            (
                "Who's News: @ Tandem Computers Inc.",
                "Who's News: Tandem Computers Inc.",
            ),
            ("Plain Headline", "Plain Headline"),
            ("A @ B @ ---- @ By Someone @ Staff Reporter", "A B"),
            ("@ @", ""),
        ];
        for (hl, want) in wsj {
            assert_eq!(wsj_headline(hl), want, "{hl}");
        }
        let ft = [
            (
                "FT  14 MAY 91 / World News in Brief: Quake",
                "World News in Brief: Quake",
            ),
            ("FT 1 JAN 92 / Survey", "Survey"),
            ("FT  14 MAY 91 / ", "FT  14 MAY 91 / "),
            ("Not an FT prefix / here", "Not an FT prefix / here"),
        ];
        for (headline, want) in ft {
            assert_eq!(strip_ft_prefix(headline), want, "{headline}");
        }
    }

    #[test]
    fn sniffs_docno() {
        assert!(looks_like(&["<DOC>", "<DOCNO> AP880212-0001 </DOCNO>"]));
        assert!(looks_like(&["<doc>", "<docno>1</docno>"]));
        assert!(looks_like(&["<DOC><DOCNO>1</DOCNO><TEXT>x</TEXT></DOC>"]));
        assert!(!looks_like(&[
            "<DOC id=\"AFP_ENG_20090531.0001\" type=\"story\" >"
        ]));
        assert!(!looks_like(&["<DOCNO> x </DOCNO>", "no record opens"]));
        assert!(!looks_like(&["<REUTERS NEWID=\"1\">", "<DOCNO>"]));
        assert!(!looks_like(&["The <DOCNO> tag names a TREC document."]));
    }
}
