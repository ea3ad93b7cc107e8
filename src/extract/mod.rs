//! Raw record -> `Article`: dates, datelines, places, captions, ids.
//!
//! Owns the order in which evidence is trusted. Date: a date the format
//! states (a tag, header or JSON key), then the dump's path, then a dated
//! dateline, then a date stamp opening the lead, or a date written in the
//! caption or lead on a weekday the lead or caption names, else none.
//! Location: a place the format states, then the dateline's place (marked
//! by the format or opening the body), else the most salient gazetteer
//! place in headline, caption and lead, the rest of the body telling which
//! names are people and which countries the story is in. Nothing is
//! invented: a field the text does not support stays empty.

pub mod dateline;
pub mod dates;
mod gazetteer_build;
pub mod places;
pub(crate) mod words;

use xxhash_rust::xxh3::xxh3_64;

use crate::article::Article;
use crate::formats::{Format, RawRecord};

/// Where a record came from.
pub struct Origin<'a> {
    /// The dump's identity (canonical path), kept as `Article::path`.
    pub path: &'a str,
    /// The dump's path as walked, read for a date: folders above the walked
    /// root say nothing about the articles.
    pub walked: &'a str,
    /// The dump's format: its name goes on the article, its policy
    /// (`news_copy`) decides what a lead may tell.
    pub format: Format,
    /// 0-based position of the record within the dump.
    pub ordinal: u64,
}

/// Weights of the zones searched for a salient place.
const HEADLINE_WEIGHT: f32 = 3.0;
const CAPTION_WEIGHT: f32 = 2.0;
const LEAD_WEIGHT: f32 = 1.0;

/// The article a record holds, its fields taken from the evidence in the
/// order the module doc gives; `origin` says where the record came from.
pub fn article(raw: RawRecord, origin: &Origin<'_>) -> Article {
    let (caption, credit) = split_captions(&raw.captions);
    let lead = raw.paragraphs.first().map(String::as_str).unwrap_or("");
    let stated = &raw.stated;
    // The format's policy: posts are letters, not news copy.
    let news_copy = origin.format.spec().news_copy;
    let dateline = stated
        .dateline
        .as_deref()
        .and_then(dateline::parse_marked)
        .or_else(|| news_copy.then(|| dateline::parse(lead)).flatten());
    // A dateline standing alone as the first paragraph leaves the lead to
    // the paragraph after it.
    let lead_at = match &dateline {
        Some(d) if d.text == lead.trim() => 1,
        _ => 0,
    };
    let lead_text = raw
        .paragraphs
        .get(lead_at)
        .map(String::as_str)
        .unwrap_or("");

    let date = stated
        .date
        .as_deref()
        .and_then(dates::parse_stated)
        .or_else(|| dates::from_path(origin.walked))
        .or_else(|| dateline.as_ref().and_then(|d| d.date()))
        .or_else(|| {
            news_copy
                .then(|| written_date(caption.as_deref().unwrap_or(""), lead_text))
                .flatten()
        })
        // A crawl is no publication: its day only when nothing else tells one.
        .or_else(|| stated.crawled.as_deref().and_then(dates::parse_stated));
    let author = stated.author.as_deref().and_then(byline);
    let section = stated.section.as_deref().and_then(one_line);
    let url = stated.url.as_deref().and_then(one_line);
    let language = stated.language.as_deref().and_then(one_line);
    let crawled = stated.crawled.as_deref().and_then(one_line);

    let gazetteer = places::gazetteer();
    let stated_place = stated
        .place
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let located = match (stated_place, &dateline) {
        (Some(place), _) => Some(gazetteer.resolve_dateline(place, None)),
        (None, Some(d)) => Some(gazetteer.resolve_dateline(&d.place, d.region.as_deref())),
        (None, None) => gazetteer.salient(
            &[
                (raw.headline.as_str(), HEADLINE_WEIGHT),
                (caption.as_deref().unwrap_or(""), CAPTION_WEIGHT),
                (lead_text, LEAD_WEIGHT),
            ],
            raw.paragraphs.get(lead_at + 1..).unwrap_or_default(),
            author.as_deref(),
        ),
    };

    let body = raw.paragraphs.join("\n\n");
    let id = match stated
        .id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        Some(own) => own.to_string(),
        None => format!(
            "{:016x}",
            xxh3_64(format!("{}\n{}", raw.headline, body).as_bytes())
        ),
    };
    Article {
        id,
        headline: raw.headline,
        date,
        location: located.as_ref().map(|l| l.location.clone()),
        country: located.and_then(|l| l.country),
        places: raw.stated.places,
        dateline: dateline.map(|d| d.text),
        body,
        caption,
        credit,
        author,
        section,
        url,
        language,
        crawled,
        format: origin.format.name().to_string(),
        path: origin.path.to_string(),
        ordinal: origin.ordinal,
        line: raw.line,
        offset: raw.offset,
    }
}

