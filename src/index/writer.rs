//! The one writer of an index: adds, deletes, commits and rolls back.
//!
//! `NewsWriter` owns tantivy's `IndexWriter` (and so the index's writer
//! lock) for one run: articles and their bookkeeping documents go in
//! through it, nothing is visible until `commit`, and `atomically` rolls
//! back whatever a failed piece of work queued since the last commit, so a
//! run that fails keeps exactly the last commit. A disk that fills up is
//! told apart from other failures (`IndexError::DiskFull`, the space left
//! in it), and the segment files written since the last commit are removed
//! at once, not at the next run's commit, so the space they took is free
//! again. It does not decide what to index; `commands::index` does.

use std::collections::HashMap;

use tantivy::directory::Directory;
use tantivy::index::SegmentId;
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, SegmentMeta, TantivyDocument, Term};

use super::{
    shown, FileEntry, IndexError, NewsIndex, KIND_FILE, THREAD_MEMORY_MAX, THREAD_MEMORY_MIN,
};

/// Most articles one merge joins: a merge maps every segment it joins, and
/// those pages count in the run's resident memory, so bounding what it
/// joins bounds that. Segments holding more are never merged; a merge of
/// smaller ones takes the smallest of tantivy's candidates that fit (ends
/// of runs, checkpoints, updates, the segments of small buffers). Without
/// the bound on the sum, eight segments of 84,000-87,000 articles of the 1.1 GB
/// benchmark were merged into one, and the run's peak RSS went from 329
/// to 950 MiB, 642 of it the mapped segments.
const MERGE_MAX_DOCS: u32 = 100_000;

/// tantivy's log merge policy, each merge cut to at most `MERGE_MAX_DOCS`
/// articles.
#[derive(Debug)]
struct BoundedMerges(LogMergePolicy);

impl BoundedMerges {
    fn new() -> BoundedMerges {
        let mut log = LogMergePolicy::default();
        log.set_max_docs_before_merge(MERGE_MAX_DOCS as usize);
        BoundedMerges(log)
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.max_doc())).collect();
        self.0
            .compute_merge_candidates(segments)
            .into_iter()
            .filter_map(|MergeCandidate(mut ids)| {
                ids.sort_by_key(|id| docs.get(id).copied().unwrap_or(u32::MAX));
                let mut total = 0u32;
                ids.retain(|id| {
                    total = total.saturating_add(docs.get(id).copied().unwrap_or(u32::MAX));
                    total <= MERGE_MAX_DOCS
                });
                (ids.len() >= 2).then_some(MergeCandidate(ids))
            })
            .collect()
    }
}

/// What tantivy says when an indexing thread failed.
const KILLED: &str = "index writer was killed";

/// Whether `text` (an error with its causes) tells of a full disk or an
/// exhausted quota: `ENOSPC` and `EDQUOT` (Linux 28 and 122, 69 on the
/// BSDs and macOS), by the system's message or by Rust's error kind.
fn is_disk_full(text: &str) -> bool {
    [
        "No space left on device",
        "Disk quota exceeded",
        "StorageFull",
        "QuotaExceeded",
        "os error 28)",
        "os error 122)",
    ]
    .iter()
    .any(|sign| text.contains(sign))
}

/// The writer of one index, for one run.
pub struct NewsWriter<'a> {
    news: &'a NewsIndex,
    index_writer: IndexWriter,
}

