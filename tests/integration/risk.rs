//! Risk modelling against closed forms: risk events as mixtures, correlated tasks, level of
//! effort, sensitivity, joint confidence, convergence, Latin hypercube sampling, and the
//! messages for bad risk input. Tolerances are 4 Monte Carlo standard errors, computed from
//! the sample itself, so every check fails when the rule it checks is broken by more than
//! the noise.

use assert_cmd::Command;
use riskplan::analysis;
use riskplan::engine::{self, Outcomes, Sampling, SimOptions};
use riskplan::model::Model;
use riskplan::report::Report;

use crate::common;

/// A scenario on the continuous calendar (durations are plain days).
fn continuous(body: &str) -> Model {
    common::compile(&format!("{}{body}", common::CONTINUOUS))
}

fn simulate(model: &Model, n: usize, seed: u64) -> Outcomes {
    engine::simulate(model, SimOptions::new(seed), 0..n as u64, &|_| {})
}

/// Sample moments with the standard errors of the mean and of the variance.
#[derive(Debug, Clone, Copy)]
struct Moments {
    mean: f64,
    var: f64,
    se_mean: f64,
    se_var: f64,
}

fn moments(xs: &[f64]) -> Moments {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let m2 = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
    Moments {
        mean,
        var: m2 * n / (n - 1.0),
        se_mean: (m2 / n).sqrt(),
        se_var: ((m4 - m2 * m2).max(0.0) / n).sqrt(),
    }
}

/// `actual` is within 4 standard errors of `expected`.
#[track_caller]
fn within(actual: f64, expected: f64, se: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= 4.0 * se + 1e-12,
        "{what}: got {actual}, expected {expected} (4 SE = {})",
        4.0 * se
    );
}

/// The standard error of an estimated share `p` over `n` iterations.
fn share_se(p: f64, n: usize) -> f64 {
    (p * (1.0 - p) / n as f64).sqrt()
}

fn share(xs: &[f64], pred: impl Fn(f64) -> bool) -> f64 {
    xs.iter().filter(|&&x| pred(x)).count() as f64 / xs.len() as f64
}

fn task<'a>(report: &'a Report, id: &str) -> &'a riskplan::report::TaskReport {
    report
        .tasks
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("task `{id}` in the report"))
}

// ---------------------------------------------------------------------------------------------
// 1. Risk events are mixtures.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_fixed_delay_event_is_a_two_point_mixture() {
    let model = continuous(
        r#"
[[tasks]]
id = "build"
estimate = 10

[[risks]]
id = "rework"
probability = 0.3
tasks = ["build"]
delay = 5
cost = 2000
"#,
    );
    let n = 200_000;
    let (out, report) = common::run(&model, n, 11);
    let finish = out.columns.finish.clone();
    assert!(
        finish.iter().all(|&f| f == 10.0 || f == 15.0),
        "every iteration is the task alone or the task plus the whole delay"
    );
    let p15 = share(&finish, |f| f == 15.0);
    within(p15, 0.3, share_se(0.3, n), "P(duration = 15)");
    let m = moments(&finish);
    within(m.mean, 11.5, m.se_mean, "mean duration");
    within(
        m.var,
        25.0 * 0.3 * 0.7,
        m.se_var,
        "variance of the duration",
    );

    // The register's figures.
    let risk = &report.risks[0];
    assert_eq!(risk.id, "rework");
    assert_eq!(risk.probability, 0.3);
    assert!(!risk.mitigated);
    assert_eq!(
        risk.occurred, p15,
        "occurred is the share of iterations it hit"
    );
    assert_eq!(
        risk.impact_days,
        Some(5.0),
        "the target percentile moves by the delay"
    );
    assert_eq!(risk.impact_cost, Some(2000.0));

    // Its cost: paid only when it occurs.
    let risk_cost = out.columns.cost_risk.clone();
    let occurred = out.columns.risk_occurred[0]
        .iter()
        .map(|&b| b as u8 as f64)
        .collect::<Vec<f64>>();
    for ((c, o), f) in risk_cost.iter().zip(&occurred).zip(&finish) {
        assert_eq!(*c, if *o > 0.5 { 2000.0 } else { 0.0 });
        assert_eq!(*o > 0.5, *f == 15.0, "the delay and the cost come together");
    }
    within(
        report.cost.by_category.risk.mean,
        0.3 * 2000.0,
        2000.0 * share_se(0.3, n),
        "mean risk cost",
    );
    within(
        report.cost.stats.mean,
        0.3 * 2000.0,
        2000.0 * share_se(0.3, n),
        "mean total cost",
    );
    // The deterministic plan is the plan as written: no event occurs.
    assert_eq!(report.deterministic.duration_days, 10.0);
    assert_eq!(report.deterministic.cost, 0.0);
}

#[test]
fn an_uncertain_delay_follows_the_mixture_formula() {
    let model = continuous(
        r#"
[[tasks]]
id = "build"
estimate = 10

[[risks]]
id = "rework"
probability = 0.3
tasks = ["build"]
delay = { min = 2, max = 8, dist = "uniform" }
"#,
    );
    let n = 200_000;
    let (out, report) = common::run(&model, n, 12);
    let finish = out.columns.finish.clone();
    let occurred = out.columns.risk_occurred[0]
        .iter()
        .map(|&b| b as u8 as f64)
        .collect::<Vec<f64>>();
    for (f, o) in finish.iter().zip(&occurred) {
        if *o > 0.5 {
            assert!((12.0..=18.0).contains(f), "hit: 10 + 2..8, got {f}");
        } else {
            assert_eq!(*f, 10.0);
        }
    }
    // D = 10 + B X, B ~ Bernoulli(p), X ~ U(2, 8): E = 10 + p E[X],
    // Var = p (Var X + E[X]^2) - (p E[X])^2.
    let (p, ex, vx) = (0.3, 5.0, 36.0 / 12.0);
    let m = moments(&finish);
    within(m.mean, 10.0 + p * ex, m.se_mean, "mean duration");
    within(
        m.var,
        p * (vx + ex * ex) - (p * ex).powi(2),
        m.se_var,
        "variance of the duration",
    );
    // The shift of the target percentile (P80): 10 + U(2, 8) at 0.8 against 10.
    assert_eq!(report.confidence, 0.8);
    let shift = report.risks[0]
        .impact_days
        .expect("it occurs and it does not");
    // The P80 of about 60,000 uniform draws over a width of 6: SE about 0.01.
    assert!(
        (shift - 6.8).abs() < 0.05,
        "impact_days {shift}, expected 6.8"
    );
}

