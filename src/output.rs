//! Writing results: JSON Lines mentions for `extract`.
//!
//! Records are serialised from a borrowed view ([`MentionRecord`]) with a fixed field
//! order, so the same input always gives the same bytes.

use std::io::{self, Write};

use serde::Serialize;

use crate::actor::{ActorId, ActorType};
use crate::document::{Document, Mention, Source};

/// One line of `actorgraph extract` output.
///
/// Fields, in order: `doc`, `actor`, `label`, `type`, `start`, `end`, `text`, `sentence`,
/// `paragraph`, `source`, then when present `rule`, `iso3`, `role`, `affiliation`.
#[derive(Debug, Serialize)]
pub struct MentionRecord<'a> {
    /// The document id.
    pub doc: &'a str,
    /// The actor id.
    pub actor: &'a ActorId,
    /// The actor's canonical label.
    pub label: &'a str,
    /// The actor's type.
    #[serde(rename = "type")]
    pub kind: &'a ActorType,
    /// Byte offset of the surface form in the document text.
    pub start: usize,
    /// Byte offset just past the surface form.
    pub end: usize,
    /// The surface form, `text[start..end]`.
    pub text: &'a str,
    /// 0-based sentence index.
    pub sentence: u32,
    /// 0-based paragraph index.
    pub paragraph: u32,
    /// How the mention was found.
    pub source: Source,
    /// The rule that decided it, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// ISO 3166-1 alpha-3 code, for countries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso3: Option<&'a str>,
    /// The person's role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'a str>,
    /// The id the person's role is held for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<&'a ActorId>,
}

impl<'a> MentionRecord<'a> {
    /// The record for `mention` in `doc`.
    pub fn new(doc: &'a Document, mention: &'a Mention) -> MentionRecord<'a> {
        MentionRecord {
            doc: &doc.id,
            actor: &mention.actor.id,
            label: &mention.actor.label,
            kind: &mention.actor.kind,
            start: mention.start,
            end: mention.end,
            text: doc.text.get(mention.start..mention.end).unwrap_or(""),
            sentence: mention.sentence,
            paragraph: mention.paragraph,
            source: mention.source,
            rule: mention.rule,
            iso3: mention.actor.iso3.as_deref(),
            role: mention.role.as_deref(),
            affiliation: mention.affiliation.as_ref(),
        }
    }
}

/// Writes one mention as a JSON line.
pub fn write_mention<W: Write>(w: &mut W, doc: &Document, mention: &Mention) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &MentionRecord::new(doc, mention))?;
    w.write_all(b"\n")
}
