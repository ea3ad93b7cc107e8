//! The integration tests, linked once as one binary (`autotests = false`
//! in Cargo.toml), as ripgrep's `tests/tests.rs` does: every file below is
//! a module of it, so the library and tantivy are linked into one test
//! executable rather than one per file. `util` holds the helpers they
//! share.
//!
//! A test that reads data from outside the repository (`../shared`, beside
//! it, as CI has it) is `#[ignore = "needs ../shared/corpora"]`, so
//! `cargo test` passes on a fresh clone with nothing beside it;
//! `cargo test -- --include-ignored` (what `.ci/run` runs) runs those too,
//! and they fail, never skip, when the data is missing.

mod util;

mod at_scale;
mod bundles;
mod cli;
mod dateline_set;
mod datelines;
mod disk_full;
mod exit_codes;
mod fields;
mod format_csv;
mod format_feed;
mod format_html;
mod format_html_charset;
mod format_json;
mod format_mail;
mod format_plain;
mod format_press;
mod format_reuters;
mod format_trec;
mod format_warc;
mod format_xml;
mod fuzz;
mod help;
mod kept;
mod layout_fixtures;
mod mixed;
mod names;
mod optimize;
mod relevance_reuters;
mod reruns;
mod search_bbc;
mod search_reuters;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "serve")]
mod serve_browser;
mod show_stats;
mod stderr_closed;
mod ties;
mod wire;
