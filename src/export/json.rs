//! networkx node-link JSON.
//!
//! ```json
//! {"directed": false, "multigraph": false,
//!  "graph": {"name": "actorgraph", "window": "sentence", "N": 120, …},
//!  "nodes": [{"id": "ISR", "label": "Israel", "type": "country", …}],
//!  "edges": [{"source": "ISR", "target": "hamas", "kind": "comention", "weight": 7, …}]}
//! ```
//!
//! Both flags are always written (a file without them loads as a MultiGraph in networkx),
//! the edge list is under `edges` (networkx ≥ 3.6's default; pass `edges="edges"` to older
//! versions), nodes are sorted by id and edges by (source, target). Load it with
//! `networkx.node_link_graph(json.load(f), edges="edges")`.

use std::io::{self, Write};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::graph::{CoGraph, Edge, Evidence, GraphMeta, Node, Window};

/// Node attribute names the writer uses itself or that readers give a meaning to; a
/// gazetteer attribute with one of these names is written as `attr_<name>` instead
/// (the same list, and the same names, in every format: see
/// [`extra_attributes`](super::extra_attributes)).
pub const RESERVED: &[&str] = super::RESERVED;

/// Writes `graph` as node-link JSON, with a final newline.
pub fn write<W: Write>(graph: &CoGraph, mut w: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, &NodeLink(graph))?;
    w.write_all(b"\n")
}

struct NodeLink<'a>(&'a CoGraph);

impl Serialize for NodeLink<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("directed", &false)?;
        map.serialize_entry("multigraph", &false)?;
        map.serialize_entry("graph", &Meta(&g.meta))?;
        map.serialize_entry("nodes", &Nodes(g, &super::extra_attributes(g)))?;
        map.serialize_entry("edges", &Edges(g))?;
        map.end()
    }
}

/// The graph's provenance as a JSON object (`name`, `tool`, `window`, `score`, `N`,
/// `units`, `documents`, `evidence`, `inputs`, `gazetteers`, `filters`), shared by the
/// JSON formats.
pub(crate) struct Meta<'a>(pub(crate) &'a GraphMeta);

impl Serialize for Meta<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("name", "actorgraph")?;
        map.serialize_entry("tool", &m.tool)?;
        map.serialize_entry("window", m.window.as_str())?;
        map.serialize_entry("score", m.score.as_str())?;
        map.serialize_entry("N", &m.n())?;
        let units: Vec<(&str, u64)> =
            Window::ALL.iter().map(|w| (w.as_str(), m.units[w.index()])).collect();
        map.serialize_entry("units", &PairsMap(&units))?;
        map.serialize_entry("documents", &m.documents)?;
        map.serialize_entry("evidence", &m.evidence)?;
        map.serialize_entry("inputs", &m.inputs)?;
        map.serialize_entry("gazetteers", &m.gazetteers)?;
        let filters: Vec<(&str, &str)> =
            m.filters.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        map.serialize_entry("filters", &PairsMap(&filters))?;
        map.end()
    }
}

struct PairsMap<'a, V>(&'a [(&'a str, V)]);

impl<V: Serialize> Serialize for PairsMap<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

struct Nodes<'a>(&'a CoGraph, &'a [(String, String)]);

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.node_count()))?;
        for n in self.0.nodes() {
            seq.serialize_element(&NodeJson(n, self.1))?;
        }
        seq.end()
    }
}

struct NodeJson<'a>(&'a Node, &'a [(String, String)]);

impl Serialize for NodeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let NodeJson(n, extras) = *self;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &n.id)?;
        map.serialize_entry("label", &n.label)?;
        map.serialize_entry("type", &n.kind)?;
        if let Some(v) = &n.iso3 {
            map.serialize_entry("iso3", v)?;
        }
        if let Some(v) = &n.role {
            map.serialize_entry("role", v)?;
        }
        if let Some(v) = &n.affiliation {
            map.serialize_entry("affiliation", v)?;
        }
        for (key, name) in extras {
            if let Some(v) = n.extra.get(key) {
                map.serialize_entry(name, v)?;
            }
        }
        map.serialize_entry("source", n.source)?;
        map.serialize_entry("mentions", &n.mentions)?;
        map.serialize_entry("documents", &n.documents)?;
        map.serialize_entry("frequency", &n.frequency)?;
        if let Some(d) = &n.first_date {
            map.serialize_entry("first_date", d)?;
        }
        if let Some(d) = &n.last_date {
            map.serialize_entry("last_date", d)?;
        }
        map.serialize_entry("degree", &n.degree)?;
        map.serialize_entry("component", &n.component)?;
        map.end()
    }
}

struct Edges<'a>(&'a CoGraph);

impl Serialize for Edges<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.edge_count()))?;
        for (a, b, e) in self.0.edges() {
            seq.serialize_element(&EdgeJson(a, b, e))?;
        }
        seq.end()
    }
}

struct EdgeJson<'a>(&'a Node, &'a Node, &'a Edge);

impl Serialize for EdgeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let EdgeJson(a, b, e) = *self;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("source", &a.id)?;
        map.serialize_entry("target", &b.id)?;
        map.serialize_entry("kind", e.kind.as_str())?;
        map.serialize_entry("affiliation", &e.affiliation)?;
        map.serialize_entry("weight", &e.weight)?;
        map.serialize_entry("sentences", &e.sentences)?;
        map.serialize_entry("paragraphs", &e.paragraphs)?;
        map.serialize_entry("documents", &e.documents)?;
        if let Some(score) = e.score {
            map.serialize_entry("score", &score)?;
        }
        if let Some(d) = &e.first_date {
            map.serialize_entry("first_date", d)?;
        }
        if let Some(d) = &e.last_date {
            map.serialize_entry("last_date", d)?;
        }
        map.serialize_entry("evidence", &EvidenceList(&e.evidence))?;
        map.end()
    }
}

struct EvidenceList<'a>(&'a [Evidence]);

impl Serialize for EvidenceList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for e in self.0 {
            seq.serialize_element(&EvidenceJson(e))?;
        }
        seq.end()
    }
}

/// One evidence record as JSON: `{"doc", "sentence", "start", "end", "text"}`. Also used
/// by the formats that store evidence as a JSON string attribute.
pub struct EvidenceJson<'a>(pub &'a Evidence);

impl Serialize for EvidenceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("doc", &*e.doc)?;
        map.serialize_entry("sentence", &e.sentence)?;
        map.serialize_entry("start", &e.start)?;
        map.serialize_entry("end", &e.end)?;
        map.serialize_entry("text", &e.text)?;
        map.end()
    }
}

/// The evidence of an edge as a compact JSON string, for formats whose attributes are
/// flat strings (GraphML, GEXF, CSV).
pub fn evidence_string(evidence: &[Evidence]) -> String {
    serde_json::to_string(&EvidenceList(evidence)).unwrap_or_else(|_| "[]".into())
}
