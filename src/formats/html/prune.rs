//! Scripts, style sheets, drawings and comments emptied before a page is
//! parsed.
//!
//! Half of a news page's bytes are often inline JavaScript and CSS (54% of
//! the article-extraction benchmark's 31 MB), and of the rest a tenth is
//! inline SVG drawings (icons, logos) and comments, none of which can be
//! article text: the extractor strips scripts, styles and drawings whole,
//! and comments are not text. Their text costs the HTML5 tokenizer as much
//! as markup does, so [`empty_unread`] cuts it out first, keeping the
//! elements themselves (empty) and every JSON-LD script whole, since `meta`
//! reads those.
//!
//! It finds elements as the HTML5 tokenizer does (tags with quoted
//! attribute values, comments, the raw text of `<title>`, `<textarea>`,
//! `<noscript>` and the like, a script's `<!--` escapes), so it never
//! empties what the parser would not read as a script or style; where it
//! is unsure (an unclosed element, `<plaintext>`, a drawing holding
//! anything but drawing elements, which may end it early) it leaves the
//! rest as is. It only ever removes the text between a `<script>`,
//! `<style>` or `<svg>` start tag and its end tag, and a comment's text.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// `html` with the text of its scripts (all but JSON-LD ones), style
/// sheets and drawings removed and its comments emptied: what the
/// extractor never reads. Borrowed when there was nothing to remove.
pub fn empty_unread(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    // Start of what is not yet copied to `out`.
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr(b'<', &bytes[at..]) {
        let open = at + found;
        let rest = &bytes[open..];
        if rest.starts_with(b"<!--") {
            at = comment_end(bytes, open + 4);
            // A comment is never text: kept, empty, so the tree is the same.
            if at - open > EMPTY_COMMENT.len() && bytes[at - 1] == b'>' {
                reserve(&mut out, html.len());
                out.push_str(&html[copied..open]);
                out.push_str(EMPTY_COMMENT);
                copied = at;
            }
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            // A doctype, CDATA outside foreign content or a bogus comment:
            // up to the next `>`.
            at = memchr(b'>', &bytes[open..]).map_or(bytes.len(), |end| open + end + 1);
        } else if rest.len() > 2 && rest[1] == b'/' && rest[2].is_ascii_alphabetic() {
            at = tag_end(bytes, open + 2);
        } else if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
            let name_end = name_end(bytes, open + 1);
            let name = &bytes[open + 1..name_end];
            let start_end = tag_end(bytes, name_end);
            let Some(kind) = Text::of(name) else {
                at = start_end;
                let drawing =
                    name.eq_ignore_ascii_case(b"svg") && !bytes[..start_end].ends_with(b"/>");
                if let Some(close) = drawing.then(|| svg_close(bytes, start_end)).flatten() {
                    reserve(&mut out, html.len());
                    out.push_str(&html[copied..start_end]);
                    copied = close;
                    at = close;
                }
                continue;
            };
            let close = match kind {
                Text::Script => script_close(bytes, start_end),
                Text::Plain => return finish(html, out, copied),
                _ => raw_close(bytes, start_end, name),
            };
            let Some(close) = close else {
                // Never closed: the parser reads the rest as its text.
                return finish(html, out, copied);
            };
            let keep = match kind {
                Text::Script => is_json_ld(&bytes[open..start_end]),
                Text::Style => false,
                _ => true,
            };
            if !keep && close > start_end {
                reserve(&mut out, html.len());
                out.push_str(&html[copied..start_end]);
                copied = close;
            }
            at = close;
        } else {
            at = open + 1;
        }
    }
    finish(html, out, copied)
}

/// What an emptied comment becomes.
const EMPTY_COMMENT: &str = "<!---->";

/// Room in `out` for the page (`len` bytes), made at the first cut: no copy
/// of it regrown step by step.
fn reserve(out: &mut String, len: usize) {
    if out.capacity() == 0 {
        out.reserve(len);
    }
}

/// What is left to copy, or the page itself when nothing was cut.
fn finish(html: &str, mut out: String, copied: usize) -> Cow<'_, str> {
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Elements whose content the tokenizer reads as text, not markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    /// Script data, with its `<!--` escapes.
    Script,
    /// A style sheet (raw text).
    Style,
    /// Other raw or escapable raw text: kept as it is.
    Raw,
    /// `<plaintext>`: everything after it is text.
    Plain,
}

