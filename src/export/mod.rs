//! Writers for the finished graph, one module per format.
//!
//! Every writer reads the same [`CoGraph`](crate::graph::CoGraph): no format re-derives
//! counts, so a weight is the same number in every file.

pub mod dot;
pub mod json;

use std::fmt;

/// An output format of `actorgraph graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// networkx node-link JSON.
    Json,
    /// Graphviz DOT.
    Dot,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 2] = [Format::Json, Format::Dot];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
        }
    }

    /// The format a file name's extension implies, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "json" => Format::Json,
            "dot" | "gv" => Format::Dot,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
