//! Facets: how the matches of a query spread over time and places.
//!
//! Counts every match (not only the page shown) with tantivy's
//! aggregations: a day histogram over the `date` fast field, rolled up into
//! years, or months when the matches span two years or less; and the top
//! values of the raw `location_exact`, `country_exact`, `author_exact`,
//! `section_exact` and `source` fields.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::AggregationCollector;
use tantivy::query::{AllQuery, Query};
use tantivy::Searcher;

use crate::date::Date;
use crate::index::schema::DATE;

/// How many values a facet lists.
const TOP_LOCATIONS: usize = 10;

/// The facets of raw values: (name in the results, field).
const VALUE_FACETS: [(&str, &str); 5] = [
    ("locations", "location_exact"),
    ("countries", "country_exact"),
    ("authors", "author_exact"),
    ("sections", "section_exact"),
    ("sources", "source"),
];

/// How the matches of a query spread over time and places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facets {
    /// "year" or "month": the unit of `dates`.
    pub by: &'static str,
    /// (period, matches), oldest first: "1987" or "1987-03".
    pub dates: Vec<(String, u64)>,
    /// (location, matches), most first.
    pub locations: Vec<(String, u64)>,
    /// (country, matches), most first.
    pub countries: Vec<(String, u64)>,
    /// (author as written, matches), most first.
    pub authors: Vec<(String, u64)>,
    /// (section, matches), most first.
    pub sections: Vec<(String, u64)>,
    /// (source: a site, or a dump file, matches), most first.
    pub sources: Vec<(String, u64)>,
    /// (day, matches), oldest first, days without a match left out: what
    /// `dates` rolls up, for a front end that charts a short span by day.
    pub days: Vec<(Date, u64)>,
}

/// Counts every match of `query` by year (by month when they fall within
/// two calendar years) and by location, country, author, section and
/// source (the top `TOP_LOCATIONS` of each).
pub(crate) fn count(searcher: &Searcher, query: &dyn Query) -> tantivy::Result<Facets> {
    let mut request = by_day();
    for (name, field) in VALUE_FACETS {
        request[name] = json!({"terms": {"field": field, "size": TOP_LOCATIONS}});
    }
    Ok(from_results(&aggregate(searcher, query, request)?))
}

/// The aggregation of matches by day, named `days`.
fn by_day() -> Value {
    json!({
        "days": {"date_histogram": {"field": DATE, "fixed_interval": "1d", "min_doc_count": 1}},
    })
}

/// tantivy's aggregations of `request` over the matches of `query`, as JSON.
fn aggregate(searcher: &Searcher, query: &dyn Query, request: Value) -> tantivy::Result<Value> {
    let aggregations: Aggregations = serde_json::from_value(request)
        .map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
    let collector = AggregationCollector::from_aggs(aggregations, Default::default());
    let results: AggregationResults = searcher.search(query, &collector)?;
    serde_json::to_value(results).map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))
}

/// Every article of the index by day (oldest first, days without one left
/// out): what a timeline divides its matches by to chart their share of
/// all articles in each period.
pub fn days_of_all(searcher: &Searcher) -> tantivy::Result<Vec<(Date, u64)>> {
    Ok(day_buckets(&aggregate(searcher, &AllQuery, by_day())?))
}

fn day_buckets(results: &Value) -> Vec<(Date, u64)> {
    buckets(results, "days")
        .iter()
        .filter_map(|b| {
            let ms = b["key"].as_f64()?;
            // Buckets are keyed by milliseconds since the epoch.
            let day = Date::from_epoch_secs((ms / 1000.0).floor() as i64)?;
            Some((day, b["doc_count"].as_u64()?))
        })
        .collect()
}

fn buckets(results: &Value, name: &str) -> Vec<Value> {
    results[name]["buckets"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn from_results(results: &Value) -> Facets {
    let days = day_buckets(results);
    let span_years = match (days.first(), days.last()) {
        (Some(first), Some(last)) => last.0.year - first.0.year,
        _ => 0,
    };
    let by = if span_years <= 1 { "month" } else { "year" };
    let mut periods: BTreeMap<String, u64> = BTreeMap::new();
    for &(day, n) in &days {
        let key = if by == "month" {
            format!("{:04}-{:02}", day.year, day.month)
        } else {
            format!("{:04}", day.year)
        };
        *periods.entry(key).or_default() += n;
    }
    let values = |name: &str| {
        buckets(results, name)
            .iter()
            .filter_map(|b| Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?)))
            .collect()
    };
    Facets {
        by,
        dates: periods.into_iter().collect(),
        locations: values("locations"),
        countries: values("countries"),
        authors: values("authors"),
        sections: values("sections"),
        sources: values("sources"),
        days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_roll_up_by_span() {
        let day = |iso: &str| Date::parse_iso(iso).unwrap().epoch_secs() as f64 * 1000.0;
        let short = json!({"days": {"buckets": [
            {"key": day("1987-02-26"), "doc_count": 2},
            {"key": day("1987-03-01"), "doc_count": 3},
            {"key": day("1987-03-31"), "doc_count": 1}
        ]}, "locations": {"buckets": [{"key": "Tokyo", "doc_count": 4}]}});
        let facets = from_results(&short);
        assert_eq!(facets.by, "month");
        assert_eq!(
            facets.dates,
            vec![("1987-02".to_string(), 2), ("1987-03".to_string(), 4)]
        );
        assert_eq!(facets.locations, vec![("Tokyo".to_string(), 4)]);
        let long = json!({"days": {"buckets": [
            {"key": day("2014-05-01"), "doc_count": 1},
            {"key": day("2017-09-27"), "doc_count": 2}
        ]}});
        let facets = from_results(&long);
        assert_eq!(facets.by, "year");
        assert_eq!(
            facets.dates,
            vec![("2014".to_string(), 1), ("2017".to_string(), 2)]
        );
        assert!(facets.locations.is_empty());
    }
}
