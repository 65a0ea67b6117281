//! The corpus loop shared by `extract` and `graph`: read documents in batches, extract
//! them in parallel, hand the results to a sink in input order.
//!
//! Output never depends on the number of threads: batches are extracted in parallel but
//! consumed in the order they were read, and every sink is order-independent or writes
//! in that order.

use rayon::prelude::*;

use actorgraph::input::{expand_inputs, DocumentReader};
use actorgraph::{Document, Extraction, Extractor};

use super::{CliError, InputArgs};

/// Documents per batch, and bytes per batch: enough to keep every thread busy, small
/// enough that memory stays bounded whatever the corpus size.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 8 << 20;

/// What a run read.
#[derive(Clone, Debug, Default)]
pub struct RunStats {
    pub documents: u64,
    pub bytes: u64,
    pub mentions: u64,
    pub skipped: u64,
}

/// Builds the thread pool for `--threads` (0: all cores).
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, CliError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| CliError::Message(format!("cannot start worker threads: {e}")))
}

/// Reads every input, extracts every document, and calls `sink` on each in input order.
pub fn run<F>(
    input: &InputArgs,
    extractor: &Extractor,
    pool: &rayon::ThreadPool,
    mut sink: F,
) -> Result<RunStats, CliError>
where
    F: FnMut(&Document, &Extraction) -> Result<(), CliError>,
{
    let mut warnings = vec![];
    let inputs = if input.inputs.is_empty() { vec!["-".to_string()] } else { input.inputs.clone() };
    let sources =
        expand_inputs(&inputs, &mut warnings).map_err(|e| CliError::Message(e.to_string()))?;
    for w in warnings.drain(..) {
        eprintln!("actorgraph: warning: {w}");
    }
    let options = input.options();
    let mut stats = RunStats::default();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH_DOCS);
    let mut batch_bytes = 0usize;
    let mut flush = |batch: &mut Vec<Document>, stats: &mut RunStats| -> Result<(), CliError> {
        let results: Vec<Extraction> =
            pool.install(|| batch.par_iter().map(|d| extractor.extract(d)).collect());
        for (doc, extraction) in batch.iter().zip(&results) {
            stats.documents += 1;
            stats.bytes += doc.text.len() as u64;
            stats.mentions += extraction.mentions.len() as u64;
            sink(doc, extraction)?;
        }
        batch.clear();
        Ok(())
    };
    for source in sources {
        let mut reader = DocumentReader::new(source, options.clone());
        while let Some(doc) = reader.next() {
            for w in reader.take_warnings() {
                eprintln!("actorgraph: warning: {w}");
            }
            match doc {
                Ok(doc) => {
                    batch_bytes += doc.text.len();
                    batch.push(doc);
                    if batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
                        flush(&mut batch, &mut stats)?;
                        batch_bytes = 0;
                    }
                }
                Err(e) if input.keep_going => {
                    eprintln!("actorgraph: skipped: {e}");
                    stats.skipped += 1;
                }
                Err(e) => {
                    return Err(CliError::Message(format!(
                        "{e}\n(no output was written; use --keep-going to skip bad records and continue)"
                    )))
                }
            }
        }
        for w in reader.take_warnings() {
            eprintln!("actorgraph: warning: {w}");
        }
    }
    flush(&mut batch, &mut stats)?;
    Ok(stats)
}
