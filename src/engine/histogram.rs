//! One task's sampled durations, kept as a sparse log histogram so that memory does not grow
//! with the iterations, and merged exactly so that threads and shards combine into the same
//! result whatever the order or grouping.
//!
//! # Buckets
//! A duration `x` (days, as `f32`) falls in the bucket keyed by its bit pattern shifted right
//! by 13: the exponent and the top 10 bits of the mantissa. Each octave `[2^e, 2^(e+1))` is
//! thus cut into 1,024 equal buckets of width `2^(e-10)`, at most `2^-10` (0.098%) of any value
//! inside. Every finite value from [`FLOOR_DAYS`] (`2^-10` days, about 1.4 minutes) up has its
//! own bucket, and `+inf` one above them: there is no overflow bucket. Values below the floor
//! share one absolute bucket `[0, FLOOR_DAYS)`.
//!
//! # Resolution
//! [`Histogram::quantile`] uses the rank rule of the exact percentiles (the smallest value with
//! at least a share `p` of values at or below it: rank `ceil(p * n)` clamped to `1..=n`). The
//! order statistic `x` of that rank lies in the bucket the quantile is read from, so the
//! quantile is within one bucket width of it: at most `2^-10 * x` (0.098%) from `x`, or
//! [`FLOOR_DAYS`] for `x` below the floor. Both are covered by "within
//! `RESOLUTION * max(x, 1 day)`" ([`RESOLUTION`] = `2^-10`, [`Histogram::resolution`]).
//! Rank 1 reports the exact minimum and rank `n` the exact maximum, and every quantile is
//! clamped to them, so a distribution with a single value reports that value exactly.
//! Inside a bucket, the quantile is interpolated linearly: of the `c` values in a bucket, the
//! `j`-th sits at `(j - 1/2) / c` of its width, the width narrowed to `[min, max]` in the
//! buckets that hold them.
//!
//! # Recording
//! Values are sanitized, not refused: NaN and negative values (`-0.0` included) count as 0,
//! `+inf` goes to its own top bucket (and is then the maximum). [`Histogram::record_all`]
//! takes a batch, finds its smallest and largest value in one branch-free pass, grows the
//! stored range once if they fall outside it, then increments the buckets without further
//! checks on the values; a batch whose values all share a bucket (a fixed duration) adds to it
//! once.
//!
//! # Storage
//! Counts are `u32`: half the memory and cache of `u64`, and enough, since no bucket holds more
//! than the histogram's count, which may not exceed [`MAX_COUNT`] (`u32::MAX`, the most
//! iterations a run accepts; recording or merging past it panics). Only a range of buckets is
//! stored, in granules of 256 buckets (a quarter octave) aligned on the keys, so that the range
//! grows at most once per newly touched granule, however the values arrive. A task from 5 to
//! 20 days touches 2 octaves and stores 2,048 to 2,304 buckets (8 to 9 KB); one spanning 3
//! octaves stores at most 3,584 (14 KB), so 1,000 such tasks cost 12 to 14 MB per accumulator.
//! A histogram with nothing recorded allocates nothing. The range is what the values span,
//! whatever it is: a task that once reads `+inf` next to 0 stores 141,314 buckets (552 KB).
//!
//! # Identity
//! What a histogram is, for `==`, `Debug` and [`Histogram::encode`], is its count, its exact
//! minimum and maximum, and its counts over the touched range: from the bucket of the minimum to
//! that of the maximum, both nonzero. That is a function of the multiset of recorded values
//! alone; the zeros stored around it, up to the granules' edges, are not part of it.
//!
//! # Encoding
//! Little-endian:
//! - `count`: u64. When 0, nothing follows.
//! - `min`, `max`: the bits of the `f32` extremes, u32 each. They fix the touched range, from
//!   the bucket of `min` to that of `max`.
//! - the counts of the touched range, in order, as LEB128 varints (one byte below 128), where a
//!   0 is followed by a varint `r` and stands for `r + 1` buckets in a row with count 0.
//!
//! A task from 5 to 20 days over 100,000 iterations takes about 2 KB (2,067 bytes for uniform
//! durations), so a shard of a 20-task plan takes a few tens of KB; two atoms 15 octaves apart,
//! 25 bytes.

use std::fmt;

use super::counts::{Window, count_offsets};

/// Bits of the mantissa that select a bucket inside an octave: 1,024 buckets per octave.
const SUB_BUCKET_BITS: u32 = 10;
/// Shift from an `f32` bit pattern to its bucket key.
const SHIFT: u32 = f32::MANTISSA_DIGITS - 1 - SUB_BUCKET_BITS;

