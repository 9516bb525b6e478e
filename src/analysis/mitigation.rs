//! What the risk register's mitigations buy: the project's figures at the target confidence
//! with no mitigation, with every mitigation, and with each mitigation alone, from variants of
//! one model simulated over the same iterations with the same seed (common random numbers).
//! The differences then come from the mitigations, not from the draws.

use crate::model::Model;
use crate::report::{MitigationEffect, MitigationFigures, MitigationReport};

use super::percentiles::{Sorted, mean_std};

/// One variant's per-iteration results over the iterations compared, in iteration order.
#[derive(Debug, Clone, Copy)]
pub struct Variant<'a> {
    /// The model as compiled with this variant's mitigations in force.
    pub model: &'a Model,
    /// Project finish, timeline days.
    pub finish: &'a [f64],
    /// Total cost, the mitigations' price included.
    pub total_cost: &'a [f64],
}

/// The figures of one variant, computed as the run's report computes its own (buffer,
/// reserve, mean cost, deadline), so that a variant equals the separate run of it.
pub fn figures(v: &Variant<'_>) -> MitigationFigures {
    let m = v.model;
    let conf = m.confidence;
    let times = Sorted::new(v.finish.to_vec());
    let t = times.quantile(conf);
    let costs = Sorted::new(v.total_cost.to_vec());
    MitigationFigures {
        duration_days: m.project_days(t),
        finish_date: m.finish_date(t).to_string(),
        cost: costs.quantile(conf),
        mean_cost: mean_std(v.total_cost).0,
        deadline_probability: m.deadline.map(|d| times.share_at_most(m.end_of(d))),
    }
}

/// Before (no mitigation), after (every mitigation) and `alone[k]`: the k-th mitigation of
/// the register (in register order, among the risks that have one) bought alone. All must
/// hold the same iterations.
pub fn mitigation(
    before: &Variant<'_>,
    after: &Variant<'_>,
    alone: &[Variant<'_>],
) -> MitigationReport {
    let b = figures(before);
    let mitigated = before
        .model
        .risks
        .iter()
        .filter_map(|r| r.mitigation.as_ref().map(|m| (r, m.1)));
    let mitigations = mitigated
        .zip(alone)
        .map(|((risk, price), v)| {
            let a = figures(v);
            let net_saving = b.cost - a.cost;
            MitigationEffect {
                risk: risk.id.clone(),
                description: risk.description.clone(),
                cost: price,
                days_saved: b.duration_days - a.duration_days,
                cost_saved: net_saving + price,
                net_saving,
                alone: a,
            }
        })
        .collect();
    MitigationReport {
        iterations: before.finish.len(),
        before: b,
        after: figures(after),
        mitigations,
    }
}
