//! A disk that fills up while indexing: the run fails with one line, "disk
//! full at DIR: N MB free; free some space and run again", the segment
//! files of what was not committed are removed, and every committed
//! article stays. Simulated by a tantivy `Directory` whose writes fail
//! with ENOSPC past a byte budget, as a full disk fails them; the last
//! test fills a real 8 MB tmpfs (it mounts one: root only, so ignored by
//! default). Issue 12.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use newsdex::article::Article;
use newsdex::index::NewsIndex;
use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, FileHandle, RamDirectory, TerminatingWrite, WatchCallback,
    WatchHandle, WritePtr,
};

use crate::util::{repo, TestEnv};

/// ENOSPC, as the system reports a full disk.
fn no_space() -> io::Error {
    io::Error::from_raw_os_error(28)
}

/// A RAM directory with room for `budget` more bytes, and the files that
/// are in it.
#[derive(Debug, Clone)]
struct SmallDisk {
    ram: RamDirectory,
    budget: Arc<AtomicI64>,
    files: Arc<Mutex<BTreeSet<PathBuf>>>,
}

impl SmallDisk {
    fn new() -> SmallDisk {
        SmallDisk {
            ram: RamDirectory::create(),
            budget: Arc::new(AtomicI64::new(i64::MAX)),
            files: Arc::default(),
        }
    }

    fn take(budget: &AtomicI64, bytes: usize) -> io::Result<()> {
        if budget.fetch_sub(bytes as i64, Ordering::SeqCst) < bytes as i64 {
            budget.store(0, Ordering::SeqCst);
            return Err(no_space());
        }
        Ok(())
    }

    fn files(&self) -> BTreeSet<PathBuf> {
        self.files.lock().unwrap().clone()
    }
}

/// A file being written on the small disk.
struct SmallFile {
    inner: WritePtr,
    budget: Arc<AtomicI64>,
}

impl Write for SmallFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        SmallDisk::take(&self.budget, buf.len())?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl TerminatingWrite for SmallFile {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.inner.terminate_ref(token)
    }
}

