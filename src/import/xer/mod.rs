//! Primavera P6 XER exports: the tab-separated tables P6 writes, read into a [`Schedule`] so
//! that `riskplan run plan.xer` simulates a P6 programme directly.
//!
//! What maps where (the first project of the file; others are counted as not carried):
//! - `PROJECT`: the name (`proj_short_name`); the start (`plan_start_date`, or the earliest
//!   actual start when earlier); the status date (the data date `last_recalc_date`, else
//!   `next_data_date`); the default calendar (`clndr_id`, else the calendar flagged
//!   `default_flag`). The currency is the base currency of `CURRTYPE` (exchange rate 1), else
//!   the one the `ERMHDR` line names.
//! - `CALENDAR`: see [`calendars`]: name, working week, exceptions, hours per day.
//! - `TASK`, `PROJWBS`: see [`tasks`]: activities by `task_code`, durations in hours divided
//!   by the calendar's hours per day, milestones, level of effort, WBS paths, constraints,
//!   progress and P6's own dates.
//! - `TASKPRED`: see [`links`]. `RSRC`, `RSRCRATE`, `TASKRSRC`, `PROJCOST`: see
//!   [`resources`]. `UDFTYPE`, `UDFVALUE`, `ACTVTYPE`, `ACTVCODE`, `TASKACTV`: see [`fields`].
//! - every other table is counted, by rows, as not carried (`P6 table OBS`).
//!
//! Errors name the file and the line, and the activity (`task_code`) when they are about one.

mod calendar;
mod calendars;
mod fields;
mod links;
mod resources;
mod table;
mod tasks;

use jiff::civil::Date;

use super::ReadOptions;
use super::schedule::{Calendar, Schedule};
use crate::error::Result;
use crate::scenario::Source;
use calendars::Calendars;
use table::{Record, Tables};

/// Tables the reader reads; any other is counted as not carried.
const READ: [&str; 16] = [
    "CURRTYPE",
    "PROJECT",
    "CALENDAR",
    "SCHEDOPTIONS",
    "PROJWBS",
    "TASK",
    "TASKPRED",
    "RSRC",
    "RSRCRATE",
    "TASKRSRC",
    "PROJCOST",
    "UDFTYPE",
    "UDFVALUE",
    "ACTVTYPE",
    "ACTVCODE",
    "TASKACTV",
];

/// Whether `text` (the start of a file) is a P6 XER export.
pub fn looks_like(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("ERMHDR")
}

/// Parses XER text (already decoded by [`Source::read`]).
pub fn parse(source: &Source, _options: &ReadOptions) -> Result<Schedule> {
    let tables = Tables::split(source)?;
    let project_table = tables.required(source, "PROJECT")?;
    project_table.required(source, "proj_id")?;
    let Some(project) = project_table.records(source).next() else {
        let at = project_table.at;
        return Err(source.invalid(at..at, "the `PROJECT` table has no project"));
    };
    let proj_id = project.text("proj_id");
    let name = project
        .get("proj_short_name")
        .or_else(|| project.get("proj_name"))
        .unwrap_or(proj_id);
    let calendars = Calendars::read(source, &tables)?;
    let default_calendar = default_calendar(source, &tables, &project, &calendars)?;
    let status = match project.stamp("last_recalc_date", "the project")? {
        Some(s) => Some(s),
        None => project.stamp("next_data_date", "the project")?,
    };
    let placeholder = Calendar::continuous("");
    let mut schedule = Schedule::new(name, Date::ZERO, placeholder);
    schedule.status_date = status.map(|s| s.date);
    schedule.currency = currency(source, &tables);
    schedule.levelled = Some(false);
    let ctx = Context {
        source,
        tables: &tables,
        proj_id,
        calendars: &calendars,
        default_calendar: &default_calendar,
    };
    let read = tasks::read(&ctx, &mut schedule)?;
    calendars.fill(&mut schedule, &|id| read.calendars_used.contains(id));
    schedule.default_calendar = calendars.by_id[&default_calendar].name.clone();
    schedule.start = start(&project, &read)?;
    links::read(&ctx, &read, &mut schedule)?;
    resources::read(&ctx, &read, &mut schedule)?;
    fields::read(&ctx, &read, &mut schedule)?;
    for _ in project_table.rows.iter().skip(1) {
        schedule.not_carried("P6 projects besides the first");
    }
    for t in &tables.tables {
        if !READ.contains(&t.name) && !t.rows.is_empty() {
            *schedule
                .not_carried
                .entry(format!("P6 table {}", t.name))
                .or_default() += t.rows.len();
        }
    }
    Ok(schedule)
}

/// What every part of the reader needs.
pub(crate) struct Context<'a, 's> {
    pub source: &'a Source,
    pub tables: &'a Tables<'s>,
    /// The `proj_id` of the project read.
    pub proj_id: &'s str,
    pub calendars: &'a Calendars,
    /// The `clndr_id` of the project's calendar.
    pub default_calendar: &'a str,
}

impl Context<'_, '_> {
    /// Whether a row belongs to the project read (rows without `proj_id` do).
    fn ours(&self, r: &Record) -> bool {
        r.get("proj_id").is_none_or(|p| p == self.proj_id)
    }
}

/// The project's calendar: its `clndr_id`, else the calendar flagged as the default, else the
/// first one.
fn default_calendar(
    source: &Source,
    tables: &Tables,
    project: &Record,
    calendars: &Calendars,
) -> Result<String> {
    if let Some(id) = project.get("clndr_id") {
        if calendars.by_id.contains_key(id) {
            return Ok(id.to_string());
        }
        return Err(project.invalid(
            "the project",
            format!("`clndr_id` {id} is not in the `CALENDAR` table"),
        ));
    }
    let table = tables.required(source, "CALENDAR")?;
    let mut records = table.records(source);
    let flagged = table
        .records(source)
        .find(|r| r.text("default_flag") == "Y");
    flagged
        .or_else(|| records.next())
        .map(|r| r.text("clndr_id").to_string())
        .ok_or_else(|| source.invalid(table.at..table.at, "the `CALENDAR` table is empty"))
}

/// The base currency of `CURRTYPE` (exchange rate 1), else the `ERMHDR` line's.
fn currency(source: &Source, tables: &Tables) -> Option<String> {
    let base = tables.get("CURRTYPE").and_then(|t| {
        t.records(source)
            .find(|r| r.text("base_exch_rate").parse::<f64>() == Ok(1.0))
            .and_then(|r| r.get("curr_short_name"))
    });
    base.or_else(|| {
        tables
            .header
            .get(8)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
    })
    .map(str::to_string)
}

/// The first day of the plan: `plan_start_date`, or the earliest actual start if earlier,
/// else the earliest early start.
fn start(project: &Record, read: &tasks::Read) -> Result<Date> {
    let planned = project
        .stamp("plan_start_date", "the project")?
        .map(|s| s.date);
    let earliest = read.earliest_actual.into_iter().chain(planned).min();
    earliest
        .or(read.earliest_early)
        .ok_or_else(|| project.invalid("the project", "no `plan_start_date` and no dates"))
}

#[cfg(test)]
#[path = "mod_tests.rs"]
mod tests;
