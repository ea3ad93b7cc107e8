//! The search features on an index of the whole Reuters-21578 collection
//! (from `../shared/corpora`), as the README's examples use them.

use std::ffi::OsString;
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::{shared, TestEnv};

/// A directory holding `reuters-index`, an index of the whole collection,
/// built once for all tests of this file.
fn env() -> &'static TestEnv {
    static ENV: OnceLock<TestEnv> = OnceLock::new();
    ENV.get_or_init(|| {
        let env = TestEnv::new();
        let mut args: Vec<OsString> = ["index", "--quiet", "--index", "reuters-index"]
            .map(OsString::from)
            .into();
        args.push(shared("corpora/reuters21578").into_os_string());
        env.run_ok(&args);
        env
    })
}

/// Runs `search --json` with `args`: the hits and the summary.
fn search(args: &[&str]) -> (Vec<Value>, Value) {
    let run = env().run(&[&["search", "--json", "--index", "reuters-index"], args].concat());
    assert!(matches!(run.code, 0 | 1), "{args:?}: {}", run.stderr);
    (run.hits(), run.summary())
}

fn text(hit: &Value, key: &str) -> String {
    hit[key].as_str().unwrap_or_default().to_string()
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn phrase_in_a_field() {
    let (hits, summary) = search(&["--limit", "50", "headline:\"crude oil\""]);
    assert!(summary["total_hits"].as_u64().unwrap() >= 20, "{summary}");
    for hit in &hits {
        assert!(
            text(hit, "headline").to_lowercase().contains("crude oil"),
            "{hit}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn date_filters_and_date_queries_agree() {
    let (hits, summary) = search(&[
        "--from", "1987-03", "--to", "1987-03", "--limit", "100", "coffee",
    ]);
    let total = summary["total_hits"].as_u64().unwrap();
    assert!(total > 10, "{summary}");
    for hit in &hits {
        assert!(text(hit, "date").starts_with("1987-03"), "{hit}");
    }
    let (_, in_query) = search(&["coffee date:1987-03"]);
    assert_eq!(in_query["total_hits"].as_u64(), Some(total));
    let (_, range) = search(&["coffee date:[1987-03 TO 1987-03]"]);
    assert_eq!(range["total_hits"].as_u64(), Some(total));
    let (_, all) = search(&["coffee"]);
    assert!(all["total_hits"].as_u64().unwrap() > total);
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn location_filter() {
    let (hits, summary) = search(&["--location", "Tokyo", "--limit", "100", "yen"]);
    assert!(summary["total_hits"].as_u64().unwrap() > 50, "{summary}");
    for hit in &hits {
        assert_eq!(hit["location"], "Tokyo", "{hit}");
    }
    let (japan, _) = search(&["--location", "japan", "--limit", "100", "yen"]);
    assert!(japan.iter().all(|h| h["country"] == "Japan"));
    assert!(
        japan.iter().any(|h| h["location"] != "Tokyo"),
        "a country filter reaches beyond its capital"
    );
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn sorting_by_date() {
    let dates =
        |args: &[&str]| -> Vec<String> { search(args).0.iter().map(|h| text(h, "date")).collect() };
    let newest = dates(&["--sort", "date", "--limit", "30", "trade"]);
    assert_eq!(newest.len(), 30);
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    let oldest = dates(&["--sort", "oldest", "--limit", "30", "trade"]);
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    assert!(oldest[0] < newest[0]);
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn prefix_and_fuzzy_terms_find_names() {
    for query in ["volck*", "volckr~1", "Vollcker~"] {
        let (hits, _) = search(&["--limit", "5", query]);
        assert!(!hits.is_empty(), "{query}");
        // The wire spells him Volcker, and now and then Volker or Voclker.
        for hit in &hits {
            let seen = (text(hit, "headline") + " " + &text(hit, "snippet")).to_lowercase();
            assert!(
                ["volcker", "volker", "voclker"]
                    .iter()
                    .any(|s| seen.contains(s)),
                "{query}: {}",
                text(hit, "headline")
            );
        }
    }
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn keyword_queries_put_all_terms_first_and_pages_hold() {
    let (hits, _) = search(&["--limit", "10", "coffee quotas"]);
    let (all, _) = search(&["--limit", "1000", "coffee AND quotas"]);
    let all_ids: Vec<Value> = all.iter().map(|h| h["id"].clone()).collect();
    let firsts = hits.len().min(all_ids.len());
    assert!(firsts > 0);
    assert!(
        hits[..firsts].iter().all(|h| all_ids.contains(&h["id"])),
        "all-terms hits come first"
    );
    let (page2, _) = search(&["--limit", "5", "--offset", "5", "coffee quotas"]);
    let ids = |v: &[Value]| v.iter().map(|h| h["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&page2), ids(&hits[5..10]));
    assert_eq!(page2[0]["rank"], 6);

    // Past the every-term matches, the rest in the order the words alone
    // rank them (an OR query: BM25, no every-term rule), none twice.
    let (mixed, _) = search(&["--limit", "300", "coffee quotas"]);
    let (union, _) = search(&["--limit", "600", "coffee OR quotas"]);
    let n = all_ids.len();
    assert!(n > 0 && n < 300, "{n} articles hold both words");
    let mut firsts = ids(&mixed[..n]);
    let mut want_firsts = all_ids.clone();
    let by_text = |a: &Value, b: &Value| a.to_string().cmp(&b.to_string());
    firsts.sort_by(by_text);
    want_firsts.sort_by(by_text);
    assert_eq!(firsts, want_firsts, "the every-term matches first");
    let rest: Vec<Value> = ids(&union)
        .into_iter()
        .filter(|id| !all_ids.contains(id))
        .take(300 - n)
        .collect();
    assert_eq!(ids(&mixed[n..]), rest, "then the rest by their scores");
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn phrase_aware_snippets() {
    let (hits, _) = search(&["--limit", "5", "\"crude oil\" prices"]);
    for hit in hits {
        let snippet = text(&hit, "snippet");
        for range in hit["highlights"].as_array().unwrap() {
            let (s, e) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            let word = snippet[s..e].to_lowercase();
            match word.as_str() {
                "crude" => assert!(snippet[e..].to_lowercase().starts_with(" oil"), "{snippet}"),
                "oil" => assert!(snippet[..s].to_lowercase().ends_with("crude "), "{snippet}"),
                other => assert!(other.starts_with("price"), "{other} in {snippet}"),
            }
        }
    }
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn facets_count_every_match() {
    let (_, summary) = search(&["--facets", "--limit", "1", "oil"]);
    let total = summary["total_hits"].as_u64().unwrap();
    let facets = &summary["facets"];
    assert_eq!(facets["by"], "month", "Reuters-21578 spans 1987 only");
    let dated: u64 = facets["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["count"].as_u64().unwrap())
        .sum();
    assert_eq!(dated, total, "every Reuters story has a date");
    let months: Vec<&str> = facets["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    assert!(
        months.windows(2).all(|w| w[0] < w[1]) && months.iter().all(|m| m.starts_with("1987-"))
    );
    // Each month's count is what a date filter finds.
    let first = &facets["dates"][1];
    let month = first["key"].as_str().unwrap();
    let (_, in_month) = search(&["--from", month, "--to", month, "oil"]);
    assert_eq!(in_month["total_hits"], first["count"]);
    // The top location's count is what a location filter finds.
    let top = &facets["locations"][0];
    let counts: Vec<u64> = facets["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]) && counts.len() == 10);
    let (_, at_top) = search(&["--location", top["location"].as_str().unwrap(), "oil"]);
    assert_eq!(at_top["total_hits"], top["count"]);
}

/// The ids of the hits of `search --json ARGS`, the total and the notice;
/// never exit code 2.
fn typed(args: &[&str]) -> (Vec<String>, u64, Value) {
    let run = env().run(&[&["search", "--json", "--index", "reuters-index"], args].concat());
    assert!(
        matches!(run.code, 0 | 1),
        "{args:?}: exit {}: {}",
        run.code,
        run.stderr
    );
    let summary = run.summary();
    let ids = run.hits().iter().map(|h| text(h, "id")).collect();
    (
        ids,
        summary["total_hits"].as_u64().unwrap(),
        summary["notice"].clone(),
    )
}

/// Issue 11, part 1: queries in capitals search for their words, as the
/// same words in lower case do; `IN`, `TO`, `AND`, `OR` among capitals are
/// words, not operators.
#[test]
#[ignore = "needs ../shared/corpora"]
fn queries_in_capitals_search_their_words() {
    for query in [
        "USED IN DISCUSSIONS OF THE FAR EAST",
        "OIL PRICES IN KUWAIT",
        "DOLLAR FALLS IN TOKYO",
        "SUICIDES IN SOUTH VIET NAM AND WHAT THEY SEEK",
        "LABOR PARTY OR THE CONSERVATIVES",
        "EXPORTS TO JAPAN",
    ] {
        let (upper, total, notice) = typed(&[query]);
        assert_eq!(notice, Value::Null, "{query}");
        assert!(total > 0, "{query}");
        let (lower, lower_total, _) = typed(&[&query.to_lowercase()]);
        assert_eq!((&upper, total), (&lower, lower_total), "{query}");
    }
    // In a query with lower-case words, AND is still an operator.
    let (_, both, _) = typed(&["cocoa AND bahia"]);
    let (_, either, _) = typed(&["cocoa OR bahia"]);
    assert!(both < either, "{both} {either}");
}

/// Property: the upper-cased form of a plain-word query returns the same
/// hits, in the same order, as its lower-case form (seeded word draws,
/// operator words among them).
#[test]
#[ignore = "needs ../shared/corpora"]
fn upper_case_queries_find_what_lower_case_ones_do() {
    let pool = [
        "oil", "prices", "in", "to", "and", "or", "not", "the", "dollar", "yen", "tokyo", "wheat",
        "exports", "soviet", "bank", "rates", "cut", "merger", "talks", "coffee", "brazil",
        "strike", "gold", "fed", "trade", "deficit", "japan", "opec", "of", "a",
    ];
    let mut rng = crate::util::Rng::new(11);
    for _ in 0..25 {
        let n = rng.between(1, 6);
        let words: Vec<&str> = (0..n).map(|_| *rng.pick(&pool)).collect();
        let lower = words.join(" ");
        let upper = lower.to_uppercase();
        let (a, a_total, _) = typed(&[&lower]);
        let (b, b_total, b_notice) = typed(&[&upper]);
        assert_eq!(b_notice, Value::Null, "{upper}");
        assert_eq!((a, a_total), (b, b_total), "{lower} / {upper}");
    }
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn apostrophes_and_bad_dates_are_read_as_meant() {
    for query in [
        "DE GAULLE'S POLICY",
        "Reagan's budget",
        "O'Neill",
        "Reagan\u{2019}s budget",
    ] {
        let (_, total, notice) = typed(&[query]);
        assert_eq!(notice, Value::Null, "{query}");
        assert!(total > 0, "{query}");
    }
    // "O'Neill" is the name, not every O and every Neill (32 mentions in
    // the collection, by grep).
    let (hits, _, _) = typed(&["--limit", "100", "O'Neill"]);
    for id in &hits {
        let shown = env().run_ok(&["show", "--index", "reuters-index", id]);
        assert!(shown.stdout.contains("O'Neill"), "{id}");
    }
    // A date that is none says so, and the rest of the query is searched.
    let (_, total, notice) = typed(&["cocoa date:1987-13"]);
    let notice = notice.as_str().unwrap_or_default().to_string();
    assert!(notice.contains("date:1987-13 is not a date"), "{notice}");
    assert!(
        notice.ends_with("searched for its words: cocoa"),
        "{notice}"
    );
    assert_eq!(total, typed(&["cocoa"]).1);
    let (_, total, notice) = typed(&["date:1987-13"]);
    assert_eq!(total, 0);
    assert!(
        notice.as_str().unwrap().contains("no words to search for"),
        "{notice}"
    );
    // A period the wrong way round finds nothing, and says why.
    let (_, total, notice) = typed(&["--from", "1987-04", "--to", "1987-03", "cocoa"]);
    assert_eq!(total, 0);
    assert!(
        notice.as_str().unwrap().contains("wrong way round"),
        "{notice}"
    );
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn accents_and_place_names_resolve_as_datelines_do() {
    let total = |args: &[&str]| typed(args).1;
    assert_eq!(total(&["Zürich"]), total(&["Zurich"]));
    assert!(total(&["Zurich"]) > 100);
    assert_eq!(total(&["\"São Paulo\""]), total(&["\"Sao Paulo\""]));
    let located = |place: &str| total(&["--location", place, "the"]);
    let united_states = located("United States");
    assert!(united_states > 1000, "{united_states}");
    for alias in ["US", "USA", "U.S."] {
        assert_eq!(located(alias), united_states, "{alias}");
    }
    assert_eq!(located("Peking"), located("Beijing"));
    assert!(located("Beijing") > 0);
    assert_eq!(located("Zürich"), located("Zurich"));
    assert!(located("Zurich") > 0);
    assert_eq!(located("NYC"), located("New York City"));
    assert!(located("NYC") > 100);
    let (_, none, notice) = typed(&["--location", "Narnia", "the"]);
    assert_eq!(none, 0);
    assert!(
        notice
            .as_str()
            .unwrap()
            .contains("not a place the gazetteer knows"),
        "{notice}"
    );
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn totals_past_ten_thousand_are_lower_bounds_unless_counted() {
    // "said" is in most of the 21,578 stories: counting stops at 10,000.
    let (_, capped) = search(&["said"]);
    assert_eq!(capped["total_hits"], 10_000, "{capped}");
    assert_eq!(capped["total_hits_exact"], false, "{capped}");
    let (_, counted) = search(&["--count-all", "said"]);
    assert!(
        counted["total_hits"].as_u64().unwrap() > 10_000,
        "{counted}"
    );
    assert_eq!(counted["total_hits_exact"], true, "{counted}");
    // The same first page either way.
    let ids =
        |args: &[&str]| -> Vec<String> { search(args).0.iter().map(|h| text(h, "id")).collect() };
    assert_eq!(ids(&["said"]), ids(&["--count-all", "said"]));
    // Fewer matches than the bound: exact without --count-all, the same
    // count both ways, in every order and query form.
    for args in [
        &["cocoa"][..],
        &["cocoa Bahia"],
        &["--sort", "date", "cocoa"],
        &["\"cocoa exports\""],
        &["--limit", "1", "cocoa"],
    ] {
        let (_, summary) = search(args);
        let (_, all) = search(&[&["--count-all"], args].concat());
        assert_eq!(summary["total_hits_exact"], true, "{args:?}: {summary}");
        assert_eq!(summary["total_hits"], all["total_hits"], "{args:?}");
    }
    // The text output says "at least".
    let run = env().run(&["search", "--index", "reuters-index", "said"]);
    assert!(
        run.stdout.contains("at least 10000 matching articles"),
        "{}",
        run.stdout
    );
}
