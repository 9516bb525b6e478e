//! One iteration: draw every uncertain input, schedule the network with a forward pass, add up
//! costs and mark the critical tasks. Everything works in a caller-owned `Scratch`, so an
//! iteration allocates nothing.

use rand::Rng;

use crate::model::compute::{ComputeRun, RunOutcome};
use crate::model::{CalendarKind, LinkKind, Model, Work};

/// Per-thread working memory for one iteration, sized once for a model.
#[derive(Debug, Clone)]
pub struct Scratch {
    /// Sampled duration of each task, days of its own calendar.
    pub duration: Vec<f64>,
    /// Sampled compute hours per instance (0 for tasks without compute).
    pub hours: Vec<f64>,
    /// Sampled fixed cost of each task.
    pub fixed_cost: Vec<f64>,
    pub start: Vec<f64>,
    pub finish: Vec<f64>,
    pub critical: Vec<bool>,
    /// Person-days per role.
    pub role_days: Vec<f64>,
    /// Billed instance-hours per instance type.
    pub instance_hours: Vec<f64>,
    /// Finish time of each milestone.
    pub milestone_finish: Vec<f64>,
    /// The uniform draw behind each task's duration (after correlation).
    pub u: Vec<f64>,
    /// Copula scratch, one entry per correlated task.
    pub g: Vec<f64>,
    /// Whether each risk event occurred in this iteration.
    pub occurred: Vec<bool>,
    /// Money spent on risk events in this iteration.
    pub risk_cost: f64,
    /// How each compute task's run went (default for other tasks).
    pub runs: Vec<RunOutcome>,
    /// Seed of this iteration's compute runs: each task's run draws from its own stream, so
    /// that plans that change how one task runs leave every other draw alone.
    pub run_seed: u64,
    /// Spot price of each instance type in this iteration, as a factor of its stated price.
    pub spot_factor: Vec<f64>,
}

impl Scratch {
    pub fn new(model: &Model) -> Self {
        let n = model.tasks.len();
        Scratch {
            duration: vec![0.0; n],
            hours: vec![0.0; n],
            fixed_cost: vec![0.0; n],
            start: vec![0.0; n],
            finish: vec![0.0; n],
            critical: vec![false; n],
            role_days: vec![0.0; model.roles.len()],
            instance_hours: vec![0.0; model.instances.len()],
            milestone_finish: vec![0.0; model.milestones.len()],
            u: vec![0.5; n],
            g: vec![0.0; model.copula.as_ref().map_or(0, |c| c.len())],
            occurred: vec![false; model.risks.len()],
            risk_cost: 0.0,
            runs: vec![RunOutcome::default(); n],
            run_seed: 0,
            spot_factor: vec![1.0; model.instances.len()],
        }
    }
}

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

/// A uniform number in the open interval (0, 1), from the top 53 bits.
#[inline]
pub fn uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// Fills the scratch inputs with one random draw of every estimate and risk event.
///
/// The stream of uniforms is laid out in a fixed order: one per task for its duration (or
/// compute hours), then one per uncertain fixed cost, then three per risk event (occurrence,
/// delay, cost) whether it occurs or not. Plans of one scenario that differ only in how
/// tasks run therefore see the same draws (common random numbers).
#[inline]
pub fn sample_inputs<R: Rng + ?Sized>(model: &Model, rng: &mut R, s: &mut Scratch) {
    draw_uniforms(rng, s);
    inputs_from_uniforms(model, rng, s);
}

/// The first part of the stream: one uniform per task for its duration.
#[inline]
pub fn draw_uniforms<R: Rng + ?Sized>(rng: &mut R, s: &mut Scratch) {
    for u in s.u.iter_mut() {
        *u = uniform(rng);
    }
}

