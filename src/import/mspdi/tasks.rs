//! The `<Tasks>` of an MS Project XML file as [`Task`]s: the outline flattened into summary
//! paths, durations turned into working days of each task's calendar, constraints, progress,
//! stored dates and extended attributes. Links are read by `links.rs` from what this keeps.
//!
//! Which rows are tasks: the project summary (`UID` 0) and blank rows (`IsNull`) are not;
//! a summary task (`Summary` 1, or a row whose next row is deeper in the outline) is not a
//! task either, its name goes into the [`Task::summary`] of the rows under it. An inactive
//! task (`Active` 0) is left out, as MS Project leaves it out of the schedule. A row with no
//! dates, no duration and no links that is neither milestone nor summary (a converter's
//! empty outline node) is left out too.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::calendars::Calendars;
use super::values::{Record, is_elapsed};
use super::xml::Node;
use crate::error::Result;
use crate::import::schedule::{
    Calendar, Constraint, MAX_SUMMARY_DEPTH, Progress, StoredDates, Task,
};
use crate::scenario::Source;
use jiff::civil::Date;

/// What the tasks need to know of the rest of the file.
pub struct Context<'a> {
    pub source: &'a Source,
    pub calendars: &'a Calendars,
    /// The UID of the project's calendar.
    pub default_calendar: i64,
    /// Names of the extended attributes by `FieldID`: the alias, else the field's name.
    pub field_names: &'a HashMap<String, String>,
}

/// One `<Task>` row as read.
pub struct Row<'n> {
    pub uid: String,
    pub node: &'n Node,
    pub level: usize,
    pub summary: bool,
    /// Its duration in working days of its calendar (summaries too: percentage lags use it).
    pub duration_days: f64,
    /// The UID of its calendar.
    pub calendar: i64,
    /// Left out of the schedule (inactive, an empty placeholder).
    pub left_out: bool,
    /// Its index in the tasks made, when it became one.
    pub task: Option<usize>,
}

/// The tasks of the file, and the rows they came from (for links and assignments).
pub struct Read<'n> {
    pub tasks: Vec<Task>,
    pub rows: Vec<Row<'n>>,
    pub by_uid: HashMap<String, usize>,
}

impl Read<'_> {
    /// The tasks inside row `r` (itself when it is a task), by index into `tasks`.
    pub fn leaves(&self, r: usize) -> Vec<usize> {
        let row = &self.rows[r];
        if !row.summary {
            return row.task.into_iter().collect();
        }
        self.rows[r + 1..]
            .iter()
            .take_while(|x| x.level > row.level)
            .filter_map(|x| x.task)
            .collect()
    }
}

/// The outline level of a row: `OutlineLevel`, else the depth of its `OutlineNumber`.
fn level(record: &Record, node: &Node) -> Result<usize> {
    if let Some(l) = record.int(node, "OutlineLevel")? {
        return Ok(l.max(0) as usize);
    }
    Ok(node
        .text("OutlineNumber")
        .map(|n| n.split('.').count())
        .unwrap_or(1))
}

