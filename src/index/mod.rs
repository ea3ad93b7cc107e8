//! Article <-> tantivy document, and the index's lifecycle.
//!
//! Owns opening, creating and recreating an index directory, the schema's
//! mapping of an `Article` to a document and back, the bookkeeping
//! documents beside the articles (one `file` document per indexed dump: the
//! manifest, committed atomically with the dump's articles; one `folded`
//! document per duplicate story) and exact lookups by id (`show`). Its
//! submodules: `writer`, the one `NewsWriter` (add, delete, commit,
//! rollback); `rebuild`, `--rebuild` beside the old index, switched to
//! atomically; `stats`, what an index holds; `dedup`, content fingerprints
//! and the state deduplication needs; `stem`, the cached stemmer; `tie_key`,
//! the order of equal scores as one number; `skips`, the files set
//! aside, remembered beside the index so re-runs name only new ones. It
//! neither parses dumps nor ranks queries.

pub mod dedup;
pub mod rebuild;
pub mod schema;
pub mod skips;
pub mod stats;
pub mod stem;
pub mod tie_key;
mod writer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue, Value};
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::article::Article;
use crate::date::Date;
pub use dedup::{fingerprint, FingerprintSet};
pub use rebuild::Rebuild;
pub use schema::{Fields, KIND_FILE, KIND_FOLDED};
pub use writer::NewsWriter;

/// A writer's buffers for a small job (tests, one-off writes); `index` plans
/// its own out of `--memory` (`commands::index::budget`).
pub const WRITER_MEMORY: usize = 160 << 20;

/// Bytes of stored articles compressed together (tantivy's default is
/// 16 KiB): a hit's article is read by decompressing its whole block, and a
/// page of ten hits from ten blocks was a quarter of a short search's work.
const DOCSTORE_BLOCK: usize = 4096;

/// The settings a new index is made with: every segment keeps its
/// articles in tie order (bookkeeping documents, which have none, first),
/// so that of two hits of one score in a segment the first is the better.
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK,
        sort_by_field: Some(tie_order()),
        // Stored articles are compressed by the indexing threads
        // themselves: with segments sorted, each block went to tantivy's
        // compressing thread twice (unsorted, then in order), and handing
        // it over cost more than the compressing (1.1 GB: 31.6 -> 30.1 s).
        docstore_compress_dedicated_thread: false,
        ..tantivy::IndexSettings::default()
    }
}

/// The order every segment keeps its documents in.
fn tie_order() -> tantivy::IndexSortByField {
    tantivy::IndexSortByField {
        field: schema::TIE_ORDER.to_string(),
        order: tantivy::Order::Asc,
    }
}

/// True when an index with these settings keeps every segment in tie
/// order (as `settings` makes one), so that of two equal scores in one
/// segment the earlier document is the better hit.
pub fn kept_in_tie_order(settings: &tantivy::IndexSettings) -> bool {
    settings.sort_by_field.as_ref() == Some(&tie_order())
}
/// The least memory tantivy accepts per indexing thread.
pub const THREAD_MEMORY_MIN: usize = 15_000_000;
/// The most: tantivy refuses a thread's buffer of 4 GB less 1 MB or more
/// (`MEMORY_BUDGET_NUM_BYTES_MAX`).
pub const THREAD_MEMORY_MAX: usize = u32::MAX as usize - 1_000_001;

