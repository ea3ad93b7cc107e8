//! A corpus folder that mixes every format, compressed copies and junk:
//! `index` then `search` must work over all of it, bad files costing only
//! themselves; and compressed copies of a real corpus give the same
//! articles as the plain files.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::copy_dir;

fn newsdex(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn hits(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "hit")
        .map(|v| v["data"].clone())
        .collect()
}

#[test]
fn index_and_search_a_folder_of_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mix = dir.path().join("mix");
    copy_dir(&root.join("corpus"), &mix);
    // Compressed copies under other names, so no article is there twice.
    let bbc = std::fs::read(root.join("../shared/corpora/bbc/tech/001.txt"))
        .expect("../shared/corpora is needed beside the repository");
    std::fs::write(mix.join("bbc-tech-001.txt.gz"), gzip(&bbc)).unwrap();
    let post =
        std::fs::read(root.join("../shared/corpora/20newsgroups/20news-bydate-test/sci.med/59225"))
            .unwrap();
    std::fs::write(
        mix.join("sci-med-59225.zst"),
        zstd::stream::encode_all(&post[..], 3).unwrap(),
    )
    .unwrap();
    // Junk.
    std::fs::write(mix.join("photo.jpg"), b"\xFF\xD8\xFF\xE0JFIF").unwrap();
    std::fs::write(mix.join("blob.bin"), b"\x00\x01\x02\x03").unwrap();
    std::fs::write(mix.join(".lock"), b"").unwrap();
    std::fs::write(mix.join("empty.txt"), b"").unwrap();
    std::fs::write(mix.join("table.csv"), b"a,b,c\n1,2,3\n4,5,6\n").unwrap();
    let gz = gzip(&std::fs::read(mix.join("reuters/reut2-000-sample.sgm")).unwrap());
    std::fs::write(mix.join("cut-copy.sgm.gz"), &gz[..gz.len() / 2]).unwrap();

    let (code, _, stderr) = newsdex(dir.path(), &["index", "mix", "--index", "idx"]);
    assert_eq!(code, 0, "{stderr}");
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
        let (code, stdout, stderr) = newsdex(
            dir.path(),
            &["search", "--json", "--index", "idx", "--limit", "20", query],
        );
        assert_eq!(code, 0, "{query}: {stderr}");
        let found = hits(&stdout);
        let hit = found
            .iter()
            .find(|h| h["path"] == path)
            .unwrap_or_else(|| panic!("{query}: no hit in {path}: {stdout}"));
        if let Some(location) = location {
            assert_eq!(hit["location"], location, "{query}");
        }
    }
    let (_, stdout, _) = newsdex(
        dir.path(),
        &["search", "--json", "--index", "idx", "cocoa Bahia"],
    );
    let cocoa = hits(&stdout);
    assert_eq!(cocoa.len(), 1, "indexed once: {stdout}");
    assert_eq!(cocoa[0]["date"], "1987-02-26");

    // The JSON sample repeats a BBC story: it is indexed once, from the
    // file read first, and `show` names the other copy.
    let (_, stdout, _) = newsdex(
        dir.path(),
        &[
            "search",
            "--json",
            "--index",
            "idx",
            "\"Ad sales boost Time Warner profit\"",
        ],
    );
    let found = hits(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert_eq!(found[0]["path"], "mix/bbc/business-001.txt");
    let id = found[0]["id"].as_str().unwrap();
    let (code, _, stderr) = newsdex(dir.path(), &["show", "--index", "idx", id]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("also seen at mix/json/bbc-sample.jsonl:"),
        "{stderr}"
    );
}

#[test]
fn compressed_copies_of_a_real_corpus_give_the_same_articles() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sgm = std::fs::read(root.join("../shared/corpora/reuters21578/reut2-000.sgm"))
        .expect("../shared/corpora is needed beside the repository");
    for (name, bytes) in [
        ("plain/reut2-000.sgm", sgm.clone()),
        ("gz/reut2-000.sgm.gz", gzip(&sgm)),
        (
            "zst/reut2-000.sgm.zst",
            zstd::stream::encode_all(&sgm[..], 3).unwrap(),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let articles = |folder: &str| -> Vec<Value> {
        let (code, stdout, stderr) = newsdex(dir.path(), &["parse", folder]);
        assert_eq!(code, 0, "{folder}: {stderr}");
        stdout
            .lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
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
