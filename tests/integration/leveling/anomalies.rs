//! More capacity and the serial scheme: with a fixed list, one more unit can finish later
//! (Graham's anomalies); the deterministic plan's search still finds, with one more person, the
//! schedule it found without.

use riskplan::engine::leveling::profile::Profile;
use riskplan::engine::leveling::{Lane, NO_BLOCKER, schedule_lane};
use riskplan::engine::network::Times;
use riskplan::engine::{self, LANES};
use riskplan::model::Model;

use super::{EPS, finish_days, resource_key, scenario, set_field, with_counts};
use crate::common::{CONTINUOUS, compile};

/// Lane `l` of `durations` levelled in `order` with `capacity`: its finish.
fn level_lane(model: &Model, order: &[u32], capacity: &[f64], duration: &[f64], l: usize) -> f64 {
    let n = model.tasks.len();
    let mut profiles: Vec<Profile> = capacity.iter().map(|_| Profile::with_room(n)).collect();
    let mut times = Times::new(n);
    let mut ready = vec![0.0; n * LANES];
    let mut blocker = vec![NO_BLOCKER; n * LANES];
    let mut lane = Lane {
        times: &mut times,
        ready: &mut ready,
        blocker: &mut blocker,
        l,
    };
    schedule_lane(model, order, capacity, &mut profiles, duration, &mut lane);
    times.lane_end(l)
}

/// Two people `r1` and `r2`, one each. `p` needs r1 for 5 days; `x` needs both for 3; `y`
/// needs r2 for 4 days once `q` (a day, nobody) is done; `z` takes 10 days after `y`.
const ANOMALY: &str = r#"
[[people]]
role = "r1"
count = 1
rate_per_day = 100

[[people]]
role = "r2"
count = 1
rate_per_day = 100

[[tasks]]
id = "p"
estimate = 5
people = { r1 = 1 }

[[tasks]]
id = "x"
estimate = 3
people = { r1 = 1, r2 = 1 }

[[tasks]]
id = "q"
estimate = 1

[[tasks]]
id = "y"
depends_on = ["q"]
estimate = 4
people = { r2 = 1 }

[[tasks]]
id = "z"
depends_on = ["y"]
estimate = 10
"#;

#[test]
fn the_serial_scheme_with_a_fixed_list_can_finish_later_with_more_capacity() {
    // The list p, x, q, y, z. With one r1, x waits for p (5..8), leaving r2 free for y at
    // 1..5: z runs 5..15. With two, x starts at once (0..3) and holds r2, so y waits (3..7)
    // and z runs 7..17: one more person, two days later. The list is the same; the extra
    // unit lets an early task take the slot a later, critical one needed.
    let m = compile(&format!("{CONTINUOUS}{ANOMALY}"));
    let at = |id: &str| m.task_index(id).unwrap() as u32;
    let list = [at("p"), at("x"), at("q"), at("y"), at("z")];
    let det = engine::deterministic(&m);
    let mut duration = vec![0.0; m.tasks.len() * LANES];
    for (i, d) in det.duration.iter().enumerate() {
        duration[i * LANES] = *d;
    }
    assert_eq!(level_lane(&m, &list, &[1.0, 1.0], &duration, 0), 15.0);
    assert_eq!(level_lane(&m, &list, &[2.0, 1.0], &duration, 0), 17.0);
    // Taken in the order the one-person schedule started them (p, q, y at 0, 0, 1; x and z at
    // 5), the extra person delays nothing: the what-if's order.
    let started = [at("p"), at("q"), at("y"), at("x"), at("z")];
    assert_eq!(level_lane(&m, &started, &[2.0, 1.0], &duration, 0), 15.0);

    // The deterministic plan of this plan is the 15 days with either count: its multi-pass
    // search finds a list that avoids the trap.
    assert_eq!(finish_days(&m), 15.0);
    let two = compile(&format!(
        "{CONTINUOUS}{}",
        set_field(ANOMALY, "role = \"r1\"", "count", 2.0)
    ));
    assert_eq!(two.leveling.resources[0].capacity, 2.0);
    assert_eq!(finish_days(&two), 15.0);
}

