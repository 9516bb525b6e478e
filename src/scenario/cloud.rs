//! The scenario's cloud compute as written: instance types (`[[instances]]`) with their
//! prices and Spot behaviour, a task's `compute` run, and the `[[plans]]` that say how runs
//! are bought (on-demand or Spot, how many instances, what to do when Spot fails).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::Estimate;

/// A cloud instance type: `[[instances]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub on_demand_per_hour: Spanned<f64>,
    /// Spot price per hour; or give `spot_discount`.
    pub spot_per_hour: Option<Spanned<f64>>,
    /// Spot price as a discount off on-demand (0.7 = 70% cheaper).
    pub spot_discount: Option<Spanned<f64>>,
    /// Exponential Spot lifetimes: interruptions per instance-hour.
    pub interruptions_per_hour: Option<Spanned<f64>>,
    /// Weibull Spot lifetimes: `{ weibull_shape = 0.6, mean_hours = 2 }`.
    pub interruption: Option<Spanned<WeibullSpec>>,
    /// Probability that Spot capacity is there when asked (default 1).
    pub availability: Option<Spanned<f64>>,
    /// How long a wait for capacity lasts when there is none.
    pub capacity_wait: Option<Spanned<WaitSpec>>,
    /// Warning before a reclaim, hours (AWS: 2 minutes = 0.033).
    pub notice_hours: Option<Spanned<f64>>,
    /// How much the Spot price moves over the project: the coefficient of variation of a
    /// lognormal factor (mean 1) drawn once per run of the project, e.g. 0.15.
    pub spot_price_variability: Option<Spanned<f64>>,
    /// The most instances of the type that may run at once (a quota); absent: no limit.
    /// Signed so that a negative value gets a message naming the instance type.
    pub max_running: Option<Spanned<i64>>,
}

/// A Weibull lifetime.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeibullSpec {
    pub weibull_shape: f64,
    pub mean_hours: f64,
}

/// A wait for capacity: `{ mean_hours = 1.4 }` (exponential), `{ median_hours = 0.4,
/// mean_hours = 1.4 }` (lognormal) or `{ hours = 1 }` (fixed).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitSpec {
    pub hours: Option<f64>,
    pub mean_hours: Option<f64>,
    pub median_hours: Option<f64>,
}

/// How a compute task is bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purchase {
    #[serde(alias = "on_demand", alias = "ondemand")]
    OnDemand,
    Spot,
}

/// What a Spot run does when Spot fails it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FallbackSpec {
    /// `keep-waiting`, `on-demand-after` (with `wait_hours`) or `deadline-aware` (with
    /// `deadline_hours`, counted from the run's start).
    pub policy: Spanned<String>,
    pub wait_hours: Option<Spanned<f64>>,
    pub deadline_hours: Option<Spanned<f64>>,
    /// Time to move to on-demand (provision and reload), hours; default 0.25.
    pub changeover_hours: Option<Spanned<f64>>,
}

/// A named variant of the scenario: `[[plans]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub name: Spanned<String>,
    pub description: Option<String>,
    /// How every compute task is bought, unless a task entry overrides it.
    pub purchase: Option<Purchase>,
    pub fallback: Option<Spanned<FallbackSpec>>,
    /// Instances of every compute task, unless a task entry overrides it.
    pub count: Option<Spanned<i64>>,
    /// Per-task overrides: `[plans.tasks.train] count = 4, purchase = "on-demand"`.
    #[serde(default)]
    pub tasks: BTreeMap<String, Spanned<PlanTask>>,
}

/// A plan's override of one compute task.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTask {
    pub purchase: Option<Purchase>,
    pub count: Option<Spanned<i64>>,
    pub fallback: Option<Spanned<FallbackSpec>>,
    pub instance: Option<String>,
}

/// The compute a task needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    pub instance: Spanned<String>,
    /// Instances in the gang (signed so that a negative count gets a message naming the task).
    #[serde(default = "one_count")]
    pub count: Spanned<i64>,
    /// Hours of work on each instance; any estimate form.
    pub hours: Spanned<Estimate>,
    /// `on-demand` (the default) or `spot`; plans may override it.
    pub purchase: Option<Purchase>,
    /// Hours of work between checkpoints, or `"auto"` (Daly's optimum). Default `auto`.
    pub checkpoint_every_hours: Option<Spanned<CheckpointEvery>>,
    /// Time to write one checkpoint, hours.
    pub checkpoint_hours: Option<Spanned<f64>>,
    /// Time to reload after an interruption (billed, interruptible), hours.
    pub restart_hours: Option<Spanned<f64>>,
    /// Time to get a new instance after an interruption (not billed), hours.
    pub downtime_hours: Option<Spanned<f64>>,
    /// `independent` (each instance fails on its own; the gang stops at the first) or `bulk`.
    pub interruptions: Option<String>,
    pub fallback: Option<Spanned<FallbackSpec>>,
}

/// A checkpoint interval: hours, or `"auto"`.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckpointEvery {
    Hours(f64),
    Auto,
}

impl<'de> Deserialize<'de> for CheckpointEvery {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(h) => Ok(CheckpointEvery::Hours(h)),
            Raw::Text(t) if t == "auto" => Ok(CheckpointEvery::Auto),
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "expected a number of hours or \"auto\", not \"{t}\""
            ))),
        }
    }
}

fn one_count() -> Spanned<i64> {
    Spanned::new(0..0, 1)
}
