//! The timeline above the hits: matches per year, month or day (as the
//! span of the matches calls for), drawn on the server as SVG. Each bar is
//! a link filtering to its period; `app.js` adds dragging across bars to
//! select a range, from the `data-from`/`data-to` of the bars.

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
    let (unit, key): (&str, fn(Date) -> String) = if span_days < DAYS_MAX {
        ("day", |d| d.to_string())
    } else if span_months < MONTHS_MAX {
        ("month", |d| format!("{:04}-{:02}", d.year, d.month))
    } else {
        ("year", |d| format!("{:04}", d.year))
    };
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

/// Chart geometry, in the SVG's own units (it scales to the page's width).
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 100.0;
const AXIS: f64 = 0.0;

/// The chart of `bars`, each a link to `link(period)`; `base` is the
/// query string of the search without its dates, for the brush.
pub fn chart(unit: &str, bars: &[Bar], base: &str, link: impl Fn(&str) -> String) -> Markup {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let n = bars.len().max(1) as f64;
    let slot = WIDTH / n;
    let gap = if slot > 4.0 { slot * 0.15 } else { 0.0 };
    let plot = HEIGHT - AXIS;
    // At most six labels, on bars evenly spread (a phone has room for six).
    let every = bars.len().div_ceil(6).max(1);
    html! {
        svg.timeline viewBox={"0 0 " (WIDTH) " " (HEIGHT)} preserveAspectRatio="none"
            role="img" aria-label={"Matches per " (unit)} data-base=(base) data-unit=(unit) {
            @for (i, bar) in bars.iter().enumerate() {
                @let h = if bar.count == 0 { 0.0 } else { (bar.count as f64 / max * (plot - 4.0)).max(2.0) };
                @let x = i as f64 * slot;
                a href=(link(&bar.period)) {
                    // The whole column is the link's target, so a short bar
                    // is as easy to hit as a tall one.
                    rect.hit x=(x) y="0" width=(slot) height=(plot) data-period=(bar.period) {}
                    rect.bar x=(x + gap / 2.0) y=(plot - h) width=((slot - gap).max(0.5)) height=(h) {}
                    title { (bar.period) ": " (bar.count) (if bar.count == 1 { " article" } else { " articles" }) }
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
}
