//! Query text -> tantivy query -> ranked hits with snippets.
//!
//! Owns how a person's query becomes a tantivy query (field weights,
//! stemming through the schema's analyzers, the rewrites in `query`,
//! lenient recovery from syntax errors), the filters (`--from`, `--to`,
//! `--location`), the orders (relevance, newest, oldest) and the ranking
//! rule for keyword queries: articles holding every term come first, then
//! the rest by BM25, so a short query is precise; a longer one (a question)
//! is ranked by BM25 alone. Hits that tie (equal scores, or equal dates
//! when sorted by date) come newer first, then by their fingerprint, a key
//! fixed by the article's words: never by where tantivy put the documents,
//! so two builds of the same dumps give the same pages. It returns data;
//! printing is `output`'s job.

pub mod count;
pub mod facets;
pub mod query;
pub mod rank;
pub mod snippet;
mod ties;
pub mod typed;
mod union;

use std::ops::Bound;

use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, ExistsQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, Order, Score, Searcher, TantivyDocument, Term};

use crate::date::Date;
use crate::extract::places;

use crate::article::Article;
use crate::index::schema::{DATE, FINGERPRINT, SEARCHABLE};
use crate::index::NewsIndex;
pub use snippet::{Fragment, Snippet};

/// Field weights, the body's being 1. Measured on Reuters-21578 with
/// `scripts/eval_relevance.py` (BENCHMARKS.md, "Ranking quality"). Each
/// field is scored by its own BM25 and the scores add up, so a word in the
/// headline and again in the body already counts twice: a headline weight
/// above 1 (it was 2.5) ranked questions much worse (MAP 0.32 against 0.40
/// on the tuning topics), and 0.75 did best. The location is the
/// dateline's place: a subject word that is also a place (Orange, Sterling
/// Heights, Silver Spring) is weak evidence, so it weighs 0.5 (was 1.5). A
/// caption describes a photo, not the story (Reuters has none to measure).
const HEADLINE_BOOST: Score = 0.75;
const CAPTION_BOOST: Score = 0.5;
const LOCATION_BOOST: Score = 0.5;
/// Most words of a keyword query whose every-term matches rank first. A
/// longer query is a question or a description: the few articles that
/// happen to hold all its words ("what", "is", "the", ...) are no better
/// than the rest, and putting them first cost questions MAP on Reuters.
/// (Keyword queries there have 1-3 words, questions 6-12: any limit from 3
/// to 5 ranks the same.)
const ALL_TERMS_MAX_WORDS: usize = 4;
/// Characters that make a query more than a list of keywords (`+` and `-`
/// only where they open a word: "Al-Awsat" is a keyword).
const OPERATOR_CHARS: &[char] = &['"', '(', ')', ':', '*', '~', '^', '[', ']', '{', '}'];
/// Most hits one page holds.
pub const MAX_LIMIT: usize = 10_000;
/// Most hits a page may skip. tantivy ranks the top `offset + limit`
/// matches in a buffer of twice that many entries per segment (and panics
/// on a limit of 0), so these two bounds are what bounds a search's memory.
pub const MAX_OFFSET: usize = 1_000_000;

/// Why a search has no page of hits to give.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Nothing to search for: the query is blank, or does not parse and
    /// has no word left once its exclusions and punctuation are dropped.
    #[error("the query has no words to search for")]
    Empty,
    /// tantivy failed while searching.
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A query built from the request did not parse: the every-term form
    /// of a keyword query, or the `location`, `author` or `section` filter. (The query as typed
    /// falls back to its words instead, with a notice.)
    #[error("cannot read the query: {0}")]
    Query(#[from] tantivy::query::QueryParserError),
    /// `limit` is outside 1..=`MAX_LIMIT`.
    #[error("the limit must be 1..={MAX_LIMIT} hits, not {0}")]
    Limit(usize),
    /// `offset` is over `MAX_OFFSET`.
    #[error("the offset must be 0..={MAX_OFFSET} hits, not {0}")]
    Offset(usize),
}

