//! The two value forms that accept either a bare value or a table: estimates
//! (`8`, `{ min = 5, likely = 8, max = 20, dist = "pert" }`, `{ likely = 8, risk = "high" }`)
//! and dependencies (`"prepare-data"`, `{ task = "prepare-data", lag = 2, type = "SS" }`).

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// An uncertain quantity as written: a fixed number, or a table of whichever fields the
/// chosen form needs. `model::sampler` checks that the fields fit together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Estimate {
    pub min: Option<f64>,
    pub likely: Option<f64>,
    pub max: Option<f64>,
    /// `triangular`, `pert`, `uniform`, `fixed`, `normal`, `lognormal`, `discrete`.
    pub dist: Option<String>,
    /// `low`, `medium`, `high`, `very_high` (or a level the scenario defines).
    pub risk: Option<String>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub p10: Option<f64>,
    pub p90: Option<f64>,
    pub values: Option<Vec<f64>>,
    pub weights: Option<Vec<f64>>,
    /// A bare number: the value is known.
    pub fixed: Option<f64>,
}

/// The table form, as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EstimateTable {
    min: Option<f64>,
    likely: Option<f64>,
    max: Option<f64>,
    dist: Option<String>,
    risk: Option<String>,
    mean: Option<f64>,
    sd: Option<f64>,
    p10: Option<f64>,
    p90: Option<f64>,
    values: Option<Vec<f64>>,
    weights: Option<Vec<f64>>,
    value: Option<f64>,
}

impl Estimate {
    /// A known value.
    pub fn fixed(value: f64) -> Self {
        Estimate {
            fixed: Some(value),
            ..Default::default()
        }
    }
}

impl<'de> Deserialize<'de> for Estimate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Estimate;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a number or a table such as { min = 5, likely = 8, max = 20, dist = \"pert\" } or { likely = 8, risk = \"high\" }",
                )
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Estimate, E> {
                Ok(Estimate::fixed(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Estimate, E> {
                Ok(Estimate::fixed(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Estimate, E> {
                Ok(Estimate::fixed(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Estimate, A::Error> {
                let t = EstimateTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Estimate {
                    min: t.min,
                    likely: t.likely,
                    max: t.max,
                    dist: t.dist,
                    risk: t.risk,
                    mean: t.mean,
                    sd: t.sd,
                    p10: t.p10,
                    p90: t.p90,
                    values: t.values,
                    weights: t.weights,
                    fixed: t.value,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// How a dependency ties the successor to its predecessor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum LinkKind {
    /// Finish-to-start: the successor starts after the predecessor finishes.
    #[default]
    #[serde(alias = "fs", alias = "finish-to-start")]
    FS,
    /// Start-to-start.
    #[serde(alias = "ss", alias = "start-to-start")]
    SS,
    /// Finish-to-finish.
    #[serde(alias = "ff", alias = "finish-to-finish")]
    FF,
    /// Start-to-finish.
    #[serde(alias = "sf", alias = "start-to-finish")]
    SF,
}

/// One entry of `depends_on`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependency {
    pub task: String,
    pub kind: LinkKind,
    /// Lag in working days of the successor's calendar (negative: a lead).
    pub lag_days: f64,
}

impl<'de> Deserialize<'de> for Dependency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Table {
            task: String,
            #[serde(default, rename = "type")]
            kind: LinkKind,
            #[serde(default)]
            lag: f64,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Dependency;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a task id or a table such as { task = \"id\", lag = 2, type = \"FS\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dependency, E> {
                Ok(Dependency {
                    task: v.to_string(),
                    kind: LinkKind::FS,
                    lag_days: 0.0,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Dependency, A::Error> {
                let t = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Dependency {
                    task: t.task,
                    kind: t.kind,
                    lag_days: t.lag,
                })
            }
        }
        d.deserialize_any(V)
    }
}
