//! The XML event stream of a feed -> entries.
//!
//! `quick-xml` reads the line reader's decoded lines through [`LineStream`]
//! (a `BufRead` that feeds it line by line and remembers where each line
//! starts, to name lines in warnings); the parser keeps only the elements
//! open around the current one and the item being read. It is forgiving
//! where feeds are sloppy: end tags need not match (an end tag closes the
//! elements opened after its start tag, as HTML's do), a bare `&` is text,
//! undeclared entities (`&nbsp;`, an RSS 0.91 DTD's `&eacute;`) are read as
//! HTML's, and markup inside a text element (`<description>` holding raw
//! HTML, Atom `type="xhtml"`) is kept as markup for the HTML step. An XML
//! error quick-xml reports (an unclosed comment, a stray `<!`) costs the
//! item it is in, with a warning naming the line.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::{entities, Entry, Text};
use crate::formats::{Parse, Queue, RecordError};
use crate::read::LineReader;

/// Longest text kept of one item (all its fields together); the rest is
/// dropped with a warning. News items are a few KB.
const MAX_ITEM_BYTES: usize = 8 << 20;
/// Longest stretch of input one XML event (a text, a tag, a CDATA section, a
/// comment) may span: quick-xml buffers an event whole, so a feed of
/// gigabytes without markup would otherwise be held in memory.
const MAX_EVENT_BYTES: u64 = 16 << 20;
/// Elements nested deeper than this are not tracked (no feed comes close);
/// it bounds the parser's stack on a flood of start tags.
const MAX_DEPTH: usize = 1024;
/// Bytes of an element's name kept to match its end tag: with the depth,
/// it bounds the stack however long the names of a broken feed.
const MAX_NAME_BYTES: usize = 256;

/// The namespaces a feed's elements are told apart by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// No namespace: RSS 0.9x and 2.0.
    None,
    Rss1,
    Atom,
    /// `content:encoded`.
    Content,
    /// Dublin Core: `dc:date`.
    Dc,
    Other,
}

impl Ns {
    fn of(resolved: &ResolveResult) -> Ns {
        match resolved {
            ResolveResult::Unbound => Ns::None,
            ResolveResult::Bound(ns) => match ns.0 {
                "http://purl.org/rss/1.0/" | "http://my.netscape.com/rdf/simple/0.9/" => Ns::Rss1,
                "http://www.w3.org/2005/Atom" | "http://purl.org/atom/ns#" => Ns::Atom,
                "http://purl.org/rss/1.0/modules/content/" => Ns::Content,
                "http://purl.org/dc/elements/1.1/" => Ns::Dc,
                // RSS 2.0 feeds that declare a namespace for it.
                "http://backend.userland.com/rss2" | "http://blogs.law.harvard.edu/tech/rss" => {
                    Ns::None
                }
                _ => Ns::Other,
            },
            // A prefix used without being declared: known by its usual name.
            ResolveResult::Unknown(prefix) => match prefix.as_str() {
                "content" => Ns::Content,
                "dc" => Ns::Dc,
                "atom" => Ns::Atom,
                _ => Ns::Other,
            },
        }
    }
}

/// Which kind of item is being read: the two name their fields apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rss,
    Atom,
}

/// The kind of item an element starts, if it starts one.
fn item_kind(ns: Ns, local: &str) -> Option<Kind> {
    match (ns, local) {
        (Ns::None | Ns::Rss1, "item") => Some(Kind::Rss),
        (Ns::Atom, "entry") => Some(Kind::Atom),
        _ => None,
    }
}

/// What an item's child element holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Id,
    Link,
    /// A publication date; a lower rank is preferred (`pubDate` over
    /// `dc:date`, Atom `published` over 0.3's `issued`).
    Published(u8),
    Updated,
    Content,
    Summary,
    /// RSS `author`, `dc:creator`.
    Author,
    /// Atom `author`: only the text of its `name` is kept.
    AtomAuthor,
    Category,
    Language,
}

/// What a child element of an item is to the parser.
enum Child {
    /// A field: its text is kept, as HTML or not.
    Field(Role, bool),
    /// An Atom `<link>`: its `href` may be the item's link.
    AtomLink,
    /// An Atom `<category>`: its `label`, else `term`, may be the section.
    AtomCategory,
    /// Anything else: read past.
    Other,
}

