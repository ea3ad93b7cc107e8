//! Reuters-21578 SGML: one record per `<REUTERS>` element.
//!
//! ```text
//! <!DOCTYPE lewis SYSTEM "lewis.dtd">
//! <REUTERS TOPICS="YES" ... NEWID="1">
//! <DATE>26-FEB-1987 15:01:01.79</DATE>
//! <TOPICS><D>cocoa</D></TOPICS>
//! <PLACES><D>el-salvador</D><D>usa</D></PLACES>
//! ...
//! <TEXT>&#2;
//! <TITLE>BAHIA COCOA REVIEW</TITLE>
//! <DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued ...
//!     The dry period means ...
//!  Reuter
//! &#3;</BODY></TEXT>
//! </REUTERS>
//! ```
//!
//! Every record is an article, in three kinds: stories (`TITLE`, `DATELINE`,
//! `BODY`), briefs (`TYPE="BRIEF"`: a `TITLE` only) and unprocessed items
//! (`TYPE="UNPROC"`: raw text, no markup inside `TEXT`). Records are read
//! one at a time, by lines, with a size cap. This module maps the tags to a
//! `RawRecord` (headline, paragraphs, and the `DATE`, `DATELINE` and
//! `PLACES` as written, in `Stated`) and decodes character references; it
//! does not read dates or places, which is `extract`'s job.

use std::io::BufRead;

use super::trec::sgml::find_ignore_case;
use super::{join_words, Head, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::LineReader;

/// The registry's entry for Reuters-21578 SGML.
pub const FORMAT: Spec = Spec {
    name: "reuters",
    sniff: |head: &Head| Score::when(looks_like(head.lines), Score::CERTAIN),
    extensions: &["sgm", "sgml"],
    open: |lines, _options| Box::new(ReutersParser::new(lines).records()),
    news_copy: true,
};

/// Longest record kept; the rest up to its `</REUTERS>` is dropped with a
/// warning. The largest record of the corpus is 14 KB.
const MAX_RECORD_BYTES: usize = 1 << 20;

/// True when `window` (trimmed lines from the start of a dump) holds a
/// `<REUTERS ...>` start tag or the collection's `<!DOCTYPE lewis` line.
pub fn looks_like(window: &[&str]) -> bool {
    window
        .iter()
        .any(|line| opens_record(line) || starts_with_ignore_case(line, "<!DOCTYPE lewis"))
}

/// True when `text` begins with a `<REUTERS` start tag.
fn opens_record(text: &str) -> bool {
    starts_with_ignore_case(text, "<REUTERS")
        && matches!(
            text.as_bytes().get(8),
            None | Some(b'>') | Some(b' ' | b'\t')
        )
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// A record being read: its text so far and where it began.
struct Pending {
    text: String,
    line: u64,
    offset: u64,
    /// The record outgrew `MAX_RECORD_BYTES`; the rest is being dropped.
    cut: bool,
}

struct ReutersParser<'a, R> {
    lines: &'a mut LineReader<R>,
    current: Option<Pending>,
    /// Text outside any record was just skipped (one warning per stretch).
    skipping: bool,
}

impl<'a, R: BufRead> ReutersParser<'a, R> {
    /// A parser of the dump in `lines` (the format has nothing to
    /// configure).
    pub fn new(lines: &'a mut LineReader<R>) -> Self {
        ReutersParser {
            lines,
            current: None,
            skipping: false,
        }
    }
}

impl<R: BufRead> Parse for ReutersParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        let Some(line) = self.lines.next_line()? else {
            if let Some(pending) = self.current.take() {
                finish(
                    queue,
                    pending,
                    Some("record not closed by </REUTERS> at end of file"),
                );
            }
            queue.finish();
            return Ok(());
        };
        let trimmed = line.text.trim_start();
        if opens_record(trimmed) {
            if let Some(pending) = self.current.take() {
                finish(queue, pending, Some("record not closed by </REUTERS>"));
            }
            self.skipping = false;
            self.current = Some(Pending {
                text: String::new(),
                line: line.number,
                offset: line.offset,
                cut: false,
            });
        }
        match self.current.as_mut() {
            Some(pending) => {
                let close = find_ignore_case(&line.text, "</REUTERS>");
                let end = close.map_or(line.text.len(), |at| at + "</REUTERS>".len());
                let kept = line.text.get(..end).unwrap_or(&line.text);
                if pending.cut {
                    // Dropping the rest, so the record has no gap inside.
                } else if pending.text.len() + kept.len() < MAX_RECORD_BYTES {
                    pending.text.push_str(kept);
                    pending.text.push('\n');
                } else {
                    pending.cut = true;
                    queue.warn(
                        line.number,
                        format!(
                            "record longer than {} MB; the rest of it is dropped",
                            MAX_RECORD_BYTES >> 20
                        ),
                    );
                }
                if close.is_some() {
                    if let Some(pending) = self.current.take() {
                        finish(queue, pending, None);
                    }
                }
            }
            None => {
                // The DOCTYPE line and blank lines sit between records by
                // design; anything else is reported once per stretch.
                let stray = !trimmed.is_empty() && !starts_with_ignore_case(trimmed, "<!DOCTYPE");
                if stray && !self.skipping {
                    queue.warn(line.number, "text outside any <REUTERS> record skipped");
                }
                self.skipping = stray;
            }
        }
        Ok(())
    }

    /// Keeps what was read of the record before the damage.
    fn salvage(&mut self, queue: &mut Queue) {
        if let Some(pending) = self.current.take() {
            finish(queue, pending, Some("record cut by a read error"));
        }
    }
}

