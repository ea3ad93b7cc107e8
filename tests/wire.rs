//! The JSON the binary prints, read back into the wire types with unknown
//! fields denied: every line of `parse`, `search --json` (with and without
//! `--facets`), `show --json` and `stats --json` over a copy of four dumps
//! of `corpus/`, and the values checked against the dumps themselves.
//!
//! The numbers below were counted in the dumps by hand (grep), not taken
//! from newsdex: `reut2-000-sample.sgm` has 40 `<REUTERS` records, 6
//! datelined WASHINGTON and 6 NEW YORK, and three whose title or body says
//! "wheat" (records opening at lines 193, 235 and 685, datelined
//! WASHINGTON, BUENOS AIRES, WASHINGTON); `bbc-sample.jsonl` has 10 lines,
//! `sample.mbox` 4 messages, and `000_891f048a54a096e6.txt` the same Ramadi
//! story twice, the later dated "July 6, 2025".

use crate::util::{repo, Run, TestEnv};
use newsdex::output::wire::{Article, Counted, Message, Stats, Summary};
use serde::de::DeserializeOwned;

/// The dumps copied, relative to `corpus/`.
const DUMPS: [&str; 4] = [
    "000_891f048a54a096e6.txt",
    "20newsgroups/sample.mbox",
    "json/bbc-sample.jsonl",
    "reuters/reut2-000-sample.sgm",
];
const REUTERS: &str = "corpus/reuters/reut2-000-sample.sgm";

/// A temp dir holding `corpus/` (the four dumps) and, once built, `index/`.
struct Dumps {
    env: TestEnv,
}

impl Dumps {
    fn new() -> Dumps {
        let env = TestEnv::new();
        for dump in DUMPS {
            env.copy(&repo("corpus").join(dump), &format!("corpus/{dump}"));
        }
        Dumps { env }
    }

