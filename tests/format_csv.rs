//! CSV and TSV exports read through the whole pipeline: sniffing,
//! `formats::csv`, `extract`.
//!
//! - The hand-written fixtures in `tests/fixtures/csv/` (after the column
//!   layouts of Kaggle's "All the News" 1.0 and 2.0, a `;` CMS export, a
//!   TSV, Excel's BOM-and-CRLF CSV, a Windows-1252 file; see its README)
//!   and the copy in `corpus/csv/`: every field of every row, and every
//!   warning, pinned by hand from the files.
//! - Sniffing: each sample is claimed by its format, and no other sample
//!   of the repository is taken for CSV.
//! - `--map` through the binary, a table of other columns left as junk,
//!   a generated 200,000-row file streamed, and random damage with random
//!   `--map` pairs.

use std::path::Path;

use newsdex::article::Article;
use newsdex::dump::{self, FileError};
use newsdex::formats::{self, Format, Options, Stated};
use newsdex::walk::walk;
use xxhash_rust::xxh3::xxh3_64;

use crate::util::{fuzz, parse_dump_with, repo, Rng, TestEnv};

/// Articles and warnings of one dump (warnings without the dump's folder),
/// read as a user's run would, after checking it is sniffed as CSV.
fn read(path: &Path, options: &Options) -> (Vec<Article>, Vec<String>) {
    let shown = path.display().to_string();
    let (found, _) = walk(&[path.to_path_buf()], &[]);
    assert_eq!(found.len(), 1, "{shown}");
    let (format, articles, warnings) = parse_dump_with(&found[0], options);
    assert_eq!(format, Format::Csv, "{shown}: sniffed format");
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let warnings = warnings
        .iter()
        .map(|w| w[w.find(&name).unwrap_or(0)..].to_string())
        .collect();
    (articles, warnings)
}

/// One row's article, as written by hand from the fixture.
struct Want {
    /// The text the row starts with, to find its offset in the file.
    starts: &'static str,
    line: u64,
    /// The stated id; `None`: the hash of headline and body (`extract`'s
    /// rule for records without one).
    id: Option<&'static str>,
    headline: &'static str,
    /// The date column as written, and the date read from it.
    stated_date: &'static str,
    date: &'static str,
    /// The location column as written.
    stated_place: Option<&'static str>,
    location: Option<&'static str>,
    country: Option<&'static str>,
    dateline: Option<&'static str>,
    body: &'static str,
}

const ALL_THE_NEWS_1: &[Want] = &[
    Want {
        starts: "0,20001,",
        line: 2,
        id: Some("20001"),
        headline: "Harbour Ferry Service Returns After Two-Year Pause",
        stated_date: "2017-03-14",
        date: "2017-03-14",
        stated_place: None,
        location: Some("Lisbon"),
        country: Some("Portugal"),
        dateline: Some("LISBON"),
        body: "LISBON \u{2014} The river ferry between the two harbour districts ran again on Tuesday, two years after its last crossing.\n\n\
               Commuters queued before dawn. \"I used to swim faster than that boat,\" said one, laughing, as the first crossing left on time.\n\n\
               The operator said a second vessel would join the route in the spring.",
    },
    Want {
        starts: "1,20002,",
        line: 7,
        id: Some("20002"),
        headline: "Library Extends Opening Hours for Exam Season",
        stated_date: "2017-03-15",
        date: "2017-03-15",
        stated_place: None,
        location: None,
        country: None,
        dateline: None,
        // Single line breaks and no blank line: a paragraph per line.
        body: "The central library will stay open until midnight for the next six weeks, its board said in a statement.\n\n\
               Students had asked for the change in a petition signed by more than 4,000 people.",
    },
    Want {
        starts: "2,20003,",
        line: 9,
        id: Some("20003"),
        headline: "Council Votes, Again, on the Tram Budget",
        stated_date: "2017-03-16",
        date: "2017-03-16",
        stated_place: None,
        location: None,
        country: None,
        dateline: None,
        body: "The council voted 31 to 12 on Thursday to approve the revised tram budget, the third vote on the plan this year.",
    },
];

