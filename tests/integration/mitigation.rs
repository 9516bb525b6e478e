//! What the mitigations buy, from one run: the before/after and per-mitigation figures of
//! `riskplan run` against closed forms, against separate runs with and without
//! `--mitigated`, and the common random numbers behind them (a mitigated risk occurs in a
//! subset of the iterations the unmitigated one occurs in, with the same impact draws).

use std::path::Path;

use assert_cmd::Command;
use riskplan::engine::{self, SimOptions};
use riskplan::model::{CompileOptions, Mitigations, Model};

use crate::common;

fn compiled(body: &str, mitigations: Mitigations) -> Model {
    common::compile_with(
        &format!("{}{body}", common::CONTINUOUS),
        &CompileOptions {
            mitigations,
            ..Default::default()
        },
    )
}

/// `riskplan run` of `text` with `args`, its JSON report.
fn run_json(dir: &Path, text: &str, args: &[&str]) -> serde_json::Value {
    let scenario = dir.join("scenario.toml");
    std::fs::write(&scenario, text).expect("written");
    let json = dir.join("report.json");
    let out = Command::cargo_bin("riskplan")
        .expect("the binary")
        .arg("run")
        .arg(&scenario)
        .args(["-q", "--json"])
        .arg(&json)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&std::fs::read(&json).expect("the report")).expect("JSON")
}

fn num(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}"))
}

/// Within 4 standard errors of a share `p` over `n` iterations (times `scale`).
fn within_share(actual: f64, p: f64, scale: f64, n: usize, what: &str) {
    let se = scale * (p * (1.0 - p) / n as f64).sqrt();
    assert!(
        (actual - scale * p).abs() <= 4.0 * se,
        "{what}: got {actual}, expected {} (4 SE = {})",
        scale * p,
        4.0 * se
    );
}

/// One fixed 10-day task and one risk: probability 0.3, a 5-day delay and 1,000 when it
/// occurs; mitigated to probability 0.1 at a price of 300. The deadline falls between 10 and
/// 15 days.
const ONE_RISK: &str = r#"[project]
name = "t"
start = 2027-01-04
calendar = "continuous"
deadline = 2027-01-16

[[tasks]]
id = "build"
estimate = 10

[[risks]]
id = "outage"
description = "the cluster goes down"
probability = 0.3
tasks = ["build"]
delay = 5
cost = 1000
mitigation = { probability = 0.1, mitigation_cost = 300 }
"#;

#[test]
fn one_mitigation_before_and_after_match_the_closed_form() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let n = 20_000;
    let r = run_json(dir.path(), ONE_RISK, &["-n", "20000", "--seed", "3"]);
    let m = &r["mitigation"];
    assert_eq!(m["iterations"], n);
    // Before: the delay occurs in 30% of iterations, more than the 20% above P80: P80 has it.
    let before = &m["before"];
    assert_eq!(num(&before["duration_days"]), 15.0);
    assert_eq!(num(&before["cost"]), 1000.0);
    within_share(
        num(&before["mean_cost"]),
        0.3,
        1000.0,
        n,
        "mean cost before",
    );
    within_share(
        num(&before["deadline_probability"]),
        0.7,
        1.0,
        n,
        "on time before",
    );
    // After: 10% is less than 20%: P80 is the plan without the delay, the price paid.
    let after = &m["after"];
    assert_eq!(num(&after["duration_days"]), 10.0);
    assert_eq!(num(&after["cost"]), 300.0);
    let mean_after = num(&after["mean_cost"]) - 300.0;
    within_share(mean_after, 0.1, 1000.0, n, "mean cost after");
    within_share(
        num(&after["deadline_probability"]),
        0.9,
        1.0,
        n,
        "on time after",
    );
    assert_eq!(after["finish_date"], "2027-01-13");
    assert_eq!(before["finish_date"], "2027-01-18");
    // The one mitigation alone is every mitigation.
    let e = &m["mitigations"][0];
    assert_eq!(m["mitigations"].as_array().unwrap().len(), 1);
    assert_eq!(e["risk"], "outage");
    assert_eq!(e["description"], "the cluster goes down");
    assert_eq!(num(&e["cost"]), 300.0);
    assert_eq!(num(&e["days_saved"]), 5.0);
    assert_eq!(num(&e["cost_saved"]), 1000.0);
    assert_eq!(num(&e["net_saving"]), 700.0);
    assert_eq!(e["alone"], *after);
}

/// Two fixed 10-day tasks in a row and two independent risks, each occurring half the time:
/// A delays the first by 4 days and costs 1,000, B delays the second by 2 and costs 500; each
/// is mitigated to probability 0.05, A at 200 and B at 100. The finish is 20 + 4A + 2B:
/// 20, 22, 24, 26 a quarter of the time each, so P80 = 26 and costs 1,500 before; with A
/// alone mitigated the shares are 0.475, 0.475, 0.025, 0.025 (P80 = 22, cost 500 + 200);
/// with B alone 0.475, 0.025, 0.475, 0.025 (P80 = 24, cost 1,000 + 100); with both,
/// P80 = 20 at the price of both.
const TWO_RISKS: &str = r#"[project]
name = "t"
start = 2027-01-04
calendar = "continuous"

