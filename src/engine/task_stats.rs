//! Per-task figures summed over iterations: criticality counts, duration histograms, counts
//! of start and finish days, and fixed-point sums, filled a block of lanes at a time through
//! task-major buffers, and merged exactly.

use crate::model::calendar::MAX_DAY;
use crate::model::{Model, TaskCalendar};

use super::LANES;
use super::day_counts::DayCounts;
use super::histogram::Histogram;
use super::network::Times;

/// Per-task statistics, summed over iterations. Integer fields and exact histograms only:
/// merging is exact and independent of order.
#[derive(Debug, Clone)]
pub struct TaskStats {
    /// Iterations in which each task was critical.
    pub critical: Vec<u64>,
    /// Each task's durations (days of its own calendar).
    pub histograms: Vec<Histogram>,
    /// The day on which each task starts (`Model::start_day`), counted per day.
    pub starts: Vec<DayCounts>,
    /// The day on which each task finishes (`Model::finish_day`), counted per day.
    pub finishes: Vec<DayCounts>,
    /// Sum of durations in units of 2^-20 days.
    pub sum: Vec<i128>,
    /// Sum of squared durations in units of 2^-20 days, squared.
    pub sum_sq: Vec<i128>,
    /// Durations not yet in the histograms, `tasks x pending_cap`, task-major.
    pending: Vec<f32>,
    /// Start and finish days not yet counted, likewise.
    pending_start: Vec<u32>,
    pending_finish: Vec<u32>,
    pending_len: usize,
    /// Iterations buffered per task: `PENDING`, fewer in a plan so large that the buffers
    /// would hold more than `PENDING_VALUES` values.
    pending_cap: usize,
}

impl PartialEq for TaskStats {
    fn eq(&self, other: &Self) -> bool {
        debug_assert!(self.pending_len == 0 && other.pending_len == 0);
        self.critical == other.critical
            && self.histograms == other.histograms
            && self.starts == other.starts
            && self.finishes == other.finishes
            && self.sum == other.sum
            && self.sum_sq == other.sum_sq
    }
}

/// Fixed-point scale of `TaskStats::sum`.
pub const FIXED_POINT: f64 = (1u64 << 20) as f64;

/// The longest duration (days, about 180,000 years) the per-task sums take at its value; a
/// longer one (a far lognormal tail, an absurd estimate) counts as this. With it, a squared
/// duration in fixed point is below 2^93, and 2^32 of them fit in the i128 sum of squares.
const MAX_SUMMED_DAYS: f64 = (1u64 << 26) as f64;

/// Iterations buffered per task before they reach the histograms.
const PENDING: usize = 256;

/// The most values buffered per accumulator (each 12 bytes: a duration, a start and a finish
/// day): 48 MiB, the buffers of 16,384 tasks. A larger plan buffers fewer iterations per task
/// (at least a block of `LANES`), so that a 100,000-task plan does not hold 300 MB of them
/// per thread.
const PENDING_VALUES: usize = 1 << 22;

impl TaskStats {
    pub fn new(tasks: usize) -> Self {
        TaskStats {
            critical: vec![0; tasks],
            histograms: vec![Histogram::new(); tasks],
            starts: vec![DayCounts::new(); tasks],
            finishes: vec![DayCounts::new(); tasks],
            sum: vec![0; tasks],
            sum_sq: vec![0; tasks],
            pending: Vec::new(),
            pending_start: Vec::new(),
            pending_finish: Vec::new(),
            pending_len: 0,
            pending_cap: (PENDING_VALUES / tasks.max(1) / LANES * LANES).clamp(LANES, PENDING),
        }
    }

    pub fn tasks(&self) -> usize {
        self.critical.len()
    }

    /// Adds lanes `0..lanes` of a block: `duration`, `critical` and `times` are
    /// `task * LANES + lane`. Durations and days wait in task-major buffers and reach the
    /// accumulators a batch at a time, so that each task's stay in cache while they are updated.
    #[inline]
    pub fn record(
        &mut self,
        model: &Model,
        duration: &[f64],
        critical: &[bool],
        times: &Times,
        lanes: usize,
    ) {
        let n = self.tasks();
        if self.pending.is_empty() {
            let cells = n * self.pending_cap;
            self.pending = vec![0.0; cells];
            self.pending_start = vec![0; cells];
            self.pending_finish = vec![0; cells];
        }
        // Every lane is written (those past `lanes` are never read): whole blocks of fixed
        // length vectorize and need no copy of variable length.
        if self.pending_len + LANES > self.pending_cap {
            self.flush();
        }
        let len = self.pending_len;
        for (i, task) in model.tasks.iter().enumerate().take(n) {
            let at = i * LANES;
            let to = i * self.pending_cap + len;
            let crit = critical[at..at + lanes]
                .iter()
                .map(|&c| c as u64)
                .sum::<u64>();
            self.critical[i] += crit;
            let pending = &mut self.pending[to..to + LANES];
            for (p, &d) in pending.iter_mut().zip(&duration[at..at + LANES]) {
                *p = d as f32;
            }
            lane_days(
                model,
                task.calendar,
                times,
                at,
                (&mut self.pending_start[to..to + LANES])
                    .try_into()
                    .unwrap(),
                (&mut self.pending_finish[to..to + LANES])
                    .try_into()
                    .unwrap(),
            );
        }
        self.pending_len += lanes;
    }

