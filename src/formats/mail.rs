//! Newsgroup and e-mail posts (RFC 822 headers), one post a file or many in
//! an mbox.
//!
//! A post is a header block, a blank line, then the body:
//!
//! ```text
//! From: et@teal.csn.org (Eric H. Taylor)
//! Subject: Re: Gravity waves, was: Predicting gravity wave
//!     quantization & Cosmic Noise           <- folded: continues Subject
//! Message-ID: <1993Apr5.123@teal.csn.org>
//!
//! In article <C4KvJF.4qo@well.sf.ca.us> metares@well.sf.ca.us writes:
//! >quoted line
//! ```
//!
//! The headline is the `Subject` as written (unfolded, RFC 2047 encoded-words
//! decoded, trimmed; a "Re: " is kept, since it tells a reply from the post it
//! answers). `Date` and `Message-ID` are passed on as stated; a post without
//! them has no date and a hashed id, never an invented one. The body is split
//! into paragraphs at blank lines; quoted lines and signatures stay as
//! written, indentation included (only trailing whitespace goes).
//!
//! An mbox (the file starts with a `From ` postmark line) holds many posts:
//! a `From ` line at the start of the file or after a blank line begins the
//! next, and `>From ` in a body is unescaped. A file that does not start
//! with a postmark is one post, so a body line that opens with "From " stays
//! text.
//!
//! Two repairs for what Usenet archives do to headers: a folded line made
//! only of message ids (`<1993Apr5.123@host>`) does not extend a header that
//! already has a value, since 20 Newsgroups "bydate" dropped `References`
//! headers but left their folded lines behind (under `Subject`, say); and
//! folded lines with no header above them (a dropped `Path`) are ignored.
//!
//! `From` is the post's author and the first group of `Newsgroups` its
//! section, both as written (encoded-words decoded).
//!
//! MIME: a post whose `Content-Type` is not plain text (`text/html`,
//! `multipart/*`) or whose `Content-Transfer-Encoding` is quoted-printable
//! or base64 has its body held (up to the same cap) and read as MIME at its
//! end: the transfer encoding undone, the part's `charset` applied to what
//! that gives, a `multipart/alternative` read by its `text/plain` part when
//! it has one (the sender's own plain rendering) and else by its
//! `text/html`, a `multipart/mixed` (or `related`, ...) by its first part
//! that is text and no attachment. HTML goes through the HTML fragment
//! reader (`html::fragment`), as HTML in every format does. Other posts are
//! read line by line as before, and their bodies are never held whole.
//!
//! This module finds parts; it does not read dates or places out of them.

use std::io::BufRead;

use super::html::fragment;
use super::{Head, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::{Line, LineReader};

/// The registry's entry for newsgroup and e-mail posts.
pub const FORMAT: Spec = Spec {
    name: "mail",
    sniff: |head: &Head| Score::when(looks_like(head.lines), Score(70)),
    extensions: &["mbox", "eml", "mbx"],
    open: |lines, _options| Box::new(MailParser::new(lines).records()),
    news_copy: false,
};

/// Longest body kept; the rest of the post is dropped with a warning, so a
/// file with no structure cannot make memory grow without bound.
const MAX_BODY_BYTES: usize = 8 << 20;
/// Longest value kept for a header the parser reads (Subject, Date,
/// Message-ID), folded lines included.
const MAX_FIELD_BYTES: usize = 16 << 10;
/// Longest header name taken for one (RFC 5322 asks for lines of 78).
const MAX_NAME_CHARS: usize = 76;
/// MIME parts nested deeper than this (multiparts in multiparts) are not
/// read.
const MAX_MIME_DEPTH: usize = 8;
/// Non-header lines (folded lines left by a dropped header) allowed before
/// the first header when sniffing.
const MAX_ORPHAN_LINES: usize = 2;
/// Headers that mark a post: a block with none of them is not one.
const POST_HEADERS: &[&str] = &[
    "from",
    "subject",
    "newsgroups",
    "message-id",
    "path",
    "date",
];

/// True when `window` (trimmed lines from the start of a dump) opens with a
/// header block: at least two `Name: value` lines, one of them a header that
/// posts carry (From, Subject, Newsgroups, Message-ID, Path, Date), the first
/// within the block's first lines (after any orphaned folded lines), maybe
/// after an mbox `From ` line.
pub fn looks_like(window: &[&str]) -> bool {
    let mut lines = window.iter().skip_while(|l| l.is_empty()).peekable();
    if lines.peek().is_some_and(|l| is_postmark(l)) {
        lines.next();
    }
    let block: Vec<&str> = lines.take_while(|l| !l.is_empty()).copied().collect();
    let Some(first) = block.iter().position(|l| header(l).is_some()) else {
        return false;
    };
    let names: Vec<String> = block
        .iter()
        .filter_map(|l| header(l))
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    first <= MAX_ORPHAN_LINES
        && names.len() >= 2
        && names.iter().any(|n| POST_HEADERS.contains(&n.as_str()))
}

/// `Name: value` as RFC 822 writes a header: a name of printable ASCII
/// without spaces or colons, starting with a letter, then a colon.
fn header(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_graphic())
        && name.len() <= MAX_NAME_CHARS;
    ok.then_some((name, value))
}

