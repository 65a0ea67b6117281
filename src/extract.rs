//! The extraction pipeline for one document: normalise → segment → match → resolve.

use std::sync::Arc;

use crate::document::{Document, Extraction, Mention, SentenceSpan};
use crate::gazetteer::{Gazetteer, GazetteerBuilder};
use crate::matcher::{BuildError, Matcher};
use crate::resolve::{resolve, ResolveOptions};
use crate::segment::{detect_layout, segment_with_layout, Layout};
use crate::text::Normalized;

/// Finds the actors in documents. Build it once (compiling the automaton is the costly
/// part) and share it: `extract` takes `&self` and the type is `Send + Sync`.
///
/// ```
/// use actorgraph::{Document, Extractor};
///
/// let extractor = Extractor::builtin().unwrap();
/// let doc = Document::new("d1", "Qatar and Egypt mediated between Hamas and Israel.");
/// let ids: Vec<String> = extractor
///     .extract(&doc)
///     .mentions
///     .iter()
///     .map(|m| m.actor.id.to_string())
///     .collect();
/// assert_eq!(ids, ["QAT", "EGY", "hamas", "ISR"]);
/// ```
#[derive(Clone, Debug)]
pub struct Extractor {
    gazetteer: Arc<Gazetteer>,
    matcher: Arc<Matcher>,
    options: ResolveOptions,
}

impl Extractor {
    /// An extractor over the built-in gazetteers.
    pub fn builtin() -> Result<Extractor, Box<dyn std::error::Error + Send + Sync>> {
        let gazetteer = GazetteerBuilder::new().build()?;
        Ok(Extractor::new(gazetteer)?)
    }

    /// Compiles `gazetteer` into an extractor.
    pub fn new(gazetteer: Gazetteer) -> Result<Extractor, BuildError> {
        let matcher = Matcher::new(&gazetteer)?;
        Ok(Extractor {
            gazetteer: Arc::new(gazetteer),
            matcher: Arc::new(matcher),
            options: ResolveOptions::default(),
        })
    }

    /// Switches rules on or off (title patterns, coreference).
    pub fn with_options(mut self, options: ResolveOptions) -> Extractor {
        self.options = options;
        self
    }

    /// The gazetteer this extractor was built from.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The compiled automaton (for memory reporting).
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Extracts the mentions and sentences of one document. Offsets refer to
    /// `doc.text`.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let normalized = Normalized::new(&doc.text);
        let text = normalized.as_str();
        let layout = detect_layout(text);
        let sentences = segment_with_layout(text, layout);
        // In hard-wrapped text a line break inside a paragraph is just a space: matching
        // and the rules see it as one (`Chairman Robert P.\nLuciano`). Same length, so
        // offsets are unchanged.
        let joined: String;
        let text = if layout == Layout::Wrapped {
            joined = text.replace(['\n', '\r'], " ");
            joined.as_str()
        } else {
            text
        };
        let mut candidates = vec![];
        self.matcher.find_in(text, false, &mut candidates);
        let sentence_of =
            |pos: usize| sentences.partition_point(|s| s.start <= pos).saturating_sub(1);
        // A mention lies within one sentence, the unit it is counted in: an alias that a
        // sentence boundary cuts (`Acme Ltd. Holdings` split after `Ltd.`) is not a
        // mention, though shorter aliases on either side still are.
        let within = |start: usize, end: usize| {
            sentences.get(sentence_of(start)).is_some_and(|s| s.start <= start && end <= s.end)
        };
        candidates.retain(|c| within(c.start, c.end));
        let mut resolved =
            resolve(&self.gazetteer, text, &candidates, &sentences, doc.date, self.options);
        resolved.retain(|r| within(r.start, r.end));
        let mentions = resolved
            .into_iter()
            .map(|r| {
                let si = sentence_of(r.start);
                let paragraph = sentences.get(si).map_or(0, |s| s.paragraph);
                Mention {
                    start: normalized.original_start(r.start),
                    end: normalized.original_end(r.end),
                    actor: r.actor,
                    sentence: si as u32,
                    paragraph,
                    source: r.source,
                    rule: r.rule,
                    role: r.role,
                    affiliation: r.affiliation,
                }
            })
            .collect();
        let paragraphs = sentences.last().map_or(0, |s| s.paragraph + 1);
        let sentences = sentences
            .iter()
            .map(|s| SentenceSpan {
                start: normalized.original_start(s.start),
                end: normalized.original_end(s.end),
                paragraph: s.paragraph,
            })
            .collect();
        Extraction { mentions, sentences, paragraphs }
    }
}
