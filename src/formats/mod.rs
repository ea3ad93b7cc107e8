//! Decoded lines -> raw records: the registry of dump formats, one module
//! each, scored sniffing, and the one record iterator they all share.
//!
//! A format module finds article boundaries and separates the parts a dump
//! lays out (headline, captions, paragraphs). It does not interpret them:
//! dates, datelines and places are the `extract` stage's job, and nothing
//! here knows about the index.
//!
//! # Adding a format
//!
//! 1. Write `formats/NAME.rs`: a parser implementing [`Parse`] (only its
//!    `step`: read on, push finished records and warnings into the
//!    [`Queue`], call [`Queue::finish`] at the end of the dump; `salvage`
//!    if a read error can cut a record worth keeping; work that needs
//!    nothing of the parser, a page's extraction, may be queued as a job
//!    with `Queue::later`, for [`Records`] to run on spare threads), and a
//!    `pub const FORMAT: Spec` saying its name, how it sniffs, the
//!    extensions that hint at it and how it opens.
//! 2. Declare it (`pub mod NAME;`) and add one line `Variant => NAME,` to
//!    the `registry!` below.
//!
//! Sniffing asks every format to score the head of a dump (its first lines
//! and bytes); the best score wins, and a tie goes to the format whose
//! extensions name the file's. Scores: [`Score::CERTAIN`] for a marker no
//! other format writes (a `<REUTERS>` tag), [`Score::LIKELY`] for a shape
//! (a header block, a JSON object), [`Score::FALLBACK`] for what any text
//! could be (plain prose).

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufRead};
use std::path::Path;

use crate::read::{Line, LineReader};

/// The one kind of reader every format reads from.
pub type Lines = LineReader<Box<dyn BufRead>>;

/// Declares the `Format` enum from one table: one line per format,
/// `Variant => module`, in the order formats are listed (`--format`'s
/// choices, README). The module's `FORMAT` says the rest.
macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        /// The dump formats newsdex reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Format {
            $($(#[$doc])* $variant,)*
        }

        impl Format {
            /// Every format, as the registry lists them.
            pub const ALL: &'static [Format] = &[$(Format::$variant,)*];

            /// What the format's module says of it.
            pub fn spec(self) -> &'static Spec {
                match self {
                    $(Format::$variant => &$module::FORMAT,)*
                }
            }
        }
    };
}

// Declared here rather than by the macro, so that rustfmt sees them.
pub mod csv;
mod export;
pub mod factiva;
pub mod feed;
pub mod gigaword;
pub mod html;
pub mod json;
pub mod jsonfeed;
pub(crate) mod later;
pub mod layout;
pub mod mail;
pub mod nexis;
pub mod plain;
pub mod reuters;
pub mod trec;
pub mod warc;
pub mod xml;
pub use xml::{newsml, nitf, rcv1};

registry! {
    /// Reuters-21578 SGML.
    Reuters => reuters,
    /// TREC SGML `<DOC>` collections (AP, WSJ, FT, LA Times, FBIS, AQUAINT).
    Trec => trec,
    /// English Gigaword / AQUAINT-2 `<DOC id=... type=...>` documents.
    Gigaword => gigaword,
    /// NITF documents (the New York Times Annotated Corpus): one per `<nitf>`.
    Nitf => nitf,
    /// NewsML-G2 news items: one article per text `<newsItem>`.
    Newsml => newsml,
    /// Reuters Corpus Volume 1 `<newsitem>` XML.
    Rcv1 => rcv1,
    /// JSON lines or a JSON array of article objects.
    Json => json,
    /// CSV and TSV exports with a header row of news columns.
    Csv => csv,
    /// RSS 2.0 / 0.9x, RSS 1.0 (RDF) and Atom feeds: one article per item.
    Feed => feed,
    /// JSON Feed 1 and 1.1: one article per item.
    JsonFeed => jsonfeed,
    /// Newsgroup / e-mail posts with RFC 822 headers, one or many (mbox).
    Mail => mail,
    /// Factiva exports: PPS XML and the HTML "Full Article" page of field
    /// codes (HD, PD, LP, TD, AN).
    Factiva => factiva,
    /// LexisNexis / Nexis Uni text and HTML exports: "N of M DOCUMENTS".
    Nexis => nexis,
    /// Saved web pages: one page, one article (or none).
    Html => html,
    /// WARC and ARC web archives: one article per archived HTML page.
    Warc => warc,
    /// News-site pages saved as text: headline, captions, "TT" size widget,
    /// headline and captions again, paragraphs.
    Layout => layout,
    /// Plain-text stories: headline, blank line, paragraphs.
    Plain => plain,
}

