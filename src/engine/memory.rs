//! What a run holds in memory at its peak, estimated from the model before it starts, so that
//! a run too large for the machine is refused with the figure rather than ending in an
//! allocation failure hours later.
//!
//! A run holds, per iteration, the project-level columns (`Columns`: 8 bytes per figure, one
//! byte per flag) and, while it is analysed, about seven more numbers (the finish in days,
//! the total cost, and sorted copies for the percentiles). Per task it holds the samples
//! behind the rank correlations (`Shape::sample_iterations` iterations), and on each worker
//! thread a block's scratch and the per-task accumulators (a duration histogram and two
//! day counts, a few KB each, whatever the iterations), then the report. Measured peaks on
//! the 2-core development machine: 142 bytes per iteration for a 4-task plan over 10,000,000
//! iterations (88 of them the columns).

use crate::model::Model;

use super::outcomes::{ONE_MORE_ITERATIONS, SCALARS, Shape};

/// Numbers the analysis holds per iteration beside the columns: the finish in working days,
/// the total cost, sorted finish times, durations and costs, and the copy being sorted.
const ANALYSIS_NUMBERS: u64 = 7;

/// Bytes of a block's scratch per task (`Block`: each of `LANES` iterations' duration, fixed
/// cost, compute run, start, finish, cost and critical flag).
const BLOCK_BYTES_PER_TASK: u64 = 1_536;

/// Bytes of one worker's per-task accumulators: a duration histogram (2 to 4 KB for a task
/// whose duration spans under an octave) and the counts of its start and finish days (about
/// 1.5 KB each over a year of spread).
const STATS_BYTES_PER_TASK: u64 = 8 << 10;

/// Bytes of the report per task (names, dates and figures), and of it written out.
const REPORT_BYTES_PER_TASK: u64 = 4 << 10;

/// A run's memory as a fixed part and a part per iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// Bytes whatever the number of iterations (per-task accumulators, samples, report).
    pub fixed: u64,
    /// Bytes per iteration (columns and their analysis).
    pub per_iteration: u64,
}

impl Footprint {
    /// The estimated peak of a run of `iterations` iterations of `model` on `threads` worker
    /// threads, analysis and report included. `rounds` says whether the run grows in rounds
    /// (`--precision`): appending a round to the columns briefly holds them twice.
    pub fn of(model: &Model, iterations: u64, threads: usize, rounds: bool) -> Footprint {
        let s = Shape::of(model);
        let tasks = s.tasks as u64;
        let floats = (SCALARS + s.milestones + s.roles + s.instances + s.resources) as u64;
        let flags = (s.risks + s.resources) as u64;
        let columns = 8 * floats + flags;
        let analysed = columns + 8 * ANALYSIS_NUMBERS;
        let per_iteration = if rounds {
            analysed.max(2 * columns)
        } else {
            analysed
        };
        let sampled = iterations.min(s.sample_iterations());
        let samples = sampled * (2 * tasks + s.risks as u64) * 4;
        let one_more = if model.leveling.active() {
            iterations.min(ONE_MORE_ITERATIONS) * (s.resources as u64 + 1) * 8 * 2
        } else {
            0
        };
        // Each worker's scratch and accumulators, and its buffer of durations and days
        // not yet counted (at most 48 MiB); the merged accumulators replace one of them.
        let workers = (threads.max(1) as u64).min(iterations.div_ceil(256).max(1));
        let buffer = (tasks * 256 * 12).min(48 << 20);
        let worker = tasks * (BLOCK_BYTES_PER_TASK + STATS_BYTES_PER_TASK) + buffer;
        let fixed = workers * worker + samples + one_more + tasks * REPORT_BYTES_PER_TASK;
        Footprint {
            fixed,
            per_iteration,
        }
    }

    /// The estimated peak, bytes, for `iterations` iterations (saturating).
    pub fn bytes(&self, iterations: u64) -> u64 {
        self.fixed
            .saturating_add(self.per_iteration.saturating_mul(iterations))
    }

    /// The most iterations that fit in `available` bytes (0 when not even the fixed part
    /// fits).
    pub fn iterations_within(&self, available: u64) -> u64 {
        available.saturating_sub(self.fixed) / self.per_iteration.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{SimOptions, simulate};

    /// Bytes the columns of a run hold, and its samples.
    fn held(o: &crate::engine::Outcomes) -> (u64, u64) {
        let c = &o.columns;
        let floats: usize = c.scalars().iter().map(|v| v.len()).sum::<usize>()
            + [
                &c.milestone_finish,
                &c.role_days,
                &c.instance_hours,
                &c.utilisation,
            ]
            .iter()
            .flat_map(|f| f.iter())
            .map(Vec::len)
            .sum::<usize>();
        let flags: usize = [&c.risk_occurred, &c.bottleneck]
            .iter()
            .flat_map(|f| f.iter())
            .map(Vec::len)
            .sum();
        let samples = 4 * (o.sample.len() + o.cost_sample.len()) + 8 * o.one_more.len();
        ((8 * floats + flags) as u64, samples as u64)
    }

    #[test]
    fn the_estimate_covers_what_the_outcomes_hold() {
        let text = r#"[project]
name = "m"
start = 2027-01-04

[[people]]
role = "dev"
rate_per_day = 500

[[tasks]]
id = "a"
estimate = { likely = 5, risk = "high" }
people = { dev = 1 }
milestone = "m1"

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = { likely = 3, risk = "medium" }
people = { dev = 1 }

[[milestones]]
id = "m1"

[[risks]]
id = "r"
probability = 0.3
tasks = ["b"]
delay = 2
"#;
        let model = crate::test_support::compile(text);
        for n in [100, 20_000] {
            let out = simulate(&model, SimOptions::new(1), 0..n, &|_| {});
            let f = Footprint::of(&model, n, 2, false);
            let (columns, samples) = held(&out);
            assert_eq!(columns % n, 0);
            // The columns, and the analysis's numbers beside them.
            assert_eq!(f.per_iteration, columns / n + 8 * ANALYSIS_NUMBERS);
            assert!(f.fixed >= samples && samples > 0, "{n}: {f:?} vs {samples}");
        }
        // Growing in rounds holds the columns twice while a round is appended.
        let f = Footprint::of(&model, 1, 1, false);
        let rounds = Footprint::of(&model, 1, 1, true);
        assert!(rounds.per_iteration >= f.per_iteration);
        assert_eq!(f.iterations_within(f.bytes(1_000)), 1_000);
        assert_eq!(f.iterations_within(f.fixed / 2), 0);
    }
}
