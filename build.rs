//! Links the `newsdex` binary as a fixed-address (non-PIE) executable on
//! Linux. A position-independent binary of this size has the dynamic
//! loader relocate its tables at every start: 374 page faults and 3.1 ms
//! for `newsdex --version`, against 120 and 1.8 ms without (BENCHMARKS.md,
//! issue 15), and every search is a new process. Only the binary's own
//! link changes: the code is compiled as before, and libraries, build
//! scripts and proc macros are untouched.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
