//! One module per subcommand, wiring walk -> dump (read, formats,
//! extract) -> index / search -> output.

pub mod index;
pub mod optimize;
pub mod parse;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod show;
pub mod stats;

use std::path::PathBuf;

/// Refuses to `verb` ("index", "parse") when a path named on the command
/// line does not exist, naming each: an error (exit 2) before anything is
/// read or written, whatever other paths beside it do exist.
pub(crate) fn check_paths_exist(paths: &[PathBuf], verb: &str) -> anyhow::Result<()> {
    let missing = crate::walk::missing(paths);
    if missing.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = missing
        .iter()
        .map(|p| crate::output::escape::shown(p))
        .collect();
    anyhow::bail!(
        "cannot {verb} {}: no such file or directory (name the dump files or folders to {verb})",
        shown.join(", ")
    )
}
