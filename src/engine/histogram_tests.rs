//! Unit tests of the per-task histogram: resolution, exact extremes, merge identity, encoding.

use super::*;
use proptest::prelude::*;

/// SplitMix64: reproducible test values without depending on the engine's generators.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PS: [f64; 9] = [0.001, 0.1, 0.5, 0.7, 0.71, 0.9, 0.99, 0.999, 1.0];

fn of(values: &[f32]) -> Histogram {
    let mut h = Histogram::new();
    h.record_all(values);
    h
}

/// The exact p-percentile of the sanitized values, with the rank rule of the analysis.
fn exact(values: &[f32], p: f64) -> f64 {
    let mut v: Vec<f32> = values
        .iter()
        .map(|&x| f32::from_bits(clean_bits(x)))
        .collect();
    v.sort_by(f32::total_cmp);
    let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1] as f64
}

fn assert_resolved(values: &[f32], what: &str) {
    let h = of(values);
    for p in PS {
        let (q, x) = (h.quantile(p), exact(values, p));
        assert!(
            (q - x).abs() <= Histogram::resolution(x),
            "{what}, p{p}: {q} vs exact {x}"
        );
    }
    assert_eq!(h.quantile(1.0), exact(values, 1.0), "{what}: the maximum");
    assert_eq!(h.quantile(1e-9), exact(values, 1e-9), "{what}: the minimum");
}

#[test]
fn a_single_value_is_reported_exactly() {
    for v in [10.0f32, 0.0, 0.3, 1234.5] {
        let h = of(&vec![v; 1000]);
        for p in [0.1, 0.5, 0.99, 1.0] {
            assert_eq!(h.quantile(p), v as f64, "{v} at p{p}");
        }
        assert_eq!((h.min(), h.max(), h.count()), (v as f64, v as f64, 1000));
    }
}

#[test]
fn quantiles_of_a_uniform_spread_are_within_the_resolution() {
    let mut r = Mix(1);
    let v: Vec<f32> = (0..100_000)
        .map(|_| (5.0 + 15.0 * r.unit()) as f32)
        .collect();
    assert_resolved(&v, "uniform 5..20");
}

#[test]
fn quantiles_over_many_octaves_are_within_the_resolution() {
    let mut r = Mix(2);
    let (lo, hi) = (0.01f64.ln(), 5000f64.ln());
    let v: Vec<f32> = (0..100_000)
        .map(|_| (lo + (hi - lo) * r.unit()).exp() as f32)
        .collect();
    assert_resolved(&v, "log-uniform 0.01..5000");
    // Below the floor, the resolution is absolute.
    let v: Vec<f32> = (0..100_000).map(|_| (0.01 * r.unit()) as f32).collect();
    assert_resolved(&v, "uniform 0..0.01");
}

#[test]
fn quantiles_of_two_atoms_fall_on_the_atoms() {
    let mut r = Mix(3);
    let v: Vec<f32> = (0..100_000)
        .map(|_| if r.unit() < 0.3 { 15.0 } else { 10.0 })
        .collect();
    assert_resolved(&v, "10 / 15");
    let h = of(&v);
    let at_10 = v.iter().filter(|&&x| x == 10.0).count() as f64 / v.len() as f64;
    for p in PS {
        let atom = if p <= at_10 { 10.0 } else { 15.0 };
        let q = h.quantile(p);
        assert!((q - atom).abs() <= atom * RESOLUTION, "p{p}: {q} vs {atom}");
    }
    // The atom holding the maximum is reported exactly, thanks to the clamp.
    assert_eq!(h.quantile(0.9), 15.0);
}

#[test]
fn the_extreme_ranks_are_the_exact_extremes() {
    // Neither extreme on a bucket edge, and each bucket holding several values.
    let v: Vec<f32> = (0..1000).map(|i| 5.001 + (i / 10) as f32 * 0.1).collect();
    let h = of(&v);
    assert_eq!(h.quantile(1e-9), 5.001f32 as f64);
    assert_eq!(h.quantile(1.0), *v.last().unwrap() as f64);
    assert_eq!(h.min(), 5.001f32 as f64);
}

