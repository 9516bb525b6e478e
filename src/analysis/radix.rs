//! Sorting and ranking by radix sort of order-preserving integer keys: what the analysis does
//! to every outcome column (percentiles) and to every sampled column (Spearman ranks), several
//! times faster than a comparison sort and with exactly its result.
//!
//! A float's key is its bits with the sign bit flipped for positives and every bit flipped for
//! negatives: unsigned order of the keys is `total_cmp` order of the floats (-0 before +0,
//! NaNs by sign at either end). A least-significant-digit radix sort is stable, so items with
//! equal keys keep their order (the index order a tie-break `then(a.cmp(&b))` asks for), and
//! a byte on which all keys agree costs no pass.

/// The key of an `f64` whose unsigned order is `f64::total_cmp`'s.
pub fn key64(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// The `f64` of a key from `key64`.
fn from_key64(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Bits per digit: 2,048 counters, which stay in the first-level cache.
const DIGIT_BITS: u32 = 11;
const BUCKETS: usize = 1 << DIGIT_BITS;

/// Sorts `items` stably by the bits `lo..hi` of `key`, least significant digit first, using
/// `buf` as scratch; digits on which every item agrees are skipped.
fn sort_by_bits<T: Copy>(
    items: &mut Vec<T>,
    buf: &mut Vec<T>,
    lo: u32,
    hi: u32,
    key: impl Fn(&T) -> u64,
) {
    let n = items.len();
    if n < 2 {
        return;
    }
    let digits = (hi - lo).div_ceil(DIGIT_BITS) as usize;
    let digit = |k: u64, d: usize| ((k >> (lo + d as u32 * DIGIT_BITS)) as usize) & (BUCKETS - 1);
    // The digits on which the keys differ; the others would be passes that move nothing (and
    // counting them, all into one counter, is a chain of dependent increments).
    let (mut any, mut all) = (0u64, !0u64);
    for it in items.iter() {
        let k = key(it);
        any |= k;
        all &= k;
    }
    let active: Vec<usize> = (0..digits).filter(|&d| digit(any ^ all, d) != 0).collect();
    let mut counts = vec![[0u32; BUCKETS]; active.len()];
    for it in items.iter() {
        let k = key(it);
        for (&d, c) in active.iter().zip(counts.iter_mut()) {
            c[digit(k, d)] += 1;
        }
    }
    buf.clear();
    buf.resize(n, items[0]);
    for (&d, c) in active.iter().zip(counts.iter_mut()) {
        let mut at = 0;
        for slot in c.iter_mut() {
            let k = *slot;
            *slot = at;
            at += k;
        }
        for it in items.iter() {
            let b = digit(key(it), d);
            buf[c[b] as usize] = *it;
            c[b] += 1;
        }
        std::mem::swap(items, buf);
    }
}

/// `values` sorted ascending in `f64::total_cmp` order: what `sort_unstable_by(f64::total_cmp)`
/// gives (values equal in that order have equal bits).
pub fn sorted_f64(values: Vec<f64>) -> Vec<f64> {
    let mut keys: Vec<u64> = values.into_iter().map(key64).collect();
    let mut buf = Vec::new();
    sort_by_bits(&mut keys, &mut buf, 0, 64, |&k| k);
    keys.into_iter().map(from_key64).collect()
}

/// The indices `0..keys.len()` ordered by key, ties by index.
pub fn order_by_key(keys: &[u64]) -> Vec<usize> {
    let mut items: Vec<(u64, u32)> = keys
        .iter()
        .enumerate()
        .map(|(j, &k)| (k, j as u32))
        .collect();
    let mut buf = Vec::new();
    sort_by_bits(&mut items, &mut buf, 0, 64, |&(k, _)| k);
    items.into_iter().map(|(_, j)| j as usize).collect()
}

/// Average ranks (1-based) of the items at `order` (indices in sorted order), `tied(p, q)`
/// saying whether the items at sorted positions p (the first of its run) and q share a rank.
fn average_ranks(order: &[usize], tied: impl Fn(usize, usize) -> bool) -> Vec<f64> {
    let mut out = vec![0.0; order.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && tied(i, j + 1) {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// `sensitivity::ranks`: ordered by `total_cmp` then index, ties (`==`) sharing their average
/// rank.
pub fn ranks_f64(values: &[f64]) -> Vec<f64> {
    let keys: Vec<u64> = values.iter().map(|&v| key64(v)).collect();
    let order = order_by_key(&keys);
    average_ranks(&order, |p, q| values[order[p]] == values[order[q]])
}

/// Average ranks of `f32` values ordered by `key(value)` then index, ties being equal keys:
/// the ranks that sorting the `u64`s `key << 32 | index` gives.
pub fn ranks_by_key32(values: &[f32], key: impl Fn(f32) -> u32) -> Vec<f64> {
    let mut items: Vec<u64> = values
        .iter()
        .enumerate()
        .map(|(j, &v)| ((key(v) as u64) << 32) | j as u64)
        .collect();
    let mut buf = Vec::new();
    sort_by_bits(&mut items, &mut buf, 32, 64, |&k| k);
    let order: Vec<usize> = items.iter().map(|&k| (k & 0xFFFF_FFFF) as usize).collect();
    average_ranks(&order, |p, q| items[p] >> 32 == items[q] >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits of every kind: both zeros, NaNs of both signs, infinities, subnormals, ties.
    fn awkward(n: usize) -> Vec<f64> {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        (0..n)
            .map(|j| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match j % 6 {
                    0 => [
                        0.0,
                        -0.0,
                        f64::NAN,
                        -f64::NAN,
                        f64::INFINITY,
                        -f64::INFINITY,
                    ][(x % 6) as usize],
                    1 => f64::from_bits(x % 1000),
                    2 => ((x >> 30) % 20) as f64 - 10.0,
                    _ => f64::from_bits(x),
                }
            })
            .collect()
    }

    #[test]
    fn keys_order_as_total_cmp() {
        let v = awkward(2_000);
        for w in v.windows(2) {
            assert_eq!(key64(w[0]).cmp(&key64(w[1])), w[0].total_cmp(&w[1]));
            assert_eq!(from_key64(key64(w[0])).to_bits(), w[0].to_bits());
        }
    }

    #[test]
    fn the_radix_sort_is_the_comparison_sort() {
        for n in [0, 1, 2, 3, 100, 10_000] {
            let v = awkward(n);
            let mut plain = v.clone();
            plain.sort_unstable_by(f64::total_cmp);
            let fast = sorted_f64(v.clone());
            let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&fast), bits(&plain), "n = {n}");
            // Indices by value, ties by index: as `sort_unstable_by(cmp.then(index))`.
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_unstable_by(|&a, &b| v[a].total_cmp(&v[b]).then(a.cmp(&b)));
            let keys: Vec<u64> = v.iter().map(|&x| key64(x)).collect();
            assert_eq!(order_by_key(&keys), order, "n = {n}");
        }
        // All equal: every pass is skipped and the order is kept.
        assert_eq!(order_by_key(&[5; 4]), [0, 1, 2, 3]);
    }

    #[test]
    fn ranks_by_key32_are_those_of_the_sorted_keys() {
        let v: Vec<f32> = awkward(5_000).iter().map(|&x| x as f32).collect();
        let key = |x: f32| x.to_bits().rotate_left(7);
        let mut keys: Vec<u64> = v
            .iter()
            .enumerate()
            .map(|(j, &x)| ((key(x) as u64) << 32) | j as u64)
            .collect();
        keys.sort_unstable();
        let mut plain = vec![0.0; v.len()];
        let mut i = 0;
        while i < keys.len() {
            let mut j = i;
            while j + 1 < keys.len() && keys[j + 1] >> 32 == keys[i] >> 32 {
                j += 1;
            }
            for k in &keys[i..=j] {
                plain[(k & 0xFFFF_FFFF) as usize] = (i + j) as f64 / 2.0 + 1.0;
            }
            i = j + 1;
        }
        assert_eq!(ranks_by_key32(&v, key), plain);
    }
}