/// The rest: correlation applied to the duration uniforms in `s.u`, then durations, fixed
/// costs and risk events.
#[inline]
pub fn inputs_from_uniforms<R: Rng + ?Sized>(model: &Model, rng: &mut R, s: &mut Scratch) {
    if let Some(c) = &model.copula {
        c.correlate(&mut s.u, &mut s.g);
    }
    for (i, task) in model.tasks.iter().enumerate() {
        let u = s.u[i];
        match &task.work {
            Work::Duration(d) => s.duration[i] = d.quantile(u),
            Work::Compute { hours, .. } => s.hours[i] = hours.quantile(u),
        }
        s.fixed_cost[i] = match &task.fixed_cost {
            Some(c) if !c.is_fixed() => c.quantile(uniform(rng)),
            Some(c) => c.most_likely(),
            None => 0.0,
        };
    }
    s.risk_cost = 0.0;
    for (k, risk) in model.risks.iter().enumerate() {
        let (u_occurs, u_delay, u_cost) = (uniform(rng), uniform(rng), uniform(rng));
        let impact = &risk.impact;
        let occurs = u_occurs < impact.probability;
        s.occurred[k] = occurs;
        if !occurs {
            continue;
        }
        let delay = impact.delay.as_ref().map_or(0.0, |d| d.quantile(u_delay));
        let fraction = impact
            .delay_fraction
            .as_ref()
            .map_or(0.0, |f| f.quantile(u_delay));
        for &t in &risk.tasks {
            let t = t as usize;
            // A delay on a compute task is more work for its run (24 hours a day), billed
            // like any work and, on Spot, exposed to interruptions.
            // The fraction is of the task's drawn work (the same quantile of the same uniform
            // again), not of what earlier events hitting the task already added.
            match &model.tasks[t].work {
                Work::Duration(d) => {
                    let drawn = if fraction != 0.0 {
                        d.quantile(s.u[t])
                    } else {
                        0.0
                    };
                    s.duration[t] += delay + fraction * drawn;
                }
                Work::Compute { hours, .. } => {
                    let drawn = if fraction != 0.0 {
                        hours.quantile(s.u[t])
                    } else {
                        0.0
                    };
                    s.hours[t] += 24.0 * delay + fraction * drawn;
                }
            }
        }
        s.risk_cost += impact.cost.as_ref().map_or(0.0, |c| c.quantile(u_cost));
    }
    for (i, task) in model.tasks.iter().enumerate() {
        if let Work::Compute { run, .. } = &task.work {
            let h = s.hours[i];
            let o = if run.is_spot() {
                let mut task_rng = crate::engine::iteration_rng(s.run_seed, i as u64);
                run.simulate_run(h, &mut task_rng)
            } else {
                uninterrupted(run, h)
            };
            s.runs[i] = o;
            s.duration[i] = o.wall_hours / 24.0;
        }
    }
    for (k, inst) in model.instances.iter().enumerate() {
        s.spot_factor[k] = if inst.spot_price_sigma > 0.0 {
            // A stream of its own, after the tasks' run streams.
            let mut rng = crate::engine::iteration_rng(s.run_seed, (model.tasks.len() + k) as u64);
            let z = crate::model::sampler::norm_quantile(uniform(&mut rng));
            let sigma = inst.spot_price_sigma;
            (sigma * z - sigma * sigma / 2.0).exp()
        } else {
            1.0
        };
    }
}

/// What a run costs when the Spot price is `spot_factor` times the stated one.
#[inline]
pub fn run_cost(prices: &crate::model::compute::Prices, o: &RunOutcome, spot_factor: f64) -> f64 {
    o.billed_on_demand_hours * prices.on_demand_per_hour
        + o.billed_spot_hours * prices.spot_per_hour * spot_factor
}

/// A run with no interruption: what on-demand always is, and what the deterministic plan
/// assumes of Spot (billed at the Spot price).
#[inline]
fn uninterrupted(run: &ComputeRun, hours: f64) -> RunOutcome {
    let wall = run.on_demand_wall_hours(hours);
    let n = run.count() as f64;
    let billed = wall * n;
    RunOutcome {
        wall_hours: wall,
        billed_spot_hours: if run.is_spot() { billed } else { 0.0 },
        billed_on_demand_hours: if run.is_spot() { 0.0 } else { billed },
        useful_hours: hours.max(0.0) * n,
        ..RunOutcome::default()
    }
}

/// Fills the scratch inputs with every estimate at its most likely value.
pub fn deterministic_inputs(model: &Model, s: &mut Scratch) {
    for (i, task) in model.tasks.iter().enumerate() {
        match &task.work {
            Work::Duration(d) => s.duration[i] = d.most_likely(),
            Work::Compute { hours, run, .. } => {
                s.hours[i] = hours.most_likely();
                s.runs[i] = uninterrupted(run, s.hours[i]);
                s.duration[i] = s.runs[i].wall_hours / 24.0;
            }
        }
        s.fixed_cost[i] = task.fixed_cost.as_ref().map_or(0.0, |c| c.most_likely());
    }
    // The plan as written: no risk event occurs, prices are as stated.
    s.occurred.fill(false);
    s.spot_factor.fill(1.0);
    s.risk_cost = 0.0;
}

/// The earliest start of task `i` that a link from an already scheduled predecessor allows.
#[inline(always)]
fn link_bound(
    model: &Model,
    cal: CalendarKind,
    s: &Scratch,
    p: &crate::model::Pred,
    d: f64,
) -> f64 {
    // The common case, a plain finish-to-start link, takes no calendar arithmetic.
    if p.kind == LinkKind::FS && p.lag == 0.0 {
        return s.finish[p.task as usize];
    }
    link_bound_general(model, cal, s, p, d)
}

#[inline(never)]
fn link_bound_general(
    model: &Model,
    cal: CalendarKind,
    s: &Scratch,
    p: &crate::model::Pred,
    d: f64,
) -> f64 {
    let j = p.task as usize;
    bound_from(model, cal, p, d, s.start[j], s.finish[j])
}

