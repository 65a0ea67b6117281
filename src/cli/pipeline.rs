//! The corpus loop shared by `extract`, `graph`: a reader thread streams documents in
//! bounded batches, the caller processes each batch (in parallel), a progress bar follows.
//!
//! Memory is bounded by the batches in flight (two batches of at most `--batch-docs`
//! documents or [`BATCH_BYTES`] bytes, plus the one being processed), never by the corpus.
//! Output never depends on the number of threads: batches are handed over in input order,
//! and every consumer either writes in that order or accumulates order-independently.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use actorgraph::input::{expand_inputs, DocumentReader, InputError, InputSource};
use actorgraph::Document;

use super::{CliError, InputArgs};

/// Bytes per batch (documents per batch is `--batch-docs`, 256 by default): enough to
/// keep every thread busy, small enough that memory stays bounded whatever the corpus.
pub const BATCH_BYTES: usize = 8 << 20;

/// What a run read and found.
#[derive(Clone, Debug, Default)]
pub struct RunStats {
    pub documents: u64,
    pub bytes: u64,
    pub mentions: u64,
    pub skipped: u64,
    pub started: Option<Instant>,
}

impl RunStats {
    /// Seconds since the run started.
    pub fn seconds(&self) -> f64 {
        self.started.map_or(0.0, |s| s.elapsed().as_secs_f64())
    }
}

/// Builds the thread pool for `--threads` (0: all cores).
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, CliError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| CliError::Message(format!("cannot start worker threads: {e}")))
}

/// What the reader thread sends.
enum Message {
    Batch(Vec<Document>),
    Warning(String),
    Skipped(InputError),
    Fatal(InputError),
}

/// Reads every input and calls `process` on each batch of documents, in input order.
/// `process` returns the number of mentions it found, for the summary.
pub fn run<F>(input: &InputArgs, mut process: F) -> Result<RunStats, CliError>
where
    F: FnMut(&[Document]) -> Result<u64, CliError>,
{
    let mut stats = RunStats { started: Some(Instant::now()), ..RunStats::default() };
    let mut warnings = vec![];
    let inputs = if input.inputs.is_empty() { vec!["-".to_string()] } else { input.inputs.clone() };
    let sources =
        expand_inputs(&inputs, &mut warnings).map_err(|e| CliError::Message(e.to_string()))?;
    let bar = progress_bar(&sources, input.quiet);
    for w in warnings.drain(..) {
        warn(&bar, &format!("warning: {w}"));
    }
    let read = Arc::new(AtomicU64::new(0));
    let (tx, rx) = mpsc::sync_channel::<Message>(2);
    let options = input.options();
    let keep_going = input.keep_going;
    let batch_docs = input.batch_docs.max(1);
    let counter = read.clone();
    // The reader runs ahead of the workers by at most two batches.
    let reader = std::thread::spawn(move || {
        let mut batch: Vec<Document> = Vec::with_capacity(batch_docs);
        let mut batch_bytes = 0usize;
        for source in sources {
            let mut reader =
                DocumentReader::new(source, options.clone()).with_counter(counter.clone());
            while let Some(doc) = reader.next() {
                for w in reader.take_warnings() {
                    if tx.send(Message::Warning(w)).is_err() {
                        return;
                    }
                }
                match doc {
                    Ok(doc) => {
                        batch_bytes += doc.text.len();
                        batch.push(doc);
                        if batch.len() >= batch_docs || batch_bytes >= BATCH_BYTES {
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(batch_docs));
                            batch_bytes = 0;
                            if tx.send(Message::Batch(full)).is_err() {
                                return;
                            }
                        }
                    }
                    Err(e) if keep_going => {
                        if tx.send(Message::Skipped(e)).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Message::Fatal(e));
                        return;
                    }
                }
            }
            for w in reader.take_warnings() {
                if tx.send(Message::Warning(w)).is_err() {
                    return;
                }
            }
        }
        if !batch.is_empty() {
            let _ = tx.send(Message::Batch(batch));
        }
    });
    for message in rx {
        match message {
            Message::Batch(batch) => {
                stats.mentions += process(&batch)?;
                stats.documents += batch.len() as u64;
                stats.bytes += batch.iter().map(|d| d.text.len() as u64).sum::<u64>();
                if let Some(bar) = &bar {
                    bar.set_position(read.load(Ordering::Relaxed));
                    bar.set_message(format!(
                        "{} documents, {} mentions",
                        stats.documents, stats.mentions
                    ));
                }
            }
            Message::Warning(w) => warn(&bar, &format!("warning: {w}")),
            Message::Skipped(e) => {
                stats.skipped += 1;
                warn(&bar, &format!("skipped: {e}"));
            }
            Message::Fatal(e) => {
                if let Some(bar) = &bar {
                    bar.finish_and_clear();
                }
                return Err(CliError::Message(format!(
                    "{e}\n(no output was written; use --keep-going to skip bad inputs and continue)"
                )));
            }
        }
    }
    // The channel closed: the reader is done (or panicked, which would be a bug).
    if reader.join().is_err() {
        return Err(CliError::Message("internal error: the input reader stopped".into()));
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    Ok(stats)
}

/// A progress bar on stderr, only when stderr is a terminal and not `--quiet`: bytes
/// read against the total size of the input files when it is known (not for stdin).
fn progress_bar(sources: &[InputSource], quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let total: Option<u64> = sources
        .iter()
        .map(|s| s.path().and_then(|p| std::fs::metadata(p).ok()).map(|m| m.len()))
        .sum();
    let bar = match total {
        Some(total) => {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        }
        None => {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bytes} {bytes_per_sec} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        }
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

/// Prints a warning above the progress bar, or plainly when there is none.
fn warn(bar: &Option<ProgressBar>, message: &str) {
    match bar {
        Some(bar) => bar.suspend(|| eprintln!("actorgraph: {message}")),
        None => eprintln!("actorgraph: {message}"),
    }
}

/// The one summary line printed at the end of a run, unless `--quiet`.
pub fn summary(stats: &RunStats, tail: &str) -> String {
    format!(
        "actorgraph: {} documents, {:.1} MB, {} mentions{tail}, {:.2} s",
        stats.documents,
        stats.bytes as f64 / 1e6,
        stats.mentions,
        stats.seconds()
    )
}
