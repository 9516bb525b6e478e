//! What a simulation of a range of iterations produced, in a form that merges exactly.
//!
//! Project-level figures are kept per iteration, in named columns (for exact percentiles and
//! joint probabilities); they concatenate in iteration order. Per-task figures go into
//! fixed-size integer accumulators (criticality counters, duration histograms, counts of start
//! and finish days, fixed-point sums) that add, so memory does not grow as iterations x tasks
//! and the order in which threads or shards finish does not matter. The durations and costs of
//! the first `SAMPLE_ITERATIONS` iterations (behind rank correlations) are kept by whichever
//! range holds them. Merging the outcomes of adjacent ranges gives exactly the outcomes of the
//! whole range.

use crate::model::calendar::MAX_DAY;
use crate::model::{CalendarKind, Model};

use super::day_counts::DayCounts;
use super::histogram::Histogram;
use super::network::Times;
use super::{LANES, Sampling};

/// Iterations whose task durations are kept for rank correlations: enough for a standard
/// error of about 0.01 on a correlation coefficient.
pub const SAMPLE_ITERATIONS: u64 = 10_000;

/// Iterations that are also levelled with one more unit of each resource in turn (common
/// random numbers), behind `p80_days_saved_with_one_more`: the difference of two percentiles
/// of the same iterations has far less noise than either.
pub const ONE_MORE_ITERATIONS: u64 = 1_000;

/// Per-iteration project figures, one value per iteration in iteration order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    /// Project finish, timeline days since the start.
    pub finish: Vec<f64>,
    pub cost_people: Vec<f64>,
    pub cost_compute: Vec<f64>,
    pub cost_fixed: Vec<f64>,
    pub cost_risk: Vec<f64>,
    /// Instance-hours of work the compute tasks needed.
    pub useful_hours: Vec<f64>,
    /// Instance-hours billed, all types.
    pub billed_hours: Vec<f64>,
    /// Spot interruptions, all compute tasks.
    pub interruptions: Vec<f64>,
    /// The part of `cost_people` paid for idle time (people on the payroll between tasks).
    pub cost_idle: Vec<f64>,
    /// The project finish of the same iteration with capacities ignored.
    pub unconstrained: Vec<f64>,
    /// Finish of each milestone (timeline days), `[milestone][iteration]`.
    pub milestone_finish: Vec<Vec<f64>>,
    /// Person-days of each role, `[role][iteration]`.
    pub role_days: Vec<Vec<f64>>,
    /// Billed hours of each instance type, `[instance][iteration]`.
    pub instance_hours: Vec<Vec<f64>>,
    /// Whether each risk event occurred, `[risk][iteration]`.
    pub risk_occurred: Vec<Vec<bool>>,
    /// Share of each resource's available time in use, `[resource][iteration]`.
    pub utilisation: Vec<Vec<f64>>,
    /// Whether each resource held the finish back most, `[resource][iteration]`.
    pub bottleneck: Vec<Vec<bool>>,
}

/// How many of each per-model column there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub tasks: usize,
    pub milestones: usize,
    pub roles: usize,
    pub instances: usize,
    pub risks: usize,
    pub resources: usize,
}

impl Shape {
    pub fn of(model: &Model) -> Self {
        Shape {
            tasks: model.tasks.len(),
            milestones: model.milestones.len(),
            roles: model.roles.len(),
            instances: model.instances.len(),
            risks: model.risks.len(),
            resources: model.leveling.resources.len(),
        }
    }
}

