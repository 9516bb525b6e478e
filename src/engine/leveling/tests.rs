//! The serial scheme against hand-worked plans, and every schedule it makes against a
//! feasibility checker: links, calendars and capacities at every moment.

use crate::engine::{LANES, deterministic};
use crate::model::{self, Model, Resource, ResourceKind};

use super::Leveler;
use crate::engine::inputs::Inputs;
use crate::engine::network::{Times, forward_pass};

pub(crate) use crate::test_support::compile as compiled;

/// Puts capacities on roles by name (units = the tasks' allocations) and levels with them.
pub(crate) fn with_capacities(model: &mut Model, caps: &[(&str, f64)]) {
    let lev = &mut model.leveling;
    lev.resources = caps
        .iter()
        .map(|&(name, capacity)| {
            let r = model.roles.iter().position(|r| r.name == name).unwrap();
            Resource {
                name: name.into(),
                kind: ResourceKind::Role(r as u32),
                capacity,
                from: model.roles[r].joins,
            }
        })
        .collect();
    lev.demand_offsets = vec![0];
    lev.demands.clear();
    for t in &model.tasks {
        for &(r, alloc) in &t.people {
            if let Some(k) = lev
                .resources
                .iter()
                .position(|x| x.kind == ResourceKind::Role(r))
            {
                lev.demands.push((k as u32, alloc));
            }
        }
        lev.demand_offsets.push(lev.demands.len() as u32);
    }
    lev.enforced = true;
    model::sequence(model);
}

/// Panics unless lane `l` of a schedule is feasible (`check::lane`): every link holds, every
/// task lasts its work in its calendar, and at no moment do the tasks in progress use more of
/// a resource than exists.
pub(crate) fn assert_feasible(model: &Model, duration: &[f64], times: &Times, l: usize) {
    if let Err(e) = super::check::lane(model, duration, times, l) {
        panic!("lane {l} is not feasible: {e}");
    }
}

const TWO_TASKS: &str = r#"
[project]
name = "two"
start = 2027-01-04

[[people]]
role = "ds"
count = 1
rate_per_day = 100

[[tasks]]
id = "a"
estimate = 10
people = { ds = 1 }

[[tasks]]
id = "b"
estimate = 10
people = { ds = 1 }
"#;

#[test]
fn two_tasks_sharing_one_person_finish_at_the_sum_not_the_maximum() {
    let mut m = compiled(TWO_TASKS);
    assert!(m.leveling.active(), "a count is a capacity");
    let det = deterministic(&m);
    assert_eq!(m.project_days(det.totals.finish), 20.0);
    // One waited for the other and so is on the critical path with it.
    assert_eq!(det.critical, [true, true]);
    with_capacities(&mut m, &[("ds", 2.0)]);
    assert_eq!(m.project_days(deterministic(&m).totals.finish), 10.0);
    m.leveling.enforced = false;
    with_capacities(&mut m, &[("ds", 1.0)]);
    m.leveling.enforced = false;
    assert_eq!(m.project_days(deterministic(&m).totals.finish), 10.0);
}

#[test]
fn levelling_with_room_for_everything_is_the_forward_pass() {
    let text = std::fs::read_to_string("scenarios/bench-100.toml").unwrap();
    let mut m = compiled(&text);
    let roles: Vec<(String, f64)> = m.roles.iter().map(|r| (r.name.clone(), 1e6)).collect();
    let caps: Vec<(&str, f64)> = roles.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    let mut inputs = Inputs::new(&m);
    inputs.draw(&m, 5, 0, LANES, None);
    let mut free = Times::new(m.tasks.len());
    forward_pass(&m, &inputs.duration, &mut free);
    with_capacities(&mut m, &caps);
    let mut levelled = Times::new(m.tasks.len());
    Leveler::new(&m).level(&m, &inputs.duration, &mut levelled);
    assert_eq!(levelled.start, free.start);
    assert_eq!(levelled.finish, free.finish);
}

#[test]
fn levelled_schedules_of_a_real_plan_are_feasible_and_one_more_never_delays() {
    let text = std::fs::read_to_string("scenarios/bench-100.toml").unwrap();
    let mut m = compiled(&text);
    let names: Vec<String> = m.roles.iter().map(|r| r.name.clone()).collect();
    for cap in [1.0, 2.0, 3.0] {
        let caps: Vec<(&str, f64)> = names.iter().map(|n| (n.as_str(), cap)).collect();
        with_capacities(&mut m, &caps);
        let mut lv = Leveler::new(&m);
        let mut inputs = Inputs::new(&m);
        let mut times = Times::new(m.tasks.len());
        let mut free = Times::new(m.tasks.len());
        for block in 0..4 {
            inputs.draw(&m, 11, block * LANES as u64, LANES, None);
            lv.level(&m, &inputs.duration, &mut times);
            forward_pass(&m, &inputs.duration, &mut free);
            let mut more = vec![0.0; m.leveling.resources.len() + 1];
            for l in 0..LANES {
                assert_feasible(&m, &inputs.duration, &times, l);
                let (end, free_end) = (times.lane_end(l), free.lane_end(l));
                assert!(
                    end >= free_end - 1e-9,
                    "levelled before the unconstrained finish"
                );
                lv.one_more(&m, &inputs.duration, &times, l, &mut more);
                // Levelled again in start order, nothing starts later.
                assert!(
                    more[0] <= end + 1e-9,
                    "re-levelled later: {} > {end}",
                    more[0]
                );
                for &f in &more[1..] {
                    assert!(
                        f <= more[0] + 1e-9,
                        "one more unit delayed the finish: {f} > {}",
                        more[0]
                    );
                }
            }
        }
    }
}
