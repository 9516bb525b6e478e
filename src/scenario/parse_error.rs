//! From the TOML parser's error to one the user can act on. Serde's messages name no key
//! (`invalid type: string "650", expected f64`); the error's span does point into the file, so
//! the document is read again as spanned TOML to find the key there, the entry it belongs to
//! (`task "train"`) and the value that was written. The key's [`Shape`] says what it expects
//! in words and how to write it; serde's list of the keys allowed at a place gives unknown
//! keys a did-you-mean.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Source;
use super::keys::{self, Shape};
use crate::error::{Error, KeyProblem};

/// One step of a key's path: a key of a table or an index into an array.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The error for `e`, raised while deserializing `source`.
pub(super) fn error(source: &Source, e: &toml::de::Error) -> Error {
    let plain = || Error::Syntax {
        location: source.locate(e.span().map_or(0, |s| s.start)),
        message: e.message().trim().to_string(),
    };
    // Not TOML at all: the parser's own message is the best.
    let Ok(doc) = DeTable::parse(&source.text) else {
        return plain();
    };
    let root = Spanned::new(0..0, DeValue::Table(doc.into_inner()));
    let mut path = Vec::new();
    // A key missing from the top level has no span, or an empty one.
    let span = e.span().unwrap_or(0..0);
    if !span.is_empty() {
        find(&root, &span, &mut path);
    }
    let message = e.message().trim();
    let mut start = span.start;
    if message.starts_with("unknown field") {
        // The key itself, not the `[[table]]` entry its header opens.
        while let Some(Step::Index(_)) = path.last() {
            path.pop();
        }
    } else if let Some(element) = wrong_element(&root, &mut path) {
        // Serde does not say which element of a list is wrong: the first that does not fit.
        start = element;
    }
    let (entry, within) = entry(&root, &path);
    let location = source.locate(start);
    let mut key = render(within);
    let problem = if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let allowed = backticked(rest.split_once(',').map_or("", |(_, r)| r));
        KeyProblem::Unknown {
            suggestion: crate::model::did_you_mean(name, allowed.iter().map(String::as_str)),
            keys: allowed,
        }
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let shape = keys::shape(&pattern(&path, Some(name)));
        key = if key.is_empty() {
            name.to_string()
        } else {
            format!("{key}.{name}")
        };
        KeyProblem::Missing {
            expected: shape.map_or_else(|| "which is required".to_string(), |s| s.words()),
            example: shape.map_or_else(|| "...".to_string(), |s| s.example()),
        }
    } else {
        let Some(shape) = keys::shape(&pattern(&path, None)) else {
            return plain();
        };
        let Some(value) = at(&root, &path) else {
            return plain();
        };
        if let Some(rest) = message.strip_prefix("unknown variant `") {
            let value = rest.split('`').next().unwrap_or_default().to_string();
            let choices = backticked(rest.split_once(',').map_or("", |(_, r)| r));
            KeyProblem::Choice {
                suggestion: crate::model::did_you_mean(&value, choices.iter().map(String::as_str)),
                value,
                choices,
            }
        } else if message.starts_with("invalid type:") || !fits(&shape, value.get_ref()) {
            let raw = source.text.get(value.span()).unwrap_or_default().trim();
            KeyProblem::WrongType {
                expected: shape.words(),
                found: found(value.get_ref(), raw),
                fix: fix(&shape, value.get_ref(), raw, leaf(&path)),
            }
        } else {
            KeyProblem::Invalid {
                expected: shape.words(),
                reason: message.to_string(),
            }
        }
    };
    Error::Key {
        location,
        entry,
        key,
        problem: Box::new(problem),
    }
}

/// Fills `path` with the steps to the deepest key or value of `v` whose span holds `span`;
/// true when there is one. Tables of `[section]` headers span only their header, so every
/// child is searched, not only those inside the parent's span.
fn find(v: &Spanned<DeValue>, span: &Range<usize>, path: &mut Vec<Step>) -> bool {
    match v.get_ref() {
        DeValue::Table(t) => {
            for (k, child) in t.iter() {
                path.push(Step::Key(k.get_ref().to_string()));
                if find(child, span, path) || holds(&k.span(), span) {
                    return true;
                }
                path.pop();
            }
        }
        DeValue::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                path.push(Step::Index(i));
                if find(child, span, path) {
                    return true;
                }
                path.pop();
            }
        }
        _ => {}
    }
    holds(&v.span(), span)
}

/// When `path` ends at a list whose elements have a shape, steps into the first element that
/// does not fit it, and gives where that element starts.
fn wrong_element(root: &Spanned<DeValue>, path: &mut Vec<Step>) -> Option<usize> {
    let DeValue::Array(items) = at(root, path)?.get_ref() else {
        return None;
    };
    let shape = keys::shape(&format!("{}[]", pattern(path, None)))?;
    let (i, item) = items
        .iter()
        .enumerate()
        .find(|(_, item)| !fits(&shape, item.get_ref()))?;
    path.push(Step::Index(i));
    Some(item.span().start)
}

fn holds(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer.start < outer.end
}