/// Why an index could not be opened, read or written. Each names the index
/// directory as shown to people.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index in the directory (no `meta.json`).
    #[error("no index at {0} (build one with `newsdex index <PATH>... --index {0}`)")]
    Missing(String),
    /// The index path is an existing regular file (or other non-folder).
    #[error("{0} is a file, not an index folder")]
    NotAFolder(String),
    /// A tantivy index, but not newsdex's: its schema lacks our fields.
    #[error("{0} is not a newsdex index (its schema lacks newsdex's fields); use another --index directory")]
    Foreign(String),
    /// A newsdex index from before the current schema: `--rebuild` it.
    #[error("the index at {0} was built by an older newsdex; rebuild it with `newsdex index <PATH>... --index {0} --rebuild`")]
    Outdated(String),
    /// The disk holding the index filled up while it was written: what was
    /// not committed is removed, what was is kept.
    #[error("disk full at {path}: {free_mb} MB free; free some space and run again")]
    DiskFull {
        /// The index directory, as shown.
        path: String,
        /// Space left to this user on its file system, in MB (10^6 bytes),
        /// once the failed run's files are removed.
        free_mb: u64,
    },
    /// Another process holds the index's writer lock.
    #[error("the index at {0} is being written by another process; wait for it to finish")]
    Locked(String),
    /// tantivy failed on the index.
    #[error("index at {path}: {source}")]
    Tantivy {
        /// The index directory, as shown.
        path: String,
        /// What tantivy said.
        source: tantivy::TantivyError,
    },
    /// The index directory could not be made, or its files removed.
    #[error("index at {path}: {source}")]
    Io {
        /// The index directory, as shown.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
}

/// What the index knows about each file it holds articles of: the `file`
/// documents, by file key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Each file's entry, by file key (`paths::key`).
    pub files: BTreeMap<String, FileEntry>,
}

/// What the index recorded of a dump when it indexed it: enough to tell
/// next time whether the file changed. Stored as JSON in the `file` field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    /// Size in bytes, on disk.
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch (0 when the
    /// system gives none).
    pub mtime_ns: i128,
    /// xxh3 of the file's bytes, to tell a touched file from a changed one.
    #[serde(default)]
    pub hash: u64,
    /// Articles indexed from the file.
    pub articles: u64,
    /// Stories of the file already indexed from another file (or earlier
    /// in this one), recorded as `folded` documents instead.
    #[serde(default)]
    pub folded: u64,
}

/// Where a story was seen: a dump and the article's place in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    /// The dump's key (canonical path).
    pub path: String,
    /// 1-based line where the article starts.
    pub line: u64,
    /// Byte offset where the article starts.
    pub offset: u64,
    /// 0-based position of the article within the dump.
    pub ordinal: u64,
    /// The id the article had there.
    pub id: String,
}

impl Source {
    /// Where `article` was read from.
    pub fn of(article: &Article) -> Source {
        Source {
            path: article.path.clone(),
            line: article.line,
            offset: article.offset,
            ordinal: article.ordinal,
            id: article.id.clone(),
        }
    }
}

/// A story found by id, and the other places it was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// The story as indexed.
    pub article: Article,
    /// The copies folded into it at indexing, by path and position.
    pub also: Vec<Source>,
}

/// An opened newsdex index.
pub struct NewsIndex {
    /// The tantivy index, newsdex's analyzers registered on it.
    pub index: Index,
    /// The handles of its schema's fields.
    pub fields: Fields,
    /// The index directory, as the caller named it.
    pub dir: PathBuf,
}

pub(crate) fn shown(dir: &Path) -> String {
    crate::paths::shown(dir, None)
}

/// newsdex's analyzers (see `stem`).
/// Where an article comes from, for the `source` facet: its URL's host
/// (lower-cased, without `www.`), else its dump's file name (the last
/// part of its path).
fn source_of(a: &Article) -> String {
    let host = a.url.as_deref().and_then(|url| {
        let (scheme, rest) = url.split_once("://")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        let authority = rest.split(['/', '?', '#']).next()?;
        let host = authority.rsplit('@').next()?.split(':').next()?;
        let host = host.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
        (!host.is_empty()).then_some(host)
    });
    host.unwrap_or_else(|| {
        let name = a.path.rsplit(['/', '\\']).next().unwrap_or(&a.path);
        name.to_string()
    })
}

fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(schema::STEMMED, stem::analyzer());
    index.tokenizers().register(schema::PLAIN, stem::plain());
}

/// Refuses an index path that exists and is not a folder (a file given
/// as `--index`), before anything tries to read or make an index there.
pub fn check_folder(dir: &Path) -> Result<(), IndexError> {
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(IndexError::NotAFolder(shown(dir))),
        _ => Ok(()),
    }
}

/// True when `dir` holds an index (of any schema).
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

