//! The Monte Carlo engine: iterations in parallel with rayon, each seeded from (seed, index)
//! alone, so that results are bit-identical on any number of threads. Project-level figures
//! are kept per iteration (for exact percentiles); per-task figures go into mergeable
//! integer accumulators, so memory does not grow as iterations x tasks.

pub mod block;
pub mod schedule;

use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

use crate::analysis::histogram;
use crate::model::Model;
use block::{Block, LANES};
pub use schedule::{Scratch, Totals};

/// Iterations per work unit: the progress granularity and the unit rayon schedules.
const CHUNK: usize = 256;

/// How the uniform draws behind task durations are generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sampling {
    /// Independent draws.
    #[default]
    Random,
    /// Latin hypercube: within each block of 256 iterations, every task's duration draws fall
    /// one in each of 256 equal strata of probability (in a random order per block and task).
    /// Lowers the standard error of means and percentiles of independent inputs.
    LatinHypercube,
}

/// Options of one simulation.
#[derive(Debug, Clone, Copy)]
pub struct SimOptions {
    pub iterations: usize,
    pub seed: u64,
    pub sampling: Sampling,
}

impl SimOptions {
    /// Independent random sampling.
    pub fn new(iterations: usize, seed: u64) -> Self {
        SimOptions {
            iterations,
            seed,
            sampling: Sampling::Random,
        }
    }
}

/// Columns of one iteration's record.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub milestones: usize,
    pub risks: usize,
    pub roles: usize,
    pub instances: usize,
}

impl Layout {
    pub const FINISH: usize = 0;
    pub const COST_PEOPLE: usize = 1;
    pub const COST_COMPUTE: usize = 2;
    pub const COST_FIXED: usize = 3;
    pub const COST_RISK: usize = 4;
    pub const USEFUL_HOURS: usize = 5;
    pub const BILLED_HOURS: usize = 6;
    pub const INTERRUPTIONS: usize = 7;
    const FIXED: usize = 8;

    pub fn of(model: &Model) -> Self {
        Layout {
            milestones: model.milestones.len(),
            risks: model.risks.len(),
            roles: model.roles.len(),
            instances: model.instances.len(),
        }
    }
    pub fn width(&self) -> usize {
        Self::FIXED + self.milestones + self.roles + self.instances + self.risks
    }
    /// 1.0 when risk `k` occurred in the iteration, else 0.0.
    pub fn risk(&self, k: usize) -> usize {
        Self::FIXED + self.milestones + self.roles + self.instances + k
    }
    pub fn milestone(&self, m: usize) -> usize {
        Self::FIXED + m
    }
    pub fn role(&self, r: usize) -> usize {
        Self::FIXED + self.milestones + r
    }
    pub fn instance(&self, k: usize) -> usize {
        Self::FIXED + self.milestones + self.roles + k
    }
}

/// Per-task statistics, summed over iterations. Integer fields only: merging is exact and
/// independent of order.
#[derive(Debug, Clone)]
pub struct TaskStats {
    pub tasks: usize,
    /// Iterations in which each task was critical.
    pub critical: Vec<u64>,
    /// Duration histograms, `tasks x histogram::BUCKETS`, row-major.
    pub histogram: Vec<u32>,
    /// Sum of durations in units of 2^-20 days.
    pub sum: Vec<i128>,
    /// Sum of squared durations in units of 2^-20 days, squared.
    pub sum_sq: Vec<i128>,
    /// Durations not yet in the histograms, `tasks x CHUNK`, task-major.
    pending: Vec<f32>,
    pending_len: usize,
}

/// Fixed-point scale of `TaskStats::sum`.
const FIXED_POINT: f64 = (1u64 << 20) as f64;

/// The longest duration (days, about 180,000 years) the per-task sums take at its value; a
/// longer one (a far lognormal tail, an absurd estimate) counts as this. With it, a squared
/// duration in fixed point is below 2^93, and 2^32 of them fit in the i128 sum of squares.
const MAX_SUMMED_DAYS: f64 = (1u64 << 26) as f64;

impl TaskStats {
    pub fn new(tasks: usize) -> Self {
        TaskStats {
            tasks,
            critical: vec![0; tasks],
            histogram: vec![0; tasks * histogram::BUCKETS],
            sum: vec![0; tasks],
            sum_sq: vec![0; tasks],
            pending: vec![0.0; tasks * CHUNK],
            pending_len: 0,
        }
    }

    /// Adds one iteration. Durations wait in a task-major buffer and reach the histograms a
    /// block at a time, so that each task's histogram stays in cache while it is updated.
    #[inline]
    fn record(&mut self, b: &Block, lanes: usize) {
        let len = self.pending_len;
        for i in 0..self.tasks {
            let at = i * LANES;
            for l in 0..lanes {
                self.critical[i] += b.critical[at + l] as u64;
                self.pending[i * CHUNK + len + l] = b.duration[at + l] as f32;
            }
        }
        self.pending_len += lanes;
        if self.pending_len == CHUNK {
            self.flush();
        }
    }

