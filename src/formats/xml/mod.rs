//! The news-agency XML formats (NITF, NewsML-G2, RCV1): the step they
//! share. Each is a document element per item (`<nitf>`, `<newsItem>`,
//! `<newsitem>`), one file holding one or many; this module cuts the items
//! out of the lines by their element, reads each into a small element tree,
//! and leaves it to the format's module to say what the tree means.
//!
//! Cutting first, then parsing the item alone, is what makes a bad item
//! cost only itself: an XML error, an item left open at the end of the
//! file, or a runaway item (its text is capped) is one warning naming the
//! line it starts on, and the next item is read as if nothing happened.
//! Only one item is held at a time, so a file of many items streams.
//!
//! Nothing here fetches anything: a DOCTYPE (NITF's DTD) is text before the
//! item, never read; entities the DTD would declare (`&eacute;`, `&nbsp;`)
//! are read as HTML's, as the feed reader does.

pub mod newsml;
pub mod nitf;
pub mod rcv1;

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

pub(crate) use super::export::Piece;
use super::export::{Cutter, Markers};
use super::feed::entities;
use super::{join_words, Head, Parse, Queue, RecordError};
use crate::read::LineReader;

/// Elements nested deeper than this in an item are read past (their text
/// still counts); it bounds the tree's stack on a flood of start tags.
const MAX_DEPTH: usize = 128;
/// Elements kept of one item: past it, start tags are read past.
const MAX_ELEMENTS: usize = 200_000;
/// How much of a dump's head is looked at for its root element.
const ROOT_BYTES: usize = 64 << 10;

/// Where `<name` (any namespace prefix) starts an element in `text`: the
/// position of its `<`. The name must end there (`<nitf-table>` is not
/// `<nitf`): white space, `>`, `/` or the end of the line follows it.
pub(crate) fn find_start(text: &str, name: &str) -> Option<usize> {
    text.match_indices('<')
        .map(|(at, _)| at)
        .find(|&at| names_at(&text[at + 1..], name).is_some_and(ends_name))
}

/// Where `</name>` (any prefix, white space before `>`) is in `text`: the
/// position just past it.
fn find_end(text: &str, name: &str) -> Option<usize> {
    text.match_indices("</").map(|(at, _)| at).find_map(|at| {
        let rest = names_at(&text[at + 2..], name)?;
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix('>') {
            Some(text.len() - after.len())
        } else if trimmed.is_empty() {
            Some(text.len())
        } else {
            None
        }
    })
}

/// `text` after `name` or `prefix:name` at its start.
fn names_at<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    if let Some(rest) = text.strip_prefix(name) {
        return Some(rest);
    }
    let colon = text.bytes().take(64).position(|b| b == b':')?;
    let prefix = &text[..colon];
    let is_name = !prefix.is_empty()
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if is_name {
        text[colon + 1..].strip_prefix(name)
    } else {
        None
    }
}

/// Whether an element name ends where `rest` starts.
fn ends_name(rest: &str) -> bool {
    rest.bytes()
        .next()
        .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/'))
}

/// The item element `0` as `export::Cutter`'s markers: an item runs from
/// a start tag of it to its end tag, or, not closed, to the next item's
/// start tag (or the end of the dump).
pub(crate) struct ItemTag(pub(crate) &'static str);

impl Markers for ItemTag {
    fn open(&self, text: &str) -> Option<(usize, usize)> {
        find_start(text, self.0).map(|at| (at, 1 + self.0.len()))
    }

    fn close(&self, text: &str) -> Option<usize> {
        find_end(text, self.0)
    }

    fn reopen_closes(&self) -> bool {
        false
    }

    fn what(&self) -> String {
        format!("<{}>", self.0)
    }
}

/// What a format does with the items cut out of its dumps.
pub(crate) trait Items {
    /// Queues the record (or the warning) one item gives.
    fn build(&mut self, piece: Piece, queue: &mut Queue);

    /// The dump is read: queues what is left to say of it.
    fn end(&mut self, _queue: &mut Queue) {}
}

/// The parser of an XML format: the shared loop over lines and items.
pub(crate) struct ItemParser<'a, R, I> {
    lines: &'a mut LineReader<R>,
    cutter: Cutter<ItemTag>,
    items: I,
    done: Vec<Piece>,
    /// The dump declares the charset `read` falls back on (ISO-8859-1,
    /// which RCV1 declares, is read as its superset Windows-1252): bytes
    /// that are not UTF-8 are then no repair to warn of.
    declares_fallback: bool,
}

