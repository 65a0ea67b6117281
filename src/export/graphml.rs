//! GraphML (`http://graphml.graphdrawing.org/xmlns`): Gephi (File > Open), Cytoscape
//! desktop (File > Import > Network from File), yEd, networkx `read_graphml`, igraph.
//!
//! XML is written by hand, like GEXF (see [`gexf`](super::gexf) for why), through the
//! tested [`escape`].
//!
//! - Every attribute is declared by a `<key>` before the `<graph>`, with a GraphML
//!   `attr.type` (`boolean`, `int`, `long`, `double`, `string`): counts are `long`,
//!   degree and component `int`, the score and the weight `double`. Values are flat, so
//!   the graph's inputs, gazetteers, filters and per-tier unit counts, and each edge's
//!   evidence, are JSON strings.
//! - Key ids are `g_<name>`, `n_<name>` and `e_<name>` (a node and an edge attribute may
//!   share a name, a key id may not), except `label` and `weight`, whose ids equal their
//!   names so that importers matching either the id or `attr.name` (Gephi) find them.
//! - The graph is `edgedefault="undirected"`; node ids are the actor ids (GraphML ids are
//!   `NMTOKEN`s, which actor ids always are), the names are in `label`; edge ids are
//!   `source:target` ([`edge_id`]), unique and also `NMTOKEN`s.
//! - `weight` is the edge weight, 1 for an affiliation edge ([`gephi_weight`]).
//!
//! Files validate against the GraphML 1.0 XSD (`graphml.xsd`), which also checks that
//! every edge end is a declared node.

use std::io::{self, Write};

use super::xml::escape;
use super::{
    edge_id, edge_values, extra_attributes, gephi_weight, node_columns, node_values, AttrType,
    EDGE_COLUMNS,
};
use crate::graph::{CoGraph, Window};

/// The GraphML namespace.
pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

/// Writes `graph` as GraphML.
pub fn write<W: Write>(graph: &CoGraph, mut w: W) -> io::Result<()> {
    let m = &graph.meta;
    let extras = extra_attributes(graph);
    let columns = node_columns(&extras);
    let json = |v: serde_json::Value| v.to_string();
    let units: serde_json::Map<String, serde_json::Value> =
        Window::ALL.iter().map(|w| (w.as_str().to_string(), m.units[w.index()].into())).collect();
    let filters: serde_json::Map<String, serde_json::Value> =
        m.filters.iter().map(|(k, v)| (k.clone(), v.clone().into())).collect();
    let graph_data: Vec<(&str, AttrType, String)> = vec![
        ("name", AttrType::String, "actorgraph".into()),
        ("tool", AttrType::String, m.tool.clone()),
        ("window", AttrType::String, m.window.to_string()),
        ("score", AttrType::String, m.score.to_string()),
        ("N", AttrType::Long, m.n().to_string()),
        ("units", AttrType::String, json(units.into())),
        ("documents", AttrType::Long, m.documents.to_string()),
        ("evidence", AttrType::Integer, m.evidence.to_string()),
        ("inputs", AttrType::String, json(m.inputs.clone().into())),
        ("gazetteers", AttrType::String, json(m.gazetteers.clone().into())),
        ("filters", AttrType::String, json(filters.into())),
    ];

    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd">"#
    )?;
    for (name, kind, _) in &graph_data {
        key(&mut w, &format!("g_{name}"), "graph", name, *kind)?;
    }
    key(&mut w, "label", "node", "label", AttrType::String)?;
    for (name, kind) in &columns {
        key(&mut w, &format!("n_{name}"), "node", name, *kind)?;
    }
    key(&mut w, "weight", "edge", "weight", AttrType::Double)?;
    for (name, kind) in EDGE_COLUMNS {
        key(&mut w, &format!("e_{name}"), "edge", name, kind)?;
    }
    writeln!(w, r#"  <graph id="actorgraph" edgedefault="undirected">"#)?;
    for (name, _, value) in &graph_data {
        writeln!(w, r#"    <data key="g_{}">{}</data>"#, escape(name), escape(value))?;
    }
    for n in graph.nodes() {
        writeln!(w, r#"    <node id="{}">"#, escape(n.id.as_str()))?;
        writeln!(w, r#"      <data key="label">{}</data>"#, escape(&n.label))?;
        for ((name, _), value) in columns.iter().zip(node_values(n, &extras)) {
            if let Some(value) = value {
                writeln!(w, r#"      <data key="n_{}">{}</data>"#, escape(name), escape(&value))?;
            }
        }
        writeln!(w, "    </node>")?;
    }
    for (a, b, e) in graph.edges() {
        writeln!(
            w,
            r#"    <edge id="{}" source="{}" target="{}">"#,
            escape(&edge_id(&a.id, &b.id)),
            escape(a.id.as_str()),
            escape(b.id.as_str())
        )?;
        writeln!(w, r#"      <data key="weight">{}</data>"#, gephi_weight(e))?;
        for ((name, _), value) in EDGE_COLUMNS.iter().zip(edge_values(e)) {
            if let Some(value) = value {
                writeln!(w, r#"      <data key="e_{}">{}</data>"#, escape(name), escape(&value))?;
            }
        }
        writeln!(w, "    </edge>")?;
    }
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")
}

fn key<W: Write>(w: &mut W, id: &str, of: &str, name: &str, kind: AttrType) -> io::Result<()> {
    let kind = match kind {
        AttrType::String => "string",
        AttrType::Long => "long",
        AttrType::Integer => "int",
        AttrType::Double => "double",
        AttrType::Boolean => "boolean",
    };
    writeln!(
        w,
        r#"  <key id="{}" for="{of}" attr.name="{}" attr.type="{kind}"/>"#,
        escape(id),
        escape(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testgraph;

    fn graphml() -> String {
        let mut out = vec![];
        write(&testgraph::hostile(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn keys_come_before_the_graph_and_are_unique() {
        let s = graphml();
        let graph_at = s.find("<graph ").unwrap();
        let ids: Vec<&str> = s
            .match_indices("<key id=\"")
            .map(|(i, m)| {
                assert!(i < graph_at);
                let rest = &s[i + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        assert!(ids.contains(&"label") && ids.contains(&"weight") && ids.contains(&"n_documents"));
        assert!(
            s.contains(r#"<key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#)
        );
        assert!(s.contains(r#"edgedefault="undirected""#));
    }

    #[test]
    fn text_is_escaped_and_cleaned() {
        let s = graphml();
        assert!(s.contains(r#"<data key="label">Line&#10;break&#13;&#10;and&#9;tab</data>"#));
        assert!(s.contains(
            "<data key=\"label\">Bell\u{FFFD}nul\u{FFFD}esc\u{FFFD} \u{FFFD}\u{FFFD} end</data>"
        ));
        assert!(s.contains("&lt;tag&gt; &amp; ]]&gt;"));
        assert!(!s.contains('\u{7}'));
        assert!(s.contains(r#"<edge id="a0:a1" source="a0" target="a1">"#));
        assert!(s.contains(r#"<data key="n_attr_type">shadowed</data>"#));
    }
}
