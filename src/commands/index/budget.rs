//! One memory budget for a whole `index` run, whatever `--threads` is.
//!
//! `--memory` is what the run may allocate, not tantivy's buffers alone.
//! Out of it come, in order: the program itself ([`BASE_MEMORY`]: binary,
//! gazetteer, tables, the walked file list), an eighth of the rest for
//! parsed articles waiting for the writer, each thread's own working
//! memory ([`WRITER_THREAD_MEMORY`] per indexing thread, [`WORKER_MEMORY`]
//! per parser), and what is left for tantivy's indexing buffers, less the
//! sixth of it a segment needs again while it is written out
//! ([`FLUSH_FACTOR`]). Threads are shed, parsers and indexing threads in
//! turn, until their own memory takes at most half of what is past the
//! base and each indexing thread keeps a buffer tantivy accepts; tantivy
//! never gets more than its own cap ([`WRITER_THREADS_MAX`]). So 64
//! threads asked for on a 64-core server with the default budget start the
//! threads that budget can feed, and the peak stays within it; a larger
//! `--memory` lets more threads run. The per-thread figures were measured
//! (peak anonymous memory against threads, on Reuters-21578 x10:
//! BENCHMARKS.md). It plans; `pipeline` and `index::NewsWriter` keep to it.

use crate::index::{THREAD_MEMORY_MAX, THREAD_MEMORY_MIN};

const MIB: usize = 1 << 20;
/// The default budget of a run.
pub const DEFAULT_MEMORY: usize = 320 * MIB;
/// What the program needs whatever it indexes: 48 MiB for the program
/// (`parse` of one Reuters file on one thread peaks at 54 MiB) and 32 for
/// tantivy's queue of up to 10,000 documents on their way to its threads.
pub const BASE_MEMORY: usize = 80 * MIB;
/// The least budget: one parser and one indexing thread.
pub const MIN_MEMORY: usize = 128 * MIB;
/// tantivy's own cap on indexing threads (`IndexWriter`'s
/// `MAX_NUM_THREAD`): more only makes smaller segments to merge.
pub const WRITER_THREADS_MAX: usize = 8;
/// An indexing thread's memory beside its buffer: its segment's
/// serializers and document store, its allocator heap (each thread more
/// added about 9 MiB at the same total buffer).
pub const WRITER_THREAD_MEMORY: usize = 10 * MIB;
/// A parser's memory beside the articles it sends: a file's decoded text,
/// a decompressor's window, a page's tree, its regex caches and allocator
/// heap (each parser more added about 11 MiB).
pub const WORKER_MEMORY: usize = 12 * MIB;
/// A buffer's peak against its size: a segment being written out needs
/// about a fifth as much again, so the buffers get five sixths of their
/// share.
pub const FLUSH_FACTOR: (usize, usize) = (6, 5);

/// How a run's memory and threads are spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The budget, in bytes.
    pub memory: usize,
    /// tantivy's indexing threads.
    pub writer_threads: usize,
    /// tantivy's indexing buffers, shared by its threads, in bytes.
    pub writer_memory: usize,
    /// Files parsed at once.
    pub workers: usize,
    /// Bytes of parsed articles that may wait, ahead of the file being
    /// indexed, for the writer.
    pub in_flight: usize,
}

impl Budget {
    /// The plan for `threads` threads within `memory` bytes (at least
    /// [`MIN_MEMORY`]; less is taken as that).
    pub fn plan(threads: usize, memory: usize) -> Budget {
        let memory = memory.max(MIN_MEMORY);
        let rest = memory - BASE_MEMORY;
        let in_flight = rest / 8;
        let mut writer_threads = threads.clamp(1, WRITER_THREADS_MAX);
        let mut workers = threads.max(1);
        loop {
            let own = writer_threads * WRITER_THREAD_MEMORY + workers * WORKER_MEMORY;
            let buffers = rest.saturating_sub(in_flight + own);
            // No more than tantivy takes: a large budget on few threads
            // leaves the rest unused.
            let writer_memory =
                (buffers / FLUSH_FACTOR.0 * FLUSH_FACTOR.1).min(writer_threads * THREAD_MEMORY_MAX);
            let fits = own <= rest / 2 && writer_memory / writer_threads >= THREAD_MEMORY_MIN;
            if fits || writer_threads + workers == 2 {
                return Budget {
                    memory,
                    writer_threads,
                    writer_memory,
                    workers,
                    in_flight,
                };
            }
            if workers >= writer_threads {
                workers -= 1;
            } else {
                writer_threads -= 1;
            }
        }
    }

