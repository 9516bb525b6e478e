//! The report as CSV tables, one file each: `summary.csv` (one row per figure),
//! `tasks.csv` (one row per task) and `milestones.csv` (one row per milestone).

use super::{Report, Stats};

fn stat_cells(s: &Stats) -> [String; 8] {
    [s.mean, s.std, s.p10, s.p50, s.p80, s.p90, s.p95, s.p99].map(|v| v.to_string())
}

const STAT_HEADER: [&str; 8] = ["mean", "std", "p10", "p50", "p80", "p90", "p95", "p99"];

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    w.into_inner().expect("writing to memory cannot fail")
}

/// The three CSV files as (file name, bytes).
pub fn tables(report: &Report) -> Vec<(&'static str, Vec<u8>)> {
    let mut summary = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["figure"];
    header.extend(STAT_HEADER);
    let _ = summary.write_record(&header);
    let mut row = |name: &str, s: &Stats| {
        let mut r = vec![name.to_string()];
        r.extend(stat_cells(s));
        let _ = summary.write_record(&r);
    };
    row("duration_days", &report.duration_days);
    row("cost", &report.cost.stats);
    row("cost_people", &report.cost.by_category.people);
    row("cost_compute", &report.cost.by_category.compute);
    row("cost_fixed", &report.cost.by_category.fixed);
    row("cost_risk", &report.cost.by_category.risk);
    let d = &report.finish_date;
    let _ = summary.write_record([
        "finish_date",
        "",
        "",
        &d.p10,
        &d.p50,
        &d.p80,
        &d.p90,
        &d.p95,
        &d.p99,
    ]);

    let mut key_values = csv::Writer::from_writer(Vec::new());
    let _ = key_values.write_record(["figure", "value"]);
    let mut kv = |k: &str, v: String| {
        let _ = key_values.write_record([k, &v]);
    };
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
    let _ = tasks.write_record(&header);
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
        let _ = tasks.write_record(&r);
    }

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
    let _ = milestones.write_record(&header);
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
        let _ = milestones.write_record(&r);
    }

    let mut risks = csv::Writer::from_writer(Vec::new());
    let _ = risks.write_record([
        "id",
        "probability",
        "occurred",
        "mitigated",
        "impact_days",
        "impact_cost",
    ]);
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for k in &report.risks {
        let _ = risks.write_record([
            k.id.clone(),
            k.probability.to_string(),
            k.occurred.to_string(),
            k.mitigated.to_string(),
            opt(k.impact_days),
            opt(k.impact_cost),
        ]);
    }

    let mut joint = csv::Writer::from_writer(Vec::new());
    let _ = joint.write_record(["date", "duration_days", "budget"]);
    for p in &report.joint.frontier {
        let _ = joint.write_record([
            p.date.clone(),
            p.duration_days.to_string(),
            p.budget.to_string(),
        ]);
    }

    vec![
        ("risks.csv", finish(risks)),
        ("joint_frontier.csv", finish(joint)),
        ("summary.csv", finish(summary)),
        ("figures.csv", finish(key_values)),
        ("tasks.csv", finish(tasks)),
        ("milestones.csv", finish(milestones)),
    ]
}

/// `comparison.csv`: one row per plan.
pub fn comparison(c: &super::ComparisonReport) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
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
    ]);
    for p in &c.plans {
        let r = &p.report;
        let _ = w.write_record([
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
        ]);
    }
    finish(w)
}
