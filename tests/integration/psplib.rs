//! PSPLIB `.sm` import: the facts of a small instance, clear errors (file and line, never a
//! panic) on malformed files, the command line on an instance, and the deterministic forward
//! pass against the published MPM-Time of every j30 and j120 instance in `../shared/data`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use riskplan::import::psplib::{self, ResourceKind};
use riskplan::{Error, engine, model};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/psplib");

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
    let (sc, source, _) = psplib::load(path)?;
    model::compile(&sc, &source)
}

#[test]
fn a_small_instance_gives_its_facts_and_one_task_per_job() {
    let (_dir, path) = write_sm(SMALL);
    let (sc, source, inst) = psplib::load(&path).expect("the instance parses");
    assert_eq!(inst.jobs.len(), 7);
    assert_eq!(inst.mpm_time, 11);
    assert_eq!(inst.horizon, Some(23));
    assert_eq!(inst.due_date, 12);
    assert_eq!(inst.tardiness_cost, 3);
    let durations: Vec<u32> = inst.jobs.iter().map(|j| j.duration).collect();
    assert_eq!(durations, [0, 3, 4, 8, 2, 6, 0]);
    assert_eq!(inst.jobs[0].successors, [2, 3]);
    assert_eq!(inst.jobs[2].successors, [5, 6]);
    assert!(inst.jobs[6].successors.is_empty());
    assert_eq!(inst.jobs[5].requests, [2, 2]);
    assert_eq!(inst.jobs[3].requests, [0, 3]);
    let caps: Vec<(&str, ResourceKind, u32)> = inst
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.kind, r.capacity))
        .collect();
    assert_eq!(
        caps,
        [
            ("R1", ResourceKind::Renewable, 3),
            ("R2", ResourceKind::Renewable, 4)
        ]
    );
    assert_eq!(inst.predecessors()[6], [4, 5, 6]);

    // The scenario: tasks j1..j7, fixed durations, continuous calendar, FS links.
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

    let m = model::compile(&sc, &source).expect("the instance compiles");
    let s = engine::deterministic(&m);
    let det = s.totals;
    assert_eq!(det.finish, 11.0);
    let critical: Vec<&str> = m
        .tasks
        .iter()
        .enumerate()
        .filter(|&(i, _)| s.critical[i])
        .map(|(_, t)| t.id.as_str())
        .collect();
    assert_eq!(critical, ["j1", "j2", "j4", "j7"]);
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
fn a_cycle_names_its_jobs_and_the_line_of_the_first() {
    // 7 -> 1 closes the loop j1 -> j2 -> j4 -> j7 -> j1.
    let text = small_with(25, Some("   7        1          1           1"));
    let (_dir, path) = write_sm(&text);
    let msg = load_and_compile(&path).unwrap_err().to_string();
    assert!(msg.contains("test.sm:19:"), "{msg}");
    assert!(
        msg.contains("dependency cycle: `j1` -> `j2` -> `j4` -> `j7` -> `j1`"),
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
            psplib::parse(&source).and_then(|(sc, _)| model::compile(&sc, &source))
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
    assert!(stdout.contains("Deterministic plan: 11.0 days"), "{stdout}");
    let critical: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Critical path:"))
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(critical, ["j1", "j2", "j4", "j7"], "{stdout}");

    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .args(["run", "-n", "500", "--json", "-"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["deterministic"]["duration_days"], 11.0);
    assert_eq!(json["duration_days"]["p99"], 11.0);
    assert_eq!(json["scenario"], "test");

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

/// Checks every `.sm` file of `../shared/data/psplib/SET`: the forward pass of the imported
/// plan equals the file's MPM-Time. Returns how many instances were checked (None when the
/// data folder is absent).
fn forward_pass_equals_mpm_time(set: &str) -> Option<usize> {
    let dir = Path::new(DATA).join(set);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipping the PSPLIB {set} check: {} is absent (CI has it)",
            dir.display()
        );
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sm"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let (sc, source, inst) = match psplib::load(path) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!("{e}"));
                continue;
            }
        };
        let m = match model::compile(&sc, &source) {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{e}"));
                continue;
            }
        };
        assert_eq!(m.tasks.len(), inst.jobs.len());
        let finish = engine::deterministic(&m).totals.finish;
        if finish != inst.mpm_time as f64 {
            failures.push(format!(
                "{}: forward pass {finish}, MPM-Time {}",
                path.display(),
                inst.mpm_time
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} instances fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    Some(files.len())
}

#[test]
fn j30_forward_pass_equals_the_mpm_time_on_every_instance() {
    if let Some(n) = forward_pass_equals_mpm_time("j30") {
        assert_eq!(n, 480, "the j30 set has 480 instances");
    }
}

#[test]
fn j120_forward_pass_equals_the_mpm_time_on_every_instance() {
    if let Some(n) = forward_pass_equals_mpm_time("j120") {
        assert_eq!(n, 600, "the j120 set has 600 instances");
    }
}
