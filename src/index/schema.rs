//! The tantivy schema, defined once, with its `Field` handles in one struct.
//!
//! Text fields use `news_stem` (lower-casing, accents folded, English
//! stemming) so "curfews" finds "curfew"; places, authors and sections use
//! `news_plain` (no stemming) so "Paris" never matches "Pari". Ids, paths,
//! URLs and languages are raw terms, exact
//! matches for `show` and for replacing a changed file's articles.
//! `location_exact` repeats the location as one raw term, so `stats` can
//! count places ("New York City" is one place, not three words);
//! `country_exact`, `author_exact`, `section_exact` and `source` are the
//! same for the facets (`source`: the site of the article's URL, else the
//! dump's file name).
//!
//! Besides articles the index holds two kinds of bookkeeping documents,
//! marked by `kind` and carrying no searchable text, so no word query ever
//! matches them: a `file` document per indexed dump (its size, mtime,
//! content hash and article count, in `file`), which commits atomically
//! with the file's articles; and a `folded` document per duplicate story,
//! naming where else a story was seen (`folded` holds the story's
//! fingerprint, `fingerprint` is only on the article itself).

use tantivy::schema::{
    DateOptions, DateTimePrecision, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
    FAST, INDEXED, STORED, STRING,
};

/// The analyzer of headline, body and caption: folded, stemmed words
/// (`stem::analyzer`).
pub(crate) const STEMMED: &str = "news_stem";
/// The analyzer of places, authors and sections: folded words, no
/// stemming (`stem::plain`).
pub(crate) const PLAIN: &str = "news_plain";

/// The field each segment's documents are sorted by.
pub(crate) const TIE_ORDER: &str = "tie_order";
/// The fast columns search reads by name (ties and `--sort`): the date,
/// the story's fingerprint and the two as one tie key.
pub(crate) const DATE: &str = "date";
pub(crate) const FINGERPRINT: &str = "fingerprint";
pub(crate) const TIE_KEY: &str = "tie_key";

/// Every field of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The article's id, one raw term (for `show`); also on `folded`
    /// documents, the id the copy had.
    pub id: tantivy::schema::Field,
    /// The headline, stemmed and stored.
    pub headline: tantivy::schema::Field,
    /// The story paragraphs, stemmed and stored (snippets come from it).
    pub body: tantivy::schema::Field,
    /// The photo caption, stemmed and stored.
    pub caption: tantivy::schema::Field,
    /// The photo credit: stored only, never searched.
    pub credit: tantivy::schema::Field,
    /// The location's words, unstemmed (`--location`, `location:`).
    pub location: tantivy::schema::Field,
    /// The location's country, unstemmed.
    pub country: tantivy::schema::Field,
    /// Place tags the dump gives, unstemmed.
    pub places: tantivy::schema::Field,
    /// The dateline as written: stored only.
    pub dateline: tantivy::schema::Field,
    /// The author's words, unstemmed (`--author`, `author:`).
    pub author: tantivy::schema::Field,
    /// The section's words, unstemmed (`--section`, `section:`).
    pub section: tantivy::schema::Field,
    /// The article's URL: one raw term, stored.
    pub url: tantivy::schema::Field,
    /// The language declared: one raw term, stored.
    pub language: tantivy::schema::Field,
    /// When a crawler fetched the page, as written: stored only.
    pub crawled: tantivy::schema::Field,
    /// Publication date (midnight UTC): indexed for `--from`/`--to`, fast
    /// for sorting by date and for facets.
    pub date: tantivy::schema::Field,
    /// The dump format's name, one raw term (counted by `stats`).
    pub format: tantivy::schema::Field,
    /// The dump's key, one raw term: a changed file's documents are
    /// deleted by it.
    pub path: tantivy::schema::Field,
    /// 0-based position of the article within its dump: stored only.
    pub ordinal: tantivy::schema::Field,
    /// 1-based line where the article starts: stored only.
    pub line: tantivy::schema::Field,
    /// Byte offset where the article starts: stored only.
    pub offset: tantivy::schema::Field,
    /// The location as one raw term (indexed and fast, not stored).
    pub location_exact: tantivy::schema::Field,
    /// The country as one raw term (indexed and fast, not stored).
    pub country_exact: tantivy::schema::Field,
    /// The author as one raw term (indexed and fast, not stored).
    pub author_exact: tantivy::schema::Field,
    /// The section as one raw term (indexed and fast, not stored).
    pub section_exact: tantivy::schema::Field,
    /// Where the article was published or kept, one raw term (indexed and
    /// fast, not stored): its URL's host, else its dump's file name.
    pub source: tantivy::schema::Field,
    /// Content fingerprint of an article (see `index::fingerprint`).
    pub fingerprint: tantivy::schema::Field,
    /// The order of an article among those of its score: its date and
    /// fingerprint as one number (fast, not stored or indexed; see
    /// `index::tie_key`).
    pub tie_key: tantivy::schema::Field,
    /// The whole tie order as 16 bytes (the tie key's order, then the
    /// whole fingerprint, big-endian; fast only): the index keeps each
    /// segment's articles in this order (`index::settings`), so a search
    /// meets tied hits best first (`search::ties`).
    pub tie_order: tantivy::schema::Field,
    /// `file` or `folded` on bookkeeping documents; absent on articles.
    pub kind: tantivy::schema::Field,
    /// On a `folded` document: the fingerprint of the story it repeats.
    pub folded: tantivy::schema::Field,
    /// On a `file` document: its manifest entry, as JSON.
    pub file: tantivy::schema::Field,
}

