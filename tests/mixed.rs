//! A corpus folder that mixes every format, compressed copies and junk:
//! `index` then `search` must work over all of it, bad files costing only
//! themselves; and compressed copies of a real corpus give the same
//! articles as the plain files. One folder is made of the repository's own
//! fixtures only (a file of every format newsdex reads, compressed every
//! way, bundles), so it runs on a bare clone.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::Value;

use crate::util::{compress, gzip, repo, shared, TestEnv};

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

/// A folder holding a file of every format newsdex reads, from the
/// repository's fixtures alone, some gzip-, bzip2-, xz- or
/// zstd-compressed, some inside a tar.gz and a zip: `index` reads each by
/// its content, `stats` counts each format's articles as the fixtures'
/// own documentation counts them, and a search finds an article of each
/// file. No story is in two files, so dedup folds nothing.
#[test]
#[cfg(all(feature = "zstd", feature = "bzip2", feature = "xz"))]
fn index_and_search_a_folder_of_every_format_from_the_fixtures() {
    let env = TestEnv::new();
    // (fixture, where it goes in mix/ (the codec's extension added), codec,
    // format, articles). The counts are the fixtures' SOURCE.md/README.md
    // counts, or counted by hand where they give none.
    let files: &[(&str, &str, &str, &str, u64)] = &[
        // 40 records (38 stories, 2 briefs): corpus/reuters/SOURCE.md.
        (
            "corpus/reuters/reut2-000-sample.sgm",
            "reuters/reut2-000-sample.sgm",
            "gz",
            "reuters",
            40,
        ),
        // D100A and 101; D102: corpus/trec/SOURCE.md.
        ("corpus/trec/F00", "trec/F00", "", "trec", 2),
        ("corpus/trec/F01.Z", "trec/F01.Z", "", "trec", 1),
        // TREC_DOC_1 and DOC222 (AP layout); WSJ_1: tests/fixtures/trec/SOURCE.md.
        ("tests/fixtures/trec/trec1", "trec/ap-trec1", "", "trec", 2),
        (
            "tests/fixtures/trec/trec2",
            "trec/wsj-trec2",
            "zst",
            "trec",
            1,
        ),
        // 4 documents: its README.md.
        (
            "tests/fixtures/gigaword/afp_eng_200905",
            "gigaword/afp_eng_200905",
            "bz2",
            "gigaword",
            4,
        ),
        // One <nitf> each (the doc-ids 9000001, 12345678).
        (
            "tests/fixtures/nitf/nyt_1987_ferry.xml",
            "nitf/nyt_1987_ferry.xml",
            "",
            "nitf",
            1,
        ),
        (
            "tests/fixtures/nitf/anserini_segment1.xml",
            "nitf/anserini_segment1.xml",
            "xz",
            "nitf",
            1,
        ),
        // One text <newsItem>.
        (
            "tests/fixtures/newsml/LISTING_2_NewsML-G2_Text_Document.xml",
            "newsml/listing-2.xml",
            "gz",
            "newsml",
            1,
        ),
        // One <newsitem> (itemid 900001).
        (
            "tests/fixtures/rcv1/19960820/900001newsML.xml",
            "rcv1/900001newsML.xml",
            "",
            "rcv1",
            1,
        ),
        // 3 articles: tests/fixtures/factiva/SOURCE.md.
        (
            "tests/fixtures/factiva/factiva_test.xml",
            "factiva/factiva_test.xml",
            "zst",
            "factiva",
            3,
        ),
        // 2 documents: tests/fixtures/nexis/SOURCE.md.
        (
            "tests/fixtures/nexis/lexisnexis_test_en.html",
            "nexis/lexisnexis_test_en.html",
            "",
            "nexis",
            2,
        ),
        // Two pages (request and response records each, a warcinfo and a
        // revisit record): corpus/warc/SOURCE.md. Gzipped already.
        (
            "corpus/warc/benchmark-news.warc.gz",
            "warc/benchmark-news.warc.gz",
            "",
            "warc",
            2,
        ),
        // 3 rows: tests/fixtures/csv/README.md (ids 20001-20003).
        (
            "tests/fixtures/csv/all-the-news-1.csv",
            "csv/all-the-news-1.csv",
            "xz",
            "csv",
            3,
        ),
        // One item; two entries: corpus/feeds/SOURCE.md.
        (
            "corpus/feeds/rss_2.0_nbcny.xml",
            "feeds/rss_2.0_nbcny.xml",
            "",
            "feed",
            1,
        ),
        (
            "corpus/feeds/atom_example_2.xml",
            "feeds/atom_example_2.xml",
            "bz2",
            "feed",
            2,
        ),
        (
            "corpus/feeds/jsonfeed_spec_1.json",
            "feeds/jsonfeed_spec_1.json",
            "",
            "jsonfeed",
            1,
        ),
        // Two lines each: tests/fixtures/json-variants/SOURCE.md.
        (
            "tests/fixtures/json-variants/washingtonpost.jl",
            "json/washingtonpost.jl",
            "",
            "json",
            2,
        ),
        (
            "tests/fixtures/json-variants/huffpost.json",
            "json/huffpost.json",
            "gz",
            "json",
            2,
        ),
        (
            "tests/fixtures/json-variants/signal.jsonl",
            "json/signal.jsonl",
            "zst",
            "json",
            2,
        ),
        // 4 posts in the mbox, one post alone: corpus/20newsgroups/SOURCE.md.
        (
            "corpus/20newsgroups/sample.mbox",
            "mail/sample.mbox",
            "",
            "mail",
            4,
        ),
        (
            "corpus/20newsgroups/sci.space-59497.txt",
            "mail/sci.space-59497.txt",
            "xz",
            "mail",
            1,
        ),
        // One page each (corpus/html/SOURCE.md).
        (
            "corpus/html/jpost-608399.html",
            "html/jpost-608399.html",
            "",
            "html",
            1,
        ),
        // Two articles: corpus/SOURCE.md.
        (
            "corpus/000_891f048a54a096e6.txt",
            "layout/000_891f048a54a096e6.txt",
            "",
            "layout",
            2,
        ),
        // One story each (corpus/bbc/SOURCE.md).
        (
            "corpus/bbc/business-001.txt",
            "plain/business-001.txt",
            "",
            "plain",
            1,
        ),
    ];
    // Bundles: (bundle, member, fixture, format, articles).
    let members: &[(&str, &str, &str, &str, u64)] = &[
        (
            "bundles/stories.tar.gz",
            "bbc/sport-199.txt",
            "corpus/bbc/sport-199.txt",
            "plain",
            1,
        ),
        (
            "bundles/stories.tar.gz",
            "mail/multipart-alternative.eml",
            "tests/fixtures/mail/multipart-alternative.eml",
            "mail",
            1,
        ),
        (
            "bundles/pages.zip",
            "pages/lhpat-tm-2726.html",
            "corpus/html/lhpat-tm-2726.html",
            "html",
            1,
        ),
    ];
    let mut want: BTreeMap<&str, u64> = BTreeMap::new();
    let mut paths = Vec::new();
    for &(fixture, to, codec, format, n) in files {
        let to = if codec.is_empty() {
            format!("mix/{to}")
        } else {
            format!("mix/{to}.{codec}")
        };
        env.write(
            &to,
            &compress(codec, &std::fs::read(repo(fixture)).unwrap()),
        );
        *want.entry(format).or_default() += n;
        paths.push(to);
    }
    let mut tar = tar::Builder::new(Vec::new());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for &(bundle, member, fixture, format, n) in members {
        let bytes = std::fs::read(repo(fixture)).unwrap();
        if bundle.ends_with(".zip") {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file(member, options).unwrap();
            zip.write_all(&bytes).unwrap();
        } else {
            let mut header = tar::Header::new_ustar();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, member, &bytes[..]).unwrap();
        }
        *want.entry(format).or_default() += n;
        paths.push(format!("mix/{bundle}/{member}"));
    }
    env.write(
        "mix/bundles/stories.tar.gz",
        &gzip(&tar.into_inner().unwrap()),
    );
    env.write("mix/bundles/pages.zip", &zip.finish().unwrap().into_inner());
    // Every format newsdex reads is there.
    assert_eq!(
        want.keys().copied().collect::<Vec<_>>(),
        [
            "csv", "factiva", "feed", "gigaword", "html", "json", "jsonfeed", "layout", "mail",
            "newsml", "nexis", "nitf", "plain", "rcv1", "reuters", "trec", "warc"
        ]
    );
    assert_eq!(want.len(), newsdex::formats::Format::ALL.len());

    let run = env.run(&["index", "mix", "--index", "idx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Nothing was skipped or damaged: no warning (sport-199.txt's lone
    // Latin-1 byte is UTF-8 now: corpus/bbc/SOURCE.md), and the web
    // archive's records holding no page are counted.
    let stderr = &run.stderr;
    assert!(
        stderr.contains("indexed 86 article(s) from 27 file(s)"),
        "{stderr}"
    );
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning:")).collect();
    assert!(warnings.is_empty(), "{stderr}");
    assert!(
        stderr.contains("4 record(s) gave no article: 1 warcinfo, 2 request, 1 revisit"),
        "{stderr}"
    );
    let stats = env.run_ok(&["stats", "--json", "--index", "idx"]).object();
    let got: BTreeMap<String, u64> = serde_json::from_value(stats["formats"].clone()).unwrap();
    let want: BTreeMap<String, u64> = want.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    assert_eq!(got, want, "{stats}");
    assert_eq!(stats["articles"], 86, "{stats}");

    // One search per file: (query, the file of a hit it must find, its
    // format). The words are read by hand from each fixture.
    let cases = [
        (
            "Tower report Reagan rebound",
            "reuters/reut2-000-sample.sgm.gz",
            "reuters",
        ),
        ("\"daily report\"", "trec/F00", "trec"),
        ("\"fun text\"", "trec/F01.Z", "trec"),
        ("\"very simple\" text", "trec/ap-trec1", "trec"),
        ("\"head text\"", "trec/wsj-trec2.zst", "trec"),
        (
            "Rotterdam dock strike",
            "gigaword/afp_eng_200905.bz2",
            "gigaword",
        ),
        (
            "ferry resume river service",
            "nitf/nyt_1987_ferry.xml",
            "nitf",
        ),
        ("\"Article Title\"", "nitf/anserini_segment1.xml.xz", "nitf"),
        ("Fed halt bubble", "newsml/listing-2.xml.gz", "newsml"),
        ("Musterbank", "rcv1/900001newsML.xml", "rcv1"),
        (
            "\"first test article\"",
            "factiva/factiva_test.xml.zst",
            "factiva",
        ),
        ("\"Heading One\"", "nexis/lexisnexis_test_en.html", "nexis"),
        (
            "Amnesty protesters Iran",
            "warc/benchmark-news.warc.gz",
            "warc",
        ),
        ("library exam season", "csv/all-the-news-1.csv.xz", "csv"),
        ("Manhattan sidewalk stab", "feeds/rss_2.0_nbcny.xml", "feed"),
        ("OrbitBeyond", "feeds/atom_example_2.xml.bz2", "feed"),
        (
            "\"Announcing JSON Feed\"",
            "feeds/jsonfeed_spec_1.json",
            "jsonfeed",
        ),
        ("jet lag", "json/washingtonpost.jl", "json"),
        ("lentil soup", "json/huffpost.json.gz", "json"),
        ("breakfast club veterans", "json/signal.jsonl.zst", "json"),
        ("Elvis autograph", "mail/sample.mbox", "mail"),
        ("\"gravity waves\"", "mail/sci.space-59497.txt.xz", "mail"),
        ("Weizsäcker Berlin", "html/jpost-608399.html", "html"),
        ("Ramadi", "layout/000_891f048a54a096e6.txt", "layout"),
        (
            "\"Ad sales boost Time Warner profit\"",
            "plain/business-001.txt",
            "plain",
        ),
        (
            "Chelsea Mutu",
            "bundles/stories.tar.gz/bbc/sport-199.txt",
            "plain",
        ),
        (
            "Galibier rockfall",
            "bundles/stories.tar.gz/mail/multipart-alternative.eml",
            "mail",
        ),
        (
            "iPhone",
            "bundles/pages.zip/pages/lhpat-tm-2726.html",
            "html",
        ),
    ];
    for (query, path, format) in cases {
        let path = format!("mix/{path}");
        assert!(paths.contains(&path), "{path} is not a file of the folder");
        let run = env.run(&["search", "--json", "--index", "idx", "--limit", "20", query]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
        let found = run.hits();
        let hit = found
            .iter()
            .find(|h| h["path"] == path.as_str())
            .unwrap_or_else(|| panic!("{query}: no hit in {path}: {}", run.stdout));
        let id = hit["id"].as_str().unwrap();
        let shown = env
            .run_ok(&["show", "--json", "--index", "idx", id])
            .object();
        assert_eq!(shown["format"], format, "{query}: {shown}");
    }
    // Every file of the folder gave an article a search found.
    let searched: Vec<String> = cases.iter().map(|(_, p, _)| format!("mix/{p}")).collect();
    for path in &paths {
        assert!(searched.contains(path), "no search for {path}");
    }
}
