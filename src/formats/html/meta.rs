//! What a page states about itself: JSON-LD, OpenGraph and `<meta>` tags,
//! `<title>`, `<h1>`, `<time datetime>`, the canonical link.
//!
//! Owns the order in which those statements are trusted for the headline
//! (JSON-LD `headline`, `og:title`, the `<h1>` the `<title>` repeats, the
//! `<title>` without its site name) and for the publication date (JSON-LD
//! `datePublished`, `article:published_time`, the usual `<meta>` names,
//! `<time datetime>` in the article, a date in the page's URL). Dates are
//! picked as written, never a modified or crawl date, never made up; a
//! string is taken only if `extract::dates::parse_stated` reads it, so a
//! placeholder ("0001-01-01") does not hide the next source. It reads the
//! document and never changes it.

use std::sync::LazyLock;

use dom_query::{local_name, Document};
use regex::Regex;
use serde_json::Value;

use super::{elements, named};

/// schema.org types whose `headline` and `datePublished` are an article's.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "backgroundnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "asksnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "report",
    "techarticle",
    "scholarlyarticle",
    "satiricalarticle",
];

/// `<meta>` names and properties stating the publication date, in the order
/// trusted after JSON-LD (compared in lower case).
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "pubdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
    "datepublished",
    "og:pubdate",
];

/// JSON-LD nodes visited per page, and how deep: a bound on hostile input.
const MAX_JSON_NODES: usize = 10_000;
const MAX_JSON_DEPTH: usize = 24;
/// Longest text taken from one statement (a headline, a name).
const MAX_FIELD_CHARS: usize = 2_000;

/// What a page says of itself, chosen and as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    /// The headline, by the order above.
    pub headline: Option<String>,
    /// The publication date as written, by the order above.
    pub date: Option<String>,
    /// Where the date came from: "json-ld", a meta name, "time", "url".
    pub date_source: Option<&'static str>,
    /// The canonical URL: `<link rel=canonical>`, else `og:url`.
    pub url: Option<String>,
    /// The last-modified date as written (never used as the date).
    pub modified: Option<String>,
    /// The byline: JSON-LD `author` names, else `<meta name=author>`.
    pub author: Option<String>,
    /// JSON-LD `articleSection`, else `article:section`.
    pub section: Option<String>,
    /// `<html lang>`, else JSON-LD `inLanguage`, else `og:locale`.
    pub language: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// `<meta name=description>` or `og:description`.
    pub description: Option<String>,
    /// The `<title>` as written.
    pub title: Option<String>,
    /// The page says it is an article: a JSON-LD article type, or
    /// `og:type` "article".
    pub says_article: bool,
}

/// The statements of one JSON-LD article object.
#[derive(Default)]
struct LdArticle {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
    section: Option<String>,
    language: Option<String>,
    url: Option<String>,
}

