//! Jira's "Export Excel CSV (all fields)": the issues of a board or a filter, read into a
//! [`Schedule`] so that a backlog can be forecast as it stands.
//!
//! What maps where:
//! - each issue is a task: `Issue key` is its id, `Summary` its name. An `Epic` is not a
//!   task: its summary becomes the summary path of the issues whose `Custom field (Epic Link)`,
//!   `Parent` or `Parent id` names it (by key or by `Issue id`). Likewise an issue with
//!   sub-tasks in the export is a group, not a task: its sub-tasks carry its summary in their
//!   path (after its epic's), and its own estimate, assignee and status are not carried.
//!   A link to or from a group stands for a link to or from every task inside it.
//! - the duration: `Original Estimate` in seconds (divided by 3,600 and by the hours in a
//!   day), else story points (`Custom field (Story Points)` or `Custom field (Story point
//!   estimate)`) times the days per point. An issue with neither is an error that lists every
//!   such issue.
//! - progress, from `Status Category` (To Do, In Progress, Done), or when the export lacks
//!   it from `Status` (`Done`, `Closed`, `Resolved`: done; `In Progress`, `In Review`,
//!   `Review`, `Testing`: in progress) or a `Resolved` date. A done issue finished on
//!   `Resolved` (else `Status Category Changed`, else `Updated`); the export has no start
//!   date, so a done issue's start is its `Custom field (Start date)` when set, else
//!   unknown. An issue in progress started on `Status Category Changed` (when it moved to In
//!   Progress), else its `Custom field (Start date)`; its remaining work is `Remaining
//!   Estimate`, else the estimate less `Time Spent`.
//! - `Assignee`: a role of that name, one unit; an unassigned issue needs nobody.
//! - `Due Date`: a finish-no-later-than constraint.
//! - links: `Outward issue link (Blocks)` (this issue blocks the one named: it is the
//!   predecessor) and `Inward issue link (Blocks)` (this issue is blocked by the one named),
//!   finish-to-start, every column of each name (an export repeats them once per link); a
//!   link given on both issues is kept once.
//! - every other column (`Priority`, `Labels`, `Sprint`, `Components`, custom fields by their
//!   name inside `Custom field (...)`) is a field of the task; a repeated column's values are
//!   joined with `, `.
//!
//! Not carried (counted in the import's warning): other link types (`Relates`,
//! `Duplicates`, `Cloners`, ...), links to issues and parents not in the export, work log
//! entries, and what an issue with sub-tasks says of itself.
//!
//! Dates read are ISO or Jira's `12/Mar/26 4:05 PM`.

use std::collections::{BTreeSet, HashMap, HashSet};

use jiff::civil::Date;

use super::table::{Row, Table, header_names, same_name};
use super::values::{date, number};
use super::{ReadOptions, assign, date_progress, empty_schedule, expand_links};
use crate::error::Result;
use crate::import::schedule::{Constraint, Progress, Schedule, Task};
use crate::scenario::Source;

/// Reads a cell of a row as seconds (in days) or as a date: `(row, column, key, what)`.
type Cell<'a, T> = &'a dyn Fn(&Row, Option<usize>, &str, &str) -> Result<Option<T>>;

/// Seconds in an hour: Jira's time fields are in seconds.
const SECONDS_PER_HOUR: f64 = 3600.0;

/// True when the header row has `Issue key` and `Summary`.
pub fn looks_like(text: &str) -> bool {
    let names = header_names(text);
    let has = |n: &str| names.iter().any(|h| same_name(h, n));
    has("issue key") && has("summary")
}

/// Where an issue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    ToDo,
    InProgress,
    Done,
}

