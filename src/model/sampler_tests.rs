//! Unit tests of the samplers: every distribution's moments and quantiles against its closed form,
//! Beta-PERT's tails included.

use super::*;
use rand::{Rng, SeedableRng};
use statrs::function::beta::beta_reg;

use crate::model::beta::exact_quantile as exact_beta_quantile;
use crate::model::limits::{self, Limit};
use crate::scenario::Estimate;

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
    let e = from_estimate(&est, &levels, "duration", &limits::DAYS).unwrap_err();
    assert!(e.contains("min <= likely <= max"), "{e}");
    let e = from_estimate(&Estimate::fixed(-1.0), &levels, "duration", &limits::DAYS).unwrap_err();
    assert!(e.contains("negative"), "{e}");
    let e = from_estimate(
        &Estimate::fixed(f64::NAN),
        &levels,
        "duration",
        &limits::DAYS,
    )
    .unwrap_err();
    assert!(e.contains("finite"), "{e}");
    let est = Estimate {
        likely: Some(5.0),
        risk: Some("hihg".into()),
        ..Default::default()
    };
    let e = from_estimate(&est, &levels, "duration", &limits::DAYS).unwrap_err();
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
    // Beyond any scenario's limits: the arithmetic alone.
    let any = Limit {
        max: f64::MAX,
        unit: "",
        note: "",
    };
    let s = from_estimate(&est(1e300, 1e300), &levels, "duration", &any).unwrap();
    assert!((s.mean() / 1e300 - 1.0).abs() < 1e-9, "{s:?}");
    assert!(s.quantile(0.5).is_finite(), "{s:?}");
    // A coefficient of variation too large to compute with is an error, not NaN draws.
    let e = from_estimate(&est(1e-300, 1e300), &levels, "duration", &any).unwrap_err();
    assert!(e.contains("narrow its range"), "{e}");
}

#[test]
fn values_and_far_draws_beyond_the_limit_are_refused_with_it() {
    let levels = crate::scenario::risk_table::defaults();
    let e = from_estimate(&Estimate::fixed(1e308), &levels, "duration", &limits::DAYS).unwrap_err();
    assert_eq!(
        e,
        "duration `value` is 1e308 days, beyond the limit of 2,958,464 days (the 8,100 years from 1900 to 9999); correct it"
    );
    let three = |min, likely, max| Estimate {
        min: Some(min),
        likely: Some(likely),
        max: Some(max),
        ..Default::default()
    };
    let at = limits::DAYS.max;
    let days = |e: &Estimate| from_estimate(e, &levels, "duration", &limits::DAYS);
    assert!(days(&three(1.0, 2.0, at)).is_ok());
    let e = days(&three(1.0, 2.0, at + 1.0)).unwrap_err();
    assert!(e.starts_with("duration `max` is 2,958,465 days"), "{e}");
    // Within the limit value by value, beyond it in the far tail.
    let wide = Estimate {
        p10: Some(1.0),
        p90: Some(1000.0),
        dist: Some("lognormal".into()),
        ..Default::default()
    };
    let e = from_estimate(&wide, &levels, "duration", &limits::DAYS).unwrap_err();
    assert!(
        e.starts_with("this duration reaches ") && e.contains("in its longest draws"),
        "{e}"
    );
    // A risk level's max times `likely`.
    let high = Estimate {
        likely: Some(2e6),
        risk: Some("high".into()),
        ..Default::default()
    };
    assert!(from_estimate(&high, &levels, "duration", &limits::DAYS).is_err());
    assert!(from_estimate(&high, &levels, "cost", &limits::MONEY).is_ok());
}

#[test]
fn risk_level_scales_the_table_fractions() {
    let levels = crate::scenario::risk_table::defaults();
    let est = Estimate {
        likely: Some(10.0),
        risk: Some("high".into()),
        ..Default::default()
    };
    match from_estimate(&est, &levels, "duration", &limits::DAYS).unwrap() {
        Sampler::Pert { min, mode, max, .. } => assert_eq!((min, mode, max), (8.0, 10.0, 20.0)),
        other => panic!("expected PERT, got {other:?}"),
    }
}

#[test]
fn an_estimate_mixing_forms_is_refused_naming_what_it_would_ignore() {
    let levels = crate::scenario::risk_table::defaults();
    let est = |f: &dyn Fn(&mut Estimate)| {
        let mut e = Estimate::default();
        f(&mut e);
        from_estimate(&e, &levels, "duration", &limits::DAYS)
    };
    let e = est(&|e| {
        e.fixed = Some(5.0);
        e.likely = Some(4.0);
    })
    .unwrap_err();
    assert_eq!(
        e,
        "this duration is a known `value`, which does not use `likely`; write one form of estimate and remove the rest"
    );
    let e = est(&|e| {
        e.mean = Some(5.0);
        e.sd = Some(1.0);
        e.min = Some(2.0);
        e.max = Some(9.0);
    })
    .unwrap_err();
    assert!(
        e.contains("a normal distribution, which does not use `min`, `max`"),
        "{e}"
    );
    let e = est(&|e| {
        e.likely = Some(5.0);
        e.risk = Some("high".into());
        e.dist = Some("uniform".into());
    })
    .unwrap_err();
    assert!(
        e.contains("a `risk` level, which does not use `dist`"),
        "{e}"
    );
    let e = est(&|e| {
        e.dist = Some("lognormal".into());
        e.p10 = Some(2.0);
        e.p90 = Some(8.0);
        e.mean = Some(4.0);
    })
    .unwrap_err();
    assert!(e.contains("does not use `mean`"), "{e}");
    // One form, whole, is fine.
    assert!(
        est(&|e| {
            e.dist = Some("lognormal".into());
            e.min = Some(2.0);
            e.likely = Some(3.0);
            e.max = Some(8.0);
        })
        .is_ok()
    );
    assert!(
        est(&|e| {
            e.values = Some(vec![1.0, 2.0]);
            e.weights = Some(vec![1.0, 3.0]);
        })
        .is_ok()
    );
}
