//! Parallel parsing with bounded queues, consumed in file order.
//!
//! `threads` workers take the files in turn from one channel of jobs; each
//! reads its dump and sends the results down a channel of its own, bounded
//! to `QUEUE` messages. The calling thread drains those strictly in file
//! order, so which copy of a duplicate story is indexed, and everything
//! printed, is the same on every run whatever the threads' timing. A file
//! is handed out only when it is at most `WINDOW_PER_THREAD * workers`
//! files ahead of the one being consumed, and what waits in the queues of
//! files ahead of it is bounded in bytes ([`Limits::in_flight`]), so
//! memory is bounded however many threads, files or bytes: a 2 GB dump
//! streams through one queue like a small one. The file being consumed
//! always gets through, so the bound never stalls the run.
//!
//! [`ordered`] is that machinery, whatever a worker sends; [`run`] is
//! `index`'s use of it (content hash, then format, records and extraction,
//! then the tantivy document), and `parse` uses it with [`read_batched`]
//! to hand out the articles themselves.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};
use tantivy::TantivyDocument;

use crate::article::Article;
use crate::dump::{self, FileError, FileReport};
use crate::formats::Options;
use crate::index::{fingerprint, NewsIndex, Source};
use crate::read::ReadError;
use crate::walk::Found;

/// Messages each file's queue holds at most.
const QUEUE: usize = 16;
/// Articles sent together (a message per article costs the threads more
/// in waking each other than the article costs to index).
const BATCH: usize = 64;
/// Files each worker may be ahead of the consumer.
const WINDOW_PER_THREAD: usize = 2;
/// What a `Prepared` costs beside its text: the document's value table,
/// the source's path, the vector's slot.
const DOCUMENT_OVERHEAD: usize = 512;

/// How many files are read at once, and how many bytes of what they sent
/// may wait ahead of the file being consumed.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub workers: usize,
    pub in_flight: usize,
}

/// A message's approximate size in memory, for [`Limits::in_flight`].
pub trait Weigh {
    fn weight(&self) -> usize;
}

/// What a worker reports about its file, in order.
pub enum Message {
    /// Articles ready to index, in file order.
    Articles(Vec<Prepared>),
    /// The file was read to its end (with its content hash).
    Done { report: FileReport, hash: u64 },
    /// The file could not be read as a dump; nothing was sent before.
    Failed(FileError),
}

pub struct Prepared {
    /// Its approximate size in memory.
    pub bytes: usize,
    pub fingerprint: u64,
    pub document: TantivyDocument,
    /// Where it was read, for a `folded` record if it is a duplicate.
    pub source: Source,
}

impl Weigh for Message {
    fn weight(&self) -> usize {
        match self {
            Message::Articles(batch) => batch.iter().map(|p| p.bytes).sum(),
            Message::Done { .. } | Message::Failed(_) => 0,
        }
    }
}

/// Threads a web archive's pages may be extracted on (`Options::
/// page_threads`): the workers a run of fewer files than workers would
/// leave idle go to the files it has, so one WARC on two cores is read on
/// both, and the pages being extracted at once never outnumber the workers.
pub fn page_threads(workers: usize, files: usize) -> usize {
    workers.checked_div(files).unwrap_or(1).max(1)
}

/// Reads `files` on `limits.workers` workers and hands every message to
/// `consume` with its file's position in `files`, in file order. Stops at
/// the first error of `consume` and returns it.
pub fn run(
    files: &[Found],
    news: &NewsIndex,
    options: &Options,
    limits: Limits,
    consume: impl FnMut(usize, Message) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    ordered(
        files.len(),
        limits,
        |i, outbox| read(&files[i], news, options, outbox),
        consume,
    )
}

/// Where a worker sends its job's messages: down the job's bounded queue,
/// once the bytes waiting ahead of the consumer leave room for it.
pub struct Outbox<'a, M> {
    job: usize,
    sender: Sender<M>,
    gate: &'a Gate,
}

impl<M: Weigh> Outbox<'_, M> {
    /// Sends `message`; false when the consumer is gone (stop reading).
    pub fn send(&self, message: M) -> bool {
        let weight = message.weight();
        if !self.gate.admit(self.job, weight) {
            return false;
        }
        match self.sender.send(message) {
            Ok(()) => true,
            Err(_) => {
                self.gate.release(weight);
                false
            }
        }
    }
}

