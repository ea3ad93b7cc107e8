//! JSON lines and JSON arrays, as scrapers and news-please write them.
//!
//! Three shapes are read, told apart by the first non-blank line:
//!
//! - JSON Lines: one object per line (the first line is a whole object, or
//!   the next non-blank line starts another). Each line stands alone, so a
//!   malformed line costs only itself.
//! - A JSON array `[ {...}, {...} ]`, on one line or pretty-printed over
//!   many. It is streamed: a scanner tracks strings, escapes and bracket
//!   depth to cut out one element at a time (at most `MAX_OBJECT_BYTES`),
//!   and only that element goes to `serde_json`. A file cut mid-element
//!   keeps the elements before the damage.
//! - One object (or several, one after another), pretty-printed.
//!
//! Each object becomes one record from the usual keys (`KEYS`): headline
//! from `title`/`headline`, stated date from `date`/`published`/...
//! /`published_date`, body from
//! `text`/`body`/`content`/`maintext`/`article`/`content_html` (or, last,
//! `short_description`: the HuffPost News Category set has no body),
//! stated place from `location`/`place`, stated dateline from `dateline`,
//! stated id from `id`/`url`, captions from `caption`/`image_caption`;
//! and, as written, `Stated.url` from `url`/`link`/`article_url`,
//! `Stated.author` from
//! `author`/`authors`/`byline`/`creator` (a list of names, or objects with
//! a `name`, joined by ", "), `Stated.section` from `section`/`category`
//! (a list's first), `Stated.language` from `language`/`lang`. `--map field=key`
//! (`Options::map`) replaces a field's keys; a dotted key (`article.text`,
//! `images.0.caption`) reaches into nested objects and arrays. The TREC
//! Washington Post collection's typed `contents` blocks (`blocks`) give
//! the body, captions, and (where no key gives them) the date, section
//! (the kicker) and byline. A body is
//! split into paragraphs at blank lines; a body with no blank line but
//! several lines (news-please's `maintext`) has one paragraph per line. A
//! body written as HTML (it opens with a block tag, or holds `<p>` or
//! `<br>`: `html::fragment::is_html`) is read by the HTML fragment reader
//! instead, its figure captions kept as captions when no caption key
//! gives any. An
//! object with neither headline nor body, and an element that is not an
//! object, are skipped with a warning.
//!
//! Values are kept as written, trimmed (dates are not parsed here, ids and
//! datelines not rewritten); `extract` interprets them.
//!
//! Positions: a record's line and offset are where its object starts. The
//! offset counts the decoded line's bytes, so it is exact for UTF-8 files
//! (on the first line of a file with a byte-order mark it is 3 short).

use std::io::BufRead;

use serde_json::{Map, Value};

mod blocks;

