//! `riskplan import` and the formats read by content: the scenario it writes reads back and
//! runs to the very numbers of the import run directly; risk templates put uncertainty on the
//! tasks; a file in no format riskplan reads gets an error that lists the formats.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::shared_data;

fn riskplan(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("riskplan")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let o = riskplan(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The report less what names the file it came from.
fn figures(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("scenario");
    }
    v
}

#[test]
fn an_imported_scenario_runs_to_the_numbers_of_the_import() {
    let Some(gan) = shared_data(
        "schedules/house-building.gan",
        "import of the GanttProject sample",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("house.toml");
    let gan = gan.to_str().unwrap();
    for risk in [None, Some("medium"), Some("80%..140%")] {
        let mut args = vec!["import", gan, "-o", toml.to_str().unwrap()];
        if let Some(r) = risk {
            args.extend(["--risk", r]);
        }
        let o = riskplan(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(&toml).unwrap();
        assert!(text.starts_with("# Imported from house-building.gan (GanttProject (.gan))"));
        let run = |file: &str, extra: &[&str]| {
            let mut a = vec!["run", file, "-n", "2000", "-q", "--json", "-"];
            a.extend(extra);
            figures(json(&a))
        };
        let risk_args: Vec<&str> = risk.map(|r| vec!["--risk", r]).unwrap_or_default();
        let direct = run(gan, &risk_args);
        let written = run(toml.to_str().unwrap(), &[]);
        assert_eq!(direct, written, "risk {risk:?}");
        let (p10, p90) = (&direct["finish_date"]["p10"], &direct["finish_date"]["p90"]);
        match risk {
            None => assert_eq!(p10, p90, "a plan with no uncertainty has one date"),
            Some(_) => assert_ne!(p10, p90, "a risk template spreads the dates"),
        }
        if risk == Some("medium") {
            assert!(text.contains("risk = \"medium\""), "{text}");
        }
    }
}

#[test]
fn the_format_comes_from_the_content_not_the_name() {
    let Some(gan) = shared_data("schedules/house-building.gan", "format detection") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("plan.txt");
    std::fs::copy(&gan, &renamed).unwrap();
    let o = riskplan(&["check", renamed.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Forced to the wrong format, the TOML reader refuses it.
    let o = riskplan(&["check", renamed.to_str().unwrap(), "--format", "toml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_file_in_no_known_format_is_refused_with_the_list_of_formats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.dat");
    std::fs::write(&path, "a,b,c\n1,2,3\n").unwrap();
    for cmd in ["run", "check", "import"] {
        let o = riskplan(&[cmd, path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains("is not a format riskplan reads"), "{e}");
        assert!(
            e.contains("xer (Primavera P6 XER)") && e.contains("jira (Jira CSV export)"),
            "{e}"
        );
    }
    let o = riskplan(&["check", path.to_str().unwrap(), "--format", "excel"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format excel is not a format"));
}

#[test]
fn bad_risk_templates_are_refused_before_reading() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dl-project.toml");
    let example = example.to_str().unwrap();
    for (risk, message) in [
        ("huge", "`huge` is not a risk level"),
        ("150%..90%", "must contain 100%"),
        ("90..150", "is not a percentage"),
    ] {
        let o = riskplan(&["check", example, "--risk", risk]);
        assert_eq!(o.status.code(), Some(2), "{risk}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains(message), "{e}");
    }
    let o = riskplan(&["import", example]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is already a riskplan scenario"));
}

#[test]
fn shards_of_an_import_merge_to_the_single_run_with_its_risk_template() {
    let Some(gan) = shared_data("schedules/house-building.gan", "shards of an import") else {
        return;
    };
    let gan = gan.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let common = ["-n", "3000", "-q", "--risk", "high", "--seed", "9"];
    let mut shards = Vec::new();
    for k in 1..=2 {
        let out = dir.path().join(format!("s{k}.shard"));
        let shard = format!("{k}/2");
        let mut args = vec![
            "run",
            gan,
            "--shard",
            &shard,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(common);
        let o = riskplan(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        shards.push(out);
    }
    let mut merge = vec!["merge", "--json", "-"];
    merge.extend(shards.iter().map(|s| s.to_str().unwrap()));
    let merged = json(&merge);
    let mut single = vec!["run", gan, "--json", "-"];
    single.extend(common);
    assert_eq!(merged, json(&single));
}

/// The deterministic schedule and cost of a plan, task by task, in a form to compare.
fn schedule_of(
    scenario: &riskplan::scenario::Scenario,
    source: &riskplan::scenario::Source,
) -> Vec<String> {
    let m = riskplan::model::compile(scenario, source).expect("the plan compiles");
    let s = riskplan::engine::deterministic(&m);
    let mut out: Vec<String> = m
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{} {} {} {}", t.id, s.start[i], s.finish[i], s.duration[i]))
        .collect();
    out.push(format!("{:?}", s.totals));
    out.push(format!("{:?} {}", m.status_date, m.calendars.len()));
    out
}

#[test]
fn every_format_written_as_a_scenario_reads_back_to_the_same_plan() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = [
        "tests/fixtures/csv/dl-project.csv",
        "tests/fixtures/jira/dl-board-all-fields.csv",
        "tests/fixtures/asana/dl-project-export.csv",
        "tests/fixtures/gan/kinds.gan",
        "tests/fixtures/xer/tiny.xer",
    ]
    .iter()
    .map(|f| root.join(f))
    .collect();
    for shared in [
        "schedules/hs2-sp10-cost-loaded.xer",
        "schedules/sample.mspdi.xml",
        "schedules/task-links.mspdi.xml",
        "schedules/house-building.gan",
    ] {
        files.extend(shared_data(shared, "scenario round trips"));
    }
    let options = riskplan::import::ImportOptions {
        read: riskplan::import::ReadOptions {
            start: Some(jiff::civil::date(2027, 3, 1)),
            ..Default::default()
        },
        risk: riskplan::import::RiskTemplate::Level("high".into()),
        ..Default::default()
    };
    for file in files {
        let loaded = riskplan::import::load_with(&file, &options).expect("the file imports");
        let text = riskplan::import::write_toml(&loaded).unwrap();
        let source = riskplan::scenario::Source {
            path: "written.toml".into(),
            text,
        };
        let back = riskplan::scenario::parse(&source)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(
            schedule_of(&loaded.scenario, &loaded.source),
            schedule_of(&back, &source),
            "{}",
            file.display()
        );
        assert_eq!(
            back.tasks
                .iter()
                .filter(|t| t
                    .estimate
                    .as_ref()
                    .is_some_and(|e| e.get_ref().risk.is_some()))
                .count(),
            loaded
                .scenario
                .tasks
                .iter()
                .filter(|t| t
                    .estimate
                    .as_ref()
                    .is_some_and(|e| e.get_ref().risk.is_some()))
                .count(),
        );
    }
}

#[test]
fn a_file_without_a_start_is_read_as_of_today_and_says_so_for_its_merge() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let csv = root.join("tests/fixtures/csv/dl-project.csv");
    let loaded = riskplan::import::load(&csv).unwrap();
    let today = jiff::ZonedDateTime::now().date();
    // The day it was read as of is kept (a merge tomorrow reads the file as of it).
    let start = loaded.options.read.start.expect("the start is recorded");
    assert!(
        start == today || start.tomorrow().unwrap() == today,
        "{start}"
    );
    let again = riskplan::import::load_with(&csv, &loaded.options).unwrap();
    assert_eq!(
        again.scenario.project.start.get_ref().0,
        loaded.scenario.project.start.get_ref().0
    );
    // A file with its own start records none.
    let gan = root.join("tests/fixtures/gan/kinds.gan");
    assert_eq!(
        riskplan::import::load(&gan).unwrap().options.read.start,
        None
    );
}