/// The bound on bytes sent and not yet consumed.
struct Gate {
    limit: usize,
    /// Bytes sent and not yet consumed, and the job being consumed.
    state: Mutex<(usize, usize)>,
    changed: Condvar,
    stopped: AtomicBool,
}

impl Gate {
    fn new(limit: usize) -> Gate {
        Gate {
            limit,
            state: Mutex::new((0, 0)),
            changed: Condvar::new(),
            stopped: AtomicBool::new(false),
        }
    }

    /// Waits until `weight` more bytes fit, and counts them. The job being
    /// consumed never waits (its queue's bound holds it), nor does a
    /// message when nothing else waits (one larger than the whole bound).
    /// False when the run stopped.
    fn admit(&self, job: usize, weight: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while job != state.1 && state.0 > 0 && state.0 + weight > self.limit {
            if self.stopped.load(Ordering::Relaxed) {
                return false;
            }
            // A timeout, so a stop is seen even if no one notifies.
            state = self
                .changed
                .wait_timeout(state, Duration::from_millis(50))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        state.0 += weight;
        true
    }

    fn release(&self, weight: usize) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 = state.0.saturating_sub(weight);
        self.changed.notify_all();
    }

    /// The consumer moved on to `job`.
    fn advance(&self, job: usize) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.1 = job;
        self.changed.notify_all();
    }
}

/// Runs `produce` for each of `jobs` jobs (`0..jobs`) on `limits.workers`
/// workers, each sending its messages down a bounded queue of its own
/// (within `limits.in_flight` bytes), and hands every message to `consume`
/// with its job's number, in job order. Stops at the first error of
/// `consume` and returns it; `produce` should return when a send fails
/// (the consumer is gone).
pub fn ordered<M: Send + Weigh>(
    jobs: usize,
    limits: Limits,
    produce: impl Fn(usize, &Outbox<M>) + Sync,
    mut consume: impl FnMut(usize, M) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let threads = limits.workers.clamp(1, jobs.max(1));
    let window = WINDOW_PER_THREAD * threads;
    let gate = Gate::new(limits.in_flight);
    // Jobs: a job's number and the sending end of its queue.
    let (to_workers, work) = unbounded::<(usize, Sender<M>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let work = work.clone();
            let gate = &gate;
            let produce = &produce;
            scope.spawn(move || {
                for (job, sender) in work {
                    if gate.stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    produce(job, &Outbox { job, sender, gate });
                }
            });
        }
        // However the consumer ends (done, an error, a panic), the workers
        // stop: the jobs' sender and the queues, owned by this closure, are
        // dropped with it, which ends the workers' loops and sends; else the
        // scope would wait for them forever.
        let to_workers = to_workers;
        let _stop = StopOnDrop(&gate.stopped);
        // The queues of the jobs handed out and not yet consumed, in order.
        let mut queues: VecDeque<Receiver<M>> = VecDeque::new();
        let hand_out = |i: usize, queues: &mut VecDeque<Receiver<M>>| {
            if i < jobs {
                let (sender, receiver) = bounded(QUEUE);
                queues.push_back(receiver);
                // The workers outlive the jobs' sender: this cannot fail.
                let _ = to_workers.send((i, sender));
            }
        };
        for i in 0..window {
            hand_out(i, &mut queues);
        }
        for i in 0..jobs {
            let Some(receiver) = queues.pop_front() else {
                break;
            };
            hand_out(i + window, &mut queues);
            gate.advance(i);
            for message in receiver {
                gate.release(message.weight());
                consume(i, message)?;
            }
        }
        Ok(())
    })
}

