//! End to end on the two seed articles: exactly the expected actors, with the expected
//! roles and sources, from the real binary and the built-in gazetteers.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

fn extract(path: &str) -> Vec<Value> {
    let out = assert_cmd::cargo_bin_cmd!("actorgraph").args(["extract", path]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn actors(mentions: &[Value]) -> BTreeSet<String> {
    mentions.iter().map(|m| m["actor"].as_str().unwrap().to_string()).collect()
}

fn first_of<'a>(mentions: &'a [Value], actor: &str) -> &'a Value {
    mentions.iter().find(|m| m["actor"] == actor).unwrap_or_else(|| panic!("no mention of {actor}"))
}

#[test]
fn seed_000_actors() {
    let mentions = extract("seeds/000_43092d01b0f6bc93.txt");
    let found = actors(&mentions);
    let required: BTreeSet<String> =
        ["USA", "ISR", "hamas", "aaron-david-miller"].iter().map(|s| s.to_string()).collect();
    let allowed: BTreeSet<String> = ["donald-trump", "pbs"].iter().map(|s| s.to_string()).collect();
    for r in &required {
        assert!(found.contains(r), "missing {r}: found {found:?}");
    }
    let extra: Vec<&String> =
        found.iter().filter(|a| !required.contains(*a) && !allowed.contains(*a)).collect();
    assert!(extra.is_empty(), "unexpected actors {extra:?}");

    let miller = first_of(&mentions, "aaron-david-miller");
    assert_eq!(miller["type"], "person");
    assert_eq!(miller["role"], "negotiator");
    assert_eq!(miller["source"], "pattern");
    // The United States is named as "U.S." and as "the Trump administration".
    let usa_surfaces: BTreeSet<&str> = mentions
        .iter()
        .filter(|m| m["actor"] == "USA")
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(usa_surfaces.contains("U.S."), "{usa_surfaces:?}");
    assert!(usa_surfaces.iter().any(|s| s.contains("Trump administration")), "{usa_surfaces:?}");
    // Cairo is only the venue of the talks, never Egypt.
    assert!(!found.contains("EGY"));
}

#[test]
fn seed_004_actors() {
    let mentions = extract("seeds/004_48fd614a96f1a135.txt");
    let found = actors(&mentions);
    let expected: BTreeSet<String> =
        ["USA", "ISR", "hamas", "PSE", "QAT", "EGY", "antony-blinken", "un", "eu"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    assert_eq!(found, expected);
    let blinken = first_of(&mentions, "antony-blinken");
    assert_eq!(blinken["role"], "Secretary of State");
    assert_eq!(blinken["affiliation"], "USA");
    let surfaces = |actor: &str| -> BTreeSet<String> {
        mentions
            .iter()
            .filter(|m| m["actor"] == actor)
            .map(|m| m["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        surfaces("USA").is_superset(&["US", "American"].iter().map(|s| s.to_string()).collect())
    );
    assert!(surfaces("PSE")
        .is_superset(&["Palestine", "Palestinian"].iter().map(|s| s.to_string()).collect()));
}

#[test]
fn mentions_slice_the_document_and_carry_positions() {
    for path in ["seeds/000_43092d01b0f6bc93.txt", "seeds/004_48fd614a96f1a135.txt"] {
        let text = std::fs::read_to_string(path).unwrap();
        let mentions = extract(path);
        assert!(!mentions.is_empty());
        let mut last = (0u64, 0u64);
        for m in &mentions {
            let (s, e) =
                (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[s..e], m["text"].as_str().unwrap());
            assert_eq!(m["doc"], path);
            let pos = (m["sentence"].as_u64().unwrap(), m["paragraph"].as_u64().unwrap());
            assert!(pos.0 >= last.0 && pos.1 >= last.1, "positions go backwards at {m}");
            last = pos;
        }
    }
    // The headline is sentence 0 of paragraph 0; the first body line is paragraph 1.
    let mentions = extract("seeds/000_43092d01b0f6bc93.txt");
    let by_sentence: BTreeMap<u64, u64> = mentions
        .iter()
        .map(|m| (m["sentence"].as_u64().unwrap(), m["paragraph"].as_u64().unwrap()))
        .collect();
    assert_eq!(by_sentence.get(&0), Some(&0));
    assert_eq!(by_sentence.get(&1), Some(&1));
}
