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

#[test]
fn map_names_the_keys_of_the_extra_fields() {
    let env = TestEnv::new();
    env.write(
        "export.jsonl",
        br#"{"heading":"Bridge to close","text":"The council voted to close the bridge.","writer":"By Jane Smith","desk":"Local","link":"https://planet.test/bridge","lang":"en-GB"}
"#,
    );
    let run = env.run_ok(&[
        "parse",
        "export.jsonl",
        "--map",
        "headline=heading",
        "--map",
        "author=writer",
        "--map",
        "section=desk",
        "--map",
        "url=link",
    ]);
    let a = run.object();
    assert_eq!(a["headline"], "Bridge to close");
    assert_eq!(a["author"], "Jane Smith");
    assert_eq!(a["section"], "Local");
    assert_eq!(a["url"], "https://planet.test/bridge");
    // `lang` is one of the language's own keys.
    assert_eq!(a["language"], "en-GB");
    let bad = env.run(&["parse", "export.jsonl", "--map", "writer=author"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("author, section, url, language"),
        "{}",
        bad.stderr
    );
}

/// Issue 11, part 2: a query's words match an article's location only as
/// the place's whole name, whatever case and accents the place is written
/// in, and whatever letter it opens with ("Östersund" opens with no ASCII
/// letter, so the places read for a query cannot be only those under "o").
#[test]
fn a_location_matches_by_its_whole_name() {
    let env = TestEnv::new();
    env.write(
        "wire.jsonl",
        "{\"headline\":\"Lakes freeze early\",\"body\":\"Ice covered the lakes on Monday.\",\"location\":\"Östersund\"}\n\
         {\"headline\":\"Coffee exports rise\",\"body\":\"Shipments grew in March.\",\"location\":\"São Paulo\"}\n\
         {\"headline\":\"Traders meet\",\"body\":\"Brokers gathered on Tuesday.\",\"location\":\"New York\"}\n"
            .as_bytes(),
    );
    env.run_ok(&["index", "--quiet", "wire.jsonl"]);
    let headlines = |query: &str| -> Vec<String> {
        let run = env.run(&["search", "--json", query]);
        run.hits()
            .iter()
            .map(|h| h["headline"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(headlines("ostersund"), ["Lakes freeze early"]);
    assert_eq!(headlines("ÖSTERSUND ice"), ["Lakes freeze early"]);
    assert_eq!(headlines("sao paulo"), ["Coffee exports rise"]);
    assert_eq!(headlines("new york"), ["Traders meet"]);
    assert!(headlines("york").is_empty());
    assert!(headlines("paulo").is_empty());
}
