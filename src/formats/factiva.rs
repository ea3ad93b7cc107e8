//! Factiva exports (Dow Jones): the PPS XML response and the HTML "Full
//! Article" page with its two-letter field codes, one record per article.
//!
//! ```text
//! <PPSResponse><ppsArticleResponse xmlns="http://global.factiva.com/pps/2.0">
//!   <ppsarticle><article>
//!     <accessionNo>TEST0000020120109e51700030</accessionNo>
//!     <baseLanguage>EN</baseLanguage>
//!     <headline><paragraph><hlt>TEST</hlt> - first test article</paragraph></headline>
//!     <leadParagraph><paragraph>...</paragraph></leadParagraph>
//!     <publicationDate><dateTime>2012-01-09T01:35:58Z</dateTime></publicationDate>
//!     <sourceName>My Newspaper</sourceName>
//!     <region code="usa"><name>United States</name></region>
//!     <tailParagraphs><paragraph>...</paragraph></tailParagraphs>
//!   </article></ppsarticle> ...
//!
//! <div class="article frArticle"><table>
//!   <tr><td class="index"><b>HD</b>&nbsp;</td><td><b>Test 1</b></td></tr>
//!   <tr><td class="index"><b>PD</b>&nbsp;</td><td>29 décembre 2011</td></tr>
//!   <tr><td class="index"><p><b>LP</b>&nbsp;</p></td><td><p>...</p><p>...</p></td></tr>
//!   <tr><td class="index"><p><b>TD</b>&nbsp;</p></td><td><p>...</p></td></tr>
//!   <tr><td class="index"><b>AN</b>&nbsp;</td><td>Document TESTFR0020111229e7ct0001r</td></tr>
//! </table></div> ...
//! ```
//!
//! Mapped to a `RawRecord`: the accession number (`accessionNo`, `AN`
//! without its "Document ") is the id; the headline (`headline`, `HD`);
//! the publication date as written (`publicationDate`, `PD`: "29 décembre
//! 2011" in a French interface, read by `extract`); the lead paragraphs
//! then the text (`leadParagraph` + `tailParagraphs`, `LP` + `TD`), the
//! lead once even when the text repeats it; the byline (`byline`, `BY`),
//! section (`sectionName`, `SE`), language (`baseLanguage`, `LA`, as
//! written: "EN", "Français") and the region names as place tags (`region`,
//! `RE`). The source name (`sourceName`, `SN`) has no field to go to. A
//! dateline opening the text is `extract`'s to find.
//!
//! Both layouts are many articles in one file (one 100 KB line, at times):
//! the articles are cut out by their markers ([`super::export`]), and one
//! that cannot be read (an XML error, a page article without field codes)
//! is skipped with a warning naming its line. The layout is told from the
//! dump's head.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::export::{Cutter, Piece};
use super::feed::entities;
use super::html::fragment;
use super::trec::sgml::find_ignore_case;
use super::{join_words, Head, Parse, Queue, RawRecord, RecordError, Score, Spec, Stated};
use crate::read::LineReader;

/// The registry's entry for Factiva exports.
pub const FORMAT: Spec = Spec {
    name: "factiva",
    sniff,
    extensions: &[],
    open: |lines, _options| Box::new(FactivaParser::new(lines).records()),
    news_copy: true,
};

/// Marks of the XML layout, any one enough.
const XML_MARKS: &[&str] = &["global.factiva.com/pps", "<ppsarticle", "<PPSResponse"];

/// How sure the head of a dump is a Factiva export: the PPS namespace or
/// elements for the XML, an article `div` holding field codes for the HTML
/// (a page the html format would take: the export's score outranks it).
fn sniff(head: &Head) -> Score {
    let any = |needle: &str| head.contains_ignore_case(needle);
    if XML_MARKS.iter().any(|m| any(m)) {
        return Score::EXPORT;
    }
    let article = any("class=\"article") || any("class='article");
    let codes = any("<b>HD</b>") && (any("<b>LP</b>") || any("<b>TD</b>") || any("<b>PD</b>"));
    Score::when(article && codes, Score::EXPORT)
}

