//! File -> decoded lines.
//!
//! Owns opening a dump, decompressing it as it streams (gzip, multi-member
//! too, a damaged member an error that [`gzip`] reads on past; zstd;
//! bzip2; xz, each but gzip a default cargo feature; Unix
//! compress `.Z`, decoded by `lzw`; told by magic bytes, not by extension),
//! telling
//! binary and empty files apart, and decoding
//! bytes to text line by line (LF, CRLF or old Mac CR line ends): UTF-8 (a
//! BOM is dropped), with a Windows-1252 fallback for any byte that is not
//! valid UTF-8 (UTF-16 with a byte-order mark is transcoded first), so one stray
//! byte neither loses its story nor garbles its neighbours. It knows nothing
//! about dump formats. A format framed by byte counts (WARC), or one whose
//! text is in the encoding its markup states (a saved HTML page), reads the
//! same stream as raw bytes instead ([`LineReader::read_raw`] and its kin),
//! the lines sniffing looked ahead handed back as the bytes they were (and
//! no longer counted as repaired); that text is decoded by [`charset`], by
//! what the headers and markup state.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

pub mod charset;
pub mod gzip;
mod lzw;

/// How many leading bytes are inspected to call a file binary.
const SNIFF_BYTES: usize = 8192;
/// Lines longer than this are cut (with a warning): no legitimate news line
/// is this long, and it bounds memory on a file with no line breaks.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Lines looked ahead keep their raw bytes up to this line number, so the
/// raw-byte reads can hand them back: more than sniffing peeks at
/// (`formats::SNIFF_LINES`), and few enough that a format peeking line by
/// line further on (mail) pays no copy.
const RAW_KEPT_LINES: u64 = 512;

/// Why a file cannot be read as text lines.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Opening, reading or decompressing failed: the system's reason.
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    /// Nothing in it (after decompression).
    #[error("empty file")]
    Empty,
    /// A NUL byte in its head: not text.
    #[error("binary file (NUL bytes in the first {SNIFF_BYTES} bytes)")]
    Binary,
    /// Compressed with a codec whose cargo feature was left out.
    #[error("{0}-compressed; this newsdex was built without the `{0}` feature")]
    NotBuiltIn(&'static str),
}

/// One line of a dump, without its line terminator (`\n` or `\r\n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text, decoded to UTF-8 (stray bytes read as Windows-1252).
    pub text: String,
    /// 1-based line number.
    pub number: u64,
    /// Byte offset of the line's first byte in the file.
    pub offset: u64,
}

/// Streams the decoded lines of a file, noting what had to be repaired.
pub struct LineReader<R> {
    inner: Source<R>,
    buf: Vec<u8>,
    /// The line terminator: `\n`, or `\r` for files whose head has CR line
    /// ends only; those also end a line at LF and take CRLF as one, since a
    /// long first line can hide the LFs further on.
    eol: u8,
    lookahead: VecDeque<Ahead>,
    /// A read error met while looking ahead, returned once the lines read
    /// before it are used up.
    deferred: Option<io::Error>,
    number: u64,
    offset: u64,
    /// Lines that were not valid UTF-8 and were read as Windows-1252.
    pub latin1_lines: u64,
    /// Lines cut at `MAX_LINE_BYTES`.
    pub cut_lines: u64,
    /// The first bytes of the (decompressed) stream, for sniffing.
    head: Vec<u8>,
}

/// A line looked ahead, and the bytes it was read from (its terminator
/// included) while it is within the first `RAW_KEPT_LINES`.
struct Ahead {
    line: Line,
    raw: Option<Vec<u8>>,
    /// Counted in `latin1_lines`, `cut_lines`: uncounted when handed back.
    latin1: bool,
    cut: bool,
}

/// `Read::read` of a reader whose buffering is its own (`fill_buf` and
/// `consume` say which bytes come next): copies from its buffer.
pub(crate) fn read_through(reader: &mut impl BufRead, out: &mut [u8]) -> io::Result<usize> {
    let n = {
        let chunk = reader.fill_buf()?;
        let n = chunk.len().min(out.len());
        out[..n].copy_from_slice(&chunk[..n]);
        n
    };
    reader.consume(n);
    Ok(n)
}

