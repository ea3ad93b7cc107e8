//! File -> articles: the read -> formats -> extract stage for one dump.
//!
//! Opens a dump, tells its format (or takes the one forced), streams its
//! records through the format's parser and each record through `extract`,
//! handing out `Article`s. Problems inside the file (bad records, a read
//! error part-way, repaired bytes) become warnings naming the file and line
//! in a `FileReport`, which also says whether the file read cleanly to
//! its end (`damaged`); only a file that cannot be opened or recognised at
//! all is an error, and it costs only that file. It knows nothing of the
//! index or the commands.
//!
//! A bundle (a zip or tar, told by `walk::bundle`) is read member by
//! member, each as a dump of its own named `bundle.zip/inner/path`: a
//! member that is no dump is counted as skipped with its reason, a
//! damaged one is a warning naming it, and both cost only that member.

use std::collections::BTreeMap;
use std::path::Path;

use crate::article::Article;
use crate::extract::{self, Origin};
use crate::formats::{self, RecordError};
use crate::paths;
use crate::read::{self, ReadError};
use crate::walk::bundle::{self, Bundle, Entry, MemberError, MemberSkip, Probed};
use crate::walk::{Found, SkipReason};

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
    pub skipped: BTreeMap<String, u64>,
    /// A bundle's members set aside, by reason (as the index summary counts
    /// skipped files); none for a dump file.
    pub members_skipped: BTreeMap<String, u64>,
    /// The first `MAX_WARNINGS` of them, named (then a line counting the
    /// rest, with no reason).
    pub skipped_members: Vec<SkippedMember>,
    /// Members skipped beyond the lines kept.
    more_skipped: u64,
    /// Lines of `warnings` that only count others ("N more ... not
    /// shown"): one per file or bundle member whose warnings overflowed.
    counting_lines: u64,
    /// The file did not read cleanly to its end: a read error part-way (a
    /// truncated or corrupt compressed stream), its last record cut off by
    /// the end of the file, or (in a bundle) a damaged member. What it
    /// gave is a part of the file, not what the file now holds, so the
    /// index keeps what it had of it rather than replace it with this.
    pub damaged: bool,
}

/// A bundle member set aside, as the walk sets a file aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedMember {
    /// `bundle.zip/inner/path` as walked; or the bundle and how many more
    /// members were skipped, unnamed.
    pub shown: String,
    /// Why; `None` on the line counting the members not named.
    pub reason: Option<String>,
    /// Documentation (a README): the index counts it without naming it,
    /// as it does documentation files.
    pub documentation: bool,
}

impl std::fmt::Display for SkippedMember {
    /// `skipped PATH: reason`, as a skipped file is reported.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.reason {
            Some(reason) => write!(f, "skipped {}: {reason}", self.shown),
            None => f.write_str(&self.shown),
        }
    }
}

/// Record warnings kept (and printed) per file.
pub const MAX_WARNINGS: usize = 100;

impl FileReport {
    /// Every warning, printed or not (the line counting those not
    /// printed is not one).
    pub fn warning_count(&self) -> u64 {
        self.warnings.len() as u64 + self.more_warnings - self.counting_lines
    }

