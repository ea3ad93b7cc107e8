//! Regression (issue 9): with stderr a pipe nobody reads any more
//! (`newsdex index ... 2>&1 | head -1` once `head` has exited), every
//! `eprintln!` panicked, so a skipped file, a warning or a notice killed
//! `index`, `parse` and `search` with exit code 101. Each command here runs
//! with such a stderr on input that makes it write there, and must finish
//! as it would with stderr open: its exit code, its results on stdout.
//!
//! A closed descriptor would not do: Rust's stderr takes a closed fd 2 for
//! a sink, and `Stdio::null()` is `/dev/null`. Only a pipe whose read end is
//! gone fails the writes (EPIPE; Rust ignores SIGPIPE).

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The plain-text story copied in, and a line of it.
const BBC: &str = "bbc/business-001.txt";
const BBC_HEADLINE: &str = "Ad sales boost Time Warner profit";
/// A story with a byte that is not UTF-8 (a Latin-1 pound sign): reading
/// it warns.
const POUND: &[u8] = b"Pound falls in Rotterdam trading\n\n\
    The pound fell to \xA3 5 against the guilder in Rotterdam on Monday, traders said.\n";
const POUND_HEADLINE: &str = "Pound falls in Rotterdam trading";

/// A scratch directory whose `corpus/` holds two stories and two files
/// that are skipped (one by extension at the walk, one binary when read).
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus dir");
    let repo_corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::copy(repo_corpus.join(BBC), corpus.join("business-001.txt")).expect("copy");
    std::fs::write(corpus.join("pound.txt"), POUND).expect("write");
    std::fs::write(corpus.join("logo.png"), b"\x89PNG\r\n").expect("write");
    std::fs::write(corpus.join("junk.dat"), b"x\0y\0z").expect("write");
    dir
}

/// The write end of a pipe whose read end is already closed.
fn closed_stderr() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Stdio::from(writer)
}

/// Runs newsdex in `dir`; stdout is captured, stderr as given.
fn newsdex(dir: &Path, args: &[&str], stderr: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .output()
        .expect("run newsdex")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn index_with_stderr_closed_builds_the_index() {
    let dir = scratch();
    // Skipped files (in the plan and in the pipeline), a warning and the
    // summary line all go to the closed stderr.
    let run = newsdex(
        dir.path(),
        &["index", "corpus", "--index", "idx"],
        closed_stderr(),
    );
    assert_eq!(run.status.code(), Some(0), "stdout: {}", stdout(&run));
    let found = newsdex(
        dir.path(),
        &["search", "--index", "idx", "Rotterdam"],
        Stdio::piped(),
    );
    assert_eq!(found.status.code(), Some(0));
    let out = stdout(&found);
    assert!(out.contains(POUND_HEADLINE), "{out}");
}

#[test]
fn parse_with_stderr_closed_prints_every_article() {
    let dir = scratch();
    let run = newsdex(dir.path(), &["parse", "corpus"], closed_stderr());
    assert_eq!(run.status.code(), Some(0));
    let out = stdout(&run);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].contains(&format!("\"headline\":\"{BBC_HEADLINE}\"")));
    assert!(lines[1].contains(&format!("\"headline\":\"{POUND_HEADLINE}\"")));
}

#[test]
fn search_with_stderr_closed_builds_the_default_index_and_answers() {
    let dir = scratch();
    // No index yet: the build notice and the build's own messages; the
    // unbalanced quote: the lenient fallback notice.
    let run = newsdex(dir.path(), &["search", "profit \""], closed_stderr());
    assert_eq!(run.status.code(), Some(0));
    let out = stdout(&run);
    assert!(out.contains(BBC_HEADLINE), "{out}");
    assert!(!out.contains(POUND_HEADLINE), "{out}");
    assert!(dir.path().join("index").is_dir());
}

#[test]
fn an_error_with_stderr_closed_still_exits_2() {
    let dir = scratch();
    let run = newsdex(
        dir.path(),
        &["search", "--index", "missing", "profit"],
        closed_stderr(),
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stdout.is_empty());
}
