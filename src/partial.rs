//! Partial graphs: the counts of a [`GraphBuilder`] in a file, so that a corpus can be
//! split, counted on many machines, and merged into exactly the graph one run over the
//! whole corpus would give.
//!
//! A partial graph is not a smaller graph. Scores, evidence limits and filters cannot be
//! applied piece by piece (`top 100` of each part is not the `top 100` of the whole, and a
//! PMI needs the whole corpus's `N`), so a partial keeps the raw counts — per-tier pair
//! counts, every actor's unit frequencies, `N` per tier, documents, dates, the evidence
//! candidates with their `(document id, sentence)` keys — and everything that decides an
//! output: the actors' full definitions, the build options and the provenance. Merging
//! adds counts ([`GraphBuilder::merge`]), which is associative and commutative; scores,
//! the evidence choice and filters happen once, in [`PartialGraph::finish`], after the
//! last merge.
//!
//! ```
//! use actorgraph::graph::{BuildOptions, FinishOptions, GraphBuilder};
//! use actorgraph::partial::PartialGraph;
//! use actorgraph::{Document, Extractor};
//!
//! let extractor = Extractor::builtin()?;
//! let gazetteers = extractor.gazetteer().sources().to_vec();
//! let mut parts = vec![];
//! for (id, text) in [("a", "Qatar and Egypt mediated."), ("b", "Egypt met Qatar.")] {
//!     let mut builder = GraphBuilder::new(BuildOptions::default());
//!     let doc = Document::new(id, text);
//!     builder.add(&doc, &extractor.extract(&doc), extractor.gazetteer());
//!     let part = PartialGraph::new(builder, vec![format!("{id}.txt")], gazetteers.clone());
//!     // Written on one machine …
//!     let mut file = vec![];
//!     part.write(&mut file)?;
//!     parts.push(file);
//! }
//! // … read and merged on another.
//! let mut whole = PartialGraph::read_one("a.partial.json", &parts[0])?;
//! whole.merge(PartialGraph::read_one("b.partial.json", &parts[1])?)?;
//! let graph = whole.finish(&FinishOptions::default());
//! let (_, _, edge) = graph.edges().next().unwrap();
//! assert_eq!((edge.weight, edge.documents), (2, 2));
//! assert_eq!(graph.meta.inputs, ["a.txt", "b.txt"]);
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```
//!
//! # The format (version 1)
//!
//! One JSON object on one line, ending with a line break (so a partial is one record of a
//! line-oriented pipe, and `cat a b c` is a valid stream of three partials). Keys:
//!
//! | key | what |
//! |---|---|
//! | `format` | always `"actorgraph-partial"` |
//! | `version` | the format version, `1`; a reader refuses any other |
//! | `tool` | `actorgraph X.Y.Z`, the version that counted; partials merge only with partials of the same version |
//! | `window`, `evidence` | the build options (`--window`, `--evidence`); partials merge only when both are equal |
//! | `inputs` | the inputs as given to the run (`-` for stdin) |
//! | `gazetteers` | the gazetteer sources, in load order (`builtin:countries.tsv`, user paths) |
//! | `documents` | documents read |
//! | `units` | `{"sentence": S, "paragraph": P, "document": D}`: units read per tier, with or without mentions (`N`) |
//! | `actors` | sorted by `id`, see below |
//! | `pairs` | sorted by (`source`, `target`), `source` < `target`, see below |
//! | `affiliations` | `[person, actor]` pairs seen on mentions (a person's role held for a country or organisation), sorted |
//!
//! An actor: `id`, `type`, `label`, `iso3`, `roles` (`[{"title", "affiliation", "from",
//! "to"}]`, dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`), `attributes` (the gazetteer's
//! other attributes), `source` (`gazetteer`, or `pattern` for people found by title
//! patterns), `labels` (for pattern people, how often each spelling was seen),
//! `role_counts` (`[{"role", "affiliation", "count"}]`: how often each role was seen on
//! mentions), `mentions`, `documents`, `units` (units per tier that mention the actor:
//! `f(a)`), `first_date`, `last_date`.
//!
//! A pair: `source`, `target` (actor ids), `counts` (units per tier in which both
//! appear), `first_date`, `last_date` (per tier, `{"sentence": "1987-03-02", …}`),
//! `evidence` (the candidates kept so far: `[{"doc", "sentence", "start", "end",
//! "text"}]`, smallest `(doc, sentence)` first, at most `evidence` of them).
//!
//! Optional keys (`iso3`, `roles`, `attributes`, `labels`, `role_counts`, dates,
//! `evidence`) are left out when empty. Unknown keys are an error: a file that has them
//! was not written by this version of the format. Output is deterministic: the same
//! counts always give the same bytes.
//!
//! # Merging metadata
//!
//! The merged graph's `inputs` are the union of the partials' inputs, sorted and without
//! duplicates, so merging is commutative for them too (a single run lists its inputs in
//! the order given: the two agree when that order is sorted, as for one input). The
//! partials must have been built with the same gazetteers (the same source list, and the
//! same definition of every gazetteer actor they share), and those are the merged graph's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::actor::{Actor, ActorId, ActorType, Date, Role};
use crate::graph::{
    insert_evidence, BuildOptions, CoGraph, Evidence, FinishOptions, GraphBuilder, NodeAcc,
    PairAcc, Window,
};

/// The value of the `format` key: what tells a partial graph from any other JSON.
pub const FORMAT_NAME: &str = "actorgraph-partial";

/// The format version this library writes and reads. It changes whenever a key changes
/// meaning or is added, so that an old reader refuses a new file instead of misreading it.
pub const FORMAT_VERSION: u32 = 1;

/// The `tool` this library writes, `actorgraph X.Y.Z`; counts from different versions
/// may differ, so partials merge only with partials of the same version.
pub fn tool() -> String {
    format!("actorgraph {}", env!("CARGO_PKG_VERSION"))
}

/// A [`GraphBuilder`] with the provenance a merged graph reports.
#[derive(Clone, Debug)]
pub struct PartialGraph {
    /// The counts.
    pub builder: GraphBuilder,
    /// `actorgraph X.Y.Z` of the version that counted.
    pub tool: String,
    /// The inputs read, as given (`-` for stdin).
    pub inputs: Vec<String>,
    /// The gazetteer sources, in load order.
    pub gazetteers: Vec<String>,
}

/// Why two partial graphs cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// Different actorgraph versions counted them.
    Tool(String, String),
    /// Different windows (`--window`).
    Window(Window, Window),
    /// Different evidence limits (`--evidence`).
    Evidence(usize, usize),
    /// Different gazetteer sources.
    Gazetteers(Vec<String>, Vec<String>),
    /// The same gazetteer actor id with different definitions (the same file name with
    /// other contents).
    Actor(ActorId),
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Tool(a, b) => write!(
                f,
                "they were made by different versions ({a}, {b}); make every partial with \
                 the same actorgraph"
            ),
            Mismatch::Window(a, b) => write!(
                f,
                "they were built with different windows ({a}, {b}); build every partial \
                 with the same --window"
            ),
            Mismatch::Evidence(a, b) => write!(
                f,
                "they were built with different evidence limits ({a}, {b}); build every \
                 partial with the same --evidence"
            ),
            Mismatch::Gazetteers(a, b) => write!(
                f,
                "they were built with different gazetteers ([{}], [{}]); build every \
                 partial with the same --gazetteer files, given by the same names",
                a.join(", "),
                b.join(", ")
            ),
            Mismatch::Actor(id) => write!(
                f,
                "their gazetteers define actor {id} differently (a gazetteer file of the \
                 same name but other contents); build every partial with the same files"
            ),
        }
    }
}

