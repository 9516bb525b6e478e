//! Unit tests of the Spot / on-demand run simulator against closed forms (kept apart so that
//! `run.rs` reads as the model it implements).

use super::*;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// A Spot run with exponential interruptions, a fixed interval, capacity always there.
pub(super) fn spot(rate: f64, tau: f64, c: f64, r: f64, d: f64) -> ComputeSpec {
    ComputeSpec {
        count: 1,
        interruptions: Interruptions::Exponential {
            rate_per_hour: rate,
        },
        gang: Gang::Bulk,
        capacity: Capacity::always(),
        notice_hours: 0.0,
        checkpoint_every: CheckpointInterval::Fixed { hours: tau },
        checkpoint_hours: c,
        restart_hours: r,
        downtime_hours: d,
        fallback: Fallback::KeepWaiting,
    }
}

pub(super) fn run(spec: &ComputeSpec) -> ComputeRun {
    ComputeRun::new(spec).expect("valid spec")
}

/// Mean and standard deviation of `f` over `n` runs.
pub(super) fn stats(
    r: &ComputeRun,
    work: f64,
    n: usize,
    seed: u64,
    f: impl Fn(&RunOutcome) -> f64,
) -> (f64, f64) {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let (mut s, mut s2) = (0.0, 0.0);
    for _ in 0..n {
        let x = f(&r.simulate_run(work, &mut rng));
        s += x;
        s2 += x * x;
    }
    let mean = s / n as f64;
    (
        mean,
        ((s2 / n as f64 - mean * mean).max(0.0) * n as f64 / (n - 1) as f64).sqrt(),
    )
}

fn bougeret(w: f64, lambda: f64, tau: f64, c: f64, r: f64, d: f64) -> f64 {
    (w / tau) * (lambda * r).exp() * (1.0 / lambda + d) * ((lambda * (tau + c)).exp() - 1.0)
}

#[test]
fn exponential_mean_wall_time_matches_bougeret() {
    // (lambda, tau, C, R, D, W)
    let sets = [
        (0.3, 0.5, 0.03, 0.08, 0.08, 20.0),
        (0.7, 1.0, 0.1, 0.25, 0.5, 10.0),
        (0.1, 2.0, 0.2, 0.3, 1.0, 40.0),
        (1.5, 0.25, 0.05, 0.1, 0.0, 5.0),
        (0.5, 0.4, 0.0, 0.0, 0.2, 8.0),
        (2.0, 1.0, 0.3, 0.5, 0.25, 3.0),
    ];
    let n = 200_000;
    for (i, &(lambda, tau, c, r, d, w)) in sets.iter().enumerate() {
        let sim = run(&spot(lambda, tau, c, r, d));
        let (mean, sd) = stats(&sim, w, n, 11 + i as u64, |o| o.wall_hours);
        let expected = bougeret(w, lambda, tau, c, r, d);
        let se = sd / (n as f64).sqrt();
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "set {i}: mean {mean} vs E[T] {expected} (se {se})"
        );
        // Billing: everything but the downtime runs an instance.
        let mut rng = Pcg64Mcg::seed_from_u64(5);
        for _ in 0..1000 {
            let o = sim.simulate_run(w, &mut rng);
            let billed = o.wall_hours - d * f64::from(o.interruptions);
            assert!((o.billed_spot_hours - billed).abs() < 1e-9 * o.wall_hours);
            assert_eq!(o.billed_on_demand_hours, 0.0);
            assert_eq!(o.useful_hours, w);
        }
    }
}

