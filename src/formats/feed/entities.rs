//! The HTML that feeds carry (`content:encoded`, `description`, Atom
//! `content type="html"`, JSON Feed `content_html`) -> plain paragraphs.
//!
//! A small, forgiving tokenizer, not a DOM: block tags (`p`, `div`, `li`,
//! headings, table rows, ...) end a paragraph, `<br>` breaks a line within
//! one (two in a row end it), other tags are dropped with their attributes,
//! `script`, `style` and the like are dropped with their content, comments
//! and doctypes vanish, CDATA sections are text, character references are
//! decoded, and runs of whitespace are one space (kept as written inside
//! `pre`). It never fails: markup it cannot read is dropped or read as
//! text.
//!
//! Temporary: once the HTML page extractor of issue 10 lands
//! (`formats/html`), feed HTML should go through its text extraction and
//! this module should go.

/// Tags whose start or end ends a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Tags whose content is not text (scripts, styles, raw text): dropped up
/// to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "iframe", "noembed", "noframes", "textarea", "title", "xmp",
];

/// Tags whose whole subtree is not prose (document head, drawings,
/// formulas, templates): dropped up to their matching end tag.
const SKIPPED: &[&str] = &["head", "math", "svg", "template", "object"];

/// Table cells: a space between them, so "Version:</td><td>5.7" reads as
/// two words.
const CELLS: &[&str] = &["td", "th"];

/// The text of `html` as paragraphs: trimmed, none empty, a paragraph's own
/// line breaks (`<br>`, lines of a `pre`) kept.
pub fn paragraphs(html: &str) -> Vec<String> {
    let mut out = Text::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.text(&rest[..lt]);
        rest = &rest[lt..];
        rest = match markup(rest) {
            Markup::Text => {
                out.text("<");
                &rest[1..]
            }
            Markup::Skip(len) => &rest[len..],
            Markup::CData(content, len) => {
                out.raw(content);
                &rest[len..]
            }
            Markup::Tag { name, end, len } => {
                let after = &rest[len..];
                out.tag(&name, end);
                if end {
                    after
                } else if RAW_TEXT.contains(&name.as_str()) {
                    skip_raw_text(after, &name)
                } else if SKIPPED.contains(&name.as_str()) {
                    skip_subtree(after, &name)
                } else {
                    after
                }
            }
        };
    }
    out.text(rest);
    out.finish()
}

/// The text of `html` on one line (a headline written as HTML).
pub fn one_line(html: &str) -> String {
    join_words(&paragraphs(html).join(" "))
}

/// Whitespace runs (line breaks too) as single spaces, trimmed.
pub fn join_words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a `<` opens.
enum Markup<'t> {
    /// Not markup: a `<` in text ("a < b").
    Text,
    /// A comment, doctype, processing instruction or an unterminated tag:
    /// this many bytes are dropped.
    Skip(usize),
    /// A CDATA section: its content, and its length with the delimiters.
    CData(&'t str, usize),
    /// A start or end tag, its name in lower case without a namespace
    /// prefix, and its length.
    Tag { name: String, end: bool, len: usize },
}

/// Reads the markup at the start of `text` (which starts with `<`).
fn markup(text: &str) -> Markup<'_> {
    let bytes = text.as_bytes();
    if let Some(comment) = text.strip_prefix("<!--") {
        let len = comment.find("-->").map_or(text.len(), |at| 4 + at + 3);
        return Markup::Skip(len);
    }
    if let Some(cdata) = text.strip_prefix("<![CDATA[") {
        return match cdata.find("]]>") {
            Some(at) => Markup::CData(&cdata[..at], 9 + at + 3),
            None => Markup::CData(cdata, text.len()),
        };
    }
    if matches!(bytes.get(1), Some(b'!' | b'?')) {
        return Markup::Skip(text.find('>').map_or(text.len(), |at| at + 1));
    }
    let end = bytes.get(1) == Some(&b'/');
    let name_start = 1 + usize::from(end);
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return if end {
            // `</ >` and the like: dropped, as browsers do.
            Markup::Skip(text.find('>').map_or(text.len(), |at| at + 1))
        } else {
            Markup::Text
        };
    }
    let name_len = text[name_start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_' | '.')))
        .unwrap_or(text.len() - name_start);
    let qualified = &text[name_start..name_start + name_len];
    let local = qualified.rsplit(':').next().unwrap_or(qualified);
    let name = local.to_ascii_lowercase();
    // The tag runs to the first `>` outside a quoted attribute value.
    let mut quote = None;
    let mut len = None;
    for (i, b) in bytes.iter().enumerate().skip(name_start + name_len) {
        match (quote, b) {
            (Some(q), _) if *b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(*b),
            (None, b'>') => {
                len = Some(i + 1);
                break;
            }
            _ => {}
        }
    }
    match len {
        Some(len) => Markup::Tag { name, end, len },
        // A tag cut off by the end of the text: nothing of it is prose.
        None => Markup::Skip(text.len()),
    }
}

