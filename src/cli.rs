//! Command-line definitions (clap) and their conversion into plain config.
//!
//! Nothing outside this module sees clap: `parse` validates the arguments
//! once and returns a `config::Config`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{
    cores, Config, IndexConfig, OptimizeConfig, ParseConfig, SearchConfig, ServeConfig, ShowConfig,
    StatsConfig,
};
use crate::date::Date;
use crate::formats::{Format, Options};
use crate::search::{Request, Sort};

/// Default folder of dumps, and of the index built from it.
const DEFAULT_CORPUS: &str = "corpus";
const DEFAULT_INDEX: &str = "index";

/// Search engine for archives of news dumps.
///
/// Exit codes: 0 found or done, 1 nothing found, 2 error.
#[derive(Parser, Debug)]
#[command(name = "newsdex", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build or update an index from dump files and folders.
    Index(IndexArgs),
    /// Print the articles parsed from dumps as JSON lines, without indexing.
    Parse(ParseArgs),
    /// Search an index (built from corpus/ on first use when --index is not given).
    Search(SearchArgs),
    /// Print one article in full (every field, the whole body), by its id.
    Show(ShowArgs),
    /// Describe an index: articles, files, date span, places, formats, size.
    Stats(StatsArgs),
    /// Merge an index's segments into one, for faster searches (run it once
    /// an archive is indexed; later runs of index add segments again).
    Optimize(OptimizeArgs),
    /// Serve a search page and JSON API over HTTP (built from corpus/ on first use
    /// when --index is not given).
    Serve(ServeArgs),
}

/// How dumps are read; shared by `index` and `parse`.
#[derive(Args, Debug)]
struct ReadArgs {
    /// Read every file as this format instead of telling formats apart by content.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Format::names()))]
    format: Option<String>,
    /// For JSON and CSV dumps: read article field FIELD from JSON key or CSV column KEY
    /// (e.g. --map headline=heading). Fields: id, headline, date, location, body, author,
    /// section, url, language.
    #[arg(long, value_name = "FIELD=KEY", value_parser = parse_mapping)]
    map: Vec<(String, String)>,
}

fn parse_mapping(text: &str) -> Result<(String, String), String> {
    const FIELDS: [&str; 9] = [
        "id", "headline", "date", "location", "body", "author", "section", "url", "language",
    ];
    let (field, key) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FIELD=KEY, got {text:?}"))?;
    if !FIELDS.contains(&field) {
        return Err(format!(
            "unknown field {field:?}; fields: {}",
            FIELDS.join(", ")
        ));
    }
    if key.is_empty() {
        return Err("the key is empty".into());
    }
    Ok((field.to_string(), key.to_string()))
}

impl ReadArgs {
    fn options(self) -> Options {
        Options {
            format: self.format.as_deref().and_then(Format::from_name),
            map: self.map,
            page_threads: 1,
        }
    }
}

#[derive(Args, Debug)]
struct IndexArgs {
    /// Dump files and folders to index.
    #[arg(default_value = DEFAULT_CORPUS)]
    paths: Vec<PathBuf>,
    /// Index directory to create or update.
    #[arg(long, default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Build the index afresh, beside the old one: it stays whole and
    /// searchable until the new one replaces it at the end.
    #[arg(long)]
    rebuild: bool,
    /// Print errors only: no progress bar, no skipped files, warnings or
    /// summary.
    #[arg(short, long)]
    quiet: bool,
    /// Threads: dumps parsed at once, and tantivy's indexing threads, as
    /// many of each as --memory can feed (at most 8 indexing threads; 5
    /// and 5 at the default budget) [range: 1-256] [default: the number
    /// of cores].
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u64).range(1..=256))]
    threads: Option<u64>,
    /// The whole run's memory budget, in MiB, whatever --threads is: 80
    /// for the program, an eighth of the rest for parsed articles waiting,
    /// 10 per indexing thread and 12 per parser, the rest for tantivy's
    /// indexing buffers. What the run allocates stays within it, but for
    /// the duplicate check's ~6.5 bytes per story indexed; the index files
    /// tantivy maps while merging come on top in a peak RSS (BENCHMARKS.md)
    /// [range: 128-65536].
    #[arg(long, value_name = "MIB", default_value_t = (crate::commands::index::budget::DEFAULT_MEMORY >> 20) as u64, value_parser = clap::value_parser!(u64).range(128..=65_536))]
    memory: u64,
    /// Commit what is indexed at least this often (seconds): a run that is
    /// killed or fails keeps everything up to its last commit, and the next
    /// run goes on from there [range: 1-86400].
    #[arg(long, value_name = "SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    checkpoint: u64,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Args, Debug)]
