//! Zip and tar bundles walked like folders: the same files loose and
//! bundled (zip, tar, tar.gz, tgz, tar.zst, tar.bz2, tar.xz, built here at
//! test time with the `zip` and `tar` crates) give the same articles, with
//! paths `bundle.zip/inner/path`, and the same skips; the index keeps a
//! bundle as one file (touched, changed, removed, left half done); damaged
//! members and cut bundles cost only what is damaged.

use std::io::Write;
use std::path::Path;

use newsdex::walk::bundle::{self, Entry, Kind};
use serde_json::Value;

use crate::util::{compress, gzip, repo, shared, TestEnv};

/// The tree bundled and laid out loose, in the walk's order (by name,
/// folder by folder): every file a dump or a kind of junk.
fn tree() -> Vec<(String, Vec<u8>)> {
    let read = |rel: &str| std::fs::read(repo(rel)).unwrap();
    let mut nested = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    nested
        .start_file("inner.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    nested.write_all(&read("corpus/bbc/tech-174.txt")).unwrap();
    let nested = nested.finish().unwrap().into_inner();
    vec![
        // Two articles (corpus/SOURCE.md).
        (
            "000_891f048a54a096e6.txt".into(),
            read("corpus/000_891f048a54a096e6.txt"),
        ),
        (
            "README.md".into(),
            b"# pages\n\nWhat this bundle is.\n".to_vec(),
        ),
        ("data.bin".into(), b"\x00\x01\x02binary\x00".to_vec()),
        ("empty.txt".into(), Vec::new()),
        // Two entries, gzip-compressed inside the bundle.
        (
            "feeds/atom_example_2.xml.gz".into(),
            gzip(&read("corpus/feeds/atom_example_2.xml")),
        ),
        // One item.
        (
            "feeds/rss_2.0_nbcny.xml".into(),
            read("corpus/feeds/rss_2.0_nbcny.xml"),
        ),
        // One page each.
        (
            "html/jpost-608399.html".into(),
            read("corpus/html/jpost-608399.html"),
        ),
        (
            "html/lhpat-tm-2726.html".into(),
            read("corpus/html/lhpat-tm-2726.html"),
        ),
        ("logo.png".into(), b"\x89PNG\r\n\x1a\n\x00\x00".to_vec()),
        ("nested.zip".into(), nested.clone()),
        // A zip named like a text file: told by its magic bytes.
        ("zz-hidden-bundle.txt".into(), nested),
    ]
}

/// Articles in `tree()`, counted from its files by hand: 2 + 2 + 1 + 1 + 1.
const TREE_ARTICLES: usize = 7;

fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    // Written out of order: members are read in the walk's order anyway.
    for (name, bytes) in files.iter().rev() {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, bytes) in files {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, name, &bytes[..]).unwrap();
    }
    builder.into_inner().unwrap()
}

/// Writes the tree loose under `rel/`.
fn lay_out(env: &TestEnv, rel: &str, files: &[(String, Vec<u8>)]) {
    for (name, bytes) in files {
        env.write(&format!("{rel}/{name}"), bytes);
    }
}

/// `parse PATH`: its articles, and its `skipped ...` lines, sorted.
fn parse(env: &TestEnv, path: &str) -> (Vec<Value>, Vec<String>) {
    let run = env.run_ok(&["parse", path]);
    let mut skipped: Vec<String> = run
        .stderr
        .lines()
        .filter_map(|line| line.strip_prefix("newsdex: skipped "))
        .map(str::to_string)
        .collect();
    skipped.sort();
    (run.json(), skipped)
}

/// `value`'s `path` with its leading `from/` put as `to/`.
fn moved(mut value: Value, from: &str, to: &str) -> Value {
    let path = value["path"].as_str().unwrap().to_string();
    let rest = path
        .strip_prefix(&format!("{from}/"))
        .unwrap_or_else(|| panic!("{path} is not under {from}"));
    value["path"] = Value::from(format!("{to}/{rest}"));
    value
}

