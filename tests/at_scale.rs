//! Indexing at scale through the real binary: touched files, duplicate
//! stories across dumps and runs, the writer lock, searching while an
//! index is written, and recovery after `kill -9`. The larger cases read
//! Reuters-21578 from `../shared/corpora`.

use std::path::PathBuf;
use std::process::Child;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{repo, shared, Run, TestEnv};

const SEED: &str = "corpus/000_891f048a54a096e6.txt";

fn reuters() -> PathBuf {
    shared("corpora/reuters21578")
}

/// What these tests do in a `TestEnv` besides running the binary.
trait AtScale {
    /// The first `n` Reuters-21578 files, copied into `corpus/`.
    fn reuters(&self, n: usize);
    /// `newsdex index` with `args`, which must succeed.
    fn index(&self, args: &[&str]) -> Run;
    /// `stats --json` of `index`, less its name and size on disk.
    fn stats(&self, index: &str) -> Value;
    /// What a search finds, as (total, the ids of every hit, sorted: hits
    /// that tie in score come in index order, which depends on segments).
    fn search(&self, index: &str, query: &str) -> (u64, Vec<String>);
}

impl AtScale for TestEnv {
    fn reuters(&self, n: usize) {
        for i in 0..n {
            let name = format!("reut2-{i:03}.sgm");
            self.copy(&reuters().join(&name), &format!("corpus/{name}"));
        }
    }

    fn index(&self, args: &[&str]) -> Run {
        self.run_ok(&[&["index"], args].concat())
    }

    fn stats(&self, index: &str) -> Value {
        let run = self.run_ok(&["stats", "--json", "--index", index]);
        let mut stats = run.object();
        let stats_object = stats.as_object_mut().unwrap();
        stats_object.remove("size_bytes");
        stats_object.remove("index");
        stats
    }

    fn search(&self, index: &str, query: &str) -> (u64, Vec<String>) {
        let run = self.run(&["search", "--json", "-n", "10000", "--index", index, query]);
        assert!(run.code <= 1, "{}", run.stderr);
        let mut ids: Vec<String> = run
            .hits()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        (run.summary()["total_hits"].as_u64().unwrap(), ids)
    }
}

fn seed() -> PathBuf {
    repo(SEED)
}

#[test]
fn a_touched_file_is_not_read_again_a_changed_one_is() {
    let env = TestEnv::new();
    env.copy(&seed(), "corpus/a.txt");
    let bbc = repo("corpus/bbc/business-001.txt");
    env.copy(&bbc, "corpus/b/page.txt");
    env.index(&[]);

    // Same bytes, new mtime: hashed, found the same, not re-indexed.
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    let file = std::fs::File::options()
        .write(true)
        .open(env.path("corpus/a.txt"))
        .unwrap();
    file.set_modified(later).unwrap();
    let run = env.index(&[]);
    assert!(
        run.stderr.contains("indexed 0 article(s) from 0 file(s)")
            && run.stderr.contains("2 file(s) unchanged"),
        "{}",
        run.stderr
    );
    // ...and remembered: the next run does not even hash it.
    let run = env.index(&[]);
    assert!(run.stderr.contains("2 file(s) unchanged"), "{}", run.stderr);

    // Same size, other bytes: read again.
    let text = std::fs::read_to_string(env.path("corpus/a.txt")).unwrap();
    let changed = text.replacen("curfew", "CURFEW", 1);
    assert_eq!(changed.len(), text.len());
    std::fs::write(env.path("corpus/a.txt"), changed).unwrap();
    file.set_modified(later + Duration::from_secs(5)).unwrap();
    let run = env.index(&[]);
    assert!(
        run.stderr.contains("from 1 file(s)") && run.stderr.contains("1 file(s) unchanged"),
        "{}",
        run.stderr
    );
}

/// The seed's two stories are indexed once each (one folded copy of each
/// besides), and the Ramadi story is `indexed` and also seen at `also`.
fn one_story_each(env: &TestEnv, indexed: &str, also: &str) {
    let stats = env.stats("index");
    assert_eq!(
        (stats["articles"].as_u64(), stats["folded"].as_u64()),
        (Some(2), Some(2))
    );
    let (total, ids) = env.search("index", "Ramadi curfew");
    assert_eq!(total, 1, "one hit, not one per copy");
    let show = env.run(&["show", &ids[0]]);
    assert!(
        show.stdout.contains(indexed) && show.stderr.contains(&format!("also seen at {also}:")),
        "{}{}",
        show.stdout,
        show.stderr
    );
}