/// The text after the end tag `</name` of a raw-text element (none: all of
/// it is dropped).
fn skip_raw_text<'t>(text: &'t str, name: &str) -> &'t str {
    let closing = format!("</{name}");
    match find_ignore_case(text, &closing) {
        Some(at) => {
            let after = &text[at..];
            after.find('>').map_or("", |gt| &after[gt + 1..])
        }
        None => "",
    }
}

/// The text after the end tag matching an element whose start tag was just
/// read: nested elements of the same name are counted.
fn skip_subtree<'t>(mut text: &'t str, name: &str) -> &'t str {
    let mut depth = 1usize;
    while let Some(lt) = text.find('<') {
        text = &text[lt..];
        match markup(text) {
            Markup::Tag {
                name: found,
                end,
                len,
            } => {
                let self_closing = text[..len].ends_with("/>");
                if found == name && end {
                    depth -= 1;
                } else if found == name && !self_closing {
                    depth += 1;
                }
                text = &text[len..];
                if depth == 0 {
                    return text;
                }
            }
            Markup::Skip(len) | Markup::CData(_, len) => text = &text[len..],
            Markup::Text => text = &text[1..],
        }
    }
    ""
}

/// Byte position of `needle` (ASCII) in `haystack`, ignoring ASCII case.
fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Paragraphs being written.
#[derive(Default)]
struct Text {
    done: Vec<String>,
    current: String,
    /// A space is due before the next word.
    space: bool,
    /// Inside this many `pre` elements: whitespace is kept.
    pre: usize,
}

impl Text {
    /// Text between tags: references decoded, whitespace collapsed.
    fn text(&mut self, text: &str) {
        if !text.is_empty() {
            self.raw(&decode(text));
        }
    }

    /// Text with its references already decoded (or none to decode).
    fn raw(&mut self, text: &str) {
        for c in text.chars() {
            if self.pre > 0 && c == '\n' {
                self.line_break();
            } else if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                self.space = !self.current.is_empty() && !self.current.ends_with('\n');
                if self.pre > 0 && self.space {
                    self.current.push(c);
                    self.space = false;
                }
            } else if c.is_control() {
                // Control characters are no text (XML forbids most of them).
            } else {
                if self.space {
                    self.current.push(' ');
                    self.space = false;
                }
                self.current.push(c);
            }
        }
    }

    fn tag(&mut self, name: &str, end: bool) {
        if name == "br" {
            // A second break in a row ends the paragraph.
            if self.current.ends_with('\n') {
                self.end_paragraph();
            } else {
                self.line_break();
            }
        } else if BLOCKS.contains(&name) {
            self.end_paragraph();
            if name == "pre" {
                self.pre = if end {
                    self.pre.saturating_sub(1)
                } else {
                    self.pre + 1
                };
            }
        } else if CELLS.contains(&name) {
            self.space = !self.current.is_empty() && !self.current.ends_with('\n');
        }
    }

    fn line_break(&mut self) {
        let kept = self.current.trim_end_matches([' ', '\t']).len();
        self.current.truncate(kept);
        if !self.current.is_empty() && !self.current.ends_with('\n') {
            self.current.push('\n');
        }
        self.space = false;
    }

    fn end_paragraph(&mut self) {
        let paragraph: Vec<&str> = self
            .current
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !paragraph.is_empty() {
            self.done.push(paragraph.join("\n"));
        }
        self.current.clear();
        self.space = false;
    }

    fn finish(mut self) -> Vec<String> {
        self.end_paragraph();
        self.done
    }
}

