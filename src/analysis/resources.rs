//! What the capacities cost in time: the finish with capacities ignored, and per resource its
//! utilisation, how often it is the bottleneck, and what one more unit of it would buy.

use crate::engine::Outcomes;
use crate::model::{Model, ResourceKind};
use crate::report::{ResourceReport, UnconstrainedReport};

use super::percentiles::Sorted;
use super::{dates, stats};

/// The same iterations with capacities ignored; None when none are in force.
pub fn unconstrained(model: &Model, out: &Outcomes, conf_days: f64) -> Option<UnconstrainedReport> {
    if !model.leveling.active() {
        return None;
    }
    let times = Sorted::new(out.columns.unconstrained.clone());
    let days: Vec<f64> = times
        .values()
        .iter()
        .map(|&t| model.project_days(t))
        .collect();
    let (duration_days, sorted) = stats(days, model.confidence);
    Some(UnconstrainedReport {
        delay_days: conf_days - sorted.quantile(model.confidence),
        commit_date: model
            .finish_date(times.quantile(model.confidence))
            .to_string(),
        finish_date: dates(model, &times),
        duration_days,
    })
}

/// One entry per resource. What one more unit saves is the target percentile of the
/// iterations levelled again in their start order, less that with one more unit.
pub fn resources(model: &Model, out: &Outcomes) -> Vec<ResourceReport> {
    let n = out.len().max(1) as f64;
    let conf = model.confidence;
    let m = out.one_more_len();
    let days = |ts: &[f64]| -> Vec<f64> { ts.iter().map(|&t| model.project_days(t)).collect() };
    let base = (m > 0).then(|| Sorted::new(days(out.one_more_base())).quantile(conf));
    let cols = &out.columns;
    model
        .leveling
        .resources
        .iter()
        .enumerate()
        .map(|(k, res)| {
            let saved = base.map(|b| b - Sorted::new(days(out.one_more_of(k))).quantile(conf));
            ResourceReport {
                name: res.name.clone(),
                kind: match res.kind {
                    ResourceKind::Role(_) => "role",
                    ResourceKind::Instance(_) => "instance",
                }
                .to_string(),
                capacity: res.capacity,
                utilisation: cols.utilisation[k].iter().sum::<f64>() / n,
                bottleneck_share: cols.bottleneck[k].iter().filter(|&&b| b).count() as f64 / n,
                p80_days_saved_with_one_more: saved,
                one_more_iterations: m,
            }
        })
        .collect()
}
