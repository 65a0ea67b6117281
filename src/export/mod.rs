//! Writers for the finished graph, one module per format.
//!
//! Every writer reads the same [`CoGraph`]: no format re-derives counts, so a weight is
//! the same number in every file. What the writers share lives here: the names gazetteer
//! attributes are written under ([`extra_attributes`]), node sizes ([`size_by_mentions`]),
//! colours (from [`dot::style`]), positions ([`layout`]) and edge ids ([`edge_id`]).
//!
//! | format | module | extension | opens in |
//! |---|---|---|---|
//! | networkx node-link JSON | [`json`] | `.json` | networkx, any JSON reader |
//! | Graphviz DOT | [`dot`] | `.dot`, `.gv` | Graphviz |
//! | GEXF 1.3 | [`gexf`] | `.gexf` | Gephi (timeline when documents are dated) |
//! | GraphML | [`graphml`] | `.graphml` | Gephi, Cytoscape, yEd, networkx, igraph |
//! | Cytoscape.js JSON | [`cytoscape`] | `.cyjs`, `.cytoscape.json` | Cytoscape.js, Cytoscape desktop |
//! | graphology JSON | [`graphology`] | `.graphology.json` | graphology / sigma.js |
//! | CSV node and edge tables | [`csv`] | a folder | Gephi spreadsheet import, Kumu, spreadsheets |

pub mod csv;
pub mod cytoscape;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod graphology;
pub mod json;
pub mod layout;
pub mod xml;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use crate::actor::ActorId;
use crate::graph::{CoGraph, Edge, Node};

/// An output format of `actorgraph graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// networkx node-link JSON.
    Json,
    /// Graphviz DOT.
    Dot,
    /// GEXF 1.3 (Gephi), dynamic when documents are dated.
    Gexf,
    /// GraphML.
    Graphml,
    /// Cytoscape.js elements JSON (also read by Cytoscape desktop).
    Cytoscape,
    /// graphology serialisation JSON (sigma.js).
    Graphology,
    /// Two CSV tables, `nodes.csv` and `edges.csv`, in a folder.
    Csv,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 7] = [
        Format::Json,
        Format::Dot,
        Format::Gexf,
        Format::Graphml,
        Format::Cytoscape,
        Format::Graphology,
        Format::Csv,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Cytoscape => "cytoscape",
            Format::Graphology => "graphology",
            Format::Csv => "csv",
        }
    }

    /// The format a path's name implies, if any.
    ///
    /// Two-part suffixes are looked at first, so that the JSON dialects can keep a `.json`
    /// ending that editors and web servers understand: `.cytoscape.json` (and `.cyjs`, the
    /// Cytoscape desktop extension) is Cytoscape.js, `.graphology.json` is graphology, and
    /// any other `.json` is networkx node-link JSON. A path ending in a separator
    /// (`out/`) names a folder, which is where CSV goes (the CLI also treats an existing
    /// folder as CSV). A `.csv` file name is not a format: CSV is two files.
    pub fn from_path(path: &Path) -> Option<Format> {
        let whole = path.to_string_lossy();
        if whole.chars().last().is_some_and(std::path::is_separator) {
            return Some(Format::Csv);
        }
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".cytoscape.json") || name.ends_with(".cyjs") {
            return Some(Format::Cytoscape);
        }
        if name.ends_with(".graphology.json") {
            return Some(Format::Graphology);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "json" => Format::Json,
            "dot" | "gv" => Format::Dot,
            "gexf" => Format::Gexf,
            "graphml" => Format::Graphml,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Attribute names no gazetteer attribute may take, in any format: the node fields every
/// writer writes, and the names readers give a meaning of their own (`x`, `y`, `size`,
/// `color` in sigma.js, Gephi and Cytoscape; `parent` makes compound nodes in
/// Cytoscape.js; `hidden` in sigma.js; `r`, `g`, `b`, `weight` in Gephi's GraphML
/// importer). One list for all formats, so an attribute has the same name in every file.
pub const RESERVED: &[&str] = &[
    "id",
    "key",
    "label",
    "name",
    "type",
    "actor_type",
    "iso3",
    "role",
    "affiliation",
    "source",
    "target",
    "mentions",
    "documents",
    "frequency",
    "first_date",
    "last_date",
    "degree",
    "component",
    "x",
    "y",
    "z",
    "size",
    "color",
    "r",
    "g",
    "b",
    "parent",
    "hidden",
    "weight",
];

/// The gazetteer attributes found on any node, as `(key, name written)`, in key order.
///
/// A key that is reserved is written as `attr_<key>` (and `attr_attr_<key>` if the
/// gazetteer also has an `attr_<key>`, and so on), so names never collide with the
/// writer's own fields or with each other. Every format uses these names.
pub fn extra_attributes(graph: &CoGraph) -> Vec<(String, String)> {
    let keys: BTreeSet<&str> =
        graph.nodes().flat_map(|n| n.extra.keys().map(String::as_str)).collect();
    keys.iter()
        .map(|&key| {
            let mut name = key.to_string();
            while RESERVED.contains(&name.as_str()) || (name != key && keys.contains(name.as_str()))
            {
                name = format!("attr_{name}");
            }
            (key.to_string(), name)
        })
        .collect()
}

/// A display size growing with the logarithm of the mentions: `min` for one mention,
/// `max` for the most mentioned actor. Rounded to 2 decimals so files stay readable.
pub fn size_by_mentions(mentions: u64, max_mentions: u64, min: f64, max: f64) -> f64 {
    let scale = (mentions.max(1) as f64).ln() / (max_mentions.max(2) as f64).ln();
    round2(min + (max - min) * scale.clamp(0.0, 1.0))
}

/// The type of an attribute column in the formats whose values are flat strings (GEXF,
/// GraphML, CSV); each format writes its own name for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrType {
    /// Text.
    String,
    /// A 64-bit count (mentions, documents, co-mention counts).
    Long,
    /// A small integer (degree, component).
    Integer,
    /// A floating-point number (score).
    Double,
    /// `true` or `false`.
    Boolean,
}

