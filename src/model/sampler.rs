//! Distributions of durations, costs and hours, built once with their parameters checked and
//! precomputed, sampled by inverse CDF from one uniform number. Inverse-CDF sampling is what
//! lets correlation (a Gaussian copula) and Latin hypercube sampling keep each input's own
//! distribution, and it makes a draw a few arithmetic operations.
//!
//! Beta-PERT has no closed-form quantile. Its shape depends only on where the mode sits,
//! r = (mode - min)/(max - min): it is min + (max - min) B with B ~ Beta(1 + 4r, 1 + 4(1 - r)),
//! whose quantile function comes from a table per distinct r ([`BetaQuantile`], in `beta.rs`):
//! within about 2e-8 of the range (max - min) of the exact quantile at every probability,
//! tails included, and shared by every task of that shape, so that a plan's tables stay few
//! and in cache (a table per task would spend much of a run waiting for memory). Tables that
//! interpolate linearly, in probability or between shapes, are not good enough: across the
//! steep end cells of the quantile function a straight line put ten times the true mass in
//! the far tails (P(PERT(8, 12, 25) > 24) at 4.5e-4, not 4.5e-5) and inflated the standard
//! deviation by a few standard errors at a million draws; the tests check quantiles, tail
//! masses and moments against the closed forms. The variance of Beta-PERT is
//! `(mean - min)(max - mean)/7`, not the textbook `((max - min)/6)^2`: a symmetric estimate
//! has `(max - min)^2/28`, and the two agree only when the mean sits near 26% or 74% of the
//! way from min to max.

use std::sync::Arc;

use statrs::function::erf::{erfc, erfc_inv};

use crate::model::beta::BetaQuantile;
use crate::scenario::Estimate;
use crate::scenario::risk_table::Level;
use std::collections::BTreeMap;