/// An mbox postmark: `From sender date`.
fn is_postmark(line: &str) -> bool {
    line.strip_prefix("From ")
        .is_some_and(|rest| !rest.trim().is_empty())
}

fn is_blank(line: &Line) -> bool {
    line.text.trim().is_empty()
}

/// A folded line made only of message ids, the remains of a `References`
/// header: every word has an `@`, and the line has angle brackets.
fn is_reference_list(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.contains(['<', '>'])
        && text.split_whitespace().all(|word| word.contains('@'))
}

/// The headers a post's record is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Subject,
    Date,
    MessageId,
    From,
    Newsgroups,
    ContentType,
    TransferEncoding,
}

impl Field {
    fn from_name(name: &str) -> Option<Field> {
        match name.to_ascii_lowercase().as_str() {
            "subject" => Some(Field::Subject),
            "date" => Some(Field::Date),
            "message-id" => Some(Field::MessageId),
            "from" => Some(Field::From),
            "newsgroups" => Some(Field::Newsgroups),
            "content-type" => Some(Field::ContentType),
            "content-transfer-encoding" => Some(Field::TransferEncoding),
            _ => None,
        }
    }
}

/// One post as it is read.
#[derive(Default)]
struct Post {
    subject: Option<String>,
    date: Option<String>,
    message_id: Option<String>,
    from: Option<String>,
    newsgroups: Option<String>,
    content_type: Option<String>,
    transfer_encoding: Option<String>,
    /// A MIME body, held whole (within `MAX_BODY_BYTES`) to be read at the
    /// post's end; `None` for a plain body, read line by line.
    mime: Option<String>,
    paragraphs: Vec<String>,
    paragraph: Vec<String>,
    body_bytes: usize,
    /// The body is over `MAX_BODY_BYTES`: further lines are dropped.
    overflowing: bool,
    line: u64,
    offset: u64,
    /// Any line read (postmark, header or body).
    started: bool,
}

impl Post {
    fn field(&mut self, field: Field) -> &mut Option<String> {
        match field {
            Field::Subject => &mut self.subject,
            Field::Date => &mut self.date,
            Field::MessageId => &mut self.message_id,
            Field::From => &mut self.from,
            Field::Newsgroups => &mut self.newsgroups,
            Field::ContentType => &mut self.content_type,
            Field::TransferEncoding => &mut self.transfer_encoding,
        }
    }

    /// Whether the body must be read as MIME rather than line by line: it
    /// is HTML, multipart or transfer-encoded. Other types (`text/plain`,
    /// and the `text/x-usenet-faq` or mistyped `setext/plain` of 20
    /// Newsgroups) are text as written.
    fn is_mime(&self) -> bool {
        let plain = self.content_type.as_deref().is_none_or(|t| {
            let media = media_type(t);
            !(is_html_type(&media) || media.starts_with("multipart/"))
        });
        let encoded = self.transfer_encoding.as_deref().is_some_and(is_encoded);
        !plain || encoded
    }

    fn end_paragraph(&mut self) {
        if !self.paragraph.is_empty() {
            self.paragraphs.push(self.paragraph.join("\n"));
            self.paragraph.clear();
        }
    }

    fn finish(mut self) -> Option<RawRecord> {
        self.end_paragraph();
        let mut captions = Vec::new();
        if let Some(body) = self.mime.take() {
            let entity = Entity {
                content_type: self.content_type.clone(),
                encoding: self.transfer_encoding.clone(),
                body: &body,
            };
            if let Some(text) = entity.text(0) {
                let read = text.paragraphs();
                self.paragraphs = read.paragraphs;
                captions = read.captions;
            }
        }
        let headline = self
            .subject
            .as_deref()
            .map(|s| decode_encoded_words(s).trim().to_string())
            .unwrap_or_default();
        if headline.is_empty() && self.paragraphs.is_empty() {
            return None;
        }
        let stated_value =
            |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let section = self.newsgroups.as_deref().and_then(|groups| {
            groups
                .split([',', ' ', '\t'])
                .find(|g| !g.is_empty())
                .map(str::to_string)
        });
        Some(RawRecord {
            headline,
            captions,
            paragraphs: self.paragraphs,
            line: self.line,
            offset: self.offset,
            stated: Stated {
                id: stated_value(self.message_id),
                date: stated_value(self.date),
                author: stated_value(self.from.map(|f| decode_encoded_words(&f))),
                section,
                ..Stated::default()
            },
        })
    }
}

struct MailParser<'a, R> {
    lines: &'a mut LineReader<R>,
    /// Whether the dump is an mbox; decided by its first non-blank line.
    mbox: Option<bool>,
}

impl<'a, R: BufRead> MailParser<'a, R> {
    pub fn new(lines: &'a mut LineReader<R>) -> Self {
        MailParser { lines, mbox: None }
    }

    /// Reads one post, queueing it (or why it was skipped); what was read
    /// of a post cut by a read error is queued before the error.
    fn read_on(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        let mut post = Post::default();
        let result = self.read_post(queue, &mut post);
        let started = post.started;
        let line = post.line;
        match post.finish() {
            Some(record) => queue.record(record),
            None if started && result.is_ok() => {
                queue.warn(line, "post with neither subject nor body skipped")
            }
            None => {}
        }
        result
    }

