//! CSV and TSV exports: one article per row, as Kaggle's "All the News"
//! sets, newsroom CMS exports and spreadsheets write them.
//!
//! ```text
//! ,id,title,publication,author,date,year,month,url,content
//! 0,17283,House Republicans Fret ...,New York Times,Carl Hulse,2016-12-31,2016.0,12.0,,"WASHINGTON — ..."
//! ```
//!
//! The first non-blank row is the header. Its delimiter (`,`, `;` or tab)
//! is the one that splits it into the most column names this module knows
//! (then into the most columns); every row after it is one article, its
//! fields read by column name (`Field`): headline from `title`/`headline`,
//! the stated date from `date`/`published`/`publish_date`/..., the body
//! from `content`/`article`/`text`/`body`, the stated id from `id`, else
//! `url`, the stated place from `location`/`place`, the dateline and a
//! caption from columns so named; and, as written, `Stated.url` from
//! `url`/`link`, `Stated.author` from `author`/`authors`/`byline`,
//! `Stated.section` from `section`/`category`, `Stated.language` from
//! `language`/`lang`. Names are matched without regard to case
//! or punctuation (`Publish Date` is `publish_date`); an unnamed column
//! (Kaggle 1.0's row index) is ignored. `--map field=COLUMN`
//! (`Options::map`, the same pairs JSON reads keys with) replaces a field's
//! columns. A body is split into paragraphs at blank lines, or at single
//! line breaks when it has no blank line; a body written as HTML goes
//! through the HTML fragment reader (both as `formats::json` does).
//!
//! Fields are parsed by `csv_core`, the push parser under BurntSushi's
//! `csv` crate, fed the decoded lines of `read::LineReader` one at a time
//! (each with a `\n` put back): a quoted field runs on over as many lines
//! as it spans, and the reader's per-line decoding (UTF-8, a byte-order
//! mark dropped, Windows-1252 for bytes that are not UTF-8) and its line
//! numbers and offsets hold for CSV as for every format. The `csv` crate
//! itself reads from an `io::Read` and counts its own positions; it would
//! need the decoded lines turned back into bytes and its positions mapped
//! back to the file's, for nothing `csv_core` does not already do.
//!
//! Streaming: one row is held at a time, at most `MAX_ROW_BYTES` and
//! `MAX_FIELDS`. Bad rows cost only themselves, with a warning naming the
//! line the row starts on: a row with the wrong number of fields (ragged),
//! an over-long one (when it is still open at the end of a line, as a
//! quote left open makes it, reading starts afresh on the next line), one
//! with neither headline nor body, and one cut by the end of the file
//! inside a quoted field. Rows whose fields are all blank are skipped
//! silently, as spreadsheets pad with them. A header naming no headline or
//! body column costs the file, with one warning listing its columns.
//!
//! Values are kept as written, trimmed; `extract` interprets dates, ids and
//! places. Sniffing claims a file whose first non-blank line is such a
//! header (two known column names or more, one of them a headline or body
//! column): a table of other columns stays unclaimed (plain text refuses
//! tables too) and is read only with `--format csv --map ...`.

