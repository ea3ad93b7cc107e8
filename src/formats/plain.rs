//! Plain-text stories: the headline on the first line, paragraphs after
//! (the BBC News dataset's layout), one story a file.
//!
//! ```text
//! Ad sales boost Time Warner profit        <- headline
//!
//! Quarterly profits at US media giant ...  <- paragraphs, blank-line separated
//!
//! The firm, which is now one of ...
//! ```
//!
//! Plain text is the fallback, sniffed last: it claims a file only when it
//! reads as prose, so a table, a config file or a log dropped in a corpus
//! folder is "not a recognised dump format" rather than a garbage article.
//! Lines are trimmed (stray leading spaces in prose are noise); a
//! paragraph's own line breaks are kept.
//!
//! This module finds parts; it does not read dates or places out of them.

use std::io::BufRead;

use super::{Head, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::LineReader;

/// The registry's entry for plain-text stories: the fallback, claiming a
/// file only when nothing else does.
pub const FORMAT: Spec = Spec {
    name: "plain",
    sniff: |head: &Head| Score::when(looks_like(head.lines), Score::FALLBACK),
    extensions: &["txt"],
    open: |lines, _options| Box::new(PlainParser::new(lines).records()),
    news_copy: true,
};

/// Longest story kept; the rest is dropped with a warning, so a huge file
/// cannot make memory grow without bound.
const MAX_STORY_BYTES: usize = 8 << 20;
/// Longest line taken for a headline.
const MAX_HEADLINE_CHARS: usize = 200;
/// Share of letters among the non-space characters of a headline, and of the
/// paragraphs sniffed, below which text is not prose (tables of numbers,
/// punctuation art, hex). BBC stories have at least 0.84 in their body.
const MIN_HEADLINE_LETTERS: f64 = 0.5;
const MIN_BODY_LETTERS: f64 = 0.6;
/// Share of lines that may read as `key = value` / `key: value` settings or
/// as code (ending in `{`, `}` or `;`) before the text is not prose.
const MAX_SETTING_SHARE: f64 = 0.5;
const MAX_CODE_SHARE: f64 = 0.5;
/// Share of lines splitting into the headline's number of fields (commas,
/// tabs, semicolons, bars) that makes the text a table.
const MIN_TABLE_SHARE: f64 = 0.8;

/// True when `window` (trimmed lines from the start of a dump) reads as a
/// plain story: a headline-like first line, a blank line, and prose that
/// opens with a sentence and is neither a table, settings, nor code.
pub fn looks_like(window: &[&str]) -> bool {
    let mut lines = window.iter().copied().skip_while(|l| l.is_empty());
    let Some(headline) = lines.next() else {
        return false;
    };
    if lines.next() != Some("") {
        return false;
    }
    let body: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    if !is_headline_like(headline) || !body.first().is_some_and(|l| opens_sentence(l)) {
        return false;
    }
    let all: Vec<&str> = std::iter::once(headline)
        .chain(body.iter().copied())
        .collect();
    let share = |f: fn(&str) -> bool| all.iter().filter(|l| f(l)).count() as f64 / all.len() as f64;
    letter_share(body.iter().copied()) >= MIN_BODY_LETTERS
        && share(is_setting) <= MAX_SETTING_SHARE
        && share(is_code) <= MAX_CODE_SHARE
        && !is_table(headline, &body)
}

/// One line of text that may head a story: not markup, JSON or an INI
/// section, short, mostly letters.
fn is_headline_like(line: &str) -> bool {
    !line.starts_with(['<', '{', '[', '#'])
        && line.chars().count() <= MAX_HEADLINE_CHARS
        && letter_share(std::iter::once(line)) >= MIN_HEADLINE_LETTERS
}

/// A story's first paragraph opens a sentence: it does not start with an
/// all-lower-case word ("iPod" and "eBay" do open sentences, and so does
/// "(after extra time)"; "with" does not).
fn opens_sentence(line: &str) -> bool {
    let word = line.split_whitespace().next().unwrap_or_default();
    !word.chars().next().is_some_and(char::is_lowercase)
        || word.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Letters among the non-whitespace characters of `lines`.
fn letter_share<'a>(lines: impl Iterator<Item = &'a str>) -> f64 {
    let (mut letters, mut all) = (0usize, 0usize);
    for c in lines.flat_map(str::chars).filter(|c| !c.is_whitespace()) {
        all += 1;
        letters += usize::from(c.is_alphabetic());
    }
    if all == 0 {
        0.0
    } else {
        letters as f64 / all as f64
    }
}

/// `key = value`, `key=value`, or a short `key: value`: a name without
/// spaces, then the separator. Prose ("Castaignede said: ...") has spaces
/// before its colons, and a story's "Backs: Mike Blair, ..." list is long.
fn is_setting(line: &str) -> bool {
    let Some(at) = line.find(['=', ':']) else {
        return false;
    };
    let key = line[..at].trim_end();
    let mut chars = key.chars();
    let key_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    key_ok && (line[at..].starts_with('=') || line.chars().count() <= 80)
}

fn is_code(line: &str) -> bool {
    line.ends_with(['{', '}', ';'])
}

/// A CSV or TSV file: most lines hold tabs, or the headline splits into
/// fields (at commas, semicolons or bars) and most lines split into as
/// many without ending as sentences do.
fn is_table(headline: &str, body: &[&str]) -> bool {
    let most = |n: usize| n as f64 >= MIN_TABLE_SHARE * body.len() as f64;
    let sentences = body
        .iter()
        .filter(|l| l.ends_with(['.', '!', '?', '"', '\'', ')', '\u{201d}', '\u{2019}']))
        .count();
    let rows = [',', ';', '|'].into_iter().any(|sep| {
        let fields = headline.matches(sep).count();
        let same = body
            .iter()
            .filter(|l| l.matches(sep).count() == fields)
            .count();
        fields >= 1 && body.len() >= 2 && most(same)
    });
    (rows && sentences * 2 < body.len())
        || body.iter().filter(|l| l.contains('\t')).count() * 2 > body.len()
}

struct PlainParser<'a, R> {
    lines: &'a mut LineReader<R>,
}

