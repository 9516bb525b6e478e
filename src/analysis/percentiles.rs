//! Exact percentiles of per-iteration values and their Monte Carlo standard errors.
//!
//! The p-percentile is the smallest recorded value with at least a share p of iterations at
//! or below it (the inverse of the empirical CDF): "P80 = the date by which 80% of simulated
//! projects had finished". Its standard error comes from the order statistics: the ranks
//! n*p +- 1.96*sqrt(n*p*(1-p)) bound a 95% confidence interval without assuming a shape.

/// Values sorted ascending, NaN-free.
#[derive(Debug, Clone)]
pub struct Sorted(Vec<f64>);

impl Sorted {
    /// `values` sorted in `f64::total_cmp` order (by a radix sort: see `radix`).
    pub fn new(values: Vec<f64>) -> Self {
        Sorted(super::radix::sorted_f64(values))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn values(&self) -> &[f64] {
        &self.0
    }

    /// The p-percentile, p in (0, 1].
    pub fn quantile(&self, p: f64) -> f64 {
        let n = self.0.len();
        let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
        self.0[rank - 1]
    }

    /// The half-width of the 95% confidence interval of the p-percentile, divided by 1.96:
    /// a standard error.
    pub fn quantile_se(&self, p: f64) -> f64 {
        let n = self.0.len() as f64;
        let half = 1.96 * (n * p * (1.0 - p)).sqrt();
        let lo = ((n * p - half).floor() as isize).clamp(1, self.0.len() as isize) as usize;
        let hi = ((n * p + half).ceil() as isize).clamp(1, self.0.len() as isize) as usize;
        (self.0[hi - 1] - self.0[lo - 1]) / (2.0 * 1.96)
    }

    /// Share of values at or below `x`.
    pub fn share_at_most(&self, x: f64) -> f64 {
        self.0.partition_point(|&v| v <= x) as f64 / self.0.len() as f64
    }
}

/// Mean and sample standard deviation, summed in a fixed order.
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_is_the_inverse_empirical_cdf() {
        let s = Sorted::new((1..=10).rev().map(f64::from).collect());
        assert_eq!(s.quantile(0.1), 1.0);
        assert_eq!(s.quantile(0.8), 8.0);
        assert_eq!(s.quantile(0.81), 9.0);
        assert_eq!(s.quantile(1.0), 10.0);
        assert_eq!(s.share_at_most(8.0), 0.8);
    }

    #[test]
    fn standard_error_shrinks_like_one_over_root_n() {
        // Uniform values: the p50 standard error is about sqrt(p(1-p)/n) / density.
        for n in [10_000usize, 40_000] {
            let s = Sorted::new((0..n).map(|i| (i as f64 + 0.5) / n as f64).collect());
            let expected = (0.25 / n as f64).sqrt();
            let se = s.quantile_se(0.5);
            assert!(
                (se / expected - 1.0).abs() < 0.05,
                "n = {n}: {se} vs {expected}"
            );
        }
    }

    #[test]
    fn mean_std_of_a_known_sample() {
        let (m, s) = mean_std(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(m, 5.0);
        assert!((s - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
    }
}
