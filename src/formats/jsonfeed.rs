//! JSON Feed (versions 1 and 1.1, <https://jsonfeed.org/version/1.1>): one
//! record per element of the feed object's `items` array.
//!
//! ```text
//! {
//!   "version": "https://jsonfeed.org/version/1.1",
//!   "title": "JSON Feed",
//!   "items": [
//!     {
//!       "id": "https://jsonfeed.org/2017/05/17/announcing_json_feed",
//!       "url": "https://jsonfeed.org/2017/05/17/announcing_json_feed",
//!       "title": "Announcing JSON Feed",
//!       "content_html": "<p>We — Manton Reece and Brent Simmons — ...</p>",
//!       "date_published": "2017-05-17T08:02:12-07:00"
//!     }
//!   ]
//! }
//! ```
//!
//! A feed is one JSON object, so it is streamed rather than parsed whole: a
//! scanner tracks strings, escapes and bracket depth to find the top-level
//! `version` and `items` keys and cut out one item at a time (at most
//! `MAX_ITEM_BYTES`), and only that item goes to `serde_json`. A malformed
//! item costs only itself; a feed cut off mid-item keeps the items before
//! it; both with a warning naming the line.
//!
//! Per item: the headline from `title`; `Stated.id` from `id`, else `url`,
//! else `external_url`; `Stated.date` as written from `date_published`, else
//! `date_modified`; the body from `content_html` (through the HTML fragment
//! reader, `html::fragment`, its figure captions kept apart), else
//! `content_text`, else `summary`. The spec calls the two contents "the
//! HTML or plain text of the item" and prefers neither; a feed giving both
//! gives the same text twice, and the HTML keeps its paragraphs, so it is
//! read first, the plain text only when the HTML holds no text. Stated as
//! written: `Stated.url` from `url`, `Stated.author` from the first of
//! `authors` (1.1) or `author` (1.0) with a `name`, `Stated.section` from
//! the first of `tags`, `Stated.language` from the item's `language`, else
//! the feed's (1.1; a feed-level `language` is seen only when it comes
//! before `items`, as the spec's examples write it). Sniffing tells
//! a JSON Feed from the `json` format's dumps by its top-level `version`
//! naming jsonfeed.org (that format's objects have no such key), and it
//! outscores `json`, which would otherwise take the feed for one article.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::feed::{Entry, Text};
use super::{Head, Parse, Queue, RecordError, Score, Spec};
use crate::read::LineReader;

/// The registry's entry for JSON Feed.
pub const FORMAT: Spec = Spec {
    name: "jsonfeed",
    sniff: |head: &Head| Score::when(looks_like(head.lines), Score::CERTAIN),
    extensions: &["json"],
    open: |lines, _options| Box::new(JsonFeedParser::new(lines).records()),
    news_copy: true,
};

/// Longest item kept; a longer one is skipped with a warning.
const MAX_ITEM_BYTES: usize = 8 << 20;
/// Longest top-level key or `version` value read; the rest is ignored.
const MAX_KEY_CHARS: usize = 256;
/// What a JSON Feed's `version` names (`https://jsonfeed.org/version/1`,
/// `.../1.1`).
const VERSION_PREFIX: &str = "jsonfeed.org/version/";

/// True when `window` (trimmed lines from the start of a dump) opens a JSON
/// object whose top-level `version` names a JSON Feed version.
pub fn looks_like(window: &[&str]) -> bool {
    let Some(first) = window
        .iter()
        .position(|l| !l.trim_start_matches('\u{feff}').is_empty())
    else {
        return false;
    };
    if !window[first]
        .trim_start_matches('\u{feff}')
        .starts_with('{')
    {
        return false;
    }
    let mut scanner = Scanner::default();
    let mut events = Vec::new();
    for (n, line) in window[first..].iter().enumerate() {
        scanner.feed_line(line, n as u64 + 1, 0, &mut events);
        events.clear();
        if let Some(version) = &scanner.version {
            return version.contains(VERSION_PREFIX);
        }
        if scanner.closed {
            return false;
        }
    }
    false
}

