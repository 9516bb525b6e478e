//! The critical path of every lane: the tasks that end the project, and recursively every
//! predecessor whose link set a critical task's start. Ties mark every tied path.

#![allow(clippy::needless_range_loop)]

use crate::model::Model;

use super::LANES;
use super::network::{Times, link_bounds};

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
