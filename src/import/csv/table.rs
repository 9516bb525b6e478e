//! A CSV file as a table of text cells, each row knowing where it starts in the file, with
//! the header looked up by name whatever its case. Trackers' exports repeat a column once per
//! value (Jira's `Labels`, `Outward issue link (Blocks)`), so a name may stand for several
//! columns; every reader of a CSV layout asks its questions through this one table.

use std::collections::{BTreeMap, HashSet};

use crate::error::{Error, Result};
use crate::model::did_you_mean;
use crate::scenario::Source;

/// The rows of a CSV file under its header.
pub(crate) struct Table<'s> {
    pub source: &'s Source,
    /// The layout's name in messages (`task CSV`, `Jira CSV`, `Asana CSV`).
    pub layout: &'static str,
    /// What a row stands for in messages (`task`, `issue`).
    pub noun: &'static str,
    /// The column names as written, trimmed.
    pub headers: Vec<String>,
    /// The rows after the header that have at least one non-empty cell.
    pub rows: Vec<Row>,
}

/// One record of the file.
pub(crate) struct Row {
    /// Byte offset of the record's first character: what error messages locate.
    pub at: usize,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell of column `col`, trimmed; `None` when the column is absent or the cell empty.
    pub fn get(&self, col: Option<usize>) -> Option<&str> {
        let cell = self.cells.get(col?)?.trim();
        (!cell.is_empty()).then_some(cell)
    }

    /// The non-empty cells of several columns (a repeated column), in order.
    pub fn all<'r>(&'r self, cols: &[usize]) -> Vec<&'r str> {
        cols.iter().filter_map(|&c| self.get(Some(c))).collect()
    }
}

impl<'s> Table<'s> {
    /// Reads `source` as CSV: the first record is the header. A byte-order mark before the
    /// header is dropped; blank rows are skipped.
    pub fn read(source: &'s Source, layout: &'static str, noun: &'static str) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(source.text.as_bytes());
        let mut headers = None;
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let at = e.position().map(|p| p.byte() as usize).unwrap_or(0);
                Error::Syntax {
                    location: source.locate(at),
                    message: format!("not a readable {layout}: {e}"),
                }
            })?;
            let at = record.position().map(|p| p.byte() as usize).unwrap_or(0);
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            if headers.is_none() {
                headers = Some(
                    cells
                        .iter()
                        .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
                        .collect(),
                );
                continue;
            }
            if cells.iter().any(|c| !c.trim().is_empty()) {
                rows.push(Row { at, cells });
            }
        }
        let Some(headers) = headers else {
            return Err(Error::Syntax {
                location: source.locate(0),
                message: format!("the {layout} is empty: it has no header row"),
            });
        };
        Ok(Table {
            source,
            layout,
            noun,
            headers,
            rows,
        })
    }

    /// The first column called `name` (see [`same_name`]).
    pub fn find(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| same_name(h, name))
    }

    /// Every column called `name` (see [`same_name`]), in order.
    pub fn find_all(&self, name: &str) -> Vec<usize> {
        (0..self.headers.len())
            .filter(|&i| same_name(&self.headers[i], name))
            .collect()
    }

    /// The column `name`, or an error naming it, the columns the file has and the closest.
    pub fn require(&self, name: &str) -> Result<usize> {
        self.find(name).ok_or_else(|| self.missing(&[name]))
    }

    /// The error of a file that lacks every one of the columns `wanted`.
    pub fn missing(&self, wanted: &[&str]) -> Error {
        let lower: Vec<String> = self.headers.iter().map(|h| h.to_lowercase()).collect();
        let suggestion = wanted
            .iter()
            .find_map(|w| did_you_mean(&w.to_lowercase(), lower.iter().map(String::as_str)))
            .and_then(|low| lower.iter().position(|l| *l == low))
            .map(|i| self.headers[i].clone());
        let names: Vec<String> = wanted.iter().map(|w| format!("`{w}`")).collect();
        let found: Vec<String> = self.headers.iter().map(|h| format!("`{h}`")).collect();
        let mut message = format!(
            "the {} has no {} column; its columns are: {}",
            self.layout,
            names.join(" or "),
            if found.is_empty() {
                "(none)".to_string()
            } else {
                found.join(", ")
            }
        );
        if let Some(s) = suggestion {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        Error::Syntax {
            location: self.source.locate(0),
            message,
        }
    }

    /// An error about the row `row` whose id is `id`: the file, the row's line, the id.
    pub fn fail(&self, row: &Row, id: &str, message: impl std::fmt::Display) -> Error {
        self.source.invalid_task(
            row.at..row.at,
            id,
            format!("{} `{id}`: {message}", self.noun),
        )
    }

    /// The cells of `row` in the columns not in `used`, by column name (`rename` turns a
    /// header into the field's name); a repeated column's values are joined with `, `.
    pub fn fields(
        &self,
        row: &Row,
        used: &HashSet<usize>,
        rename: impl Fn(&str) -> String,
    ) -> BTreeMap<String, String> {
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        for (i, header) in self.headers.iter().enumerate() {
            if used.contains(&i) || header.is_empty() {
                continue;
            }
            if let Some(value) = row.get(Some(i)) {
                // A repeated column is named as it is first written.
                let first = self.find(header).unwrap_or(i);
                fields
                    .entry(rename(&self.headers[first]))
                    .and_modify(|v| {
                        v.push_str(", ");
                        v.push_str(value);
                    })
                    .or_insert_with(|| value.to_string());
            }
        }
        fields
    }
}

