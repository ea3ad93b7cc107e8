//! Records cut out of a dump by the markers around them: the shared step
//! of the Factiva and Nexis HTML/XML parsers (`Fixed` markers) and of the
//! news agencies' XML formats (`xml::ItemTag`: NITF, NewsML-G2, RCV1).
//!
//! An export is one page (or one XML response) holding many articles, each
//! opened by a marker the database writes (`<article>`, `<div
//! class="article ...">`, `<DOCFULL>`) and closed by another, or by the next
//! one opening. The cutter finds them line by line, wherever on a line they
//! are (an export may hold a whole article on one 100 KB line), and hands
//! out each article's text with the line it starts on; the format module
//! reads the fields out of it. Text outside any article (the page's head,
//! its style sheet) is handed to the caller, which may read what it needs
//! from it. An article's text is capped, so a runaway record cannot hold
//! the whole dump in memory.

use super::trec::sgml::find_ignore_case;
use super::Queue;
use crate::read::Line;

/// Longest text kept of one article; the rest is dropped with a warning.
/// Press-database articles and news items are a few KB, a long NYT
/// feature some hundred.
pub(crate) const MAX_ARTICLE_BYTES: usize = 4 << 20;

/// One article's (or item's) text, as cut out of the dump.
#[derive(Debug)]
pub(crate) struct Piece {
    /// The text, from its opening marker to its closing one (included).
    pub(crate) text: String,
    /// 1-based line of the dump the opening marker is on.
    pub(crate) line: u64,
    /// Byte offset of that line.
    pub(crate) offset: u64,
    /// Whether it was ended as `Markers` say a whole one ends (its closing
    /// marker, or for some the next opening one); false for one the dump's
    /// end cut short.
    pub(crate) closed: bool,
}

/// Where the articles of a dump open and close.
pub(crate) trait Markers {
    /// The first opening marker in `text`: its position and a length to
    /// look past before looking for the next one.
    fn open(&self, text: &str) -> Option<(usize, usize)>;
    /// The first closing marker in `text`: the position just past it.
    fn close(&self, text: &str) -> Option<usize>;
    /// Whether an article the next one's opening marker ends counts as
    /// closed (whole).
    fn reopen_closes(&self) -> bool;
    /// What a warning calls an article ("article", "<nitf>").
    fn what(&self) -> String;
}

/// ASCII markers matched ignoring case: an article runs from any of
/// `opens` to the first of `closes` after it, or to the next opening one
/// (which ends it whole).
pub(crate) struct Fixed {
    opens: &'static [&'static str],
    closes: &'static [&'static str],
}

impl Markers for Fixed {
    fn open(&self, text: &str) -> Option<(usize, usize)> {
        first_of(text, self.opens)
    }

    fn close(&self, text: &str) -> Option<usize> {
        first_of(text, self.closes).map(|(at, len)| at + len)
    }

    fn reopen_closes(&self) -> bool {
        true
    }

    fn what(&self) -> String {
        "article".into()
    }
}

/// Cuts a dump's lines into articles at the markers `M` finds: an article
/// runs from an opening marker to the first closing one after it, or to
/// the next opening marker. Press exports (`Fixed` markers) and the news
/// agencies' XML items (`xml::Element`) are cut so.
pub(crate) struct Cutter<M: Markers = Fixed> {
    markers: M,
    current: Option<Piece>,
    /// The article being read grew past the cap: the rest is dropped.
    cut: bool,
}

impl Cutter<Fixed> {
    /// A cutter for articles opened by any of `opens` and closed by any of
    /// `closes`.
    pub(crate) fn new(opens: &'static [&'static str], closes: &'static [&'static str]) -> Self {
        Cutter::with(Fixed { opens, closes })
    }
}

impl<M: Markers> Cutter<M> {
    /// A cutter for the articles `markers` find.
    pub(crate) fn with(markers: M) -> Self {
        Cutter {
            markers,
            current: None,
            cut: false,
        }
    }

    /// The markers it cuts at.
    pub(crate) fn markers(&self) -> &M {
        &self.markers
    }

    /// Whether an article is being read.
    pub(crate) fn inside(&self) -> bool {
        self.current.is_some()
    }