/// The role of the child element `local` (in `ns`) of an item of `kind`.
fn child(kind: Kind, ns: Ns, local: &str, start: &BytesStart) -> Child {
    use Child::{AtomCategory, AtomLink, Field, Other};
    match (kind, ns, local) {
        (Kind::Rss, Ns::None | Ns::Rss1, "title") => Field(Role::Title, false),
        (Kind::Rss, Ns::None | Ns::Rss1, "link") => Field(Role::Link, false),
        (Kind::Rss, Ns::None, "guid") => Field(Role::Id, false),
        (Kind::Rss, Ns::None, "pubDate") => Field(Role::Published(0), false),
        (Kind::Rss, Ns::None, "author") => Field(Role::Author, false),
        (Kind::Rss, Ns::None, "category") => Field(Role::Category, false),
        (Kind::Atom, Ns::Atom, "author") => Field(Role::AtomAuthor, false),
        (Kind::Atom, Ns::Atom, "category") => AtomCategory,
        (_, Ns::Dc, "creator") => Field(Role::Author, false),
        (_, Ns::Dc, "language") => Field(Role::Language, false),
        (Kind::Rss, Ns::None | Ns::Rss1, "description") => Field(Role::Summary, true),
        (Kind::Atom, Ns::Atom, "title") => match atom_text(start) {
            Some(html) => Field(Role::Title, html),
            None => Other,
        },
        (Kind::Atom, Ns::Atom, "id") => Field(Role::Id, false),
        (Kind::Atom, Ns::Atom, "link") => AtomLink,
        (Kind::Atom, Ns::Atom, "published") => Field(Role::Published(0), false),
        (Kind::Atom, Ns::Atom, "issued") => Field(Role::Published(1), false),
        (Kind::Atom, Ns::Atom, "created") => Field(Role::Published(2), false),
        (Kind::Atom, Ns::Atom, "updated" | "modified") => Field(Role::Updated, false),
        (Kind::Atom, Ns::Atom, "content") if attribute(start, "src").is_none() => {
            match atom_text(start) {
                Some(html) => Field(Role::Content, html),
                None => Other,
            }
        }
        (Kind::Atom, Ns::Atom, "summary") => match atom_text(start) {
            Some(html) => Field(Role::Summary, html),
            None => Other,
        },
        (_, Ns::Dc, "date") => Field(Role::Published(3), false),
        (Kind::Rss, Ns::Dc, "description") => Field(Role::Summary, true),
        (_, Ns::Content, "encoded") => Field(Role::Content, true),
        _ => Other,
    }
}

/// Whether an Atom text construct is HTML (`Some(true)`), plain
/// (`Some(false)`), or no text at all (`None`: base64, another media type).
/// Atom 1.0 says `type="text|html|xhtml"`; Atom 0.3 a media type and a
/// `mode`.
fn atom_text(start: &BytesStart) -> Option<bool> {
    if attribute(start, "mode").is_some_and(|m| m.eq_ignore_ascii_case("base64")) {
        return None;
    }
    let kind = attribute(start, "type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    match kind.as_str() {
        "" | "text" | "text/plain" => Some(false),
        "html" | "xhtml" | "text/html" | "application/xhtml+xml" => Some(true),
        other if other.starts_with("text/") => Some(false),
        _ => None,
    }
}

/// The value of the attribute `local` (any prefix), references decoded as
/// HTML's (feeds use HTML's entities in attributes too).
fn attribute(start: &BytesStart, local: &str) -> Option<String> {
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .find_map(|a| {
            let key = a.key.0;
            let name = key.rsplit(':').next().unwrap_or(key);
            (name == local).then(|| entities::decode(&a.value))
        })
}

/// The part of a qualified name kept to match end tags (all of any real
/// one).
fn name_key(qualified: &str) -> &str {
    let mut end = qualified.len().min(MAX_NAME_BYTES);
    while !qualified.is_char_boundary(end) {
        end -= 1;
    }
    &qualified[..end]
}

/// The local part of a qualified name.
fn local_name(qualified: &str) -> &str {
    qualified.rsplit(':').next().unwrap_or(qualified)
}

/// An element that is open outside any field, by its qualified name as
/// written (to match its end tag).
struct Open {
    name: String,
}

/// A field of the item being read: its text so far.
struct Field {
    role: Role,
    html: bool,
    /// The qualified name as written, to match its end tag.
    name: String,
    /// Elements of the same name opened inside it and not yet closed.
    nested: usize,
    text: String,
    line: u64,
    /// In an Atom `author`: inside its `name`, whose text alone is kept.
    in_name: bool,
}

/// The item being read.
struct Item {
    kind: Kind,
    entry: Entry,
    published_rank: Option<u8>,
    /// Its element's place in `FeedParser::open`.
    depth: usize,
    line: u64,
    offset: u64,
    field: Option<Field>,
    /// Bytes of text kept so far.
    bytes: usize,
    /// Over `MAX_ITEM_BYTES`: nothing more is kept.
    cut: bool,
    /// The first XML error inside it, by line: it is skipped.
    damage: Option<(u64, String)>,
}

impl Item {
    /// Adds `text` to the open field, within the item's cap.
    fn push(&mut self, text: &str, queue: &mut Queue, line: u64) {
        let Some(field) = self.field.as_mut() else {
            return;
        };
        if self.cut || (field.role == Role::AtomAuthor && !field.in_name) {
            return;
        }
        let room = MAX_ITEM_BYTES.saturating_sub(self.bytes);
        let mut kept = text;
        if text.len() > room {
            let mut end = room;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            kept = &text[..end];
            self.cut = true;
            queue.warn(
                line,
                format!(
                    "item longer than {} MB; the rest of it is dropped",
                    MAX_ITEM_BYTES >> 20
                ),
            );
        }
        field.text.push_str(kept);
        self.bytes += kept.len();
    }

    /// Closes the open field, keeping its text in the entry.
    fn close_field(&mut self) {
        let Some(field) = self.field.take() else {
            return;
        };
        if field.text.trim().is_empty() {
            return;
        }
        let entry = &mut self.entry;
        let text = field.text;
        let html = field.html;
        match field.role {
            Role::Title if entry.title.is_none() => entry.title = Some(Text { text, html }),
            Role::Id if entry.id.is_none() => entry.id = Some(text),
            Role::Link if entry.link.is_none() => entry.link = Some(text),
            Role::Published(rank) if self.published_rank.is_none_or(|best| rank < best) => {
                entry.published = Some(text);
                self.published_rank = Some(rank);
            }
            Role::Updated if entry.updated.is_none() => entry.updated = Some(text),
            Role::Content if entry.content.is_none() => entry.content = Some(Text { text, html }),
            Role::Summary if entry.summary.is_none() => entry.summary = Some(Text { text, html }),
            Role::Author | Role::AtomAuthor if entry.author.is_none() => entry.author = Some(text),
            Role::Category if entry.section.is_none() => entry.section = Some(text),
            Role::Language if entry.language.is_none() => entry.language = Some(text),
            _ => {}
        }
    }
}

