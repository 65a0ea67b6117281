//! Text for XML 1.0 documents (GEXF, GraphML).
//!
//! Two things can go wrong with text in XML, and escaping fixes only the first:
//!
//! - Markup characters: `&`, `<`, `>` and `"` become entities, so a label can never end
//!   an attribute or open an element (`]]>` is harmless once `>` is `&gt;`). Tab, line
//!   feed and carriage return become character references (`&#9;`, `&#10;`, `&#13;`):
//!   written raw, a parser turns them into spaces inside attribute values and CR LF into
//!   LF in text.
//! - Characters XML 1.0 forbids outright: the C0 controls other than tab, LF and CR, and
//!   U+FFFE and U+FFFF. No escape makes them legal (even `&#7;` is an error), so they are
//!   replaced by U+FFFD, the replacement character: the reader sees that something was
//!   there. Surrogates cannot occur in a Rust string.

use std::borrow::Cow;

/// The character written in place of one XML 1.0 cannot hold.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether XML 1.0 allows `c` in a document (the `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// `s` with every character XML 1.0 forbids replaced by [`REPLACEMENT`]: what an XML
/// reader will see once [`escape`]d text is parsed.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(|c| if is_xml_char(c) { c } else { REPLACEMENT }).collect())
    }
}

/// Escapes `s` for a double-quoted attribute value or for element text: markup as
/// entities, tab/LF/CR as character references, forbidden characters replaced.
pub fn escape(s: &str) -> Cow<'_, str> {
    let clean =
        |c: char| is_xml_char(c) && !matches!(c, '&' | '<' | '>' | '"' | '\t' | '\n' | '\r');
    if s.chars().all(clean) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !is_xml_char(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape("plain é 中文"), "plain é 中文");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("A & B <C> \"q\" 'a' ]]> \\"),
            "A &amp; B &lt;C&gt; &quot;q&quot; 'a' ]]&gt; \\"
        );
    }

    #[test]
    fn whitespace_survives_attribute_normalisation() {
        assert_eq!(escape("a\nb\r\nc\td"), "a&#10;b&#13;&#10;c&#9;d");
    }

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(
            escape("a\u{0}b\u{7}c\u{1b}d\u{FFFE}\u{FFFF}e"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}\u{FFFD}e"
        );
        assert_eq!(sanitize("a\u{7}\nb"), "a\u{FFFD}\nb");
        // Legal though unusual: DEL, C1 controls, bidi controls, non-BMP, U+FFFD itself.
        for ok in ['\u{7f}', '\u{85}', '\u{202E}', '\u{1F600}', '\u{FFFD}', '\u{10FFFF}'] {
            assert!(is_xml_char(ok), "{ok:?}");
            assert_eq!(escape(&ok.to_string()), ok.to_string());
        }
        for bad in ['\u{0}', '\u{8}', '\u{b}', '\u{c}', '\u{e}', '\u{1f}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(!is_xml_char(bad), "{bad:?}");
        }
    }
}
