//! The HTTP front end of `newsdex serve`: routes, the search page and the
//! JSON API over `search::search` and the `output::wire` types.
//!
//! One URL scheme for people and programs (as Datasette has it): the page
//! `/?q=...` is `/search.json?q=...` (or `format=json`) for programs and
//! `/search.csv`, `/search.ndjson` for exports. Every request is checked
//! by `guard` (its Host header must name the served host, against DNS
//! rebinding) and gets a strict Content-Security-Policy and `nosniff`.
//! Searches run on tokio's blocking pool within a time budget, over one
//! `IndexReader`; `watch` sees a commit land and `State::reload` moves the
//! searcher on once `cache` holds the new commit's answers to the recent
//! requests, so a re-index shows without a restart and without a burst of
//! slow answers; the server never takes the writer lock. No path is
//! ever taken from a request: articles are looked up by id in the index.
//!
//! It owns no ranking, parsing or printing: `params` turns a query string
//! into a `search::Request`, `page` renders HTML (maud, escaped by
//! default), `timeline` draws the chart. It does not bind sockets:
//! `commands::serve` does.

mod cache;
mod page;
mod params;
mod timeline;

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, RawQuery, Request as HttpRequest, State as AxumState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue, Value};
use tantivy::{DocAddress, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::index::{IndexError, NewsIndex, Story};
use crate::output::wire;
use crate::paths::PathStyle;
use crate::search::{self, SearchError};
use cache::Searched;
pub use params::Params;

/// Longest a page or API search may take before the answer is 503.
const SEARCH_BUDGET: Duration = Duration::from_secs(5);
/// Longest an export may take.
const EXPORT_BUDGET: Duration = Duration::from_secs(30);
/// Most hits an export holds (`X-Newsdex-Export-Cap`): the whole result
/// set up to this many, best first.
pub const EXPORT_CAP: usize = search::MAX_LIMIT;
/// Related stories shown beside an article.
const MORE_LIKE_THIS: usize = 5;

/// The Content-Security-Policy of every answer: nothing but this server's
/// own files, no inline script or style, no frames, no form posting
/// elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What a server is told besides its index.
#[derive(Debug, Clone)]
pub struct Options {
    /// Host header values accepted (`host:port`); `None` accepts any (a
    /// server bound to every address cannot know its names).
    pub hosts: Option<Vec<String>>,
    /// Send `Access-Control-Allow-Origin: *` on the API's answers.
    pub cors: bool,
    /// How the paths of dumps are shown.
    pub paths: PathStyle,
    /// Results of recent searches kept (0: none); see `cache`.
    pub cache: usize,
}

pub use cache::DEFAULT_ENTRIES as DEFAULT_CACHE;

/// The Host header values a server bound to `ip`:`port` accepts: the
/// address and, for loopback, `localhost`; `None` for an unspecified
/// address (0.0.0.0, ::), whose names the server cannot know.
pub fn allowed_hosts(ip: IpAddr, port: u16) -> Option<Vec<String>> {
    if ip.is_unspecified() {
        return None;
    }
    let mut names = vec![match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }];
    if ip.is_loopback() {
        names.push("localhost".into());
    }
    let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
    if port == 80 {
        hosts.extend(names);
    }
    Some(hosts)
}

/// Every article by day, with the reader generation it was counted on.
type AllDays = (u64, Arc<Vec<(crate::date::Date, u64)>>);

/// Requests searched again in a new commit before it is searched (the
/// most recently used first), and the most time that may take.
const WARM_MAX: usize = 256;
const WARM_BUDGET: Duration = Duration::from_secs(3);
/// How often the server looks for a new commit.
const WATCH_EVERY: Duration = Duration::from_millis(250);

/// The searcher requests use: the last commit, once warmed.
struct Current {
    searcher: Searcher,
    /// What it sees, for the cache (`cache::fingerprint`).
    fingerprint: u64,
    /// The commit (tantivy's opstamp) it was opened at, at least.
    commit: u64,
}

