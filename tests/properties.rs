//! Properties over generated inputs (proptest):
//!
//! - mention offsets always slice the text, mentions lie within their sentence, and the
//!   library and `actorgraph extract` report the same mentions, on texts made of
//!   gazetteer-ish fragments and hostile characters;
//! - `actorgraph graph` and `extract` write the same bytes with 1 thread and with 4;
//! - the node-link JSON reads back, into typed structs, as exactly the graph it was
//!   written from, and survives re-serialising.
//!
//! (Graph counts against brute force are in the unit tests of `src/graph.rs`.)

#[path = "support/invariants.rs"]
mod invariants;

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use actorgraph::export;
use actorgraph::graph::{BuildOptions, CoGraph, FinishOptions, GraphBuilder, Score, Window};
use actorgraph::{
    Actor, ActorId, ActorType, Date, Document, Extraction, Extractor, Gazetteer, GazetteerBuilder,
    Mention, Role, SentenceSpan, Source,
};
use assert_cmd::cargo_bin_cmd;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::builtin().unwrap());

/// Pieces of news text and the characters that break naive offset handling.
const FRAGMENTS: &[&str] = &[
    "Hamas",
    "HAMAS",
    "U.S.",
    "US",
    "Israel's",
    "Israel\u{2019}s",
    "Israeli",
    "Secretary of State Antony Blinken",
    "Blinken",
    "Mr",
    "Mr.",
    "Mr Blinken",
    "Foreign Minister",
    "President",
    "Gen.",
    "former negotiator Aaron David Miller",
    "Erdo\u{11f}an",
    "Erdogan",
    "Netanyahu",
    "Washington",
    "the Kremlin",
    "U.N. Security Council",
    "S. Korea",
    "D.R. Congo",
    "St. Kitts",
    "said.",
    "Ltd.",
    "Gaza Strip",
    "Qatar",
    "Egypt",
    "Cairo",
    "said",
    "the",
    "officials",
    "\u{201c}",
    "\u{201d}",
    "\u{2018}",
    "\u{a0}",
    "\u{ad}",
    "\u{200b}",
    "\u{200d}",
    "\u{202e}",
    "\u{202c}",
    "\u{2066}",
    "\u{feff}",
    "\u{2014}",
    "\r\n",
    "\n\n",
    "\n  ",
    ".",
    ". ",
    ", ",
    "\u{1F600}",
    "\u{1F1FA}\u{1F1F8}",
    "e\u{301}",
    "\u{10FFFF}",
];

/// A text of fragments, random ASCII and random characters, glued or spaced.
fn news_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "[a-zA-Z .,'-]{1,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    let glue = proptest::sample::select(&[" ", " ", " ", "", "", ".", "\n", ". ", "\u{a0}"][..]);
    proptest::collection::vec((piece, glue), 0..40)
        .prop_map(|parts| parts.into_iter().flat_map(|(p, g)| [p, g.to_string()]).collect())
}

/// Extracts `text` undated and dated and checks the invariants.
fn extract_checked(text: &str, date: Option<&str>) -> Result<Extraction, TestCaseError> {
    let mut doc = Document::new("d", text);
    doc.date = date.and_then(Date::parse);
    let x = EXTRACTOR.extract(&doc);
    if let Err(e) = invariants::check_extraction(&doc, &x) {
        return Err(TestCaseError::fail(format!("{e}\ntext: {text:?}")));
    }
    Ok(x)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mention_offsets_slice_the_text(text in news_text(), dated in any::<bool>()) {
        extract_checked(&text, dated.then_some("2023-10-07"))?;
    }
}

/// One line of `actorgraph extract` output, as the property compares it.
#[derive(Debug, PartialEq, Deserialize)]
struct ExtractLine {
    doc: String,
    actor: String,
    start: usize,
    end: usize,
    text: String,
    sentence: u32,
    paragraph: u32,
    source: String,
    role: Option<String>,
}

