//! The export formats end to end: schema validation with xmllint, the real readers
//! (networkx for GEXF and GraphML, the `cytoscape` and `graphology` npm packages, Python's
//! csv module) getting back the graph of the node-link JSON, the dated corpus and its
//! reviewed dynamic GEXF, naming outputs, determinism.
//!
//! Every test runs over the same four cases, written once into
//! `target/tmp/formats/<case>/`: the seeds, the dated corpus, a hostile-label gazetteer
//! (through the CLI) and a graph built in Rust whose labels hold line breaks and control
//! characters (which no gazetteer file can). The readers are in `tests/clients/`; CI
//! installs them (`.ci/run`), elsewhere a missing one fails with what to install.
//!
//! `tests/fixtures/dated.gexf` is a reviewed expected file: after a deliberate change,
//! regenerate it with `ACTORGRAPH_BLESS=1 cargo test --test formats` and review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use actorgraph::export;
use actorgraph::graph::{BuildOptions, CoGraph, FinishOptions, GraphBuilder};
use actorgraph::{
    Actor, ActorId, ActorType, Date, Document, Extraction, Gazetteer, Mention, SentenceSpan, Source,
};
use assert_cmd::cargo_bin_cmd;
use serde_json::Value;

const DATED: [&str; 4] = [
    "tests/fixtures/dated.jsonl",
    "--no-default-gazetteers",
    "--gazetteer",
    "tests/fixtures/dated.tsv",
];

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/schemas")
}

/// Is a real client available? CI installs them all (`.ci/run`); elsewhere a missing
/// client fails the test with a message saying what to install.
fn require(program: &str, probe: &[&str], install: &str) {
    let ok =
        Command::new(program).args(probe).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(ok, "{program} is needed for this test: {install} (or run .ci/run)");
}

fn require_node_clients() {
    require("node", &["--version"], "install Node.js");
    assert!(
        Path::new("tests/clients/node_modules/cytoscape").is_dir()
            && Path::new("tests/clients/node_modules/graphology").is_dir(),
        "the cytoscape and graphology packages are needed for this test: \
         npm ci --prefix tests/clients (or run .ci/run)"
    );
}

/// One graph written in every format.
struct Case {
    name: &'static str,
    dir: PathBuf,
}

impl Case {
    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.path("g.json")).unwrap()).unwrap()
    }
}

/// The files every case has.
const FILES: [&str; 7] = [
    "g.json",
    "g.gexf",
    "g.noviz.gexf",
    "g.graphml",
    "g.cyjs",
    "g.graphology.json",
    "tables/nodes.csv",
];

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("formats");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let hostile_dir = root.join("hostile-input");
        std::fs::create_dir_all(&hostile_dir).unwrap();
        let gazetteer = hostile_gazetteer(&hostile_dir);
        let doc = hostile_dir.join("doc.txt");
        std::fs::write(
            &doc,
            "Quotania and Nodeorg met the Edgers. Quotania and Hamas met Israel.\n\n\
             The Edgers said \"<no> & ]]>\" — \u{202E}reversed\u{202C} — 中文.",
        )
        .unwrap();
        let cli: [(&str, Vec<String>); 3] = [
            ("seeds", vec!["seeds/".into()]),
            ("dated", DATED.iter().map(|s| s.to_string()).collect()),
            ("hostile", vec!["--gazetteer".into(), gazetteer, doc.display().to_string()]),
        ];
        let mut cases = vec![];
        for (name, args) in cli {
            let dir = root.join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let mut cmd = cargo_bin_cmd!("actorgraph");
            cmd.arg("graph").args(&args);
            for file in ["g.json", "g.gexf", "g.graphml", "g.cyjs", "g.graphology.json", "tables/"]
            {
                cmd.arg("-o").arg(dir.join(file));
            }
            cmd.assert().success();
            cargo_bin_cmd!("actorgraph")
                .arg("graph")
                .args(&args)
                .args(["--no-viz", "-o"])
                .arg(dir.join("g.noviz.gexf"))
                .assert()
                .success();
            cases.push(Case { name, dir });
        }
        let dir = root.join("control");
        std::fs::create_dir_all(dir.join("tables")).unwrap();
        write_all(&control_graph(), &dir);
        cases.push(Case { name: "control", dir });
        for case in &cases {
            for file in FILES {
                assert!(case.path(file).is_file(), "{}: no {file}", case.name);
            }
        }
        cases
    })
}

