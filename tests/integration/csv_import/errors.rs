//! The samples recognised by their header, every truncation of them read without a panic,
//! the command line on them, and bad files as errors with exit code 2.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jiff::civil::date;
use riskplan::import::csv::{self, asana, generic, jira};
use riskplan::scenario::Source;

use super::{fixture, options};

#[test]
fn each_sample_is_recognised_by_its_header() {
    for (path, generic_, jira_, asana_) in [
        ("csv/dl-project.csv", true, false, false),
        ("jira/dl-board-all-fields.csv", false, true, false),
        ("asana/dl-project-export.csv", false, false, true),
    ] {
        let text = Source::read(&fixture(path)).unwrap().text;
        let head = &text[..text
            .char_indices()
            .nth(300)
            .map(|(i, _)| i)
            .unwrap_or(text.len())];
        assert_eq!(generic::looks_like(head), generic_, "{path}");
        assert_eq!(jira::looks_like(head), jira_, "{path}");
        assert_eq!(asana::looks_like(head), asana_, "{path}");
        assert!(csv::looks_like(head));
    }
}

#[test]
fn every_truncation_of_the_samples_is_ok_or_an_error_never_a_panic() {
    for path in [
        "csv/dl-project.csv",
        "jira/dl-board-all-fields.csv",
        "asana/dl-project-export.csv",
    ] {
        let text = Source::read(&fixture(path)).unwrap().text;
        for cut in (0..text.len()).filter(|&c| text.is_char_boundary(c)) {
            let source = Source {
                path: PathBuf::from("cut.csv"),
                text: text[..cut].to_string(),
            };
            if let Err(e) = csv::parse(&source, &options(date(2026, 3, 2))) {
                assert!(e.is_bad_input(), "{path} cut at {cut}: {e}");
            }
        }
    }
}

fn riskplan(args: &[&str], file: &Path) -> (Option<i32>, String) {
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code(), text)
}

#[test]
fn the_command_line_checks_and_runs_each_sample() {
    for path in [
        "csv/dl-project.csv",
        "jira/dl-board-all-fields.csv",
        "asana/dl-project-export.csv",
    ] {
        let (code, text) = riskplan(&["check"], &fixture(path));
        assert_eq!(code, Some(0), "{path}: {text}");
        let (code, text) = riskplan(&["run", "-n", "200", "-q"], &fixture(path));
        assert_eq!(code, Some(0), "{path}: {text}");
    }
}

#[test]
fn bad_files_are_errors_with_the_file_the_line_and_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "tasks.csv",
            "id,duration,depends_on\ntrain,3,\neval,1,trian\n",
            "tasks.csv:3:1: task `eval` depends on unknown task `trian`; did you mean `train`?",
        ),
        (
            "tasks.csv",
            "id,name\na,A\n",
            "the task CSV has no `duration` or `likely` column",
        ),
        (
            "tasks.csv",
            "id,duration\na,3\nb,three\n",
            "tasks.csv:3:1: task `b`: `duration` must be a number of working days",
        ),
        (
            "tasks.csv",
            "id,duration,actual_finish\na,3,yesterday\n",
            "tasks.csv:2:1: task `a`: `actual_finish` must be a date",
        ),
        (
            "jira.csv",
            "Issue key,Summary,Original Estimate,Resolved,Status\nDL-1,A,3600,\nDL-2,B,3600,31/Feb/26,Done\n",
            "jira.csv:3:1: issue `DL-2`: `Resolved` must be a date",
        ),
        (
            "jira.csv",
            "Issue key,Summary,Original Estimate\nDL-1,A,one hour\n",
            "jira.csv:2:1: issue `DL-1`: `Original Estimate` must be a number of seconds, not `one hour`",
        ),
        (
            "asana.csv",
            "Task ID,Name,Section/Column,Due Date,Blocked By (Dependencies)\n1,Train,,2026-03-02,\n2,Train,,2026-03-03,\n3,Eval,,2026-03-04,Train\n",
            "asana.csv:4:1: task `3`: `Blocked By (Dependencies)` names `Train`, which is the name of tasks `1` and `2`",
        ),
        (
            "other.csv",
            "when,what\n",
            "not a CSV layout riskplan reads",
        ),
    ];
    for (name, text, want) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (code, out) = riskplan(&["check"], &path);
        assert_eq!(code, Some(2), "{out}");
        assert!(out.contains(want), "{text:?}: {out}");
    }
}
