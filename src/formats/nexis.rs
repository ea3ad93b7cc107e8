//! LexisNexis Academic (and Nexis) exports, as text and as HTML: one record
//! per "N of M DOCUMENTS" document.
//!
//! ```text
//!                                1 of 10 DOCUMENTS
//!
//!                                   Guardian.com
//!
//!                             January 11, 2010 Monday
//!                                    Edition 1;
//!
//! Lorem ipsum dolor sit amet
//!
//! BYLINE: Andrew Sparrow
//!
//! SECTION: FEATURES; Pg. 6
//!
//! LENGTH: 355 words
//!
//! Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia
//! elementum sapien, eget aliquet ex finibus ut.
//!
//! LOAD-DATE: January 11, 2010
//!
//! LANGUAGE: ENGLISH
//!
//!                        Copyright 2010 Guardian Unlimited
//! ```
//!
//! A document is a run of blocks: paragraphs of the text export (blank
//! lines between them; the centred ones indented), `<div>`s of the HTML
//! one (between `<DOCFULL>` and `</DOCFULL>`; centred by the classes the
//! page's style sheet centres). After the "N of M DOCUMENTS" line, the
//! centred blocks are the source (the first, when there are two or more)
//! and the date line (its first line: "January 11, 2010 Monday", "12 April
//! 2013 Tuesday"; the edition lines under it are left out); the block
//! after them is the headline unless it is a label. Labelled blocks
//! (`BYLINE:`, `SECTION:`, `LENGTH:` and their French `AUTEUR:`,
//! `RUBRIQUE:`, `LONGUEUR:`) follow, then the body, up to the first known
//! label after it (`LOAD-DATE:`, `LANGUAGE:`, `GRAPHIC:`, ...); the
//! copyright notice and everything after the labels are left out.
//!
//! Mapped to a `RawRecord`: headline, the date line as written (for
//! `extract`; `LOAD-DATE` is when the database loaded it, never the
//! publication date), `BYLINE`/`AUTEUR` as the author, `SECTION`/
//! `RUBRIQUE`, `LANGUAGE`/`LANGUE` (as written: "ENGLISH"), `DATELINE` as
//! a marked dateline, an `ENCART`/`HIGHLIGHT` standfirst as the first body
//! paragraph. The export gives no id, and the source name has no field to
//! go to. The download's request header (before the first document) is no
//! article; an HTML document without its "N of M DOCUMENTS" line (Nexis
//! writes "there is an error in this document" in its place) is skipped
//! with a warning naming its line.

use std::collections::HashSet;
use std::io::BufRead;
use std::sync::LazyLock;

use regex::Regex;

use super::export::{Cutter, Piece, MAX_ARTICLE_BYTES};
use super::html::fragment;
use super::trec::sgml::find_ignore_case;
use super::{join_words, Head, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::LineReader;

/// The registry's entry for LexisNexis exports.
pub const FORMAT: Spec = Spec {
    name: "nexis",
    sniff,
    extensions: &[],
    open: |lines, _options| Box::new(NexisParser::new(lines).records()),
    news_copy: true,
};

/// "2001 of 2146 DOCUMENTS" on a line of its own (the text export, once
/// trimmed) or inside the HTML's markup.
static DOCUMENTS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,9} (?:of|OF|sur|SUR|von|de|DE) \d{1,9} DOCUMENTS?$").expect("valid regex")
});
static DOCUMENTS_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r">\s*\d{1,9} (?:of|OF|sur|SUR|von|de|DE) \d{1,9} DOCUMENTS?\s*<")
        .expect("valid regex")
});
/// A label opening a block: "BYLINE: ", "LOAD-DATE:", " CORRECTION:".
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^\s*([A-Z][A-Z-]*[A-Z]):(?:\s+|$)(.*)$").expect("valid regex")
});
/// A style rule centring a class: `.c0 { text-align: center; }`.
static CENTRED_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\.([a-z0-9_-]+)\s*\{[^}]*text-align:\s*center").expect("valid regex")
});
static CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^<div[^>]*?\bclass\s*=\s*["']?([^"'\s>]+)"#).expect("valid regex")
});

