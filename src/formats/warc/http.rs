//! An archived HTTP response -> its status, its content type and its body
//! as the server meant it.
//!
//! Owns parsing the status line and headers (`httparse`, lenient where
//! crawlers' archives are: obsolete folded headers, spaces before a
//! colon, an `HTTP/2` status line), undoing chunked transfer-encoding, and
//! undoing the content-encodings (gzip, deflate, brotli), each bounded so
//! a decompression bomb costs only its record. It knows nothing of WARC
//! framing or of HTML.

use std::io::Read;

/// Headers taken from one response; more is no page a crawler kept.
const MAX_HEADERS: usize = 256;

/// What a response's head says, and where its body starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The status code (200, 404...).
    pub status: u16,
    /// `Content-Type`, as written.
    pub content_type: Option<String>,
    /// Whether `Transfer-Encoding` ends in `chunked`.
    pub chunked: bool,
    /// `Content-Encoding`'s codings, lower case, in the order applied.
    pub encodings: Vec<String>,
    /// Offset of the body in the block.
    pub body: usize,
}

/// Parses the status line and headers opening `block`.
pub fn parse_head(block: &[u8]) -> Result<Head, String> {
    match parse_with(block) {
        Err(httparse::Error::Version) if block.starts_with(b"HTTP/2") => {
            // httparse reads HTTP/1.x only; an HTTP/2 response archived by
            // a browser-based crawler has the same head otherwise.
            let space = block.iter().position(|&b| b == b' ').unwrap_or(block.len());
            let mut patched = b"HTTP/1.1".to_vec();
            patched.extend_from_slice(&block[space..]);
            let mut head = parse_with(&patched).map_err(|e| format!("bad HTTP head ({e})"))?;
            head.body = head.body + space - 8;
            Ok(head)
        }
        Err(e) => Err(format!("bad HTTP head ({e})")),
        Ok(head) => Ok(head),
    }
}

