//! Web archives (WARC 1.0 and 1.1, and the older ARC): one article per
//! archived HTML page.
//!
//! Owns the framing: a record is a header block then exactly
//! `Content-Length` bytes (ARC: a one-line header ending in the length),
//! read as raw bytes from `read` (payloads are in any charset, or binary),
//! a record at a time, so a 1 GB CC-NEWS file streams in the memory of its
//! largest record. `response`, `resource` and `conversion` records whose
//! payload is HTML go through [`http`] (status, chunking, content-encoding)
//! and `read::charset` to the saved-page extractor
//! ([`super::html::read_page`]); a page with no article is a skipped
//! record, as a saved page's is; `request`, `revisit`, `warcinfo` and
//! `metadata` records, non-HTML payloads and non-2xx responses are counted
//! and skipped, in one summary warning per file (a CC-NEWS file holds tens
//! of thousands: no line for each). A
//! record that is cut off, has no valid length or is followed by junk
//! costs only itself, with a warning naming its byte offset; reading goes
//! on at the next record header. Like every format it interprets nothing:
//! `WARC-Date` is handed on as the crawl time, as written.

pub mod http;

use super::html::{self, MAX_PAGE_BYTES};
use super::{Head, Lines, Parse, Queue, RawRecord, RecordError, Score, Spec};
use crate::read::{charset, gzip};

/// The registry's entry for web archives.
pub const FORMAT: Spec = Spec {
    name: "warc",
    sniff,
    extensions: &["warc", "arc"],
    open: |lines, options| {
        Box::new(
            WarcParser::new(lines)
                .records()
                .with_threads(options.page_threads),
        )
    },
    news_copy: true,
};

/// Largest record block kept in memory to read its page; a larger one is
/// passed over (and counted): an HTML page, compressed or not, with its
/// HTTP head is well under it.
const MAX_BLOCK_BYTES: u64 = MAX_PAGE_BYTES as u64 + (1 << 20);
/// Longest header line, and most header lines, of a record: past these it
/// is no WARC header.
const MAX_HEADER_LINE: usize = 64 << 10;
const MAX_HEADER_LINES: usize = 1024;
/// How many bytes a Content-Length may overrun into the next record's
/// first line and still be repaired (`WARC/1.0` is 8).
const TAIL_BYTES: usize = 8;

/// A WARC's first line (`WARC/1.0`, `WARC/1.1`) or an ARC's (`filedesc://`)
/// is a marker no other dump writes.
fn sniff(head: &Head) -> Score {
    let first = head.lines.first().copied().unwrap_or("");
    Score::when(
        first.starts_with("WARC/1.") || first.starts_with("filedesc://"),
        Score::CERTAIN,
    )
}

/// Why a record gave no article: the summary's tallies, in the order first
/// met.
#[derive(Debug, Default)]
struct Tally(Vec<(String, u64)>);

impl Tally {
    fn add(&mut self, what: impl Into<String>) {
        let what = what.into();
        match self.0.iter_mut().find(|(w, _)| *w == what) {
            Some((_, n)) => *n += 1,
            None => self.0.push((what, 1)),
        }
    }

    fn total(&self) -> u64 {
        self.0.iter().map(|(_, n)| n).sum()
    }
}

/// Reads a web archive a record at a time.
pub struct WarcParser<'a> {
    lines: &'a mut Lines,
    /// Line number of the next raw byte (counted on the raw bytes: the
    /// archive's own LFs).
    line: u64,
    /// An ARC file (told by its `filedesc://` header), and its version.
    arc: Option<u8>,
    skipped: Tally,
    /// Bytes that belong to no record, met since the last record: where
    /// they start (offset, line) and how many.
    junk: Option<(u64, u64, u64)>,
    /// The last record's offset, named when junk follows it.
    last_record: Option<u64>,
    /// The last record's header had no valid length: its block, read as
    /// junk, is not warned of twice.
    lost_block: bool,
    /// The last block's bytes after its last LF (a few at most): when a
    /// Content-Length is a few bytes too long, the next record's `WARC/1.0`
    /// begins in them.
    tail: Vec<u8>,
    buf: Vec<u8>,
}