impl<'a, R: BufRead> PlainParser<'a, R> {
    pub fn new(lines: &'a mut LineReader<R>) -> Self {
        PlainParser { lines }
    }

    /// Reads the story into `story` (left `None` when the dump has no
    /// text), its last paragraph still in `paragraph`.
    fn read_story(
        &mut self,
        queue: &mut Queue,
        story: &mut Option<RawRecord>,
        paragraph: &mut Vec<String>,
    ) -> Result<(), RecordError> {
        let headline = loop {
            match self.lines.next_line()? {
                None => return Ok(()),
                Some(line) if line.text.trim().is_empty() => continue,
                Some(line) => break line,
            }
        };
        let record = story.insert(RawRecord {
            headline: headline.text.trim().to_string(),
            line: headline.number,
            offset: headline.offset,
            stated: Stated::default(),
            ..RawRecord::default()
        });
        let mut bytes = 0usize;
        while let Some(line) = self.lines.next_line()? {
            if bytes > MAX_STORY_BYTES {
                continue;
            }
            // A CR inside a line is an old Mac line end.
            for part in line.text.split('\r').map(str::trim) {
                if part.is_empty() {
                    end_paragraph(paragraph, &mut record.paragraphs);
                    continue;
                }
                bytes += part.len() + 1;
                if bytes > MAX_STORY_BYTES {
                    queue.warn(
                        line.number,
                        format!(
                            "story longer than {} MB; the rest is dropped",
                            MAX_STORY_BYTES >> 20
                        ),
                    );
                    break;
                }
                paragraph.push(part.to_string());
            }
        }
        Ok(())
    }
}

fn end_paragraph(paragraph: &mut Vec<String>, paragraphs: &mut Vec<String>) {
    if !paragraph.is_empty() {
        paragraphs.push(paragraph.join("\n"));
        paragraph.clear();
    }
}

