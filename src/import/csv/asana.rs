//! Asana's project export (CSV): the tasks of a project, read into a [`Schedule`].
//!
//! What maps where:
//! - each row is a task: `Task ID` is its id, `Name` its name, `Section/Column` its summary
//!   path. A task whose subtasks are in the export (their `Parent task` names it, by name or
//!   ID) is a group, not a task: its subtasks carry its path and its name in theirs, and its
//!   own dates, estimate and assignee are not carried. A link to or from a group stands for
//!   a link to or from every task inside it.
//! - the duration, from the first of: an estimate column (`Estimated time`, Asana's own
//!   time field, in minutes; else a custom field whose name says its unit: `days`, `hours` or
//!   `points`, e.g. `Estimate (days)`, `Story points`, points times the days per point); both
//!   `Start Date` and `Due Date` (the working days from one to the other, both counted); a
//!   `Due Date` alone (one day). A task with none of them is an error that lists every such
//!   task.
//! - `Start Date` and `Due Date` together are the dates the file stored for the task. A `Due
//!   Date` without a `Start Date` is also a finish-no-later-than constraint: the day it is due.
//! - `Completed At`: the task is done, finished that day (started on its `Start Date`, when it
//!   has one). Asana records no other progress.
//! - `Assignee`: a role of that name, one unit; an unassigned task needs nobody.
//! - `Blocked By (Dependencies)` (each task named blocks this one) and `Blocking
//!   (Dependencies)` (this one blocks each task named): finish-to-start links, several tasks in
//!   one cell separated by commas, each named by ID or by name (a name with a comma in it is
//!   read whole). A link given on both tasks is kept once; a name that two tasks share is an
//!   error naming both IDs.
//! - `Tags`, `Notes`, `Projects`, the other dates and every custom field are fields of the
//!   task.
//!
//! Not carried (counted in the import's warning): dependencies on tasks and parents not in
//! the export, and what a task with subtasks says of itself.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::table::{Row, Table, header_names, same_name};
use super::values::{date, number, working_days_inclusive};
use super::{ReadOptions, assign, date_progress, empty_schedule, expand_links};
use crate::error::Result;
use crate::import::schedule::{Constraint, Progress, Schedule, StoredDates, Task};
use crate::scenario::Source;

/// Minutes in an hour: Asana's `Estimated time` counts minutes.
const MINUTES_PER_HOUR: f64 = 60.0;

/// The most comma-separated pieces one task name is looked for in.
const MOST_PIECES: usize = 8;

/// Columns only Asana's export has; one of them tells it from a task CSV with `Name`.
const ASANA_COLUMNS: [&str; 5] = [
    "Section/Column",
    "Blocked By (Dependencies)",
    "Blocking (Dependencies)",
    "Parent task",
    "Completed At",
];

/// True when the header row has `Task ID`, `Name` and one of Asana's own columns.
pub fn looks_like(text: &str) -> bool {
    let names = header_names(text);
    let has = |n: &str| names.iter().any(|h| same_name(h, n));
    has("task id") && has("name") && ASANA_COLUMNS.iter().any(|c| has(c))
}

/// How an estimate column counts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Minutes,
    Days,
    Hours,
    Points,
}

/// The estimate column, if the export has one (see the module docs).
fn estimate_column(table: &Table) -> Option<(usize, Unit)> {
    if let Some(c) = table.find("Estimated time") {
        return Some((c, Unit::Minutes));
    }
    let named = |word: &str| {
        table
            .headers
            .iter()
            .position(|h| h.to_lowercase().contains(word))
    };
    [
        ("days", Unit::Days),
        ("hours", Unit::Hours),
        ("points", Unit::Points),
    ]
    .into_iter()
    .find_map(|(word, unit)| named(word).map(|c| (c, unit)))
}

