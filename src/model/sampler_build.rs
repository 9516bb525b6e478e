//! Building a sampler from an estimate as the scenario writes it: which form it is, whether
//! its fields fit together and lie within their limit, and the distribution's parameters.

use std::collections::BTreeMap;

use super::{Sampler, Z90, Z95, norm_cdf};
use crate::error::DidYouMean;
use crate::model::estimate_forms::only;
use crate::model::limits::{self, Limit};
use crate::scenario::Estimate;
use crate::scenario::risk_table::Level;

/// Builds a sampler from an estimate as written. `what` names the quantity in messages
/// ("duration", "hours", "cost"). Errors are one sentence saying what to change.
///
/// Every value, and the draw that is exceeded once in [`limits::TAIL`] draws, must lie within
/// `limit` (a task's estimate in days, compute hours, money, ...).
pub fn from_estimate(
    est: &Estimate,
    levels: &BTreeMap<String, Level>,
    what: &str,
    limit: &Limit,
) -> Result<Sampler, String> {
    let sampler = build(est, levels, what, limit)?;
    let top = sampler.quantile(1.0 - limits::TAIL);
    if !(top <= limit.max) {
        return Err(format!(
            "this {what} reaches {} {} in its longest draws (one in a billion), beyond the limit of {limit}; narrow its range",
            limits::figure(top),
            limit.unit
        ));
    }
    Ok(sampler)
}

fn build(
    est: &Estimate,
    levels: &BTreeMap<String, Level>,
    what: &str,
    limit: &Limit,
) -> Result<Sampler, String> {
    let check = |name: &str, v: f64| -> Result<f64, String> {
        if !v.is_finite() {
            Err(format!("{what} `{name}` must be a finite number, not {v}"))
        } else if v < 0.0 {
            Err(format!("{what} `{name}` must not be negative (got {v})"))
        } else {
            let limit = if name == "weights" {
                &limits::WEIGHT
            } else {
                limit
            };
            limits::check(v, limit).map_err(|m| format!("{what} `{name}` {m}; correct it"))
        }
    };
    if let Some(v) = est.fixed {
        only(est, &[], what, "a known `value`")?;
        return Ok(Sampler::Fixed(check("value", v)?));
    }
    if let Some(level_name) = &est.risk {
        only(
            est,
            &["risk", "likely", "min", "max"],
            what,
            "a `risk` level",
        )?;
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
    let form = format!("a {dist} distribution");
    let allowed: &[&str] = match dist {
        "normal" => &["dist", "mean", "sd"],
        "discrete" => &["dist", "values", "weights"],
        "fixed" => &["dist", "likely", "mean"],
        "lognormal" if est.p10.is_some() || est.p90.is_some() => &["dist", "p10", "p90"],
        "lognormal" if est.mean.is_some() || est.sd.is_some() => &["dist", "mean", "sd"],
        "lognormal" => &["dist", "min", "likely", "max"],
        _ => &["dist", "min", "likely", "max"],
    };
    only(est, allowed, what, &form)?;
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
