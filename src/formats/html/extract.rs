//! A page's article text: boilerplate stripped, the main content found by
//! Readability's scoring, paragraphs filtered line by line.
//!
//! Three passes, each with one job:
//! 1. **Strip** what is never the article, by tag (scripts, navigation,
//!    headers and footers, asides, forms, figures), by ARIA role, and by
//!    class and id words (share, related, newsletter, comments, cookie,
//!    ads, bylines, captions...). An element holding most of the page's
//!    paragraph text is never stripped, whatever its class says, so a
//!    `<div class="has-sidebar">` wrapping the story survives.
//! 2. **Score**: `dom_smoothie` (Mozilla Readability's algorithm on the same
//!    DOM: text density, link density, tag and class weights, sibling
//!    merging) picks the content and writes it as text, block elements
//!    ending paragraphs.
//! 3. **Filter** the paragraphs: lines that are furniture wherever they
//!    stand ("Image 1 of 8", "Advertisement", "Related: ...", "By NAME",
//!    "Updated 5:27 am"), captions repeated in the text.
//!
//! It also decides that a page holds no article (a listing of stories, too
//! little prose) unless the page states it is one. Captions are read from
//! `<figcaption>` before anything is stripped.

use std::collections::HashSet;
use std::sync::LazyLock;

use dom_query::{local_name, Document, Element, LocalName, NodeData, NodeId, NodeRef};
use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};
use regex::Regex;
use rustc_hash::FxHashMap;

use super::meta::{clean, Meta};
use super::{elements, named, NoArticle};
use crate::extract::words::WordSet;
use crate::formats::join_words;

/// Most elements a page may have for the extractor to take it on: a bound
/// on the work one page costs (the benchmark's largest has about 25,000).
pub const MAX_ELEMENTS: usize = 200_000;
/// Deepest nesting of elements taken on: the extractor's scoring recurses
/// over the tree and slows with depth, and a flood of unclosed tags
/// (13,000 deep) would overflow the stack. The benchmark's deepest page
/// nests 51 deep.
pub const MAX_DEPTH: usize = 200;
/// Fewest words of prose for a page that does not say it is an article.
const MIN_WORDS: usize = 50;
/// Headings holding a link, or `<article>` elements, that make a page not
/// saying it is an article a listing of stories.
const LISTING_HEADINGS: usize = 5;
const LISTING_ARTICLES: usize = 3;
/// Links, and the share of the page's text (its menus stripped) their
/// text holds, that make such a page a list of links: a section index
/// written as a `<ul>` of headlines.
const LISTING_LINKS: usize = 10;
const LISTING_LINK_SHARE: f64 = 0.8;
/// Share of the page's paragraph text an element may hold and still be
/// stripped for its class or id.
const MAX_STRIPPED_SHARE: f64 = 0.4;
/// Shortest run of text counted as prose when weighing what to strip.
const MIN_PROSE_RUN: usize = 40;
/// Longest body kept, as every format caps a story (the rest of a huge
/// page's text is dropped).
const MAX_BODY_BYTES: usize = 8 << 20;
/// Captions kept per page.
const MAX_CAPTIONS: usize = 20;

/// What the article of a page is made of.
#[derive(Debug, Default)]
pub struct Found {
    /// The article's paragraphs, in page order.
    pub paragraphs: Vec<String>,
    /// Figure captions, in page order, repeats removed.
    pub captions: Vec<String>,
}

/// Elements whose content is never text.
const STRIP_ALWAYS: &[LocalName] = &[
    local_name!("script"),
    local_name!("style"),
    local_name!("noscript"),
    local_name!("template"),
    local_name!("svg"),
    local_name!("canvas"),
    local_name!("iframe"),
    local_name!("object"),
    local_name!("embed"),
    local_name!("video"),
    local_name!("audio"),
    local_name!("select"),
    local_name!("textarea"),
    local_name!("input"),
    local_name!("button"),
];
/// Elements that are not the article's text, unless one holds most of the
/// page's paragraphs (ASP.NET pages wrap the whole page in a `<form>`,
/// some sites the story in a `<header>`).
const STRIP_TAGS: &[LocalName] = &[
    local_name!("nav"),
    local_name!("footer"),
    local_name!("aside"),
    local_name!("form"),
    local_name!("label"),
    local_name!("figure"),
    local_name!("figcaption"),
    local_name!("picture"),
    local_name!("dialog"),
    local_name!("menu"),
    local_name!("header"),
];
/// ARIA roles that are never the article's text (and elements marked
/// `hidden`).
const STRIP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "search",
];

