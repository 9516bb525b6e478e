//! `Outcomes` as bytes, for shard files: everything a merge needs, exactly (floats as their
//! IEEE bits). Little-endian throughout, in this order:
//!
//! ```text
//! u64 first iteration, u64 iterations (n), u64 seed, u8 sampling (0 random, 1 lhs)
//! u32 tasks, u32 milestones, u32 roles, u32 instance types, u32 risks, u32 resources
//! 10 columns: finish, cost_people, cost_compute, cost_fixed, cost_risk, useful_hours,
//!   billed_hours, interruptions, cost_idle, unconstrained; then one per milestone, role,
//!   instance type and resource (finish, person-days, billed hours, utilisation). Each is a
//!   tag byte, then for tag 0 its n f64, for tag 1 (every iteration has the same value, e.g.
//!   no interruptions on-demand) that one f64
//! per risk, then per resource: ceil(n / 8) bytes, bit i % 8 of byte i / 8 set when the risk
//!   occurred (the resource was the bottleneck) in iteration i
//! per task: u64 critical count, i128 sum, i128 sum of squares, its histogram
//!   (`Histogram::encode`), its start days and its finish days (`DayCounts::encode`)
//! u64 sample length (f32 count), then the sampled durations as f32, task-major
//! u64 cost sample length (f32 count), then the sampled costs of each task and each risk
//!   event as f32, task-major
//! u64 one-more length (f64 count), then the finishes levelled again (row 0) and with one
//!   more unit of each resource (row 1 + resource) as f64, row-major
//! ```
//!
//! Its size grows with iterations (about 8 bytes per column per iteration) plus a fixed part
//! per task, never with iterations x tasks beyond the first `Shape::sample_iterations`.

use super::Sampling;
use super::day_counts::DayCounts;
use super::histogram::Histogram;
use super::outcomes::{Columns, ONE_MORE_ITERATIONS, Outcomes, SCALARS, Shape, TaskStats};

/// Column tags.
const RAW: u8 = 0;
const CONSTANT: u8 = 1;

