//! What went into a run, read back from the compiled model for the report's appendix: the
//! tasks with their estimates, the risk register, the team, the instance types and the
//! project's settings. Nothing here is simulated.

use crate::model::{Model, Paid, RiskImpact, Sampler, Work};
use crate::report::{
    Assumptions, Estimate, Inputs, InstanceInput, RiskInput, RoleInput, TaskInput,
};

use super::calendar_name;

/// The inputs of `model`, in the model's task order.
pub fn inputs(model: &Model) -> Inputs {
    let task_id = |i: u32| model.tasks[i as usize].id.clone();
    let tasks = model
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (sampler, unit, instance, instances) = match &t.work {
                Work::Duration(s) => (s, "days", None, None),
                Work::Compute {
                    instance,
                    count,
                    hours,
                    ..
                } => (
                    hours,
                    "instance-hours",
                    Some(model.instances[*instance as usize].name.clone()),
                    Some(*count),
                ),
            };
            TaskInput {
                id: t.id.clone(),
                name: t.name.clone(),
                wbs: t.wbs.clone(),
                calendar: model.calendar_name(t.calendar).to_string(),
                estimate: estimate(sampler),
                unit: unit.to_string(),
                instance,
                instances,
                fixed_cost: t.fixed_cost.as_ref().map(estimate),
                after: model.preds_of(i).iter().map(|p| task_id(p.task)).collect(),
                people: t
                    .people
                    .iter()
                    .map(|&(r, _)| model.roles[r as usize].name.clone())
                    .collect(),
                milestone: t.milestone.map(|m| model.milestones[m as usize].id.clone()),
            }
        })
        .collect();
    let risks = model
        .risks
        .iter()
        .map(|r| {
            let unmitigated: &RiskImpact = &r.impact;
            RiskInput {
                id: r.id.clone(),
                description: r.description.clone(),
                probability: unmitigated.probability,
                tasks: r.tasks.iter().map(|&i| task_id(i)).collect(),
                delay_days: unmitigated.delay.as_ref().map(estimate),
                delay_fraction: unmitigated.delay_fraction.as_ref().map(estimate),
                cost: unmitigated.cost.as_ref().map(estimate),
                mitigation_cost: r.mitigation.as_ref().map(|m| m.1),
                mitigated_probability: r.mitigation.as_ref().map(|m| m.0.probability),
                mitigated: r.mitigated,
            }
        })
        .collect();
    let roles = model
        .roles
        .iter()
        .map(|r| RoleInput {
            name: r.name.clone(),
            count: r.count,
            rate_per_day: r.rate_per_day,
            availability: r.availability,
            paid: match r.paid {
                Paid::Assigned => "assigned",
                Paid::Throughout => "throughout",
            }
            .to_string(),
        })
        .collect();
    let instances = model
        .instances
        .iter()
        .map(|k| InstanceInput {
            name: k.name.clone(),
            on_demand_per_hour: k.on_demand_per_hour,
            spot_per_hour: k.spot_per_hour,
            max_running: k.max_running,
        })
        .collect();
    Inputs {
        assumptions: Assumptions {
            start: model.start.to_string(),
            calendar: calendar_name(model.calendar),
            confidence: model.confidence,
            deadline: model.deadline.map(|d| d.to_string()),
            budget: model.budget,
            sprint_days: model.sprint_days,
            correlated: model.copula.is_some(),
            resource_constrained: model.leveling.active(),
            level_of_effort: model
                .level_of_effort
                .iter()
                .map(|l| l.name.clone())
                .collect(),
        },
        tasks,
        risks,
        roles,
        instances,
    }
}

/// A sampler's form and range: the bounds are its quantiles at 0 and 1, null where infinite.
fn estimate(s: &Sampler) -> Estimate {
    let bound = |x: f64| x.is_finite().then_some(x);
    Estimate {
        distribution: match s {
            Sampler::Fixed(_) => "fixed",
            Sampler::Uniform { .. } => "uniform",
            Sampler::Triangular { .. } => "triangular",
            Sampler::Pert { .. } => "pert",
            Sampler::Normal { .. } => "normal",
            Sampler::LogNormal { .. } => "lognormal",
            Sampler::Discrete { .. } => "discrete",
        }
        .to_string(),
        min: bound(s.quantile(0.0)),
        most_likely: s.most_likely(),
        max: bound(s.quantile(1.0)),
        mean: s.mean(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_triangular_estimate_reads_back_its_three_points() {
        let e = estimate(&Sampler::triangular(2.0, 3.0, 7.0));
        assert_eq!(e.distribution, "triangular");
        assert_eq!((e.min, e.most_likely, e.max), (Some(2.0), 3.0, Some(7.0)));
        assert!((e.mean - 4.0).abs() < 1e-12);
    }

    #[test]
    fn an_unbounded_tail_is_null_not_infinite() {
        let s = Sampler::LogNormal {
            mu: 0.0,
            sigma: 0.5,
            likely: 1.0,
        };
        let e = estimate(&s);
        assert_eq!(e.max, None);
        assert_eq!(e.min, Some(0.0));
    }
}