impl<'a> WarcParser<'a> {
    /// A parser of the archive in `lines`, from where it stands.
    pub fn new(lines: &'a mut Lines) -> Self {
        WarcParser {
            lines,
            line: 1,
            arc: None,
            skipped: Tally::default(),
            junk: None,
            last_record: None,
            lost_block: false,
            tail: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// The next raw line into `self.buf` (at most `MAX_HEADER_LINE`
    /// bytes); its length.
    fn raw_line(&mut self) -> std::io::Result<usize> {
        self.buf.clear();
        let n = self.lines.read_raw_line(&mut self.buf, MAX_HEADER_LINE)?;
        self.line += count_lf(&self.buf);
        Ok(n)
    }

    /// The next `n` bytes, kept when `keep`; how many there were.
    fn block(&mut self, n: u64, keep: bool) -> std::io::Result<(Vec<u8>, u64)> {
        let mut kept = Vec::new();
        if keep {
            // Sized once (a kept block is at most MAX_BLOCK_BYTES, bar the
            // ARC file header), and read into directly: no copy of each
            // chunk, no regrowing.
            kept.reserve(n.min(MAX_BLOCK_BYTES) as usize);
        }
        let mut read = 0;
        let mut spare = Vec::new();
        while read < n {
            let out = if keep {
                &mut kept
            } else {
                spare.clear();
                &mut spare
            };
            let start = out.len();
            let want = (n - read).min(1 << 16) as usize;
            let got = self.lines.read_raw(want, out)?;
            if got == 0 {
                break;
            }
            let chunk = &out[start..];
            self.line += count_lf(chunk);
            match memchr::memrchr(b'\n', chunk) {
                Some(lf) => self.tail = chunk[lf + 1..].to_vec(),
                None => self.tail.extend_from_slice(chunk),
            }
            if self.tail.len() > TAIL_BYTES {
                self.tail.clear();
            }
            read += got as u64;
        }
        Ok((kept, read))
    }

    /// Warns of the junk met since the last record, if any.
    fn flush_junk(&mut self, queue: &mut Queue) {
        let quiet = std::mem::take(&mut self.lost_block);
        if let Some((offset, line, bytes)) = self.junk.take().filter(|_| !quiet) {
            let after = match self.last_record {
                Some(record) => {
                    format!(" after the record at byte {record} (is its Content-Length wrong?)")
                }
                None => String::new(),
            };
            queue.warn(
                line,
                format!("byte {offset}: {bytes} byte(s) that are no record{after}, skipped"),
            );
        }
    }

    /// Notes `bytes` bytes at `offset`, `line` that belong to no record.
    fn note_junk(&mut self, offset: u64, line: u64, bytes: u64) {
        match &mut self.junk {
            Some((_, _, n)) => *n += bytes,
            None => self.junk = Some((offset, line, bytes)),
        }
    }

    /// Reads one WARC record, whose first line (`WARC/1.x`) is read.
    fn warc_record(&mut self, offset: u64, line: u64, queue: &mut Queue) -> std::io::Result<()> {
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            if self.raw_line()? == 0 {
                queue.warn(
                    line,
                    format!("byte {offset}: WARC record header cut off by the end of the file"),
                );
                return Ok(());
            }
            if is_blank(&self.buf) {
                break;
            }
            if fields.len() >= MAX_HEADER_LINES || !self.buf.ends_with(b"\n") {
                queue.warn(
                    line,
                    format!("byte {offset}: WARC record header too long; skipped"),
                );
                return Ok(());
            }
            let text = String::from_utf8_lossy(&self.buf);
            let text = text.trim_end_matches(['\r', '\n']);
            match (text.starts_with([' ', '\t']), fields.last_mut()) {
                // A folded line continues the field before.
                (true, Some((_, value))) => {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                _ => {
                    if let Some((name, value)) = text.split_once(':') {
                        fields.push((name.trim().to_string(), value.trim().to_string()));
                    }
                }
            }
        }
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = field("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
            self.lost_block = true;
            queue.warn(
                line,
                format!(
                    "byte {offset}: WARC record with no valid Content-Length ({:?}); skipped",
                    field("Content-Length").unwrap_or("none")
                ),
            );
            return Ok(());
        };
        let kind = field("WARC-Type").unwrap_or("unknown").to_ascii_lowercase();
        let record = Record {
            offset,
            line,
            kind,
            content_type: field("Content-Type").map(str::to_string),
            url: field("WARC-Target-URI").map(target_uri),
            date: field("WARC-Date").map(str::to_string),
            trec_id: field("WARC-TREC-ID").map(str::to_string),
            length,
        };
        self.payload(record, queue)
    }

    /// Reads one ARC record, whose header line (in `self.buf`) is read.
    fn arc_record(&mut self, offset: u64, line: u64, queue: &mut Queue) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(&self.buf).trim().to_string();
        let version = self.arc.unwrap_or(1);
        let Some(header) = ArcHeader::parse(&text, version) else {
            self.lost_block = true;
            queue.warn(
                line,
                format!(
                    "byte {offset}: ARC record header with no valid length ({text:?}); skipped"
                ),
            );
            return Ok(());
        };
        if header.url.starts_with("filedesc://") {
            // The file's own header: its block's first line says the
            // version (`1 0 ...`, `2 0 ...`).
            let (block, read) = self.block(header.length, true)?;
            self.arc = Some(if block.starts_with(b"2 ") { 2 } else { 1 });
            if read < header.length {
                cut_off(queue, offset, line, header.length, read);
            }
            self.skipped.add("filedesc");
            return Ok(());
        }
        let http = header.url.starts_with("http:") || header.url.starts_with("https:");
        let record = Record {
            offset,
            line,
            // ARC holds the responses themselves, HTTP head and all.
            kind: if http { "arc-http" } else { "arc" }.to_string(),
            content_type: Some(header.content_type),
            url: Some(header.url),
            date: Some(header.date),
            trec_id: None,
            length: header.length,
        };
        self.payload(record, queue)
    }

    /// Reads a record's block and, when it holds an HTML page, its article.
    fn payload(&mut self, record: Record, queue: &mut Queue) -> std::io::Result<()> {
        self.last_record = Some(record.offset);
        let readable = matches!(
            record.kind.as_str(),
            "response" | "resource" | "conversion" | "arc" | "arc-http"
        );
        let keep = readable && record.length <= MAX_BLOCK_BYTES;
        let (block, read) = self.block(record.length, keep)?;
        if read < record.length {
            cut_off(queue, record.offset, record.line, record.length, read);
            return Ok(());
        }
        if !readable {
            self.skipped.add(record.kind.as_str());
            return Ok(());
        }
        if !keep {
            self.skipped
                .add(format!("over {} MB", MAX_BLOCK_BYTES >> 20));
            return Ok(());
        }
        if let Err(reason) = self.page(&record, &block, queue) {
            queue.warn(record.line, format!("byte {}: {reason}", record.offset));
        }
        Ok(())
    }

    /// Queues the reading of the article of a record's block (a job: see
    /// `formats::later`), unless the record is skipped (and counted); an
    /// error (for a warning) when it is damaged.
    fn page(&mut self, record: &Record, block: &[u8], queue: &mut Queue) -> Result<(), String> {
        let http = match record.kind.as_str() {
            "response" => match record.content_type.as_deref() {
                Some(t) => media_type(t) == "application/http",
                None => block.starts_with(b"HTTP/"),
            },
            "arc-http" => block.starts_with(b"HTTP/"),
            _ => false,
        };
        let (body, content_type, damaged) = if http {
            let head = http::parse_head(block)?;
            if !(200..300).contains(&head.status) {
                self.skipped.add("not HTTP 2xx");
                return Ok(());
            }
            let (body, damaged) = http::body(&head, block, MAX_PAGE_BYTES)?;
            (body, head.content_type, damaged)
        } else if record.kind == "response" {
            // A response that is no HTTP (dns:, ftp:...).
            self.skipped.add("not HTML");
            return Ok(());
        } else {
            (block.to_vec(), record.content_type.clone(), false)
        };
        if !is_html(content_type.as_deref(), &body) {
            self.skipped.add("not HTML");
            return Ok(());
        }
        let (line, offset) = (record.line, record.offset);
        let (url, trec_id, crawled) = (
            record.url.clone(),
            record.trec_id.clone(),
            record.date.clone(),
        );
        // Decoding too is the page's own work, done on the job's thread.
        queue.later(line, body.len(), move || {
            let text = charset::decode_page(&body, content_type.as_deref()).text;
            let mut made = Vec::new();
            let page = match html::read_page(&text) {
                Ok(page) => page,
                Err(reason) => {
                    // As a saved page's: a record holding no article, by kind.
                    made.push(Err(RecordError::Skipped {
                        line,
                        kind: reason.kind(),
                        reason: format!("byte {offset}: {reason}"),
                    }));
                    return made;
                }
            };
            // What the page states (its canonical URL, author, section,
            // language), and what the archive adds.
            let mut stated = page.stated;
            // The page's own canonical link names the article better than
            // the address it was fetched from (which may carry tracking
            // parameters or be a mirror); the target URI stands in when
            // the page has none.
            stated.url = stated.url.or(url);
            // A TREC-style collection's id (CC-NEWS for TREC has
            // `WARC-TREC-ID`) is what its judgments name; else the URL.
            stated.id = trec_id.or_else(|| stated.url.clone());
            stated.crawled = crawled;
            if damaged {
                // Kept (the text up to the damage is the page's), but said.
                made.push(Err(RecordError::Malformed {
                    line,
                    reason: format!(
                        "byte {offset}: the page's content-encoding is damaged; read up to the damage"
                    ),
                }));
            }
            made.push(Ok(RawRecord {
                headline: page.headline,
                captions: page.captions,
                paragraphs: page.paragraphs,
                line,
                offset,
                stated,
            }));
            made
        });
        Ok(())
    }
}

impl Parse for WarcParser<'_> {
    /// Reads one record (or the blank lines between records). A damaged
    /// gzip member costs the record being read (and any others in it):
    /// reading goes on at the next member.
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        match self.read_step(queue) {
            Err(err) => match gzip::damaged_member(&err) {
                Some(damaged) => {
                    queue.warn(
                        self.line,
                        format!(
                            "the gzip member at byte {} of the file is damaged ({damaged}): \
                             what it held is lost, read on from the next member",
                            damaged.at
                        ),
                    );
                    self.lost_block = true;
                    Ok(())
                }
                None => Err(err.into()),
            },
            Ok(()) => Ok(()),
        }
    }

    /// After a read error (not a damaged gzip member): says where, once
    /// the records before it are queued.
    fn salvage(&mut self, queue: &mut Queue) {
        self.flush_junk(queue);
        queue.warn(
            self.line,
            format!(
                "byte {}: the archive cannot be read on from here; the records before it are kept",
                self.lines.position()
            ),
        );
    }
}

