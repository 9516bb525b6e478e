//! The scenario file as the user wrote it: serde types close to the TOML, with spans kept on
//! the values that error messages point at. Nothing is computed here; `model::compile` turns a
//! `Scenario` into the flat model the engine runs.

mod cloud;
mod estimate;
pub mod keys;
mod parse_error;
pub mod playbook;
mod read;
pub mod risk_table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use cloud::{
    CheckpointEvery, Compute, FallbackSpec, Instance, Plan, PlanTask, Purchase, WaitSpec,
    WeibullSpec,
};
pub use estimate::{Dependency, Estimate, LinkKind};
pub use playbook::{Ceremony, Metric, Objective, Side, Stakeholder};
pub use read::read_text;

use crate::error::{Error, Location, Result};

/// The largest file riskplan reads: far above a 10,000-activity schedule's MS Project XML
/// (about 30 MB per 6,000 tasks), far below what would exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 512 << 20;

/// The largest scenario (TOML) riskplan parses: a 100,000-task scenario takes about 12 MB.
/// The TOML parser holds about 60 bytes per byte of text while it reads (a 12 MB scenario
/// peaks at 745 MB), so a scenario at this limit already needs about 2 GB.
pub const MAX_SCENARIO_BYTES: usize = 32 << 20;

/// Text from a file's bytes: UTF-8 less any byte-order mark, or else Windows-1252.
pub fn decode(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            text
        }
        Err(e) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(e.as_bytes());
            text.into_owned()
        }
    }
}

/// A parsed scenario file plus the text it came from (for line numbers in later errors).
///
/// A scenario converted from an imported schedule has no text its spans point into: its
/// source is [`Source::imported`], with empty text, and its spans are all empty (`0..0`).
/// Errors about it name the file and, in their message, the task.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// What spans point into; empty for an import.
    pub text: String,
}

impl Source {
    /// Reads a file for parsing: UTF-8 (a byte-order mark is dropped), or else Windows-1252,
    /// the encoding of Primavera's XER exports and of spreadsheets saved on Windows. A file
    /// over [`MAX_INPUT_BYTES`] is refused before it is read in full (a regular file before a
    /// byte of it is read), and one that is not text (see [`read_text`]) at its first block.
    pub fn read(path: &Path) -> Result<Source> {
        let fail = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(fail)?;
        if let Ok(meta) = file.metadata()
            && meta.is_file()
            && meta.len() > MAX_INPUT_BYTES
        {
            return Err(fail(read::too_large(MAX_INPUT_BYTES)));
        }
        let bytes = read_text(file, MAX_INPUT_BYTES).map_err(fail)?;
        Ok(Source {
            path: path.to_path_buf(),
            text: decode(bytes),
        })
    }

    /// The source of a scenario converted from the schedule in `path`: no text, no positions.
    pub fn imported(path: &Path) -> Source {
        Source {
            path: path.to_path_buf(),
            text: String::new(),
        }
    }

    /// False for an import, whose spans point nowhere.
    pub fn has_positions(&self) -> bool {
        !self.text.is_empty()
    }

    /// The 1-based line and column of a byte offset into the file. An offset inside a
    /// character (a parser's position counted in bytes it had not decoded yet) counts from
    /// that character's first byte.
    pub fn locate(&self, offset: usize) -> Location {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
        Location {
            file: self.path.clone(),
            line,
            column,
        }
    }

    /// `error`, found at a span of this file: pointing at its line, or for an import (whose
    /// spans point nowhere) an `Error::Import` naming the file alone.
    pub fn place(&self, span: std::ops::Range<usize>, error: Error) -> Error {
        if !self.has_positions() {
            return Error::Import {
                file: self.path.clone(),
                problem: Box::new(error),
            };
        }
        error.located(self.locate(span.start))
    }

