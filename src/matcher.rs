//! Matching: every place in the text where an alias occurs, as a whole word, in an
//! acceptable case.
//!
//! All aliases (and their automatic variants) are compiled once into an anchored
//! Aho-Corasick DFA over ASCII-lower-cased bytes. Instead of running the automaton over
//! every byte, [`Matcher::find`] walks it only from the start of a word, and only from
//! words whose first two letters can begin some alias in that case: most aliases are
//! capitalised, and most words in news are not, so most of the text is never walked.
//! Each walk collects *every* alias that ends at a word boundary, not just the longest:
//! a leftmost-longest search that rejects `Gaza Strip` in `Gaza Stripes` would lose the
//! valid `Gaza` inside it.
//!
//! The case policy of each alias ([`CasePolicy`]) is applied here, so the resolver sees
//! only candidates that are acceptable as written.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA as DFA;
use aho_corasick::{Anchored, MatchKind};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::gazetteer::{Alias, AliasKind, CasePolicy, Gazetteer};
use crate::text::is_word_char;

/// One occurrence of an alias: a byte span of the normalised text and the alias index
/// (into [`Gazetteer::aliases`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Index of the alias in the gazetteer.
    pub alias: u32,
}

/// The error returned when the automaton cannot be built (in practice, only when the
/// alias set is too large for the DFA's state identifiers).
#[derive(Debug)]
pub struct BuildError(String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot build the alias automaton: {}", self.0)
    }
}

impl std::error::Error for BuildError {}

/// One alias spelling behind a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PatternTarget {
    alias: u32,
    /// What the occurrence's letter case must be.
    case: CaseCheck,
}

/// A case policy, prepared for one spelling of an alias.
#[derive(Clone, Debug, PartialEq, Eq)]
enum CaseCheck {
    /// Any case.
    Any,
    /// Not wholly lower case; `first_upper`: begins with a capital, like the spelling.
    Cased { first_upper: bool },
    /// Exactly this spelling.
    Exact(Box<str>),
}

impl CaseCheck {
    fn new(policy: CasePolicy, variant: &str) -> CaseCheck {
        let first_upper = variant.chars().next().is_some_and(char::is_uppercase);
        match policy {
            CasePolicy::AnyCase => CaseCheck::Any,
            CasePolicy::Cased => CaseCheck::Cased { first_upper },
            CasePolicy::Exact => CaseCheck::Exact(variant.into()),
        }
    }

    /// Whether an occurrence of this spelling may begin in lower case.
    fn may_be_lower(&self) -> bool {
        match self {
            CaseCheck::Any => true,
            CaseCheck::Cased { first_upper } => !first_upper,
            CaseCheck::Exact(v) => !v.chars().next().is_some_and(char::is_uppercase),
        }
    }
}

/// The compiled alias automaton. Build it once per run and share it between threads.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// The patterns split by first byte into [`PARTS`] automata, built in parallel: a
    /// walk starts at a word's first byte, so it needs only the part that byte selects.
    parts: Vec<Part>,
    /// The part for each (lower-cased) first byte.
    part_of_byte: [u8; 256],
    /// For pattern `p`, its targets are `targets[ranges[p].0 .. ranges[p].1]`.
    ranges: Vec<(u32, u32)>,
    targets: Vec<PatternTarget>,
    /// Bit `hash(w)`: some pattern's first word is `w` (case folded). A pattern can only
    /// match where the text's word equals its first word, so other words are not walked.
    any_first: Box<[u64]>,
    /// The same for patterns that may occur in lower case: lower-case words are walked
    /// only if some such pattern begins with them (*minister*, not *the* or *and*).
    lower_first: Box<[u64]>,
}

/// One automaton over the patterns whose first byte maps to it.
#[derive(Clone, Debug)]
struct Part {
    automaton: DFA,
    /// The global index of each of the part's patterns, by the part's pattern id.
    patterns: Vec<u32>,
}

/// Number of automata the patterns are split into. Building is the bulk of startup, and
/// the parts build on separate threads; more parts than cores gain nothing.
const PARTS: usize = 4;

/// Size of the first-word bitmaps (bits): 128 KB each, few collisions for tens of
/// thousands of distinct first words.
const FIRST_WORD_BITS: usize = 1 << 18;

