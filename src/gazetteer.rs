//! Gazetteers: the human-edited actor dictionaries, parsed, checked and merged.
//!
//! The file format is documented in `gazetteers/README.md` and the project README: one
//! actor per tab-separated line, `id  type  label  aliases  attributes`. This module turns
//! such files into a [`Gazetteer`], the resolved and validated set of actors and aliases the
//! matcher compiles. Every problem is reported as a [`Diagnostic`] naming the file and line,
//! because the people who edit these files are not necessarily programmers and need to be
//! told exactly where to look.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::actor::{Actor, ActorId, ActorType, Date, Role};

/// The gazetteers compiled into the binary, as `(file name, contents)`.
///
/// They are embedded with `include_str!` so the tool runs with no data files around; the
/// files under `gazetteers/` are their source and are what a contributor edits.
pub const BUILTIN: &[(&str, &str)] = &[
    ("countries.tsv", include_str!("../gazetteers/countries.tsv")),
    ("organizations.tsv", include_str!("../gazetteers/organizations.tsv")),
    ("groups.tsv", include_str!("../gazetteers/groups.tsv")),
    ("parties.tsv", include_str!("../gazetteers/parties.tsv")),
    ("officials.tsv", include_str!("../gazetteers/officials.tsv")),
    ("officials-mideast.tsv", include_str!("../gazetteers/officials-mideast.tsv")),
    ("leaders.tsv", include_str!("../gazetteers/leaders.tsv")),
    ("officials-historical.tsv", include_str!("../gazetteers/officials-historical.tsv")),
    ("finance.tsv", include_str!("../gazetteers/finance.tsv")),
    ("officials-uk.tsv", include_str!("../gazetteers/officials-uk.tsv")),
    ("officials-us.tsv", include_str!("../gazetteers/officials-us.tsv")),
    ("officials-economy.tsv", include_str!("../gazetteers/officials-economy.tsv")),
    ("officials-europe.tsv", include_str!("../gazetteers/officials-europe.tsv")),
    ("officials-americas.tsv", include_str!("../gazetteers/officials-americas.tsv")),
    ("officials-africa.tsv", include_str!("../gazetteers/officials-africa.tsv")),
    ("officials-asia.tsv", include_str!("../gazetteers/officials-asia.tsv")),
    ("people.tsv", include_str!("../gazetteers/people.tsv")),
    ("titles.tsv", include_str!("../gazetteers/titles.tsv")),
    ("ignore.tsv", include_str!("../gazetteers/ignore.tsv")),
];

/// Aliases longer than this are rejected: no real name is this long, and a runaway cell
/// (a paragraph pasted into the alias column) would otherwise slow every search.
pub const MAX_ALIAS_BYTES: usize = 200;

/// At most this many aliases are compiled. Memory grows by about 1.1 KB per alias while
/// the automaton is built (1 million aliases: about 1.1 GB and 15 s, measured); beyond
/// this limit a run would need more memory than most machines have, so it is refused with
/// a message instead.
pub const MAX_ALIASES: usize = 3_000_000;

/// Where a gazetteer entry came from: a file (or built-in name) and a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The path as given on the command line, or `builtin:NAME` for embedded files.
    pub source: Arc<str>,
    /// The 1-based line number.
    pub line: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source, self.line)
    }
}

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The gazetteer cannot be used as written; runs that load it stop with exit code 2.
    Error,
    /// Probably a mistake, but the gazetteer works; the message says how it will behave.
    Warning,
    /// Information, such as a user file replacing a built-in actor.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One problem found in a gazetteer, with the place it was found.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is. `None` only for problems with no line, such as an
    /// unreadable file.
    pub location: Option<Location>,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}: {}", self.severity, self.message),
            None => write!(f, "{}: {}", self.severity, self.message),
        }
    }
}

/// The error returned when gazetteers cannot be built: every error found, not just the
/// first, so a user fixes a file in one pass.
#[derive(Clone, Debug)]
pub struct GazetteerError {
    /// All diagnostics, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<&Diagnostic> =
            self.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        for (i, d) in errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if errors.len() > 1 {
            write!(f, "\n{} errors in the gazetteers", errors.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for GazetteerError {}

/// How an alias treats letter case in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CasePolicy {
    /// Only this exact case (`US`, not `us` or `Us`).
    Exact,
    /// Any case, but not wholly lower case (`Turkey`, `TURKEY`; not `turkey`).
    Cased,
    /// Any case at all.
    AnyCase,
}

/// What an alias names: the actor itself, its people, or its seat of government.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AliasKind {
    /// A capital or seat standing for the government; counts only where it acts.
    Metonymy,
    /// A people or adjective form.
    Demonym,
    /// A name of the actor.
    Name,
}

impl AliasKind {
    /// The name used in outputs and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasKind::Metonymy => "metonymy",
            AliasKind::Demonym => "demonym",
            AliasKind::Name => "name",
        }
    }
}

/// What an alias points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// An actor, by index into [`Gazetteer::actors`].
    Actor(u32),
    /// A title, by index into [`Gazetteer::titles`].
    Title(u32),
    /// A phrase that must not produce a mention, by index into [`Gazetteer::ignored`].
    Ignore(u32),
}