#[test]
fn a_delay_fraction_scales_the_sampled_duration() {
    let model = continuous(
        r#"
[[tasks]]
id = "build"
estimate = { min = 8, max = 12, dist = "uniform" }

[[risks]]
id = "scope-creep"
probability = 0.3
tasks = ["build"]
delay_fraction = 0.5
"#,
    );
    let n = 200_000;
    let out = simulate(&model, n, 13);
    let finish = out.columns.finish.clone();
    let occurred = out.columns.risk_occurred[0]
        .iter()
        .map(|&b| b as u8 as f64)
        .collect::<Vec<f64>>();
    for (f, o) in finish.iter().zip(&occurred) {
        let range = if *o > 0.5 { 12.0..=18.0 } else { 8.0..=12.0 };
        assert!(range.contains(f), "occurred = {o}: {f} not in {range:?}");
    }
    // D = T (1 + 0.5 B): E = E[T] (1 + 0.5 p), E[D^2] = E[T^2] E[(1 + 0.5 B)^2].
    let (p, et, vt) = (0.3, 10.0, 16.0 / 12.0);
    let mean = et * (1.0 + 0.5 * p);
    let second = (vt + et * et) * ((1.0 - p) + p * 1.5 * 1.5);
    let m = moments(&finish);
    within(m.mean, mean, m.se_mean, "mean duration");
    within(
        m.var,
        second - mean * mean,
        m.se_var,
        "variance of the duration",
    );
}

#[test]
fn a_delay_fraction_is_of_the_drawn_duration_whatever_else_hits_the_task() {
    // Three certain events on one 10-day task: +3 days, then +50% and +50% of the drawn 10
    // days: 10 + 3 + 5 + 5 = 23, not compounded ((10 + 3) x 1.5 x 1.5 = 29.25), in either
    // order of the register. The same for a compute task's hours.
    let events = [
        "[[risks]]\nid = \"late\"\nprobability = 1\ntasks = [\"build\", \"train\"]\ndelay = 3\n",
        "[[risks]]\nid = \"half\"\nprobability = 1\ntasks = [\"build\", \"train\"]\ndelay_fraction = 0.5\n",
        "[[risks]]\nid = \"again\"\nprobability = 1\ntasks = [\"build\", \"train\"]\ndelay_fraction = 0.5\n",
    ];
    let tasks = "[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 1\n\n\
                 [[tasks]]\nid = \"build\"\nestimate = 10\n\n\
                 [[tasks]]\nid = \"train\"\ndepends_on = [\"build\"]\ncompute = { instance = \"gpu\", hours = 240 }\n\n";
    for order in [[0, 1, 2], [1, 2, 0], [2, 0, 1]] {
        let body = format!(
            "{tasks}{}",
            order
                .iter()
                .map(|&k| events[k])
                .collect::<Vec<_>>()
                .join("\n")
        );
        let model = continuous(&body);
        let (out, report) = common::run(&model, 100, 16);
        // build: 23 days; train: 240 h + 72 h + 120 h + 120 h = 552 h = 23 days.
        assert!(
            out.columns.finish.clone().iter().all(|&f| f == 46.0),
            "{order:?}: {:?}",
            &out.columns.finish.clone()[..3]
        );
        assert_eq!(report.tasks[0].duration_days.mean, 23.0, "{order:?}");
        assert!(
            (report.tasks[1].duration_days.mean - 23.0).abs() < 1e-6,
            "{order:?}"
        );
    }
}

#[test]
fn an_event_hitting_two_tasks_of_a_chain_hits_them_together() {
    let model = continuous(
        r#"
[[tasks]]
id = "label"
estimate = 10

[[tasks]]
id = "tune"
depends_on = ["label"]
estimate = 10

[[risks]]
id = "labels-redo"
probability = 0.3
tasks = ["label", "tune"]
delay = 3
"#,
    );
    let n = 200_000;
    let out = simulate(&model, n, 14);
    let finish = out.columns.finish.clone();
    // One draw per iteration: never one task delayed without the other (23 days).
    assert!(
        finish.iter().all(|&f| f == 20.0 || f == 26.0),
        "the event delays both tasks or neither"
    );
    let (p, d) = (0.3, 3.0);
    let m = moments(&finish);
    within(m.mean, 20.0 + p * 2.0 * d, m.se_mean, "mean of the chain");
    within(
        m.var,
        (2.0 * d).powi(2) * p * (1.0 - p),
        m.se_var,
        "variance of the chain (perfect co-occurrence)",
    );
}

const MITIGATED: &str = r#"
[[tasks]]
id = "build"
estimate = 10

[[risks]]
id = "outage"
probability = 0.4
tasks = ["build"]
delay = 5
cost = 1000
mitigation = { probability = 0.1, delay = 2, mitigation_cost = 300 }
"#;

#[test]
fn mitigation_puts_the_post_mitigation_risk_in_force_and_pays_for_it() {
    let n = 100_000;
    let model = continuous(MITIGATED);

    // Before: the raw risk, no mitigation cost.
    let (out, report) = common::run(&model, n, 15);
    assert_eq!(model.mitigation_cost(), 0.0);
    assert!(out.columns.cost_fixed.clone().iter().all(|&c| c == 0.0));
    assert!(!report.risks[0].mitigated);
    within(
        report.risks[0].occurred,
        0.4,
        share_se(0.4, n),
        "raw occurrence",
    );
    let m = moments(&out.columns.finish.clone());
    within(m.mean, 10.0 + 0.4 * 5.0, m.se_mean, "raw mean duration");

    // After: the mitigated probability and delay, and the mitigation paid in every iteration.
    let model = common::compile_with(
        &format!("{}{MITIGATED}", common::CONTINUOUS),
        &riskplan::model::CompileOptions {
            mitigations: riskplan::model::Mitigations::All,
            ..Default::default()
        },
    );
    assert_eq!(model.mitigation_cost(), 300.0);
    let (out, report) = common::run(&model, n, 15);
    let risk = &report.risks[0];
    assert!(risk.mitigated);
    assert_eq!(risk.probability, 0.1);
    within(risk.occurred, 0.1, share_se(0.1, n), "mitigated occurrence");
    let finish = out.columns.finish.clone();
    assert!(finish.iter().all(|&f| f == 10.0 || f == 12.0));
    let m = moments(&finish);
    within(
        m.mean,
        10.0 + 0.1 * 2.0,
        m.se_mean,
        "mitigated mean duration",
    );
    assert!(
        out.columns.cost_fixed.clone().iter().all(|&c| c == 300.0),
        "the mitigation's cost is paid in every iteration"
    );
    within(
        report.cost.stats.mean,
        300.0 + 0.1 * 1000.0,
        1000.0 * share_se(0.1, n),
        "mitigated mean cost",
    );
    assert_eq!(report.deterministic.cost, 300.0);
}

