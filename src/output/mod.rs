//! Hits and articles -> text for people or JSON lines for programs.
//!
//! The only place that writes to standard output. `Printer` is one enum
//! over a writer: `Text` (colour when asked or on a terminal) and `Json`
//! (one object a line: `{"type":"hit","data":{...}}` per hit, then
//! `{"type":"summary","data":{...}}`). Every JSON line is one of the
//! `wire` types, which a server can return as they are. It never queries
//! or parses.
//! `show` and `stats` print one article and an index's description.
//! Paths are shown through the printer's `PathStyle`, which its maker
//! chooses (the CLI: relative to the working directory); in text, with
//! their control characters escaped (`escape`).

pub mod escape;
mod show;
mod stats;
pub mod wire;

use std::io::{self, Write};

use serde::Serialize;

use crate::article::Article;
use crate::paths::PathStyle;
use crate::search::{Hit, Results};

const BOLD: &str = "\x1b[1m";
const MATCH: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Where output goes and in which form.
pub enum Printer<W: Write> {
    /// Text for people, in colour when `color`.
    Text {
        /// Where the text goes (stdout, for the CLI).
        out: W,
        /// ANSI colour: bold headlines, dim details, matches in red.
        color: bool,
        /// How paths are shown.
        paths: PathStyle,
    },
    /// JSON lines for programs.
    Json {
        /// Where the lines go (stdout, for the CLI).
        out: W,
        /// How paths are shown.
        paths: PathStyle,
    },
}

impl<W: Write> Printer<W> {
    /// A text printer, in colour when `color`.
    pub fn text(out: W, color: bool, paths: PathStyle) -> Printer<W> {
        Printer::Text { out, color, paths }
    }

    /// A JSON-lines printer.
    pub fn json(out: W, paths: PathStyle) -> Printer<W> {
        Printer::Json { out, paths }
    }

    /// How this printer shows paths.
    pub fn paths(&self) -> &PathStyle {
        match self {
            Printer::Text { paths, .. } | Printer::Json { paths, .. } => paths,
        }
    }

    /// The writer, once printing is done.
    pub fn into_inner(self) -> W {
        match self {
            Printer::Text { out, .. } | Printer::Json { out, .. } => out,
        }
    }

    /// Prints one page of search results, then the summary.
    pub fn results(&mut self, query: &str, results: &Results, elapsed_ms: f64) -> io::Result<()> {
        for hit in &results.hits {
            self.hit(hit)?;
        }
        match self {
            Printer::Json { out, .. } => {
                let summary = wire::Summary::new(query, results, elapsed_ms);
                write_json_line(out, &wire::Message::Summary(summary))?;
            }
            Printer::Text { out, color, .. } => {
                let shown = results.hits.len();
                let first = results.hits.first().map_or(0, |h| h.rank);
                let range = if shown == 0 {
                    "no results".to_string()
                } else {
                    format!("results {}-{}", first, first + shown - 1)
                };
                let (dim, reset) = if *color { (DIM, RESET) } else { ("", "") };
                let total = results.total_hits;
                let noun = if total == 1 { "article" } else { "articles" };
                let at_least = if results.total_exact { "" } else { "at least " };
                writeln!(
                    out,
                    "{dim}{at_least}{total} matching {noun}, {range} ({elapsed_ms:.1} ms){reset}"
                )?;
                if let Some(facets) = &results.facets {
                    let row = |pairs: &[(String, u64)]| {
                        pairs
                            .iter()
                            .map(|(k, n)| format!("{k} {n}"))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    };
                    writeln!(out, "by {}: {}", facets.by, row(&facets.dates))?;
                    writeln!(out, "top locations: {}", row(&facets.locations))?;
                }
            }
        }
        out_flush(self)
    }

    fn hit(&mut self, hit: &Hit) -> io::Result<()> {
        let a = &hit.article;
        match self {
            Printer::Json { out, paths } => {
                write_json_line(out, &wire::Message::Hit(wire::Hit::new(hit, paths)))
            }
            Printer::Text { out, color, paths } => {
                let (bold, dim, reset) = if *color {
                    (BOLD, DIM, RESET)
                } else {
                    ("", "", "")
                };
                writeln!(out, "{bold}{}. {}{reset}", hit.rank, a.headline)?;
                let mut facts: Vec<String> = Vec::new();
                facts.push(
                    a.date
                        .map_or_else(|| "date unknown".to_string(), |d| d.to_string()),
                );
                facts.push(match (&a.location, &a.country) {
                    (Some(l), Some(c)) if l != c => format!("{l}, {c}"),
                    (Some(l), _) => l.clone(),
                    (None, _) => "place unknown".to_string(),
                });
                if let Some(author) = &a.author {
                    facts.push(format!("by {author}"));
                }
                facts.push(format!(
                    "{}:{}",
                    escape::escape(&paths.show(&a.path)),
                    a.line
                ));
                writeln!(out, "   {dim}{}{reset}", facts.join(" | "))?;
                let joined = hit.snippet.joined();
                let snippet = highlight(&joined.text, &joined.highlights, *color);
                if !snippet.is_empty() {
                    writeln!(out, "   {snippet}")?;
                }
                writeln!(out)
            }
        }
    }

    /// Prints one parsed article as a flat JSON object (all `Article` fields).
    pub fn article(&mut self, article: &Article) -> io::Result<()> {
        let (out, paths) = match self {
            Printer::Json { out, paths } | Printer::Text { out, paths, .. } => (out, paths),
        };
        write_json_line(out, &wire::Article::new(article, paths))
    }

    /// Writes out whatever is still buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        out_flush(self)
    }
}

fn out_flush<W: Write>(printer: &mut Printer<W>) -> io::Result<()> {
    match printer {
        Printer::Json { out, .. } | Printer::Text { out, .. } => out.flush(),
    }
}

fn write_json_line<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// `text` with the `ranges` marked in colour; plain text when `color` is off.
fn highlight(text: &str, ranges: &[(usize, usize)], color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in ranges {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(MATCH);
        out.push_str(&text[start..end]);
        out.push_str(RESET);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_only_in_colour() {
        let text = "a curfew in Ramadi";
        let ranges = [(2, 8), (12, 18)];
        assert_eq!(highlight(text, &ranges, false), text);
        assert_eq!(
            highlight(text, &ranges, true),
            format!("a {MATCH}curfew{RESET} in {MATCH}Ramadi{RESET}")
        );
        // Out-of-range spans are ignored rather than panicking.
        assert_eq!(highlight("ab", &[(1, 9)], true), "ab");
    }
}
