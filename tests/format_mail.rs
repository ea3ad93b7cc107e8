//! The mail format on real data: every post of 20 Newsgroups ("bydate",
//! `../shared/corpora/20newsgroups`, 18,846 posts) is sniffed as mail and
//! gives one record whose headline is the post's Subject header and whose
//! body is the post less its headers, both read here independently of the
//! parser; every tenth post also goes through the whole pipeline
//! (`dump::open`, `Dump::read`). And the sample posts and mbox in
//! `corpus/20newsgroups/` parse to exactly what
//! `tests/fixtures/mail/corpus-20newsgroups.expected.jsonl` holds.
//!
//! The whole corpus is checked at the format stage (what this format owns):
//! the extract stage costs about 0.8 ms an article in a debug build, which
//! would make this test five times slower for no more coverage.

use std::path::{Path, PathBuf};

use crate::util::{assert_pinned, parse_dump, pinned, shared};
use newsdex::article::Article;
use newsdex::formats::{self, Format, Options};
use newsdex::read;
use newsdex::walk::walk;
use serde_json::Value;

/// 20 Newsgroups "bydate": 11,314 train + 7,532 test posts.
const POSTS: usize = 18_846;

fn corpus() -> PathBuf {
    let root = shared("corpora/20newsgroups");
    assert!(
        root.join("20news-bydate-train").is_dir() && root.join("20news-bydate-test").is_dir(),
        "the 20 Newsgroups corpus is missing: expected it at {} (the shared/ folder beside the repository)",
        root.display()
    );
    root
}

/// A line as the reader decodes it: UTF-8, any stray byte as Windows-1252.
fn decode(mut bytes: &[u8]) -> String {
    let mut out = String::new();
    while !bytes.is_empty() {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                break;
            }
            Err(err) => {
                let (valid, rest) = bytes.split_at(err.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap());
                let bad = err.error_len().unwrap_or(rest.len());
                out.push_str(
                    &encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(&rest[..bad])
                        .0,
                );
                bytes = &rest[bad..];
            }
        }
    }
    out
}

fn is_header(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_graphic())
    })
}

/// What a post file holds, read without the parser: its header lines, its
/// Subject (folded lines joined by a space, less folded lines of bare
/// message ids, which are the remains of the References header the
/// "bydate" version dropped), its first From and Newsgroups values (folded
/// the same way) and its body paragraphs.
struct Post {
    headers: Vec<String>,
    subject: String,
    from: Option<String>,
    newsgroups: Option<String>,
    body: String,
}