/// Class and id words of page furniture (matched as whole words of a
/// class or id split at spaces, `-` and `_`, in lower case).
const FURNITURE: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "social",
    "socials",
    "related",
    "newsletter",
    "newsletters",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "promo",
    "promotion",
    "advert",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "adslot",
    "sponsor",
    "sponsored",
    "byline",
    "bylines",
    "author",
    "authors",
    "caption",
    "credit",
    "credits",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "subscribe",
    "subscription",
    "signup",
    "recommended",
    "recommendations",
    "popular",
    "trending",
    "outbrain",
    "taboola",
    "readmore",
    "sidebar",
    "toolbar",
    "paywall",
    "modal",
    "popup",
    "overlay",
    "disqus",
    "masthead",
    "footer",
    "header",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "dateline",
    "timestamp",
    "widget",
    "widgets",
    "rail",
];

/// Whole paragraphs that are furniture wherever they stand.
static FURNITURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:image|photo|picture|slide|video)\s+\d+\s+(?:of|/)\s*\d+
            |advertisement|advertising|advert|sponsored(?:\s+content)?|ad
            |continue\s+reading(?:\s+below)?|story\s+continues(?:\s+below)?|read\s+more
            |(?:show|load|see)\s+more|(?:close|caption|expand|enlarge|share|print|email|comments?)
            |(?:share|tweet|email)\s+this(?:\s+(?:article|story|page))?
            |(?:photo|image|picture|video|file\s+photo|credit|source)s?\s*:.{0,120}
            |\((?:photo|image|picture)s?(?:\s+credit)?\s*:.{0,120}\)
            |(?:published|updated|posted|last\s+updated|first\s+published)\b.{0,80}
            |by\s+(?-i:\p{Lu}[\p{L}.'\-]*(?:\s+\p{Lu}[\p{L}.'\-]*){0,4})(?:\s*(?:,|and|&|\||-|\u{2014}|\u{2013})\s*.{0,60})?
            |(?:related|read\s+more|see\s+more|more|also\s+read|read\s+also|recommended|watch|listen)\s*:.{0,200}
            |(?:don'?t|do\s+not)\s+miss
            |(?:sign\s+up|subscribe)\b.{0,120}
            |(?:\u{a9}|copyright\b).{0,160}
            |(?:you\s+may\s+also\s+like|you\s+might\s+also\s+like|also\s+on\s+\S+|like\s+this\s+(?:story|article)
               |tell\s+us\s+what\s+you\s+think|related\s+news|more\s+stories|top\s+stories)\b.{0,200}
        )$",
    )
    .expect("valid regex")
});

/// Calls to act anywhere in a short line: "click here", a newsletter
/// pitch, a "follow us" or "email the author at" line.
static PITCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \bclick(?:ing)?\s+here\b
        |\bnewsletters?\b.*\b(?:sign\s+up|subscribe|inbox)\b|\b(?:sign\s+up|subscribe)\b.*\bnewsletters?\b
        |\bfollow\s+(?:us|him|her|them|me)\s+on\b
        |\b(?:email|e-mail|reach|reached|contact)\b.{0,60}\b[\w.+-]+@[\w-]+\.[\w.]+
        ",
    )
    .expect("valid regex")
});

/// Bracketed section tags of a row of links ("[INSIGHT]", "[VIDEO]").
static LINK_TAGS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(?:\p{Lu}+\s?)+\]").expect("valid regex"));

/// A year, what a timestamp line must hold (a clock time alone heads the
/// entries of a live story: "4:14 p.m.").
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d\b").expect("valid regex"));

/// Words a timestamp line is made of besides numbers.
const TIMESTAMP_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "am",
    "pm",
    "a",
    "p",
    "m",
    "at",
    "on",
    "updated",
    "published",
    "posted",
    "last",
    "modified",
    "gmt",
    "utc",
    "bst",
    "cet",
    "cest",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "hst",
    "et",
    "pt",
    "ist",
    "aest",
    "ago",
    "hours",
    "hour",
    "minutes",
    "min",
    "mins",
    "days",
    "day",
    "st",
    "nd",
    "rd",
    "th",
];