#[test]
fn quantiles_are_clamped_to_the_extremes() {
    // Both values in one bucket: interpolation over the whole bucket would leave [min, max].
    let v = [10.0f32, 10.0, 10.001, 10.001];
    let h = of(&v);
    for p in [0.3, 0.5, 0.6] {
        let q = h.quantile(p);
        assert!((10.0..=10.001f32 as f64).contains(&q), "p{p}: {q}");
    }
}

#[test]
fn values_below_the_floor_share_one_bucket() {
    let h = of(&[0.0, 1e-30, 0.0003, 0.0009]);
    assert_eq!(h.touched().len(), 1);
    assert!(h.quantile(0.5) < FLOOR_DAYS);
    assert_eq!(of(&[0.0, FLOOR_DAYS as f32]).touched().len(), 2);
}

#[test]
fn nan_and_negative_values_count_as_zero() {
    let h = of(&[f32::NAN, -1.0, -0.0, f32::NEG_INFINITY, -f32::NAN]);
    assert_eq!(h, of(&[0.0; 5]));
    assert_eq!(h.min().to_bits(), 0.0f64.to_bits());
    assert_eq!(h.quantile(1.0), 0.0);
}

#[test]
fn infinity_goes_to_the_top() {
    let h = of(&[1.0, 2.0, f32::INFINITY]);
    assert_eq!(h.max(), f64::INFINITY);
    assert_eq!(h.quantile(1.0), f64::INFINITY);
    assert!((h.quantile(0.5) - 2.0).abs() <= Histogram::resolution(2.0));
    assert_eq!(h.quantile(0.1), 1.0);
    let h = of(&[f32::MAX, f32::INFINITY, f32::INFINITY]);
    assert_eq!(h.quantile(0.5), f64::INFINITY);
    assert_eq!(h.quantile(0.1), f32::MAX as f64);
}

#[test]
fn an_empty_histogram_reads_nan_and_merges_as_identity() {
    let e = Histogram::new();
    assert_eq!(e.count(), 0);
    assert!(e.quantile(0.5).is_nan() && e.min().is_nan() && e.max().is_nan());
    assert_eq!(e.stored_buckets(), 0);
    let mut h = of(&[3.0, 4.0]);
    let before = h.clone();
    h.merge(&e);
    assert_eq!(h, before);
    let mut e2 = Histogram::new();
    e2.merge(&before);
    assert_eq!(e2, before);
    let mut e3 = Histogram::new();
    e3.record_all(&[]);
    assert_eq!(e3, Histogram::new());
}

#[test]
fn merges_in_any_order_and_grouping_equal_one_recording() {
    let mut r = Mix(4);
    let v: Vec<f32> = (0..20_000)
        .map(|i| match i % 4 {
            0 => (5.0 + 15.0 * r.unit()) as f32,
            1 => (0.01 * (r.unit() * 13.0).exp()) as f32,
            2 => 10.0,
            _ => (r.unit() * 0.002) as f32,
        })
        .collect();
    let whole = of(&v);
    for k in [1usize, 2, 3, 7] {
        for _ in 0..5 {
            let mut cuts: Vec<usize> = (1..k).map(|_| r.below(v.len())).collect();
            cuts.push(0);
            cuts.push(v.len());
            cuts.sort();
            let parts: Vec<Histogram> = cuts.windows(2).map(|w| of(&v[w[0]..w[1]])).collect();
            let mut left = Histogram::new();
            for p in &parts {
                left.merge(p);
            }
            let mut right = Histogram::new();
            for p in parts.iter().rev() {
                right.merge(p);
            }
            // Pairwise, as a parallel reduction would.
            let mut tree = parts.clone();
            while tree.len() > 1 {
                tree = tree
                    .chunks(2)
                    .map(|c| {
                        let mut a = c[0].clone();
                        if let Some(b) = c.get(1) {
                            a.merge(b);
                        }
                        a
                    })
                    .collect();
            }
            // Records onto a merge.
            let mut mixed = parts[parts.len() - 1].clone();
            mixed.record_all(&v[..cuts[cuts.len() - 2]]);
            for h in [&left, &right, &tree[0], &mixed] {
                assert_eq!(*h, whole, "k = {k}");
                let (mut a, mut b) = (Vec::new(), Vec::new());
                h.encode(&mut a);
                whole.encode(&mut b);
                assert_eq!(a, b);
            }
        }
    }
}