/// Decodes character references: named (`&amp;`, `&eacute;`, `&nbsp;`:
/// XML's five, Latin-1's and the common typographic ones), decimal and
/// hexadecimal (`&#8217;`, `&#x2019;`; 128 to 159 read as Windows-1252, as
/// browsers do). An unknown or unterminated reference stays as written.
pub fn decode(text: &str) -> String {
    crate::formats::decode_references(text, 31, |name, out| {
        reference(name).map(|c| out.push(c)).is_some()
    })
}

/// The character a reference (the text between `&` and `;`) stands for.
pub fn reference(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()?
    } else {
        return entity(name);
    };
    Some(match code {
        0x80..=0x9F => {
            let byte = [code as u8];
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            decoded.chars().next().unwrap_or('\u{fffd}')
        }
        0 => '\u{fffd}',
        _ => char::from_u32(code).unwrap_or('\u{fffd}'),
    })
}

/// Latin-1's named entities, U+00A0 to U+00FF in order.
#[rustfmt::skip]
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave",
    "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
    "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml",
    "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig",
    "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth",
    "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
    "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
];

/// Other named entities met in feeds: XML's own, typography, a few signs.
#[rustfmt::skip]
const OTHERS: &[(&str, char)] = &[
    ("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("apos", '\''),
    ("OElig", '\u{152}'), ("oelig", '\u{153}'), ("Scaron", '\u{160}'), ("scaron", '\u{161}'),
    ("Yuml", '\u{178}'), ("fnof", '\u{192}'), ("circ", '\u{2c6}'), ("tilde", '\u{2dc}'),
    ("ensp", '\u{2002}'), ("emsp", '\u{2003}'), ("thinsp", '\u{2009}'), ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'), ("lrm", '\u{200e}'), ("rlm", '\u{200f}'), ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'), ("lsquo", '\u{2018}'), ("rsquo", '\u{2019}'), ("sbquo", '\u{201a}'),
    ("ldquo", '\u{201c}'), ("rdquo", '\u{201d}'), ("bdquo", '\u{201e}'), ("dagger", '\u{2020}'),
    ("Dagger", '\u{2021}'), ("bull", '\u{2022}'), ("hellip", '\u{2026}'), ("permil", '\u{2030}'),
    ("prime", '\u{2032}'), ("Prime", '\u{2033}'), ("lsaquo", '\u{2039}'), ("rsaquo", '\u{203a}'),
    ("oline", '\u{203e}'), ("euro", '\u{20ac}'), ("trade", '\u{2122}'), ("larr", '\u{2190}'),
    ("uarr", '\u{2191}'), ("rarr", '\u{2192}'), ("darr", '\u{2193}'), ("harr", '\u{2194}'),
    ("minus", '\u{2212}'), ("le", '\u{2264}'), ("ge", '\u{2265}'), ("ne", '\u{2260}'),
    ("infin", '\u{221e}'), ("asymp", '\u{2248}'), ("nbhy", '\u{2011}'),
];