    /// Moves the buffered durations into the histograms and sums.
    pub fn flush(&mut self) {
        let len = self.pending_len;
        for i in 0..self.tasks {
            let hist = &mut self.histogram[i * histogram::BUCKETS..(i + 1) * histogram::BUCKETS];
            let (mut sum, mut sum_sq) = (0i128, 0i128);
            for &d in &self.pending[i * CHUNK..i * CHUNK + len] {
                let d = d as f64;
                hist[histogram::bucket(d)] += 1;
                // Durations are never negative: adding one half and truncating rounds. Capped
                // so that the sum of squares cannot overflow even over u32::MAX iterations.
                let q = (d.min(MAX_SUMMED_DAYS) * FIXED_POINT + 0.5) as i64 as i128;
                sum += q;
                sum_sq += q * q;
            }
            self.sum[i] += sum;
            self.sum_sq[i] += sum_sq;
        }
        self.pending_len = 0;
    }

    pub fn merge(mut self, mut other: TaskStats) -> TaskStats {
        self.flush();
        other.flush();
        let add = |a: &mut [u64], b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add(&mut self.critical, &other.critical);
        for (x, y) in self.histogram.iter_mut().zip(&other.histogram) {
            *x += y;
        }
        for (x, y) in self.sum.iter_mut().zip(&other.sum) {
            *x += y;
        }
        for (x, y) in self.sum_sq.iter_mut().zip(&other.sum_sq) {
            *x += y;
        }
        self
    }

