//! The `TASK` table (with `PROJWBS` for the WBS paths) as the schedule's tasks.
//!
//! - `task_code` is the id, `task_name` the name, `clndr_id` the calendar (none when it is
//!   the project's); the duration is `target_drtn_hr_cnt` divided by the calendar's hours per
//!   day.
//! - `task_type`: `TT_Mile` and `TT_FinMile` are milestones, `TT_LOE` level of effort,
//!   `TT_Task` and `TT_Rsrc` work; `TT_WBS` (a WBS summary activity) is no task, and is
//!   counted as not carried with its links and assignments.
//! - the summary path: the `wbs_name`s from the outermost WBS node down to the activity's,
//!   without the project's own node.
//! - constraints (`cstr_type`/`cstr_date` and `cstr_type2`/`cstr_date2`): on or after, on or
//!   before, mandatory, as late as possible; `Start On` and `Finish On` bind both ways.
//! - progress by `status_code`: complete (actual start and finish), active (actual start and
//!   `remain_drtn_hr_cnt`), not started.
//! - the stored dates: early start and finish, actual dates where there are any.
//!
//! Times of day are dropped; a finish stamped at the start of a day's work counts for the
//! working day before (see [`Calendars::finish_day`]).

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::Context;
use super::calendars::Calendars;
use super::table::{Record, Stamp};
use crate::error::Result;
use crate::import::schedule::{
    Constraint, MAX_SUMMARY_DEPTH, Progress, Schedule, StoredDates, Task,
};

/// What the rest of the reader needs to know about the activities.
#[derive(Default)]
pub struct Read {
    /// `task_id` -> index in the schedule's tasks.
    pub index: HashMap<String, usize>,
    /// `task_id` of the WBS summary activities, which are not tasks.
    pub wbs_summaries: HashSet<String>,
    /// `task_id` -> `clndr_id`, for every activity of the project.
    pub calendar_of: HashMap<String, String>,
    /// `clndr_id` of every calendar an activity uses.
    pub calendars_used: HashSet<String>,
    pub earliest_actual: Option<Date>,
    pub earliest_early: Option<Date>,
}

/// Reads the project's activities into `schedule.tasks`.
pub fn read(ctx: &Context, schedule: &mut Schedule) -> Result<Read> {
    let source = ctx.source;
    let table = ctx.tables.required(source, "TASK")?;
    for field in ["task_id", "task_code", "task_type", "clndr_id"] {
        table.required(source, field)?;
    }
    let wbs = Wbs::read(ctx)?;
    let mut read = Read::default();
    let mut codes: HashSet<&str> = HashSet::new();
    for r in table.records(source).filter(|r| ctx.ours(r)) {
        let code = r.text("task_code");
        if code.is_empty() {
            return Err(r.invalid(
                &format!("activity {}", r.text("task_id")),
                "no `task_code` (activity ID)",
            ));
        }
        if !codes.insert(code) {
            return Err(r.invalid_task(code, "a second activity with this activity ID"));
        }
        let task_id = r.text("task_id").to_string();
        let clndr = r.text("clndr_id");
        let Some(calendar) = ctx.calendars.by_id.get(clndr) else {
            return Err(r.invalid_task(
                code,
                format!("`clndr_id` `{clndr}` is not in the `CALENDAR` table"),
            ));
        };
        read.calendar_of.insert(task_id.clone(), clndr.to_string());
        let kind = r.text("task_type");
        let (milestone, level_of_effort) = match kind {
            "TT_Mile" | "TT_FinMile" => (true, false),
            "TT_LOE" => (false, true),
            "TT_Task" | "TT_Rsrc" => (false, false),
            "TT_WBS" => {
                schedule.not_carried("P6 WBS summary activities");
                read.wbs_summaries.insert(task_id);
                continue;
            }
            other => {
                return Err(r.invalid_task(
                    code,
                    format!(
                        "unknown `task_type` `{other}`; expected TT_Task, TT_Rsrc, TT_Mile, TT_FinMile, TT_LOE or TT_WBS"
                    ),
                ));
            }
        };
        read.calendars_used.insert(clndr.to_string());
        let hours = calendar.hours_per_day;
        let duration = r
            .number("target_drtn_hr_cnt", &activity(code))?
            .unwrap_or(0.0);
        let mut task = Task::new(code, r.text("task_name"), duration / hours);
        task.milestone = milestone;
        task.level_of_effort = level_of_effort;
        if milestone {
            task.duration_days = 0.0;
        }
        if clndr != ctx.default_calendar {
            task.calendar = Some(calendar.name.clone());
        }
        task.summary = wbs.path(&r, code)?;
        let days = Days {
            calendars: ctx.calendars,
            clndr,
            kind,
        };
        for (kind, date) in [("cstr_type", "cstr_date"), ("cstr_type2", "cstr_date2")] {
            constraints(&r, code, kind, date, &days, &mut task.constraints)?;
        }
        let (progress, stored) = progress(&r, code, &days, hours)?;
        if let Some(start) = progress.and_then(|p| p.actual_start) {
            read.earliest_actual = read.earliest_actual.min(Some(start)).or(Some(start));
        }
        if let Some(s) = stored {
            read.earliest_early = read.earliest_early.min(Some(s.start)).or(Some(s.start));
        }
        task.progress = progress;
        task.stored = stored;
        if r.get("suspend_date").is_some() {
            schedule.not_carried("P6 suspend and resume dates");
        }
        if r.get("expect_end_date").is_some() {
            schedule.not_carried("P6 expected finish dates");
        }
        read.index
            .insert(r.text("task_id").to_string(), schedule.tasks.len());
        schedule.tasks.push(task);
    }
    Ok(read)
}

