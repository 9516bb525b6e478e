//! The CSV tables against the report they come from.

use super::*;
use crate::scenario::{self, Source};
use crate::{analysis, engine, model};

const SCENARIO: &str = r#"
[project]
name = "csv"
start = 2027-01-04
deadline = 2027-03-01
budget = 30000

[[people]]
role = "engineer"
count = 2
rate_per_day = 600

[[instances]]
type = "gpu"
on_demand_per_hour = 3.0

[[tasks]]
id = "design"
estimate = { min = 2, likely = 4, max = 9, dist = "pert" }
people = { engineer = 1 }
milestone = "mvp"

[[tasks]]
id = "build"
depends_on = ["design"]
estimate = { likely = 10, risk = "high" }
people = { engineer = 2 }
milestone = "mvp"

[[tasks]]
id = "train"
depends_on = ["design"]
compute = { instance = "gpu", count = 2, hours = { likely = 72, risk = "medium" } }

[[risks]]
id = "rework"
probability = 0.3
tasks = ["build"]
delay = 5
cost = 2000
"#;

fn simulated() -> (model::Model, engine::Outcomes) {
    let source = Source {
        path: "test.toml".into(),
        text: SCENARIO.into(),
    };
    let sc = scenario::parse(&source).expect("scenario parses");
    let model = model::compile(&sc, &source).expect("scenario compiles");
    let out = engine::simulate(&model, engine::SimOptions::new(1), 0..2000, &|_| {});
    (model, out)
}

/// Every row of `bytes` has as many cells as its header; returns the number of data rows.
fn assert_rectangular(name: &str, bytes: &[u8]) -> usize {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let width = r.headers().expect("a header").len();
    assert!(width > 0, "{name}: empty header");
    let mut rows = 0;
    for rec in r.records() {
        let rec = rec.expect("a readable row");
        assert_eq!(rec.len(), width, "{name}: row {rows} {rec:?}");
        rows += 1;
    }
    rows
}

#[test]
fn every_table_is_rectangular() {
    let (model, out) = simulated();
    let det = engine::deterministic(&model);
    let report = analysis::analyse(&model, &det, &out);
    assert!(!report.milestones.is_empty() && !report.risks.is_empty());
    let tables = tables(&report).expect("the tables format");
    let names: Vec<_> = tables.iter().map(|(n, _)| *n).collect();
    for want in [
        "summary.csv",
        "figures.csv",
        "tasks.csv",
        "milestones.csv",
        "risks.csv",
        "joint_frontier.csv",
        "cost_drivers.csv",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    for (name, bytes) in &tables {
        let rows = assert_rectangular(name, bytes);
        if *name == "resources.csv" {
            assert_eq!(rows, report.resources.len());
            continue;
        }
        if *name == "mitigations.csv" {
            assert_eq!(rows, 0, "no mitigation in the register: the header alone");
            continue;
        }
        assert!(rows > 0, "{name} has no rows");
        match *name {
            "tasks.csv" => assert_eq!(rows, report.tasks.len()),
            "milestones.csv" => assert_eq!(rows, report.milestones.len()),
            "risks.csv" => assert_eq!(rows, report.risks.len()),
            "joint_frontier.csv" => assert_eq!(rows, report.joint.frontier.len()),
            "cost_drivers.csv" => assert_eq!(rows, report.cost_drivers.len()),
            _ => {}
        }
    }

    let plan = |name| analysis::comparison::Plan {
        name,
        model: &model,
        deterministic: &det,
        outcomes: &out,
    };
    let c = analysis::comparison::compare(&[plan("a"), plan("b")]);
    let Export::Files(files) = Csv.export(Document::Comparison(&c)).expect("formats") else {
        panic!("CSV writes files");
    };
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "comparison.csv");
    assert_eq!(assert_rectangular("comparison.csv", &files[0].1), 2);
}

