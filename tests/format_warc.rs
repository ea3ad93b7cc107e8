//! Web archives (`formats::warc`): WARC and ARC files through the library
//! and the pipeline.
//!
//! - `tests/fixtures/warc/benchmark-encodings.warc.gz` (three pages of the
//!   article-extraction benchmark served brotli'd, deflated and in
//!   Windows-1252's Cyrillic sister Windows-1251, see its SOURCE.md) and
//!   `corpus/warc/benchmark-news.warc.gz` (two English news pages, gzip'd
//!   and chunked): headlines as the pages' markup states them, bodies
//!   against the benchmark's ground truth, offsets found by decompressing
//!   the file here, and the stated URL and crawl date.
//! - warcio's test files and Anserini's CC-NEWS sample (`../shared/samples`,
//!   their SOURCE.md lists the records each holds and what those projects'
//!   tests expect): every record accounted for, the damaged ones costing
//!   only themselves.
//! - Sniffing: the WARC samples are warc, no other sample is.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use newsdex::article::Article;
use newsdex::formats::{self, Format, Options, RawRecord};
use newsdex::read;
use newsdex::walk::walk;
use serde_json::Value;

use crate::util::{parse_dump, repo, shared};

const FIXTURE: &str = "tests/fixtures/warc/benchmark-encodings.warc.gz";
const CORPUS: &str = "corpus/warc/benchmark-news.warc.gz";

/// The format, articles and warnings of one archive, through the pipeline.
fn read_archive(path: &Path) -> (Format, Vec<Article>, Vec<String>) {
    let (found, skipped) = walk(&[path.to_path_buf()], &[]);
    assert_eq!(found.len(), 1, "{}: {skipped:?}", path.display());
    parse_dump(&found[0])
}

/// The raw records of one archive (with what they state), through the
/// format alone.
fn raw_records(path: &Path) -> Vec<RawRecord> {
    let mut lines = read::open(path).unwrap();
    let options = Options::default();
    formats::records(Format::Warc, &mut lines, &options)
        .filter_map(Result::ok)
        .collect()
}

/// The byte offsets of the `response` records in the decompressed file,
/// found by searching its bytes.
fn response_offsets(path: &Path) -> Vec<u64> {
    let mut data = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut data)
        .unwrap();
    let marker = b"WARC/1.1\r\nWARC-Type: response\r\n";
    data.windows(marker.len())
        .enumerate()
        .filter(|(_, w)| *w == marker)
        .map(|(i, _)| i as u64)
        .collect()
}

/// The share of the truth's word 4-grams the body has, and of the body's
/// the truth has (the benchmark's shingles, as sets: enough to tell the
/// article from the page around it).
fn overlap(body: &str, truth: &str) -> (f64, f64) {
    let shingles = |text: &str| -> HashSet<Vec<String>> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        words.windows(4).map(<[String]>::to_vec).collect()
    };
    let (got, want) = (shingles(body), shingles(truth));
    let common = got.intersection(&want).count() as f64;
    (common / want.len() as f64, common / got.len() as f64)
}

/// The benchmark's ground-truth body of the page whose id starts `prefix`.
fn ground_truth(prefix: &str) -> String {
    let path = shared("corpora/article-extraction-benchmark/ground-truth.json");
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (_, page) = truth
        .as_object()
        .unwrap()
        .iter()
        .find(|(id, _)| id.starts_with(prefix))
        .unwrap();
    page["articleBody"].as_str().unwrap().to_string()
}

