//! `--rebuild` beside the old index, switched to in one atomic step.
//!
//! The new index is built in a hidden folder beside the old one
//! (`.NAME.rebuild` for an index folder `NAME`) while the old one stays
//! whole and searchable; at the end the new index's files are moved into
//! the index folder (their names are new, so nothing of the old index is
//! touched) and its `meta.json` is renamed over the old one. That rename
//! is the switch: a search, or a kill, sees either the old index or the
//! new, never a mix nor none. The old index's writer lock is held
//! throughout, so no other run writes to it meanwhile. A rebuild killed
//! part-way leaves its hidden folder (and at most some unused files in the
//! index folder, listed as tantivy's, which its next commit removes): the
//! next run on the index removes the folder. It neither decides what goes
//! into the index nor writes documents; `commands::index` does.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use tantivy::directory::{Directory, DirectoryLock, MmapDirectory, INDEX_WRITER_LOCK};
use tantivy::Index;

use super::{shown, IndexError, NewsIndex, THREAD_MEMORY_MIN};

/// tantivy's list of the files it manages in an index folder.
const MANAGED: &str = ".managed.json";
/// The file whose replacement commits an index.
const META: &str = "meta.json";

/// A rebuild of the index in `dir`, under way in the folder beside it.
pub struct Rebuild {
    /// The index folder, as named.
    dir: PathBuf,
    /// The folder beside it the new index is built in.
    beside: PathBuf,
    /// The old index's writer lock, held until the switch.
    lock: Option<DirectoryLock>,
    /// Whether the new index replaced the old one.
    switched: bool,
}

/// The folder beside the index folder `dir` a rebuild of it is built in;
/// `None` for a folder with no name (the root).
pub fn beside(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    let dir = dir.canonicalize().unwrap_or(dir);
    let name = dir.file_name()?.to_string_lossy().into_owned();
    Some(dir.with_file_name(format!(".{name}.rebuild")))
}

/// Removes what a rebuild of `dir` killed part-way left beside it; true
/// when there was something. The caller holds `dir`'s writer lock, so no
/// rebuild of it is under way.
pub fn clear_leftover(dir: &Path) -> Result<bool, IndexError> {
    let Some(beside) = beside(dir) else {
        return Ok(false);
    };
    match std::fs::remove_dir_all(&beside) {
        Ok(()) => Ok(true),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(IndexError::Io {
            path: shown(&beside),
            source,
        }),
    }
}

impl Rebuild {
    /// Locks the index in `dir` against other writers and starts an empty
    /// index of the current schema beside it; the `NewsIndex` is that new
    /// index, named as `dir` in its messages.
    pub fn begin(dir: &Path) -> Result<(Rebuild, NewsIndex), IndexError> {
        let io_err = |path: &Path, source: io::Error| IndexError::Io {
            path: shown(path),
            source,
        };
        let directory =
            MmapDirectory::open(dir).map_err(|e| io_err(dir, io::Error::other(e.to_string())))?;
        let lock = directory
            .acquire_lock(&INDEX_WRITER_LOCK)
            .map_err(|_| IndexError::Locked(shown(dir)))?;
        let beside = beside(dir).ok_or_else(|| {
            io_err(
                dir,
                io::Error::other("no folder beside it to rebuild it in; name another --index"),
            )
        })?;
        clear_leftover(dir)?;
        let rebuild = Rebuild {
            dir: dir.to_path_buf(),
            beside,
            lock: Some(lock),
            switched: false,
        };
        let mut news = NewsIndex::create(&rebuild.beside)?;
        news.dir = dir.to_path_buf();
        Ok((rebuild, news))
    }

    /// Replaces the old index with the new one, which must be committed
    /// and its writer finished. Up to the rename of `meta.json` the old
    /// index is the one in use; after it, the new one.
    pub fn finish(mut self) -> Result<(), IndexError> {
        let io_err = |path: &Path| {
            let path = shown(path);
            move |source: io::Error| IndexError::Io { path, source }
        };
        let new = managed(&self.beside);
        let old = managed(&self.dir);
        // Listed first, so that files moved in and never used (a kill
        // before the switch) are tantivy's to remove at its next commit.
        let both: BTreeSet<&String> = old.iter().chain(new.iter()).collect();
        let listing = self.beside.join(".managed.json.next");
        let text = serde_json::to_vec(&both).unwrap_or_default();
        std::fs::write(&listing, text).map_err(io_err(&listing))?;
        std::fs::rename(&listing, self.dir.join(MANAGED)).map_err(io_err(&self.dir))?;
        for name in &new {
            match std::fs::rename(self.beside.join(name), self.dir.join(name)) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => {
                    return Err(io_err(&self.dir)(err))
                }
                _ => {}
            }
        }
        std::fs::rename(self.beside.join(META), self.dir.join(META)).map_err(io_err(&self.dir))?;
        self.switched = true;
        // The old index's files go as tantivy removes files no commit
        // uses, under its own locks (a search opening them meanwhile keeps
        // them); if another writer took the index already, its commit will.
        drop(self.lock.take());
        if let Ok(index) = Index::open_in_dir(&self.dir) {
            if let Ok(index_writer) =
                index.writer_with_num_threads::<tantivy::TantivyDocument>(1, THREAD_MEMORY_MIN)
            {
                let _ = index_writer.garbage_collect_files().wait();
            }
        }
        std::fs::remove_dir_all(&self.beside).map_err(io_err(&self.beside))?;
        Ok(())
    }
}

impl Drop for Rebuild {
    /// A rebuild that failed (not killed) removes what it built; the old
    /// index was never touched.
    fn drop(&mut self) {
        if !self.switched {
            let _ = std::fs::remove_dir_all(&self.beside);
        }
    }
}

/// The files tantivy lists as its own in `dir`: plain names only, and not
/// the two files every index has (`meta.json`, the list itself).
fn managed(dir: &Path) -> Vec<String> {
    let names: Vec<String> = std::fs::read(dir.join(MANAGED))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    names
        .into_iter()
        .filter(|name| Path::new(name).file_name() == Some(std::ffi::OsStr::new(name)))
        .filter(|name| name != META && name != MANAGED)
        .collect()
}