const ALL_THE_NEWS_2: &[Want] = &[
    Want {
        starts: "2019-06-03 08:15:00,",
        line: 2,
        id: Some("https://www.example.com/2019/06/03/midsummer-fair"),
        headline: "Bakers Rise Early for the Midsummer Fair",
        stated_date: "2019-06-03 08:15:00",
        date: "2019-06-03",
        stated_place: None,
        location: None,
        country: None,
        dateline: None,
        body: "The fair opens on Saturday with forty stalls, twelve more than last year.\n\nMost of the new stalls sell bread.",
    },
    Want {
        starts: "2019-06-04 17:40:00,",
        line: 5,
        id: Some("https://www.example.com/2019/06/04/coastal-road"),
        headline: "Storm Closes Coastal Road",
        stated_date: "2019-06-04 17:40:00",
        date: "2019-06-04",
        stated_place: None,
        location: None,
        country: None,
        dateline: None,
        body: "The coastal road was closed on Tuesday evening after waves washed gravel across both lanes.",
    },
    // Line 6 is ragged and line 7 has neither title nor article.
    Want {
        starts: "2019-06-07 06:30:00,",
        line: 8,
        id: None,
        headline: "Night Trains Return to the Timetable",
        stated_date: "2019-06-07 06:30:00",
        date: "2019-06-07",
        stated_place: None,
        location: None,
        country: None,
        dateline: None,
        body: "Night trains will run again from July, the rail company said on Friday.",
    },
];

const CMS_EXPORT: &[Want] = &[
    Want {
        starts: "cms-1041;",
        line: 2,
        id: Some("cms-1041"),
        headline: "Ferry Timetable Changes From Monday",
        stated_date: "2021-11-05T07:00:00Z",
        date: "2021-11-05",
        stated_place: Some("Lisbon"),
        location: Some("Lisbon"),
        country: Some("Portugal"),
        dateline: None,
        body: "The winter timetable starts on Monday; the last ferry leaves at 22:10.\n\nThe \"night boat\" is gone until April.",
    },
    Want {
        starts: "cms-1042;",
        line: 5,
        id: Some("cms-1042"),
        headline: "Ski Lifts Open a Week Early",
        stated_date: "Fri, 05 Nov 2021 09:30:00 +0100",
        date: "2021-11-05",
        stated_place: Some("Oslo"),
        location: Some("Oslo"),
        country: Some("Norway"),
        dateline: None,
        body: "Snow came early this year, and the lifts open on Saturday.",
    },
];

const SPREADSHEET_TSV: &[Want] = &[
    Want {
        starts: "Cyclists",
        line: 2,
        id: Some("https://example.net/bridge"),
        headline: "Cyclists Get a New Bridge",
        stated_date: "2020-05-11",
        date: "2020-05-11",
        stated_place: None,
        location: None,
        country: None,
        dateline: None,
        body: "The bridge opens to cyclists on Monday morning.",
    },
    Want {
        starts: "Market Hall",
        line: 3,
        id: Some("https://example.net/market"),
        headline: "Market Hall Reopens",
        stated_date: "2020-05-12",
        date: "2020-05-12",
        stated_place: None,
        location: None,
        country: None,
        dateline: None,
        body: "The market hall reopened after repairs.\n\nTraders were back\tby eight.",
    },
];

const BOM_CRLF: &[Want] = &[
    Want {
        starts: "Caf\u{e9} Terrace",
        line: 2,
        id: None,
        headline: "Caf\u{e9} Terrace Wins Design Prize",
        stated_date: "2018-09-21",
        date: "2018-09-21",
        stated_place: Some("Z\u{fc}rich"),
        location: Some("Z\u{fc}rich"),
        country: Some("Switzerland"),
        dateline: None,
        body: "The terrace, built from reclaimed oak, won the city's design prize.\n\nIts architect, Zo\u{eb} Brandt, thanked the neighbours.",
    },
    Want {
        starts: "New Footpath",
        line: 5,
        id: None,
        headline: "New Footpath Along the Lake",
        stated_date: "2018-09-22",
        date: "2018-09-22",
        stated_place: None,
        location: None,
        country: None,
        dateline: None,
        body: "The footpath links the two beaches.",
    },
];

