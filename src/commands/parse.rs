//! `newsdex parse`: dumps -> JSON lines on standard output, no index.
//!
//! The dumps are read on `threads` workers through `index`'s pipeline
//! (bounded queues drained in walk order), so the output, the warnings and
//! their order are the same whatever the number of threads.

use std::io::Write;

use crossbeam_channel::Sender;

use super::index::pipeline;
use crate::article::Article;
use crate::config::ParseConfig;
use crate::dump::{self, FileError, FileReport};
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

/// Prints every article; returns how many were printed. A named path that
/// does not exist is an error, before anything is printed.
pub fn run<W: Write>(config: &ParseConfig, printer: &mut Printer<W>) -> anyhow::Result<u64> {
    super::check_paths_exist(&config.paths, "parse")?;
    let (found, skipped) = walk::walk(&config.paths, &[]);
    for skip in skipped {
        crate::message!("skipped {}: {}", escape::shown(&skip.path), skip.reason);
    }
    let mut printed = 0;
    pipeline::ordered(
        found.len(),
        config.threads,
        |i, sender| read(&found[i], config, sender),
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

/// Reads one file into `sender`; returns early when the consumer is gone.
fn read(file: &Found, config: &ParseConfig, sender: &Sender<Parsed>) {
    let dump = match dump::open_file(&file.path, &config.options) {
        Ok(dump) => dump,
        Err(err) => {
            let _ = sender.send(Parsed::Failed(err));
            return;
        }
    };
    let send = |articles| sender.send(Parsed::Articles(articles)).is_ok();
    if let Some(report) = pipeline::read_batched(dump, file, &config.options, |a| a, send) {
        let _ = sender.send(Parsed::Done(report));
    }
}
