//! The line format of a Primavera P6 XER file: an `ERMHDR` header line, then tables, each a
//! `%T NAME` line, one `%F` line naming its fields and `%R` rows of tab-separated values, and a
//! closing `%E`. This file only splits the text into tables and rows (keeping where each line
//! starts, for error messages) and reads single values as text, numbers and dates; what the
//! tables mean is the business of the reader in `mod.rs`.

use std::ops::Range;

use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::scenario::Source;

/// A whole XER file, split into its tables.
pub struct Tables<'s> {
    /// The `ERMHDR` line's values after the keyword (version, export date, ..., currency).
    pub header: Vec<&'s str>,
    pub tables: Vec<Table<'s>>,
}

/// One `%T` table.
pub struct Table<'s> {
    pub name: &'s str,
    /// Byte offset of the `%T` line.
    pub at: usize,
    /// Byte offset of the `%F` line.
    fields_at: usize,
    fields: Vec<&'s str>,
    pub rows: Vec<Row<'s>>,
}

/// One `%R` line: as many values as its table has fields.
pub struct Row<'s> {
    /// Byte offset of the line.
    pub at: usize,
    values: Vec<&'s str>,
}

/// A point in time as XER writes it (`2017-09-16 08:00`): the day and the minute of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub date: Date,
    pub minute: u32,
}

impl<'s> Tables<'s> {
    /// Splits `source`'s text into tables. Errors: a file that does not start with `ERMHDR`, a
    /// line of no known kind, a `%R` before any `%F`, a row whose count of values differs from
    /// its table's fields, and a file that ends without `%E` (cut short).
    pub fn split(source: &'s Source) -> Result<Tables<'s>> {
        let text = source.text.as_str();
        let mut header = None;
        let mut tables: Vec<Table<'s>> = Vec::new();
        let mut ended = false;
        let mut at = 0;
        for raw in text.split_inclusive('\n') {
            let line_at = at;
            at += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            if header.is_none() {
                let line = line.trim_start_matches('\u{feff}');
                let Some(rest) = line.strip_prefix("ERMHDR") else {
                    return Err(source.invalid(
                        line_at..line_at,
                        "not a Primavera P6 XER file: the first line does not start with `ERMHDR`",
                    ));
                };
                header = Some(rest.split('\t').skip(1).collect());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            if ended {
                return Err(
                    source.invalid(line_at..line_at, "text after `%E`, the end of the XER data")
                );
            }
            let mut values = line.split('\t');
            match values.next().unwrap_or("") {
                "%T" => {
                    let name = values.next().unwrap_or("").trim();
                    if name.is_empty() {
                        return Err(source.invalid(line_at..line_at, "`%T` without a table name"));
                    }
                    tables.push(Table {
                        name,
                        at: line_at,
                        fields_at: line_at,
                        fields: Vec::new(),
                        rows: Vec::new(),
                    });
                }
                "%F" => {
                    let Some(table) = tables.last_mut() else {
                        return Err(source.invalid(line_at..line_at, "`%F` before any `%T` table"));
                    };
                    if !table.fields.is_empty() {
                        return Err(source.invalid(
                            line_at..line_at,
                            format!("table `{}` has a second `%F` line", table.name),
                        ));
                    }
                    table.fields = values.map(str::trim).collect();
                    table.fields_at = line_at;
                }
                "%R" => {
                    let table = match tables.last_mut() {
                        Some(t) if !t.fields.is_empty() => t,
                        _ => {
                            return Err(source.invalid(
                                line_at..line_at,
                                "`%R` row before the `%F` line that names its fields",
                            ));
                        }
                    };
                    let values: Vec<&str> = values.collect();
                    if values.len() != table.fields.len() {
                        return Err(source.invalid(
                            line_at..line_at,
                            format!(
                                "a row of table `{}` has {} values but its `%F` line names {} fields; the file is damaged or cut",
                                table.name,
                                values.len(),
                                table.fields.len()
                            ),
                        ));
                    }
                    table.rows.push(Row {
                        at: line_at,
                        values,
                    });
                }
                "%E" => ended = true,
                other => {
                    let shown: String = other.chars().take(20).collect();
                    return Err(source.invalid(
                        line_at..line_at,
                        format!("`{shown}` is not an XER line: expected `%T`, `%F`, `%R` or `%E`"),
                    ));
                }
            }
        }
        let Some(header) = header else {
            return Err(source.invalid(0..0, "empty file: a P6 XER file starts with `ERMHDR`"));
        };
        if !ended {
            return Err(source.invalid(
                text.len()..text.len(),
                "the file ends without `%E`: it was cut short; export it again",
            ));
        }
        if let Some(t) = tables.iter().find(|t| t.fields.is_empty()) {
            return Err(source.invalid(
                t.at..t.at,
                format!("table `{}` has no `%F` line naming its fields", t.name),
            ));
        }
        Ok(Tables { header, tables })
    }

    /// The first table called `name`.
    pub fn get(&self, name: &str) -> Option<&Table<'s>> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The table called `name`, or an error saying the file lacks it.
    pub fn required(&self, source: &Source, name: &str) -> Result<&Table<'s>> {
        self.get(name).ok_or_else(|| {
            let end = source.text.len();
            source.invalid(
                end..end,
                format!("the file has no `{name}` table; export the whole project from P6"),
            )
        })
    }
}

impl<'s> Table<'s> {
    /// The position of field `name`, if the table has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| *f == name)
    }

