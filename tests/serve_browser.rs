//! `newsdex serve` in a real browser: Debian's headless Chromium loads the
//! pages the running binary serves (`--dump-dom`, after its scripts ran)
//! and the DOM it built is checked: a query's hits and timeline, a facet
//! followed, an article opened, the way back. Where Chromium is missing
//! the test says so and passes, unless `NEWSDEX_BROWSER_TESTS=1` (which
//! `.ci/run` sets) makes it required. Key presses and the chart's drag
//! go through a WebDriver session with Debian's `chromedriver`, spoken to
//! by the few lines of HTTP and JSON below (W3C WebDriver: new session,
//! navigate, actions, execute script).
//!
//! The data: `reut2-000-sample.sgm` (three records say "wheat", two
//! datelined WASHINGTON, counted by hand as tests/serve.rs says) and three
//! hand-written flood stories dated 2 January (two) and 15 March 2020.
#![allow(clippy::print_stderr)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::serve::FLOODS;
use crate::util::{repo, TestEnv};

fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var("NEWSDEX_BROWSER_TESTS").as_deref() != Ok("1"),
            "NEWSDEX_BROWSER_TESTS=1 but no chromium: apt-get install -y chromium chromium-driver"
        );
        eprintln!(
            "browser test skipped: no chromium (apt-get install -y chromium chromium-driver)"
        );
    }
    found
}

/// The DOM Chromium built from `url`, its scripts run.
fn dom(browser: &str, url: &str) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=3000",
            "--dump-dom",
            url,
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The first `href` in `dom` that contains `part`, with `&amp;` undone.
fn href(dom: &str, part: &str) -> String {
    let at = dom
        .find(part)
        .unwrap_or_else(|| panic!("no {part} in {dom}"));
    let start = dom[..at].rfind("href=\"").unwrap() + 6;
    let end = start + dom[start..].find('"').unwrap();
    dom[start..end].replace("&amp;", "&")
}

#[test]
fn search_follow_a_facet_open_an_article_in_chromium() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::new();
    env.copy(
        &repo("corpus/reuters/reut2-000-sample.sgm"),
        "dumps/reut2-000-sample.sgm",
    );
    env.write("dumps/floods.jsonl", FLOODS.join("\n").as_bytes());
    serving(&env, |base| {
        let page = dom(browser, &format!("{base}/?q=wheat"));
        assert!(page.contains("<strong>3 articles</strong>"), "{page}");
        assert!(page.contains("BONUS WHEAT FLOUR FOR NORTH YEMEN"));
        // The facet, followed as a click would.
        let facet = href(&page, "location=Washington");
        let washington = dom(browser, &format!("{base}{facet}"));
        assert!(
            washington.contains("<strong>2 articles</strong>"),
            "{washington}"
        );
        assert!(washington.contains("Place: Washington"));
        // An article, and the way back to the search.
        let open = href(&washington, "/article/");
        let article = dom(browser, &format!("{base}{open}"));
        assert!(article.contains("<mark id=\"first\">"), "{article}");
        let back = href(&article, "Back to results");
        assert_eq!(back, "/?q=wheat&location=Washington");
        // The timeline, drawn and linked, over a span of days.
        let floods = dom(browser, &format!("{base}/?q=flood"));
        assert!(floods.contains("<svg class=\"timeline\""), "{floods}");
        let day = href(&floods, "from=2020-01-02");
        let day = dom(browser, &format!("{base}{day}"));
        assert!(day.contains("<strong>2 articles</strong>"), "{day}");
    });
}

/// Indexes `env`'s `dumps/` into `index/`, serves it with the binary, and
/// runs `check` with the served base URL (`http://127.0.0.1:PORT`); the
/// server is stopped whether `check` passes or panics.
fn serving(env: &TestEnv, check: impl FnOnce(&str)) {
    env.run_ok(&["index", "dumps", "--index", "index", "--quiet"]);
    let mut server = env.spawn(&["serve", "--index", "index", "--port", "0"]);
    let base = served_base(&mut server);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&base)));
    let _ = server.kill();
    let _ = server.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// The served base URL (`http://127.0.0.1:PORT`) from the first line the
