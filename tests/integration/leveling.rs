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

use assert_cmd::Command;
use riskplan::engine::block::Block;
use riskplan::engine::leveling::profile::Profile;
use riskplan::engine::leveling::{Lane, NO_BLOCKER, check, schedule_lane};
use riskplan::engine::network::{Times, link_bound};
use riskplan::engine::outcomes::ONE_MORE_ITERATIONS;
use riskplan::engine::{self, LANES, Outcomes, Sampling, SimOptions};
use riskplan::model::{CompileOptions, Model};
use serde_json::Value;

use crate::common::{CONTINUOUS, compile, compile_with, run};

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
// 1. One person, two tasks: the sum, not the maximum.

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

#[test]
fn two_tasks_sharing_one_person_finish_at_the_sum_of_their_durations_in_every_iteration() {
    let m = compile(TWO_ON_ONE);
    assert!(m.leveling.active(), "a count is a capacity, levelled");
    assert_eq!(finish_days(&m), 16.0);
    let n = 4_000;
    let (out, report) = run(&m, n, 11);
    let (a, b) = (m.task_index("a").unwrap(), m.task_index("b").unwrap());
    assert_eq!(out.sample_len(), n);
    let (da, db) = (out.sampled_durations(a), out.sampled_durations(b));
    let finish = days(&m, &out.columns.finish);
    let free = days(&m, &out.columns.unconstrained);
    // The sample holds durations as f32: equal to within its rounding.
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * y;
    for i in 0..n {
        let (x, y) = (da[i] as f64, db[i] as f64);
        assert!(
            close(finish[i], x + y),
            "iteration {i}: finishes after {} working days, the durations are {x} and {y}",
            finish[i]
        );
        assert!(close(free[i], x.max(y)), "iteration {i}: unconstrained");
    }
    assert!(report.unconstrained.is_some() && report.resource_constrained);

    // Capacities ignored: the same draws, the maximum.
    let options = CompileOptions {
        ignore_capacities: true,
        ..Default::default()
    };
    let m = compile_with(TWO_ON_ONE, &options);
    assert!(!m.leveling.active());
    assert_eq!(finish_days(&m), 10.0);
    let (free_out, free_report) = run(&m, n, 11);
    assert_eq!(free_out.sample, out.sample, "the same draws");
    for (i, f) in days(&m, &free_out.columns.finish).into_iter().enumerate() {
        let (x, y) = (da[i] as f64, db[i] as f64);
        assert!(close(f, x.max(y)), "iteration {i}: {f} vs {x} and {y}");
    }
    assert!(free_report.unconstrained.is_none() && !free_report.resource_constrained);
    // The same iterations with capacities ignored, whichever way they are asked for.
    assert_eq!(free_out.columns.finish, out.columns.unconstrained);
}

// ---------------------------------------------------------------------------------------------
// 2. A half-available person: twice the span, the work's person-days and cost.

/// One salaried `dev` of the given availability, and one task of `estimate` for them.
fn lone_task(availability: f64, estimate: &str) -> String {
    format!(
        "[project]\nname = \"lone\"\nstart = 2027-01-04\n\n\
         [[people]]\nrole = \"dev\"\ncount = 1\navailability = {availability}\nrate_per_day = 400\n\n\
         [[tasks]]\nid = \"build\"\nestimate = {estimate}\npeople = {{ dev = 1 }}\n"
    )
}

#[test]
fn half_availability_doubles_a_lone_tasks_span_but_not_its_person_days_or_cost() {
    // Deterministic: 10 days of work by a half-time person span 20 working days, and are 10
    // person-days: 4,000 at 400 a day, all of it work (the payroll, 0.5 x 20 days, is the same).
    let m = compile(&lone_task(0.5, "10"));
    let det = engine::deterministic(&m);
    assert_eq!(m.project_days(det.totals.finish), 20.0);
    assert_eq!(det.role_days, [10.0]);
    assert_eq!(det.totals.cost_people, 4_000.0);
    assert_eq!(det.totals.cost_idle, 0.0);

    // Every iteration against the same iteration of a full-time person (common random
    // numbers: availability changes no draw): twice the span, the same person-days and cost.
    let estimate = "{ min = 5, likely = 10, max = 25 }";
    let half = compile(&lone_task(0.5, estimate));
    let full = compile(&lone_task(1.0, estimate));
    let n = 2_000;
    let (h, _) = run(&half, n, 3);
    let (f, _) = run(&full, n, 3);
    let (hd, fd) = (
        days(&half, &h.columns.finish),
        days(&full, &f.columns.finish),
    );
    for i in 0..n {
        let work = fd[i];
        assert!(
            same(hd[i], 2.0 * work),
            "iteration {i}: {} vs {work}",
            hd[i]
        );
        assert!(same(f.columns.role_days[0][i], work), "iteration {i}");
        assert!(same(h.columns.role_days[0][i], work), "iteration {i}");
        assert!(
            same(h.columns.cost_people[i], 400.0 * work),
            "iteration {i}"
        );
        assert!(
            same(f.columns.cost_people[i], 400.0 * work),
            "iteration {i}"
        );
        assert_eq!(h.columns.cost_idle[i], 0.0, "iteration {i}");
    }
    // Not all the same draw.
    assert!(fd.iter().any(|&d| d > 15.0) && fd.iter().any(|&d| d < 9.0));
}