#[test]
fn the_stored_range_is_the_touched_granules() {
    let mut r = Mix(5);
    let v: Vec<f32> = (0..100_000)
        .map(|_| (5.0 + 15.0 * r.unit()) as f32)
        .collect();
    let mut h = Histogram::new();
    // Values arriving sorted make the range grow as often as it can.
    let mut sorted = v.clone();
    sorted.sort_by(f32::total_cmp);
    h.record_all(&sorted);
    assert!(h.stored_buckets() <= 2304, "{}", h.stored_buckets());
    assert_eq!(of(&v).stored_buckets(), h.stored_buckets());
    assert_eq!(h, of(&v));
}

#[test]
fn encoding_round_trips_and_stays_small() {
    let mut r = Mix(6);
    let uniform: Vec<f32> = (0..100_000)
        .map(|_| (5.0 + 15.0 * r.unit()) as f32)
        .collect();
    let atoms: Vec<f32> = (0..100_000)
        .map(|_| if r.unit() < 0.3 { 0.0 } else { 20.0 })
        .collect();
    let cases = [
        Histogram::new(),
        of(&[7.0]),
        of(&uniform),
        of(&atoms),
        of(&[0.0, f32::INFINITY]),
    ];
    let mut buf = Vec::new();
    for h in &cases {
        h.encode(&mut buf);
    }
    let mut input = &buf[..];
    for h in &cases {
        assert_eq!(Histogram::decode(&mut input).as_ref(), Some(h));
    }
    assert!(input.is_empty());
    let size = |h: &Histogram| {
        let mut b = Vec::new();
        h.encode(&mut b);
        b.len()
    };
    assert_eq!(size(&cases[0]), 8);
    assert_eq!(size(&cases[1]), 17);
    assert!(size(&cases[2]) < 2_200, "{}", size(&cases[2]));
    // Two atoms 15 octaves apart: the zero run between them takes a few bytes.
    assert!(size(&cases[3]) < 32, "{}", size(&cases[3]));
}

#[test]
fn decoding_refuses_what_recording_cannot_produce() {
    let mut good = Vec::new();
    of(&[1.0, 2.0, 2.0]).encode(&mut good);
    let decode = |b: &[u8]| {
        let mut input = b;
        let h = Histogram::decode(&mut input);
        if h.is_none() {
            assert_eq!(input.len(), b.len(), "input left as it was");
        }
        h
    };
    assert!(decode(&good).is_some());
    for cut in 0..good.len() {
        assert!(decode(&good[..cut]).is_none(), "cut at {cut}");
    }
    let patched = |at: usize, bytes: &[u8]| {
        let mut b = good.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        b
    };
    // A count that the buckets do not add up to.
    assert!(decode(&patched(0, &4u64.to_le_bytes())).is_none());
    // A negative or NaN extreme, or a minimum above the maximum.
    assert!(decode(&patched(8, &(-1.0f32).to_bits().to_le_bytes())).is_none());
    assert!(decode(&patched(12, &f32::NAN.to_bits().to_le_bytes())).is_none());
    assert!(decode(&patched(8, &3.0f32.to_bits().to_le_bytes())).is_none());
    // The maximum's bucket empty: (1.0, 2.0) counted as 3 at 1.0 and none at 2.0.
    let mut b = good[..16].to_vec();
    b[0] = 3;
    put_varint(&mut b, 3);
    put_varint(&mut b, 0);
    put_varint(&mut b, 1023 - 1);
    put_varint(&mut b, 0);
    put_varint(&mut b, 0);
    assert!(decode(&b).is_none());
    // One value, yet two extremes.
    let mut b = 1u64.to_le_bytes().to_vec();
    b.extend_from_slice(&1.0f32.to_bits().to_le_bytes());
    b.extend_from_slice(&1.0001f32.to_bits().to_le_bytes());
    put_varint(&mut b, 1);
    assert!(decode(&b).is_none());
    // More values than a histogram may hold.
    let mut b = (MAX_COUNT + 1).to_le_bytes().to_vec();
    b.extend_from_slice(&1.0f32.to_bits().to_le_bytes());
    b.extend_from_slice(&1.0f32.to_bits().to_le_bytes());
    b.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, 0x1F]);
    assert!(decode(&b).is_none());
}

