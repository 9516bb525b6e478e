//! Capacities in the scenario file and what they compile to: roles with a `count` (or a pool
//! without one), `availability`, `joins`, `leaves` and `paid`; instance quotas
//! (`max_running`). Every rule has a test that fails without it.

use assert_cmd::Command;
use riskplan::model::{self, CompileOptions, Paid, Work};
use riskplan::scenario;

use crate::common::{CONTINUOUS, compile, compile_error, compile_with};

/// The error of compiling scenario text with `plan` applied.
fn plan_error(text: &str, plan: &str) -> String {
    let source = scenario::Source {
        path: "test.toml".into(),
        text: text.into(),
    };
    match scenario::parse(&source)
        .and_then(|sc| model::compile_with(&sc, &source, &CompileOptions::plan(plan)))
    {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

fn assert_has(message: &str, parts: &[&str]) {
    for p in parts {
        assert!(message.contains(p), "`{p}` not in: {message}");
    }
}

/// One role `dev` with the fields given, and a task that needs one of it.
fn one_role(fields: &str) -> String {
    format!(
        "{CONTINUOUS}\n[[people]]\nrole = \"dev\"\nrate_per_day = 500\n{fields}\n\n\
         [[tasks]]\nid = \"build\"\nestimate = 4\npeople = {{ dev = 1 }}\n"
    )
}

/// One instance type `gpu` with the fields given, a compute task `train` on `count` of them,
/// and `plans` after.
fn one_gpu(fields: &str, count: u32, plans: &str) -> String {
    format!(
        "{CONTINUOUS}\n[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\n{fields}\n\n\
         [[instances]]\ntype = \"big\"\non_demand_per_hour = 30\nmax_running = 1\n\n\
         [[tasks]]\nid = \"train\"\ncompute = {{ instance = \"gpu\", count = {count}, hours = 10 }}\n\n{plans}"
    )
}

// ---------------------------------------------------------------------------------------------
// Roles.

#[test]
fn a_role_without_a_count_is_a_pool_paid_as_assigned() {
    let m = compile(&one_role(""));
    let r = &m.roles[0];
    assert_eq!(r.count, None);
    assert_eq!(r.paid, Paid::Assigned);
    assert_eq!(r.payroll(), None);
    assert_eq!(
        (r.availability, r.joins, r.leaves),
        (1.0, 0.0, f64::INFINITY)
    );
    // A pool may give any allocation.
    let m = compile(&one_role("").replace("dev = 1", "dev = 7"));
    assert_eq!(m.tasks[0].people, [(0, 7.0)]);
}

#[test]
fn a_team_with_a_count_is_paid_throughout_unless_told_otherwise() {
    let m = compile(&one_role("count = 3"));
    assert_eq!(m.roles[0].count, Some(3.0));
    assert_eq!(m.roles[0].paid, Paid::Throughout);
    assert_eq!(m.roles[0].payroll(), Some(3.0));
    let m = compile(&one_role("count = 3\npaid = \"assigned\""));
    assert_eq!(m.roles[0].paid, Paid::Assigned);
    assert_eq!(m.roles[0].payroll(), None);
    let m = compile(&one_role("count = 3\npaid = \"throughout\""));
    assert_eq!(m.roles[0].paid, Paid::Throughout);
    let m = compile(&one_role("paid = \"assigned\""));
    assert_eq!(m.roles[0].paid, Paid::Assigned);
}

#[test]
fn paid_throughout_needs_a_count() {
    let e = compile_error(&one_role("paid = \"throughout\""));
    assert_has(
        &e,
        &[
            "test.toml:9:",
            "role `dev` is paid throughout but has no count; give count = N or paid = \"assigned\"",
        ],
    );
    let e = compile_error(&one_role("paid = \"salary\""));
    assert_has(&e, &["test.toml:9:", "salary", "assigned", "throughout"]);
}

#[test]
fn a_count_must_be_a_finite_number_above_zero() {
    for (count, words) in [
        ("0", &["role `dev` has count 0; ", "leave `count` out"][..]),
        ("-2", &["role `dev` has count -2; "]),
        ("0.0", &["role `dev` has count 0; "]),
        ("inf", &["role `dev` has count inf; ", "finite"]),
        ("nan", &["role `dev` has count NaN; ", "finite"]),
    ] {
        let e = compile_error(&one_role(&format!("count = {count}")));
        assert!(e.starts_with("test.toml:9:"), "{e}");
        assert_has(&e, words);
    }
}

#[test]
fn availability_is_a_share_above_zero_and_at_most_one() {
    for a in ["0", "1.5", "-0.5", "nan"] {
        let e = compile_error(&one_role(&format!("availability = {a}")));
        assert!(e.starts_with("test.toml:9:"), "{a}: {e}");
        assert_has(
            &e,
            &["role `dev` has availability", "more than 0 and at most 1"],
        );
    }
    assert_eq!(
        compile(&one_role("availability = 1")).roles[0].availability,
        1.0
    );
    assert_eq!(
        compile(&one_role("availability = 0.25")).roles[0].availability,
        0.25
    );
}

#[test]
fn joins_and_leaves_become_days_of_the_timeline() {
    // The project starts on Monday 2027-01-04: day 0.
    let m = compile(&one_role(
        "count = 1\njoins = 2027-01-11\nleaves = 2027-01-15",
    ));
    let r = &m.roles[0];
    // From the start of the day it joins, through the end of the day it leaves.
    assert_eq!((r.joins, r.leaves), (7.0, 12.0));
    // A date before the start is the start; one day's stay is a day.
    let m = compile(&one_role(
        "count = 1\njoins = 2026-12-01\nleaves = \"2027-01-04\"",
    ));
    assert_eq!((m.roles[0].joins, m.roles[0].leaves), (0.0, 1.0));
    let m = compile(&one_role("joins = 2027-01-05\nleaves = 2027-01-05"));
    assert_eq!((m.roles[0].joins, m.roles[0].leaves), (1.0, 2.0));
}

#[test]
fn leaving_before_joining_or_before_the_start_is_refused() {
    let e = compile_error(&one_role(
        "count = 1\njoins = 2027-02-01\nleaves = 2027-01-29",
    ));
    assert_has(
        &e,
        &[
            "test.toml:11:",
            "role `dev` leaves on 2027-01-29, before it joins on 2027-02-01",
        ],
    );
    let e = compile_error(&one_role("count = 1\nleaves = 2027-01-03"));
    assert_has(
        &e,
        &[
            "test.toml:10:",
            "role `dev` leaves on 2027-01-03, before the project starts on 2027-01-04",
        ],
    );
    let e = compile_error(&one_role("joins = \"next week\""));
    assert_has(&e, &["test.toml:9:", "`next week` is not a date"]);
}

// ---------------------------------------------------------------------------------------------
// Instance quotas.

#[test]
fn max_running_is_a_whole_number_of_at_least_one() {
    for x in ["0", "-1"] {
        let e = compile_error(&one_gpu(&format!("max_running = {x}"), 1, ""));
        assert_has(
            &e,
            &[
                "test.toml:9:",
                &format!("instance type `gpu` has max_running {x}; "),
                "at least 1",
            ],
        );
    }
    let e = compile_error(&one_gpu("max_running = 1.5", 1, ""));
    assert_has(&e, &["test.toml:9:", "expected i64"]);
    let m = compile(&one_gpu("max_running = 4", 4, ""));
    assert_eq!(m.instances[0].max_running, Some(4));
    assert_eq!(m.instances[1].max_running, Some(1));
}

#[test]
fn a_compute_task_may_not_run_more_instances_than_its_quota() {
    let e = compile_error(&one_gpu("max_running = 4", 8, ""));
    assert_has(
        &e,
        &[
            "test.toml:18:",
            "task `train` runs on 8 instances of `gpu`, but instance type `gpu` may run at most 4 at once",
            "max_running",
        ],
    );
    // As many as the quota is fine.
    compile(&one_gpu("max_running = 4", 4, ""));
}

#[test]
fn a_plan_may_not_break_a_quota_either() {
    let plans = "[[plans]]\nname = \"wide\"\n[plans.tasks.train]\ncount = 6\n\n\
                 [[plans]]\nname = \"all-wide\"\ncount = 5\n\n\
                 [[plans]]\nname = \"big\"\n[plans.tasks.train]\ninstance = \"big\"\n\n\
                 [[plans]]\nname = \"fits\"\n[plans.tasks.train]\ncount = 4\n";
    let text = one_gpu("max_running = 4", 2, plans);
    // As written, and with the plan that fits, it compiles.
    compile(&text);
    let m = compile_with(&text, &CompileOptions::plan("fits"));
    assert!(matches!(m.tasks[0].work, Work::Compute { count: 4, .. }));
    let e = plan_error(&text, "wide");
    assert_has(
        &e,
        &[
            "test.toml:22:",
            "plan `wide` runs task `train` on 6 instances of `gpu`, but instance type `gpu` may run at most 4 at once",
        ],
    );
    let e = plan_error(&text, "all-wide");
    assert_has(
        &e,
        &[
            "test.toml:26:",
            "plan `all-wide` runs task `train` on 5 instances of `gpu`",
            "at most 4",
        ],
    );
    // Moving the task to a type with a smaller quota.
    let e = plan_error(&text, "big");
    assert_has(
        &e,
        &[
            "plan `big` runs task `train` on 2 instances of `big`",
            "at most 1 at once",
        ],
    );
}

#[test]
fn check_compiles_every_plan_and_catches_a_broken_quota() {
    let plans = "[[plans]]\nname = \"fits\"\n\n[[plans]]\nname = \"wide\"\ncount = 6\n";
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("test.toml"),
        one_gpu("max_running = 4", 2, plans),
    )
    .unwrap();
    let o = Command::cargo_bin("riskplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "test.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_has(
        &err,
        &["plan `wide` runs task `train` on 6 instances", "at most 4"],
    );
}