/// Reads every `<Task>` of `<Tasks>`.
pub fn read<'n>(
    cx: &Context,
    project: &'n Node,
    not_carried: &mut BTreeMap<String, usize>,
) -> Result<Read<'n>> {
    let source = cx.source;
    let nodes: Vec<&Node> = project
        .child("Tasks")
        .map(|t| t.all("Task").collect())
        .unwrap_or_default();
    // Every task some link names as its predecessor.
    let mut referenced = HashSet::new();
    for n in &nodes {
        for l in n.all("PredecessorLink") {
            if let Some(p) = l.text("PredecessorUID") {
                referenced.insert(p);
            }
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut by_uid = HashMap::new();
    for node in nodes {
        let Some(uid) = node.text("UID") else {
            return Err(Record::other(source, "a task".into()).error(node, "has no `<UID>`"));
        };
        let record = Record::task(source, uid);
        if record.int(node, "UID")? == Some(0) || record.flag(node, "IsNull")? {
            continue;
        }
        if by_uid.insert(uid.to_string(), rows.len()).is_some() {
            return Err(record.error(node, "appears twice; each task needs its own `<UID>`"));
        }
        let calendar = match record.int(node, "CalendarUID")? {
            None | Some(-1) => cx.default_calendar,
            Some(c) if cx.calendars.by_uid.contains_key(&c) => c,
            Some(c) => {
                return Err(record.error(
                    node.child("CalendarUID").unwrap_or(node),
                    format!("its `<CalendarUID>` {c} names no calendar of the file"),
                ));
            }
        };
        let cal = &cx.calendars.by_uid[&calendar];
        let hours = record.hours(node, "Duration")?.unwrap_or(0.0);
        if hours < 0.0 {
            return Err(record.error(node, "`<Duration>` must not be negative"));
        }
        let elapsed = is_elapsed(record.int(node, "DurationFormat")?.unwrap_or(7));
        let duration_days = to_days(hours, elapsed, cal);
        let active = node.text("Active").is_none() || record.flag(node, "Active")?;
        let empty = node.text("Start").is_none()
            && node.text("Finish").is_none()
            && hours == 0.0
            && !record.flag(node, "Milestone")?
            && node.all("PredecessorLink").next().is_none()
            && !referenced.contains(uid);
        rows.push(Row {
            uid: uid.to_string(),
            node,
            level: level(&record, node)?,
            summary: record.flag(node, "Summary")?,
            duration_days,
            calendar,
            left_out: !active || empty,
            task: None,
        });
    }
    // A row followed by a deeper one has children: it is a summary, whatever it says.
    for i in 0..rows.len() {
        if rows
            .get(i + 1)
            .is_some_and(|next| next.level > rows[i].level)
        {
            rows[i].summary = true;
        }
    }
    for row in rows.iter().filter(|r| r.left_out && !r.summary) {
        let inactive = row
            .node
            .text("Active")
            .is_some_and(|a| a == "0" || a == "false");
        let what = if inactive {
            "inactive tasks"
        } else {
            "empty tasks (no dates, no work: outline placeholders)"
        };
        *not_carried.entry(what.into()).or_default() += 1;
    }
    let mut tasks = Vec::new();
    // Open summary rows: (level, name).
    let mut path: Vec<(usize, String)> = Vec::new();
    for row in rows.iter_mut() {
        while path.last().is_some_and(|(l, _)| *l >= row.level) {
            path.pop();
        }
        let name = row.node.text("Name").unwrap_or("").to_string();
        if row.summary {
            path.push((row.level, name));
            continue;
        }
        if row.left_out {
            continue;
        }
        if path.len() > MAX_SUMMARY_DEPTH {
            return Err(Record::task(cx.source, &row.uid).error(
                row.node,
                format!(
                    "it is more than {MAX_SUMMARY_DEPTH} summary tasks deep in the outline; riskplan reads at most {MAX_SUMMARY_DEPTH} outline levels, far more than a real plan has"
                ),
            ));
        }
        let mut task = task(cx, row, name, not_carried)?;
        task.summary = path.iter().map(|(_, n)| n.clone()).collect();
        row.task = Some(tasks.len());
        tasks.push(task);
    }
    Ok(Read {
        tasks,
        rows,
        by_uid,
    })
}

/// Working days of `cal` in `hours` of work; elapsed hours run around the clock, and are
/// approximated as the share of the week's days that are worked.
pub fn to_days(hours: f64, elapsed: bool, cal: &crate::import::schedule::Calendar) -> f64 {
    if elapsed {
        hours / 24.0 * cal.workweek.len() as f64 / 7.0
    } else {
        hours / cal.hours_per_day
    }
}

fn task(
    cx: &Context,
    row: &Row,
    name: String,
    not_carried: &mut BTreeMap<String, usize>,
) -> Result<Task> {
    let node = row.node;
    let record = Record::task(cx.source, &row.uid);
    let cal = &cx.calendars.by_uid[&row.calendar];
    let mut count = |what: &str| *not_carried.entry(what.into()).or_default() += 1;
    let mut task = Task::new(row.uid.clone(), name, row.duration_days);
    task.milestone = record.flag(node, "Milestone")?;
    if task.milestone {
        task.duration_days = 0.0;
    }
    if is_elapsed(record.int(node, "DurationFormat")?.unwrap_or(7)) && !task.milestone {
        count("elapsed durations (approximated in working days)");
    }
    if row.calendar != cx.default_calendar {
        task.calendar = Some(cal.name.clone());
    }
    // MSPDI amounts of money are in hundredths of the currency.
    task.fixed_cost = record
        .number(node, "FixedCost")?
        .filter(|c| *c != 0.0)
        .map(|c| c / 100.0);
    constraints(&record, node, &mut task, cal)?;
    if let (Some(start), Some(finish)) = (
        day(&record, node, "Start", cal, Stamp::Start)?,
        day(&record, node, "Finish", cal, Stamp::Finish)?,
    ) {
        task.stored = Some(StoredDates { start, finish });
    }
    task.progress = progress(&record, node, &task, cal)?;
    for attr in node.all("ExtendedAttribute") {
        let (Some(id), Some(value)) = (attr.text("FieldID"), attr.text("Value")) else {
            continue;
        };
        let field = cx
            .field_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("Field {id}"));
        task.fields.insert(field, value.to_string());
    }
    if record.flag(node, "Estimated")? {
        task.fields.insert("Estimated".into(), "yes".into());
    }
    if record.flag(node, "Manual")? {
        count("manually scheduled tasks (scheduled from their links)");
    }
    if record.flag(node, "Recurring")? {
        count("recurring tasks");
    }
    if record.int(node, "Type")? == Some(2) {
        count("fixed-work tasks (read as fixed duration)");
    }
    if record
        .number(node, "LevelingDelay")?
        .is_some_and(|d| d != 0.0)
    {
        count("levelling delays");
    }
    Ok(task)
}

