//! The timeline above the hits: matches per year, month or day (as the
//! span of the matches calls for), drawn on the server as SVG. Each bar is
//! a link filtering to its period; `app.js` adds dragging across bars to
//! select a range, from the `data-from`/`data-to` of the bars. With the
//! articles of every period (`totals`), bars are the matches' share of all
//! articles in their period instead of counts: a story's rise that is not
//! only the archive's own growth.

use maud::{html, Markup};

use crate::date::Date;

/// Matches spanning at most this many days are counted by day.
const DAYS_MAX: i64 = 92;
/// ... at most this many months by month, else by year.
const MONTHS_MAX: i64 = 36;
/// Most bars drawn: beyond, only the periods with matches are.
const BARS_MAX: usize = 400;

/// One period of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The period as the `from`/`to` parameters take it: `1987`,
    /// `1987-03` or `1987-03-02`.
    pub period: String,
    /// Matches dated in it.
    pub count: u64,
}

/// The bars for matches per day `days` (oldest first): the unit
/// (`"day"`, `"month"`, `"year"`) and every period from the first to the
/// last, those without a match at 0.
pub fn bars(days: &[(Date, u64)]) -> (&'static str, Vec<Bar>) {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return ("year", Vec::new());
    };
    let span_days = last.0.days_since_epoch() - first.0.days_since_epoch();
    let months = |d: Date| i64::from(d.year) * 12 + i64::from(d.month) - 1;
    let span_months = months(last.0) - months(first.0);
    let unit = if span_days < DAYS_MAX {
        "day"
    } else if span_months < MONTHS_MAX {
        "month"
    } else {
        "year"
    };
    let key = |d: Date| period(unit, d);
    let mut counted: Vec<Bar> = Vec::new();
    for &(day, n) in days {
        let period = key(day);
        match counted.last_mut() {
            Some(bar) if bar.period == period => bar.count += n,
            _ => counted.push(Bar { period, count: n }),
        }
    }
    // Every period in between, at 0, so the chart's x axis is time.
    let mut all = Vec::new();
    let mut periods = Vec::new();
    match unit {
        "day" => {
            for d in first.0.days_since_epoch()..=last.0.days_since_epoch() {
                if let Some(day) = Date::from_days_since_epoch(d) {
                    periods.push(key(day));
                }
            }
        }
        "month" => {
            for m in months(first.0)..=months(last.0) {
                periods.push(format!(
                    "{:04}-{:02}",
                    m.div_euclid(12),
                    m.rem_euclid(12) + 1
                ));
            }
        }
        _ => {
            for y in first.0.year..=last.0.year {
                periods.push(format!("{y:04}"));
            }
        }
    }
    if periods.len() > BARS_MAX {
        return (unit, counted);
    }
    let mut counted = counted.into_iter().peekable();
    for period in periods {
        let count = match counted.peek() {
            Some(bar) if bar.period == period => counted.next().map_or(0, |b| b.count),
            _ => 0,
        };
        all.push(Bar { period, count });
    }
    (unit, all)
}

/// The period of `unit` ("day", "month" or "year") that holds `day`.
fn period(unit: &str, day: Date) -> String {
    match unit {
        "day" => day.to_string(),
        "month" => format!("{:04}-{:02}", day.year, day.month),
        _ => format!("{:04}", day.year),
    }
}

/// The articles of each of `bars`' periods, from every article's day
/// `all` (oldest first): what the share of each bar is taken of.
pub fn totals(unit: &str, bars: &[Bar], all: &[(Date, u64)]) -> Vec<u64> {
    let mut by_period: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for &(day, n) in all {
        *by_period.entry(period(unit, day)).or_default() += n;
    }
    bars.iter()
        .map(|bar| by_period.get(&bar.period).copied().unwrap_or(0))
        .collect()
}

/// `count` of `total` as a percentage for people: "0.42%", "12%".
pub fn percent(count: u64, total: u64) -> String {
    if total == 0 {
        return "0%".into();
    }
    let share = count as f64 / total as f64 * 100.0;
    if share >= 10.0 || share == 0.0 {
        format!("{share:.0}%")
    } else if share >= 1.0 {
        format!("{share:.1}%")
    } else {
        format!("{share:.2}%")
    }
}

/// Chart geometry, in the SVG's own units (it scales to the page's width).
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 100.0;
const AXIS: f64 = 0.0;

