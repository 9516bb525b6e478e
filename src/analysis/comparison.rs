//! Alternative plans side by side. Every plan is simulated with the same seed, so iteration i
//! of each plan draws the same task durations (common random numbers) and each Spot run its
//! own stream: the paired differences between plans carry far less noise than two
//! independent runs would.

use crate::engine::{DeterministicSchedule, Outcomes};
use crate::model::Model;
use crate::report::{ComparisonReport, Difference, InstanceHoursReport, MeanReport, PlanReport};

use super::percentiles::{Sorted, mean_std};

/// One plan of a comparison: its name, model, deterministic schedule and outcomes.
pub struct Plan<'a> {
    pub name: &'a str,
    pub model: &'a Model,
    pub deterministic: &'a DeterministicSchedule,
    pub outcomes: &'a Outcomes,
}

/// The comparison of plans; the first plan is the reference.
pub fn compare(plans: &[Plan<'_>]) -> ComparisonReport {
    let Some(first) = plans.first() else {
        return ComparisonReport { plans: Vec::new() };
    };
    let base_cost = first.outcomes.columns.total_cost();
    let base_days: Vec<f64> = first
        .outcomes
        .columns
        .finish
        .iter()
        .map(|&t| first.model.project_days(t))
        .collect();
    let reports = plans
        .iter()
        .map(|plan| {
            let (model, out) = (plan.model, plan.outcomes);
            let report = super::analyse(model, plan.deterministic, out);
            let cost = out.columns.total_cost();
            let days: Vec<f64> = out
                .columns
                .finish
                .iter()
                .map(|&t| model.project_days(t))
                .collect();
            let n = cost.len() as f64;
            let cheaper = cost.iter().zip(&base_cost).filter(|(a, b)| a < b).count() as f64 / n;
            let earlier = days.iter().zip(&base_days).filter(|(a, b)| a < b).count() as f64 / n;
            let diff = |a: &[f64], b: &[f64]| {
                let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
                let (mean, sd) = mean_std(&d);
                let sorted = Sorted::new(d);
                Difference {
                    mean,
                    se_mean: sd / n.sqrt(),
                    p50: sorted.quantile(0.5),
                    target: sorted.quantile(model.confidence),
                }
            };
            let billed = mean_std(&out.columns.billed_hours).0;
            let useful = mean_std(&out.columns.useful_hours).0;
            PlanReport {
                name: plan.name.to_string(),
                cost_difference: diff(&cost, &base_cost),
                duration_difference: diff(&days, &base_days),
                report,
                instance_hours: InstanceHoursReport { billed, useful },
                interruptions: MeanReport {
                    mean: mean_std(&out.columns.interruptions).0,
                },
                probability_cheaper: cheaper,
                probability_earlier: earlier,
            }
        })
        .collect();
    ComparisonReport { plans: reports }
}