/// One search: the query, the page of hits wanted, the filters and the
/// order. `search` checks the page is within bounds, whoever built it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The query as typed: words, "phrases", `field:term`, AND / OR / NOT,
    /// +must -not, `word*`, `word~`.
    pub query: String,
    /// Hits on the page: 1..=`MAX_LIMIT`.
    pub limit: usize,
    /// Hits skipped before the page: 0..=`MAX_OFFSET`.
    pub offset: usize,
    /// Only articles dated on or after this day.
    pub from: Option<Date>,
    /// Only articles dated before this day.
    pub until: Option<Date>,
    /// Only articles whose location or country is this place.
    pub location: Option<String>,
    /// Only articles whose author's name holds these words, in order.
    pub author: Option<String>,
    /// Only articles whose section's name holds these words, in order.
    pub section: Option<String>,
    /// Only articles from this source, exactly as the `sources` facet
    /// names it (a site, or a dump file's name).
    pub source: Option<String>,
    /// The order of the hits.
    pub sort: Sort,
    /// Count the matches by period and by location.
    pub facets: bool,
    /// Count every match for the total; else counting stops at
    /// `count::COUNT_UP_TO` (the total is then a lower bound).
    pub count_all: bool,
}

/// The order of the hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best first: for a short keyword query the articles holding every
    /// word, then the rest, each by BM25; else by BM25 alone.
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// Oldest first.
    Oldest,
}

/// One ranked article of a page.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank over all pages.
    pub rank: usize,
    /// BM25 summed over the fields, with their boosts; 0 when sorted by
    /// date.
    pub score: Score,
    /// The article, as stored in the index.
    pub article: Article,
    /// The passages of its body that show why it matched.
    pub snippet: Snippet,
}

/// What a search found: one page of hits, and counts over all matches.
#[derive(Debug, Clone)]
pub struct Results {
    /// The page asked for, best first.
    pub hits: Vec<Hit>,
    /// Articles matching the query and filters, on every page: all of
    /// them when `total_exact`, else at least this many.
    pub total_hits: usize,
    /// False when counting stopped at `count::COUNT_UP_TO` matches.
    pub total_exact: bool,
    /// Set when the query could not be read as written and was searched
    /// for its words instead.
    pub notice: Option<String>,
    /// How all the matches spread over time and places, when asked for.
    pub facets: Option<facets::Facets>,
}

fn query_parser(news: &NewsIndex, conjunction: bool) -> QueryParser {
    let f = &news.fields;
    // The location is no default field: a word counts for it only as
    // part of the place's whole name (`query::build` adds those).
    let mut query_parser = QueryParser::for_index(&news.index, vec![f.headline, f.body, f.caption]);
    query_parser.set_field_boost(f.headline, HEADLINE_BOOST);
    query_parser.set_field_boost(f.caption, CAPTION_BOOST);
    query_parser.set_field_boost(f.location, LOCATION_BOOST);
    query_parser.set_field_boost(f.location_exact, LOCATION_BOOST);
    if conjunction {
        query_parser.set_conjunction_by_default();
    }
    query_parser
}

/// True when `text` is plain keywords: no operators, quotes or fields.
fn is_keywords(text: &str) -> bool {
    !text.contains(OPERATOR_CHARS)
        && !text
            .split_whitespace()
            .any(|w| matches!(w, "AND" | "OR" | "NOT") || w.starts_with(['+', '-']))
}

/// `text` reduced to its words, for a query that does not parse. Words
/// the query excluded (`-word`, `NOT word`) are dropped, not searched for.
fn words_only(text: &str) -> String {
    let mut words = Vec::new();
    let mut negated = false;
    let mut in_range = false;
    for raw in text.split_whitespace() {
        // A date is no word ("date:1987-13" is not a search for 1987 and
        // 13), nor is a range of them.
        if in_range {
            in_range = !raw.contains([']', '}']);
            continue;
        }
        if let Some(date) = raw
            .trim_start_matches(['+', '-', '('])
            .strip_prefix("date:")
        {
            in_range = date.starts_with(['[', '{']) && !date.contains([']', '}']);
            negated = false;
            continue;
        }
        if raw == "NOT" {
            negated = true;
            continue;
        }
        let excluded = negated || raw.starts_with('-');
        negated = false;
        if excluded {
            continue;
        }
        let clean: String = raw
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        words.extend(
            clean
                .split_whitespace()
                .filter(|w| !matches!(*w, "AND" | "OR"))
                .map(String::from),
        );
    }
    words.join(" ")
}

