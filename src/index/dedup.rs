//! Content fingerprints, and the index state that deduplication and
//! recovery read: which stories are indexed, where duplicates were seen,
//! which files hold articles without a `file` document (a run that died
//! before finishing them).
//!
//! A story is the same story when its headline and body have the same
//! words: case, punctuation, spacing and markup differences (a re-scrape,
//! another export of the same wire) do not make a new story. Deciding what
//! to index is the `index` command's job; this module only counts.

use std::collections::BTreeSet;

use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::{IndexError, Manifest, NewsIndex, KIND_FOLDED};
use crate::article::Article;

/// The fingerprint of an article's story: xxh3 of the lower-cased
/// alphanumeric words of its headline and body, one space between words.
pub fn fingerprint(article: &Article) -> u64 {
    let (headline, body) = (&article.headline, &article.body);
    let mut words: Vec<u8> = Vec::with_capacity(headline.len() + body.len() + 4);
    for text in [headline, body] {
        push_words(text, &mut words);
        // Headline and body are told apart: a headline word is not a body word.
        words.push(b'\n');
    }
    xxhash_rust::xxh3::xxh3_64(&words)
}

/// Appends `text`'s alphanumeric words to `words`, lower-cased, each
/// followed by one space. Runs of ASCII go through `push_ascii`; other
/// characters are decoded one at a time.
fn push_words(text: &str, words: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let ascii_end = bytes[i..]
            .iter()
            .position(|&b| b >= 0x80)
            .map_or(bytes.len(), |n| i + n);
        in_word = push_ascii(&bytes[i..ascii_end], in_word, words);
        i = ascii_end;
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                let mut utf8 = [0; 4];
                words.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
            }
            in_word = true;
        } else if in_word {
            words.push(b' ');
            in_word = false;
        }
        i += c.len_utf8();
    }
    if in_word {
        words.push(b' ');
    }
}

/// `push_words` for ASCII `bytes`, `in_word` when a word is open before
/// them; returns whether one is open after. Without a branch a byte (this
/// loop reads every byte of every story indexed, and words end too often
/// to be guessed): a letter or digit is written lower-cased (setting the
/// bit that tells the cases apart; digits have it set), anything else as a
/// space, and the end moves on past a letter or digit, or past the space
/// that ends a word; other spaces are written over.
fn push_ascii(bytes: &[u8], mut in_word: bool, words: &mut Vec<u8>) -> bool {
    let mut end = words.len();
    words.resize(end + bytes.len() + 1, 0);
    for &b in bytes {
        let alphanumeric = b.is_ascii_alphanumeric();
        words[end] = if alphanumeric { b | 0x20 } else { b' ' };
        end += usize::from(alphanumeric | in_word);
        in_word = alphanumeric;
    }
    words.truncate(end);
    in_word
}

/// The fingerprints of the stories indexed, in about 6.5 bytes each: the
/// duplicate check holds one for every story of the index, so at 8.6
/// million stories a hash set's 18 bytes a story (27 while it doubles) was
/// the largest thing `index` kept in memory, outside `--memory`'s plan.
///
/// Fingerprints are spread evenly (xxh3), so their top 16 bits deal them
/// into 65,536 buckets of a few hundred each at that size, and a bucket
/// keeps only the other 48 bits, sorted (big-endian bytes sort as the
/// numbers do): a lookup is a binary search, an insertion shifts at most
/// one bucket, and a bucket grows by an eighth at a time, never doubling.
pub struct FingerprintSet {
    buckets: Vec<Vec<[u8; 6]>>,
    len: usize,
}

/// Bits of a fingerprint that choose its bucket.
const BUCKET_BITS: u32 = 16;

impl Default for FingerprintSet {
    fn default() -> Self {
        FingerprintSet {
            buckets: (0..1usize << BUCKET_BITS).map(|_| Vec::new()).collect(),
            len: 0,
        }
    }
}

impl FingerprintSet {
    /// The bucket of `fingerprint` and what that bucket keeps of it.
    fn split(fingerprint: u64) -> (usize, [u8; 6]) {
        let bytes = fingerprint.to_be_bytes();
        let mut low = [0; 6];
        low.copy_from_slice(&bytes[2..]);
        ((fingerprint >> (u64::BITS - BUCKET_BITS)) as usize, low)
    }

    /// Adds `fingerprint`; false when it was there already.
    pub fn insert(&mut self, fingerprint: u64) -> bool {
        let (at, low) = Self::split(fingerprint);
        let bucket = &mut self.buckets[at];
        match bucket.binary_search(&low) {
            Ok(_) => false,
            Err(place) => {
                if bucket.len() == bucket.capacity() {
                    bucket.reserve_exact(bucket.len() / 8 + 4);
                }
                bucket.insert(place, low);
                self.len += 1;
                true
            }
        }
    }

