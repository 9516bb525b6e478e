//! Distributions of durations, costs and hours, built once with their parameters checked and
//! precomputed, sampled by inverse CDF from one uniform number. Inverse-CDF sampling is what
//! lets correlation (a Gaussian copula) and Latin hypercube sampling keep each input's own
//! distribution, and it makes a draw a few arithmetic operations.
//!
//! Beta-PERT has no closed-form quantile. Its shape depends only on where the mode sits,
//! r = (mode - min)/(max - min), so one shared table holds the quantile function of
//! Beta(1 + 4r, 1 + 4(1 - r)) for 33 shapes (r = 0, 1/32, ..., 1) at 1,025 probabilities,
//! computed once from a fine numerical integration of the density (exact at its knots to
//! about 1e-7). A draw interpolates linearly in probability and in shape. The table is small
//! enough (135 KB) to stay in cache, which matters: a thousand tasks with a table each spend
//! most of a simulation waiting for memory. Interpolating in r keeps the mean linear in r, as
//! it is; straight lines across the steep end cells of the quantile function put the sampled
//! mean about 1e-5 of the range (max - min) above the closed form, and the standard deviation
//! within 1e-4 of its own: far inside Monte Carlo error, which the tests check against the
//! closed forms. The variance of Beta-PERT is
//! `(mean - min)(max - mean)/7`, not the textbook `((max - min)/6)^2`: a symmetric estimate
//! has `(max - min)^2/28`, and the two agree only when the mean sits near 26% or 74% of the
//! way from min to max.

use std::sync::{Arc, OnceLock};

use statrs::function::erf::{erfc, erfc_inv};

use crate::error::DidYouMean;
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
        /// The shared table's rows for the two grid shapes around r.
        lower: &'static [f32],
        upper: &'static [f32],
        /// Weight of `upper`: where r falls between the two grid shapes.
        weight: f64,
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

/// Number of probability intervals in a row of the PERT table.
const PERT_TABLE: usize = 1024;
/// Number of shape intervals of the PERT table (r from 0 to 1).
const PERT_SHAPES: usize = 32;

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
            Sampler::Pert {
                min,
                max,
                lower,
                upper,
                weight,
                ..
            } => {
                let x = u * PERT_TABLE as f64;
                let i = (x as i64 as usize).min(PERT_TABLE - 1);
                let f = x - i as f64;
                let at = |t: &[f32]| t[i] as f64 + (t[i + 1] as f64 - t[i] as f64) * f;
                let b0 = at(lower);
                let b = b0 + (at(upper) - b0) * weight;
                min + (max - min) * b
            }
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

    /// The mean of the distribution (for PERT, the closed form; the sampled table is within
    /// about 1e-5 of the range of it).
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
                lower,
                upper,
                weight,
            } => Sampler::Pert {
                min: min * k,
                mode: mode * k,
                max: max * k,
                lower,
                upper,
                weight: *weight,
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
        let x = r * PERT_SHAPES as f64;
        let k = (x as usize).min(PERT_SHAPES - 1);
        let table = pert_table();
        let row = |k: usize| &table[k * (PERT_TABLE + 1)..(k + 1) * (PERT_TABLE + 1)];
        Sampler::Pert {
            min,
            mode,
            max,
            lower: row(k),
            upper: row(k + 1),
            weight: x - k as f64,
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

/// The shared PERT table: row k is the quantile function of the PERT shape r = k/PERT_SHAPES
/// at `PERT_TABLE + 1` equally spaced probabilities.
fn pert_table() -> &'static [f32] {
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=PERT_SHAPES)
            .flat_map(|k| {
                let r = k as f64 / PERT_SHAPES as f64;
                compute_beta_quantiles(1.0 + 4.0 * r, 1.0 + 4.0 * (1.0 - r))
                    .into_iter()
                    .map(|q| q as f32)
            })
            .collect()
    })
}

/// Integrates the density on a fine grid (Simpson's rule on each cell, in a variable that
/// removes the endpoint singularity of the density's derivative) and inverts the CDF.
fn compute_beta_quantiles(alpha: f64, beta: f64) -> Vec<f64> {
    // Grid: x = s^2 (3 - 2s), a smooth map of [0,1] onto itself with zero slope at both ends,
    // so the integrand x'(s) f(x(s)) behaves like s^(2 alpha - 1) near 0: smooth for alpha >= 1.
    const CELLS: usize = 16_384;
    let map = |s: f64| s * s * (3.0 - 2.0 * s);
    let dmap = |s: f64| 6.0 * s * (1.0 - s);
    let density = |s: f64| {
        let x = map(s);
        if x <= 0.0 || x >= 1.0 {
            return 0.0;
        }
        ((alpha - 1.0) * x.ln() + (beta - 1.0) * (1.0 - x).ln()).exp() * dmap(s)
    };
    let h = 1.0 / CELLS as f64;
    let mut cdf = Vec::with_capacity(CELLS + 1);
    cdf.push(0.0);
    let mut acc = 0.0;
    let mut left = density(0.0);
    for k in 0..CELLS {
        let s0 = k as f64 * h;
        let mid = density(s0 + h / 2.0);
        let right = density(s0 + h);
        acc += h / 6.0 * (left + 4.0 * mid + right);
        cdf.push(acc);
        left = right;
    }
    let total = acc;
    let mut table = Vec::with_capacity(PERT_TABLE + 1);
    table.push(0.0);
    let mut k = 0;
    for i in 1..PERT_TABLE {
        let target = i as f64 / PERT_TABLE as f64 * total;
        while cdf[k + 1] < target {
            k += 1;
        }
        // Inverse within the cell by linear interpolation in s.
        let f = (target - cdf[k]) / (cdf[k + 1] - cdf[k]);
        table.push(map((k as f64 + f) * h));
    }
    table.push(1.0);
    table
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
                DidYouMean(
                    crate::model::did_you_mean(level_name, known.iter().copied()).as_deref()
                )
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
            DidYouMean(
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
                .as_deref()
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

    #[test]
    fn pert_table_is_monotone_and_spans_the_unit_interval() {
        let t = compute_beta_quantiles(1.8, 4.2);
        assert_eq!(t.len(), PERT_TABLE + 1);
        assert_eq!((t[0], t[PERT_TABLE]), (0.0, 1.0));
        assert!(t.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn pert_table_matches_a_closed_form_beta_cdf() {
        // Beta(2, 1): F(x) = x^2, so the quantile at p is sqrt(p).
        let t = compute_beta_quantiles(2.0, 1.0);
        for i in [1, 100, 512, 1000, PERT_TABLE - 1] {
            let p = i as f64 / PERT_TABLE as f64;
            assert!(
                (t[i] - p.sqrt()).abs() < 1e-6,
                "at p = {p}: {} vs {}",
                t[i],
                p.sqrt()
            );
        }
        // Beta(1, 1) is uniform.
        let u = compute_beta_quantiles(1.0, 1.0);
        assert!((u[PERT_TABLE / 4] - 0.25).abs() < 1e-9);
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
