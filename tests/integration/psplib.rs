//! PSPLIB `.sm` import: the facts of a small instance, its resources through to the compiled
//! model, clear errors (file and line, never a panic) on malformed files, compile errors that
//! name the file and the task, and the command line on an instance, levelled or not.
//! `sets`: every instance of the sets in `../shared/data`, with and without capacities;
//! `patterson`: the `.rcp` format; `reference`: the published optima and bounds.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use riskplan::engine::leveling::check;
use riskplan::import::schedule::{LinkKind, ResourceKind, Schedule};
use riskplan::import::{self, psplib};
use riskplan::{Error, engine, model};

mod patterson;
mod reference;
mod sets;

/// A small instance: 5 real jobs plus the dummy source (1) and sink (7), 2 resources.
/// Paths: 1-2-4-7 = 3 + 8 = 11 (critical), 1-3-5-7 = 6, 1-3-6-7 = 10.
const SMALL: &str = "\
************************************************************************
file with basedata            : test.bas
initial value random generator: 1
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  7
horizon                       :  23
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      5      0       12        3       11
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          2           5   6
   4        1          1           7
   5        1          1           7
   6        1          1           7
   7        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    1
  3      1     4       1    0
  4      1     8       0    3
  5      1     2       1    1
  6      1     6       2    2
  7      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    3    4
************************************************************************
";

/// Writes `text` as `test.sm` in a fresh temporary directory.
fn write_sm(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("test.sm");
    std::fs::write(&path, text).expect("write the instance");
    (dir, path)
}

/// `SMALL` with 1-based line `line` replaced (or removed when `with` is None).
fn small_with(line: usize, with: Option<&str>) -> String {
    let mut lines: Vec<&str> = SMALL.lines().collect();
    match with {
        Some(w) => lines[line - 1] = w,
        None => {
            lines.remove(line - 1);
        }
    }
    lines.join("\n") + "\n"
}

/// Loads and compiles an instance file: the error a user would see, if any.
fn load_and_compile(path: &Path) -> Result<model::Model, Error> {
    let loaded = import::load(path)?;
    model::compile(&loaded.scenario, &loaded.source)
}

/// Converts a schedule as if imported from `file` and compiles it.
fn convert_and_compile(schedule: &Schedule, file: &str) -> Result<model::Model, Error> {
    let c = import::to_scenario(schedule, Path::new(file), &Default::default())?;
    let (sc, source) = (c.scenario, c.source);
    model::compile(&sc, &source)
}

/// Compiles an imported plan with its capacities ignored: the plain network schedule.
fn unlevelled(loaded: &import::Loaded) -> model::Model {
    let options = model::CompileOptions {
        ignore_capacities: true,
        ..Default::default()
    };
    model::compile_with(&loaded.scenario, &loaded.source, &options).expect("it compiles")
}

/// The ids of the tasks on a deterministic plan's critical path, in model order.
fn critical_ids<'a>(m: &'a model::Model, s: &engine::DeterministicSchedule) -> Vec<&'a str> {
    m.tasks
        .iter()
        .enumerate()
        .filter(|&(i, _)| s.critical[i])
        .map(|(_, t)| t.id.as_str())
        .collect()
}

/// `../shared/data/psplib/SET`, or None (saying so) when the data folder is absent; CI must
/// have it (see [`crate::common::shared_data`]).
fn data_set(set: &str) -> Option<PathBuf> {
    crate::common::shared_data(&format!("psplib/{set}"), &format!("a PSPLIB {set} check"))
}

/// The units of each resource a task is assigned, as (resource, units), in file order.
fn demands<'a>(schedule: &'a Schedule, task: &str) -> Vec<(&'a str, f64)> {
    schedule
        .assignments
        .iter()
        .filter(|a| a.task == task)
        .map(|a| (a.resource.as_str(), a.units))
        .collect()
}

/// The allocations of a compiled task, as (role, units).
fn allocations<'a>(m: &'a model::Model, task: &str) -> Vec<(&'a str, f64)> {
    let t = m.tasks.iter().find(|t| t.id == task).expect("the task");
    t.people
        .iter()
        .map(|&(r, units)| (m.roles[r as usize].name.as_str(), units))
        .collect()
}

