//! The HTML pages: the search page, the article view, the home page and
//! the not-found page, as maud templates (every value escaped unless
//! marked otherwise; nothing here is). They work without JavaScript;
//! `app.js` adds the keys and the timeline's brush.

use std::collections::HashSet;

use maud::{html, Markup, DOCTYPE};
use tantivy::tokenizer::TokenStream;

use super::params::{self, encode, segment, Params, PAGE_HITS};
use super::timeline;
use crate::article::Article;
use crate::index::stats::Stats;
use crate::index::{NewsIndex, Story};
use crate::output::wire::Fragment;
use crate::paths::PathStyle;
use crate::search::{Results, Sort};

/// What the search page shows.
pub struct SearchView<'a> {
    /// The search's parameters, for the form and the links.
    pub params: &'a Params,
    /// The results and the milliseconds they took, or why there are none.
    pub outcome: Result<(&'a Results, f64), &'a String>,
    /// How dump paths are shown.
    pub paths: &'a PathStyle,
    /// Every article of the index by day, when the timeline shows shares.
    pub all_days: Option<&'a [(crate::date::Date, u64)]>,
    /// The results came from the server's cache of recent searches.
    pub cached: bool,
}

/// What the article view shows.
pub struct ArticleView<'a> {
    /// The article and where else it was seen.
    pub story: &'a Story,
    /// Related stories.
    pub related: &'a [Article],
    /// The search it was opened from, for the way back and the highlights.
    pub params: &'a Params,
    /// How dump paths are shown.
    pub paths: &'a PathStyle,
    /// The query's words, as the index's analyzer makes them.
    pub words: HashSet<String>,
    /// The index, for its analyzer.
    pub news: &'a NewsIndex,
}

fn layout(title: &str, q: &str, params: Option<&Params>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) " · newsdex" }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "newsdex" }
                    form.search action="/" method="get" role="search" {
                        input #q type="search" name="q" value=(q) placeholder="Search the archive (press / )"
                            aria-label="Search" autocomplete="off";
                        @if let Some(p) = params {
                            @for (key, value) in p.pairs() {
                                @if key != "q" && key != "sort" {
                                    input type="hidden" name=(key) value=(value);
                                }
                            }
                            select name="sort" aria-label="Order" {
                                option value="relevance" selected[p.sort == Sort::Relevance] { "Best match" }
                                option value="date" selected[p.sort == Sort::Date] { "Newest" }
                                option value="oldest" selected[p.sort == Sort::Oldest] { "Oldest" }
                            }
                        }
                        button type="submit" { "Search" }
                    }
                    details.help {
                        summary { "Query help" }
                        (help())
                    }
                }
                main { (body) }
            }
        }
    }
}

fn help() -> Markup {
    html! {
        dl {
            dt { code { "oil prices" } } dd { "articles with these words (those with every word first)" }
            dt { code { "\"crude oil\"" } } dd { "the exact phrase" }
            dt { code { "oil -gas" } " " code { "oil NOT gas" } } dd { "leave out articles with a word" }
            dt { code { "oil OR gas" } " " code { "+oil gas" } } dd { "either word; +word must be there" }
            dt { code { "headline:oil" } } dd { "in one field: headline, body, caption, location, country, places, author, section" }
            dt { code { "export*" } " " code { "kuwiat~" } } dd { "words starting so; a word spelled nearly so" }
            dt { code { "date:[1987-03 TO 1987-04]" } } dd { "a period (or use the timeline)" }
        }
        p { "Keys: " kbd { "/" } " search, " kbd { "j" } "/" kbd { "k" } " next/previous hit, " kbd { "Enter" } " open, " kbd { "Esc" } " back." }
    }
}

/// `?query` of `params` with `change` applied, page reset.
fn with(params: &Params, change: impl FnOnce(&mut Params)) -> String {
    let mut p = params.clone();
    change(&mut p);
    p.offset = 0;
    format!("/?{}", encode(&p.pairs()))
}