fn read_post(path: &Path) -> Post {
    let bytes = std::fs::read(path).unwrap();
    let lines: Vec<String> = bytes
        .split(|&b| b == b'\n')
        .map(|l| decode(l.strip_suffix(b"\r").unwrap_or(l)))
        .collect();
    // The header block ends at the first empty line, or at a line of spaces
    // that no header line follows (else it is folded into the header above).
    let end = (0..lines.len())
        .find(|&i| {
            let spaces = lines[i].trim().is_empty();
            let header_next = lines.get(i + 1).is_some_and(|n| is_header(n));
            lines[i].is_empty() || (spaces && !header_next)
        })
        .unwrap_or(lines.len());
    let headers: Vec<String> = lines[..end]
        .iter()
        .filter(|l| is_header(l))
        .cloned()
        .collect();
    let at = lines[..end]
        .iter()
        .position(|l| l.to_ascii_lowercase().starts_with("subject:"))
        .expect("every 20 Newsgroups post has a Subject");
    let mut subject = lines[at]["subject:".len()..].trim().to_string();
    for folded in lines[at + 1..end]
        .iter()
        .take_while(|l| l.starts_with([' ', '\t']))
    {
        let part = folded.trim();
        let ids_only =
            part.contains(['<', '>']) && part.split_whitespace().all(|w| w.contains('@'));
        if !part.is_empty() && !ids_only {
            subject = format!("{subject} {part}");
        }
    }
    let header_value = |name: &str| -> Option<String> {
        let at = lines[..end].iter().position(|l| {
            l.split_once(':')
                .is_some_and(|(n, _)| n.eq_ignore_ascii_case(name) && is_header(l))
        })?;
        let mut value = lines[at].split_once(':').unwrap().1.trim().to_string();
        for folded in lines[at + 1..end]
            .iter()
            .take_while(|l| l.starts_with([' ', '\t']))
        {
            let part = folded.trim();
            let ids_only =
                part.contains(['<', '>']) && part.split_whitespace().all(|w| w.contains('@'));
            if !part.is_empty() && !ids_only {
                value = format!("{value} {part}");
            }
        }
        Some(value.trim().to_string()).filter(|v| !v.is_empty())
    };
    let body_text: String = lines
        .get(end + 1..)
        .unwrap_or_default()
        .iter()
        .map(|l| l.replace('\r', "\n") + "\n")
        .collect();
    let body = body_text
        .split('\n')
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .split("\n\n")
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    Post {
        headers,
        subject: subject.trim().to_string(),
        from: header_value("from"),
        newsgroups: header_value("newsgroups"),
        body,
    }
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn every_20_newsgroups_post_is_one_record() {
    let root = corpus();
    let (found, _) = walk(std::slice::from_ref(&root), &[]);
    assert_eq!(found.len(), POSTS, "post files found");
    let options = Options::default();
    let mut total = 0;
    let mut latin1 = 0;
    for file in &found {
        let name = file.path.strip_prefix(&root).unwrap().display().to_string();
        let mut lines = read::open(&file.path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let format = formats::sniff(&mut lines, Some(&file.path)).unwrap();
        assert_eq!(format, Some(Format::Mail), "{name}: sniffed format");
        let records: Vec<_> = formats::records(Format::Mail, &mut lines, &options)
            .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        assert_eq!(records.len(), 1, "{name}: records");
        let record = &records[0];
        let post = read_post(&file.path);
        assert_eq!(record.headline, post.subject, "{name}: headline");
        assert_eq!(record.paragraphs.join("\n\n"), post.body, "{name}: body");
        // The header block does not open the body. (Posters who repost or
        // quote a post put its headers, even their own, further down.)
        let block = post.headers[..2].join("\n");
        assert!(
            !post.body.starts_with(&block),
            "{name}: headers {block:?} in the body"
        );
        // "bydate" dropped Date and has no Message-ID: only the author
        // (From) and the section (the first of Newsgroups) are stated.
        let section = post
            .newsgroups
            .as_deref()
            .and_then(|g| g.split([',', ' ']).find(|g| !g.is_empty()))
            .map(str::to_string);
        let want = newsdex::formats::Stated {
            author: post.from.clone(),
            section,
            ..Default::default()
        };
        assert_eq!(record.stated, want, "{name}: stated");
        assert!(record.captions.is_empty());
        assert_eq!((record.line, record.offset), (1, 0), "{name}: start");
        latin1 += usize::from(lines.latin1_lines > 0);
        total += records.len();
    }
    assert_eq!(total, POSTS);
    // SOURCE.md: 73 files hold bytes that are not UTF-8.
    assert_eq!(latin1, 73, "files read with Windows-1252 bytes");
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn the_pipeline_gives_the_same_articles() {
    let root = corpus();
    let (found, _) = walk(std::slice::from_ref(&root), &[]);
    for file in found.iter().step_by(10) {
        let name = file.path.strip_prefix(&root).unwrap().display().to_string();
        let (format, articles, warnings) = parse_dump(file);
        assert_eq!(format, Format::Mail, "{name}");
        assert_eq!(articles.len(), 1, "{name}: articles");
        let post = read_post(&file.path);
        assert_eq!(articles[0].headline, post.subject, "{name}: headline");
        assert_eq!(articles[0].body, post.body, "{name}: body");
        assert_eq!(articles[0].format, "mail");
        // Only the reader's note on bytes that are not UTF-8.
        assert!(
            warnings.iter().all(|w| w.contains("Windows-1252")),
            "{name}: {warnings:?}"
        );
    }
}

/// Parses every dump in `corpus/20newsgroups/` and compares the result in
/// full with the expected file (`NEWSDEX_BLESS=1` rewrites it after a
/// deliberate change; review the diff).
const EXPECTED: &str = "tests/fixtures/mail/corpus-20newsgroups.expected.jsonl";

#[test]
fn the_sample_parses_in_full() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("corpus/20newsgroups");
    let (found, skipped) = walk(std::slice::from_ref(&dir), &[]);
    assert_eq!(found.len(), 8, "sample dumps");
    assert_eq!(skipped.len(), 1, "only SOURCE.md is skipped: {skipped:?}");
    let mut got: Vec<Value> = Vec::new();
    let mut by_file: Vec<(String, Vec<Article>)> = Vec::new();
    for file in &found {
        let name = file
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (format, articles, _) = parse_dump(file);
        assert_eq!(format, Format::Mail, "{name}");
        got.extend(articles.iter().map(|a| pinned(&name, a)));
        by_file.push((name, articles));
    }
    assert_pinned(EXPECTED, &got);

    // What the expected file shows, spelled out.
    let article = |file: &str, i: usize| -> &Article {
        &by_file.iter().find(|(n, _)| n == file).unwrap().1[i]
    };
    let mbox = &by_file.iter().find(|(n, _)| n == "sample.mbox").unwrap().1;
    assert_eq!(mbox.len(), 4, "one article per post in the mbox");
    // ">From " in an mbox body is unescaped.
    assert!(mbox[0]
        .body
        .starts_with("From article <1qvjh9INNh4l@hp-col.col.hp.com>"));
    // A folded Subject is unfolded...
    assert_eq!(
        article("sci.crypt-15242.txt", 0).headline,
        "Re: text of White House announcement and Q&As on clipper chip encryption"
    );
    // ...but message ids left by the dropped References header are not it.
    assert_eq!(
        article("rec.sport.hockey-53656.txt", 0).headline,
        "Re: Octopus in Detroit?"
    );
    // Folded lines of a dropped Path header open the file.
    assert_eq!(
        article("sci.space-61348.txt", 0).headline,
        "Re: Long term Human Missions"
    );
    // A line of one space between headers is a fold, not the end of them.
    assert_eq!(
        article("rec.autos-101590.txt", 0).headline,
        "$ 80 SVX OIL CHANGE"
    );
    // A stray 0xEF byte in the Subject reads as Windows-1252.
    assert_eq!(
        article("misc.forsale-76843.txt", 0).headline,
        "XT keyboard, $10 only\u{ef}k"
    );
    // Old Mac CRs inside lines break them.
    assert!(!article("comp.sys.mac.hardware-51894.txt", 0)
        .body
        .contains('\r'));
    for (_, articles) in &by_file {
        for a in articles {
            assert_eq!(a.format, "mail");
        }
    }
}

/// The MIME posts of `tests/fixtures/mail/` (written by hand; its README
/// says what each holds), read by hand: the plain part of an alternative,
/// quoted-printable and base64 undone, charsets applied, HTML through the
/// HTML fragment reader (head, navigation and script dropped, the figure's
/// caption kept apart), the attachment left out; `From` the author and the
/// first newsgroup the section.
#[test]
fn mime_posts_read_by_hand() {
    let fixture = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/mail")
            .join(name)
    };
    // (headline, paragraphs, captions, author, section)
    type Hand = (
        &'static str,
        Vec<&'static str>,
        Vec<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );
    type Want = (
        String,
        Vec<String>,
        Vec<String>,
        Option<String>,
        Option<String>,
    );
    let cases: [(&str, Vec<Hand>); 2] = [
        (
            "multipart-alternative.eml",
            vec![(
                "Col du Galibier reopens after rockfall",
                vec![
                    "The road over the Col du Galibier reopened on Monday, two weeks after a rockfall closed it between Valloire and the summit \u{2014} in time for the Tour's passage in July.",
                    "Cyclists may use the tunnel from 7am; the old road stays shut to cars.",
                ],
                vec![],
                Some("Ren\u{e9}e Dubois <renee@example.org>"),
                Some("rec.sport.cycling"),
            )],
        ),
        (
            "mime.mbox",
            vec![
                (
                    "Harbour works begin",
                    vec![
                        "Harbour works begin",
                        "Dredging of the old harbour at Saint-Malo began on Friday.",
                        "The works will last until the autumn\u{a0}\u{2014} the ferries keep their berths.",
                    ],
                    vec!["The dredger Cap Fr\u{e9}hel at work."],
                    Some("Harbour Office <newsletter@example.net>"),
                    None,
                ),
                (
                    "Council minutes",
                    vec![
                        "Minutes of the council meeting\nheld on 3 May.",
                        "Budget approved",
                        "Library hours extended",
                    ],
                    vec![],
                    Some("Town Clerk <clerk@example.net>"),
                    None,
                ),
            ],
        ),
    ];
    for (name, want) in cases {
        let path = fixture(name);
        let mut lines = read::open(&path).unwrap();
        assert_eq!(
            formats::sniff(&mut lines, Some(&path)).unwrap(),
            Some(Format::Mail),
            "{name}"
        );
        let got: Vec<Want> = formats::records(Format::Mail, &mut lines, &Options::default())
            .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e}")))
            .map(|r| {
                (
                    r.headline,
                    r.paragraphs,
                    r.captions,
                    r.stated.author,
                    r.stated.section,
                )
            })
            .collect();
        let owned = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let want: Vec<Want> = want
            .iter()
            .map(|(h, p, c, a, s)| {
                (
                    h.to_string(),
                    owned(p),
                    owned(c),
                    a.map(str::to_string),
                    s.map(str::to_string),
                )
            })
            .collect();
        assert_eq!(got, want, "{name}");
    }
}