#[test]
fn spot_without_interruptions_equals_on_demand() {
    let prices = Prices::new(3.06, 0.92).unwrap();
    for (tau, c, w, count) in [
        (0.5, 0.03, 20.0, 1),
        (0.5, 0.03, 7.3, 4),
        (3.0, 0.2, 10.0, 2),
        (0.1, 0.01, 0.7, 1),
        (100.0, 0.5, 12.0, 8),
    ] {
        let mut s = spot(0.0, tau, c, 0.1, 0.1);
        s.count = count;
        let sp = run(&s);
        let od = run(&s.as_on_demand());
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        let a = sp.simulate_run(w, &mut rng);
        let b = od.simulate_run(w, &mut rng);
        assert_eq!(a.wall_hours, b.wall_hours);
        assert_eq!(a.billed_spot_hours, b.billed_on_demand_hours);
        assert_eq!((a.billed_on_demand_hours, b.billed_spot_hours), (0.0, 0.0));
        assert_eq!(a.interruptions, 0);
        let segments = (w / tau - 1e-9).ceil().max(1.0);
        assert!((b.wall_hours - (w + segments * c)).abs() < 1e-9);
        assert_eq!(b.wall_hours, od.on_demand_wall_hours(w));
        let n = f64::from(count);
        assert!((b.billed_on_demand_hours - b.wall_hours * n).abs() < 1e-12 * b.wall_hours);
        let (sc, oc) = (prices.cost(&a), prices.cost(&b));
        assert!((sc - oc * 0.92 / 3.06).abs() < 1e-9 * oc);
    }
    // `auto` with no interruptions: one segment, on both.
    let mut s = spot(0.0, 1.0, 0.1, 0.0, 0.0);
    s.checkpoint_every = CheckpointInterval::Auto;
    let (a, b) = (run(&s), run(&s.as_on_demand()));
    assert_eq!(a.checkpoint_interval_hours(), INF);
    let mut rng = Pcg64Mcg::seed_from_u64(2);
    assert_eq!(a.simulate_run(10.0, &mut rng).wall_hours, 10.1);
    assert_eq!(b.simulate_run(10.0, &mut rng).wall_hours, 10.1);
}

#[test]
fn higher_rate_never_finishes_earlier_on_average() {
    let mut last = 0.0;
    for rate in [0.0, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6] {
        let sim = run(&spot(rate, 0.5, 0.05, 0.1, 0.1));
        let (mean, _) = stats(&sim, 20.0, 20_000, 3, |o| o.wall_hours);
        assert!(mean > last, "rate {rate}: mean {mean} below {last}");
        last = mean;
    }
    // Weibull too, and for billed hours.
    let mut last = (0.0, 0.0);
    for mean_life in [50.0, 10.0, 4.0, 2.0, 1.0] {
        let mut s = spot(0.0, 0.5, 0.05, 0.1, 0.1);
        s.interruptions = Interruptions::weibull(0.6, mean_life).unwrap();
        let sim = run(&s);
        let (wall, _) = stats(&sim, 20.0, 20_000, 4, |o| o.wall_hours);
        let (billed, _) = stats(&sim, 20.0, 20_000, 4, |o| o.billed_spot_hours);
        assert!(
            wall > last.0 && billed > last.1,
            "mean lifetime {mean_life}"
        );
        last = (wall, billed);
    }
}

