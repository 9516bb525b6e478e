//! From outcomes to the report: percentiles, buffers and reserves, criticality, probabilities.
//! Every function here is a pure function of the model, the deterministic schedule and the
//! outcomes: the analysis never runs the engine.

pub mod comparison;
mod cost_drivers;
mod dates;
mod distribution;
mod drivers;
mod horizon;
mod inputs;
mod joint;
pub mod mitigation;
pub mod percentiles;
mod radix;
mod resources;
mod risks;
pub mod sensitivity;
mod task_costs;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::engine::{DeterministicSchedule, Outcomes};
use crate::model::{CalendarKind, Model};
use crate::report::*;
use percentiles::{Sorted, mean_std};

pub use distribution::SCATTER_POINTS;
pub use horizon::within_calendar;

/// Summary statistics of `values`, with the percentile at `confidence` (the target).
fn stats(values: Vec<f64>, confidence: f64) -> (Stats, Sorted) {
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
            target: q(confidence),
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
        target: d(model.confidence),
    }
}

/// The sprint (1-based) in which a duration of `days` project days ends.
pub fn sprint_of(days: f64, sprint_days: f64) -> u32 {
    ((days / sprint_days - 1e-9).ceil().max(1.0)) as u32
}

/// The sprint in which each percentile of `days` (project days, sorted) ends.
fn sprints(model: &Model, days: &Sorted) -> SprintPercentiles {
    let s = |p| sprint_of(days.quantile(p), model.sprint_days);
    SprintPercentiles {
        p10: s(0.1),
        p50: s(0.5),
        p80: s(0.8),
        p90: s(0.9),
        p95: s(0.95),
        p99: s(0.99),
        target: s(model.confidence),
    }
}