/// The stream under a [`LineReader`]: bytes handed back by the raw reads
/// (lines looked ahead, undecoded again) first, then the input. While none
/// are handed back it only passes the input's calls on.
struct Source<R> {
    pending: Vec<u8>,
    at: usize,
    inner: R,
}

impl<R: BufRead> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        read_through(self, out)
    }
}

impl<R: BufRead> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.pending.len() {
            Ok(&self.pending[self.at..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, n: usize) {
        if self.at < self.pending.len() {
            self.at = (self.at + n).min(self.pending.len());
            if self.at == self.pending.len() {
                self.pending = Vec::new();
                self.at = 0;
            }
        } else {
            self.inner.consume(n);
        }
    }
}

/// Compression formats, told by their magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    Gzip,
    Zstd,
    Bzip2,
    Xz,
    /// Unix `compress` (LZW), as TREC's disks ship their files (`.Z`,
    /// `.0Z`). A lower-case `.z` is gzip, told apart by its magic.
    Compress,
}

impl Compression {
    fn sniff(head: &[u8]) -> Option<Compression> {
        match head {
            [0x1F, 0x8B, ..] => Some(Compression::Gzip),
            [0x28, 0xB5, 0x2F, 0xFD, ..] => Some(Compression::Zstd),
            [b'B', b'Z', b'h', ..] => Some(Compression::Bzip2),
            [0xFD, b'7', b'z', b'X', b'Z', 0x00, ..] => Some(Compression::Xz),
            [0x1F, 0x9D, ..] => Some(Compression::Compress),
            _ => None,
        }
    }

    fn decoder(self, file: impl BufRead + 'static) -> Result<Box<dyn Read>, ReadError> {
        Ok(match self {
            Compression::Gzip => Box::new(gzip::Members::new(file)),
            #[cfg(feature = "zstd")]
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(file)?),
            #[cfg(not(feature = "zstd"))]
            Compression::Zstd => return Err(ReadError::NotBuiltIn("zstd")),
            #[cfg(feature = "bzip2")]
            Compression::Bzip2 => Box::new(bzip2::bufread::MultiBzDecoder::new(file)),
            #[cfg(not(feature = "bzip2"))]
            Compression::Bzip2 => return Err(ReadError::NotBuiltIn("bzip2")),
            #[cfg(feature = "xz")]
            Compression::Xz => Box::new(xz2::bufread::XzDecoder::new_multi_decoder(file)),
            #[cfg(not(feature = "xz"))]
            Compression::Xz => return Err(ReadError::NotBuiltIn("xz")),
            // Pure Rust and small: always built in.
            Compression::Compress => Box::new(lzw::Decoder::new(file)),
        })
    }
}

/// Opens `path` for reading lines, decompressing it when it is compressed,
/// after checking it is neither empty nor binary. A UTF-16 file (told by
/// its byte-order mark) is transcoded to UTF-8 as it streams.
pub fn open(path: &Path) -> Result<LineReader<Box<dyn BufRead>>, ReadError> {
    open_stream(decompressed(File::open(path)?)?)
}

/// The bytes of `stream` decompressed as `open` does a file's (the codec
/// told by its magic bytes; as it is when it has none). A bundle's walk
/// reads a `.tar.gz` and each member through it.
pub fn decompressed(stream: impl Read + 'static) -> Result<Box<dyn BufRead>, ReadError> {
    let mut stream = BufReader::with_capacity(1 << 16, stream);
    Ok(match Compression::sniff(stream.fill_buf()?) {
        Some(compression) => Box::new(BufReader::with_capacity(
            1 << 16,
            compression.decoder(stream)?,
        )),
        None => Box::new(stream),
    })
}