/// What the scanner finds: the text of one item, or something wrong.
#[derive(Debug, PartialEq)]
enum Event {
    Item {
        text: String,
        line: u64,
        offset: u64,
    },
    Warning {
        line: u64,
        reason: String,
    },
}

/// An item being cut out of the text.
struct Partial {
    text: String,
    line: u64,
    offset: u64,
    /// Longer than `MAX_ITEM_BYTES`: no longer stored, only scanned.
    overflow: bool,
    /// The line a string was still open at the end of (not valid JSON).
    broken_at: Option<u64>,
}

/// What a string at the top level of the feed object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Key,
    Colon,
    Value,
    Comma,
}

/// Finds the top-level `version` and the elements of the top-level
/// `items` array in text fed line by line, without parsing anything else:
/// only strings, escapes and bracket depth are tracked, so memory is one
/// item whatever the feed's size.
struct Scanner {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// At depth 1: what comes next in the feed object.
    slot: Slot,
    /// The top-level key whose value is being read.
    key: String,
    /// A top-level key, or the `version` value, being read.
    capture: Option<String>,
    version: Option<String>,
    /// The feed's top-level `language`.
    language: Option<String>,
    /// Inside the top-level `items` array.
    in_items: bool,
    /// Whether `items` was met.
    saw_items: bool,
    item: Option<Partial>,
    /// Inside an element of `items` that is not an object.
    scalar: bool,
    /// Skipping text outside the feed object.
    junk: bool,
    /// The feed object is closed.
    closed: bool,
    last_line: u64,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            depth: 0,
            in_string: false,
            escaped: false,
            slot: Slot::Key,
            key: String::new(),
            capture: None,
            version: None,
            language: None,
            in_items: false,
            saw_items: false,
            item: None,
            scalar: false,
            junk: false,
            closed: false,
            last_line: 0,
        }
    }
}

impl Scanner {
    fn feed_line(&mut self, text: &str, number: u64, offset: u64, out: &mut Vec<Event>) {
        self.last_line = number;
        self.resync(text, out);
        for (i, c) in text.char_indices() {
            self.feed_char(c, number, offset + i as u64, out);
        }
        self.end_line(number);
    }

