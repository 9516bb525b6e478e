//! The report as pretty-printed JSON (field names are the public interface), under a
//! `schema_version`. A comparison is `{ "schema_version": 1, "plans": [...] }`. The JSON Schema
//! of both documents is generated from these types (see `schema`).

use schemars::JsonSchema;
use serde::Serialize;

use super::{ComparisonReport, Document, Export, Exporter, Report};

/// The version of the JSON report's schema. It is raised when a field is removed or renamed,
/// or changes its meaning or its type; adding a field does not raise it.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON report of `riskplan run` (and of `riskplan merge` of a run's shards).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "riskplan report")]
pub struct ReportJson<'a> {
    /// The version of this document's schema: raised when a field is removed or renamed, or
    /// changes its meaning or its type (adding a field does not raise it).
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: u32,
    #[serde(flatten)]
    pub report: &'a Report,
}

/// The JSON report of `riskplan compare` (and of `riskplan merge` of a comparison's shards).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "riskplan comparison")]
pub struct ComparisonJson<'a> {
    /// The version of this document's schema: raised when a field is removed or renamed, or
    /// changes its meaning or its type (adding a field does not raise it).
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: u32,
    #[serde(flatten)]
    pub comparison: &'a ComparisonReport,
}

pub struct Json;

impl Exporter for Json {
    fn export(&self, doc: Document<'_>) -> crate::Result<Export> {
        let out = match doc {
            Document::Run(report) => serde_json::to_vec_pretty(&ReportJson {
                schema_version: SCHEMA_VERSION,
                report,
            }),
            Document::Comparison(comparison) => serde_json::to_vec_pretty(&ComparisonJson {
                schema_version: SCHEMA_VERSION,
                comparison,
            }),
        };
        let mut out = out.expect("a report always serializes");
        out.push(b'\n');
        Ok(Export::Document(out))
    }
}