/// Queues the record parsed from `pending`, after a warning when it was
/// not closed: what was read of it is kept.
fn finish(queue: &mut Queue, pending: Pending, unclosed: Option<&str>) {
    if let Some(reason) = unclosed {
        queue.warn(pending.line, reason);
    }
    queue.record(parse_record(&pending.text, pending.line, pending.offset));
}

/// One record's text (from `<REUTERS` to `</REUTERS>`) as a `RawRecord`.
///
/// Headline: the `TITLE`; an unprocessed item has none, so its first
/// non-empty line of text stands for it (it is the item's own heading,
/// "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"). Paragraphs: the `BODY`; a
/// brief has only a title (the text after it is the placeholder
/// "Blah blah blah.", left out); an unprocessed item's text after its first
/// line. The wire's closing "Reuter" sign-off is dropped.
fn parse_record(text: &str, line: u64, offset: u64) -> RawRecord {
    let upper = text.to_ascii_uppercase();
    let content = |name: &str, within: (usize, usize)| element(text, &upper, name, within);
    let all = (
        0,
        find_ignore_case(text, "</REUTERS>").unwrap_or(text.len()),
    );

    let date = content("DATE", all)
        .map(|(start, end)| stated_date(&text[start..end]))
        .filter(|d| !d.is_empty());
    let places = match content("PLACES", all) {
        Some(range) => d_values(text, &upper, range),
        None => Vec::new(),
    };

    let (mut headline, mut paragraphs, mut dateline) = (String::new(), Vec::new(), None);
    let mut author = None;
    if let Some(body_text) = content("TEXT", all) {
        author = content("AUTHOR", body_text)
            .map(|(start, end)| decode(&text[start..end]))
            .filter(|a| !a.trim().is_empty());
        let title = content("TITLE", body_text);
        let body = content("BODY", body_text);
        dateline = content("DATELINE", body_text)
            .map(|(start, end)| decode(&text[start..end]))
            .filter(|d| !d.trim().is_empty());
        match (title, body) {
            (title, Some((start, end))) => {
                headline =
                    title.map_or_else(String::new, |(s, e)| join_words(&decode(&text[s..e])));
                paragraphs = body_paragraphs(&decode(&text[start..end]));
            }
            (Some((start, end)), None) => headline = join_words(&decode(&text[start..end])),
            (None, None) => {
                // Unprocessed: no markup inside TEXT.
                let raw = decode(&text[body_text.0..body_text.1]);
                let mut lines = raw.lines();
                for first in lines.by_ref() {
                    if !first.trim().is_empty() {
                        headline = join_words(first);
                        break;
                    }
                }
                paragraphs = body_paragraphs(&lines.collect::<Vec<_>>().join("\n"));
            }
        }
    }
    RawRecord {
        headline,
        captions: Vec::new(),
        paragraphs,
        line,
        offset,
        stated: Stated {
            id: None,
            date,
            dateline,
            place: None,
            places,
            author,
            ..Stated::default()
        },
    }
}