struct ParseArgs {
    /// Dump files and folders to parse.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
    /// Threads: as many dumps are parsed at once; the output is in the
    /// same order whatever the number [range: 1-256] [default: the number
    /// of cores].
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u64).range(1..=256))]
    threads: Option<u64>,
}

#[derive(Args, Debug)]
struct SearchArgs {
    /// The query: words, "phrases", field:term, AND / OR / NOT, +must -not.
    /// Quote it, or put it after `--`, when it starts with `-`:
    /// `newsdex search "iraq -hezbollah"`, `newsdex search -- -hezbollah`.
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// Index directory to search [default: index, built from corpus/ if missing].
    #[arg(long)]
    index: Option<PathBuf>,
    /// Number of hits to show [range: 1-10000].
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    limit: u64,
    /// Number of hits to skip (for paging) [range: 0-1000000].
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    offset: u64,
    /// Only articles dated in or after this year, month or day (2016, 2016-02, 2016-02-12).
    #[arg(long, value_parser = parse_period)]
    from: Option<(Date, Date)>,
    /// Only articles dated in or before this year, month or day (2016, 2016-02, 2016-02-12).
    #[arg(long, value_parser = parse_period)]
    to: Option<(Date, Date)>,
    /// Only articles located in this place (a city or a country).
    #[arg(long, value_name = "PLACE")]
    location: Option<String>,
    /// Only articles by this author (words of the byline, e.g. "Jane Smith").
    #[arg(long, value_name = "NAME")]
    author: Option<String>,
    /// Only articles filed under this section (e.g. "Business").
    #[arg(long, value_name = "NAME")]
    section: Option<String>,
    /// Only articles from this source: a site ("reuters.com") or a dump
    /// file's name ("reut2-000.sgm"), as `--facets` lists them.
    #[arg(long, value_name = "NAME")]
    source: Option<String>,
    /// Order of the hits: by relevance, newest first (date) or oldest first.
    #[arg(long, value_enum, default_value_t = SortChoice::Relevance)]
    sort: SortChoice,
    /// Count all matches by year (or month, over a short span) and by location.
    #[arg(long)]
    facets: bool,
    /// Count every match for the total. Without it counting stops at
    /// 10,000 matches, and a larger total is shown as "at least 10000"
    /// (as Elasticsearch's `track_total_hits` does): a common word's
    /// exact count costs more than the search.
    #[arg(long)]
    count_all: bool,
    /// One JSON object per line: a "hit" per result, then a "summary".
    #[arg(long)]
    json: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum SortChoice {
    Relevance,
    Date,
    Oldest,
}

fn parse_period(text: &str) -> Result<(Date, Date), String> {
    Date::parse_period(text).ok_or_else(|| {
        format!("expected a year, month or day: 2016, 2016-02 or 2016-02-12, got {text:?}")
    })
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
struct ShowArgs {
    /// The article's id, as `search --json` and `parse` print it.
    #[arg(allow_hyphen_values = true)]
    id: String,
    /// Index directory to read.
    #[arg(long, default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// One flat JSON object, with the same keys as `parse` prints.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct StatsArgs {
    /// Index directory to describe.
    #[arg(long, default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// One JSON object instead of the text report.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct OptimizeArgs {
    /// Index directory to merge. Its segment files are read whole while
    /// they merge (mapped: the run's resident memory grows toward the
    /// index's size), and the disk needs as much free space again.
    #[arg(long, default_value = DEFAULT_INDEX)]
    index: PathBuf,
    /// Print errors only.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Index directory to serve [default: index, built from corpus/ if missing].
    #[arg(long)]
    index: Option<PathBuf>,
    /// Address to listen on. Anything but 127.0.0.1 (or ::1) lets other
    /// machines in, with no authentication: newsdex warns.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// TCP port to listen on (0: any free port) [range: 0-65535].
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Open the page in the desktop's browser once the server listens.
    #[arg(long)]
    open: bool,
    /// Let web pages of other origins call the API
    /// (Access-Control-Allow-Origin: *).
    #[arg(long)]
    cors: bool,
    /// Results of recent searches kept, 0..=100000 (0: none), per index
    /// commit: a search asked again is answered without searching.
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    cache: u32,
}

/// Parses the process arguments (exiting with a usage message on bad ones).
pub fn parse() -> Config {
    convert(Cli::parse())
}

fn convert(cli: Cli) -> Config {
    match cli.command {
        Command::Index(a) => Config::Index(IndexConfig {
            paths: a.paths,
            index_dir: a.index,
            rebuild: a.rebuild,
            quiet: a.quiet,
            progress: !a.quiet && std::io::stderr().is_terminal(),
            threads: a.threads.map_or_else(cores, |n| n as usize),
            memory: (a.memory as usize) << 20,
            checkpoint: std::time::Duration::from_secs(a.checkpoint),
            options: a.read.options(),
        }),
        Command::Parse(a) => Config::Parse(ParseConfig {
            paths: a.paths,
            options: a.read.options(),
            threads: a.threads.map_or_else(cores, |n| n as usize),
        }),
        Command::Search(a) => {
            let build_from = a
                .index
                .is_none()
                .then(|| vec![PathBuf::from(DEFAULT_CORPUS)]);
            let color = match a.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            Config::Search(SearchConfig {
                request: Request {
                    query: a.query.join(" "),
                    limit: a.limit as usize,
                    offset: a.offset as usize,
                    from: a.from.map(|(start, _)| start),
                    until: a.to.map(|(_, end)| end),
                    location: a.location,
                    author: a.author,
                    section: a.section,
                    source: a.source,
                    sort: match a.sort {
                        SortChoice::Relevance => Sort::Relevance,
                        SortChoice::Date => Sort::Date,
                        SortChoice::Oldest => Sort::Oldest,
                    },
                    facets: a.facets,
                    count_all: a.count_all,
                },
                index_dir: a.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX)),
                build_from,
                json: a.json,
                color,
            })
        }
        Command::Show(a) => Config::Show(ShowConfig {
            id: a.id,
            index_dir: a.index,
            json: a.json,
        }),
        Command::Stats(a) => Config::Stats(StatsConfig {
            index_dir: a.index,
            json: a.json,
        }),
        Command::Optimize(a) => Config::Optimize(OptimizeConfig {
            index_dir: a.index,
            quiet: a.quiet,
        }),
        Command::Serve(a) => Config::Serve(ServeConfig {
            build_from: a
                .index
                .is_none()
                .then(|| vec![PathBuf::from(DEFAULT_CORPUS)]),
            index_dir: a.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX)),
            host: a.host,
            port: a.port,
            open: a.open,
            cors: a.cors,
            cache: a.cache as usize,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_numeric_flag_shows_its_range() {
        // A number's bounds are help text too: `[range: LOW-HIGH]`
        // (`tests/help.rs` checks they are the bounds taken).
        let numeric = [
            clap::builder::ValueParser::from(clap::value_parser!(u64)).type_id(),
            clap::builder::ValueParser::from(clap::value_parser!(u16)).type_id(),
        ];
        let mut checked = 0;
        let mut cli = Cli::command();
        cli.build();
        for command in cli.get_subcommands() {
            for arg in command.get_arguments() {
                if !arg.get_num_args().is_some_and(|n| n.takes_values())
                    || !numeric.contains(&arg.get_value_parser().type_id())
                {
                    continue;
                }
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                assert!(
                    help.contains("[range: "),
                    "{} --{}: {help}",
                    command.get_name(),
                    arg.get_id()
                );
                checked += 1;
            }
        }
        // index: threads, memory, checkpoint; parse: threads; search:
        // limit, offset; serve: port.
        assert_eq!(checked, 7);
    }

    #[test]
    fn query_words_are_joined() {
        let cli =
            Cli::try_parse_from(["newsdex", "search", "Ramadi", "curfew", "--limit", "3"]).unwrap();
        match convert(cli) {
            Config::Search(c) => {
                assert_eq!(c.request.query, "Ramadi curfew");
                assert_eq!(c.request.limit, 3);
                assert!(c.build_from.is_some());
            }
            other => panic!("{other:?}"),
        }
        assert!(Cli::try_parse_from(["newsdex", "search", "x", "--limit", "0"]).is_err());
        let cli = Cli::try_parse_from(["newsdex", "search", "--json", "--", "-hezbollah", "iraq"])
            .unwrap();
        match convert(cli) {
            Config::Search(c) => assert_eq!(
                (c.request.query.as_str(), c.json),
                ("-hezbollah iraq", true)
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn show_and_stats_default_to_the_index_folder() {
        let cli = Cli::try_parse_from(["newsdex", "show", "abc", "--json"]).unwrap();
        match convert(cli) {
            Config::Show(c) => assert_eq!(
                (c.id.as_str(), c.index_dir, c.json),
                ("abc", PathBuf::from(DEFAULT_INDEX), true)
            ),
            other => panic!("{other:?}"),
        }
        let cli = Cli::try_parse_from(["newsdex", "stats", "--index", "idx"]).unwrap();
        match convert(cli) {
            Config::Stats(c) => assert_eq!((c.index_dir, c.json), (PathBuf::from("idx"), false)),
            other => panic!("{other:?}"),
        }
        assert!(Cli::try_parse_from(["newsdex", "show"]).is_err());
    }
}