/// Whether two column names are the same whatever their case, a space, `-` and `_` being
/// the same character (`Depends On`, `depends-on` and `depends_on` are one column).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let norm = |c: char| match c {
        ' ' | '-' => '_',
        c => c.to_ascii_lowercase(),
    };
    a.chars().map(norm).eq(b.chars().map(norm))
}

/// The names in the header row (the first line) of `text`, lower-cased, for recognising a
/// layout from the start of a file; a header cut short gives the names it has.
pub(crate) fn header_names(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    match reader.records().next() {
        Some(Ok(record)) => record.iter().map(|c| c.trim().to_lowercase()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            path: "t.csv".into(),
            text: text.into(),
        }
    }

    #[test]
    fn rows_know_their_line_and_repeated_columns_are_all_found() {
        let s = source("\u{feff}Key,Label,label\na,\"x\ny\",z\n\n,,\nb,,w\n");
        let t = Table::read(&s, "test CSV", "row").unwrap();
        assert_eq!(t.headers, ["Key", "Label", "label"]);
        assert_eq!(t.rows.len(), 2, "blank rows are skipped");
        assert_eq!(s.locate(t.rows[1].at).line, 6);
        assert_eq!(t.find("KEY"), Some(0));
        assert!(same_name("Depends On", "depends_on") && same_name("a-b", "A B"));
        assert!(!same_name("ab", "a_b"));
        assert_eq!(t.find_all("LABEL"), [1, 2]);
        assert_eq!(t.rows[0].all(&[1, 2]), ["x\ny", "z"]);
        assert_eq!(t.rows[1].all(&[1, 2]), ["w"]);
        let used = HashSet::from([0]);
        let fields = t.fields(&t.rows[0], &used, str::to_string);
        assert_eq!(fields.len(), 1);
        assert_eq!(fields["Label"], "x\ny, z");
    }

    #[test]
    fn a_missing_column_names_the_columns_found_and_the_closest() {
        let s = source("ident,name\n");
        let t = Table::read(&s, "task CSV", "task").unwrap();
        let e = t.require("id").unwrap_err().to_string();
        assert!(e.starts_with("t.csv:1:1: "), "{e}");
        assert!(e.contains("no `id` column"), "{e}");
        assert!(e.contains("`ident`, `name`"), "{e}");
        let s = source("ID,Nmae\n");
        let t = Table::read(&s, "task CSV", "task").unwrap();
        let e = t.require("name").unwrap_err().to_string();
        assert!(e.contains("did you mean `Nmae`?"), "{e}");
    }

    #[test]
    fn an_empty_file_has_no_header() {
        let s = source("");
        let e = Table::read(&s, "task CSV", "task").err().unwrap();
        assert!(e.to_string().contains("no header row"), "{e}");
        assert!(e.is_bad_input());
    }

    #[test]
    fn header_names_come_from_the_first_line_even_cut_short() {
        assert_eq!(
            header_names("\u{feff}Issue key, Summary,Sta"),
            ["issue key", "summary", "sta"]
        );
        assert!(header_names("").is_empty());
    }
}