/// Elements that hold other elements.
const CONTAINERS: &[&str] = &["TEXT", "PLACES"];

/// Byte range of the content of the first `<NAME ...>` element inside
/// `within`. A container's runs up to its end tag or, when that is missing,
/// the end of `within`; any other element's up to the next tag, its end tag
/// or another when that is missing (the text escapes `<`, so a `<` opens a
/// tag). Looking no further than the next tag keeps a list of many unclosed
/// `<D>`s linear: each used to scan the rest of the list for its end tag.
fn element(text: &str, upper: &str, name: &str, within: (usize, usize)) -> Option<(usize, usize)> {
    // Tags found by their `<` with `memchr`: this runs a dozen times a
    // story, and a `str::find` of a string sets up a searcher each time.
    let scope = upper.get(within.0..within.1)?.as_bytes();
    let container = CONTAINERS.contains(&name);
    let name = name.as_bytes();
    let named_at = |at: usize, prefix: &[u8]| {
        let start = at + 1 + prefix.len();
        scope.get(at + 1..start) == Some(prefix)
            && scope.get(start..start + name.len()) == Some(name)
    };
    let mut from = 0;
    let tag = loop {
        let at = from + memchr::memchr(b'<', scope.get(from..)?)?;
        let after = at + 1 + name.len();
        if named_at(at, b"") && matches!(scope.get(after), Some(b'>' | b' ' | b'\t' | b'\n')) {
            break at;
        }
        from = at + 1;
    };
    let start = tag + memchr::memchr(b'>', scope.get(tag..)?)? + 1;
    let rest = scope.get(start..)?;
    let len = if container {
        let mut from = 0;
        loop {
            match memchr::memchr(b'<', &rest[from..]) {
                Some(found) => {
                    let at = from + found;
                    let end = at + 2 + name.len();
                    if named_at(start + at, b"/") && scope.get(start + end) == Some(&b'>') {
                        break at;
                    }
                    from = at + 1;
                }
                None => break rest.len(),
            }
        }
    } else {
        memchr::memchr(b'<', rest).unwrap_or(rest.len())
    };
    // `upper` and `text` have the same byte positions (ASCII upper-casing).
    let (start, end) = (within.0 + start, within.0 + start + len);
    text.get(start..end).map(|_| (start, end))
}

/// The `<D>` values inside a tag list such as `<PLACES>`, decoded.
fn d_values(text: &str, upper: &str, (start, end): (usize, usize)) -> Vec<String> {
    let mut values = Vec::new();
    let mut from = start;
    while let Some((s, e)) = element(text, upper, "D", (from, end)) {
        let value = join_words(&decode(&text[s..e]));
        if !value.is_empty() {
            values.push(value);
        }
        from = e;
    }
    values
}

/// The `DATE` as written, up to the first control character: the wire's
/// category codes follow it after `&#5;` characters ("13-MAR-1987
/// 10:41:33.77&#5;&#5;&#5;F"). A date the annotators mark as their own
/// guess ("# date added by S Finch as guesswork") is not a date the wire
/// states, so it is left out.
fn stated_date(raw: &str) -> String {
    let decoded = decode_keeping_controls(raw);
    let date = decoded.split(|c: char| c.is_control()).next().unwrap_or("");
    if date.to_ascii_lowercase().contains("guesswork") {
        return String::new();
    }
    date.trim().to_string()
}

