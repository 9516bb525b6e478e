//! The finish and the cost as whole distributions and what drives them, as the report holds
//! them for charts: S-curve points, histogram bins, the scatter's iterations, the drivers.

use schemars::JsonSchema;
use serde::Serialize;

/// One point of the finish's cumulative distribution: `probability` of finishing within
/// `days` working days, i.e. by `date`.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct FinishPoint {
    pub days: f64,
    pub date: String,
    pub probability: f64,
}

/// One point of the cost's cumulative distribution: `probability` of costing at most `cost`.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct CostPoint {
    pub cost: f64,
    pub probability: f64,
}

/// The finish and the cost distributions as points fine enough to draw S-curves.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Cdf {
    pub finish: Vec<FinishPoint>,
    pub cost: Vec<CostPoint>,
}

/// One bar of a histogram: the share of iterations with a value in `[from, to)`.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub share: f64,
}

/// The finish (working days) and the cost as histograms of equal-width bins.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Histograms {
    pub finish: Vec<Bin>,
    pub cost: Vec<Bin>,
}

/// One iteration's finish and cost, for the cost vs finish scatter.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct ScatterPoint {
    pub days: f64,
    pub cost: f64,
}

/// What moves the finish or the cost: a task's duration or cost, or a risk event occurring.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Driver {
    /// `task` or `risk`.
    pub kind: String,
    pub id: String,
    pub name: String,
    /// Spearman rank correlation with the project finish (schedule drivers) or the total cost
    /// (cost drivers).
    pub correlation: f64,
}