impl WarcParser<'_> {
    /// `step`, its read errors as they came.
    fn read_step(&mut self, queue: &mut Queue) -> std::io::Result<()> {
        let mut offset = self.lines.position();
        let line = self.line;
        let tail = std::mem::take(&mut self.tail);
        if self.raw_line()? == 0 {
            self.flush_junk(queue);
            if self.skipped.total() > 0 {
                let tallies: Vec<String> = self
                    .skipped
                    .0
                    .iter()
                    .map(|(what, n)| format!("{n} {what}"))
                    .collect();
                let reason = format!(
                    "{} record(s) gave no article: {}",
                    self.skipped.total(),
                    tallies.join(", ")
                );
                queue.tally(1, std::mem::take(&mut self.skipped.0), reason);
            }
            queue.finish();
            return Ok(());
        }
        if is_blank(&self.buf) {
            return Ok(());
        }
        if !tail.is_empty() && !self.buf.starts_with(b"WARC/1.") {
            let joined = [tail.as_slice(), &self.buf].concat();
            if joined.starts_with(b"WARC/1.") && self.arc.is_none() {
                offset -= tail.len() as u64;
                queue.warn(
                    line,
                    format!(
                        "byte {offset}: the record before runs {} byte(s) past its end into \
                         this one's header (its Content-Length is too long); read on from here",
                        tail.len()
                    ),
                );
                self.buf = joined;
            }
        }
        let opening = self.buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.buf);
        if opening.starts_with(b"WARC/1.") && self.arc.is_none() {
            self.flush_junk(queue);
            self.warc_record(offset, line, queue)?;
        } else if opening.starts_with(b"filedesc://")
            || (self.arc.is_some() && ArcHeader::looks_like(opening))
        {
            self.flush_junk(queue);
            self.arc.get_or_insert(1);
            self.arc_record(offset, line, queue)?;
        } else {
            let bytes = self.buf.len() as u64;
            self.note_junk(offset, line, bytes);
        }
        Ok(())
    }
}

