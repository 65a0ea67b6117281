//! Two CSV tables (RFC 4180), `nodes.csv` and `edges.csv`, in one folder: Gephi's
//! spreadsheet import (File > Import spreadsheet, nodes table first, then edges
//! table, "Append to existing workspace"), Kumu, R, pandas, any spreadsheet.
//!
//! ```text
//! nodes.csv  Id,Label,Type,iso3,role,affiliation,mentions,documents,frequency,first_date,last_date,degree,component,source[,gazetteer attributes…]
//! edges.csv  Source,Target,Type,Weight,Kind,sentences,paragraphs,documents,score,first_date,last_date,affiliation,evidence
//! ```
//!
//! - The capitalised headers are the ones Gephi recognises (`Id`, `Label`, `Source`,
//!   `Target`, `Type`, `Weight`). In edges.csv `Type` is always `Undirected`: without
//!   it Gephi makes every edge directed. In nodes.csv `Type` is the actor type.
//! - `Weight` is the edge weight, 1 for an affiliation edge ([`gephi_weight`]); `Kind`
//!   (`comention` or `affiliation`) is next to it. Missing values are empty cells;
//!   evidence is a JSON string.
//! - Design: written with the `csv` crate, the standard, well-tested RFC 4180 writer, so
//!   quoting is not ours to get wrong: fields holding a comma, quote or line break are
//!   quoted, quotes doubled, records end with CRLF; no byte-order mark (Gephi would read
//!   it as part of the first header).

use std::io::{self, Write};

use super::{edge_values, extra_attributes, gephi_weight, node_columns, node_values, EDGE_COLUMNS};
use crate::graph::CoGraph;

/// The file name of the node table inside the output folder.
pub const NODES_FILE: &str = "nodes.csv";
/// The file name of the edge table inside the output folder.
pub const EDGES_FILE: &str = "edges.csv";

fn writer<W: Write>(w: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(w)
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Writes the node table.
pub fn write_nodes<W: Write>(graph: &CoGraph, w: W) -> io::Result<()> {
    let extras = extra_attributes(graph);
    let columns = node_columns(&extras);
    let mut out = writer(w);
    let mut header = vec!["Id".to_string(), "Label".to_string()];
    // Only the actor type gets a capital: Gephi and Kumu read `Type` on nodes.
    header.extend(columns.iter().map(|(name, _)| {
        if *name == "type" {
            capitalised(name)
        } else {
            name.to_string()
        }
    }));
    out.write_record(&header)?;
    for n in graph.nodes() {
        let mut record = vec![n.id.to_string(), n.label.clone()];
        record.extend(node_values(n, &extras).into_iter().map(Option::unwrap_or_default));
        out.write_record(&record)?;
    }
    out.flush()
}

/// Writes the edge table.
pub fn write_edges<W: Write>(graph: &CoGraph, w: W) -> io::Result<()> {
    let mut out = writer(w);
    let mut header: Vec<String> =
        ["Source", "Target", "Type", "Weight"].iter().map(|s| s.to_string()).collect();
    header.extend(EDGE_COLUMNS.iter().map(|(name, _)| {
        if *name == "kind" {
            capitalised(name)
        } else {
            name.to_string()
        }
    }));
    out.write_record(&header)?;
    for (a, b, e) in graph.edges() {
        let mut record = vec![
            a.id.to_string(),
            b.id.to_string(),
            "Undirected".to_string(),
            gephi_weight(e).to_string(),
        ];
        record.extend(edge_values(e).into_iter().map(Option::unwrap_or_default));
        out.write_record(&record)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testgraph;

    fn tables() -> (String, String) {
        let g = testgraph::hostile();
        let (mut nodes, mut edges) = (vec![], vec![]);
        write_nodes(&g, &mut nodes).unwrap();
        write_edges(&g, &mut edges).unwrap();
        (String::from_utf8(nodes).unwrap(), String::from_utf8(edges).unwrap())
    }

    #[test]
    fn headers_are_gephis() {
        let (nodes, edges) = tables();
        assert!(nodes.starts_with(
            "Id,Label,Type,iso3,role,affiliation,mentions,documents,frequency,first_date,\
             last_date,degree,component,source,note,attr_type\r\n"
        ));
        assert!(edges.starts_with(
            "Source,Target,Type,Weight,Kind,sentences,paragraphs,documents,score,first_date,\
             last_date,affiliation,evidence\r\n"
        ));
        assert!(edges.contains("\r\na0,a1,Undirected,2,comention,2,2,2,"));
    }

    #[test]
    fn cells_round_trip() {
        let (nodes, edges) = tables();
        let mut r = ::csv::ReaderBuilder::new().from_reader(nodes.as_bytes());
        let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4);
        for (row, label) in rows.iter().zip(testgraph::LABELS) {
            assert_eq!(&row[1], label);
        }
        assert_eq!(&rows[0][2], "country");
        assert_eq!(&rows[0][14], "n0\n\"x\"");
        assert_eq!(&rows[0][15], "shadowed");
        let mut r = ::csv::ReaderBuilder::new().from_reader(edges.as_bytes());
        let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        let evidence: serde_json::Value = serde_json::from_str(&rows[0][12]).unwrap();
        assert_eq!(evidence[0]["text"], "Said \"<x>\" &\u{7}\n then. ");
    }
}