use super::html::fragment::{self, Fragment};
use super::{Field, Head, Options, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::LineReader;

/// The registry's entry for JSON lines and JSON arrays of articles.
pub const FORMAT: Spec = Spec {
    name: "json",
    sniff: |head: &Head| Score::when(looks_like(head.lines), Score(80)),
    extensions: &["json", "jsonl", "ndjson"],
    open: |lines, options| Box::new(JsonParser::new(lines, options).records()),
    news_copy: true,
};

/// Longest object kept; a longer one is skipped with a warning, so a file
/// with no structure cannot make memory grow without bound.
const MAX_OBJECT_BYTES: usize = 8 << 20;
/// How far ahead the first line's neighbour is looked for, to tell JSON
/// Lines from a pretty-printed object.
const MODE_LOOKAHEAD: usize = 32;
/// Keys listed in a "no headline or body" warning, and the characters
/// shown of each.
const KEYS_SHOWN: usize = 12;
const KEY_CHARS_SHOWN: usize = 40;

// The fields read, each with its JSON keys in order of preference.

const ID: Field = Field {
    map_name: Some("id"),
    defaults: &["id", "url"],
};
const HEADLINE: Field = Field {
    map_name: Some("headline"),
    defaults: &["title", "headline"],
};
const DATE: Field = Field {
    map_name: Some("date"),
    defaults: &[
        "date",
        "published",
        "publish_date",
        "pubDate",
        "date_publish",
        "datePublished",
        "published_date",
    ],
};
const PLACE: Field = Field {
    map_name: Some("location"),
    defaults: &["location", "place"],
};
const BODY: Field = Field {
    map_name: Some("body"),
    defaults: &[
        "text",
        "body",
        "content",
        "maintext",
        "article",
        "content_html",
        "short_description",
    ],
};
const DATELINE: Field = Field {
    map_name: None,
    defaults: &["dateline"],
};
const CAPTION: Field = Field {
    map_name: None,
    defaults: &["caption", "image_caption"],
};

const URL: Field = Field {
    map_name: Some("url"),
    defaults: &["url", "link", "article_url"],
};
const AUTHOR: Field = Field {
    map_name: Some("author"),
    defaults: &["author", "authors", "byline", "creator"],
};
const SECTION: Field = Field {
    map_name: Some("section"),
    defaults: &["section", "category"],
};
const LANGUAGE: Field = Field {
    map_name: Some("language"),
    defaults: &["language", "lang"],
};

/// The keys sniffing trusts to tell an article object (the fields read
/// for the record's parts; `url`, `author`... name other objects' keys
/// too).
const KEYS: [&Field; 7] = [&ID, &HEADLINE, &DATE, &PLACE, &BODY, &DATELINE, &CAPTION];

/// True when `window` (trimmed lines from the start of a dump) is this
/// format: its first non-blank character opens an object or array, and the
/// first element parses as an object, or (when it does not end within the
/// window) is an object with one of the known keys.
pub fn looks_like(window: &[&str]) -> bool {
    let Some(first) = window.iter().position(|l| !l.is_empty()) else {
        return false;
    };
    if !window[first].starts_with(['{', '[']) {
        return false;
    }
    let mut scanner = Scanner::new(false);
    let mut events = Vec::new();
    for (n, line) in window[first..].iter().enumerate() {
        scanner.feed_line(line, n as u64 + 1, 0, &mut events);
        match events.first() {
            Some(Event::Value { text, .. }) => {
                return matches!(serde_json::from_str(text), Ok(Value::Object(_)));
            }
            Some(Event::Warning { .. }) => return false,
            None => {}
        }
    }
    // The first element does not end within the window: an object that
    // names a known key is taken on trust.
    scanner.open_object()
        && window[first..].iter().any(|line| {
            KEYS.iter()
                .flat_map(|f| f.defaults.iter())
                .any(|key| names_key(line, key))
        })
}

/// True when `line` holds `"key"` followed by a colon.
fn names_key(line: &str, key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    line.match_indices(&quoted)
        .any(|(i, _)| line[i + quoted.len()..].trim_start().starts_with(':'))
}

/// The keys read for one field, and whether `--map` chose them.
struct FieldKeys {
    keys: Vec<String>,
    mapped: bool,
}

impl FieldKeys {
    fn new(field: &Field, options: &Options) -> Self {
        let mapped: Vec<String> = field
            .mapped(options)
            .into_iter()
            .map(String::from)
            .collect();
        if mapped.is_empty() {
            FieldKeys {
                keys: field.defaults.iter().map(|k| k.to_string()).collect(),
                mapped: false,
            }
        } else {
            FieldKeys {
                keys: mapped,
                mapped: true,
            }
        }
    }

    /// The first value (of the first key that has one) `take` accepts.
    fn first<'v, T>(
        &self,
        object: &'v Map<String, Value>,
        take: impl Fn(&'v Value) -> Option<T>,
    ) -> Option<T> {
        self.keys
            .iter()
            .filter_map(|key| lookup(object, key, !self.mapped))
            .find_map(take)
    }
}

/// The keys to read for each field: `--map`'s when it maps the field,
/// else the defaults.
struct Keys {
    id: FieldKeys,
    headline: FieldKeys,
    date: FieldKeys,
    place: FieldKeys,
    body: FieldKeys,
    dateline: FieldKeys,
    caption: FieldKeys,
    url: FieldKeys,
    author: FieldKeys,
    section: FieldKeys,
    language: FieldKeys,
}

impl Keys {
    fn new(options: &Options) -> Self {
        Keys {
            id: FieldKeys::new(&ID, options),
            headline: FieldKeys::new(&HEADLINE, options),
            date: FieldKeys::new(&DATE, options),
            place: FieldKeys::new(&PLACE, options),
            body: FieldKeys::new(&BODY, options),
            dateline: FieldKeys::new(&DATELINE, options),
            caption: FieldKeys::new(&CAPTION, options),
            url: FieldKeys::new(&URL, options),
            author: FieldKeys::new(&AUTHOR, options),
            section: FieldKeys::new(&SECTION, options),
            language: FieldKeys::new(&LANGUAGE, options),
        }
    }
}

/// The value at `key`: the key itself, or (for `--map`'s dotted keys) a
/// path through nested objects and arrays. Default keys also match in
/// another case (`PubDate`, `Title`).
fn lookup<'v>(object: &'v Map<String, Value>, key: &str, any_case: bool) -> Option<&'v Value> {
    if let Some(value) = object.get(key) {
        return Some(value);
    }
    if any_case {
        if let Some((_, value)) = object.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            return Some(value);
        }
    }
    let mut parts = key.split('.');
    let mut value = object.get(parts.next()?)?;
    let mut nested = false;
    for part in parts {
        nested = true;
        value = match value {
            Value::Object(map) => map.get(part)?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    nested.then_some(value)
}

/// A key as a one-line warning names it: escaped (a key may hold line
/// breaks) and cut short.
fn shown_key(key: &str) -> String {
    let escaped: String = key.escape_debug().collect();
    match escaped.char_indices().nth(KEY_CHARS_SHOWN) {
        Some((cut, _)) => format!("{}\u{2026}", &escaped[..cut]),
        None => escaped,
    }
}

/// A non-blank string, trimmed.
fn text(value: &Value) -> Option<&str> {
    value.as_str().map(str::trim).filter(|t| !t.is_empty())
}

/// An id: a non-blank string or a number.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        _ => text(value).map(str::to_string),
    }
}

/// A date as written: a string, an epoch number (a fraction of a second is
/// dropped), or MongoDB's `{"$date": ...}` / `{"$numberLong": "..."}`.
fn date_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Some(i.to_string()),
            (_, Some(u), _) => Some(u.to_string()),
            (_, _, Some(f)) if f.is_finite() => Some(format!("{}", f.trunc() as i64)),
            _ => None,
        },
        Value::Object(map) => map
            .get("$date")
            .or_else(|| map.get("$numberLong"))
            .and_then(date_text),
        _ => text(value).map(str::to_string),
    }
}

/// Paragraphs (and, of HTML, figure captions) of a body: a string, or an
/// array of strings.
fn body(value: &Value) -> Option<Fragment> {
    let mut body = Fragment::default();
    let mut read = |text: &str| {
        let mut part = body_text(text);
        body.paragraphs.append(&mut part.paragraphs);
        body.captions.append(&mut part.captions);
    };
    match value {
        Value::String(s) => read(s.as_str()),
        Value::Array(items) => items.iter().filter_map(Value::as_str).for_each(read),
        _ => return None,
    }
    (!body.paragraphs.is_empty()).then_some(body)
}

