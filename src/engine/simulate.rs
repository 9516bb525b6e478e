//! The parallel simulation of a range of iterations, and the deterministic plan through the
//! same schedule. Iterations are grouped in chunks aligned on multiples of `STRATA` (the
//! Latin hypercube block), chunks run in parallel with rayon, and each chunk advances through
//! the network `LANES` iterations at a time. Every iteration draws from (seed, index) alone
//! and writes only its own row of the columns, so any split of a range, over threads or
//! shards, gives the same numbers.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::model::Model;

use super::block::Block;
use super::cost::{self, Totals};
use super::leveling::NO_BLOCKER;
use super::outcomes::{
    Columns, ColumnsMut, ONE_MORE_ITERATIONS, Outcomes, Shape, TaskStats, column_pieces, split_mut,
};
use super::rng::{STRATA, lhs_permutations};
use super::{LANES, Sampling, SimOptions};

/// Simulates iterations `range` of the run that `opts` describes, on the current rayon pool.
/// `progress` is called with the number of iterations finished since its last call.
pub fn simulate(
    model: &Model,
    opts: SimOptions,
    range: Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Outcomes {
    let shape = Shape::of(model);
    let n_tasks = shape.tasks;
    let range = range.start..range.end.max(range.start);
    let len = (range.end - range.start) as usize;
    let chunks: Vec<Range<u64>> = chunks_of(range.clone());
    let lens: Vec<usize> = chunks.iter().map(|c| (c.end - c.start) as usize).collect();
    // Iterations of each chunk kept in the sample (the first `Shape::sample_iterations`;
    // none without tasks).
    let kept = shape.sample_iterations();
    let sampled = |c: &Range<u64>| match n_tasks {
        0 => 0,
        _ => (c.end.min(kept) - c.start.min(kept)) as usize,
    };
    let sample_lens: Vec<usize> = chunks.iter().map(sampled).collect();
    // Each task's cost, then each risk event's, in the same iterations.
    let n_costs = n_tasks + shape.risks;
    // The finish levelled again in start order, then with one more unit of each resource.
    let n_res = shape.resources + 1;
    let what_if = model.leveling.active();
    let one_more_rows = |c: &Range<u64>| {
        if what_if {
            (c.end.min(ONE_MORE_ITERATIONS) - c.start.min(ONE_MORE_ITERATIONS)) as usize * n_res
        } else {
            0
        }
    };
    let one_more_lens: Vec<usize> = chunks.iter().map(one_more_rows).collect();
    let mut columns = Columns::zeroed(shape, len);
    // Task-major as `Outcomes` holds them, each chunk writing its columns of every row.
    let sample_len: usize = sample_lens.iter().sum();
    let mut sample = vec![0f32; sample_len * n_tasks];
    let sample_pieces = column_pieces(&mut sample, n_tasks, &sample_lens);
    let mut cost_sample = vec![0f32; sample_len * n_costs];
    let cost_pieces = column_pieces(&mut cost_sample, n_costs, &sample_lens);
    let mut one_more = vec![0f64; one_more_lens.iter().sum()];
    let one_more_pieces = split_mut(&mut one_more, &one_more_lens);
    // Each chunk's share of the outputs, taken by whichever worker takes the chunk.
    let pieces: Vec<Mutex<Option<Piece<'_>>>> = columns
        .pieces_mut(&lens)
        .into_iter()
        .zip(sample_pieces.into_iter().zip(cost_pieces))
        .zip(one_more_pieces)
        .zip(chunks)
        .map(|(((out, (sample, cost_sample)), one_more), chunk)| {
            Mutex::new(Some(Piece {
                out,
                sample,
                cost_sample,
                one_more,
                chunk,
            }))
        })
        .collect();
    // One worker per thread, each with its own scratch and per-task accumulators (a few KB
    // per task), taking the chunks in order until none is left: however many chunks, no more
    // accumulators than threads, and every thread busy until the end.
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, pieces.len().max(1));
    let tasks = (0..workers)
        .into_par_iter()
        .filter_map(|_| {
            let mut state: Option<(Block, TaskStats, Vec<u16>)> = None;
            while let Some(slot) = pieces.get(next.fetch_add(1, Ordering::Relaxed)) {
                let piece = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
                let Some(piece) = piece else { continue };
                let (b, stats, strata) = state.get_or_insert_with(|| {
                    let strata = match opts.sampling {
                        Sampling::LatinHypercube => vec![0u16; n_tasks * STRATA],
                        Sampling::Random => Vec::new(),
                    };
                    (Block::new(model), TaskStats::new(n_tasks), strata)
                });
                let len = piece.chunk.end - piece.chunk.start;
                run_chunk(model, opts, piece, b, stats, strata);
                progress(len);
            }
            state.map(|(_, mut stats, _)| {
                stats.finish();
                stats
            })
        })
        .reduce(|| TaskStats::new(n_tasks), TaskStats::merge);
    drop(pieces);
    let mut tasks = tasks;
    tasks.flush();
    let one_more = transpose(&one_more, n_res);
    Outcomes {
        seed: opts.seed,
        sampling: opts.sampling,
        first: range.start,
        shape,
        columns,
        tasks,
        sample,
        cost_sample,
        one_more,
    }
}

