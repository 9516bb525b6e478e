//! Command-line arguments (clap derive types only).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "riskplan",
    version,
    about = "Monte Carlo schedule and cost risk for project plans"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and report dates, costs, buffer and reserves.
    Run(RunArgs),
    /// Simulate the scenario's plans (e.g. on-demand vs Spot) side by side.
    Compare(CompareArgs),
    /// Validate a scenario and show its tasks and deterministic critical path.
    Check {
        /// The scenario file (TOML), or a schedule to import (MS Project XML, P6 XER,
        /// GanttProject, task CSV, Jira or Asana CSV, PSPLIB); `-` reads standard input.
        scenario: PathBuf,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Convert a schedule from another tool into a scenario file to read, edit and run.
    Import(ImportCommand),
    /// Merge the shard files of one `run` or `compare` into the report the single run gives.
    Merge(MergeArgs),
}

/// How a schedule from another tool is read.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The file's format, when it should not be detected from its content: toml, mspdi, xer,
    /// gan, csv, jira, asana, psplib or patterson.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Uncertainty for imported tasks that have none of their own: a risk level (low,
    /// medium, high, very_high) or a range of each duration, e.g. 90%..150%.
    #[arg(long, value_name = "LEVEL|RANGE", conflicts_with = "risk_field")]
    pub risk: Option<String>,
    /// Take each imported task's risk level from this field of the file: an MS Project custom
    /// field (by alias), a P6 user-defined field or activity code, a CSV column.
    #[arg(long, value_name = "FIELD")]
    pub risk_field: Option<String>,
    /// Day 0 of a plan whose file records no start (task CSV, Jira, Asana); default today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start: Option<String>,
    /// Working days per story point, for exports that estimate in points.
    #[arg(long, value_name = "DAYS", default_value_t = 1.0)]
    pub points_days: f64,
    /// Working hours in a day, for estimates in hours or seconds (Jira).
    #[arg(long, value_name = "HOURS", default_value_t = 8.0)]
    pub hours_per_day: f64,
}

#[derive(Debug, clap::Args)]
pub struct ImportCommand {
    /// The schedule: MS Project XML, Primavera P6 XER, GanttProject .gan, a task CSV, a Jira
    /// or Asana CSV export, or a PSPLIB instance; `-` reads standard input.
    pub file: PathBuf,
    /// The scenario file to write (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub import: ImportArgs,
}

/// Options every simulating command takes.
#[derive(Debug, clap::Args)]
pub struct SimArgs {
    /// Number of simulated schedules (per plan, for `compare`).
    #[arg(long, short = 'n', default_value_t = 10_000)]
    pub iterations: u64,
    /// Seed of the random numbers: the same seed gives the same numbers on any machine (and
    /// the same draws to every plan of a comparison: common random numbers).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Target confidence for buffer and reserves, in (0, 1); overrides the scenario's.
    #[arg(long)]
    pub confidence: Option<f64>,
    /// Put every risk's post-mitigation probability and impact in force, and pay for the
    /// mitigations.
    #[arg(long)]
    pub mitigated: bool,
    /// Schedule as if every role and instance type were unlimited: no levelling, whatever
    /// the scenario's `resource_constrained` says.
    #[arg(long)]
    pub ignore_capacities: bool,
    /// Write the report as JSON to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the report as CSV files into DIR.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Write the report as one self-contained HTML page (charts included) to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write each chart of the report as its own SVG file into DIR (created if missing).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// `random`, or `lhs` (Latin hypercube) for the task-duration draws.
    #[arg(long, default_value = "random", value_parser = ["random", "lhs"])]
    pub sampling: String,
    /// Simulate only shard K of N of the iterations (`3/8`), or `auto` to take K and N from a
    /// Slurm array job; write them to `--out` for `riskplan merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// The shard file to write (with `--shard`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shard files, all of one run (any order).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write the report as JSON to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the report as CSV files into DIR.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Write the report as one self-contained HTML page (charts included) to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write each chart of the report as its own SVG file into DIR (created if missing).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// How many entries each of the summary's lists shows: tasks, drivers, risks, mitigations, milestones.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The scenario file (TOML), or a schedule to import (see `riskplan import`); `-` reads
    /// standard input.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
    #[command(flatten)]
    pub sim: SimArgs,
    /// Apply one of the scenario's `[[plans]]`.
    #[arg(long)]
    pub plan: Option<String>,
    /// Keep doubling the iterations until the 95% confidence interval of the target
    /// percentile of the finish is narrower than +- DAYS working days.
    #[arg(long, value_name = "DAYS")]
    pub precision: Option<f64>,
    /// The most iterations `--precision` may use.
    #[arg(long, default_value_t = 2_000_000)]
    pub max_iterations: u64,
    /// How many entries each of the summary's lists shows: tasks, drivers, risks, mitigations, milestones.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The scenario file (TOML) with its `[[plans]]`; `-` reads standard input.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
    /// The plans to compare, comma-separated (default: all, in file order); the first is the
    /// reference the others are compared with.
    #[arg(long, value_delimiter = ',')]
    pub plans: Vec<String>,
    #[command(flatten)]
    pub sim: SimArgs,
}