fn jsonl(docs: &[(String, Option<&str>)]) -> String {
    let mut out = String::new();
    for (i, (text, date)) in docs.iter().enumerate() {
        let mut record = serde_json::json!({"id": format!("doc{i}"), "text": text});
        if let Some(d) = date {
            record["date"] = (*d).into();
        }
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn dated_texts(max: usize) -> impl Strategy<Value = Vec<(String, Option<&'static str>)>> {
    let date = proptest::option::of(proptest::sample::select(&["2016-06-01", "2023-10-07"][..]));
    proptest::collection::vec((news_text(), date), 1..max)
}

proptest! {
    // Each case starts the command: a few cases of many documents each.
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn extract_command_reports_the_library_mentions(docs in dated_texts(24)) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("corpus.jsonl");
        std::fs::write(&input, jsonl(&docs)).unwrap();
        let out = cargo_bin_cmd!("actorgraph").arg("extract").arg(&input).output().unwrap();
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let got: Vec<ExtractLine> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut want = vec![];
        for (i, (text, date)) in docs.iter().enumerate() {
            let x = extract_checked(text, *date)?;
            for m in &x.mentions {
                want.push(ExtractLine {
                    doc: format!("doc{i}"),
                    actor: m.actor.id.to_string(),
                    start: m.start,
                    end: m.end,
                    text: text[m.start..m.end].to_string(),
                    sentence: m.sentence,
                    paragraph: m.paragraph,
                    source: m.source.as_str().to_string(),
                    role: m.role.clone(),
                });
            }
        }
        prop_assert_eq!(got, want);
    }

    #[test]
    fn output_is_the_same_with_one_thread_and_four(
        docs in dated_texts(40),
        files in 1usize..4,
        window in proptest::sample::select(&["sentence", "paragraph", "document"][..]),
        score in proptest::sample::select(&["count", "pmi", "npmi", "jaccard", "dice"][..]),
        evidence in 0usize..4,
    ) {
        // The corpus split over several JSON Lines files and one text file, in a folder.
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let per_file = docs.len().div_ceil(files);
        for (i, chunk) in docs.chunks(per_file).enumerate() {
            std::fs::write(corpus.join(format!("part{i}.jsonl")), jsonl(chunk)).unwrap();
        }
        std::fs::write(corpus.join("article.txt"), &docs[0].0).unwrap();
        let run = |threads: &str| -> Vec<(String, Vec<u8>)> {
            let out = dir.path().join(format!("out{threads}"));
            std::fs::create_dir_all(&out).unwrap();
            let mut cmd = cargo_bin_cmd!("actorgraph");
            cmd.current_dir(dir.path())
                .args(["graph", "corpus", "-j", threads, "--window", window, "--score", score])
                .args(["--evidence", &evidence.to_string()]);
            for file in ["g.json", "g.dot", "g.gexf", "g.graphml", "g.cyjs", "g.graphology.json", "tables/"] {
                cmd.arg("-o").arg(out.join(file));
            }
            let status = cmd.output().unwrap();
            assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
            let extract = cargo_bin_cmd!("actorgraph")
                .current_dir(dir.path())
                .args(["extract", "corpus", "-j", threads])
                .output()
                .unwrap();
            assert!(extract.status.success());
            let mut files = vec![("extract".to_string(), extract.stdout)];
            for file in ["g.json", "g.dot", "g.gexf", "g.graphml", "g.cyjs", "g.graphology.json", "tables/nodes.csv", "tables/edges.csv"] {
                files.push((file.to_string(), std::fs::read(out.join(file)).unwrap()));
            }
            files
        };
        let one = run("1");
        let four = run("4");
        for ((name, a), (_, b)) in one.iter().zip(&four) {
            prop_assert!(a == b, "{name} differs between -j 1 and -j 4");
        }
    }
}

// ----- node-link JSON read back into typed structs ------------------------------------

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeLink {
    directed: bool,
    multigraph: bool,
    graph: MetaJson,
    nodes: Vec<NodeJson>,
    edges: Vec<EdgeJson>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaJson {
    name: String,
    tool: String,
    window: String,
    score: String,
    #[serde(rename = "N")]
    n: u64,
    units: BTreeMap<String, u64>,
    documents: u64,
    evidence: usize,
    inputs: Vec<String>,
    gazetteers: Vec<String>,
    filters: BTreeMap<String, String>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct NodeJson {
    id: String,
    label: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iso3: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    affiliation: Option<String>,
    source: String,
    mentions: u64,
    documents: u64,
    frequency: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_date: Option<String>,
    degree: usize,
    component: usize,
    /// The gazetteer attributes, under the names the writers give them (and anything
    /// else the writer added: the comparison below would see it).
    #[serde(flatten)]
    extra: BTreeMap<String, String>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeJson {
    source: String,
    target: String,
    kind: String,
    affiliation: bool,
    weight: u64,
    sentences: u64,
    paragraphs: u64,
    documents: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_date: Option<String>,
    evidence: Vec<EvidenceJson>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceJson {
    doc: String,
    sentence: u32,
    start: usize,
    end: usize,
    text: String,
}

/// What the JSON must say for `graph`, built from the model field by field.
fn expected_json(graph: &CoGraph) -> NodeLink {
    let m = &graph.meta;
    let extras = export::extra_attributes(graph);
    let date = |d: Option<Date>| d.map(|d| d.to_string());
    NodeLink {
        directed: false,
        multigraph: false,
        graph: MetaJson {
            name: "actorgraph".into(),
            tool: m.tool.clone(),
            window: m.window.to_string(),
            score: m.score.to_string(),
            n: m.n(),
            units: Window::ALL
                .iter()
                .map(|w| (w.as_str().to_string(), m.units[w.index()]))
                .collect(),
            documents: m.documents,
            evidence: m.evidence,
            inputs: m.inputs.clone(),
            gazetteers: m.gazetteers.clone(),
            filters: m.filters.iter().cloned().collect(),
        },
        nodes: graph
            .nodes()
            .map(|n| NodeJson {
                id: n.id.to_string(),
                label: n.label.clone(),
                kind: n.kind.to_string(),
                iso3: n.iso3.clone(),
                role: n.role.clone(),
                affiliation: n.affiliation.as_ref().map(ToString::to_string),
                source: n.source.to_string(),
                mentions: n.mentions,
                documents: n.documents,
                frequency: n.frequency,
                first_date: date(n.first_date),
                last_date: date(n.last_date),
                degree: n.degree,
                component: n.component,
                extra: extras
                    .iter()
                    .filter_map(|(key, name)| Some((name.clone(), n.extra.get(key)?.clone())))
                    .collect(),
            })
            .collect(),
        edges: graph
            .edges()
            .map(|(a, b, e)| EdgeJson {
                source: a.id.to_string(),
                target: b.id.to_string(),
                kind: e.kind.as_str().to_string(),
                affiliation: e.affiliation,
                weight: e.weight,
                sentences: e.sentences,
                paragraphs: e.paragraphs,
                documents: e.documents,
                score: e.score,
                first_date: date(e.first_date),
                last_date: date(e.last_date),
                evidence: e
                    .evidence
                    .iter()
                    .map(|ev| EvidenceJson {
                        doc: ev.doc.to_string(),
                        sentence: ev.sentence,
                        start: ev.start,
                        end: ev.end,
                        text: ev.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A gazetteer the generated people can be affiliated through.
static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut b = GazetteerBuilder::new();
    b.builtins(false).add_text(
        "g.tsv",
        "USA\tcountry\tUnited States\tU.S.\tiso3=USA; iso2=US; note=a \"b\"\n\
         un\torganization\tUnited Nations\tUN\tx=1; type=shadow; attr_type=2\n\
         antony-blinken\tperson\tAntony Blinken\tBlinken\trole=Secretary of State; affiliation=USA; from=2021-01-26 | role=Envoy; affiliation=un\n",
    );
    b.build().unwrap()
});

const KEYS: &[&str] = &["note", "type", "attr_type", "x", "label", "weight", "party"];

/// Labels, attribute values and evidence text: any characters, controls included.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
    ]
}

fn date() -> impl Strategy<Value = Date> {
    (1u16..=9999, 0u8..=12, 0u8..=28).prop_map(|(year, month, day)| Date {
        year,
        month,
        day: if month == 0 { 0 } else { day },
    })
}

/// Actors made in Rust: ids `p0`…, any label, type, role and attributes.
fn rust_actors() -> impl Strategy<Value = Vec<Arc<Actor>>> {
    let actor = (
        any_text(),
        proptest::sample::select(&["country", "person", "group", "media"][..]),
        proptest::option::of(any_text()),
        proptest::collection::btree_map(proptest::sample::select(KEYS), any_text(), 0..3),
    );
    proptest::collection::vec(actor, 1..6).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (label, kind, role, extra))| {
                Arc::new(Actor {
                    id: ActorId::new(&format!("p{i}")).unwrap(),
                    kind: ActorType::parse(kind).unwrap(),
                    label,
                    iso3: None,
                    roles: role
                        .map(|title| Role {
                            title,
                            affiliation: ActorId::new("USA"),
                            from: None,
                            to: None,
                        })
                        .into_iter()
                        .collect(),
                    extra: extra.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                })
            })
            .collect()
    })
}

/// (document id, date, sentences as (new paragraph, text, [(actor index, role)])).
type DocSpec = (String, Option<Date>, Vec<(bool, String, Vec<(usize, Option<String>)>)>);

fn doc_specs() -> impl Strategy<Value = Vec<DocSpec>> {
    let mention = (0usize..16, proptest::option::of(any_text()));
    let sentence = (any::<bool>(), any_text(), proptest::collection::vec(mention, 0..4));
    let doc = (any_text(), proptest::option::of(date()), proptest::collection::vec(sentence, 0..5));
    proptest::collection::vec(doc, 1..6)
}

fn build_graph(
    pool: &[Arc<Actor>],
    docs: &[DocSpec],
    options: BuildOptions,
    finish: &FinishOptions,
) -> CoGraph {
    let mut builder = GraphBuilder::new(options);
    for (id, date, sentences) in docs {
        let mut text = String::new();
        let mut spans = vec![];
        let mut mentions = vec![];
        let mut paragraph = 0;
        for (i, (new_paragraph, s, actors)) in sentences.iter().enumerate() {
            if i > 0 {
                paragraph += u32::from(*new_paragraph);
                text.push(if *new_paragraph { '\n' } else { ' ' });
            }
            let start = text.len();
            text.push_str(s);
            spans.push(SentenceSpan { start, end: text.len(), paragraph });
            for (a, role) in actors {
                let actor = pool[a % pool.len()].clone();
                let affiliation = role.as_ref().and(ActorId::new("USA"));
                mentions.push(Mention {
                    actor,
                    start,
                    end: text.len(),
                    sentence: i as u32,
                    paragraph,
                    source: Source::Gazetteer,
                    rule: None,
                    role: role.clone(),
                    affiliation,
                });
            }
        }
        let paragraphs = spans.last().map_or(0, |s: &SentenceSpan| s.paragraph + 1);
        let mut doc = Document::new(id.clone(), text);
        doc.date = *date;
        builder.add(&doc, &Extraction { mentions, sentences: spans, paragraphs }, &GAZETTEER);
    }
    builder.finish(finish)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn json_reads_back_as_the_graph(
        extra_actors in rust_actors(),
        docs in doc_specs(),
        window in 0usize..3,
        evidence in 0usize..4,
        score in 0usize..5,
        affiliations in any::<bool>(),
        inputs in proptest::collection::vec(any_text(), 0..3),
    ) {
        let mut pool: Vec<Arc<Actor>> = GAZETTEER.actors().to_vec();
        pool.extend(extra_actors);
        let options = BuildOptions { window: Window::ALL[window], evidence };
        let finish = FinishOptions { score: Score::ALL[score], affiliations, ..Default::default() };
        let mut graph = build_graph(&pool, &docs, options, &finish);
        graph.meta.inputs = inputs;
        graph.meta.gazetteers = vec!["g.tsv".into()];

        let mut bytes = vec![];
        export::json::write(&graph, &mut bytes).unwrap();
        let read: NodeLink = serde_json::from_slice(&bytes)
            .map_err(|e| TestCaseError::fail(format!("{e}: {}", String::from_utf8_lossy(&bytes))))?;
        prop_assert_eq!(&read, &expected_json(&graph));
        // Nothing is lost by the typed structs: the same JSON value, and the same again
        // after a round through serde.
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(&serde_json::to_value(&read).unwrap(), &value);
        let again: NodeLink = serde_json::from_slice(&serde_json::to_vec(&read).unwrap()).unwrap();
        prop_assert_eq!(again, read);
    }
}

#[test]
fn fragments_are_extracted_somewhere() {
    // The fragments are not all noise: the built-in gazetteers find their actors.
    let x = EXTRACTOR.extract(&Document::new(
        "d",
        "Secretary of State Antony Blinken met Israel\u{2019}s leaders and Hamas.",
    ));
    let ids: Vec<&str> = x.mentions.iter().map(|m| m.actor.id.as_str()).collect();
    assert_eq!(ids, ["antony-blinken", "ISR", "hamas"]);
}
