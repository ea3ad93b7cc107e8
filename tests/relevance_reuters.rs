//! Ranking quality, pinned cheaply: the relevance evaluation of
//! `scripts/eval_relevance.py` (BENCHMARKS.md, "Ranking quality") on the
//! first 4 Reuters-21578 files (from `../shared/corpora`), with the
//! queries of `scripts/relevance/queries.tsv` whose topic tags at least 10
//! of those stories (30). On this subset newsdex gives P@10 0.72 for the
//! short queries and 0.74 for the questions. The ranking before the
//! Reuters tuning (headline weight 2.5, every-term matches first for
//! questions too, a repeated word counted once) gave 0.64 for the
//! questions, and the headline weight of 2.5 alone 0.67: both fail here.
// The P@10 measured is reported.
#![allow(clippy::print_stderr)]

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::util::{repo, shared, TestEnv};

const FILES: [&str; 4] = [
    "reut2-000.sgm",
    "reut2-001.sgm",
    "reut2-002.sgm",
    "reut2-003.sgm",
];
/// Topics tagging fewer stories of the subset are left out: P@10 needs 10.
const MIN_RELEVANT: usize = 10;

fn reuters() -> PathBuf {
    shared("corpora/reuters21578")
}

/// The TOPICS of every record, by file name and the line of its
/// `<REUTERS` tag (the `line` of a hit).
fn topics() -> HashMap<(String, u64), Vec<String>> {
    let mut topics = HashMap::new();
    for name in FILES {
        let bytes = std::fs::read(reuters().join(name)).unwrap();
        let mut record = 0;
        for (i, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
            if line.starts_with("<REUTERS") {
                record = i as u64 + 1;
            } else if let Some(tags) = line.strip_prefix("<TOPICS>") {
                let tags = tags.trim_end_matches("</TOPICS>");
                let tags = tags
                    .split("</D>")
                    .filter_map(|t| t.strip_prefix("<D>"))
                    .map(String::from)
                    .collect();
                topics.insert((name.to_string(), record), tags);
            }
        }
    }
    topics
}

/// (topic, short query, question) of scripts/relevance/queries.tsv.
fn queries() -> Vec<(String, String, String)> {
    let path = repo("scripts/relevance/queries.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = rows.next().unwrap().split('\t').collect();
    let column = |name| header.iter().position(|h| *h == name).unwrap();
    let (topic, short, question) = (column("topic"), column("short"), column("question"));
    rows.map(|row| {
        let cells: Vec<&str> = row.split('\t').collect();
        (
            cells[topic].to_string(),
            cells[short].to_string(),
            cells[question].to_string(),
        )
    })
    .collect()
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn short_queries_and_questions_rank_relevant_stories_first() {
    let env = TestEnv::new();
    let mut args: Vec<OsString> = ["index", "--quiet", "--index", "index"]
        .map(OsString::from)
        .into();
    args.extend(FILES.map(|name| reuters().join(name).into_os_string()));
    env.run_ok(&args);

    let topics = topics();
    let mut tagged: HashMap<&str, usize> = HashMap::new();
    for tags in topics.values() {
        for tag in tags {
            *tagged.entry(tag).or_default() += 1;
        }
    }
    // Relevant among the first 10 hits, and how many hits there were.
    let precision = |topic: &str, query: &str| -> (f64, usize) {
        let run = env.run(&[
            "search", "--json", "-n", "10", "--index", "index", "--", query,
        ]);
        let hits = run.hits();
        let relevant = hits
            .iter()
            .filter(|hit| {
                let path = Path::new(hit["path"].as_str().unwrap());
                let file = path.file_name().unwrap().to_string_lossy().to_string();
                let line = hit["line"].as_u64().unwrap();
                topics[&(file, line)].iter().any(|t| t == topic)
            })
            .count();
        (relevant as f64 / 10.0, hits.len())
    };

    let (mut short, mut question, mut n) = (0.0, 0.0, 0);
    for (topic, short_query, question_text) in queries() {
        if tagged.get(topic.as_str()).copied().unwrap_or(0) < MIN_RELEVANT {
            continue;
        }
        n += 1;
        short += precision(&topic, &short_query).0;
        let (p, hits) = precision(&topic, &question_text);
        assert_eq!(hits, 10, "the question {question_text:?} found too little");
        question += p;
    }
    assert_eq!(n, 30, "topics with {MIN_RELEVANT}+ stories in the subset");
    let (short, question) = (short / n as f64, question / n as f64);
    eprintln!("P@10 over {n} topics: short {short:.3}, questions {question:.3}");
    assert!(short >= 0.70, "short queries: P@10 {short:.3}");
    assert!(question >= 0.70, "questions: P@10 {question:.3}");
}