    fn read_post(&mut self, queue: &mut Queue, post: &mut Post) -> Result<(), RecordError> {
        // Blank lines between posts.
        loop {
            match self.lines.peek(0)? {
                None => {
                    queue.finish();
                    return Ok(());
                }
                Some(l) if is_blank(l) => {
                    self.lines.next_line()?;
                }
                Some(_) => break,
            }
        }
        let Some(first) = self.lines.peek(0)? else {
            return Ok(());
        };
        post.line = first.number;
        post.offset = first.offset;
        post.started = true;
        let postmark = is_postmark(&first.text);
        let mbox = *self.mbox.get_or_insert(postmark);
        if mbox && postmark {
            self.lines.next_line()?;
        }
        self.read_headers(queue, post)?;
        self.read_body(queue, post, mbox)
    }

    /// Reads the header block and the blank line ending it. A line that is
    /// neither a header nor folded ends the block unread: a post whose
    /// headers are not followed by a blank line loses no body text.
    fn read_headers(&mut self, queue: &mut Queue, post: &mut Post) -> Result<(), RecordError> {
        // The header being read, if it is one the record uses.
        let mut current: Option<Field> = None;
        while let Some(line) = self.lines.peek(0)? {
            let number = line.number;
            let text = line.text.clone();
            if text.trim().is_empty() {
                // A line of spaces between two headers is a fold, not the
                // end of the block.
                let fold = !text.is_empty()
                    && self
                        .lines
                        .peek(1)?
                        .is_some_and(|next| header(&next.text).is_some());
                self.lines.next_line()?;
                if fold {
                    continue;
                }
                return Ok(());
            }
            if text.starts_with([' ', '\t']) {
                // A folded line continues the header above it, if any.
                if let Some(field) = current {
                    if !self.unfold(queue, post, field, text.trim(), number) {
                        current = None;
                    }
                }
                self.lines.next_line()?;
                continue;
            }
            let Some((name, value)) = header(&text) else {
                return Ok(());
            };
            current = Field::from_name(name);
            if let Some(field) = current {
                let slot = post.field(field);
                // The first of a repeated header counts.
                if slot.is_some() {
                    current = None;
                } else {
                    let value = value.trim();
                    let cut = floor_char_boundary(value, MAX_FIELD_BYTES);
                    *slot = Some(value[..cut].to_string());
                    if cut < value.len() {
                        self.field_cut(queue, number);
                        current = None;
                    }
                }
            }
            self.lines.next_line()?;
        }
        Ok(())
    }

    /// Appends a folded line to `field`; false when the field is full.
    fn unfold(
        &mut self,
        queue: &mut Queue,
        post: &mut Post,
        field: Field,
        part: &str,
        number: u64,
    ) -> bool {
        let value = post.field(field).get_or_insert_with(String::new);
        if !value.is_empty() && is_reference_list(part) {
            return true;
        }
        if value.len() + part.len() + 1 > MAX_FIELD_BYTES {
            self.field_cut(queue, number);
            return false;
        }
        if !value.is_empty() {
            value.push(' ');
        }
        value.push_str(part);
        true
    }

    fn field_cut(&mut self, queue: &mut Queue, line: u64) {
        queue.warn(
            line,
            format!("header longer than {} KB cut", MAX_FIELD_BYTES >> 10),
        );
    }

    /// Reads body lines up to the next post (in an mbox) or the end.
    fn read_body(
        &mut self,
        queue: &mut Queue,
        post: &mut Post,
        mbox: bool,
    ) -> Result<(), RecordError> {
        // The header block ended with a blank line, or the dump did.
        let mut after_blank = true;
        if post.is_mime() {
            post.mime = Some(String::new());
        }
        while let Some(line) = self.lines.peek(0)? {
            if mbox && after_blank && is_postmark(&line.text) {
                return Ok(());
            }
            let Some(line) = self.lines.next_line()? else {
                break;
            };
            after_blank = is_blank(&line);
            if post.overflowing {
                continue;
            }
            if after_blank && post.mime.is_none() {
                post.end_paragraph();
                continue;
            }
            // The line break joining it to the next counts too.
            post.body_bytes += line.text.len() + 1;
            if post.body_bytes > MAX_BODY_BYTES {
                post.overflowing = true;
                queue.warn(
                    line.number,
                    format!(
                        "post longer than {} MB; the rest of it is dropped",
                        MAX_BODY_BYTES >> 20
                    ),
                );
                continue;
            }
            let mut text = line.text.as_str();
            if mbox && text.starts_with('>') && text.trim_start_matches('>').starts_with("From ") {
                text = &text[1..];
            }
            if let Some(mime) = post.mime.as_mut() {
                mime.push_str(text);
                mime.push('\n');
                continue;
            }
            // A CR inside a line is an old Mac line end.
            for part in text.split('\r') {
                let part = part.trim_end();
                if part.trim().is_empty() {
                    post.end_paragraph();
                } else {
                    post.paragraph.push(part.to_string());
                }
            }
        }
        queue.finish();
        Ok(())
    }
}