/// A body's text as paragraphs: HTML through the fragment reader, plain
/// text split at its lines. CSV's bodies are read the same way.
pub(crate) fn body_text(text: &str) -> Fragment {
    if fragment::is_html(text) {
        fragment::read(text)
    } else {
        Fragment {
            paragraphs: paragraphs(text),
            captions: Vec::new(),
        }
    }
}

/// Authors as written: a name, a list of names or of objects with a
/// `name` (news-please's `authors`, JSON Feed's), joined by ", ".
fn author_text(value: &Value) -> Option<String> {
    let name = |v: &Value| match v {
        Value::Object(map) => map.get("name").and_then(text).map(one_line),
        _ => text(v).map(one_line),
    };
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(name).collect(),
        _ => name(value).into_iter().collect(),
    };
    (!names.is_empty()).then(|| names.join(", "))
}

/// A section as written: a string, or a list's first.
fn section_text(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => items.iter().find_map(text).map(one_line),
        _ => text(value).map(one_line),
    }
}

/// Captions: a string, or an array of strings.
fn caption_lines(value: &Value) -> Option<Vec<String>> {
    let lines: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(text).map(one_line).collect(),
        _ => text(value).map(one_line).into_iter().collect(),
    };
    (!lines.is_empty()).then_some(lines)
}

/// A one-line text (headline, caption): its lines trimmed and joined by a
/// space; spacing within a line is kept as written.
pub(crate) fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a body into paragraphs. Blank lines separate paragraphs, and a
/// paragraph keeps its own line breaks; a text with several lines but no
/// blank line is taken as one paragraph per line, as news-please writes
/// `maintext`. Lines are trimmed; LF, CRLF and CR line ends are read.
pub(crate) fn paragraphs(body: &str) -> Vec<String> {
    let lines: Vec<&str> = body
        .split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .map(str::trim)
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let lines = &lines[first..=last];
    if !lines.iter().any(|l| l.is_empty()) {
        return lines.iter().map(|l| l.to_string()).collect();
    }
    lines
        .split(|l| l.is_empty())
        .filter(|block| !block.is_empty())
        .map(|block| block.join("\n"))
        .collect()
}

/// The record an object holds, or why it has none.
fn record(object: &Map<String, Value>, keys: &Keys) -> Result<RawRecord, String> {
    let headline = keys.headline.first(object, text).map(one_line);
    // The Washington Post's typed blocks, read where no key gives a part.
    let blocks = object.get("contents").and_then(blocks::read);
    let body = keys.body.first(object, body).or_else(|| {
        let body = &blocks.as_ref()?.body;
        (!body.paragraphs.is_empty()).then(|| body.clone())
    });
    if headline.is_none() && body.is_none() {
        let mut names: Vec<String> = object
            .keys()
            .map(|k| shown_key(k))
            .take(KEYS_SHOWN)
            .collect();
        if object.len() > KEYS_SHOWN {
            names.push("...".into());
        }
        return Err(format!(
            "object with neither headline nor body skipped (keys: {}); --map headline=KEY or --map body=KEY names them",
            names.join(", ")
        ));
    }
    let body = body.unwrap_or_default();
    Ok(RawRecord {
        headline: headline.unwrap_or_default(),
        captions: keys
            .caption
            .first(object, caption_lines)
            .unwrap_or(body.captions),
        paragraphs: body.paragraphs,
        line: 0,
        offset: 0,
        stated: Stated {
            id: keys.id.first(object, id_text),
            date: keys
                .date
                .first(object, date_text)
                .or_else(|| blocks.as_ref()?.date.clone()),
            dateline: keys.dateline.first(object, text).map(str::to_string),
            place: keys.place.first(object, text).map(str::to_string),
            places: Vec::new(),
            url: keys.url.first(object, text).map(str::to_string),
            author: keys
                .author
                .first(object, author_text)
                .or_else(|| blocks.as_ref()?.byline.clone()),
            section: keys
                .section
                .first(object, section_text)
                .or_else(|| blocks.as_ref()?.section.clone()),
            language: keys.language.first(object, text).map(str::to_string),
            ..Stated::default()
        },
    })
}

/// What the scanner finds: the text of one top-level object or array
/// element, or something wrong.
#[derive(Debug, PartialEq)]
enum Event {
    Value {
        text: String,
        line: u64,
        offset: u64,
    },
    Warning {
        line: u64,
        reason: String,
    },
}

/// A value being cut out of the text.
struct Partial {
    text: String,
    line: u64,
    offset: u64,
    /// Open brackets and braces.
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// A string, number or literal (an array element that is not an object).
    scalar: bool,
    /// Longer than `MAX_OBJECT_BYTES`: no longer stored, only scanned.
    overflow: bool,
    /// The line a string was still open at the end of (not valid JSON).
    broken_at: Option<u64>,
}