/// A line that is only a date and time ("Nov 18, 2019 @17:19 PM \u{b7}
/// Updated: Nov 18, 2019 @17:26 PM").
fn is_timestamp(line: &str) -> bool {
    // YEAR holds one of its two literals: most lines have neither.
    let finder = |year: &[u8]| memchr::memmem::find(line.as_bytes(), year).is_some();
    if line.chars().count() > 120 || !(finder(b"19") || finder(b"20")) || !YEAR.is_match(line) {
        return false;
    }
    let words: Vec<&str> = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.len() >= 2
        && words.iter().all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || TIMESTAMP_WORDS.contains(&w.to_lowercase().as_str())
                || w.trim_start_matches(|c: char| c.is_ascii_digit())
                    .is_empty()
                || matches!(
                    w.trim_start_matches(|c: char| c.is_ascii_digit()),
                    "st" | "nd" | "rd" | "th" | "am" | "pm"
                )
        })
}

/// Words of share-button rows ("Whatsapp Facebook Pint Baixar").
const SHARE_WORDS: &[&str] = &[
    "facebook",
    "twitter",
    "whatsapp",
    "pinterest",
    "pint",
    "pin",
    "linkedin",
    "reddit",
    "email",
    "e-mail",
    "mail",
    "print",
    "share",
    "tweet",
    "copy",
    "link",
    "messenger",
    "telegram",
    "sms",
    "flipboard",
    "tumblr",
    "baixar",
    "download",
    "x",
    "comments",
    "comment",
    "save",
];

/// The article of `doc`, whose statements are `meta`; consumes the document
/// (the extractor strips it in place).
pub fn article(doc: Document, meta: &Meta) -> Result<Found, NoArticle> {
    let (elements, depth) = size(&doc);
    if elements > MAX_ELEMENTS {
        return Err(NoArticle::TooLarge { elements });
    }
    if depth > MAX_DEPTH {
        return Err(NoArticle::TooDeep { depth });
    }
    let captions = captions(&doc);
    strip(&doc);
    if !meta.says_article {
        listing(&doc)?;
    }
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let text = match Readability::with_document(doc, None, Some(config)).and_then(|mut r| r.parse())
    {
        Ok(article) => article.text_content.to_string(),
        Err(ReadabilityError::TooManyElements(elements, _)) => {
            return Err(NoArticle::TooLarge { elements })
        }
        Err(_) => String::new(),
    };
    let paragraphs = paragraphs(&text, &captions);
    let words: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    if words == 0 {
        return Err(NoArticle::NoText);
    }
    if words < MIN_WORDS && !meta.says_article {
        return Err(NoArticle::TooShort { words });
    }
    Ok(Found {
        paragraphs,
        captions,
    })
}

/// How many elements `doc` has, and how deep they nest.
fn size(doc: &Document) -> (usize, usize) {
    // The walk is in document order, so a node's parent is on the stack of
    // the nodes it is inside, each with the depth its children count on
    // from: its own for an element, 0 for any other node (as for the root,
    // never on the stack).
    let mut inside: Vec<(NodeId, usize)> = Vec::new();
    let (mut elements, mut deepest) = (0, 0);
    for node in doc.root().descendants_it() {
        let parent = node.parent().map(|p| p.id);
        while inside.last().is_some_and(|&(id, _)| Some(id) != parent) {
            inside.pop();
        }
        let depth = inside.last().map_or(0, |&(_, depth)| depth) + 1;
        let mut under = 0;
        if node.is_element() {
            elements += 1;
            deepest = deepest.max(depth);
            under = depth;
        }
        inside.push((node.id, under));
    }
    (elements, deepest)
}

/// The figure captions of the page, in order, each once.
fn captions(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for caption in elements(doc).filter(|n| named(n, &[local_name!("figcaption")])) {
        let text = clean(&caption.text());
        if !text.is_empty() && !out.contains(&text) {
            out.push(text);
            if out.len() == MAX_CAPTIONS {
                break;
            }
        }
    }
    out
}

