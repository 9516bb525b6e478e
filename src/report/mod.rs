//! The report: one serializable struct holding every figure any output shows. Exporters in
//! this module's files only format it; they never compute statistics.

pub mod csv;
mod distribution;
pub mod finite;
pub mod html;
pub mod json;
mod mitigation;
pub mod playbook;
pub mod schema;
pub mod svg;
pub mod table;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

pub use distribution::{Bin, Cdf, CostPoint, Driver, FinishPoint, Histograms, ScatterPoint};
pub use mitigation::{MitigationEffect, MitigationFigures, MitigationReport};

/// Summary statistics of a quantity over the iterations.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Stats {
    pub mean: f64,
    pub std: f64,
    pub p10: f64,
    pub p50: f64,
    pub p80: f64,
    pub p90: f64,
    pub p95: f64,
    pub p99: f64,
    /// At the target confidence (`confidence`).
    pub target: f64,
}

/// The same percentiles as dates.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct DatePercentiles {
    pub p10: String,
    pub p50: String,
    pub p80: String,
    pub p90: String,
    pub p95: String,
    pub p99: String,
    /// At the target confidence.
    pub target: String,
}

/// The sprint (1-based) in which each percentile's finish date falls.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct SprintPercentiles {
    pub p10: u32,
    pub p50: u32,
    pub p80: u32,
    pub p90: u32,
    pub p95: u32,
    pub p99: u32,
    /// At the target confidence.
    pub target: u32,
}

/// Monte Carlo standard errors of percentiles (distribution-free, from the order statistics).
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
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

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct StandardErrors {
    pub duration_days: PercentileErrors,
    pub cost: PercentileErrors,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct CostReport {
    #[serde(flatten)]
    pub stats: Stats,
    pub by_category: CostCategories,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct CostCategories {
    pub people: Stats,
    /// The part of `people` spent on assigned work.
    pub people_assigned: Stats,
    /// The part of `people` that pays people on the payroll for idle time (waiting, and the
    /// days between their tasks).
    pub people_idle: Stats,
    pub compute: Stats,
    pub fixed: Stats,
    /// Money spent on risk events that occurred.
    pub risk: Stats,
}

/// The plan with every estimate at its most likely value.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Deterministic {
    /// Under the capacities in force: the best schedule of the multi-pass heuristic.
    pub duration_days: f64,
    pub finish_date: String,
    pub cost: f64,
    /// The part of the people cost that pays idle time.
    pub idle_cost: f64,
    /// Share of iterations that finish by the deterministic date (merge bias makes it low).
    pub probability_on_time: f64,
    /// Share of iterations within the deterministic cost.
    pub probability_on_budget: f64,
    pub critical_path: Vec<String>,
    pub person_days: BTreeMap<String, f64>,
    pub instance_hours: BTreeMap<String, f64>,
}

/// The schedule buffer that reaches the target confidence.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
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
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Reserve {
    pub confidence: f64,
    /// Money: the cost at the target confidence less the deterministic cost.
    pub cost: f64,
    /// Total cost at the target confidence (the budget to ask for).
    pub total_cost: f64,
    pub person_days: BTreeMap<String, f64>,
    pub instance_hours: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct TaskReport {
    pub id: String,
    pub name: String,
    /// Its place in the plan's breakdown (`Civils / Piling`), when the plan has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wbs: Option<String>,
    /// Share of iterations in which the task is on a critical path.
    pub criticality: f64,
    /// `workdays` or `continuous`: the calendar `duration_days` counts in.
    pub calendar: String,
    pub deterministic_days: f64,
    /// Duration in days of the task's calendar; percentiles from a histogram, within 0.1% (or
    /// 0.001 day below one day) of the exact ones, and exact for a fixed duration.
    pub duration_days: Stats,
    /// Spearman rank correlation of the task's duration with the project finish.
    pub sensitivity: f64,
    /// Schedule sensitivity index: criticality x sd(task) / sd(project finish).
    pub ssi: f64,
    /// When the task starts, over the iterations: the probabilistic Gantt.
    pub start: DateRange,
    /// When the task finishes, over the iterations.
    pub finish: DateRange,
    /// The task's dates in the deterministic plan.
    pub deterministic: PlannedDates,
    /// What the task costs: its people, its compute and its fixed cost.
    pub cost: TaskCost,
}

/// A task's cost over the first iterations of the run (`sensitivity_iterations` of them, the
/// sample its cost is kept for), money.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct TaskCost {
    pub mean: f64,
    pub p50: f64,
    pub p80: f64,
}

/// Percentiles of a date over the iterations, as ISO dates.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct DateRange {
    pub p10: String,
    pub p50: String,
    pub p80: String,
    pub p90: String,
    pub p95: String,
}

