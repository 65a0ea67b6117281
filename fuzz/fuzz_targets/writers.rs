//! An arbitrary graph, written by every writer. Actors come from a gazetteer file (so they
//! count as gazetteer actors and can be affiliations) and from Rust (labels, types and
//! attributes no gazetteer file can hold: line breaks, control characters, XML-illegal
//! code points); mentions with arbitrary offsets, roles and affiliations are grouped into
//! documents, paragraphs and sentences with arbitrary ids, texts and dates; the builder
//! has an arbitrary window and evidence limit, and is finished with arbitrary options.
//!
//! Checks: nothing panics; the documents split in two builders and merged give the same
//! graph as one builder; every output parses and holds the graph's nodes, labels and
//! edges (see `actorgraph_fuzz::formats`).

#![no_main]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use actorgraph::export::{self, gexf::GexfOptions};
use actorgraph::graph::{BuildOptions, CoGraph, FinishOptions, GraphBuilder, Score, Window};
use actorgraph::{
    Actor, ActorId, ActorType, Date, Document, Extraction, Gazetteer, GazetteerBuilder, Mention,
    Role, SentenceSpan, Source,
};
use actorgraph_fuzz::formats;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

const TYPES: [&str; 6] = ["country", "organization", "group", "person", "media", "militia"];
/// Attribute keys, reserved ones (renamed by the writers) among them.
const KEYS: [&str; 10] =
    ["note", "type", "attr_type", "x", "label", "color", "weight", "party", "iso2", "id"];

#[derive(Arbitrary, Debug)]
struct GazActor {
    name: String,
    kind: u8,
    label: String,
    iso3: bool,
    roles: Vec<RoleSpec>,
    extra: Vec<(Key, String)>,
}

#[derive(Arbitrary, Debug)]
struct RustActor {
    name: String,
    raw_id: bool,
    kind: Kind,
    label: String,
    iso3: Option<String>,
    roles: Vec<RoleSpec>,
    extra: Vec<(Key, String)>,
}

#[derive(Arbitrary, Debug)]
enum Kind {
    Known(u8),
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Word(String),
}