/// A histogram of one bucket holding `MAX_COUNT` values, built through its encoding.
fn full() -> Histogram {
    let mut b = MAX_COUNT.to_le_bytes().to_vec();
    b.extend_from_slice(&1.0f32.to_bits().to_le_bytes());
    b.extend_from_slice(&1.0f32.to_bits().to_le_bytes());
    put_varint(&mut b, u32::MAX);
    Histogram::decode(&mut &b[..]).expect("a full histogram")
}

#[test]
#[should_panic(expected = "at most")]
fn recording_past_the_most_values_panics() {
    full().record(1.0);
}

#[test]
#[should_panic(expected = "at most")]
fn merging_past_the_most_values_panics() {
    full().merge(&of(&[1.0]));
}

/// The dense layout this file replaces (64 buckets per octave from 2^-6 to 2^14 days), kept
/// here as the baseline of the speed check.
mod dense {
    const SHIFT: u32 = 23 - 6;
    const LOW: f32 = 1.0 / 64.0;
    const HIGH: f32 = 16384.0;
    pub const BUCKETS: usize = 2 + ((HIGH.to_bits() >> SHIFT) - (LOW.to_bits() >> SHIFT)) as usize;

    #[inline]
    pub fn bucket(x: f64) -> usize {
        let x = x as f32;
        if !(x >= LOW) {
            0
        } else if x >= HIGH {
            BUCKETS - 1
        } else {
            1 + ((x.to_bits() >> SHIFT) - (LOW.to_bits() >> SHIFT)) as usize
        }
    }
}

/// Nanoseconds this thread has run: from the scheduler's statistics where Linux offers them,
/// so that other processes on a busy machine count less; else wall-clock time.
fn run_ns(since: std::time::Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| since.elapsed().as_nanos() as f64)
}

/// Nanoseconds per value to record durations of `tasks` tasks in batches of 256, the tasks
/// in turn as the engine hands them over, into these histograms and into the dense ones
/// (the least of five runs of 2e7 values each); and what these histograms then store.
fn speed(name: &str, tasks: usize, duration: impl Fn(usize, f64, f64) -> f32) {
    use std::hint::black_box;
    use std::time::Instant;
    const CHUNK: usize = 256;
    let rounds = 20_000_000 / (CHUNK * tasks);
    let values = (rounds * CHUNK * tasks) as f64;
    let mut r = Mix(7);
    let low: Vec<f64> = (0..tasks).map(|_| 1.0 + 49.0 * r.unit()).collect();
    // Eight blocks, task-major like the engine's buffer, recorded in turn.
    let blocks: Vec<Vec<f32>> = (0..8)
        .map(|_| {
            (0..tasks * CHUNK)
                .map(|j| duration(j / CHUNK, low[j / CHUNK], r.unit()))
                .collect()
        })
        .collect();
    let (mut sparse_ns, mut dense_ns) = (f64::INFINITY, f64::INFINITY);
    let mut hists = Vec::new();
    for _ in 0..5 {
        let wall = Instant::now();
        let t0 = run_ns(wall);
        hists = vec![Histogram::new(); tasks];
        for k in 0..rounds {
            let block = &blocks[k % blocks.len()];
            for (h, batch) in hists.iter_mut().zip(block.chunks_exact(CHUNK)) {
                h.record_all(batch);
            }
        }
        black_box(&hists);
        sparse_ns = sparse_ns.min((run_ns(wall) - t0) / values);

        let wall = Instant::now();
        let t0 = run_ns(wall);
        let mut counts = vec![0u32; tasks * dense::BUCKETS];
        for k in 0..rounds {
            let block = &blocks[k % blocks.len()];
            for (h, batch) in counts
                .chunks_exact_mut(dense::BUCKETS)
                .zip(block.chunks_exact(CHUNK))
            {
                for &d in batch {
                    h[dense::bucket(d as f64)] += 1;
                }
            }
        }
        black_box(&counts);
        dense_ns = dense_ns.min((run_ns(wall) - t0) / values);
    }
    let stored: usize = hists.iter().map(|h| h.stored_buckets() * 4).sum();
    let mut encoded = Vec::new();
    for h in &hists {
        h.encode(&mut encoded);
    }
    println!(
        "{name}, {tasks} tasks: {sparse_ns:.2} ns/value (dense 64/octave: {dense_ns:.2}); \
             {:.2} MB stored ({:.2} MB dense); {:.1} KB encoded",
        stored as f64 / 1e6,
        (tasks * dense::BUCKETS * 4) as f64 / 1e6,
        encoded.len() as f64 / 1e3
    );
}