impl Partial {
    fn push(&mut self, c: char) {
        if !self.overflow {
            self.text.push(c);
            if self.text.len() > MAX_OBJECT_BYTES {
                self.overflow = true;
                self.text = String::new();
            }
        }
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' {
                self.escaped = true;
            } else if c == '"' {
                self.in_string = false;
            }
            return;
        }
        match c {
            '"' => self.in_string = true,
            '{' | '[' => self.depth = self.depth.saturating_add(1),
            '}' | ']' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// Cuts top-level objects and array elements out of text fed line by line,
/// without parsing them: only strings, escapes and bracket depth are
/// tracked, so memory is one element whatever the file's size.
struct Scanner {
    /// JSON Lines: every line stands alone; anything left open at its end
    /// is dropped with a warning.
    per_line: bool,
    in_array: bool,
    /// Inside an array, right after an element (a comma is due).
    after_value: bool,
    value: Option<Partial>,
    /// Skipping text outside any object, until a line starts one.
    junk: bool,
    /// The last line fed, for warnings at the end of the input.
    last_line: u64,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

impl Scanner {
    fn new(per_line: bool) -> Self {
        Scanner {
            per_line,
            in_array: false,
            after_value: false,
            value: None,
            junk: false,
            last_line: 0,
        }
    }

    /// An object (top-level or an array element) is open.
    fn open_object(&self) -> bool {
        self.value.as_ref().is_some_and(|v| !v.scalar)
    }

    fn feed_line(&mut self, text: &str, number: u64, offset: u64, out: &mut Vec<Event>) {
        self.last_line = number;
        if self.junk || self.per_line {
            if !text.trim_start_matches(is_space).starts_with(['{', '[']) && self.junk {
                return;
            }
            self.junk = false;
        }
        self.resync(text, out);
        for (i, c) in text.char_indices() {
            if let Some(value) = &mut self.value {
                let ends_scalar = value.scalar
                    && !value.in_string
                    && (matches!(c, ',' | ']' | '}') || is_space(c));
                if !ends_scalar {
                    value.push(c);
                    if !value.scalar && value.depth == 0 {
                        self.finish(out);
                    }
                    continue;
                }
                self.finish(out);
            }
            if is_space(c) {
                continue;
            }
            let at = offset + i as u64;
            match (self.in_array, c) {
                (true, ',') => self.after_value = false,
                (true, ']') => {
                    self.in_array = false;
                    self.after_value = false;
                }
                // A missing comma is forgiven: the element is read anyway.
                (true, _) => self.start(c, number, at),
                (false, '[') => self.in_array = true,
                (false, '{') => self.start(c, number, at),
                // Commas between top-level objects are forgiven.
                (false, ',') => {}
                (false, _) => {
                    out.push(Event::Warning {
                        line: number,
                        reason: "text outside any JSON object skipped".into(),
                    });
                    self.junk = true;
                    return;
                }
            }
        }
        self.end_line(number, out);
    }

    fn end_line(&mut self, number: u64, out: &mut Vec<Event>) {
        if let Some(value) = &mut self.value {
            if value.scalar {
                self.finish(out);
            } else if self.per_line {
                self.value = None;
                self.in_array = false;
                out.push(Event::Warning {
                    line: number,
                    reason: "object not closed at the end of its line; line skipped".into(),
                });
            } else {
                // JSON strings cannot hold a line break: a string still open
                // here is damage, and ending it keeps the brackets after it
                // counted right.
                if value.in_string {
                    value.broken_at = Some(number);
                }
                value.in_string = false;
                value.escaped = false;
                value.push('\n');
            }
        } else if self.per_line && self.in_array {
            self.in_array = false;
            out.push(Event::Warning {
                line: number,
                reason: "array not closed at the end of its line".into(),
            });
        }
    }

    /// After a line that ended inside a string, a line starting with `{`
    /// while the damaged object is one level deep cannot belong to it (an
    /// object's lines start with keys): the object is dropped there and the
    /// new line read as the next one, so one bad quote costs one object.
    fn resync(&mut self, text: &str, out: &mut Vec<Event>) {
        let Some(value) = &self.value else {
            return;
        };
        let Some(broken) = value.broken_at else {
            return;
        };
        if value.depth == 1 && text.trim_start_matches(is_space).starts_with('{') {
            out.push(broken_string(value.line, broken));
            self.value = None;
            self.after_value = false;
        }
    }

    fn start(&mut self, c: char, line: u64, offset: u64) {
        let mut value = Partial {
            text: String::new(),
            line,
            offset,
            depth: 0,
            in_string: false,
            escaped: false,
            scalar: !matches!(c, '{' | '['),
            overflow: false,
            broken_at: None,
        };
        value.push(c);
        self.value = Some(value);
    }

    fn finish(&mut self, out: &mut Vec<Event>) {
        let Some(value) = self.value.take() else {
            return;
        };
        self.after_value = self.in_array;
        out.push(if value.overflow {
            Event::Warning {
                line: value.line,
                reason: format!("object longer than {} MB skipped", MAX_OBJECT_BYTES >> 20),
            }
        } else if let Some(broken) = value.broken_at {
            broken_string(value.line, broken)
        } else {
            Event::Value {
                text: value.text,
                line: value.line,
                offset: value.offset,
            }
        });
    }

    /// The end of the input: whatever is still open was cut off.
    fn finish_input(&mut self, out: &mut Vec<Event>) {
        match self.value.take() {
            Some(value) if !value.scalar => out.push(Event::Warning {
                line: value.line,
                reason:
                    "the file ends inside the object that starts here (truncated?); object skipped"
                        .into(),
            }),
            Some(value) => {
                self.value = Some(value);
                self.finish(out);
            }
            None if self.in_array => out.push(Event::Warning {
                line: self.last_line,
                reason: "the file ends before the JSON array is closed (truncated?)".into(),
            }),
            None => {}
        }
        self.in_array = false;
    }
}

/// The warning for an object (starting at `line`) with a string still open
/// at the end of line `broken`.
fn broken_string(line: u64, broken: u64) -> Event {
    Event::Warning {
        line,
        reason: format!(
            "a string runs past the end of line {broken} (not valid JSON); object skipped"
        ),
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
    let at = line + (err.line() as u64).saturating_sub(1);
    (at, message)
}

struct JsonParser<'a, R> {
    lines: &'a mut LineReader<R>,
    keys: Keys,
    /// Decided at the first non-blank line.
    scanner: Option<Scanner>,
    events: Vec<Event>,
}

impl<'a, R: BufRead> JsonParser<'a, R> {
    pub fn new(lines: &'a mut LineReader<R>, options: &'a Options) -> Self {
        JsonParser {
            lines,
            keys: Keys::new(options),
            scanner: None,
            events: Vec::new(),
        }
    }

    fn read_on(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        let Some(line) = self.lines.next_line()? else {
            if let Some(scanner) = &mut self.scanner {
                scanner.finish_input(&mut self.events);
            }
            self.take_events(queue);
            queue.finish();
            return Ok(());
        };
        let scanner = match &mut self.scanner {
            Some(scanner) => scanner,
            None if line.text.trim_matches(is_space).is_empty() => return Ok(()),
            None => {
                let per_line = self.lines_mode(&line.text)?;
                self.scanner.insert(Scanner::new(per_line))
            }
        };
        scanner.feed_line(&line.text, line.number, line.offset, &mut self.events);
        self.take_events(queue);
        Ok(())
    }

    /// JSON Lines rather than pretty-printed JSON: the first line is a whole
    /// object, or the next non-blank line starts another (a pretty-printed
    /// object's second line is a key).
    fn lines_mode(&mut self, first: &str) -> Result<bool, RecordError> {
        let first = first.trim_matches(is_space);
        if !first.starts_with('{') {
            return Ok(false);
        }
        if first.ends_with('}') {
            return Ok(true);
        }
        for n in 0..MODE_LOOKAHEAD {
            match self.lines.peek(n)? {
                Some(l) if l.text.trim_matches(is_space).is_empty() => continue,
                Some(l) => return Ok(l.text.trim_start_matches(is_space).starts_with('{')),
                None => return Ok(false),
            }
        }
        Ok(false)
    }

    fn take_events(&mut self, queue: &mut Queue) {
        for event in self.events.drain(..) {
            let item = match event {
                Event::Warning { line, reason } => Err(RecordError::Malformed { line, reason }),
                Event::Value { text, line, offset } => match serde_json::from_str::<Value>(&text) {
                    Ok(Value::Object(object)) => record(&object, &self.keys)
                        .map(|r| RawRecord { line, offset, ..r })
                        .map_err(|reason| RecordError::Malformed { line, reason }),
                    Ok(other) => Err(RecordError::Malformed {
                        line,
                        reason: format!("{} where an object was expected; skipped", kind(&other)),
                    }),
                    Err(err) => {
                        let (at, message) = json_error(&err, line);
                        Err(RecordError::Malformed {
                            line: at,
                            reason: format!(
                                "invalid JSON ({message}); object starting at line {line} skipped"
                            ),
                        })
                    }
                },
            };
            queue.push(item);
        }
    }
}

/// What a JSON value is, for warnings.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<R: BufRead> Parse for JsonParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        self.read_on(queue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_with(text: &str, map: &[(&str, &str)]) -> Vec<Result<RawRecord, String>> {
        let options = Options {
            format: None,
            map: map
                .iter()
                .map(|(f, k)| (f.to_string(), k.to_string()))
                .collect(),
            ..Options::default()
        };
        let mut lines = LineReader::new(text.as_bytes());
        JsonParser::new(&mut lines, &options)
            .records()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }

    fn parse(text: &str) -> Vec<Result<RawRecord, String>> {
        parse_with(text, &[])
    }

    /// Headline and paragraphs of a record, or its warning.
    type Summary = Result<(String, Vec<String>), String>;

    fn summary(results: &[Result<RawRecord, String>]) -> Vec<Summary> {
        results
            .iter()
            .map(|r| match r {
                Ok(r) => Ok((r.headline.clone(), r.paragraphs.clone())),
                Err(e) => Err(e.clone()),
            })
            .collect()
    }

    fn ok(headline: &str, paragraphs: &[&str]) -> Summary {
        Ok((
            headline.to_string(),
            paragraphs.iter().map(|p| p.to_string()).collect(),
        ))
    }

    fn warn(text: &str) -> Summary {
        Err(text.to_string())
    }

    /// Regression: the "neither headline nor body" warning listed keys as
    /// written, so a key holding line breaks (`"a\nb"` in JSON) made a
    /// warning of several lines; keys are now escaped and cut short.
    #[test]
    fn skipped_object_warning_is_one_line() {
        let long = "k".repeat(100);
        let text = format!("{{\"a\\n\\nb\": 1, \"{long}\": 2}}\n");
        let got = summary(&parse(&text));
        let want = format!(
            "line 1: object with neither headline nor body skipped (keys: a\\n\\nb, {}\u{2026}); --map headline=KEY or --map body=KEY names them",
            &long[..KEY_CHARS_SHOWN]
        );
        assert_eq!(got, vec![warn(&want)]);
    }

    #[test]
    fn shapes() {
        let cases: Vec<(&str, String, Vec<Summary>)> = vec![
            (
                "json lines with a blank line",
                "{\"title\":\"A\",\"text\":\"a1\\n\\na2\"}\n\n{\"title\":\"B\",\"text\":\"b1\"}\n".into(),
                vec![ok("A", &["a1", "a2"]), ok("B", &["b1"])],
            ),
            (
                "json lines, crlf, last line without a line end",
                "{\"title\":\"A\",\"text\":\"a1\"}\r\n{\"title\":\"B\",\"text\":\"b1\"}".into(),
                vec![ok("A", &["a1"]), ok("B", &["b1"])],
            ),
            (
                "a malformed line costs only itself",
                "{\"title\":\"A\",\"text\":\"a1\"}\n{\"title\":\"B\",\"te\n{\"title\":\"C\" \"text\":\"c1\"}\n{\"title\":\"D\",\"text\":\"d1\"}\n".into(),
                vec![
                    ok("A", &["a1"]),
                    warn("line 2: object not closed at the end of its line; line skipped"),
                    warn("line 3: invalid JSON (expected `,` or `}`); object starting at line 3 skipped"),
                    ok("D", &["d1"]),
                ],
            ),
            (
                "array on one line",
                "[{\"title\":\"A\",\"body\":\"a1\"},{\"title\":\"B\",\"body\":\"b1\"}]".into(),
                vec![ok("A", &["a1"]), ok("B", &["b1"])],
            ),
            (
                "pretty-printed array",
                "[\n  {\n    \"headline\": \"A\",\n    \"body\": \"a1\"\n  },\n  {\n    \"headline\": \"B\",\n    \"body\": \"b]1 {x\"\n  }\n]\n".into(),
                vec![ok("A", &["a1"]), ok("B", &["b]1 {x"])],
            ),
            (
                "one pretty-printed object",
                "{\n  \"title\": \"A\",\n  \"content\": \"a1\"\n}\n".into(),
                vec![ok("A", &["a1"])],
            ),
            (
                "truncated array keeps what came before",
                "[\n{\"title\":\"A\",\"text\":\"a1\"},\n{\"title\":\"B\",\"text\":\"b".into(),
                vec![
                    ok("A", &["a1"]),
                    warn("line 3: the file ends inside the object that starts here (truncated?); object skipped"),
                ],
            ),
            (
                "array cut between elements",
                "[{\"title\":\"A\",\"text\":\"a1\"},".into(),
                vec![
                    ok("A", &["a1"]),
                    warn("line 1: the file ends before the JSON array is closed (truncated?)"),
                ],
            ),
            (
                "non-object elements are skipped",
                "[1, \"x\", null, [2], {\"title\":\"A\",\"text\":\"a1\"}]".into(),
                vec![
                    warn("line 1: a number where an object was expected; skipped"),
                    warn("line 1: a string where an object was expected; skipped"),
                    warn("line 1: null where an object was expected; skipped"),
                    warn("line 1: an array where an object was expected; skipped"),
                    ok("A", &["a1"]),
                ],
            ),
            (
                "no headline nor body",
                "{\"foo\":1,\"bar\":\"x\"}\n{\"title\":\"A\"}\n{\"maintext\":\"m1\"}\n".into(),
                vec![
                    warn("line 1: object with neither headline nor body skipped (keys: bar, foo); --map headline=KEY or --map body=KEY names them"),
                    ok("A", &[]),
                    ok("", &["m1"]),
                ],
            ),
            (
                "a broken element inside a pretty array",
                "[\n{\"title\":\"A\",\"text\":\"a1\"},\n{\"title\":\"B\",\n \"text\": oops},\n{\"title\":\"C\",\"text\":\"c1\"}\n]\n".into(),
                vec![
                    ok("A", &["a1"]),
                    warn("line 4: invalid JSON (expected value); object starting at line 3 skipped"),
                    ok("C", &["c1"]),
                ],
            ),
            (
                "an unclosed string does not swallow the file",
                "[\n{\"title\":\"A\",\"text\":\"a1},\n{\"title\":\"B\",\"text\":\"b1\"}\n]\n".into(),
                vec![
                    warn("line 2: a string runs past the end of line 2 (not valid JSON); object skipped"),
                    ok("B", &["b1"]),
                ],
            ),
            (
                "a string open at a line end inside a pretty object",
                "[\n{\n\"title\": \"A,\n\"text\": \"a1\"\n},\n{\"title\":\"B\",\"text\":\"b1\"}\n]\n".into(),
                vec![
                    warn("line 2: a string runs past the end of line 3 (not valid JSON); object skipped"),
                    ok("B", &["b1"]),
                ],
            ),
            (
                "byte-order mark and junk outside objects",
                "\u{feff}{\"title\":\"A\",\"text\":\"a1\"}\nnot json\n{\"title\":\"B\",\"text\":\"b1\"}\n".into(),
                vec![
                    ok("A", &["a1"]),
                    warn("line 2: text outside any JSON object skipped"),
                    ok("B", &["b1"]),
                ],
            ),
            (
                "two objects on one line, and a trailing comma",
                "{\"title\":\"A\",\"text\":\"a1\"} {\"title\":\"B\",\"text\":\"b1\"},\n".into(),
                vec![ok("A", &["a1"]), ok("B", &["b1"])],
            ),
            ("empty array", "[]\n".into(), vec![]),
            ("blank file", "\n\n".into(), vec![]),
        ];
        for (name, input, want) in cases {
            assert_eq!(summary(&parse(&input)), want, "case: {name}");
        }
    }

    #[test]
    fn body_paragraphs_split() {
        let cases: Vec<(&str, Vec<&str>)> = vec![
            ("one", vec!["one"]),
            ("a\n\nb\n\n\n c ", vec!["a", "b", "c"]),
            ("a\nstill a\n\nb", vec!["a\nstill a", "b"]),
            (
                "news-please\nstyle\nlines",
                vec!["news-please", "style", "lines"],
            ),
            ("a\r\n\r\nb", vec!["a", "b"]),
            ("a\rb", vec!["a", "b"]),
            ("\n \n", vec![]),
            ("", vec![]),
            ("  x  \n \t \n  y", vec!["x", "y"]),
        ];
        for (body, want) in cases {
            assert_eq!(paragraphs(body), want, "{body:?}");
        }
    }

    #[test]
    fn html_bodies_go_through_the_fragment_reader() {
        // (body value, paragraphs, captions)
        let cases: Vec<(&str, Vec<&str>, Vec<&str>)> = vec![
            (
                r#""<p>One &amp; only.</p>\n<p>Two<br>lines.</p>""#,
                vec!["One & only.", "Two\nlines."],
                vec![],
            ),
            (
                r#""Lead line.<br><br>Next <b>bold</b> one.""#,
                vec!["Lead line.", "Next bold one."],
                vec![],
            ),
            (
                r#""<div><figure><img src=x><figcaption>A cap.</figcaption></figure><p>Text.</p><script>x()</script></div>""#,
                vec!["Text."],
                vec!["A cap."],
            ),
            // Plain text that mentions markup stays plain text.
            (
                r#""a < b, said <jane@x.org>\nsecond line""#,
                vec!["a < b, said <jane@x.org>", "second line"],
                vec![],
            ),
            (r#"["<p>A</p>", "B\n\nC"]"#, vec!["A", "B", "C"], vec![]),
        ];
        for (value, paragraphs, captions) in cases {
            let line = format!(r#"{{"title":"T","text":{value}}}"#);
            let (record, _) = stated(&line, &[]);
            assert_eq!(record.paragraphs, paragraphs, "{line}");
            assert_eq!(record.captions, captions, "{line}");
        }
        // A caption key wins over the body's figures.
        let (record, _) = stated(
            r#"{"title":"T","caption":"Key cap","text":"<figure><figcaption>Fig</figcaption></figure><p>x</p>"}"#,
            &[],
        );
        assert_eq!(record.captions, ["Key cap"]);
    }

    #[test]
    fn url_author_section_and_language_as_written() {
        let (_, s) = stated(
            r#"{"title":"T","url":"https://x.test/a","authors":["Ann Lee",{"name":"Bo Ek"},""],"section":"World","language":"en"}"#,
            &[],
        );
        assert_eq!(s.id.as_deref(), Some("https://x.test/a"));
        assert_eq!(s.url.as_deref(), Some("https://x.test/a"));
        assert_eq!(s.author.as_deref(), Some("Ann Lee, Bo Ek"));
        assert_eq!(s.section.as_deref(), Some("World"));
        assert_eq!(s.language.as_deref(), Some("en"));
        let (_, s) = stated(
            r#"{"title":"T","link":"l","byline":"By Jo\nSmith","category":["Tech","AI"],"lang":"de"}"#,
            &[],
        );
        assert_eq!(
            (
                s.url.as_deref(),
                s.author.as_deref(),
                s.section.as_deref(),
                s.language.as_deref()
            ),
            (Some("l"), Some("By Jo Smith"), Some("Tech"), Some("de"))
        );
        let (_, s) = stated(r#"{"title":"T","writer":"W"}"#, &[("author", "writer")]);
        assert_eq!(s.author.as_deref(), Some("W"));
        let (_, s) = stated(r#"{"title":"T","author":{"url":"x"}}"#, &[]);
        assert_eq!(s.author, None);
    }

    fn stated(line: &str, map: &[(&str, &str)]) -> (RawRecord, Stated) {
        let mut results = parse_with(line, map);
        assert_eq!(results.len(), 1, "{line}: {results:?}");
        let record = results.remove(0).unwrap_or_else(|e| panic!("{line}: {e}"));
        let stated = record.stated.clone();
        (record, stated)
    }

    #[test]
    fn stated_fields_as_written() {
        // (object, id, date, dateline, place)
        type Want = (
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
        );
        let cases: Vec<(&str, Want)> = vec![
            (
                r#"{"title":"T","id":"x-1","date":"2016-02-12T10:00:00Z"}"#,
                (Some("x-1"), Some("2016-02-12T10:00:00Z"), None, None),
            ),
            (
                r#"{"title":"T","id":42,"url":"u","published":"Fri, 12 Feb 2016 10:00:00 GMT"}"#,
                (
                    Some("42"),
                    Some("Fri, 12 Feb 2016 10:00:00 GMT"),
                    None,
                    None,
                ),
            ),
            (
                r#"{"title":"T","url":"http://x/y","publish_date":"Feb 12, 2016"}"#,
                (Some("http://x/y"), Some("Feb 12, 2016"), None, None),
            ),
            (
                r#"{"title":"T","pubDate":1455271200}"#,
                (None, Some("1455271200"), None, None),
            ),
            (
                r#"{"title":"T","date_publish":1455271200000.0}"#,
                (None, Some("1455271200000"), None, None),
            ),
            (
                r#"{"title":"T","datePublished":{"$date":{"$numberLong":"1455271200000"}}}"#,
                (None, Some("1455271200000"), None, None),
            ),
            (
                r#"{"title":"T","date_publish":null,"date":"","published":"2016-02-12"}"#,
                (None, Some("2016-02-12"), None, None),
            ),
            (
                r#"{"title":"T","dateline":"SALVADOR, Feb 26 -","location":"Bahia"}"#,
                (None, None, Some("SALVADOR, Feb 26 -"), Some("Bahia")),
            ),
            (
                r#"{"title":"T","dateline":"BEIRUT","place":"Beirut, Lebanon"}"#,
                (None, None, Some("BEIRUT"), Some("Beirut, Lebanon")),
            ),
            (
                r#"{"Title":"T","PubDate":"2016-02-12","ID":"a"}"#,
                (Some("a"), Some("2016-02-12"), None, None),
            ),
        ];
        for (line, want) in cases {
            let (_, s) = stated(line, &[]);
            let got = (
                s.id.as_deref(),
                s.date.as_deref(),
                s.dateline.as_deref(),
                s.place.as_deref(),
            );
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn map_overrides_the_default_keys() {
        let line = r#"{"title":"Default","heading":"Mapped","text":"default body","article":{"text":"nested\n\nbody","meta":{"when":"2020-01-02"}},"images":[{"caption":"cap"}],"guid":"g-7","where":"Basra","id":"default-id"}"#;
        let map = [
            ("headline", "heading"),
            ("body", "article.text"),
            ("date", "article.meta.when"),
            ("id", "guid"),
            ("location", "where"),
        ];
        let (r, s) = stated(line, &map);
        assert_eq!(r.headline, "Mapped");
        assert_eq!(r.paragraphs, vec!["nested", "body"]);
        assert_eq!(s.date.as_deref(), Some("2020-01-02"));
        assert_eq!(s.id.as_deref(), Some("g-7"));
        assert_eq!(s.place.as_deref(), Some("Basra"));

        // A mapped key that is missing does not fall back to the defaults;
        // several mappings of a field are tried in order.
        let (r, _) = stated(
            line,
            &[("headline", "missing"), ("body", "images.0.caption")],
        );
        assert_eq!(
            (r.headline.as_str(), r.paragraphs.clone()),
            ("", vec!["cap".to_string()])
        );
        let (r, _) = stated(line, &[("headline", "missing"), ("headline", "heading")]);
        assert_eq!(r.headline, "Mapped");
        // A key with a dot in its name is found as it is.
        let (r, _) = stated(r#"{"a.b":"dotted","text":"x"}"#, &[("headline", "a.b")]);
        assert_eq!(r.headline, "dotted");
    }

    #[test]
    fn captions_and_body_arrays() {
        let (r, _) = stated(
            r#"{"title":"  Two\n  lines ","content":["p1","p2\n\np3",7],"image_caption":["A road. (AFP)"," "]}"#,
            &[],
        );
        assert_eq!(r.headline, "Two lines");
        assert_eq!(r.paragraphs, vec!["p1", "p2", "p3"]);
        assert_eq!(r.captions, vec!["A road. (AFP)"]);
        let (r, _) = stated(r#"{"title":"T","caption":"Cap"}"#, &[]);
        assert_eq!(r.captions, vec!["Cap"]);
    }

    #[test]
    fn records_start_where_their_object_starts() {
        let text = "[\n  {\"title\":\"A\",\"text\":\"a\"},  {\"title\":\"B\",\"text\":\"b\"}\n]\n";
        let starts: Vec<(u64, u64)> = parse(text)
            .into_iter()
            .map(|r| r.map(|r| (r.line, r.offset)).unwrap())
            .collect();
        let second = text.rfind("{\"title\":\"B\"").unwrap() as u64;
        assert_eq!(starts, vec![(2, 4), (2, second)]);

        let text = "\n  {\"title\":\"A\",\"text\":\"a\"}\n{\"title\":\"B\",\"text\":\"b\"}\n";
        let starts: Vec<(u64, u64)> = parse(text)
            .into_iter()
            .map(|r| r.map(|r| (r.line, r.offset)).unwrap())
            .collect();
        let second = text.rfind('{').unwrap() as u64;
        assert_eq!(starts, vec![(2, 3), (3, second)]);
    }

    #[test]
    fn oversized_objects_are_skipped_not_kept() {
        let big = "x".repeat(600_000);
        let mut text = String::from("[\n{\"title\":\"A\",\"text\":\"a\"},\n{\"title\":\"Big\",\n");
        for _ in 0..(MAX_OBJECT_BYTES / big.len() + 1) {
            text.push_str(&format!("\"k\":\"{big}\",\n"));
        }
        text.push_str("\"text\":\"end\"},\n{\"title\":\"C\",\"text\":\"c\"}\n]\n");
        assert_eq!(
            summary(&parse(&text)),
            vec![
                ok("A", &["a"]),
                warn("line 3: object longer than 8 MB skipped"),
                ok("C", &["c"]),
            ]
        );
    }

    /// Random soup of JSON fragments: the parser must not panic, and every
    /// record it gives has a headline or a body and comes in file order.
    #[test]
    fn random_fragments_keep_invariants() {
        const POOL: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\\",
            "\"title\"",
            "\"text\"",
            "\"a\\\"b\"",
            "1",
            "null",
            " ",
            "\n",
            "\n",
            "{\"title\":\"T\",\"text\":\"x\"}",
            "\u{feff}",
            "é",
        ];
        let mut next = crate::formats::xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let n = (next() % 60) as usize;
            let text: String = (0..n)
                .map(|_| POOL[(next() % POOL.len() as u64) as usize])
                .collect();
            let mut last = (0, 0);
            for r in parse(&text).into_iter().flatten() {
                assert!(
                    !r.headline.is_empty() || !r.paragraphs.is_empty(),
                    "{text:?}"
                );
                assert!((r.line, r.offset) > last || last == (0, 0), "{text:?}");
                last = (r.line, r.offset);
            }
        }
    }

    #[test]
    fn sniffing() {
        let yes: Vec<Vec<&str>> = vec![
            vec!["{\"title\":\"A\",\"text\":\"a\"}", "{\"title\":\"B\"}"],
            vec![
                "",
                "[",
                "{",
                "\"headline\": \"A\",",
                "\"body\": \"a\"",
                "},",
            ],
            vec!["[{\"anything\":1}]"],
            vec!["{", "\"title\": \"A\",", "\"text\": \"very long"],
        ];
        let no: Vec<Vec<&str>> = vec![
            vec!["Headline", "", "Paragraph {with braces}"],
            vec!["[1, 2, 3]"],
            vec!["[]"],
            vec!["{", "\"unknown\": \"x\","],
            vec!["{not json at all}"],
            vec![],
        ];
        for window in yes {
            assert!(looks_like(&window), "{window:?}");
        }
        for window in no {
            assert!(!looks_like(&window), "{window:?}");
        }
    }
}
