//! Randomized ("fuzz") targets that run inside `cargo test` on stable Rust.
//!
//! Every format parser, the sniffer, the reader and its decoders, and field
//! extraction are fed mutations of the real samples in `corpus/` and
//! `tests/fixtures/` (byte flips, cuts, deleted and doubled spans, format
//! tokens, NUL and invalid UTF-8 bytes, huge lines, compression and UTF-16
//! wrappers, damaged archives) and random soups; the bundle reader is fed
//! damaged zips and tars of them; the query front end is fed
//! random queries built from the query language's pieces with random flags,
//! against a small index built from `corpus/`. They assert no panic, errors
//! and warnings of one line, and article fields within the documented caps.
//! A case's work is bounded, so a hang shows as a run that never ends.
//! `fuzz_fifty_megabyte_line` and `fuzz_floods` are the deterministic
//! blow-up inputs (a 50 MB line, floods of blank lines and of open tags).
//!
//! Deterministic: fixed seeds. `NEWSDEX_FUZZ_CASES=N` runs N cases per
//! target, `NEWSDEX_FUZZ_SEED=S` explores other cases, and a failure names
//! the `NEWSDEX_FUZZ_ONLY=<seed>` that replays it (see `util::fuzz`).
// A fuzz target reports its cases on stderr.
#![allow(clippy::print_stderr)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use newsdex::article::Article;
use newsdex::config::IndexConfig;
use newsdex::date::Date;
use newsdex::dump;
use newsdex::extract::{self, Origin};
use newsdex::formats::{Format, Options, RawRecord, Stated};
use newsdex::index::NewsIndex;
use newsdex::output::Printer;
use newsdex::read::{self, MAX_LINE_BYTES};
use newsdex::search::{self, Request, Sort};
use newsdex::walk::Found;

use crate::util::{fuzz, Rng, TestEnv};

/// The largest story any format keeps (json, mail, layout, plain: 8 MB),
/// plus the one line that may carry it over (a line is cut at
/// `MAX_LINE_BYTES`; read as Windows-1252 a byte may grow to 3).
const FIELD_CAP: usize = (8 << 20) + 3 * MAX_LINE_BYTES;

// ---------------------------------------------------------------------------
// Inputs

/// Every sample dump of the repository, by path: the corpus and the fixtures.
fn samples() -> &'static [(String, Vec<u8>)] {
    static SAMPLES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in ["corpus", "tests/fixtures"] {
            collect(root, &root.join(dir), &mut out);
        }
        out.sort();
        assert!(out.len() > 20, "samples: {}", out.len());
        out
    })
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_none_or(|e| e != "md") {
            let name = path.strip_prefix(root).unwrap().display().to_string();
            out.push((name, std::fs::read(&path).unwrap()));
        }
    }
}

/// Pieces of every format's syntax, line ends and awkward bytes.
#[rustfmt::skip]
const TOKENS: &[&[u8]] = &[
    // Reuters SGML
    b"<REUTERS", b"<REUTERS>", b"<REUTERS TOPICS=\"YES\" NEWID=\"1\">\n", b"</REUTERS>",
    b"<TEXT>", b"<TEXT TYPE=\"BRIEF\">", b"<TEXT TYPE=\"UNPROC\">", b"</TEXT>", b"<TITLE>",
    b"</TITLE>", b"<DATELINE>", b"</DATELINE>", b"<BODY>", b"</BODY>", b"<DATE>", b"</DATE>",
    b"<PLACES><D>usa</D>", b"</PLACES>", b"<D>", b"</D>", b"&#2;", b"&#3;", b"&#", b"&#x",
    b"&#1114112;", b"&#99999999999999999999;", b"&#xD800;", b"&amp", b"&lt;",
    b"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n", b"<", b">",
    // TREC and Gigaword SGML
    b"<DOC>\n", b"</DOC>\n", b"<DOCNO> AP880212-0001 </DOCNO>", b"<DOCNO>", b"</DOCNO>",
    b"<DOC id=\"AFP_ENG_20090531.0001\" type=\"story\" >\n", b"<HEADLINE>", b"</HEADLINE>",
    b"<HL>", b"<HEAD>", b"<P>", b"</P>", b"<F P=102>", b"</F>", b"<!-- ", b" -->", b"&AMP;",
    b"<AU>", b"<DD> 03/24/87</DD>", b"\x1f\x9d\x90",
    // JSON
    b"{", b"}", b"[", b"]", b",", b":", b"\"", b"\\", b"\\u", b"\\ud800", b"\\udc00\\ud800",
    b"\"body\":", b"\"title\":", b"\"text\": \"", b"\"date\": ", b"\"url\":", b"\"id\": 1e999",
    b"\"published\": \"", b"\"location\":", b"\"dateline\":", b"\"caption\":", b"null", b"true",
    b"-0", b"1e400", b"{\"title\":\"T\",\"text\":\"x\"}\n",
    // Feeds: RSS, Atom, JSON Feed
    b"<?xml version=\"1.0\"?>", b"<rss version=\"2.0\">", b"<channel>", b"<item>", b"</item>",
    b"<title>", b"</title>", b"<description>", b"</description>", b"<![CDATA[", b"]]>",
    b"<content:encoded>", b"<pubDate>", b"<guid>", b"<!--", b"-->", b"<!x", b"&nbsp;",
    b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", b"<entry>", b"</entry>",
    b"<content type=\"xhtml\">", b"<link href=\"x\"/>", b"<p>", b"<br>", b"<script>",
    b"\"version\": \"https://jsonfeed.org/version/1.1\"", b"\"items\": [", b"\"content_html\":",
    // Press exports: Factiva, Nexis
    b"<ppsarticle><article>", b"</article>", b"<accessionNo>", b"<leadParagraph>",
    b"<div class=\"article enArticle\">", b"<td class=\"index\"><b>HD</b>&nbsp;</td>",
    b"<tr>", b"<DOCFULL> -->", b"</DOCFULL>", b"1 of 2 DOCUMENTS\n", b"LENGTH: 3 words\n",
    b"LOAD-DATE: ", b"29 d\xc3\xa9cembre 2011",
    // News-agency XML: NITF, NewsML-G2, RCV1
    b"<nitf>", b"</nitf>", b"<!DOCTYPE nitf SYSTEM \"nitf-3-3.dtd\">\n", b"<hl1>", b"<body.content>",
    b"<block class=\"full_text\">", b"<p>LEAD: ", b"<doc-id id-string=\"1\"/>",
    b"<pubdata date.publication=\"20070201T000000\"/>",
    b"<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\">", b"</newsItem>",
    b"<inlineXML contenttype=\"application/nitf+xml\">", b"<itemClass qcode=\"ninat:picture\"/>",
    b"<newsitem itemid=\"1\" date=\"1996-08-20\">", b"</newsitem>",
    b"<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n", b"<code code=\"USA\"/>",
    // Mail
    b"From ", b"\nFrom a@b Fri Feb 12 10:00:00 2016\n", b">From ", b"From: a@b\n", b"Subject: ",
    b"Subject: Re: x\n", b"Date: ", b"Date: Fri, 12 Feb 2016 10:00:00 GMT\n",
    b"Message-ID: <a@b>\n", b"Newsgroups: sci.space\n", b"\n\t", b"\n ", b"=?utf-8?b?",
    b"=?UTF-8?B?w6k=?=", b"=?iso-8859-1?q?caf=E9?=", b"=?", b"?=", b"=?x?q?",
    // Layout
    b"TT\n20\n", b"\nTT\n", b"TT", b"20", b"\n16\n", b"(Photo by X / AFP)", b"(", b")",
    // Datelines, dates, places
    b"WASHINGTON (Reuters) - ", b"BEIRUT \xE2\x80\x94 ", b"Baghdad - Asharq Al-Awsat",
    b"SALVADOR, Feb 26 - ", b"on Wednesday", b"Feb. 12, 2016", b"6 July 2025", b"1987-02-30",
    b"2016-02-12", b"99999999999", b"1700000000000", b"29-FEB-1987", b"Reuter\n", b"Ramadi",
    b"Peking",
    // Line ends, blanks, awkward bytes
    b"\n", b"\n\n", b"\n\n\n\n\n\n\n\n\n\n", b"\r", b"\r\n", b"\t", b" ", b"\0", b"\xEF\xBB\xBF",
    b"\xFF", b"\xFE", b"\xC3", b"\xED\xA0\x80", b"\xE2\x80", b"\xF4\x90\x80\x80", b"\x80\x81\x9D",
    b"\xE2\x80\xAE", b"\xCC\x81", b"\xF0\x9F\x98\x80", b"\xC4\xB0",
];