/// Decodes SGML references (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`, `&#N;`,
/// `&#xN;`) and drops control characters, tabs becoming spaces and line
/// breaks kept. Unknown references stay as written. A terminal escape
/// sequence that slipped into the wire ("Semiconducto&#27;[Br") goes with
/// its escape character.
fn decode(raw: &str) -> String {
    let decoded = decode_keeping_controls(raw);
    // Text up to its first control character but line breaks is kept as it
    // is, in one copy: a story's only control is most often the `&#3;`
    // ending it. (0xC2 leads every C1 control, U+0080..U+009F, and some
    // printable characters, which the careful pass below keeps.)
    let needs_care = |b: u8| (b < 0x20 && b != b'\n') || b == 0x7f || b == 0xC2;
    let Some(first) = decoded.bytes().position(needs_care) else {
        return decoded;
    };
    let mut out = String::with_capacity(decoded.len());
    out.push_str(&decoded[..first]);
    let mut chars = decoded[first..].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{1b}' if chars.peek() == Some(&'[') => {
                // ESC [ parameters... final: the final byte is in @..~.
                chars.next();
                while chars
                    .next_if(|p| matches!(p, '\u{20}'..='\u{3f}'))
                    .is_some()
                {}
                chars.next_if(|f| matches!(f, '@'..='~'));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn decode_keeping_controls(raw: &str) -> String {
    super::decode_references(raw, 11, |name, out| {
        reference_char(name).map(|c| out.push(c)).is_some()
    })
}

/// The character a reference name (between `&` and `;`) stands for.
fn reference_char(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()?
    } else {
        return match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        };
    };
    char::from_u32(code)
}

