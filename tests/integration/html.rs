//! The HTML report and `--charts`: every chart is on the page with its markers, the summary's
//! figures are the JSON report's, scenario text is escaped, nothing is loaded from elsewhere,
//! the charts are standalone SVG files, and `compare` and `merge` write their pages (`merge`
//! the single run's, byte for byte).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use scraper::{Html, Selector};
use serde_json::Value;

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn riskplan(dir: &Path, args: &[&str]) -> Output {
    let o = Command::cargo_bin("riskplan")
        .expect("the binary is built")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

fn page(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).expect("the page is written"))
}

/// The JSON value at a dotted path (`buffer.finish_date`, `tasks.3.id`).
fn at<'a>(json: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .fold(json, |v, key| match key.parse::<usize>() {
            Ok(i) if v.is_array() => &v[i],
            _ => &v[key],
        })
}

/// Nothing on the page runs or loads: no script, no link, no remote source, the CSP in force.
fn assert_self_contained(doc: &Html, text: &str) {
    assert_eq!(doc.select(&sel("script")).count(), 0, "a script element");
    assert_eq!(doc.select(&sel("link")).count(), 0, "a link element");
    assert_eq!(doc.select(&sel("iframe, object, embed")).count(), 0);
    for e in doc.select(&sel("[src], [href]")) {
        for a in ["src", "href"] {
            if let Some(v) = e.value().attr(a) {
                assert!(
                    !v.contains("http:") && !v.contains("https:") && !v.starts_with("//"),
                    "{a}={v}"
                );
            }
        }
    }
    let csp = doc
        .select(&sel(r#"meta[http-equiv="Content-Security-Policy"]"#))
        .next()
        .expect("a CSP");
    assert!(
        csp.value()
            .attr("content")
            .unwrap()
            .contains("default-src 'none'")
    );
    assert!(!text.contains("url("), "no CSS that loads anything");
    assert!(!text.contains("@import"));
}

/// The summary's figures, each `data-value` against the JSON field its `data-field` names.
fn assert_summary_matches(doc: &Html, json: &Value, prefix: &str) -> usize {
    let mut checked = 0;
    for e in doc.select(&sel("[data-role=summary] [data-field]")) {
        let field = e.value().attr("data-field").unwrap();
        let value = e.value().attr("data-value").unwrap();
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}{field}")
        };
        let expected = at(json, &path);
        match expected {
            Value::String(s) => assert_eq!(value, s, "{path}"),
            Value::Number(n) => {
                assert_eq!(value.parse::<f64>().unwrap(), n.as_f64().unwrap(), "{path}")
            }
            other => panic!("{path}: {other:?} in the JSON"),
        }
        checked += 1;
    }
    checked
}