    fn feed_char(&mut self, c: char, line: u64, at: u64, out: &mut Vec<Event>) {
        if let Some(item) = self.item.as_mut() {
            if !item.overflow {
                item.text.push(c);
                if item.text.len() > MAX_ITEM_BYTES {
                    item.overflow = true;
                    item.text = String::new();
                }
            }
        }
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' {
                self.escaped = true;
            } else if c == '"' {
                self.in_string = false;
                self.end_string();
                return;
            }
            if let Some(capture) = self.capture.as_mut() {
                if capture.chars().count() < MAX_KEY_CHARS {
                    capture.push(c);
                }
            }
            return;
        }
        match c {
            '"' => {
                self.in_string = true;
                if self.depth == 1 {
                    let version = self.slot == Slot::Value
                        && (self.key == "version" || self.key == "language");
                    if self.slot == Slot::Key || version {
                        self.capture = Some(String::new());
                    }
                } else if self.depth == 2 && self.in_items && self.item.is_none() {
                    self.not_an_object(line, out);
                }
            }
            '{' | '[' => {
                if self.depth == 0 {
                    self.junk = false;
                    self.slot = Slot::Key;
                } else if self.depth == 1 && self.slot == Slot::Value {
                    if self.key == "items" && c == '[' {
                        self.in_items = true;
                        self.saw_items = true;
                    }
                } else if self.depth == 2 && self.in_items && self.item.is_none() {
                    if c == '{' {
                        self.item = Some(Partial {
                            text: c.to_string(),
                            line,
                            offset: at,
                            overflow: false,
                            broken_at: None,
                        });
                    } else {
                        self.not_an_object(line, out);
                    }
                }
                self.depth = self.depth.saturating_add(1);
            }
            '}' | ']' => {
                self.depth = self.depth.saturating_sub(1);
                match self.depth {
                    0 => {
                        self.closed = true;
                        self.in_items = false;
                    }
                    1 => {
                        self.in_items = false;
                        self.slot = Slot::Comma;
                    }
                    2 if self.item.is_some() => self.finish_item(out),
                    _ => {}
                }
            }
            ':' if self.depth == 1 => self.slot = Slot::Value,
            ',' if self.depth == 1 => self.slot = Slot::Key,
            ',' if self.depth == 2 => self.scalar = false,
            c if c.is_whitespace() || c == '\u{feff}' => {}
            _ => match self.depth {
                0 if !self.junk => {
                    self.junk = true;
                    out.push(Event::Warning {
                        line,
                        reason: "text outside the JSON Feed object skipped".into(),
                    });
                }
                2 if self.in_items && self.item.is_none() => self.not_an_object(line, out),
                _ => {}
            },
        }
    }

    /// A string closed: at the top level, a key or the `version` value.
    fn end_string(&mut self) {
        if self.depth != 1 {
            return;
        }
        let captured = self.capture.take();
        match self.slot {
            Slot::Key => {
                self.key = captured.unwrap_or_default();
                self.slot = Slot::Colon;
            }
            Slot::Value => {
                if self.key == "version" {
                    self.version = captured;
                } else if self.key == "language" {
                    self.language = captured;
                }
                self.slot = Slot::Comma;
            }
            _ => {}
        }
    }

    /// An element of `items` that is not an object: one warning for it.
    fn not_an_object(&mut self, line: u64, out: &mut Vec<Event>) {
        if !self.scalar {
            self.scalar = true;
            out.push(Event::Warning {
                line,
                reason: "an element of \"items\" that is not an object skipped".into(),
            });
        }
    }

    /// JSON strings cannot hold a line break: a string still open at the end
    /// of a line is damage, and ending it there keeps the brackets after it
    /// counted right.
    fn end_line(&mut self, number: u64) {
        if self.in_string {
            self.in_string = false;
            self.escaped = false;
            self.capture = None;
            if let Some(item) = self.item.as_mut() {
                item.broken_at.get_or_insert(number);
            }
        }
        if let Some(item) = self.item.as_mut() {
            if !item.overflow {
                item.text.push('\n');
            }
        }
    }

    /// After a line that ended inside a string, a line starting with `{`
    /// right inside the damaged item cannot belong to it (an object's lines
    /// start with keys): the item is dropped there and the line read as the
    /// next one, so one bad quote costs one item.
    fn resync(&mut self, text: &str, out: &mut Vec<Event>) {
        let broken = self.item.as_ref().and_then(|i| i.broken_at);
        if let (Some(broken), Some(item)) = (broken, &self.item) {
            if self.depth == 3 && text.trim_start().starts_with('{') {
                out.push(broken_string(item.line, broken));
                self.item = None;
                self.depth = 2;
            }
        }
    }

    fn finish_item(&mut self, out: &mut Vec<Event>) {
        let Some(item) = self.item.take() else {
            return;
        };
        out.push(if item.overflow {
            Event::Warning {
                line: item.line,
                reason: format!("item longer than {} MB skipped", MAX_ITEM_BYTES >> 20),
            }
        } else if let Some(broken) = item.broken_at {
            broken_string(item.line, broken)
        } else {
            Event::Item {
                text: item.text,
                line: item.line,
                offset: item.offset,
            }
        });
    }

    /// The end of the input: what is still open was cut off.
    fn finish_input(&mut self, out: &mut Vec<Event>) {
        if let Some(item) = self.item.take() {
            out.push(Event::Warning {
                line: item.line,
                reason: "the feed ends inside the item that starts here (truncated?); item skipped"
                    .into(),
            });
        } else if self.depth > 0 {
            out.push(Event::Warning {
                line: self.last_line.max(1),
                reason: "the feed ends before its object is closed (truncated?); the items before are kept"
                    .into(),
            });
        } else if !self.saw_items && self.closed {
            out.push(Event::Warning {
                line: self.last_line.max(1),
                reason: "the feed has no \"items\" array".into(),
            });
        }
    }
}