const NON_WORD: u8 = 0;
const WORD: u8 = 1;
const NON_ASCII: u8 = 2;

/// Every byte's class for the word scan: ASCII non-word, ASCII letter or digit, or a byte
/// of a non-ASCII character (decoded to decide).
static BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_WORD; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b >= 0x80 {
            NON_ASCII
        } else if (b as u8).is_ascii_alphanumeric() {
            WORD
        } else {
            NON_WORD
        };
        b += 1;
    }
    t
};

/// ASCII letters and digits: the bytes that continue a word.
static ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The gate bit for a word: its first four bytes (ASCII letters folded to lower case by
/// setting bit 5, which leaves digits unchanged) and its byte length.
#[inline]
fn word_key_bit(key: u64, len: usize) -> usize {
    let h = (key ^ (len.min(255) as u64) << 40).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 40) as usize % FIRST_WORD_BITS
}

/// The first four bytes of a word, ASCII letters folded to lower case by setting bit 5
/// (which leaves digits and non-ASCII bytes of letters unchanged or consistently changed).
#[inline]
fn key_of(word: &[u8]) -> u64 {
    let mut key = 0u64;
    for &c in &word[..word.len().min(4)] {
        key = key << 8 | u64::from(if c < 0x80 { c | 0x20 } else { c });
    }
    key
}

/// The gate bit of the first word of `text` (a pattern), computed as `find_in` does.
fn first_word(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !ASCII_WORD[b as usize] {
                break;
            }
            i += 1;
        } else {
            match crate::text::char_at(text, i) {
                Some(ch) if is_word_char(ch) => i += ch.len_utf8(),
                _ => break,
            }
        }
    }
    (i, word_key_bit(key_of(&bytes[start..i]), i - start))
}

/// Length of the UTF-8 sequence a leading byte starts (1 for a stray continuation byte).
#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// `George W. Bush` → `George W Bush`, `Robert P. Luciano` → `Robert P Luciano`: the
/// period after a single capital letter between words, dropped. `None` when there is none
/// (and for all-initial aliases such as `U.S.`, whose forms are listed separately).
fn without_initial_periods(alias: &str) -> Option<String> {
    let chars: Vec<char> = alias.chars().collect();
    let mut out = String::with_capacity(alias.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let initial = c == '.'
            && i >= 2
            && chars[i - 1].is_uppercase()
            && chars[i - 2] == ' '
            && chars.get(i + 1) == Some(&' ');
        if initial {
            changed = true;
            continue;
        }
        out.push(c);
    }
    changed.then_some(out)
}

fn set_bit(bits: &mut [u64], key: usize) {
    bits[key / 64] |= 1 << (key % 64);
}

/// The spellings an alias is matched under: as written, the plural of a demonym, the
/// accent-free form, and the form with spaces for hyphens.
pub fn alias_variants(alias: &Alias) -> Vec<String> {
    let t = &alias.text;
    // Most aliases have no variant: plain ASCII, no hyphen, no initial, not a demonym.
    if alias.kind != AliasKind::Demonym
        && t.is_ascii()
        && !t.contains('-')
        && !t.contains(". ")
        && !t.contains("isation")
        && !t.contains("ization")
    {
        return vec![t.clone()];
    }
    let mut out = vec![alias.text.clone()];
    if alias.kind == AliasKind::Demonym {
        let t = &alias.text;
        let lower = t.to_lowercase();
        let no_plural = ["s", "ese", "sh", "ch", "x", "z"].iter().any(|s| lower.ends_with(s));
        if !no_plural && t.chars().last().is_some_and(char::is_alphabetic) {
            out.push(format!("{t}s"));
        }
    }
    for i in 0..out.len() {
        if out[i].is_ascii() {
            continue;
        }
        let ascii = deunicode::deunicode(&out[i]);
        if ascii != out[i]
            && ascii.chars().next().is_some_and(char::is_alphanumeric)
            && !out.contains(&ascii)
        {
            out.push(ascii);
        }
    }
    // Initials without their periods, as British style writes them: `George W Bush`.
    for i in 0..out.len() {
        if let Some(bare) = without_initial_periods(&out[i]) {
            if !out.contains(&bare) {
                out.push(bare);
            }
        }
    }
    // British and American spellings of -ise words (Organisation, Organization).
    for i in 0..out.len() {
        for (a, b) in [("isation", "ization"), ("ization", "isation")] {
            if out[i].contains(a) {
                let other = out[i].replace(a, b);
                if !out.contains(&other) {
                    out.push(other);
                }
            }
        }
    }
    for i in 0..out.len() {
        if out[i].contains('-') {
            let spaced = out[i].replace('-', " ");
            if !out.contains(&spaced) {
                out.push(spaced);
            }
        }
    }
    out
}