/// The two layouts of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Xml,
    Html,
}

/// How many lines of the head are looked at for the layout.
const LAYOUT_LINES: usize = 400;

/// Streams the articles of a Factiva export.
pub struct FactivaParser<'a, R> {
    lines: &'a mut LineReader<R>,
    layout: Layout,
    cutter: Cutter,
    done: Vec<Piece>,
}

impl<'a, R: BufRead> FactivaParser<'a, R> {
    /// A parser of the export in `lines`, its layout told from its head.
    pub fn new(lines: &'a mut LineReader<R>) -> Self {
        let mut layout = Layout::Html;
        for n in 0..LAYOUT_LINES {
            match lines.peek(n) {
                Ok(Some(line)) => {
                    if XML_MARKS
                        .iter()
                        .any(|m| find_ignore_case(&line.text, m).is_some())
                    {
                        layout = Layout::Xml;
                        break;
                    }
                    if find_ignore_case(&line.text, "class=\"article").is_some() {
                        break;
                    }
                }
                _ => break,
            }
        }
        let cutter = match layout {
            Layout::Xml => Cutter::new(&["<article>", "<article "], &["</article>"]),
            Layout::Html => Cutter::new(
                &["<div class=\"article", "<div class='article"],
                &["id=\"pageFooter\"", "</body>"],
            ),
        };
        FactivaParser {
            lines,
            layout,
            cutter,
            done: Vec::new(),
        }
    }

    fn build(&self, piece: Piece, queue: &mut Queue) {
        if !piece.closed && self.layout == Layout::Xml {
            queue.warn(
                piece.line,
                "article not closed at the end of the dump; read as far as it goes",
            );
        }
        let built = match self.layout {
            Layout::Xml => xml_article(&piece.text),
            Layout::Html => html_article(&piece.text),
        };
        match built {
            Ok((stated, headline, paragraphs)) => queue.record_unless_empty(
                "Factiva article",
                RawRecord {
                    headline,
                    captions: Vec::new(),
                    paragraphs,
                    line: piece.line,
                    offset: piece.offset,
                    stated,
                },
            ),
            Err(reason) => queue.warn(piece.line, format!("Factiva article: {reason}; skipped")),
        }
    }
}

impl<R: BufRead> Parse for FactivaParser<'_, R> {
    fn step(&mut self, queue: &mut Queue) -> Result<(), RecordError> {
        match self.lines.next_line()? {
            Some(line) => {
                let mut done = std::mem::take(&mut self.done);
                self.cutter.line(&line, queue, &mut done, &mut |_| {});
                for piece in done.drain(..) {
                    self.build(piece, queue);
                }
                self.done = done;
            }
            None => {
                if let Some(piece) = self.cutter.finish() {
                    self.build(piece, queue);
                }
                queue.finish();
            }
        }
        Ok(())
    }

    fn salvage(&mut self, queue: &mut Queue) {
        if self.cutter.inside() {
            if let Some(piece) = self.cutter.finish() {
                self.build(piece, queue);
            }
        }
    }
}

/// What an article gives: its stated fields, headline and paragraphs.
type Built = (Stated, String, Vec<String>);

/// The lead paragraphs then the text's, the lead once: Factiva's text may
/// open by repeating it.
fn lead_then_text(lead: Vec<String>, text: Vec<String>) -> Vec<String> {
    let repeated = !lead.is_empty() && text.starts_with(&lead);
    let rest = if repeated {
        &text[lead.len()..]
    } else {
        &text[..]
    };
    let mut out = lead;
    out.extend(rest.iter().cloned());
    out
}

/// Paragraphs of text written straight into an element, without
/// `<paragraph>` children (Reuters stories converted to Factiva XML): an
/// indented line or a blank line starts a paragraph, wrapped lines are
/// joined.
fn loose_paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        let indented = line.starts_with([' ', '\t']);
        if (trimmed.is_empty() || indented) && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !trimmed.is_empty() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(trimmed);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The fields of one `<article>` of the XML layout.
