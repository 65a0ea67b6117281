//! Graphviz DOT, written by hand because `petgraph::dot` prints indices and does not
//! escape attribute values.
//!
//! The graph is an undirected `graph` with `--` edges. Every id is quoted (so `graph`,
//! `node` or `strict` are fine as ids). Display labels are HTML-like labels
//! (`label=<…>`), where only XML entities are special: quotes, backslashes, `<`, `&` and
//! non-ASCII text in a name need no backslash escapes, and newlines become `<BR/>`. Other
//! attribute values are quoted strings with `"` and `\` escaped.
//!
//! Node shape and colour follow the actor type (a legend is drawn as the graph label);
//! `penwidth` grows with the logarithm of the weight; `weight` is the integer weight
//! (1 for affiliation edges, which are dashed). The layout is `neato`, so
//! `dot -Tsvg graph.dot` and `neato -Tsvg graph.dot` draw the same picture.

use std::io::{self, Write};

use super::xml::is_xml_char;
use crate::actor::ActorType;
use crate::graph::{CoGraph, EdgeKind};

/// Shape and fill colour for an actor type.
pub fn style(kind: &ActorType) -> (&'static str, &'static str) {
    match kind {
        ActorType::Country => ("ellipse", "#8dd3c7"),
        ActorType::Organization => ("box", "#80b1d3"),
        ActorType::Group => ("hexagon", "#fb8072"),
        ActorType::Person => ("octagon", "#fdb462"),
        ActorType::Other(_) => ("diamond", "#d9d9d9"),
    }
}

/// A quoted DOT string: `"` and `\` escaped, line breaks as `\n`, other control
/// characters, and the code points XML forbids (U+FFFE, U+FFFF: Graphviz copies tooltips
/// into SVG, which would not parse), as spaces. A value ending in a backslash gets a trailing space, since
/// `\"` would otherwise escape the closing quote.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() || crate::text::is_invisible(c) || !is_xml_char(c) => out.push(' '),
            c => out.push(c),
        }
    }
    if out.ends_with('\\') {
        out.push(' ');
    }
    out.push('"');
    out
}

/// Text for an HTML-like label: XML special characters as entities, line breaks as
/// `<BR/>`, control and invisible characters, and the code points XML forbids (Graphviz
/// parses these labels as XML and fails on U+FFFE and U+FFFF), dropped.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<BR/>"),
            c if c.is_control() || crate::text::is_invisible(c) || !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes `graph` as DOT.
