//! The library's error type. Variants carry data (file, line, task id, value) so that the
//! binary can print one clear line and map every input problem to exit code 2.

use std::path::PathBuf;

/// Where in a scenario file something was written: the file and a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Everything that can go wrong between reading a scenario and writing a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario could not be read from disk.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a value has the wrong type or an unknown field.
    #[error("{location}: {message}")]
    Syntax { location: Location, message: String },
    /// The plan is well-formed TOML but says something impossible.
    #[error("{}{message}", location.as_ref().map(|l| format!("{l}: ")).unwrap_or_default())]
    Invalid {
        location: Option<Location>,
        message: String,
    },
    /// A schedule imported from another tool's file says something impossible. The scenario
    /// was made from the file, not written in it, so there is no line to point at: the message
    /// names the task (or resource) instead.
    #[error("{}: {message}", file.display())]
    Import { file: PathBuf, message: String },
    /// A run option is out of range (iterations = 0, confidence outside (0, 1), ...).
    #[error("{0}")]
    Options(String),
    /// A CSV table could not be formatted.
    #[error(transparent)]
    Csv(#[from] crate::report::csv::Error),
    /// An output file could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// True for problems with what the user gave (the file or the options): exit code 2.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::Read { .. }
                | Error::Syntax { .. }
                | Error::Invalid { .. }
                | Error::Import { .. }
                | Error::Options(_)
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