/// How sure a format is that a dump's head is its own; 0 is "not mine".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(pub u8);

impl Score {
    /// Not this format.
    pub const NO: Score = Score(0);
    /// Any text could be this (plain prose): taken only when nothing else is.
    pub const FALLBACK: Score = Score(10);
    /// The shape of this format (a header block, a JSON object, a widget).
    pub const LIKELY: Score = Score(50);
    /// A marker only this format writes (a tag, a magic string).
    pub const CERTAIN: Score = Score(90);
    /// A press-database export's own marks inside a container another
    /// format is certain of (a Factiva or Nexis export is an HTML page):
    /// outranks that format's `CERTAIN`.
    pub const EXPORT: Score = Score(95);

    /// `score` when `yes`, else `NO`.
    pub fn when(yes: bool, score: Score) -> Score {
        if yes {
            score
        } else {
            Score::NO
        }
    }
}

/// What sniffing sees of a dump.
pub struct Head<'a> {
    /// The first lines of text (up to 400, or 1 MB), trimmed.
    pub lines: &'a [&'a str],
    /// The first bytes of the decompressed stream, before decoding to text
    /// (up to 8 KiB; empty for a reader not opened by `read::open`).
    pub bytes: &'a [u8],
    /// The file's extension, lower case, under any compression suffix
    /// (`sgm` for `reut2-000.sgm.gz`).
    pub extension: Option<&'a str>,
    /// The lines joined by line breaks, in ASCII lower case: made on first
    /// use by [`Head::contains_ignore_case`], once for all the sniffers.
    folded: std::cell::OnceCell<String>,
}

impl<'a> Head<'a> {
    /// The head of a dump: its first lines (trimmed), its first bytes and
    /// its extension.
    pub fn new(lines: &'a [&'a str], bytes: &'a [u8], extension: Option<&'a str>) -> Self {
        Head {
            lines,
            bytes,
            extension,
            folded: std::cell::OnceCell::new(),
        }
    }

    /// Whether a line holds `needle` (ASCII, no line break), ignoring ASCII
    /// case. Several sniffers look for several needles in a window of up to
    /// a megabyte: one folded copy and a vectorised search each, rather
    /// than a case-blind comparison at every byte of every line.
    pub fn contains_ignore_case(&self, needle: &str) -> bool {
        memchr::memmem::find(
            self.folded().as_bytes(),
            needle.to_ascii_lowercase().as_bytes(),
        )
        .is_some()
    }

    /// The lines joined by line breaks, in ASCII lower case (made once, for
    /// all the sniffers).
    pub fn folded(&self) -> &str {
        self.folded.get_or_init(|| {
            let mut text = self.lines.join("\n");
            text.make_ascii_lowercase();
            text
        })
    }
}

/// A format's entry in the registry.
pub struct Spec {
    /// Its name, for `--format`, `parse` output and the index.
    pub name: &'static str,
    /// How sure it is that a dump's head is its own.
    pub sniff: fn(&Head) -> Score,
    /// Extensions that hint at it, to break a tie between equal scores.
    pub extensions: &'static [&'static str],
    /// Streams the records of a dump.
    pub open: for<'a> fn(&'a mut Lines, &'a Options) -> Box<dyn Iterator<Item = Record> + 'a>,
    /// Whether its records are news copy: a first line that reads as a
    /// dateline is one, and a date in the lead is a publication date. Posts
    /// are letters: their opening line is no dateline and a date in their
    /// text (often a quoted header) is no publication date.
    pub news_copy: bool,
}

