//! Newsgroup and e-mail posts (RFC 822 headers), single posts and mbox files.
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

pub struct MailParser<'a, R> {
    lines: &'a mut LineReader<R>,
    options: &'a Options,
}

impl<'a, R: BufRead> MailParser<'a, R> {
    pub fn new(lines: &'a mut LineReader<R>, options: &'a Options) -> Self {
        MailParser { lines, options }
    }
}

impl<R: BufRead> Iterator for MailParser<'_, R> {
    type Item = Result<RawRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let _ = (&mut self.lines, self.options);
        None
    }
}
