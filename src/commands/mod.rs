//! One module per subcommand, wiring walk -> dump (read, formats,
//! extract) -> index / search -> output.

pub mod index;
pub mod parse;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod show;
pub mod stats;
