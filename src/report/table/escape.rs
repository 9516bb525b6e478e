//! Text bound for a terminal. Scenario text (task ids and names, milestones, roles, plans,
//! file names) can hold control characters, and an escape sequence printed raw can retitle the
//! window, clear the screen or rewrite what came before. Everything riskplan prints to the
//! terminal (the summary, `check`, warnings, errors) goes through [`escape`]; the files it
//! writes (JSON, CSV, HTML) have their own escaping.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character but a line break and a tab (C0, DEL and C1) written
/// as a visible escape: ESC as `\x1b`, BEL as `\x07`, U+009B as `\u{9b}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_raw) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_raw(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes control character `c` as its visible escape: `\x1b` for an ASCII one, `\u{9b}`
/// otherwise.
pub(super) fn push_escaped(out: &mut String, c: char) {
    if c.is_ascii() {
        let _ = write!(out, "\\x{:02x}", c as u32);
    } else {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    }
}

/// A character a terminal may act on rather than show: Unicode's controls (U+0000 to U+001F,
/// U+007F to U+009F), less the line break and the tab that riskplan's own output lays out with.
fn is_raw(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(
            escape("task \x1b]0;pwned\x07 done"),
            "task \\x1b]0;pwned\\x07 done"
        );
        assert_eq!(escape("a\rb\x00c\x7fd"), "a\\x0db\\x00c\\x7fd");
        // C1: CSI (U+009B) and OSC (U+009D) act like ESC [ and ESC ] on some terminals.
        assert_eq!(escape("\u{9b}2J\u{9d}0;x"), "\\u{9b}2J\\u{9d}0;x");
        assert_eq!(escape("\u{80}\u{9f}"), "\\u{80}\\u{9f}");
    }

    #[test]
    fn printable_text_and_layout_pass_unchanged() {
        let text = "Plan: 3 tasks\n  build\t12.0 days, café, 日本, \u{a0}€ \u{a0}";
        assert!(matches!(escape(text), Cow::Borrowed(t) if t == text));
        assert_eq!(escape(""), "");
    }
}