// ---------------------------------------------------------------------------------------------
// 3. Payroll: rate x count x availability x paid working days.

/// A spine of 15 working days that needs nobody (10 days, then 5), one role `dev` at 500 a
/// day with `fields`, and `tasks`.
fn payroll_plan(fields: &str, tasks: &str) -> String {
    format!(
        "[project]\nname = \"pay\"\nstart = 2027-01-04\n\n\
         [[people]]\nrole = \"dev\"\nrate_per_day = 500\n{fields}\n\n\
         [[tasks]]\nid = \"spine-1\"\nestimate = 10\n\n\
         [[tasks]]\nid = \"spine-2\"\ndepends_on = [\"spine-1\"]\nestimate = 5\n\n{tasks}"
    )
}

/// The deterministic plan's finish (working days), people cost, idle cost and person-days;
/// the simulated iterations (every estimate fixed) must give the same.
fn payroll(text: &str, options: &CompileOptions) -> (f64, f64, f64, f64) {
    let m = compile_with(text, options);
    let det = engine::deterministic(&m);
    let t = det.totals;
    let (_, report) = run(&m, 64, 1);
    let by = &report.cost.by_category;
    assert_eq!(
        (by.people.p50, by.people_idle.p50, by.people_assigned.p50),
        (t.cost_people, t.cost_idle, t.cost_people - t.cost_idle),
        "{text}"
    );
    assert_eq!(report.deterministic.idle_cost, t.cost_idle);
    (
        m.project_days(t.finish),
        t.cost_people,
        t.cost_idle,
        det.role_days[0],
    )
}

#[test]
fn a_salaried_team_costs_rate_times_count_times_its_paid_working_days() {
    let levelled = CompileOptions::default();
    // Paid throughout: two people for the 15 days, 15,000; 10 person-days of work, 5,000; the
    // rest idle.
    let two_tasks = "[[tasks]]\nid = \"w1\"\nestimate = 6\npeople = { dev = 1 }\n\n\
                     [[tasks]]\nid = \"w2\"\nestimate = 4\npeople = { dev = 1 }\n";
    assert_eq!(
        payroll(&payroll_plan("count = 2", two_tasks), &levelled),
        (15.0, 15_000.0, 10_000.0, 10.0)
    );
    // Paid from `joins` (Monday 11 January: working day 5) and until `leaves` (Friday 15
    // January: working day 10), each trimming the 15 days on its own and together.
    let three = "[[tasks]]\nid = \"w\"\nestimate = 3\npeople = { dev = 1 }\n";
    let cases = [
        ("count = 1\njoins = 2027-01-11", 10.0),
        ("count = 1\nleaves = 2027-01-15", 10.0),
        ("count = 1\njoins = 2027-01-11\nleaves = 2027-01-15", 5.0),
        // Leaving after the finish: paid to the finish.
        ("count = 1\nleaves = 2027-03-01", 15.0),
    ];
    for (fields, paid_days) in cases {
        let text = payroll_plan(fields, three);
        let paid = 500.0 * paid_days;
        assert_eq!(
            payroll(&text, &levelled),
            (15.0, paid, paid - 1_500.0, 3.0),
            "{fields}"
        );
    }
    // The task waits for the person to join.
    let m = compile(&payroll_plan("count = 1\njoins = 2027-01-11", three));
    assert_eq!(
        engine::deterministic(&m).start[m.task_index("w").unwrap()],
        7.0
    );

    // Paid as assigned: only the person-days (2 people x 6 days), nothing idle.
    let pair = "[[tasks]]\nid = \"w\"\nestimate = 6\npeople = { dev = 2 }\n";
    assert_eq!(
        payroll(
            &payroll_plan("count = 3\npaid = \"assigned\"", pair),
            &levelled
        ),
        (15.0, 6_000.0, 0.0, 12.0)
    );
    // Half available: the payroll is half (2 x 0.5 x 15 days x 500 = 7,500); the 3-day task
    // spans 6 days and is 3 person-days of work (1,500).
    let text = payroll_plan("count = 2\navailability = 0.5", three);
    assert_eq!(payroll(&text, &levelled), (15.0, 7_500.0, 6_000.0, 3.0));
    let m = compile(&text);
    let w = m.task_index("w").unwrap();
    let det = engine::deterministic(&m);
    assert_eq!(
        m.project_days(det.finish[w]) - m.project_days(det.start[w]),
        6.0
    );

    // One person, two 12-day tasks: levelled, 24 days of payroll, all work. With capacities
    // ignored the tasks overlap within the 15 days, and the 24 person-days cost more than the
    // 15 days of payroll: the person-days are paid.
    let twelve = "[[tasks]]\nid = \"w1\"\nestimate = 12\npeople = { dev = 1 }\n\n\
                  [[tasks]]\nid = \"w2\"\nestimate = 12\npeople = { dev = 1 }\n";
    let text = payroll_plan("count = 1", twelve);
    assert_eq!(payroll(&text, &levelled), (24.0, 12_000.0, 0.0, 24.0));
    let ignored = CompileOptions {
        ignore_capacities: true,
        ..Default::default()
    };
    assert_eq!(payroll(&text, &ignored), (15.0, 12_000.0, 0.0, 24.0));
}