/// The rows of table `name` as maps from column to cell.
fn rows_of(
    tables: &[(&str, Vec<u8>)],
    name: &str,
) -> Vec<std::collections::HashMap<String, String>> {
    let bytes = &tables.iter().find(|(n, _)| *n == name).expect(name).1;
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let header = r.headers().expect("a header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("a readable row");
            header
                .iter()
                .map(String::from)
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn tasks_carry_their_dates_and_cost_drivers_their_correlations() {
    let (model, out) = simulated();
    let report = analysis::analyse(&model, &engine::deterministic(&model), &out);
    let tables = tables(&report).expect("the tables format");
    let tasks = rows_of(&tables, "tasks.csv");
    for (row, t) in tasks.iter().zip(&report.tasks) {
        assert_eq!(row["id"], t.id);
        assert_eq!(row["deterministic_start"], t.deterministic.start);
        assert_eq!(row["deterministic_finish"], t.deterministic.finish);
        for (col, want) in [
            ("start_p10", &t.start.p10),
            ("start_p50", &t.start.p50),
            ("start_p95", &t.start.p95),
            ("finish_p10", &t.finish.p10),
            ("finish_p80", &t.finish.p80),
            ("finish_p90", &t.finish.p90),
        ] {
            assert_eq!(&row[col], want, "{} {col}", t.id);
        }
    }
    // The dates move: a later task's P95 finish is after its P10 start.
    let last = tasks.last().unwrap();
    assert!(last["finish_p95"] > last["start_p10"], "{last:?}");
    let drivers = rows_of(&tables, "cost_drivers.csv");
    assert!(!drivers.is_empty());
    for (row, d) in drivers.iter().zip(&report.cost_drivers) {
        assert_eq!(
            (&row["kind"], &row["id"], &row["name"]),
            (&d.kind, &d.id, &d.name)
        );
        assert_eq!(row["correlation"].parse::<f64>().unwrap(), d.correlation);
    }
    let frontier = rows_of(&tables, "joint_frontier.csv");
    for (row, p) in frontier.iter().zip(&report.joint.frontier) {
        assert_eq!(row["budget_se"].parse::<f64>().unwrap(), p.budget_se);
        assert_eq!(
            row["duration_se_days"].parse::<f64>().unwrap(),
            p.duration_se_days
        );
    }
}

#[test]
fn a_row_of_the_wrong_length_is_an_error_naming_the_table() {
    let e = table("bad.csv", || {
        let mut w = Sheet::new();
        w.write_record(["a", "b"])?;
        w.write_record(["1"])?;
        finish(w)
    })
    .unwrap_err();
    assert!(e.to_string().contains("`bad.csv`"), "{e}");
}

#[test]
fn scenario_text_that_a_spreadsheet_would_run_is_written_as_text() {
    assert_eq!(
        inert("=HYPERLINK(\"http://x\")"),
        "'=HYPERLINK(\"http://x\")"
    );
    for formula in ["+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
        assert!(inert(formula).starts_with('\''), "{formula:?}");
    }
    // Numbers (negative ones too) and plain text stay as they are.
    for plain in ["-3.5", "1e-3", "+4", "train", "", "a=b"] {
        assert_eq!(inert(plain), plain);
    }
    let text = SCENARIO.replacen("name = \"csv\"", "name = \"=cmd|' /C calc'!A0\"", 1);
    let text = text.replacen(
        "[[tasks]]\nid = \"",
        "[[tasks]]\nname = \"@evil\"\nid = \"",
        1,
    );
    assert_ne!(text, SCENARIO);
    let source = Source {
        path: "csv.toml".into(),
        text,
    };
    let sc = scenario::parse(&source).unwrap();
    let m = model::compile(&sc, &source).unwrap();
    let out = engine::simulate(&m, engine::SimOptions::new(1), 0..500, &|_| {});
    let report = analysis::analyse(&m, &engine::deterministic(&m), &out);
    let mut defused = 0;
    for (name, bytes) in tables(&report).unwrap() {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[..]);
        for row in r.records() {
            for cell in row.unwrap().iter() {
                defused += (cell == "'@evil") as usize;
                let live = cell.starts_with(['=', '@'])
                    || (cell.starts_with(['+', '-']) && cell.parse::<f64>().is_err());
                assert!(!live, "{name}: {cell}");
            }
        }
    }
    // The task's name is there, as text.
    assert!(defused > 0);
}