/// Removes what is never the article (pass 1): tags and roles first, then
/// class and id words, each weighed against what is left. The element
/// holding the most prose (the story's likely home) and its ancestors are
/// never stripped.
fn strip(doc: &Document) {
    let always: Vec<NodeRef> = elements(doc).filter(|n| named(n, STRIP_ALWAYS)).collect();
    for node in always {
        node.remove_from_parent();
    }
    let (mut by_tag, mut by_role) = (Vec::new(), Vec::new());
    for node in elements(doc) {
        // The element read in place: its name and attributes as atoms.
        let (tag, role) = node.element_ref().map_or((false, false), |element| {
            let role = element
                .attr_ref(local_name!("role"))
                .is_some_and(|r| STRIP_ROLES.contains(&r))
                || element.attr_ref(local_name!("hidden")).is_some();
            (STRIP_TAGS.contains(&element.name.local), role)
        });
        if tag {
            by_tag.push(node);
        }
        if role {
            by_role.push(node);
        }
    }
    by_tag.extend(by_role);
    strip_unless_story(doc, by_tag);
    let by_class: Vec<NodeRef> = elements(doc).filter(is_furniture).collect();
    strip_unless_story(doc, by_class);
}

/// Removes `nodes`, except those holding the story: the home of the most
/// prose, or more than `MAX_STRIPPED_SHARE` of the page's prose.
fn strip_unless_story(doc: &Document, nodes: Vec<NodeRef>) {
    let body = elements(doc).find(|n| named(n, &[local_name!("body")]));
    let Prose { mut held, home } = prose(doc, body.as_ref());
    let total = body.map_or(0, |b| held.get(&b.id).copied().unwrap_or(0));
    let home: HashSet<NodeId> = home
        .map(|home| {
            std::iter::once(home.id)
                .chain(home.ancestors_it(None).map(|a| a.id))
                .collect()
        })
        .unwrap_or_default();
    for node in nodes {
        if home.contains(&node.id) {
            continue;
        }
        let prose = held.get(&node.id).copied().unwrap_or(0);
        if (prose as f64) <= MAX_STRIPPED_SHARE * total as f64 {
            // What the node held is no longer under its ancestors: a node
            // weighed later sees the page as it is then.
            if prose > 0 {
                for ancestor in node.ancestors_it(None) {
                    if let Some(n) = held.get_mut(&ancestor.id) {
                        *n -= prose;
                    }
                }
            }
            node.remove_from_parent();
        }
    }
}

/// Where the prose of a page is, read in one walk over its text.
struct Prose<'a> {
    /// Characters of prose under each node: its runs of text of a
    /// sentence's length or more, whatever element holds them (not every
    /// site writes `<p>`; Blogger posts are `<div>`s and `<span>`s). A node
    /// holding none is absent.
    held: FxHashMap<NodeId, usize>,
    /// The element whose children hold the most prose: each run of text of
    /// a sentence's length under `<body>` and outside readers' comments
    /// counts for the parent of the block that holds it.
    home: Option<NodeRef<'a>>,
}

fn prose<'a>(doc: &'a Document, body: Option<&NodeRef<'a>>) -> Prose<'a> {
    let mut held: FxHashMap<NodeId, usize> = FxHashMap::default();
    let mut credit: FxHashMap<NodeId, usize> = FxHashMap::default();
    let mut comments: FxHashMap<NodeId, bool> = FxHashMap::default();
    let mut ancestors: Vec<NodeRef> = Vec::new();
    for text in doc.root().descendants_it() {
        let len = prose_run_len(&text);
        if len < MIN_PROSE_RUN {
            continue;
        }
        ancestors.clear();
        ancestors.extend(text.ancestors_it(None));
        for a in &ancestors {
            *held.entry(a.id).or_default() += len;
        }
        let Some(body) = body else { continue };
        if !ancestors.iter().any(|a| a.id == body.id) {
            continue;
        }
        // Readers' comments are often longer than the story.
        let in_comments = ancestors
            .iter()
            .any(|a| *comments.entry(a.id).or_insert_with(|| is_comments(a)));
        if in_comments {
            continue;
        }
        let block = ancestors.iter().find(|a| named(a, BLOCKS));
        if let Some(parent) = block.and_then(|b| b.parent()) {
            *credit.entry(parent.id).or_default() += len;
        }
    }
    let home = credit
        .into_iter()
        .max_by_key(|&(id, n)| (n, std::cmp::Reverse(id)))
        .map(|(id, _)| NodeRef::new(id, &doc.tree));
    Prose { held, home }
}