#[test]
fn a_small_instance_gives_its_facts_and_one_task_per_job() {
    let (_dir, path) = write_sm(SMALL);
    let (schedule, inst) = psplib::load(&path).expect("the instance parses");
    assert_eq!(schedule.tasks.len(), 7);
    assert_eq!(inst.mpm_time, 11);
    assert_eq!(inst.horizon, Some(23));
    assert_eq!(inst.due_date, 12);
    assert_eq!(inst.tardiness_cost, 3);
    assert_eq!(schedule.name, "test");
    let durations: Vec<f64> = schedule.tasks.iter().map(|t| t.duration_days).collect();
    assert_eq!(durations, [0.0, 3.0, 4.0, 8.0, 2.0, 6.0, 0.0]);
    let successors = |task: &str| -> Vec<&str> {
        schedule
            .links
            .iter()
            .filter(|l| l.predecessor == task)
            .map(|l| l.successor.as_str())
            .collect()
    };
    assert_eq!(successors("j1"), ["j2", "j3"]);
    assert_eq!(successors("j3"), ["j5", "j6"]);
    assert!(successors("j7").is_empty());
    assert!(
        schedule
            .links
            .iter()
            .all(|l| l.kind == LinkKind::FS && l.lag_days == 0.0)
    );
    // Requests of 0 are no assignment.
    assert_eq!(demands(&schedule, "j6"), [("R1", 2.0), ("R2", 2.0)]);
    assert_eq!(demands(&schedule, "j4"), [("R2", 3.0)]);
    assert!(demands(&schedule, "j1").is_empty());
    let caps: Vec<(&str, ResourceKind, Option<f64>, Option<f64>)> = schedule
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r.kind, r.capacity, r.total))
        .collect();
    assert_eq!(
        caps,
        [
            ("R1", ResourceKind::Renewable, Some(3.0), None),
            ("R2", ResourceKind::Renewable, Some(4.0), None)
        ]
    );

    // The scenario: tasks j1..j7, fixed durations, continuous calendar, FS links.
    let loaded = import::load(&path).expect("the instance loads");
    assert_eq!(loaded.schedule.as_ref(), Some(&schedule));
    let (sc, source) = (&loaded.scenario, &loaded.source);
    assert!(!source.has_positions());
    let ids: Vec<&str> = sc.tasks.iter().map(|t| t.id.get_ref().as_str()).collect();
    assert_eq!(ids, ["j1", "j2", "j3", "j4", "j5", "j6", "j7"]);
    let deps: Vec<&str> = sc.tasks[6]
        .depends_on
        .iter()
        .map(|d| d.get_ref().task.as_str())
        .collect();
    assert_eq!(deps, ["j4", "j5", "j6"]);
    assert_eq!(
        sc.project.calendar,
        riskplan::scenario::CalendarKind::Continuous
    );

    let m = model::compile(sc, source).expect("the instance compiles");
    let roles: Vec<(&str, Option<f64>, f64)> = m
        .roles
        .iter()
        .map(|r| (r.name.as_str(), r.count, r.rate_per_day))
        .collect();
    assert_eq!(roles, [("R1", Some(3.0), 0.0), ("R2", Some(4.0), 0.0)]);
    // Capacities are given, so the instance is levelled by default; its resources are paid
    // by their assignments (the rates are 0 anyway), never as a payroll.
    assert!(m.leveling.enforced);
    let capacities: Vec<(&str, f64)> = m
        .leveling
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.capacity))
        .collect();
    assert_eq!(capacities, [("R1", 3.0), ("R2", 4.0)]);
    assert!(m.roles.iter().all(|r| r.paid == model::Paid::Assigned));
    assert!(m.roles.iter().all(|r| r.payroll().is_none()));
    let j2 = m.task_index("j2").expect("j2");
    assert_eq!(m.leveling.demands_of(j2), [(0, 2.0), (1, 1.0)]);
    assert_eq!(allocations(&m, "j2"), [("R1", 2.0), ("R2", 1.0)]);
    assert!(allocations(&m, "j7").is_empty());
    // Levelled: j4 (3 of R2) and j6 (2 of R2) cannot overlap with 4 of R2, so j6 follows j4
    // (j4 following j6 would end at 18).
    let s = engine::deterministic(&m);
    assert_eq!(s.totals.finish, 17.0);
    check::plan(&m, &s).expect("a feasible plan");
    assert_eq!(critical_ids(&m, &s), ["j1", "j2", "j4", "j6", "j7"]);
    // Without the capacities: the critical path of the file's MPM-Time.
    let free = unlevelled(&loaded);
    assert!(!free.leveling.active() && free.leveling.resources.len() == 2);
    let s = engine::deterministic(&free);
    assert_eq!(s.totals.finish, 11.0);
    assert_eq!(critical_ids(&free, &s), ["j1", "j2", "j4", "j7"]);
}

