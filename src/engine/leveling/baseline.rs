//! The levelling order of the deterministic plan: a multi-pass heuristic, run once when a
//! model is compiled. It schedules the most likely durations many times with the serial
//! scheme and keeps the shortest schedule:
//!
//! - one list per priority rule (the chosen rule first);
//! - then lists drawn by regret-based biased random sampling around the chosen rule (a task
//!   is picked among those whose predecessors are placed with a probability that grows with
//!   how much better its priority is than the worst one's);
//! - each schedule improved by forward-backward justification where every task shares one
//!   calendar and no resource joins late: shifted as late as it can go (a serial scheme on the
//!   mirrored network, tasks by decreasing finish), then as early (tasks by increasing start),
//!   for as long as that shortens it.
//!
//! The order kept is the start order of the best schedule: the serial scheme given tasks in
//! the order a feasible schedule starts them starts none of them later, so iterations at the
//! most likely durations reproduce the plan exactly.

use crate::model::{CalendarKind, LinkKind, Model, Pred};

use super::super::LANES;
use super::super::inputs::Inputs;
use super::super::network::Times;
use super::super::rng::{side_rng, uniform};
use super::order::{Sequencer, Successors, priorities};
use super::profile::Profile;
use super::{Lane, NO_BLOCKER, schedule_lane};
use crate::model::PriorityRule;

/// The work the heuristic may spend: task placements (schedules x tasks).
pub const PLACEMENTS: usize = 1_000_000;
/// The most schedules it generates, however small the plan.
pub const MAX_SCHEDULES: usize = 5_000;
/// The fewest, however large.
pub const MIN_SCHEDULES: usize = 20;
/// The seed of the sampled lists (fixed: a plan always gets the same baseline).
const SEED: u64 = 0x6261_7365_6c69_6e65;

/// The schedules the heuristic generates for a plan of `tasks` tasks by default.
pub fn default_schedules(tasks: usize) -> usize {
    (PLACEMENTS / tasks.max(1)).clamp(MIN_SCHEDULES, MAX_SCHEDULES)
}

/// What the heuristic found.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The levelling order: the start order of the best schedule.
    pub order: Vec<u32>,
    /// Schedules generated (justification passes included).
    pub schedules: usize,
}

/// One schedule generator on lane 0 of its own arrays.
struct Runner {
    model: Model,
    profiles: Vec<Profile>,
    capacity: Vec<f64>,
    duration: Vec<f64>,
    times: Times,
    ready: Vec<f64>,
    blocker: Vec<u16>,
    sequencer: Sequencer,
}

impl Runner {
    fn new(model: Model, d: &[f64]) -> Self {
        let n = model.tasks.len();
        let mut duration = vec![0.0; n * LANES];
        for i in 0..n {
            duration[i * LANES] = d[i];
        }
        Runner {
            profiles: (0..model.leveling.resources.len())
                .map(|_| Profile::with_room(n))
                .collect(),
            capacity: model
                .leveling
                .resources
                .iter()
                .map(|r| r.capacity)
                .collect(),
            duration,
            times: Times::new(n),
            ready: vec![0.0; n * LANES],
            blocker: vec![NO_BLOCKER; n * LANES],
            sequencer: Sequencer::new(&model),
            model,
        }
    }

    /// Schedules `list`; the makespan.
    fn run(&mut self, list: &[u32]) -> f64 {
        let mut lane = Lane {
            times: &mut self.times,
            ready: &mut self.ready,
            blocker: &mut self.blocker,
            l: 0,
        };
        schedule_lane(
            &self.model,
            list,
            &self.capacity,
            &mut self.profiles,
            &self.duration,
            &mut lane,
        );
        (0..self.model.tasks.len())
            .map(|i| self.times.finish[i * LANES])
            .fold(0.0, f64::max)
    }

    fn start(&self, i: usize) -> f64 {
        self.times.start[i * LANES]
    }

    fn finish(&self, i: usize) -> f64 {
        self.times.finish[i * LANES]
    }
}

