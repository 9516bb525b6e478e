//! What a scheduled block adds up to, lane by lane: the project's finish, milestones' finishes,
//! person-days per role (level of effort included), billed instance-hours per type, and the
//! cost of people, compute, fixed costs (mitigations in force included) and risk events.
//!
//! A person-day is a day of someone's time on this project: a task's allocation times the
//! working days it spans times the role's `availability`. People paid as assigned cost their
//! rate per person-day. People on the payroll cost their rate x count x availability for every
//! working day from the start (or `joins`) to the project's finish (or `leaves`), or their
//! person-days if those come to more (work beyond the payroll, e.g. with capacities ignored);
//! what the payroll pays beyond their person-days is idle time.
//!
//! What a task costs (`Usage::task_cost`, behind the cost drivers) is what is charged to it: its
//! person-days at their roles' rates, its compute run and its fixed cost. The payroll's idle
//! time, level of effort and the mitigations' price belong to no task.

#![allow(clippy::needless_range_loop)]

use crate::model::{Model, TaskCalendar, Work};

use super::LANES;
use super::inputs::{Inputs, run_cost};
use super::network::Times;

/// What one iteration adds up to.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    /// Project finish, days since the start on the continuous timeline.
    pub finish: f64,
    pub cost_people: f64,
    pub cost_compute: f64,
    pub cost_fixed: f64,
    /// Cost of the risk events that occurred.
    pub cost_risk: f64,
    /// The part of `cost_people` that pays people on the payroll for idle time.
    pub cost_idle: f64,
    /// Instance-hours the compute tasks needed (work only).
    pub useful_hours: f64,
    /// Instance-hours billed.
    pub billed_hours: f64,
    /// Spot interruptions over all compute tasks.
    pub interruptions: f64,
}

impl Totals {
    pub fn cost(&self) -> f64 {
        self.cost_people + self.cost_compute + self.cost_fixed + self.cost_risk
    }
}

/// Per-lane sums beyond the totals, `value[k * LANES + lane]`.
#[derive(Debug, Clone)]
pub struct Usage {
    pub role_days: Vec<f64>,
    pub instance_hours: Vec<f64>,
    pub milestone_finish: Vec<f64>,
    /// What each task cost, `task * LANES + lane`: filled by [`task_costs`], only in the
    /// blocks whose iterations are kept in the sample.
    pub task_cost: Vec<f64>,
}

impl Usage {
    pub fn new(model: &Model) -> Self {
        Usage {
            role_days: vec![0.0; model.roles.len() * LANES],
            instance_hours: vec![0.0; model.instances.len() * LANES],
            milestone_finish: vec![0.0; model.milestones.len() * LANES],
            task_cost: vec![0.0; model.tasks.len() * LANES],
        }
    }
}

