//! Decoded lines -> raw records, one module per dump format, plus sniffing.
//!
//! A format module finds article boundaries and separates the parts a dump
//! lays out (headline, captions, paragraphs). It does not interpret them:
//! dates, datelines and places are the `extract` stage's job, and nothing
//! here knows about the index.

pub mod json;
pub mod layout;
pub mod mail;
pub mod plain;
pub mod reuters;

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufRead};

use crate::read::{Line, LineReader};

/// How many lines, and bytes of text, sniffing may look at before deciding.
const SNIFF_LINES: usize = 400;
const SNIFF_BYTES: usize = 1 << 20;

/// The dump formats newsdex reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Reuters-21578 SGML.
    Reuters,
    /// JSON lines or a JSON array of article objects.
    Json,
    /// Newsgroup / e-mail posts with RFC 822 headers, one or many (mbox).
    Mail,
    /// News-site pages saved as text: headline, captions, "TT" size widget,
    /// headline and captions again, paragraphs.
    Layout,
    /// Plain-text stories: headline, blank line, paragraphs.
    Plain,
}

impl Format {
    /// In sniffing order: the most distinctive first, plain text last.
    pub const ALL: [Format; 5] = [
        Format::Reuters,
        Format::Json,
        Format::Mail,
        Format::Layout,
        Format::Plain,
    ];
    /// Every format's name, for `--format`.
    pub const NAMES: [&'static str; 5] = ["reuters", "json", "mail", "layout", "plain"];

    pub fn name(self) -> &'static str {
        match self {
            Format::Reuters => "reuters",
            Format::Json => "json",
            Format::Mail => "mail",
            Format::Layout => "layout",
            Format::Plain => "plain",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An article as a format module found it, before field extraction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawRecord {
    pub headline: String,
    /// Caption lines in dump order, repeats removed, credits still attached.
    pub captions: Vec<String>,
    /// Story paragraphs; a paragraph's own line breaks are kept.
    pub paragraphs: Vec<String>,
    /// 1-based line number of the record's first line.
    pub line: u64,
    /// Byte offset of the record's first line.
    pub offset: u64,
    /// What the format states outright, as written; `extract` interprets.
    pub stated: Stated,
}

/// Fields a structured format states in so many words (tags, headers,
/// JSON keys), kept as written for `extract` to interpret.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stated {
    /// The record's own id (JSON `id`/`url`, ...), used as the article id.
    pub id: Option<String>,
    /// A publication date as written: "26-FEB-1987 15:01:01.79",
    /// "2016-02-12T10:00:00Z", "Fri, 12 Feb 2016 10:00:00 GMT", an epoch.
    pub date: Option<String>,
    /// A dateline the format marks as one ("SALVADOR, Feb 26 - ").
    pub dateline: Option<String>,
    /// A place the format names as the story's location.
    pub place: Option<String>,
    /// Place tags (Reuters `<PLACES>`), kept as their own field.
    pub places: Vec<String>,
}

/// How to read dumps: a forced format, and JSON key mappings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Use this format instead of sniffing.
    pub format: Option<Format>,
    /// `field=key` pairs: read article field `field` from JSON key `key`.
    pub map: Vec<(String, String)>,
}

/// Something wrong inside a dump that costs one record, not the file.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("line {line}: {reason}")]
    Malformed { line: u64, reason: String },
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// What a parser hands out: a record, or why one was skipped.
pub type Record = Result<RawRecord, RecordError>;

/// A parser that reads its dump a step at a time, queueing the records each
/// step finishes; `next_record` is every such parser's `Iterator::next`.
trait Stepper {
    /// Records finished and not handed out yet.
    fn ready(&mut self) -> &mut VecDeque<Record>;
    /// Set once the dump is read to its end (or cut by a read error).
    fn done(&mut self) -> &mut bool;
    /// Reads on, queueing what it finishes; sets `done` at the end.
    fn step(&mut self) -> Result<(), RecordError>;
    /// After a read error: queues what was read before the damage.
    fn salvage(&mut self) {}
}

/// The next record of `parser`: a read error ends the dump, after what
/// was read before it.
fn next_record(parser: &mut impl Stepper) -> Option<Record> {
    loop {
        if let Some(record) = parser.ready().pop_front() {
            return Some(record);
        }
        if *parser.done() {
            return None;
        }
        if let Err(e) = parser.step() {
            parser.salvage();
            parser.ready().push_back(Err(e));
            *parser.done() = true;
        }
    }
}

/// Decides the format of a dump from its first lines; `None` when no format
/// recognises it.
pub fn sniff<R: BufRead>(lines: &mut LineReader<R>) -> io::Result<Option<Format>> {
    // Look ahead SNIFF_LINES lines, or SNIFF_BYTES of text if less.
    let mut bytes = 0;
    for n in 0..SNIFF_LINES {
        match lines.peek(n)? {
            Some(line) if bytes < SNIFF_BYTES => bytes += line.text.len(),
            _ => break,
        }
    }
    let window: Vec<&str> = lines.buffered().map(trim_line).collect();
    Ok(Format::ALL.into_iter().find(|format| match format {
        Format::Reuters => reuters::looks_like(&window),
        Format::Json => json::looks_like(&window),
        Format::Mail => mail::looks_like(&window),
        Format::Layout => layout::looks_like(&window),
        Format::Plain => plain::looks_like(&window),
    }))
}

/// Streams the records of a dump in the given format.
pub fn records<'a, R: BufRead + 'a>(
    format: Format,
    lines: &'a mut LineReader<R>,
    options: &'a Options,
) -> Box<dyn Iterator<Item = Result<RawRecord, RecordError>> + 'a> {
    match format {
        Format::Reuters => Box::new(reuters::ReutersParser::new(lines, options)),
        Format::Json => Box::new(json::JsonParser::new(lines, options)),
        Format::Mail => Box::new(mail::MailParser::new(lines, options)),
        Format::Layout => Box::new(layout::LayoutParser::new(lines)),
        Format::Plain => Box::new(plain::PlainParser::new(lines, options)),
    }
}

/// A line without surrounding whitespace (trailing spaces, stray tabs).
fn trim_line(line: &Line) -> &str {
    line.text.trim()
}

/// A small deterministic random source for the parsers' randomized tests.
#[cfg(test)]
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
