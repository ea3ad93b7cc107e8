//! Helpers shared by the integration tests. `TestEnv` is the one
//! environment a test runs the built binary in (fd's `tests/testenv`): a
//! temporary directory, files and folders copied or written into it, the
//! binary run there with arguments, its output read back as text or JSON
//! (`Run`). `repo` and `shared` name data inside and beside the repository.
//! Also: parsing one dump through the library and comparing it with a
//! pinned file, and the driver of the randomized targets (`fuzz`, `Rng`).
// A fuzz failure names its seed and saved input on stderr.
#![allow(clippy::print_stderr)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use newsdex::article::Article;
use newsdex::dump;
use newsdex::formats::{Format, Options};
use newsdex::walk::Found;
use serde_json::Value;

/// A file or folder of the repository, by its path from the repository's root.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// `../shared/<rel>`, beside the repository: data too large to keep in it
/// (`corpora/` holds Reuters-21578, the BBC set and 20 Newsgroups in full).
/// A test that reads it is `#[ignore = "needs ../shared/corpora"]`, so a
/// fresh clone passes `cargo test`; run anyway (`--include-ignored`) it
/// fails here, loudly, when the data is not there.
/// `data` gzip-compressed (one member).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// `data` compressed by `codec`: "gz", "bz2", "xz", "zst", or "" (and
/// "tar", a bundle's plain tar) for none.
pub fn compress(codec: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    match codec {
        "" | "tar" => data.to_vec(),
        "gz" => gzip(data),
        "bz2" => {
            let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
            enc.write_all(data).unwrap();
            enc.finish().unwrap()
        }
        "xz" => {
            let mut enc = xz2::write::XzEncoder::new(Vec::new(), 6);
            enc.write_all(data).unwrap();
            enc.finish().unwrap()
        }
        "zst" => zstd::stream::encode_all(data, 3).unwrap(),
        other => panic!("no codec {other}"),
    }
}

/// The repository file `rel` with its non-ASCII characters written as
/// Latin-1 bytes: a dump that is not UTF-8 (the samples that had such a
/// byte are UTF-8 now, so a first run warns of nothing of newsdex's own).
pub fn as_latin1(rel: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(repo(rel)).unwrap();
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(b) => bytes.push(b),
            Err(_) => bytes.extend_from_slice(c.to_string().as_bytes()),
        }
    }
    bytes
}

pub fn shared(rel: &str) -> PathBuf {
    let path = repo("../shared").join(rel);
    assert!(
        path.exists(),
        "{} is missing: this test needs ../shared/{rel} beside the repository \
         (CI has it; a fresh clone does not, and `cargo test` skips the tests \
         that need it)",
        path.display()
    );
    path
}