/// Parses an Asana CSV export.
pub fn parse(file: &Source, options: &ReadOptions) -> Result<Schedule> {
    let table = Table::read(file, "Asana CSV", "task")?;
    let id_col = table.require("Task ID")?;
    let name_col = table.require("Name")?;
    let section = table.find("Section/Column");
    let parent_col = table.find("Parent task");
    let assignee = table.find("Assignee");
    let email = table.find("Assignee Email");
    let start_col = table.find("Start Date");
    let due_col = table.find("Due Date");
    let completed = table.find("Completed At");
    let blocked_by = table.find_all("Blocked By (Dependencies)");
    let blocking = table.find_all("Blocking (Dependencies)");
    let estimate = estimate_column(&table);
    let mut used: HashSet<usize> = [
        Some(id_col),
        Some(name_col),
        section,
        parent_col,
        assignee,
        email,
        start_col,
        due_col,
        completed,
        estimate.map(|(c, _)| c),
    ]
    .into_iter()
    .flatten()
    .collect();
    used.extend(&blocked_by);
    used.extend(&blocking);

    let mut schedule = empty_schedule(file, options)?;
    let rows = &table.rows;
    let mut ids = Vec::with_capacity(rows.len());
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(id) = row.get(Some(id_col)) else {
            return Err(file.invalid(row.at..row.at, "this row has no `Task ID`"));
        };
        if by_id.insert(id, i).is_some() {
            return Err(table.fail(row, id, "appears twice; each task has its own ID"));
        }
        ids.push(id);
        if let Some(name) = row.get(Some(name_col)) {
            by_name.entry(name).or_default().push(i);
        }
    }
    // A task named by ID, or by a name only one task has; `Ok(None)`: not in the export.
    let resolve = |row: &Row, id: &str, column: &str, name: &str| -> Result<Option<usize>> {
        if let Some(&i) = by_id.get(name) {
            return Ok(Some(i));
        }
        match by_name.get(name).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => Ok(Some(*one)),
            Some(many) => {
                let named: Vec<String> = many.iter().map(|&i| format!("`{}`", ids[i])).collect();
                Err(table.fail(
                    row,
                    id,
                    format!(
                        "`{column}` names `{name}`, which is the name of tasks {}; name the one meant by its Task ID",
                        named.join(" and ")
                    ),
                ))
            }
        }
    };

    let mut parent: Vec<Option<usize>> = vec![None; rows.len()];
    for (i, row) in rows.iter().enumerate() {
        if let Some(name) = row.get(parent_col) {
            parent[i] = resolve(row, ids[i], "Parent task", name)?.filter(|&p| p != i);
            if parent[i].is_none() {
                schedule.not_carried("Asana parent tasks not in the export");
            }
        }
    }
    let group: Vec<bool> = (0..rows.len()).map(|i| parent.contains(&Some(i))).collect();
    let ancestors = |i: usize| super::ancestors(&parent, i);

    let hours = options.hours_per_day;
    let workweek = schedule.calendars[0].workweek.clone();
    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    let mut unestimated = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let id = ids[i];
        if group[i] {
            schedule.not_carried(
                "Asana tasks with subtasks (read as groups: their own dates, estimate and assignee)",
            );
            continue;
        }
        let day = |col: Option<usize>, what: &str| -> Result<Option<Date>> {
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
        let up = ancestors(i).ok_or_else(|| table.fail(row, id, super::too_deep()))?;
        let mut task = Task::new(id, row.get(Some(name_col)).unwrap_or(id), 0.0);
        let top = up.first().copied().unwrap_or(i);
        task.summary = rows[top]
            .get(section)
            .map(str::to_string)
            .into_iter()
            .collect();
        for &p in &up {
            task.summary
                .push(rows[p].get(Some(name_col)).unwrap_or(ids[p]).to_string());
            members
                .entry(ids[p].to_string())
                .or_default()
                .push(id.to_string());
        }
        let start = day(start_col, "Start Date")?;
        let due = day(due_col, "Due Date")?;
        let estimated = match estimate.and_then(|(c, unit)| Some((row.get(Some(c))?, c, unit))) {
            None => None,
            Some((text, c, unit)) => {
                let value = number(text).filter(|v| *v >= 0.0).ok_or_else(|| {
                    table.fail(
                        row,
                        id,
                        format!("`{}` must be a number, not `{text}`", table.headers[c]),
                    )
                })?;
                Some(match unit {
                    Unit::Minutes => value / MINUTES_PER_HOUR / hours,
                    Unit::Hours => value / hours,
                    Unit::Days => value,
                    Unit::Points => value * options.points_days,
                })
            }
        };
        if let (Some(s), Some(d)) = (start, due) {
            if d < s {
                return Err(table.fail(
                    row,
                    id,
                    format!("`Due Date` {d} is before `Start Date` {s}"),
                ));
            }
            task.stored = Some(StoredDates {
                start: s,
                finish: d,
            });
        }
        task.duration_days = match (estimated, start, due) {
            (Some(days), _, _) => days,
            (None, Some(s), Some(d)) => working_days_inclusive(s, d, &workweek),
            (None, None, Some(_)) => 1.0,
            (None, _, None) => {
                unestimated.push(i);
                0.0
            }
        };
        if let (None, Some(d)) = (start, due) {
            task.constraints.push(Constraint::FinishNoLaterThan(d));
        }
        if let Some(done) = day(completed, "Completed At")? {
            task.progress = Some(Progress {
                actual_start: start.filter(|s| *s <= done),
                actual_finish: Some(done),
                remaining_days: Some(0.0),
            });
        }
        task.fields = table.fields(row, &used, str::to_string);
        if let Some(person) = row.get(assignee) {
            assign(&mut schedule, id, person, 1.0);
        }
        schedule.tasks.push(task);
    }
    if let Some(&first) = unestimated.first() {
        let named: Vec<&str> = unestimated.iter().map(|&i| ids[i]).collect();
        return Err(table.fail(
            &rows[first],
            ids[first],
            format!(
                "has no estimate and no dates; {} without one: give each a `Due Date` (and `Start Date`) in Asana, or add an `Estimate (days)` column, and export again",
                super::listed(&named, "task", "tasks"),
            ),
        ));
    }

    let mut pairs = Vec::new();
    let mut missing = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        for (cols, column, blocked) in [
            (&blocked_by, "Blocked By (Dependencies)", true),
            (&blocking, "Blocking (Dependencies)", false),
        ] {
            for cell in row.all(cols) {
                for named in references(cell, |name| {
                    resolve(row, ids[i], column, name).map(|found| found.is_some())
                })? {
                    match resolve(row, ids[i], column, &named)? {
                        Some(other) if blocked => {
                            pairs.push((ids[other].to_string(), ids[i].to_string()))
                        }
                        Some(other) => pairs.push((ids[i].to_string(), ids[other].to_string())),
                        None => {
                            let (a, b) = if blocked {
                                (named.clone(), ids[i].to_string())
                            } else {
                                (ids[i].to_string(), named.clone())
                            };
                            missing.insert((a, b));
                        }
                    }
                }
            }
        }
    }
    for _ in &missing {
        schedule.not_carried("Asana dependencies on tasks not in the export");
    }
    schedule.links = expand_links(&pairs, &members, file)?;
    date_progress(&mut schedule);
    Ok(schedule)
}

/// The tasks a dependency cell names, separated by commas; a piece that names no task is
/// joined with the pieces after it until they name one (a name with a comma in it), else
/// kept alone.
fn references(cell: &str, known: impl Fn(&str) -> Result<bool>) -> Result<Vec<String>> {
    let pieces: Vec<&str> = cell.split(',').collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let mut taken = 1;
        if !known(pieces[i].trim())? {
            for j in i + 1..pieces.len().min(i + MOST_PIECES) {
                if known(pieces[i..=j].join(",").trim())? {
                    taken = j - i + 1;
                    break;
                }
            }
        }
        let name = pieces[i..i + taken].join(",").trim().to_string();
        if !name.is_empty() {
            names.push(name);
        }
        i += taken;
    }
    Ok(names)
}

#[cfg(test)]
#[path = "asana_tests.rs"]
mod tests;
