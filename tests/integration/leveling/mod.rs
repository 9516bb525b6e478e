//! Levelling through the whole pipeline: scenario text, compile, the deterministic plan and the
//! simulated iterations. Every rule has a test that fails without it.
//!
//! - One person cannot do two things at once; a part-time person takes longer and costs the
//!   work, not the span; a salaried team costs its payroll.
//! - One more unit of a resource saves what a re-run with it saves, and never delays an
//!   iteration.
//! - More capacity need not shorten a serial schedule (Graham's anomalies); the deterministic
//!   plan's search still finds, with one more person, the schedule it found without.
//! - Every levelled iteration is feasible: links, calendars, `joins` and capacities.
//! - Levelled runs are bit-identical on any number of threads and over any split.
//! - `--ignore-capacities` is the plain network schedule of the same iterations.
//! - A task that waits for a person is critical with the task that held them.
//!
//! One file per concept: [`team`] (the sum not the maximum, availability, payroll), [`what_if`]
//! (one more unit against re-runs, never later), [`anomalies`] (more capacity and the serial
//! scheme), [`feasibility`], [`reproducibility`], [`cli`] (`--ignore-capacities`) and
//! [`critical`]. The helpers and the plans more than one of them use are here.

mod anomalies;
mod cli;
mod critical;
mod feasibility;
mod reproducibility;
mod team;
mod what_if;

use riskplan::engine::{self, Outcomes, SimOptions};
use riskplan::model::Model;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The text of one of the example scenarios.
fn scenario(file: &str) -> String {
    std::fs::read_to_string(format!("scenarios/{file}")).expect("the example scenario exists")
}

/// Scenario text with `field = N` of the `[[people]]` or `[[instances]]` entry that `key`
/// opens (`role = "x"`, `type = "x"`) set to `value`.
fn set_field(text: &str, key: &str, field: &str, value: f64) -> String {
    let at = text
        .find(key)
        .unwrap_or_else(|| panic!("`{key}` not found"));
    let entry_end = text[at..].find("\n[").map_or(text.len(), |e| at + e);
    let line = format!("\n{field} = ");
    let f = text[at..entry_end]
        .find(&line)
        .map(|f| at + f + line.len())
        .unwrap_or_else(|| panic!("no `{field}` in the entry of `{key}`"));
    let end = f + text[f..]
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap();
    format!("{}{value}{}", &text[..f], &text[end..])
}

/// The scenario text with a `count` of `count` on every role (the roles have none).
fn with_counts(text: &str, count: u32) -> String {
    assert!(!text.contains("\ncount = "));
    text.replace(
        "\nrate_per_day = ",
        &format!("\ncount = {count}\nrate_per_day = "),
    )
}

/// The `field = N` entry key of resource `k` of a compiled model, as the scenario spells it.
fn resource_key(model: &Model, k: usize) -> (String, &'static str) {
    use riskplan::model::ResourceKind;
    let r = &model.leveling.resources[k];
    match r.kind {
        ResourceKind::Role(_) => (format!("role = \"{}\"", r.name), "count"),
        ResourceKind::Instance(_) => (format!("type = \"{}\"", r.name), "max_running"),
    }
}

/// Iterations `range` of a run seeded with `seed`.
fn simulate(model: &Model, seed: u64, range: std::ops::Range<u64>) -> Outcomes {
    engine::simulate(model, SimOptions::new(seed), range, &|_| {})
}

/// Timeline days as working days of the project calendar.
fn days(model: &Model, ts: &[f64]) -> Vec<f64> {
    ts.iter().map(|&t| model.project_days(t)).collect()
}

/// The p-quantile as the report takes it: the order statistic of rank ceil(p n).
fn quantile(mut xs: Vec<f64>, p: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    let rank = ((p * xs.len() as f64).ceil() as usize).clamp(1, xs.len());
    xs[rank - 1]
}

/// The deterministic plan's finish, working days of the project calendar.
fn finish_days(model: &Model) -> f64 {
    model.project_days(engine::deterministic(model).totals.finish)
}

/// Whether two numbers agree to rounding (relative 1e-12).
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
}

/// How far a time may be off before it counts (days), and usage over a capacity (units).
const EPS: f64 = 1e-9;

// ---------------------------------------------------------------------------------------------
// Plans.

/// Two unlinked tasks for the one data scientist, on working days. `b` is at least 2 days, so
/// the sum exceeds the maximum by at least 2 days in every iteration.
const TWO_ON_ONE: &str = r#"
[project]
name = "two"
start = 2027-01-04

[[people]]
role = "ds"
count = 1
rate_per_day = 100

[[tasks]]
id = "a"
estimate = { min = 4, likely = 10, max = 30 }
people = { ds = 1 }

[[tasks]]
id = "b"
estimate = { min = 2, likely = 6, max = 9, dist = "triangular" }
people = { ds = 1 }
"#;
