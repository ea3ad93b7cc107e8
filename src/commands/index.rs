//! `newsdex index`: walk, parse and index dumps, incrementally.
//!
//! A file whose size and modification time match the index's manifest is
//! not read again; a changed file's articles are replaced; a file gone from
//! a walked folder has its articles removed. A file that cannot be read
//! keeps whatever the index already had of it. Everything lands in one
//! commit, so an interrupted run leaves the previous index intact.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::{open_dump, FileError};
use crate::cli::IndexConfig;
use crate::index::{self, FileEntry, NewsIndex};
use crate::read::ReadError;
use crate::walk::{self, display};

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub files_indexed: u64,
    pub files_unchanged: u64,
    pub files_removed: u64,
    pub articles: u64,
    pub warnings: u64,
    /// Skipped files by reason.
    pub skipped: BTreeMap<String, u64>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn line(&self, index_dir: &Path) -> String {
        let mut line = format!(
            "indexed {} article(s) from {} file(s) into {} in {:.2} s",
            self.articles,
            self.files_indexed,
            display(index_dir),
            self.elapsed.as_secs_f64()
        );
        if self.files_unchanged > 0 {
            line += &format!("; {} file(s) unchanged", self.files_unchanged);
        }
        if self.files_removed > 0 {
            line += &format!(
                "; {} file(s) gone, their articles removed",
                self.files_removed
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
        if self.warnings > 0 {
            line += &format!("; {} warning(s) above", self.warnings);
        }
        line
    }
}

pub fn run(config: &IndexConfig) -> anyhow::Result<Summary> {
    let started = Instant::now();
    if !config.paths.iter().any(|p| p.exists()) && !index::exists(&config.index_dir) {
        let shown: Vec<String> = config.paths.iter().map(|p| display(p)).collect();
        anyhow::bail!(
            "nothing to index: {} not found (name the dump files or folders to index)",
            shown.join(", ")
        );
    }
    let news = NewsIndex::open_or_create(&config.index_dir)?;
    let mut index_writer = news.writer()?;
    let mut manifest = if config.rebuild {
        index_writer
            .delete_all_documents()
            .with_context(|| format!("clearing the index at {}", display(&config.index_dir)))?;
        Default::default()
    } else {
        news.manifest()?
    };

    let mut summary = Summary::default();
    let (found, skipped) = walk::walk(&config.paths, std::slice::from_ref(&config.index_dir));
    // Files that exist, by key: what the manifest lists under a walked root
    // and is not here any more has its articles removed.
    let mut present: HashSet<String> = HashSet::new();
    for skip in skipped {
        if skip.reason != "documentation" {
            eprintln!("newsdex: skipped {}: {}", display(&skip.path), skip.reason);
        }
        if !skip.missing {
            present.insert(walk::key(&skip.path));
        }
        *summary.skipped.entry(skip.reason).or_default() += 1;
    }

    let result = (|| -> anyhow::Result<()> {
        for file in &found {
            let shown = display(&file.path);
            present.insert(file.key.clone());
            let known = manifest.files.get(&file.key);
            if known.is_some_and(|e| e.size == file.size && e.mtime_ns == file.mtime_ns) {
                summary.files_unchanged += 1;
                continue;
            }
            let had_articles = known.is_some();
            let dump = match open_dump(&file.path, &config.options) {
                Ok(dump) => dump,
                Err(err) => {
                    eprintln!("newsdex: skipped {shown}: {err}");
                    *summary.skipped.entry(reason_key(&err)).or_default() += 1;
                    if had_articles && !matches!(err, FileError::Read(ReadError::Io(_))) {
                        // Readable, but no longer a dump (emptied, overwritten):
                        // its old articles are stale. An unreadable file keeps them.
                        news.delete_path(&index_writer, &file.key);
                        manifest.files.remove(&file.key);
                        summary.files_removed += 1;
                    }
                    continue;
                }
            };
            if had_articles {
                news.delete_path(&index_writer, &file.key);
            }
            let report = dump
                .read(file, &config.options, |article| {
                    news.add(&index_writer, &article)
                        .map_err(anyhow::Error::from)
                })
                .with_context(|| format!("indexing {shown}"))?;
            for warning in &report.warnings {
                eprintln!("newsdex: warning: {warning}");
            }
            summary.warnings += report.warnings.len() as u64;
            summary.files_indexed += 1;
            summary.articles += report.articles;
            manifest.files.insert(
                file.key.clone(),
                FileEntry {
                    size: file.size,
                    mtime_ns: file.mtime_ns,
                    articles: report.articles,
                },
            );
        }
        let roots: Vec<String> = config.paths.iter().map(|p| walk::key(p)).collect();
        let gone: Vec<String> = manifest
            .files
            .keys()
            .filter(|k| !present.contains(*k) && roots.iter().any(|root| walk::is_under(k, root)))
            .cloned()
            .collect();
        for key in gone {
            news.delete_path(&index_writer, &key);
            manifest.files.remove(&key);
            summary.files_removed += 1;
        }
        news.commit(&mut index_writer, &manifest)?;
        Ok(())
    })();
    if let Err(err) = result {
        let _ = index_writer.rollback();
        return Err(err);
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A short reason to count skipped files by.
fn reason_key(err: &FileError) -> String {
    match err {
        FileError::Read(crate::read::ReadError::Io(_)) => "unreadable".into(),
        other => other.to_string(),
    }
}
