//! Paths -> candidate dump files.
//!
//! Owns walking the files and folders a user names (walkdir, sorted by file
//! name, so runs are deterministic) and setting aside what is plainly not a
//! dump: hidden files, documentation, images and other known binary types.
//! Whether a file's content is a dump is decided later, by sniffing.
//!
//! Each file found carries its key, its identity in the index (`paths::key`).
//! A zip or tar bundle is one file to the walk; `bundle` walks its members
//! like a folder's files when it is read.

pub mod bundle;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::paths::key;

/// A file found by the walk, with its size and modification time.
#[derive(Debug, Clone)]
pub struct Found {
    /// The path as walked (what the user typed, and below it).
    pub path: PathBuf,
    /// The canonical absolute path: the file's identity.
    pub key: String,
    /// Size in bytes, on disk.
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch (0 when the
    /// system gives none).
    pub mtime_ns: i128,
}

/// A path set aside by the walk, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The path as walked.
    pub path: PathBuf,
    /// Why it is no dump, or could not be looked at.
    pub reason: SkipReason,
}

/// Why the walk set a path aside. `Display` is what follows
/// `skipped PATH: ` on stderr, and what the index summary counts by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The path does not exist (any more).
    Missing,
    /// It could not be read or stat'ed: the system's reason.
    Unreadable(String),
    /// The walk itself failed there (a symbolic link to a folder above it,
    /// the one error walkdir has of its own): walkdir's reason.
    Walk(String),
    /// A FIFO, socket or device.
    NotRegularFile,
    /// A README, LICENSE or Markdown file: documentation of a corpus.
    Documentation,
    /// An image, archive of code or other known binary type.
    NotText,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Missing => f.write_str("no such file or directory"),
            SkipReason::Unreadable(why) => write!(f, "cannot read: {why}"),
            SkipReason::Walk(why) => f.write_str(why),
            SkipReason::NotRegularFile => {
                f.write_str("not a regular file (a FIFO, socket or device)")
            }
            SkipReason::Documentation => f.write_str("documentation"),
            SkipReason::NotText => f.write_str("not a text dump (by extension)"),
        }
    }
}

impl SkipReason {
    /// What the index summary counts it under: its kind, with no path or
    /// system message in it ("symlink loop", "unreadable"), so two loops
    /// count as "2 symlink loops".
    pub fn kind(&self) -> String {
        match self {
            SkipReason::Unreadable(_) => "unreadable".into(),
            SkipReason::Walk(_) => LOOP.into(),
            other => other.to_string(),
        }
    }
}

/// The kind of a walk error: walkdir's only error that is not the
/// system's is a symbolic link to a folder above it.
pub const LOOP: &str = "symlink loop";

/// File extensions that are never dumps.
const NOT_DUMPS: &[&str] = &[
    "md", "markdown", "rst", "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "pdf", "exe",
    "dll", "so", "dylib", "o", "a", "class", "jar", "lock", "pyc", "wasm", "mp3", "mp4", "avi",
    "mov", "woff", "woff2", "ttf", "dtd",
];
/// File names (without extension, upper-cased) that document a corpus.
const DOC_NAMES: &[&str] = &[
    "README",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "SOURCE",
    "NOTICE",
    "CHANGELOG",
];

/// The paths of `roots` that do not exist (a link to nothing among them).
/// A path named on the command line that is not there is an error, not a
/// skip: a typo, or a disk not mounted, must not read as "gone" (and empty
/// the index of what it held). One that cannot be looked at is left to the
/// walk, which reports why.
pub fn missing(roots: &[PathBuf]) -> Vec<&Path> {
    roots
        .iter()
        .filter(|p| matches!(p.try_exists(), Ok(false)))
        .map(PathBuf::as_path)
        .collect()
}

/// Walks `roots` in order, each sorted by file name, leaving out the
/// folders in `exclude` (the index being written, say).
pub fn walk(roots: &[PathBuf], exclude: &[PathBuf]) -> (Vec<Found>, Vec<Skipped>) {
    let excluded: Vec<String> = exclude
        .iter()
        .filter(|p| p.exists())
        .map(|p| key(p))
        .collect();
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let skip = |path: PathBuf, reason: SkipReason| Skipped { path, reason };
    for root in roots {
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                (e.depth() == 0 || !is_hidden(e.file_name()))
                    && !(e.file_type().is_dir() && excluded.contains(&key(e.path())))
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let reason = match err.io_error() {
                        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                            SkipReason::Missing
                        }
                        Some(io) => SkipReason::Unreadable(io.to_string()),
                        None => SkipReason::Walk(err.to_string()),
                    };
                    skipped.push(skip(path, reason));
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.path().to_path_buf();
            if !entry.file_type().is_file() {
                skipped.push(skip(path, SkipReason::NotRegularFile));
                continue;
            }
            if let Some(reason) = not_a_dump(&path) {
                skipped.push(skip(path, reason));
                continue;
            }
            match entry.metadata() {
                Ok(meta) => {
                    let mtime_ns = meta
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_nanos() as i128);
                    found.push(Found {
                        key: key(&path),
                        path,
                        size: meta.len(),
                        mtime_ns,
                    });
                }
                Err(err) => skipped.push(skip(path, SkipReason::Unreadable(err.to_string()))),
            }
        }
    }
    (found, skipped)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn not_a_dump(path: &Path) -> Option<SkipReason> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if NOT_DUMPS.contains(&ext.as_str()) {
        return Some(if ext == "md" || ext == "markdown" || ext == "rst" {
            SkipReason::Documentation
        } else {
            SkipReason::NotText
        });
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_uppercase())
        .unwrap_or_default();
    DOC_NAMES
        .contains(&stem.as_str())
        .then_some(SkipReason::Documentation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_aside_what_is_not_a_dump() {
        let cases = [
            ("corpus/000_891f.txt", None),
            ("corpus/2017-09-20", None),
            ("corpus/README.md", Some(SkipReason::Documentation)),
            ("corpus/LICENSE", Some(SkipReason::Documentation)),
            ("corpus/photo.JPG", Some(SkipReason::NotText)),
            ("corpus/Cargo.lock", Some(SkipReason::NotText)),
        ];
        for (path, want) in cases {
            assert_eq!(not_a_dump(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn skip_reasons_read_as_before() {
        let cases = [
            (SkipReason::Missing, "no such file or directory"),
            (
                SkipReason::Unreadable("Permission denied (os error 13)".into()),
                "cannot read: Permission denied (os error 13)",
            ),
            (
                SkipReason::NotRegularFile,
                "not a regular file (a FIFO, socket or device)",
            ),
            (SkipReason::Documentation, "documentation"),
            (SkipReason::NotText, "not a text dump (by extension)"),
        ];
        for (reason, text) in cases {
            assert_eq!(reason.to_string(), text);
        }
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let (found, skipped) = walk(&[gone], &[]);
        assert!(found.is_empty());
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].reason, SkipReason::Missing);
    }
}
