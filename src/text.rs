//! Making user text safe to show: no control characters or escape sequences
//! from a session file ever reach the terminal.

use std::borrow::Cow;

/// Replace control characters with visible stand-ins: C0 controls become
/// the Unicode "control picture" (`␛` for ESC), DEL becomes `␡`, and C1
/// controls and bidirectional overrides become `�`. Newlines are kept when
/// `keep_newlines` is set; tabs become a space.
#[must_use]
pub fn clean(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_cleaning(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if !needs_cleaning(c, keep_newlines) {
                    c
                } else if c == '\t' {
                    ' '
                } else if (c as u32) < 0x20 {
                    char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')
                } else if c == '\u{7f}' {
                    '\u{2421}'
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
    )
}

/// One line: newlines are shown as `⏎`-free spaces would lose meaning, so
/// they become the control picture `␤`.
#[must_use]
pub fn clean_line(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

fn needs_cleaning(c: char, keep_newlines: bool) -> bool {
    if c == '\n' {
        return !keep_newlines;
    }
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(clean("a\tb", true), "a b");
        assert!(matches!(clean("plain ✓ 日本", true), Cow::Borrowed(_)));
    }
}
