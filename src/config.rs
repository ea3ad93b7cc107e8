//! Plain, validated configuration of each command: what `cli` makes of the
//! command line, and what the commands (and tests, and a server) are given.
//! No clap here: anything can build these.

use std::path::PathBuf;

use crate::formats::Options;
use crate::search::Request;

/// What to do, validated.
#[derive(Debug)]
pub enum Config {
    Index(IndexConfig),
    Parse(ParseConfig),
    Search(SearchConfig),
    Show(ShowConfig),
    Stats(StatsConfig),
}

#[derive(Debug, Clone)]
pub struct IndexConfig {
    pub paths: Vec<PathBuf>,
    pub index_dir: PathBuf,
    pub rebuild: bool,
    pub quiet: bool,
    /// Show a progress bar (stderr is a terminal and not quiet).
    pub progress: bool,
    /// Parsing threads, and tantivy's indexing threads.
    pub threads: usize,
    /// tantivy's indexing memory, in bytes.
    pub memory: usize,
    /// Longest time between commits.
    pub checkpoint: std::time::Duration,
    pub options: Options,
}

impl IndexConfig {
    /// Indexing `paths` into `index_dir` with every default, quietly.
    pub fn new(paths: Vec<PathBuf>, index_dir: PathBuf) -> IndexConfig {
        IndexConfig {
            paths,
            index_dir,
            rebuild: false,
            quiet: true,
            progress: false,
            threads: cores(),
            memory: crate::index::WRITER_MEMORY,
            checkpoint: std::time::Duration::from_secs(60),
            options: Options::default(),
        }
    }
}

/// The cores this process may use: the default number of threads.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[derive(Debug, Clone)]
pub struct ParseConfig {
    pub paths: Vec<PathBuf>,
    pub options: Options,
}

#[derive(Debug, Clone)]
pub struct SearchConfig {
    pub request: Request,
    pub index_dir: PathBuf,
    /// Build the index from these paths first when it does not exist
    /// (only for the default index).
    pub build_from: Option<Vec<PathBuf>>,
    pub json: bool,
    pub color: bool,
}

#[derive(Debug, Clone)]
pub struct ShowConfig {
    pub id: String,
    pub index_dir: PathBuf,
    pub json: bool,
}

#[derive(Debug, Clone)]
pub struct StatsConfig {
    pub index_dir: PathBuf,
    pub json: bool,
}
