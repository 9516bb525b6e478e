//! Patterson `.rcp` instances through `import::load` and the command line: the format is
//! chosen by the extension, and a malformed file is a one-line error with its line.

use assert_cmd::Command;
use riskplan::{engine, import, model};

/// Four activities and one resource of 2 units: 1 -> {2, 3} -> 4, where 2 lasts 3 days with
/// 1 unit and 3 lasts 2 days with 2 units.
const SMALL: &str = "4 1\n2\n0 0 2 2 3\n3 1 1 4\n2 2 1 4\n0 0 0\n";

fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("small.rcp");
    std::fs::write(&path, text).expect("write the instance");
    (dir, path)
}

#[test]
fn an_rcp_file_loads_by_its_extension() {
    let (_dir, path) = write(SMALL);
    let loaded = import::load(&path).expect("the instance loads");
    let schedule = loaded
        .schedule
        .as_ref()
        .expect("an import keeps its schedule");
    assert_eq!(schedule.name, "small");
    assert_eq!(schedule.tasks.len(), 4);
    let m = model::compile(&loaded.scenario, &loaded.source).expect("it compiles");
    let roles: Vec<(&str, Option<f64>)> =
        m.roles.iter().map(|r| (r.name.as_str(), r.count)).collect();
    assert_eq!(roles, [("R1", Some(2.0))]);
    let units = |task: &str| m.tasks[m.task_index(task).unwrap()].people.clone();
    assert_eq!(units("j2"), [(0, 1.0)]);
    assert_eq!(units("j3"), [(0, 2.0)]);
    assert!(engine::deterministic(&m).totals.finish >= 3.0);
}

#[test]
fn the_command_line_runs_an_rcp_file_and_names_the_line_of_an_error() {
    let (_dir, path) = write(SMALL);
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .args(["run", "-n", "200", "--json", "-"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["scenario"], "small");

    // Activity 3 declares two successors and lists one.
    let (_dir2, bad) = write("4 1\n2\n0 0 2 2 3\n3 1 1 4\n2 2 2 4\n0 0 0\n");
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .arg("check")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("small.rcp:5:") && stderr.contains("activity 3 declares 2 successors"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
