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

/// `writers`: a label or actor type holding U+FFFE or U+FFFF (legal in Rust strings and
/// gazetteer files, forbidden in XML) went into DOT as is. Graphviz parses HTML-like
/// labels as XML and rejected the whole file ("not well-formed (invalid token)"), and
/// copied tooltips into SVG that no XML reader could open. Needs Graphviz and xmllint
/// (installed by `.ci/run`).
#[test]
fn dot_without_xml_forbidden_characters() {
    use std::collections::BTreeMap;
    use std::process::Command;
    use std::sync::Arc;

    use actorgraph::graph::{BuildOptions, FinishOptions, GraphBuilder};
    use actorgraph::{Actor, ActorId, ActorType, Extraction, Gazetteer, Mention, SentenceSpan};

    let actor = |id: &str, kind: ActorType, label: &str| {
        Arc::new(Actor {
            id: ActorId::new(id).unwrap(),
            kind,
            label: label.into(),
            iso3: None,
            roles: vec![],
            extra: BTreeMap::new(),
        })
    };
    let pool = [
        actor("a", ActorType::Other(Arc::from("\u{FFFF}")), "x"),
        actor("b", ActorType::Person, "Non\u{FFFE}char"),
    ];
    let text = "Non\u{FFFE}char met x\u{FFFF}.";
    let mentions = pool
        .iter()
        .map(|a| Mention {
            actor: a.clone(),
            start: 0,
            end: 8,
            sentence: 0,
            paragraph: 0,
            source: actorgraph::Source::Pattern,
            rule: None,
            role: Some("Role\u{FFFF}".into()),
            affiliation: None,
        })
        .collect();
    let extraction = Extraction {
        mentions,
        sentences: vec![SentenceSpan { start: 0, end: text.len(), paragraph: 0 }],
        paragraphs: 1,
    };
    let mut builder = GraphBuilder::new(BuildOptions::default());
    builder.add(&Document::new("d", text), &extraction, &Gazetteer::default());
    let graph = builder.finish(&FinishOptions::default());

    let dir = tempfile::tempdir().unwrap();
    let (dot, svg) = (dir.path().join("g.dot"), dir.path().join("g.svg"));
    actorgraph::export::dot::write(&graph, std::fs::File::create(&dot).unwrap()).unwrap();
    let rendered = Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .arg("-o")
        .arg(&svg)
        .output()
        .expect("Graphviz is needed for this test (or run .ci/run)");
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    let parsed = Command::new("xmllint")
        .arg("--noout")
        .arg(&svg)
        .output()
        .expect("xmllint is needed for this test (or run .ci/run)");
    assert!(parsed.status.success(), "{}", String::from_utf8_lossy(&parsed.stderr));
}