/// The columns the reader interprets; the rest become fields.
struct Columns {
    key: usize,
    summary: usize,
    id: Option<usize>,
    kind: Option<usize>,
    status: Option<usize>,
    category: Option<usize>,
    category_changed: Option<usize>,
    resolved: Option<usize>,
    updated: Option<usize>,
    assignee: Option<usize>,
    original: Option<usize>,
    remaining: Option<usize>,
    spent: Option<usize>,
    points: Vec<usize>,
    parents: Vec<usize>,
    due: Option<usize>,
    start: Option<usize>,
    blocks_out: Vec<usize>,
    blocks_in: Vec<usize>,
    /// Other link columns: the link type and the column.
    other_links: Vec<(String, usize)>,
    work_log: Vec<usize>,
    /// Columns read for nothing of their own (sums over sub-tasks, a parent's summary).
    derived: Vec<usize>,
}

impl Columns {
    fn of(t: &Table) -> Result<Columns> {
        let mut other_links = Vec::new();
        for (i, h) in t.headers.iter().enumerate() {
            let lower = h.to_lowercase();
            let link_type = lower
                .strip_prefix("inward issue link (")
                .or_else(|| lower.strip_prefix("outward issue link ("))
                .and_then(|rest| rest.strip_suffix(')'));
            if let Some(kind) = link_type
                && kind != "blocks"
            {
                let start = h.find('(').map(|p| p + 1).unwrap_or(0);
                let name = h.get(start..h.len() - 1).unwrap_or(kind).to_string();
                other_links.push((name, i));
            }
        }
        let mut points = t.find_all("Custom field (Story Points)");
        points.extend(t.find_all("Custom field (Story point estimate)"));
        let mut parents = t.find_all("Parent");
        parents.extend(t.find_all("Parent id"));
        parents.extend(t.find_all("Custom field (Epic Link)"));
        let mut derived = t.find_all("Σ Original Estimate");
        derived.extend(t.find_all("Σ Remaining Estimate"));
        derived.extend(t.find_all("Σ Time Spent"));
        derived.extend(t.find_all("Parent summary"));
        Ok(Columns {
            key: t.require("Issue key")?,
            summary: t.require("Summary")?,
            id: t.find("Issue id"),
            kind: t.find("Issue Type"),
            status: t.find("Status"),
            category: t.find("Status Category"),
            category_changed: t.find("Status Category Changed"),
            resolved: t.find("Resolved"),
            updated: t.find("Updated"),
            assignee: t.find("Assignee"),
            original: t.find("Original Estimate"),
            remaining: t.find("Remaining Estimate"),
            spent: t.find("Time Spent"),
            points,
            parents,
            due: t.find("Due Date"),
            start: t.find("Custom field (Start date)"),
            blocks_out: t.find_all("Outward issue link (Blocks)"),
            blocks_in: t.find_all("Inward issue link (Blocks)"),
            other_links,
            work_log: t.find_all("Log Work"),
            derived,
        })
    }

    fn used(&self) -> HashSet<usize> {
        let single = [
            Some(self.key),
            Some(self.summary),
            self.id,
            self.kind,
            self.status,
            self.category,
            self.category_changed,
            self.resolved,
            self.assignee,
            self.original,
            self.remaining,
            self.spent,
            self.due,
            self.start,
        ];
        let mut used: HashSet<usize> = single.into_iter().flatten().collect();
        for cols in [
            &self.points,
            &self.parents,
            &self.blocks_out,
            &self.blocks_in,
            &self.work_log,
            &self.derived,
        ] {
            used.extend(cols);
        }
        used.extend(self.other_links.iter().map(|(_, c)| *c));
        used
    }
}

/// `Custom field (Risk)` is the field `Risk`; other names stay as they are.
fn field_name(header: &str) -> String {
    header
        .strip_prefix("Custom field (")
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or(header)
        .to_string()
}

