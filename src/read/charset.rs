//! A web page's bytes -> text, in the encoding the page is in.
//!
//! Owns the order in which a page's encoding is told, as browsers tell it
//! (the WHATWG HTML "determine the character encoding" steps, simplified):
//! a byte-order mark, then the transport's `Content-Type: ...; charset=`
//! (a WARC record's HTTP header), then a `<meta charset>` or
//! `<meta http-equiv="Content-Type" content="...; charset=...">` in the
//! page's first KB, else a guess from the bytes themselves (`chardetng`,
//! Firefox's detector; valid UTF-8 is taken as UTF-8 without guessing).
//! Labels and decoding are `encoding_rs`'s, so an ISO-8859-1 label reads as
//! Windows-1252 as the Encoding Standard says, and Shift_JIS, GB18030,
//! EUC-KR, KOI8-R and the rest decode as browsers decode them. It knows
//! nothing of where the bytes came from.

use encoding_rs::Encoding;

/// How far into a page a `<meta>` naming its charset is looked for (the
/// HTML standard's prescan reads 1024 bytes).
const META_BYTES: usize = 1024;
/// How much of a page the detector reads: plenty to tell an encoding, and
/// a bound on its work for a huge page.
const DETECT_BYTES: usize = 1 << 20;

/// What told a page's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    /// A byte-order mark opening it.
    Bom,
    /// The `charset` of the `Content-Type` it was served with.
    Header,
    /// A `<meta>` in its head.
    Meta,
    /// Nothing: guessed from its bytes.
    Guess,
}

/// A page decoded to text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The page's text (a BOM dropped; bytes not valid in the encoding as
    /// U+FFFD).
    pub text: String,
    /// The encoding it was read in.
    pub encoding: &'static Encoding,
    /// What told that encoding.
    pub told: Told,
    /// Whether some bytes were not valid in it.
    pub malformed: bool,
}

/// Decodes a page's `bytes`, served with `content_type` (the HTTP header's
/// value, when there was one), in the encoding its BOM, that header, its
/// `<meta>` or its bytes tell, in that order.
pub fn decode_page(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, told, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, Told::Bom, &bytes[bom..]),
        None => {
            let header = content_type
                .and_then(charset_param)
                .and_then(|label| Encoding::for_label(label.as_bytes()));
            match header {
                Some(encoding) => (encoding, Told::Header, bytes),
                None => match meta_charset(&bytes[..bytes.len().min(META_BYTES)]) {
                    Some(encoding) => (encoding, Told::Meta, bytes),
                    None => (guess(bytes), Told::Guess, bytes),
                },
            }
        }
    };
    let (text, malformed) = encoding.decode_without_bom_handling(body);
    Decoded {
        text: text.into_owned(),
        encoding,
        told,
        malformed,
    }
}

/// The `charset` parameter of a `Content-Type` value (`text/html;
/// charset="ISO-8859-1"` gives `ISO-8859-1`).
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).trim())
            .filter(|v| !v.is_empty())
    })
}

/// The encoding a `<meta>` in `head` names: `<meta charset=...>`, or the
/// `charset=` inside a `<meta http-equiv="Content-Type" content=...>`.
/// Comments are passed over, so a commented-out meta does not count. As
/// the standard says, a page cannot declare itself UTF-16 in its own
/// ASCII markup: such a label reads as UTF-8, and `x-user-defined` as
/// Windows-1252.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while at < lower.len() {
        let rest = &lower[at..];
        if rest.starts_with(b"<!--") {
            at += find(&rest[4..], b"-->").map_or(rest.len(), |end| end + 7);
            continue;
        }
        if rest.starts_with(b"<meta") && rest.get(5).is_some_and(|b| b" \t\r\n/".contains(b)) {
            let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
            if let Some(encoding) = charset_in_tag(&rest[..end]) {
                return Some(encoding);
            }
            at += end;
            continue;
        }
        at += 1;
    }
    None
}