#[test]
#[ignore = "a speed check to run by hand, in release: \
                cargo test --release --lib engine::histogram -- --ignored --nocapture"]
fn record_speed() {
    let spread = |_, a: f64, u: f64| (a * (1.0 + 2.0 * u)) as f32;
    speed("spread (a..3a days)", 1000, spread);
    speed("spread (a..3a days)", 8, spread);
    speed("fixed", 1000, |_, a, _| a as f32);
    speed("two atoms (a, 1.5a)", 1000, |_, a, u| {
        (if u < 0.3 { 1.5 * a } else { a }) as f32
    });
    speed("one in ten fixed", 1000, |i, a, u| {
        (if i % 10 == 0 { a } else { a * (1.0 + 2.0 * u) }) as f32
    });
}

fn value() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => 0.0f32..50.0,
        2 => prop::sample::select(vec![0.0f32, 10.0, 15.0, 0.0005]),
        1 => any::<f32>(),
    ]
}

proptest! {
    #[test]
    fn merge_is_associative_and_commutative(
        a in prop::collection::vec(value(), 0..300),
        b in prop::collection::vec(value(), 0..300),
        c in prop::collection::vec(value(), 0..300),
    ) {
        let (ha, hb, hc) = (of(&a), of(&b), of(&c));
        let mut ab = ha.clone();
        ab.merge(&hb);
        let mut ba = hb.clone();
        ba.merge(&ha);
        prop_assert_eq!(&ab, &ba);
        let mut ab_c = ab.clone();
        ab_c.merge(&hc);
        let mut bc = hb.clone();
        bc.merge(&hc);
        let mut a_bc = ha.clone();
        a_bc.merge(&bc);
        prop_assert_eq!(&ab_c, &a_bc);
        let all: Vec<f32> = a.iter().chain(&b).chain(&c).copied().collect();
        prop_assert_eq!(&ab_c, &of(&all));
        let mut buf = Vec::new();
        ab_c.encode(&mut buf);
        let mut input = &buf[..];
        let decoded = Histogram::decode(&mut input);
        prop_assert_eq!(decoded.as_ref(), Some(&ab_c));
        prop_assert!(input.is_empty());
    }

    #[test]
    fn quantiles_rise_with_p_and_stay_within_the_resolution(
        v in prop::collection::vec(value(), 1..500),
        mut ps in prop::collection::vec(0.0f64..=1.0, 1..20),
    ) {
        let h = of(&v);
        ps.sort_by(f64::total_cmp);
        let qs: Vec<f64> = ps.iter().map(|&p| h.quantile(p)).collect();
        for (w, p) in qs.windows(2).zip(&ps) {
            prop_assert!(w[0] <= w[1], "p{}: {} > {}", p, w[0], w[1]);
        }
        for (&p, &q) in ps.iter().zip(&qs) {
            let x = exact(&v, p);
            if x.is_infinite() || q.is_infinite() {
                prop_assert_eq!(q, x);
            } else {
                prop_assert!((q - x).abs() <= Histogram::resolution(x), "p{}: {} vs {}", p, q, x);
            }
        }
    }
}