/// A task's start and finish in the deterministic plan, as ISO dates.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct PlannedDates {
    pub start: String,
    pub finish: String,
}

/// How a compute task runs in this plan.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct ComputeTaskReport {
    pub id: String,
    pub instance: String,
    pub count: u32,
    /// `on-demand` or `spot`.
    pub purchase: String,
    /// Hours of work between checkpoints; null for a single final checkpoint.
    pub checkpoint_interval_hours: Option<f64>,
    /// The gang's mean running hours between interruptions; null when never interrupted.
    pub mean_hours_between_interruptions: Option<f64>,
    /// True when the interruption notice is long enough to checkpoint on, so that an
    /// interruption loses no work.
    pub checkpoints_on_notice: bool,
}

/// A risk event's effect.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct RiskReport {
    pub id: String,
    pub description: String,
    /// Probability in force (post-mitigation with `--mitigated`).
    pub probability: f64,
    /// Share of iterations in which it occurred.
    pub occurred: f64,
    pub mitigated: bool,
    /// Shift of the target percentile of the duration (working days) between iterations in
    /// which the event occurs and those in which it does not; null when it always or never occurs.
    pub impact_days: Option<f64>,
    /// The same for the total cost.
    pub impact_cost: Option<f64>,
}

/// One point of the joint-confidence frontier: finishing by `date` and within `budget`
/// together has the target probability. The frontier runs up to the P99 finish at most, where
/// its estimate is still sound (see `analysis::joint`).
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct FrontierPoint {
    pub date: String,
    pub duration_days: f64,
    /// The order-statistic standard error of `duration_days` (working days).
    pub duration_se_days: f64,
    pub budget: f64,
    /// The standard error of `budget`, with the date held.
    pub budget_se: f64,
}

/// Cost and schedule together (the joint confidence level).
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct JointReport {
    pub confidence: f64,
    /// Probability of meeting the deadline and the budget both; null unless both are set.
    pub probability: Option<f64>,
    /// (date, budget) pairs that reach the target joint confidence, earliest date first.
    pub frontier: Vec<FrontierPoint>,
}