impl std::error::Error for Mismatch {}

/// A partial graph that could not be read, with the name of what it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartialError {
    /// The file name (or `<stdin>`), and which partial in it when there are several.
    pub name: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PartialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl std::error::Error for PartialError {}

impl PartialGraph {
    /// A partial graph of `builder`'s counts, made by this version of the library.
    pub fn new(builder: GraphBuilder, inputs: Vec<String>, gazetteers: Vec<String>) -> Self {
        PartialGraph { builder, tool: tool(), inputs, gazetteers }
    }

    /// Writes the partial graph as one line of JSON (see the [module docs](self)).
    pub fn write<W: Write>(&self, mut w: W) -> io::Result<()> {
        serde_json::to_writer(&mut w, &self.to_file())?;
        w.write_all(b"\n")
    }

    /// Checks that `other` can be merged into `self`.
    pub fn check(&self, other: &PartialGraph) -> Result<(), Mismatch> {
        if self.tool != other.tool {
            return Err(Mismatch::Tool(self.tool.clone(), other.tool.clone()));
        }
        let (a, b) = (self.builder.options(), other.builder.options());
        if a.window != b.window {
            return Err(Mismatch::Window(a.window, b.window));
        }
        if a.evidence != b.evidence {
            return Err(Mismatch::Evidence(a.evidence, b.evidence));
        }
        if self.gazetteers != other.gazetteers {
            return Err(Mismatch::Gazetteers(self.gazetteers.clone(), other.gazetteers.clone()));
        }
        for node in other.builder.nodes.iter().filter(|n| n.from_gazetteer) {
            if let Some(&i) = self.builder.ids.get(&node.actor.id) {
                let mine = &self.builder.nodes[i as usize];
                if mine.from_gazetteer && *mine.actor != *node.actor {
                    return Err(Mismatch::Actor(node.actor.id.clone()));
                }
            }
        }
        Ok(())
    }

