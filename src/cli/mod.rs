//! Command-line interface: flags, their manual, and dispatch to the commands.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod extract;
mod finish;
mod gazetteer;
mod graph;
mod merge;
mod output;
mod pipeline;

/// Removes the temporary files of outputs still being written (for Ctrl-C).
pub fn remove_pending_outputs() {
    output::remove_pending();
}

/// What a run ended with; the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// 0: everything was read and written.
    Success,
    /// 1: the run completed but some inputs were skipped (`--keep-going`).
    Partial,
    /// 2: an error; outputs were not written.
    Error,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Success => 0,
            Status::Partial => 1,
            Status::Error => 2,
        })
    }
}

/// An error that ends a run with exit code 2.
#[derive(Debug)]
pub enum CliError {
    /// A message for the user, already saying what to do.
    Message(String),
    /// An I/O error, with what we were doing.
    Io(String, io::Error),
}

impl CliError {
    /// Whether this is a closed stdout, which is not an error for a command-line filter.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(_, e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Message(m) => f.write_str(m),
            CliError::Io(what, e) => write!(f, "{what}: {e}"),
        }
    }
}

impl From<String> for CliError {
    fn from(s: String) -> CliError {
        CliError::Message(s)
    }
}

const ABOUT: &str =
    "Find the actors in news text and build the graph of who is mentioned with whom.";

const LONG_ABOUT: &str = "\
Find the actors in news text (countries, international organisations, armed and political
groups, officials and other people) and build the graph of who is mentioned with whom.

Actors come from gazetteers: tab-separated dictionaries of ids, types, labels and aliases.
Thousands are built in; add your own with --gazetteer FILE (format: `actorgraph gazetteer
--help` and the README).