#[test]
fn young_and_daly_intervals() {
    // C = 0.05 h, M = 2 h.
    assert!((young_interval_hours(0.05, 2.0) - 0.2f64.sqrt()).abs() < 1e-15);
    let x: f64 = 0.05 / 4.0;
    let daly = 0.2f64.sqrt() * (1.0 + x.sqrt() / 3.0 + x / 9.0) - 0.05;
    assert!((daly_interval_hours(0.05, 2.0) - daly).abs() < 1e-15);
    assert!((daly_interval_hours(0.05, 2.0) - 0.414_501_4).abs() < 1e-6);
    // C = 0.5 h, M = 8 h: C/2M = 1/32, sqrt(8) * (1 + sqrt(1/32)/3 + 1/288) - 0.5.
    assert!((daly_interval_hours(0.5, 8.0) - 2.504_914_7).abs() < 1e-6);
    assert!((young_interval_hours(0.5, 8.0) - 8f64.sqrt()).abs() < 1e-15);
    // C >= 2M: tau = M.
    assert_eq!(daly_interval_hours(5.0, 2.0), 2.0);
    assert_eq!(daly_interval_hours(4.0, 2.0), 2.0);
    assert_eq!(daly_interval_hours(0.1, INF), INF);
    assert_eq!(young_interval_hours(0.0, INF), INF);

    // `auto` picks Daly from the gang's mean time between interruptions.
    let mut s = spot(0.5, 1.0, 0.05, 0.1, 0.1);
    s.checkpoint_every = CheckpointInterval::Auto;
    let r = run(&s);
    assert_eq!(r.mean_hours_between_interruptions(), 2.0);
    assert_eq!(
        r.checkpoint_interval_hours(),
        daly_interval_hours(0.05, 2.0)
    );
    s.count = 4;
    s.gang = Gang::Independent;
    let r = run(&s);
    assert_eq!(r.mean_hours_between_interruptions(), 0.5);
    assert_eq!(
        r.checkpoint_interval_hours(),
        daly_interval_hours(0.05, 0.5)
    );
    s.gang = Gang::Bulk;
    assert_eq!(run(&s).mean_hours_between_interruptions(), 2.0);
    s.interruptions = Interruptions::weibull(0.6, 2.0).unwrap();
    let m = 2.0 * 4f64.powf(-1.0 / 0.6);
    s.gang = Gang::Independent;
    let r = run(&s);
    assert!((r.mean_hours_between_interruptions() - m).abs() < 1e-12);
    assert_eq!(
        r.checkpoint_interval_hours(),
        daly_interval_hours(0.05, r.mean_hours_between_interruptions())
    );
    // Daly's interval beats Young's and a far-off one on the exponential closed form.
    let (lambda, c, r, d) = (0.5, 0.05, 0.1, 0.1);
    let t = |tau: f64| bougeret(1.0, lambda, tau, c, r, d);
    let (tau_d, tau_y) = (daly_interval_hours(c, 2.0), young_interval_hours(c, 2.0));
    assert!(t(tau_d) <= t(tau_y) && t(tau_d) < t(2.0 * tau_d) && t(tau_d) < t(0.5 * tau_d));
}

#[test]
fn weibull_shape_one_is_exponential() {
    let n = 200_000;
    for (mean_life, tau, c, r, d, w) in [
        (2.0, 0.5, 0.05, 0.1, 0.1, 10.0),
        (0.8, 0.25, 0.02, 0.2, 0.5, 4.0),
    ] {
        let e = run(&spot(1.0 / mean_life, tau, c, r, d));
        let mut s = spot(0.0, tau, c, r, d);
        s.interruptions = Interruptions::weibull(1.0, mean_life).unwrap();
        let wb = run(&s);
        let (me, se) = stats(&e, w, n, 21, |o| o.wall_hours);
        let (mw, sw) = stats(&wb, w, n, 22, |o| o.wall_hours);
        let se_diff = ((se * se + sw * sw) / n as f64).sqrt();
        assert!(
            (me - mw).abs() < 4.0 * se_diff,
            "{me} vs {mw} (se {se_diff})"
        );
        let expected = bougeret(w, 1.0 / mean_life, tau, c, r, d);
        assert!((mw - expected).abs() < 4.0 * sw / (n as f64).sqrt());
    }
    // Lifetimes have the mean asked for, heavy-tailed shapes included.
    for shape in [0.6, 1.0, 2.5] {
        let i = Interruptions::weibull(shape, 2.0).unwrap();
        let r = run(&ComputeSpec {
            interruptions: i,
            checkpoint_every: CheckpointInterval::Fixed { hours: 0.1 },
            ..ComputeSpec::default()
        });
        let mut rng = Pcg64Mcg::seed_from_u64(8);
        let n = 400_000;
        let (mut s, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let x = r.life.draw(&mut rng);
            s += x;
            s2 += x * x;
        }
        let mean = s / n as f64;
        let sd = (s2 / n as f64 - mean * mean).sqrt();
        assert!(
            (mean - 2.0).abs() < 4.0 * sd / (n as f64).sqrt(),
            "shape {shape}: {mean}"
        );
    }
}