/// One alias, with its resolved case policy and flags.
#[derive(Clone, Debug)]
pub struct Alias {
    /// The alias as written (punctuation normalised: curly quotes straightened).
    pub text: String,
    /// What it names.
    pub target: Target,
    /// How letter case is treated.
    pub case: CasePolicy,
    /// Name, demonym or metonymy.
    pub kind: AliasKind,
    /// Needs support from context to count.
    pub ambiguous: bool,
    /// Wins a tie against another actor claiming the same alias.
    pub prefer: bool,
    /// Where it was defined.
    pub location: Location,
}

/// A title or role word (`Prime Minister`, `spokesman`), used by the title patterns.
#[derive(Clone, Debug)]
pub struct Title {
    /// The id from the gazetteer line.
    pub id: ActorId,
    /// The role as reported on a person found through it.
    pub label: String,
    /// Where it was defined.
    pub location: Location,
}

/// A validated, merged set of gazetteers, ready to compile into a matcher.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    actors: Vec<Arc<Actor>>,
    actor_locations: Vec<Location>,
    titles: Vec<Title>,
    ignored: Vec<Title>,
    aliases: Vec<Alias>,
    by_id: FxHashMap<ActorId, u32>,
    sources: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    first_names: rustc_hash::FxHashSet<String>,
    people_by_surname: FxHashMap<String, Vec<u32>>,
}

impl Gazetteer {
    /// The built-in gazetteers alone. Infallible in practice: the built-in files are
    /// checked by the test suite, and an error in them is a bug.
    pub fn builtin() -> Result<Gazetteer, GazetteerError> {
        GazetteerBuilder::new().build()
    }

    /// All actors, in load order. An actor's index here is its [`Target::Actor`] value.
    pub fn actors(&self) -> &[Arc<Actor>] {
        &self.actors
    }

    /// Where the actor at `index` was defined.
    pub fn actor_location(&self, index: u32) -> &Location {
        &self.actor_locations[index as usize]
    }

    /// All titles.
    pub fn titles(&self) -> &[Title] {
        &self.titles
    }

    /// All ignore phrases.
    pub fn ignored(&self) -> &[Title] {
        &self.ignored
    }

    /// All aliases (labels included), in load order.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// The actor with id `id`, if any.
    pub fn get(&self, id: &str) -> Option<&Arc<Actor>> {
        let id = ActorId::new(id)?;
        self.by_id.get(&id).map(|&i| &self.actors[i as usize])
    }

    /// The index of the actor with id `id`, if any.
    pub fn index_of(&self, id: &ActorId) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The names of the sources loaded, in order (`builtin:countries.tsv`, user paths).
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Whether `word` is the first name of a person in the gazetteers (`Mike`, `Angela`):
    /// a country word after one is a surname (`Mike German`), not the country.
    pub fn is_first_name(&self, word: &str) -> bool {
        self.first_names.contains(word)
    }

    /// The people whose label, or an alias of two words or more and no longer than the
    /// label, ends in `surname` (`Bush`: both presidents), as actor indices in load order.
    /// This is how `President Bush` finds its candidates when the document never gives the
    /// full name. Accents do not count (`Chavez` finds Hugo Chávez).
    pub fn people_with_surname(&self, surname: &str) -> &[u32] {
        self.people_by_surname.get(&deunicode::deunicode(surname)).map_or(&[], Vec::as_slice)
    }

    /// Warnings and notes found while building (errors make the build fail instead).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

/// Collects gazetteer sources and builds a [`Gazetteer`] from them.
///
/// ```
/// use actorgraph::GazetteerBuilder;
///
/// let mut builder = GazetteerBuilder::new();
/// builder.builtins(false).add_text(
///     "mine.tsv",
///     "id\ttype\tlabel\taliases\n\
///      acme\torganization\tAcme Corporation\tAcme | ACME Corp",
/// );
/// let gazetteer = builder.build().unwrap();
/// assert_eq!(gazetteer.actors().len(), 1);
/// assert_eq!(gazetteer.get("acme").unwrap().label, "Acme Corporation");
/// ```
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    builtins: bool,
    metonymy: bool,
    sources: Vec<(String, String)>,
    read_errors: Vec<Diagnostic>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        GazetteerBuilder::new()
    }
}

