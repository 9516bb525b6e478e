//! Joint confidence of date and cost: the chance of meeting the deadline and the budget in the
//! same iteration, and the frontier of (date, budget) pairs that together reach the target.
//!
//! The frontier keeps to where it is well estimated. A point reads two order statistics: its
//! date is the m-th earliest finish, and its budget the `need`-th smallest cost (`need` =
//! confidence x iterations) of the m iterations finishing by then. Either is noise when it is
//! an extreme of the values it is read from: the latest finish is a single draw that moves by
//! weeks between seeds, and at the target percentile's own date the budget is the dearest of
//! the iterations finishing by it. So every point has at least `TAIL_ITERATIONS` (100)
//! iterations finishing after its date, and at least as many finishing by its date that cost
//! more than its budget (more still when the budget's 95% interval of ranks, `1.96 sqrt(n c
//! (1 - c))`, is wider: over 400,000 iterations at P80); and the dates go no later than the
//! P99 finish (`FAR_END`). The frontier thus runs from the finish percentile `confidence + 100 /
//! iterations` to the smaller of P99 and `1 - 100 / iterations`; with too few iterations for
//! both (under 1,000 at P80) it is empty. Each point carries the standard error of its budget
//! and of its duration.

use crate::model::Model;
use crate::report::{FrontierPoint, JointReport};

/// Points of the frontier at most.
const POINTS: usize = 12;
/// The latest finish percentile the frontier reaches.
const FAR_END: f64 = 0.99;
/// The fewest iterations that must finish after the frontier's last date.
const TAIL_ITERATIONS: usize = 100;
/// The z-value of a two-sided 95% interval.
const Z95: f64 = 1.96;

/// The standard error of the `rank`-th (1-based) smallest of `n` values, `value(r)` giving the
/// r-th: half the spread of the ranks `rank +- 1.96 sqrt(n p (1 - p))` (p = rank / n, clamped to
/// `lo..=hi`), divided by 1.96, as `Sorted::quantile_se` does for a percentile.
fn order_se(n: usize, rank: usize, lo: usize, hi: usize, value: impl Fn(usize) -> f64) -> f64 {
    let (nf, r) = (n as f64, rank as f64);
    let half = Z95 * (r * (1.0 - r / nf)).max(0.0).sqrt();
    let a = ((r - half).floor() as usize).clamp(lo, hi);
    let b = ((r + half).ceil() as usize).clamp(lo, hi);
    (value(b) - value(a)) / (2.0 * Z95)
}