/// Where a line of the stream starts: in the stream fed to quick-xml, and
/// in the file.
#[derive(Debug, Clone, Copy)]
struct LineStart {
    at: u64,
    number: u64,
    offset: u64,
}

/// The line reader's lines as one byte stream (each line's text and a
/// `\n`) for quick-xml. It remembers where the lines since the current
/// event's start begin, so positions quick-xml reports name lines; and it
/// refuses to feed one event more than `MAX_EVENT_BYTES`.
struct LineStream<'a, R> {
    lines: &'a mut LineReader<R>,
    /// The current line and its line end.
    line: Vec<u8>,
    /// Bytes of `line` already consumed.
    used: usize,
    /// Stream position of `line[used]`.
    at: u64,
    starts: VecDeque<LineStart>,
    /// Bytes consumed since the current event began.
    in_event: u64,
    /// The read error met, kept for the parser to return (quick-xml gets a
    /// stand-in).
    error: Option<io::Error>,
    /// An event outgrew `MAX_EVENT_BYTES`.
    overlong: bool,
}

impl<'a, R: BufRead> LineStream<'a, R> {
    fn new(lines: &'a mut LineReader<R>) -> Self {
        LineStream {
            lines,
            line: Vec::new(),
            used: 0,
            at: 0,
            starts: VecDeque::new(),
            in_event: 0,
            error: None,
            overlong: false,
        }
    }

    /// A new event begins at stream position `at`: lines before it are
    /// forgotten, and its size is counted from here.
    fn mark(&mut self, at: u64) {
        self.in_event = 0;
        while self.starts.len() > 1 && self.starts[1].at <= at {
            self.starts.pop_front();
        }
    }

    /// Line number and file offset of stream position `at` (at or after
    /// the current event's start).
    fn locate(&self, at: u64) -> (u64, u64) {
        let i = self.starts.partition_point(|s| s.at <= at);
        match self.starts.get(i.saturating_sub(1)) {
            Some(start) => (start.number, start.offset + at.saturating_sub(start.at)),
            None => (1, 0),
        }
    }

    /// The number of the last line read (0 before the first).
    fn last_line(&self) -> u64 {
        self.starts.back().map_or(0, |s| s.number)
    }
}

impl<R: BufRead> BufRead for LineStream<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.used == self.line.len() {
            if self.in_event > MAX_EVENT_BYTES {
                self.overlong = true;
                return Err(io::Error::other("XML event too long"));
            }
            match self.lines.next_line() {
                Ok(Some(line)) => {
                    self.starts.push_back(LineStart {
                        at: self.at,
                        number: line.number,
                        offset: line.offset,
                    });
                    self.line = line.text.into_bytes();
                    self.line.push(b'\n');
                    self.used = 0;
                }
                Ok(None) => return Ok(&[]),
                Err(err) => {
                    self.error = Some(err);
                    return Err(io::Error::other("read error"));
                }
            }
        }
        Ok(&self.line[self.used..])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.line.len() - self.used);
        self.used += n;
        self.at += n as u64;
        self.in_event += n as u64;
    }
}

impl<R: BufRead> Read for LineStream<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

pub struct FeedParser<'a, R> {
    reader: NsReader<LineStream<'a, R>>,
    buf: Vec<u8>,
    /// Elements open outside any field, outermost first.
    open: Vec<Open>,
    /// Start tags met past `MAX_DEPTH`, not tracked.
    untracked: usize,
    item: Option<Item>,
    /// An XML error just reported by quick-xml, by line: reported once the
    /// next event tells whether reading goes on after it (most errors end
    /// the input: quick-xml stops at an unclosed comment, tag or section,
    /// and at a stray `<!`).
    error: Option<(u64, String)>,
    /// Decided at the document element: an Atom `<feed>` written without
    /// its namespace, whose unqualified elements are then Atom's.
    bare_atom: Option<bool>,
    /// The feed's language: the channel's `language` / `dc:language`, else
    /// the document element's `xml:lang`; an item states its own first.
    language: Option<String>,
    /// A channel-level `language` element being read: its qualified name
    /// and its text so far.
    channel_language: Option<(String, String)>,
}

impl<'a, R: BufRead> FeedParser<'a, R> {
    /// A parser of the feed in `lines` (the format has nothing to
    /// configure).
    pub fn new(lines: &'a mut LineReader<R>) -> Self {
        let mut reader = NsReader::from_reader(LineStream::new(lines));
        let config = reader.config_mut();
        // Feeds are hand-made: forgive what does not change the text.
        config.allow_dangling_amp = true;
        config.allow_unmatched_ends = true;
        config.check_end_names = false;
        FeedParser {
            reader,
            buf: Vec::new(),
            open: Vec::new(),
            untracked: 0,
            item: None,
            error: None,
            bare_atom: None,
            language: None,
            channel_language: None,
        }
    }

    /// The line and file offset of stream position `at`.
    fn locate(&self, at: u64) -> (u64, u64) {
        self.reader.get_ref().locate(at)
    }

