//! Every key of the scenario format and what its value is, in words: what an error about a
//! value of the wrong type says the key expects, and the example it shows. The serde types in
//! this module's siblings decide what parses; this table only describes them, and a test checks
//! that the two agree key for key.

/// The unit of an uncertain quantity: what its numbers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Hours,
    Money,
    /// A fraction of a task's duration (`delay_fraction`).
    Fraction,
}

impl Unit {
    /// "a number of days", "an amount of money", ...
    fn number(self) -> &'static str {
        match self {
            Unit::Days => "a number of days",
            Unit::Hours => "a number of hours",
            Unit::Money => "an amount of money",
            Unit::Fraction => "a fraction (0.5 = half as long again)",
        }
    }
}

/// What a key's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A number: the words say of what (`a number of days`), `example` is one.
    Number {
        words: &'static str,
        example: &'static str,
    },
    /// A whole number.
    Whole {
        words: &'static str,
        example: &'static str,
    },
    /// A date, `2027-01-04` (a TOML date or a string).
    Date,
    /// Text in quotes.
    Text {
        words: &'static str,
        example: &'static str,
    },
    /// `true` or `false`.
    Bool,
    /// One of a few words.
    Choice(&'static [&'static str]),
    /// A list, `[...]`.
    List {
        words: &'static str,
        example: &'static str,
    },
    /// A table, `{ ... }` or a `[section]`.
    Table {
        words: &'static str,
        example: &'static str,
    },
    /// An uncertain quantity: a bare number or a table of one estimate form.
    Estimate(Unit),
    /// One entry of `depends_on`: a task id or a table.
    Dependency,
    /// A number of hours or `"auto"`.
    HoursOrAuto,
}

impl Shape {
    /// What the value must be, in words: "a number of days", "a date YYYY-MM-DD", ...
    pub fn words(&self) -> String {
        match *self {
            Shape::Number { words, .. }
            | Shape::Whole { words, .. }
            | Shape::Text { words, .. }
            | Shape::List { words, .. }
            | Shape::Table { words, .. } => words.to_string(),
            Shape::Date => "a date YYYY-MM-DD".to_string(),
            Shape::Bool => "true or false".to_string(),
            Shape::Choice(choices) => format!("one of {}", quoted(choices)),
            Shape::Estimate(unit) => format!(
                "{} or an estimate table such as {{ min = 5, likely = 8, max = 20 }}",
                unit.number()
            ),
            Shape::Dependency => {
                "a task id or a table such as { task = \"id\", lag = 2, type = \"FS\" }".to_string()
            }
            Shape::HoursOrAuto => "a number of hours or \"auto\"".to_string(),
        }
    }

    /// A value of the shape, as the scenario would write it.
    pub fn example(&self) -> String {
        match *self {
            Shape::Number { example, .. }
            | Shape::Whole { example, .. }
            | Shape::Text { example, .. }
            | Shape::List { example, .. }
            | Shape::Table { example, .. } => example.to_string(),
            Shape::Date => "2027-01-04".to_string(),
            Shape::Bool => "true".to_string(),
            Shape::Choice(choices) => format!("\"{}\"", choices[0]),
            Shape::Estimate(Unit::Fraction) => "0.5".to_string(),
            Shape::Estimate(_) => "{ min = 5, likely = 8, max = 20 }".to_string(),
            Shape::Dependency => "\"prepare-data\"".to_string(),
            Shape::HoursOrAuto => "\"auto\"".to_string(),
        }
    }
}

/// "`a`, `b`, `c`".
fn quoted(names: &[&str]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

#[path = "key_table_playbook.rs"]
mod playbook_table;
#[path = "key_table.rs"]
mod table;
use table::KEYS;

/// What the key at `path` holds (`path` as in the key table, with concrete names where the
/// table has `*`), if it is a key of the format.
pub fn shape(path: &str) -> Option<Shape> {
    let segments: Vec<&str> = path.split('.').collect();
    KEYS.iter()
        .find(|(pattern, _)| {
            let pattern: Vec<&str> = pattern.split('.').collect();
            pattern.len() == segments.len()
                && pattern
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p == s || matches_any(p, s))
        })
        .map(|(_, shape)| *shape)
}

/// `*` matches any name, `*[]` any name of an array.
fn matches_any(pattern: &str, segment: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some(rest) => segment.ends_with(rest) && !segment.is_empty(),
        None => false,
    }
}

/// Every key path of the format, with what it holds.
pub fn all() -> impl Iterator<Item = (&'static str, Shape)> {
    KEYS.iter().map(|(p, s)| (p.as_str(), *s))
}