/// A value of `kind`: a dump's manifest entry, one per indexed dump.
pub const KIND_FILE: &str = "file";
/// A value of `kind`: a story seen again, recorded instead of indexed twice.
pub const KIND_FOLDED: &str = "folded";

/// Field names a query may name (`headline:oil`).
pub const SEARCHABLE: &[&str] = &[
    "headline", "body", "caption", "location", "country", "places", "author", "section", "date",
];

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// The schema this version of newsdex writes, and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        headline: builder.add_text_field("headline", text(STEMMED)),
        body: builder.add_text_field("body", text(STEMMED)),
        caption: builder.add_text_field("caption", text(STEMMED)),
        credit: builder.add_text_field("credit", STORED),
        location: builder.add_text_field("location", text(PLAIN)),
        country: builder.add_text_field("country", text(PLAIN)),
        places: builder.add_text_field("places", text(PLAIN)),
        dateline: builder.add_text_field("dateline", STORED),
        author: builder.add_text_field("author", text(PLAIN)),
        section: builder.add_text_field("section", text(PLAIN)),
        url: builder.add_text_field("url", STRING | STORED),
        language: builder.add_text_field("language", STRING | STORED),
        crawled: builder.add_text_field("crawled", STORED),
        date: builder.add_date_field(
            DATE,
            DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
        ),
        format: builder.add_text_field("format", STRING | STORED),
        path: builder.add_text_field("path", STRING | STORED),
        ordinal: builder.add_u64_field("ordinal", STORED),
        line: builder.add_u64_field("line", STORED),
        offset: builder.add_u64_field("offset", STORED),
        location_exact: builder.add_text_field("location_exact", STRING | FAST),
        country_exact: builder.add_text_field("country_exact", STRING | FAST),
        author_exact: builder.add_text_field("author_exact", STRING | FAST),
        section_exact: builder.add_text_field("section_exact", STRING | FAST),
        source: builder.add_text_field("source", STRING | FAST),
        fingerprint: builder.add_u64_field(FINGERPRINT, INDEXED | STORED | FAST),
        tie_key: builder.add_u64_field(TIE_KEY, FAST),
        tie_order: builder.add_bytes_field(TIE_ORDER, FAST),
        kind: builder.add_text_field("kind", STRING | STORED),
        folded: builder.add_u64_field("folded", INDEXED | STORED | FAST),
        file: builder.add_text_field("file", STORED),
    };
    (builder.build(), fields)
}

impl Fields {
    /// The handles of an existing index's schema, checking it is ours (as
    /// this version of newsdex writes it).
    pub fn of(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            id: f("id")?,
            headline: f("headline")?,
            body: f("body")?,
            caption: f("caption")?,
            credit: f("credit")?,
            location: f("location")?,
            country: f("country")?,
            places: f("places")?,
            dateline: f("dateline")?,
            author: f("author")?,
            section: f("section")?,
            url: f("url")?,
            language: f("language")?,
            crawled: f("crawled")?,
            date: f(DATE)?,
            format: f("format")?,
            path: f("path")?,
            ordinal: f("ordinal")?,
            line: f("line")?,
            offset: f("offset")?,
            location_exact: f("location_exact")?,
            country_exact: f("country_exact")?,
            author_exact: f("author_exact")?,
            section_exact: f("section_exact")?,
            source: f("source")?,
            fingerprint: f(FINGERPRINT)?,
            tie_key: f(TIE_KEY)?,
            tie_order: f(TIE_ORDER)?,
            kind: f("kind")?,
            folded: f("folded")?,
            file: f("file")?,
        })
    }
}