    /// Takes `fingerprint` out; false when it was not there.
    pub fn remove(&mut self, fingerprint: &u64) -> bool {
        let (at, low) = Self::split(*fingerprint);
        let bucket = &mut self.buckets[at];
        match bucket.binary_search(&low) {
            Ok(place) => {
                bucket.remove(place);
                self.len -= 1;
                true
            }
            Err(_) => false,
        }
    }

    /// Whether `fingerprint` is in the set.
    pub fn contains(&self, fingerprint: &u64) -> bool {
        let (at, low) = Self::split(*fingerprint);
        self.buckets[at].binary_search(&low).is_ok()
    }

    /// How many fingerprints the set holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes the set holds on the heap: its buckets' room and their headers.
    pub fn heap_bytes(&self) -> usize {
        let room: usize = self.buckets.iter().map(Vec::capacity).sum();
        room * 6 + self.buckets.len() * std::mem::size_of::<Vec<[u8; 6]>>()
    }
}

impl Extend<u64> for FingerprintSet {
    fn extend<I: IntoIterator<Item = u64>>(&mut self, fingerprints: I) {
        for fingerprint in fingerprints {
            self.insert(fingerprint);
        }
    }
}

impl NewsIndex {
    /// The fingerprints of every live article.
    pub fn primaries(&self, searcher: &Searcher) -> Result<FingerprintSet, IndexError> {
        let name = searcher.schema().get_field_name(self.fields.fingerprint);
        let mut primaries = FingerprintSet::default();
        for segment_reader in searcher.segment_readers() {
            let column = segment_reader
                .fast_fields()
                .column_opt::<u64>(name)
                .map_err(|e| self.err(e))?;
            let Some(column) = column else { continue };
            for doc in segment_reader.doc_ids_alive() {
                if let Some(fingerprint) = column.first(doc) {
                    primaries.insert(fingerprint);
                }
            }
        }
        Ok(primaries)
    }

    /// Every live `folded` record: the story's fingerprint and the file
    /// where it was seen again.
    pub fn folded_records(&self, searcher: &Searcher) -> Result<Vec<(u64, String)>, IndexError> {
        let mut records = Vec::new();
        for doc_address in self.docs_of_kind(searcher, KIND_FOLDED)? {
            let doc: TantivyDocument = searcher.doc(doc_address).map_err(|e| self.err(e))?;
            let fingerprint = doc.get_first(self.fields.folded).and_then(|v| v.as_u64());
            let path = doc.get_first(self.fields.path).and_then(|v| v.as_str());
            if let (Some(fingerprint), Some(path)) = (fingerprint, path) {
                records.push((fingerprint, path.to_string()));
            }
        }
        Ok(records)
    }

