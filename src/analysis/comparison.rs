//! Alternative plans side by side. Every plan is simulated with the same seed, so iteration i
//! of each plan draws the same task durations (common random numbers) and each Spot run its
//! own stream: the paired differences between plans carry far less noise than two
//! independent runs would.

use crate::engine::{Layout, Outcomes};
use crate::model::Model;
use crate::report::{ComparisonReport, Difference, InstanceHoursReport, MeanReport, PlanReport};

use super::percentiles::{Sorted, mean_std};

/// The comparison of plans; the first plan is the reference.
pub fn compare(plans: &[(String, &Model, &Outcomes)]) -> ComparisonReport {
    let Some((_, first_model, first)) = plans.first() else {
        return ComparisonReport { plans: Vec::new() };
    };
    let base_cost = first.total_cost();
    let base_days: Vec<f64> = first
        .column(Layout::FINISH)
        .into_iter()
        .map(|t| first_model.project_days(t))
        .collect();
    let reports = plans
        .iter()
        .map(|(name, model, out)| {
            let report = super::analyse(model, out);
            let cost = out.total_cost();
            let days: Vec<f64> = out
                .column(Layout::FINISH)
                .into_iter()
                .map(|t| model.project_days(t))
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
            let billed = mean_std(&out.column(Layout::BILLED_HOURS)).0;
            let useful = mean_std(&out.column(Layout::USEFUL_HOURS)).0;
            PlanReport {
                name: name.clone(),
                cost_difference: diff(&cost, &base_cost),
                duration_difference: diff(&days, &base_days),
                report,
                instance_hours: InstanceHoursReport { billed, useful },
                interruptions: MeanReport {
                    mean: mean_std(&out.column(Layout::INTERRUPTIONS)).0,
                },
                probability_cheaper: cheaper,
                probability_earlier: earlier,
            }
        })
        .collect();
    ComparisonReport { plans: reports }
}
