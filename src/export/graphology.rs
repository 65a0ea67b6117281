//! graphology's serialisation format (`.graphology.json`), for sigma.js:
//! `Graph.from(json)` (or `graph.import(json)`), then `new Sigma(graph, container)`.
//!
//! ```json
//! {"attributes": {"name": "actorgraph", "window": "sentence", "N": 120, …},
//!  "options": {"type": "undirected", "multi": false, "allowSelfLoops": false},
//!  "nodes": [{"key": "ISR", "attributes": {"label": "Israel", "x": -12.5, "y": 40.25,
//!             "size": 9.1, "color": "#8dd3c7", "actor_type": "country", …}}],
//!  "edges": [{"key": "ISR:hamas", "source": "ISR", "target": "hamas", "undirected": true,
//!             "attributes": {"weight": 7, "kind": "comention", …, "evidence": […]}}]}
//! ```
//!
//! - sigma.js draws nothing without numeric `x` and `y` on every node: they come from
//!   [`layout`], a deterministic force layout (same graph, same bytes).
//!   `size` (4 to 20 pixels, with the logarithm of the mentions) and `color` (the actor
//!   type's, as in DOT) are what sigma.js reads for drawing.
//! - sigma.js reads a node's or edge's `type` attribute as the name of the program that
//!   draws it, and fails on an unknown one, so the actor type is `actor_type` here (it is
//!   `type` in every other format) and the edge kind is `kind`.
//! - Every other attribute has the name and type it has in the node-link JSON; evidence
//!   is a list of objects, as in JSON, since graphology attributes can hold any value.
//! - Edge keys are `source:target` ([`edge_id`]).

use std::io::{self, Write};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::json::{EvidenceJson, Meta};
use super::{
    dot, edge_id, edge_values, extra_attributes, layout, node_columns, node_values,
    size_by_mentions, typed, Fields, EDGE_COLUMNS,
};
use crate::graph::CoGraph;

/// Writes `graph` as graphology JSON, with a final newline.
pub fn write<W: Write>(graph: &CoGraph, mut w: W) -> io::Result<()> {
    let doc = Doc { graph, extras: extra_attributes(graph), positions: layout::positions(graph) };
    serde_json::to_writer_pretty(&mut w, &doc)?;
    w.write_all(b"\n")
}

struct Doc<'a> {
    graph: &'a CoGraph,
    extras: Vec<(String, String)>,
    positions: Vec<(f64, f64)>,
}

impl Serialize for Doc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("attributes", &Meta(&self.graph.meta))?;
        map.serialize_entry("options", &Options)?;
        map.serialize_entry("nodes", &Nodes(self))?;
        map.serialize_entry("edges", &Edges(self))?;
        map.end()
    }
}

struct Options;

impl Serialize for Options {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("type", "undirected")?;
        map.serialize_entry("multi", &false)?;
        map.serialize_entry("allowSelfLoops", &false)?;
        map.end()
    }
}

struct Nodes<'a>(&'a Doc<'a>);

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.0;
        let columns = node_columns(&doc.extras);
        let max_mentions = doc.graph.nodes().map(|n| n.mentions).max().unwrap_or(1);
        let mut seq = s.serialize_seq(Some(doc.graph.node_count()))?;
        for (i, n) in doc.graph.nodes().enumerate() {
            let (x, y) = doc.positions.get(i).copied().unwrap_or_default();
            let mut attrs: Vec<(&str, serde_json::Value)> = vec![
                ("label", n.label.as_str().into()),
                ("x", x.into()),
                ("y", y.into()),
                ("size", size_by_mentions(n.mentions, max_mentions, 4.0, 20.0).into()),
                ("color", dot::style(&n.kind).1.into()),
            ];
            for ((name, kind), value) in columns.iter().zip(node_values(n, &doc.extras)) {
                if let Some(value) = value {
                    let name = if *name == "type" { "actor_type" } else { name };
                    attrs.push((name, typed(*kind, value)));
                }
            }
            seq.serialize_element(&Item { key: n.id.as_str(), ends: None, attrs })?;
        }
        seq.end()
    }
}

struct Edges<'a>(&'a Doc<'a>);

impl Serialize for Edges<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.graph.edge_count()))?;
        for (a, b, e) in self.0.graph.edges() {
            let mut attrs: Vec<(&str, serde_json::Value)> = vec![("weight", e.weight.into())];
            for ((name, kind), value) in EDGE_COLUMNS.iter().zip(edge_values(e)) {
                if *name == "evidence" {
                    let list: Vec<EvidenceJson> = e.evidence.iter().map(EvidenceJson).collect();
                    attrs.push((name, serde_json::to_value(list).unwrap_or_default()));
                } else if let Some(value) = value {
                    attrs.push((name, typed(*kind, value)));
                }
            }
            let key = edge_id(&a.id, &b.id);
            seq.serialize_element(&Item {
                key: &key,
                ends: Some((a.id.as_str(), b.id.as_str())),
                attrs,
            })?;
        }
        seq.end()
    }
}

/// A node (`ends` = `None`) or an undirected edge, with attributes in the order given.
struct Item<'a> {
    key: &'a str,
    ends: Option<(&'a str, &'a str)>,
    attrs: Vec<(&'a str, serde_json::Value)>,
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("key", self.key)?;
        if let Some((source, target)) = self.ends {
            map.serialize_entry("source", source)?;
            map.serialize_entry("target", target)?;
            map.serialize_entry("undirected", &true)?;
        }
        map.serialize_entry("attributes", &Fields(&self.attrs))?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testgraph;
    use serde_json::Value;

    fn graphology() -> (Vec<u8>, Value) {
        let mut out = vec![];
        write(&testgraph::hostile(), &mut out).unwrap();
        let v = serde_json::from_slice(&out).unwrap();
        (out, v)
    }

    #[test]
    fn every_node_has_numeric_coordinates_and_no_type() {
        let (_, v) = graphology();
        assert_eq!(v["options"]["type"], "undirected");
        for n in v["nodes"].as_array().unwrap() {
            let a = &n["attributes"];
            assert!(a["x"].as_f64().unwrap().is_finite() && a["y"].as_f64().unwrap().is_finite());
            assert!(a["size"].as_f64().unwrap() >= 4.0);
            assert!(a.get("type").is_none(), "sigma.js would read it as a program name");
            assert!(a["actor_type"].is_string());
        }
        assert_eq!(v["nodes"][2]["attributes"]["label"], testgraph::LABELS[2]);
        let e = &v["edges"][0];
        assert_eq!(e["key"], "a0:a1");
        assert_eq!(e["undirected"], true);
        assert_eq!(e["attributes"]["evidence"][0]["doc"], "d1");
    }

    #[test]
    fn same_graph_same_bytes() {
        assert_eq!(graphology().0, graphology().0);
    }
}