impl Format {
    /// The format's name, for `--format`, `parse` output and the index.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The format called `name`, if newsdex reads one.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Every format's name, in registry order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Format::ALL.iter().map(|f| f.name())
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An article as a format module found it, before field extraction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawRecord {
    /// The headline, on one line; empty when the dump gives none.
    pub headline: String,
    /// Caption lines in dump order, repeats removed, credits still attached.
    pub captions: Vec<String>,
    /// Story paragraphs; a paragraph's own line breaks are kept.
    pub paragraphs: Vec<String>,
    /// 1-based line number of the record's first line.
    pub line: u64,
    /// Byte offset of the record's first line.
    pub offset: u64,
    /// What the format states outright, as written; `extract` interprets.
    pub stated: Stated,
}

/// Fields a structured format states in so many words (tags, headers,
/// JSON keys), kept as written for `extract` to interpret.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stated {
    /// The record's own id (JSON `id`/`url`, ...), used as the article id.
    pub id: Option<String>,
    /// A publication date as written: "26-FEB-1987 15:01:01.79",
    /// "2016-02-12T10:00:00Z", "Fri, 12 Feb 2016 10:00:00 GMT", an epoch.
    pub date: Option<String>,
    /// A dateline the format marks as one ("SALVADOR, Feb 26 - ").
    pub dateline: Option<String>,
    /// A place the format names as the story's location.
    pub place: Option<String>,
    /// Place tags (Reuters `<PLACES>`), kept as their own field.
    pub places: Vec<String>,
    /// The article's address: a canonical link, a feed item's link, a WARC
    /// record's target URI.
    pub url: Option<String>,
    /// The byline as written ("By Jane Smith", "Jane Smith, AP"), or the
    /// author a field names.
    pub author: Option<String>,
    /// The section or desk ("World", "Business/Markets") the dump files it under.
    pub section: Option<String>,
    /// The language the dump declares (`en`, `en-GB`, `fr`), as written.
    pub language: Option<String>,
    /// When a crawler fetched the page (a WARC record's `WARC-Date`), as
    /// written: never a publication date, though `extract` falls back on it
    /// for the date when the page states none.
    pub crawled: Option<String>,
}

/// How to read dumps: a forced format, and JSON key mappings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Use this format instead of sniffing.
    pub format: Option<Format>,
    /// `field=key` pairs: read article field `field` from JSON key `key`.
    pub map: Vec<(String, String)>,
    /// Threads a web archive's pages may be extracted on at once (0 or 1:
    /// on the reading thread alone); the commands set it when there are
    /// fewer files than workers to read them.
    pub page_threads: usize,
}

/// An article field a keyed format (JSON keys, CSV columns) reads, and the
/// names it reads it from unless `--map` names others.
pub(crate) struct Field {
    /// The name `--map` uses; `None` for fields it cannot map.
    pub(crate) map_name: Option<&'static str>,
    /// The keys or columns read by default, in order of preference.
    pub(crate) defaults: &'static [&'static str],
}

impl Field {
    /// The keys `--map` gives for this field, in the order given; empty
    /// when it maps none (the defaults apply).
    pub(crate) fn mapped<'o>(&self, options: &'o Options) -> Vec<&'o str> {
        options
            .map
            .iter()
            .filter(|(name, _)| self.map_name.is_some_and(|m| m == name))
            .map(|(_, key)| key.as_str())
            .collect()
    }
}

/// Something wrong inside a dump that costs one record, not the file.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// A record skipped or repaired: where, and why.
    #[error("line {line}: {reason}")]
    Malformed {
        /// 1-based line of the dump the problem is at.
        line: u64,
        /// What was wrong, and what was done about it.
        reason: String,
    },
    /// A record that holds no article, by design of the dump (a listing
    /// page, a web archive's request record): nothing is wrong with it.
    #[error("line {line}: {reason}")]
    Skipped {
        /// 1-based line of the dump the record starts at.
        line: u64,
        /// What it is, to count skipped records by ("listing", "request"):
        /// the summary says "2 listing".
        kind: &'static str,
        /// Why it holds no article.
        reason: String,
    },
    /// Records of kinds that hold no article by design (a web archive's
    /// requests and metadata), counted by kind and said of once per dump.
    #[error("line {line}: {reason}")]
    Tallied {
        /// 1-based line the tally is said of.
        line: u64,
        /// (kind, records of it), as the summary counts them.
        counts: Vec<(String, u64)>,
        /// The tally in words.
        reason: String,
    },
    /// A read error part-way: it ends the dump, after the records before it.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// What a parser hands out: a record, or why one was skipped.
pub type Record = Result<RawRecord, RecordError>;

/// Records a parser has finished and not yet handed out, and whether the
/// dump is read to its end. Parsers push into it; [`Records`] drains it.
#[derive(Default)]
pub struct Queue {
    ready: VecDeque<Entry>,
    done: bool,
    /// Jobs queued and not yet run, and the bytes they hold.
    later: usize,
    later_bytes: usize,
}

