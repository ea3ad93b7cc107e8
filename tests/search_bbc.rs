//! Ranking on the BBC News set (from `../shared/corpora`): what a person
//! typing a phrase among words expects to come first.

use std::ffi::OsString;

use crate::util::{shared, TestEnv};

/// Issue 11, part 1: in `"Manchester United" transfer` the phrase counts
/// for more than the word: every hit of the first page holds the phrase
/// (read from the story's own file), though many more stories hold
/// "transfer" alone.
#[test]
#[ignore = "needs ../shared/corpora"]
fn a_matched_phrase_counts_for_more_than_a_word() {
    let env = TestEnv::new();
    let mut args: Vec<OsString> = ["index", "--quiet", "--index", "bbc"]
        .map(OsString::from)
        .into();
    args.push(shared("corpora/bbc").into_os_string());
    env.run_ok(&args);
    let run = env.run_ok(&[
        "search",
        "--json",
        "--index",
        "bbc",
        "\"Manchester United\" transfer",
    ]);
    let hits = run.hits();
    assert_eq!(hits.len(), 10, "{}", run.stdout);
    for hit in &hits {
        let path = hit["path"].as_str().unwrap();
        let story = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let words: Vec<String> = story
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        assert!(
            words.windows(2).any(|w| w == ["manchester", "united"]),
            "{path}: {}",
            hit["headline"]
        );
    }
    let transfer = env.run_ok(&["search", "--json", "--index", "bbc", "transfer"]);
    assert!(transfer.summary()["total_hits"].as_u64().unwrap() > 50);
}
