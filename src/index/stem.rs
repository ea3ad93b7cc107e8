//! newsdex's two analyzers: `news_stem` is tantivy's `en_stem` (simple
//! tokenizer, tokens over 40 bytes dropped, lower-cased, Snowball English
//! stemming) with accents folded before stemming and a cache of stems in
//! front of the stemmer; `news_plain` is tantivy's `default` with accents
//! folded. Folding makes `Zürich` and `Zurich`, `São Paulo` and `Sao Paulo`
//! one word, in the index and in queries alike (tantivy's
//! `AsciiFoldingFilter`, Lucene's table); scripts without a Latin form
//! (Japanese, Arabic) are left as they are.
//!
//! News text repeats a small vocabulary endlessly, and stemming a word
//! costs ten times a hash lookup: with the cache, a fifth of the indexing
//! work goes. The stems are the very ones tantivy's own `en_stem` gives
//! (the same `frostem` algorithm; a test compares them on real stories).
//! Words are split, dropped when long, lower-cased and folded as tantivy's
//! `SimpleTokenizer`, `RemoveLongFilter`, `LowerCaser` and
//! `AsciiFoldingFilter` do it, by [`FoldedWords`] in one pass.
//! Both are registered on every index newsdex opens, for writing and for
//! searching alike.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Which ASCII bytes are letters or digits.
static ASCII_ALPHANUMERIC: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Whether the character at byte `at` of `text`, beyond ASCII, is
/// alphanumeric, and its width.
fn wide(text: &str, at: usize) -> (bool, usize) {
    text[at..]
        .chars()
        .next()
        .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
}

/// The next word of `text` at or after byte `at`, as tantivy's
/// `SimpleTokenizer` splits words (runs of alphanumeric characters): its
/// byte range.
fn next_word(text: &str, at: usize) -> Option<(usize, usize)> {
    let from = run_end(text, at, false);
    (from < text.len()).then(|| (from, run_end(text, from, true)))
}

/// Where the run of characters from byte `at` that are `alphanumeric` (or
/// are not) ends: the first byte of another class, or the end of `text`.
#[inline(always)]
fn run_end(text: &str, mut at: usize, alphanumeric: bool) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(at) {
        let (class, width) = if b < 0x80 {
            (ASCII_ALPHANUMERIC[b as usize], 1)
        } else {
            wide(text, at)
        };
        if class != alphanumeric {
            break;
        }
        at += width;
    }
    at
}

/// Bytes from which a word is dropped, as tantivy's
/// `RemoveLongFilter::limit(40)` drops it (its position still counts).
const LONG_WORD_BYTES: usize = 40;

/// tantivy's `SimpleTokenizer` with its `RemoveLongFilter::limit(40)`,
/// `LowerCaser` and `AsciiFoldingFilter` after it, the same tokens at the
/// same positions and offsets in one pass: words are found through a table
/// of ASCII bytes rather than by decoding and classing every character, an ASCII
/// word (nearly every one) is lower-cased as it is copied, and only a word
/// holding other characters goes through tantivy's two filters (whose
/// calls for every word were a tenth of indexing).
#[derive(Clone)]
pub struct FoldedWords {
    token: Token,
    /// tantivy's lower-casing and folding of one whole word.
    fold: TextAnalyzer,
}

