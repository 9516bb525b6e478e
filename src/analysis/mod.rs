//! From outcomes to the report: percentiles, buffers and reserves, criticality, probabilities.

pub mod comparison;
pub mod histogram;
pub mod percentiles;
pub mod sensitivity;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::engine::{self, Layout, Outcomes};
use crate::model::{CalendarKind, Model};
use crate::report::*;
use percentiles::{Sorted, mean_std};

fn stats(values: Vec<f64>) -> (Stats, Sorted) {
    let (mean, std) = mean_std(&values);
    let s = Sorted::new(values);
    let q = |p| s.quantile(p);
    (
        Stats {
            mean,
            std,
            p10: q(0.1),
            p50: q(0.5),
            p80: q(0.8),
            p90: q(0.9),
            p95: q(0.95),
            p99: q(0.99),
        },
        s,
    )
}

fn errors(s: &Sorted, confidence: f64) -> PercentileErrors {
    let e = |p| s.quantile_se(p);
    PercentileErrors {
        p10: e(0.1),
        p50: e(0.5),
        p80: e(0.8),
        p90: e(0.9),
        p95: e(0.95),
        p99: e(0.99),
        target: e(confidence),
    }
}

fn calendar_name(c: CalendarKind) -> String {
    match c {
        CalendarKind::Workdays => "workdays",
        CalendarKind::Continuous => "continuous",
    }
    .to_string()
}

/// Finish-time percentiles as dates: `times` is sorted finish times on the timeline.
fn dates(model: &Model, times: &Sorted) -> DatePercentiles {
    let d = |p| model.finish_date(times.quantile(p)).to_string();
    DatePercentiles {
        p10: d(0.1),
        p50: d(0.5),
        p80: d(0.8),
        p90: d(0.9),
        p95: d(0.95),
        p99: d(0.99),
    }
}

/// The sprint (1-based) in which a duration of `days` project days ends.
pub fn sprint_of(days: f64, sprint_days: f64) -> u32 {
    ((days / sprint_days - 1e-9).ceil().max(1.0)) as u32
}

