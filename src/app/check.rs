//! `riskplan check`: validate a scenario (as written and with each of its plans) and show its
//! deterministic plan and critical path, without simulating.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use riskplan::engine;
use riskplan::model::{self, CompileOptions};
use riskplan::report::table::escape;

use super::{Loaded, print_warnings};
use crate::cli::ImportArgs;

pub fn check(path: &Path, import: &ImportArgs) -> Result<()> {
    let loaded = Loaded::read(path, import)?;
    let model = loaded.compile(&CompileOptions::default())?;
    print_warnings(&loaded, &model);
    // A plan may set counts and instance types a compute task cannot run with (a quota):
    // every plan must compile, not only the one a later `run` picks.
    for plan in &model.plans {
        loaded.compile(&CompileOptions::plan(plan))?;
    }
    let s = engine::deterministic(&model);
    riskplan::analysis::within_calendar(path, &model, &s, None)?;
    let det = s.totals;
    let mut out = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(out, "{}: the plan is valid", loaded.file().path.display());
    let _ = writeln!(
        out,
        "{}, {}, {}, {}; starts {} ({} calendar)",
        count(model.tasks.len(), "task", "tasks"),
        count(model.milestones.len(), "milestone", "milestones"),
        count(model.roles.len(), "role", "roles"),
        count(model.instances.len(), "instance type", "instance types"),
        model.start,
        calendar_name(model.calendar)
    );
    let unit = match model.calendar {
        model::CalendarKind::Workdays => "working days",
        model::CalendarKind::Continuous => "days",
    };
    let _ = writeln!(
        out,
        "Deterministic plan{}: {:.1} {unit}, finishing {}, costing {} {}",
        if model.leveling.active() {
            " (levelled to the team and quotas)"
        } else {
            ""
        },
        model.project_days(det.finish),
        model.finish_date(det.finish),
        riskplan::report::table::money(det.cost()),
        model.currency
    );
    let _ = writeln!(
        out,
        "Critical path{}:",
        if model.leveling.active() {
            " (links, and waits for people and instances)"
        } else {
            ""
        }
    );
    // In the order the tasks start: with levelling, that is not the order of the links.
    let mut by_start: Vec<usize> = (0..model.tasks.len()).collect();
    by_start.sort_by(|&a, &b| s.start[a].total_cmp(&s.start[b]).then(a.cmp(&b)));
    for i in by_start {
        let t = &model.tasks[i];
        if s.critical[i] {
            // Durations count in each task's own calendar: say which on every row.
            let task_unit = match t.calendar {
                model::TaskCalendar::Work(_) => "working days",
                model::TaskCalendar::Continuous => "calendar days",
            };
            let _ = writeln!(
                out,
                "  {:<28} {:>8.1} {task_unit:<13}  {} -> {}",
                t.id,
                s.duration[i],
                model.date_of_day(model.start_day(t.calendar, s.start[i], s.finish[i])),
                model.finish_date(s.finish[i])
            );
        }
    }
    if !model.milestones.is_empty() {
        let _ = writeln!(out, "Milestones:");
        for (m, ms) in model.milestones.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {:<28} {} ({})",
                ms.id,
                model.finish_date(s.milestone_finish[m]),
                count(ms.members.len(), "task", "tasks")
            );
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(escape(&out).as_bytes())?;
    Ok(())
}

/// "1 task", "3 tasks".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The calendar's name as scenarios write it (and as `run` prints it).
fn calendar_name(c: model::CalendarKind) -> &'static str {
    match c {
        model::CalendarKind::Workdays => "workdays",
        model::CalendarKind::Continuous => "continuous",
    }
}
