//! The `<DOC>` family's reading, shared by `trec` and `gigaword`: a dump
//! is `<DOC>` records one after another with no root element, each a
//! little SGML whose tags the collections never validated.
//!
//! Owns three things: splitting a dump into records (`DocParser`, a
//! `<DOC>` at a time, by lines, with a size cap, text between records
//! reported once per stretch); finding elements and attributes in one
//! record (`Markup`: tags matched by name, case ignored, an element left
//! open ending where its parent or the next record-level field begins);
//! and turning an element's content into text (`Markup::paragraphs`,
//! `Markup::inline`: tags and comments dropped, `<P>` ending a paragraph,
//! character references decoded, a bare `&` kept). Which tags mean what is
//! each format's business, not this module's.

use std::io::BufRead;
use std::ops::Range;

use crate::formats::{join_words, Parse, Queue, RawRecord, RecordError};
use crate::read::LineReader;

/// Longest record kept; the rest up to its `</DOC>` is dropped with a
/// warning. Newswire documents run to tens of kilobytes; the cap keeps a
/// file that lost its `</DOC>` tags from growing one record without bound.
pub const MAX_RECORD_BYTES: usize = 4 << 20;

/// Builds a format's record from one `<DOC>`'s text (from `<DOC` to
/// `</DOC>`), its first line's number and byte offset.
pub type Build = fn(&str, u64, u64) -> RawRecord;

/// True when `text` begins with a `<DOC>` or `<DOC ...>` start tag (not
/// `<DOCNO>`, `<DOCID>`, `<DOCTYPE>`).
pub fn opens_doc(text: &str) -> bool {
    starts_with_ignore_case(text, "<DOC")
        && matches!(
            text.as_bytes().get(4),
            Some(b'>' | b' ' | b'\t' | b'\r' | b'\n') | None
        )
}

pub fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Byte position of `needle` (ASCII) in `haystack`, ignoring ASCII case.
///
/// The sniffers run it over every dump's first megabyte, several needles
/// each, so candidates are found with `memchr` (the needle's first byte in
/// either case) rather than by comparing at every position.
pub fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let last = hay.len().checked_sub(needle.len())?;
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut from = 0;
    while from <= last {
        let at = from + memchr::memchr2(lower, upper, &hay[from..=last])?;
        if hay[at + 1..at + needle.len()].eq_ignore_ascii_case(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A record being read: its text so far and where it began.
struct Pending {
    text: String,
    line: u64,
    offset: u64,
    /// The record outgrew `MAX_RECORD_BYTES`; the rest is being dropped.
    cut: bool,
}

/// Streams the `<DOC>` records of a dump, each built by `build`.
pub struct DocParser<'a, R> {
    lines: &'a mut LineReader<R>,
    build: Build,
    current: Option<Pending>,
    /// Text outside any record was just skipped (one warning per stretch).
    skipping: bool,
}

impl<'a, R: BufRead> DocParser<'a, R> {
    pub fn new(lines: &'a mut LineReader<R>, build: Build) -> Self {
        DocParser {
            lines,
            build,
            current: None,
            skipping: false,
        }
    }

    /// Queues the record built from `pending`, after a warning when it was
    /// not closed (what was read of it is kept). A record with neither
    /// headline nor text is no article: it is skipped, with a warning.
    fn finish(&self, queue: &mut Queue, pending: Pending, unclosed: Option<&str>) {
        if let Some(reason) = unclosed {
            queue.warn(pending.line, reason);
        }
        let record = (self.build)(&pending.text, pending.line, pending.offset);
        queue.record_unless_empty("record", record);
    }

    /// Adds `piece` (and a line break when the line goes on after it) to
    /// the record being read, cutting it at the cap.
    fn append(&mut self, queue: &mut Queue, piece: &str, line: u64, newline: bool) {
        let Some(pending) = self.current.as_mut() else {
            return;
        };
        if pending.cut {
            // Dropping the rest, so the record has no gap inside.
        } else if pending.text.len() + piece.len() + usize::from(newline) <= MAX_RECORD_BYTES {
            pending.text.push_str(piece);
            if newline {
                pending.text.push('\n');
            }
        } else {
            pending.cut = true;
            queue.warn(
                line,
                format!(
                    "record longer than {} MB; the rest of it is dropped",
                    MAX_RECORD_BYTES >> 20
                ),
            );
        }
    }

    /// Text between records: blank lines, comments and declarations are
    /// allowed there; anything else is reported once per stretch.
    fn outside(&mut self, queue: &mut Queue, text: &str, line: u64) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let allowed = text.starts_with("<!--") && text.ends_with("-->")
            || text.starts_with("<!") && !text.starts_with("<!--")
            || text.starts_with("<?");
        if !allowed && !self.skipping {
            queue.warn(line, "text outside any <DOC> record skipped");
        }
        self.skipping = !allowed;
    }
}