/// A span length, mostly short.
fn span(rng: &mut Rng, max: usize) -> usize {
    let bits = rng.below(14) as u32;
    rng.below((1usize << bits).min(max) + 1)
}

/// One random edit of `data`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let len = data.len();
    let at = rng.below(len + 1);
    match rng.below(11) {
        0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
        1 if len > 0 => data[at.min(len - 1)] = rng.next() as u8,
        2 => data.truncate(at),
        3 => {
            let end = (at + span(rng, len)).min(len);
            data.drain(at..end);
        }
        4 => {
            let end = (at + span(rng, len)).min(len);
            let copy = data[at..end].to_vec();
            let to = rng.below(len + 1);
            data.splice(to..to, copy);
        }
        5..=7 => {
            // A token, often at a line start, where formats look for them.
            let token = *rng.pick(TOKENS);
            let to = if rng.chance(50) {
                data[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(len, |i| at + i + 1)
            } else {
                at
            };
            data.splice(to..to, token.iter().copied());
        }
        8 => {
            let end = (at + span(rng, len)).min(len);
            let noise: Vec<u8> = (0..span(rng, 256)).map(|_| rng.next() as u8).collect();
            data.splice(at..end, noise);
        }
        9 => {
            // A flood: one token many times over.
            let token = *rng.pick(TOKENS);
            let times = span(rng, 2000);
            data.splice(at..at, token.repeat(times));
        }
        _ => {
            // Two lines swapped.
            let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
            if lines.len() > 2 {
                let mut lines: Vec<Vec<u8>> = lines.into_iter().map(<[u8]>::to_vec).collect();
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
                *data = lines.join(&b'\n');
            }
        }
    }
}

/// A random sequence of tokens, words and bytes.
fn soup(rng: &mut Rng) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "Oil", "prices", "rose", "in", "Tokyo", "the", "Ramadi", "curfew", "said", "on", "Reuters",
        "BEIRUT", "cocoa", "Bahia", ".", ",",
    ];
    let mut out = Vec::new();
    for _ in 0..rng.below(300) {
        match rng.below(4) {
            0 | 1 => out.extend_from_slice(rng.pick::<&[u8]>(TOKENS)),
            2 => {
                out.extend_from_slice(rng.pick(WORDS).as_bytes());
                out.push(b' ');
            }
            _ => out.push(rng.next() as u8),
        }
    }
    out
}

/// A window of a sample: big samples are cut to at most 64 KB.
fn sample_window(rng: &mut Rng) -> Vec<u8> {
    let (_, bytes) = rng.pick(samples());
    const WINDOW: usize = 64 << 10;
    if bytes.len() <= WINDOW || rng.chance(10) && bytes.len() <= 4 * WINDOW {
        return bytes.clone();
    }
    let start = if rng.chance(50) {
        0
    } else {
        rng.below(bytes.len() - WINDOW)
    };
    bytes[start..start + WINDOW].to_vec()
}

/// A transport the reader must undo: compression (maybe damaged), UTF-16
/// with a byte-order mark, old Mac line ends, a UTF-8 BOM, Windows-1252.
fn wrap(rng: &mut Rng, data: Vec<u8>) -> Vec<u8> {
    let compressed = match rng.below(100) {
        0..=64 => return data,
        65..=69 => {
            // gzip, sometimes in two members.
            let cut = if rng.chance(30) {
                rng.below(data.len() + 1)
            } else {
                data.len()
            };
            let mut out = gzip(&data[..cut]);
            if cut < data.len() {
                out.extend(gzip(&data[cut..]));
            }
            out
        }
        70..=73 => zstd::encode_all(&data[..], 1).unwrap(),
        74..=77 => {
            let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
            enc.write_all(&data).unwrap();
            enc.finish().unwrap()
        }
        78..=81 => {
            let mut enc = xz2::write::XzEncoder::new(Vec::new(), 1);
            enc.write_all(&data).unwrap();
            enc.finish().unwrap()
        }
        82..=87 => {
            let text = String::from_utf8_lossy(&data);
            let big_endian = rng.chance(50);
            let mut out = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                let bytes = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                out.extend_from_slice(&bytes);
            }
            if rng.chance(30) {
                // A lone surrogate, an odd byte count.
                let at = 2 + rng.below(out.len() - 1) / 2 * 2;
                out.splice(at..at, [0xD8, 0x00]);
                if rng.chance(50) {
                    out.pop();
                }
            }
            return out;
        }
        88..=91 => {
            return data
                .into_iter()
                .filter(|&b| b != b'\r')
                .map(|b| if b == b'\n' { b'\r' } else { b })
                .collect()
        }
        92..=94 => return [&b"\xEF\xBB\xBF"[..], &data].concat(),
        _ => {
            let text = String::from_utf8_lossy(&data);
            return encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
        }
    };
    let mut out = compressed;
    if rng.chance(40) && out.len() > 8 {
        // Damage the archive: cut it, or flip bytes after its magic.
        if rng.chance(50) {
            out.truncate(rng.between(6, out.len()));
        } else {
            for _ in 0..rng.between(1, 4) {
                let at = rng.between(6, out.len() - 1);
                out[at] ^= 1 << rng.below(8);
            }
        }
    }
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// One dump to read, and `--map` pairs to read it with as JSON.
struct DumpCase {
    bytes: Vec<u8>,
    map: Vec<(String, String)>,
    /// Read it as sniffed and as this format only, not as every format.
    only: Option<Format>,
}

