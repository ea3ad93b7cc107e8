//! `newsdex show` and `newsdex stats` through the binary, over a copy of
//! the repository's whole `corpus/`, checked against what `newsdex parse`
//! says about the same dumps.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Value};

use crate::util::TestEnv;

const SEED: &str = "corpus/000_891f048a54a096e6.txt";

/// What these tests do in their `TestEnv` besides running the binary.
trait ShowStats {
    /// Builds `index/` from `corpus/`.
    fn index(&self);
    /// What `parse corpus` says: one JSON object per article.
    fn parsed(&self) -> Vec<Value>;
}

impl ShowStats for TestEnv {
    fn index(&self) {
        self.run_ok(&["index"]);
    }

    fn parsed(&self) -> Vec<Value> {
        self.run_ok(&["parse", "corpus"]).json()
    }
}

/// The words of an article's headline and of its body, lower-cased: the
/// story it tells. newsdex indexes the first article (in walk order, as
/// `parse` prints them) of each story and folds the rest (README,
/// "Duplicates"); this is that rule written again, independently.
fn story(a: &Value) -> [Vec<String>; 2] {
    ["headline", "body"].map(|key| {
        a[key]
            .as_str()
            .unwrap()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    })
}

/// The articles `parse` printed that are indexed (first of their story),
/// and for each folded one the article it was folded into.
fn indexed(parsed: &[Value]) -> (Vec<&Value>, Vec<(&Value, &Value)>) {
    let mut first: HashMap<[Vec<String>; 2], &Value> = HashMap::new();
    let mut indexed = Vec::new();
    let mut folded = Vec::new();
    for a in parsed {
        match first.get(&story(a)) {
            Some(primary) => folded.push((a, *primary)),
            None => {
                first.insert(story(a), a);
                indexed.push(a);
            }
        }
    }
    (indexed, folded)
}

/// The `name: value` lines of `show`'s header block, and the body after it.
fn show_text(stdout: &str) -> (HashMap<String, String>, String) {
    let (header, body) = stdout
        .split_once("\n\n")
        .expect("a blank line after the header");
    let fields = header
        .lines()
        .map(|line| {
            let (name, value) = line.split_once(':').expect("name: value");
            (name.to_string(), value.trim_start().to_string())
        })
        .collect();
    (fields, body.to_string())
}