impl<R: BufRead> Parse for MailParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        self.read_on(queue)
    }
}

/// A body's text once MIME is undone: plain, or HTML.
struct BodyText {
    text: String,
    html: bool,
}

impl BodyText {
    fn paragraphs(&self) -> fragment::Fragment {
        if self.html {
            fragment::read(&self.text)
        } else {
            fragment::Fragment {
                paragraphs: plain_paragraphs(&self.text),
                captions: Vec::new(),
            }
        }
    }
}

/// Plain text as a post's paragraphs, as the line-by-line reader splits
/// them: blank lines between, trailing whitespace gone, indentation kept,
/// a CR inside a line an old Mac line end.
fn plain_paragraphs(text: &str) -> Vec<String> {
    super::blank_line_paragraphs(
        text.split('\n')
            .flat_map(|l| l.split('\r'))
            .map(str::trim_end),
    )
}

/// A MIME entity: a post's body, or a part of a multipart one.
struct Entity<'a> {
    content_type: Option<String>,
    encoding: Option<String>,
    body: &'a str,
}

impl Entity<'_> {
    /// The entity's text, or `None` when it holds none (an image, an
    /// attachment, an empty or undecodable part).
    fn text(&self, depth: usize) -> Option<BodyText> {
        let content_type = self.content_type.as_deref().unwrap_or("text/plain");
        let media = media_type(content_type);
        if let Some(kind) = media.strip_prefix("multipart/") {
            if depth >= MAX_MIME_DEPTH {
                return None;
            }
            let boundary = parameter(content_type, "boundary")?;
            let parts = split_parts(self.body, &boundary);
            if kind == "alternative" {
                // The plain rendering first, then the HTML, then anything
                // else that gives text (a nested multipart).
                let media_of =
                    |p: &Entity| media_type(p.content_type.as_deref().unwrap_or("text/plain"));
                let rank = |p: &Entity| match media_of(p).as_str() {
                    "text/plain" | "" => 0,
                    "text/html" => 1,
                    _ => 2,
                };
                let mut ranked: Vec<&Entity> = parts.iter().collect();
                ranked.sort_by_key(|p| rank(p));
                return ranked.into_iter().find_map(|p| p.text(depth + 1));
            }
            return parts.iter().find_map(|p| p.text(depth + 1));
        }
        let binary = [
            "image/",
            "audio/",
            "video/",
            "application/",
            "font/",
            "model/",
        ];
        let html = is_html_type(&media);
        if !html && binary.iter().any(|b| media.starts_with(b)) {
            return None;
        }
        let text = match self
            .encoding
            .as_deref()
            .map(|e| e.trim().to_ascii_lowercase())
        {
            Some(e) if e == "quoted-printable" => decode_charset(&qp_body(self.body), content_type),
            Some(e) if e == "base64" => decode_charset(&b64_body(self.body)?, content_type),
            // 7bit, 8bit, binary: the line reader has decoded the text.
            _ => self.body.to_string(),
        };
        (!text.trim().is_empty()).then_some(BodyText { text, html })
    }
}

/// Whether a media type (in lower case) is HTML.
fn is_html_type(media: &str) -> bool {
    matches!(media, "text/html" | "application/xhtml+xml")
}

/// Whether a `Content-Transfer-Encoding` is one to undo.
fn is_encoded(encoding: &str) -> bool {
    let encoding = encoding.trim();
    encoding.eq_ignore_ascii_case("quoted-printable") || encoding.eq_ignore_ascii_case("base64")
}

/// The media type of a `Content-Type` value, in lower case
/// (`multipart/alternative`); empty when it names none.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The value of the parameter `name` of a `Content-Type` value (quotes
/// removed), if it has one.
fn parameter(content_type: &str, name: &str) -> Option<String> {
    let mut rest = content_type.split_once(';')?.1;
    loop {
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            }
        } else {
            match after.find(';') {
                Some(end) => (&after[..end], &after[end..]),
                None => (after, ""),
            }
        };
        if key.trim().eq_ignore_ascii_case(name) {
            let value = value.trim();
            return (!value.is_empty()).then(|| value.to_string());
        }
        rest = next.split_once(';')?.1;
    }
}

/// The parts of a multipart body: the text between `--boundary` lines, up
/// to `--boundary--` (the preamble before the first and the epilogue after
/// the last are not parts), each split into its headers and body.
fn split_parts<'a>(body: &'a str, boundary: &str) -> Vec<Entity<'a>> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(rest) = trimmed.strip_prefix(delimiter.as_str()) {
            if rest.is_empty() || rest == "--" {
                if let Some(s) = start {
                    parts.push(part(&body[s..at]));
                }
                if rest == "--" {
                    return parts;
                }
                start = Some(at + line.len());
            }
        }
        at += line.len();
    }
    // No closing delimiter (a cut post): the last part runs to the end.
    if let Some(s) = start {
        parts.push(part(&body[s..]));
    }
    parts
}