    /// Counts the bundle member `shown` as skipped for `reason`.
    fn skip_member(&mut self, shown: &str, reason: String, documentation: bool) {
        if self.skipped_members.len() < MAX_WARNINGS {
            self.skipped_members.push(SkippedMember {
                shown: shown.to_string(),
                reason: Some(reason.clone()),
                documentation,
            });
        } else {
            self.more_skipped += 1;
        }
        *self.members_skipped.entry(reason).or_default() += 1;
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
    recognise(read::open(path)?, path, options)
}

/// Tells the format of `lines`, read from `path` (a file, or a bundle's
/// member named like one), or takes the one forced.
fn recognise(
    mut lines: formats::Lines,
    path: &Path,
    options: &formats::Options,
) -> Result<Dump, FileError> {
    let format = match options.format {
        Some(format) => format,
        None => formats::sniff(&mut lines, Some(path))
            .map_err(ReadError::from)?
            .ok_or(FileError::UnknownFormat)?,
    };
    Ok(Dump { lines, format })
}

/// A walked file opened: a dump, or a bundle of dumps.
pub enum Opened {
    /// A dump file, its format told.
    Dump(Dump),
    /// A zip or tar bundle, its members read as dumps when it is read.
    Bundle(Bundle),
}

/// Opens the file at `path`: a bundle when its magic bytes say so, else a
/// dump as `open` does.
pub fn open_file(path: &Path, options: &formats::Options) -> Result<Opened, FileError> {
    match bundle::open(path).map_err(ReadError::from)? {
        Probed::Bundle(bundle) => Ok(Opened::Bundle(bundle)),
        Probed::Stream(stream) => {
            recognise(read::open_stream(stream)?, path, options).map(Opened::Dump)
        }
        Probed::NotBundle => open(path, options).map(Opened::Dump),
    }
}

impl Opened {
    /// Hands each article to `each`, as `Dump::read` does; a bundle's come
    /// member by member, each member's path `file`'s path and its own.
    pub fn read(
        self,
        file: &Found,
        options: &formats::Options,
        each: impl FnMut(Article) -> anyhow::Result<()>,
    ) -> anyhow::Result<FileReport> {
        match self {
            Opened::Dump(dump) => dump.read(file, options, each),
            Opened::Bundle(bundle) => read_bundle(bundle, file, options, each),
        }
    }
}

/// Reads each member of `bundle` (the walked `file`) as a dump: named
/// `file`'s path and the member's, sniffed as files are. A member that is
/// no dump is counted as skipped; a damaged one is a warning naming it.
fn read_bundle(
    bundle: Bundle,
    file: &Found,
    options: &formats::Options,
    mut each: impl FnMut(Article) -> anyhow::Result<()>,
) -> anyhow::Result<FileReport> {
    let mut report = FileReport::default();
    let walked = paths::shown(&file.path, None);
    // Warnings past the first `MAX_WARNINGS` of the bundle are counted, not
    // kept, so a bundle of a million damaged members costs no memory.
    let mut unshown = 0u64;
    let warn = |report: &mut FileReport, unshown: &mut u64, warning: String| {
        if report.warnings.len() < MAX_WARNINGS {
            report.warnings.push(warning);
        } else {
            *unshown += 1;
        }
    };
    for entry in bundle.members() {
        let member = match entry {
            Entry::Member(member) => member,
            Entry::Skipped { name, reason } => {
                let documentation = reason == MemberSkip::Walk(SkipReason::Documentation);
                report.skip_member(
                    &format!("{walked}/{name}"),
                    reason.to_string(),
                    documentation,
                );
                continue;
            }
            Entry::Damaged { name, reason } => {
                let warning = match name {
                    Some(name) => format!("{walked}/{name}: {reason}"),
                    None => format!("{walked}: {reason}"),
                };
                report.damaged = true;
                warn(&mut report, &mut unshown, warning);
                continue;
            }
        };
        let found = Found {
            path: file.path.join(&member.name),
            key: format!("{}/{}", file.key, member.name),
            size: member.size,
            mtime_ns: file.mtime_ns,
        };
        let shown = format!("{walked}/{}", member.name);
        let dump = match member.open() {
            Ok(lines) => recognise(lines, &found.path, options),
            Err(MemberError::Read(err)) => Err(FileError::Read(err)),
            Err(MemberError::Skip(reason)) => {
                report.skip_member(&shown, reason.to_string(), false);
                continue;
            }
        };
        let dump = match dump {
            Ok(dump) => dump,
            // Damage, not a kind of file: a warning, as inside a file.
            Err(FileError::Read(ReadError::Io(err))) => {
                report.damaged = true;
                warn(
                    &mut report,
                    &mut unshown,
                    format!("{shown}: cannot read: {err}"),
                );
                continue;
            }
            Err(err) => {
                report.skip_member(&shown, err.to_string(), false);
                continue;
            }
        };
        let read = dump.read(&found, options, &mut each)?;
        report.articles += read.articles;
        report.damaged |= read.damaged;
        // Records holding no article (a listing page) count as in a file;
        // the bundle names the first `MAX_WARNINGS` of them.
        let warning_count = read.warning_count();
        for (kind, n) in read.skipped {
            *report.skipped.entry(kind).or_default() += n;
        }
        let room = MAX_WARNINGS.saturating_sub(report.notes.len());
        report.notes.extend(read.notes.into_iter().take(room));
        if report.warnings.len() < MAX_WARNINGS {
            report.more_warnings += read.more_warnings;
            report.counting_lines += read.counting_lines;
            report.warnings.extend(read.warnings);
        } else {
            unshown += warning_count;
        }
    }
    if unshown > 0 {
        report.more_warnings += unshown;
        report.counting_lines += 1;
        report.warnings.push(format!(
            "{walked}: {unshown} more warning(s) in its members not shown"
        ));
    }
    if report.more_skipped > 0 {
        report.skipped_members.push(SkippedMember {
            shown: format!(
                "{walked}: {} more skipped member(s) not named",
                report.more_skipped
            ),
            reason: None,
            documentation: false,
        });
    }
    Ok(report)
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
        // Records without an article past the notes kept: counted, not named.
        let mut unnoted = 0u64;
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
                    // Said of the last record only; the format may still
                    // hand out what it held, repaired.
                    report.damaged |= cut_at_end(&reason);
                    report.record_warning(|| format!("{shown}:{line}: {reason}"));
                }
                Err(RecordError::Skipped { line, kind, reason }) => {
                    *report.skipped.entry(kind.to_string()).or_default() += 1;
                    if report.notes.len() < MAX_WARNINGS {
                        report.notes.push(format!("{shown}:{line}: {reason}"));
                    } else {
                        unnoted += 1;
                    }
                }
                Err(RecordError::Tallied {
                    line,
                    counts,
                    reason,
                }) => {
                    for (kind, n) in counts {
                        *report.skipped.entry(kind).or_default() += n;
                    }
                    report.notes.push(format!("{shown}:{line}: {reason}"));
                }
                Err(RecordError::Io(err)) => {
                    report.damaged = true;
                    report.warnings.push(format!(
                        "{shown}: read error after {ordinal} article(s), rest of file skipped: {err}"
                    ));
                }
            }
        }
        if unnoted > 0 {
            report.notes.push(format!(
                "{shown}: {unnoted} more record(s) without an article not shown"
            ));
        }
        if report.more_warnings > 0 {
            report.counting_lines += 1;
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

/// True when a record warning says the record was still open when the file
/// ended (`record not closed by </REUTERS> at end of file`): a file cut
/// short, as an interrupted download leaves it. The formats word it so;
/// `RecordError` has no variant of its own for it yet.
fn cut_at_end(reason: &str) -> bool {
    reason.ends_with("at end of file")
}
