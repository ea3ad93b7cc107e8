//! Dates: calendar checks, dates written in paths and in English prose,
//! and the French, German, Spanish, Italian, Portuguese and Dutch month
//! names press databases write in a stated date ("29 décembre 2011").
//!
//! Owns recognising a date and turning it into a `Date`; the order
//! in which sources of a date are trusted is `extract`'s decision, not this
//! module's.

use std::sync::LazyLock;

use regex::Regex;

pub use crate::date::Date;

/// The month named by an English month name or its abbreviation.
pub fn month_from_name(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&lower))
        .map(|i| i as u32 + 1)
}

/// The weekday (0 = Monday) named by an English weekday name.
pub fn weekday_from_name(name: &str) -> Option<u32> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = name.to_ascii_lowercase();
    DAYS.iter().position(|d| *d == lower).map(|i| i as u32)
}

static PATH_SEPARATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:18|19|20|21)\d\d)[-_/.](\d\d)[-_/.](\d\d)(?:[^0-9]|$)")
        .expect("valid regex")
});
static PATH_COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/\\_.\- ])((?:18|19|20|21)\d\d)(\d\d)(\d\d)(?:[/\\_.\- ]|$)")
        .expect("valid regex")
});

/// The date a dump's path gives, as in `2017-09-20.txt`, `2017/09/20/x.txt`
/// or `news_20170920.txt`. The last one in the path wins: a file's name is
/// more specific than its folders.
pub fn from_path(path: &str) -> Option<Date> {
    let mut best: Option<(usize, Date)> = None;
    for re in [&*PATH_SEPARATED, &*PATH_COMPACT] {
        for caps in re.captures_iter(path) {
            let (Some(y), Some(m), Some(d)) = (caps.get(1), caps.get(2), caps.get(3)) else {
                continue;
            };
            let date = Date::new(
                y.as_str().parse().ok()?,
                m.as_str().parse().ok()?,
                d.as_str().parse().ok()?,
            );
            if let Some(date) = date {
                if best.is_none_or(|(at, _)| y.start() > at) {
                    best = Some((y.start(), date));
                }
            }
        }
    }
    best.map(|(_, date)| date)
}

static MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH}),?\s+(?P<y2>\d{{4}})|(?P<y3>\d{{4}})-(?P<m3>\d\d)-(?P<d3>\d\d))\b"
    ))
    .expect("valid regex")
});

/// Every full date (day, month and year) written in `text`, in order:
/// "Feb. 12, 2016", "July 6 2025", "6 July 2025", "2025-07-06".
pub fn in_prose(text: &str) -> Vec<Date> {
    PROSE
        .captures_iter(text)
        .filter_map(|c| prose_date(&c))
        .collect()
}

/// How far into a lead `opening` looks: longer than any date it reads.
const OPENING_BYTES: usize = 64;

/// The full date that opens `text`, as a page's stamp does ("November 20,
/// 2019 - 11:28 AMT"), ignoring white space before it.
pub fn opening(text: &str) -> Option<Date> {
    let text = text.trim_start();
    // A stamp is short ("Wednesday, 20 November 2019"): the regex need
    // not look for a date further into the lead.
    let mut end = text.len().min(OPENING_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let c = PROSE.captures(&text[..end])?;
    (c.get(0)?.start() == 0).then(|| prose_date(&c)).flatten()
}

fn prose_date(c: &regex::Captures<'_>) -> Option<Date> {
    let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = |name: &str| c.name(name).and_then(|m| month_from_name(m.as_str()));
    let (y, m, d) = if c.name("y1").is_some() {
        (num("y1")?, month("m1")?, num("d1")?)
    } else if c.name("y2").is_some() {
        (num("y2")?, month("m2")?, num("d2")?)
    } else {
        (num("y3")?, num("m3")?, num("d3")?)
    };
    Date::new(i32::try_from(y).ok()?, m, d)
}

static STATED_ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])").expect("valid regex"));
static STATED_DMY: LazyLock<Regex> = LazyLock::new(|| {
    // "26-FEB-1987 15:01", "Fri, 12 Feb 2016 10:00:00 GMT", "5 Apr 93 19:33:12 GMT"
    Regex::new(r"^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})[-\s]+([A-Za-z]{3,9})\.?[-\s,]+(\d{4}|\d{2})\b")
        .expect("valid regex")
});