/// The query as newsdex reads it (`None` when it has nothing to search
/// for), and a notice when it had to fall back to the query's bare words.
fn parse(
    news: &NewsIndex,
    searcher: &Searcher,
    text: &str,
) -> (Option<Box<dyn Query>>, Option<String>) {
    if text.trim().is_empty() {
        return (None, Some(SearchError::Empty.to_string()));
    }
    let query_parser = query_parser(news, false);
    match query::build(news, searcher, &query_parser, text) {
        Ok(query) => (Some(query), None),
        Err(err) => {
            let hint = match &err {
                QueryParserError::FieldDoesNotExist(_) => {
                    format!(" (fields: {})", SEARCHABLE.join(", "))
                }
                _ => String::new(),
            };
            // The words go through the same builder as a query that
            // parses (repeated words weigh more), so a question with a
            // stray bracket ranks as the same question without it.
            let words = words_only(text);
            match query::build(news, searcher, &query_parser, &words) {
                Ok(query) if !words.is_empty() => (
                    Some(query),
                    Some(format!("could not read the query as written ({err}){hint}; searched for its words: {words}")),
                ),
                _ => (
                    None,
                    Some(format!("could not read the query as written ({err}){hint}, and it has no words to search for")),
                ),
            }
        }
    }
}

/// The filters of `request` as queries every hit must match.
fn filters(news: &NewsIndex, request: &Request) -> Result<Vec<Box<dyn Query>>, SearchError> {
    let f = &news.fields;
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    if request.from.is_some() || request.until.is_some() {
        let bound = |date: Option<Date>, lower: bool| match date {
            Some(d) => {
                let term =
                    Term::from_field_date(f.date, DateTime::from_timestamp_secs(d.epoch_secs()));
                if lower {
                    Bound::Included(term)
                } else {
                    Bound::Excluded(term)
                }
            }
            None => Bound::Unbounded,
        };
        filters.push(Box::new(RangeQuery::new(
            bound(request.from, true),
            bound(request.until, false),
        )));
    }
    // A place as typed, and as the datelines resolve it ("US" is United
    // States, "Peking" Beijing): an article located either way matches.
    let place_names = request.location.as_ref().map(|place| {
        let mut names = vec![place.clone()];
        names.extend(places::canonical_name(place));
        names
    });
    let named = [
        (place_names, vec![f.location, f.country]),
        (request.author.clone().map(|a| vec![a]), vec![f.author]),
        (request.section.clone().map(|s| vec![s]), vec![f.section]),
    ];
    for (names, fields) in named {
        let Some(names) = names else { continue };
        let phrases: Vec<String> = names
            .iter()
            .map(|name| {
                let words: String = name
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect();
                words.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .filter(|words| !words.is_empty())
            .map(|words| format!("\"{words}\""))
            .collect();
        if !phrases.is_empty() {
            let name_parser = QueryParser::for_index(&news.index, fields);
            filters.push(name_parser.parse_query(&phrases.join(" OR "))?);
        }
    }
    if let Some(source) = request.source.as_deref().map(str::trim) {
        filters.push(Box::new(TermQuery::new(
            Term::from_field_text(f.source, source),
            IndexRecordOption::Basic,
        )));
    }
    if request.sort != Sort::Relevance {
        // Ordering by date leaves out the undated.
        filters.push(Box::new(ExistsQuery::new(DATE.into(), false)));
    }
    Ok(filters)
}

/// The page `request` asks for, within the bounds a search keeps to (the
/// command line's own ranges are only its help text: a server's requests
/// come here too).
fn check_page(request: &Request) -> Result<(), SearchError> {
    if !(1..=MAX_LIMIT).contains(&request.limit) {
        return Err(SearchError::Limit(request.limit));
    }
    if request.offset > MAX_OFFSET {
        return Err(SearchError::Offset(request.offset));
    }
    Ok(())
}

fn filtered(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
    Box::new(BooleanQuery::new(clauses))
}

/// Runs `request` against `news` with `searcher`, which the caller takes
/// from a reader it keeps (`NewsIndex::reader`): the CLI opens one per
/// process, a server one for all its requests.
pub fn search(
    news: &NewsIndex,
    searcher: &Searcher,
    request: &Request,
) -> Result<Results, SearchError> {
    check_page(request)?;
    let text = typed::as_typed(&request.query);
    let parsed = match (request.from, request.until) {
        (Some(from), Some(until)) if from >= until => {
            let last = Date::from_days_since_epoch(until.days_since_epoch() - 1).unwrap_or(until);
            (
                None,
                Some(format!(
                    "the period ends ({last}) before it starts ({from}), so no date is in it; are the start and end the wrong way round?"
                )),
            )
        }
        _ => parse(news, searcher, &text),
    };
    let (query, notice) = match parsed {
        (Some(query), notice) => (query, notice),
        // Nothing to search for finds nothing, and says why: a person's
        // query is never an error.
        (None, notice) => {
            return Ok(Results {
                hits: Vec::new(),
                total_hits: 0,
                total_exact: true,
                notice,
                facets: request.facets.then(|| facets::Facets {
                    by: "year",
                    dates: Vec::new(),
                    locations: Vec::new(),
                    countries: Vec::new(),
                    authors: Vec::new(),
                    sections: Vec::new(),
                    sources: Vec::new(),
                    days: Vec::new(),
                }),
            })
        }
    };
    let filters = filters(news, request)?;
    let wanted = request.offset + request.limit;
    // The phrases `typed` made of words with apostrophes are still
    // keywords; the person's own quotes are not.
    let unquoted = text.replace('"', " ");
    let words = unquoted.split_whitespace().count();
    let short_keywords = notice.is_none()
        && !request.query.contains('"')
        && is_keywords(&unquoted)
        && (2..=ALL_TERMS_MAX_WORDS).contains(&words);
    let all_terms = if short_keywords {
        let conjunction = query_parser(news, true);
        Some(union::seekable(filtered(
            query::build(news, searcher, &conjunction, &text)?,
            &filters,
        )))
    } else {
        None
    };
    // A longer query of plain words is a question or a description: its
    // common words weigh less (`rank`).
    let long_words = request.sort == Sort::Relevance
        && notice.is_none()
        && !short_keywords
        && is_keywords(&unquoted)
        && words > ALL_TERMS_MAX_WORDS;
    let ranking_query = if long_words {
        rank::weigh_common(searcher, query.box_clone(), news.fields.body)
    } else {
        query.box_clone()
    };
    let matching = union::seekable(filtered(ranking_query, &filters));

    let total = |query: &dyn Query| -> tantivy::Result<count::Total> {
        if request.count_all {
            let count = searcher.search(query, &Count)?;
            Ok(count::Total { count, exact: true })
        } else {
            count::up_to(searcher, query, count::COUNT_UP_TO)
        }
    };
    // With the ranking, the count of every match when ranking made it on
    // the way.
    let (ranked, counted): (Vec<(Score, DocAddress)>, Option<usize>) =
        match (request.sort, &all_terms) {
            (Sort::Relevance, Some(all_terms)) => {
                // Short keyword queries: every-term matches first, then the
                // rest. The rest is only ranked when the every-term matches leave
                // room on the page.
                let mut ranked = ties::top_by_score(searcher, &**all_terms, wanted)?;
                if ranked.len() < wanted {
                    // The rest are the best matches less the every-term
                    // ones, which are fewer than the page: the top
                    // `wanted + ranked` of all matches hold `wanted` others
                    // at least, with their scores and order. (A query
                    // excluding the every-term matches would score the
                    // same but lose the scorer's pruning: "grain shipments
                    // China", which no article holds whole, took twice as
                    // long as FTS5.)
                    let first: std::collections::HashSet<DocAddress> =
                        ranked.iter().map(|&(_, address)| address).collect();
                    let need = wanted - ranked.len();
                    let rest = ties::top_by_score(searcher, &*matching, wanted + ranked.len())?;
                    ranked.extend(
                        rest.into_iter()
                            .filter(|(_, address)| !first.contains(address))
                            .take(need),
                    );
                }
                (ranked, None)
            }
            // A phrase is scored at every match whatever the page (no pruning
            // applies to positions): the same pass counts them.
            (Sort::Relevance, None) if text.contains('"') => {
                let (ranked, count) = ties::top_by_score_counted(searcher, &*matching, wanted)?;
                (ranked, Some(count))
            }
            (Sort::Relevance, None) => (ties::top_by_score(searcher, &*matching, wanted)?, None),
            (sort, _) => {
                // By date, over the articles holding every term when a short
                // keyword query has any, else over all matches.
                let mut chosen = matching.box_clone();
                if let Some(all_terms) = &all_terms {
                    if searcher
                        .search(&**all_terms, &count::CountUpTo::new(1))?
                        .count
                        > 0
                    {
                        chosen = all_terms.box_clone();
                    }
                }
                let order = if sort == Sort::Oldest {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let by_date = TopDocs::with_limit(wanted).order_by((
                    (SortByStaticFastValue::<DateTime>::for_field(DATE), order),
                    (
                        SortByStaticFastValue::<u64>::for_field(FINGERPRINT),
                        Order::Asc,
                    ),
                ));
                let ranked = searcher
                    .search(&*chosen, &by_date)?
                    .into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect();
                (ranked, None)
            }
        };
    // Fewer matches than the page wanted: they were all ranked, so that is
    // the exact total (the every-term matches and the rest are disjoint).
    let total = if let Some(count) = counted {
        count::Total { count, exact: true }
    } else if ranked.len() < wanted && request.sort == Sort::Relevance {
        count::Total {
            count: ranked.len(),
            exact: true,
        }
    } else {
        total(&*matching)?
    };

    let snippets = snippet::Snippets::new(news, searcher, &*query, &text)?;
    let mut hits = Vec::new();
    for (i, (score, doc_address)) in ranked
        .into_iter()
        .enumerate()
        .skip(request.offset)
        .take(request.limit)
    {
        let doc: TantivyDocument = searcher.doc(doc_address)?;
        let article = news.article(&doc);
        let snippet = snippets.of(&article.body);
        hits.push(Hit {
            rank: i + 1,
            score,
            article,
            snippet,
        });
    }
    let facets = if request.facets {
        Some(facets::count(searcher, &*matching)?)
    } else {
        None
    };
    let mut notice = notice;
    if let Some(place) = &request.location {
        if total.count == 0 && places::canonical_name(place).is_none() {
            let unknown = format!(
                "no article is located in {:?}, which is not a place the gazetteer knows",
                place.trim()
            );
            notice = Some(match notice {
                Some(before) => format!("{before}; {unknown}"),
                None => unknown,
            });
        }
    }
    Ok(Results {
        hits,
        total_hits: total.count,
        total_exact: total.exact,
        notice,
        facets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_keywords_from_query_syntax() {
        let cases = [
            ("Ramadi curfew", true),
            ("ramadi", true),
            ("\"crude oil\"", false),
            ("headline:oil", false),
            ("oil AND gas", false),
            ("oil -gas", false),
            ("+oil gas", false),
            ("Asharq Al-Awsat", true),
            ("what's the curfew in Ramadi?", true),
        ];
        for (text, want) in cases {
            assert_eq!(is_keywords(text), want, "{text}");
        }
        assert_eq!(words_only("(Ramadi: \"curfew"), "Ramadi curfew");
        assert_eq!(words_only("oil AND ) gas"), "oil gas");
        assert_eq!(words_only("oil -gas NOT coal (wheat"), "oil wheat");
    }

    #[test]
    fn pages_stay_within_bounds() {
        let page = |limit, offset| {
            check_page(&Request {
                limit,
                offset,
                ..Default::default()
            })
            .map_err(|e| e.to_string())
        };
        assert!(page(1, 0).is_ok());
        assert!(page(MAX_LIMIT, MAX_OFFSET).is_ok());
        assert_eq!(
            page(0, 0).unwrap_err(),
            "the limit must be 1..=10000 hits, not 0"
        );
        assert_eq!(
            page(MAX_LIMIT + 1, 0).unwrap_err(),
            "the limit must be 1..=10000 hits, not 10001"
        );
        assert_eq!(
            page(10, usize::MAX).unwrap_err(),
            format!("the offset must be 0..=1000000 hits, not {}", usize::MAX)
        );
    }
}
