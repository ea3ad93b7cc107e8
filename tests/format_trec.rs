//! TREC SGML and Gigaword dumps, and Unix `compress` (`.Z`), through the
//! whole pipeline: sniffing, `read`, `formats::trec` / `formats::gigaword`,
//! `extract`.
//!
//! Expected values come from the samples' own documentation or from
//! reading the files by hand:
//! - `corpus/trec/` (ir_datasets' test documents, one of them `.Z`) and
//!   the eight ways ir_datasets stores them (`../shared/samples/ir_datasets`,
//!   whose SOURCE.md lists what ir_datasets' tests expect: docids, texts);
//! - Anserini's TREC samples (`../shared/samples/anserini`, whose SOURCE.md
//!   tabulates the docids, headline fields, dates and bodies its tests
//!   expect);
//! - `tests/fixtures/gigaword/` (written from LDC's format description, see
//!   its README).

use std::path::{Path, PathBuf};

use newsdex::article::Article;
use newsdex::dump;
use newsdex::formats::{Format, Options};
use newsdex::walk::walk;
use serde_json::Value;

use crate::util::{parse_dump, repo, shared, TestEnv};

/// The articles and warnings of every dump under `path`, in walk order;
/// files no format claims are left out, as `newsdex` skips them.
fn parse_all(path: &Path) -> (Vec<(Format, Article)>, Vec<String>) {
    let (found, _) = walk(&[path.to_path_buf()], &[]);
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for file in &found {
        if sniffed(&file.path).is_none() {
            warnings.push(format!("{}: not read", file.path.display()));
            continue;
        }
        let (format, got, warned) = parse_dump(file);
        articles.extend(got.into_iter().map(|a| (format, a)));
        warnings.extend(warned);
    }
    (articles, warnings)
}

/// What `sniff` makes of the dump at `path`.
fn sniffed(path: &Path) -> Option<Format> {
    match dump::open(path, &Options::default()) {
        Ok(dump) => Some(dump.format),
        Err(_) => None,
    }
}

/// The fields pinned for an article: (id, headline, date, dateline, body).
type Fields = (String, String, Option<String>, Option<String>, String);

fn fields(a: &Article) -> Fields {
    (
        a.id.clone(),
        a.headline.clone(),
        a.date.map(|d| d.to_string()),
        a.dateline.clone(),
        a.body.clone(),
    )
}

fn want(
    id: &str,
    headline: &str,
    date: Option<&str>,
    dateline: Option<&str>,
    body: &str,
) -> Fields {
    (
        id.to_string(),
        headline.to_string(),
        date.map(String::from),
        dateline.map(String::from),
        body.to_string(),
    )
}

/// ir_datasets' three documents as newsdex reads them. ir_datasets' tests
/// expect the docids `D100A`, `101`, `D102` (padding trimmed) and the texts
/// "Header Text" "Daily Report" "Main body text / on multiple lines / with
/// some markup / here. Also, some invalid markup &.", "More body text",
/// "some very fun text" " markup &AMP;". newsdex reads the same words, but
/// "Header Text" is the `<AU>` (author) inside `<HEADLINE>`, which is not
/// headline, and it decodes `&AMP;` as `&` where ir_datasets keeps it.
fn ir_datasets_documents() -> Vec<Fields> {
    vec![
        want(
            "D100A",
            "Daily Report",
            None,
            None,
            "Main body text on multiple lines\n\nwith some markup here. Also, some invalid markup &.",
        ),
        want("101", "", None, None, "More body text"),
        want("D102", "", None, None, "some very fun text markup &"),
    ]
}

