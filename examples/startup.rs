//! Prints how long each start-up step takes: parsing the built-in gazetteers and
//! compiling the automaton. `cargo run --release --example startup`.
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let g = actorgraph::GazetteerBuilder::new().build().expect("built-in gazetteers");
    let parsed = t.elapsed();
    let t = Instant::now();
    let m = actorgraph::matcher::Matcher::new(&g).expect("automaton");
    let compiled = t.elapsed();
    println!(
        "gazetteers: {} actors, {} aliases, parsed in {:.1} ms; automaton compiled in {:.1} ms, {} KB",
        g.actors().len(),
        g.aliases().len(),
        parsed.as_secs_f64() * 1e3,
        compiled.as_secs_f64() * 1e3,
        m.memory_usage() / 1024
    );
}