/// The earliest start of a task of duration `d` on calendar `cal` that link `p` allows, given
/// its predecessor's start and finish.
#[inline(always)]
pub(crate) fn bound_from(
    model: &Model,
    cal: CalendarKind,
    p: &crate::model::Pred,
    d: f64,
    pred_start: f64,
    pred_finish: f64,
) -> f64 {
    let shifted = |t: f64| {
        if p.lag == 0.0 {
            t
        } else {
            model.add_work(cal, t, p.lag)
        }
    };
    // A `workdays` predecessor scheduled to start in idle time (after a Friday finish, at
    // Saturday 00:00) starts work on the next working day: a `continuous` successor's start
    // links count from then, or it would start before its predecessor has begun. (On a
    // `workdays` successor the idle time counts for nothing anyway.)
    let work_start = || {
        let pred_calendar = model.tasks[p.task as usize].calendar;
        if cal == CalendarKind::Continuous
            && pred_calendar == CalendarKind::Workdays
            && pred_finish > pred_start
        {
            model.workdays.next_working(pred_start)
        } else {
            pred_start
        }
    };
    match p.kind {
        LinkKind::FS => shifted(pred_finish),
        LinkKind::SS => shifted(work_start()),
        LinkKind::FF => model.add_work(cal, shifted(pred_finish), -d),
        LinkKind::SF => model.add_work(cal, shifted(work_start()), -d),
    }
}

/// Forward pass and cost roll-up over the inputs in `s`.
#[inline]
pub fn schedule(model: &Model, s: &mut Scratch) -> Totals {
    s.role_days.fill(0.0);
    s.instance_hours.fill(0.0);
    s.milestone_finish.fill(0.0);
    let mut end: f64 = 0.0;
    let mut cost_fixed = 0.0;
    let mut cost_compute = 0.0;
    let mut useful_hours = 0.0;
    let mut interruptions = 0.0;
    for (i, task) in model.tasks.iter().enumerate() {
        let d = s.duration[i];
        let cal = task.calendar;
        let mut start: f64 = 0.0;
        for p in model.preds_of(i) {
            start = start.max(link_bound(model, cal, s, p, d));
        }
        let finish = model.add_work(cal, start, d);
        s.start[i] = start;
        s.finish[i] = finish;
        end = end.max(finish);
        if !task.people.is_empty() {
            let person_days = match cal {
                CalendarKind::Workdays => d,
                CalendarKind::Continuous => model.project_days(finish) - model.project_days(start),
            };
            for &(r, alloc) in &task.people {
                s.role_days[r as usize] += alloc * person_days;
            }
        }
        if let Work::Compute {
            instance, prices, ..
        } = &task.work
        {
            let o = &s.runs[i];
            s.instance_hours[*instance as usize] += o.billed_spot_hours + o.billed_on_demand_hours;
            cost_compute += run_cost(prices, o, s.spot_factor[*instance as usize]);
            useful_hours += o.useful_hours;
            interruptions += o.interruptions as f64;
        }
        if let Some(m) = task.milestone {
            let m = m as usize;
            s.milestone_finish[m] = s.milestone_finish[m].max(finish);
        }
        cost_fixed += s.fixed_cost[i];
    }
    for loe in &model.level_of_effort {
        let from = s.start[loe.from as usize];
        let to = s.finish[loe.to as usize];
        let days = (model.project_days(to) - model.project_days(from)).max(0.0);
        for &(r, alloc) in &loe.people {
            s.role_days[r as usize] += alloc * days;
        }
    }
    cost_fixed += model.mitigation_cost();
    let cost_people = model
        .roles
        .iter()
        .zip(&s.role_days)
        .map(|(r, d)| r.rate_per_day * d)
        .sum();
    let billed_hours = s.instance_hours.iter().sum();
    Totals {
        finish: end,
        cost_people,
        cost_compute,
        cost_fixed,
        cost_risk: s.risk_cost,
        useful_hours,
        billed_hours,
        interruptions,
    }
}

/// Tolerance (days) under which two times count as equal when tracing the critical path.
pub(crate) const CRITICAL_EPS: f64 = 1e-7;

/// Marks the tasks on a critical path: those that end the project, and recursively every
/// predecessor whose link bound set a critical task's start. Ties mark every tied path.
pub fn mark_critical(model: &Model, s: &mut Scratch, end: f64) {
    let n = model.tasks.len();
    for i in 0..n {
        s.critical[i] = s.finish[i] >= end - CRITICAL_EPS;
    }
    for i in (0..n).rev() {
        if !s.critical[i] {
            continue;
        }
        let start = s.start[i];
        let cal = model.tasks[i].calendar;
        let d = s.duration[i];
        for p in model.preds_of(i) {
            if link_bound(model, cal, s, p, d) >= start - CRITICAL_EPS {
                s.critical[p.task as usize] = true;
            }
        }
    }
}
