//! Cytoscape.js JSON (`.cyjs`, `.cytoscape.json`): in a web page
//! `cytoscape({container, elements: json.elements, layout: {name: "preset"}})`, or
//! File > Import > Network from File in Cytoscape desktop.
//!
//! ```json
//! {"format_version": "1.0", "generated_by": "actorgraph 0.1.0",
//!  "data": {"name": "actorgraph", "window": "sentence", "N": 120, …},
//!  "elements": {
//!    "nodes": [{"data": {"id": "ISR", "label": "Israel", "type": "country", …,
//!                        "color": "#8dd3c7"},
//!               "position": {"x": -12.5, "y": 40.25}}],
//!    "edges": [{"data": {"id": "ISR:hamas", "source": "ISR", "target": "hamas",
//!                        "weight": 7, "kind": "comention", …, "evidence": "[…]"}}]}}
//! ```
//!
//! - Ids are strings, unique across nodes and edges: an edge id is `source:target`
//!   ([`edge_id`]), and actor ids cannot hold `:`. (Cytoscape.js silently drops an element
//!   whose id is already taken, so an edge named like a node would vanish.)
//! - Node and edge data carry the same attributes, with the same names and types, as the
//!   node-link JSON; `weight` is the model's weight (0 for an affiliation edge, which
//!   Cytoscape keeps). `color` is the actor type's colour, for a style such as
//!   `background-color: data(color)`. Evidence is a JSON string, because Cytoscape
//!   desktop turns data into table columns and a column cannot hold a list of objects.
//! - `position` comes from [`layout`]: Cytoscape desktop and Cytoscape.js's
//!   `preset` layout use it as is (Cytoscape.js's default layout, `grid`, replaces it).

use std::io::{self, Write};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::json::Meta;
use super::{
    dot, edge_id, edge_values, extra_attributes, layout, node_columns, node_values, typed, Fields,
    EDGE_COLUMNS,
};
use crate::graph::CoGraph;

/// Writes `graph` as Cytoscape.js JSON, with a final newline.
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
        map.serialize_entry("format_version", "1.0")?;
        map.serialize_entry("generated_by", &self.graph.meta.tool)?;
        map.serialize_entry("data", &Meta(&self.graph.meta))?;
        map.serialize_entry("elements", &Elements(self))?;
        map.end()
    }
}

struct Elements<'a>(&'a Doc<'a>);

impl Serialize for Elements<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("nodes", &Nodes(self.0))?;
        map.serialize_entry("edges", &Edges(self.0))?;
        map.end()
    }
}

struct Nodes<'a>(&'a Doc<'a>);

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.0;
        let columns = node_columns(&doc.extras);
        let mut seq = s.serialize_seq(Some(doc.graph.node_count()))?;
        for (i, n) in doc.graph.nodes().enumerate() {
            let mut data: Vec<(&str, serde_json::Value)> =
                vec![("id", n.id.as_str().into()), ("label", n.label.as_str().into())];
            for ((name, kind), value) in columns.iter().zip(node_values(n, &doc.extras)) {
                if let Some(value) = value {
                    data.push((name, typed(*kind, value)));
                }
            }
            data.push(("color", dot::style(&n.kind).1.into()));
            let position = doc.positions.get(i).copied().unwrap_or_default();
            seq.serialize_element(&Element { data: Fields(&data), position: Some(position) })?;
        }
        seq.end()
    }
}

struct Edges<'a>(&'a Doc<'a>);

impl Serialize for Edges<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.graph.edge_count()))?;
        for (a, b, e) in self.0.graph.edges() {
            let mut data: Vec<(&str, serde_json::Value)> = vec![
                ("id", edge_id(&a.id, &b.id).into()),
                ("source", a.id.as_str().into()),
                ("target", b.id.as_str().into()),
                ("weight", e.weight.into()),
            ];
            for ((name, kind), value) in EDGE_COLUMNS.iter().zip(edge_values(e)) {
                if let Some(value) = value {
                    data.push((name, typed(*kind, value)));
                }
            }
            seq.serialize_element(&Element { data: Fields(&data), position: None })?;
        }
        seq.end()
    }
}

struct Element<'a> {
    data: Fields<'a>,
    position: Option<(f64, f64)>,
}

impl Serialize for Element<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("data", &self.data)?;
        if let Some((x, y)) = self.position {
            map.serialize_entry("position", &Position { x, y })?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Position {
    x: f64,
    y: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testgraph;
    use serde_json::Value;

    fn cyjs() -> Value {
        let mut out = vec![];
        write(&testgraph::hostile(), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn ids_are_unique_across_nodes_and_edges() {
        let v = cyjs();
        let mut ids: Vec<&str> = vec![];
        for kind in ["nodes", "edges"] {
            for el in v["elements"][kind].as_array().unwrap() {
                ids.push(el["data"]["id"].as_str().unwrap());
            }
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert_eq!(n, 4 + 3);
    }

    #[test]
    fn data_is_typed_and_labels_are_kept_whole() {
        let v = cyjs();
        let nodes = v["elements"]["nodes"].as_array().unwrap();
        assert_eq!(nodes[0]["data"]["label"], testgraph::LABELS[0]);
        assert_eq!(nodes[1]["data"]["label"], testgraph::LABELS[1]);
        assert_eq!(nodes[0]["data"]["mentions"], 2);
        assert_eq!(nodes[0]["data"]["first_date"], "2024-01-15");
        assert_eq!(nodes[0]["data"]["attr_type"], "shadowed");
        assert_eq!(nodes[0]["data"]["color"], "#8dd3c7");
        assert!(nodes[0]["position"]["x"].is_number());
        let e = &v["elements"]["edges"][0]["data"];
        assert_eq!(e["id"], "a0:a1");
        assert_eq!(e["weight"], 2);
        assert_eq!(e["affiliation"], false);
        assert!(e["score"].is_number());
        let evidence: Value = serde_json::from_str(e["evidence"].as_str().unwrap()).unwrap();
        assert_eq!(evidence[0]["doc"], "d1");
        assert_eq!(v["data"]["window"], "sentence");
    }
}
