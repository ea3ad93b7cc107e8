//! The one channel to standard error: every note, warning and error newsdex
//! prints goes through the macros here (`message!`, `warning!`, `error!`),
//! each one line prefixed `newsdex: `, `newsdex: warning: ` or
//! `newsdex: error: `. Writing never panics: with stderr closed
//! (`newsdex index ... 2>&1 | head -1`) a message is lost, not the run,
//! where `eprintln!` would panic. `--quiet` (`set_quiet`) silences notes
//! and warnings, never errors. Standard output is not written here; the
//! results belong to `output::Printer`. Drawing the progress bar is
//! `commands::index::progress`'s, which suspends it around these lines.
//!
//! Modelled on ripgrep's `crates/core/messages.rs`, without its stdout
//! lock: `run` holds stdout locked for the whole command, and the parsing
//! threads' messages must not wait for it.

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether notes and warnings are printed (`--quiet` turns them off;
/// errors always are). As ripgrep's `messages::set_messages`.
static NOTES: AtomicBool = AtomicBool::new(true);

/// Turns notes and warnings off (`quiet`) or on, for the whole process.
pub fn set_quiet(quiet: bool) {
    NOTES.store(!quiet, Ordering::Relaxed);
}

/// Whether notes and warnings are printed.
#[doc(hidden)]
pub fn notes() -> bool {
    NOTES.load(Ordering::Relaxed)
}

/// Writes `newsdex: {prefix}{message}` and a line end to stderr. The
/// macros call it; use them instead.
#[doc(hidden)]
pub fn write(prefix: &str, message: fmt::Arguments<'_>) {
    // The lock keeps a line from the parsing threads whole. An error here
    // (stderr closed or full) has nowhere to be reported: it is dropped.
    let _ = writeln!(std::io::stderr().lock(), "newsdex: {prefix}{message}");
}

/// A note on stderr: `newsdex: ...` (what was skipped, what is being
/// built, the summary of a run).
#[macro_export]
macro_rules! message {
    ($($arg:tt)*) => {
        if $crate::messages::notes() {
            $crate::messages::write("", format_args!($($arg)*))
        }
    };
}

/// A warning on stderr: `newsdex: warning: ...` (something was repaired or
/// may be lost, the run goes on).
#[macro_export]
macro_rules! warning {
    ($($arg:tt)*) => {
        if $crate::messages::notes() {
            $crate::messages::write("warning: ", format_args!($($arg)*))
        }
    };
}

/// An error on stderr: `newsdex: error: ...` (the command failed); printed
/// even when quiet.
#[macro_export]
macro_rules! error {
    ($($arg:tt)*) => {
        $crate::messages::write("error: ", format_args!($($arg)*))
    };
}