/// How precise the headline figure is.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct ConvergenceReport {
    pub iterations: usize,
    /// Half-width of the 95% confidence interval of the target percentile of the duration.
    pub half_width_days: f64,
    /// The precision asked for with `--precision`.
    pub precision_days: Option<f64>,
    pub converged: Option<bool>,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct MilestoneReport {
    pub id: String,
    pub name: String,
    pub duration_days: Stats,
    pub finish_date: DatePercentiles,
    /// The sprint (1-based, of `sprint_days`) in which each percentile's date falls.
    pub finish_sprint: SprintPercentiles,
    pub deterministic_finish_date: String,
    /// The sprint in which the deterministic date falls.
    pub deterministic_sprint: u32,
    /// Buffer at the target confidence, working days.
    pub buffer_days: f64,
    pub commit_date: String,
    pub deadline: Option<DeadlineReport>,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct DeadlineReport {
    pub date: String,
    pub probability: f64,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct BudgetReport {
    pub amount: f64,
    pub probability: f64,
}

/// Everything a run reports.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Report {
    pub scenario: String,
    pub currency: String,
    pub start: String,
    /// The date progress was measured on, when the plan records progress: the forecast is
    /// of the work left from that day.
    pub status_date: Option<String>,
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
    pub risks: Vec<RiskReport>,
    /// The compute tasks and how they run (plan applied).
    pub compute_tasks: Vec<ComputeTaskReport>,
    /// The plan applied, if any.
    pub plan: Option<String>,
    pub joint: JointReport,
    /// True when every iteration is levelled with the capacities (`resource_constrained`, not
    /// `--ignore-capacities`).
    pub resource_constrained: bool,
    /// The same iterations with capacities ignored; null when none are in force.
    pub unconstrained: Option<UnconstrainedReport>,
    /// Every role with a count and every instance type with a quota.
    pub resources: Vec<ResourceReport>,
    pub convergence: ConvergenceReport,
    /// `random` or `lhs`.
    pub sampling: String,
    /// Iterations behind the rank correlations (`tasks[].sensitivity`).
    pub sensitivity_iterations: usize,
    pub warnings: Vec<String>,
    /// The finish and the cost distributions, fine enough to draw.
    pub cdf: Cdf,
    pub histogram: Histograms,
    /// Finish and cost of the first iterations (at most `SCATTER_POINTS`), for the scatter.
    pub scatter: Vec<ScatterPoint>,
    /// Tasks' durations and risk events, by the rank correlation with the finish, strongest
    /// first.
    pub schedule_drivers: Vec<Driver>,
    /// Tasks' costs and risk events, by the rank correlation with the total cost, strongest
    /// first.
    pub cost_drivers: Vec<Driver>,
    /// Before and after the mitigations; null when the register has none.
    pub mitigation: Option<MitigationReport>,
    /// What went in: the tasks and their estimates, the risk register, the team, the
    /// instance types and the project's settings.
    pub inputs: Inputs,
}

/// An uncertain input as the model samples it.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Estimate {
    /// `fixed`, `uniform`, `triangular`, `pert`, `normal`, `lognormal` or `discrete`.
    pub distribution: String,
    /// The smallest value it can take; null when unbounded.
    pub min: Option<f64>,
    /// The value of the deterministic plan.
    pub most_likely: f64,
    /// The largest value it can take; null when unbounded.
    pub max: Option<f64>,
    pub mean: f64,
}

/// A task as planned.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct TaskInput {
    pub id: String,
    pub name: String,
    /// Its place in the plan's breakdown, when the plan has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wbs: Option<String>,
    /// `workdays` or `continuous`.
    pub calendar: String,
    /// Days of the task's calendar, or for a compute run the hours of work per instance.
    pub estimate: Estimate,
    /// `days`, or `instance-hours` (hours per instance) for a compute run.
    pub unit: String,
    /// For a compute run: the instance type and how many run together.
    pub instance: Option<String>,
    pub instances: Option<u32>,
    /// Money the task costs besides people and compute.
    pub fixed_cost: Option<Estimate>,
    /// Ids of its predecessors.
    pub after: Vec<String>,
    /// Roles working on it.
    pub people: Vec<String>,
    /// Id of the milestone it belongs to.
    pub milestone: Option<String>,
}

/// A risk event of the register, as it went in.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct RiskInput {
    pub id: String,
    pub description: String,
    /// Probability in force.
    pub probability: f64,
    /// Ids of the tasks it hits.
    pub tasks: Vec<String>,
    /// Days added to each hit task.
    pub delay_days: Option<Estimate>,
    /// Fraction of each hit task's duration added to it.
    pub delay_fraction: Option<Estimate>,
    pub cost: Option<Estimate>,
    /// The mitigation's price; null without one.
    pub mitigation_cost: Option<f64>,
    /// The probability once mitigated; null without a mitigation.
    pub mitigated_probability: Option<f64>,
    /// True when the mitigation is in force.
    pub mitigated: bool,
}

/// A role of the team.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct RoleInput {
    pub name: String,
    /// People of the role; null for a pool without a count.
    pub count: Option<f64>,
    pub rate_per_day: f64,
    pub availability: f64,
    /// `assigned` or `throughout`.
    pub paid: String,
}