/// The character a named entity stands for.
pub fn entity(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|&n| n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHERS.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_breaks_and_inline_tags() {
        let cases: &[(&str, &[&str])] = &[
            ("plain text", &["plain text"]),
            ("<p>One.</p><p>Two <b>bold</b> <a href=\"x\">link</a>.</p>", &["One.", "Two bold link."]),
            ("Lead <br><br><p>See <a href=\"https://omnystudio.com\">omny</a>.</p>", &["Lead", "See omny."]),
            ("line one<br/>line two<br />", &["line one\nline two"]),
            ("  lots   of\n\n  space\t here  ", &["lots of space here"]),
            ("<div><h4>Head</h4> <p>Body</p></div>", &["Head", "Body"]),
            ("<ul><li>a</li><li>b</li></ul>after", &["a", "b", "after"]),
            ("<table><tr><th>Version:</th><td><strong>5.7</strong></td></tr><tr><td>x</td></tr></table>", &["Version: 5.7", "x"]),
            ("<pre>  code\n  more</pre>next", &["code\nmore", "next"]),
            ("fo<span>o</span>bar", &["foobar"]),
            ("<img src=\"a.jpg\" alt=\"x > y\"> caption", &["caption"]),
            ("<P CLASS=x>Upper</P><XHTML:DIV>ns</XHTML:DIV>", &["Upper", "ns"]),
            ("", &[]),
            ("<p> </p><p>&nbsp;</p>", &[]),
        ];
        for (html, want) in cases {
            assert_eq!(paragraphs(html), *want, "{html:?}");
        }
    }

    #[test]
    fn scripts_styles_comments_and_cdata() {
        let cases: &[(&str, &[&str])] = &[
            ("a<script>var x = '<p>no</p>';</script>b", &["ab"]),
            ("a<STYLE type=text/css>p { x: y }</Style>b", &["ab"]),
            (
                "<!-- SC_OFF --><div class=\"md\"><p>text</p></div><!-- SC_ON -->",
                &["text"],
            ),
            ("a<!-- never closed", &["a"]),
            (
                "<!DOCTYPE html><html><head><title>T</title><meta x></head><body>B</body></html>",
                &["B"],
            ),
            ("<svg><svg>x</svg><text>y</text></svg>after", &["after"]),
            ("<![CDATA[a <b> &amp;]]>c", &["a <b> &amp;c"]),
            ("<?php echo 1 ?>text", &["text"]),
            ("a<script>never closed", &["a"]),
        ];
        for (html, want) in cases {
            assert_eq!(paragraphs(html), *want, "{html:?}");
        }
    }

    #[test]
    fn stray_markup_is_text_or_dropped() {
        let cases: &[(&str, &[&str])] = &[
            ("a < b and c <= d", &["a < b and c <= d"]),
            ("1 <2", &["1 <2"]),
            ("cut <a href=\"x", &["cut"]),
            ("end </ > here", &["end here"]),
            ("<", &["<"]),
            ("<p", &[]),
            ("x</", &["x"]),
        ];
        for (html, want) in cases {
            assert_eq!(paragraphs(html), *want, "{html:?}");
        }
    }

    #[test]
    fn references() {
        let cases = [
            ("erg&auml;nzt &ndash; zur&uuml;ck", "erg\u{e4}nzt \u{2013} zur\u{fc}ck"),
            ("What&#39;s &#x2019; &#8217;", "What's \u{2019} \u{2019}"),
            ("&#146;s", "\u{2019}s"),
            ("AT&T &unknown; & &; &amp", "AT&T &unknown; & &; &amp"),
            ("&#0; &#xD800; &#99999999;", "\u{fffd} \u{fffd} \u{fffd}"),
            ("&#99999999999;", "&#99999999999;"),
            ("&lt;p&gt; &quot;q&quot; &apos;", "<p> \"q\" '"),
            ("&nbsp;&yuml;&Agrave;&euro;", "\u{a0}\u{ff}\u{c0}\u{20ac}"),
            ("&amp;\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}", "&\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
        ];
        for (text, want) in cases {
            assert_eq!(decode(text), want, "{text}");
        }
        // Decoded `&lt;` is text, not markup.
        assert_eq!(paragraphs("&lt;p&gt;x"), ["<p>x"]);
    }

    #[test]
    fn one_line_headlines() {
        assert_eq!(one_line("<b>Big</b> news<br>today"), "Big news today");
        assert_eq!(one_line("  A &amp; B \n"), "A & B");
        assert_eq!(one_line(""), "");
    }

    /// Random soup of HTML's pieces: no panic, no empty paragraph, no
    /// paragraph with surrounding whitespace.
    #[test]
    fn random_markup_keeps_invariants() {
        const POOL: &[&str] = &[
            "<p>",
            "</p>",
            "<br>",
            "<br/>",
            "<div class=\"a>b\">",
            "</div>",
            "<script>",
            "</script>",
            "<style>",
            "<svg>",
            "</svg>",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<pre>",
            "</pre>",
            "&amp;",
            "&#",
            "&#x",
            ";",
            "&nbsp;",
            "<",
            ">",
            "\"",
            "'",
            "text",
            " ",
            "\n",
            "\t",
            "é",
            "\u{0}",
            "<td>",
            "<li>",
            "</",
            "<!",
            "<?",
        ];
        let mut next = crate::formats::xorshift(0x51_7C_C1_B7_27_22_0A_95);
        for _ in 0..3000 {
            let n = (next() % 40) as usize;
            let html: String = (0..n)
                .map(|_| POOL[(next() % POOL.len() as u64) as usize])
                .collect();
            for p in paragraphs(&html) {
                assert!(!p.is_empty(), "{html:?}");
                assert_eq!(p.trim(), p, "{html:?}");
                assert!(p.len() <= html.len() * 3, "{html:?}");
            }
        }
    }
}