/// Everything a request may read: the index, its one reader, the options.
pub struct State {
    news: NewsIndex,
    reader: IndexReader,
    options: Options,
    /// The searcher of the last commit, swapped in by `reload` once the
    /// cache holds its answers to the recent requests.
    current: std::sync::RwLock<Arc<Current>>,
    /// One reload at a time.
    reloading: std::sync::Mutex<()>,
    /// Every article by day, for the timeline's shares: counted once per
    /// reader generation (a commit makes a new one), not per request.
    all_days: std::sync::Mutex<Option<AllDays>>,
    /// Results of recent searches in the current searcher's content.
    cache: cache::Cache,
    /// Searches running at once: two per core. More only share the same
    /// cores while each holds its own buffers (64 clients searching at
    /// once held ~380 MB); the rest wait their turn, within their budget.
    searching: Arc<tokio::sync::Semaphore>,
}

impl State {
    /// A server's state over `news`, searching its last commit; `reload`
    /// (which `watch` calls when a commit lands) moves it on.
    pub fn new(news: NewsIndex, options: Options) -> Result<State, IndexError> {
        let commit = news.index.load_metas().map_err(|e| news.err(e))?.opstamp;
        let reader = news
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| news.err(e))?;
        let searcher = reader.searcher();
        let fingerprint = cache::fingerprint(&searcher);
        let cache = cache::Cache::new(options.cache, fingerprint);
        Ok(State {
            news,
            reader,
            options,
            current: std::sync::RwLock::new(Arc::new(Current {
                searcher,
                fingerprint,
                commit,
            })),
            reloading: std::sync::Mutex::new(()),
            all_days: std::sync::Mutex::new(None),
            cache,
            searching: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()) * 2,
            )),
        })
    }

    /// The searcher requests use now.
    fn current(&self) -> Arc<Current> {
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Every article of the index by day, counted on the current reader
    /// generation (and kept until the next).
    fn all_days(&self) -> Result<Arc<Vec<(crate::date::Date, u64)>>, Failure> {
        let searcher = self.current().searcher.clone();
        let generation = searcher.generation().generation_id();
        let mut kept = self
            .all_days
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, days)) = kept.as_ref() {
            if *at == generation {
                return Ok(days.clone());
            }
        }
        let days =
            Arc::new(search::facets::days_of_all(&searcher).map_err(|e| {
                Failure::internal(format!("cannot count the articles by day: {e}"))
            })?);
        *kept = Some((generation, days.clone()));
        Ok(days)
    }

    /// Moves on to the index's last commit: opens a searcher of it, warms
    /// the cache there (the `WARM_MAX` most recent requests searched
    /// again, for at most `WARM_BUDGET`), then swaps it in. Requests go on
    /// being answered from the previous commit meanwhile. Nothing happens
    /// when the last commit changed nothing a search sees.
    pub fn reload(&self) -> Result<(), IndexError> {
        let _one = self
            .reloading
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let commit = self
            .news
            .index
            .load_metas()
            .map_err(|e| self.news.err(e))?
            .opstamp;
        self.reader.reload().map_err(|e| self.news.err(e))?;
        let searcher = self.reader.searcher();
        let fingerprint = cache::fingerprint(&searcher);
        if fingerprint == self.current().fingerprint {
            return Ok(());
        }
        let started = Instant::now();
        let mut warmed = Vec::new();
        for request in self.cache.recent(WARM_MAX) {
            if started.elapsed() > WARM_BUDGET {
                break;
            }
            if let Ok(results) = search::search(&self.news, &searcher, &request) {
                warmed.push((request, Arc::new(Searched::new(results))));
            }
        }
        self.cache.replace(fingerprint, warmed);
        *self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(Current {
            searcher,
            fingerprint,
            commit,
        });
        Ok(())
    }
}

/// Looks for a new commit of the index every `WATCH_EVERY` (its
/// `meta.json`'s opstamp) and `reload`s when there is one, on a thread of
/// its own, for as long as `state` is in use.
pub fn watch(state: &Arc<State>) {
    let state = Arc::downgrade(state);
    std::thread::spawn(move || {
        let mut seen = None;
        loop {
            std::thread::sleep(WATCH_EVERY);
            let Some(state) = state.upgrade() else { return };
            let Ok(metas) = state.news.index.load_metas() else {
                // Being written, or gone for a moment: look again.
                continue;
            };
            if seen == Some(metas.opstamp) {
                continue;
            }
            seen = Some(metas.opstamp);
            if let Err(err) = state.reload() {
                crate::warning!("cannot open the index's new commit: {err}");
            }
        }
    });
}

