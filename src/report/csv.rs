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

fn finish(w: Sheet) -> csv::Result<Vec<u8>> {
    w.0.into_inner().map_err(|e| e.into_error().into())
}

/// A CSV table whose cells cannot run as spreadsheet formulas: a cell of scenario text that
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return (a task named `=HYPERLINK(...)`)
/// is written after an apostrophe, which spreadsheets show as text. Numbers, negative ones
/// included, are written as they are.
struct Sheet(csv::Writer<Vec<u8>>);

impl Sheet {
    fn new() -> Self {
        Sheet(csv::Writer::from_writer(Vec::new()))
    }

    fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let cells: Vec<String> = record.into_iter().map(|c| inert(c.as_ref())).collect();
        self.0.write_record(&cells)
    }
}

/// `cell`, made inert if a spreadsheet would read it as a formula.
fn inert(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
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
    let mut w = Sheet::new();
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
    let mut w = Sheet::new();
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
    let mut summary = Sheet::new();
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
    let mut key_values = Sheet::new();
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
    let mut tasks = Sheet::new();
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
    let mut milestones = Sheet::new();
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
    let mut risks = Sheet::new();
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
    let mut joint = Sheet::new();
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
    let mut w = Sheet::new();
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
    let mut w = Sheet::new();
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
#[path = "csv_tests.rs"]
mod tests;
