//! What the fuzz targets share: the extraction invariants (the same file the property
//! tests use) and checks that each output format parses.

#[path = "../../tests/support/invariants.rs"]
pub mod invariants;

pub mod formats;

use actorgraph::{Document, Extraction};

/// Panics with a readable message when `x` breaks an extraction invariant, or when a
/// mention's JSON line (`actorgraph extract`) does not read back with the same offsets.
pub fn assert_extraction(doc: &Document, x: &Extraction) {
    if let Err(e) = invariants::check_extraction(doc, x) {
        panic!("{e}\ntext: {:?}", doc.text);
    }
    for m in &x.mentions {
        let mut line = vec![];
        actorgraph::output::write_mention(&mut line, doc, m).expect("write to a Vec");
        let v: serde_json::Value = serde_json::from_slice(&line).expect("a mention is JSON");
        assert_eq!(v["start"].as_u64(), Some(m.start as u64));
        assert_eq!(v["end"].as_u64(), Some(m.end as u64));
        assert_eq!(v["text"].as_str(), Some(&doc.text[m.start..m.end]));
    }
}
