//! The values of MS Project XML fields: numbers, flags, dates and ISO 8601 durations, read
//! from an element's children with an error that names the record (task, resource,
//! calendar), the field and the line when a value does not parse; and the format codes
//! that say whether a duration or lag is elapsed time or a percentage.

use jiff::civil::{Date, DateTime};

use super::xml::Node;
use crate::error::{Error, Result};
use crate::scenario::Source;

/// What a value belongs to, for error messages: `task `12``, and the task's id when it is one.
pub struct Record<'a> {
    pub source: &'a Source,
    pub label: String,
    pub task: Option<String>,
}

impl<'a> Record<'a> {
    pub fn task(source: &'a Source, uid: &str) -> Self {
        Record {
            source,
            label: format!("task `{uid}`"),
            task: Some(uid.to_string()),
        }
    }

    pub fn other(source: &'a Source, label: String) -> Self {
        Record {
            source,
            label,
            task: None,
        }
    }

    /// An error about this record at `node`.
    pub fn error(&self, node: &Node, message: impl std::fmt::Display) -> Error {
        let message = format!("{}: {message}", self.label);
        match &self.task {
            Some(t) => self.source.invalid_task(node.span(), t, message),
            None => self.source.invalid(node.span(), message),
        }
    }

    fn bad(&self, node: &Node, name: &str, what: &str) -> Error {
        let text = node.text(name).unwrap_or("");
        let at = node.child(name).unwrap_or(node);
        self.error(at, format!("`<{name}>` must be {what}, not `{text}`"))
    }

    /// A finite number, when the field is there.
    pub fn number(&self, node: &Node, name: &str) -> Result<Option<f64>> {
        let Some(text) = node.text(name) else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(self.bad(node, name, "a number")),
        }
    }

    /// A whole number, when the field is there.
    pub fn int(&self, node: &Node, name: &str) -> Result<Option<i64>> {
        let Some(text) = node.text(name) else {
            return Ok(None);
        };
        text.parse::<i64>()
            .map(Some)
            .map_err(|_| self.bad(node, name, "a whole number"))
    }

    /// A flag (`1`/`0`, `true`/`false`); absent: false.
    pub fn flag(&self, node: &Node, name: &str) -> Result<bool> {
        match node.text(name) {
            None | Some("0") | Some("false") => Ok(false),
            Some("1") | Some("true") => Ok(true),
            Some(_) => Err(self.bad(node, name, "0 or 1")),
        }
    }

    /// The day of a date-time (`2018-10-18T08:00:00`) or date.
    pub fn date(&self, node: &Node, name: &str) -> Result<Option<Date>> {
        let Some(text) = node.text(name) else {
            return Ok(None);
        };
        date_of(text)
            .map(Some)
            .ok_or_else(|| self.bad(node, name, "a date and time like 2018-10-18T08:00:00"))
    }

    /// A date-time, when the field is there.
    pub fn datetime(&self, node: &Node, name: &str) -> Result<Option<DateTime>> {
        let Some(text) = node.text(name) else {
            return Ok(None);
        };
        datetime_of(text)
            .map(Some)
            .ok_or_else(|| self.bad(node, name, "a date and time like 2018-10-18T08:00:00"))
    }

    /// An ISO 8601 duration (`PT16H0M0S`) in hours.
    pub fn hours(&self, node: &Node, name: &str) -> Result<Option<f64>> {
        let Some(text) = node.text(name) else {
            return Ok(None);
        };
        duration_hours(text)
            .map(Some)
            .ok_or_else(|| self.bad(node, name, "a duration like PT16H0M0S"))
    }
}

/// A date-time like `2018-10-18T08:00:00` (or a bare date, at midnight).
pub fn datetime_of(text: &str) -> Option<DateTime> {
    if let Ok(dt) = text.parse::<DateTime>() {
        return Some(dt);
    }
    text.parse::<Date>().ok().map(|d| d.at(0, 0, 0, 0))
}

/// The day of a date-time like `2018-10-18T08:00:00`.
pub fn date_of(text: &str) -> Option<Date> {
    datetime_of(text).map(|dt| dt.date())
}

/// Hours in an ISO 8601 duration as MS Project writes them: `PT16H0M0S`, `-PT8H0M0S`,
/// `P2DT4H` (a day being 24 hours), seconds possibly fractional. `None` when malformed.
pub fn duration_hours(text: &str) -> Option<f64> {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, text),
    };
    let rest = rest.strip_prefix('P')?;
    let mut hours = 0.0;
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for c in rest.chars() {
        match c {
            'T' if !in_time && number.is_empty() => in_time = true,
            '0'..='9' | '.' => number.push(c),
            unit => {
                let v: f64 = number.parse().ok()?;
                number.clear();
                any = true;
                hours += v * match (in_time, unit) {
                    (false, 'D') => 24.0,
                    (false, 'W') => 168.0,
                    (true, 'H') => 1.0,
                    (true, 'M') => 1.0 / 60.0,
                    (true, 'S') => 1.0 / 3600.0,
                    _ => return None,
                };
            }
        }
    }
    (any && number.is_empty() && hours.is_finite()).then_some(sign * hours)
}

/// True for the duration and lag format codes of elapsed time (`ed`, `eh`...), whose hours
/// run around the clock rather than in working time.
pub fn is_elapsed(format: i64) -> bool {
    matches!(
        format,
        4 | 6 | 8 | 10 | 12 | 20 | 36 | 38 | 40 | 42 | 44 | 52
    )
}

/// True for the lag format codes of a percentage of the predecessor's duration.
pub fn is_percent(format: i64) -> bool {
    matches!(format, 19 | 20 | 51 | 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations_read_as_hours() {
        assert_eq!(duration_hours("PT16H0M0S"), Some(16.0));
        assert_eq!(duration_hours("PT0H1M0S"), Some(1.0 / 60.0));
        assert_eq!(duration_hours("PT0H0M36S"), Some(0.01));
        assert_eq!(duration_hours("-PT8H0M0S"), Some(-8.0));
        assert_eq!(duration_hours("P1DT2H"), Some(26.0));
        assert_eq!(duration_hours("PT1.5H"), Some(1.5));
        for bad in ["", "P", "PT", "16H", "PT16", "PT16X", "PTH", "PT1H2"] {
            assert_eq!(duration_hours(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_drop_the_time_of_day() {
        assert_eq!(
            date_of("2018-10-18T17:00:00"),
            Some(jiff::civil::date(2018, 10, 18))
        );
        assert_eq!(date_of("2018-10-18"), Some(jiff::civil::date(2018, 10, 18)));
        assert_eq!(date_of("18/10/2018"), None);
    }

    #[test]
    fn elapsed_and_percent_formats() {
        assert!(is_elapsed(8) && is_elapsed(20) && !is_elapsed(7) && !is_elapsed(5));
        assert!(is_percent(19) && is_percent(20) && !is_percent(7));
    }
}
