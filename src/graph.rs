//! The co-mention graph: who is mentioned with whom, how often, where, and since when.
//!
//! Building happens in two steps. [`GraphBuilder`] accumulates counts document by
//! document, keyed by interned actor ids: memory grows with the number of actors and
//! pairs, never with the corpus. Builders merge exactly ([`GraphBuilder::merge`]), so
//! documents can be processed in any order, on any number of threads or machines.
//! [`GraphBuilder::finish`] then applies scores and filters and builds a `petgraph` graph,
//! [`CoGraph`], which every exporter reads.
//!
//! # Counting
//!
//! A *unit* is a sentence, a paragraph or a document. For every unit, each actor mentioned
//! in it counts once towards its unit frequency, and each pair of distinct actors mentioned
//! in it counts once towards the pair's count for that tier — whatever the number of
//! mentions. An edge's `weight` is the count of the chosen window; the counts of all three
//! tiers are kept on every edge. `N`, the number of units of each tier, counts every unit
//! read, with or without mentions, so association scores are over the whole corpus.
//!
//! # Evidence
//!
//! For every unit of the chosen window in which a pair appears, the evidence candidate is
//! the first sentence of that unit that mentions both actors (or, in a paragraph or
//! document window where no sentence mentions both, the first sentence that mentions either).
//! An edge keeps the candidates with the smallest `(document id, sentence index)`, so the
//! choice depends neither on the input order nor on threads, and partial graphs merge
//! exactly.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::Arc;

use petgraph::graph::{NodeIndex, UnGraph};

use crate::actor::{Actor, ActorId, ActorType, Date};
use crate::document::{Document, Extraction};
use crate::gazetteer::Gazetteer;

/// Sentence text kept as evidence is cut to this many characters.
pub const EVIDENCE_CHARS: usize = 300;

/// The unit in which two mentions count as co-mentioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Window {
    /// The same sentence.
    #[default]
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same document.
    Document,
}

impl Window {
    /// All windows, in tier order.
    pub const ALL: [Window; 3] = [Window::Sentence, Window::Paragraph, Window::Document];

    /// The index of this tier in per-tier arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Sentence => "sentence",
            Window::Paragraph => "paragraph",
            Window::Document => "document",
        }
    }

    /// The plural used for edge count attributes (`sentences`, `paragraphs`, `documents`).
    pub fn plural(self) -> &'static str {
        match self {
            Window::Sentence => "sentences",
            Window::Paragraph => "paragraphs",
            Window::Document => "documents",
        }
    }

    /// Parses a window name.
    pub fn parse(s: &str) -> Option<Window> {
        Window::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An association score between two actors, computed per unit of the chosen window.
///
/// With `N` units, unit frequencies `f(a)`, `f(b)` and co-occurrence count `f(a,b)`
/// (the edge weight):
///
/// | score | formula |
/// |---|---|
/// | `count` | `f(a,b)` |
/// | `pmi` | `ln( f(a,b)·N / (f(a)·f(b)) )` |
/// | `npmi` | `pmi / −ln( f(a,b)/N )`, and 1 when `f(a,b) = N` |
/// | `jaccard` | `f(a,b) / (f(a) + f(b) − f(a,b))` |
/// | `dice` | `2·f(a,b) / (f(a) + f(b))` |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Score {
    /// The raw count (the weight).
    #[default]
    Count,
    /// Pointwise mutual information (natural log).
    Pmi,
    /// Normalised PMI, in [-1, 1].
    Npmi,
    /// Jaccard index of the two actors' unit sets.
    Jaccard,
    /// Dice coefficient of the two actors' unit sets.
    Dice,
}

impl Score {
    /// All scores.
    pub const ALL: [Score; 5] =
        [Score::Count, Score::Pmi, Score::Npmi, Score::Jaccard, Score::Dice];

    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Score::Count => "count",
            Score::Pmi => "pmi",
            Score::Npmi => "npmi",
            Score::Jaccard => "jaccard",
            Score::Dice => "dice",
        }
    }

    /// Parses a score name.
    pub fn parse(s: &str) -> Option<Score> {
        Score::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Computes the score from `N`, `f(a)`, `f(b)` and `f(a,b)`. `None` when it is
    /// undefined (a zero count).
    pub fn compute(self, n: u64, fa: u64, fb: u64, fab: u64) -> Option<f64> {
        if fab == 0 || fa == 0 || fb == 0 || n == 0 {
            return None;
        }
        let (n, fa, fb, fab) = (n as f64, fa as f64, fb as f64, fab as f64);
        Some(match self {
            Score::Count => fab,
            Score::Pmi => (fab * n / (fa * fb)).ln(),
            Score::Npmi => {
                if fab >= n {
                    1.0
                } else {
                    (fab * n / (fa * fb)).ln() / -(fab / n).ln()
                }
            }
            Score::Jaccard => fab / (fa + fb - fab),
            Score::Dice => 2.0 * fab / (fa + fb),
        })
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sentence that shows two actors together.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence {
    /// The document id.
    pub doc: Arc<str>,
    /// The sentence index in the document.
    pub sentence: u32,
    /// Byte offset of the sentence in the document text.
    pub start: usize,
    /// Byte offset just past the sentence.
    pub end: usize,
    /// The sentence text, cut at [`EVIDENCE_CHARS`] characters.
    pub text: String,
}

/// What a builder counts, fixed for its lifetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// The window whose units give edge weights and evidence.
    pub window: Window,
    /// How many evidence sentences to keep per edge (0 for none).
    pub evidence: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions { window: Window::Sentence, evidence: 3 }
    }
}