/// Parses a Jira CSV export.
pub fn parse(file: &Source, options: &ReadOptions) -> Result<Schedule> {
    let table = Table::read(file, "Jira CSV", "issue")?;
    let cols = Columns::of(&table)?;
    let used = cols.used();
    let mut schedule = empty_schedule(file, options)?;
    let rows = &table.rows;

    // Issues by key and by numeric id.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut keys = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let Some(key) = row.get(Some(cols.key)) else {
            return Err(file.invalid(row.at..row.at, "this row has no `Issue key`"));
        };
        if index.insert(key, i).is_some() {
            return Err(table.fail(row, key, "appears twice; each issue has its own key"));
        }
        keys.push(key);
    }
    for (i, row) in rows.iter().enumerate() {
        if let Some(id) = row.get(cols.id) {
            index.entry(id).or_insert(i);
        }
    }
    let is_epic = |i: usize| {
        rows[i]
            .get(cols.kind)
            .is_some_and(|k| k.eq_ignore_ascii_case("epic"))
    };

    // Each issue's parent (or epic) in the export.
    let mut parent: Vec<Option<usize>> = vec![None; rows.len()];
    for (i, row) in rows.iter().enumerate() {
        let refs = row.all(&cols.parents);
        parent[i] = refs
            .iter()
            .find_map(|r| index.get(r).copied())
            .filter(|&p| p != i);
        if parent[i].is_none() && !refs.is_empty() {
            schedule.not_carried("Jira parents and epics not in the export");
        }
    }
    let group: Vec<bool> = (0..rows.len())
        .map(|i| is_epic(i) || parent.contains(&Some(i)))
        .collect();
    // The groups around each issue, outermost first; a circle of parents stops where it
    // comes round.
    let path = |i: usize| super::ancestors(&parent, i);

    let hours = options.hours_per_day;
    let seconds = |row: &Row, col: Option<usize>, key: &str, what: &str| -> Result<Option<f64>> {
        match row.get(col) {
            None => Ok(None),
            Some(text) => number(text)
                .filter(|s| *s >= 0.0)
                .map(|s| Some(s / SECONDS_PER_HOUR / hours))
                .ok_or_else(|| {
                    table.fail(
                        row,
                        key,
                        format!("`{what}` must be a number of seconds, not `{text}`"),
                    )
                }),
        }
    };
    let day = |row: &Row, col: Option<usize>, key: &str, what: &str| -> Result<Option<Date>> {
        match row.get(col) {
            None => Ok(None),
            Some(text) => date(text).map(Some).ok_or_else(|| {
                table.fail(
                    row,
                    key,
                    format!(
                        "`{what}` must be a date (`12/Mar/26 4:05 PM` or YYYY-MM-DD), not `{text}`"
                    ),
                )
            }),
        }
    };

    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    let mut unestimated: Vec<usize> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let key = keys[i];
        if group[i] {
            if !is_epic(i) {
                schedule.not_carried(
                    "Jira issues with sub-tasks (read as groups: their own estimate, assignee and status)",
                );
            }
            continue;
        }
        let mut task = Task::new(key, row.get(Some(cols.summary)).unwrap_or(key), 0.0);
        let up = path(i).ok_or_else(|| table.fail(row, key, super::too_deep()))?;
        task.summary = up
            .iter()
            .map(|&p| {
                rows[p]
                    .get(Some(cols.summary))
                    .unwrap_or(keys[p])
                    .to_string()
            })
            .collect();
        for &p in &up {
            members
                .entry(keys[p].to_string())
                .or_default()
                .push(key.to_string());
        }
        let original = seconds(row, cols.original, key, "Original Estimate")?;
        let points = match row.all(&cols.points).first() {
            None => None,
            Some(text) => Some(number(text).filter(|p| *p >= 0.0).ok_or_else(|| {
                table.fail(
                    row,
                    key,
                    format!("story points must be a number, not `{text}`"),
                )
            })?),
        };
        match (original, points) {
            (Some(days), _) => task.duration_days = days,
            (None, Some(p)) => task.duration_days = p * options.points_days,
            (None, None) => unestimated.push(i),
        }
        task.progress = progress(&cols, row, key, task.duration_days, &seconds, &day)?;
        if let Some(due) = day(row, cols.due, key, "Due Date")? {
            task.constraints.push(Constraint::FinishNoLaterThan(due));
        }
        for _ in row.all(&cols.work_log) {
            schedule.not_carried("Jira work log entries");
        }
        task.fields = table.fields(row, &used, field_name);
        if let Some(person) = row.get(cols.assignee) {
            assign(&mut schedule, key, person, 1.0);
        }
        schedule.tasks.push(task);
    }
    if let Some(&first) = unestimated.first() {
        let named: Vec<&str> = unestimated.iter().map(|&i| keys[i]).collect();
        return Err(table.fail(
            &rows[first],
            keys[first],
            format!(
                "has no estimate; {} without `Original Estimate` or story points: estimate them in Jira and export again, or delete their rows",
                super::listed(&named, "issue", "issues"),
            ),
        ));
    }

    // Blocks links, each once; other types counted once per pair of issues.
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut missing: BTreeSet<(String, String)> = BTreeSet::new();
    let mut others: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (i, row) in rows.iter().enumerate() {
        let key = keys[i];
        let ends = row
            .all(&cols.blocks_out)
            .into_iter()
            .map(|other| (key, other))
            .chain(
                row.all(&cols.blocks_in)
                    .into_iter()
                    .map(|other| (other, key)),
            );
        for (p, s) in ends {
            match (index.get(p), index.get(s)) {
                (Some(&a), Some(&b)) => pairs.push((keys[a].to_string(), keys[b].to_string())),
                _ => {
                    missing.insert((p.to_string(), s.to_string()));
                }
            }
        }
        for (kind, col) in &cols.other_links {
            if let Some(other) = row.get(Some(*col)) {
                let (a, b) = if key < other {
                    (key, other)
                } else {
                    (other, key)
                };
                others.insert((kind.clone(), a.to_string(), b.to_string()));
            }
        }
    }
    for _ in &missing {
        schedule.not_carried("Jira `Blocks` links to issues not in the export");
    }
    for (kind, _, _) in &others {
        schedule.not_carried(format!("Jira `{kind}` links"));
    }
    schedule.links = expand_links(&pairs, &members, file)?;
    date_progress(&mut schedule);
    Ok(schedule)
}