/// The node attribute columns of the flat formats, after the id and label, as
/// `(name, type)`: type, iso3, role, affiliation, mentions, documents, frequency,
/// first_date, last_date, degree, component, source, then the gazetteer attributes
/// under the names [`extra_attributes`] gives.
pub fn node_columns(extras: &[(String, String)]) -> Vec<(&str, AttrType)> {
    use AttrType as T;
    let mut columns = vec![
        ("type", T::String),
        ("iso3", T::String),
        ("role", T::String),
        ("affiliation", T::String),
        ("mentions", T::Long),
        ("documents", T::Long),
        ("frequency", T::Long),
        ("first_date", T::String),
        ("last_date", T::String),
        ("degree", T::Integer),
        ("component", T::Integer),
        ("source", T::String),
    ];
    columns.extend(extras.iter().map(|(_, name)| (name.as_str(), T::String)));
    columns
}

/// The values of [`node_columns`] for `node`, `None` where it has none.
pub fn node_values(node: &Node, extras: &[(String, String)]) -> Vec<Option<String>> {
    let mut values = vec![
        Some(node.kind.to_string()),
        node.iso3.clone(),
        node.role.clone(),
        node.affiliation.as_ref().map(ToString::to_string),
        Some(node.mentions.to_string()),
        Some(node.documents.to_string()),
        Some(node.frequency.to_string()),
        node.first_date.map(|d| d.to_string()),
        node.last_date.map(|d| d.to_string()),
        Some(node.degree.to_string()),
        Some(node.component.to_string()),
        Some(node.source.to_string()),
    ];
    values.extend(extras.iter().map(|(key, _)| node.extra.get(key).cloned()));
    values
}

/// The edge attribute columns of the flat formats, after source, target and weight:
/// kind, sentences, paragraphs, documents, score, first_date, last_date, affiliation,
/// and evidence as a JSON string ([`json::evidence_string`]).
pub const EDGE_COLUMNS: [(&str, AttrType); 9] = [
    ("kind", AttrType::String),
    ("sentences", AttrType::Long),
    ("paragraphs", AttrType::Long),
    ("documents", AttrType::Long),
    ("score", AttrType::Double),
    ("first_date", AttrType::String),
    ("last_date", AttrType::String),
    ("affiliation", AttrType::Boolean),
    ("evidence", AttrType::String),
];

