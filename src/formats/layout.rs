//! The news-page layout: pages of a news site saved as text.
//!
//! Each article is laid out as
//!
//! ```text
//! Headline
//!
//! Caption (Credit)          <- alt text; 0, 1 or 2 caption lines
//! Caption (Credit)          <- caption
//! TT                        <- the page's font-size widget
//! 20
//!
//! Headline                  <- repeated
//!
//! Caption (Credit)          <- repeated
//! Caption (Credit)
//!
//! Paragraph
//!
//! Paragraph
//! ```
//!
//! with runs of blank lines between articles. The parser is driven by that
//! structure, not by blank-line counts: the widget anchors each article, the
//! headline repeated after it tells where the article began (so the previous
//! body ends there), and the repeats of headline and captions after the
//! widget are dropped as furniture. Articles that lost their widget are
//! recovered from blank-line gaps wider than any paragraph break.
//!
//! This module finds parts; it does not read dates or places out of them.

use std::io::BufRead;

use super::{Head as DumpHead, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::{Line, LineReader};

/// The registry's entry for news pages saved as text.
pub const FORMAT: Spec = Spec {
    name: "layout",
    sniff: |head: &DumpHead| Score::when(looks_like(head.lines), Score::LIKELY),
    extensions: &["txt"],
    open: |lines, _options| Box::new(LayoutParser::new(lines).records()),
    news_copy: true,
};

/// Longest article kept; the rest is dropped with a warning, so a file with
/// no structure cannot make memory grow without bound.
const MAX_ARTICLE_BYTES: usize = 8 << 20;
/// Blank lines kept in a row; more are dropped as they say nothing more.
const MAX_BLANK_RUN: usize = 8;
/// Memory a stored line costs beyond its text, counted against
/// `MAX_ARTICLE_BYTES`.
const LINE_OVERHEAD: usize = 64;
/// How many non-blank lines before the widget may belong to an article's head
/// (headline plus captions).
const MAX_HEAD_LINES: usize = 8;
/// Longest line taken for a headline when recovering an article that has no
/// widget.
const MAX_HEADLINE_CHARS: usize = 200;

/// True when `window` (trimmed lines from the start of a dump) holds the
/// font-size widget: a `TT` line followed by a number line.
pub fn looks_like(window: &[&str]) -> bool {
    window.iter().enumerate().any(|(i, line)| {
        *line == "TT"
            && i > 0
            && window.get(i + 1).is_some_and(|next| is_size(next))
            && window[..i].iter().any(|l| !l.is_empty())
    })
}

fn is_size(line: &str) -> bool {
    (1..=3).contains(&line.len()) && line.bytes().all(|b| b.is_ascii_digit())
}

fn is_blank(line: &Line) -> bool {
    line.text.trim().is_empty()
}

/// Text compared for "the same line": whitespace runs collapsed.
fn norm(text: &str) -> String {
    super::join_words(text)
}

/// Headline and captions of the article whose body is being read.
struct Head {
    headline: String,
    captions: Vec<String>,
    line: u64,
    offset: u64,
}

struct LayoutParser<'a, R> {
    lines: &'a mut LineReader<R>,
    current: Option<Head>,
    /// Lines read since the current article's body began (or since the start
    /// of the dump, before the first article).
    pending: Vec<Line>,
    pending_bytes: usize,
    /// Lines are being dropped because the current article is over-long.
    overflowing: bool,
    /// Blank lines in a row just read.
    blank_run: usize,
}

impl<'a, R: BufRead> LayoutParser<'a, R> {
    pub fn new(lines: &'a mut LineReader<R>) -> Self {
        LayoutParser {
            lines,
            current: None,
            pending: Vec::new(),
            pending_bytes: 0,
            overflowing: false,
            blank_run: 0,
        }
    }

    fn read_on(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        let Some(line) = self.lines.next_line()? else {
            let body = std::mem::take(&mut self.pending);
            self.finish_article(queue, body);
            queue.finish();
            return Ok(());
        };
        if line.text.trim() == "TT" && self.size_follows()? {
            return self.on_widget(queue);
        }
        if self.overflowing {
            return Ok(());
        }
        if is_blank(&line) {
            // Gaps wider than this say nothing more; not storing them keeps
            // a file of blank lines from filling memory.
            self.blank_run += 1;
            if self.blank_run > MAX_BLANK_RUN {
                return Ok(());
            }
        } else {
            self.blank_run = 0;
        }
        self.pending_bytes += line.text.len() + LINE_OVERHEAD;
        if self.pending_bytes > MAX_ARTICLE_BYTES {
            self.overflowing = true;
            queue.warn(
                line.number,
                format!(
                    "article longer than {} MB; the rest up to the next article is dropped",
                    MAX_ARTICLE_BYTES >> 20
                ),
            );
            return Ok(());
        }
        self.pending.push(line);
        Ok(())
    }

