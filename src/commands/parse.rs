//! `newsdex parse`: dumps -> JSON lines on standard output, no index.
//!
//! The dumps are read on `threads` workers through `index`'s pipeline
//! (bounded queues drained in walk order), so the output, the warnings and
//! their order are the same whatever the number of threads.

use std::io::Write;

use super::index::pipeline::{self, Limits, Outbox, Weigh};
use crate::article::Article;
use crate::config::ParseConfig;
use crate::dump::{self, FileError, FileReport};
use crate::formats::Options;
use crate::output::{escape, Printer};
use crate::walk::{self, Found};

/// What a worker reports about its file, in order.
enum Parsed {
    /// Articles to print, in file order.
    Articles(Vec<Article>),
    /// The file was read to its end.
    Done(FileReport),
    /// The file could not be read as a dump; nothing was sent before.
    Failed(FileError),
}

impl Weigh for Parsed {
    fn weight(&self) -> usize {
        match self {
            Parsed::Articles(articles) => articles.iter().map(|a| a.text_len() + 256).sum(),
            Parsed::Done(_) | Parsed::Failed(_) => 0,
        }
    }
}

/// Bytes of parsed articles that may wait, ahead of the file being
/// printed, for the printer.
const IN_FLIGHT: usize = 64 << 20;

/// Prints every article; returns how many were printed. A named path that
/// does not exist is an error, before anything is printed.
pub fn run<W: Write>(config: &ParseConfig, printer: &mut Printer<W>) -> anyhow::Result<u64> {
    super::check_paths_exist(&config.paths, "parse")?;
    let (found, skipped) = walk::walk(&config.paths, &[]);
    for skip in skipped {
        crate::message!("skipped {}: {}", escape::shown(&skip.path), skip.reason);
    }
    let options = Options {
        page_threads: pipeline::page_threads(config.threads, found.len()),
        ..config.options.clone()
    };
    let mut printed = 0;
    pipeline::ordered(
        found.len(),
        Limits {
            workers: config.threads,
            in_flight: IN_FLIGHT,
        },
        |i, outbox| read(&found[i], &options, outbox),
        |i, parsed| {
            match parsed {
                Parsed::Articles(articles) => {
                    for article in &articles {
                        printer.article(article)?;
                    }
                }
                Parsed::Done(report) => {
                    for skipped in &report.skipped_members {
                        crate::message!("{}", escape::escape(&skipped.to_string()));
                    }
                    for note in &report.notes {
                        crate::message!("skipped {}", escape::escape(note));
                    }
                    for warning in &report.warnings {
                        crate::warning!("{}", escape::escape(warning));
                    }
                    printed += report.articles;
                }
                Parsed::Failed(err) => {
                    crate::message!("skipped {}: {err}", escape::shown(&found[i].path));
                }
            }
            Ok(())
        },
    )?;
    printer.flush()?;
    Ok(printed)
}

/// Reads one file into `outbox`; returns early when the consumer is gone.
fn read(file: &Found, options: &Options, outbox: &Outbox<Parsed>) {
    let dump = match dump::open_file(&file.path, options) {
        Ok(dump) => dump,
        Err(err) => {
            outbox.send(Parsed::Failed(err));
            return;
        }
    };
    let send = |articles| outbox.send(Parsed::Articles(articles));
    if let Some(report) = pipeline::read_batched(dump, file, options, |a| a, send) {
        outbox.send(Parsed::Done(report));
    }
}