#[test]
fn the_run_page_has_every_chart_with_its_markers_and_the_summary_of_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = scenario("dl-project.toml");
    riskplan(
        d,
        &[
            "run",
            s.to_str().unwrap(),
            "-n",
            "2000",
            "-q",
            "--json",
            "r.json",
            "--html",
            "r.html",
        ],
    );
    let text = std::fs::read_to_string(d.join("r.html")).unwrap();
    let doc = Html::parse_document(&text);
    let json: Value = serde_json::from_slice(&std::fs::read(d.join("r.json")).unwrap()).unwrap();
    assert_self_contained(&doc, &text);

    let charts: BTreeSet<String> = doc
        .select(&sel("svg[data-chart]"))
        .map(|e| e.value().attr("data-chart").unwrap().to_string())
        .collect();
    for name in [
        "finish-s-curve",
        "finish-histogram",
        "cost-s-curve",
        "cost-histogram",
        "schedule-drivers",
        "cost-drivers",
        "criticality",
        "buffers",
        "reserves",
        "gantt",
        "cost-finish-scatter",
    ] {
        assert!(charts.contains(name), "{name} missing from {charts:?}");
    }
    // The buffers chart: one bar per milestone, then the project finish, with the JSON's
    // buffers; the reserves chart: money first, as a share of the plan's cost.
    let bars = |chart: &str| -> Vec<f64> {
        doc.select(&sel(&format!(r#"svg[data-chart="{chart}"] [data-bar]"#)))
            .map(|e| e.value().attr("data-value").unwrap().parse().unwrap())
            .collect()
    };
    let mut buffers: Vec<f64> = json["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["buffer_days"].as_f64().unwrap())
        .collect();
    buffers.push(json["buffer"]["days"].as_f64().unwrap());
    let drawn = bars("buffers");
    assert_eq!(drawn.len(), buffers.len());
    for (a, b) in drawn.iter().zip(&buffers) {
        assert!((a - b).abs() < 1e-9, "{drawn:?} vs {buffers:?}");
    }
    let money = 100.0 * json["reserve"]["cost"].as_f64().unwrap()
        / json["deterministic"]["cost"].as_f64().unwrap();
    assert!((bars("reserves")[0] - money).abs() < 1e-9);
    // The finish S-curve's markers carry the JSON's dates and are labelled with them.
    let curve = doc
        .select(&sel(r#"svg[data-chart="finish-s-curve"]"#))
        .next()
        .unwrap();
    let marker = |key: &str| {
        curve
            .select(&sel(&format!(r#"[data-marker="{key}"]"#)))
            .next()
            .unwrap_or_else(|| panic!("marker {key}"))
    };
    let target = marker("target");
    assert_eq!(
        target.value().attr("data-value"),
        json["buffer"]["finish_date"].as_str()
    );
    let label: String = curve
        .select(&sel(r#"text[data-label="target"]"#))
        .next()
        .expect("the target's label")
        .text()
        .collect();
    let date: jiff::civil::Date = json["buffer"]["finish_date"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(label.starts_with("P80 "), "{label}");
    assert!(label.contains(&date.year().to_string()), "{label}");
    assert_eq!(
        marker("p50").value().attr("data-value"),
        json["finish_date"]["p50"].as_str()
    );
    assert_eq!(
        marker("plan").value().attr("data-value"),
        json["deterministic"]["finish_date"].as_str()
    );
    assert_eq!(
        marker("deadline").value().attr("data-value"),
        json["deadline"]["date"].as_str()
    );
    // The cost curve marks the budget.
    let cost = doc
        .select(&sel(
            r#"svg[data-chart="cost-s-curve"] [data-marker="budget"]"#,
        ))
        .next()
        .expect("the budget marker");
    assert_eq!(
        cost.value()
            .attr("data-value")
            .unwrap()
            .parse::<f64>()
            .unwrap(),
        json["budget"]["amount"].as_f64().unwrap()
    );
    // The Gantt chart has a row per task and per milestone, the critical path marked.
    let gantt = doc
        .select(&sel(r#"svg[data-chart="gantt"]"#))
        .next()
        .unwrap();
    let rows = gantt.select(&sel("[data-task]")).count();
    let tasks = json["tasks"].as_array().unwrap().len();
    let milestones = json["milestones"].as_array().unwrap().len();
    assert_eq!(rows, tasks.min(40) + milestones);
    let critical: BTreeSet<&str> = gantt
        .select(&sel(r#"[data-critical="true"]"#))
        .map(|e| e.value().attr("data-task").unwrap())
        .collect();
    let path: BTreeSet<&str> = json["deterministic"]["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(critical, path);

    // The summary's figures are the JSON's, and it says what the sponsor needs.
    let checked = assert_summary_matches(&doc, &json, "");
    assert!(checked >= 10, "only {checked} figures tagged");
    let summary: String = doc
        .select(&sel("[data-role=summary] p.headline"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        summary.starts_with("To be 80% confident, commit to "),
        "{summary}"
    );
    assert!(summary.contains("working days"), "{summary}");
    // The inputs are at the end, from the JSON's `inputs`.
    let inputs = json["inputs"]["tasks"].as_array().unwrap();
    assert_eq!(inputs.len(), tasks);
    let rows = doc
        .select(&sel(r#"table[data-table="tasks"] tbody tr"#))
        .count();
    assert_eq!(rows, tasks);
    assert_eq!(
        doc.select(&sel(r#"table[data-table="risk-inputs"] tbody tr"#))
            .count(),
        json["inputs"]["risks"].as_array().unwrap().len()
    );
}

/// A scenario whose every name is markup.
const EVIL: &str = r#"[project]
name = "<script>alert(1)</script> \"quote' & amp"
start = 2027-01-04
deadline = 2027-03-01

[[milestones]]
id = "m"
name = "<script>alert(3)</script> \"quote' & amp"

[[tasks]]
id = "a"
name = "<script>alert(1)</script>"
wbs = "<script>alert(4)</script> / Phase"
estimate = { min = 2, likely = 4, max = 9 }
milestone = "m"

[[tasks]]
id = "b"
name = "\"quote' & amp"
depends_on = ["a"]
estimate = { likely = 5, risk = "high" }

[[risks]]
id = "r"
description = "<script>alert(2)</script> \"quote' & amp"
probability = 0.3
tasks = ["b"]
delay = { min = 1, likely = 2, max = 6 }
"#;

#[test]
fn scenario_text_shows_literally_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("evil.toml"), EVIL).unwrap();
    riskplan(
        d,
        &[
            "run",
            "evil.toml",
            "-n",
            "500",
            "-q",
            "--html",
            "e.html",
            "--charts",
            "charts",
        ],
    );
    let text = std::fs::read_to_string(d.join("e.html")).unwrap();
    let doc = Html::parse_document(&text);
    assert_self_contained(&doc, &text);
    assert!(!text.contains("<script>"), "unescaped markup");
    let all: String = doc.root_element().text().collect();
    for literal in [
        "<script>alert(1)</script>",
        "<script>alert(2)</script>",
        "<script>alert(3)</script>",
        "\"quote' & amp",
    ] {
        assert!(all.contains(literal), "{literal} not shown as text");
    }
    let title: String = doc.select(&sel("title")).next().unwrap().text().collect();
    assert!(title.starts_with("<script>alert(1)</script>"), "{title}");
    // The same holds in the standalone charts, read as XML.
    for entry in std::fs::read_dir(d.join("charts")).unwrap() {
        let svg = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!svg.contains("<script"));
        roxmltree::Document::parse(&svg).expect("valid XML");
    }
}

#[test]
fn charts_are_standalone_svg_files_named_after_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = scenario("dl-project.toml");
    riskplan(
        d,
        &[
            "run",
            s.to_str().unwrap(),
            "-n",
            "1000",
            "-q",
            "--charts",
            "out/charts",
        ],
    );
    let mut names = Vec::new();
    for entry in std::fs::read_dir(d.join("out/charts")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("valid XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert!(root.attribute("viewBox").is_some());
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        assert_eq!(root.attribute("data-chart"), Some(stem.as_str()));
        assert_eq!(path.extension().unwrap(), "svg");
        names.push(stem);
    }
    names.sort();
    assert!(names.contains(&"finish-s-curve".to_string()), "{names:?}");
    assert!(names.contains(&"gantt".to_string()), "{names:?}");
    assert!(names.len() >= 8, "{names:?}");
}

#[test]
fn compare_overlays_the_plans_and_says_which_beats_which() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = scenario("dl-project.toml");
    riskplan(
        d,
        &[
            "compare",
            s.to_str().unwrap(),
            "-n",
            "1000",
            "-q",
            "--json",
            "c.json",
            "--html",
            "c.html",
            "--charts",
            "charts",
        ],
    );
    let text = std::fs::read_to_string(d.join("c.html")).unwrap();
    let doc = Html::parse_document(&text);
    let json: Value = serde_json::from_slice(&std::fs::read(d.join("c.json")).unwrap()).unwrap();
    assert_self_contained(&doc, &text);
    let plans: Vec<&str> = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(plans.len() >= 2);
    let overlay = doc
        .select(&sel(r#"svg[data-chart="finish-s-curves"]"#))
        .next()
        .expect("the overlaid S-curves");
    let series: Vec<&str> = overlay
        .select(&sel("[data-series]"))
        .map(|e| e.value().attr("data-series").unwrap())
        .collect();
    assert_eq!(series, plans);
    assert!(
        doc.select(&sel(r#"svg[data-chart="cost-s-curves"]"#))
            .next()
            .is_some()
    );
    let sections: Vec<&str> = doc
        .select(&sel("section[data-plan]"))
        .map(|e| e.value().attr("data-plan").unwrap())
        .collect();
    assert_eq!(sections, plans);
    // --charts: the comparison's charts, then each plan's, named by position and plan.
    let files: BTreeSet<String> = std::fs::read_dir(d.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in ["finish-s-curves.svg", "cost-s-curves.svg"] {
        assert!(files.contains(name), "{name} missing from {files:?}");
    }
    for (k, plan) in plans.iter().enumerate() {
        for chart in ["finish-s-curve", "gantt"] {
            let name = format!("{}-{plan}-{chart}.svg", k + 1);
            assert!(files.contains(&name), "{name} missing from {files:?}");
        }
    }
    // The first summary block is the comparison's: its figures are the JSON's.
    let first = doc.select(&sel("[data-role=summary]")).next().unwrap();
    let mut checked = 0;
    for e in first.select(&sel("[data-field]")) {
        let field = e.value().attr("data-field").unwrap();
        let value: &str = e.value().attr("data-value").unwrap();
        match at(&json, field) {
            Value::String(s) => assert_eq!(value, s, "{field}"),
            Value::Number(n) => assert_eq!(value.parse::<f64>().unwrap(), n.as_f64().unwrap()),
            other => panic!("{field}: {other:?}"),
        }
        checked += 1;
    }
    assert!(checked >= 2 * plans.len() + 2, "{checked}");
    assert!(
        first
            .select(&sel(r#"[data-field="plans.1.probability_earlier"]"#))
            .next()
            .is_some()
    );
}

#[test]
fn merged_shards_write_the_single_runs_page_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = scenario("dl-project.toml");
    let s = s.to_str().unwrap();
    riskplan(d, &["run", s, "-n", "1500", "-q", "--html", "whole.html"]);
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = format!("s{k}.bin");
        riskplan(
            d,
            &[
                "run", s, "-n", "1500", "-q", "--shard", &shard, "--out", &out,
            ],
        );
    }
    riskplan(
        d,
        &[
            "merge",
            "s2.bin",
            "s3.bin",
            "s1.bin",
            "--html",
            "merged.html",
            "--charts",
            "charts",
        ],
    );
    let whole = std::fs::read(d.join("whole.html")).unwrap();
    let merged = std::fs::read(d.join("merged.html")).unwrap();
    assert!(
        whole == merged,
        "the merged page differs from the single run's"
    );
    assert!(d.join("charts/finish-s-curve.svg").exists());
    let _ = page(&d.join("merged.html"));
}

#[test]
fn html_outputs_are_checked_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("file"), "x").unwrap();
    let s = scenario("dl-project.toml");
    let run = |args: &[&str]| {
        Command::cargo_bin("riskplan")
            .unwrap()
            .current_dir(d)
            .args(["run", s.to_str().unwrap(), "-n", "100", "-q"])
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&["--html", "missing/r.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--html"));
    let o = run(&["--charts", "file"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--charts needs a directory"));
    let o = run(&["--shard", "1/2", "--out", "s.bin", "--html", "r.html"]);
    assert_eq!(o.status.code(), Some(2));
    // Nothing was written.
    assert!(!d.join("r.html").exists() && !d.join("s.bin").exists());
}

#[test]
fn the_charts_in_the_repository_are_what_the_documented_command_writes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = scenario("dl-project.toml");
    riskplan(d, &["run", s.to_str().unwrap(), "-q", "--charts", "charts"]);
    let kept = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/charts");
    let names = |dir: &Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let rerun = "cargo run --release -- run scenarios/dl-project.toml -q --charts scenarios/charts";
    assert_eq!(
        names(&kept),
        names(&d.join("charts")),
        "regenerate them: {rerun}"
    );
    // The same charts with the same markers: values to the last few bits (a binary built by
    // `cargo build` and one built by `cargo test` may round the last bit of a sum apart).
    let markers = |path: &Path| -> Vec<(String, String)> {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        doc.descendants()
            .filter_map(|n| {
                Some((
                    n.attribute("data-marker")?.to_string(),
                    n.attribute("data-value")?.to_string(),
                ))
            })
            .collect()
    };
    for name in names(&kept) {
        let (a, b) = (
            markers(&kept.join(&name)),
            markers(&d.join("charts").join(&name)),
        );
        assert_eq!(
            a.len(),
            b.len(),
            "scenarios/charts/{name} is out of date: {rerun}"
        );
        for ((ka, va), (kb, vb)) in a.iter().zip(&b) {
            assert_eq!(ka, kb, "scenarios/charts/{name}: {rerun}");
            match (va.parse::<f64>(), vb.parse::<f64>()) {
                (Ok(x), Ok(y)) => assert!(
                    (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                    "scenarios/charts/{name}: {ka} {va} against {vb}: {rerun}"
                ),
                _ => assert_eq!(va, vb, "scenarios/charts/{name}: {ka}: {rerun}"),
            }
        }
    }
}

/// The page of a report, from the library.
fn render(report: &riskplan::report::Report) -> Html {
    use riskplan::report::{Document, Export, Exporter, html::Html as Page};
    match Page.export(Document::Run(report)).unwrap() {
        Export::Document(bytes) => Html::parse_document(&String::from_utf8(bytes).unwrap()),
        Export::Files(_) => panic!("one page"),
    }
}

#[test]
fn cost_drivers_mitigation_and_ranges_are_drawn_when_present_and_hidden_when_not() {
    use riskplan::report::{Driver, MitigationEffect, MitigationFigures, MitigationReport};
    let model = crate::common::compile(EVIL);
    let (_, mut report) = crate::common::run(&model, 300, 1);
    report.cost_drivers.clear();
    report.mitigation = None;
    let doc = render(&report);
    assert!(
        doc.select(&sel(r#"svg[data-chart="cost-drivers"]"#))
            .next()
            .is_none()
    );
    assert!(
        doc.select(&sel(r#"table[data-table="mitigation"]"#))
            .next()
            .is_none()
    );

    report.cost_drivers = vec![Driver {
        kind: "risk".into(),
        id: "r".into(),
        name: "<b>late</b>".into(),
        correlation: -0.4,
    }];
    let figures = |date: &str, cost: f64| MitigationFigures {
        duration_days: 20.0,
        finish_date: date.into(),
        cost,
        mean_cost: cost,
        deadline_probability: Some(0.5),
    };
    report.mitigation = Some(MitigationReport {
        iterations: 300,
        before: figures("2027-02-26", 1000.0),
        after: figures("2027-02-19", 900.0),
        mitigations: vec![MitigationEffect {
            risk: "r".into(),
            description: "buy it".into(),
            cost: 50.0,
            days_saved: 3.0,
            cost_saved: 150.0,
            net_saving: 100.0,
            alone: figures("2027-02-23", 950.0),
        }],
    });
    report.tasks[0].finish.p50 = "2027-02-01".into();
    report.tasks[0].finish.p80 = "2027-02-08".into();
    report.tasks[0].finish.p95 = "2027-02-15".into();
    let doc = render(&report);
    let tornado = doc
        .select(&sel(r#"svg[data-chart="cost-drivers"] [data-bar]"#))
        .next()
        .expect("the cost tornado");
    assert_eq!(tornado.value().attr("data-value"), Some("-0.4"));
    let label: String = tornado.text().collect();
    assert!(label.contains("<b>late</b>"), "{label}");
    assert_eq!(
        doc.select(&sel(r#"table[data-table="mitigations"] tbody tr"#))
            .count(),
        1
    );
    // The summary says what the mitigations buy, with the report's dates.
    let after = doc
        .select(&sel(r#"[data-field="mitigation.after.finish_date"]"#))
        .next()
        .expect("the mitigated date in the summary");
    assert_eq!(after.value().attr("data-value"), Some("2027-02-19"));
    // The task's finish range is drawn at its percentiles.
    let id = &report.tasks[0].id;
    let range = doc
        .select(&sel(&format!(
            r#"svg[data-chart="gantt"] [data-task="{id}"] [data-role="range"]"#
        )))
        .next()
        .expect("a range");
    assert_eq!(range.value().attr("data-p50"), Some("2027-02-01"));
    assert_eq!(range.value().attr("data-target"), Some("2027-02-08"));
    assert_eq!(range.value().attr("data-p95"), Some("2027-02-15"));
}