impl GazetteerBuilder {
    /// A builder that includes the built-in gazetteers and metonymy aliases.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder { builtins: true, metonymy: true, sources: vec![], read_errors: vec![] }
    }

    /// Whether to load the built-in gazetteers (default: yes).
    pub fn builtins(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.builtins = yes;
        self
    }

    /// Whether to keep aliases flagged `metonymy` (capitals and seats standing for
    /// governments). Default: yes.
    pub fn metonymy(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.metonymy = yes;
        self
    }

    /// Adds a gazetteer from text; `name` is used in diagnostics.
    pub fn add_text(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> &mut GazetteerBuilder {
        self.sources.push((name.into(), text.into()));
        self
    }

    /// Adds a gazetteer file. A file that cannot be read becomes an error diagnostic
    /// reported by [`check`](Self::check) and [`build`](Self::build).
    pub fn add_file(&mut self, path: impl AsRef<Path>) -> &mut GazetteerBuilder {
        let path = path.as_ref();
        let name = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    self.sources.push((name, text));
                }
                Err(e) => {
                    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                    self.read_errors.push(Diagnostic {
                        location: Some(Location { source: Arc::from(name.as_str()), line }),
                        severity: Severity::Error,
                        message: "not valid UTF-8: save the file with UTF-8 encoding".into(),
                    });
                }
            },
            Err(e) => self.read_errors.push(Diagnostic {
                location: None,
                severity: Severity::Error,
                message: format!("cannot read gazetteer {name}: {e}"),
            }),
        }
        self
    }

    /// Checks every source and returns all diagnostics, sorted by file and line, without
    /// failing on errors.
    pub fn check(&self) -> Vec<Diagnostic> {
        let (gazetteer, mut diagnostics) = self.assemble(true);
        diagnostics.extend(gazetteer.diagnostics);
        diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.location.as_ref().map(|l| (l.source.clone(), l.line));
            key(a).cmp(&key(b)).then(a.severity.cmp(&b.severity)).then(a.message.cmp(&b.message))
        });
        diagnostics.dedup();
        diagnostics
    }

    /// Builds the gazetteer, failing with every error found if there is any.
    pub fn build(&self) -> Result<Gazetteer, GazetteerError> {
        let (mut gazetteer, mut errors) = self.assemble(false);
        if gazetteer.aliases.len() > MAX_ALIASES {
            errors.push(Diagnostic {
                location: None,
                severity: Severity::Error,
                message: format!(
                    "{} aliases in the gazetteers, more than the limit of {MAX_ALIASES} (about 1.1 KB \
                     of memory each while the matcher is built): split the gazetteer into smaller \
                     ones and run them separately",
                    gazetteer.aliases.len()
                ),
            });
        }
        if errors.iter().any(|d| d.severity == Severity::Error) {
            let mut diagnostics = errors;
            diagnostics.sort();
            return Err(GazetteerError { diagnostics });
        }
        gazetteer.diagnostics.extend(errors);
        Ok(gazetteer)
    }

    /// Parses and merges every source. Returns the gazetteer (possibly incomplete) and the
    /// errors; warnings and notes are stored on the gazetteer. Alias conflicts (warnings
    /// that cost a pass over every alias variant) are only looked for when `conflicts`.
    fn assemble(&self, conflicts: bool) -> (Gazetteer, Vec<Diagnostic>) {
        let mut sources: Vec<(String, &str, bool)> = vec![];
        if self.builtins {
            for (name, text) in BUILTIN {
                sources.push((format!("builtin:{name}"), text, true));
            }
        }
        for (name, text) in &self.sources {
            sources.push((name.clone(), text.as_str(), false));
        }
        let mut errors = self.read_errors.clone();
        let mut entries: Vec<(Entry, bool)> = vec![];
        // Files parse independently (in parallel: it is a good part of startup) and merge
        // in their given order.
        let parsed: Vec<Parsed> =
            sources.par_iter().map(|(name, text, _)| parse(name, text)).collect();
        for (parsed, (_, _, builtin)) in parsed.into_iter().zip(&sources) {
            errors.extend(parsed.diagnostics);
            entries.extend(parsed.entries.into_iter().map(|e| (e, *builtin)));
        }
        let mut merger = Merger::default();
        merger.gazetteer.sources = sources.iter().map(|(n, _, _)| n.clone()).collect();
        merger.metonymy = self.metonymy;
        merger.conflicts = conflicts;
        merger.merge(entries);
        errors.extend(merger.errors);
        (merger.gazetteer, errors)
    }
}

/// Alias flags as written in brackets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Flags {
    exact: bool,
    cased: bool,
    nocase: bool,
    demonym: bool,
    metonymy: bool,
    ambiguous: bool,
    prefer: bool,
}

/// An alias as parsed, before it is attached to its target.
#[derive(Clone, Debug)]
struct AliasSpec {
    text: String,
    flags: Flags,
}

/// One parsed line.
#[derive(Clone, Debug)]
struct Entry {
    id: ActorId,
    kind: ActorType,
    label: String,
    aliases: Vec<AliasSpec>,
    iso3: Option<String>,
    roles: Vec<Role>,
    extra: BTreeMap<String, String>,
    location: Location,
}

struct Parsed {
    entries: Vec<Entry>,
    diagnostics: Vec<Diagnostic>,
}