    /// The fingerprints of the live articles read from the file `key`.
    pub fn fingerprints_under(
        &self,
        searcher: &Searcher,
        key: &str,
    ) -> Result<Vec<u64>, IndexError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.path, key),
            IndexRecordOption::Basic,
        );
        let docs = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?;
        let name = searcher.schema().get_field_name(self.fields.fingerprint);
        let mut fingerprints = Vec::new();
        for doc_address in docs {
            let segment_reader = searcher.segment_reader(doc_address.segment_ord);
            let column = segment_reader
                .fast_fields()
                .column_opt::<u64>(name)
                .map_err(|e| self.err(e))?;
            if let Some(fingerprint) = column.and_then(|c| c.first(doc_address.doc_id)) {
                fingerprints.push(fingerprint);
            }
        }
        Ok(fingerprints)
    }

    /// Files the index holds live documents of but no `file` document
    /// for: a run stopped (killed, crashed) before it finished them and
    /// committed what it had.
    pub fn unfinished_files(
        &self,
        searcher: &Searcher,
        manifest: &Manifest,
    ) -> Result<Vec<String>, IndexError> {
        let mut keys = BTreeSet::new();
        for segment_reader in searcher.segment_readers() {
            let inverted_index = segment_reader
                .inverted_index(self.fields.path)
                .map_err(|e| self.err(e))?;
            let mut terms = inverted_index
                .terms()
                .stream()
                .map_err(|e| self.err(e.into()))?;
            while terms.advance() {
                let key = String::from_utf8_lossy(terms.key());
                if !manifest.files.contains_key(key.as_ref()) {
                    keys.insert(key.into_owned());
                }
            }
        }
        let mut unfinished = Vec::new();
        for key in keys {
            // The term may only be left from deleted documents.
            let query = TermQuery::new(
                Term::from_field_text(self.fields.path, &key),
                IndexRecordOption::Basic,
            );
            if searcher.search(&query, &Count).map_err(|e| self.err(e))? > 0 {
                unfinished.push(key);
            }
        }
        Ok(unfinished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(headline: &str, body: &str) -> Article {
        Article::sample(headline, body)
    }

    #[test]
    fn the_fingerprint_set_holds_what_a_hash_set_holds() {
        use std::collections::HashSet;
        let mut next = crate::formats::xorshift(0x2545_F491_4F6C_DD1D);
        let (mut set, mut want) = (FingerprintSet::default(), HashSet::new());
        // A small pool of values, so inserts meet values already in and
        // removals find them; some share a bucket (the same top bits).
        let pool: Vec<u64> = (0..2_000)
            .map(|i| match i % 3 {
                0 => next(),
                1 => 0xABCD_0000_0000_0000 | (next() >> 16),
                _ => next() & 0xFFFF,
            })
            .collect();
        for _ in 0..50_000 {
            let value = pool[(next() % pool.len() as u64) as usize];
            match next() % 3 {
                0 | 1 => assert_eq!(set.insert(value), want.insert(value), "{value:x}"),
                _ => assert_eq!(set.remove(&value), want.remove(&value), "{value:x}"),
            }
            assert_eq!(set.len(), want.len());
        }
        for value in &pool {
            assert_eq!(set.contains(value), want.contains(value), "{value:x}");
        }
        assert!(!set.contains(&u64::MAX) || want.contains(&u64::MAX));
    }

    #[test]
    fn the_fingerprint_set_costs_under_seven_bytes_a_story() {
        let mut next = crate::formats::xorshift(0x9E37_79B9_7F4A_7C15);
        let mut set = FingerprintSet::default();
        set.extend((0..2_000_000).map(|_| next()));
        assert_eq!(set.len(), 2_000_000);
        // 6 bytes a story, at most an eighth more of room and 4 slots a
        // bucket (about 30 a bucket here, 131 at 8.6 million stories),
        // on top of the 65,536 buckets' headers (1.5 MiB in all).
        let headers = (1 << 16) * std::mem::size_of::<Vec<[u8; 6]>>();
        let per_story = (set.heap_bytes() - headers) as f64 / set.len() as f64;
        assert!(per_story < 6.0 * 1.15, "{per_story} bytes a story");
    }

    /// The bytes hashed, as the fingerprint's definition writes them out:
    /// each word lower-cased and followed by a space, a line's end after
    /// the headline's words and after the body's; characters beyond ASCII
    /// lower-cased as Unicode does it, those neither letters nor digits
    /// ending a word.
    #[test]
    fn the_fingerprint_hashes_the_words_as_defined() {
        let cases = [
            (
                "Iraq Says Curfew",
                "Ramadi, Feb 3 -- A curfew.",
                "iraq says curfew \nramadi feb 3 a curfew \n",
            ),
            ("", "", "\n\n"),
            ("--", " !? ", "\n\n"),
            ("U.S. 1987", "x", "u s 1987 \nx \n"),
            (
                "CAFÉ—Crème",
                "Straße, ZÜRICH’s 東京",
                "café crème \nstraße zürich s 東京 \n",
            ),
            ("İstanbul", "αΒγ...δ", "i\u{307}stanbul \nαβγ δ \n"),
        ];
        for (headline, body, words) in cases {
            assert_eq!(
                fingerprint(&story(headline, body)),
                xxhash_rust::xxh3::xxh3_64(words.as_bytes()),
                "{headline:?} {body:?}"
            );
        }
    }

    #[test]
    fn the_same_words_are_the_same_story() {
        let a = fingerprint(&story("Iraq Says Curfew", "Ramadi, Feb 3 -- A curfew."));
        let same = [
            story("IRAQ SAYS CURFEW", "Ramadi, Feb 3 - a curfew"),
            story("  Iraq says curfew ", "Ramadi Feb 3\r\n\r\nA   curfew!"),
        ];
        for copy in &same {
            assert_eq!(fingerprint(copy), a, "{copy:?}");
        }
        assert_eq!(
            fingerprint(&story("Café crème", "Straße, Zürich.")),
            fingerprint(&story("CAFÉ CRÈME", "straße  zürich"))
        );
        assert_ne!(
            fingerprint(&story("Café crème", "Straße")),
            fingerprint(&story("Cafe creme", "Strasse"))
        );
        let other = [
            story("Iraq Says Curfew", "Ramadi, Feb 4 -- A curfew."),
            story("Iraq Says", "Curfew Ramadi, Feb 3 -- A curfew."),
            story("Iraq Says Curfew", "Ramadi, Feb 3 -- A curfew. c01"),
        ];
        for copy in &other {
            assert_ne!(fingerprint(copy), a, "{copy:?}");
        }
    }
}
