//! A fragment of HTML inside another format -> plain paragraphs: a feed
//! item's `content:encoded` or `description`, JSON Feed's `content_html`,
//! a JSON or CSV body written as HTML, a mail's `text/html` part.
//!
//! The fragment is parsed by the same HTML5 parser as saved pages
//! (html5ever, through `dom_query`), so entities, unclosed tags and
//! misnested markup are read as a browser reads them. No readability
//! scoring: a fragment is the article's text already, chosen by whoever
//! wrote the feed or the export, so only its block structure is read.
//! Block elements (`p`, `div`, `li`, headings, table rows, ...) end a
//! paragraph, `<br>` breaks a line within one (two in a row end it), table
//! cells are apart by a space, `pre` keeps its line breaks, and runs of
//! whitespace are one space. What is never text is dropped with its
//! content: scripts, styles, templates, drawings, embedded objects, form
//! controls, navigation. A `<figure>` is furniture but for its
//! `<figcaption>`, which is kept apart as a caption.
//!
//! Saved pages go through `html::read_page` instead (readability scoring,
//! metadata); this module owns only fragments, and knows nothing of the
//! format around them.

use dom_query::{Document, NodeRef};

use crate::formats::join_words;

/// Elements whose start or end ends a paragraph.
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

/// Elements dropped with everything in them: not prose (scripts, styles,
/// the document head, drawings, formulas, embeds, form controls) or page
/// furniture (navigation).
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "title", "head", "svg", "math", "iframe", "object",
    "embed", "video", "audio", "canvas", "noembed", "noframes", "textarea", "select", "button",
    "xmp", "nav",
];

/// Table cells: a space between them, so "Version:</td><td>5.7" reads as
/// two words.
const CELLS: &[&str] = &["td", "th"];

/// Block elements that mark text as markup when a value opens with one
/// (see [`is_html`]).
const OPENING_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "blockquote",
    "section",
    "article",
    "figure",
    "html",
    "body",
    "span",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "img",
    "pre",
    "!doctype",
];

/// Tags whose presence anywhere marks text as markup.
const MARKING_TAGS: &[&str] = &["<p>", "<p ", "</p>", "<br>", "<br/>", "<br />"];

/// Captions kept per fragment.
const MAX_CAPTIONS: usize = 20;

/// What a fragment holds: its paragraphs, and the captions of its figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fragment {
    /// Paragraphs in order: trimmed, none empty, a paragraph's own line
    /// breaks (`<br>`, lines of a `pre`) kept.
    pub paragraphs: Vec<String>,
    /// Figure captions (`<figcaption>`) in order, each on one line,
    /// repeats removed.
    pub captions: Vec<String>,
}

/// Reads the fragment `html`.
pub fn read(html: &str) -> Fragment {
    let document = Document::fragment(html);
    let mut text = Text::default();
    let mut captions: Vec<String> = Vec::new();
    // Inside a `<figure>` (this many deep): only its caption is read.
    let mut figures = 0usize;
    // The caption being read, inside a figure.
    let mut caption: Option<Text> = None;
    walk(document.root(), |event| match event {
        Event::Enter(name) if DROPPED.contains(&name) => false,
        Event::Enter("figure") => {
            figures += 1;
            text.end_paragraph();
            true
        }
        Event::Leave("figure") => {
            figures = figures.saturating_sub(1);
            true
        }
        Event::Enter("figcaption") if figures > 0 => {
            caption.get_or_insert_with(Text::default);
            true
        }
        Event::Leave("figcaption") if figures > 0 => {
            if let Some(done) = caption.take() {
                let line = join_words(&done.finish().join(" "));
                if !line.is_empty() && !captions.contains(&line) && captions.len() < MAX_CAPTIONS {
                    captions.push(line);
                }
            }
            true
        }
        Event::Enter(name) | Event::Leave(name) => {
            let enter = matches!(event, Event::Enter(_));
            match (caption.as_mut(), figures) {
                (Some(c), _) => c.tag(name, enter),
                (None, 0) => text.tag(name, enter),
                // Figure furniture outside its caption.
                (None, _) => {}
            }
            true
        }
        Event::Text(t) => {
            match (caption.as_mut(), figures) {
                (Some(c), _) => c.text(t),
                (None, 0) => text.text(t),
                (None, _) => {}
            }
            true
        }
    });
    Fragment {
        paragraphs: text.finish(),
        captions,
    }
}

