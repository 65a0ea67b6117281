//! Segmentation: paragraphs and sentences, the windows co-mentions are counted in.
//!
//! News reaches us in two layouts. Scraped articles put one paragraph on each line (the
//! seeds do); wire copy is hard-wrapped at about 70 columns, with paragraphs separated by
//! blank lines or an indented first line (Reuters). [`segment`] detects which layout a
//! document uses and splits it accordingly, then splits each paragraph into sentences.
//!
//! Sentence splitting is rule-based and tuned for news: a period ends a sentence unless it
//! closes a title (`Mr.`, `Gen.`), a month before a day (`Sept. 11`), an initial
//! (`George W. Bush`), or an initialism (`U.S.`, `a.m.`) that is not followed by a word
//! that typically starts a sentence. So `U.S. Envoys Push for a Deal` and `in the U.S.
//! Hamas officials said` stay whole while `talks in the U.S. The envoy left` splits.

use std::sync::LazyLock;

use crate::text::WordSet;

/// A sentence: a byte span of the (normalised) text and the paragraph it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// 0-based index of the paragraph that holds it.
    pub paragraph: u32,
}

/// How a document lays out its paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Each non-blank line is a paragraph.
    LinePerParagraph,
    /// Lines are hard-wrapped; paragraphs end at blank lines or indented lines.
    Wrapped,
}

/// Guesses the layout: hard-wrapped when there are several lines, nearly all of them
/// short, and many end in the middle of a sentence.
pub fn detect_layout(text: &str) -> Layout {
    // The first lines tell: a wrapped file is wrapped throughout.
    const SAMPLE_LINES: usize = 200;
    let bytes = text.as_bytes();
    let (mut lines, mut short, mut open_ended) = (0usize, 0usize, 0usize);
    let mut pos = 0;
    while pos < bytes.len() && lines < SAMPLE_LINES {
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let line = &text[pos..end];
        pos = end + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        lines += 1;
        // Bytes, not characters: close enough for the width of a wrapped line, and free.
        if line.len() <= 96 {
            short += 1;
        }
        if !trimmed.ends_with(['.', '!', '?', '"', '\'', ':', ')']) {
            open_ended += 1;
        }
    }
    if lines >= 4 && short * 10 >= lines * 9 && open_ended * 5 >= lines * 2 {
        Layout::Wrapped
    } else {
        Layout::LinePerParagraph
    }
}

/// Splits `text` into sentences, each tagged with its paragraph.
///
/// ```
/// use actorgraph::segment::segment;
/// let text = "U.S. Envoys Push for Deal\nMr. Blinken met Gen. Smith in the U.S. \
///             The talks ended at 10 a.m. Friday.";
/// let spans: Vec<&str> = segment(text).iter().map(|s| &text[s.start..s.end]).collect();
/// assert_eq!(spans, [
///     "U.S. Envoys Push for Deal",
///     "Mr. Blinken met Gen. Smith in the U.S.",
///     "The talks ended at 10 a.m. Friday.",
/// ]);
/// ```
pub fn segment(text: &str) -> Vec<Sentence> {
    segment_with_layout(text, detect_layout(text))
}

/// Like [`segment`], with the layout already known.
pub fn segment_with_layout(text: &str, layout: Layout) -> Vec<Sentence> {
    let mut out = vec![];
    let mut paragraph = 0u32;
    for (start, end) in paragraphs(text, layout) {
        let before = out.len();
        split_sentences(text, start, end, paragraph, &mut out);
        if out.len() > before {
            paragraph += 1;
        }
    }
    out
}

/// Byte ranges of the paragraphs of `text` (non-blank, not trimmed).
fn paragraphs(text: &str, layout: Layout) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut para_start: Option<usize> = None;
    let mut pos = 0;
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let line = &text[pos..line_end];
        let blank = line.trim().is_empty();
        match layout {
            Layout::LinePerParagraph => {
                if !blank {
                    out.push((pos, line_end));
                }
            }
            Layout::Wrapped => {
                let indented = line.starts_with("  ") || line.starts_with('\t');
                if blank || indented {
                    if let Some(s) = para_start.take() {
                        out.push((s, pos));
                    }
                }
                if !blank && para_start.is_none() {
                    para_start = Some(pos);
                }
            }
        }
        pos = line_end + 1;
    }
    if let Some(s) = para_start {
        out.push((s, text.len()));
    }
    out
}

/// Titles and other abbreviations that do not end a sentence before a capital or digit.
const TITLE_ABBREVIATIONS_LIST: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr",
    "Adm", "Sgt", "Cpl", "Pvt", "Brig", "Sen", "Sens", "Rep", "Reps", "Gov", "Amb", "Pres", "Supt",
    "Insp", "Rev", "Fr", "Hon", "St", "Ste", "Mt", "Ft", "Jr", "Sr", "Sec", "Atty", "Gens",
    "Lieut", "Cdr", "Cmdt", "Det", "Vs", "vs", "v", "Rt", "Sheikh", "Messers",
];
static TITLE_ABBREVIATIONS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(TITLE_ABBREVIATIONS_LIST));