/// The `<mark>`ed text of a passage.
fn marked(fragment: &Fragment) -> Markup {
    let text = &fragment.text;
    let mut at = 0;
    let mut parts: Vec<(&str, bool)> = Vec::new();
    for &(start, end) in &fragment.highlights {
        if start < at || end <= start {
            continue;
        }
        let (Some(before), Some(word)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        parts.push((before, false));
        parts.push((word, true));
        at = end;
    }
    parts.push((text.get(at..).unwrap_or(""), false));
    html! {
        @for (part, mark) in parts {
            @if mark { mark { (part) } } @else { (part) }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped} {}", if n == 1 { one } else { many })
}

/// The search page.
pub fn search(view: &SearchView) -> Markup {
    let p = view.params;
    let title = if p.q.is_empty() {
        "Search".to_string()
    } else {
        p.q.clone()
    };
    let body = html! {
        (chips(p))
        @match view.outcome {
            Err(message) => { p.notice.error { (message) } }
            Ok((results, ms)) => { (found(p, results, (ms, view.cached), view.paths, view.all_days)) }
        }
    };
    layout(&title, &p.q, Some(p), body)
}

fn chips(p: &Params) -> Markup {
    let mut chips: Vec<(String, String)> = Vec::new();
    let filters: [(&str, Slot); 4] = [
        ("Place", |p| &mut p.location),
        ("Author", |p| &mut p.author),
        ("Section", |p| &mut p.section),
        ("Source", |p| &mut p.source),
    ];
    for (label, slot) in filters {
        if let Some(value) = slot(&mut p.clone()).clone() {
            let link = with(p, |p| *slot(p) = None);
            chips.push((format!("{label}: {value}"), link));
        }
    }
    if p.from.is_some() || p.to.is_some() {
        let text = match (&p.from, &p.to) {
            (Some(f), Some(t)) if f == t => format!("Date: {f}"),
            (Some(f), Some(t)) => format!("Date: {f} to {t}"),
            (Some(f), None) => format!("Date: from {f}"),
            (None, Some(t)) => format!("Date: to {t}"),
            (None, None) => String::new(),
        };
        chips.push((
            text,
            with(p, |p| {
                p.from = None;
                p.to = None;
            }),
        ));
    }
    html! {
        @if !chips.is_empty() {
            ul.chips aria-label="Filters" {
                @for (text, link) in &chips {
                    li { (text) " " a.remove href=(link) title="Remove this filter" aria-label={"Remove " (text)} { "×" } }
                }
            }
        }
    }
}

fn found(
    p: &Params,
    results: &Results,
    (ms, cached): (f64, bool),
    paths: &PathStyle,
    all_days: Option<&[(crate::date::Date, u64)]>,
) -> Markup {
    let pages = results.total_hits.div_ceil(PAGE_HITS).max(1);
    let page = p.page();
    let page_link = |n: usize| {
        let mut pairs = p.pairs();
        if n > 1 {
            pairs.push(("page", n.to_string()));
        }
        format!("/?{}", encode(&pairs))
    };
    let article_query = encode(&p.pairs());
    html! {
        @if let Some(notice) = &results.notice {
            p.notice { (notice) }
        }
        p.summary {
            strong {
                @if !results.total_exact { "at least " }
                (plural(results.total_hits, "article", "articles"))
            }
            " · " (format!("{ms:.1}")) " ms" @if cached { span title="The same search was answered moments ago, on the same index commit: its results were kept" { " (cached)" } }
            @if results.total_hits > PAGE_HITS {
                " · page " (page) " of " (pages) @if !results.total_exact { "+" }
            }
            " · "
            a href={"/search.json?" (article_query)} { "JSON" } " "
            a href={"/search.csv?" (article_query)} title={"Up to " (super::EXPORT_CAP) " hits"} { "CSV" } " "
            a href={"/search.ndjson?" (article_query)} title={"Up to " (super::EXPORT_CAP) " hits"} { "NDJSON" }
        }
        div.results {
            section.hits {
                @if let Some(facets) = &results.facets {
                    @let (unit, bars) = timeline::bars(&facets.days);
                    @let totals = match (p.share, all_days) {
                        (true, Some(all)) => Some(timeline::totals(unit, &bars, all)),
                        _ => None,
                    };
                    @if bars.len() > 1 {
                        figure.chart {
                            @let base = {
                                let mut q = p.clone();
                                q.from = None;
                                q.to = None;
                                encode(&q.pairs())
                            };
                            (timeline::chart(unit, &bars, totals.as_deref(), &base, |period| with(p, |p| {
                                p.from = Some(period.to_string());
                                p.to = Some(period.to_string());
                            })))
                            figcaption {
                                @if let Some(totals) = &totals {
                                    @let top = bars.iter().zip(totals.iter()).max_by(|a, b| {
                                        let share = |(bar, total): &(&timeline::Bar, &u64)| if **total == 0 { 0.0 } else { bar.count as f64 / **total as f64 };
                                        share(a).total_cmp(&share(b))
                                    });
                                    "Share of all articles that match, per " (unit)
                                    @if let Some((bar, total)) = top { " (highest: " (timeline::percent(bar.count, *total)) " in " (bar.period) ")" }
                                    "; click a bar for its period, or drag across bars for a range. "
                                    a.mode href=(with(p, |p| p.share = false)) { "Show counts" }
                                } @else {
                                    "Matches per " (unit) " (tallest bar: " (bars.iter().map(|b| b.count).max().unwrap_or(0)) "); click a bar for its period, or drag across bars for a range. "
                                    a.mode href=(with(p, |p| p.share = true)) { "Show share of all articles" }
                                }
                            }
                        }
                    }
                }
                ol.hits start=(p.offset + 1) {
                    @for hit in &results.hits {
                        @let a = &hit.article;
                        li.hit {
                            h2 { a.open href={"/article/" (segment(&a.id)) "?" (article_query)} { (if a.headline.is_empty() { "(no headline)" } else { &a.headline }) } }
                            p.meta {
                                @if let Some(date) = a.date { time datetime=(date) { (date) } " · " }
                                @if let Some(place) = &a.location {
                                    span.place { (place) @if let Some(c) = &a.country { @if c != place { ", " (c) } } } " · "
                                }
                                @if let Some(author) = &a.author { span { (author) } " · " }
                                @if let Some(section) = &a.section { span { (section) } " · " }
                                span.source { (paths.show(&a.path)) ":" (a.line) }
                            }
                            @for fragment in &hit.snippet.fragments {
                                p.passage { (marked(&Fragment::new(fragment))) }
                            }
                        }
                    }
                }
                @if pages > 1 {
                    nav.paging aria-label="Pages" {
                        @if page > 1 { a rel="prev" href=(page_link(page - 1)) { "← Previous" } }
                        span { "Page " (page) " of " (pages) }
                        @if page < pages && page * PAGE_HITS < params::MAX_OFFSET { a rel="next" href=(page_link(page + 1)) { "Next →" } }
                    }
                }
            }
            @if let Some(facets) = &results.facets {
                aside.facets aria-label="Facets" {
                    (values(p, "Place", &facets.locations, |p| &mut p.location))
                    (values(p, "Country", &facets.countries, |p| &mut p.location))
                    (values(p, "Source", &facets.sources, |p| &mut p.source))
                    (values(p, "Author", &facets.authors, |p| &mut p.author))
                    (values(p, "Section", &facets.sections, |p| &mut p.section))
                    @let years = years(&facets.days);
                    @if !years.is_empty() {
                        h3 { "Year" }
                        ul {
                            @for (year, n) in &years {
                                @let on = p.from.as_deref() == Some(year.as_str()) && p.to.as_deref() == Some(year.as_str());
                                li.on[on] {
                                    a href=(with(p, |p| if on { p.from = None; p.to = None; } else { p.from = Some(year.clone()); p.to = Some(year.clone()); })) {
                                        span.name { (year) } span.count { (n) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Where a filter's value is kept in `Params`.
type Slot = fn(&mut Params) -> &mut Option<String>;

/// A facet's list of values with their counts, each a link toggling the
/// filter `slot` picks (on: the filter is that value; a click removes it).
/// Nothing when the matches have no value of it.
fn values(p: &Params, title: &str, values: &[(String, u64)], slot: Slot) -> Markup {
    html! {
        @if !values.is_empty() {
            h3 { (title) }
            ul {
                @for (value, n) in values {
                    @let on = slot(&mut p.clone()).as_deref() == Some(value.as_str());
                    li.on[on] {
                        a href=(with(p, |p| *slot(p) = if on { None } else { Some(value.clone()) })) {
                            span.name { (value) } span.count { (n) }
                        }
                    }
                }
            }
        }
    }
}

/// Matches per year, most recent first.
fn years(days: &[(crate::date::Date, u64)]) -> Vec<(String, u64)> {
    let mut years: Vec<(String, u64)> = Vec::new();
    for (day, n) in days {
        let year = format!("{:04}", day.year);
        match years.last_mut() {
            Some((y, count)) if *y == year => *count += n,
            _ => years.push((year, *n)),
        }
    }
    years.reverse();
    years
}

/// The home page: what the index holds, and where to start.
pub fn home(stats: &Stats) -> Markup {
    let body = html! {
        section.home {
            h1 { "Search " (plural(stats.articles as usize, "article", "articles")) }
            p {
                "From " (plural(stats.files as usize, "file", "files"))
                @if let (Some(first), Some(last)) = (stats.first_date, stats.last_date) {
                    ", dated " (first) " to " (last)
                }
                "."
            }
            @if !stats.top_locations.is_empty() {
                h3 { "Most frequent places" }
                ul.places {
                    @for (place, n) in &stats.top_locations {
                        li { (place) " " span.count { (n) } }
                    }
                }
            }
            h3 { "How to search" }
            (help())
            p { "Programs: " code { "/api/search?q=…" } ", " code { "/api/article/ID" } ", " code { "/api/stats" } "." }
        }
    };
    layout("Search", "", None, body)
}

/// The query's words as the index's stemming analyzer makes them (its
/// excluded words and operators left out), to mark in an article.
pub fn query_words(news: &NewsIndex, q: &str) -> HashSet<String> {
    let mut words = HashSet::new();
    let Some(mut analyzer) = news.index.tokenizers().get(crate::index::schema::STEMMED) else {
        return words;
    };
    let mut negated = false;
    for raw in q.split_whitespace() {
        if raw == "NOT" {
            negated = true;
            continue;
        }
        let excluded = negated || raw.starts_with('-');
        negated = false;
        if excluded || matches!(raw, "AND" | "OR") {
            continue;
        }
        let value = raw.split_once(':').map_or(raw, |(_, v)| v);
        let mut stream = analyzer.token_stream(value);
        while stream.advance() {
            words.insert(stream.token().text.clone());
        }
    }
    words
}

/// `text` with the words the analyzer makes into one of `words` marked;
/// the first mark of the page gets the id `first`.
fn highlight(news: &NewsIndex, text: &str, words: &HashSet<String>, first: &mut bool) -> Markup {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if !words.is_empty() {
        if let Some(mut analyzer) = news.index.tokenizers().get(crate::index::schema::STEMMED) {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                if words.contains(&token.text) {
                    spans.push((token.offset_from, token.offset_to));
                }
            }
        }
    }
    let mut at = 0;
    // 0: plain text, 1: a match, 2: the page's first match.
    let mut parts: Vec<(&str, u8)> = Vec::new();
    for (start, end) in spans {
        let (Some(before), Some(word)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        parts.push((before, 0));
        parts.push((word, if *first { 2 } else { 1 }));
        *first = false;
        at = end;
    }
    parts.push((text.get(at..).unwrap_or(""), 0));
    html! {
        @for (part, kind) in parts {
            @match kind {
                2 => { mark #first { (part) } }
                1 => { mark { (part) } }
                _ => { (part) }
            }
        }
    }
}

/// The article view.
pub fn article(view: &ArticleView) -> Markup {
    let a = &view.story.article;
    let p = view.params;
    let back = encode(&p.pairs());
    let mut first = true;
    let headline = highlight(view.news, &a.headline, &view.words, &mut first);
    let paragraphs: Vec<Markup> = a
        .body
        .split("\n\n")
        .filter(|para| !para.trim().is_empty())
        .map(|para| highlight(view.news, para, &view.words, &mut first))
        .collect();
    let any_mark = !first;
    let web = a
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let fields: Vec<(&str, Option<String>)> = vec![
        ("Date", a.date.map(|d| d.to_string())),
        ("Place", a.location.clone()),
        ("Country", a.country.clone()),
        (
            "Places tagged",
            (!a.places.is_empty()).then(|| a.places.join(", ")),
        ),
        ("Dateline", a.dateline.clone()),
        ("Author", a.author.clone()),
        ("Section", a.section.clone()),
        ("Language", a.language.clone()),
        ("Crawled", a.crawled.clone()),
        ("Caption", a.caption.clone()),
        ("Credit", a.credit.clone()),
        ("Format", Some(a.format.clone())),
        (
            "Source",
            Some(format!(
                "{}:{} (article {} of the file, byte {})",
                view.paths.show(&a.path),
                a.line,
                a.ordinal + 1,
                a.offset
            )),
        ),
        ("Id", Some(a.id.clone())),
    ];
    let body = html! {
        nav.crumbs {
            @if p.q.is_empty() && !p.has_filters() { a #back href="/" { "← Search" } }
            @else { a #back href={"/?" (back)} { "← Back to results" } }
            @if any_mark { " · " a href="#first" { "Jump to the first match" } }
            " · " a href={"/article/" (segment(&a.id)) "/raw"} { "Stored text" }
            " · " a href={"/api/article/" (segment(&a.id))} { "JSON" }
        }
        div.article {
            article.story {
                h1 { (headline) }
                @for para in &paragraphs { p { (para) } }
            }
            aside.fields {
                dl {
                    @for (name, value) in &fields {
                        @if let Some(value) = value { dt { (name) } dd { (value) } }
                    }
                    @if let Some(url) = &a.url {
                        dt { "Address" }
                        dd { @if let Some(web) = web { a href=(web) rel="noopener noreferrer nofollow" { (url) } } @else { (url) } }
                    }
                }
                @if !view.story.also.is_empty() {
                    h3 { "Also seen at" }
                    ul.also {
                        @for s in &view.story.also { li { (view.paths.show(&s.path)) ":" (s.line) } }
                    }
                }
                @if !view.related.is_empty() {
                    h3 { "More like this" }
                    ul.related {
                        @for r in view.related {
                            li {
                                a href={"/article/" (segment(&r.id)) "?" (back)} { (if r.headline.is_empty() { "(no headline)" } else { &r.headline }) }
                                @if let Some(date) = r.date { " " span.count { (date) } }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(&a.headline, &p.q, Some(p), body)
}

/// The article's stored text, for `text/plain`.
pub fn raw_text(a: &Article) -> String {
    let mut text = String::new();
    text.push_str(&a.headline);
    text.push_str("\n\n");
    text.push_str(&a.body);
    text.push('\n');
    text
}

/// A page saying there is nothing at this address.
pub fn not_found(message: &str) -> Markup {
    layout(
        "Not found",
        "",
        None,
        html! { p.notice.error { (message) " " a href="/" { "Search the archive" } } },
    )
}