/// The length of a text node's text, trimmed, when that may reach
/// `MIN_PROSE_RUN`; 0 for a shorter text (its trimmed text is shorter
/// still, so it is not trimmed: most text nodes are the white space
/// between tags) and for any other node.
fn prose_run_len(node: &NodeRef) -> usize {
    node.query_or(0, |n| match &n.data {
        NodeData::Text { contents } if contents.len() >= MIN_PROSE_RUN => contents.trim().len(),
        _ => 0,
    })
}

/// True when a word of the node's class or id names readers' comments.
fn is_comments(node: &NodeRef) -> bool {
    static WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(COMMENT_WORDS));
    node.element_ref()
        .is_some_and(|element| any_class_word(&element, &WORDS))
}

const COMMENT_WORDS: &[&str] = &["comment", "comments", "commentlist", "disqus", "replies"];

/// True when a word of the element's class or id, in ASCII lower case,
/// split at spaces, `-` and `_`, is one of `words` (read in place, no
/// copy of the attributes or the words).
fn any_class_word(element: &Element, words: &WordSet) -> bool {
    for attr in [local_name!("class"), local_name!("id")] {
        let Some(value) = element.attr_ref(attr) else {
            continue;
        };
        if value
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .any(|w| !w.is_empty() && words.holds_folded(w))
        {
            return true;
        }
    }
    false
}

/// Elements that hold a paragraph of text.
const BLOCKS: &[LocalName] = &[
    local_name!("p"),
    local_name!("div"),
    local_name!("li"),
    local_name!("td"),
    local_name!("blockquote"),
    local_name!("section"),
    local_name!("article"),
    local_name!("dd"),
    local_name!("pre"),
    local_name!("h2"),
    local_name!("h3"),
    local_name!("h4"),
];

/// True when a word of the node's class or id names furniture. `body` and
/// `html` are never furniture, nor is the element that says it holds the
/// article's body.
fn is_furniture(node: &NodeRef) -> bool {
    static WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FURNITURE));
    let Some(element) = node.element_ref() else {
        return false;
    };
    let words = |attr| element.attr_ref(attr).is_some();
    if !words(local_name!("class")) && !words(local_name!("id")) {
        return false;
    }
    let never = [
        local_name!("body"),
        local_name!("html"),
        local_name!("main"),
        local_name!("article"),
    ];
    if never.contains(&element.name.local) {
        return false;
    }
    if element
        .attr_ref(local_name!("itemprop"))
        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
    {
        return false;
    }
    any_class_word(&element, &WORDS)
}

/// Refuses a page that lists stories rather than telling one.
fn listing(doc: &Document) -> Result<(), NoArticle> {
    const HEADINGS: &[LocalName] = &[
        local_name!("h1"),
        local_name!("h2"),
        local_name!("h3"),
        local_name!("h4"),
    ];
    let is_link = |n: &NodeRef| named(n, &[local_name!("a")]) && n.has_attr("href");
    // One pass: headings holding a link, `<article>`s, and the links with
    // their text.
    let (mut headings, mut articles, mut links, mut link_chars) = (0, 0, 0, 0);
    for n in elements(doc) {
        if named(&n, HEADINGS) {
            headings += usize::from(n.descendants_it().any(|d| is_link(&d)));
        } else if named(&n, &[local_name!("article")]) {
            articles += 1;
        } else if is_link(&n) {
            let chars = n.normalized_char_count();
            if chars > 0 {
                links += 1;
                link_chars += chars;
            }
        }
    }
    if headings >= LISTING_HEADINGS || articles >= LISTING_ARTICLES {
        return Err(NoArticle::Listing {
            stories: headings.max(articles),
        });
    }
    if links >= LISTING_LINKS {
        let page_chars: usize = doc
            .select("body")
            .nodes()
            .iter()
            .map(|b| b.normalized_char_count())
            .sum();
        if link_chars as f64 >= LISTING_LINK_SHARE * page_chars as f64 {
            return Err(NoArticle::Listing { stories: links });
        }
    }
    Ok(())
}

