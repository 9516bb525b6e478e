//! A team through levelling: one person cannot do two things at once, so two tasks for them
//! finish at the sum of their durations, not the maximum; a part-time person takes longer and
//! costs the work, not the span; a salaried team costs its payroll.

use riskplan::engine;
use riskplan::model::CompileOptions;

use super::{TWO_ON_ONE, days, finish_days, same};
use crate::common::{compile, compile_with, run};

// ---------------------------------------------------------------------------------------------
// One person, two tasks: the sum, not the maximum.

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
// A half-available person: twice the span, the work's person-days and cost.

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
// Payroll: rate x count x availability x paid working days.

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