impl Columns {
    /// Zero-filled columns for `len` iterations.
    pub fn zeroed(shape: Shape, len: usize) -> Self {
        let col = || vec![0.0; len];
        Columns {
            finish: col(),
            cost_people: col(),
            cost_compute: col(),
            cost_fixed: col(),
            cost_risk: col(),
            useful_hours: col(),
            billed_hours: col(),
            interruptions: col(),
            cost_idle: col(),
            unconstrained: col(),
            milestone_finish: (0..shape.milestones).map(|_| col()).collect(),
            role_days: (0..shape.roles).map(|_| col()).collect(),
            instance_hours: (0..shape.instances).map(|_| col()).collect(),
            risk_occurred: (0..shape.risks).map(|_| vec![false; len]).collect(),
            utilisation: (0..shape.resources).map(|_| col()).collect(),
            bottleneck: (0..shape.resources).map(|_| vec![false; len]).collect(),
        }
    }

    /// Iterations held.
    pub fn len(&self) -> usize {
        self.finish.len()
    }

    pub fn is_empty(&self) -> bool {
        self.finish.is_empty()
    }

    /// Total cost per iteration.
    pub fn total_cost(&self) -> Vec<f64> {
        (0..self.len())
            .map(|i| {
                self.cost_people[i] + self.cost_compute[i] + self.cost_fixed[i] + self.cost_risk[i]
            })
            .collect()
    }

    /// The scalar columns, in a fixed order (the shard file's order).
    pub fn scalars(&self) -> [&Vec<f64>; SCALARS] {
        [
            &self.finish,
            &self.cost_people,
            &self.cost_compute,
            &self.cost_fixed,
            &self.cost_risk,
            &self.useful_hours,
            &self.billed_hours,
            &self.interruptions,
            &self.cost_idle,
            &self.unconstrained,
        ]
    }

    /// Every column, mutably: the scalars in the order of `scalars`, then the float families
    /// (milestones, roles, instance types, utilisations) and the flag families (risks,
    /// bottlenecks).
    fn parts_mut(&mut self) -> Parts<'_> {
        let Columns {
            finish,
            cost_people,
            cost_compute,
            cost_fixed,
            cost_risk,
            useful_hours,
            billed_hours,
            interruptions,
            cost_idle,
            unconstrained,
            milestone_finish,
            role_days,
            instance_hours,
            risk_occurred,
            utilisation,
            bottleneck,
        } = self;
        (
            [
                finish,
                cost_people,
                cost_compute,
                cost_fixed,
                cost_risk,
                useful_hours,
                billed_hours,
                interruptions,
                cost_idle,
                unconstrained,
            ],
            [milestone_finish, role_days, instance_hours, utilisation],
            [risk_occurred, bottleneck],
        )
    }

    /// Appends the iterations of `next` after these.
    pub fn append(&mut self, mut next: Columns) {
        let (a, af, ab) = self.parts_mut();
        let (b, bf, bb) = next.parts_mut();
        for (x, y) in a.into_iter().zip(b) {
            x.append(y);
        }
        for (xs, ys) in af.into_iter().zip(bf) {
            for (x, y) in xs.iter_mut().zip(ys) {
                x.append(y);
            }
        }
        for (xs, ys) in ab.into_iter().zip(bb) {
            for (x, y) in xs.iter_mut().zip(ys) {
                x.append(y);
            }
        }
    }

    /// Disjoint mutable views of consecutive pieces of `lens` iterations each.
    pub fn pieces_mut(&mut self, lens: &[usize]) -> Vec<ColumnsMut<'_>> {
        fn split<'a, T>(s: &'a mut [T], lens: &[usize]) -> std::vec::IntoIter<&'a mut [T]> {
            split_mut(s, lens).into_iter()
        }
        fn many<'a, T>(
            cols: &'a mut [Vec<T>],
            lens: &[usize],
        ) -> Vec<std::vec::IntoIter<&'a mut [T]>> {
            cols.iter_mut().map(|c| split(c, lens)).collect()
        }
        fn next<'a, T>(its: &mut [std::vec::IntoIter<&'a mut [T]>]) -> Vec<&'a mut [T]> {
            its.iter_mut().filter_map(|it| it.next()).collect()
        }
        let (scalars, floats, flags) = self.parts_mut();
        let mut scalars = scalars.map(|c| split(c, lens));
        let mut floats = floats.map(|f| many(f, lens));
        let mut flags = flags.map(|f| many(f, lens));
        (0..lens.len())
            .map(|_| {
                let [milestone_finish, role_days, instance_hours, utilisation] =
                    floats.each_mut().map(|f| next(f));
                let [risk_occurred, bottleneck] = flags.each_mut().map(|f| next(f));
                ColumnsMut {
                    scalars: scalars.each_mut().map(|it| it.next().unwrap_or_default()),
                    milestone_finish,
                    role_days,
                    instance_hours,
                    risk_occurred,
                    utilisation,
                    bottleneck,
                }
            })
            .collect()
    }
}

