//! How `graph` and `merge` end, shared so the two cannot drift apart: the output and
//! filter flags, choosing each output's format, scoring and filtering the counts once,
//! and writing every output atomically.
//!
//! Both commands hand over a [`PartialGraph`] (counts plus provenance); a partial output
//! is those counts as they are, every other format is the finished graph. That one path
//! is what makes `merge` of partials byte-identical to `graph` over the same documents.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use actorgraph::export::gexf::GexfOptions;
use actorgraph::export::{self, csv, Format};
use actorgraph::graph::{FinishOptions, Score};
use actorgraph::partial::PartialGraph;

use super::output::Output;
use super::CliError;

/// The FORMATS section of `graph --help` and `merge --help`.
macro_rules! formats_help {
    () => {
        "\
FORMATS (by each -o name, or --format for all of them)
    json        networkx node-link JSON (.json, but not the JSON names below):
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
    partial     a partial graph (.partial.json): the raw counts, for `actorgraph merge`.
                One JSON line, versioned; scores and filters are not applied to it (they
                are applied by the merge). The format is documented in the README

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
    dice     2 f(a,b) / (f(a) + f(b))"
    };
}
pub(crate) use formats_help;

/// Where the graph goes and how it is scored and filtered: the flags `graph` and `merge`
/// share.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Association score added to each co-mention edge (see SCORES).
    #[arg(long, value_enum, default_value_t = ScoreArg::Count)]
    pub score: ScoreArg,

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
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
    Partial,
}

/// What one output holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// The finished graph in an export format.
    Graph(Format),
    /// The counts, for `merge`.
    Partial,
}

impl FormatArg {
    fn kind(self) -> Kind {
        Kind::Graph(match self {
            FormatArg::Json => Format::Json,
            FormatArg::Dot => Format::Dot,
            FormatArg::Gexf => Format::Gexf,
            FormatArg::Graphml => Format::Graphml,
            FormatArg::Cytoscape => Format::Cytoscape,
            FormatArg::Graphology => Format::Graphology,
            FormatArg::Csv => Format::Csv,
            FormatArg::Partial => return Kind::Partial,
        })
    }
}

/// The file-name ending that marks a partial graph; looked at before `.json`.
pub const PARTIAL_SUFFIX: &str = ".partial.json";

/// Every output, with its format, decided before any work so that a typo fails fast.
pub struct Targets(Vec<(Option<PathBuf>, Kind)>);

impl Targets {
    /// Whether every output is a partial graph (scores and filters then do nothing).
    fn all_partial(&self) -> bool {
        self.0.iter().all(|(_, k)| *k == Kind::Partial)
    }
}

/// The format of output `path`: --format if given, else what its name says; an existing
/// folder means CSV.
fn output_kind(path: &Path, forced: Option<FormatArg>) -> Result<Kind, CliError> {
    if let Some(f) = forced {
        return Ok(f.kind());
    }
    if path.is_dir() {
        return Ok(Kind::Graph(Format::Csv));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase());
    if name.is_some_and(|n| n.ends_with(PARTIAL_SUFFIX)) {
        return Ok(Kind::Partial);
    }
    if let Some(f) = Format::from_path(path) {
        return Ok(Kind::Graph(f));
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
             .cyjs, .graphology.json, .partial.json or a FOLDER/ for CSV, or give --format",
            path.display()
        )
    }))
}

impl OutputArgs {
    /// Decides every output's format; stdout (JSON unless --format) when there is no -o.
    pub fn targets(&self) -> Result<Targets, CliError> {
        let mut targets = vec![];
        if self.output.is_empty() {
            targets.push((None, self.format.map_or(Kind::Graph(Format::Json), FormatArg::kind)));
        }
        for path in &self.output {
            targets.push((Some(path.clone()), output_kind(path, self.format)?));
        }
        for (path, kind) in &targets {
            let to_stdout = path.as_deref().is_none_or(|p| p == Path::new("-"));
            if *kind == Kind::Graph(Format::Csv) && to_stdout {
                return Err(CliError::Message(
                    "CSV is written as two files, nodes.csv and edges.csv: give a folder with -o FOLDER/"
                        .into(),
                ));
            }
        }
        let targets = Targets(targets);
        if targets.all_partial() {
            if let Some(flag) = self.finishing_flag() {
                eprintln!(
                    "actorgraph: warning: {flag} does not change a partial graph: scores and \
                     filters are applied when `actorgraph merge` writes the graph"
                );
            }
        }
        Ok(targets)
    }

