//! Plain, validated configuration of each command: what `cli` makes of the
//! command line, and what the commands (and tests, and a server) are given.
//! No clap here: anything can build these.

use std::path::PathBuf;

use crate::formats::Options;
use crate::search::Request;

/// What to do, validated.
#[derive(Debug)]
pub enum Config {
    /// `newsdex index`: build or update an index from dumps.
    Index(IndexConfig),
    /// `newsdex parse`: print the articles of dumps, without indexing.
    Parse(ParseConfig),
    /// `newsdex search`: query an index.
    Search(SearchConfig),
    /// `newsdex show`: print one article in full, by id.
    Show(ShowConfig),
    /// `newsdex stats`: describe an index.
    Stats(StatsConfig),
    /// `newsdex optimize`: merge an index's segments into one.
    Optimize(OptimizeConfig),
    /// `newsdex serve`: a search page and JSON API over HTTP.
    Serve(ServeConfig),
}

/// What `newsdex index` indexes, where, and with what threads and memory.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// Dump files and folders to index, walked in this order.
    pub paths: Vec<PathBuf>,
    /// The index directory, created when there is none.
    pub index_dir: PathBuf,
    /// Empty the index first and build it afresh.
    pub rebuild: bool,
    /// Print errors only: no notes, warnings or summary line.
    pub quiet: bool,
    /// Show a progress bar (stderr is a terminal and not quiet).
    pub progress: bool,
    /// Threads asked for: parsers and tantivy's indexing threads, as many
    /// of each as `memory` can feed (`commands::index::budget`).
    pub threads: usize,
    /// The whole run's memory budget, in bytes.
    pub memory: usize,
    /// Longest time between commits.
    pub checkpoint: std::time::Duration,
    /// How dumps are read: a forced format, JSON key mappings.
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
            memory: crate::commands::index::budget::DEFAULT_MEMORY,
            checkpoint: std::time::Duration::from_secs(60),
            options: Options::default(),
        }
    }
}

/// The cores this process may use: the default number of threads.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What `newsdex parse` prints the articles of.
#[derive(Debug, Clone)]
pub struct ParseConfig {
    /// Dump files and folders to parse, walked in this order.
    pub paths: Vec<PathBuf>,
    /// How dumps are read: a forced format, JSON key mappings.
    pub options: Options,
    /// Dumps parsed at once (the output is in walk order whatever it is).
    pub threads: usize,
}

/// What `newsdex search` asks of which index, and how it prints the hits.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// The query, the page wanted, the filters and the order.
    pub request: Request,
    /// The index to search.
    pub index_dir: PathBuf,
    /// Build the index from these paths first when it does not exist
    /// (only for the default index).
    pub build_from: Option<Vec<PathBuf>>,
    /// Print JSON lines (a `hit` per result, then a `summary`), not text.
    pub json: bool,
    /// Colour the text: `--color`, with `auto` already decided (stdout a
    /// terminal and `NO_COLOR` unset).
    pub color: bool,
}

/// Which article `newsdex show` prints, from which index.
#[derive(Debug, Clone)]
pub struct ShowConfig {
    /// The article's id, matched exactly.
    pub id: String,
    /// The index to read.
    pub index_dir: PathBuf,
    /// Print one flat JSON object, not text.
    pub json: bool,
}

/// Which index `newsdex stats` describes.
#[derive(Debug, Clone)]
pub struct StatsConfig {
    /// The index to describe.
    pub index_dir: PathBuf,
    /// Print one JSON object, not the text report.
    pub json: bool,
}

/// Which index `newsdex optimize` merges.
#[derive(Debug, Clone)]
pub struct OptimizeConfig {
    /// The index to merge.
    pub index_dir: PathBuf,
    /// Print errors only.
    pub quiet: bool,
}

/// Where `newsdex serve` listens, and over which index.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The index to serve.
    pub index_dir: PathBuf,
    /// Build the index from these paths first when it does not exist
    /// (only for the default index).
    pub build_from: Option<Vec<PathBuf>>,
    /// The address to bind: `127.0.0.1` unless the user says otherwise.
    pub host: String,
    /// The TCP port (0: any free one).
    pub port: u16,
    /// Open the page in the desktop's browser once listening.
    pub open: bool,
    /// Send `Access-Control-Allow-Origin: *` on the API's answers.
    pub cors: bool,
    /// Results of recent searches kept (0: none).
    pub cache: usize,
}