impl Matcher {
    /// Compiles the aliases of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher, BuildError> {
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut patterns: Vec<String> = vec![];
        let mut per_pattern: Vec<Vec<PatternTarget>> = vec![];
        for (i, alias) in gazetteer.aliases().iter().enumerate() {
            for variant in alias_variants(alias) {
                let target =
                    PatternTarget { alias: i as u32, case: CaseCheck::new(alias.case, &variant) };
                let key = variant.to_ascii_lowercase();
                let p = match index.get(&key) {
                    Some(&p) => p,
                    None => {
                        patterns.push(key.clone());
                        per_pattern.push(vec![]);
                        index.insert(key, patterns.len() - 1);
                        patterns.len() - 1
                    }
                };
                if !per_pattern[p].contains(&target) {
                    per_pattern[p].push(target);
                }
            }
        }
        // Split by first byte, balancing the parts' total pattern length (greedy, the
        // heaviest bytes first), and build the parts in parallel.
        let mut weight = [0usize; 256];
        for p in &patterns {
            if let Some(&b) = p.as_bytes().first() {
                weight[b as usize] += p.len();
            }
        }
        let mut by_weight: Vec<usize> = (0..256).collect();
        by_weight.sort_by_key(|&b| (std::cmp::Reverse(weight[b]), b));
        let mut load = [0usize; PARTS];
        let mut part_of_byte = [0u8; 256];
        for b in by_weight {
            let lightest = (0..PARTS).min_by_key(|&k| (load[k], k)).unwrap_or(0);
            part_of_byte[b] = lightest as u8;
            load[lightest] += weight[b];
        }
        let mut members: Vec<Vec<u32>> = vec![vec![]; PARTS];
        for (i, p) in patterns.iter().enumerate() {
            let first = p.as_bytes().first().copied().unwrap_or(0);
            members[part_of_byte[first as usize] as usize].push(i as u32);
        }
        let parts: Vec<Part> = members
            .into_par_iter()
            .map(|ids| {
                let automaton = DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .byte_classes(true)
                    .build(ids.iter().map(|&i| &patterns[i as usize]))
                    .map_err(|e| BuildError(e.to_string()))?;
                Ok(Part { automaton, patterns: ids })
            })
            .collect::<Result<_, BuildError>>()?;
        let mut ranges = Vec::with_capacity(per_pattern.len());
        let mut targets = vec![];
        let mut any_first = vec![0u64; FIRST_WORD_BITS / 64].into_boxed_slice();
        let mut lower_first = any_first.clone();
        for (p, list) in per_pattern.into_iter().enumerate() {
            let (_, hash) = first_word(&patterns[p], 0);
            let may_be_lower = list.iter().any(|t| t.case.may_be_lower());
            set_bit(&mut any_first, hash);
            if may_be_lower {
                set_bit(&mut lower_first, hash);
            }
            ranges.push((targets.len() as u32, (targets.len() + list.len()) as u32));
            targets.extend(list);
        }
        Ok(Matcher { parts, part_of_byte, ranges, targets, any_first, lower_first })
    }

    /// Heap memory used by the automaton, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.parts.iter().map(|p| p.automaton.memory_usage() + p.patterns.len() * 4).sum::<usize>()
            + self.targets.len() * std::mem::size_of::<PatternTarget>()
            + self.ranges.len() * 8
            + self.any_first.len() * 16
    }

    /// Appends to `out` every acceptable alias occurrence in `text` (normalised text),
    /// sorted by start then end.
    pub fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        self.find_in(text, false, out)
    }

    /// Like [`find`](Self::find); with `join_lines`, a line break matches a space, so a
    /// name hard-wrapped over two lines (`New\nJersey`) is still found. Use it for
    /// hard-wrapped text, not where every line is its own paragraph.
    pub fn find_in(&self, text: &str, join_lines: bool, out: &mut Vec<Candidate>) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut i = 0;
        loop {
            // Skip to the next word: tight loop over ASCII non-word bytes.
            while i < n && BYTE_CLASS[bytes[i] as usize] == NON_WORD {
                i += 1;
            }
            if i >= n {
                break;
            }
            if BYTE_CLASS[bytes[i] as usize] == NON_ASCII
                && !crate::text::char_at(text, i).is_some_and(is_word_char)
            {
                i += utf8_len(bytes[i]);
                continue;
            }
            // A word starts here: find its end (tight loop over ASCII word bytes, a slower
            // step for other characters).
            let start = i;
            loop {
                while i < n && BYTE_CLASS[bytes[i] as usize] == WORD {
                    i += 1;
                }
                if i < n && BYTE_CLASS[bytes[i] as usize] == NON_ASCII {
                    match crate::text::char_at(text, i) {
                        Some(ch) if is_word_char(ch) => {
                            i += ch.len_utf8();
                            continue;
                        }
                        _ => {}
                    }
                }
                break;
            }
            // Its key is its first four bytes (case folded) and its length; walk only if
            // some pattern's first word has the same key.
            let bit = word_key_bit(key_of(&bytes[start..i]), i - start);
            let table =
                if bytes[start].is_ascii_lowercase() { &self.lower_first } else { &self.any_first };
            if table[bit / 64] & (1 << (bit % 64)) != 0 {
                self.walk(text, start, join_lines, out);
            }
        }
    }

    /// Walks the anchored automaton from `start`, collecting every pattern that spans
    /// whole words and passes its case policy.
    fn walk(&self, text: &str, start: usize, join_lines: bool, out: &mut Vec<Candidate>) {
        let bytes = text.as_bytes();
        let Some(&first) = bytes.get(start) else { return };
        let part = &self.parts[self.part_of_byte[first.to_ascii_lowercase() as usize] as usize];
        let dfa = &part.automaton;
        let Ok(mut sid) = dfa.start_state(Anchored::Yes) else {
            return;
        };
        let mut i = start;
        while i < bytes.len() {
            let b = match bytes[i] {
                b'\n' if join_lines => b' ',
                b => b.to_ascii_lowercase(),
            };
            sid = dfa.next_state(Anchored::Yes, sid, b);
            i += 1;
            if !dfa.is_special(sid) {
                continue;
            }
            if dfa.is_dead(sid) {
                return;
            }
            if dfa.is_match(sid) {
                for k in 0..dfa.match_len(sid) {
                    let pid = dfa.match_pattern(sid, k);
                    if dfa.pattern_len(pid) != i - start {
                        continue;
                    }
                    // Whole words only: the next character must not continue a word. The
                    // end is always a char boundary since patterns are whole UTF-8 strings.
                    if crate::text::char_at(text, i).is_some_and(is_word_char) {
                        continue;
                    }
                    let occurrence = &text[start..i];
                    if occurrence.contains('\r') {
                        continue;
                    }
                    let global = part.patterns[pid.as_usize()] as usize;
                    let (lo, hi) = self.ranges[global];
                    for t in &self.targets[lo as usize..hi as usize] {
                        if case_ok(t, occurrence) {
                            out.push(Candidate { start, end: i, alias: t.alias });
                        }
                    }
                }
            }
        }
    }
}