/// Per-actor counts.
#[derive(Clone, Debug)]
pub(crate) struct NodeAcc {
    pub(crate) actor: Arc<Actor>,
    /// For people found by patterns, how often each spelling of the name was seen.
    pub(crate) labels: BTreeMap<String, u64>,
    /// How often each (role, affiliation) was seen on the actor's mentions.
    pub(crate) roles: BTreeMap<(String, Option<ActorId>), u64>,
    pub(crate) from_gazetteer: bool,
    pub(crate) mentions: u64,
    pub(crate) documents: u64,
    pub(crate) units: [u64; 3],
    pub(crate) first_date: Option<Date>,
    pub(crate) last_date: Option<Date>,
}

/// Per-pair counts.
#[derive(Clone, Debug, Default)]
pub(crate) struct PairAcc {
    pub(crate) counts: [u64; 3],
    pub(crate) first_date: [Option<Date>; 3],
    pub(crate) last_date: [Option<Date>; 3],
    pub(crate) evidence: Vec<Evidence>,
}

/// Accumulates co-mention counts from extracted documents.
///
/// ```
/// use actorgraph::graph::{BuildOptions, FinishOptions, GraphBuilder};
/// use actorgraph::{Document, Extractor};
///
/// let extractor = Extractor::builtin()?;
/// let mut builder = GraphBuilder::new(BuildOptions::default());
/// let doc = Document::new("d1", "Qatar and Egypt mediated. Hamas met Israel.");
/// builder.add(&doc, &extractor.extract(&doc), extractor.gazetteer());
/// let graph = builder.finish(&FinishOptions::default());
/// let edges: Vec<(String, String, u64)> = graph
///     .edges()
///     .map(|(a, b, e)| (a.id.to_string(), b.id.to_string(), e.weight))
///     .collect();
/// assert_eq!(edges, [("EGY".into(), "QAT".into(), 1), ("ISR".into(), "hamas".into(), 1)]);
/// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
/// ```
#[derive(Clone, Debug)]
pub struct GraphBuilder {
    pub(crate) options: BuildOptions,
    pub(crate) ids: FxHashMap<ActorId, u32>,
    pub(crate) nodes: Vec<NodeAcc>,
    pub(crate) pairs: FxHashMap<(u32, u32), PairAcc>,
    /// (person, affiliation) pairs seen on mentions.
    pub(crate) affiliations: BTreeSet<(u32, u32)>,
    pub(crate) units: [u64; 3],
    pub(crate) documents: u64,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new(options: BuildOptions) -> GraphBuilder {
        GraphBuilder {
            options,
            ids: FxHashMap::default(),
            nodes: vec![],
            pairs: FxHashMap::default(),
            affiliations: BTreeSet::new(),
            units: [0; 3],
            documents: 0,
        }
    }

    /// The options this builder counts with.
    pub fn options(&self) -> BuildOptions {
        self.options
    }

    /// Number of documents added.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Number of distinct actors seen.
    pub fn actors(&self) -> usize {
        self.nodes.len()
    }

    /// Number of distinct pairs seen in any window.
    pub fn pairs(&self) -> usize {
        self.pairs.len()
    }

    fn intern(&mut self, actor: &Arc<Actor>, from_gazetteer: bool) -> u32 {
        if let Some(&i) = self.ids.get(&actor.id) {
            let node = &mut self.nodes[i as usize];
            if from_gazetteer && !node.from_gazetteer {
                // A gazetteer definition wins over one a pattern made up.
                node.actor = actor.clone();
                node.from_gazetteer = true;
                node.labels.clear();
            } else if !from_gazetteer
                && !node.from_gazetteer
                && !Arc::ptr_eq(&node.actor, actor)
                && actor_order(actor, &node.actor).is_lt()
            {
                // Patterns in different documents can make up different definitions for
                // one id (another spelling, another title). Keeping the one that sorts
                // first, rather than the first seen, makes the graph independent of the
                // order documents are read and partial graphs merged.
                node.actor = actor.clone();
            }
            return i;
        }
        let i = self.nodes.len() as u32;
        self.ids.insert(actor.id.clone(), i);
        self.nodes.push(NodeAcc {
            actor: actor.clone(),
            labels: BTreeMap::new(),
            roles: BTreeMap::new(),
            from_gazetteer,
            mentions: 0,
            documents: 0,
            units: [0; 3],
            first_date: None,
            last_date: None,
        });
        i
    }

