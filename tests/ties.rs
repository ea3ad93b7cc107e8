//! Hits with equal scores (or equal dates, sorted by date) come in a
//! stable order: newer first, then by a key fixed at indexing, never by
//! where tantivy happened to put the documents. Two clean builds of the
//! same dumps, one thread against three (other segments, other document
//! numbers), give the same pages. Issue 12.

use crate::util::TestEnv;

/// 20 one-article dumps on each of three days and 5 undated ones, all
/// alike but for a number in the headline: "otters" scores every one the
/// same (the same words in fields of the same length).
fn with_ties() -> TestEnv {
    let env = TestEnv::new();
    let mut n = 0;
    for day in ["2020-01-02", "2020-01-03", "2020-01-04", "undated"] {
        let count = if day == "undated" { 5 } else { 20 };
        for _ in 0..count {
            n += 1;
            let name = if day == "undated" {
                format!("corpus/undated/story-{n:03}.txt")
            } else {
                format!("corpus/{day}/story-{n:03}.txt")
            };
            let text = format!("Otter report {n:03}\n\nThe otters swam upstream today.\n");
            env.write(&name, text.as_bytes());
        }
    }
    env
}

/// The (path, date) of each hit of `search QUERY ARGS --json`.
fn page(env: &TestEnv, index: &str, query: &str, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["search", query, "--json", "--index", index];
    all.extend_from_slice(args);
    env.run_ok(&all)
        .hits()
        .iter()
        .map(|h| {
            (
                h["path"].as_str().unwrap_or_default().to_string(),
                h["date"].as_str().unwrap_or("undated").to_string(),
            )
        })
        .collect()
}

#[test]
fn equal_scores_come_in_the_same_order_from_two_builds() {
    let env = with_ties();
    env.run_ok(&["index", "corpus", "--index", "one", "-j", "1"]);
    env.run_ok(&[
        "index", "corpus", "--index", "three", "-j", "3", "--memory", "220",
    ]);
    for (query, args) in [
        ("otters", &["--limit", "65"][..]),
        ("otters upstream", &["--limit", "65"]),
        ("otters", &["--limit", "65", "--sort", "date"]),
        ("otters", &["--limit", "65", "--sort", "oldest"]),
    ] {
        let one = page(&env, "one", query, args);
        let three = page(&env, "three", query, args);
        let sorted_by_date = args.contains(&"--sort");
        assert_eq!(
            one.len(),
            if sorted_by_date { 60 } else { 65 },
            "{query} {args:?}"
        );
        assert_eq!(
            one, three,
            "{query} {args:?}: the same order from both builds"
        );
        // Equal scores: newer first, the undated last.
        let dates: Vec<&str> = one.iter().map(|(_, d)| d.as_str()).collect();
        let mut want = dates.clone();
        if args.contains(&"oldest") {
            want.sort();
        } else {
            want.sort_by(|a, b| match (*a == "undated", *b == "undated") {
                (true, false) => std::cmp::Ordering::Greater,
                (false, true) => std::cmp::Ordering::Less,
                _ => b.cmp(a),
            });
        }
        assert_eq!(dates, want, "{query} {args:?}");
    }
    // Pages of 10 follow the same order: no hit on two pages, none lost.
    let all = page(&env, "three", "otters", &["--limit", "65"]);
    let mut paged = Vec::new();
    for offset in (0..65).step_by(10) {
        let offset = offset.to_string();
        paged.extend(page(
            &env,
            "one",
            "otters",
            &["--limit", "10", "--offset", &offset],
        ));
    }
    assert_eq!(paged, all);
}
