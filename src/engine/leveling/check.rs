//! Whether a schedule is feasible: every task starts no earlier than the project and its
//! links allow, lasts its work in its calendar, starts no earlier than its resources join, and
//! at no moment do the tasks in progress use more of a resource than exists. The tests hold
//! every levelled schedule to it, iterations and deterministic plans alike; the PSPLIB quality
//! benchmark checks each plan it counts.

use std::fmt;

use crate::engine::LANES;
use crate::engine::network::{Times, link_bound};
use crate::engine::simulate::DeterministicSchedule;
use crate::model::{LinkKind, Model};

/// How far a time may be off before it counts (days).
const TIME_EPS: f64 = 1e-9;
/// How far usage may exceed a capacity before it counts (units).
const UNITS_EPS: f64 = 1e-9;

/// The first rule a schedule breaks, naming tasks by id and resources by name.
#[derive(Debug, Clone, PartialEq)]
pub enum Infeasible {
    /// The task starts before the project (time 0).
    BeforeProject { task: String, start: f64 },
    /// The task does not last its work in its calendar.
    Length {
        task: String,
        start: f64,
        finish: f64,
        expected: f64,
    },
    /// The task starts before its link from `predecessor` allows.
    Link {
        task: String,
        predecessor: String,
        kind: LinkKind,
        start: f64,
        allowed: f64,
    },
    /// The task starts before the resource is there (a role's `joins`).
    BeforeJoin {
        task: String,
        resource: String,
        start: f64,
        from: f64,
    },
    /// More of the resource is in use at `time` than exists.
    OverCapacity {
        resource: String,
        time: f64,
        used: f64,
        capacity: f64,
    },
}

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Infeasible::BeforeProject { task, start } => {
                write!(f, "`{task}` starts at {start}, before the project")
            }
            Infeasible::Length {
                task,
                start,
                finish,
                expected,
            } => write!(
                f,
                "`{task}` runs {start}..{finish}; its work ends at {expected}"
            ),
            Infeasible::Link {
                task,
                predecessor,
                kind,
                start,
                allowed,
            } => write!(
                f,
                "`{task}` starts at {start}, before its {kind:?} link from `{predecessor}` allows ({allowed})"
            ),
            Infeasible::BeforeJoin {
                task,
                resource,
                start,
                from,
            } => write!(
                f,
                "`{task}` starts at {start}, before `{resource}` joins ({from})"
            ),
            Infeasible::OverCapacity {
                resource,
                time,
                used,
                capacity,
            } => write!(f, "`{resource}` has {used} in use at {time}, of {capacity}"),
        }
    }
}

impl std::error::Error for Infeasible {}

/// Checks a deterministic plan against the model's capacities (whether or not they are in
/// force).
pub fn plan(model: &Model, s: &DeterministicSchedule) -> Result<(), Infeasible> {
    tasks(model, &s.duration, &s.start, &s.finish)
}

/// Checks a schedule given per task: `duration` (days of each task's calendar), `start` and
/// `finish` (timeline days), as a deterministic plan has them.
pub fn tasks(
    model: &Model,
    duration: &[f64],
    start: &[f64],
    finish: &[f64],
) -> Result<(), Infeasible> {
    schedule(model, duration, start, finish, 1, 0)
}

/// Checks lane `l` of a block's schedule (`times`, from durations `duration`, both laid out
/// `[task * LANES + lane]`).
pub fn lane(model: &Model, duration: &[f64], times: &Times, l: usize) -> Result<(), Infeasible> {
    schedule(model, duration, &times.start, &times.finish, LANES, l)
}

