//! Invariants every extraction must hold, whatever the text. Shared by the property tests
//! (`tests/properties.rs`, `tests/regressions.rs`) and the fuzz targets (`fuzz/`), which
//! include this file by path.

use actorgraph::{Document, Extraction};

/// Checks that the mentions and sentences of `x` are consistent with `doc.text`:
///
/// - every mention's `start <= end`, both on char boundaries, `text[start..end]` non-empty;
/// - mentions in text order;
/// - every mention's sentence exists, its paragraph is that sentence's, and its span lies
///   within the sentence's span;
/// - sentences on char boundaries, non-empty, sorted and non-overlapping, with
///   non-decreasing paragraph indexes below `x.paragraphs`, and `x.paragraphs` the last
///   sentence's paragraph + 1 (0 without sentences).
pub fn check_extraction(doc: &Document, x: &Extraction) -> Result<(), String> {
    let text = doc.text.as_str();
    let span_ok = |start: usize, end: usize| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    let mut previous_end = 0;
    let mut previous_paragraph = 0;
    for (i, s) in x.sentences.iter().enumerate() {
        if !span_ok(s.start, s.end) {
            return Err(format!("sentence {i} {s:?} is not a span of the text"));
        }
        if s.start == s.end {
            return Err(format!("sentence {i} {s:?} is empty"));
        }
        if i > 0 && s.start < previous_end {
            return Err(format!(
                "sentence {i} {s:?} overlaps the one before (ends {previous_end})"
            ));
        }
        if s.paragraph < previous_paragraph {
            return Err(format!("sentence {i} {s:?} goes back a paragraph"));
        }
        if s.paragraph >= x.paragraphs {
            return Err(format!("sentence {i} {s:?} is beyond {} paragraphs", x.paragraphs));
        }
        previous_end = s.end;
        previous_paragraph = s.paragraph;
    }
    let paragraphs = x.sentences.last().map_or(0, |s| s.paragraph + 1);
    if x.paragraphs != paragraphs {
        return Err(format!("{} paragraphs, the sentences say {paragraphs}", x.paragraphs));
    }
    let mut previous_start = 0;
    for (i, m) in x.mentions.iter().enumerate() {
        let what = || format!("mention {i} of {} at {}..{}", m.actor.id, m.start, m.end);
        if !span_ok(m.start, m.end) {
            return Err(format!("{} is not a span of the text", what()));
        }
        if m.start == m.end {
            return Err(format!("{} is empty", what()));
        }
        if m.start < previous_start {
            return Err(format!("{} is before the mention before it", what()));
        }
        previous_start = m.start;
        let Some(s) = x.sentences.get(m.sentence as usize) else {
            return Err(format!(
                "{} is in sentence {} of {}",
                what(),
                m.sentence,
                x.sentences.len()
            ));
        };
        if m.paragraph != s.paragraph {
            return Err(format!(
                "{} has paragraph {}, its sentence {}",
                what(),
                m.paragraph,
                s.paragraph
            ));
        }
        if m.start < s.start || m.end > s.end {
            return Err(format!(
                "{} ({:?}) is outside its sentence {}..{} ({:?})",
                what(),
                &text[m.start..m.end],
                s.start,
                s.end,
                &text[s.start..s.end]
            ));
        }
    }
    Ok(())
}
