//! Capacities in the scenario file and what they compile to: roles with a `count` (or a pool
//! without one), `availability`, `joins`, `leaves` and `paid`; instance quotas
//! (`max_running`); `resource_constrained`, `priority` and `--ignore-capacities`; the
//! resources and each task's demands on them. Every rule has a test that fails without it.

use assert_cmd::Command;
use riskplan::model::{self, CompileOptions, Paid, PriorityRule, ResourceKind, Work};
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
    // Nothing limits it: no resource, nothing to level.
    assert!(m.leveling.resources.is_empty());
    assert!(!m.leveling.enforced);
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
fn a_half_available_person_stretches_a_task_to_twice_its_work() {
    let text = format!(
        "{CONTINUOUS}\n[[people]]\nrole = \"dev\"\nrate_per_day = 500\navailability = 0.5\n\n\
         [[people]]\nrole = \"ops\"\nrate_per_day = 400\navailability = 0.8\n\n\
         [[people]]\nrole = \"lead\"\nrate_per_day = 900\n\n\
         [[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\n\n\
         [[tasks]]\nid = \"both\"\nestimate = 4\npeople = {{ dev = 1, ops = 0.5 }}\n\n\
         [[tasks]]\nid = \"ops-only\"\nestimate = 4\npeople = {{ ops = 1, lead = 1 }}\n\n\
         [[tasks]]\nid = \"lead-only\"\nestimate = 4\npeople = {{ lead = 1 }}\n\n\
         [[tasks]]\nid = \"nobody\"\nestimate = 4\n\n\
         [[tasks]]\nid = \"train\"\npeople = {{ dev = 1 }}\ncompute = {{ instance = \"gpu\", hours = 10 }}\n"
    );
    let m = compile(&text);
    let stretch = |id: &str| m.tasks[m.task_index(id).unwrap()].stretch;
    // The least available person sets the pace.
    assert_eq!(stretch("both"), 2.0);
    assert_eq!(stretch("ops-only"), 1.25);
    assert_eq!(stretch("lead-only"), 1.0);
    assert_eq!(stretch("nobody"), 1.0);
    // A compute run takes as long as the run, whoever watches it.
    assert_eq!(stretch("train"), 1.0);
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
    assert_eq!(m.leveling.resources[0].from, 7.0);
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
                "a whole number from 1 to 100,000",
            ],
        );
    }
    let e = compile_error(&one_gpu("max_running = 1.5", 1, ""));
    assert_has(
        &e,
        &[
            "test.toml:9:",
            "`max_running` must be a whole number of instances, not the number 1.5",
        ],
    );
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

// ---------------------------------------------------------------------------------------------
// Levelling: whether, in which order of priority, and what each task demands.

#[test]
fn capacities_are_levelled_by_default_when_any_is_given() {
    assert!(!compile(&one_role("")).leveling.enforced);
    assert!(compile(&one_role("count = 2")).leveling.enforced);
    assert!(!compile(&one_gpu("", 1, "")).leveling.resources.is_empty());
    let no_quota = one_gpu("", 1, "").replace("max_running = 1\n", "");
    assert!(!compile(&no_quota).leveling.enforced);
    assert!(
        compile(&one_gpu("max_running = 3", 1, ""))
            .leveling
            .enforced
    );
    // Said outright.
    let off = one_role("count = 2").replace(
        "calendar = \"continuous\"\n",
        "calendar = \"continuous\"\nresource_constrained = false\n",
    );
    let m = compile(&off);
    assert!(!m.leveling.enforced);
    assert_eq!(m.leveling.resources.len(), 1, "still reported on");
    let on = one_role("").replace(
        "calendar = \"continuous\"\n",
        "calendar = \"continuous\"\nresource_constrained = true\n",
    );
    assert!(compile(&on).leveling.enforced);
}

#[test]
fn ignore_capacities_turns_the_levelling_off() {
    let text = one_role("count = 2");
    let options = CompileOptions {
        ignore_capacities: true,
        ..Default::default()
    };
    let m = compile_with(&text, &options);
    assert!(!m.leveling.enforced && !m.leveling.active());
    assert_eq!(m.leveling.resources.len(), 1);
    assert!(
        compile_with(&text, &CompileOptions::default())
            .leveling
            .active()
    );
}