    /// The first score or filter flag given, if any.
    fn finishing_flag(&self) -> Option<&'static str> {
        [
            (self.score != ScoreArg::Count, "--score"),
            (self.min_weight > 1, "--min-weight"),
            (self.min_documents > 1, "--min-documents"),
            (!self.types.is_empty(), "--types"),
            (self.top.is_some(), "--top"),
            (self.drop_isolates, "--drop-isolates"),
            (self.no_affiliations, "--no-affiliations"),
            (self.no_viz, "--no-viz"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }

    /// The library's finishing options.
    pub fn finish_options(&self) -> FinishOptions {
        FinishOptions {
            score: match self.score {
                ScoreArg::Count => Score::Count,
                ScoreArg::Pmi => Score::Pmi,
                ScoreArg::Npmi => Score::Npmi,
                ScoreArg::Jaccard => Score::Jaccard,
                ScoreArg::Dice => Score::Dice,
            },
            min_weight: self.min_weight,
            min_documents: self.min_documents,
            types: self.types.clone(),
            top: self.top,
            drop_isolates: self.drop_isolates,
            affiliations: !self.no_affiliations,
        }
    }
}

/// Finishes `partial` (scores and filters, once) and writes every target. Each output is
/// written to its temporary file first; they are renamed into place only when all are done.
/// Returns the number of actors and edges of the finished graph (of the partial, when only
/// partials are written), for the summary line.
pub fn write(
    partial: &PartialGraph,
    args: &OutputArgs,
    targets: Targets,
) -> Result<(usize, usize), CliError> {
    let needs_graph = !targets.all_partial();
    let graph = needs_graph.then(|| partial.finish(&args.finish_options()));
    let gexf = GexfOptions { viz: !args.no_viz };
    let mut outputs = vec![];
    for (path, kind) in targets.0 {
        let graph = match (kind, &graph) {
            (Kind::Graph(format), Some(graph)) => (format, graph),
            // Graph formats always have a finished graph (`needs_graph`).
            (Kind::Graph(_), None) => continue,
            (Kind::Partial, _) => {
                let mut out = Output::create(path.as_deref())?;
                let name = out.name();
                partial.write(&mut out).map_err(|e| CliError::Io(format!("writing {name}"), e))?;
                outputs.push(out);
                continue;
            }
        };
        let (format, graph) = graph;
        if format == Format::Csv {
            let Some(dir) = path else { continue };
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError::Io(format!("cannot create folder {}", dir.display()), e))?;
            for nodes in [true, false] {
                let file = if nodes { csv::NODES_FILE } else { csv::EDGES_FILE };
                let mut out = Output::create(Some(&dir.join(file)))?;
                let name = out.name();
                let result = if nodes {
                    csv::write_nodes(graph, &mut out)
                } else {
                    csv::write_edges(graph, &mut out)
                };
                result.map_err(|e| CliError::Io(format!("writing {name}"), e))?;
                outputs.push(out);
            }
            continue;
        }
        let mut out = Output::create(path.as_deref())?;
        let name = out.name();
        let result = match format {
            Format::Json => export::json::write(graph, &mut out),
            Format::Dot => export::dot::write(graph, &mut out),
            Format::Gexf => export::gexf::write_with(graph, &gexf, &mut out),
            Format::Graphml => export::graphml::write(graph, &mut out),
            Format::Cytoscape => export::cytoscape::write(graph, &mut out),
            Format::Graphology => export::graphology::write(graph, &mut out),
            Format::Csv => Ok(()),
        };
        result.map_err(|e| CliError::Io(format!("writing {name}"), e))?;
        outputs.push(out);
    }
    for out in outputs {
        out.finish()?;
    }
    Ok(match &graph {
        Some(g) => (g.node_count(), g.edge_count()),
        None => (partial.builder.actors(), partial.builder.pairs()),
    })
}