#[test]
fn a_nonrenewable_resource_is_a_consumable_stock_and_no_role() {
    // The second resource becomes `N 1`: a stock of 4 for the whole project.
    let (_dir, path) = write_sm(&small_with(39, Some("  R 1  N 1")));
    let loaded = import::load(&path).expect("the instance loads");
    let schedule = loaded
        .schedule
        .as_ref()
        .expect("an import has its schedule");
    let n1 = &schedule.resources[1];
    assert_eq!(
        (n1.id.as_str(), n1.kind, n1.capacity, n1.total),
        ("N1", ResourceKind::Consumable, None, Some(4.0))
    );
    // Job 4 asks for `0 3`: three units of the stock in all.
    assert_eq!(demands(schedule, "j4"), [("N1", 3.0)]);
    let m = model::compile(&loaded.scenario, &loaded.source).expect("it compiles");
    let roles: Vec<&str> = m.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(roles, ["R1"]);
    assert!(allocations(&m, "j4").is_empty());
    assert_eq!(allocations(&m, "j6"), [("R1", 2.0)]);
}

#[test]
fn a_malformed_instance_is_a_clear_error_with_file_and_line() {
    // (line to replace, its new text or None to delete it, line of the error, words the
    // message must contain, true for a syntax error).
    type Case<'a> = (usize, Option<&'a str>, usize, &'a [&'a str], bool);
    let cases: &[Case] = &[
        (
            32,
            Some("  3      1     x4       1    0"),
            32,
            &["duration of job 3", "whole number", "`x4`"],
            true,
        ),
        (
            32,
            Some("  3      1     -4       1    0"),
            32,
            &["duration of job 3", "`-4`"],
            true,
        ),
        (
            22,
            Some("   4        1          1           9"),
            22,
            &["successor of job 4", "job 9", "numbered 1 to 7"],
            false,
        ),
        (
            21,
            Some("   3        1          3           5   6"),
            21,
            &["job 3 declares 3 successors but lists 2"],
            true,
        ),
        (
            33,
            Some("  4      1     8       0"),
            33,
            &["job 4", "4 columns", "expected 5"],
            true,
        ),
        (
            20,
            Some("   2        1          1           2"),
            20,
            &["job 2 lists itself as a successor"],
            false,
        ),
        (
            20,
            Some("   2        3          1           4"),
            20,
            &["job 2 has 3 modes", "single-mode"],
            false,
        ),
        (
            21,
            Some("   2        1          2           5   6"),
            21,
            &["job 2 is listed twice", "first on line 20"],
            false,
        ),
        (
            6,
            Some("jobs (incl. supersource/sink ):  8"),
            6,
            &["declares 8 jobs", "lists 7"],
            false,
        ),
        (
            15,
            Some("    1      5      0       12        3"),
            15,
            &["5 values", "6 columns"],
            true,
        ),
        (
            40,
            Some("    3"),
            40,
            &["1 resource capacities", "2 resources"],
            true,
        ),
        (
            39,
            None,
            39,
            &["RESOURCEAVAILABILITIES header must name resources"],
            true, // the capacity row is read as the header: no resource names
        ),
    ];
    for &(line, with, at, words, syntax) in cases {
        let text = small_with(line, with);
        let (_dir, path) = write_sm(&text);
        let err = match psplib::load(&path) {
            Ok(_) => panic!("line {line} = {with:?}: expected an error"),
            Err(e) => e,
        };
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("test.sm:{at}:")),
            "line {line} = {with:?}: `{msg}` should point at line {at}"
        );
        for w in words {
            assert!(msg.contains(w), "`{msg}` should say `{w}`");
        }
        assert!(!msg.contains('\n'), "one line: `{msg}`");
        assert!(err.is_bad_input());
        assert_eq!(
            matches!(err, Error::Syntax { .. }),
            syntax,
            "line {line}: {err:?}"
        );
    }
}