#[test]
fn the_cli_mitigated_flag_applies_the_mitigation() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let scenario = dir.path().join("risky.toml");
    std::fs::write(&scenario, format!("{}{MITIGATED}", common::CONTINUOUS)).expect("written");
    let run = |mitigated: bool| -> serde_json::Value {
        let json = dir.path().join(format!("report-{mitigated}.json"));
        let mut cmd = Command::cargo_bin("riskplan").expect("the binary");
        cmd.arg("run")
            .arg(&scenario)
            .args(["-n", "20000", "--seed", "3", "-q", "--json"])
            .arg(&json);
        if mitigated {
            cmd.arg("--mitigated");
        }
        cmd.assert().success();
        serde_json::from_slice(&std::fs::read(&json).expect("the report")).expect("JSON")
    };
    let raw = run(false);
    let post = run(true);
    assert_eq!(raw["risks"][0]["probability"], 0.4);
    assert_eq!(raw["risks"][0]["mitigated"], false);
    assert_eq!(raw["cost"]["by_category"]["fixed"]["p10"], 0.0);
    assert_eq!(post["risks"][0]["probability"], 0.1);
    assert_eq!(post["risks"][0]["mitigated"], true);
    assert_eq!(post["cost"]["by_category"]["fixed"]["p10"], 300.0);
    assert_eq!(post["cost"]["by_category"]["fixed"]["p99"], 300.0);
    let occurred = post["risks"][0]["occurred"].as_f64().expect("a number");
    within(
        occurred,
        0.1,
        share_se(0.1, 20_000),
        "CLI mitigated occurrence",
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Correlation.
// ---------------------------------------------------------------------------------------------

fn two_normal_tasks(rho: f64) -> Model {
    continuous(&format!(
        r#"
[[tasks]]
id = "a"
estimate = {{ mean = 10, sd = 2, dist = "normal" }}

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = {{ mean = 10, sd = 2, dist = "normal" }}

[[correlations]]
tasks = ["a", "b"]
coefficient = {rho}
"#
    ))
}

#[test]
fn the_variance_of_two_correlated_normal_tasks_is_the_closed_form() {
    let n = 200_000;
    // A coefficient of exactly 1 is consistent (a singular matrix): no "inconsistent" warning.
    for (k, rho) in [0.0, 0.3, 0.6, 0.9, 0.99, 1.0, -0.5]
        .into_iter()
        .enumerate()
    {
        let model = two_normal_tasks(rho);
        assert!(model.warnings.is_empty(), "{rho}: {:?}", model.warnings);
        let out = simulate(&model, n, 100 + k as u64);
        let m = moments(&out.columns.finish.clone());
        within(m.mean, 20.0, m.se_mean, &format!("mean at rho = {rho}"));
        within(
            m.var,
            4.0 + 4.0 + 2.0 * rho * 4.0,
            m.se_var,
            &format!("variance of the sum at rho = {rho}"),
        );
        // The two durations themselves: Pearson correlation rho (normal marginals).
        let k_sample = out.sample_len() as u64;
        assert_eq!(k_sample, engine::SAMPLE_ITERATIONS);
        let (a, b) = (
            model.task_index("a").unwrap(),
            model.task_index("b").unwrap(),
        );
        let xa: Vec<f64> = out.sampled_durations(a).iter().map(|&x| x as f64).collect();
        let xb: Vec<f64> = out.sampled_durations(b).iter().map(|&x| x as f64).collect();
        let r = analysis::sensitivity::pearson(&xa, &xb);
        within(
            r,
            rho,
            (1.0 - rho * rho).max(1e-3) / (k_sample as f64).sqrt(),
            &format!("sample correlation at rho = {rho}"),
        );
    }
}

#[test]
fn correlation_widens_a_chain_and_leaves_its_mean_alone() {
    let chain = |correlated: bool| {
        let mut body = String::new();
        for i in 0..5 {
            body.push_str(&format!(
                "[[tasks]]\nid = \"t{i}\"\nestimate = {{ min = 5, likely = 8, max = 20, dist = \"pert\" }}\n"
            ));
            if i > 0 {
                body.push_str(&format!("depends_on = [\"t{}\"]\n", i - 1));
            }
        }
        if correlated {
            body.push_str(
                "[[correlations]]\ntasks = [\"t0\", \"t1\", \"t2\", \"t3\", \"t4\"]\ncoefficient = 0.6\n",
            );
        }
        continuous(&body)
    };
    let n = 100_000;
    let (out_i, rep_i) = common::run(&chain(false), n, 21);
    let (out_c, rep_c) = common::run(&chain(true), n, 22);
    let mi = moments(&out_i.columns.finish.clone());
    let mc = moments(&out_c.columns.finish.clone());
    // Means: the copula keeps each task's distribution, so the sum's mean is unchanged.
    let pert_mean = 5.0 * (5.0 + 4.0 * 8.0 + 20.0) / 6.0;
    within(mi.mean, pert_mean, mi.se_mean, "independent chain mean");
    within(mc.mean, pert_mean, mc.se_mean, "correlated chain mean");
    within(
        mc.mean - mi.mean,
        0.0,
        (mi.se_mean.powi(2) + mc.se_mean.powi(2)).sqrt(),
        "difference of the means",
    );
    // Spread: with pairwise rank correlation near 0.6, Var grows by about 1 + 4 x 0.58.
    let sd_ratio = rep_c.duration_days.std / rep_i.duration_days.std;
    assert!(
        sd_ratio > 1.5,
        "correlation must widen the chain: sd {} vs {} (ratio {sd_ratio})",
        rep_c.duration_days.std,
        rep_i.duration_days.std
    );
    let range = |r: &Report| r.duration_days.p90 - r.duration_days.p10;
    assert!(
        range(&rep_c) > 1.5 * range(&rep_i),
        "P90 - P10: {} vs {}",
        range(&rep_c),
        range(&rep_i)
    );
    // Each task keeps its own distribution.
    for t in &rep_c.tasks {
        let ti = task(&rep_i, &t.id);
        assert!(
            (t.duration_days.mean - ti.duration_days.mean).abs() < 0.05,
            "task `{}` mean {} vs {}",
            t.id,
            t.duration_days.mean,
            ti.duration_days.mean
        );
    }
}

#[test]
fn an_inconsistent_correlation_set_is_repaired_with_a_warning() {
    let model = continuous(
        r#"
[[tasks]]
id = "a"
estimate = { mean = 10, sd = 2, dist = "normal" }

[[tasks]]
id = "b"
estimate = { mean = 10, sd = 2, dist = "normal" }

[[tasks]]
id = "c"
estimate = { mean = 10, sd = 2, dist = "normal" }

[[correlations]]
tasks = ["a", "b"]
coefficient = 0.9

[[correlations]]
tasks = ["b", "c"]
coefficient = 0.9

[[correlations]]
tasks = ["a", "c"]
coefficient = -0.9
"#,
    );
    assert_eq!(model.warnings.len(), 1, "{:?}", model.warnings);
    let w = &model.warnings[0];
    assert!(w.contains("inconsistent") && w.contains("repaired"), "{w}");
    let (out, report) = common::run(&model, 20_000, 31);
    assert_eq!(report.warnings, model.warnings);
    assert!(report.duration_days.mean.is_finite() && report.duration_days.std > 0.0);
    // The repaired set keeps the signs the user gave.
    let col = |id: &str| -> Vec<f64> {
        let i = model.task_index(id).unwrap();
        out.sampled_durations(i).iter().map(|&x| x as f64).collect()
    };
    let (a, b, c) = (col("a"), col("b"), col("c"));
    use analysis::sensitivity::pearson;
    assert!(pearson(&a, &b) > 0.2, "a~b {}", pearson(&a, &b));
    assert!(pearson(&b, &c) > 0.2, "b~c {}", pearson(&b, &c));
    assert!(pearson(&a, &c) < -0.2, "a~c {}", pearson(&a, &c));
}

// ---------------------------------------------------------------------------------------------
// 3. Level of effort.
// ---------------------------------------------------------------------------------------------

fn loe_plan(with_loe: bool, estimates: [&str; 4]) -> Model {
    let mut text = String::from(
        r#"
[project]
name = "loe"
start = 2027-01-04

[[people]]
role = "eng"
rate_per_day = 500

[[people]]
role = "pm"
rate_per_day = 800
"#,
    );
    for (i, (id, est)) in ["a", "b", "c", "d"].iter().zip(estimates).enumerate() {
        text.push_str(&format!(
            "[[tasks]]\nid = \"{id}\"\nestimate = {est}\npeople = {{ eng = 1 }}\n"
        ));
        if i > 0 {
            text.push_str(&format!("depends_on = [\"{}\"]\n", ["a", "b", "c"][i - 1]));
        }
    }
    if with_loe {
        text.push_str(
            "[[tasks]]\nid = \"pm\"\nlevel_of_effort = { from = \"b\", to = \"c\" }\npeople = { pm = 0.5 }\n",
        );
    }
    common::compile(&text)
}

#[test]
fn level_of_effort_costs_rate_times_span_and_does_not_move_the_finish() {
    let fixed = ["5", "3", "4", "2"];
    let with = loe_plan(true, fixed);
    let without = loe_plan(false, fixed);
    let (_, r) = common::run(&with, 2_000, 41);
    let (_, r0) = common::run(&without, 2_000, 41);
    // From the start of b (after 5 working days) to the finish of c (after 12): 7 working
    // days, across a weekend that does not count.
    let span = 7.0;
    let loe_cost = 0.5 * 800.0 * span;
    let eng_cost = 500.0 * (5.0 + 3.0 + 4.0 + 2.0);
    for s in [
        &r.cost.by_category.people.mean,
        &r.cost.by_category.people.p10,
        &r.cost.by_category.people.p99,
    ] {
        assert!((s - (eng_cost + loe_cost)).abs() < 1e-6, "people cost {s}");
    }
    assert!((r0.cost.by_category.people.mean - eng_cost).abs() < 1e-6);
    assert!((r.deterministic.person_days["pm"] - 0.5 * span).abs() < 1e-9);
    assert!(r.reserve.person_days["pm"].abs() < 1e-9);
    assert!((r.deterministic.cost - (eng_cost + loe_cost)).abs() < 1e-6);
    // The schedule is the same with and without it.
    assert_eq!(r.duration_days, r0.duration_days);
    assert_eq!(r.deterministic.duration_days, 14.0);
    assert_eq!(r.finish_date, r0.finish_date);
    assert_eq!(r.deterministic.critical_path, ["a", "b", "c", "d"]);
    // It is not a task of the network.
    let ids: Vec<&str> = r.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
}

#[test]
fn an_uncertain_level_of_effort_costs_rate_times_the_expected_span() {
    let u = "{ min = 2, max = 6, dist = \"uniform\" }";
    let model = loe_plan(true, ["5", u, u, "2"]);
    let n = 100_000;
    let out = simulate(&model, n, 42);
    // People cost = eng 500 x (5 + b + c + 2) + pm 400 x (b + c), b, c ~ U(2, 6).
    let m = moments(&out.columns.cost_people.clone());
    within(
        m.mean,
        500.0 * 15.0 + 400.0 * 8.0,
        m.se_mean,
        "mean people cost",
    );
    let role =
        out.columns.role_days[model.roles.iter().position(|r| r.name == "pm").unwrap()].clone();
    let mp = moments(&role);
    within(mp.mean, 0.5 * 8.0, mp.se_mean, "mean pm person-days");
    within(
        mp.var,
        0.25 * 2.0 * 16.0 / 12.0,
        mp.se_var,
        "variance of pm person-days",
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Sensitivity.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_task_that_dominates_the_variance_is_the_top_driver() {
    let model = continuous(
        r#"
[[tasks]]
id = "n1"
estimate = { min = 9, likely = 10, max = 11, dist = "pert" }

[[tasks]]
id = "wide"
depends_on = ["n1"]
estimate = { min = 5, likely = 10, max = 40, dist = "pert" }

[[tasks]]
id = "n2"
depends_on = ["wide"]
estimate = { min = 9, likely = 10, max = 11, dist = "pert" }

[[tasks]]
id = "n3"
depends_on = ["n2"]
estimate = { min = 9, likely = 10, max = 11, dist = "pert" }

[[tasks]]
id = "n4"
depends_on = ["n3"]
estimate = { min = 9, likely = 10, max = 11, dist = "pert" }

[[tasks]]
id = "side"
estimate = { min = 1, likely = 2, max = 6, dist = "pert" }
"#,
    );
    let (_, report) = common::run(&model, 50_000, 51);
    let top = |key: fn(&riskplan::report::TaskReport) -> f64| {
        report
            .tasks
            .iter()
            .max_by(|a, b| key(a).total_cmp(&key(b)))
            .map(|t| t.id.clone())
            .unwrap()
    };
    assert_eq!(top(|t| t.sensitivity), "wide");
    assert_eq!(top(|t| t.ssi), "wide");
    let wide = task(&report, "wide");
    assert!(wide.sensitivity > 0.9, "wide: {}", wide.sensitivity);
    assert!(wide.ssi > 0.9, "wide ssi: {}", wide.ssi);
    for id in ["n1", "n2", "n3", "n4"] {
        let t = task(&report, id);
        assert!(t.sensitivity < 0.3, "{id}: {}", t.sensitivity);
        assert!(t.ssi < 0.2, "{id}: {}", t.ssi);
        assert_eq!(t.criticality, 1.0);
    }
    // SSI = criticality x the task's sd / the project's, against the PERT closed forms
    // (variance (mean - min)(max - mean)/7): wide 14.17 +- 5.82, each n 10 +- 0.378, the
    // project (always through them all) sd sqrt(33.83 + 4/7) = 5.865. Within 3% (the sds of
    // 50,000 draws are known to about 0.5%): a rule on variances (0.98 and 0.004) fails.
    let pert_var = |a: f64, m: f64, b: f64| {
        let mean = (a + 4.0 * m + b) / 6.0;
        (mean - a) * (b - mean) / 7.0
    };
    let (var_wide, var_n) = (pert_var(5.0, 10.0, 40.0), pert_var(9.0, 10.0, 11.0));
    let sd_project = (var_wide + 4.0 * var_n).sqrt();
    let close = |got: f64, want: f64, what: &str| {
        assert!(
            (got / want - 1.0).abs() < 0.03,
            "{what}: SSI {got}, expected {want}"
        );
    };
    close(wide.ssi, var_wide.sqrt() / sd_project, "wide");
    for id in ["n1", "n2", "n3", "n4"] {
        close(task(&report, id).ssi, var_n.sqrt() / sd_project, id);
    }
    // Off the critical path (at most 6 days against at least 41): no influence.
    let side = task(&report, "side");
    assert_eq!(side.criticality, 0.0);
    assert_eq!(side.ssi, 0.0);
    assert!(
        side.sensitivity.abs() < 4.0 / (report.sensitivity_iterations as f64).sqrt(),
        "side: {}",
        side.sensitivity
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Joint confidence.
// ---------------------------------------------------------------------------------------------

/// The share of iterations that finish within `days` and cost at most `budget`.
fn joint_share(out: &Outcomes, model: &Model, days: f64, budget: f64) -> f64 {
    let finish = out.columns.finish.clone();
    let cost = out.columns.total_cost();
    finish
        .iter()
        .zip(&cost)
        .filter(|&(&f, &c)| model.project_days(f) <= days && c <= budget)
        .count() as f64
        / finish.len() as f64
}

fn check_frontier(out: &Outcomes, model: &Model, report: &Report) {
    let f = &report.joint.frontier;
    assert!(!f.is_empty());
    for w in f.windows(2) {
        assert!(w[0].duration_days <= w[1].duration_days, "{f:?}");
        assert!(w[0].budget >= w[1].budget, "{f:?}");
    }
    for p in f {
        let s = joint_share(out, model, p.duration_days, p.budget);
        assert!(
            s >= report.confidence,
            "frontier point ({}, {}) reaches only {s}",
            p.duration_days,
            p.budget
        );
    }
}

#[test]
fn joint_confidence_of_independent_time_and_cost_is_the_product() {
    // Time from the task's duration, cost only from its independent fixed cost.
    let model = common::compile(
        r#"
[project]
name = "joint"
start = 2027-01-04
calendar = "continuous"
deadline = 2027-01-25
budget = 10500

[[tasks]]
id = "work"
estimate = { mean = 20, sd = 3, dist = "normal" }
cost = { mean = 10000, sd = 1000, dist = "normal" }
"#,
    );
    let n = 200_000;
    let (out, report) = common::run(&model, n, 61);
    let end = model.end_of(model.deadline.unwrap());
    let finish = out.columns.finish.clone();
    let cost = out.columns.total_cost();
    let both = finish
        .iter()
        .zip(&cost)
        .filter(|&(&f, &c)| f <= end && c <= 10500.0)
        .count() as f64
        / n as f64;
    let joint = report
        .joint
        .probability
        .expect("deadline and budget are set");
    assert_eq!(joint, both, "the share of iterations meeting both");
    let pd = report.deadline.as_ref().unwrap().probability;
    let pb = report.budget.as_ref().unwrap().probability;
    assert!(joint <= pd.min(pb));
    within(joint, pd * pb, share_se(pd * pb, n), "joint vs product");
    // Against the closed forms too: deadline = 21 days of work + the last day.
    within(
        pd,
        0.5 + 0.5 * erf_approx(2.0 / 3.0 / 2f64.sqrt()),
        share_se(pd, n),
        "P(deadline)",
    );
    within(
        pb,
        0.5 + 0.5 * erf_approx(0.5 / 2f64.sqrt()),
        share_se(pb, n),
        "P(budget)",
    );
    check_frontier(&out, &model, &report);
}

/// erf by Abramowitz and Stegun 7.1.26 (error below 1.5e-7).
fn erf_approx(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let y = 1.0
        - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t
            + 0.254_829_592)
            * t
            * (-x * x).exp();
    y.copysign(x)
}

#[test]
fn joint_confidence_of_dependent_time_and_cost_is_above_the_product() {
    // Cost is the engineer's days: finishing late and going over budget are one event.
    let model = common::compile(
        r#"
[project]
name = "joint"
start = 2027-01-04
calendar = "continuous"
deadline = 2027-01-25
budget = 10500
confidence = 0.7

[[people]]
role = "eng"
rate_per_day = 500

[[tasks]]
id = "work"
estimate = { mean = 20, sd = 3, dist = "normal" }
people = { eng = 1 }
"#,
    );
    let n = 100_000;
    let (out, report) = common::run(&model, n, 62);
    let joint = report.joint.probability.unwrap();
    let pd = report.deadline.as_ref().unwrap().probability;
    let pb = report.budget.as_ref().unwrap().probability;
    assert!(joint <= pd.min(pb));
    // Cost <= 10500 is finish <= 21, which implies finishing by the deadline (22).
    assert_eq!(joint, pb);
    assert!(joint > pd * pb + 0.1, "joint {joint}, product {}", pd * pb);
    check_frontier(&out, &model, &report);
}

// ---------------------------------------------------------------------------------------------
// 6. Convergence.
// ---------------------------------------------------------------------------------------------

const CHAIN3: &str = r#"
[[tasks]]
id = "a"
estimate = { min = 5, likely = 8, max = 20, dist = "pert" }

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = { min = 2, likely = 4, max = 12, dist = "triangular" }

[[tasks]]
id = "c"
depends_on = ["b"]
estimate = { min = 3, likely = 5, max = 9, dist = "pert" }

[[risks]]
id = "slip"
probability = 0.2
tasks = ["c"]
delay = { min = 1, likely = 3, max = 6 }
"#;

#[test]
fn precision_extends_the_run_and_equals_a_plain_run_of_its_final_size() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let scenario = dir.path().join("chain.toml");
    std::fs::write(&scenario, format!("{}{CHAIN3}", common::CONTINUOUS)).expect("written");
    let report = |args: &[&str]| -> serde_json::Value {
        let json = dir.path().join("report.json");
        Command::cargo_bin("riskplan")
            .expect("the binary")
            .arg("run")
            .arg(&scenario)
            .args(args)
            .args(["-q", "--seed", "71", "--json"])
            .arg(&json)
            .assert()
            .success();
        serde_json::from_slice(&std::fs::read(&json).expect("the report")).expect("JSON")
    };
    let precision = 0.15;
    let start = 1_000u64;
    let mut converged = report(&["-n", "1000", "--precision", "0.15"]);
    let n = converged["iterations"].as_u64().expect("iterations");
    assert!(n > start, "it must take more than the first round");
    assert!(
        (n / start).is_power_of_two() && n.is_multiple_of(start),
        "rounds double: {n}"
    );
    let c = &converged["convergence"];
    assert_eq!(c["iterations"], n);
    assert_eq!(c["converged"], true);
    assert!(c["half_width_days"].as_f64().unwrap() <= precision, "{c}");
    // It stopped at the first round that was precise enough.
    let half = report(&["-n", &(n / 2).to_string()]);
    assert!(half["convergence"]["half_width_days"].as_f64().unwrap() > precision);
    // The same numbers as one run of the final size: only the precision asked for differs.
    let plain = report(&["-n", &n.to_string()]);
    assert_eq!(plain["convergence"]["converged"], serde_json::Value::Null);
    converged["convergence"]["precision_days"] = serde_json::Value::Null;
    converged["convergence"]["converged"] = serde_json::Value::Null;
    assert_eq!(converged, plain);
}

#[test]
fn the_cli_precision_flag_reports_convergence() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let scenario = dir.path().join("chain.toml");
    std::fs::write(&scenario, format!("{}{CHAIN3}", common::CONTINUOUS)).expect("written");
    let json = dir.path().join("report.json");
    Command::cargo_bin("riskplan")
        .expect("the binary")
        .arg("run")
        .arg(&scenario)
        .args(["-n", "1000", "--precision", "0.3", "-q", "--json"])
        .arg(&json)
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let c = &r["convergence"];
    assert_eq!(c["precision_days"], 0.3);
    assert_eq!(c["converged"], true);
    assert!(c["half_width_days"].as_f64().unwrap() <= 0.3);
    assert!(c["iterations"].as_u64().unwrap() > 1000);
    assert_eq!(c["iterations"], r["iterations"]);
}

// ---------------------------------------------------------------------------------------------
// 7. Latin hypercube sampling.
// ---------------------------------------------------------------------------------------------

#[test]
fn latin_hypercube_draws_one_value_per_stratum_in_each_block() {
    let model = continuous(
        r#"
[[tasks]]
id = "u"
estimate = { min = 0, max = 256, dist = "uniform" }
"#,
    );
    let opts = SimOptions {
        sampling: Sampling::LatinHypercube,
        ..SimOptions::new(81)
    };
    let out = engine::simulate(&model, opts, 0..1024, &|_| {});
    let finish = out.columns.finish.clone();
    for block in finish.chunks_exact(256) {
        let mut strata: Vec<usize> = block.iter().map(|&x| x.floor() as usize).collect();
        strata.sort_unstable();
        assert_eq!(strata, (0..256).collect::<Vec<_>>());
    }
    // The kept task durations (behind the rank correlations) are the same draws.
    assert_eq!(out.sample_len(), 1024);
    for (f, x) in finish.iter().zip(&out.sample) {
        assert!((f - *x as f64).abs() < 1e-4);
    }
}

#[test]
fn latin_hypercube_lowers_the_spread_of_the_mean_without_bias() {
    let mut body = String::new();
    let mut exact = 0.0;
    for i in 0..20 {
        let (min, likely, max) = (2.0 + i as f64 % 3.0, 5.0 + i as f64 % 4.0, 12.0 + i as f64);
        exact += (min + 4.0 * likely + max) / 6.0;
        body.push_str(&format!(
            "[[tasks]]\nid = \"t{i}\"\nestimate = {{ min = {min}, likely = {likely}, max = {max}, dist = \"pert\" }}\n"
        ));
        if i > 0 {
            body.push_str(&format!("depends_on = [\"t{}\"]\n", i - 1));
        }
    }
    let model = continuous(&body);
    let seeds = 40;
    let n = 2_048;
    let means = |sampling: Sampling| -> Vec<f64> {
        (0..seeds)
            .map(|seed| {
                let opts = SimOptions {
                    sampling,
                    ..SimOptions::new(1_000 + seed)
                };
                moments(&engine::simulate(&model, opts, 0..n, &|_| {}).columns.finish).mean
            })
            .collect()
    };
    let random = moments(&means(Sampling::Random));
    let lhs = moments(&means(Sampling::LatinHypercube));
    let (sd_random, sd_lhs) = (random.var.sqrt(), lhs.var.sqrt());
    assert!(
        sd_lhs <= 0.5 * sd_random,
        "sd of the mean across seeds: lhs {sd_lhs} vs random {sd_random}"
    );
    // Random sampling's spread is the textbook sd / sqrt(n).
    let sd_sum: f64 = model
        .tasks
        .iter()
        .map(|t| match &t.work {
            riskplan::model::Work::Duration(s) => s.variance(),
            _ => unreachable!(),
        })
        .sum::<f64>()
        .sqrt();
    let expected = sd_sum / (n as f64).sqrt();
    assert!(
        sd_random > 0.6 * expected && sd_random < 1.4 * expected,
        "random: {sd_random} vs {expected}"
    );
    // Both unbiased, against the closed-form sum of PERT means. LHS is so precise (4 SE is
    // about 0.004 days here) that it would see a sampler whose mean is off by 1e-4 of the
    // ranges.
    within(random.mean, exact, random.se_mean, "random grand mean");
    within(lhs.mean, exact, lhs.se_mean, "LHS grand mean");
}

// ---------------------------------------------------------------------------------------------
// 8. Bad input.
// ---------------------------------------------------------------------------------------------

const TWO_TASKS: &str = r#"
[[tasks]]
id = "label"
estimate = 5

[[tasks]]
id = "tune"
depends_on = ["label"]
estimate = 5
"#;

fn bad(extra: &str) -> String {
    common::compile_error(&format!("{}{TWO_TASKS}{extra}", common::CONTINUOUS))
}

#[track_caller]
fn says(msg: &str, parts: &[&str]) {
    assert!(msg.starts_with("test.toml:"), "no location: {msg}");
    for p in parts {
        assert!(msg.contains(p), "`{p}` missing from: {msg}");
    }
}

#[test]
fn a_probability_outside_zero_one_is_rejected() {
    for p in ["1.5", "-0.1"] {
        let msg = bad(&format!(
            "[[risks]]\nid = \"outage\"\nprobability = {p}\ntasks = [\"tune\"]\ndelay = 2\n"
        ));
        says(
            &msg,
            &[
                "risk `outage`",
                "between 0 and 1",
                &format!("got {p}"),
                "0.3",
            ],
        );
    }
    let msg = bad(
        "[[risks]]\nid = \"outage\"\nprobability = 0.3\ntasks = [\"tune\"]\ndelay = 2\nmitigation = { probability = 2.0 }\n",
    );
    says(&msg, &["risk `outage` mitigation", "between 0 and 1"]);
}

#[test]
fn a_coefficient_outside_minus_one_one_is_rejected() {
    for c in ["1.5", "-1.2"] {
        let msg = bad(&format!(
            "[[correlations]]\ntasks = [\"label\", \"tune\"]\ncoefficient = {c}\n"
        ));
        says(&msg, &["`label`", "`tune`", "between -1 and 1", c]);
    }
}

#[test]
fn an_event_hitting_an_unknown_task_is_rejected_with_a_suggestion() {
    let msg = bad("[[risks]]\nid = \"outage\"\nprobability = 0.3\ntasks = [\"tnue\"]\ndelay = 2\n");
    says(
        &msg,
        &[
            "risk `outage`",
            "unknown task `tnue`",
            "did you mean `tune`",
        ],
    );
}

#[test]
fn a_reversed_level_of_effort_span_is_rejected() {
    let msg =
        bad("[[tasks]]\nid = \"pm\"\nlevel_of_effort = { from = \"tune\", to = \"label\" }\n");
    says(
        &msg,
        &[
            "level-of-effort task `pm`",
            "`tune`",
            "`label`",
            "swap `from` and `to`",
        ],
    );
}

#[test]
fn a_level_of_effort_task_refuses_what_it_has_no_place_for() {
    let pm = "[[tasks]]\nid = \"pm\"\nlevel_of_effort = { from = \"label\", to = \"tune\" }\n";
    let msg = bad(&format!("{pm}cost = 500\n"));
    says(
        &msg,
        &["level-of-effort task `pm` cannot have `cost`", "remove it"],
    );
    let msg = bad(&format!(
        "{pm}milestone = \"m\"\ncalendar = \"continuous\"\n"
    ));
    says(
        &msg,
        &["cannot have `milestone`, `calendar`", "remove them"],
    );
}

#[test]
fn a_correlation_naming_a_task_twice_is_rejected() {
    let msg = bad("[[correlations]]\ntasks = [\"label\", \"label\"]\ncoefficient = 0.5\n");
    says(&msg, &["correlation", "`label` twice"]);
    let msg = bad("[[correlations]]\ntasks = [\"label\", \"tnue\"]\ncoefficient = 0.5\n");
    says(
        &msg,
        &["correlation", "unknown task `tnue`", "did you mean `tune`"],
    );
}

#[test]
fn a_task_depending_on_a_level_of_effort_task_is_rejected() {
    let msg = bad(
        "[[tasks]]\nid = \"pm\"\nlevel_of_effort = { from = \"label\", to = \"tune\" }\n\n[[tasks]]\nid = \"ship\"\ndepends_on = [\"pm\"]\nestimate = 1\n",
    );
    says(
        &msg,
        &[
            "task `ship`",
            "level-of-effort task `pm`",
            "depend on the tasks it spans",
        ],
    );
}

#[test]
fn a_risk_without_impact_is_rejected() {
    let msg = bad("[[risks]]\nid = \"vague\"\nprobability = 0.3\ntasks = [\"tune\"]\n");
    says(
        &msg,
        &[
            "risk `vague`",
            "no impact",
            "`delay`",
            "`delay_fraction`",
            "`cost`",
        ],
    );
    let msg = bad("[[risks]]\nid = \"floating\"\nprobability = 0.3\ndelay = 2\n");
    says(&msg, &["risk `floating`", "hits no task", "`tasks`"]);
}

// ---------------------------------------------------------------------------------------------
// 9. Reproducibility.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_same_seed_gives_the_same_report_on_any_thread_count() {
    let model = common::compile(&format!(
        "{}{}",
        r#"
[project]
name = "repro"
start = 2027-01-04
deadline = 2027-02-15
budget = 40000

[[people]]
role = "eng"
rate_per_day = 500

[[people]]
role = "pm"
rate_per_day = 800

[[tasks]]
id = "pm"
level_of_effort = { from = "a", to = "c" }
people = { pm = 0.5 }
"#,
        r#"
[[tasks]]
id = "a"
estimate = { min = 5, likely = 8, max = 20, dist = "pert" }
people = { eng = 1 }

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = { mean = 6, sd = 2, dist = "normal" }
people = { eng = 1 }

[[tasks]]
id = "c"
depends_on = ["a"]
estimate = { likely = 7, risk = "high" }
cost = { min = 500, likely = 800, max = 2000 }

[[tasks]]
id = "d"
depends_on = ["b", "c"]
estimate = { min = 1, likely = 2, max = 4, dist = "triangular" }

[[correlations]]
tasks = ["a", "b", "c"]
coefficient = 0.5

[[risks]]
id = "redo"
probability = 0.3
tasks = ["b", "c"]
delay = { min = 1, likely = 2, max = 5 }
cost = { min = 100, likely = 500, max = 900 }

[[risks]]
id = "creep"
probability = 0.2
tasks = ["d"]
delay_fraction = { min = 0.1, likely = 0.3, max = 0.8 }
"#
    ));
    let report = |threads: usize, sampling: Sampling| -> String {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let opts = SimOptions {
                sampling,
                ..SimOptions::new(91)
            };
            let out = engine::simulate(&model, opts, 0..20_001, &|_| {});
            let det = engine::deterministic(&model);
            serde_json::to_string(&analysis::analyse(&model, &det, &out)).unwrap()
        })
    };
    for sampling in [Sampling::LatinHypercube, Sampling::Random] {
        let one = report(1, sampling);
        assert_eq!(one, report(2, sampling), "{sampling:?}: 1 vs 2 threads");
        assert_eq!(one, report(3, sampling), "{sampling:?}: 1 vs 3 threads");
    }
    assert_ne!(
        report(2, Sampling::LatinHypercube),
        report(2, Sampling::Random)
    );
}

