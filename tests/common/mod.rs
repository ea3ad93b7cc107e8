//! Helpers shared by the integration tests: running the binary and reading
//! its output, copying folders, parsing one dump through the library.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use newsdex::article::Article;
use newsdex::commands::open_dump;
use newsdex::formats::{Format, Options};
use newsdex::walk::Found;
use serde_json::Value;

/// What one run of the binary printed and how it exited; a panic fails the test.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        let run = Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        };
        assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
        run
    }
}

impl Run {
    /// Every line of standard output as JSON.
    pub fn json(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    /// The one JSON object printed.
    pub fn object(&self) -> Value {
        let mut all = self.json();
        assert_eq!(all.len(), 1, "{}", self.stdout);
        all.remove(0)
    }

    /// The `data` of the `search --json` hit lines.
    pub fn hits(&self) -> Vec<Value> {
        self.json()
            .into_iter()
            .filter(|v| v["type"] == "hit")
            .map(|v| v["data"].clone())
            .collect()
    }

    /// The `data` of the `search --json` summary line.
    pub fn summary(&self) -> Value {
        self.json()
            .into_iter()
            .find(|v| v["type"] == "summary")
            .expect("summary line")["data"]
            .clone()
    }
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The articles of one dump, its format and its warnings, through the library.
pub fn parse_dump(found: &Found) -> (Format, Vec<Article>, Vec<String>) {
    let options = Options::default();
    let shown = found.path.display();
    let dump = open_dump(&found.path, &options).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let format = dump.format;
    let mut articles = Vec::new();
    let report = dump
        .read(found, &options, |a| {
            articles.push(a);
            Ok(())
        })
        .unwrap();
    (format, articles, report.warnings)
}

/// The fields a text format decides for an article, as the sample pins record them.
pub fn pinned(file: &str, a: &Article) -> Value {
    serde_json::json!({
        "file": file,
        "ordinal": a.ordinal,
        "line": a.line,
        "offset": a.offset,
        "headline": a.headline,
        "body": a.body,
    })
}

/// Compares `got` in full with the JSON lines at `expected` (relative to
/// the repository). `NEWSDEX_BLESS=1` rewrites the file first, after a
/// deliberate change; review its diff.
pub fn assert_pinned(expected: &str, got: &[Value]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(expected);
    if std::env::var_os("NEWSDEX_BLESS").is_some() {
        let text: String = got.iter().map(|v| format!("{v}\n")).collect();
        std::fs::write(&path, text).unwrap();
    }
    let want: Vec<Value> = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got.len(), want.len(), "{expected}: article count");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{expected}: record {i}");
    }
}