/// A date a format states in a field (a tag, a mail header, a JSON value):
/// RFC 3339 / ISO 8601, RFC 2822 (two-digit years too), Reuters'
/// `26-FEB-1987 15:01:01.79`, "Feb 12, 2016", or Unix seconds or
/// milliseconds. The date is the one written, whatever its time zone.
pub fn parse_stated(text: &str) -> Option<Date> {
    let t = text.trim();
    if (9..=13).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = t.parse().ok()?;
        let secs = if t.len() >= 12 { n / 1000 } else { n };
        return Date::from_epoch_secs(secs);
    }
    if let Some(c) = STATED_ISO.captures(t) {
        return Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    // A month name not English ("jeudi 5 octobre 2013") is looked for below.
    if let Some((c, month)) = STATED_DMY
        .captures(t)
        .and_then(|c| month_from_name(&c[2]).map(|m| (c, m)))
    {
        let year: i32 = c[3].parse().ok()?;
        let year = match (c[3].len(), year) {
            (2, y) if y >= 50 => 1900 + y,
            (2, y) => 2000 + y,
            (_, y) => y,
        };
        return Date::new(year, month, c[1].parse().ok()?);
    }
    in_prose(t).into_iter().next().or_else(|| localised(t))
}

/// Month names of the languages press-database exports are read in,
/// January to December, lower case; unaccented spellings too, as exports
/// transliterate them.
#[rustfmt::skip]
const LOCAL_MONTHS: &[[&str; 12]] = &[
    // French
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre"],
    ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
     "octobre", "novembre", "decembre"],
    // German (and Austrian "Jänner")
    ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
     "oktober", "november", "dezember"],
    ["jänner", "feber", "maerz", "april", "mai", "juni", "juli", "august", "september",
     "oktober", "november", "dezember"],
    // Spanish
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
     "octubre", "noviembre", "diciembre"],
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "setiembre",
     "octubre", "noviembre", "diciembre"],
    // Italian
    ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
     "settembre", "ottobre", "novembre", "dicembre"],
    // Portuguese
    ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
     "outubro", "novembro", "dezembro"],
    ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro",
     "outubro", "novembro", "dezembro"],
    // Dutch
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"],
];

/// The month a French, German, Spanish, Italian, Portuguese or Dutch month
/// name names (full names, any case).
pub fn month_from_localised_name(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_lowercase();
    LOCAL_MONTHS
        .iter()
        .find_map(|months| months.iter().position(|m| *m == lower))
        .map(|i| i as u32 + 1)
}

static LOCALISED: LazyLock<Regex> = LazyLock::new(|| {
    // "29 décembre 2011", "1er janvier 2012", "29. Dezember 2011",
    // "29 de diciembre de 2011", "jeudi 5 octobre 2013"
    Regex::new(r"\b(\d{1,2})(?:er|\.|º|°)?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:del?\s+)?(\d{4})\b")
        .expect("valid regex")
});

/// The first date written day, month name, year in one of the languages of
/// [`month_from_localised_name`].
fn localised(text: &str) -> Option<Date> {
    LOCALISED.captures_iter(text).find_map(|c| {
        Date::new(
            c[3].parse().ok()?,
            month_from_localised_name(&c[2])?,
            c[1].parse().ok()?,
        )
    })
}

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
        .expect("valid regex")
});

