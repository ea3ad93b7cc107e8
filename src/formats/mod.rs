//! Decoded lines -> raw records, one module per dump format, plus sniffing.
//!
//! A format module finds article boundaries and separates the parts a dump
//! lays out (headline, captions, paragraphs). It does not interpret them:
//! dates, datelines and places are the `extract` stage's job, and nothing
//! here knows about the index.

pub mod layout;

use std::fmt;
use std::io::{self, BufRead};

use crate::read::{Line, LineReader};

/// How many lines sniffing may look at before deciding.
const SNIFF_LINES: usize = 400;

/// The dump formats newsdex reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// News-site pages saved as text: headline, captions, "TT" size widget,
    /// headline and captions again, paragraphs.
    Layout,
}

impl Format {
    pub const ALL: [Format; 1] = [Format::Layout];

    pub fn name(self) -> &'static str {
        match self {
            Format::Layout => "layout",
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
}

/// Something wrong inside a dump that costs one record, not the file.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("line {line}: {reason}")]
    Malformed { line: u64, reason: String },
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Decides the format of a dump from its first lines; `None` when no format
/// recognises it.
pub fn sniff<R: BufRead>(lines: &mut LineReader<R>) -> io::Result<Option<Format>> {
    lines.peek(SNIFF_LINES - 1)?;
    let window: Vec<&str> = lines.buffered().map(trim_line).collect();
    if layout::looks_like(&window) {
        return Ok(Some(Format::Layout));
    }
    Ok(None)
}

/// Streams the records of a dump in the given format.
pub fn records<'a, R: BufRead + 'a>(
    format: Format,
    lines: &'a mut LineReader<R>,
) -> Box<dyn Iterator<Item = Result<RawRecord, RecordError>> + 'a> {
    match format {
        Format::Layout => Box::new(layout::LayoutParser::new(lines)),
    }
}

/// A line without surrounding whitespace (trailing spaces, stray tabs).
fn trim_line(line: &Line) -> &str {
    line.text.trim()
}
