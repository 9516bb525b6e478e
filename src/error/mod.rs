//! The library's error type. Variants carry data (file, line, task id, the name that was not
//! found, the shard file that does not fit) so that a program can read what went wrong, the
//! binary can print one clear line, and every input problem maps to exit code 2. Each message
//! is made from the data, in `Display`, and nowhere else.

mod key;
mod shard;
#[cfg(test)]
mod tests;
mod unknown;

use std::path::PathBuf;

pub use key::KeyProblem;
pub use shard::{ShardProblem, ShardSpec};
pub use unknown::{DidYouMean, Kind, Referrer};

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

/// `file:line:column: ` before a message, or nothing when there is no place to point at.
struct At<'a>(&'a Option<Location>);

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(l) => write!(f, "{l}: "),
            None => Ok(()),
        }
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
    /// The file is not valid TOML (the message is the parser's), or an imported file cannot
    /// be read as its format.
    #[error("{location}: {message}")]
    Syntax { location: Location, message: String },
    /// A key of a scenario file with a value of the wrong kind, a key that does not exist, or
    /// a required key that is absent. `entry` names the entry the key belongs to (`task
    /// `train``), `key` is its dotted path inside it (`estimate.likely`).
    #[error(
        "{location}: {}",
        key::Message { entry: entry.as_deref(), key, problem }
    )]
    Key {
        location: Location,
        entry: Option<String>,
        key: String,
        problem: Box<KeyProblem>,
    },
    /// A name that refers to nothing: `what` called `name`, named by `by`, and the closest
    /// name that does exist, if one is close.
    #[error(
        "{}{}",
        At(location),
        unknown::Message { what: *what, name, by: by.as_deref(), suggestion: suggestion.as_deref() }
    )]
    Unknown {
        location: Option<Location>,
        what: Kind,
        name: String,
        by: Option<Box<Referrer>>,
        suggestion: Option<String>,
    },
    /// A plan asked for on the command line that the scenario does not have.
    #[error(
        "unknown plan `{name}`; the scenario's plans are: {}{}",
        if plans.is_empty() { "(none)".to_string() } else { plans.join(", ") },
        DidYouMean(suggestion.as_deref())
    )]
    UnknownPlan {
        name: String,
        /// The plans the scenario has, in file order.
        plans: Vec<String>,
        suggestion: Option<String>,
    },
    /// The dependencies go round in a circle: each task depends on the one before it, and
    /// the first on the last.
    #[error(
        "{}dependency cycle: {}; remove one of these dependencies",
        At(location),
        unknown::cycle(tasks)
    )]
    Cycle {
        location: Option<Location>,
        tasks: Vec<String>,
    },
    /// The plan is well-formed TOML but says something impossible. `task` is the task the
    /// message is about, when it is about one.
    #[error("{}{message}", At(location))]
    Invalid {
        location: Option<Location>,
        task: Option<String>,
        message: String,
    },
    /// A schedule imported from another tool's file says something impossible. The scenario
    /// was made from the file, not written in it, so there is no line to point at: `problem`
    /// has no location and names the task (or resource) instead.
    #[error("{}: {problem}", file.display())]
    Import { file: PathBuf, problem: Box<Error> },
    /// The schedule runs past the last date a calendar reaches: `late` of `of` simulated
    /// schedules (or, when `of` is 0, the deterministic one) finish after it, the latest
    /// `latest_days` days after the project `start`.
    #[error(
        "{}: the plan runs past {}, the last date riskplan's calendar reaches: {}; start earlier, or shorten the estimates (and their longest draws)",
        file.display(),
        crate::model::limits::LAST_DATE,
        past_calendar(*late, *of, *latest_days, start)
    )]
    PastCalendar {
        file: PathBuf,
        start: jiff::civil::Date,
        late: u64,
        of: u64,
        latest_days: f64,
    },
    /// A run option is out of range (iterations = 0, confidence outside (0, 1), ...).
    #[error("{0}")]
    Options(String),
    /// `--shard` is not `K/N` with 1 <= K <= N, nor `auto`.
    #[error("{0}")]
    ShardSpec(ShardSpec),
    /// A shard needs at least one iteration.
    #[error("{shards} shards need at least {shards} iterations (got -n {iterations})")]
    TooManyShards { shards: u32, iterations: u64 },
    /// A file given to `merge` is not a complete, undamaged shard file.
    #[error("`{}` is not a usable riskplan shard file: {why}", path.display())]
    BadShard { path: PathBuf, why: ShardProblem },
    /// A shard was written by another version of riskplan.
    #[error(
        "`{}` was written by riskplan {written_by}, and this is riskplan {this}; merge with the version that wrote the shards",
        path.display()
    )]
    ShardVersion {
        path: PathBuf,
        written_by: String,
        this: String,
    },
    /// Two shards of different runs: `field` of their headers differs (`got` in `file`,
    /// `want` in `other`, the first file given).
    #[error(
        "`{}` and `{}` are shards of different runs: {field} is {got} in the one and {want} in the other",
        file.display(),
        other.display()
    )]
    ShardMismatch {
        file: PathBuf,
        other: PathBuf,
        field: String,
        got: String,
        want: String,
    },
    /// Two shards that split the run into a different number of shards.
    #[error(
        "`{}` is a shard of {shards} and `{}` a shard of {other_shards}: shards of one run share N",
        file.display(),
        other.display()
    )]
    ShardCount {
        file: PathBuf,
        shards: u32,
        other: PathBuf,
        other_shards: u32,
    },
    /// The shards given are not each shard of the run once.
    #[error("{}", shard::incomplete(*shards, missing, duplicated))]
    ShardsIncomplete {
        /// N, the number of shards of the run.
        shards: u32,
        missing: Vec<u32>,
        /// Each shard given more than once, with the files that hold it.
        duplicated: Vec<(u32, Vec<PathBuf>)>,
    },
    /// A shard file whose iterations are not those of the shard it says it is.
    #[error(
        "`{}` claims to be shard {shard} of {shards} but holds iterations {}..{} instead of {}..{}",
        path.display(),
        holds.start,
        holds.end,
        want.start,
        want.end
    )]
    ShardIterations {
        path: PathBuf,
        shard: u32,
        shards: u32,
        holds: std::ops::Range<u64>,
        want: std::ops::Range<u64>,
    },
    /// The shards' outcomes cannot be put one after the other.
    #[error("the shards do not fit together: {0}")]
    ShardsDoNotFit(crate::engine::MergeError),
    /// A figure of the report came out NaN or infinite (`figure` is its path in the JSON
    /// report). The scenario's limits are meant to make this unreachable: it is a defect.
    #[error(
        "the report's `{figure}` came out as {value}, not a finite number, so nothing was written; this is a defect in riskplan, or an input beyond its limits that its checks let through: please report it with the scenario"
    )]
    NonFinite { figure: String, value: f64 },
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
    /// True for problems with what the user gave (the file, the options or the shard files):
    /// exit code 2.
    pub fn is_bad_input(&self) -> bool {
        match self {
            Error::Read { .. }
            | Error::Syntax { .. }
            | Error::Key { .. }
            | Error::Unknown { .. }
            | Error::UnknownPlan { .. }
            | Error::Cycle { .. }
            | Error::Invalid { .. }
            | Error::Import { .. }
            | Error::PastCalendar { .. }
            | Error::Options(_)
            | Error::ShardSpec(_)
            | Error::TooManyShards { .. }
            | Error::BadShard { .. }
            | Error::ShardVersion { .. }
            | Error::ShardMismatch { .. }
            | Error::ShardCount { .. }
            | Error::ShardsIncomplete { .. }
            | Error::ShardIterations { .. }
            | Error::ShardsDoNotFit(_) => true,
            Error::NonFinite { .. } | Error::Csv(_) | Error::Write { .. } => false,
        }
    }

    /// The same error, pointing at `at` (for the variants that point at a place in a file).
    pub fn located(mut self, at: Location) -> Error {
        match &mut self {
            Error::Unknown { location, .. }
            | Error::Cycle { location, .. }
            | Error::Invalid { location, .. } => *location = Some(at),
            _ => {}
        }
        self
    }

    /// The error itself, or for an import, the problem found in the imported file.
    pub fn problem(&self) -> &Error {
        match self {
            Error::Import { problem, .. } => problem.problem(),
            other => other,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which schedules of `Error::PastCalendar` run past the calendar, and how far.
fn past_calendar(late: u64, of: u64, latest_days: f64, start: &jiff::civil::Date) -> String {
    let days = crate::model::limits::figure(latest_days.round());
    if of == 0 {
        format!("its deterministic schedule finishes {days} calendar days after the start {start}")
    } else {
        format!(
            "{late} of {of} simulated schedules finish after it, the latest {days} calendar days after the start {start}"
        )
    }
}