/// server prints.
fn served_base(server: &mut Child) -> String {
    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    line.split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line}"))
        .trim_end_matches('/')
        .to_string()
}

/// A WebDriver session on a chromedriver of its own.
struct Driver {
    process: Child,
    port: u16,
    session: String,
}

impl Driver {
    /// Starts `chromedriver` on a free port and opens a headless Chromium
    /// session; `None` (said on stderr) where chromedriver is missing and
    /// the browser tests are not required.
    fn start(browser: &str) -> Option<Driver> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let process = match Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(process) => process,
            Err(e) => {
                assert!(
                    std::env::var("NEWSDEX_BROWSER_TESTS").as_deref() != Ok("1"),
                    "NEWSDEX_BROWSER_TESTS=1 but no chromedriver ({e}): apt-get install -y chromium-driver"
                );
                eprintln!(
                    "browser test skipped: no chromedriver (apt-get install -y chromium-driver)"
                );
                return None;
            }
        };
        let mut driver = Driver {
            process,
            port,
            session: String::new(),
        };
        let started = Instant::now();
        while driver.call("GET", "/status", None).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let binary = which(browser);
        let answer = driver
            .call(
                "POST",
                "/session",
                Some(json!({"capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": binary,
                        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,900"],
                    },
                }}})),
            )
            .unwrap();
        driver.session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        Some(driver)
    }

    /// One WebDriver command; the answer's JSON, or why there is none.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        // chromedriver keeps the connection open whatever the request
        // says: read the head, then Content-Length bytes.
        let mut answer = Vec::new();
        let mut chunk = [0u8; 8192];
        let (head, mut body) = loop {
            let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err(format!(
                    "the answer ended early: {}",
                    String::from_utf8_lossy(&answer)
                ));
            }
            answer.extend_from_slice(&chunk[..n]);
            if let Some(at) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&answer[..at]).into_owned();
                break (head, answer[at + 4..].to_vec());
            }
        };
        let length = head
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
            .ok_or_else(|| format!("no Content-Length in {head}"))?;
        while body.len() < length {
            let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
        let body = String::from_utf8_lossy(&body);
        let value: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
        if !head.starts_with("HTTP/1.1 200") {
            return Err(format!("{head}: {value}"));
        }
        Ok(value)
    }

    /// A command of this session.
    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn go(&self, url: &str) {
        self.session("POST", "/url", Some(json!({ "url": url })));
    }

    /// The value of `script` (a function body) run in the page.
    fn eval(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )["value"]
            .clone()
    }

    fn url(&self) -> String {
        self.session("GET", "/url", None)["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Presses and releases `key` (a character, or a WebDriver key code
    /// such as `\u{E007}` for Enter) where the focus is.
    fn press(&self, key: &str) {
        self.session(
            "POST",
            "/actions",
            Some(
                json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                    {"type": "keyDown", "value": key},
                    {"type": "keyUp", "value": key},
                ]}]}),
            ),
        );
    }

    /// Types `text` where the focus is, a key at a time.
    fn type_text(&self, text: &str) {
        let mut keys = Vec::new();
        for c in text.chars() {
            keys.push(json!({"type": "keyDown", "value": c.to_string()}));
            keys.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        self.session(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": keys}]})),
        );
    }

    /// Clicks the first element `css` selects, as a person would (the
    /// driver scrolls it into view and clicks its centre).
    fn click(&self, css: &str) {
        let found = self.session(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        let id = found["value"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string();
        self.session("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Drags the mouse from viewport point `from` to `to` in steps.
    fn drag(&self, from: (f64, f64), to: (f64, f64)) {
        let mut steps = vec![
            json!({"type": "pointerMove", "duration": 0, "x": from.0 as i64, "y": from.1 as i64}),
            json!({"type": "pointerDown", "button": 0}),
        ];
        for i in 1..=10 {
            let x = from.0 + (to.0 - from.0) * f64::from(i) / 10.0;
            let y = from.1 + (to.1 - from.1) * f64::from(i) / 10.0;
            steps
                .push(json!({"type": "pointerMove", "duration": 20, "x": x as i64, "y": y as i64}));
        }
        steps.push(json!({"type": "pointerUp", "button": 0}));
        self.session(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "pointer", "id": "mouse",
                "parameters": {"pointerType": "mouse"}, "actions": steps}]})),
        );
    }

    /// Waits up to 10 s for the page's URL to satisfy `ok`; the URL.
    fn wait_url(&self, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let url = self.url();
            let ready = self.eval("return document.readyState") == json!("complete");
            if ok(&url) && ready {
                return url;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the page stayed at {url}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = self.call("DELETE", &path, None);
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The full path of program `name` on PATH.
fn which(name: &str) -> String {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|path| path.is_file())
        })
        .map(|path| path.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

/// Keys and the brush, pressed and dragged in a WebDriver session: `/`
/// focuses the search box, `j`/`k` move between hits, Enter opens one,
/// Esc goes back to the results; a drag across the timeline filters to
/// the range it covered. The three flood stories (2 January twice,
/// 15 March 2020) are charted by day: 74 bars.
#[test]
fn keys_and_the_timeline_brush_in_chromium() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::new();
    env.write("dumps/floods.jsonl", FLOODS.join("\n").as_bytes());
    serving(&env, |base| {
        let Some(driver) = Driver::start(browser) else {
            return;
        };
        let results = format!("{base}/?q=flood");
        driver.go(&results);
        driver.wait_url(|u| u.ends_with("/?q=flood"));
        // `/` focuses the search box; Esc leaves it.
        driver.press("/");
        assert_eq!(driver.eval("return document.activeElement.id"), json!("q"));
        driver.press("\u{E00C}");
        assert_ne!(driver.eval("return document.activeElement.id"), json!("q"));
        // j, j, k: the second hit, then the first.
        let current = "return Array.from(document.querySelectorAll('li.hit')).findIndex(h => h.classList.contains('current'))";
        driver.press("j");
        assert_eq!(driver.eval(current), json!(0));
        driver.press("j");
        assert_eq!(driver.eval(current), json!(1));
        driver.press("k");
        assert_eq!(driver.eval(current), json!(0));
        // Enter opens the current hit; Esc goes back to the results.
        let first = driver
            .eval("return document.querySelector('li.hit.current a.open').getAttribute('href')");
        let first = first.as_str().unwrap().to_string();
        driver.press("\u{E007}");
        let opened = driver.wait_url(|u| u.contains("/article/"));
        assert!(opened.ends_with(&first), "{opened} is not {first}");
        assert!(driver
            .eval("return document.body.innerText")
            .as_str()
            .unwrap()
            .contains("Flood"));
        driver.press("\u{E00C}");
        driver.wait_url(|u| u.ends_with("/?q=flood"));
        // Drag from inside the first bar (2 January) to past half way:
        // the range starts on 2 January and ends in February, holding the
        // two stories of 2 January.
        let bars = driver.eval("return document.querySelectorAll('svg.timeline rect.hit').length");
        assert_eq!(bars, json!(74));
        let rect = driver.eval("const r = document.querySelector('svg.timeline').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]");
        let n = |i: usize| rect[i].as_f64().unwrap();
        let (left, top, width, height) = (n(0), n(1), n(2), n(3));
        assert!(width > 300.0, "{rect}");
        let y = top + height / 2.0;
        driver.drag((left + width * 0.004, y), (left + width * 0.55, y));
        let ranged = driver.wait_url(|u| u.contains("from="));
        assert!(ranged.contains("from=2020-01-02&to=2020-02-"), "{ranged}");
        let summary = driver.eval("return document.querySelector('p.summary strong').innerText");
        assert_eq!(summary, json!("2 articles"));
        assert!(driver
            .eval("return document.body.innerText")
            .as_str()
            .unwrap()
            .contains("Date: 2020-01-02 to 2020-02-"));
        // The back button returns to the unfiltered results.
        driver.session("POST", "/back", Some(json!({})));
        driver.wait_url(|u| u.ends_with("/?q=flood"));
        let summary = driver.eval("return document.querySelector('p.summary strong').innerText");
        assert_eq!(summary, json!("3 articles"));
    });
}