/// The values of [`EDGE_COLUMNS`] for `edge`, `None` where it has none. Scores are
/// written in Rust's shortest form that reads back to the same `f64`.
pub fn edge_values(edge: &Edge) -> [Option<String>; 9] {
    [
        Some(edge.kind.as_str().to_string()),
        Some(edge.sentences.to_string()),
        Some(edge.paragraphs.to_string()),
        Some(edge.documents.to_string()),
        edge.score.map(|s| s.to_string()),
        edge.first_date.map(|d| d.to_string()),
        edge.last_date.map(|d| d.to_string()),
        Some(edge.affiliation.to_string()),
        Some(json::evidence_string(&edge.evidence)),
    ]
}

/// A column value as JSON, typed by its column: numbers and booleans as such (a value
/// that does not parse stays a string).
pub(crate) fn typed(kind: AttrType, s: String) -> serde_json::Value {
    use serde_json::Value;
    match kind {
        AttrType::Long | AttrType::Integer => {
            s.parse::<u64>().map_or(Value::String(s), Value::from)
        }
        AttrType::Double => match s.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            Some(n) => Value::Number(n),
            None => Value::String(s),
        },
        AttrType::Boolean => match s.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(s),
        },
        AttrType::String => Value::String(s),
    }
}

/// A JSON object whose keys are written in the order given (`serde_json::Map` would sort
/// them), so every element reads id and label first.
pub(crate) struct Fields<'a>(pub(crate) &'a [(&'a str, serde_json::Value)]);

impl serde::Serialize for Fields<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The `(r, g, b)` of a `#rrggbb` colour from [`dot::style`]; grey if malformed.
pub fn rgb(hex: &str) -> (u8, u8, u8) {
    let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
    match (hex.len(), hex.starts_with('#'), channel(1), channel(3), channel(5)) {
        (7, true, Some(r), Some(g), Some(b)) => (r, g, b),
        _ => (0xd9, 0xd9, 0xd9),
    }
}

/// The id of the edge between `source` and `target`: `source:target`.
///
/// Actor ids cannot hold `:`, so an edge id never equals a node id (Cytoscape.js drops an
/// edge whose id is a node's, silently) nor another edge's; and `:` is a legal `NMTOKEN`
/// character, so the same id is valid in GraphML. It names the pair, so it is stable
/// across runs and corpora, unlike a running number.
pub fn edge_id(source: &ActorId, target: &ActorId) -> String {
    format!("{source}:{target}")
}

/// The weight written for `edge` in the formats Gephi reads (GEXF, GraphML, CSV).
///
/// Gephi drops an edge of weight 0 on import ("Edge weight is 0, the edge is ignored"),
/// and 0.9.2 fails on such a GEXF file (gephi/gephi#1945). An affiliation edge between
/// actors never co-mentioned has a count of 0, so it is written with weight 1, as in DOT;
/// its `kind` and its zero `sentences`/`paragraphs`/`documents` still say what it is.
/// Co-mention edges always have a weight of at least 1, which is written unchanged.
pub fn gephi_weight(edge: &Edge) -> u64 {
    edge.weight.max(1)
}

/// Rounds to 2 decimals, with `-0` written as `0`.
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

#[cfg(test)]
pub(crate) mod testgraph {
    //! A small graph built in Rust whose labels hold what no gazetteer file can: line
    //! breaks, tabs, control characters, XML-illegal code points.

    use std::collections::BTreeMap;
    use std::sync::Arc;

    use crate::actor::{Actor, ActorId, ActorType, Date};
    use crate::document::{Document, Extraction, Mention, SentenceSpan, Source};
    use crate::gazetteer::Gazetteer;
    use crate::graph::{BuildOptions, CoGraph, FinishOptions, GraphBuilder};

    /// Labels hostile to every format.
    pub const LABELS: [&str; 4] = [
        "Line\nbreak\r\nand\ttab",
        "Bell\u{7}nul\u{0}esc\u{1b} \u{FFFE}\u{FFFF} end",
        "Quote \"q\" 'a' <tag> & ]]> \\ é 中文 \u{202E}bidi\u{202C}",
        "plain",
    ];

    fn actor(i: usize, kind: ActorType) -> Arc<Actor> {
        let mut extra = BTreeMap::new();
        extra.insert("note".to_string(), format!("n{i}\n\"x\""));
        extra.insert("type".to_string(), "shadowed".to_string());
        Arc::new(Actor {
            id: ActorId::new(&format!("a{i}")).unwrap(),
            kind,
            label: LABELS[i].to_string(),
            iso3: None,
            roles: vec![],
            extra,
        })
    }

    /// Three dated documents, the last at month precision; actor 3 is never mentioned
    /// with another, so it is an isolate.
    pub fn hostile() -> CoGraph {
        let kinds = [
            ActorType::Country,
            ActorType::Organization,
            ActorType::Other(Arc::from("media")),
            ActorType::Person,
        ];
        let pool: Vec<Arc<Actor>> =
            kinds.into_iter().enumerate().map(|(i, k)| actor(i, k)).collect();
        let mut b = GraphBuilder::new(BuildOptions::default());
        let docs: [(&str, &str, &[&[usize]]); 3] = [
            ("d1", "2024-01-15", &[&[0, 1], &[2]]),
            ("d2", "2024-02", &[&[0, 1, 2]]),
            ("d3", "2023", &[&[3]]),
        ];
        for (id, date, sentences) in docs {
            let mut text = String::new();
            let mut spans = vec![];
            let mut mentions = vec![];
            for (si, actors) in sentences.iter().enumerate() {
                let start = text.len();
                text.push_str("Said \"<x>\" &\u{7}\n then. ");
                spans.push(SentenceSpan { start, end: text.len(), paragraph: 0 });
                for &a in *actors {
                    mentions.push(Mention {
                        actor: pool[a].clone(),
                        start,
                        end: start + 4,
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
            doc.date = Date::parse(date);
            b.add(
                &doc,
                &Extraction { mentions, sentences: spans, paragraphs: 1 },
                &Gazetteer::default(),
            );
        }
        let mut graph = b.finish(&FinishOptions { affiliations: true, ..Default::default() });
        // Labels of actors that are not in the gazetteer come from the text, with spaces
        // normalised; set the hostile ones directly, as a gazetteer would.
        for (node, label) in graph.graph.node_weights_mut().zip(LABELS) {
            node.label = label.to_string();
        }
        graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_paths() {
        let f = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(f("g.json"), Some(Format::Json));
        assert_eq!(f("g.JSON"), Some(Format::Json));
        assert_eq!(f("g.gv"), Some(Format::Dot));
        assert_eq!(f("out/g.gexf"), Some(Format::Gexf));
        assert_eq!(f("g.graphml"), Some(Format::Graphml));
        assert_eq!(f("g.cyjs"), Some(Format::Cytoscape));
        assert_eq!(f("g.cytoscape.json"), Some(Format::Cytoscape));
        assert_eq!(f("g.graphology.json"), Some(Format::Graphology));
        assert_eq!(f("tables/"), Some(Format::Csv));
        assert_eq!(f("g.csv"), None);
        assert_eq!(f("g"), None);
        for format in Format::ALL {
            assert_eq!(format.to_string(), format.as_str());
        }
    }

    #[test]
    fn reserved_gazetteer_attributes_are_renamed_without_collisions() {
        let mut g = testgraph::hostile();
        let idx = g.graph.node_indices().next().unwrap();
        let extra = &mut g.graph[idx].extra;
        extra.insert("attr_type".into(), "1".into());
        extra.insert("x".into(), "2".into());
        let names = extra_attributes(&g);
        assert_eq!(
            names,
            [
                ("attr_type".to_string(), "attr_type".to_string()),
                ("note".into(), "note".into()),
                ("type".into(), "attr_attr_type".into()),
                ("x".into(), "attr_x".into()),
            ]
        );
    }

    #[test]
    fn sizes_colours_and_ids() {
        assert_eq!(size_by_mentions(1, 100, 10.0, 50.0), 10.0);
        assert_eq!(size_by_mentions(100, 100, 10.0, 50.0), 50.0);
        assert_eq!(size_by_mentions(0, 0, 10.0, 50.0), 10.0);
        assert_eq!(size_by_mentions(10, 100, 10.0, 50.0), 30.0);
        assert_eq!(rgb("#8dd3c7"), (0x8d, 0xd3, 0xc7));
        assert_eq!(rgb("bad"), (0xd9, 0xd9, 0xd9));
        let (a, b) = (ActorId::new("EGY").unwrap(), ActorId::new("QAT").unwrap());
        assert_eq!(edge_id(&a, &b), "EGY:QAT");
        assert_eq!(round2(-0.001), 0.0);
        assert!(round2(-0.001).is_sign_positive());
    }
}