#[test]
fn the_fixture_pages_read_through_every_encoding() {
    let path = repo(FIXTURE);
    let (format, articles, warnings) = read_archive(&path);
    assert_eq!(format, Format::Warc);
    let headlines: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
    // Each page's og:title / <title> (read in its markup).
    assert_eq!(
        headlines,
        [
            "Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return",
            "NASA Just Confirmed There Are Water Plumes Above The Surface of Jupiter's Moon Europa",
            "Скайрим скорость бега как увеличить",
        ]
    );
    // Brotli: the fact-check's lead; deflate: the NASA story's; the
    // Windows-1251 page (its `<meta>` still says UTF-8: the HTTP header
    // wins) decodes to Cyrillic, no mojibake.
    assert!(articles[0]
        .body
        .starts_with("In a joint statement published Oct. 25, the Russian and Syrian defense"));
    assert!(articles[1]
        .body
        .contains("NASA's Goddard Space Flight Center in Greenbelt, Maryland"));
    assert!(articles[2]
        .body
        .contains("Характеристики бега можно увеличить"));
    assert!(!articles[2].body.contains('\u{FFFD}'));
    let offsets: Vec<u64> = articles.iter().map(|a| a.offset).collect();
    assert_eq!(offsets, response_offsets(&path));
    // One line for the records skipped, by kind (the file holds a warcinfo,
    // a request per page and one metadata record).
    assert_eq!(
        warnings,
        [format!(
            "{}:1: 5 record(s) gave no article: 1 warcinfo, 3 request, 1 metadata",
            path.display()
        )]
    );
}

#[test]
fn records_state_their_url_and_crawl_time() {
    let raws = raw_records(&repo(FIXTURE));
    let stated: Vec<(Option<&str>, Option<&str>, Option<&str>)> = raws
        .iter()
        .map(|r| {
            (
                r.stated.url.as_deref(),
                r.stated.id.as_deref(),
                r.stated.crawled.as_deref(),
            )
        })
        .collect();
    // The canonical links (each page has one) as url and id; WARC-Date as
    // written (scripts/make_warc_samples.py).
    let polygraph =
        "https://www.polygraph.info/a/fact-check-russia-us-al-tanf-rukban/30279001.html";
    let gto = "https://gto-normativy.ru/skajrim-skorost-bega-kak-uvelichit/";
    assert_eq!(
        stated[0],
        (
            Some(polygraph),
            Some(polygraph),
            Some("2019-11-21T11:01:00Z")
        )
    );
    assert_eq!(
        stated[2],
        (Some(gto), Some(gto), Some("2019-11-21T11:03:00Z"))
    );
    // The Space Review page has no canonical link: the target URI stands in.
    let corpus = raw_records(&repo(CORPUS));
    let space = "https://www.thespacereview.com/article/3834/1";
    assert_eq!(corpus[1].stated.url.as_deref(), Some(space));
    assert_eq!(
        corpus[1].stated.crawled.as_deref(),
        Some("2019-11-21T10:02:00Z")
    );
}

#[test]
fn the_corpus_sample_reads() {
    let path = repo(CORPUS);
    let (format, articles, _) = read_archive(&path);
    assert_eq!(format, Format::Warc);
    let headlines: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
    // og:title (its trailing space trimmed); the <title> less its site.
    assert_eq!(
        headlines,
        [
            "Amnesty. More than 100 protesters killed in Iran unrest",
            "Seeking a bigger role for a big rocket",
        ]
    );
    let offsets: Vec<u64> = articles.iter().map(|a| a.offset).collect();
    assert_eq!(offsets, response_offsets(&path));
    // Neither page has a canonical link: the target URIs; the crawl times
    // as the script wrote them. PanARMENIAN's page states its day at the
    // head of the story ("November 20, 2019 - 11:28 AMT"); The Space
    // Review's states none in its markup, so its date is the crawl's.
    let stated: Vec<(Option<&str>, Option<&str>, Option<String>)> = articles
        .iter()
        .map(|a| {
            (
                a.url.as_deref(),
                a.crawled.as_deref(),
                a.date.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        stated,
        [
            (
                Some("http://www.panarmenian.net/eng/news/275221/"),
                Some("2019-11-21T10:01:00Z"),
                Some("2019-11-20".to_string())
            ),
            (
                Some("https://www.thespacereview.com/article/3834/1"),
                Some("2019-11-21T10:02:00Z"),
                Some("2019-11-21".to_string())
            ),
        ]
    );
}

/// The offsets of the gzip members of a file, found by decoding them one
/// at a time.
fn member_offsets(bytes: &[u8]) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        offsets.push(bytes.len() - rest.len());
        let mut decoder = flate2::bufread::GzDecoder::new(rest);
        std::io::copy(&mut decoder, &mut std::io::sink()).unwrap();
        rest = decoder.into_inner();
    }
    offsets
}