/// Abbreviations that do not end a sentence before a number (`No. 10`, `Sept. 11`).
const NUMBER_ABBREVIATIONS_LIST: &[&str] = &[
    "No", "Nos", "no", "nos", "Art", "Vol", "vol", "Fig", "fig", "p", "pp", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Ch", "ch", "Para", "para",
    "Sec", "Ref", "ref", "approx", "Approx", "Ed", "ed", "Op", "op",
];
static NUMBER_ABBREVIATIONS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NUMBER_ABBREVIATIONS_LIST));

/// Words that commonly start a sentence: after an initialism (`U.S.`), one of these
/// signals a new sentence; any other capitalised word is read as part of the same one.
#[rustfmt::skip]
const SENTENCE_STARTERS_LIST: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These",
    "Those", "There", "Their", "His", "Her", "Its", "Our", "My", "But", "And", "Or", "So", "Yet",
    "In", "On", "At", "For", "From", "To", "By", "With", "After", "Before", "During", "Since",
    "When", "While", "If", "As", "Although", "Though", "However", "Meanwhile", "Still", "Now",
    "Then", "Also", "Some", "Many", "Most", "All", "Both", "Each", "Other", "Others", "No", "Not",
    "What", "Why", "How", "Who", "Where", "Which", "Last", "Earlier", "Later", "Under", "Despite",
    "According", "Officials", "One", "Two", "Three", "Such", "Yesterday", "Today", "Tomorrow",
    "Instead", "Indeed", "Nevertheless", "Moreover", "Furthermore", "Still",
];
static SENTENCE_STARTERS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(SENTENCE_STARTERS_LIST));

fn split_sentences(text: &str, start: usize, end: usize, paragraph: u32, out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let mut sent_start = start;
    let mut pos = start;
    while pos < end {
        let Some(i) = memchr::memchr3(b'.', b'!', b'?', &bytes[pos..end]) else {
            break;
        };
        let term = pos + i;
        // Extend over a run of terminators (`?!`, `...`) and closing quotes/brackets.
        let mut after = term + 1;
        while after < end && matches!(bytes[after], b'.' | b'!' | b'?') {
            after += 1;
        }
        while after < end && matches!(bytes[after], b'"' | b'\'' | b')' | b']') {
            after += 1;
        }
        pos = after;
        // A sentence ends only before whitespace.
        if after < end && !bytes[after].is_ascii_whitespace() {
            continue;
        }
        let next = next_word(text, after, end);
        if is_boundary(text, start, term, after, next) {
            push_trimmed(text, sent_start, after, paragraph, out);
            sent_start = after;
        }
    }
    push_trimmed(text, sent_start, end, paragraph, out);
}

/// The next word after `pos` (skipping whitespace and opening quotes), if any.
fn next_word(text: &str, pos: usize, end: usize) -> Option<&str> {
    let rest = text[pos..end].trim_start();
    let rest = rest.trim_start_matches(['"', '\'', '(', '[']);
    if rest.is_empty() {
        return None;
    }
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '\'' || c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    Some(&rest[..len])
}

/// Whether the terminator at `term` (its run ending at `after`) ends a sentence.
fn is_boundary(
    text: &str,
    para_start: usize,
    term: usize,
    after: usize,
    next: Option<&str>,
) -> bool {
    let Some(next) = next else {
        return true;
    };
    let first = next.chars().next().unwrap_or(' ');
    if first.is_lowercase() {
        return false;
    }
    let bytes = text.as_bytes();
    if bytes[term] != b'.' || after > term + 1 && bytes[term + 1] == b'.' {
        // `!`, `?` and an ellipsis end a sentence before anything but a lower-case word.
        return true;
    }
    // The word the period closes: back to the previous space.
    let word_start = text[para_start..term]
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .map_or(para_start, |i| para_start + i + 1);
    let word = &text[word_start..term];
    let word = word.trim_start_matches(['\'', '"', '(']);
    if word.is_empty() {
        return true;
    }
    let starts_digit = first.is_ascii_digit();
    if TITLE_ABBREVIATIONS.contains(&word) && (first.is_uppercase() || starts_digit) {
        return false;
    }
    if NUMBER_ABBREVIATIONS.contains(&word) && starts_digit {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // An initial: `W.` in `George W. Bush`.
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_alphabetic() && c.is_uppercase() {
            return false;
        }
    }
    // An initialism with inner periods: `U.S.`, `U.N.`, `a.m.`, `H.W.`, also when a missing
    // space glues it to the word before (`welcome.U.N. Security Council`).
    let short = |p: &&str| p.chars().count() <= 2;
    let initialism = match word.rsplit('.').position(|p| !short(&p)) {
        None => word.contains('.') && letters <= 4,
        Some(n) => {
            let tail = || word.rsplit('.').take(n);
            n >= 2
                && tail().all(|p| !p.is_empty())
                && tail().flat_map(str::chars).filter(|c| c.is_alphabetic()).count() <= 4
        }
    };
    if initialism {
        let starter = next.trim_end_matches(['.', '\'']);
        return SENTENCE_STARTERS.contains(&starter);
    }
    true
}

