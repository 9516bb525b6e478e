//! Inputs that used to be accepted and give meaningless numbers: keys of the wrong kind, plan
//! settings no plan could run with, and magnitudes beyond the documented limits. Each is
//! refused by `check` and by a plain `run` with the same one line, exit code 2 and no output.

use std::process::Output;

use assert_cmd::Command;

const HEAD: &str = "[project]\nname = \"t\"\nstart = 2027-01-04\n";

fn riskplan(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::cargo_bin("riskplan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// The one line `command` prints for `scenario`, which it must refuse: exit code 2, no panic,
/// nothing written.
fn refused_by(scenario: &str, command: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test.toml"), scenario).unwrap();
    let o = riskplan(dir.path(), command);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{scenario}\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!dir.path().join("out.json").exists(), "{scenario}");
    err.trim_end().to_string()
}

const RUN: &[&str] = &["run", "test.toml", "-q", "-n", "200", "--json", "out.json"];

/// `check` and a plain `run` both refuse `scenario` with the same line, which has every word.
fn refused(scenario: &str, words: &[&str]) -> String {
    let checked = refused_by(scenario, &["check", "test.toml"]);
    let ran = refused_by(scenario, RUN);
    assert_eq!(checked, ran);
    for w in words {
        assert!(checked.contains(w), "`{checked}` should contain `{w}`");
    }
    checked
}

#[test]
fn a_value_of_the_wrong_kind_names_its_task_key_expectation_and_fix() {
    refused(
        &format!(
            "{HEAD}\n[[tasks]]\nid = \"train\"\nestimate = {{ min = 5, likely = \"650\", max = 900 }}\n"
        ),
        &[
            "error: test.toml:7:32: task `train`: `estimate.likely` must be a number of days, not the text \"650\"; write the number without quotes: likely = 650",
        ],
    );
    refused(
        &format!(
            "{HEAD}\n[[tasks]]\nid = \"train\"\nestimate = 3\nmilestone = \"mvp\"\n\n[[milestones]]\nid = \"mvp\"\ndeadlin = 2027-05-01\n"
        ),
        &["test.toml:12:1: milestone `mvp`: unknown key `deadlin`; did you mean `deadline`?"],
    );
}

// ---------------------------------------------------------------------------------------------
// Plan settings: checked in every plan, by `check` and by a plain `run`, at the plan's line.

fn with_plans(plans: &str) -> String {
    format!(
        "{HEAD}\n[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\nspot_per_hour = 1\ninterruptions_per_hour = 0.1\n\n[[tasks]]\nid = \"train\"\ncompute = {{ instance = \"gpu\", count = 2, hours = 10, checkpoint_hours = 0.1 }}\n\n[[plans]]\nname = \"on-demand\"\npurchase = \"on-demand\"\n\n[[plans]]\nname = \"spot\"\npurchase = \"spot\"\n{plans}"
    )
}

#[test]
fn every_plans_counts_and_fallbacks_are_checked_at_the_plans_line() {
    // The good plans run.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test.toml"), with_plans("")).unwrap();
    assert!(
        riskplan(dir.path(), &["check", "test.toml"])
            .status
            .success()
    );
    // Line 22 holds the setting, below the second plan's `purchase`.
    let cases: [(&str, &[&str]); 10] = [
        (
            "count = 0",
            &[
                "test.toml:22:9: plan `spot`: `count` is 0; a count of instances is a whole number from 1 to 100,000",
            ],
        ),
        ("count = -4", &["test.toml:22:9:", "`count` is -4"]),
        (
            "[plans.tasks.train]\ncount = 0",
            &["test.toml:23:9: plan `spot`, task `train`: `count` is 0"],
        ),
        (
            "fallback = { policy = \"on-demand-after\", wait_hours = -1 }",
            &["test.toml:22:55: plan `spot`: fallback `wait_hours` must be zero or more (got -1)"],
        ),
        (
            "fallback = { policy = \"on-demand-after\", wait_hours = inf }",
            &[
                "test.toml:22:55:",
                "`wait_hours` must be a finite number, not inf",
            ],
        ),
        (
            "fallback = { policy = \"deadline-aware\", deadline_hours = nan }",
            &[
                "test.toml:22:58:",
                "`deadline_hours` must be a finite number, not NaN",
            ],
        ),
        (
            "fallback = { policy = \"on-demand-aftr\", wait_hours = 2 }",
            &[
                "test.toml:22:23: plan `spot`: unknown fallback policy `on-demand-aftr`; write \"keep-waiting\", \"on-demand-after\" or \"deadline-aware\"; did you mean `on-demand-after`?",
            ],
        ),
        (
            "fallback = { policy = \" \" }",
            &["test.toml:22:23: plan `spot`: the fallback `policy` is empty"],
        ),
        (
            "fallback = { policy = \"on-demand-after\" }",
            &[
                "test.toml:22:12: plan `spot`: the `on-demand-after` fallback needs `wait_hours`, e.g. { policy = \"on-demand-after\", wait_hours = 2.5 }",
            ],
        ),
        (
            "[plans.tasks.train]\nfallback = { policy = \"keep-waiting\", deadline_hours = 3 }",
            &[
                "test.toml:23:56: plan `spot`, task `train`: the `keep-waiting` fallback does not use `deadline_hours`; remove it",
            ],
        ),
    ];
    for (setting, words) in cases {
        refused(&with_plans(setting), words);
    }
    // A bad plan is found whichever plan `run` is given.
    let line = refused_by(
        &with_plans("count = 0"),
        &[
            "run",
            "test.toml",
            "-q",
            "--plan",
            "on-demand",
            "--json",
            "out.json",
        ],
    );
    assert!(line.contains("plan `spot`: `count` is 0"), "{line}");
}

// ---------------------------------------------------------------------------------------------
// Limits.

fn task(extra: &str) -> String {
    format!("{HEAD}\n[[tasks]]\nid = \"a\"\n{extra}\n")
}

fn with_role(role: &str, people: &str) -> String {
    format!(
        "{HEAD}\n[[people]]\nrole = \"dev\"\n{role}\n\n[[tasks]]\nid = \"a\"\nestimate = 3\npeople = {{ dev = {people} }}\n"
    )
}

fn with_gpu(instance: &str, compute: &str) -> String {
    format!(
        "{HEAD}\n[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\n{instance}\n\n[[tasks]]\nid = \"a\"\ncompute = {{ instance = \"gpu\", {compute} }}\n"
    )
}

fn with_risk(risk: &str) -> String {
    format!(
        "{HEAD}\n[[tasks]]\nid = \"a\"\nestimate = 3\n\n[[risks]]\nid = \"r\"\nprobability = 0.5\ntasks = [\"a\"]\n{risk}\n"
    )
}

const DAYS: &str = "beyond the limit of 2,958,464 days (the 8,100 years from 1900 to 9999)";
const HOURS: &str = "beyond the limit of 71,003,136 hours (the 8,100 years from 1900 to 9999)";
const MONEY: &str = "beyond the limit of 1e15 (a thousand trillion)";

#[test]
fn magnitudes_beyond_the_limits_are_refused_with_the_limit() {
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            task("estimate = 1e308"),
            vec!["task `a`: duration `value` is 1e308 days", DAYS],
        ),
        (
            task("estimate = { min = 1, likely = 2, max = 3e6 }"),
            vec!["duration `max` is 3,000,000 days", DAYS],
        ),
        (
            task("estimate = { mean = 3, sd = 1e300 }"),
            vec!["duration `sd` is 1e300 days", DAYS],
        ),
        (
            task("estimate = { likely = 1e6, risk = \"very_high\" }"),
            vec![
                "this duration reaches 2,9",
                "days in its longest draws",
                DAYS,
            ],
        ),
        (
            task("estimate = { p10 = 1e-300, p90 = 300, dist = \"lognormal\" }"),
            vec!["this duration reaches inf days", DAYS],
        ),
        (
            task("estimate = { values = [1, 2], weights = [1, 1e300] }"),
            vec!["`weights` is 1e300, beyond the limit of 1e15"],
        ),
        (
            task("estimate = 2\ncost = 1e308"),
            vec!["task `a`: cost `value` is 1e308", MONEY],
        ),
        (
            task(
                "estimate = 2\ndepends_on = []\n[[tasks]]\nid = \"b\"\nestimate = 1\ndepends_on = [{ task = \"a\", lag = -1e7 }]",
            ),
            vec!["the lag from `a` to `b` is 10,000,000 days", DAYS],
        ),
        (
            format!("{HEAD}budget = 1e20\n\n[[tasks]]\nid = \"a\"\nestimate = 1\n"),
            vec!["`budget` is 1e20", MONEY],
        ),
        (
            format!("{HEAD}sprint_days = 1e9\n\n[[tasks]]\nid = \"a\"\nestimate = 1\n"),
            vec!["`sprint_days` is 1e9 days", DAYS],
        ),
        (
            with_role("rate_per_day = 1e308", "1"),
            vec!["`rate_per_day` of role `dev` is 1e308", MONEY],
        ),
        (
            with_role("rate_per_day = 100\ncount = 1e7", "1"),
            vec!["role `dev`: `count` is 10,000,000 people, beyond the limit of 1,000,000 people"],
        ),
        (
            with_role("rate_per_day = 100", "1e308"),
            vec!["task `a`: allocation of `dev` is 1e308 people"],
        ),
        (
            with_gpu("", "hours = 1e308"),
            vec!["task `a`: hours `value` is 1e308 hours", HOURS],
        ),
        (
            with_gpu("", "hours = 10, count = 200000"),
            vec![
                "`compute.count` is 200000; a count of instances is a whole number from 1 to 100,000",
            ],
        ),
        (
            with_gpu("max_running = 200000", "hours = 10"),
            vec!["max_running 200000", "from 1 to 100,000"],
        ),
        (
            with_gpu("spot_per_hour = 1e16", "hours = 10"),
            vec!["`spot_per_hour` of `gpu` is 1e16", MONEY],
        ),
        (
            with_gpu("notice_hours = 1e8", "hours = 10"),
            vec!["`notice_hours` of `gpu` is 100,000,000 hours", HOURS],
        ),
        (
            with_gpu("spot_price_variability = 1e300", "hours = 10"),
            vec!["`spot_price_variability` of `gpu` is 1e300, beyond the limit of 10"],
        ),
        (
            with_gpu("capacity_wait = { hours = 1e9 }", "hours = 10"),
            vec!["capacity_wait: `hours` is 1e9 hours", HOURS],
        ),
        (
            with_gpu(
                "interruption = { weibull_shape = 0.6, mean_hours = 1e300 }",
                "hours = 10",
            ),
            vec!["interruption `mean_hours` is 1e300 hours", HOURS],
        ),
        (
            with_gpu("", "hours = 10, restart_hours = 1e300"),
            vec!["`restart_hours` is 1e300 hours", HOURS],
        ),
        (
            with_risk("delay = 1e308"),
            vec!["risk `r`: delay `value` is 1e308 days", DAYS],
        ),
        (
            with_risk("delay_fraction = 1000"),
            vec!["delay_fraction `value` is 1,000, beyond the limit of 100"],
        ),
        (
            with_risk("cost = 1e308"),
            vec!["risk `r`: cost `value` is 1e308", MONEY],
        ),
        (
            with_risk("cost = 1\nmitigation = { mitigation_cost = 1e308 }"),
            vec!["`mitigation_cost` is 1e308", MONEY],
        ),
        (
            format!(
                "{HEAD}\n[risk_levels.high]\nmax = 1e6\n\n[[tasks]]\nid = \"a\"\nestimate = {{ likely = 1, risk = \"high\" }}\n"
            ),
            vec![
                "risk level `high`: `max` is 1,000,000 times the most likely value, beyond the limit of 100",
            ],
        ),
        (
            "[project]\nname = \"t\"\nstart = 1066-10-14\n\n[[tasks]]\nid = \"a\"\nestimate = 1\n"
                .to_string(),
            vec![
                "test.toml:3:9: the date 1066-10-14 is outside the dates riskplan plans with, 1900-01-01 to 9999-12-31",
            ],
        ),
    ];
    for (scenario, words) in cases {
        refused(&scenario, &words);
    }
    // At the limits themselves, a plan runs.
    let dir = tempfile::tempdir().unwrap();
    let at = task("estimate = { min = 1, likely = 2, max = 2958464 }\ncost = 1e15");
    std::fs::write(dir.path().join("test.toml"), at).unwrap();
    assert!(
        riskplan(dir.path(), &["check", "test.toml"])
            .status
            .success()
    );
}

#[test]
fn a_schedule_past_the_calendars_last_date_is_refused() {
    // The deterministic plan already runs past it: `check` and `run` refuse it.
    let late =
        "[project]\nname = \"t\"\nstart = 9999-12-01\n\n[[tasks]]\nid = \"a\"\nestimate = 300\n";
    refused(
        late,
        &[
            "test.toml: the plan runs past 9999-12-31, the last date riskplan's calendar reaches: its deterministic schedule finishes 420 calendar days after the start 9999-12-01",
        ],
    );
    // Only the simulated schedules do: `check` passes, `run` refuses after simulating.
    let tail = "[project]\nname = \"t\"\nstart = 9990-01-01\n\n[[tasks]]\nid = \"a\"\nestimate = { min = 1, likely = 1, max = 36000 }\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test.toml"), tail).unwrap();
    assert!(
        riskplan(dir.path(), &["check", "test.toml"])
            .status
            .success()
    );
    let line = refused_by(tail, RUN);
    assert!(
        line.contains("of 200 simulated schedules finish after it, the latest"),
        "{line}"
    );
}