/// The number of scalar columns.
pub const SCALARS: usize = 10;

/// `Columns::parts_mut`: scalars, float families, flag families.
type Parts<'a> = (
    [&'a mut Vec<f64>; SCALARS],
    [&'a mut Vec<Vec<f64>>; 4],
    [&'a mut Vec<Vec<bool>>; 2],
);

/// `s` cut into consecutive pieces of `lens` elements each.
pub(super) fn split_mut<'a, T>(mut s: &'a mut [T], lens: &[usize]) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(lens.len());
    for &n in lens {
        let (head, tail) = s.split_at_mut(n);
        out.push(head);
        s = tail;
    }
    out
}

/// A row-major `rows x columns` matrix cut into consecutive ranges of `lens` columns: for each
/// range, its piece of every row (none when the range is empty).
pub(super) fn column_pieces<'a, T>(
    m: &'a mut [T],
    rows: usize,
    lens: &[usize],
) -> Vec<Vec<&'a mut [T]>> {
    let columns: usize = lens.iter().sum();
    let mut out: Vec<Vec<&mut [T]>> = lens.iter().map(|_| Vec::new()).collect();
    if columns == 0 {
        return out;
    }
    for row in m.chunks_exact_mut(columns).take(rows) {
        for (piece, o) in split_mut(row, lens).into_iter().zip(&mut out) {
            if !piece.is_empty() {
                o.push(piece);
            }
        }
    }
    out
}

