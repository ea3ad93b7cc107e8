//! A request's query string -> the search it asks for, checked against
//! the server's limits; and back to query strings for links.
//!
//! The page and the API read the same keys: `q`, `from`, `to`,
//! `location`, `author`, `section`, `source`, `sort`; the page pages with `page`,
//! the API with `limit` and `cursor` (or `offset`). Unknown keys are
//! ignored, as a browser's form may send them; a bad value is an error
//! naming the key.

use crate::date::Date;
use crate::search::{Request, Sort};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Longest filter value accepted, in characters.
const MAX_FILTER_CHARS: usize = 200;
/// Hits on a page of the HTML page.
pub const PAGE_HITS: usize = 20;
/// Most hits one API answer holds.
pub const MAX_API_LIMIT: usize = 100;
/// Hits the API gives when `limit` is not said.
const DEFAULT_API_LIMIT: usize = 10;
/// Most hits the page or the API may skip.
pub const MAX_OFFSET: usize = 10_000;

/// Which route reads the query string: their paging differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The HTML page: `page`, `PAGE_HITS` a page.
    Page,
    /// The JSON API: `limit`, `cursor`/`offset`.
    Api,
    /// An export: the whole result set.
    Export,
}

/// The parameters of a search, as read from a query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// The query as typed.
    pub q: String,
    /// `from` as written (a year, month or day).
    pub from: Option<String>,
    /// `to` as written.
    pub to: Option<String>,
    /// Only articles located here.
    pub location: Option<String>,
    /// Only articles by this author.
    pub author: Option<String>,
    /// Only articles filed under this section.
    pub section: Option<String>,
    /// Only articles from this source (a site, or a dump file).
    pub source: Option<String>,
    /// The order of hits.
    pub sort: Sort,
    /// Hits on the page.
    pub limit: usize,
    /// Hits skipped before it.
    pub offset: usize,
    /// Count facets (the API's `facets=1`; the page always does).
    pub facets: bool,
    /// `format=json` on the page's URL.
    pub format: Option<String>,
    /// `chart=share`: the page's timeline shows each period's share of all
    /// articles rather than counts.
    pub share: bool,
    /// The first and last day of `from` and `to`, checked.
    periods: (Option<Date>, Option<Date>),
}

fn period(key: &str, text: &str) -> Result<(Date, Date), String> {
    Date::parse_period(text).ok_or_else(|| {
        format!("{key} must be a year, month or day (2016, 2016-02 or 2016-02-12), not {text:?}")
    })
}

fn number(key: &str, text: &str, max: usize) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "{key} must be a whole number 0..={max}, not {text:?}"
        )),
    }
}

fn flag(key: &str, text: &str) -> Result<bool, String> {
    match text {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("{key} must be 1 or 0, not {text:?}")),
    }
}