// ---------------------------------------------------------------------------------------------
// 4. One more unit: the what-if against re-runs.

#[test]
fn one_more_person_saves_exactly_what_a_rerun_saves_when_the_order_cannot_matter() {
    // Two unlinked tasks on one person finish at the sum in any order, on two at the maximum:
    // the what-if (each iteration levelled again in its own start order) and a re-run with
    // count = 2 (planned afresh) schedule every iteration alike.
    let one = compile(TWO_ON_ONE);
    let two = compile(&set_field(TWO_ON_ONE, "role = \"ds\"", "count", 2.0));
    assert_eq!(two.leveling.resources[0].capacity, 2.0);
    let n = ONE_MORE_ITERATIONS as usize;
    let (out1, r1) = run(&one, n, 5);
    let (out2, r2) = run(&two, n, 5);
    assert_eq!(out1.one_more_len(), n);
    assert_eq!(out1.one_more_base(), &out1.columns.finish[..]);
    assert_eq!(out1.one_more_of(0), &out2.columns.finish[..]);
    let saved = r1.resources[0].p80_days_saved_with_one_more.unwrap();
    assert_eq!(saved, r1.duration_days.p80 - r2.duration_days.p80);
    assert!(saved > 2.0, "{saved}");
    assert_eq!(r1.resources[0].one_more_iterations, n);
    // With two, a third person buys nothing.
    assert_eq!(r2.resources[0].p80_days_saved_with_one_more, Some(0.0));
    // Only the first ONE_MORE_ITERATIONS are levelled again.
    let (more, _) = run(&one, n + 100, 5);
    assert_eq!(more.one_more_len(), n);
    assert_eq!(more.one_more, out1.one_more);
}

#[test]
fn one_more_unit_on_the_example_plan_agrees_with_a_rerun_with_one_more() {
    // The what-if levels each iteration again in its own start order with one more unit; a
    // re-run with the count raised plans afresh (its own deterministic plan, its own levelling
    // order). The two are different sequencings and need not agree. Measured over the first
    // 2,000 iterations (and with seed 7), they agreed exactly on this plan, iteration by
    // iteration, for every resource: data-engineer 9.863 days saved at P80 by both,
    // ml-engineer 19.636, the others 0 (the standard error of the P80 was 0.26 days; over the
    // ONE_MORE_ITERATIONS (1,000) used here it is about 0.4). One more unit of a binding
    // role here ends that role's waits, and the other roles' queues keep their order. (On the
    // 100-task benchmark with one person per role they differ: per iteration by up to 15
    // days, at P80 by up to 1.1 days.) The tolerance is the Monte Carlo standard error of the
    // run's P80: a sequencing difference within the noise of the figure itself.
    let text = scenario("dl-project.toml");
    let m = compile(&text);
    let n = ONE_MORE_ITERATIONS;
    let seed = 2027;
    let out = simulate(&m, seed, 0..n);
    let report = riskplan::analysis::analyse(&m, &engine::deterministic(&m), &out);
    let conf = m.confidence;
    let se = report.standard_error.duration_days.target;
    assert!(se > 0.0 && se < 1.0, "{se}");
    let p_run = quantile(days(&m, &out.columns.finish), conf);
    let mut saved = std::collections::BTreeMap::new();
    for (k, res) in report.resources.iter().enumerate() {
        let (key, field) = resource_key(&m, k);
        let cap = m.leveling.resources[k].capacity;
        let more = compile(&set_field(&text, &key, field, cap + 1.0));
        assert_eq!(more.leveling.resources[k].capacity, cap + 1.0);
        let rerun = simulate(&more, seed, 0..n);
        let rerun_saved = p_run - quantile(days(&more, &rerun.columns.finish), conf);
        let what_if = res.p80_days_saved_with_one_more.expect("levelled");
        assert!(
            (what_if - rerun_saved).abs() <= se,
            "{}: one more saves {what_if} days at P80, a re-run with one more {rerun_saved}",
            res.name
        );
        saved.insert(res.name.as_str(), what_if);
    }
    // The two roles that bind save many standard errors' worth; the project manager, whom no
    // task waits for (level of effort only), saves nothing.
    assert!(saved["ml-engineer"] > 10.0 * se, "{saved:?} (se {se})");
    assert!(saved["data-engineer"] > 10.0 * se, "{saved:?} (se {se})");
    assert!(saved["ml-engineer"] > saved["data-engineer"], "{saved:?}");
    assert_eq!(saved["project-manager"], 0.0);
}

