//! `newsdex parse`: dumps -> JSON lines on standard output, no index.

use std::io::Write;

use crate::config::ParseConfig;
use crate::dump;
use crate::output::Printer;
use crate::paths;
use crate::walk;

/// Prints every article; returns how many were printed.
pub fn run<W: Write>(config: &ParseConfig, printer: &mut Printer<W>) -> anyhow::Result<u64> {
    let (found, skipped) = walk::walk(&config.paths, &[]);
    for skip in skipped {
        crate::message!(
            "skipped {}: {}",
            paths::shown(&skip.path, None),
            skip.reason
        );
    }
    let mut printed = 0;
    for file in found {
        let shown = paths::shown(&file.path, None);
        let dump = match dump::open(&file.path, &config.options) {
            Ok(dump) => dump,
            Err(err) => {
                crate::message!("skipped {shown}: {err}");
                continue;
            }
        };
        let report = dump.read(&file, &config.options, |article| {
            printer.article(&article)?;
            Ok(())
        })?;
        for note in &report.notes {
            crate::message!("skipped {note}");
        }
        for warning in &report.warnings {
            crate::warning!("{warning}");
        }
        printed += report.articles;
    }
    printer.flush()?;
    Ok(printed)
}