/// Labels that open a block after the headline, English and French, those
/// of the fields before the body first (`LEADING`). One of them after the
/// body ends it.
const LABELS: &[&str] = &[
    "BYLINE",
    "AUTEUR",
    "SECTION",
    "RUBRIQUE",
    "LENGTH",
    "LONGUEUR",
    "DATELINE",
    "ENCART",
    "HIGHLIGHT",
    "EDITION",
    "LOAD-DATE",
    "DATE-CHARGEMENT",
    "LANGUAGE",
    "LANGUE",
    "GRAPHIC",
    "PHOTO",
    "PUBLICATION-TYPE",
    "TYPE-PUBLICATION",
    "JOURNAL-CODE",
    "CORRECTION-DATE",
    "CORRECTION",
    "DISTRIBUTION",
    "SUBJECT",
    "SUJET",
    "ORGANIZATION",
    "ORGANISATION",
    "GEOGRAPHIC",
    "LOCALISATION-GEO",
    "COMPANY",
    "SOCIETE",
    "TICKER",
    "SYMBOLE-BOURSIER",
    "INDUSTRY",
    "SECTEUR-ACTIVITE",
    "PERSON",
    "PERSONNE",
    "CITY",
    "VILLE",
    "STATE",
    "COUNTRY",
    "PAYS",
    "DOCUMENT-TYPE",
    "TYPE-DOCUMENT",
    "NOTES",
    "URL",
    "SERIES",
    "ACC-NO",
    "DESCRIPTORS",
];
/// Labels of the fields before the body (the first of `LABELS`); any other
/// known label after the headline ends the run of them.
const LEADING: &[&str] = LABELS.split_at(10).0;
/// Classes the LexisNexis pages centre, for a page whose style sheet is
/// not read.
const DEFAULT_CENTRED: &[&str] = &["c0", "c1", "c3"];
/// Lines of the text export indented this much are centred.
const CENTRED_INDENT: usize = 4;
/// Classes kept from a page's style sheets.
const MAX_CLASSES: usize = 1024;

/// How sure the head of a dump is a LexisNexis export: its "N of M
/// DOCUMENTS" line, and a label line for the text export; for the HTML
/// export the `<DOCFULL>` sections of the page (outranking the html
/// format's certainty).
fn sniff(head: &Head) -> Score {
    let any = |needle: &str| head.contains_ignore_case(needle);
    if any("<DOCFULL>") && head.lines.iter().any(|l| DOCUMENTS_IN.is_match(l)) {
        return Score::EXPORT;
    }
    if !head.lines.iter().any(|l| DOCUMENTS_LINE.is_match(l)) {
        return Score::NO;
    }
    let labelled = head.lines.iter().any(|l| {
        LABEL
            .captures(l)
            .is_some_and(|c| LEADING.contains(&&c[1]) || &c[1] == "LOAD-DATE")
    });
    if labelled {
        Score::CERTAIN
    } else {
        Score::LIKELY
    }
}

/// One block of a document: a paragraph of the text export, a `<div>` of
/// the HTML one.
#[derive(Debug)]
struct Block {
    paragraphs: Vec<String>,
    centred: bool,
}

impl Block {
    fn text(&self) -> String {
        self.paragraphs.join("\n")
    }

    fn first_line(&self) -> &str {
        self.paragraphs
            .first()
            .and_then(|p| p.lines().next())
            .unwrap_or("")
            .trim()
    }

    /// The known label opening the block, and the value after it.
    fn label(&self) -> Option<(&'static str, String)> {
        let text = self.text();
        let c = LABEL.captures(&text)?;
        let label = LABELS.iter().find(|l| **l == &c[1])?;
        Some((label, join_words(&c[2])))
    }
}

/// A document of the text export being read.
struct TxtDoc {
    lines: Vec<String>,
    bytes: usize,
    line: u64,
    offset: u64,
    cut: bool,
}

/// The two layouts of an export.
enum Layout {
    Text(Option<TxtDoc>),
    Html {
        cutter: Cutter,
        centred: HashSet<String>,
    },
}

/// Streams the documents of a LexisNexis export.
pub struct NexisParser<'a, R> {
    lines: &'a mut LineReader<R>,
    layout: Layout,
}