    /// Adds one document's mentions. `gazetteer` supplies the actors that people are
    /// affiliated with.
    pub fn add(&mut self, doc: &Document, extraction: &Extraction, gazetteer: &Gazetteer) {
        self.documents += 1;
        self.units[0] += extraction.sentences.len() as u64;
        self.units[1] += u64::from(extraction.paragraphs);
        self.units[2] += 1;
        if extraction.mentions.is_empty() {
            return;
        }
        let date = doc.date;
        // (sentence, paragraph, node) for every mention.
        let mut seen: Vec<(u32, u32, u32)> = Vec::with_capacity(extraction.mentions.len());
        for m in &extraction.mentions {
            let in_gazetteer = gazetteer
                .index_of(&m.actor.id)
                .is_some_and(|i| Arc::ptr_eq(&gazetteer.actors()[i as usize], &m.actor));
            let node = self.intern(&m.actor, in_gazetteer);
            let acc = &mut self.nodes[node as usize];
            acc.mentions += 1;
            if !acc.from_gazetteer {
                let label = doc.text.get(m.start..m.end).unwrap_or(&m.actor.label);
                *acc.labels.entry(normalize_space(label)).or_default() += 1;
            }
            if m.actor.kind == ActorType::Person {
                if let Some(role) = &m.role {
                    *acc.roles.entry((role.clone(), m.affiliation.clone())).or_default() += 1;
                }
                if let Some(aff) = &m.affiliation {
                    if let Some(target) =
                        gazetteer.index_of(aff).map(|i| &gazetteer.actors()[i as usize])
                    {
                        let t = self.intern(target, true);
                        if t != node {
                            self.affiliations.insert((node, t));
                        }
                    }
                }
            }
            seen.push((m.sentence, m.paragraph, node));
        }
        let doc_id: Arc<str> = Arc::from(doc.id.as_str());
        let mut doc_nodes: Vec<u32> = seen.iter().map(|s| s.2).collect();
        doc_nodes.sort_unstable();
        doc_nodes.dedup();
        for &n in &doc_nodes {
            let acc = &mut self.nodes[n as usize];
            acc.documents += 1;
            if let Some(d) = date {
                acc.first_date = Some(acc.first_date.map_or(d, |f| f.min(d)));
                acc.last_date = Some(acc.last_date.map_or(d, |l| l.max(d)));
            }
        }
        // node -> sorted sentences it appears in (for evidence in wider windows).
        let wide_evidence = self.options.evidence > 0 && self.options.window != Window::Sentence;
        let mut node_sentences: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        if wide_evidence {
            for &(s, _, n) in &seen {
                node_sentences.entry(n).or_default().push(s);
            }
            for v in node_sentences.values_mut() {
                v.sort_unstable();
                v.dedup();
            }
        }
        // (unit, node) pairs, sorted: each run of one unit lists its distinct actors.
        let mut keys: Vec<(u32, u32)> = Vec::with_capacity(seen.len());
        for window in Window::ALL {
            let tier = window.index();
            keys.clear();
            keys.extend(seen.iter().map(|&(s, p, n)| match window {
                Window::Sentence => (s, n),
                Window::Paragraph => (p, n),
                Window::Document => (0, n),
            }));
            keys.sort_unstable();
            keys.dedup();
            let evidence_here = window == self.options.window && self.options.evidence > 0;
            let mut i = 0;
            while i < keys.len() {
                let unit = keys[i].0;
                let mut j = i;
                while j < keys.len() && keys[j].0 == unit {
                    j += 1;
                }
                let nodes = &keys[i..j];
                i = j;
                for &(_, n) in nodes {
                    self.nodes[n as usize].units[tier] += 1;
                }
                for (x, &(_, a)) in nodes.iter().enumerate() {
                    for &(_, b) in &nodes[x + 1..] {
                        // Node indices are sorted, so (a, b) is the canonical key.
                        let limit = self.options.evidence;
                        let pair = self.pairs.entry((a, b)).or_default();
                        pair.counts[tier] += 1;
                        if let Some(d) = date {
                            pair.first_date[tier] =
                                Some(pair.first_date[tier].map_or(d, |f| f.min(d)));
                            pair.last_date[tier] =
                                Some(pair.last_date[tier].map_or(d, |l| l.max(d)));
                        }
                        if !evidence_here {
                            continue;
                        }
                        // Skip the work when this document cannot improve the evidence.
                        if pair.evidence.len() >= limit
                            && pair.evidence.last().is_some_and(|e| *e.doc < *doc_id)
                        {
                            continue;
                        }
                        let sentence = match window {
                            Window::Sentence => Some(unit),
                            _ => evidence_sentence(
                                &node_sentences[&a],
                                &node_sentences[&b],
                                &seen,
                                window,
                                unit,
                            ),
                        };
                        let Some(sentence) = sentence else { continue };
                        let Some(span) = extraction.sentences.get(sentence as usize) else {
                            continue;
                        };
                        if pair.evidence.len() >= limit
                            && pair
                                .evidence
                                .last()
                                .is_some_and(|e| (&*e.doc, e.sentence) < (&*doc_id, sentence))
                        {
                            continue;
                        }
                        let candidate = Evidence {
                            doc: doc_id.clone(),
                            sentence,
                            start: span.start,
                            end: span.end,
                            text: cut_chars(
                                doc.text.get(span.start..span.end).unwrap_or(""),
                                EVIDENCE_CHARS,
                            ),
                        };
                        insert_evidence(&mut pair.evidence, candidate, limit);
                    }
                }
            }
        }
    }

