//! Unit tests of the bound on a run's interruptions: the estimate compiling checks against
//! `MAX_INTERRUPTIONS`, and the cap that ends any run.

use super::tests::{run, spot, stats};
use super::*;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

#[test]
fn expected_interruptions_are_exact_for_exponential_lifetimes() {
    // (lambda, tau, C, R, W): short and long segments, with and without restarts; W a whole
    // number of segments, as the closed form assumes.
    let sets = [
        (0.3, 0.5, 0.03, 0.08, 20.0),
        (0.7, 1.0, 0.1, 0.25, 10.0),
        (1.5, 2.0, 0.2, 0.5, 8.0),
        (0.1, 0.01, 0.001, 1.0, 5.0),
    ];
    let n = 100_000;
    for (i, &(lambda, tau, c, r, w)) in sets.iter().enumerate() {
        let sim = run(&spot(lambda, tau, c, r, 0.0));
        let (mean, sd) = stats(&sim, w, n, 31 + i as u64, |o| f64::from(o.interruptions));
        let expected = sim.expected_interruptions(w);
        let se = sd / (n as f64).sqrt();
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "set {i}: {mean} interruptions vs {expected} expected (se {se})"
        );
    }
    // On-demand and never-interrupted Spot expect none.
    assert_eq!(
        run(&spot(0.0, 1.0, 0.1, 0.1, 0.0)).expected_interruptions(100.0),
        0.0
    );
    let mut on_demand = spot(0.5, 1.0, 0.1, 0.1, 0.0);
    on_demand.interruptions = Interruptions::None;
    assert_eq!(run(&on_demand).expected_interruptions(100.0), 0.0);
}

#[test]
fn expected_interruptions_of_weibull_lifetimes_are_the_renewal_count() {
    // Heavy-tailed (0.6) and wearing-out (2.5) lifetimes with a mean of 2 hours: tiny free
    // checkpoints (the integral form), short ones and long ones (the sum). Wald's identity
    // leaves out the first instance's missing restart and the last one's unused segments:
    // together less than 1 + E[J^2] / (2 E[J]^2) instances, under 3 for these shapes (whose
    // lifetimes' coefficient of variation is at most 1.76).
    let n = 20_000;
    for shape in [0.6, 2.5] {
        for (tau, c, r) in [(1e-6, 0.0, 0.1), (0.2, 0.02, 0.1), (2.0, 0.1, 0.2)] {
            let mut s = spot(0.0, tau, c, r, 0.0);
            s.interruptions = Interruptions::weibull(shape, 2.0).unwrap();
            let sim = run(&s);
            let w = 40.0;
            let (mean, sd) = stats(&sim, w, n, 7, |o| f64::from(o.interruptions));
            let expected = sim.expected_interruptions(w);
            let se = sd / (n as f64).sqrt();
            assert!(
                (mean - expected).abs() < 4.0 * se + 3.0,
                "shape {shape}, tau {tau}: {mean} interruptions vs {expected} expected (se {se})"
            );
        }
    }
}

#[test]
fn checkpoints_that_swamp_the_work_expect_their_own_interruptions() {
    // 100 hours of work checkpointed every 1e-9 hours for 0.01 hours: 1e9 running hours,
    // about 1e8 interruptions at one every 10 hours, though the work alone would meet 10.
    let sim = run(&spot(0.1, 1e-9, 0.01, 0.0, 0.0));
    let expected = sim.expected_interruptions(100.0);
    assert!((expected / 1e8 - 1.0).abs() < 1e-3, "{expected}");
    // Free checkpoints, however frequent, cost nothing.
    let free = run(&spot(0.1, 1e-9, 0.0, 0.0, 0.0));
    assert!((free.expected_interruptions(100.0) / 10.0 - 1.0).abs() < 1e-3);
}

#[test]
fn no_run_goes_past_the_most_interruptions_a_run_may_take() {
    // A billion hours of work at one interruption an hour: the run stops on Spot at the cap
    // and finishes on-demand from its last checkpoint, instead of looping a billion times.
    let sim = run(&spot(1.0, 0.5, 0.0, 0.0, 0.0));
    let mut rng = Pcg64Mcg::seed_from_u64(3);
    let o = sim.simulate_run(1e9, &mut rng);
    assert_eq!(o.interruptions, MAX_RUN_INTERRUPTIONS);
    assert!(o.switched_to_on_demand);
    assert!(o.wall_hours >= 1e9 && o.wall_hours.is_finite());
}

#[test]
fn more_segments_than_a_float_counts_exactly_add_up_without_overflow() {
    // 1e300 hours in 1-hour segments: the segment count saturates at u64::MAX, and skipping
    // whole segments stops exactly at the last one.
    let r = run(&spot(0.0, 1.0, 0.0, 0.0, 0.0));
    let hours = r.on_demand_wall_hours(1e300);
    assert!(hours >= 1e300 && hours.is_finite(), "{hours}");
}
