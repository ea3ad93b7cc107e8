//! What an index holds, counted: articles, files, date span, places,
//! formats and size on disk, for `newsdex stats`.
//!
//! Counts come from the index's own structures, never from the stored
//! documents, so they take milliseconds on hundreds of thousands of
//! articles: the `date` fast field gives the date span, the term
//! dictionaries of the raw `format` and `location_exact` fields give their
//! counts (their posting lists are read only where a segment has deleted
//! articles, to leave those out), the `file` documents give the files,
//! and the `kind` term's posting list counts the duplicates folded (and
//! keeps bookkeeping documents out of the article counts). It returns
//! data; printing is `output`'s job.

use std::collections::HashMap;
use std::path::Path;

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, DocSet, Searcher, TERMINATED};

use super::{IndexError, NewsIndex, KIND_FILE, KIND_FOLDED};
use crate::date::Date;

/// How many places and files the top lists name.
pub const TOP: usize = 10;

/// A description of one index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Articles indexed (bookkeeping documents left out).
    pub articles: u64,
    /// Files in the manifest (dumps the index holds articles of).
    pub files: u64,
    /// Stories seen again in other dumps (or twice in one) and recorded,
    /// not indexed twice.
    pub folded: u64,
    /// The earliest article's date; `None` when no article has one.
    pub first_date: Option<Date>,
    /// The latest article's date.
    pub last_date: Option<Date>,
    /// Articles without a date.
    pub undated: u64,
    /// The most frequent locations, most frequent first (ties by name).
    pub top_locations: Vec<(String, u64)>,
    /// Articles without a location.
    pub unlocated: u64,
    /// Articles per format, most first.
    pub formats: Vec<(String, u64)>,
    /// The files with the most articles (manifest keys), most first.
    pub top_files: Vec<(String, u64)>,
    /// Bytes of every file in the index directory.
    pub size_bytes: u64,
}

impl NewsIndex {
    /// The live articles `searcher` sees: its documents but the `file`
    /// and `folded` bookkeeping ones.
    pub fn articles(&self, searcher: &Searcher) -> Result<u64, IndexError> {
        let (files, folded) = self.bookkeeping(searcher)?;
        Ok(searcher.num_docs().saturating_sub(files + folded))
    }

    /// The `file` and the `folded` documents `searcher` sees.
    fn bookkeeping(&self, searcher: &Searcher) -> Result<(u64, u64), IndexError> {
        let kinds = count_terms(searcher, self.fields.kind).map_err(|e| self.err(e))?;
        let kind = |name: &str| kinds.get(name).copied().unwrap_or(0);
        Ok((kind(KIND_FILE), kind(KIND_FOLDED)))
    }

    /// Counts what the index holds as of its last commit.
    pub fn stats(&self) -> Result<Stats, IndexError> {
        let searcher = self.searcher()?;
        let (files, folded) = self.bookkeeping(&searcher)?;
        let bookkeeping = files + folded;
        let articles = searcher.num_docs().saturating_sub(bookkeeping);
        let dates = self.date_span(&searcher).map_err(|e| self.err(e))?;
        let formats = count_terms(&searcher, self.fields.format).map_err(|e| self.err(e))?;
        let locations =
            count_terms(&searcher, self.fields.location_exact).map_err(|e| self.err(e))?;
        let unlocated = articles.saturating_sub(locations.values().sum());
        let manifest = self.manifest_of(&searcher)?;
        let files = manifest
            .files
            .iter()
            .map(|(key, entry)| (key.clone(), entry.articles));
        Ok(Stats {
            articles,
            files: manifest.files.len() as u64,
            folded,
            first_date: dates.first,
            last_date: dates.last,
            // Bookkeeping documents have no date either.
            undated: dates.undated.saturating_sub(bookkeeping),
            top_locations: top(locations, Some(TOP)),
            unlocated,
            formats: top(formats, None),
            top_files: top(files, Some(TOP)),
            size_bytes: dir_size(&self.dir),
        })
    }