EXAMPLES
    actorgraph graph seeds/ -o seeds.json -o seeds.dot
    actorgraph graph part-3.jsonl -o part-3.partial.json     count a part of a corpus
    actorgraph merge parts/*.partial.json -o all.json        the graph of all the parts
    actorgraph extract seeds/                 one JSON line per mention
    actorgraph extract --gazetteer mine.tsv corpus.jsonl -o mentions.jsonl
    actorgraph gazetteer check mine.tsv       report problems with file:line
    actorgraph gazetteer list --type person   the built-in officials

EXIT STATUS
    0    success
    1    the run completed but some inputs were skipped (--keep-going)
    2    error: bad arguments, unreadable input, gazetteer errors; no output is written
    130  interrupted (Ctrl-C); no output is written";

#[derive(Debug, Parser)]
#[command(name = "actorgraph", version, about = ABOUT, long_about = LONG_ABOUT)]
#[command(propagate_version = true, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the co-mention graph and write it as JSON, DOT and other formats.
    #[command(long_about = graph::LONG_ABOUT)]
    Graph(graph::GraphArgs),
    /// Merge partial graphs (graph --format partial) into the graph of the whole corpus.
    #[command(long_about = merge::LONG_ABOUT)]
    Merge(merge::MergeArgs),
    /// Print every actor mention as a JSON line.
    #[command(long_about = extract::LONG_ABOUT)]
    Extract(extract::ExtractArgs),
    /// Check or list gazetteers.
    #[command(subcommand, long_about = gazetteer::LONG_ABOUT)]
    Gazetteer(gazetteer::GazetteerCommand),
}

/// Parses arguments and runs the command.
pub fn run() -> Result<Status, CliError> {
    let cli = Cli::parse();
    match cli.command {
        Command::Graph(args) => graph::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Gazetteer(cmd) => gazetteer::run(cmd),
    }
}

/// Which gazetteers to load.
#[derive(Debug, Args, Clone)]
pub struct GazetteerArgs {
    /// Add a gazetteer file (repeatable).
    ///
    /// A tab-separated file of actors: id, type, label, aliases, attributes (see the
    /// README). Its actors are added to the built-in ones; an actor with the id of a
    /// built-in actor replaces it. Errors in the file are reported with file:line and stop
    /// the run.
    #[arg(long = "gazetteer", short = 'g', value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,

    /// Do not load the built-in gazetteers; use only --gazetteer files.
    #[arg(long)]
    pub no_default_gazetteers: bool,

    /// Ignore aliases flagged `metonymy` (capitals and seats of government standing for
    /// governments, such as Washington or the Kremlin).
    #[arg(long)]
    pub no_metonymy: bool,
}

impl GazetteerArgs {
    /// Builds the gazetteer, printing warnings, failing on errors.
    pub fn build(&self) -> Result<actorgraph::Gazetteer, CliError> {
        let mut builder = actorgraph::GazetteerBuilder::new();
        builder.builtins(!self.no_default_gazetteers).metonymy(!self.no_metonymy);
        for path in &self.gazetteers {
            builder.add_file(path);
        }
        let gazetteer = builder.build().map_err(|e| {
            CliError::Message(format!(
                "{e}\nfix the gazetteer (`actorgraph gazetteer check FILE` lists every problem)"
            ))
        })?;
        if gazetteer.actors().is_empty() {
            return Err(CliError::Message(
                "no actors loaded: give --gazetteer FILE, or drop --no-default-gazetteers".into(),
            ));
        }
        Ok(gazetteer)
    }
}

/// How to read inputs.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Files or folders to read, or `-` for stdin (the default).
    ///
    /// Folders are searched recursively for .txt, .text, .md, .jsonl, .ndjson and .csv
    /// files, each optionally gzip-compressed (.gz), in path order; hidden files are
    /// skipped and binary files met in folders are skipped with a warning. A text file is
    /// one document, whose id is its path. A JSON Lines file holds one document per line; a
    /// CSV file (with a header row) one per record.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// How to read the inputs: by extension (auto), as text, JSON Lines or CSV.
    ///
    /// With auto, .jsonl and .ndjson are JSON Lines, .csv is CSV and everything else is
    /// text (a .gz suffix is looked through); stdin is JSON Lines when it starts with `{`.
    #[arg(long, value_enum, default_value_t = Format::Auto, value_name = "FORMAT")]
    pub input_format: Format,

    /// JSON Lines field (or CSV column) that holds the document id; records without one
    /// get `path:line`.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,

    /// JSON Lines field (or CSV column) that holds the text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,

    /// JSON Lines field (or CSV column) that holds the date (ISO 8601: 2024-05-01 or
    /// 2024-05-01T12:00:00Z).
    ///
    /// The date picks the role an official held at the time.
    #[arg(long, default_value = "date", value_name = "FIELD")]
    pub date_field: String,

    /// JSON Lines field (or CSV column) that holds the headline.
    #[arg(long, default_value = "title", value_name = "FIELD")]
    pub title_field: String,

    /// Skip bad records and unreadable files instead of stopping; they are counted and
    /// reported at the end, and the exit status is 1.
    #[arg(long)]
    pub keep_going: bool,

    /// No progress bar and no summary line; only warnings and errors on stderr.
    ///
    /// The progress bar is shown only when stderr is a terminal; the summary line
    /// (documents, MB, mentions, actors, edges, seconds) is printed at the end of every run.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Documents per batch (tuning and tests; the output never depends on it).
    #[arg(long, default_value_t = 256, value_name = "N", hide = true)]
    pub batch_docs: usize,
}

/// Input formats on the command line.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// By extension.
    Auto,
    /// Plain text: one document per file.
    Text,
    /// JSON Lines: one document per line.
    Jsonl,
    /// CSV with a header row: one document per record.
    Csv,
}

impl InputArgs {
    /// The library's input options.
    pub fn options(&self) -> actorgraph::input::InputOptions {
        actorgraph::input::InputOptions {
            format: match self.input_format {
                Format::Auto => actorgraph::input::InputFormat::Auto,
                Format::Text => actorgraph::input::InputFormat::Text,
                Format::Jsonl => actorgraph::input::InputFormat::Jsonl,
                Format::Csv => actorgraph::input::InputFormat::Csv,
            },
            id_field: self.id_field.clone(),
            text_field: self.text_field.clone(),
            date_field: self.date_field.clone(),
            title_field: self.title_field.clone(),
        }
    }
}

/// Rules of extraction that can be switched off.
#[derive(Debug, Args, Clone)]
pub struct RuleArgs {
    /// Do not find officials through title patterns ("Foreign Minister Ayman Safadi").
    #[arg(long)]
    pub no_title_patterns: bool,

    /// Do not resolve later surnames ("Blinken", "Mr Zinni") to people named in full
    /// earlier in the document.
    #[arg(long)]
    pub no_coreference: bool,
}

impl RuleArgs {
    /// The library's resolve options.
    pub fn options(&self) -> actorgraph::ResolveOptions {
        actorgraph::ResolveOptions {
            title_patterns: !self.no_title_patterns,
            coreference: !self.no_coreference,
        }
    }
}
