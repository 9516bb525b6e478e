//! The human-readable summary printed to the terminal: what a project lead reads first.

use std::fmt::Write;

use super::{Document, Export, Exporter, Report};

mod comparison;
mod escape;
mod mitigations;
pub use comparison::comparison;
pub use escape::escape;
use mitigations::mitigations;

pub struct Table {
    /// How many tasks to list, most critical first.
    pub top_tasks: usize,
    /// Whether to list the model's warnings: not when they were already shown on the same
    /// terminal.
    pub warnings: bool,
}

/// `1234567.8` -> `1,234,568`.
pub fn money(x: f64) -> String {
    let neg = x < 0.0;
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg && out != "0" {
        out.insert(0, '-');
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// "P80" for 0.8, "P85.5" for 0.855, "P99.9999" for 0.999999: as many decimals as the
/// confidence needs (never rounded to a misleading "P100" or "P0").
pub fn p_label(confidence: f64) -> String {
    let p = confidence * 100.0;
    for decimals in 0..=9 {
        let text = format!("{p:.decimals$}");
        let back: f64 = text.parse().unwrap_or(f64::NAN);
        if (back - p).abs() < 1e-9 * p.max(1.0) && back > 0.0 && back < 100.0 {
            return format!("P{text}");
        }
    }
    format!("P{p}")
}

/// The unit of a task's durations: days of the task's own calendar.
fn task_days_unit(calendar: &str) -> &'static str {
    if calendar == "continuous" {
        "calendar days"
    } else {
        "working days"
    }
}

impl Exporter for Table {
    fn export(&self, doc: Document<'_>) -> crate::Result<Export> {
        let text = match doc {
            Document::Run(r) => self.run(r),
            Document::Comparison(c) => comparison(c),
        };
        // Scenario text in it goes to a terminal: no control character reaches it raw.
        Ok(Export::Document(escape(&text).into_owned().into_bytes()))
    }
}

impl Table {
    /// The summary of one run.
    fn run(&self, r: &Report) -> String {
        let mut s = String::new();
        let cur = &r.currency;
        let target = p_label(r.confidence);
        let days_unit = if r.calendar == "workdays" {
            "working days"
        } else {
            "days"
        };
        let _ = writeln!(s, "{}", r.scenario);
        let _ = writeln!(
            s,
            "{} iterations, seed {}, target confidence {target}; starts {} ({} calendar, sprints of {} {days_unit})",
            r.iterations, r.seed, r.start, r.calendar, r.sprint_days
        );
        if let Some(status) = &r.status_date {
            let _ = writeln!(
                s,
                "Re-forecast at the status date {status}: work done keeps its actual dates, the rest runs from then on"
            );
        }
        let d = &r.deterministic;
        let _ = writeln!(
            s,
            "\nDeterministic plan (every estimate at its most likely value{})",
            if r.resource_constrained {
                "; levelled to the team and quotas"
            } else {
                ""
            }
        );
        let _ = writeln!(
            s,
            "  finishes {} ({:.1} {days_unit}), costs {} {cur}",
            d.finish_date,
            d.duration_days,
            money(d.cost)
        );
        let _ = writeln!(
            s,
            "  chance of finishing by then: {}; of staying within that cost: {}",
            pct(d.probability_on_time),
            pct(d.probability_on_budget)
        );

        let _ = writeln!(s, "\nDelivery");
        let _ = writeln!(
            s,
            "  {:<6} {:>13} {:>12} {:>7}",
            "", days_unit, "date", "sprint"
        );
        let du = &r.duration_days;
        let fd = &r.finish_date;
        let sp = &r.finish_sprint;
        for (label, days, date, sprint) in [
            ("P10", du.p10, &fd.p10, sp.p10),
            ("P50", du.p50, &fd.p50, sp.p50),
            ("P80", du.p80, &fd.p80, sp.p80),
            ("P90", du.p90, &fd.p90, sp.p90),
            ("P95", du.p95, &fd.p95, sp.p95),
            ("P99", du.p99, &fd.p99, sp.p99),
        ] {
            let _ = writeln!(s, "  {label:<6} {days:>13.1} {date:>12} {sprint:>7}");
        }
        let _ = writeln!(
            s,
            "  mean {:.1}, standard deviation {:.1}; {target} is known to +-{:.2} {days_unit} (Monte Carlo standard error)",
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
        let _ = writeln!(
            s,
            "\nTimeline buffer for {target}: {:.1} {days_unit} ({:.2} sprints) beyond the deterministic plan; commit to {}",
            b.days, b.sprints, b.finish_date
        );

        let _ = writeln!(s, "\nCost ({cur})");
        let _ = writeln!(
            s,
            "  {:<8} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
            "", "P10", "P50", "P80", "P90", "P99", "mean"
        );
        let c = &r.cost;
        let any_idle = c.by_category.people_idle.p99 > 0.0;
        for (label, st) in [
            ("total", &c.stats),
            ("people", &c.by_category.people),
            ("  idle", &c.by_category.people_idle),
            ("compute", &c.by_category.compute),
            ("fixed", &c.by_category.fixed),
            ("risks", &c.by_category.risk),
        ] {
            if label == "  idle" && !any_idle {
                continue;
            }
            let _ = writeln!(
                s,
                "  {label:<8} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
                money(st.p10),
                money(st.p50),
                money(st.p80),
                money(st.p90),
                money(st.p99),
                money(st.mean)
            );
        }
        if any_idle {
            let _ = writeln!(
                s,
                "  (idle: what the payroll pays people while they wait or between their tasks)"
            );
        }
        resources(&mut s, r, &target, days_unit);
        let rv = &r.reserve;
        let _ = writeln!(
            s,
            "\nBackup reserve for {target}: {} {cur} beyond the deterministic cost; total to ask for: {} {cur} (+-{} standard error)",
            money(rv.cost),
            money(rv.total_cost),
            money(r.standard_error.cost.target)
        );
        for (role, days) in &rv.person_days {
            let _ = writeln!(s, "  {role}: {days:+.1} person-days");
        }
        for (kind, hours) in &rv.instance_hours {
            let _ = writeln!(s, "  {kind}: {hours:+.1} instance-hours");
        }
        if r.deadline.is_some() || r.budget.is_some() {
            let _ = writeln!(s);
        }
        if let Some(dl) = &r.deadline {
            let _ = writeln!(
                s,
                "Chance of finishing by the deadline {}: {}",
                dl.date,
                pct(dl.probability)
            );
        }
        if let Some(bg) = &r.budget {
            let _ = writeln!(
                s,
                "Chance of staying within the budget {} {cur}: {}",
                money(bg.amount),
                pct(bg.probability)
            );
        }

        if !r.milestones.is_empty() {
            let _ = writeln!(s, "\nMilestones");
            let _ = writeln!(
                s,
                "  {:<24} {:>12} {:>12} {:>12} {:>8} {:>19}",
                "", "planned", "P50", target, "buffer", "deadline: chance"
            );
            for m in &r.milestones {
                let dl = m
                    .deadline
                    .as_ref()
                    .map(|d| format!("{}: {}", d.date, pct(d.probability)))
                    .unwrap_or_default();
                let row = format!(
                    "  {:<24} {:>12} {:>12} {:>12} {:>8.1} {:>19}",
                    m.id,
                    m.deterministic_finish_date,
                    m.finish_date.p50,
                    m.commit_date,
                    m.buffer_days,
                    dl
                );
                let _ = writeln!(s, "{}", row.trim_end());
            }
        }

        let mut drivers: Vec<_> = r
            .tasks
            .iter()
            .filter(|t| t.sensitivity.abs() >= 0.05)
            .collect();
        drivers.sort_by(|a, b| b.sensitivity.abs().total_cmp(&a.sensitivity.abs()));
        if !drivers.is_empty() {
            let _ = writeln!(
                s,
                "\nWhat drives the finish (rank correlation of each task's duration with the finish)"
            );
            for t in drivers.iter().take(self.top_tasks.min(5)) {
                let bar = "#".repeat((t.sensitivity.abs() * 30.0).round() as usize);
                let _ = writeln!(
                    s,
                    "  {:<24} {:>6.2} {bar}  (SSI {:.2})",
                    t.id, t.sensitivity, t.ssi
                );
            }
        }
        if !r.risks.is_empty() {
            let _ = writeln!(s, "\nRisk events (shift of {target} when the event occurs)");
            let _ = writeln!(
                s,
                "  {:<24} {:>11} {:>9} {:>14} {:>14}",
                "", "probability", "occurred", days_unit, cur
            );
            for k in &r.risks {
                let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| {
                    v.map(f).unwrap_or_else(|| "-".into())
                };
                let _ = writeln!(
                    s,
                    "  {:<24} {:>11} {:>9} {:>14} {:>14}{}",
                    k.id,
                    pct(k.probability),
                    pct(k.occurred),
                    opt(k.impact_days, &|d| format!("{d:+.1}")),
                    opt(k.impact_cost, &|c| money(c)),
                    if k.mitigated { "  (mitigated)" } else { "" }
                );
            }
        }
        mitigations(&mut s, r, &target, days_unit);
        if let Some(p) = r.joint.probability {
            let _ = writeln!(
                s,
                "\nJoint confidence (deadline and budget both met): {}",
                pct(p)
            );
        }
        if let [only] = r.joint.frontier.as_slice() {
            let _ = writeln!(
                s,
                "{target} joint confidence of date and cost: {} with {} {cur}",
                only.date,
                money(only.budget)
            );
        } else if let Some(first) = r.joint.frontier.first() {
            let last = r.joint.frontier.last().unwrap_or(first);
            let _ = writeln!(
                s,
                "{target} joint confidence of date and cost: {} with {} {cur}, ... {} with {} {cur}",
                first.date,
                money(first.budget),
                last.date,
                money(last.budget)
            );
        }
        if r.compute_tasks.iter().any(|c| c.purchase == "spot") {
            let _ = writeln!(s, "\nCompute on Spot");
            for c in r.compute_tasks.iter().filter(|c| c.purchase == "spot") {
                let every = c
                    .checkpoint_interval_hours
                    .map(|h| format!("checkpoints every {h:.2} h"))
                    .unwrap_or_else(|| "one final checkpoint".into());
                let mtbi = c
                    .mean_hours_between_interruptions
                    .map(|h| format!("an interruption every {h:.1} running hours on average"))
                    .unwrap_or_else(|| "never interrupted".into());
                let notice = if c.checkpoints_on_notice {
                    "; the notice is long enough to checkpoint: an interruption loses no work"
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    "  {}: {} x {}, {every}, {mtbi}{notice}",
                    c.id, c.count, c.instance
                );
            }
        }
        for w in r.warnings.iter().filter(|_| self.warnings) {
            let _ = writeln!(s, "\nwarning: {w}");
        }

        let mut tasks: Vec<_> = r.tasks.iter().collect();
        tasks.sort_by(|a, b| b.criticality.total_cmp(&a.criticality));
        let shown = tasks.len().min(self.top_tasks);
        if shown > 0 {
            let _ = writeln!(
                s,
                "\nMost critical tasks (share of iterations on the critical path)"
            );
            // Each task's durations count in its own calendar: say which on every row.
            let _ = writeln!(
                s,
                "  {:<24} {:>11} {:>9} {:>9} {:>9}  unit",
                "", "criticality", "planned", "P50", "P80"
            );
            for t in &tasks[..shown] {
                let _ = writeln!(
                    s,
                    "  {:<24} {:>11} {:>9.1} {:>9.1} {:>9.1}  {}",
                    t.id,
                    pct(t.criticality),
                    t.deterministic_days,
                    t.duration_days.p50,
                    t.duration_days.p80,
                    task_days_unit(&t.calendar)
                );
            }
            if tasks.len() > shown {
                let _ = writeln!(
                    s,
                    "  ... and {} more in the JSON and CSV reports",
                    tasks.len() - shown
                );
            }
        }
        s
    }
}

/// The resources: capacity, utilisation, bottleneck and what one more unit buys.
fn resources(s: &mut String, r: &Report, target: &str, days_unit: &str) {
    if r.resources.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\nTeam and quotas ({})",
        if r.resource_constrained {
            "levelled in every iteration: no one is booked beyond what exists"
        } else {
            "capacities ignored: utilisation above 100% is overbooking"
        }
    );
    let _ = writeln!(
        s,
        "  {:<24} {:>9} {:>12} {:>11} {:>26}",
        "",
        "capacity",
        "utilisation",
        "bottleneck",
        format!("{target} with one more")
    );
    for x in &r.resources {
        let more = x
            .p80_days_saved_with_one_more
            .map(|d| {
                if d >= 0.05 {
                    format!("{d:.1} {days_unit} earlier")
                } else {
                    "no earlier".into()
                }
            })
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            s,
            "  {:<24} {:>9} {:>12} {:>11} {:>26}",
            x.name,
            format!("{}", x.capacity),
            pct(x.utilisation),
            if r.resource_constrained {
                pct(x.bottleneck_share)
            } else {
                "-".into()
            },
            more
        );
    }
    if let Some(u) = &r.unconstrained {
        let _ = writeln!(
            s,
            "  With capacities ignored, {target} would be {} ({:.1} {days_unit} earlier).",
            u.commit_date, u.delay_days
        );
    }
    let top = r
        .resources
        .iter()
        .filter(|x| x.bottleneck_share > 0.0)
        .max_by(|a, b| a.bottleneck_share.total_cmp(&b.bottleneck_share));
    if let (true, Some(x)) = (r.resource_constrained, top) {
        let more = match x.p80_days_saved_with_one_more {
            Some(d) if d > 0.05 => format!(
                "; one more {} would bring {target} {d:.1} {days_unit} earlier",
                if x.kind == "role" {
                    "person"
                } else {
                    "instance"
                }
            ),
            Some(_) => format!(
                "; one more {} would not bring {target} earlier",
                if x.kind == "role" {
                    "person"
                } else {
                    "instance"
                }
            ),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "  {} holds the schedule back most (the bottleneck in {} of iterations){more}.",
            x.name,
            pct(x.bottleneck_share)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(1234567.8), "1,234,568");
        assert_eq!(money(999.4), "999");
        assert_eq!(money(-1000.0), "-1,000");
        assert_eq!(money(0.2), "0");
    }

    #[test]
    fn p_label_names_the_percentile() {
        assert_eq!(p_label(0.8), "P80");
        assert_eq!(p_label(0.855), "P85.5");
        assert_eq!(p_label(0.95), "P95");
        assert_eq!(p_label(0.999999), "P99.9999");
        assert_eq!(p_label(1e-9), "P0.0000001");
        assert_eq!(p_label(0.0001), "P0.01");
    }
}