/// A mutable view of consecutive iterations of `Columns`.
#[derive(Debug)]
pub struct ColumnsMut<'a> {
    /// In the order of `Columns::scalars`.
    pub scalars: [&'a mut [f64]; SCALARS],
    pub milestone_finish: Vec<&'a mut [f64]>,
    pub role_days: Vec<&'a mut [f64]>,
    pub instance_hours: Vec<&'a mut [f64]>,
    pub risk_occurred: Vec<&'a mut [bool]>,
    pub utilisation: Vec<&'a mut [f64]>,
    pub bottleneck: Vec<&'a mut [bool]>,
}

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
    /// Durations not yet in the histograms, `tasks x PENDING`, task-major.
    pending: Vec<f32>,
    /// Start and finish days not yet counted, likewise.
    pending_start: Vec<u32>,
    pending_finish: Vec<u32>,
    pending_len: usize,
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
            self.pending = vec![0.0; n * PENDING];
            self.pending_start = vec![0; n * PENDING];
            self.pending_finish = vec![0; n * PENDING];
        }
        // Every lane is written (those past `lanes` are never read): whole blocks of fixed
        // length vectorize and need no copy of variable length.
        if self.pending_len + LANES > PENDING {
            self.flush();
        }
        let len = self.pending_len;
        for (i, task) in model.tasks.iter().enumerate().take(n) {
            let at = i * LANES;
            let to = i * PENDING + len;
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
        for i in 0..self.tasks() {
            let batch = &self.pending[i * PENDING..i * PENDING + len];
            self.histograms[i].record_all(batch);
            self.starts[i].record_all(&self.pending_start[i * PENDING..i * PENDING + len]);
            self.finishes[i].record_all(&self.pending_finish[i * PENDING..i * PENDING + len]);
            // At most PENDING values below 2^46 each: the batch's sum fits in a u64, and each
            // square in a u128 by one widening multiplication.
            let (mut sum, mut sum_sq) = (0u64, 0u128);
            for &d in batch {
                // Durations are never negative: adding one half and truncating rounds. Capped
                // so that the sum of squares cannot overflow even over u32::MAX iterations.
                let q = ((d as f64).min(MAX_SUMMED_DAYS) * FIXED_POINT + 0.5) as u64;
                sum += q;
                sum_sq += q as u128 * q as u128;
            }
            self.sum[i] += sum as i128;
            self.sum_sq[i] += sum_sq as i128;
        }
        self.pending_len = 0;
    }

    /// Adds `other` into these.
    pub fn merge(mut self, mut other: TaskStats) -> TaskStats {
        self.finish();
        other.finish();
        for (x, y) in self.critical.iter_mut().zip(&other.critical) {
            *x += y;
        }
        for (x, y) in self.histograms.iter_mut().zip(&other.histograms) {
            x.merge(y);
        }
        for (x, y) in self.starts.iter_mut().zip(&other.starts) {
            x.merge(y);
        }
        for (x, y) in self.finishes.iter_mut().zip(&other.finishes) {
            x.merge(y);
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

/// The start and finish days (`Model::start_day`, `Model::finish_day`) of the `LANES` lanes
/// of the task whose first lane is `at`, in a form that vectorizes: clamped in floating point,
/// then rounded by the `2^52` trick (adding it leaves the nearest integer in the low bits) and
/// corrected to a floor or a ceiling, with no library call and no saturating conversion; a
/// `workdays` task's day off moves to the next working day by one table lookup, made in every
/// lane and kept where the task has a length.
#[inline]
fn lane_days(
    model: &Model,
    cal: CalendarKind,
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
    if cal == CalendarKind::Workdays {
        let workdays = &model.workdays;
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

/// Everything the simulation of iterations `first .. first + len` produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    pub seed: u64,
    pub sampling: Sampling,
    /// Index of the first iteration held.
    pub first: u64,
    pub shape: Shape,
    pub columns: Columns,
    pub tasks: TaskStats,
    /// Every task's duration in the iterations held below `SAMPLE_ITERATIONS`, task-major
    /// (`tasks x iterations`): each task's column is contiguous for the rank correlations.
    pub sample: Vec<f32>,
    /// In the same iterations, what each task cost (`cost::roll_up`'s `task_cost`), then what
    /// each risk event cost (0 when it did not occur), task-major like `sample`:
    /// `(tasks + risks) x iterations`. Ranks need only the order of the values: `f32` keeps
    /// seven digits, half the memory of `f64`.
    pub cost_sample: Vec<f32>,
    /// In the iterations held below `ONE_MORE_ITERATIONS` of a levelled model, the project's
    /// finish levelled again in the order the tasks started (row 0), then with one more unit
    /// of each resource (row 1 + resource): `(1 + resources) x iterations`, row-major.
    pub one_more: Vec<f64>,
}

/// Why two outcomes cannot be merged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    #[error("the outcomes come from different seeds ({0} and {1})")]
    Seed(u64, u64),
    #[error("the outcomes come from different sampling methods")]
    Sampling,
    #[error("the outcomes come from different models")]
    Shape,
    #[error("the outcomes are not adjacent: iteration {expected} should come next, not {found}")]
    NotAdjacent { expected: u64, found: u64 },
}

impl Outcomes {
    /// Iterations held.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// One past the last iteration held.
    pub fn end(&self) -> u64 {
        self.first + self.len() as u64
    }

    /// Iterations whose durations are in the sample.
    pub fn sample_len(&self) -> usize {
        self.sample.len() / self.shape.tasks.max(1)
    }

    /// Task `i`'s sampled durations, in iteration order.
    pub fn sampled_durations(&self, i: usize) -> &[f32] {
        let n = self.sample_len();
        &self.sample[i * n..(i + 1) * n]
    }

    /// Task `i`'s sampled costs, in iteration order (the iterations of `sampled_durations`).
    pub fn sampled_task_costs(&self, i: usize) -> &[f32] {
        let n = self.sample_len();
        &self.cost_sample[i * n..(i + 1) * n]
    }

    /// Risk event `k`'s sampled costs (0 where it did not occur), in iteration order.
    pub fn sampled_risk_costs(&self, k: usize) -> &[f32] {
        self.sampled_task_costs(self.shape.tasks + k)
    }

    /// The outcomes of these iterations followed by `next`'s, which must start where these end.
    pub fn merge(mut self, next: Outcomes) -> Result<Outcomes, MergeError> {
        if self.seed != next.seed {
            return Err(MergeError::Seed(self.seed, next.seed));
        }
        if self.sampling != next.sampling {
            return Err(MergeError::Sampling);
        }
        if self.shape != next.shape {
            return Err(MergeError::Shape);
        }
        if next.first != self.end() {
            return Err(MergeError::NotAdjacent {
                expected: self.end(),
                found: next.first,
            });
        }
        self.sample = interleave(self.sample, &next.sample, self.shape.tasks);
        let cost_rows = self.shape.tasks + self.shape.risks;
        self.cost_sample = interleave(self.cost_sample, &next.cost_sample, cost_rows);
        self.one_more = interleave(self.one_more, &next.one_more, self.shape.resources + 1);
        self.columns.append(next.columns);
        self.tasks = self.tasks.merge(next.tasks);
        Ok(self)
    }

    /// Iterations whose one-more-unit finishes are held.
    pub fn one_more_len(&self) -> usize {
        self.one_more.len() / (self.shape.resources + 1)
    }

    /// The finishes levelled again in start order with the capacities as they are, in
    /// iteration order.
    pub fn one_more_base(&self) -> &[f64] {
        &self.one_more[..self.one_more_len()]
    }

    /// The finishes with one more unit of resource `k`, in iteration order.
    pub fn one_more_of(&self, k: usize) -> &[f64] {
        let n = self.one_more_len();
        &self.one_more[(k + 1) * n..(k + 2) * n]
    }
}

/// Two `rows x columns` row-major blocks of the same rows, the second's columns after the
/// first's, row by row.
fn interleave<T: Copy>(a: Vec<T>, b: &[T], rows: usize) -> Vec<T> {
    if b.is_empty() || rows == 0 {
        return a;
    }
    let (x, y) = (a.len() / rows, b.len() / rows);
    let mut out = Vec::with_capacity(a.len() + b.len());
    for i in 0..rows {
        out.extend_from_slice(&a[i * x..(i + 1) * x]);
        out.extend_from_slice(&b[i * y..(i + 1) * y]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_days_are_the_model_s_start_and_finish_days() {
        let text =
            "[project]\nname = \"d\"\nstart = 2027-01-04\n\n[[tasks]]\nid = \"a\"\nestimate = 1\n";
        let source = crate::scenario::Source {
            path: "t.toml".into(),
            text: text.into(),
        };
        let sc = crate::scenario::parse(&source).unwrap();
        let model = crate::model::compile(&sc, &source).unwrap();
        let mut values: Vec<f64> = (0..4_000).map(|i| i as f64 * 0.0625 - 2.0).collect();
        values.extend([1e-10, 5.0 - 1e-12, 5.0 + 1e-12, 7.0 + 5e-10, 1e7, 1e300]);
        values.extend([f64::INFINITY, MAX_DAY as f64, MAX_DAY as f64 + 0.5]);
        let mut times = Times::new(1);
        for cal in [CalendarKind::Continuous, CalendarKind::Workdays] {
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
