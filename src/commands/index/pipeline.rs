//! Parallel parsing with bounded queues, consumed in file order.
//!
//! `threads` workers take the files in turn from one channel of jobs; each
//! reads its dump (content hash, then format, records and extraction, then
//! the tantivy document) and sends the results down a channel of its own,
//! bounded to `QUEUE` messages. The calling thread drains those strictly in
//! file order, so which copy of a duplicate story is indexed, and
//! everything printed, is the same on every run whatever the threads'
//! timing. A file is handed out only when it is at most
//! `WINDOW_PER_THREAD * threads` files ahead of the one being consumed, so
//! memory is bounded however many or however large the files are: a 2 GB
//! dump streams through one queue like a small one.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};
use tantivy::TantivyDocument;

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
    mut consume: impl FnMut(usize, Message) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let threads = threads.clamp(1, files.len().max(1));
    let window = WINDOW_PER_THREAD * threads;
    let stopped = AtomicBool::new(false);
    // Jobs: a file's position and the sending end of its queue.
    let (jobs, work) = unbounded::<(usize, Sender<Message>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let work = work.clone();
            let stopped = &stopped;
            scope.spawn(move || {
                for (i, sender) in work {
                    if stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    read(&files[i], news, options, &sender);
                }
            });
        }
        // However the consumer ends (done, an error, a panic), the workers
        // stop: the jobs' sender and the queues, owned by this closure, are
        // dropped with it, which ends the workers' loops and sends; else the
        // scope would wait for them forever.
        let jobs = jobs;
        let _stop = StopOnDrop(&stopped);
        // The queues of the files handed out and not yet consumed, in order.
        let mut queues: VecDeque<Receiver<Message>> = VecDeque::new();
        let hand_out = |i: usize, queues: &mut VecDeque<Receiver<Message>>| {
            if i < files.len() {
                let (sender, receiver) = bounded(QUEUE);
                queues.push_back(receiver);
                // The workers outlive the jobs' sender: this cannot fail.
                let _ = jobs.send((i, sender));
            }
        };
        for i in 0..window {
            hand_out(i, &mut queues);
        }
        for i in 0..files.len() {
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
    let stopped = || anyhow::anyhow!("indexing stopped");
    let mut batch = Vec::with_capacity(BATCH);
    let report = dump.read(file, options, |article| {
        let fingerprint = fingerprint(&article);
        batch.push(Prepared {
            fingerprint,
            document: news.document(&article, fingerprint),
            source: Source::of(&article),
        });
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            sender
                .send(Message::Articles(full))
                .map_err(|_| stopped())?;
        }
        Ok(())
    });
    if let Ok(report) = report {
        if !batch.is_empty() && sender.send(Message::Articles(batch)).is_err() {
            return;
        }
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
