//! File names with control characters or bytes that are not UTF-8, as
//! ripgrep shows them: in text (search hits, `show`, `stats`, the skipped
//! files on stderr) a newline is `\n`, a tab `\t`, another control
//! character or a stray byte `\xNN`, so a name never splits the
//! `path:line` row; JSON keeps a name's characters as they are (a newline
//! is JSON's `\n`), its stray bytes as `\xNN`. Issue 12.
#![cfg(target_os = "linux")]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use crate::util::{as_latin1, repo, TestEnv};

const SEED: &str = "000_891f048a54a096e6.txt";

/// `corpus/` with the seed dump under three names: with a newline and a
/// tab in it, with the byte 0xE9 (Latin-1 "é", not UTF-8), and plain.
fn with_odd_names() -> TestEnv {
    let env = TestEnv::new();
    let seed = std::fs::read(repo(&format!("corpus/{SEED}"))).unwrap();
    std::fs::create_dir_all(env.path("corpus")).unwrap();
    std::fs::write(env.path("corpus/line\nbreak\tand tab.txt"), &seed).unwrap();
    let latin1 = env.path("corpus").join(OsStr::from_bytes(b"caf\xe9.txt"));
    // Its first story with another place: the second is the same story
    // again, folded.
    let other = String::from_utf8_lossy(&seed).replace("Ramadi", "Fallujah");
    std::fs::write(latin1, other.as_bytes()).unwrap();
    env.write("corpus/bell\x07.bin", b"\x00 binary");
    env
}

#[test]
fn a_name_never_splits_a_row_of_text() {
    let env = with_odd_names();
    let index = env.run_ok(&["index"]);
    let skipped: Vec<&str> = index
        .stderr
        .lines()
        .filter(|l| l.starts_with("newsdex: skipped "))
        .collect();
    assert_eq!(
        skipped,
        ["newsdex: skipped corpus/bell\\x07.bin: binary file (NUL bytes in the first 8192 bytes)"],
        "{}",
        index.stderr
    );
    assert!(
        index.stderr.contains("indexed 3 article(s) from 2 file(s)")
            && index.stderr.contains("1 duplicate story folded"),
        "{}",
        index.stderr
    );

    let text = env.run_ok(&["search", "Ramadi", "--color", "never"]);
    let rows: Vec<&str> = text
        .stdout
        .lines()
        .filter(|l| l.contains(".txt:"))
        .collect();
    assert!(!rows.is_empty(), "{}", text.stdout);
    for row in &rows {
        assert!(
            row.contains("corpus/line\\nbreak\\tand tab.txt:"),
            "one row, escaped: {row}\n{}",
            text.stdout
        );
    }
    assert!(!text.stdout.contains("\nbreak"), "{}", text.stdout);

    let latin1 = env.run_ok(&["search", "Fallujah", "--color", "never"]);
    assert!(
        latin1.stdout.contains("corpus/caf\\xE9.txt:"),
        "the stray byte as \\xE9: {}",
        latin1.stdout
    );

    // JSON keeps the newline and tab as characters.
    let json = env.run_ok(&["search", "Ramadi", "--json"]);
    assert_eq!(json.hits()[0]["path"], "corpus/line\nbreak\tand tab.txt");
    let json = env.run_ok(&["search", "Fallujah", "--json"]);
    assert_eq!(json.hits()[0]["path"], "corpus/caf\\xE9.txt");

    // `show` and `stats` in text.
    let id = env.run_ok(&["search", "Ramadi", "--json"]).hits()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let show = env.run_ok(&["show", &id]);
    assert!(
        show.stdout
            .lines()
            .any(|l| l == "path:     corpus/line\\nbreak\\tand tab.txt"),
        "{}",
        show.stdout
    );
    let stats = env.run_ok(&["stats"]);
    assert!(!stats.stdout.contains("\nbreak"), "{}", stats.stdout);
    assert!(
        stats.stdout.contains("corpus/line\\nbreak\\tand tab.txt"),
        "{}",
        stats.stdout
    );

    // Two names that differ only in a stray byte are two files.
    let other = env.path("corpus").join(OsStr::from_bytes(b"caf\xe8.txt"));
    let seed = std::fs::read(repo(&format!("corpus/{SEED}"))).unwrap();
    let third = String::from_utf8_lossy(&seed).replace("Ramadi", "Mosul");
    std::fs::write(other, third.as_bytes()).unwrap();
    let again = env.run_ok(&["index"]);
    assert!(
        again.stderr.contains("indexed 1 article(s) from 1 file(s)")
            && again
                .stderr
                .contains("1 duplicate story folded; 2 file(s) unchanged"),
        "{}",
        again.stderr
    );
    assert_eq!(env.run(&["search", "Fallujah"]).code, 0);
    assert_eq!(env.run(&["search", "Mosul"]).code, 0);
}

#[test]
fn a_warning_about_an_odd_name_is_one_line() {
    let env = TestEnv::new();
    // A dump with a stray Windows-1252 byte: read with a warning naming it.
    env.write(
        "corpus/for\nsale.txt",
        &as_latin1("corpus/20newsgroups/misc.forsale-76843.txt"),
    );
    for args in [&["index"][..], &["parse", "corpus"]] {
        let run = env.run_ok(args);
        let warnings: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("not UTF-8"))
            .collect();
        assert_eq!(
            warnings,
            ["newsdex: warning: corpus/for\\nsale.txt: 1 line(s) with bytes that are not UTF-8, read as Windows-1252"],
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("\nsale.txt"), "{}", run.stderr);
    }
}
