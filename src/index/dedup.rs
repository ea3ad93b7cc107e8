//! Content fingerprints, and the index state that deduplication and
//! recovery read: which stories are indexed, where duplicates were seen,
//! which files hold articles without a `file` document (a run that died
//! before finishing them).
//!
//! A story is the same story when its headline and body have the same
//! words: case, punctuation, spacing and markup differences (a re-scrape,
//! another export of the same wire) do not make a new story. Deciding what
//! to index is the `index` command's job; this module only counts.

use std::collections::{BTreeSet, HashSet};

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
        let mut in_word = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // ASCII byte by byte; other characters decoded one at a time.
            let (alphanumeric, width) = if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    words.push(b.to_ascii_lowercase());
                }
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    for lower in c.to_lowercase() {
                        let mut utf8 = [0; 4];
                        words.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
                    }
                }
                (c.is_alphanumeric(), c.len_utf8())
            };
            if alphanumeric {
                in_word = true;
            } else if in_word {
                words.push(b' ');
                in_word = false;
            }
            i += width;
        }
        if in_word {
            words.push(b' ');
        }
        // Headline and body are told apart: a headline word is not a body word.
        words.push(b'\n');
    }
    xxhash_rust::xxh3::xxh3_64(&words)
}

impl NewsIndex {
    /// The fingerprints of every live article.
    pub fn primaries(&self, searcher: &Searcher) -> Result<HashSet<u64>, IndexError> {
        let name = searcher.schema().get_field_name(self.fields.fingerprint);
        let mut primaries = HashSet::new();
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
