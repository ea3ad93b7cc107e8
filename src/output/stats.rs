//! `newsdex stats`: a compact report on an index for people, or one JSON
//! object for programs. File paths are shown through the printer's
//! `PathStyle`, as everywhere else.

use std::io::{self, Write};

use super::{wire, write_json_line, Printer};
use crate::index::stats::{Stats, TOP};
use crate::paths::PathStyle;

impl<W: Write> Printer<W> {
    /// Prints what the index in `index_dir` (as the user named it) holds.
    pub fn stats(&mut self, index_dir: &str, stats: &Stats) -> io::Result<()> {
        match self {
            Printer::Json { out, paths } => {
                write_json_line(out, &wire::Stats::new(index_dir, stats, paths))?;
            }
            Printer::Text { out, paths, .. } => {
                for line in report(index_dir, stats, paths) {
                    writeln!(out, "{line}")?;
                }
            }
        }
        self.flush()
    }
}

/// The text report, line by line.
fn report(index_dir: &str, s: &Stats, paths: &PathStyle) -> Vec<String> {
    let mut lines = vec![
        format!(
            "index:      {index_dir} ({} on disk)",
            human_bytes(s.size_bytes)
        ),
        format!(
            "articles:   {} from {}{}",
            s.articles,
            plural(s.files, "file", "files"),
            if s.folded > 0 {
                format!(
                    "; {} folded (seen again elsewhere, indexed once)",
                    plural(s.folded, "duplicate", "duplicates")
                )
            } else {
                String::new()
            }
        ),
    ];
    let undated = plural(s.undated, "article", "articles");
    lines.push(match (s.first_date, s.last_date) {
        (Some(first), Some(last)) if s.undated > 0 => {
            format!("dates:      {first} to {last}; {undated} undated")
        }
        (Some(first), Some(last)) => format!("dates:      {first} to {last}"),
        _ => format!("dates:      none ({undated} undated)"),
    });
    let formats: Vec<String> = s.formats.iter().map(|(f, n)| format!("{f} {n}")).collect();
    lines.push(format!(
        "formats:    {}",
        if formats.is_empty() {
            "-".to_string()
        } else {
            formats.join(", ")
        }
    ));
    lines.push(format!(
        "locations:  top {TOP}; {} without one",
        plural(s.unlocated, "article", "articles")
    ));
    lines.extend(ranked(s.top_locations.iter().map(|(l, n)| (l.clone(), *n))));
    lines.push(format!("files:      top {TOP} of {}", s.files));
    lines.extend(ranked(s.top_files.iter().map(|(k, n)| {
        (super::escape::escape(&paths.show(k)).into_owned(), *n)
    })));
    lines
}

/// `  count  name` lines, counts right-aligned.
fn ranked(rows: impl Iterator<Item = (String, u64)>) -> Vec<String> {
    let rows: Vec<(String, u64)> = rows.collect();
    let width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(0);
    rows.into_iter()
        .map(|(name, n)| format!("  {n:>width$}  {name}"))
        .collect()
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `n` bytes for people: B, then KiB, MiB, GiB with one decimal.
fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    #[test]
    fn sizes_for_people() {
        let cases = [
            (0, "0 B"),
            (1023, "1023 B"),
            (1024, "1.0 KiB"),
            (1536, "1.5 KiB"),
            (5 << 20, "5.0 MiB"),
            (3 << 30, "3.0 GiB"),
        ];
        for (n, want) in cases {
            assert_eq!(human_bytes(n), want, "{n}");
        }
    }

    #[test]
    fn report_lines() {
        let stats = Stats {
            articles: 3,
            files: 1,
            first_date: Date::parse_iso("1987-02-26"),
            last_date: Date::parse_iso("1987-03-02"),
            undated: 1,
            folded: 0,
            top_locations: vec![("New York City".into(), 12), ("Salvador".into(), 2)],
            unlocated: 1,
            formats: vec![("reuters".into(), 3)],
            top_files: vec![("/nowhere/a.sgm".into(), 3)],
            size_bytes: 2048,
        };
        assert_eq!(
            report("index", &stats, &PathStyle::relative_to("/nowhere")),
            [
                "index:      index (2.0 KiB on disk)",
                "articles:   3 from 1 file",
                "dates:      1987-02-26 to 1987-03-02; 1 article undated",
                "formats:    reuters 3",
                "locations:  top 10; 1 article without one",
                "  12  New York City",
                "   2  Salvador",
                "files:      top 10 of 1",
                // Relative to the base the printer was given.
                "  3  a.sgm",
            ]
        );
        let undated = Stats {
            folded: 2,
            first_date: None,
            last_date: None,
            ..stats
        };
        let lines = report("index", &undated, &PathStyle::default());
        assert_eq!(
            lines[1],
            "articles:   3 from 1 file; 2 duplicates folded (seen again elsewhere, indexed once)"
        );
        assert_eq!(lines[2], "dates:      none (1 article undated)");
    }
}
