//! Which task the serial scheme schedules next: priority values by rule (from the
//! unconstrained most-likely schedule), and lists that follow a key without ever putting a task
//! before one of its predecessors.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::model::{LinkKind, Model, PriorityRule};

/// Successor lists of a model's network (CSR), for orders and for the backward views.
#[derive(Debug, Clone)]
pub struct Successors {
    offsets: Vec<u32>,
    tasks: Vec<u32>,
}

impl Successors {
    pub fn of(model: &Model) -> Self {
        let n = model.tasks.len();
        let mut count = vec![0u32; n + 1];
        for p in &model.preds {
            count[p.task as usize + 1] += 1;
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let offsets = count.clone();
        let mut tasks = vec![0u32; model.preds.len()];
        for j in 0..n {
            for p in model.preds_of(j) {
                let at = &mut count[p.task as usize];
                tasks[*at as usize] = j as u32;
                *at += 1;
            }
        }
        Successors { offsets, tasks }
    }

    #[inline]
    pub fn of_task(&self, i: usize) -> &[u32] {
        &self.tasks[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// A heap entry: smaller key first, then smaller position.
#[derive(Debug, Clone, Copy)]
struct Entry(f64, u32);

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: `BinaryHeap` pops the greatest.
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

/// Makes precedence-feasible lists; its buffers are kept, so that ordering allocates nothing
/// once warm.
#[derive(Debug, Clone)]
pub struct Sequencer {
    succ: Successors,
    waiting: Vec<u32>,
    heap: BinaryHeap<Entry>,
}

impl Sequencer {
    pub fn new(model: &Model) -> Self {
        let n = model.tasks.len();
        Sequencer {
            succ: Successors::of(model),
            waiting: vec![0; n],
            heap: BinaryHeap::with_capacity(n),
        }
    }

    /// `out` = every task, by `key` (smaller first, ties by position), each after all its
    /// predecessors.
    pub fn order(&mut self, model: &Model, key: &[f64], out: &mut Vec<u32>) {
        let n = model.tasks.len();
        out.clear();
        self.heap.clear();
        for i in 0..n {
            self.waiting[i] = model.pred_offsets[i + 1] - model.pred_offsets[i];
            if self.waiting[i] == 0 {
                self.heap.push(Entry(key[i], i as u32));
            }
        }
        while let Some(Entry(_, i)) = self.heap.pop() {
            out.push(i);
            for &j in self.succ.of_task(i as usize) {
                let w = &mut self.waiting[j as usize];
                *w -= 1;
                if *w == 0 {
                    self.heap.push(Entry(key[j as usize], j));
                }
            }
        }
    }
}

/// Earliest starts and latest finishes of the network with durations `d`, every task treated
/// as continuous time (lags and durations as plain days): what priority rules are computed on.
pub fn early_late(model: &Model, d: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = model.tasks.len();
    let mut es = vec![0.0f64; n];
    for j in 0..n {
        let mut s = 0.0f64;
        for p in model.preds_of(j) {
            let i = p.task as usize;
            let b = match p.kind {
                LinkKind::FS => es[i] + d[i] + p.lag,
                LinkKind::SS => es[i] + p.lag,
                LinkKind::FF => es[i] + d[i] + p.lag - d[j],
                LinkKind::SF => es[i] + p.lag - d[j],
            };
            s = s.max(b);
        }
        es[j] = s;
    }
    let end = (0..n).map(|i| es[i] + d[i]).fold(0.0, f64::max);
    let mut lf = vec![end; n];
    for j in (0..n).rev() {
        let ls_j = lf[j] - d[j];
        for p in model.preds_of(j) {
            let i = p.task as usize;
            let b = match p.kind {
                LinkKind::FS => ls_j - p.lag,
                LinkKind::SS => ls_j - p.lag + d[i],
                LinkKind::FF => lf[j] - p.lag,
                LinkKind::SF => lf[j] - p.lag + d[i],
            };
            lf[i] = lf[i].min(b);
        }
    }
    (es, lf)
}

/// Priority values of `rule` for durations `d`: the smaller, the sooner a task is scheduled.
pub fn priorities(model: &Model, d: &[f64], rule: PriorityRule) -> Vec<f64> {
    let n = model.tasks.len();
    match rule {
        PriorityRule::LatestFinish => early_late(model, d).1,
        PriorityRule::LatestStart => {
            let (_, lf) = early_late(model, d);
            (0..n).map(|i| lf[i] - d[i]).collect()
        }
        PriorityRule::MostSuccessors => {
            let (count, _) = transitive(model, d);
            count.iter().map(|&c| -c).collect()
        }
        PriorityRule::RankPositionalWeight => {
            let (_, weight) = transitive(model, d);
            (0..n).map(|i| -(d[i] + weight[i])).collect()
        }
        PriorityRule::ShortestFirst => d.to_vec(),
        PriorityRule::FileOrder => (0..n).map(|i| i as f64).collect(),
    }
}

/// For each task, how many tasks follow it (directly or not) and the sum of their durations.
fn transitive(model: &Model, d: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = model.tasks.len();
    let words = n.div_ceil(64);
    let succ = Successors::of(model);
    let mut sets = vec![0u64; n * words];
    for i in (0..n).rev() {
        for &j in succ.of_task(i) {
            let j = j as usize;
            // j > i (topological order), so its set is complete.
            let (head, tail) = sets.split_at_mut(j * words);
            let mine = &mut head[i * words..(i + 1) * words];
            for (a, b) in mine.iter_mut().zip(&tail[..words]) {
                *a |= *b;
            }
            mine[j / 64] |= 1 << (j % 64);
        }
    }
    let mut count = vec![0.0; n];
    let mut weight = vec![0.0; n];
    for i in 0..n {
        let set = &sets[i * words..(i + 1) * words];
        for (w, &bits) in set.iter().enumerate() {
            let mut b = bits;
            while b != 0 {
                let j = w * 64 + b.trailing_zeros() as usize;
                count[i] += 1.0;
                weight[i] += d[j];
                b &= b - 1;
            }
        }
    }
    (count, weight)
}
