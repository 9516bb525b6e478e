//! The compiled model: a scenario validated once and laid out flat for the engine. Tasks are
//! in topological order, predecessors in one CSR array, samplers have their parameters
//! precomputed, calendars are tables, costs are rates. After `compile` succeeds, simulation
//! cannot fail.

pub mod beta;
pub mod calendar;
mod compile;
pub mod compute;
pub mod correlation;
mod estimate_forms;
mod graph;
pub mod limits;
pub mod sampler;

use jiff::civil::Date;

pub use crate::scenario::CalendarKind;
pub use crate::scenario::LinkKind;

pub use calendar::WorkCalendar;
pub use sampler::Sampler;

/// The default target confidence.
pub const DEFAULT_CONFIDENCE: f64 = 0.8;
/// The most interruptions a compute run may expect in its longest runs (at the hours'
/// 1 - 1e-9 quantile) before the plan is refused as a mistake. A hundred times what a
/// 2,000-hour job on GPU Spot instances meets; each costs about 0.4 microseconds per
/// iteration, so a run at the bound takes 0.04 s per iteration.
pub const MAX_INTERRUPTIONS: f64 = 1e5;
/// The default sprint length in working days.
pub const DEFAULT_SPRINT_DAYS: f64 = 10.0;

/// How the people of a role are paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paid {
    /// For the working days of the tasks they work on (contractors, a pool to draw from).
    Assigned,
    /// On the payroll from the project start (or `joins`) until the project finishes (or
    /// `leaves`): idle days and delays cost money.
    Throughout,
}

/// A role of the team.
#[derive(Debug, Clone)]
pub struct Role {
    pub name: String,
    /// How many people of the role exist; `None` when the scenario gives no `count` (a pool
    /// with as many people as the tasks ask for: no capacity, paid as assigned).
    pub count: Option<f64>,
    pub rate_per_day: f64,
    /// Share of each person's working time spent on this project, in (0, 1]: a task worked
    /// by a half-time person spans twice its work, and the project pays half a day's rate per
    /// working day.
    pub availability: f64,
    /// Timeline days since the project start from which the role is there (0: from the start).
    pub joins: f64,
    /// Timeline days after which the role is gone (infinite: stays to the end).
    pub leaves: f64,
    pub paid: Paid,
}

impl Role {
    /// People paid throughout: `count`, when it is given and the role is on the payroll.
    pub fn payroll(&self) -> Option<f64> {
        match (self.paid, self.count) {
            (Paid::Throughout, Some(c)) => Some(c),
            _ => None,
        }
    }
}

/// A cloud instance type and its prices.
#[derive(Debug, Clone)]
pub struct InstanceType {
    pub name: String,
    pub on_demand_per_hour: f64,
    /// Spot price per hour, when Spot can be bought.
    pub spot_per_hour: Option<f64>,
    /// Spot lifetimes, when Spot can be bought.
    pub interruptions: Option<compute::Interruptions>,
    pub capacity: compute::Capacity,
    pub notice_hours: f64,
    /// Log-scale sd of the Spot price factor (0: the price is known).
    pub spot_price_sigma: f64,
    /// The most instances of the type that may run at once (an account quota, a reserved
    /// pool); `None`: no limit.
    pub max_running: Option<u32>,
}

/// Something the schedule may not use more of than exists at any moment: a role with a
/// `count`, or an instance type with a `max_running` quota.
#[derive(Debug, Clone)]
pub struct Resource {
    pub name: String,
    pub kind: ResourceKind,
    /// Units that exist (people, instances).
    pub capacity: f64,
    /// Timeline days before which none of it is there (a role's `joins`; 0 otherwise).
    pub from: f64,
}

/// What a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// Index into `Model::roles`.
    Role(u32),
    /// Index into `Model::instances`.
    Instance(u32),
}

/// The priority rule that orders tasks for the serial schedule generation scheme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PriorityRule {
    /// Latest finish time first (of the unconstrained most-likely schedule).
    #[default]
    LatestFinish,
    /// Latest start time first.
    LatestStart,
    /// Most total successors first.
    MostSuccessors,
    /// Greatest rank positional weight: own duration plus all successors' durations.
    RankPositionalWeight,
    /// Shortest processing time first.
    ShortestFirst,
    /// The order of the file (topological where the file is not).
    FileOrder,
}

