//! The fields a dump states beyond headline, date, place and body (author,
//! section, url, language), through the binary over a copy of `corpus/`:
//! `parse` and `show` print them, `search` filters by author and section
//! (`--author`, `--section`, `author:`, `section:`) and its hits carry them.
//! Expected values are read by hand from the sample files.

use serde_json::Value;

use crate::util::TestEnv;

/// The article `parse` prints for the one-article dump `rel`.
fn parsed(env: &TestEnv, rel: &str) -> Value {
    let articles = env.run_ok(&["parse", rel]).json();
    assert_eq!(articles.len(), 1, "{rel}");
    articles.into_iter().next().unwrap()
}

#[test]
fn pages_and_wire_stories_state_their_extra_fields() {
    let env = TestEnv::with_corpus();
    // lhpat-tm-2726.html: `<html lang="ja">`, `article:section` 判例事例,
    // `og:url` and canonical link .../index-2726.html, no author.
    let page = parsed(&env, "corpus/html/lhpat-tm-2726.html");
    assert_eq!(page["language"], "ja");
    assert_eq!(page["section"], "判例事例");
    assert_eq!(
        page["url"],
        "https://www.lhpat-tm.com/blog/decision-info/index-2726.html"
    );
    assert_eq!(page["author"], Value::Null);
    assert_eq!(page["crawled"], Value::Null);
    // jpost-608399.html: an `og:url`, and neither a lang attribute nor an
    // author or section.
    let page = parsed(&env, "corpus/html/jpost-608399.html");
    assert_eq!(
        page["url"],
        "https://www.jpost.com/Breaking-News/Son-of-former-German-president-stabbed-to-death-in-Berlin-608399"
    );
    for key in ["language", "author", "section"] {
        assert_eq!(page[key], Value::Null, "{key}");
    }

    // The Reuters sample's three `<AUTHOR>` tags, the "by" dropped.
    let authors: Vec<String> = env
        .run_ok(&["parse", "corpus/reuters/reut2-000-sample.sgm"])
        .json()
        .iter()
        .filter_map(|a| a["author"].as_str().map(String::from))
        .collect();
    assert_eq!(
        authors,
        [
            "Janie Gabbett, Reuters",
            "Janie Gabbett, Reuters",
            "Michael Gelb, Reuters"
        ]
    );
}

#[test]
fn searches_filter_by_author_and_section() {
    let env = TestEnv::with_corpus();
    env.run_ok(&["index"]);

    // "president" is in several stories; one of them is Michael Gelb's.
    let all = env.run_ok(&["search", "--json", "--limit", "100", "president"]);
    assert!(all.hits().len() > 1, "{}", all.stdout);
    let gelb = env.run_ok(&["search", "--json", "--author", "Michael Gelb", "president"]);
    let hits = gelb.hits();
    assert_eq!(hits.len(), 1, "{}", gelb.stdout);
    assert_eq!(
        hits[0]["headline"],
        "TOWER REPORT DIMINISHES REAGAN'S HOPES OF REBOUND"
    );
    assert_eq!(hits[0]["author"], "Michael Gelb, Reuters");
    // The same as a field of the query, in any case.
    let field = env.run_ok(&["search", "--json", "author:GELB"]);
    assert_eq!(field.hits().len(), 1, "{}", field.stdout);
    assert_eq!(field.hits()[0]["id"], hits[0]["id"]);
    // Nobody by that name: nothing found, exit code 1.
    let nobody = env.run(&["search", "--author", "Nobody Here", "reagan"]);
    assert_eq!(nobody.code, 1, "{}", nobody.stderr);

    // The Japanese page is the only one filed under 判例事例.
    let section = env.run_ok(&["search", "--json", "--section", "判例事例", "iphone"]);
    let hits = section.hits();
    assert_eq!(hits.len(), 1, "{}", section.stdout);
    assert_eq!(hits[0]["section"], "判例事例");
    assert_eq!(hits[0]["path"], "corpus/html/lhpat-tm-2726.html");
    let elsewhere = env.run(&["search", "--section", "Business", "iphone"]);
    assert_eq!(elsewhere.code, 1, "{}", elsewhere.stdout);

    // `show` prints every field, `-` where the dump tells none.
    let shown = env.run_ok(&["show", hits[0]["id"].as_str().unwrap()]);
    for line in [
        "section:  判例事例",
        "language: ja",
        "author:   -",
        "url:      https://www.lhpat-tm.com/blog/decision-info/index-2726.html",
    ] {
        assert!(
            shown.stdout.lines().any(|l| l == line),
            "{line:?} in\n{}",
            shown.stdout
        );
    }
}