[[tasks]]
id = "first"
estimate = 10

[[tasks]]
id = "second"
estimate = 10
depends_on = ["first"]

[[risks]]
id = "a"
probability = 0.5
tasks = ["first"]
delay = 4
cost = 1000
mitigation = { probability = 0.05, mitigation_cost = 200 }

[[risks]]
id = "b"
probability = 0.5
tasks = ["second"]
delay = 2
cost = 500
mitigation = { probability = 0.05, mitigation_cost = 100 }
"#;

#[test]
fn each_of_two_independent_mitigations_alone_matches_the_closed_form() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for extra in [&[][..], &["--mitigated"][..]] {
        let mut args = vec!["-n", "20000", "--seed", "11"];
        args.extend_from_slice(extra);
        let r = run_json(dir.path(), TWO_RISKS, &args);
        let m = &r["mitigation"];
        assert_eq!(num(&m["before"]["duration_days"]), 26.0, "{extra:?}");
        assert_eq!(num(&m["before"]["cost"]), 1500.0);
        assert_eq!(num(&m["after"]["duration_days"]), 20.0);
        assert_eq!(num(&m["after"]["cost"]), 300.0);
        let each = m["mitigations"].as_array().expect("a list");
        let got: Vec<(&str, f64, f64, f64, f64, f64, f64)> = each
            .iter()
            .map(|e| {
                (
                    e["risk"].as_str().unwrap(),
                    num(&e["cost"]),
                    num(&e["days_saved"]),
                    num(&e["cost_saved"]),
                    num(&e["net_saving"]),
                    num(&e["alone"]["duration_days"]),
                    num(&e["alone"]["cost"]),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", 200.0, 4.0, 1000.0, 800.0, 22.0, 700.0),
                ("b", 100.0, 2.0, 500.0, 400.0, 24.0, 1100.0)
            ],
            "{extra:?}"
        );
        assert!(m["before"]["deadline_probability"].is_null());
    }
}

#[test]
fn the_figures_are_those_of_separate_runs_with_and_without_mitigated() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dl-project.toml"),
    )
    .expect("the example");
    let args = ["-n", "1500", "--seed", "9", "--confidence", "0.85"];
    let raw = run_json(dir.path(), &text, &args);
    let mut with = args.to_vec();
    with.push("--mitigated");
    let post = run_json(dir.path(), &text, &with);
    // The same analysis from either run, and each side is exactly the separate run's figures.
    assert_eq!(raw["mitigation"], post["mitigation"]);
    let m = &raw["mitigation"];
    for (side, r) in [("before", &raw), ("after", &post)] {
        let f = &m[side];
        assert_eq!(f["duration_days"], r["buffer"]["duration_days"], "{side}");
        assert_eq!(f["finish_date"], r["buffer"]["finish_date"], "{side}");
        assert_eq!(f["cost"], r["reserve"]["total_cost"], "{side}");
        assert_eq!(f["mean_cost"], r["cost"]["mean"], "{side}");
        assert_eq!(
            f["deadline_probability"], r["deadline"]["probability"],
            "{side}"
        );
    }
    assert_eq!(m["iterations"], 1500);
    let ids: Vec<&str> = m["mitigations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["risk"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["data-access-delayed", "label-quality"],
        "register order"
    );
}

#[test]
fn a_register_without_mitigations_reports_none() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let text = ONE_RISK.replace(
        "mitigation = { probability = 0.1, mitigation_cost = 300 }\n",
        "",
    );
    let r = run_json(dir.path(), &text, &["-n", "500"]);
    assert!(r["mitigation"].is_null());
}

#[test]
fn a_mitigated_risk_occurs_in_a_subset_of_the_iterations_with_the_same_impact_draws() {
    // An uncertain delay and cost: the mitigation lowers the probability only.
    let body = r#"
[[tasks]]
id = "build"
estimate = 10

[[risks]]
id = "outage"
probability = 0.4
tasks = ["build"]
delay = { min = 1, likely = 3, max = 8, dist = "pert" }
cost = { min = 100, likely = 500, max = 2000 }
mitigation = { probability = 0.15 }
"#;
    let n = 20_000;
    let sim = |m: &Model| engine::simulate(m, SimOptions::new(4), 0..n, &|_| {});
    let before = sim(&compiled(body, Mitigations::None));
    let after = sim(&compiled(body, Mitigations::All));
    let (ob, oa) = (
        &before.columns.risk_occurred[0],
        &after.columns.risk_occurred[0],
    );
    let mut both = 0;
    for i in 0..n as usize {
        assert!(!oa[i] || ob[i], "iteration {i}: occurs only when mitigated");
        if oa[i] {
            both += 1;
            assert_eq!(before.columns.finish[i], after.columns.finish[i], "{i}");
            assert_eq!(
                before.columns.cost_risk[i], after.columns.cost_risk[i],
                "{i}"
            );
        } else {
            assert_eq!(after.columns.finish[i], 10.0);
        }
    }
    within_share(
        both as f64 / n as f64,
        0.15,
        1.0,
        n as usize,
        "mitigated occurrence",
    );
}