    /// Earliest and latest date over live articles, and how many have none.
    fn date_span(&self, searcher: &Searcher) -> tantivy::Result<DateSpan> {
        let name = searcher.schema().get_field_name(self.fields.date);
        let mut span = DateSpan::default();
        let mut first: Option<DateTime> = None;
        let mut last: Option<DateTime> = None;
        for segment_reader in searcher.segment_readers() {
            // A segment of undated articles has no date column at all.
            let Some(column) = segment_reader.fast_fields().column_opt::<DateTime>(name)? else {
                span.undated += u64::from(segment_reader.num_docs());
                continue;
            };
            for doc in segment_reader.doc_ids_alive() {
                match column.first(doc) {
                    Some(date) => {
                        first = Some(first.map_or(date, |d| d.min(date)));
                        last = Some(last.map_or(date, |d| d.max(date)));
                    }
                    None => span.undated += 1,
                }
            }
        }
        let day = |date: DateTime| Date::from_epoch_secs(date.into_timestamp_secs());
        span.first = first.and_then(day);
        span.last = last.and_then(day);
        Ok(span)
    }
}

#[derive(Debug, Default)]
struct DateSpan {
    first: Option<Date>,
    last: Option<Date>,
    undated: u64,
}

/// Live articles per term of a raw (untokenized) indexed field.
fn count_terms(searcher: &Searcher, field: Field) -> tantivy::Result<HashMap<String, u64>> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for segment_reader in searcher.segment_readers() {
        let inverted_index = segment_reader.inverted_index(field)?;
        let alive_bitset = segment_reader.alive_bitset();
        let mut terms = inverted_index.terms().stream()?;
        while terms.advance() {
            let term_info = terms.value();
            let count = match alive_bitset {
                // Without deletes the term dictionary's count is exact.
                None => u64::from(term_info.doc_freq),
                Some(alive_bitset) => {
                    let mut postings = inverted_index
                        .read_postings_from_terminfo(term_info, IndexRecordOption::Basic)?;
                    let mut alive = 0;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        alive += u64::from(alive_bitset.is_alive(doc));
                        doc = postings.advance();
                    }
                    alive
                }
            };
            if count > 0 {
                let term = String::from_utf8_lossy(terms.key()).into_owned();
                *counts.entry(term).or_default() += count;
            }
        }
    }
    Ok(counts)
}

/// The counts, most first, ties by name (so output is stable); the first
/// `limit` when given.
fn top(
    counts: impl IntoIterator<Item = (String, u64)>,
    limit: Option<usize>,
) -> Vec<(String, u64)> {
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
    if let Some(limit) = limit {
        counts.truncate(limit);
    }
    counts
}