/// Live updates: a page open while `index` commits says the index changed,
/// and its link reloads results that hold the new article.
#[test]
fn an_open_page_tells_of_a_reindex_in_chromium() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::new();
    env.write("dumps/floods.jsonl", FLOODS[..2].join("\n").as_bytes());
    serving(&env, |base| {
        let Some(driver) = Driver::start(browser) else {
            return;
        };
        driver.go(&format!("{base}/?q=flood"));
        driver.wait_url(|u| u.ends_with("/?q=flood"));
        let summary = "return document.querySelector('p.summary strong').innerText";
        assert_eq!(driver.eval(summary), json!("2 articles"));
        // The page has asked for the commit it was loaded at.
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(
            driver.eval("return document.querySelectorAll('p.live').length"),
            json!(0)
        );
        env.write("dumps/more.jsonl", FLOODS[2].as_bytes());
        env.run_ok(&["index", "dumps", "--index", "index", "--quiet"]);
        let started = Instant::now();
        let note = loop {
            let note = driver
                .eval("const p = document.querySelector('p.live'); return p ? p.innerText : null");
            if let Some(text) = note.as_str() {
                break text.to_string();
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no word of the re-index"
            );
            std::thread::sleep(Duration::from_millis(250));
        };
        assert!(
            note.starts_with("The index has changed since this page loaded"),
            "{note}"
        );
        driver.eval("document.querySelector('p.live a').click(); return null");
        let started = Instant::now();
        while driver.eval(summary) != json!("3 articles") {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the reload did not show the new article"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    });
}

/// A person's way through the page, in Chromium: type a query into the box
/// and press Enter, click a facet, click a hit, press Esc to come back,
/// click the chip's × to drop the filter. The sample's "wheat" stories: 3,
/// 2 of them datelined Washington (tests/serve.rs counts them by hand).
#[test]
fn type_a_query_click_a_facet_and_an_article_in_chromium() {
    let Some(browser) = chromium() else { return };
    let env = TestEnv::new();
    env.copy(
        &repo("corpus/reuters/reut2-000-sample.sgm"),
        "dumps/reut2-000-sample.sgm",
    );
    serving(&env, |base| {
        let Some(driver) = Driver::start(browser) else {
            return;
        };
        driver.go(&format!("{base}/"));
        driver.wait_url(|u| u.ends_with('/'));
        driver.press("/");
        driver.type_text("wheat");
        driver.press("\u{E007}");
        driver.wait_url(|u| u.contains("q=wheat"));
        let summary = "return document.querySelector('p.summary strong').innerText";
        assert_eq!(driver.eval(summary), json!("3 articles"));
        driver.click("aside.facets a[href*='location=Washington']");
        driver.wait_url(|u| u.contains("location=Washington"));
        assert_eq!(driver.eval(summary), json!("2 articles"));
        let chips = driver.eval("return document.querySelector('ul.chips').innerText");
        assert!(
            chips.as_str().unwrap().contains("Place: Washington"),
            "{chips}"
        );
        driver.click("li.hit a.open");
        driver.wait_url(|u| u.contains("/article/"));
        let marked = driver.eval("return document.getElementById('first').innerText");
        assert_eq!(
            marked.as_str().map(str::to_lowercase).as_deref(),
            Some("wheat")
        );
        driver.press("\u{E00C}");
        driver.wait_url(|u| u.ends_with("/?q=wheat&location=Washington"));
        driver.click("ul.chips a.remove");
        driver.wait_url(|u| u.ends_with("/?q=wheat"));
        assert_eq!(driver.eval(summary), json!("3 articles"));
    });
}