impl Text {
    fn of(name: &[u8]) -> Option<Text> {
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        if is("script") {
            Some(Text::Script)
        } else if is("style") {
            Some(Text::Style)
        } else if is("plaintext") {
            Some(Text::Plain)
        } else if [
            "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
        ]
        .iter()
        .any(|n| is(n))
        {
            Some(Text::Raw)
        } else {
            None
        }
    }
}

/// White space between a tag's parts.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Where the tag name begun at `from` ends: at white space, `/` or `>`,
/// or the end of the page.
fn name_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| is_space(b) || b == b'/' || b == b'>')
        .map_or(bytes.len(), |n| from + n)
}

/// Just past the `>` ending the tag whose attributes begin at `from`
/// (quoted values may hold `>`); the end of the page if it never ends.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    let mut after_equals = false;
    while at < bytes.len() {
        match bytes[at] {
            b'>' => return at + 1,
            b'=' => after_equals = true,
            quote @ (b'"' | b'\'') if after_equals => {
                match memchr(quote, &bytes[at + 1..]) {
                    Some(end) => at += end + 1,
                    None => return bytes.len(),
                }
                after_equals = false;
            }
            b if is_space(b) => {}
            _ => after_equals = false,
        }
        at += 1;
    }
    bytes.len()
}

/// Just past the end of the comment whose text begins at `from`: `-->`
/// or `--!>`, or at once for `<!-->` and `<!--->`.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut at = 0;
    while let Some(dashes) = memmem::find(&rest[at..], b"--") {
        let after = at + dashes + 2;
        if rest[after..].starts_with(b">") {
            return from + after + 1;
        }
        if rest[after..].starts_with(b"!>") {
            return from + after + 2;
        }
        at = at + dashes + 1;
    }
    bytes.len()
}