    /// Adds everything `other` counted, after [`check`](Self::check)ing that the two were
    /// built alike. Associative and commutative: any grouping and order of the same
    /// partials gives the same partial. `inputs` become the sorted union.
    pub fn merge(&mut self, other: PartialGraph) -> Result<(), Mismatch> {
        self.check(&other)?;
        self.builder.merge(other.builder);
        self.inputs.extend(other.inputs);
        self.inputs.sort();
        self.inputs.dedup();
        Ok(())
    }

    /// The ids of the gazetteer actors this partial counted, so that a caller merging many
    /// can say which one first defined an actor when another defines it differently.
    pub fn gazetteer_actors(&self) -> impl Iterator<Item = &ActorId> {
        self.builder.nodes.iter().filter(|n| n.from_gazetteer).map(|n| &n.actor.id)
    }

    /// Scores, filters and builds the final graph, with this partial's inputs and
    /// gazetteers in its metadata.
    pub fn finish(&self, options: &FinishOptions) -> CoGraph {
        let mut graph = self.builder.finish(options);
        graph.meta.inputs.clone_from(&self.inputs);
        graph.meta.gazetteers.clone_from(&self.gazetteers);
        graph
    }

    /// Reads every partial graph in `bytes`: one, or several one after another (as `cat`
    /// of several files gives). `name` (a file name, or `<stdin>`) is put in errors. An
    /// input without any partial is an error: an empty file is more likely a failed job
    /// than an empty corpus, which has a partial of its own.
    pub fn read_all(name: &str, bytes: &[u8]) -> Result<Vec<PartialGraph>, PartialError> {
        let mut out = vec![];
        let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<FileV1>();
        loop {
            let start = stream.byte_offset();
            let label = if out.is_empty() {
                name.to_string()
            } else {
                format!("{name} (partial {})", out.len() + 1)
            };
            let err = |message: String| PartialError { name: label.clone(), message };
            match stream.next() {
                None => break,
                Some(Ok(file)) => out.push(file.into_partial().map_err(err)?),
                Some(Err(e)) => return Err(err(diagnose(&bytes[start..], &e))),
            }
        }
        if out.is_empty() {
            return Err(PartialError {
                name: name.to_string(),
                message: "empty: no partial graph in it (partial graphs are written by \
                          `actorgraph graph --format partial`)"
                    .into(),
            });
        }
        Ok(out)
    }

    /// Reads exactly one partial graph from `bytes`; `name` is put in errors.
    pub fn read_one(name: &str, bytes: &[u8]) -> Result<PartialGraph, PartialError> {
        let mut all = PartialGraph::read_all(name, bytes)?;
        match all.len() {
            1 => Ok(all.remove(0)),
            n => Err(PartialError {
                name: name.to_string(),
                message: format!("{n} partial graphs where one was expected"),
            }),
        }
    }

    fn to_file(&self) -> FileV1 {
        let b = &self.builder;
        let mut order: Vec<usize> = (0..b.nodes.len()).collect();
        order.sort_by(|&x, &y| b.nodes[x].actor.id.cmp(&b.nodes[y].actor.id));
        let id = |i: u32| b.nodes[i as usize].actor.id.as_str().to_string();
        let actors = order.iter().map(|&i| ActorV1::from_node(&b.nodes[i])).collect();
        let mut pairs: Vec<PairV1> = b
            .pairs
            .iter()
            .map(|(&(x, y), p)| {
                let (x, y) = (id(x), id(y));
                let (source, target) = if x <= y { (x, y) } else { (y, x) };
                PairV1 {
                    source,
                    target,
                    counts: Tiers::from(p.counts),
                    first_date: DateTiers::from(p.first_date),
                    last_date: DateTiers::from(p.last_date),
                    evidence: p.evidence.iter().map(EvidenceV1::from).collect(),
                }
            })
            .collect();
        pairs.sort_by(|p, q| (&p.source, &p.target).cmp(&(&q.source, &q.target)));
        let affiliations: BTreeSet<(String, String)> =
            b.affiliations.iter().map(|&(p, a)| (id(p), id(a))).collect();
        FileV1 {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            tool: self.tool.clone(),
            window: b.options.window.as_str().into(),
            evidence: b.options.evidence,
            inputs: self.inputs.clone(),
            gazetteers: self.gazetteers.clone(),
            documents: b.documents,
            units: Tiers::from(b.units),
            actors,
            pairs,
            affiliations: affiliations.into_iter().map(|(p, a)| [p, a]).collect(),
        }
    }
}

