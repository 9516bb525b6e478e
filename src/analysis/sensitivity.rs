//! What drives the finish: rank correlation of each task's duration with the project finish
//! (the tornado), the schedule sensitivity index, and each risk event's effect on the target
//! percentile.

use super::percentiles::Sorted;

/// Ranks (1-based) of `values`, ties sharing their average rank.
pub fn ranks(values: &[f64]) -> Vec<f64> {
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