use std::borrow::Cow;
use std::io::BufRead;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use super::json::{body_text, one_line};
use super::{Field, Head, Options, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::{Line, LineReader};

/// The registry's entry for CSV and TSV exports: a header of the usual
/// column names is a shape, above the page layout's and below a header
/// block of mail.
pub const FORMAT: Spec = Spec {
    name: "csv",
    sniff: |head: &Head| Score::when(looks_like(head.lines), Score(60)),
    extensions: &["csv", "tsv", "tab"],
    open: |lines, options| Box::new(CsvParser::new(lines, options).records()),
    news_copy: true,
};

/// Longest row kept (its fields' bytes); a longer one is skipped with a
/// warning, so a quote left open cannot make memory grow without bound.
/// The longest article of All the News 2.0 is well under 1 MB.
const MAX_ROW_BYTES: usize = 4 << 20;
/// Most fields a row may have.
const MAX_FIELDS: usize = 4096;
/// Longest header cell taken for a column name when sniffing: a line of
/// prose split at its commas has longer pieces.
const MAX_NAME_CHARS: usize = 64;
/// Longest first line sniffing splits as a header: news exports' headers
/// are a few hundred bytes, and a long line of anything else is not split
/// four times over for every file sniffed.
const MAX_HEADER_BYTES: usize = 16 << 10;
/// The delimiters tried on the header, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];
/// Columns listed in a warning about the header, and the characters shown
/// of each.
const COLUMNS_SHOWN: usize = 12;
const NAME_CHARS_SHOWN: usize = 40;

// The fields read, each with its column names in order of preference,
// normalized (`normalize`).

const ID: Field = Field {
    map_name: Some("id"),
    defaults: &["id", "url"],
};
const HEADLINE: Field = Field {
    map_name: Some("headline"),
    defaults: &["title", "headline"],
};
const DATE: Field = Field {
    map_name: Some("date"),
    defaults: &[
        "date",
        "published",
        "publishdate",
        "pubdate",
        "datepublish",
        "datepublished",
        "publishedat",
        "publicationdate",
    ],
};
const PLACE: Field = Field {
    map_name: Some("location"),
    defaults: &["location", "place"],
};
const BODY: Field = Field {
    map_name: Some("body"),
    defaults: &["content", "article", "text", "body", "maintext"],
};
const DATELINE: Field = Field {
    map_name: None,
    defaults: &["dateline"],
};
const CAPTION: Field = Field {
    map_name: None,
    defaults: &["caption", "imagecaption"],
};

const URL: Field = Field {
    map_name: Some("url"),
    defaults: &["url", "link"],
};
const AUTHOR: Field = Field {
    map_name: Some("author"),
    defaults: &["author", "authors", "byline"],
};
const SECTION: Field = Field {
    map_name: Some("section"),
    defaults: &["section", "category"],
};
const LANGUAGE: Field = Field {
    map_name: Some("language"),
    defaults: &["language", "lang"],
};

/// Columns of news exports that tell a header of news columns from another
/// table, besides the fields' own (some are read, into `Stated`, as the
/// fields above; the language columns are read but do not count).
const OTHER_NAMES: &[&str] = &[
    "author",
    "authors",
    "byline",
    "publication",
    "publisher",
    "source",
    "section",
    "category",
    "year",
    "month",
    "day",
    "link",
];

/// Every field a record is read from.
const FIELDS: [&Field; 7] = [&ID, &HEADLINE, &DATE, &PLACE, &BODY, &DATELINE, &CAPTION];

/// A column name without case, spaces or punctuation: `Publish Date`,
/// `publish_date` and `publishDate` are all `publishdate`.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `name` (a header cell, trimmed) is one of the column names of
/// news exports: short, letters, digits, spaces and `_-.` only, and known.
fn is_known(name: &str) -> bool {
    let clean = name.chars().count() <= MAX_NAME_CHARS
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.'));
    let name = normalize(name);
    clean
        && !name.is_empty()
        && (FIELDS.iter().any(|f| f.defaults.contains(&name.as_str()))
            || OTHER_NAMES.contains(&name.as_str()))
}

/// True when `name` is a headline or body column.
fn is_main(name: &str) -> bool {
    let normalized = normalize(name);
    is_known(name)
        && [&HEADLINE, &BODY]
            .iter()
            .any(|f| f.defaults.contains(&normalized.as_str()))
}

/// True when `window` (trimmed lines from the start of a dump) opens with a
/// header of news columns: two known names or more, one of them a
/// headline or body column. JSON, markup and prose do not split so.
pub fn looks_like(window: &[&str]) -> bool {
    let Some(header) = window.iter().find(|l| !l.is_empty()) else {
        return false;
    };
    let header = header.trim_start_matches('\u{feff}');
    if header.len() > MAX_HEADER_BYTES || header.starts_with(['{', '[', '<']) {
        return false;
    }
    let names = split_line(header, delimiter(header, &Options::default()));
    names.len() >= 2
        && names.iter().filter(|n| is_known(n)).count() >= 2
        && names.iter().any(|n| is_main(n))
}

/// The delimiter of a header line: the one splitting it into the most
/// known (or `--map`ped) column names, then into the most columns, then
/// the first of `DELIMITERS`.
fn delimiter(header: &str, options: &Options) -> u8 {
    let mapped = |name: &str| {
        options
            .map
            .iter()
            .any(|(_, key)| key.trim().eq_ignore_ascii_case(name))
    };
    DELIMITERS
        .iter()
        .rev()
        .max_by_key(|&&d| {
            let names = split_line(header, d);
            let known = names.iter().filter(|n| is_known(n) || mapped(n)).count();
            (known, names.len())
        })
        .copied()
        .unwrap_or(b',')
}

/// The fields of one line as a header (trimmed), split at `delimiter`;
/// empty when a quote in it is left open.
fn split_line(text: &str, delimiter: u8) -> Vec<String> {
    let mut splitter = Splitter::new(delimiter);
    let mut pos = 0;
    for part in [text.as_bytes(), b"\n"] {
        let mut input = part;
        if splitter.push(&mut input, (1, 0), &mut pos).is_some() {
            return splitter.names();
        }
    }
    Vec::new()
}

/// Cuts rows out of lines fed one at a time, keeping one row's fields.
struct Splitter {
    reader: Reader,
    /// The row's field bytes, `out_len` of them used.
    out: Vec<u8>,
    out_len: usize,
    /// Where each field ends in `out`, `ends_len` of them used.
    ends: Vec<usize>,
    ends_len: usize,
    /// The row outgrew `MAX_ROW_BYTES` or `MAX_FIELDS`: its fields are
    /// being dropped (`out` and `ends` reused), only its end is looked for.
    overflow: bool,
    /// Line and byte offset where the row being read starts.
    start: Option<(u64, u64)>,
}

impl Splitter {
    fn new(delimiter: u8) -> Self {
        Splitter {
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            out: Vec::new(),
            out_len: 0,
            ends: Vec::new(),
            ends_len: 0,
            overflow: false,
            start: None,
        }
    }

    /// Feeds `input` (part of the line numbered `line` starting at byte
    /// `offset` of the file, from byte `pos` of its text on) until a row
    /// ends, returning where it started; `None` once `input` is used up
    /// inside a row or between rows. The row's fields stay readable until
    /// `clear`.
    fn push(
        &mut self,
        input: &mut &[u8],
        (line, offset): (u64, u64),
        pos: &mut usize,
    ) -> Option<(u64, u64)> {
        loop {
            if self.start.is_none() {
                // Line ends between rows are no rows (csv_core skips them
                // too): the row starts after them.
                let skip = input
                    .iter()
                    .take_while(|&&b| b == b'\r' || b == b'\n')
                    .count();
                *input = &input[skip..];
                *pos += skip;
                if input.is_empty() {
                    return None;
                }
                self.start = Some((line, offset + *pos as u64));
            }
            // An empty input is the end of the data to csv_core: never
            // handed over here, the end of a file is told apart by `start`.
            if input.is_empty() {
                return None;
            }
            if self.out_len == self.out.len() {
                self.grow_out();
            }
            if self.ends_len == self.ends.len() {
                self.grow_ends();
            }
            let (result, read, written, ended) = self.reader.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            *input = &input[read..];
            *pos += read;
            self.out_len += written;
            self.ends_len += ended;
            match result {
                ReadRecordResult::Record => return self.start.take(),
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return None,
            }
        }
    }

    fn grow_out(&mut self) {
        if self.out.len() >= MAX_ROW_BYTES {
            self.overflow = true;
            self.out_len = 0;
        } else {
            let size = (self.out.len() * 2).clamp(4096, MAX_ROW_BYTES);
            self.out.resize(size, 0);
        }
    }

    fn grow_ends(&mut self) {
        if self.ends.len() >= MAX_FIELDS {
            self.overflow = true;
            self.ends_len = 0;
        } else {
            let size = (self.ends.len() * 2).clamp(16, MAX_FIELDS);
            self.ends.resize(size, 0);
        }
    }

    /// The number of fields of the row just read.
    fn fields(&self) -> usize {
        self.ends_len
    }

    /// Field `i` of the row just read (not overflowed).
    fn field(&self, i: usize) -> Cow<'_, str> {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        // Fields are cut from decoded lines at ASCII bytes: valid UTF-8.
        String::from_utf8_lossy(self.out.get(start..end).unwrap_or_default())
    }

    /// The row just read as header names, trimmed.
    fn names(&self) -> Vec<String> {
        (0..self.fields())
            .map(|i| {
                self.field(i)
                    .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                    .to_string()
            })
            .collect()
    }

    /// True when every field of the row just read is blank.
    fn blank(&self) -> bool {
        self.out[..self.out_len].iter().all(u8::is_ascii_whitespace)
    }

    /// Forgets the row just read (or being read).
    fn clear(&mut self) {
        self.out_len = 0;
        self.ends_len = 0;
        self.overflow = false;
        self.start = None;
    }

    /// Forgets the row being read and starts afresh at the next line.
    fn restart(&mut self) {
        self.clear();
        self.reader.reset();
    }
}