/// What levelling needs beyond the network: capacities and who demands them.
#[derive(Debug, Clone, Default)]
pub struct Leveling {
    /// Capacities enforced in every iteration (`resource_constrained`, not
    /// `--ignore-capacities`). When false the schedule is the plain forward pass, and the
    /// resources are only reported on.
    pub enforced: bool,
    pub rule: PriorityRule,
    /// Every resource of the model.
    pub resources: Vec<Resource>,
    /// `demands[demand_offsets[i]..demand_offsets[i + 1]]` are task i's (resource, units).
    pub demand_offsets: Vec<u32>,
    pub demands: Vec<(u32, f64)>,
    /// The order in which the serial scheme schedules tasks (precedence-feasible): the start
    /// order of the deterministic levelled plan, so that an iteration at the most likely
    /// durations reproduces that plan. Filled in by `compile`.
    pub order: Vec<u32>,
}

impl Leveling {
    /// Task i's demands: (resource index, units).
    #[inline]
    pub fn demands_of(&self, i: usize) -> &[(u32, f64)] {
        &self.demands[self.demand_offsets[i] as usize..self.demand_offsets[i + 1] as usize]
    }

    /// True when iterations are scheduled with capacities.
    pub fn active(&self) -> bool {
        self.enforced && !self.resources.is_empty()
    }
}

/// What a task's duration comes from.
#[derive(Debug, Clone)]
pub enum Work {
    /// A duration in days of the task's calendar.
    Duration(Sampler),
    /// A compute run: `hours` of work on each of `count` instances; wall time hours / 24 days.
    Compute {
        instance: u32,
        count: u32,
        hours: Sampler,
        /// How the run goes: on-demand, or Spot with interruptions.
        run: Box<compute::ComputeRun>,
        prices: compute::Prices,
    },
}

/// The calendar a task's work counts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskCalendar {
    /// Every day, around the clock.
    Continuous,
    /// Working days of `Model::calendars[k]`; 0 is the project's `workdays` calendar.
    Work(u16),
}

impl TaskCalendar {
    /// The project's working days.
    pub const WORKDAYS: TaskCalendar = TaskCalendar::Work(0);

    pub fn is_continuous(self) -> bool {
        self == TaskCalendar::Continuous
    }
}

/// A working-time calendar of the model: the project's (`workdays`) or a named one.
#[derive(Debug, Clone)]
pub struct NamedCalendar {
    /// `workdays` for the project's; else the scenario's name for it.
    pub name: String,
    pub table: WorkCalendar,
}

/// A task, compiled.
#[derive(Debug, Clone)]
pub struct TaskModel {
    pub id: String,
    pub name: String,
    /// The task's place in the plan's breakdown (`Civils / Piling`), when the plan has one.
    pub wbs: Option<String>,
    pub calendar: TaskCalendar,
    pub work: Work,
    /// (role index, allocation).
    pub people: Vec<(u32, f64)>,
    pub fixed_cost: Option<Sampler>,
    pub milestone: Option<u32>,
    /// Elapsed days per day of work: 1 / the lowest `availability` of the task's people (1 for
    /// compute runs, whose length is the run's).
    pub stretch: f64,
    /// The earliest time its work (its remaining work, once started) may begin: a start no
    /// earlier than a date, or the status date; 0 when nothing holds it.
    pub not_before: f64,
    /// The earliest time it may finish (finish no earlier than a date); 0 when none.
    pub finish_not_before: f64,
    pub progress: TaskProgress,
    /// With `progress` `Started`: the duration drawn is the work left (a `remaining`
    /// estimate), to which the work done is added to make the whole.
    pub remaining_drawn: bool,
}

impl TaskModel {
    /// The work still to do of a task whose whole work is `d`.
    #[inline]
    pub fn work_left(&self, d: f64) -> f64 {
        match self.progress {
            TaskProgress::Started { done, .. } => (d - done).max(0.0),
            _ => d,
        }
    }
}