/// The weekdays (0 = Monday) a text names, in order.
pub fn weekdays_named(text: &str) -> Vec<u32> {
    WEEKDAY
        .find_iter(text)
        .filter_map(|m| weekday_from_name(m.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn path_dates() {
        let cases = [
            ("corpus/2017-09-20.txt", Some(d(2017, 9, 20))),
            ("news/2017/09/20/page.txt", Some(d(2017, 9, 20))),
            ("dump_20170920.txt", Some(d(2017, 9, 20))),
            ("1987/02/26/day-1987-03-01.txt", Some(d(1987, 3, 1))),
            ("000_891f048a54a096e6.txt", None),
            ("x/2017-02-30.txt", None),
            ("id-120170920.txt", None),
            ("a20170920b.txt", None),
        ];
        for (path, want) in cases {
            assert_eq!(from_path(path), want, "{path}");
        }
    }

    #[test]
    fn prose_dates() {
        let cases = [
            (
                "patrol a road on Feb. 12, 2016, after",
                vec![d(2016, 2, 12)],
            ),
            ("suburbs on July 6, 2025. (Photo", vec![d(2025, 7, 6)]),
            (
                "on 6 July 2025 and 2024-01-31",
                vec![d(2025, 7, 6), d(2024, 1, 31)],
            ),
            ("September 3rd, 1987", vec![d(1987, 9, 3)]),
            ("Sept. 30, 2017", vec![d(2017, 9, 30)]),
            ("on Feb 26 - no year", vec![]),
            ("May 2016 with no day", vec![]),
            ("Feb. 30, 2016", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(in_prose(text), want, "{text}");
        }
    }

    #[test]
    fn stated_dates() {
        let cases = [
            ("26-FEB-1987 15:01:01.79", Some(d(1987, 2, 26))),
            (" 5-MAR-1987 09:30:00.00", Some(d(1987, 3, 5))),
            ("2016-02-12T10:00:00Z", Some(d(2016, 2, 12))),
            ("2016-02-12 23:30:00-05:00", Some(d(2016, 2, 12))),
            ("2016-02-12", Some(d(2016, 2, 12))),
            ("Fri, 12 Feb 2016 10:00:00 GMT", Some(d(2016, 2, 12))),
            ("Mon, 5 Apr 93 19:33:12 GMT", Some(d(1993, 4, 5))),
            ("5 Apr 1993 19:33:12 -0400", Some(d(1993, 4, 5))),
            ("Feb 12, 2016", Some(d(2016, 2, 12))),
            ("1455271200", Some(d(2016, 2, 12))),
            ("1455271200000", Some(d(2016, 2, 12))),
            ("29 décembre 2011", Some(d(2011, 12, 29))),
            ("1er janvier 2012", Some(d(2012, 1, 1))),
            ("jeudi 5 octobre 2013", Some(d(2013, 10, 5))),
            ("5 AOUT 2013", Some(d(2013, 8, 5))),
            ("29. Dezember 2011", Some(d(2011, 12, 29))),
            ("3. März 2020", Some(d(2020, 3, 3))),
            ("29 de diciembre de 2011", Some(d(2011, 12, 29))),
            ("7 de março de 2019", Some(d(2019, 3, 7))),
            ("12 maggio 2015", Some(d(2015, 5, 12))),
            ("30 février 2012", None),
            ("29 brumaire 2011", None),
            ("yesterday", None),
            ("2016-13-01", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_stated(text), want, "{text}");
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(d(1970, 1, 1).weekday(), 3);
        assert_eq!(d(2025, 7, 6).weekday(), 6, "July 6, 2025 was a Sunday");
        assert_eq!(d(2016, 2, 12).weekday(), 4, "Feb 12, 2016 was a Friday");
        assert_eq!(d(2000, 2, 29).weekday(), 1);
        assert_eq!(weekdays_named("reiterated Sunday the group's"), vec![6]);
        assert_eq!(month_from_name("Sept."), Some(9));
        assert_eq!(month_from_name("Mar"), Some(3));
        assert_eq!(month_from_name("Ma"), None);
    }
}
