//! The report as pretty-printed JSON (field names are the public interface). A comparison is
//! `{ "plans": [...] }`.

use super::{Document, Export, Exporter};

pub struct Json;

impl Exporter for Json {
    fn export(&self, doc: Document<'_>) -> crate::Result<Export> {
        let out = match doc {
            Document::Run(r) => serde_json::to_vec_pretty(r),
            Document::Comparison(c) => serde_json::to_vec_pretty(c),
        };
        let mut out = out.expect("a report always serializes");
        out.push(b'\n');
        Ok(Export::Document(out))
    }
}
