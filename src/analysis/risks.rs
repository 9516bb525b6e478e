//! What each risk event of the register does to the finish and the cost: how often it
//! occurred, and how much later and dearer the target percentile is when it does.

use crate::engine::Outcomes;
use crate::model::Model;
use crate::report::RiskReport;

use super::sensitivity;

pub(super) fn risks(model: &Model, out: &Outcomes, days: &[f64], costs: &[f64]) -> Vec<RiskReport> {
    let conf = model.confidence;
    model
        .risks
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let flag = &out.columns.risk_occurred[k];
            let occurred = flag.iter().filter(|&&f| f).count() as f64 / flag.len() as f64;
            RiskReport {
                id: r.id.clone(),
                description: r.description.clone(),
                probability: r.impact.probability,
                occurred,
                mitigated: r.mitigated,
                impact_days: sensitivity::conditional_shift(days, flag, conf),
                impact_cost: sensitivity::conditional_shift(costs, flag, conf),
            }
        })
        .collect()
}