#[test]
fn independent_gang_is_count_times_the_rate() {
    let n = 200_000;
    let (lambda, count, w) = (0.15, 4, 10.0);
    let mut ind = spot(lambda, 0.5, 0.05, 0.1, 0.1);
    ind.count = count;
    ind.gang = Gang::Independent;
    let mut bulk = spot(lambda * f64::from(count), 0.5, 0.05, 0.1, 0.1);
    bulk.count = count;
    bulk.gang = Gang::Bulk;
    let single = spot(lambda * f64::from(count), 0.5, 0.05, 0.1, 0.1);
    let (mi, si) = stats(&run(&ind), w, n, 31, |o| o.wall_hours);
    let (mb, sb) = stats(&run(&bulk), w, n, 32, |o| o.wall_hours);
    let se = ((si * si + sb * sb) / n as f64).sqrt();
    assert!((mi - mb).abs() < 4.0 * se, "{mi} vs {mb}");
    let expected = bougeret(w, lambda * f64::from(count), 0.5, 0.05, 0.1, 0.1);
    assert!((mi - expected).abs() < 4.0 * si / (n as f64).sqrt());
    // Billing is per instance: a gang of 4 bills 4 times a single instance's hours.
    let (gi, _) = stats(&run(&ind), w, n, 33, |o| o.billed_spot_hours);
    let (g1, _) = stats(&run(&single), w, n, 33, |o| o.billed_spot_hours);
    assert!((gi - 4.0 * g1).abs() < 1e-9 * gi);
    // Bulk: the gang fails as one instance does.
    let mut b1 = spot(lambda, 0.5, 0.05, 0.1, 0.1);
    b1.count = count;
    let (mb1, _) = stats(&run(&b1), w, 50_000, 34, |o| o.wall_hours);
    let (m1, _) = stats(
        &run(&spot(lambda, 0.5, 0.05, 0.1, 0.1)),
        w,
        50_000,
        34,
        |o| o.wall_hours,
    );
    assert_eq!(mb1, m1);
    // Weibull gang: the first failure of 4 independent lifetimes.
    let mut s = spot(0.0, 0.5, 0.05, 0.1, 0.1);
    s.interruptions = Interruptions::weibull(0.6, 2.0).unwrap();
    let one = run(&s);
    s.count = count;
    s.gang = Gang::Independent;
    let gang = run(&s);
    let mut rng = Pcg64Mcg::seed_from_u64(35);
    let m = 200_000;
    let (mut a, mut a2, mut g, mut g2) = (0.0, 0.0, 0.0, 0.0);
    for _ in 0..m {
        let x = (0..count)
            .map(|_| one.life.draw(&mut rng))
            .fold(INF, f64::min);
        let y = gang.life.draw(&mut rng);
        (a, a2, g, g2) = (a + x, a2 + x * x, g + y, g2 + y * y);
    }
    let m = m as f64;
    let (ma, mg) = (a / m, g / m);
    let se = ((a2 / m - ma * ma + g2 / m - mg * mg) / m).sqrt();
    assert!((ma - mg).abs() < 4.0 * se, "{ma} vs {mg}");
    assert!((mg - gang.mean_hours_between_interruptions()).abs() < 4.0 * se);
}