impl<R: BufRead> Parse for PlainParser<'_, R> {
    /// Reads the one story; what was read before any damage is kept.
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        queue.finish();
        let mut story = None;
        let mut paragraph = Vec::new();
        let result = self.read_story(queue, &mut story, &mut paragraph);
        if let Some(mut story) = story {
            end_paragraph(&mut paragraph, &mut story.paragraphs);
            queue.record(story);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<RawRecord> {
        let mut lines = LineReader::new(text.as_bytes());
        PlainParser::new(&mut lines)
            .records()
            .filter_map(Result::ok)
            .collect()
    }

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn stories() {
        /// Headline and paragraphs of the one story, if any.
        type Story<'a> = Option<(&'a str, Vec<String>)>;
        let cases: Vec<(&str, String, Story)> = vec![
            (
                "bbc layout",
                "Ad sales boost profit\n\nQuarterly profits jumped.\n\nThe firm said so.\n".into(),
                Some((
                    "Ad sales boost profit",
                    owned(&["Quarterly profits jumped.", "The firm said so."]),
                )),
            ),
            (
                "stray spaces, wide gaps, lines kept within a paragraph",
                "  Head  \n\nP1 \n\n\n - item one \n - item two\n \nP3.".into(),
                Some(("Head", owned(&["P1", "- item one\n- item two", "P3."]))),
            ),
            (
                "leading blank lines, crlf",
                "\r\n\r\nHead\r\n\r\nP1.\r\n".into(),
                Some(("Head", owned(&["P1."]))),
            ),
            (
                "no blank line after the headline",
                "Head\nP1 line.\n\nP2.\n".into(),
                Some(("Head", owned(&["P1 line.", "P2."]))),
            ),
            (
                "old Mac CRs inside a line",
                "Head\n\nOne\rTwo\r\rThree\n".into(),
                Some(("Head", owned(&["One\nTwo", "Three"]))),
            ),
            ("headline only", "Head\n".into(), Some(("Head", vec![]))),
            ("nothing but blanks", "\n \n\t\n".into(), None),
        ];
        for (name, input, want) in cases {
            let got = parse(&input);
            let got: Story = match got.as_slice() {
                [] => None,
                [one] => Some((one.headline.as_str(), one.paragraphs.clone())),
                more => panic!("case {name}: {} records", more.len()),
            };
            assert_eq!(got, want, "case: {name}");
        }
    }

    #[test]
    fn record_position_is_the_headline() {
        let text = "\n\nHead\n\nP.\n";
        let got = parse(text);
        assert_eq!((got[0].line, got[0].offset), (3, 2));
    }

    #[test]
    fn long_stories_are_cut_with_a_warning() {
        let text = format!(
            "Head\n\n{}",
            format!("{}\n\n", "y".repeat(1000)).repeat(9000)
        );
        let mut lines = LineReader::new(text.as_bytes());
        let items: Vec<_> = PlainParser::new(&mut lines).records().collect();
        assert!(
            matches!(items[0], Err(RecordError::Malformed { .. })),
            "{items:?}"
        );
        let story = items[1].as_ref().unwrap();
        assert!(story.paragraphs.iter().map(String::len).sum::<usize>() <= MAX_STORY_BYTES);
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn sniffs_prose_and_rejects_the_rest() {
        let cases: &[(&str, &[&str], bool)] = &[
            (
                "bbc story",
                &["Ad sales boost Time Warner profit", "", "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (\u{a3}600m)."],
                true,
            ),
            ("leading blank lines", &["", "", "Head", "", "A short story."], true),
            (
                "a headline with a colon",
                &["Obituary: Dame Alicia Markova", "", "Dame Alicia Markova has died."],
                true,
            ),
            (
                "a ranking list still reads as a story",
                &["Henman to face Saulnier test", "", "British number one Tim Henman will face Saulnier.", "1 Roger Federer (Switzerland)", "2 Andy Roddick (US)"],
                true,
            ),
            (
                "a squad list with a key-like line",
                &["Murray returns to Scotland fold", "", "Euan Murray has been named.", "Backs: Mike Blair (Edinburgh Rugby), Andy Craig (Glasgow Rugby), Chris Cusiter (The Borders)"],
                true,
            ),
            (
                "prose with commas in the headline",
                &["Bush, Blair meet", "", "They met, and talked.", "Both left, smiling."],
                true,
            ),
            ("no blank line after the first line", &["Head", "Para."], false),
            ("headline alone", &["Head", "", ""], false),
            (
                "notes that do not open a sentence",
                &["Just some notes", "", "with no articles."],
                false,
            ),
            ("a sentence opening with a brand", &["Apple sales", "", "iPod sales soared."], true),
            ("a sentence opening with a quote", &["Quote", "", "\"we won,\" he said."], true),
            (
                "a parenthesis opening the story",
                &["Chelsea clinch cup", "", "(after extra-time - score at 90 mins 1-1)"],
                true,
            ),
            ("empty", &[], false),
            (
                "csv",
                &["name,age,city", "", "John,25,London", "Mary,31,Paris"],
                false,
            ),
            (
                "tsv",
                &["name\tage", "", "John\t25", "Mary\t31"],
                false,
            ),
            ("numbers", &["Totals", "", "12.5 13.7 99", "1,234 5,678 9"], false),
            ("punctuation", &["*** ** ***", "", "--- === ---", "+++ ..."], false),
            (
                "key=value config",
                &["name = newsdex", "", "version = 1", "debug=true"],
                false,
            ),
            (
                "yaml settings",
                &["Settings", "", "name: newsdex", "version: 1", "debug: true"],
                false,
            ),
            ("ini", &["[core]", "", "editor = vim"], false),
            (
                "code",
                &["fn main() {", "", "let x = 1;", "}"],
                false,
            ),
            (
                "code with a plain first line",
                &["Example", "", "int x = 1;", "int y = 2;", "return x;"],
                false,
            ),
            ("markup", &["<html>", "", "<body>text</body>"], false),
            ("json", &["{\"a\": 1}", "", "{\"a\": 2}"], false),
            (
                "over-long first line",
                &[&"word ".repeat(60), "", "Para."],
                false,
            ),
        ];
        for (name, window, want) in cases {
            assert_eq!(looks_like(window), *want, "case: {name}");
        }
    }
}