/// What a date-time stamps: the start of something, or its finish.
#[derive(Clone, Copy, PartialEq)]
enum Stamp {
    Start,
    Finish,
}

/// The first minute of a working day's work, and the last, where the calendar says nothing
/// of its hours: MS Project's default 08:00 and 17:00.
const DAY_STARTS: u32 = 8 * 60;
const DAY_ENDS: u32 = 17 * 60;

/// The working day a date-time field stands for. MS Project stamps a finish at the start of
/// the next working time when work ends at a day's end (a milestone after Friday's work at
/// Monday 08:00), and a start at the end of a day when work begins the next: a finish at
/// midnight or by 08:00 ends the working day before it; a start at 17:00 or later begins the
/// next working day.
fn day(
    record: &Record,
    node: &Node,
    name: &str,
    cal: &Calendar,
    stamp: Stamp,
) -> Result<Option<Date>> {
    let Some(at) = record.datetime(node, name)? else {
        return Ok(None);
    };
    let minute = at.hour() as u32 * 60 + at.minute() as u32;
    let step = match stamp {
        Stamp::Finish if minute <= DAY_STARTS => -1,
        Stamp::Start if minute >= DAY_ENDS => 1,
        _ => return Ok(Some(at.date())),
    };
    let mut d = at.date();
    for _ in 0..14 {
        let Ok(next) = d.checked_add(jiff::Span::new().days(step)) else {
            break;
        };
        d = next;
        let holiday = cal
            .exceptions
            .iter()
            .any(|e| !e.working && e.first <= d && d <= e.last);
        let extra = cal
            .exceptions
            .iter()
            .any(|e| e.working && e.first <= d && d <= e.last);
        if extra || (cal.workweek.contains(&d.weekday()) && !holiday) {
            return Ok(Some(d));
        }
    }
    Ok(Some(at.date()))
}

/// `ConstraintType` with `ConstraintDate`, and `Deadline` as a finish-no-later-than.
fn constraints(record: &Record, node: &Node, task: &mut Task, cal: &Calendar) -> Result<()> {
    let kind = record.int(node, "ConstraintType")?.unwrap_or(0);
    let stamp = if matches!(kind, 3 | 6 | 7) {
        Stamp::Finish
    } else {
        Stamp::Start
    };
    let date = day(record, node, "ConstraintDate", cal, stamp)?;
    let dated = |make: fn(jiff::civil::Date) -> Constraint| -> Result<Option<Constraint>> {
        match date {
            Some(d) => Ok(Some(make(d))),
            None => Err(record.error(
                node,
                format!("`<ConstraintType>` {kind} needs a `<ConstraintDate>`"),
            )),
        }
    };
    let constraint = match kind {
        0 => None,
        1 => Some(Constraint::AsLateAsPossible),
        2 => dated(Constraint::MustStartOn)?,
        3 => dated(Constraint::MustFinishOn)?,
        4 => dated(Constraint::StartNoEarlierThan)?,
        5 => dated(Constraint::StartNoLaterThan)?,
        6 => dated(Constraint::FinishNoEarlierThan)?,
        7 => dated(Constraint::FinishNoLaterThan)?,
        other => {
            return Err(record.error(
                node.child("ConstraintType").unwrap_or(node),
                format!(
                    "`<ConstraintType>` is {other}; MS Project's are 0 (as soon as possible) to 7 (finish no later than)"
                ),
            ));
        }
    };
    task.constraints.extend(constraint);
    if let Some(deadline) = day(record, node, "Deadline", cal, Stamp::Finish)? {
        task.constraints
            .push(Constraint::FinishNoLaterThan(deadline));
    }
    Ok(())
}

/// What has been done: set once the task has started (an actual start or finish, or some
/// percent complete). It is complete only with an `ActualFinish` (P6's physical percent
/// complete can reach 100 before the finish). The remaining duration is
/// `RemainingDuration`, else the share of the duration not complete.
fn progress(record: &Record, node: &Node, task: &Task, cal: &Calendar) -> Result<Option<Progress>> {
    let hours_per_day = cal.hours_per_day;
    let actual_start = day(record, node, "ActualStart", cal, Stamp::Start)?;
    let actual_finish = day(record, node, "ActualFinish", cal, Stamp::Finish)?;
    let percent = record.number(node, "PercentComplete")?.unwrap_or(0.0);
    if !(0.0..=100.0).contains(&percent) {
        return Err(record.error(
            node,
            format!("`<PercentComplete>` must be 0 to 100, not {percent}"),
        ));
    }
    if actual_start.is_none() && actual_finish.is_none() && percent == 0.0 {
        return Ok(None);
    }
    let remaining_days = if actual_finish.is_some() {
        0.0
    } else {
        match record.hours(node, "RemainingDuration")? {
            Some(h) => h.max(0.0) / hours_per_day,
            None => task.duration_days * (1.0 - percent / 100.0),
        }
    };
    Ok(Some(Progress {
        actual_start,
        actual_finish,
        remaining_days: Some(remaining_days),
    }))
}
