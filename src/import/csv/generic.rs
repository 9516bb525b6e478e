//! The generic task CSV: a plan kept in a spreadsheet, one task a row, read into a
//! [`Schedule`]. Column names are matched whatever their case (`Depends On` = `depends_on`).
//!
//! | column | holds |
//! |---|---|
//! | `id` (required) | the task's id, unique |
//! | `name` | its name (default: the id) |
//! | `duration` | working days (`3`, `2.5d`, `16h` at `hours_per_day`, `2w` = 10 days; on `continuous`, 24 hours and 7 days a week) |
//! | `min`, `likely`, `max` | a three-point estimate, same units (`likely` alone: fixed) |
//! | `depends_on` | predecessors, separated by `;` or `,`: `ID` (finish-to-start), `ID:SS`, `ID:FS+2`, `ID:FF-1` (type FS, SS, FF or SF; then a lag in working days, negative for a lead) |
//! | `risk` | `low`, `medium`, `high` or `very_high` |
//! | `people` or `role` | `ml-engineer`, or `ml-engineer=2; data-engineer=0.5` (units of each role; default 1; both columns may be given) |
//! | `milestone` | `yes`/`no` (a milestone's duration is 0) |
//! | `level_of_effort` | `yes`/`no`: spans its predecessors to its successors |
//! | `cost` | a fixed cost |
//! | `calendar` | `workdays` (default) or `continuous` (every day: compute that runs over weekends) |
//! | `summary` | the groups the task sits in, outermost first, separated by `/` |
//! | `actual_start`, `actual_finish` | ISO dates of the work done |
//! | `remaining` | working days still to do (0 once `actual_finish` is set) |
//! | `start_no_earlier_than`, `finish_no_later_than` | ISO dates the task is held to |
//!
//! A task needs `duration` or `likely` unless it is a milestone or level-of-effort. Any other
//! column is kept as a field of the task (for `--risk-field`). A missing column, an unknown
//! predecessor (with the closest id), a value that does not read or a duplicate id is an
//! error naming the file, the line and the task.

use std::collections::{HashMap, HashSet};

use super::table::{Row, Table, header_names, same_name};
use super::values::{date, duration_days, number, split_refs, yes_no};
use super::{CALENDAR, ReadOptions, assign, date_progress, empty_schedule};
use crate::error::{Error, Kind, Referrer, Result};
use crate::import::schedule::{
    Calendar, Constraint, Link, LinkKind, Progress, Schedule, Task, ThreePoint,
};
use crate::model::did_you_mean;
use crate::scenario::Source;

/// The calendar a task names with `calendar = continuous`.
const CONTINUOUS: &str = "continuous";

/// The risk levels a `risk` cell may name.
const RISK_LEVELS: [&str; 4] = ["low", "medium", "high", "very_high"];

/// The working days in a week and hours in a day of a task's calendar, for durations given
/// in weeks or hours: a continuous task works every day, around the clock.
fn units(continuous: bool, hours_per_day: f64) -> (f64, f64) {
    if continuous {
        (7.0, 24.0)
    } else {
        (5.0, hours_per_day)
    }
}

/// True when the header row has an `id` column and a `duration` or `likely` one.
pub fn looks_like(text: &str) -> bool {
    let names = header_names(text);
    let has = |n: &str| names.iter().any(|h| same_name(h, n));
    has("id") && (has("duration") || has("likely"))
}

/// True when the header row has one of the task CSV's main columns, though perhaps not all
/// it needs.
pub(crate) fn resembles(text: &str) -> bool {
    let names = header_names(text);
    ["id", "name", "duration", "likely", "depends_on"]
        .iter()
        .any(|n| names.iter().any(|h| same_name(h, n)))
}