/// The value at `path`.
fn at<'a, 'i>(root: &'a Spanned<DeValue<'i>>, path: &[Step]) -> Option<&'a Spanned<DeValue<'i>>> {
    let mut v = root;
    for step in path {
        v = match (step, v.get_ref()) {
            (Step::Key(k), DeValue::Table(t)) => t.get(k.as_str())?,
            (Step::Index(i), DeValue::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// The arrays of tables whose entries have a name, and the key that holds it.
const ENTRIES: [(&str, &str, &str); 10] = [
    ("tasks", "task", "id"),
    ("people", "role", "role"),
    ("instances", "instance type", "type"),
    ("milestones", "milestone", "id"),
    ("risks", "risk", "id"),
    ("plans", "plan", "name"),
    ("calendars", "calendar", "name"),
    ("correlations", "", ""),
    ("stakeholders", "stakeholder", "name"),
    ("ceremonies", "ceremony", "name"),
];

/// The entry `path` lies in ("task `train`", "[project]", "risk level `high`"), and the rest of
/// the path, inside it.
fn entry<'p>(root: &Spanned<DeValue>, path: &'p [Step]) -> (Option<String>, &'p [Step]) {
    match path {
        [Step::Key(table), Step::Index(i), rest @ ..] => {
            let Some(&(_, what, name_key)) = ENTRIES.iter().find(|(t, _, _)| t == table) else {
                return (None, path);
            };
            let name = at(root, &path[..2])
                .and_then(|e| e.get_ref().as_table())
                .and_then(|t| t.get(name_key))
                .and_then(|n| n.get_ref().as_str());
            let label = match name {
                Some(name) if !what.is_empty() => format!("{what} `{name}`"),
                _ => format!("the [[{table}]] entry {}", i + 1),
            };
            (Some(label), rest)
        }
        [Step::Key(t), Step::Key(level), rest @ ..] if t == "risk_levels" => {
            (Some(format!("risk level `{level}`")), rest)
        }
        [Step::Key(t), rest @ ..] if t == "project" || t == "objective" => {
            (Some(format!("[{t}]")), rest)
        }
        _ => (None, path),
    }
}

/// `estimate.likely`, `depends_on[1].lag`.
fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The path as the key table writes it (`tasks[].estimate.likely`), with `field` after it.
fn pattern(path: &[Step], field: Option<&str>) -> String {
    let mut out = String::new();
    let keys = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Index(_) => None,
        })
        .chain(field.map(Some));
    for key in keys {
        match key {
            Some(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            None => out.push_str("[]"),
        }
    }
    out
}

/// The key a value is written under: the last key of the path (an array's, for an element).
fn leaf(path: &[Step]) -> Option<&str> {
    match path.last() {
        Some(Step::Key(k)) => Some(k),
        _ => None,
    }
}

/// The names in backticks in `text`.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Whether `value` is of the kind `shape` takes (its content may still be wrong).
fn fits(shape: &Shape, value: &DeValue) -> bool {
    match shape {
        Shape::Number { .. } => value.is_float() || value.is_integer(),
        Shape::Whole { .. } => value.is_integer(),
        Shape::Date => value.is_datetime() || value.is_str(),
        Shape::Text { .. } | Shape::Choice(_) => value.is_str(),
        Shape::Bool => value.is_bool(),
        Shape::List { .. } => value.is_array(),
        Shape::Table { .. } => value.is_table(),
        Shape::Estimate(_) => value.is_float() || value.is_integer() || value.is_table(),
        Shape::Dependency => value.is_str() || value.is_table(),
        Shape::HoursOrAuto => {
            value.is_float() || value.is_integer() || value.as_str() == Some("auto")
        }
    }
}

/// What was written, in words: `the text "650"`, `the number 2.5`, `a table`.
fn found(value: &DeValue, raw: &str) -> String {
    match value {
        DeValue::String(s) => {
            let s: String = s.chars().take(40).collect();
            format!("the text {s:?}")
        }
        DeValue::Integer(_) | DeValue::Float(_) => format!("the number {raw}"),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

/// How to write the value: `write the number without quotes: likely = 650`.
fn fix(shape: &Shape, value: &DeValue, raw: &str, key: Option<&str>) -> String {
    // `key = value`, or the value alone for an element of a list.
    let line = |v: &str| match key {
        Some(k) => format!("{k} = {v}"),
        None => v.to_string(),
    };
    let numeric = matches!(
        shape,
        Shape::Number { .. } | Shape::Whole { .. } | Shape::Estimate(_) | Shape::HoursOrAuto
    );
    let text = value.as_str().map(str::trim);
    if numeric && let Some(number) = text.filter(|t| t.parse::<f64>().is_ok()) {
        return format!("write the number without quotes: {}", line(number));
    }
    match shape {
        Shape::Whole { example, .. } => {
            format!("write a whole number, e.g. {}", line(example))
        }
        Shape::Bool => match text {
            Some(b @ ("true" | "false")) => format!("write it without quotes: {}", line(b)),
            _ => format!("write {} or {}", line("true"), line("false")),
        },
        Shape::Choice(_) => format!("write one in quotes, e.g. {}", line(&shape.example())),
        Shape::Text { .. }
            if value.is_integer() || value.is_float() || value.is_bool() || value.is_datetime() =>
        {
            format!("put it in quotes: {}", line(&format!("\"{raw}\"")))
        }
        Shape::List { .. } if value.is_str() || value.is_datetime() => {
            format!("write it as a list: {}", line(&format!("[{raw}]")))
        }
        _ => format!("for example: {}", line(&shape.example())),
    }
}

#[cfg(test)]
#[path = "parse_error_tests.rs"]
mod tests;
