//! Inputs the fuzz targets (`fuzz/`) found breaking an invariant, kept as tests. Each
//! names the target and what went wrong; the invariants are those of
//! `tests/support/invariants.rs`.

#[path = "support/invariants.rs"]
mod invariants;

use actorgraph::{Document, Extractor, GazetteerBuilder};

fn check(extractor: &Extractor, text: &str) -> Vec<(String, String)> {
    let doc = Document::new("d", text);
    let x = extractor.extract(&doc);
    if let Err(e) = invariants::check_extraction(&doc, &x) {
        panic!("{e}\ntext: {text:?}");
    }
    x.mentions.iter().map(|m| (m.actor.id.to_string(), text[m.start..m.end].to_string())).collect()
}

fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
    want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// `extract`: a missing space after a period (`welcome.U.N.`) made the segmenter end the
/// sentence after `U.N.`, inside the mention `U.N. Security Council`, which then lay
/// across two sentences.
#[test]
fn mention_across_a_glued_initialism() {
    let extractor = Extractor::builtin().unwrap();
    let text = "Hamas was not welcome.U.N. Security Council members met.";
    assert_eq!(
        check(&extractor, text),
        pairs(&[("hamas", "Hamas"), ("un-security-council", "U.N. Security Council")])
    );
}

/// `gazetteer`: an alias with a sentence boundary inside it (`Acme Ltd. Holdings`,
/// split after `Ltd.`) was a mention spanning two sentences. It is not matched whole;
/// the shorter alias before the boundary still is.
#[test]
fn alias_cut_by_a_sentence_boundary() {
    let mut builder = GazetteerBuilder::new();
    builder.builtins(false).add_text(
        "acme.tsv",
        "acme\torganization\tAcme Ltd. Holdings\tAcme\n\
         holdings\torganization\tHoldings Group\tHoldings\n",
    );
    let extractor = Extractor::new(builder.build().unwrap()).unwrap();
    let text = "Talks with Acme Ltd. Holdings failed.";
    assert_eq!(check(&extractor, text), pairs(&[("acme", "Acme"), ("holdings", "Holdings")]));
    // Within one sentence the whole alias still matches.
    assert_eq!(
        check(&extractor, "Acme Ltd. holdings fell."),
        pairs(&[("acme", "Acme Ltd. holdings")])
    );
}

/// `extract`: a title right before a multi-byte character (`Minister…`) made
/// `affiliation_after` slice the text inside that character: a panic on any document
/// holding `John Smith, Foreign Minister… said`, or `Minister` followed by an invalid byte
/// (replaced by U+FFFD on input). Minimised fuzz input: `Am Mu, Minister\xA9`.
#[test]
fn title_before_a_multibyte_character() {
    let extractor = Extractor::builtin().unwrap();
    for text in [
        "Am Mu, Minister\u{FFFD}",
        "John Smith, Foreign Minister\u{2026} said",
        "John Smith, the foreign minister\u{20AC}",
        "John Smith, Foreign Minister of Jordan, said no.",
    ] {
        check(&extractor, text);
    }
}
