//! Compute plans (Spot vs on-demand) through the whole engine and the `compare` command: the
//! mean run time against the closed form of Bougeret et al. (SC 2011), Spot without
//! interruptions against on-demand, common random numbers between plans, the comparison JSON,
//! the deadline-aware fallback, and the messages for bad input.
//!
//! Tolerances are Monte Carlo standard errors (`K` of them); seeds are fixed, so the tests are
//! deterministic.

use assert_cmd::Command;
use riskplan::engine::Outcomes;
use riskplan::model::{self, Model};
use riskplan::scenario;
use serde_json::Value;

use crate::common::{CONTINUOUS, compile, compile_error, run};

/// Standard errors allowed.
const K: f64 = 4.5;

// ---------------------------------------------------------------------------------------------
// Helpers.

fn source(text: &str) -> scenario::Source {
    scenario::Source {
        path: "test.toml".into(),
        text: text.into(),
    }
}

/// Compiles scenario text with one of its plans applied.
fn compile_plan(text: &str, plan: &str) -> Model {
    crate::common::compile_with(text, &model::CompileOptions::plan(plan))
}

/// The comparison of plans already simulated, the first the reference.
fn compare(plans: &[(&str, &Model, &Outcomes)]) -> riskplan::report::ComparisonReport {
    use riskplan::analysis::comparison::{Plan, compare};
    let dets: Vec<_> = plans
        .iter()
        .map(|(_, m, _)| riskplan::engine::deterministic(m))
        .collect();
    let plans: Vec<Plan<'_>> = plans
        .iter()
        .zip(&dets)
        .map(|(&(name, model, outcomes), det)| Plan {
            name,
            model,
            deterministic: det,
            outcomes,
        })
        .collect();
    compare(&plans)
}

