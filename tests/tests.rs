//! The integration tests, linked once as one binary (`autotests = false`
//! in Cargo.toml), as ripgrep's `tests/tests.rs` does: every file below is
//! a module of it, so the library and tantivy are linked into one test
//! executable rather than one per file. `util` holds the helpers they
//! share.

mod util;

mod at_scale;
mod cli;
mod format_json;
mod format_mail;
mod format_plain;
mod format_reuters;
mod fuzz;
mod layout_fixtures;
mod mixed;
mod relevance_reuters;
mod search_reuters;
mod show_stats;
