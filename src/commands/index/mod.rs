//! `newsdex index`: walk, parse and index dumps, incrementally, in
//! parallel, with checkpoints, folding duplicate stories.
//!
//! A file whose size and modification time match its `file` document is
//! not read again, nor is one whose bytes hash the same (only touched); a
//! changed file's articles are replaced; a file gone from a walked folder
//! has its articles removed. A file that cannot be read, is no longer a
//! regular file (a FIFO), or no longer reads cleanly to its end (a read
//! error part-way, a gzip cut short, its last record cut by the end of the
//! file) keeps whatever the index already had of it, its `file` document
//! too, so the next run tries it again; the summary counts what was kept.
//! A changed file that had articles is therefore replaced in place: the
//! run commits first, deletes the old articles as the new read begins,
//! and rolls back to that commit when the read does not end cleanly (no
//! checkpoint falls inside such a file). A file that shrank cleanly, fewer
//! records and no error, is replaced like any changed file. A story already indexed (same fingerprint) is
//! recorded as seen again instead of indexed twice; when its indexed copy
//! goes, a file holding another copy is read again so the story stays.
//!
//! What is indexed is committed every `--checkpoint` seconds and at the
//! end. A file's `file` document follows its articles, so a commit holds
//! it only with all of them; a run killed at any moment leaves the last
//! commit, and the next run reads again exactly the files it had not
//! finished (removing what it had of them first).
//!
//! A zip or tar bundle is one file to all of this: its `file` document
//! follows the articles of all its members (whose paths are the bundle's
//! and their own, `bundle.zip/inner/a.html`), so a changed bundle is read
//! again whole, an unchanged one skipped, a gone one's members removed, and
//! one a run was killed in is read again like any unfinished file.

pub mod budget;
mod hash;
pub(crate) mod pipeline;
mod progress;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::config::IndexConfig;
use crate::dump::FileError;
use crate::index::skips::{self, Skip, Skips};
use crate::index::{self, FileEntry, FingerprintSet, NewsIndex, Rebuild};
use crate::output::escape;
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
    /// Articles (and folded stories) of the unchanged files, as indexed.
    pub articles_unchanged: u64,
    /// Files gone from a walked folder, their articles removed.
    pub files_removed: u64,
    /// Unchanged files read again to restore stories whose indexed copy went.
    pub files_reread: u64,
    /// Indexed files that no longer read cleanly (cut short, unreadable,
    /// no longer a regular file), their articles kept as indexed.
    pub files_kept: u64,
    /// The articles kept of them.
    pub articles_kept: u64,
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
    /// Skipped files by kind of reason, named on stderr: new or changed
    /// since the last run, or holding indexed articles that are kept.
    pub skipped: BTreeMap<String, u64>,
    /// Skipped files known from earlier runs (the same, skipped for the
    /// same kind of reason): counted, not named again.
    pub skipped_known: u64,
    /// Records holding no article (listing pages...), by kind.
    pub no_article: BTreeMap<String, u64>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Summary {
    /// True when the paths indexed hold nothing the index keeps: no
    /// article read, unchanged or kept (exit code 1, "nothing found").
    pub fn nothing_indexed(&self) -> bool {
        self.articles + self.folded + self.articles_unchanged + self.articles_kept == 0
    }

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
        if self.files_kept > 0 {
            line += &format!(
                "; kept {} indexed article(s) of {} file(s) that no longer read cleanly",
                self.articles_kept, self.files_kept
            );
        }
        if !self.skipped.is_empty() {
            let total: u64 = self.skipped.values().sum();
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(r, n)| match r.as_str() {
                    walk::LOOP if *n != 1 => format!("{n} {r}s"),
                    _ => format!("{n} {r}"),
                })
                .collect();
            line += &format!("; skipped {total} file(s): {}", reasons.join(", "));
        }
        if self.skipped_known > 0 {
            line += &format!(
                "; {} skipped file(s) known from earlier runs",
                self.skipped_known
            );
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
    /// Changed files the index holds articles of, by key: those are removed
    /// only as the new read begins, and put back when it does not end
    /// cleanly.
    replace: BTreeMap<String, Replaced>,
    /// Fingerprints of the stories indexed and staying.
    primaries: FingerprintSet,
}

