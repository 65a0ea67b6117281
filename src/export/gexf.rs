//! GEXF 1.3, Gephi's own format (`http://gexf.net/1.3`): File > Open in Gephi.
//!
//! Design: XML written by hand through one tested escaper ([`escape`]), not quick-xml —
//! the markup is fixed and flat, quick-xml's escaping lets through the control characters
//! XML 1.0 forbids (we need our own sanitiser anyway), and its API breaks between 0.x
//! releases.
//!
//! What is in the file:
//!
//! - `<meta>` with the creator (`actorgraph X.Y.Z`) and a description of how the graph
//!   was built (window, score, N, documents, inputs, gazetteers, filters).
//! - Typed attribute declarations (`<attributes class="node">`, `class="edge"`) with the
//!   same names as the JSON: counts are `long`, degree and component `integer`, the score
//!   `double`, `affiliation` `boolean`, everything else `string`. GEXF 1.3 has no date
//!   attribute type, so `first_date`/`last_date` are strings at the precision of the
//!   input (`2024`, `2024-03`, `2024-03-07`); the spells below carry the full dates.
//!   Evidence is a JSON string (see [`json::evidence_string`](super::json::evidence_string)).
//! - Each node's `label`, and with viz on (the default): `viz:color` by actor type (the
//!   colours of the DOT output), `viz:size` from 5 to 25 with the logarithm of the
//!   mentions (in the units of the positions, where an edge is about 100 long, so nodes
//!   do not overlap), and `viz:position` from [`layout`], so Gephi opens
//!   on a readable picture instead of a random scatter.
//! - Each edge's `weight` (see [`gephi_weight`]: 1 for an affiliation edge, which Gephi
//!   would otherwise drop) and id `source:target` ([`edge_id`]).
//!
//! # Dynamic graphs
//!
//! When documents carry dates (any node has a `first_date`), the graph is dynamic
//! (`mode="dynamic" timeformat="date"`) and every dated node and edge has one spell from
//! its first to its last date, so Gephi's timeline plays the story: an actor appears with
//! its first dated mention, a tie with the first document that shows it. GEXF dates are
//! full `xs:date`s, so a date known only to the month or year is widened to the whole
//! period: a start of `2024` or `2024-03` becomes `2024-01-01` or `2024-03-01`, an end of
//! `2024` or `2024-02` becomes `2024-12-31` or `2024-02-29`. Nodes and edges without
//! dates (an affiliation edge, an actor seen only in undated documents) get no spell,
//! which Gephi reads as always present. Without any date the graph is static.
//!
//! # Validation
//!
//! Files validate against the GEXF 1.3 RELAX NG schema (`gexf.rng`). The official XSD
//! wrongly declares the viz elements in the main namespace and rejects every `viz:`
//! element, so [`GexfOptions::viz`] = `false` (`--no-viz` on the command line) leaves
//! them out for tools that validate with the XSD.

use std::io::{self, Write};

use super::xml::escape;
use super::{
    dot, edge_id, edge_values, extra_attributes, gephi_weight, layout, node_columns, node_values,
    rgb, size_by_mentions, AttrType, EDGE_COLUMNS,
};
use crate::actor::Date;
use crate::graph::{CoGraph, GraphMeta};

/// The GEXF 1.3 namespace.
pub const NAMESPACE: &str = "http://gexf.net/1.3";
/// The GEXF 1.3 viz namespace.
pub const VIZ_NAMESPACE: &str = "http://gexf.net/1.3/viz";

/// How to write GEXF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GexfOptions {
    /// Write `viz:color`, `viz:size` and `viz:position` (default). Gephi and the RELAX NG
    /// schema accept them; the official XSD rejects them.
    pub viz: bool,
}

impl Default for GexfOptions {
    fn default() -> Self {
        GexfOptions { viz: true }
    }
}

/// Writes `graph` as GEXF 1.3 with the default options (viz on).
pub fn write<W: Write>(graph: &CoGraph, w: W) -> io::Result<()> {
    write_with(graph, &GexfOptions::default(), w)
}