/// Builds the report of one simulation: `det` is the model's deterministic schedule.
pub fn analyse(model: &Model, det_scratch: &DeterministicSchedule, out: &Outcomes) -> Report {
    let n = out.len();
    let conf = model.confidence;
    let det = det_scratch.totals;
    let det_days = model.project_days(det.finish);
    let det_cost = det.cost();
    let cols = &out.columns;

    // Project finish, as timeline times and as project-calendar days.
    let finish = &cols.finish;
    let finish_days: Vec<f64> = finish.iter().map(|&t| model.project_days(t)).collect();
    let total_costs = cols.total_cost();
    // The outcome columns sorted, each on its own thread; the duration's statistics are those
    // of the sorted finish times in days.
    let ((finish_times, (duration, duration_sorted)), by_category) = rayon::join(
        || {
            let finish_times = Sorted::new(finish.clone());
            let days = finish_times.values().iter().map(|&t| model.project_days(t));
            let duration = stats(days.collect(), conf);
            (finish_times, duration)
        },
        || {
            let assigned = cols.cost_people.iter().zip(&cols.cost_idle);
            let columns = vec![
                total_costs.clone(),
                cols.cost_people.clone(),
                cols.cost_idle.clone(),
                assigned.map(|(p, i)| p - i).collect(),
                cols.cost_compute.clone(),
                cols.cost_fixed.clone(),
                cols.cost_risk.clone(),
            ];
            let all: Vec<(Stats, Sorted)> =
                columns.into_par_iter().map(|v| stats(v, conf)).collect();
            all
        },
    );
    let mut by_category = by_category.into_iter();
    let mut next = || by_category.next().expect("seven cost columns");
    let (cost_stats, cost_sorted) = next();
    let people = next().0;
    let people_idle = next().0;
    let people_assigned = next().0;
    let compute = next().0;
    let fixed = next().0;
    let risk = next().0;

    let conf_finish = finish_times.quantile(conf);
    let conf_days = model.project_days(conf_finish);
    let conf_cost = cost_sorted.quantile(conf);

    let mut reserve_days = BTreeMap::new();
    let mut det_person_days = BTreeMap::new();
    let role_reserves: Vec<(f64, f64)> = (0..model.roles.len())
        .into_par_iter()
        .map(|r| {
            let s = Sorted::new(cols.role_days[r].clone());
            (s.quantile(conf), det_scratch.role_days[r])
        })
        .collect();
    for (role, (q, d)) in model.roles.iter().zip(role_reserves) {
        reserve_days.insert(role.name.clone(), q - d);
        det_person_days.insert(role.name.clone(), d);
    }
    let mut reserve_hours = BTreeMap::new();
    let mut det_hours = BTreeMap::new();
    let instance_reserves: Vec<(f64, f64)> = (0..model.instances.len())
        .into_par_iter()
        .map(|k| {
            let s = Sorted::new(cols.instance_hours[k].clone());
            (s.quantile(conf), det_scratch.instance_hours[k])
        })
        .collect();
    for (inst, (q, d)) in model.instances.iter().zip(instance_reserves) {
        reserve_hours.insert(inst.name.clone(), q - d);
        det_hours.insert(inst.name.clone(), d);
    }

    let milestones = model
        .milestones
        .par_iter()
        .enumerate()
        .map(|(m, ms)| {
            let times = Sorted::new(cols.milestone_finish[m].clone());
            let (days, days_sorted) = stats(
                times
                    .values()
                    .iter()
                    .map(|&t| model.project_days(t))
                    .collect(),
                conf,
            );
            let det_t = det_scratch.milestone_finish[m];
            let q = times.quantile(conf);
            MilestoneReport {
                id: ms.id.clone(),
                name: ms.name.clone(),
                duration_days: days,
                finish_date: dates(model, &times),
                finish_sprint: sprints(model, &days_sorted),
                deterministic_finish_date: model.finish_date(det_t).to_string(),
                deterministic_sprint: sprint_of(model.project_days(det_t), model.sprint_days),
                buffer_days: model.project_days(q) - model.project_days(det_t),
                commit_date: model.finish_date(q).to_string(),
                deadline: ms.deadline.map(|d| DeadlineReport {
                    date: d.to_string(),
                    probability: times.share_at_most(model.end_of(d)),
                }),
            }
        })
        .collect();

    let sample_n = out.sample_len();
    let finish_ranks = sensitivity::ranks(&finish_days[..sample_n]);
    let n_tasks = model.tasks.len();
    let (rank_correlation, varies): (Vec<f64>, Vec<bool>) = (0..n_tasks)
        .into_par_iter()
        .map(|i| {
            let column = out.sampled_durations(i);
            if column.iter().all(|&d| d == column[0]) {
                return (0.0, false);
            }
            (
                sensitivity::pearson(&sensitivity::ranks_nonnegative(column), &finish_ranks),
                true,
            )
        })
        .unzip();
    let project_sd = duration.std;
    let tasks = model
        .tasks
        .par_iter()
        .enumerate()
        .map(|(i, t)| {
            let h = &out.tasks.histograms[i];
            let (mean, std) = out.tasks.mean_sd(i, n);
            let q = |p| h.quantile(p);
            TaskReport {
                id: t.id.clone(),
                name: t.name.clone(),
                wbs: t.wbs.clone(),
                criticality: out.tasks.critical[i] as f64 / n as f64,
                calendar: model.calendar_name(t.calendar).to_string(),
                deterministic_days: det_scratch.duration[i],
                sensitivity: rank_correlation[i],
                ssi: if project_sd > 0.0 {
                    out.tasks.critical[i] as f64 / n as f64 * std / project_sd
                } else {
                    0.0
                },
                start: dates::date_range(model, &out.tasks.starts[i]),
                finish: dates::date_range(model, &out.tasks.finishes[i]),
                deterministic: dates::planned(model, det_scratch, i),
                cost: task_costs::task_cost(out, i),
                duration_days: Stats {
                    mean,
                    std,
                    p10: q(0.1),
                    p50: q(0.5),
                    p80: q(0.8),
                    p90: q(0.9),
                    p95: q(0.95),
                    p99: q(0.99),
                    target: q(conf),
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

    let finish_sprint = sprints(model, &duration_sorted);

    Report {
        scenario: model.name.clone(),
        currency: model.currency.clone(),
        start: model.start.to_string(),
        status_date: model.status_date.map(|d| d.to_string()),
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
                people_assigned,
                people_idle,
                compute,
                fixed,
                risk,
            },
        },
        deterministic: Deterministic {
            duration_days: det_days,
            finish_date: model.finish_date(det.finish).to_string(),
            cost: det_cost,
            idle_cost: det.cost_idle,
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
        risks: risks::risks(model, out, &finish_days, &total_costs),
        compute_tasks: compute_tasks(model),
        plan: model.plan.clone(),
        joint: joint::joint(model, finish, &finish_days, &total_costs),
        resource_constrained: model.leveling.active(),
        unconstrained: resources::unconstrained(model, out, conf_days),
        resources: resources::resources(model, out),
        convergence: ConvergenceReport {
            iterations: n,
            half_width_days: half_width(&duration_sorted, conf),
            precision_days: None,
            converged: None,
        },
        sampling: out.sampling.name().to_string(),
        sensitivity_iterations: sample_n,
        warnings: model.warnings.clone(),
        cdf: distribution::cdf(model, &finish_times, &cost_sorted),
        histogram: distribution::histograms(&duration_sorted, &cost_sorted),
        scatter: distribution::scatter(&finish_days, &total_costs),
        schedule_drivers: drivers::schedule_drivers(
            model,
            &rank_correlation,
            &varies,
            &cols.risk_occurred,
            &finish_ranks,
        ),
        cost_drivers: cost_drivers::cost_drivers(model, out, &total_costs),
        mitigation: None,
        inputs: inputs::inputs(model),
    }
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

/// The half-width of the 95% confidence interval of the target percentile of the finish, in
/// working days (1.96 order-statistic standard errors): how precisely the outcomes so far
/// know it.
pub fn half_width_days(model: &Model, out: &Outcomes) -> f64 {
    let days = out.columns.finish.iter().map(|&t| model.project_days(t));
    half_width(&Sorted::new(days.collect()), model.confidence)
}

/// 1.96 order-statistic standard errors of the `p`-percentile of sorted values.
fn half_width(sorted: &Sorted, p: f64) -> f64 {
    1.96 * sorted.quantile_se(p)
}