impl<'a, R: BufRead> NexisParser<'a, R> {
    /// A parser of the export in `lines`: HTML when its first text is
    /// markup, else text.
    pub fn new(lines: &'a mut LineReader<R>) -> Self {
        let mut html = false;
        for n in 0..100 {
            match lines.peek(n) {
                Ok(Some(line)) => {
                    let text = line.text.trim_start_matches('\u{feff}').trim();
                    if !text.is_empty() {
                        html = text.starts_with('<');
                        break;
                    }
                }
                _ => break,
            }
        }
        let layout = if html {
            Layout::Html {
                cutter: Cutter::new(&["<DOCFULL>"], &["</DOCFULL>"]),
                centred: HashSet::new(),
            }
        } else {
            Layout::Text(None)
        };
        NexisParser { lines, layout }
    }
}

impl<R: BufRead> Parse for NexisParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        let line = self.lines.next_line()?;
        match &mut self.layout {
            Layout::Text(doc) => match line {
                None => {
                    if let Some(doc) = doc.take() {
                        text_document(doc, queue);
                    }
                    queue.finish();
                }
                Some(line) => {
                    if DOCUMENTS_LINE.is_match(line.text.trim()) {
                        if let Some(done) = doc.take() {
                            text_document(done, queue);
                        }
                        *doc = Some(TxtDoc {
                            lines: Vec::new(),
                            bytes: 0,
                            line: line.number,
                            offset: line.offset,
                            cut: false,
                        });
                    }
                    if let Some(doc) = doc.as_mut() {
                        if doc.bytes + line.text.len() > MAX_ARTICLE_BYTES {
                            if !doc.cut {
                                doc.cut = true;
                                queue.warn(
                                    line.number,
                                    format!(
                                        "document starting at line {} is longer than {} MB; \
                                         the rest of it is dropped",
                                        doc.line,
                                        MAX_ARTICLE_BYTES >> 20
                                    ),
                                );
                            }
                        } else {
                            doc.bytes += line.text.len() + 1;
                            doc.lines.push(line.text);
                        }
                    }
                }
            },
            Layout::Html { cutter, centred } => match line {
                None => {
                    if let Some(piece) = cutter.finish() {
                        html_document(piece, centred, queue);
                    }
                    queue.finish();
                }
                Some(line) => {
                    let mut done = Vec::new();
                    let mut outside = |text: &str| {
                        for c in CENTRED_RULE.captures_iter(text) {
                            if centred.len() < MAX_CLASSES {
                                centred.insert(c[1].to_ascii_lowercase());
                            }
                        }
                    };
                    cutter.line(&line, queue, &mut done, &mut outside);
                    for piece in done {
                        html_document(piece, centred, queue);
                    }
                }
            },
        }
        Ok(())
    }

    fn salvage(&mut self, queue: &mut Queue) {
        match &mut self.layout {
            Layout::Text(doc) => {
                if let Some(doc) = doc.take() {
                    text_document(doc, queue);
                }
            }
            Layout::Html { cutter, centred } => {
                if let Some(piece) = cutter.finish() {
                    html_document(piece, centred, queue);
                }
            }
        }
    }
}

/// A document of the text export: its blank-line paragraphs as blocks.
fn text_document(doc: TxtDoc, queue: &mut Queue) {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut centred = false;
    for line in doc.lines.iter().map(|l| l.trim_end()) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(Block {
                    paragraphs: vec![current.join("\n")],
                    centred,
                });
                current.clear();
            }
            continue;
        }
        if current.is_empty() {
            centred = line.len() - line.trim_start().len() >= CENTRED_INDENT;
        }
        current.push(line.trim());
    }
    if !current.is_empty() {
        blocks.push(Block {
            paragraphs: vec![current.join("\n")],
            centred,
        });
    }
    document(blocks, doc.line, doc.offset, queue);
}

/// A document of the HTML export, from `<DOCFULL>` to `</DOCFULL>`: its
/// `<div>`s as blocks (a table after a `<div>` goes with it), centred by
/// the classes the page centres.
fn html_document(piece: Piece, centred: &HashSet<String>, queue: &mut Queue) {
    if !piece.closed {
        queue.warn(
            piece.line,
            "document not closed at the end of the dump; read as far as it goes",
        );
    }
    let text = &piece.text;
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| find_ignore_case(t, "<div")) {
        starts.push(from + at);
        from += at + 4;
    }
    let blocks = starts
        .iter()
        .enumerate()
        .filter_map(|(i, &s)| {
            let html = &text[s..starts.get(i + 1).copied().unwrap_or(text.len())];
            let class = CLASS
                .captures(html)
                .map(|c| c[1].to_ascii_lowercase())
                .unwrap_or_default();
            let is_centred = if centred.is_empty() {
                DEFAULT_CENTRED.contains(&class.as_str())
            } else {
                centred.contains(&class)
            };
            let paragraphs = fragment::paragraphs(html);
            (!paragraphs.is_empty()).then_some(Block {
                paragraphs,
                centred: is_centred,
            })
        })
        .collect();
    document(blocks, piece.line, piece.offset, queue);
}

