//! Throughput of matching and of the whole pipeline on real news, and start-up cost.
//!
//! ```sh
//! cargo bench                          # everything
//! cargo bench -- matcher               # only the benches whose path contains "matcher"
//! ACTORGRAPH_NEWS=/path/to/news cargo bench
//! ```
//!
//! The news is read at bench time from `../shared/data/news/` beside the repository (or
//! `$ACTORGRAPH_NEWS`), never copied into it:
//!
//! * `reuters`: the `<BODY>` of every article in `reuters21578/reut2-*.sgm.gz` (SGML,
//!   decoded as latin-1; `&lt;`, `&gt;`, `&amp;` decoded, numeric references to control
//!   characters dropped): 19,043 hard-wrapped wire stories, about 16 MB;
//! * `bbc`: every article in `bbc/bbc-fulltext.tar.gz` (a gzip'd tar read with `flate2`
//!   and the small ustar reader below; UTF-8, latin-1 when not valid UTF-8): 2,225
//!   articles laid out one paragraph per line, about 5 MB.
//!
//! Each sample runs over a whole corpus, so divan's `bytes/s` column is the throughput on
//! that corpus. Without the news folder the benches print why and run nothing. Benches
//! print figures; they assert nothing. Under `cargo test` (no `--bench` argument) divan
//! runs each bench once as a smoke test, and the corpora are cut to their first
//! [`SMOKE_DOCS`] documents to keep that quick in a debug build.

use std::io::Read;
use std::path::{Path, PathBuf};

use actorgraph::graph::{BuildOptions, GraphBuilder};
use actorgraph::matcher::{Candidate, Matcher};
use actorgraph::segment::{detect_layout, Layout};
use actorgraph::text::Normalized;
use actorgraph::{Document, Extractor, GazetteerBuilder};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

/// The two corpora, in the order divan shows them.
const CORPORA: &[&str] = &["reuters", "bbc"];

/// Documents per corpus when run as a test rather than a benchmark.
const SMOKE_DOCS: usize = 100;

fn main() {
    match news_dir() {
        Some(_) => divan::main(),
        None => eprintln!(
            "benches skipped: no news at {} (set ACTORGRAPH_NEWS to the folder holding \
             reuters21578/ and bbc/)",
            default_news_dir().display()
        ),
    }
}

fn default_news_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news")
}

fn news_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ACTORGRAPH_NEWS").map_or_else(default_news_dir, PathBuf::from);
    dir.join("reuters21578").is_dir().then_some(dir)
}

// ---------------------------------------------------------------------------------------
// Reading the news

/// The documents of one corpus, read once per process.
fn corpus(name: &str) -> &'static [Document] {
    use std::sync::OnceLock;
    static REUTERS: OnceLock<Vec<Document>> = OnceLock::new();
    static BBC: OnceLock<Vec<Document>> = OnceLock::new();
    let dir = news_dir().expect("news folder checked in main");
    let cut = |mut docs: Vec<Document>| {
        if !std::env::args().any(|a| a == "--bench") {
            docs.truncate(SMOKE_DOCS);
        }
        docs
    };
    match name {
        "reuters" => REUTERS.get_or_init(|| cut(reuters(&dir.join("reuters21578")))),
        "bbc" => BBC.get_or_init(|| cut(bbc(&dir.join("bbc/bbc-fulltext.tar.gz")))),
        _ => unreachable!("unknown corpus {name}"),
    }
}

fn corpus_bytes(docs: &[Document]) -> usize {
    docs.iter().map(|d| d.text.len()).sum()
}

fn gunzip(path: &Path) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = vec![];
    flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file))
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

/// `&lt;`, `&gt;`, `&amp;`, `&quot;` decoded; numeric references (`&#3;`, control
/// characters in this corpus) dropped.
fn unescape_sgml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 8) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        match &rest[1..end] {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "quot" => out.push('"'),
            num if num.starts_with('#') => {}
            _ => {
                out.push('&');
                rest = &rest[1..];
                continue;
            }
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The non-empty `<BODY>` of every `<REUTERS>` article in `reut2-*.sgm.gz`.
fn reuters(dir: &Path) -> Vec<Document> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("reut2-") && name.ends_with(".sgm.gz")
        })
        .collect();
    files.sort();
    let mut docs = vec![];
    for path in files {
        let sgml = latin1(&gunzip(&path));
        let stem =
            path.file_name().and_then(|n| n.to_str()).unwrap_or("").trim_end_matches(".sgm.gz");
        for (n, article) in sgml.split("<REUTERS").skip(1).enumerate() {
            let Some(start) = article.find("<BODY>") else { continue };
            let body = &article[start + "<BODY>".len()..];
            let body = &body[..body.find("</BODY>").unwrap_or(body.len())];
            let text = unescape_sgml(body).trim().to_string();
            if !text.is_empty() {
                docs.push(Document::new(format!("reuters/{stem}/{n}"), text));
            }
        }
    }
    docs
}

/// Every `.txt` article (not the README) in the gzip'd tar.
fn bbc(path: &Path) -> Vec<Document> {
    let mut docs: Vec<Document> = untar(&gunzip(path))
        .into_iter()
        .filter(|(name, _)| {
            name.ends_with(".txt") && !name.to_ascii_uppercase().ends_with("README.TXT")
        })
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).unwrap_or_else(|e| latin1(e.as_bytes()));
            Document::new(name, text.trim().to_string())
        })
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    docs
}