impl<'a, R: BufRead, I: Items> ItemParser<'a, R, I> {
    /// A parser of the `name` elements of `lines`, read by `items`.
    pub(crate) fn new(lines: &'a mut LineReader<R>, name: &'static str, items: I) -> Self {
        let declares_fallback = matches!(
            lines.peek(0),
            Ok(Some(first)) if declared_encoding(&first.text)
                .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
                == Some(encoding_rs::WINDOWS_1252)
        );
        ItemParser {
            lines,
            cutter: Cutter::with(ItemTag(name)),
            items,
            done: Vec::new(),
            declares_fallback,
        }
    }

    fn build(&mut self, piece: Piece, queue: &mut Queue) {
        if !piece.closed {
            queue.warn(
                piece.line,
                format!(
                    "<{}> not closed before the next item or the end of the dump; read as far as it goes",
                    self.cutter.markers().0
                ),
            );
        }
        self.items.build(piece, queue);
    }
}

impl<R: BufRead, I: Items> Parse for ItemParser<'_, R, I> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        match self.lines.next_line()? {
            Some(line) => {
                let mut done = std::mem::take(&mut self.done);
                self.cutter.line(&line, queue, &mut done, &mut |_| {});
                for piece in done.drain(..) {
                    self.build(piece, queue);
                }
                self.done = done;
            }
            None => {
                if let Some(piece) = self.cutter.finish() {
                    self.build(piece, queue);
                }
                self.items.end(queue);
                if self.declares_fallback {
                    self.lines.latin1_lines = 0;
                }
                queue.finish();
            }
        }
        Ok(())
    }

    fn salvage(&mut self, queue: &mut Queue) {
        if self.cutter.inside() {
            if let Some(piece) = self.cutter.finish() {
                self.build(piece, queue);
            }
        }
    }
}

/// The `encoding` an XML declaration opening `line` states.
fn declared_encoding(line: &str) -> Option<&str> {
    let declaration = line.trim_start_matches('\u{feff}').trim_start();
    let declaration = &declaration[..declaration.find("?>")?];
    let rest = declaration.strip_prefix("<?xml")?;
    let at = rest.find("encoding")?;
    let value = rest[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
    let value = &value[1..];
    Some(&value[..value.find(quote)?])
}

// ---------------------------------------------------------------------------
// The element tree of one item

/// An element of an item, with what it holds.
#[derive(Debug, Default)]
pub(crate) struct Element {
    /// Its local name (no namespace prefix).
    pub(crate) name: String,
    /// Its attributes by local name (`xml:lang` is `lang`), values decoded.
    pub(crate) attributes: Vec<(String, String)>,
    /// Its children in document order.
    pub(crate) children: Vec<Node>,
}

/// What an element holds.
#[derive(Debug)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn of(start: &BytesStart) -> Element {
        let attributes = start
            .attributes()
            .with_checks(false)
            .flatten()
            .map(|a| {
                let key = a.key.0;
                let local = key.rsplit(':').next().unwrap_or(key);
                (local.to_string(), entities::decode(&a.value))
            })
            .collect();
        Element {
            name: local(start.name().0).to_string(),
            attributes,
            children: Vec::new(),
        }
    }

    /// The value of its attribute `name` (a local name).
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Its attribute `name`, on one line, if not blank.
    pub(crate) fn attribute_line(&self, name: &str) -> Option<String> {
        self.attribute(name)
            .map(join_words)
            .filter(|v| !v.is_empty())
    }

    /// Its child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Its child elements called `name`.
    pub(crate) fn all<'e>(&'e self, name: &'e str) -> impl Iterator<Item = &'e Element> {
        self.elements().filter(move |e| e.name == name)
    }

    /// Its first child element called `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The element down the path of child names from it.
    pub(crate) fn path(&self, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |e, name| e.child(name))
    }

    /// Its first descendant called `name`, in document order.
    pub(crate) fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find_map(|e| {
            if e.name == name {
                Some(e)
            } else {
                e.find(name)
            }
        })
    }

    /// Its descendants called `name`, in document order (not looking
    /// inside them).
    pub(crate) fn find_all<'e>(&'e self, name: &str, out: &mut Vec<&'e Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }

    /// All the text inside it, as written.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        self.text_into(&mut out, &[]);
        out
    }

    /// The text inside it on one line, leaving out the elements `skip`.
    pub(crate) fn line_without(&self, skip: &[&str]) -> String {
        let mut out = String::new();
        self.text_into(&mut out, skip);
        join_words(&out)
    }

    /// The text inside it on one line.
    pub(crate) fn line(&self) -> String {
        join_words(&self.text())
    }

    fn text_into(&self, out: &mut String, skip: &[&str]) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) if skip.contains(&e.name.as_str()) => {}
                Node::Element(e) => {
                    // Block elements side by side are words apart.
                    let block = !INLINE.contains(&e.name.as_str());
                    if block {
                        out.push(' ');
                    }
                    e.text_into(out, skip);
                    if block {
                        out.push(' ');
                    }
                }
            }
        }
    }

    /// Its text as paragraphs: each paragraph element (`p`, a heading, a
    /// list item) one, each on one line; text outside them between two
    /// such is one too. Elements `skip` are left out.
    pub(crate) fn paragraphs(&self, skip: &[&str]) -> Vec<String> {
        self.paragraphs_where(&|e| !skip.contains(&e.name.as_str()))
    }

    /// Its paragraphs, as [`Element::paragraphs`], of the elements `keep`
    /// keeps (and what they hold).
    pub(crate) fn paragraphs_where(&self, keep: &dyn Fn(&Element) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        let mut loose = String::new();
        self.paragraphs_into(keep, &mut out, &mut loose);
        flush(&mut out, &mut loose);
        out
    }

    fn paragraphs_into(
        &self,
        keep: &dyn Fn(&Element) -> bool,
        out: &mut Vec<String>,
        loose: &mut String,
    ) {
        for child in &self.children {
            match child {
                Node::Text(t) => loose.push_str(t),
                Node::Element(e) if !keep(e) => {}
                Node::Element(e) if INLINE.contains(&e.name.as_str()) => {
                    e.text_into(loose, &[]);
                }
                Node::Element(e) if PARAGRAPHS.contains(&e.name.as_str()) => {
                    flush(out, loose);
                    let mut text = String::new();
                    e.text_into(&mut text, &[]);
                    flush(out, &mut text);
                }
                Node::Element(e) => {
                    flush(out, loose);
                    e.paragraphs_into(keep, out, loose);
                    flush(out, loose);
                }
            }
        }
    }
}

