/*!
actorgraph finds the actors in news text — countries, organisations, armed and political
groups, officials and other people — and builds the graph of who is mentioned with whom.

The library is the pipeline the `actorgraph` command runs, one module per stage:

| stage | module | what flows out |
|---|---|---|
| read | [`input`] | [`Document`]s from files, folders, stdin, JSON Lines |
| normalise | [`text`] | one spelling of quotes, dashes and spaces, offsets kept |
| segment | [`segment`] | sentences and paragraphs |
| match | [`matcher`] | every alias occurrence, whole words, case policy applied |
| resolve | [`resolve`] | [`Mention`]s of canonical [`Actor`]s |

Gazetteers ([`gazetteer`]) are the dictionaries behind matching; the built-in ones are
compiled into the library. Mentions are counted into the co-mention graph by [`graph`] and
written by [`export`]; [`partial`] carries the counts of part of a corpus to wherever the
parts are merged, so a corpus can be counted on many machines.

# Example: the actors in a text

```
use actorgraph::{Document, Extractor};

let extractor = Extractor::builtin()?;
let doc = Document::new(
    "example",
    "Secretary of State Antony Blinken met Qatar's emir. Blinken later flew to Cairo.",
);
for m in extractor.extract(&doc).mentions {
    println!("{} {} {:?} {}", m.actor.id, &doc.text[m.start..m.end], m.source, m.sentence);
}
# Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
```

# Example: your own gazetteer

```
use actorgraph::{Document, Extractor, GazetteerBuilder};

let mut builder = GazetteerBuilder::new();
builder.builtins(false).add_text(
    "mine.tsv",
    "id\ttype\tlabel\taliases\n\
     acme\torganization\tAcme Corporation\tAcme",
);
let extractor = Extractor::new(builder.build()?)?;
let found = extractor.extract(&Document::new("d", "Acme said so."));
assert_eq!(found.mentions[0].actor.id.as_str(), "acme");
# Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
```
*/

#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod actor;
pub mod document;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod input;
pub mod matcher;
pub mod output;
pub mod partial;
pub mod resolve;
pub mod segment;
pub mod text;

pub use actor::{Actor, ActorId, ActorType, Date, Role};
pub use document::{Document, Extraction, Mention, SentenceSpan, Source};
pub use extract::Extractor;
pub use gazetteer::{Diagnostic, Gazetteer, GazetteerBuilder, GazetteerError, Severity};
pub use resolve::ResolveOptions;