/// What the queue holds: a record or a warning, or the work that makes
/// them. Records are nearly every entry, and were held unboxed before jobs
/// came: boxing them to shrink the rare job's slot would cost an
/// allocation per record.
#[allow(clippy::large_enum_variant)]
enum Entry {
    Ready(Record),
    Later(later::Job),
}

impl Queue {
    /// Queues a finished record.
    pub fn record(&mut self, record: RawRecord) {
        self.push(Ok(record));
    }

    /// Queues work whose records (and warnings) come here in its place,
    /// in order: a web page's extraction, which needs nothing of the
    /// parser, so [`Records`] may run several at once on spare cores.
    /// `line` names it if it fails; `bytes` is what it holds, to bound
    /// what waits.
    pub(crate) fn later(
        &mut self,
        line: u64,
        bytes: usize,
        work: impl FnOnce() -> Vec<Record> + Send + 'static,
    ) {
        self.later += 1;
        self.later_bytes += bytes;
        self.ready.push_back(Entry::Later(later::Job {
            line,
            work: Box::new(work),
        }));
    }

    /// Queues `record`, unless it has neither headline nor text: then a
    /// warning at its line naming it (`what`, "NITF document", then its
    /// stated id, cut to 80 bytes) instead.
    pub(crate) fn record_unless_empty(&mut self, what: &str, record: RawRecord) {
        if record.headline.is_empty() && record.paragraphs.is_empty() {
            let id = match &record.stated.id {
                Some(id) => format!(" {}", trec::sgml::prefix(id, 80)),
                None => String::new(),
            };
            self.warn(
                record.line,
                format!("{what}{id} has no headline or text; skipped"),
            );
            return;
        }
        self.record(record);
    }

    /// Queues a warning about the dump at `line`: a record skipped or
    /// repaired.
    pub fn warn(&mut self, line: u64, reason: impl Into<String>) {
        self.push(Err(RecordError::Malformed {
            line,
            reason: reason.into(),
        }));
    }

    /// Queues a note that the record at `line` holds no article: what
    /// `kind` of record it is, and why.
    pub fn skip(&mut self, line: u64, kind: &'static str, reason: impl Into<String>) {
        self.push(Err(RecordError::Skipped {
            line,
            kind,
            reason: reason.into(),
        }));
    }

    /// Queues the tally of records that hold no article by design, by
    /// kind, said once at `line` as `reason`.
    pub fn tally(&mut self, line: u64, counts: Vec<(String, u64)>, reason: impl Into<String>) {
        self.push(Err(RecordError::Tallied {
            line,
            counts,
            reason: reason.into(),
        }));
    }

    /// Queues a record or the reason one was skipped.
    pub fn push(&mut self, item: Record) {
        self.ready.push_back(Entry::Ready(item));
    }

    /// Takes what is queued, a batch: its jobs, and the records and jobs'
    /// places in order (`None` for a job).
    fn take_batch(&mut self) -> (Vec<later::Job>, Vec<Option<Record>>) {
        let entries = std::mem::take(&mut self.ready);
        let mut jobs = Vec::with_capacity(self.later);
        let mut shape = Vec::with_capacity(entries.len());
        for entry in entries {
            match entry {
                Entry::Ready(record) => shape.push(Some(record)),
                Entry::Later(job) => {
                    jobs.push(job);
                    shape.push(None);
                }
            }
        }
        self.later = 0;
        self.later_bytes = 0;
        (jobs, shape)
    }

    /// Puts a batch taken by `take_batch` back, each job's records (`made`,
    /// in the jobs' order) in its place, ahead of what was queued since.
    fn settle(&mut self, shape: Vec<Option<Record>>, made: Vec<Vec<Record>>) {
        let since = std::mem::take(&mut self.ready);
        let mut made = made.into_iter();
        for slot in shape {
            match slot {
                Some(record) => self.ready.push_back(Entry::Ready(record)),
                None => self
                    .ready
                    .extend(made.next().into_iter().flatten().map(Entry::Ready)),
            }
        }
        self.ready.extend(since);
    }

    /// The dump is read to its end: nothing more will be queued.
    pub fn finish(&mut self) {
        self.done = true;
    }
}

/// A format's parser: reads its dump a step at a time. [`Records`] owns the
/// loop; a parser supplies only its step.
pub trait Parse {
    /// Reads on (a line, a record: as suits the format), queueing what it
    /// finishes; calls `queue.finish()` once the dump is read to its end.
    /// An error is a read error: it ends the dump.
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError>;