impl Default for FoldedWords {
    fn default() -> Self {
        FoldedWords {
            token: Token::default(),
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

/// The folded words of one text.
pub struct FoldedStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
    fold: &'a mut TextAnalyzer,
}

impl Tokenizer for FoldedWords {
    type TokenStream<'a> = FoldedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldedStream<'a> {
        self.token.reset();
        FoldedStream {
            text,
            at: 0,
            token: &mut self.token,
            fold: &mut self.fold,
        }
    }
}

impl TokenStream for FoldedStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            self.token.position = self.token.position.wrapping_add(1);
            let Some((from, to)) = next_word(self.text, self.at) else {
                self.at = self.text.len();
                self.token.text.clear();
                return false;
            };
            self.at = to;
            if to - from >= LONG_WORD_BYTES {
                continue;
            }
            let word = &self.text[from..to];
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.text.clear();
            if word.is_ascii() {
                self.token.text.push_str(word);
                self.token.text.make_ascii_lowercase();
            } else {
                let mut folded = self.fold.token_stream(word);
                if folded.advance() {
                    self.token.text.push_str(&folded.token().text);
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Words the cache holds before it starts afresh (a few MB).
const CACHED_WORDS: usize = 100_000;

/// The `news_stem` analyzer: folded, stemmed, with cached stems.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FoldedWords::default())
        .filter(CachedStemmer)
        .build()
}

/// The `news_plain` analyzer (places, authors, sections): lower-cased and
/// folded words, no stemming.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::from(FoldedWords::default())
}

/// `analyzer()` for text that is only ever compared with `terms` (index
/// terms: a query's, in its hits' snippets). A word is stemmed only when
/// its stem could be one of them, and is passed on as it is otherwise: the
/// stemmer changes a word's last letters only (no stem but "die", "lie"
/// and "tie", from "dying", "lying", "tying", differs from its word before
/// its last two letters), so a word that does not open with a term's
/// letters but its last two can stem to no term. The same terms match as
/// with `analyzer()`, and most words of a story skip the stemmer.
pub fn matching<I: IntoIterator<Item = String>>(terms: I) -> TextAnalyzer {
    let mut openings: Vec<String> = terms
        .into_iter()
        .map(|term| opening(&term).to_string())
        .collect();
    openings.sort_unstable();
    openings.dedup();
    TextAnalyzer::builder(FoldedWords::default())
        .filter(StemsNear {
            openings: openings.into(),
        })
        .build()
}

/// What a word must open with to be one of `term`'s words, by the rule of
/// `matching`: the term without its last two letters.
pub fn opening(term: &str) -> &str {
    let keep = term.char_indices().rev().nth(1).map_or(0, |(at, _)| at);
    &term[..keep]
}

/// Stems the words that open as one of `openings` does.
#[derive(Clone)]
struct StemsNear {
    openings: std::sync::Arc<[String]>,
}

impl TokenFilter for StemsNear {
    type Tokenizer<T: Tokenizer> = StemsNearFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemsNearFilter<T> {
        StemsNearFilter {
            inner: tokenizer,
            openings: self.openings,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

struct StemsNearFilter<T> {
    inner: T,
    openings: std::sync::Arc<[String]>,
    stemmer: frostem::Stemmer,
}

impl<T: Clone> Clone for StemsNearFilter<T> {
    fn clone(&self) -> Self {
        StemsNearFilter {
            inner: self.inner.clone(),
            openings: self.openings.clone(),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

impl<T: Tokenizer> Tokenizer for StemsNearFilter<T> {
    type TokenStream<'a> = StemsNearStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemsNearStream {
            tail: self.inner.token_stream(text),
            openings: &self.openings,
            stemmer: &self.stemmer,
        }
    }
}

struct StemsNearStream<'a, T> {
    tail: T,
    openings: &'a [String],
    stemmer: &'a frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for StemsNearStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let word = &mut self.tail.token_mut().text;
        if self.openings.iter().any(|o| word.starts_with(o.as_str())) {
            let stem = match self.stemmer.stem(word) {
                Cow::Owned(stem) => Some(stem),
                Cow::Borrowed(_) => None,
            };
            if let Some(stem) = stem {
                *word = stem;
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// English Snowball stemming through a cache of stems.
#[derive(Clone, Copy)]
struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stems: Stems::default(),
        }
    }
}

struct CachedStemmerFilter<T> {
    inner: T,
    stems: Stems,
}

impl<T: Clone> Clone for CachedStemmerFilter<T> {
    /// A copy starts with an empty cache: analyzers are cloned per thread
    /// and per query, where copying the cache would cost more than it saves.
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            stems: Stems::default(),
        }
    }
}

/// Word -> stem, bounded.
struct Stems {
    stemmer: frostem::Stemmer,
    /// Words of at most 16 bytes (nearly all), each packed into a `u128`,
    /// to their stems packed alike, or 0 when the word is its own stem (most
    /// are): a lookup hashes and compares two integers, and reads no string
    /// but the word. FxHash: a general-purpose hash costs as much as the
    /// stemmer.
    short: FxHashMap<u128, u128>,
    /// Longer words, to their stems (`None`: the word's own).
    long: FxHashMap<Box<str>, Option<Box<str>>>,
}

impl Default for Stems {
    fn default() -> Stems {
        Stems {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

/// `word`'s bytes as a little-endian `u128`, when it has at most 16. A
/// word of the tokenizer holds no zero byte (a run of letters and digits;
/// UTF-8 puts none in a character but NUL), so the zeros after its bytes
/// tell its length, and no two words pack alike.
fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    debug_assert!(!bytes.contains(&0), "{word:?}");
    let mut buf = [0u8; 16];
    buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(buf))
}

/// The bytes `packed` packed into `word`.
fn unpacked(word: u128) -> ([u8; 16], usize) {
    let len = 16 - (word.leading_zeros() / 8) as usize;
    (word.to_le_bytes(), len)
}

impl Stems {
    /// Replaces `word` with its stem.
    fn stem(&mut self, word: &mut String) {
        // Snowball leaves words of one or two letters as they are, and
        // numbers (its rules take letters off letters): a third of news
        // words, which skip the lookup.
        if word.len() <= 2 || word.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        let stem = match packed(word) {
            Some(key) => match self.short.get(&key) {
                Some(&stem) => stem,
                None => match self.stemmer.stem(word) {
                    Cow::Owned(stem) if stem != *word => match packed(&stem) {
                        Some(packed) if packed != 0 => self.keep(key, packed),
                        // A stem longer than its word, or empty (no
                        // English one is) goes the long way.
                        _ => return self.stem_long(word),
                    },
                    _ => self.keep(key, 0),
                },
            },
            None => return self.stem_long(word),
        };
        if stem != 0 {
            let (bytes, len) = unpacked(stem);
            word.clear();
            // Bytes of the stemmer's own string (a prefix of a word
            // packed whole).
            word.push_str(std::str::from_utf8(&bytes[..len]).unwrap_or_default());
        }
    }

    /// Caches the packed `stem` of the packed word `key`, and returns it.
    fn keep(&mut self, key: u128, stem: u128) -> u128 {
        self.make_room();
        self.short.insert(key, stem);
        stem
    }

    /// `stem` for a word that does not pack: through the cache of strings.
    fn stem_long(&mut self, word: &mut String) {
        if let Some(known) = self.long.get(word.as_str()) {
            if let Some(stem) = known {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = self.stemmer.stem(word);
        let changed: Option<Box<str>> = (*stem != **word).then(|| (*stem).into());
        self.make_room();
        self.long.insert(word.as_str().into(), changed.clone());
        if let Some(stem) = changed {
            word.clear();
            word.push_str(&stem);
        }
    }

    /// Starts the cache afresh when it holds `CACHED_WORDS` words.
    fn make_room(&mut self) {
        if self.short.len() + self.long.len() >= CACHED_WORDS {
            self.short.clear();
            self.long.clear();
        }
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
        }
    }
}

struct CachedStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut Stems,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stems.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, RemoveLongFilter, SimpleTokenizer, Stemmer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                token.position,
                token.offset_from,
                token.offset_to,
            ));
        }
        out
    }

