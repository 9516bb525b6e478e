//! The critical path of every lane: the tasks that end the project, and recursively every
//! predecessor whose link set a critical task's start. Ties mark every tied path.

#![allow(clippy::needless_range_loop)]

use crate::model::Model;

use super::LANES;
use super::leveling::{Leveler, NO_BLOCKER};
use super::network::{Times, link_bound, link_bounds};

/// Tolerance (days) under which two times count as equal when tracing the critical path.
pub const CRITICAL_EPS: f64 = 1e-7;

/// Marks `critical[task * LANES + lane]`; `end[lane]` is the project's finish.
pub fn mark(
    model: &Model,
    duration: &[f64],
    times: &Times,
    end: &[f64; LANES],
    critical: &mut [bool],
) {
    let n = model.tasks.len();
    for i in 0..n {
        for l in 0..LANES {
            critical[i * LANES + l] = times.finish[i * LANES + l] >= end[l] - CRITICAL_EPS;
        }
    }
    for i in (0..n).rev() {
        let at = i * LANES;
        if !critical[at..at + LANES].iter().any(|&c| c) {
            continue;
        }
        let cal = model.tasks[i].calendar;
        let d = &duration[at..at + LANES];
        for p in model.preds_of(i) {
            let j = p.task as usize * LANES;
            let b = link_bounds(model, cal, p, d, times, j);
            for l in 0..LANES {
                if critical[at + l] && b[l] >= times.start[at + l] - CRITICAL_EPS {
                    critical[j + l] = true;
                }
            }
        }
    }
}

/// Marks the resource-critical path of every lane of a levelled block: the tasks that end the
/// project, every predecessor whose link set a critical task's start, and, where a critical
/// task waited for a resource, the tasks whose finish released it. `stack` is scratch.
pub fn mark_levelled(
    model: &Model,
    leveler: &Leveler,
    duration: &[f64],
    times: &Times,
    end: &[f64; LANES],
    critical: &mut [bool],
    stack: &mut Vec<u32>,
) {
    let n = model.tasks.len();
    for l in 0..LANES {
        stack.clear();
        for i in 0..n {
            let c = times.finish[i * LANES + l] >= end[l] - CRITICAL_EPS;
            critical[i * LANES + l] = c;
            if c {
                stack.push(i as u32);
            }
        }
        while let Some(i) = stack.pop() {
            let i = i as usize;
            let at = i * LANES + l;
            let start = times.start[at];
            let cal = model.tasks[i].calendar;
            for p in model.preds_of(i) {
                let j = p.task as usize * LANES + l;
                let b = link_bound(model, cal, p, duration[at], times.start[j], times.finish[j]);
                if b >= start - CRITICAL_EPS && !critical[j] {
                    critical[j] = true;
                    stack.push(p.task);
                }
            }
            let r = leveler.blocker[at];
            if r != NO_BLOCKER {
                for &j in leveler.users_of(r as usize) {
                    let jt = j as usize * LANES + l;
                    if !critical[jt] && (times.finish[jt] - start).abs() <= CRITICAL_EPS {
                        critical[jt] = true;
                        stack.push(j);
                    }
                }
            }
        }
    }
}