/// Standard normal CDF.
pub fn norm_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Standard normal quantile.
pub fn norm_quantile(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

/// z such that P(Z <= z) = 0.9.
const Z90: f64 = 1.281_551_565_544_600_4;
/// z such that P(Z <= z) = 0.95.
const Z95: f64 = 1.644_853_626_951_472_2;

/// A distribution ready to sample.
#[derive(Debug, Clone)]
pub enum Sampler {
    Fixed(f64),
    Uniform {
        min: f64,
        width: f64,
        likely: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
        /// CDF at the mode.
        split: f64,
    },
    /// Beta-PERT: `min + (max - min) * B` with B ~ Beta(1 + 4r, 1 + 4(1 - r)), r = (mode - min)/(max - min).
    Pert {
        min: f64,
        mode: f64,
        max: f64,
        /// The quantile function of B, shared by every PERT of the same r.
        beta: Arc<BetaQuantile>,
    },
    /// Normal truncated at zero (a duration or cost cannot be negative).
    Normal {
        mean: f64,
        sd: f64,
        /// CDF of the untruncated normal at zero.
        cdf_zero: f64,
    },
    LogNormal {
        mu: f64,
        sigma: f64,
        likely: f64,
    },
    Discrete {
        values: Arc<[f64]>,
        /// Cumulative weights, normalised, last = 1.
        cumulative: Arc<[f64]>,
        likely: f64,
    },
}

impl Sampler {
    /// The value at cumulative probability `u` in (0, 1).
    #[inline]
    pub fn quantile(&self, u: f64) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            Sampler::Uniform { min, width, .. } => min + width * u,
            Sampler::Triangular {
                min,
                mode,
                max,
                split,
            } => {
                if u < *split {
                    min + (u * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
                }
            }
            Sampler::Pert { min, max, beta, .. } => min + (max - min) * beta.quantile(u),
            Sampler::Normal { mean, sd, cdf_zero } => {
                let p = cdf_zero + u * (1.0 - cdf_zero);
                (mean + sd * norm_quantile(p)).max(0.0)
            }
            Sampler::LogNormal { mu, sigma, .. } => (mu + sigma * norm_quantile(u)).exp(),
            Sampler::Discrete {
                values, cumulative, ..
            } => {
                let i = cumulative.partition_point(|&c| c < u);
                values[i.min(values.len() - 1)]
            }
        }
    }

    /// The value of the deterministic plan: the most likely value (the mode), or the mean
    /// where the form has no mode (normal), or the median (lognormal fitted to percentiles).
    pub fn most_likely(&self) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            Sampler::Uniform { likely, .. } => *likely,
            Sampler::Triangular { mode, .. } | Sampler::Pert { mode, .. } => *mode,
            Sampler::Normal { mean, .. } => mean.max(0.0),
            Sampler::LogNormal { likely, .. } => *likely,
            Sampler::Discrete { likely, .. } => *likely,
        }
    }

    /// The mean of the distribution.
    pub fn mean(&self) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            Sampler::Uniform { min, width, .. } => min + width / 2.0,
            Sampler::Triangular { min, mode, max, .. } => (min + mode + max) / 3.0,
            Sampler::Pert { min, mode, max, .. } => (min + 4.0 * mode + max) / 6.0,
            Sampler::Normal { mean, sd, cdf_zero } => {
                let a = -mean / sd;
                let pdf = (-0.5 * a * a).exp() / (2.0 * std::f64::consts::PI).sqrt();
                mean + sd * pdf / (1.0 - cdf_zero)
            }
            Sampler::LogNormal { mu, sigma, .. } => (mu + sigma * sigma / 2.0).exp(),
            Sampler::Discrete {
                values, cumulative, ..
            } => weights(cumulative)
                .zip(values.iter())
                .map(|(w, v)| w * v)
                .sum(),
        }
    }

    /// The exact variance of the distribution that is sampled.
    pub fn variance(&self) -> f64 {
        match self {
            Sampler::Fixed(_) => 0.0,
            Sampler::Uniform { width, .. } => width * width / 12.0,
            Sampler::Triangular { min, mode, max, .. } => {
                (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0
            }
            Sampler::Pert { min, max, .. } => {
                let m = self.mean();
                (m - min) * (max - m) / 7.0
            }
            Sampler::Normal { mean, sd, cdf_zero } => {
                let a = -mean / sd;
                let pdf = (-0.5 * a * a).exp() / (2.0 * std::f64::consts::PI).sqrt();
                let z = 1.0 - cdf_zero;
                sd * sd * (1.0 + a * pdf / z - (pdf / z).powi(2))
            }
            Sampler::LogNormal { mu, sigma, .. } => {
                let s2 = sigma * sigma;
                (s2.exp() - 1.0) * (2.0 * mu + s2).exp()
            }
            Sampler::Discrete {
                values, cumulative, ..
            } => {
                let m = self.mean();
                weights(cumulative)
                    .zip(values.iter())
                    .map(|(w, v)| w * (v - m) * (v - m))
                    .sum()
            }
        }
    }

    /// The same distribution with every value multiplied by `k` > 0 (draw for draw: the
    /// quantile at u of the result is k times the quantile at u of this one).
    pub fn scaled(&self, k: f64) -> Sampler {
        match self {
            Sampler::Fixed(v) => Sampler::Fixed(v * k),
            Sampler::Uniform { min, width, likely } => Sampler::Uniform {
                min: min * k,
                width: width * k,
                likely: likely * k,
            },
            Sampler::Triangular {
                min,
                mode,
                max,
                split,
            } => Sampler::Triangular {
                min: min * k,
                mode: mode * k,
                max: max * k,
                split: *split,
            },
            Sampler::Pert {
                min,
                mode,
                max,
                beta,
            } => Sampler::Pert {
                min: min * k,
                mode: mode * k,
                max: max * k,
                beta: beta.clone(),
            },
            Sampler::Normal { mean, sd, cdf_zero } => Sampler::Normal {
                mean: mean * k,
                sd: sd * k,
                cdf_zero: *cdf_zero,
            },
            Sampler::LogNormal { mu, sigma, likely } => Sampler::LogNormal {
                mu: mu + k.ln(),
                sigma: *sigma,
                likely: likely * k,
            },
            Sampler::Discrete {
                values,
                cumulative,
                likely,
            } => Sampler::Discrete {
                values: values.iter().map(|v| v * k).collect(),
                cumulative: cumulative.clone(),
                likely: likely * k,
            },
        }
    }

    /// True when every draw gives the same value.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Sampler::Fixed(_))
    }

    /// A triangular distribution; `min <= mode <= max`.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Sampler {
        if max == min {
            return Sampler::Fixed(min);
        }
        Sampler::Triangular {
            min,
            mode,
            max,
            split: (mode - min) / (max - min),
        }
    }

    /// A Beta-PERT distribution (lambda 4); `min <= mode <= max`.
    pub fn pert(min: f64, mode: f64, max: f64) -> Sampler {
        if max == min {
            return Sampler::Fixed(min);
        }
        let r = ((mode - min) / (max - min)).clamp(0.0, 1.0);
        Sampler::Pert {
            min,
            mode,
            max,
            beta: BetaQuantile::shared(1.0 + 4.0 * r, 1.0 + 4.0 * (1.0 - r)),
        }
    }
}

