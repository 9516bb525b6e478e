//! MS Project XML (MSPDI) files: a plan as MS Project (or a converter such as MPXJ) saves it,
//! read into a [`Schedule`] so that `riskplan run plan.xml` simulates it directly.
//!
//! What maps where (the details are in each part's file):
//! - the project: its `Name`, else `Title`, else the file's stem; `StartDate` is day 0 (else
//!   the earliest task `Start`, else `ReadOptions::start`); `CurrencyCode`; `CalendarUID` is
//!   the default calendar; `MinutesPerDay` gives the hours per day of calendars without
//!   working times and of hourly rates. The status date is `StatusDate`, else `CurrentDate`
//!   when some task records progress (MS Project measures progress at the current date when
//!   no status date is set), else none.
//! - calendars (`calendars.rs`): working weeks, hours per day, exceptions, base calendars.
//!   Only the calendars the project and its tasks use are kept; the others (resource
//!   calendars) are counted as not carried.
//! - tasks (`tasks.rs`): id = `UID`, summary paths from the outline, durations, milestones,
//!   calendars, fixed costs, constraints and deadlines, progress, stored `Start`/`Finish`,
//!   extended attributes as fields (by alias, else field name; `Estimated` as a field too).
//! - links (`links.rs`): all four kinds, lags in working days of the successor's calendar.
//! - resources and assignments (`resources.rs`).
//! - `levelled` is `Some(false)`: MS Project's dates are levelled only when asked.
//!
//! The XML is read within bounds (`xml.rs`): no entity expansion, a depth limit, and the
//! size limit of `Source::read`. Errors name the file and the line, and the task when they
//! are about one.

mod calendars;
mod links;
mod resources;
mod tasks;
mod values;
mod xml;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use super::ReadOptions;
use super::schedule::{Calendar, Schedule};
use crate::error::Result;
use crate::scenario::Source;
use values::Record;

pub use xml::{MAX_DEPTH, NAMESPACE};

/// True when `text` begins like an MS Project XML document: a root `<Project>` element in
/// the namespace `http://schemas.microsoft.com/project`.
pub fn looks_like(text: &str) -> bool {
    xml::looks_like(text)
}

/// Parses MS Project XML text.
pub fn parse(file: &Source, options: &ReadOptions) -> Result<Schedule> {
    let project = xml::read(file)?;
    let record = Record::other(file, "the project".into());
    let mut not_carried = BTreeMap::new();

    let minutes_per_day = record.number(&project, "MinutesPerDay")?.unwrap_or(480.0);
    if !(minutes_per_day > 0.0 && minutes_per_day <= 1440.0) {
        return Err(record.error(
            &project,
            format!(
                "`<MinutesPerDay>` must be more than 0 and at most 1440, not {minutes_per_day}"
            ),
        ));
    }
    let hours_per_day = minutes_per_day / 60.0;
    let mut calendars = calendars::read(file, &project, hours_per_day, &mut not_carried)?;
    let default_calendar = match record.int(&project, "CalendarUID")? {
        Some(uid) if calendars.by_uid.contains_key(&uid) => uid,
        Some(uid) => {
            return Err(record.error(
                &project,
                format!("its `<CalendarUID>` {uid} names no calendar of the file"),
            ));
        }
        None => match calendars.order.first() {
            Some(&uid) => uid,
            None => {
                // No calendar at all: MS Project's standard week.
                let mut standard = Calendar::continuous("Standard");
                standard.workweek.truncate(5);
                standard.hours_per_day = hours_per_day;
                calendars.by_uid.insert(-1, standard);
                calendars.order.push(-1);
                -1
            }
        },
    };

    let field_names = field_names(&project);
    let cx = tasks::Context {
        source: file,
        calendars: &calendars,
        default_calendar,
        field_names: &field_names,
    };
    let read = tasks::read(&cx, &project, &mut not_carried)?;
    let links = links::read(file, &read, &calendars, &mut not_carried)?;
    let resources = resources::resources(file, &project, hours_per_day, &mut not_carried)?;
    let assignments = resources::assignments(file, &project, &read, &resources, &mut not_carried)?;

    let start = match record.date(&project, "StartDate")? {
        Some(d) => d,
        None => match read.tasks.iter().filter_map(|t| t.stored.map(|s| s.start)).min() {
            Some(d) => d,
            None => options.start.ok_or_else(|| {
                record.error(
                    &project,
                    "has no `<StartDate>` and no task has a `<Start>`: give the plan's start with --start",
                )
            })?,
        },
    };
    let any_progress = read.tasks.iter().any(|t| t.progress.is_some());
    let status_date = match record.date(&project, "StatusDate")? {
        Some(d) => Some(d),
        None if any_progress => record.date(&project, "CurrentDate")?,
        None => None,
    };

    // The calendars the project and its tasks use, in the file's order.
    let default_name = calendars.by_uid[&default_calendar].name.clone();
    let used: std::collections::HashSet<&str> = read
        .tasks
        .iter()
        .filter_map(|t| t.calendar.as_deref())
        .chain([default_name.as_str()])
        .collect();
    let mut kept = Vec::new();
    for uid in &calendars.order {
        let c = &calendars.by_uid[uid];
        if used.contains(c.name.as_str()) {
            kept.push(c.clone());
        } else {
            *not_carried
                .entry("calendars no task uses (resource calendars)".into())
                .or_default() += 1;
        }
    }

    let name = project
        .text("Name")
        .or_else(|| project.text("Title"))
        .map(str::to_string)
        .unwrap_or_else(|| {
            file.path
                .file_stem()
                .map(|s| s.to_string_lossy().trim_end_matches(".mspdi").to_string())
                .unwrap_or_else(|| "mspdi".into())
        });
    Ok(Schedule {
        name,
        start,
        currency: project.text("CurrencyCode").map(str::to_string),
        status_date,
        calendars: kept,
        default_calendar: default_name,
        tasks: read.tasks,
        links,
        resources,
        assignments,
        levelled: Some(false),
        not_carried,
    })
}

/// The names of the extended attributes by `FieldID`: the `Alias`, else the `FieldName`.
fn field_names(project: &xml::Node) -> HashMap<String, String> {
    let mut names = HashMap::new();
    if let Some(defs) = project.child("ExtendedAttributes") {
        for def in defs.all("ExtendedAttribute") {
            let Some(id) = def.text("FieldID") else {
                continue;
            };
            if let Some(name) = def.text("Alias").or_else(|| def.text("FieldName")) {
                names.insert(id.to_string(), name.to_string());
            }
        }
    }
    names
}