/// Writes `graph` in every format through the library, as the CLI would.
fn write_all(graph: &CoGraph, dir: &Path) {
    let file = |name: &str| std::fs::File::create(dir.join(name)).unwrap();
    export::json::write(graph, file("g.json")).unwrap();
    export::gexf::write(graph, file("g.gexf")).unwrap();
    let no_viz = export::gexf::GexfOptions { viz: false };
    export::gexf::write_with(graph, &no_viz, file("g.noviz.gexf")).unwrap();
    export::graphml::write(graph, file("g.graphml")).unwrap();
    export::cytoscape::write(graph, file("g.cyjs")).unwrap();
    export::graphology::write(graph, file("g.graphology.json")).unwrap();
    export::csv::write_nodes(graph, file("tables/nodes.csv")).unwrap();
    export::csv::write_edges(graph, file("tables/edges.csv")).unwrap();
}

/// A gazetteer whose labels are hostile to every format (as in tests/graph.rs), with
/// attributes named like the writers' own fields.
fn hostile_gazetteer(dir: &Path) -> String {
    let p = dir.join("hostile.tsv");
    std::fs::write(
        &p,
        "id\ttype\tlabel\taliases\tattributes\n\
         graph\tcountry\tQuote \"q\" back\\slash <tag> & ]]> -- {x} é 中文 \u{202E}bidi\tQuotania\tiso3=QQQ; note=a \"b\" c\\; type=shadow; x=1\n\
         node\torganization\tstrict\\\tNodeorg\n\
         edge\tgroup\tsubgraph; digraph <b>&amp;</b>\tEdgers\n",
    )
    .unwrap();
    p.display().to_string()
}

/// Labels no gazetteer file can hold.
const CONTROL_LABELS: [&str; 4] = [
    "Line\nbreak\r\nand\ttab",
    "Bell\u{7}nul\u{0}esc\u{1b} nonchars\u{FFFE}\u{FFFF} end",
    "Quote \"q\" <tag> & ]]> \\ é 中文 \u{202E}bidi\u{202C}",
    "plain",
];

/// A graph built in Rust (as the unit tests at the bottom of src/graph.rs do) with
/// labels, attributes and evidence holding line breaks and control characters.
fn control_graph() -> CoGraph {
    let kinds = [ActorType::Country, ActorType::Organization, ActorType::Group, ActorType::Person];
    let pool: Vec<Arc<Actor>> = kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let mut extra = BTreeMap::new();
            extra.insert("note".to_string(), format!("line\nbreak \u{7} {i}"));
            Arc::new(Actor {
                id: ActorId::new(&format!("c{i}")).unwrap(),
                kind,
                label: CONTROL_LABELS[i].to_string(),
                iso3: None,
                roles: vec![],
                extra,
            })
        })
        .collect();
    let mut builder = GraphBuilder::new(BuildOptions::default());
    // (document id, date, the actors of each sentence)
    type Doc<'a> = (&'a str, Option<&'a str>, &'a [&'a [usize]]);
    let docs: [Doc; 3] = [
        ("doc\u{7}1", Some("2024-01-15"), &[&[0, 1], &[1, 2]]),
        ("doc2", Some("2024-02"), &[&[0, 1, 2]]),
        ("doc3", None, &[&[3]]),
    ];
    for (id, date, sentences) in docs {
        let mut text = String::new();
        let (mut spans, mut mentions) = (vec![], vec![]);
        for (si, actors) in sentences.iter().enumerate() {
            let start = text.len();
            text.push_str("He said \"<x>\" &\u{7}\u{FFFE}\n\tthen ]]>. ");
            spans.push(SentenceSpan { start, end: text.len(), paragraph: 0 });
            for &a in *actors {
                mentions.push(Mention {
                    actor: pool[a].clone(),
                    start,
                    end: start + 2,
                    sentence: si as u32,
                    paragraph: 0,
                    source: Source::Gazetteer,
                    rule: None,
                    role: None,
                    affiliation: None,
                });
            }
        }
        let mut doc = Document::new(id, text);
        doc.date = date.and_then(Date::parse);
        let extraction = Extraction { mentions, sentences: spans, paragraphs: 1 };
        builder.add(&doc, &extraction, &Gazetteer::default());
    }
    let mut graph = builder.finish(&FinishOptions { affiliations: true, ..Default::default() });
    // Actors outside the gazetteer are labelled from the text; label them as a gazetteer
    // would.
    for (node, label) in graph.graph.node_weights_mut().zip(CONTROL_LABELS) {
        node.label = label.to_string();
    }
    graph
}