/// `open` over bytes already decompressed (a file's, or a bundle
/// member's): checks they are neither empty nor binary, transcodes UTF-16.
pub fn open_stream(
    mut reader: Box<dyn BufRead>,
) -> Result<LineReader<Box<dyn BufRead>>, ReadError> {
    let utf16 = matches!(reader.fill_buf()?, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]);
    if utf16 {
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new().build(reader);
        reader = Box::new(BufReader::with_capacity(1 << 16, decoded));
    }
    let head = reader.fill_buf()?;
    if head.is_empty() {
        return Err(ReadError::Empty);
    }
    let head = &head[..head.len().min(SNIFF_BYTES)];
    // A web archive's records hold images and compressed payloads, NULs
    // and all, between text headers: its own first line tells it apart.
    let archive = head.starts_with(b"WARC/") || head.starts_with(b"filedesc://");
    if head.contains(&0) && !archive {
        return Err(ReadError::Binary);
    }
    let cr_only = head.contains(&b'\r') && !head.contains(&b'\n');
    let head = head.to_vec();
    let mut lines = LineReader::new(reader);
    lines.head = head;
    if cr_only {
        lines.eol = b'\r';
    }
    Ok(lines)
}

impl<R: BufRead> LineReader<R> {
    /// The lines of `inner` as it is: no decompression, LF (or CRLF) line
    /// ends, no head for sniffing. `open` is what reads a dump file.
    pub fn new(inner: R) -> Self {
        LineReader {
            inner: Source {
                pending: Vec::new(),
                at: 0,
                inner,
            },
            buf: Vec::new(),
            eol: b'\n',
            lookahead: VecDeque::new(),
            deferred: None,
            number: 0,
            offset: 0,
            latin1_lines: 0,
            cut_lines: 0,
            head: Vec::new(),
        }
    }