/// Builds the report of one simulation.
pub fn analyse(model: &Model, out: &Outcomes) -> Report {
    let n = out.iterations;
    let conf = model.confidence;
    let (det, det_scratch) = engine::deterministic(model);
    let det_days = model.project_days(det.finish);
    let det_cost = det.cost();

    // Project finish, as timeline times and as project-calendar days.
    let finish = out.column(Layout::FINISH);
    let finish_days: Vec<f64> = finish.iter().map(|&t| model.project_days(t)).collect();
    let total_costs = out.total_cost();
    let finish_times = Sorted::new(finish.clone());
    let (duration, duration_sorted) = stats(
        finish_times
            .values()
            .iter()
            .map(|&t| model.project_days(t))
            .collect(),
    );
    let (cost_stats, cost_sorted) = stats(total_costs.clone());
    let people = stats(out.column(Layout::COST_PEOPLE)).0;
    let compute = stats(out.column(Layout::COST_COMPUTE)).0;
    let fixed = stats(out.column(Layout::COST_FIXED)).0;
    let risk = stats(out.column(Layout::COST_RISK)).0;

    let conf_finish = finish_times.quantile(conf);
    let conf_days = model.project_days(conf_finish);
    let conf_cost = cost_sorted.quantile(conf);

    let mut reserve_days = BTreeMap::new();
    let mut det_person_days = BTreeMap::new();
    let role_reserves: Vec<(f64, f64)> = (0..model.roles.len())
        .into_par_iter()
        .map(|r| {
            let s = Sorted::new(out.column(out.layout.role(r)));
            (s.quantile(conf), det_scratch.role_days[r])
        })
        .collect();
    for (role, (q, d)) in model.roles.iter().zip(role_reserves) {
        reserve_days.insert(role.name.clone(), q - d);
        det_person_days.insert(role.name.clone(), d);
    }
    let mut reserve_hours = BTreeMap::new();
    let mut det_hours = BTreeMap::new();
    for (k, inst) in model.instances.iter().enumerate() {
        let s = Sorted::new(out.column(out.layout.instance(k)));
        let d = det_scratch.instance_hours[k];
        reserve_hours.insert(inst.name.clone(), s.quantile(conf) - d);
        det_hours.insert(inst.name.clone(), d);
    }

    let milestones = model
        .milestones
        .iter()
        .enumerate()
        .map(|(m, ms)| {
            let times = Sorted::new(out.column(out.layout.milestone(m)));
            let days = stats(
                times
                    .values()
                    .iter()
                    .map(|&t| model.project_days(t))
                    .collect(),
            )
            .0;
            let det_t = det_scratch.milestone_finish[m];
            let q = times.quantile(conf);
            MilestoneReport {
                id: ms.id.clone(),
                name: ms.name.clone(),
                duration_days: days,
                finish_date: dates(model, &times),
                deterministic_finish_date: model.finish_date(det_t).to_string(),
                buffer_days: model.project_days(q) - model.project_days(det_t),
                commit_date: model.finish_date(q).to_string(),
                deadline: ms.deadline.map(|d| DeadlineReport {
                    date: d.to_string(),
                    probability: times.share_at_most(model.end_of(d)),
                }),
            }
        })
        .collect();

    let sample_n = out.sample_len;
    let finish_ranks = sensitivity::ranks(&finish_days[..sample_n]);
    let n_tasks = model.tasks.len();
    let rank_correlation: Vec<f64> = (0..n_tasks)
        .into_par_iter()
        .map(|i| {
            let column = out.sampled_durations(i);
            if column.iter().all(|&d| d == column[0]) {
                return 0.0;
            }
            sensitivity::pearson(&sensitivity::ranks_nonnegative(column), &finish_ranks)
        })
        .collect();
    let project_sd = duration.std;
    let tasks = model
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let h = out.tasks.histogram_of(i);
            let (mean, std) = out.tasks.mean_sd(i, n);
            let q = |p| histogram::quantile(h, p);
            TaskReport {
                id: t.id.clone(),
                name: t.name.clone(),
                criticality: out.tasks.critical[i] as f64 / n as f64,
                calendar: calendar_name(t.calendar),
                deterministic_days: det_scratch.duration[i],
                sensitivity: rank_correlation[i],
                ssi: if project_sd > 0.0 {
                    out.tasks.critical[i] as f64 / n as f64 * std / project_sd
                } else {
                    0.0
                },
                duration_days: Stats {
                    mean,
                    std,
                    p10: q(0.1),
                    p50: q(0.5),
                    p80: q(0.8),
                    p90: q(0.9),
                    p95: q(0.95),
                    p99: q(0.99),
                },
            }
        })
        .collect();

    let critical_path = model
        .tasks
        .iter()
        .zip(&det_scratch.critical)
        .filter(|(_, c)| **c)
        .map(|(t, _)| t.id.clone())
        .collect();

    let finish_sprint = {
        let s = |p| sprint_of(duration_sorted.quantile(p), model.sprint_days);
        SprintPercentiles {
            p10: s(0.1),
            p50: s(0.5),
            p80: s(0.8),
            p90: s(0.9),
            p95: s(0.95),
            p99: s(0.99),
        }
    };

    Report {
        scenario: model.name.clone(),
        currency: model.currency.clone(),
        start: model.start.to_string(),
        calendar: calendar_name(model.calendar),
        sprint_days: model.sprint_days,
        iterations: n,
        seed: out.seed,
        confidence: conf,
        finish_date: dates(model, &finish_times),
        finish_sprint,
        standard_error: StandardErrors {
            duration_days: errors(&duration_sorted, conf),
            cost: errors(&cost_sorted, conf),
        },
        duration_days: duration,
        cost: CostReport {
            stats: cost_stats,
            by_category: CostCategories {
                people,
                compute,
                fixed,
                risk,
            },
        },
        deterministic: Deterministic {
            duration_days: det_days,
            finish_date: model.finish_date(det.finish).to_string(),
            cost: det_cost,
            // On or before the deterministic finish *date*: a later hour of that day counts.
            probability_on_time: finish_times.share_at_most(
                model
                    .end_of(model.finish_date(det.finish))
                    .max(det.finish + 1e-9),
            ),
            probability_on_budget: cost_sorted.share_at_most(det_cost * (1.0 + 1e-12) + 1e-9),
            critical_path,
            person_days: det_person_days,
            instance_hours: det_hours,
        },
        buffer: Buffer {
            confidence: conf,
            days: conf_days - det_days,
            sprints: (conf_days - det_days) / model.sprint_days,
            finish_date: model.finish_date(conf_finish).to_string(),
            duration_days: conf_days,
        },
        reserve: Reserve {
            confidence: conf,
            cost: conf_cost - det_cost,
            total_cost: conf_cost,
            person_days: reserve_days,
            instance_hours: reserve_hours,
        },
        deadline: model.deadline.map(|d| DeadlineReport {
            date: d.to_string(),
            probability: finish_times.share_at_most(model.end_of(d)),
        }),
        budget: model.budget.map(|b| BudgetReport {
            amount: b,
            probability: cost_sorted.share_at_most(b),
        }),
        milestones,
        tasks,
        risks: risks(model, out, &finish_days, &total_costs),
        compute_tasks: compute_tasks(model),
        plan: model.plan.clone(),
        joint: joint(model, &finish, &finish_days, &total_costs),
        convergence: ConvergenceReport {
            iterations: n,
            half_width_days: 1.96 * duration_sorted.quantile_se(conf),
            precision_days: None,
            converged: None,
        },
        sampling: match out.sampling {
            engine::Sampling::Random => "random",
            engine::Sampling::LatinHypercube => "lhs",
        }
        .to_string(),
        sensitivity_iterations: sample_n,
        warnings: model.warnings.clone(),
    }
}

