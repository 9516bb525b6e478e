//! The data of a scenario key whose value the parser refused, and the one place its message is
//! made: which key (in the entry it belongs to), what it expects in words, what it got, and the
//! fix.

use std::fmt;

use super::DidYouMean;

/// What is wrong with a key of the scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// The value is of the wrong kind: `expected` in words ("a number of days"), what was
    /// `found` ("the text \"650\""), and how to write it.
    WrongType {
        expected: String,
        found: String,
        fix: String,
    },
    /// A value that is none of the `choices`, and the closest one.
    Choice {
        value: String,
        choices: Vec<String>,
        suggestion: Option<String>,
    },
    /// A key that does not exist where it is written: the keys that do, and the closest one.
    Unknown {
        keys: Vec<String>,
        suggestion: Option<String>,
    },
    /// A required key is absent: what it holds in words, and an example line.
    Missing { expected: String, example: String },
    /// A value of the right kind that the parser refused, with its reason.
    Invalid { expected: String, reason: String },
}

/// The message of `Error::Key`, without its location: `entry` is the scenario entry the key
/// belongs to ("task `train`"), `key` the dotted path inside it ("estimate.likely").
pub(super) struct Message<'a> {
    pub entry: Option<&'a str>,
    pub key: &'a str,
    pub problem: &'a KeyProblem,
}

impl Message<'_> {
    /// "task `train`: `estimate.likely`", "task `train`", "`tasks`", or the key of `within`.
    fn subject(&self, key: &str) -> String {
        match (self.entry, key.is_empty()) {
            (Some(entry), true) => entry.to_string(),
            (Some(entry), false) => format!("{entry}: `{key}`"),
            (None, false) => format!("`{key}`"),
            (None, true) => "the scenario".to_string(),
        }
    }
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.key;
        match self.problem {
            KeyProblem::WrongType {
                expected,
                found,
                fix,
            } => write!(
                f,
                "{} must be {expected}, not {found}; {fix}",
                self.subject(key)
            ),
            KeyProblem::Choice {
                value,
                choices,
                suggestion,
            } => write!(
                f,
                "{} must be one of {}, not \"{value}\"{}",
                self.subject(key),
                names(choices),
                DidYouMean(suggestion.as_deref())
            ),
            KeyProblem::Unknown { keys, suggestion } => {
                if let Some(entry) = self.entry {
                    write!(f, "{entry}: ")?;
                }
                write!(f, "unknown key `{key}`")?;
                match suggestion {
                    Some(s) => {
                        let full = match key.rsplit_once('.') {
                            Some((parent, _)) => format!("{parent}.{s}"),
                            None => s.clone(),
                        };
                        write!(f, "{}", DidYouMean(Some(&full)))
                    }
                    None if keys.is_empty() => write!(f, "; remove it"),
                    None => write!(
                        f,
                        "; the keys allowed here are {}; remove it or correct its spelling",
                        names(keys)
                    ),
                }
            }
            KeyProblem::Missing { expected, example } => {
                let (parent, field) = key.rsplit_once('.').unwrap_or(("", key));
                write!(
                    f,
                    "{} has no `{field}`, {expected}; add it, e.g. {field} = {example}",
                    self.subject(parent)
                )
            }
            KeyProblem::Invalid { expected, reason } => {
                write!(f, "{} must be {expected}: {reason}", self.subject(key))
            }
        }
    }
}

/// "`a`, `b`, `c`".
fn names(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
