//! Parallel parsing with bounded queues, consumed in file order.
//!
//! `threads` workers take the files in turn from one channel of jobs; each
//! reads its dump and sends the results down a channel of its own, bounded
//! to `QUEUE` messages. The calling thread drains those strictly in file
//! order, so which copy of a duplicate story is indexed, and everything
//! printed, is the same on every run whatever the threads' timing. A file
//! is handed out only when it is at most `WINDOW_PER_THREAD * threads`
//! files ahead of the one being consumed, so memory is bounded however
//! many or however large the files are: a 2 GB dump streams through one
//! queue like a small one.
//!
//! [`ordered`] is that machinery, whatever a worker sends; [`run`] is
//! `index`'s use of it (content hash, then format, records and extraction,
//! then the tantivy document), and `parse` uses it with [`read_batched`]
//! to hand out the articles themselves.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};

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
    pub fingerprint: u64,
    pub document: TantivyDocument,
    /// Where it was read, for a `folded` record if it is a duplicate.
    pub source: Source,
}

/// Reads `files` on `threads` workers and hands every message to
/// `consume` with its file's position in `files`, in file order. Stops at
/// the first error of `consume` and returns it.
pub fn run(
    files: &[Found],
    news: &NewsIndex,
    options: &Options,
    threads: usize,
    consume: impl FnMut(usize, Message) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    ordered(
        files.len(),
        threads,
        |i, sender| read(&files[i], news, options, sender),
        consume,
    )
}

/// Runs `produce` for each of `jobs` jobs (`0..jobs`) on `threads` workers,
/// each sending its messages down a bounded queue of its own, and hands
/// every message to `consume` with its job's number, in job order. Stops
/// at the first error of `consume` and returns it; `produce` should return
/// when a send fails (the consumer is gone).
pub fn ordered<M: Send>(
    jobs: usize,
    threads: usize,
    produce: impl Fn(usize, &Sender<M>) + Sync,
    mut consume: impl FnMut(usize, M) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let threads = threads.clamp(1, jobs.max(1));
    let window = WINDOW_PER_THREAD * threads;
    let stopped = AtomicBool::new(false);
    // Jobs: a job's number and the sending end of its queue.
    let (to_workers, work) = unbounded::<(usize, Sender<M>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let work = work.clone();
            let stopped = &stopped;
            let produce = &produce;
            scope.spawn(move || {
                for (i, sender) in work {
                    if stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    produce(i, &sender);
                }
            });
        }
        // However the consumer ends (done, an error, a panic), the workers
        // stop: the jobs' sender and the queues, owned by this closure, are
        // dropped with it, which ends the workers' loops and sends; else the
        // scope would wait for them forever.
        let to_workers = to_workers;
        let _stop = StopOnDrop(&stopped);
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
            for message in receiver {
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

/// Reads one file into `sender`; returns early when the consumer is gone.
fn read(file: &Found, news: &NewsIndex, options: &Options, sender: &Sender<Message>) {
    let hash = match super::hash::content_hash(&file.path) {
        Ok(hash) => hash,
        Err(err) => {
            let _ = sender.send(Message::Failed(FileError::Read(ReadError::Io(err))));
            return;
        }
    };
    let dump = match dump::open_file(&file.path, options) {
        Ok(dump) => dump,
        Err(err) => {
            let _ = sender.send(Message::Failed(err));
            return;
        }
    };
    let prepare = |article: Article| {
        let fingerprint = fingerprint(&article);
        Prepared {
            fingerprint,
            document: news.document(&article, fingerprint),
            source: Source::of(&article),
        }
    };
    let send = |batch| sender.send(Message::Articles(batch)).is_ok();
    if let Some(report) = read_batched(dump, file, options, prepare, send) {
        let _ = sender.send(Message::Done { report, hash });
    }
}

/// Tells the workers to stop when dropped.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}
