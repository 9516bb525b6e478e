//! The summary's tables, laid out by comfy-table within a width (100 columns, or the
//! terminal's). Scenario text in a cell (a task's id or name, a risk, a milestone, a plan) is
//! escaped first and then, when the table would be too wide, cut to fit with an ellipsis
//! between two characters as shown: an escape such as `\x1b` is kept whole or left out,
//! never cut in two.

use std::fmt::Write;

use comfy_table::presets::NOTHING;
use comfy_table::{CellAlignment, ContentArrangement, Table};
use unicode_width::UnicodeWidthStr;

use super::escape::push_escaped;

/// The narrowest a column of names is cut to, however narrow the width.
const MIN_NAME_WIDTH: usize = 12;
/// Spaces before every line of a table.
const INDENT: usize = 2;
/// Spaces between two columns.
const GAP: usize = 2;

/// A table of the summary: a header and rows; the columns in `left` are aligned left (the
/// names, the first column by default), the others right (the figures).
pub(super) struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    left: Vec<usize>,
    /// Columns of scenario text that may be cut to fit the width.
    names: Vec<usize>,
}

impl Grid {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Grid {
        Grid {
            header: header.iter().map(|h| shown(h.as_ref())).collect(),
            rows: Vec::new(),
            left: vec![0],
            names: vec![0],
        }
    }

    /// The columns aligned left.
    pub fn left(mut self, left: &[usize]) -> Grid {
        self.left = left.to_vec();
        self
    }

    /// The columns of scenario text, cut to fit the width (the first column by default).
    pub fn names(mut self, names: &[usize]) -> Grid {
        self.names = names.to_vec();
        self
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.rows
            .push(cells.iter().map(|c| shown(c.as_ref())).collect());
    }

    /// The table, one line per row, each indented and at most `width` columns wide unless
    /// the figures alone need more.
    pub fn render(&self, width: usize) -> String {
        let columns = self
            .rows
            .iter()
            .chain([&self.header])
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return String::new();
        }
        let mut widths = vec![0; columns];
        for row in self.rows.iter().chain([&self.header]) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        // Cut the widest column of names, one character at a time, until the table fits.
        let total = |widths: &[usize]| INDENT + widths.iter().sum::<usize>() + GAP * (columns - 1);
        while total(&widths) > width {
            let Some(&widest) = self
                .names
                .iter()
                .filter(|&&c| c < columns && widths[c] > MIN_NAME_WIDTH)
                .max_by_key(|&&c| widths[c])
            else {
                break;
            };
            widths[widest] -= 1;
        }
        let mut table = Table::new();
        table
            .load_style(NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled);
        let cut = |row: &[String]| -> Vec<String> {
            row.iter()
                .enumerate()
                .map(|(c, cell)| {
                    if self.names.contains(&c) {
                        fit(cell, widths[c])
                    } else {
                        cell.clone()
                    }
                })
                .collect()
        };
        table.set_header(cut(&self.header));
        for row in &self.rows {
            table.add_row(cut(row));
        }
        for (c, column) in table.column_iter_mut().enumerate() {
            column.set_padding((0, if c + 1 < columns { GAP as u16 } else { 0 }));
            column.set_cell_alignment(if self.left.contains(&c) {
                CellAlignment::Left
            } else {
                CellAlignment::Right
            });
        }
        let mut out = String::new();
        for line in table.lines() {
            let _ = writeln!(out, "{:INDENT$}{}", "", line.trim_end());
        }
        out
    }
}

/// `text` as the terminal is to show it: every control character (line breaks and tabs too,
/// which would break the row) as its escape.
fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Shown text (escapes already written out) cut to at most `width` columns with an ellipsis,
/// never inside an escape.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for piece in pieces(text) {
        let w = piece.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(piece);
        used += w;
    }
    out.push('…');
    out
}

/// Shown text split into what cannot be cut: an escape (`\x1b`, `\u{9b}`) or one character.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let len = if first == '\\' {
            escape_len(rest)
        } else {
            first.len_utf8()
        };
        let (piece, tail) = rest.split_at(len);
        rest = tail;
        Some(piece)
    })
}

/// The length in bytes of the escape `text` starts with (`\x1b`, `\u{9b}`), or 1 for a plain
/// backslash.
fn escape_len(text: &str) -> usize {
    let b = text.as_bytes();
    let hex = |i: usize| b.get(i).is_some_and(u8::is_ascii_hexdigit);
    if b.get(1) == Some(&b'x') && hex(2) && hex(3) {
        return 4;
    }
    if b.get(1) == Some(&b'u') && b.get(2) == Some(&b'{') {
        let digits = b[3..].iter().take_while(|d| d.is_ascii_hexdigit()).count();
        if digits > 0 && b.get(3 + digits) == Some(&b'}') {
            return 4 + digits;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(name: &str) -> Grid {
        let mut g = Grid::new(&["", "criticality", "P50"]);
        g.row(&[name, "100.0%", "5.0"]);
        g.row(&["short", "2.0%", "12.5"]);
        g
    }

    #[test]
    fn columns_line_up_and_figures_align_right() {
        let text = grid("scope").render(100);
        assert_eq!(
            text,
            "         criticality   P50\n  scope       100.0%   5.0\n  short         2.0%  12.5\n"
        );
    }

    #[test]
    fn a_long_name_is_cut_with_an_ellipsis_to_keep_the_width() {
        let name = "n".repeat(200);
        let text = grid(&name).render(60);
        for line in text.lines() {
            assert!(line.width() <= 60, "{line:?}");
        }
        assert!(text.contains('…'), "{text}");
        // The figures keep their columns.
        let ends: Vec<usize> = text.lines().map(|l| l.width()).collect();
        assert!(ends.iter().all(|&e| e == ends[0]), "{text}");
        // Wide enough: nothing is cut.
        assert!(!grid("scope").render(60).contains('…'));
    }

    #[test]
    fn a_cut_never_splits_an_escape() {
        // ESC, a tab and a C1 control around the place where the column is cut.
        for offset in 0..8 {
            let name = format!(
                "{}\u{1b}]0;x\u{7}\t\u{9b}{}",
                "a".repeat(offset),
                "b".repeat(40)
            );
            let text = grid(&name).render(40);
            let first = text.lines().nth(1).expect("a row");
            assert!(first.width() <= 40, "{first:?}");
            assert!(!first.chars().any(char::is_control), "{first:?}");
            let cell = first.split('…').next().expect("cut");
            let tail = cell.rsplit('\\').next().unwrap_or("");
            // What follows the last backslash is a whole escape, or there is none.
            assert!(
                !cell.contains('\\')
                    || tail.starts_with("x1b")
                    || tail.starts_with("x07")
                    || tail.starts_with("x09")
                    || tail.starts_with("u{9b}"),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn fit_keeps_escapes_whole() {
        assert_eq!(fit("ab\\x1bcd", 5), "ab…");
        assert_eq!(fit("ab\\x1bcd", 7), "ab\\x1b…");
        assert_eq!(fit("a\\u{9b}bcdef", 8), "a\\u{9b}…");
        assert_eq!(fit("a\\u{9b}bcdef", 7), "a…");
        assert_eq!(fit("short", 5), "short");
        assert_eq!(fit("日本語のタスク", 7), "日本語…");
    }
}
