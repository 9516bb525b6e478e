//! Joint confidence of date and cost: the chance of meeting the deadline and the budget in the
//! same iteration, and the frontier of (date, budget) pairs that together reach the target.

use crate::model::Model;
use crate::report::{FrontierPoint, JointReport};

/// Points of the joint-confidence frontier: for finish dates from the target percentile of the
/// duration to the latest, the smallest budget that, together with finishing by that date,
/// reaches the target confidence. One point per date (every iteration finishing that day
/// counts), budgets strictly falling as dates move out.
pub(super) fn joint(model: &Model, finish: &[f64], days: &[f64], costs: &[f64]) -> JointReport {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
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
        let out = engine::simulate(&model, engine::SimOptions::new(5), 0..20_000, &|_| {});
        let finish = out.columns.finish.clone();
        let days: Vec<f64> = finish.iter().map(|&t| model.project_days(t)).collect();
        let costs = out.columns.total_cost();
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
