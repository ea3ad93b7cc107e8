//! Article <-> tantivy document, and the index's lifecycle.
//!
//! Owns opening and creating an index directory, the single `IndexWriter`
//! (explicit commits, rollback on failure) and the manifest of indexed
//! files, which rides in the commit's payload so it is exactly as durable
//! as the articles it describes, and exact lookups by id (`show`); `stats`
//! counts what it holds. It neither parses dumps nor ranks queries.

pub mod schema;
pub mod stats;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, OwnedValue, Value};
use tantivy::{DateTime, Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::article::Article;
use crate::date::Date;
pub use schema::Fields;

/// Memory budget of the writer, shared by its threads.
const WRITER_MEMORY: usize = 200 << 20;
/// Seconds in a day: dates are stored as midnight UTC.
const DAY: i64 = 86_400;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {0} (build one with `newsdex index <PATH>... --index {0}`)")]
    Missing(String),
    #[error("{0} is not a newsdex index (its schema lacks newsdex's fields); use another --index directory")]
    Foreign(String),
    #[error("the index at {0} is being written by another process; wait for it to finish")]
    Locked(String),
    #[error("index at {path}: {source}")]
    Tantivy {
        path: String,
        source: tantivy::TantivyError,
    },
    #[error("index at {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// What the index knows about each file it holds articles of.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeMap<String, FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    pub size: u64,
    pub mtime_ns: i128,
    pub articles: u64,
}

/// An opened newsdex index.
pub struct NewsIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
}

fn shown(dir: &Path) -> String {
    dir.display().to_string()
}

/// True when `dir` holds an index (of any schema).
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

impl NewsIndex {
    pub fn open(dir: &Path) -> Result<NewsIndex, IndexError> {
        if !exists(dir) {
            return Err(IndexError::Missing(shown(dir)));
        }
        let index = Index::open_in_dir(dir).map_err(|source| IndexError::Tantivy {
            path: shown(dir),
            source,
        })?;
        let fields = Fields::of(&index.schema()).ok_or_else(|| IndexError::Foreign(shown(dir)))?;
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
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: shown(dir),
            source,
        })?;
        let (schema, fields) = schema::build();
        let index = Index::create_in_dir(dir, schema).map_err(|source| IndexError::Tantivy {
            path: shown(dir),
            source,
        })?;
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    fn err(&self, source: tantivy::TantivyError) -> IndexError {
        IndexError::Tantivy {
            path: shown(&self.dir),
            source,
        }
    }

    /// The manifest of the last commit (empty for a new index).
    pub fn manifest(&self) -> Result<Manifest, IndexError> {
        let metas = self.index.load_metas().map_err(|e| self.err(e))?;
        Ok(metas
            .payload
            .and_then(|p| serde_json::from_str(&p).ok())
            .unwrap_or_default())
    }

    /// A searcher over the last commit (no reloading: a command is short).
    pub fn searcher(&self) -> Result<Searcher, IndexError> {
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| self.err(e))?;
        Ok(reader.searcher())
    }

    /// Every article whose id is exactly `id`, ordered by path and position
    /// (the same story may be in several dumps).
    pub fn find_id(&self, id: &str) -> Result<Vec<Article>, IndexError> {
        let searcher = self.searcher()?;
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let doc_addresses = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?;
        let mut articles = Vec::with_capacity(doc_addresses.len());
        for doc_address in doc_addresses {
            let doc: TantivyDocument = searcher.doc(doc_address).map_err(|e| self.err(e))?;
            articles.push(self.article(&doc));
        }
        articles.sort_by(|a, b| (&a.path, a.ordinal).cmp(&(&b.path, b.ordinal)));
        Ok(articles)
    }

    /// The one writer of this index; fails with `Locked` when another
    /// process holds it.
    pub fn writer(&self) -> Result<IndexWriter, IndexError> {
        self.index
            .writer(WRITER_MEMORY)
            .map_err(|source| match source {
                tantivy::TantivyError::LockFailure(..) => IndexError::Locked(shown(&self.dir)),
                source => self.err(source),
            })
    }

    /// Queues the removal of every article read from `path`.
    pub fn delete_path(&self, index_writer: &IndexWriter, path: &str) {
        index_writer.delete_term(Term::from_field_text(self.fields.path, path));
    }

    pub fn add(&self, index_writer: &IndexWriter, article: &Article) -> Result<(), IndexError> {
        index_writer
            .add_document(self.document(article))
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Commits everything queued, with `manifest` as the commit's payload.
    pub fn commit(
        &self,
        index_writer: &mut IndexWriter,
        manifest: &Manifest,
    ) -> Result<(), IndexError> {
        let payload = serde_json::to_string(manifest).unwrap_or_default();
        let mut prepared = index_writer.prepare_commit().map_err(|e| self.err(e))?;
        prepared.set_payload(&payload);
        prepared.commit().map(|_| ()).map_err(|e| self.err(e))
    }

    fn document(&self, a: &Article) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &a.id);
        doc.add_text(f.headline, &a.headline);
        doc.add_text(f.body, &a.body);
        let optional = [
            (f.caption, &a.caption),
            (f.credit, &a.credit),
            (f.location, &a.location),
            (f.country, &a.country),
            (f.dateline, &a.dateline),
        ];
        for (field, value) in optional {
            if let Some(value) = value {
                doc.add_text(field, value);
            }
        }
        if let (Some(field), Some(location)) = (f.location_exact, &a.location) {
            doc.add_text(field, location);
        }
        for place in &a.places {
            doc.add_text(f.places, place);
        }
        if let Some(date) = a.date {
            doc.add_date(
                f.date,
                DateTime::from_timestamp_secs(date.days_since_epoch() * DAY),
            );
        }
        doc.add_text(f.format, &a.format);
        doc.add_text(f.path, &a.path);
        doc.add_u64(f.ordinal, a.ordinal);
        doc.add_u64(f.line, a.line);
        doc.add_u64(f.offset, a.offset);
        doc
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
            Some(OwnedValue::Date(dt)) => {
                Date::from_days_since_epoch(dt.into_timestamp_secs().div_euclid(DAY))
            }
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
            format: text(f.format).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            ordinal: number(f.ordinal),
            line: number(f.line),
            offset: number(f.offset),
        }
    }
}