/// One chunk of iterations and its share of every output.
struct Piece<'a> {
    out: ColumnsMut<'a>,
    /// Its columns of each row of the sample and of the cost sample.
    sample: Vec<&'a mut [f32]>,
    cost_sample: Vec<&'a mut [f32]>,
    /// Its rows of the one-more-unit finishes, iteration-major.
    one_more: &'a mut [f64],
    chunk: Range<u64>,
}

/// Simulates one chunk, `LANES` iterations at a time, into its piece of the outputs and the
/// worker's accumulators.
fn run_chunk(
    model: &Model,
    opts: SimOptions,
    piece: Piece<'_>,
    b: &mut Block,
    stats: &mut TaskStats,
    strata: &mut [u16],
) {
    let Piece {
        mut out,
        mut sample,
        mut cost_sample,
        one_more,
        chunk,
    } = piece;
    let n_tasks = model.tasks.len();
    let n_res = model.leveling.resources.len() + 1;
    let lhs = opts.sampling == Sampling::LatinHypercube;
    if lhs {
        let block = chunk.start / STRATA as u64;
        lhs_permutations(opts.seed, block, n_tasks, strata);
    }
    let mut first = chunk.start;
    while first < chunk.end {
        let lanes = ((chunk.end - first) as usize).min(LANES);
        let perm = lhs.then_some(&*strata);
        b.inputs.draw(model, opts.seed, first, lanes, perm);
        b.schedule(model);
        stats.record(model, &b.inputs.duration, &b.critical, &b.times, lanes);
        let row = (first - chunk.start) as usize;
        write_rows(b, &mut out, row, lanes);
        if row * n_res < one_more.len() {
            let rows = lanes.min(one_more.len() / n_res - row);
            b.one_more(model, rows);
            for l in 0..rows {
                for k in 0..n_res {
                    one_more[(row + l) * n_res + k] = b.one_more[k * LANES + l];
                }
            }
        }
        let kept = sample.first().map_or(0, |r| r.len());
        if row < kept {
            let k = lanes.min(kept - row);
            let duration = &b.inputs.duration;
            for (i, s) in sample.iter_mut().enumerate() {
                for (s, &d) in s[row..row + k].iter_mut().zip(&duration[i * LANES..]) {
                    *s = d as f32;
                }
            }
            cost::task_costs(model, &b.inputs, &b.times, &mut b.usage.task_cost);
            let (tasks, risks) = cost_sample.split_at_mut(n_tasks);
            let values = tasks.iter_mut().zip(b.usage.task_cost.chunks_exact(LANES));
            let risk_values = risks.iter_mut().zip(b.inputs.risk_costs.chunks(LANES));
            for (s, v) in values.chain(risk_values) {
                for (s, &v) in s[row..row + k].iter_mut().zip(v) {
                    *s = v as f32;
                }
            }
        }
        first += lanes as u64;
    }
}

