//! The levelling order of the deterministic plan: a multi-pass heuristic, run once when a
//! model is compiled. It schedules the most likely durations many times with the serial
//! scheme, within a budget of schedules, and keeps the shortest schedule:
//!
//! - one list per priority rule (the chosen rule first);
//! - then lists drawn by regret-based biased random sampling around the chosen rule (a task
//!   is picked among those whose predecessors are placed with a probability that grows with
//!   the square of how much better its priority is than the worst one's), up to a population
//!   of 40 lists;
//! - then a genetic search over those lists (`genetic`): each generation, 40 children, each
//!   the two-point crossover of two parents drawn at random, then mutated by swapping
//!   neighbours (about eight pairs offered a swap per list); the 40 shortest of parents and
//!   children survive; when they all have the same makespan, the best is kept and the rest
//!   drawn afresh;
//! - every schedule improved by forward-backward justification where every task shares one
//!   calendar and no resource joins late: shifted as late as it can go (a serial scheme on the
//!   mirrored network, tasks by decreasing finish), then as early (tasks by increasing start),
//!   for as long as that shortens it; the list that enters the population is the start order
//!   of the improved schedule. Each pass counts as a schedule of the budget.
//!
//! On the PSPLIB sets (`benches/psplib_quality.rs`, 5,000 schedules per instance) the
//! sampling alone ends 0.42% above the optimum on j30 and 36.9% above the critical path on
//! j120; with the genetic search, 0.15% and 33.8%.
//!
//! The order kept is the start order of the best schedule: the serial scheme given tasks in
//! the order a feasible schedule starts them starts none of them later, so iterations at the
//! most likely durations reproduce the plan exactly.

use crate::model::{LinkKind, Model, Pred, TaskCalendar, TaskProgress};

use super::super::LANES;
use super::super::inputs::Inputs;
use super::super::network::Times;
use super::super::rng::{side_rng, uniform};
use super::genetic;
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
        self.times.lane_end(0)
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
    // Dates held by constraints or progress do not mirror: justify free plans only.
    let held = model.tasks.iter().any(|t| {
        t.not_before > 0.0 || t.finish_not_before > 0.0 || t.progress != TaskProgress::NotStarted
    });
    let justify = n > 0 && one_calendar && !late_joins && !held;
    let axis = if one_calendar {
        work_axis(model)
    } else {
        model.clone()
    };
    let forward = Runner::new(axis, &d);
    let backward = justify.then(|| Runner::new(mirrored(&forward.model), &d));
    let mut search = Search {
        forward,
        backward,
        budget: schedules.max(1),
        generated: 0,
        best: (f64::INFINITY, vec![0.0; n]),
        key: vec![0.0; n],
        scratch: Vec::with_capacity(n),
    };

    // One list per rule, the chosen one first; then lists sampled around it, up to a
    // population.
    let mut rules = vec![rule];
    rules.extend(ALL_RULES.iter().copied().filter(|&r| r != rule));
    let succ = Successors::of(model);
    let mut rng = side_rng(SEED, n as u64);
    let mut population: Vec<(f64, Vec<u32>)> = Vec::with_capacity(2 * POPULATION);
    let mut list = Vec::with_capacity(n);
    let mut sequencer = Sequencer::new(model);
    for (pass, &r) in rules.iter().enumerate() {
        if !search.can_run() {
            break;
        }
        let k = if pass == 0 {
            keys.clone()
        } else {
            priorities(model, &d, r)
        };
        sequencer.order(model, &k, &mut list);
        population.push(search.evaluate(model, &list));
    }
    while population.len() < POPULATION && search.can_run() {
        sample_list(model, &succ, &keys, &mut rng, &mut list);
        population.push(search.evaluate(model, &list));
    }

    // Generations: as many children as parents, each of two parents drawn at random
    // (crossover, then mutation); the shortest of parents and children survive.
    let mut taken = vec![false; n];
    let mut child = Vec::with_capacity(n);
    let mutation = (SWAPS / n.max(2) as f64).min(0.5);
    while search.can_run() && population.len() > 1 {
        let parents = population.len();
        for _ in 0..parents {
            if !search.can_run() {
                break;
            }
            let a = pick(&mut rng, parents);
            let mut b = pick(&mut rng, parents - 1);
            if b >= a {
                b += 1;
            }
            let q1 = pick(&mut rng, n + 1);
            let q2 = q1 + pick(&mut rng, n + 1 - q1);
            genetic::crossover(
                &population[a].1,
                &population[b].1,
                q1,
                q2,
                &mut taken,
                &mut child,
            );
            genetic::mutate(&mut child, &succ, mutation, &mut rng);
            population.push(search.evaluate(model, &child));
        }
        population.sort_by(|x, y| x.0.total_cmp(&y.0));
        population.truncate(POPULATION);
        if population[0].0 == population[population.len() - 1].0 {
            // Every list gives the same makespan: the search has stalled. Start again from
            // the best and fresh samples.
            population.truncate(1);
            while population.len() < POPULATION && search.can_run() {
                sample_list(model, &succ, &keys, &mut rng, &mut list);
                population.push(search.evaluate(model, &list));
            }
        }
    }

    let mut order = Vec::with_capacity(n);
    sequencer.order(model, &search.best.1, &mut order);
    Baseline {
        order,
        schedules: search.generated,
    }
}