type Shared = Arc<State>;

/// The routes of the server over `state` (see the module doc and README's
/// "Web page and API").
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(search_page))
        .route("/search.json", get(search_json))
        .route("/search.csv", get(export_csv))
        .route("/search.ndjson", get(export_ndjson))
        .route("/api/search", get(search_json))
        .route("/api/stats", get(stats_json))
        .route("/api/version", get(version_json))
        .route("/api/article/{*id}", get(article_json))
        .route("/article/{*id}", get(article_any))
        .route("/static/style.css", get(style))
        .route("/static/app.js", get(script))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Every request: the Host check, then the security headers on the answer
/// (and CORS on the API's, when asked).
async fn guard(AxumState(state): AxumState<Shared>, request: HttpRequest, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    if let Some(hosts) = &state.options.hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_ascii_lowercase);
        match host {
            None => return error(StatusCode::BAD_REQUEST, "the request has no Host header"),
            Some(host) if !hosts.contains(&host) => {
                return error(
                    StatusCode::MISDIRECTED_REQUEST,
                    &format!(
                        "this server answers for {} only, not {host}",
                        hosts.join(", ")
                    ),
                )
            }
            Some(_) => {}
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if api && state.options.cors {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    response
}

/// The API's error answer: `{"error": {"message": ..., "status": ...}}`.
fn error(status: StatusCode, message: &str) -> Response {
    let body = wire::Error {
        error: wire::ErrorDetail {
            message: message.to_string(),
            status: status.as_u16(),
        },
    };
    (status, Json(body)).into_response()
}

/// Why a request got no results: its status and message.
#[derive(Debug)]
struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    fn bad(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn internal(message: impl std::fmt::Display) -> Failure {
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.to_string(),
        }
    }

    fn json(&self) -> Response {
        error(self.status, &self.message)
    }
}

impl From<SearchError> for Failure {
    fn from(err: SearchError) -> Failure {
        match err {
            SearchError::Tantivy(_) => Failure::internal(err),
            _ => Failure::bad(err.to_string()),
        }
    }
}

/// The results of `request` and the milliseconds they took: from the
/// cache when it holds them (answered here, on the async thread: a lookup
/// costs less than handing work to another thread), else searched on the
/// blocking pool, when a turn is free, within `budget`, and kept.
async fn run_search(
    state: &Shared,
    request: search::Request,
    budget: Duration,
) -> Result<(Arc<Searched>, f64, bool), Failure> {
    let started = Instant::now();
    let current = state.current();
    let searcher = current.searcher.clone();
    let generation = current.fingerprint;
    if let Some(kept) = state.cache.get(generation, &request) {
        return Ok((kept, started.elapsed().as_secs_f64() * 1000.0, true));
    }
    let state = state.clone();
    let task = async move {
        // A turn among the searches running at once, held until this one
        // is done (even if its answer is no longer awaited).
        let turn = state.searching.clone().acquire_owned().await;
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let started = Instant::now();
            let results = search::search(&state.news, &searcher, &request).map(|results| {
                let found = Arc::new(Searched::new(results));
                state.cache.put(generation, &request, found.clone());
                found
            });
            (results, started.elapsed().as_secs_f64() * 1000.0)
        })
        .await
    };
    match tokio::time::timeout(budget, task).await {
        Err(_) => Err(Failure {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: format!(
                "the search took longer than {} s; narrow it with filters or fewer words",
                budget.as_secs()
            ),
        }),
        Ok(Err(join)) => Err(Failure::internal(format!("the search failed: {join}"))),
        Ok(Ok((results, elapsed))) => Ok((results?, elapsed, false)),
    }
}

/// Runs blocking index work (lookups, stats) on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    match tokio::time::timeout(SEARCH_BUDGET, tokio::task::spawn_blocking(work)).await {
        Err(_) => Err(Failure {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: "the index took too long to answer".into(),
        }),
        Ok(Err(join)) => Err(Failure::internal(join)),
        Ok(Ok(result)) => result,
    }
}

