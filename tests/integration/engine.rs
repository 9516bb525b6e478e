//! The engine against closed forms: every distribution the sampler supports on a single task,
//! sums along a chain, maxima over parallel branches, cost arithmetic, calendars, buffers and
//! reserves, ordering properties, merge bias and reproducibility across thread counts.
//!
//! Tolerances are Monte Carlo standard errors, never hand-tuned constants: a mean is within
//! `K` standard errors `sd/sqrt(n)`, a variance within `K` times the standard error of the
//! sample variance, `sqrt((mu4 - sigma^4)/n)` estimated from the sample, a frequency within
//! `K sqrt(p(1-p)/n)`, and a p-percentile (the order statistic of rank `ceil(np)`) between the
//! exact quantiles at `p -+ (K sqrt(p(1-p)/n) + 1/n)`, the binomial bound on the number of
//! draws below the true quantile. Seeds are fixed, so the tests are deterministic; with
//! `K = 4.5` a correct engine trips any one check with some other seed a few times in a
//! million.

use proptest::prelude::*;
use riskplan::engine::{self, Outcomes, Sampling, SimOptions};
use riskplan::model::{Model, Sampler, Work};
use riskplan::report::{Report, Stats};
use statrs::function::beta::beta_reg;
use statrs::function::erf::{erfc, erfc_inv};

use crate::common::{CONTINUOUS, compile, run};

/// Iterations of the closed-form checks.
const N: usize = 200_000;
/// Standard errors allowed.
const K: f64 = 4.5;

// ---------------------------------------------------------------------------------------------
// Helpers: moments, standard errors, exact quantiles.

/// Sample mean, variance (n - 1) and central fourth moment.
struct Moments {
    n: f64,
    mean: f64,
    var: f64,
    m4: f64,
}

fn moments(xs: &[f64]) -> Moments {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
    Moments { n, mean, var, m4 }
}

impl Moments {
    fn mean_se(&self) -> f64 {
        (self.var / self.n).sqrt()
    }
    fn var_se(&self) -> f64 {
        ((self.m4 - self.var * self.var).max(0.0) / self.n).sqrt()
    }
}

fn check_mean(what: &str, m: &Moments, expected: f64) {
    let se = m.mean_se();
    assert!(
        (m.mean - expected).abs() <= K * se,
        "{what}: sample mean {} vs exact {expected} (standard error {se})",
        m.mean
    );
}

fn check_var(what: &str, m: &Moments, expected: f64) {
    let se = m.var_se();
    assert!(
        (m.var - expected).abs() <= K * se,
        "{what}: sample variance {} vs exact {expected} (standard error {se})",
        m.var
    );
}

/// Half-width, in probability, of the binomial bound on the p-percentile of n draws.
fn rank_slack(p: f64, n: usize) -> f64 {
    K * (p * (1.0 - p) / n as f64).sqrt() + 1.0 / n as f64
}

/// The reported p-percentile lies between the exact quantiles at p -+ the binomial slack.
fn check_quantile(what: &str, hat: f64, p: f64, n: usize, q: &dyn Fn(f64) -> f64) {
    let d = rank_slack(p, n);
    let (lo, hi) = (q((p - d).max(1e-12)), q((p + d).min(1.0 - 1e-12)));
    assert!(
        lo - 1e-9 <= hat && hat <= hi + 1e-9,
        "{what}: P{} = {hat}, exact {} (allowed {lo} ..= {hi})",
        p * 100.0,
        q(p)
    );
}

/// The same bound written with the exact CDF, for distributions without a closed-form quantile.
fn check_cdf(what: &str, hat: f64, p: f64, n: usize, cdf: &dyn Fn(f64) -> f64) {
    let f = cdf(hat);
    assert!(
        (f - p).abs() <= rank_slack(p, n),
        "{what}: P{} = {hat} has exact CDF {f}",
        p * 100.0
    );
}

/// The six reported percentiles with their probabilities.
fn percentiles(s: &Stats) -> [(f64, f64); 6] {
    [
        (0.10, s.p10),
        (0.50, s.p50),
        (0.80, s.p80),
        (0.90, s.p90),
        (0.95, s.p95),
        (0.99, s.p99),
    ]
}