/// What an issue's status says has been done.
fn progress(
    cols: &Columns,
    row: &Row,
    key: &str,
    estimate_days: f64,
    seconds: Cell<f64>,
    day: Cell<Date>,
) -> Result<Option<Progress>> {
    let state = state(cols, row);
    let start = day(row, cols.start, key, "Start date")?;
    match state {
        State::ToDo => Ok(None),
        State::Done => {
            let mut finish = day(row, cols.resolved, key, "Resolved")?;
            if finish.is_none() {
                finish = day(row, cols.category_changed, key, "Status Category Changed")?;
            }
            if finish.is_none() {
                finish = day(row, cols.updated, key, "Updated")?;
            }
            Ok(Some(Progress {
                actual_start: start.filter(|s| finish.is_none_or(|f| *s <= f)),
                actual_finish: finish,
                remaining_days: Some(0.0),
            }))
        }
        State::InProgress => {
            let changed = day(row, cols.category_changed, key, "Status Category Changed")?;
            let remaining = match seconds(row, cols.remaining, key, "Remaining Estimate")? {
                Some(r) => r,
                None => {
                    let spent = seconds(row, cols.spent, key, "Time Spent")?.unwrap_or(0.0);
                    (estimate_days - spent).max(0.0)
                }
            };
            Ok(Some(Progress {
                actual_start: changed.or(start),
                actual_finish: None,
                remaining_days: Some(remaining),
            }))
        }
    }
}

/// The state of an issue: its status category, else its status's usual meaning.
fn state(cols: &Columns, row: &Row) -> State {
    let category = row.get(cols.category).map(str::to_lowercase);
    match category.as_deref() {
        Some("done") => return State::Done,
        Some("in progress") => return State::InProgress,
        Some(_) => return State::ToDo,
        None => {}
    }
    let status = row.get(cols.status).map(str::to_lowercase);
    match status.as_deref() {
        Some("done" | "closed" | "resolved" | "complete" | "completed") => State::Done,
        Some("in progress" | "in review" | "review" | "testing" | "in testing") => {
            State::InProgress
        }
        _ if row.get(cols.resolved).is_some() => State::Done,
        _ => State::ToDo,
    }
}

#[cfg(test)]
#[path = "jira_tests.rs"]
mod tests;
