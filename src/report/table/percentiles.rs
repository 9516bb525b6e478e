//! The summary's percentile tables: when the project delivers, what it costs, and the buffer
//! between the plan and the target. Both tables show the same percentiles, the target among
//! them in its place (`--confidence 0.7` adds a P70 row), marked.

use std::fmt::Write;

use super::grid::Grid;
use super::{money, p_label};
use crate::report::{DatePercentiles, Report, SprintPercentiles, Stats};

/// One row of a percentile table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Row {
    P10,
    P50,
    P80,
    P90,
    P95,
    P99,
    /// The target confidence, when it is none of the above.
    Target,
}

/// The rows of a percentile table at `confidence`: P10 to P99 with the target in its place,
/// each with its label (the target's marked).
pub(super) fn rows(confidence: f64) -> Vec<(Row, String)> {
    let standard = [
        (0.1, Row::P10),
        (0.5, Row::P50),
        (0.8, Row::P80),
        (0.9, Row::P90),
        (0.95, Row::P95),
        (0.99, Row::P99),
    ];
    let target = format!("{} (target)", p_label(confidence));
    let mut out = Vec::new();
    let mut placed = false;
    for (p, row) in standard {
        if !placed && (p - confidence).abs() < 1e-12 {
            out.push((row, target.clone()));
            placed = true;
            continue;
        }
        if !placed && confidence < p {
            out.push((Row::Target, target.clone()));
            placed = true;
        }
        out.push((row, p_label(p)));
    }
    if !placed {
        out.push((Row::Target, target));
    }
    out
}

impl Row {
    pub fn of(self, s: &Stats) -> f64 {
        match self {
            Row::P10 => s.p10,
            Row::P50 => s.p50,
            Row::P80 => s.p80,
            Row::P90 => s.p90,
            Row::P95 => s.p95,
            Row::P99 => s.p99,
            Row::Target => s.target,
        }
    }

    pub fn date(self, d: &DatePercentiles) -> &str {
        match self {
            Row::P10 => &d.p10,
            Row::P50 => &d.p50,
            Row::P80 => &d.p80,
            Row::P90 => &d.p90,
            Row::P95 => &d.p95,
            Row::P99 => &d.p99,
            Row::Target => &d.target,
        }
    }

    pub fn sprint(self, s: &SprintPercentiles) -> u32 {
        match self {
            Row::P10 => s.p10,
            Row::P50 => s.p50,
            Row::P80 => s.p80,
            Row::P90 => s.p90,
            Row::P95 => s.p95,
            Row::P99 => s.p99,
            Row::Target => s.target,
        }
    }
}

/// When the project delivers: durations, dates and sprints, and the buffer the target needs.
pub(super) fn delivery(s: &mut String, r: &Report, days_unit: &str, width: usize) {
    let target = p_label(r.confidence);
    let _ = writeln!(s, "\nDelivery");
    let mut g = Grid::new(&["", days_unit, "date", "sprint"]);
    for (row, label) in rows(r.confidence) {
        g.row(&[
            label,
            format!("{:.1}", row.of(&r.duration_days)),
            row.date(&r.finish_date).to_string(),
            row.sprint(&r.finish_sprint).to_string(),
        ]);
    }
    s.push_str(&g.render(width));
    let du = &r.duration_days;
    let _ = writeln!(
        s,
        "  mean {:.1} {days_unit}, standard deviation {:.1} {days_unit}; {target} is known to +-{:.2} {days_unit} (Monte Carlo standard error)",
        du.mean, du.std, r.standard_error.duration_days.target
    );
    if let Some(p) = r.convergence.precision_days {
        let _ = writeln!(
            s,
            "  {} iterations to reach +-{p} {days_unit} at 95% confidence: {}",
            r.convergence.iterations,
            if r.convergence.converged == Some(true) {
                "reached"
            } else {
                "NOT reached (raise --max-iterations)"
            }
        );
    }
    let b = &r.buffer;
    if b.days <= -0.05 {
        // A padded plan: its most likely estimates already finish after the target.
        let _ = writeln!(
            s,
            "\nTimeline buffer for {target}: the plan already holds {:.1} {days_unit} ({:.2} sprints) more than {target} needs: no buffer to add ({target} is reached on {}; the plan finishes on {})",
            -b.days, -b.sprints, b.finish_date, r.deterministic.finish_date
        );
    } else {
        let _ = writeln!(
            s,
            "\nTimeline buffer for {target}: {:.1} {days_unit} ({:.2} sprints) beyond the deterministic plan; commit to {}",
            b.days.max(0.0),
            b.sprints.max(0.0),
            b.finish_date
        );
    }
}

/// What the project costs: the same percentiles as the delivery, for the total and each part.
pub(super) fn cost(s: &mut String, r: &Report, width: usize) {
    let cur = &r.currency;
    let c = &r.cost;
    let any_idle = c.by_category.people_idle.p99 > 0.0;
    let mut parts = vec![("total", &c.stats), ("people", &c.by_category.people)];
    if any_idle {
        parts.push(("idle", &c.by_category.people_idle));
    }
    parts.extend([
        ("compute", &c.by_category.compute),
        ("fixed", &c.by_category.fixed),
        ("risks", &c.by_category.risk),
    ]);
    let _ = writeln!(s, "\nCost ({cur})");
    let header: Vec<&str> = [""].into_iter().chain(parts.iter().map(|p| p.0)).collect();
    let mut g = Grid::new(&header);
    for (row, label) in rows(r.confidence) {
        let cells: Vec<String> = [label]
            .into_iter()
            .chain(parts.iter().map(|(_, st)| money(row.of(st))))
            .collect();
        g.row(&cells);
    }
    let mean: Vec<String> = ["mean".to_string()]
        .into_iter()
        .chain(parts.iter().map(|(_, st)| money(st.mean)))
        .collect();
    g.row(&mean);
    s.push_str(&g.render(width));
    let _ = writeln!(
        s,
        "  (each part is its own distribution: the parts' percentiles do not add up to the total's)"
    );
    if any_idle {
        let _ = writeln!(
            s,
            "  (idle: what the payroll pays people while they wait or between their tasks)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(confidence: f64) -> Vec<String> {
        rows(confidence).into_iter().map(|(_, l)| l).collect()
    }

    #[test]
    fn the_target_takes_its_place_among_the_percentiles() {
        assert_eq!(
            labels(0.7),
            ["P10", "P50", "P70 (target)", "P80", "P90", "P95", "P99"]
        );
        assert_eq!(
            labels(0.8),
            ["P10", "P50", "P80 (target)", "P90", "P95", "P99"]
        );
        assert_eq!(
            labels(0.05),
            ["P5 (target)", "P10", "P50", "P80", "P90", "P95", "P99"]
        );
        assert_eq!(
            labels(0.995),
            ["P10", "P50", "P80", "P90", "P95", "P99", "P99.5 (target)"]
        );
        assert_eq!(rows(0.7)[2].0, Row::Target);
        assert_eq!(rows(0.8)[2].0, Row::P80);
    }
}
