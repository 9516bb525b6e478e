//! A window of `u32` counts over integer keys, stored from a multiple of `GRANULE` and grown
//! a granule at a time as keys outside it arrive: the storage of the duration histograms and
//! of the per-day date counts, with the run-length encoding both write to shard files.
//!
//! Encoding of the counts of the keys `lo..=hi`: LEB128 varints, a 0 followed by a varint `r`
//! standing for `r + 1` keys in a row with none.

use super::histogram::{get_varint, put_varint};

#[derive(Clone, Default)]
pub(super) struct Window<const GRANULE: u32> {
    /// Key counted in `counts[0]`; a multiple of `GRANULE`.
    base: u32,
    /// Counts of the keys `base..base + counts.len()`.
    counts: Vec<u32>,
}

impl<const GRANULE: u32> Window<GRANULE> {
    /// An empty window; allocates nothing.
    pub const fn new() -> Self {
        Window {
            base: 0,
            counts: Vec::new(),
        }
    }

    /// The counts of the keys `lo..=hi`, grown to hold them where needed.
    #[inline]
    pub fn range_mut(&mut self, lo: u32, hi: u32) -> &mut [u32] {
        let end = self.base + self.counts.len() as u32;
        if lo < self.base || hi >= end {
            self.grow(lo, hi);
        }
        &mut self.counts[(lo - self.base) as usize..=(hi - self.base) as usize]
    }

    /// The counts of the keys `lo..=hi`, which the window must hold.
    pub fn range(&self, lo: u32, hi: u32) -> &[u32] {
        &self.counts[(lo - self.base) as usize..=(hi - self.base) as usize]
    }

    /// Keys stored, counted or not: the memory footprint in units of 4 bytes.
    pub fn stored(&self) -> usize {
        self.counts.len()
    }

    #[cold]
    fn grow(&mut self, lo: u32, hi: u32) {
        let mut base = lo / GRANULE * GRANULE;
        let mut end = (hi / GRANULE + 1) * GRANULE;
        if !self.counts.is_empty() {
            base = base.min(self.base);
            end = end.max(self.base + self.counts.len() as u32);
        }
        let mut counts = vec![0u32; (end - base) as usize];
        let at = (self.base.max(base) - base) as usize;
        counts[at..at + self.counts.len()].copy_from_slice(&self.counts);
        self.base = base;
        self.counts = counts;
    }

    /// Adds `counts`, the counts of the keys from `lo` on.
    pub fn add(&mut self, lo: u32, counts: &[u32]) {
        if counts.is_empty() {
            return;
        }
        let hi = lo + counts.len() as u32 - 1;
        for (c, &o) in self.range_mut(lo, hi).iter_mut().zip(counts) {
            *c += o;
        }
    }

    /// Appends the encoding (module documentation) of the counts of `lo..=hi`.
    pub fn encode(&self, lo: u32, hi: u32, out: &mut Vec<u8>) {
        let mut zeros = 0u32;
        for &c in self.range(lo, hi) {
            if c == 0 {
                zeros += 1;
                continue;
            }
            if zeros > 0 {
                put_varint(out, 0);
                put_varint(out, zeros - 1);
                zeros = 0;
            }
            put_varint(out, c);
        }
    }

    /// Reads the counts of `lo..=hi` from the front of `r`: None unless they add up to `count`
    /// with the first and the last key counted (what counting leaves).
    pub fn decode(r: &mut &[u8], lo: u32, hi: u32, count: u64) -> Option<Self> {
        let mut w = Self::new();
        let counts = w.range_mut(lo, hi);
        let len = counts.len();
        let (mut i, mut sum) = (0usize, 0u64);
        while i < len {
            let v = get_varint(r)?;
            if v == 0 {
                i += get_varint(r)? as usize + 1;
            } else {
                counts[i] = v;
                sum += v as u64;
                i += 1;
            }
        }
        (i == len && sum == count && counts[0] != 0 && counts[len - 1] != 0).then_some(w)
    }
}

/// Ranges of at most this many keys are counted in interleaved sub-counters on the stack.
const LOCAL_KEYS: usize = 256;
/// Sub-counters per key.
const WAYS: usize = 4;

