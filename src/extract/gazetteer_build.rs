//! The gazetteer's tables, read from `data/gazetteer.tsv` and
//! `data/common_words.txt` at compile time: `build.rs` includes this file,
//! reads both with [`Tables::read`] and writes the tables out as Rust
//! statics (`Tables::write_rust`), which `places` includes, so no run of
//! newsdex parses the 46,000 rows (that cost every run that reads dumps 77
//! M instructions at its first article). `places` uses [`key`] and
//! [`all_capitals`] too, and its tests compare the statics with
//! `Tables::read` run on the same text.
//!
//! Compiled twice, by `build.rs` (which writes the tables) and by the crate
//! (which reads them and tests them), each using a part of it.
#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

/// Lower-cased lookup key of a name.
pub fn key(name: &str) -> String {
    // The same for ASCII, without `to_lowercase`'s classing of each char.
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.to_lowercase()
    }
}

/// True when a name is written in capitals, two letters or more ("ISA",
/// "U.S."; not "I" or "Isa").
pub fn all_capitals(name: &str) -> bool {
    // Most names hold an ASCII lower-case letter: no need to count.
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        return false;
    }
    name.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !name.chars().any(char::is_lowercase)
}

/// A place's kind, as the rows name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    City,
    Region,
    Country,
}

impl Kind {
    /// Its number in the compiled tables.
    pub fn code(self) -> u8 {
        match self {
            Kind::City => 0,
            Kind::Region => 1,
            Kind::Country => 2,
        }
    }

    /// The kind numbered `code` (`Kind::code`).
    pub fn of_code(code: u8) -> Kind {
        match code {
            0 => Kind::City,
            1 => Kind::Region,
            _ => Kind::Country,
        }
    }
}

/// One place: its canonical name, kind, country code and population.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub kind: Kind,
    pub country_code: String,
    pub population: u64,
}

/// The gazetteer's tables, in the order the rows give them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tables {
    /// Each place once (rows naming the same kind, country and canonical
    /// name are one place), in the order first named.
    pub places: Vec<Row>,
    /// Each lookup key, in the order first named, with its places in the
    /// order named.
    pub names: Vec<(String, Vec<u32>)>,
    /// Keys of the names the gazetteer writes in capitals ("US", "NYC").
    pub capitals: BTreeSet<String>,
    /// Keys of the common words.
    pub common: BTreeSet<String>,
}

impl Tables {
    /// Reads `name\tkind\tcountry_code\tpopulation\tcanonical` rows and a
    /// list of common words (one per line); `#` lines are comments, and a
    /// row of another shape or kind is left out.
    pub fn read(tsv: &str, common_words: &str) -> Tables {
        let mut tables = Tables::default();
        let mut ids: HashMap<(Kind, &str, &str), u32> = HashMap::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        for row in tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let Some([name, kind, code, population, canonical]) = columns(row) else {
                continue;
            };
            let kind = match kind {
                "city" => Kind::City,
                "region" => Kind::Region,
                "country" => Kind::Country,
                _ => continue,
            };
            let places = &mut tables.places;
            let id = *ids.entry((kind, code, canonical)).or_insert_with(|| {
                places.push(Row {
                    name: canonical.to_string(),
                    kind,
                    country_code: code.to_string(),
                    population: population.parse().unwrap_or(0),
                });
                (places.len() - 1) as u32
            });
            let key = key(name);
            if all_capitals(name) {
                tables.capitals.insert(key.clone());
            }
            let at = *names.entry(key.clone()).or_insert_with(|| {
                tables.names.push((key, Vec::new()));
                tables.names.len() - 1
            });
            let entry = &mut tables.names[at].1;
            if !entry.contains(&id) {
                entry.push(id);
            }
        }
        tables.common = common_words
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(key)
            .collect();
        tables
    }

    /// The tables as Rust statics, for `places` to include: every name,
    /// key and code in one string, `TEXT`, the tables holding only numbers
    /// (spans of `TEXT` as start and length): `PLACES` (name, kind as
    /// [`Kind::code`], country code, population), `NAMES` (key, then the
    /// first of its places in `IDS` and how many; sorted by key, so one name
    /// is found by a binary search without building a map), `IDS`,
    /// `CAPITALS` and `COMMON`. One string, not a literal per name: 80,000 literals would
    /// each be a symbol of the binary and a pointer to place at link time.
    pub fn write_rust(&self) -> String {
        let mut text = String::new();
        let mut spans: HashMap<String, (usize, usize)> = HashMap::new();
        let mut span = |s: &str| -> (usize, usize) {
            if let Some(&at) = spans.get(s) {
                return at;
            }
            let at = (text.len(), s.len());
            text.push_str(s);
            spans.insert(s.to_string(), at);
            at
        };
        let mut places = String::new();
        for p in &self.places {
            let (name, code) = (span(&p.name), span(&p.country_code));
            let _ = writeln!(
                places,
                "({}, {}, {}, {}, {}, {}),",
                name.0,
                name.1,
                p.kind.code(),
                code.0,
                code.1,
                p.population
            );
        }
        let mut names = String::new();
        let mut ids = String::new();
        let mut at = 0;
        let mut sorted: Vec<&(String, Vec<u32>)> = self.names.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (key, place_ids) in sorted {
            let k = span(key);
            let _ = writeln!(names, "({}, {}, {at}, {}),", k.0, k.1, place_ids.len());
            at += place_ids.len();
            for id in place_ids {
                let _ = write!(ids, "{id},");
            }
        }
        let mut words = |list: &BTreeSet<String>| {
            let mut out = String::new();
            for w in list {
                let w = span(w);
                let _ = write!(out, "({}, {}),", w.0, w.1);
            }
            out
        };
        let (capitals, common) = (words(&self.capitals), words(&self.common));
        let mut out =
            String::from("// Written by build.rs from data/gazetteer.tsv: do not edit.\n");
        let _ = writeln!(out, "pub static TEXT: &str = {text:?};");
        let _ = writeln!(
            out,
            "pub static PLACES: [(u32, u32, u8, u32, u32, u64); {}] = [\n{places}];",
            self.places.len()
        );
        let _ = writeln!(
            out,
            "pub static NAMES: [(u32, u32, u32, u32); {}] = [\n{names}];",
            self.names.len()
        );
        let _ = writeln!(out, "pub static IDS: [u32; {at}] = [{ids}];");
        for (name, list, spans) in [
            ("CAPITALS", &self.capitals, capitals),
            ("COMMON", &self.common, common),
        ] {
            let _ = writeln!(
                out,
                "pub static {name}: [(u32, u32); {}] = [{spans}];",
                list.len()
            );
        }
        out
    }
}

/// The `N` tab-separated columns of a row, `None` unless it has exactly `N`.
fn columns<const N: usize>(row: &str) -> Option<[&str; N]> {
    let mut cols = [""; N];
    let mut start = 0;
    let mut n = 0;
    for (i, &b) in row.as_bytes().iter().enumerate() {
        if b == b'\t' {
            *cols.get_mut(n)? = &row[start..i];
            n += 1;
            start = i + 1;
        }
    }
    *cols.get_mut(n)? = &row[start..];
    (n + 1 == N).then_some(cols)
}