#[derive(Default)]
struct XmlFields {
    id: String,
    language: String,
    headline: String,
    date: String,
    byline: String,
    section: String,
    regions: Vec<String>,
    /// Lead and text paragraphs (`<paragraph>` children), and text written
    /// straight into the element.
    lead: Vec<String>,
    lead_loose: String,
    tail: Vec<String>,
    tail_loose: String,
}

impl XmlFields {
    /// Adds `text` found inside the elements `open` (outermost first).
    fn text(&mut self, open: &[String], text: &str) {
        let Some(field) = open.get(1).map(String::as_str) else {
            return;
        };
        let in_paragraph = open.iter().skip(2).any(|e| e == "paragraph");
        match field {
            "accessionNo" => self.id.push_str(text),
            "baseLanguage" => self.language.push_str(text),
            "headline" => self.headline.push_str(text),
            // The first of its children that holds a date.
            "publicationDate" if self.date.trim().is_empty() => self.date.push_str(text),
            "byline" => self.byline.push_str(text),
            "sectionName" | "section" => self.section.push_str(text),
            "region" if open.get(2).is_some_and(|e| e == "name") => {
                if let Some(last) = self.regions.last_mut() {
                    last.push_str(text);
                }
            }
            "leadParagraph" | "tailParagraphs" => {
                let lead = field == "leadParagraph";
                let (paragraphs, loose) = if lead {
                    (&mut self.lead, &mut self.lead_loose)
                } else {
                    (&mut self.tail, &mut self.tail_loose)
                };
                match paragraphs.last_mut() {
                    Some(last) if in_paragraph => last.push_str(text),
                    _ => loose.push_str(text),
                }
            }
            _ => {}
        }
    }

    /// An element opened inside the article.
    fn start(&mut self, open: &[String]) {
        match (open.get(1).map(String::as_str), open.len()) {
            (Some("leadParagraph"), 3) if open[2] == "paragraph" => self.lead.push(String::new()),
            (Some("tailParagraphs"), 3) if open[2] == "paragraph" => self.tail.push(String::new()),
            (Some("region"), 3) if open[2] == "name" => self.regions.push(String::new()),
            _ => {}
        }
    }

    fn built(self) -> Built {
        let one = |s: &str| Some(join_words(s)).filter(|s| !s.is_empty());
        let paragraphs = |mut marked: Vec<String>, loose: &str| {
            marked = marked
                .iter()
                .map(|p| join_words(p))
                .filter(|p| !p.is_empty())
                .collect();
            marked.extend(loose_paragraphs(loose));
            marked
        };
        let lead = paragraphs(self.lead, &self.lead_loose);
        let tail = paragraphs(self.tail, &self.tail_loose);
        let stated = Stated {
            id: one(&self.id),
            date: one(&self.date),
            author: one(&self.byline),
            section: one(&self.section),
            language: one(&self.language),
            places: self
                .regions
                .iter()
                .map(|r| join_words(r))
                .filter(|r| !r.is_empty())
                .collect(),
            ..Stated::default()
        };
        (
            stated,
            join_words(&self.headline),
            lead_then_text(lead, tail),
        )
    }
}

/// Elements nested deeper than this in an article are not tracked.
const MAX_DEPTH: usize = 64;

/// One `<article>` of the XML layout, from `<article>` to `</article>`.
fn xml_article(text: &str) -> Result<Built, String> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.allow_unmatched_ends = true;
    config.check_end_names = false;
    let mut open: Vec<String> = Vec::new();
    let mut untracked = 0usize;
    let mut fields = XmlFields::default();
    loop {
        match reader.read_event() {
            Err(err) => {
                let at = reader.error_position();
                return Err(format!("XML error at byte {at} of the article: {err}"));
            }
            Ok(Event::Eof) => break,
            Ok(Event::Start(start)) => {
                if open.len() >= MAX_DEPTH {
                    untracked += 1;
                    continue;
                }
                let name = start.local_name();
                open.push(name.as_ref().to_string());
                fields.start(&open);
            }
            Ok(Event::End(_)) => {
                if untracked > 0 {
                    untracked -= 1;
                } else {
                    open.pop();
                }
            }
            Ok(Event::Text(t)) => fields.text(&open, &t.xml10_content()),
            Ok(Event::CData(t)) => fields.text(&open, &t.xml10_content()),
            Ok(Event::GeneralRef(reference)) => {
                let name: &str = &reference;
                match entities::reference(name) {
                    Some(c) => fields.text(&open, c.encode_utf8(&mut [0; 4])),
                    None => fields.text(&open, &format!("&{name};")),
                }
            }
            Ok(_) => {}
        }
    }
    Ok(fields.built())
}