fn make_dump(rng: &mut Rng) -> DumpCase {
    let mut data = match rng.below(100) {
        0..=79 => sample_window(rng),
        80..=94 => soup(rng),
        _ => {
            // Two samples spliced: one format running into another.
            let a = sample_window(rng);
            let b = sample_window(rng);
            let (i, j) = (rng.below(a.len() + 1), rng.below(b.len() + 1));
            [&a[..i], &b[j..]].concat()
        }
    };
    for _ in 0..rng.between(1, 8) {
        mutate(rng, &mut data);
    }
    if rng.chance(1) {
        // A line longer than the reader's cap.
        let token = *rng.pick(&[&b"x"[..], b"{\"title\":\"", b"<REUTERS>", b"word "]);
        let times = (MAX_LINE_BYTES + rng.below(64 << 10)) / token.len();
        let at = rng.below(data.len() + 1);
        data.splice(at..at, token.repeat(times));
    }
    let data = wrap(rng, data);
    #[rustfmt::skip]
    const KEYS: &[&str] = &[
        "text", "title", "a.b", "a.0.b", ".", "..", "a.", ".a", "0", "a.99999999999999999999",
        "body.0", "images.0.caption", "", "é.ü",
        ];
    const FIELDS: &[&str] = &["id", "headline", "date", "location", "body"];
    let map = (0..rng.below(3))
        .map(|_| (rng.pick(FIELDS).to_string(), rng.pick(KEYS).to_string()))
        .collect();
    DumpCase {
        bytes: data,
        map,
        only: None,
    }
}

// ---------------------------------------------------------------------------
// Checks

fn one_line(what: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what}: empty message");
    assert!(
        !text.contains(['\n', '\r']),
        "{what} of several lines: {text:?}"
    );
}

/// Reads every line of the file at `path` as the parsers do.
fn check_lines(path: &Path) {
    let mut lines = match read::open(path) {
        Ok(lines) => lines,
        Err(err) => return one_line("read error", &err.to_string()),
    };
    let mut number = 0;
    let mut last_offset = None;
    loop {
        match lines.next_line() {
            Ok(Some(line)) => {
                number += 1;
                assert_eq!(line.number, number, "line numbers");
                assert!(
                    last_offset.is_none_or(|o| line.offset > o),
                    "line {number}: offset {} after {last_offset:?}",
                    line.offset
                );
                last_offset = Some(line.offset);
                assert!(
                    !line.text.contains('\n'),
                    "line {number} holds a line break"
                );
                assert!(
                    line.text.len() <= 3 * MAX_LINE_BYTES,
                    "line {number}: {} bytes",
                    line.text.len()
                );
            }
            Ok(None) => break,
            Err(err) => {
                one_line("read error", &err.to_string());
                break;
            }
        }
    }
}

/// What every article must be, whatever it was read from.
fn check_article(a: &Article, format: Format, ordinal: u64) {
    assert_eq!(a.format, format.name());
    assert_eq!(a.ordinal, ordinal);
    assert!(!a.id.is_empty(), "empty id");
    assert!(a.line >= 1, "line {}", a.line);
    let fields = [
        ("headline", Some(&a.headline)),
        ("body", Some(&a.body)),
        ("caption", a.caption.as_ref()),
        ("credit", a.credit.as_ref()),
        ("dateline", a.dateline.as_ref()),
        ("location", a.location.as_ref()),
        ("country", a.country.as_ref()),
    ];
    for (name, value) in fields {
        let len = value.map_or(0, String::len);
        assert!(len <= FIELD_CAP, "{name}: {len} bytes");
    }
    assert!(a.id.len() <= FIELD_CAP, "id: {} bytes", a.id.len());
    assert!(a.places.iter().map(String::len).sum::<usize>() <= FIELD_CAP);
}

