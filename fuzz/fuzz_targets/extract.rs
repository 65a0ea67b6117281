//! Arbitrary bytes as a document, decoded as the input reader decodes a text file (a
//! UTF-8 byte-order mark dropped, invalid sequences replaced by U+FFFD), extracted with
//! the built-in gazetteers, undated and dated: every extraction must hold the invariants
//! of `tests/support/invariants.rs`, and every mention's JSON line must read back.

#![no_main]

use std::sync::OnceLock;

use actorgraph::{Date, Document, Extractor};
use actorgraph_fuzz::assert_extraction;
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::builtin().expect("the built-in gazetteers build"))
}

/// What `DocumentReader` does with the bytes of a text file.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

fuzz_target!(|data: &[u8]| {
    let extractor = extractor();
    let mut doc = Document::new("fuzz", decode(data));
    let x = extractor.extract(&doc);
    assert_extraction(&doc, &x);
    // A date picks officials' roles; the text's length picks one, so both paths run.
    let year = 1990 + (data.len() % 40) as u16;
    doc.date = Date::parse(&format!("{year}-06-15"));
    let dated = extractor.extract(&doc);
    assert_extraction(&doc, &dated);
    // The date may change roles and the resolution of ambiguous names, never sentences.
    assert_eq!(x.sentences, dated.sentences);
});
