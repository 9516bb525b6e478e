//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use riskplan::{analysis, engine, model, report::Report, scenario};

/// `../shared/data/RELATIVE` (a file or a folder), or None (saying so) when it is absent, so
/// that a plain checkout still passes. CI has the data: there (`CI` set, as CI services do),
/// its absence fails the test. `what` names the check in the message.
pub fn shared_data(relative: &str, what: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(relative);
    if path.exists() {
        return Some(path);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    assert!(
        !ci,
        "{} is absent; CI must have the shared data",
        path.display()
    );
    eprintln!("skipping {what}: {} is absent (CI has it)", path.display());
    None
}

/// `riskplan check FILE` on a file it must refuse: exit code 2, no panic, the file named.
/// Returns what it printed on standard error.
pub fn check_fails(file: &Path) -> String {
    let out = assert_cmd::Command::cargo_bin("riskplan")
        .unwrap()
        .arg("check")
        .arg(file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(stderr.contains(name.as_ref()), "{stderr}");
    stderr
}

/// Compiles scenario text (the file name in messages is `test.toml`).
pub fn compile(text: &str) -> model::Model {
    let source = scenario::Source {
        path: "test.toml".into(),
        text: text.into(),
    };
    let sc = scenario::parse(&source).expect("scenario parses");
    model::compile(&sc, &source).expect("scenario compiles")
}

/// Compiles scenario text with compile options (a plan, mitigation, a confidence).
pub fn compile_with(text: &str, options: &model::CompileOptions) -> model::Model {
    let source = scenario::Source {
        path: "test.toml".into(),
        text: text.into(),
    };
    let sc = scenario::parse(&source).expect("scenario parses");
    model::compile_with(&sc, &source, options).expect("scenario compiles")
}

/// The compile error of scenario text, as the one line a user sees.
pub fn compile_error(text: &str) -> String {
    let source = scenario::Source {
        path: "test.toml".into(),
        text: text.into(),
    };
    match scenario::parse(&source).and_then(|sc| model::compile(&sc, &source)) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

/// Simulates and analyses.
pub fn run(model: &model::Model, iterations: usize, seed: u64) -> (engine::Outcomes, Report) {
    let out = engine::simulate(
        model,
        engine::SimOptions::new(seed),
        0..iterations as u64,
        &|_| {},
    );
    let det = engine::deterministic(model);
    let report = analysis::analyse(model, &det, &out);
    (out, report)
}

/// A project header on the continuous calendar (durations are plain days).
pub const CONTINUOUS: &str =
    "[project]\nname = \"t\"\nstart = 2027-01-04\ncalendar = \"continuous\"\n";

/// The paths of the numbers of a report (or anything serializable) that are NaN or infinite,
/// each with its value: what JSON would write as `null`.
pub fn non_finite<T: serde::Serialize>(report: &T) -> Vec<String> {
    let value = ciborium::Value::serialized(report).expect("a report serializes");
    let mut found = Vec::new();
    walk_non_finite("", &value, &mut found);
    found
}

fn walk_non_finite(path: &str, value: &ciborium::Value, found: &mut Vec<String>) {
    use ciborium::Value as V;
    match value {
        V::Float(x) if !x.is_finite() => found.push(format!("{path} = {x}")),
        V::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_non_finite(&format!("{path}[{i}]"), item, found);
            }
        }
        V::Map(entries) => {
            for (k, v) in entries {
                let key = match k {
                    V::Text(t) => t.clone(),
                    other => format!("{other:?}"),
                };
                match path {
                    "" => walk_non_finite(&key, v, found),
                    _ => walk_non_finite(&format!("{path}.{key}"), v, found),
                }
            }
        }
        V::Tag(_, inner) => walk_non_finite(path, inner, found),
        _ => {}
    }
}
