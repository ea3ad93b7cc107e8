//! Reuters-21578 SGML: one record per `<REUTERS>` element.
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

pub struct ReutersParser<'a, R> {
    lines: &'a mut LineReader<R>,
    options: &'a Options,
}

impl<'a, R: BufRead> ReutersParser<'a, R> {
    pub fn new(lines: &'a mut LineReader<R>, options: &'a Options) -> Self {
        ReutersParser { lines, options }
    }
}

impl<R: BufRead> Iterator for ReutersParser<'_, R> {
    type Item = Result<RawRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let _ = (&mut self.lines, self.options);
        None
    }
}