/// Straightens curly apostrophes and quotes and collapses runs of whitespace, so an alias
/// written in a word processor matches the normalised document text.
pub fn normalize_alias(s: &str) -> String {
    let trimmed = s.trim();
    // Most aliases are plain ASCII with single spaces: nothing to fold.
    if trimmed.is_ascii()
        && !trimmed.contains("  ")
        && !trimmed.bytes().any(|b| b.is_ascii_whitespace() && b != b' ')
    {
        return trimmed.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.trim().chars() {
        let ch = crate::text::fold_punctuation(ch).unwrap_or(ch);
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if crate::text::is_invisible(ch) {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(ch);
    }
    out
}

/// Removes one level of spreadsheet quoting: `"a ""b"""` → `a "b"`.
fn unquote(cell: &str) -> std::borrow::Cow<'_, str> {
    let t = cell.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        std::borrow::Cow::Owned(t[1..t.len() - 1].replace("\"\"", "\""))
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

fn parse(name: &str, text: &str) -> Parsed {
    let source: Arc<str> = Arc::from(name);
    let mut out = Parsed { entries: vec![], diagnostics: vec![] };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut seen_content = false;
    for (i, raw) in text.split('\n').enumerate() {
        let location = Location { source: source.clone(), line: i as u32 + 1 };
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let mut err = |msg: String| {
            out.diagnostics.push(Diagnostic {
                location: Some(location.clone()),
                severity: Severity::Error,
                message: msg,
            })
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cells: Vec<std::borrow::Cow<'_, str>> = line.split('\t').map(unquote).collect();
        if !seen_content {
            seen_content = true;
            if cells[0].eq_ignore_ascii_case("id")
                && cells.get(1).is_some_and(|c| c.eq_ignore_ascii_case("type"))
            {
                continue;
            }
        }
        if cells.len() < 3 {
            if cells.len() == 1 {
                err("no tab found: the columns (id, type, label, aliases, attributes) must be \
                     separated by tab characters"
                    .into());
            } else {
                err(format!(
                    "found {} columns, need at least 3 (id, type, label) separated by tabs",
                    cells.len()
                ));
            }
            continue;
        }
        // Trailing empty cells are what spreadsheets write for blank columns.
        let used = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |p| p + 1);
        if used > 5 {
            err(format!(
                "found {used} columns, expected at most 5 (id, type, label, aliases, \
                 attributes): is there a tab inside a value?"
            ));
            continue;
        }
        let id = match ActorId::new(&cells[0]) {
            Some(id) => id,
            None => {
                err(format!(
                    "invalid id {:?}: ids may hold only letters A-Z a-z, digits, '_', '.' and '-'",
                    cells[0]
                ));
                continue;
            }
        };
        let kind = match ActorType::parse(&cells[1]) {
            Some(kind) => kind,
            None => {
                err(format!(
                    "invalid type {:?}: use country, organization, group, person, title, \
                     ignore or another lower-case word",
                    cells[1]
                ));
                continue;
            }
        };
        let label = normalize_alias(&cells[2]);
        if label.is_empty() {
            err(format!("actor {id} has an empty label"));
            continue;
        }
        let mut aliases = vec![];
        let mut ok = true;
        let alias_cell = cells.get(3).map(|c| c.as_ref()).unwrap_or("");
        if !alias_cell.trim().is_empty() {
            for raw_alias in alias_cell.split('|') {
                match parse_alias(raw_alias) {
                    Ok(spec) => aliases.push(spec),
                    Err(msg) => {
                        err(format!("actor {id}: {msg}"));
                        ok = false;
                    }
                }
            }
        }
        let attr_cell = cells.get(4).map(|c| c.as_ref()).unwrap_or("");
        let attrs = match parse_attributes(attr_cell) {
            Ok(attrs) => attrs,
            Err(msgs) => {
                for msg in msgs {
                    err(format!("actor {id}: {msg}"));
                }
                continue;
            }
        };
        if !ok {
            continue;
        }
        out.entries.push(Entry {
            id,
            kind,
            label,
            aliases,
            iso3: attrs.iso3,
            roles: attrs.roles,
            extra: attrs.extra,
            location,
        });
    }
    out
}

fn parse_alias(raw: &str) -> Result<AliasSpec, String> {
    let raw = raw.trim();
    let (text, flags_str) = match raw.strip_suffix(']').and_then(|r| r.rsplit_once('[')) {
        Some((text, flags)) => (text, Some(flags)),
        None => (raw, None),
    };
    let mut flags = Flags::default();
    if let Some(flags_str) = flags_str {
        for flag in flags_str.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            match flag.to_ascii_lowercase().as_str() {
                "exact" => flags.exact = true,
                "cased" => flags.cased = true,
                "nocase" => flags.nocase = true,
                "demonym" => flags.demonym = true,
                "metonymy" => flags.metonymy = true,
                "ambiguous" => flags.ambiguous = true,
                "prefer" => flags.prefer = true,
                other => {
                    return Err(format!(
                        "unknown alias flag {other:?} in {raw:?}: use exact, cased, nocase, \
                         demonym, metonymy, ambiguous or prefer"
                    ))
                }
            }
        }
        if [flags.exact, flags.cased, flags.nocase].iter().filter(|&&f| f).count() > 1 {
            return Err(format!("alias {raw:?} has more than one of exact, cased, nocase"));
        }
    }
    let text = normalize_alias(text);
    if text.is_empty() {
        return Err("empty alias (two '|' in a row, or a '|' at an end of the cell)".into());
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Err(format!("alias {text:?} has no letter or digit"));
    }
    if !text.chars().next().is_some_and(char::is_alphanumeric) {
        return Err(format!("alias {text:?} must start with a letter or digit"));
    }
    if text.len() > MAX_ALIAS_BYTES {
        return Err(format!(
            "alias of {} bytes is longer than the limit of {MAX_ALIAS_BYTES}: {}…",
            text.len(),
            text.chars().take(40).collect::<String>()
        ));
    }
    Ok(AliasSpec { text, flags })
}

struct Attributes {
    iso3: Option<String>,
    roles: Vec<Role>,
    extra: BTreeMap<String, String>,
}

fn parse_attributes(cell: &str) -> Result<Attributes, Vec<String>> {
    let mut attrs = Attributes { iso3: None, roles: vec![], extra: BTreeMap::new() };
    let mut errors = vec![];
    if cell.trim().is_empty() {
        return Ok(attrs);
    }
    for group in cell.split('|') {
        let mut title = None;
        let mut affiliation = None;
        let mut from = None;
        let mut to = None;
        let mut has_role_key = false;
        for pair in group.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                errors.push(format!("attribute {pair:?} is not key=value"));
                continue;
            };
            let key = key.trim();
            let value = value.trim();
            if !key.as_bytes().first().is_some_and(|b| b.is_ascii_lowercase())
                || !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                errors.push(format!("attribute key {key:?} must be a lower-case word"));
                continue;
            }
            if value.is_empty() {
                errors.push(format!("attribute {key} has an empty value"));
                continue;
            }
            match key {
                "role" => {
                    has_role_key = true;
                    title = Some(value.to_string());
                }
                "affiliation" => {
                    has_role_key = true;
                    match ActorId::new(value) {
                        Some(id) => affiliation = Some(id),
                        None => errors.push(format!("affiliation {value:?} is not a valid id")),
                    }
                }
                "from" | "to" => {
                    has_role_key = true;
                    match Date::parse(value) {
                        Some(d) if key == "from" => from = Some(d),
                        Some(d) => to = Some(d),
                        None => errors.push(format!(
                            "bad date {key}={value}: use YYYY, YYYY-MM or YYYY-MM-DD"
                        )),
                    }
                }
                "iso3" => {
                    if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
                        errors.push(format!("iso3 {value:?} is not three capital letters"));
                    } else if attrs.iso3.as_deref().is_some_and(|v| v != value) {
                        errors.push("iso3 given twice with different values".to_string());
                    } else {
                        attrs.iso3 = Some(value.to_string());
                    }
                }
                _ => {
                    if let Some(old) = attrs.extra.get(key) {
                        if old != value {
                            errors.push(format!(
                                "attribute {key} given twice: {old:?} and {value:?}"
                            ));
                        }
                    } else {
                        attrs.extra.insert(key.to_string(), value.to_string());
                    }
                }
            }
        }
        if let (Some(f), Some(t)) = (from, to) {
            if f > t && !(f.year == t.year && (f.month == 0 || t.month == 0)) {
                errors.push(format!("role starts ({f}) after it ends ({t})"));
            }
        }
        if has_role_key {
            attrs.roles.push(Role { title: title.unwrap_or_default(), affiliation, from, to });
        }
    }
    if errors.is_empty() {
        Ok(attrs)
    } else {
        Err(errors)
    }
}