/// The message for a partial that did not parse: a wrong format or version when the
/// header says so (a newer version may have a shape this one cannot parse), else the
/// parser's own words, with line and column.
fn diagnose(rest: &[u8], error: &serde_json::Error) -> String {
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u64>,
    }
    let header = serde_json::Deserializer::from_slice(rest).into_iter::<Header>().next();
    if let Some(Ok(h)) = header {
        if let Err(message) = check_header(h.format.as_deref(), h.version) {
            return message;
        }
    }
    if error.is_eof() {
        return format!("truncated partial graph ({error})");
    }
    format!("corrupt partial graph: {error}")
}

fn check_header(format: Option<&str>, version: Option<u64>) -> Result<(), String> {
    if format != Some(FORMAT_NAME) {
        return Err(format!(
            "not an actorgraph partial graph (no \"format\": \"{FORMAT_NAME}\"); partial graphs \
             are written by `actorgraph graph --format partial`"
        ));
    }
    match version {
        Some(v) if v == u64::from(FORMAT_VERSION) => Ok(()),
        Some(v) => Err(format!(
            "partial graph format version {v}, but {} reads version {FORMAT_VERSION}: merge \
             with the actorgraph version that wrote it",
            tool()
        )),
        None => Err("partial graph without a format version".into()),
    }
}

/// Per-tier values, by window name.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tiers {
    sentence: u64,
    paragraph: u64,
    document: u64,
}

impl From<[u64; 3]> for Tiers {
    fn from(t: [u64; 3]) -> Tiers {
        Tiers { sentence: t[0], paragraph: t[1], document: t[2] }
    }
}

impl From<Tiers> for [u64; 3] {
    fn from(t: Tiers) -> [u64; 3] {
        [t.sentence, t.paragraph, t.document]
    }
}

/// Per-tier dates, by window name; tiers without a date are left out.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DateTiers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sentence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paragraph: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    document: Option<String>,
}

impl DateTiers {
    fn is_empty(&self) -> bool {
        self.sentence.is_none() && self.paragraph.is_none() && self.document.is_none()
    }

    fn parse(&self, what: &str) -> Result<[Option<Date>; 3], String> {
        let mut out = [None; 3];
        for (i, (tier, v)) in [
            ("sentence", &self.sentence),
            ("paragraph", &self.paragraph),
            ("document", &self.document),
        ]
        .into_iter()
        .enumerate()
        {
            out[i] = parse_date(v.as_deref(), &format!("{what}.{tier}"))?;
        }
        Ok(out)
    }
}