pub fn write<W: Write>(graph: &CoGraph, mut w: W) -> io::Result<()> {
    let m = &graph.meta;
    writeln!(w, "graph \"actorgraph\" {{")?;
    // The legend: one cell per actor type present, coloured like the nodes.
    let mut kinds: Vec<&ActorType> = graph.nodes().map(|n| &n.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut legend = String::new();
    for kind in &kinds {
        let (shape, color) = style(kind);
        legend.push_str(&format!("<TD BGCOLOR=\"{color}\">{} ({shape})</TD>", html(kind.as_str())));
    }
    let title = format!(
        "{} — {} window, {} documents, {} actors, {} edges",
        m.tool,
        m.window,
        m.documents,
        graph.node_count(),
        graph.edge_count()
    );
    writeln!(
        w,
        "  graph [layout=neato, overlap=false, splines=true, outputorder=edgesfirst, \
         fontname=\"Helvetica\", labelloc=b, label=<<TABLE BORDER=\"0\" CELLSPACING=\"4\"><TR><TD COLSPAN=\"{}\">{}</TD></TR><TR>{}</TR></TABLE>>];",
        kinds.len().max(1),
        html(&title),
        if legend.is_empty() { "<TD></TD>".to_string() } else { legend }
    )?;
    writeln!(w, "  node [style=filled, fontname=\"Helvetica\", penwidth=0.5];")?;
    writeln!(w, "  edge [color=\"#55555599\"];")?;
    let max_mentions = graph.nodes().map(|n| n.mentions).max().unwrap_or(1).max(1);
    for n in graph.nodes() {
        let (shape, color) = style(&n.kind);
        let size =
            10.0 + 14.0 * (n.mentions.max(1) as f64).ln() / (max_mentions.max(2) as f64).ln();
        let mut attrs = vec![
            format!("label=<{}>", html(&n.label)),
            format!("shape={shape}"),
            format!("fillcolor={}", quote(color)),
            format!("fontsize={size:.1}"),
            format!("type={}", quote(n.kind.as_str())),
            format!("mentions={}", n.mentions),
            format!("documents={}", n.documents),
        ];
        if let Some(v) = &n.iso3 {
            attrs.push(format!("iso3={}", quote(v)));
        }
        if let Some(v) = &n.role {
            attrs.push(format!("role={}", quote(v)));
        }
        if let Some(v) = &n.affiliation {
            attrs.push(format!("affiliation={}", quote(v.as_str())));
        }
        let mut tip = format!(
            "{} ({}): {} mentions in {} documents",
            n.label, n.kind, n.mentions, n.documents
        );
        if let Some(role) = &n.role {
            tip.push_str(&format!("; {role}"));
        }
        attrs.push(format!("tooltip={}", quote(&tip)));
        writeln!(w, "  {} [{}];", quote(n.id.as_str()), attrs.join(", "))?;
    }
    let max_weight = graph.edges().map(|(_, _, e)| e.weight).max().unwrap_or(1).max(1);
    for (a, b, e) in graph.edges() {
        let weight = e.weight.max(1);
        let pen = if max_weight > 1 {
            1.0 + 4.0 * (weight as f64).ln() / (max_weight as f64).ln()
        } else {
            1.0
        };
        let mut attrs = vec![
            format!("weight={weight}"),
            format!("penwidth={pen:.2}"),
            format!("kind={}", quote(e.kind.as_str())),
            format!("sentences={}", e.sentences),
            format!("paragraphs={}", e.paragraphs),
            format!("documents={}", e.documents),
        ];
        if e.kind == EdgeKind::Affiliation {
            attrs.push("style=dashed".into());
        }
        if let Some(score) = e.score {
            attrs.push(format!("score={}", quote(&format!("{score}"))));
        }
        let tip = match e.evidence.first() {
            Some(ev) => format!("{} — {}: {}", a.label, b.label, ev.text),
            None => format!("{} — {}", a.label, b.label),
        };
        attrs.push(format!("tooltip={}", quote(&tip)));
        writeln!(
            w,
            "  {} -- {} [{}];",
            quote(a.id.as_str()),
            quote(b.id.as_str()),
            attrs.join(", ")
        )?;
    }
    writeln!(w, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("graph"), "\"graph\"");
        assert_eq!(quote("a \"b\" c\\d\ne"), "\"a \\\"b\\\" c\\\\d\\ne\"");
        assert_eq!(quote("ends\\"), "\"ends\\\\ \"");
        assert_eq!(quote("bidi\u{202E}x\u{0007}"), "\"bidi x \"");
        // Found by the `writers` fuzz target: Graphviz copies tooltips into SVG.
        assert_eq!(quote("a\u{FFFE}b\u{FFFF}"), "\"a b \"");
    }

    #[test]
    fn html_labels() {
        assert_eq!(
            html("A & B <C> \"q\" ]]> \\ é\nx"),
            "A &amp; B &lt;C&gt; &quot;q&quot; ]]&gt; \\ é<BR/>x"
        );
        // Found by the `writers` fuzz target: `dot` rejects the whole file ("not
        // well-formed (invalid token)") for one U+FFFF in a label or actor type.
        assert_eq!(html("a\u{FFFE}b\u{FFFF}c\u{FFFD}"), "abc\u{FFFD}");
    }
}