impl<R: BufRead> Parse for DocParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        let Some(line) = self.lines.next_line()? else {
            if let Some(pending) = self.current.take() {
                self.finish(
                    queue,
                    pending,
                    Some("record not closed by </DOC> at end of file"),
                );
            }
            queue.finish();
            return Ok(());
        };
        let mut rest = line.text.as_str();
        // A record opening at the start of a line while one is open: the
        // open one lost its end tag.
        if self.current.is_some() && opens_doc(rest.trim_start()) {
            if let Some(pending) = self.current.take() {
                self.finish(queue, pending, Some("record not closed by </DOC>"));
            }
        }
        loop {
            if self.current.is_none() {
                let Some(at) = find_doc_start(rest) else {
                    self.outside(queue, rest, line.number);
                    return Ok(());
                };
                self.outside(queue, &rest[..at], line.number);
                self.skipping = false;
                self.current = Some(Pending {
                    text: String::new(),
                    line: line.number,
                    offset: line.offset,
                    cut: false,
                });
                rest = &rest[at..];
            }
            match find_ignore_case(rest, "</DOC>") {
                Some(at) => {
                    let end = at + "</DOC>".len();
                    self.append(queue, &rest[..end], line.number, false);
                    if let Some(pending) = self.current.take() {
                        self.finish(queue, pending, None);
                    }
                    rest = &rest[end..];
                }
                None => {
                    self.append(queue, rest, line.number, true);
                    return Ok(());
                }
            }
        }
    }

    /// Keeps what was read of the record before the damage.
    fn salvage(&mut self, queue: &mut Queue) {
        if let Some(pending) = self.current.take() {
            self.finish(queue, pending, Some("record cut by a read error"));
        }
    }
}

/// Where the first `<DOC` start tag in `text` begins.
fn find_doc_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| find_ignore_case(t, "<DOC")) {
        let at = from + at;
        if opens_doc(&text[at..]) {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    /// `<!-- ... -->`, `<!DOCTYPE ...>`, `<?...?>`: no element.
    Other,
}

/// One tag of a record: where it is and what it names.
#[derive(Debug, Clone)]
struct Tag {
    /// A `Close` with no start tag of its name open before it is `Other`:
    /// a stray end tag (`</F>` whose `<F>` was never written) closes
    /// nothing.
    kind: Kind,
    /// The tag's bytes, `<` to `>`.
    span: Range<usize>,
    name: Range<usize>,
}

/// The longest tag read as one: a `<` not closed by `>` within it is text.
const MAX_TAG_BYTES: usize = 1000;
/// The deepest nesting of other elements tracked inside one element.
const MAX_DEPTH: usize = 64;

/// The element with the content in `content`, its start tag `tag`-th.
#[derive(Debug, Clone)]
pub struct Element {
    tag: usize,
    pub content: Range<usize>,
}

/// The tags of one record, to find elements by name.
pub struct Markup<'t> {
    text: &'t str,
    tags: Vec<Tag>,
    /// Start tags of these names end an element left open before them.
    fields: &'static [&'static str],
}

impl<'t> Markup<'t> {
    /// Scans `text` for tags. `fields` are the record-level elements of
    /// the format: an element left open ends where one of them starts.
    pub fn new(text: &'t str, fields: &'static [&'static str]) -> Self {
        let mut tags = scan(text);
        drop_stray_closes(text, &mut tags);
        Markup { text, tags, fields }
    }

    fn name(&self, tag: &Tag) -> &'t str {
        &self.text[tag.name.clone()]
    }