/// What has been done on a task by the status date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TaskProgress {
    /// Nothing yet: all its work lies ahead.
    NotStarted,
    /// Finished: it ran from `start` to `finish` (timeline times), whatever its links say,
    /// over `work` days of its calendar (what its people are paid for).
    Done { start: f64, finish: f64, work: f64 },
    /// Under way since `start`; `done` days of its calendar's work lay between then and the
    /// status date. The duration drawn for it is its whole work, `done` included: what is
    /// left is the rest, worked from the status date on.
    Started { start: f64, done: f64 },
}

/// One incoming link of a task.
#[derive(Debug, Clone, Copy)]
pub struct Pred {
    pub task: u32,
    pub kind: LinkKind,
    /// Days of the successor's calendar.
    pub lag: f64,
}

/// A milestone: finishes when the last of its member tasks finishes.
#[derive(Debug, Clone)]
pub struct MilestoneModel {
    pub id: String,
    pub name: String,
    pub deadline: Option<Date>,
    pub members: Vec<u32>,
}

/// The uncertain impact of a risk event (before or after mitigation).
#[derive(Debug, Clone)]
pub struct RiskImpact {
    pub probability: f64,
    /// Days added to each hit task.
    pub delay: Option<Sampler>,
    /// Fraction of each hit task's sampled duration added to it.
    pub delay_fraction: Option<Sampler>,
    /// Money the occurrence costs.
    pub cost: Option<Sampler>,
}

/// A risk event of the register.
#[derive(Debug, Clone)]
pub struct RiskModel {
    pub id: String,
    pub description: String,
    /// Positions of the tasks it hits.
    pub tasks: Vec<u32>,
    /// The impact in force (post-mitigation when `CompileOptions::mitigations` chooses it).
    pub impact: RiskImpact,
    /// The mitigated impact and the mitigation's cost, when the register gives one.
    pub mitigation: Option<(RiskImpact, f64)>,
    /// True when the mitigation is in force.
    pub mitigated: bool,
}

/// A level-of-effort activity: spans from the start of `from` to the finish of `to`.
#[derive(Debug, Clone)]
pub struct LevelOfEffortModel {
    pub id: String,
    pub name: String,
    pub from: u32,
    pub to: u32,
    pub people: Vec<(u32, f64)>,
}

/// The whole compiled plan.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub currency: String,
    pub start: Date,
    pub calendar: CalendarKind,
    /// The working-time calendars tasks count on: the project's `workdays` first, then the
    /// scenario's named calendars.
    pub calendars: Vec<NamedCalendar>,
    pub confidence: f64,
    pub deadline: Option<Date>,
    pub budget: Option<f64>,
    pub sprint_days: f64,
    /// The status date, when progress is recorded: no work happens before it.
    pub status_date: Option<Date>,
    pub tasks: Vec<TaskModel>,
    /// `preds[pred_offsets[i]..pred_offsets[i + 1]]` are task i's predecessors.
    pub pred_offsets: Vec<u32>,
    pub preds: Vec<Pred>,
    pub roles: Vec<Role>,
    pub instances: Vec<InstanceType>,
    /// Capacities, demands and the levelling order.
    pub leveling: Leveling,
    pub milestones: Vec<MilestoneModel>,
    pub risks: Vec<RiskModel>,
    pub level_of_effort: Vec<LevelOfEffortModel>,
    /// Correlated task uncertainties, when the scenario has any.
    pub copula: Option<correlation::Copula>,
    /// Things the user should know that did not stop the run (e.g. a repaired correlation).
    pub warnings: Vec<String>,
    /// The plan applied, if any.
    pub plan: Option<String>,
    /// The names of the scenario's plans, in file order.
    pub plans: Vec<String>,
}

impl Model {
    /// The cost of the mitigations in force.
    pub fn mitigation_cost(&self) -> f64 {
        self.risks
            .iter()
            .filter(|r| r.mitigated)
            .filter_map(|r| r.mitigation.as_ref().map(|m| m.1))
            .sum()
    }