    /// Moves what is buffered into the accumulators and frees the buffers (a piece of a run
    /// that is done keeps only its accumulators while it waits to be merged).
    pub fn finish(&mut self) {
        self.flush();
        self.pending = Vec::new();
        self.pending_start = Vec::new();
        self.pending_finish = Vec::new();
    }

    /// Moves the buffered durations and days into the histograms, day counts and sums.
    pub fn flush(&mut self) {
        let len = self.pending_len;
        if len == 0 {
            return;
        }
        let cap = self.pending_cap;
        for i in 0..self.tasks() {
            let batch = &self.pending[i * cap..i * cap + len];
            self.histograms[i].record_all(batch);
            self.starts[i].record_all(&self.pending_start[i * cap..i * cap + len]);
            self.finishes[i].record_all(&self.pending_finish[i * cap..i * cap + len]);
            // At most PENDING values below 2^46 each: the batch's sum fits in a u64, and each
            // square in a u128 by one widening multiplication. Converted a part at a time in a
            // pass that vectorizes, then summed.
            let (mut sum, mut sum_sq) = (0u64, 0u128);
            let mut fixed = [0u64; PENDING];
            for part in batch.chunks(fixed.len()) {
                let fixed = &mut fixed[..part.len()];
                for (q, &d) in fixed.iter_mut().zip(part) {
                    *q = fixed_point(d);
                }
                for &q in fixed.iter() {
                    sum += q;
                    sum_sq += q as u128 * q as u128;
                }
            }
            self.sum[i] += sum as i128;
            self.sum_sq[i] += sum_sq as i128;
        }
        self.pending_len = 0;
    }

    /// Adds `other` into these, freeing each of its accumulators once it is added (so that
    /// merging holds little more than the two).
    pub fn merge(mut self, mut other: TaskStats) -> TaskStats {
        self.finish();
        other.finish();
        for (x, y) in self.critical.iter_mut().zip(&other.critical) {
            *x += y;
        }
        for (x, y) in self.histograms.iter_mut().zip(other.histograms) {
            x.merge(&y);
        }
        for (x, y) in self.starts.iter_mut().zip(other.starts) {
            x.merge(&y);
        }
        for (x, y) in self.finishes.iter_mut().zip(other.finishes) {
            x.merge(&y);
        }
        for (x, y) in self.sum.iter_mut().zip(&other.sum) {
            *x += y;
        }
        for (x, y) in self.sum_sq.iter_mut().zip(&other.sum_sq) {
            *x += y;
        }
        self
    }

    /// Mean and standard deviation of task `i`'s duration over `n` iterations.
    pub fn mean_sd(&self, i: usize, n: usize) -> (f64, f64) {
        let n = n as f64;
        let mean = self.sum[i] as f64 / n / FIXED_POINT;
        let var = (self.sum_sq[i] as f64 / n / (FIXED_POINT * FIXED_POINT) - mean * mean).max(0.0);
        let var = var * n / (n - 1.0).max(1.0);
        (mean, var.sqrt())
    }
}

/// A duration in units of 2^-20 days, `((d as f64).min(MAX_SUMMED_DAYS) * FIXED_POINT + 0.5)
/// as u64`, in a form that vectorizes: durations are never negative, so adding one half and
/// truncating rounds; capped so that the sum of squares cannot overflow even over `u32::MAX`
/// iterations. The truncation is the `2^52` trick of `lane_days` (the nearest integer, less
/// one where that is above), the saturation of a negative value at 0 a select.
#[inline(always)]
fn fixed_point(d: f32) -> u64 {
    const MAGIC: f64 = (1u64 << 52) as f64;
    let y = (d as f64).min(MAX_SUMMED_DAYS) * FIXED_POINT + 0.5;
    let y = if y > 0.0 { y } else { 0.0 };
    let r = y + MAGIC;
    (r.to_bits() - MAGIC.to_bits()) - ((r - MAGIC) > y) as u64
}