#[test]
fn run_and_compare_take_ignore_capacities() {
    let plans = "[[plans]]\nname = \"a\"\n\n[[plans]]\nname = \"b\"\ncount = 2\n";
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("test.toml"),
        one_gpu("max_running = 2", 1, plans),
    )
    .unwrap();
    for command in ["run", "compare"] {
        let o = Command::cargo_bin("riskplan")
            .unwrap()
            .current_dir(dir.path())
            .args([
                command,
                "test.toml",
                "-n",
                "200",
                "-q",
                "--ignore-capacities",
            ])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn the_priority_rule_is_named_in_project() {
    let with = |rule: &str| {
        one_role("count = 1").replace(
            "calendar = \"continuous\"\n",
            &format!("calendar = \"continuous\"\npriority = \"{rule}\"\n"),
        )
    };
    assert_eq!(
        compile(&one_role("count = 1")).leveling.rule,
        PriorityRule::LatestFinish
    );
    for (name, rule) in [
        ("lft", PriorityRule::LatestFinish),
        ("lst", PriorityRule::LatestStart),
        ("mts", PriorityRule::MostSuccessors),
        ("grpw", PriorityRule::RankPositionalWeight),
        ("spt", PriorityRule::ShortestFirst),
        ("file", PriorityRule::FileOrder),
    ] {
        assert_eq!(compile(&with(name)).leveling.rule, rule, "{name}");
    }
    let e = compile_error(&with("fastest"));
    assert_has(
        &e,
        &[
            "test.toml:5:",
            "fastest",
            "`lft`, `lst`, `mts`, `grpw`, `spt`, `file`",
        ],
    );
}

#[test]
fn resources_and_demands_follow_the_model_order() {
    // The file lists `test` before the tasks it depends on: model positions are
    // topological (prep 0, train 1, test 2, crunch 3), and demands are indexed by position.
    let text = format!(
        "{CONTINUOUS}\n[[people]]\nrole = \"dev\"\ncount = 2\nrate_per_day = 500\njoins = 2027-01-06\n\n\
         [[people]]\nrole = \"pool\"\nrate_per_day = 300\n\n\
         [[people]]\nrole = \"qa\"\ncount = 1\nrate_per_day = 400\n\n\
         [[instances]]\ntype = \"cpu\"\non_demand_per_hour = 1\n\n\
         [[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\nmax_running = 4\n\n\
         [[tasks]]\nid = \"test\"\ndepends_on = [\"train\"]\nestimate = 2\npeople = {{ qa = 1, dev = 0.5, pool = 3 }}\n\n\
         [[tasks]]\nid = \"train\"\ndepends_on = [\"prep\"]\npeople = {{ dev = 1 }}\n\
         compute = {{ instance = \"gpu\", count = 3, hours = 10 }}\n\n\
         [[tasks]]\nid = \"prep\"\nestimate = 3\npeople = {{ pool = 1 }}\n\n\
         [[tasks]]\nid = \"crunch\"\ndepends_on = [\"prep\"]\ncompute = {{ instance = \"cpu\", count = 8, hours = 2 }}\n\n\
         [[tasks]]\nid = \"pm\"\npeople = {{ dev = 1, qa = 1 }}\nlevel_of_effort = {{ from = \"prep\", to = \"test\" }}\n\n\
         [[plans]]\nname = \"two\"\n[plans.tasks.train]\ncount = 2\n"
    );
    let m = compile(&text);
    let ids: Vec<&str> = m.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["prep", "train", "test", "crunch"]);
    let resources: Vec<(&str, ResourceKind, f64, f64)> = m
        .leveling
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.kind, r.capacity, r.from))
        .collect();
    // Roles with a count, in role order, then instance types with a quota.
    assert_eq!(
        resources,
        [
            ("dev", ResourceKind::Role(0), 2.0, 2.0),
            ("qa", ResourceKind::Role(2), 1.0, 0.0),
            ("gpu", ResourceKind::Instance(1), 4.0, 0.0),
        ]
    );
    // The pool and the unlimited `cpu` demand nothing; roles in the task's (name) order, then
    // the instances. The level-of-effort `pm` is no task of the network and demands nothing.
    assert_eq!(m.leveling.demand_offsets, [0, 0, 2, 4, 4]);
    assert_eq!(m.leveling.demands, [(0, 1.0), (2, 3.0), (0, 0.5), (1, 1.0)]);
    assert_eq!(m.leveling.demands_of(1), [(0, 1.0), (2, 3.0)]);
    // The levelling order lists every task once, each after its predecessors.
    let mut sorted = m.leveling.order.clone();
    sorted.sort();
    assert_eq!(sorted, [0, 1, 2, 3]);
    let at = |t: u32| m.leveling.order.iter().position(|&x| x == t).unwrap();
    for i in 0..m.tasks.len() {
        for p in m.preds_of(i) {
            assert!(at(p.task) < at(i as u32));
        }
    }
    assert!(m.leveling.active());
    // The plan in force sets the instances demanded.
    let m = compile_with(&text, &CompileOptions::plan("two"));
    assert_eq!(m.leveling.demands_of(1), [(0, 1.0), (2, 2.0)]);
}