/// How messages name activity `code`.
fn activity(code: &str) -> String {
    format!("activity `{code}`")
}

/// How an activity's stamps become days.
struct Days<'a> {
    calendars: &'a Calendars,
    clndr: &'a str,
    /// `task_type`: a start milestone's dates are starts, a finish milestone's finishes.
    kind: &'a str,
}

impl Days<'_> {
    fn start(&self, at: Stamp) -> Date {
        match self.kind {
            "TT_FinMile" => self.calendars.finish_day(self.clndr, at),
            _ => self.calendars.start_day(self.clndr, at),
        }
    }

    fn finish(&self, at: Stamp) -> Date {
        match self.kind {
            "TT_Mile" => self.calendars.start_day(self.clndr, at),
            _ => self.calendars.finish_day(self.clndr, at),
        }
    }
}

/// The constraint in fields `kind` and `date`, added to `out`.
fn constraints(
    r: &Record,
    code: &str,
    kind: &str,
    date: &str,
    days: &Days,
    out: &mut Vec<Constraint>,
) -> Result<()> {
    let Some(cstr) = r.get(kind) else {
        return Ok(());
    };
    if cstr == "CS_ALAP" {
        out.push(Constraint::AsLateAsPossible);
        return Ok(());
    }
    let Some(at) = r.stamp(date, &activity(code))? else {
        return Err(r.invalid_task(code, format!("`{kind}` {cstr} without a `{date}`")));
    };
    let (start, finish) = (days.calendars.start_day(days.clndr, at), days.finish(at));
    use Constraint::*;
    match cstr {
        "CS_MSOA" => out.push(StartNoEarlierThan(start)),
        "CS_MSOB" => out.push(StartNoLaterThan(start)),
        "CS_MEOA" => out.push(FinishNoEarlierThan(finish)),
        "CS_MEOB" => out.push(FinishNoLaterThan(finish)),
        "CS_MSO" => out.extend([StartNoEarlierThan(start), StartNoLaterThan(start)]),
        "CS_MEO" => out.extend([FinishNoEarlierThan(finish), FinishNoLaterThan(finish)]),
        "CS_MANDSTART" => out.push(MustStartOn(start)),
        "CS_MANDFIN" => out.push(MustFinishOn(finish)),
        other => {
            return Err(r.invalid_task(
                code,
                format!(
                    "unknown constraint `{other}` in `{kind}`; expected CS_MSO, CS_MSOA, CS_MSOB, CS_MEO, CS_MEOA, CS_MEOB, CS_MANDSTART, CS_MANDFIN or CS_ALAP"
                ),
            ));
        }
    }
    Ok(())
}