    fn indexed() -> Dumps {
        let dumps = Dumps::new();
        let run = dumps.run(&["index", "corpus", "--index", "index", "--quiet"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        dumps
    }

    /// The binary run in the temp dir (so paths are shown relative to it).
    fn run(&self, args: &[&str]) -> Run {
        self.env.run(args)
    }

    /// `search --json ARGS`: its lines as messages, the hits before the one
    /// summary, which comes last.
    fn search(&self, args: &[&str]) -> (Vec<newsdex::output::wire::Hit>, Summary) {
        let mut all = vec!["search", "--index", "index", "--json"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        let mut messages: Vec<Message> = lines(&run.stdout);
        let Some(Message::Summary(summary)) = messages.pop() else {
            panic!("no summary last: {}", run.stdout);
        };
        let hits = messages
            .into_iter()
            .map(|m| match m {
                Message::Hit(hit) => hit,
                Message::Summary(_) => panic!("two summaries: {}", run.stdout),
            })
            .collect();
        assert_eq!(run.code, i32::from(summary.total_hits == 0));
        (hits, summary)
    }
}

/// Every line of `stdout` as a `T`, strictly (unknown keys are errors).
fn lines<T: DeserializeOwned>(stdout: &str) -> Vec<T> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn parse_prints_articles() {
    let dumps = Dumps::new();
    let run = dumps.run(&["parse", "corpus"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let articles: Vec<Article> = lines(&run.stdout);
    let from = |path: &str| articles.iter().filter(|a| a.path == path).count();
    assert_eq!(from(REUTERS), 40);
    assert_eq!(from("corpus/json/bbc-sample.jsonl"), 10);
    assert_eq!(from("corpus/20newsgroups/sample.mbox"), 4);
    assert_eq!(from("corpus/000_891f048a54a096e6.txt"), 2);
    assert_eq!(articles.len(), 56);

    // The first Reuters record, field by field from the SGML.
    let cocoa = articles
        .iter()
        .find(|a| a.headline == "BAHIA COCOA REVIEW")
        .unwrap();
    assert_eq!(
        cocoa.date.map(|d| d.to_string()).as_deref(),
        Some("1987-02-26")
    );
    assert_eq!(cocoa.places, ["el-salvador", "usa", "uruguay"]);
    assert_eq!(cocoa.dateline.as_deref(), Some("SALVADOR, Feb 26"));
    assert_eq!(cocoa.location.as_deref(), Some("Salvador"));
    assert_eq!(
        (cocoa.format.as_str(), cocoa.ordinal, cocoa.line),
        ("reuters", 0, 2)
    );
    assert!(cocoa
        .body
        .starts_with("Showers continued throughout the week in the Bahia cocoa zone"));

    // Strict: a key the types do not know is an error, as is one missing.
    let line = run.stdout.lines().next().unwrap();
    let extra = line.replacen("{", "{\"extra\":1,", 1);
    assert!(serde_json::from_str::<Article>(&extra).is_err());
    let missing = line.replacen("\"dateline\":null,", "", 1);
    assert_ne!(missing, line);
    assert!(serde_json::from_str::<Article>(&missing).is_err());
}

#[test]
fn search_prints_hits_then_a_summary() {
    let dumps = Dumps::indexed();
    let (hits, summary) = dumps.search(&["wheat"]);
    assert_eq!((summary.total_hits, summary.returned), (3, 3));
    assert_eq!(summary.query, "wheat");
    assert_eq!((summary.facets, summary.notice), (None, None));
    let mut found: Vec<(u64, String)> = hits
        .iter()
        .map(|h| (h.line, squeezed(&h.headline)))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                193,
                "NATIONAL AVERAGE PRICES FOR FARMER-OWNED RESERVE".to_string()
            ),
            (
                235,
                "ARGENTINE 1986/87 GRAIN/OILSEED REGISTRATIONS".to_string()
            ),
            (685, "BONUS WHEAT FLOUR FOR NORTH YEMEN -- USDA".to_string()),
        ]
    );
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(hit.rank, i + 1);
        assert_eq!(hit.path, REUTERS);
        assert!(hit.score > 0.0);
        let texts: Vec<&str> = hit.fragments.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(hit.snippet, texts.join(" \u{2026} "));
        // Every highlight marks the word searched for.
        let marked = hit.fragments.iter().flat_map(|f| {
            f.highlights
                .iter()
                .map(move |&(start, end)| f.text[start..end].to_lowercase())
        });
        let joined = hit
            .highlights
            .iter()
            .map(|&(start, end)| hit.snippet[start..end].to_lowercase());
        for word in marked.chain(joined) {
            assert_eq!(word, "wheat", "{hit:?}");
        }
        assert!(!hit.highlights.is_empty());
    }

    // A page further on.
    let (page, summary) = dumps.search(&["wheat", "--limit", "1", "--offset", "1"]);
    assert_eq!((summary.total_hits, summary.returned), (3, 1));
    assert_eq!(page[0].rank, 2);
    assert_eq!(page[0].id, hits[1].id);

    // Nothing found: the summary alone, exit 1.
    let (none, summary) = dumps.search(&["zzzzqqq"]);
    assert!(none.is_empty());
    assert_eq!((summary.total_hits, summary.returned), (0, 0));

    // A query that does not parse is searched for its words, with a notice.
    let (again, summary) = dumps.search(&["wheat)"]);
    assert_eq!(again.len(), 3);
    assert!(summary
        .notice
        .unwrap()
        .contains("searched for its words: wheat"));
}

#[test]
fn facets_count_periods_and_places() {
    let dumps = Dumps::indexed();
    let (hits, summary) = dumps.search(&["wheat", "--facets"]);
    assert_eq!(hits.len(), 3);
    let facets = summary.facets.unwrap();
    assert_eq!(facets.by, "month");
    assert_eq!(facets.dates, [Counted::new("1987-02", 3)]);
    let located = |key: &str, count| Counted {
        location: Some(key.to_string()),
        ..Counted::new(key, count)
    };
    assert_eq!(
        facets.locations,
        [located("Washington", 2), located("Buenos Aires", 1)]
    );
}

#[test]
fn show_prints_the_article_parse_prints() {
    let dumps = Dumps::indexed();
    let parsed: Vec<Article> = lines(&dumps.run(&["parse", "corpus"]).stdout);
    let cocoa = parsed
        .iter()
        .find(|a| a.headline == "BAHIA COCOA REVIEW")
        .unwrap();
    let run = dumps.run(&["show", "--index", "index", "--json", &cocoa.id]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown: Vec<Article> = lines(&run.stdout);
    assert_eq!(shown, std::slice::from_ref(cocoa));
    let run = dumps.run(&["show", "--index", "index", "--json", "no-such-id"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
}

#[test]
fn stats_describe_the_index() {
    let dumps = Dumps::indexed();
    let run = dumps.run(&["stats", "--index", "index", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut all: Vec<Stats> = lines(&run.stdout);
    assert_eq!(all.len(), 1, "{}", run.stdout);
    let stats = all.remove(0);
    assert_eq!((stats.articles, stats.files, stats.folded), (56, 4, 0));
    assert_eq!(stats.index, "index");
    let formats: Vec<(&str, u64)> = stats
        .formats
        .iter()
        .map(|(f, n)| (f.as_str(), *n))
        .collect();
    assert_eq!(
        formats,
        [("json", 10), ("layout", 2), ("mail", 4), ("reuters", 40)]
    );
    let day = |d: Option<newsdex::date::Date>| d.map(|d| d.to_string());
    assert_eq!(day(stats.first_date).as_deref(), Some("1987-02-26"));
    assert_eq!(day(stats.last_date).as_deref(), Some("2025-07-06"));
    let file = |key: &str, count| Counted {
        articles: Some(count),
        path: Some(key.to_string()),
        ..Counted::new(key, count)
    };
    assert_eq!(
        stats.top_files,
        [
            file(REUTERS, 40),
            file("corpus/json/bbc-sample.jsonl", 10),
            file("corpus/20newsgroups/sample.mbox", 4),
            file("corpus/000_891f048a54a096e6.txt", 2),
        ]
    );
    let place = |key: &str, count| Counted {
        articles: Some(count),
        location: Some(key.to_string()),
        ..Counted::new(key, count)
    };
    // A tie is ordered by name.
    assert_eq!(
        stats.top_locations[..2],
        [place("New York City", 6), place("Washington", 6)]
    );
    assert!(stats.size_bytes > 0);

    // What parse says of the same dumps.
    let parsed: Vec<Article> = lines(&dumps.run(&["parse", "corpus"]).stdout);
    let count = |f: fn(&Article) -> bool| parsed.iter().filter(|a| f(a)).count() as u64;
    assert_eq!(stats.undated, count(|a| a.date.is_none()));
    assert_eq!(stats.unlocated, count(|a| a.location.is_none()));
}