/// `/`: the search page (or, with `format=json`, the API's answer).
async fn search_page(AxumState(state): AxumState<Shared>, RawQuery(query): RawQuery) -> Response {
    let params = match Params::parse(query.as_deref(), params::Kind::Page) {
        Ok(params) => params,
        Err(message) => {
            let html = page::search(&page::SearchView {
                params: &Params::default(),
                outcome: Err(&message),
                paths: &state.options.paths,
                all_days: None,
                cached: false,
            });
            return (StatusCode::BAD_REQUEST, html).into_response();
        }
    };
    if params.format.as_deref() == Some("json") {
        return search_answer(&state, params).await;
    }
    if params.q.trim().is_empty() && !params.has_filters() {
        let stats = blocking({
            let state = state.clone();
            move || state.news.stats().map_err(Failure::internal)
        })
        .await;
        return match stats {
            Ok(stats) => page::home(&stats).into_response(),
            Err(failure) => (failure.status, failure.message).into_response(),
        };
    }
    let outcome = run_search(&state, params.request(true), SEARCH_BUDGET).await;
    let outcome_cached = outcome.as_ref().ok().map(|(_, _, cached)| *cached);
    let all_days = if params.share && outcome.is_ok() {
        let state = state.clone();
        blocking(move || state.all_days()).await.ok()
    } else {
        None
    };
    let status = match &outcome {
        Ok(_) => StatusCode::OK,
        Err(failure) => failure.status,
    };
    let message;
    let outcome = match &outcome {
        Ok((found, ms, _)) => Ok((&found.results, *ms)),
        Err(failure) => {
            message = failure.message.clone();
            Err(&message)
        }
    };
    let html = page::search(&page::SearchView {
        params: &params,
        outcome,
        paths: &state.options.paths,
        all_days: all_days.as_ref().map(|days| days.as_slice()),
        cached: matches!(outcome_cached, Some(true)),
    });
    (status, html).into_response()
}

/// `/api/search`, `/search.json`: one page of hits as a `wire::Page`.
async fn search_json(AxumState(state): AxumState<Shared>, RawQuery(query): RawQuery) -> Response {
    match Params::parse(query.as_deref(), params::Kind::Api) {
        Ok(params) => search_answer(&state, params).await,
        Err(message) => error(StatusCode::BAD_REQUEST, &message),
    }
}

async fn search_answer(state: &Shared, params: Params) -> Response {
    let (found, ms, _) = match run_search(state, params.request(params.facets), SEARCH_BUDGET).await
    {
        Ok(found) => found,
        Err(failure) => return failure.json(),
    };
    let results = &found.results;
    let next = (params.offset + results.hits.len() < results.total_hits
        && !results.hits.is_empty())
    .then(|| format!("/api/search?{}", params.next_query(results.hits.len())));
    let summary = wire::Summary::new(&params.q, results, ms);
    match found.hits_json(&state.options.paths) {
        // The same `wire::Page`, its hits written once for the cache.
        Some(hits) => Json(wire::Page {
            hits,
            next,
            summary,
        })
        .into_response(),
        None => Json(wire::Page {
            hits: results
                .hits
                .iter()
                .map(|hit| wire::Hit::new(hit, &state.options.paths))
                .collect::<Vec<_>>(),
            next,
            summary,
        })
        .into_response(),
    }
}

/// Hits an export searches, loads and writes at a time: an export holds
/// one such page in memory, whatever its length.
const EXPORT_PAGE: usize = 500;

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Export {
    Csv,
    Ndjson,
}

/// The columns of a CSV export.
const CSV_HEADER: [&str; 13] = [
    "rank", "id", "date", "headline", "location", "country", "author", "section", "path", "line",
    "url", "score", "snippet",
];

/// What an export's producer says before its first bytes: the total, for
/// the headers, or why there will be no export.
type Head = Result<usize, Failure>;

/// A chunk of an export's body, or why it stopped part-way.
type Chunk = Result<axum::body::Bytes, std::io::Error>;

/// `/search.csv`: the whole result set up to `EXPORT_CAP`, best first.
async fn export_csv(AxumState(state): AxumState<Shared>, RawQuery(query): RawQuery) -> Response {
    export(state, query, Export::Csv).await
}

/// `/search.ndjson`: the same as `search --json` lines, hits then summary.
async fn export_ndjson(AxumState(state): AxumState<Shared>, RawQuery(query): RawQuery) -> Response {
    export(state, query, Export::Ndjson).await
}

