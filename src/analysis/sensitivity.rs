//! What drives the finish: rank correlation of each task's duration with the project finish
//! (the tornado), the schedule sensitivity index, and each risk event's effect on the target
//! percentile.

use super::percentiles::Sorted;
use super::radix;

/// Ranks (1-based) of `values` in `total_cmp` order, ties (`==`) sharing their average rank.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    radix::ranks_f64(values)
}

/// Pearson correlation; 0 when either side does not vary.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Spearman's rank correlation of `x` with a variable whose ranks are `y_ranks`.
pub fn spearman(x: &[f64], y_ranks: &[f64]) -> f64 {
    pearson(&ranks(x), y_ranks)
}

/// Ranks of non-negative values (durations), ties sharing their average rank: the same as
/// `ranks`, faster, by sorting plain integer keys (value bits, then index).
pub fn ranks_nonnegative(values: &[f32]) -> Vec<f64> {
    radix::ranks_by_key32(values, |v| v.max(0.0).to_bits())
}

/// The shift of the p-percentile of `values` between iterations where `flag` is set and
/// those where it is not; None when either group is empty.
pub fn conditional_shift(values: &[f64], flag: &[bool], p: f64) -> Option<f64> {
    let pick = |want: bool| -> Vec<f64> {
        values
            .iter()
            .zip(flag)
            .filter(|(_, f)| **f == want)
            .map(|(v, _)| *v)
            .collect()
    };
    let (yes, no) = (pick(true), pick(false));
    if yes.is_empty() || no.is_empty() {
        return None;
    }
    let q = |v: Vec<f64>| Sorted::new(v).quantile(p);
    Some(q(yes) - q(no))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain ranks (1-based) of `values`, ties sharing their average rank.
    fn ranks_plain(values: &[f64]) -> Vec<f64> {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_unstable_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
        let mut out = vec![0.0; values.len()];
        let mut i = 0;
        while i < order.len() {
            let mut j = i;
            while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
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

    /// The plain `ranks_nonnegative`: a comparison sort of the keys.
    fn ranks_nonnegative_plain(values: &[f32]) -> Vec<f64> {
        let mut keys: Vec<u64> = values
            .iter()
            .enumerate()
            .map(|(j, v)| ((v.max(0.0).to_bits() as u64) << 32) | j as u64)
            .collect();
        keys.sort_unstable();
        let mut out = vec![0.0; values.len()];
        let mut i = 0;
        while i < keys.len() {
            let mut j = i;
            while j + 1 < keys.len() && keys[j + 1] >> 32 == keys[i] >> 32 {
                j += 1;
            }
            let rank = (i + j) as f64 / 2.0 + 1.0;
            for k in &keys[i..=j] {
                out[(k & 0xFFFF_FFFF) as usize] = rank;
            }
            i = j + 1;
        }
        out
    }

    /// Awkward values: ties, negatives, both zeros, NaNs of both signs, infinities, extremes.
    fn awkward(n: usize) -> Vec<f64> {
        let special = [
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            1.0,
            1.0,
        ];
        let mut x = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|j| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match x % 4 {
                    0 => special[j % special.len()],
                    1 => ((x >> 20) % 50) as f64 - 25.0,
                    _ => f64::from_bits(x >> 2) * if x & 1 == 1 { -1.0 } else { 1.0 },
                }
            })
            .collect()
    }

    #[test]
    fn radix_ranks_are_the_plain_ranks() {
        for n in [0, 1, 2, 7, 300, 5_000] {
            let v = awkward(n);
            let (fast, plain) = (ranks(&v), ranks_plain(&v));
            assert_eq!(fast.len(), plain.len());
            for (a, b) in fast.iter().zip(&plain) {
                assert_eq!(a.to_bits(), b.to_bits(), "n = {n}");
            }
            let v32: Vec<f32> = v.iter().map(|&x| x as f32).collect();
            assert_eq!(
                ranks_nonnegative(&v32),
                ranks_nonnegative_plain(&v32),
                "n = {n}"
            );
            let durations: Vec<f32> = v32
                .iter()
                .map(|x| {
                    if x.is_nan() {
                        3.0
                    } else {
                        x.abs().min(1e6) % 40.0
                    }
                })
                .collect();
            assert_eq!(
                ranks_nonnegative(&durations),
                ranks(&durations.iter().map(|&x| x as f64).collect::<Vec<_>>())
            );
        }
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 30.0, 20.0, 20.0]), vec![1.0, 4.0, 2.5, 2.5]);
        assert_eq!(
            ranks_nonnegative(&[10.0, 30.0, 20.0, 20.0, 0.0]),
            vec![2.0, 5.0, 3.5, 3.5, 1.0]
        );
    }

    #[test]
    fn spearman_of_a_monotone_transform_is_one() {
        let x: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| v.powi(3) + 7.0).collect();
        assert!((spearman(&x, &ranks(&y)) - 1.0).abs() < 1e-12);
        let rev: Vec<f64> = x.iter().map(|v| -v).collect();
        assert!((spearman(&x, &ranks(&rev)) + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&[1.0; 5], &ranks(&[1.0, 2.0, 3.0, 4.0, 5.0])), 0.0);
    }

    #[test]
    fn conditional_shift_compares_the_two_groups() {
        let values = [1.0, 2.0, 3.0, 11.0, 12.0, 13.0];
        let flag = [false, false, false, true, true, true];
        assert_eq!(conditional_shift(&values, &flag, 0.5), Some(10.0));
        assert_eq!(conditional_shift(&values, &[false; 6], 0.5), None);
    }
}