/// Seven tasks on two roles of three (`r0`, `r1`). `t2` and `t3` need the whole of `r1`;
/// `t0` and `t4` together need four of `r0`.
const SEVEN: &str = r#"
[[people]]
role = "r0"
count = 3
rate_per_day = 100

[[people]]
role = "r1"
count = 3
rate_per_day = 100

[[tasks]]
id = "t0"
estimate = 8
people = { r0 = 2, r1 = 1 }

[[tasks]]
id = "t1"
estimate = 5
people = { r0 = 1 }

[[tasks]]
id = "t2"
depends_on = ["t1"]
estimate = 8
people = { r1 = 3 }

[[tasks]]
id = "t3"
depends_on = ["t1"]
estimate = 5
people = { r1 = 3 }

[[tasks]]
id = "t4"
estimate = 6
people = { r0 = 2, r1 = 2 }

[[tasks]]
id = "t5"
estimate = 10
people = { r1 = 1 }

[[tasks]]
id = "t6"
depends_on = ["t3"]
estimate = 4
"#;

#[test]
fn the_deterministic_plan_with_one_more_person_finds_what_it_found_with_fewer() {
    // The deterministic plan is the best schedule of the lists the heuristic tries. With more
    // capacity a list can give a longer schedule (as above), and the lists derived from
    // schedules change with them: with a fourth `r0` here, the heuristic of rules, sampling
    // and justification alone tried none that gives the 27 days found with three, and its plan
    // came out 2 days later, although the 27-day schedule is as feasible with four and the
    // serial scheme given its start order finds it again. (Found by a search over random
    // plans: 13 of about 7,500 `count + 1` re-compiles of plans of 8 to 27 tasks came out
    // later, 8 of about 50,000 of 5 to 12.) The genetic search over lists finds it.
    let three = compile(&format!("{CONTINUOUS}{SEVEN}"));
    let four = compile(&format!(
        "{CONTINUOUS}{}",
        set_field(SEVEN, "role = \"r0\"", "count", 4.0)
    ));
    assert_eq!(four.leveling.resources[0].capacity, 4.0);
    assert_eq!(finish_days(&three), 27.0);
    assert!(finish_days(&four) <= 27.0, "{}", finish_days(&four));
    let det = engine::deterministic(&three);
    let mut started: Vec<u32> = (0..three.tasks.len() as u32).collect();
    started.sort_by(|&a, &b| det.start[a as usize].total_cmp(&det.start[b as usize]));
    let mut duration = vec![0.0; three.tasks.len() * LANES];
    for (i, d) in det.duration.iter().enumerate() {
        duration[i * LANES] = *d;
    }
    assert_eq!(level_lane(&four, &started, &[4.0, 3.0], &duration, 0), 27.0);
}

#[test]
fn the_deterministic_plans_of_real_plans_are_not_later_with_one_more_of_any_resource() {
    // An empirical check, not a theorem (see above). Measured when this test was written: the
    // example plan 128.5 working days, 119 with a second data engineer, 110 with a second ML
    // engineer, unchanged otherwise; the benchmark with one per role 272.25, 258.3 (backend),
    // 258.25 (frontend), 270.75 (data scientist), unchanged otherwise; with two per role 227.85
    // whatever is added.
    let bench = scenario("bench-100.toml");
    let mut shorter = 0;
    for (name, text) in [
        ("dl-project", scenario("dl-project.toml")),
        ("bench-100, one per role", with_counts(&bench, 1)),
        ("bench-100, two per role", with_counts(&bench, 2)),
    ] {
        let m = compile(&text);
        let base = finish_days(&m);
        for k in 0..m.leveling.resources.len() {
            let (key, field) = resource_key(&m, k);
            let cap = m.leveling.resources[k].capacity;
            let more = compile(&set_field(&text, &key, field, cap + 1.0));
            assert_eq!(more.leveling.resources[k].capacity, cap + 1.0);
            let f = finish_days(&more);
            assert!(
                f <= base + EPS,
                "{name}: one more `{}` moves the deterministic finish from {base} to {f} working days",
                m.leveling.resources[k].name
            );
            shorter += (f < base - EPS) as usize;
        }
    }
    assert!(shorter >= 5, "{shorter}");
}
