//! `newsdex index`: walk, parse and index dumps, incrementally, in
//! parallel, with checkpoints, folding duplicate stories.
//!
//! A file whose size and modification time match its `file` document is
//! not read again, nor is one whose bytes hash the same (only touched); a
//! changed file's articles are replaced; a file gone from a walked folder
//! has its articles removed. A file that cannot be read keeps whatever the
//! index already had of it. A story already indexed (same fingerprint) is
//! recorded as seen again instead of indexed twice; when its indexed copy
//! goes, a file holding another copy is read again so the story stays.
//!
//! What is indexed is committed every `--checkpoint` seconds and at the
//! end. A file's `file` document follows its articles, so a commit holds
//! it only with all of them; a run killed at any moment leaves the last
//! commit, and the next run reads again exactly the files it had not
//! finished (removing what it had of them first).

mod hash;
mod pipeline;
mod progress;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::config::IndexConfig;
use crate::dump::FileError;
use crate::index::{self, FileEntry, NewsIndex};
use crate::paths;
use crate::walk::{self, Found, SkipReason};
use pipeline::Message;
use progress::Progress;

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Files read and indexed by this run.
    pub files_indexed: u64,
    /// Files left as indexed: the same size and mtime, or only touched
    /// (the same bytes).
    pub files_unchanged: u64,
    /// Files gone from a walked folder, their articles removed.
    pub files_removed: u64,
    /// Unchanged files read again to restore stories whose indexed copy went.
    pub files_reread: u64,
    /// Articles indexed, not counting the stories folded.
    pub articles: u64,
    /// Stories already indexed, recorded as seen again.
    pub folded: u64,
    /// Size of the files read, on disk (compressed, if they are): the
    /// summary's MB/s.
    pub bytes: u64,
    /// Commits made: the checkpoints and the last one.
    pub commits: u64,
    /// Record warnings in the files read, printed or not.
    pub warnings: u64,
    /// Skipped files by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Records holding no article (listing pages...), by kind.
    pub no_article: BTreeMap<&'static str, u64>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Summary {
    /// The line `newsdex index` ends with on stderr: what was indexed into
    /// `index_dir`, how fast, and what was folded, kept, removed or skipped.
    pub fn line(&self, index_dir: &Path) -> String {
        let seconds = self.elapsed.as_secs_f64();
        let mut line = format!(
            "indexed {} article(s) from {} file(s) into {} in {:.2} s",
            self.articles,
            self.files_indexed,
            paths::shown(index_dir, None),
            seconds
        );
        if self.bytes > 0 && seconds > 0.0 {
            line += &format!(" ({:.1} MB/s)", self.bytes as f64 / 1e6 / seconds);
        }
        if self.folded > 0 {
            line += &format!(
                "; {} duplicate stor{} folded",
                self.folded,
                if self.folded == 1 { "y" } else { "ies" }
            );
        }
        if self.files_unchanged > 0 {
            line += &format!("; {} file(s) unchanged", self.files_unchanged);
        }
        if self.files_removed > 0 {
            line += &format!(
                "; {} file(s) gone, their articles removed",
                self.files_removed
            );
        }
        if self.files_reread > 0 {
            line += &format!(
                "; {} unchanged file(s) read again for stories whose indexed copy went",
                self.files_reread
            );
        }
        if !self.skipped.is_empty() {
            let total: u64 = self.skipped.values().sum();
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(r, n)| format!("{n} {r}"))
                .collect();
            line += &format!("; skipped {total} file(s): {}", reasons.join(", "));
        }
        if !self.no_article.is_empty() {
            let total: u64 = self.no_article.values().sum();
            let kinds: Vec<String> = self
                .no_article
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect();
            line += &format!(
                "; skipped {total} record(s) holding no article ({})",
                kinds.join(", ")
            );
        }
        if self.warnings > 0 {
            line += &format!("; {} warning(s) above", self.warnings);
        }
        line
    }
}

/// What a run will do, decided against the last commit before anything is
/// read.
#[derive(Default)]
struct Plan {
    /// Files to read, in order.
    read: Vec<Found>,
    /// Files whose documents go first (changed, gone, unfinished, or read
    /// again).
    remove: BTreeSet<String>,
    /// Touched files: only their `file` document is replaced.
    touched: Vec<(String, FileEntry)>,
    /// Fingerprints of the stories indexed and staying.
    primaries: HashSet<u64>,
}