impl From<[Option<Date>; 3]> for DateTiers {
    fn from(t: [Option<Date>; 3]) -> DateTiers {
        let s = |d: Option<Date>| d.map(|d| d.to_string());
        DateTiers { sentence: s(t[0]), paragraph: s(t[1]), document: s(t[2]) }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    format: String,
    version: u32,
    tool: String,
    window: String,
    evidence: usize,
    inputs: Vec<String>,
    gazetteers: Vec<String>,
    documents: u64,
    units: Tiers,
    actors: Vec<ActorV1>,
    pairs: Vec<PairV1>,
    affiliations: Vec<[String; 2]>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorV1 {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iso3: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    roles: Vec<RoleV1>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<String, String>,
    source: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    role_counts: Vec<RoleCountV1>,
    mentions: u64,
    documents: u64,
    units: Tiers,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_date: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleV1 {
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    affiliation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleCountV1 {
    role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    affiliation: Option<String>,
    count: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairV1 {
    source: String,
    target: String,
    counts: Tiers,
    #[serde(default, skip_serializing_if = "DateTiers::is_empty")]
    first_date: DateTiers,
    #[serde(default, skip_serializing_if = "DateTiers::is_empty")]
    last_date: DateTiers,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<EvidenceV1>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceV1 {
    doc: String,
    sentence: u32,
    start: usize,
    end: usize,
    text: String,
}

impl From<&Evidence> for EvidenceV1 {
    fn from(e: &Evidence) -> EvidenceV1 {
        EvidenceV1 {
            doc: e.doc.to_string(),
            sentence: e.sentence,
            start: e.start,
            end: e.end,
            text: e.text.clone(),
        }
    }
}

impl ActorV1 {
    fn from_node(n: &NodeAcc) -> ActorV1 {
        let a = &n.actor;
        let date = |d: Option<Date>| d.map(|d| d.to_string());
        ActorV1 {
            id: a.id.as_str().into(),
            kind: a.kind.as_str().into(),
            label: a.label.clone(),
            iso3: a.iso3.clone(),
            roles: a
                .roles
                .iter()
                .map(|r| RoleV1 {
                    title: r.title.clone(),
                    affiliation: r.affiliation.as_ref().map(|x| x.as_str().into()),
                    from: date(r.from),
                    to: date(r.to),
                })
                .collect(),
            attributes: a.extra.clone(),
            source: if n.from_gazetteer { "gazetteer" } else { "pattern" }.into(),
            labels: n.labels.clone(),
            role_counts: n
                .roles
                .iter()
                .map(|((role, aff), &count)| RoleCountV1 {
                    role: role.clone(),
                    affiliation: aff.as_ref().map(|x| x.as_str().into()),
                    count,
                })
                .collect(),
            mentions: n.mentions,
            documents: n.documents,
            units: Tiers::from(n.units),
            first_date: date(n.first_date),
            last_date: date(n.last_date),
        }
    }

    fn into_node(self) -> Result<NodeAcc, String> {
        let id = parse_id(&self.id, "actor id")?;
        let at = |what: &str| format!("actor {id}: {what}");
        let kind = ActorType::parse(&self.kind)
            .ok_or_else(|| at(&format!("bad type {:?} (a lower-case word)", self.kind)))?;
        let from_gazetteer = match self.source.as_str() {
            "gazetteer" => true,
            "pattern" => false,
            other => return Err(at(&format!("bad source {other:?} (gazetteer or pattern)"))),
        };
        let mut roles = Vec::with_capacity(self.roles.len());
        for r in self.roles {
            roles.push(Role {
                affiliation: parse_opt_id(r.affiliation.as_deref(), &at("role affiliation"))?,
                from: parse_date(r.from.as_deref(), &at("role from"))?,
                to: parse_date(r.to.as_deref(), &at("role to"))?,
                title: r.title,
            });
        }
        let mut role_counts = BTreeMap::new();
        for r in self.role_counts {
            let aff = parse_opt_id(r.affiliation.as_deref(), &at("role_counts affiliation"))?;
            if role_counts.insert((r.role, aff), r.count).is_some() {
                return Err(at("the same role twice in role_counts"));
            }
        }
        let first_date = parse_date(self.first_date.as_deref(), &at("first_date"))?;
        let last_date = parse_date(self.last_date.as_deref(), &at("last_date"))?;
        Ok(NodeAcc {
            actor: Arc::new(Actor {
                id,
                kind,
                label: self.label,
                iso3: self.iso3,
                roles,
                extra: self.attributes,
            }),
            labels: self.labels,
            roles: role_counts,
            from_gazetteer,
            mentions: self.mentions,
            documents: self.documents,
            units: self.units.into(),
            first_date,
            last_date,
        })
    }
}

fn parse_id(s: &str, what: &str) -> Result<ActorId, String> {
    ActorId::new(s).ok_or_else(|| format!("bad {what} {s:?} (ids are made of A-Z a-z 0-9 _ . -)"))
}

fn parse_opt_id(s: Option<&str>, what: &str) -> Result<Option<ActorId>, String> {
    s.map(|s| parse_id(s, what)).transpose()
}

fn parse_date(s: Option<&str>, what: &str) -> Result<Option<Date>, String> {
    match s {
        None => Ok(None),
        Some(s) => Date::parse(s)
            .filter(|d| d.to_string() == s)
            .map(Some)
            .ok_or_else(|| format!("{what}: bad date {s:?} (YYYY, YYYY-MM or YYYY-MM-DD)")),
    }
}

impl FileV1 {
    fn into_partial(self) -> Result<PartialGraph, String> {
        check_header(Some(&self.format), Some(u64::from(self.version)))?;
        let window = Window::parse(&self.window).ok_or_else(|| {
            format!("bad window {:?} (sentence, paragraph or document)", self.window)
        })?;
        let mut b = GraphBuilder::new(BuildOptions { window, evidence: self.evidence });
        for a in self.actors {
            let node = a.into_node()?;
            let i = b.nodes.len() as u32;
            if b.ids.insert(node.actor.id.clone(), i).is_some() {
                return Err(format!("actor {} is listed twice", node.actor.id));
            }
            b.nodes.push(node);
        }
        let index = |b: &GraphBuilder, id: &str, what: &str| -> Result<u32, String> {
            ActorId::new(id).and_then(|id| b.ids.get(&id).copied()).ok_or_else(|| {
                format!("{what} names actor {id:?}, which is not in the file's actors")
            })
        };
        // Evidence of one document shares one id string, as it does when counted.
        let mut docs: FxHashMap<String, Arc<str>> = FxHashMap::default();
        for p in self.pairs {
            let what = format!("pair {}--{}", p.source, p.target);
            let (x, y) = (index(&b, &p.source, &what)?, index(&b, &p.target, &what)?);
            if x == y {
                return Err(format!("{what} joins an actor to itself"));
            }
            let mut acc = PairAcc {
                counts: p.counts.into(),
                first_date: p.first_date.parse(&format!("{what}: first_date"))?,
                last_date: p.last_date.parse(&format!("{what}: last_date"))?,
                evidence: vec![],
            };
            for e in p.evidence {
                if e.start > e.end {
                    return Err(format!(
                        "{what}: evidence span {}..{} ends before it starts",
                        e.start, e.end
                    ));
                }
                let doc = docs.entry(e.doc).or_insert_with_key(|d| Arc::from(d.as_str())).clone();
                let e = Evidence {
                    doc,
                    sentence: e.sentence,
                    start: e.start,
                    end: e.end,
                    text: e.text,
                };
                insert_evidence(&mut acc.evidence, e, self.evidence);
            }
            if b.pairs.insert((x.min(y), x.max(y)), acc).is_some() {
                return Err(format!("{what} is listed twice"));
            }
        }
        for [p, a] in &self.affiliations {
            let what = format!("affiliation {p}--{a}");
            let (x, y) = (index(&b, p, &what)?, index(&b, a, &what)?);
            b.affiliations.insert((x, y));
        }
        b.units = self.units.into();
        b.documents = self.documents;
        Ok(PartialGraph {
            builder: b,
            tool: self.tool,
            inputs: self.inputs,
            gazetteers: self.gazetteers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Extraction, Mention, SentenceSpan, Source};
    use crate::gazetteer::{Gazetteer, GazetteerBuilder};
    use crate::graph::Score;
    use proptest::prelude::*;

    const GAZETTEER: &str = "id\ttype\tlabel\taliases\tattributes\n\
        AAA\tcountry\tAland\t\tiso3=AAA; iso2=AA\n\
        BBB\tcountry\tBland\t\tiso3=BBB; note=x\n\
        org\torganization\tOrg\n\
        p-one\tperson\tPerson One\t\trole=Minister; affiliation=AAA; from=2001-01-01; to=2005 | role=President; affiliation=BBB; from=2006\n\
        p-two\tperson\tPerson Two\t\trole=Envoy; affiliation=org\n";

    fn gazetteer() -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.builtins(false).add_text("test.tsv", GAZETTEER);
        b.build().unwrap()
    }

    /// A pattern-made person: variant `v` of id `pat-{i}`, another spelling and title for
    /// each variant, as patterns in different documents make them.
    fn pattern_actor(i: usize, v: usize) -> Arc<Actor> {
        Arc::new(Actor {
            id: ActorId::new(&format!("pat-{i}")).unwrap(),
            kind: ActorType::Person,
            label: format!("Pat {i}{}", ".".repeat(v)),
            iso3: None,
            roles: vec![Role {
                title: ["envoy", "minister", "spokesman"][v].into(),
                affiliation: ActorId::new(["AAA", "BBB", "org"][v]),
                from: None,
                to: None,
            }],
            extra: BTreeMap::new(),
        })
    }

    /// A mention: which actor (0..5 gazetteer, 5..9 pattern `pat-(k-5)/2`, variant `k%3`)
    /// and whether it carries a role and affiliation.
    type M = (usize, bool);
    /// A document: date index (0: undated), sentences of (paragraph break before, mentions).
    type Doc = (usize, Vec<(bool, Vec<M>)>);

    fn make_doc(i: usize, d: &Doc, g: &Gazetteer) -> (Document, Extraction) {
        const DATES: [&str; 5] = ["", "1987", "1987-03", "1987-03-02", "2006-11-30"];
        let mut text = String::new();
        let (mut spans, mut mentions, mut para) = (vec![], vec![], 0u32);
        for (si, (brk, ms)) in d.1.iter().enumerate() {
            if *brk && si > 0 {
                para += 1;
            }
            let start = text.len();
            text.push_str(&format!("Sentence {si} of document {i}, with é and \"quotes\"."));
            spans.push(SentenceSpan { start, end: text.len(), paragraph: para });
            for &(k, role) in ms {
                let actor =
                    if k < 5 { g.actors()[k].clone() } else { pattern_actor((k - 5) / 2, k % 3) };
                let person = actor.kind == ActorType::Person;
                let r = actor.role_at(None).filter(|_| role && person);
                mentions.push(Mention {
                    start,
                    end: start + 8,
                    sentence: si as u32,
                    paragraph: para,
                    source: if k < 5 { Source::Gazetteer } else { Source::Pattern },
                    rule: None,
                    role: r.map(|r| r.title.clone()),
                    affiliation: r.and_then(|r| r.affiliation.clone()),
                    actor,
                });
            }
            text.push('\n');
        }
        let mut doc = Document::new(format!("doc-{i:02}"), text);
        doc.date = Date::parse(DATES[d.0]);
        (doc, Extraction { mentions, sentences: spans, paragraphs: para + 1 })
    }

    fn corpus() -> impl Strategy<Value = Vec<Doc>> {
        let mention = (0usize..9, any::<bool>());
        let sentence = (any::<bool>(), proptest::collection::vec(mention, 0..4));
        let doc = (0usize..5, proptest::collection::vec(sentence, 1..6));
        proptest::collection::vec(doc, 0..10)
    }

    /// The partial of documents `ids`, read by `graph` from input `name`.
    fn part(
        docs: &[Doc],
        ids: &[usize],
        name: &str,
        window: Window,
        g: &Gazetteer,
    ) -> PartialGraph {
        let mut b = GraphBuilder::new(BuildOptions { window, evidence: 2 });
        for &i in ids {
            let (doc, extraction) = make_doc(i, &docs[i], g);
            b.add(&doc, &extraction, g);
        }
        PartialGraph::new(b, vec![name.into()], g.sources().to_vec())
    }

    fn bytes(p: &PartialGraph) -> Vec<u8> {
        let mut out = vec![];
        p.write(&mut out).unwrap();
        out
    }

    /// Written and read back: every merge below goes through the format.
    fn through_file(p: &PartialGraph) -> PartialGraph {
        PartialGraph::read_one("test.partial.json", &bytes(p)).unwrap()
    }

    fn merged(parts: &[&PartialGraph]) -> PartialGraph {
        let mut acc = through_file(parts[0]);
        for p in &parts[1..] {
            acc.merge(through_file(p)).unwrap();
        }
        acc
    }

    /// The finished graph as JSON, with and without scores and filters.
    fn json(p: &PartialGraph) -> Vec<u8> {
        let mut out = vec![];
        let filtered = FinishOptions {
            score: Score::Npmi,
            top: Some(4),
            min_weight: 1,
            drop_isolates: true,
            affiliations: true,
            ..Default::default()
        };
        for o in [FinishOptions { affiliations: true, ..Default::default() }, filtered] {
            crate::export::json::write(&p.finish(&o), &mut out).unwrap();
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn merging_partials_through_the_format_is_exact(
            docs in corpus(),
            cuts in (0usize..11, 0usize..11),
            window in 0usize..3,
            shuffle in any::<u64>(),
        ) {
            let g = gazetteer();
            let window = Window::ALL[window];
            let n = docs.len();
            let (c1, c2) = (cuts.0.min(n), cuts.1.min(n));
            let (c1, c2) = (c1.min(c2), c1.max(c2));
            // Three parts of the corpus, each counted in its own order.
            let mut order: Vec<usize> = (0..n).collect();
            order.rotate_left((shuffle as usize) % n.max(1));
            let mut pieces = [order[..c1].to_vec(), order[c1..c2].to_vec(), order[c2..].to_vec()];
            pieces[1].reverse();
            let a = part(&docs, &pieces[0], "a", window, &g);
            let b = part(&docs, &pieces[1], "b", window, &g);
            let c = part(&docs, &pieces[2], "c", window, &g);
            // The single run over the union, in input order, reading a, b and c.
            let mut whole = part(&docs, &(0..n).collect::<Vec<_>>(), "a", window, &g);
            whole.inputs = vec!["a".into(), "b".into(), "c".into()];
            let want_json = json(&whole);
            let want_partial = bytes(&whole);

            // Reading back gives the same bytes.
            prop_assert_eq!(bytes(&through_file(&whole)), want_partial.clone());
            // Associativity: (a + b) + c = a + (b + c), as partial files and as graphs.
            let left = merged(&[&merged(&[&a, &b]), &c]);
            let right = merged(&[&a, &merged(&[&b, &c])]);
            prop_assert_eq!(bytes(&left), want_partial.clone());
            prop_assert_eq!(bytes(&right), want_partial.clone());
            prop_assert_eq!(json(&left), want_json.clone());
            prop_assert_eq!(json(&right), want_json.clone());
            // Commutativity: any order.
            for perm in [[&c, &b, &a], [&b, &a, &c], [&c, &a, &b]] {
                let m = merged(&perm);
                prop_assert_eq!(bytes(&m), want_partial.clone());
                prop_assert_eq!(json(&m), want_json.clone());
            }
            // Identity: an empty partial (no documents, no inputs) changes nothing.
            let mut empty = part(&docs, &[], "", window, &g);
            empty.inputs.clear();
            for m in [merged(&[&left, &empty]), merged(&[&empty, &left])] {
                prop_assert_eq!(bytes(&m), want_partial.clone());
                prop_assert_eq!(json(&m), want_json.clone());
            }
        }
    }

    fn sample() -> PartialGraph {
        let g = gazetteer();
        let docs: Vec<Doc> = vec![
            (
                3,
                vec![
                    (false, vec![(0, false), (3, true), (5, true)]),
                    (true, vec![(0, false), (1, false)]),
                ],
            ),
            (0, vec![(false, vec![(1, false), (6, true), (2, false)])]),
        ];
        part(&docs, &[0, 1], "sample.jsonl", Window::Sentence, &g)
    }

    fn read_err(text: &str) -> String {
        PartialGraph::read_all("p.partial.json", text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn the_format_is_one_sorted_json_line() {
        let text = String::from_utf8(bytes(&sample())).unwrap();
        assert_eq!(text.matches('\n').count(), 1);
        assert!(
            text.starts_with(r#"{"format":"actorgraph-partial","version":1,"tool":"actorgraph "#)
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ids: Vec<&str> =
            v["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        assert_eq!(
            v["affiliations"],
            serde_json::json!([["p-one", "BBB"], ["pat-0", "AAA"], ["pat-0", "org"]])
        );
        let p1 = &v["actors"][ids.iter().position(|&i| i == "p-one").unwrap()];
        assert_eq!(p1["roles"][0]["from"], "2001-01-01");
        assert_eq!(
            p1["role_counts"],
            serde_json::json!([{"role": "President", "affiliation": "BBB", "count": 1}])
        );
        assert_eq!(v["pairs"][0]["first_date"]["sentence"], "1987-03-02");
        // Several partials in one stream.
        let two = format!("{text}{text}");
        assert_eq!(PartialGraph::read_all("two", two.as_bytes()).unwrap().len(), 2);
    }

    #[test]
    fn bad_partials_are_refused_with_the_file_named() {
        let text = String::from_utf8(bytes(&sample())).unwrap();
        let e = read_err(&text.replace("\"version\":1", "\"version\":2"));
        assert!(e.starts_with("p.partial.json: partial graph format version 2"), "{e}");
        let e = read_err(&text.replace("\"version\":1", "\"version\":2,\"new_key\":[1]"));
        assert!(e.contains("format version 2"), "{e}");
        let e = read_err(r#"{"directed": false, "nodes": []}"#);
        assert!(e.starts_with("p.partial.json: not an actorgraph partial graph"), "{e}");
        let e = read_err(&text[..text.len() / 2]);
        assert!(e.starts_with("p.partial.json: truncated partial graph"), "{e}");
        let e = read_err(&text.replacen("\"source\":\"AAA\"", "\"source\":\"ZZZ\"", 1));
        assert!(e.contains("names actor \"ZZZ\", which is not in the file's actors"), "{e}");
        let e = read_err(&text.replace("1987-03-02", "1987-02-30"));
        assert!(e.contains("actor AAA: first_date: bad date \"1987-02-30\""), "{e}");
        let e = read_err(&text.replace("\"window\":\"sentence\"", "\"window\":\"page\""));
        assert!(e.contains("bad window"), "{e}");
        let e = read_err(&text.replace("\"documents\":2", "\"documents\":-2"));
        assert!(e.starts_with("p.partial.json: corrupt partial graph"), "{e}");
        let e = read_err(&format!("{text}{{\"format\": 1}}"));
        assert!(e.starts_with("p.partial.json (partial 2): "), "{e}");
        assert!(read_err("\n").contains("empty"));
    }

    #[test]
    fn partials_built_differently_do_not_merge() {
        let a = sample();
        let mut b = sample();
        b.builder = GraphBuilder::new(BuildOptions { window: Window::Paragraph, evidence: 2 });
        assert_eq!(a.check(&b), Err(Mismatch::Window(Window::Sentence, Window::Paragraph)));
        b.builder = GraphBuilder::new(BuildOptions { window: Window::Sentence, evidence: 3 });
        assert_eq!(a.check(&b), Err(Mismatch::Evidence(2, 3)));
        let mut c = sample();
        c.gazetteers.push("mine.tsv".into());
        assert!(matches!(a.check(&c), Err(Mismatch::Gazetteers(..))));
        let mut d = sample();
        d.tool = "actorgraph 9.9.9".into();
        assert!(matches!(a.check(&d), Err(Mismatch::Tool(..))));
        // The same file name with other contents: the actors say so.
        let text = String::from_utf8(bytes(&sample()))
            .unwrap()
            .replace("\"label\":\"Aland\"", "\"label\":\"Åland\"");
        let e = PartialGraph::read_one("e", text.as_bytes()).unwrap();
        assert_eq!(a.check(&e), Err(Mismatch::Actor(ActorId::new("AAA").unwrap())));
    }
}