/// A body's text (decoded) as paragraphs, without the closing sign-off.
///
/// A Reuters paragraph begins with an indented line; its hard-wrapped lines
/// are joined with spaces. Table rows (a run of three spaces inside the
/// line, or a dot leader "Net.....644") keep their line breaks: rows that
/// follow one another, with the lines under them not indented as a
/// paragraph is, make one paragraph.
fn body_paragraphs(body: &str) -> Vec<String> {
    let mut lines: Vec<&str> = body.lines().map(str::trim_end).collect();
    drop_sign_off(&mut lines);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut last_was_table = false;
    for line in lines {
        let text = line.trim();
        if text.is_empty() {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let indented = indent > 0;
        // Row labels and notes under a table ("     Baking or",
        // " R-Revised.") are not indented as paragraphs are (four spaces).
        let table = is_table_row(text) || indented && last_was_table && indent != 4;
        if current.is_empty() {
            current.push_str(text);
        } else if table && last_was_table || !indented && (table || last_was_table) {
            current.push('\n');
            current.push_str(text);
        } else if indented {
            flush(&mut current, &mut paragraphs);
            current.push_str(text);
        } else {
            current.push(' ');
            current.push_str(text);
        }
        last_was_table = table;
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    if !current.is_empty() {
        paragraphs.push(std::mem::take(current));
    }
}

fn is_table_row(text: &str) -> bool {
    // One pass over the bytes: this runs on every line of every story,
    // where two `str::contains` set up a two-way searcher each (a sixth of
    // `parse`'s instructions).
    let (mut spaces, mut dots) = (0, 0);
    for &b in text.as_bytes() {
        spaces = if b == b' ' { spaces + 1 } else { 0 };
        dots = if b == b'.' { dots + 1 } else { 0 };
        if spaces == 3 || dots == 4 {
            return true;
        }
    }
    false
}

/// Drops the wire's closing sign-off: last lines "Reuter" (also "REUTER",
/// "reuter", "REUTERS", "Reuter...", "REUTER^M", the cut "REUTE", with an
/// operator's initials "REUTER TAW"; some items sign off twice), or
/// "Reuter" ending the last line of text ("... SAO CARLOS NIL. REUTER").
/// "Reuters." ending a sentence ("... a bank official told\nReuters.") is
/// text.
fn drop_sign_off(lines: &mut Vec<&str>) {
    loop {
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        let Some(last) = lines.last_mut() else {
            return;
        };
        let text = last.trim();
        let rest = ["REUTERS", "REUTER", "REUTE"].iter().find_map(|word| {
            text.get(..word.len())
                .filter(|head| head.eq_ignore_ascii_case(word))
                .and_then(|_| text.get(word.len()..))
        });
        if rest.is_some_and(|rest| rest != "." && !rest.chars().any(|c| c.is_ascii_lowercase())) {
            lines.pop();
            continue;
        }
        if let Some((before, word)) = text.rsplit_once(char::is_whitespace) {
            let before = before.trim_end();
            let sign_off = word.eq_ignore_ascii_case("reuter")
                || word.eq_ignore_ascii_case("reuters")
                || word.starts_with("REUTER") && !word.chars().any(|c| c.is_ascii_lowercase());
            if sign_off && before.ends_with(|c: char| c == '.' || c == ')' || c.is_ascii_digit()) {
                *last = before;
            }
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Result<RawRecord, RecordError>> {
        let mut lines = LineReader::new(text.as_bytes());
        ReutersParser::new(&mut lines).records().collect()
    }

    fn records(text: &str) -> Vec<RawRecord> {
        parse(text).into_iter().filter_map(Result::ok).collect()
    }

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    const STORY: &str = r#"<REUTERS TOPICS="YES" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D><D>uruguay</D></PLACES>
<PEOPLE></PEOPLE>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;BCR> REVIEW</TITLE>
<AUTHOR>    by A Writer, Reuters</AUTHOR>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout
the week in the Bahia cocoa zone.
    The dry period means the temporao
will be late &amp; small.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"#;

    #[test]
    fn table_rows_are_told_by_a_run_of_spaces_or_dots() {
        let cases = [
            ("Net.....644 vs 512", true),
            ("Shr 12 cts   vs 10 cts", true),
            ("Revs 1.2 mln..", false),
            ("two  spaces, three dots...", false),
            ("end....", true),
            ("", false),
        ];
        for (line, want) in cases {
            assert_eq!(is_table_row(line), want, "{line:?}");
        }
        // Text decodes the same whether or not it holds controls to drop.
        assert_eq!(decode("a &lt;b&gt;\nc"), "a <b>\nc");
        assert_eq!(decode("a\tb\u{7}c\u{85}d caf\u{e9}"), "a bcd caf\u{e9}");
        assert_eq!(decode("\u{a3}5 &#5;x"), "\u{a3}5 x");
    }

    #[test]
    fn the_author_tag_is_the_byline_as_written() {
        assert_eq!(
            records(STORY)[0].stated.author.as_deref(),
            Some("    by A Writer, Reuters")
        );
        assert_eq!(
            records(&STORY.replace("<AUTHOR>    by A Writer, Reuters</AUTHOR>\n", ""))[0]
                .stated
                .author,
            None
        );
    }

    /// Regression: each unclosed `<D>` of a tag list scanned the rest of
    /// the list for its end tag, so time grew with the square of their
    /// number (32,000 took 27 s in a debug build); a value now ends at the
    /// next tag.
    #[test]
    fn unclosed_tag_list_values_end_at_the_next_tag() {
        let n = 100_000;
        let text = format!(
            "<REUTERS>\n<PLACES>{}</PLACES>\n</REUTERS>\n",
            "<D>x".repeat(n)
        );
        let got = records(&text);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].stated.places.len(), n);
        assert!(got[0].stated.places.iter().all(|p| p == "x"));
        let mixed = "<REUTERS>\n<PLACES><D>a<D>b</D><D>c</D></PLACES>\n</REUTERS>\n";
        assert_eq!(records(mixed)[0].stated.places, vec!["a", "b", "c"]);
    }

    #[test]
    fn record_kinds() {
        // (name, record text, headline, paragraphs, date, dateline, places)
        type Case = (
            &'static str,
            String,
            &'static str,
            Vec<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
            Vec<&'static str>,
        );
        let cases: Vec<Case> = vec![
            (
                "story",
                STORY.to_string(),
                "BAHIA COCOA <BCR> REVIEW",
                vec![
                    "Showers continued throughout the week in the Bahia cocoa zone.",
                    "The dry period means the temporao will be late & small.",
                ],
                Some("26-FEB-1987 15:01:01.79"),
                Some("    SALVADOR, Feb 26 - "),
                vec!["el-salvador", "usa", "uruguay"],
            ),
            (
                "brief: title only, the placeholder text left out",
                "<REUTERS NEWID=\"5\">\n<DATE> 2-MAR-1987 06:41:42.20</DATE>\n<PLACES></PLACES>\n<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>ASSETS OF MONEY FUNDS ROSE 720.4 MLN DLRS\n</TITLE>Blah blah blah.\n&#3;\n\n</TEXT>\n</REUTERS>\n".into(),
                "ASSETS OF MONEY FUNDS ROSE 720.4 MLN DLRS",
                vec![],
                Some("2-MAR-1987 06:41:42.20"),
                None,
                vec![],
            ),
            (
                "unprocessed: first line heads it, table rows keep their breaks",
                "<REUTERS NEWID=\"7\">\n<DATE>26-FEB-1987 16:00:57.29</DATE>\n<PLACES><D>usa</D></PLACES>\n<TEXT TYPE=\"UNPROC\">&#2;\nFEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n    Two weeks ended Feb 25      daily avgs-mlns\n Net free reserves.............644 vs.....1,337\n Bank borrowings...............680 vs.......425\n    Note: revised.\n Reuter\n&#3;\n\n</TEXT>\n</REUTERS>\n".into(),
                "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26",
                vec![
                    "Two weeks ended Feb 25      daily avgs-mlns\nNet free reserves.............644 vs.....1,337\nBank borrowings...............680 vs.......425",
                    "Note: revised.",
                ],
                Some("26-FEB-1987 16:00:57.29"),
                None,
                vec!["usa"],
            ),
            (
                "empty unprocessed item: nothing to invent",
                "<REUTERS NEWID=\"12793\">\n<DATE> 3-APR-1987 07:09:06.48</DATE>\n<TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n\n</TEXT>\n</REUTERS>\n".into(),
                "",
                vec![],
                Some("3-APR-1987 07:09:06.48"),
                None,
                vec![],
            ),
            (
                "wire codes after the date; the byte 0xFC read as Windows-1252",
                "<REUTERS>\n<DATE>13-MAR-1987 10:41:33.77&#5;&#5;&#5;F</DATE>\n<TEXT>\n<TITLE>T</TITLE>\n<DATELINE>    LONDON, June 2 - </DATELINE><BODY>world growth.\u{fc}&#5;&#30;side measures.\n REUTER^M\n&#3;</BODY></TEXT>\n</REUTERS>\n".into(),
                "T",
                vec!["world growth.\u{fc}side measures."],
                Some("13-MAR-1987 10:41:33.77"),
                Some("    LONDON, June 2 - "),
                vec![],
            ),
            (
                "a date the annotators guessed is not stated",
                "<REUTERS>\n<DATE>9-APR-1987 00:00:00.00    # date added by S Finch as guesswork </DATE>\n<TEXT>\n<TITLE>T</TITLE>\n<BODY>x\n</BODY></TEXT>\n</REUTERS>\n".into(),
                "T",
                vec!["x"],
                None,
                None,
                vec![],
            ),
            (
                "missing end tags end at the next tag",
                "<REUTERS>\n<DATE>1-APR-1987 10:25:28.82</DATE>\n<TEXT>\n<TITLE>T\n<DATELINE>    ROME, April 1 - </DATELINE><BODY>Text here.\n</TEXT>\n</REUTERS>\n".into(),
                "T",
                vec!["Text here."],
                Some("1-APR-1987 10:25:28.82"),
                Some("    ROME, April 1 - "),
                vec![],
            ),
            (
                "lower-case tags",
                "<reuters>\n<date>1-APR-1987</date>\n<places><d>italy</d></places>\n<text><title>t</title><body>b</body></text>\n</reuters>\n".into(),
                "t",
                vec!["b"],
                Some("1-APR-1987"),
                None,
                vec!["italy"],
            ),
        ];
        for (name, text, headline, paragraphs, date, dateline, places) in cases {
            let got = records(&text);
            assert_eq!(got.len(), 1, "case: {name}");
            let r = &got[0];
            assert_eq!(r.headline, headline, "case: {name}");
            assert_eq!(r.paragraphs, owned(&paragraphs), "case: {name}");
            assert_eq!(r.stated.date.as_deref(), date, "case: {name}");
            assert_eq!(r.stated.dateline.as_deref(), dateline, "case: {name}");
            assert_eq!(r.stated.places, owned(&places), "case: {name}");
            assert_eq!(
                (r.stated.id.as_deref(), r.stated.place.as_deref()),
                (None, None)
            );
            assert!(r.captions.is_empty(), "case: {name}");
        }
    }

    #[test]
    fn sign_offs_and_paragraphs() {
        let cases: Vec<(&str, Vec<&str>)> = vec![
            ("One.\n Reuter\n&#3;", vec!["One."]),
            ("One.\n REUTER\n\n", vec!["One."]),
            ("One.\n reuter...", vec!["One."]),
            ("One.\nREUTER...^M", vec!["One."]),
            ("One.\n REUTERS", vec!["One."]),
            ("One.\n REUTE", vec!["One."]),
            ("One.\n REUTER TAW", vec!["One."]),
            ("One.\n Reuter4", vec!["One."]),
            ("SAO SIMAO NIL. REUTER11:43/VB", vec!["SAO SIMAO NIL."]),
            ("a total 55.8 (33.7).        REUTER", vec!["a total 55.8 (33.7)."]),
            ("a bank official told\nReuters.", vec!["a bank official told Reuters."]),
            ("SOURCES TOLD REUTER", vec!["SOURCES TOLD REUTER"]),
            ("Noranda said. Reuter", vec!["Noranda said."]),
            ("    Note: period ended January 31.\nREUTER\n Reuter\n&#3;", vec!["Note: period ended January 31."]),
            ("One.\n More", vec!["One.", "More"]),
            (
                "Lead line one\nline two.\n    Second para\nwraps.\n\n    Third.",
                vec!["Lead line one line two.", "Second para wraps.", "Third."],
            ),
            (
                "with comparisons --\n                 Feb 87    Jan 87\n   Fats -- 355.5    387.6-r\n R-Revised.\n    Next para.",
                vec![
                    "with comparisons --",
                    "Feb 87    Jan 87\nFats -- 355.5    387.6-r\nR-Revised.",
                    "Next para.",
                ],
            ),
            ("Reuter", vec![]),
            ("", vec![]),
        ];
        for (body, want) in cases {
            assert_eq!(body_paragraphs(&decode(body)), owned(&want), "{body:?}");
        }
    }

    #[test]
    fn references_are_decoded() {
        let cases = [
            ("&lt;BAC> &amp; &gt;", "<BAC> & >"),
            ("&#2;text&#3;&#127;", "text"),
            ("a&#9;b", "a b"),
            ("Semiconducto&#27;[Br Division", "Semiconductor Division"),
            ("A&#27;[B SHARE", "A SHARE"),
            ("&#27;[12;3Hx &#27;", "x "),
            ("&#65;&#x42;", "AB"),
            ("AT&T &unknown; & &;", "AT&T &unknown; & &;"),
            ("&#99999999999;", "&#99999999999;"),
            ("&#55296;", "&#55296;"),
            ("trailing &", "trailing &"),
        ];
        for (raw, want) in cases {
            assert_eq!(decode(raw), want, "{raw}");
        }
    }

    #[test]
    fn stream_positions_and_damage() {
        let text = format!(
            "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n{STORY}{}",
            STORY.replace("NEWID=\"1\"", "NEWID=\"2\"")
        );
        let got = records(&text);
        assert_eq!(got.len(), 2);
        let second = text.rfind("<REUTERS").unwrap() as u64;
        let positions: Vec<(u64, u64)> = got.iter().map(|r| (r.line, r.offset)).collect();
        assert_eq!(positions, vec![(2, 36), (21, second)]);

        // An unclosed record is kept, with a warning; so is a cut one.
        let unclosed = STORY.replace("</REUTERS>\n", "");
        let items = parse(&format!("{unclosed}{STORY}{unclosed}"));
        let kinds: Vec<Result<String, u64>> = items
            .iter()
            .map(|i| match i {
                Ok(r) => Ok(r.headline.clone()),
                Err(RecordError::Malformed { line, .. }) => Err(*line),
                Err(e) => panic!("{e}"),
            })
            .collect();
        let h = || Ok::<String, u64>("BAHIA COCOA <BCR> REVIEW".into());
        assert_eq!(kinds, vec![Err(1), h(), h(), Err(38), h()]);

        // Text outside records: one warning per stretch.
        let items = parse(&format!("junk\nmore junk\n{STORY}\nafter\n"));
        let warnings: Vec<u64> = items
            .iter()
            .filter_map(|i| match i {
                Err(RecordError::Malformed { line, .. }) => Some(*line),
                _ => None,
            })
            .collect();
        assert_eq!(warnings, vec![1, 23]);
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 1);
    }

    #[test]
    fn over_long_records_are_cut() {
        let filler = "x\n".repeat(MAX_RECORD_BYTES / 2 + 10);
        let big = STORY.replace("the week in", &format!("the week in\n{filler}"));
        let items = parse(&format!("{big}{STORY}"));
        assert_eq!(items.len(), 3);
        assert!(matches!(items[0], Err(RecordError::Malformed { .. })));
        let cut = items[1].as_ref().unwrap();
        assert_eq!(cut.headline, "BAHIA COCOA <BCR> REVIEW");
        assert!(cut.paragraphs[0].len() < MAX_RECORD_BYTES);
        let lines_before = big.matches('\n').count() as u64;
        assert_eq!(items[2].as_ref().unwrap().line, lines_before + 1);

        // After the cut nothing more of the record is kept, short lines
        // included.
        let long_line = "y".repeat(MAX_RECORD_BYTES / 2);
        let big = STORY.replace(
            "the week in",
            &format!("{long_line}\n{long_line}\nshort tail"),
        );
        let items = parse(&big);
        assert_eq!(items.len(), 2);
        let cut = items[1].as_ref().unwrap();
        assert!(!cut.paragraphs.concat().contains("short tail"));
    }

    /// Random soup of the format's own pieces: no panic, records in order.
    #[test]
    fn random_markup_keeps_invariants() {
        const POOL: &[&str] = &[
            "<REUTERS NEWID=\"1\">",
            "</REUTERS>",
            "<TEXT>",
            "<TEXT TYPE=\"UNPROC\">",
            "</TEXT>",
            "<TITLE>T &lt; &#3;",
            "</TITLE>",
            "<BODY>b",
            "</BODY>",
            "<DATELINE> X, Feb 1 - </DATELINE>",
            "<DATE>1-FEB-1987</DATE>",
            "<PLACES><D>usa</D><D>",
            " Reuter",
            "&#",
            "&amp",
            "<",
            "",
            "text line",
        ];
        let mut next = crate::formats::xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let n = (next() % 40) as usize;
            let mut text = String::new();
            for _ in 0..n {
                text.push_str(POOL[(next() % POOL.len() as u64) as usize]);
                if !next().is_multiple_of(3) {
                    text.push('\n');
                }
            }
            let mut last = 0;
            for r in records(&text) {
                assert!(r.line > last, "{text:?}");
                last = r.line;
                assert!(r.paragraphs.iter().all(|p| !p.is_empty()), "{text:?}");
            }
        }
    }

    #[test]
    fn sniffs_the_tags() {
        assert!(looks_like(&["<!DOCTYPE lewis SYSTEM \"lewis.dtd\">"]));
        assert!(looks_like(&["", "<REUTERS TOPICS=\"YES\" NEWID=\"1\">"]));
        assert!(looks_like(&["<REUTERS>"]));
        assert!(!looks_like(&["<REUTERSX>", "Reuters said"]));
        assert!(!looks_like(&["BAHIA COCOA REVIEW", "", "TT", "20"]));
    }
}