impl<'a> NewsWriter<'a> {
    /// The writer of `news` with `threads` indexing threads sharing
    /// `memory` bytes; fails with `Locked` when another process holds it.
    pub(super) fn new(
        news: &'a NewsIndex,
        threads: usize,
        memory: usize,
    ) -> Result<NewsWriter<'a>, IndexError> {
        let threads = threads.clamp(1, (memory / THREAD_MEMORY_MIN).max(1));
        let memory = memory.min(threads * THREAD_MEMORY_MAX);
        let index_writer = news
            .index
            .writer_with_num_threads(threads, memory)
            .map_err(|source| match source {
                tantivy::TantivyError::LockFailure(..) => IndexError::Locked(shown(&news.dir)),
                source => news.err(source),
            })?;
        index_writer.set_merge_policy(Box::new(BoundedMerges::new()));
        Ok(NewsWriter { news, index_writer })
    }

    /// Queues a document (an article from `NewsIndex::document`, or a
    /// `folded` record).
    pub fn add(&self, document: TantivyDocument) -> Result<(), IndexError> {
        self.index_writer
            .add_document(document)
            .map(|_| ())
            .map_err(|e| self.news.err(e))
    }

    /// `DiskFull`, with the space left where the index is.
    fn disk_full(&self) -> IndexError {
        IndexError::DiskFull {
            path: shown(&self.news.dir),
            free_mb: fs4::available_space(&self.news.dir).unwrap_or(0) / 1_000_000,
        }
    }

    /// Queues the `file` document of `key`. Added after the file's
    /// articles, it is in a commit only when all of them are.
    pub fn add_file_entry(&self, key: &str, entry: &FileEntry) -> Result<(), IndexError> {
        let f = &self.news.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, KIND_FILE);
        doc.add_text(f.path, key);
        doc.add_text(f.file, serde_json::to_string(entry).unwrap_or_default());
        self.add(doc)
    }

    /// Queues the removal of everything read from the file `key`: its
    /// articles, its duplicates' records and its `file` document.
    pub fn delete_path(&self, key: &str) {
        self.index_writer
            .delete_term(Term::from_field_text(self.news.fields.path, key));
    }

    /// Queues the removal of the `file` document of `key` alone.
    pub fn delete_file_entry(&self, key: &str) -> Result<(), IndexError> {
        let f = &self.news.fields;
        let term = |field, text| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let query = BooleanQuery::new(vec![
            (Occur::Must, term(f.path, key)),
            (Occur::Must, term(f.kind, KIND_FILE)),
        ]);
        self.index_writer
            .delete_query(Box::new(query))
            .map(|_| ())
            .map_err(|e| self.news.err(e))
    }

    /// Commits everything queued.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        self.index_writer
            .commit()
            .map(|_| ())
            .map_err(|e| self.news.err(e))
    }

    /// Drops everything queued since the last commit: the index goes back
    /// to it, and the writer goes on from there.
    pub fn rollback(&mut self) -> Result<(), IndexError> {
        self.index_writer
            .rollback()
            .map(|_| ())
            .map_err(|e| self.news.err(e))
    }

    /// Runs `work`; when it fails, everything queued since the last commit
    /// is dropped, so the index stays at its last commit. When it failed
    /// because the disk is full, the files written since that commit are
    /// removed and the error is `DiskFull`, whatever the work made of it.
    pub fn atomically<T, E>(
        &mut self,
        work: impl FnOnce(&mut NewsWriter<'a>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<IndexError> + std::fmt::Debug,
    {
        let err = match work(self) {
            Ok(done) => return Ok(done),
            Err(err) => err,
        };
        let text = format!("{err:?}");
        let mut full = is_disk_full(&text);
        if !full && text.contains(KILLED) {
            // An indexing thread failed (writing a full buffer out) and
            // tantivy only says it was killed: its own error comes with
            // joining it, which preparing a commit does. Never committed.
            full = match self.index_writer.prepare_commit() {
                Err(joined) => is_disk_full(&format!("{joined:?}")),
                Ok(prepared) => {
                    let _ = prepared.abort();
                    false
                }
            };
        }
        // The work's own error is the one to report.
        let _ = self.index_writer.rollback();
        if !full {
            return Err(err);
        }
        self.remove_uncommitted();
        Err(E::from(self.disk_full()))
    }

    /// Removes the segment files tantivy lists as its own that the last
    /// commit does not hold: what a failed run wrote since it. tantivy's
    /// garbage collection would spare them while anything still tracks
    /// their segments (a failed indexing thread's do), and only at the
    /// next commit; the space they take is what a full disk needs back.
    /// Call it only rolled back, with no merge under way.
    fn remove_uncommitted(&self) {
        let index = &self.news.index;
        let Ok(metas) = index.load_metas() else {
            return;
        };
        let committed = metas.list_segment_files();
        let directory = index.directory();
        for file in directory.list_managed_files() {
            let name = file.to_string_lossy();
            let own = name == "meta.json" || name == ".managed.json" || name.ends_with(".lock");
            if !own && !committed.contains(&file) {
                let _ = directory.delete(&file);
            }
        }
    }

    /// Merges every segment of the last commit into one (tantivy's merge,
    /// committed when it ends; what a merge policy would never join, as
    /// Elasticsearch's force-merge does). Returns how many segments there
    /// were. A full disk is `DiskFull`, the merged files removed: the
    /// index stays as it was.
    pub fn merge_all(&mut self) -> Result<usize, IndexError> {
        let ids = self
            .news
            .index
            .searchable_segment_ids()
            .map_err(|e| self.news.err(e))?;
        if ids.len() < 2 {
            return Ok(ids.len());
        }
        match self.index_writer.merge(&ids).wait() {
            Ok(_) => Ok(ids.len()),
            Err(err) if is_disk_full(&format!("{err:?}")) => {
                self.remove_uncommitted();
                Err(self.disk_full())
            }
            Err(err) => Err(self.news.err(err)),
        }
    }

    /// Waits for the merges the commits started, so the next search opens
    /// few segments, and releases the writer lock.
    pub fn finish(self) -> Result<(), IndexError> {
        let news = self.news;
        self.index_writer
            .wait_merging_threads()
            .map_err(|e| news.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merge that took the 1.1 GB benchmark's peak RSS from 329 to 950
    /// MiB: eight segments of about 87,000 articles, which tantivy's policy
    /// joins (it merges eight of a size), are left as they are; small ones are still gathered, the
    /// smallest first, as many as fit in `MERGE_MAX_DOCS`.
    #[test]
    fn merges_join_at_most_a_hundred_thousand_articles() {
        let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
        let metas = |sizes: &[u32]| -> Vec<SegmentMeta> {
            sizes
                .iter()
                .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
                .collect()
        };
        let policy = BoundedMerges::new();
        let big = metas(&[
            86_645, 85_998, 87_100, 86_900, 87_300, 86_000, 87_000, 86_500,
        ]);
        assert!(!policy.0.compute_merge_candidates(&big).is_empty());
        assert!(policy.compute_merge_candidates(&big).is_empty());
        let small = metas(&[
            30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000,
        ]);
        let merges = policy.compute_merge_candidates(&small);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].0.len(), 3, "3 x 30,000 fit, a fourth would not");
    }

    #[test]
    fn tells_a_full_disk_from_other_failures() {
        let full = [
            format!("{:?}", std::io::Error::from_raw_os_error(28)),
            std::io::Error::from_raw_os_error(28).to_string(),
            "index at idx: An IO error occurred: 'No space left on device (os error 28)'".into(),
            format!(
                "{:?}",
                std::io::Error::from(std::io::ErrorKind::StorageFull)
            ),
        ];
        for text in &full {
            assert!(is_disk_full(text), "{text}");
        }
        let other = [
            format!("{:?}", std::io::Error::from_raw_os_error(13)),
            "An index writer was killed.".to_string(),
            "os error 280)".to_string(),
        ];
        for text in &other {
            assert!(!is_disk_full(text), "{text}");
        }
    }
}
