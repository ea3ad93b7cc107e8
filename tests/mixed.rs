//! A corpus folder that mixes every format, compressed copies and junk:
//! `index` then `search` must work over all of it, bad files costing only
//! themselves; and compressed copies of a real corpus give the same
//! articles as the plain files.

use std::io::Write;

use serde_json::Value;

use crate::util::{repo, shared, TestEnv};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn index_and_search_a_folder_of_every_format() {
    let env = TestEnv::new();
    env.copy_dir(&repo("corpus"), "mix");
    // Compressed copies under other names, so no article is there twice.
    let bbc = std::fs::read(shared("corpora/bbc/tech/001.txt")).unwrap();
    env.write("mix/bbc-tech-001.txt.gz", &gzip(&bbc));
    let post = std::fs::read(shared(
        "corpora/20newsgroups/20news-bydate-test/sci.med/59225",
    ))
    .unwrap();
    env.write(
        "mix/sci-med-59225.zst",
        &zstd::stream::encode_all(&post[..], 3).unwrap(),
    );
    // Junk.
    env.write("mix/photo.jpg", b"\xFF\xD8\xFF\xE0JFIF");
    env.write("mix/blob.bin", b"\x00\x01\x02\x03");
    env.write("mix/.lock", b"");
    env.write("mix/empty.txt", b"");
    env.write("mix/table.csv", b"a,b,c\n1,2,3\n4,5,6\n");
    let gz = gzip(&std::fs::read(env.path("mix/reuters/reut2-000-sample.sgm")).unwrap());
    env.write("mix/cut-copy.sgm.gz", &gz[..gz.len() / 2]);

    let run = env.run(&["index", "mix", "--index", "idx"]);
    let stderr = &run.stderr;
    assert_eq!(run.code, 0, "{stderr}");
    for junk in ["photo.jpg", "blob.bin", "empty.txt", "table.csv"] {
        assert!(stderr.contains(&format!("mix/{junk}")), "{junk}: {stderr}");
    }
    assert!(
        stderr.contains("mix/cut-copy.sgm.gz"),
        "the truncated archive is named: {stderr}"
    );

    // One query per format: (query, the path of a hit it must find, its location).
    let cases = [
        (
            "Ramadi curfew",
            "mix/000_891f048a54a096e6.txt",
            Some("Ramadi"),
        ),
        // (The cocoa story, first in this dump, is also in the JSON sample
        // and the truncated copy, read before it: it is folded here.)
        (
            "Tower report Reagan rebound",
            "mix/reuters/reut2-000-sample.sgm",
            Some("Washington"),
        ),
        (
            "\"Ad sales boost Time Warner profit\"",
            "mix/bbc/business-001.txt",
            None,
        ),
        (
            "\"gravity waves\"",
            "mix/20newsgroups/sci.space-59497.txt",
            None,
        ),
        ("Elvis autograph", "mix/20newsgroups/sample.mbox", None),
        ("Kyrgyz", "mix/bbc-tech-001.txt.gz", None),
        ("Candida yeast", "mix/sci-med-59225.zst", None),
    ];
    for (query, path, location) in cases {
        let run = env.run(&["search", "--json", "--index", "idx", "--limit", "20", query]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
        let found = run.hits();
        let hit = found
            .iter()
            .find(|h| h["path"] == path)
            .unwrap_or_else(|| panic!("{query}: no hit in {path}: {}", run.stdout));
        if let Some(location) = location {
            assert_eq!(hit["location"], location, "{query}");
        }
    }
    let run = env.run(&["search", "--json", "--index", "idx", "cocoa Bahia"]);
    let cocoa = run.hits();
    assert_eq!(cocoa.len(), 1, "indexed once: {}", run.stdout);
    assert_eq!(cocoa[0]["date"], "1987-02-26");

    // The JSON sample repeats a BBC story: it is indexed once, from the
    // file read first, and `show` names the other copy.
    let run = env.run(&[
        "search",
        "--json",
        "--index",
        "idx",
        "\"Ad sales boost Time Warner profit\"",
    ]);
    let found = run.hits();
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert_eq!(found[0]["path"], "mix/bbc/business-001.txt");
    let id = found[0]["id"].as_str().unwrap();
    let run = env.run(&["show", "--index", "idx", id]);
    let stderr = &run.stderr;
    assert_eq!(run.code, 0, "{stderr}");
    assert!(
        stderr.contains("also seen at mix/json/bbc-sample.jsonl:"),
        "{stderr}"
    );
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn compressed_copies_of_a_real_corpus_give_the_same_articles() {
    let env = TestEnv::new();
    let sgm = std::fs::read(shared("corpora/reuters21578/reut2-000.sgm")).unwrap();
    for (name, bytes) in [
        ("plain/reut2-000.sgm", sgm.clone()),
        ("gz/reut2-000.sgm.gz", gzip(&sgm)),
        (
            "zst/reut2-000.sgm.zst",
            zstd::stream::encode_all(&sgm[..], 3).unwrap(),
        ),
    ] {
        env.write(name, &bytes);
    }
    let articles = |folder: &str| -> Vec<Value> {
        let run = env.run(&["parse", folder]);
        assert_eq!(run.code, 0, "{folder}: {}", run.stderr);
        run.json()
            .into_iter()
            .map(|mut v| {
                v.as_object_mut().unwrap().remove("path");
                v
            })
            .collect()
    };
    let plain = articles("plain");
    assert_eq!(plain.len(), 1000);
    assert_eq!(articles("gz"), plain);
    assert_eq!(articles("zst"), plain);
}