#[test]
fn on_demand_after_zero_wait_without_capacity() {
    let mut s = spot(0.5, 0.5, 0.05, 0.1, 0.1);
    s.count = 3;
    s.capacity = Capacity::new(0.0, Wait::exponential(1.0).unwrap()).unwrap();
    s.fallback = Fallback::on_demand_after(0.0, 0.25).unwrap();
    let sim = run(&s);
    let od = run(&s.as_on_demand());
    let mut rng = Pcg64Mcg::seed_from_u64(41);
    for w in [20.0, 3.3, 0.5] {
        let base = od.on_demand_wall_hours(w);
        for _ in 0..1000 {
            let o = sim.simulate_run(w, &mut rng);
            assert_eq!(o.wall_hours, 0.25 + base);
            assert_eq!(o.billed_spot_hours, 0.0);
            assert_eq!(o.billed_on_demand_hours, (0.25 + base) * 3.0);
            assert!(o.switched_to_on_demand);
            assert_eq!(o.interruptions, 0);
        }
    }
    // A wait limit caps each wait: with no capacity, the run leaves after exactly that long.
    s.fallback = Fallback::on_demand_after(2.0, 0.25).unwrap();
    s.capacity = Capacity::new(0.0, Wait::fixed(5.0).unwrap()).unwrap();
    let o = run(&s).simulate_run(20.0, &mut rng);
    assert_eq!(o.wall_hours, 2.0 + 0.25 + od.on_demand_wall_hours(20.0));
    assert_eq!(o.capacity_wait_hours, 2.0);
}

#[test]
fn waiting_for_capacity_adds_its_mean() {
    // No interruptions: the only delay is the first wait, (1 - p) * mean on average.
    let n = 200_000;
    for wait in [
        Wait::exponential(1.4).unwrap(),
        Wait::lognormal(0.4, 1.4).unwrap(),
    ] {
        let mut s = spot(0.0, 0.5, 0.05, 0.1, 0.1);
        s.capacity = Capacity::new(0.3, wait).unwrap();
        let sim = run(&s);
        let (m, sd) = stats(&sim, 10.0, n, 51, |o| o.wall_hours);
        let expected = sim.on_demand_wall_hours(10.0) + 0.7 * 1.4;
        assert!(
            (m - expected).abs() < 4.0 * sd / (n as f64).sqrt(),
            "{wait:?}: {m} vs {expected}"
        );
        let (b, _) = stats(&sim, 10.0, 1000, 52, |o| o.billed_spot_hours);
        assert!(
            (b - sim.on_demand_wall_hours(10.0)).abs() < 1e-9,
            "waiting is not billed"
        );
    }
    // Lognormal: the median is as asked.
    let q = WaitQuantile::new(Wait::lognormal(0.4, 1.4).unwrap());
    assert!((q.quantile(0.5) - 0.4).abs() < 1e-12);
}

#[test]
fn deadline_aware_meets_feasible_deadlines() {
    let harsh = ComputeSpec {
        count: 2,
        interruptions: Interruptions::weibull(0.6, 1.5).unwrap(),
        gang: Gang::Independent,
        capacity: Capacity::new(0.5, Wait::lognormal(0.4, 1.4).unwrap()).unwrap(),
        notice_hours: 0.0,
        checkpoint_every: CheckpointInterval::Fixed { hours: 0.5 },
        checkpoint_hours: 0.05,
        restart_hours: 0.25,
        downtime_hours: 0.1,
        fallback: Fallback::KeepWaiting,
    };
    let mut exp = harsh;
    exp.interruptions = Interruptions::exponential(0.7).unwrap();
    exp.gang = Gang::Bulk;
    exp.notice_hours = 0.1;
    let mut rng = Pcg64Mcg::seed_from_u64(61);
    for base in [harsh, exp] {
        for w in [20.0, 7.3] {
            let od = run(&base.as_on_demand()).on_demand_wall_hours(w);
            for factor in [1.0, 1.01, 1.1, 1.3, 1.6, 2.0, 3.0] {
                let deadline = od * factor;
                let mut s = base;
                s.fallback = Fallback::deadline_aware(deadline, 0.25).unwrap();
                let sim = run(&s);
                let mut switched = 0;
                for _ in 0..20_000 {
                    let o = sim.simulate_run(w, &mut rng);
                    assert!(
                        o.wall_hours <= deadline * (1.0 + 1e-12),
                        "deadline {deadline}: finished at {}",
                        o.wall_hours
                    );
                    switched += usize::from(o.switched_to_on_demand);
                }
                if factor >= 2.0 {
                    assert!(switched < 20_000, "a loose deadline leaves room for Spot");
                }
            }
        }
    }
    // An infeasible deadline starts on-demand and finishes as on-demand does.
    let mut s = exp;
    let od = run(&s.as_on_demand()).on_demand_wall_hours(20.0);
    s.fallback = Fallback::deadline_aware(od * 0.9, 0.25).unwrap();
    let o = run(&s).simulate_run(20.0, &mut rng);
    assert_eq!(o.wall_hours, od);
    assert!(o.switched_to_on_demand && o.billed_spot_hours == 0.0);
}