    /// What the plan allocates at most: every part, with the flush.
    pub fn planned(&self) -> usize {
        BASE_MEMORY
            + self.in_flight
            + self.writer_threads * WRITER_THREAD_MEMORY
            + self.workers * WORKER_MEMORY
            + self.writer_memory / FLUSH_FACTOR.1 * FLUSH_FACTOR.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12: peak memory grew with `--threads` (311 MB with 2, 924 MB
    /// with 64, 1.69 GB with 256 on a 292 MB corpus) because every thread
    /// added a parser, its queues and an indexing buffer. Whatever the
    /// threads, what is planned stays within the budget.
    #[test]
    fn the_plan_stays_within_the_budget_whatever_the_threads() {
        for memory in [
            MIN_MEMORY,
            150 * MIB,
            200 * MIB,
            DEFAULT_MEMORY,
            1024 * MIB,
            65_536 * MIB,
        ] {
            for threads in [1, 2, 3, 8, 64, 256] {
                let b = Budget::plan(threads, memory);
                assert!(
                    b.planned() <= memory,
                    "{threads} threads in {memory}: {b:?}"
                );
                assert!(b.writer_threads >= 1 && b.workers >= 1, "{b:?}");
                assert!(b.writer_threads <= threads && b.workers <= threads, "{b:?}");
                assert!(b.writer_threads <= WRITER_THREADS_MAX, "{b:?}");
                // tantivy accepts the buffer each thread gets: `--memory
                // 65536` on 2 threads asked it for 23 GB each, and it
                // refused ("cannot exceed 4293967295").
                let each = b.writer_memory / b.writer_threads;
                assert!(each >= THREAD_MEMORY_MIN, "{b:?}");
                assert!(each <= THREAD_MEMORY_MAX, "{b:?}");
            }
        }
    }

    #[test]
    fn two_cores_get_two_of_each_and_most_of_the_budget_for_buffers() {
        // 320 MiB: 240 past the base, 30 for waiting articles, 20 + 24
        // for the threads, five sixths of the 166 left for the buffers.
        let b = Budget::plan(2, DEFAULT_MEMORY);
        assert_eq!((b.writer_threads, b.workers), (2, 2));
        assert_eq!(b.in_flight, 30 * MIB);
        assert_eq!(b.writer_memory, 166 * MIB / 6 * 5);
    }

    #[test]
    fn the_default_budget_caps_what_a_big_server_asks_for() {
        // 64 threads: shed in turn until their own memory is at most 120
        // MiB and each of tantivy's threads keeps 14.3 MiB: at 6 and 5
        // (120 MiB) the buffers' 75 MiB give 12.5 each; at 5 and 5 (110
        // MiB), 83 MiB give 16.7 each.
        let b = Budget::plan(64, DEFAULT_MEMORY);
        assert_eq!((b.writer_threads, b.workers), (5, 5));
        assert_eq!(Budget::plan(256, DEFAULT_MEMORY), b);
    }

    #[test]
    fn more_memory_lets_more_threads_run() {
        let b = Budget::plan(64, 4096 * MIB);
        assert_eq!(b.writer_threads, WRITER_THREADS_MAX);
        // 4,016 MiB past the base: up to 2,008 for the threads' own, 80 of
        // it for tantivy's 8: 160 parsers fit, 64 were asked for.
        assert_eq!(b.workers, 64);
        // What the tests ask for to get several of tantivy's threads
        // (tests/ties.rs, tests/at_scale.rs): 3 of each in 220 MiB (66 of
        // the 140 past the base, 15.7 MiB buffers), 4 in 260 (88 of 180,
        // 14.5 MiB).
        let three = Budget::plan(3, 220 * MIB);
        assert_eq!((three.writer_threads, three.workers), (3, 3));
        let four = Budget::plan(4, 260 * MIB);
        assert_eq!((four.writer_threads, four.workers), (4, 4));
        // The least budget: one of each.
        let least = Budget::plan(64, 1);
        assert_eq!(least.memory, MIN_MEMORY);
        assert_eq!((least.writer_threads, least.workers), (1, 1));
    }
}