fn xmllint(schema_flag: &str, schema: &Path, file: &Path) -> std::process::Output {
    Command::new("xmllint")
        .args(["--noout", "--nonet", schema_flag])
        .arg(schema)
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn xml_outputs_validate_against_the_schemas() {
    require("xmllint", &["--version"], "apt-get install libxml2-utils");
    let s = schemas();
    let (rng, gexf_xsd, graphml_xsd) = (
        s.join("gexf-1.3/gexf.rng"),
        s.join("gexf-1.3/gexf.xsd"),
        s.join("graphml-1.0/graphml.xsd"),
    );
    assert!(rng.is_file(), "no GEXF schema at {} (shared/ beside the repo?)", rng.display());
    for case in cases() {
        for (flag, schema, file) in [
            ("--relaxng", &rng, "g.gexf"),
            ("--relaxng", &rng, "g.noviz.gexf"),
            ("--schema", &gexf_xsd, "g.noviz.gexf"),
            ("--schema", &graphml_xsd, "g.graphml"),
        ] {
            let out = xmllint(flag, schema, &case.path(file));
            assert!(
                out.status.success(),
                "{}: {file} fails {}: {}",
                case.name,
                schema.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // The official XSD rejects viz: elements (a known schema bug, hence --no-viz):
        // this also shows xmllint really validates.
        let out = xmllint("--schema", &gexf_xsd, &case.path("g.gexf"));
        assert!(!out.status.success(), "{}: the XSD accepted viz: elements", case.name);
    }
}

/// Runs a Python reader script and returns what it printed.
fn python(script: &str, args: &[&Path]) -> Value {
    let out = Command::new("python3").arg(script).args(args).output().unwrap();
    assert!(out.status.success(), "{script} {args:?}:\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn networkx_reads_gexf_and_graphml_as_the_json() {
    require("python3", &["-c", "import networkx"], "pip install networkx");
    for case in cases() {
        let json = case.json();
        let (nodes, edges) = (json["nodes"].as_array().unwrap(), json["edges"].as_array().unwrap());
        for (format, file) in
            [("gexf", "g.gexf"), ("gexf", "g.noviz.gexf"), ("graphml", "g.graphml")]
        {
            // The script compares every node, edge, weight, attribute and evidence list
            // with the JSON, and fails with the difference.
            let seen = python(
                "tests/clients/xml_check.py",
                &[Path::new(format), &case.path(file), &case.path("g.json")],
            );
            assert_eq!(seen["class"], "Graph");
            assert_eq!(seen["nodes"], nodes.len(), "{} {file}", case.name);
            assert_eq!(seen["edges"], edges.len(), "{} {file}", case.name);
            if format == "gexf" {
                let dated = nodes.iter().any(|n| n.get("first_date").is_some());
                assert_eq!(seen["mode"], if dated { "dynamic" } else { "static" });
                // Every dated node and edge has exactly its one spell.
                for n in nodes {
                    let spell = &seen["node_spells"][n["id"].as_str().unwrap()];
                    assert_eq!(*spell, expected_spell(n), "{} node {}", case.name, n["id"]);
                }
                for e in edges {
                    let id = format!(
                        "{}:{}",
                        e["source"].as_str().unwrap(),
                        e["target"].as_str().unwrap()
                    );
                    assert_eq!(
                        seen["edge_spells"][&id],
                        expected_spell(e),
                        "{} edge {id}",
                        case.name
                    );
                }
            }
        }
    }
}

/// The spell a node or edge of the JSON should have: its dates widened to whole days.
fn expected_spell(item: &Value) -> Value {
    let widen = |d: &str, end: bool| -> String {
        let parts: Vec<u32> = d.split('-').map(|p| p.parse().unwrap()).collect();
        let year = parts[0];
        let month = parts.get(1).copied().unwrap_or(if end { 12 } else { 1 });
        let last = match month {
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let day = parts.get(2).copied().unwrap_or(if end { last } else { 1 });
        format!("{year:04}-{month:02}-{day:02}")
    };
    match (item["first_date"].as_str(), item["last_date"].as_str()) {
        (Some(first), Some(last)) => serde_json::json!([[widen(first, false), widen(last, true)]]),
        _ => Value::Null,
    }
}

#[test]
fn dated_corpus_gives_the_reviewed_dynamic_gexf() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dated.gexf");
    cargo_bin_cmd!("actorgraph").arg("graph").args(DATED).arg("-o").arg(&out).assert().success();
    let got = std::fs::read_to_string(&out).unwrap();
    let expected_path = Path::new("tests/fixtures/dated.gexf");
    if std::env::var_os("ACTORGRAPH_BLESS").is_some() {
        std::fs::write(expected_path, &got).unwrap();
    }
    let expected = std::fs::read_to_string(expected_path).unwrap();
    assert!(
        got == expected,
        "the dynamic GEXF of the dated corpus changed: review `diff {} {}`, then \
         ACTORGRAPH_BLESS=1 cargo test --test formats",
        expected_path.display(),
        out.display()
    );
    // The spells, by hand from tests/fixtures/dated.jsonl.
    let spell = |start: &str, end: &str| {
        format!("<spells>\n          <spell start=\"{start}\" end=\"{end}\"/>")
    };
    let block = |open: &str| -> &str {
        let from = got.find(open).unwrap_or_else(|| panic!("no {open}"));
        let rest = &got[from..];
        &rest[..rest.find(if open.starts_with("<node") { "</node>" } else { "</edge>" }).unwrap()]
    };
    assert!(
        got.contains(r#"<graph defaultedgetype="undirected" mode="dynamic" timeformat="date">"#)
    );
    for (open, want) in [
        // Egypt: first in the archive note dated only "2023", last on 2024-06-01.
        (r#"<node id="EGY""#, Some(("2023-01-01", "2024-06-01"))),
        // The Red Cross: first in the monthly briefing dated "2024-02".
        (r#"<node id="icrc""#, Some(("2024-02-01", "2024-04-25"))),
        (r#"<node id="QAT""#, Some(("2024-01-08", "2024-06-01"))),
        (r#"<node id="tomas-reyes""#, Some(("2024-04-02", "2024-04-02"))),
        // Oman is only in the undated wire: always present.
        (r#"<node id="OMN""#, None),
        // Egypt and the Red Cross: only in February 2024, a leap year.
        (r#"<edge id="EGY:icrc""#, Some(("2024-02-01", "2024-02-29"))),
        (r#"<edge id="EGY:JOR""#, Some(("2023-01-01", "2023-12-31"))),
        (
            r#"<edge id="EGY:QAT" source="EGY" target="QAT" weight="3""#,
            Some(("2024-01-08", "2024-06-01")),
        ),
        (
            r#"<edge id="ISR:hamas" source="ISR" target="hamas" weight="3""#,
            Some(("2024-01-08", "2024-04-25")),
        ),
        (r#"<edge id="JOR:OMN""#, None),
        // Tomas Reyes is Jordan's foreign minister but never named with Jordan: an
        // affiliation edge, weight 1 for Gephi, no dates.
        (r#"<edge id="JOR:tomas-reyes" source="JOR" target="tomas-reyes" weight="1""#, None),
    ] {
        let b = block(open);
        match want {
            Some((start, end)) => assert!(b.contains(&spell(start, end)), "{b}"),
            None => assert!(!b.contains("<spell"), "{b}"),
        }
    }
    assert!(block(r#"<edge id="JOR:tomas-reyes""#)
        .contains(r#"<attvalue for="kind" value="affiliation"/>"#));
    assert!(block(r#"<node id="mara-vidal""#)
        .contains(r#"<attvalue for="role" value="Special Envoy"/>"#));
}

/// Equal as JSON, numbers compared by value (3 == 3.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn without(v: &Value, keys: &[&str]) -> Value {
    let mut m = v.as_object().unwrap().clone();
    for k in keys {
        m.remove(*k);
    }
    Value::Object(m)
}

#[test]
fn cytoscape_and_graphology_load_the_same_graph() {
    require_node_clients();
    for case in cases() {
        let json = case.json();
        let (nodes, edges) = (json["nodes"].as_array().unwrap(), json["edges"].as_array().unwrap());
        let out = Command::new("node")
            .arg("tests/clients/js_check.js")
            .arg(case.path("g.cyjs"))
            .arg(case.path("g.graphology.json"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}: {}", case.name, String::from_utf8_lossy(&out.stderr));
        let seen: Value = serde_json::from_slice(&out.stdout).unwrap();

        // Cytoscape.js: every element kept (ids unique across nodes and edges), the data
        // of each as in the JSON.
        let file: Value =
            serde_json::from_slice(&std::fs::read(case.path("g.cyjs")).unwrap()).unwrap();
        let mut ids = BTreeSet::new();
        for kind in ["nodes", "edges"] {
            for el in file["elements"][kind].as_array().unwrap() {
                let id = el["data"]["id"].as_str().unwrap();
                assert!(ids.insert(id.to_string()), "{}: id {id} used twice", case.name);
            }
        }
        let cy = &seen["cytoscape"];
        assert_eq!(cy["nodes"].as_array().unwrap().len(), nodes.len(), "{}", case.name);
        assert_eq!(cy["edges"].as_array().unwrap().len(), edges.len(), "{}", case.name);
        for (n, c) in nodes.iter().zip(cy["nodes"].as_array().unwrap()) {
            let data = without(&c["data"], &["color"]);
            assert!(same(&data, n), "{}: cytoscape node\n{data}\n{n}", case.name);
            assert!(c["data"]["color"].as_str().unwrap().starts_with('#'));
        }
        for (e, c) in edges.iter().zip(cy["edges"].as_array().unwrap()) {
            let (s, t) = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
            assert_eq!(c["data"]["id"], format!("{s}:{t}"));
            assert_eq!((c["source"].as_str().unwrap(), c["target"].as_str().unwrap()), (s, t));
            let evidence: Value =
                serde_json::from_str(c["data"]["evidence"].as_str().unwrap()).unwrap();
            assert_eq!(evidence, e["evidence"], "{}", case.name);
            let data = without(&c["data"], &["id", "evidence"]);
            let want = without(e, &["evidence"]);
            assert!(same(&data, &want), "{}: cytoscape edge\n{data}\n{want}", case.name);
        }

        // graphology: undirected, simple, every node with numeric x/y, attributes as in
        // the JSON (the actor type as `actor_type`).
        let g = &seen["graphology"];
        assert_eq!(g["type"], "undirected");
        assert_eq!(g["multi"], false);
        assert_eq!(g["order"], nodes.len(), "{}", case.name);
        assert_eq!(g["size"], edges.len(), "{}", case.name);
        assert!(same(&g["attributes"], &json["graph"]), "{}", case.name);
        for (n, gn) in nodes.iter().zip(g["nodes"].as_array().unwrap()) {
            assert_eq!(gn["key"], n["id"]);
            let a = &gn["attributes"];
            for k in ["x", "y", "size"] {
                assert!(a[k].as_f64().is_some_and(f64::is_finite), "{}: {k} of {a}", case.name);
            }
            let mut want = without(n, &["id", "type"]);
            want.as_object_mut().unwrap().insert("actor_type".into(), n["type"].clone());
            let got = without(a, &["x", "y", "size", "color"]);
            assert!(same(&got, &want), "{}: graphology node\n{got}\n{want}", case.name);
        }
        for (e, ge) in edges.iter().zip(g["edges"].as_array().unwrap()) {
            assert_eq!(ge["source"], e["source"]);
            assert_eq!(ge["target"], e["target"]);
            assert_eq!(ge["undirected"], true);
            let want = without(e, &["source", "target"]);
            assert!(
                same(&ge["attributes"], &want),
                "{}: graphology edge\n{}\n{want}",
                case.name,
                ge["attributes"]
            );
        }
    }
}

#[test]
fn csv_tables_read_back_as_the_json() {
    require("python3", &["--version"], "install Python 3");
    for case in cases() {
        let json = case.json();
        // The script compares every node, edge, weight, cell and evidence list with the
        // JSON, and fails with the difference.
        let seen =
            python("tests/clients/csv_check.py", &[&case.path("tables"), &case.path("g.json")]);
        assert_eq!(seen["nodes"], json["nodes"].as_array().unwrap().len());
        assert_eq!(seen["edges"], json["edges"].as_array().unwrap().len());
        assert_eq!(seen["node_header"][0], "Id");
        assert_eq!(seen["edge_header"][2], "Type");
    }
}

#[test]
fn control_characters_never_reach_xml() {
    let case = cases().iter().find(|c| c.name == "control").unwrap();
    for file in ["g.gexf", "g.graphml"] {
        let text = std::fs::read_to_string(case.path(file)).unwrap();
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| (c < ' ' && c != '\n') || c == '\u{FFFE}' || c == '\u{FFFF}')
            .collect();
        assert!(bad.is_empty(), "{file} holds {bad:?}");
        assert!(text.contains("Line&#10;break&#13;&#10;and&#9;tab"), "{file}");
        assert!(text.contains("Bell\u{FFFD}nul\u{FFFD}esc\u{FFFD}"), "{file}");
    }
}

fn graph_cmd(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("actorgraph")
        .current_dir(dir)
        .arg("graph")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
        .args(args)
        .assert()
}

#[test]
fn outputs_are_named_by_extension_or_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    graph_cmd(d, &["-o", "a.gexf", "-o", "a.graphml", "-o", "a.cyjs", "-o", "b.cytoscape.json"])
        .success();
    graph_cmd(d, &["-o", "a.graphology.json", "-o", "a.json", "-o", "tables/"]).success();
    let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
    assert!(read("a.gexf").contains("<gexf xmlns=\"http://gexf.net/1.3\""));
    assert!(read("a.graphml").contains("<graphml xmlns="));
    assert!(read("a.cyjs").contains("\"elements\""));
    assert_eq!(read("a.cyjs"), read("b.cytoscape.json"));
    assert!(read("a.graphology.json").contains("\"allowSelfLoops\": false"));
    assert!(read("a.json").contains("\"multigraph\": false"));
    assert!(read("tables/nodes.csv").starts_with("Id,Label,Type,"));
    assert!(read("tables/edges.csv").starts_with("Source,Target,Type,Weight,Kind,"));
    // An existing folder without a slash is CSV too; --format csv creates the folder.
    std::fs::create_dir(d.join("existing")).unwrap();
    graph_cmd(d, &["-o", "existing"]).success();
    assert!(d.join("existing/edges.csv").is_file());
    graph_cmd(d, &["--format", "csv", "-o", "made/here"]).success();
    assert!(d.join("made/here/nodes.csv").is_file());
    // --format applies to every -o.
    graph_cmd(d, &["--format", "gexf", "-o", "x.out"]).success();
    assert!(read("x.out").contains("<gexf "));
    // CSV needs a folder.
    graph_cmd(d, &["-o", "g.csv"])
        .code(2)
        .stderr(predicates::str::contains("nodes.csv and edges.csv, in a folder: give -o g/"));
    graph_cmd(d, &["--format", "csv"]).code(2).stderr(predicates::str::contains("give a folder"));
    graph_cmd(d, &["-o", "g.xyz"]).code(2).stderr(predicates::str::contains(".graphology.json"));
    assert!(!d.join("g.xyz").exists());
    // --no-viz leaves out every viz: element.
    graph_cmd(d, &["--no-viz", "-o", "plain.gexf"]).success();
    assert!(!read("plain.gexf").contains("viz"));
}

#[test]
fn every_format_is_byte_identical_across_runs_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut runs = vec![];
    for (i, threads) in ["1", "2", "1"].iter().enumerate() {
        let run = dir.path().join(format!("run{i}"));
        std::fs::create_dir(&run).unwrap();
        let mut cmd = cargo_bin_cmd!("actorgraph");
        cmd.arg("graph").args(DATED).args(["-j", threads]);
        for f in ["g.json", "g.gexf", "g.graphml", "g.cyjs", "g.graphology.json", "t/"] {
            cmd.arg("-o").arg(run.join(f));
        }
        cmd.assert().success();
        let files: Vec<Vec<u8>> = [
            "g.json",
            "g.gexf",
            "g.graphml",
            "g.cyjs",
            "g.graphology.json",
            "t/nodes.csv",
            "t/edges.csv",
        ]
        .iter()
        .map(|f| std::fs::read(run.join(f)).unwrap())
        .collect();
        runs.push(files);
    }
    assert!(runs[1] == runs[0] && runs[2] == runs[0]);
}

#[test]
fn help_says_how_to_open_every_format() {
    let out = cargo_bin_cmd!("actorgraph").args(["graph", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        ".gexf",
        ".graphml",
        ".cyjs",
        ".cytoscape.json",
        ".graphology.json",
        "FOLDER/",
        "File > Open",
        "Network from File",
        "Graph.from",
        "Import",
        "Kumu",
        "--no-viz",
    ] {
        assert!(help.contains(needle), "--help does not mention {needle}");
    }
}
