//! Datelines: the place (and maybe date and agency) that opens a story.
//!
//! Recognises the forms wire services and news sites use:
//! `BEIRUT -`, `BEIRUT —`, `LONDON:`, `WASHINGTON (Reuters) -`,
//! `SALVADOR, Feb 26 -`, `NEW YORK, March 3, 1987 (Reuters) -` (an
//! all-caps name standing alone before its dash, or any before a colon,
//! only when the gazetteer knows it: "WHEAT -" heads a table row), the
//! title-case `Baghdad - Asharq Al-Awsat`, and title-case places papers
//! write in running text (`Chicago - The sharp decline...`, `Springfield, Ill. (AP)
//! - ...`, `Zurich: Sight deposits...`), taken only when the gazetteer
//! knows the name as a place and not as an ordinary word ("Apple - the
//! company" is no dateline). A dateline the format marks (a `DATELINE`
//! tag) is read leniently too, through its typing slips. It returns what
//! the text says; resolving the place is `places`' job.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::{month_from_name, Date};
use super::places;

/// A dateline found at the start of a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The dateline as written, without the dash: `SALVADOR, Feb 26`.
    pub text: String,
    /// The place as written: `SALVADOR`, `Baghdad`.
    pub place: String,
    /// A region or country after the place: `Ill.` in `CHICAGO, Ill.`.
    pub region: Option<String>,
    /// Month and day (`Feb 26`), when the dateline gives them.
    pub month_day: Option<(u32, u32)>,
    /// The year, when the dateline gives one after the month and day.
    pub year: Option<i32>,
    /// The agency or paper: `Reuters`, `Asharq Al-Awsat`.
    pub source: Option<String>,
}

impl Dateline {
    /// The dateline's date when it names a full date.
    pub fn date(&self) -> Option<Date> {
        let (month, day) = self.month_day?;
        Date::new(self.year?, month, day)
    }
}

const MONTH: &str = r"(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-zA-Z]*\.?";
const DASH: &str = r"(?:--?|\u{2013}|\u{2014})";

/// `PLACE[, Region][, Month Day[, Year]] [(Source)] -`, with the place
/// matching `place` and the date optional or required. A required date
/// needs its comma: without one, words in other cases run into a date
/// ("As of April 7 -" is a table's phrase).
fn dateline_regex(place: &str, date_required: bool) -> Regex {
    let date = format!(
        r"(?:{}\s*(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?){}",
        if date_required { "," } else { ",?" },
        if date_required { "" } else { "?" }
    );
    Regex::new(&format!(
        r"^(?P<place>{place})(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?))?{date}\s*(?:\((?P<source>[^()]+)\))?\s*(?P<sep>{DASH}|:)(?:\s+|$)"
    ))
    .expect("valid regex")
}

/// All-caps places: `BEIRUT -`, `SAO PAULO, Feb 26 -`.
static CAPS: LazyLock<Regex> =
    LazyLock::new(|| dateline_regex(r"[A-Z][A-Z.'\-]*[A-Z.](?:[ /][A-Z][A-Z.'\-]*)*", false));

/// Places in other cases only with a date: `Calgary, Alberta, April 7 -`,
/// `sioux falls, april 7 -`.
static TITLE_DATED: LazyLock<Regex> =
    LazyLock::new(|| dateline_regex(r"[A-Za-z][a-z.]+(?:[ \-][A-Za-z][a-z.]+){0,2}", true));

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<place>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){{0,2}})\s*{DASH}\s*(?P<source>[A-Z][A-Za-z'\-]*(?:\s[A-Z][A-Za-z'\-]*){{0,3}})\s*$"
    ))
    .expect("valid regex")
});

/// Title-case places in running text, with a dash or a colon:
/// `Chicago - The`, `Springfield, Ill. (AP) - A`, `Zurich: Sight`,
/// `St. Louis - A`. The place must be one the gazetteer knows; what follows
/// starts a sentence, or a company's name as Reuters marks it
/// (`Toronto - <Enfield Corp Ltd> said`).
static TITLE_RUNNING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"^(?P<place>(?:St\.? )?[A-Z][a-z]+(?:[ \-](?:[A-Z][a-z]+|de|du|da|del|la|el)){{0,3}})(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?))?\s*(?:\((?P<source>[^()]+)\))?\s*(?:{DASH}|:)\s+[\p{{Lu}}\d"'\u{{201C}}<]"#
    ))
    .expect("valid regex")
});