#[test]
fn deadline_aware_is_cheaper_when_interruptions_are_rare() {
    let prices = Prices::new(3.06, 0.92).unwrap();
    let mut s = spot(0.02, 0.5, 0.05, 0.1, 0.1);
    s.capacity = Capacity::new(0.9, Wait::lognormal(0.4, 1.4).unwrap()).unwrap();
    let od = run(&s.as_on_demand());
    let w = 20.0;
    let od_wall = od.on_demand_wall_hours(w);
    s.fallback = Fallback::deadline_aware(1.5 * od_wall, 0.25).unwrap();
    let sim = run(&s);
    let n = 50_000;
    let (cost, sd) = stats(&sim, w, n, 71, |o| prices.cost(o));
    let od_cost = od_wall * 3.06;
    assert!(
        cost + 4.0 * sd / (n as f64).sqrt() < od_cost,
        "{cost} vs {od_cost}"
    );
    let (wall, _) = stats(&sim, w, n, 71, |o| o.wall_hours);
    assert!(wall <= 1.5 * od_wall);
}

#[test]
fn notice_long_enough_to_checkpoint_saves_work() {
    let n = 100_000;
    let mut s = spot(0.5, 2.0, 0.03, 0.1, 0.1);
    let (without, _) = stats(&run(&s), 20.0, n, 81, |o| o.wall_hours);
    s.notice_hours = 0.02; // shorter than a checkpoint: no help
    assert!(!run(&s).checkpoints_on_notice());
    let (short, _) = stats(&run(&s), 20.0, n, 81, |o| o.wall_hours);
    assert_eq!(without, short);
    s.notice_hours = 0.0333; // 2 minutes
    let sim = run(&s);
    assert!(sim.checkpoints_on_notice());
    let (with, _) = stats(&sim, 20.0, n, 81, |o| o.wall_hours);
    assert!(with < 0.8 * without, "{with} vs {without}");
    // Each interruption costs at most a checkpoint, restart and downtime: the wall time is
    // below the on-demand time plus that per interruption (plus the rare lost restarts).
    let base = sim.on_demand_wall_hours(20.0);
    let mut rng = Pcg64Mcg::seed_from_u64(82);
    for _ in 0..10_000 {
        let o = sim.simulate_run(20.0, &mut rng);
        assert!(o.wall_hours <= base + f64::from(o.interruptions) * (0.03 + 0.1 + 0.1) + 1e-9);
    }
}

#[test]
fn odd_work_amounts() {
    let sim = run(&spot(0.3, 0.5, 0.05, 0.1, 0.1));
    let mut rng = Pcg64Mcg::seed_from_u64(91);
    for w in [0.0, -1.0, f64::NAN] {
        assert_eq!(sim.simulate_run(w, &mut rng), RunOutcome::default());
    }
    assert_eq!(sim.simulate_run(INF, &mut rng).wall_hours, INF);
    // A tiny job: one segment of that work and its checkpoint.
    let o = run(&spot(0.0, 0.5, 0.05, 0.1, 0.1)).simulate_run(0.01, &mut rng);
    assert!((o.wall_hours - 0.06).abs() < 1e-15);
}

