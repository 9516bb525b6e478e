//! The JSON Schema (draft 2020-12) of the JSON reports, generated from the report's types so
//! that it cannot drift from them. The schemas are kept in the repository under
//! `src/report/schema/`, where the README links them; a test regenerates them and compares.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use super::json::{ComparisonJson, ReportJson};

/// Where the schema of `riskplan run --json` is kept, from the repository's root.
pub const REPORT_PATH: &str = "src/report/schema/report.schema.json";

/// Where the schema of `riskplan compare --json` is kept, from the repository's root.
pub const COMPARISON_PATH: &str = "src/report/schema/comparison.schema.json";

/// The schema of a run's JSON report, as the text of the file kept.
pub fn report() -> String {
    text(root::<ReportJson<'static>>())
}

/// The schema of a comparison's JSON report, as the text of the file kept.
pub fn comparison() -> String {
    text(root::<ComparisonJson<'static>>())
}

fn root<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
}

fn text(schema: Schema) -> String {
    let mut out = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    out.push('\n');
    out
}