/// Capitalised words that open stories with a dash but are not places.
const NOT_PLACES: &[&str] = &[
    "ANALYSIS",
    "BREAKING",
    "EDITORS",
    "EXCLUSIVE",
    "FACTBOX",
    "FEATURE",
    "INTERVIEW",
    "NOTE",
    "OPINION",
    "PHOTOS",
    "UPDATE",
    "VIDEO",
    "WATCH",
    "CORRECTED",
    "REFILE",
    "ISIS",
    "NATO",
    // Agencies: a dateline tag holding only the wire's name ("AP").
    "AP",
    "AFP",
    "UPI",
];

/// Weekday names, which some wire items put where the place goes
/// ("TUE, APR 07 - market holidays").
fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let lower = word.to_ascii_lowercase();
    DAYS.iter().any(|d| {
        lower.starts_with(d)
            && (lower.len() == 3
                || lower.ends_with("day")
                || lower == "tues"
                || lower == "thur"
                || lower == "thurs")
    })
}

/// The dateline opening `paragraph`, if it has one.
///
/// All-caps places are taken as written (wire datelines name small towns no
/// gazetteer has); a title-case place with a date, in the `Place - Source`
/// form that stands as a paragraph of its own (as Asharq Al-Awsat writes
/// it), or before a dash or colon and a sentence when the gazetteer knows
/// it as a place.
pub fn parse(paragraph: &str) -> Option<Dateline> {
    let first_line = paragraph.lines().next()?.trim();
    if let Some(c) = captures(&CAPS, first_line).or_else(|| captures(&TITLE_DATED, first_line)) {
        let place = c["place"].trim().to_string();
        let letters = place.chars().filter(|ch| ch.is_alphabetic()).count();
        // A name alone before the dash, with no region, date or agency to
        // say it is a dateline, must be a place the gazetteer knows: wire
        // tables head their rows the same way ("WHEAT -", "FOB RIVER -").
        // So must any name before a colon, which labels ("CORRECTION:",
        // "Q&A:") use as much as datelines ("LONDON:").
        let bare = ["region", "month", "source"]
            .iter()
            .all(|&n| c.name(n).is_none());
        let colon = &c["sep"] == ":";
        let known = !(bare || colon) || places::gazetteer().is_place_name(&place);
        if letters >= 2 && known && !NOT_PLACES.contains(&place.as_str()) && !is_weekday(&place) {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let text = whole
                .trim_end()
                .trim_end_matches(|c| is_dash(c) || c == ':');
            let month_day = match (c.name("month"), c.name("day")) {
                (Some(m), Some(d)) => month_from_name(m.as_str())
                    .zip(d.as_str().parse().ok())
                    .filter(|&(_, day)| (1..=31).contains(&day)),
                _ => None,
            };
            return Some(Dateline {
                text: text.trim().to_string(),
                place,
                region: c.name("region").map(|m| m.as_str().to_string()),
                month_day,
                year: c.name("year").and_then(|y| y.as_str().parse().ok()),
                source: c.name("source").map(|m| m.as_str().trim().to_string()),
            });
        }
    }
    if paragraph.lines().count() == 1 {
        if let Some(c) = TITLE.captures(first_line) {
            return Some(Dateline {
                text: first_line.to_string(),
                place: c["place"].to_string(),
                region: None,
                month_day: None,
                year: None,
                source: Some(c["source"].to_string()),
            });
        }
    }
    if let Some(c) = captures(&TITLE_RUNNING, first_line) {
        let place = &c["place"];
        // A state or country after the comma ("Montvale, N.J.", "Austin,
        // Texas") or an agency before the dash ("United Nations (Reuters)")
        // says it is a dateline; a name alone must be a place the
        // gazetteer knows ("Apple - The company" is none).
        let region = c.name("region").is_some_and(|r| {
            is_abbreviation(r.as_str()) || places::gazetteer().is_place_name(r.as_str())
        });
        let agency = c
            .name("source")
            .is_some_and(|s| s.as_str().trim_start().starts_with(char::is_uppercase));
        if region || agency || places::gazetteer().is_place_name(place) {
            let whole = c.get(0).map_or("", |m| m.as_str());
            // Up to the dash or colon, without the sentence's first letter.
            let end = whole
                .rfind(|c| is_dash(c) || c == ':')
                .unwrap_or(whole.len());
            return Some(Dateline {
                text: whole[..end].trim().to_string(),
                place: place.to_string(),
                region: c.name("region").map(|m| m.as_str().to_string()),
                month_day: None,
                year: None,
                source: c.name("source").map(|m| m.as_str().trim().to_string()),
            });
        }
    }
    None
}