#[test]
fn show_prints_one_article_in_full() {
    let env = TestEnv::with_corpus();
    env.index();
    let parsed = env.parsed();

    let search = env.run(&["search", "--json", "Ramadi curfew"]);
    let first = &search.json()[0];
    assert_eq!(first["type"], "hit", "{}", search.stdout);
    let id = first["data"]["id"].as_str().unwrap().to_string();
    let want = parsed.iter().find(|a| a["id"] == id.as_str()).unwrap();

    // Text: every field in the header, then the body in full.
    let run = env.run(&["show", &id]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let (fields, body) = show_text(&run.stdout);
    let expected: [(&str, &str); 19] = [
        (
            "headline",
            "Iraq Says Defeats ISIS Infiltration Near Ramadi, Several Dead",
        ),
        ("id", &id),
        ("date", "-"),
        ("location", "Ramadi"),
        ("country", "Iraq"),
        ("dateline", "-"),
        ("places", "-"),
        ("author", "-"),
        ("section", "-"),
        ("caption", want["caption"].as_str().unwrap()),
        ("credit", "Ahmad al-Rubaye/AFP/Getty Images"),
        ("url", "-"),
        ("language", "-"),
        ("crawled", "-"),
        ("format", "layout"),
        ("path", SEED),
        ("line", "1"),
        ("offset", "0"),
        ("ordinal", "0"),
    ];
    for (name, value) in expected {
        assert_eq!(fields.get(name).map(String::as_str), Some(value), "{name}");
    }
    assert_eq!(fields.len(), expected.len(), "{fields:?}");
    assert_eq!(body, format!("{}\n", want["body"].as_str().unwrap()));
    assert!(body.contains("curfew has been imposed"), "the body in full");
    assert!(body.trim_end().ends_with("northern town of Hawija."));

    // JSON: the very object `parse` prints.
    let run = env.run(&["show", "--json", &id]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(&run.object(), want);

    // Every format's articles come back whole: per format, the article
    // with the most optional fields filled.
    let filled = |a: &Value| {
        [
            "date", "location", "country", "dateline", "caption", "credit", "author", "section",
            "url", "language", "crawled",
        ]
        .iter()
        .filter(|key| !a[**key].is_null())
        .count()
            + usize::from(a["places"] != json!([]))
    };
    let (indexed, folded) = indexed(&parsed);
    let mut per_format: BTreeMap<&str, &Value> = BTreeMap::new();
    for a in indexed.iter().copied() {
        let best = per_format.entry(a["format"].as_str().unwrap()).or_insert(a);
        if filled(a) > filled(best) {
            *best = a;
        }
    }
    assert_eq!(per_format.len(), 11, "{:?}", per_format.keys());
    for (format, want) in per_format {
        let id = want["id"].as_str().unwrap();
        let run = env.run(&["show", "--json", id]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert_eq!(&run.object(), want, "{format}");
    }
    // A folded article's id leads to the story as indexed, which names it.
    assert!(!folded.is_empty(), "the JSON sample repeats stories");
    for (copy, primary) in folded {
        let run = env.run(&["show", "--json", copy["id"].as_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(&run.object(), primary);
        let seen = format!("{}:{}", copy["path"].as_str().unwrap(), copy["line"]);
        assert!(run.stderr.contains(&seen), "{seen}: {}", run.stderr);
    }

    // A Reuters story's places and dateline in text.
    let reuters = indexed
        .iter()
        .find(|a| a["format"] == "reuters" && a["places"].as_array().unwrap().len() > 1)
        .unwrap();
    let run = env.run(&["show", reuters["id"].as_str().unwrap()]);
    let (fields, _) = show_text(&run.stdout);
    let places: Vec<&str> = reuters["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(fields["places"], places.join(", "));
    assert_eq!(fields["date"], reuters["date"].as_str().unwrap());
    assert_eq!(fields["path"], reuters["path"].as_str().unwrap());
}

#[test]
fn show_says_when_there_is_no_such_article_or_index() {
    let env = TestEnv::with_corpus();
    env.index();
    for args in [
        &["show", "no-such-id"][..],
        &["show", "--json", "no-such-id"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert_eq!(
            run.stderr.trim_end(),
            "newsdex: no article with id no-such-id in index"
        );
    }
    for args in [
        &["show", "abc", "--index", "nowhere"][..],
        &["stats", "--index", "nowhere"],
        &["stats", "--json", "--index", "nowhere"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr
                .contains("no index at nowhere (build one with `newsdex index"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn show_names_the_other_dumps_holding_the_same_story() {
    let env = TestEnv::with_corpus();
    std::fs::create_dir(env.path("corpus/mirror")).unwrap();
    std::fs::copy(env.path(SEED), env.path("corpus/mirror/copy.txt")).unwrap();
    env.index();
    let id = env.parsed()[0]["id"].as_str().unwrap().to_string();
    let run = env.run(&["show", "--json", &id]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.object()["path"], SEED, "the first by path is shown");
    assert_eq!(
        run.stderr.trim_end(),
        "newsdex: the same story was also seen at corpus/mirror/copy.txt:1 (folded as duplicates)"
    );

    // Different stories under one id (dumps numbering their articles
    // alike) are all kept, and named.
    for (name, headline) in [
        ("a.jsonl", "Floods close the port"),
        ("b.jsonl", "Port reopens"),
    ] {
        let line = json!({"id": "n-1", "headline": headline, "body": format!("{headline} today.")});
        std::fs::write(
            env.path(&format!("corpus/mirror/{name}")),
            format!("{line}\n"),
        )
        .unwrap();
    }
    env.index();
    let run = env.run(&["show", "--json", "n-1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.object()["headline"], "Floods close the port");
    assert_eq!(
        run.stderr.trim_end(),
        "newsdex: 1 other article shares id n-1: corpus/mirror/b.jsonl:1"
    );
}

/// The `top` most frequent names, most first and ties by name, as
/// `[{"key": name, "count": n}]`, with the old spelling `{key: name,
/// "articles": n}` beside it (written for one release).
fn ranked(names: impl Iterator<Item = String>, key: &str, top: usize) -> Value {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for name in names {
        *counts.entry(name).or_default() += 1;
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
    counts
        .into_iter()
        .take(top)
        .map(|(name, n)| json!({ "key": name, "count": n, key: name, "articles": n }))
        .collect()
}

/// The walked file an article's `path` names: the bundle, for a member of
/// `corpus/bundles/pages.zip` (the index counts a bundle as one file).
fn walked_file(path: String) -> String {
    match path.find(".zip/") {
        Some(at) => path[..at + ".zip".len()].to_string(),
        None => path,
    }
}

/// `stats --json` against the same numbers computed from `parse`.
fn check_stats(env: &TestEnv) -> Value {
    let parsed = env.parsed();
    let run = env.run(&["stats", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stats = run.object();

    let text = |a: &Value, key: &str| a[key].as_str().map(String::from);
    let files: BTreeSet<String> = parsed
        .iter()
        .filter_map(|a| text(a, "path"))
        .map(walked_file)
        .collect();
    let (parsed, folded) = indexed(&parsed);
    let paths: Vec<String> = parsed
        .iter()
        .filter_map(|a| text(a, "path"))
        .map(walked_file)
        .collect();
    let dates: Vec<String> = parsed.iter().filter_map(|a| text(a, "date")).collect();
    let located: Vec<String> = parsed.iter().filter_map(|a| text(a, "location")).collect();
    let mut formats: BTreeMap<String, u64> = BTreeMap::new();
    for a in &parsed {
        *formats.entry(text(a, "format").unwrap()).or_default() += 1;
    }
    let size: u64 = std::fs::read_dir(env.path("index"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();

    let want = json!({
        "index": "index",
        "articles": parsed.len(),
        "files": files.len(),
        "folded": folded.len(),
        "first_date": dates.iter().min(),
        "last_date": dates.iter().max(),
        "undated": parsed.len() - dates.len(),
        "formats": formats,
        "top_locations": ranked(located.iter().cloned(), "location", 10),
        "unlocated": parsed.len() - located.len(),
        "top_files": ranked(paths.into_iter(), "path", 10),
        "size_bytes": size,
    });
    assert_eq!(stats, want);
    stats
}

#[test]
fn stats_agree_with_parse() {
    let env = TestEnv::with_corpus();
    env.index();
    let stats = check_stats(&env);
    // The corpus's own numbers, so a change in it is noticed here: 95
    // articles (2 of them the saved pages of corpus/html, 2 the pages in
    // corpus/bundles/pages.zip, 2 those of corpus/warc's archive), 12 of
    // them stories seen before: 11 the JSON sample repeats (10 Reuters
    // stories, read after it, and a BBC one, read before it), and The Space
    // Review's page, in the bundle and again in the archive.
    assert_eq!(stats["articles"], 83);
    assert_eq!(stats["files"], 28, "pages.zip is one file");
    assert_eq!(stats["folded"], 12);
    assert_eq!(stats["formats"]["reuters"], 30);
    assert_eq!(stats["formats"]["json"], 19);
    assert_eq!(stats["formats"]["csv"], 3);
    assert_eq!(stats["formats"]["trec"], 3);
    assert_eq!(stats["formats"]["warc"], 1);
    assert_eq!(
        stats["top_locations"][0],
        // Six Reuters NEW YORK datelines and the NBC New York feed's "NYC
        // cops search..." item.
        json!({"key": "New York City", "count": 7, "location": "New York City", "articles": 7}),
        "a place of several words counts as one"
    );
    assert_eq!(
        (stats["first_date"].as_str(), stats["last_date"].as_str()),
        (Some("1987-02-26"), Some("2025-07-06"))
    );

    let run = env.run(&["stats"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("index:      index ("),
        "{}",
        run.stdout
    );
    assert!(lines[0].ends_with(" on disk)"), "{}", run.stdout);
    let undated = stats["undated"].as_u64().unwrap();
    assert_eq!(
        lines[1..3],
        [
            "articles:   83 from 28 files; 12 duplicates folded (seen again elsewhere, indexed once)"
                .to_string(),
            format!("dates:      1987-02-26 to 2025-07-06; {undated} articles undated"),
        ]
    );
    assert!(
        lines[3].starts_with("formats:    reuters 30, json 19"),
        "{}",
        lines[3]
    );
    assert!(lines.contains(&"  7  New York City"), "{}", run.stdout);
    assert!(
        lines.contains(&"  30  corpus/reuters/reut2-000-sample.sgm"),
        "{}",
        run.stdout
    );

    // Articles of a removed dump no longer count, though tantivy keeps
    // them in their segment, marked deleted, until it merges.
    std::fs::remove_file(env.path("corpus/reuters/reut2-000-sample.sgm")).unwrap();
    env.index();
    let stats = check_stats(&env);
    assert_eq!(stats["articles"], 53);
    assert_eq!(stats["formats"].get("reuters"), None);
}