#[test]
fn bundles_read_like_the_same_files_loose() {
    let env = TestEnv::new();
    let files = tree();
    lay_out(&env, "loose", &files);
    let (loose, loose_skipped) = parse(&env, "loose");
    // Loose, the two zips are bundles of their own (one named `.txt`, told
    // by its bytes), each of one story; bundled, they are not opened.
    let (opened, loose): (Vec<Value>, Vec<Value>) = loose.into_iter().partition(|a| {
        let path = a["path"].as_str().unwrap();
        path.starts_with("loose/nested.zip/") || path.starts_with("loose/zz-hidden-bundle.txt/")
    });
    let opened: Vec<&str> = opened.iter().map(|a| a["path"].as_str().unwrap()).collect();
    assert_eq!(
        opened,
        [
            "loose/nested.zip/inner.txt",
            "loose/zz-hidden-bundle.txt/inner.txt"
        ]
    );
    assert_eq!(loose.len(), TREE_ARTICLES);
    let want_skipped = [
        "README.md: documentation",
        "data.bin: binary file (NUL bytes in the first 8192 bytes)",
        "empty.txt: empty file",
        "logo.png: not a text dump (by extension)",
    ];
    assert_eq!(
        loose_skipped,
        want_skipped
            .iter()
            .map(|s| format!("loose/{s}"))
            .collect::<Vec<_>>()
    );
    let mut bundles = vec![("pages.zip".to_string(), zip_of(&files))];
    for (name, codec) in [
        ("pages.tar", "tar"),
        ("pages.tar.gz", "gz"),
        ("pages.tgz", "gz"),
        ("pages.tar.zst", "zst"),
        ("pages.tar.bz2", "bz2"),
        ("pages.tar.xz", "xz"),
    ] {
        bundles.push((name.to_string(), compress(codec, &tar_of(&files))));
    }
    for (name, bytes) in &bundles {
        env.write(name, bytes);
        let (got, skipped) = parse(&env, name);
        let want: Vec<Value> = loose
            .iter()
            .map(|a| moved(a.clone(), "loose", name))
            .collect();
        assert_eq!(got, want, "{name}");
        let paths: Vec<&str> = got.iter().map(|a| a["path"].as_str().unwrap()).collect();
        assert_eq!(
            paths,
            [
                "000_891f048a54a096e6.txt",
                "000_891f048a54a096e6.txt",
                "feeds/atom_example_2.xml.gz",
                "feeds/atom_example_2.xml.gz",
                "feeds/rss_2.0_nbcny.xml",
                "html/jpost-608399.html",
                "html/lhpat-tm-2726.html",
            ]
            .map(|p| format!("{name}/{p}")),
            "{name}"
        );
        let nested = "a bundle inside a bundle (not opened)";
        let mut want_skipped: Vec<String> = want_skipped
            .iter()
            .chain(&[&*format!("nested.zip: {nested}")])
            .chain(&[&*format!("zz-hidden-bundle.txt: {nested}")])
            .map(|s| format!("{name}/{s}"))
            .collect();
        want_skipped.sort();
        assert_eq!(skipped, want_skipped, "{name}");
    }
}

/// Every codec through the library: `bundle::open` tells the kind by the
/// bytes (whatever the name), the members come out named and whole.
#[test]
fn every_kind_of_bundle_opens_by_its_magic() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(String, Vec<u8>)> = vec![
        ("a/one.txt".into(), b"first\n".to_vec()),
        ("b.txt".into(), b"second\n".to_vec()),
    ];
    let mut cases = vec![(Kind::Zip, zip_of(&files))];
    for codec in ["tar", "gz", "zst", "bz2", "xz"] {
        cases.push((Kind::Tar, compress(codec, &tar_of(&files))));
    }
    for (i, (kind, bytes)) in cases.into_iter().enumerate() {
        // Named with no telling extension.
        let path = dir.path().join(format!("bundle-{i}.dat"));
        std::fs::write(&path, &bytes).unwrap();
        let opened = bundle::open(&path).unwrap().bundle().expect("a bundle");
        assert_eq!(opened.kind, kind, "case {i}");
        let mut got = Vec::new();
        for entry in opened.members() {
            let Entry::Member(member) = entry else {
                panic!("case {i}: not a member");
            };
            let name = member.name.clone();
            let mut lines = member.open().unwrap();
            let mut text = String::new();
            while let Some(line) = lines.next_line().unwrap() {
                text += &line.text;
            }
            got.push((name, text));
        }
        assert_eq!(
            got,
            [("a/one.txt", "first"), ("b.txt", "second")].map(|(n, t)| (n.into(), t.into())),
            "case {i}"
        );
    }
    for not_bundle in [&gzip(b"just text\n")[..], b"<html></html>\n", b""] {
        let path = dir.path().join("plain");
        std::fs::write(&path, not_bundle).unwrap();
        assert!(bundle::open(&path).unwrap().bundle().is_none());
    }
}