fn risks(model: &Model, out: &Outcomes, days: &[f64], costs: &[f64]) -> Vec<RiskReport> {
    let conf = model.confidence;
    model
        .risks
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let flag: Vec<bool> = out
                .column(out.layout.risk(k))
                .iter()
                .map(|&v| v > 0.5)
                .collect();
            let occurred = flag.iter().filter(|&&f| f).count() as f64 / flag.len() as f64;
            RiskReport {
                id: r.id.clone(),
                description: r.description.clone(),
                probability: r.impact.probability,
                occurred,
                mitigated: r.mitigated,
                impact_days: sensitivity::conditional_shift(days, &flag, conf),
                impact_cost: sensitivity::conditional_shift(costs, &flag, conf),
            }
        })
        .collect()
}

fn compute_tasks(model: &Model) -> Vec<ComputeTaskReport> {
    let finite = |x: f64| x.is_finite().then_some(x);
    model
        .tasks
        .iter()
        .filter_map(|t| match &t.work {
            crate::model::Work::Compute { instance, run, .. } => Some(ComputeTaskReport {
                id: t.id.clone(),
                instance: model.instances[*instance as usize].name.clone(),
                count: run.count(),
                purchase: if run.is_spot() { "spot" } else { "on-demand" }.to_string(),
                checkpoint_interval_hours: finite(run.checkpoint_interval_hours()),
                mean_hours_between_interruptions: finite(run.mean_hours_between_interruptions()),
                checkpoints_on_notice: run.checkpoints_on_notice(),
            }),
            _ => None,
        })
        .collect()
}

/// Points of the joint-confidence frontier: for finish dates from the target percentile of the
/// duration to the latest, the smallest budget that, together with finishing by that date,
/// reaches the target confidence. One point per date (every iteration finishing that day
/// counts), budgets strictly falling as dates move out.
fn joint(model: &Model, finish: &[f64], days: &[f64], costs: &[f64]) -> JointReport {
    let conf = model.confidence;
    let n = days.len();
    let need = ((conf * n as f64).ceil() as usize).clamp(1, n);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| finish[a].total_cmp(&finish[b]).then(a.cmp(&b)));
    let mut frontier: Vec<FrontierPoint> = Vec::new();
    const POINTS: usize = 12;
    for step in 0..POINTS {
        // Prefix sizes from `need` (the target percentile alone) up to all iterations.
        let m = need + (n - need) * step / (POINTS - 1);
        // Finishing by a date includes every iteration that finishes on that day.
        let date = model.finish_date(finish[order[m - 1]]);
        let end = model.end_of(date);
        let m = order.partition_point(|&i| finish[i] <= end).max(m);
        let mut prefix: Vec<f64> = order[..m].iter().map(|&i| costs[i]).collect();
        let (_, kth, _) = prefix.select_nth_unstable_by(need - 1, f64::total_cmp);
        let budget = *kth;
        let last = order[m - 1];
        let point = FrontierPoint {
            date: model.finish_date(finish[last]).to_string(),
            duration_days: days[last],
            budget,
        };
        match frontier.last_mut() {
            // The same date again: keep the lower budget (a longer prefix can only lower it).
            Some(p) if p.date == point.date => {
                if budget < p.budget {
                    *p = point;
                }
            }
            Some(p) if p.budget <= budget => {}
            _ => frontier.push(point),
        }
    }
    let probability = match (model.deadline, model.budget) {
        (Some(d), Some(b)) => {
            let end = model.end_of(d);
            let hits = finish
                .iter()
                .zip(costs)
                .filter(|&(&t, &c)| t <= end && c <= b)
                .count();
            Some(hits as f64 / n as f64)
        }
        _ => None,
    };
    JointReport {
        confidence: conf,
        probability,
        frontier,
    }
}

