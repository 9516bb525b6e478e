//! What drives the finish, tasks and risk events on one scale for the tornado: the Spearman
//! rank correlation of each task's duration, and of each risk event's occurring, with the
//! project finish, over the iterations whose durations are sampled.

use crate::model::Model;
use crate::report::Driver;

use super::sensitivity;

/// Tasks (with their finish correlations, 0 for a task whose duration never varies) and risk
/// events, strongest first. What never varies (a fixed task, a risk that always or never
/// occurs) has no correlation and is left out rather than listed at zero.
pub(super) fn schedule_drivers(
    model: &Model,
    task_correlations: &[f64],
    task_varies: &[bool],
    risk_occurred: &[Vec<bool>],
    finish_ranks: &[f64],
) -> Vec<Driver> {
    let n = finish_ranks.len();
    let tasks = model
        .tasks
        .iter()
        .zip(task_correlations)
        .zip(task_varies)
        .filter(|(_, varies)| **varies)
        .map(|((t, &correlation), _)| Driver {
            kind: "task".into(),
            id: t.id.clone(),
            name: t.name.clone(),
            correlation,
        });
    let risks = model
        .risks
        .iter()
        .zip(risk_occurred)
        .filter_map(|(r, flags)| {
            let flags = &flags[..n.min(flags.len())];
            let hits = flags.iter().filter(|&&f| f).count();
            if hits == 0 || hits == flags.len() {
                return None;
            }
            let x: Vec<f64> = flags.iter().map(|&f| f as u8 as f64).collect();
            Some(Driver {
                kind: "risk".into(),
                id: r.id.clone(),
                name: r.description.clone(),
                correlation: sensitivity::spearman(&x, finish_ranks),
            })
        });
    let mut all: Vec<Driver> = tasks.chain(risks).collect();
    strongest_first(&mut all);
    all
}

/// Sorts by |correlation|, strongest first; ties keep their order (tasks, then risks, in
/// file order).
pub(super) fn strongest_first(drivers: &mut [Driver]) {
    drivers.sort_by(|a, b| b.correlation.abs().total_cmp(&a.correlation.abs()));
}

#[cfg(test)]
mod tests {
    use crate::test_support::compile;

    fn report(text: &str) -> crate::report::Report {
        crate::test_support::report(&compile(text), 20_000, 7)
    }

    /// A fixed task, a fixed one hit by a risk that adds a fixed delay with probability one
    /// half, and a uniform one, in series: the finish is 2 + 5 + 10*B + U. Both correlations
    /// have closed forms.
    #[test]
    fn schedule_drivers_rank_tasks_and_risks_on_one_scale() {
        let r = report(
            r#"
[project]
name = "drivers"
start = 2027-01-04
calendar = "continuous"

[[tasks]]
id = "setup"
estimate = { likely = 2, dist = "fixed" }

[[tasks]]
id = "review"
depends_on = ["setup"]
estimate = { likely = 5, dist = "fixed" }

[[tasks]]
id = "uniform"
depends_on = ["review"]
estimate = { min = 0, likely = 5, max = 10, dist = "uniform" }

[[risks]]
id = "late"
description = "a late delivery"
probability = 0.5
tasks = ["review"]
delay = { likely = 10, dist = "fixed" }
"#,
        );
        let d = &r.schedule_drivers;
        let who: Vec<(&str, &str)> = d.iter().map(|x| (x.kind.as_str(), x.id.as_str())).collect();
        // The task that never varies is left out; the risk and the task it delays tie (the
        // task's duration is 5 + 10*B), tasks first.
        assert_eq!(
            who,
            [("task", "review"), ("risk", "late"), ("task", "uniform")]
        );
        assert_eq!(d[1].name, "a late delivery");
        assert_eq!(d[0].correlation, d[1].correlation);
        // U on [0, 10) plus 10 with probability 1/2: the halves do not overlap, so the rank of
        // the finish is R = (B + U/10) / 2, uniform. Corr(B, R) = (1/8) / (1/2 * 1/sqrt(12))
        // = sqrt(3)/2, and Corr(U/10, R) = (1/24) / (1/12) = 1/2.
        let n = r.sensitivity_iterations as f64;
        let se = |rho: f64| (1.0 - rho * rho) / (n - 1.0).sqrt();
        let risk = 3f64.sqrt() / 2.0;
        assert!(
            (d[1].correlation - risk).abs() < 4.0 * se(risk) + 1e-3,
            "{} vs {risk}",
            d[1].correlation
        );
        assert!(
            (d[2].correlation - 0.5).abs() < 4.0 * se(0.5) + 1e-3,
            "{} vs 0.5",
            d[2].correlation
        );
    }
}
