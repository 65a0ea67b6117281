//! `actorgraph merge`: partial graphs of parts of a corpus in, the graph of the whole out.

use std::io::Read;

use clap::Args;
use rustc_hash::FxHashMap;

use actorgraph::partial::{self, Mismatch, PartialGraph};
use actorgraph::ActorId;

use super::finish::{self, formats_help, OutputArgs};
use super::{CliError, Status};

pub const LONG_ABOUT: &str = concat!(
    "\
Merge partial graphs into one graph, exactly: the result is byte for byte the graph that
one `actorgraph graph` run over all their documents would write, with the same flags.

Split a corpus any way you like, count each part anywhere (another process, machine or
Spark executor) with `actorgraph graph PART --format partial`, then merge. A partial
graph holds raw counts: pair counts per sentence, paragraph and document, each actor's
unit frequencies, N, dates, the candidate evidence sentences. Counts add up, so merging
is associative and commutative: partials can be merged in any order and grouping, and
merged partials (--format partial) merged again, as a tree reduce does. Scores (--score),
the evidence choice and filters (--top, --min-weight …) need the whole corpus, so they
are applied once, here, after the last merge; they do not change a partial output.

RULES
    All partials must come from the same actorgraph version, with the same --window and
    --evidence and the same gazetteers (the same --gazetteer files, given by the same
    names, and --no-default-gazetteers or not); otherwise the merge stops with exit 2
    and names the files. Every document must be in exactly one part: a document counted
    twice counts twice. Give documents ids (the JSON Lines `id` field): records without
    one are named `path:line`, and a line number within a part is not the line in the
    whole corpus.

METADATA
    inputs       the union of the partials' inputs, sorted, without duplicates (`-` for
                 parts read from stdin). A single `graph` run lists its inputs in the
                 order given, so it matches a merge when they are given in sorted order,
                 or read from stdin (`-`), as the Spark example does
    gazetteers   the partials' gazetteer sources (the same in all of them)
    documents, units (N)
                 the sums

INPUT
    PARTIAL is a file written by --format partial, or `-` for stdin (the default). A file
    may hold several partials one after another (each is one JSON line), so
    `cat parts/*.partial.json | actorgraph merge` works. An empty file is an error: a part
    with no documents still has a partial.

",
    formats_help!(),
    "

EXAMPLES
    actorgraph graph part-1.jsonl -o part-1.partial.json
    actorgraph graph part-2.jsonl -o part-2.partial.json
    actorgraph merge part-1.partial.json part-2.partial.json -o all.json -o all.gexf
    actorgraph merge part-*.partial.json -o all.partial.json      a merge of merges later
    cat parts/*.partial.json | actorgraph merge --score npmi --top 100 -o top.json
    A Spark job that does this on a cluster: examples/spark/ in the source repository."
);

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial graph files (`graph --format partial`), or `-` for stdin (the default).
    ///
    /// A file may hold several partial graphs, one per line.
    #[arg(value_name = "PARTIAL")]
    pub partials: Vec<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: MergeArgs) -> Result<Status, CliError> {
    let targets = args.output.targets()?;
    let names = if args.partials.is_empty() { vec!["-".to_string()] } else { args.partials };
    if names.iter().filter(|n| *n == "-").count() > 1 {
        return Err(CliError::Message("stdin (-) can be given only once".into()));
    }
    let this_tool = partial::tool();
    // The merged counts, the name of the first partial (whose settings all must share),
    // and which partial first defined each gazetteer actor, to name both in a conflict.
    let mut merged: Option<(PartialGraph, String)> = None;
    let mut defined_in: FxHashMap<ActorId, String> = FxHashMap::default();
    for name in &names {
        let (shown, bytes) = read(name)?;
        let parts = PartialGraph::read_all(&shown, &bytes).map_err(|e| e.to_string())?;
        let count = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            let label =
                if count == 1 { shown.clone() } else { format!("{shown} (partial {})", i + 1) };
            if part.tool != this_tool {
                return Err(CliError::Message(format!(
                    "{label} was made by {}, and this is {this_tool}: merge partials with the \
                     version that made them (counting changes between versions)",
                    part.tool
                )));
            }
            for id in part.gazetteer_actors() {
                defined_in.entry(id.clone()).or_insert_with(|| label.clone());
            }
            match &mut merged {
                None => merged = Some((part, label)),
                Some((acc, first)) => acc.merge(part).map_err(|m| {
                    let other = match &m {
                        Mismatch::Actor(id) => defined_in.get(id).unwrap_or(&*first),
                        _ => &*first,
                    };
                    CliError::Message(format!("{other} and {label} cannot be merged: {m}"))
                })?,
            }
        }
    }
    let Some((mut merged, _)) = merged else {
        return Err(CliError::Message("no partial graph given".into()));
    };
    // The rule for any number of partials, one included.
    merged.inputs.sort();
    merged.inputs.dedup();
    finish::write(&merged, &args.output, targets)?;
    Ok(Status::Success)
}

/// The bytes of a partial graph file, or of stdin for `-`, with the name errors use.
fn read(name: &str) -> Result<(String, Vec<u8>), CliError> {
    if name == "-" {
        let mut bytes = vec![];
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::Io("cannot read <stdin>".into(), e))?;
        return Ok(("<stdin>".into(), bytes));
    }
    let bytes = std::fs::read(name).map_err(|e| CliError::Io(format!("cannot read {name}"), e))?;
    Ok((name.to_string(), bytes))
}