/// A gzip member damaged in the middle of the archive costs only its record:
/// the pages before and after it are read.
#[test]
fn a_damaged_gzip_member_costs_only_its_record() {
    let bytes = std::fs::read(repo(CORPUS)).unwrap();
    let members = member_offsets(&bytes);
    // warcinfo, request, response (PanARMENIAN), request, response (The
    // Space Review), revisit.
    assert_eq!(members.len(), 6);
    let env = crate::util::TestEnv::new();
    // The first response's deflate data flipped, or cut off by the next
    // member.
    let mut flipped = bytes.clone();
    flipped[members[2] + 400] ^= 0xFF;
    let cut = [&bytes[..members[2] + 400], &bytes[members[3]..]].concat();
    for (name, damaged) in [("flipped.warc.gz", flipped), ("cut.warc.gz", cut)] {
        let path = env.write(name, &damaged);
        let (_, articles, warnings) = read_archive(&path);
        let headlines: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(
            headlines,
            ["Seeking a bigger role for a big rocket"],
            "{name}"
        );
        let at = format!(
            "the gzip member at byte {} of the file is damaged",
            members[2]
        );
        assert!(
            warnings.iter().any(|w| w.contains(&at)),
            "{name}: {warnings:?}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn bodies_match_the_benchmark_ground_truth() {
    let pages = [
        (FIXTURE, 0, "1ee91d1fce65"),
        (FIXTURE, 1, "14cc2a0ca59c"),
        (FIXTURE, 2, "c4a3637c6696"),
        (CORPUS, 0, "d90bda7ed14d"),
        (CORPUS, 1, "c00962aabe7b"),
    ];
    for (file, n, id) in pages {
        let (_, articles, _) = read_archive(&repo(file));
        let (recall, precision) = overlap(&articles[n].body, &ground_truth(id));
        assert!(
            recall > 0.9 && precision > 0.8,
            "{file} #{n} ({id}): recall {recall:.3}, precision {precision:.3}"
        );
    }
}

/// What one of warcio's files gives: articles' headlines and the warnings'
/// reasons (the `path:line: ` before them dropped).
fn warcio(name: &str) -> (Vec<String>, Vec<String>) {
    let path = shared(&format!("samples/warcio/test/data/{name}"));
    let (format, articles, warnings) = read_archive(&path);
    assert_eq!(format, Format::Warc, "{name}");
    let reasons = warnings
        .iter()
        .map(|w| {
            let after_path = &w[path.display().to_string().len()..];
            let reason = after_path.splitn(3, ':').nth(2).unwrap_or(after_path);
            reason.trim().to_string()
        })
        .collect();
    (articles.into_iter().map(|a| a.headline).collect(), reasons)
}

#[test]
#[ignore = "needs ../shared/samples"]
fn warcio_files_account_for_every_record() {
    // The records of each file (warcio's SOURCE.md, and the types and
    // statuses read in the files): example.com's page is under fifty
    // words, too short for an article; post-test's responses are JSON.
    // A page with no article is noted as such, by its record's offset
    // (found by searching the files' bytes); the records skipped for their
    // kind are counted in one warning at the end.
    let short = "byte 1197: no article in the page (only ";
    let example = "5 record(s) gave no article: 2 warcinfo, 2 request, 1 revisit";
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("example.warc", &[], &[short, example]),
        ("example.warc.gz", &[], &[short, example]),
        // One gzip member for the whole file: a stream all the same.
        ("example-bad-non-chunked.warc.gz", &[], &[short, example]),
        // Gzip members not aligned with records: the same.
        (
            "example-wrong-chunks.warc.gz",
            &[],
            &[
                "byte 0: no article in the page (only ",
                "1 record(s) gave no article: 1 request",
            ],
        ),
        (
            "example-resource.warc.gz",
            &[],
            &[
                "byte 1150: no article in the page (only ",
                "2 record(s) gave no article: 2 warcinfo",
            ],
        ),
        (
            "example-digest.warc",
            &[],
            &["4 record(s) gave no article: 4 request"],
        ),
        (
            "example-space-in-target-uri.warc.gz",
            &[],
            &["2 record(s) gave no article: 1 warcinfo, 1 not HTML"],
        ),
        (
            "example-wget-bad-target-uri.warc.gz",
            &[],
            &[
                "byte 1062: no article in the page (only ",
                "5 record(s) gave no article: 1 warcinfo, 1 request, 1 metadata, 2 not HTML",
            ],
        ),
        (
            "post-test.warc.gz",
            &[],
            &["6 record(s) gave no article: 3 not HTML, 3 request"],
        ),
        // Its last response is a 302 redirect.
        (
            "example-bad.warc.gz.bad",
            &[],
            &[
                "byte 460: no article in the page (only ",
                "5 record(s) gave no article: 1 warcinfo, 2 request, 1 revisit, 1 not HTTP 2xx",
            ],
        ),
        // The response's Content-Length is 2 bytes short: warcio reports
        // one error and reads all 4 records; so does newsdex.
        (
            "example-trunc.warc",
            &[],
            &[
                short,
                "byte 2560: 4 byte(s) that are no record after the record at byte 1197 \
                 (is its Content-Length wrong?), skipped",
                "3 record(s) gave no article: 2 warcinfo, 1 request",
            ],
        ),
        (
            "example.arc",
            &[],
            &[
                "byte 151: no article in the page (only ",
                "1 record(s) gave no article: 1 filedesc",
            ],
        ),
        (
            "example.arc.gz",
            &[],
            &[
                "byte 151: no article in the page (only ",
                "1 record(s) gave no article: 1 filedesc",
            ],
        ),
        // Its length field says 1591 bytes, as in example.arc, but its HTTP
        // head has LF line ends where example.arc's has CRLF: 12 bytes
        // fewer, and the file ends first.
        (
            "example-space-in-url.arc",
            &[],
            &[
                "byte 151: record cut off (its length says 1591 bytes, the file ends after \
                 1579); skipped",
                "1 record(s) gave no article: 1 filedesc",
            ],
        ),
        // Lengths -1 and "abc": each costs its record.
        (
            "bad.arc",
            &[],
            &[
                "byte 0: ARC record header with no valid length (\"filedesc://bad.arc.gz \
                 127.0.0.1 20140301000000 text/plain -1\"); skipped",
                "byte 134: ARC record header with no valid length (\"http://example.com/ \
                 93.184.216.119 201404010000000000 text/html -1\"); skipped",
                "byte 262: ARC record header with no valid length (\"http://example.com/ \
                 93.184.216.119 201404010000000000 text/html abc\"); skipped",
                "1 record(s) gave no article: 1 not HTML",
            ],
        ),
    ];
    // Each warning (or note of a page with no article) as it opens.
    for (name, headlines, warned) in cases {
        let (got, warnings) = warcio(name);
        assert_eq!(got, *headlines, "{name}");
        assert_eq!(warnings.len(), warned.len(), "{name}: {warnings:?}");
        // Notes (records holding no article, the tally) come before
        // warnings: each said once, in either order.
        for want in *warned {
            assert!(
                warnings.iter().any(|w| w.starts_with(want)),
                "{name}: {want:?} in {warnings:?}"
            );
        }
    }
    // The chunked response de-chunks to IANA's home page, which is an article.
    let (got, warnings) = warcio("example-iana.org-chunked.warc");
    assert_eq!(got, ["Internet Assigned Numbers Authority"]);
    assert_eq!(
        warnings,
        ["2 record(s) gave no article: 1 warcinfo, 1 request"]
    );
}

#[test]
#[ignore = "needs ../shared/samples"]
fn anserini_cc_news_sample() {
    // Its warcinfo's Content-Length is 4 bytes too long (the block is 327
    // bytes before the next `WARC/1.0`): repaired, the response read. Its
    // page is one line of five words: no article.
    let path = shared(
        "samples/anserini/src/test/resources/sample_docs/commoncrawlnewsen/collection1/segment1.warc.gz",
    );
    let (format, articles, warnings) = read_archive(&path);
    assert_eq!(format, Format::Warc);
    assert!(articles.is_empty());
    let shown = path.display();
    // Counted in words by hand: "whatever here will be included".
    assert_eq!(
        warnings,
        [
            // Notes of records holding no article first, then warnings.
            format!("{shown}:17: byte 543: no article in the page (only 5 words of prose)"),
            format!("{shown}:1: 1 record(s) gave no article: 1 warcinfo"),
            format!(
                "{shown}:17: byte 543: the record before runs 4 byte(s) past its end into this \
                 one's header (its Content-Length is too long); read on from here"
            ),
        ]
    );
}

/// Every sample the repository holds sniffs as warc exactly when it is one
/// of the WARC samples.
#[test]
fn only_archives_sniff_as_warc() {
    let (found, _) = walk(&[repo("corpus"), repo("tests/fixtures")], &[]);
    assert!(found.len() > 20);
    let mut archives = 0;
    for file in found {
        let Ok(mut lines) = read::open(&file.path) else {
            continue;
        };
        let sniffed = formats::sniff(&mut lines, Some(&file.path)).unwrap();
        let is_archive = file.path.parent().is_some_and(|p| p.ends_with("warc"));
        assert_eq!(
            sniffed == Some(Format::Warc),
            is_archive,
            "{}: {sniffed:?}",
            file.path.display()
        );
        archives += usize::from(is_archive);
    }
    assert_eq!(archives, 2);
}

/// The benchmark's 181 pages written as a WARC here (a gzip'd response
/// record each, the CC-NEWS layout) read to the very articles the pages
/// give read one by one as saved pages.
#[test]
#[ignore = "needs ../shared/corpora"]
fn a_warc_of_the_benchmark_reads_as_its_pages() {
    use std::io::Write;
    let env = crate::util::TestEnv::new();
    let dir = shared("corpora/article-extraction-benchmark/html");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut warc = Vec::new();
    let mut pages = Vec::new();
    for path in &names {
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_end(&mut html)
            .unwrap();
        let stem = path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .replace(".gz", "");
        let saved = env.write(&format!("pages/{stem}"), &html);
        let (_, mut read, _) = read_archive(&saved);
        pages.append(&mut read);
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        block.extend_from_slice(&html);
        let mut record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://benchmark.test/{stem}\r\n\
             WARC-Date: 2019-11-21T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        record.extend_from_slice(&block);
        record.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&record).unwrap();
        warc.extend(gz.finish().unwrap());
    }
    let path = env.write("bench.warc.gz", &warc);
    let (_, articles, _) = read_archive(&path);
    assert_eq!(articles.len(), pages.len());
    assert!(pages.len() > 170, "{} pages gave an article", pages.len());
    for (a, p) in articles.iter().zip(&pages) {
        assert_eq!((&a.headline, &a.body), (&p.headline, &p.body), "{}", p.path);
        // The page's own date; the crawl's only where it states none.
        let date = a.date.map(|d| d.to_string());
        match p.date {
            Some(d) => assert_eq!(date, Some(d.to_string()), "{}", p.path),
            None => assert_eq!(date.as_deref(), Some("2019-11-21"), "{}", p.path),
        }
    }
    // Its pages extracted four at a time (one archive on four cores): the
    // same records and warnings, in the same order.
    let read_with = |threads| {
        let mut lines = read::open(&path).unwrap();
        let options = Options {
            page_threads: threads,
            ..Options::default()
        };
        formats::records(Format::Warc, &mut lines, &options)
            .map(|r| r.map_err(|e| e.to_string()))
            .collect::<Vec<_>>()
    };
    let one = read_with(1);
    assert_eq!(one.iter().filter(|r| r.is_ok()).count(), articles.len());
    assert!(read_with(4) == one, "the records differ on 4 threads");
}
