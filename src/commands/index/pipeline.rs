//! Parallel parsing with bounded queues, consumed in file order.
//!
//! `threads` workers take the files in turn; each reads its dump (content
//! hash, then format, records and extraction, then the tantivy document)
//! and sends the results down a queue of its own, bounded to `QUEUE`
//! messages. The calling thread drains the queues strictly in file order,
//! so which copy of a duplicate story is indexed, and everything printed,
//! is the same on every run whatever the threads' timing. Workers run at
//! most `WINDOW_PER_THREAD * threads` files ahead of the consumer, so
//! memory is bounded however many or however large the files are: a 2 GB
//! dump streams through one queue like a small one.

use std::collections::HashMap;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Condvar, Mutex, MutexGuard};

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
    let queues = Queues {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
        window: WINDOW_PER_THREAD * threads,
        files: files.len(),
    };
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some((i, sender)) = queues.take() {
                    read(&files[i], news, options, &sender);
                }
            });
        }
        // However the consumer ends (done, an error, a panic), the workers
        // are stopped, or the scope would wait for them forever.
        let _stop = StopOnDrop(&queues);
        for i in 0..files.len() {
            let receiver = queues.receiver(i);
            for message in receiver {
                consume(i, message)?;
            }
            queues.consumed(i + 1);
        }
        Ok(())
    })
}

/// Reads one file into `sender`; returns early when the consumer is gone.
fn read(file: &Found, news: &NewsIndex, options: &Options, sender: &SyncSender<Message>) {
    let hash = match super::hash::content_hash(&file.path) {
        Ok(hash) => hash,
        Err(err) => {
            let _ = sender.send(Message::Failed(FileError::Read(ReadError::Io(err))));
            return;
        }
    };
    let dump = match dump::open(&file.path, options) {
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

/// Stops the queues when dropped.
struct StopOnDrop<'a>(&'a Queues);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[derive(Default)]
struct State {
    /// The next file to hand to a worker.
    next: usize,
    /// Files the consumer has finished.
    consumed: usize,
    /// Queues of files handed out and not yet taken by the consumer.
    receivers: HashMap<usize, Receiver<Message>>,
    stopped: bool,
}

struct Queues {
    state: Mutex<State>,
    changed: Condvar,
    window: usize,
    files: usize,
}

impl Queues {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker that panicked holding the lock leaves a consistent state.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed.wait(guard).unwrap_or_else(|e| e.into_inner())
    }

    /// The next file for a worker and the sending end of its queue, once
    /// it is within the window; `None` when all are handed out or the
    /// run stopped.
    fn take(&self) -> Option<(usize, SyncSender<Message>)> {
        let mut state = self.lock();
        loop {
            if state.stopped || state.next >= self.files {
                return None;
            }
            if state.next < state.consumed + self.window {
                let i = state.next;
                state.next += 1;
                let (sender, receiver) = sync_channel(QUEUE);
                state.receivers.insert(i, receiver);
                self.changed.notify_all();
                return Some((i, sender));
            }
            state = self.wait(state);
        }
    }

    /// The receiving end of file `i`'s queue, once a worker has taken it.
    fn receiver(&self, i: usize) -> Receiver<Message> {
        let mut state = self.lock();
        loop {
            if let Some(receiver) = state.receivers.remove(&i) {
                return receiver;
            }
            state = self.wait(state);
        }
    }

    fn consumed(&self, files: usize) {
        self.lock().consumed = files;
        self.changed.notify_all();
    }

    /// Stops handing out files; dropping the queues ends the workers'
    /// sends.
    fn stop(&self) {
        let mut state = self.lock();
        state.stopped = true;
        state.receivers.clear();
        self.changed.notify_all();
    }
}