/// The check, on arrays laid out `[task * stride + l]`.
fn schedule(
    model: &Model,
    duration: &[f64],
    start: &[f64],
    finish: &[f64],
    stride: usize,
    l: usize,
) -> Result<(), Infeasible> {
    let n = model.tasks.len();
    let at = |i: usize| i * stride + l;
    let lev = &model.leveling;
    for i in 0..n {
        let (s, f, d) = (start[at(i)], finish[at(i)], duration[at(i)]);
        let cal = model.tasks[i].calendar;
        let id = || model.tasks[i].id.clone();
        if !(s >= -TIME_EPS) {
            return Err(Infeasible::BeforeProject {
                task: id(),
                start: s,
            });
        }
        let expected = model.add_work(cal, s, d);
        if !((f - expected).abs() <= TIME_EPS) {
            return Err(Infeasible::Length {
                task: id(),
                start: s,
                finish: f,
                expected,
            });
        }
        for p in model.preds_of(i) {
            let j = p.task as usize;
            let allowed = link_bound(model, cal, p, d, start[at(j)], finish[at(j)]);
            if !(s >= allowed - TIME_EPS) {
                return Err(Infeasible::Link {
                    task: id(),
                    predecessor: model.tasks[j].id.clone(),
                    kind: p.kind,
                    start: s,
                    allowed,
                });
            }
        }
        if lev.demand_offsets.is_empty() {
            continue;
        }
        for &(k, _) in lev.demands_of(i) {
            let res = &lev.resources[k as usize];
            let from = res.from;
            if !(s >= from - TIME_EPS) {
                return Err(Infeasible::BeforeJoin {
                    task: id(),
                    resource: res.name.clone(),
                    start: s,
                    from,
                });
            }
        }
    }
    if lev.demand_offsets.is_empty() {
        return Ok(());
    }
    // Usage changes only where a task starts or finishes, and is highest just after a start:
    // sweep the starts and finishes in time order, finishes first at equal times (a task that
    // ends when another starts does not overlap it).
    let mut events: Vec<(f64, bool, usize)> = Vec::with_capacity(2 * n);
    for i in 0..n {
        if finish[at(i)] > start[at(i)] && !lev.demands_of(i).is_empty() {
            events.push((start[at(i)], true, i));
            events.push((finish[at(i)], false, i));
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut used = vec![0.0f64; lev.resources.len()];
    for &(time, starts, i) in &events {
        for &(k, units) in lev.demands_of(i) {
            let k = k as usize;
            if starts {
                used[k] += units;
                let capacity = lev.resources[k].capacity;
                if used[k] > capacity + UNITS_EPS {
                    return Err(Infeasible::OverCapacity {
                        resource: lev.resources[k].name.clone(),
                        time,
                        used: used[k],
                        capacity,
                    });
                }
            } else {
                used[k] -= units;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::deterministic;
    use crate::engine::leveling::tests::{compiled, with_capacities};

    const THREE: &str = r#"
[project]
name = "three"
start = 2027-01-04
calendar = "continuous"

[[people]]
role = "ds"
count = 2
rate_per_day = 100

[[tasks]]
id = "a"
estimate = 4
people = { ds = 1 }

[[tasks]]
id = "b"
estimate = 3
people = { ds = 1 }

[[tasks]]
id = "c"
depends_on = ["a"]
estimate = 2
people = { ds = 2 }
"#;

    #[test]
    fn a_levelled_plan_passes_and_each_broken_rule_is_named() {
        let mut m = compiled(THREE);
        with_capacities(&mut m, &[("ds", 2.0)]);
        let ok = deterministic(&m);
        assert_eq!(plan(&m, &ok), Ok(()));
        // a 0..4, b 0..3, c 4..6 (needs both).
        assert_eq!(
            (ok.start.clone(), ok.finish.clone()),
            (vec![0.0, 0.0, 4.0], vec![4.0, 3.0, 6.0])
        );

        let mut early = ok.clone();
        early.start[2] = 3.0;
        early.finish[2] = 5.0;
        let err = plan(&m, &early).unwrap_err();
        assert!(matches!(
            err,
            Infeasible::Link { ref task, ref predecessor, kind: LinkKind::FS, .. }
                if task == "c" && predecessor == "a"
        ));
        assert_eq!(
            err.to_string(),
            "`c` starts at 3, before its FS link from `a` allows (4)"
        );

        let mut short = ok.clone();
        short.finish[1] = 2.0;
        assert!(matches!(
            plan(&m, &short),
            Err(Infeasible::Length { ref task, .. }) if task == "b"
        ));

        let mut before = ok.clone();
        before.start[1] = -1.0;
        before.finish[1] = 2.0;
        assert!(matches!(
            plan(&m, &before),
            Err(Infeasible::BeforeProject { ref task, .. }) if task == "b"
        ));

        // b moved to 3..6 overlaps c (2 units) at 4: 3 of 2 in use.
        let mut over = ok.clone();
        over.start[1] = 3.0;
        over.finish[1] = 6.0;
        let err = plan(&m, &over).unwrap_err();
        assert_eq!(
            err,
            Infeasible::OverCapacity {
                resource: "ds".into(),
                time: 4.0,
                used: 3.0,
                capacity: 2.0
            }
        );
        assert_eq!(err.to_string(), "`ds` has 3 in use at 4, of 2");

        // Starting when another ends is no overlap: b at 6..9, after c.
        let mut touching = ok;
        touching.start[1] = 6.0;
        touching.finish[1] = 9.0;
        assert_eq!(plan(&m, &touching), Ok(()));
    }
}
