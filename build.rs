//! Links the `newsdex` binary as a fixed-address (non-PIE) executable on
//! Linux. A position-independent binary of this size has the dynamic
//! loader relocate its tables at every start: 374 page faults and 3.1 ms
//! for `newsdex --version`, against 120 and 1.8 ms without (BENCHMARKS.md,
//! issue 15), and every search is a new process. Only the binary's own
//! link changes: the code is compiled as before, and libraries, build
//! scripts and proc macros are untouched. Its library calls are bound
//! lazily, when first made (`-z lazy`), not all at start-up: a search
//! makes a few of the 174 (1.1 GB index, `search carcinogen`, median of
//! 400 runs: 1.67 -> 1.53 ms). The cost is hardening: the table of those
//! calls stays writable (partial RELRO, not full).
//!
//! It also writes the gazetteer's tables (`data/gazetteer.tsv` read by
//! `src/extract/gazetteer_build.rs`) as Rust statics into `OUT_DIR`, for
//! `extract::places` to include: no run parses the 46,000 rows.

#[path = "src/extract/gazetteer_build.rs"]
mod gazetteer_build;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for input in [
        "data/gazetteer.tsv",
        "data/common_words.txt",
        "src/extract/gazetteer_build.rs",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    let read = |path: &str| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("build.rs: reading {path}: {e}"))
    };
    let tables =
        gazetteer_build::Tables::read(&read("data/gazetteer.tsv"), &read("data/common_words.txt"));
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = std::path::Path::new(&out_dir).join("gazetteer.rs");
    std::fs::write(&out, tables.write_rust())
        .unwrap_or_else(|e| panic!("build.rs: writing {}: {e}", out.display()));
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        println!("cargo:rustc-link-arg-bins=-Wl,-z,lazy");
    }
}