/// A scratch directory that the binary runs in, as a user would run it;
/// removed when dropped. Commands run with it as their working directory,
/// so the defaults `corpus/` and `index/` are its own, and the paths they
/// print are relative to it.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    /// An empty directory.
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A directory holding a copy of the repository's whole `corpus/`.
    pub fn with_corpus() -> TestEnv {
        let env = TestEnv::new();
        env.copy_dir(&repo("corpus"), "corpus");
        env
    }

    /// `rel` inside the directory.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `bytes` to `rel`, creating its folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Copies the file `from` to `rel`, creating its folders.
    pub fn copy(&self, from: &Path, rel: &str) {
        let to = self.path(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }

    /// Copies the folder `from` to `rel`, recursively.
    pub fn copy_dir(&self, from: &Path, rel: &str) {
        copy_tree(from, &self.path(rel));
    }

    /// The built `newsdex` with `args`, to run in this directory. `NO_COLOR`
    /// is removed, so the tester's shell does not decide the output.
    pub fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsdex"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("NO_COLOR");
        command
    }

    /// Runs `newsdex` with `args` here and waits for it.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Run {
        Run::from(self.command(args).output().unwrap())
    }

    /// Runs `newsdex` with `args` here; it must exit 0.
    pub fn run_ok<S: AsRef<OsStr>>(&self, args: &[S]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run
    }

    /// Starts `newsdex` with `args` here, its stdout discarded and its
    /// stderr piped, and does not wait.
    pub fn spawn<S: AsRef<OsStr>>(&self, args: &[S]) -> Child {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

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

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The articles of one dump, its format and what its reader said (notes of
/// records holding no article, then warnings), through the library.
pub fn parse_dump(found: &Found) -> (Format, Vec<Article>, Vec<String>) {
    parse_dump_with(found, &Options::default())
}

/// `parse_dump` with `options` (a forced format, `--map` pairs).
pub fn parse_dump_with(found: &Found, options: &Options) -> (Format, Vec<Article>, Vec<String>) {
    let shown = found.path.display();
    let dump = dump::open(&found.path, options).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let format = dump.format;
    let mut articles = Vec::new();
    let report = dump
        .read(found, options, |a| {
            articles.push(a);
            Ok(())
        })
        .unwrap();
    // What the file's reader said: notes of records holding no article
    // (listing pages), then warnings.
    let mut said = report.notes;
    said.extend(report.warnings);
    (format, articles, said)
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

/// A small deterministic random source (xorshift64*, seeded through
/// splitmix64) for the randomized tests: the same seed gives the same cases
/// on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(splitmix(seed) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text:?} is not a number")))
}

/// Runs the randomized target `name`: `cases` cases (`NEWSDEX_FUZZ_CASES`
/// overrides it), each from its own seed derived from the target's name and
/// `NEWSDEX_FUZZ_SEED` (default 0), so a run is the same on every machine.
/// `make` builds a case's input from its random source, `check` panics on
/// anything wrong with it. A failing case is reported with its seed, its
/// input is saved (by `save`) under `target/fuzz-failures/`, and
/// `NEWSDEX_FUZZ_ONLY=<seed>` runs that one case again (saving its input
/// first, whatever happens). `NEWSDEX_FUZZ_TRACE=1` prints every case's
/// seed before it runs and its time after (for a crash that is not a
/// panic, such as a stack overflow, and for slow cases).
pub fn fuzz<T>(
    name: &str,
    cases: usize,
    make: impl Fn(&mut Rng) -> T,
    check: impl Fn(&T),
    save: impl Fn(&T) -> Vec<u8>,
) {
    let base = env_number("NEWSDEX_FUZZ_SEED").unwrap_or(0);
    let cases = env_number("NEWSDEX_FUZZ_CASES").map_or(cases, |n| n as usize);
    let only = env_number("NEWSDEX_FUZZ_ONLY");
    let trace = std::env::var_os("NEWSDEX_FUZZ_TRACE").is_some();
    let target = name.bytes().fold(base, |h, b| splitmix(h ^ u64::from(b)));
    let seeds: Vec<(usize, u64)> = match only {
        Some(seed) => vec![(0, seed)],
        None => (0..cases)
            .map(|case| (case, splitmix(target.wrapping_add(case as u64))))
            .collect(),
    };
    let total = seeds.len();
    let started = std::time::Instant::now();
    let mut slowest = (std::time::Duration::ZERO, 0u64);
    for (case, seed) in seeds {
        if trace {
            eprintln!("fuzz {name}: case {case} seed {seed:#018x}");
        }
        let case_started = std::time::Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let input = make(&mut Rng::new(seed));
            if only.is_some() {
                // Saved before it runs: a crash (stack overflow, abort) is no panic.
                eprintln!("fuzz {name}: {}", save_input(name, seed, &save(&input)));
            }
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
            (input, result)
        }));
        let saved = match &outcome {
            Ok((_, Ok(()))) => {
                let took = case_started.elapsed();
                if trace {
                    eprintln!("fuzz {name}: case {case} took {} ms", took.as_millis());
                }
                if took > slowest.0 {
                    slowest = (took, seed);
                }
                continue;
            }
            Ok((input, Err(_))) => save_input(name, seed, &save(input)),
            Err(_) => "the input generator itself panicked".to_string(),
        };
        panic!(
            "fuzz target {name}: case {case} failed (seed {seed:#018x}); {saved}; \
             run it alone with NEWSDEX_FUZZ_ONLY={seed:#018x} cargo test --test tests -- --exact fuzz::{name}"
        );
    }
    eprintln!(
        "fuzz {name}: {total} case(s) in {:.1} s, base seed {base:#x}; slowest {:.0} ms (seed {:#018x})",
        started.elapsed().as_secs_f64(),
        slowest.0.as_secs_f64() * 1000.0,
        slowest.1
    );
}

/// Writes a case's input under `target/fuzz-failures/`; says where.
fn save_input(name: &str, seed: u64, bytes: &[u8]) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    let path = dir.join(format!("{name}-{seed:016x}.bin"));
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, bytes)) {
        Ok(()) => format!("input saved to {}", path.display()),
        Err(e) => format!("input not saved: {e}"),
    }
}
