//! Snippets: the passages of a body that best show why it matched.
//!
//! Up to `MAX_FRAGMENTS` passages from different paragraphs, the best first
//! (most distinct query terms, then most matches), each cut to its best
//! window by tantivy's `SnippetGenerator`. Highlighting is phrase-aware: a
//! word the query asks for only inside a phrase ("crude oil") is marked only
//! where the whole phrase stands.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Searcher, Term};

use crate::index::{stem, NewsIndex};

/// Longest passage, in characters.
const FRAGMENT_CHARS: usize = 200;
/// Most passages shown per hit.
const MAX_FRAGMENTS: usize = 2;
/// What joins passages in the one-line snippet.
pub const SEPARATOR: &str = " \u{2026} ";

/// A passage with the byte ranges of its matched words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fragment {
    /// The passage, on one line: the best window of a paragraph, or the
    /// body's opening when the match was elsewhere (at most
    /// `FRAGMENT_CHARS` characters).
    pub text: String,
    /// Byte ranges `[start, end)` of the matched words in `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// The passages of one hit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// Up to `MAX_FRAGMENTS` passages, best first.
    pub fragments: Vec<Fragment>,
}

impl Snippet {
    /// The passages joined into one line, with the highlights moved along.
    pub fn joined(&self) -> Fragment {
        let mut out = Fragment::default();
        for (i, fragment) in self.fragments.iter().enumerate() {
            if i > 0 {
                out.text.push_str(SEPARATOR);
            }
            let at = out.text.len();
            out.text.push_str(&fragment.text);
            out.highlights
                .extend(fragment.highlights.iter().map(|&(s, e)| (s + at, e + at)));
        }
        out
    }
}

/// `body.split("\n\n")`, the breaks found by memchr's vector search
/// rather than the standard library's two-way one, which took a fifth of
/// a snippet's time.
fn paragraphs(body: &str) -> impl Iterator<Item = &str> {
    let mut breaks =
        memchr::memmem::find_iter(body.as_bytes(), b"\n\n").chain(std::iter::once(body.len()));
    let mut from = 0;
    std::iter::from_fn(move || {
        let end = breaks.next()?;
        let paragraph = body.get(from..end)?;
        from = end + 2;
        Some(paragraph)
    })
}

/// Makes the snippets of one query's hits.
pub(crate) struct Snippets {
    snippet_generator: SnippetGenerator,
    analyzer: Option<TextAnalyzer>,
    /// The query's phrases, as index terms.
    phrases: Vec<Vec<String>>,
    /// Index terms the query asks for outside any phrase.
    free_terms: HashSet<String>,
    /// What a word must open with to be one of the highlighted terms
    /// (`stem::opening`), lower-case ASCII; `None` when some term is not
    /// ASCII, or opens with nothing at all; each as a searcher made once.
    openings: Option<Vec<memchr::memmem::Finder<'static>>>,
}

