//! Work a parser leaves for later, run on spare cores.
//!
//! Reading a web archive is mostly extracting its pages' articles, and a
//! page's extraction needs nothing of the archive's reader: the reader
//! queues it as a job ([`super::Queue::later`]) and reads on, and
//! [`super::Records`] runs a batch of jobs at once, on as many threads as
//! it was given, while the reader reads the next batch on the calling one
//! (which then joins in), and hands out what they made in the order they
//! were queued. The output is the same for any number of threads. One file
//! on a machine of several cores is a single WARC of a million pages, the
//! common case for a crawl, which otherwise reads on one core.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};

use super::{Record, RecordError};

/// Jobs a batch holds per thread, at most.
pub const BATCH_PER_THREAD: usize = 8;
/// Bytes the jobs of a batch may hold (their pages' text), at most; the
/// first job of a batch goes in whatever its size. Two batches are held at
/// once: the one running and the one read meanwhile.
pub const MAX_BATCH_BYTES: usize = 8 << 20;

/// One job: what it makes, and the line it is said of if it fails.
pub struct Job {
    /// The line of the dump the job's record starts at.
    pub line: u64,
    /// The work: the records and warnings it makes, in order.
    pub work: Box<dyn FnOnce() -> Vec<Record> + Send>,
}

/// What each job made, in the jobs' order, run on up to `threads` threads
/// (this one among them); `meanwhile` runs on this thread first, while
/// the others start on the jobs (after them, on one thread). A job that
/// panics makes a warning at its line, not a panic of the run.
pub fn run(jobs: Vec<Job>, threads: usize, meanwhile: impl FnOnce()) -> Vec<Vec<Record>> {
    let threads = threads.clamp(1, jobs.len().max(1));
    if threads == 1 {
        let made = jobs.into_iter().map(run_one).collect();
        meanwhile();
        return made;
    }
    // Each thread takes the next job until none is left (pages differ in
    // cost), and keeps what it made with the job's place in the batch.
    let next = Mutex::new(jobs.into_iter().enumerate());
    let work = || {
        let mut made = Vec::new();
        loop {
            let job = next.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((i, job)) = job else { break made };
            made.push((i, run_one(job)));
        }
    };
    let mut made = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        meanwhile();
        let mut made = work();
        // `run_one` catches a job's panic: a helper ends with its results.
        for helper in helpers {
            made.extend(helper.join().unwrap_or_default());
        }
        made
    });
    made.sort_unstable_by_key(|&(i, _)| i);
    made.into_iter().map(|(_, records)| records).collect()
}

fn run_one(job: Job) -> Vec<Record> {
    let line = job.line;
    panic::catch_unwind(AssertUnwindSafe(job.work)).unwrap_or_else(|_| {
        vec![Err(RecordError::Malformed {
            line,
            reason: "the record could not be read (an internal error); skipped".to_string(),
        })]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{Parse, Queue, RawRecord};

    /// A parser that queues, for each of its `n` steps, a warning and then
    /// a job making one record, every third job slow.
    struct Counting {
        n: u64,
        at: u64,
    }

    impl Parse for Counting {
        fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
            if self.at == self.n {
                queue.finish();
                return Ok(());
            }
            self.at += 1;
            let line = self.at;
            queue.warn(line, format!("before {line}"));
            queue.later(line, 100, move || {
                if line.is_multiple_of(3) {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                vec![Ok(RawRecord {
                    headline: format!("record {line}"),
                    line,
                    ..RawRecord::default()
                })]
            });
            Ok(())
        }
    }

    fn read(threads: usize) -> Vec<String> {
        Counting { n: 50, at: 0 }
            .records()
            .with_threads(threads)
            .map(|r| match r {
                Ok(record) => record.headline,
                Err(e) => e.to_string(),
            })
            .collect()
    }

    #[test]
    fn jobs_come_out_in_the_order_queued_whatever_the_threads() {
        let want: Vec<String> = (1..=50)
            .flat_map(|i| [format!("line {i}: before {i}"), format!("record {i}")])
            .collect();
        for threads in [1, 2, 3, 8] {
            assert_eq!(read(threads), want, "{threads} threads");
        }
    }

    #[test]
    fn a_job_that_panics_costs_its_record_only() {
        let jobs: Vec<Job> = (1..=4)
            .map(|line| Job {
                line,
                work: Box::new(move || {
                    if line == 2 {
                        panic!("a bug");
                    }
                    vec![Ok(RawRecord {
                        line,
                        ..RawRecord::default()
                    })]
                }),
            })
            .collect();
        let mut ran_meanwhile = false;
        let made = run(jobs, 2, || ran_meanwhile = true);
        assert!(ran_meanwhile);
        assert_eq!(made.len(), 4);
        assert_eq!(made[0][0].as_ref().map(|r| r.line).ok(), Some(1));
        assert_eq!(
            made[1][0].as_ref().map_err(|e| e.to_string()).err(),
            Some("line 2: the record could not be read (an internal error); skipped".to_string())
        );
        assert_eq!(made[3][0].as_ref().map(|r| r.line).ok(), Some(4));
    }
}
