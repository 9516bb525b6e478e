//! Imports of schedules written by other tools. Each format's reader produces a
//! [`Schedule`], the one plan shape every importer shares, and [`to_scenario`] turns it into
//! the `Scenario` the model compiles. [`load`] is the one entry point for a plan on disk,
//! whatever its format.

pub mod gan;
pub mod mspdi;
pub mod psplib;
pub mod schedule;
mod to_scenario;

use std::path::Path;

pub use schedule::Schedule;
pub use to_scenario::to_scenario;

use crate::error::Result;
use crate::scenario::{self, Scenario, Source};

/// What a reader may need beyond the file: the answers to questions some formats leave open.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// Day 0 of the plan for files that record no project start (task CSVs, Jira and Asana
    /// exports); `None`: today.
    pub start: Option<jiff::civil::Date>,
    /// Working days per story point, for trackers' exports that estimate in points.
    pub points_days: f64,
    /// Working hours in a day, for files that give estimates in hours or seconds and carry
    /// no calendar of their own (Jira's `Original Estimate`).
    pub hours_per_day: f64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            start: None,
            points_days: 1.0,
            hours_per_day: 8.0,
        }
    }
}

/// A plan read from disk, ready for `model::compile(&loaded.scenario, &loaded.source)`.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file as read: what a shard file carries so that a merge can read it again.
    pub file: Source,
    pub scenario: Scenario,
    /// What compile errors point into: the TOML text, or the imported file by name.
    pub source: Source,
    /// The schedule the scenario was converted from, when the file is an import.
    pub schedule: Option<Schedule>,
}

/// Reads a plan, choosing the format by the file's extension: `.sm` is a PSPLIB instance,
/// `.rcp` a Patterson-format one, `.gan` a GanttProject plan, `.xml` an MS Project XML file, anything else a TOML scenario.
pub fn load(path: &Path) -> Result<Loaded> {
    parse(Source::read(path)?)
}

/// Parses a plan already read (e.g. the copy a shard file carries), choosing the format by
/// the file's extension as `load` does.
pub fn parse(file: Source) -> Result<Loaded> {
    let ext = file
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("sm") => {
            let (schedule, _instance) = psplib::parse(&file)?;
            imported(file, schedule)
        }
        Some("gan") => {
            let schedule = gan::parse(&file)?;
            imported(file, schedule)
        }
        Some("xml") => {
            let schedule = mspdi::parse(&file, &ReadOptions::default())?;
            imported(file, schedule)
        }
        Some("rcp") => {
            let schedule = psplib::rcp::parse(&file)?;
            imported(file, schedule)
        }
        _ => {
            let scenario = scenario::parse(&file)?;
            Ok(Loaded {
                source: file.clone(),
                file,
                scenario,
                schedule: None,
            })
        }
    }
}

/// The scenario of a schedule imported from `file`.
fn imported(file: Source, schedule: Schedule) -> Result<Loaded> {
    let (scenario, source) = to_scenario(&schedule, &file.path)?;
    Ok(Loaded {
        file,
        scenario,
        source,
        schedule: Some(schedule),
    })
}
