//! Paths -> candidate dump files.
//!
//! Owns walking the files and folders a user names (walkdir, sorted by file
//! name, so runs are deterministic) and setting aside what is plainly not a
//! dump: hidden files, documentation, images and other known binary types.
//! Whether a file's content is a dump is decided later, by sniffing.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A file found by the walk, with its size and modification time.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub size: u64,
    pub mtime_ns: i128,
}

/// A path set aside by the walk, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

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

/// The path as users wrote it, without a leading `./`.
pub fn display(path: &Path) -> String {
    let shown = path.to_string_lossy();
    shown.strip_prefix("./").unwrap_or(&shown).to_string()
}

/// Walks `roots` in order, each sorted by file name.
pub fn walk(roots: &[PathBuf]) -> (Vec<Found>, Vec<Skipped>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let reason = match err.io_error() {
                        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                            "no such file or directory".to_string()
                        }
                        Some(io) => format!("cannot read: {io}"),
                        None => err.to_string(),
                    };
                    skipped.push(Skipped { path, reason });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path().to_path_buf();
            if let Some(reason) = not_a_dump(&path) {
                skipped.push(Skipped {
                    path,
                    reason: reason.to_string(),
                });
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
                        path,
                        size: meta.len(),
                        mtime_ns,
                    });
                }
                Err(err) => skipped.push(Skipped {
                    path,
                    reason: format!("cannot read: {err}"),
                }),
            }
        }
    }
    (found, skipped)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn not_a_dump(path: &Path) -> Option<&'static str> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if NOT_DUMPS.contains(&ext.as_str()) {
        return Some(if ext == "md" || ext == "markdown" || ext == "rst" {
            "documentation"
        } else {
            "not a text dump (by extension)"
        });
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_uppercase())
        .unwrap_or_default();
    DOC_NAMES
        .contains(&stem.as_str())
        .then_some("documentation")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_aside_what_is_not_a_dump() {
        let cases = [
            ("corpus/000_891f.txt", None),
            ("corpus/2017-09-20", None),
            ("corpus/README.md", Some("documentation")),
            ("corpus/LICENSE", Some("documentation")),
            ("corpus/photo.JPG", Some("not a text dump (by extension)")),
            ("corpus/Cargo.lock", Some("not a text dump (by extension)")),
        ];
        for (path, want) in cases {
            assert_eq!(not_a_dump(Path::new(path)), want, "{path}");
        }
        assert_eq!(display(Path::new("./corpus/a.txt")), "corpus/a.txt");
    }
}