    /// Adds everything `other` counted. Merging is associative and commutative: any
    /// grouping of the same documents gives the same graph.
    ///
    /// # Panics
    ///
    /// Never on data; builders with different options are merged with the options of
    /// `self` (check [`options`](Self::options) first when that matters).
    pub fn merge(&mut self, other: GraphBuilder) {
        let mut map = Vec::with_capacity(other.nodes.len());
        for node in other.nodes {
            let i = self.intern(&node.actor, node.from_gazetteer);
            let acc = &mut self.nodes[i as usize];
            if acc.from_gazetteer == node.from_gazetteer {
                for (label, n) in node.labels {
                    *acc.labels.entry(label).or_default() += n;
                }
            }
            for (role, n) in node.roles {
                *acc.roles.entry(role).or_default() += n;
            }
            acc.mentions += node.mentions;
            acc.documents += node.documents;
            for t in 0..3 {
                acc.units[t] += node.units[t];
            }
            acc.first_date = min_opt(acc.first_date, node.first_date);
            acc.last_date = max_opt(acc.last_date, node.last_date);
            map.push(i);
        }
        for ((a, b), pair) in other.pairs {
            let (a, b) = (map[a as usize], map[b as usize]);
            let key = (a.min(b), a.max(b));
            let limit = self.options.evidence;
            let acc = self.pairs.entry(key).or_default();
            for t in 0..3 {
                acc.counts[t] += pair.counts[t];
                acc.first_date[t] = min_opt(acc.first_date[t], pair.first_date[t]);
                acc.last_date[t] = max_opt(acc.last_date[t], pair.last_date[t]);
            }
            for e in pair.evidence {
                insert_evidence(&mut acc.evidence, e, limit);
            }
        }
        for (p, a) in other.affiliations {
            self.affiliations.insert((map[p as usize], map[a as usize]));
        }
        for t in 0..3 {
            self.units[t] += other.units[t];
        }
        self.documents += other.documents;
    }

    /// Scores, filters and builds the final graph.
    pub fn finish(&self, options: &FinishOptions) -> CoGraph {
        finish(self, options)
    }
}

fn min_opt(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

fn max_opt(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// A total order on actor definitions, used to pick one of several definitions that
/// patterns made up for the same id.
fn actor_order(a: &Actor, b: &Actor) -> std::cmp::Ordering {
    fn role(r: &crate::actor::Role) -> (&str, Option<&ActorId>, Option<Date>, Option<Date>) {
        (&r.title, r.affiliation.as_ref(), r.from, r.to)
    }
    a.label
        .cmp(&b.label)
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| a.iso3.cmp(&b.iso3))
        .then_with(|| a.roles.iter().map(role).cmp(b.roles.iter().map(role)))
        .then_with(|| a.extra.cmp(&b.extra))
}

/// Keeps `list` sorted and at most `limit` long.
pub(crate) fn insert_evidence(list: &mut Vec<Evidence>, e: Evidence, limit: usize) {
    if limit == 0 {
        return;
    }
    let pos = match list.binary_search(&e) {
        Ok(_) => return,
        Err(pos) => pos,
    };
    if pos >= limit {
        return;
    }
    list.insert(pos, e);
    list.truncate(limit);
}

/// The evidence sentence for a pair in a paragraph or document unit.
fn evidence_sentence(
    a: &[u32],
    b: &[u32],
    seen: &[(u32, u32, u32)],
    window: Window,
    unit: u32,
) -> Option<u32> {
    let in_unit = |s: u32| match window {
        Window::Sentence => s == unit,
        Window::Paragraph => seen.iter().any(|&(ms, mp, _)| ms == s && mp == unit),
        Window::Document => true,
    };
    // Both in one sentence: the first such.
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if in_unit(a[i]) {
                    return Some(a[i]);
                }
                i += 1;
                j += 1;
            }
        }
    }
    let first_a = a.iter().copied().find(|&s| in_unit(s));
    let first_b = b.iter().copied().find(|&s| in_unit(s));
    match (first_a, first_b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Cuts `s` to at most `max` characters, on a character boundary.
pub fn cut_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scores and filters applied when the graph is finished.
#[derive(Clone, Debug, Default)]
pub struct FinishOptions {
    /// The association score to add to co-mention edges.
    pub score: Score,
    /// Drop co-mention edges whose weight is below this.
    pub min_weight: u64,
    /// Drop actors and edges seen in fewer documents than this.
    pub min_documents: u64,
    /// Keep only actors of these types (all when empty).
    pub types: Vec<String>,
    /// Keep only the N actors with most mentions (ties: by id).
    pub top: Option<usize>,
    /// Drop actors left without edges.
    pub drop_isolates: bool,
    /// Add person → affiliation edges (default in the CLI: yes).
    pub affiliations: bool,
}

/// The kind of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// The two actors share at least one unit of the window.
    Comention,
    /// A person and the country or organisation their role is for, not co-mentioned.
    Affiliation,
}

impl EdgeKind {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Comention => "comention",
            EdgeKind::Affiliation => "affiliation",
        }
    }
}

