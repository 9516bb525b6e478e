//! Drawing an iteration's uncertain inputs straight into its lane of a block: task durations
//! (compute runs simulated), fixed costs, risk events and Spot prices. The deterministic plan
//! fills the same arrays with most-likely values, so both go through one schedule.
//!
//! The stream of uniforms of one iteration is laid out in a fixed order: one per task for its
//! duration (or compute hours), then one per uncertain fixed cost, then three per risk event
//! (occurrence, delay, cost) whether it occurs or not. Plans of one scenario that differ only
//! in how tasks run therefore see the same draws (common random numbers).

use crate::model::compute::{ComputeRun, Prices, RunOutcome};
use crate::model::{Model, TaskModel, TaskProgress, Work, sampler::norm_quantile};

use super::LANES;
use super::rng::{self, STRATA, uniform};

/// One block's inputs, `value[task * LANES + lane]` (risks and instance types likewise).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Duration of each task, days of its own calendar.
    pub duration: Vec<f64>,
    /// Fixed cost of each task.
    pub fixed_cost: Vec<f64>,
    /// How each compute task's run went (default for other tasks).
    pub runs: Vec<RunOutcome>,
    /// Whether each risk event occurred.
    pub occurred: Vec<bool>,
    /// Money spent on risk events, per lane.
    pub risk_cost: [f64; LANES],
    /// What each risk event cost (0 when it did not occur), `risk * LANES + lane`.
    pub risk_costs: Vec<f64>,
    /// Spot price of each instance type, as a factor of its stated price.
    pub spot_factor: Vec<f64>,
    /// The block's uniforms, lane by lane (`lane * tasks + task`): behind each task's duration
    /// (after strata and correlation), behind each uncertain fixed cost, and three per risk
    /// event (`lane * 3 * risks + 3 * risk`).
    u: Vec<f64>,
    cost_u: Vec<f64>,
    risk_u: Vec<f64>,
    /// Compute hours of each task, `task * LANES + lane`.
    hours: Vec<f64>,
    /// Copula scratch.
    g: Vec<f64>,
    /// Positions of the tasks with an uncertain fixed cost, and of the compute tasks.
    uncertain_costs: Vec<usize>,
    compute_tasks: Vec<usize>,
    /// Positions of the tasks whose people are not there full time (`stretch` > 1).
    stretched: Vec<usize>,
    /// Positions of the tasks with progress whose durations are settled after the draws.
    progressed: Vec<usize>,
}

impl Inputs {
    pub fn new(model: &Model) -> Self {
        let n = model.tasks.len();
        Inputs {
            duration: vec![0.0; n * LANES],
            fixed_cost: vec![0.0; n * LANES],
            runs: vec![RunOutcome::default(); n * LANES],
            occurred: vec![false; model.risks.len() * LANES],
            risk_cost: [0.0; LANES],
            risk_costs: vec![0.0; model.risks.len() * LANES],
            spot_factor: vec![1.0; model.instances.len() * LANES],
            u: vec![0.5; n * LANES],
            cost_u: vec![0.5; n * LANES],
            risk_u: vec![0.5; 3 * model.risks.len() * LANES],
            hours: vec![0.0; n * LANES],
            g: vec![0.0; model.copula.as_ref().map_or(0, |c| c.len())],
            uncertain_costs: (0..n)
                .filter(|&i| {
                    let c = &model.tasks[i].fixed_cost;
                    c.as_ref().is_some_and(|c| !c.is_fixed())
                })
                .collect(),
            compute_tasks: (0..n)
                .filter(|&i| matches!(model.tasks[i].work, Work::Compute { .. }))
                .collect(),
            stretched: (0..n).filter(|&i| model.tasks[i].stretch != 1.0).collect(),
            progressed: (0..n)
                .filter(|&i| model.tasks[i].progress != TaskProgress::NotStarted)
                .collect(),
        }
    }