    /// The predecessors of task `i`.
    #[inline]
    pub fn preds_of(&self, i: usize) -> &[Pred] {
        &self.preds[self.pred_offsets[i] as usize..self.pred_offsets[i + 1] as usize]
    }

    /// The project's working days: the `workdays` calendar.
    #[inline]
    pub fn workdays(&self) -> &WorkCalendar {
        &self.calendars[0].table
    }

    /// The table of a working-day calendar.
    #[inline]
    pub fn work_calendar(&self, k: u16) -> &WorkCalendar {
        &self.calendars[k as usize].table
    }

    /// The name a scenario gives a task's calendar (`workdays`, `continuous` or its own).
    pub fn calendar_name(&self, cal: TaskCalendar) -> &str {
        match cal {
            TaskCalendar::Continuous => "continuous",
            TaskCalendar::Work(k) => &self.calendars[k as usize].name,
        }
    }

    /// The time at which `work` days of calendar `cal` started at `t` are done.
    #[inline]
    pub fn add_work(&self, cal: TaskCalendar, t: f64, work: f64) -> f64 {
        match cal {
            TaskCalendar::Continuous => t + work,
            TaskCalendar::Work(k) => self.work_calendar(k).add_work(t, work),
        }
    }

    /// Time `t` measured in days of the project calendar since the start.
    #[inline]
    pub fn project_days(&self, t: f64) -> f64 {
        match self.calendar {
            CalendarKind::Continuous => t.max(0.0),
            CalendarKind::Workdays => self.workdays().work_at(t),
        }
    }

    /// The date on which something ending at time `t` finishes.
    pub fn finish_date(&self, t: f64) -> Date {
        calendar::date_of_finish(self.start, t)
    }

    /// The day (0-based from the start, capped at `calendar::MAX_DAY`) on which something
    /// ending at time `finish` ends: the day of `finish_date`.
    #[inline]
    pub fn finish_day(&self, finish: f64) -> u32 {
        calendar::finish_day(finish).min(calendar::MAX_DAY as i64) as u32
    }

    /// The day (0-based from the start, capped like `finish_day`) on which a task scheduled
    /// from `start` to `finish` on calendar `cal` starts: the day in which its work begins. A
    /// start at exactly midnight belongs to the day it begins; a `workdays` task that would
    /// start on a day off (at Saturday 00:00 after a Friday finish) begins on the next working
    /// day. Never after its finish day: a task of no length at midnight is dated like its
    /// finish, on the day before.
    #[inline]
    pub fn start_day(&self, cal: TaskCalendar, start: f64, finish: f64) -> u32 {
        let day = calendar::start_day(start).min(calendar::MAX_DAY as i64) as u32;
        let day = match cal {
            TaskCalendar::Work(k) if finish > start => {
                self.work_calendar(k).first_working_day_from(day)
            }
            _ => day,
        };
        day.min(self.finish_day(finish))
    }

    /// The date of day `day` (0-based from the start).
    pub fn date_of_day(&self, day: u32) -> Date {
        calendar::day_after(self.start, day as i64)
    }

    /// The latest finish time that still counts as finishing on `date`.
    pub fn end_of(&self, date: Date) -> f64 {
        self.start
            .until(date)
            .map(|s| s.get_days() as f64)
            .unwrap_or(0.0)
            + 1.0
    }

    /// The index of a task by id.
    pub fn task_index(&self, id: &str) -> Option<usize> {
        self.tasks.iter().position(|t| t.id == id)
    }
}

/// True when nothing in the model is uncertain: every iteration would give the same dates and
/// costs.
pub fn is_deterministic(model: &Model) -> bool {
    let fixed = |s: &Sampler| s.is_fixed();
    model.tasks.iter().all(|t| {
        let work = match &t.work {
            Work::Duration(s) => fixed(s),
            Work::Compute { hours, run, .. } => fixed(hours) && !run.is_spot(),
        };
        work && t.fixed_cost.as_ref().is_none_or(fixed)
    }) && model.risks.is_empty()
        && model.instances.iter().all(|i| i.spot_price_sigma == 0.0)
}

pub use compile::{CompileOptions, Mitigations, compile, compile_with, did_you_mean, sequence};