/// Whether `bytes` at `at` opens the end tag `</name` followed by what
/// may end a tag name.
fn closes(bytes: &[u8], at: usize, name: &[u8]) -> bool {
    let end = at + 2 + name.len();
    bytes.get(at..at + 2) == Some(b"</")
        && bytes
            .get(at + 2..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && bytes
            .get(end)
            .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
}

/// Where the raw text begun at `from` ends: the `<` of its `</name`.
fn raw_close(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memchr(b'<', &bytes[at..]) {
        let lt = at + found;
        if closes(bytes, lt, name) {
            return Some(lt);
        }
        at = lt + 1;
    }
    None
}

/// Where the script data begun at `from` ends, following the tokenizer's
/// escapes: after `<!--` a `<script` opens a nested script whose
/// `</script>` does not end the outer one, and `-->` ends both.
fn script_close(bytes: &[u8], from: usize) -> Option<usize> {
    const NAME: &[u8] = b"script";
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut at = from;
    loop {
        let found = match state {
            State::Data => memchr(b'<', &bytes[at..])?,
            _ => memchr::memchr2(b'<', b'-', &bytes[at..])?,
        };
        let i = at + found;
        let rest = &bytes[i..];
        if rest.starts_with(b"-->") {
            state = State::Data;
            at = i + 3;
            continue;
        }
        if rest.starts_with(b"<!--") && state == State::Data {
            state = State::Escaped;
            // The dashes may begin a `-->` at once (`<!-->`).
            at = i + 2;
            continue;
        }
        if state != State::DoubleEscaped && closes(bytes, i, NAME) {
            return Some(i);
        }
        let opens_script = rest.len() > NAME.len() + 1
            && rest[1..=NAME.len()].eq_ignore_ascii_case(NAME)
            && matches!(rest[NAME.len() + 1], b if is_space(b) || b == b'/' || b == b'>');
        if state == State::Escaped && opens_script {
            state = State::DoubleEscaped;
        } else if state == State::DoubleEscaped && closes(bytes, i, NAME) {
            state = State::Escaped;
        }
        at = i + 1;
    }
}

/// Elements an inline drawing is commonly made of, in the tokenizer's lower
/// case: none is an HTML element that ends the drawing where it stands
/// (`<p>`, `<div>`, `<b>`, `<img>`, `<font>` do) or an integration point
/// parsed as HTML (`<foreignObject>`, `<desc>`, `<title>`).
const DRAWING_ELEMENTS: &[&[u8]] = &[
    b"svg",
    b"g",
    b"path",
    b"circle",
    b"ellipse",
    b"line",
    b"polyline",
    b"polygon",
    b"rect",
    b"defs",
    b"use",
    b"symbol",
    b"lineargradient",
    b"radialgradient",
    b"stop",
    b"clippath",
    b"mask",
    b"pattern",
    b"filter",
    b"text",
    b"tspan",
    b"textpath",
    b"marker",
    b"image",
    b"animate",
    b"animatetransform",
    b"set",
    b"fegaussianblur",
    b"feoffset",
    b"feblend",
    b"fecolormatrix",
    b"feflood",
    b"fecomposite",
    b"femerge",
    b"femergenode",
];

/// Where the content of the drawing (`<svg>`) begun at `from` ends: the `<`
/// of its `</svg`, when everything in it is drawing elements, comments and
/// text, so that emptying it changes nothing but the drawing (which is never
/// article text). `None` when it holds anything else (HTML, a script, a
/// style, CDATA) or never ends: then it is left for the parser.
fn svg_close(bytes: &[u8], from: usize) -> Option<usize> {
    let mut depth = 1;
    let mut at = from;
    while let Some(found) = memchr(b'<', &bytes[at..]) {
        let lt = at + found;
        let rest = &bytes[lt..];
        if rest.starts_with(b"<!--") {
            at = comment_end(bytes, lt + 4);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            return None;
        }
        let end_tag = rest.get(1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(end_tag);
        if !bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            at = lt + 1;
            continue;
        }
        let name_end = name_end(bytes, name_at);
        let name = &bytes[name_at..name_end];
        if !DRAWING_ELEMENTS
            .iter()
            .any(|d| name.eq_ignore_ascii_case(d))
        {
            return None;
        }
        let tag_ends = tag_end(bytes, name_end);
        if name.eq_ignore_ascii_case(b"svg") {
            if end_tag {
                depth -= 1;
                if depth == 0 {
                    return Some(lt);
                }
            } else if !bytes[..tag_ends].ends_with(b"/>") {
                depth += 1;
            }
        }
        at = tag_ends;
    }
    None
}

/// A script start tag whose type is JSON-LD.
fn is_json_ld(tag: &[u8]) -> bool {
    tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_are_emptied_and_the_rest_kept() {
        let cases = [
            ("<p>a</p>", "<p>a</p>"),
            (
                "<head><script>var a = '<p>x</p>';</script><style>p{}</style></head><p>b",
                "<head><script></script><style></style></head><p>b",
            ),
            (
                "<SCRIPT src=x></SCRIPT ><p>c",
                "<SCRIPT src=x></SCRIPT ><p>c",
            ),
            (
                "<script type=\"text/javascript\">x</script >",
                "<script type=\"text/javascript\"></script >",
            ),
            // JSON-LD is what `meta` reads.
            (
                "<script type=\"application/ld+json\">{\"headline\":\"h\"}</script>",
                "<script type=\"application/ld+json\">{\"headline\":\"h\"}</script>",
            ),
            // `</scripts>` is not the end tag; `</script/` is.
            ("<script>a</scripts>b</script/>c", "<script></script/>c"),
        ];
        for (html, want) in cases {
            assert_eq!(empty_unread(html), want, "{html:?}");
        }
    }

    #[test]
    fn what_the_parser_reads_as_text_is_never_taken_for_a_script() {
        let kept = [
            // In a title, a textarea, a noscript: text.
            "<title>a <script> b</title><p>c</p>",
            "<textarea><style>x</style></textarea>",
            "<noscript><script>x</script></noscript>",
            // In an attribute value: text.
            "<a title=\"<script>\" href='<style>'>x</a><p>y</p>",
            "<plaintext><script>x</script>",
            // Never closed: left for the parser.
            "<script>var a = 1;",
            "<style>p {}",
            "<title>a <script>x</script>",
        ];
        for html in kept {
            assert_eq!(empty_unread(html), html, "{html:?}");
        }
    }

    #[test]
    fn comments_are_emptied_where_the_tokenizer_ends_them() {
        let cases = [
            // A script in a comment is the comment's text.
            ("<!-- <script>x</script> --><p>a</p>", "<!----><p>a</p>"),
            ("<!-- a -- b --!><p>a</p>", "<!----><p>a</p>"),
            ("<p>a<!-- x -->b", "<p>a<!---->b"),
            // Already empty, or never closed: as written.
            ("<!--><p>a", "<!--><p>a"),
            ("<!---><p>a", "<!---><p>a"),
            ("<p>a<!-- b", "<p>a<!-- b"),
        ];
        for (html, want) in cases {
            assert_eq!(empty_unread(html), want, "{html:?}");
        }
    }

    #[test]
    fn drawings_are_emptied_only_when_they_hold_nothing_but_drawing() {
        let cases = [
            (
                "<p>a<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><g><circle r=\"1\"/></g></svg>b</p>",
                "<p>a<svg viewBox=\"0 0 1 1\"></svg>b</p>",
            ),
            // Nested drawings, a `<` in text, a comment, capitals.
            (
                "<SVG><svg><path/></svg><text>1 < 2</text><!-- <p> --><Path/></SVG ><p>x",
                "<SVG></SVG ><p>x",
            ),
            // An attribute value holding `</svg>`.
            ("<svg><g title=\"</svg>\"></g></svg>y", "<svg></svg>y"),
        ];
        for (html, want) in cases {
            assert_eq!(empty_unread(html), want, "{html:?}");
        }
        let kept = [
            // HTML in a drawing ends it where it stands: `<p>`, `</p>`,
            // `<div>`, a `<font>`, an unknown element.
            "<svg><path/><p>x</p></svg>",
            "<svg></p></svg>",
            "<svg><div>x</div></svg>",
            "<svg><font color=red>x</font></svg>",
            "<svg><blink/></svg>",
            // Integration points are parsed as HTML; CDATA is text.
            "<svg><foreignObject><b>x</b></foreignObject></svg>",
            "<svg><title>t</title></svg>",
            "<svg><desc>d</desc></svg>",
            "<svg><![CDATA[x]]></svg>",
            // Closed at once, or never.
            "<svg/><p>x</p>",
            "<svg><path/>",
        ];
        for html in kept {
            assert_eq!(empty_unread(html), html, "{html:?}");
        }
    }

    #[test]
    fn a_script_ends_where_the_tokenizer_ends_it() {
        let cases = [
            // Inside `<!--`, a nested `<script>` hides its `</script>`.
            (
                "<script><!-- document.write('<script>x</script>'); --></script><p>a",
                "<script></script><p>a",
            ),
            // Without the comment, the first `</script>` ends it.
            (
                "<script>document.write('<script>x</script>');</script><p>a",
                "<script></script>');</script><p>a",
            ),
            // `<!-->` opens and closes at once.
            ("<script><!--></script><p>a", "<script></script><p>a"),
            // `-->` ends the escape; the next `</script>` ends the script.
            (
                "<script><!-- a --> <script> </script><p>a",
                "<script></script><p>a",
            ),
        ];
        for (html, want) in cases {
            assert_eq!(empty_unread(html), want, "{html:?}");
        }
    }

    #[test]
    fn the_parsed_page_has_the_same_text() {
        let pages = [
            "<html><head><title>T</title><script>if (a < b) { x = \"</p>\"; }</script>\
             <style>.a > p { color: red }</style></head><body><p>One <b>two</b></p>\
             <script><!-- <script>x</script> --></script><p>three</p></body></html>",
            "<p>a<script>1</script>b<style>x</style>c<!-- <style> --><i>d</i>",
            "<p>a<svg><g><path d=\"M0\"/></g><text>t</text></svg>b<svg><p>c</p></svg>d</p>",
        ];
        let text = |html: &str| {
            let doc = dom_query::Document::from(html);
            doc.select("body")
                .iter()
                .map(|b| {
                    b.select("script, style, svg").remove();
                    b.text().to_string()
                })
                .collect::<String>()
        };
        for page in pages {
            let pruned = empty_unread(page);
            assert!(pruned.len() < page.len(), "{page:?}");
            assert_eq!(text(&pruned), text(page), "{page:?}");
        }
    }
}