/// A node of the finished graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The actor id.
    pub id: ActorId,
    /// The label: the gazetteer's, or for people found by patterns, the spelling seen
    /// most often.
    pub label: String,
    /// The actor type.
    pub kind: ActorType,
    /// ISO 3166-1 alpha-3, for countries.
    pub iso3: Option<String>,
    /// A person's role: the one seen most often on their mentions, else the gazetteer's latest.
    pub role: Option<String>,
    /// The affiliation that goes with `role`.
    pub affiliation: Option<ActorId>,
    /// Other gazetteer attributes.
    pub extra: BTreeMap<String, String>,
    /// `gazetteer` or `pattern`.
    pub source: &'static str,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of documents that mention the actor.
    pub documents: u64,
    /// Number of units of the chosen window that mention the actor: `f(a)` in the scores.
    pub frequency: u64,
    /// Earliest document date, when documents are dated.
    pub first_date: Option<Date>,
    /// Latest document date.
    pub last_date: Option<Date>,
    /// Number of edges.
    pub degree: usize,
    /// Connected component, numbered in order of each component's smallest id.
    pub component: usize,
}

/// An edge of the finished graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Co-mention or affiliation.
    pub kind: EdgeKind,
    /// Whether one end is a person affiliated with the other.
    pub affiliation: bool,
    /// The count of the chosen window: units in which both appear.
    pub weight: u64,
    /// Sentences in which both appear.
    pub sentences: u64,
    /// Paragraphs in which both appear.
    pub paragraphs: u64,
    /// Documents in which both appear.
    pub documents: u64,
    /// The association score (`None` for affiliation-only edges).
    pub score: Option<f64>,
    /// Earliest date of a document where they co-occur in the window.
    pub first_date: Option<Date>,
    /// Latest such date.
    pub last_date: Option<Date>,
    /// Evidence sentences, smallest (document, sentence) first.
    pub evidence: Vec<Evidence>,
}

/// What a graph was built from and with.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphMeta {
    /// `actorgraph X.Y.Z`.
    pub tool: String,
    /// The chosen window.
    pub window: Window,
    /// The chosen score.
    pub score: Score,
    /// Units per tier (sentences, paragraphs, documents).
    pub units: [u64; 3],
    /// Documents read.
    pub documents: u64,
    /// Evidence sentences kept per edge.
    pub evidence: usize,
    /// Inputs, as given.
    pub inputs: Vec<String>,
    /// Gazetteer sources.
    pub gazetteers: Vec<String>,
    /// Filters applied, as (name, value), in the order they were applied.
    pub filters: Vec<(String, String)>,
}

impl GraphMeta {
    /// `N`: the number of units of the chosen window.
    pub fn n(&self) -> u64 {
        self.units[self.window.index()]
    }
}

/// The finished co-mention graph: nodes sorted by id, edges by (source, target).
#[derive(Clone, Debug)]
pub struct CoGraph {
    /// Provenance and parameters.
    pub meta: GraphMeta,
    /// The graph; node and edge indices follow the sorted order.
    pub graph: UnGraph<Node, Edge>,
}

impl CoGraph {
    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    /// Edges as (source, target, edge), source id < target id, in order.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.graph.edge_indices().filter_map(move |e| {
            let (a, b) = self.graph.edge_endpoints(e)?;
            Some((&self.graph[a], &self.graph[b], &self.graph[e]))
        })
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
}