    /// The position of field `name`, or an error at the `%F` line.
    pub fn required(&self, source: &Source, name: &str) -> Result<usize> {
        self.column(name).ok_or_else(|| {
            source.invalid(
                self.fields_at..self.fields_at,
                format!("table `{}` has no `{name}` field", self.name),
            )
        })
    }

    /// The rows with a reader that finds values by field name.
    pub fn records<'t>(&'t self, source: &'t Source) -> impl Iterator<Item = Record<'t, 's>> {
        self.rows.iter().map(move |row| Record {
            table: self,
            row,
            source,
        })
    }
}

/// A row with what it takes to read its values by name and report errors at its line.
#[derive(Clone, Copy)]
pub struct Record<'t, 's> {
    pub table: &'t Table<'s>,
    pub row: &'t Row<'s>,
    pub source: &'t Source,
}

impl<'s> Record<'_, 's> {
    /// The value of field `name`, trimmed; empty when blank or when the table lacks the field.
    pub fn text(&self, name: &str) -> &'s str {
        self.table
            .column(name)
            .and_then(|i| self.row.values.get(i))
            .map(|v| v.trim())
            .unwrap_or("")
    }

    /// The value of field `name`, or `None` when blank.
    pub fn get(&self, name: &str) -> Option<&'s str> {
        Some(self.text(name)).filter(|v| !v.is_empty())
    }

    /// A number, `None` when blank. `who` names the record in the message (`activity `A1``).
    pub fn number(&self, name: &str, who: &str) -> Result<Option<f64>> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(self.invalid(
                who,
                format!("`{name}` must be a number, not `{}`", shown(text)),
            )),
        }
    }

    /// A date and time (`YYYY-MM-DD HH:MM`, seconds or the time optional), `None` when blank.
    pub fn stamp(&self, name: &str, who: &str) -> Result<Option<Stamp>> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        parse_stamp(text).map(Some).ok_or_else(|| {
            self.invalid(
                who,
                format!(
                    "`{name}` must be a date and time (YYYY-MM-DD HH:MM), not `{}`",
                    shown(text)
                ),
            )
        })
    }

    /// An error at this row's line about `who`.
    pub fn invalid(&self, who: &str, message: impl Into<String>) -> Error {
        let message = format!("{}: {who}: {}", self.table.name, message.into());
        self.source.invalid(self.span(), message)
    }

    /// An error at this row's line about activity `task`, which the error carries.
    pub fn invalid_task(&self, task: &str, message: impl Into<String>) -> Error {
        let message = format!("{}: activity `{task}`: {}", self.table.name, message.into());
        self.source.invalid_task(self.span(), task, message)
    }

    fn span(&self) -> Range<usize> {
        self.row.at..self.row.at
    }
}

/// At most 40 characters of a value, for a message.
fn shown(text: &str) -> String {
    text.chars().take(40).collect()
}

/// `2017-09-16 08:00`, `2017-09-16 08:00:00` or `2017-09-16`.
pub fn parse_stamp(text: &str) -> Option<Stamp> {
    let (day, time) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (text, None),
    };
    let date: Date = day.trim().parse().ok()?;
    let minute = match time {
        None | Some("") => 0,
        Some(t) => {
            let mut parts = t.split(':');
            let hours: u32 = parts.next()?.parse().ok()?;
            let minutes: u32 = parts.next()?.parse().ok()?;
            if let Some(s) = parts.next() {
                s.parse::<f64>().ok()?;
            }
            if parts.next().is_some() || hours > 24 || minutes > 59 {
                return None;
            }
            hours * 60 + minutes
        }
    };
    Some(Stamp { date, minute })
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