/// `range` cut at multiples of `STRATA`.
fn chunks_of(range: Range<u64>) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let mut at = range.start;
    while at < range.end {
        let next = ((at / STRATA as u64 + 1) * STRATA as u64).min(range.end);
        out.push(at..next);
        at = next;
    }
    out
}

/// The iteration-major sample (`iterations x tasks`, as the chunks write it) task-major, in
/// tiles that stay in cache.
fn transpose<T: Copy + Default>(sample: &[T], tasks: usize) -> Vec<T> {
    const TILE: usize = 64;
    let rows = sample.len() / tasks.max(1);
    let mut out = vec![T::default(); sample.len()];
    for r0 in (0..rows).step_by(TILE) {
        for t0 in (0..tasks).step_by(TILE) {
            for r in r0..(r0 + TILE).min(rows) {
                for t in t0..(t0 + TILE).min(tasks) {
                    out[t * rows + r] = sample[r * tasks + t];
                }
            }
        }
    }
    out
}

/// Writes lanes `0..lanes` of the block into rows `row..` of a piece of the columns.
#[inline]
fn write_rows(b: &Block, out: &mut ColumnsMut<'_>, row: usize, lanes: usize) {
    for l in 0..lanes {
        let t = &b.totals[l];
        let values = [
            t.finish,
            t.cost_people,
            t.cost_compute,
            t.cost_fixed,
            t.cost_risk,
            t.useful_hours,
            t.billed_hours,
            t.interruptions,
            t.cost_idle,
            b.unconstrained[l],
        ];
        for (col, v) in out.scalars.iter_mut().zip(values) {
            col[row + l] = v;
        }
        let lanes_of = |cols: &mut Vec<&mut [f64]>, src: &[f64]| {
            for (k, col) in cols.iter_mut().enumerate() {
                col[row + l] = src[k * LANES + l];
            }
        };
        lanes_of(&mut out.milestone_finish, &b.usage.milestone_finish);
        lanes_of(&mut out.role_days, &b.usage.role_days);
        lanes_of(&mut out.instance_hours, &b.usage.instance_hours);
        for (k, col) in out.risk_occurred.iter_mut().enumerate() {
            col[row + l] = b.inputs.occurred[k * LANES + l];
        }
        lanes_of(&mut out.utilisation, &b.utilisation);
        for (k, col) in out.bottleneck.iter_mut().enumerate() {
            col[row + l] = b.bottleneck[l] == k as u16 && b.bottleneck[l] != NO_BLOCKER;
        }
    }
}

/// The plan as written: every estimate at its most likely value, no risk event, no
/// interruption; scheduled by the same code as every iteration.
#[derive(Debug, Clone, PartialEq)]
pub struct DeterministicSchedule {
    pub totals: Totals,
    /// Per task: duration (days of its calendar), start and finish (timeline days), critical.
    pub duration: Vec<f64>,
    pub start: Vec<f64>,
    pub finish: Vec<f64>,
    pub critical: Vec<bool>,
    /// Person-days per role, billed hours per instance type, finish of each milestone.
    pub role_days: Vec<f64>,
    pub instance_hours: Vec<f64>,
    pub milestone_finish: Vec<f64>,
}

/// Schedules the deterministic plan.
pub fn deterministic(model: &Model) -> DeterministicSchedule {
    let mut b = Block::new(model);
    b.inputs.most_likely(model);
    b.schedule(model);
    let lane0 = |v: &[f64]| v.iter().step_by(LANES).copied().collect::<Vec<f64>>();
    DeterministicSchedule {
        totals: b.totals[0],
        duration: lane0(&b.inputs.duration),
        start: lane0(&b.times.start),
        finish: lane0(&b.times.finish),
        critical: b.critical.iter().step_by(LANES).copied().collect(),
        role_days: lane0(&b.usage.role_days),
        instance_hours: lane0(&b.usage.instance_hours),
        milestone_finish: lane0(&b.usage.milestone_finish),
    }
}