/// The columns read for each field, by index, in order of preference.
struct Columns {
    count: usize,
    id: Vec<usize>,
    headline: Vec<usize>,
    date: Vec<usize>,
    place: Vec<usize>,
    body: Vec<usize>,
    dateline: Vec<usize>,
    caption: Vec<usize>,
    url: Vec<usize>,
    author: Vec<usize>,
    section: Vec<usize>,
    language: Vec<usize>,
}

impl Columns {
    /// The columns of a header, and warnings about `--map` pairs naming no
    /// column in it.
    fn new(names: &[String], options: &Options) -> (Columns, Vec<String>) {
        let normalized: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        let mut warnings = Vec::new();
        let mut pick = |field: &Field| -> Vec<usize> {
            let mapped = field.mapped(options);
            if mapped.is_empty() {
                return field
                    .defaults
                    .iter()
                    .filter_map(|d| normalized.iter().position(|n| n == d))
                    .collect();
            }
            mapped
                .into_iter()
                .filter_map(|key| {
                    let key = key.trim();
                    let found = names
                        .iter()
                        .position(|n| n == key)
                        .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(key)));
                    if found.is_none() {
                        warnings.push(format!(
                            "--map {}={}: no such column (columns: {})",
                            field.map_name.unwrap_or_default(),
                            shown_name(key),
                            shown_names(names)
                        ));
                    }
                    found
                })
                .collect()
        };
        let columns = Columns {
            count: names.len(),
            id: pick(&ID),
            headline: pick(&HEADLINE),
            date: pick(&DATE),
            place: pick(&PLACE),
            body: pick(&BODY),
            dateline: pick(&DATELINE),
            caption: pick(&CAPTION),
            url: pick(&URL),
            author: pick(&AUTHOR),
            section: pick(&SECTION),
            language: pick(&LANGUAGE),
        };
        (columns, warnings)
    }
}

