//! The JSON reports' schemas: the files kept in the repository are those the report's types
//! generate, byte for byte, and real reports (a run of the example project, a comparison of
//! its plans, a run of an imported schedule) validate against them, with no field the schema
//! does not declare.
//!
//! After changing a report type, rewrite the schemas with
//! `cargo test --profile test --test integration -- --ignored regenerate`
//! and commit them with the change (raising `SCHEMA_VERSION` if a field went or changed).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::scratch::{Scratch, stderr};
use riskplan::report::{json::SCHEMA_VERSION, schema};

const REWRITE: &str = "cargo test --profile test --test integration -- --ignored regenerate";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Each schema kept, with the text the types generate.
fn schemas() -> [(&'static str, String); 2] {
    [
        (schema::REPORT_PATH, schema::report()),
        (schema::COMPARISON_PATH, schema::comparison()),
    ]
}

#[test]
fn the_kept_schemas_are_those_the_types_generate() {
    for (path, generated) in schemas() {
        let kept = std::fs::read_to_string(root().join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}; write it with `{REWRITE}`"));
        assert!(
            kept == generated,
            "{path} differs from what the report's types generate; rewrite it with `{REWRITE}`"
        );
    }
}

#[test]
#[ignore = "rewrites src/report/schema/*.schema.json"]
fn regenerate_schemas() {
    for (path, generated) in schemas() {
        let path = root().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(&path, generated).expect("writable");
    }
}

/// The schema, made strict: an object that declares its properties takes no other, so that a
/// field a report writes and the schema lacks fails the validation.
fn strict(mut schema: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".into(), Value::Bool(false));
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut schema);
    schema
}

fn validator(text: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    jsonschema::validator_for(&strict(schema)).expect("a valid schema")
}

/// The errors of `doc` against `v`, one per line.
fn errors(v: &jsonschema::Validator, doc: &Value) -> String {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs riskplan with `args` and `--json out.json`, and reads the report.
fn report(t: &Scratch, args: &[&str]) -> Value {
    let o = t.run(&[args, &["-q", "--json", "out.json"]].concat());
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&std::fs::read(t.path("out.json")).unwrap()).unwrap()
}

fn file(relative: &str) -> String {
    let path: PathBuf = root().join(relative);
    path.to_string_lossy().into_owned()
}

#[test]
fn real_reports_validate_against_the_schemas() {
    let t = Scratch::new("");
    let run = validator(&schema::report());
    let compare = validator(&schema::comparison());
    let example = file("scenarios/dl-project.toml");
    let csv = file("tests/fixtures/csv/dl-project.csv");
    let cases = [
        // Mitigations, milestones, capacities, a deadline and a budget: every part filled in.
        ("run", &run, report(&t, &["run", &example, "-n", "2000"])),
        (
            "run --plan spot --mitigated",
            &run,
            report(
                &t,
                &[
                    "run",
                    &example,
                    "-n",
                    "1000",
                    "--plan",
                    "spot",
                    "--mitigated",
                ],
            ),
        ),
        (
            "an imported schedule",
            &run,
            report(&t, &["run", &csv, "-n", "1000", "--start", "2026-03-02"]),
        ),
        (
            "compare",
            &compare,
            report(&t, &["compare", &example, "-n", "1000"]),
        ),
    ];
    for (what, v, doc) in &cases {
        assert_eq!(doc["schema_version"], SCHEMA_VERSION, "{what}");
        let found = errors(v, doc);
        assert!(found.is_empty(), "{what}:\n{found}");
    }
    // The comparison's plans do not repeat the version.
    assert!(cases[3].2["plans"][0].get("schema_version").is_none());
    // A run's report is not a comparison, nor the other way round.
    assert!(!compare.is_valid(&cases[0].2));
    assert!(!run.is_valid(&cases[3].2));
}

/// A change that makes a report invalid.
type Change = fn(&mut Value);

#[test]
fn the_schemas_refuse_what_a_report_never_holds() {
    let t = Scratch::new(crate::scratch::PLAN);
    let v = validator(&schema::report());
    let good = report(&t, &["run", "test.toml", "-n", "200"]);
    assert_eq!(errors(&v, &good), "");
    let broken: [(&str, Change); 5] = [
        ("another version", |d| d["schema_version"] = 2.into()),
        ("no version", |d| {
            d.as_object_mut().unwrap().remove("schema_version");
        }),
        ("a figure as text", |d| {
            d["duration_days"]["p80"] = "12".into()
        }),
        ("a field the schema lacks", |d| {
            d["cost"]["p85"] = 1.0.into()
        }),
        ("a task without its id", |d| {
            d["tasks"][0].as_object_mut().unwrap().remove("id");
        }),
    ];
    for (what, change) in broken {
        let mut doc = good.clone();
        change(&mut doc);
        assert!(!v.is_valid(&doc), "{what} passed");
    }
}