/// Pushes `text` as a paragraph on one line, if it is not blank.
fn flush(out: &mut Vec<String>, text: &mut String) {
    let line = join_words(text);
    if !line.is_empty() {
        out.push(line);
    }
    text.clear();
}

/// Elements that are a paragraph each (NITF's and XHTML's).
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hl2",
    "li",
    "dt",
    "dd",
    "pre",
    "td",
    "th",
    "caption",
    "media-caption",
    "tagline",
    "bq",
];

/// Elements inside running text (NITF's and XHTML's).
const INLINE: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "cite",
    "code",
    "em",
    "font",
    "i",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "u",
    "br",
    "chron",
    "copyrite",
    "event",
    "function",
    "lang",
    "money",
    "num",
    "object.title",
    "org",
    "person",
    "location",
    "postaddr",
    "virtloc",
    "classifier",
    "city",
    "state",
    "region",
    "country",
    "alt-code",
    "pronounce",
    "frac",
    "numer",
    "frac-sep",
    "denom",
    "sic",
    "byttl",
];

/// The local part of a qualified name.
fn local(qualified: &str) -> &str {
    qualified.rsplit(':').next().unwrap_or(qualified)
}

/// Reads one item's text into its element tree: the first element and
/// what it holds. Forgiving where dumps are sloppy (a bare `&`, an end tag
/// that matches nothing, elements left open at the end); an XML error
/// quick-xml reports is the item's error.
pub(crate) fn tree(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.allow_unmatched_ends = true;
    config.check_end_names = false;
    let mut stack: Vec<Element> = Vec::new();
    let mut untracked = 0usize;
    let mut elements = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                let at = reader.error_position();
                return Err(format!("XML error at byte {at} of the item: {err}"));
            }
        };
        match event {
            Event::Eof => break,
            Event::Start(_) if stack.len() >= MAX_DEPTH || elements >= MAX_ELEMENTS => {
                untracked += 1;
            }
            Event::Empty(_) if stack.len() >= MAX_DEPTH || elements >= MAX_ELEMENTS => {}
            Event::Start(start) => {
                elements += 1;
                stack.push(Element::of(&start));
            }
            Event::Empty(start) => {
                elements += 1;
                let element = Element::of(&start);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => return Ok(element),
                }
            }
            Event::End(end) => {
                if untracked > 0 {
                    untracked -= 1;
                    continue;
                }
                let name = local(end.name().0);
                // An end tag closes the elements opened after its start
                // tag; one that matches nothing open is read past.
                let Some(at) = stack.iter().rposition(|e| e.name == name) else {
                    continue;
                };
                while stack.len() > at + 1 {
                    close_top(&mut stack);
                }
                if at == 0 {
                    return stack.pop().ok_or_else(|| "no element".to_string());
                }
                close_top(&mut stack);
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(reference) => {
                let name: &str = &reference;
                match entities::reference(name) {
                    Some(c) => push_text(&mut stack, c.encode_utf8(&mut [0; 4])),
                    None => push_text(&mut stack, &format!("&{name};")),
                }
            }
            _ => {}
        }
    }
    // Elements left open at the end: closed there.
    while stack.len() > 1 {
        close_top(&mut stack);
    }
    stack.pop().ok_or_else(|| "no element in it".to_string())
}