/// A column name as a one-line warning shows it: escaped (a quoted name
/// may hold line breaks) and cut short.
fn shown_name(name: &str) -> String {
    let escaped: String = name.escape_debug().collect();
    match escaped.char_indices().nth(NAME_CHARS_SHOWN) {
        Some((cut, _)) => format!("{}\u{2026}", &escaped[..cut]),
        None => escaped,
    }
}

/// A header's columns as a warning lists them.
fn shown_names(names: &[String]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(COLUMNS_SHOWN)
        .map(|n| match n.as_str() {
            "" => "(unnamed)".to_string(),
            n => shown_name(n),
        })
        .collect();
    if names.len() > COLUMNS_SHOWN {
        shown.push("...".into());
    }
    shown.join(", ")
}

struct CsvParser<'a, R> {
    lines: &'a mut LineReader<R>,
    options: &'a Options,
    /// Made at the first non-blank line, with the header's delimiter.
    splitter: Option<Splitter>,
    /// Read from the header row.
    columns: Option<Columns>,
}

impl<'a, R: BufRead> CsvParser<'a, R> {
    fn new(lines: &'a mut LineReader<R>, options: &'a Options) -> Self {
        CsvParser {
            lines,
            options,
            splitter: None,
            columns: None,
        }
    }

    /// Takes the row the splitter just read: the header, or an article.
    /// False when the file is to be left there (a header with nothing to
    /// read).
    fn take_row(&mut self, (line, offset): (u64, u64), queue: &mut Queue) -> bool {
        let Some(splitter) = &self.splitter else {
            return true;
        };
        let Some(columns) = &self.columns else {
            return self.take_header(line, queue);
        };
        if splitter.overflow {
            queue.warn(line, too_long());
        } else if splitter.blank() {
            // Padding rows (`,,,,`), as spreadsheets write them.
        } else if splitter.fields() != columns.count {
            queue.warn(
                line,
                format!(
                    "row of {} field(s) where the header has {}; row skipped",
                    splitter.fields(),
                    columns.count
                ),
            );
        } else {
            match record(splitter, columns, line, offset) {
                Some(record) => queue.record(record),
                None => queue.warn(line, "row with neither headline nor body skipped"),
            }
        }
        true
    }

    fn take_header(&mut self, line: u64, queue: &mut Queue) -> bool {
        let Some(splitter) = &self.splitter else {
            return false;
        };
        if splitter.overflow {
            queue.warn(line, format!("header row: {}; file skipped", too_long()));
            return false;
        }
        let names = splitter.names();
        let (columns, warnings) = Columns::new(&names, self.options);
        for warning in warnings {
            queue.warn(line, warning);
        }
        if columns.headline.is_empty() && columns.body.is_empty() {
            queue.warn(
                line,
                format!(
                    "no headline or body column in the header (columns: {}); \
                     --map headline=COLUMN or --map body=COLUMN names them; file skipped",
                    shown_names(&names)
                ),
            );
            return false;
        }
        self.columns = Some(columns);
        true
    }

