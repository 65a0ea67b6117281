//! `actorgraph extract`: one JSON line per mention.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use actorgraph::ActorId;

use actorgraph::Extractor;

use super::output::Output;
use super::pipeline;
use super::{CliError, GazetteerArgs, InputArgs, RuleArgs, Status};

pub const LONG_ABOUT: &str = "\
Print every actor mention as a JSON line.

Each line is one mention, in document order:

  {\"doc\":\"seeds/004.txt\",\"actor\":\"antony-blinken\",\"label\":\"Antony Blinken\",
   \"type\":\"person\",\"start\":512,\"end\":526,\"text\":\"Antony Blinken\",\"sentence\":4,
   \"paragraph\":2,\"source\":\"gazetteer\",\"role\":\"Secretary of State\",\"affiliation\":\"USA\"}

start and end are byte offsets into the document text as read (the file's contents, or
the JSON Lines text field): text[start..end] is the surface form. sentence and paragraph
are 0-based. source is gazetteer, pattern (a title pattern found the person) or
coreference (a later surname of a person named in full). rule names the rule that decided
an ambiguous or metonymic alias; iso3, role and affiliation appear when known.

EXAMPLES
    actorgraph extract seeds/
    actorgraph extract corpus.jsonl --date-field published -o mentions.jsonl
    cat article.txt | actorgraph extract";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub gazetteer: GazetteerArgs,

    #[command(flatten)]
    pub rules: RuleArgs,

    /// Write to FILE instead of stdout. The file is replaced only when the run succeeds.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Worker threads (0: one per core). Output is the same whatever the number.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,
}

pub fn run(args: ExtractArgs) -> Result<Status, CliError> {
    let gazetteer = args.gazetteer.build()?;
    let extractor = Extractor::new(gazetteer)
        .map_err(|e| CliError::Message(e.to_string()))?
        .with_options(args.rules.options());
    let pool = pipeline::thread_pool(args.threads)?;
    let mut out = Output::create(args.output.as_deref())?;
    let name = out.name();
    let mut actors: BTreeSet<ActorId> = BTreeSet::new();
    let stats = pipeline::run(&args.input, |batch| {
        // Extract and serialise in parallel; write in input order.
        let results: Vec<(Vec<u8>, u64, Vec<ActorId>)> = pool.install(|| {
            batch
                .par_iter()
                .map(|doc| {
                    let extraction = extractor.extract(doc);
                    let mut bytes = Vec::with_capacity(extraction.mentions.len() * 256);
                    for m in &extraction.mentions {
                        // Writing to a Vec cannot fail.
                        let _ = actorgraph::output::write_mention(&mut bytes, doc, m);
                    }
                    let ids = extraction.mentions.iter().map(|m| m.actor.id.clone()).collect();
                    (bytes, extraction.mentions.len() as u64, ids)
                })
                .collect()
        });
        let mut mentions = 0;
        for (bytes, n, ids) in results {
            out.write_all(&bytes).map_err(|e| CliError::Io(format!("writing {name}"), e))?;
            mentions += n;
            actors.extend(ids);
        }
        Ok(mentions)
    })?;
    out.finish()?;
    if !args.input.quiet {
        eprintln!("{}", pipeline::summary(&stats, &format!(", {} actors", actors.len())));
    }
    if stats.skipped > 0 {
        eprintln!("actorgraph: {} input(s) skipped", stats.skipped);
        return Ok(Status::Partial);
    }
    Ok(Status::Success)
}
