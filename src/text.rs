//! Making text safe to show: no control character, escape sequence, bidi
//! override or invisible character from a session file, a content file, a
//! file name or an error message ever reaches the terminal.
//!
//! There is one policy, [`replacement`], decided character by character.
//! [`clean`] and [`clean_line`] apply it for the terminal; [`clean_export`]
//! applies the same policy for documents (reports), where line breaks are
//! normalised and trailing space is trimmed.
//!
//! After cleaning, the width `unicode-width` gives a string is the sum of the
//! widths of its characters, and the only zero-width characters left are
//! combining marks, which terminals and ratatui draw on the previous cell.
//! So ratatui and the terminal agree on where every cell is, and no stale
//! cell is left beside an answer.

use std::borrow::Cow;

/// What happens to one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Shown as it is.
    Keep,
    /// A line break (`\n`, U+2028, U+2029): kept as `\n` in multi-line text,
    /// shown as `␊` on one line.
    Newline,
    /// Invisible and harmless (zero-width space, joiners, BOM, soft hyphen,
    /// variation selectors, emoji modifiers, tag characters, Hangul fillers): removed, since
    /// terminals disagree about its width.
    Drop,
    /// Shown as this visible stand-in.
    As(char),
}

/// The one policy for a character (see the module documentation).
fn replacement(c: char) -> Fate {
    let u = u32::from(c);
    match c {
        '\n' | '\u{2028}' | '\u{2029}' => Fate::Newline,
        '\t' => Fate::As(' '),
        // C0 controls as their "control picture" (ESC as ␛, BEL as ␇).
        _ if u < 0x20 => Fate::As(char::from_u32(0x2400 + u).unwrap_or('\u{FFFD}')),
        '\u{7f}' => Fate::As('\u{2421}'),
        // C1 controls (CSI 0x9b starts an escape sequence on some terminals).
        '\u{80}'..='\u{9f}' => Fate::As('\u{FFFD}'),
        // Zero-width and invisible format characters.
        '\u{00AD}'
        | '\u{115F}'
        | '\u{1160}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        // Emoji skin-tone modifiers: alone two columns wide, after an emoji
        // none on some terminals and two on others.
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{E0000}'..='\u{E0FFF}' => Fate::Drop,
        // Bidirectional marks, embeddings, overrides and isolates reorder how
        // text reads; the rest of the format characters (Cf) may draw as
        // nothing or as a glyph depending on the font: all shown as �.
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2065}'..='\u{206F}'
        | '\u{FFF0}'..='\u{FFF8}'
        | '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1345F}'
        | '\u{1D173}'..='\u{1D17A}' => Fate::As('\u{FFFD}'),
        _ => Fate::Keep,
    }
}

fn apply(text: &str, keep_newlines: bool, out: &mut String) {
    for c in text.chars() {
        match replacement(c) {
            Fate::Keep => out.push(c),
            Fate::Newline if keep_newlines => out.push('\n'),
            Fate::Newline => out.push('\u{240A}'),
            Fate::Drop => {}
            Fate::As(r) => out.push(r),
        }
    }
}

/// Make `text` safe for the terminal. C0 controls become their Unicode
/// control pictures (`␛` for ESC, `␇` for BEL, `␍` for CR), DEL becomes `␡`,
/// C1 controls, bidi controls and other format characters become `�`, tabs
/// become a space, and invisible zero-width characters (U+200B, U+200C,
/// U+200D, U+2060, U+FEFF, U+180E, variation selectors, ...) are removed.
/// Line breaks (`\n`, U+2028, U+2029) are kept as `\n` when `keep_newlines`
/// is set and shown as `␊` otherwise.
#[must_use]
pub fn clean(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let untouched = |c: char| match replacement(c) {
        Fate::Keep => true,
        Fate::Newline => keep_newlines && c == '\n',
        _ => false,
    };
    if text.chars().all(untouched) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    apply(text, keep_newlines, &mut out);
    Cow::Owned(out)
}