/// `regex`'s captures of `line`, when an agency in brackets has at most 40
/// characters: checked here rather than written `[^()]{1,40}` in the
/// pattern, which made the capture automaton 40 copies of a Unicode class
/// (reading reut2-000.sgm's datelines took 30.3 M instructions, now 26.7 M).
fn captures<'h>(regex: &Regex, line: &'h str) -> Option<regex::Captures<'h>> {
    regex.captures(line).filter(|c| {
        c.name("source")
            .is_none_or(|s| s.as_str().chars().count() <= 40)
    })
}

/// True for a postal abbreviation of a state or province, as datelines
/// write them: "N.J.", "D.C.", "Mass.", "Calif.", "MISS.".
fn is_abbreviation(word: &str) -> bool {
    let Some(body) = word.strip_suffix('.') else {
        return false;
    };
    let initials = body
        .split('.')
        .all(|p| p.len() == 1 && p.starts_with(|c: char| c.is_ascii_uppercase()));
    let short = (1..=5).contains(&body.len())
        && body.starts_with(|c: char| c.is_ascii_uppercase())
        && body.chars().all(|c| c.is_ascii_alphabetic());
    initials || short
}

/// A dateline the format marks as one (a `DATELINE` tag): as `parse`
/// reads it, or, when it is written without the dash that ends a dateline
/// in running text (TREC's "TOKYO (AP)", Gigaword's "MANILA, May 31, 2009
/// (AFP)"), as if it had one.
///
/// A tag the strict grammar refuses is read leniently (`parse_lenient`):
/// wire tags carry typing slips ("****LONDON", "NEW YORK , March 5",
/// "RENO, Nev., Mach 4", "ROME, March 13, Reuter -", "WALtHAM, Mass.").
pub fn parse_marked(text: &str) -> Option<Dateline> {
    if text.len() > MEMO_BYTES {
        return read_marked(text);
    }
    if let Some(known) = MARKED.with_borrow(|memo| memo.get(text).cloned()) {
        return known;
    }
    let dateline = read_marked(text);
    MARKED.with_borrow_mut(|memo| {
        if memo.len() >= MEMO_TAGS {
            memo.clear();
        }
        memo.insert(text.into(), dateline.clone());
    });
    dateline
}

thread_local! {
    /// Dateline tags a thread has read lately, and what they said: a
    /// wire's tags repeat ("NEW YORK, March 3"; Reuters-21578's 16,275
    /// hold 6,705 different ones), and reading one takes thousands of
    /// instructions.
    static MARKED: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Option<Dateline>>> =
        std::cell::RefCell::default();
}

/// How many tags `MARKED` holds before it starts afresh, and the longest
/// it keeps.
const MEMO_TAGS: usize = 4096;
const MEMO_BYTES: usize = 120;

/// `parse_marked`, without the memory.
fn read_marked(text: &str) -> Option<Dateline> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    parse(text)
        .or_else(|| {
            if line.ends_with(is_dash) {
                return None;
            }
            parse(&format!("{line} -"))
        })
        .or_else(|| parse_lenient(line))
}

/// True for the dashes that end a dateline.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}')
}

