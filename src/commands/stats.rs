//! `newsdex stats`: describe an index (articles, files, dates, places,
//! formats, size on disk).

use std::io::Write;

use crate::config::StatsConfig;
use crate::index::NewsIndex;
use crate::output::Printer;
use crate::paths;

/// Prints what the index in `config.index_dir` holds.
pub fn run<W: Write>(config: &StatsConfig, printer: &mut Printer<W>) -> anyhow::Result<()> {
    let news = NewsIndex::open(&config.index_dir)?;
    let stats = news.stats()?;
    printer.stats(&paths::shown(&config.index_dir, None), &stats)?;
    Ok(())
}