/// A date written in the caption or the lead, taken as the publication day
/// only when it reads as one: it opens the lead as a page's stamp does
/// ("November 20, 2019 - 11:28"), or the lead (or the caption) names a
/// weekday and the date falls on it ("on Sunday" beside "July 6, 2025"). A
/// date in prose is as often a past event ("vanished 10 years ago, on 1
/// February 1995") or a file photo's day as the story's own, so a date with
/// no weekday agreeing with it is no date at all.
fn written_date(caption: &str, lead: &str) -> Option<dates::Date> {
    if let Some(stamp) = dates::opening(lead) {
        return Some(stamp);
    }
    let mut weekdays = dates::weekdays_named(lead);
    weekdays.extend(dates::weekdays_named(caption));
    if weekdays.is_empty() {
        return None;
    }
    dates::in_prose(caption)
        .into_iter()
        .chain(dates::in_prose(lead))
        .find(|d| weekdays.contains(&d.weekday()))
}

/// Joins distinct caption lines into one caption and pulls out the photo
/// credit: the parenthesised text ending a caption, "(Photo by X / AFP)".
fn split_captions(lines: &[String]) -> (Option<String>, Option<String>) {
    let mut texts: Vec<String> = Vec::new();
    let mut credits: Vec<String> = Vec::new();
    for line in lines {
        let (text, credit) = split_credit(line);
        if !text.is_empty() && !texts.iter().any(|t| t == text) {
            texts.push(text.to_string());
        }
        if let Some(credit) = credit {
            if !credits.iter().any(|c| c == credit) {
                credits.push(credit.to_string());
            }
        }
    }
    let join = |v: Vec<String>, sep: &str| (!v.is_empty()).then(|| v.join(sep));
    (join(texts, "\n"), join(credits, "; "))
}

/// A stated value on one line, its runs of white space made one space;
/// `None` when nothing is left.
fn one_line(value: &str) -> Option<String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The author a byline names: on one line, without the "By" that opens
/// it ("By JANE SMITH" is "JANE SMITH") or the punctuation around it.
fn byline(value: &str) -> Option<String> {
    let line = one_line(value)?;
    let named = line
        .split_once(' ')
        .filter(|(by, _)| by.eq_ignore_ascii_case("by"))
        .map_or(line.as_str(), |(_, rest)| rest);
    let named = named.trim_matches(|c: char| c.is_whitespace() || ",;:-|".contains(c));
    (!named.is_empty()).then(|| named.to_string())
}

