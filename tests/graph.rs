//! The co-mention graph end to end: edges on the seeds with their evidence, real readers
//! (networkx, Graphviz), hostile labels, determinism.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo_bin_cmd;
use serde_json::Value;

fn graph_json(args: &[&str]) -> Value {
    let out = cargo_bin_cmd!("actorgraph").arg("graph").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn edge<'a>(g: &'a Value, a: &str, b: &str) -> Option<&'a Value> {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    g["edges"].as_array().unwrap().iter().find(|e| e["source"] == a && e["target"] == b)
}

/// Is a real client available? CI installs them all (`.ci/run`); elsewhere a missing
/// client fails the test with a message saying what to install.
fn require(program: &str, probe: &[&str], install: &str) {
    let ok =
        Command::new(program).args(probe).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(ok, "{program} is needed for this test: {install} (or run .ci/run)");
}

#[test]
fn seed_edges_with_evidence() {
    for (path, pairs) in [
        (
            "seeds/004_48fd614a96f1a135.txt",
            &[("QAT", "EGY"), ("QAT", "hamas"), ("EGY", "hamas"), ("un", "eu")][..],
        ),
        (
            "seeds/000_43092d01b0f6bc93.txt",
            &[("hamas", "ISR"), ("USA", "hamas"), ("USA", "ISR")][..],
        ),
    ] {
        let g = graph_json(&[path]);
        let text = std::fs::read_to_string(path).unwrap();
        for (a, b) in pairs {
            let e = edge(&g, a, b).unwrap_or_else(|| panic!("no edge {a}--{b} in {path}"));
            assert_eq!(e["kind"], "comention");
            assert!(e["weight"].as_u64().unwrap() >= 1);
            let ev = &e["evidence"][0];
            assert_eq!(ev["doc"], *path);
            let (s, t) =
                (ev["start"].as_u64().unwrap() as usize, ev["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[s..t], ev["text"].as_str().unwrap());
            // The evidence sentence names both actors.
            let mentions: Vec<Value> = {
                let out = cargo_bin_cmd!("actorgraph").args(["extract", path]).output().unwrap();
                String::from_utf8(out.stdout)
                    .unwrap()
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect()
            };
            let in_sentence: BTreeSet<&str> = mentions
                .iter()
                .filter(|m| m["sentence"] == ev["sentence"])
                .map(|m| m["actor"].as_str().unwrap())
                .collect();
            assert!(in_sentence.contains(a) && in_sentence.contains(b), "{a} {b} {in_sentence:?}");
        }
    }
    // The headline "Hamas-Israel" is the first evidence of Hamas--Israel in 000.
    let g = graph_json(&["seeds/000_43092d01b0f6bc93.txt"]);
    let ev = &edge(&g, "hamas", "ISR").unwrap()["evidence"][0];
    assert_eq!(ev["sentence"], 0);
    assert!(ev["text"].as_str().unwrap().contains("Hamas-Israel"));
}

#[test]
fn no_edge_without_a_shared_sentence() {
    let path = "seeds/004_48fd614a96f1a135.txt";
    let g = graph_json(&[path]);
    let out = cargo_bin_cmd!("actorgraph").args(["extract", path]).output().unwrap();
    let mentions: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut shared: BTreeSet<(String, String)> = BTreeSet::new();
    for m in &mentions {
        for n in &mentions {
            let (a, b) = (m["actor"].as_str().unwrap(), n["actor"].as_str().unwrap());
            if m["sentence"] == n["sentence"] && a < b {
                shared.insert((a.into(), b.into()));
            }
        }
    }
    for e in g["edges"].as_array().unwrap() {
        let pair =
            (e["source"].as_str().unwrap().to_string(), e["target"].as_str().unwrap().to_string());
        if e["kind"] == "comention" {
            assert!(shared.contains(&pair), "edge {pair:?} without a shared sentence");
        }
    }
    assert_eq!(
        g["edges"].as_array().unwrap().iter().filter(|e| e["kind"] == "comention").count(),
        shared.len()
    );
}

#[test]
fn windows_and_scores() {
    let s = graph_json(&["seeds/", "--window", "sentence"]);
    let p = graph_json(&["seeds/", "--window", "paragraph", "--score", "npmi"]);
    let d = graph_json(&["seeds/", "--window", "document", "--score", "pmi"]);
    assert_eq!(s["graph"]["N"], s["graph"]["units"]["sentence"]);
    assert_eq!(d["graph"]["N"], 2);
    // Wider windows have at least the edges of narrower ones.
    assert!(p["edges"].as_array().unwrap().len() >= s["edges"].as_array().unwrap().len());
    assert!(d["edges"].as_array().unwrap().len() >= p["edges"].as_array().unwrap().len());
    // Scores can be checked by hand from N and the node frequencies.
    let n = p["graph"]["N"].as_f64().unwrap();
    let freq = |id: &str| {
        p["nodes"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap()["frequency"]
            .as_f64()
            .unwrap()
    };
    for e in p["edges"].as_array().unwrap().iter().filter(|e| e["kind"] == "comention") {
        let (fa, fb, fab) = (
            freq(e["source"].as_str().unwrap()),
            freq(e["target"].as_str().unwrap()),
            e["weight"].as_f64().unwrap(),
        );
        let pmi = (fab * n / (fa * fb)).ln();
        let npmi = if fab >= n { 1.0 } else { pmi / -(fab / n).ln() };
        assert!((e["score"].as_f64().unwrap() - npmi).abs() < 1e-12, "{e}");
        assert_eq!(e["weight"], e["paragraphs"]);
    }
}

#[test]
fn filters_are_applied_and_recorded() {
    let g = graph_json(&[
        "seeds/",
        "--types",
        "country,group",
        "--min-weight",
        "2",
        "--drop-isolates",
        "--top",
        "5",
    ]);
    let nodes = g["nodes"].as_array().unwrap();
    assert!(nodes.len() <= 5);
    assert!(nodes.iter().all(|n| n["type"] == "country" || n["type"] == "group"));
    assert!(g["edges"].as_array().unwrap().iter().all(|e| e["weight"].as_u64().unwrap() >= 2));
    assert!(nodes.iter().all(|n| n["degree"].as_u64().unwrap() > 0));
    let f = &g["graph"]["filters"];
    assert_eq!(f["types"], "country,group");
    assert_eq!(f["min_weight"], "2");
    assert_eq!(f["top"], "5");
    assert_eq!(f["drop_isolates"], "true");
}

#[test]
fn output_is_byte_identical_across_runs_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = vec![];
    for (i, threads) in ["1", "2", "4", "1"].iter().enumerate() {
        let json = dir.path().join(format!("g{i}.json"));
        let dot = dir.path().join(format!("g{i}.dot"));
        cargo_bin_cmd!("actorgraph")
            .args(["graph", "seeds/", "-j", threads, "-o"])
            .arg(&json)
            .arg("-o")
            .arg(&dot)
            .assert()
            .success();
        outputs.push((std::fs::read(&json).unwrap(), std::fs::read(&dot).unwrap()));
    }
    for o in &outputs[1..] {
        assert!(o == &outputs[0]);
    }
    // Input order does not change the graph (evidence is chosen by document id).
    let a = graph_json(&["seeds/000_43092d01b0f6bc93.txt", "seeds/004_48fd614a96f1a135.txt"]);
    let b = graph_json(&["seeds/004_48fd614a96f1a135.txt", "seeds/000_43092d01b0f6bc93.txt"]);
    assert_eq!(a["nodes"], b["nodes"]);
    assert_eq!(a["edges"], b["edges"]);
}

/// A gazetteer whose labels are hostile to every format.
fn hostile_gazetteer(dir: &Path) -> String {
    let p = dir.join("hostile.tsv");
    std::fs::write(
        &p,
        "id\ttype\tlabel\taliases\tattributes\n\
         graph\tcountry\tQuote \"q\" back\\slash <tag> & ]]> -- {x} é 中文 \u{202E}bidi\tQuotania\tiso3=QQQ; note=a \"b\" c\\\n\
         node\torganization\tstrict\\\tNodeorg\n\
         edge\tgroup\tsubgraph; digraph\tEdgers\n",
    )
    .unwrap();
    p.display().to_string()
}

#[test]
fn networkx_reads_the_same_graph() {
    require("python3", &["-c", "import networkx"], "pip install networkx");
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_gazetteer(dir.path());
    let input = dir.path().join("doc.txt");
    std::fs::write(&input, "Quotania and Nodeorg met the Edgers. Quotania and Hamas met Israel.")
        .unwrap();
    for args in [
        vec!["seeds/".to_string()],
        vec!["--gazetteer".into(), hostile.clone(), input.display().to_string()],
    ] {
        let json = dir.path().join("g.json");
        cargo_bin_cmd!("actorgraph")
            .arg("graph")
            .args(&args)
            .arg("-o")
            .arg(&json)
            .assert()
            .success();
        let file: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let out = Command::new("python3")
            .arg("tests/clients/networkx_check.py")
            .arg(&json)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(seen["class"], "Graph");
        assert_eq!(seen["graph"], file["graph"]);
        let nodes = file["nodes"].as_array().unwrap();
        assert_eq!(seen["nodes"].as_object().unwrap().len(), nodes.len());
        for n in nodes {
            let mut attrs = n.as_object().unwrap().clone();
            let id = attrs.remove("id").unwrap();
            assert_eq!(seen["nodes"][id.as_str().unwrap()], Value::Object(attrs), "node {id}");
        }
        let edges = file["edges"].as_array().unwrap();
        assert_eq!(seen["edges"].as_array().unwrap().len(), edges.len());
        for (e, s) in edges.iter().zip(seen["edges"].as_array().unwrap()) {
            let mut attrs = e.as_object().unwrap().clone();
            assert_eq!(attrs.remove("source").unwrap(), s[0]);
            assert_eq!(attrs.remove("target").unwrap(), s[1]);
            assert_eq!(Value::Object(attrs), s[2]);
        }
        for n in nodes {
            assert_eq!(seen["degrees"][n["id"].as_str().unwrap()], n["degree"]);
        }
    }
}

#[test]
fn graphviz_renders_without_warnings() {
    require("dot", &["-V"], "apt-get install graphviz");
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_gazetteer(dir.path());
    let input = dir.path().join("doc.txt");
    std::fs::write(&input, "Quotania and Nodeorg met the Edgers. Quotania and Hamas met Israel.")
        .unwrap();
    for args in [
        vec!["seeds/".to_string()],
        vec!["--gazetteer".into(), hostile.clone(), input.display().to_string()],
    ] {
        let dot = dir.path().join("g.dot");
        cargo_bin_cmd!("actorgraph")
            .arg("graph")
            .args(&args)
            .arg("-o")
            .arg(&dot)
            .assert()
            .success();
        let text = std::fs::read_to_string(&dot).unwrap();
        assert!(text.starts_with("graph \"actorgraph\" {"));
        for engine in ["dot", "neato"] {
            let out = Command::new(engine).args(["-Tsvg"]).arg(&dot).output().unwrap();
            assert!(out.status.success(), "{engine}: {}", String::from_utf8_lossy(&out.stderr));
            assert!(
                out.stderr.is_empty(),
                "{engine} warned: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let svg = String::from_utf8(out.stdout).unwrap();
            if args.len() > 1 {
                // The hostile label survives, escaped for SVG.
                assert!(
                    svg.contains("Quote &quot;q&quot; back\\slash &lt;tag&gt; &amp; ]]&gt;"),
                    "{svg}"
                );
                assert!(svg.contains("中文"));
            }
        }
    }
}

#[test]
fn output_does_not_depend_on_threads_or_batch_size() {
    // A corpus of many small documents, so batches really split it.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let sentences = [
        "Hamas and Israel met in Cairo while Qatar mediated.",
        "The United States and the European Union urged calm.",
        "Secretary of State Antony Blinken spoke to Egypt's foreign minister.",
        "Spokesman Raanan Gissin said Israel would respond. Mr Gissin declined to say more.",
        "Jordan and Egypt signed. Turkey's president called Hamas leaders.",
    ];
    let mut text = String::new();
    for i in 0..300 {
        let body = format!("{} {}", sentences[i % 5], sentences[(i * 3 + 1) % 5]);
        text.push_str(&serde_json::json!({"id": format!("d{:03}", (i * 7919) % 300), "text": body, "date": format!("2024-{:02}-01", i % 12 + 1)}).to_string());
        text.push('\n');
    }
    std::fs::write(&corpus, text).unwrap();
    let run = |threads: &str, batch: &str| {
        let out = cargo_bin_cmd!("actorgraph")
            .args([
                "graph",
                "--window",
                "paragraph",
                "--score",
                "npmi",
                "-j",
                threads,
                "--batch-docs",
                batch,
            ])
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let reference = run("1", "256");
    for (threads, batch) in [("2", "1"), ("4", "7"), ("3", "1000"), ("1", "2")] {
        assert!(run(threads, batch) == reference, "-j {threads} --batch-docs {batch} differs");
    }
}