/// The chart of `bars`, each a link to `link(period)`; `base` is the
/// query string of the search without its dates, for the brush. With
/// `totals` (the articles of each bar's period), bar heights are shares of
/// them, not counts.
pub fn chart(
    unit: &str,
    bars: &[Bar],
    totals: Option<&[u64]>,
    base: &str,
    link: impl Fn(&str) -> String,
) -> Markup {
    let value = |i: usize| -> f64 {
        let count = bars[i].count as f64;
        match totals {
            Some(totals) => match totals.get(i) {
                Some(&t) if t > 0 => count / t as f64,
                _ => 0.0,
            },
            None => count,
        }
    };
    let max = (0..bars.len()).map(value).fold(0.0, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let n = bars.len().max(1) as f64;
    let slot = WIDTH / n;
    let gap = if slot > 4.0 { slot * 0.15 } else { 0.0 };
    let plot = HEIGHT - AXIS;
    // At most six labels, on bars evenly spread (a phone has room for six).
    let every = bars.len().div_ceil(6).max(1);
    html! {
        svg.timeline viewBox={"0 0 " (WIDTH) " " (HEIGHT)} preserveAspectRatio="none"
            role="img" aria-label={(if totals.is_some() { "Share of all articles matching, per " } else { "Matches per " }) (unit)}
            data-base=(base) data-unit=(unit) {
            @for (i, bar) in bars.iter().enumerate() {
                @let h = if bar.count == 0 { 0.0 } else { (value(i) / max * (plot - 4.0)).max(2.0) };
                @let x = i as f64 * slot;
                a href=(link(&bar.period)) {
                    // The whole column is the link's target, so a short bar
                    // is as easy to hit as a tall one.
                    rect.hit x=(x) y="0" width=(slot) height=(plot) data-period=(bar.period) {}
                    rect.bar x=(x + gap / 2.0) y=(plot - h) width=((slot - gap).max(0.5)) height=(h) {}
                    @match totals.and_then(|t| t.get(i)) {
                        Some(&total) => title { (bar.period) ": " (bar.count) " of " (total) " articles (" (percent(bar.count, total)) ")" },
                        None => title { (bar.period) ": " (bar.count) (if bar.count == 1 { " article" } else { " articles" }) },
                    }
                }
            }
        }
        // The labels are HTML, one equal cell per bar so each sits under
        // its bar: text in an SVG stretched to the page's width would be
        // stretched too.
        div.ticks aria-hidden="true" {
            @for (i, bar) in bars.iter().enumerate() {
                span { @if i % every == 0 { (bar.period) } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(iso: &str) -> Date {
        Date::parse_iso(iso).unwrap()
    }

    #[test]
    fn picks_the_unit_by_span_and_fills_gaps() {
        let (unit, bars) = bars(&[(day("1987-02-26"), 2), (day("1987-03-01"), 3)]);
        assert_eq!(unit, "day");
        // 26, 27, 28 February and 1 March.
        assert_eq!(bars.len(), 4);
        assert_eq!(
            bars[1],
            Bar {
                period: "1987-02-27".into(),
                count: 0
            }
        );
        assert_eq!(bars[3].count, 3);
        let (unit, bars) = super::bars(&[(day("1987-01-05"), 1), (day("1987-10-20"), 4)]);
        assert_eq!(unit, "month");
        assert_eq!(bars.len(), 10);
        let (unit, bars) = super::bars(&[(day("1996-08-20"), 1), (day("2005-01-01"), 1)]);
        assert_eq!(unit, "year");
        assert_eq!(bars.first().map(|b| b.period.as_str()), Some("1996"));
        assert_eq!(bars.len(), 10);
        assert_eq!(super::bars(&[]).1, vec![]);
    }

    #[test]
    fn shares_divide_by_every_article_of_the_period() {
        // Matches: 2 in February 1987, 3 in March; every article: 10 in
        // February (on two days), 30 in March, 5 in April (no match).
        let (unit, bars) = bars(&[(day("1987-02-26"), 2), (day("1987-03-01"), 3)]);
        assert_eq!(unit, "day");
        let all = [
            (day("1987-02-26"), 4),
            (day("1987-02-27"), 6),
            (day("1987-03-01"), 30),
            (day("1987-04-02"), 5),
        ];
        assert_eq!(totals(unit, &bars, &all), vec![4, 6, 0, 30]);
        let months = vec![
            Bar {
                period: "1987-02".into(),
                count: 2,
            },
            Bar {
                period: "1987-03".into(),
                count: 3,
            },
        ];
        assert_eq!(totals("month", &months, &all), vec![10, 30]);
        assert_eq!(percent(2, 10), "20%");
        assert_eq!(percent(3, 30), "10%");
        assert_eq!(percent(1, 40), "2.5%");
        assert_eq!(percent(1, 400), "0.25%");
        assert_eq!(percent(0, 0), "0%");
        // The taller bar is the larger share, not the larger count.
        let svg = chart("month", &months, Some(&[10, 30]), "q=x", |p| {
            format!("/?p={p}")
        })
        .into_string();
        let heights: Vec<f64> = svg
            .split("class=\"bar\"")
            .skip(1)
            .map(|s| {
                let at = s.find("height=\"").unwrap() + 8;
                s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(heights.len(), 2);
        assert!(heights[0] > heights[1], "{heights:?}");
        assert!(svg.contains("2 of 10 articles (20%)"), "{svg}");
    }
}