impl Directory for SmallDisk {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.ram.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.ram.delete(path)?;
        self.files.lock().unwrap().remove(path);
        Ok(())
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.ram.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let inner = self.ram.open_write(path)?;
        // On a disk a file is there once opened, whatever is written to it.
        self.ram
            .atomic_write(path, b"")
            .map_err(|io_error| OpenWriteError::wrap_io_error(io_error, path.to_path_buf()))?;
        self.files.lock().unwrap().insert(path.to_path_buf());
        Ok(io::BufWriter::new(Box::new(SmallFile {
            inner,
            budget: self.budget.clone(),
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.ram.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        SmallDisk::take(&self.budget, data.len())?;
        self.ram.atomic_write(path, data)?;
        self.files.lock().unwrap().insert(path.to_path_buf());
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.ram.sync_directory()
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.ram.watch(watch_callback)
    }
}

/// Article `n`, about 1 KB of words of its own.
fn article(n: u64) -> Article {
    let words: Vec<String> = (0..150).map(|i| format!("w{n}x{i}")).collect();
    Article {
        id: format!("a{n}"),
        headline: format!("Story number {n}"),
        date: None,
        location: None,
        country: None,
        places: Vec::new(),
        dateline: None,
        body: words.join(" "),
        caption: None,
        credit: None,
        author: None,
        section: None,
        url: None,
        language: None,
        crawled: None,
        format: "plain".into(),
        path: "/dumps/a.txt".into(),
        ordinal: n,
        line: 1,
        offset: 0,
    }
}

/// Articles the last commit of `news` holds.
fn committed(news: &NewsIndex) -> u64 {
    news.searcher().unwrap().num_docs()
}

/// The files of the committed segments, and the two every index has.
fn committed_files(news: &NewsIndex) -> BTreeSet<PathBuf> {
    let mut files: BTreeSet<PathBuf> = news
        .index
        .load_metas()
        .unwrap()
        .list_segment_files()
        .into_iter()
        .collect();
    files.insert(PathBuf::from("meta.json"));
    files.insert(PathBuf::from(".managed.json"));
    files
}

/// No file on `disk` but those of the last commit of `news`.
fn assert_only_committed(disk: &SmallDisk, news: &NewsIndex) {
    let files = disk.files();
    let committed = committed_files(news);
    let left: Vec<&PathBuf> = files.difference(&committed).collect();
    assert!(left.is_empty(), "files of no commit left: {left:?}");
    assert!(files.contains(Path::new("meta.json")), "{files:?}");
}

fn assert_disk_full(message: &str, dir: &Path) {
    let prefix = format!("disk full at {}: ", dir.display());
    let rest = message
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{message}"));
    let (mb, tail) = rest.split_once(' ').unwrap_or_default();
    assert!(mb.parse::<u64>().is_ok(), "{message}");
    assert_eq!(tail, "MB free; free some space and run again", "{message}");
}

/// Indexes articles `from..to` in one commit.
fn index(news: &NewsIndex, threads: usize, from: u64, to: u64) -> anyhow::Result<()> {
    let mut writer = news.writer(threads, 40 << 20)?;
    writer.atomically(|w| -> anyhow::Result<()> {
        for n in from..to {
            w.add(news.document(&article(n), n))?;
        }
        w.commit()?;
        Ok(())
    })
}

#[test]
fn disk_full_at_a_commit_keeps_the_last_one() {
    let dir = tempfile::tempdir().unwrap();
    let disk = SmallDisk::new();
    let news = NewsIndex::create_in(Box::new(disk.clone()), dir.path()).unwrap();
    index(&news, 1, 0, 50).unwrap();
    assert_eq!(committed(&news), 50);

    // Room for a few KB: the next commit's segment does not fit.
    disk.budget.store(20_000, Ordering::SeqCst);
    let err = index(&news, 1, 50, 500).unwrap_err();
    assert_eq!(err.chain().count(), 1, "one line: {err:?}");
    assert_disk_full(&err.to_string(), dir.path());
    assert_eq!(committed(&news), 50, "the last commit is kept");
    assert_only_committed(&disk, &news);

    // Space freed: the next run goes on from the last commit.
    disk.budget.store(i64::MAX, Ordering::SeqCst);
    index(&news, 1, 50, 500).unwrap();
    assert_eq!(committed(&news), 500);
}

#[test]
fn disk_full_while_adding_keeps_the_last_commit() {
    // A full indexing buffer is written as a segment while articles are
    // still being added: tantivy's own error is then "An index writer was
    // killed", the disk's is in the writer's thread.
    let dir = tempfile::tempdir().unwrap();
    let disk = SmallDisk::new();
    let news = NewsIndex::create_in(Box::new(disk.clone()), dir.path()).unwrap();
    index(&news, 1, 0, 50).unwrap();
    disk.budget.store(100_000, Ordering::SeqCst);
    let mut writer = news.writer(1, 20 << 20).unwrap();
    let mut added = 0;
    let err = writer
        .atomically(|w| -> anyhow::Result<()> {
            for n in 50..200_000 {
                w.add(news.document(&article(n), n))?;
                added += 1;
            }
            anyhow::bail!("the buffer never filled")
        })
        .unwrap_err();
    assert!(added < 199_950, "failed while adding, after {added}");
    assert_eq!(err.chain().count(), 1, "one line: {err:?}");
    assert_disk_full(&err.to_string(), dir.path());
    drop(writer);
    assert_eq!(committed(&news), 50);
    assert_only_committed(&disk, &news);
}

#[test]
#[ignore = "mounts an 8 MB tmpfs: needs root (run with --include-ignored as root)"]
fn a_real_full_disk_says_so_once_and_keeps_what_was_committed() {
    let env = TestEnv::new();
    // 5,000 articles of words of their own: an index of about 3 MB, well
    // over the space left, and well under the disk.
    let mut csv = String::from("headline,body\n");
    for n in 0..5_000 {
        let words: Vec<String> = (0..40).map(|i| format!("w{n}x{i}")).collect();
        csv += &format!("Story {n},{}\n", words.join(" "));
    }
    env.write("big/stories.csv", csv.as_bytes());
    env.copy(
        &repo("corpus/000_891f048a54a096e6.txt"),
        "small/000_891f048a54a096e6.txt",
    );
    let disk = env.path("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&disk)
        .status()
        .unwrap();
    assert!(mounted.success(), "mount a tmpfs (root only)");
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(disk.clone());

    env.run_ok(&["index", "small", "--index", "disk/idx"]);
    let before: BTreeSet<String> = names(&env.path("disk/idx"));
    // Leave about 500 KB free, then index the 5,000.
    let filler = vec![b'x'; 7_800_000];
    std::fs::write(env.path("disk/filler"), &filler).unwrap();
    let full = env.run(&["index", "big", "--index", "disk/idx"]);
    assert_eq!(full.code, 2, "{}", full.stderr);
    let lines: Vec<&str> = full.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", full.stderr);
    assert!(
        lines[0].starts_with("newsdex: error: disk full at disk/idx: ")
            && lines[0].ends_with(" MB free; free some space and run again"),
        "{}",
        full.stderr
    );
    let after = names(&env.path("disk/idx"));
    assert!(
        after.is_subset(&before),
        "segment files left: {:?}",
        after.difference(&before)
    );
    let stats = env.run_ok(&["stats", "--index", "disk/idx", "--json"]);
    assert_eq!(
        stats.object()["articles"],
        2,
        "the seed's two articles stay"
    );
    std::fs::remove_file(env.path("disk/filler")).unwrap();
    env.run_ok(&["index", "big", "--index", "disk/idx"]);
}

/// The names of the files in `dir` (tantivy's lock files aside).
fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect()
}