    /// The first bytes of the stream as `open` found them (after
    /// decompression), up to 8 KiB; empty for a reader made by `new`.
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// The next line, `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        match self.lookahead.pop_front() {
            Some(ahead) => Ok(Some(ahead.line)),
            None => match self.deferred.take() {
                Some(err) => Err(err),
                None => Ok(self.read_line(false)?.map(|ahead| ahead.line)),
            },
        }
    }

    /// The line `n` places ahead (0 is the one `next_line` returns next),
    /// without consuming it. A read error ends the look-ahead like the end
    /// of the input; `next_line` reports it after the lines before it.
    pub fn peek(&mut self, n: usize) -> io::Result<Option<&Line>> {
        while self.lookahead.len() <= n && self.deferred.is_none() {
            let keep_raw = self.number < RAW_KEPT_LINES;
            match self.read_line(keep_raw) {
                Ok(Some(ahead)) => self.lookahead.push_back(ahead),
                Ok(None) => return Ok(None),
                Err(err) => self.deferred = Some(err),
            }
        }
        Ok(self.lookahead.get(n).map(|ahead| &ahead.line))
    }

    /// The lines read ahead by `peek` and not yet returned.
    pub fn buffered(&self) -> impl Iterator<Item = &Line> {
        self.lookahead.iter().map(|ahead| &ahead.line)
    }

    /// The number of the next line `next_line` would return: the line the
    /// raw reads start on.
    pub fn line_number(&self) -> u64 {
        self.lookahead
            .front()
            .map_or(self.number + 1, |ahead| ahead.line.number)
    }

    /// Byte offset (in the decompressed stream) of the next byte the raw
    /// reads return: the start of the next line `next_line` would return.
    pub fn position(&self) -> u64 {
        self.lookahead
            .front()
            .map_or(self.offset, |ahead| ahead.line.offset)
    }

    /// Appends the next raw bytes up to and including a LF to `out`, at most
    /// `limit` of them; how many (0 at the end of the input). No decoding,
    /// no BOM or line end dropped: for a format framed by byte counts.
    pub fn read_raw_line(&mut self, out: &mut Vec<u8>, limit: usize) -> io::Result<usize> {
        let mut read = 0;
        while read < limit {
            let chunk = self.raw_chunk()?;
            if chunk.is_empty() {
                break;
            }
            let chunk = &chunk[..chunk.len().min(limit - read)];
            let end = memchr::memchr(b'\n', chunk);
            let n = end.map_or(chunk.len(), |i| i + 1);
            out.extend_from_slice(&chunk[..n]);
            self.consume_raw(n, end.is_some());
            read += n;
            if end.is_some() {
                break;
            }
        }
        Ok(read)
    }

    /// Appends the next `n` raw bytes to `out` (fewer at the end of the
    /// input); how many.
    pub fn read_raw(&mut self, n: usize, out: &mut Vec<u8>) -> io::Result<usize> {
        let mut read = 0;
        while read < n {
            let chunk = self.raw_chunk()?;
            if chunk.is_empty() {
                break;
            }
            let take = chunk.len().min(n - read);
            let lines = memchr::memchr_iter(b'\n', &chunk[..take]).count();
            out.extend_from_slice(&chunk[..take]);
            self.consume_raw(take, false);
            self.number += lines as u64;
            read += take;
        }
        Ok(read)
    }

    /// What the raw reads read next: the lines looked ahead first (handed
    /// back as the bytes they were read from), then the stream; a read
    /// error met while looking ahead once those bytes are used up.
    fn raw_chunk(&mut self) -> io::Result<&[u8]> {
        self.take_back()?;
        if self.inner.at >= self.inner.pending.len() {
            if let Some(err) = self.deferred.take() {
                return Err(err);
            }
        }
        loop {
            match self.inner.fill_buf() {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                // Re-borrowed: the loop cannot return a borrow it retries.
                Err(err) => return Err(err),
                Ok(_) => break,
            }
        }
        self.inner.fill_buf()
    }

    /// Takes `n` raw bytes, `lf` if they end a line: lines are counted on
    /// raw bytes too (by their LFs), so `next_line` numbers on after them.
    fn consume_raw(&mut self, n: usize, lf: bool) {
        self.inner.consume(n);
        self.offset += n as u64;
        self.number += u64::from(lf);
    }

    /// Hands the lines looked ahead back to the stream as their raw bytes,
    /// so the raw reads (and a later `next_line`) start where the lines
    /// returned so far end.
    fn take_back(&mut self) -> io::Result<()> {
        let Some(first) = self.lookahead.front() else {
            return Ok(());
        };
        let (offset, number) = (first.line.offset, first.line.number - 1);
        let mut pending = Vec::new();
        let mut whole = true;
        for ahead in self.lookahead.drain(..) {
            self.latin1_lines -= u64::from(ahead.latin1);
            self.cut_lines -= u64::from(ahead.cut);
            match ahead.raw {
                Some(raw) => pending.extend_from_slice(&raw),
                None => whole = false,
            }
        }
        pending.extend_from_slice(&self.inner.pending[self.inner.at..]);
        self.inner.pending = pending;
        self.inner.at = 0;
        self.offset = offset;
        self.number = number;
        if whole {
            Ok(())
        } else {
            Err(io::Error::other(format!(
                "lines looked ahead past line {RAW_KEPT_LINES} cannot be read again as bytes"
            )))
        }
    }

    /// Reads up to and including the next line end into `buf` (at most
    /// `MAX_LINE_BYTES`): LF, or for CR files CR, LF or CRLF.
    fn read_until_eol(&mut self) -> io::Result<usize> {
        let mut read = 0;
        while read < MAX_LINE_BYTES {
            let chunk = match self.inner.fill_buf() {
                Ok(chunk) => chunk,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            let chunk = &chunk[..chunk.len().min(MAX_LINE_BYTES - read)];
            if chunk.is_empty() {
                break;
            }
            // memchr's vector search: every byte of every dump passes here.
            let end = if self.eol == b'\n' {
                memchr::memchr(b'\n', chunk)
            } else {
                memchr::memchr2(b'\r', b'\n', chunk)
            };
            let n = end.map_or(chunk.len(), |i| i + 1);
            self.buf.extend_from_slice(&chunk[..n]);
            let cr = end.is_some_and(|i| chunk[i] == b'\r');
            self.inner.consume(n);
            read += n;
            if end.is_some() {
                if cr {
                    self.skip_lf_after_cr()?;
                }
                break;
            }
        }
        Ok(read)
    }

    /// After a CR that ended a line of a CR file, takes the LF of a CRLF
    /// pair, counting it in the offset, so it does not open an empty line.
    fn skip_lf_after_cr(&mut self) -> io::Result<()> {
        if let Some(b'\n') = self.inner.fill_buf()?.first() {
            self.inner.consume(1);
            self.offset += 1;
        }
        Ok(())
    }

    /// The next line; with its raw bytes when `keep_raw` (the whole line as
    /// read, its end included; only the bytes kept of a line cut).
    fn read_line(&mut self, keep_raw: bool) -> io::Result<Option<Ahead>> {
        self.buf.clear();
        let start = self.offset;
        let read = self.read_until_eol()?;
        if read == 0 {
            return Ok(None);
        }
        self.offset += read as u64;
        let mut raw = keep_raw.then(|| self.buf.clone());
        if let Some(raw) = &mut raw {
            // The LF of a CRLF in a CR file, taken past the CR ending the line.
            if self.offset > start + raw.len() as u64 {
                raw.push(b'\n');
            }
        }
        let ended = self.buf.last().is_some_and(|&b| ends_line(self.eol, b));
        let cut = !ended && read == MAX_LINE_BYTES;
        if cut {
            // Skip the rest of an over-long line.
            self.cut_lines += 1;
            loop {
                let chunk = self.inner.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                let eol = self.eol;
                match chunk.iter().position(|&b| ends_line(eol, b)) {
                    Some(i) => {
                        let cr = self.eol == b'\r' && chunk[i] == b'\r';
                        self.inner.consume(i + 1);
                        self.offset += i as u64 + 1;
                        if cr {
                            self.skip_lf_after_cr()?;
                        }
                        break;
                    }
                    None => {
                        let n = chunk.len();
                        self.inner.consume(n);
                        self.offset += n as u64;
                    }
                }
            }
        }
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        let mut bytes = &self.buf[..];
        if self.number == 0 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        self.number += 1;
        let (text, latin1) = match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), false),
            Err(_) => {
                self.latin1_lines += 1;
                (decode_mixed(bytes), true)
            }
        };
        Ok(Some(Ahead {
            line: Line {
                text,
                number: self.number,
                offset: start,
            },
            raw,
            latin1,
            cut,
        }))
    }
}