#[test]
fn empty_names_and_a_milestone_typo_are_refused() {
    let cases = [
        (
            "[[people]]\nrole = \" \"\nrate_per_day = 100\n",
            "a role needs a name that is not empty",
        ),
        (
            "[[risks]]\nid = \"\"\nprobability = 0.3\ntasks = [\"tune\"]\ndelay = 2\n",
            "a risk needs a name that is not empty",
        ),
        (
            "[[milestones]]\nid = \"\"\n",
            "a milestone needs a name that is not empty",
        ),
        (
            "[[instances]]\ntype = \"\"\non_demand_per_hour = 3\n",
            "an instance type needs a name that is not empty",
        ),
    ];
    for (extra, expected) in cases {
        says(&bad(extra), &[expected]);
    }
    let typo = "[[milestones]]\nid = \"data-ready\"\n\n[[tasks]]\nid = \"prep\"\nestimate = 1\nmilestone = \"data-ready\"\n\n[[tasks]]\nid = \"more\"\nestimate = 1\nmilestone = \"data-redy\"\n";
    says(
        &bad(typo),
        &[
            "task `more` names milestone `data-redy`, which no [[milestones]] entry declares",
            "did you mean `data-ready`?",
        ],
    );
    let empty = "[[tasks]]\nid = \"more\"\nestimate = 1\nmilestone = \"\"\n";
    says(
        &bad(empty),
        &["the milestone of task `more` needs a name that is not empty"],
    );
    // A milestone far from every declared one is a milestone of its own.
    let own = typo.replace("data-redy", "handover");
    let m = common::compile(&format!("{}{TWO_TASKS}{own}", common::CONTINUOUS));
    assert_eq!(m.milestones.len(), 2);
    // ... with a warning, since the others are declared.
    assert_eq!(
        m.warnings,
        [
            "milestone `handover` is named by a task but not declared in [[milestones]] like the others; declare it, or correct the task's `milestone`"
        ]
    );
    // Where none is declared, naming milestones in tasks is the way to make them.
    let undeclared = own.replace("[[milestones]]\nid = \"data-ready\"\n", "");
    let m = common::compile(&format!("{}{TWO_TASKS}{undeclared}", common::CONTINUOUS));
    assert_eq!(m.milestones.len(), 2);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn a_risk_level_override_of_no_level_is_a_typo_unless_defined_whole() {
    let msg = bad("[risk_levels.hihg]\nmax = 3\n");
    says(
        &msg,
        &[
            "risk level `hihg` is not one of high, low, medium, very_high",
            "give both `min` and `max`",
            "did you mean `high`?",
        ],
    );
    // Defined whole, it is a level of its own.
    let text = format!(
        "{}{TWO_TASKS}[risk_levels.extreme]\nmin = 0.7\nmax = 5\n",
        common::CONTINUOUS
    );
    common::compile(&text);
}