    /// The same tokens as tantivy's `SimpleTokenizer`, `RemoveLongFilter`,
    /// `LowerCaser` and `AsciiFoldingFilter`, text, positions and offsets,
    /// on characters of every width and class: letters and digits beyond
    /// ASCII (`Ⅻ`, `²`, `٣`), marks that are neither (`e\u{301}`), no-break
    /// spaces, emoji, capitals and accents to fold (`ÉCOLE`, `Zürich`,
    /// `ß`, `Σ`), words of 39, 40 and 41 bytes (ASCII and not), text ending
    /// inside a word and in a space.
    #[test]
    fn folds_words_as_tantivys_filters_do() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = [
            "",
            " ",
            "a",
            "Hello, happy tax payer!",
            "Ⅻ chapters, x² and ٣ in Arabic-Indic; cafe\u{301} (combining) naïve",
            "no\u{a0}break\u{2009}thin 🙂emoji🙂 日本語のテキスト Ελληνικά",
            "trailing word",
            "trailing space ",
            "__under_scores__ and it's 1987-03-12 at 10:30",
            "ÉCOLE Zürich STRAßE ΣΊΣΥΦΟΣ İstanbul Ǆemal ﬁne ＡＢＣ",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for n in [39, 40, 41] {
            texts.push(format!("a {} b {}é c", "X".repeat(n), "y".repeat(n - 1)));
        }
        for sample in [
            "corpus/000_891f048a54a096e6.txt",
            "corpus/reuters/reut2-000-sample.sgm",
            "corpus/bbc/business-001.txt",
        ] {
            texts.push(std::fs::read_to_string(root.join(sample)).unwrap());
        }
        let mut ours = plain();
        let mut tantivys = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        for text in &texts {
            assert_eq!(
                tokens(&mut ours, text),
                tokens(&mut tantivys, text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn stems_as_tantivys_own_stemmer_does() {
        let mut ours = analyzer();
        // tantivy's `en_stem`, with the folding newsdex puts before stemming.
        let mut tantivys = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![
            "Curfews were imposed; the curfew's generally ACCEPTED. Running runners ran \
             généralement Ünïcödé naïve caf\u{e9}s straße"
                .to_string(),
            "x".repeat(41) + " ok",
        ];
        for sample in [
            "corpus/000_891f048a54a096e6.txt",
            "corpus/reuters/reut2-000-sample.sgm",
            "corpus/bbc/business-001.txt",
        ] {
            texts.push(std::fs::read_to_string(root.join(sample)).unwrap());
        }
        let mut words = 0;
        // Twice over: from an empty cache, then from a full one.
        for text in texts.iter().chain(texts.iter()) {
            let want = tokens(&mut tantivys, text);
            words += want.len();
            assert_eq!(tokens(&mut ours, text), want);
        }
        assert!(words > 10_000, "{words}");
    }

    /// `matching(terms)` finds each term where `analyzer()` does, at the
    /// same positions and offsets, for every stem of real stories taken as
    /// the one term, and for the words whose stems differ early.
    #[test]
    fn matching_finds_the_terms_the_analyzer_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec!["Dying, lying and tying: the skies, skis and news; happily hoping,              generously cried, early, only, ugly, idly, gently, singly, Ünïcödé cafés"
            .to_string()];
        for sample in [
            "corpus/000_891f048a54a096e6.txt",
            "corpus/bbc/business-001.txt",
        ] {
            texts.push(std::fs::read_to_string(root.join(sample)).unwrap());
        }
        let mut checked = 0;
        for text in &texts {
            let full = tokens(&mut analyzer(), text);
            let stems: std::collections::BTreeSet<String> =
                full.iter().map(|t| t.0.clone()).collect();
            for stem in stems {
                let at = |tokens: &[(String, usize, usize, usize)]| -> Vec<(usize, usize, usize)> {
                    tokens
                        .iter()
                        .filter(|t| t.0 == stem)
                        .map(|t| (t.1, t.2, t.3))
                        .collect()
                };
                let near = tokens(&mut matching([stem.clone()]), text);
                assert_eq!(near.len(), full.len());
                assert_eq!(at(&near), at(&full), "{stem}");
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn accents_fold_in_both_analyzers() {
        let words = |analyzer: &mut TextAnalyzer, text: &str| -> Vec<String> {
            tokens(analyzer, text).into_iter().map(|t| t.0).collect()
        };
        let text = "Zürich São Paulo Ünïcödé naïve café Straße 東京";
        // Snowball drops the final e of "unicode" and "strasse".
        let folded = [
            "zurich", "sao", "paulo", "unicod", "naiv", "cafe", "strass", "東京",
        ];
        assert_eq!(words(&mut analyzer(), text), folded);
        let unstemmed = [
            "zurich", "sao", "paulo", "unicode", "naive", "cafe", "strasse", "東京",
        ];
        assert_eq!(words(&mut plain(), text), unstemmed);
        assert_eq!(words(&mut plain(), "ZURICH Sao"), ["zurich", "sao"]);
    }

    /// Every way through the cache (skipped, packed, long; first seen and
    /// seen again) gives the stemmer's own stem: for every word of one or
    /// two letters or digits, numbers, words of 16 and 17 bytes and words
    /// beyond ASCII.
    #[test]
    fn cached_stems_are_the_stemmers() {
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        let mut words: Vec<String> = Vec::new();
        for &a in &alphabet {
            words.push(a.to_string());
            for &b in &alphabet {
                words.push(format!("{a}{b}"));
                words.push(format!("{a}{b}s"));
            }
        }
        words.extend(
            [
                "1987", "000", "1980s", "3rd", "ies", "sky", "skies", "dying",
            ]
            .map(String::from),
        );
        // 16 and 17 bytes: "internationalise" packs, "internationalised" does not.
        words.extend(
            [
                "internationalise",
                "internationalised",
                "generalizations",
                "characterization",
                "characterizations",
                "東京",
                "ελληνικά",
                "привет",
                "россиянами",
                "ünïcödéstrings",
            ]
            .map(String::from),
        );
        let mut stems = Stems::default();
        for round in 0..2 {
            for word in &words {
                let mut cached = word.clone();
                stems.stem(&mut cached);
                assert_eq!(cached, stemmer.stem(word), "{word:?}, round {round}");
            }
        }
        assert!(stems.long.contains_key("internationalised"));
        assert!(stems
            .short
            .contains_key(&packed("internationalise").unwrap()));
        assert!(!stems.short.contains_key(&packed("ab").unwrap()));
    }

    #[test]
    fn a_full_cache_starts_afresh() {
        let mut stems = Stems::default();
        for i in 0..CACHED_WORDS + 10 {
            let mut word = format!("running{i}s");
            stems.stem(&mut word);
        }
        assert!(stems.short.len() + stems.long.len() <= CACHED_WORDS);
        let mut word = "generally".to_string();
        stems.stem(&mut word);
        assert_eq!(word, "general");
    }
}
