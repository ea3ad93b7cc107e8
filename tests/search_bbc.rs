//! Ranking on the BBC News set (from `../shared/corpora`): what a person
//! typing a phrase among words expects to come first.

use std::ffi::OsString;

use crate::util::{shared, TestEnv};

/// A test folder holding the BBC News set's index, `bbc`.
fn bbc_index() -> TestEnv {
    let env = TestEnv::new();
    let mut args: Vec<OsString> = ["index", "--quiet", "--index", "bbc"]
        .map(OsString::from)
        .into();
    args.push(shared("corpora/bbc").into_os_string());
    env.run_ok(&args);
    env
}

/// Issue 11, part 1: in `"Manchester United" transfer` the phrase counts
/// for more than the word: every hit of the first page holds the phrase
/// (read from the story's own file), though many more stories hold
/// "transfer" alone.
#[test]
#[ignore = "needs ../shared/corpora"]
fn a_matched_phrase_counts_for_more_than_a_word() {
    let env = bbc_index();
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

/// Issue 11, part 2: a place field matches places. A query word counted
/// for an article's location whenever the location held it, so "United
/// Nations" ranked Six Nations rugby stories located in the United Kingdom
/// 2nd to 4th, and "Newcastle United" England squad stories. No first-page
/// hit may hold a query word only in its location's name when the query
/// does not name that whole place (checked against each story's own file;
/// a word is held when the text has a word opening with the same four
/// letters, a generous stand-in for the stemmer: "unit" holds "united").
#[test]
#[ignore = "needs ../shared/corpora"]
fn a_location_counts_only_when_the_query_names_the_place() {
    let env = bbc_index();
    let words_of = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let held = |text: &str, word: &str| text.chars().take(4).eq(word.chars().take(4));
    for query in [
        "Manchester United transfer",
        "United Nations",
        "Newcastle United",
    ] {
        let run = env.run_ok(&["search", "--json", "--index", "bbc", query]);
        let hits = run.hits();
        assert_eq!(hits.len(), 10, "{query}: {}", run.stdout);
        let asked = words_of(query);
        for hit in &hits {
            let Some(location) = hit["location"].as_str() else {
                continue;
            };
            let place = words_of(location);
            let named = asked.windows(place.len()).any(|w| w == place.as_slice());
            let path = hit["path"].as_str().unwrap();
            let story = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let text = words_of(&story);
            for word in &asked {
                assert!(
                    named || !place.contains(word) || text.iter().any(|t| held(t, word)),
                    "{query}: {path} ({}) holds {word:?} only in its location {location:?}",
                    hit["headline"]
                );
            }
        }
    }
}