#[test]
fn bad_input_is_rejected_with_a_message() {
    let bad = |s: ComputeSpec, needle: &str| {
        let e = ComputeRun::new(&s).expect_err("must be rejected");
        assert!(e.contains(needle), "{e:?} should mention {needle}");
    };
    let base = spot(0.3, 0.5, 0.05, 0.1, 0.1);
    for x in [-0.1, f64::NAN, INF] {
        bad(spot(x, 0.5, 0.05, 0.1, 0.1), "interruptions_per_hour");
        bad(spot(0.3, 0.5, x, 0.1, 0.1), "checkpoint_hours");
        bad(spot(0.3, 0.5, 0.05, x, 0.1), "restart_hours");
        bad(spot(0.3, 0.5, 0.05, 0.1, x), "downtime_hours");
        bad(
            ComputeSpec {
                notice_hours: x,
                ..base
            },
            "notice_hours",
        );
        assert!(Interruptions::exponential(x).is_err());
        assert!(
            Prices::new(x, 1.0)
                .unwrap_err()
                .contains("on_demand_per_hour")
        );
        assert!(Prices::new(1.0, x).unwrap_err().contains("spot_per_hour"));
        assert!(Wait::exponential(x).is_err() && Wait::fixed(x).is_err());
        assert!(Fallback::on_demand_after(x, 0.2).is_err());
        assert!(Fallback::on_demand_after(1.0, x).is_err());
        assert!(Fallback::deadline_aware(x, 0.2).is_err());
        assert!(Interruptions::weibull(0.6, x).is_err());
    }
    for tau in [0.0, -1.0, f64::NAN, INF] {
        bad(spot(0.3, tau, 0.05, 0.1, 0.1), "checkpoint_every_hours");
        assert!(CheckpointInterval::fixed(tau).is_err());
    }
    for shape in [0.0, -0.5, f64::NAN, INF, 1e-4] {
        let e = Interruptions::weibull(shape, 2.0).unwrap_err();
        assert!(e.contains("weibull_shape"), "{e}");
        bad(
            ComputeSpec {
                interruptions: Interruptions::Weibull {
                    shape,
                    mean_hours: 2.0,
                },
                ..base
            },
            "weibull_shape",
        );
    }
    bad(ComputeSpec { count: 0, ..base }, "count");
    for a in [-0.1, 1.1, f64::NAN] {
        assert!(
            Capacity::new(a, Wait::fixed(1.0).unwrap())
                .unwrap_err()
                .contains("availability")
        );
        bad(
            ComputeSpec {
                capacity: Capacity {
                    availability: a,
                    wait: Wait::Fixed { hours: 1.0 },
                },
                ..base
            },
            "availability",
        );
    }
    assert!(Wait::lognormal(1.4, 0.4).unwrap_err().contains("median"));
    bad(
        ComputeSpec {
            fallback: Fallback::DeadlineAware {
                deadline_hours: 0.0,
                changeover_hours: 0.2,
            },
            ..base
        },
        "deadline_hours",
    );
    // `auto` with free checkpoints, and intervals a Spot instance can hardly outlive.
    bad(
        ComputeSpec {
            checkpoint_every: CheckpointInterval::Auto,
            checkpoint_hours: 0.0,
            ..base
        },
        "checkpoint_hours",
    );
    bad(spot(0.5, 40.0, 0.05, 0.1, 0.1), "checkpoint more often");
    // Spot above on-demand is allowed, flagged for a warning.
    assert!(Prices::new(1.0, 1.5).unwrap().spot_above_on_demand());
    assert!(!Prices::new(3.06, 0.92).unwrap().spot_above_on_demand());
    // Messages are one sentence.
    let e = ComputeRun::new(&spot(-1.0, 0.5, 0.05, 0.1, 0.1)).unwrap_err();
    assert_eq!(e.matches(". ").count(), 0, "{e}");
}
