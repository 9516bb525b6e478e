//! riskplan: a Monte Carlo schedule and cost risk simulator for project plans.
//!
//! A plan (tasks, dependencies, estimates with risk levels, people and cloud compute with their
//! prices, milestones, a calendar) goes in; many simulated schedules run in parallel; out come
//! delivery-date percentiles, the timeline buffer and the backup reserves needed at a chosen
//! confidence, and which tasks drive them.
//!
//! ```
//! use riskplan::{analysis, engine, model, scenario};
//!
//! let text = r#"
//! [project]
//! name = "Example"
//! start = 2027-01-04
//!
//! [[people]]
//! role = "engineer"
//! rate_per_day = 600
//!
//! [[tasks]]
//! id = "build"
//! estimate = { min = 5, likely = 8, max = 20, dist = "pert" }
//! people = { engineer = 1.0 }
//!
//! [[tasks]]
//! id = "ship"
//! depends_on = ["build"]
//! estimate = { likely = 3, risk = "high" }
//! "#;
//! let source = scenario::Source { path: "example.toml".into(), text: text.into() };
//! let plan = scenario::parse(&source)?;
//! let model = model::compile(&plan, &source)?;
//! let outcomes = engine::simulate(&model, engine::SimOptions::new(7), 0..2_000, &|_| {});
//! let deterministic = engine::deterministic(&model);
//! let report = analysis::analyse(&model, &deterministic, &outcomes);
//! assert!(report.duration_days.p10 <= report.duration_days.p50);
//! assert!(report.duration_days.p50 <= report.duration_days.p80);
//! assert!(report.duration_days.p10 >= 5.0 + 3.0 * 0.8); // never before the shortest path
//! # Ok::<(), riskplan::Error>(())
//! ```

// Comparisons are written so that NaN fails them: `if !(x > 0.0)` rejects NaN too.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod analysis;
pub mod engine;
pub mod error;
pub mod import;
pub mod model;
pub mod report;
pub mod scenario;
pub mod templates;
#[cfg(test)]
mod test_support;

pub use error::{Error, Result};