/// What the framing says of one record.
struct Record {
    offset: u64,
    line: u64,
    /// `WARC-Type`, lower case (`arc`, `arc-http` for ARC records).
    kind: String,
    /// The record's `Content-Type` (of the block: `application/http;
    /// msgtype=response`, or a resource's own type).
    content_type: Option<String>,
    url: Option<String>,
    /// `WARC-Date` or the ARC archive date, as written.
    date: Option<String>,
    trec_id: Option<String>,
    length: u64,
}

/// An ARC record's header line: `URL IP-address Archive-date Content-type
/// Archive-length` (version 1), or `URL IP-address Archive-date
/// Content-type Result-code Checksum Location Offset Filename
/// Archive-length` (version 2). Read from the right, so a URL holding
/// spaces is whole.
struct ArcHeader {
    url: String,
    date: String,
    content_type: String,
    length: u64,
}

impl ArcHeader {
    fn parse(line: &str, version: u8) -> Option<ArcHeader> {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let after_url = if version == 2 && fields.len() >= 10 {
            9
        } else {
            4
        };
        if fields.len() <= after_url {
            return None;
        }
        let url_end = fields.len() - after_url;
        let length = fields.last()?.parse().ok()?;
        Some(ArcHeader {
            url: fields[..url_end].join(" "),
            date: fields[url_end + 1].to_string(),
            content_type: fields[url_end + 2].to_string(),
            length,
        })
    }