/// Bytes of every file under `dir` (files that vanish meanwhile, as a
/// merge may remove them, count nothing).
fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| entry.metadata().ok())
        .map(|meta| meta.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::index::FileEntry;

    fn article(path: &str, ordinal: u64, date: Option<&str>, location: Option<&str>) -> Article {
        Article {
            id: format!("{path}#{ordinal}"),
            date: date.and_then(Date::parse_iso),
            location: location.map(String::from),
            format: if path.ends_with(".sgm") {
                "reuters"
            } else {
                "plain"
            }
            .into(),
            path: path.into(),
            ordinal,
            ..Article::sample(&format!("Story {ordinal}"), "Text.")
        }
    }

    #[test]
    fn top_is_most_first_then_by_name() {
        let counts = [("b", 2), ("c", 5), ("a", 2), ("d", 1)].map(|(k, n)| (k.to_string(), n));
        let names = |v: Vec<(String, u64)>| v.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(names(top(counts.clone(), None)), ["c", "a", "b", "d"]);
        assert_eq!(names(top(counts, Some(2))), ["c", "a"]);
        assert!(top(Vec::new(), Some(3)).is_empty());
    }

    /// Indexes `articles` and their files' `file` documents, then commits.
    fn commit(news: &NewsIndex, writer: &mut crate::index::NewsWriter, articles: &[Article]) {
        let mut files: std::collections::BTreeMap<&str, FileEntry> = Default::default();
        for a in articles {
            let fingerprint = crate::index::fingerprint(a);
            writer.add(news.document(a, fingerprint)).unwrap();
            files.entry(&a.path).or_default().articles += 1;
        }
        for (key, entry) in files {
            writer.add_file_entry(key, &entry).unwrap();
        }
        writer.commit().unwrap();
    }

    #[test]
    fn counts_live_articles_only_across_segments() {
        let dir = tempfile::tempdir().unwrap();
        let news = NewsIndex::open_or_create(dir.path()).unwrap();
        let mut writer = news.writer(1, crate::index::WRITER_MEMORY).unwrap();
        // Two commits, so two segments: the first holds undated articles
        // only (no date column at all); the second also holds a file that
        // is then removed, whose articles linger there marked deleted.
        commit(
            &news,
            &mut writer,
            &[
                article("/c/plain.txt", 0, None, Some("New York City")),
                article("/c/plain.txt", 1, None, None),
            ],
        );
        commit(
            &news,
            &mut writer,
            &[
                article("/c/a.sgm", 0, Some("1987-03-02"), Some("New York City")),
                article("/c/a.sgm", 1, Some("1987-02-26"), Some("Salvador")),
                article("/c/gone.sgm", 0, Some("2001-01-01"), Some("Paris")),
                article("/c/gone.sgm", 1, Some("2001-01-02"), Some("Salvador")),
                article("/c/a.sgm", 2, Some("1987-03-01"), Some("Salvador")),
            ],
        );
        // A duplicate story, recorded as folded.
        let copy = article("/c/plain.txt", 0, None, None);
        let source = crate::index::Source::of(&article("/c/a.sgm", 3, None, None));
        writer
            .add(news.folded_document(&source, crate::index::fingerprint(&copy)))
            .unwrap();
        writer.delete_path("/c/gone.sgm");
        writer.commit().unwrap();
        let searcher = news.searcher().unwrap();
        assert!(searcher.segment_readers().iter().any(|s| s.has_deletes()));

        let stats = news.stats().unwrap();
        assert_eq!(stats.articles, 5);
        assert_eq!(stats.files, 2);
        assert_eq!(stats.folded, 1);
        assert_eq!(stats.first_date, Date::parse_iso("1987-02-26"));
        assert_eq!(stats.last_date, Date::parse_iso("1987-03-02"));
        assert_eq!(stats.undated, 2);
        let s = |k: &str, n: u64| (k.to_string(), n);
        assert_eq!(
            stats.top_locations,
            vec![s("New York City", 2), s("Salvador", 2)]
        );
        assert_eq!(stats.unlocated, 1);
        assert_eq!(stats.formats, [s("reuters", 3), s("plain", 2)]);
        assert_eq!(stats.top_files, [s("/c/a.sgm", 3), s("/c/plain.txt", 2)]);
        assert!(stats.size_bytes > 0);
    }

    #[test]
    fn an_empty_index_has_nothing_to_count() {
        let dir = tempfile::tempdir().unwrap();
        let news = NewsIndex::open_or_create(dir.path()).unwrap();
        let mut writer = news.writer(1, crate::index::WRITER_MEMORY).unwrap();
        writer.commit().unwrap();
        let stats = news.stats().unwrap();
        assert_eq!((stats.articles, stats.files, stats.undated), (0, 0, 0));
        assert_eq!((stats.first_date, stats.last_date), (None, None));
        assert!(stats.top_locations.is_empty());
        assert!(stats.formats.is_empty() && stats.top_files.is_empty());
    }

    #[test]
    fn an_index_from_an_older_newsdex_asks_for_a_rebuild() {
        // The schema as it was: without the bookkeeping fields.
        let (current, _) = crate::index::schema::build();
        let mut builder = tantivy::schema::Schema::builder();
        for (_, entry) in current.fields() {
            if !["kind", "folded", "file", "fingerprint"].contains(&entry.name()) {
                builder.add_field(entry.clone());
            }
        }
        let dir = tempfile::tempdir().unwrap();
        tantivy::Index::create_in_dir(dir.path(), builder.build()).unwrap();

        let err = NewsIndex::open(dir.path()).err().unwrap();
        assert!(matches!(err, IndexError::Outdated(_)), "{err}");
        assert!(err.to_string().contains("--rebuild"), "{err}");
        let news = NewsIndex::recreate(dir.path()).unwrap();
        assert_eq!(news.stats().unwrap().articles, 0);
        assert!(NewsIndex::open(dir.path()).is_ok());
    }
}