fn close_top(stack: &mut Vec<Element>) {
    if let Some(top) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(Node::Element(top)),
            None => stack.push(top),
        }
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    let Some(top) = stack.last_mut() else {
        return;
    };
    match top.children.last_mut() {
        Some(Node::Text(t)) => t.push_str(text),
        _ => top.children.push(Node::Text(text.to_string())),
    }
}

// ---------------------------------------------------------------------------
// Sniffing

/// The document element a dump opens with, as sniffing sees it.
pub(crate) struct Root {
    /// Its local name.
    pub(crate) local: String,
    /// Its start tag as written, up to `>` (attributes, namespaces).
    pub(crate) tag: String,
    /// The DOCTYPE before it, if any.
    pub(crate) doctype: Option<String>,
}

/// The document element of the dump's head: its name after what may come
/// before it (a BOM, white space, the XML declaration, comments, a
/// DOCTYPE). `None` when the head does not open with an element.
pub(crate) fn root(head: &Head) -> Option<Root> {
    // Three sniffers ask, of every dump: the first lines usually settle it
    // without copying the whole head.
    let (first, complete) = root_in(head.lines, FIRST_ROOT_LINES);
    if complete || head.lines.len() <= FIRST_ROOT_LINES {
        return first;
    }
    root_in(head.lines, head.lines.len()).0
}

/// Lines tried first for the document element.
const FIRST_ROOT_LINES: usize = 8;

/// The document element in the first `lines` of `head` (up to
/// `ROOT_BYTES`), and whether its start tag ended within them.
fn root_in(head: &[&str], lines: usize) -> (Option<Root>, bool) {
    let mut text = String::new();
    for line in head.iter().take(lines) {
        if text.len() > ROOT_BYTES {
            break;
        }
        text.push_str(line);
        text.push('\n');
    }
    match parse_root(&text) {
        Some((root, complete)) => (Some(root), complete),
        None => (None, false),
    }
}

