//! The data that flows between stages: [`Document`] in, [`Mention`]s out.

use std::sync::Arc;

use crate::actor::{Actor, ActorId, Date};

/// A document to extract actors from: its id, text and, when known, date and title.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The id reported on every mention: the file path, or the `id` field of a JSON Lines
    /// record (`path:line` when it has none).
    pub id: String,
    /// The text, as read. Offsets in mentions point into this string.
    pub text: String,
    /// The publication date, used to choose officials' roles and to date graph edges.
    pub date: Option<Date>,
    /// The headline, when the input gives it separately from the text.
    pub title: Option<String>,
}

impl Document {
    /// A document with an id and text and nothing else.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document { id: id.into(), text: text.into(), date: None, title: None }
    }
}

/// How a mention was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// An alias in a gazetteer.
    Gazetteer,
    /// A title pattern such as `Former negotiator Aaron David Miller`.
    Pattern,
    /// A later short reference (`Blinken`, `Mr Zinni`) to a person named in full earlier
    /// in the same document.
    Coreference,
}

impl Source {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Gazetteer => "gazetteer",
            Source::Pattern => "pattern",
            Source::Coreference => "coreference",
        }
    }
}

impl serde::Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One mention of an actor in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The actor mentioned. Shared with the gazetteer (or, for people found by a pattern,
    /// with the other mentions of them in the document).
    pub actor: Arc<Actor>,
    /// Byte offset of the surface form in [`Document::text`].
    pub start: usize,
    /// Byte offset just past the surface form: `text[start..end]` is what was written.
    pub end: usize,
    /// 0-based index of the sentence in the document.
    pub sentence: u32,
    /// 0-based index of the paragraph in the document.
    pub paragraph: u32,
    /// How it was found.
    pub source: Source,
    /// The rule that decided an ambiguous, metonymic or pattern mention (`metonymy-agent`,
    /// `document-support`, `title-before-name` …); `None` for a plain alias match.
    pub rule: Option<&'static str>,
    /// The person's role in this mention (from the document date, or the title used).
    pub role: Option<String>,
    /// Whom the person's role is for (`USA` for a Secretary of State).
    pub affiliation: Option<ActorId>,
}

/// A sentence of a document, as byte offsets into [`Document::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// 0-based paragraph index.
    pub paragraph: u32,
}

/// Everything extraction learns about one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extraction {
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// The document's sentences, in order; `Mention::sentence` indexes this.
    pub sentences: Vec<SentenceSpan>,
    /// Number of paragraphs.
    pub paragraphs: u32,
}