    /// An `Error::Invalid` at a span of this file (see [`Source::place`]).
    pub fn invalid(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Error {
        self.place(
            span,
            Error::Invalid {
                location: None,
                task: None,
                message: message.into(),
            },
        )
    }

    /// An `Error::Invalid` about task `task`, at a span of this file.
    pub fn invalid_task(
        &self,
        span: std::ops::Range<usize>,
        task: &str,
        message: impl Into<String>,
    ) -> Error {
        self.place(
            span,
            Error::Invalid {
                location: None,
                task: Some(task.to_string()),
                message: message.into(),
            },
        )
    }
}

/// Everything a scenario file holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub project: Project,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub instances: Vec<Instance>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Overrides of the risk-level table, by level name.
    #[serde(default)]
    pub risk_levels: BTreeMap<String, Spanned<risk_table::LevelOverride>>,
    /// The risk register.
    #[serde(default)]
    pub risks: Vec<Risk>,
    /// Correlations between the uncertainties of tasks.
    #[serde(default)]
    pub correlations: Vec<Correlation>,
    /// Named variants (e.g. `on-demand` vs `spot`) for `riskplan compare`.
    #[serde(default)]
    pub plans: Vec<Plan>,
    /// Working-time calendars of their own, for tasks that name one.
    #[serde(default)]
    pub calendars: Vec<CalendarSpec>,
    /// What the project is for and how it is judged (the playbook).
    pub objective: Option<Objective>,
    /// Who holds a stake in the project (the playbook); risks name owners among them.
    #[serde(default)]
    pub stakeholders: Vec<Stakeholder>,
    /// The team's recurring meetings (the playbook's way of working).
    #[serde(default)]
    pub ceremonies: Vec<Ceremony>,
}

/// A named working-time calendar: `[[calendars]]`. A task uses it with `calendar = "name"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    pub name: Spanned<String>,
    /// Working days of the week; default Monday to Friday.
    pub workweek: Option<Spanned<Vec<String>>>,
    /// Dates on which no work happens.
    #[serde(default)]
    pub holidays: Vec<Spanned<DateValue>>,
    /// Dates worked although the working week does not work them.
    #[serde(default)]
    pub working_days: Vec<Spanned<DateValue>>,
}

/// A risk event: `[[risks]]`. One draw per iteration: when it occurs it hits all its tasks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub id: Spanned<String>,
    pub description: Option<String>,
    /// Chance that the event occurs in a run of the project, in [0, 1].
    pub probability: Spanned<f64>,
    /// The tasks it hits (none: a cost-only event of the whole project).
    pub tasks: Option<Spanned<Vec<String>>>,
    /// Days added to each task it hits (days of the task's calendar); any estimate form.
    pub delay: Option<Spanned<Estimate>>,
    /// Fraction of each hit task's sampled duration added to it (0.5 = half as long again).
    pub delay_fraction: Option<Spanned<Estimate>>,
    /// Money the event costs when it occurs; any estimate form.
    pub cost: Option<Spanned<Estimate>>,
    /// The event after mitigation, used by `run --mitigated`.
    pub mitigation: Option<Spanned<Mitigation>>,
    /// The stakeholder who watches the risk and acts on it (a `[[stakeholders]]` name).
    pub owner: Option<Spanned<String>>,
}

/// What a risk looks like once mitigated, and what the mitigation costs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mitigation {
    /// What is done, in words.
    pub description: Option<String>,
    pub probability: Option<Spanned<f64>>,
    pub delay: Option<Spanned<Estimate>>,
    pub delay_fraction: Option<Spanned<Estimate>>,
    pub cost: Option<Spanned<Estimate>>,
    /// The mitigation's own cost, paid in every run.
    #[serde(default)]
    pub mitigation_cost: Option<Spanned<f64>>,
}

/// A correlation between tasks' uncertainties: `[[correlations]]`. Every pair of the listed
/// tasks gets the coefficient (a group); two tasks make a pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correlation {
    pub tasks: Spanned<Vec<String>>,
    pub coefficient: Spanned<f64>,
}

/// Which days a task's work counts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarKind {
    /// The project's working week less its holidays (Monday to Friday by default).
    Workdays,
    /// Every day, around the clock: a training run on cloud instances.
    Continuous,
}

