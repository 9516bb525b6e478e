//! The human-readable summary printed to the terminal: what a project lead reads first.

use std::fmt::Write;

use super::{Document, Export, Exporter, Report};

mod comparison;
mod escape;
mod grid;
mod lists;
mod mitigations;
mod percentiles;
mod resources;
mod wrap;
pub use comparison::comparison;
pub use escape::escape;
use mitigations::mitigations;

pub struct Table {
    /// How many entries each list shows (`--top`): the most critical tasks, the drivers of
    /// the finish, the risk events and mitigations, the milestones.
    pub top_tasks: usize,
    /// The widest a line of a table may be (columns): 100, or the terminal's width.
    pub width: usize,
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
            Document::Comparison(c) => comparison(c, self.width),
        };
        // Scenario text in it goes to a terminal: no control character reaches it raw.
        // Sentences fold at the width the tables keep to.
        Ok(Export::Document(
            wrap::wrap(&escape(&text), self.width).into_bytes(),
        ))
    }
}

impl Table {
    /// The summary of one run.
    fn run(&self, r: &Report) -> String {
        let mut s = String::new();
        let cur = &r.currency;
        let target = p_label(r.confidence);
        let width = self.width;
        let top = self.top_tasks;
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
        percentiles::delivery(&mut s, r, days_unit, width);
        percentiles::cost(&mut s, r, width);
        resources::resources(&mut s, r, &target, days_unit, width);
        resources::reserve(&mut s, r, &target);
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
        lists::milestones(&mut s, r, &target, days_unit, top, width);
        lists::drivers(&mut s, r, top, width);
        lists::risks(&mut s, r, &target, days_unit, top, width);
        mitigations(&mut s, r, &target, days_unit, top, width);
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
                    .map(|h| format!("checkpoints every {h:.2} hours"))
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
        lists::critical_tasks(&mut s, r, &target, top, width);
        s
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
