//! The exit-code contract (README, "Exit codes"), the same in every
//! command: 0 found or done, 1 nothing found (nothing indexable), 2 error.
//! A path named on the command line that does not exist is an error naming
//! it, in `index` and `parse` alike, also beside a path that does; and an
//! `--index` that cannot be an index folder (a regular file, the corpus
//! folder itself or a folder inside it) is refused with one clear line.
//! Issue 12.

use crate::util::{repo, TestEnv};

const SEED: &str = "000_891f048a54a096e6.txt";

/// A scratch directory with the seed dump (two articles) in `corpus/`.
fn with_seed() -> TestEnv {
    let env = TestEnv::new();
    env.copy(&repo(&format!("corpus/{SEED}")), &format!("corpus/{SEED}"));
    env
}

/// The `newsdex: error:` lines of a run's stderr.
fn errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("newsdex: error: ") || l.starts_with("  caused by"))
        .collect()
}

#[test]
fn a_missing_path_is_an_error_in_index_and_parse_alike() {
    let env = with_seed();
    for args in [
        &["index", "no-such-folder", "--index", "idx"][..],
        &["index", "corpus", "no-such-folder", "--index", "idx"],
        &["index", "no-such-folder", "corpus", "--index", "idx"],
        &["parse", "no-such-folder"],
        &["parse", "corpus", "no-such-folder"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        let errors = errors(&run.stderr);
        assert_eq!(errors.len(), 1, "{args:?}: one error line: {}", run.stderr);
        assert!(
            errors[0].contains("no-such-folder") && errors[0].contains("no such file or directory"),
            "{args:?}: the error names the path: {}",
            run.stderr
        );
        // Refused before anything is done: no index made, nothing printed.
        assert!(!env.path("idx").exists(), "{args:?}: no index left behind");
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

#[test]
fn a_deleted_file_named_again_is_an_error_and_its_articles_stay() {
    // A typo, or a disk not mounted, must not empty the index: naming a
    // path that is gone is refused; re-indexing its folder removes it.
    let env = with_seed();
    env.write("corpus/other/2021-01-01.txt", b"Otters\n\nAbout otters.\n");
    env.run_ok(&["index", "corpus", "--index", "idx"]);
    std::fs::remove_file(env.path(&format!("corpus/{SEED}"))).unwrap();
    let named = env.run(&["index", &format!("corpus/{SEED}"), "--index", "idx"]);
    assert_eq!(named.code, 2, "{}", named.stderr);
    assert!(named.stderr.contains(SEED), "{}", named.stderr);
    let still = env.run(&["search", "Ramadi", "--index", "idx"]);
    assert_eq!(still.code, 0, "the articles stay: {}", still.stderr);
    env.run_ok(&["index", "corpus", "--index", "idx"]);
    let gone = env.run(&["search", "Ramadi", "--index", "idx"]);
    assert_eq!(gone.code, 1, "its folder re-indexed: {}", gone.stdout);
}

#[test]
fn nothing_indexable_is_exit_1_in_index_and_parse_alike() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("empty")).unwrap();
    env.write("binary/a.dat", b"\x00\x01\x02\x03 not a dump");
    env.write("docs/README.md", b"# A corpus\n\nOf nothing.\n");
    for folder in ["empty", "binary", "docs"] {
        let index = env.run(&["index", folder, "--index", &format!("idx-{folder}")]);
        assert_eq!(index.code, 1, "index {folder}: {}", index.stderr);
        assert!(
            index.stderr.contains("indexed 0 article(s)"),
            "index {folder}: the summary still says so: {}",
            index.stderr
        );
        let parse = env.run(&["parse", folder]);
        assert_eq!(parse.code, 1, "parse {folder}: {}", parse.stderr);
        assert_eq!(parse.stdout, "");
    }
}

#[test]
fn a_re_run_with_nothing_new_is_done_not_nothing_found() {
    let env = with_seed();
    env.run_ok(&["index", "corpus", "--index", "idx"]);
    let again = env.run(&["index", "corpus", "--index", "idx"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stderr.contains("1 file(s) unchanged"),
        "{}",
        again.stderr
    );
    let parse = env.run(&["parse", "corpus"]);
    assert_eq!(parse.code, 0, "{}", parse.stderr);
    assert_eq!(parse.stdout.lines().count(), 2);
}

#[test]
fn an_index_inside_the_corpus_is_refused() {
    let env = with_seed();
    for (index, paths) in [
        ("corpus", &["corpus"][..]),
        ("corpus/idx", &["corpus"]),
        ("corpus/sub/idx", &["corpus"]),
        ("./corpus/../corpus/idx", &["corpus"]),
        ("idx", &["idx/../corpus", "idx"]),
    ] {
        let mut args = vec!["index"];
        args.extend_from_slice(paths);
        args.extend_from_slice(&["--index", index]);
        if index == "idx" {
            std::fs::create_dir_all(env.path("idx")).unwrap();
        }
        let run = env.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        let errors = errors(&run.stderr);
        assert_eq!(errors.len(), 1, "{args:?}: {}", run.stderr);
        assert!(
            errors[0].contains("--index")
                && (errors[0].contains("inside") || errors[0].contains("itself")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!env.path("corpus/idx").exists(), "{args:?}");
        assert!(!env.path("corpus/meta.json").exists(), "{args:?}");
    }
    // Beside it is where it belongs.
    env.run_ok(&["index", "corpus", "--index", "corpus-index"]);
}

#[test]
fn an_index_that_is_a_file_is_named_once() {
    let env = with_seed();
    env.write("notes.txt", b"not an index\n");
    for args in [
        &["index", "corpus", "--index", "notes.txt"][..],
        &["search", "Ramadi", "--index", "notes.txt"],
        &["stats", "--index", "notes.txt"],
        &["show", "abc", "--index", "notes.txt"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr.trim_end(),
            "newsdex: error: notes.txt is a file, not an index folder",
            "{args:?}"
        );
    }
    assert_eq!(
        std::fs::read(env.path("notes.txt")).unwrap(),
        b"not an index\n"
    );
}