/// The regular files of a ustar/pax archive, as (path, contents). Enough for the archives
/// `git archive` and GNU tar write: 512-byte headers, octal sizes, the ustar `prefix`
/// field, and pax `path=` records (other pax records, and global headers, are skipped).
fn untar(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    fn field(h: &[u8]) -> &[u8] {
        &h[..h.iter().position(|&b| b == 0).unwrap_or(h.len())]
    }
    fn octal(h: &[u8]) -> usize {
        let s = std::str::from_utf8(field(h)).unwrap_or("").trim();
        usize::from_str_radix(s, 8).unwrap_or(0)
    }
    let mut files = vec![];
    let mut pax_path: Option<String> = None;
    let mut pos = 0;
    while pos + 512 <= data.len() {
        let h = &data[pos..pos + 512];
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let size = octal(&h[124..136]);
        let body = &data[pos + 512..(pos + 512 + size).min(data.len())];
        pos += 512 + size.div_ceil(512) * 512;
        match h[156] {
            b'x' => {
                // Records are "LEN key=value\n".
                let text = String::from_utf8_lossy(body);
                pax_path = text
                    .lines()
                    .filter_map(|l| l.split_once(' ').map(|(_, kv)| kv))
                    .find_map(|kv| kv.strip_prefix("path=").map(str::to_string));
            }
            b'0' | 0 => {
                let name = pax_path.take().unwrap_or_else(|| {
                    let name = String::from_utf8_lossy(field(&h[..100])).into_owned();
                    let prefix = if &h[257..262] == b"ustar" { field(&h[345..500]) } else { b"" };
                    if prefix.is_empty() {
                        name
                    } else {
                        format!("{}/{name}", String::from_utf8_lossy(prefix))
                    }
                });
                files.push((name, body.to_vec()));
            }
            _ => pax_path = None,
        }
    }
    files
}

// ---------------------------------------------------------------------------------------
// Benches

/// Building the built-in extractor: parsing the gazetteers and compiling the automaton,
/// the fixed cost of every run.
#[divan::bench_group(sample_count = 20)]
mod startup {
    use super::*;

    /// Gazetteers parsed and the automaton compiled (`Extractor::builtin`).
    #[divan::bench]
    fn builtin_extractor() -> Extractor {
        Extractor::builtin().expect("built-in gazetteers")
    }

    /// Only parsing the built-in gazetteers.
    #[divan::bench]
    fn gazetteers() -> actorgraph::Gazetteer {
        GazetteerBuilder::new().build().expect("built-in gazetteers")
    }

    /// Only compiling the automaton from parsed gazetteers.
    #[divan::bench]
    fn automaton(bencher: Bencher) {
        let g = GazetteerBuilder::new().build().expect("built-in gazetteers");
        bencher.bench(|| Matcher::new(black_box(&g)).expect("automaton"));
    }
}

/// `Matcher::find_in` over the text exactly as `Extractor::extract` hands it over:
/// normalised, and with line breaks made spaces in hard-wrapped text. Normalising is done
/// before timing.
#[divan::bench(args = CORPORA, sample_count = 10, sample_size = 1)]
fn matcher(bencher: Bencher, name: &str) {
    let docs = corpus(name);
    let texts: Vec<String> = docs
        .iter()
        .map(|d| {
            let n = Normalized::new(&d.text);
            let text = n.as_str();
            if detect_layout(text) == Layout::Wrapped {
                text.replace(['\n', '\r'], " ")
            } else {
                text.to_string()
            }
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let extractor = Extractor::builtin().expect("built-in gazetteers");
    let m = extractor.matcher();
    let mut out: Vec<Candidate> = Vec::with_capacity(1024);
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        let mut n = 0;
        for t in &texts {
            out.clear();
            m.find_in(black_box(t), false, &mut out);
            n += out.len();
        }
        n
    });
}

/// `Extractor::extract` on every document: normalise, segment, match, resolve.
#[divan::bench(args = CORPORA, sample_count = 10, sample_size = 1)]
fn extract(bencher: Bencher, name: &str) {
    let docs = corpus(name);
    let extractor = Extractor::builtin().expect("built-in gazetteers");
    bencher.counter(BytesCount::new(corpus_bytes(docs))).bench_local(|| {
        docs.iter().map(|d| extractor.extract(black_box(d)).mentions.len()).sum::<usize>()
    });
}

/// `Extractor::extract` then `GraphBuilder::add` on every document (sentence window,
/// 3 evidence sentences: the `graph` command's defaults), into a new builder per sample.
#[divan::bench(args = CORPORA, sample_count = 10, sample_size = 1)]
fn extract_and_graph(bencher: Bencher, name: &str) {
    let docs = corpus(name);
    let extractor = Extractor::builtin().expect("built-in gazetteers");
    bencher.counter(BytesCount::new(corpus_bytes(docs))).bench_local(|| {
        let mut builder = GraphBuilder::new(BuildOptions::default());
        for d in docs {
            let extraction = extractor.extract(black_box(d));
            builder.add(d, &extraction, extractor.gazetteer());
        }
        builder
    });
}