const LATIN1: &[Want] = &[Want {
    // The row as the file has it, in Windows-1252: "Caf\xE9 Owners".
    starts: "Caf",
    line: 2,
    id: None,
    headline: "Caf\u{e9} Owners Welcome the Square\u{2019}s New Benches",
    stated_date: "2015-04-02",
    date: "2015-04-02",
    stated_place: None,
    location: None,
    country: None,
    dateline: None,
    body: "The benches cost \u{a3}12,000, the council said.\n\n\u{201c}People sit and stay,\u{201d} said one owner.",
}];

/// Every sample: its path, its rows, and the warnings reading it gives.
fn samples() -> Vec<(&'static str, &'static [Want], Vec<&'static str>)> {
    vec![
        (
            "tests/fixtures/csv/all-the-news-1.csv",
            ALL_THE_NEWS_1,
            vec![],
        ),
        ("corpus/csv/all-the-news-1.csv", ALL_THE_NEWS_1, vec![]),
        (
            "tests/fixtures/csv/all-the-news-2.csv",
            ALL_THE_NEWS_2,
            vec![
                "all-the-news-2.csv:6: row of 9 field(s) where the header has 10; row skipped",
                "all-the-news-2.csv:7: row with neither headline nor body skipped",
            ],
        ),
        (
            "tests/fixtures/csv/cms-export-semicolon.csv",
            CMS_EXPORT,
            vec![],
        ),
        (
            "tests/fixtures/csv/spreadsheet.tsv",
            SPREADSHEET_TSV,
            vec![],
        ),
        ("tests/fixtures/csv/bom-crlf.csv", BOM_CRLF, vec![]),
        (
            "tests/fixtures/csv/latin1.csv",
            LATIN1,
            vec!["latin1.csv: 2 line(s) with bytes that are not UTF-8, read as Windows-1252"],
        ),
    ]
}

#[test]
fn samples_parse_exactly() {
    let mut total = 0;
    for (sample, want, want_warnings) in samples() {
        let path = repo(sample);
        let bytes = std::fs::read(&path).unwrap();
        let (got, warnings) = read(&path, &Options::default());
        assert_eq!(warnings, want_warnings, "{sample}: warnings");
        assert_eq!(got.len(), want.len(), "{sample}: article count");
        for (i, (a, w)) in got.iter().zip(want).enumerate() {
            let at = format!("{sample} row {i} (line {})", w.line);
            let offset = bytes
                .windows(w.starts.len())
                .position(|s| s == w.starts.as_bytes())
                .unwrap_or_else(|| panic!("{at}: {:?} not in the file", w.starts));
            let id = match w.id {
                Some(id) => id.to_string(),
                None => format!(
                    "{:016x}",
                    xxh3_64(format!("{}\n{}", w.headline, w.body).as_bytes())
                ),
            };
            assert_eq!(a.id, id, "{at}: id");
            assert_eq!(a.headline, w.headline, "{at}: headline");
            assert_eq!(
                a.date.map(|d| d.to_string()).as_deref(),
                Some(w.date),
                "{at}: date"
            );
            assert_eq!(a.location.as_deref(), w.location, "{at}: location");
            assert_eq!(a.country.as_deref(), w.country, "{at}: country");
            assert_eq!(a.dateline.as_deref(), w.dateline, "{at}: dateline");
            assert_eq!(a.body, w.body, "{at}: body");
            assert_eq!((&a.caption, &a.credit), (&None, &None), "{at}");
            assert!(a.places.is_empty(), "{at}: places");
            assert_eq!(a.format, "csv", "{at}: format");
            assert_eq!(
                (a.line, a.offset, a.ordinal),
                (w.line, offset as u64, i as u64),
                "{at}: position"
            );
        }
        total += got.len();

        // What the format states, before `extract`: as written.
        let options = Options::default();
        let mut lines = newsdex::read::open(&path).unwrap();
        let stated: Vec<Stated> = formats::records(Format::Csv, &mut lines, &options)
            .filter_map(Result::ok)
            .map(|r| r.stated)
            .collect();
        assert_eq!(stated.len(), want.len(), "{sample}");
        for (s, w) in stated.iter().zip(want) {
            let at = format!("{sample} line {}", w.line);
            assert_eq!(s.id.as_deref(), w.id, "{at}: stated id");
            assert_eq!(s.date.as_deref(), Some(w.stated_date), "{at}: stated date");
            assert_eq!(s.place.as_deref(), w.stated_place, "{at}: stated place");
            assert_eq!(s.dateline, None, "{at}: stated dateline");
            assert!(s.places.is_empty(), "{at}: stated places");
        }
    }
    assert_eq!(total, 16);
}