/// Reads the dump at `path` as every format and as sniffed; returns the
/// articles read, per format, for the caller's own checks.
fn check_dump(path: &Path, case: &DumpCase) -> Vec<(Format, Vec<Article>)> {
    std::fs::write(path, &case.bytes).unwrap();
    check_lines(path);
    let found = Found {
        path: path.to_path_buf(),
        key: path.display().to_string(),
        size: case.bytes.len() as u64,
        mtime_ns: 0,
    };
    let mut runs = vec![Options::default()];
    let formats = match case.only {
        Some(format) => vec![format],
        None => Format::ALL.to_vec(),
    };
    runs.extend(formats.into_iter().map(|format| Options {
        format: Some(format),
        map: Vec::new(),
        ..Options::default()
    }));
    if !case.map.is_empty() && case.only.is_none_or(|f| f == Format::Json) {
        runs.push(Options {
            format: Some(Format::Json),
            map: case.map.clone(),
            ..Options::default()
        });
    }
    let mut out = Vec::new();
    for options in runs {
        let dump = match dump::open(path, &options) {
            Ok(dump) => dump,
            Err(err) => {
                one_line("file error", &err.to_string());
                continue;
            }
        };
        let format = dump.format;
        let mut articles = Vec::new();
        let report = dump
            .read(&found, &options, |a| {
                check_article(&a, format, articles.len() as u64);
                articles.push(a);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{format}: reading failed: {e:#}"));
        assert_eq!(report.articles, articles.len() as u64);
        for warning in &report.warnings {
            one_line("warning", warning);
        }
        out.push((format, articles));
    }
    out
}

// ---------------------------------------------------------------------------
// Format targets

/// Every parser, the sniffer and the reader on mutated samples and soups.
#[test]
fn fuzz_formats() {
    let env = TestEnv::new();
    let path = env.path("dump");
    fuzz(
        "fuzz_formats",
        400,
        make_dump,
        |case| {
            check_dump(&path, case);
        },
        |case| case.bytes.clone(),
    );
}

/// Pieces of WARC and ARC syntax, of the HTTP heads inside, and of the
/// codings a payload comes in.
#[rustfmt::skip]
const WARC_TOKENS: &[&[u8]] = &[
    b"WARC/1.0\r\n", b"WARC/1.1\r\n", b"WARC/1.", b"WARC-Type: response\r\n",
    b"WARC-Type: resource\r\n", b"WARC-Type: request\r\n", b"WARC-Type: conversion\r\n",
    b"Content-Length: ", b"Content-Length: 0\r\n", b"Content-Length: 99999999999\r\n",
    b"Content-Length: -1\r\n", b"Content-Length: 18446744073709551616\r\n", b"\r\n\r\n",
    b"WARC-Target-URI: <http://a.test/>\r\n", b"WARC-Date: 2024-05-01T10:00:00Z\r\n",
    b"HTTP/1.1 200 OK\r\n", b"HTTP/2 404\r\n", b"HTTP/1.0 302 Found\r\n",
    b"Transfer-Encoding: chunked\r\n", b"Content-Encoding: gzip\r\n",
    b"Content-Encoding: br\r\n", b"Content-Encoding: deflate\r\n",
    b"Content-Encoding: gzip, br\r\n", b"Content-Type: text/html; charset=shift_jis\r\n",
    b"Content-Type: application/http; msgtype=response\r\n", b"ffffffffffffffff\r\n",
    b"0\r\n\r\n", b"<meta charset=\"gb18030\">", b"<meta charset=\"utf-16\">", b"filedesc://",
    b"\nhttp://a.test/ 1.2.3.4 20140216050221 text/html 10\n", b"\x1f\x8b\x08", b"\0",
];

/// The WARC samples (under a `warc/` folder), decompressed.
fn warc_samples() -> &'static [Vec<u8>] {
    static WARCS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    WARCS.get_or_init(|| {
        let warcs: Vec<Vec<u8>> = samples()
            .iter()
            .filter(|(name, _)| name.contains("warc/"))
            .map(|(_, bytes)| {
                let mut out = Vec::new();
                flate2::read::MultiGzDecoder::new(&bytes[..])
                    .read_to_end(&mut out)
                    .unwrap();
                out
            })
            .collect();
        assert!(!warcs.is_empty());
        warcs
    })
}

/// A WARC sample, mutated (its tokens among the edits), then written as
/// it is or as one gzip member per record, a member maybe damaged.
fn make_warc(rng: &mut Rng) -> DumpCase {
    let mut data = rng.pick(warc_samples()).clone();
    for _ in 0..rng.between(1, 8) {
        if rng.chance(50) {
            mutate(rng, &mut data);
        } else {
            let at = rng.below(data.len() + 1);
            data.splice(at..at, rng.pick(WARC_TOKENS).iter().copied());
        }
    }
    let bytes = if rng.chance(40) {
        data
    } else {
        let starts: Vec<usize> = (0..data.len())
            .filter(|&i| i == 0 || data[i..].starts_with(b"WARC/1."))
            .chain([data.len()])
            .collect();
        let mut members: Vec<Vec<u8>> =
            starts.windows(2).map(|w| gzip(&data[w[0]..w[1]])).collect();
        if rng.chance(40) && !members.is_empty() {
            let n = rng.below(members.len());
            let member = &mut members[n];
            if rng.chance(50) {
                member.truncate(rng.below(member.len()));
            } else {
                let at = rng.below(member.len());
                member[at] ^= 1 << rng.below(8);
            }
        }
        members.concat()
    };
    DumpCase {
        bytes,
        map: Vec::new(),
        only: Some(Format::Warc),
    }
}

/// The WARC reader on mutated archives, plain and gzip'd a record a member.
#[test]
fn fuzz_warc() {
    let env = TestEnv::new();
    let path = env.path("dump.warc.gz");
    fuzz(
        "fuzz_warc",
        200,
        make_warc,
        |case| {
            check_dump(&path, case);
        },
        |case| case.bytes.clone(),
    );
}

/// Pieces of XML that break an item: unclosed comments and sections,
/// stray declarations, references, other items' tags.
#[rustfmt::skip]
const XML_BREAKERS: &[&str] = &[
    "<!--", "<!", "<![CDATA[", "]]>", "<?", "&", "&#", "&#xD800;", "&#99999999;", "&eacute;",
    "<", ">", "\"", "</p>", "</body.content>", "<p>", "<a:", "</x>", "<nitf>", "</nitf>",
    "<newsItem guid=\"inner\">", "</newsItem>", "<newsitem itemid=\"inner\">", "</newsitem>",
    "\u{fc}", "\n", "\n\n", "<!DOCTYPE x>", "<hl1>", "<headline>",
];

/// A dump of several items of one XML format, one of them damaged inside
/// its text: (the dump, its format, the ids of the undamaged items).
fn make_xml_items(rng: &mut Rng) -> (DumpCase, Vec<String>) {
    let format = *rng.pick(&[Format::Nitf, Format::Newsml, Format::Rcv1]);
    let count = rng.between(2, 8);
    let damaged = rng.below(count);
    let one_line = rng.chance(30);
    let mut text = match format {
        Format::Newsml => {
            "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><itemSet>\n".to_string()
        }
        Format::Rcv1 => "<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n".to_string(),
        _ => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".to_string(),
    };
    let mut kept = Vec::new();
    for n in 0..count {
        let id = format!("item{n}");
        let mut story = format!("Text of {id}, in two sentences. The second one.");
        if n == damaged {
            for _ in 0..rng.between(1, 4) {
                let mut at = rng.below(story.len() + 1);
                while !story.is_char_boundary(at) {
                    at -= 1;
                }
                let breaker = *rng.pick(XML_BREAKERS);
                story.insert_str(at, breaker);
            }
        } else {
            kept.push(id.clone());
        }
        let item = match format {
            Format::Nitf => format!(
                "<nitf>\n<head>\n<docdata><doc-id id-string=\"{id}\"/></docdata>\n</head>\n\
                 <body>\n<body.head><hedline><hl1>Story {id}</hl1></hedline></body.head>\n\
                 <body.content><block class=\"full_text\"><p>{story}</p></block></body.content>\n\
                 </body>\n</nitf>\n"
            ),
            Format::Newsml => format!(
                "<newsItem guid=\"{id}\">\n<contentMeta><headline>Story {id}</headline></contentMeta>\n\
                 <contentSet><inlineXML contenttype=\"application/nitf+xml\"><nitf><body>\n\
                 <body.content><p>{story}</p></body.content></body></nitf></inlineXML></contentSet>\n\
                 </newsItem>\n"
            ),
            _ => format!(
                "<newsitem itemid=\"{id}\" date=\"1996-08-20\">\n<headline>Story {id}</headline>\n\
                 <text>\n<p>{story}</p>\n</text>\n</newsitem>\n"
            ),
        };
        text.push_str(&if one_line {
            item.replace('\n', " ")
        } else {
            item
        });
    }
    if format == Format::Newsml {
        text.push_str("</itemSet></newsMessage>\n");
    }
    let mut bytes = text.into_bytes();
    if format == Format::Rcv1 {
        // As the corpus writes it: ISO-8859-1.
        let latin1: Vec<u8> = String::from_utf8_lossy(&bytes)
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        bytes = latin1;
    }
    let case = DumpCase {
        bytes,
        map: Vec::new(),
        only: Some(format),
    };
    (case, kept)
}

/// The XML formats (NITF, NewsML-G2, RCV1) on dumps of several items, one
/// damaged: every other item is read whole, in order, however the damage
/// breaks its own.
#[test]
fn fuzz_xml_items() {
    let env = TestEnv::new();
    let path = env.path("items.xml");
    fuzz(
        "fuzz_xml_items",
        300,
        make_xml_items,
        |(case, kept)| {
            let format = case.only.unwrap();
            for (read_as, articles) in check_dump(&path, case) {
                assert_eq!(read_as, format, "sniffed as another format");
                let ids: Vec<&str> = articles
                    .iter()
                    .map(|a| a.id.as_str())
                    .filter(|id| id.starts_with("item"))
                    .collect();
                let whole: Vec<&str> = ids
                    .iter()
                    .copied()
                    .filter(|id| kept.iter().any(|k| k == id))
                    .collect();
                assert_eq!(whole, *kept, "undamaged items lost: {ids:?}");
                for a in articles.iter().filter(|a| kept.contains(&a.id)) {
                    assert_eq!(a.headline, format!("Story {}", a.id));
                    assert_eq!(
                        a.body,
                        format!("Text of {}, in two sentences. The second one.", a.id)
                    );
                }
            }
        },
        |(case, _)| case.bytes.clone(),
    );
}

/// Field extraction on records whose every part is random: stated dates,
/// datelines, places, captions, paths.
#[test]
fn fuzz_extract() {
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "WASHINGTON (Reuters) - ", "BEIRUT \u{2014} ", "Baghdad - Asharq Al-Awsat",
        "SALVADOR, Feb 26 - ", "PEKING, March 3 -", "on Wednesday", "Sunday", "Feb. 12, 2016",
        "6 July 2025", "31 Feb 2016", "1987-02-30", "2016-02-12", "(AFP)", "(", ")", " - ", ", ",
        "Ramadi", "Iraq", "Tokyo", "Georgia", "New York", "São Paulo", "İstanbul", "\u{0}",
        "\u{feff}", "\u{202e}", "e\u{301}", "日本", "\n", "\n\n", " ", "\t", "A", "-",
        ];
    #[rustfmt::skip]
    const DATES: &[&str] = &[
        "26-FEB-1987 15:01:01.79", "2016-02-12T10:00:00Z", "Fri, 12 Feb 2016 10:00:00 GMT",
        "5 Apr 93 19:33:12 GMT", "Feb 12, 2016", "1455271200", "1455271200000", "999999999",
        "9999999999999", "-1455271200", "0000-00-00", "2199-12-31", "1800-01-01", "1799-12-31",
        "2016-2-30", "99-FOO-99", "31 Feb 16", "", " ",
        ];
    fn text(rng: &mut Rng, max: usize) -> String {
        let mut out = String::new();
        for _ in 0..rng.below(max) {
            if rng.chance(80) {
                out.push_str(rng.pick::<&str>(PIECES));
            } else {
                out.push(char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'));
            }
        }
        out
    }
    fn maybe(rng: &mut Rng, pick: impl FnOnce(&mut Rng) -> String) -> Option<String> {
        rng.chance(50).then(|| pick(rng))
    }
    struct Case {
        raw: RawRecord,
        path: String,
        format: Format,
    }
    fuzz(
        "fuzz_extract",
        2000,
        |rng| {
            let date = |rng: &mut Rng| {
                if rng.chance(70) {
                    let mut d = rng.pick(DATES).to_string();
                    if rng.chance(30) && !d.is_empty() {
                        let at = rng.below(d.len());
                        if d.is_char_boundary(at) {
                            d.insert(at, char::from(b'0' + rng.below(10) as u8));
                        }
                    }
                    d
                } else {
                    text(rng, 6)
                }
            };
            let raw = RawRecord {
                headline: text(rng, 8),
                captions: (0..rng.below(4)).map(|_| text(rng, 8)).collect(),
                paragraphs: (0..rng.below(5)).map(|_| text(rng, 20)).collect(),
                line: 1 + rng.next() % 1000,
                offset: rng.next(),
                stated: Stated {
                    id: maybe(rng, |r| text(r, 3)),
                    date: maybe(rng, date),
                    dateline: maybe(rng, |r| text(r, 6)),
                    place: maybe(rng, |r| text(r, 3)),
                    places: (0..rng.below(3)).map(|_| text(rng, 2)).collect(),
                    ..Stated::default()
                },
            };
            let path = match rng.below(4) {
                0 => format!("news/{}/x.txt", rng.pick(DATES)),
                1 => format!(
                    "{}{:02}{:02}_x.txt",
                    rng.between(1790, 2210),
                    rng.below(14),
                    rng.below(33)
                ),
                2 => text(rng, 4),
                _ => "dump.txt".to_string(),
            };
            Case {
                raw,
                path,
                format: *rng.pick(Format::ALL),
            }
        },
        |case| {
            let origin = Origin {
                path: &case.path,
                walked: &case.path,
                format: case.format,
                ordinal: 7,
            };
            let article = extract::article(case.raw.clone(), &origin);
            check_article(&article, case.format, 7);
            if let Some(date) = article.date {
                assert!((1800..2200).contains(&date.year), "{date}");
                assert_eq!(Date::parse_iso(&date.to_string()), Some(date));
            }
        },
        |case| format!("{:#?}\npath: {:?}\n", case.raw, case.path).into_bytes(),
    );
}

/// A handful of mutated dumps through the real binary: `newsdex parse`
/// must print JSON lines and exit 0 or 1, whatever the files hold.
#[test]
fn fuzz_parse_command() {
    let env = TestEnv::new();
    let dumps = env.path("dumps");
    std::fs::create_dir(&dumps).unwrap();
    fuzz(
        "fuzz_parse_command",
        12,
        make_dump,
        |case| {
            let n = std::fs::read_dir(&dumps).unwrap().count();
            std::fs::write(dumps.join(format!("dump-{n:03}")), &case.bytes).unwrap();
        },
        |case| case.bytes.clone(),
    );
    for args in [&[][..], &["--format", "json", "--map", "body=a.0.b"][..]] {
        let run = env.run(&[&["parse"], args, &["dumps"]].concat());
        assert!(matches!(run.code, 0 | 1), "{args:?}: {}", run.stderr);
        for article in run.json() {
            assert!(article["id"].is_string(), "{article}");
        }
    }
}

// ---------------------------------------------------------------------------
// Blow-up inputs: bounded fields, not measured memory

/// Reads `bytes` as every format and as sniffed; every field must stay
/// under `cap` bytes. Returns the articles per format.
fn read_all(
    name: &str,
    bytes: &[u8],
    only: Option<Format>,
    cap: usize,
) -> Vec<(Format, Vec<Article>)> {
    let env = TestEnv::new();
    let case = DumpCase {
        bytes: bytes.to_vec(),
        map: vec![("body".into(), "a.b".into())],
        only,
    };
    let runs = check_dump(&env.path(name), &case);
    for (format, articles) in &runs {
        for a in articles {
            let longest = [a.headline.len(), a.body.len()]
                .into_iter()
                .chain(a.caption.as_ref().map(String::len))
                .max()
                .unwrap_or(0);
            assert!(
                longest <= cap,
                "{name} as {format}: a field of {longest} bytes"
            );
        }
    }
    runs
}

/// A zip or a tar (plain or gzip-compressed, before or after the damage)
/// of one to four samples (whole, or the first bytes of one), then
/// damaged by zero to six edits.
fn make_bundle(rng: &mut Rng) -> Vec<u8> {
    let members: Vec<(String, Vec<u8>)> = (0..rng.between(1, 4))
        .map(|i| {
            let (name, bytes) = rng.pick(samples());
            let mut bytes = bytes.clone();
            if rng.chance(20) {
                bytes.truncate(rng.below(bytes.len() + 1));
            }
            (format!("{i}/{name}"), bytes)
        })
        .collect();
    let zip = rng.chance(50);
    let mut data = if zip {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in &members {
            let method = if rng.chance(50) {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            writer.start_file(name.as_str(), options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    } else {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, bytes) in &members {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            builder.append_data(&mut header, name, &bytes[..]).unwrap();
        }
        builder.into_inner().unwrap()
    };
    let gzipped = !zip && rng.chance(50);
    if gzipped && rng.chance(50) {
        data = gzip(&data);
    }
    for _ in 0..rng.below(7) {
        mutate(rng, &mut data);
    }
    if gzipped && !data.starts_with(b"\x1f\x8b") {
        data = gzip(&data);
    }
    data
}

/// The bundle reader on damaged zips and tars: every member through the
/// sniffer and its parser; no panic (the archive crates' thread's
/// included), no hang, warnings of one line naming the bundle, articles
/// named inside it.
#[test]
fn fuzz_bundles() {
    let env = TestEnv::new();
    let path = env.path("bundle");
    let found = Found {
        key: path.display().to_string(),
        path: path.clone(),
        size: 0,
        mtime_ns: 0,
    };
    fuzz(
        "fuzz_bundles",
        150,
        make_bundle,
        |bytes| {
            std::fs::write(&path, bytes).unwrap();
            let options = Options::default();
            let opened = match dump::open_file(&path, &options) {
                Ok(opened) => opened,
                Err(err) => return one_line("file error", &err.to_string()),
            };
            let mut ordinals: std::collections::HashMap<String, u64> = Default::default();
            let mut articles = 0;
            // Damaged magic bytes make a bundle a plain file, read as a dump.
            let is_bundle = matches!(opened, dump::Opened::Bundle(_));
            let report = opened
                .read(&found, &options, |a| {
                    assert!(
                        !is_bundle || a.path.starts_with(&format!("{}/", found.key)),
                        "{} is not a member",
                        a.path
                    );
                    let ordinal = ordinals.entry(a.path.clone()).or_default();
                    let format = Format::ALL
                        .iter()
                        .copied()
                        .find(|f| f.name() == a.format)
                        .unwrap();
                    check_article(&a, format, *ordinal);
                    *ordinal += 1;
                    articles += 1;
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("reading failed: {e:#}"));
            assert_eq!(report.articles, articles);
            for warning in &report.warnings {
                one_line("warning", warning);
                assert!(warning.starts_with(&found.key), "{warning}");
                assert!(
                    !warning.contains("its reader failed"),
                    "an archive crate panicked: {warning}"
                );
            }
            for skipped in &report.skipped_members {
                one_line("skipped", &skipped.to_string());
            }
        },
        |bytes| bytes.clone(),
    );
}

/// One 50 MB line, as text (read as every format), as a JSON string and as
/// repeated tags: the reader cuts it at `MAX_LINE_BYTES` and no field
/// outgrows that (the line, and the few bytes before it).
#[test]
fn fuzz_fifty_megabyte_line() {
    const FIFTY_MB: usize = 50 << 20;
    // (name, head, unit repeated to 50 MB, the one format besides sniffing)
    type Shape = (&'static str, &'static [u8], &'static [u8], Option<Format>);
    let shapes: [Shape; 3] = [
        ("words", b"Headline\n\n", b"word ", None),
        (
            "json",
            b"{\"title\": \"T\", \"text\": \"",
            b"a",
            Some(Format::Json),
        ),
        ("tags", b"", b"<REUTERS><TEXT><BODY>", Some(Format::Reuters)),
    ];
    for (name, head, unit, only) in shapes {
        let mut bytes = head.to_vec();
        bytes.extend(unit.repeat(FIFTY_MB / unit.len()));
        read_all(name, &bytes, only, MAX_LINE_BYTES + 64);
    }
}

/// Floods: runs of blank lines (LF, CRLF, CR), of open tags, of widgets,
/// of mbox postmarks, of folded header lines, of brackets, each a few MB
/// (`NEWSDEX_FUZZ_FLOOD=N` makes them N times longer). Each is read as every
/// format: fields stay bounded and a run of nothing makes no articles.
#[test]
fn fuzz_floods() {
    let scale = std::env::var("NEWSDEX_FUZZ_FLOOD")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1);
    let article: &[u8] = b"Headline\n\nTT\n20\n\nHeadline\n\nThe story, said Reuters.\n";
    // (name, head, unit repeated to FLOOD_BYTES, tail)
    const FLOOD_BYTES: usize = 128 << 10;
    type Flood = (&'static str, &'static [u8], &'static [u8], &'static [u8]);
    #[rustfmt::skip]
    let floods: &[Flood] = &[
        ("blank-lf", b"", b"\n", article),
        ("blank-crlf", b"", b"\r\n", article),
        ("blank-cr", b"Headline\r\rA story.\r", b"\r", b""),
        ("blank-spaces", b"Headline\n\nA story.\n", b" \t \n", b""),
        ("reuters-open", b"", b"<REUTERS>\n", b""),
        ("reuters-open-one-line", b"", b"<REUTERS><TEXT><TITLE>", b""),
        ("reuters-body", b"<REUTERS>\n<TEXT><BODY>", b"x\n", b""),
        ("reuters-unclosed-d", b"<REUTERS>\n<PLACES>", b"<D>x", b"</PLACES>\n</REUTERS>\n"),
        ("reuters-references", b"<REUTERS>\n<TEXT><BODY>", b"&#", b"</BODY></TEXT></REUTERS>\n"),
        ("json-open", b"", b"{", b""),
        ("json-array-open", b"", b"[\n", b""),
        ("json-objects", b"", b"{\"title\":\"T\",\"text\":\"x\"}\n", b""),
        ("json-string", b"[{\"title\": \"T\", \"text\": \"", b"abc\\n\n", b""),
        ("json-keys", b"{", b"\"k\":1,", b"\"title\":\"T\"}\n"),
        ("json-nested", b"[{\"title\":\"T\",\"a\":", b"[", b"\n"),
        ("mbox-postmarks", b"", b"From a@b Fri Feb 12 10:00:00 2016\n\n", b""),
        ("mail-folded", b"From: a@b\nSubject: x\n", b" folded\n", b"\nbody\n"),
        ("mail-body", b"From: a@b\nSubject: x\n\n", b"line of the body\n", b""),
        ("mail-encoded-words", b"From: a@b\nSubject: ", b"=?x?q?", b"\n\nbody\n"),
        ("layout-widgets", b"Headline\n\n", b"TT\n20\n", b""),
        ("layout-heads", b"", b"Head\n\nTT\n20\n\nHead\n\nP.\n\n\n\n", b""),
        ("layout-captions", b"Head\n\n", b"Caption (AFP)\n", b"TT\n20\n\nHead\n\nP.\n"),
        ("plain-paragraphs", b"Headline\n\nThe story starts here.\n\n", b"More of it.\n\n", b""),
        ("feed-items", b"<rss><channel>", b"<item>", b""),
        ("feed-empty-items", b"<rss><channel>", b"<item></item>\n", b""),
        ("feed-open-html", b"<rss><channel><item><description>", b"<p>", b""),
        ("feed-cdata", b"<rss><channel><item><title>", b"<![CDATA[x", b""),
        ("feed-nesting", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", b"<entry><x>", b""),
        ("jsonfeed-items", b"{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [", b"{\"title\": \"T\"},\n", b"]}"),
        ("jsonfeed-open", b"{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [", b"[", b""),
        ("trec-open", b"", b"<DOC>\n", b""),
        ("trec-empty-docs", b"", b"<DOC><DOCNO>1</DOCNO></DOC>\n", b""),
        ("trec-one-line", b"", b"<DOC><DOCNO>1</DOCNO><TEXT>x</TEXT></DOC>", b"\n"),
        ("trec-inline-tags", b"<DOC>\n<DOCNO>1</DOCNO>\n<TEXT>\n", b"<T><F P=102>", b"\n</TEXT>\n</DOC>\n"),
        ("trec-stray-closes", b"<DOC>\n<DOCNO>1</DOCNO>\n<TEXT>\n", b"</F>x", b"\n</TEXT>\n</DOC>\n"),
        ("trec-comments", b"<DOC>\n<TEXT>\n", b"<!--", b"\n</TEXT>\n</DOC>\n"),
        ("trec-nested", b"<DOC>\n<DOCNO>1</DOCNO>\n", b"<TEXT><HEAD>", b"\n</DOC>\n"),
        ("trec-heads", b"<DOC>\n<DOCNO>1</DOCNO>\n", b"<HEAD></HEAD>", b"<TEXT>x</TEXT>\n</DOC>\n"),
        ("gigaword-docs", b"", b"<DOC id=\"A_1\" type=\"multi\" >\n<TEXT>\n<P>\n</P>\n</TEXT>\n</DOC>\n", b""),
        ("nitf-documents", b"", b"<nitf><body><body.content><p>x</p></body.content></body></nitf>\n", b""),
        ("nitf-empty-documents", b"<nitf>", b"<nitf></nitf>", b"\n"),
        ("nitf-nesting", b"<nitf><body><body.content>", b"<block><p>", b"\n"),
        ("nitf-comments", b"<nitf><head><title>T</title></head><body>", b"<!--", b"\n"),
        ("newsml-items", b"<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">", b"<newsItem guid=\"g\"><contentMeta><headline>H</headline></contentMeta></newsItem>\n", b""),
        ("newsml-pictures", b"<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">", b"<newsItem><itemMeta><itemClass qcode=\"ninat:picture\"/></itemMeta></newsItem>", b"\n"),
        ("rcv1-items", b"<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n", b"<newsitem itemid=\"1\"><text><p>x</p></text></newsitem>\n", b""),
        ("rcv1-empty-items", b"", b"<newsitem itemid=\"1\"></newsitem>", b"\n"),
        ("rcv1-references", b"<newsitem itemid=\"1\"><text><p>", b"&#233;&amp;&", b"</p></text></newsitem>\n"),
    ];
    let mut problems = Vec::new();
    for &(name, head, unit, tail) in floods {
        let bytes = [head, &unit.repeat(FLOOD_BYTES * scale / unit.len()), tail].concat();
        let started = std::time::Instant::now();
        let runs = read_all(name, &bytes, None, FIELD_CAP);
        eprintln!(
            "flood {name}: {} KB in {:.2} s",
            bytes.len() >> 10,
            started.elapsed().as_secs_f64()
        );
        for (format, articles) in runs {
            if format == Format::Reuters {
                // Every `<REUTERS>` record is an article by design, even an
                // empty one.
                continue;
            }
            let empty = articles
                .iter()
                .filter(|a| a.headline.trim().is_empty() && a.body.trim().is_empty())
                .count();
            if empty > 1 {
                problems.push(format!(
                    "{name} as {format}: {empty} articles with neither headline nor body"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Query front end

/// A small index of `corpus/` plus a dump of awkward Unicode, built once
/// (as `index/`, in the `TestEnv` beside it).
fn news() -> &'static (TestEnv, NewsIndex) {
    static NEWS: OnceLock<(TestEnv, NewsIndex)> = OnceLock::new();
    NEWS.get_or_init(|| {
            let env = TestEnv::with_corpus();
            let corpus = env.path("corpus");
            let odd = [
                ("İstanbul İİİ talks", "İSTANBUL - Talks in İstanbul. STRASSE straße ß ﬁre ﬃ.\n\nΣΑΣ σας ΣΑΣ. 日本語のテキスト。"),
                ("Emoji 😀 and marks", "e\u{301}\u{301}\u{301} caf\u{e9} \u{202e}reversed\u{202c} zero\u{200b}width 😀😀😀 oil"),
                ("Long word", &"a".repeat(5000)),
                ("", "Body only, no headline. Ramadi curfew oil."),
            ];
            let lines: String = odd
                .iter()
                .map(|(h, b)| format!("{}\n", serde_json::json!({"title": h, "text": b, "date": "2016-02-12", "location": "Ramadi"})))
                .collect();
            std::fs::write(corpus.join("odd.jsonl"), lines).unwrap();
            let index_dir = env.path("index");
            newsdex::commands::index::run(&IndexConfig::new(vec![corpus], index_dir.clone()))
                .unwrap();
            let news = NewsIndex::open(&index_dir).unwrap();
            (env, news)
        })
}

#[rustfmt::skip]
const QUERY_WORDS: &[&str] = &[
    "ramadi", "Ramadi", "curfew", "oil", "crude", "coffee", "cocoa", "bahia", "iraq", "beirut",
    "hezbollah", "qassem", "volcker", "yen", "tokyo", "the", "a", "and", "space", "profit",
    "warner", "x", "é", "İstanbul", "İ", "日本", "ΣΑΣ", "ﬁre", "e\u{301}", "😀", "\u{200b}",
    "\u{202e}", "\u{0}", "straße", "ß", "_", "9", "1987", "2016", "o'brien", "al-awsat", "U.S.",
];
#[rustfmt::skip]
const QUERY_FIELDS: &[&str] = &[
    "headline", "body", "caption", "location", "country", "places", "date", "id", "path",
    "format", "line", "offset", "ordinal", "credit", "dateline", "location_exact", "nosuch",
    "HEADLINE", "",
];
#[rustfmt::skip]
const QUERY_PIECES: &[&str] = &[
    "\"", "(", ")", ":", "*", "~", "~1", "~2", "~0", "~99999999999999999999", "^", "^2", "^0",
    "^-1", "^1e40", "^NaN", "^inf", "[", "]", "{", "}", " TO ", "TO", "date:2016", "date:1987-03",
    "date:1987-02-30", "date:[1987-03 TO 1987-04]", "date:[* TO 1987]", "date:{1987 TO *}",
    "date:>1987", "date:<=2016-02", "date:[2016 TO 1987]", "date:99999", "date:0000", "date:2199",
    "date:2199-12-31", "date:1800-01-01", "date:[1799 TO 2200]", "date:\"2016\"", "date:2016*",
    "date:2016~", "-", "+", " AND ", " OR ", " NOT ", "AND", "OR", "NOT", "&&", "||", "!", "\\",
    "'", " IN [", "\t", "\n", "\u{a0}", "\u{3000}", ",", ".", "/", "?", "#", "%", "@", "$", "=",
    "<", ">", "<=", ">=", " ", " ", " ",
];

/// A random query from the query language's pieces.
fn make_query(rng: &mut Rng) -> String {
    let word = |rng: &mut Rng| rng.pick(QUERY_WORDS).to_string();
    match rng.below(100) {
        0 => return word(rng).repeat(rng.between(1000, 5000)),
        1 => return format!("{} ", word(rng)).repeat(rng.between(200, 2000)),
        2 => return "(".repeat(rng.between(1, 20_000)) + "oil" + &")".repeat(rng.below(20_000)),
        3 => return "\"".repeat(rng.between(1, 3000)),
        4 => return "-oil ".repeat(rng.between(1, 2000)),
        5 => return format!("{}~", "q".repeat(rng.between(1, 3000))),
        6 => return "NOT ".repeat(rng.between(1, 3000)) + "oil",
        7 => {
            return (0..rng.below(200))
                .map(|_| char::from_u32(rng.below(0x11_0000) as u32).unwrap_or(' '))
                .collect()
        }
        8 | 9 => {
            // Near the deepest nesting read as written.
            let n = rng.between(24, 40);
            let open = rng.pick(&["(", "NOT ", "(NOT ", "-(", "+("]).repeat(n);
            return format!("{open}{}{}", word(rng), ")".repeat(rng.below(n + 1)));
        }
        _ => {}
    }
    let mut out = String::new();
    for _ in 0..rng.between(1, 12) {
        match rng.below(10) {
            0..=2 => out.push_str(&word(rng)),
            3 => out.push_str(&format!("{}:{}", rng.pick(QUERY_FIELDS), word(rng))),
            4 => out.push_str(&format!(
                "{}:\"{} {}\"",
                rng.pick(QUERY_FIELDS),
                word(rng),
                word(rng)
            )),
            5 => out.push_str(&format!(
                "\"{} {}\"{}",
                word(rng),
                word(rng),
                rng.pick(&["", "~2", "~", "*"])
            )),
            6 => out.push_str(&format!(
                "({} {} {})",
                word(rng),
                rng.pick(&["AND", "OR", "NOT", "&&", ""]),
                word(rng)
            )),
            7 => out.push_str(&format!(
                "{}{}",
                word(rng),
                rng.pick(&["*", "~", "~1", "~2", "^2", "^0.5"])
            )),
            _ => out.push_str(rng.pick::<&str>(QUERY_PIECES)),
        }
        out.push_str(rng.pick::<&str>(&[" ", " ", " ", "", "\t"]));
    }
    out
}

fn make_period(rng: &mut Rng) -> Option<(Date, Date)> {
    let text = match rng.below(4) {
        0 => format!("{}", rng.between(1800, 2199)),
        1 => format!(
            "{}-{:02}",
            rng.pick(&[1987, 2016, 1800, 2199]),
            rng.between(1, 12)
        ),
        _ => format!(
            "{}-{:02}-{:02}",
            rng.pick(&[1987, 2016, 2199, 1800]),
            rng.between(1, 12),
            rng.between(1, 31)
        ),
    };
    Date::parse_period(&text)
}

fn make_request(rng: &mut Rng) -> Request {
    let limit = match rng.below(10) {
        0..=6 => rng.between(1, 20),
        7 | 8 => rng.between(1, 200),
        _ => rng.between(1, 10_000),
    };
    let offset = match rng.below(10) {
        0..=6 => 0,
        7 | 8 => rng.below(50),
        _ => rng.below(1_000_001),
    };
    let location = rng.chance(20).then(|| {
        rng.pick(&[
            "Tokyo",
            "ramadi",
            "Iraq",
            "New York",
            "\"",
            "",
            "-",
            "İstanbul",
            "a:b",
            "(",
            "日本",
            " ",
            "*",
        ])
        .to_string()
    });
    Request {
        query: make_query(rng),
        limit,
        offset,
        from: rng
            .chance(20)
            .then(|| make_period(rng))
            .flatten()
            .map(|p| p.0),
        until: rng
            .chance(20)
            .then(|| make_period(rng))
            .flatten()
            .map(|p| p.1),
        // The author and section filters are the location's code with
        // other fields: the same odd names go through them.
        author: rng.chance(30).then(|| location.clone()).flatten(),
        section: rng.chance(30).then(|| location.clone()).flatten(),
        location,
        sort: *rng.pick(&[Sort::Relevance, Sort::Relevance, Sort::Date, Sort::Oldest]),
        facets: rng.chance(30),
        count_all: rng.chance(30),
        source: rng.chance(10).then(|| "reut2-000.sgm".to_string()),
    }
}

/// A highlight range must lie inside its text, on character boundaries.
fn check_ranges(text: &str, ranges: &[(usize, usize)]) {
    for &(start, end) in ranges {
        assert!(
            start < end && end <= text.len(),
            "range {start}..{end} of {text:?}"
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "range {start}..{end} splits a character of {text:?}"
        );
    }
}

fn check_search(request: &Request) {
    let news = &news().1;
    let results = match search::search(news, &news.searcher().unwrap(), request) {
        Ok(results) => results,
        Err(err) => return one_line("search error", &err.to_string()),
    };
    if let Some(notice) = &results.notice {
        one_line("notice", notice);
    }
    assert!(results.hits.len() <= request.limit);
    if let Some(last) = results.hits.last() {
        assert!(
            last.rank <= results.total_hits,
            "rank {} of {}",
            last.rank,
            results.total_hits
        );
    }
    for (i, hit) in results.hits.iter().enumerate() {
        assert_eq!(hit.rank, request.offset + i + 1);
        assert!(hit.snippet.fragments.len() <= 2);
        for fragment in &hit.snippet.fragments {
            assert!(!fragment.text.contains('\n'), "{:?}", fragment.text);
            check_ranges(&fragment.text, &fragment.highlights);
        }
        let joined = hit.snippet.joined();
        check_ranges(&joined.text, &joined.highlights);
        let date = hit.article.date;
        if request.sort != Sort::Relevance {
            assert!(date.is_some(), "undated hit in a date order");
        }
        if let (Some(from), Some(date)) = (request.from, date) {
            assert!(date >= from, "{date} before --from {from}");
        }
        if let (Some(until), Some(date)) = (request.until, date) {
            assert!(date < until, "{date} after --to {until}");
        }
    }
    let dates: Vec<Date> = results.hits.iter().filter_map(|h| h.article.date).collect();
    match request.sort {
        Sort::Date => assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}"),
        Sort::Oldest => assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}"),
        Sort::Relevance => {}
    }
    if let Some(facets) = &results.facets {
        assert!(facets.locations.len() <= 10);
        // A date order counts only the articles holding every keyword when
        // some do; the facets count every match.
        if request.sort == Sort::Relevance {
            let dated: u64 = facets.dates.iter().map(|d| d.1).sum();
            let located: u64 = facets.locations.iter().map(|d| d.1).sum();
            assert!(dated as usize <= results.total_hits, "{dated} dated");
            assert!(located as usize <= results.total_hits, "{located} located");
        }
    }
    let mut text = Printer::text(Vec::new(), true, Default::default());
    text.results(&request.query, &results, 1.0).unwrap();
    let mut json = Printer::json(Vec::new(), Default::default());
    json.results(&request.query, &results, 1.0).unwrap();
    for line in String::from_utf8(json.into_inner()).unwrap().lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(value["type"].is_string(), "{line}");
    }
}

fn describe(request: &Request) -> Vec<u8> {
    format!("{request:#?}\n").into_bytes()
}

/// Random queries and flags through the whole search path: query text ->
/// tantivy query -> hits with snippets and facets -> both printers.
#[test]
fn fuzz_search() {
    news();
    fuzz("fuzz_search", 300, make_request, check_search, describe);
}

/// A handful of random queries through the real binary: exit 0, 1 or 2,
/// and an error is one `newsdex: error:` line.
#[test]
fn fuzz_search_command() {
    let env = &news().0;
    fuzz(
        "fuzz_search_command",
        6,
        make_request,
        |request| {
            let mut args: Vec<String> = vec![
                "search".into(),
                "--json".into(),
                "--index".into(),
                "index".into(),
                "--limit".into(),
                request.limit.to_string(),
                "--offset".into(),
                request.offset.to_string(),
            ];
            if let Some(place) = &request.location {
                args.extend(["--location".into(), place.clone()]);
            }
            if request.facets {
                args.push("--facets".into());
            }
            args.push("--".into());
            args.push(request.query.replace('\0', " "));
            let run = env.run(&args);
            assert!(
                matches!(run.code, 0..=2),
                "exit {}: {}",
                run.code,
                run.stderr
            );
            if run.code == 2 {
                let errors = run
                    .stderr
                    .lines()
                    .filter(|l| l.starts_with("newsdex: error:"))
                    .count();
                assert_eq!(errors, 1, "{}", run.stderr);
            } else {
                run.summary();
            }
        },
        describe,
    );
}