/// Points of the joint-confidence frontier: for finish dates from the target percentile of the
/// duration to the far end (see the module documentation), the smallest budget that, together
/// with finishing by that date, reaches the target confidence. One point per date (every
/// iteration finishing that day counts), at most `POINTS`, evenly spaced in finish percentile.
/// Budgets never rise as dates move out (a longer prefix only lowers its `need`-th cost); where
/// they stay level, more time no longer buys a smaller budget (the late iterations are the dear
/// ones), and the points stay to show it, up to the far end.
///
/// A point's `budget_se` is the standard error of its budget with its date held: the budget is
/// the `need`-th smallest cost of the iterations finishing by the date, and the number of
/// iterations within a given date and budget is binomial, so the costs of ranks
/// `need +- 1.96 sqrt(n c (1 - c))` (c the target confidence) bound its 95% interval.
/// `duration_se_days` is the order-statistic standard error of the finish percentile that
/// dates the point.
pub(super) fn joint(model: &Model, finish: &[f64], days: &[f64], costs: &[f64]) -> JointReport {
    let conf = model.confidence;
    let n = days.len();
    let need = ((conf * n as f64).ceil() as usize).clamp(1, n);
    // The iterations by finish, ties by index.
    let keys: Vec<u64> = finish.iter().map(|&t| super::radix::key64(t)).collect();
    let order = super::radix::order_by_key(&keys);
    // The count within (date, budget) is binomial(n, conf): its spread in ranks.
    let half = Z95 * (n as f64 * conf * (1.0 - conf)).sqrt();
    // The near end leaves 100 iterations dearer than the budget, and the budget's 95% interval
    // of ranks; the far end is the P99 finish, or earlier while fewer than 100 iterations
    // would finish after it.
    let near = need + TAIL_ITERATIONS.max(half.ceil() as usize);
    let far = ((FAR_END * n as f64).ceil() as usize).min(n.saturating_sub(TAIL_ITERATIONS));
    let mut frontier: Vec<FrontierPoint> = Vec::new();
    if far < near {
        return JointReport {
            confidence: conf,
            probability: joint_probability(model, finish, costs),
            frontier,
        };
    }
    for step in 0..POINTS {
        // Prefix sizes from the near end to the far end.
        let m = near + (far - near) * step / (POINTS - 1);
        // Finishing by a date includes every iteration that finishes on that day.
        let date = model.finish_date(finish[order[m - 1]]);
        let end = model.end_of(date);
        let m = order.partition_point(|&i| finish[i] <= end).max(m);
        let mut prefix: Vec<f64> = order[..m].iter().map(|&i| costs[i]).collect();
        let lo = ((need as f64 - half).floor() as usize).clamp(1, need);
        let hi = ((need as f64 + half).ceil() as usize).clamp(need, m);
        // The three order statistics without a full sort: the cheaper ones on either side.
        let (below, kth, above) = prefix.select_nth_unstable_by(need - 1, f64::total_cmp);
        let budget = *kth;
        let low = if lo < need {
            *below.select_nth_unstable_by(lo - 1, f64::total_cmp).1
        } else {
            budget
        };
        let high = if hi > need {
            *above
                .select_nth_unstable_by(hi - need - 1, f64::total_cmp)
                .1
        } else {
            budget
        };
        let budget_se = (high - low) / (2.0 * Z95);
        let last = order[m - 1];
        let duration_se_days = order_se(n, m, 1, n, |r| days[order[r - 1]]);
        let point = FrontierPoint {
            date: model.finish_date(finish[last]).to_string(),
            duration_days: days[last],
            duration_se_days,
            budget,
            budget_se,
        };
        // The same date again is the same point: every iteration finishing that day counts.
        if frontier.last().is_none_or(|p| p.date != point.date) {
            frontier.push(point);
        }
    }
    JointReport {
        confidence: conf,
        probability: joint_probability(model, finish, costs),
        frontier,
    }
}

