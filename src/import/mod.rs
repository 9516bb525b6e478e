//! Imports of schedules written by other tools. Each format's reader produces a
//! [`Schedule`], the one plan shape every importer shares, and [`to_scenario`] turns it into
//! the `Scenario` the model compiles. [`load`] is the one entry point for a plan on disk,
//! whatever its format.

mod agreement;
pub mod csv;
mod detect;
pub mod gan;
pub mod mspdi;
pub mod psplib;
pub mod schedule;
mod to_scenario;
mod write;
pub mod xer;

use std::collections::BTreeMap;
use std::path::Path;

pub use agreement::{Agreement, agreement};
pub use detect::{Format, detect};
pub use schedule::Schedule;
pub use to_scenario::{Converted, RiskTemplate, to_scenario};
pub use write::write_toml;

use crate::error::{Error, Result};
use crate::scenario::{self, Scenario, Source};

/// How a file is imported: its format when it should not be detected, what its reader needs,
/// and the uncertainty to put on tasks that have none. A shard records them, so that a merge
/// reads the file as the run did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportOptions {
    /// `None`: detected from the content.
    pub format: Option<Format>,
    pub read: ReadOptions,
    pub risk: RiskTemplate,
}

/// What a reader may need beyond the file: the answers to questions some formats leave open.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
    pub format: Format,
    pub scenario: Scenario,
    /// What compile errors point into: the TOML text, or the imported file by name.
    pub source: Source,
    /// The schedule the scenario was converted from, when the file is an import.
    pub schedule: Option<Schedule>,
    /// What an import could not carry over, counted by kind.
    pub not_carried: BTreeMap<String, usize>,
    /// How the file was read: the options given, with the start a file without one was
    /// given (today, when none was asked for). Reading the file again with them gives the
    /// same plan on any day: what a shard records for its merge.
    pub options: ImportOptions,
}

impl Loaded {
    /// The one warning listing what an import left out, when it left anything out.
    pub fn warning(&self) -> Option<String> {
        to_scenario::warning(&self.file.path, &self.not_carried)
    }
}

/// Reads a plan in any format riskplan reads, in the format its content shows, as it is.
pub fn load(path: &Path) -> Result<Loaded> {
    load_with(path, &ImportOptions::default())
}

/// Reads a plan in any format riskplan reads, as `options` say.
pub fn load_with(path: &Path, options: &ImportOptions) -> Result<Loaded> {
    parse(Source::read(path)?, options)
}

/// Parses a plan already read (e.g. the copy a shard file carries), in the format its content
/// shows or `options` names.
pub fn parse(file: Source, options: &ImportOptions) -> Result<Loaded> {
    let ext = file
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let format = match options.format {
        Some(f) => f,
        None => detect(&file.text, ext.as_deref()).ok_or_else(|| Error::Import {
            file: file.path.clone(),
            problem: Box::new(Error::Invalid {
                location: None,
                task: None,
                message: format!(
                    "this is not a format riskplan reads; it reads {}. Name the format with --format if the file is one of them",
                    Format::list()
                ),
            }),
        })?,
    };
    // Files that record no start begin today, unless told otherwise: fixed here, once.
    let mut options = options.clone();
    if matches!(format, Format::Csv | Format::Jira | Format::Asana) && options.read.start.is_none()
    {
        let today = jiff::ZonedDateTime::now().date();
        options.read.start = Some(today);
    }
    let schedule = match format {
        Format::Toml => {
            let scenario = scenario::parse(&file)?;
            return Ok(Loaded {
                source: file.clone(),
                file,
                format,
                scenario,
                schedule: None,
                not_carried: BTreeMap::new(),
                options,
            });
        }
        Format::Psplib => psplib::parse(&file)?.0,
        Format::Patterson => psplib::rcp::parse(&file)?,
        Format::Gan => gan::parse(&file)?,
        // The header says which layout: a forced `--format csv` reads any of the three.
        Format::Csv => csv::parse(&file, &options.read)?,
        Format::Jira => csv::jira::parse(&file, &options.read)?,
        Format::Asana => csv::asana::parse(&file, &options.read)?,
        Format::Xer => xer::parse(&file, &options.read)?,
        Format::Mspdi => mspdi::parse(&file, &options.read)?,
    };
    let converted = to_scenario(&schedule, &file.path, &options.risk)?;
    Ok(Loaded {
        file,
        format,
        scenario: converted.scenario,
        source: converted.source,
        schedule: Some(schedule),
        not_carried: converted.not_carried,
        options,
    })
}