    /// Draws iterations `first .. first + lanes` of a run seeded with `seed` into lanes
    /// `0..lanes`. With Latin hypercube sampling, `strata` holds the block's permutations
    /// (`tasks x STRATA`).
    ///
    /// Each iteration's uniforms are taken from its own generator in the stream's fixed order
    /// (lane by lane); they become durations and costs task by task over the lanes, so that
    /// each task's distribution is read once per block; risk events, compute runs and Spot
    /// prices follow lane by lane. The numbers are those of one iteration at a time.
    ///
    /// Compiled for AVX-512 too, and run so where the processor has it: the same IEEE
    /// operations in the same order, so the same numbers to the bit (a test holds both to it).
    pub fn draw(
        &mut self,
        model: &Model,
        seed: u64,
        first: u64,
        lanes: usize,
        strata: Option<&[u16]>,
    ) {
        #[cfg(target_arch = "x86_64")]
        {
            if crate::engine::network::has_avx512() {
                // SAFETY: the processor has the features, checked just above.
                return unsafe { self.draw_avx512(model, seed, first, lanes, strata) };
            }
        }
        self.draw_plain(model, seed, first, lanes, strata)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,avx512f,avx512dq,avx512vl")]
    unsafe fn draw_avx512(
        &mut self,
        model: &Model,
        seed: u64,
        first: u64,
        lanes: usize,
        strata: Option<&[u16]>,
    ) {
        self.draw_body(model, seed, first, lanes, strata)
    }

    /// [`Inputs::draw`] compiled for the baseline of the target.
    pub fn draw_plain(
        &mut self,
        model: &Model,
        seed: u64,
        first: u64,
        lanes: usize,
        strata: Option<&[u16]>,
    ) {
        self.draw_body(model, seed, first, lanes, strata)
    }

    #[inline(always)]
    fn draw_body(
        &mut self,
        model: &Model,
        seed: u64,
        first: u64,
        lanes: usize,
        strata: Option<&[u16]>,
    ) {
        let n = model.tasks.len();
        let n_risks = model.risks.len();
        for l in 0..lanes {
            let index = first + l as u64;
            let mut rng = rng::iteration_rng(seed, index);
            let u = &mut self.u[l * n..(l + 1) * n];
            for x in u.iter_mut() {
                *x = uniform(&mut rng);
            }
            if let Some(perm) = strata {
                let j = index as usize % STRATA;
                for (t, x) in u.iter_mut().enumerate() {
                    *x = (perm[t * STRATA + j] as f64 + *x) / STRATA as f64;
                }
            }
            if let Some(c) = &model.copula {
                c.correlate(u, &mut self.g);
            }
            for &i in &self.uncertain_costs {
                self.cost_u[l * n + i] = uniform(&mut rng);
            }
            for x in &mut self.risk_u[l * 3 * n_risks..(l + 1) * 3 * n_risks] {
                *x = uniform(&mut rng);
            }
        }
        let mut lane_u = [0.0f64; LANES];
        for (i, task) in model.tasks.iter().enumerate() {
            let at = i * LANES;
            for (l, x) in lane_u[..lanes].iter_mut().enumerate() {
                *x = self.u[l * n + i];
            }
            match &task.work {
                Work::Duration(d) => {
                    d.quantiles(&lane_u[..lanes], &mut self.duration[at..at + lanes]);
                }
                Work::Compute { hours, .. } => {
                    hours.quantiles(&lane_u[..lanes], &mut self.hours[at..at + lanes]);
                }
            }
            let costs = &mut self.fixed_cost[at..at + lanes];
            match &task.fixed_cost {
                Some(c) if !c.is_fixed() => {
                    for (l, x) in lane_u[..lanes].iter_mut().enumerate() {
                        *x = self.cost_u[l * n + i];
                    }
                    c.quantiles(&lane_u[..lanes], costs);
                }
                Some(c) => costs.fill(c.most_likely()),
                None => costs.fill(0.0),
            }
        }
        for l in 0..lanes {
            self.risks_and_runs(model, seed, first + l as u64, l);
        }
    }

    /// Lane `l`'s risk events (on the durations and hours drawn), then its compute runs and
    /// Spot prices, each from a stream of its own.
    #[inline]
    fn risks_and_runs(&mut self, model: &Model, seed: u64, index: u64, l: usize) {
        let n = model.tasks.len();
        let n_risks = model.risks.len();
        let mut risk_cost = 0.0;
        for (k, risk) in model.risks.iter().enumerate() {
            let at = l * 3 * n_risks + 3 * k;
            let (u_occurs, u_delay, u_cost) =
                (self.risk_u[at], self.risk_u[at + 1], self.risk_u[at + 2]);
            let impact = &risk.impact;
            let occurs = u_occurs < impact.probability;
            self.occurred[k * LANES + l] = occurs;
            self.risk_costs[k * LANES + l] = 0.0;
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
                // like any work and, on Spot, exposed to interruptions. The fraction is of the
                // task's drawn work (the same quantile of the same uniform again), not of what
                // earlier events hitting the task already added.
                let u = self.u[l * n + t];
                match &model.tasks[t].work {
                    Work::Duration(d) => {
                        let drawn = if fraction != 0.0 { d.quantile(u) } else { 0.0 };
                        self.duration[t * LANES + l] += delay + fraction * drawn;
                    }
                    Work::Compute { hours, .. } => {
                        let drawn = if fraction != 0.0 {
                            hours.quantile(u)
                        } else {
                            0.0
                        };
                        self.hours[t * LANES + l] += 24.0 * delay + fraction * drawn;
                    }
                }
            }
            let cost = impact.cost.as_ref().map_or(0.0, |c| c.quantile(u_cost));
            self.risk_costs[k * LANES + l] = cost;
            risk_cost += cost;
        }
        self.risk_cost[l] = risk_cost;
        // People who give the project part of their time take longer over its work, risk
        // delays (more work for them) included.
        for &i in &self.stretched {
            self.duration[i * LANES + l] *= model.tasks[i].stretch;
        }
        for &i in &self.progressed {
            let d = &mut self.duration[i * LANES + l];
            *d = whole_work(&model.tasks[i], *d);
        }
        let side = rng::side_seed(seed, index);
        for &i in &self.compute_tasks {
            if let Work::Compute { run, .. } = &model.tasks[i].work {
                let h = self.hours[i * LANES + l];
                let o = if run.is_spot() {
                    run.simulate_run(h, &mut rng::side_rng(side, i as u64))
                } else {
                    uninterrupted(run, h)
                };
                self.runs[i * LANES + l] = o;
                self.duration[i * LANES + l] = o.wall_hours / 24.0;
            }
        }
        for (k, inst) in model.instances.iter().enumerate() {
            self.spot_factor[k * LANES + l] = if inst.spot_price_sigma > 0.0 {
                // A stream of its own, after the tasks' run streams.
                let mut r = rng::side_rng(side, (model.tasks.len() + k) as u64);
                let z = norm_quantile(uniform(&mut r));
                let sigma = inst.spot_price_sigma;
                (sigma * z - sigma * sigma / 2.0).exp()
            } else {
                1.0
            };
        }
    }