/// One `<div class="article ...">` of the HTML layout: its rows of field
/// codes.
fn html_article(text: &str) -> Result<Built, String> {
    // (code, value HTML) per row; a row without a code cell (a table inside
    // a field's value) belongs to the field before it.
    let mut rows: Vec<(String, String)> = Vec::new();
    for row in split_rows(text) {
        let code_end = find_ignore_case(row, "</td>");
        let coded = code_end.filter(|&end| {
            let cell = &row[..end];
            find_ignore_case(cell, "class=\"index\"").is_some()
                || find_ignore_case(cell, "class='index'").is_some()
        });
        match coded {
            Some(end) => {
                let code = fragment::one_line(&row[..end]);
                rows.push((code, row[end + "</td>".len()..].to_string()));
            }
            None => {
                if let Some((_, value)) = rows.last_mut() {
                    value.push_str(row);
                }
            }
        }
    }
    if rows.is_empty() {
        return Err("no field codes (HD, PD, LP, TD) in it".to_string());
    }
    let mut stated = Stated::default();
    let mut headline = String::new();
    let (mut lead, mut body) = (Vec::new(), Vec::new());
    for (code, value) in &rows {
        let one = || Some(fragment::one_line(value)).filter(|v| !v.is_empty());
        match code.as_str() {
            "HD" => headline = fragment::one_line(value),
            "PD" => stated.date = one(),
            "BY" => stated.author = one(),
            "SE" => stated.section = one(),
            "LA" => stated.language = one(),
            "AN" => {
                stated.id = one().map(|an| {
                    an.strip_prefix("Document ")
                        .map_or(an.clone(), |id| id.trim().to_string())
                });
            }
            "RE" => {
                // "fra : France | eurz : Europe": the names.
                stated.places = fragment::one_line(value)
                    .split('|')
                    .filter_map(|item| {
                        let name = item.split_once(" : ").map_or(item, |(_, n)| n).trim();
                        (!name.is_empty()).then(|| name.to_string())
                    })
                    .collect();
            }
            "LP" => lead = fragment::paragraphs(value),
            "TD" => body = fragment::paragraphs(value),
            _ => {}
        }
    }
    Ok((stated, headline, lead_then_text(lead, body)))
}

