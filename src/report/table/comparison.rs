//! The summary of a comparison: the plans side by side, then each against the first.

use std::fmt::Write;

use super::grid::Grid;
use super::{money, p_label, pct};
use crate::report::{ComparisonReport, PlanReport};

/// The plans of a comparison side by side, in one table at most `width` columns wide (long
/// plan names are cut).
pub fn comparison(c: &ComparisonReport, width: usize) -> String {
    let mut s = String::new();
    let Some(first) = c.plans.first() else {
        return s;
    };
    let r0 = &first.report;
    let target = p_label(r0.confidence);
    let cur = &r0.currency;
    let days_unit = if r0.calendar == "workdays" {
        "working days"
    } else {
        "days"
    };
    let _ = writeln!(
        s,
        "{}: {} compared over {} iterations (seed {}, common random numbers)\n",
        r0.scenario,
        match c.plans.len() {
            1 => "1 plan".to_string(),
            n => format!("{n} plans"),
        },
        r0.iterations,
        r0.seed
    );
    let header: Vec<String> = [String::new()]
        .into_iter()
        .chain(c.plans.iter().map(|p| p.name.clone()))
        .collect();
    let plans: Vec<usize> = (1..=c.plans.len()).collect();
    let mut g = Grid::new(&header).names(&plans);
    let mut line = |label: String, f: &dyn Fn(&PlanReport) -> String| {
        let row: Vec<String> = [label].into_iter().chain(c.plans.iter().map(f)).collect();
        g.row(&row);
    };
    line("finish P50".into(), &|p| p.report.finish_date.p50.clone());
    line(format!("finish {target} (commit)"), &|p| {
        p.report.buffer.finish_date.clone()
    });
    line("finish P95".into(), &|p| p.report.finish_date.p95.clone());
    line(format!("cost P50 ({cur})"), &|p| {
        money(p.report.cost.stats.p50)
    });
    line(format!("cost {target} ({cur})"), &|p| {
        money(p.report.reserve.total_cost)
    });
    line(format!("compute cost mean ({cur})"), &|p| {
        money(p.report.cost.by_category.compute.mean)
    });
    line("instance-hours billed / useful".into(), &|p| {
        format!(
            "{:.0} / {:.0}",
            p.instance_hours.billed, p.instance_hours.useful
        )
    });
    line("interruptions (mean count)".into(), &|p| {
        format!("{:.1}", p.interruptions.mean)
    });
    // The header and the rows above: the rows against the first plan follow.
    let side_by_side = 9;
    if c.plans.len() > 1 {
        // Against the first plan: its own column stays empty.
        let mut against = |label: String, f: &dyn Fn(&PlanReport) -> String| {
            line(label, &|p| {
                if std::ptr::eq(p, first) {
                    String::new()
                } else {
                    f(p)
                }
            });
        };
        against("chance of costing less".into(), &|p| {
            pct(p.probability_cheaper)
        });
        against("chance of finishing earlier".into(), &|p| {
            pct(p.probability_earlier)
        });
        against(format!("cost difference P50 ({cur})"), &|p| {
            money(p.cost_difference.p50)
        });
        against(format!("cost difference {target} ({cur})"), &|p| {
            money(p.cost_difference.target)
        });
        against(format!("{days_unit} difference P50"), &|p| {
            format!("{:+.1}", p.duration_difference.p50)
        });
        against(format!("{days_unit} difference {target}"), &|p| {
            format!("{:+.1}", p.duration_difference.target)
        });
    }
    for (i, row) in g.render(width).lines().enumerate() {
        if i == side_by_side {
            let _ = writeln!(s, "\n  Against `{}`, iteration by iteration:", first.name);
        }
        let _ = writeln!(s, "{row}");
    }
    s
}