fn split_credit(line: &str) -> (&str, Option<&str>) {
    let line = line.trim();
    if let Some(inner) = line.strip_suffix(')') {
        if let Some(open) = inner.rfind('(') {
            let credit = inner[open + 1..].trim();
            if !credit.is_empty() && credit.len() <= 120 {
                return (line[..open].trim_end(), Some(credit));
            }
        }
    }
    (line, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crawl_date_is_the_date_only_when_nothing_else_tells_one() {
        let origin = Origin {
            path: "/x/crawl.warc.gz",
            walked: "crawl.warc.gz",
            format: Format::Html,
            ordinal: 0,
        };
        let record = |date: Option<&str>| RawRecord {
            headline: "Headline".into(),
            paragraphs: vec!["A body with no date in it.".into()],
            stated: crate::formats::Stated {
                date: date.map(String::from),
                crawled: Some(" 2019-11-18T06:05:04Z ".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let crawled_only = article(record(None), &origin);
        assert_eq!(
            crawled_only.date.map(|d| d.to_string()).as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            crawled_only.crawled.as_deref(),
            Some("2019-11-18T06:05:04Z")
        );
        let published = article(record(Some("2019-11-17")), &origin);
        assert_eq!(
            published.date.map(|d| d.to_string()).as_deref(),
            Some("2019-11-17")
        );
        assert_eq!(published.crawled.as_deref(), Some("2019-11-18T06:05:04Z"));
    }

    #[test]
    fn a_byline_names_its_author() {
        let cases = [
            ("By Jane Smith", Some("Jane Smith")),
            ("  BY   JANE SMITH,  ", Some("JANE SMITH")),
            ("by the Associated Press", Some("the Associated Press")),
            ("Jane Smith, AP", Some("Jane Smith, AP")),
            ("Bystander Jones", Some("Bystander Jones")),
            ("By", Some("By")),
            ("By ,", None),
            ("   ", None),
        ];
        for (written, want) in cases {
            assert_eq!(byline(written).as_deref(), want, "{written:?}");
        }
    }

    #[test]
    fn credits_split_from_captions() {
        let cases = [
            (
                vec!["A road. (Ahmad al-Rubaye/AFP/Getty Images)"],
                Some("A road."),
                Some("Ahmad al-Rubaye/AFP/Getty Images"),
            ),
            (
                vec!["Alt text", "A road. (AFP)"],
                Some("Alt text\nA road."),
                Some("AFP"),
            ),
            (vec!["No credit here"], Some("No credit here"), None),
            (vec![], None, None),
        ];
        for (lines, text, credit) in cases {
            let lines: Vec<String> = lines.into_iter().map(String::from).collect();
            let (t, c) = split_captions(&lines);
            assert_eq!((t.as_deref(), c.as_deref()), (text, credit), "{lines:?}");
        }
    }

    #[test]
    fn prose_dates_need_a_weekday_agreeing_with_them() {
        // Weekdays checked by hand against a calendar: 6 July 2025 was a
        // Sunday, 12 February 2016 a Friday, 3 March 1987 a Tuesday, 1 February
        // 1995 a Wednesday.
        let cases = [
            (
                "speech on July 6, 2025.",
                "reiterated Sunday the",
                Some("2025-07-06"),
            ),
            (
                "a road on Feb. 12, 2016, after",
                "seized areas on Wednesday in",
                None,
            ),
            (
                "a road on Feb. 12, 2016, after",
                "seized areas on Friday in an attack",
                Some("2016-02-12"),
            ),
            // No weekday anywhere: a date in prose tells no publication day.
            ("a road on Feb. 12, 2016, after", "seized areas in an attack", None),
            ("no date", "On March 3, 1987, the bank said", None),
            (
                "no date",
                "On Tuesday, March 3, 1987, the bank said",
                Some("1987-03-03"),
            ),
            // Issue 11: a 2005 BBC story (entertainment/244.txt) was dated
            // 1995-02-01 from its lead's past event.
            (
                "",
                "Richey Edwards, guitarist and lyricist for The Manic Street Preachers, vanished 10 years ago, on 1 February 1995.",
                None,
            ),
            (
                "",
                "He vanished on Tuesday, 1 February 1995.",
                None,
            ),
            // A page's stamp opening the lead (corpus/warc's PanARMENIAN page).
            ("", "November 20, 2019 - 11:28 AMT", Some("2019-11-20")),
            ("", "In a speech, November 20, 2019, he said", None),
            ("no date", "no date either", None),
        ];
        for (caption, lead, want) in cases {
            assert_eq!(
                written_date(caption, lead)
                    .map(|d| d.to_string())
                    .as_deref(),
                want,
                "{caption} / {lead}"
            );
        }
    }
}