/// The share of iterations that meet the deadline and the budget both; None unless both are
/// set.
fn joint_probability(model: &Model, finish: &[f64], costs: &[f64]) -> Option<f64> {
    let (d, b) = (model.deadline?, model.budget?);
    let end = model.end_of(d);
    let hits = finish
        .iter()
        .zip(costs)
        .filter(|&(&t, &c)| t <= end && c <= b)
        .count();
    Some(hits as f64 / finish.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;

    use crate::test_support::compile;

    #[test]
    fn the_joint_frontier_has_one_point_per_date_each_reaching_the_target() {
        // Beyond P81 finishes fall on three dates only: the twelve finish thresholds repeat dates.
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
            assert!(w[0].budget >= w[1].budget, "{f:?}");
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

    #[test]
    fn the_far_end_is_the_p99_finish_and_agrees_between_seeds_within_its_errors() {
        // A long right tail (lognormal) and cost tied to time: the latest iteration is far out.
        let model = compile(
            r#"
[project]
name = "tail"
start = 2027-01-04
calendar = "continuous"

[[people]]
role = "eng"
rate_per_day = 500

[[tasks]]
id = "work"
estimate = { mean = 60, sd = 25, dist = "lognormal" }
people = { eng = 1 }
cost = { mean = 20000, sd = 4000, dist = "normal" }
"#,
        );
        let n = 20_000;
        let ends: Vec<FrontierPoint> = [21, 22]
            .into_iter()
            .map(|seed| {
                let out = engine::simulate(&model, engine::SimOptions::new(seed), 0..n, &|_| {});
                let finish = out.columns.finish.clone();
                let days: Vec<f64> = finish.iter().map(|&t| model.project_days(t)).collect();
                let costs = out.columns.total_cost();
                let f = joint(&model, &finish, &days, &costs).frontier;
                assert!(f.len() >= 6, "{f:?}");
                // The far end is the P99 finish's day, not the latest iteration's.
                let mut sorted = days.clone();
                sorted.sort_by(f64::total_cmp);
                let p99 = sorted[(0.99 * n as f64) as usize - 1];
                let last = f.last().unwrap().clone();
                assert!(last.duration_days < p99 + 1.0, "{last:?} vs P99 {p99}");
                assert!(
                    last.duration_days < sorted[n as usize - 1] - 10.0,
                    "{last:?}"
                );
                // The near end leaves 100 iterations finishing by its date dearer than its
                // budget.
                let first = &f[0];
                let by_date = days
                    .iter()
                    .zip(&costs)
                    .filter(|&(&d, _)| d <= first.duration_days);
                let dearer = by_date.filter(|&(_, &c)| c > first.budget).count();
                assert!(dearer >= 100, "{first:?}: {dearer}");
                for p in &f {
                    assert!(p.budget_se > 0.0 && p.duration_se_days > 0.0, "{p:?}");
                }
                last
            })
            .collect();
        let (a, b) = (&ends[0], &ends[1]);
        let z = |x: f64, y: f64, sx: f64, sy: f64| (x - y).abs() / (sx * sx + sy * sy).sqrt();
        assert!(
            z(a.budget, b.budget, a.budget_se, b.budget_se) < 4.0,
            "{a:?} vs {b:?}"
        );
        let dz = z(
            a.duration_days,
            b.duration_days,
            a.duration_se_days,
            b.duration_se_days,
        );
        assert!(dz < 4.0, "{a:?} vs {b:?}");
    }

    #[test]
    fn too_few_iterations_give_no_frontier() {
        let model = compile(
            r#"
[project]
name = "few"
start = 2027-01-04

[[tasks]]
id = "work"
estimate = { min = 10, likely = 15, max = 30 }
cost = { mean = 10000, sd = 1000, dist = "normal" }
"#,
        );
        for (n, points) in [(900, false), (1_200, true)] {
            let out = engine::simulate(&model, engine::SimOptions::new(1), 0..n, &|_| {});
            let finish = out.columns.finish.clone();
            let days: Vec<f64> = finish.iter().map(|&t| model.project_days(t)).collect();
            let f = joint(&model, &finish, &days, &out.columns.total_cost()).frontier;
            assert_eq!(!f.is_empty(), points, "{n}: {f:?}");
        }
    }

    #[test]
    fn the_near_end_leaves_room_for_the_budget_s_interval() {
        // At P50 over 40,000 iterations the budget's 95% interval spans 1.96 x 100 ranks each
        // side: the near end leaves 196 iterations dearer than its budget, not just 100.
        let model = compile(
            r#"
[project]
name = "median"
start = 2027-01-04
calendar = "continuous"
confidence = 0.5

# Some 2,000 days of spread: few iterations share a finish day.
[[tasks]]
id = "work"
estimate = { min = 1000, likely = 1500, max = 3000 }
cost = { mean = 10000, sd = 1000, dist = "normal" }
"#,
        );
        let out = engine::simulate(&model, engine::SimOptions::new(3), 0..40_000, &|_| {});
        let finish = out.columns.finish.clone();
        let days: Vec<f64> = finish.iter().map(|&t| model.project_days(t)).collect();
        let costs = out.columns.total_cost();
        let first = joint(&model, &finish, &days, &costs).frontier[0].clone();
        let by_date = days
            .iter()
            .zip(&costs)
            .filter(|&(&d, _)| d <= first.duration_days);
        let dearer = by_date.filter(|&(_, &c)| c > first.budget).count();
        assert!(dearer >= 196, "{first:?}: {dearer}");
    }
}