/// Individuals of the genetic search.
const POPULATION: usize = 40;
/// How many pairs of neighbours in a child's list are offered a swap, on average.
const SWAPS: f64 = 8.0;

/// A whole number in `0..k` (k >= 1).
fn pick(rng: &mut impl rand::Rng, k: usize) -> usize {
    ((uniform(rng) * k as f64) as usize).min(k - 1)
}

/// The schedules made so far, the best one, and the runners that make them.
struct Search {
    forward: Runner,
    backward: Option<Runner>,
    budget: usize,
    generated: usize,
    /// The shortest makespan so far and the starts of its schedule.
    best: (f64, Vec<f64>),
    key: Vec<f64>,
    scratch: Vec<u32>,
}

impl Search {
    fn can_run(&self) -> bool {
        self.generated < self.budget
    }

    /// Schedules `list` and improves the schedule by forward-backward justification (when
    /// the plan allows it) for as long as that shortens it: shifted as late as it can go (a
    /// serial scheme on the mirrored network, tasks by decreasing finish), then as early
    /// (tasks by increasing start). The makespan of the last schedule and its start order.
    fn evaluate(&mut self, model: &Model, list: &[u32]) -> (f64, Vec<u32>) {
        let n = model.tasks.len();
        let mut span = self.forward.run(list);
        self.generated += 1;
        keep(&self.forward, span, &mut self.best);
        if let Some(back) = self.backward.as_mut() {
            while self.generated + 2 <= self.budget {
                for i in 0..n {
                    self.key[i] = -self.forward.finish(i);
                }
                back.sequencer
                    .order(&back.model, &self.key, &mut self.scratch);
                let back_span = back.run(&self.scratch);
                for i in 0..n {
                    // Late start in forward time is back_span - mirrored finish.
                    self.key[i] = back_span - back.finish(i);
                }
                self.forward
                    .sequencer
                    .order(model, &self.key, &mut self.scratch);
                let new_span = self.forward.run(&self.scratch);
                self.generated += 2;
                keep(&self.forward, new_span, &mut self.best);
                let better = new_span < span - 1e-9;
                span = new_span;
                if !better {
                    break;
                }
            }
        }
        for i in 0..n {
            self.key[i] = self.forward.start(i);
        }
        let mut order = Vec::with_capacity(n);
        self.forward.sequencer.order(model, &self.key, &mut order);
        (span, order)
    }
}

/// Keeps the runner's schedule if it is the shortest so far.
fn keep(r: &Runner, span: f64, best: &mut (f64, Vec<f64>)) {
    if span < best.0 - 1e-9 {
        best.0 = span;
        for (i, s) in best.1.iter_mut().enumerate() {
            *s = r.start(i);
        }
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
    let work = match m.tasks.first().map(|t| t.calendar) {
        Some(TaskCalendar::Work(k)) => Some(k),
        _ => None,
    };
    for t in &mut m.tasks {
        t.calendar = TaskCalendar::Continuous;
    }
    if let Some(k) = work {
        for r in &mut m.leveling.resources {
            r.from = model.work_calendar(k).work_at(r.from);
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
