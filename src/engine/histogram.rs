//! A log-bucketed histogram for per-task duration percentiles: memory does not grow with the
//! number of iterations, recording is one float-to-bits shift, and counts are integers, so
//! merging histograms from any number of threads gives exactly the same result.
//!
//! Each octave is split into 64 equal buckets, so a bucket is at most 1/64 (1.6%) of its
//! lower edge wide, and a percentile read from them (interpolated inside its bucket) is within
//! that of the exact one. They run from 2^-6 days (about 20 minutes) to 2^14 days; smaller
//! values share one bucket from 0, larger ones an overflow bucket.

const MANTISSA_BITS: u32 = 6;
const SHIFT: u32 = 23 - MANTISSA_BITS;
const LOW: f32 = 1.0 / 64.0;
const HIGH: f32 = 16384.0;

fn key(x: f32) -> u32 {
    x.to_bits() >> SHIFT
}

/// Number of buckets: underflow + log buckets + overflow.
pub const BUCKETS: usize = 2 + ((HIGH.to_bits() >> SHIFT) - (LOW.to_bits() >> SHIFT)) as usize;

/// The bucket a value falls in.
#[inline]
pub fn bucket(x: f64) -> usize {
    let x = x as f32;
    if !(x >= LOW) {
        0
    } else if x >= HIGH {
        BUCKETS - 1
    } else {
        1 + (key(x) - key(LOW)) as usize
    }
}

/// The lower and upper edges of bucket `b`.
pub fn edges(b: usize) -> (f64, f64) {
    if b == 0 {
        (0.0, LOW as f64)
    } else if b == BUCKETS - 1 {
        (HIGH as f64, HIGH as f64)
    } else {
        let k = key(LOW) + (b - 1) as u32;
        (
            f32::from_bits(k << SHIFT) as f64,
            f32::from_bits((k + 1) << SHIFT) as f64,
        )
    }
}

/// The p-quantile of the values recorded in `counts` (one histogram's buckets), interpolated
/// linearly inside the bucket, using the same rank rule as the exact percentiles.
pub fn quantile(counts: &[u32], p: f64) -> f64 {
    let total: u64 = counts.iter().map(|&c| c as u64).sum();
    if total == 0 {
        return f64::NAN;
    }
    let rank = ((p * total as f64).ceil() as u64).clamp(1, total);
    let mut seen = 0u64;
    for (b, &c) in counts.iter().enumerate() {
        let c = c as u64;
        if c > 0 && seen + c >= rank {
            let (lo, hi) = edges(b);
            let within = (rank - seen) as f64 / c as f64;
            return lo + (hi - lo) * within;
        }
        seen += c;
    }
    edges(BUCKETS - 1).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_ordered_and_narrow() {
        let mut last = 0;
        for i in 1..2000 {
            let x = i as f64 * 0.37;
            let b = bucket(x);
            assert!(b >= last);
            last = b;
            let (lo, hi) = edges(b);
            assert!(lo <= x && x <= hi, "{x} outside [{lo}, {hi}]");
            if b > 0 && b < BUCKETS - 1 {
                assert!((hi - lo) / lo < 1.0 / 64.0 + 1e-12);
            }
        }
        assert_eq!(bucket(0.0), 0);
        assert_eq!(bucket(f64::NAN), 0);
        assert_eq!(bucket(1e9), BUCKETS - 1);
    }

    #[test]
    fn quantile_is_within_the_bucket_width_of_the_exact_value() {
        let mut counts = vec![0u32; BUCKETS];
        let values: Vec<f64> = (1..=10_000).map(|i| i as f64 / 100.0).collect();
        for &v in &values {
            counts[bucket(v)] += 1;
        }
        for p in [0.1, 0.5, 0.8, 0.99] {
            let exact = values[(p * values.len() as f64).ceil() as usize - 1];
            let approx = quantile(&counts, p);
            assert!(
                (approx - exact).abs() / exact < 0.011,
                "p{p}: {approx} vs {exact}"
            );
        }
    }
}

/// One task's durations (a temporary wrapper over the dense buckets above).
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    counts: Vec<u32>,
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

impl Histogram {
    pub fn new() -> Self {
        Histogram {
            counts: vec![0; BUCKETS],
        }
    }
    pub fn record_all(&mut self, values: &[f32]) {
        for &v in values {
            self.counts[bucket(v as f64)] += 1;
        }
    }
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }
    pub fn quantile(&self, p: f64) -> f64 {
        quantile(&self.counts, p)
    }
    pub fn encode(&self, out: &mut Vec<u8>) {
        for c in &self.counts {
            out.extend_from_slice(&c.to_le_bytes());
        }
    }
    pub fn decode(input: &mut &[u8]) -> Option<Histogram> {
        let mut counts = Vec::with_capacity(BUCKETS);
        for _ in 0..BUCKETS {
            let (head, rest) = input.split_first_chunk::<4>()?;
            counts.push(u32::from_le_bytes(*head));
            *input = rest;
        }
        Some(Histogram { counts })
    }
}