/// The columns of the layout, found once.
struct Columns {
    id: usize,
    name: Option<usize>,
    duration: Option<usize>,
    min: Option<usize>,
    likely: Option<usize>,
    max: Option<usize>,
    depends_on: Option<usize>,
    risk: Option<usize>,
    people: Vec<usize>,
    milestone: Option<usize>,
    level_of_effort: Option<usize>,
    cost: Option<usize>,
    calendar: Option<usize>,
    summary: Option<usize>,
    actual_start: Option<usize>,
    actual_finish: Option<usize>,
    remaining: Option<usize>,
    start_no_earlier_than: Option<usize>,
    finish_no_later_than: Option<usize>,
}

impl Columns {
    fn of(table: &Table) -> Result<Columns> {
        let id = table.require("id")?;
        let duration = table.find("duration");
        let likely = table.find("likely");
        if duration.is_none() && likely.is_none() {
            return Err(table.missing(&["duration", "likely"]));
        }
        let mut people = table.find_all("people");
        people.extend(table.find_all("role"));
        people.sort_unstable();
        Ok(Columns {
            id,
            name: table.find("name"),
            duration,
            min: table.find("min"),
            likely,
            max: table.find("max"),
            depends_on: table.find("depends_on"),
            risk: table.find("risk"),
            people,
            milestone: table.find("milestone"),
            level_of_effort: table.find("level_of_effort"),
            cost: table.find("cost"),
            calendar: table.find("calendar"),
            summary: table.find("summary"),
            actual_start: table.find("actual_start"),
            actual_finish: table.find("actual_finish"),
            remaining: table.find("remaining"),
            start_no_earlier_than: table.find("start_no_earlier_than"),
            finish_no_later_than: table.find("finish_no_later_than"),
        })
    }

    fn used(&self) -> HashSet<usize> {
        let mut used: HashSet<usize> = [
            self.name,
            self.duration,
            self.min,
            self.likely,
            self.max,
            self.depends_on,
            self.risk,
            self.milestone,
            self.level_of_effort,
            self.cost,
            self.calendar,
            self.summary,
            self.actual_start,
            self.actual_finish,
            self.remaining,
            self.start_no_earlier_than,
            self.finish_no_later_than,
        ]
        .into_iter()
        .flatten()
        .collect();
        used.insert(self.id);
        used.extend(&self.people);
        used
    }
}