/// Every sample dump of the repository (`corpus/`, `tests/fixtures/`,
/// documentation aside), by path from the repository's root.
fn repository_samples(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            repository_samples(&path, out);
        } else if path.extension().is_none_or(|e| e != "md") {
            let rel = path.strip_prefix(repo("")).unwrap();
            out.push(rel.display().to_string());
        }
    }
}

/// The CSV samples are sniffed as CSV, and no other sample of the
/// repository is.
#[test]
fn sniffing_claims_the_csv_samples_and_nothing_else() {
    let mut all = Vec::new();
    repository_samples(&repo("corpus"), &mut all);
    repository_samples(&repo("tests/fixtures"), &mut all);
    all.sort();
    let csv: Vec<&str> = samples().iter().map(|s| s.0).collect();
    let mut others = 0;
    // Not text to `read`: the zip bundle (its members are sniffed one by
    // one, as files; tests/bundles.rs reads them).
    let mut not_text = Vec::new();
    for sample in &all {
        let path = repo(sample);
        let Ok(mut lines) = newsdex::read::open(&path) else {
            not_text.push(sample.as_str());
            continue;
        };
        let format = formats::sniff(&mut lines, Some(&path)).unwrap();
        if csv.contains(&sample.as_str()) {
            assert_eq!(format, Some(Format::Csv), "{sample}");
        } else {
            assert_ne!(format, Some(Format::Csv), "{sample}");
            others += 1;
        }
    }
    assert_eq!(not_text, ["corpus/bundles/pages.zip"]);
    assert_eq!(
        all.len() - others - not_text.len(),
        csv.len(),
        "every CSV sample is listed in samples()"
    );
    assert!(others > 20, "{others} other samples");
}

/// A table of other columns is no dump (as it was before CSV was read),
/// and `--format csv` reads it only to say so, once.
#[test]
fn a_table_of_other_columns_stays_junk() {
    let env = TestEnv::new();
    let path = env.write("table.csv", b"a,b,c\n1,2,3\n4,5,6\n");
    assert!(matches!(
        dump::open(&path, &Options::default()),
        Err(FileError::UnknownFormat)
    ));
    let run = env.run(&["parse", "--format", "csv", "table.csv"]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "table.csv:1: no headline or body column in the header (columns: a, b, c); \
             --map headline=COLUMN or --map body=COLUMN names them; file skipped"
        ),
        "{}",
        run.stderr
    );
}

/// `--map FIELD=COLUMN` reads columns of other names, through the binary;
/// a mapped column the header lacks is named in a warning.
#[test]
fn map_reads_columns_of_other_names() {
    let env = TestEnv::new();
    env.write(
        "export.csv",
        "Kop;Datum;Tekst;Plaats;Kenmerk\n\
         Nieuwe brug open;2022-03-04;\"De brug is open.\n\nFietsers zijn blij.\";Utrecht;u-1\n"
            .as_bytes(),
    );
    let args = [
        "parse",
        "--format",
        "csv",
        "--map",
        "headline=Kop",
        "--map",
        "date=datum",
        "--map",
        "body=Tekst",
        "--map",
        "location=Plaats",
        "--map",
        "id=Kenmerk",
        "--map",
        "id=Missing",
        "export.csv",
    ];
    let run = env.run_ok(&args);
    let article = run.object();
    assert_eq!(article["headline"], "Nieuwe brug open");
    assert_eq!(article["date"], "2022-03-04");
    assert_eq!(article["body"], "De brug is open.\n\nFietsers zijn blij.");
    assert_eq!(article["location"], "Utrecht");
    assert_eq!(article["country"], "The Netherlands");
    assert_eq!(article["id"], "u-1");
    assert_eq!(article["format"], "csv");
    assert_eq!(
        (&article["line"], &article["offset"]),
        (&2.into(), &31.into())
    );
    assert!(
        run.stderr.contains(
            "export.csv:1: --map id=Missing: no such column (columns: Kop, Datum, Tekst, Plaats, Kenmerk)"
        ),
        "{}",
        run.stderr
    );
    // Without --format the header of other names is not sniffed as CSV.
    let unforced: Vec<&str> = ["parse"]
        .into_iter()
        .chain(args[3..].iter().copied())
        .collect();
    let run = env.run(&unforced);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("not a recognised dump format"),
        "{}",
        run.stderr
    );
}