/// Simulates in rounds, doubling the iterations from `opts.iterations`, until the 95%
/// confidence interval of the target percentile of the finish is within +- `precision_days`
/// or `max_iterations` is reached. Every round re-runs iterations 0..n, so the result is
/// the same as one run of the final size: reproducible whatever the thread count.
pub fn converge(
    model: &Model,
    mut opts: engine::SimOptions,
    precision_days: f64,
    max_iterations: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Outcomes {
    loop {
        let out = engine::simulate(model, opts, progress);
        let days = Sorted::new(
            out.column(Layout::FINISH)
                .into_iter()
                .map(|t| model.project_days(t))
                .collect(),
        );
        let half = 1.96 * days.quantile_se(model.confidence);
        if half <= precision_days || opts.iterations >= max_iterations {
            return out;
        }
        opts.iterations = (opts.iterations * 2).min(max_iterations);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{self, Source};

    fn compile(text: &str) -> Model {
        let source = Source {
            path: "test.toml".into(),
            text: text.into(),
        };
        let sc = scenario::parse(&source).expect("scenario parses");
        crate::model::compile(&sc, &source).expect("scenario compiles")
    }

    #[test]
    fn the_joint_frontier_has_one_point_per_date_each_reaching_the_target() {
        // Beyond P80 finishes fall on three dates only: the twelve finish thresholds repeat dates.
        let model = compile(
            r#"
[project]
name = "joint"
start = 2027-01-04
calendar = "continuous"

[[tasks]]
id = "work"
estimate = { min = 10, likely = 15, max = 20.9, dist = "uniform" }
cost = { mean = 10000, sd = 1000, dist = "normal" }
"#,
        );
        let out = engine::simulate(&model, engine::SimOptions::new(20_000, 5), &|_| {});
        let finish = out.column(Layout::FINISH);
        let days: Vec<f64> = finish.iter().map(|&t| model.project_days(t)).collect();
        let costs = out.total_cost();
        let joint = joint(&model, &finish, &days, &costs);
        let f = &joint.frontier;
        assert!(f.len() >= 2, "{f:?}");
        for w in f.windows(2) {
            assert!(w[0].date < w[1].date, "one point per date: {f:?}");
            assert!(w[0].budget > w[1].budget, "{f:?}");
            assert!(w[0].duration_days <= w[1].duration_days, "{f:?}");
        }
        let n = finish.len() as f64;
        for p in f {
            let share = days
                .iter()
                .zip(&costs)
                .filter(|&(&d, &c)| d <= p.duration_days && c <= p.budget)
                .count() as f64
                / n;
            assert!(share >= model.confidence, "{p:?} reaches only {share}");
            // The budget is the least for the date: every iteration finishing that day counts.
            let end = model.end_of(p.date.parse().unwrap());
            let mut by_date: Vec<f64> = finish
                .iter()
                .zip(&costs)
                .filter(|&(&t, _)| t <= end)
                .map(|(_, &c)| c)
                .collect();
            by_date.sort_by(f64::total_cmp);
            let need = (model.confidence * n).ceil() as usize;
            assert_eq!(p.budget, by_date[need - 1], "{p:?}");
        }
    }
}