/// Values below this many days share the bucket `[0, FLOOR_DAYS)`: 2^-10 days, 1.4 minutes.
pub const FLOOR_DAYS: f64 = 1.0 / 1024.0;
/// A quantile is within `RESOLUTION * max(x, 1 day)` of the exact order statistic `x`.
pub const RESOLUTION: f64 = 1.0 / (1u32 << SUB_BUCKET_BITS) as f64;
/// The most values one histogram may hold: the most iterations a run accepts.
pub const MAX_COUNT: u64 = u32::MAX as u64;

/// Key of the bucket `[0, FLOOR_DAYS)`: the key just below the floor's, which no other value
/// takes.
const ZERO_KEY: u32 = ((FLOOR_DAYS as f32).to_bits() >> SHIFT) - 1;
/// Key of the bucket of `+inf`.
const INF_KEY: u32 = f32::INFINITY.to_bits() >> SHIFT;
/// The stored range starts and ends on multiples of this many buckets.
const GRANULE: u32 = 256;
/// Values handled per pass of `record_all`.
const BATCH: usize = 256;

/// The bit pattern of `x` once sanitized: NaN and values not above 0 (`-0.0` too) become +0.
/// A sanitized bit pattern orders like the value it stands for.
#[inline(always)]
fn clean_bits(x: f32) -> u32 {
    if x > 0.0 { x.to_bits() } else { 0 }
}

/// The bucket key of a sanitized bit pattern.
#[inline(always)]
fn key_of(bits: u32) -> u32 {
    (bits >> SHIFT).max(ZERO_KEY)
}

/// The lower and upper edges of the bucket keyed `key`, in days.
fn edges(key: u32) -> (f64, f64) {
    if key == ZERO_KEY {
        (0.0, FLOOR_DAYS)
    } else if key == INF_KEY {
        (f64::INFINITY, f64::INFINITY)
    } else {
        let hi = ((key + 1) << SHIFT).min(f32::MAX.to_bits());
        (
            f32::from_bits(key << SHIFT) as f64,
            f32::from_bits(hi) as f64,
        )
    }
}

/// A mergeable histogram of one task's durations (days).
#[derive(Clone)]
pub struct Histogram {
    /// Counts of the buckets; zero outside the touched range.
    counts: Window<GRANULE>,
    count: u64,
    /// The smallest and largest sanitized value recorded; `+inf` and 0 while empty.
    min: f32,
    max: f32,
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

impl Histogram {
    /// An empty histogram; allocates nothing.
    pub fn new() -> Self {
        Histogram {
            counts: Window::new(),
            count: 0,
            min: f32::INFINITY,
            max: 0.0,
        }
    }

    /// Records one value.
    pub fn record(&mut self, value: f32) {
        self.record_all(&[value]);
    }

    /// Records a batch of values (days).
    ///
    /// # Panics
    /// When the histogram would then hold more than [`MAX_COUNT`] values.
    pub fn record_all(&mut self, values: &[f32]) {
        assert!(
            self.count + values.len() as u64 <= MAX_COUNT,
            "a duration histogram holds at most {MAX_COUNT} values"
        );
        for batch in values.chunks(BATCH) {
            self.record_batch(batch);
        }
    }

    /// Records at most `BATCH` values.
    #[inline]
    fn record_batch(&mut self, values: &[f32]) {
        if values.is_empty() {
            return;
        }
        let mut keys = [0u32; BATCH];
        let keys = &mut keys[..values.len()];
        // Sanitized bit patterns stay below 2^31 and order like their values, so that the
        // extremes come from integer minima and maxima that vectorize.
        let (mut lo, mut hi) = (i32::MAX, 0i32);
        for (k, &x) in keys.iter_mut().zip(values) {
            let bits = clean_bits(x);
            lo = lo.min(bits as i32);
            hi = hi.max(bits as i32);
            *k = key_of(bits);
        }
        let (lo, hi) = (lo as u32, hi as u32);
        let (lo_key, hi_key) = (key_of(lo), key_of(hi));
        let counts = self.counts.range_mut(lo_key, hi_key);
        if lo_key == hi_key {
            counts[0] += values.len() as u32;
        } else {
            count_offsets(counts, keys, |k| (k - lo_key) as usize);
        }
        self.count += values.len() as u64;
        self.min = self.min.min(f32::from_bits(lo));
        self.max = self.max.max(f32::from_bits(hi));
    }