fn finish(b: &GraphBuilder, o: &FinishOptions) -> CoGraph {
    let window = b.options.window;
    let tier = window.index();
    let mut filters: Vec<(String, String)> = vec![];
    // Nodes in id order, filtered.
    let mut order: Vec<u32> = (0..b.nodes.len() as u32).collect();
    order.sort_by(|&x, &y| b.nodes[x as usize].actor.id.cmp(&b.nodes[y as usize].actor.id));
    let mut keep = vec![true; b.nodes.len()];
    if !o.types.is_empty() {
        for &i in &order {
            keep[i as usize] = o.types.iter().any(|t| t == b.nodes[i as usize].actor.kind.as_str());
        }
        filters.push(("types".into(), o.types.join(",")));
    }
    if let Some(top) = o.top {
        let mut ranked: Vec<u32> = order.iter().copied().filter(|&i| keep[i as usize]).collect();
        ranked.sort_by(|&x, &y| {
            let (nx, ny) = (&b.nodes[x as usize], &b.nodes[y as usize]);
            ny.mentions.cmp(&nx.mentions).then(nx.actor.id.cmp(&ny.actor.id))
        });
        for &i in ranked.iter().skip(top) {
            keep[i as usize] = false;
        }
        filters.push(("top".into(), top.to_string()));
    }
    if o.min_documents > 1 {
        for &i in &order {
            // Actors brought in only as affiliations have no documents; keep them for
            // their edges.
            let n = &b.nodes[i as usize];
            if n.mentions > 0 && n.documents < o.min_documents {
                keep[i as usize] = false;
            }
        }
        filters.push(("min_documents".into(), o.min_documents.to_string()));
    }
    if o.min_weight > 1 {
        filters.push(("min_weight".into(), o.min_weight.to_string()));
    }
    // Edges.
    let n_units = b.units[tier];
    let mut edges: BTreeMap<(ActorId, ActorId), (u32, u32, Edge)> = BTreeMap::new();
    for (&(x, y), pair) in &b.pairs {
        if !keep[x as usize] || !keep[y as usize] {
            continue;
        }
        let weight = pair.counts[tier];
        if weight == 0 || weight < o.min_weight || pair.counts[2] < o.min_documents {
            continue;
        }
        // Pairs are keyed by node index; edges go from the smaller id to the larger.
        let (x, y) = if b.nodes[x as usize].actor.id <= b.nodes[y as usize].actor.id {
            (x, y)
        } else {
            (y, x)
        };
        let (nx, ny) = (&b.nodes[x as usize], &b.nodes[y as usize]);
        let score = o.score.compute(n_units, nx.units[tier], ny.units[tier], weight);
        edges.insert(
            (nx.actor.id.clone(), ny.actor.id.clone()),
            (
                x,
                y,
                Edge {
                    kind: EdgeKind::Comention,
                    affiliation: false,
                    weight,
                    sentences: pair.counts[0],
                    paragraphs: pair.counts[1],
                    documents: pair.counts[2],
                    score,
                    first_date: pair.first_date[tier],
                    last_date: pair.last_date[tier],
                    evidence: pair.evidence.clone(),
                },
            ),
        );
    }
    if o.affiliations {
        for &(p, a) in &b.affiliations {
            if !keep[p as usize] || !keep[a as usize] {
                continue;
            }
            let (np, na) = (&b.nodes[p as usize], &b.nodes[a as usize]);
            let (x, y, key) = if np.actor.id <= na.actor.id {
                (p, a, (np.actor.id.clone(), na.actor.id.clone()))
            } else {
                (a, p, (na.actor.id.clone(), np.actor.id.clone()))
            };
            edges.entry(key).and_modify(|e| e.2.affiliation = true).or_insert_with(|| {
                (
                    x,
                    y,
                    Edge {
                        kind: EdgeKind::Affiliation,
                        affiliation: true,
                        weight: 0,
                        sentences: 0,
                        paragraphs: 0,
                        documents: 0,
                        score: None,
                        first_date: None,
                        last_date: None,
                        evidence: vec![],
                    },
                )
            });
        }
    } else {
        filters.push(("affiliations".into(), "off".into()));
    }
    // Actors brought in only as an affiliation target stay only if an edge needs them.
    let mut has_edge = vec![false; b.nodes.len()];
    for (x, y, _) in edges.values() {
        has_edge[*x as usize] = true;
        has_edge[*y as usize] = true;
    }
    for &i in &order {
        let n = &b.nodes[i as usize];
        if keep[i as usize] && n.mentions == 0 && !has_edge[i as usize] {
            keep[i as usize] = false;
        }
    }
    if o.drop_isolates {
        for &i in &order {
            if !has_edge[i as usize] {
                keep[i as usize] = false;
            }
        }
        filters.push(("drop_isolates".into(), "true".into()));
    }
    // Build the petgraph graph in sorted order.
    let mut graph: UnGraph<Node, Edge> = UnGraph::default();
    let mut index: HashMap<u32, NodeIndex> = HashMap::new();
    for &i in &order {
        if !keep[i as usize] {
            continue;
        }
        let n = &b.nodes[i as usize];
        index.insert(i, graph.add_node(node_of(n, tier)));
    }
    for (x, y, e) in edges.into_values() {
        if let (Some(&a), Some(&c)) = (index.get(&x), index.get(&y)) {
            graph.add_edge(a, c, e);
        }
    }
    // Degrees and components.
    let mut uf = petgraph::unionfind::UnionFind::<usize>::new(graph.node_count());
    for e in graph.edge_indices() {
        if let Some((a, c)) = graph.edge_endpoints(e) {
            uf.union(a.index(), c.index());
        }
    }
    let mut component_of_root: HashMap<usize, usize> = HashMap::new();
    for idx in graph.node_indices() {
        let root = uf.find(idx.index());
        let next = component_of_root.len();
        let component = *component_of_root.entry(root).or_insert(next);
        let degree = graph.edges(idx).count();
        let node = &mut graph[idx];
        node.component = component;
        node.degree = degree;
    }
    CoGraph {
        meta: GraphMeta {
            tool: format!("actorgraph {}", env!("CARGO_PKG_VERSION")),
            window,
            score: o.score,
            units: b.units,
            documents: b.documents,
            evidence: b.options.evidence,
            inputs: vec![],
            gazetteers: vec![],
            filters,
        },
        graph,
    }
}

fn node_of(n: &NodeAcc, tier: usize) -> Node {
    let label = if n.from_gazetteer || n.labels.is_empty() {
        n.actor.label.clone()
    } else {
        most_frequent(&n.labels).cloned().unwrap_or_else(|| n.actor.label.clone())
    };
    let (role, affiliation) = match most_frequent(&n.roles) {
        Some((role, aff)) => (Some(role.clone()), aff.clone()),
        None => match n.actor.role_at(None) {
            Some(r) => (Some(r.title.clone()).filter(|t| !t.is_empty()), r.affiliation.clone()),
            None => (None, None),
        },
    };
    Node {
        id: n.actor.id.clone(),
        label,
        kind: n.actor.kind.clone(),
        iso3: n.actor.iso3.clone(),
        role,
        affiliation,
        extra: n.actor.extra.clone(),
        source: if n.from_gazetteer { "gazetteer" } else { "pattern" },
        mentions: n.mentions,
        documents: n.documents,
        frequency: n.units[tier],
        first_date: n.first_date,
        last_date: n.last_date,
        degree: 0,
        component: 0,
    }
}