/// Adds one to `counts[offset(v)]` for each of `values`; every offset must be below
/// `counts.len()`.
///
/// Values that repeat (days that many iterations share, the durations of a narrow
/// distribution) would make each increment wait for the store of the one before it: a short
/// range is counted in `WAYS` interleaved sub-counters instead, value `j` in the `j % WAYS`-th,
/// then added up. The counts are the same either way.
#[inline(always)]
pub(super) fn count_offsets<T: Copy>(
    counts: &mut [u32],
    values: &[T],
    offset: impl Fn(T) -> usize,
) {
    let keys = counts.len();
    if keys <= LOCAL_KEYS / 4 {
        count_interleaved::<T, { LOCAL_KEYS / 4 }>(counts, values, offset);
    } else if keys <= LOCAL_KEYS && values.len() >= keys / 2 {
        count_interleaved::<T, LOCAL_KEYS>(counts, values, offset);
    } else {
        for &v in values {
            counts[offset(v)] += 1;
        }
    }
}

/// `count_offsets` through `WAYS` sub-counters of `N >= counts.len()` keys each.
#[inline(always)]
fn count_interleaved<T: Copy, const N: usize>(
    counts: &mut [u32],
    values: &[T],
    offset: impl Fn(T) -> usize,
) {
    let mut sub = [[0u32; N]; WAYS];
    let [s0, s1, s2, s3] = &mut sub;
    let mut quads = values.chunks_exact(WAYS);
    for q in &mut quads {
        s0[offset(q[0])] += 1;
        s1[offset(q[1])] += 1;
        s2[offset(q[2])] += 1;
        s3[offset(q[3])] += 1;
    }
    for &v in quads.remainder() {
        s0[offset(v)] += 1;
    }
    let keys = counts.len();
    for (k, c) in counts.iter_mut().enumerate().take(N.min(keys)) {
        *c += s0[k] + s1[k] + s2[k] + s3[k];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count_offsets` one increment at a time.
    fn naive(counts: &mut [u32], values: &[u32]) {
        for &v in values {
            counts[v as usize] += 1;
        }
    }

    #[test]
    fn interleaved_counting_adds_what_one_counter_would() {
        // Ranges on both sides of each path's limit, lengths not a multiple of the ways, values
        // that repeat in runs and at a stride, and counts that were not zero.
        let mut x = 7u64;
        for keys in [1, 2, 5, 63, 64, 65, 128, 255, 256, 257, 1_000] {
            for len in [0, 1, 3, 4, 5, 31, 32, 33, 127, 128, 129, 256, 1_001] {
                let values: Vec<u32> = (0..len)
                    .map(|i| {
                        x = x
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let r = (x >> 33) as u32;
                        match i % 3 {
                            0 => r % keys,
                            1 => (i as u32 / 5) % keys,
                            _ => keys - 1,
                        }
                    })
                    .collect();
                let start: Vec<u32> = (0..keys).map(|k| k * 3).collect();
                let (mut want, mut got) = (start.clone(), start);
                naive(&mut want, &values);
                count_offsets(&mut got, &values, |v| v as usize);
                assert_eq!(got, want, "{keys} keys, {len} values");
            }
        }
    }

    #[test]
    fn the_window_grows_by_granules_and_keeps_its_counts() {
        let mut w: Window<4> = Window::new();
        assert_eq!(w.stored(), 0);
        w.range_mut(5, 6).copy_from_slice(&[1, 2]);
        assert_eq!(w.stored(), 4, "keys 4..8");
        w.add(1, &[3, 0, 0, 0, 4]);
        assert_eq!(w.stored(), 8, "keys 0..8");
        assert_eq!(w.range(1, 6), &[3, 0, 0, 0, 5, 2]);
        w.range_mut(9, 9)[0] = 7;
        assert_eq!(w.stored(), 12);
        assert_eq!(w.range(5, 9), &[5, 2, 0, 0, 7]);
    }

    #[test]
    fn counts_round_trip_through_their_encoding() {
        let mut w: Window<8> = Window::new();
        w.add(3, &[2, 0, 0, 0, 0, 1, 300, 0, 5]);
        let mut out = Vec::new();
        w.encode(3, 11, &mut out);
        let mut r = &out[..];
        let back = Window::<8>::decode(&mut r, 3, 11, 308).expect("decodes");
        assert!(r.is_empty());
        assert_eq!(back.range(3, 11), w.range(3, 11));
        // A wrong total, or a range that does not start and end on counts, is refused.
        assert!(Window::<8>::decode(&mut &out[..], 3, 11, 307).is_none());
        assert!(Window::<8>::decode(&mut &out[..], 3, 12, 308).is_none());
        assert!(Window::<8>::decode(&mut &out[..1], 3, 11, 308).is_none());
    }
}