/// Reads what `doc` states about itself.
pub fn read(doc: &Document) -> Meta {
    let ld = json_ld(doc);
    let metas = meta_tags(doc);
    let get = |key: &str| metas.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let title = elements(doc)
        .find(|n| named(n, &[local_name!("title")]))
        .map(|t| clean(&t.text()))
        .filter(|t| !t.is_empty());
    let site_name = get("og:site_name");
    let og_title = get("og:title").map(|t| match &site_name {
        Some(site) => strip_named_site(&t, site),
        None => t,
    });
    let h1s: Vec<String> = elements(doc)
        .filter(|n| named(n, &[local_name!("h1")]))
        .map(|h| clean(&h.text()))
        .filter(|h| !h.is_empty())
        .collect();
    let headline = ld
        .as_ref()
        .and_then(|a| a.headline.clone())
        .or(og_title)
        .or_else(|| title.as_deref().and_then(|t| h1_in_title(&h1s, t)))
        .or_else(|| title.as_deref().map(strip_site))
        .filter(|h| !h.is_empty());

    let canonical = elements(doc)
        .filter(|n| named(n, &[local_name!("link")]))
        .find(|l| {
            l.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|l| l.attr("href"))
        .map(|h| clean(&h))
        .filter(|h| is_absolute_url(h));
    let url = canonical
        .or_else(|| get("og:url").filter(|u| is_absolute_url(u)))
        .or_else(|| ld.as_ref().and_then(|a| a.url.clone()));

    let (date, date_source) = pick_date(doc, ld.as_ref(), &metas, url.as_deref());
    let says_article =
        ld.is_some() || get("og:type").is_some_and(|t| t.eq_ignore_ascii_case("article"));
    let language = elements(doc)
        .find(|n| named(n, &[local_name!("html")]) && n.has_attr("lang"))
        .and_then(|h| h.attr("lang"))
        .map(|l| clean(&l))
        .filter(|l| !l.is_empty())
        .or_else(|| ld.as_ref().and_then(|a| a.language.clone()))
        .or_else(|| get("og:locale"));
    let ld = ld.unwrap_or_default();
    Meta {
        headline,
        date,
        date_source,
        url,
        modified: ld
            .modified
            .or_else(|| get("article:modified_time"))
            .or_else(|| get("og:updated_time")),
        author: ld.author.or_else(|| get("author")),
        section: ld.section.or_else(|| get("article:section")),
        language,
        site_name,
        description: get("description").or_else(|| get("og:description")),
        title,
        says_article,
    }
}

/// The publication date as written and where it came from: the first
/// source, in the module's order, that holds a date `extract` can read.
fn pick_date(
    doc: &Document,
    ld: Option<&LdArticle>,
    metas: &[(String, String)],
    url: Option<&str>,
) -> (Option<String>, Option<&'static str>) {
    let readable = |s: &String| crate::extract::dates::parse_stated(s).is_some();
    if let Some(date) = ld.and_then(|a| a.published.clone()).filter(readable) {
        return (Some(date), Some("json-ld"));
    }
    for &name in DATE_METAS {
        let found = metas
            .iter()
            .find(|(k, v)| k == name && readable(v))
            .map(|(_, v)| v.clone());
        if found.is_some() {
            return (found, Some(name));
        }
    }
    for selector in [
        "time[itemprop=datePublished][datetime]",
        "article time[datetime]",
        "time[pubdate][datetime]",
    ] {
        let found = doc
            .select(selector)
            .iter()
            .filter_map(|t| t.attr("datetime"))
            .map(|d| clean(&d))
            .find(readable);
        if found.is_some() {
            return (found, Some("time"));
        }
    }
    if let Some(date) = url.and_then(date_in_url) {
        return (Some(date), Some("url"));
    }
    (None, None)
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[/_-]((?:19|20)\d\d)([/-])(\d\d)([/-])(\d\d)(?:[/_.-]|$)").expect("valid regex")
});

/// The date a URL's path writes, `/2019/11/19/` or `-2019-11-19`, as
/// `2019-11-19`; the two separators must agree.
pub fn date_in_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    URL_DATE
        .captures_iter(path)
        .find(|c| c[2] == c[4])
        .map(|c| format!("{}-{}-{}", &c[1], &c[3], &c[5]))
}