/// An export, streamed: the hits are searched, loaded and written
/// `EXPORT_PAGE` at a time on the blocking pool (all pages over one
/// searcher, so they rank as one list) and sent as they are written. A
/// failure before the first bytes is an error answer with its status; one
/// later (the 30 s budget spent, the index unreadable) ends the body
/// early, as a broken download, since the status has been sent.
async fn export(state: Shared, query: Option<String>, format: Export) -> Response {
    let params = match Params::parse(query.as_deref(), params::Kind::Export) {
        Ok(params) => params,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let (head_tx, head_rx) = tokio::sync::oneshot::channel::<Head>();
    let (body_tx, body_rx) = tokio::sync::mpsc::channel::<Chunk>(4);
    let producer = state.clone();
    tokio::task::spawn_blocking(move || produce(&producer, &params, format, head_tx, &body_tx));
    let total = match tokio::time::timeout(SEARCH_BUDGET, head_rx).await {
        Err(_) => {
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!(
                    "the export's first hits took longer than {} s; narrow it with filters or fewer words",
                    SEARCH_BUDGET.as_secs()
                ),
            )
        }
        Ok(Err(_)) => return error(StatusCode::INTERNAL_SERVER_ERROR, "the export failed"),
        Ok(Ok(Err(failure))) => return failure.json(),
        Ok(Ok(Ok(total))) => total,
    };
    let (content_type, name) = match format {
        Export::Csv => ("text/csv; charset=utf-8", "newsdex.csv"),
        Export::Ndjson => ("application/x-ndjson", "newsdex.ndjson"),
    };
    (
        export_headers(total, content_type, name),
        axum::body::Body::from_stream(Chunks(body_rx)),
    )
        .into_response()
}

/// A receiver of chunks as the body's stream.
struct Chunks(tokio::sync::mpsc::Receiver<Chunk>);

impl futures_core::Stream for Chunks {
    type Item = Chunk;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Chunk>> {
        self.0.poll_recv(cx)
    }
}

/// Searches and writes the export of `params` page by page: `head` gets
/// the total (or the failure) once the first page is found, `body` the
/// bytes. Stops when the client has gone.
fn produce(
    state: &State,
    params: &Params,
    format: Export,
    head: tokio::sync::oneshot::Sender<Head>,
    body: &tokio::sync::mpsc::Sender<Chunk>,
) {
    let started = Instant::now();
    let searcher = state.current().searcher.clone();
    let mut head = Some(head);
    let fail = |head: &mut Option<tokio::sync::oneshot::Sender<Head>>, failure: Failure| match head
        .take()
    {
        Some(head) => {
            let _ = head.send(Err(failure));
        }
        None => {
            let _ = body.blocking_send(Err(std::io::Error::other(failure.message)));
        }
    };
    let mut out = Vec::new();
    if format == Export::Csv {
        out.extend_from_slice(CSV_HEADER.join(",").as_bytes());
        out.push(b'\n');
    }
    let mut written = 0;
    let mut summary = None;
    while written < EXPORT_CAP {
        if started.elapsed() > EXPORT_BUDGET {
            let message = format!(
                "the export took longer than {} s and stopped after {written} hits",
                EXPORT_BUDGET.as_secs()
            );
            return fail(&mut head, Failure::internal(message));
        }
        let mut request = params.request(false);
        request.offset = written;
        request.limit = EXPORT_PAGE.min(EXPORT_CAP - written);
        let results = match search::search(&state.news, &searcher, &request) {
            Ok(results) => results,
            Err(err) => return fail(&mut head, Failure::from(err)),
        };
        if let Some(head) = head.take() {
            if head.send(Ok(results.total_hits)).is_err() {
                return;
            }
        }
        for hit in &results.hits {
            let hit = wire::Hit::new(hit, &state.options.paths);
            let row = match format {
                Export::Csv => csv_row(&mut out, hit),
                Export::Ndjson => ndjson_line(&mut out, &wire::Message::Hit(hit)),
            };
            if let Err(message) = row {
                return fail(&mut head, Failure::internal(message));
            }
        }
        written += results.hits.len();
        let last = results.hits.len() < request.limit || written >= EXPORT_CAP;
        if last {
            summary = Some(results);
        }
        if body
            .blocking_send(Ok(std::mem::take(&mut out).into()))
            .is_err()
        {
            return;
        }
        if last {
            break;
        }
    }
    if let (Export::Ndjson, Some(results)) = (format, summary) {
        let mut line = wire::Summary::new(
            &params.q,
            &results,
            started.elapsed().as_secs_f64() * 1000.0,
        );
        line.returned = written;
        if let Err(message) = ndjson_line(&mut out, &wire::Message::Summary(line)) {
            return fail(&mut head, Failure::internal(message));
        }
        let _ = body.blocking_send(Ok(out.into()));
    }
}