    fn named(&self, tag: &Tag, names: &[&str]) -> bool {
        let name = self.name(tag);
        names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The element whose start tag is the `i`-th tag: its content runs to
    /// its end tag, or, left open, to the end tag of an element around it,
    /// the next record-level field, or the end of the record. Also the
    /// index of the first tag after it.
    fn extent(&self, i: usize) -> (Element, usize) {
        let open = &self.tags[i];
        let name = self.name(open);
        let mut same = 0;
        let mut inside: Vec<&str> = Vec::new();
        let element = |end: usize| Element {
            tag: i,
            content: open.span.end..end,
        };
        for (j, tag) in self.tags.iter().enumerate().skip(i + 1) {
            let this = self.name(tag);
            match tag.kind {
                Kind::Other => {}
                Kind::Open if this.eq_ignore_ascii_case(name) => same += 1,
                Kind::Close if this.eq_ignore_ascii_case(name) => {
                    if same == 0 {
                        return (element(tag.span.start), j + 1);
                    }
                    same -= 1;
                }
                Kind::Close => match inside.iter().rposition(|n| n.eq_ignore_ascii_case(this)) {
                    Some(at) => inside.truncate(at),
                    // It closes an element around this one.
                    None => return (element(tag.span.start), j),
                },
                Kind::Open if same == 0 && self.named(tag, self.fields) => {
                    return (element(tag.span.start), j);
                }
                Kind::Open => {
                    if inside.len() == MAX_DEPTH {
                        inside.remove(0);
                    }
                    inside.push(this);
                }
            }
        }
        (element(self.text.len()), self.tags.len())
    }

    /// The elements named `names` in document order, those inside an
    /// earlier one left out.
    pub fn elements(&self, names: &[&str]) -> Vec<Element> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.tags.len() {
            let tag = &self.tags[i];
            if tag.kind == Kind::Open && self.named(tag, names) {
                let (element, next) = self.extent(i);
                out.push(element);
                i = next;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The first element named `name`.
    pub fn first(&self, name: &str) -> Option<Element> {
        let i = self
            .tags
            .iter()
            .position(|t| t.kind == Kind::Open && self.named(t, &[name]))?;
        Some(self.extent(i).0)
    }

    /// The value of attribute `name` of the record's own start tag (its
    /// first tag, `<DOC ...>`), quotes removed.
    pub fn doc_attribute(&self, name: &str) -> Option<String> {
        let tag = self.tags.first().filter(|t| t.kind == Kind::Open)?;
        attribute(&self.text[tag.name.end..tag.span.end - 1], name)
    }

    /// The content of `element` as text with markup taken out: tags and
    /// comments become `MARK`, `<P>` and `</P>` blank lines; elements named
    /// in `skip` are left out whole.
    fn raw_text(&self, element: &Element, skip: &[&str]) -> String {
        let range = element.content.clone();
        let mut out = String::with_capacity(range.len());
        let mut at = range.start;
        let mut i = element.tag + 1;
        while let Some(tag) = self.tags.get(i) {
            if tag.span.start >= range.end {
                break;
            }
            out.push_str(&self.text[at..tag.span.start]);
            at = tag.span.end;
            i += 1;
            if self.named(tag, &["P"]) {
                out.push_str("\n\n");
            } else if tag.kind == Kind::Open && self.named(tag, skip) {
                let (skipped, next) = self.extent(i - 1);
                at = skipped.content.end.min(range.end);
                i = next;
                // The skipped element's end tag, when it has one.
                if let Some(close) = self.tags.get(i - 1) {
                    if close.kind == Kind::Close && close.span.start == skipped.content.end {
                        at = close.span.end.min(range.end).max(at);
                    }
                }
                out.push(MARK);
            } else {
                out.push(MARK);
            }
        }
        if at < range.end {
            out.push_str(&self.text[at..range.end]);
        }
        out
    }

    /// `element`'s text on one line: markup out, references decoded,
    /// whitespace runs as single spaces; elements named in `skip` left out.
    pub fn inline(&self, element: &Element, skip: &[&str]) -> String {
        join_words(&decode(&self.raw_text(element, skip)))
    }

    /// `element`'s text as paragraphs. A paragraph ends at a blank line, a
    /// `<P>` or `</P>`, or before a line that starts indented (the AP and
    /// WSJ files indent each paragraph's first line); its wrapped lines are
    /// joined with spaces.
    pub fn paragraphs(&self, element: &Element) -> Vec<String> {
        let raw = self.raw_text(element, &[]);
        let mut out = Vec::new();
        let mut current = String::new();
        let mut flush = |current: &mut String| {
            let text = join_words(&decode(current));
            if !text.is_empty() {
                out.push(text);
            }
            current.clear();
        };
        for line in raw.split('\n') {
            if line
                .trim_matches(|c: char| c.is_whitespace() || c == MARK)
                .is_empty()
            {
                flush(&mut current);
                continue;
            }
            // A tag opening the line (a comment, `<F P=102>`) is not an
            // indent: `MARK` is not whitespace.
            if line.starts_with([' ', '\t']) {
                flush(&mut current);
            }
            current.push_str(line);
            current.push('\n');
        }
        flush(&mut current);
        out
    }
}

/// Stands where a tag was, so that a line opening with a tag is not read
/// as indented; dropped with the other control characters.
const MARK: char = '\u{1}';

/// The tags of `text`, in order. A `<` that opens no tag (`a < b`, a lone
/// `<` at the end) is text.
fn scan(text: &str) -> Vec<Tag> {
    let bytes = text.as_bytes();
    let mut tags = Vec::new();
    let mut from = 0;
    // Once a comment has no `-->` after it, none after it has either.
    let mut comments_end = true;
    while let Some(lt) = bytes
        .get(from..)
        .and_then(|b| b.iter().position(|&c| c == b'<'))
    {
        let start = from + lt;
        let after = &text[start + 1..];
        if after.starts_with("!--") {
            let close = if comments_end {
                after.find("-->").map(|i| start + 1 + i + 3)
            } else {
                None
            };
            comments_end = close.is_some();
            // An unclosed comment runs to the end of its line.
            let end =
                close.unwrap_or_else(|| after.find('\n').map_or(text.len(), |i| start + 1 + i));
            tags.push(Tag {
                kind: Kind::Other,
                span: start..end,
                name: start..start,
            });
            from = end;
            continue;
        }
        let window = prefix(after, MAX_TAG_BYTES);
        let Some(gt) = window
            .find(['>', '<'])
            .filter(|&i| window.as_bytes()[i] == b'>')
        else {
            from = start + 1;
            continue;
        };
        let end = start + 1 + gt + 1;
        let inner = &after[..gt];
        let (kind, name_from) = match inner.as_bytes().first() {
            Some(b'/') => (Kind::Close, 1),
            Some(b'!' | b'?') => (Kind::Other, 1),
            Some(c) if c.is_ascii_alphabetic() => (Kind::Open, 0),
            _ => {
                from = start + 1;
                continue;
            }
        };
        let name_len = inner[name_from..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
            .unwrap_or(inner.len() - name_from);
        let name = start + 1 + name_from..start + 1 + name_from + name_len;
        if kind == Kind::Close && name.is_empty() {
            from = start + 1;
            continue;
        }
        tags.push(Tag {
            kind,
            span: start..end,
            name,
        });
        from = end;
    }
    tags
}

/// Marks as `Other` each end tag that no open start tag of its name comes
/// before.
fn drop_stray_closes(text: &str, tags: &mut [Tag]) {
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for tag in tags.iter_mut() {
        let name = || text[tag.name.clone()].to_ascii_lowercase();
        match tag.kind {
            Kind::Open => *open.entry(name()).or_default() += 1,
            Kind::Close => match open.get_mut(&name()) {
                Some(count) if *count > 0 => *count -= 1,
                _ => tag.kind = Kind::Other,
            },
            Kind::Other => {}
        }
    }
}

/// The value of `name="value"` (or `'value'`, or unquoted) among a start
/// tag's attributes.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start();
        let key_len = rest.find(|c: char| c == '=' || c.is_whitespace() || c == '/')?;
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            // A bare attribute: no value.
            if key.is_empty() {
                rest = rest.get(1..)?;
            }
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                (&after[1..close], after.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(join_words(&decode(value)));
        }
        rest = next;
    }
}

/// The longest start of `text` of at most `n` bytes that ends on a
/// character boundary.
pub(crate) fn prefix(text: &str, n: usize) -> &str {
    let mut n = n.min(text.len());
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    &text[..n]
}

/// Decodes character references (`&amp;`, `&AMP;`, `&eacute;`, `&#233;`,
/// `&#xE9;`) and drops control characters (tabs become spaces, line breaks
/// stay). A bare `&` and unknown names stay as written: Gigaword writes
/// `AT&T` with a bare `&`, and `&foo;` is likelier text than an entity.
pub fn decode(raw: &str) -> String {
    let decoded = crate::formats::decode_references(raw, 11, |name, out| {
        reference(name).map(|text| out.push_str(&text)).is_some()
    });
    let mut out = String::with_capacity(decoded.len());
    push_visible(&mut out, &decoded);
    out
}

fn push_visible(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// What a reference name (between `&` and `;`) stands for.
fn reference(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    if let Some(&(_, text)) = CASELESS.iter().chain(LETTERS).find(|(n, _)| *n == name) {
        return Some(text.to_string());
    }
    // Upper-case forms of the markup and symbol entities (`&AMP;`, `&LT;`,
    // as FBIS and the Wall Street Journal write them): not of letters,
    // where case is the letter's (`&Eacute;` is not `&eacute;`).
    let lower = name.to_ascii_lowercase();
    if name
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        if let Some(&(_, text)) = CASELESS.iter().find(|(n, _)| *n == lower) {
            return Some(text.to_string());
        }
    }
    None
}

/// Entities that are markup or symbols, read in any case.
const CASELESS: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    // The Federal Register's and Congressional Record's own.
    ("hyph", "-"),
    ("blank", " "),
    ("para", "\u{b6}"),
    ("sect", "\u{a7}"),
    ("bull", "\u{2022}"),
    ("mdash", "\u{2014}"),
    ("ndash", "\u{2013}"),
    ("cent", "\u{a2}"),
    ("pound", "\u{a3}"),
    ("yen", "\u{a5}"),
    ("deg", "\u{b0}"),
    ("times", "\u{d7}"),
    ("divide", "\u{f7}"),
    ("plusmn", "\u{b1}"),
    ("frac12", "\u{bd}"),
    ("frac14", "\u{bc}"),
    ("frac34", "\u{be}"),
    ("copy", "\u{a9}"),
    ("reg", "\u{ae}"),
    ("lsquo", "\u{2018}"),
    ("rsquo", "\u{2019}"),
    ("ldquo", "\u{201c}"),
    ("rdquo", "\u{201d}"),
    ("hellip", "\u{2026}"),
];

/// The ISO Latin-1 letters, read as written: their case is the letter's.
const LETTERS: &[(&str, &str)] = &[
    ("Agrave", "\u{c0}"),
    ("Aacute", "\u{c1}"),
    ("Acirc", "\u{c2}"),
    ("Atilde", "\u{c3}"),
    ("Auml", "\u{c4}"),
    ("Aring", "\u{c5}"),
    ("AElig", "\u{c6}"),
    ("Ccedil", "\u{c7}"),
    ("Egrave", "\u{c8}"),
    ("Eacute", "\u{c9}"),
    ("Ecirc", "\u{ca}"),
    ("Euml", "\u{cb}"),
    ("Igrave", "\u{cc}"),
    ("Iacute", "\u{cd}"),
    ("Icirc", "\u{ce}"),
    ("Iuml", "\u{cf}"),
    ("Ntilde", "\u{d1}"),
    ("Ograve", "\u{d2}"),
    ("Oacute", "\u{d3}"),
    ("Ocirc", "\u{d4}"),
    ("Otilde", "\u{d5}"),
    ("Ouml", "\u{d6}"),
    ("Oslash", "\u{d8}"),
    ("Ugrave", "\u{d9}"),
    ("Uacute", "\u{da}"),
    ("Ucirc", "\u{db}"),
    ("Uuml", "\u{dc}"),
    ("Yacute", "\u{dd}"),
    ("szlig", "\u{df}"),
    ("agrave", "\u{e0}"),
    ("aacute", "\u{e1}"),
    ("acirc", "\u{e2}"),
    ("atilde", "\u{e3}"),
    ("auml", "\u{e4}"),
    ("aring", "\u{e5}"),
    ("aelig", "\u{e6}"),
    ("ccedil", "\u{e7}"),
    ("egrave", "\u{e8}"),
    ("eacute", "\u{e9}"),
    ("ecirc", "\u{ea}"),
    ("euml", "\u{eb}"),
    ("igrave", "\u{ec}"),
    ("iacute", "\u{ed}"),
    ("icirc", "\u{ee}"),
    ("iuml", "\u{ef}"),
    ("ntilde", "\u{f1}"),
    ("ograve", "\u{f2}"),
    ("oacute", "\u{f3}"),
    ("ocirc", "\u{f4}"),
    ("otilde", "\u{f5}"),
    ("ouml", "\u{f6}"),
    ("oslash", "\u{f8}"),
    ("ugrave", "\u{f9}"),
    ("uacute", "\u{fa}"),
    ("ucirc", "\u{fb}"),
    ("uuml", "\u{fc}"),
    ("yacute", "\u{fd}"),
    ("yuml", "\u{ff}"),
];

/// The date in an id that carries one as eight digits before a dot:
/// Gigaword's `AFP_ENG_20090531.0001` and `APW19950101.0002`, AQUAINT's
/// `NYT19980601.0001`; as `YYYY-MM-DD`, for `extract` to check.
pub fn eight_digit_date(id: &str) -> Option<String> {
    let id = id.trim();
    let dot = id.rfind('.')?;
    let digits = id.get(dot.checked_sub(8)?..dot)?;
    let before = id[..dot - 8].chars().next_back()?;
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || !(before == '_' || before.is_ascii_alphabetic())
    {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &digits[..4],
        &digits[4..6],
        &digits[6..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Record;

    /// A record's text as `DocParser` hands it on: kept in the headline.
    fn whole(text: &str, line: u64, offset: u64) -> RawRecord {
        RawRecord {
            headline: text.to_string(),
            line,
            offset,
            ..RawRecord::default()
        }
    }

    fn split(text: &str) -> Vec<Record> {
        let mut lines = LineReader::new(text.as_bytes());
        DocParser::new(&mut lines, whole).records().collect()
    }

    /// `Ok(text)` for a record, `Err(line)` for a warning.
    fn kinds(text: &str) -> Vec<Result<String, u64>> {
        split(text)
            .into_iter()
            .map(|item| match item {
                Ok(r) => Ok(r.headline),
                Err(RecordError::Malformed { line, .. }) => Err(line),
                Err(e) => panic!("{e}"),
            })
            .collect()
    }

    #[test]
    fn records_stream_with_their_positions() {
        let text = "<!-- a collection -->\n<DOC>\n<DOCNO> 1 </DOCNO>\n</DOC>\n\n<DOC><DOCNO>2</DOCNO></DOC><DOC>\n<DOCNO>3</DOCNO>\n</doc>\n";
        let got: Vec<(String, u64, u64)> = split(text)
            .into_iter()
            .map(|r| {
                let r = r.unwrap();
                (r.headline, r.line, r.offset)
            })
            .collect();
        let second = text.find("<DOC><DOCNO>2").unwrap() as u64;
        assert_eq!(
            got,
            vec![
                ("<DOC>\n<DOCNO> 1 </DOCNO>\n</DOC>".to_string(), 2, 22),
                ("<DOC><DOCNO>2</DOCNO></DOC>".to_string(), 6, second),
                ("<DOC>\n<DOCNO>3</DOCNO>\n</doc>".to_string(), 6, second),
            ]
        );
    }

    #[test]
    fn damage_costs_only_its_record() {
        let doc = "<DOC>\n<DOCNO>1</DOCNO>\n</DOC>\n";
        let open = "<DOC>\n<DOCNO>2</DOCNO>\n";
        let k = |s: &str| Ok::<String, u64>(s.to_string());
        // Left open: kept, with a warning, when the next opens or the file ends.
        assert_eq!(
            kinds(&format!("{open}{doc}{open}")),
            vec![
                Err(1),
                k("<DOC>\n<DOCNO>2</DOCNO>\n"),
                k("<DOC>\n<DOCNO>1</DOCNO>\n</DOC>"),
                Err(6),
                k("<DOC>\n<DOCNO>2</DOCNO>\n"),
            ]
        );
        // Text between records: one warning per stretch; blank lines,
        // comments, declarations and a text before `<DOC` on its line.
        let got = kinds(&format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE x>\njunk\nmore junk\n{doc}\n<!-- c -->\nafter\n<DOCSTREAM>\nstray <DOC>\n</DOC>\n"
        ));
        assert_eq!(
            got,
            vec![
                Err(3),
                k("<DOC>\n<DOCNO>1</DOCNO>\n</DOC>"),
                Err(10),
                k("<DOC>\n</DOC>"),
            ]
        );
    }

    #[test]
    fn over_long_records_are_cut() {
        let filler = "x\n".repeat(MAX_RECORD_BYTES / 2 + 10);
        let text = format!("<DOC>\n{filler}tail\n</DOC>\n<DOC>\nnext\n</DOC>\n");
        let items = split(&text);
        assert_eq!(items.len(), 3);
        assert!(matches!(items[0], Err(RecordError::Malformed { .. })));
        let cut = items[1].as_ref().unwrap();
        assert!(cut.headline.len() <= MAX_RECORD_BYTES);
        assert!(!cut.headline.contains("tail"));
        let next = items[2].as_ref().unwrap();
        assert_eq!(next.headline, "<DOC>\nnext\n</DOC>");
        assert_eq!(next.line, filler.len() as u64 / 2 + 4);
    }

    fn markup(text: &str) -> Markup<'_> {
        Markup::new(text, &["DOC", "DOCNO", "HEADLINE", "TEXT"])
    }

    #[test]
    fn elements_by_name() {
        let text = "<DOC id=\"a\" type=story x>\n<HEADLINE><P>one</P><p>two</p></HEADLINE>\n<TEXT>t1 <B>b</B></TEXT>\n<HEAD>h<TEXT>t2\n<NEST><TEXT>inner</TEXT></NEST></TEXT>\n</DOC>";
        let m = markup(text);
        let texts: Vec<String> = m
            .elements(&["TEXT"])
            .iter()
            .map(|e| m.inline(e, &[]))
            .collect();
        assert_eq!(texts, vec!["t1 b", "t2 inner"]);
        let headline = m.first("headline").unwrap();
        assert_eq!(m.inline(&headline, &[]), "one two");
        assert_eq!(m.paragraphs(&headline), vec!["one", "two"]);
        // HEAD is left open: it ends where TEXT, a field, begins.
        let head = m.first("HEAD").unwrap();
        assert_eq!(m.inline(&head, &[]), "h");
        assert_eq!(m.doc_attribute("id").as_deref(), Some("a"));
        assert_eq!(m.doc_attribute("TYPE").as_deref(), Some("story"));
        assert_eq!(m.doc_attribute("x"), None);
        assert_eq!(m.doc_attribute("missing"), None);
        assert!(m.first("NOSUCH").is_none());
        // Left open inside a closed element: ends at its parent's end tag.
        let m = markup("<DOC><H3><TI>title</H3><TEXT>x</TEXT></DOC>");
        let ti = m.first("TI").unwrap();
        assert_eq!(m.inline(&ti, &[]), "title");
        // Skipped elements, closed or not.
        let m = markup("<HEADLINE><AU>Author</AU> Title <AU>x</HEADLINE>");
        let h = m.first("HEADLINE").unwrap();
        assert_eq!(m.inline(&h, &["AU"]), "Title");
    }

    #[test]
    fn attributes() {
        let cases = [
            (" id=\"A B\" type='story'", "id", Some("A B")),
            (" id=\"A B\" type='story'", "type", Some("story")),
            ("  ID = x1  type=y", "id", Some("x1")),
            (" flag id=\"&amp;\"", "id", Some("&")),
            (" id=\"unclosed", "id", Some("unclosed")),
            (" =x id=y", "id", Some("y")),
            (" / id=z", "id", Some("z")),
            ("", "id", None),
            (" id", "id", None),
        ];
        for (attributes, name, want) in cases {
            assert_eq!(attribute(attributes, name).as_deref(), want, "{attributes}");
        }
    }

    #[test]
    fn markup_out_text_in() {
        // (raw TEXT content, paragraphs)
        let cases: &[(&str, &[&str])] = &[
            ("a < b and c > d", &["a < b and c > d"]),
            ("x <y", &["x <y"]),
            ("<!-- never closed\nnext line", &["next line"]),
            ("one<!-- a\n\nb -->two", &["onetwo"]),
            ("<F P=102>\n</F>", &[]),
            ("   first\nwrapped\n   second", &["first wrapped", "second"]),
            ("\tfirst\n\tsecond", &["first", "second"]),
            (
                "<T> starts with a tag\n</F> goes on",
                &["starts with a tag goes on"],
            ),
            (
                "flat\nlines\n\nblank-separated",
                &["flat lines", "blank-separated"],
            ),
            ("<P>one</P>two<P>three", &["one", "two", "three"]),
            ("&#2;ctrl\u{7}chars&#9;tab", &["ctrlchars tab"]),
            (
                "caf\u{e9} &eacute;&#233;&#xE9;",
                &["caf\u{e9} \u{e9}\u{e9}\u{e9}"],
            ),
            (
                "&#1114112; &#xD800; &#; &; & x",
                &["&#1114112; &#xD800; &#; &; & x"],
            ),
            (
                "\u{e9}&amp\u{e9}\u{e9}\u{e9}\u{e9}\u{e9};",
                &["\u{e9}&amp\u{e9}\u{e9}\u{e9}\u{e9}\u{e9};"],
            ),
        ];
        for &(content, want) in cases {
            let text = format!("<TEXT>{content}</TEXT>");
            let m = markup(&text);
            let e = m.first("TEXT").unwrap();
            assert_eq!(m.paragraphs(&e), want, "{content:?}");
        }
    }

    #[test]
    fn dates_in_ids() {
        let cases = [
            ("AFP_ENG_20090531.0001", Some("2009-05-31")),
            ("APW19950101.0002", Some("1995-01-01")),
            (" NYT19980601.0001 ", Some("1998-06-01")),
            ("20090531.0001", None),
            ("AFP_ENG_2009053.0001", None),
            ("AFP_ENG_2009O531.0001", None),
            ("FT911-1", None),
            ("doc2", None),
            ("\u{e9}20090531.1", None),
            ("", None),
        ];
        for (id, want) in cases {
            assert_eq!(eight_digit_date(id).as_deref(), want, "{id}");
        }
    }

    /// Random soup of the family's pieces: no panic, records in order,
    /// no empty paragraph.
    #[test]
    fn random_markup_keeps_invariants() {
        const POOL: &[&str] = &[
            "<DOC>",
            "<DOC id=\"X_1\" type=\"story\">",
            "</DOC>",
            "<DOCNO>",
            "</DOCNO>",
            "<TEXT>",
            "</TEXT>",
            "<P>",
            "</P>",
            "<HEADLINE>",
            "</HEADLINE>",
            "<F P=102>",
            "</F>",
            "<T>",
            "<!--",
            "-->",
            "&amp;",
            "&AMP;",
            "&#",
            "&",
            "<",
            ">",
            " ",
            "   ",
            "\t",
            "word",
            "<AU>",
            "</",
            "<!",
            "=\"",
            "\u{e9}",
            "",
        ];
        let mut next = crate::formats::xorshift(0xD0C5);
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(next() % 50) {
                text.push_str(POOL[(next() % POOL.len() as u64) as usize]);
                if next().is_multiple_of(3) {
                    text.push('\n');
                }
            }
            let mut lines = LineReader::new(text.as_bytes());
            let mut last = 0;
            for item in DocParser::new(&mut lines, super::super::record).records() {
                let Ok(r) = item else { continue };
                assert!(r.line >= last, "{text:?}");
                last = r.line;
                assert!(r.paragraphs.iter().all(|p| !p.is_empty()), "{text:?}");
                assert!(!r.headline.contains('\n'), "{text:?}");
            }
        }
    }
}
