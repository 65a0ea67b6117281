//! `actorgraph graph`: the co-mention graph, in the analysts' formats.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use actorgraph::export::Format;
use actorgraph::graph::{BuildOptions, FinishOptions, GraphBuilder, Score, Window};
use actorgraph::Extractor;

use super::output::Output;
use super::pipeline;
use super::{CliError, GazetteerArgs, InputArgs, RuleArgs, Status};

pub const LONG_ABOUT: &str = "\
Build the co-mention graph: one node per actor, one edge per pair of actors that share a
window (sentence, paragraph or document).

An edge's weight is the number of windows in which both actors appear (not a product of
mention counts). Every edge also carries the counts of all three tiers (sentences,
paragraphs, documents), its first and last date when documents are dated, and up to
--evidence sentences that show the two together, chosen as those with the smallest
(document id, sentence index), so the choice never depends on input order or threads.
A person whose role is held for a country or organisation is linked to it by an edge of
kind \"affiliation\" (--no-affiliations to leave them out).

FORMATS (by -o extension, or --format)
    json   networkx node-link JSON (.json): networkx.node_link_graph(data, edges=\"edges\")
    dot    Graphviz (.dot, .gv): dot -Tsvg graph.dot -o graph.svg

SCORES (--score, per unit of the window; N and each node's frequency are in the output)
    count    f(a,b)
    pmi      ln(f(a,b) N / (f(a) f(b)))
    npmi     pmi / -ln(f(a,b) / N)
    jaccard  f(a,b) / (f(a) + f(b) - f(a,b))
    dice     2 f(a,b) / (f(a) + f(b))

EXAMPLES
    actorgraph graph seeds/ -o seeds.json -o seeds.dot
    actorgraph graph corpus.jsonl --window paragraph --score npmi --top 200 -o top.json
    actorgraph graph archive/ --types country,group --min-weight 3 --drop-isolates --format dot";

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub gazetteer: GazetteerArgs,

    #[command(flatten)]
    pub rules: RuleArgs,

    /// The window in which two actors count as co-mentioned.
    #[arg(long, value_enum, default_value_t = WindowArg::Sentence)]
    pub window: WindowArg,

    /// Association score added to each co-mention edge (see SCORES).
    #[arg(long, value_enum, default_value_t = ScoreArg::Count)]
    pub score: ScoreArg,

    /// Evidence sentences kept per edge (0: none).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub evidence: usize,

    /// Output format; by default taken from each -o file's extension, JSON on stdout.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<FormatArg>,

    /// Write to FILE (repeatable: `-o g.json -o g.dot` writes both). Files are replaced
    /// only when the run succeeds.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// Drop co-mention edges whose weight is below N.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_weight: u64,

    /// Drop actors, and edges, seen in fewer than N documents.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_documents: u64,

    /// Keep only actors of these types, comma-separated (country,organization,group,person).
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub types: Vec<String>,

    /// Keep only the N actors with most mentions (ties broken by id).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Drop actors that have no edge left after the other filters.
    #[arg(long)]
    pub drop_isolates: bool,

    /// Leave out person → country/organisation affiliation edges.
    #[arg(long)]
    pub no_affiliations: bool,

    /// Worker threads (0: one per core). Output is the same whatever the number.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WindowArg {
    Sentence,
    Paragraph,
    Document,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScoreArg {
    Count,
    Pmi,
    Npmi,
    Jaccard,
    Dice,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Json,
    Dot,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Json => Format::Json,
            FormatArg::Dot => Format::Dot,
        }
    }
}

pub fn run(args: GraphArgs) -> Result<Status, CliError> {
    // Decide every output's format before any work, so a typo fails fast.
    let mut targets: Vec<(Option<PathBuf>, Format)> = vec![];
    if args.output.is_empty() {
        targets.push((None, args.format.map_or(Format::Json, FormatArg::format)));
    }
    for path in &args.output {
        let format = match args.format {
            Some(f) => f.format(),
            None => Format::from_path(path).ok_or_else(|| {
                CliError::Message(format!(
                    "cannot tell the format of {} from its extension: use .json or .dot, or give --format",
                    path.display()
                ))
            })?,
        };
        targets.push((Some(path.clone()), format));
    }
    let gazetteer = args.gazetteer.build()?;
    let sources = gazetteer.sources().to_vec();
    let extractor = Extractor::new(gazetteer)
        .map_err(|e| CliError::Message(e.to_string()))?
        .with_options(args.rules.options());
    let pool = pipeline::thread_pool(args.threads)?;
    let window = match args.window {
        WindowArg::Sentence => Window::Sentence,
        WindowArg::Paragraph => Window::Paragraph,
        WindowArg::Document => Window::Document,
    };
    let mut builder = GraphBuilder::new(BuildOptions { window, evidence: args.evidence });
    let stats = pipeline::run(&args.input, &extractor, &pool, |doc, extraction| {
        builder.add(doc, extraction, extractor.gazetteer());
        Ok(())
    })?;
    let finish = FinishOptions {
        score: match args.score {
            ScoreArg::Count => Score::Count,
            ScoreArg::Pmi => Score::Pmi,
            ScoreArg::Npmi => Score::Npmi,
            ScoreArg::Jaccard => Score::Jaccard,
            ScoreArg::Dice => Score::Dice,
        },
        min_weight: args.min_weight,
        min_documents: args.min_documents,
        types: args.types.clone(),
        top: args.top,
        drop_isolates: args.drop_isolates,
        affiliations: !args.no_affiliations,
    };
    let mut graph = builder.finish(&finish);
    graph.meta.inputs =
        if args.input.inputs.is_empty() { vec!["-".into()] } else { args.input.inputs.clone() };
    graph.meta.gazetteers = sources;
    // Write every output to its temporary file first; rename them only when all are done.
    let mut outputs = vec![];
    for (path, format) in targets {
        let mut out = Output::create(path.as_deref())?;
        let name = out.name();
        let result = match format {
            Format::Json => actorgraph::export::json::write(&graph, &mut out),
            Format::Dot => actorgraph::export::dot::write(&graph, &mut out),
        };
        result.map_err(|e| CliError::Io(format!("writing {name}"), e))?;
        outputs.push(out);
    }
    for out in outputs {
        out.finish()?;
    }
    if stats.skipped > 0 {
        eprintln!("actorgraph: {} input(s) skipped", stats.skipped);
        return Ok(Status::Partial);
    }
    Ok(Status::Success)
}