/// Parses a task CSV.
pub fn parse(file: &Source, options: &ReadOptions) -> Result<Schedule> {
    let table = Table::read(file, "task CSV", "task")?;
    let cols = Columns::of(&table)?;
    let used = cols.used();
    let mut schedule = empty_schedule(file, options)?;
    let hours = options.hours_per_day;
    let mut rows: HashMap<String, usize> = HashMap::new();
    for (r, row) in table.rows.iter().enumerate() {
        let Some(id) = row.get(Some(cols.id)) else {
            return Err(file.invalid(row.at..row.at, "this row has no `id`"));
        };
        if rows.insert(id.to_string(), r).is_some() {
            return Err(table.fail(row, id, "appears twice; each task needs its own id"));
        }
        let mut task = Task::new(id, row.get(cols.name).unwrap_or(id), 0.0);
        let flag = |col: Option<usize>, what: &str| -> Result<bool> {
            match row.get(col) {
                None => Ok(false),
                Some(text) => yes_no(text).ok_or_else(|| {
                    table.fail(row, id, format!("`{what}` must be yes or no, not `{text}`"))
                }),
            }
        };
        task.milestone = flag(cols.milestone, "milestone")?;
        task.level_of_effort = flag(cols.level_of_effort, "level_of_effort")?;
        let continuous = match row
            .get(cols.calendar)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some(CALENDAR) => false,
            Some(CONTINUOUS) => true,
            Some(other) => {
                return Err(table.fail(
                    row,
                    id,
                    format!("`calendar` must be `workdays` or `continuous`, not `{other}`"),
                ));
            }
        };
        if continuous {
            task.calendar = Some(CONTINUOUS.into());
        }
        let (week, task_hours) = units(continuous, hours);
        let days = |col: Option<usize>, what: &str| -> Result<Option<f64>> {
            match row.get(col) {
                None => Ok(None),
                Some(text) => duration_days(text, task_hours, week)
                    .map(Some)
                    .ok_or_else(|| {
                        table.fail(
                            row,
                            id,
                            format!("`{what}` must be a number of working days (`3`, `2.5d`, `16h`, `2w`), not `{text}`"),
                        )
                    }),
            }
        };
        let likely = match days(cols.likely, "likely")? {
            Some(d) => Some(d),
            None => days(cols.duration, "duration")?,
        };
        let (min, max) = (days(cols.min, "min")?, days(cols.max, "max")?);
        match (min, likely, max) {
            (None, Some(l), None) => task.duration_days = l,
            (Some(lo), Some(l), Some(hi)) => {
                if !(lo <= l && l <= hi) {
                    return Err(table.fail(
                        row,
                        id,
                        format!("the estimate must have min <= likely <= max, not {lo}, {l}, {hi}"),
                    ));
                }
                task.duration_days = l;
                task.estimate = Some(ThreePoint {
                    min_days: lo,
                    likely_days: l,
                    max_days: hi,
                });
            }
            (None, None, None) if task.milestone || task.level_of_effort => {}
            (None, None, None) => {
                return Err(table.fail(
                    row,
                    id,
                    "has no duration; give `duration` (or `likely`, with `min` and `max` for a range)",
                ));
            }
            _ => {
                return Err(table.fail(
                    row,
                    id,
                    "a three-point estimate needs all of `min`, `likely` (or `duration`) and `max`",
                ));
            }
        }
        if task.milestone {
            task.duration_days = 0.0;
            task.estimate = None;
        }
        if let Some(text) = row.get(cols.risk) {
            let level = text.to_ascii_lowercase().replace([' ', '-'], "_");
            if !RISK_LEVELS.contains(&level.as_str()) {
                let hint = did_you_mean(&level, RISK_LEVELS)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(table.fail(
                    row,
                    id,
                    format!("`risk` must be low, medium, high or very_high, not `{text}`{hint}"),
                ));
            }
            task.risk = Some(level);
        }
        if let Some(text) = row.get(cols.cost) {
            task.fixed_cost = Some(number(text).ok_or_else(|| {
                table.fail(row, id, format!("`cost` must be a number, not `{text}`"))
            })?);
        }
        if let Some(text) = row.get(cols.summary) {
            task.summary = text
                .split('/')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        }
        let day = |col: Option<usize>, what: &str| -> Result<Option<jiff::civil::Date>> {
            match row.get(col) {
                None => Ok(None),
                Some(text) => date(text).map(Some).ok_or_else(|| {
                    table.fail(
                        row,
                        id,
                        format!("`{what}` must be a date (YYYY-MM-DD), not `{text}`"),
                    )
                }),
            }
        };
        if let Some(d) = day(cols.start_no_earlier_than, "start_no_earlier_than")? {
            task.constraints.push(Constraint::StartNoEarlierThan(d));
        }
        if let Some(d) = day(cols.finish_no_later_than, "finish_no_later_than")? {
            task.constraints.push(Constraint::FinishNoLaterThan(d));
        }
        let actual_start = day(cols.actual_start, "actual_start")?;
        let actual_finish = day(cols.actual_finish, "actual_finish")?;
        let mut remaining_days = days(cols.remaining, "remaining")?;
        if let (Some(s), Some(f)) = (actual_start, actual_finish)
            && f < s
        {
            return Err(table.fail(
                row,
                id,
                format!("`actual_finish` {f} is before `actual_start` {s}"),
            ));
        }
        if actual_finish.is_some() {
            remaining_days = Some(0.0);
        }
        if actual_start.is_some() || actual_finish.is_some() || remaining_days.is_some() {
            task.progress = Some(Progress {
                actual_start,
                actual_finish,
                remaining_days,
            });
        }
        task.fields = table.fields(row, &used, str::to_string);
        for &col in &cols.people {
            if let Some(cell) = row.get(Some(col)) {
                people(&table, row, id, cell, &mut schedule)?;
            }
        }
        schedule.tasks.push(task);
    }
    if schedule.tasks.iter().any(|t| t.calendar.is_some()) {
        schedule.calendars.push(Calendar::continuous(CONTINUOUS));
    }
    for row in &table.rows {
        let id = row.get(Some(cols.id)).unwrap_or_default();
        if let Some(cell) = row.get(cols.depends_on) {
            let continuous = schedule.tasks[rows[id]].calendar.is_some();
            for item in split_refs(cell) {
                let link = dependency(&table, row, id, item, continuous, hours)?;
                if !rows.contains_key(&link.predecessor) {
                    return Err(file.place(
                        row.at..row.at,
                        Error::Unknown {
                            location: None,
                            what: Kind::Task,
                            suggestion: did_you_mean(
                                &link.predecessor,
                                rows.keys().map(String::as_str),
                            ),
                            name: link.predecessor,
                            by: Some(Box::new(Referrer::Task(id.to_string()))),
                        },
                    ));
                }
                if link.predecessor == id {
                    return Err(table.fail(row, id, "depends on itself"));
                }
                schedule.links.push(link);
            }
        }
    }
    date_progress(&mut schedule);
    Ok(schedule)
}