/// Incremental re-indexing by bundle: unchanged and touched bundles are not
/// read again, a changed one is read again whole, a removed one's articles
/// go, and a bundle a run left half done is read again without duplicates.
#[test]
fn bundles_are_indexed_again_one_bundle_at_a_time() {
    let env = TestEnv::new();
    let read = |rel: &str| std::fs::read(repo(rel)).unwrap();
    let bbc = |name: &str| (name.to_string(), read(&format!("corpus/bbc/{name}")));
    let a = [bbc("business-001.txt"), bbc("politics-009.txt")];
    let b = [
        bbc("sport-199.txt"),
        bbc("tech-174.txt"),
        bbc("entertainment-021.txt"),
    ];
    env.write("corpus/a.zip", &zip_of(&a));
    env.write("corpus/b.tar.gz", &gzip(&tar_of(&b)));
    let articles = |env: &TestEnv| {
        let stats = env.run_ok(&["stats", "--json"]).object();
        (
            stats["articles"].as_u64().unwrap(),
            stats["files"].as_u64().unwrap(),
        )
    };
    let index = |env: &TestEnv| env.run_ok(&["index"]).stderr;
    let first = index(&env);
    assert!(
        first.contains("indexed 5 article(s) from 2 file(s)"),
        "{first}"
    );
    assert_eq!(articles(&env), (5, 2));
    let found = env.run_ok(&["search", "--json", "gadgets"]).hits();
    assert_eq!(found[0]["path"], "corpus/b.tar.gz/tech-174.txt");

    let again = index(&env);
    assert!(
        again.contains("indexed 0 article(s) from 0 file(s)"),
        "{again}"
    );
    assert!(again.contains("2 file(s) unchanged"), "{again}");

    // Touched: the same bytes, a new mtime.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(env.path("corpus/a.zip"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let touched = index(&env);
    assert!(
        touched.contains("indexed 0 article(s) from 0 file(s)")
            && touched.contains("2 file(s) unchanged"),
        "{touched}"
    );

    // Changed: b loses a member and gains another; it alone is read.
    let b2 = [bbc("sport-199.txt"), bbc("business-291.txt")];
    env.write("corpus/b.tar.gz", &gzip(&tar_of(&b2)));
    let changed = index(&env);
    assert!(
        changed.contains("indexed 2 article(s) from 1 file(s)")
            && changed.contains("1 file(s) unchanged"),
        "{changed}"
    );
    assert_eq!(articles(&env), (4, 2));
    let found = env.run(&["search", "--json", "gadgets"]);
    assert_eq!(
        found.code, 1,
        "tech-174 went with the old b: {}",
        found.stdout
    );

    // Removed: a's articles go.
    std::fs::remove_file(env.path("corpus/a.zip")).unwrap();
    let removed = index(&env);
    assert!(removed.contains("1 file(s) gone"), "{removed}");
    assert_eq!(articles(&env), (2, 1));

    // Half done, as a run killed in it leaves a bundle: some members'
    // articles committed, the bundle's `file` document not.
    env.write("corpus/a.zip", &zip_of(&a));
    index(&env);
    assert_eq!(articles(&env), (4, 2));
    {
        let news = newsdex::index::NewsIndex::open(&env.path("index")).unwrap();
        let key = newsdex::paths::key(&env.path("corpus/a.zip"));
        let mut writer = news.writer(1, 50 << 20).unwrap();
        writer.delete_file_entry(&key).unwrap();
        writer.delete_path(&format!("{key}/politics-009.txt"));
        writer.commit().unwrap();
        writer.finish().unwrap();
    }
    assert_eq!(articles(&env), (3, 1));
    let resumed = index(&env);
    assert!(
        resumed.contains("indexed 2 article(s) from 1 file(s)"),
        "{resumed}"
    );
    assert_eq!(articles(&env), (4, 2));
    let hits = env.run_ok(&["search", "--json", "-n", "100", "*"]).hits();
    let mut paths: Vec<&str> = hits.iter().map(|h| h["path"].as_str().unwrap()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "corpus/a.zip/business-001.txt",
            "corpus/a.zip/politics-009.txt",
            "corpus/b.tar.gz/business-291.txt",
            "corpus/b.tar.gz/sport-199.txt",
        ]
    );
}

