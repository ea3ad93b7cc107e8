//! `newsdex optimize`: merge an index's segments into one.
//!
//! Each `index` run, each checkpoint and each full indexing buffer leaves a
//! segment, and tantivy's merges keep small ones together but never join
//! large ones (`index::writer`'s bound keeps what a merge maps small). A
//! search opens every segment and looks every word up in each: ten of them
//! cost a whole-process search of the 1.1 GB benchmark about 3 ms more than
//! one (BENCHMARKS.md, issue 15). This merges them all, once, on request,
//! as Elasticsearch's force-merge and Solr's optimize do; it does not
//! index, and a later `index` run adds segments again.

use std::fmt;
use std::time::{Duration, Instant};

use crate::config::OptimizeConfig;
use crate::index::{NewsIndex, THREAD_MEMORY_MIN};
use crate::paths;

/// What a merge did.
#[derive(Debug)]
pub struct Merged {
    /// The index, as shown.
    pub index: String,
    /// Segments before (one after, when there were any).
    pub segments: usize,
    /// Articles and bookkeeping documents, deleted ones gone.
    pub documents: u64,
    /// How long it took.
    pub took: Duration,
}

impl fmt::Display for Merged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.segments {
            0 => write!(f, "{}: empty, nothing to merge", self.index),
            1 => write!(f, "{}: already one segment", self.index),
            n => write!(
                f,
                "{}: merged {n} segments into one ({} documents) in {:.1} s",
                self.index,
                self.documents,
                self.took.as_secs_f64()
            ),
        }
    }
}

/// Merges the segments of the index in `config.index_dir` into one.
pub fn run(config: &OptimizeConfig) -> anyhow::Result<Merged> {
    let started = Instant::now();
    let news = NewsIndex::open(&config.index_dir)?;
    // A merge writes no indexing buffer: tantivy's least is enough.
    let mut writer = news.writer(1, THREAD_MEMORY_MIN)?;
    let segments = writer.merge_all()?;
    writer.finish()?;
    let documents = news
        .index
        .searchable_segment_metas()
        .map(|metas| metas.iter().map(|m| u64::from(m.num_docs())).sum())
        .unwrap_or(0);
    Ok(Merged {
        index: paths::shown(&config.index_dir, None),
        segments,
        documents,
        took: started.elapsed(),
    })
}
