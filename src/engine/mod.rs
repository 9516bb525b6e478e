//! The Monte Carlo engine: simulate a range of iterations of a compiled model, in parallel,
//! into outcomes that merge exactly. Each iteration's random numbers come from (seed, index)
//! alone, so results are bit-identical on any number of threads or shards.
//!
//! - `rng`: generators from (seed, index); `inputs`: an iteration's draws, straight into its
//!   lane of a block; `network`: the forward pass; `leveling`: the serial schedule generation
//!   that takes its place when capacities are in force, and the deterministic plan's
//!   multi-pass heuristic; `cost`: the roll-up (payroll included); `critical`: the
//!   (resource-)critical path; `block`: the schedule of `LANES` iterations; `outcomes`: named columns and
//!   per-task accumulators with an exact merge; `histogram`: per-task durations;
//!   `simulate`: the rayon driver and the deterministic plan; `memory`: what a run will hold.

pub mod block;
pub mod codec;
pub mod cost;
mod counts;
pub mod critical;
pub mod day_counts;
pub mod histogram;
pub mod inputs;
pub mod leveling;
pub mod memory;
pub mod network;
pub mod outcomes;
pub mod rng;
pub mod simulate;
mod task_stats;

pub use cost::Totals;
pub use outcomes::{Columns, MergeError, Outcomes, SAMPLE_ITERATIONS, Shape, TaskStats};
pub use simulate::{DeterministicSchedule, deterministic, simulate};

/// Iterations per block: they advance through the network together.
pub const LANES: usize = 16;

/// How the uniform draws behind task durations are generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sampling {
    /// Independent draws.
    #[default]
    Random,
    /// Latin hypercube: within each block of `rng::STRATA` iterations, every task's duration
    /// draws fall one in each of `STRATA` equal strata of probability (in a random order per
    /// block and task). Lowers the standard error of means and percentiles of independent
    /// inputs.
    LatinHypercube,
}

impl Sampling {
    /// The name the command line and the report use.
    pub fn name(self) -> &'static str {
        match self {
            Sampling::Random => "random",
            Sampling::LatinHypercube => "lhs",
        }
    }
}

/// What fixes every random number of a run: the seed and the sampling method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimOptions {
    pub seed: u64,
    pub sampling: Sampling,
}

impl SimOptions {
    /// Independent random sampling from `seed`.
    pub fn new(seed: u64) -> Self {
        SimOptions {
            seed,
            sampling: Sampling::Random,
        }
    }
}
