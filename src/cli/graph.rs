//! `actorgraph graph`: the co-mention graph, in the analysts' formats.

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use actorgraph::graph::{BuildOptions, GraphBuilder, Window};
use actorgraph::partial::PartialGraph;
use actorgraph::Extractor;

use super::finish::{self, formats_help, OutputArgs};
use super::pipeline;
use super::{CliError, GazetteerArgs, InputArgs, RuleArgs, Status};

pub const LONG_ABOUT: &str = concat!(
    "\
Build the co-mention graph: one node per actor, one edge per pair of actors that share a
window (sentence, paragraph or document).

An edge's weight is the number of windows in which both actors appear (not a product of
mention counts). Every edge also carries the counts of all three tiers (sentences,
paragraphs, documents), its first and last date when documents are dated, and up to
--evidence sentences that show the two together, chosen as those with the smallest
(document id, sentence index), so the choice never depends on input order or threads.
A person whose role is held for a country or organisation is linked to it by an edge of
kind \"affiliation\" (--no-affiliations to leave them out).

",
    formats_help!(),
    "

EXAMPLES
    actorgraph graph seeds/ -o seeds.json -o seeds.dot
    actorgraph graph news.jsonl -o news.gexf -o news.graphology.json -o tables/
    actorgraph graph corpus.jsonl --window paragraph --score npmi --top 200 -o top.json
    actorgraph graph archive/ --types country,group --min-weight 3 --drop-isolates --format dot
    actorgraph graph part-07.jsonl -o part-07.partial.json     then: actorgraph merge --help"
);

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

    /// Evidence sentences kept per edge (0: none).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub evidence: usize,

    #[command(flatten)]
    pub output: OutputArgs,

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

pub fn run(args: GraphArgs) -> Result<Status, CliError> {
    let targets = args.output.targets()?;
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
    // The previous batch's builder, merged into `builder` while the workers count the
    // next batch: merging is the one serial step, and overlapping it keeps every thread
    // busy. Batches still merge in input order, and merging is exact in any order.
    let mut pending: Option<GraphBuilder> = None;
    let stats = pipeline::run(&args.input, |batch| {
        let previous = pending.take();
        let (part, mentions) = pool.install(|| {
            let (_, counted) = rayon::join(
                || {
                    if let Some(previous) = previous {
                        builder.merge(previous);
                    }
                },
                || count_batch(batch, &extractor, options, pool.current_num_threads()),
            );
            counted
        });
        pending = Some(part);
        Ok(mentions)
    })?;
    if let Some(last) = pending {
        builder.merge(last);
    }
    let inputs =
        if args.input.inputs.is_empty() { vec!["-".into()] } else { args.input.inputs.clone() };
    let partial = PartialGraph::new(builder, inputs, sources);
    let (actors, edges) = finish::write(&partial, &args.output, targets)?;
    if !args.input.quiet {
        eprintln!("{}", pipeline::summary(&stats, &format!(", {actors} actors, {edges} edges")));
    }
    if stats.skipped > 0 {
        eprintln!("actorgraph: {} input(s) skipped", stats.skipped);
        return Ok(Status::Partial);
    }
    Ok(Status::Success)
}

/// Counts one batch: each worker accumulates its share into its own builder, and the
/// builders merge exactly, so the result does not depend on how the batch was split.
/// Returns the batch's builder and its number of mentions.
fn count_batch(
    batch: &[actorgraph::Document],
    extractor: &Extractor,
    options: BuildOptions,
    threads: usize,
) -> (GraphBuilder, u64) {
    let gazetteer = extractor.gazetteer();
    // A few pieces per worker: enough to balance uneven documents between threads, few
    // enough that merging the pieces' builders costs little.
    let piece = batch.len().div_ceil(4 * threads).max(8);
    batch
        .par_iter()
        .with_min_len(piece)
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
}