/// The error of compiling scenario text with `plan` applied (None: as written).
fn compile_plan_error(text: &str, plan: Option<&str>) -> String {
    let src = source(text);
    let options = model::CompileOptions {
        plan: plan.map(str::to_string),
        ..Default::default()
    };
    match scenario::parse(&src).and_then(|sc| model::compile_with(&sc, &src, &options)) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

/// Sample mean and standard error of the mean.
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Wall hours of the project's single task in every iteration (a continuous project whose
/// only task starts at 0 finishes when the task does).
fn wall_hours(out: &Outcomes) -> Vec<f64> {
    out.columns
        .finish
        .clone()
        .iter()
        .map(|d| d * 24.0)
        .collect()
}

fn bougeret(w: f64, lambda: f64, tau: f64, c: f64, r: f64, d: f64) -> f64 {
    (w / tau) * (lambda * r).exp() * (1.0 / lambda + d) * ((lambda * (tau + c)).exp() - 1.0)
}

/// A continuous project with one instance type and one compute task `train`.
fn one_run(instance: &str, compute: &str) -> String {
    format!(
        "{CONTINUOUS}\n[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3.06\n{instance}\n\n\
         [[tasks]]\nid = \"train\"\ncompute = {{ instance = \"gpu\", {compute} }}\n"
    )
}

// ---------------------------------------------------------------------------------------------
// 1. The mean run time against Bougeret's closed form, through the engine.

#[test]
fn mean_spot_run_time_matches_bougeret_closed_form() {
    // (lambda per hour, tau, C, R, D, W): W a multiple of tau.
    let sets = [
        (0.3, 0.5, 0.03, 0.08, 0.08, 20.0),
        (0.7, 1.0, 0.1, 0.25, 0.5, 12.0),
        (0.1, 2.0, 0.2, 0.3, 1.0, 40.0),
        (1.5, 0.25, 0.05, 0.1, 0.0, 5.0),
    ];
    let n = 100_000;
    for (i, &(lambda, tau, c, r, d, w)) in sets.iter().enumerate() {
        let text = one_run(
            &format!("spot_per_hour = 0.92\ninterruptions_per_hour = {lambda}"),
            &format!(
                "purchase = \"spot\", hours = {w}, checkpoint_every_hours = {tau}, \
                 checkpoint_hours = {c}, restart_hours = {r}, downtime_hours = {d}"
            ),
        );
        let model = compile(&text);
        let (out, report) = run(&model, n, 100 + i as u64);
        let expected = bougeret(w, lambda, tau, c, r, d);
        // The task's own statistics (fixed-point sums of f32 durations).
        let task = &report.tasks[0].duration_days;
        let se = task.std * 24.0 / (n as f64).sqrt();
        let mean = task.mean * 24.0;
        assert!(
            (mean - expected).abs() <= K * se,
            "set {i}: task mean {mean} h vs E[T] {expected} h (se {se})"
        );
        // The project's duration on a continuous calendar is the same run.
        let (project, project_se) = mean_se(&wall_hours(&out));
        assert!(
            (project - expected).abs() <= K * project_se,
            "set {i}: project mean {project} h vs E[T] {expected} h (se {project_se})"
        );
        assert!((report.duration_days.mean * 24.0 - project).abs() < 1e-6 * project);
        // Interruptions did happen, and every one costs time: the mean is well above the
        // uninterrupted W + (W / tau) C.
        let uninterrupted = w + (w / tau) * c;
        assert!(
            project > uninterrupted + 10.0 * project_se,
            "set {i}: {project} vs {uninterrupted}"
        );
        let (interruptions, _) = mean_se(&out.columns.interruptions.clone());
        assert!(interruptions > 0.0);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Spot without interruptions is on-demand at the Spot price; more interruptions, later.

/// People work first (uncertain), then a training run with uncertain hours.
fn two_tasks(instance: &str, extra_plans: &str) -> String {
    format!(
        "{CONTINUOUS}\n[[people]]\nrole = \"ds\"\nrate_per_day = 700\n\n\
         [[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3.06\n{instance}\n\n\
         [[tasks]]\nid = \"prep\"\nestimate = {{ likely = 5, risk = \"high\" }}\npeople = {{ ds = 1 }}\n\n\
         [[tasks]]\nid = \"train\"\ndepends_on = [\"prep\"]\n\
         compute = {{ instance = \"gpu\", count = 2, hours = {{ min = 20, likely = 30, max = 60 }}, \
         checkpoint_every_hours = 0.5, checkpoint_hours = 0.03, restart_hours = 0.25, downtime_hours = 0.1 }}\n\n\
         [[plans]]\nname = \"on-demand\"\npurchase = \"on-demand\"\n\n\
         [[plans]]\nname = \"spot\"\npurchase = \"spot\"\n{extra_plans}"
    )
}

#[test]
fn spot_without_interruptions_is_on_demand_at_the_spot_price() {
    let n = 20_000;
    // (instance lines, Spot price / on-demand price)
    let cases = [
        (
            "spot_per_hour = 0.92\ninterruptions_per_hour = 0",
            0.92 / 3.06,
        ),
        ("spot_discount = 0.7\ninterruptions_per_hour = 0", 0.3),
    ];
    for (instance, ratio) in cases {
        let text = two_tasks(instance, "");
        let od = compile_plan(&text, "on-demand");
        let spot = compile_plan(&text, "spot");
        let (od_out, od_report) = run(&od, n, 7);
        let (spot_out, spot_report) = run(&spot, n, 7);
        // Finish, task durations and instance-hours: identical, iteration by iteration.
        let (o, s) = (&od_out.columns, &spot_out.columns);
        assert_eq!(o.finish, s.finish);
        assert_eq!(o.billed_hours, s.billed_hours);
        assert_eq!(o.useful_hours, s.useful_hours);
        assert_eq!(od_out.sample, spot_out.sample);
        assert_eq!(od_out.tasks.sum, spot_out.tasks.sum);
        assert_eq!(
            od_report.duration_days, spot_report.duration_days,
            "{instance}"
        );
        assert!(spot_out.columns.interruptions.iter().all(|&x| x == 0.0));
        // People cost is the same; compute cost is on-demand's times the price ratio.
        assert_eq!(
            od_out.columns.cost_people.clone(),
            spot_out.columns.cost_people.clone()
        );
        let od_cost = od_out.columns.cost_compute.clone();
        let spot_cost = spot_out.columns.cost_compute.clone();
        for (i, (o, s)) in od_cost.iter().zip(&spot_cost).enumerate() {
            assert!(*o > 0.0);
            assert!(
                (s - o * ratio).abs() <= 1e-12 * o,
                "{instance}, iteration {i}: Spot {s} vs on-demand {o} x {ratio}"
            );
        }
        // And the comparison says the same: never earlier, always cheaper.
        let cmp = compare(&[("on-demand", &od, &od_out), ("spot", &spot, &spot_out)]);
        assert_eq!(cmp.plans[1].probability_earlier, 0.0);
        assert_eq!(cmp.plans[1].probability_cheaper, 1.0);
        assert_eq!(cmp.plans[1].duration_difference.mean, 0.0);
        assert_eq!(cmp.plans[1].duration_difference.se_mean, 0.0);
    }
}

#[test]
fn a_higher_interruption_rate_never_finishes_earlier_on_average() {
    let n = 20_000;
    let rates = [0.0, 0.05, 0.2, 0.5, 1.0];
    let mut last: Option<(f64, f64, f64)> = None;
    for rate in rates {
        let text = two_tasks(
            &format!("spot_per_hour = 0.92\ninterruptions_per_hour = {rate}"),
            "",
        );
        let (out, _) = run(&compile_plan(&text, "spot"), n, 11);
        let (finish, se) = mean_se(&out.columns.finish.clone());
        let (interruptions, _) = mean_se(&out.columns.interruptions.clone());
        if let Some((prev, prev_se, prev_interruptions)) = last {
            // Same seed, same people draws: the run alone gets longer.
            assert!(
                finish > prev + K * (se * se + prev_se * prev_se).sqrt() / 4.0,
                "rate {rate}: mean finish {finish} days, below the lower rate's {prev}"
            );
            assert!(interruptions > prev_interruptions);
        }
        last = Some((finish, se, interruptions));
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Common random numbers.

#[test]
fn common_random_numbers_shrink_the_standard_error_of_the_difference() {
    // Most variance is the people's work (high risk, well paid), shared by both plans.
    let text = format!(
        "{CONTINUOUS}\n[[people]]\nrole = \"eng\"\ncount = 4\npaid = \"assigned\"\nrate_per_day = 900\n\n\
         [[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3.06\nspot_per_hour = 0.92\ninterruptions_per_hour = 0.3\n\n\
         [[tasks]]\nid = \"build\"\nestimate = {{ likely = 20, risk = \"very_high\" }}\npeople = {{ eng = 4 }}\n\n\
         [[tasks]]\nid = \"train\"\ndepends_on = [\"build\"]\n\
         compute = {{ instance = \"gpu\", count = 2, hours = {{ min = 20, likely = 30, max = 60 }}, \
         checkpoint_every_hours = 0.5, checkpoint_hours = 0.03, restart_hours = 0.25, downtime_hours = 0.1 }}\n\n\
         [[plans]]\nname = \"on-demand\"\npurchase = \"on-demand\"\n\n\
         [[plans]]\nname = \"spot\"\npurchase = \"spot\"\n"
    );
    let n = 20_000;
    let od = compile_plan(&text, "on-demand");
    let spot = compile_plan(&text, "spot");
    let (od_out, _) = run(&od, n, 1);
    let (spot_same, _) = run(&spot, n, 1);
    let (spot_other, _) = run(&spot, n, 2);
    let od_cost = od_out.columns.total_cost();
    let same = spot_same.columns.total_cost();
    let other = spot_other.columns.total_cost();

    // Paired: the standard error of the per-iteration differences.
    let paired: Vec<f64> = same.iter().zip(&od_cost).map(|(s, o)| s - o).collect();
    let (paired_mean, paired_se) = mean_se(&paired);
    // Independent: two means from different seeds.
    let (od_mean, od_se) = mean_se(&od_cost);
    let (other_mean, other_se) = mean_se(&other);
    let independent_se = (od_se * od_se + other_se * other_se).sqrt();
    assert!(
        paired_se < 0.5 * independent_se,
        "paired se {paired_se} vs independent se {independent_se}"
    );
    // Both estimate the same difference (Spot saves money here).
    let independent_mean = other_mean - od_mean;
    assert!(paired_mean < 0.0);
    assert!(
        (paired_mean - independent_mean).abs()
            <= K * (paired_se.powi(2) + independent_se.powi(2)).sqrt(),
        "paired {paired_mean} vs independent {independent_mean}"
    );
    // The comparison reports the paired figures.
    let cmp = compare(&[("on-demand", &od, &od_out), ("spot", &spot, &spot_same)]);
    let d = &cmp.plans[1].cost_difference;
    assert!((d.mean - paired_mean).abs() <= 1e-9 * paired_mean.abs());
    assert!(
        (d.se_mean - paired_se).abs() <= 1e-3 * paired_se,
        "{} vs {paired_se}",
        d.se_mean
    );
    // The people's part (`build`'s alone: `train` has no people) is identical iteration by
    // iteration with the same seed: the draws are shared.
    let people = |o: &Outcomes| o.columns.cost_people.clone();
    assert_eq!(people(&od_out), people(&spot_same));
    assert_ne!(people(&od_out), people(&spot_other));
}

// ---------------------------------------------------------------------------------------------
// 4. `compare --json` through the command line.

const COMPARE_SCENARIO: &str = r#"
[project]
name = "compare test"
start = 2027-01-04

[[people]]
role = "ds"
rate_per_day = 700

[[instances]]
type = "p3.2xlarge"
on_demand_per_hour = 3.06
spot_per_hour = 0.92
interruptions_per_hour = 0.3
availability = 0.8
capacity_wait = { median_hours = 0.4, mean_hours = 1.4 }

[[tasks]]
id = "prep"
estimate = { likely = 5, risk = "medium" }
people = { ds = 1 }

[[tasks]]
id = "train"
depends_on = ["prep"]
compute = { instance = "p3.2xlarge", count = 2, hours = { min = 20, likely = 30, max = 50 }, checkpoint_every_hours = 0.5, checkpoint_hours = 0.03, restart_hours = 0.25, downtime_hours = 0.08 }

[[plans]]
name = "on-demand"
purchase = "on-demand"

[[plans]]
name = "spot"
purchase = "spot"

[[plans]]
name = "spot-fallback"
purchase = "spot"
fallback = { policy = "deadline-aware", deadline_hours = 80 }
"#;

fn compare_json(dir: &std::path::Path, file: &str, extra: &[&str]) -> (Vec<u8>, Value) {
    let scenario = dir.join("plans.toml");
    std::fs::write(&scenario, COMPARE_SCENARIO).unwrap();
    let json = dir.join(file);
    Command::cargo_bin("riskplan")
        .unwrap()
        .arg("compare")
        .arg(&scenario)
        .args(["-n", "2000", "--seed", "5", "--json"])
        .arg(&json)
        .args(extra)
        .assert()
        .success();
    let bytes = std::fs::read(&json).unwrap();
    let value = serde_json::from_slice(&bytes).expect("valid JSON");
    (bytes, value)
}

fn number(v: &Value, path: &str) -> f64 {
    v.pointer(path)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no number at {path} in {v}"))
}

#[test]
fn compare_json_has_one_entry_per_plan_against_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (one_thread, v) = compare_json(dir.path(), "a.json", &["--threads", "1"]);
    let plans = v["plans"].as_array().expect("`plans` is an array");
    let names: Vec<&str> = plans.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["on-demand", "spot", "spot-fallback"]);
    for p in plans {
        for field in ["duration_days", "finish_date", "cost", "buffer", "reserve"] {
            assert!(p[field].is_object(), "plan {} lacks `{field}`", p["name"]);
        }
        let billed = number(p, "/instance_hours/billed");
        let useful = number(p, "/instance_hours/useful");
        assert!(useful > 0.0 && billed >= useful, "{billed} vs {useful}");
        let interruptions = number(p, "/interruptions/mean");
        for field in ["/probability_cheaper", "/probability_earlier"] {
            let x = number(p, field);
            assert!((0.0..=1.0).contains(&x));
        }
        if p["name"] == "on-demand" {
            // On-demand bills the work and its checkpoints, nothing lost.
            assert_eq!(interruptions, 0.0);
            assert!(
                billed > useful && billed < 1.1 * useful,
                "{billed} vs {useful}"
            );
        } else {
            // Spot also bills lost work and restarts.
            assert!(interruptions > 0.0);
            assert!(billed > 1.1 * useful, "{billed} vs {useful}");
        }
    }
    // The reference is compared with itself.
    assert_eq!(number(&plans[0], "/probability_cheaper"), 0.0);
    assert_eq!(number(&plans[0], "/probability_earlier"), 0.0);
    // Spot is cheaper per instance-hour and is interrupted: sometimes cheaper, never earlier.
    assert!(number(&plans[1], "/probability_cheaper") > 0.0);
    assert_eq!(number(&plans[1], "/probability_earlier"), 0.0);

    // Reordered: the first named plan becomes the reference.
    let (_, w) = compare_json(dir.path(), "b.json", &["--plans", "spot,on-demand"]);
    let reordered = w["plans"].as_array().unwrap();
    let names: Vec<&str> = reordered
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["spot", "on-demand"]);
    assert_eq!(number(&reordered[0], "/probability_cheaper"), 0.0);
    assert_eq!(number(&reordered[0], "/probability_earlier"), 0.0);
    // On-demand against Spot: earlier whenever Spot lost time, which it almost always does.
    assert!(number(&reordered[1], "/probability_earlier") > 0.5);
    // Each plan's own figures do not depend on the order.
    for (a, b) in [(&plans[1], &reordered[0]), (&plans[0], &reordered[1])] {
        assert_eq!(a["name"], b["name"]);
        assert_eq!(a["duration_days"], b["duration_days"]);
        assert_eq!(a["cost"], b["cost"]);
        assert_eq!(a["instance_hours"], b["instance_hours"]);
    }
    // The differences change sign with the reference.
    assert_eq!(
        number(&plans[1], "/cost_difference/mean"),
        -number(&reordered[1], "/cost_difference/mean")
    );

    // Same seed, any thread count: the same bytes.
    let (two_threads, _) = compare_json(dir.path(), "c.json", &["--threads", "2"]);
    assert!(
        one_thread == two_threads,
        "JSON differs between 1 and 2 threads"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. The deadline-aware fallback.

#[test]
fn deadline_aware_fallback_meets_a_feasible_deadline_and_saves_money() {
    // 20 h of work in 40 segments: on-demand takes 20 + 40 x 0.03 = 21.2 h, plus a changeover
    // of 0.25 h: a 26 h deadline is feasible from any point. Interruptions are rare, but Spot
    // capacity is often short and the waits are long.
    let deadline = 26.0;
    let text = one_run(
        "spot_per_hour = 0.92\ninterruptions_per_hour = 0.05\navailability = 0.5\n\
         capacity_wait = { median_hours = 1, mean_hours = 3 }",
        "hours = 20, checkpoint_every_hours = 0.5, checkpoint_hours = 0.03, \
         restart_hours = 0.25, downtime_hours = 0.1",
    ) + &format!(
        "\n[[plans]]\nname = \"on-demand\"\npurchase = \"on-demand\"\n\n\
         [[plans]]\nname = \"spot\"\npurchase = \"spot\"\n\n\
         [[plans]]\nname = \"spot-deadline\"\npurchase = \"spot\"\n\
         fallback = {{ policy = \"deadline-aware\", deadline_hours = {deadline}, changeover_hours = 0.25 }}\n"
    );
    let n = 50_000;
    let od = compile_plan(&text, "on-demand");
    let spot = compile_plan(&text, "spot");
    let aware = compile_plan(&text, "spot-deadline");
    let (od_out, _) = run(&od, n, 3);
    let (spot_out, _) = run(&spot, n, 3);
    let (aware_out, aware_report) = run(&aware, n, 3);

    // Every iteration meets the deadline (the project is this one run)...
    let hours = wall_hours(&aware_out);
    let worst = hours.iter().copied().fold(0.0, f64::max);
    assert!(worst <= deadline * (1.0 + 1e-9), "longest run {worst} h");
    // ... and so does the task's own record: the kept sample and the histogram's P99 (never
    // above the largest duration recorded, as f32).
    assert!(
        aware_out
            .sample
            .iter()
            .all(|&d| f64::from(d) * 24.0 <= deadline * (1.0 + 1e-6))
    );
    assert!(aware_report.tasks[0].duration_days.p99 * 24.0 <= deadline * (1.0 + 1e-6));
    assert!(aware_report.duration_days.p99 * 24.0 <= deadline * (1.0 + 1e-9));
    // The deadline binds: keeping on Spot whatever happens misses it often...
    let late = wall_hours(&spot_out)
        .iter()
        .filter(|&&h| h > deadline)
        .count();
    assert!(
        late > n / 20,
        "only {late} of {n} plain Spot runs were late"
    );
    // ... and the deadline-aware runs do move to on-demand in some iterations, and stay on
    // Spot (interrupted now and then) in others.
    let billed = aware_out.columns.billed_hours.clone();
    let useful = aware_out.columns.useful_hours.clone();
    assert!(billed.iter().zip(&useful).all(|(b, u)| b >= u));
    assert!(mean_se(&aware_out.columns.interruptions.clone()).0 > 0.0);
    let od_cost = od_out.columns.cost_compute.clone();
    let aware_cost = aware_out.columns.cost_compute.clone();
    let switched = aware_cost
        .iter()
        .zip(&od_cost)
        .filter(|(a, o)| *a > &(0.5 * **o))
        .count();
    assert!(
        switched > 0 && switched < n,
        "{switched} of {n} runs cost over half on-demand's"
    );

    // Cheaper on average than on-demand, by far more than the standard error.
    let diff: Vec<f64> = aware_cost
        .iter()
        .zip(&od_cost)
        .map(|(a, o)| a - o)
        .collect();
    let (mean, se) = mean_se(&diff);
    assert!(mean + K * se < 0.0, "mean saving {mean} (se {se})");
    let cmp = compare(&[
        ("on-demand", &od, &od_out),
        ("spot-deadline", &aware, &aware_out),
    ]);
    assert!(cmp.plans[1].cost_difference.mean < 0.0);
    assert!(cmp.plans[1].probability_cheaper > 0.5);
}

// ---------------------------------------------------------------------------------------------
// 6. Bad input.

/// A scenario with one Spot-capable instance (`instance` lines replace its Spot terms), a
/// people task and a compute task, and `plans` appended.
fn bad(instance: &str, compute: &str, plans: &str) -> String {
    format!(
        "{CONTINUOUS}\n[[people]]\nrole = \"ds\"\nrate_per_day = 700\n\n\
         [[instances]]\ntype = \"p3.2xlarge\"\n{instance}\n\n\
         [[tasks]]\nid = \"prep\"\nestimate = 3\npeople = {{ ds = 1 }}\n\n\
         [[tasks]]\nid = \"train\"\ndepends_on = [\"prep\"]\n\
         compute = {{ instance = \"p3.2xlarge\", hours = 10, checkpoint_hours = 0.03, {compute} }}\n\n{plans}"
    )
}

const GOOD_INSTANCE: &str =
    "on_demand_per_hour = 3.06\nspot_per_hour = 0.92\ninterruptions_per_hour = 0.3";

fn assert_has(message: &str, parts: &[&str]) {
    for p in parts {
        assert!(message.contains(p), "`{p}` not in: {message}");
    }
}

#[test]
fn good_input_compiles() {
    // The baseline the bad inputs below change one thing of.
    let text = bad(
        GOOD_INSTANCE,
        "purchase = \"spot\", checkpoint_every_hours = 0.5",
        "[[plans]]\nname = \"spot\"\n[plans.tasks.train]\npurchase = \"spot\"\ncount = 2\n",
    );
    let m = compile(&text);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    compile_plan(&text, "spot");
}

#[test]
fn negative_prices_are_rejected() {
    let e = compile_error(&bad(
        "on_demand_per_hour = -3.06\nspot_per_hour = 0.92\ninterruptions_per_hour = 0.3",
        "",
        "",
    ));
    assert_has(
        &e,
        &["on_demand_per_hour", "p3.2xlarge", "-3.06", "test.toml:"],
    );
    let e = compile_error(&bad(
        "on_demand_per_hour = 3.06\nspot_per_hour = -0.92\ninterruptions_per_hour = 0.3",
        "",
        "",
    ));
    assert_has(&e, &["spot_per_hour", "p3.2xlarge", "-0.92"]);
}

#[test]
fn spot_above_on_demand_is_a_warning() {
    let m = compile(&bad(
        "on_demand_per_hour = 3.06\nspot_per_hour = 4\ninterruptions_per_hour = 0.3",
        "purchase = \"spot\", checkpoint_every_hours = 0.5",
        "",
    ));
    assert_eq!(m.warnings.len(), 1, "{:?}", m.warnings);
    assert_has(&m.warnings[0], &["p3.2xlarge", "Spot", "above"]);
    // Equal prices are not worth a warning.
    let m = compile(&bad(
        "on_demand_per_hour = 3.06\nspot_per_hour = 3.06\ninterruptions_per_hour = 0.3",
        "",
        "",
    ));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn zero_or_negative_checkpoint_intervals_are_rejected() {
    for interval in ["0", "-1", "nan"] {
        let e = compile_error(&bad(
            GOOD_INSTANCE,
            &format!("purchase = \"spot\", checkpoint_every_hours = {interval}"),
            "",
        ));
        assert_has(&e, &["train", "checkpoint_every_hours", "test.toml:"]);
    }
}

#[test]
fn interruption_rates_that_are_not_finite_are_rejected() {
    for rate in ["inf", "nan", "-0.3"] {
        let e = compile_error(&bad(
            &format!(
                "on_demand_per_hour = 3.06\nspot_per_hour = 0.92\ninterruptions_per_hour = {rate}"
            ),
            "",
            "",
        ));
        assert_has(&e, &["p3.2xlarge", "interruptions_per_hour", "test.toml:"]);
    }
    // Prices are checked for finiteness too.
    let e = compile_error(&bad(
        "on_demand_per_hour = inf\nspot_per_hour = 0.92\ninterruptions_per_hour = 0.3",
        "",
        "",
    ));
    assert_has(&e, &["on_demand_per_hour", "finite"]);
}

#[test]
fn weibull_shapes_at_or_below_zero_are_rejected() {
    for shape in ["0", "-0.6", "nan"] {
        let e = compile_error(&bad(
            &format!(
                "on_demand_per_hour = 3.06\nspot_per_hour = 0.92\n\
                 interruption = {{ weibull_shape = {shape}, mean_hours = 2 }}"
            ),
            "",
            "",
        ));
        assert_has(&e, &["p3.2xlarge", "weibull_shape", "test.toml:"]);
    }
    let e = compile_error(&bad(
        "on_demand_per_hour = 3.06\nspot_per_hour = 0.92\n\
         interruption = { weibull_shape = 0.6, mean_hours = 0 }",
        "",
        "",
    ));
    assert_has(&e, &["mean_hours"]);
}

#[test]
fn spot_discounts_outside_zero_to_one_are_rejected() {
    for discount in ["1", "1.5", "-0.1", "nan"] {
        let e = compile_error(&bad(
            &format!(
                "on_demand_per_hour = 3.06\nspot_discount = {discount}\ninterruptions_per_hour = 0.3"
            ),
            "",
            "",
        ));
        assert_has(&e, &["spot_discount", "p3.2xlarge", "test.toml:"]);
    }
    // 0 is allowed (Spot at the on-demand price), and gives the on-demand price.
    let m = compile(&bad(
        "on_demand_per_hour = 3.06\nspot_discount = 0\ninterruptions_per_hour = 0.3",
        "",
        "",
    ));
    assert_eq!(m.instances[0].spot_per_hour, Some(3.06));
}

#[test]
fn spot_needs_a_price_and_an_interruption_model() {
    let plan = "[[plans]]\nname = \"spot\"\npurchase = \"spot\"\n";
    // No Spot price: fine on-demand, an error as soon as Spot is bought.
    let text = bad(
        "on_demand_per_hour = 3.06\ninterruptions_per_hour = 0.3",
        "",
        plan,
    );
    compile(&text);
    let e = compile_plan_error(&text, Some("spot"));
    assert_has(
        &e,
        &["train", "p3.2xlarge", "no Spot price", "spot_per_hour"],
    );
    let e = compile_error(&bad(
        "on_demand_per_hour = 3.06\ninterruptions_per_hour = 0.3",
        "purchase = \"spot\"",
        "",
    ));
    assert_has(&e, &["no Spot price"]);
    // No interruption model.
    let text = bad("on_demand_per_hour = 3.06\nspot_per_hour = 0.92", "", plan);
    compile(&text);
    let e = compile_plan_error(&text, Some("spot"));
    assert_has(&e, &["train", "p3.2xlarge", "interruptions_per_hour"]);
}

#[test]
fn plans_must_name_known_compute_tasks_and_instances() {
    // An unknown task, with a suggestion; checked whichever plan is compiled.
    let text = bad(
        GOOD_INSTANCE,
        "",
        "[[plans]]\nname = \"spot\"\npurchase = \"spot\"\n[plans.tasks.trian]\ncount = 2\n",
    );
    for plan in [None, Some("spot")] {
        let e = compile_plan_error(&text, plan);
        assert_has(
            &e,
            &[
                "plan `spot`",
                "unknown task `trian`",
                "did you mean `train`",
            ],
        );
    }
    // A task without compute.
    let e = compile_error(&bad(
        GOOD_INSTANCE,
        "",
        "[[plans]]\nname = \"spot\"\n[plans.tasks.prep]\npurchase = \"spot\"\n",
    ));
    assert_has(&e, &["plan `spot`", "`prep`", "no `compute`"]);
    // An unknown instance type, with a suggestion; checked whichever plan is compiled.
    let text = bad(
        GOOD_INSTANCE,
        "",
        "[[plans]]\nname = \"bigger\"\n[plans.tasks.train]\ninstance = \"p3.2xlarg\"\n",
    );
    for plan in [None, Some("bigger")] {
        let e = compile_plan_error(&text, plan);
        assert_has(
            &e,
            &[
                "plan `bigger`",
                "unknown instance type `p3.2xlarg`",
                "did you mean `p3.2xlarge`",
            ],
        );
    }
    // The task itself naming an unknown instance.
    let e = compile_error(&format!(
        "{CONTINUOUS}\n[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\n\n\
         [[tasks]]\nid = \"train\"\ncompute = {{ instance = \"gpux\", hours = 10 }}\n"
    ));
    assert_has(&e, &["unknown instance type `gpux`", "did you mean `gpu`"]);
    // An unknown plan asked for by name.
    let e = compile_plan_error(&text, Some("biger"));
    assert_has(&e, &["unknown plan `biger`", "did you mean `bigger`"]);
}

#[test]
fn compare_rejects_unknown_plans_and_bad_scenarios_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("plans.toml");
    std::fs::write(&scenario, COMPARE_SCENARIO).unwrap();
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .arg("compare")
        .arg(&scenario)
        .args(["--plans", "spot,on-demnad", "-n", "100"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_has(
        &stderr,
        &[
            "unknown plan `on-demnad`",
            "did you mean `on-demand`",
            "spot-fallback",
        ],
    );
    assert!(out.stdout.is_empty());

    // A scenario error reaches the user as one line, exit code 2.
    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        COMPARE_SCENARIO.replace("spot_per_hour = 0.92", "spot_per_hour = -0.92"),
    )
    .unwrap();
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .arg("compare")
        .arg(&broken)
        .args(["-n", "100"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_has(&stderr, &["error:", "spot_per_hour", "broken.toml:"]);
}

// ---------------------------------------------------------------------------------------------
// Plan-wide counts, Spot price variability, checkpointing on notice.

fn spot_scenario(extra_instance: &str, plans: &str) -> String {
    format!(
        r#"{CONTINUOUS}
[[instances]]
type = "gpu"
on_demand_per_hour = 3.0
spot_per_hour = 1.0
interruptions_per_hour = 0.2
{extra_instance}

[[tasks]]
id = "a"
compute = {{ instance = "gpu", count = 1, hours = {{ min = 10, likely = 20, max = 40 }}, checkpoint_every_hours = 1, checkpoint_hours = 0.05, restart_hours = 0.1 }}

[[tasks]]
id = "b"
depends_on = ["a"]
compute = {{ instance = "gpu", count = 2, hours = 10, checkpoint_every_hours = 1, checkpoint_hours = 0.05 }}

{plans}
"#
    )
}

#[test]
fn a_plan_count_sets_every_compute_task_unless_a_task_entry_overrides_it() {
    let text = spot_scenario(
        "",
        "[[plans]]\nname = \"four\"\ncount = 4\n[plans.tasks.b]\ncount = 3\n",
    );
    let m = compile_plan(&text, "four");
    let counts: Vec<u32> = m
        .tasks
        .iter()
        .map(|t| match &t.work {
            model::Work::Compute { run, .. } => run.count(),
            _ => 0,
        })
        .collect();
    assert_eq!(counts, vec![4, 3]);
    // The total work stays: each of 4 instances does a quarter of what the one did, so the
    // billed instance-hours of an on-demand plan are the same and the run is 4 times shorter.
    let base = compile(&text);
    let (out_base, _) = run(&base, 2_000, 3);
    let (out_four, _) = run(&m, 2_000, 3);
    let (b, f) = (
        out_base.columns.useful_hours.clone(),
        out_four.columns.useful_hours.clone(),
    );
    for (b, f) in b.iter().zip(&f) {
        assert!((b - f).abs() < 1e-9 * b, "useful hours {b} vs {f}");
    }
    let (_, r_base) = run(&base, 2_000, 3);
    let (_, r_four) = run(&m, 2_000, 3);
    let a_base = r_base.tasks.iter().find(|t| t.id == "a").unwrap();
    let a_four = r_four.tasks.iter().find(|t| t.id == "a").unwrap();
    assert!(
        (a_base.deterministic_days / a_four.deterministic_days - 4.0).abs() < 0.05,
        "{} vs {}",
        a_base.deterministic_days,
        a_four.deterministic_days
    );
    let bad = spot_scenario("", "[[plans]]\nname = \"none\"\ncount = 0\n");
    let e = compile_plan_error(&bad, Some("none"));
    assert!(e.contains("plan `none`: `count` is 0"), "{e}");
}

#[test]
fn spot_price_variability_keeps_the_mean_cost_and_widens_it() {
    let fixed = spot_scenario("", "[[plans]]\nname = \"spot\"\npurchase = \"spot\"\n");
    let moving = spot_scenario(
        "spot_price_variability = 0.3",
        "[[plans]]\nname = \"spot\"\npurchase = \"spot\"\n",
    );
    let n = 100_000;
    let (a, b) = (compile_plan(&fixed, "spot"), compile_plan(&moving, "spot"));
    let (out_a, _) = run(&a, n, 5);
    let (out_b, _) = run(&b, n, 5);
    let ca = out_a.columns.cost_compute.clone();
    let cb = out_b.columns.cost_compute.clone();
    // The same runs (common random numbers): billed hours are identical...
    assert_eq!(
        out_a.columns.billed_hours.clone(),
        out_b.columns.billed_hours.clone()
    );
    // ... and the price factor has mean 1: the paired ratio averages 1 within its SE.
    let ratio: Vec<f64> = cb.iter().zip(&ca).map(|(x, y)| x / y).collect();
    let (m, se) = mean_se(&ratio);
    assert!((m - 1.0).abs() < K * se, "mean factor {m} +- {se}");
    // Its spread is the coefficient of variation asked for.
    let sd = (ratio.iter().map(|r| (r - m).powi(2)).sum::<f64>() / (n as f64 - 1.0)).sqrt();
    assert!((sd - 0.3).abs() < 0.01, "sd of the factor {sd}");
    let (_, se_a) = mean_se(&ca);
    let (_, se_b) = mean_se(&cb);
    assert!(se_b > se_a * 1.2, "{se_b} vs {se_a}");
    // On-demand work is not touched by the Spot price.
    let od = compile_plan(
        &spot_scenario(
            "spot_price_variability = 0.3",
            "[[plans]]\nname = \"od\"\npurchase = \"on-demand\"\n",
        ),
        "od",
    );
    let (out_od, _) = run(&od, 2_000, 5);
    let c = out_od.columns.cost_compute.clone();
    let h = out_od.columns.billed_hours.clone();
    for (c, h) in c.iter().zip(&h) {
        assert!((c - 3.0 * h).abs() < 1e-9 * c.max(1.0));
    }
}

#[test]
fn a_spot_price_variability_at_its_limit_gives_finite_costs() {
    // cv^2 overflowed to infinity: every Spot price factor, and so the cost, was NaN.
    let plans = "[[plans]]\nname = \"spot\"\npurchase = \"spot\"\n";
    let model = compile_plan(&spot_scenario("spot_price_variability = 10", plans), "spot");
    let (out, _) = run(&model, 1_000, 6);
    let costs = out.columns.cost_compute.clone();
    assert!(costs.iter().all(|c| c.is_finite()), "{:?}", &costs[..5]);
}

#[test]
fn the_report_says_when_the_notice_is_long_enough_to_checkpoint() {
    let plans = "[[plans]]\nname = \"spot\"\npurchase = \"spot\"\n";
    let long = compile_plan(&spot_scenario("notice_hours = 0.1", plans), "spot");
    let short = compile_plan(&spot_scenario("notice_hours = 0.01", plans), "spot");
    let (_, r_long) = run(&long, 1_000, 1);
    let (_, r_short) = run(&short, 1_000, 1);
    assert!(r_long.compute_tasks.iter().all(|c| c.checkpoints_on_notice));
    assert!(
        r_short
            .compute_tasks
            .iter()
            .all(|c| !c.checkpoints_on_notice)
    );
    assert_eq!(r_long.compute_tasks[0].purchase, "spot");
    assert_eq!(r_long.compute_tasks[1].count, 2);
    assert_eq!(r_long.plan.as_deref(), Some("spot"));
    // Losing no work on notice finishes earlier on average.
    assert!(r_long.duration_days.mean < r_short.duration_days.mean);
    use riskplan::report::{Document, Export, Exporter, table::Table};
    let Ok(Export::Document(bytes)) = Table {
        top_tasks: 5,
        width: 100,
        warnings: true,
    }
    .export(Document::Run(&r_long)) else {
        panic!("the table formats as one document");
    };
    let table = String::from_utf8(bytes).unwrap();
    assert!(table.contains("loses no work"), "{table}");
}

#[test]
fn a_plan_needs_a_name_and_a_milestone_deadline_cannot_precede_the_start() {
    let text = spot_scenario("", "[[plans]]\nname = \" \"\n");
    let e = compile_plan_error(&text, None);
    assert!(e.contains("a plan needs a name"), "{e}");
    let e = compile_error(&format!(
        "{CONTINUOUS}\n[[tasks]]\nid = \"a\"\nestimate = 1\nmilestone = \"m\"\n\n[[milestones]]\nid = \"m\"\ndeadline = 2026-12-01\n"
    ));
    assert!(
        e.contains("milestone `m`") && e.contains("before the project start"),
        "{e}"
    );
}

#[test]
fn a_spot_run_that_would_be_interrupted_millions_of_times_is_refused() {
    let text = format!(
        r#"{CONTINUOUS}
[[instances]]
type = "gpu"
on_demand_per_hour = 3
spot_per_hour = 1
interruptions_per_hour = 0.5

[[tasks]]
id = "a"
compute = {{ instance = "gpu", hours = HOURS, checkpoint_every_hours = 1, checkpoint_hours = 0.01, purchase = "spot" }}
"#
    );
    let e = compile_error(&text.replace("HOURS", "7e6"));
    assert!(e.contains("task `a` on Spot would be interrupted"), "{e}");
    // The same run bought on-demand is never interrupted: accepted.
    compile(
        &text
            .replace("HOURS", "7e6")
            .replace(", purchase = \"spot\"", ""),
    );
    // A long but sane run on Spot is accepted.
    compile(&text.replace("HOURS", "{ min = 100, likely = 200, max = 2000 }"));
}
