//! Resource levelling: the serial schedule generation scheme that takes the forward pass's
//! place when capacities are in force. Tasks are taken one at a time in the model's levelling
//! order (precedence-feasible); each starts at the earliest time its links, its calendar and
//! the `joins` dates of its resources allow at which, for the whole of its span, every
//! resource it uses has room for it. At no moment do the tasks in progress use more of a
//! resource than exists.
//!
//! Each lane (iteration) is levelled on its own, with the same inputs and outputs as the
//! forward pass (`Times`), so costs, milestones and the critical path follow the levelled
//! dates unchanged. The levelling also records, per task, the earliest start its links allowed
//! and the resource that held it back beyond that, behind the resource-critical path and the
//! bottleneck; and it answers the what-if "one more unit of this resource" for a lane with
//! common random numbers.
//!
//! - `profile`: a resource's usage over time; `order`: priority rules and precedence-feasible
//!   lists; `baseline`: the multi-pass heuristic for the deterministic plan; `check`: whether
//!   a schedule is feasible.

#![allow(clippy::needless_range_loop)]

pub mod baseline;
pub mod check;
pub mod genetic;
pub mod order;
pub mod profile;

use crate::model::{LinkKind, Model, ResourceKind, TaskCalendar, TaskProgress};

use super::LANES;
use super::network::{Times, link_bound, own_bound};
use order::Sequencer;
use profile::Profile;

/// No resource held the task back.
pub const NO_BLOCKER: u16 = u16::MAX;

/// Scratch and records of the levelling of one block.
#[derive(Debug, Clone)]
pub struct Leveler {
    profiles: Vec<Profile>,
    capacity: Vec<f64>,
    /// `ready[task * LANES + lane]`: the earliest start the task's links and its resources'
    /// `joins` allowed.
    pub ready: Vec<f64>,
    /// `blocker[task * LANES + lane]`: the resource the task last waited for, or `NO_BLOCKER`.
    pub blocker: Vec<u16>,
    /// The tasks that use each resource (CSR).
    user_offsets: Vec<u32>,
    users: Vec<u32>,
    sequencer: Sequencer,
    keys: Vec<f64>,
    list: Vec<u32>,
    spare: Times,
    spare_ready: Vec<f64>,
    spare_blocker: Vec<u16>,
}

impl Leveler {
    pub fn new(model: &Model) -> Self {
        let n = model.tasks.len();
        let lev = &model.leveling;
        let r = lev.resources.len();
        let mut user_offsets = vec![0u32; r + 1];
        for &(k, _) in &lev.demands {
            user_offsets[k as usize + 1] += 1;
        }
        for k in 0..r {
            user_offsets[k + 1] += user_offsets[k];
        }
        let mut at = user_offsets.clone();
        let mut users = vec![0u32; user_offsets[r] as usize];
        // Built only for a model with resources, whose compiled demands have their offsets.
        for i in 0..n {
            for &(k, _) in lev.demands_of(i) {
                users[at[k as usize] as usize] = i as u32;
                at[k as usize] += 1;
            }
        }
        let busy = |k: usize| (user_offsets[k + 1] - user_offsets[k]) as usize;
        Leveler {
            profiles: (0..r).map(|k| Profile::with_room(busy(k))).collect(),
            capacity: lev.resources.iter().map(|x| x.capacity).collect(),
            ready: vec![0.0; n * LANES],
            blocker: vec![NO_BLOCKER; n * LANES],
            user_offsets,
            users,
            sequencer: Sequencer::new(model),
            keys: vec![0.0; n],
            list: Vec::with_capacity(n),
            spare: Times::new(n),
            spare_ready: vec![0.0; n * LANES],
            spare_blocker: vec![NO_BLOCKER; n * LANES],
        }
    }

    /// The tasks that use resource `k`.
    #[inline]
    pub fn users_of(&self, k: usize) -> &[u32] {
        &self.users[self.user_offsets[k] as usize..self.user_offsets[k + 1] as usize]
    }