/// The record a document's blocks hold, or a warning when they hold none.
fn document(blocks: Vec<Block>, line: u64, offset: u64, queue: &mut Queue) {
    let Some(start) = blocks
        .iter()
        .position(|b| DOCUMENTS_LINE.is_match(b.first_line()))
    else {
        let opening: String = blocks
            .first()
            .map(|b| join_words(&b.text()))
            .unwrap_or_default()
            .chars()
            .take(80)
            .collect();
        queue.warn(
            line,
            format!("document without its \"N of M DOCUMENTS\" line (\"{opening}\"); skipped"),
        );
        return;
    };
    let mut rest = &blocks[start + 1..];
    let header = rest
        .iter()
        .take_while(|b| b.centred && b.label().is_none())
        .count();
    let (source, date) = match &rest[..header] {
        [] => (None, None),
        [only] if only.first_line().bytes().any(|b| b.is_ascii_digit()) => {
            (None, Some(only.first_line()))
        }
        [only] => (Some(only), None),
        [source, date, ..] => (Some(source), Some(date.first_line())),
    };
    // The source name has no field of its own.
    let _ = source;
    rest = &rest[header..];
    let mut headline = String::new();
    if let Some(first) = rest.first() {
        if first.label().is_none() && !first.centred {
            headline = join_words(&first.text());
            rest = &rest[1..];
        }
    }
    let mut stated = Stated {
        date: date.map(str::to_string).filter(|d| !d.is_empty()),
        ..Stated::default()
    };
    let mut paragraphs = Vec::new();
    let mut standfirst = Vec::new();
    // Before the body, in it, after it.
    let mut part = 0;
    for block in rest {
        let label = block.label();
        match (&label, part) {
            (Some(_), 0) => {}
            (None, 0 | 1) => {
                part = 1;
                paragraphs.extend(block.paragraphs.iter().cloned());
                continue;
            }
            (Some(_), 1) => part = 2,
            (Some(_), _) => {}
            (None, _) => continue,
        }
        let Some((label, value)) = label else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let set = |field: &mut Option<String>| {
            if field.is_none() {
                *field = Some(value.clone());
            }
        };
        match label {
            "BYLINE" | "AUTEUR" => set(&mut stated.author),
            "SECTION" | "RUBRIQUE" => set(&mut stated.section),
            "LANGUAGE" | "LANGUE" => set(&mut stated.language),
            "DATELINE" => set(&mut stated.dateline),
            "ENCART" | "HIGHLIGHT" if part == 0 => standfirst.push(value),
            _ => {}
        }
    }
    standfirst.extend(paragraphs);
    let paragraphs = standfirst;
    if headline.is_empty() && paragraphs.is_empty() {
        queue.warn(line, "document has no headline or text; skipped");
        return;
    }
    queue.record(RawRecord {
        headline,
        captions: Vec::new(),
        paragraphs,
        line,
        offset,
        stated,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<RawRecord>, Vec<String>) {
        let mut lines = LineReader::new(text.as_bytes());
        crate::formats::records_and_warnings(NexisParser::new(&mut lines))
    }

    #[test]
    fn text_documents() {
        let text = "Download Request: Selected Items: 1-2\n\n\
                    \x20              1 of 2 DOCUMENTS\n\n\
                    \x20                 The Paper\n\n\
                    \x20           March 5, 2010 Friday\n\
                    \x20                Late Edition\n\n\
                    A headline\nover two lines\n\n\
                    BYLINE: By Jane Roe\n\nSECTION: NEWS; Pg. 3\n\nLENGTH: 12 words\n\n\
                    First paragraph\nwrapped.\n\nSecond.\n\n\
                    LOAD-DATE: March 6, 2010\n\nLANGUAGE: ENGLISH\n\n\
                    \x20           Copyright 2010 The Paper\n\n\
                    \x20              2 of 2 DOCUMENTS\n\n\
                    \x20                 The Paper\n\n\
                    \x20               March 7, 2010\n\n\
                    Wikipedia\n\nLENGTH: 2,968 words\n\nText.\n\nGRAPHIC: a photo\n";
        let (got, warnings) = parse(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(got.len(), 2);
        let a = &got[0];
        assert_eq!(a.headline, "A headline over two lines");
        assert_eq!(a.stated.date.as_deref(), Some("March 5, 2010 Friday"));
        assert_eq!(a.stated.author.as_deref(), Some("By Jane Roe"));
        assert_eq!(a.stated.section.as_deref(), Some("NEWS; Pg. 3"));
        assert_eq!(a.stated.language.as_deref(), Some("ENGLISH"));
        assert_eq!(a.paragraphs, ["First paragraph\nwrapped.", "Second."]);
        assert_eq!(a.line, 3);
        let b = &got[1];
        assert_eq!(b.headline, "Wikipedia");
        assert_eq!(b.stated.author, None);
        assert_eq!(b.stated.date.as_deref(), Some("March 7, 2010"));
        assert_eq!(b.paragraphs, ["Text."]);
    }

    #[test]
    fn html_documents_and_an_error_in_place_of_one() {
        let text = "<HTML><HEAD><STYLE>\n.c0 { text-align: center; }\n.c3 { text-align: center; }\n.c5 { text-align: left; }\n</STYLE></HEAD><BODY>\n\
<DOCFULL> -->\n<DIV CLASS=\"c0\"><P>1 of 2 DOCUMENTS</P></DIV>\n<DIV CLASS=\"c3\"><P>The Paper</P></DIV>\n\
<DIV CLASS=\"c3\"><P><SPAN>12</SPAN><SPAN> April 2013 Tuesday</SPAN></P></DIV>\n\
<DIV CLASS=\"c5\"><P>Title</P></DIV>\n<DIV CLASS=\"c5\"><P>AUTEUR: </SPAN>Author 2</P></DIV>\n\
<DIV CLASS=\"c5\"><P>RUBRIQUE: INTERNATIONAL</P></DIV>\n<DIV CLASS=\"c5\"><P>ENCART:&nbsp;Intro<BR></P></DIV>\n\
<DIV CLASS=\"c5\"><P>One.</P><P>Two &amp; more.</P></DIV>\n<DIV CLASS=\"c5\"><P>LANGUE: FRENCH</P></DIV>\n\
<DIV CLASS=\"c0\"><P>Copyright</P></DIV>\n<!-- \n</DOCFULL>\n\
<DOCFULL> -->\n<DIV CLASS=\"c5\"><P>We are sorry but there is an error in this document.</P></DIV>\n</DOCFULL>\n</BODY></HTML>\n";
        let (got, warnings) = parse(text);
        assert_eq!(got.len(), 1, "{warnings:?}");
        let a = &got[0];
        assert_eq!(a.headline, "Title");
        assert_eq!(a.stated.date.as_deref(), Some("12 April 2013 Tuesday"));
        assert_eq!(a.stated.author.as_deref(), Some("Author 2"));
        assert_eq!(a.stated.section.as_deref(), Some("INTERNATIONAL"));
        assert_eq!(a.stated.language.as_deref(), Some("FRENCH"));
        assert_eq!(a.paragraphs, ["Intro", "One.", "Two & more."]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("without its \"N of M DOCUMENTS\" line (\"We are sorry"),
            "{warnings:?}"
        );
    }

    #[test]
    fn sniffs_text_and_html_exports() {
        let sniffed = |text: &str| crate::formats::sniff_text(sniff, text);
        assert_eq!(
            sniffed("   1 of 10 DOCUMENTS\n\n  Guardian\n\nHead\n\nLENGTH: 355 words"),
            Score::CERTAIN
        );
        assert_eq!(sniffed("   1 of 10 DOCUMENTS\n\nHead"), Score::LIKELY);
        assert_eq!(
            sniffed("<HTML>\n<DOCFULL> -->\n<SPAN CLASS=\"c2\">1 of 3 DOCUMENTS</SPAN>"),
            Score::EXPORT
        );
        assert_eq!(sniffed("We read 1 of 10 documents.\nLENGTH: 3"), Score::NO);
        assert_eq!(sniffed("<html><p>1 of 3 DOCUMENTS</p>"), Score::NO);
    }
}