fn push_trimmed(text: &str, start: usize, end: usize, paragraph: u32, out: &mut Vec<Sentence>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail >= slice.len() {
        return;
    }
    out.push(Sentence { start: start + lead, end: end - trail, paragraph });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn news_abbreviations_do_not_split() {
        let cases: &[(&str, &[&str])] = &[
            (
                "U.S. Envoys Push for Hamas-Israel Hostage Deal",
                &["U.S. Envoys Push for Hamas-Israel Hostage Deal"],
            ),
            ("Mr. Blinken met Gen. Smith.", &["Mr. Blinken met Gen. Smith."]),
            ("He lives at No. 10 Downing Street.", &["He lives at No. 10 Downing Street."]),
            ("The Sept. 11 attacks changed it.", &["The Sept. 11 attacks changed it."]),
            ("The U.N. Security Council met.", &["The U.N. Security Council met."]),
            ("It starts at 10 a.m. Friday in Cairo.", &["It starts at 10 a.m. Friday in Cairo."]),
            ("President George W. Bush spoke.", &["President George W. Bush spoke."]),
            ("Growth was 3.5 percent. Prices rose.", &["Growth was 3.5 percent.", "Prices rose."]),
            ("in the U.S. Hamas officials said no.", &["in the U.S. Hamas officials said no."]),
            (
                "They met in the U.S. The talks failed.",
                &["They met in the U.S.", "The talks failed."],
            ),
            ("\"We will win.\" Then he left.", &["\"We will win.\"", "Then he left."]),
            ("\"Why?\" he asked. Nobody knew!", &["\"Why?\" he asked.", "Nobody knew!"]),
            ("Wait... The end.", &["Wait...", "The end."]),
            (
                "Sen. John McCain and Rep. Nancy Pelosi spoke on Jan. 5.",
                &["Sen. John McCain and Rep. Nancy Pelosi spoke on Jan. 5."],
            ),
            (
                "It was Lt. Col. Peter Jones. He left.",
                &["It was Lt. Col. Peter Jones.", "He left."],
            ),
            ("See www.example.com today. Then go.", &["See www.example.com today.", "Then go."]),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "{text}");
        }
    }

    #[test]
    fn initialism_glued_to_the_word_before() {
        // Found by the `extract` fuzz target: the period closed `welcome.U.N`, which was
        // not read as an initialism, and the sentence ended inside `U.N. Security Council`.
        assert_eq!(
            sentences("Hamas was not welcome.U.N. Security Council members met."),
            ["Hamas was not welcome.U.N. Security Council members met."]
        );
        assert_eq!(sentences("Kabul.U.S. The envoy left."), ["Kabul.U.S.", "The envoy left."]);
        assert_eq!(sentences("It ended.Ltd. Holdings fell."), ["It ended.Ltd.", "Holdings fell."]);
    }

    #[test]
    fn line_per_paragraph_layout() {
        let text = "Headline Without Period\nFirst para. Second sentence.\n\nSecond para.\n";
        let segs = segment(text);
        let got: Vec<(&str, u32)> =
            segs.iter().map(|s| (&text[s.start..s.end], s.paragraph)).collect();
        assert_eq!(
            got,
            [
                ("Headline Without Period", 0),
                ("First para.", 1),
                ("Second sentence.", 1),
                ("Second para.", 2)
            ]
        );
    }

    #[test]
    fn wrapped_layout_joins_lines() {
        let text = "Showers continued throughout the week in\n\
                    the Bahia cocoa zone, alleviating the drought since early\n\
                    January and improving prospects for the coming crop,\n\
                    Comissaria Smith said in its weekly review.\n    \
                    The dry period means the crop will be late this year.\n\
                    Arrivals for the week ended were 1,000 bags of 60 kilos\n\
                    making a cumulative total this season.\n";
        assert_eq!(detect_layout(text), Layout::Wrapped);
        let segs = segment(text);
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[0].paragraph, 0);
        assert!(text[segs[0].start..segs[0].end].ends_with("weekly review."));
        assert_eq!(segs[1].paragraph, 1);
        assert_eq!(segs[2].paragraph, 1);
    }

    #[test]
    fn seeds_layout() {
        let text = include_str!("../seeds/000_43092d01b0f6bc93.txt");
        assert_eq!(detect_layout(text), Layout::LinePerParagraph);
        let segs = segment(text);
        assert_eq!(
            &text[segs[0].start..segs[0].end],
            "U.S. Envoys Push for Hamas-Israel Hostage Deal as First Step Toward Gaza Ceasefire"
        );
        assert_eq!(segs[1].paragraph, 1);
        assert!(text[segs[1].start..segs[1].end]
            .starts_with("U.S. diplomatic envoys are currently in Cairo"));
    }

    #[test]
    fn empty_and_blank() {
        assert!(segment("").is_empty());
        assert!(segment("  \n\n \t\n").is_empty());
        assert_eq!(sentences("no final newline"), ["no final newline"]);
        assert_eq!(sentences("crlf line.\r\nnext line.\r\n"), ["crlf line.", "next line."]);
    }
}