    /// Queues the item's record (or why it has none).
    fn finish_item(&mut self, queue: &mut Queue) {
        let Some(mut item) = self.item.take() else {
            return;
        };
        item.close_field();
        if item.entry.language.is_none() {
            item.entry.language.clone_from(&self.language);
        }
        if let Some((line, reason)) = item.damage {
            queue.warn(
                line,
                format!(
                    "{reason}; the item that starts at line {} is skipped",
                    item.line
                ),
            );
            return;
        }
        match item.entry.record(item.line, item.offset) {
            Ok(record) => queue.record(record),
            Err(reason) => queue.warn(item.line, reason),
        }
    }

    fn start(&mut self, ns: Ns, start: &BytesStart, empty: bool, at: u64, queue: &mut Queue) {
        let local = local_name(start.name().0);
        let qualified = name_key(start.name().0);
        if let Some(item) = self.item.as_mut() {
            if let Some(field) = item.field.as_mut() {
                // Markup inside a field: HTML for the HTML step, or
                // nothing in a plain field.
                if qualified == field.name && !empty {
                    field.nested += 1;
                }
                if field.role == Role::AtomAuthor && local == "name" && !empty {
                    field.in_name = true;
                }
                if field.html {
                    let tag = if empty {
                        format!("<{local}/>")
                    } else {
                        format!("<{local}>")
                    };
                    let (line, _) = self.reader.get_ref().locate(at);
                    item.push(&tag, queue, line);
                }
                return;
            }
        }
        if self.open.len() >= MAX_DEPTH {
            self.untracked += usize::from(!empty);
            return;
        }
        let depth = self.open.len();
        if depth == 0 && self.language.is_none() {
            self.language = attribute(start, "lang").filter(|l| !l.trim().is_empty());
        }
        let language_element = matches!((ns, local), (Ns::None | Ns::Rss1 | Ns::Dc, "language"));
        if self.item.is_none() && language_element && !empty {
            self.channel_language = Some((qualified.to_string(), String::new()));
        }
        if let Some(kind) = item_kind(ns, local) {
            let sibling = self.item.as_ref().is_some_and(|i| depth == i.depth + 1);
            if self.item.is_none() || sibling {
                if let Some(item) = &self.item {
                    queue.warn(item.line, "item not closed before the next one starts");
                    let outer = item.depth;
                    self.finish_item(queue);
                    self.open.truncate(outer);
                }
                let (line, offset) = self.locate(at);
                self.item = Some(Item {
                    kind,
                    entry: Entry {
                        about: attribute(start, "about"),
                        language: attribute(start, "lang").filter(|l| !l.trim().is_empty()),
                        ..Entry::default()
                    },
                    published_rank: None,
                    depth: self.open.len(),
                    line,
                    offset,
                    field: None,
                    bytes: 0,
                    cut: false,
                    damage: None,
                });
                if empty {
                    self.finish_item(queue);
                } else {
                    self.open.push(Open {
                        name: qualified.to_string(),
                    });
                }
                return;
            }
        }
        if let Some(item) = self.item.as_mut().filter(|i| depth == i.depth + 1) {
            match child(item.kind, ns, local, start) {
                Child::Field(role, html) if !empty => {
                    let (line, _) = self.reader.get_ref().locate(at);
                    item.field = Some(Field {
                        role,
                        html,
                        name: qualified.to_string(),
                        nested: 0,
                        text: String::new(),
                        line,
                        in_name: false,
                    });
                    return;
                }
                Child::AtomCategory if item.entry.section.is_none() => {
                    item.entry.section = attribute(start, "label")
                        .filter(|l| !l.trim().is_empty())
                        .or_else(|| attribute(start, "term"))
                        .filter(|t| !t.trim().is_empty());
                }
                Child::AtomLink => {
                    let rel = attribute(start, "rel");
                    let alternate = rel.as_deref().is_none_or(|r| r.trim() == "alternate");
                    if alternate && item.entry.link.is_none() {
                        item.entry.link = attribute(start, "href").filter(|h| !h.trim().is_empty());
                    }
                }
                _ => {}
            }
        }
        if !empty {
            self.open.push(Open {
                name: qualified.to_string(),
            });
        }
    }

    fn end(&mut self, qualified: &str, at: u64, queue: &mut Queue) {
        let local = local_name(qualified);
        let qualified = name_key(qualified);
        if let Some((name, text)) = self.channel_language.take() {
            if name == qualified {
                // The channel's own element wins over the root's `xml:lang`.
                let text = text.trim();
                if !text.is_empty() {
                    self.language = Some(text.to_string());
                }
            } else {
                self.channel_language = Some((name, text));
            }
        }
        if let Some(item) = self.item.as_mut() {
            if let Some(field) = item.field.as_mut() {
                if field.role == Role::AtomAuthor && local == "name" {
                    field.in_name = false;
                }
                if qualified == field.name {
                    if field.nested == 0 {
                        item.close_field();
                        return;
                    }
                    field.nested -= 1;
                }
                let closes_outer = self.open.iter().any(|o| o.name == qualified);
                if !closes_outer {
                    if field.html {
                        let tag = format!("</{local}>");
                        let (line, _) = self.reader.get_ref().locate(at);
                        item.push(&tag, queue, line);
                    }
                    return;
                }
                queue.warn(
                    field.line,
                    format!("<{}> not closed before </{qualified}>", field.name),
                );
                item.close_field();
            }
        }
        if self.untracked > 0 {
            self.untracked -= 1;
            return;
        }
        // An end tag closes its element and whatever was left open in it;
        // one that closes nothing open is ignored.
        let Some(i) = self.open.iter().rposition(|o| o.name == qualified) else {
            return;
        };
        if let Some(item) = &self.item {
            if i <= item.depth {
                if i < item.depth {
                    queue.warn(
                        item.line,
                        format!("item not closed before </{qualified}>; kept"),
                    );
                }
                self.finish_item(queue);
            }
        }
        self.open.truncate(i);
    }

