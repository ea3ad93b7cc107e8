//! Re-runs of `newsdex index` over the same folders: a skipped file is
//! named once, when it is new or changed, and later runs count the ones
//! known from earlier runs instead of naming them again; the summary
//! groups skip reasons by kind ("2 symlink loops"), never by a message
//! holding paths; `--quiet` prints errors only. Issue 12.

use crate::util::{as_latin1, repo, TestEnv};

const SEED: &str = "000_891f048a54a096e6.txt";

/// `corpus/`: the seed dump (two articles), and six files the walk or the
/// reader sets aside: a binary file, an empty one, a README, a link to
/// nothing, and two symbolic links to folders above them.
fn with_skips() -> TestEnv {
    let env = TestEnv::new();
    env.copy(&repo(&format!("corpus/{SEED}")), &format!("corpus/{SEED}"));
    env.write("corpus/bin.dat", b"\x00\x01\x02 binary");
    env.write("corpus/empty.txt", b"");
    env.write("corpus/README.md", b"# A corpus\n");
    std::fs::create_dir_all(env.path("corpus/a")).unwrap();
    std::os::unix::fs::symlink("..", env.path("corpus/a/loop1")).unwrap();
    std::os::unix::fs::symlink(".", env.path("corpus/loop2")).unwrap();
    std::os::unix::fs::symlink("nowhere", env.path("corpus/dangling.txt")).unwrap();
    env
}

/// The `skipped PATH: ...` lines of a run's stderr.
fn skipped_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("newsdex: skipped "))
        .collect()
}

/// The summary line (the last one).
fn summary(stderr: &str) -> &str {
    stderr.lines().last().unwrap_or_default()
}

#[test]
fn skipped_files_are_named_once_then_counted_as_known() {
    let env = with_skips();
    let first = env.run_ok(&["index"]);
    // The README is documentation: counted, never named.
    assert_eq!(
        skipped_lines(&first.stderr),
        [
            "newsdex: skipped corpus/a/loop1: File system loop found: corpus/a/loop1 points to an ancestor corpus",
            "newsdex: skipped corpus/dangling.txt: no such file or directory",
            "newsdex: skipped corpus/loop2: File system loop found: corpus/loop2 points to an ancestor corpus",
            "newsdex: skipped corpus/bin.dat: binary file (NUL bytes in the first 8192 bytes)",
            "newsdex: skipped corpus/empty.txt: empty file",
        ],
        "{}",
        first.stderr
    );
    // By kind, in the order of their names.
    let line = summary(&first.stderr);
    assert!(
        line.contains(
            "skipped 6 file(s): 1 binary file (NUL bytes in the first 8192 bytes), \
             1 documentation, 1 empty file, 1 no such file or directory, 2 symlink loops"
        ),
        "grouped by kind: {line}"
    );
    assert!(!line.contains("known from earlier runs"), "{line}");

    let second = env.run_ok(&["index"]);
    assert_eq!(
        skipped_lines(&second.stderr),
        Vec::<&str>::new(),
        "{}",
        second.stderr
    );
    let line = summary(&second.stderr);
    assert!(
        line.contains("1 file(s) unchanged; 6 skipped file(s) known from earlier runs"),
        "{line}"
    );
    assert!(!line.contains("; skipped "), "{line}");

    // A changed one and a new one are named; the others stay counted.
    env.write("corpus/bin.dat", b"\x00\x01\x02 binary, longer now");
    env.write("corpus/new.bin", b"\x00 new");
    let third = env.run_ok(&["index"]);
    assert_eq!(
        skipped_lines(&third.stderr),
        [
            "newsdex: skipped corpus/bin.dat: binary file (NUL bytes in the first 8192 bytes)",
            "newsdex: skipped corpus/new.bin: binary file (NUL bytes in the first 8192 bytes)",
        ],
        "{}",
        third.stderr
    );
    let line = summary(&third.stderr);
    assert!(
        line.contains("skipped 2 file(s): 2 binary file (NUL bytes in the first 8192 bytes); 5 skipped file(s) known from earlier runs"),
        "{line}"
    );

    // A rebuild starts afresh: every skipped file is new to it.
    let rebuilt = env.run_ok(&["index", "--rebuild"]);
    assert_eq!(
        skipped_lines(&rebuilt.stderr).len(),
        6,
        "{}",
        rebuilt.stderr
    );
}

#[test]
fn a_skipped_file_that_becomes_a_dump_is_indexed() {
    let env = with_skips();
    env.run_ok(&["index"]);
    env.write(
        "corpus/empty.txt",
        b"Otters return\n\nThe otters came back to the river.\n",
    );
    let run = env.run_ok(&["index"]);
    assert!(
        summary(&run.stderr).contains("indexed 1 article(s) from 1 file(s)"),
        "{}",
        run.stderr
    );
    assert_eq!(env.run(&["search", "otters"]).code, 0);
    // Skipped again later: named again, as changed.
    env.write("corpus/empty.txt", b"");
    let again = env.run_ok(&["index"]);
    assert_eq!(
        skipped_lines(&again.stderr),
        ["newsdex: skipped corpus/empty.txt: empty file"],
        "{}",
        again.stderr
    );
}

#[test]
fn quiet_prints_errors_only() {
    let env = with_skips();
    // A file read with a warning (bytes that are not UTF-8).
    env.write(
        "corpus/forsale.txt",
        &as_latin1("corpus/20newsgroups/misc.forsale-76843.txt"),
    );
    let loud = env.run_ok(&["index", "--index", "loud"]);
    assert!(
        loud.stderr.contains("newsdex: warning: "),
        "{}",
        loud.stderr
    );
    assert!(loud.stderr.contains("newsdex: skipped "), "{}", loud.stderr);
    for flag in ["--quiet", "-q"] {
        let index = format!("quiet{flag}");
        let quiet = env.run_ok(&["index", flag, "--index", &index]);
        assert_eq!(quiet.stderr, "", "{flag}");
        assert!(env.path(&format!("{index}/meta.json")).is_file());
    }
    let error = env.run(&["index", "-q", "no-such-folder"]);
    assert_eq!(error.code, 2);
    assert!(
        error
            .stderr
            .starts_with("newsdex: error: cannot index no-such-folder"),
        "{}",
        error.stderr
    );
}

/// Issue 12: the first run on the embedded corpus printed two warnings
/// about newsdex's own samples (a Latin-1 byte in each), which a new user
/// takes for a fault. Its samples are UTF-8 now: the first run warns of
/// nothing.
#[test]
fn the_first_run_on_the_embedded_corpus_warns_of_nothing() {
    let env = TestEnv::with_corpus();
    let run = env.run_ok(&["index"]);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning"))
        .collect();
    assert!(warnings.is_empty(), "{}", run.stderr);
    assert!(
        run.stderr.contains("indexed 83 article(s)"),
        "{}",
        run.stderr
    );
}
