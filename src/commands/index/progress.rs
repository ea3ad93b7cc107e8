//! The progress bar of `newsdex index`: bytes read of the bytes to read,
//! files, articles, MB/s and ETA, drawn on stderr only when it is a
//! terminal and the run is not `--quiet`. Messages printed while it is
//! drawn go above it.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
    files: u64,
}

impl Progress {
    /// A bar over `bytes` bytes in `files` files; nothing when `!shown`.
    pub fn new(shown: bool, bytes: u64, files: u64) -> Progress {
        let bar = shown.then(|| {
            let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, eta {eta}) {msg} [{wide_bar}]",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, files }
    }

    /// Where the run is: `bytes` read, `files` done, `articles` indexed.
    pub fn update(&self, bytes: u64, files: u64, articles: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
            bar.set_message(format!("files {files}/{}, articles {articles}", self.files));
        }
    }

    /// Runs `print` (which writes a message on stderr) with the bar
    /// hidden, so the message shows above it.
    pub fn suspend(&self, print: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Removes the bar (the summary line replaces it).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