fn weights(cumulative: &[f64]) -> impl Iterator<Item = f64> + '_ {
    cumulative.iter().scan(0.0, |prev, &c| {
        let w = c - *prev;
        *prev = c;
        Some(w)
    })
}

/// Builds a sampler from an estimate as written. `what` names the quantity in messages
/// ("duration", "hours", "cost"). Errors are one sentence saying what to change.
pub fn from_estimate(
    est: &Estimate,
    levels: &BTreeMap<String, Level>,
    what: &str,
) -> Result<Sampler, String> {
    let check = |name: &str, v: f64| -> Result<f64, String> {
        if !v.is_finite() {
            Err(format!("{what} `{name}` must be a finite number, not {v}"))
        } else if v < 0.0 {
            Err(format!("{what} `{name}` must not be negative (got {v})"))
        } else {
            Ok(v)
        }
    };
    if let Some(v) = est.fixed {
        return Ok(Sampler::Fixed(check("value", v)?));
    }
    if let Some(level_name) = &est.risk {
        let level = levels.get(level_name).ok_or_else(|| {
            let known: Vec<&str> = levels.keys().map(String::as_str).collect();
            format!(
                "unknown risk level `{level_name}`; use one of {}{}",
                known.join(", "),
                crate::model::did_you_mean(level_name, known.iter().copied())
            )
        })?;
        let likely = check(
            "likely",
            est.likely.ok_or_else(|| {
                format!("a {what} with `risk` needs `likely`, the most likely value")
            })?,
        )?;
        if est.min.is_some() || est.max.is_some() {
            return Err(format!(
                "a {what} gives either `risk` or `min`/`max`, not both"
            ));
        }
        let min = likely * level.min_fraction;
        let max = likely * level.max_fraction;
        return shaped(&level.dist, min, likely, max, what);
    }
    let dist = est
        .dist
        .as_deref()
        .unwrap_or(if est.mean.is_some() || est.sd.is_some() {
            "normal"
        } else if est.values.is_some() {
            "discrete"
        } else {
            "pert"
        });
    match dist {
        "normal" => {
            let mean = check(
                "mean",
                est.mean
                    .ok_or_else(|| format!("a normal {what} needs `mean` and `sd`"))?,
            )?;
            let sd = check(
                "sd",
                est.sd
                    .ok_or_else(|| format!("a normal {what} needs `mean` and `sd`"))?,
            )?;
            if sd == 0.0 {
                return Ok(Sampler::Fixed(mean));
            }
            Ok(Sampler::Normal {
                mean,
                sd,
                cdf_zero: norm_cdf(-mean / sd),
            })
        }
        "lognormal" => lognormal(est, what, check),
        "discrete" => {
            let values = est.values.clone().ok_or_else(|| {
                format!("a discrete {what} needs `values` (and optional `weights`)")
            })?;
            if values.is_empty() {
                return Err(format!("a discrete {what} needs at least one value"));
            }
            for &v in &values {
                check("values", v)?;
            }
            let weights = est
                .weights
                .clone()
                .unwrap_or_else(|| vec![1.0; values.len()]);
            if weights.len() != values.len() {
                return Err(format!(
                    "a discrete {what} has {} values but {} weights",
                    values.len(),
                    weights.len()
                ));
            }
            let mut total = 0.0;
            for &w in &weights {
                total += check("weights", w)?;
            }
            if !(total > 0.0) {
                return Err(format!(
                    "the weights of a discrete {what} must not all be zero"
                ));
            }
            let mut acc = 0.0;
            let mut cumulative: Vec<f64> = weights
                .iter()
                .map(|w| {
                    acc += w / total;
                    acc
                })
                .collect();
            *cumulative.last_mut().expect("non-empty") = 1.0;
            let likely = values
                .iter()
                .zip(&weights)
                .fold((values[0], f64::NEG_INFINITY), |best, (&v, &w)| {
                    if w > best.1 { (v, w) } else { best }
                })
                .0;
            Ok(Sampler::Discrete {
                values: values.into(),
                cumulative: cumulative.into(),
                likely,
            })
        }
        "fixed" => {
            let v = est.likely.or(est.mean).ok_or_else(|| {
                format!("a fixed {what} needs `likely` (or write the bare number)")
            })?;
            Ok(Sampler::Fixed(check("likely", v)?))
        }
        "triangular" | "pert" | "uniform" => {
            let min = check(
                "min",
                est.min.ok_or_else(|| missing_three_point(what, dist))?,
            )?;
            let max = check(
                "max",
                est.max.ok_or_else(|| missing_three_point(what, dist))?,
            )?;
            let likely = match (est.likely, dist) {
                (Some(l), _) => check("likely", l)?,
                (None, "uniform") => (min + max) / 2.0,
                (None, _) => return Err(missing_three_point(what, dist)),
            };
            shaped(dist, min, likely, max, what)
        }
        other => Err(format!(
            "unknown distribution `{other}`; use triangular, pert, uniform, fixed, normal, lognormal or discrete{}",
            crate::model::did_you_mean(
                other,
                [
                    "triangular",
                    "pert",
                    "uniform",
                    "fixed",
                    "normal",
                    "lognormal",
                    "discrete"
                ]
            )
        )),
    }
}

