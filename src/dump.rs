//! File -> articles: the read -> formats -> extract stage for one dump.
//!
//! Opens a dump, tells its format (or takes the one forced), streams its
//! records through the format's parser and each record through `extract`,
//! handing out `Article`s. Problems inside the file (bad records, a read
//! error part-way, repaired bytes) become warnings naming the file and line
//! in a `FileReport`; only a file that cannot be opened or recognised at
//! all is an error, and it costs only that file. It knows nothing of the
//! index or the commands.

use std::collections::BTreeMap;
use std::path::Path;

use crate::article::Article;
use crate::extract::{self, Origin};
use crate::formats::{self, RecordError};
use crate::paths;
use crate::read::{self, ReadError};
use crate::walk::Found;

/// What reading one dump produced besides its articles.
#[derive(Debug, Default)]
pub struct FileReport {
    /// Articles handed out.
    pub articles: u64,
    /// `path:line: reason` lines for records that were skipped or repaired
    /// (the first `MAX_WARNINGS` record warnings, then the file's own).
    pub warnings: Vec<String>,
    /// Record warnings beyond `MAX_WARNINGS`: counted, not kept, so a file
    /// of a million bad records costs no memory for them.
    pub more_warnings: u64,
    /// `path:line: reason` lines for records that hold no article by design
    /// (a listing page): the first `MAX_WARNINGS`, then one counting the rest.
    pub notes: Vec<String>,
    /// Records that hold no article, by kind ("listing page").
    pub skipped: BTreeMap<&'static str, u64>,
}

/// Record warnings kept (and printed) per file.
pub const MAX_WARNINGS: usize = 100;

impl FileReport {
    /// Every warning, printed or not (the line counting those not
    /// printed is not one).
    pub fn warning_count(&self) -> u64 {
        self.warnings.len() as u64 + self.more_warnings - u64::from(self.more_warnings > 0)
    }

    fn record_warning(&mut self, warning: impl FnOnce() -> String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(warning());
        } else {
            self.more_warnings += 1;
        }
    }
}

/// Why a whole file was skipped.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// It could not be opened or read, or is empty, binary or compressed
    /// with a codec this build lacks.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// No format claims its head.
    #[error("not a recognised dump format")]
    UnknownFormat,
}

/// A dump opened and recognised, ready to be read.
pub struct Dump {
    lines: formats::Lines,
    /// Its format: sniffed, or the one forced.
    pub format: formats::Format,
}

/// Opens the dump at `path` and tells its format; an unreadable, empty,
/// binary or unrecognised file is an error that costs only this file.
pub fn open(path: &Path, options: &formats::Options) -> Result<Dump, FileError> {
    let mut lines = read::open(path)?;
    let format = match options.format {
        Some(format) => format,
        None => formats::sniff(&mut lines, Some(path))
            .map_err(ReadError::from)?
            .ok_or(FileError::UnknownFormat)?,
    };
    Ok(Dump { lines, format })
}

impl Dump {
    /// Hands each article to `each`. `file` names the dump (its identity and
    /// how it was walked); problems inside the file become warnings naming
    /// it; only a failing `each` is an error.
    pub fn read(
        mut self,
        file: &Found,
        options: &formats::Options,
        mut each: impl FnMut(Article) -> anyhow::Result<()>,
    ) -> anyhow::Result<FileReport> {
        let walked = paths::shown(&file.path, None);
        let shown = walked.as_str();
        let format = self.format;
        let mut report = FileReport::default();
        let mut ordinal = 0;
        for record in formats::records(format, &mut self.lines, options) {
            match record {
                Ok(raw) => {
                    let origin = Origin {
                        path: &file.key,
                        walked: shown,
                        format,
                        ordinal,
                    };
                    each(extract::article(raw, &origin))?;
                    ordinal += 1;
                    report.articles += 1;
                }
                Err(RecordError::Malformed { line, reason }) => {
                    report.record_warning(|| format!("{shown}:{line}: {reason}"));
                }
                Err(RecordError::Skipped { line, kind, reason }) => {
                    let count = report.skipped.entry(kind).or_default();
                    *count += 1;
                    if report.notes.len() < MAX_WARNINGS {
                        report.notes.push(format!("{shown}:{line}: {reason}"));
                    }
                }
                Err(RecordError::Io(err)) => {
                    report.warnings.push(format!(
                        "{shown}: read error after {ordinal} article(s), rest of file skipped: {err}"
                    ));
                }
            }
        }
        let noted: u64 = report.skipped.values().sum();
        if noted > report.notes.len() as u64 {
            report.notes.push(format!(
                "{shown}: {} more record(s) without an article not shown",
                noted - report.notes.len() as u64
            ));
        }
        if report.more_warnings > 0 {
            report.warnings.push(format!(
                "{shown}: {} more record warning(s) not shown",
                report.more_warnings
            ));
        }
        let lines = &self.lines;
        if lines.latin1_lines > 0 {
            report.warnings.push(format!(
                "{shown}: {} line(s) with bytes that are not UTF-8, read as Windows-1252",
                lines.latin1_lines
            ));
        }
        if lines.cut_lines > 0 {
            report.warnings.push(format!(
                "{shown}: {} line(s) longer than {} bytes cut",
                lines.cut_lines,
                read::MAX_LINE_BYTES
            ));
        }
        Ok(report)
    }
}