fn parse_with(block: &[u8]) -> Result<Head, httparse::Error> {
    let mut headers = vec![httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let body = match httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .parse_response(&mut response, block)?
    {
        httparse::Status::Complete(n) => n,
        // A head cut off: what there is still says the status and type,
        // and the body is empty.
        httparse::Status::Partial => block.len(),
    };
    let mut head = Head {
        status: response.code.unwrap_or(0),
        content_type: None,
        chunked: false,
        encodings: Vec::new(),
        body,
    };
    for header in response.headers.iter() {
        let value = String::from_utf8_lossy(header.value).trim().to_string();
        if header.name.eq_ignore_ascii_case("content-type") {
            head.content_type = Some(value);
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            head.chunked = value
                .rsplit(',')
                .next()
                .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"));
        } else if header.name.eq_ignore_ascii_case("content-encoding") {
            head.encodings.extend(
                value
                    .split(',')
                    .map(|c| c.trim().to_ascii_lowercase())
                    .filter(|c| !c.is_empty() && c != "identity"),
            );
        }
    }
    Ok(head)
}

/// The body as the server meant it: de-chunked when `head` says chunked
/// (and it is), its content-encodings undone, at most `max` bytes. When an
/// encoding's stream is damaged part-way, what decoded before the damage
/// is kept and the second value says so; one that gives nothing at all
/// is an error, unless the body already reads as text (archivers that
/// store the decoded body under the original header).
pub fn body(head: &Head, block: &[u8], max: usize) -> Result<(Vec<u8>, bool), String> {
    let raw = &block[head.body.min(block.len())..];
    let mut data = match head.chunked.then(|| dechunk(raw)).flatten() {
        Some(data) => data,
        None => raw.to_vec(),
    };
    let mut damaged = false;
    for coding in head.encodings.iter().rev() {
        let mut out = Vec::new();
        let limit = max as u64 + 1;
        let result = match coding.as_str() {
            "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(&data[..])
                .take(limit)
                .read_to_end(&mut out),
            // "deflate" is zlib by the RFC, raw deflate by many servers.
            "deflate" => match flate2::read::ZlibDecoder::new(&data[..])
                .take(limit)
                .read_to_end(&mut out)
            {
                Err(_) if out.is_empty() => flate2::read::DeflateDecoder::new(&data[..])
                    .take(limit)
                    .read_to_end(&mut out),
                other => other,
            },
            "br" => brotli_decompressor::Decompressor::new(&data[..], 1 << 14)
                .take(limit)
                .read_to_end(&mut out),
            other => return Err(format!("content-encoding {other:?} not read")),
        };
        if out.len() > max {
            return Err(format!("body over {} MB once decoded", max >> 20));
        }
        match result {
            Ok(_) => data = out,
            Err(_) if !out.is_empty() => {
                damaged = true;
                data = out;
            }
            Err(e) if looks_like_text(&data) => {
                let _ = e;
                continue;
            }
            Err(e) => return Err(format!("bad {coding} body ({e})")),
        }
    }
    Ok((data, damaged))
}

/// Undoes chunked transfer-encoding; `None` when `raw` is not chunked
/// (an archiver that de-chunked the body and kept the header), what was
/// read when it is cut off.
fn dechunk(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    let mut chunks = 0;
    loop {
        let eol = rest.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&rest[..eol]).ok()?;
        let size = line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size, 16) else {
            return (chunks > 0).then_some(out);
        };
        rest = &rest[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        chunks += 1;
        rest = &rest[take..];
        if take < size {
            return Some(out);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// Whether `data` opens like markup or text rather than compressed bytes.
fn looks_like_text(data: &[u8]) -> bool {
    let start = data.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| data[i] == b'<') && !data[..data.len().min(512)].contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn parses_status_and_headers() {
        let block = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\n\
            Transfer-Encoding: gzip, chunked\r\ncontent-encoding: GZIP\r\n\r\nbody";
        let head = parse_head(block).unwrap();
        assert_eq!(head.status, 404);
        assert_eq!(
            head.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert!(head.chunked);
        assert_eq!(head.encodings, vec!["gzip"]);
        assert_eq!(&block[head.body..], b"body");

        let block = b"HTTP/2 200\r\ncontent-type: text/html\r\n\r\n<p>";
        let h2 = parse_head(block).unwrap();
        assert_eq!((h2.status, &block[h2.body..]), (200, &b"<p>"[..]));
        assert!(parse_head(b"GET / HTTP/1.1\r\n\r\n").is_err());
        assert!(parse_head(b"<html>").is_err());
    }

    #[test]
    fn dechunks_and_decodes() {
        let cases: &[(&[u8], Option<&[u8]>)] = &[
            (
                b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n",
                Some(b"Wikipedia"),
            ),
            (b"4\r\nWiki\r\n9\r\npedia", Some(b"Wikipedia")),
            (b"<html>not chunked", None),
            (b"", None),
        ];
        for (raw, want) in cases {
            assert_eq!(dechunk(raw).as_deref(), *want, "{raw:?}");
        }
        let page = b"<html><p>Hello</p></html>";
        let head = |encodings: &[&str], chunked| Head {
            status: 200,
            content_type: None,
            chunked,
            encodings: encodings.iter().map(|s| s.to_string()).collect(),
            body: 0,
        };
        let gz = gzip(page);
        assert_eq!(
            body(&head(&["gzip"], false), &gz, 1 << 20),
            Ok((page.to_vec(), false))
        );
        let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
        chunked.extend_from_slice(&gz);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        assert_eq!(
            body(&head(&["gzip"], true), &chunked, 1 << 20),
            Ok((page.to_vec(), false))
        );
        // A cut-off gzip stream keeps what decoded.
        let (got, damaged) = body(&head(&["gzip"], false), &gz[..gz.len() - 4], 1 << 20).unwrap();
        assert_eq!((got.as_slice(), damaged), (&page[..], true));
        // A body stored decoded under the original header is read as it is.
        assert_eq!(
            body(&head(&["gzip"], false), page, 1 << 20),
            Ok((page.to_vec(), false))
        );
        assert!(body(&head(&["gzip"], false), b"\x00\x01junk", 1 << 20).is_err());
        assert!(body(&head(&["zstd"], false), page, 1 << 20).is_err());
        // A bomb is refused at the cap.
        let big = gzip(&vec![b'a'; 4096]);
        assert!(body(&head(&["gzip"], false), &big, 1000).is_err());
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(page).unwrap();
        let zlib = e.finish().unwrap();
        assert_eq!(
            body(&head(&["deflate"], false), &zlib, 1 << 20),
            Ok((page.to_vec(), false))
        );
    }

    #[test]
    fn undoes_brotli() {
        // "hello" compressed with brotli (quality 11), made by Python's
        // brotli module: brotli.compress(b"hello").
        let br: &[u8] = b"\x0b\x02\x80\x68\x65\x6c\x6c\x6f\x03";
        let head = Head {
            status: 200,
            content_type: None,
            chunked: false,
            encodings: vec!["br".into()],
            body: 0,
        };
        assert_eq!(body(&head, br, 1 << 20), Ok((b"hello".to_vec(), false)));
    }
}
