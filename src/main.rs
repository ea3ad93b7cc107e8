//! The `newsdex` binary: parse arguments, run, map the outcome to an exit
//! code (0 found or done, 1 nothing found, 2 error), print errors once with
//! their causes, and treat a closed pipe as success.

use std::process::ExitCode;

/// mimalloc: indexing allocates and frees millions of small strings (tokens,
/// fields, records) across threads, where it beats the system allocator.
/// Its version 2 (the `v2` feature), not 3: version 3 reserves a 1 GiB arena
/// with transparent huge pages at start-up, and zeroing them cost a short
/// search 0.6 ms of its 3 ms (BENCHMARKS.md, stop 25). Without transparent
/// huge pages (the `no_thp` feature: mimalloc does not madvise its memory
/// into 2 MiB pages): on a virtual machine that hands freed memory back to
/// its host, every huge page a run touches first is faulted in again on the
/// host, and parsing a 181-page WARC after a pause took 0.33 s, not 0.26 s
/// (BENCHMARKS.md, stop 27).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let config = newsdex::cli::parse();
    match newsdex::run(config) {
        Ok(code) => code,
        Err(err) => {
            let broken_pipe = err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            // One message: the error, then a line per cause that the line
            // above does not already end with ("index at x: File exists"
            // and its source, "File exists", are said once).
            let mut text = err.to_string();
            let mut above = text.clone();
            for cause in err.chain().skip(1) {
                let cause = cause.to_string();
                if !above.ends_with(&cause) {
                    text.push_str(&format!("\n  caused by: {cause}"));
                }
                above = cause;
            }
            newsdex::error!("{text}");
            ExitCode::from(2)
        }
    }
}