/// The key seen most often; ties go to the smallest key.
fn most_frequent<K: Ord>(tally: &BTreeMap<K, u64>) -> Option<&K> {
    let mut best: Option<(&K, u64)> = None;
    for (k, &n) in tally {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Mention, SentenceSpan, Source};
    use proptest::prelude::*;

    fn actor(i: usize) -> Arc<Actor> {
        Arc::new(Actor {
            id: ActorId::new(&format!("a{i}")).unwrap(),
            kind: if i % 2 == 0 { ActorType::Country } else { ActorType::Person },
            label: format!("Actor {i}"),
            iso3: None,
            roles: vec![],
            extra: BTreeMap::new(),
        })
    }

    /// A synthetic document: `sentences[i]` = (paragraph, actors mentioned).
    fn doc(
        id: &str,
        sentences: &[(u32, Vec<usize>)],
        pool: &[Arc<Actor>],
    ) -> (Document, Extraction) {
        let mut text = String::new();
        let mut spans = vec![];
        let mut mentions = vec![];
        for (si, (para, actors)) in sentences.iter().enumerate() {
            let start = text.len();
            text.push_str(&format!("Sentence {si}."));
            spans.push(SentenceSpan { start, end: text.len(), paragraph: *para });
            for &a in actors {
                mentions.push(Mention {
                    actor: pool[a].clone(),
                    start,
                    end: start + 8,
                    sentence: si as u32,
                    paragraph: *para,
                    source: Source::Gazetteer,
                    rule: None,
                    role: None,
                    affiliation: None,
                });
            }
            text.push(' ');
        }
        let paragraphs = sentences.last().map_or(0, |s| s.0 + 1);
        (Document::new(id, text), Extraction { mentions, sentences: spans, paragraphs })
    }

    fn corpus() -> impl Strategy<Value = Vec<Vec<(u32, Vec<usize>)>>> {
        let sentence = (any::<bool>(), proptest::collection::vec(0usize..6, 0..4));
        let document = proptest::collection::vec(sentence, 1..8).prop_map(|ss| {
            let mut para = 0u32;
            ss.into_iter()
                .enumerate()
                .map(|(i, (new_para, actors))| {
                    if new_para && i > 0 {
                        para += 1;
                    }
                    (para, actors)
                })
                .collect::<Vec<_>>()
        });
        proptest::collection::vec(document, 1..6)
    }

    fn build(docs: &[Vec<(u32, Vec<usize>)>], order: &[usize], window: Window) -> GraphBuilder {
        let pool: Vec<Arc<Actor>> = (0..6).map(actor).collect();
        let g = Gazetteer::default();
        let mut b = GraphBuilder::new(BuildOptions { window, evidence: 2 });
        for &i in order {
            let (d, e) = doc(&format!("doc{i}"), &docs[i], &pool);
            b.add(&d, &e, &g);
        }
        b
    }

    proptest! {
        #[test]
        fn counts_equal_brute_force(docs in corpus()) {
            let order: Vec<usize> = (0..docs.len()).collect();
            let b = build(&docs, &order, Window::Sentence);
            let g = b.finish(&FinishOptions::default());
            // Brute force, per tier: units in which both actors appear.
            for (x, y, e) in g.edges() {
                let (x, y) = (x.id.to_string(), y.id.to_string());
                let has = |actors: &[usize], id: &str| actors.iter().any(|&a| format!("a{a}") == id);
                let mut want = [0u64; 3];
                for d in &docs {
                    for (_, actors) in d {
                        if has(actors, &x) && has(actors, &y) { want[0] += 1; }
                    }
                    let paras: BTreeSet<u32> = d.iter().map(|s| s.0).collect();
                    for p in paras {
                        let all: Vec<usize> = d.iter().filter(|s| s.0 == p).flat_map(|s| s.1.clone()).collect();
                        if has(&all, &x) && has(&all, &y) { want[1] += 1; }
                    }
                    let all: Vec<usize> = d.iter().flat_map(|s| s.1.clone()).collect();
                    if has(&all, &x) && has(&all, &y) { want[2] += 1; }
                }
                prop_assert_eq!([e.sentences, e.paragraphs, e.documents], want);
                prop_assert_eq!(e.weight, want[0]);
            }
            // Node unit frequencies and N.
            for n in g.nodes() {
                let id = n.id.to_string();
                let f: u64 = docs.iter().map(|d| d.iter().filter(|s| s.1.iter().any(|&a| format!("a{a}") == id)).count() as u64).sum();
                prop_assert_eq!(n.frequency, f);
            }
            let sentences: u64 = docs.iter().map(|d| d.len() as u64).sum();
            prop_assert_eq!(g.meta.n(), sentences);
            // Every pair sharing a sentence has an edge.
            let mut pairs = BTreeSet::new();
            for d in &docs { for (_, actors) in d { for &a in actors { for &c in actors {
                if a != c { pairs.insert((a.min(c), a.max(c))); }
            }}}}
            prop_assert_eq!(g.edge_count(), pairs.len());
        }

        #[test]
        fn counts_equal_brute_force_in_every_window(docs in corpus(), window in 0usize..3) {
            let window = Window::ALL[window];
            let order: Vec<usize> = (0..docs.len()).collect();
            let g = build(&docs, &order, window).finish(&FinishOptions::default());
            // The units of the window, each as the list of actors mentioned in it.
            let mut units: Vec<Vec<usize>> = vec![];
            for d in &docs {
                match window {
                    Window::Sentence => units.extend(d.iter().map(|s| s.1.clone())),
                    Window::Paragraph => {
                        let paras: BTreeSet<u32> = d.iter().map(|s| s.0).collect();
                        for p in paras {
                            units.push(d.iter().filter(|s| s.0 == p).flat_map(|s| s.1.clone()).collect());
                        }
                    }
                    Window::Document => units.push(d.iter().flat_map(|s| s.1.clone()).collect()),
                }
            }
            prop_assert_eq!(g.meta.n(), units.len() as u64);
            let id = |a: usize| format!("a{a}");
            for n in g.nodes() {
                let name = n.id.to_string();
                let mentions: usize = docs.iter().flatten().map(|s| s.1.iter().filter(|&&a| id(a) == name).count()).sum();
                let documents = docs.iter().filter(|d| d.iter().any(|s| s.1.iter().any(|&a| id(a) == name))).count();
                let frequency = units.iter().filter(|u| u.iter().any(|&a| id(a) == name)).count();
                prop_assert_eq!((n.mentions, n.documents, n.frequency), (mentions as u64, documents as u64, frequency as u64));
            }
            // Every pair sharing a unit has an edge weighing the number of such units.
            let mut weights: BTreeMap<(String, String), u64> = BTreeMap::new();
            for u in &units {
                let actors: BTreeSet<String> = u.iter().map(|&a| id(a)).collect();
                for a in &actors {
                    for b in actors.range::<String, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)) {
                        *weights.entry((a.clone(), b.clone())).or_default() += 1;
                    }
                }
            }
            let got: BTreeMap<(String, String), u64> =
                g.edges().map(|(a, b, e)| ((a.id.to_string(), b.id.to_string()), e.weight)).collect();
            prop_assert_eq!(got, weights);
        }

        #[test]
        fn merging_partial_builders_is_exact(docs in corpus(), split in 0usize..6, window in 0usize..3) {
            let window = Window::ALL[window];
            let order: Vec<usize> = (0..docs.len()).collect();
            let whole = build(&docs, &order, window);
            let split = split.min(docs.len());
            let mut left = build(&docs, &order[..split], window);
            let right = build(&docs, &order[split..], window);
            let reversed: Vec<usize> = order.iter().rev().copied().collect();
            let backwards = build(&docs, &reversed, window);
            left.merge(right);
            let o = FinishOptions { score: Score::Npmi, affiliations: true, ..Default::default() };
            let a = whole.finish(&o);
            for other in [left.finish(&o), backwards.finish(&o)] {
                let nodes_a: Vec<&Node> = a.nodes().collect();
                let nodes_b: Vec<&Node> = other.nodes().collect();
                prop_assert_eq!(nodes_a, nodes_b);
                let edges_a: Vec<(&Node, &Node, &Edge)> = a.edges().collect();
                let edges_b: Vec<(&Node, &Node, &Edge)> = other.edges().collect();
                prop_assert_eq!(edges_a, edges_b);
            }
        }
    }

    #[test]
    fn scores_by_hand() {
        // N = 10 units, f(a) = 4, f(b) = 5, f(a,b) = 2.
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(Score::Pmi.compute(10, 4, 5, 2).unwrap(), (2.0f64 * 10.0 / 20.0).ln()));
        assert!(close(Score::Npmi.compute(10, 4, 5, 2).unwrap(), 0.0));
        assert!(close(Score::Jaccard.compute(10, 4, 5, 2).unwrap(), 2.0 / 7.0));
        assert!(close(Score::Dice.compute(10, 4, 5, 2).unwrap(), 4.0 / 9.0));
        assert_eq!(Score::Npmi.compute(3, 3, 3, 3), Some(1.0));
        assert_eq!(Score::Pmi.compute(3, 0, 3, 0), None);
    }

    #[test]
    fn evidence_is_the_smallest_document_and_sentence() {
        let pool: Vec<Arc<Actor>> = (0..2).map(actor).collect();
        let g = Gazetteer::default();
        let mut b = GraphBuilder::new(BuildOptions { window: Window::Sentence, evidence: 2 });
        for id in ["d3", "d1", "d2"] {
            let (d, e) = doc(id, &[(0, vec![0, 1]), (0, vec![0]), (1, vec![1, 0])], &pool);
            b.add(&d, &e, &g);
        }
        let graph = b.finish(&FinishOptions::default());
        let (_, _, e) = graph.edges().next().unwrap();
        let keys: Vec<(&str, u32)> = e.evidence.iter().map(|e| (&*e.doc, e.sentence)).collect();
        assert_eq!(keys, [("d1", 0), ("d1", 2)]);
        assert_eq!(e.evidence[0].text, "Sentence 0.");
    }

    #[test]
    fn evidence_is_cut_on_a_char_boundary() {
        let long = "é".repeat(400);
        assert_eq!(cut_chars(&long, EVIDENCE_CHARS).chars().count(), EVIDENCE_CHARS);
        assert_eq!(cut_chars("short", 300), "short");
    }
}