/// `hit` as a CSV row (`CSV_HEADER`'s columns) at the end of `out`.
fn csv_row(out: &mut Vec<u8>, h: wire::Hit) -> Result<(), String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record([
            h.rank.to_string(),
            h.id,
            h.date.map(|d| d.to_string()).unwrap_or_default(),
            h.headline,
            text(&h.location),
            text(&h.country),
            text(&h.author),
            text(&h.section),
            h.path,
            h.line.to_string(),
            text(&h.url),
            format!("{:.3}", h.score),
            h.snippet,
        ])
        .and_then(|()| writer.flush().map_err(csv::Error::from))
        .map_err(|e| e.to_string())
}

/// `message` as one NDJSON line at the end of `out`.
fn ndjson_line(out: &mut Vec<u8>, message: &wire::Message) -> Result<(), String> {
    serde_json::to_writer(&mut *out, message).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(())
}

fn export_headers(total: usize, content_type: &'static str, name: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert("x-newsdex-export-cap", HeaderValue::from(EXPORT_CAP));
    headers.insert("x-newsdex-total-hits", HeaderValue::from(total));
    headers
}

/// `/api/stats`: what the index holds, as `stats --json` prints it.
async fn stats_json(AxumState(state): AxumState<Shared>) -> Response {
    let stats = blocking({
        let state = state.clone();
        move || state.news.stats().map_err(Failure::internal)
    })
    .await;
    match stats {
        Ok(stats) => {
            let index = crate::paths::shown(&state.news.dir, None);
            Json(wire::Stats::new(&index, &stats, &state.options.paths)).into_response()
        }
        Err(failure) => failure.json(),
    }
}

/// `/api/version`: the commit searched and the articles it holds,
/// cheap enough for every open page to ask now and then (`app.js` does,
/// to say the results are older than the index).
async fn version_json(AxumState(state): AxumState<Shared>) -> Response {
    let version = blocking({
        let state = state.clone();
        move || {
            let current = state.current();
            let articles = state
                .news
                .articles(&current.searcher)
                .map_err(Failure::internal)?;
            Ok(wire::Version {
                articles,
                commit: current.commit,
            })
        }
    })
    .await;
    match version {
        Ok(version) => Json(version).into_response(),
        Err(failure) => failure.json(),
    }
}

/// An article looked up for a page: the story, and its related stories.
struct Found {
    story: Story,
    related: Vec<crate::article::Article>,
}

/// The story `id` names (the first, when several share it), with related
/// stories when `related` is asked for.
fn lookup(state: &State, id: &str, related: bool) -> Result<Option<Found>, Failure> {
    let news = &state.news;
    let stories = news.find_id(id).map_err(Failure::internal)?;
    let Some(story) = stories.into_iter().next() else {
        return Ok(None);
    };
    let related = if related {
        let searcher = state.current().searcher.clone();
        more_like_this(news, &searcher, &story.article.id).map_err(Failure::internal)?
    } else {
        Vec::new()
    };
    Ok(Some(Found { story, related }))
}