    /// Feeds one line to the splitter, taking the rows it ends. False when
    /// the file is to be left.
    fn feed(&mut self, line: &Line, queue: &mut Queue) -> bool {
        let mut pos = 0;
        for part in [line.text.as_bytes(), b"\n"] {
            let mut input = part;
            loop {
                let Some(splitter) = &mut self.splitter else {
                    return false;
                };
                let Some(at) = splitter.push(&mut input, (line.number, line.offset), &mut pos)
                else {
                    break;
                };
                let go_on = self.take_row(at, queue);
                if let Some(splitter) = &mut self.splitter {
                    splitter.clear();
                }
                if !go_on {
                    return false;
                }
            }
        }
        let Some(splitter) = &mut self.splitter else {
            return false;
        };
        if let (true, Some((start, _))) = (splitter.overflow, splitter.start) {
            // Still open at the end of a line past the cap: most likely a
            // quote left open. Starting afresh on the next line costs this
            // row and resynchronises on the rows after it.
            queue.warn(
                start,
                format!(
                    "{} (a quote left open?); reading resumes after line {}",
                    too_long(),
                    line.number
                ),
            );
            splitter.restart();
            if self.columns.is_none() {
                return false;
            }
        }
        true
    }
}

/// The warning for a row over the caps.
fn too_long() -> String {
    format!(
        "row longer than {} MB or of more than {MAX_FIELDS} fields skipped",
        MAX_ROW_BYTES >> 20
    )
}

/// The article a row holds; `None` when it has neither headline nor body.
fn record(splitter: &Splitter, columns: &Columns, line: u64, offset: u64) -> Option<RawRecord> {
    let value = |indexes: &[usize]| -> Option<String> {
        indexes.iter().find_map(|&i| {
            let field = splitter.field(i);
            let text = field.trim();
            (!text.is_empty()).then(|| text.to_string())
        })
    };
    let headline = value(&columns.headline).map(|h| one_line(&h));
    let body = value(&columns.body)
        .map(|b| body_text(&b))
        .filter(|b| !b.paragraphs.is_empty());
    if headline.is_none() && body.is_none() {
        return None;
    }
    let body = body.unwrap_or_default();
    let caption = value(&columns.caption).map(|c| one_line(&c));
    Some(RawRecord {
        headline: headline.unwrap_or_default(),
        captions: match caption {
            Some(caption) => vec![caption],
            None => body.captions,
        },
        paragraphs: body.paragraphs,
        line,
        offset,
        stated: Stated {
            id: value(&columns.id),
            date: value(&columns.date),
            dateline: value(&columns.dateline),
            place: value(&columns.place),
            places: Vec::new(),
            url: value(&columns.url),
            author: value(&columns.author).map(|a| one_line(&a)),
            section: value(&columns.section).map(|s| one_line(&s)),
            language: value(&columns.language),
            ..Stated::default()
        },
    })
}