    /// After a read error: queues what was read before the damage.
    fn salvage(&mut self, _queue: &mut Queue) {}

    /// The parser's records, one at a time.
    fn records(self) -> Records<Self>
    where
        Self: Sized,
    {
        Records {
            parser: self,
            queue: Queue::default(),
            threads: 1,
        }
    }
}

/// What `sniff` scores `text` as the head of a dump, its lines trimmed as
/// the sniffer trims them, for the formats' unit tests.
#[cfg(test)]
pub(crate) fn sniff_text(sniff: fn(&Head) -> Score, text: &str) -> Score {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    sniff(&Head::new(&lines, text.as_bytes(), None))
}

/// A parser's records and its warnings apart, for the formats' unit tests.
#[cfg(test)]
pub(crate) fn records_and_warnings<P: Parse>(parser: P) -> (Vec<RawRecord>, Vec<String>) {
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    for record in parser.records() {
        match record {
            Ok(record) => records.push(record),
            Err(err) => warnings.push(err.to_string()),
        }
    }
    (records, warnings)
}

/// The records of a dump, from its parser's steps: a read error ends the
/// dump, after what was read before it.
pub struct Records<P> {
    parser: P,
    queue: Queue,
    /// Threads the queued jobs run on.
    threads: usize,
}

impl<P> Records<P> {
    /// The parser, as it stands between records.
    pub fn parser(&self) -> &P {
        &self.parser
    }

    /// Runs the jobs its parser queues on up to `threads` threads (the
    /// calling one among them), a batch at a time.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }
}

impl<P: Parse> Records<P> {
    fn step(&mut self) {
        if let Err(e) = self.parser.step(&mut self.queue) {
            self.parser.salvage(&mut self.queue);
            self.queue.push(Err(e));
            self.queue.finish();
        }
    }

    /// Reads on while the batch of jobs queued is small.
    fn fill(&mut self) {
        while !self.queue.done
            && self.queue.later < later::BATCH_PER_THREAD * self.threads
            && self.queue.later_bytes < later::MAX_BATCH_BYTES
        {
            self.step();
        }
    }

    /// Runs the batch queued on the threads, reading the next one on this
    /// thread meanwhile: the reading (a web archive's inflating, its
    /// records' heads) no longer waits for the pages, nor they for it.
    fn run_batch(&mut self) {
        let (jobs, shape) = self.queue.take_batch();
        let threads = self.threads;
        let made = later::run(jobs, threads, || self.fill());
        self.queue.settle(shape, made);
    }
}

impl<P: Parse> Iterator for Records<P> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            match self.queue.ready.pop_front() {
                Some(Entry::Ready(record)) => return Some(record),
                Some(job) => {
                    self.queue.ready.push_front(job);
                    // A batch for the threads: read on while it is small.
                    self.fill();
                    self.run_batch();
                }
                None if self.queue.done => return None,
                None => self.step(),
            }
        }
    }
}

/// How many lines, and bytes of text, sniffing may look at before deciding.
const SNIFF_LINES: usize = 400;
const SNIFF_BYTES: usize = 1 << 20;
/// Suffixes of compressed files, looked under for the extension that hints
/// at a format.
const COMPRESSED: &[&str] = &["gz", "zst", "bz2", "xz"];

/// Decides the format of a dump from its head: every format scores it, the
/// best score wins, and a tie goes to the format whose extensions name
/// `path`'s. `None` when no format claims it.
pub fn sniff(lines: &mut Lines, path: Option<&Path>) -> io::Result<Option<Format>> {
    // Look ahead SNIFF_LINES lines, or SNIFF_BYTES of text if less.
    let mut bytes = 0;
    for n in 0..SNIFF_LINES {
        match lines.peek(n)? {
            Some(line) if bytes < SNIFF_BYTES => bytes += line.text.len(),
            _ => break,
        }
    }
    let window: Vec<&str> = lines.buffered().map(trim_line).collect();
    let extension = path.and_then(extension);
    let head = Head::new(&window, lines.head(), extension.as_deref());
    let scored = Format::ALL.iter().map(|&format| {
        let hinted = head
            .extension
            .is_some_and(|ext| format.spec().extensions.contains(&ext));
        (format, (format.spec().sniff)(&head), hinted)
    });
    Ok(choose(scored))
}