impl Params {
    /// Reads `query` (the part of the URL after `?`) for a route of `kind`.
    pub fn parse(query: Option<&str>, kind: Kind) -> Result<Params, String> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|e| format!("cannot read the query string: {e}"))?;
        let mut params = Params {
            limit: match kind {
                Kind::Page => PAGE_HITS,
                _ => DEFAULT_API_LIMIT,
            },
            facets: kind == Kind::Page,
            ..Params::default()
        };
        let mut page = None;
        for (key, value) in pairs {
            let filter = |value: String| -> Result<Option<String>, String> {
                if value.chars().count() > MAX_FILTER_CHARS {
                    return Err(format!(
                        "{key} is longer than {MAX_FILTER_CHARS} characters"
                    ));
                }
                let value = value.trim().to_string();
                Ok((!value.is_empty()).then_some(value))
            };
            match key.as_str() {
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        return Err(format!(
                            "the query is longer than {MAX_QUERY_CHARS} characters"
                        ));
                    }
                    params.q = value;
                }
                "from" => {
                    let value = filter(value)?;
                    if let Some(text) = &value {
                        params.periods.0 = Some(period("from", text)?.0);
                    }
                    params.from = value;
                }
                "to" => {
                    let value = filter(value)?;
                    if let Some(text) = &value {
                        params.periods.1 = Some(period("to", text)?.1);
                    }
                    params.to = value;
                }
                "location" => params.location = filter(value)?,
                "author" => params.author = filter(value)?,
                "section" => params.section = filter(value)?,
                "source" => params.source = filter(value)?,
                "sort" => {
                    params.sort = match value.as_str() {
                        "" | "relevance" => Sort::Relevance,
                        "date" | "newest" => Sort::Date,
                        "oldest" => Sort::Oldest,
                        _ => {
                            return Err(format!(
                                "sort must be relevance, date or oldest, not {value:?}"
                            ))
                        }
                    }
                }
                "page" if kind == Kind::Page => {
                    let max = MAX_OFFSET / PAGE_HITS + 1;
                    match value.parse::<usize>() {
                        Ok(n) if (1..=max).contains(&n) => page = Some(n),
                        _ => return Err(format!("page must be 1..={max}, not {value:?}")),
                    }
                }
                "limit" if kind == Kind::Api => {
                    let n = number("limit", &value, MAX_API_LIMIT)?;
                    if n == 0 {
                        return Err(format!("limit must be 1..={MAX_API_LIMIT}, not 0"));
                    }
                    params.limit = n;
                }
                "cursor" | "offset" if kind == Kind::Api => {
                    params.offset = number(&key, &value, MAX_OFFSET)?;
                }
                "facets" | "histogram" if kind == Kind::Api => {
                    params.facets |= flag(&key, &value)?;
                }
                "format" => params.format = filter(value)?,
                "chart" if kind == Kind::Page => {
                    params.share = match value.as_str() {
                        "" | "count" => false,
                        "share" => true,
                        _ => return Err(format!("chart must be count or share, not {value:?}")),
                    }
                }
                _ => {}
            }
        }
        if let Some(page) = page {
            params.offset = (page - 1) * PAGE_HITS;
        }
        Ok(params)
    }

    /// True when a filter narrows the search.
    pub fn has_filters(&self) -> bool {
        self.from.is_some()
            || self.to.is_some()
            || self.location.is_some()
            || self.author.is_some()
            || self.section.is_some()
            || self.source.is_some()
    }

    /// The search these parameters ask for.
    pub fn request(&self, facets: bool) -> Request {
        Request {
            query: self.q.clone(),
            limit: self.limit,
            offset: self.offset,
            from: self.periods.0,
            until: self.periods.1,
            location: self.location.clone(),
            author: self.author.clone(),
            section: self.section.clone(),
            source: self.source.clone(),
            sort: self.sort,
            facets,
            count_all: false,
        }
    }

    /// The 1-based page of the HTML page.
    pub fn page(&self) -> usize {
        self.offset / PAGE_HITS + 1
    }

    /// The search's keys as (key, value) pairs, those at their default
    /// left out: what every link of a page carries.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        let optional = [
            ("from", &self.from),
            ("to", &self.to),
            ("location", &self.location),
            ("author", &self.author),
            ("section", &self.section),
            ("source", &self.source),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                pairs.push((key, value.clone()));
            }
        }
        match self.sort {
            Sort::Relevance => {}
            Sort::Date => pairs.push(("sort", "date".into())),
            Sort::Oldest => pairs.push(("sort", "oldest".into())),
        }
        if self.share {
            pairs.push(("chart", "share".into()));
        }
        pairs
    }

    /// The query string of the API's next page, `hits` further on.
    pub fn next_query(&self, hits: usize) -> String {
        let mut pairs = self.pairs();
        pairs.push(("limit", self.limit.to_string()));
        pairs.push(("cursor", (self.offset + hits).to_string()));
        if self.facets {
            pairs.push(("facets", "1".into()));
        }
        encode(&pairs)
    }
}

/// `pairs` as a query string (`a=1&b=x+y`).
pub fn encode(pairs: &[(&str, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// `text` as one path segment: everything but unreserved characters
/// percent-encoded (a `/` in an id too).
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_checks_the_query_string() {
        let p = Params::parse(
            Some("q=oil+prices&from=1987-03&to=1987&sort=date&page=3"),
            Kind::Page,
        )
        .unwrap();
        assert_eq!(p.q, "oil prices");
        assert_eq!(p.offset, 40);
        assert_eq!(p.sort, Sort::Date);
        let r = p.request(true);
        assert_eq!(r.from, Date::new(1987, 3, 1));
        assert_eq!(r.until, Date::new(1988, 1, 1));
        assert_eq!(
            encode(&p.pairs()),
            "q=oil+prices&from=1987-03&to=1987&sort=date"
        );
        let bad = [
            ("from=1987-13", Kind::Page),
            ("sort=best", Kind::Page),
            ("page=0", Kind::Page),
            ("limit=0", Kind::Api),
            ("limit=101", Kind::Api),
            ("cursor=-1", Kind::Api),
            ("cursor=10001", Kind::Api),
            ("facets=maybe", Kind::Api),
            ("chart=pie", Kind::Page),
        ];
        for (query, kind) in bad {
            assert!(Params::parse(Some(query), kind).is_err(), "{query}");
        }
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert!(Params::parse(Some(&long), Kind::Api).is_err());
        assert_eq!(segment("a/b c<"), "a%2Fb%20c%3C");
        let share = Params::parse(Some("q=oil&chart=share"), Kind::Page).unwrap();
        assert!(share.share);
        assert_eq!(encode(&share.pairs()), "q=oil&chart=share");
    }
}