impl NewsIndex {
    /// Opens the index in `dir`, checking it is a newsdex index of the
    /// current schema (`Foreign` or `Outdated` if not).
    pub fn open(dir: &Path) -> Result<NewsIndex, IndexError> {
        check_folder(dir)?;
        if !exists(dir) {
            return Err(IndexError::Missing(shown(dir)));
        }
        let index = Index::open_in_dir(dir).map_err(|source| IndexError::Tantivy {
            path: shown(dir),
            source,
        })?;
        let schema = index.schema();
        register_tokenizers(&index);
        let fields = Fields::of(&schema).ok_or_else(|| {
            // Ours, from before the bookkeeping fields: rebuildable.
            if schema.get_field("headline").is_ok() && schema.get_field("body").is_ok() {
                IndexError::Outdated(shown(dir))
            } else {
                IndexError::Foreign(shown(dir))
            }
        })?;
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// Opens the index in `dir`, creating it (and the directory) when there
    /// is none.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex, IndexError> {
        if exists(dir) {
            return NewsIndex::open(dir);
        }
        Self::create(dir)
    }

    fn create(dir: &Path) -> Result<NewsIndex, IndexError> {
        check_folder(dir)?;
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: shown(dir),
            source,
        })?;
        let (schema, fields) = schema::build();
        let index = Index::builder()
            .schema(schema)
            .settings(settings())
            .create_in_dir(dir)
            .map_err(|source| IndexError::Tantivy {
                path: shown(dir),
                source,
            })?;
        register_tokenizers(&index);
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// A new, empty index over `directory`, named `dir` in its messages
    /// (and asked for its free space when a write fails): an index not
    /// (only) in a folder of its own, such as a test's disk that fills up.
    pub fn create_in(directory: Box<dyn Directory>, dir: &Path) -> Result<NewsIndex, IndexError> {
        let (schema, fields) = schema::build();
        let index =
            Index::create(directory, schema, settings()).map_err(|source| IndexError::Tantivy {
                path: shown(dir),
                source,
            })?;
        register_tokenizers(&index);
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// An empty index in `dir` with the current schema: the files of the
    /// index there (those tantivy manages, and nothing else) are removed
    /// first, under the writer lock, so a running indexer is never pulled
    /// from under.
    pub fn recreate(dir: &Path) -> Result<NewsIndex, IndexError> {
        if !exists(dir) {
            return Self::create(dir);
        }
        let io = |source: std::io::Error| IndexError::Io {
            path: shown(dir),
            source,
        };
        let directory = MmapDirectory::open(dir).map_err(|e| IndexError::Io {
            path: shown(dir),
            source: std::io::Error::other(e.to_string()),
        })?;
        let lock = directory
            .acquire_lock(&INDEX_WRITER_LOCK)
            .map_err(|_| IndexError::Locked(shown(dir)))?;
        let managed: Vec<String> = std::fs::read(dir.join(".managed.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        for name in managed {
            // Names come from tantivy's own list; only plain file names.
            if Path::new(&name).file_name() == Some(std::ffi::OsStr::new(&name)) {
                match std::fs::remove_file(dir.join(&name)) {
                    Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(io(err)),
                    _ => {}
                }
            }
        }
        for name in ["meta.json", ".managed.json"] {
            match std::fs::remove_file(dir.join(name)) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(io(err)),
                _ => {}
            }
        }
        let news = Self::create(dir);
        drop(lock);
        news
    }

    pub(crate) fn err(&self, source: tantivy::TantivyError) -> IndexError {
        IndexError::Tantivy {
            path: shown(&self.dir),
            source,
        }
    }

    /// The `file` documents of the last commit, by file key.
    pub fn manifest(&self) -> Result<Manifest, IndexError> {
        let searcher = self.searcher()?;
        self.manifest_of(&searcher)
    }

    /// The `file` documents `searcher` sees, by file key: the manifest of
    /// the commit it was taken from.
    pub fn manifest_of(&self, searcher: &Searcher) -> Result<Manifest, IndexError> {
        let mut manifest = Manifest::default();
        for doc_address in self.docs_of_kind(searcher, KIND_FILE)? {
            let doc: TantivyDocument = searcher.doc(doc_address).map_err(|e| self.err(e))?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str());
            let (Some(key), Some(entry)) = (text(self.fields.path), text(self.fields.file)) else {
                continue;
            };
            if let Ok(entry) = serde_json::from_str(entry) {
                manifest.files.insert(key.to_string(), entry);
            }
        }
        Ok(manifest)
    }

    /// The live documents whose `kind` is `kind`.
    fn docs_of_kind(&self, searcher: &Searcher, kind: &str) -> Result<Vec<DocAddress>, IndexError> {
        let term = Term::from_field_text(self.fields.kind, kind);
        self.docs_with_term(searcher, term)
    }

    /// The live documents holding `term`, in index order.
    fn docs_with_term(
        &self,
        searcher: &Searcher,
        term: Term,
    ) -> Result<Vec<DocAddress>, IndexError> {
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let mut docs: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?
            .into_iter()
            .collect();
        docs.sort();
        Ok(docs)
    }

    /// A searcher over the last commit (no reloading: a command is short).
    pub fn searcher(&self) -> Result<Searcher, IndexError> {
        Ok(self.reader()?.searcher())
    }

    /// A reader of the last commit that reloads only when told (no watcher
    /// thread): one can serve many searches, `reload()` after a commit.
    pub fn reader(&self) -> Result<IndexReader, IndexError> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| self.err(e))
    }

    /// The articles whose id is exactly `id`, each with every place the
    /// same story was seen, ordered by path and position. A duplicate's id
    /// leads to the story as indexed.
    pub fn find_id(&self, id: &str) -> Result<Vec<Story>, IndexError> {
        let searcher = self.searcher()?;
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let doc_addresses = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?;
        let mut stories: BTreeMap<DocAddress, ()> = BTreeMap::new();
        for doc_address in doc_addresses {
            let doc: TantivyDocument = searcher.doc(doc_address).map_err(|e| self.err(e))?;
            let u64_of = |field| doc.get_first(field).and_then(|v| v.as_u64());
            if let Some(fingerprint) = u64_of(self.fields.folded) {
                let story = self.docs_with(&searcher, self.fields.fingerprint, fingerprint)?;
                if let Some(story) = story.first() {
                    stories.insert(*story, ());
                }
            } else if u64_of(self.fields.fingerprint).is_some() {
                stories.insert(doc_address, ());
            }
        }
        let mut found = Vec::with_capacity(stories.len());
        for doc_address in stories.into_keys() {
            let doc: TantivyDocument = searcher.doc(doc_address).map_err(|e| self.err(e))?;
            let article = self.article(&doc);
            let fingerprint = doc
                .get_first(self.fields.fingerprint)
                .and_then(|v| v.as_u64())
                .unwrap_or_default();
            let mut also = Vec::new();
            for copy in self.docs_with(&searcher, self.fields.folded, fingerprint)? {
                let doc: TantivyDocument = searcher.doc(copy).map_err(|e| self.err(e))?;
                also.push(self.source(&doc));
            }
            also.sort();
            found.push(Story { article, also });
        }
        found.sort_by(|a, b| {
            (&a.article.path, a.article.ordinal).cmp(&(&b.article.path, b.article.ordinal))
        });
        Ok(found)
    }

    /// `query` restricted to articles (no `file` or `folded` documents).
    pub fn articles_only(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        let kind = |kind| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.kind, kind),
                IndexRecordOption::Basic,
            ))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::MustNot, kind(KIND_FILE)),
            (Occur::MustNot, kind(KIND_FOLDED)),
        ]))
    }

    /// Live documents holding `value` in the u64 field `field`, in order.
    fn docs_with(
        &self,
        searcher: &Searcher,
        field: tantivy::schema::Field,
        value: u64,
    ) -> Result<Vec<DocAddress>, IndexError> {
        self.docs_with_term(searcher, Term::from_field_u64(field, value))
    }

    /// The one writer of this index, with `threads` indexing threads
    /// sharing `memory` bytes; fails with `Locked` when another process
    /// holds it.
    pub fn writer(&self, threads: usize, memory: usize) -> Result<NewsWriter<'_>, IndexError> {
        NewsWriter::new(self, threads, memory)
    }

    /// The document of an article whose content fingerprint is `fingerprint`.
    pub fn document(&self, a: &Article, fingerprint: u64) -> TantivyDocument {
        let f = &self.fields;
        // Room for its texts and the rest, so the buffer is not regrown
        // (and copied) as the body goes in.
        let texts = a.headline.len() + a.body.len() + a.path.len();
        let mut doc = TantivyDocument::with_capacity(texts + 512);
        doc.add_u64(f.fingerprint, fingerprint);
        let date_secs = a.date.map(|date| date.epoch_secs());
        doc.add_u64(f.tie_key, tie_key::stored(date_secs, fingerprint));
        doc.add_bytes(f.tie_order, &tie_key::sorted(date_secs, fingerprint));
        doc.add_text(f.id, &a.id);
        doc.add_text(f.headline, &a.headline);
        doc.add_text(f.body, &a.body);
        let optional = [
            (f.caption, &a.caption),
            (f.credit, &a.credit),
            (f.location, &a.location),
            (f.country, &a.country),
            (f.dateline, &a.dateline),
            (f.author, &a.author),
            (f.section, &a.section),
            (f.url, &a.url),
            (f.language, &a.language),
            (f.crawled, &a.crawled),
        ];
        for (field, value) in optional {
            if let Some(value) = value {
                doc.add_text(field, value);
            }
        }
        let exact = [
            (f.location_exact, &a.location),
            (f.country_exact, &a.country),
            (f.author_exact, &a.author),
            (f.section_exact, &a.section),
        ];
        for (field, value) in exact {
            if let Some(value) = value {
                doc.add_text(field, value);
            }
        }
        doc.add_text(f.source, source_of(a));
        for place in &a.places {
            doc.add_text(f.places, place);
        }
        if let Some(secs) = date_secs {
            doc.add_date(f.date, DateTime::from_timestamp_secs(secs));
        }
        doc.add_text(f.format, &a.format);
        doc.add_text(f.path, &a.path);
        doc.add_u64(f.ordinal, a.ordinal);
        doc.add_u64(f.line, a.line);
        doc.add_u64(f.offset, a.offset);
        doc
    }

    /// The `folded` document recording that the story `fingerprint` was
    /// also seen at `source`.
    pub fn folded_document(&self, source: &Source, fingerprint: u64) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, KIND_FOLDED);
        doc.add_u64(f.folded, fingerprint);
        doc.add_text(f.id, &source.id);
        doc.add_text(f.path, &source.path);
        doc.add_u64(f.ordinal, source.ordinal);
        doc.add_u64(f.line, source.line);
        doc.add_u64(f.offset, source.offset);
        doc
    }

    /// Where a stored document was read from.
    fn source(&self, doc: &TantivyDocument) -> Source {
        let f = &self.fields;
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        Source {
            path: text(f.path),
            line: number(f.line),
            offset: number(f.offset),
            ordinal: number(f.ordinal),
            id: text(f.id),
        }
    }

    /// The article a stored document holds.
    pub fn article(&self, doc: &TantivyDocument) -> Article {
        let f = &self.fields;
        let text = |field| -> Option<String> {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(String::from)
        };
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let date = match doc.get_first(f.date).map(OwnedValue::from) {
            Some(OwnedValue::Date(dt)) => Date::from_epoch_secs(dt.into_timestamp_secs()),
            _ => None,
        };
        Article {
            id: text(f.id).unwrap_or_default(),
            headline: text(f.headline).unwrap_or_default(),
            date,
            location: text(f.location),
            country: text(f.country),
            places: doc
                .get_all(f.places)
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            dateline: text(f.dateline),
            body: text(f.body).unwrap_or_default(),
            caption: text(f.caption),
            credit: text(f.credit),
            author: text(f.author),
            section: text(f.section),
            url: text(f.url),
            language: text(f.language),
            crawled: text(f.crawled),
            format: text(f.format).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            ordinal: number(f.ordinal),
            line: number(f.line),
            offset: number(f.offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_indexes_keep_their_segments_in_tie_order() {
        assert!(kept_in_tie_order(&settings()));
        assert!(!kept_in_tie_order(&tantivy::IndexSettings::default()));
    }
}