#[test]
fn a_story_in_several_dumps_is_indexed_once_and_outlives_its_first_copy() {
    let env = TestEnv::new();
    env.copy(&seed(), "corpus/a.txt");
    env.copy(&seed(), "corpus/b.txt");
    let run = env.index(&[]);
    assert!(
        run.stderr.contains("indexed 2 article(s) from 2 file(s)")
            && run.stderr.contains("2 duplicate stories folded"),
        "{}",
        run.stderr
    );
    one_story_each(&env, "corpus/a.txt", "corpus/b.txt");

    // A third copy, added later, is folded too.
    env.copy(&seed(), "corpus/c.txt");
    let run = env.index(&[]);
    assert!(
        run.stderr.contains("indexed 0 article(s) from 1 file(s)")
            && run.stderr.contains("2 duplicate stories folded"),
        "{}",
        run.stderr
    );
    assert_eq!(env.stats("index")["folded"], 4);

    // The indexed copy goes: the story stays, from a copy read again.
    std::fs::remove_file(env.path("corpus/a.txt")).unwrap();
    let run = env.index(&[]);
    assert!(
        run.stderr.contains("1 file(s) gone")
            && run
                .stderr
                .contains("read again for stories whose indexed copy went"),
        "{}",
        run.stderr
    );
    one_story_each(&env, "corpus/b.txt", "corpus/c.txt");
    // The same state as a fresh index of what is left.
    env.index(&["--index", "fresh"]);
    assert_eq!(env.stats("fresh"), env.stats("index"));
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn threads_do_not_change_what_is_indexed() {
    let env = TestEnv::new();
    env.reuters(3);
    env.copy(&reuters().join("reut2-001.sgm"), "corpus/mirror/again.sgm");
    env.index(&["--index", "one", "--threads", "1"]);
    env.index(&["--index", "four", "--threads", "4", "--memory", "260"]);
    let stats = env.stats("one");
    assert_eq!(stats, env.stats("four"));
    assert!(stats["folded"].as_u64().unwrap() >= 1000, "{stats}");
    for query in ["cocoa", "oil prices", "\"trade deficit\"", "yen -dollar"] {
        assert_eq!(
            env.search("one", query),
            env.search("four", query),
            "{query}"
        );
    }
}

/// Waits until `index` has committed at least one file, while `child`
/// still runs; false when the child ended first.
fn wait_for_a_commit(env: &TestEnv, index: &str, child: &mut Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(600);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let run = env.run(&["stats", "--json", "--index", index]);
        if run.code == 0 && run.object()["files"].as_u64() > Some(0) {
            return child.try_wait().unwrap().is_none();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no commit within 10 minutes");
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn a_second_writer_is_told_and_searches_go_on_while_indexing() {
    let env = TestEnv::new();
    env.copy(&seed(), "small/seed.txt");
    env.index(&["small"]);
    env.reuters(8);
    let mut child = env.spawn(&["index", "corpus", "--checkpoint", "1"]);
    assert!(
        wait_for_a_commit(&env, "index", &mut child),
        "the run ended before it was seen committing"
    );
    let second = env.run(&["index", "corpus"]);
    let search = env.run(&["search", "--json", "Ramadi curfew"]);
    let running = child.try_wait().unwrap().is_none();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    if running {
        assert_eq!(second.code, 2, "{}", second.stderr);
        assert_eq!(
            second.stderr.trim_end(),
            "newsdex: error: the index at index is being written by another process; wait for it to finish"
        );
    }
    assert_eq!(search.code, 0, "{}", search.stderr);
    assert_eq!(search.hits()[0]["path"], "small/seed.txt");
}

#[test]
#[ignore = "needs ../shared/corpora"]
fn a_killed_run_resumes_without_duplicates_or_gaps() {
    let env = TestEnv::new();
    env.reuters(6);
    env.copy(&reuters().join("reut2-002.sgm"), "corpus/mirror/again.sgm");
    // A clean build to compare with.
    env.index(&["--index", "clean"]);
    let clean = env.stats("clean");

    // Killed twice at different moments, each after a commit.
    let mut partial_seen = false;
    for round in 0..2 {
        let mut child = env.spawn(&["index", "--checkpoint", "1"]);
        let committed = wait_for_a_commit(&env, "index", &mut child);
        if round == 1 {
            std::thread::sleep(Duration::from_millis(700));
        }
        let _ = child.kill();
        child.wait().unwrap();
        if committed {
            // What the killed run committed opens and is whole: every
            // file it lists holds all its articles.
            let partial = env.stats("index");
            assert!(partial["articles"].as_u64() <= clean["articles"].as_u64());
            partial_seen |= partial["files"].as_u64() < clean["files"].as_u64();
        }
    }
    assert!(partial_seen, "a kill left a partial index to resume");
    let run = env.index(&[]);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert_eq!(env.stats("index"), clean);
    for query in ["cocoa", "oil prices", "\"trade deficit\"", "yen -dollar"] {
        assert_eq!(
            env.search("index", query),
            env.search("clean", query),
            "{query}"
        );
    }
    // And a run with nothing left to do reads nothing.
    let run = env.index(&[]);
    assert!(
        run.stderr.contains("indexed 0 article(s) from 0 file(s)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_of_bad_records_prints_its_first_warnings_and_counts_the_rest() {
    let env = TestEnv::new();
    let mut dump = String::new();
    for i in 0..250 {
        dump += &format!("{{\"headline\": \"Story {i}\", \"body\": \"Text {i}.\"}}\n");
        dump += "{\"neither\": 1}\n";
    }
    std::fs::create_dir_all(env.path("corpus")).unwrap();
    std::fs::write(env.path("corpus/bad.jsonl"), dump).unwrap();
    let run = env.run(&["parse", "corpus"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json().len(), 250);
    let warnings = run
        .stderr
        .lines()
        .filter(|l| l.contains("skipped (keys: neither)"))
        .count();
    assert_eq!(warnings, 100, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("corpus/bad.jsonl: 150 more record warning(s) not shown"),
        "{}",
        run.stderr
    );
    let run = env.index(&[]);
    assert!(
        run.stderr.contains("250 warning(s) above"),
        "{}",
        run.stderr
    );
}

/// Regression: a closed stderr (`newsdex index 2>&1 | head -1`) made a
/// warning's print panic inside the pipeline, and the run then waited for
/// its parsing threads forever.
#[test]
#[ignore = "needs ../shared/corpora"]
fn a_closed_stderr_does_not_hang_the_run() {
    let env = TestEnv::new();
    env.reuters(2);
    // reut2-017 has the one stray byte: a warning to print.
    env.copy(&reuters().join("reut2-017.sgm"), "corpus/reut2-017.sgm");
    let mut child = env.spawn(&["index", "--threads", "2"]);
    drop(child.stderr.take());
    let deadline = Instant::now() + Duration::from_secs(300);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the run hangs");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    assert_eq!(env.stats("index")["files"], 3);
}