/// The start and finish days (`Model::start_day`, `Model::finish_day`) of the `LANES` lanes
/// of the task whose first lane is `at`, in a form that vectorizes: clamped in floating point,
/// then rounded by the `2^52` trick (adding it leaves the nearest integer in the low bits) and
/// corrected to a floor or a ceiling, with no library call and no saturating conversion; a
/// `workdays` task's day off moves to the next working day by one table lookup, made in every
/// lane and kept where the task has a length.
#[inline]
fn lane_days(
    model: &Model,
    cal: TaskCalendar,
    times: &Times,
    at: usize,
    start_out: &mut [u32; LANES],
    finish_out: &mut [u32; LANES],
) {
    // Both computed in registers and stored once: reading back lanes just stored one by one
    // would stall on store forwarding.
    let mut start = [0u32; LANES];
    let mut finish = [0u32; LANES];
    const LAST: f64 = MAX_DAY as f64;
    const MAGIC: f64 = (1u64 << 52) as f64;
    // The integer nearest to `x` in 0..2^51, as an integer and as a float.
    let round = |x: f64| {
        let r = x + MAGIC;
        (r.to_bits() - MAGIC.to_bits(), r - MAGIC)
    };
    let (s, f) = (&times.start[at..at + LANES], &times.finish[at..at + LANES]);
    for l in 0..LANES {
        // ceil(t - 1e-9) - 1, within 0..=MAX_DAY (NaN counts as day 0).
        let y = f[l] - 1e-9;
        let y = if y > 0.0 { y } else { 0.0 };
        let y = if y < LAST + 1.0 { y } else { LAST + 1.0 };
        let (k, r) = round(y);
        let ceil = k + (r < y) as u64;
        finish[l] = ceil.max(1) as u32 - 1;
    }
    for l in 0..LANES {
        // floor(t + 1e-9), within 0..=MAX_DAY.
        let z = s[l] + 1e-9;
        let z = if z > 0.0 { z } else { 0.0 };
        let z = if z < LAST { z } else { LAST };
        let (k, r) = round(z);
        start[l] = (k - (r > z) as u64) as u32;
    }
    if let TaskCalendar::Work(k) = cal {
        let workdays = model.work_calendar(k);
        for l in 0..LANES {
            let next = workdays.first_working_day_from(start[l]);
            start[l] = if f[l] > s[l] { next } else { start[l] };
        }
    }
    for l in 0..LANES {
        start_out[l] = start[l].min(finish[l]);
    }
    *finish_out = finish;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_plan_buffers_fewer_iterations_per_task() {
        assert_eq!(TaskStats::new(1_000).pending_cap, PENDING);
        assert_eq!(TaskStats::new(16_384).pending_cap, PENDING);
        // 100,000 tasks: 32 iterations buffered (37 MiB), not 256 (293 MiB).
        assert_eq!(TaskStats::new(100_000).pending_cap, 32);
        assert_eq!(TaskStats::new(10_000_000).pending_cap, LANES);
    }

    #[test]
    fn fixed_point_durations_round_as_a_conversion_would() {
        let mut values = vec![
            0.0f32, -0.0, 1e-30, 1e-7, 0.25, 1.0, 2.5, 7.3, 1e6, 6.7e7, 1e9,
        ];
        values.extend([
            f32::MAX,
            f32::INFINITY,
            f32::NAN,
            -1e-7,
            -0.5,
            -3.0,
            f32::NEG_INFINITY,
        ]);
        // Values whose fixed point lies on a half, just below and just above one.
        for k in [1u32, 3, 5, 1_001, 123_457] {
            let x = k as f32 / (1u32 << 21) as f32;
            values.extend([
                x,
                f32::from_bits(x.to_bits() - 1),
                f32::from_bits(x.to_bits() + 1),
            ]);
        }
        values.extend((0..100_000).map(|i| i as f32 * 0.013_7));
        for d in values {
            let want = ((d as f64).min(MAX_SUMMED_DAYS) * FIXED_POINT + 0.5) as u64;
            assert_eq!(fixed_point(d), want, "{d:e}");
        }
    }

    #[test]
    fn lane_days_are_the_model_s_start_and_finish_days() {
        let text =
            "[project]\nname = \"d\"\nstart = 2027-01-04\n\n[[tasks]]\nid = \"a\"\nestimate = 1\n";
        let model = crate::test_support::compile(text);
        let mut values: Vec<f64> = (0..4_000).map(|i| i as f64 * 0.0625 - 2.0).collect();
        values.extend([1e-10, 5.0 - 1e-12, 5.0 + 1e-12, 7.0 + 5e-10, 1e7, 1e300]);
        values.extend([f64::INFINITY, MAX_DAY as f64, MAX_DAY as f64 + 0.5]);
        let mut times = Times::new(1);
        for cal in [TaskCalendar::Continuous, TaskCalendar::WORKDAYS] {
            for (k, w) in values.windows(2).enumerate() {
                // Start and finish lane by lane: equal, in order, and reversed.
                for l in 0..LANES {
                    let (a, b) = (w[(k + l) % 2], w[(k + l + 1) % 2]);
                    times.start[l] = a;
                    times.finish[l] = if l % 3 == 0 { a } else { b };
                }
                let (mut s, mut f) = ([0u32; LANES], [0u32; LANES]);
                lane_days(&model, cal, &times, 0, &mut s, &mut f);
                for l in 0..LANES {
                    let (a, b) = (times.start[l], times.finish[l]);
                    assert_eq!(f[l], model.finish_day(b), "finish {b}");
                    assert_eq!(s[l], model.start_day(cal, a, b), "{cal:?} start {a} to {b}");
                }
            }
        }
    }
}