/// One part of a multipart body: its header block (folded lines
/// unfolded), a blank line, its body. An attachment gives no text.
fn part(text: &str) -> Entity<'_> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                if value.len() < MAX_FIELD_BYTES {
                    value.push(' ');
                    value.push_str(line.trim());
                }
            }
            continue;
        }
        if let Some((name, value)) = header(line.trim_end()) {
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let attachment = find("content-disposition")
        .is_some_and(|d| d.to_ascii_lowercase().starts_with("attachment"));
    Entity {
        content_type: if attachment {
            Some("application/octet-stream".to_string())
        } else {
            find("content-type")
        },
        encoding: find("content-transfer-encoding"),
        body: &text[at.min(text.len())..],
    }
}

/// Undoes quoted-printable: `=XX` is a byte, `=` at a line's end a soft
/// break; a malformed `=` stays as written.
fn qp_body(body: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let line = line
            .trim_end_matches(['\n', '\r'])
            .trim_end_matches([' ', '\t']);
        let (line, soft) = match line.strip_suffix('=') {
            Some(kept) => (kept, true),
            None => (line, false),
        };
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' {
                let hi = bytes.get(i + 1).and_then(|b| hex(*b));
                let lo = bytes.get(i + 2).and_then(|b| hex(*b));
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        if !soft {
            out.push(b'\n');
        }
    }
    out
}

/// Undoes base64 (line breaks and stray whitespace ignored); `None` when
/// it is not base64.
fn b64_body(body: &str) -> Option<Vec<u8>> {
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    b64_decode(&compact)
}

