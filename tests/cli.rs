//! Integration tests that run the real `newsdex` binary in temporary
//! directories, as a user would.

use serde_json::Value;

use crate::util::{self, repo, shared, TestEnv};

const SEED: &str = "000_891f048a54a096e6.txt";

/// A scratch directory holding a copy of the files at the top of the
/// repository's `corpus/` (the seed dump, not the format samples in its
/// folders).
fn with_seed() -> TestEnv {
    let env = TestEnv::new();
    for entry in std::fs::read_dir(repo("corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy();
            env.copy(&path, &format!("corpus/{name}"));
        }
    }
    env
}

/// A news-page-layout article.
fn layout_article(headline: &str, caption: Option<&str>, paragraphs: &[&str]) -> String {
    let mut out = format!("{headline}\n\n");
    if let Some(c) = caption {
        out += &format!("{c}\n{c}\n");
    }
    out += "TT\n20\n\n";
    out += &format!("{headline}\n\n");
    if let Some(c) = caption {
        out += &format!("{c}\n{c}\n\n");
    }
    out += &paragraphs.join("\n\n");
    out += "\n\n\n\n";
    out
}

#[test]
fn first_search_builds_the_default_index_and_finds_ramadi() {
    let env = with_seed();
    let run = env.run(&["search", "Ramadi curfew"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no index in index/ yet; building it from corpus"),
        "{}",
        run.stderr
    );
    assert!(env.path("index/meta.json").is_file());
    let first = run.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "1. Iraq Says Defeats ISIS Infiltration Near Ramadi, Several Dead"
    );
    assert!(run.stdout.contains("Ramadi, Iraq"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("corpus/{SEED}:1")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("curfew"), "snippet: {}", run.stdout);

    // The second search uses the index without rebuilding it.
    let again = env.run(&["search", "Ramadi", "curfew"]);
    assert_eq!(again.code, 0);
    assert!(!again.stderr.contains("building"), "{}", again.stderr);
}

#[test]
fn json_hits_and_summary() {
    let env = with_seed();
    let run = env.run(&["search", "--json", "curfews"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hits = run.hits();
    assert_eq!(hits.len(), 1, "stemming: curfews finds curfew");
    let hit = &hits[0];
    for key in [
        "id", "headline", "date", "location", "path", "score", "snippet",
    ] {
        assert!(hit.get(key).is_some(), "missing {key}: {hit}");
    }
    assert_eq!(hit["location"], "Ramadi");
    assert_eq!(hit["date"], Value::Null);
    assert_eq!(hit["path"], format!("corpus/{SEED}"));
    let snippet = hit["snippet"].as_str().unwrap();
    let ranges = hit["highlights"].as_array().unwrap();
    assert!(!ranges.is_empty());
    for r in ranges {
        let (s, e) = (
            r[0].as_u64().unwrap() as usize,
            r[1].as_u64().unwrap() as usize,
        );
        assert!(
            snippet[s..e].eq_ignore_ascii_case("curfew"),
            "{}",
            &snippet[s..e]
        );
    }
    assert_eq!(run.summary()["total_hits"], 1);

    let hezbollah = env.run(&["search", "--json", "qassem"]);
    let hits = hezbollah.hits();
    assert_eq!(hits[0]["date"], "2025-07-06");
    assert_eq!(hits[0]["location"], "Beirut");
}

#[test]
fn all_terms_first_and_headline_counts() {
    let env = with_seed();
    let mut dump = String::new();
    dump += &layout_article("Harbour news", None, &["The oil tanker docked. Grain too."]);
    dump += &layout_article(
        "Oil prices climb",
        None,
        &["Markets moved on Monday as oil rose."],
    );
    dump += &layout_article(
        "Weather report",
        None,
        &["Rain fell. Some oil was spilled."],
    );
    env.write("corpus/2020-01-02.txt", dump.as_bytes());
    let run = env.run(&["search", "--json", "oil grain"]);
    let hits = run.hits();
    let heads: Vec<&str> = hits
        .iter()
        .map(|h| h["headline"].as_str().unwrap())
        .collect();
    assert_eq!(
        heads[0], "Harbour news",
        "the only article with both terms comes first"
    );
    assert_eq!(
        heads[1], "Oil prices climb",
        "a match in headline and body outranks one in the body only"
    );
    assert_eq!(heads.len(), 3);
    assert_eq!(run.summary()["total_hits"], 3);
    let dated = &run.hits()[0];
    assert_eq!(dated["date"], "2020-01-02", "date from the file name");
}

#[test]
fn no_index_and_nothing_found_have_their_exit_codes() {
    let env = with_seed();
    let missing = env.run(&["search", "oil", "--index", "nowhere"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("newsdex index"),
        "{}",
        missing.stderr
    );

    let nothing = env.run(&["index", "no-such-folder", "--index", "idx2"]);
    assert_eq!(nothing.code, 2);
    assert!(
        nothing
            .stderr
            .contains("cannot index no-such-folder: no such file or directory"),
        "{}",
        nothing.stderr
    );
    assert!(!env.path("idx2").exists(), "no empty index is left behind");

    let none = env.run(&["search", "zyzzyva"]);
    assert_eq!(none.code, 1, "{}", none.stderr);
    assert!(
        none.stdout.contains("0 matching articles, no results"),
        "{}",
        none.stdout
    );
}

#[test]
fn any_typed_query_searches_or_explains() {
    let env = with_seed();
    assert_eq!(env.run(&["index"]).code, 0);
    let queries = [
        "\"unbalanced quote",
        "(Ramadi",
        "Ramadi)",
        "what's the curfew in Ramadi (Iraq)?",
        "Note: Ramadi",
        "nosuchfield:Ramadi",
        "AND",
        "OR OR",
        " -",
        "*",
        "~",
        "\"",
        "()",
        "[1 TO",
        "headline:",
        "ramadi^",
        "ramadi^abc",
        "date:2016",
        "date:[2016 TO",
        "\\",
        "' ' '",
        "Hezbollah's \"five points\" - Israel",
        "{}",
        " +-+-",
        "ramad*",
        "qassem~",
        "\u{1F600} emoji",
    ];
    for q in queries {
        let run = env.run(&["search", "--json", q]);
        assert!((0..=2).contains(&run.code), "{q}: exit {}", run.code);
        if run.code == 2 {
            assert!(
                run.stderr.lines().count() <= 3 && !run.stderr.is_empty(),
                "{q}: {}",
                run.stderr
            );
        } else {
            let _ = run.summary();
        }
    }
    for only_exclusions in ["NOT hezbollah", " -hezbollah"] {
        let run = env.run(&["search", "--json", only_exclusions]);
        let hits = run.hits();
        assert_eq!(hits.len(), 1, "{only_exclusions}: {}", run.stderr);
        assert_eq!(hits[0]["location"], "Ramadi", "{only_exclusions}");
    }
    let sentence = env.run(&["search", "--json", "what's the curfew in Ramadi (Iraq)?"]);
    assert_eq!(sentence.hits()[0]["location"], "Ramadi");
    let field = env.run(&["search", "nosuchfield:Ramadi"]);
    assert!(field.stderr.contains("headline, body"), "{}", field.stderr);
}

#[test]
fn bad_files_cost_only_themselves() {
    let env = with_seed();
    env.write("corpus/binary.dat", b"\x7fELF\x00\x00\x01garbage");
    env.write("corpus/empty.txt", b"");
    env.write(
        "corpus/notes.txt",
        b"id,name,count\n1,alpha,20\n2,beta,30\n3,gamma,40\n",
    );
    env.write("corpus/image.png", b"\x89PNG\r\n");
    let mut latin1 = layout_article(
        "Caf\u{e9} owners protest",
        None,
        &["Prices rose to 5 pounds."],
    )
    .into_bytes();
    // The accent written as a lone Latin-1 byte: the file is not UTF-8.
    let at = latin1.iter().position(|&b| b == 0xC3).unwrap();
    latin1.splice(at..at + 2, [0xE9]);
    env.write("corpus/2019-05-01-latin1.txt", &latin1);

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            layout_article(
                "Wide characters arrive",
                None,
                &["Encoded as UTF-16 \u{2014} little endian."],
            )
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
        )
        .collect();
    env.write("corpus/utf16.txt", &utf16);
    let old_mac = layout_article("Carriage returns only", None, &["Saved on a classic Mac."])
        .replace('\n', "\r");
    env.write("corpus/old-mac.txt", old_mac.as_bytes());

    let run = env.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (file, reason) in [
        ("corpus/binary.dat", "binary"),
        ("corpus/empty.txt", "empty"),
        ("corpus/notes.txt", "not a recognised dump format"),
        ("corpus/image.png", "not a text dump"),
        ("corpus/2019-05-01-latin1.txt", "Windows-1252"),
    ] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(file) && l.contains(reason)),
            "{file}: {reason}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("indexed 5 article(s) from 4 file(s)"),
        "{}",
        run.stderr
    );
    let mac = env.run(&["search", "--json", "classic"]);
    assert_eq!(mac.hits()[0]["headline"], "Carriage returns only");
    let wide = env.run(&["search", "--json", "endian"]);
    assert_eq!(wide.hits()[0]["headline"], "Wide characters arrive");

    let cafe = env.run(&["search", "--json", "café"]);
    assert_eq!(cafe.hits()[0]["headline"], "Caf\u{e9} owners protest");
    assert_eq!(cafe.hits()[0]["date"], "2019-05-01");
    assert_eq!(env.run(&["search", "Ramadi"]).code, 0);
}

#[test]
fn reindexing_is_incremental() {
    let env = with_seed();
    env.write(
        "corpus/2020-01-01.txt",
        layout_article("Old story", None, &["About walruses."]).as_bytes(),
    );
    assert_eq!(env.run(&["index"]).code, 0);
    assert_eq!(env.run(&["search", "walruses"]).code, 0);

    let again = env.run(&["index"]);
    assert!(
        again.stderr.contains("indexed 0 article(s) from 0 file(s)"),
        "{}",
        again.stderr
    );
    assert!(
        again.stderr.contains("2 file(s) unchanged"),
        "{}",
        again.stderr
    );

    // A changed file's articles are replaced, not duplicated.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write(
        "corpus/2020-01-01.txt",
        layout_article("New story", None, &["About walruses and narwhals."]).as_bytes(),
    );
    let changed = env.run(&["index"]);
    assert!(
        changed
            .stderr
            .contains("indexed 1 article(s) from 1 file(s)"),
        "{}",
        changed.stderr
    );
    let hits = env.run(&["search", "--json", "walruses"]).hits();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["headline"], "New story");

    // A deleted file's articles go; --rebuild starts afresh.
    std::fs::remove_file(env.path("corpus/2020-01-01.txt")).unwrap();
    let removed = env.run(&["index"]);
    assert!(
        removed.stderr.contains("1 file(s) gone"),
        "{}",
        removed.stderr
    );
    assert_eq!(env.run(&["search", "walruses"]).code, 1);
    let rebuilt = env.run(&["index", "--rebuild"]);
    assert!(
        rebuilt
            .stderr
            .contains("indexed 2 article(s) from 1 file(s)"),
        "{}",
        rebuilt.stderr
    );
}