    /// After a `TT` line: is the next non-blank line (at most one blank
    /// between) a font-size number?
    fn size_follows(&mut self) -> Result<bool, RecordError> {
        for n in 0..2 {
            match self.lines.peek(n)? {
                Some(l) if is_blank(l) => continue,
                Some(l) => return Ok(is_size(l.text.trim())),
                None => return Ok(false),
            }
        }
        Ok(false)
    }

    /// The next non-blank line within `within` lines, without consuming.
    fn peek_nonblank(&mut self, within: usize) -> Result<Option<String>, RecordError> {
        for n in 0..within {
            match self.lines.peek(n)? {
                Some(l) if is_blank(l) => continue,
                Some(l) => return Ok(Some(norm(&l.text))),
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    /// Consumes blank lines and then one line equal to one of `wanted`;
    /// false (consuming nothing) when the next non-blank line is not one.
    fn skip_repeat(&mut self, wanted: &[String]) -> Result<bool, RecordError> {
        let Some(next) = self.peek_nonblank(4)? else {
            return Ok(false);
        };
        if !wanted.contains(&next) {
            return Ok(false);
        }
        while let Some(line) = self.lines.next_line()? {
            if !is_blank(&line) {
                break;
            }
        }
        Ok(true)
    }

    fn on_widget(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        // The size number(s), with stray blanks between.
        while let Some(l) = self.lines.peek(0)? {
            let t = l.text.trim();
            if is_size(t) || (t.is_empty() && self.size_follows()?) {
                self.lines.next_line()?;
            } else {
                break;
            }
        }
        let repeated = self.peek_nonblank(4)?.filter(|r| !is_furniture(r));
        let head = match self.head_start(repeated.as_deref()) {
            Some(start) => {
                let head_lines = self.pending.split_off(start);
                let mut nonblank = head_lines.iter().filter(|l| !is_blank(l));
                let Some(first) = nonblank.next() else {
                    return Ok(());
                };
                let mut captions: Vec<String> = Vec::new();
                for l in nonblank {
                    let text = norm(&l.text);
                    if !captions.contains(&text) && !is_furniture(&text) {
                        captions.push(text);
                    }
                }
                Head {
                    headline: norm(&first.text),
                    captions,
                    line: first.number,
                    offset: first.offset,
                }
            }
            None => {
                // Nothing before the widget heads an article: a headline
                // after it may, else the widget is stray furniture.
                let Some(headline) = repeated.filter(|r| is_headline_like(r)) else {
                    return Ok(());
                };
                let Some(line) = self.next_nonblank_line()? else {
                    return Ok(());
                };
                Head {
                    headline,
                    captions: Vec::new(),
                    line: line.number,
                    offset: line.offset,
                }
            }
        };
        let body = std::mem::take(&mut self.pending);
        self.finish_article(queue, body);
        self.pending_bytes = 0;
        self.overflowing = false;
        self.blank_run = 0;

        self.skip_repeat(std::slice::from_ref(&head.headline))?;
        while !head.captions.is_empty() && self.skip_repeat(&head.captions)? {}
        self.current = Some(head);
        Ok(())
    }

    /// Consumes blank lines and returns the first non-blank one.
    fn next_nonblank_line(&mut self) -> Result<Option<Line>, RecordError> {
        while let Some(line) = self.lines.next_line()? {
            if !is_blank(&line) {
                return Ok(Some(line));
            }
        }
        Ok(None)
    }

    /// Index in `pending` where the head of the article whose widget was
    /// just read begins; `None` when nothing there can be a head.
    fn head_start(&self, repeated: Option<&str>) -> Option<usize> {
        let recent: Vec<usize> = (0..self.pending.len())
            .rev()
            .filter(|&i| !is_blank(&self.pending[i]))
            .take(MAX_HEAD_LINES)
            .collect();
        if let Some(repeated) = repeated {
            if let Some(&i) = recent
                .iter()
                .find(|&&i| norm(&self.pending[i].text) == repeated)
            {
                return Some(i);
            }
        }
        // No repeated headline to anchor on: the block right before the
        // widget is the head (or its captions, when a lone line stands
        // before them), if a gap as wide as those between articles, or the
        // start of the dump, sets it apart from a body.
        let &last = recent.first()?;
        let mut block = last;
        while block > 0 && !is_blank(&self.pending[block - 1]) {
            block -= 1;
        }
        let at_start = self.current.is_none();
        let set_apart = |i: usize| {
            let gap = (0..i)
                .rev()
                .take_while(|&j| is_blank(&self.pending[j]))
                .count();
            (gap == i && at_start) || gap >= 2
        };
        if block >= 2 && is_blank(&self.pending[block - 1]) && !is_blank(&self.pending[block - 2]) {
            let lone = block - 2;
            if (lone == 0 || is_blank(&self.pending[lone - 1])) && set_apart(lone) {
                return Some(lone);
            }
        }
        set_apart(block).then_some(block)
    }

    /// Emits the current article with `body` as its body. Inside the body,
    /// a gap of two or more blank lines followed by a headline that is
    /// repeated a few lines on (the layout's head without its widget)
    /// starts another article; any other text stays in the body, so nothing
    /// is lost to a wide paragraph break or a subheading.
    fn finish_article(&mut self, queue: &mut Queue, body: Vec<Line>) {
        let mut records: Vec<RawRecord> = Vec::new();
        let mut segments = split_at_gaps(&body, 2).into_iter();
        let first = segments.next().unwrap_or_default();
        match self.current.take() {
            Some(head) => records.push(RawRecord {
                headline: head.headline,
                captions: head.captions,
                paragraphs: paragraphs(first),
                line: head.line,
                offset: head.offset,
                stated: Stated::default(),
            }),
            // Text before the first widget: an article that lost its
            // widget, or page text outside any article.
            None => match headless_article(first).or_else(|| loose_article(first)) {
                Some(record) => records.push(record),
                None => {
                    if let Some(line) = first.iter().find(|l| !is_blank(l)) {
                        queue.warn(line.number, "text before the first article skipped");
                    }
                }
            },
        }
        for segment in segments {
            match (headless_article(segment), records.last_mut()) {
                (Some(record), _) => records.push(record),
                (None, Some(last)) => last.paragraphs.extend(paragraphs(segment)),
                (None, None) => {
                    if let Some(record) = loose_article(segment) {
                        records.push(record);
                    }
                }
            }
        }
        for record in records {
            queue.record(record);
        }
    }
}

impl<R: BufRead> Parse for LayoutParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        self.read_on(queue)
    }

    /// Keeps what was read before the damage.
    fn salvage(&mut self, queue: &mut Queue) {
        let body = std::mem::take(&mut self.pending);
        self.finish_article(queue, body);
    }
}

/// The widget's own lines, never a headline or caption.
fn is_furniture(text: &str) -> bool {
    text == "TT" || is_size(text)
}

/// One short line without closing punctuation, as headlines are.
fn is_headline_like(text: &str) -> bool {
    !text.contains('\n')
        && !is_furniture(text)
        && text.chars().count() <= MAX_HEADLINE_CHARS
        && !text.ends_with(['.', ',', ';', ':', '"', '\u{201d}'])
}

/// An article whose widget is missing but whose head is not: a headline,
/// maybe captions, the headline again, the captions again, paragraphs.
fn headless_article(lines: &[Line]) -> Option<RawRecord> {
    let nonblank: Vec<&Line> = lines.iter().filter(|l| !is_blank(l)).collect();
    let first = nonblank.first()?;
    let headline = norm(&first.text);
    if !is_headline_like(&headline) {
        return None;
    }
    let again = nonblank
        .iter()
        .take(MAX_HEAD_LINES)
        .skip(1)
        .position(|l| norm(&l.text) == headline)?
        + 1;
    let mut captions: Vec<String> = Vec::new();
    for l in &nonblank[1..again] {
        let text = norm(&l.text);
        if !captions.contains(&text) {
            captions.push(text);
        }
    }
    let mut rest = nonblank[again].number;
    // The captions' repeats after the second headline are furniture too.
    for l in &nonblank[again + 1..] {
        if captions.contains(&norm(&l.text)) {
            rest = l.number;
        } else {
            break;
        }
    }
    let body_start = lines
        .iter()
        .position(|l| l.number > rest)
        .unwrap_or(lines.len());
    Some(RawRecord {
        headline,
        captions,
        paragraphs: paragraphs(&lines[body_start..]),
        line: first.number,
        offset: first.offset,
        stated: Stated::default(),
    })
}

/// Splits `lines` at runs of at least `gap` blank lines. The first segment is
/// always returned (maybe empty); later ones only when they have text.
fn split_at_gaps(lines: &[Line], gap: usize) -> Vec<&[Line]> {
    let mut segments = Vec::new();
    let mut start = 0;
    let mut blanks = 0;
    for (i, line) in lines.iter().enumerate() {
        if is_blank(line) {
            blanks += 1;
            continue;
        }
        if blanks >= gap && i - blanks > start {
            segments.push(&lines[start..i - blanks]);
            start = i;
        }
        blanks = 0;
    }
    segments.push(&lines[start..]);
    // The first segment is the current article's body even when empty.
    if segments.len() > 1 && segments[0].iter().all(is_blank) {
        segments[0] = &lines[..0];
    }
    segments
}

/// Groups non-blank lines into paragraphs, trimming each line.
fn paragraphs(lines: &[Line]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(text);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Text before any widget that reads as an article: a headline-like line,
/// then paragraphs.
fn loose_article(lines: &[Line]) -> Option<RawRecord> {
    let first = lines.iter().position(|l| !is_blank(l))?;
    let mut paras = paragraphs(&lines[first..]);
    if paras.len() < 2 || !is_headline_like(&paras[0]) {
        return None;
    }
    let headline = paras.remove(0);
    Some(RawRecord {
        headline,
        captions: Vec::new(),
        paragraphs: paras,
        line: lines[first].number,
        offset: lines[first].offset,
        stated: Stated::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<RawRecord> {
        let mut lines = LineReader::new(text.as_bytes());
        LayoutParser::new(&mut lines)
            .records()
            .filter_map(Result::ok)
            .collect()
    }

    /// Headline, captions and paragraphs of each record.
    type Parts = (String, Vec<String>, Vec<String>);

    fn summary(records: &[RawRecord]) -> Vec<Parts> {
        records
            .iter()
            .map(|r| (r.headline.clone(), r.captions.clone(), r.paragraphs.clone()))
            .collect()
    }

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn layout_variants() {
        let photo = "H1\n\nCap one. (AFP)\nCap one. (AFP)\nTT\n20\n\nH1\n\nCap one. (AFP)\nCap one. (AFP)\n\nP1.\n\nP2.\n";
        let cases: Vec<(&str, String, Vec<Parts>)> = vec![
            (
                "two captions",
                photo.to_string(),
                vec![("H1".into(), owned(&["Cap one. (AFP)"]), owned(&["P1.", "P2."]))],
            ),
            (
                "no photo",
                "H1\n\nTT\n20\n\nH1\n\nP1.\n\nP2.\n\n\n\nH2\n\nTT\n20\n\nH2\n\nQ1.\n".into(),
                vec![
                    ("H1".into(), vec![], owned(&["P1.", "P2."])),
                    ("H2".into(), vec![], owned(&["Q1."])),
                ],
            ),
            (
                "caption once, other size",
                "H1\n\nCap (X)\nTT\n16\n\nH1\n\nCap (X)\n\nP1.\n\n\nH2\nTT\n24\nH2\nQ1.\n".into(),
                vec![
                    ("H1".into(), owned(&["Cap (X)"]), owned(&["P1."])),
                    ("H2".into(), vec![], owned(&["Q1."])),
                ],
            ),
            (
                "crlf and trailing spaces",
                photo.replace('\n', "  \r\n"),
                vec![("H1".into(), owned(&["Cap one. (AFP)"]), owned(&["P1.", "P2."]))],
            ),
            (
                "alt text differs from caption",
                "H1\n\nAlt\nCap (Y)\nTT\n20\n\nH1\n\nAlt\nCap (Y)\n\nP1.\n".into(),
                vec![("H1".into(), owned(&["Alt", "Cap (Y)"]), owned(&["P1."]))],
            ),
            (
                "headline not repeated",
                "Intro line one\n\nP0.\n\n\n\nH1\n\nCap (Z)\nTT\n20\n\nP1.\n".into(),
                vec![
                    ("Intro line one".into(), vec![], owned(&["P0."])),
                    ("H1".into(), owned(&["Cap (Z)"]), owned(&["P1."])),
                ],
            ),
            (
                "article without widget but with its repeated head",
                "H1\nTT\n20\nH1\n\nP1.\n\n\n\nH2\n\nCap (X)\nCap (X)\n\nH2\n\nCap (X)\n\nQ1.\n\n\n\nH3\nTT\n20\nH3\n\nR1.\n".into(),
                vec![
                    ("H1".into(), vec![], owned(&["P1."])),
                    ("H2".into(), owned(&["Cap (X)"]), owned(&["Q1."])),
                    ("H3".into(), vec![], owned(&["R1."])),
                ],
            ),
            (
                "wide paragraph breaks and subheadings stay in the body",
                "H1\nTT\n20\nH1\n\nP1.\n\n\nP2.\n\n\n\nSubhead\n\nP3.\n".into(),
                vec![("H1".into(), vec![], owned(&["P1.", "P2.", "Subhead", "P3."]))],
            ),
            (
                "a widget with no headline is furniture",
                "H1\nTT\n20\nH1\n\nP1.\n\nLast para.\n\nTT\n20\n\nMore.\n".into(),
                vec![("H1".into(), vec![], owned(&["P1.", "Last para.", "More."]))],
            ),
            ("widgets alone make no articles", "TT\n20\n".repeat(50), vec![]),
            (
                "TT inside a paragraph is text",
                "H1\nTT\n20\nH1\n\nTT\nwas the name.\n".into(),
                vec![("H1".into(), vec![], owned(&["TT\nwas the name."]))],
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(summary(&parse(&input)), want, "case: {name}");
        }
    }

    #[test]
    fn long_blank_runs_are_not_kept() {
        let text = format!(
            "H1\nTT\n20\nH1\n\nP1.\n{}P2.\n\n\n\nH2\nTT\n20\nH2\n\nQ1.\n",
            "\n".repeat(200_000)
        );
        let mut lines = LineReader::new(text.as_bytes());
        let mut records = LayoutParser::new(&mut lines).records();
        let first = records.next().unwrap().unwrap();
        assert_eq!(first.paragraphs, owned(&["P1.", "P2."]));
        assert!(records.parser().pending.len() <= MAX_BLANK_RUN + 1);
        assert_eq!(records.next().unwrap().unwrap().headline, "H2");
    }

    #[test]
    fn records_start_positions() {
        let text = "H1\n\nTT\n20\n\nH1\n\nP1.\n\n\n\nH2\n\nTT\n20\n\nH2\n\nQ1.\n";
        let records = parse(text);
        let starts: Vec<(u64, u64)> = records.iter().map(|r| (r.line, r.offset)).collect();
        assert_eq!(starts, vec![(1, 0), (12, text.find("H2").unwrap() as u64)]);
    }

    /// Random line soup from the layout's own vocabulary: the parser must
    /// neither panic nor emit an empty headline or paragraph, and records
    /// come out in file order.
    #[test]
    fn random_layouts_keep_invariants() {
        const POOL: &[&str] = &[
            "",
            "",
            "",
            " ",
            "\t",
            "TT",
            "TT",
            "20",
            "16",
            "999",
            "1234",
            "Headline A",
            "Headline B",
            "Caption one. (AFP)",
            "Para one.",
            "Para two is longer.",
            "TT 20",
        ];
        let mut next = crate::formats::xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let lines = (next() % 80) as usize;
            let eol = if next().is_multiple_of(4) {
                "\r\n"
            } else {
                "\n"
            };
            let text: String = (0..lines)
                .map(|_| POOL[(next() % POOL.len() as u64) as usize].to_string() + eol)
                .collect();
            let records = parse(&text);
            let mut last_line = 0;
            for r in &records {
                assert!(!r.headline.trim().is_empty(), "{text:?}");
                assert!(
                    r.paragraphs
                        .iter()
                        .all(|p| !p.trim().is_empty() && p.trim() == p),
                    "{text:?}"
                );
                assert!(r.line > last_line, "{text:?}");
                last_line = r.line;
            }
        }
    }

    #[test]
    fn sniffs_the_widget() {
        assert!(looks_like(&["Head", "", "TT", "20", ""]));
        assert!(!looks_like(&["TT", "20"]));
        assert!(!looks_like(&["Head", "", "TT", "twenty"]));
        assert!(!looks_like(&["Head", "", "Paragraph"]));
    }
}