    /// Whether a line is an ARC record's header (valid length or not): a
    /// URL (`scheme://...`, or `dns:`), then at least four fields; an HTTP
    /// header line (`Date: Sun, 16 Feb 2014 ...`) is none.
    fn looks_like(line: &[u8]) -> bool {
        let text = String::from_utf8_lossy(line);
        let mut fields = text.split_whitespace();
        fields
            .next()
            .is_some_and(|url| url.contains("://") || url.starts_with("dns:"))
            && fields.count() >= 4
    }
}

/// Warns that a record's block is cut off: by the end of the file, most
/// often, or a damaged length.
fn cut_off(queue: &mut Queue, offset: u64, line: u64, length: u64, read: u64) {
    queue.warn(
        line,
        format!(
            "byte {offset}: record cut off (its length says {length} bytes, the file ends \
             after {read}); skipped"
        ),
    );
}

/// A target URI as written, less the `<...>` some writers (wget) wrap it in.
fn target_uri(value: &str) -> String {
    let value = value.trim();
    value
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or(value)
        .to_string()
}

/// The media type of a `Content-Type` value, lower case, parameters off.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a payload is an HTML page: its type says so, or it states no
/// useful type and opens like a page.
fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    let media = content_type.map(media_type).unwrap_or_default();
    match media.as_str() {
        "text/html" | "application/xhtml+xml" => true,
        "" | "application/octet-stream" | "unk" | "unknown" | "no-type" => opens_like_page(body),
        _ => false,
    }
}

/// Whether `body` opens (after blank space, a BOM, comments) with a doctype
/// or an `<html>` tag.
fn opens_like_page(body: &[u8]) -> bool {
    let mut rest = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    loop {
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        rest = &rest[start..];
        if rest.starts_with(b"<!--") {
            match rest.windows(3).position(|w| w == b"-->") {
                Some(end) => rest = &rest[end + 3..],
                None => return false,
            }
        } else {
            break;
        }
    }
    let opening = rest[..rest.len().min(14)].to_ascii_lowercase();
    opening.starts_with(b"<!doctype html") || opening.starts_with(b"<html")
}

fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .all(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
}

