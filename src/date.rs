//! The calendar date type every stage shares: checked on construction,
//! shown as ISO `YYYY-MM-DD`, convertible to days since the Unix epoch for
//! the index. Recognising dates in text is `extract::dates`' job.

use serde::{Serialize, Serializer};

/// A calendar date that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year, 1800 to 2199.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, from 1.
    pub day: u32,
}

/// Seconds in a day: dates are midnight UTC.
pub const SECS_PER_DAY: i64 = 86_400;

impl Date {
    /// The date, when `year`, `month` and `day` name a real day between 1800 and 2199.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1800..2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day)
    }

    /// Seconds from 1970-01-01T00:00Z to this day's midnight UTC: how the
    /// index stores a date.
    pub fn epoch_secs(self) -> i64 {
        self.days_since_epoch() * SECS_PER_DAY
    }

    /// The day (UTC) of the moment `secs` seconds after 1970-01-01T00:00Z.
    pub fn from_epoch_secs(secs: i64) -> Option<Date> {
        Date::from_days_since_epoch(secs.div_euclid(SECS_PER_DAY))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// A year, month or day written `2016`, `2016-02` or `2016-02-12`: the
    /// first day of that period and the first day after it.
    pub fn parse_period(text: &str) -> Option<(Date, Date)> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
        let year: i32 = parts.first()?.parse().ok()?;
        if parts.first()?.len() != 4 {
            return None;
        }
        match parts.len() {
            1 => Some((Date::new(year, 1, 1)?, Date::new(year + 1, 1, 1)?)),
            2 => {
                let month = num(1)?;
                let start = Date::new(year, month, 1)?;
                let next = if month == 12 {
                    Date::new(year + 1, 1, 1)?
                } else {
                    Date::new(year, month + 1, 1)?
                };
                Some((start, next))
            }
            3 => {
                let day = Date::new(year, num(1)?, num(2)?)?;
                Some((
                    day,
                    Date::from_days_since_epoch(day.days_since_epoch() + 1)?,
                ))
            }
            _ => None,
        }
    }

    /// 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as u32
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for days in [-60_000i64, -1, 0, 1, 59, 60, 11_016, 16_843, 20_275, 80_000] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days, "{date}");
            assert_eq!(Date::parse_iso(&date.to_string()), Some(date));
        }
        assert_eq!(Date::parse_iso("2025-07-06").map(|d| d.weekday()), Some(6));
        assert_eq!(Date::parse_iso("2025-13-06"), None);
        assert_eq!(Date::parse_iso("soon"), None);
        let period = |t: &str| Date::parse_period(t).map(|(a, b)| (a.to_string(), b.to_string()));
        assert_eq!(
            period("2016"),
            Some(("2016-01-01".into(), "2017-01-01".into()))
        );
        assert_eq!(
            period("2016-12"),
            Some(("2016-12-01".into(), "2017-01-01".into()))
        );
        assert_eq!(
            period("2016-02-29"),
            Some(("2016-02-29".into(), "2016-03-01".into()))
        );
        assert_eq!(period("16"), None);
        assert_eq!(period("2016-13"), None);
    }
}
