//! The report as pretty-printed JSON (field names are the public interface).

use super::{Exporter, Report};

pub struct Json;

impl Exporter for Json {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>> {
        let mut out = serde_json::to_vec_pretty(report).expect("a report always serializes");
        out.push(b'\n');
        Ok(out)
    }
}