/// Merges parsed entries into one gazetteer, checking what needs all files at once.
#[derive(Default)]
struct Merger {
    gazetteer: Gazetteer,
    errors: Vec<Diagnostic>,
    metonymy: bool,
    conflicts: bool,
}

impl Merger {
    fn merge(&mut self, entries: Vec<(Entry, bool)>) {
        // First pass: ids. A user file may replace a built-in actor (a note); any other
        // repeat is an error.
        let mut chosen: FxHashMap<ActorId, usize> = FxHashMap::default();
        let mut keep = vec![true; entries.len()];
        for (i, (entry, builtin)) in entries.iter().enumerate() {
            if let Some(&prev) = chosen.get(&entry.id) {
                let (old, old_builtin) = &entries[prev];
                if *old_builtin && !builtin {
                    self.gazetteer.diagnostics.push(Diagnostic {
                        location: Some(entry.location.clone()),
                        severity: Severity::Note,
                        message: format!(
                            "{} replaces the built-in actor defined at {}",
                            entry.id, old.location
                        ),
                    });
                    keep[prev] = false;
                    chosen.insert(entry.id.clone(), i);
                } else {
                    self.errors.push(Diagnostic {
                        location: Some(entry.location.clone()),
                        severity: Severity::Error,
                        message: format!(
                            "duplicate id {}: already defined at {}",
                            entry.id, old.location
                        ),
                    });
                    keep[i] = false;
                }
            } else {
                chosen.insert(entry.id.clone(), i);
            }
        }
        let g = &mut self.gazetteer;
        for (i, (entry, _)) in entries.into_iter().enumerate() {
            if !keep[i] {
                continue;
            }
            let target = match entry.kind.as_str() {
                "title" => {
                    g.titles.push(Title {
                        id: entry.id.clone(),
                        label: entry.label.clone(),
                        location: entry.location.clone(),
                    });
                    Target::Title(g.titles.len() as u32 - 1)
                }
                "ignore" => {
                    g.ignored.push(Title {
                        id: entry.id.clone(),
                        label: entry.label.clone(),
                        location: entry.location.clone(),
                    });
                    Target::Ignore(g.ignored.len() as u32 - 1)
                }
                _ => {
                    let index = g.actors.len() as u32;
                    g.by_id.insert(entry.id.clone(), index);
                    g.actors.push(Arc::new(Actor {
                        id: entry.id.clone(),
                        kind: entry.kind.clone(),
                        label: entry.label.clone(),
                        iso3: entry.iso3.clone(),
                        roles: entry.roles.clone(),
                        extra: entry.extra.clone(),
                    }));
                    g.actor_locations.push(entry.location.clone());
                    Target::Actor(index)
                }
            };
            let is_title = matches!(target, Target::Title(_));
            let label = AliasSpec { text: entry.label.clone(), flags: Flags::default() };
            let mut seen: Vec<String> = vec![];
            for spec in std::iter::once(&label).chain(entry.aliases.iter()) {
                // The label appears again in the alias list when it needs flags; the
                // flagged copy wins.
                if seen.contains(&spec.text) {
                    if let Some(pos) =
                        g.aliases.iter().rposition(|a| a.target == target && a.text == spec.text)
                    {
                        g.aliases.remove(pos);
                    }
                }
                seen.push(spec.text.clone());
                if spec.flags.metonymy && !self.metonymy {
                    continue;
                }
                g.aliases.push(Alias {
                    text: spec.text.clone(),
                    target,
                    case: case_policy(&spec.text, spec.flags, is_title),
                    kind: if spec.flags.metonymy {
                        AliasKind::Metonymy
                    } else if spec.flags.demonym {
                        AliasKind::Demonym
                    } else {
                        AliasKind::Name
                    },
                    ambiguous: spec.flags.ambiguous,
                    prefer: spec.flags.prefer,
                    location: entry.location.clone(),
                });
            }
        }
        // Affiliations must name known actors.
        for (actor, location) in g.actors.iter().zip(&g.actor_locations) {
            for role in &actor.roles {
                if let Some(aff) = &role.affiliation {
                    if !g.by_id.contains_key(aff) {
                        self.errors.push(Diagnostic {
                            location: Some(location.clone()),
                            severity: Severity::Error,
                            message: format!(
                                "actor {}: unknown affiliation id {aff}: define it in a \
                                 gazetteer or fix the id",
                                actor.id
                            ),
                        });
                    }
                }
            }
        }
        if self.conflicts {
            self.report_conflicts();
        }
        // First names of people, except words that name an actor themselves.
        let g = &mut self.gazetteer;
        let aliases: rustc_hash::FxHashSet<&str> = g
            .aliases
            .iter()
            .filter(|a| matches!(a.target, Target::Actor(_)))
            .map(|a| a.text.as_str())
            .collect();
        let first_names: rustc_hash::FxHashSet<String> = g
            .actors
            .iter()
            .filter(|a| a.kind == ActorType::Person)
            .filter_map(|a| a.label.split(' ').next())
            .filter(|w| w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
            .filter(|w| w.chars().all(char::is_alphabetic) && !aliases.contains(w))
            .map(str::to_string)
            .collect();
        g.first_names = first_names;
        // Surnames of people: the last word of the label and of every alias no longer than
        // it (`Zelenskyy` beside `Zelensky`). A longer alias is a full formal name whose
        // last word may be a second surname (`Hugo Rafael Chávez Frías`).
        let mut by_surname: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for alias in &g.aliases {
            let Target::Actor(i) = alias.target else { continue };
            let actor = &g.actors[i as usize];
            if actor.kind != ActorType::Person
                || alias.text.split(' ').count() > actor.label.split(' ').count()
            {
                continue;
            }
            if let Some(surname) = surname_of(&alias.text) {
                let people = by_surname.entry(deunicode::deunicode(surname)).or_default();
                if !people.contains(&i) {
                    people.push(i);
                }
            }
        }
        g.people_by_surname = by_surname;
    }

    /// Reports aliases that two different targets claim, saying how each will resolve.
    fn report_conflicts(&mut self) {
        let g = &mut self.gazetteer;
        let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, alias) in g.aliases.iter().enumerate() {
            if matches!(alias.target, Target::Title(_)) {
                continue;
            }
            for variant in crate::matcher::alias_variants(alias) {
                by_key.entry(variant.to_ascii_lowercase()).or_default().push(i);
            }
        }
        for (key, mut claims) in by_key {
            claims.sort_unstable();
            claims.dedup();
            let mut targets: Vec<Target> = claims.iter().map(|&i| g.aliases[i].target).collect();
            targets.sort_by_key(|t| format!("{t:?}"));
            targets.dedup();
            if targets.len() < 2 {
                continue;
            }
            // Exact-case aliases only clash with others of the same spelling.
            let name_of = |t: Target| match t {
                Target::Actor(i) => g.actors[i as usize].id.to_string(),
                Target::Title(i) => g.titles[i as usize].id.to_string(),
                Target::Ignore(i) => format!("{} (ignore)", g.ignored[i as usize].id),
            };
            let first = &g.aliases[claims[0]];
            let who: Vec<String> = claims
                .iter()
                .map(|&i| format!("{} ({})", name_of(g.aliases[i].target), g.aliases[i].location))
                .collect();
            let preferred: Vec<&Alias> = claims
                .iter()
                .map(|&i| &g.aliases[i])
                .filter(|a| a.prefer || matches!(a.target, Target::Ignore(_)))
                .collect();
            let how = if let Some(ignore) =
                preferred.iter().find(|a| matches!(a.target, Target::Ignore(_)))
            {
                format!("the ignore entry wins, so {:?} is never a mention", ignore.text)
            } else if preferred.len() == 1 {
                format!("{} wins (flagged prefer)", name_of(preferred[0].target))
            } else {
                let kinds: Vec<AliasKind> = claims.iter().map(|&i| g.aliases[i].kind).collect();
                let best = kinds.iter().max().copied();
                let best_count = kinds.iter().filter(|k| Some(**k) == best).count();
                if best_count == 1 {
                    let winner = claims[kinds.iter().position(|k| Some(*k) == best).unwrap_or(0)];
                    format!(
                        "{} wins (a {} beats a demonym or metonymy)",
                        name_of(g.aliases[winner].target),
                        best.map_or("name", |k| k.as_str())
                    )
                } else {
                    "resolved per document: to the actor it mentions elsewhere, else to the one \
                     whose `country` the document is about; dropped where the document does not \
                     decide (flag one alias `prefer` to choose)"
                        .to_string()
                }
            };
            g.diagnostics.push(Diagnostic {
                location: Some(first.location.clone()),
                severity: Severity::Warning,
                message: format!("alias {key:?} is claimed by {}: {how}", who.join(" and ")),
            });
        }
    }
}

