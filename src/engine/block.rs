//! The hot path: a block of `LANES` iterations advances through the network together.
//!
//! Each iteration draws its inputs exactly as a lone iteration would (`schedule::sample_inputs`,
//! from its own generator), and the forward pass, the cost roll-up and the critical-path trace
//! do the same arithmetic in the same order as `schedule::schedule` and
//! `schedule::mark_critical`: the numbers are bit for bit those of the one-at-a-time code. What
//! changes is the layout: state is kept as `value[task * LANES + lane]`, so the work on one
//! task is a short loop over independent lanes. A lone iteration is one long chain of
//! dependent calendar lookups; sixteen of them side by side keep the processor busy while each
//! lookup waits for memory, and the maxima over predecessors become vector instructions.

// Lane loops index several arrays in step (`for l in 0..LANES`), which reads more plainly here
// than zipped iterators and compiles to the same vector code.
#![allow(clippy::needless_range_loop)]

use crate::model::compute::RunOutcome;
use crate::model::{CalendarKind, LinkKind, Model, Pred, Work};

use super::schedule::{self, Scratch, Totals};

/// Iterations per block.
pub const LANES: usize = 16;

/// Working memory for one block, sized once for a model.
#[derive(Debug, Clone)]
pub struct Block {
    /// One iteration's draws, before they are spread into the lanes.
    pub lone: Scratch,
    pub duration: Vec<f64>,
    pub fixed_cost: Vec<f64>,
    pub runs: Vec<RunOutcome>,
    pub start: Vec<f64>,
    pub finish: Vec<f64>,
    pub critical: Vec<bool>,
    pub role_days: Vec<f64>,
    pub instance_hours: Vec<f64>,
    pub milestone_finish: Vec<f64>,
    pub occurred: Vec<bool>,
    pub risk_cost: [f64; LANES],
    pub totals: [Totals; LANES],
    /// Spot price factor per instance type, `instances x LANES`.
    pub spot_factor: Vec<f64>,
}

impl Block {
    pub fn new(model: &Model) -> Self {
        let n = model.tasks.len() * LANES;
        Block {
            lone: Scratch::new(model),
            duration: vec![0.0; n],
            fixed_cost: vec![0.0; n],
            runs: vec![RunOutcome::default(); n],
            start: vec![0.0; n],
            finish: vec![0.0; n],
            critical: vec![false; n],
            role_days: vec![0.0; model.roles.len() * LANES],
            instance_hours: vec![0.0; model.instances.len() * LANES],
            milestone_finish: vec![0.0; model.milestones.len() * LANES],
            occurred: vec![false; model.risks.len() * LANES],
            risk_cost: [0.0; LANES],
            totals: [Totals::default(); LANES],
            spot_factor: vec![1.0; model.instances.len() * LANES],
        }
    }

    /// Takes lane `l`'s inputs from `self.lone`, where `sample` has just drawn them.
    pub fn take_lane(&mut self, model: &Model, l: usize) {
        let s = &self.lone;
        for i in 0..model.tasks.len() {
            let k = i * LANES + l;
            self.duration[k] = s.duration[i];
            self.fixed_cost[k] = s.fixed_cost[i];
            if let Work::Compute { .. } = model.tasks[i].work {
                self.runs[k] = s.runs[i];
            }
        }
        for (r, &o) in s.occurred.iter().enumerate() {
            self.occurred[r * LANES + l] = o;
        }
        self.risk_cost[l] = s.risk_cost;
        for (k, &f) in s.spot_factor.iter().enumerate() {
            self.spot_factor[k * LANES + l] = f;
        }
    }
}

/// The earliest start a link allows, for one lane: `schedule::link_bound`'s arithmetic.
#[inline(always)]
fn link_bound(model: &Model, cal: CalendarKind, b: &Block, p: &Pred, d: f64, l: usize) -> f64 {
    let j = p.task as usize * LANES + l;
    if p.kind == LinkKind::FS && p.lag == 0.0 {
        return b.finish[j];
    }
    schedule::bound_from(model, cal, p, d, b.start[j], b.finish[j])
}