#[test]
fn the_corpus_sample_plain_and_compressed() {
    let (articles, warnings) = parse_all(&repo("corpus/trec"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let got: Vec<Fields> = articles.iter().map(|(_, a)| fields(a)).collect();
    assert_eq!(got, ir_datasets_documents());
    for (format, a) in &articles {
        assert_eq!(*format, Format::Trec);
        assert_eq!(a.format, "trec");
    }
    // Where each record starts: lines 1 and 22 of F00 (offset 282), line 1
    // of what F01.Z decompresses to.
    let at: Vec<(&str, u64, u64)> = articles
        .iter()
        .map(|(_, a)| (&a.path[a.path.len() - 5..], a.line, a.offset))
        .collect();
    assert_eq!(
        at,
        vec![("c/F00", 1, 0), ("c/F00", 22, 282), ("F01.Z", 1, 0)]
    );
}

#[test]
#[ignore = "needs ../shared/samples"]
fn every_ir_datasets_variant_gives_the_three_documents() {
    let root = shared("samples/ir_datasets/test/dummy/trecdocs");
    // The eight folders of SOURCE.md's table (the .tar.gz bundles are
    // another reader's).
    let folders = [
        "plaintext_noext",
        "plaintext_txt",
        "plaintext_uc_txt",
        "gzip_gz",
        "gzip_uc_gz",
        "gzip_z",
        "compress_uc_z",
        "compress_uc_0z",
    ];
    for folder in folders {
        let (articles, warnings) = parse_all(&root.join(folder));
        assert!(warnings.is_empty(), "{folder}: {warnings:?}");
        let got: Vec<Fields> = articles.iter().map(|(_, a)| fields(a)).collect();
        assert_eq!(got, ir_datasets_documents(), "{folder}");
        assert!(articles.iter().all(|(f, _)| *f == Format::Trec), "{folder}");
    }
}

#[test]
#[ignore = "needs ../shared/samples"]
fn anserini_trec_samples() {
    let root = shared("samples/anserini/src/test/resources/sample_docs/trec");
    // TrecCollectionTest: 2 documents; AP-0001 keeps HEAD and HEADLINE,
    // its body "Hopefully we / get this / right", no date; doc2 has its id
    // as an attribute and the body "here is some text.". newsdex takes
    // HEADLINE for the headline; "right", indented, opens a paragraph; the
    // DATELINE "AP" names the agency, not a place.
    let (articles, warnings) = parse_all(&root.join("collection1"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let got: Vec<Fields> = articles.iter().map(|(_, a)| fields(a)).collect();
    assert_eq!(
        got,
        vec![
            want(
                "AP-0001",
                "This is headline and should be included",
                None,
                None,
                "Hopefully we get this\n\nright"
            ),
            want("doc2", "", None, None, "here is some text."),
        ]
    );
    assert!(articles.iter().all(|(_, a)| a.location.is_none()));

    // TrecEndToEndTest: 3 documents, contents "This is head very simple
    // text", "HEAD simple enough text text text", "head text 01/30/03
    // content" (HL, DATE and LP). Each indented line of the AP-style TEXT
    // opens a paragraph; the datelines are marked, without a dash.
    let end_to_end = |ids: [&str; 2]| {
        vec![
            want(
                ids[0],
                "This is head",
                None,
                Some("TOKYO (AP)"),
                "very simple\n\ntext",
            ),
            want(
                ids[1],
                "HEAD",
                None,
                Some("MEXICO CITY (AP)"),
                "simple\n\nenough\n\ntext\n\ntext\n\ntext",
            ),
            want("WSJ_1", "head text", Some("2003-01-30"), None, "content"),
        ]
    };
    for (folder, ids) in [
        ("collection2", ["TREC_DOC_1", "DOC222"]),
        ("collection3", ["TREC_DOC_1.00001", "TREC_DOC_1.00002"]),
    ] {
        let (articles, warnings) = parse_all(&root.join(folder));
        // collection2's stopwords.txt and whitelist.txt (word lists) are
        // not dumps.
        let skipped: Vec<&str> = warnings
            .iter()
            .map(|w| w.rsplit('/').next().unwrap_or(w))
            .collect();
        let lists = ["stopwords.txt: not read", "whitelist.txt: not read"];
        let expected: &[&str] = if folder == "collection2" { &lists } else { &[] };
        assert_eq!(skipped, expected, "{folder}");
        let got: Vec<Fields> = articles
            .iter()
            .filter(|(f, _)| *f == Format::Trec)
            .map(|(_, a)| fields(a))
            .collect();
        assert_eq!(got, end_to_end(ids), "{folder}");
        let places: Vec<Option<&str>> = articles
            .iter()
            .filter(|(f, _)| *f == Format::Trec)
            .map(|(_, a)| a.location.as_deref())
            .collect();
        assert_eq!(
            places,
            vec![Some("Tokyo"), Some("Mexico City"), None],
            "{folder}"
        );
    }
}

#[test]
fn the_gigaword_fixture() {
    let (articles, warnings) = parse_all(&repo("tests/fixtures/gigaword"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(articles
        .iter()
        .all(|(f, a)| *f == Format::Gigaword && a.format == "gigaword"));
    let got: Vec<Fields> = articles.iter().map(|(_, a)| fields(a)).collect();
    let date = Some("2009-05-31");
    assert_eq!(
        got,
        vec![
            want(
                "AFP_ENG_20090531.0001",
                "Floods cut roads to hill villages after three days of rain",
                date,
                Some("MANILA, May 31, 2009 (AFP)"),
                "Rescue teams in the central Philippines waded through waist-deep water on Sunday to reach hill villages cut off by three days of heavy rain, officials said.\n\n\"The river rose two metres overnight and took the bridge with it,\" said a provincial disaster officer, who asked that her name not be used.\n\nA road-building firm, Santos & Reyes, lent two trucks to carry rice and drinking water to the villages.",
            ),
            want(
                "AFP_ENG_20090531.0002",
                "",
                date,
                Some("PARIS, May 31, 2009 (AFP)"),
                "Results of the weekend's cycling races:\n\nStage seven, Lyon to Grenoble (190 km): 1. A. Martin 4hr 51min 02sec, 2. B. Keller at 12sec, 3. C. Duval same time.\n\nOverall standings after seven stages: 1. Keller 28hr 14min 40sec, 2. Martin at 8sec.",
            ),
            want(
                "AFP_ENG_20090531.0003",
                "Advisory to editors",
                date,
                None,
                "Editors: the story slugged Philippines-weather moved at 0214 GMT is corrected to read \"two metres\", not \"two meters\", in the second paragraph. A&E listings follow at 0600 GMT.",
            ),
            want(
                "AFP_ENG_20090531.0004",
                "Port workers end strike & return to the docks",
                date,
                Some("ROTTERDAM, Netherlands, May 31, 2009 (AFP)"),
                "Dock workers at Europe's busiest port went back to work on Sunday after a two-day strike over night-shift pay, their union said.",
            ),
        ]
    );
    let places: Vec<Option<&str>> = articles
        .iter()
        .map(|(_, a)| a.location.as_deref())
        .collect();
    assert_eq!(
        places,
        vec![Some("Manila"), Some("Paris"), None, Some("Rotterdam")]
    );
    let lines: Vec<u64> = articles.iter().map(|(_, a)| a.line).collect();
    assert_eq!(lines, vec![1, 25, 43, 55]);
}

/// Every sample of these formats in the repository is claimed by its own
/// format, and no other sample by either.
#[test]
fn the_sniffer_tells_them_from_every_other_sample() {
    let mine: Vec<(PathBuf, Format)> = vec![
        (repo("corpus/trec/F00"), Format::Trec),
        (repo("corpus/trec/F01.Z"), Format::Trec),
        (repo("tests/fixtures/trec/trec1"), Format::Trec),
        (repo("tests/fixtures/trec/trec2"), Format::Trec),
        (
            repo("tests/fixtures/gigaword/afp_eng_200905"),
            Format::Gigaword,
        ),
    ];
    for (path, format) in &mine {
        assert_eq!(sniffed(path), Some(*format), "{}", path.display());
    }
    let (found, _) = walk(&[repo("corpus"), repo("tests/fixtures")], &[]);
    assert!(found.len() > 20, "{} samples", found.len());
    for file in &found {
        if mine
            .iter()
            .any(|(path, _)| file.path.ends_with(path.strip_prefix(repo("")).unwrap()))
        {
            continue;
        }
        let format = sniffed(&file.path);
        assert!(
            !matches!(format, Some(Format::Trec | Format::Gigaword)),
            "{} sniffed as {format:?}",
            file.path.display()
        );
    }
}

#[test]
#[ignore = "needs ../shared/samples"]
fn the_sniffer_claims_the_shared_samples() {
    let root = shared("samples");
    let mut files = Vec::new();
    for dir in [
        "ir_datasets/test/dummy/trecdocs",
        "anserini/src/test/resources/sample_docs/trec",
    ] {
        let (found, _) = walk(&[root.join(dir)], &[]);
        files.extend(found);
    }
    let mut trec = 0;
    for file in &files {
        let name = file.path.to_string_lossy();
        if name.ends_with(".tar.gz")
            || name.ends_with("stopwords.txt")
            || name.ends_with("whitelist.txt")
        {
            continue;
        }
        assert_eq!(sniffed(&file.path), Some(Format::Trec), "{name}");
        trec += 1;
    }
    // 16 ir_datasets files (8 folders of 2), Anserini's 5 TREC files.
    assert_eq!(trec, 21);
}

/// A `.Z` cut short gives the articles before the damage and a warning
/// naming the file, as a cut gzip does.
#[test]
fn a_truncated_z_file_keeps_what_came_before() {
    let env = TestEnv::new();
    let z = std::fs::read(repo("corpus/trec/F01.Z")).unwrap();
    // Cut inside a code (the decoder can tell: a whole byte left over).
    env.write("cut/F01.Z", &z[..z.len() - 20]);
    let run = env.run(&["parse", "cut"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("cut/F01.Z") && run.stderr.contains("truncated"),
        "{}",
        run.stderr
    );
    // The one record, cut: what was read of it is kept, with its id.
    let got = run.json();
    assert_eq!(got.len(), 1, "{}", run.stdout);
    assert_eq!(got[0]["id"], "D102");
    assert_eq!(got[0]["format"], "trec");
}

#[test]
#[ignore = "needs ../shared/samples"]
fn a_truncated_z_keeps_the_whole_records_before_the_cut() {
    let env = TestEnv::new();
    let z = std::fs::read(shared(
        "samples/ir_datasets/test/dummy/trecdocs/compress_uc_z/F00.Z",
    ))
    .unwrap();
    // 250 of 261 bytes: the first record whole, the second cut.
    env.write("cut/F00.Z", &z[..250]);
    let run = env.run(&["parse", "cut"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("cut/F00.Z"), "{}", run.stderr);
    assert!(run.stderr.contains("truncated"), "{}", run.stderr);
    let got = run.json();
    assert_eq!(got[0]["id"], "D100A");
    assert_eq!(got[0]["headline"], "Daily Report");
    assert_eq!(
        got[0]["body"],
        "Main body text on multiple lines\n\nwith some markup here. Also, some invalid markup &."
    );
}

/// A folder of TREC files plain, gzipped and `.Z` and a Gigaword file
/// indexes, and each is found by a search.
#[test]
fn a_mixed_folder_indexes_and_searches() {
    let env = TestEnv::new();
    env.copy_dir(&repo("corpus/trec"), "mix/trec");
    let giga = std::fs::read(repo("tests/fixtures/gigaword/afp_eng_200905")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &giga).unwrap();
    env.write("mix/afp_eng_200905.gz", &gz.finish().unwrap());
    let run = env.run(&["index", "mix", "--index", "idx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let find = |query: &str| -> Vec<Value> {
        let run = env.run(&["search", "--json", "--index", "idx", query]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
        run.hits()
    };
    for (query, id) in [
        ("\"daily report\"", "D100A"),
        ("fun text", "D102"),
        ("Rotterdam dock strike", "AFP_ENG_20090531.0004"),
        ("Santos Reyes trucks", "AFP_ENG_20090531.0001"),
    ] {
        let hits = find(query);
        assert_eq!(
            hits.first().map(|h| h["id"].clone()),
            Some(Value::from(id)),
            "{query}: {hits:?}"
        );
    }
}
