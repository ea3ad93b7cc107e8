//! newsdex: a search engine for archives of news dumps.
//!
//! The pipeline flows one way: `walk` finds dump files, `read` decodes
//! them, `formats` splits them into raw records, `extract` turns records
//! into `Article`s, `index` stores them in tantivy, `search` queries it and
//! `output` prints (its `wire` types are the JSON every front end
//! shares). `serve` is the HTTP front end over `search` and `wire`. `paths` names files and shows paths relative to a base chosen
//! once per run. `cli` holds the command line; `commands` wires the stages
//! for each subcommand.

pub mod article;
pub mod cli;
pub mod commands;
pub mod config;
pub mod date;
pub mod dump;
pub mod extract;
pub mod formats;
pub mod index;
pub mod messages;
pub mod output;
pub mod paths;
pub mod read;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod walk;

use std::io::{self, Write};
use std::process::ExitCode;

use config::Config;
use output::Printer;
use paths::PathStyle;

/// Runs a validated command. Exit codes: 0 found or done, 1 nothing found
/// (`index` and `parse`: nothing indexable in the paths named).
/// Errors are the caller's to print (exit code 2).
pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout().lock();
    let out = io::BufWriter::new(stdout);
    // Read once: the printers show paths relative to it.
    let paths = PathStyle::current_dir();
    match config {
        Config::Index(config) => {
            // Quiet: errors only, from here and from the parsing threads.
            messages::set_quiet(config.quiet);
            let summary = commands::index::run(&config)?;
            if !config.quiet {
                // A closed stderr loses the summary, not the finished run.
                message!("{}", summary.line(&config.index_dir));
            }
            Ok(found(!summary.nothing_indexed()))
        }
        Config::Parse(config) => {
            let mut printer = Printer::json(out, paths);
            let printed = commands::parse::run(&config, &mut printer)?;
            Ok(found(printed > 0))
        }
        Config::Search(config) => {
            let out: Box<dyn Write> = Box::new(out);
            let mut printer = if config.json {
                Printer::json(out, paths)
            } else {
                Printer::text(out, config.color, paths)
            };
            let results = commands::search::run(&config, &mut printer)?;
            Ok(found(results.total_hits > 0))
        }
        Config::Show(config) => {
            let mut printer = plain_or_json(out, config.json, paths);
            Ok(found(commands::show::run(&config, &mut printer)?))
        }
        Config::Stats(config) => {
            let mut printer = plain_or_json(out, config.json, paths);
            commands::stats::run(&config, &mut printer)?;
            Ok(ExitCode::SUCCESS)
        }
        Config::Optimize(config) => {
            let merged = commands::optimize::run(&config)?;
            if !config.quiet {
                crate::message!("{merged}");
            }
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "serve")]
        Config::Serve(config) => {
            commands::serve::run(&config)?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(not(feature = "serve"))]
        Config::Serve(_) => {
            anyhow::bail!("this newsdex was built without the `serve` feature; build it with default features to serve")
        }
    }
}

/// A printer without colour: JSON when asked, else text.
fn plain_or_json<W: Write>(out: W, json: bool, paths: PathStyle) -> Printer<W> {
    if json {
        Printer::json(out, paths)
    } else {
        Printer::text(out, false, paths)
    }
}

fn found(any: bool) -> ExitCode {
    if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