/// The progress and the stored dates of an activity.
fn progress(
    r: &Record,
    code: &str,
    days: &Days,
    hours_per_day: f64,
) -> Result<(Option<Progress>, Option<StoredDates>)> {
    let who = activity(code);
    let actual_start = r.stamp("act_start_date", &who)?.map(|s| days.start(s));
    let actual_finish = r.stamp("act_end_date", &who)?.map(|s| days.finish(s));
    let early_start = r.stamp("early_start_date", &who)?.map(|s| days.start(s));
    let early_finish = r.stamp("early_end_date", &who)?.map(|s| days.finish(s));
    let missing =
        |field: &str, status: &str| r.invalid_task(code, format!("{status} but has no `{field}`"));
    let status = r.text("status_code");
    let progress = match status {
        "TK_Complete" => Some(Progress {
            actual_start: Some(actual_start.ok_or_else(|| missing("act_start_date", status))?),
            actual_finish: Some(actual_finish.ok_or_else(|| missing("act_end_date", status))?),
            remaining_days: Some(0.0),
        }),
        "TK_Active" => {
            let remaining = r
                .number("remain_drtn_hr_cnt", &activity(code))?
                .unwrap_or(0.0);
            Some(Progress {
                actual_start: Some(actual_start.ok_or_else(|| missing("act_start_date", status))?),
                actual_finish: None,
                remaining_days: Some(remaining / hours_per_day),
            })
        }
        "TK_NotStart" | "" => None,
        other => {
            return Err(r.invalid_task(
                code,
                format!(
                    "unknown `status_code` `{other}`; expected TK_NotStart, TK_Active or TK_Complete"
                ),
            ));
        }
    };
    let start = actual_start.or(early_start);
    let finish = actual_finish.or(early_finish);
    let stored = match (start, finish) {
        (Some(start), Some(finish)) => Some(StoredDates {
            start,
            finish: finish.max(start),
        }),
        _ => None,
    };
    Ok((progress, stored))
}

/// The project's WBS nodes: `wbs_id` -> name, parent and whether it is the project's own.
struct Wbs {
    nodes: HashMap<String, (String, String, bool)>,
    /// Whether the file has a `PROJWBS` table at all.
    present: bool,
}

impl Wbs {
    fn read(ctx: &Context) -> Result<Wbs> {
        let Some(table) = ctx.tables.get("PROJWBS") else {
            return Ok(Wbs {
                nodes: HashMap::new(),
                present: false,
            });
        };
        table.required(ctx.source, "wbs_id")?;
        let nodes = table
            .records(ctx.source)
            .filter(|r| ctx.ours(r))
            .map(|r| {
                let name = r.get("wbs_name").unwrap_or(r.text("wbs_short_name"));
                let node = (
                    name.to_string(),
                    r.text("parent_wbs_id").to_string(),
                    r.text("proj_node_flag") == "Y",
                );
                (r.text("wbs_id").to_string(), node)
            })
            .collect();
        Ok(Wbs {
            nodes,
            present: true,
        })
    }

    /// The names of the WBS nodes above activity `r`, outermost first.
    fn path(&self, r: &Record, code: &str) -> Result<Vec<String>> {
        let Some(mut id) = r.get("wbs_id").filter(|_| self.present) else {
            return Ok(Vec::new());
        };
        if !self.nodes.contains_key(id) {
            return Err(
                r.invalid_task(code, format!("`wbs_id` {id} is not in the `PROJWBS` table"))
            );
        }
        let mut path = Vec::new();
        while let Some((name, parent, root)) = self.nodes.get(id) {
            if *root || path.len() > self.nodes.len() {
                break;
            }
            if path.len() == MAX_SUMMARY_DEPTH {
                return Err(r.invalid_task(
                    code,
                    format!(
                        "its WBS node is more than {MAX_SUMMARY_DEPTH} levels deep (`parent_wbs_id` of `parent_wbs_id`, ...); riskplan reads at most {MAX_SUMMARY_DEPTH} levels, far more than a real plan has"
                    ),
                ));
            }
            path.push(name.clone());
            id = parent;
        }
        path.reverse();
        Ok(path)
    }
}