    /// Text (`text`, references already resolved where they must be) for
    /// the open field.
    fn text(&mut self, text: &str, at: u64, queue: &mut Queue) {
        if let Some((_, language)) = self.channel_language.as_mut() {
            if language.len() < MAX_NAME_BYTES {
                language.push_str(text);
            }
        }
        if let Some(item) = self.item.as_mut() {
            if item.field.is_some() {
                let (line, _) = self.reader.get_ref().locate(at);
                item.push(text, queue, line);
            }
        }
    }

    /// An entity or character reference (`name` is what stands between `&`
    /// and `;`). In an HTML field XML's own and character references are
    /// markup-level text, so they are resolved here, and others (`&nbsp;`)
    /// are left for the HTML step; elsewhere any known one is resolved.
    fn reference(&mut self, name: &str, at: u64, queue: &mut Queue) {
        let Some(html) = self
            .item
            .as_ref()
            .and_then(|i| i.field.as_ref())
            .map(|f| f.html)
        else {
            return;
        };
        let xml_level =
            name.starts_with('#') || matches!(name, "lt" | "gt" | "amp" | "quot" | "apos");
        let resolved = if html && !xml_level {
            None
        } else {
            entities::reference(name)
        };
        let text = match resolved {
            Some(c) => c.to_string(),
            None => format!("&{name};"),
        };
        self.text(&text, at, queue);
    }

    /// The end of the input: an item still open was cut off, and so was a
    /// feed whose document element is still open. After an XML error, that
    /// error is why.
    fn end_of_input(&mut self, queue: &mut Queue) {
        let last = self.reader.get_ref().last_line().max(1);
        let item = self.item.take();
        match (self.error.take(), item) {
            (Some((line, reason)), Some(item)) => queue.warn(
                line,
                format!(
                    "{reason}; the rest of the feed, from the item that starts at line {}, is skipped",
                    item.line
                ),
            ),
            (Some((line, reason)), None) => {
                queue.warn(line, format!("{reason}; the rest of the feed is skipped"))
            }
            (None, Some(item)) => queue.warn(
                item.line,
                "the feed ends inside this item (truncated?); item skipped",
            ),
            (None, None) => {
                if let Some(root) = self.open.first() {
                    queue.warn(
                        last,
                        format!(
                            "the feed ends before </{}> (truncated?); the items before are kept",
                            root.name
                        ),
                    );
                }
            }
        }
        self.open.clear();
        queue.finish();
    }

    /// An error quick-xml reports: a read error ends the feed (the caller
    /// salvages); an over-long event ends it with a warning; an XML error is
    /// held until the next event.
    fn fail(&mut self, err: quick_xml::Error, queue: &mut Queue) -> Result<(), RecordError> {
        let stream = self.reader.get_mut();
        if let Some(err) = stream.error.take() {
            return Err(RecordError::Io(err));
        }
        if stream.overlong {
            let (line, _) = self.locate(self.reader.buffer_position());
            let reason = format!(
                "a text, tag or section longer than {} MB",
                MAX_EVENT_BYTES >> 20
            );
            self.error = Some((line, reason));
            self.end_of_input(queue);
            return Ok(());
        }
        if let Some((line, reason)) = self.report_error() {
            queue.warn(line, reason);
        }
        let (line, _) = self.locate(self.reader.error_position());
        self.error = Some((line, format!("XML error: {err}")));
        Ok(())
    }

    /// Reading went on after an XML error: it costs the item it is in (or,
    /// outside items, only a warning).
    fn report_error(&mut self) -> Option<(u64, String)> {
        let error = self.error.take()?;
        match self.item.as_mut() {
            Some(item) => {
                item.damage.get_or_insert(error);
                None
            }
            None => Some(error),
        }
    }
}