/// Appends `o` to `out`.
pub fn encode(o: &Outcomes, out: &mut Vec<u8>) {
    let n = o.len();
    out.extend_from_slice(&o.first.to_le_bytes());
    out.extend_from_slice(&(n as u64).to_le_bytes());
    out.extend_from_slice(&o.seed.to_le_bytes());
    out.push(match o.sampling {
        Sampling::Random => 0,
        Sampling::LatinHypercube => 1,
    });
    let s = o.shape;
    for d in [
        s.tasks,
        s.milestones,
        s.roles,
        s.instances,
        s.risks,
        s.resources,
    ] {
        out.extend_from_slice(&(d as u32).to_le_bytes());
    }
    let c = &o.columns;
    let floats = |out: &mut Vec<u8>, v: &[f64]| {
        if let Some(&x) = v.first()
            && v.iter().all(|y| y.to_bits() == x.to_bits())
        {
            out.push(CONSTANT);
            out.extend_from_slice(&x.to_le_bytes());
            return;
        }
        out.push(RAW);
        out.reserve(v.len() * 8);
        for x in v {
            out.extend_from_slice(&x.to_le_bytes());
        }
    };
    for col in c.scalars() {
        floats(out, col);
    }
    for col in c
        .milestone_finish
        .iter()
        .chain(&c.role_days)
        .chain(&c.instance_hours)
        .chain(&c.utilisation)
    {
        floats(out, col);
    }
    for col in c.risk_occurred.iter().chain(&c.bottleneck) {
        out.extend(
            col.chunks(8)
                .map(|bits| bits.iter().rev().fold(0u8, |acc, &b| (acc << 1) | b as u8)),
        );
    }
    let t = &o.tasks;
    for i in 0..t.tasks() {
        out.extend_from_slice(&t.critical[i].to_le_bytes());
        out.extend_from_slice(&t.sum[i].to_le_bytes());
        out.extend_from_slice(&t.sum_sq[i].to_le_bytes());
        t.histograms[i].encode(out);
        t.starts[i].encode(out);
        t.finishes[i].encode(out);
    }
    for sample in [&o.sample, &o.cost_sample] {
        out.extend_from_slice(&(sample.len() as u64).to_le_bytes());
        for x in sample {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    out.extend_from_slice(&(o.one_more.len() as u64).to_le_bytes());
    for x in &o.one_more {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

/// Reads outcomes written by `encode`; None when the bytes are truncated or inconsistent.
pub fn decode(input: &mut &[u8]) -> Option<Outcomes> {
    let mut r = Reader(input);
    let first = r.u64()?;
    let n = usize::try_from(r.u64()?).ok()?;
    let seed = r.u64()?;
    let sampling = match r.u8()? {
        0 => Sampling::Random,
        1 => Sampling::LatinHypercube,
        _ => return None,
    };
    let mut dims = [0usize; 6];
    for d in &mut dims {
        *d = r.u32()? as usize;
    }
    let [tasks, milestones, roles, instances, risks, resources] = dims;
    let shape = Shape {
        tasks,
        milestones,
        roles,
        instances,
        risks,
        resources,
    };
    // Every flag column needs its bytes: refuse sizes the input cannot hold before allocating.
    if n.div_ceil(8).checked_mul(risks.checked_add(resources)?)? > r.0.len() {
        return None;
    }
    let mut columns = Columns::zeroed(shape, 0);
    let scalars: [Option<Vec<f64>>; SCALARS] = [(); SCALARS].map(|_| r.f64s(n));
    let [a, b, c, d, e, f, g, h, i, j] = scalars;
    columns.finish = a?;
    columns.cost_people = b?;
    columns.cost_compute = c?;
    columns.cost_fixed = d?;
    columns.cost_risk = e?;
    columns.useful_hours = f?;
    columns.billed_hours = g?;
    columns.interruptions = h?;
    columns.cost_idle = i?;
    columns.unconstrained = j?;
    let mut floats = |k: usize| (0..k).map(|_| r.f64s(n)).collect::<Option<Vec<_>>>();
    columns.milestone_finish = floats(milestones)?;
    columns.role_days = floats(roles)?;
    columns.instance_hours = floats(instances)?;
    columns.utilisation = floats(resources)?;
    let mut flags = |k: usize| {
        (0..k)
            .map(|_| {
                let bytes = r.take(n.div_ceil(8))?;
                Some((0..n).map(|i| bytes[i / 8] >> (i % 8) & 1 == 1).collect())
            })
            .collect::<Option<Vec<_>>>()
    };
    columns.risk_occurred = flags(risks)?;
    columns.bottleneck = flags(resources)?;
    let mut stats = TaskStats::new(tasks);
    for i in 0..tasks {
        stats.critical[i] = r.u64()?;
        stats.sum[i] = r.i128()?;
        stats.sum_sq[i] = r.i128()?;
        stats.histograms[i] = Histogram::decode(&mut r.0)?;
        stats.starts[i] = DayCounts::decode(&mut r.0)?;
        stats.finishes[i] = DayCounts::decode(&mut r.0)?;
    }
    let sample = r.f32s()?;
    let cost_sample = r.f32s()?;
    let one_more_len = usize::try_from(r.u64()?).ok()?;
    if one_more_len.checked_mul(8)? > r.0.len() {
        return None;
    }
    let one_more: Vec<f64> = r
        .take(one_more_len * 8)?
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
        .collect();
    // Consistent with itself, so that merging outcomes read back can never overflow or
    // mislead: every task counted n times, the sample exactly the iterations it should hold.
    let end = first.checked_add(n as u64)?;
    let kept = shape.sample_iterations();
    let sampled = end.min(kept) - first.min(kept);
    let levelled = end.min(ONE_MORE_ITERATIONS) - first.min(ONE_MORE_ITERATIONS);
    let days = stats.starts.iter().chain(&stats.finishes);
    if stats.histograms.iter().any(|h| h.count() != n as u64)
        || days.into_iter().any(|d| d.count() != n as u64)
        || stats.critical.iter().any(|&c| c > n as u64)
        || sample.len() as u64 != sampled * tasks as u64
        || cost_sample.len() as u64 != sampled * (tasks + risks) as u64
        || !(one_more.is_empty() || one_more.len() as u64 == levelled * (resources as u64 + 1))
    {
        return None;
    }
    *input = r.0;
    Some(Outcomes {
        seed,
        sampling,
        first,
        shape,
        columns,
        tasks: stats,
        sample,
        cost_sample,
        one_more,
    })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }
    fn i128(&mut self) -> Option<i128> {
        Some(i128::from_le_bytes(self.array()?))
    }
    /// A u64 length, then that many f32.
    fn f32s(&mut self) -> Option<Vec<f32>> {
        let len = usize::try_from(self.u64()?).ok()?;
        if len.checked_mul(4)? > self.0.len() {
            return None;
        }
        Some(
            self.take(len * 4)?
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        )
    }
    fn f64s(&mut self, n: usize) -> Option<Vec<f64>> {
        match self.u8()? {
            RAW => {}
            CONSTANT => {
                let x = f64::from_le_bytes(self.array()?);
                return Some(vec![x; n]);
            }
            _ => return None,
        }
        let bytes = self.take(n.checked_mul(8)?)?;
        Some(
            bytes
                .chunks_exact(8)
                .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{SimOptions, simulate};

    #[test]
    fn outcomes_come_back_exactly_and_truncation_is_refused() {
        let text = r#"
[project]
name = "codec"
start = 2027-01-04

[[people]]
role = "dev"
rate_per_day = 500

[[milestones]]
id = "m"

[[tasks]]
id = "a"
estimate = { min = 2, likely = 4, max = 9, dist = "pert" }
people = { dev = 1 }
milestone = "m"

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = { likely = 3, risk = "high" }

[[risks]]
id = "r"
probability = 0.3
tasks = ["b"]
delay = 2
"#;
        let model = crate::test_support::compile(text);
        // 1,001 iterations: the risk flags end in a partial byte; starting mid-run.
        let out = simulate(&model, SimOptions::new(3), 9_500..10_501, &|_| {});
        assert!(out.columns.risk_occurred[0].iter().any(|&b| b));
        assert_eq!(out.cost_sample.len(), 500 * 3);
        assert!(out.tasks.finishes[1].count() == 1001);
        let mut bytes = Vec::new();
        encode(&out, &mut bytes);
        let mut input = bytes.as_slice();
        let back = decode(&mut input).expect("decodes");
        assert!(input.is_empty());
        assert_eq!(back, out);
        // A constant column (no interruptions without compute) takes one value.
        assert!(out.columns.interruptions.iter().all(|&x| x == 0.0));
        assert!(bytes.len() < 8 * 1001 * 8);
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&mut &bytes[..cut]).is_none(), "cut at {cut}");
        }
        // Outcomes that contradict themselves are refused: a task counted once too often, a
        // sample of the wrong length.
        let mut extra = out.clone();
        extra.tasks.histograms[0].record_all(&[1.0]);
        let mut bytes = Vec::new();
        encode(&extra, &mut bytes);
        assert!(decode(&mut bytes.as_slice()).is_none());
        let mut short = out.clone();
        short.sample.pop();
        let mut bytes = Vec::new();
        encode(&short, &mut bytes);
        assert!(decode(&mut bytes.as_slice()).is_none());
        // The start and finish days, and the cost sample, are checked likewise.
        let mut late = out.clone();
        late.tasks.finishes[1].record_all(&[40]);
        let mut bytes = Vec::new();
        encode(&late, &mut bytes);
        assert!(decode(&mut bytes.as_slice()).is_none());
        let mut early = out.clone();
        early.tasks.starts[0] = crate::engine::day_counts::DayCounts::new();
        let mut bytes = Vec::new();
        encode(&early, &mut bytes);
        assert!(decode(&mut bytes.as_slice()).is_none());
        let mut costs = out.clone();
        costs.cost_sample.pop();
        let mut bytes = Vec::new();
        encode(&costs, &mut bytes);
        assert!(decode(&mut bytes.as_slice()).is_none());
    }
}
