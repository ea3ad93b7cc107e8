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

use std::process::{Output, Stdio};

use crate::util::{repo, TestEnv};

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
fn scratch() -> TestEnv {
    let env = TestEnv::new();
    env.copy(&repo("corpus").join(BBC), "corpus/business-001.txt");
    env.write("corpus/pound.txt", POUND);
    env.write("corpus/logo.png", b"\x89PNG\r\n");
    env.write("corpus/junk.dat", b"x\0y\0z");
    env
}

/// The write end of a pipe whose read end is already closed.
fn closed_stderr() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Stdio::from(writer)
}

/// Runs newsdex in `env`; stdout is captured, stderr as given.
fn newsdex(env: &TestEnv, args: &[&str], stderr: Stdio) -> Output {
    env.command(args)
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
    let env = scratch();
    // Skipped files (in the plan and in the pipeline), a warning and the
    // summary line all go to the closed stderr.
    let run = newsdex(
        &env,
        &["index", "corpus", "--index", "idx"],
        closed_stderr(),
    );
    assert_eq!(run.status.code(), Some(0), "stdout: {}", stdout(&run));
    let found = newsdex(
        &env,
        &["search", "--index", "idx", "Rotterdam"],
        Stdio::piped(),
    );
    assert_eq!(found.status.code(), Some(0));
    let out = stdout(&found);
    assert!(out.contains(POUND_HEADLINE), "{out}");
}

#[test]
fn parse_with_stderr_closed_prints_every_article() {
    let env = scratch();
    let run = newsdex(&env, &["parse", "corpus"], closed_stderr());
    assert_eq!(run.status.code(), Some(0));
    let out = stdout(&run);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].contains(&format!("\"headline\":\"{BBC_HEADLINE}\"")));
    assert!(lines[1].contains(&format!("\"headline\":\"{POUND_HEADLINE}\"")));
}

#[test]
fn search_with_stderr_closed_builds_the_default_index_and_answers() {
    let env = scratch();
    // No index yet: the build notice and the build's own messages; the
    // unbalanced quote: the lenient fallback notice.
    let run = newsdex(&env, &["search", "profit \""], closed_stderr());
    assert_eq!(run.status.code(), Some(0));
    let out = stdout(&run);
    assert!(out.contains(BBC_HEADLINE), "{out}");
    assert!(!out.contains(POUND_HEADLINE), "{out}");
    assert!(env.path("index").is_dir());
}

#[test]
fn an_error_with_stderr_closed_still_exits_2() {
    let env = scratch();
    let run = newsdex(
        &env,
        &["search", "--index", "missing", "profit"],
        closed_stderr(),
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stdout.is_empty());
}
