//! JSON lines and JSON arrays, as scrapers and news-please write them.
//!
//! (Being written: the parser yields no records yet.)

use std::io::BufRead;

use super::{Options, RawRecord, RecordError};
use crate::read::LineReader;

/// True when `window` (trimmed lines from the start of a dump) is this format.
pub fn looks_like(window: &[&str]) -> bool {
    let _ = window;
    false
}

pub struct JsonParser<'a, R> {
    lines: &'a mut LineReader<R>,
    options: &'a Options,
}

impl<'a, R: BufRead> JsonParser<'a, R> {
    pub fn new(lines: &'a mut LineReader<R>, options: &'a Options) -> Self {
        JsonParser { lines, options }
    }
}

impl<R: BufRead> Iterator for JsonParser<'_, R> {
    type Item = Result<RawRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let _ = (&mut self.lines, self.options);
        None
    }
}