/// A changed file's articles as indexed, until its new read ends cleanly.
struct Replaced {
    /// Its `file` document.
    entry: FileEntry,
    /// The keys its documents are filed under: its own, and a bundle's
    /// members'.
    keys: Vec<String>,
    /// The fingerprints of its articles, indexed again if it is kept.
    fingerprints: Vec<u64>,
}

/// Brings the index in `config.index_dir` up to date with the dumps under
/// `config.paths`. A file that cannot be read is skipped and counted in
/// the summary, not an error; a run that fails keeps the last commit. A
/// named path that does not exist, an `--index` that is a file, or one
/// inside a folder being indexed (or holding a named path) is an error
/// before anything is read or written.
pub fn run(config: &IndexConfig) -> anyhow::Result<Summary> {
    let started = Instant::now();
    super::check_paths_exist(&config.paths, "index")?;
    index::check_folder(&config.index_dir)?;
    check_apart(&config.index_dir, &config.paths)?;
    // A rebuild of an index is built beside it, the old one searchable
    // until the new one replaces it at the end.
    let (news, rebuild) = if config.rebuild && index::exists(&config.index_dir) {
        let (rebuild, news) = Rebuild::begin(&config.index_dir)?;
        (news, Some(rebuild))
    } else if config.rebuild {
        (NewsIndex::recreate(&config.index_dir)?, None)
    } else {
        (NewsIndex::open_or_create(&config.index_dir)?, None)
    };
    let budget = budget::Budget::plan(config.threads, config.memory);
    let mut writer = news.writer(budget.writer_threads, budget.writer_memory)?;
    // The writer lock is ours: no rebuild of this index is under way.
    if rebuild.is_none() && index::rebuild::clear_leftover(&config.index_dir)? {
        crate::message!(
            "removed what a rebuild of {} killed part-way left beside it",
            paths::shown(&config.index_dir, None)
        );
    }
    let mut summary = Summary::default();
    // What earlier runs skipped; a rebuild starts afresh.
    let known_skips = if config.rebuild {
        Skips::default()
    } else {
        Skips::load(&config.index_dir)
    };
    let mut skips = Skipping {
        known: &known_skips,
        seen: Skips::default(),
    };
    let plan = plan(config, &news, &mut summary, &mut skips)?;

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
        // Whether anything is queued since the last commit.
        let mut pending = true;
        // The file whose messages are being consumed.
        let mut current = None;
        // While a changed file is read in place of its indexed articles: the
        // fingerprints its read made primary, so a rollback can undo them.
        let mut replacing: Option<Vec<u64>> = None;
        let options = crate::formats::Options {
            page_threads: pipeline::page_threads(budget.workers, plan.read.len()),
            ..config.options.clone()
        };
        pipeline::run(
            &plan.read,
            &news,
            &options,
            pipeline::Limits {
                workers: budget.workers,
                in_flight: budget.in_flight,
            },
            |i, message| {
                let file = &plan.read[i];
                let ends_file = !matches!(message, Message::Articles(_));
                let old = plan.replace.get(&file.key);
                if current != Some(i) {
                    current = Some(i);
                    if let Some(old) = old {
                        // Unreadable now: what the index has of it stays.
                        let unreadable = matches!(
                            message,
                            Message::Failed(FileError::Read(crate::read::ReadError::Io(_)))
                        );
                        if !matches!(message, Message::Failed(_)) {
                            // The rollback point, should the read not end
                            // cleanly: only this file is queued after it.
                            if pending {
                                writer.commit().context("committing before a changed file")?;
                                summary.commits += 1;
                                last_commit = Instant::now();
                            }
                            replacing = Some(Vec::new());
                        }
                        if unreadable {
                            primaries.extend(old.fingerprints.iter().copied());
                        } else {
                            for key in &old.keys {
                                writer.delete_path(key);
                            }
                            pending = true;
                        }
                    }
                }
                match message {
                    Message::Articles(batch) => {
                        let mut at = 0;
                        for prepared in batch {
                            at = prepared.source.offset;
                            if primaries.insert(prepared.fingerprint) {
                                writer.add(prepared.document)?;
                                entry.articles += 1;
                                if let Some(made) = &mut replacing {
                                    made.push(prepared.fingerprint);
                                }
                            } else {
                                let folded =
                                    news.folded_document(&prepared.source, prepared.fingerprint);
                                writer.add(folded)?;
                                entry.folded += 1;
                            }
                        }
                        pending = true;
                        let at = done_bytes + at.min(file.size);
                        progress.update(at, i as u64, summary.articles + entry.articles);
                    }
                    Message::Done { report, hash } => {
                        // Named as skipped files are: documentation is not.
                        for skipped in report.skipped_members.iter().filter(|s| !s.documentation) {
                            progress.suspend(|| crate::message!("{}", escape::escape(&skipped.to_string())));
                        }
                        for (reason, count) in &report.members_skipped {
                            // By kind: "cannot read: <the system's reason>"
                            // is "unreadable", as a file's is.
                            let kind = if reason.starts_with("cannot read") {
                                "unreadable".to_string()
                            } else {
                                reason.clone()
                            };
                            *summary.skipped.entry(kind).or_default() += *count;
                        }
                        for note in &report.notes {
                            progress.suspend(|| crate::message!("skipped {}", escape::escape(note)));
                        }
                        for warning in &report.warnings {
                            progress.suspend(|| crate::warning!("{}", escape::escape(warning)));
                        }
                        for (kind, n) in &report.skipped {
                            *summary.no_article.entry(kind.clone()).or_default() += n;
                        }
                        summary.warnings += report.warning_count();
                        summary.bytes += file.size;
                        if let (true, Some(old), Some(made)) =
                            (report.damaged, old, replacing.take())
                        {
                            // Cut short: a part of the file is no reason to
                            // drop the whole of it. Its `file` document stays
                            // too, so the next run reads it again.
                            writer.rollback().context("putting back a file's articles")?;
                            pending = false;
                            for fingerprint in made {
                                primaries.remove(&fingerprint);
                            }
                            primaries.extend(old.fingerprints.iter().copied());
                            progress.suspend(|| {
                                crate::message!(
                                    "{} did not read to its end; its {} indexed article(s) are kept until it does",
                                    escape::shown(&file.path),
                                    old.entry.articles
                                )
                            });
                            summary.files_kept += 1;
                            summary.articles_kept += old.entry.articles;
                            entry = FileEntry::default();
                            done_bytes += file.size;
                            progress.update(done_bytes, i as u64 + 1, summary.articles);
                            return Ok(());
                        }
                        summary.files_indexed += 1;
                        summary.articles += entry.articles;
                        summary.folded += entry.folded;
                        let finished = FileEntry {
                            size: file.size,
                            mtime_ns: file.mtime_ns,
                            hash,
                            ..std::mem::take(&mut entry)
                        };
                        writer.add_file_entry(&file.key, &finished)?;
                        pending = true;
                    }
                    Message::Failed(err) => {
                        entry = FileEntry::default();
                        let kept = old.filter(|_| {
                            matches!(err, FileError::Read(crate::read::ReadError::Io(_)))
                        });
                        let kind = reason_key(&err);
                        if let Some(old) = kept {
                            // Named every run: indexed articles ride on it.
                            progress.suspend(|| {
                                crate::message!(
                                    "skipped {}: {err}; its {} indexed article(s) are kept",
                                    escape::shown(&file.path),
                                    old.entry.articles
                                )
                            });
                            summary.files_kept += 1;
                            summary.articles_kept += old.entry.articles;
                            *summary.skipped.entry(kind).or_default() += 1;
                        } else {
                            let skip = Skip {
                                size: file.size,
                                mtime_ns: file.mtime_ns,
                                kind,
                            };
                            if skips.note(file.key.clone(), skip, &mut summary) {
                                progress.suspend(|| {
                                    crate::message!(
                                        "skipped {}: {err}",
                                        escape::shown(&file.path)
                                    )
                                });
                            }
                        }
                    }
                }
                if ends_file {
                    replacing = None;
                    done_bytes += file.size;
                    progress.update(done_bytes, i as u64 + 1, summary.articles);
                }
                // Not while a changed file is read: its rollback point is the
                // commit before it.
                if replacing.is_none() && last_commit.elapsed() >= config.checkpoint {
                    writer.commit().context("committing a checkpoint")?;
                    summary.commits += 1;
                    last_commit = Instant::now();
                    pending = false;
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
    drop(news);
    if let Some(rebuild) = rebuild {
        rebuild.finish().with_context(|| {
            format!(
                "switching {} to the rebuilt index",
                paths::shown(&config.index_dir, None)
            )
        })?;
    }
    // Known to the next run; a list that cannot be written costs only
    // the next run's naming every skipped file again.
    let roots: Vec<String> = config.paths.iter().map(|p| paths::key(p)).collect();
    let seen = skips.seen;
    let mut remembered = known_skips;
    remembered.replace_under(&roots, seen);
    if let Err(err) = remembered.save(&config.index_dir) {
        crate::warning!(
            "could not write the list of skipped files in {}: {err}",
            paths::shown(&config.index_dir, None)
        );
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The files skipped this run, beside those earlier runs skipped.
struct Skipping<'a> {
    /// What the last runs skipped.
    known: &'a Skips,
    /// What this run skipped, for the next one.
    seen: Skips,
}

impl Skipping<'_> {
    /// Records `key` as skipped; true when it is to be named (new, or
    /// changed since it was last skipped), false when it is known and
    /// only counted.
    fn note(&mut self, key: String, skip: Skip, summary: &mut Summary) -> bool {
        let new = !self.known.is_known(&key, &skip);
        if new {
            *summary.skipped.entry(skip.kind.clone()).or_default() += 1;
        } else {
            summary.skipped_known += 1;
        }
        self.seen.files.insert(key, skip);
        new
    }
}

/// Decides what to read and what to remove, against the last commit.
fn plan(
    config: &IndexConfig,
    news: &NewsIndex,
    summary: &mut Summary,
    skips: &mut Skipping<'_>,
) -> anyhow::Result<Plan> {
    let searcher = news.searcher()?;
    let manifest = news.manifest_of(&searcher)?;
    let mut plan = Plan::default();
    // Keys with live documents and no `file` document: the members of the
    // bundles indexed (by bundle), and what a killed run left unfinished.
    let mut members: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unfinished = Vec::new();
    for key in news.unfinished_files(&searcher, &manifest)? {
        match bundle_of(&key, &manifest) {
            Some(bundle) => members.entry(bundle.to_string()).or_default().push(key),
            None => unfinished.push(key),
        }
    }
    let (found, skipped) = walk::walk(&config.paths, std::slice::from_ref(&config.index_dir));
    // Files that exist, by key: what the manifest lists under a walked root
    // and is not here any more has its articles removed.
    let mut present: HashSet<String> = HashSet::new();
    for skip in skipped {
        let key = (skip.reason != SkipReason::Missing).then(|| paths::key(&skip.path));
        let known = key.as_ref().and_then(|key| manifest.files.get(key));
        // Unreadable, or no longer a regular file (a FIFO, a device): what
        // the index has of it stays until it reads again.
        let kept = known.filter(|_| {
            matches!(
                skip.reason,
                SkipReason::NotRegularFile | SkipReason::Unreadable(_)
            )
        });
        if let Some(known) = kept {
            crate::message!(
                "skipped {}: {}; its {} indexed article(s) are kept",
                escape::shown(&skip.path),
                skip.reason,
                known.articles
            );
            summary.files_kept += 1;
            summary.articles_kept += known.articles;
            *summary.skipped.entry(skip.reason.kind()).or_default() += 1;
        } else {
            // A link to nothing, or looping, is known by the link itself.
            let follow = !matches!(skip.reason, SkipReason::Missing | SkipReason::Walk(_));
            let id = Skip::of(&skip.path, skip.reason.kind(), follow);
            let new = skips.note(skips::key_of(&skip.path), id, summary);
            if new && skip.reason != SkipReason::Documentation {
                crate::message!("skipped {}: {}", escape::shown(&skip.path), skip.reason);
            }
        }
        if let Some(key) = key {
            // No longer taken for a dump (documentation, say): stale.
            if known.is_some() && kept.is_none() {
                plan.remove.insert(key.clone());
            }
            present.insert(key);
        }
    }
    // Changed files the index holds articles of.
    let mut changed = Vec::new();
    for file in found {
        present.insert(file.key.clone());
        let Some(known) = manifest.files.get(&file.key) else {
            plan.read.push(file);
            continue;
        };
        if known.size == file.size && known.mtime_ns == file.mtime_ns {
            summary.files_unchanged += 1;
            summary.articles_unchanged += known.articles + known.folded;
            continue;
        }
        // Read it now: a file that cannot be read keeps its articles.
        let hash = match hash::content_hash(&file.path) {
            Ok(hash) => hash,
            Err(err) => {
                crate::message!(
                    "skipped {}: cannot read: {err}; its {} indexed article(s) are kept",
                    escape::shown(&file.path),
                    known.articles
                );
                *summary.skipped.entry("unreadable".into()).or_default() += 1;
                summary.files_kept += 1;
                summary.articles_kept += known.articles;
                continue;
            }
        };
        if known.size == file.size && known.hash == hash {
            summary.files_unchanged += 1;
            summary.articles_unchanged += known.articles + known.folded;
            let touched = FileEntry {
                mtime_ns: file.mtime_ns,
                ..known.clone()
            };
            plan.touched.push((file.key.clone(), touched));
            continue;
        }
        plan.remove.insert(file.key.clone());
        changed.push(file.key.clone());
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
    for key in unfinished {
        if !reading.contains(&key) && Path::new(&key).is_file() && present.contains(&key) {
            plan.read.extend(stat(&key));
        }
        plan.remove.insert(key);
    }
    // A bundle's articles go with it: they are filed under its members.
    let bundles_going: Vec<&Vec<String>> = members
        .iter()
        .filter(|(bundle, _)| plan.remove.contains(*bundle))
        .map(|(_, keys)| keys)
        .collect();
    for keys in bundles_going {
        plan.remove.extend(keys.iter().cloned());
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
        // A story folded in a bundle's member is restored by reading the
        // bundle again.
        let again: BTreeSet<String> = folded
            .iter()
            .filter(|(fingerprint, _)| !plan.primaries.contains(fingerprint))
            .map(|(_, key)| bundle_of(key, &manifest).unwrap_or(key).to_string())
            .filter(|key| !plan.remove.contains(key))
            .collect();
        going = Vec::new();
        for key in &again {
            plan.remove.insert(key.clone());
            going.push(key.clone());
            for member in members.get(key).into_iter().flatten() {
                plan.remove.insert(member.clone());
                going.push(member.clone());
            }
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
    // A changed file's articles were counted as going, for the stories
    // above; they are removed only as its new read begins.
    for key in changed {
        let mut keys = vec![key.clone()];
        keys.extend(members.get(&key).into_iter().flatten().cloned());
        let mut fingerprints = Vec::new();
        for key in &keys {
            plan.remove.remove(key);
            fingerprints.extend(news.fingerprints_under(&searcher, key)?);
        }
        let entry = manifest.files.get(&key).cloned().unwrap_or_default();
        plan.replace.insert(
            key,
            Replaced {
                entry,
                keys,
                fingerprints,
            },
        );
    }
    Ok(plan)
}

/// Refuses an index folder that is, or lies inside, a folder being
/// indexed (its own files would be walked as dumps, and a `--rebuild`
/// would switch folders under the walk), or that holds a path named.
fn check_apart(index_dir: &Path, roots: &[std::path::PathBuf]) -> anyhow::Result<()> {
    let index_key = key_to_be(index_dir);
    let index_shown = paths::shown(index_dir, None);
    for root in roots {
        let root_key = paths::key(root);
        let root_shown = paths::shown(root, None);
        if index_key == root_key {
            anyhow::bail!(
                "--index {index_shown} is {root_shown} itself, a folder being indexed; \
                 put the index outside the dumps' folders (--index index, say)"
            );
        }
        if paths::is_under(&index_key, &root_key) {
            anyhow::bail!(
                "--index {index_shown} is inside {root_shown}, a folder being indexed; \
                 put the index outside the dumps' folders (--index index, say)"
            );
        }
        if paths::is_under(&root_key, &index_key) {
            anyhow::bail!(
                "{root_shown} is inside the index folder (--index {index_shown}); \
                 name dumps outside it"
            );
        }
    }
    Ok(())
}

/// The key `path` will have once made: its nearest existing folder
/// canonical (links resolved, as the walked roots' keys are), the rest as
/// written.
fn key_to_be(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut at = absolute.as_path();
    while !at.exists() {
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return paths::key(path),
        }
    }
    let mut key = std::path::PathBuf::from(paths::key(at));
    key.extend(rest.iter().rev());
    paths::key(&key)
}

/// The bundle `key` is a member of: the longest of its leading paths that
/// the manifest lists (a file's key never has a file's key above it).
fn bundle_of<'a>(key: &'a str, manifest: &index::Manifest) -> Option<&'a str> {
    key.rmatch_indices('/')
        .map(|(i, _)| &key[..i])
        .find(|above| manifest.files.contains_key(*above))
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
