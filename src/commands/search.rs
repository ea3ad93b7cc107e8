//! `newsdex search`: run a query against an index and print the hits.
//!
//! With the default index missing (or built by an older newsdex), it is
//! first built from `corpus/`, so a fresh checkout answers its first query.

use std::io::Write;
use std::time::Instant;

use crate::cli::{IndexConfig, SearchConfig};
use crate::index::{self, IndexError, NewsIndex};
use crate::output::Printer;
use crate::search::{self, Results};
use crate::walk::display;

pub fn run<W: Write>(config: &SearchConfig, printer: &mut Printer<W>) -> anyhow::Result<Results> {
    if let Some(paths) = &config.build_from {
        let outdated = matches!(
            NewsIndex::open(&config.index_dir),
            Err(IndexError::Outdated(_))
        );
        if (outdated || !index::exists(&config.index_dir)) && paths.iter().all(|p| p.exists()) {
            let shown: Vec<String> = paths.iter().map(|p| display(p)).collect();
            let what = if outdated {
                "the index in {dir}/ was built by an older newsdex; rebuilding it"
            } else {
                "no index in {dir}/ yet; building it"
            };
            eprintln!(
                "newsdex: {} from {} (run `newsdex index` to update it later)",
                what.replace("{dir}", &display(&config.index_dir)),
                shown.join(" ")
            );
            let mut build = IndexConfig::new(paths.clone(), config.index_dir.clone());
            build.rebuild = outdated;
            let summary = super::index::run(&build)?;
            eprintln!("newsdex: {}", summary.line(&config.index_dir));
        }
    }
    let news = NewsIndex::open(&config.index_dir)?;
    let started = Instant::now();
    let results = search::search(&news, &config.request)?;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Some(notice) = &results.notice {
        eprintln!("newsdex: {notice}");
    }
    printer.results(&config.request.query, &results, elapsed_ms)?;
    Ok(results)
}