/// `line` without what a wire tag may carry before its place: characters
/// that are not letters ("****", "0"), a lone character before a run of
/// spaces ("c    CHICAGO"), the repeat marker ("RPT --LUDWIGSHAFEN").
fn without_leading_junk(mut line: &str) -> &str {
    loop {
        let before = line;
        line = line.trim_start_matches(|c: char| !c.is_alphabetic());
        if let Some(rest) = line
            .strip_prefix("RPT")
            .filter(|r| !r.starts_with(char::is_alphabetic))
        {
            line = rest;
        }
        let mut chars = line.chars();
        if chars.next().is_some() && chars.as_str().starts_with("  ") {
            line = chars.as_str();
        }
        if line == before {
            return line;
        }
    }
}

/// A dateline tag the strict grammar refuses, read as
/// `Place[, rest][, Reuter] -`: the place is what comes before the first
/// comma, as written ("WALtHAM", "FARMINGTON Conn.", "ME}LBOURNE"). It must
/// start with a capital and name no month or weekday, and either have a
/// region or date after its comma ("NEW YORK , March 5", "RENO, Nev., Mach
/// 4") or, alone before the dash, be a name the gazetteer knows as a place
/// ("London -"; not "Federal Express Corp -" or "Bids only -").
fn parse_lenient(line: &str) -> Option<Dateline> {
    let line = without_leading_junk(line);
    // Up to the first dash that is not inside a word ("WINSTON-SALEM").
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let end = chars
        .iter()
        .enumerate()
        .find(|&(k, &(_, c))| {
            let inside = k > 0
                && chars[k - 1].1.is_alphabetic()
                && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphabetic());
            is_dash(c) && !inside
        })
        .map_or(line.len(), |(_, &(i, _))| i);
    let text = line[..end].trim().trim_end_matches(',').trim_end();
    // The wire's name written as part of the date ("March 13, Reuter").
    let (head, source) = match text.strip_suffix("Reuter") {
        Some(h) if h.is_empty() || h.ends_with([' ', ',']) => (
            h.trim_end().trim_end_matches(',').trim_end(),
            Some("Reuter"),
        ),
        _ => (text, None),
    };
    let (place, rest) = match head.split_once(',') {
        Some((p, r)) => (p.trim(), Some(r.trim())),
        None => (head.trim(), None),
    };
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let names_time = place
        .split_whitespace()
        .any(|w| is_weekday(w) || month_from_name(w).is_some() || w.eq_ignore_ascii_case("today"));
    if letters < 2
        || !place.starts_with(|c: char| c.is_uppercase())
        || place.chars().any(|c| c.is_ascii_digit())
        || names_time
        || NOT_PLACES.contains(&place)
    {
        return None;
    }
    let placed = match rest {
        Some(rest) => rest.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()),
        None => places::gazetteer().is_place_name(place),
    };
    if !placed {
        return None;
    }
    let rest = rest.unwrap_or("");
    let month_day = LENIENT_DATE.captures(rest).and_then(|c| {
        month_from_name(&c["month"])
            .zip(c["day"].parse().ok())
            .filter(|&(_, day)| (1..=31).contains(&day))
    });
    // A region is the words after the place's comma up to a date: a month,
    // or a misspelt one before a day ("Mach 4", "ABR 7").
    let words: Vec<&str> = rest.split([',', ' ']).filter(|w| !w.is_empty()).collect();
    let dated = |k: usize| {
        month_from_name(words[k]).is_some()
            || words[k].contains(|c: char| c.is_ascii_digit())
            || words
                .get(k + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
    };
    let region: Vec<&str> = (0..words.len())
        .take_while(|&k| !dated(k))
        .map(|k| words[k])
        .collect();
    let region = (!region.is_empty() && region[0].starts_with(|c: char| c.is_uppercase()))
        .then(|| region.join(" "));
    Some(Dateline {
        text: text.to_string(),
        place: place.to_string(),
        region,
        month_day,
        year: None,
        source: source.map(String::from),
    })
}

