//! `newsdex show`: one article in full, looked up by its id.
//!
//! Several stories may share an id (dumps that number their articles
//! alike): the first (by path, then position) is printed, and the others
//! are named on stderr, as are the other places the printed story was seen
//! (duplicates folded into it at indexing). A duplicate's own id leads to
//! the story as indexed.

use std::io::Write;

use crate::config::ShowConfig;
use crate::index::NewsIndex;
use crate::output::Printer;
use crate::paths::{self, PathStyle};

/// How many of the other articles sharing an id are named.
const NAMED: usize = 10;

/// Prints the article; returns whether there was one.
pub fn run<W: Write>(config: &ShowConfig, printer: &mut Printer<W>) -> anyhow::Result<bool> {
    let news = NewsIndex::open(&config.index_dir)?;
    let articles = news.find_id(&config.id)?;
    let Some((first, others)) = articles.split_first() else {
        crate::message!(
            "no article with id {} in {}",
            config.id,
            paths::shown(&config.index_dir, None)
        );
        return Ok(false);
    };
    printer.show(&first.article)?;
    if !first.also.is_empty() {
        let places = named(
            printer.paths(),
            first.also.iter().map(|s| (&s.path, s.line)),
        );
        crate::message!("the same story was also seen at {places} (folded as duplicates)");
    }
    if !others.is_empty() {
        let named = named(
            printer.paths(),
            others.iter().map(|s| (&s.article.path, s.article.line)),
        );
        let (count, verb) = if others.len() == 1 {
            ("1 other article".to_string(), "shares")
        } else {
            (format!("{} other articles", others.len()), "share")
        };
        crate::message!("{count} {verb} id {}: {named}", config.id);
    }
    Ok(true)
}

/// `path:line` for the first `NAMED`, then how many more.
fn named<'a>(
    paths: &PathStyle,
    places: impl ExactSizeIterator<Item = (&'a String, u64)>,
) -> String {
    let total = places.len();
    let mut named: Vec<String> = places
        .take(NAMED)
        .map(|(path, line)| format!("{}:{line}", paths.show(path)))
        .collect();
    if total > NAMED {
        named.push(format!("and {} more", total - NAMED));
    }
    named.join(", ")
}
