//! How many iterations put one date of a task (its start or its finish) on each calendar day:
//! the accumulator behind the probabilistic Gantt.
//!
//! A date percentile must name the right day. The duration histogram's buckets are 1/1024 of
//! their value wide, a day or more on a timeline of three years, so a date read from one could
//! be a day off. Dates, however, only take whole days: counting iterations per day index (days
//! since the project start) loses nothing, since the day of a time is non-decreasing in the
//! time, so the day of the p-percentile time is the p-percentile of the days. The percentile
//! read here is therefore the exact one, with the rank rule of `analysis::percentiles` (the
//! smallest day with at least a share `p` of iterations on or before it).
//!
//! Counts are `u32` over the range of days touched, stored in granules of `GRANULE` days that
//! grow once per newly touched granule: a task whose dates spread over a year stores about 400
//! counts (1.6 KB). Merging adds counts, so it is exact and independent of order and grouping.
//! Day indices are capped at [`MAX_DAY`], past the last representable date (9999-12-31) from
//! any start, so that no time, however far in a tail, asks for more.
//!
//! Encoding (little-endian): `count` u64; when nonzero, the first and last day with a count
//! (u32 each), then the counts of the days between them as LEB128 varints, a 0 followed by a
//! varint `r` standing for `r + 1` days in a row with none.

use super::counts::{Window, count_offsets};
use super::histogram::take;
pub use crate::model::calendar::MAX_DAY;

/// The most values one accumulator may hold: the most iterations a run accepts.
const MAX_COUNT: u64 = u32::MAX as u64;

/// The stored range starts and ends on multiples of this many days.
const GRANULE: u32 = 64;

/// Counts of iterations per day index.
#[derive(Clone, Default)]
pub struct DayCounts {
    counts: Window<GRANULE>,
    count: u64,
    /// The first and the last day with a count; `u32::MAX` and 0 while empty.
    first: u32,
    last: u32,
}

impl DayCounts {
    /// An empty accumulator; allocates nothing.
    pub fn new() -> Self {
        DayCounts {
            counts: Window::new(),
            count: 0,
            first: u32::MAX,
            last: 0,
        }
    }

    /// Counts one iteration on each of `days` (indices above [`MAX_DAY`] count as it).
    ///
    /// # Panics
    /// When the accumulator would then hold more than `u32::MAX` values.
    pub fn record_all(&mut self, days: &[u32]) {
        if days.is_empty() {
            return;
        }
        assert!(
            self.count + days.len() as u64 <= MAX_COUNT,
            "a date accumulator holds at most {MAX_COUNT} values"
        );
        let (mut lo, mut hi) = (u32::MAX, 0);
        for &d in days {
            lo = lo.min(d);
            hi = hi.max(d);
        }
        let (lo, hi) = (lo.min(MAX_DAY), hi.min(MAX_DAY));
        let counts = self.counts.range_mut(lo, hi);
        if lo == hi {
            counts[0] += days.len() as u32;
        } else {
            count_offsets(counts, days, |d| (d.min(MAX_DAY) - lo) as usize);
        }
        self.count += days.len() as u64;
        self.first = self.first.min(lo);
        self.last = self.last.max(hi);
    }

    /// Adds everything `other` counted.
    ///
    /// # Panics
    /// When the accumulator would then hold more than `u32::MAX` values.
    pub fn merge(&mut self, other: &DayCounts) {
        if other.count == 0 {
            return;
        }
        assert!(
            self.count + other.count <= MAX_COUNT,
            "a date accumulator holds at most {MAX_COUNT} values"
        );
        self.counts.add(other.first, other.touched());
        self.count += other.count;
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
    }

    /// Values counted.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The p-percentile day: the smallest day with at least a share `p` of the values on or
    /// before it (rank `ceil(p * n)` clamped to `1..=n`); None when empty.
    pub fn quantile(&self, p: f64) -> Option<u32> {
        let n = self.count;
        if n == 0 {
            return None;
        }
        let rank = ((p * n as f64).ceil() as u64).clamp(1, n);
        let mut seen = 0u64;
        for (i, &c) in self.touched().iter().enumerate() {
            seen += c as u64;
            if seen >= rank {
                return Some(self.first + i as u32);
            }
        }
        Some(self.last)
    }

    /// Counts from the first day with a count to the last.
    fn touched(&self) -> &[u32] {
        if self.count == 0 {
            return &[];
        }
        self.counts.range(self.first, self.last)
    }