/// A month and day anywhere in a lenient dateline's rest.
static LENIENT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s,])(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})\b"
    ))
    .expect("valid regex")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dateline_forms() {
        // (paragraph, place, region, month_day, year, source)
        type Want = Option<(
            &'static str,
            Option<&'static str>,
            Option<(u32, u32)>,
            Option<i32>,
            Option<&'static str>,
        )>;
        let cases: Vec<(&str, Want)> = vec![
            // Small towns no gazetteer holds, vouched for by their state or
            // their agency (Reuters-21578 leads, restyled).
            (
                "Montvale, N.J. - The Great Atlantic and Pacific Tea Co said",
                Some(("Montvale", Some("N.J."), None, None, None)),
            ),
            (
                "Charlotte, N.C. (Reuters) - Rexham Corp said",
                Some(("Charlotte", Some("N.C."), None, None, Some("Reuters"))),
            ),
            (
                "Austin, Texas - Gulf States Utilities Co said",
                Some(("Austin", Some("Texas"), None, None, None)),
            ),
            (
                "United Nations (Reuters) - For the second time",
                Some(("United Nations", None, None, None, Some("Reuters"))),
            ),
            // A name and a word after a comma is no dateline: neither a
            // state's abbreviation nor a place.
            ("Thanks, Everyone - That was a fine talk.", None),
            (
                "Montvale - The Great Atlantic and Pacific Tea Co said",
                None,
            ),
            (
                "BEIRUT - Lebanese troops",
                Some(("BEIRUT", None, None, None, None)),
            ),
            (
                "BEIRUT \u{2014} Lebanese troops",
                Some(("BEIRUT", None, None, None, None)),
            ),
            (
                "WASHINGTON (Reuters) - The",
                Some(("WASHINGTON", None, None, None, Some("Reuters"))),
            ),
            (
                "SALVADOR, Feb 26 - Showers",
                Some(("SALVADOR", None, Some((2, 26)), None, None)),
            ),
            (
                "NEW YORK, March 3, 1987 (Reuters) - A",
                Some(("NEW YORK", None, Some((3, 3)), Some(1987), Some("Reuters"))),
            ),
            (
                "CHICAGO, Ill., March 3 - A",
                Some(("CHICAGO", Some("Ill."), Some((3, 3)), None, None)),
            ),
            (
                "SAO PAULO, Feb 26 - Brazil",
                Some(("SAO PAULO", None, Some((2, 26)), None, None)),
            ),
            (
                "Baghdad - Asharq Al-Awsat",
                Some(("Baghdad", None, None, None, Some("Asharq Al-Awsat"))),
            ),
            // Title case in running text: a place the gazetteer knows.
            (
                "Baghdad - Iraqi forces said on Monday",
                Some(("Baghdad", None, None, None, None)),
            ),
            (
                "Chicago - The sharp decline in soybean crush ratios",
                Some(("Chicago", None, None, None, None)),
            ),
            (
                "Los Angeles - Unocal Corp's Union Oil Co said",
                Some(("Los Angeles", None, None, None, None)),
            ),
            (
                "Zurich - Sight deposits at the Swiss National Bank",
                Some(("Zurich", None, None, None, None)),
            ),
            (
                "Zurich: Sight deposits rose",
                Some(("Zurich", None, None, None, None)),
            ),
            (
                "Springfield, Ill. (AP) \u{2014} The state",
                Some(("Springfield", Some("Ill."), None, None, Some("AP"))),
            ),
            (
                "Rio de Janeiro \u{2013} Brazil's central bank",
                Some(("Rio de Janeiro", None, None, None, None)),
            ),
            (
                "St. Louis - Anheuser-Busch Cos Inc said",
                Some(("St. Louis", None, None, None, None)),
            ),
            (
                "Toronto - <Enfield Corp Ltd> said it planned",
                Some(("Toronto", None, None, None, None)),
            ),
            ("Apple - the company said", None),
            ("Apple - The company said", None),
            ("Reading - The council said", None),
            ("Chicago - the city said", None),
            ("Chicago is windy - They said", None),
            (
                "London, April 7 - Shares",
                Some(("London", None, Some((4, 7)), None, None)),
            ),
            (
                "Rio de Janeiro, May 1 - x",
                Some(("Rio de Janeiro", None, Some((5, 1)), None, None)),
            ),
            ("Monday, April 7 - x", None),
            ("TUE, APR 07 - INDIA, BOMBAY/DELHI", None),
            (
                "omaha, April 7 - Cattle",
                Some(("omaha", None, Some((4, 7)), None, None)),
            ),
            (
                "Calgary, Alberta, April 7 - Bow",
                Some(("Calgary", Some("Alberta"), Some((4, 7)), None, None)),
            ),
            (
                "St Paul, April 7 - Cattle",
                Some(("St Paul", None, Some((4, 7)), None, None)),
            ),
            (
                "ST. LOUIS, April 7 - Cattle",
                Some(("ST. LOUIS", None, Some((4, 7)), None, None)),
            ),
            // A bare all-caps name the gazetteer does not know as a place
            // heads a table row, no dateline.
            ("WHEAT - Export prices", None),
            ("COPPER GRADE A - 950", None),
            (
                "WOODBRIDGE, N.J. - A",
                Some(("WOODBRIDGE", Some("N.J."), None, None, None)),
            ),
            // The issue's forms: `CITY -`, `City -`, `CITY, Country -`,
            // `City, State (Agency) -`, `CITY, Month Day (Agency) -`,
            // `City —`, with en or em dash or a colon.
            (
                "BAGHDAD, Iraq - Iraqi forces said",
                Some(("BAGHDAD", Some("Iraq"), None, None, None)),
            ),
            (
                "LONDON, March 3 (Reuters) - Shares rose",
                Some(("LONDON", None, Some((3, 3)), None, Some("Reuters"))),
            ),
            (
                "LONDON, March 3 (Reuters) \u{2014} Shares rose",
                Some(("LONDON", None, Some((3, 3)), None, Some("Reuters"))),
            ),
            (
                "Springfield, Ill. (AP) - The state",
                Some(("Springfield", Some("Ill."), None, None, Some("AP"))),
            ),
            (
                "Chicago \u{2014} The sharp decline",
                Some(("Chicago", None, None, None, None)),
            ),
            (
                "Chicago \u{2013} The sharp decline",
                Some(("Chicago", None, None, None, None)),
            ),
            (
                "Los Angeles: Unocal Corp's Union Oil Co said",
                Some(("Los Angeles", None, None, None, None)),
            ),
            (
                "LONDON: Shares rose",
                Some(("LONDON", None, None, None, None)),
            ),
            (
                "LONDON (Reuters): Shares rose",
                Some(("LONDON", None, None, None, Some("Reuters"))),
            ),
            ("CORRECTION: An earlier story", None),
            ("ADVISORY: Editors please note", None),
            ("WARNING: Graphic images", None),
            ("Apple: the company said", None),
            ("Apple \u{2014} The company said", None),
            ("ISIS - the group", None),
            ("UPDATE - prices", None),
            ("The U.S. - and others", None),
            ("Qassem spoke in a video", None),
        ];
        for (text, want) in cases {
            let got = parse(text).map(|d| {
                (
                    d.place.clone(),
                    d.region.clone(),
                    d.month_day,
                    d.year,
                    d.source.clone(),
                )
            });
            let want = want.map(|(p, r, md, y, s)| {
                (
                    p.to_string(),
                    r.map(String::from),
                    md,
                    y,
                    s.map(String::from),
                )
            });
            assert_eq!(got, want, "{text}");
        }
        // Marked by the format, without the dash.
        let marked = [
            ("TOKYO (AP) ", Some(("TOKYO (AP)", "TOKYO", None))),
            (
                "BANGKOK, Thailand (AP)",
                Some(("BANGKOK, Thailand (AP)", "BANGKOK", None)),
            ),
            (" NEW YORK ", Some(("NEW YORK", "NEW YORK", None))),
            (
                "MANILA, May 31, 2009 (AFP)",
                Some((
                    "MANILA, May 31, 2009 (AFP)",
                    "MANILA",
                    Date::new(2009, 5, 31),
                )),
            ),
            (
                "    SALVADOR, Feb 26 - ",
                Some(("SALVADOR, Feb 26", "SALVADOR", None)),
            ),
            ("AP", None),
            ("the city -", None),
            ("", None),
        ];
        for (text, want) in marked {
            let got = parse_marked(text);
            let got = got
                .as_ref()
                .map(|d| (d.text.as_str(), d.place.as_str(), d.date()));
            assert_eq!(got, want, "{text:?}");
        }
        // Marked by the format, with the slips of wire tags (Reuters-21578
        // DATELINE tags): (tag, text, place, region, month_day, source).
        type Lenient = Option<(
            &'static str,
            &'static str,
            Option<&'static str>,
            Option<(u32, u32)>,
            Option<&'static str>,
        )>;
        let slips: [(&str, Lenient); 23] = [
            (
                "    ****LONDON, March 5 - ",
                Some(("LONDON, March 5", "LONDON", None, Some((3, 5)), None)),
            ),
            (
                "c    CHICAGO, March 9 - ",
                Some(("CHICAGO, March 9", "CHICAGO", None, Some((3, 9)), None)),
            ),
            (
                "    RPT --LUDWIGSHAFEN, West Germany, March 30 - ",
                Some((
                    "LUDWIGSHAFEN, West Germany, March 30",
                    "LUDWIGSHAFEN",
                    Some("West Germany"),
                    Some((3, 30)),
                    None,
                )),
            ),
            (
                "    NEW YORK , March 5 - ",
                Some(("NEW YORK , March 5", "NEW YORK", None, Some((3, 5)), None)),
            ),
            (
                "    NEW YORK, Narch 2 - ",
                Some(("NEW YORK, Narch 2", "NEW YORK", None, None, None)),
            ),
            (
                "    RENO, Nev., Mach 4 - ",
                Some(("RENO, Nev., Mach 4", "RENO", Some("Nev."), None, None)),
            ),
            (
                "    BUENOS AIRES, ABR 7 - ",
                Some(("BUENOS AIRES, ABR 7", "BUENOS AIRES", None, None, None)),
            ),
            (
                "    ROME, March 13, Reuter - ",
                Some((
                    "ROME, March 13, Reuter",
                    "ROME",
                    None,
                    Some((3, 13)),
                    Some("Reuter"),
                )),
            ),
            (
                "    CHICAGO, March 4, - ",
                Some(("CHICAGO, March 4", "CHICAGO", None, Some((3, 4)), None)),
            ),
            (
                "    CHEVY CHASE, Md., - March 4 - ",
                Some(("CHEVY CHASE, Md.", "CHEVY CHASE", Some("Md."), None, None)),
            ),
            (
                "    WALtHAM, Mass., March 16 - ",
                Some((
                    "WALtHAM, Mass., March 16",
                    "WALtHAM",
                    Some("Mass."),
                    Some((3, 16)),
                    None,
                )),
            ),
            (
                "    LaFox, Ill., April 3 -\n    ",
                Some((
                    "LaFox, Ill., April 3",
                    "LaFox",
                    Some("Ill."),
                    Some((4, 3)),
                    None,
                )),
            ),
            (
                "    GRONINGEN, the Netherlands, March 31 - ",
                Some((
                    "GRONINGEN, the Netherlands, March 31",
                    "GRONINGEN",
                    None,
                    Some((3, 31)),
                    None,
                )),
            ),
            (
                "    AMSTERDAM, 2 March - ",
                Some(("AMSTERDAM, 2 March", "AMSTERDAM", None, None, None)),
            ),
            (
                "    London - ",
                Some(("London", "London", None, None, None)),
            ),
            (
                "    Los Angeles \u{2014} ",
                Some(("Los Angeles", "Los Angeles", None, None, None)),
            ),
            // No place: a company, a table's phrase, a date, a weekday.
            ("    Federal Express Corp - ", None),
            ("    FOB RIVER - ", None),
            ("    Bids only - ", None),
            (" As of April 7  - ", None),
            ("    Apple - ", None),
            ("    TUE, APR 07 - ", None),
            ("    - Position of APR 6   - ", None),
        ];
        for (text, want) in slips {
            let got = parse_marked(text);
            let got = got.as_ref().map(|d| {
                (
                    d.text.as_str(),
                    d.place.as_str(),
                    d.region.as_deref(),
                    d.month_day,
                    d.source.as_deref(),
                )
            });
            assert_eq!(got, want, "{text:?}");
        }
        let full = parse("NEW YORK, March 3, 1987 (Reuters) - A").unwrap();
        assert_eq!(full.date(), Date::new(1987, 3, 3));
        assert_eq!(full.text, "NEW YORK, March 3, 1987 (Reuters)");
    }
}
