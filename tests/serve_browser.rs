//! `newsdex serve` in a real browser: Debian's headless Chromium loads the
//! pages the running binary serves (`--dump-dom`, after its scripts ran)
//! and the DOM it built is checked: a query's hits and timeline, a facet
//! followed, an article opened, the way back. Where Chromium is missing
//! the test says so and passes, unless `NEWSDEX_BROWSER_TESTS=1` (which
//! `.ci/run` sets) makes it required. Not covered here: key presses and
//! the chart's drag, which need a WebDriver session.
//!
//! The data: `reut2-000-sample.sgm` (three records say "wheat", two
//! datelined WASHINGTON, counted by hand as tests/serve.rs says) and three
//! hand-written flood stories dated 2 January (two) and 15 March 2020.
#![allow(clippy::print_stderr)]

use std::io::{BufRead, BufReader};
use std::process::Command;

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
    let floods = [
        r#"{"id": "t1", "title": "Flood warning", "text": "The river flood rose.", "date": "2020-01-02"}"#,
        r#"{"id": "t2", "title": "Flood again", "text": "Another flood.", "date": "2020-01-02"}"#,
        r#"{"id": "t3", "title": "Flood over", "text": "The flood is over.", "date": "2020-03-15"}"#,
    ];
    env.write("dumps/floods.jsonl", floods.join("\n").as_bytes());
    env.run_ok(&["index", "dumps", "--index", "index", "--quiet"]);
    let mut server = env.spawn(&["serve", "--index", "index", "--port", "0"]);
    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line}"))
        .trim_end_matches('/')
        .to_string();

    let page = dom(browser, &format!("{base}/?q=wheat"));
    let result = std::panic::catch_unwind(|| {
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
    let _ = server.kill();
    let _ = server.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