/// One line of text for the terminal: line breaks are shown as `␊`.
#[must_use]
pub fn clean_line(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// A path for the terminal, on one line. A name that is not valid UTF-8
/// shows `�` where its bytes are not.
#[must_use]
pub fn clean_path(path: &std::path::Path) -> String {
    clean_line(&path.to_string_lossy()).into_owned()
}

/// The same policy for documents (reports and exports): `\r\n` and a lone
/// `\r` become `\n`, every other character is treated as [`clean`] treats it
/// with line breaks kept, and trailing space on each line and blank lines at
/// the start and end are trimmed.
#[must_use]
pub fn clean_export(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        apply(&rest[..i], true, &mut out);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    apply(rest, true, &mut out);
    let trimmed: Vec<&str> = out.lines().map(str::trim_end).collect();
    trimmed.join("\n").trim_matches('\n').to_owned()
}

/// Show control characters as visible symbols while text is being edited:
/// like [`clean`] with line breaks kept, except that nothing is removed,
/// so each character typed has exactly one character on screen (zero-width
/// and format characters show as `·`-like stand-ins rather than nothing).
#[must_use]
pub fn visible_char(c: char) -> char {
    match replacement(c) {
        Fate::Keep => c,
        Fate::Newline => {
            if c == '\n' {
                '\n'
            } else {
                '\u{2424}'
            }
        }
        Fate::Drop => '\u{2423}',
        Fate::As(r) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

    #[test]
    fn escape_sequences_become_visible() {
        let s = clean("a\u{1b}[2Jb\u{7}c\u{9b}d", true);
        assert_eq!(s, "a\u{241b}[2Jb\u{2407}c\u{FFFD}d");
        assert!(!s.chars().any(char::is_control));
    }

    #[test]
    fn newlines_kept_or_shown() {
        assert_eq!(clean("a\nb", true), "a\nb");
        assert_eq!(clean("a\nb", false), "a\u{240a}b");
        assert_eq!(clean("a\u{2028}b\u{2029}c", true), "a\nb\nc");
        assert_eq!(clean("a\u{2028}b", false), "a\u{240a}b");
        assert_eq!(clean("a\tb", true), "a b");
        assert!(matches!(clean("plain ✓ 日本 é", true), Cow::Borrowed(_)));
    }

    #[test]
    fn zero_width_and_bidi_characters() {
        for c in [
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{180E}',
            '\u{00AD}',
            '\u{FE0F}',
            '\u{3164}',
            '\u{E0041}',
            '\u{1F3FD}',
        ] {
            assert_eq!(
                clean(&format!("a{c}b"), true),
                "ab",
                "U+{:04X}",
                u32::from(c)
            );
        }
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202E}', '\u{2067}', '\u{FFF9}',
        ] {
            assert_eq!(
                clean(&format!("a{c}b"), true),
                "a\u{FFFD}b",
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn export_policy_normalises_lines() {
        assert_eq!(clean_export("a\r\nb\rc  \n\n"), "a\nb\nc");
        assert_eq!(clean_export("\u{1b}[31mx\u{200B}y"), "\u{241b}[31mxy");
    }

    /// Marks that `unicode-width` knows as zero-width combining marks (and
    /// the Devanagari caret, which it draws on the previous cell) but that
    /// the older grapheme tables of `unicode-segmentation` do not: ratatui
    /// skips them as graphemes of their own, so they never reach a cell.
    const NEWER_MARKS: [std::ops::RangeInclusive<u32>; 13] = [
        0x5C8..=0x5C9,
        0xB53..=0xB54,
        0x1ADE..=0x1ADF,
        0x1AEC..=0x1AF0,
        0xA8FA..=0xA8FA,
        0x10ECB..=0x10ECF,
        0x10EF0..=0x10EF9,
        0x11DF0..=0x11DF0,
        0x1D127..=0x1D128,
        0x1D250..=0x1D252,
        0x1D25B..=0x1D25C,
        0x1D25F..=0x1D25F,
        0x1D280..=0x1D281,
    ];

    /// Every character of every plane: what survives has a width, and a
    /// zero-width survivor is a mark that joins a neighbouring cell (a
    /// combining mark, a prepended mark, a Hangul vowel or final jamo).
    #[test]
    fn every_survivor_has_an_agreed_width() {
        use unicode_segmentation::UnicodeSegmentation;
        let mut zero_width = 0;
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let s = format!("a{c}");
            let out = clean(&s, false);
            for d in out.chars() {
                let w = d.width();
                assert!(
                    w.is_some(),
                    "U+{:04X} survives without a width",
                    u32::from(c)
                );
                if w == Some(0) {
                    zero_width += 1;
                    let joins = [
                        format!("a{d}"),
                        format!("{d}a"),
                        format!("\u{1100}{d}"),
                        format!("\u{AC00}{d}"),
                    ]
                    .iter()
                    .any(|s| s.graphemes(true).count() == 1);
                    assert!(
                        joins || NEWER_MARKS.iter().any(|r| r.contains(&u32::from(d))),
                        "U+{:04X} survives with no width and joins no cell",
                        u32::from(d)
                    );
                }
            }
            assert_eq!(
                out.width(),
                out.chars()
                    .filter_map(UnicodeWidthChar::width)
                    .sum::<usize>(),
                "U+{:04X}",
                u32::from(c)
            );
        }
        // Combining marks are kept (é written as e + U+0301, for one).
        assert!(zero_width > 1000);
    }

    #[test]
    fn tricky_sequences_have_summed_widths() {
        for s in [
            "👨\u{200D}👩\u{200D}👧",
            "❤\u{FE0F}",
            "a\u{200B}\u{2028}b",
            "e\u{301}",
            "\u{1F1EC}\u{1F1E7}",
            "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
        ] {
            let out = clean(s, false);
            assert_eq!(
                out.width(),
                out.chars()
                    .filter_map(UnicodeWidthChar::width)
                    .sum::<usize>(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn visible_while_editing() {
        assert_eq!(visible_char('\u{1b}'), '\u{241b}');
        assert_eq!(visible_char('\u{7}'), '\u{2407}');
        assert_eq!(visible_char('\u{200B}'), '\u{2423}');
        assert_eq!(visible_char('x'), 'x');
    }
}