/// Finds the levelling order of `model`'s deterministic plan with `schedules` schedules.
pub fn sequence(model: &Model, schedules: usize) -> Baseline {
    let n = model.tasks.len();
    let mut inputs = Inputs::new(model);
    inputs.most_likely(model);
    let d: Vec<f64> = (0..n).map(|i| inputs.duration[i * LANES]).collect();
    let rule = model.leveling.rule;
    let keys = priorities(model, &d, rule);

    // Justification needs one time axis: with one calendar, work time is that axis.
    let one_calendar = model
        .tasks
        .windows(2)
        .all(|w| w[0].calendar == w[1].calendar);
    let late_joins = model.leveling.resources.iter().any(|r| r.from > 0.0);
    let justify = n > 0 && one_calendar && !late_joins;
    let axis = if one_calendar {
        work_axis(model)
    } else {
        model.clone()
    };
    let mut forward = Runner::new(axis, &d);
    let mut backward = justify.then(|| Runner::new(mirrored(&forward.model), &d));

    let mut best = (f64::INFINITY, vec![0.0; n]);
    let mut list = Vec::with_capacity(n);
    let mut key = vec![0.0; n];
    let mut generated = 0;
    let mut rules = vec![rule];
    rules.extend(ALL_RULES.iter().copied().filter(|&r| r != rule));
    let succ = Successors::of(model);
    let mut rng = side_rng(SEED, n as u64);
    let mut pass = 0usize;
    while generated < schedules.max(1) {
        if pass < rules.len() {
            let k = if pass == 0 {
                keys.clone()
            } else {
                priorities(model, &d, rules[pass])
            };
            forward.sequencer.order(model, &k, &mut list);
        } else {
            sample_list(model, &succ, &keys, &mut rng, &mut list);
        }
        pass += 1;
        let mut span = forward.run(&list);
        generated += 1;
        keep(&forward, span, &mut best);
        if let Some(back) = backward.as_mut() {
            // Forward-backward improvement, while it shortens the schedule.
            loop {
                if generated + 2 > schedules {
                    break;
                }
                for i in 0..n {
                    key[i] = -forward.finish(i);
                }
                back.sequencer.order(&back.model, &key, &mut list);
                let back_span = back.run(&list);
                for i in 0..n {
                    // Late start in forward time is back_span - mirrored finish.
                    key[i] = back_span - back.finish(i);
                }
                forward.sequencer.order(model, &key, &mut list);
                let new_span = forward.run(&list);
                generated += 2;
                keep(&forward, new_span, &mut best);
                if new_span >= span - 1e-9 {
                    break;
                }
                span = new_span;
            }
        }
    }
    let mut order = Vec::with_capacity(n);
    forward.sequencer.order(model, &best.1, &mut order);
    Baseline {
        order,
        schedules: generated,
    }
}

/// Every rule, in the order the heuristic tries them after the chosen one.
const ALL_RULES: [PriorityRule; 6] = [
    PriorityRule::LatestFinish,
    PriorityRule::LatestStart,
    PriorityRule::RankPositionalWeight,
    PriorityRule::MostSuccessors,
    PriorityRule::ShortestFirst,
    PriorityRule::FileOrder,
];

/// Keeps the runner's schedule if it is the shortest so far.
fn keep(r: &Runner, span: f64, best: &mut (f64, Vec<f64>)) {
    if span < best.0 - 1e-9 {
        best.0 = span;
        for (i, s) in best.1.iter_mut().enumerate() {
            *s = r.start(i);
        }
    }
}

/// A list by regret-based biased random sampling: among the tasks whose predecessors are all
/// listed, task j is drawn with weight (1 + max key - key_j)^2.
fn sample_list(
    model: &Model,
    succ: &Successors,
    keys: &[f64],
    rng: &mut impl rand::Rng,
    list: &mut Vec<u32>,
) {
    let n = model.tasks.len();
    let mut waiting: Vec<u32> = (0..n)
        .map(|i| model.pred_offsets[i + 1] - model.pred_offsets[i])
        .collect();
    let mut eligible: Vec<u32> = (0..n as u32)
        .filter(|&i| waiting[i as usize] == 0)
        .collect();
    let mut weight = Vec::with_capacity(n);
    list.clear();
    while !eligible.is_empty() {
        let worst = eligible
            .iter()
            .map(|&i| keys[i as usize])
            .fold(f64::NEG_INFINITY, f64::max);
        weight.clear();
        let mut total = 0.0;
        for &i in &eligible {
            let w = (1.0 + worst - keys[i as usize]).powi(2);
            total += w;
            weight.push(total);
        }
        let u = uniform(rng) * total;
        let pick = weight.partition_point(|&w| w <= u).min(eligible.len() - 1);
        let i = eligible.swap_remove(pick);
        list.push(i);
        for &j in succ.of_task(i as usize) {
            let w = &mut waiting[j as usize];
            *w -= 1;
            if *w == 0 {
                eligible.push(j);
            }
        }
    }
}

/// The model on its one calendar's work time: every task continuous, `joins` dates as work
/// time. Durations and lags are already days of that calendar.
fn work_axis(model: &Model) -> Model {
    let mut m = model.clone();
    let workdays = m.tasks.first().map(|t| t.calendar) == Some(CalendarKind::Workdays);
    for t in &mut m.tasks {
        t.calendar = CalendarKind::Continuous;
    }
    if workdays {
        for r in &mut m.leveling.resources {
            r.from = model.workdays.work_at(r.from);
        }
    }
    m
}

/// The network backwards in time (start' = -finish, finish' = -start): each link i -> j
/// becomes j -> i, start-to-start and finish-to-finish trading places. `joins` dates do not
/// carry over (the heuristic does not justify plans that have them).
fn mirrored(model: &Model) -> Model {
    let n = model.tasks.len();
    let mut m = model.clone();
    let mut incoming: Vec<Vec<Pred>> = vec![Vec::new(); n];
    for j in 0..n {
        for p in model.preds_of(j) {
            let kind = match p.kind {
                LinkKind::FS => LinkKind::FS,
                LinkKind::SS => LinkKind::FF,
                LinkKind::FF => LinkKind::SS,
                LinkKind::SF => LinkKind::SF,
            };
            incoming[p.task as usize].push(Pred {
                task: j as u32,
                kind,
                lag: p.lag,
            });
        }
    }
    m.pred_offsets = vec![0];
    m.preds.clear();
    for ps in incoming {
        m.preds.extend(ps);
        m.pred_offsets.push(m.preds.len() as u32);
    }
    for r in &mut m.leveling.resources {
        r.from = 0.0;
    }
    m
}
