//! The files `newsdex index` set aside, remembered in the index folder
//! (`newsdex-skipped.json`), so the next run names only the skipped files
//! that are new or changed and counts the others as known.
//!
//! A file is known when its key, size, modification time and kind of
//! reason are what the list has. The list is advice on what to print, no
//! part of the index: it is written after a run's last commit (a run that
//! fails leaves the list it found), tantivy neither lists nor removes it,
//! and one that is missing or does not read makes the next run name every
//! skipped file again. Whether a file is read again does not depend on it.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The list's file name in the index folder.
pub const FILE: &str = "newsdex-skipped.json";

/// The skipped files of the last runs, by key.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Skips {
    /// Each skipped file, by key (`key_of`).
    pub files: BTreeMap<String, Skip>,
}

/// A skipped file as it was when skipped.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Skip {
    /// Size in bytes (0 when it could not be looked at).
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch (0 when
    /// none).
    pub mtime_ns: i128,
    /// The kind of reason (`SkipReason::kind`, or the reader's).
    pub kind: String,
}

impl Skip {
    /// `path` as it is now, skipped for `kind`. With `follow`, the file a
    /// link leads to; without (a link to nothing, a link looping to a
    /// folder above it), the link itself: its target's folder changes
    /// with every file added to it.
    pub fn of(path: &Path, kind: String, follow: bool) -> Skip {
        let meta = if follow {
            std::fs::metadata(path).or_else(|_| std::fs::symlink_metadata(path))
        } else {
            std::fs::symlink_metadata(path)
        };
        let (size, mtime_ns) = meta.map_or((0, 0), |meta| {
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            (meta.len(), mtime_ns)
        });
        Skip {
            size,
            mtime_ns,
            kind,
        }
    }
}

/// The key a skipped path is listed under: its folder's key and its own
/// name, so a link is itself (two links looping to one folder are two
/// entries, not that folder twice).
pub fn key_of(path: &Path) -> String {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            Path::new(&crate::paths::key(parent))
                .join(name)
                .to_string_lossy()
                .into_owned()
        }
        _ => crate::paths::key(path),
    }
}

impl Skips {
    /// The list in the index folder `dir`; empty when there is none or it
    /// does not read.
    pub fn load(dir: &Path) -> Skips {
        std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Whether `key` was skipped as it is now, for the same kind of reason.
    pub fn is_known(&self, key: &str, skip: &Skip) -> bool {
        self.files.get(key) == Some(skip)
    }

    /// This list with what a run over `roots` (keys) skipped in place of
    /// what the list had under them; entries elsewhere stay.
    pub fn replace_under(&mut self, roots: &[String], seen: Skips) {
        self.files
            .retain(|key, _| !roots.iter().any(|root| crate::paths::is_under(key, root)));
        self.files.extend(seen.files);
    }

    /// Writes the list to the index folder `dir` (a whole new file renamed
    /// over the old one, so a reader never sees half of it).
    pub fn save(&self, dir: &Path) -> io::Result<()> {
        let temp = dir.join(format!(".{FILE}.tmp"));
        let bytes = serde_json::to_vec(self).map_err(io::Error::other)?;
        std::fs::write(&temp, bytes)?;
        std::fs::rename(&temp, dir.join(FILE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_file_is_known_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.bin");
        std::fs::write(&file, b"\x00").unwrap();
        let key = key_of(&file);
        let skip = Skip::of(&file, "binary".into(), true);
        assert_eq!(skip.size, 1);
        let mut skips = Skips::default();
        assert!(!skips.is_known(&key, &skip));
        skips.files.insert(key.clone(), skip.clone());
        skips.save(dir.path()).unwrap();
        let loaded = Skips::load(dir.path());
        assert_eq!(loaded, skips);
        assert!(loaded.is_known(&key, &skip));
        // Another reason, or another size: not known.
        assert!(!loaded.is_known(&key, &Skip::of(&file, "empty file".into(), true)));
        std::fs::write(&file, b"\x00\x00").unwrap();
        assert!(!loaded.is_known(&key, &Skip::of(&file, "binary".into(), true)));
        // A damaged list is an empty one.
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        assert_eq!(Skips::load(dir.path()), Skips::default());
    }

    #[test]
    fn a_run_replaces_what_it_walked_only() {
        let skip = |kind: &str| Skip {
            size: 1,
            mtime_ns: 2,
            kind: kind.into(),
        };
        let mut skips = Skips::default();
        skips.files.insert("/c/a/x".into(), skip("binary"));
        skips.files.insert("/c/ab/y".into(), skip("binary"));
        let mut seen = Skips::default();
        seen.files.insert("/c/a/z".into(), skip("empty file"));
        skips.replace_under(&["/c/a".into()], seen);
        let keys: Vec<&str> = skips.files.keys().map(String::as_str).collect();
        assert_eq!(keys, ["/c/a/z", "/c/ab/y"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_keyed_as_themselves() {
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("loop1");
        let two = dir.path().join("loop2");
        std::os::unix::fs::symlink(".", &one).unwrap();
        std::os::unix::fs::symlink(".", &two).unwrap();
        assert_ne!(key_of(&one), key_of(&two));
        assert!(key_of(&one).ends_with("/loop1"), "{}", key_of(&one));
    }
}