    /// Histogram of task `i`.
    pub fn histogram_of(&self, i: usize) -> &[u32] {
        &self.histogram[i * histogram::BUCKETS..(i + 1) * histogram::BUCKETS]
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

/// Everything a simulation produced.
#[derive(Debug, Clone)]
pub struct Outcomes {
    pub iterations: usize,
    pub seed: u64,
    pub sampling: Sampling,
    pub layout: Layout,
    /// `iterations x layout.width()`, row-major, in iteration order.
    pub records: Vec<f64>,
    pub tasks: TaskStats,
    /// Every task's sampled duration in the first `sample_len` iterations, task-major
    /// (`tasks x sample_len`): the sample behind rank correlations.
    pub duration_sample: Vec<f32>,
    pub sample_len: usize,
}

/// Iterations whose task durations are kept for rank correlations: enough for a standard
/// error of about 0.01 on a correlation coefficient.
pub const SAMPLE_ITERATIONS: usize = 10_000;

impl Outcomes {
    /// Task `i`'s sampled durations in iterations `0..sample_len`.
    pub fn sampled_durations(&self, i: usize) -> &[f32] {
        &self.duration_sample[i * self.sample_len..(i + 1) * self.sample_len]
    }

    /// One column of the records, in iteration order.
    pub fn column(&self, c: usize) -> Vec<f64> {
        let w = self.layout.width();
        self.records.iter().skip(c).step_by(w).copied().collect()
    }

    /// Total cost per iteration.
    pub fn total_cost(&self) -> Vec<f64> {
        let w = self.layout.width();
        self.records
            .chunks_exact(w)
            .map(|r| {
                r[Layout::COST_PEOPLE]
                    + r[Layout::COST_COMPUTE]
                    + r[Layout::COST_FIXED]
                    + r[Layout::COST_RISK]
            })
            .collect()
    }
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of iteration `index` of a run seeded with `seed`: a function of the two
/// alone, never of the thread that runs it.
#[inline]
pub fn iteration_rng(seed: u64, index: u64) -> Pcg64Mcg {
    let a = mix(seed ^ mix(index));
    let b = mix(a ^ 0x5851_F42D_4C95_7F2D);
    Pcg64Mcg::new(((a as u128) << 64) | b as u128)
}

/// Latin hypercube strata of one block: for each task, a permutation of `0..CHUNK`, drawn from
/// (seed, block, task) alone.
fn lhs_block(seed: u64, block: u64, tasks: usize, perm: &mut [u16]) {
    use rand::Rng;
    for t in 0..tasks {
        let row = &mut perm[t * CHUNK..(t + 1) * CHUNK];
        for (j, p) in row.iter_mut().enumerate() {
            *p = j as u16;
        }
        let mut rng = iteration_rng(seed ^ 0x4C48_5321, mix(block) ^ t as u64);
        for j in (1..CHUNK).rev() {
            let k = (rng.next_u64() % (j as u64 + 1)) as usize;
            row.swap(j, k);
        }
    }
}

/// Draws iteration `index`'s inputs into the scratch.
#[inline]
fn draw(model: &Model, opts: &SimOptions, index: u64, perm: &[u16], s: &mut Scratch) {
    let mut rng = iteration_rng(opts.seed, index);
    s.run_seed = mix(opts.seed ^ 0x5350_4F54) ^ mix(index.wrapping_add(0x0C0F_FEE0));
    if opts.sampling == Sampling::LatinHypercube {
        let j = index as usize % CHUNK;
        schedule::draw_uniforms(&mut rng, s);
        for (t, u) in s.u.iter_mut().enumerate() {
            *u = (perm[t * CHUNK + j] as f64 + *u) / CHUNK as f64;
        }
        schedule::inputs_from_uniforms(model, &mut rng, s);
    } else {
        schedule::sample_inputs(model, &mut rng, s);
    }
}

/// Writes lane `l`'s record.
#[inline]
fn write_record(layout: &Layout, row: &mut [f64], b: &Block, l: usize) {
    let totals = &b.totals[l];
    row[Layout::FINISH] = totals.finish;
    row[Layout::COST_PEOPLE] = totals.cost_people;
    row[Layout::COST_COMPUTE] = totals.cost_compute;
    row[Layout::COST_FIXED] = totals.cost_fixed;
    row[Layout::COST_RISK] = totals.cost_risk;
    row[Layout::USEFUL_HOURS] = totals.useful_hours;
    row[Layout::BILLED_HOURS] = totals.billed_hours;
    row[Layout::INTERRUPTIONS] = totals.interruptions;
    for k in 0..layout.risks {
        row[layout.risk(k)] = b.occurred[k * LANES + l] as u8 as f64;
    }
    for m in 0..layout.milestones {
        row[layout.milestone(m)] = b.milestone_finish[m * LANES + l];
    }
    for r in 0..layout.roles {
        row[layout.role(r)] = b.role_days[r * LANES + l];
    }
    for k in 0..layout.instances {
        row[layout.instance(k)] = b.instance_hours[k * LANES + l];
    }
}

/// Runs one deterministic iteration (every estimate at its most likely value).
pub fn deterministic(model: &Model) -> (Totals, Scratch) {
    let mut s = Scratch::new(model);
    schedule::deterministic_inputs(model, &mut s);
    let totals = schedule::schedule(model, &mut s);
    schedule::mark_critical(model, &mut s, totals.finish);
    (totals, s)
}

/// Simulates `opts.iterations` iterations on the current rayon pool. `progress` is called with
/// the number of iterations finished since its last call.
pub fn simulate(model: &Model, opts: SimOptions, progress: &(dyn Fn(u64) + Sync)) -> Outcomes {
    let layout = Layout::of(model);
    let width = layout.width();
    let mut records = vec![0.0; opts.iterations * width];
    let threads = rayon::current_num_threads().max(1);
    let chunks = opts.iterations.div_ceil(CHUNK);
    // Few pieces (each carries per-task histograms: a few MB for a thousand tasks), yet
    // enough for every thread to stay busy until the end.
    let min_len = chunks.div_ceil(threads * 2).max(1);
    let n_tasks = model.tasks.len();
    let sample_len = opts.iterations.min(SAMPLE_ITERATIONS);
    let sample = std::sync::Mutex::new(vec![0f32; sample_len * n_tasks]);
    let tasks = records
        .par_chunks_mut(CHUNK * width)
        .enumerate()
        .with_min_len(min_len)
        .fold(
            || {
                let perm = match opts.sampling {
                    Sampling::LatinHypercube => vec![0u16; n_tasks * CHUNK],
                    Sampling::Random => Vec::new(),
                };
                (Block::new(model), TaskStats::new(n_tasks), perm)
            },
            |(mut b, mut stats, mut perm), (c, rows)| {
                if opts.sampling == Sampling::LatinHypercube {
                    lhs_block(opts.seed, c as u64, n_tasks, &mut perm);
                }
                let sampled = c * CHUNK < sample_len;
                let mut kept = Vec::with_capacity(if sampled { CHUNK * n_tasks } else { 0 });
                let n_rows = rows.len() / width;
                for (k, block_rows) in rows.chunks_mut(LANES * width).enumerate() {
                    let first = c * CHUNK + k * LANES;
                    // Every lane is drawn and scheduled; only those inside the run count.
                    let lanes = (n_rows - k * LANES).min(LANES);
                    for l in 0..LANES {
                        draw(model, &opts, (first + l) as u64, &perm, &mut b.lone);
                        b.take_lane(model, l);
                    }
                    block::schedule(model, &mut b);
                    stats.record(&b, lanes);
                    for (l, row) in block_rows.chunks_exact_mut(width).enumerate() {
                        write_record(&layout, row, &b, l);
                        if sampled && first + l < sample_len {
                            kept.extend((0..n_tasks).map(|i| b.duration[i * LANES + l] as f32));
                        }
                    }
                }
                if !kept.is_empty()
                    && let Ok(mut sample) = sample.lock()
                {
                    // Task-major, so that each task's column is contiguous for the analysis.
                    let rows = kept.len() / n_tasks;
                    for i in 0..n_tasks {
                        let at = i * sample_len + c * CHUNK;
                        for j in 0..rows {
                            sample[at + j] = kept[j * n_tasks + i];
                        }
                    }
                }
                progress((rows.len() / width) as u64);
                (b, stats, perm)
            },
        )
        .map(|(_, stats, _)| stats)
        .reduce(|| TaskStats::new(n_tasks), TaskStats::merge);
    let mut tasks = tasks;
    tasks.flush();
    Outcomes {
        iterations: opts.iterations,
        seed: opts.seed,
        sampling: opts.sampling,
        layout,
        records,
        tasks,
        duration_sample: sample.into_inner().unwrap_or_default(),
        sample_len,
    }
}