#[test]
fn a_set_of_mitigations_puts_only_those_in_force() {
    let only_b = compiled(
        &TWO_RISKS[TWO_RISKS.find("[[tasks]]").unwrap()..],
        Mitigations::Only(vec!["b".into()]),
    );
    let mitigated: Vec<bool> = only_b.risks.iter().map(|r| r.mitigated).collect();
    assert_eq!(mitigated, [false, true]);
    assert_eq!(only_b.risks[1].impact.probability, 0.05);
    assert_eq!(only_b.risks[0].impact.probability, 0.5);
    assert_eq!(only_b.mitigation_cost(), 100.0);
    let all = compiled(
        &TWO_RISKS[TWO_RISKS.find("[[tasks]]").unwrap()..],
        Mitigations::All,
    );
    assert_eq!(all.mitigation_cost(), 300.0);

    let source = riskplan::scenario::Source {
        path: "test.toml".into(),
        text: TWO_RISKS.into(),
    };
    let sc = riskplan::scenario::parse(&source).expect("parses");
    let err = |ids: &[&str]| {
        riskplan::model::compile_with(
            &sc,
            &source,
            &CompileOptions {
                mitigations: Mitigations::Only(ids.iter().map(|s| s.to_string()).collect()),
                ..Default::default()
            },
        )
        .expect_err("refused")
        .to_string()
    };
    let e = err(&["c"]);
    assert!(
        e.contains("risk `c` is not in the risk register") && e.contains("`a`, `b`"),
        "{e}"
    );
}

#[test]
fn the_summary_and_mitigations_csv_show_what_each_mitigation_buys() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let scenario = dir.path().join("scenario.toml");
    std::fs::write(&scenario, TWO_RISKS).expect("written");
    let out = Command::cargo_bin("riskplan")
        .expect("the binary")
        .arg("run")
        .arg(&scenario)
        .args(["-q", "-n", "20000", "--seed", "11", "--csv"])
        .arg(dir.path().join("csv"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(dir.path().join("csv/mitigations.csv")).expect("written");
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "bought",
            "risk",
            "duration_days",
            "finish_date",
            "cost",
            "mean_cost",
            "deadline_probability",
            "price",
            "days_saved",
            "cost_saved",
            "net_saving"
        ]
    );
    assert_eq!(rows.len(), 5, "{csv}");
    let pick = |r: &[&str]| {
        [0, 1, 2, 4, 7, 8, 9, 10]
            .map(|i| r[i].to_string())
            .join(",")
    };
    assert_eq!(pick(&rows[1]), "none,,26,1500,,,,");
    assert_eq!(pick(&rows[2]), "all,,20,300,,,,");
    assert_eq!(pick(&rows[3]), "alone,a,22,700,200,4,1000,800");
    assert_eq!(pick(&rows[4]), "alone,b,24,1100,100,2,500,400");

    let out = Command::cargo_bin("riskplan")
        .expect("the binary")
        .arg("run")
        .arg(&scenario)
        .args(["-q", "-n", "20000", "--seed", "11"])
        .output()
        .expect("runs");
    let table = String::from_utf8_lossy(&out.stdout);
    let section: Vec<Vec<&str>> = table
        .lines()
        .skip_while(|l| !l.starts_with("Mitigations"))
        .take(6)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        section,
        [
            vec![
                "Mitigations",
                "(P80,",
                "from",
                "the",
                "same",
                "20,000",
                "iterations)"
            ],
            vec!["finish", "days", "USD"],
            vec!["none", "bought", "2027-01-29", "26.0", "1,500"],
            vec!["all", "bought", "2027-01-23", "20.0", "300"],
            vec![
                "each", "alone", "days", "saved", "cost", "saved,", "USD", "price,", "USD", "net,",
                "USD"
            ],
            vec!["a", "4.0", "1,000", "200", "800"],
        ],
        "{table}"
    );
    assert!(table.contains("\n  b  "), "{table}");
}

#[test]
fn compare_leaves_the_mitigation_analysis_out() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let json = dir.path().join("compare.json");
    let out = Command::cargo_bin("riskplan")
        .expect("the binary")
        .arg("compare")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dl-project.toml"))
        .args(["-q", "-n", "300", "--json"])
        .arg(&json)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("written")).expect("JSON");
    let plans = r["plans"].as_array().expect("plans");
    assert!(plans.len() >= 2);
    for p in plans {
        assert!(p.as_object().unwrap().contains_key("mitigation"));
        assert!(p["mitigation"].is_null());
    }
}