/// The paragraphs of the fragment `html` (its captions left out).
pub fn paragraphs(html: &str) -> Vec<String> {
    read(html).paragraphs
}

/// The text of the fragment `html` on one line (a headline written as
/// HTML).
pub fn one_line(html: &str) -> String {
    join_words(&paragraphs(html).join(" "))
}

/// Whether a value that may be plain text or HTML (a JSON or CSV body) is
/// HTML, told by its markup: it opens with a tag of the usual body
/// elements (`<p>`, `<div>`, `<h2>`, ...), or holds a paragraph or a line
/// break tag anywhere. Prose that merely mentions `a < b` or an `<email>`
/// is not.
pub fn is_html(text: &str) -> bool {
    let opening = text.trim_start().strip_prefix('<').is_some_and(|rest| {
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '!'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        let closed = rest[name_len..].starts_with(['>', ' ', '/', '\t', '\n', '\r']);
        closed && OPENING_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
    });
    opening
        || MARKING_TAGS
            .iter()
            .any(|tag| contains_ignore_case(text, tag))
}

/// Whether `haystack` holds `needle` (ASCII), ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// What the walk meets: an element's start (its local name, in lower
/// case), its end, or text.
#[derive(Clone, Copy)]
enum Event<'n> {
    Enter(&'n str),
    Leave(&'n str),
    Text(&'n str),
}

/// Visits the nodes under `root` in document order. `visit` is told of
/// each element's start (returning false skips its content, and then its
/// end is not told) and end, and of each text. The walk climbs by parent
/// links, not by recursion, so a flood of unclosed tags (thousands deep)
/// costs no stack.
fn walk(root: NodeRef<'_>, mut visit: impl FnMut(Event<'_>) -> bool) {
    let mut next = root.first_child();
    while let Some(node) = next {
        let mut descend = false;
        if node.is_element() {
            let name = local_name(&node);
            descend = visit(Event::Enter(&name));
        } else if node.is_text() {
            visit(Event::Text(&node.text()));
        }
        if descend {
            if let Some(child) = node.first_child() {
                next = Some(child);
                continue;
            }
            visit(Event::Leave(&local_name(&node)));
        }
        // Done with `node`: on to its sibling, or up, ending each parent
        // left on the way.
        let mut current = node;
        next = loop {
            if let Some(sibling) = current.next_sibling() {
                break Some(sibling);
            }
            match current.parent() {
                Some(parent) if parent.id != root.id => {
                    visit(Event::Leave(&local_name(&parent)));
                    current = parent;
                }
                _ => break None,
            }
        };
    }
}

/// An element's name in lower case, without a namespace prefix
/// (`XHTML:DIV` is `div`).
fn local_name(node: &NodeRef<'_>) -> String {
    let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
    let local = name.rsplit(':').next().unwrap_or(&name);
    local.to_ascii_lowercase()
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
    /// A text node's text (references already decoded by the parser).
    fn text(&mut self, text: &str) {
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
                // Control characters are no text.
            } else {
                if self.space {
                    self.current.push(' ');
                    self.space = false;
                }
                self.current.push(c);
            }
        }
    }

    /// An element's start (`enter`) or end.
    fn tag(&mut self, name: &str, enter: bool) {
        if name == "br" {
            // `<br>` is a void element: it is met once, on entering.
            if !enter {
                return;
            }
            // A second break in a row ends the paragraph.
            if self.current.ends_with('\n') {
                self.end_paragraph();
            } else {
                self.line_break();
            }
        } else if BLOCKS.contains(&name) {
            self.end_paragraph();
            if name == "pre" {
                self.pre = if enter {
                    self.pre + 1
                } else {
                    self.pre.saturating_sub(1)
                };
            }
        } else if CELLS.contains(&name) && enter {
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
            ("<P CLASS=x>Upper</P><DIV>up</DIV>", &["Upper", "up"]),
            // Unclosed paragraphs close as a browser closes them.
            ("<p>one<p>two<div>three", &["one", "two", "three"]),
            ("", &[]),
            ("<p> </p><p>&nbsp;</p>", &[]),
        ];
        for (html, want) in cases {
            assert_eq!(paragraphs(html), *want, "{html:?}");
        }
    }

    #[test]
    fn what_is_not_text_is_dropped() {
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
            (
                "<nav><a href=/>Home</a> <a href=/w>World</a></nav><p>Story.</p>",
                &["Story."],
            ),
            (
                "<p>Text</p><noscript><img src=x>Enable JavaScript</noscript>",
                &["Text"],
            ),
            ("a<script>never closed", &["a"]),
        ];
        for (html, want) in cases {
            assert_eq!(paragraphs(html), *want, "{html:?}");
        }
    }

    #[test]
    fn figures_give_captions_apart() {
        let got = read(
            "<p>Before.</p><figure><img src=a.jpg><figcaption>The <b>harbour</b>\n at dawn.\
             </figcaption></figure><p>After.</p><figure><figcaption>The harbour at dawn.\
             </figcaption></figure><figcaption>Loose caption</figcaption>",
        );
        assert_eq!(got.paragraphs, ["Before.", "After.", "Loose caption"]);
        assert_eq!(got.captions, ["The harbour at dawn."]);
    }

    #[test]
    fn stray_markup_is_text_or_dropped() {
        let cases: &[(&str, &[&str])] = &[
            ("a < b and c <= d", &["a < b and c <= d"]),
            ("1 <2", &["1 <2"]),
            ("cut <a href=\"x", &["cut"]),
            ("<", &["<"]),
            ("<p", &[]),
        ];
        for (html, want) in cases {
            assert_eq!(paragraphs(html), *want, "{html:?}");
        }
    }

    #[test]
    fn references_are_decoded() {
        let cases = [
            (
                "erg&auml;nzt &ndash; zur&uuml;ck",
                "erg\u{e4}nzt \u{2013} zur\u{fc}ck",
            ),
            ("What&#39;s &#x2019; &#8217;", "What's \u{2019} \u{2019}"),
            // 128 to 159 are read as Windows-1252, as browsers do.
            ("&#146;s", "\u{2019}s"),
            ("&lt;p&gt; &quot;q&quot;", "<p> \"q\""),
            ("AT&T &amp; co", "AT&T & co"),
        ];
        for (html, want) in cases {
            assert_eq!(paragraphs(html), [want], "{html}");
        }
    }

    #[test]
    fn one_line_headlines() {
        assert_eq!(one_line("<b>Big</b> news<br>today"), "Big news today");
        assert_eq!(one_line("  A &amp; B \n"), "A & B");
        assert_eq!(one_line(""), "");
    }

    #[test]
    fn tells_html_from_text() {
        let cases = [
            ("<p>Para</p>", true),
            ("  <div class=\"body\">x</div>", true),
            ("<h2>Sub</h2>text", true),
            ("Lead line.<br>Second line.", true),
            ("Text then <P CLASS=x>a paragraph", true),
            ("<!DOCTYPE html><html>", true),
            ("Plain prose, a < b and b > c.", false),
            ("<jane@example.com> wrote:", false),
            ("<paragraph> is not a tag here", false),
            ("", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_html(text), want, "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let html = format!("{}deep text", "<div>".repeat(5_000));
        assert_eq!(paragraphs(&html), ["deep text"]);
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
            "<figure>",
            "<figcaption>",
            "</figure>",
            "</figcaption>",
            "<table>",
            "<nav>",
        ];
        let mut next = crate::formats::xorshift(0x51_7C_C1_B7_27_22_0A_95);
        for _ in 0..2000 {
            let n = (next() % 40) as usize;
            let html: String = (0..n)
                .map(|_| POOL[(next() % POOL.len() as u64) as usize])
                .collect();
            let got = read(&html);
            for p in got.paragraphs.iter().chain(&got.captions) {
                assert!(!p.is_empty(), "{html:?}");
                assert_eq!(p.trim(), p, "{html:?}");
            }
        }
    }
}