/// The encoding named after `charset` inside one (lower-cased) tag.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(i) = find(&tag[from..], b"charset") {
        let mut rest = &tag[from + i + 7..];
        from += i + 7;
        rest = trim_start(rest);
        let Some(after) = rest.strip_prefix(b"=") else {
            continue;
        };
        let value = trim_start(after);
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value);
        let end = value
            .iter()
            .position(|&b| b"\"'; \t\r\n/>".contains(&b))
            .unwrap_or(value.len());
        let encoding = Encoding::for_label(&value[..end])?;
        return Some(
            if encoding == encoding_rs::UTF_16BE || encoding == encoding_rs::UTF_16LE {
                encoding_rs::UTF_8
            } else if encoding == encoding_rs::X_USER_DEFINED {
                encoding_rs::WINDOWS_1252
            } else {
                encoding
            },
        );
    }
    None
}

/// The encoding `bytes` seem to be in: UTF-8 when they are valid UTF-8,
/// else chardetng's guess.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Whether `bytes` read best as UTF-8 with stray bytes (a UTF-8 page a
/// Windows-1252 quote was pasted into) rather than as a legacy encoding:
/// they hold at least as many valid multi-byte UTF-8 sequences as bytes that
/// are not UTF-8. Text in a legacy encoding makes valid sequences only by
/// chance (in Windows-1252, "Ã" before a symbol; in Shift_JIS or GB18030, a
/// lead byte of one range before two of another), so it has far more bytes
/// that are not.
pub fn mostly_utf8(bytes: &[u8]) -> bool {
    // Lead bytes of valid sequences: those of `valid` from 0xC2 up.
    let leads = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xC2).count();
    let (mut sequences, mut stray) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => return sequences + leads(rest) >= stray,
            Err(err) => {
                let (valid, after) = rest.split_at(err.valid_up_to());
                sequences += leads(valid);
                let bad = err
                    .error_len()
                    .unwrap_or(after.len())
                    .max(1)
                    .min(after.len());
                stray += 1;
                rest = &after[bad..];
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_charset_parameter() {
        let cases = [
            ("text/html; charset=ISO-8859-1", Some("ISO-8859-1")),
            ("text/html;charset=\"utf-8\"", Some("utf-8")),
            ("text/html; Charset = 'Shift_JIS' ", Some("Shift_JIS")),
            ("text/html; q=1; charset=gb2312", Some("gb2312")),
            ("text/html", None),
            ("text/html; charset=", None),
            ("charset=utf-8", None),
        ];
        for (value, want) in cases {
            assert_eq!(charset_param(value), want, "{value}");
        }
    }

    #[test]
    fn finds_a_meta_charset_in_the_head() {
        let cases: &[(&str, Option<&'static Encoding>)] = &[
            (
                "<html><head><meta charset=\"windows-1251\">",
                Some(encoding_rs::WINDOWS_1251),
            ),
            ("<META CHARSET=Shift_JIS>", Some(encoding_rs::SHIFT_JIS)),
            (
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\">",
                Some(encoding_rs::ISO_8859_2),
            ),
            ("<meta charset='latin1'/>", Some(encoding_rs::WINDOWS_1252)),
            ("<meta charset=\"utf-16\">", Some(encoding_rs::UTF_8)),
            ("<!-- <meta charset=\"koi8-r\"> --><p>", None),
            ("<meta name=\"description\" content=\"charset\">", None),
            ("<metadata charset=\"koi8-r\">", None),
            ("<meta charset=\"no-such-thing\">", None),
            // WHATWG labels: gb2312 is GBK (decoded as GB18030), x-sjis
            // Shift_JIS, iso-8859-9 Windows-1254.
            ("<meta charset='gb2312'>", Some(encoding_rs::GBK)),
            ("<meta charset=x-sjis>", Some(encoding_rs::SHIFT_JIS)),
            (
                "<meta http-equiv=Content-Type content='text/html;charset=ISO-8859-9'>",
                Some(encoding_rs::WINDOWS_1254),
            ),
            // An unknown label in one meta does not stop the next.
            (
                "<meta charset=\"klingon\"><meta charset=\"euc-kr\">",
                Some(encoding_rs::EUC_KR),
            ),
            ("<p>no meta</p>", None),
        ];
        for (head, want) in cases {
            assert_eq!(meta_charset(head.as_bytes()), *want, "{head}");
        }
    }

    #[test]
    fn bom_then_header_then_meta_then_guess() {
        let meta_1251 = "<meta charset=\"windows-1251\"><p>".as_bytes();
        // "Привет" in Windows-1251.
        let cyrillic: &[u8] = b"\xcf\xf0\xe8\xe2\xe5\xf2";
        let page = [meta_1251, cyrillic].concat();
        let got = decode_page(&page, None);
        assert_eq!(
            (got.told, got.encoding),
            (Told::Meta, encoding_rs::WINDOWS_1251)
        );
        assert!(got.text.ends_with("Привет"), "{}", got.text);

        // The header wins over the meta.
        let got = decode_page(&page, Some("text/html; charset=koi8-r"));
        assert_eq!(
            (got.told, got.encoding),
            (Told::Header, encoding_rs::KOI8_R)
        );

        // A BOM wins over both, and is dropped.
        let bom = [b"\xEF\xBB\xBF".as_slice(), "<p>é".as_bytes()].concat();
        let got = decode_page(&bom, Some("text/html; charset=koi8-r"));
        assert_eq!((got.told, got.text.as_str()), (Told::Bom, "<p>é"));

        // Nothing stated: valid UTF-8 is UTF-8; else the detector guesses.
        let got = decode_page("<p>Grüße</p>".as_bytes(), None);
        assert_eq!((got.told, got.encoding), (Told::Guess, encoding_rs::UTF_8));
        let french = b"<p>L'\xe9t\xe9 dernier, le ministre a d\xe9clar\xe9 que les \xe9l\xe8ves \
            pourraient \xeatre accueillis d\xe8s la rentr\xe9e, a-t-il pr\xe9cis\xe9.</p>";
        let got = decode_page(french, None);
        assert_eq!(got.told, Told::Guess);
        assert_eq!(got.encoding, encoding_rs::WINDOWS_1252);
        assert!(got.text.contains("L'été dernier"), "{}", got.text);
        assert!(!got.malformed);
    }

    /// A label encoding_rs does not know tells nothing: the detector
    /// guesses, as when there is no meta.
    #[test]
    fn an_unknown_label_is_no_label() {
        // "Привет, как дела у тебя сегодня вечером?" in Windows-1251.
        let cyrillic: &[u8] = b"\xcf\xf0\xe8\xe2\xe5\xf2, \xea\xe0\xea \xe4\xe5\xeb\xe0 \xf3 \
            \xf2\xe5\xe1\xff \xf1\xe5\xe3\xee\xe4\xed\xff \xe2\xe5\xf7\xe5\xf0\xee\xec?";
        let page = [
            b"<meta charset=\"x-no-such-charset\"><p>".as_slice(),
            cyrillic,
        ]
        .concat();
        let got = decode_page(&page, None);
        assert_eq!(
            (got.told, got.encoding),
            (Told::Guess, encoding_rs::WINDOWS_1251)
        );
        assert!(
            got.text
                .ends_with("Привет, как дела у тебя сегодня вечером?"),
            "{}",
            got.text
        );
    }

    #[test]
    fn tells_utf8_with_stray_bytes_from_legacy_text() {
        let cases: &[(&[u8], bool)] = &[
            // UTF-8 quotes and a stray Windows-1252 pound sign.
            (
                b"the group\xE2\x80\x99s \xA3 5, \xE2\x80\x9Cso\xE2\x80\x9D",
                true,
            ),
            // One valid sequence against one stray byte: a tie is UTF-8.
            (b"caf\xC3\xA9 \x93", true),
            // "L'ete dernier a ete chaud" in Windows-1252.
            (b"L'\xe9t\xe9 dernier a \xe9t\xe9 chaud", false),
            // "Nihongo no bunsho desu" in Shift_JIS.
            (
                b"\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x95\xb6\x8f\xcd\x82\xc5\x82\xb7",
                false,
            ),
            // "Zhongwen" (GB2312) and "Privet" (KOI8-R).
            (b"\xd6\xd0\xce\xc4", false),
            (b"\xf0\xd2\xc9\xd7\xc5\xd4", false),
            // Cut off inside a sequence.
            (b"ok \xE2\x80", false),
            (b"\xFF", false),
            (b"", true),
        ];
        for (bytes, want) in cases {
            assert_eq!(mostly_utf8(bytes), *want, "{bytes:?}");
        }
    }
}
