//! The summary's sentences folded to the width its tables keep to.

use unicode_width::UnicodeWidthStr;

/// `text` with every line of prose wider than `width` folded at spaces, each continuation
/// indented two spaces further. A line of a table (its columns apart by two spaces or more)
/// is left whole: folding it would break its columns.
pub(super) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let indent = body.len() - body.trim_start_matches(' ').len();
        if body.width() <= width || body[indent..].contains("  ") {
            out.push_str(line);
            continue;
        }
        let hanging = " ".repeat(indent + 2);
        let mut used = 0;
        out.push_str(&body[..indent]);
        used += indent;
        let mut first = true;
        for word in body[indent..].split(' ') {
            let w = word.width();
            if !first && used + 1 + w > width {
                out.push('\n');
                out.push_str(&hanging);
                used = hanging.len();
            } else if !first {
                out.push(' ');
                used += 1;
            }
            out.push_str(word);
            used += w;
            first = false;
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_folds_and_tables_stay_whole() {
        let text = "  one two three four five six\n  a  b  c  d  e  f  g  h  i\nshort\n";
        assert_eq!(
            wrap(text, 14),
            "  one two\n    three four\n    five six\n  a  b  c  d  e  f  g  h  i\nshort\n"
        );
        // A word longer than the width stays whole on its own line.
        assert_eq!(wrap("ab cdefghij", 4), "ab\n  cdefghij");
    }
}
