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

    /// `out[k] = self.quantile(u[k])` for every k: the distribution is matched once, and the
    /// loop runs over the lanes of a block.
    #[inline]
    pub fn quantiles(&self, u: &[f64], out: &mut [f64]) {
        match self {
            Sampler::Fixed(v) => out.fill(*v),
            Sampler::Pert { min, max, beta, .. } => {
                let range = max - min;
                for (o, &x) in out.iter_mut().zip(u) {
                    *o = min + range * beta.quantile(x);
                }
            }
            _ => {
                for (o, &x) in out.iter_mut().zip(u) {
                    *o = self.quantile(x);
                }
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

#[path = "sampler_build.rs"]
mod build;
pub use build::from_estimate;

#[cfg(test)]
#[path = "sampler_tests.rs"]
mod tests;
