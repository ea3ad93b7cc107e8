//! `newsdex search`: run a query against an index and print the hits.
//!
//! With the default index missing (or built by an older newsdex), it is
//! first built from `corpus/`, so a fresh checkout answers its first query.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::{IndexConfig, SearchConfig};
use crate::index::{IndexError, NewsIndex};
use crate::output::Printer;
use crate::paths;
use crate::search::{self, Results};

/// Searches and prints one page of hits, then the summary; returns the
/// results, whose `total_hits` decides the exit code.
pub fn run<W: Write>(config: &SearchConfig, printer: &mut Printer<W>) -> anyhow::Result<Results> {
    let news = open_or_build(&config.index_dir, config.build_from.as_deref())?;
    let started = Instant::now();
    let searcher = news.searcher()?;
    let results = search::search(&news, &searcher, &config.request)?;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Some(notice) = &results.notice {
        crate::message!("{notice}");
    }
    printer.results(&config.request.query, &results, elapsed_ms)?;
    Ok(results)
}

/// Opens the index in `index_dir`; when it is missing or from an older
/// newsdex and `build_from` names dumps that exist (the default index of
/// `search` and `serve`), builds it from them first, saying so on stderr.
pub fn open_or_build(
    index_dir: &Path,
    build_from: Option<&[PathBuf]>,
) -> anyhow::Result<NewsIndex> {
    Ok(match (NewsIndex::open(index_dir), build_from) {
        // The default index, missing or from an older newsdex: built first.
        (Err(err @ (IndexError::Missing(_) | IndexError::Outdated(_))), Some(paths))
            if paths.iter().all(|p| p.exists()) =>
        {
            let outdated = matches!(err, IndexError::Outdated(_));
            let shown: Vec<String> = paths.iter().map(|p| paths::shown(p, None)).collect();
            let what = if outdated {
                "the index in {dir}/ was built by an older newsdex; rebuilding it"
            } else {
                "no index in {dir}/ yet; building it"
            };
            crate::message!(
                "{} from {} (run `newsdex index` to update it later)",
                what.replace("{dir}", &paths::shown(index_dir, None)),
                shown.join(" ")
            );
            let mut build = IndexConfig::new(paths.to_vec(), index_dir.to_path_buf());
            build.rebuild = outdated;
            let summary = super::index::run(&build)?;
            crate::message!("{}", summary.line(index_dir));
            NewsIndex::open(index_dir)?
        }
        (opened, _) => opened?,
    })
}