fn missing_three_point(what: &str, dist: &str) -> String {
    format!("a {dist} {what} needs `min`, `likely` and `max` (or `likely` and `risk`)")
}

fn shaped(dist: &str, min: f64, likely: f64, max: f64, what: &str) -> Result<Sampler, String> {
    if !(min <= likely && likely <= max) {
        return Err(format!(
            "{what} must satisfy min <= likely <= max, but min = {min}, likely = {likely}, max = {max}; reorder the three values"
        ));
    }
    match dist {
        "triangular" => Ok(Sampler::triangular(min, likely, max)),
        "pert" => Ok(Sampler::pert(min, likely, max)),
        "uniform" => Ok(if max == min {
            Sampler::Fixed(min)
        } else {
            Sampler::Uniform {
                min,
                width: max - min,
                likely,
            }
        }),
        other => Err(format!(
            "unknown distribution `{other}`; a risk level's `dist` is pert, triangular or uniform"
        )),
    }
}

/// Lognormal from `p10`/`p90`, from `mean`/`sd`, or from three points read as
/// min = 5th and max = 95th percentile (`likely` then only sets the deterministic value).
fn lognormal(
    est: &Estimate,
    what: &str,
    check: impl Fn(&str, f64) -> Result<f64, String>,
) -> Result<Sampler, String> {
    let positive = |name: &str, v: f64| -> Result<f64, String> {
        let v = check(name, v)?;
        if v > 0.0 {
            Ok(v)
        } else {
            Err(format!("a lognormal {what} needs a positive `{name}`"))
        }
    };
    let (mu, sigma) = if let (Some(p10), Some(p90)) = (est.p10, est.p90) {
        let (p10, p90) = (positive("p10", p10)?, positive("p90", p90)?);
        if !(p10 < p90) {
            return Err(format!(
                "a lognormal {what} needs p10 < p90 (got {p10} and {p90})"
            ));
        }
        (
            (p10.ln() + p90.ln()) / 2.0,
            (p90.ln() - p10.ln()) / (2.0 * Z90),
        )
    } else if let (Some(mean), Some(sd)) = (est.mean, est.sd) {
        let (mean, sd) = (positive("mean", mean)?, positive("sd", sd)?);
        // From the ratio: `sd * sd / (mean * mean)` is inf / inf = NaN for large values.
        let cv = sd / mean;
        let s2 = (cv * cv).ln_1p();
        (mean.ln() - s2 / 2.0, s2.sqrt())
    } else if let (Some(min), Some(max)) = (est.min, est.max) {
        let (min, max) = (positive("min", min)?, positive("max", max)?);
        if !(min < max) {
            return Err(format!(
                "a lognormal {what} needs min < max (got {min} and {max})"
            ));
        }
        (
            (min.ln() + max.ln()) / 2.0,
            (max.ln() - min.ln()) / (2.0 * Z95),
        )
    } else {
        return Err(format!(
            "a lognormal {what} needs `p10` and `p90`, or `mean` and `sd`, or `min`, `likely` and `max`"
        ));
    };
    if !(mu.is_finite() && sigma.is_finite() && mu.exp().is_finite()) {
        return Err(format!(
            "a lognormal {what} this wide or this large cannot be computed with (log-scale median {mu}, sd {sigma}); narrow its range"
        ));
    }
    let likely = match est.likely {
        Some(l) => check("likely", l)?,
        None => mu.exp(),
    };
    Ok(Sampler::LogNormal { mu, sigma, likely })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use statrs::function::beta::beta_reg;

    /// x with I_x(a, b) = p, by bisection on the regularized incomplete beta function until
    /// the interval stops shrinking (far below 1e-12). Above 1/2, from I_x(a, b) =
    /// 1 - I_{1-x}(b, a): near 1, I_x(a, b) itself rounds to 1.
    fn exact_beta_quantile(a: f64, b: f64, p: f64) -> f64 {
        if p > 0.5 {
            return 1.0 - exact_beta_quantile(b, a, 1.0 - p);
        }
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        loop {
            let mid = 0.5 * (lo + hi);
            if !(mid > lo && mid < hi) {
                return mid;
            }
            if beta_reg(a, b, mid) < p {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }

    /// The Beta parameters of PERT(min, mode, max) (lambda 4).
    fn pert_shape(min: f64, mode: f64, max: f64) -> (f64, f64) {
        let r = (mode - min) / (max - min);
        (1.0 + 4.0 * r, 1.0 + 4.0 * (1.0 - r))
    }

    /// The exact p-quantile of PERT(min, mode, max).
    fn exact_pert_quantile(min: f64, mode: f64, max: f64, p: f64) -> f64 {
        let (a, b) = pert_shape(min, mode, max);
        min + (max - min) * exact_beta_quantile(a, b, p)
    }

    /// The probabilities at which every PERT quantile is checked: the tails down to 1e-9
    /// on both sides, and a grid through the body.
    fn checked_probabilities() -> Vec<f64> {
        let mut ps = vec![
            1e-9,
            1e-6,
            1e-4,
            1e-3,
            0.01,
            0.5,
            0.99,
            0.999,
            1.0 - 1e-4,
            1.0 - 1e-6,
            1.0 - 1e-9,
        ];
        ps.extend((1..200).map(|i| i as f64 / 200.0 - 0.0013));
        ps
    }

    #[test]
    fn pert_quantiles_are_within_a_millionth_of_the_range_of_the_exact_ones() {
        for r in [
            0.0,
            1e-3,
            0.05,
            0.123,
            0.2,
            0.25,
            1.0 / 3.0,
            0.5,
            0.61,
            0.777,
            0.9,
            0.999,
            1.0,
        ] {
            let (min, max) = (5.0, 20.0);
            let mode = min + r * (max - min);
            let s = Sampler::pert(min, mode, max);
            for p in checked_probabilities() {
                let exact = exact_pert_quantile(min, mode, max, p);
                let got = s.quantile(p);
                assert!(
                    (got - exact).abs() <= 1e-6 * (max - min),
                    "PERT({min}, {mode}, {max}) at p = {p}: {got} vs exact {exact}"
                );
            }
        }
    }

    #[test]
    fn pert_5_8_20_has_its_99_99th_percentile_at_18_78() {
        let exact = exact_pert_quantile(5.0, 8.0, 20.0, 0.9999);
        assert!((exact - 18.78).abs() < 0.005, "{exact}");
        let got = Sampler::pert(5.0, 8.0, 20.0).quantile(0.9999);
        assert!((got - exact).abs() <= 1e-6 * 15.0, "{got} vs {exact}");
    }

    #[test]
    fn pert_8_12_25_puts_the_exact_mass_beyond_24() {
        let (min, mode, max) = (8.0, 12.0, 25.0);
        let (a, b) = pert_shape(min, mode, max);
        // P(X > 24) = I_{1/17}(b, a): the upper tail of Beta(a, b) is the lower tail of Beta(b, a).
        let beyond = beta_reg(b, a, (max - 24.0) / (max - min));
        assert!((beyond - 4.5e-5).abs() < 0.05e-5, "{beyond}");
        let s = Sampler::pert(min, mode, max);
        // The sampler's own quantile function puts that mass beyond 24 ...
        let at = s.quantile(1.0 - beyond);
        assert!((at - 24.0).abs() <= 1e-6 * (max - min), "{at}");
        // ... and the exact mass beyond each of its upper quantiles.
        for p in [1e-3, 1e-4, 1e-5] {
            let exact = exact_pert_quantile(min, mode, max, 1.0 - p);
            let got = s.quantile(1.0 - p);
            assert!(
                (got - exact).abs() <= 1e-6 * (max - min),
                "at 1 - {p}: {got} vs exact {exact}"
            );
        }
    }

    /// Uniforms in (0, 1) from a seeded generator, as the engine draws them.
    fn uniforms(seed: u64) -> impl FnMut() -> f64 {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        move || ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    #[test]
    fn pert_draws_beyond_exact_tail_quantiles_are_as_many_as_the_tail_mass() {
        // N draws: the count beyond the exact (1 - p)-quantile is Binomial(N, p).
        const N: usize = 4_000_000;
        for (seed, (min, mode, max)) in [(8.0, 12.0, 25.0), (5.0, 8.0, 20.0), (5.0, 5.0, 20.0)]
            .into_iter()
            .enumerate()
        {
            let s = Sampler::pert(min, mode, max);
            let mut next = uniforms(40 + seed as u64);
            let draws: Vec<f64> = (0..N).map(|_| s.quantile(next())).collect();
            for p in [1e-3, 1e-4] {
                for (side, q) in [
                    ("above", exact_pert_quantile(min, mode, max, 1.0 - p)),
                    ("below", exact_pert_quantile(min, mode, max, p)),
                ] {
                    let count = draws
                        .iter()
                        .filter(|&&x| if side == "above" { x > q } else { x < q })
                        .count() as f64;
                    let (expected, se) = (N as f64 * p, (N as f64 * p * (1.0 - p)).sqrt());
                    assert!(
                        (count - expected).abs() <= 4.0 * se,
                        "PERT({min}, {mode}, {max}): {count} draws {side} the exact {p} tail quantile {q}, expected {expected} +- {}",
                        4.0 * se
                    );
                }
            }
        }
    }

    #[test]
    fn pert_sampled_mean_and_sd_match_the_closed_forms() {
        // 4,000,000 draws: the standard errors are half those at 1,000,000, so that a bias of
        // a few standard errors at a million draws (such as straight lines between the points
        // of a quantile table give the sd of PERT(5, 5, 20)) shows here.
        const N: usize = 4_000_000;
        for (seed, (min, mode, max)) in [
            (5.0, 5.0, 20.0),
            (5.0, 8.0, 20.0),
            (8.0, 12.0, 25.0),
            (0.0, 10.0, 40.0),
            (5.0, 20.0, 20.0),
        ]
        .into_iter()
        .enumerate()
        {
            let s = Sampler::pert(min, mode, max);
            let (mean, var) = (s.mean(), s.variance());
            assert!((mean - (min + 4.0 * mode + max) / 6.0).abs() < 1e-12);
            assert!((var - (mean - min) * (max - mean) / 7.0).abs() < 1e-12);
            // The fourth central moment from the raw moments of Beta(a, b):
            // E[B^k] = prod_{i < k} (a + i)/(a + b + i).
            let (a, b) = pert_shape(min, mode, max);
            let raw = |k: i32| {
                (0..k)
                    .map(|i| (a + i as f64) / (a + b + i as f64))
                    .product::<f64>()
            };
            let m = raw(1);
            let m4 = (raw(4) - 4.0 * m * raw(3) + 6.0 * m * m * raw(2) - 3.0 * m.powi(4))
                * (max - min).powi(4);
            let mut next = uniforms(60 + seed as u64);
            let draws: Vec<f64> = (0..N).map(|_| s.quantile(next())).collect();
            let n = N as f64;
            let got_mean = draws.iter().sum::<f64>() / n;
            let got_var = draws.iter().map(|x| (x - got_mean).powi(2)).sum::<f64>() / (n - 1.0);
            let se_mean = (var / n).sqrt();
            // se(s^2) = sqrt((mu4 - sigma^4)/n); se(s) = se(s^2)/(2 sigma).
            let se_sd = ((m4 - var * var) / n).sqrt() / (2.0 * var.sqrt());
            assert!(
                (got_mean - mean).abs() <= 4.0 * se_mean,
                "PERT({min}, {mode}, {max}): mean {got_mean} vs {mean} (se {se_mean})"
            );
            assert!(
                (got_var.sqrt() - var.sqrt()).abs() <= 4.0 * se_sd,
                "PERT({min}, {mode}, {max}): sd {} vs {} (se {se_sd})",
                got_var.sqrt(),
                var.sqrt()
            );
        }
    }

    #[test]
    fn normal_quantile_inverts_the_cdf() {
        for p in [1e-6, 0.01, 0.1, 0.5, 0.9, 0.975, 1.0 - 1e-6] {
            assert!((norm_cdf(norm_quantile(p)) - p).abs() < 1e-12 * p.max(1e-3) * 1e3);
        }
        assert!((norm_quantile(0.9) - Z90).abs() < 1e-12);
    }

    #[test]
    fn triangular_quantile_hits_its_ends_and_mode() {
        let s = Sampler::triangular(2.0, 5.0, 11.0);
        assert_eq!(s.quantile(0.0), 2.0);
        assert!((s.quantile(1.0) - 11.0).abs() < 1e-12);
        assert!((s.quantile(3.0 / 9.0) - 5.0).abs() < 1e-12);
    }

    #[test]
    fn disorder_and_bad_numbers_are_rejected_with_the_fix() {
        let levels = crate::scenario::risk_table::defaults();
        let est = Estimate {
            min: Some(9.0),
            likely: Some(5.0),
            max: Some(20.0),
            ..Default::default()
        };
        let e = from_estimate(&est, &levels, "duration").unwrap_err();
        assert!(e.contains("min <= likely <= max"), "{e}");
        let e = from_estimate(&Estimate::fixed(-1.0), &levels, "duration").unwrap_err();
        assert!(e.contains("negative"), "{e}");
        let e = from_estimate(&Estimate::fixed(f64::NAN), &levels, "duration").unwrap_err();
        assert!(e.contains("finite"), "{e}");
        let est = Estimate {
            likely: Some(5.0),
            risk: Some("hihg".into()),
            ..Default::default()
        };
        let e = from_estimate(&est, &levels, "duration").unwrap_err();
        assert!(e.contains("did you mean `high`"), "{e}");
    }

    #[test]
    fn a_lognormal_from_a_large_mean_and_sd_keeps_its_mean_and_never_gives_nan() {
        let levels = crate::scenario::risk_table::defaults();
        let est = |mean: f64, sd: f64| Estimate {
            mean: Some(mean),
            sd: Some(sd),
            dist: Some("lognormal".into()),
            ..Default::default()
        };
        let s = from_estimate(&est(1e300, 1e300), &levels, "duration").unwrap();
        assert!((s.mean() / 1e300 - 1.0).abs() < 1e-9, "{s:?}");
        assert!(s.quantile(0.5).is_finite(), "{s:?}");
        // A coefficient of variation too large to compute with is an error, not NaN draws.
        let e = from_estimate(&est(1e-300, 1e300), &levels, "duration").unwrap_err();
        assert!(e.contains("narrow its range"), "{e}");
    }

    #[test]
    fn risk_level_scales_the_table_fractions() {
        let levels = crate::scenario::risk_table::defaults();
        let est = Estimate {
            likely: Some(10.0),
            risk: Some("high".into()),
            ..Default::default()
        };
        match from_estimate(&est, &levels, "duration").unwrap() {
            Sampler::Pert { min, mode, max, .. } => assert_eq!((min, mode, max), (8.0, 10.0, 20.0)),
            other => panic!("expected PERT, got {other:?}"),
        }
    }
}