impl<R: BufRead> Parse for FeedParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        let at = self.reader.buffer_position();
        self.reader.get_mut().mark(at);
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let result = match self.reader.read_resolved_event_into(&mut buf) {
            Err(err) => self.fail(err, queue),
            Ok((_, Event::Eof)) => {
                self.end_of_input(queue);
                Ok(())
            }
            Ok((resolved, event)) => {
                let mut ns = Ns::of(&resolved);
                if let Some((line, reason)) = self.report_error() {
                    queue.warn(line, reason);
                }
                if let (None, Event::Start(e) | Event::Empty(e)) = (self.bare_atom, &event) {
                    self.bare_atom = Some(ns == Ns::None && e.name().0 == "feed");
                }
                if ns == Ns::None && self.bare_atom == Some(true) {
                    ns = Ns::Atom;
                }
                match event {
                    Event::Start(start) => self.start(ns, &start, false, at, queue),
                    Event::Empty(start) => self.start(ns, &start, true, at, queue),
                    Event::End(end) => self.end(end.name().0, at, queue),
                    Event::Text(text) => self.text(&text.xml10_content(), at, queue),
                    Event::CData(cdata) => self.text(&cdata.xml10_content(), at, queue),
                    Event::GeneralRef(reference) => self.reference(&reference, at, queue),
                    Event::Eof
                    | Event::Comment(_)
                    | Event::Decl(_)
                    | Event::PI(_)
                    | Event::DocType(_) => {}
                }
                Ok(())
            }
        };
        self.buf = buf;
        result
    }

    /// A read error cut the feed: the item being read is incomplete, so it
    /// is skipped, named.
    fn salvage(&mut self, queue: &mut Queue) {
        if let Some(item) = self.item.take() {
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
        FeedParser::new(&mut lines)
            .records()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }

    fn records(text: &str) -> Vec<RawRecord> {
        parse(text).into_iter().filter_map(Result::ok).collect()
    }

    /// Headlines of the records, or their warnings.
    fn summary(text: &str) -> Vec<Result<String, String>> {
        parse(text)
            .into_iter()
            .map(|r| r.map(|r| r.headline))
            .collect()
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Channel title is no article</title>
  <description>Nor is its description</description>
  <item>
    <title>First &amp; <![CDATA[best]]></title>
    <link>https://example.org/1</link>
    <guid isPermaLink="false">guid-1</guid>
    <description>Short &lt;b&gt;one&lt;/b&gt;</description>
    <content:encoded><![CDATA[<p>Full one.</p><p>Second &nbsp;para.</p>]]></content:encoded>
    <dc:date>2021-02-06</dc:date>
    <pubDate>Sat, 06 Feb 2021 23:01:00 +0000</pubDate>
  </item>
  <item>
    <title>Second</title>
    <link>https://example.org/2</link>
    <description><p>Raw <b>HTML</b> markup</p><p>in XML</description>
    <dc:date>2021-02-07T10:00:00+01:00</dc:date>
  </item>
</channel>
</rss>
"#;

    #[test]
    fn authors_sections_links_and_languages() {
        let rss = r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>C</title><language>en-us</language>
<item><title>A</title><link> https://x.test/a </link><author>ed@x.test (Ed Lee)</author>
<category>World</category><category>Europe</category><description>d</description></item>
<item><title>B</title><dc:creator><![CDATA[Ann  Ray]]></dc:creator><dc:language>fr</dc:language>
<description>d</description></item>
</channel></rss>"#;
        let got: Vec<_> = records(rss)
            .into_iter()
            .map(|r| {
                (
                    r.stated.url,
                    r.stated.author,
                    r.stated.section,
                    r.stated.language,
                )
            })
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            got,
            [
                (
                    some("https://x.test/a"),
                    some("ed@x.test (Ed Lee)"),
                    some("World"),
                    some("en-us")
                ),
                (None, some("Ann Ray"), None, some("fr")),
            ]
        );

        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB"><title>F</title>
<entry><title>A</title><link rel="alternate" href="https://x.test/1"/>
<author><name>Jo Poe</name><email>jo@x.test</email><uri>https://x.test/jo</uri></author>
<category term="tech" label="Technology"/><summary>s</summary></entry>
<entry xml:lang="de"><title>B</title><category term="sport"/><summary>s</summary></entry>
</feed>"#;
        let got: Vec<_> = records(atom)
            .into_iter()
            .map(|r| {
                (
                    r.stated.url,
                    r.stated.author,
                    r.stated.section,
                    r.stated.language,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    some("https://x.test/1"),
                    some("Jo Poe"),
                    some("Technology"),
                    some("en-GB")
                ),
                (None, None, some("sport"), some("de")),
            ]
        );
    }

    #[test]
    fn rss_items() {
        let got = records(RSS);
        assert_eq!(got.len(), 2);
        let r = &got[0];
        assert_eq!(r.headline, "First & best");
        assert_eq!(r.paragraphs, ["Full one.", "Second \u{a0}para."]);
        assert_eq!(r.stated.id.as_deref(), Some("guid-1"));
        assert_eq!(
            r.stated.date.as_deref(),
            Some("Sat, 06 Feb 2021 23:01:00 +0000"),
            "pubDate is preferred to dc:date"
        );
        assert_eq!((r.line, r.offset), (6, RSS.find("<item>").unwrap() as u64));
        let r = &got[1];
        assert_eq!(r.headline, "Second");
        assert_eq!(r.paragraphs, ["Raw HTML markup", "in XML"]);
        assert_eq!(r.stated.id.as_deref(), Some("https://example.org/2"));
        assert_eq!(r.stated.date.as_deref(), Some("2021-02-07T10:00:00+01:00"));
        assert_eq!(r.line, 15);
    }

    const ATOM: &str = r#"<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Feed</title>
  <entry>
    <title type="html">&lt;b&gt;Big&lt;/b&gt; news</title>
    <link rel="enclosure" href="https://example.org/a.mp3"/>
    <link href="https://example.org/1"/>
    <id>tag:example.org,2024:1</id>
    <updated>2024-03-08T00:00:00Z</updated>
    <published>2024-03-07T10:00:00+01:00</published>
    <summary>Short one</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Full <i>one</i>.</p><div>Nested div</div></div></content>
    <source><title>Not the title</title><id>not-the-id</id></source>
  </entry>
  <entry>
    <title>Plain &lt;b&gt; title</title>
    <link rel="alternate" href="https://example.org/2"></link>
    <updated>2024-03-09T00:00:00Z</updated>
    <content src="https://example.org/2.html"/>
    <summary type="text">Line one
line two</summary>
  </entry>
  <entry>
    <title>Binary content</title>
    <content type="image/png">iVBORw0KGgo=</content>
  </entry>
</feed>
"#;

    #[test]
    fn atom_entries() {
        let got = records(ATOM);
        assert_eq!(got.len(), 3);
        let r = &got[0];
        assert_eq!(r.headline, "Big news");
        assert_eq!(r.paragraphs, ["Full one.", "Nested div"]);
        assert_eq!(r.stated.id.as_deref(), Some("tag:example.org,2024:1"));
        assert_eq!(r.stated.date.as_deref(), Some("2024-03-07T10:00:00+01:00"));
        let r = &got[1];
        assert_eq!(r.headline, "Plain <b> title");
        assert_eq!(r.paragraphs, ["Line one\nline two"]);
        assert_eq!(r.stated.id.as_deref(), Some("https://example.org/2"));
        assert_eq!(r.stated.date.as_deref(), Some("2024-03-09T00:00:00Z"));
        let r = &got[2];
        assert_eq!(r.headline, "Binary content");
        assert!(r.paragraphs.is_empty());
        assert_eq!(r.stated.id, None);
    }

    #[test]
    fn rss1_atom03_bare_atom_and_entry_documents() {
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://example.org/"><title>C</title><items><rdf:Seq><rdf:li resource="https://example.org/1"/></rdf:Seq></items></channel>
<item rdf:about="https://example.org/about-1"><title>RDF item</title><dc:description>DC text</dc:description><dc:date>2023-12-16</dc:date></item>
<item rdf:about="https://example.org/about-2"><title>RDF two</title><link>https://example.org/2</link></item>
</rdf:RDF>"#;
        let got = records(rdf);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].paragraphs, ["DC text"]);
        assert_eq!(
            got[0].stated.id.as_deref(),
            Some("https://example.org/about-1")
        );
        assert_eq!(got[0].stated.date.as_deref(), Some("2023-12-16"));
        assert_eq!(got[1].stated.id.as_deref(), Some("https://example.org/2"));

        let atom03 = r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>Old</title>
<issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified>
<content type="text/html" mode="escaped">&lt;p&gt;Escaped&lt;/p&gt;</content>
<summary mode="base64">AAAA</summary></entry></feed>"#;
        let got = records(atom03);
        assert_eq!(got[0].stated.date.as_deref(), Some("2004-01-01T00:00:00Z"));
        assert_eq!(got[0].paragraphs, ["Escaped"]);

        let bare = "<feed><title>F</title><entry><title>Bare</title><id>b-1</id><summary>S</summary></entry></feed>";
        let got = records(bare);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].stated.id.as_deref(), Some("b-1"));

        // An RSS document has no Atom entries without the namespace.
        let not_atom = "<rss><channel><entry><title>No</title></entry></channel></rss>";
        assert!(records(not_atom).is_empty());

        let lone =
            r#"<entry xmlns="http://www.w3.org/2005/Atom"><title>Lone</title><id>x</id></entry>"#;
        assert_eq!(summary(lone), [Ok("Lone".to_string())]);
    }

    #[test]
    fn entities_a_doctype_and_sloppy_markup() {
        // An RSS 0.91 doctype (never fetched), HTML entities it would have
        // declared, a bare ampersand, a prefix used undeclared.
        let text = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
<item><title>Caf&eacute; &amp; bar & grill &#8217;s &unknown;</title>
<description>A&nbsp;B &amp;amp; &#60;b&#62;c&#60;/b&#62;</description>
<content:encoded>Undeclared prefix</content:encoded></item>
</channel></rss>"#;
        let got = records(text);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].headline,
            "Caf\u{e9} & bar & grill \u{2019}s &unknown;"
        );
        assert_eq!(got[0].paragraphs, ["Undeclared prefix"]);
        let text = text.replace("<content:encoded>Undeclared prefix</content:encoded>", "");
        // `&amp;amp;` is HTML's `&amp;`: one ampersand in the text.
        assert_eq!(records(&text)[0].paragraphs, ["A\u{a0}B & c"]);
    }

    #[test]
    fn unclosed_and_mismatched_elements() {
        let text = "<rss><channel>
<item><title>One</title><description>never closed</item>
<item><title>Two</title><foo><bar></item>
<item><title>Three</title>
<item><title>Four</titel></item>
<item><title>Five</title></channel></rss>";
        let got = summary(text);
        let want = vec![
            Err("line 2: <description> not closed before </item>".to_string()),
            Ok("One".to_string()),
            Ok("Two".to_string()),
            Err("line 4: item not closed before the next one starts".to_string()),
            Ok("Three".to_string()),
            Err("line 5: <title> not closed before </item>".to_string()),
            Ok("Four".to_string()),
            Err("line 6: item not closed before </channel>; kept".to_string()),
            Ok("Five".to_string()),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn truncation_and_xml_errors() {
        // Cut inside the second item: the first is kept.
        let cut = &RSS[..RSS.find("<title>Second").unwrap() + 10];
        let got = summary(cut);
        assert_eq!(got[0], Ok("First & best".to_string()));
        assert_eq!(
            got[1..],
            [Err(
                "line 15: the feed ends inside this item (truncated?); item skipped".to_string()
            )]
        );

        // Cut between items: a warning at the last line.
        let cut = &RSS[..RSS.find("  <item>\n    <title>Second").unwrap()];
        let got = summary(cut);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            Err(
                "line 14: the feed ends before </rss> (truncated?); the items before are kept"
                    .to_string()
            )
        );

        // Markup quick-xml cannot read (a stray `<!`) ends its reading: the
        // items before it are kept, the warning names its line and the item
        // it is in.
        let text = "<rss><channel>
<item><title>Good</title></item>
<item><title>Bad</title>
<!x broken>
</item>
<item><title>Lost</title></item>
</channel></rss>";
        let want = vec![
            Ok("Good".to_string()),
            Err("line 4: XML error: syntax error: unknown or missed symbol in markup; the rest of the feed, from the item that starts at line 3, is skipped".to_string()),
        ];
        assert_eq!(summary(text), want);
        let between = text.replace("<!x broken>\n</item>", "</item>\n<!x broken>");
        let got = summary(&between);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(
            got[2],
            Err("line 5: XML error: syntax error: unknown or missed symbol in markup; the rest of the feed is skipped".to_string())
        );

        // Cut inside a tag: one warning, naming the tag's line.
        let got = summary("<rss><channel>\n<item><title>T</title>\n<link");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0]
                .as_ref()
                .is_err_and(|e| e.starts_with("line 3: XML error:")),
            "{got:?}"
        );
        assert_eq!(summary("").len(), 0);
    }

    #[test]
    fn long_names_and_deep_nesting_are_bounded() {
        // Names past MAX_NAME_BYTES still match their end tags.
        let long = format!("x{}", "\u{e9}".repeat(MAX_NAME_BYTES));
        let text = format!("<rss><channel><item><title>T</title><{long}>y</{long}><guid>g</guid></item></channel></rss>");
        let got = records(&text);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].stated.id.as_deref(), Some("g"));
        // Nesting past MAX_DEPTH is not tracked; the items around it are read.
        let deep = "<a>".repeat(MAX_DEPTH + 10);
        let text = format!("<rss><channel><item><title>Before</title></item>{deep}<item><title>Deep</title></item></channel></rss>");
        let got = summary(&text);
        assert_eq!(got[0], Ok("Before".to_string()));
        assert!(got.len() <= 3, "{got:?}");
    }

    #[test]
    fn items_without_text_are_skipped_named() {
        let text = "<rss><channel>\n<item><link>https://x</link></item>\n<item/>\n</channel></rss>";
        let want = vec![
            Err("line 2: item with neither a title nor any text skipped".to_string()),
            Err("line 3: item with neither a title nor any text skipped".to_string()),
        ];
        assert_eq!(summary(text), want);
    }

    #[test]
    fn over_long_items_are_cut() {
        let big = "word\n".repeat(MAX_ITEM_BYTES / 5 + 100);
        let text = format!(
            "<rss><channel><item><title>Big</title><description>{big}</description></item>\n<item><title>After</title></item></channel></rss>"
        );
        let got = parse(&text);
        assert_eq!(
            got.len(),
            3,
            "{:?}",
            got.iter().map(|r| r.as_ref().err()).collect::<Vec<_>>()
        );
        assert!(got[0]
            .as_ref()
            .is_err_and(|e| e.contains("item longer than 8 MB")));
        let cut = got[1].as_ref().unwrap();
        assert_eq!(cut.headline, "Big");
        assert!(cut.paragraphs[0].len() <= MAX_ITEM_BYTES);
        assert_eq!(got[2].as_ref().unwrap().headline, "After");
    }

    #[test]
    fn over_long_events_end_the_feed() {
        // One text of more than MAX_EVENT_BYTES outside any item, over
        // lines (quick-xml would buffer it whole).
        let line = format!("{}\n", "x".repeat(1000));
        let filler = line.repeat((MAX_EVENT_BYTES as usize) / 1000 + 10);
        let text = format!("<rss><channel><item><title>Kept</title></item>{filler}<item><title>Lost</title></item></channel></rss>");
        let got = summary(&text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], Ok("Kept".to_string()));
        assert!(
            got[1]
                .as_ref()
                .is_err_and(|e| e.contains("longer than 16 MB")),
            "{got:?}"
        );
    }

    /// Random soup of feed markup: no panic, records in order, no empty
    /// record.
    #[test]
    fn random_markup_keeps_invariants() {
        const POOL: &[&str] = &[
            "<rss>",
            "</rss>",
            "<channel>",
            "<item>",
            "</item>",
            "<item/>",
            "<title>",
            "</title>",
            "<description>",
            "</description>",
            "<![CDATA[<p>x</p>]]>",
            "<![CDATA[",
            "]]>",
            "<entry xmlns=\"http://www.w3.org/2005/Atom\">",
            "</entry>",
            "<content type=\"xhtml\">",
            "</content>",
            "<link href=\"h\"/>",
            "<guid>",
            "</guid>",
            "&amp;",
            "&nbsp;",
            "&#",
            "&",
            "<",
            ">",
            "<!--",
            "-->",
            "<!x",
            "<?pi?>",
            "\"",
            "text",
            " ",
            "\n",
            "é",
            "</",
            "<a:b>",
            "xmlns:a=\"u\"",
            "<pubDate>",
            "</pubDate>",
        ];
        let mut next = crate::formats::xorshift(0x0123_4567_89AB_CDEF);
        for _ in 0..3000 {
            let n = (next() % 50) as usize;
            let text: String = (0..n)
                .map(|_| POOL[(next() % POOL.len() as u64) as usize])
                .collect();
            let mut last = 0;
            for r in records(&text) {
                assert!(r.line >= last, "{text:?}");
                last = r.line;
                assert!(
                    !r.headline.is_empty() || !r.paragraphs.is_empty(),
                    "{text:?}"
                );
                assert!(r.paragraphs.iter().all(|p| !p.is_empty()), "{text:?}");
            }
        }
    }
}
