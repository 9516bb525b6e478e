//! The report as CSV tables, one file each: `summary.csv` (one row per figure),
//! `tasks.csv` (one row per task, with its dates: the probabilistic Gantt),
//! `milestones.csv` (one row per milestone), `mitigations.csv` (before and after the
//! mitigations, and each one alone) and the others listed in `tables`: the risks, the joint
//! frontier, the cost drivers and the resources. Every write is checked: a row whose length
//! differs from its header's is an error, never a corrupt file.

use super::{DateRange, Document, Export, Exporter, Report, Stats};

/// The CSV exporter: the files of `tables` for a run, `comparison.csv` for a comparison.
pub struct Csv;

impl Exporter for Csv {
    fn export(&self, doc: Document<'_>) -> crate::Result<Export> {
        let files = match doc {
            Document::Run(r) => tables(r)?,
            Document::Comparison(c) => vec![table("comparison.csv", || comparison_table(c))?],
        };
        Ok(Export::Files(
            files
                .into_iter()
                .map(|(name, bytes)| (name.to_string(), bytes))
                .collect(),
        ))
    }
}

/// A CSV table that could not be written (e.g. a row longer or shorter than its header).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the CSV table `{table}`: {source}")]
pub struct Error {
    /// The file name of the table.
    pub table: &'static str,
    #[source]
    pub source: csv::Error,
}

fn stat_cells(s: &Stats) -> [String; 8] {
    [s.mean, s.std, s.p10, s.p50, s.p80, s.p90, s.p95, s.p99].map(|v| v.to_string())
}

const STAT_HEADER: [&str; 8] = ["mean", "std", "p10", "p50", "p80", "p90", "p95", "p99"];

fn finish(w: csv::Writer<Vec<u8>>) -> csv::Result<Vec<u8>> {
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Formats one table, naming it in the error.
fn table(
    name: &'static str,
    write: impl FnOnce() -> csv::Result<Vec<u8>>,
) -> Result<(&'static str, Vec<u8>), Error> {
    write().map(|bytes| (name, bytes)).map_err(|source| Error {
        table: name,
        source,
    })
}

/// The CSV files as (file name, bytes).
pub fn tables(report: &Report) -> Result<Vec<(&'static str, Vec<u8>)>, Error> {
    Ok(vec![
        table("risks.csv", || risks(report))?,
        table("joint_frontier.csv", || joint(report))?,
        table("cost_drivers.csv", || cost_drivers(report))?,
        table("summary.csv", || summary(report))?,
        table("figures.csv", || figures(report))?,
        table("tasks.csv", || tasks(report))?,
        table("milestones.csv", || milestones(report))?,
        table("resources.csv", || resources(report))?,
        table("mitigations.csv", || mitigations(report))?,
    ])
}

/// What the mitigations buy: a row with none bought, one with all bought, then one per
/// mitigation bought alone with its price and savings (header only without mitigations).
fn mitigations(report: &Report) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "bought",
        "risk",
        "duration_days",
        "finish_date",
        "cost",
        "mean_cost",
        "deadline_probability",
        "price",
        "days_saved",
        "cost_saved",
        "net_saving",
    ])?;
    let Some(m) = &report.mitigation else {
        return finish(w);
    };
    let figures = |f: &super::MitigationFigures| {
        [
            f.duration_days.to_string(),
            f.finish_date.clone(),
            f.cost.to_string(),
            f.mean_cost.to_string(),
            f.deadline_probability
                .map(|p| p.to_string())
                .unwrap_or_default(),
        ]
    };
    for (bought, f) in [("none", &m.before), ("all", &m.after)] {
        let mut row = vec![bought.to_string(), String::new()];
        row.extend(figures(f));
        row.extend([String::new(), String::new(), String::new(), String::new()]);
        w.write_record(&row)?;
    }
    for e in &m.mitigations {
        let mut row = vec!["alone".to_string(), e.risk.clone()];
        row.extend(figures(&e.alone));
        row.extend([e.cost, e.days_saved, e.cost_saved, e.net_saving].map(|v| v.to_string()));
        w.write_record(&row)?;
    }
    finish(w)
}

/// One row per resource (header only when the plan has none).
fn resources(report: &Report) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "name",
        "kind",
        "capacity",
        "utilisation",
        "bottleneck_share",
        "p80_days_saved_with_one_more",
        "one_more_iterations",
    ])?;
    for x in &report.resources {
        w.write_record([
            x.name.clone(),
            x.kind.clone(),
            x.capacity.to_string(),
            x.utilisation.to_string(),
            x.bottleneck_share.to_string(),
            x.p80_days_saved_with_one_more
                .map(|d| d.to_string())
                .unwrap_or_default(),
            x.one_more_iterations.to_string(),
        ])?;
    }
    finish(w)
}