/// Reads the articles of `dump` (walked as `file`), each made into a `T`
/// by `prepare`, and hands them to `send` in batches of `BATCH`, in file
/// order. Returns the file's report, or `None` when `send` said the
/// consumer is gone (by returning false).
pub fn read_batched<T>(
    dump: dump::Opened,
    file: &Found,
    options: &Options,
    mut prepare: impl FnMut(Article) -> T,
    mut send: impl FnMut(Vec<T>) -> bool,
) -> Option<FileReport> {
    let stopped = || anyhow::anyhow!("reading stopped");
    let mut batch = Vec::with_capacity(BATCH);
    let report = dump.read(file, options, |article| {
        batch.push(prepare(article));
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if !send(full) {
                return Err(stopped());
            }
        }
        Ok(())
    });
    let report = report.ok()?;
    if !batch.is_empty() && !send(batch) {
        return None;
    }
    Some(report)
}

/// Reads one file into `outbox`; returns early when the consumer is gone.
fn read(file: &Found, news: &NewsIndex, options: &Options, outbox: &Outbox<Message>) {
    let hash = match super::hash::content_hash(&file.path) {
        Ok(hash) => hash,
        Err(err) => {
            outbox.send(Message::Failed(FileError::Read(ReadError::Io(err))));
            return;
        }
    };
    let dump = match dump::open_file(&file.path, options) {
        Ok(dump) => dump,
        Err(err) => {
            outbox.send(Message::Failed(err));
            return;
        }
    };
    let prepare = |article: Article| {
        let fingerprint = fingerprint(&article);
        Prepared {
            bytes: article.text_len() + DOCUMENT_OVERHEAD,
            fingerprint,
            document: news.document(&article, fingerprint),
            source: Source::of(&article),
        }
    };
    let send = |batch| outbox.send(Message::Articles(batch));
    if let Some(report) = read_batched(dump, file, options, prepare, send) {
        outbox.send(Message::Done { report, hash });
    }
}

/// Tells the workers to stop when dropped.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// A message of `.1` bytes from job `.0`.
    struct Sized(usize, usize);

    impl Weigh for Sized {
        fn weight(&self) -> usize {
            self.1
        }
    }

    /// Issue 12: with many threads, every file ahead of the one being
    /// indexed filled its queue, so peak memory grew with `--threads`. The
    /// bytes sent and not yet consumed stay within the bound (plus what
    /// the file being consumed has in its own queue), every message still
    /// comes, in job order, and a message larger than the whole bound gets
    /// through.
    #[test]
    fn what_waits_stays_within_the_bound_and_everything_comes_in_order() {
        const JOBS: usize = 12;
        const MESSAGES: usize = 60;
        const LIMIT: usize = 1_000;
        let outstanding = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = Vec::new();
        ordered(
            JOBS,
            Limits {
                workers: 6,
                in_flight: LIMIT,
            },
            |job, outbox| {
                for m in 0..MESSAGES {
                    // Job 5's last message is larger than the bound.
                    let weight = if job == 5 && m == MESSAGES - 1 {
                        5 * LIMIT
                    } else {
                        100
                    };
                    let now = outstanding.fetch_add(weight, Ordering::SeqCst) + weight;
                    most.fetch_max(now, Ordering::SeqCst);
                    if !outbox.send(Sized(job, weight)) {
                        return;
                    }
                }
            },
            |job, message| {
                // A slow writer: the workers get ahead of it.
                std::thread::sleep(Duration::from_micros(200));
                outstanding.fetch_sub(message.1, Ordering::SeqCst);
                seen.push((job, message.0));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen.len(), JOBS * MESSAGES);
        assert!(seen.iter().all(|(job, from)| job == from));
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
        // Counted before the send: one message more per worker, and the
        // consumed job's queue beside the bound. Without the gate, 12
        // queues of 16 would hold 19,200 bytes.
        let bound = LIMIT + 5 * LIMIT + (QUEUE + 1 + 6) * 100;
        let most = most.load(Ordering::SeqCst);
        assert!(most <= bound, "{most} bytes waited, bound {bound}");
    }

    /// A consumer that fails stops the workers, even those waiting for room.
    #[test]
    fn a_failing_consumer_stops_waiting_workers() {
        let result = ordered(
            40,
            Limits {
                workers: 8,
                in_flight: 10,
            },
            |job, outbox| {
                for _ in 0..1_000 {
                    if !outbox.send(Sized(job, 5)) {
                        return;
                    }
                }
            },
            |job, _| {
                if job == 1 {
                    anyhow::bail!("disk full");
                }
                Ok(())
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "disk full");
    }
}