fn is_absolute_url(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// `(name, content)` of every `<meta>` with a `property`, `name` or
/// `itemprop`, the name in lower case, in page order.
fn meta_tags(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for tag in elements(doc).filter(|n| named(n, &[local_name!("meta")])) {
        let Some(content) = tag.attr("content").map(|c| clean(&c)) else {
            continue;
        };
        if content.is_empty() {
            continue;
        }
        for key in ["property", "name", "itemprop"] {
            if let Some(name) = tag.attr(key) {
                out.push((name.trim().to_ascii_lowercase(), content.clone()));
            }
        }
    }
    out
}

/// The first JSON-LD article object of the page (top level, in an array,
/// in `@graph` or nested as `mainEntity`), with what it states.
fn json_ld(doc: &Document) -> Option<LdArticle> {
    for script in elements(doc).filter(|n| named(n, &[local_name!("script")])) {
        let is_ld = script
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let Some(value) = parse_json(&script.text()) else {
            continue;
        };
        let mut budget = MAX_JSON_NODES;
        if let Some(found) = find_article(&value, 0, &mut budget) {
            return Some(ld_article(found));
        }
    }
    None
}

/// A JSON-LD script's value: as written, else with the raw line breaks and
/// tabs some sites leave inside strings turned to spaces, and a CDATA or
/// comment wrapper removed.
fn parse_json(text: &str) -> Option<Value> {
    let mut t = text.trim();
    for (open, close) in [
        ("<![CDATA[", "]]>"),
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
    ] {
        if let Some(inner) = t.strip_prefix(open) {
            t = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    let t = t.trim_end_matches(';');
    serde_json::from_str(t).ok().or_else(|| {
        let spaced: String = t
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&spaced).ok()
    })
}

fn find_article<'v>(value: &'v Value, depth: usize, budget: &mut usize) -> Option<&'v Value> {
    if depth > MAX_JSON_DEPTH || *budget == 0 {
        return None;
    }
    *budget -= 1;
    match value {
        Value::Array(items) => items
            .iter()
            .find_map(|v| find_article(v, depth + 1, budget)),
        Value::Object(map) => {
            if is_article_type(map.get("@type")) {
                return Some(value);
            }
            for key in [
                "@graph",
                "mainEntity",
                "mainEntityOfPage",
                "itemListElement",
            ] {
                if let Some(found) = map
                    .get(key)
                    .and_then(|v| find_article(v, depth + 1, budget))
                {
                    return Some(found);
                }
            }
            None
        }
        _ => None,
    }
}

fn is_article_type(kind: Option<&Value>) -> bool {
    let named = |s: &str| {
        let name = s.rsplit(['/', ':']).next().unwrap_or(s).trim();
        ARTICLE_TYPES.contains(&name.to_ascii_lowercase().as_str())
    };
    match kind {
        Some(Value::String(s)) => named(s),
        Some(Value::Array(kinds)) => kinds.iter().any(|k| k.as_str().is_some_and(named)),
        _ => false,
    }
}

fn ld_article(v: &Value) -> LdArticle {
    let text = |key: &str| v.get(key).and_then(ld_text);
    LdArticle {
        headline: text("headline"),
        published: text("datePublished"),
        modified: text("dateModified"),
        author: v.get("author").and_then(names),
        section: v.get("articleSection").and_then(|s| match s {
            Value::Array(items) => items.iter().find_map(ld_text),
            other => ld_text(other),
        }),
        language: text("inLanguage"),
        url: text("url")
            .or_else(|| {
                v.get("mainEntityOfPage")
                    .and_then(|m| m.get("@id"))
                    .and_then(ld_text)
            })
            .filter(|u| is_absolute_url(u)),
    }
}

/// A JSON-LD string, entities decoded, spaces collapsed; `None` if empty.
fn ld_text(v: &Value) -> Option<String> {
    let s = v.as_str()?;
    let decoded = html_escape::decode_html_entities(s);
    Some(clean(&decoded)).filter(|s| !s.is_empty())
}

/// The names of a JSON-LD `author`: a string, a person, or a list of them.
fn names(v: &Value) -> Option<String> {
    let one = |v: &Value| match v {
        Value::Object(m) => m.get("name").and_then(ld_text),
        other => ld_text(other),
    };
    let all: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    };
    let mut unique: Vec<String> = Vec::new();
    for name in all {
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    (!unique.is_empty()).then(|| unique.join(", "))
}

/// Spaces collapsed, trimmed, at most `MAX_FIELD_CHARS`.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_FIELD_CHARS));
    for word in text.split_whitespace() {
        if out.len() + word.len() + 1 > MAX_FIELD_CHARS * 4 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    match out.char_indices().nth(MAX_FIELD_CHARS) {
        Some((at, _)) => out[..at].to_string(),
        None => out,
    }
}

/// Separators between a page's title and its site's name.
const SITE_SEPARATORS: &[&str] = &[" | ", " - ", " \u{2014} ", " \u{2013} ", " :: ", " \u{b7} "];