/// The table rows of `text`, each from its `<tr` to the next (the text
/// before the first row left out).
fn split_rows(text: &str) -> Vec<&str> {
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| find_ignore_case(t, "<tr")) {
        let at = from + at;
        let next = text.as_bytes().get(at + 3);
        if matches!(next, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')) {
            starts.push(at);
        }
        from = at + 3;
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| &text[s..starts.get(i + 1).copied().unwrap_or(text.len())])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<RawRecord>, Vec<String>) {
        let mut lines = LineReader::new(text.as_bytes());
        crate::formats::records_and_warnings(FactivaParser::new(&mut lines))
    }

    #[test]
    fn xml_articles_with_marked_and_loose_paragraphs() {
        let text = "<?xml version=\"1.0\"?>\n<PPSResponse><ppsarticle><article><accessionNo>A1</accessionNo>\
<headline><paragraph><hlt>TEST</hlt> - one &amp; two</paragraph></headline>\
<leadParagraph><paragraph>Lead.</paragraph></leadParagraph>\
<publicationDate><dateTime>2012-01-09T01:35:58Z</dateTime></publicationDate>\
<region code=\"usa\"><name>United States</name></region>\
<tailParagraphs><paragraph>Lead.</paragraph><paragraph>Body &eacute;.</paragraph></tailParagraphs>\
</article></ppsarticle>\n<ppsarticle><article>\n<accessionNo>A2</accessionNo>\n<leadParagraph>\nFirst\nwrapped.\n    Second.\n</leadParagraph>\n</article></ppsarticle>\n<ppsarticle><article><headline>broken<!-- never closed\n<ppsarticle><article><accessionNo>A4</accessionNo></article>\n</PPSResponse>\n";
        let (got, warnings) = parse(text);
        assert_eq!(got.len(), 2, "{warnings:?}");
        assert_eq!(got[0].stated.id.as_deref(), Some("A1"));
        assert_eq!(got[0].headline, "TEST - one & two");
        assert_eq!(got[0].paragraphs, ["Lead.", "Body é."]);
        assert_eq!(got[0].stated.date.as_deref(), Some("2012-01-09T01:35:58Z"));
        assert_eq!(got[0].stated.places, ["United States"]);
        assert_eq!(got[1].stated.id.as_deref(), Some("A2"));
        assert_eq!(got[1].paragraphs, ["First wrapped.", "Second."]);
        assert_eq!(got[1].line, 3);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[1].contains("A4 has no headline or text"),
            "{warnings:?}"
        );
    }

    #[test]
    fn html_rows_of_field_codes() {
        let text = "<html><body><div class=\"article enArticle\"><table>\
<tr><td class=\"index\"><b>HD</b>&nbsp;</td><td><b>Head</b></td></tr>\
<tr><td class=\"index\"><b>PD</b>&nbsp;</td><td>3. März 2020</td></tr>\
<tr><td class=\"index\"><b>BY</b>&nbsp;</td><td>By Jane Roe</td></tr>\
<tr><td class=\"index\"><p><b>LP</b>&nbsp;</p></td><td><p>One.</p><p>Two.</p></td></tr>\
<tr><td class=\"index\"><p><b>TD</b>&nbsp;</p></td><td><p>Three.</p><table><tr><td>cell</td></tr></table><p>Four.</p></td></tr>\
<tr><td class=\"index\"><b>RE</b>&nbsp;</td><td><br/>gfr : Germany | eurz : Europe</td></tr>\
<tr><td class=\"index\"><b>AN</b>&nbsp;</td><td>Document X1</td></tr></table></div>\
<div class=\"article enArticle\"><p>no codes</p></div><div id=\"pageFooter\"></div></body></html>\n";
        let (got, warnings) = parse(text);
        assert_eq!(got.len(), 1, "{warnings:?}");
        let r = &got[0];
        assert_eq!(r.headline, "Head");
        assert_eq!(r.stated.date.as_deref(), Some("3. März 2020"));
        assert_eq!(r.stated.author.as_deref(), Some("By Jane Roe"));
        assert_eq!(r.stated.id.as_deref(), Some("X1"));
        assert_eq!(r.stated.places, ["Germany", "Europe"]);
        assert_eq!(r.paragraphs[..3], ["One.", "Two.", "Three."]);
        assert_eq!(r.paragraphs.last().map(String::as_str), Some("Four."));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("no field codes"), "{warnings:?}");
    }

    #[test]
    fn sniffs_both_layouts_and_nothing_else() {
        let sniffed = |text: &str| crate::formats::sniff_text(sniff, text);
        assert_eq!(
            sniffed("<?xml version=\"1.0\"?>\n<PPSResponse>"),
            Score::EXPORT
        );
        assert_eq!(
            sniffed("<html>\n<div class=\"article enArticle\"><td><b>HD</b></td><td><b>PD</b>"),
            Score::EXPORT
        );
        assert_eq!(
            sniffed("<html>\n<div class=\"article\"><p>HD</p>"),
            Score::NO
        );
        assert_eq!(sniffed("<rss><item><title>HD</title>"), Score::NO);
    }
}