/// The `[project]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub name: String,
    /// What the project is, in a paragraph (the playbook).
    pub description: Option<String>,
    /// Its technical complexity: a level (`low`, `medium`, `high`) and why, in words.
    pub complexity: Option<String>,
    /// The tools and frameworks it needs.
    #[serde(default)]
    pub tools: Vec<String>,
    pub start: Spanned<DateValue>,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Target confidence for buffers and reserves, in (0, 1).
    pub confidence: Option<Spanned<f64>>,
    pub deadline: Option<Spanned<DateValue>>,
    pub budget: Option<Spanned<f64>>,
    #[serde(default = "default_calendar")]
    pub calendar: CalendarKind,
    /// Dates on which no `workdays` work happens.
    #[serde(default)]
    pub holidays: Vec<Spanned<DateValue>>,
    /// Working days of the week, e.g. `["mon", "tue", "wed", "thu"]`. Default Monday-Friday.
    pub workweek: Option<Spanned<Vec<String>>>,
    /// Dates worked although the working week does not work them (a working Saturday).
    #[serde(default)]
    pub working_days: Vec<Spanned<DateValue>>,
    /// The date progress was measured on (the data date): work not done yet happens from this
    /// day on, and tasks' `actual_start`, `actual_finish` and `remaining` say what is done.
    pub status_date: Option<Spanned<DateValue>>,
    /// Sprint length in working days of the project calendar (default 10: two weeks).
    pub sprint_days: Option<Spanned<f64>>,
    /// Level every iteration's schedule within the capacities (roles' `count`, instance
    /// types' `max_running`). Default: true when any capacity is given.
    pub resource_constrained: Option<bool>,
    /// The priority rule that orders tasks when capacities are levelled (default `lft`).
    #[serde(default)]
    pub priority: Priority,
}

impl Project {
    /// A project with a name and a start, and every setting at its default.
    pub fn new(name: String, start: jiff::civil::Date) -> Project {
        Project {
            name,
            description: None,
            complexity: None,
            tools: Vec::new(),
            start: Spanned::new(0..0, DateValue(start.to_string())),
            currency: default_currency(),
            confidence: None,
            deadline: None,
            budget: None,
            calendar: default_calendar(),
            holidays: Vec::new(),
            workweek: None,
            working_days: Vec::new(),
            status_date: None,
            sprint_days: None,
            resource_constrained: None,
            priority: Priority::default(),
        }
    }
}

/// The priority rule of the levelling: which task gets a scarce resource first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Latest finish time first.
    #[default]
    Lft,
    /// Latest start time first.
    Lst,
    /// Most total successors first.
    Mts,
    /// Greatest rank positional weight (own duration plus all successors') first.
    Grpw,
    /// Shortest processing time first.
    Spt,
    /// The order of the file.
    File,
}

fn default_currency() -> String {
    "USD".to_string()
}

fn default_calendar() -> CalendarKind {
    CalendarKind::Workdays
}

/// A date written either as a TOML local date (`2027-01-04`) or as a string (`"2027-01-04"`).
#[derive(Debug, Clone)]
pub struct DateValue(pub String);

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Toml(toml::value::Datetime),
            Text(String),
        }
        match Raw::deserialize(d) {
            Ok(Raw::Toml(dt)) => Ok(DateValue(dt.to_string())),
            Ok(Raw::Text(s)) => Ok(DateValue(s)),
            Err(_) => Err(serde::de::Error::custom(
                "expected a date such as 2027-01-04",
            )),
        }
    }
}

impl DateValue {
    /// The civil date, or a message saying what is wrong with it.
    pub fn to_date(&self) -> std::result::Result<jiff::civil::Date, String> {
        self.0
            .trim()
            .parse::<jiff::civil::Date>()
            .map_err(|_| format!("`{}` is not a date; write it as YYYY-MM-DD", self.0))
    }
}

/// A role in the team: `[[people]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub role: Spanned<String>,
    /// How many people hold the role; absent: a pool with as many as the tasks ask for.
    pub count: Option<Spanned<f64>>,
    pub rate_per_day: Spanned<f64>,
    /// Share of each person's working time on this project, in (0, 1] (default 1).
    pub availability: Option<Spanned<f64>>,
    /// The first day the role is there (default: the project start).
    pub joins: Option<Spanned<DateValue>>,
    /// The last day the role works on the project (default: to the end).
    pub leaves: Option<Spanned<DateValue>>,
    /// How the role is paid; default `throughout` with a `count`, `assigned` without.
    pub paid: Option<Spanned<Paid>>,
}

/// How the people of a role are paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paid {
    /// For the working days of the tasks they work on.
    Assigned,
    /// On the payroll from the project start (or `joins`) to its finish (or `leaves`).
    Throughout,
}