/// Applies the case policy of `target` to an occurrence.
fn case_ok(target: &PatternTarget, occurrence: &str) -> bool {
    match &target.case {
        CaseCheck::Any => true,
        CaseCheck::Exact(spelling) => occurrence == &**spelling,
        CaseCheck::Cased { first_upper } => {
            let has_upper = occurrence.chars().any(char::is_uppercase);
            let starts_upper = occurrence.chars().next().is_some_and(char::is_uppercase);
            has_upper && (!first_upper || starts_upper)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;

    fn gazetteer(text: &str) -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.builtins(false).add_text("t.tsv", text);
        b.build().unwrap()
    }

    fn found(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        let m = Matcher::new(g).unwrap();
        let mut out = vec![];
        m.find(text, &mut out);
        out.iter()
            .map(|c| {
                let alias = &g.aliases()[c.alias as usize];
                let name = match alias.target {
                    crate::gazetteer::Target::Actor(i) => g.actors()[i as usize].id.to_string(),
                    crate::gazetteer::Target::Title(i) => g.titles()[i as usize].id.to_string(),
                    crate::gazetteer::Target::Ignore(i) => g.ignored()[i as usize].id.to_string(),
                };
                (text[c.start..c.end].to_string(), name)
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn keeps_shorter_match_when_longer_fails_boundary() {
        let g = gazetteer("gaza\tplace\tGaza\tGaza Strip\n");
        assert_eq!(
            found(&g, "Gaza Stripes and the Gaza Strip."),
            pairs(&[("Gaza", "gaza"), ("Gaza", "gaza"), ("Gaza Strip", "gaza"),])
        );
    }

    #[test]
    fn all_overlapping_candidates_are_kept() {
        let g = gazetteer("PSE\tcountry\tPalestine\tPalestinian[demonym]\npij\tgroup\tPalestinian Islamic Jihad\tIslamic Jihad\n");
        assert_eq!(
            found(&g, "Palestinian Islamic Jihad"),
            pairs(&[
                ("Palestinian", "PSE"),
                ("Palestinian Islamic Jihad", "pij"),
                ("Islamic Jihad", "pij"),
            ])
        );
    }

    #[test]
    fn word_boundaries_are_unicode_aware() {
        let g = gazetteer("EGY\tcountry\tEgypt\nISR\tcountry\tIsrael\tIsraeli[demonym]\nUSA\tcountry\tUnited States\tU.S.\n");
        assert_eq!(
            found(&g, "Egypt's Egypté Egypt— Israelis Israeli-born U.S.-brokered"),
            pairs(&[
                ("Egypt", "EGY"),
                ("Egypt", "EGY"),
                ("Israelis", "ISR"),
                ("Israeli", "ISR"),
                ("U.S.", "USA"),
            ])
        );
        // "Egypt" inside a longer word in another script is not a word boundary.
        assert!(found(&g, "Egyptب").is_empty());
    }

    #[test]
    fn case_policies() {
        let g = gazetteer(
            "USA\tcountry\tUnited States\tUS\nTUR\tcountry\tTurkey\nmin\ttitle\tminister\n",
        );
        assert_eq!(
            found(&g, "let us go to Turkey, not turkey; US and Us and TURKEY. MINISTER minister"),
            pairs(&[
                ("Turkey", "TUR"),
                ("US", "USA"),
                ("TURKEY", "TUR"),
                ("MINISTER", "min"),
                ("minister", "min"),
            ])
        );
    }

    #[test]
    fn variants_accents_hyphens_plurals() {
        let g = gazetteer("aq\tgroup\tal-Qaeda\nerdogan\tperson\tRecep Tayyip Erdoğan\tErdoğan\nQAT\tcountry\tQatar\tQatari[demonym] | Chinese[demonym]\n");
        assert_eq!(
            found(&g, "al Qaeda, Al-Qaeda, Erdogan, Erdoğan, Qataris, Chineses"),
            pairs(&[
                ("al Qaeda", "aq"),
                ("Al-Qaeda", "aq"),
                ("Erdogan", "erdogan"),
                ("Erdoğan", "erdogan"),
                ("Qataris", "QAT"),
            ])
        );
    }

    #[test]
    fn line_breaks_join_only_when_asked() {
        let g = gazetteer("ignore.nj\tignore\tNew Jersey\nJEY\tcountry\tJersey\n");
        let m = Matcher::new(&g).unwrap();
        let mut out = vec![];
        m.find_in("in New\nJersey today", true, &mut out);
        assert!(out.iter().any(|c| c.end - c.start == "New\nJersey".len()));
        out.clear();
        m.find_in("in New\nJersey today", false, &mut out);
        assert!(out.iter().all(|c| c.end - c.start == "Jersey".len()));
    }

    #[test]
    fn initials_without_periods() {
        assert_eq!(without_initial_periods("George W. Bush").as_deref(), Some("George W Bush"));
        assert_eq!(
            without_initial_periods("George H. W. Bush").as_deref(),
            Some("George H W Bush")
        );
        assert_eq!(without_initial_periods("U.S."), None);
        assert_eq!(without_initial_periods("St. Lucia"), None);
    }
}
