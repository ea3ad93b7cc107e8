//! `newsdex optimize`: the segments merged into one, the same answers.

use crate::util::{repo, TestEnv};

/// Segments the index's last commit holds (its `meta.json`).
fn segments(env: &TestEnv) -> usize {
    let meta = std::fs::read_to_string(env.path("index/meta.json")).unwrap();
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    meta["segments"].as_array().unwrap().len()
}

/// Every hit's id and score, in order.
fn page(env: &TestEnv, query: &str) -> Vec<(String, String)> {
    env.run_ok(&[
        "search", "--index", "index", "--json", "--limit", "50", query,
    ])
    .hits()
    .iter()
    .map(|h| (h["id"].to_string(), h["score"].to_string()))
    .collect()
}

#[test]
fn merges_every_segment_into_one_and_searches_the_same() {
    let env = TestEnv::new();
    env.copy_dir(&repo("corpus/bbc"), "dumps/bbc");
    env.copy_dir(&repo("corpus/reuters"), "dumps/reuters");
    // Two runs, two commits: a segment each.
    env.run_ok(&["index", "dumps/bbc", "--index", "index"]);
    env.run_ok(&["index", "dumps/bbc", "dumps/reuters", "--index", "index"]);
    let before = segments(&env);
    assert!(before >= 2, "{before} segments");
    let queries = ["oil", "cocoa prices", "\"said it\"", "the", "film -oil"];
    let pages: Vec<_> = queries.iter().map(|q| page(&env, q)).collect();
    assert!(pages.iter().all(|p| !p.is_empty()), "{pages:?}");

    let merged = env.run_ok(&["optimize", "--index", "index"]);
    assert!(
        merged
            .stderr
            .contains(&format!("merged {before} segments into one")),
        "{}",
        merged.stderr
    );
    assert_eq!(segments(&env), 1);
    for (query, expected) in queries.iter().zip(&pages) {
        assert_eq!(&page(&env, query), expected, "{query}");
    }
    let again = env.run_ok(&["optimize", "--index", "index"]);
    assert!(
        again.stderr.contains("already one segment"),
        "{}",
        again.stderr
    );
    assert!(env
        .run_ok(&["optimize", "--index", "index", "--quiet"])
        .stderr
        .is_empty());
    // An incremental run after it goes on as before, in new segments.
    env.write(
        "dumps/extra/note.txt",
        b"Cocoa prices\n\nCocoa prices rose in Accra on Monday, traders said.\n",
    );
    env.run_ok(&[
        "index",
        "dumps/bbc",
        "dumps/reuters",
        "dumps/extra",
        "--index",
        "index",
    ]);
    assert!(segments(&env) >= 2);
    assert_eq!(page(&env, "Accra").len(), 1);
}

#[test]
fn no_index_is_an_error_naming_it() {
    let env = TestEnv::new();
    let run = env.run(&["optimize", "--index", "nowhere"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no index at"), "{}", run.stderr);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
}