    /// Appends the encoding described in the module documentation.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.count.to_le_bytes());
        if self.count == 0 {
            return;
        }
        out.extend_from_slice(&self.first.to_le_bytes());
        out.extend_from_slice(&self.last.to_le_bytes());
        self.counts.encode(self.first, self.last, out);
    }

    /// Reads one accumulator written by [`DayCounts::encode`] from the front of `input` and
    /// advances past it; None, leaving `input` as it was, when the bytes are cut short or
    /// describe nothing that counting could produce.
    pub fn decode(input: &mut &[u8]) -> Option<DayCounts> {
        let mut r = *input;
        let count = u64::from_le_bytes(take(&mut r)?);
        if count == 0 {
            *input = r;
            return Some(DayCounts::new());
        }
        let first = u32::from_le_bytes(take(&mut r)?);
        let last = u32::from_le_bytes(take(&mut r)?);
        if !(count <= MAX_COUNT && first <= last && last <= MAX_DAY) {
            return None;
        }
        let counts = Window::decode(&mut r, first, last, count)?;
        *input = r;
        Some(DayCounts {
            counts,
            count,
            first,
            last,
        })
    }
}

impl PartialEq for DayCounts {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count
            && (self.count == 0 || (self.first == other.first && self.last == other.last))
            && self.touched() == other.touched()
    }
}

impl Eq for DayCounts {}

impl std::fmt::Debug for DayCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DayCounts")
            .field("count", &self.count)
            .field("first", &self.first)
            .field("touched", &self.touched())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The p-percentile by sorting, with the same rank rule.
    fn exact(days: &[u32], p: f64) -> u32 {
        let mut v: Vec<u32> = days.iter().map(|&d| d.min(MAX_DAY)).collect();
        v.sort_unstable();
        let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }

    fn days(n: usize, seed: u64) -> Vec<u32> {
        // A spread over about 500 days with gaps and a far outlier, from a small LCG.
        let mut x = seed;
        let mut out: Vec<u32> = (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let u = (x >> 33) as u32;
                300 + (u % 500) / 3 * 3
            })
            .collect();
        out.push(40_000);
        out
    }

    #[test]
    fn percentiles_are_the_exact_order_statistics() {
        let v = days(10_001, 1);
        let mut h = DayCounts::new();
        for chunk in v.chunks(97) {
            h.record_all(chunk);
        }
        assert_eq!(h.count(), v.len() as u64);
        for p in [0.0, 0.001, 0.1, 0.5, 0.8, 0.9, 0.95, 0.99, 0.9999, 1.0] {
            assert_eq!(h.quantile(p), Some(exact(&v, p)), "p = {p}");
        }
        assert_eq!(DayCounts::new().quantile(0.5), None);
        // Beyond the last representable date, days count as the cap.
        let mut far = DayCounts::new();
        far.record_all(&[5, u32::MAX]);
        assert_eq!(far.quantile(1.0), Some(MAX_DAY));
    }

    #[test]
    fn merging_is_exact_in_any_grouping() {
        let v = days(5_000, 2);
        let mut whole = DayCounts::new();
        whole.record_all(&v);
        let (a, b) = v.split_at(1_234);
        let (mut x, mut y) = (DayCounts::new(), DayCounts::new());
        x.record_all(b);
        y.record_all(a);
        x.merge(&y);
        x.merge(&DayCounts::new());
        assert_eq!(x, whole);
        assert_eq!(x.quantile(0.8), whole.quantile(0.8));
    }

    #[test]
    fn the_encoding_round_trips_and_refuses_damage() {
        let v = days(3_000, 3);
        let mut h = DayCounts::new();
        h.record_all(&v);
        let mut bytes = Vec::new();
        h.encode(&mut bytes);
        DayCounts::new().encode(&mut bytes);
        let mut input = bytes.as_slice();
        assert_eq!(DayCounts::decode(&mut input), Some(h.clone()));
        assert_eq!(DayCounts::decode(&mut input), Some(DayCounts::new()));
        assert!(input.is_empty());
        for cut in [1, 8, 12, bytes.len() / 2, bytes.len() - 9] {
            assert_eq!(DayCounts::decode(&mut &bytes[..cut]), None, "cut at {cut}");
        }
        // A count that disagrees with the days' counts.
        let mut wrong = bytes.clone();
        wrong[0] ^= 1;
        assert_eq!(DayCounts::decode(&mut wrong.as_slice()), None);
        // A last day before the first.
        let mut backwards = bytes;
        backwards[12..16].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(DayCounts::decode(&mut backwards.as_slice()), None);
    }
}
