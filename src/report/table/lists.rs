//! The summary's lists, each cut to `--top` entries with a line saying how many more the JSON
//! and CSV reports hold: the milestones, what drives the finish, the risk events and the most
//! critical tasks.

use std::fmt::Write;

use super::grid::Grid;
use super::{money, pct, task_days_unit};
use crate::report::Report;

/// `  ... and 3 more in the JSON and CSV reports` when `shown` of `total` are listed.
fn more(s: &mut String, shown: usize, total: usize) {
    if total > shown {
        let _ = writeln!(
            s,
            "  ... and {} more in the JSON and CSV reports",
            total - shown
        );
    }
}

/// The milestones: planned, P50 and target dates with their sprints, the buffer, and the
/// chance of meeting their deadlines.
pub(super) fn milestones(
    s: &mut String,
    r: &Report,
    target: &str,
    days_unit: &str,
    top: usize,
    width: usize,
) {
    if r.milestones.is_empty() || top == 0 {
        return;
    }
    let _ = writeln!(
        s,
        "\nMilestones (each date with its sprint in brackets; the buffer in {days_unit})"
    );
    let deadlines = r.milestones.iter().any(|m| m.deadline.is_some());
    let mut header = vec![
        String::new(),
        "planned (sprint)".into(),
        "P50 (sprint)".into(),
        format!("{target} (sprint)"),
        "buffer".into(),
    ];
    if deadlines {
        header.push("deadline: chance".into());
    }
    let mut g = Grid::new(&header);
    let shown = r.milestones.len().min(top);
    let mut padded = Vec::new();
    for m in &r.milestones[..shown] {
        let dl = m
            .deadline
            .as_ref()
            .map(|d| format!("{}: {}", d.date, pct(d.probability)))
            .unwrap_or_default();
        if m.buffer_days <= -0.05 {
            padded.push(m);
        }
        let mut row = vec![
            m.id.clone(),
            format!(
                "{} ({})",
                m.deterministic_finish_date, m.deterministic_sprint
            ),
            format!("{} ({})", m.finish_date.p50, m.finish_sprint.p50),
            format!("{} ({})", m.commit_date, m.finish_sprint.target),
            format!("{:.1}", m.buffer_days.max(0.0)),
        ];
        if deadlines {
            row.push(dl);
        }
        g.row(&row);
    }
    s.push_str(&g.render(width));
    for m in padded {
        let _ = writeln!(
            s,
            "  {}: the plan already holds {:.1} {days_unit} more than {target} needs: no buffer to add",
            m.id, -m.buffer_days
        );
    }
    more(s, shown, r.milestones.len());
}

/// The tasks whose durations move the finish most (rank correlation), strongest first.
pub(super) fn drivers(s: &mut String, r: &Report, top: usize, width: usize) {
    let mut drivers: Vec<_> = r
        .tasks
        .iter()
        .filter(|t| t.sensitivity.abs() >= 0.05)
        .collect();
    drivers.sort_by(|a, b| b.sensitivity.abs().total_cmp(&a.sensitivity.abs()));
    if drivers.is_empty() || top == 0 {
        return;
    }
    let _ = writeln!(
        s,
        "\nWhat drives the finish (rank correlation of each task's duration with the finish)"
    );
    let mut g = Grid::new(&["", "correlation", "", "SSI"]).left(&[0, 2]);
    let shown = drivers.len().min(top);
    for t in &drivers[..shown] {
        let bar = "#".repeat((t.sensitivity.abs() * 30.0).round() as usize);
        g.row(&[
            t.id.clone(),
            format!("{:.2}", t.sensitivity),
            format!("{bar:<30}"),
            format!("{:.2}", t.ssi),
        ]);
    }
    s.push_str(&g.render(width));
    more(s, shown, drivers.len());
}

/// The risk events, the largest shift of the target first.
pub(super) fn risks(
    s: &mut String,
    r: &Report,
    target: &str,
    days_unit: &str,
    top: usize,
    width: usize,
) {
    if r.risks.is_empty() || top == 0 {
        return;
    }
    let mut risks: Vec<_> = r.risks.iter().collect();
    let key = |v: Option<f64>| v.map_or(-1.0, f64::abs);
    risks.sort_by(|a, b| {
        key(b.impact_days)
            .total_cmp(&key(a.impact_days))
            .then(key(b.impact_cost).total_cmp(&key(a.impact_cost)))
    });
    let cur = &r.currency;
    let _ = writeln!(
        s,
        "\nRisk events (shift of {target} when the event occurs, the largest first)"
    );
    let mut g = Grid::new(&[
        "",
        "probability",
        "occurred",
        "finish shift",
        "cost shift",
        "",
    ])
    .left(&[0, 5]);
    let shown = risks.len().min(top);
    for k in &risks[..shown] {
        g.row(&[
            k.id.clone(),
            pct(k.probability),
            pct(k.occurred),
            k.impact_days
                .map(|d| format!("{d:+.1} {days_unit}"))
                .unwrap_or_else(|| "-".into()),
            k.impact_cost
                .map(|c| format!("{} {cur}", money(c)))
                .unwrap_or_else(|| "-".into()),
            if k.mitigated { "(mitigated)" } else { "" }.to_string(),
        ]);
    }
    s.push_str(&g.render(width));
    more(s, shown, risks.len());
}

/// The tasks most often on the critical path, with their durations in their own calendars.
pub(super) fn critical_tasks(s: &mut String, r: &Report, target: &str, top: usize, width: usize) {
    let mut tasks: Vec<_> = r.tasks.iter().collect();
    tasks.sort_by(|a, b| b.criticality.total_cmp(&a.criticality));
    let shown = tasks.len().min(top);
    if shown == 0 {
        return;
    }
    let _ = writeln!(
        s,
        "\nMost critical tasks (share of iterations on the critical path)"
    );
    // The name, when a task has one of its own, last: it takes the width that is left.
    let named = tasks[..shown].iter().any(|t| t.name != t.id);
    let mut header = vec!["", "criticality", "planned", "P50", target, "unit"];
    if named {
        header.push("name");
    }
    // Each task's durations count in its own calendar: say which on every row.
    let mut g = Grid::new(&header)
        .names(if named { &[0, 6] } else { &[0] })
        .left(&[0, 5, 6]);
    for t in &tasks[..shown] {
        let mut row = vec![
            t.id.clone(),
            pct(t.criticality),
            format!("{:.1}", t.deterministic_days),
            format!("{:.1}", t.duration_days.p50),
            format!("{:.1}", t.duration_days.target),
            task_days_unit(&t.calendar).to_string(),
        ];
        if named {
            row.push(if t.name != t.id {
                t.name.clone()
            } else {
                String::new()
            });
        }
        g.row(&row);
    }
    s.push_str(&g.render(width));
    more(s, shown, tasks.len());
}