impl Key {
    fn get(&self) -> String {
        match self {
            Key::Known(i) => KEYS[*i as usize % KEYS.len()].to_string(),
            Key::Word(w) => {
                let ok = w.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
                    && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                if ok {
                    w.clone()
                } else {
                    "note".into()
                }
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
struct RoleSpec {
    title: String,
    affiliation: Option<u8>,
    from: Option<DateSpec>,
    to: Option<DateSpec>,
}

/// A date as the library makes them: year 1–9999, month 0–12, day 0 or a day of the month.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct DateSpec {
    year: u16,
    month: u8,
    day: u8,
}

impl DateSpec {
    fn get(self) -> Date {
        let year = 1 + self.year % 9999;
        let month = self.month % 13;
        let day = if month == 0 { 0 } else { self.day % 29 };
        Date { year, month, day }
    }
}

#[derive(Arbitrary, Debug)]
struct DocSpec {
    id: String,
    date: Option<DateSpec>,
    sentences: Vec<SentenceSpec>,
    /// Where the document goes: the first builder, the second, or both.
    side: u8,
}

#[derive(Arbitrary, Debug)]
struct SentenceSpec {
    new_paragraph: bool,
    text: String,
    mentions: Vec<MentionSpec>,
}

#[derive(Arbitrary, Debug)]
struct MentionSpec {
    actor: u8,
    offset: u8,
    len: u8,
    role: Option<String>,
    affiliation: Option<u8>,
    source: u8,
}

#[derive(Arbitrary, Debug)]
struct FinishSpec {
    score: u8,
    min_weight: u8,
    min_documents: u8,
    types: Vec<u8>,
    top: Option<u8>,
    drop_isolates: bool,
    affiliations: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    gazetteer: Vec<GazActor>,
    rust: Vec<RustActor>,
    docs: Vec<DocSpec>,
    window: u8,
    evidence: u8,
    finish: FinishSpec,
    inputs: Vec<String>,
    gazetteers: Vec<String>,
}

/// A gazetteer cell: no tabs or line breaks, none of the separators of `extra`.
fn cell(s: &str, separators: &[char]) -> String {
    s.chars()
        .map(|c| if c.is_control() || separators.contains(&c) { ' ' } else { c })
        .collect::<String>()
        .trim()
        .trim_matches('"')
        .to_string()
}

fn id_from(name: &str, fallback: String, taken: &mut BTreeSet<String>) -> ActorId {
    let id = ActorId::from_name(name).map_or(fallback.clone(), |id| id.to_string());
    let id = if taken.contains(&id) { fallback } else { id };
    taken.insert(id.clone());
    ActorId::new(&id).expect("a valid id")
}

/// The gazetteer file for `actors`, with ids derived from their names.
fn gazetteer_text(actors: &[&GazActor], ids: &[ActorId]) -> String {
    let mut text = String::from("id\ttype\tlabel\taliases\tattributes\n");
    for (i, a) in actors.iter().enumerate() {
        let kind = TYPES[a.kind as usize % TYPES.len()];
        let mut label = cell(&a.label, &['|', '[', ']']);
        if !label.chars().next().is_some_and(char::is_alphanumeric) {
            label = format!("Actor {i}");
        }
        let mut attrs = vec![];
        if a.iso3 && kind == "country" {
            attrs.push("iso3=AAA".to_string());
        }
        let mut extra = BTreeMap::new();
        for (k, v) in a.extra.iter().take(6) {
            let v = cell(v, &[';', '|', '=']);
            let k = k.get();
            if !v.is_empty() && !["role", "affiliation", "from", "to", "iso3"].contains(&k.as_str())
            {
                extra.insert(k, v);
            }
        }
        attrs.extend(extra.iter().map(|(k, v)| format!("{k}={v}")));
        let mut groups = vec![attrs.join("; ")];
        if kind == "person" {
            for r in a.roles.iter().take(4) {
                let mut g = vec![];
                let title = cell(&r.title, &[';', '|', '=']);
                if !title.is_empty() {
                    g.push(format!("role={title}"));
                }
                if let Some(aff) = r.affiliation {
                    g.push(format!("affiliation={}", ids[aff as usize % ids.len()]));
                }
                if let Some(d) = r.from {
                    g.push(format!("from={}", d.get()));
                }
                if let Some(d) = r.to {
                    g.push(format!("to={}", d.get()));
                }
                groups.push(g.join("; "));
            }
        }
        let groups: Vec<String> = groups.into_iter().filter(|g| !g.is_empty()).collect();
        text.push_str(&format!("{}\t{kind}\t{label}\t\t{}\n", ids[i], groups.join(" | ")));
    }
    text
}

fn rust_actor(a: &RustActor, id: ActorId, ids: &[ActorId]) -> Arc<Actor> {
    let kind = match &a.kind {
        Kind::Known(i) => ActorType::parse(TYPES[*i as usize % TYPES.len()]).expect("a type"),
        Kind::Other(s) => ActorType::parse(s).unwrap_or_else(|| ActorType::Other(Arc::from(&**s))),
    };
    let roles = a
        .roles
        .iter()
        .take(4)
        .map(|r| Role {
            title: r.title.clone(),
            affiliation: r.affiliation.map(|i| ids[i as usize % ids.len()].clone()),
            from: r.from.map(DateSpec::get),
            to: r.to.map(DateSpec::get),
        })
        .collect();
    Arc::new(Actor {
        id,
        kind,
        label: a.label.clone(),
        iso3: a.iso3.clone(),
        roles,
        extra: a.extra.iter().take(6).map(|(k, v)| (k.get(), v.clone())).collect(),
    })
}

/// Documents with their extractions: sentences are the sentence texts joined by a space,
/// or a line break before a new paragraph.
fn documents(
    specs: &[DocSpec],
    pool: &[Arc<Actor>],
    ids: &[ActorId],
) -> Vec<(Document, Extraction, u8)> {
    let mut out = vec![];
    for d in specs.iter().take(8) {
        let mut text = String::new();
        let mut sentences = vec![];
        let mut mentions = vec![];
        let mut paragraph = 0u32;
        for (si, s) in d.sentences.iter().take(8).enumerate() {
            if si > 0 {
                if s.new_paragraph {
                    paragraph += 1;
                    text.push('\n');
                } else {
                    text.push(' ');
                }
            }
            let start = text.len();
            text.push_str(&s.text);
            sentences.push(SentenceSpan { start, end: text.len(), paragraph });
            if pool.is_empty() {
                continue;
            }
            for m in s.mentions.iter().take(6) {
                let actor = pool[m.actor as usize % pool.len()].clone();
                let mstart = start + usize::from(m.offset);
                mentions.push(Mention {
                    actor,
                    start: mstart,
                    end: mstart + usize::from(m.len),
                    sentence: si as u32,
                    paragraph,
                    source: [Source::Gazetteer, Source::Pattern, Source::Coreference]
                        [m.source as usize % 3],
                    rule: None,
                    role: m.role.clone(),
                    affiliation: m.affiliation.map(|i| ids[i as usize % ids.len()].clone()),
                });
            }
        }
        let paragraphs = sentences.last().map_or(0, |s| s.paragraph + 1);
        let mut doc = Document::new(d.id.clone(), text);
        doc.date = d.date.map(DateSpec::get);
        out.push((doc, Extraction { mentions, sentences, paragraphs }, d.side));
    }
    out
}

fn write_all(graph: &CoGraph) {
    let mut json = vec![];
    export::json::write(graph, &mut json).expect("json");
    formats::check_json(graph, &json);

    let mut dot = vec![];
    export::dot::write(graph, &mut dot).expect("dot");
    formats::check_dot(graph, std::str::from_utf8(&dot).expect("UTF-8 DOT"));

    for viz in [true, false] {
        let mut gexf = vec![];
        export::gexf::write_with(graph, &GexfOptions { viz }, &mut gexf).expect("gexf");
        formats::check_gexf(graph, std::str::from_utf8(&gexf).expect("UTF-8 GEXF"));
    }

    let mut graphml = vec![];
    export::graphml::write(graph, &mut graphml).expect("graphml");
    formats::check_graphml(graph, std::str::from_utf8(&graphml).expect("UTF-8 GraphML"));

    let mut cy = vec![];
    export::cytoscape::write(graph, &mut cy).expect("cytoscape");
    formats::check_cytoscape(graph, &cy);

    let mut gy = vec![];
    export::graphology::write(graph, &mut gy).expect("graphology");
    formats::check_graphology(graph, &gy);

    let (mut nodes, mut edges) = (vec![], vec![]);
    export::csv::write_nodes(graph, &mut nodes).expect("nodes.csv");
    export::csv::write_edges(graph, &mut edges).expect("edges.csv");
    formats::check_csv(graph.node_count(), &nodes);
    formats::check_csv(graph.edge_count(), &edges);
}

fuzz_target!(|input: Input| {
    let mut taken = BTreeSet::new();
    let gaz: Vec<&GazActor> = input.gazetteer.iter().take(12).collect();
    let rust: Vec<&RustActor> = input.rust.iter().take(12).collect();
    let gaz_ids: Vec<ActorId> = gaz
        .iter()
        .enumerate()
        .map(|(i, a)| id_from(&a.name, format!("g{i}"), &mut taken))
        .collect();
    // Rust actors may reuse a gazetteer id (a person a pattern found), not each other's:
    // two different definitions of one id would make the graph depend on which document
    // came first.
    let mut taken_rust = BTreeSet::new();
    let rust_ids: Vec<ActorId> = rust
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let id = if a.raw_id { ActorId::new(&a.name) } else { ActorId::from_name(&a.name) };
            let mut id = id.map_or(format!("r{i}"), |id| id.to_string());
            while taken_rust.contains(&id) {
                id = format!("{id}-{i}");
            }
            taken_rust.insert(id.clone());
            ActorId::new(&id).expect("a valid id")
        })
        .collect();
    let mut ids: Vec<ActorId> = gaz_ids.iter().chain(&rust_ids).cloned().collect();
    if ids.is_empty() {
        ids.push(ActorId::new("nobody").expect("id"));
    }
    let gazetteer = if gaz.is_empty() {
        Gazetteer::default()
    } else {
        let text = gazetteer_text(&gaz, &ids);
        let mut b = GazetteerBuilder::new();
        b.builtins(false).add_text("fuzz.tsv", text.as_str());
        b.build().unwrap_or_default()
    };
    let mut pool: Vec<Arc<Actor>> = gazetteer.actors().to_vec();
    pool.extend(rust.iter().zip(&rust_ids).map(|(a, id)| rust_actor(a, id.clone(), &ids)));

    let options = BuildOptions {
        window: Window::ALL[input.window as usize % 3],
        evidence: usize::from(input.evidence % 6),
    };
    let docs = documents(&input.docs, &pool, &ids);
    let mut whole = GraphBuilder::new(options);
    let mut first = GraphBuilder::new(options);
    let mut second = GraphBuilder::new(options);
    for (doc, x, side) in &docs {
        whole.add(doc, x, &gazetteer);
        if side % 2 == 0 {
            first.add(doc, x, &gazetteer);
        } else {
            second.add(doc, x, &gazetteer);
        }
    }
    first.merge(second);

    let f = &input.finish;
    let finish = FinishOptions {
        score: Score::ALL[f.score as usize % Score::ALL.len()],
        min_weight: u64::from(f.min_weight % 4),
        min_documents: u64::from(f.min_documents % 4),
        types: f
            .types
            .iter()
            .take(3)
            .map(|&t| TYPES[t as usize % TYPES.len()].to_string())
            .collect(),
        top: f.top.map(|t| usize::from(t % 20)),
        drop_isolates: f.drop_isolates,
        affiliations: f.affiliations,
    };
    let mut graph = whole.finish(&finish);
    graph.meta.inputs = input.inputs.iter().take(4).cloned().collect();
    graph.meta.gazetteers = input.gazetteers.iter().take(4).cloned().collect();
    write_all(&graph);

    // Merging partial builders gives the same graph.
    let mut merged = first.finish(&finish);
    merged.meta = graph.meta.clone();
    let nodes = |g: &CoGraph| g.nodes().cloned().collect::<Vec<_>>();
    let edges = |g: &CoGraph| {
        g.edges().map(|(a, b, e)| (a.id.clone(), b.id.clone(), e.clone())).collect::<Vec<_>>()
    };
    assert_eq!(nodes(&graph), nodes(&merged), "merged nodes differ");
    assert_eq!(edges(&graph), edges(&merged), "merged edges differ");
});