/// True when `byte` ends a line of a file whose line terminator is `eol`.
fn ends_line(eol: u8, byte: u8) -> bool {
    byte == eol || (eol == b'\r' && byte == b'\n')
}

/// Decodes a line that is not valid UTF-8: its valid UTF-8 runs as UTF-8,
/// each stray byte as Windows-1252, so one bad byte garbles nothing else.
/// The lines of a dump are decoded so; a format reading raw bytes (a saved
/// page in UTF-8 with stray bytes) decodes them so too.
pub fn decode_mixed(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(rest) => {
                out.push_str(rest);
                return out;
            }
            Err(err) => {
                let (valid, after) = bytes.split_at(err.valid_up_to());
                // Safe: `valid_up_to` bytes are valid UTF-8.
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = err
                    .error_len()
                    .unwrap_or(after.len())
                    .max(1)
                    .min(after.len());
                let decoded = encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&after[..bad])
                    .0;
                out.push_str(&decoded);
                bytes = &after[bad..];
            }
        }
    }
}

/// How many lines of `bytes`, a file's from its start, are not valid UTF-8:
/// what [`LineReader::latin1_lines`] would count of them (lines ending at
/// LF; also at CR when the head has CRs and no LF, as `open` tells), for a
/// format that decodes raw bytes with [`decode_mixed`].
pub fn lines_not_utf8(bytes: &[u8]) -> u64 {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let cr_only = head.contains(&b'\r') && !head.contains(&b'\n');
    bytes
        .split(|&b| b == b'\n' || (cr_only && b == b'\r'))
        .filter(|line| std::str::from_utf8(line).is_err())
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> (Vec<Line>, u64) {
        let mut reader = LineReader::new(input);
        let mut out = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            out.push(line);
        }
        (out, reader.latin1_lines)
    }

    #[test]
    fn decodes_lines_with_offsets() {
        let cases: &[(&[u8], &[&str], u64)] = &[
            (b"a\nbb\n", &["a", "bb"], 0),
            (b"a\r\nbb\r\n", &["a", "bb"], 0),
            (b"\xEF\xBB\xBFhead\nx", &["head", "x"], 0),
            // A lone Latin-1 pound sign only affects its own line.
            (
                b"ok \xC2\xA3\n\xA3300\nnext",
                &["ok \u{a3}", "\u{a3}300", "next"],
                1,
            ),
            (b"\x93quoted\x94\n", &["\u{201c}quoted\u{201d}"], 1),
            // Valid UTF-8 beside a stray byte stays as it is.
            (
                b"group\xE2\x80\x99s \xA3 5\n",
                &["group\u{2019}s \u{a3} 5"],
                1,
            ),
        ];
        for (input, want, latin1) in cases {
            let (got, n) = lines(input);
            let texts: Vec<&str> = got.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(&texts, want, "input {input:?}");
            assert_eq!(n, *latin1, "input {input:?}");
        }
        let mut reader = LineReader::new(&b"1\n2\n3"[..]);
        assert_eq!(
            reader.peek(1).unwrap().map(|l| l.text.clone()),
            Some("2".into())
        );
        assert_eq!(
            reader.next_line().unwrap().map(|l| l.text),
            Some("1".into())
        );
        assert!(reader.peek(5).unwrap().is_none());
        assert_eq!(reader.next_line().unwrap().map(|l| l.number), Some(2));

        let (got, _) = lines(b"a\r\nbb\nccc");
        let offsets: Vec<u64> = got.iter().map(|l| l.offset).collect();
        assert_eq!(offsets, vec![0, 3, 6]);
    }

    /// Regression: a file told CR-only by its head (a CR and no LF in the
    /// first bytes, as when the first line is long) kept the LFs further on
    /// inside its lines; they now end lines too, a CRLF pair as one end.
    #[test]
    fn cr_files_end_lines_at_lf_and_crlf_too() {
        let long = "x".repeat(SNIFF_BYTES);
        let text = format!("a\r{long}\rb\r\nc\nd\r\re");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cr.txt");
        std::fs::write(&path, &text).unwrap();
        let mut reader = open(&path).unwrap();
        let mut got = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            got.push((line.text, line.offset));
        }
        let at = |s: &str| text.find(s).unwrap() as u64;
        let want = vec![
            ("a".to_string(), 0),
            (long.clone(), 2),
            ("b".to_string(), at("b")),
            ("c".to_string(), at("c")),
            ("d".to_string(), at("d")),
            (String::new(), at("d") + 2),
            ("e".to_string(), at("e")),
        ];
        assert_eq!(got, want);
    }

    /// The raw reads hand back the lines sniffing looked ahead as the
    /// bytes they were (line ends, BOM and stray bytes as in the file), then
    /// read on; `next_line` after them starts where they stopped.
    #[test]
    fn raw_reads_hand_back_the_lines_looked_ahead() {
        let input: &[u8] = b"\xEF\xBB\xBFWARC/1.0\r\nA: \xE9\r\n\r\nbody\x00\xFF\nnext\nlast";
        let mut reader = LineReader::new(input);
        assert_eq!(
            reader.peek(3).unwrap().map(|l| l.text.as_str()),
            Some("body\0\u{ff}")
        );
        assert_eq!(reader.latin1_lines, 2);
        let first = reader.next_line().unwrap().unwrap();
        assert_eq!((first.text.as_str(), first.offset), ("WARC/1.0", 0));
        assert_eq!(reader.position(), 13);
        let mut out = Vec::new();
        assert_eq!(reader.read_raw_line(&mut out, 100).unwrap(), 6);
        assert_eq!(out, b"A: \xE9\r\n");
        // The lines handed back are no longer counted as decoded.
        assert_eq!(reader.latin1_lines, 0);
        out.clear();
        assert_eq!(reader.read_raw(5, &mut out).unwrap(), 5);
        assert_eq!(out, b"\r\nbod");
        assert_eq!(reader.position(), 24);
        // A line cut at the limit, then the rest of it.
        out.clear();
        assert_eq!(reader.read_raw_line(&mut out, 2).unwrap(), 2);
        assert_eq!(reader.read_raw_line(&mut out, 100).unwrap(), 2);
        assert_eq!(out, b"y\x00\xFF\n");
        let next = reader.next_line().unwrap().unwrap();
        assert_eq!(
            (next.text.as_str(), next.number, next.offset),
            ("next", 5, 28)
        );
        out.clear();
        assert_eq!(reader.read_raw(100, &mut out).unwrap(), 4);
        assert_eq!(out, b"last");
        assert_eq!(reader.read_raw(100, &mut out).unwrap(), 0);
        assert_eq!(reader.position(), input.len() as u64);
    }

    /// A page read as bytes after sniffing looked ahead starts at line 1,
    /// byte 0, with nothing counted as repaired; the lines it holds that
    /// are not UTF-8 are counted as the line reader counts them.
    #[test]
    fn a_page_read_as_bytes_after_sniffing() {
        let input: &[u8] = b"<html>\r\n<p>\x93q\x94</p>\r<p>\xE9</p>\n\n<p>ok \xC3\xA9</p>";
        let mut reader = LineReader::new(input);
        assert!(reader.peek(10).unwrap().is_none());
        // The lone CR ends no line in a file of LF lines.
        assert_eq!(reader.latin1_lines, 1);
        assert_eq!((reader.line_number(), reader.position()), (1, 0));
        let mut out = Vec::new();
        reader.read_raw(1 << 10, &mut out).unwrap();
        assert_eq!(out, input);
        assert_eq!(reader.latin1_lines, 0);
        assert_eq!(lines_not_utf8(input), 1);
        // In a file of CR lines it does.
        let cr: &[u8] = b"<html>\r<p>\x93q\x94</p>\r<p>\xE9</p>\r\r<p>ok</p>";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cr.html");
        std::fs::write(&path, cr).unwrap();
        let mut reader = open(&path).unwrap();
        while reader.next_line().unwrap().is_some() {}
        assert_eq!(reader.latin1_lines, 2);
        assert_eq!(lines_not_utf8(cr), 2);
        assert_eq!(lines_not_utf8(b"\xE9"), 1);
        assert_eq!(lines_not_utf8(b"a\r\nb\n"), 0);

        let mut reader = LineReader::new(&b"a\nb\nc"[..]);
        reader.next_line().unwrap();
        reader.peek(0).unwrap();
        assert_eq!(reader.line_number(), 2);
        reader.next_line().unwrap();
        assert_eq!(reader.line_number(), 3);
    }

    /// A WARC holds NUL bytes (images, gzip'd bodies) in its first KB:
    /// its `WARC/` line keeps it from being called binary; other files
    /// with NULs still are.
    #[test]
    fn an_archive_with_nul_bytes_is_not_binary() {
        let dir = tempfile::tempdir().unwrap();
        let cases: &[(&[u8], bool)] = &[
            (
                b"WARC/1.0\r\nContent-Length: 3\r\n\r\n\x1F\x8B\x00\r\n\r\n",
                true,
            ),
            (
                b"filedesc://x.arc 0.0.0.0 20140216050221 text/plain 3\n\x00\x00\x00\n",
                true,
            ),
            (b"plain text\x00", false),
            (b" WARC/1.0\x00", false),
        ];
        for (i, (bytes, readable)) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{i}"));
            std::fs::write(&path, bytes).unwrap();
            match open(&path) {
                Ok(mut reader) => {
                    assert!(readable, "{bytes:?} read");
                    let mut out = Vec::new();
                    reader.read_raw(1 << 10, &mut out).unwrap();
                    assert_eq!(&out, bytes);
                }
                Err(ReadError::Binary) => assert!(!readable, "{bytes:?} called binary"),
                Err(e) => panic!("{e}"),
            }
        }
    }

    /// A file compressed with a codec this build left out is refused by
    /// the codec's name, not decoded as text nor called binary junk.
    #[test]
    fn a_codec_not_built_in_is_named() {
        let cases: &[(&[u8], &str, bool)] = &[
            (b"\x28\xB5\x2F\xFD", "zstd", cfg!(feature = "zstd")),
            (b"BZh9", "bzip2", cfg!(feature = "bzip2")),
            (b"\xFD7zXZ\x00", "xz", cfg!(feature = "xz")),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (magic, codec, built_in) in cases {
            let path = dir.path().join(codec);
            std::fs::write(&path, [*magic, &b"not really compressed\n"[..]].concat()).unwrap();
            match open(&path) {
                Err(ReadError::NotBuiltIn(named)) => {
                    assert!(!built_in, "{codec} is built in");
                    assert_eq!(named, *codec);
                    let message = ReadError::NotBuiltIn(named).to_string();
                    assert_eq!(
                        message,
                        format!("{codec}-compressed; this newsdex was built without the `{codec}` feature")
                    );
                }
                // Built in: the decoder reads it (and finds it damaged).
                _ => assert!(built_in, "{codec} is not built in, yet no refusal"),
            }
        }
    }
}
