//! Normalisation: one spelling for the punctuation news text writes many ways.
//!
//! Scraped news mixes curly and straight apostrophes (`Blinken’s`), non-breaking and thin
//! spaces, five kinds of dash and invisible characters (soft hyphens, zero-width spaces,
//! bidi controls). The matcher should see one form of each, but every offset we report must
//! point into the text *as read*, so [`Normalized`] keeps both and maps offsets back.
//!
//! Text that needs no change (most English news) is borrowed, not copied, and maps offsets
//! by identity.

use std::borrow::Cow;

/// The punctuation a character is folded to, if it is one of the variants we unify:
/// curly single quotes and primes to `'`, curly double quotes and guillemets to `"`, dashes
/// and the minus sign to `-`, Unicode spaces to a plain space, line and paragraph
/// separators to a newline.
pub fn fold_punctuation(ch: char) -> Option<char> {
    Some(match ch {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{FF07}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{FF02}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => ' ',
        '\u{2028}' | '\u{2029}' | '\u{0085}' => '\n',
        _ => return None,
    })
}

/// Characters that are dropped: soft hyphen, zero-width spaces and joiners, the byte-order
/// mark, and bidirectional controls (which can also be used to disguise text).
pub fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// Whether `ch` is part of a word: a letter or digit in any script. Hyphens, apostrophes
/// and periods are not, so `Hamas-Israel`, `Israel's` and `U.S.-brokered` split into
/// words at them.
#[inline]
pub fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric()
}

/// Document text with punctuation folded, and the way back to the original offsets.
#[derive(Clone, Debug)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    /// `(normalised offset, original offset)` at every place the two stop moving together,
    /// sorted. Empty when the text was borrowed unchanged.
    points: Vec<(usize, usize)>,
}

impl<'a> Normalized<'a> {
    /// Normalises `original`. Cost is one pass; no allocation when nothing changes.
    pub fn new(original: &'a str) -> Normalized<'a> {
        // Every character we change is non-ASCII and starts with one of a few lead bytes
        // (0xC2 for no-break space, soft hyphen, guillemets; 0xE2 for curly quotes, dashes,
        // Unicode spaces, bidi controls; 0xD8, 0xE1, 0xE3 and 0xEF for the rest), so text
        // without those bytes is returned as is: a fast scan, no allocation.
        let bytes = original.as_bytes();
        let first_lead = |from: usize| {
            let a = memchr::memchr3(0xC2, 0xE2, 0xEF, &bytes[from..]);
            let b = memchr::memchr3(0xD8, 0xE1, 0xE3, &bytes[from..]);
            match (a, b) {
                (Some(x), Some(y)) => Some(from + x.min(y)),
                (x, y) => x.or(y).map(|i| from + i),
            }
        };
        let mut first = None;
        let mut from = 0;
        while let Some(i) = first_lead(from) {
            let ch = original[i..].chars().next().unwrap_or(' ');
            if fold_punctuation(ch).is_some() || is_invisible(ch) {
                first = Some(i);
                break;
            }
            from = i + 1;
        }
        let Some(first) = first else {
            return Normalized { text: Cow::Borrowed(original), points: vec![] };
        };
        let mut text = String::with_capacity(original.len());
        let mut points = vec![];
        text.push_str(&original[..first]);
        for (i, ch) in original[first..].char_indices() {
            let orig = first + i;
            if ch.is_ascii() {
                text.push(ch);
            } else if let Some(folded) = fold_punctuation(ch) {
                points.push((text.len(), orig));
                text.push(folded);
                points.push((text.len(), orig + ch.len_utf8()));
            } else if is_invisible(ch) {
                points.push((text.len(), orig));
                points.push((text.len(), orig + ch.len_utf8()));
            } else {
                text.push(ch);
            }
        }
        Normalized { text: Cow::Owned(text), points }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps the start of a span in the normalised text to the original text. A start just
    /// after a removed character maps after it.
    pub fn original_start(&self, pos: usize) -> usize {
        if self.points.is_empty() {
            return pos;
        }
        let i = self.points.partition_point(|&(n, _)| n <= pos);
        if i == 0 {
            return pos;
        }
        let (n, o) = self.points[i - 1];
        o + (pos - n)
    }

    /// Maps the end of a span in the normalised text to the original text. An end just
    /// before a removed character maps before it.
    pub fn original_end(&self, pos: usize) -> usize {
        if self.points.is_empty() {
            return pos;
        }
        let i = self.points.partition_point(|&(n, _)| n < pos);
        if let Some(&(n, o)) = self.points.get(i) {
            if n == pos {
                return o;
            }
        }
        if i == 0 {
            return pos;
        }
        let (n, o) = self.points[i - 1];
        o + (pos - n)
    }
}

/// A fixed set of words, for the word lists the rules consult on every mention: a hash
/// lookup instead of a scan of a few hundred strings.
#[derive(Debug)]
pub struct WordSet(rustc_hash::FxHashSet<&'static str>);

impl WordSet {
    /// The set of `words`.
    pub fn new(words: &[&'static str]) -> WordSet {
        WordSet(words.iter().copied().collect())
    }

    /// Whether `word` is in the set (takes `&&str` so call sites read like a slice's).
    #[inline]
    pub fn contains(&self, word: &&str) -> bool {
        self.0.contains(*word)
    }
}

/// The character that starts at byte `pos` of `text`, if `pos` is in range and on a
/// character boundary.
#[inline]
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

/// The character that ends at byte `pos` of `text`.
#[inline]
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|s| s.chars().next_back())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_borrowed() {
        let n = Normalized::new("Hamas and Israel");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.original_start(6), 6);
    }

    #[test]
    fn non_ascii_letters_alone_are_borrowed() {
        let n = Normalized::new("Erdoğan and Côte d'Ivoire");
        assert!(matches!(n.text, Cow::Borrowed(_)));
    }

    #[test]
    fn folds_and_maps_back() {
        let original = "Blinken\u{2019}s envoy\u{00A0}said \u{201C}Hamas\u{201D} \u{2014} Israel\u{200B}\u{200F}.";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "Blinken's envoy said \"Hamas\" - Israel.");
        let norm = n.as_str();
        for word in ["Blinken", "s", "envoy", "said", "Hamas", "Israel"] {
            let start = norm.find(word).unwrap();
            let end = start + word.len();
            let (s, e) = (n.original_start(start), n.original_end(end));
            assert_eq!(&original[s..e], word, "{word}");
        }
        // A span covering folded punctuation maps to the original characters.
        let q = norm.find('"').unwrap();
        assert_eq!(&original[n.original_start(q)..n.original_end(q + 1)], "\u{201C}");
    }

    #[test]
    fn word_chars_are_unicode_aware() {
        assert!(is_word_char('ğ'));
        assert!(is_word_char('7'));
        assert!(is_word_char('ب'));
        for c in ['-', '\'', '.', ' ', '\u{2019}'] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }
}