/// The what-if of each plan: finishes levelled again in start order are never later than the
/// iteration's, and one more unit of any resource never makes them later.
fn assert_one_more_never_delays(name: &str, m: &Model, seed: u64) -> usize {
    let n = ONE_MORE_ITERATIONS;
    let out = simulate(m, seed, 0..n);
    assert_eq!(out.one_more_len(), n as usize, "{name}");
    let base = out.one_more_base();
    let mut helped = 0;
    for (i, (&b, &f)) in base.iter().zip(&out.columns.finish).enumerate() {
        assert!(
            b <= f + EPS,
            "{name}, iteration {i}: levelled again {b} > {f}"
        );
        for k in 0..m.leveling.resources.len() {
            let more = out.one_more_of(k)[i];
            assert!(
                more <= b + EPS,
                "{name}, iteration {i}: one more `{}` finishes at {more}, after {b}",
                m.leveling.resources[k].name
            );
            helped += (more < b - EPS) as usize;
        }
    }
    helped
}

#[test]
fn one_more_unit_never_delays_any_iteration() {
    // Levelled in the order the tasks started, no task starts later than it did (the tasks
    // placed before it occupy the resources over no more of its span than they did), with or
    // without the extra unit. A what-if that levelled with the plan's own order instead would
    // fail here: with that order, one more backend engineer finishes later than without in 1
    // of these 2,000 iterations of the benchmark with one person per role and in 57 with two
    // (measured when this test was written).
    let bench = scenario("bench-100.toml");
    for (name, text) in [
        ("dl-project", scenario("dl-project.toml")),
        (
            "llm-domain-adaptation",
            scenario("llm-domain-adaptation.toml"),
        ),
        ("bench-100, one per role", with_counts(&bench, 1)),
        ("bench-100, two per role", with_counts(&bench, 2)),
    ] {
        let m = compile(&text);
        let helped = assert_one_more_never_delays(name, &m, 17);
        // Where a resource binds, the check has finishes that move (the language-model plan's
        // capacities never bind: it is checked for the re-levelled finish alone).
        assert!(helped > 0 || name.starts_with("llm"), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. More capacity and the serial scheme: Graham's anomalies.

/// Lane `l` of `durations` levelled in `order` with `capacity`: its finish.
fn level_lane(model: &Model, order: &[u32], capacity: &[f64], duration: &[f64], l: usize) -> f64 {
    let n = model.tasks.len();
    let mut profiles: Vec<Profile> = capacity.iter().map(|_| Profile::with_room(n)).collect();
    let mut times = Times::new(n);
    let mut ready = vec![0.0; n * LANES];
    let mut blocker = vec![NO_BLOCKER; n * LANES];
    let mut lane = Lane {
        times: &mut times,
        ready: &mut ready,
        blocker: &mut blocker,
        l,
    };
    schedule_lane(model, order, capacity, &mut profiles, duration, &mut lane);
    (0..n)
        .map(|i| times.finish[i * LANES + l])
        .fold(0.0, f64::max)
}

/// Two people `r1` and `r2`, one each. `p` needs r1 for 5 days; `x` needs both for 3; `y`
/// needs r2 for 4 days once `q` (a day, nobody) is done; `z` takes 10 days after `y`.
const ANOMALY: &str = r#"
[[people]]
role = "r1"
count = 1
rate_per_day = 100

[[people]]
role = "r2"
count = 1
rate_per_day = 100

[[tasks]]
id = "p"
estimate = 5
people = { r1 = 1 }

[[tasks]]
id = "x"
estimate = 3
people = { r1 = 1, r2 = 1 }

[[tasks]]
id = "q"
estimate = 1

[[tasks]]
id = "y"
depends_on = ["q"]
estimate = 4
people = { r2 = 1 }

[[tasks]]
id = "z"
depends_on = ["y"]
estimate = 10
"#;

#[test]
fn the_serial_scheme_with_a_fixed_list_can_finish_later_with_more_capacity() {
    // The list p, x, q, y, z. With one r1, x waits for p (5..8), leaving r2 free for y at
    // 1..5: z runs 5..15. With two, x starts at once (0..3) and holds r2, so y waits (3..7)
    // and z runs 7..17: one more person, two days later. The list is the same; the extra
    // unit lets an early task take the slot a later, critical one needed.
    let m = compile(&format!("{CONTINUOUS}{ANOMALY}"));
    let at = |id: &str| m.task_index(id).unwrap() as u32;
    let list = [at("p"), at("x"), at("q"), at("y"), at("z")];
    let det = engine::deterministic(&m);
    let mut duration = vec![0.0; m.tasks.len() * LANES];
    for (i, d) in det.duration.iter().enumerate() {
        duration[i * LANES] = *d;
    }
    assert_eq!(level_lane(&m, &list, &[1.0, 1.0], &duration, 0), 15.0);
    assert_eq!(level_lane(&m, &list, &[2.0, 1.0], &duration, 0), 17.0);
    // Taken in the order the one-person schedule started them (p, q, y at 0, 0, 1; x and z at
    // 5), the extra person delays nothing: the what-if's order.
    let started = [at("p"), at("q"), at("y"), at("x"), at("z")];
    assert_eq!(level_lane(&m, &started, &[2.0, 1.0], &duration, 0), 15.0);

    // The deterministic plan of this plan is the 15 days with either count: its multi-pass
    // search finds a list that avoids the trap.
    assert_eq!(finish_days(&m), 15.0);
    let two = compile(&format!(
        "{CONTINUOUS}{}",
        set_field(ANOMALY, "role = \"r1\"", "count", 2.0)
    ));
    assert_eq!(two.leveling.resources[0].capacity, 2.0);
    assert_eq!(finish_days(&two), 15.0);
}

/// Seven tasks on two roles of three (`r0`, `r1`). `t2` and `t3` need the whole of `r1`;
/// `t0` and `t4` together need four of `r0`.
const SEVEN: &str = r#"
[[people]]
role = "r0"
count = 3
rate_per_day = 100

[[people]]
role = "r1"
count = 3
rate_per_day = 100

[[tasks]]
id = "t0"
estimate = 8
people = { r0 = 2, r1 = 1 }

[[tasks]]
id = "t1"
estimate = 5
people = { r0 = 1 }

[[tasks]]
id = "t2"
depends_on = ["t1"]
estimate = 8
people = { r1 = 3 }

[[tasks]]
id = "t3"
depends_on = ["t1"]
estimate = 5
people = { r1 = 3 }

[[tasks]]
id = "t4"
estimate = 6
people = { r0 = 2, r1 = 2 }

[[tasks]]
id = "t5"
estimate = 10
people = { r1 = 1 }

[[tasks]]
id = "t6"
depends_on = ["t3"]
estimate = 4
"#;

#[test]
fn the_deterministic_plan_with_one_more_person_finds_what_it_found_with_fewer() {
    // The deterministic plan is the best schedule of the lists the heuristic tries. With more
    // capacity a list can give a longer schedule (as above), and the lists derived from
    // schedules change with them: with a fourth `r0` here, the heuristic of rules, sampling
    // and justification alone tried none that gives the 27 days found with three, and its plan
    // came out 2 days later, although the 27-day schedule is as feasible with four and the
    // serial scheme given its start order finds it again. (Found by a search over random
    // plans: 13 of about 7,500 `count + 1` re-compiles of plans of 8 to 27 tasks came out
    // later, 8 of about 50,000 of 5 to 12.) The genetic search over lists finds it.
    let three = compile(&format!("{CONTINUOUS}{SEVEN}"));
    let four = compile(&format!(
        "{CONTINUOUS}{}",
        set_field(SEVEN, "role = \"r0\"", "count", 4.0)
    ));
    assert_eq!(four.leveling.resources[0].capacity, 4.0);
    assert_eq!(finish_days(&three), 27.0);
    assert!(finish_days(&four) <= 27.0, "{}", finish_days(&four));
    let det = engine::deterministic(&three);
    let mut started: Vec<u32> = (0..three.tasks.len() as u32).collect();
    started.sort_by(|&a, &b| det.start[a as usize].total_cmp(&det.start[b as usize]));
    let mut duration = vec![0.0; three.tasks.len() * LANES];
    for (i, d) in det.duration.iter().enumerate() {
        duration[i * LANES] = *d;
    }
    assert_eq!(level_lane(&four, &started, &[4.0, 3.0], &duration, 0), 27.0);
}

#[test]
fn the_deterministic_plans_of_real_plans_are_not_later_with_one_more_of_any_resource() {
    // An empirical check, not a theorem (see above). Measured when this test was written: the
    // example plan 128.5 working days, 119 with a second data engineer, 110 with a second ML
    // engineer, unchanged otherwise; the benchmark with one per role 272.25, 258.3 (backend),
    // 258.25 (frontend), 270.75 (data scientist), unchanged otherwise; with two per role 227.85
    // whatever is added.
    let bench = scenario("bench-100.toml");
    let mut shorter = 0;
    for (name, text) in [
        ("dl-project", scenario("dl-project.toml")),
        ("bench-100, one per role", with_counts(&bench, 1)),
        ("bench-100, two per role", with_counts(&bench, 2)),
    ] {
        let m = compile(&text);
        let base = finish_days(&m);
        for k in 0..m.leveling.resources.len() {
            let (key, field) = resource_key(&m, k);
            let cap = m.leveling.resources[k].capacity;
            let more = compile(&set_field(&text, &key, field, cap + 1.0));
            assert_eq!(more.leveling.resources[k].capacity, cap + 1.0);
            let f = finish_days(&more);
            assert!(
                f <= base + EPS,
                "{name}: one more `{}` moves the deterministic finish from {base} to {f} working days",
                m.leveling.resources[k].name
            );
            shorter += (f < base - EPS) as usize;
        }
    }
    assert!(shorter >= 5, "{shorter}");
}

// ---------------------------------------------------------------------------------------------
// 6. Every levelled iteration is feasible.

/// Checks a schedule given per task (a deterministic plan's layout) with
/// `engine::leveling::check`: the first broken rule, in words.
fn check_feasible(
    model: &Model,
    duration: &[f64],
    start: &[f64],
    finish: &[f64],
) -> Result<(), String> {
    check::tasks(model, duration, start, finish).map_err(|e| e.to_string())
}

/// Checks lane `l` of a block.
fn check_lane(model: &Model, b: &Block, l: usize) -> Result<(), String> {
    check::lane(model, &b.inputs.duration, &b.times, l).map_err(|e| e.to_string())
}

/// Every link type with lags and leads, working-day and continuous tasks, two roles that join
/// late, a half-time role, fractional and multiple allocations, and an instance quota that two
/// runs share.
const LINKS: &str = r#"
[project]
name = "links"
start = 2027-01-04
holidays = [2027-01-18]

[[people]]
role = "dev"
count = 2
rate_per_day = 500
joins = 2027-01-13

[[people]]
role = "ds"
count = 1
availability = 0.5
rate_per_day = 600

[[people]]
role = "ops"
count = 1
rate_per_day = 400
joins = 2027-01-06
leaves = 2027-03-31

[[instances]]
type = "gpu"
on_demand_per_hour = 3
max_running = 3

[[tasks]]
id = "spec"
estimate = { likely = 3, risk = "medium" }
people = { ds = 1 }

[[tasks]]
id = "build"
depends_on = [{ task = "spec", type = "SS", lag = 1 }]
estimate = { likely = 8, risk = "high" }
people = { dev = 1.5 }

[[tasks]]
id = "api"
depends_on = [{ task = "build", type = "FF", lag = 2 }]
estimate = { likely = 5, risk = "high" }
people = { dev = 1 }

[[tasks]]
id = "ui"
depends_on = [{ task = "spec", type = "SF", lag = 4 }]
estimate = { likely = 4, risk = "medium" }
people = { dev = 0.5, ds = 0.5 }

[[tasks]]
id = "soak"
calendar = "continuous"
depends_on = [{ task = "api", type = "SS", lag = 1.5 }]
estimate = { likely = 2, risk = "high" }
people = { ops = 0.5 }

[[tasks]]
id = "train"
depends_on = [{ task = "build", type = "SS", lag = 2 }]
compute = { instance = "gpu", count = 2, hours = { likely = 60, risk = "high" } }
people = { ops = 0.5 }

[[tasks]]
id = "sweep"
depends_on = [{ task = "spec", lag = -1 }]
compute = { instance = "gpu", count = 2, hours = { likely = 40, risk = "high" } }
people = { ops = 0.5 }

[[tasks]]
id = "eval"
depends_on = [{ task = "train", type = "FF", lag = -1 }, { task = "sweep", type = "SF", lag = 1 }]
estimate = { likely = 3, risk = "medium" }
people = { ds = 1, ops = 1 }

[[tasks]]
id = "ship"
depends_on = ["api", "ui", "soak", { task = "eval", type = "SS", lag = 1 }]
estimate = 2
people = { dev = 2, ops = 1 }
"#;

/// Checks the deterministic plan and `blocks` blocks of iterations of a plan; the number of
/// lanes in which some task waited for a resource (levelling changed the schedule).
fn assert_levelled_iterations_feasible(name: &str, m: &Model, blocks: u64) -> usize {
    assert!(m.leveling.active(), "{name}");
    let det = engine::deterministic(m);
    if let Err(e) = check_feasible(m, &det.duration, &det.start, &det.finish) {
        panic!("{name}, the deterministic plan: {e}");
    }
    let mut b = Block::new(m);
    let mut waited = 0;
    for block in 0..blocks {
        let first = block * LANES as u64;
        b.inputs.draw(m, 29, first, LANES, None);
        b.schedule(m);
        for l in 0..LANES {
            if let Err(e) = check_lane(m, &b, l) {
                panic!("{name}, iteration {}: {e}", first + l as u64);
            }
            waited += (b.totals[l].finish > b.unconstrained[l] + EPS) as usize;
        }
    }
    waited
}

#[test]
fn levelled_iterations_of_plans_with_every_kind_of_constraint_are_feasible() {
    let dl = scenario("dl-project.toml");
    let llm = scenario("llm-domain-adaptation.toml");
    // Late joiners, so that `joins` holds tasks back.
    let dl_joins = dl.replace(
        "rate_per_day = 820\n",
        "rate_per_day = 820\njoins = 2027-02-01\n",
    );
    let llm_joins = llm.replace(
        "rate_per_day = 820\n",
        "rate_per_day = 820\njoins = 2027-02-15\n",
    );
    assert!(dl_joins != dl && llm_joins != llm);
    let spot = CompileOptions::plan("spot");
    let plans = [
        ("dl-project", compile(&dl)),
        ("dl-project on Spot", compile_with(&dl, &spot)),
        ("dl-project, ML engineer from February", compile(&dl_joins)),
        ("llm-domain-adaptation", compile(&llm)),
        ("llm-domain-adaptation on Spot", compile_with(&llm, &spot)),
        (
            "llm-domain-adaptation, ML engineer late",
            compile(&llm_joins),
        ),
        ("links", compile(LINKS)),
    ];
    for (name, m) in &plans {
        let waited = assert_levelled_iterations_feasible(name, m, 128);
        // Capacities change the schedule of the plans that have a binding one (the language
        // model plan's roles never overlap, and its quota fits its runs: only `joins` moves
        // it).
        if *name != "llm-domain-adaptation" && *name != "llm-domain-adaptation on Spot" {
            assert!(waited > 0, "{name}: nothing waited");
        }
    }
}

#[test]
fn the_feasibility_checker_catches_each_broken_rule() {
    // The checker must fail schedules that break a rule, or the test above proves nothing.
    let m = compile(LINKS);
    let det = engine::deterministic(&m);
    let check =
        |start: &[f64], finish: &[f64]| check_feasible(&m, &det.duration, start, finish).err();
    assert_eq!(check(&det.start, &det.finish), None);
    let at = |id: &str| m.task_index(id).unwrap();
    let moved = |i: usize, to: f64| {
        let (mut s, mut f) = (det.start.clone(), det.finish.clone());
        s[i] = to;
        f[i] = m.add_work(m.tasks[i].calendar, to, det.duration[i]);
        (s, f)
    };
    // `api` a quarter day before its finish-to-finish link from `build` allows.
    let (api, build) = (at("api"), at("build"));
    let link = m.preds_of(api)[0];
    assert_eq!(link.task as usize, build);
    let allowed = link_bound(
        &m,
        m.tasks[api].calendar,
        &link,
        det.duration[api],
        det.start[build],
        det.finish[build],
    );
    let (s, f) = moved(api, allowed - 0.25);
    let e = check(&s, &f).expect("infeasible");
    assert!(
        e.contains("`api` starts") && e.contains("FF link from `build`"),
        "{e}"
    );
    // `build` before the developers join (day 9), but after `spec` starts.
    assert!(det.start[build] >= 9.0);
    let (s, f) = moved(build, 8.0);
    let e = check(&s, &f).expect("infeasible");
    assert!(e.contains("before `dev` joins"), "{e}");
    // A finish that is not the work's end.
    let mut f = det.finish.clone();
    f[build] += 0.5;
    assert!(
        check(&det.start, &f)
            .expect("infeasible")
            .contains("work ends")
    );
    // Two plain tasks for one person at once.
    let two = compile(TWO_ON_ONE);
    let d = engine::deterministic(&two);
    assert!(check_feasible(&two, &d.duration, &d.start, &d.finish).is_ok());
    let s = vec![0.0, 0.0];
    let f: Vec<f64> = (0..2)
        .map(|i| two.add_work(two.tasks[i].calendar, 0.0, d.duration[i]))
        .collect();
    let e = check_feasible(&two, &d.duration, &s, &f).expect_err("overlap");
    assert!(e.contains("`ds` has 2 in use at 0, of 1"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// 7. Reproducibility of levelled runs.

/// Iterations `range` on `threads` threads.
fn simulate_on(
    threads: usize,
    m: &Model,
    opts: SimOptions,
    range: std::ops::Range<u64>,
) -> Outcomes {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(|| engine::simulate(m, opts, range, &|_| {}))
}

#[test]
fn levelled_runs_are_bit_identical_on_any_threads_and_any_split() {
    let m = compile(&scenario("dl-project.toml"));
    let n = 3_000;
    for sampling in [Sampling::Random, Sampling::LatinHypercube] {
        let opts = SimOptions { seed: 88, sampling };
        let one = simulate_on(1, &m, opts, 0..n);
        // What the comparison covers: the what-if, utilisations and bottlenecks all vary.
        assert_eq!(one.one_more_len(), ONE_MORE_ITERATIONS as usize);
        assert!(one.columns.bottleneck.iter().flatten().any(|&b| b));
        assert!(one.columns.bottleneck.iter().flatten().any(|&b| !b));
        let u = &one.columns.utilisation[0];
        assert!(u.iter().any(|&x| x != u[0]));
        let base = one.one_more_base();
        assert!(one.one_more_of(2).iter().zip(base).any(|(a, b)| a < b));
        assert!(
            one == simulate_on(2, &m, opts, 0..n),
            "{sampling:?}: 2 threads"
        );
        assert!(
            one == simulate_on(3, &m, opts, 0..n),
            "{sampling:?}: 3 threads"
        );
        // Split where neither half starts on a chunk (256) or block (16) boundary: once below
        // ONE_MORE_ITERATIONS (both halves hold what-if rows) and once above it.
        for k in [ONE_MORE_ITERATIONS - 95, ONE_MORE_ITERATIONS + 103] {
            assert!(k % 256 != 0 && k % LANES as u64 != 0);
            let a = simulate_on(2, &m, opts, 0..k);
            let b = simulate_on(2, &m, opts, k..n);
            assert_eq!(
                b.one_more_len(),
                (ONE_MORE_ITERATIONS as usize).saturating_sub(k as usize)
            );
            let merged = a.merge(b).expect("adjacent");
            assert!(one == merged, "{sampling:?}: split at {k}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 8. `--ignore-capacities` on the command line.

/// `riskplan run scenarios/dl-project.toml` with `args`: its JSON report.
fn run_json(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let json = dir.path().join("report.json");
    let o = Command::cargo_bin("riskplan")
        .expect("the binary is built")
        .args(["run", "scenarios/dl-project.toml", "-q", "--json"])
        .arg(&json)
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&std::fs::read_to_string(&json).expect("the report")).expect("JSON")
}

#[test]
fn ignore_capacities_on_the_command_line_gives_the_unconstrained_finish_of_the_same_seed() {
    let common = ["-n", "3000", "--seed", "4", "--threads", "2"];
    let levelled = run_json(&common);
    let mut args = common.to_vec();
    args.push("--ignore-capacities");
    let free = run_json(&args);
    assert_eq!(levelled["resource_constrained"], true);
    assert!(levelled["unconstrained"].is_object());
    assert_eq!(free["resource_constrained"], false);
    assert!(free["unconstrained"].is_null());
    // The same iterations with capacities dropped: the same numbers, bit for bit.
    assert_eq!(
        free["duration_days"],
        levelled["unconstrained"]["duration_days"]
    );
    assert_eq!(
        free["finish_date"],
        levelled["unconstrained"]["finish_date"]
    );
    // The levelled plan is later, here by more than a month.
    let det = |r: &Value| r["deterministic"]["duration_days"].as_f64().unwrap();
    assert!(
        det(&levelled) >= det(&free) + 20.0,
        "{} {}",
        det(&levelled),
        det(&free)
    );
    let p80 = |r: &Value| r["duration_days"]["p80"].as_f64().unwrap();
    assert!(p80(&levelled) > p80(&free));
    // The resources are still reported, without a what-if.
    let resources = free["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 6);
    assert!(
        resources
            .iter()
            .all(|r| r["p80_days_saved_with_one_more"].is_null())
    );
}

// ---------------------------------------------------------------------------------------------
// 9. The resource-critical path.

#[test]
fn a_task_that_waits_for_a_person_is_critical_with_the_task_that_held_them() {
    // `a` and `b` share the one data scientist, with no link between them; `c` is the tester's
    // own and short. Whichever of `a` and `b` goes second waits for the other: both are on the
    // critical path, in every iteration, and the data scientist is always the bottleneck.
    let text = format!(
        "{CONTINUOUS}\n[[people]]\nrole = \"ds\"\ncount = 1\nrate_per_day = 100\n\n\
         [[people]]\nrole = \"qa\"\ncount = 1\nrate_per_day = 100\n\n\
         [[tasks]]\nid = \"a\"\nestimate = {{ min = 6, likely = 10, max = 20 }}\npeople = {{ ds = 1 }}\n\n\
         [[tasks]]\nid = \"b\"\nestimate = {{ min = 3, likely = 5, max = 9 }}\npeople = {{ ds = 1 }}\n\n\
         [[tasks]]\nid = \"c\"\nestimate = {{ min = 1, likely = 2, max = 4 }}\npeople = {{ qa = 1 }}\n"
    );
    let m = compile(&text);
    let det = engine::deterministic(&m);
    let crit = |id: &str| det.critical[m.task_index(id).unwrap()];
    assert!(crit("a") && crit("b") && !crit("c"));
    let (_, report) = run(&m, 2_000, 6);
    let mut path = report.deterministic.critical_path.clone();
    path.sort();
    assert_eq!(path, ["a", "b"]);
    for t in &report.tasks {
        let expected = if t.id == "c" { 0.0 } else { 1.0 };
        assert_eq!(t.criticality, expected, "{}", t.id);
    }
    let share: Vec<(&str, f64)> = report
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.bottleneck_share))
        .collect();
    assert_eq!(share, [("ds", 1.0), ("qa", 0.0)]);
    // Without levelling, the shorter of the two is not critical.
    let options = CompileOptions {
        ignore_capacities: true,
        ..Default::default()
    };
    let free = compile_with(&text, &options);
    let det = engine::deterministic(&free);
    assert_eq!(det.critical, [true, false, false]);
}