/// One row per figure with its statistics.
fn summary(report: &Report) -> csv::Result<Vec<u8>> {
    let mut summary = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["figure"];
    header.extend(STAT_HEADER);
    summary.write_record(&header)?;
    let mut row = |name: &str, s: &Stats| {
        let mut r = vec![name.to_string()];
        r.extend(stat_cells(s));
        summary.write_record(&r)
    };
    row("duration_days", &report.duration_days)?;
    row("cost", &report.cost.stats)?;
    row("cost_people", &report.cost.by_category.people)?;
    row(
        "cost_people_assigned",
        &report.cost.by_category.people_assigned,
    )?;
    row("cost_people_idle", &report.cost.by_category.people_idle)?;
    row("cost_compute", &report.cost.by_category.compute)?;
    row("cost_fixed", &report.cost.by_category.fixed)?;
    row("cost_risk", &report.cost.by_category.risk)?;
    let d = &report.finish_date;
    summary.write_record([
        "finish_date",
        "",
        "",
        &d.p10,
        &d.p50,
        &d.p80,
        &d.p90,
        &d.p95,
        &d.p99,
    ])?;
    finish(summary)
}

/// `figures.csv`: the single figures, one (name, value) row each.
fn figures(report: &Report) -> csv::Result<Vec<u8>> {
    let mut key_values = csv::Writer::from_writer(Vec::new());
    key_values.write_record(["figure", "value"])?;
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut kv = |k: &str, v: String| rows.push((k.to_string(), v));
    kv("iterations", report.iterations.to_string());
    kv("seed", report.seed.to_string());
    kv("confidence", report.confidence.to_string());
    kv(
        "deterministic_duration_days",
        report.deterministic.duration_days.to_string(),
    );
    kv(
        "deterministic_finish_date",
        report.deterministic.finish_date.clone(),
    );
    kv("deterministic_cost", report.deterministic.cost.to_string());
    kv(
        "deterministic_idle_cost",
        report.deterministic.idle_cost.to_string(),
    );
    kv(
        "resource_constrained",
        report.resource_constrained.to_string(),
    );
    if let Some(u) = &report.unconstrained {
        kv("unconstrained_delay_days", u.delay_days.to_string());
        kv("unconstrained_commit_date", u.commit_date.clone());
    }
    kv(
        "probability_on_time",
        report.deterministic.probability_on_time.to_string(),
    );
    kv(
        "probability_on_budget",
        report.deterministic.probability_on_budget.to_string(),
    );
    kv("buffer_days", report.buffer.days.to_string());
    kv("buffer_sprints", report.buffer.sprints.to_string());
    kv("commit_date", report.buffer.finish_date.clone());
    kv("reserve_cost", report.reserve.cost.to_string());
    for (role, days) in &report.reserve.person_days {
        kv(&format!("reserve_person_days:{role}"), days.to_string());
    }
    for (kind, hours) in &report.reserve.instance_hours {
        kv(&format!("reserve_instance_hours:{kind}"), hours.to_string());
    }
    if let Some(dl) = &report.deadline {
        kv("deadline", dl.date.clone());
        kv("deadline_probability", dl.probability.to_string());
    }
    if let Some(b) = &report.budget {
        kv("budget", b.amount.to_string());
        kv("budget_probability", b.probability.to_string());
    }
    for (k, v) in &rows {
        key_values.write_record([k, v])?;
    }
    finish(key_values)
}

/// One row per task.
fn tasks(report: &Report) -> csv::Result<Vec<u8>> {
    let mut tasks = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id",
        "name",
        "criticality",
        "sensitivity",
        "ssi",
        "calendar",
        "deterministic_days",
    ];
    header.extend(STAT_HEADER);
    header.extend(["deterministic_start", "deterministic_finish"]);
    header.extend(DATE_HEADER.map(|(start, _)| start));
    header.extend(DATE_HEADER.map(|(_, finish)| finish));
    tasks.write_record(&header)?;
    for t in &report.tasks {
        let mut r = vec![
            t.id.clone(),
            t.name.clone(),
            t.criticality.to_string(),
            t.sensitivity.to_string(),
            t.ssi.to_string(),
            t.calendar.clone(),
            t.deterministic_days.to_string(),
        ];
        r.extend(stat_cells(&t.duration_days));
        r.extend([
            t.deterministic.start.clone(),
            t.deterministic.finish.clone(),
        ]);
        r.extend(date_cells(&t.start));
        r.extend(date_cells(&t.finish));
        tasks.write_record(&r)?;
    }
    finish(tasks)
}