/// The warning for an item (starting at `line`) with a string still open
/// at the end of line `broken`.
fn broken_string(line: u64, broken: u64) -> Event {
    Event::Warning {
        line,
        reason: format!(
            "a string runs past the end of line {broken} (not valid JSON); item skipped"
        ),
    }
}

/// A non-blank string, or a number, as text.
fn string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The `name` of an author object.
fn author_name(author: &Value) -> Option<String> {
    string(author.get("name"))
}

/// The entry an item object holds, in a feed whose language is
/// `language`.
fn entry(item: &Map<String, Value>, language: Option<&str>) -> Entry {
    let text = |key: &str, html: bool| string(item.get(key)).map(|text| Text { text, html });
    // The plain text stands in for HTML that holds no text, before the
    // summary does.
    let (content, summary) = match text("content_html", true) {
        Some(html) => (
            Some(html),
            text("content_text", false).or_else(|| text("summary", false)),
        ),
        None => (text("content_text", false), text("summary", false)),
    };
    let author = match item.get("authors") {
        Some(Value::Array(authors)) => authors.iter().find_map(author_name),
        _ => None,
    }
    .or_else(|| item.get("author").and_then(author_name));
    let section = match item.get("tags") {
        Some(Value::Array(tags)) => tags.iter().find_map(|t| string(Some(t))),
        _ => None,
    };
    Entry {
        title: text("title", false),
        id: string(item.get("id")),
        link: string(item.get("url")),
        about: string(item.get("external_url")),
        published: string(item.get("date_published")),
        updated: string(item.get("date_modified")),
        content,
        summary,
        author,
        section,
        language: string(item.get("language")).or_else(|| language.map(str::to_string)),
    }
}

/// A `serde_json` error's message without its position, and the line (in
/// the file) where it happened, for a value starting at `line`.
fn json_error(err: &serde_json::Error, line: u64) -> (u64, String) {
    let message = err.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    (line + (err.line() as u64).saturating_sub(1), message)
}

struct JsonFeedParser<'a, R> {
    lines: &'a mut LineReader<R>,
    scanner: Scanner,
    events: Vec<Event>,
}

impl<'a, R: BufRead> JsonFeedParser<'a, R> {
    /// A parser of the feed in `lines` (the format has nothing to
    /// configure).
    pub fn new(lines: &'a mut LineReader<R>) -> Self {
        JsonFeedParser {
            lines,
            scanner: Scanner::default(),
            events: Vec::new(),
        }
    }

    fn take_events(&mut self, queue: &mut Queue) {
        for event in self.events.drain(..) {
            match event {
                Event::Warning { line, reason } => queue.warn(line, reason),
                Event::Item { text, line, offset } => match serde_json::from_str::<Value>(&text) {
                    Ok(Value::Object(item)) => {
                        match entry(&item, self.scanner.language.as_deref()).record(line, offset) {
                            Ok(record) => queue.record(record),
                            Err(reason) => queue.warn(line, reason),
                        }
                    }
                    Ok(_) => queue.warn(line, "an item that is not an object skipped"),
                    Err(err) => {
                        let (at, message) = json_error(&err, line);
                        queue.warn(
                            at,
                            format!(
                                "invalid JSON ({message}); the item starting at line {line} is skipped"
                            ),
                        );
                    }
                },
            }
        }
    }
}