impl<R: BufRead> Parse for CsvParser<'_, R> {
    /// Reads one line, queueing the rows it ends.
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        let Some(line) = self.lines.next_line()? else {
            // Every line was fed with its line end: a row still open is
            // inside a quoted field.
            if let Some((start, _)) = self.splitter.as_ref().and_then(|s| s.start) {
                queue.warn(
                    start,
                    "the file ends inside a quoted field of this row (truncated?); row skipped",
                );
            }
            queue.finish();
            return Ok(());
        };
        if self.splitter.is_none() {
            if line.text.trim().is_empty() {
                return Ok(());
            }
            self.splitter = Some(Splitter::new(delimiter(&line.text, self.options)));
        }
        if !self.feed(&line, queue) {
            queue.finish();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_with(text: &str, options: &Options) -> (Vec<RawRecord>, Vec<(u64, String)>) {
        let mut lines = LineReader::new(text.as_bytes());
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        for item in CsvParser::new(&mut lines, options).records() {
            match item {
                Ok(r) => records.push(r),
                Err(RecordError::Malformed { line, reason }) => warnings.push((line, reason)),
                Err(e) => panic!("{e}"),
            }
        }
        (records, warnings)
    }

    fn parse(text: &str) -> (Vec<RawRecord>, Vec<(u64, String)>) {
        parse_with(text, &Options::default())
    }

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalizes_column_names() {
        let cases = [
            ("publish_date", "publishdate"),
            ("Publish Date", "publishdate"),
            ("publishDate", "publishdate"),
            ("  TITLE ", "title"),
            ("", ""),
            ("é-Ü", "éü"),
        ];
        for (name, want) in cases {
            assert_eq!(normalize(name), want, "{name:?}");
        }
    }

    #[test]
    fn splits_a_header_at_its_delimiter() {
        let cases: &[(&str, u8, &[&str])] = &[
            (",id,title,content", b',', &["", "id", "title", "content"]),
            ("title;date;content", b';', &["title", "date", "content"]),
            ("title\tdate\tbody", b'\t', &["title", "date", "body"]),
            ("\"title\",\"a, b\",text", b',', &["title", "a, b", "text"]),
            // Semicolons inside a name do not win over the commas.
            (
                "title,date; time,text",
                b',',
                &["title", "date; time", "text"],
            ),
            // No known name: the most columns.
            ("a;b;c,d", b';', &["a", "b", "c,d"]),
            ("one", b',', &["one"]),
        ];
        for (header, want_delimiter, want) in cases {
            let d = delimiter(header, &Options::default());
            assert_eq!(d, *want_delimiter, "{header:?}");
            assert_eq!(split_line(header, d), owned(want), "{header:?}");
        }
        // An open quote: no header.
        assert!(split_line("\"title,text", b',').is_empty());
        // A `--map`ped name counts as known.
        let options = Options {
            format: None,
            map: vec![("headline".into(), "Kop".into())],
            ..Options::default()
        };
        assert_eq!(delimiter("Kop;x,y", &options), b';');
    }

    #[test]
    fn sniffs_headers_of_news_columns() {
        let cases: &[(&str, &[&str], bool)] = &[
            (
                "all the news 1.0",
                &[
                    ",id,title,publication,author,date,year,month,url,content",
                    "0,1,T,P,A,2016-12-31,2016.0,12.0,,\"x",
                ],
                true,
            ),
            (
                "all the news 2.0",
                &["date,year,month,day,author,title,article,url,section,publication"],
                true,
            ),
            ("semicolons", &["Headline;Published;Body"], true),
            ("tabs", &["title\tdate\ttext"], true),
            ("quoted names", &["\"title\",\"content\""], true),
            ("leading blank lines", &["", "", "title,text"], true),
            ("byte-order mark", &["\u{feff}title,text"], true),
            (
                "spreadsheet names",
                &["Publish Date,Title,Story Section,Body Text"],
                true,
            ),
            (
                "a headline and nothing else known",
                &["Title,Story Section,Notes"],
                false,
            ),
            ("no headline or body", &["id,date,url,author"], false),
            ("one known name", &["title,price,stock"], false),
            ("a single column", &["title"], false),
            ("other table", &["a,b,c", "1,2,3"], false),
            (
                "prose headline with commas",
                &["Bush, Blair meet", "", "They met, and talked."],
                false,
            ),
            ("json line", &["{\"title\":\"\",\"text\":\"\"}"], false),
            ("json array", &["[\"title\",\"text\"]"], false),
            ("markup", &["<title>,<text>"], false),
            ("mail header", &["Subject: title, text", "From: a@b"], false),
            ("names with punctuation", &["title:,text!"], false),
            ("empty", &[], false),
            ("blank", &["", ""], false),
            (
                "a long first line",
                &[&format!("title,text,{}", "x,".repeat(10_000))],
                false,
            ),
        ];
        for (name, window, want) in cases {
            assert_eq!(looks_like(window), *want, "case: {name}");
        }
    }

    #[test]
    fn rows_become_records() {
        let text = "\
,id,title,publication,author,date,year,month,url,content
0,17,First title,Paper,A. Writer,2016-12-31,2016.0,12.0,,\"Lead, with a comma.

Second \"\"quoted\"\" paragraph.\"
1,18,  Second  title ,Paper,,2017-01-02,2017.0,1.0,https://example.com/a,One line.
";
        let (records, warnings) = parse(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        let want = vec![
            RawRecord {
                headline: "First title".into(),
                captions: vec![],
                paragraphs: owned(&["Lead, with a comma.", "Second \"quoted\" paragraph."]),
                line: 2,
                offset: text.find("0,17").unwrap() as u64,
                stated: Stated {
                    id: Some("17".into()),
                    date: Some("2016-12-31".into()),
                    author: Some("A. Writer".into()),
                    ..Stated::default()
                },
            },
            RawRecord {
                headline: "Second  title".into(),
                captions: vec![],
                paragraphs: owned(&["One line."]),
                line: 5,
                offset: text.find("1,18").unwrap() as u64,
                stated: Stated {
                    id: Some("18".into()),
                    date: Some("2017-01-02".into()),
                    url: Some("https://example.com/a".into()),
                    ..Stated::default()
                },
            },
        ];
        assert_eq!(records, want);
    }

    #[test]
    fn html_bodies_and_stated_columns() {
        let text = "\
Title;Byline;Section;Link;Language;Body
T1;By  Ann Lee;World;https://x.test/1;en;\"<p>One &amp; two.</p><figure><figcaption>Cap.</figcaption></figure><p>Three<br>four.</p>\"
T2;;;;;\"Plain <3 text\nline two\"
";
        let (records, warnings) = parse(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(records[0].paragraphs, ["One & two.", "Three\nfour."]);
        assert_eq!(records[0].captions, ["Cap."]);
        let s = &records[0].stated;
        assert_eq!(
            (
                s.url.as_deref(),
                s.author.as_deref(),
                s.section.as_deref(),
                s.language.as_deref()
            ),
            (
                Some("https://x.test/1"),
                Some("By  Ann Lee"),
                Some("World"),
                Some("en")
            )
        );
        assert_eq!(records[1].paragraphs, ["Plain <3 text", "line two"]);
        assert_eq!(records[1].stated, Stated::default());
    }

    #[test]
    fn fields_by_column() {
        // (header, row, headline, paragraphs, id, date, place, dateline, captions)
        type Case<'a> = (
            &'a str,
            &'a str,
            &'a str,
            &'a [&'a str],
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            &'a [&'a str],
        );
        let cases: &[Case] = &[
            (
                "title,url,text",
                "T,u,B",
                "T",
                &["B"],
                Some("u"),
                None,
                None,
                None,
                &[],
            ),
            (
                "id,url,title",
                "7,u,T",
                "T",
                &[],
                Some("7"),
                None,
                None,
                None,
                &[],
            ),
            (
                "id,url,title",
                ",u,T",
                "T",
                &[],
                Some("u"),
                None,
                None,
                None,
                &[],
            ),
            (
                "headline,body",
                ",B",
                "",
                &["B"],
                None,
                None,
                None,
                None,
                &[],
            ),
            (
                "title,location,dateline,caption,text",
                "T,Ramadi,\"RAMADI, Iraq -\",\"A photo\nof it\",B",
                "T",
                &["B"],
                None,
                None,
                Some("Ramadi"),
                Some("RAMADI, Iraq -"),
                &["A photo of it"],
            ),
            (
                "Title,Publish Date,Body",
                "T,\"Fri, 12 Feb 2016 10:00:00 GMT\",\"a\nb\nc\"",
                "T",
                &["a", "b", "c"],
                None,
                Some("Fri, 12 Feb 2016 10:00:00 GMT"),
                None,
                None,
                &[],
            ),
            (
                "title,content,text",
                "T,,fallback",
                "T",
                &["fallback"],
                None,
                None,
                None,
                None,
                &[],
            ),
            (
                "title,text",
                "\"Two\nlines\",\" a \r\n\r\n b \"",
                "Two lines",
                &["a", "b"],
                None,
                None,
                None,
                None,
                &[],
            ),
        ];
        for &(header, row, headline, paragraphs, id, date, place, dateline, captions) in cases {
            let (records, warnings) = parse(&format!("{header}\n{row}\n"));
            assert!(warnings.is_empty(), "{header}: {warnings:?}");
            assert_eq!(records.len(), 1, "{header} / {row}");
            let r = &records[0];
            assert_eq!(r.headline, headline, "{row}");
            assert_eq!(r.paragraphs, owned(paragraphs), "{row}");
            assert_eq!(r.stated.id.as_deref(), id, "{row}");
            assert_eq!(r.stated.date.as_deref(), date, "{row}");
            assert_eq!(r.stated.place.as_deref(), place, "{row}");
            assert_eq!(r.stated.dateline.as_deref(), dateline, "{row}");
            assert_eq!(r.captions, owned(captions), "{row}");
        }
    }

    #[test]
    fn bad_rows_cost_only_themselves() {
        let text = "title,date,text\n\
                    A,2016-01-01,a\n\
                    B,2016-01-02\n\
                    C,2016-01-03,c,extra\n\
                    ,,\n\
                    \n\
                    ,2016-01-04,\n\
                    D,2016-01-05,d\n";
        let (records, warnings) = parse(text);
        let headlines: Vec<&str> = records.iter().map(|r| r.headline.as_str()).collect();
        assert_eq!(headlines, ["A", "D"]);
        assert_eq!(records[1].line, 8);
        assert_eq!(
            warnings,
            vec![
                (
                    3,
                    "row of 2 field(s) where the header has 3; row skipped".to_string()
                ),
                (
                    4,
                    "row of 4 field(s) where the header has 3; row skipped".to_string()
                ),
                (7, "row with neither headline nor body skipped".to_string()),
            ]
        );
    }

    #[test]
    fn a_quote_open_at_the_end_of_the_file_costs_its_row() {
        let (records, warnings) = parse("title,text\nA,a\nB,\"b and then\n\nnothing");
        assert_eq!(records.len(), 1);
        assert_eq!(
            warnings,
            vec![(
                3,
                "the file ends inside a quoted field of this row (truncated?); row skipped"
                    .to_string()
            )]
        );
    }

    #[test]
    fn an_over_long_row_is_skipped_and_reading_resumes() {
        // A quote left open swallows lines until the cap; reading starts
        // afresh after the line that crossed it.
        let filler = format!("{}\n", "x".repeat(1000)).repeat((MAX_ROW_BYTES / 1001) + 10);
        let text = format!("title,text\nA,\"open\n{filler}B,b\n");
        let (records, warnings) = parse(&text);
        let headlines: Vec<&str> = records.iter().map(|r| r.headline.as_str()).collect();
        assert_eq!(headlines, ["B"]);
        let (first, rest) = warnings.split_first().unwrap();
        assert_eq!(first.0, 2);
        assert!(
            first.1.starts_with("row longer than 4 MB or of more than 4096 fields skipped (a quote left open?); reading resumes after line "),
            "{first:?}"
        );
        // The rest of the filler reads as rows of one field: ragged.
        assert!(!rest.is_empty());
        for (_, reason) in rest {
            assert_eq!(
                reason,
                "row of 1 field(s) where the header has 2; row skipped"
            );
        }
    }

    #[test]
    fn a_header_with_nothing_to_read_costs_the_file_once() {
        let (records, warnings) = parse("a,b,c\n1,2,3\n4,5,6\n");
        assert!(records.is_empty());
        assert_eq!(
            warnings,
            vec![(
                1,
                "no headline or body column in the header (columns: a, b, c); --map headline=COLUMN or --map body=COLUMN names them; file skipped".to_string()
            )]
        );
    }

    #[test]
    fn map_names_columns() {
        let options = Options {
            format: None,
            map: vec![
                ("headline".into(), "Kop".into()),
                ("body".into(), "tekst".into()),
                ("date".into(), "Nope".into()),
                ("location".into(), "Plaats".into()),
            ],
            ..Options::default()
        };
        let (records, warnings) = parse_with(
            "title;Kop;Tekst;Plaats\nIgnored;Koptekst;Een.;Utrecht\n",
            &options,
        );
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].headline, "Koptekst");
        assert_eq!(records[0].paragraphs, owned(&["Een."]));
        assert_eq!(records[0].stated.place.as_deref(), Some("Utrecht"));
        assert_eq!(records[0].stated.date, None);
        assert_eq!(
            warnings,
            vec![(
                1,
                "--map date=Nope: no such column (columns: title, Kop, Tekst, Plaats)".to_string()
            )]
        );
    }

    #[test]
    fn lone_carriage_returns_end_rows() {
        let text = "title,text\rA,a\rB,\"b\rc\"\r";
        let (records, warnings) = parse(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        let got: Vec<(&str, Vec<String>, u64)> = records
            .iter()
            .map(|r| (r.headline.as_str(), r.paragraphs.clone(), r.offset))
            .collect();
        assert_eq!(
            got,
            vec![("A", owned(&["a"]), 11), ("B", owned(&["b", "c"]), 15),]
        );
    }

    /// Random bytes and cuts of a small CSV: no panic, every row accounted
    /// for as a record or a warning of one line.
    #[test]
    fn random_input_never_panics() {
        let base = b"title,date,text\nA,2016,\"a\n\"\"b\"\"\"\nB,2017,b\n";
        let mut next = crate::formats::xorshift(0x5eed);
        for _ in 0..2000 {
            let mut bytes = base.to_vec();
            for _ in 0..(next() % 6) {
                let at = (next() as usize) % (bytes.len() + 1);
                let pick = [b'"', b',', b'\n', b'\r', b';', b'\t', b'x', 0xFF];
                bytes.insert(at, pick[(next() as usize) % pick.len()]);
            }
            let cut = (next() as usize) % (bytes.len() + 1);
            bytes.truncate(cut.max(bytes.len() / 2));
            let mut lines = LineReader::new(&bytes[..]);
            for item in CsvParser::new(&mut lines, &Options::default()).records() {
                if let Err(RecordError::Malformed { reason, .. }) = item {
                    assert!(!reason.contains('\n'), "{reason:?}");
                }
            }
        }
    }
}
