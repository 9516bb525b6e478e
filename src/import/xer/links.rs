//! The `TASKPRED` table as the schedule's links: `pred_task_id` drives `task_id` by
//! `pred_type` (`PR_FS`, `PR_SS`, `PR_FF`, `PR_SF`), `lag_hr_cnt` hours of lag. P6 times a lag
//! on the calendar that `SCHEDOPTIONS.sched_calendar_on_relationship_lag` chooses (the
//! successor's, the predecessor's, 24 hours a day, or the project's): the hours become days
//! of that calendar; a lag on a calendar other than the successor's is counted as not
//! carried, since a link's lag counts the successor's working days. A link to an activity of
//! another project is counted as not carried too.

use super::Context;
use super::tasks::Read;
use crate::error::Result;
use crate::import::schedule::{Link, LinkKind, Schedule};

/// Reads the project's links into `schedule.links`.
pub fn read(ctx: &Context, tasks: &Read, schedule: &mut Schedule) -> Result<()> {
    let source = ctx.source;
    let Some(table) = ctx.tables.get("TASKPRED") else {
        return Ok(());
    };
    for field in ["task_id", "pred_task_id", "pred_type"] {
        table.required(source, field)?;
    }
    let lag_calendar = lag_calendar(ctx);
    for r in table.records(source).filter(|r| ctx.ours(r)) {
        let who = format!("link {}", r.text("task_pred_id"));
        let (succ, pred) = (r.text("task_id"), r.text("pred_task_id"));
        let other_project = r.get("pred_proj_id").is_some_and(|p| p != ctx.proj_id);
        if other_project {
            schedule.not_carried("links to other projects");
            continue;
        }
        if tasks.wbs_summaries.contains(succ) || tasks.wbs_summaries.contains(pred) {
            schedule.not_carried("links of P6 WBS summary activities");
            continue;
        }
        let code = |id: &str| tasks.index.get(id).map(|&i| schedule.tasks[i].id.clone());
        let (Some(successor), Some(predecessor)) = (code(succ), code(pred)) else {
            let missing = if code(succ).is_none() { succ } else { pred };
            return Err(r.invalid(
                &who,
                format!(
                    "activity `{missing}` (a `task_id`) is not in the `TASK` table of the project"
                ),
            ));
        };
        let kind = match r.text("pred_type") {
            "PR_FS" => LinkKind::FS,
            "PR_SS" => LinkKind::SS,
            "PR_FF" => LinkKind::FF,
            "PR_SF" => LinkKind::SF,
            other => {
                return Err(r.invalid_task(
                    &successor,
                    format!(
                        "link from `{predecessor}`: unknown `pred_type` `{other}`; expected PR_FS, PR_SS, PR_FF or PR_SF"
                    ),
                ));
            }
        };
        let lag_hours = r.number("lag_hr_cnt", &who)?.unwrap_or(0.0);
        let clndr_of = |id: &str| tasks.calendar_of.get(id).map(String::as_str);
        let timed_on = match lag_calendar {
            LagCalendar::Successor => clndr_of(succ),
            LagCalendar::Predecessor => clndr_of(pred),
            LagCalendar::Project => Some(ctx.default_calendar),
            LagCalendar::Day24 => None,
        };
        let hours_per_day = match timed_on {
            Some(id) => ctx.calendars.by_id[id].hours_per_day,
            None => 24.0,
        };
        if lag_hours != 0.0 && timed_on != clndr_of(succ) {
            schedule.not_carried("lags timed on a calendar other than the successor's");
        }
        schedule.links.push(Link {
            predecessor,
            successor,
            kind,
            lag_days: lag_hours / hours_per_day,
        });
    }
    Ok(())
}

/// The calendar P6 times lags on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LagCalendar {
    Successor,
    Predecessor,
    Day24,
    Project,
}

/// The project's choice in `SCHEDOPTIONS`; P6's default is the predecessor's calendar.
fn lag_calendar(ctx: &Context) -> LagCalendar {
    let choice = ctx.tables.get("SCHEDOPTIONS").and_then(|t| {
        t.records(ctx.source)
            .find(|r| ctx.ours(r))
            .and_then(|r| r.get("sched_calendar_on_relationship_lag"))
    });
    match choice {
        Some("rcal_Successor") => LagCalendar::Successor,
        Some("rcal_24Hour") => LagCalendar::Day24,
        Some("rcal_ProjDefault") => LagCalendar::Project,
        _ => LagCalendar::Predecessor,
    }
}
