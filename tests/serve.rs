//! `newsdex serve`'s routes, driven in-process (tower's `oneshot` on the
//! router, no socket): status, headers, the JSON read back into the wire
//! types with unknown fields denied, the HTML escaped, the limits and the
//! 400s, the Host check, a re-index seen without a restart.
//!
//! The expected values were counted in the dumps by hand (as tests/wire.rs
//! says): `reut2-000-sample.sgm` has 40 `<REUTERS` records; three say
//! "wheat" (opening at lines 193, 235 and 685: "NATIONAL AVERAGE PRICES FOR
//! FARMER-OWNED RESERVE" and "BONUS WHEAT FLOUR FOR NORTH YEMEN -- USDA"
//! datelined WASHINGTON, "ARGENTINE 1986/87 GRAIN/OILSEED REGISTRATIONS"
//! BUENOS AIRES), all dated 26 February 1987.

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use newsdex::config::IndexConfig;
use newsdex::index::NewsIndex;
use newsdex::output::wire::{Error, Message, Page, Stats, Story, Version};
use newsdex::paths::PathStyle;
use newsdex::serve::{self, Options, State};
use serde::de::DeserializeOwned;
use tower::ServiceExt;

use crate::util::{repo, TestEnv};

const HOST: &str = "127.0.0.1:8080";

/// Three hand-written flood stories, as JSON lines: two dated 2 January
/// and one 15 March 2020 (74 days, charted by day).
pub const FLOODS: [&str; 3] = [
    r#"{"id": "t1", "title": "Flood warning", "text": "The river flood rose.", "date": "2020-01-02"}"#,
    r#"{"id": "t2", "title": "Flood again", "text": "Another flood.", "date": "2020-01-02"}"#,
    r#"{"id": "t3", "title": "Flood over", "text": "The flood is over.", "date": "2020-03-15"}"#,
];

/// A temp dir with dumps, their index, and a server's state over it.
pub struct Served {
    pub env: TestEnv,
    pub state: Arc<State>,
}

pub fn index(env: &TestEnv, dumps: &str) {
    let mut config = IndexConfig::new(vec![env.path(dumps)], env.path("index"));
    config.threads = 1;
    config.memory = newsdex::commands::index::budget::MIN_MEMORY;
    newsdex::commands::index::run(&config).unwrap();
}

impl Served {
    /// `corpus/reuters/reut2-000-sample.sgm`, indexed.
    pub fn reuters() -> Served {
        let env = TestEnv::new();
        env.copy(
            &repo("corpus/reuters/reut2-000-sample.sgm"),
            "dumps/reut2-000-sample.sgm",
        );
        Served::over(env, false)
    }

    pub fn over(env: TestEnv, cors: bool) -> Served {
        index(&env, "dumps");
        let news = NewsIndex::open(&env.path("index")).unwrap();
        let options = Options {
            hosts: serve::allowed_hosts(IpAddr::from([127, 0, 0, 1]), 8080),
            cors,
            paths: PathStyle::relative_to(env.path("")),
            cache: serve::DEFAULT_CACHE,
        };
        let state = Arc::new(State::new(news, options).unwrap());
        Served { env, state }
    }

    pub fn router(&self) -> Router {
        serve::router(self.state.clone())
    }

    /// GET `uri` with the served Host.
    pub async fn get(&self, uri: &str) -> Answer {
        self.send(Request::get(uri).header(header::HOST, HOST))
            .await
    }

    pub async fn send(&self, request: axum::http::request::Builder) -> Answer {
        let response = self
            .router()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Answer {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }
}

/// A response, its body read.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {} {}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// A 400 whose body is the API's error shape, naming `word`.
    fn bad_request(&self, word: &str) {
        assert_eq!(self.status, StatusCode::BAD_REQUEST, "{}", self.body);
        let err: Error = self.json();
        assert_eq!(err.error.status, 400);
        assert!(err.error.message.contains(word), "{}", err.error.message);
    }
}