    /// Fills every lane with the plan as written: every estimate at its most likely value, no
    /// risk event, no interruption (Spot billed at the Spot price), prices as stated.
    pub fn most_likely(&mut self, model: &Model) {
        for (i, task) in model.tasks.iter().enumerate() {
            let (duration, run) = match &task.work {
                Work::Duration(d) => (
                    whole_work(task, d.most_likely() * task.stretch),
                    RunOutcome::default(),
                ),
                Work::Compute { hours, run, .. } => {
                    let o = uninterrupted(run, hours.most_likely());
                    (o.wall_hours / 24.0, o)
                }
            };
            let cost = task.fixed_cost.as_ref().map_or(0.0, |c| c.most_likely());
            for l in 0..LANES {
                self.duration[i * LANES + l] = duration;
                self.runs[i * LANES + l] = run;
                self.fixed_cost[i * LANES + l] = cost;
            }
        }
        self.occurred.fill(false);
        self.spot_factor.fill(1.0);
        self.risk_cost = [0.0; LANES];
        self.risk_costs.fill(0.0);
    }
}

/// The whole work of a task with progress whose duration drawn (risk delays and its people's
/// availability included) is `d`: a finished task's work done; a started one's `d`, or `d` and
/// the work done when `d` is what is left.
#[inline]
fn whole_work(task: &TaskModel, d: f64) -> f64 {
    match task.progress {
        TaskProgress::Done { work, .. } => work,
        TaskProgress::Started { done, .. } if task.remaining_drawn => d + done,
        _ => d,
    }
}

/// What a run costs when the Spot price is `spot_factor` times the stated one.
#[inline]
pub fn run_cost(prices: &Prices, o: &RunOutcome, spot_factor: f64) -> f64 {
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