/// Adds up the block's schedule into `usage` and `totals`.
pub fn roll_up(
    model: &Model,
    inputs: &Inputs,
    times: &Times,
    usage: &mut Usage,
    totals: &mut [Totals; LANES],
) {
    usage.role_days.fill(0.0);
    usage.instance_hours.fill(0.0);
    usage.milestone_finish.fill(0.0);
    let mut end = [0.0f64; LANES];
    let mut cost_fixed = [0.0f64; LANES];
    let mut cost_compute = [0.0f64; LANES];
    let mut useful = [0.0f64; LANES];
    let mut interruptions = [0.0f64; LANES];
    for (i, task) in model.tasks.iter().enumerate() {
        let at = i * LANES;
        let start = &times.start[at..at + LANES];
        let finish = &times.finish[at..at + LANES];
        for l in 0..LANES {
            end[l] = end[l].max(finish[l]);
            cost_fixed[l] += inputs.fixed_cost[at + l];
        }
        if !task.people.is_empty() {
            let person_days = person_days(model, task.calendar, inputs, start, finish, at);
            for &(r, alloc) in &task.people {
                let share = alloc * model.roles[r as usize].availability;
                let days = &mut usage.role_days[r as usize * LANES..][..LANES];
                for l in 0..LANES {
                    days[l] += share * person_days[l];
                }
            }
        }
        if let Work::Compute {
            instance, prices, ..
        } = &task.work
        {
            let k = *instance as usize * LANES;
            for l in 0..LANES {
                let o = &inputs.runs[at + l];
                usage.instance_hours[k + l] += o.billed_spot_hours + o.billed_on_demand_hours;
                cost_compute[l] += run_cost(prices, o, inputs.spot_factor[k + l]);
                useful[l] += o.useful_hours;
                interruptions[l] += o.interruptions as f64;
            }
        }
        if let Some(m) = task.milestone {
            let ms = &mut usage.milestone_finish[m as usize * LANES..][..LANES];
            for l in 0..LANES {
                ms[l] = ms[l].max(finish[l]);
            }
        }
    }
    for loe in &model.level_of_effort {
        for l in 0..LANES {
            let from = times.start[loe.from as usize * LANES + l];
            let to = times.finish[loe.to as usize * LANES + l];
            let days = (model.project_days(to) - model.project_days(from)).max(0.0);
            for &(r, alloc) in &loe.people {
                let share = alloc * model.roles[r as usize].availability;
                usage.role_days[r as usize * LANES + l] += share * days;
            }
        }
    }
    let mitigation = model.mitigation_cost();
    for l in 0..LANES {
        let (mut cost_people, mut cost_idle) = (0.0, 0.0);
        for (r, role) in model.roles.iter().enumerate() {
            let assigned = role.rate_per_day * usage.role_days[r * LANES + l];
            let paid = match role.payroll() {
                Some(count) => {
                    let days = model.project_days(role.leaves.min(end[l]))
                        - model.project_days(role.joins.min(end[l]));
                    role.rate_per_day * count * role.availability * days
                }
                None => 0.0,
            };
            cost_people += assigned.max(paid);
            // Idle only beyond rounding: a payroll that the work fills exactly is not idle.
            let idle = paid - assigned;
            if idle > 1e-9 * paid {
                cost_idle += idle;
            }
        }
        let billed_hours = (0..model.instances.len())
            .map(|k| usage.instance_hours[k * LANES + l])
            .sum();
        totals[l] = Totals {
            finish: end[l],
            cost_people,
            cost_compute: cost_compute[l],
            cost_fixed: cost_fixed[l] + mitigation,
            cost_risk: inputs.risk_cost[l],
            cost_idle,
            useful_hours: useful[l],
            billed_hours,
            interruptions: interruptions[l],
        };
    }
}

/// The working days of the task at `at` (`task * LANES`) on its people's time, lane by lane:
/// its drawn duration on the `workdays` calendar, the project days it spans on `continuous`.
#[inline]
fn person_days(
    model: &Model,
    cal: TaskCalendar,
    inputs: &Inputs,
    start: &[f64],
    finish: &[f64],
    at: usize,
) -> [f64; LANES] {
    let mut days = [0.0f64; LANES];
    for l in 0..LANES {
        days[l] = match cal {
            TaskCalendar::Work(_) => inputs.duration[at + l],
            TaskCalendar::Continuous => {
                model.project_days(finish[l]) - model.project_days(start[l])
            }
        };
    }
    days
}

/// What each task of the block cost, into `task_cost` (`task * LANES + lane`): its fixed cost,
/// then its person-days at their roles' rates, then its compute run, added in that order. Only
/// the iterations kept in the sample need it, so `roll_up` leaves it out.
pub fn task_costs(model: &Model, inputs: &Inputs, times: &Times, task_cost: &mut [f64]) {
    for (i, task) in model.tasks.iter().enumerate() {
        let at = i * LANES;
        let cost = &mut task_cost[at..at + LANES];
        cost.copy_from_slice(&inputs.fixed_cost[at..at + LANES]);
        if !task.people.is_empty() {
            let start = &times.start[at..at + LANES];
            let finish = &times.finish[at..at + LANES];
            let person_days = person_days(model, task.calendar, inputs, start, finish, at);
            for &(r, alloc) in &task.people {
                let role = &model.roles[r as usize];
                let share = alloc * role.availability;
                for l in 0..LANES {
                    cost[l] += role.rate_per_day * share * person_days[l];
                }
            }
        }
        if let Work::Compute {
            instance, prices, ..
        } = &task.work
        {
            let k = *instance as usize * LANES;
            for l in 0..LANES {
                cost[l] += run_cost(prices, &inputs.runs[at + l], inputs.spot_factor[k + l]);
            }
        }
    }
}