impl<R: BufRead> Parse for JsonFeedParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        match self.lines.next_line()? {
            Some(line) => {
                self.scanner
                    .feed_line(&line.text, line.number, line.offset, &mut self.events)
            }
            None => {
                self.scanner.finish_input(&mut self.events);
                queue.finish();
            }
        }
        self.take_events(queue);
        Ok(())
    }

    /// A read error cut the feed: the item being read is incomplete, so it
    /// is skipped, named.
    fn salvage(&mut self, queue: &mut Queue) {
        if let Some(item) = self.scanner.item.take() {
            queue.warn(item.line, "item cut by a read error; skipped");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::RawRecord;

    fn parse(text: &str) -> Vec<Result<RawRecord, String>> {
        let mut lines = LineReader::new(text.as_bytes());
        JsonFeedParser::new(&mut lines)
            .records()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }

    /// Headlines of the records, or their warnings.
    fn summary(text: &str) -> Vec<Result<String, String>> {
        parse(text)
            .into_iter()
            .map(|r| r.map(|r| r.headline))
            .collect()
    }

    const FEED: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Feed { with [ brackets \" in its title", "language": "en-GB",
  "items": [
    {
      "id": "1",
      "url": "https://example.org/1",
      "title": "First",
      "content_html": "<p>One.</p><p>Two &amp; three.</p>",
      "content_text": "ignored",
      "date_published": "2020-01-24T23:46:57Z",
      "tags": ["a", "b"],
      "author": {"name": "N"}
    },
    {
      "url": "https://example.org/2", "authors": [{"url": "x"}, {"name": "A. Writer"}], "language": "fr",
      "title": "Second",
      "content_text": "Plain one.\n\nPlain two.",
      "date_modified": "Fri, 31 May 2019 12:17:58 -0700"
    },
    {"id": 3, "title": "Third", "summary": "Only a summary.", "external_url": "https://x"},
    {"id": 4, "title": "Fourth", "content_html": "<p><img src=a.jpg></p>", "content_text": "The text.", "summary": "S."}
  ]
}
"#;

    #[test]
    fn items_become_records() {
        let got: Vec<RawRecord> = parse(FEED).into_iter().map(Result::unwrap).collect();
        assert_eq!(got.len(), 4);
        // HTML with no text: the plain text stands in, before the summary.
        assert_eq!(got[3].paragraphs, ["The text."]);
        let r = &got[0];
        assert_eq!(r.headline, "First");
        assert_eq!(r.paragraphs, ["One.", "Two & three."]);
        assert_eq!(r.stated.id.as_deref(), Some("1"));
        assert_eq!(r.stated.date.as_deref(), Some("2020-01-24T23:46:57Z"));
        assert_eq!(r.stated.url.as_deref(), Some("https://example.org/1"));
        // JSON Feed 1.0's `author` object, the first of `tags`, the feed's
        // language.
        assert_eq!(r.stated.author.as_deref(), Some("N"));
        assert_eq!(r.stated.section.as_deref(), Some("a"));
        assert_eq!(r.stated.language.as_deref(), Some("en-GB"));
        assert_eq!(
            (r.line, r.offset),
            (5, FEED.find("{\n      \"id\"").unwrap() as u64)
        );
        let r = &got[1];
        assert_eq!(r.paragraphs, ["Plain one.", "Plain two."]);
        assert_eq!(r.stated.author.as_deref(), Some("A. Writer"));
        assert_eq!(r.stated.language.as_deref(), Some("fr"));
        assert_eq!(r.stated.section, None);
        assert_eq!(r.stated.id.as_deref(), Some("https://example.org/2"));
        assert_eq!(
            r.stated.date.as_deref(),
            Some("Fri, 31 May 2019 12:17:58 -0700")
        );
        let r = &got[2];
        assert_eq!(r.paragraphs, ["Only a summary."]);
        assert_eq!(r.stated.id.as_deref(), Some("3"));
        assert_eq!(r.stated.url, None);
        assert_eq!(r.line, 21);
    }

    #[test]
    fn damage_costs_one_item() {
        // A string broken over two lines, an invalid item, a scalar element,
        // an item with no text, then a good one.
        let text = r#"{"version": "https://jsonfeed.org/version/1", "items": [
{"title": "Broken
{"title": "After the break"},
{"title": oops},
42, "x",
{"url": "https://only-a-link"},
{"title": "Last"}
]}"#;
        let got = summary(text);
        let scalar =
            || Err("line 5: an element of \"items\" that is not an object skipped".to_string());
        let want = vec![
            Err(
                "line 2: a string runs past the end of line 2 (not valid JSON); item skipped"
                    .to_string(),
            ),
            Ok("After the break".to_string()),
            Err(
                "line 4: invalid JSON (expected value); the item starting at line 4 is skipped"
                    .to_string(),
            ),
            scalar(),
            scalar(),
            Err("line 6: item with neither a title nor any text skipped".to_string()),
            Ok("Last".to_string()),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn truncation_keeps_the_items_before() {
        let cut = &FEED[..FEED.find("\"Second\"").unwrap()];
        let got = summary(cut);
        assert_eq!(got[0], Ok("First".to_string()));
        assert_eq!(
            got[1],
            Err("line 15: the feed ends inside the item that starts here (truncated?); item skipped".to_string())
        );
        assert_eq!(got.len(), 2);

        let cut = &FEED[..FEED.find("\n  ]").unwrap()];
        let got = summary(cut);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[4]
            .as_ref()
            .is_err_and(|e| e.contains("ends before its object is closed")));

        let got = summary("{\"version\": \"https://jsonfeed.org/version/1\", \"title\": \"x\"}\n");
        assert_eq!(
            got,
            [Err("line 1: the feed has no \"items\" array".to_string())]
        );
    }

    #[test]
    fn only_the_top_level_items_and_version_count() {
        // `items` and `version` nested in an item or another key are data.
        let text = r#"{"version": "https://jsonfeed.org/version/1",
 "hubs": [{"items": [{"title": "not an item"}]}],
 "items": [{"title": "T", "_ext": {"items": [1, 2], "version": "x"}}]}"#;
        assert_eq!(summary(text), [Ok("T".to_string())]);
    }

    #[test]
    fn sniffs_the_version() {
        let cases: &[(&[&str], bool)] = &[
            (
                &["{", "\"version\": \"https://jsonfeed.org/version/1.1\","],
                true,
            ),
            (
                &["{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[]}"],
                true,
            ),
            (
                &[
                    "\u{feff}{ \"title\": \"T\",",
                    "\"version\": \"http://jsonfeed.org/version/1\" }",
                ],
                true,
            ),
            // json's dumps: articles, arrays, JSON lines.
            (
                &["{\"title\": \"T\", \"text\": \"x\"}", "{\"title\": \"U\"}"],
                false,
            ),
            (
                &[
                    "[",
                    "{\"title\": \"T\", \"version\": \"https://jsonfeed.org/version/1\"}",
                ],
                false,
            ),
            (
                &["{\"meta\": {\"version\": \"https://jsonfeed.org/version/1\"}}"],
                false,
            ),
            (&["{\"version\": \"2.0\", \"items\": []}"], false),
            (
                &["{\"note\": \"version: https://jsonfeed.org/version/1\"}"],
                false,
            ),
            (&["<rss>"], false),
            (&[], false),
        ];
        for (window, want) in cases {
            assert_eq!(looks_like(window), *want, "{window:?}");
        }
    }

    /// Random soup of JSON's pieces: no panic, records in order.
    #[test]
    fn random_json_keeps_invariants() {
        const POOL: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\\",
            "\"items\"",
            "\"version\"",
            "\"title\"",
            "\"content_html\"",
            "\"<p>x</p>\"",
            "\"T\"",
            "1",
            "null",
            "\n",
            " ",
            "é",
        ];
        let mut next = crate::formats::xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..3000 {
            let n = (next() % 60) as usize;
            let text: String = std::iter::once("{\"items\": [")
                .chain((0..n).map(|_| POOL[(next() % POOL.len() as u64) as usize]))
                .collect();
            let mut last = 0;
            for r in parse(&text).into_iter().flatten() {
                assert!(r.line >= last, "{text:?}");
                last = r.line;
            }
        }
    }
}