/// The roles of one `people` (or `role`) cell: `name` or `name=units`, separated by `;` or `,`.
fn people(table: &Table, row: &Row, id: &str, cell: &str, schedule: &mut Schedule) -> Result<()> {
    for item in split_refs(cell) {
        let (name, units) = match item.split_once('=') {
            None => (item, 1.0),
            Some((name, units)) => {
                let units = number(units).filter(|u| *u > 0.0).ok_or_else(|| {
                    table.fail(
                        row,
                        id,
                        format!(
                            "the units of `{}` must be a number above 0, not `{}`",
                            name.trim(),
                            units.trim()
                        ),
                    )
                })?;
                (name.trim(), units)
            }
        };
        if name.is_empty() {
            return Err(table.fail(row, id, format!("`{item}` names no role")));
        }
        assign(schedule, id, name, units);
    }
    Ok(())
}

/// One item of a `depends_on` cell: `ID`, `ID:TYPE` or `ID:TYPE+LAG` / `ID:TYPE-LAG`.
fn dependency(
    table: &Table,
    row: &Row,
    id: &str,
    item: &str,
    continuous: bool,
    hours_per_day: f64,
) -> Result<Link> {
    let bad = || {
        table.fail(
            row,
            id,
            format!("cannot read the dependency `{item}`: write `ID`, `ID:SS`, `ID:FS+2` or `ID:FF-1` (type FS, SS, FF or SF, then a lag in working days)"),
        )
    };
    let (predecessor, spec) = match item.rsplit_once(':') {
        Some((p, spec)) => (p.trim(), spec.trim()),
        None => (item.trim(), ""),
    };
    if predecessor.is_empty() {
        return Err(bad());
    }
    let cut = spec.len().min(2);
    let (Some(kind), Some(lag)) = (spec.get(..cut), spec.get(cut..)) else {
        return Err(bad());
    };
    let kind = match kind.to_ascii_uppercase().as_str() {
        "" | "FS" => LinkKind::FS,
        "SS" => LinkKind::SS,
        "FF" => LinkKind::FF,
        "SF" => LinkKind::SF,
        _ => return Err(bad()),
    };
    let lag = lag.trim();
    let lag_days = if lag.is_empty() {
        0.0
    } else {
        let (sign, magnitude) = if let Some(rest) = lag.strip_prefix('+') {
            (1.0, rest)
        } else if let Some(rest) = lag.strip_prefix('-') {
            (-1.0, rest)
        } else {
            return Err(bad());
        };
        let (week, hours) = units(continuous, hours_per_day);
        sign * duration_days(magnitude, hours, week).ok_or_else(bad)?
    };
    Ok(Link {
        predecessor: predecessor.to_string(),
        successor: id.to_string(),
        kind,
        lag_days,
    })
}

#[cfg(test)]
#[path = "generic_tests.rs"]
mod tests;
