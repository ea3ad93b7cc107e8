//! Sets of lower-case ASCII words, asked about a word in any case.
//!
//! Owns [`WordSet`], the lookup the extraction rules make for every word
//! they read (a page's class and id words, the words of a text a place is
//! looked for in): a hash lookup of the word folded on the stack, where
//! comparing it case-blind with each word of a list costs that many
//! comparisons, and a lower-case copy an allocation. It holds no list of
//! its own.

use rustc_hash::FxHashSet;

/// Lower-case ASCII words.
pub(crate) struct WordSet {
    words: FxHashSet<&'static [u8]>,
    longest: usize,
}

impl WordSet {
    /// The set of `words`, each in ASCII lower case.
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        debug_assert!(words
            .iter()
            .all(|w| !w.bytes().any(|b| b.is_ascii_uppercase())));
        WordSet {
            words: words.iter().map(|w| w.as_bytes()).collect(),
            longest: words.iter().map(|w| w.len()).max().unwrap_or(0),
        }
    }

    /// Whether `word`, in ASCII lower case, is one of the words: what
    /// comparing it with each of them by `eq_ignore_ascii_case` tells.
    pub(crate) fn holds_folded(&self, word: &str) -> bool {
        let mut folded = [0u8; 32];
        if word.len() > self.longest || word.len() > folded.len() {
            return false;
        }
        let folded = &mut folded[..word.len()];
        folded.copy_from_slice(word.as_bytes());
        folded.make_ascii_lowercase();
        self.words.contains(&*folded)
    }
}
