//! Checks that each output format parses, and that what a reader gets back is the graph:
//! one node per actor, one edge per pair, ids unique, edge ends declared, labels intact.
//! Every check panics with the reason.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use actorgraph::export::xml;
use actorgraph::graph::CoGraph;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// A JSON value read by a parser that rejects duplicate object keys (serde_json keeps the
/// last one silently; readers disagree on which one wins).
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Strict, E> {
        Ok(Strict(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Strict, E> {
        Ok(Strict(Value::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Strict, E> {
        Ok(Strict(Value::String(v)))
    }
    fn visit_unit<E>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        let mut out = vec![];
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Strict(Value::Array(out)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((k, Strict(v))) = map.next_entry::<String, Strict>()? {
            if out.insert(k.clone(), v).is_some() {
                return Err(de::Error::custom(format!("duplicate key {k:?}")));
            }
        }
        Ok(Strict(Value::Object(out)))
    }
}

/// Parses JSON, failing on duplicate keys.
pub fn strict_json(bytes: &[u8]) -> Value {
    match serde_json::from_slice::<Strict>(bytes) {
        Ok(Strict(v)) => v,
        Err(e) => panic!("invalid JSON ({e}):\n{}", String::from_utf8_lossy(bytes)),
    }
}

fn str_of<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str().unwrap_or_else(|| panic!("{what} is not a string: {v}"))
}

fn finite(v: &Value, what: &str) {
    assert!(v.as_f64().is_some_and(f64::is_finite), "{what} is not a finite number: {v}");
}

/// The graph's node ids and labels, and edge (source, target) pairs.
struct Expected {
    labels: BTreeMap<String, String>,
    edges: BTreeSet<(String, String)>,
}

fn expected(graph: &CoGraph) -> Expected {
    Expected {
        labels: graph.nodes().map(|n| (n.id.to_string(), n.label.clone())).collect(),
        edges: graph.edges().map(|(a, b, _)| (a.id.to_string(), b.id.to_string())).collect(),
    }
}

fn unique(ids: &[String], what: &str) {
    let set: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(set.len(), ids.len(), "duplicate {what} ids: {ids:?}");
}

/// networkx node-link JSON: the nodes, labels and edges of the graph.
pub fn check_json(graph: &CoGraph, bytes: &[u8]) {
    let v = strict_json(bytes);
    let want = expected(graph);
    assert_eq!(v["directed"], false);
    assert_eq!(v["multigraph"], false);
    let nodes = v["nodes"].as_array().expect("nodes");
    let ids: Vec<String> = nodes.iter().map(|n| str_of(&n["id"], "node id").to_string()).collect();
    unique(&ids, "node");
    let labels: BTreeMap<String, String> = nodes
        .iter()
        .map(|n| (str_of(&n["id"], "id").to_string(), str_of(&n["label"], "label").to_string()))
        .collect();
    assert_eq!(labels, want.labels);
    let edges: BTreeSet<(String, String)> = v["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| (str_of(&e["source"], "source").into(), str_of(&e["target"], "target").into()))
        .collect();
    assert_eq!(edges.len(), graph.edge_count());
    assert_eq!(edges, want.edges);
}

/// Cytoscape.js elements: ids unique across nodes and edges, edges between declared
/// nodes, numeric positions.
pub fn check_cytoscape(graph: &CoGraph, bytes: &[u8]) {
    let v = strict_json(bytes);
    let want = expected(graph);
    let nodes = v["elements"]["nodes"].as_array().expect("nodes");
    let edges = v["elements"]["edges"].as_array().expect("edges");
    let mut ids = vec![];
    let mut labels = BTreeMap::new();
    for n in nodes {
        let id = str_of(&n["data"]["id"], "node id").to_string();
        labels.insert(id.clone(), str_of(&n["data"]["label"], "label").to_string());
        finite(&n["position"]["x"], "x");
        finite(&n["position"]["y"], "y");
        ids.push(id);
    }
    assert_eq!(labels, want.labels);
    let mut pairs = BTreeSet::new();
    for e in edges {
        ids.push(str_of(&e["data"]["id"], "edge id").to_string());
        let (s, t) = (str_of(&e["data"]["source"], "source"), str_of(&e["data"]["target"], "t"));
        assert!(want.labels.contains_key(s) && want.labels.contains_key(t), "dangling edge");
        pairs.insert((s.to_string(), t.to_string()));
    }
    unique(&ids, "element");
    assert_eq!(pairs, want.edges);
}

/// graphology: node keys unique, numeric x and y, no `type` attribute on nodes, edges
/// between declared nodes.
pub fn check_graphology(graph: &CoGraph, bytes: &[u8]) {
    let v = strict_json(bytes);
    let want = expected(graph);
    let mut labels = BTreeMap::new();
    let mut keys = vec![];
    for n in v["nodes"].as_array().expect("nodes") {
        let key = str_of(&n["key"], "node key").to_string();
        let a = &n["attributes"];
        finite(&a["x"], "x");
        finite(&a["y"], "y");
        assert!(a.get("type").is_none(), "sigma.js reads type as a program name");
        labels.insert(key.clone(), str_of(&a["label"], "label").to_string());
        keys.push(key);
    }
    unique(&keys, "node");
    assert_eq!(labels, want.labels);
    let mut edge_keys = vec![];
    let mut pairs = BTreeSet::new();
    for e in v["edges"].as_array().expect("edges") {
        edge_keys.push(str_of(&e["key"], "edge key").to_string());
        pairs
            .insert((str_of(&e["source"], "s").to_string(), str_of(&e["target"], "t").to_string()));
    }
    unique(&edge_keys, "edge");
    assert_eq!(pairs, want.edges);
}

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    match roxmltree::Document::parse(text) {
        Ok(d) => d,
        Err(e) => panic!("not well-formed XML ({e}):\n{text}"),
    }
}

/// GEXF: well-formed XML; attribute ids unique per class and every `attvalue` refers to
/// one; nodes and edges as in the graph, labels as written (after XML sanitising).
pub fn check_gexf(graph: &CoGraph, text: &str) {
    let doc = parse_xml(text);
    let want = expected(graph);
    let mut declared: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for attrs in doc.descendants().filter(|n| n.has_tag_name("attributes")) {
        let class = attrs.attribute("class").expect("class").to_string();
        let mut ids = vec![];
        for a in attrs.children().filter(|n| n.has_tag_name("attribute")) {
            ids.push(a.attribute("id").expect("attribute id").to_string());
        }
        unique(&ids, "attribute");
        declared.insert(class, ids.into_iter().collect());
    }
    let mut labels = BTreeMap::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("node")) {
        let id = n.attribute("id").expect("node id").to_string();
        labels.insert(id, n.attribute("label").expect("label").to_string());
        for v in n.descendants().filter(|n| n.has_tag_name("attvalue")) {
            let f = v.attribute("for").expect("for");
            assert!(declared["node"].contains(f), "attvalue for undeclared {f:?}");
        }
    }
    let sanitised: BTreeMap<String, String> =
        want.labels.iter().map(|(k, v)| (k.clone(), xml::sanitize(v).into_owned())).collect();
    assert_eq!(labels, sanitised);
    let mut pairs = BTreeSet::new();
    for e in doc.descendants().filter(|n| n.has_tag_name("edge")) {
        let (s, t) = (e.attribute("source").expect("s"), e.attribute("target").expect("t"));
        pairs.insert((s.to_string(), t.to_string()));
        for v in e.descendants().filter(|n| n.has_tag_name("attvalue")) {
            let f = v.attribute("for").expect("for");
            assert!(declared["edge"].contains(f), "attvalue for undeclared {f:?}");
        }
        let weight: f64 = e.attribute("weight").expect("weight").parse().expect("a number");
        assert!(weight > 0.0, "Gephi drops edges of weight 0");
    }
    assert_eq!(pairs, want.edges);
}

/// GraphML: well-formed XML; key ids unique and declared before the graph; every `data`
/// refers to a key; nodes, labels and edges as in the graph.
pub fn check_graphml(graph: &CoGraph, text: &str) {
    let doc = parse_xml(text);
    let want = expected(graph);
    let root = doc.root_element();
    let keys: Vec<String> = root
        .children()
        .filter(|n| n.has_tag_name("key"))
        .map(|k| k.attribute("id").expect("key id").to_string())
        .collect();
    unique(&keys, "key");
    let keys: BTreeSet<String> = keys.into_iter().collect();
    for d in doc.descendants().filter(|n| n.has_tag_name("data")) {
        let k = d.attribute("key").expect("data key");
        assert!(keys.contains(k), "data for undeclared key {k:?}");
    }
    let mut labels = BTreeMap::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("node")) {
        let id = n.attribute("id").expect("node id").to_string();
        let label = n
            .children()
            .find(|d| d.has_tag_name("data") && d.attribute("key") == Some("label"))
            .map(|d| d.text().unwrap_or("").to_string())
            .expect("a label");
        labels.insert(id, label);
    }
    let sanitised: BTreeMap<String, String> =
        want.labels.iter().map(|(k, v)| (k.clone(), xml::sanitize(v).into_owned())).collect();
    assert_eq!(labels, sanitised);
    let pairs: BTreeSet<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            (e.attribute("source").expect("s").into(), e.attribute("target").expect("t").into())
        })
        .collect();
    assert_eq!(pairs, want.edges);
}