fn count_lf(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, Write};

    use super::*;
    use crate::read::LineReader;

    /// A story long enough to be an article.
    const STORY: &str = "<p>The city council voted on Tuesday to close the old bridge over \
        the river after engineers found deep cracks in two of its piers.</p>\n<p>Traffic will \
        be sent through the eastern tunnel while repairs go on, which the council expects to \
        take at least eighteen months and cost more than forty million.</p>\n<p>Residents who \
        cross the bridge every day said they had feared for years that it was no longer safe, \
        and welcomed the decision.</p>";

    fn page(title: &str, extra: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><title>{title}</title>{extra}</head>\
             <body><article><h1>{title}</h1>{STORY}</article></body></html>"
        )
    }

    /// One WARC record of `kind` with `fields` and `block`.
    fn record(kind: &str, fields: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\n{fields}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(url: &str, http_head: &str, body: &[u8]) -> Vec<u8> {
        let mut block = http_head.as_bytes().to_vec();
        block.extend_from_slice(body);
        record(
            "response",
            &format!(
                "WARC-Target-URI: {url}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n\
                 Content-Type: application/http; msgtype=response\r\n"
            ),
            &block,
        )
    }

    fn parse(bytes: Vec<u8>) -> (Vec<RawRecord>, Vec<String>) {
        let inner: Box<dyn BufRead> = Box::new(std::io::Cursor::new(bytes));
        let mut lines = LineReader::new(inner);
        // Sniffing looks ahead first, as `dump::open` does.
        let _ = lines.peek(50);
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        for item in WarcParser::new(&mut lines).records() {
            match item {
                Ok(raw) => records.push(raw),
                Err(e) => warnings.push(e.to_string()),
            }
        }
        (records, warnings)
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn reads_html_responses_and_counts_the_rest() {
        let ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
        let mut warc = record(
            "warcinfo",
            "",
            b"software: test\r\nformat: WARC File Format 1.1\r\n",
        );
        let first_at = warc.len();
        warc.extend(response(
            "http://a.test/one",
            ok,
            page("First story", "").as_bytes(),
        ));
        warc.extend(record(
            "request",
            "WARC-Target-URI: http://a.test/one\r\n",
            b"GET /one HTTP/1.1\r\n\r\n",
        ));
        // Chunked and gzip'd, with a canonical link.
        let body = gzip(
            page(
                "Second story",
                "<link rel=\"canonical\" href=\"https://a.test/two\">\
                 <meta name=\"author\" content=\"Jane Smith\">",
            )
            .as_bytes(),
        );
        let mut chunked = format!("{:x}\r\n", body.len()).into_bytes();
        chunked.extend_from_slice(&body);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let second_at = warc.len();
        warc.extend(response(
            "http://a.test/two?utm=x",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\
             Content-Encoding: gzip\r\n\r\n",
            &chunked,
        ));
        warc.extend(response(
            "http://a.test/gone",
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n",
            page("Gone", "").as_bytes(),
        ));
        warc.extend(response(
            "http://a.test/logo.png",
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        ));
        warc.extend(record("revisit", "", b""));
        // A resource record holding a page in Windows-1252, told by its meta.
        let third_at = warc.len();
        let latin =
            page("Caf\u{e9} story", "<meta charset=\"windows-1252\">").replace('\u{e9}', "\u{1}");
        let mut latin = latin.into_bytes();
        for b in latin.iter_mut() {
            if *b == 1 {
                *b = 0xE9;
            }
        }
        warc.extend(record(
            "resource",
            "WARC-Target-URI: file:///saved/cafe.html\r\nContent-Type: text/html\r\n",
            &latin,
        ));

        let (records, warnings) = parse(warc.clone());
        let headlines: Vec<&str> = records.iter().map(|r| r.headline.as_str()).collect();
        assert_eq!(headlines, ["First story", "Second story", "Café story"]);
        let first = &records[0];
        assert_eq!(first.offset, first_at as u64);
        let line = 1 + warc[..first_at].iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(first.line, line);
        assert_eq!(first.stated.url.as_deref(), Some("http://a.test/one"));
        assert_eq!(first.stated.id.as_deref(), Some("http://a.test/one"));
        assert_eq!(
            first.stated.crawled.as_deref(),
            Some("2024-05-01T10:00:00Z")
        );
        assert!(first.paragraphs[0].starts_with("The city council voted"));
        let second = &records[1];
        assert_eq!(second.offset, second_at as u64);
        // The canonical link wins over the target URI.
        assert_eq!(second.stated.url.as_deref(), Some("https://a.test/two"));
        assert_eq!(second.stated.author.as_deref(), Some("Jane Smith"));
        assert_eq!(records[2].offset, third_at as u64);
        assert_eq!(
            warnings,
            [
                "line 1: 5 record(s) gave no article: 1 warcinfo, 1 request, 1 not HTTP 2xx, \
              1 not HTML, 1 revisit"
            ]
        );
    }

    /// `record` with its Content-Length `by` bytes short of its block.
    fn shorten(record: &[u8], by: usize) -> Vec<u8> {
        let text = String::from_utf8(record.to_vec()).unwrap();
        let at = text.find("Content-Length: ").unwrap() + 16;
        let end = at + text[at..].find('\r').unwrap();
        let length: usize = text[at..end].parse().unwrap();
        format!("{}{}{}", &text[..at], length - by, &text[end..]).into_bytes()
    }

    #[test]
    fn a_damaged_record_costs_only_itself() {
        let ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
        let one = response("http://a.test/one", ok, page("First story", "").as_bytes());
        let two = response("http://a.test/two", ok, page("Second story", "").as_bytes());
        let three = response(
            "http://a.test/three",
            ok,
            page("Third story", "").as_bytes(),
        );
        // (what, the archive, the headlines read, warnings given)
        type Case<'a> = (&'a str, Vec<u8>, Vec<&'a str>, Vec<String>);
        let cases: Vec<Case> = vec![
            (
                "no Content-Length",
                [
                    one.clone(),
                    b"WARC/1.0\r\nWARC-Type: response\r\n\r\n<html>junk</html>\r\n\r\n".to_vec(),
                    two.clone(),
                ]
                .concat(),
                vec!["First story", "Second story"],
                vec![format!(
                    "byte {}: WARC record with no valid Content-Length (\"none\"); skipped",
                    one.len()
                )],
            ),
            (
                "a Content-Length too short",
                [shorten(&one, 10), two.clone()].concat(),
                vec!["First story", "Second story"],
                vec![format!(
                    "byte {}: 12 byte(s) that are no record after the record at byte 0",
                    one.len() - 14
                )],
            ),
            (
                "junk between records",
                [one.clone(), b"garbage\r\nmore\r\n".to_vec(), two.clone()].concat(),
                vec!["First story", "Second story"],
                vec![format!(
                    "byte {}: 15 byte(s) that are no record after the record at byte 0",
                    one.len()
                )],
            ),
            (
                "a file cut off",
                [one.clone(), two.clone(), three[..three.len() / 2].to_vec()].concat(),
                vec!["First story", "Second story"],
                vec![format!("byte {}: record cut off", one.len() + two.len())],
            ),
        ];
        for (what, warc, want, warned) in cases {
            let (records, warnings) = parse(warc);
            let got: Vec<&str> = records.iter().map(|r| r.headline.as_str()).collect();
            assert_eq!(got, want, "{what}");
            for w in &warned {
                assert!(
                    warnings.iter().any(|got| got.contains(w.as_str())),
                    "{what}: {warnings:?}"
                );
            }
        }
    }

    #[test]
    fn reads_arc_records() {
        let body = page("Arc story", "");
        let http = format!("HTTP/1.0 200 OK\nContent-Type: text/html\n\n{body}");
        let version = "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n";
        let arc = format!(
            "filedesc://t.arc 0.0.0.0 20140216050221 text/plain {}\n{version}\n\
             http://a.test/x y.html 1.2.3.4 20140216050221 text/html {}\n{http}\n",
            version.len(),
            http.len()
        );
        let (records, warnings) = parse(arc.into_bytes());
        assert_eq!(records.len(), 1, "{warnings:?}");
        assert_eq!(records[0].headline, "Arc story");
        assert_eq!(
            records[0].stated.url.as_deref(),
            Some("http://a.test/x y.html")
        );
        assert_eq!(records[0].stated.crawled.as_deref(), Some("20140216050221"));
        assert_eq!(records[0].line, 5);
        assert_eq!(
            warnings,
            ["line 1: 1 record(s) gave no article: 1 filedesc"]
        );
    }

    #[test]
    fn sniffs_archives_by_their_first_line() {
        let cases = [
            ("WARC/1.0", Score::CERTAIN),
            ("WARC/1.1", Score::CERTAIN),
            (
                "filedesc://x.arc 0.0.0.0 20140216050221 text/plain 75",
                Score::CERTAIN,
            ),
            ("WARC/2.0", Score::NO),
            ("The WARC/1.0 format", Score::NO),
            ("", Score::NO),
        ];
        for (first, want) in cases {
            let lines = [first, "WARC-Type: warcinfo"];
            let head = Head::new(&lines, first.as_bytes(), None);
            assert_eq!(sniff(&head), want, "{first}");
        }
    }
}