    /// Adds everything `other` recorded: exactly, so that any order and grouping of merges and
    /// records gives an equal histogram.
    ///
    /// # Panics
    /// When the histogram would then hold more than [`MAX_COUNT`] values.
    pub fn merge(&mut self, other: &Histogram) {
        if other.count == 0 {
            return;
        }
        assert!(
            self.count + other.count <= MAX_COUNT,
            "a duration histogram holds at most {MAX_COUNT} values"
        );
        self.counts.add(other.touched_keys().0, other.touched());
        self.count += other.count;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The smallest value recorded (days), exactly; NaN when empty.
    pub fn min(&self) -> f64 {
        if self.count == 0 {
            f64::NAN
        } else {
            self.min as f64
        }
    }

    /// The largest value recorded (days), exactly; NaN when empty.
    pub fn max(&self) -> f64 {
        if self.count == 0 {
            f64::NAN
        } else {
            self.max as f64
        }
    }

    /// The most a quantile may differ from the exact order statistic `x` (days).
    pub fn resolution(x: f64) -> f64 {
        RESOLUTION * x.max(1.0)
    }

    /// The p-quantile (days), p in (0, 1]: within [`Histogram::resolution`] of the smallest
    /// recorded value with at least a share `p` of values at or below it, and exactly the
    /// minimum or maximum at the lowest or highest rank. NaN when empty. A `p` at or below 0, or
    /// NaN, reads the minimum; above 1, the maximum.
    pub fn quantile(&self, p: f64) -> f64 {
        let n = self.count;
        if n == 0 {
            return f64::NAN;
        }
        let rank = ((p * n as f64).ceil() as u64).clamp(1, n);
        let (min, max) = (self.min as f64, self.max as f64);
        if rank == 1 {
            return min;
        }
        if rank == n {
            return max;
        }
        let (lo_key, _) = self.touched_keys();
        let mut seen = 0u64;
        for (i, &c) in self.touched().iter().enumerate() {
            let c = c as u64;
            if seen + c >= rank {
                let (lo, hi) = edges(lo_key + i as u32);
                let (a, b) = (lo.max(min), hi.min(max));
                if !(b > a) {
                    return a;
                }
                let t = ((rank - seen) as f64 - 0.5) / c as f64;
                return (a + (b - a) * t).clamp(a, b);
            }
            seen += c;
        }
        max
    }

    /// Keys of the buckets of the minimum and the maximum.
    fn touched_keys(&self) -> (u32, u32) {
        (key_of(self.min.to_bits()), key_of(self.max.to_bits()))
    }

    /// Counts from the bucket of the minimum to that of the maximum; empty when nothing was
    /// recorded.
    fn touched(&self) -> &[u32] {
        if self.count == 0 {
            return &[];
        }
        let (lo_key, hi_key) = self.touched_keys();
        self.counts.range(lo_key, hi_key)
    }

    /// Buckets stored, touched or not: the memory footprint in units of 4 bytes.
    pub fn stored_buckets(&self) -> usize {
        self.counts.stored()
    }

    /// Appends the encoding described in the module documentation.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.count.to_le_bytes());
        if self.count == 0 {
            return;
        }
        out.extend_from_slice(&self.min.to_bits().to_le_bytes());
        out.extend_from_slice(&self.max.to_bits().to_le_bytes());
        let (lo_key, hi_key) = self.touched_keys();
        self.counts.encode(lo_key, hi_key, out);
    }

    /// Reads one histogram written by [`Histogram::encode`] from the front of `input` and
    /// advances it past; `None`, leaving `input` as it was, when the bytes are cut short or
    /// describe no histogram that recording could produce.
    pub fn decode(input: &mut &[u8]) -> Option<Histogram> {
        let mut r = *input;
        let count = u64::from_le_bytes(take(&mut r)?);
        if count == 0 {
            *input = r;
            return Some(Histogram::new());
        }
        let min = u32::from_le_bytes(take(&mut r)?);
        let max = u32::from_le_bytes(take(&mut r)?);
        // Sanitized values: neither NaN nor negative (as bits, both would exceed +inf's).
        let valid = count <= MAX_COUNT
            && min <= max
            && max <= f32::INFINITY.to_bits()
            && (count > 1 || min == max);
        if !valid {
            return None;
        }
        let counts = Window::decode(&mut r, key_of(min), key_of(max), count)?;
        *input = r;
        Some(Histogram {
            counts,
            count,
            min: f32::from_bits(min),
            max: f32::from_bits(max),
        })
    }
}

impl PartialEq for Histogram {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count
            && self.min.to_bits() == other.min.to_bits()
            && self.max.to_bits() == other.max.to_bits()
            && self.touched() == other.touched()
    }
}

impl Eq for Histogram {}

impl fmt::Debug for Histogram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Histogram")
            .field("count", &self.count)
            .field("min", &self.min())
            .field("max", &self.max())
            .field("first_key", &self.touched_keys().0)
            .field("touched", &self.touched())
            .finish()
    }
}

pub(super) fn take<const N: usize>(r: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = r.split_first_chunk::<N>()?;
    *r = rest;
    Some(*head)
}

pub(super) fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(super) fn get_varint(r: &mut &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for shift in (0..35).step_by(7) {
        let [b] = take::<1>(r)?;
        let bits = (b & 0x7F) as u32;
        if shift == 28 && bits > 0x0F {
            return None;
        }
        v |= bits << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
#[path = "histogram_tests.rs"]
mod tests;