/// A cloud instance type.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct InstanceInput {
    pub name: String,
    pub on_demand_per_hour: f64,
    pub spot_per_hour: Option<f64>,
    /// The quota of instances running at once; null without one.
    pub max_running: Option<u32>,
}

/// The project's settings the figures rest on.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Assumptions {
    pub start: String,
    pub calendar: String,
    pub confidence: f64,
    pub deadline: Option<String>,
    pub budget: Option<f64>,
    pub sprint_days: f64,
    /// True when task uncertainties are correlated.
    pub correlated: bool,
    pub resource_constrained: bool,
    pub level_of_effort: Vec<String>,
}

/// What went into the run, for the report's appendix.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Inputs {
    pub assumptions: Assumptions,
    pub tasks: Vec<TaskInput>,
    pub risks: Vec<RiskInput>,
    pub roles: Vec<RoleInput>,
    pub instances: Vec<InstanceInput>,
}

/// The finish with capacities ignored, for the delay the limits cause.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct UnconstrainedReport {
    pub duration_days: Stats,
    pub finish_date: DatePercentiles,
    /// Working days the capacities add at the target confidence.
    pub delay_days: f64,
    /// The finish date at the target confidence.
    pub commit_date: String,
}

/// A resource: a role with a count or an instance type with a quota.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct ResourceReport {
    pub name: String,
    /// `role` or `instance`.
    pub kind: String,
    /// People or instances that exist.
    pub capacity: f64,
    /// Mean share of its available time in use (working days for roles, hours for instance
    /// types, from the start or `joins` to the finish).
    pub utilisation: f64,
    /// Share of iterations in which it held the finish back most (its waits on the critical
    /// path were the longest).
    pub bottleneck_share: f64,
    /// Working days by which the finish at the target confidence comes earlier with one more
    /// unit, from the same iterations levelled again (common random numbers); null when
    /// capacities are not in force or the outcomes hold none of those iterations.
    pub p80_days_saved_with_one_more: Option<f64>,
    /// Iterations behind `p80_days_saved_with_one_more`.
    pub one_more_iterations: usize,
}

/// Mean instance-hours per run of the project.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct InstanceHoursReport {
    /// Billed instance-hours (work, checkpoints, restarts, lost work).
    pub billed: f64,
    /// Instance-hours of useful work.
    pub useful: f64,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct MeanReport {
    pub mean: f64,
}

/// A plan minus the first plan, iteration by iteration.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct Difference {
    pub mean: f64,
    /// Standard error of the mean difference.
    pub se_mean: f64,
    pub p50: f64,
    /// At the target confidence.
    pub target: f64,
}

/// One plan of a comparison: its full run report plus the comparison with the first plan.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct PlanReport {
    pub name: String,
    #[serde(flatten)]
    pub report: Report,
    pub instance_hours: InstanceHoursReport,
    pub interruptions: MeanReport,
    /// Share of iterations in which this plan costs less than the first plan.
    pub probability_cheaper: f64,
    /// Share of iterations in which this plan finishes before the first plan.
    pub probability_earlier: f64,
    /// Cost of this plan minus the first plan's, money.
    pub cost_difference: Difference,
    /// Duration of this plan minus the first plan's, working days.
    pub duration_difference: Difference,
}

/// `riskplan compare`: the plans side by side.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct ComparisonReport {
    pub plans: Vec<PlanReport>,
}

/// What an exporter is given: one run's report, or a comparison of plans.
#[derive(Debug, Clone, Copy)]
pub enum Document<'a> {
    Run(&'a Report),
    Comparison(&'a ComparisonReport),
}

/// What an exporter produces: one document (a file or standard output), or a set of named
/// files for a directory.
#[derive(Debug, Clone, PartialEq)]
pub enum Export {
    Document(Vec<u8>),
    Files(Vec<(String, Vec<u8>)>),
}

/// One output format. Formats only format: every figure is already in the document.
pub trait Exporter {
    fn export(&self, doc: Document<'_>) -> crate::Result<Export>;
}
