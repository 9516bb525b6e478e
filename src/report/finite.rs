//! The last line of defence: no report leaves riskplan with a figure that is not a finite
//! number. JSON would write NaN and infinity as `null`, and the table as `NaN` or `inf`,
//! without a word; the scenario's limits are meant to make them unreachable, and this walk
//! over every figure of a document turns one that slips through into an error that names it.

use serde::Serialize;
use serde::ser;

use super::{ComparisonReport, Document, Report};
use crate::error::Error;

/// Refuses a document with a figure that is NaN or infinite, naming the first one by its path
/// in the JSON report (`tasks[train].duration_days.p95`).
pub fn check(doc: Document<'_>) -> crate::Result<()> {
    let mut walk = Walk::default();
    let done = match doc {
        Document::Run(r) => Report::serialize(r, &mut walk),
        Document::Comparison(c) => ComparisonReport::serialize(c, &mut walk),
    };
    // The walk stops early only at a figure that is not finite.
    let _ = done;
    match walk.found {
        Some((figure, value)) => Err(Error::NonFinite { figure, value }),
        None => Ok(()),
    }
}

/// One step of the path to a figure: a field, a map key, or a list element (with the `id`
/// or `name` of the entry, once read).
#[derive(Debug)]
enum Step {
    Field(String),
    Element(usize, Option<String>),
}

#[derive(Default)]
struct Walk {
    path: Vec<Step>,
    found: Option<(String, f64)>,
}

impl Walk {
    fn render(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Field(f) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(f);
                }
                Step::Element(_, Some(label)) => out.push_str(&format!("[{label}]")),
                Step::Element(i, None) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn number(&mut self, x: f64) -> Result<(), Stop> {
        if !x.is_finite() {
            self.found = Some((self.render(), x));
            return Err(Stop(String::new()));
        }
        Ok(())
    }

    /// A text field: an entry's `id` or `name` labels the list element it is in.
    fn text(&mut self, s: &str) {
        let n = self.path.len();
        let labels =
            n >= 2 && matches!(&self.path[n - 1], Step::Field(f) if f == "id" || f == "name");
        if labels && let Step::Element(_, label @ None) = &mut self.path[n - 2] {
            *label = Some(s.to_string());
        }
    }
}

/// Stops the walk: at the first figure that is not finite, or at something a report never
/// holds.
#[derive(Debug)]
struct Stop(String);

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Stop(msg.to_string())
    }
}

impl ser::Serializer for &mut Walk {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, _: bool) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Stop> {
        self.number(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Stop> {
        self.number(v)
    }
    fn serialize_char(self, _: char) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Stop> {
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Stop> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        self.path.push(Step::Field(variant.to_string()));
        v.serialize(&mut *self)?;
        self.path.pop();
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Stop> {
        self.path.push(Step::Element(0, None));
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Self, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Stop> {
        self.path.push(Step::Field(String::new()));
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        self.path.push(Step::Field(String::new()));
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        self.path.push(Step::Field(String::new()));
        Ok(self)
    }
}

impl Walk {
    /// The next element of the list being walked.
    fn element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Stop> {
        v.serialize(&mut *self)?;
        if let Some(Step::Element(i, label)) = self.path.last_mut() {
            *i += 1;
            *label = None;
        }
        Ok(())
    }

    fn field<T: ?Sized + Serialize>(&mut self, name: &str, v: &T) -> Result<(), Stop> {
        if let Some(Step::Field(f)) = self.path.last_mut() {
            *f = name.to_string();
        }
        v.serialize(&mut *self)
    }

    fn end(&mut self) -> Result<(), Stop> {
        self.path.pop();
        Ok(())
    }
}

impl ser::SerializeSeq for &mut Walk {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Stop> {
        self.element(v)
    }
    fn end(self) -> Result<(), Stop> {
        Walk::end(self)
    }
}

impl ser::SerializeTuple for &mut Walk {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Stop> {
        self.element(v)
    }
    fn end(self) -> Result<(), Stop> {
        Walk::end(self)
    }
}

impl ser::SerializeTupleStruct for &mut Walk {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Stop> {
        self.element(v)
    }
    fn end(self) -> Result<(), Stop> {
        Walk::end(self)
    }
}

impl ser::SerializeTupleVariant for &mut Walk {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Stop> {
        self.element(v)
    }
    fn end(self) -> Result<(), Stop> {
        Walk::end(self)
    }
}

impl ser::SerializeMap for &mut Walk {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Stop> {
        let name = match serde_json::to_value(key) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(e) => return Err(Stop(e.to_string())),
        };
        if let Some(Step::Field(f)) = self.path.last_mut() {
            *f = name;
        }
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Stop> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Stop> {
        Walk::end(self)
    }
}

impl ser::SerializeStruct for &mut Walk {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        self.field(name, v)
    }
    fn end(self) -> Result<(), Stop> {
        Walk::end(self)
    }
}

impl ser::SerializeStructVariant for &mut Walk {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        self.field(name, v)
    }
    fn end(self) -> Result<(), Stop> {
        Walk::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    fn model() -> Model {
        crate::test_support::compile(
            "[project]\nname = \"t\"\nstart = 2027-01-04\n\n[[tasks]]\nid = \"train\"\nestimate = { min = 1, likely = 2, max = 4 }\n\n[[tasks]]\nid = \"ship\"\ndepends_on = [\"train\"]\nestimate = 1\n",
        )
    }

    #[test]
    fn a_report_of_finite_figures_passes() {
        let report = crate::test_support::report(&model(), 200, 1);
        assert!(check(Document::Run(&report)).is_ok());
    }

    #[test]
    fn a_figure_that_is_not_finite_is_an_error_that_names_it() {
        let report = crate::test_support::report(&model(), 200, 1);
        let mut bad = report.clone();
        bad.cost.stats.p80 = f64::INFINITY;
        let e = check(Document::Run(&bad)).unwrap_err();
        assert!(
            matches!(e, Error::NonFinite { ref figure, .. } if figure == "cost.p80"),
            "{e:?}"
        );
        assert!(!e.is_bad_input());
        assert!(e.to_string().contains("`cost.p80`"), "{e}");

        // A task's figure is named by the task's id.
        let mut bad = report.clone();
        let i = bad.tasks.iter().position(|t| t.id == "ship").unwrap();
        bad.tasks[i].duration_days.p95 = f64::NAN;
        let e = check(Document::Run(&bad)).unwrap_err();
        assert!(
            matches!(e, Error::NonFinite { ref figure, .. } if figure == "tasks[ship].duration_days.p95"),
            "{e:?}"
        );

        // In a map, by its key.
        let mut bad = report;
        bad.deterministic
            .instance_hours
            .insert("gpu".into(), f64::NEG_INFINITY);
        let e = check(Document::Run(&bad)).unwrap_err();
        assert!(
            matches!(e, Error::NonFinite { ref figure, .. } if figure == "deterministic.instance_hours.gpu"),
            "{e:?}"
        );
    }
}
