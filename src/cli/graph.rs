//! `actorgraph graph`: the co-mention graph, in the analysts' formats.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use actorgraph::export::gexf::GexfOptions;
use actorgraph::export::{self, csv, Format};
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

FORMATS (by each -o name, or --format for all of them)
    json        networkx node-link JSON (.json, but not the two JSON names below):
                networkx.node_link_graph(json.load(f), edges=\"edges\")
    dot         Graphviz (.dot, .gv): dot -Tsvg graph.dot -o graph.svg
    gexf        GEXF 1.3 (.gexf): Gephi, File > Open. Colours by actor type, sizes by
                mentions, positions from a force layout. When documents are dated, a
                dynamic graph: each actor and edge lives from its first to its last date
                (dates known to the month or year widen to the whole month or year), so
                Gephi's timeline plays the story. --no-viz leaves out colours, sizes and
                positions (the official GEXF XSD rejects them; Gephi does not need them)
    graphml     GraphML (.graphml): Gephi, File > Open; Cytoscape, File > Import >
                Network from File; yEd; networkx.read_graphml; igraph
    cytoscape   Cytoscape.js JSON (.cyjs or .cytoscape.json): Cytoscape, File > Import >
                Network from File; in a page, cytoscape({container, elements:
                data.elements, layout: {name: \"preset\"}}) keeps the positions
    graphology  graphology JSON for sigma.js (.graphology.json): Graph.from(data), then
                new Sigma(graph, container); nodes have x, y, size and color (the actor
                type is `actor_type`, since sigma.js reserves `type`)
    csv         two tables, FOLDER/nodes.csv and FOLDER/edges.csv: Gephi, File > Import
                spreadsheet (nodes, then edges); Kumu; spreadsheets. Give a folder:
                -o FOLDER/ (ending in /), an existing folder, or --format csv -o FOLDER;
                the folder is created if needed

Every format is written from the same graph, with the same ids, names and counts.
Edge ids are SOURCE:TARGET. Text that XML cannot hold at all (control characters
other than tab and line breaks) is written as U+FFFD in GEXF and GraphML. Gephi drops
edges of weight 0, so in GEXF, GraphML and CSV an affiliation edge (never co-mentioned)
has weight 1; its kind says what it is.

SCORES (--score, per unit of the window; N and each node's frequency are in the output)
    count    f(a,b)
    pmi      ln(f(a,b) N / (f(a) f(b)))
    npmi     pmi / -ln(f(a,b) / N)
    jaccard  f(a,b) / (f(a) + f(b) - f(a,b))
    dice     2 f(a,b) / (f(a) + f(b))

EXAMPLES
    actorgraph graph seeds/ -o seeds.json -o seeds.dot
    actorgraph graph news.jsonl -o news.gexf -o news.graphology.json -o tables/
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

    /// Output format (see FORMATS); by default taken from each -o name, JSON on stdout.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<FormatArg>,

    /// Write to FILE, or to FOLDER/ for CSV (repeatable: `-o g.json -o g.gexf` writes
    /// both). Files are replaced only when the run succeeds.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// GEXF: leave out viz: colours, sizes and positions, for tools that validate against
    /// the official GEXF 1.3 XSD (which rejects them).
    #[arg(long)]
    pub no_viz: bool,

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
    Gexf,
    Graphml,
    Cytoscape,
    Graphology,
    Csv,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Json => Format::Json,
            FormatArg::Dot => Format::Dot,
            FormatArg::Gexf => Format::Gexf,
            FormatArg::Graphml => Format::Graphml,
            FormatArg::Cytoscape => Format::Cytoscape,
            FormatArg::Graphology => Format::Graphology,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// The format of output `path`: --format if given, else what its name says; an existing
/// folder means CSV.
fn output_format(path: &Path, forced: Option<FormatArg>) -> Result<Format, CliError> {
    if let Some(f) = forced {
        return Ok(f.format());
    }
    if path.is_dir() {
        return Ok(Format::Csv);
    }
    if let Some(f) = Format::from_path(path) {
        return Ok(f);
    }
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    Err(CliError::Message(if is_csv {
        format!(
            "CSV is written as two files, nodes.csv and edges.csv, in a folder: give -o {}/ \
             (or --format csv -o FOLDER)",
            path.with_extension("").display()
        )
    } else {
        format!(
            "cannot tell the format of {} from its name: use .json, .dot, .gexf, .graphml, \
             .cyjs, .graphology.json or a FOLDER/ for CSV, or give --format",
            path.display()
        )
    }))
}

pub fn run(args: GraphArgs) -> Result<Status, CliError> {
    // Decide every output's format before any work, so a typo fails fast.
    let mut targets: Vec<(Option<PathBuf>, Format)> = vec![];
    if args.output.is_empty() {
        targets.push((None, args.format.map_or(Format::Json, FormatArg::format)));
    }
    for path in &args.output {
        targets.push((Some(path.clone()), output_format(path, args.format)?));
    }
    for (path, format) in &targets {
        let to_stdout = path.as_deref().is_none_or(|p| p == Path::new("-"));
        if *format == Format::Csv && to_stdout {
            return Err(CliError::Message(
                "CSV is written as two files, nodes.csv and edges.csv: give a folder with -o FOLDER/"
                    .into(),
            ));
        }
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
    let options = BuildOptions { window, evidence: args.evidence };
    let mut builder = GraphBuilder::new(options);
    let gazetteer = extractor.gazetteer();
    let stats = pipeline::run(&args.input, |batch| {
        // Each worker accumulates its share into its own builder; builders merge exactly,
        // so the result does not depend on how the batch was split between threads.
        let (part, mentions) = pool.install(|| {
            batch
                .par_iter()
                .with_min_len(16)
                .fold(
                    || (GraphBuilder::new(options), 0u64),
                    |(mut b, n), doc| {
                        let extraction = extractor.extract(doc);
                        b.add(doc, &extraction, gazetteer);
                        (b, n + extraction.mentions.len() as u64)
                    },
                )
                .reduce(
                    || (GraphBuilder::new(options), 0u64),
                    |(mut a, n), (b, m)| {
                        a.merge(b);
                        (a, n + m)
                    },
                )
        });
        builder.merge(part);
        Ok(mentions)
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
    let gexf = GexfOptions { viz: !args.no_viz };
    for (path, format) in targets {
        if format == Format::Csv {
            let Some(dir) = path else { continue };
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError::Io(format!("cannot create folder {}", dir.display()), e))?;
            for nodes in [true, false] {
                let file = if nodes { csv::NODES_FILE } else { csv::EDGES_FILE };
                let mut out = Output::create(Some(&dir.join(file)))?;
                let name = out.name();
                let result = if nodes {
                    csv::write_nodes(&graph, &mut out)
                } else {
                    csv::write_edges(&graph, &mut out)
                };
                result.map_err(|e| CliError::Io(format!("writing {name}"), e))?;
                outputs.push(out);
            }
            continue;
        }
        let mut out = Output::create(path.as_deref())?;
        let name = out.name();
        let result = match format {
            Format::Json => export::json::write(&graph, &mut out),
            Format::Dot => export::dot::write(&graph, &mut out),
            Format::Gexf => export::gexf::write_with(&graph, &gexf, &mut out),
            Format::Graphml => export::graphml::write(&graph, &mut out),
            Format::Cytoscape => export::cytoscape::write(&graph, &mut out),
            Format::Graphology => export::graphology::write(&graph, &mut out),
            Format::Csv => Ok(()),
        };
        result.map_err(|e| CliError::Io(format!("writing {name}"), e))?;
        outputs.push(out);
    }
    for out in outputs {
        out.finish()?;
    }
    if !args.input.quiet {
        let tail = format!(", {} actors, {} edges", graph.node_count(), graph.edge_count());
        eprintln!("{}", pipeline::summary(&stats, &tail));
    }
    if stats.skipped > 0 {
        eprintln!("actorgraph: {} input(s) skipped", stats.skipped);
        return Ok(Status::Partial);
    }
    Ok(Status::Success)
}