#[tokio::test]
async fn api_search_pages_with_a_next_url() {
    let served = Served::reuters();
    let first = served.get("/api/search?q=wheat&limit=2&facets=1").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(first.header("content-type").starts_with("application/json"));
    let page: Page = first.json();
    assert_eq!(page.summary.total_hits, 3);
    assert_eq!(page.summary.returned, 2);
    assert_eq!(page.hits.len(), 2);
    let facets = page.summary.facets.as_ref().unwrap();
    let dates: Vec<(&str, u64)> = facets
        .dates
        .iter()
        .map(|c| (c.key.as_str(), c.count))
        .collect();
    assert_eq!(dates, [("1987-02", 3)]);
    let next = page.next.unwrap();
    assert!(next.contains("cursor=2"), "{next}");
    let second: Page = served.get(&next).await.json();
    assert_eq!(second.hits.len(), 1);
    assert_eq!(second.hits[0].rank, 3);
    assert_eq!(second.next, None);
    let mut lines: Vec<u64> = page
        .hits
        .iter()
        .chain(&second.hits)
        .map(|h| h.line)
        .collect();
    lines.sort();
    assert_eq!(lines, [193, 235, 685]);
    // The page's URL with format=json, and /search.json, answer the same.
    for uri in ["/?q=wheat&format=json", "/search.json?q=wheat"] {
        let same: Page = served.get(uri).await.json();
        assert_eq!(same.summary.total_hits, 3, "{uri}");
    }
    // Filters: two of the three are datelined Washington.
    let washington: Page = served
        .get("/api/search?q=wheat&location=Washington")
        .await
        .json();
    assert_eq!(washington.summary.total_hits, 2);
    let none: Page = served.get("/api/search?q=wheat&from=1988").await.json();
    assert_eq!(none.summary.total_hits, 0);
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_message() {
    let served = Served::reuters();
    let cases = [
        ("/api/search?q=oil&limit=0", "limit"),
        ("/api/search?q=oil&limit=101", "limit"),
        ("/api/search?q=oil&limit=ten", "limit"),
        ("/api/search?q=oil&cursor=-1", "cursor"),
        ("/api/search?q=oil&offset=10001", "offset"),
        ("/api/search?q=oil&from=1987-13", "from"),
        ("/api/search?q=oil&to=yesterday", "to"),
        ("/api/search?q=oil&sort=best", "sort"),
        ("/api/search?q=oil&facets=maybe", "facets"),
        ("/search.csv?q=oil&sort=best", "sort"),
    ];
    for (uri, word) in cases {
        served.get(uri).await.bad_request(word);
    }
    let long = format!("/api/search?q={}", "a".repeat(1001));
    served.get(&long).await.bad_request("longer");
    let long_place = format!("/api/search?q=oil&location={}", "a".repeat(201));
    served.get(&long_place).await.bad_request("location");
    // A query that does not parse is not an error: the words are searched,
    // with a notice, on the page and in the API.
    let api = served.get("/api/search?q=%28wheat+%22flour").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let page: Page = api.json();
    assert!(page.summary.notice.is_some());
    assert!(page.summary.total_hits >= 1);
    let html = served.get("/?q=%28wheat+%22flour").await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("class=\"notice\""), "{}", html.body);
    assert!(html.body.contains("could not read the query as written"));
    // A bad page number on the page: 400, as a page.
    let html = served.get("/?q=wheat&page=0").await;
    assert_eq!(html.status, StatusCode::BAD_REQUEST);
    assert!(html.header("content-type").starts_with("text/html"));
    // Unknown API routes: the error shape, 404.
    let missing = served.get("/api/nothing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json::<Error>().error.status, 404);
}

#[tokio::test]
async fn the_page_shows_hits_timeline_facets_and_chips() {
    let served = Served::reuters();
    let answer = served.get("/?q=wheat").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.header("content-type").starts_with("text/html"));
    let body = &answer.body;
    assert!(body.contains("<strong>3 articles</strong>"), "{body}");
    for headline in [
        "NATIONAL AVERAGE PRICES FOR FARMER-OWNED RESERVE",
        "ARGENTINE 1986/87 GRAIN/OILSEED REGISTRATIONS",
        "BONUS WHEAT FLOUR FOR NORTH YEMEN",
    ] {
        assert!(body.contains(headline), "{headline}");
    }
    assert!(body.contains("<mark>wheat</mark>"));
    // Facets: places with their counts, each a link toggling the filter.
    assert!(
        body.contains(r#"href="/?q=wheat&amp;location=Washington""#),
        "{body}"
    );
    // All three on one day: no chart of one bar; the year facet has 1987.
    assert!(body.contains(r#"href="/?q=wheat&amp;from=1987&amp;to=1987""#));
    // The filtered page shows the chip, whose link removes it.
    let filtered = served.get("/?q=wheat&location=Washington").await;
    assert!(filtered.body.contains("<strong>2 articles</strong>"));
    assert!(filtered.body.contains("Place: Washington"));
    assert!(filtered.body.contains(r#"class="remove" href="/?q=wheat""#));
    // All on one day: no chart of a single bar.
    assert!(!body.contains("<svg"));
    // The home page: the index's size.
    let home = served.get("/").await;
    assert!(home.body.contains("Search 40 articles"), "{}", home.body);
    // Paging past the last page is fine, and says so by having no hits.
    let far = served.get("/?q=wheat&page=3").await;
    assert_eq!(far.status, StatusCode::OK);
    assert!(!far.body.contains("class=\"hit\""));
}

/// Three articles dated 2 January (two) and 15 March 2020: a span of 73
/// days, charted by day.
#[tokio::test]
async fn the_timeline_has_a_bar_per_period_linking_to_it() {
    let env = TestEnv::new();
    env.write("dumps/floods.jsonl", FLOODS.join("\n").as_bytes());
    let served = Served::over(env, false);
    let body = served.get("/?q=flood").await.body;
    assert!(body.contains(r#"<svg class="timeline""#), "{body}");
    assert!(body.contains(r#"data-unit="day""#));
    // 2 January to 15 March 2020: 30 + 29 + 15 days.
    assert_eq!(body.matches("<rect class=\"hit\"").count(), 74);
    assert!(body.contains("<title>2020-01-02: 2 articles</title>"));
    assert!(body.contains("<title>2020-01-03: 0 articles</title>"));
    assert!(body.contains("<title>2020-03-15: 1 article</title>"));
    assert!(body.contains(r#"href="/?q=flood&amp;from=2020-01-02&amp;to=2020-01-02""#));
    let day = served.get("/?q=flood&from=2020-01-02&to=2020-01-02").await;
    assert!(day.body.contains("<strong>2 articles</strong>"));
    assert!(day.body.contains("Date: 2020-01-02"));
    let range = served.get("/?q=flood&from=2020-01&to=2020-03").await;
    assert!(range.body.contains("<strong>3 articles</strong>"));
    assert!(range.body.contains("Date: 2020-01 to 2020-03"));
}

/// `chart=share`: each bar is the matches' share of every article of its
/// day. Three flood stories among eight, by hand: 2 January holds two
/// floods of four articles (50%), 15 March one of four (25%); another
/// article on 2 January, indexed while serving, makes it two of five (40%).
#[tokio::test]
async fn the_timeline_toggles_to_the_share_of_all_articles() {
    let env = TestEnv::new();
    let lines = [
        FLOODS[0],
        FLOODS[1],
        FLOODS[2],
        r#"{"id": "o1", "title": "Budget passed", "text": "The council passed the budget.", "date": "2020-01-02"}"#,
        r#"{"id": "o2", "title": "School opens", "text": "A new school opened.", "date": "2020-01-02"}"#,
        r#"{"id": "o3", "title": "Market day", "text": "The market was busy.", "date": "2020-03-15"}"#,
        r#"{"id": "o4", "title": "Bridge repaired", "text": "The bridge is repaired.", "date": "2020-03-15"}"#,
        r#"{"id": "o5", "title": "Choir sings", "text": "The choir sang carols.", "date": "2020-03-15"}"#,
    ];
    env.write("dumps/days.jsonl", lines.join("\n").as_bytes());
    let served = Served::over(env, false);
    let counts = served.get("/?q=flood").await.body;
    assert!(!counts.contains("(cached)"));
    assert!(
        counts.contains("<title>2020-01-02: 2 articles</title>"),
        "{counts}"
    );
    assert!(
        counts.contains(r#"href="/?q=flood&amp;chart=share""#),
        "{counts}"
    );
    let share = served.get("/?q=flood&chart=share").await;
    assert_eq!(share.status, StatusCode::OK);
    let body = share.body;
    // The same search a moment ago: its results were kept, and it says so.
    assert!(body.contains(" (cached)"), "{body}");
    assert!(
        body.contains("<title>2020-01-02: 2 of 4 articles (50%)</title>"),
        "{body}"
    );
    assert!(body.contains("<title>2020-01-03: 0 of 0 articles (0%)</title>"));
    assert!(body.contains("<title>2020-03-15: 1 of 4 articles (25%)</title>"));
    assert!(body.contains("highest: 50% in 2020-01-02"));
    assert!(
        body.contains(r#"href="/?q=flood">Show counts</a>"#),
        "{body}"
    );
    // Bars and paging keep the mode.
    assert!(
        body.contains(r#"href="/?q=flood&amp;from=2020-01-02&amp;to=2020-01-02&amp;chart=share""#)
    );
    assert!(served.get("/?q=flood&chart=pie").await.status == StatusCode::BAD_REQUEST);
    // A commit while serving counts again.
    served.env.write(
        "dumps/more.jsonl",
        br#"{"id": "o6", "title": "Library closes", "text": "The library closed early.", "date": "2020-01-02"}"#,
    );
    index(&served.env, "dumps");
    served.state.reload().unwrap();
    let after = served.get("/?q=flood&chart=share").await.body;
    assert!(
        after.contains("<title>2020-01-02: 2 of 5 articles (40%)</title>"),
        "{after}"
    );
    // The server searched the page's request again in the new commit
    // before it switched over (autowarming): the answer is ready, and new.
    assert!(after.contains(" (cached)"), "{after}");
}

#[tokio::test]
async fn articles_by_id_as_page_json_and_text() {
    let served = Served::reuters();
    let page: Page = served.get("/api/search?q=yemen").await.json();
    assert_eq!(page.hits.len(), 1);
    let id = &page.hits[0].id;
    let story: Story = served.get(&format!("/api/article/{id}")).await.json();
    assert_eq!(story.article.line, 685);
    assert!(story
        .article
        .headline
        .starts_with("BONUS WHEAT FLOUR FOR NORTH YEMEN"));
    let same: Story = served.get(&format!("/article/{id}.json")).await.json();
    assert_eq!(same, story);
    let html = served.get(&format!("/article/{id}?q=yemen")).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(
        html.body.contains(r#"<mark id="first">YEMEN</mark>"#),
        "{}",
        html.body
    );
    assert!(html.body.contains(r#"href="/?q=yemen""#), "the way back");
    let raw = served.get(&format!("/article/{id}/raw")).await;
    assert_eq!(raw.status, StatusCode::OK);
    assert_eq!(raw.header("content-type"), "text/plain; charset=utf-8");
    assert!(raw.body.contains("wheat flour to North Yemen"));
    let missing = served.get("/article/no-such-id").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let missing = served.get("/api/article/no-such-id").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json::<Error>().error.status, 404);
    // More like this: the other wheat stories share its words.
    let stats: Stats = served.get("/api/stats").await.json();
    assert_eq!(stats.articles, 40);
}

#[tokio::test]
async fn exports_hold_the_whole_result_set_and_state_the_cap() {
    let served = Served::reuters();
    let csv = served.get("/search.csv?q=wheat").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert_eq!(csv.header("x-newsdex-export-cap"), "10000");
    assert_eq!(csv.header("x-newsdex-total-hits"), "3");
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(reader.headers().unwrap().get(3), Some("headline"));
    assert_eq!(reader.records().count(), 3);
    let ndjson = served.get("/search.ndjson?q=wheat&limit=1").await;
    let messages: Vec<Message> = ndjson
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(messages.len(), 4, "three hits, then the summary");
    assert!(matches!(&messages[3], Message::Summary(s) if s.total_hits == 3 && s.returned == 3));
}

/// An export longer than one of its pages (500 hits): 1,234 stories that
/// each say "flood", written here, all exported, each once, ranked 1 to
/// 1,234 in order; the CSV has a row for each under its header.
#[tokio::test]
async fn exports_stream_page_after_page_as_one_ranking() {
    let env = TestEnv::new();
    let lines: Vec<String> = (0..1234)
        .map(|i| {
            format!(
                r#"{{"id": "f{i}", "title": "Flood report {i}", "text": "The flood reached street {i}.", "date": "2020-01-02"}}"#
            )
        })
        .collect();
    env.write("dumps/floods.jsonl", lines.join("\n").as_bytes());
    let served = Served::over(env, false);
    let ndjson = served.get("/search.ndjson?q=flood").await;
    assert_eq!(ndjson.status, StatusCode::OK);
    assert_eq!(ndjson.header("x-newsdex-total-hits"), "1234");
    let messages: Vec<Message> = ndjson
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(messages.len(), 1235, "1,234 hits, then the summary");
    let mut ids = std::collections::HashSet::new();
    for (i, message) in messages[..1234].iter().enumerate() {
        let Message::Hit(hit) = message else {
            panic!("not a hit: {message:?}")
        };
        assert_eq!(hit.rank, i + 1);
        assert!(ids.insert(hit.id.clone()), "{} twice", hit.id);
    }
    assert!(
        matches!(&messages[1234], Message::Summary(s) if s.total_hits == 1234 && s.returned == 1234)
    );
    let csv = served.get("/search.csv?q=flood").await;
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("rank"));
    let ranks: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(0).unwrap().to_string())
        .collect();
    assert_eq!(ranks.len(), 1234);
    assert_eq!(ranks.last().map(String::as_str), Some("1234"));
    // A bad parameter is still an error answer, before any bytes.
    served
        .get("/search.csv?q=flood&sort=best")
        .await
        .bad_request("sort");
}

#[tokio::test]
async fn hosts_headers_and_cors() {
    let served = Served::reuters();
    for uri in [
        "/",
        "/?q=wheat",
        "/api/search?q=wheat",
        "/api/stats",
        "/static/style.css",
        "/static/app.js",
        "/nothing",
    ] {
        let answer = served.get(uri).await;
        let csp = answer.header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{uri}");
        assert_eq!(answer.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(answer.header("access-control-allow-origin"), "", "{uri}");
    }
    // DNS rebinding: another name for this address is refused.
    for host in ["evil.example:8080", "127.0.0.1:9999", "localhost.evil:8080"] {
        let answer = served
            .send(Request::get("/api/stats").header(header::HOST, host))
            .await;
        assert_eq!(answer.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert_eq!(answer.json::<Error>().error.status, 421);
    }
    let localhost = served
        .send(Request::get("/api/stats").header(header::HOST, "localhost:8080"))
        .await;
    assert_eq!(localhost.status, StatusCode::OK);
    let no_host = served.send(Request::get("/api/stats")).await;
    assert_eq!(no_host.status, StatusCode::BAD_REQUEST);
    // Only GET.
    let post = served
        .send(Request::post("/api/search?q=oil").header(header::HOST, HOST))
        .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    // --cors: the API's answers allow any origin.
    let env = TestEnv::new();
    env.copy(
        &repo("corpus/reuters/reut2-000-sample.sgm"),
        "dumps/reut2-000-sample.sgm",
    );
    let cors = Served::over(env, true);
    let answer = cors.get("/api/search?q=wheat").await;
    assert_eq!(answer.header("access-control-allow-origin"), "*");
}

/// Headlines and bodies holding markup, event handlers and `javascript:`
/// links, as a hostile dump would: none reaches a page unescaped.
#[tokio::test]
async fn article_fields_are_escaped() {
    let env = TestEnv::new();
    let hostile = [
        serde_json::json!({
            "id": "x1",
            "title": "Zebra <script>alert('headline')</script> report",
            "text": "The zebra <img src=x onerror=alert(1)> story. <a href=\"javascript:alert(2)\">click</a> zebra.",
            "url": "javascript:alert(3)",
            "author": "<b onmouseover=alert(4)>Eve</b>",
            "date": "2020-01-02"
        }),
        serde_json::json!({
            "id": "x2\"><script>alert(5)</script>",
            "title": "Zebra \"quoted\" & <iframe src=//evil>",
            "text": "Another zebra </textarea><svg onload=alert(6)> text.",
            "url": "https://example.com/a?b=<c>",
            "date": "2020-01-03"
        }),
    ];
    let lines: Vec<String> = hostile.iter().map(|v| v.to_string()).collect();
    env.write("dumps/hostile.jsonl", lines.join("\n").as_bytes());
    let served = Served::over(env, false);
    let page: Page = served.get("/api/search?q=zebra").await.json();
    assert_eq!(page.summary.total_hits, 2);
    let mut pages = vec![
        served.get("/?q=zebra").await.body,
        served.get("/?q=zebra&sort=date").await.body,
        served
            .get("/?q=%3Cscript%3Ealert(7)%3C/script%3E")
            .await
            .body,
    ];
    for hit in &page.hits {
        let id = newsdex_segment(&hit.id);
        let article = served.get(&format!("/article/{id}?q=zebra")).await;
        assert_eq!(article.status, StatusCode::OK, "{}", hit.id);
        pages.push(article.body);
    }
    for body in &pages {
        for bad in [
            "<script>alert",
            "<img",
            "<iframe",
            "<svg onload",
            "<b onmouseover",
            "href=\"javascript:",
        ] {
            assert!(!body.contains(bad), "{bad} survived in {body}");
        }
        // The only scripts are the server's own file.
        assert_eq!(body.matches("<script").count(), 1, "{body}");
        assert!(body.contains(r#"<script src="/static/app.js" defer></script>"#));
    }
    // The text is there, escaped, for a person to read.
    assert!(pages[0].contains("Zebra &lt;script&gt;alert('headline')&lt;/script&gt; report"));
    // A web address is a link; a javascript: one is shown as text only.
    let articles = pages[3..].join("");
    assert!(articles.contains(r#"href="https://example.com/a?b=&lt;c&gt;""#));
    assert!(articles.contains("javascript:alert(3)"));
    // The stored text is plain text, never HTML.
    let raw = served.get("/article/x1/raw").await;
    assert_eq!(raw.header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(raw.header("x-content-type-options"), "nosniff");
}

/// An id as one path segment (the server's own encoding, written again
/// here so the test does not trust it).
fn newsdex_segment(id: &str) -> String {
    id.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_reindex_shows_without_a_restart() {
    let env = TestEnv::new();
    env.copy(
        &repo("corpus/reuters/reut2-000-sample.sgm"),
        "dumps/reut2-000-sample.sgm",
    );
    let served = Served::over(env, false);
    let before: Page = served.get("/api/search?q=zebra").await.json();
    assert_eq!(before.summary.total_hits, 0);
    let version_before: Version = served.get("/api/version").await.json();
    assert_eq!(version_before.articles, 40);
    served.env.write(
        "dumps/new.jsonl",
        br#"{"id": "z1", "title": "Zebra crossing opens", "text": "A zebra crossing opened today."}"#,
    );
    index(&served.env, "dumps");
    // tantivy reloads the reader shortly after a commit; reload() now
    // rather than wait for it.
    served.state.reload().unwrap();
    let after: Page = served.get("/api/search?q=zebra").await.json();
    assert_eq!(after.summary.total_hits, 1);
    let version_after: Version = served.get("/api/version").await.json();
    assert_eq!(version_after.articles, 41);
    assert!(version_after.commit > version_before.commit);
    let stats: Stats = served.get("/api/stats").await.json();
    assert_eq!(stats.articles, 41);
    assert!(Path::new(&served.env.path("index")).exists());
}

#[tokio::test]
async fn country_source_author_and_section_facets_toggle_their_filters() {
    let env = TestEnv::new();
    env.copy(
        &repo("corpus/reuters/reut2-000-sample.sgm"),
        "dumps/reut2-000-sample.sgm",
    );
    env.write(
        "dumps/site.jsonl",
        br#"{"title":"Wheat harvest starts early","text":"The wheat harvest began a week early this year.","url":"https://www.example.org/farming/1","author":"Jo Smith","section":"Farming"}
"#,
    );
    let served = Served::over(env, false);
    let page = served.get("/?q=wheat").await;
    let body = &page.body;
    assert!(body.contains("<strong>4 articles</strong>"), "{body}");
    // Two of the Reuters three are datelined WASHINGTON, one BUENOS AIRES.
    for facet in ["Country", "Source", "Author", "Section"] {
        assert!(
            body.contains(&format!("<h3>{facet}</h3>")),
            "{facet}: {body}"
        );
    }
    assert!(
        body.contains(r#"href="/?q=wheat&amp;location=United+States""#),
        "{body}"
    );
    // The source: the site of a URL (without www.), else the dump's name.
    assert!(
        body.contains(r#"href="/?q=wheat&amp;source=example.org""#),
        "{body}"
    );
    assert!(body.contains(r#"href="/?q=wheat&amp;source=reut2-000-sample.sgm""#));
    assert!(body.contains(r#"href="/?q=wheat&amp;author=Jo+Smith""#));
    assert!(body.contains(r#"href="/?q=wheat&amp;section=Farming""#));
    let site = served.get("/?q=wheat&source=example.org").await;
    assert!(
        site.body.contains("<strong>1 article</strong>"),
        "{}",
        site.body
    );
    assert!(site.body.contains("Source: example.org"));
    let dump = served
        .get("/api/search?q=wheat&source=reut2-000-sample.sgm")
        .await;
    let dump: Page = dump.json();
    assert_eq!(dump.summary.total_hits, 3);
}