/// Brings the index in `config.index_dir` up to date with the dumps under
/// `config.paths`. A file that cannot be read is skipped and counted in
/// the summary, not an error; a run that fails keeps the last commit.
pub fn run(config: &IndexConfig) -> anyhow::Result<Summary> {
    let started = Instant::now();
    if !config.paths.iter().any(|p| p.exists()) && !index::exists(&config.index_dir) {
        let shown: Vec<String> = config.paths.iter().map(|p| paths::shown(p, None)).collect();
        anyhow::bail!(
            "nothing to index: {} not found (name the dump files or folders to index)",
            shown.join(", ")
        );
    }
    let news = if config.rebuild {
        NewsIndex::recreate(&config.index_dir)?
    } else {
        NewsIndex::open_or_create(&config.index_dir)?
    };
    let mut writer = news.writer(config.threads, config.memory)?;
    let mut summary = Summary::default();
    let plan = plan(config, &news, &mut summary)?;

    writer.atomically(|writer| -> anyhow::Result<()> {
        for (key, entry) in &plan.touched {
            writer.delete_file_entry(key)?;
            writer.add_file_entry(key, entry)?;
        }
        for key in &plan.remove {
            writer.delete_path(key);
        }
        let mut primaries = plan.primaries;
        let bytes: u64 = plan.read.iter().map(|f| f.size).sum();
        let progress = Progress::new(config.progress, bytes, plan.read.len() as u64);
        let mut last_commit = Instant::now();
        let mut done_bytes = 0;
        let mut entry = FileEntry::default();
        pipeline::run(
            &plan.read,
            &news,
            &config.options,
            config.threads,
            |i, message| {
                let file = &plan.read[i];
                let ends_file = !matches!(message, Message::Articles(_));
                match message {
                    Message::Articles(batch) => {
                        let mut at = 0;
                        for prepared in batch {
                            at = prepared.source.offset;
                            if primaries.insert(prepared.fingerprint) {
                                writer.add(prepared.document)?;
                                entry.articles += 1;
                            } else {
                                let folded =
                                    news.folded_document(&prepared.source, prepared.fingerprint);
                                writer.add(folded)?;
                                entry.folded += 1;
                            }
                        }
                        let at = done_bytes + at.min(file.size);
                        progress.update(at, i as u64, summary.articles + entry.articles);
                    }
                    Message::Done { report, hash } => {
                        for note in &report.notes {
                            progress.suspend(|| crate::message!("skipped {note}"));
                        }
                        for warning in &report.warnings {
                            progress.suspend(|| crate::warning!("{warning}"));
                        }
                        for (kind, n) in &report.skipped {
                            *summary.no_article.entry(kind).or_default() += n;
                        }
                        summary.warnings += report.warning_count();
                        summary.files_indexed += 1;
                        summary.articles += entry.articles;
                        summary.folded += entry.folded;
                        summary.bytes += file.size;
                        let finished = FileEntry {
                            size: file.size,
                            mtime_ns: file.mtime_ns,
                            hash,
                            ..std::mem::take(&mut entry)
                        };
                        writer.add_file_entry(&file.key, &finished)?;
                    }
                    Message::Failed(err) => {
                        entry = FileEntry::default();
                        progress.suspend(|| {
                            crate::message!("skipped {}: {err}", paths::shown(&file.path, None))
                        });
                        *summary.skipped.entry(reason_key(&err)).or_default() += 1;
                    }
                }
                if ends_file {
                    done_bytes += file.size;
                    progress.update(done_bytes, i as u64 + 1, summary.articles);
                }
                if last_commit.elapsed() >= config.checkpoint {
                    writer.commit().context("committing a checkpoint")?;
                    summary.commits += 1;
                    last_commit = Instant::now();
                }
                Ok(())
            },
        )?;
        progress.finish();
        writer.commit()?;
        summary.commits += 1;
        Ok(())
    })?;
    writer.finish().with_context(|| {
        format!(
            "merging segments of {}",
            paths::shown(&config.index_dir, None)
        )
    })?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Decides what to read and what to remove, against the last commit.
fn plan(config: &IndexConfig, news: &NewsIndex, summary: &mut Summary) -> anyhow::Result<Plan> {
    let searcher = news.searcher()?;
    let manifest = news.manifest_of(&searcher)?;
    let mut plan = Plan::default();
    let (found, skipped) = walk::walk(&config.paths, std::slice::from_ref(&config.index_dir));
    // Files that exist, by key: what the manifest lists under a walked root
    // and is not here any more has its articles removed.
    let mut present: HashSet<String> = HashSet::new();
    for skip in skipped {
        if skip.reason != SkipReason::Documentation {
            crate::message!(
                "skipped {}: {}",
                paths::shown(&skip.path, None),
                skip.reason
            );
        }
        if skip.reason != SkipReason::Missing {
            let key = paths::key(&skip.path);
            // No longer taken for a dump (now a FIFO, say): stale.
            if manifest.files.contains_key(&key) {
                plan.remove.insert(key.clone());
            }
            present.insert(key);
        }
        *summary.skipped.entry(skip.reason.to_string()).or_default() += 1;
    }
    for file in found {
        present.insert(file.key.clone());
        let Some(known) = manifest.files.get(&file.key) else {
            plan.read.push(file);
            continue;
        };
        if known.size == file.size && known.mtime_ns == file.mtime_ns {
            summary.files_unchanged += 1;
            continue;
        }
        // Read it now: a file that cannot be read keeps its articles.
        let hash = match hash::content_hash(&file.path) {
            Ok(hash) => hash,
            Err(err) => {
                crate::message!(
                    "skipped {}: cannot read: {err}; its {} indexed article(s) are kept",
                    paths::shown(&file.path, None),
                    known.articles
                );
                *summary.skipped.entry("unreadable".into()).or_default() += 1;
                continue;
            }
        };
        if known.size == file.size && known.hash == hash {
            summary.files_unchanged += 1;
            let touched = FileEntry {
                mtime_ns: file.mtime_ns,
                ..known.clone()
            };
            plan.touched.push((file.key.clone(), touched));
            continue;
        }
        plan.remove.insert(file.key.clone());
        plan.read.push(file);
    }
    let roots: Vec<String> = config.paths.iter().map(|p| paths::key(p)).collect();
    for key in manifest.files.keys() {
        if !present.contains(key) && roots.iter().any(|root| paths::is_under(key, root)) {
            plan.remove.insert(key.clone());
            summary.files_removed += 1;
        }
    }
    // What a killed run left half done is removed and read again.
    let reading: HashSet<String> = plan.read.iter().map(|f| f.key.clone()).collect();
    for key in news.unfinished_files(&searcher, &manifest)? {
        if !reading.contains(&key) && Path::new(&key).is_file() && present.contains(&key) {
            plan.read.extend(stat(&key));
        }
        plan.remove.insert(key);
    }
    if plan.read.is_empty() && plan.remove.is_empty() {
        return Ok(plan);
    }

    // Deduplication: the stories that stay indexed, and the files to read
    // again because the indexed copy of a story they repeat is going.
    plan.primaries = news.primaries(&searcher)?;
    let mut going: Vec<String> = plan.remove.iter().cloned().collect();
    let folded = news.folded_records(&searcher)?;
    while !going.is_empty() {
        for key in &going {
            for fingerprint in news.fingerprints_under(&searcher, key)? {
                plan.primaries.remove(&fingerprint);
            }
        }
        going = folded
            .iter()
            .filter(|(fingerprint, key)| {
                !plan.remove.contains(key) && !plan.primaries.contains(fingerprint)
            })
            .map(|(_, key)| key.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for key in &going {
            plan.remove.insert(key.clone());
            match stat(key) {
                Some(file) => {
                    plan.read.push(file);
                    summary.files_reread += 1;
                }
                None => crate::warning!(
                    "{} is gone; stories recorded in it as duplicates are lost with their indexed copy",
                    paths::PathStyle::current_dir().show(key)
                ),
            }
        }
    }
    Ok(plan)
}

/// A file named by its key, as the walk would have found it.
fn stat(key: &str) -> Option<Found> {
    let path = Path::new(key);
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    Some(Found {
        path: path.to_path_buf(),
        key: key.to_string(),
        size: meta.len(),
        mtime_ns,
    })
}

/// A short reason to count skipped files by.
fn reason_key(err: &FileError) -> String {
    match err {
        FileError::Read(crate::read::ReadError::Io(_)) => "unreadable".into(),
        other => other.to_string(),
    }
}