/// The surname in a person's name of two words or more: its last word, skipping
/// generational suffixes (`George H. W. Bush` and `Martin Luther King Jr.` give `Bush` and
/// `King`). `None` for a one-word name or a last word that is not capitalised.
pub(crate) fn surname_of(name: &str) -> Option<&str> {
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    // Royal and territorial names have no surname: `Prince Albert II`, `Albert II of
    // Monaco`, `Lord Young of Graffham` (Albert is a given name, Graffham a place).
    let royal = |w: &str| {
        matches!(
            w,
            "Prince"
                | "Princess"
                | "King"
                | "Queen"
                | "Emperor"
                | "Empress"
                | "Pope"
                | "Sultan"
                | "Emir"
                | "Grand"
                | "Crown"
                | "Sheikh"
                | "Sheikha"
        )
    };
    if words.first().is_some_and(|w| royal(w)) || words.contains(&"of") {
        return None;
    }
    // `Hussein bin Abdullah`: a father's name, not a surname.
    let patronymic = |w: &str| matches!(w, "bin" | "ibn" | "bint" | "ben" | "ould");
    let mut last = words.len().checked_sub(1)?;
    let suffix =
        |w: &str| matches!(w.trim_end_matches(['.', ',']), "Jr" | "Sr" | "II" | "III" | "IV");
    if suffix(words[last]) {
        last = last.checked_sub(1)?;
    }
    if last == 0 || patronymic(words[last - 1]) {
        return None;
    }
    let surname = words[last].trim_end_matches(',');
    let capitalised = surname.chars().next().is_some_and(char::is_uppercase);
    (capitalised && surname.chars().count() >= 2).then_some(surname)
}

