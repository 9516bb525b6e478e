//! The summary of a comparison: the plans side by side, then each against the first.

use std::fmt::Write;

use super::{money, p_label, pct};

/// The plans of a comparison side by side.
pub fn comparison(c: &crate::report::ComparisonReport) -> String {
    let mut s = String::new();
    let Some(first) = c.plans.first() else {
        return s;
    };
    let r0 = &first.report;
    let target = p_label(r0.confidence);
    let cur = &r0.currency;
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
    let width = 16;
    let mut line = |label: &str, cells: Vec<String>| {
        let _ = write!(s, "  {label:<34}");
        for cell in cells {
            let _ = write!(s, " {cell:>width$}");
        }
        let _ = writeln!(s);
    };
    let each = |f: &dyn Fn(&crate::report::PlanReport) -> String| {
        c.plans.iter().map(f).collect::<Vec<_>>()
    };
    line("", each(&|p| p.name.clone()));
    line("finish P50", each(&|p| p.report.finish_date.p50.clone()));
    line(
        &format!("finish {target} (commit)"),
        each(&|p| p.report.buffer.finish_date.clone()),
    );
    line("finish P95", each(&|p| p.report.finish_date.p95.clone()));
    line(
        &format!("cost P50 ({cur})"),
        each(&|p| money(p.report.cost.stats.p50)),
    );
    line(
        &format!("cost {target} ({cur})"),
        each(&|p| money(p.report.reserve.total_cost)),
    );
    line(
        &format!("compute cost mean ({cur})"),
        each(&|p| money(p.report.cost.by_category.compute.mean)),
    );
    line(
        "instance-hours billed / useful",
        each(&|p| {
            format!(
                "{:.0} / {:.0}",
                p.instance_hours.billed, p.instance_hours.useful
            )
        }),
    );
    line(
        "interruptions (mean)",
        each(&|p| format!("{:.1}", p.interruptions.mean)),
    );
    let rest = &c.plans[1..];
    if !rest.is_empty() {
        let _ = writeln!(s, "\n  Against `{}`, iteration by iteration:", first.name);
        let mut line = |label: &str, cells: Vec<String>| {
            let _ = write!(s, "  {label:<34} {:>width$}", "");
            for cell in cells {
                let _ = write!(s, " {cell:>width$}");
            }
            let _ = writeln!(s);
        };
        let each = |f: &dyn Fn(&crate::report::PlanReport) -> String| {
            rest.iter().map(f).collect::<Vec<_>>()
        };
        line(
            "chance of costing less",
            each(&|p| pct(p.probability_cheaper)),
        );
        line(
            "chance of finishing earlier",
            each(&|p| pct(p.probability_earlier)),
        );
        line(
            &format!("cost difference P50 ({cur})"),
            each(&|p| money(p.cost_difference.p50)),
        );
        line(
            &format!("cost difference {target} ({cur})"),
            each(&|p| money(p.cost_difference.target)),
        );
        line(
            "days difference P50",
            each(&|p| format!("{:+.1}", p.duration_difference.p50)),
        );
        line(
            &format!("days difference {target}"),
            each(&|p| format!("{:+.1}", p.duration_difference.target)),
        );
    }
    s
}