    /// Levels every lane of the block with the model's capacities and levelling order.
    pub fn level(&mut self, model: &Model, duration: &[f64], times: &mut Times) {
        let Leveler {
            profiles,
            capacity,
            ready,
            blocker,
            ..
        } = self;
        for l in 0..LANES {
            let mut lane = Lane {
                times: &mut *times,
                ready: &mut ready[..],
                blocker: &mut blocker[..],
                l,
            };
            schedule_lane(
                model,
                &model.leveling.order,
                capacity,
                profiles,
                duration,
                &mut lane,
            );
        }
    }

    /// What one more unit of each resource buys in lane `l`. The lane is levelled again with
    /// the tasks taken in the order in which they started in its own schedule (`times`), once
    /// with the capacities as they are (`finish[0]`) and once with one more unit of each
    /// resource in turn (`finish[1 + resource]`). Taken in that order no task starts later
    /// than it did, so one more unit never delays anything, and the two sides of the
    /// difference share their sequencing: the difference is the resource's alone. A resource
    /// no task waited for changes nothing and is not levelled again.
    pub fn one_more(
        &mut self,
        model: &Model,
        duration: &[f64],
        times: &Times,
        l: usize,
        finish: &mut [f64],
    ) {
        let n = model.tasks.len();
        for i in 0..n {
            self.keys[i] = times.start[i * LANES + l];
        }
        self.sequencer.order(model, &self.keys, &mut self.list);
        let run = |lv: &mut Leveler| {
            let mut lane = Lane {
                times: &mut lv.spare,
                ready: &mut lv.spare_ready,
                blocker: &mut lv.spare_blocker,
                l,
            };
            let waited = schedule_lane(
                model,
                &lv.list,
                &lv.capacity,
                &mut lv.profiles,
                duration,
                &mut lane,
            );
            (waited, lv.spare.lane_end(l))
        };
        let (waited, base) = run(self);
        finish[0] = base;
        for k in 0..self.capacity.len() {
            if waited & (1 << k.min(63)) == 0 {
                finish[1 + k] = base;
                continue;
            }
            self.capacity[k] += 1.0;
            finish[1 + k] = run(self).1;
            self.capacity[k] -= 1.0;
        }
    }

    /// Per resource and lane (`[resource * LANES + lane]`): the share of the time it is there,
    /// from its `joins` (or the start) to the project's finish `end`, that its units are in
    /// use, level-of-effort work included. Roles count working days of the project calendar,
    /// instance types calendar time.
    pub fn utilisation(&self, model: &Model, times: &Times, end: &[f64; LANES], out: &mut [f64]) {
        let lev = &model.leveling;
        for (k, res) in lev.resources.iter().enumerate() {
            let span = |a: f64, b: f64| match res.kind {
                ResourceKind::Role(_) => model.project_days(b) - model.project_days(a),
                ResourceKind::Instance(_) => b - a,
            };
            for l in 0..LANES {
                let mut used = 0.0;
                for &i in self.users_of(k) {
                    let i = i as usize;
                    let units = unit_of(lev.demands_of(i), k);
                    used += units * span(times.start[i * LANES + l], times.finish[i * LANES + l]);
                }
                if let ResourceKind::Role(r) = res.kind {
                    for loe in &model.level_of_effort {
                        for &(role, alloc) in &loe.people {
                            if role == r {
                                let from = times.start[loe.from as usize * LANES + l];
                                let to = times.finish[loe.to as usize * LANES + l];
                                used += alloc * span(from, to).max(0.0);
                            }
                        }
                    }
                }
                let there = res.capacity * span(res.from.min(end[l]), end[l]);
                out[k * LANES + l] = if there > 0.0 { used / there } else { 0.0 };
            }
        }
    }

    /// For each lane, the resource whose waits held the critical tasks back longest (the
    /// bottleneck), or `NO_BLOCKER` when no critical task waited for one.
    pub fn bottleneck(
        &self,
        model: &Model,
        times: &Times,
        critical: &[bool],
        out: &mut [u16; LANES],
    ) {
        let r = model.leveling.resources.len();
        for l in 0..LANES {
            let mut best = (NO_BLOCKER, super::critical::CRITICAL_EPS);
            for k in 0..r {
                let mut wait = 0.0;
                for &i in self.users_of(k) {
                    let at = i as usize * LANES + l;
                    if critical[at] && self.blocker[at] == k as u16 {
                        wait += times.start[at] - self.ready[at];
                    }
                }
                if wait > best.1 {
                    best = (k as u16, wait);
                }
            }
            out[l] = best.0;
        }
    }
}

