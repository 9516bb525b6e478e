//! What drives the total cost: Spearman's rank correlation of each task's cost and each risk
//! event's cost with the total cost, over the sampled iterations (the first
//! `Shape::sample_iterations`), strongest first.
//!
//! A task's cost is what the engine charges to it (its person-days at their rates, its compute
//! run, its fixed cost); a risk event's is the cost it realised, 0 in the iterations where it
//! did not occur. A task or risk whose cost never varies over the sample (no cost at all, a
//! fixed price, a risk with a delay only) has no correlation: it is left out rather than
//! reported as 0.

use rayon::prelude::*;

use crate::engine::Outcomes;
use crate::model::Model;
use crate::report::Driver;

use super::sensitivity;

/// The cost drivers; `total_costs` holds every iteration's total cost, the sampled ones first.
pub(super) fn cost_drivers(model: &Model, out: &Outcomes, total_costs: &[f64]) -> Vec<Driver> {
    let n = out.sample_len();
    if n < 2 {
        return Vec::new();
    }
    let total_ranks = sensitivity::ranks(&total_costs[..n]);
    let tasks = model.tasks.iter().enumerate().map(|(i, t)| {
        let column = out.sampled_task_costs(i);
        ("task", t.id.as_str(), t.name.as_str(), column)
    });
    let risks = model.risks.iter().enumerate().map(|(k, r)| {
        let column = out.sampled_risk_costs(k);
        ("risk", r.id.as_str(), r.description.as_str(), column)
    });
    let rows: Vec<_> = tasks.chain(risks).collect();
    let mut drivers: Vec<Driver> = rows
        .into_par_iter()
        .filter_map(|(kind, id, name, column)| {
            if column.iter().all(|&c| c == column[0]) {
                return None;
            }
            Some(Driver {
                kind: kind.to_string(),
                id: id.to_string(),
                name: name.to_string(),
                correlation: sensitivity::pearson(&ranks(column), &total_ranks),
            })
        })
        .collect();
    // Stable: equally strong drivers keep the order of the scenario, tasks before risks.
    drivers.sort_by(|a, b| b.correlation.abs().total_cmp(&a.correlation.abs()));
    drivers
}

/// Ranks (1-based) of costs of any sign, ties sharing their average rank: `sensitivity::ranks`
/// by sorting plain integer keys (the value's bits in an order-preserving form, then the
/// index), several times faster on the thousands of columns of a large plan.
fn ranks(values: &[f32]) -> Vec<f64> {
    let ordered = |v: f32| {
        let b = if v == 0.0 { 0 } else { v.to_bits() }; // -0 is 0
        if b >> 31 == 1 { !b } else { b | 0x8000_0000 }
    };
    super::radix::ranks_by_key32(values, ordered)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranks_of_costs_of_any_sign_are_those_of_the_values() {
        let v = [3.0f32, -1.5, 0.0, -0.0, 2.0, -7.0, 3.0, f32::MAX, -f32::MAX];
        let as_f64: Vec<f64> = v.iter().map(|&x| x as f64).collect();
        assert_eq!(super::ranks(&v), super::sensitivity::ranks(&as_f64));
    }

    use crate::engine::{self, SimOptions};

    use crate::test_support::compile;

    #[test]
    fn independent_normal_costs_have_the_closed_form_rank_correlation() {
        // Total = X + Y + Z, independent normals with sd 1,000, 2,000 and (risk) 0 or ~N.
        // For X + Y alone, Spearman(X, X + Y) = (6 / pi) asin(rho / 2), rho = a / sqrt(a² + b²).
        let model = compile(
            r#"
[project]
name = "costs"
start = 2027-01-04

[[tasks]]
id = "x"
estimate = 5
cost = { mean = 100000, sd = 1000, dist = "normal" }

[[tasks]]
id = "y"
estimate = 5
cost = { mean = 100000, sd = 2000, dist = "normal" }

[[tasks]]
id = "free"
estimate = { min = 1, likely = 2, max = 3 }

[[tasks]]
id = "priced"
estimate = 1
cost = 700
"#,
        );
        let out = engine::simulate(&model, SimOptions::new(9), 0..12_000, &|_| {});
        let r = crate::analysis::analyse(&model, &engine::deterministic(&model), &out);
        assert_eq!(r.sensitivity_iterations, 10_000);
        // Tasks whose cost never varies are left out.
        let ids: Vec<&str> = r.cost_drivers.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["y", "x"]);
        let n = 10_000f64;
        for (d, a, b) in [
            (&r.cost_drivers[0], 2000.0f64, 1000.0f64),
            (&r.cost_drivers[1], 1000.0, 2000.0),
        ] {
            let rho: f64 = a / (a * a + b * b).sqrt();
            let want = 6.0 / std::f64::consts::PI * (rho / 2.0).asin();
            let se = (1.0 - want * want) / (n - 1.0).sqrt();
            assert!(
                (d.correlation - want).abs() < 4.0 * se,
                "{d:?}: want {want} +- {se}"
            );
            assert_eq!(d.kind, "task");
        }
    }

    #[test]
    fn a_task_costs_its_people_and_a_risk_its_realised_cost() {
        let model = compile(
            r#"
[project]
name = "charged"
start = 2027-01-04

[[people]]
role = "dev"
rate_per_day = 500

[[tasks]]
id = "build"
name = "Build it"
estimate = { min = 5, likely = 8, max = 20 }
people = { dev = 2 }
cost = 1000

[[risks]]
id = "outage"
description = "An outage"
probability = 0.3
tasks = ["build"]
cost = { min = 10000, likely = 20000, max = 60000 }
"#,
        );
        let out = engine::simulate(&model, SimOptions::new(4), 0..2_000, &|_| {});
        let (days, cost) = (out.sampled_durations(0), out.sampled_task_costs(0));
        for (d, c) in days.iter().zip(cost) {
            let want = 1000.0 + 2.0 * 500.0 * *d as f64;
            assert!((*c as f64 - want).abs() < 1e-6 * want, "{c} vs {want}");
        }
        let risk = out.sampled_risk_costs(0);
        for (&c, &hit) in risk.iter().zip(&out.columns.risk_occurred[0]) {
            assert_eq!(c == 0.0, !hit);
        }
        let total = out.columns.total_cost();
        for j in 0..out.sample_len() {
            let parts = cost[j] as f64 + risk[j] as f64;
            assert!(
                (parts - total[j]).abs() < 1e-6 * total[j],
                "{parts} vs {}",
                total[j]
            );
        }
        let r = crate::analysis::analyse(&model, &engine::deterministic(&model), &out);
        let risk = r
            .cost_drivers
            .iter()
            .find(|d| d.kind == "risk")
            .expect("the risk drives cost");
        assert_eq!(
            (risk.id.as_str(), risk.name.as_str()),
            ("outage", "An outage")
        );
        // The risk's cost (up to 60,000 three times in ten) moves the total most.
        assert_eq!(r.cost_drivers[0].id, "outage");
        assert!(r.cost_drivers[0].correlation > r.cost_drivers[1].correlation.abs());
    }
}