/// `index`, `search` and `show` with members: the summary counts skipped
/// members by reason, a hit and `show` name the member.
#[test]
fn members_are_indexed_searched_and_shown() {
    let env = TestEnv::new();
    env.write("corpus/pages.zip", &zip_of(&tree()));
    let run = env.run_ok(&["index"]);
    let summary = run.stderr.lines().last().unwrap();
    let summary = summary.strip_prefix("newsdex: ").unwrap();
    assert!(
        summary.starts_with(&format!(
            "indexed {TREE_ARTICLES} article(s) from 1 file(s) into index"
        )),
        "{summary}"
    );
    assert!(
        summary.ends_with(
            "skipped 6 file(s): 2 a bundle inside a bundle (not opened), \
             1 binary file (NUL bytes in the first 8192 bytes), 1 documentation, \
             1 empty file, 1 not a text dump (by extension)"
        ),
        "{summary}"
    );
    let hits = env.run_ok(&["search", "--json", "Weizsäcker"]).hits();
    assert_eq!(hits[0]["path"], "corpus/pages.zip/html/jpost-608399.html");
    let id = hits[0]["id"].as_str().unwrap().to_string();
    let shown = env.run_ok(&["show", &id]).stdout;
    assert!(
        shown.contains("corpus/pages.zip/html/jpost-608399.html"),
        "{shown}"
    );
    assert!(shown.contains("Weizsäcker"), "{shown}");
}