#[test]
fn a_file_is_one_file_however_its_path_is_spelled() {
    // Regression: indexing `corpus`, then `./corpus`, then its absolute
    // path used to store every article three times.
    let env = with_seed();
    let absolute = env.path("corpus").to_string_lossy().into_owned();
    for spelling in ["corpus", "./corpus", "corpus/../corpus", absolute.as_str()] {
        let run = env.run(&["index", spelling]);
        assert_eq!(run.code, 0, "{spelling}: {}", run.stderr);
    }
    assert_eq!(
        env.run(&["search", "--json", "Hezbollah"]).summary()["total_hits"],
        1
    );

    // A deleted file loses its articles when its folder is indexed again
    // (named directly, it is an error: `exit_codes.rs`); so does a file
    // that is no longer a dump. An index inside the corpus is refused.
    let seed = format!("corpus/{SEED}");
    env.write(
        "corpus/2021-01-01.txt",
        layout_article("Kept story", None, &["About otters."]).as_bytes(),
    );
    assert_eq!(
        env.run(&["index", "corpus", "--index", "corpus/idx"]).code,
        2
    );
    assert_eq!(env.run(&["index", "corpus", "--index", "idx"]).code, 0);
    std::fs::remove_file(env.path(&seed)).unwrap();
    let removed = env.run(&["index", "corpus", "--index", "idx"]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert_eq!(env.run(&["search", "Hezbollah", "--index", "idx"]).code, 1);
    env.write("corpus/2021-01-01.txt", b"");
    let emptied = env.run(&["index", "corpus", "--index", "idx"]);
    assert!(
        emptied.stderr.contains("corpus/2021-01-01.txt: empty file"),
        "{}",
        emptied.stderr
    );
    assert_eq!(env.run(&["search", "otters", "--index", "idx"]).code, 1);
}

#[test]
fn parse_prints_flat_json_lines() {
    let env = with_seed();
    let run = env.run(&["parse", "corpus"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let articles = run.json();
    assert_eq!(articles.len(), 2);
    for a in &articles {
        for key in [
            "id", "headline", "date", "location", "body", "caption", "path",
        ] {
            assert!(a.get(key).is_some(), "missing {key}: {a}");
        }
    }
    assert_eq!(articles[0]["date"], Value::Null);
    assert_eq!(articles[0]["location"], "Ramadi");
    assert_eq!(articles[1]["location"], "Beirut");
    assert_eq!(articles[1]["date"], "2025-07-06");
    assert_eq!(articles[0]["path"], format!("corpus/{SEED}"));

    // Ids are stable across runs and independent of where the dump lives.
    std::fs::rename(env.path("corpus"), env.path("moved")).unwrap();
    let moved = env.run(&["parse", "moved"]).json();
    assert_eq!(moved[0]["id"], articles[0]["id"]);

    let missing = env.run(&["parse", "nothing-here"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("nothing-here: no such file or directory"),
        "{}",
        missing.stderr
    );
}

/// `parse` over `dumps` (in `env`) with 1 and with 4 threads: stdout and
/// stderr must be the same, the articles in walk order, whatever thread
/// finishes first. Returns the articles.
fn parse_on_1_and_4_threads(env: &TestEnv, dumps: &[&str]) -> Vec<Value> {
    let run = |threads: &str| {
        let mut args = vec!["parse", "--threads", threads];
        args.extend(dumps);
        env.run(&args)
    };
    let one = run("1");
    assert_eq!(one.code, 0, "{}", one.stderr);
    // Several runs: a race would show in one of them.
    for _ in 0..3 {
        let four = run("4");
        assert_eq!(four.code, 0, "{}", four.stderr);
        assert!(four.stdout == one.stdout, "stdout differs with 4 threads");
        assert_eq!(four.stderr, one.stderr);
    }
    one.json()
}

#[test]
fn parse_prints_the_same_on_1_and_4_threads() {
    let env = TestEnv::with_corpus();
    // A file that is no dump and one with a bad line: their messages too
    // come in walk order.
    env.write("corpus/aaa-junk.bin", &[0u8, 159, 146, 150, 0, 1, 2, 3]);
    env.write(
        "corpus/zzz/bad.jsonl",
        b"{\"headline\": \"One\", \"body\": \"First story.\"}\n{nope\n",
    );
    let articles = parse_on_1_and_4_threads(&env, &["corpus"]);
    let paths: Vec<&str> = articles.iter().filter_map(|a| a["path"].as_str()).collect();
    assert!(paths.len() > 50, "{}", paths.len());
    // Walk order: the files sorted by name, the last one's article last.
    assert!(
        paths.first().is_some_and(|p| p.starts_with("corpus/000_")),
        "{paths:?}"
    );
    assert_eq!(paths.last(), Some(&"corpus/zzz/bad.jsonl"));
    let run = env.run_ok(&["parse", "--threads", "4", "corpus"]);
    let junk = run.stderr.find("skipped corpus/aaa-junk.bin").unwrap();
    let bad = run.stderr.find("corpus/zzz/bad.jsonl:2:").unwrap();
    assert!(junk < bad, "{}", run.stderr);
}

#[test]
fn one_web_archive_prints_the_same_on_1_and_4_threads() {
    // One file: its pages are extracted on the four threads at once.
    let env = TestEnv::with_corpus();
    let articles = parse_on_1_and_4_threads(&env, &["corpus/warc"]);
    assert_eq!(articles.len(), 2);
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn parse_prints_the_same_on_1_and_4_threads_over_benchmark_pages() {
    let env = TestEnv::with_corpus();
    let pages = shared("corpora/article-extraction-benchmark/html");
    let mut names: Vec<_> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names.iter().take(40) {
        env.copy(&pages.join(name), &format!("pages/{name}"));
    }
    let articles = parse_on_1_and_4_threads(&env, &["pages", "corpus"]);
    let from_pages = articles
        .iter()
        .filter(|a| a["path"].as_str().is_some_and(|p| p.starts_with("pages/")))
        .count();
    assert_eq!(from_pages, 40);
    assert!(articles[0]["path"].as_str().unwrap().starts_with("pages/"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = with_seed();
    let plain = env.run(&["search", "curfew"]);
    assert!(!plain.stdout.contains('\x1b'));
    let colour = env.run(&["search", "curfew", "--color", "always"]);
    assert!(
        colour.stdout.contains("\x1b[1;31mcurfew\x1b[0m"),
        "{}",
        colour.stdout
    );
}

/// The seed dump compressed with `kind`; gzip as two members, as `cat a.gz
/// b.gz` makes.
fn compress(kind: &str, data: &[u8]) -> Vec<u8> {
    if kind == "gz" {
        let (a, b) = data.split_at(data.len() / 2);
        return [util::gzip(a), util::gzip(b)].concat();
    }
    util::compress(kind, data)
}

#[test]
fn compressed_dumps_give_the_same_articles() {
    let env = with_seed();
    let plain = std::fs::read(env.path(&format!("corpus/{SEED}"))).unwrap();
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("path");
        v
    };
    let want: Vec<Value> = env
        .run(&["parse", "corpus"])
        .json()
        .into_iter()
        .map(strip)
        .collect();
    assert_eq!(want.len(), 2);
    for kind in ["gz", "zst", "bz2", "xz"] {
        // The extension lies on purpose: content decides.
        let name = format!(
            "packed/{kind}/dump.{}",
            if kind == "xz" { "txt" } else { kind }
        );
        env.write(&name, &compress(kind, &plain));
        let run = env.run(&["parse", &format!("packed/{kind}")]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
        let got: Vec<Value> = run.json().into_iter().map(strip).collect();
        assert_eq!(got, want, "{kind}");
    }

    // A truncated archive gives what came before the damage, and a warning.
    let gz = compress("gz", &plain);
    env.write("packed/cut/dump.gz", &gz[..gz.len() * 3 / 4]);
    let cut = env.run(&["parse", "packed/cut"]);
    assert!(cut.stderr.contains("packed/cut/dump.gz"), "{}", cut.stderr);
    let got = cut.json();
    assert_eq!(
        got.first().map(|a| a["headline"].clone()),
        Some(want[0]["headline"].clone())
    );
}

#[test]
fn format_and_map_flags() {
    let env = with_seed();
    // --format overrides sniffing: the seed dump read as one plain story.
    let forced = env.run(&["parse", "--format", "plain", &format!("corpus/{SEED}")]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let articles = forced.json();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["format"], "plain");
    let bad = env.run(&["parse", "--format", "pdf", "corpus"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("layout"), "{}", bad.stderr);

    // --map reads a field from a key the defaults do not know.
    env.write(
        "export/feed.jsonl",
        b"{\"heading\": \"Dam opens\", \"copy\": \"The dam opened on Monday.\", \"when\": \"2019-05-06T08:00:00Z\", \"ref\": \"feed-1\"}\n",
    );
    let unmapped = env.run(&["parse", "export"]);
    assert!(unmapped.json().is_empty(), "{}", unmapped.stdout);
    let mapped = env.run(&[
        "parse",
        "export",
        "--map",
        "headline=heading",
        "--map",
        "body=copy",
        "--map",
        "date=when",
        "--map",
        "id=ref",
    ]);
    assert_eq!(mapped.code, 0, "{}", mapped.stderr);
    let a = &mapped.json()[0];
    assert_eq!(
        (a["headline"].as_str(), a["body"].as_str()),
        (Some("Dam opens"), Some("The dam opened on Monday."))
    );
    assert_eq!(
        (a["date"].as_str(), a["id"].as_str()),
        (Some("2019-05-06"), Some("feed-1"))
    );
    let wrong = env.run(&["parse", "export", "--map", "title"]);
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("FIELD=KEY"), "{}", wrong.stderr);
}