/// Up to `MORE_LIKE_THIS` articles sharing the most telling words of the
/// headline and body of the article `id` (tantivy's `MoreLikeThisQuery`).
fn more_like_this(
    news: &NewsIndex,
    searcher: &Searcher,
    id: &str,
) -> tantivy::Result<Vec<crate::article::Article>> {
    let f = &news.fields;
    let id_term = Term::from_field_text(f.id, id);
    let by_id = TermQuery::new(id_term.clone(), IndexRecordOption::Basic);
    let addresses = searcher.search(&by_id, &DocSetCollector)?;
    let mut address: Option<DocAddress> = None;
    for candidate in addresses {
        let doc: TantivyDocument = searcher.doc(candidate)?;
        if doc
            .get_first(f.fingerprint)
            .and_then(|v| v.as_u64())
            .is_some()
        {
            address = Some(candidate);
            break;
        }
    }
    let Some(address) = address else {
        return Ok(Vec::new());
    };
    let doc: TantivyDocument = searcher.doc(address)?;
    let value = |field| -> Vec<OwnedValue> {
        doc.get_all(field)
            .filter_map(|v| v.as_str().map(|s| OwnedValue::Str(s.to_string())))
            .collect()
    };
    let mlt = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(2)
        .with_min_term_frequency(1)
        .with_max_query_terms(25)
        .with_min_word_length(3)
        .with_document_fields(vec![
            (f.headline, value(f.headline)),
            (f.body, value(f.body)),
        ]);
    let query: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
        (Occur::Must, news.articles_only(Box::new(mlt))),
        (
            Occur::MustNot,
            Box::new(TermQuery::new(id_term, IndexRecordOption::Basic)),
        ),
    ]));
    let top_docs = searcher.search(
        &*query,
        &TopDocs::with_limit(MORE_LIKE_THIS).order_by_score(),
    )?;
    let mut seen = HashSet::new();
    let mut related = Vec::new();
    for (_, address) in top_docs {
        let doc: TantivyDocument = searcher.doc(address)?;
        let article = news.article(&doc);
        if seen.insert(article.headline.clone()) {
            related.push(article);
        }
    }
    Ok(related)
}

/// `/article/ID` (the page), `/article/ID.json`, `/article/ID/raw`.
async fn article_any(
    AxumState(state): AxumState<Shared>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(id) = id.strip_suffix(".json") {
        return article_answer(&state, id.to_string()).await;
    }
    let (id, raw) = match id.strip_suffix("/raw") {
        Some(id) => (id.to_string(), true),
        None => (id, false),
    };
    let params = match Params::parse(query.as_deref(), params::Kind::Page) {
        Ok(params) => params,
        Err(message) => return (StatusCode::BAD_REQUEST, message).into_response(),
    };
    let found = blocking({
        let state = state.clone();
        let id = id.clone();
        move || lookup(&state, &id, !raw)
    })
    .await;
    match found {
        Ok(Some(found)) if raw => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            page::raw_text(&found.story.article),
        )
            .into_response(),
        Ok(Some(found)) => page::article(&page::ArticleView {
            story: &found.story,
            related: &found.related,
            params: &params,
            paths: &state.options.paths,
            words: page::query_words(&state.news, &params.q),
            news: &state.news,
        })
        .into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            page::not_found(&format!("No article has the id {id}.")),
        )
            .into_response(),
        Err(failure) => (failure.status, failure.message).into_response(),
    }
}

/// `/api/article/ID`: the article with every field, as a `wire::Story`.
async fn article_json(AxumState(state): AxumState<Shared>, Path(id): Path<String>) -> Response {
    article_answer(&state, id).await
}

async fn article_answer(state: &Shared, id: String) -> Response {
    let found = blocking({
        let state = state.clone();
        let id = id.clone();
        move || lookup(&state, &id, false)
    })
    .await;
    match found {
        Ok(Some(found)) => {
            let paths = &state.options.paths;
            Json(wire::Story {
                article: wire::Article::new(&found.story.article, paths),
                also_seen: found
                    .story
                    .also
                    .iter()
                    .map(|s| format!("{}:{}", paths.show(&s.path), s.line))
                    .collect(),
            })
            .into_response()
        }
        Ok(None) => error(
            StatusCode::NOT_FOUND,
            &format!("no article has the id {id:?}"),
        ),
        Err(failure) => failure.json(),
    }
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("style.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("app.js"),
    )
        .into_response()
}

async fn not_found(request: HttpRequest) -> Response {
    if request.uri().path().starts_with("/api/") {
        return error(
            StatusCode::NOT_FOUND,
            "no such API route; see /api/search, /api/article/ID, /api/stats",
        );
    }
    (StatusCode::NOT_FOUND, page::not_found("No page here.")).into_response()
}