/// Writes `graph` as GEXF 1.3.
pub fn write_with<W: Write>(graph: &CoGraph, options: &GexfOptions, mut w: W) -> io::Result<()> {
    let dynamic = graph.nodes().any(|n| n.first_date.is_some());
    let extras = extra_attributes(graph);
    let columns = node_columns(&extras);
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    if options.viz {
        writeln!(w, r#"<gexf xmlns="{NAMESPACE}" xmlns:viz="{VIZ_NAMESPACE}" version="1.3">"#)?;
    } else {
        writeln!(w, r#"<gexf xmlns="{NAMESPACE}" version="1.3">"#)?;
    }
    writeln!(w, "  <meta>")?;
    writeln!(w, "    <creator>{}</creator>", escape(&graph.meta.tool))?;
    writeln!(w, "    <keywords>actorgraph, co-mention network, news actors</keywords>")?;
    writeln!(w, "    <description>{}</description>", escape(&description(graph)))?;
    writeln!(w, "  </meta>")?;
    if dynamic {
        writeln!(w, r#"  <graph defaultedgetype="undirected" mode="dynamic" timeformat="date">"#)?;
    } else {
        writeln!(w, r#"  <graph defaultedgetype="undirected" mode="static">"#)?;
    }
    writeln!(w, r#"    <attributes class="node" mode="static">"#)?;
    for (name, kind) in &columns {
        declare(&mut w, name, *kind)?;
    }
    writeln!(w, "    </attributes>")?;
    writeln!(w, r#"    <attributes class="edge" mode="static">"#)?;
    for (name, kind) in EDGE_COLUMNS {
        declare(&mut w, name, kind)?;
    }
    writeln!(w, "    </attributes>")?;
    let positions = if options.viz { layout::positions(graph) } else { vec![] };
    let max_mentions = graph.nodes().map(|n| n.mentions).max().unwrap_or(1);
    writeln!(w, r#"    <nodes count="{}">"#, graph.node_count())?;
    for (i, n) in graph.nodes().enumerate() {
        writeln!(w, r#"      <node id="{}" label="{}">"#, escape(n.id.as_str()), escape(&n.label))?;
        attvalues(&mut w, columns.iter().map(|c| c.0), node_values(n, &extras))?;
        spell(&mut w, n.first_date, n.last_date)?;
        if options.viz {
            let (r, g, b) = rgb(dot::style(&n.kind).1);
            writeln!(w, r#"        <viz:color r="{r}" g="{g}" b="{b}"/>"#)?;
            let size = size_by_mentions(n.mentions, max_mentions, 5.0, 25.0);
            writeln!(w, r#"        <viz:size value="{size}"/>"#)?;
            if let Some((x, y)) = positions.get(i) {
                writeln!(w, r#"        <viz:position x="{x}" y="{y}"/>"#)?;
            }
        }
        writeln!(w, "      </node>")?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, r#"    <edges count="{}">"#, graph.edge_count())?;
    for (a, b, e) in graph.edges() {
        writeln!(
            w,
            r#"      <edge id="{}" source="{}" target="{}" weight="{}">"#,
            escape(&edge_id(&a.id, &b.id)),
            escape(a.id.as_str()),
            escape(b.id.as_str()),
            gephi_weight(e)
        )?;
        attvalues(&mut w, EDGE_COLUMNS.iter().map(|c| c.0), edge_values(e))?;
        spell(&mut w, e.first_date, e.last_date)?;
        writeln!(w, "      </edge>")?;
    }
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")
}

fn declare<W: Write>(w: &mut W, name: &str, kind: AttrType) -> io::Result<()> {
    let kind = match kind {
        AttrType::String => "string",
        AttrType::Long => "long",
        AttrType::Integer => "integer",
        AttrType::Double => "double",
        AttrType::Boolean => "boolean",
    };
    let name = escape(name);
    writeln!(w, r#"      <attribute id="{name}" title="{name}" type="{kind}"/>"#)
}

fn attvalues<'a, W: Write>(
    w: &mut W,
    names: impl Iterator<Item = &'a str>,
    values: impl IntoIterator<Item = Option<String>>,
) -> io::Result<()> {
    let present: Vec<(&str, String)> =
        names.zip(values).filter_map(|(name, v)| Some((name, v?))).collect();
    if present.is_empty() {
        return Ok(());
    }
    writeln!(w, "        <attvalues>")?;
    for (name, value) in present {
        writeln!(w, r#"          <attvalue for="{}" value="{}"/>"#, escape(name), escape(&value))?;
    }
    writeln!(w, "        </attvalues>")
}

fn spell<W: Write>(w: &mut W, first: Option<Date>, last: Option<Date>) -> io::Result<()> {
    let (Some(first), Some(last)) = (first, last) else { return Ok(()) };
    writeln!(w, "        <spells>")?;
    writeln!(w, r#"          <spell start="{}" end="{}"/>"#, start_date(first), end_date(last))?;
    writeln!(w, "        </spells>")
}

/// The first day of the period `d` names: `2024` → `2024-01-01`, `2024-03` →
/// `2024-03-01`, a full date unchanged.
pub fn start_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month.max(1), d.day.max(1))
}

/// The last day of the period `d` names: `2024` → `2024-12-31`, `2024-02` →
/// `2024-02-29`, `2023-02` → `2023-02-28`, a full date unchanged.
pub fn end_date(d: Date) -> String {
    let month = if d.month == 0 { 12 } else { d.month };
    let day = if d.day == 0 { days_in_month(d.year, month) } else { d.day };
    format!("{:04}-{:02}-{:02}", d.year, month, day)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// One paragraph saying how the graph was built, for `<meta><description>`.
fn description(graph: &CoGraph) -> String {
    let m: &GraphMeta = &graph.meta;
    let mut s = format!(
        "Co-mention graph of news actors: {} actors, {} edges. Edge weight = number of {} \
         in which both actors are mentioned ({} window, N = {}); score: {}; {} documents; \
         up to {} evidence sentences per edge.",
        graph.node_count(),
        graph.edge_count(),
        m.window.plural(),
        m.window,
        m.n(),
        m.score,
        m.documents,
        m.evidence
    );
    if !m.inputs.is_empty() {
        s.push_str(&format!(" Inputs: {}.", m.inputs.join(", ")));
    }
    if !m.gazetteers.is_empty() {
        s.push_str(&format!(" Gazetteers: {}.", m.gazetteers.join(", ")));
    }
    if !m.filters.is_empty() {
        let f: Vec<String> = m.filters.iter().map(|(k, v)| format!("{k}={v}")).collect();
        s.push_str(&format!(" Filters: {}.", f.join(", ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testgraph;

    fn gexf(options: GexfOptions) -> String {
        let mut out = vec![];
        write_with(&testgraph::hostile(), &options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn partial_dates_widen_to_whole_periods() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(start_date(d("2024")), "2024-01-01");
        assert_eq!(end_date(d("2024")), "2024-12-31");
        assert_eq!(start_date(d("2024-02")), "2024-02-01");
        assert_eq!(end_date(d("2024-02")), "2024-02-29");
        assert_eq!(end_date(d("2023-02")), "2023-02-28");
        assert_eq!(end_date(d("1900-02")), "1900-02-28");
        assert_eq!(end_date(d("2000-02")), "2000-02-29");
        assert_eq!(end_date(d("2024-04")), "2024-04-30");
        assert_eq!(end_date(d("2024-12")), "2024-12-31");
        assert_eq!(start_date(d("2024-03-07")), "2024-03-07");
        assert_eq!(end_date(d("2024-03-07")), "2024-03-07");
    }

    #[test]
    fn dated_graphs_are_dynamic_with_spells() {
        let s = gexf(GexfOptions::default());
        assert!(
            s.contains(r#"<graph defaultedgetype="undirected" mode="dynamic" timeformat="date">"#)
        );
        // a0: documents of 2024-01-15 and 2024-02 (month precision).
        let a0 = &s[s.find(r#"<node id="a0""#).unwrap()..];
        let a0 = &a0[..a0.find("</node>").unwrap()];
        assert!(a0.contains(r#"<spell start="2024-01-15" end="2024-02-29"/>"#), "{a0}");
        // a3: one document dated 2023.
        assert!(s.contains(r#"<spell start="2023-01-01" end="2023-12-31"/>"#));
        // The a0--a2 edge is seen only in the month-precision document.
        let e = &s[s.find(r#"<edge id="a0:a2""#).unwrap()..];
        assert!(e[..e.find("</edge>").unwrap()].contains(r#"start="2024-02-01" end="2024-02-29""#));
    }

    #[test]
    fn undated_graphs_are_static() {
        let mut g = testgraph::hostile();
        for n in g.graph.node_weights_mut() {
            n.first_date = None;
            n.last_date = None;
        }
        let mut out = vec![];
        write(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r#"mode="static""#));
        assert!(!s.contains("timeformat"));
    }

    #[test]
    fn labels_are_escaped_and_cleaned() {
        let s = gexf(GexfOptions::default());
        assert!(s.contains(r#"label="Line&#10;break&#13;&#10;and&#9;tab""#));
        assert!(s.contains("label=\"Bell\u{FFFD}nul\u{FFFD}esc\u{FFFD} \u{FFFD}\u{FFFD} end\""));
        assert!(s.contains(
            "label=\"Quote &quot;q&quot; 'a' &lt;tag&gt; &amp; ]]&gt; \\ é 中文 \u{202E}bidi\u{202C}\""
        ));
        assert!(!s.contains('\u{7}') && !s.contains('\u{0}') && !s.contains('\u{FFFE}'));
        // The reserved gazetteer attribute `type` is renamed, the actor type kept.
        assert!(s.contains(r#"<attvalue for="attr_type" value="shadowed"/>"#));
        assert!(s.contains(r#"<attvalue for="type" value="media"/>"#));
        // Evidence is a JSON string, escaped for XML.
        assert!(s.contains(r#"for="evidence" value="[{&quot;doc&quot;:&quot;d1&quot;"#));
    }

    #[test]
    fn viz_is_optional() {
        let with = gexf(GexfOptions::default());
        assert!(with.contains(VIZ_NAMESPACE) && with.contains("<viz:size value="));
        assert!(with.contains(r#"<viz:color r="141" g="211" b="199"/>"#));
        let without = gexf(GexfOptions { viz: false });
        assert!(!without.contains("viz"));
        assert_eq!(with, gexf(GexfOptions::default()));
    }
}