/// The extractor's text split into paragraphs, furniture lines and
/// captions dropped (pass 3).
fn paragraphs(text: &str, captions: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut bytes = 0;
    for block in text.split("\n\n") {
        if bytes > MAX_BODY_BYTES {
            break;
        }
        let lines: Vec<String> = block
            .lines()
            .map(join_words)
            .filter(|l| !l.is_empty() && !is_furniture_line(l, captions))
            .collect();
        if !lines.is_empty() {
            let paragraph = lines.join("\n");
            bytes += paragraph.len() + 2;
            out.push(paragraph);
        }
    }
    out
}

fn is_furniture_line(line: &str, captions: &[String]) -> bool {
    if captions.iter().any(|c| c == line) {
        return true;
    }
    let short = line.chars().count() <= 250;
    let furniture = || may_be_furniture(line) && FURNITURE_LINE.is_match(line);
    if short && (furniture() || (may_pitch(line) && PITCH.is_match(line))) {
        return true;
    }
    // Each of LINK_TAGS' matches opens with a `[`.
    let brackets = memchr::memchr_iter(b'[', line.as_bytes()).nth(1).is_some();
    if (brackets && LINK_TAGS.find_iter(line).count() >= 2) || is_timestamp(line) {
        return true;
    }
    // Share words all, and at least one; the first other word settles it.
    let mut words = line
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some() && words.all(is_share_word)
}

/// Whether `word`, in lower case, is one of `SHARE_WORDS` (all ASCII lower
/// case: an ASCII word is compared case-blind, with no lower-case copy).
fn is_share_word(word: &str) -> bool {
    if word.is_ascii() {
        SHARE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
    } else {
        SHARE_WORDS.contains(&word.to_lowercase().as_str())
    }
}

/// What `FURNITURE_LINE` (anchored at the line's start) can match first:
/// each of its alternatives opens with one of these, whatever the case.
const FURNITURE_OPENINGS: &[&str] = &[
    "image",
    "photo",
    "picture",
    "slide",
    "video",
    "ad",
    "sponsored",
    "continue",
    "story",
    "read",
    "show",
    "load",
    "see",
    "close",
    "caption",
    "expand",
    "enlarge",
    "share",
    "print",
    "email",
    "comment",
    "tweet",
    "file",
    "credit",
    "source",
    "(",
    "published",
    "updated",
    "posted",
    "last",
    "first",
    "by",
    "related",
    "more",
    "also",
    "recommended",
    "watch",
    "listen",
    "do",
    "sign",
    "subscribe",
    "\u{a9}",
    "copyright",
    "you",
    "like",
    "tell",
    "top",
];

/// False when `line` cannot match `FURNITURE_LINE`: it opens with none of
/// `FURNITURE_OPENINGS`, folded as the regex folds case. Most lines are
/// prose, ruled out by their first word without running the regex.
fn may_be_furniture(line: &str) -> bool {
    static LONGEST: LazyLock<usize> = LazyLock::new(|| {
        let chars = FURNITURE_OPENINGS.iter().map(|o| o.chars().count());
        chars.max().unwrap_or(0)
    });
    let opening = fold_case(line.chars().take(*LONGEST));
    FURNITURE_OPENINGS.iter().any(|o| opening.starts_with(o))
}