/// The `<h1>` that the title repeats (the title opens with it, or holds it
/// whole), for a title that adds a site name.
fn h1_in_title(h1s: &[String], title: &str) -> Option<String> {
    let fold = |s: &str| s.to_lowercase();
    let title = fold(title);
    h1s.iter()
        .find(|h| h.chars().count() >= 3 && title.contains(&fold(h)))
        .cloned()
}

/// The title without its site name: the shorter side of the last
/// separator, when what is left still reads as a headline (3 words or
/// more); else the title as it is.
pub fn strip_site(title: &str) -> String {
    let best = SITE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|at| (at, *sep)))
        .max_by_key(|&(at, _)| at);
    let Some((at, sep)) = best else {
        return title.to_string();
    };
    let (head, tail) = (title[..at].trim(), title[at + sep.len()..].trim());
    let kept = if tail.chars().count() <= head.chars().count() {
        head
    } else {
        tail
    };
    if kept.split_whitespace().count() >= 3 {
        kept.to_string()
    } else {
        title.to_string()
    }
}

/// `title` without a trailing or leading " | Site" naming `site`.
fn strip_named_site(title: &str, site: &str) -> String {
    for sep in SITE_SEPARATORS {
        if let Some(head) = title.strip_suffix(&format!("{sep}{site}")) {
            return head.trim().to_string();
        }
        if let Some(tail) = title.strip_prefix(&format!("{site}{sep}")) {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_come_off_titles() {
        let cases = [
            ("Oil prices rise again - Reuters", "Oil prices rise again"),
            (
                "Oil prices rise again | The Daily Planet",
                "Oil prices rise again",
            ),
            (
                "Reuters | Oil prices rise again today",
                "Oil prices rise again today",
            ),
            (
                "Oil prices rise again \u{2014} Site",
                "Oil prices rise again",
            ),
            ("Up - Down", "Up - Down"),
            (
                "A - B - Oil prices rise again - Site",
                "A - B - Oil prices rise again",
            ),
            ("No separator at all", "No separator at all"),
        ];
        for (title, want) in cases {
            assert_eq!(strip_site(title), want, "{title}");
        }
        assert_eq!(strip_named_site("Head line | Site", "Site"), "Head line");
        assert_eq!(
            strip_named_site("Head line | Other", "Site"),
            "Head line | Other"
        );
    }

    #[test]
    fn dates_in_urls() {
        let cases = [
            ("https://x.test/2019/11/19/story.html", Some("2019-11-19")),
            (
                "https://x.test/news/story-2019-11-19.html",
                Some("2019-11-19"),
            ),
            ("https://x.test/2019/11/story.html", None),
            ("https://x.test/2019-11/19/story", None),
            ("https://x.test/story?d=/2019/11/19/", None),
            ("https://x.test/12019/11/19/", None),
        ];
        for (url, want) in cases {
            assert_eq!(date_in_url(url).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn json_ld_with_raw_line_breaks_and_wrappers_parses() {
        assert!(parse_json("{\"headline\": \"a\nb\"}").is_some());
        assert!(parse_json("<!--{\"a\": 1}-->").is_some());
        assert!(parse_json("<![CDATA[{\"a\": 1}]]>").is_some());
        assert!(parse_json("{\"a\": 1};").is_some());
        assert!(parse_json("{nope").is_none());
    }

    #[test]
    fn article_types_with_prefixes_and_lists() {
        use serde_json::json;
        assert!(is_article_type(Some(&json!("NewsArticle"))));
        assert!(is_article_type(Some(&json!("https://schema.org/Article"))));
        assert!(is_article_type(Some(&json!([
            "WebPage",
            "ReportageNewsArticle"
        ]))));
        assert!(!is_article_type(Some(&json!("WebPage"))));
        assert!(!is_article_type(None));
    }

    #[test]
    fn clean_collapses_and_caps() {
        assert_eq!(clean("  a \n\t b  "), "a b");
        assert_eq!(clean(&"x".repeat(5000)).chars().count(), MAX_FIELD_CHARS);
    }
}