impl Snippets {
    pub fn new(
        news: &NewsIndex,
        searcher: &Searcher,
        query: &dyn Query,
        text: &str,
    ) -> tantivy::Result<Snippets> {
        // As `SnippetGenerator::create` weighs the query's body terms, with
        // an analyzer that stems only the words that may be one of them.
        let body = news.fields.body;
        let mut terms: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == body {
                terms.insert(term);
            }
        });
        let mut terms_text: BTreeMap<String, Score> = BTreeMap::new();
        for term in terms {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let doc_freq = searcher.doc_freq(term)?;
            if doc_freq > 0 {
                terms_text.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
            }
        }
        let highlighted: Vec<String> = terms_text.keys().cloned().collect();
        let openings = highlighted
            .iter()
            .map(|term| stem::opening(term).as_bytes())
            .map(|o| {
                (!o.is_empty() && o.is_ascii()).then(|| memchr::memmem::Finder::new(o).into_owned())
            })
            .collect();
        let matching = stem::matching(highlighted.iter().cloned());
        let snippet_generator = SnippetGenerator::new(terms_text, matching, body, FRAGMENT_CHARS);
        let mut analyzer = news.index.tokenizer_for_field(body).ok();
        let mut phrases = Vec::new();
        let mut free_terms = HashSet::new();
        if let Some(analyzer) = analyzer.as_mut() {
            // Odd pieces between double quotes are phrases.
            for (i, piece) in text.split('"').enumerate() {
                if i % 2 == 1 {
                    let terms: Vec<String> =
                        tokens(analyzer, piece).into_iter().map(|t| t.0).collect();
                    if terms.len() > 1 {
                        phrases.push(terms);
                    }
                    continue;
                }
                for word in piece.split_whitespace() {
                    let word = word.rsplit(':').next().unwrap_or(word);
                    free_terms.extend(tokens(analyzer, word).into_iter().map(|t| t.0));
                }
            }
        }
        // The passages are read only for these terms: stem only the words
        // that may be one of them (`stem::matching`), as the generator does.
        let analyzer = analyzer.map(|_| {
            stem::matching(
                highlighted
                    .into_iter()
                    .chain(phrases.iter().flatten().cloned())
                    .chain(free_terms.iter().cloned()),
            )
        });
        Ok(Snippets {
            snippet_generator,
            analyzer,
            phrases,
            free_terms,
            openings,
        })
    }

    /// False when no word of `paragraph` can be a highlighted term: it is
    /// ASCII and holds none of their openings, in any case. Most paragraphs
    /// of a hit are such, and tokenizing them was most of a snippet's cost.
    fn may_match(&self, paragraph: &str, lower: &mut Vec<u8>) -> bool {
        let Some(openings) = &self.openings else {
            return true;
        };
        if !paragraph.is_ascii() {
            return true;
        }
        lower.clear();
        lower.extend(paragraph.bytes().map(|b| b.to_ascii_lowercase()));
        openings.iter().any(|o| o.find(lower).is_some())
    }

    /// The snippet of `body`: its best passages, or its opening when the
    /// match was elsewhere (headline, caption, place).
    pub fn of(&self, body: &str) -> Snippet {
        let mut ranked: Vec<((usize, usize), usize, Fragment)> = Vec::new();
        let mut lower = Vec::new();
        for (position, paragraph) in paragraphs(body).enumerate() {
            if !self.may_match(paragraph, &mut lower) {
                continue;
            }
            let snippet = self.snippet_generator.snippet(paragraph);
            let text = snippet.fragment();
            let highlights = self.phrase_aware(
                text,
                snippet
                    .highlighted()
                    .iter()
                    .map(|r| (r.start, r.end))
                    .collect(),
            );
            if highlights.is_empty() {
                continue;
            }
            let distinct: HashSet<String> = highlights
                .iter()
                .filter_map(|&(s, e)| text.get(s..e))
                .map(str::to_lowercase)
                .collect();
            let rank = (distinct.len(), highlights.len());
            ranked.push((
                rank,
                position,
                Fragment {
                    // One line per passage: line breaks become spaces, byte
                    // for byte, so the highlight ranges still hold.
                    text: text.replace(['\n', '\r', '\t'], " "),
                    highlights,
                },
            ));
        }
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let fragments: Vec<Fragment> = ranked
            .into_iter()
            .take(MAX_FRAGMENTS)
            .map(|(_, _, fragment)| fragment)
            .collect();
        if fragments.is_empty() {
            return Snippet {
                fragments: vec![Fragment {
                    text: opening(body, FRAGMENT_CHARS).replace(['\n', '\r', '\t'], " "),
                    highlights: Vec::new(),
                }],
            };
        }
        Snippet { fragments }
    }

    /// Drops the highlights of words the query wants only inside a phrase
    /// where that phrase does not stand.
    fn phrase_aware(&self, text: &str, highlights: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        let Some(analyzer) = self.analyzer.as_ref() else {
            return highlights;
        };
        if self.phrases.is_empty() {
            return highlights;
        }
        let mut analyzer = analyzer.clone();
        let words = tokens(&mut analyzer, text);
        let mut in_phrase: HashSet<usize> = HashSet::new();
        for phrase in &self.phrases {
            for start in 0..words.len() {
                let matches = phrase
                    .iter()
                    .enumerate()
                    .all(|(k, term)| words.get(start + k).is_some_and(|w| &w.0 == term));
                if matches {
                    in_phrase.extend(words[start..start + phrase.len()].iter().map(|w| w.1));
                }
            }
        }
        highlights
            .into_iter()
            .filter(|&(start, _)| {
                let term = words.iter().find(|w| w.1 == start).map(|w| w.0.as_str());
                in_phrase.contains(&start) || term.is_some_and(|t| self.free_terms.contains(t))
            })
            .collect()
    }
}

/// The analyzer's tokens of `text`: (term, byte offset).
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    stream.process(&mut |token| out.push((token.text.clone(), token.offset_from)));
    out
}

/// At most `chars` characters of `text`, cut at a word boundary.
pub fn opening(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        None => text,
        Some((end, _)) => {
            let cut = &text[..end];
            cut.rfind(char::is_whitespace).map_or(cut, |i| &cut[..i])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_as_split_does() {
        for body in [
            "",
            "a",
            "\n\n",
            "a\n\nb",
            "a\n\n\nb",
            "a\n\n\n\nb",
            "\n\na\n\n",
            "é\n\nü\n",
        ] {
            let split: Vec<&str> = body.split("\n\n").collect();
            assert_eq!(paragraphs(body).collect::<Vec<_>>(), split, "{body:?}");
        }
    }

    #[test]
    fn joined_moves_highlights() {
        let snippet = Snippet {
            fragments: vec![
                Fragment {
                    text: "oil up".into(),
                    highlights: vec![(0, 3)],
                },
                Fragment {
                    text: "more oil".into(),
                    highlights: vec![(5, 8)],
                },
            ],
        };
        let joined = snippet.joined();
        assert_eq!(joined.text, format!("oil up{SEPARATOR}more oil"));
        let (s, e) = joined.highlights[1];
        assert_eq!(&joined.text[s..e], "oil");
        assert_eq!(opening("one two three", 6), "one");
    }
}