/// The case policy an alias gets: its explicit flag, or the derived default.
fn case_policy(text: &str, flags: Flags, is_title: bool) -> CasePolicy {
    if flags.exact {
        return CasePolicy::Exact;
    }
    if flags.cased {
        return CasePolicy::Cased;
    }
    if flags.nocase {
        return CasePolicy::AnyCase;
    }
    if is_acronym(text) {
        return CasePolicy::Exact;
    }
    if is_title || !text.chars().any(char::is_uppercase) {
        return CasePolicy::AnyCase;
    }
    CasePolicy::Cased
}

/// A short all-capital acronym such as `US`, `U.N.`, `IDF` or `NATO`: at most 5 letters,
/// all upper case, no space. These collide with common words (*us*, *is*, *who*), so they
/// match only in their own case.
pub fn is_acronym(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    (1..=5).contains(&letters)
        && !text.contains(' ')
        && text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut b = GazetteerBuilder::new();
        b.builtins(false).add_text("test.tsv", text);
        b.build()
    }

    fn check(text: &str) -> Vec<String> {
        let mut b = GazetteerBuilder::new();
        b.builtins(false).add_text("test.tsv", text);
        b.check().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn surnames_of_names() {
        assert_eq!(surname_of("George H. W. Bush"), Some("Bush"));
        assert_eq!(surname_of("Martin Luther King Jr."), Some("King"));
        assert_eq!(surname_of("Carlos Dominguez III"), Some("Dominguez"));
        assert_eq!(surname_of("Madonna"), None);
        // Royal and territorial names have none.
        assert_eq!(surname_of("Prince Albert II"), None);
        assert_eq!(surname_of("Albert II of Monaco"), None);
        assert_eq!(surname_of("Lord Young of Graffham"), None);
        assert_eq!(surname_of("Hussein bin Abdullah"), None);
    }

    #[test]
    fn parses_a_full_line() {
        let g = build(
            "# comment\n\
             id\ttype\tlabel\taliases\tattributes\n\
             USA\tcountry\tUnited States\tU.S. | US | American[demonym] | Washington[metonymy,ambiguous]\tiso3=USA; iso2=US\n\
             antony-blinken\tperson\tAntony Blinken\tBlinken\trole=Secretary of State; affiliation=USA; from=2021-01-26; to=2025-01-20\n",
        )
        .unwrap();
        assert_eq!(g.actors().len(), 2);
        let usa = g.get("USA").unwrap();
        assert_eq!(usa.iso3.as_deref(), Some("USA"));
        assert_eq!(usa.extra.get("iso2").map(String::as_str), Some("US"));
        let blinken = g.get("antony-blinken").unwrap();
        assert_eq!(blinken.roles[0].title, "Secretary of State");
        assert_eq!(blinken.roles[0].affiliation.as_ref().unwrap().as_str(), "USA");
        let alias = |t: &str| g.aliases().iter().find(|a| a.text == t).unwrap();
        assert_eq!(alias("United States").case, CasePolicy::Cased);
        assert_eq!(alias("US").case, CasePolicy::Exact);
        assert_eq!(alias("U.S.").case, CasePolicy::Exact);
        assert_eq!(alias("American").kind, AliasKind::Demonym);
        assert_eq!(alias("Washington").kind, AliasKind::Metonymy);
        assert!(alias("Washington").ambiguous);
    }

    #[test]
    fn case_policy_defaults_and_overrides() {
        let f = Flags::default();
        assert_eq!(case_policy("UNESCO", f, false), CasePolicy::Cased);
        assert_eq!(case_policy("IDF", f, false), CasePolicy::Exact);
        assert_eq!(case_policy("Turkey", f, false), CasePolicy::Cased);
        assert_eq!(case_policy("spokesman", f, true), CasePolicy::AnyCase);
        assert_eq!(case_policy("Prime Minister", f, true), CasePolicy::AnyCase);
        assert_eq!(case_policy("PM", f, true), CasePolicy::Exact);
        assert_eq!(case_policy("UN", Flags { cased: true, ..f }, false), CasePolicy::Cased);
    }

    #[test]
    fn spreadsheet_quirks_are_accepted() {
        let g = build(
            "\u{feff}id\ttype\tlabel\taliases\tattributes\r\n\
             CIV\tcountry\t\"Côte d’Ivoire\"\tIvory Coast\t\t\t\r\n",
        )
        .unwrap();
        assert_eq!(g.get("CIV").unwrap().label, "Côte d'Ivoire");
    }

    #[test]
    fn multiple_roles() {
        let g = build(
            "ISR\tcountry\tIsrael\n\
             benjamin-netanyahu\tperson\tBenjamin Netanyahu\tNetanyahu\trole=Prime Minister; affiliation=ISR; from=1996-06-18; to=1999-07-06 | role=Prime Minister; affiliation=ISR; from=2009-03-31; to=2021-06-13\n",
        )
        .unwrap();
        assert_eq!(g.get("benjamin-netanyahu").unwrap().roles.len(), 2);
    }

    #[test]
    fn every_error_names_file_and_line() {
        let report = check(
            "id\ttype\tlabel\taliases\tattributes\n\
             USA country United States\n\
             bad id\tcountry\tX\n\
             X1\tCountry\tX\n\
             X2\tcountry\t\n\
             X3\tcountry\tX3\ta || b\n\
             X4\tcountry\tX4\t...\n\
             X5\tperson\tX5\t\trole=President; affiliation=NOWHERE; from=2020-02-30\n\
             X6\tcountry\tX6\tfoo[weird]\n\
             X7\tcountry\tX7\n\
             X7\tcountry\tX7 again\n\
             X8\tperson\tX8\t\trole=President; from=2021; to=2020\n\
             X9\tcountry\tX9\ta\tb\tc\n\
             X10\tperson\tX10\t\taffiliation=NOWHERE\n",
        );
        let expect = [
            "test.tsv:2: error: no tab found",
            "test.tsv:3: error: invalid id \"bad id\"",
            "test.tsv:4: error: invalid type \"Country\"",
            "test.tsv:5: error: actor X2 has an empty label",
            "test.tsv:6: error: actor X3: empty alias",
            "test.tsv:7: error: actor X4: alias \"...\" has no letter or digit",
            "test.tsv:8: error: actor X5: bad date from=2020-02-30",
            "test.tsv:9: error: actor X6: unknown alias flag \"weird\"",
            "test.tsv:11: error: duplicate id X7: already defined at test.tsv:10",
            "test.tsv:12: error: actor X8: role starts (2021) after it ends (2020)",
            "test.tsv:13: error: found 6 columns",
            "test.tsv:14: error: actor X10: unknown affiliation id NOWHERE",
        ];
        for e in expect {
            assert!(report.iter().any(|r| r.starts_with(e)), "missing {e:?} in {report:#?}");
        }
        assert_eq!(
            report.iter().filter(|r| r.contains("error")).count(),
            expect.len(),
            "{report:#?}"
        );
    }

    #[test]
    fn long_alias_is_rejected() {
        let long = "A".repeat(MAX_ALIAS_BYTES + 1);
        let report = check(&format!("X\tcountry\tX\t{long}\n"));
        assert!(report[0].contains("longer than the limit"), "{report:?}");
    }

    #[test]
    fn conflicts_say_how_they_resolve() {
        let report = check(
            "COD\tcountry\tDemocratic Republic of the Congo\tCongo[prefer]\n\
             COG\tcountry\tRepublic of the Congo\tCongo\n\
             KOR\tcountry\tSouth Korea\tKorea\n\
             PRK\tcountry\tNorth Korea\tKorea\n\
             JOR\tcountry\tJordan\n\
             ignore.jordan\tignore\tJordan\n",
        );
        let find = |needle: &str| report.iter().find(|r| r.contains(needle)).cloned();
        assert!(find("\"congo\" is claimed by COD").unwrap().contains("COD wins (flagged prefer)"));
        assert!(find("\"korea\" is claimed").unwrap().contains("resolved per document"));
        assert!(find("\"jordan\" is claimed").unwrap().contains("ignore entry wins"));
        assert!(report.iter().all(|r| r.contains("warning")), "{report:?}");
    }

    #[test]
    fn user_file_replaces_builtin_with_note() {
        let mut b = GazetteerBuilder::new();
        b.add_text("mine.tsv", "USA\tcountry\tUncle Sam\n");
        let g = b.build().unwrap();
        assert_eq!(g.get("USA").unwrap().label, "Uncle Sam");
        assert!(g
            .diagnostics()
            .iter()
            .any(|d| d.severity == Severity::Note && d.message.contains("replaces the built-in")));
    }

    #[test]
    fn metonymy_can_be_switched_off() {
        let mut b = GazetteerBuilder::new();
        b.builtins(false)
            .metonymy(false)
            .add_text("t.tsv", "RUS\tcountry\tRussia\tMoscow[metonymy]\n");
        let g = b.build().unwrap();
        assert!(g.aliases().iter().all(|a| a.text != "Moscow"));
    }

    #[test]
    fn builtin_gazetteers_have_no_errors() {
        let diagnostics = GazetteerBuilder::new().check();
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
}