/// A generated 200,000-row export (about 18 MB) streams through the
/// parser a row at a time: every row comes back, in order.
#[test]
fn two_hundred_thousand_rows_stream() {
    const ROWS: usize = 200_000;
    let env = TestEnv::new();
    let mut text = String::from(",id,title,publication,author,date,year,month,url,content\n");
    for i in 0..ROWS {
        text.push_str(&format!(
            "{i},{},Story number {i},Example Gazette,A. Writer,2017-01-{:02},2017.0,1.0,,\"First paragraph of story {i}, with a comma.\n\nSecond, \"\"quoted\"\" paragraph.\"\n",
            100_000 + i,
            1 + i % 28
        ));
    }
    let path = env.write("big.csv", text.as_bytes());
    drop(text);
    let mut lines = newsdex::read::open(&path).unwrap();
    assert_eq!(
        formats::sniff(&mut lines, Some(&path)).unwrap(),
        Some(Format::Csv)
    );
    let options = Options::default();
    let mut rows = 0;
    for record in formats::records(Format::Csv, &mut lines, &options) {
        let record = record.unwrap_or_else(|e| panic!("row {rows}: {e}"));
        assert_eq!(record.line, 2 + 3 * rows as u64);
        if rows % 50_000 == 0 {
            assert_eq!(record.headline, format!("Story number {rows}"));
            assert_eq!(record.paragraphs.len(), 2);
        }
        rows += 1;
    }
    assert_eq!(rows, ROWS);
}

/// CSV syntax and awkward bytes, for the random edits below.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"\n\n",
    b",\"",
    b"\",",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xE9",
    b"\0",
    b",,,,,,,,",
    b"title,text\n",
    b"\"a\nb\"",
];

/// One of the CSV samples, edited at random, with random `--map` pairs.
fn make_case(rng: &mut Rng) -> (Vec<u8>, Vec<(String, String)>) {
    let all = samples();
    let mut bytes = std::fs::read(repo(rng.pick(&all).0)).unwrap();
    for _ in 0..rng.between(1, 6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 => bytes.truncate(at),
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let token = *rng.pick(TOKENS);
                let times = if rng.chance(10) { rng.below(5000) } else { 1 };
                bytes.splice(at..at, token.repeat(times));
            }
            _ => {
                let end = (at + rng.below(256)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    const FIELDS: &[&str] = &["id", "headline", "date", "location", "body"];
    const KEYS: &[&str] = &[
        "title", "Title", "content", "url", "", " ", "a.b", "é", ",", "\"",
    ];
    let map = (0..rng.below(3))
        .map(|_| (rng.pick(FIELDS).to_string(), rng.pick(KEYS).to_string()))
        .collect();
    (bytes, map)
}

/// Damaged CSV read as CSV, with and without random `--map` pairs: no
/// panic, warnings of one line, every row a record or a warning.
#[test]
fn fuzz_csv_with_maps() {
    let env = TestEnv::new();
    let path = env.path("case.csv");
    fuzz(
        "fuzz_csv_with_maps",
        300,
        make_case,
        |(bytes, map)| {
            std::fs::write(&path, bytes).unwrap();
            let (found, _) = walk(std::slice::from_ref(&path), &[]);
            let Some(found) = found.first() else {
                return;
            };
            for map in [Vec::new(), map.clone()] {
                let options = Options {
                    format: Some(Format::Csv),
                    map,
                    ..Options::default()
                };
                let Ok(dump) = dump::open(&path, &options) else {
                    continue;
                };
                let mut count = 0u64;
                let report = dump
                    .read(found, &options, |a| {
                        assert!(!a.headline.is_empty() || !a.body.is_empty());
                        assert!(a.line >= 1);
                        count += 1;
                        Ok(())
                    })
                    .unwrap();
                assert_eq!(report.articles, count);
                for w in &report.warnings {
                    assert!(!w.contains(['\n', '\r']), "{w:?}");
                }
            }
        },
        |(bytes, map)| {
            let mut out = format!("{map:?}\n").into_bytes();
            out.extend_from_slice(bytes);
            out
        },
    );
}