/// Standard normal quantile, from statrs (independent of the crate's own).
fn z(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

/// Standard normal CDF.
fn phi(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// A plan of one task on the continuous calendar.
fn one_task(estimate: &str) -> String {
    format!("{CONTINUOUS}\n[[tasks]]\nid = \"a\"\nestimate = {estimate}\n")
}

/// Simulates a single-task plan: the model, the project durations (days) and the report.
fn single(estimate: &str, seed: u64) -> (Model, Vec<f64>, Report) {
    let model = compile(&one_task(estimate));
    let (out, report) = run(&model, N, seed);
    (model, out.columns.finish.clone(), report)
}

fn duration_sampler(model: &Model, id: &str) -> Sampler {
    let i = model.task_index(id).expect("task exists");
    match &model.tasks[i].work {
        Work::Duration(s) => s.clone(),
        Work::Compute { .. } => panic!("task `{id}` is a compute task"),
    }
}

/// Checks a continuous single-task distribution: the sample's mean and variance against the
/// closed forms, the sampler's own `mean()` and `variance()` against them too, the report's
/// mean and std against the sample, and every reported percentile against the exact quantile.
fn check_single(
    what: &str,
    estimate: &str,
    mean: f64,
    var: f64,
    quantile: &dyn Fn(f64) -> f64,
    seed: u64,
) -> (Model, Vec<f64>, Report) {
    let (model, xs, report) = single(estimate, seed);
    let m = moments(&xs);
    check_mean(what, &m, mean);
    check_var(what, &m, var);
    let s = duration_sampler(&model, "a");
    assert!(
        (s.mean() - mean).abs() <= 1e-5 * mean.abs().max(1.0),
        "{what}: Sampler::mean() = {} vs {mean}",
        s.mean()
    );
    assert!(
        (s.variance() - var).abs() <= 1e-5 * var.max(1.0),
        "{what}: Sampler::variance() = {} vs {var}",
        s.variance()
    );
    assert!((report.duration_days.mean - m.mean).abs() < 1e-9);
    assert!((report.duration_days.std - m.var.sqrt()).abs() < 1e-9);
    for (p, hat) in percentiles(&report.duration_days) {
        check_quantile(what, hat, p, N, quantile);
    }
    // The per-task figures agree: mean and sd from fixed-point sums of the durations (as f32),
    // percentiles from a histogram within its stated resolution (0.1%, or 0.001 day below one
    // day) of the exact ones, plus the f32 rounding of the recorded durations.
    let task = &report.tasks[0].duration_days;
    assert!(
        (task.mean - m.mean).abs() <= 1e-6 * m.mean.abs(),
        "{what}: task mean {} vs {}",
        task.mean,
        m.mean
    );
    assert!(
        (task.std - m.var.sqrt()).abs() <= 1e-5 * m.var.sqrt(),
        "{what}: task sd {} vs {}",
        task.std,
        m.var.sqrt()
    );
    for (p, hat) in percentiles(task) {
        let exact = report_percentile(&report.duration_days, p);
        assert!(
            (hat - exact).abs()
                <= riskplan::engine::histogram::Histogram::resolution(exact) + 1e-6 * exact,
            "{what}: task P{} = {hat} vs project P{} = {exact}",
            p * 100.0,
            p * 100.0
        );
    }
    (model, xs, report)
}

fn report_percentile(s: &Stats, p: f64) -> f64 {
    percentiles(s)
        .into_iter()
        .find(|(q, _)| *q == p)
        .expect("a reported percentile")
        .1
}

// ---------------------------------------------------------------------------------------------
// 1. One task of each distribution.

#[test]
fn triangular_task_matches_its_closed_forms() {
    let (a, m, b) = (2.0, 4.0, 12.0);
    let mean = (a + m + b) / 3.0;
    let var = (a * a + b * b + m * m - a * b - a * m - b * m) / 18.0;
    let quantile = move |u: f64| {
        if u < (m - a) / (b - a) {
            a + (u * (b - a) * (m - a)).sqrt()
        } else {
            b - ((1.0 - u) * (b - a) * (b - m)).sqrt()
        }
    };
    let (_, xs, report) = check_single(
        "triangular(2, 4, 12)",
        r#"{ min = 2, likely = 4, max = 12, dist = "triangular" }"#,
        mean,
        var,
        &quantile,
        11,
    );
    assert!(xs.iter().all(|&x| (a..=b).contains(&x)));
    assert_eq!(report.deterministic.duration_days, m);
}

/// Beta-PERT (lambda 4): Beta(1 + 4r, 1 + 4(1 - r)) on [min, max], r = (mode - min)/(max - min).
fn pert_cdf(a: f64, m: f64, b: f64) -> impl Fn(f64) -> f64 {
    let r = (m - a) / (b - a);
    move |x: f64| {
        beta_reg(
            1.0 + 4.0 * r,
            1.0 + 4.0 * (1.0 - r),
            ((x - a) / (b - a)).clamp(0.0, 1.0),
        )
    }
}

#[test]
fn pert_task_matches_its_closed_forms() {
    for (seed, (a, m, b)) in [(1.0, 2.0, 11.0), (0.0, 10.0, 40.0), (3.0, 9.0, 10.0)]
        .into_iter()
        .enumerate()
    {
        let what = format!("pert({a}, {m}, {b})");
        let mean = (a + 4.0 * m + b) / 6.0;
        let var = (mean - a) * (b - mean) / 7.0;
        let est = format!("{{ min = {a}, likely = {m}, max = {b}, dist = \"pert\" }}");
        let (model, xs, report) = single(&est, 20 + seed as u64);
        let mm = moments(&xs);
        check_mean(&what, &mm, mean);
        check_var(&what, &mm, var);
        let s = duration_sampler(&model, "a");
        assert!((s.mean() - mean).abs() < 1e-12 && (s.variance() - var).abs() < 1e-12);
        let cdf = pert_cdf(a, m, b);
        for (p, hat) in percentiles(&report.duration_days) {
            check_cdf(&what, hat, p, N, &cdf);
        }
        assert!(xs.iter().all(|&x| (a..=b).contains(&x)));
        assert_eq!(report.deterministic.duration_days, m);
    }
}

#[test]
fn pert_variance_is_not_the_textbook_sixth_of_the_range_squared() {
    // The textbook ((max - min)/6)^2 is an approximation; the sample tells it apart from the
    // exact (mean - min)(max - mean)/7, skewed or symmetric.
    for (seed, (a, m, b)) in [(1.0, 2.0, 11.0), (1.0, 6.0, 11.0)].into_iter().enumerate() {
        let est = format!("{{ min = {a}, likely = {m}, max = {b}, dist = \"pert\" }}");
        let (_, xs, _) = single(&est, 30 + seed as u64);
        let mm = moments(&xs);
        let mean = (a + 4.0 * m + b) / 6.0;
        let exact = (mean - a) * (b - mean) / 7.0;
        let textbook = ((b - a) / 6.0f64).powi(2);
        check_var(&format!("pert({a}, {m}, {b})"), &mm, exact);
        let se = mm.var_se();
        assert!(
            (mm.var - textbook).abs() > 3.0 * K * se,
            "pert({a}, {m}, {b}): the sample variance {} cannot tell the textbook {textbook} from the exact {exact} (se {se})",
            mm.var
        );
    }
}

#[test]
fn uniform_task_matches_its_closed_forms() {
    let (a, b) = (2.0, 8.0);
    let (_, xs, report) = check_single(
        "uniform(2, 8)",
        r#"{ min = 2, max = 8, dist = "uniform" }"#,
        (a + b) / 2.0,
        (b - a) * (b - a) / 12.0,
        &|u| a + u * (b - a),
        40,
    );
    assert!(xs.iter().all(|&x| (a..=b).contains(&x)));
    // Without `likely`, the deterministic plan takes the midpoint.
    assert_eq!(report.deterministic.duration_days, 5.0);
}

#[test]
fn fixed_task_is_the_same_in_every_iteration() {
    for est in ["7", "7.0", r#"{ likely = 7, dist = "fixed" }"#] {
        let (model, xs, report) = single(est, 41);
        assert!(xs.iter().all(|&x| x == 7.0), "{est}");
        assert!(duration_sampler(&model, "a").is_fixed());
        let d = &report.duration_days;
        assert_eq!((d.mean, d.std), (7.0, 0.0), "{est}");
        for (_, hat) in percentiles(d) {
            assert_eq!(hat, 7.0, "{est}");
        }
        assert_eq!(report.deterministic.duration_days, 7.0);
        assert_eq!(report.deterministic.probability_on_time, 1.0);
        assert_eq!(report.buffer.days, 0.0);
    }
}

#[test]
fn normal_task_far_from_zero_has_its_mean_and_sd() {
    let (mu, sd) = (10.0, 2.0);
    check_single(
        "normal(10, 2)",
        r#"{ mean = 10, sd = 2, dist = "normal" }"#,
        mu,
        sd * sd,
        &|u| mu + sd * z(u),
        50,
    );
}

#[test]
fn normal_task_near_zero_is_truncated_and_matches_the_samplers_closed_forms() {
    // N(1, 2^2) truncated at 0 loses 31% of its mass: the mean and variance move a lot.
    let (mu, sd) = (1.0, 2.0);
    let c0 = phi(-mu / sd);
    let quantile = move |u: f64| mu + sd * z(c0 + u * (1.0 - c0));
    let (model, xs, report) = single("{ mean = 1, sd = 2 }", 51);
    let s = duration_sampler(&model, "a");
    assert!(matches!(s, Sampler::Normal { .. }), "{s:?}");
    let m = moments(&xs);
    check_mean("truncated normal", &m, s.mean());
    check_var("truncated normal", &m, s.variance());
    // The truncation is visible: the untruncated moments are far outside the error.
    assert!(m.mean - mu > 20.0 * m.mean_se(), "mean {}", m.mean);
    assert!(sd * sd - m.var > 20.0 * m.var_se(), "variance {}", m.var);
    assert!(xs.iter().all(|&x| x >= 0.0));
    for (p, hat) in percentiles(&report.duration_days) {
        check_quantile("truncated normal", hat, p, N, &quantile);
    }
}

#[test]
fn lognormal_task_from_p10_and_p90_has_those_percentiles() {
    let (p10, p90) = (5.0f64, 20.0f64);
    let mu = (p10.ln() + p90.ln()) / 2.0;
    let sigma = (p90.ln() - p10.ln()) / (2.0 * z(0.9));
    let quantile = move |u: f64| (mu + sigma * z(u)).exp();
    let (_, _, report) = check_single(
        "lognormal(p10 = 5, p90 = 20)",
        r#"{ p10 = 5, p90 = 20, dist = "lognormal" }"#,
        (mu + sigma * sigma / 2.0).exp(),
        ((sigma * sigma).exp() - 1.0) * (2.0 * mu + sigma * sigma).exp(),
        &quantile,
        60,
    );
    // The sample P10 and P90 are the values the estimate gave, within the order-statistic bound.
    assert!((quantile(0.1) - p10).abs() < 1e-9 && (quantile(0.9) - p90).abs() < 1e-9);
    for (p, hat, given) in [
        (0.1, report.duration_days.p10, p10),
        (0.9, report.duration_days.p90, p90),
    ] {
        let d = rank_slack(p, N);
        assert!(
            quantile(p - d) < hat && hat < quantile(p + d),
            "P{}: {hat} vs the estimate's {given}",
            p * 100.0
        );
    }

    // The mean/sd form fits a lognormal with that mean and sd.
    let (mean, sd) = (10.0f64, 3.0f64);
    let s2 = (1.0 + sd * sd / (mean * mean)).ln();
    let (mu2, sigma2) = (mean.ln() - s2 / 2.0, s2.sqrt());
    check_single(
        "lognormal(mean = 10, sd = 3)",
        r#"{ mean = 10, sd = 3, dist = "lognormal" }"#,
        mean,
        sd * sd,
        &|u| (mu2 + sigma2 * z(u)).exp(),
        61,
    );
}

#[test]
fn discrete_task_frequencies_match_the_weights() {
    let values = [2.0, 5.0, 9.0];
    let weights = [1.0, 2.0, 1.0];
    let (model, xs, report) = single(
        "{ values = [2, 5, 9], weights = [1, 2, 1], dist = \"discrete\" }",
        70,
    );
    let total: f64 = weights.iter().sum();
    for (v, w) in values.iter().zip(weights) {
        let p = w / total;
        let freq = xs.iter().filter(|&&x| x == *v).count() as f64 / N as f64;
        let se = (p * (1.0 - p) / N as f64).sqrt();
        assert!(
            (freq - p).abs() <= K * se,
            "value {v}: frequency {freq} vs weight share {p}"
        );
    }
    assert!(xs.iter().all(|x| values.contains(x)));
    let mean: f64 = values.iter().zip(weights).map(|(v, w)| v * w / total).sum();
    let var: f64 = values
        .iter()
        .zip(weights)
        .map(|(v, w)| (v - mean).powi(2) * w / total)
        .sum();
    let m = moments(&xs);
    check_mean("discrete", &m, mean);
    check_var("discrete", &m, var);
    let s = duration_sampler(&model, "a");
    assert!((s.mean() - mean).abs() < 1e-12 && (s.variance() - var).abs() < 1e-12);
    // Cumulative shares 0.25, 0.75, 1: each percentile is a value, far from a boundary.
    let d = &report.duration_days;
    assert_eq!(
        [d.p10, d.p50, d.p80, d.p90, d.p95, d.p99],
        [2.0, 5.0, 9.0, 9.0, 9.0, 9.0]
    );
    // The deterministic plan takes the most likely value.
    assert_eq!(report.deterministic.duration_days, 5.0);
}

// ---------------------------------------------------------------------------------------------
// 2. A chain: sums.

#[test]
fn a_chain_adds_means_and_variances() {
    let text = format!(
        r#"{CONTINUOUS}
[[tasks]]
id = "a"
estimate = {{ min = 2, likely = 4, max = 12, dist = "triangular" }}

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = {{ min = 1, likely = 2, max = 11, dist = "pert" }}

[[tasks]]
id = "c"
depends_on = [{{ task = "b", lag = 2 }}]
estimate = {{ min = 3, max = 5, dist = "uniform" }}

[[tasks]]
id = "d"
depends_on = ["c"]
estimate = {{ mean = 8, sd = 1.5 }}
"#
    );
    let model = compile(&text);
    let (out, report) = run(&model, N, 80);
    let samplers: Vec<Sampler> = ["a", "b", "c", "d"]
        .iter()
        .map(|id| duration_sampler(&model, id))
        .collect();
    // Closed forms of each link, written out (not taken from the sampler).
    let means = [6.0, 20.0 / 6.0, 4.0, 8.0];
    let pert_var = (20.0 / 6.0 - 1.0) * (11.0 - 20.0 / 6.0) / 7.0;
    let vars = [84.0 / 18.0, pert_var, 4.0 / 12.0, 1.5 * 1.5];
    let lag = 2.0;
    let m = moments(&out.columns.finish.clone());
    check_mean("chain", &m, means.iter().sum::<f64>() + lag);
    check_var("chain", &m, vars.iter().sum());
    // Each task's own statistics are its distribution's.
    for (i, id) in ["a", "b", "c", "d"].iter().enumerate() {
        let t = &report.tasks[model.task_index(id).unwrap()];
        assert_eq!(&t.id, id);
        let se = (vars[i] / N as f64).sqrt();
        assert!(
            (t.duration_days.mean - means[i]).abs() <= K * se,
            "task {id}: mean {} vs {}",
            t.duration_days.mean,
            means[i]
        );
        // (The normal is 5.3 sd from zero: its truncation moves nothing measurable.)
        assert!((samplers[i].mean() - means[i]).abs() < 1e-5);
        assert!((samplers[i].variance() - vars[i]).abs() < 1e-5);
        // Every task of a chain is always critical.
        assert_eq!(t.criticality, 1.0, "task {id}");
    }
    // The deterministic plan is the sum of the most likely values (the normal's mean) and the lag.
    assert_eq!(
        report.deterministic.duration_days,
        4.0 + 2.0 + lag + 4.0 + 8.0
    );
    assert_eq!(report.deterministic.critical_path, ["a", "b", "c", "d"]);
}

// ---------------------------------------------------------------------------------------------
// 3. Parallel branches: maxima.

#[test]
fn parallel_branches_take_the_maximum() {
    let k = 10.0;
    let text = format!(
        r#"{CONTINUOUS}
[[tasks]]
id = "left"
estimate = {{ min = 0, max = 10, dist = "uniform" }}

[[tasks]]
id = "right"
estimate = {{ min = 0, max = 10, dist = "uniform" }}
"#
    );
    let model = compile(&text);
    let (out, report) = run(&model, N, 90);
    // max of two U(0, k): P(max <= x) = (x/k)^2, so E = 2k/3, Var = k^2/18, quantile k sqrt(p).
    let m = moments(&out.columns.finish.clone());
    check_mean("max of two uniforms", &m, 2.0 * k / 3.0);
    check_var("max of two uniforms", &m, k * k / 18.0);
    for (p, hat) in percentiles(&report.duration_days) {
        check_quantile("max of two uniforms", hat, p, N, &|u| k * u.sqrt());
    }
    // In particular the median is k sqrt(1/2), not the k/2 of either branch.
    let d = rank_slack(0.5, N);
    let p50 = report.duration_days.p50;
    assert!(
        k * (0.5 - d).sqrt() <= p50 && p50 <= k * (0.5 + d).sqrt(),
        "P50 {p50} vs {}",
        k * 0.5f64.sqrt()
    );
    // A sum would have mean k, a single branch k/2: both far outside the error.
    assert!(
        (m.mean - k).abs() > 100.0 * m.mean_se() && (m.mean - k / 2.0).abs() > 100.0 * m.mean_se()
    );

    // Two identical independent branches: each is the longer one half of the time.
    let se = (0.25 / N as f64).sqrt();
    let c: Vec<f64> = report.tasks.iter().map(|t| t.criticality).collect();
    for (t, ci) in report.tasks.iter().zip(&c) {
        assert!(
            (ci - 0.5).abs() <= K * se,
            "criticality of `{}`: {ci}",
            t.id
        );
    }
    // Exactly one of them is critical in each iteration (ties have probability zero).
    assert!((c[0] + c[1] - 1.0).abs() < 1e-4, "{c:?}");
}

#[test]
fn a_dominated_branch_is_never_critical() {
    let text = format!(
        r#"{CONTINUOUS}
[[tasks]]
id = "start"
estimate = 1

[[tasks]]
id = "long"
depends_on = ["start"]
estimate = {{ min = 10, max = 12, dist = "uniform" }}

[[tasks]]
id = "short"
depends_on = ["start"]
estimate = {{ min = 1, likely = 3, max = 9, dist = "pert" }}

[[tasks]]
id = "end"
depends_on = ["long", "short"]
estimate = 1
"#
    );
    let model = compile(&text);
    let (out, report) = run(&model, N, 91);
    let crit = |id: &str| report.tasks[model.task_index(id).unwrap()].criticality;
    assert_eq!(crit("short"), 0.0);
    for id in ["start", "long", "end"] {
        assert_eq!(crit(id), 1.0, "{id}");
    }
    // The project is the long branch: 1 + U(10, 12) + 1.
    let m = moments(&out.columns.finish.clone());
    check_mean("dominated branch", &m, 13.0);
    check_var("dominated branch", &m, 4.0 / 12.0);
    assert_eq!(report.deterministic.critical_path, ["start", "long", "end"]);
}

// ---------------------------------------------------------------------------------------------
// 4. Costs, reserves and buffers.

/// A deterministic plan on the workdays calendar starting Monday 2027-01-04: five days of
/// building (Mon-Fri), a three-day compute run from Saturday 00:00 to Tuesday 00:00 (continuous
/// calendar), then two working days of shipping (Tue-Wed).
const DETERMINISTIC_COSTS: &str = r#"
[project]
name = "costs"
start = 2027-01-04

[[people]]
role = "dev"
rate_per_day = 500

[[people]]
role = "ops"
rate_per_day = 800

[[instances]]
type = "gpu"
on_demand_per_hour = 2.5

[[tasks]]
id = "build"
estimate = 5
people = { dev = 0.5 }

[[tasks]]
id = "train"
depends_on = ["build"]
compute = { instance = "gpu", count = 2, hours = 72 }
people = { ops = 1.0 }

[[tasks]]
id = "ship"
depends_on = ["train"]
estimate = 2
people = { dev = 1.0 }
cost = 1000
"#;

#[test]
fn a_deterministic_plan_costs_exactly_its_arithmetic() {
    let model = compile(DETERMINISTIC_COSTS);
    let (_, report) = run(&model, 1_000, 100);
    // dev: 0.5 x 5 days + 1.0 x 2 days = 4.5 person-days at 500.
    // ops on the compute run: paid for the project working days the run spans. It runs from
    // Saturday 00:00 to Tuesday 00:00, which holds one working day (Monday): 1 x 800.
    // gpu: 2 instances x 72 hours = 144 instance-hours at 2.5.
    // fixed: 1000.
    let people = 4.5 * 500.0 + 1.0 * 800.0;
    let compute = 144.0 * 2.5;
    let fixed = 1000.0;
    let total = people + compute + fixed;
    let det = &report.deterministic;
    assert_eq!(det.cost, total);
    assert_eq!(det.person_days["dev"], 4.5);
    assert_eq!(det.person_days["ops"], 1.0);
    assert_eq!(det.instance_hours["gpu"], 144.0);
    let by = &report.cost.by_category;
    assert_eq!(
        (by.people.mean, by.compute.mean, by.fixed.mean, by.risk.mean),
        (people, compute, fixed, 0.0)
    );
    let c = &report.cost;
    assert_eq!((c.stats.mean, c.stats.std), (total, 0.0));
    for (_, hat) in percentiles(&c.stats) {
        assert_eq!(hat, total);
    }
    // Working days: Mon-Fri, (the weekend run ends Monday night), Tue, Wed: 8, ending Wed 13th.
    assert_eq!(det.duration_days, 8.0);
    assert_eq!(det.finish_date, "2027-01-13");
    assert_eq!(report.duration_days.p99, 8.0);
    // Nothing is uncertain: no buffer, no reserve, certain to be on time and on budget.
    assert_eq!(report.buffer.days, 0.0);
    assert_eq!(report.reserve.cost, 0.0);
    assert_eq!(report.reserve.person_days["dev"], 0.0);
    assert_eq!(report.reserve.instance_hours["gpu"], 0.0);
    assert_eq!(
        (det.probability_on_time, det.probability_on_budget),
        (1.0, 1.0)
    );
}

/// A zero-length milestone after a continuous task that ends on a Saturday, then more
/// continuous work: Monday 2027-01-04 start, four working days (Mon-Thu), a day and a half of
/// continuous work from Friday 00:00 to Saturday noon, the gate, one continuous day.
const WEEKEND_GATE: &str = r#"
[project]
name = "gate"
start = 2027-01-04

[[tasks]]
id = "build"
estimate = 4

[[tasks]]
id = "run"
calendar = "continuous"
estimate = 1.5
depends_on = ["build"]

[[tasks]]
id = "gate"
estimate = 0
depends_on = ["run"]
milestone = "m"

[[tasks]]
id = "after"
calendar = "continuous"
estimate = 1
depends_on = ["gate"]
"#;

#[test]
fn a_zero_length_milestone_on_a_weekend_is_reached_when_its_predecessor_ends() {
    let model = compile(WEEKEND_GATE);
    let s = engine::deterministic(&model);
    let det = s.totals;
    for i in 0..model.tasks.len() {
        assert!(
            s.finish[i] >= s.start[i],
            "task `{}` finishes at {} before it starts at {}",
            model.tasks[i].id,
            s.finish[i],
            s.start[i]
        );
    }
    // `run` ends Saturday at noon (t = 5.5): the gate is reached then, not on Friday, and
    // `after` runs to Sunday noon.
    let gate = model.task_index("gate").expect("gate");
    assert_eq!(s.finish[gate], 5.5);
    assert_eq!(det.finish, 6.5);
    let (_, report) = run(&model, 100, 103);
    assert_eq!(report.milestones[0].deterministic_finish_date, "2027-01-09");
    assert_eq!(report.deterministic.finish_date, "2027-01-10");
}

#[test]
fn a_continuous_task_started_with_a_working_day_task_waits_for_its_first_working_day() {
    // `build` finishes Friday evening; `test` (workdays) is scheduled from Saturday 00:00 but
    // works from Monday 11th; `watch` (continuous) starts with it (SS, and SF lag 1 for
    // `soak`): on Monday, not on Saturday.
    let model = compile(
        r#"
[project]
name = "ss"
start = 2027-01-04

[[tasks]]
id = "build"
estimate = 5

[[tasks]]
id = "test"
estimate = 5
depends_on = ["build"]

[[tasks]]
id = "watch"
calendar = "continuous"
estimate = 1
depends_on = [{ task = "test", type = "SS" }]

[[tasks]]
id = "soak"
calendar = "continuous"
estimate = 0.5
depends_on = [{ task = "test", type = "SF", lag = 1 }]
"#,
    );
    let s = engine::deterministic(&model);
    let at = |id: &str| model.task_index(id).expect("task");
    assert_eq!(s.start[at("test")], 5.0);
    assert_eq!((s.start[at("watch")], s.finish[at("watch")]), (7.0, 8.0));
    // SF: finishes no earlier than 1 day after `test` starts work (Monday 00:00 + 1 day).
    assert_eq!(s.finish[at("soak")], 8.0);
    // The same in the simulation (every estimate is fixed).
    let (out, _) = run(&model, 40, 104);
    assert!(out.columns.finish.clone().iter().all(|&f| f == 12.0));
}

/// Every link type, leads, both calendars, a zero-length milestone, people, compute and a
/// level-of-effort span, for the check that blocks of iterations compute what one iteration
/// at a time does.
const LINKS: &str = r#"
[project]
name = "links"
start = 2027-01-07
holidays = [2027-01-18]

[[people]]
role = "dev"
rate_per_day = 100

[[instances]]
type = "gpu"
on_demand_per_hour = 2

[[tasks]]
id = "a"
estimate = { min = 1, likely = 3, max = 9 }
people = { dev = 1 }

[[tasks]]
id = "b"
calendar = "continuous"
estimate = { min = 0.5, likely = 1.5, max = 4 }
depends_on = [{ task = "a", type = "SS", lag = 1.5 }]
people = { dev = 0.5 }

[[tasks]]
id = "c"
estimate = { min = 1, likely = 2, max = 5 }
depends_on = [{ task = "a", type = "FF", lag = -1 }, { task = "b", type = "SF", lag = 2 }]

[[tasks]]
id = "gate"
estimate = 0
depends_on = ["b", "c"]
milestone = "m"

[[tasks]]
id = "train"
compute = { instance = "gpu", hours = { min = 10, likely = 30, max = 90 } }
depends_on = [{ task = "gate", lag = -0.5 }]
people = { dev = 0.25 }

[[tasks]]
id = "pm"
level_of_effort = { from = "a", to = "train" }
people = { dev = 0.1 }
"#;

#[test]
fn an_iteration_gives_the_same_numbers_whichever_iterations_share_its_block() {
    let model = compile(LINKS);
    // 37 iterations at once (two full blocks of 16 and a partial one), against each iteration
    // simulated alone (a block of one lane) and against ranges that start mid-block.
    let n = 37u64;
    let all = engine::simulate(&model, SimOptions::new(9), 0..n, &|_| {});
    for i in 0..n {
        let one = engine::simulate(&model, SimOptions::new(9), i..i + 1, &|_| {});
        let at = i as usize;
        assert_eq!(
            one.columns.finish[0], all.columns.finish[at],
            "iteration {i}"
        );
        assert_eq!(one.columns.cost_people[0], all.columns.cost_people[at]);
        assert_eq!(one.columns.cost_compute[0], all.columns.cost_compute[at]);
        assert_eq!(
            one.columns.milestone_finish[0][0],
            all.columns.milestone_finish[0][at]
        );
    }
    let merged = engine::simulate(&model, SimOptions::new(9), 0..5, &|_| {})
        .merge(engine::simulate(&model, SimOptions::new(9), 5..n, &|_| {}))
        .expect("adjacent ranges merge");
    assert_eq!(merged, all);
}

/// Value stability: exact numbers for a fixed seed on a plan with every link type, leads,
/// both calendars, a zero-length milestone, people, compute and level of effort. A change in
/// how inputs are drawn or scheduled changes every published result for a seed: it must be
/// made on purpose, with these numbers updated and the change said in the notes.
#[test]
fn the_numbers_of_a_seed_are_pinned() {
    let model = compile(LINKS);
    let out = engine::simulate(&model, SimOptions::new(9), 0..4, &|_| {});
    let got: Vec<(f64, f64, f64)> = (0..4)
        .map(|i| {
            let c = &out.columns;
            (c.finish[i], c.cost_people[i], c.cost_compute[i])
        })
        .collect();
    assert_eq!(got, PINNED_LINKS_SEED_9, "{got:?}");
}

const PINNED_LINKS_SEED_9: [(f64, f64, f64); 4] = [
    (5.592052201496315, 341.72590042251875, 28.418505671823144),
    (6.509135080404819, 535.2290042855792, 40.07882803343873),
    (7.473845616941938, 664.777352212881, 74.01061712314353),
    (6.924885625862726, 490.16350199653056, 92.39451004141084),
];

#[test]
fn a_person_on_a_compute_run_is_paid_for_the_working_days_it_spans() {
    // The same run started on a Monday (after a fixed zero-length task) spans three working days.
    let text = DETERMINISTIC_COSTS.replace("estimate = 5\n", "estimate = 0\n");
    let model = compile(&text);
    let (_, report) = run(&model, 100, 101);
    assert_eq!(report.deterministic.person_days["ops"], 3.0);
    // A run of 30 hours from Saturday 00:00 ends Sunday: no working day, nothing to pay.
    let text = DETERMINISTIC_COSTS.replace("hours = 72", "hours = 30");
    let model = compile(&text);
    let (_, report) = run(&model, 100, 102);
    assert_eq!(report.deterministic.person_days["ops"], 0.0);
    assert_eq!(report.deterministic.instance_hours["gpu"], 60.0);
}

#[test]
fn uncertain_costs_follow_the_sampled_durations() {
    // On the continuous calendar a person-day is a day of the task's duration.
    let text = format!(
        r#"{CONTINUOUS}
[[people]]
role = "dev"
count = 2
paid = "assigned"
rate_per_day = 400

[[instances]]
type = "gpu"
on_demand_per_hour = 3

[[tasks]]
id = "build"
estimate = {{ min = 2, likely = 4, max = 12, dist = "triangular" }}
people = {{ dev = 1.5 }}

[[tasks]]
id = "train"
compute = {{ instance = "gpu", count = 4, hours = {{ min = 10, max = 50, dist = "uniform" }} }}

[[tasks]]
id = "buy"
estimate = 1
cost = {{ min = 100, likely = 200, max = 600, dist = "triangular" }}
"#
    );
    let model = compile(&text);
    let (out, report) = run(&model, N, 103);
    let (dev, gpu) = (400.0 * 1.5, 3.0 * 4.0);
    let (d_mean, d_var) = (6.0, 84.0 / 18.0);
    let (h_mean, h_var) = (30.0, 1600.0 / 12.0);
    let (f_mean, f_var) = (
        300.0,
        (100f64.powi(2) + 200f64.powi(2) + 600f64.powi(2)
            - 100.0 * 200.0
            - 100.0 * 600.0
            - 200.0 * 600.0)
            / 18.0,
    );
    let people = moments(&out.columns.cost_people.clone());
    check_mean("people cost", &people, dev * d_mean);
    check_var("people cost", &people, dev * dev * d_var);
    let compute = moments(&out.columns.cost_compute.clone());
    check_mean("compute cost", &compute, gpu * h_mean);
    check_var("compute cost", &compute, gpu * gpu * h_var);
    let fixed = moments(&out.columns.cost_fixed.clone());
    check_mean("fixed cost", &fixed, f_mean);
    check_var("fixed cost", &fixed, f_var);
    let total = moments(&out.columns.total_cost());
    check_mean("total cost", &total, dev * d_mean + gpu * h_mean + f_mean);
    check_var(
        "total cost",
        &total,
        dev * dev * d_var + gpu * gpu * h_var + f_var,
    );
    // The report's categories are those columns.
    assert!((report.cost.by_category.people.mean - people.mean).abs() < 1e-6);
    assert!((report.cost.stats.mean - total.mean).abs() < 1e-6);
    // Instance-hours per iteration are count x sampled hours.
    let hours = moments(&out.columns.instance_hours[0].clone());
    check_mean("instance-hours", &hours, 4.0 * h_mean);
    // The deterministic cost takes every most likely value: 4 days, 30 hours, 200.
    assert_eq!(report.deterministic.cost, dev * 4.0 + gpu * 30.0 + 200.0);
}

/// The p-percentile as the report defines it: the smallest value with at least a share p of
/// the values at or below it.
fn percentile_of(mut xs: Vec<f64>, p: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    let rank = ((p * xs.len() as f64).ceil() as usize).clamp(1, xs.len());
    xs[rank - 1]
}

#[test]
fn buffer_and_reserve_are_the_confidence_percentile_less_the_deterministic_plan() {
    let text = r#"
[project]
name = "reserves"
start = 2027-01-04
confidence = 0.9
sprint_days = 5

[[people]]
role = "dev"
rate_per_day = 500

[[instances]]
type = "gpu"
on_demand_per_hour = 2.5

[[tasks]]
id = "build"
estimate = { likely = 10, risk = "high" }
people = { dev = 1.0 }

[[tasks]]
id = "train"
depends_on = ["build"]
compute = { instance = "gpu", count = 2, hours = { likely = 48, risk = "very_high" } }

[[tasks]]
id = "ship"
depends_on = ["train"]
estimate = { min = 1, likely = 2, max = 6, dist = "triangular" }
cost = { min = 200, likely = 300, max = 900, dist = "triangular" }
"#;
    let model = compile(text);
    // Not a multiple of 10: the P90's rank, ceil(0.9 n), is not a whole 0.9 n.
    let n = 49_999;
    let (out, report) = run(&model, n, 110);
    let conf = 0.9;
    assert_eq!(report.confidence, conf);

    // The deterministic plan, by hand: 10 days of dev, 2 x 48 instance-hours, a 300 fixed cost.
    let det_cost = 10.0 * 500.0 + 96.0 * 2.5 + 300.0;
    assert_eq!(report.deterministic.cost, det_cost);
    assert_eq!(report.deterministic.person_days["dev"], 10.0);
    assert_eq!(report.deterministic.instance_hours["gpu"], 96.0);

    // Reserve = P90 cost - deterministic cost, with P90 from the per-iteration costs.
    let p_cost = percentile_of(out.columns.total_cost(), conf);
    assert_eq!(report.cost.stats.p90, p_cost);
    assert_eq!(report.reserve.cost, p_cost - det_cost);
    assert_eq!(report.reserve.total_cost, p_cost);
    assert!(
        report.reserve.cost > 0.0,
        "right-skewed estimates need a reserve"
    );
    let p_dev = percentile_of(out.columns.role_days[0].clone(), conf);
    assert_eq!(report.reserve.person_days["dev"], p_dev - 10.0);
    let p_gpu = percentile_of(out.columns.instance_hours[0].clone(), conf);
    assert_eq!(report.reserve.instance_hours["gpu"], p_gpu - 96.0);

    // Buffer = P90 working days - deterministic working days, and the P90 date to commit to.
    let days: Vec<f64> = out
        .columns
        .finish
        .iter()
        .map(|&t| model.project_days(t))
        .collect();
    let p_days = percentile_of(days, conf);
    assert_eq!(report.duration_days.p90, p_days);
    let det_days = report.deterministic.duration_days;
    assert!((report.buffer.days - (p_days - det_days)).abs() < 1e-12);
    assert_eq!(report.buffer.duration_days, p_days);
    assert!((report.buffer.sprints - report.buffer.days / 5.0).abs() < 1e-12);
    assert_eq!(report.buffer.finish_date, report.finish_date.p90);
    assert!(report.buffer.days > 0.0);
    // Deterministic days by hand: 10 working days (to Fri 15th), a 48-hour run over the
    // weekend (no working day), 2 working days (Mon 18th, Tue 19th).
    assert_eq!(det_days, 12.0);
    assert_eq!(report.deterministic.finish_date, "2027-01-19");
}

// ---------------------------------------------------------------------------------------------
// 5. Calendars and deadlines.

fn workdays_plan(holidays: &str, deadline: &str) -> String {
    format!(
        r#"
[project]
name = "calendar"
start = 2027-01-04
holidays = [{holidays}]
{deadline}

[[tasks]]
id = "work"
estimate = 5
"#
    )
}

#[test]
fn five_working_days_from_monday_finish_on_friday() {
    let model = compile(&workdays_plan("", ""));
    let (_, report) = run(&model, 100, 120);
    assert_eq!(report.deterministic.finish_date, "2027-01-08");
    assert_eq!(report.finish_date.p50, "2027-01-08");
    assert_eq!(report.finish_date.p99, "2027-01-08");
    assert_eq!(report.deterministic.duration_days, 5.0);
}

#[test]
fn a_holiday_moves_the_finish_by_one_working_day() {
    // Wednesday is a holiday: the five days end on the next working day, Monday the 11th,
    // and the duration is still five working days.
    let model = compile(&workdays_plan("2027-01-06", ""));
    let (_, report) = run(&model, 100, 121);
    assert_eq!(report.deterministic.finish_date, "2027-01-11");
    assert_eq!(report.finish_date.p50, "2027-01-11");
    assert_eq!(report.deterministic.duration_days, 5.0);
    // A holiday on a weekend changes nothing.
    let model = compile(&workdays_plan("2027-01-09", ""));
    let (_, report) = run(&model, 100, 122);
    assert_eq!(report.deterministic.finish_date, "2027-01-08");
}

#[test]
fn the_deadline_probability_of_a_deterministic_plan_is_zero_or_one() {
    let cases = [
        ("", "2027-01-08", 1.0),
        ("", "2027-01-07", 0.0),
        ("", "2027-01-20", 1.0),
        ("", "2027-01-04", 0.0),
        ("2027-01-06", "2027-01-08", 0.0),
        ("2027-01-06", "2027-01-10", 0.0),
        ("2027-01-06", "2027-01-11", 1.0),
    ];
    for (holiday, deadline, expected) in cases {
        let model = compile(&workdays_plan(holiday, &format!("deadline = {deadline}")));
        let (_, report) = run(&model, 500, 123);
        let d = report.deadline.expect("a deadline is set");
        assert_eq!(d.date, deadline);
        assert_eq!(
            d.probability, expected,
            "holiday [{holiday}], deadline {deadline}"
        );
    }
}

#[test]
fn the_chance_of_finishing_by_the_deterministic_date_counts_the_whole_day() {
    // U(1, 3) continuous days, most likely 2.5: the deterministic plan ends at noon on day 2
    // (Wednesday), and every simulated project ends by Wednesday's end. By the date, the
    // chance is 1, not the 0.75 of finishing by noon.
    let text = format!(
        "{CONTINUOUS}\n[[tasks]]\nid = \"a\"\nestimate = {{ min = 1, likely = 2.5, max = 3, dist = \"uniform\" }}\n"
    );
    let model = compile(&text);
    let (_, report) = run(&model, 10_000, 125);
    assert_eq!(report.deterministic.finish_date, "2027-01-06");
    assert_eq!(report.deterministic.probability_on_time, 1.0);
    // U(2, 4): finishing by Wednesday's end (t = 3) is an even bet, whatever hour of it the
    // deterministic 2.5 days end at.
    let model = compile(
        &text
            .replace("min = 1", "min = 2")
            .replace("max = 3", "max = 4"),
    );
    let (_, report) = run(&model, N, 126);
    let p = report.deterministic.probability_on_time;
    assert!(
        (p - 0.5).abs() <= K * (0.25 / N as f64).sqrt(),
        "probability {p}"
    );
}

#[test]
fn the_deadline_probability_of_an_uncertain_plan_is_the_share_finishing_by_it() {
    // 10 continuous days ~ U(0, 10): finishing by the end of day k has probability k/10.
    let text = format!(
        "{CONTINUOUS}deadline = 2027-01-07\n[[tasks]]\nid = \"a\"\nestimate = {{ min = 0, max = 10, dist = \"uniform\" }}\n"
    );
    let model = compile(&text);
    let (_, report) = run(&model, N, 124);
    // The deadline day is day 3 (0-based from Monday the 4th): finished by t = 4.
    let p = report.deadline.expect("deadline").probability;
    let se = (0.4 * 0.6 / N as f64).sqrt();
    assert!((p - 0.4).abs() <= K * se, "probability {p}");
}

// ---------------------------------------------------------------------------------------------
// 6. Properties over random plans.

/// One generated task: distribution, three points, predecessors (a bitmask of earlier tasks),
/// an allocation and a fixed cost.
#[derive(Debug, Clone)]
struct Spec {
    dist: usize,
    min: f64,
    likely: f64,
    max: f64,
    preds: Vec<usize>,
    alloc: f64,
    cost: f64,
}

fn plan_strategy() -> impl Strategy<Value = (Vec<Spec>, bool)> {
    (
        prop::collection::vec(
            (
                0usize..4,
                0u32..10,
                0u32..8,
                0u32..15,
                any::<u16>(),
                1u32..4,
                0u32..500,
            ),
            1..9,
        ),
        any::<bool>(),
    )
        .prop_map(|(raw, workdays)| {
            let specs = raw
                .into_iter()
                .enumerate()
                .map(|(i, (dist, min, up, more, mask, alloc, cost))| {
                    let min = min as f64;
                    let likely = min + up as f64;
                    Spec {
                        dist,
                        min,
                        likely,
                        // Uniform ignores `likely` for its range but needs it inside.
                        max: likely + more as f64,
                        preds: (0..i).filter(|j| mask & (1 << (j % 16)) != 0).collect(),
                        alloc: alloc as f64 * 0.25,
                        cost: cost as f64,
                    }
                })
                .collect();
            (specs, workdays)
        })
}

fn plan_text(specs: &[Spec], workdays: bool) -> String {
    let calendar = if workdays { "workdays" } else { "continuous" };
    let mut t = format!(
        "[project]\nname = \"p\"\nstart = 2027-01-04\ncalendar = \"{calendar}\"\n\n[[people]]\nrole = \"dev\"\nrate_per_day = 100\n"
    );
    for (i, s) in specs.iter().enumerate() {
        let est = match s.dist {
            0 => format!(
                "{{ min = {}, likely = {}, max = {}, dist = \"triangular\" }}",
                s.min, s.likely, s.max
            ),
            1 => format!(
                "{{ min = {}, likely = {}, max = {}, dist = \"pert\" }}",
                s.min, s.likely, s.max
            ),
            2 => format!(
                "{{ min = {}, likely = {}, max = {}, dist = \"uniform\" }}",
                s.min, s.likely, s.max
            ),
            _ => format!("{}", s.likely),
        };
        let deps: Vec<String> = s.preds.iter().map(|p| format!("\"t{p}\"")).collect();
        t += &format!(
            "\n[[tasks]]\nid = \"t{i}\"\ndepends_on = [{}]\nestimate = {est}\npeople = {{ dev = {} }}\ncost = {{ min = {}, likely = {}, max = {}, dist = \"triangular\" }}\n",
            deps.join(", "),
            s.alloc,
            s.cost,
            s.cost + 10.0,
            s.cost + 100.0
        );
    }
    t
}

/// The longest path through the network when every task takes `len(task)`.
fn longest_path(specs: &[Spec], len: impl Fn(&Spec) -> f64) -> f64 {
    let mut finish = vec![0.0f64; specs.len()];
    for (i, s) in specs.iter().enumerate() {
        let start = s.preds.iter().map(|&p| finish[p]).fold(0.0, f64::max);
        finish[i] = start + len(s);
    }
    finish.into_iter().fold(0.0, f64::max)
}

fn shortest_of(s: &Spec) -> f64 {
    if s.dist == 3 { s.likely } else { s.min }
}

fn longest_of(s: &Spec) -> f64 {
    if s.dist == 3 { s.likely } else { s.max }
}

fn ordered(s: &Stats) -> bool {
    s.p10 <= s.p50 && s.p50 <= s.p80 && s.p80 <= s.p90 && s.p90 <= s.p95 && s.p95 <= s.p99
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn percentiles_are_ordered_and_bounded_by_the_shortest_and_longest_paths(
        (specs, workdays) in plan_strategy(),
        seed in any::<u64>(),
    ) {
        let model = compile(&plan_text(&specs, workdays));
        let (out, report) = run(&model, 4_000, seed);
        prop_assert!(ordered(&report.duration_days), "{:?}", report.duration_days);
        prop_assert!(ordered(&report.cost.stats), "{:?}", report.cost.stats);
        for t in &report.tasks {
            prop_assert!(ordered(&t.duration_days), "task {}: {:?}", t.id, t.duration_days);
        }
        // The project never finishes before its shortest possible path (each task at its
        // minimum, along the path where those minima add up the most), nor after the longest.
        let days: Vec<f64> = out
            .columns
            .finish
            .iter()
            .map(|&t| model.project_days(t))
            .collect();
        let p0 = days.iter().copied().fold(f64::INFINITY, f64::min);
        let p100 = days.iter().copied().fold(0.0, f64::max);
        let lo = longest_path(&specs, shortest_of);
        let hi = longest_path(&specs, longest_of);
        prop_assert!(p0 >= lo - 1e-6, "min finish {} < shortest path {}", p0, lo);
        prop_assert!(p100 <= hi + 1e-6, "max finish {} > longest path {}", p100, hi);
        prop_assert!(report.duration_days.mean >= lo - 1e-6 && report.duration_days.mean <= hi + 1e-6);
        // And the deterministic plan is the longest path of the most likely values.
        let det = longest_path(&specs, |s| s.likely);
        prop_assert!((report.deterministic.duration_days - det).abs() < 1e-6,
            "deterministic {} vs {}", report.deterministic.duration_days, det);
    }
}

#[test]
fn a_higher_risk_level_never_narrows_the_result() {
    // A network with parallel branches; every estimate a most likely value and a level.
    let plan = |level: &str| {
        format!(
            r#"{CONTINUOUS}
[[people]]
role = "dev"
rate_per_day = 100

[[tasks]]
id = "a"
estimate = {{ likely = 5, risk = "{level}" }}
people = {{ dev = 1 }}

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = {{ likely = 8, risk = "{level}" }}
people = {{ dev = 1 }}

[[tasks]]
id = "c"
depends_on = ["a"]
estimate = {{ likely = 7, risk = "{level}" }}
people = {{ dev = 0.5 }}

[[tasks]]
id = "d"
depends_on = ["b", "c"]
estimate = {{ likely = 3, risk = "{level}" }}
people = {{ dev = 1 }}
"#
        )
    };
    let levels = ["low", "medium", "high", "very_high"];
    for seed in [130, 131] {
        let reports: Vec<Report> = levels
            .iter()
            .map(|l| run(&compile(&plan(l)), 50_000, seed).1)
            .collect();
        for (w, pair) in reports.windows(2).zip(levels.windows(2)) {
            let (narrow, wide) = (&w[0], &w[1]);
            let what = format!("{} -> {} (seed {seed})", pair[0], pair[1]);
            for (x, y, name) in [
                (&narrow.duration_days, &wide.duration_days, "duration"),
                (&narrow.cost.stats, &wide.cost.stats, "cost"),
            ] {
                assert!(y.p90 > x.p90, "{what}: {name} P90 {} -> {}", x.p90, y.p90);
                assert!(y.p99 > x.p99, "{what}: {name} P99 {} -> {}", x.p99, y.p99);
                assert!(y.std > x.std, "{what}: {name} std {} -> {}", x.std, y.std);
                assert!(
                    y.mean > x.mean,
                    "{what}: {name} mean {} -> {}",
                    x.mean,
                    y.mean
                );
            }
            // The deterministic plan does not move: only the range around it widens.
            assert_eq!(
                narrow.deterministic.duration_days,
                wide.deterministic.duration_days
            );
            assert!(wide.buffer.days > narrow.buffer.days, "{what}: buffer");
            assert!(wide.reserve.cost > narrow.reserve.cost, "{what}: reserve");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 7. Reproducibility.

/// A plan that exercises every part of an iteration: both calendars, people, compute, fixed
/// costs, a milestone, a level-of-effort activity, risk events and a correlation group.
const EVERYTHING: &str = r#"
[project]
name = "everything"
start = 2027-01-04
holidays = [2027-01-18]
deadline = 2027-03-01
budget = 60000

[[people]]
role = "dev"
count = 2
rate_per_day = 600

[[people]]
role = "pm"
rate_per_day = 700

[[instances]]
type = "gpu"
on_demand_per_hour = 3.06

[[tasks]]
id = "design"
estimate = { min = 3, likely = 5, max = 12, dist = "pert" }
people = { dev = 1.0 }

[[tasks]]
id = "data"
depends_on = ["design"]
estimate = { likely = 8, risk = "high" }
people = { dev = 0.5 }
cost = { min = 500, likely = 800, max = 2000, dist = "triangular" }

[[tasks]]
id = "model"
depends_on = ["design"]
estimate = { mean = 7, sd = 2 }
people = { dev = 1.0 }

[[tasks]]
id = "train"
depends_on = ["data", "model"]
compute = { instance = "gpu", count = 2, hours = { likely = 60, risk = "very_high" } }
people = { dev = 0.25 }

[[tasks]]
id = "eval"
depends_on = [{ task = "train", lag = 1 }]
estimate = { p10 = 2, p90 = 6, dist = "lognormal" }
people = { dev = 1.0 }
milestone = "mvp"

[[tasks]]
id = "ship"
depends_on = ["eval"]
estimate = { values = [1, 2, 5], weights = [3, 2, 1], dist = "discrete" }
people = { dev = 1.0 }

[[tasks]]
id = "manage"
level_of_effort = { from = "design", to = "ship" }
people = { pm = 0.2 }

[[risks]]
id = "late-data"
probability = 0.3
tasks = ["data"]
delay = { min = 2, likely = 4, max = 10, dist = "pert" }
cost = 1500

[[correlations]]
tasks = ["design", "data", "model"]
coefficient = 0.5
"#;

fn json(report: &Report) -> String {
    serde_json::to_string(report).expect("the report serializes")
}

fn run_on(threads: usize, model: &Model, opts: SimOptions, iterations: u64) -> String {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| {
        let out: Outcomes = engine::simulate(model, opts, 0..iterations, &|_| {});
        let det = engine::deterministic(model);
        json(&riskplan::analysis::analyse(model, &det, &out))
    })
}

#[test]
fn the_same_seed_gives_the_same_report_on_any_number_of_threads() {
    let model = compile(EVERYTHING);
    // Not a multiple of the engine's chunk, so that a partial chunk is in play.
    let iterations = 20_011;
    for sampling in [Sampling::Random, Sampling::LatinHypercube] {
        let opts = SimOptions {
            seed: 140,
            sampling,
        };
        let one = run_on(1, &model, opts, iterations);
        assert!(one.contains("\"late-data\""));
        for threads in [2, 3] {
            let other = run_on(threads, &model, opts, iterations);
            assert!(
                one == other,
                "{sampling:?}: the report on {threads} threads differs from the one on 1 thread"
            );
        }
        // A different seed gives different numbers.
        let reseeded = run_on(2, &model, SimOptions { seed: 141, ..opts }, iterations);
        assert_ne!(one, reseeded, "{sampling:?}");
        let a = run(&model, 1_000, 140).1;
        let b = run(&model, 1_000, 141).1;
        assert_ne!(a.duration_days.mean, b.duration_days.mean);
        assert_ne!(a.cost.stats.mean, b.cost.stats.mean);
    }
}

// ---------------------------------------------------------------------------------------------
// 8. Merge bias.

#[test]
fn merging_parallel_skewed_branches_makes_the_deterministic_date_unlikely() {
    // Each branch is PERT(0, 10, 40) = 40 x Beta(2, 4): it finishes by its most likely value
    // with probability I_{1/4}(2, 4) = 0.367. Four independent branches merging all do so with
    // probability 0.367^4 = 0.018, though every branch's deterministic value is the same.
    let branches = 4;
    let mut text = String::from(CONTINUOUS);
    for b in 0..branches {
        text += &format!(
            "\n[[tasks]]\nid = \"b{b}\"\nestimate = {{ min = 0, likely = 10, max = 40, dist = \"pert\" }}\n"
        );
    }
    let deps: Vec<String> = (0..branches).map(|b| format!("\"b{b}\"")).collect();
    text += &format!(
        "\n[[tasks]]\nid = \"merge\"\ndepends_on = [{}]\nestimate = 2\n",
        deps.join(", ")
    );
    let model = compile(&text);
    let (_, report) = run(&model, N, 150);
    assert_eq!(report.deterministic.duration_days, 12.0);
    let p1 = beta_reg(2.0, 4.0, 0.25);
    assert!((p1 - 0.3672).abs() < 1e-4);
    let expected = p1.powi(branches);
    let got = report.deterministic.probability_on_time;
    let se = (expected * (1.0 - expected) / N as f64).sqrt();
    assert!(
        (got - expected).abs() <= K * se,
        "probability on time {got} vs {expected}"
    );
    assert!(got < 0.3);

    // One branch alone finishes by the deterministic date far more often.
    let (_, _, alone) = single("{ min = 0, likely = 10, max = 40, dist = \"pert\" }", 151);
    let p = alone.deterministic.probability_on_time;
    assert!(
        (p - p1).abs() <= K * (p1 * (1.0 - p1) / N as f64).sqrt(),
        "{p}"
    );

    // The same with risk levels: five `high` branches of most likely 10 days merging.
    let mut text = format!(
        "{CONTINUOUS}\n[[tasks]]\nid = \"merge\"\ndepends_on = [\"r0\", \"r1\", \"r2\", \"r3\", \"r4\"]\nestimate = 1\n"
    );
    for b in 0..5 {
        text +=
            &format!("\n[[tasks]]\nid = \"r{b}\"\nestimate = {{ likely = 10, risk = \"high\" }}\n");
    }
    let (_, report) = run(&compile(&text), N, 152);
    let got = report.deterministic.probability_on_time;
    assert!(got < 0.3, "probability on time {got}");
    let (_, _, one) = single("{ likely = 10, risk = \"high\" }", 153);
    assert!(got < one.deterministic.probability_on_time / 3.0);
    // And the buffer is what covers it: positive at the target confidence.
    assert!(report.buffer.days > 0.0);
}

#[test]
fn a_fixed_task_reports_its_value_and_a_mixture_its_atoms_within_the_resolution() {
    let model = compile(&format!(
        "{CONTINUOUS}
[[tasks]]
id = \"fixed\"
estimate = 10

[[tasks]]
id = \"risky\"
estimate = 10

[[risks]]
id = \"late\"
probability = 0.3
tasks = [\"risky\"]
delay = 5
"
    ));
    let (_, report) = run(&model, 20_000, 3);
    let fixed = &report.tasks[0].duration_days;
    assert_eq!(fixed.std, 0.0);
    for (p, x) in percentiles(fixed) {
        assert_eq!(x, 10.0, "P{}", p * 100.0);
    }
    // About 30% of iterations at 15, the rest at 10: each percentile is its atom.
    let risky = &report.tasks[1].duration_days;
    for (p, x) in percentiles(risky) {
        let atom = if p <= 0.5 { 10.0 } else { 15.0 };
        assert!(
            (x - atom).abs() <= riskplan::engine::histogram::Histogram::resolution(atom),
            "P{} = {x}",
            p * 100.0
        );
    }
}

/// Value stability on the example project with its Spot plan: risks, correlations, level of
/// effort, fixed costs, Spot interruptions and price variability, random and Latin hypercube.
#[test]
fn the_numbers_of_a_seed_are_pinned_on_the_example_spot_plan() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dl-project.toml");
    let text = std::fs::read_to_string(path).expect("the example");
    let model = crate::common::compile_with(&text, &riskplan::model::CompileOptions::plan("spot"));
    let pinned = |sampling| -> Vec<(f64, f64, f64)> {
        let opts = SimOptions { seed: 42, sampling };
        let out = engine::simulate(&model, opts, 0..3, &|_| {});
        let c = &out.columns;
        let cost = c.total_cost();
        (0..3)
            .map(|i| (c.finish[i], cost[i], c.interruptions[i]))
            .collect()
    };
    assert_eq!(pinned(Sampling::Random), PINNED_EXAMPLE_RANDOM);
    assert_eq!(pinned(Sampling::LatinHypercube), PINNED_EXAMPLE_LHS);
}

const PINNED_EXAMPLE_RANDOM: [(f64, f64, f64); 3] = [
    (199.27273038733796, 368782.3474826356, 122.0),
    (227.19870859935736, 420358.87090483203, 164.0),
    (210.79465326386722, 391422.1250304506, 164.0),
];
const PINNED_EXAMPLE_LHS: [(f64, f64, f64); 3] = [
    (198.20935984413194, 366152.005739173, 133.0),
    (206.15642066160123, 383424.8717781704, 140.0),
    (206.55979713945345, 385956.7275776825, 169.0),
];