/// DOT: quoted strings closed, HTML-like labels balanced and well-formed XML, braces
/// balanced, nothing after the closing brace, no control characters but line ends between
/// statements; one node statement per node and one edge statement per edge.
pub fn check_dot(graph: &CoGraph, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut depth = 0i32;
    let mut closed = false;
    let mut edges = 0;
    while i < chars.len() {
        let c = chars[i];
        assert!(!closed || c.is_whitespace(), "text after the closing brace:\n{text}");
        match c {
            '"' => {
                i += 1;
                loop {
                    let c = *chars.get(i).unwrap_or_else(|| panic!("unclosed string:\n{text}"));
                    assert!(!c.is_control(), "control character {c:?} in a string:\n{text}");
                    match c {
                        '\\' => i += 2,
                        '"' => break,
                        _ => i += 1,
                    }
                }
            }
            '<' => {
                let start = i;
                let mut level = 0;
                loop {
                    let c = *chars.get(i).unwrap_or_else(|| panic!("unclosed HTML label:\n{text}"));
                    match c {
                        '<' => level += 1,
                        '>' => level -= 1,
                        _ => {}
                    }
                    if level == 0 {
                        break;
                    }
                    i += 1;
                }
                let inner: String = chars[start + 1..i].iter().collect();
                let wrapped = format!("<x>{inner}</x>");
                if let Err(e) = roxmltree::Document::parse(&wrapped) {
                    panic!("HTML-like label is not well-formed ({e}): {inner:?}");
                }
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                assert!(depth >= 0, "unbalanced braces:\n{text}");
                closed = depth == 0;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                edges += 1;
                i += 1;
            }
            '\n' | '\t' | ' ' => {}
            c => assert!(!c.is_control(), "control character {c:?} outside strings:\n{text}"),
        }
        i += 1;
    }
    assert!(closed, "no closing brace:\n{text}");
    assert_eq!(edges, graph.edge_count(), "edge statements:\n{text}");
}

/// CSV: a header and one record per node (edge), every record as long as the header.
pub fn check_csv(rows: usize, bytes: &[u8]) {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let width = reader.headers().expect("a header").len();
    let mut n = 0;
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("bad CSV ({e}):\n{bytes:?}"));
        assert_eq!(record.len(), width);
        n += 1;
    }
    assert_eq!(n, rows, "records");
}