/// The document element opening `text`, and whether its start tag ends in
/// it.
fn parse_root(text: &str) -> Option<(Root, bool)> {
    let mut rest = text;
    let mut doctype = None;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = &comment[comment.find("-->")? + 3..];
        } else if let Some(pi) = rest.strip_prefix("<?") {
            rest = &pi[pi.find("?>")? + 2..];
        } else if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            // An internal subset in brackets may hold `>`.
            let end = match (rest.find('['), rest.find('>')) {
                (Some(open), Some(close)) if open < close => {
                    let subset_end = rest[open..].find("]")? + open;
                    subset_end + rest[subset_end..].find('>')?
                }
                (_, close) => close?,
            };
            doctype = Some(rest[..=end].to_string());
            rest = &rest[end + 1..];
        } else {
            break;
        }
    }
    let tag = rest.strip_prefix('<')?;
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        return None;
    }
    let closed = tag.find('>');
    let tag_end = closed.unwrap_or(tag.len().min(4096));
    let root = Root {
        local: local(name).to_string(),
        tag: tag[..tag_end].to_string(),
        doctype,
    };
    Some((root, closed.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Line;

    fn cut(text: &str, name: &'static str) -> Vec<(String, u64, bool)> {
        let mut cutter = Cutter::with(ItemTag(name));
        let mut queue = Queue::default();
        let mut done = Vec::new();
        for (i, t) in text.split('\n').enumerate() {
            let line = Line {
                text: t.to_string(),
                number: i as u64 + 1,
                offset: 0,
            };
            cutter.line(&line, &mut queue, &mut done, &mut |_| {});
        }
        done.extend(cutter.finish());
        done.into_iter()
            .map(|p| (p.text, p.line, p.closed))
            .collect()
    }

    #[test]
    fn items_are_cut_by_their_element_name() {
        let got = cut(
            "<?xml?><all><nitf a='1'><nitf-table>x</nitf-table></nitf><nitf>two</nitf >\n\
             <g:nitf\nversion='3'>three\n</g:nitf>tail\n<nitf>open<nitf>next</nitf>\n<nitf>cut",
            "nitf",
        );
        assert_eq!(
            got,
            vec![
                (
                    "<nitf a='1'><nitf-table>x</nitf-table></nitf>".to_string(),
                    1,
                    true
                ),
                ("<nitf>two</nitf >".to_string(), 1, true),
                ("<g:nitf\nversion='3'>three\n</g:nitf>".to_string(), 2, true),
                ("<nitf>open".to_string(), 5, false),
                ("<nitf>next</nitf>".to_string(), 5, true),
                ("<nitf>cut\n".to_string(), 6, false),
            ]
        );
        assert!(cut("<nitfx>a</nitfx> <a:b:nitf>", "nitf").is_empty());
    }

    #[test]
    fn declared_encodings() {
        let cases = [
            (
                "<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>",
                Some("iso-8859-1"),
            ),
            (
                "\u{feff}<?xml version='1.0' encoding = 'UTF-8'?><nitf>",
                Some("UTF-8"),
            ),
            ("<?xml version=\"1.0\"?>", None),
            ("<?xml encoding=\"never closed", None),
            ("<nitf encoding=\"x\">", None),
        ];
        for (line, want) in cases {
            assert_eq!(declared_encoding(line), want, "{line}");
        }
    }

    #[test]
    fn trees_are_forgiving() {
        let t =
            tree("<a x:lang='en' b=\"&amp;&eacute;\"><b>one &amp; &nbsp;two</b><c/><d><e>x</a>")
                .unwrap();
        assert_eq!(t.name, "a");
        assert_eq!(t.attribute("lang"), Some("en"));
        assert_eq!(t.attribute("b"), Some("&é"));
        assert_eq!(t.child("b").unwrap().text(), "one & \u{a0}two");
        assert!(t.child("c").is_some());
        assert_eq!(t.find("e").unwrap().text(), "x");
        assert_eq!(t.line(), "one & two x");
        // Unclosed at the end, an unmatched end tag.
        let t = tree("<a><p>one</p></q><p>two").unwrap();
        assert_eq!(t.paragraphs(&[]), ["one", "two"]);
        assert!(tree("<a><!-- never closed").is_err());
    }

    #[test]
    fn paragraphs_of_blocks_and_loose_text() {
        let t = tree(
            "<body>Loose <em>text</em>\n<p>One\n  <b>bold</b>.</p><block><p>Two</p>tail</block><p/></body>",
        )
        .unwrap();
        assert_eq!(
            t.paragraphs(&[]),
            ["Loose text", "One bold.", "Two", "tail"]
        );
        assert_eq!(t.paragraphs(&["block"]), ["Loose text", "One bold."]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = format!("<a>{}deep{}</a>", "<x>".repeat(5000), "</x>".repeat(5000));
        let t = tree(&text).unwrap();
        assert_eq!(t.line(), "deep");
    }

    #[test]
    fn roots_after_the_prologue() {
        let root_of = |text: &str| {
            let lines: Vec<&str> = text.lines().map(str::trim).collect();
            root(&Head::new(&lines, text.as_bytes(), None)).map(|r| (r.local, r.doctype.is_some()))
        };
        assert_eq!(
            root_of("\u{feff}<?xml version='1.0'?>\n<!-- c -->\n<!DOCTYPE nitf SYSTEM \"x.dtd\">\n<nitf version='x'>"),
            Some(("nitf".to_string(), true))
        );
        assert_eq!(
            root_of("<!DOCTYPE a [ <!ENTITY b \"<c>\"> ]>\n<g:newsItem>"),
            Some(("newsItem".to_string(), true))
        );
        assert_eq!(root_of("plain text"), None);
        assert_eq!(root_of("<!-- never closed"), None);
        assert_eq!(root_of("< a>"), None);
    }
}
