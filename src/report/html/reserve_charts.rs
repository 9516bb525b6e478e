//! The buffer and reserve charts: how much time each milestone needs beyond the plan, and
//! how much money, person-time and instance-time to hold back, at the target confidence.

use super::charts::{Chart, target};
use super::format::{day_unit, money};
use crate::report::Report;
use crate::report::svg::bars::{HBar, hbars};
use crate::report::svg::palette;

/// The buffer each milestone and the project finish need at the target confidence.
pub(super) fn buffers_chart(r: &Report) -> Option<Chart> {
    let t = target(r);
    let unit = day_unit(&r.calendar);
    let mut rows: Vec<HBar> = r
        .milestones
        .iter()
        .map(|m| HBar {
            label: m.name.clone(),
            value: m.buffer_days,
            text: format!("{:.1}", m.buffer_days),
            tooltip: format!(
                "{} ({}): planned {}, commit to {} at {t}",
                m.name, m.id, m.deterministic_finish_date, m.commit_date
            ),
            color: palette::TARGET,
        })
        .collect();
    rows.push(HBar {
        label: "Project finish".into(),
        value: r.buffer.days,
        text: format!("{:.1}", r.buffer.days),
        tooltip: format!(
            "planned {}, commit to {} at {t}",
            r.deterministic.finish_date, r.buffer.finish_date
        ),
        color: palette::TARGET,
    });
    let lo = rows.iter().map(|b| b.value).fold(0.0, f64::min);
    let hi = rows.iter().map(|b| b.value).fold(0.0, f64::max);
    if hi <= lo {
        return None;
    }
    let title = format!("Schedule buffers at {t}");
    Some(Chart {
        name: "buffers",
        caption: format!(
            "The {unit} between the plan's date and the {t} date of each milestone and of the finish."
        ),
        svg: hbars(
            "buffers",
            &title,
            &rows,
            lo,
            hi,
            &format!("Buffer ({unit})"),
        ),
        title,
    })
}

/// The reserves at the target confidence as a share of the plan's own figure: money,
/// each role's person-days and each instance type's hours on one scale.
pub(super) fn reserves_chart(r: &Report) -> Option<Chart> {
    let t = target(r);
    let share = |reserve: f64, plan: f64| (plan > 0.0).then(|| reserve / plan);
    let mut rows = Vec::new();
    let mut push = |label: String, reserve: f64, plan: f64, what: &str| {
        if let Some(v) = share(reserve, plan) {
            rows.push(HBar {
                text: format!("{:.0}%", v * 100.0),
                tooltip: format!("{label}: {what}"),
                label,
                value: v * 100.0,
                color: palette::PRIMARY,
            });
        }
    };
    push(
        format!("Money ({})", r.currency),
        r.reserve.cost,
        r.deterministic.cost,
        &format!(
            "reserve {} on a plan of {}",
            money(r.reserve.cost, &r.currency),
            money(r.deterministic.cost, &r.currency)
        ),
    );
    for (role, reserve) in &r.reserve.person_days {
        let plan = r
            .deterministic
            .person_days
            .get(role)
            .copied()
            .unwrap_or(0.0);
        push(
            format!("{role} (person-days)"),
            *reserve,
            plan,
            &format!("reserve {reserve:.1} person-days on a plan of {plan:.1}"),
        );
    }
    for (inst, reserve) in &r.reserve.instance_hours {
        let plan = r
            .deterministic
            .instance_hours
            .get(inst)
            .copied()
            .unwrap_or(0.0);
        push(
            format!("{inst} (instance-hours)"),
            *reserve,
            plan,
            &format!("reserve {reserve:.0} instance-hours on a plan of {plan:.0}"),
        );
    }
    let lo = rows.iter().map(|b| b.value).fold(0.0, f64::min);
    let hi = rows.iter().map(|b| b.value).fold(0.0, f64::max);
    if rows.is_empty() || hi <= lo {
        return None;
    }
    let title = format!("Reserves at {t}, as a share of the plan");
    Some(Chart {
        name: "reserves",
        caption: format!(
            "What to hold back beyond the plan's own figure to be covered at {t}; the tables below give the amounts."
        ),
        svg: hbars(
            "reserves",
            &title,
            &rows,
            lo,
            hi,
            "Reserve, percent of the plan",
        ),
        title,
    })
}
