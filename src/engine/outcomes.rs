//! What a simulation of a range of iterations produced, in a form that merges exactly.
//!
//! Project-level figures are kept per iteration, in named columns (for exact percentiles and
//! joint probabilities); they concatenate in iteration order. Per-task figures go into
//! fixed-size integer accumulators (criticality counters, duration histograms, counts of start
//! and finish days, fixed-point sums) that add, so memory does not grow as iterations x tasks
//! and the order in which threads or shards finish does not matter. The durations and costs of
//! the first `Shape::sample_iterations` iterations (behind rank correlations) are kept by
//! whichever range holds them. Merging the outcomes of adjacent ranges gives exactly the outcomes of the
//! whole range.

use crate::model::Model;

use super::Sampling;
pub use super::task_stats::{FIXED_POINT, TaskStats};

/// Iterations whose task durations are kept for rank correlations: enough for a standard
/// error of about 0.01 on a correlation coefficient.
pub const SAMPLE_ITERATIONS: u64 = 10_000;

/// The most values the samples of a run hold (each task's duration and cost and each risk
/// event's cost, per sampled iteration): 2^25 `f32`, 128 MiB. A plan of more than 1,677
/// tasks samples fewer than `SAMPLE_ITERATIONS` iterations to stay within it.
pub const SAMPLE_VALUES: u64 = 1 << 25;

/// The fewest iterations sampled, however large the plan: a standard error of about 0.03 on
/// a rank correlation.
pub const MIN_SAMPLE_ITERATIONS: u64 = 1_000;

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
    /// The iterations (the first ones of a run) whose task durations and costs are kept for
    /// the rank correlations: `SAMPLE_ITERATIONS`, or as many as `SAMPLE_VALUES` values hold,
    /// but at least `MIN_SAMPLE_ITERATIONS`.
    pub fn sample_iterations(&self) -> u64 {
        let per_iteration = (2 * self.tasks + self.risks).max(1) as u64;
        (SAMPLE_VALUES / per_iteration).clamp(MIN_SAMPLE_ITERATIONS, SAMPLE_ITERATIONS)
    }

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
    /// Every task's duration in the iterations held below `Shape::sample_iterations`, task-major
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
    fn a_large_plan_samples_fewer_iterations_but_never_too_few() {
        let shape = |tasks, risks| Shape {
            tasks,
            milestones: 0,
            roles: 0,
            instances: 0,
            risks,
            resources: 0,
        };
        assert_eq!(shape(1_000, 50).sample_iterations(), SAMPLE_ITERATIONS);
        // 2,000 tasks: 8,388 iterations of 4,000 values hold 2^25.
        assert_eq!(shape(2_000, 0).sample_iterations(), 8_388);
        assert_eq!(shape(3_991, 0).sample_iterations(), 4_203);
        assert_eq!(shape(100_000, 0).sample_iterations(), MIN_SAMPLE_ITERATIONS);
    }
}