/// The units of resource `k` among a task's demands.
#[inline]
fn unit_of(demands: &[(u32, f64)], k: usize) -> f64 {
    demands
        .iter()
        .find(|d| d.0 as usize == k)
        .map_or(0.0, |d| d.1)
}

/// Where one lane's schedule goes.
pub struct Lane<'a> {
    pub times: &'a mut Times,
    pub ready: &'a mut [f64],
    pub blocker: &'a mut [u16],
    pub l: usize,
}

/// The serial schedule generation scheme for one lane: tasks in `order` (precedence-feasible),
/// each at the earliest start its links allow at which every resource it uses has room for
/// it over its whole span. Returns the set of resources any task waited for (bit k for
/// resource k; resources past 63 all set bit 63).
pub fn schedule_lane(
    model: &Model,
    order: &[u32],
    capacity: &[f64],
    profiles: &mut [Profile],
    duration: &[f64],
    lane: &mut Lane<'_>,
) -> u64 {
    let mut waited = 0u64;
    let lev = &model.leveling;
    let l = lane.l;
    for p in profiles.iter_mut() {
        p.clear();
    }
    for &i in order {
        let i = i as usize;
        let at = i * LANES + l;
        let task = &model.tasks[i];
        let cal = task.calendar;
        if let TaskProgress::Done { start, finish, .. } = task.progress {
            // Finished work is history: it takes nobody from the plan ahead.
            lane.times.start[at] = start;
            lane.times.finish[at] = finish;
            lane.ready[at] = start;
            lane.blocker[at] = NO_BLOCKER;
            continue;
        }
        let d = task.work_left(duration[at]);
        let mut ready = own_bound(model, task, d);
        for p in model.preds_of(i) {
            let j = p.task as usize * LANES + l;
            let (ps, pf) = (lane.times.start[j], lane.times.finish[j]);
            let b = if p.kind == LinkKind::FS && p.lag == 0.0 {
                pf
            } else {
                link_bound(model, cal, p, d, ps, pf)
            };
            ready = ready.max(b);
        }
        let demands = lev.demands_of(i);
        for &(k, _) in demands {
            ready = ready.max(lev.resources[k as usize].from);
        }
        let finish_at = |t: f64| match cal {
            TaskCalendar::Continuous => t + d,
            TaskCalendar::Work(k) => model.work_calendar(k).add_work(t, d),
        };
        let mut t = ready;
        let mut f = t;
        let mut blocker = NO_BLOCKER;
        if d > 0.0 && !demands.is_empty() {
            // Each resource in turn moves the start to its earliest fit; done when none moves
            // it (the others may have lost room at the later start).
            let mut settled = 0;
            let mut k = 0;
            while settled < demands.len() {
                let (r, units) = demands[k];
                let r = r as usize;
                let (next, next_finish) = profiles[r].earliest(t, units, capacity[r], finish_at);
                f = next_finish;
                if next > t {
                    // Compiling refuses a demand beyond the capacity, the one way there could
                    // be no room ever.
                    debug_assert!(next.is_finite(), "task {i} never fits resource {r}");
                    if !next.is_finite() {
                        break;
                    }
                    t = next;
                    blocker = r as u16;
                    waited |= 1 << r.min(63);
                    settled = 1;
                } else {
                    settled += 1;
                }
                k = (k + 1) % demands.len();
            }
            for &(k, units) in demands {
                profiles[k as usize].book(t, f, units);
            }
        } else {
            f = finish_at(t);
        }
        if let TaskProgress::Started { start, .. } = task.progress {
            t = start;
        }
        lane.times.start[at] = t;
        lane.times.finish[at] = f;
        lane.ready[at] = ready;
        lane.blocker[at] = if t > ready { blocker } else { NO_BLOCKER };
    }
    waited
}

#[cfg(test)]
mod tests;
