//! Times each extraction stage on a JSON Lines corpus, one thread:
//! `cargo run --release --example matchbench -- corpus.jsonl`.
use std::io::BufRead;
use std::time::Instant;

use actorgraph::segment::{detect_layout, segment_with_layout};
use actorgraph::text::Normalized;

fn main() {
    let path = std::env::args().nth(1).expect("usage: matchbench CORPUS.jsonl");
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("open"));
    let docs: Vec<String> = file
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.expect("line")).expect("json");
            v["text"].as_str().unwrap_or("").to_string()
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let mb = bytes as f64 / 1e6;
    let t = Instant::now();
    let extractor = actorgraph::Extractor::builtin().expect("built-in");
    println!("start-up {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let m = extractor.matcher();
    let t = Instant::now();
    let mut n = 0usize;
    for d in &docs {
        let norm = Normalized::new(d);
        n += norm.as_str().len();
    }
    let e = t.elapsed().as_secs_f64();
    println!("normalise  {:7.1} MB/s ({n})", mb / e);
    let t = Instant::now();
    let mut sentences = 0;
    for d in &docs {
        let layout = detect_layout(d);
        sentences += segment_with_layout(d, layout).len();
    }
    let e = t.elapsed().as_secs_f64();
    println!("segment    {:7.1} MB/s ({sentences} sentences)", mb / e);
    let mut best = f64::MAX;
    let mut cands = 0;
    for _ in 0..5 {
        let t = Instant::now();
        cands = 0;
        let mut out = vec![];
        for d in &docs {
            out.clear();
            m.find_in(d, false, &mut out);
            cands += out.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("match      {:7.1} MB/s ({cands} candidates, best of 5)", mb / best);
    let mut best = f64::MAX;
    let mut mentions = 0;
    let owned: Vec<actorgraph::Document> =
        docs.iter().map(|d| actorgraph::Document::new("d", d.as_str())).collect();
    for _ in 0..3 {
        let t = Instant::now();
        mentions = 0;
        for d in &owned {
            mentions += extractor.extract(d).mentions.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("extract    {:7.1} MB/s ({mentions} mentions, {mb:.1} MB, best of 3)", mb / best);
}