/// Forward pass, costs and critical path of all lanes; results in `b.totals`.
pub fn schedule(model: &Model, b: &mut Block) {
    b.role_days.fill(0.0);
    b.instance_hours.fill(0.0);
    b.milestone_finish.fill(0.0);
    let mut end = [0.0f64; LANES];
    let mut cost_fixed = [0.0f64; LANES];
    let mut cost_compute = [0.0f64; LANES];
    let mut useful = [0.0f64; LANES];
    let mut interruptions = [0.0f64; LANES];
    for (i, task) in model.tasks.iter().enumerate() {
        let cal = task.calendar;
        let at = i * LANES;
        let mut start = [0.0f64; LANES];
        for p in model.preds_of(i) {
            if p.kind == LinkKind::FS && p.lag == 0.0 {
                let f = &b.finish[p.task as usize * LANES..][..LANES];
                for l in 0..LANES {
                    start[l] = start[l].max(f[l]);
                }
            } else {
                for l in 0..LANES {
                    let d = b.duration[at + l];
                    start[l] = start[l].max(link_bound(model, cal, b, p, d, l));
                }
            }
        }
        let mut finish = [0.0f64; LANES];
        match cal {
            CalendarKind::Continuous => {
                for l in 0..LANES {
                    finish[l] = start[l] + b.duration[at + l];
                }
            }
            CalendarKind::Workdays => {
                for l in 0..LANES {
                    finish[l] = model.workdays.add_work(start[l], b.duration[at + l]);
                }
            }
        }
        b.start[at..at + LANES].copy_from_slice(&start);
        b.finish[at..at + LANES].copy_from_slice(&finish);
        for l in 0..LANES {
            end[l] = end[l].max(finish[l]);
        }
        if !task.people.is_empty() {
            let mut person_days = [0.0f64; LANES];
            for l in 0..LANES {
                person_days[l] = match cal {
                    CalendarKind::Workdays => b.duration[at + l],
                    CalendarKind::Continuous => {
                        model.project_days(finish[l]) - model.project_days(start[l])
                    }
                };
            }
            for &(r, alloc) in &task.people {
                let days = &mut b.role_days[r as usize * LANES..][..LANES];
                for l in 0..LANES {
                    days[l] += alloc * person_days[l];
                }
            }
        }
        if let Work::Compute {
            instance, prices, ..
        } = &task.work
        {
            for l in 0..LANES {
                let o = &b.runs[at + l];
                b.instance_hours[*instance as usize * LANES + l] +=
                    o.billed_spot_hours + o.billed_on_demand_hours;
                cost_compute[l] +=
                    schedule::run_cost(prices, o, b.spot_factor[*instance as usize * LANES + l]);
                useful[l] += o.useful_hours;
                interruptions[l] += o.interruptions as f64;
            }
        }
        if let Some(m) = task.milestone {
            let ms = &mut b.milestone_finish[m as usize * LANES..][..LANES];
            for l in 0..LANES {
                ms[l] = ms[l].max(finish[l]);
            }
        }
        for l in 0..LANES {
            cost_fixed[l] += b.fixed_cost[at + l];
        }
    }
    for loe in &model.level_of_effort {
        for l in 0..LANES {
            let from = b.start[loe.from as usize * LANES + l];
            let to = b.finish[loe.to as usize * LANES + l];
            let days = (model.project_days(to) - model.project_days(from)).max(0.0);
            for &(r, alloc) in &loe.people {
                b.role_days[r as usize * LANES + l] += alloc * days;
            }
        }
    }
    let mitigation = model.mitigation_cost();
    for l in 0..LANES {
        let cost_people = model
            .roles
            .iter()
            .enumerate()
            .map(|(r, role)| role.rate_per_day * b.role_days[r * LANES + l])
            .sum();
        let billed_hours = (0..model.instances.len())
            .map(|k| b.instance_hours[k * LANES + l])
            .sum();
        b.totals[l] = Totals {
            finish: end[l],
            cost_people,
            cost_compute: cost_compute[l],
            cost_fixed: cost_fixed[l] + mitigation,
            cost_risk: b.risk_cost[l],
            useful_hours: useful[l],
            billed_hours,
            interruptions: interruptions[l],
        };
    }
    mark_critical(model, b);
}

/// `schedule::mark_critical` for every lane.
fn mark_critical(model: &Model, b: &mut Block) {
    let n = model.tasks.len();
    for i in 0..n {
        for l in 0..LANES {
            b.critical[i * LANES + l] =
                b.finish[i * LANES + l] >= b.totals[l].finish - schedule::CRITICAL_EPS;
        }
    }
    for i in (0..n).rev() {
        let at = i * LANES;
        if !b.critical[at..at + LANES].iter().any(|&c| c) {
            continue;
        }
        let cal = model.tasks[i].calendar;
        for p in model.preds_of(i) {
            let j = p.task as usize * LANES;
            for l in 0..LANES {
                if b.critical[at + l]
                    && link_bound(model, cal, b, p, b.duration[at + l], l)
                        >= b.start[at + l] - schedule::CRITICAL_EPS
                {
                    b.critical[j + l] = true;
                }
            }
        }
    }
}