/// A task: `[[tasks]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: Spanned<String>,
    pub name: Option<String>,
    /// Where the task sits in the plan's breakdown: the summary tasks or WBS nodes around it,
    /// outermost first (`Civils / Piling`). Shown in the reports beside its name.
    pub wbs: Option<String>,
    #[serde(default)]
    pub depends_on: Vec<Spanned<Dependency>>,
    /// Duration in days of the task's calendar.
    pub estimate: Option<Spanned<Estimate>>,
    /// `workdays` (the project's working days), `continuous`, or a `[[calendars]]` name.
    pub calendar: Option<Spanned<String>>,
    /// The task starts on this day at the earliest (a start-no-earlier-than constraint).
    pub start_no_earlier_than: Option<Spanned<DateValue>>,
    /// The task finishes on this day at the earliest (finish no earlier than).
    pub finish_no_earlier_than: Option<Spanned<DateValue>>,
    /// The day work on the task began (with `[project] status_date`).
    pub actual_start: Option<Spanned<DateValue>>,
    /// The day the task was finished: it is done, at its actual dates.
    pub actual_finish: Option<Spanned<DateValue>>,
    /// Work left on a started task at the status date, days of its calendar; any estimate
    /// form. Absent: the estimate less the working days since `actual_start`.
    pub remaining: Option<Spanned<Estimate>>,
    /// Role name -> allocation (1.0 = one full-time person of that role).
    pub people: Option<Spanned<BTreeMap<String, Spanned<f64>>>>,
    pub compute: Option<Spanned<Compute>>,
    /// A fixed cost in the project currency; any estimate form.
    pub cost: Option<Spanned<Estimate>>,
    /// The milestone this task belongs to (or marks, for a zero-duration task).
    pub milestone: Option<Spanned<String>>,
    /// Makes the task a level-of-effort activity spanning from the start of one task to the
    /// finish of another: it does not push the schedule and its people cost per working day.
    pub level_of_effort: Option<Spanned<LevelOfEffort>>,
}

impl Task {
    /// A task with an id and nothing else said about it.
    pub fn new(id: Spanned<String>) -> Task {
        Task {
            id,
            name: None,
            wbs: None,
            depends_on: Vec::new(),
            estimate: None,
            calendar: None,
            start_no_earlier_than: None,
            finish_no_earlier_than: None,
            actual_start: None,
            actual_finish: None,
            remaining: None,
            people: None,
            compute: None,
            cost: None,
            milestone: None,
            level_of_effort: None,
        }
    }
}

/// The span of a level-of-effort activity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelOfEffort {
    /// The task whose start opens the span.
    pub from: Spanned<String>,
    /// The task whose finish closes the span.
    pub to: Spanned<String>,
}

/// A milestone: `[[milestones]]`. Milestones named only by tasks need no entry here.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: Spanned<String>,
    pub name: Option<String>,
    pub deadline: Option<Spanned<DateValue>>,
}

/// Read and parse a scenario file.
pub fn load(path: &Path) -> Result<(Scenario, Source)> {
    let source = Source::read(path)?;
    let scenario = parse(&source)?;
    Ok((scenario, source))
}

/// Parse scenario text (at most [`MAX_SCENARIO_BYTES`] of it). A value of the wrong kind, an
/// unknown key or a missing one is an [`Error::Key`] naming the key, what it expects and the
/// fix; text that is not TOML is an [`Error::Syntax`] with the parser's message.
pub fn parse(source: &Source) -> Result<Scenario> {
    check_size(source)?;
    toml::from_str::<Scenario>(&source.text).map_err(|e| parse_error::error(source, &e))
}

/// Refuses a scenario too large to parse in reasonable memory (see [`MAX_SCENARIO_BYTES`]).
fn check_size(source: &Source) -> Result<()> {
    if source.text.len() <= MAX_SCENARIO_BYTES {
        return Ok(());
    }
    Err(Error::Read {
        path: source.path.clone(),
        source: std::io::Error::other(format!(
            "a scenario holds at most {} MiB of TOML (this one holds {} MiB: parsing it would take about 60 times that in memory); split the plan, or import the schedule from its own format",
            MAX_SCENARIO_BYTES >> 20,
            source.text.len() >> 20
        )),
    })
}

#[cfg(test)]
mod tests;