/// The columns of a task's start and finish percentiles.
const DATE_HEADER: [(&str, &str); 5] = [
    ("start_p10", "finish_p10"),
    ("start_p50", "finish_p50"),
    ("start_p80", "finish_p80"),
    ("start_p90", "finish_p90"),
    ("start_p95", "finish_p95"),
];

fn date_cells(d: &DateRange) -> [String; 5] {
    [&d.p10, &d.p50, &d.p80, &d.p90, &d.p95].map(|s| s.to_string())
}

/// One row per milestone.
fn milestones(report: &Report) -> csv::Result<Vec<u8>> {
    let mut milestones = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id",
        "name",
        "deterministic_finish_date",
        "buffer_days",
        "commit_date",
    ];
    header.extend(STAT_HEADER.iter().copied());
    header.extend([
        "date_p10", "date_p50", "date_p80", "date_p90", "date_p95", "date_p99",
    ]);
    milestones.write_record(&header)?;
    for m in &report.milestones {
        let mut r = vec![
            m.id.clone(),
            m.name.clone(),
            m.deterministic_finish_date.clone(),
            m.buffer_days.to_string(),
            m.commit_date.clone(),
        ];
        r.extend(stat_cells(&m.duration_days));
        let d = &m.finish_date;
        r.extend([&d.p10, &d.p50, &d.p80, &d.p90, &d.p95, &d.p99].map(|s| s.to_string()));
        milestones.write_record(&r)?;
    }
    finish(milestones)
}

/// One row per risk event.
fn risks(report: &Report) -> csv::Result<Vec<u8>> {
    let mut risks = csv::Writer::from_writer(Vec::new());
    risks.write_record([
        "id",
        "probability",
        "occurred",
        "mitigated",
        "impact_days",
        "impact_cost",
    ])?;
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for k in &report.risks {
        risks.write_record([
            k.id.clone(),
            k.probability.to_string(),
            k.occurred.to_string(),
            k.mitigated.to_string(),
            opt(k.impact_days),
            opt(k.impact_cost),
        ])?;
    }
    finish(risks)
}

/// The joint-confidence frontier: one row per (date, budget) point.
fn joint(report: &Report) -> csv::Result<Vec<u8>> {
    let mut joint = csv::Writer::from_writer(Vec::new());
    joint.write_record([
        "date",
        "duration_days",
        "duration_se_days",
        "budget",
        "budget_se",
    ])?;
    for p in &report.joint.frontier {
        joint.write_record([
            p.date.clone(),
            p.duration_days.to_string(),
            p.duration_se_days.to_string(),
            p.budget.to_string(),
            p.budget_se.to_string(),
        ])?;
    }
    finish(joint)
}

/// The cost drivers, strongest first: one row per task or risk event whose cost varies.
fn cost_drivers(report: &Report) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["kind", "id", "name", "correlation"])?;
    for d in &report.cost_drivers {
        w.write_record([
            d.kind.clone(),
            d.id.clone(),
            d.name.clone(),
            d.correlation.to_string(),
        ])?;
    }
    finish(w)
}

fn comparison_table(c: &super::ComparisonReport) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "plan",
        "duration_p50",
        "duration_target",
        "finish_p50",
        "finish_target",
        "cost_p50",
        "cost_target",
        "cost_mean",
        "compute_cost_mean",
        "instance_hours_billed",
        "instance_hours_useful",
        "interruptions_mean",
        "probability_cheaper",
        "probability_earlier",
        "cost_difference_p50",
        "cost_difference_target",
        "duration_difference_p50",
        "duration_difference_target",
    ])?;
    for p in &c.plans {
        let r = &p.report;
        w.write_record([
            p.name.clone(),
            r.duration_days.p50.to_string(),
            r.buffer.duration_days.to_string(),
            r.finish_date.p50.clone(),
            r.buffer.finish_date.clone(),
            r.cost.stats.p50.to_string(),
            r.reserve.total_cost.to_string(),
            r.cost.stats.mean.to_string(),
            r.cost.by_category.compute.mean.to_string(),
            p.instance_hours.billed.to_string(),
            p.instance_hours.useful.to_string(),
            p.interruptions.mean.to_string(),
            p.probability_cheaper.to_string(),
            p.probability_earlier.to_string(),
            p.cost_difference.p50.to_string(),
            p.cost_difference.target.to_string(),
            p.duration_difference.p50.to_string(),
            p.duration_difference.target.to_string(),
        ])?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
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
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["a", "b"])?;
            w.write_record(["1"])?;
            finish(w)
        })
        .unwrap_err();
        assert!(e.to_string().contains("`bad.csv`"), "{e}");
    }
}