    /// Reads one line: pushes the articles it finishes onto `done`, and
    /// hands the text outside any article to `outside`.
    pub(crate) fn line(
        &mut self,
        line: &Line,
        queue: &mut Queue,
        done: &mut Vec<Piece>,
        outside: &mut dyn FnMut(&str),
    ) {
        let mut rest = line.text.as_str();
        loop {
            // Past the opening marker of an article begun here.
            let mut skip = 0;
            if self.current.is_none() {
                match self.markers.open(rest) {
                    Some((at, len)) => {
                        skip = len;
                        outside(&rest[..at]);
                        rest = &rest[at..];
                        self.current = Some(Piece {
                            text: String::new(),
                            line: line.number,
                            offset: line.offset,
                            closed: false,
                        });
                        self.cut = false;
                    }
                    None => {
                        outside(rest);
                        return;
                    }
                }
            }
            // Inside an article: its end, or the next one's start.
            let close = self
                .markers
                .close(&rest[skip..])
                .map(|end| (skip + end, true));
            let reopen = self
                .markers
                .open(&rest[skip..])
                .map(|(at, _)| (skip + at, self.markers.reopen_closes()));
            let end = match (close, reopen) {
                (Some(c), Some(r)) => Some(if c.0 <= r.0 { c } else { r }),
                (c, r) => c.or(r),
            };
            match end {
                Some((end, closed)) => {
                    self.append(&rest[..end], false, line.number, queue);
                    if let Some(mut piece) = self.current.take() {
                        piece.closed = closed;
                        done.push(piece);
                    }
                    rest = &rest[end..];
                    if rest.is_empty() {
                        return;
                    }
                }
                None => {
                    self.append(rest, true, line.number, queue);
                    return;
                }
            }
        }
    }

    /// The dump has ended: the article being read, if any, as read so far.
    pub(crate) fn finish(&mut self) -> Option<Piece> {
        self.current.take()
    }

    fn append(&mut self, text: &str, newline: bool, line: u64, queue: &mut Queue) {
        let Some(piece) = self.current.as_mut() else {
            return;
        };
        if self.cut {
            return;
        }
        if piece.text.len() + text.len() + 1 > MAX_ARTICLE_BYTES {
            self.cut = true;
            queue.warn(
                line,
                format!(
                    "{} starting at line {} is longer than {} MB; the rest of it is dropped",
                    self.markers.what(),
                    piece.line,
                    MAX_ARTICLE_BYTES >> 20
                ),
            );
            return;
        }
        piece.text.push_str(text);
        if newline {
            piece.text.push('\n');
        }
    }
}

/// The first of `markers` in `text`: its position and length.
fn first_of(text: &str, markers: &[&str]) -> Option<(usize, usize)> {
    markers
        .iter()
        .filter_map(|m| find_ignore_case(text, m).map(|at| (at, m.len())))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(
        text: &str,
        opens: &'static [&'static str],
        closes: &'static [&'static str],
    ) -> (Vec<(String, u64, bool)>, String) {
        let mut cutter = Cutter::new(opens, closes);
        let mut queue = Queue::default();
        let mut done = Vec::new();
        let mut outside = String::new();
        for (i, t) in text.split('\n').enumerate() {
            let line = Line {
                text: t.to_string(),
                number: i as u64 + 1,
                offset: 0,
            };
            cutter.line(&line, &mut queue, &mut done, &mut |s| outside.push_str(s));
        }
        done.extend(cutter.finish());
        (
            done.into_iter()
                .map(|p| (p.text, p.line, p.closed))
                .collect(),
            outside,
        )
    }

    #[test]
    fn articles_on_one_line_and_over_many() {
        let (got, outside) = cut(
            "head<a>one</a><A>two</A>mid\n<a>three\nlines</a>tail\n<a>open",
            &["<a>"],
            &["</a>"],
        );
        assert_eq!(
            got,
            vec![
                ("<a>one</a>".to_string(), 1, true),
                ("<A>two</A>".to_string(), 1, true),
                ("<a>three\nlines</a>".to_string(), 2, true),
                ("<a>open\n".to_string(), 4, false),
            ]
        );
        assert_eq!(outside, "headmidtail");
    }

    #[test]
    fn the_next_opening_ends_an_article() {
        let (got, _) = cut("<d>one<d>two\n<d>three<foot>", &["<d>"], &["<foot>"]);
        let texts: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(texts, ["<d>one", "<d>two\n", "<d>three<foot>"]);
    }
}
