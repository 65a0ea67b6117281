//! Arbitrary bytes as a gazetteer file: `check()` and `build()` must not panic, and a
//! gazetteer that builds must compile into an extractor whose extractions hold the
//! invariants, on a fixed text and on the gazetteer's own text (which holds its aliases).
//!
//! The first byte selects options (metonymy, title patterns, coreference, a second fixed
//! gazetteer that defines countries and titles the input can refer to or collide with,
//! CRLF line ends); the rest is the file, decoded lossily.

#![no_main]

use actorgraph::{Date, Document, Extractor, GazetteerBuilder, ResolveOptions};
use actorgraph_fuzz::assert_extraction;
use libfuzzer_sys::fuzz_target;

/// Actors the fuzzed file can point at (affiliations) or clash with (ids, aliases).
const BASE: &str = "id\ttype\tlabel\taliases\tattributes\n\
USA\tcountry\tUnited States\tU.S. | US | American[demonym] | Washington[metonymy]\tiso3=USA; iso2=US\n\
ISR\tcountry\tIsrael\tIsraeli[demonym] | Jerusalem[metonymy]\tiso3=ISR\n\
hamas\tgroup\tHamas\tHAMAS | Islamic Resistance Movement\t\n\
title.secretary-of-state\ttitle\tSecretary of State\tSecretary\t\n\
antony-blinken\tperson\tAntony Blinken\tBlinken\trole=Secretary of State; affiliation=USA; from=2021-01-26; to=2025-01-20\n\
washington-post\tignore\tWashington Post\t\t\n";

const TEXT: &str = "Secretary of State Antony Blinken met Israeli officials in Jerusalem on \
Monday.\nMr. Blinken said the U.S. would press Hamas. The Washington Post reported it.";

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let mut text = String::from_utf8_lossy(rest).into_owned();
    if flags & 16 != 0 {
        text = text.replace('\n', "\r\n");
    }
    let mut builder = GazetteerBuilder::new();
    builder.builtins(false).metonymy(flags & 1 == 0);
    if flags & 2 != 0 {
        builder.add_text("base.tsv", BASE);
    }
    builder.add_text("fuzz.tsv", text.as_str());
    let diagnostics = builder.check();
    let built = builder.build();
    // Whatever check() calls an error, build() refuses, and the other way round.
    let check_errors = diagnostics.iter().any(|d| d.severity == actorgraph::Severity::Error);
    assert_eq!(check_errors, built.is_err(), "check and build disagree: {diagnostics:?}");
    let Ok(gazetteer) = built else { return };
    for d in gazetteer.diagnostics() {
        let _ = d.to_string();
    }
    let Ok(extractor) = Extractor::new(gazetteer) else { return };
    let extractor = extractor.with_options(ResolveOptions {
        title_patterns: flags & 4 == 0,
        coreference: flags & 8 == 0,
    });
    let date = if flags & 32 != 0 { Date::parse("2023-10-07") } else { None };
    for t in [TEXT, text.as_str()] {
        let mut doc = Document::new("d", t);
        doc.date = date;
        let x = extractor.extract(&doc);
        assert_extraction(&doc, &x);
    }
});
