//! The report: one serializable struct holding every figure any output shows. Exporters in
//! this module's files only format it; they never compute statistics.

pub mod csv;
pub mod json;
pub mod table;

use std::collections::BTreeMap;

use serde::Serialize;

/// Summary statistics of a quantity over the iterations.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub mean: f64,
    pub std: f64,
    pub p10: f64,
    pub p50: f64,
    pub p80: f64,
    pub p90: f64,
    pub p95: f64,
    pub p99: f64,
}

/// The same percentiles as dates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DatePercentiles {
    pub p10: String,
    pub p50: String,
    pub p80: String,
    pub p90: String,
    pub p95: String,
    pub p99: String,
}

/// The sprint (1-based) in which each percentile's finish date falls.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SprintPercentiles {
    pub p10: u32,
    pub p50: u32,
    pub p80: u32,
    pub p90: u32,
    pub p95: u32,
    pub p99: u32,
}

/// Monte Carlo standard errors of percentiles (distribution-free, from the order statistics).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PercentileErrors {
    pub p10: f64,
    pub p50: f64,
    pub p80: f64,
    pub p90: f64,
    pub p95: f64,
    pub p99: f64,
    /// At the target confidence.
    pub target: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StandardErrors {
    pub duration_days: PercentileErrors,
    pub cost: PercentileErrors,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CostReport {
    #[serde(flatten)]
    pub stats: Stats,
    pub by_category: CostCategories,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CostCategories {
    pub people: Stats,
    pub compute: Stats,
    pub fixed: Stats,
}

/// The plan with every estimate at its most likely value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Deterministic {
    pub duration_days: f64,
    pub finish_date: String,
    pub cost: f64,
    /// Share of iterations that finish by the deterministic date (merge bias makes it low).
    pub probability_on_time: f64,
    /// Share of iterations within the deterministic cost.
    pub probability_on_budget: f64,
    pub critical_path: Vec<String>,
    pub person_days: BTreeMap<String, f64>,
    pub instance_hours: BTreeMap<String, f64>,
}

/// The schedule buffer that reaches the target confidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Buffer {
    pub confidence: f64,
    /// Working days between the deterministic finish and the finish at the target confidence.
    pub days: f64,
    pub sprints: f64,
    /// The date to commit to.
    pub finish_date: String,
    /// Duration at the target confidence.
    pub duration_days: f64,
}

/// The reserves beyond the deterministic plan that reach the target confidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reserve {
    pub confidence: f64,
    /// Money: the cost at the target confidence less the deterministic cost.
    pub cost: f64,
    /// Total cost at the target confidence (the budget to ask for).
    pub total_cost: f64,
    pub person_days: BTreeMap<String, f64>,
    pub instance_hours: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TaskReport {
    pub id: String,
    pub name: String,
    /// Share of iterations in which the task is on a critical path.
    pub criticality: f64,
    /// `workdays` or `continuous`: the calendar `duration_days` counts in.
    pub calendar: String,
    pub deterministic_days: f64,
    /// Duration in days of the task's calendar; percentiles from a histogram (within 0.55%).
    pub duration_days: Stats,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MilestoneReport {
    pub id: String,
    pub name: String,
    pub duration_days: Stats,
    pub finish_date: DatePercentiles,
    pub deterministic_finish_date: String,
    /// Buffer at the target confidence, working days.
    pub buffer_days: f64,
    pub commit_date: String,
    pub deadline: Option<DeadlineReport>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeadlineReport {
    pub date: String,
    pub probability: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BudgetReport {
    pub amount: f64,
    pub probability: f64,
}

/// Everything a run reports.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub scenario: String,
    pub currency: String,
    pub start: String,
    /// `workdays` or `continuous`: what `duration_days` counts.
    pub calendar: String,
    pub sprint_days: f64,
    pub iterations: usize,
    pub seed: u64,
    pub confidence: f64,
    pub duration_days: Stats,
    pub finish_date: DatePercentiles,
    pub finish_sprint: SprintPercentiles,
    pub cost: CostReport,
    pub standard_error: StandardErrors,
    pub deterministic: Deterministic,
    pub buffer: Buffer,
    pub reserve: Reserve,
    pub deadline: Option<DeadlineReport>,
    pub budget: Option<BudgetReport>,
    pub milestones: Vec<MilestoneReport>,
    pub tasks: Vec<TaskReport>,
}

/// Something that turns a report into bytes (one per output format).
pub trait Exporter {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>>;
}