#[test]
fn a_missing_section_is_named() {
    let text: String = SMALL
        .lines()
        .filter(|l| !l.starts_with("RESOURCEAVAILABILITIES"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_dir, path) = write_sm(&text);
    let msg = psplib::load(&path).unwrap_err().to_string();
    assert!(
        msg.contains("test.sm:") && msg.contains("`RESOURCEAVAILABILITIES:` section is missing"),
        "{msg}"
    );
}

#[test]
fn a_cycle_names_its_jobs_and_the_file_without_a_line() {
    // 7 -> 1 closes the loop j1 -> j2 -> j4 -> j7 -> j1. The file parses; the model finds the
    // cycle in the converted scenario, which has no lines to point at.
    let text = small_with(25, Some("   7        1          1           1"));
    let (_dir, path) = write_sm(&text);
    let err = load_and_compile(&path).unwrap_err();
    assert!(matches!(err, Error::Import { .. }) && err.is_bad_input());
    let msg = err.to_string();
    // The file, then the message: no line and column between them.
    let file = format!("{}: ", path.display());
    assert!(msg.starts_with(&file), "{msg}");
    assert!(
        msg.contains("dependency cycle: `j1` -> `j2` -> `j4` -> `j7` -> `j1`"),
        "{msg}"
    );
}

#[test]
fn compile_errors_on_an_imported_schedule_name_the_file_and_the_task() {
    let (_dir, path) = write_sm(SMALL);
    let (schedule, _) = psplib::load(&path).expect("the instance parses");

    // A link j6 -> j3 closes j3 -> j6 -> j3.
    let mut cyclic = schedule.clone();
    let mut back = cyclic.links[0].clone();
    back.predecessor = "j6".into();
    back.successor = "j3".into();
    cyclic.links.push(back);
    let msg = convert_and_compile(&cyclic, "j301_1.sm")
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("j301_1.sm: dependency cycle: `j3` -> `j6` -> `j3`"),
        "{msg}"
    );

    let mut negative = schedule.clone();
    negative.tasks[6].duration_days = -2.0;
    let msg = convert_and_compile(&negative, "j301_1.sm")
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with("j301_1.sm: task `j7`: "), "{msg}");
    assert!(msg.contains("must not be negative (got -2)"), "{msg}");

    let mut zero = schedule;
    zero.resources[1].capacity = Some(0.0);
    let msg = convert_and_compile(&zero, "j301_1.sm")
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("j301_1.sm: role `R2` has count 0; "),
        "{msg}"
    );
}

#[test]
fn every_truncation_of_an_instance_is_an_error_or_a_plan_never_a_panic() {
    for end in 0..SMALL.len() {
        let source = riskplan::scenario::Source {
            path: "cut.sm".into(),
            text: SMALL[..end].to_string(),
        };
        let result = std::panic::catch_unwind(|| {
            psplib::parse(&source)
                .and_then(|(schedule, _)| convert_and_compile(&schedule, "cut.sm"))
        });
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                let msg = e.to_string();
                assert!(msg.starts_with("cut.sm:"), "cut at {end}: {msg}");
            }
            Err(_) => panic!("cut at byte {end} panicked"),
        }
    }
    // The whole text parses (so the loop above saw both outcomes).
    let source = riskplan::scenario::Source {
        path: "whole.sm".into(),
        text: SMALL.into(),
    };
    assert!(psplib::parse(&source).is_ok());
}

#[test]
fn the_command_line_checks_and_runs_an_instance() {
    let (_dir, path) = write_sm(SMALL);
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("7 tasks"), "{stdout}");
    assert!(
        stdout.contains("Deterministic plan (levelled to the team and quotas): 17.0 days"),
        "{stdout}"
    );
    let critical: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Critical path"))
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(critical, ["j1", "j2", "j4", "j6", "j7"], "{stdout}");

    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .args(["run", "-n", "500", "--json", "-"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["deterministic"]["duration_days"], 17.0);
    assert_eq!(json["duration_days"]["p99"], 17.0);
    assert_eq!(json["scenario"], "test");
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .args(["run", "-n", "500", "--ignore-capacities", "--json", "-"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["deterministic"]["duration_days"], 11.0);

    // A malformed instance: exit code 2 and the line, through the extension dispatch.
    let (_dir2, bad) = write_sm(&small_with(31, Some("  2      1     3       2")));
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .arg("check")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("test.sm:31:") && stderr.contains("job 2"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