/// The best of `(format, score, extension hinted)`: the highest score, then
/// an extension hint, then the first listed; `None` when all score `NO`.
fn choose(scored: impl DoubleEndedIterator<Item = (Format, Score, bool)>) -> Option<Format> {
    scored
        .filter(|&(_, score, _)| score > Score::NO)
        // `max_by_key` keeps the last of equals: reversed, the first listed.
        .rev()
        .max_by_key(|&(_, score, hinted)| (score, hinted))
        .map(|(format, _, _)| format)
}

/// The extension of `path` in lower case, looking under a compression
/// suffix.
fn extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let inner = match Path::new(&name).extension().and_then(|e| e.to_str()) {
        Some(ext) if COMPRESSED.contains(&ext) => {
            Path::new(&name).file_stem()?.to_str()?.to_string()
        }
        _ => name,
    };
    let ext = Path::new(&inner).extension()?.to_str()?;
    Some(ext.to_string())
}

/// Streams the records of a dump in the given format.
pub fn records<'a>(
    format: Format,
    lines: &'a mut Lines,
    options: &'a Options,
) -> Box<dyn Iterator<Item = Record> + 'a> {
    (format.spec().open)(lines, options)
}

/// Replaces each reference `&name;` whose name (at most `max_name` bytes)
/// `lookup` knows by what it stands for: `lookup` pushes that onto the
/// output and says whether it knew the name. An unknown or unterminated
/// reference, and a bare `&`, stay as written. The SGML, XML and HTML
/// formats share this loop, each with its own table of names.
pub(crate) fn decode_references(
    text: &str,
    max_name: usize,
    mut lookup: impl FnMut(&str, &mut String) -> bool,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // `;` is ASCII, so the name before it is whole characters.
        let semi = after.bytes().take(max_name + 1).position(|b| b == b';');
        match semi {
            Some(semi) if lookup(&after[..semi], &mut out) => rest = &after[semi + 1..],
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text on one line: whitespace runs (line breaks too) as single spaces,
/// trimmed. The formats share it for headlines, captions and field values
/// (SGML's, XML's, HTML's).
pub(crate) fn join_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Lines grouped into paragraphs: blank lines (white space only) separate
/// them, a paragraph keeps its lines' breaks. Each format trims its lines
/// as it reads them before they come here.
pub(crate) fn blank_line_paragraphs<'t>(lines: impl Iterator<Item = &'t str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// A line without surrounding whitespace (trailing spaces, stray tabs).
fn trim_line(line: &Line) -> &str {
    line.text.trim()
}

/// A small deterministic random source for the parsers' randomized tests.
#[cfg(test)]
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_looks_under_compression() {
        let cases = [
            ("reut2-000.sgm", Some("sgm")),
            ("reut2-000.SGM.gz", Some("sgm")),
            ("a/b/posts.mbox.zst", Some("mbox")),
            ("story.txt", Some("txt")),
            ("README", None),
            ("data.gz", None),
            (".gz", None),
        ];
        for (path, want) in cases {
            assert_eq!(extension(Path::new(path)).as_deref(), want, "{path}");
        }
    }

    #[test]
    fn best_score_wins_then_the_extension_then_the_first_listed() {
        use Format::*;
        let (no, low, high) = (Score::NO, Score::FALLBACK, Score::CERTAIN);
        type Scored = Vec<(Format, Score, bool)>;
        let cases: Vec<(Scored, Option<Format>)> = vec![
            (vec![(Reuters, no, true), (Plain, no, false)], None),
            (vec![(Json, low, true), (Mail, high, false)], Some(Mail)),
            (vec![(Layout, low, false), (Plain, low, true)], Some(Plain)),
            (vec![(Layout, low, true), (Plain, low, true)], Some(Layout)),
            (
                vec![(Layout, low, false), (Plain, low, false)],
                Some(Layout),
            ),
            (vec![(Reuters, no, true), (Plain, low, false)], Some(Plain)),
        ];
        for (scored, want) in cases {
            assert_eq!(choose(scored.clone().into_iter()), want, "{scored:?}");
        }
    }

    #[test]
    fn every_format_has_a_unique_name() {
        let names: Vec<&str> = Format::names().collect();
        for (i, name) in names.iter().enumerate() {
            assert!(!names[..i].contains(name), "{name} twice");
            assert_eq!(Format::from_name(name).map(Format::name), Some(*name));
        }
    }
}
