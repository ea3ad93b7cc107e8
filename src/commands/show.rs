//! `newsdex show`: one article in full, looked up by its id.
//!
//! The same story may sit in several dumps under one id: the first (by
//! path, then position) is printed, and the others are named on stderr.

use std::io::Write;

use crate::cli::ShowConfig;
use crate::index::NewsIndex;
use crate::output::Printer;
use crate::walk::{display, shown_key};

/// How many of the other articles sharing an id are named.
const NAMED: usize = 10;

/// Prints the article; returns whether there was one.
pub fn run<W: Write>(config: &ShowConfig, printer: &mut Printer<W>) -> anyhow::Result<bool> {
    let news = NewsIndex::open(&config.index_dir)?;
    let articles = news.find_id(&config.id)?;
    let Some((first, others)) = articles.split_first() else {
        eprintln!(
            "newsdex: no article with id {} in {}",
            config.id,
            display(&config.index_dir)
        );
        return Ok(false);
    };
    printer.show(first)?;
    if !others.is_empty() {
        let mut named: Vec<String> = others
            .iter()
            .take(NAMED)
            .map(|a| format!("{}:{}", shown_key(&a.path), a.line))
            .collect();
        if others.len() > NAMED {
            named.push(format!("and {} more", others.len() - NAMED));
        }
        let (count, verb) = if others.len() == 1 {
            ("1 other article".to_string(), "shares")
        } else {
            (format!("{} other articles", others.len()), "share")
        };
        eprintln!(
            "newsdex: {count} {verb} id {}: {}",
            config.id,
            named.join(", ")
        );
    }
    Ok(true)
}