/// Bytes of a part in the `charset` its `Content-Type` names (UTF-8 when it
/// names none it knows, Windows-1252 for bytes that are not UTF-8).
fn decode_charset(bytes: &[u8], content_type: &str) -> String {
    let named = parameter(content_type, "charset")
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let encoding = match named {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// The largest index `<= max` that is a char boundary of `text`.
fn floor_char_boundary(text: &str, max: usize) -> usize {
    if max >= text.len() {
        return text.len();
    }
    (0..=max)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// Decodes RFC 2047 encoded-words (`=?iso-8859-1?Q?Caf=E9?=`,
/// `=?utf-8?B?Q2Fmw6k=?=`); the space between two encoded-words goes, as
/// the RFC says. A word that does not decode (unknown charset, bad
/// encoding) is kept as written.
fn decode_encoded_words(text: &str) -> String {
    if !text.contains("=?") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, candidate) = rest.split_at(start);
        match encoded_word(candidate) {
            Some((decoded, len)) => {
                if !(after_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&decoded);
                rest = candidate.get(len..).unwrap_or_default();
                after_word = true;
            }
            None => {
                out.push_str(before);
                out.push_str("=?");
                rest = candidate.get(2..).unwrap_or_default();
                after_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One encoded-word at the start of `text`: its decoded text and length.
fn encoded_word(text: &str) -> Option<(String, usize)> {
    let inner = text.strip_prefix("=?")?;
    let (charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let payload = &rest[..end];
    if charset.is_empty() || charset.contains(char::is_whitespace) {
        return None;
    }
    if payload.contains(char::is_whitespace) {
        return None;
    }
    let bytes = match encoding {
        "Q" | "q" => q_decode(payload)?,
        "B" | "b" => b64_decode(payload)?,
        _ => return None,
    };
    // "charset*language" (RFC 2231) names the charset first.
    let label = charset.split('*').next()?;
    let decoder = encoding_rs::Encoding::for_label(label.as_bytes())?;
    let (decoded, _) = decoder.decode_without_bom_handling(&bytes);
    let len = 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
    Some((decoded.into_owned(), len))
}

fn q_decode(payload: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(payload.len());
    let mut bytes = payload.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'_' => out.push(b' '),
            b'=' => {
                let hi = hex(bytes.next()?)?;
                let lo = hex(bytes.next()?)?;
                out.push(hi << 4 | lo);
            }
            b => out.push(b),
        }
    }
    Some(out)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Base64 as encoded-words carry it: padding optional (mailers drop it),
/// stray trailing bits ignored.
fn b64_decode(payload: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine;
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    LENIENT.decode(payload).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<RawRecord> {
        let mut lines = LineReader::new(text.as_bytes());
        MailParser::new(&mut lines)
            .records()
            .filter_map(Result::ok)
            .collect()
    }

    /// Headline, paragraphs, stated id and date of each record.
    type Parts = (String, Vec<String>, Option<String>, Option<String>);

    fn summary(records: &[RawRecord]) -> Vec<Parts> {
        records
            .iter()
            .map(|r| {
                (
                    r.headline.clone(),
                    r.paragraphs.clone(),
                    r.stated.id.clone(),
                    r.stated.date.clone(),
                )
            })
            .collect()
    }

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn post(headline: &str, paragraphs: &[&str]) -> Parts {
        (headline.into(), owned(paragraphs), None, None)
    }

    #[test]
    fn posts() {
        let cases: Vec<(&str, String, Vec<Parts>)> = vec![
            (
                "plain post",
                "From: a@b.c (A)\nSubject: Re: Gravity waves\nLines: 3\n\nIn article <x@y> A writes:\n>quoted\n\nMy reply.\n".into(),
                vec![post("Re: Gravity waves", &["In article <x@y> A writes:\n>quoted", "My reply."])],
            ),
            (
                "date and message id as stated",
                "Subject: Hi\nDate: 5 Apr 93 19:33:12 GMT\nMessage-ID: <1@b.c>\n\nBody.\n".into(),
                vec![(
                    "Hi".into(),
                    owned(&["Body."]),
                    Some("<1@b.c>".into()),
                    Some("5 Apr 93 19:33:12 GMT".into()),
                )],
            ),
            (
                "folded subject unfolds",
                "From: a@b.c\nSubject: Re: text of White House announcement \n\tencryption\n\nB.\n".into(),
                vec![post("Re: text of White House announcement encryption", &["B."])],
            ),
            (
                "reference list under subject is a dropped References header",
                "From: a@b.c\nSubject: Re: Octopus\n <1993Apr18.1@x.ca> <2@y>\nLines: 2\n\nB.\n".into(),
                vec![post("Re: Octopus", &["B."])],
            ),
            (
                "orphaned folded lines at the top are ignored",
                " wiscon.weizmann.ac.il!jhsegal\n ward\nSubject: S\nFrom: f@g\n\nB.\n".into(),
                vec![post("S", &["B."])],
            ),
            (
                "a line of spaces between headers is a fold",
                "From: a@b\nSubject: $ 80 SVX OIL CHANGE\n \nLines: 17\n\n\n\n My friend\nthinks\n".into(),
                vec![post("$ 80 SVX OIL CHANGE", &[" My friend\nthinks"])],
            ),
            (
                "a line of spaces ends the headers when no header follows",
                "From: a@b\nSubject: S\n  \nBody.\n".into(),
                vec![post("S", &["Body."])],
            ),
            (
                "no blank line after the headers keeps the body",
                "From: a@b\nSubject: S\nBody line one.\n\nTwo.\n".into(),
                vec![post("S", &["Body line one.", "Two."])],
            ),
            (
                "first subject wins, trailing spaces go, indentation stays",
                "Subject: One  \nSubject: Two\n\n    code();  \n  more\n".into(),
                vec![post("One", &["    code();\n  more"])],
            ),
            (
                "no subject: empty headline, body kept",
                "From: a@b\nLines: 1\n\nJust a body.\n".into(),
                vec![post("", &["Just a body."])],
            ),
            (
                "encoded-words in the subject",
                "Subject: =?iso-8859-1?Q?Caf=E9_au?= =?utf-8?B?bGFpdA==?= ok\n\nB.\n".into(),
                vec![post("Café aulait ok", &["B."])],
            ),
            (
                "crlf line ends and old Mac CRs inside a line",
                "Subject: S\r\n\r\nOne\rTwo\r\rThree\r\n".into(),
                vec![post("S", &["One\nTwo", "Three"])],
            ),
            (
                "a From line in a single post's body is text",
                "From: a@b\nSubject: S\n\nP1.\n\nFrom article <x@y>, by z:\n> q\n".into(),
                vec![post("S", &["P1.", "From article <x@y>, by z:\n> q"])],
            ),
            (
                "mbox: one record per post, >From unescaped",
                "From a@b Thu Apr  1 20:52:11 1993\nFrom: a@b\nSubject: One\n\nP1.\n>From here on.\n>>From there.\n\nFrom c@d Fri Apr  2 02:32:11 1993\nFrom: c@d\nSubject: Two\n\nQ1.\nFrom inside a paragraph.\n".into(),
                vec![
                    post("One", &["P1.\nFrom here on.\n>From there."]),
                    post("Two", &["Q1.\nFrom inside a paragraph."]),
                ],
            ),
            (
                "mbox: a post with no body",
                "From a@b\nSubject: Empty\n\nFrom c@d\nSubject: Next\n\nB.\n".into(),
                vec![post("Empty", &[]), post("Next", &["B."])],
            ),
            (
                "headers only",
                "From: a@b\nSubject: Only headers\n".into(),
                vec![post("Only headers", &[])],
            ),
            ("blank file", "\n\n  \n".into(), vec![]),
        ];
        for (name, input, want) in cases {
            assert_eq!(summary(&parse(&input)), want, "case: {name}");
        }
    }

    #[test]
    fn from_is_the_author_and_the_first_newsgroup_the_section() {
        let records = parse(
            "From: =?iso-8859-1?Q?J=F6rg?= <j@x.de>\nNewsgroups: sci.space,sci.astro\nSubject: S\n\nB.\n",
        );
        let s = &records[0].stated;
        assert_eq!(s.author.as_deref(), Some("Jörg <j@x.de>"));
        assert_eq!(s.section.as_deref(), Some("sci.space"));
        let records = parse("Subject: S\n\nB.\n");
        assert_eq!(
            (
                records[0].stated.author.as_deref(),
                records[0].stated.section.as_deref()
            ),
            (None, None)
        );
    }

    #[test]
    fn mime_bodies() {
        let cases: Vec<(&str, String, Vec<&str>)> = vec![
            (
                "alternative: the plain part wins, wherever it stands",
                "Subject: S\nMIME-Version: 1.0\nContent-Type: multipart/alternative;\n boundary=\"b1\"\n\nPreamble, no part.\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p>HTML one.</p>\n--b1\nContent-Type: text/plain; charset=utf-8\n\nPlain one.\n\nPlain two.\n--b1--\nEpilogue.\n".into(),
                vec!["Plain one.", "Plain two."],
            ),
            (
                "alternative without plain: the HTML, quoted-printable, latin-1",
                "Subject: S\nContent-Type: multipart/alternative; boundary=b2\n\n--b2\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0K\n--b2\nContent-Type: text/html; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n<p>Caf=E9 au lait, a long line=\n that goes on.</p><p>Two =3D 2.</p><script>x()</script>\n--b2--\n".into(),
                vec!["Café au lait, a long line that goes on.", "Two = 2."],
            ),
            (
                "a single html body in base64",
                "Subject: S\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\nPHA+T25lICZhbXA7IHR3bzwvcD48\ncD7DqXTDqTwvcD4=\n".into(),
                vec!["One & two", "été"],
            ),
            (
                "mixed: the first text part, attachments and nested alternatives",
                "Subject: S\nContent-Type: multipart/mixed; boundary=\"outer\"\n\n--outer\nContent-Type: multipart/alternative; boundary=\"inner\"\n\n--inner\nContent-Type: text/plain\n\nNested plain.\n--inner\nContent-Type: text/html\n\n<p>Nested html.</p>\n--inner--\n--outer\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nAttached.\n--outer--\n".into(),
                vec!["Nested plain."],
            ),
            (
                "an attachment first is passed over",
                "Subject: S\nContent-Type: multipart/mixed; boundary=m\n\n--m\nContent-Disposition: attachment\n\nNot the body.\n--m\n\nThe body.\n--m--\n".into(),
                vec!["The body."],
            ),
            (
                "quoted-printable plain text, soft breaks and a stray =",
                "Subject: S\nContent-Transfer-Encoding: quoted-printable\n\nA soft=\n break, 2+2=4 =ZZ.\n\nNext.\n".into(),
                vec!["A soft break, 2+2=4 =ZZ.", "Next."],
            ),
            (
                "a cut multipart keeps its last part",
                "Subject: S\nContent-Type: multipart/alternative; boundary=c\n\n--c\nContent-Type: text/plain\n\nCut off".into(),
                vec!["Cut off"],
            ),
            (
                "no boundary: no body",
                "Subject: S\nContent-Type: multipart/mixed\n\n--x\n\nText.\n".into(),
                vec![],
            ),
            (
                "other text types are text as written (20 Newsgroups' FAQs)",
                "Subject: S\nContent-Type: text/x-usenet-faq; version=1.0\n\nQ1.\n  indented\n\nA1.\n".into(),
                vec!["Q1.\n  indented", "A1."],
            ),
            (
                "a body that is no text",
                "Subject: S\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlh\n".into(),
                vec![],
            ),
        ];
        for (name, input, want) in cases {
            let records = parse(&input);
            assert_eq!(records.len(), 1, "case: {name}");
            assert_eq!(records[0].headline, "S", "case: {name}");
            assert_eq!(records[0].paragraphs, want, "case: {name}");
        }
    }

    #[test]
    fn mime_in_an_mbox_costs_nothing_to_the_next_post() {
        let text = "From a@b Thu Apr  1 20:52:11 1993\nSubject: One\nContent-Type: text/html\n\n<p>First.</p>\n\n<p>Second.</p>\n\nFrom c@d Fri Apr  2 02:32:11 1993\nSubject: Two\n\nPlain.\n";
        let records = parse(text);
        assert_eq!(
            summary(&records),
            vec![
                post("One", &["First.", "Second."]),
                post("Two", &["Plain."])
            ]
        );
    }

    #[test]
    fn content_type_parameters() {
        let t = "multipart/alternative; charset=utf-8; boundary=\"a;b=c\" ; x=y";
        assert_eq!(media_type(t), "multipart/alternative");
        assert_eq!(parameter(t, "boundary").as_deref(), Some("a;b=c"));
        assert_eq!(parameter(t, "CHARSET").as_deref(), Some("utf-8"));
        assert_eq!(parameter(t, "x").as_deref(), Some("y"));
        assert_eq!(parameter(t, "none"), None);
        assert_eq!(parameter("text/plain", "charset"), None);
        assert_eq!(
            parameter("text/plain; charset=\"unclosed", "charset").as_deref(),
            Some("unclosed")
        );
        assert_eq!(media_type(" Text/HTML "), "text/html");
    }

    #[test]
    fn records_start_positions() {
        let text = "From a@b\nSubject: One\n\nP.\n\nFrom c@d\nSubject: Two\n\nQ.\n";
        let records = parse(text);
        let starts: Vec<(u64, u64)> = records.iter().map(|r| (r.line, r.offset)).collect();
        assert_eq!(
            starts,
            vec![(1, 0), (6, text.find("From c@d").unwrap() as u64)]
        );
    }

    #[test]
    fn empty_posts_are_reported() {
        let text = "From a@b\n\nFrom c@d\nSubject: S\n\nB.\n";
        let mut lines = LineReader::new(text.as_bytes());
        let items: Vec<_> = MailParser::new(&mut lines).records().collect();
        assert!(matches!(
            items[0],
            Err(RecordError::Malformed { line: 1, .. })
        ));
        assert_eq!(items[1].as_ref().unwrap().headline, "S");
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn long_bodies_are_cut_with_a_warning() {
        let line = "x".repeat(1000);
        let text = format!(
            "From a@b\nSubject: Big\n\n{}\nFrom c@d\nSubject: Next\n\nB.\n",
            format!("{line}\n").repeat(MAX_BODY_BYTES / 1000 + 10)
        );
        let mut lines = LineReader::new(text.as_bytes());
        let items: Vec<_> = MailParser::new(&mut lines).records().collect();
        assert!(matches!(items[0], Err(RecordError::Malformed { .. })));
        let big = items[1].as_ref().unwrap();
        assert_eq!(big.headline, "Big");
        assert!(big.paragraphs.iter().map(String::len).sum::<usize>() <= MAX_BODY_BYTES);
        assert_eq!(items[2].as_ref().unwrap().headline, "Next");
    }

    #[test]
    fn encoded_words() {
        let cases = [
            ("plain", "plain"),
            ("=?ISO-8859-1?q?J=F6rg?=", "Jörg"),
            ("a =?utf-8?b?w6k=?= b", "a é b"),
            // Mailers drop the padding.
            ("=?utf-8?B?w6k?=", "é"),
            ("=?x-unknown?Q?abc?=", "=?x-unknown?Q?abc?="),
            ("=?utf-8?Q?bad=Z?=", "=?utf-8?Q?bad=Z?="),
            ("=?utf-8?B?!!?=", "=?utf-8?B?!!?="),
            ("=? not one", "=? not one"),
            ("=?utf-8?Q?unterminated", "=?utf-8?Q?unterminated"),
            ("=?utf-8*en?Q?x?=", "x"),
        ];
        for (input, want) in cases {
            assert_eq!(decode_encoded_words(input), want, "{input}");
        }
    }

    #[test]
    fn sniffs_header_blocks() {
        let cases: &[(&str, &[&str], bool)] = &[
            ("post", &["From: a@b", "Subject: S", "", "Body"], true),
            (
                "leading blank lines",
                &["", "Newsgroups: x", "Path: a!b", "", "B"],
                true,
            ),
            (
                "mbox",
                &["From a@b Thu Apr 1 1993", "From: a@b", "Subject: S", ""],
                true,
            ),
            (
                "orphaned folded lines first",
                &["wiscon!jhsegal", "ward", "Subject: S", "From: f@g", ""],
                true,
            ),
            (
                "dotted header names",
                &["Article-I.D.: x.1", "Subject: S", ""],
                true,
            ),
            (
                "one header is a headline",
                &["From: Russia with love", "", "P."],
                false,
            ),
            (
                "headers but none a post has",
                &["Name: x", "Version: 1", ""],
                false,
            ),
            (
                "headers after a first paragraph",
                &["Headline", "", "From: a@b", "Subject: S"],
                false,
            ),
            (
                "plain story",
                &[
                    "Ad sales boost Time Warner profit",
                    "",
                    "Quarterly profits: up.",
                ],
                false,
            ),
            (
                "news-page layout",
                &["Headline", "", "Cap (AFP)", "TT", "20", "", "Headline"],
                false,
            ),
            (
                "a From line without headers",
                &["From the start", "", "P."],
                false,
            ),
            (
                "too many lines before a header",
                &["a", "b", "c", "From: x", "Subject: y"],
                false,
            ),
            ("empty", &[], false),
        ];
        for (name, window, want) in cases {
            assert_eq!(looks_like(window), *want, "case: {name}");
        }
    }

    /// Random line soup from the format's vocabulary: no panics, records in
    /// file order, no blank paragraphs.
    #[test]
    fn random_posts_keep_invariants() {
        const POOL: &[&str] = &[
            "",
            "",
            " ",
            "\t",
            "From a@b Thu Apr 1",
            "From: a@b",
            "Subject: S",
            "Subject: =?utf-8?Q?x?=",
            " <1@b.c>",
            "\tfolded",
            "Date: 5 Apr 93",
            ">From quoted",
            "Body text.",
            "=?",
            "x\ry",
            ": no name",
            "Content-Type: multipart/alternative; boundary=b",
            "Content-Type: text/html",
            "Content-Transfer-Encoding: base64",
            "Content-Transfer-Encoding: quoted-printable",
            "--b",
            "--b--",
            "<p>x=3D</p>",
            "=",
            "QUJD",
        ];
        let mut next = crate::formats::xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..3000 {
            let lines = (next() % 60) as usize;
            let text: String = (0..lines)
                .map(|_| POOL[(next() % POOL.len() as u64) as usize].to_string() + "\n")
                .collect();
            let records = parse(&text);
            let mut last_line = 0;
            for r in &records {
                assert!(
                    r.paragraphs.iter().all(|p| !p.trim().is_empty()),
                    "{text:?}"
                );
                assert!(
                    !r.headline.is_empty() || !r.paragraphs.is_empty(),
                    "{text:?}"
                );
                assert!(r.line > last_line, "{text:?}");
                last_line = r.line;
            }
        }
    }
}