/// `chars` with each letter that Unicode's simple case folding makes one of
/// an ASCII letter in ASCII lower case (`K` and `k` are also the Kelvin
/// sign, `s` the long s; no other letter folds to ASCII), as a case-blind
/// regex matches them; other characters unchanged.
fn fold_case(chars: impl Iterator<Item = char>) -> String {
    chars
        .map(|c| match c {
            '\u{212A}' => 'k',
            '\u{17F}' => 's',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// False when `line` cannot match `PITCH`: each of its alternatives holds
/// "click", "newsletter", "follow" or an `@`, matched whatever the case as
/// the regex matches them (Unicode's simple case folding, under which `k`
/// is also the Kelvin sign and `s` the long s). Most lines hold none, and
/// the regex's case-blind Unicode word boundaries are slow to rule out.
fn may_pitch(line: &str) -> bool {
    if line.contains('@') {
        return true;
    }
    let folded = fold_case(line.chars());
    ["click", "newsletter", "follow"]
        .iter()
        .any(|word| memchr::memmem::find(folded.as_bytes(), word.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        let yes = [
            "Image 1 of 8",
            "Advertisement",
            "Continue Reading Below",
            "Related: SpaceX's Starship in Pictures",
            "SEE MORE: Hong Kong protests",
            "(Image credit: Blue Origin)",
            "Photo: Hau Dinh, AP",
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
            "By Justine Coleman - 11/18/19 11:04 PM EST",
            "By Robert Burns",
            "Whatsapp Facebook Pint Baixar",
            "Nov 18, 2019 @17:19 PM \u{b7} Updated: Nov 18, 2019 @17:26 PM",
            "Tuesday 19 November 2019 10:48",
            "Posted 5:27pm EST 2019",
            "DON'T MISS",
            "\u{a9} 2019 The Hill",
        ];
        for line in yes {
            assert!(is_furniture_line(line, &[]), "{line}");
            assert!(
                !FURNITURE_LINE.is_match(line) || may_be_furniture(line),
                "{line}"
            );
        }
        let more = [
            "Sponsored content",
            "READ MORE",
            "Show more",
            "Comments",
            "Tweet this story",
            "File photo: AP",
            "Credits: Reuters",
            "First published on Tuesday",
            "Don't miss",
            "Do not miss",
            "Sign up for alerts",
            "Copyright 2019",
            "You might also like these",
            "Also on CNN",
            "Like this story",
            "Tell us what you think",
            "Top stories today",
            "Watch: the launch",
            "Listen: the podcast",
            "Recommended: more",
            "\u{17F}hare",
            "Clo\u{17F}e",
        ];
        for line in more {
            assert!(FURNITURE_LINE.is_match(line), "{line}");
            assert!(may_be_furniture(line), "{line}");
        }
        let no = [
            "By the end of the year, prices had doubled.",
            "Photographs of the moon were taken on Tuesday by the crew.",
            "The governor said the campaign was a success.",
            "Share prices fell 3% on Monday.",
            "2019",
            "4:14 p.m.",
            "On March 3, 2019 at 10:00 the vote began.",
        ];
        for line in no {
            assert!(!is_furniture_line(line, &[]), "{line}");
        }
        assert!(is_furniture_line("A caption.", &["A caption.".to_string()]));
    }

    #[test]
    fn the_pitch_prefilter_passes_every_pitch() {
        let pitches = [
            "Click here to read more",
            "CLICKING  HERE",
            "Clic\u{212A} here",
            "Sign up for our newsletter",
            "Get the NEWSLETTER in your inbox",
            "Sign up for our new\u{17F}letter",
            "Follow us on Twitter",
            "FOLLOW HER ON X",
            "Email the author at jo@example.com",
        ];
        for line in pitches {
            assert!(PITCH.is_match(line), "{line}");
            assert!(may_pitch(line), "{line}");
        }
        assert!(!may_pitch("The governor said the campaign was a success."));
    }

    #[test]
    fn bodies_are_capped() {
        let text = format!("{}\n\n", "word ".repeat(200)).repeat(9 << 12);
        let kept: usize = paragraphs(&text, &[]).iter().map(|p| p.len() + 2).sum();
        assert!(kept <= MAX_BODY_BYTES + 1200, "{kept}");
        assert!(kept > MAX_BODY_BYTES, "{kept}");
    }

    #[test]
    fn furniture_classes_are_whole_words() {
        let doc = Document::from(
            "<div id=a class='share-bar'></div><div id=b class='shared-content'></div>\
             <div id=c class='article-body has-sidebar'></div><main id=d class='nav'></main>",
        );
        let got: Vec<String> = doc
            .select("div, main")
            .nodes()
            .iter()
            .filter(|n| is_furniture(n))
            .filter_map(|n| n.attr("id").map(|s| s.to_string()))
            .collect();
        assert_eq!(got, ["a", "c"]);
    }
}
