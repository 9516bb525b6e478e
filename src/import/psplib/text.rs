//! The words and lines of a `.sm` file, each with its byte offset, so that every error the
//! reader finds can name the line it is on; and the resource headers those lines spell.

use std::ops::Range;

use super::Kind;

/// The lines of `text`, with their offsets.
pub(super) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches(['\n', '\r']);
        lines.push(Line { start, text: body });
        start += piece.len();
    }
    lines
}

/// A whitespace-separated word of a line and its byte range in the file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    pub text: &'a str,
    /// Byte offset of the word's first character in the file.
    pub start: usize,
}

impl Token<'_> {
    pub fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }
}

/// A line of the file, without its line break.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// Byte offset of the line's first character.
    pub start: usize,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// The line's words.
    pub fn tokens(&self) -> Vec<Token<'a>> {
        let mut out = Vec::new();
        let mut word: Option<usize> = None;
        for (i, c) in self.text.char_indices().chain([(self.text.len(), ' ')]) {
            match (c.is_whitespace(), word) {
                (true, Some(w)) => {
                    out.push(Token {
                        text: &self.text[w..i],
                        start: self.start + w,
                    });
                    word = None;
                }
                (false, None) => word = Some(i),
                _ => {}
            }
        }
        out
    }

    pub fn trimmed(&self) -> &'a str {
        self.text.trim()
    }
}

/// A line made only of `c` (at least three), e.g. the `****` between sections.
pub(super) fn is_rule(line: &Line, c: char) -> bool {
    let t = line.trimmed();
    t.len() >= 3 && t.chars().all(|x| x == c)
}

/// A line that opens the next section (`NAME:` in capitals).
pub(super) fn starts_section(line: &Line) -> bool {
    let t = line.trimmed();
    t.ends_with(':') && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// `R 1  R 2  N 1` (or `R1 R2 N1`) as names and kinds.
pub(super) fn resource_names(tokens: &[Token]) -> Option<Vec<(String, Kind)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].text;
        let (letter, number) = if t.chars().all(|c| c.is_ascii_alphabetic()) {
            let next = tokens.get(i + 1)?.text;
            i += 2;
            (t, next)
        } else {
            let split = t.find(|c: char| c.is_ascii_digit())?;
            i += 1;
            (&t[..split], &t[split..])
        };
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let kind = match letter.to_ascii_uppercase().as_str() {
            "R" => Kind::Renewable,
            "N" => Kind::Nonrenewable,
            "D" => Kind::DoublyConstrained,
            _ => return None,
        };
        out.push((format!("{}{number}", letter.to_ascii_uppercase()), kind));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_offsets() {
        let line = Line {
            start: 10,
            text: "  12   3\t4",
        };
        let t: Vec<(usize, &str)> = line.tokens().iter().map(|t| (t.start, t.text)).collect();
        assert_eq!(t, vec![(12, "12"), (17, "3"), (19, "4")]);
    }

    #[test]
    fn lines_keep_their_offsets_and_lose_their_breaks() {
        let l: Vec<(usize, &str)> = lines("ab\r\n\ncd")
            .iter()
            .map(|l| (l.start, l.text))
            .collect();
        assert_eq!(l, vec![(0, "ab"), (4, ""), (5, "cd")]);
    }

    #[test]
    fn resource_headers_in_both_spellings() {
        let line = Line {
            start: 0,
            text: "  R 1  R 2  N1 D 3",
        };
        let names = resource_names(&line.tokens()).unwrap();
        assert_eq!(
            names,
            vec![
                ("R1".into(), Kind::Renewable),
                ("R2".into(), Kind::Renewable),
                ("N1".into(), Kind::Nonrenewable),
                ("D3".into(), Kind::DoublyConstrained),
            ]
        );
        let bad = Line {
            start: 0,
            text: "R 1 X 2",
        };
        assert!(resource_names(&bad.tokens()).is_none());
    }
}
