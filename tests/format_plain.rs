//! The plain-text format on real data: every story of the BBC News dataset
//! (`../shared/corpora/bbc`, 2,225 stories) is sniffed as plain text and
//! gives one article whose headline is the file's first line and whose body
//! is the rest, read here independently of the parser; `sport/199.txt`'s
//! lone 0xA3 byte reads as "£" without harm to its neighbours. And the
//! sample stories in `corpus/bbc/` parse to exactly what
//! `tests/fixtures/plain/corpus-bbc.expected.jsonl` holds.

use std::path::{Path, PathBuf};

use crate::util::{assert_pinned, parse_dump, pinned, shared};
use newsdex::formats::Format;
use newsdex::walk::walk;
use serde_json::Value;

/// BBC News full text: business 510, entertainment 386, politics 417,
/// sport 511, tech 401.
const STORIES: usize = 2_225;

fn corpus() -> PathBuf {
    let root = shared("corpora/bbc");
    assert!(
        root.join("business").is_dir() && root.join("tech").is_dir(),
        "the BBC corpus is missing: expected it at {} (the shared/ folder beside the repository)",
        root.display()
    );
    root
}

/// Line 1 and the rest as paragraphs (blank-line separated, lines trimmed),
/// read without the parser. The one file that is not UTF-8 has a Latin-1
/// pound sign, which is also what Windows-1252 makes of it.
fn read_story(path: &Path) -> (String, String) {
    let bytes = std::fs::read(path).unwrap();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => err.into_bytes().iter().map(|&b| b as char).collect(),
    };
    let (headline, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in rest.lines().map(str::trim).chain([""]) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    (headline.trim().to_string(), paragraphs.join("\n\n"))
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn every_bbc_story_is_one_article() {
    let root = corpus();
    let (found, skipped) = walk(std::slice::from_ref(&root), &[]);
    assert_eq!(found.len(), STORIES, "story files found");
    let skipped: Vec<String> = skipped
        .iter()
        .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(skipped, ["README.TXT", "SOURCE.md"]);
    let mut total = 0;
    for file in &found {
        let name = file.path.strip_prefix(&root).unwrap().display().to_string();
        let (format, articles, warnings) = parse_dump(file);
        assert_eq!(format, Format::Plain, "{name}: sniffed format");
        assert_eq!(articles.len(), 1, "{name}: articles");
        let (headline, body) = read_story(&file.path);
        let article = &articles[0];
        assert_eq!(article.headline, headline, "{name}: headline");
        assert_eq!(article.body, body, "{name}: body");
        assert_eq!((article.line, article.offset, article.ordinal), (1, 0, 0));
        assert_eq!(article.format, "plain");
        if name == "sport/199.txt" {
            assert_eq!(warnings.len(), 1, "{name}: {warnings:?}");
            assert!(warnings[0].contains("Windows-1252"), "{warnings:?}");
        } else {
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
        }
        total += 1;
    }
    assert_eq!(total, STORIES);
}

/// Regression: a lone 0xA3 byte (a Latin-1 "£") in a UTF-8 corpus must
/// neither lose its story nor garble the text around it.
#[test]
#[ignore = "needs ../shared/corpora"]
fn a_lone_latin1_pound_sign_is_read() {
    let path = corpus().join("sport/199.txt");
    let (found, _) = walk(&[path], &[]);
    let (format, articles, _) = parse_dump(&found[0]);
    assert_eq!(format, Format::Plain);
    assert_eq!(articles.len(), 1);
    let story = &articles[0];
    assert_eq!(story.headline, "Chelsea sack Mutu");
    assert!(
        story.body.contains(
            "Chelsea have decided to write off a possible transfer fee for Mutu, a \u{a3}15.8m signing from Parma last season, who may face a two-year suspension."
        ),
        "{}",
        story.body
    );
    assert!(!story.body.contains('\u{fffd}'));
    assert_eq!(story.body.split("\n\n").count(), 2);
}

/// Parses every dump in `corpus/bbc/` and compares the result in full with
/// the expected file (`NEWSDEX_BLESS=1` rewrites it after a deliberate
/// change; review the diff).
const EXPECTED: &str = "tests/fixtures/plain/corpus-bbc.expected.jsonl";

#[test]
fn the_sample_parses_in_full() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("corpus/bbc");
    let (found, skipped) = walk(std::slice::from_ref(&dir), &[]);
    assert_eq!(found.len(), 6, "sample stories");
    assert_eq!(skipped.len(), 1, "only SOURCE.md is skipped: {skipped:?}");
    let mut got: Vec<Value> = Vec::new();
    for file in &found {
        let name = file
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (format, articles, _) = parse_dump(file);
        assert_eq!(format, Format::Plain, "{name}");
        assert_eq!(articles.len(), 1, "{name}");
        // The sample is the corpus' files, unchanged.
        let (headline, body) = read_story(&file.path);
        assert_eq!(
            (&articles[0].headline, &articles[0].body),
            (&headline, &body)
        );
        got.extend(articles.iter().map(|a| pinned(&name, a)));
    }
    assert_pinned(EXPECTED, &got);
}