/// A member whose compressed bytes are damaged costs only itself, with a
/// warning naming it; a bundle cut short keeps the members before the cut.
#[test]
fn damage_costs_only_what_is_damaged() {
    let env = TestEnv::new();
    let files = tree();
    let mut zip = zip_of(&files);
    // The jpost page is the largest member: damage the middle of its data.
    let page = &files[6].1;
    assert!(page.len() > 40_000);
    let name_at = find(&zip, b"html/jpost-608399.html").unwrap();
    for byte in &mut zip[name_at + 200..name_at + 400] {
        *byte ^= 0x5A;
    }
    env.write("damaged.zip", &zip);
    let run = env.run_ok(&["parse", "damaged.zip"]);
    let paths: Vec<String> = run
        .json()
        .iter()
        .map(|a| a["path"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !paths.iter().any(|p| p.ends_with("jpost-608399.html")),
        "{paths:?}"
    );
    assert_eq!(paths.len(), TREE_ARTICLES - 1, "{paths:?}");
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("newsdex: warning: "))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("newsdex: warning: damaged.zip/html/jpost-608399.html: "),
        "{}",
        warnings[0]
    );

    // Cut in the middle of the jpost page: its central directory is gone.
    // (Without the zips inside: stored as they are, the last one's own
    // central directory would be taken for the cut zip's, as unzip takes it.)
    let unnested: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(name, bytes)| !bytes.starts_with(b"PK") || name.ends_with(".png"))
        .cloned()
        .collect();
    assert_eq!(unnested.len(), files.len() - 2);
    let whole = zip_of(&unnested);
    let start = find(&whole, b"html/jpost-608399.html").unwrap();
    let end = start + find(&whole[start..], b"PK\x03\x04").unwrap();
    let at = (start + end) / 2;
    env.write("cut.zip", &whole[..at]);
    let run = env.run_ok(&["parse", "cut.zip"]);
    // Written in reverse order: the members before the page are read.
    let paths: Vec<String> = run
        .json()
        .iter()
        .map(|a| a["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["cut.zip/html/lhpat-tm-2726.html"], "{}", run.stderr);
    assert!(
        run.stderr
            .contains("newsdex: warning: cut.zip/html/jpost-608399.html: "),
        "{}",
        run.stderr
    );

    // A tar.gz cut in its fourth member: the first three are kept.
    let tgz = gzip(&tar_of(&files));
    env.write("cut.tar.gz", &tgz[..tgz.len() * 6 / 10]);
    let run = env.run_ok(&["parse", "cut.tar.gz"]);
    let got = run.json();
    assert!(
        got.len() >= 4 && got.len() < TREE_ARTICLES,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("newsdex: warning: cut.tar.gz"),
        "{}",
        run.stderr
    );
    let loose: Vec<Value> = {
        lay_out(&env, "loose", &files);
        parse(&env, "loose").0
    };
    for (got, want) in got.iter().zip(&loose) {
        assert_eq!(got, &moved(want.clone(), "loose", "cut.tar.gz"));
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The benchmark's 181 pages, bundled as a zip and a tar.gz: the same
/// articles as the pages loose, named inside the bundles.
#[test]
#[ignore = "needs ../shared/corpora"]
fn the_benchmark_pages_bundled_read_as_loose() {
    let env = TestEnv::new();
    let html = shared("corpora/article-extraction-benchmark/html");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&html)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = format!("html/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 181, "SOURCE.md: 181 pages");
    lay_out(&env, "loose", &files);
    let (loose, _) = parse(&env, "loose");
    env.write("pages.zip", &zip_of(&files));
    env.write("pages.tar.gz", &gzip(&tar_of(&files)));
    for name in ["pages.zip", "pages.tar.gz"] {
        let (got, _) = parse(&env, name);
        let want: Vec<Value> = loose
            .iter()
            .map(|a| moved(a.clone(), "loose", name))
            .collect();
        assert_eq!(got.len(), want.len(), "{name}");
        assert!(
            got == want,
            "{name}: the articles differ from the loose pages'"
        );
    }
    // And the index counts a bundle's pages as the loose pages'.
    env.run_ok(&["index", "--index", "loose-index", "loose"]);
    env.run_ok(&["index", "--index", "zip-index", "pages.zip"]);
    let stats = |index: &str| env.run_ok(&["stats", "--json", "--index", index]).object();
    assert_eq!(
        stats("zip-index")["articles"],
        stats("loose-index")["articles"]
    );
}

/// Reading stops early and drops the bundle: its reader ends, nothing hangs.
#[test]
fn a_bundle_dropped_part_way_ends_its_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.tar");
    let big: Vec<(String, Vec<u8>)> = (0..20)
        .map(|i| (format!("f{i:02}.txt"), vec![b'x'; 300_000]))
        .collect();
    std::fs::write(&path, tar_of(&big)).unwrap();
    for _ in 0..5 {
        let mut members = bundle::open(Path::new(&path))
            .unwrap()
            .bundle()
            .unwrap()
            .members();
        let Some(Entry::Member(member)) = members.next() else {
            panic!("no member");
        };
        let mut stream = member.open().unwrap();
        let line = stream.next_line().unwrap().unwrap();
        assert_eq!(line.text.len(), 300_000);
        drop(stream);
        drop(members);
    }
}

/// A bundle of many damaged members names the first `MAX_WARNINGS` and
/// counts the rest, in the summary too: 150 members compressed with a
/// method this build does not read (bzip2's number, 12, written into a
/// stored zip's headers).
#[test]
fn many_damaged_members_are_counted_not_all_named() {
    let env = TestEnv::new();
    let files: Vec<(String, Vec<u8>)> = (0..150)
        .map(|i| {
            (
                format!("m{i:03}.txt"),
                format!("Story {i}\n\nText {i}.\n").into_bytes(),
            )
        })
        .collect();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in &files {
        writer.start_file(name.as_str(), stored).unwrap();
        writer.write_all(bytes).unwrap();
    }
    let mut zip = writer.finish().unwrap().into_inner();
    let mut patched = 0;
    for at in 0..zip.len().saturating_sub(12) {
        let method_at = match &zip[at..at + 4] {
            b"PK\x03\x04" => at + 8,
            b"PK\x01\x02" => at + 10,
            _ => continue,
        };
        zip[method_at..method_at + 2].copy_from_slice(&12u16.to_le_bytes());
        patched += 1;
    }
    assert_eq!(patched, 300, "a local and a central header per member");
    env.write("corpus/damaged.zip", &zip);
    let run = env.run(&["index"]);
    assert_eq!(run.code, 1, "no member gave an article: {}", run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("newsdex: warning: "))
        .collect();
    assert_eq!(warnings.len(), 101, "{}", run.stderr);
    assert!(
        warnings[0].starts_with("newsdex: warning: corpus/damaged.zip/m000.txt: cannot read: "),
        "{}",
        warnings[0]
    );
    assert_eq!(
        warnings[100],
        "newsdex: warning: corpus/damaged.zip: 50 more warning(s) in its members not shown"
    );
    let summary = run.stderr.lines().last().unwrap();
    assert!(
        summary.starts_with("newsdex: indexed 0 article(s) from 1 file(s)")
            && summary.ends_with("; 150 warning(s) above"),
        "{summary}"
    );
}
