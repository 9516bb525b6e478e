//! The compiled model: a scenario validated once and laid out flat for the engine. Tasks are
//! in topological order, predecessors in one CSR array, samplers have their parameters
//! precomputed, calendars are tables, costs are rates. After `compile` succeeds, simulation
//! cannot fail.

pub mod beta;
pub mod calendar;
pub mod compute;
pub mod correlation;
mod graph;
pub mod sampler;

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use crate::error::{Error, Result};
pub use crate::scenario::CalendarKind;
pub use crate::scenario::LinkKind;
use crate::scenario::{self, Estimate, Scenario, Source};
pub use calendar::WorkCalendar;
pub use sampler::Sampler;

/// The default target confidence.
pub const DEFAULT_CONFIDENCE: f64 = 0.8;
/// The most interruptions a compute run may expect in its longest runs (at the hours'
/// 1 - 1e-9 quantile) before the plan is refused as a mistake.
pub const MAX_INTERRUPTIONS: f64 = 1e6;
/// The default sprint length in working days.
pub const DEFAULT_SPRINT_DAYS: f64 = 10.0;

/// A role of the team.
#[derive(Debug, Clone)]
pub struct Role {
    pub name: String,
    pub count: f64,
    pub rate_per_day: f64,
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

/// A task, compiled.
#[derive(Debug, Clone)]
pub struct TaskModel {
    pub id: String,
    pub name: String,
    pub calendar: CalendarKind,
    pub work: Work,
    /// (role index, allocation).
    pub people: Vec<(u32, f64)>,
    pub fixed_cost: Option<Sampler>,
    pub milestone: Option<u32>,
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
    /// The impact in force (post-mitigation after `Model::mitigate`).
    pub impact: RiskImpact,
    /// The mitigated impact and the mitigation's cost, when the register gives one.
    pub mitigation: Option<(RiskImpact, f64)>,
    /// True once `Model::mitigate` applied the mitigation.
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
    pub workdays: WorkCalendar,
    pub confidence: f64,
    pub deadline: Option<Date>,
    pub budget: Option<f64>,
    pub sprint_days: f64,
    pub tasks: Vec<TaskModel>,
    /// `preds[pred_offsets[i]..pred_offsets[i + 1]]` are task i's predecessors.
    pub pred_offsets: Vec<u32>,
    pub preds: Vec<Pred>,
    pub roles: Vec<Role>,
    pub instances: Vec<InstanceType>,
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
    /// Puts every risk's post-mitigation probability and impact in force; the mitigations'
    /// costs are then paid in every run (the engine adds them to the fixed costs).
    pub fn mitigate(&mut self) {
        for r in &mut self.risks {
            if let Some((impact, _)) = &r.mitigation {
                r.impact = impact.clone();
                r.mitigated = true;
            }
        }
    }

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

    /// The time at which `work` days of calendar `cal` started at `t` are done.
    #[inline]
    pub fn add_work(&self, cal: CalendarKind, t: f64, work: f64) -> f64 {
        match cal {
            CalendarKind::Continuous => t + work,
            CalendarKind::Workdays => self.workdays.add_work(t, work),
        }
    }

    /// Time `t` measured in days of the project calendar since the start.
    #[inline]
    pub fn project_days(&self, t: f64) -> f64 {
        match self.calendar {
            CalendarKind::Continuous => t.max(0.0),
            CalendarKind::Workdays => self.workdays.work_at(t),
        }
    }

    /// The date on which something ending at time `t` finishes.
    pub fn finish_date(&self, t: f64) -> Date {
        calendar::date_of_finish(self.start, t)
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

/// The id of the task at model position `pos`.
fn sc_task_id(sc: &Scenario, position: &[usize], pos: u32) -> String {
    position
        .iter()
        .position(|&p| p == pos as usize)
        .map(|i| sc.tasks[i].id.get_ref().clone())
        .unwrap_or_default()
}

/// ", did you mean `x`?" when a close name exists, else "".
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let best = candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((_, c)) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

/// Validates a scenario and compiles it. `source` gives file and line for messages.
pub fn compile(sc: &Scenario, source: &Source) -> Result<Model> {
    compile_plan(sc, source, None)
}

/// Compiles the scenario with one of its `[[plans]]` applied (None: as written).
pub fn compile_plan(sc: &Scenario, source: &Source, plan: Option<&str>) -> Result<Model> {
    let compiler = Compiler { source };
    let mut seen = std::collections::HashSet::new();
    for p in &sc.plans {
        if p.name.get_ref().trim().is_empty() {
            return compiler.err(p.name.span(), "a plan needs a name, e.g. name = \"spot\"");
        }
        if !seen.insert(p.name.get_ref().as_str()) {
            return compiler.err(
                p.name.span(),
                format!("plan `{}` is declared twice", p.name.get_ref()),
            );
        }
    }
    let chosen = match plan {
        None => None,
        Some(name) => match sc.plans.iter().find(|p| p.name.get_ref() == name) {
            Some(p) => Some(p),
            None => {
                let names: Vec<&str> = sc.plans.iter().map(|p| p.name.get_ref().as_str()).collect();
                return Err(Error::Options(format!(
                    "unknown plan `{name}`; the scenario's plans are: {}{}",
                    if names.is_empty() {
                        "(none)".to_string()
                    } else {
                        names.join(", ")
                    },
                    did_you_mean(name, names.iter().copied())
                )));
            }
        },
    };
    for p in &sc.plans {
        for (task, over) in &p.tasks {
            match sc.tasks.iter().find(|t| t.id.get_ref() == task) {
                Some(t) if t.compute.is_some() => {
                    // Checked for every plan, not only the one compiled: `check` and `run`
                    // must catch a typo in any plan.
                    if let Some(other) = &over.get_ref().instance
                        && !sc.instances.iter().any(|i| i.kind.get_ref() == other)
                    {
                        return compiler.err(
                            over.span(),
                            format!(
                                "plan `{}` gives task `{task}` unknown instance type `{other}`{}",
                                p.name.get_ref(),
                                did_you_mean(
                                    other,
                                    sc.instances.iter().map(|i| i.kind.get_ref().as_str())
                                )
                            ),
                        );
                    }
                }
                Some(_) => {
                    return compiler.err(
                        over.span(),
                        format!("plan `{}` overrides task `{task}`, which has no `compute`; plans change how compute tasks run", p.name.get_ref()),
                    );
                }
                None => {
                    return compiler.err(
                        over.span(),
                        format!(
                            "plan `{}` names unknown task `{task}`{}",
                            p.name.get_ref(),
                            did_you_mean(task, sc.tasks.iter().map(|t| t.id.get_ref().as_str()))
                        ),
                    );
                }
            }
        }
    }
    let mut model = compiler.compile(sc, chosen)?;
    for inst in &model.instances {
        if inst
            .spot_per_hour
            .is_some_and(|p| p > inst.on_demand_per_hour)
        {
            model.warnings.push(format!(
                "instance `{}` has a Spot price above its on-demand price; Spot will cost more",
                inst.name
            ));
        }
    }
    model.plan = plan.map(str::to_string);
    model.plans = sc.plans.iter().map(|p| p.name.get_ref().clone()).collect();
    Ok(model)
}

struct Compiler<'a> {
    source: &'a Source,
}

impl Compiler<'_> {
    fn err<T>(&self, span: std::ops::Range<usize>, msg: impl Into<String>) -> Result<T> {
        Err(self.source.invalid(span, msg))
    }

    fn number(&self, v: &toml::Spanned<f64>, what: &str, allow_zero: bool) -> Result<f64> {
        let x = *v.get_ref();
        if !x.is_finite() {
            return self.err(v.span(), format!("{what} must be a finite number, not {x}"));
        }
        if x < 0.0 || (!allow_zero && x == 0.0) {
            let need = if allow_zero {
                "zero or more"
            } else {
                "more than zero"
            };
            return self.err(v.span(), format!("{what} must be {need} (got {x})"));
        }
        Ok(x)
    }

    fn date(&self, v: &toml::Spanned<scenario::DateValue>) -> Result<Date> {
        v.get_ref().to_date().or_else(|m| self.err(v.span(), m))
    }

    fn compile(&self, sc: &Scenario, plan: Option<&scenario::Plan>) -> Result<Model> {
        let p = &sc.project;
        let start = self.date(&p.start)?;
        let confidence = match &p.confidence {
            Some(c) => {
                let x = *c.get_ref();
                if !(x > 0.0 && x < 1.0) {
                    return self.err(
                        c.span(),
                        format!("`confidence` must be between 0 and 1, e.g. 0.8 (got {x})"),
                    );
                }
                x
            }
            None => DEFAULT_CONFIDENCE,
        };
        let deadline = match &p.deadline {
            Some(d) => {
                let date = self.date(d)?;
                if date < start {
                    return self.err(
                        d.span(),
                        format!("the deadline {date} is before the project start {start}"),
                    );
                }
                Some(date)
            }
            None => None,
        };
        let budget = p
            .budget
            .as_ref()
            .map(|b| self.number(b, "`budget`", true))
            .transpose()?;
        let sprint_days = p
            .sprint_days
            .as_ref()
            .map(|s| self.number(s, "`sprint_days`", false))
            .transpose()?
            .unwrap_or(DEFAULT_SPRINT_DAYS);
        let mut holidays = Vec::new();
        for h in &p.holidays {
            holidays.push(self.date(h)?);
        }
        let workweek = match &p.workweek {
            Some(w) => {
                let mut days = Vec::new();
                for name in w.get_ref() {
                    match calendar::parse_weekday(name) {
                        Some(d) => days.push(d),
                        None => {
                            return self.err(
                                w.span(),
                                format!("`{name}` is not a weekday; write mon, tue, wed, thu, fri, sat or sun"),
                            );
                        }
                    }
                }
                days
            }
            None => calendar::default_workweek(),
        };
        let workdays = WorkCalendar::new(start, &workweek, &holidays).or_else(|m| {
            let span = p
                .workweek
                .as_ref()
                .map(|w| w.span())
                .unwrap_or(p.start.span());
            self.err(span, m)
        })?;

        let mut levels_over = Vec::new();
        for (name, o) in &sc.risk_levels {
            let v = o.get_ref();
            let min = v.min.unwrap_or(0.0);
            let max = v.max.unwrap_or(1.0);
            if !(min.is_finite() && max.is_finite() && (0.0..=1.0).contains(&min) && max >= 1.0) {
                return self.err(
                    o.span(),
                    format!("risk level `{name}` must have 0 <= min <= 1 <= max (fractions of the most likely value), got min = {min}, max = {max}"),
                );
            }
            if let Some(d) = &v.dist
                && !["pert", "triangular", "uniform"].contains(&d.as_str())
            {
                return self.err(
                    o.span(),
                    format!("risk level `{name}` has unknown dist `{d}`; use pert, triangular or uniform"),
                );
            }
            levels_over.push((name, v));
        }
        let levels = scenario::risk_table::with_overrides(levels_over);

        // People and instances.
        let mut roles = Vec::new();
        let mut role_index = HashMap::new();
        for person in &sc.people {
            let name = person.role.get_ref().clone();
            if role_index.insert(name.clone(), roles.len()).is_some() {
                return self.err(
                    person.role.span(),
                    format!("role `{name}` is listed twice; give each role one [[people]] entry with a count"),
                );
            }
            roles.push(Role {
                name: name.clone(),
                count: self.number(&person.count, &format!("`count` of role `{name}`"), false)?,
                rate_per_day: self.number(
                    &person.rate_per_day,
                    &format!("`rate_per_day` of role `{name}`"),
                    true,
                )?,
            });
        }
        let mut instances = Vec::new();
        let mut instance_index = HashMap::new();
        for inst in &sc.instances {
            let name = inst.kind.get_ref().clone();
            if instance_index
                .insert(name.clone(), instances.len())
                .is_some()
            {
                return self.err(
                    inst.kind.span(),
                    format!("instance type `{name}` is listed twice"),
                );
            }
            let on_demand_per_hour = self.number(
                &inst.on_demand_per_hour,
                &format!("`on_demand_per_hour` of `{name}`"),
                true,
            )?;
            instances.push(self.instance(inst, name, on_demand_per_hour)?);
        }

        // Tasks: ids first, so that dependencies can point forward in the file.
        if sc.tasks.is_empty() {
            return Err(Error::Invalid {
                location: Some(self.source.locate(0)),
                message: "the scenario has no tasks; add at least one [[tasks]] entry".into(),
            });
        }
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, t) in sc.tasks.iter().enumerate() {
            let id = t.id.get_ref().as_str();
            if id.trim().is_empty() {
                return self.err(t.id.span(), "a task id must not be empty");
            }
            if let Some(&first) = index.get(id) {
                let line = self.source.locate(sc.tasks[first].id.span().start).line;
                return self.err(
                    t.id.span(),
                    format!("duplicate task id `{id}` (first defined on line {line}); give each task its own id"),
                );
            }
            index.insert(id, i);
        }
        let ids: Vec<&str> = sc.tasks.iter().map(|t| t.id.get_ref().as_str()).collect();

        let mut edges = Vec::new();
        let mut links: Vec<Vec<(usize, LinkKind, f64)>> = vec![Vec::new(); sc.tasks.len()];
        for (i, t) in sc.tasks.iter().enumerate() {
            let id = ids[i];
            for dep in &t.depends_on {
                let d = dep.get_ref();
                if d.task == id {
                    return self.err(
                        dep.span(),
                        format!("task `{id}` depends on itself; remove `{id}` from its depends_on"),
                    );
                }
                let Some(&p) = index.get(d.task.as_str()) else {
                    return self.err(
                        dep.span(),
                        format!(
                            "task `{id}` depends on unknown task `{}`{}",
                            d.task,
                            did_you_mean(&d.task, ids.iter().copied())
                        ),
                    );
                };
                if !d.lag_days.is_finite() {
                    return self.err(
                        dep.span(),
                        format!(
                            "the lag from `{}` to `{id}` must be a finite number of days",
                            d.task
                        ),
                    );
                }
                if sc.tasks[p].level_of_effort.is_some() {
                    return self.err(
                        dep.span(),
                        format!(
                            "task `{id}` depends on level-of-effort task `{}`, which follows the schedule instead of driving it; depend on the tasks it spans",
                            d.task
                        ),
                    );
                }
                edges.push((p, i));
                links[i].push((p, d.kind, d.lag_days));
            }
        }
        let is_loe = |i: usize| sc.tasks[i].level_of_effort.is_some();
        let order = graph::topological_order(sc.tasks.len(), &edges).or_else(|cycle| {
            let names: Vec<String> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| format!("`{}`", ids[i]))
                .collect();
            self.err(
                sc.tasks[cycle[0]].id.span(),
                format!(
                    "dependency cycle: {}; remove one of these dependencies",
                    names.join(" -> ")
                ),
            )
        })?;
        let order: Vec<usize> = order.into_iter().filter(|&i| !is_loe(i)).collect();
        if order.is_empty() {
            return self.err(
                sc.tasks[0].id.span(),
                "every task is a level-of-effort activity; add at least one task with an estimate",
            );
        }
        let mut position = vec![usize::MAX; sc.tasks.len()];
        for (pos, &i) in order.iter().enumerate() {
            position[i] = pos;
        }

        // Milestones: declared ones first, then those named only by tasks, in file order.
        let mut milestones: Vec<MilestoneModel> = Vec::new();
        let mut milestone_index: HashMap<String, usize> = HashMap::new();
        let mut milestone_spans = Vec::new();
        for m in &sc.milestones {
            let id = m.id.get_ref().clone();
            if milestone_index
                .insert(id.clone(), milestones.len())
                .is_some()
            {
                return self.err(m.id.span(), format!("milestone `{id}` is declared twice"));
            }
            let deadline = match &m.deadline {
                Some(d) => {
                    let date = self.date(d)?;
                    if date < start {
                        return self.err(
                            d.span(),
                            format!("the deadline {date} of milestone `{id}` is before the project start {start}"),
                        );
                    }
                    Some(date)
                }
                None => None,
            };
            milestones.push(MilestoneModel {
                name: m.name.clone().unwrap_or_else(|| id.clone()),
                id,
                deadline,
                members: Vec::new(),
            });
            milestone_spans.push(m.id.span());
        }

        let mut tasks = Vec::with_capacity(order.len());
        for &i in &order {
            let t = &sc.tasks[i];
            tasks.push(self.task(
                t,
                &levels,
                &role_index,
                &instance_index,
                &instances,
                plan,
                &mut milestones,
                &mut milestone_index,
                p.calendar,
                position[i] as u32,
            )?);
        }
        for (m, span) in milestones.iter().zip(milestone_spans) {
            if m.members.is_empty() {
                return self.err(
                    span,
                    format!("milestone `{}` has no task; add milestone = \"{}\" to the tasks that make it", m.id, m.id),
                );
            }
        }

        let mut pred_offsets = vec![0u32];
        let mut preds = Vec::with_capacity(edges.len());
        for &i in &order {
            let mut ls: Vec<Pred> = links[i]
                .iter()
                .map(|&(p, kind, lag)| Pred {
                    task: position[p] as u32,
                    kind,
                    lag,
                })
                .collect();
            ls.sort_by_key(|l| l.task);
            preds.extend(ls);
            pred_offsets.push(preds.len() as u32);
        }

        let level_of_effort = self.level_of_effort(sc, &index, &edges, &position, &role_index)?;
        let risks = self.risks(sc, &index, &position, &levels)?;
        let mut warnings = Vec::new();
        let copula = self.correlations(sc, &index, &position, &mut warnings)?;

        Ok(Model {
            plan: None,
            plans: Vec::new(),
            risks,
            level_of_effort,
            copula,
            warnings,
            name: p.name.clone(),
            currency: p.currency.clone(),
            start,
            calendar: p.calendar,
            workdays,
            confidence,
            deadline,
            budget,
            sprint_days,
            tasks,
            pred_offsets,
            preds,
            roles,
            instances,
            milestones,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn task(
        &self,
        t: &scenario::Task,
        levels: &BTreeMap<String, scenario::risk_table::Level>,
        role_index: &HashMap<String, usize>,
        instance_index: &HashMap<String, usize>,
        instances: &[InstanceType],
        plan: Option<&scenario::Plan>,
        milestones: &mut Vec<MilestoneModel>,
        milestone_index: &mut HashMap<String, usize>,
        project_calendar: CalendarKind,
        position: u32,
    ) -> Result<TaskModel> {
        let id = t.id.get_ref().clone();
        let sample = |e: &toml::Spanned<Estimate>, what: &str| -> Result<Sampler> {
            sampler::from_estimate(e.get_ref(), levels, what)
                .or_else(|m| self.err(e.span(), format!("task `{id}`: {m}")))
        };
        let (work, calendar) = match (&t.estimate, &t.compute) {
            (Some(_), Some(c)) => {
                return self.err(
                    c.span(),
                    format!("task `{id}` has both `estimate` and `compute`; a compute task's duration is its run time, so split the people's work into a task of its own"),
                );
            }
            (None, None) => {
                return self.err(
                    t.id.span(),
                    format!("task `{id}` has no `estimate`; add estimate = DAYS (0 for a milestone) or a `compute` run"),
                );
            }
            (Some(e), None) => (
                Work::Duration(sample(e, "duration")?),
                t.calendar.unwrap_or(project_calendar),
            ),
            (None, Some(c)) => {
                let c = c.get_ref();
                let name = c.instance.get_ref();
                let Some(&inst) = instance_index.get(name) else {
                    let known: Vec<&str> = instance_index.keys().map(String::as_str).collect();
                    return self.err(
                        c.instance.span(),
                        format!(
                            "task `{id}` uses unknown instance type `{name}`; declare it in [[instances]]{}",
                            did_you_mean(name, known)
                        ),
                    );
                };
                let count = *c.count.get_ref();
                let Some(count) = u32::try_from(count).ok().filter(|&n| n >= 1) else {
                    return self.err(
                        c.count.span(),
                        format!("task `{id}`: compute `count` must be a whole number of instances, at least 1 (got {count})"),
                    );
                };
                if t.calendar == Some(CalendarKind::Workdays) {
                    return self.err(
                        t.id.span(),
                        format!("task `{id}` runs on cloud instances, which run around the clock; remove `calendar = \"workdays\"`"),
                    );
                }
                let over = plan.and_then(|p| p.tasks.get(&id)).map(|o| o.get_ref());
                let declared = count;
                let count = match over.and_then(|o| o.count).or(plan.and_then(|p| p.count)) {
                    Some(n) if n >= 1 && n <= u32::MAX as i64 => n as u32,
                    Some(n) => {
                        return Err(Error::Options(format!(
                            "plan `{}` gives task `{id}` a count of {n}; a compute count is a whole number of instances, at least 1",
                            plan.map(|p| p.name.get_ref().as_str()).unwrap_or_default()
                        )));
                    }
                    None => count,
                };
                let inst = match over.and_then(|o| o.instance.as_ref()) {
                    Some(other) => match instance_index.get(other) {
                        Some(&k) => k,
                        None => {
                            return Err(Error::Options(format!(
                                "plan `{}` gives task `{id}` unknown instance type `{other}`{}",
                                plan.map(|p| p.name.get_ref().as_str()).unwrap_or_default(),
                                did_you_mean(other, instance_index.keys().map(String::as_str))
                            )));
                        }
                    },
                    None => inst,
                };
                let purchase = over
                    .and_then(|o| o.purchase)
                    .or(plan.and_then(|p| p.purchase))
                    .or(c.purchase)
                    .unwrap_or(scenario::Purchase::OnDemand);
                let fallback = match over.and_then(|o| o.fallback.as_ref()) {
                    Some(f) => Some(f),
                    None => plan
                        .and_then(|p| p.fallback.as_ref())
                        .or(c.fallback.as_ref())
                        .map(|f| f.get_ref()),
                };
                let (run, prices) = self.compute_run(
                    &id,
                    c,
                    &instances[inst],
                    count,
                    purchase,
                    fallback,
                    t.id.span(),
                )?;
                // `hours` is each instance's work at the declared count; a plan that changes
                // the count keeps the total work (linear scaling).
                let hours = sample(&c.hours, "hours")?.scaled(declared as f64 / count as f64);
                // A run is simulated interruption by interruption: one that would be taken
                // back millions of times is a mistake in the plan, and would take forever.
                let longest = hours.quantile(1.0 - 1e-9);
                let expected = longest / run.mean_hours_between_interruptions();
                if !(expected <= MAX_INTERRUPTIONS) {
                    return self.err(
                        c.hours.span(),
                        format!(
                            "task `{id}` on Spot would be interrupted about {expected:.1e} times in its longest runs ({longest:.3e} hours of work, an interruption every {:.3} running hours); check `hours` and the instance's interruption rate",
                            run.mean_hours_between_interruptions()
                        ),
                    );
                }
                (
                    Work::Compute {
                        instance: inst as u32,
                        count,
                        hours,
                        run: Box::new(run),
                        prices,
                    },
                    CalendarKind::Continuous,
                )
            }
        };
        let people = self.people(t, role_index)?;
        let fixed_cost = t.cost.as_ref().map(|c| sample(c, "cost")).transpose()?;
        let milestone = t.milestone.as_ref().map(|m| {
            let name = m.get_ref().clone();
            let k = *milestone_index.entry(name.clone()).or_insert_with(|| {
                milestones.push(MilestoneModel {
                    id: name.clone(),
                    name: name.clone(),
                    deadline: None,
                    members: Vec::new(),
                });
                milestones.len() - 1
            });
            milestones[k].members.push(position);
            k as u32
        });
        Ok(TaskModel {
            name: t.name.clone().unwrap_or_else(|| id.clone()),
            id,
            calendar,
            work,
            people,
            fixed_cost,
            milestone,
        })
    }

    /// The people of a task: (role index, allocation).
    fn people(
        &self,
        t: &scenario::Task,
        role_index: &HashMap<String, usize>,
    ) -> Result<Vec<(u32, f64)>> {
        let id = t.id.get_ref();
        let mut people = Vec::new();
        if let Some(ps) = &t.people {
            for (role, alloc) in ps.get_ref() {
                let Some(&r) = role_index.get(role) else {
                    let known: Vec<&str> = role_index.keys().map(String::as_str).collect();
                    return self.err(
                        ps.span(),
                        format!(
                            "task `{id}` needs unknown role `{role}`; declare it in [[people]]{}",
                            did_you_mean(role, known)
                        ),
                    );
                };
                let a = self.number(
                    alloc,
                    &format!("task `{id}`: allocation of `{role}`"),
                    false,
                )?;
                people.push((r as u32, a));
            }
        }
        Ok(people)
    }

    /// A task id that must name a network task: its position in the model.
    fn network_task(
        &self,
        name: &str,
        span: std::ops::Range<usize>,
        what: &str,
        index: &HashMap<&str, usize>,
        position: &[usize],
    ) -> Result<u32> {
        match index.get(name) {
            Some(&i) if position[i] != usize::MAX => Ok(position[i] as u32),
            Some(_) => self.err(
                span,
                format!("{what} names level-of-effort task `{name}`; name a task with an estimate"),
            ),
            None => self.err(
                span,
                format!(
                    "{what} names unknown task `{name}`{}",
                    did_you_mean(name, index.keys().copied())
                ),
            ),
        }
    }

    fn level_of_effort(
        &self,
        sc: &Scenario,
        index: &HashMap<&str, usize>,
        edges: &[(usize, usize)],
        position: &[usize],
        role_index: &HashMap<String, usize>,
    ) -> Result<Vec<LevelOfEffortModel>> {
        let mut out = Vec::new();
        for t in &sc.tasks {
            let Some(span) = &t.level_of_effort else {
                continue;
            };
            let id = t.id.get_ref();
            if t.estimate.is_some() || t.compute.is_some() || !t.depends_on.is_empty() {
                return self.err(
                    span.span(),
                    format!("level-of-effort task `{id}` takes its dates from its span; remove its estimate, compute and depends_on"),
                );
            }
            let what = format!("level-of-effort task `{id}`");
            let l = span.get_ref();
            let from =
                self.network_task(l.from.get_ref(), l.from.span(), &what, index, position)?;
            let to = self.network_task(l.to.get_ref(), l.to.span(), &what, index, position)?;
            // The span is reversed when `from` can only start after `to` has finished.
            let (fi, ti) = (
                index[l.from.get_ref().as_str()],
                index[l.to.get_ref().as_str()],
            );
            if fi != ti && graph::reaches(sc.tasks.len(), edges, ti, fi) {
                return self.err(
                    span.span(),
                    format!(
                        "level-of-effort task `{id}` spans from `{}` to `{}`, but `{}` comes after `{}`; swap `from` and `to`",
                        l.from.get_ref(),
                        l.to.get_ref(),
                        l.from.get_ref(),
                        l.to.get_ref()
                    ),
                );
            }
            out.push(LevelOfEffortModel {
                id: id.clone(),
                name: t.name.clone().unwrap_or_else(|| id.clone()),
                from,
                to,
                people: self.people(t, role_index)?,
            });
        }
        Ok(out)
    }

    fn probability(&self, p: &toml::Spanned<f64>, what: &str) -> Result<f64> {
        let x = *p.get_ref();
        if !(0.0..=1.0).contains(&x) {
            return self.err(
                p.span(),
                format!("{what}: probability must be between 0 and 1 (got {x}); write 30% as 0.3"),
            );
        }
        Ok(x)
    }

    fn risks(
        &self,
        sc: &Scenario,
        index: &HashMap<&str, usize>,
        position: &[usize],
        levels: &BTreeMap<String, scenario::risk_table::Level>,
    ) -> Result<Vec<RiskModel>> {
        let mut out: Vec<RiskModel> = Vec::new();
        for r in &sc.risks {
            let id = r.id.get_ref().clone();
            if out.iter().any(|o| o.id == id) {
                return self.err(r.id.span(), format!("risk `{id}` is listed twice"));
            }
            let what = format!("risk `{id}`");
            let sample = |e: &toml::Spanned<Estimate>, name: &str| -> Result<Sampler> {
                sampler::from_estimate(e.get_ref(), levels, name)
                    .or_else(|m| self.err(e.span(), format!("{what}: {m}")))
            };
            let mut tasks = Vec::new();
            if let Some(ts) = &r.tasks {
                for name in ts.get_ref() {
                    tasks.push(self.network_task(name, ts.span(), &what, index, position)?);
                }
            }
            let impact = RiskImpact {
                probability: self.probability(&r.probability, &what)?,
                delay: r.delay.as_ref().map(|e| sample(e, "delay")).transpose()?,
                delay_fraction: r
                    .delay_fraction
                    .as_ref()
                    .map(|e| sample(e, "delay_fraction"))
                    .transpose()?,
                cost: r.cost.as_ref().map(|e| sample(e, "cost")).transpose()?,
            };
            if (impact.delay.is_some() || impact.delay_fraction.is_some()) && tasks.is_empty() {
                return self.err(
                    r.id.span(),
                    format!(
                        "{what} has a delay but hits no task; list the tasks it delays in `tasks`"
                    ),
                );
            }
            if impact.delay.is_none() && impact.delay_fraction.is_none() && impact.cost.is_none() {
                return self.err(
                    r.id.span(),
                    format!(
                        "{what} has no impact; give it a `delay`, a `delay_fraction` or a `cost`"
                    ),
                );
            }
            let mitigation = match &r.mitigation {
                Some(m) => {
                    let m = m.get_ref();
                    let post = RiskImpact {
                        probability: match &m.probability {
                            Some(p) => self.probability(p, &format!("{what} mitigation"))?,
                            None => impact.probability,
                        },
                        delay: match &m.delay {
                            Some(e) => Some(sample(e, "mitigated delay")?),
                            None => impact.delay.clone(),
                        },
                        delay_fraction: match &m.delay_fraction {
                            Some(e) => Some(sample(e, "mitigated delay_fraction")?),
                            None => impact.delay_fraction.clone(),
                        },
                        cost: match &m.cost {
                            Some(e) => Some(sample(e, "mitigated cost")?),
                            None => impact.cost.clone(),
                        },
                    };
                    let cost = m
                        .mitigation_cost
                        .as_ref()
                        .map(|c| self.number(c, &format!("{what}: `mitigation_cost`"), true))
                        .transpose()?
                        .unwrap_or(0.0);
                    Some((post, cost))
                }
                None => None,
            };
            out.push(RiskModel {
                description: r.description.clone().unwrap_or_default(),
                id,
                tasks,
                impact,
                mitigation,
                mitigated: false,
            });
        }
        Ok(out)
    }

    fn correlations(
        &self,
        sc: &Scenario,
        index: &HashMap<&str, usize>,
        position: &[usize],
        warnings: &mut Vec<String>,
    ) -> Result<Option<correlation::Copula>> {
        let mut pairs: BTreeMap<(u32, u32), (f64, std::ops::Range<usize>)> = BTreeMap::new();
        for c in &sc.correlations {
            let rho = *c.coefficient.get_ref();
            let names = c.tasks.get_ref();
            if !(-1.0..=1.0).contains(&rho) {
                let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                return self.err(
                    c.coefficient.span(),
                    format!(
                        "the correlation of {} has coefficient {rho}; a correlation coefficient must be between -1 and 1, e.g. 0.5",
                        listed.join(", ")
                    ),
                );
            }
            if names.len() < 2 {
                return self.err(c.tasks.span(), "a correlation needs at least two tasks");
            }
            let mut ts = Vec::new();
            for name in names {
                let t =
                    self.network_task(name, c.tasks.span(), "a correlation", index, position)?;
                if ts.contains(&t) {
                    return self.err(
                        c.tasks.span(),
                        format!("a correlation lists task `{name}` twice; list each task once"),
                    );
                }
                ts.push(t);
            }
            for (a, &x) in ts.iter().enumerate() {
                for &y in &ts[a + 1..] {
                    let key = (x.min(y), x.max(y));
                    if let Some((old, _)) = pairs.get(&key)
                        && *old != rho
                    {
                        return self.err(
                            c.coefficient.span(),
                            format!(
                                "tasks `{}` and `{}` are given two correlations ({old} and {rho}); keep one",
                                sc_task_id(sc, position, key.0),
                                sc_task_id(sc, position, key.1)
                            ),
                        );
                    }
                    pairs.insert(key, (rho, c.coefficient.span()));
                }
            }
        }
        if pairs.is_empty() {
            return Ok(None);
        }
        let mut tasks: Vec<u32> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
        tasks.sort_unstable();
        tasks.dedup();
        let k = tasks.len();
        let at = |t: u32| tasks.binary_search(&t).expect("listed");
        let mut m = vec![0.0; k * k];
        for i in 0..k {
            m[i * k + i] = 1.0;
        }
        for (&(a, b), &(rho, _)) in &pairs {
            let (i, j) = (at(a), at(b));
            m[i * k + j] = rho;
            m[j * k + i] = rho;
        }
        let cholesky = match correlation::cholesky(&m, k) {
            Some(l) => l,
            None => {
                let (fixed, change) = correlation::repair(&m, k);
                // A singular but consistent set (a coefficient of 1 or -1) only needs its zero
                // eigenvalues nudged: nothing the user wrote changes, so nothing to warn of.
                if change >= 5e-4 {
                    warnings.push(format!(
                        "the correlation coefficients are inconsistent (no set of tasks can have them all at once); they were repaired to the nearest valid set, changing a coefficient by up to {change:.3}"
                    ));
                }
                correlation::cholesky(&fixed, k).unwrap_or_else(|| {
                    // Unreachable in practice: the repaired matrix has eigenvalues >= 1e-6.
                    let mut id = vec![0.0; k * k];
                    (0..k).for_each(|i| id[i * k + i] = 1.0);
                    id
                })
            }
        };
        Ok(Some(correlation::Copula { tasks, cholesky }))
    }

    /// An instance type with its Spot terms.
    fn instance(
        &self,
        inst: &scenario::Instance,
        name: String,
        on_demand_per_hour: f64,
    ) -> Result<InstanceType> {
        let spot_per_hour = match (&inst.spot_per_hour, &inst.spot_discount) {
            (Some(_), Some(d)) => {
                return self.err(
                    d.span(),
                    format!(
                        "instance `{name}` gives both `spot_per_hour` and `spot_discount`; keep one"
                    ),
                );
            }
            (Some(p), None) => {
                Some(self.number(p, &format!("`spot_per_hour` of `{name}`"), true)?)
            }
            (None, Some(d)) => {
                let x = *d.get_ref();
                if !(0.0..1.0).contains(&x) {
                    return self.err(
                        d.span(),
                        format!("`spot_discount` of `{name}` must be at least 0 and below 1, e.g. 0.7 for 70% off (got {x})"),
                    );
                }
                Some(on_demand_per_hour * (1.0 - x))
            }
            (None, None) => None,
        };
        let interruptions = match (&inst.interruptions_per_hour, &inst.interruption) {
            (Some(_), Some(w)) => {
                return self.err(
                    w.span(),
                    format!("instance `{name}` gives both `interruptions_per_hour` and `interruption`; keep one"),
                );
            }
            (Some(r), None) => Some(
                compute::Interruptions::exponential(*r.get_ref())
                    .or_else(|m| self.err(r.span(), format!("instance `{name}`: {m}")))?,
            ),
            (None, Some(w)) => {
                let v = w.get_ref();
                Some(
                    compute::Interruptions::weibull(v.weibull_shape, v.mean_hours)
                        .or_else(|m| self.err(w.span(), format!("instance `{name}`: {m}")))?,
                )
            }
            (None, None) => None,
        };
        let wait = match &inst.capacity_wait {
            None => compute::Wait::Fixed { hours: 0.0 },
            Some(w) => {
                let v = w.get_ref();
                let made = match (v.hours, v.mean_hours, v.median_hours) {
                    (Some(h), None, None) => compute::Wait::fixed(h),
                    (None, Some(mean), None) => compute::Wait::exponential(mean),
                    (None, Some(mean), Some(median)) => compute::Wait::lognormal(median, mean),
                    _ => Err("write the wait as { hours = H }, { mean_hours = M } or { median_hours = A, mean_hours = M }".to_string()),
                };
                made.or_else(|m| {
                    self.err(w.span(), format!("instance `{name}` capacity_wait: {m}"))
                })?
            }
        };
        let capacity = match &inst.availability {
            None => compute::Capacity::always(),
            Some(a) => compute::Capacity::new(*a.get_ref(), wait)
                .or_else(|m| self.err(a.span(), format!("instance `{name}`: {m}")))?,
        };
        let notice_hours = match &inst.notice_hours {
            Some(n) => self.number(n, &format!("`notice_hours` of `{name}`"), true)?,
            None => 0.0,
        };
        let spot_price_sigma = match &inst.spot_price_variability {
            Some(v) => {
                let cv = self.number(v, &format!("`spot_price_variability` of `{name}`"), true)?;
                // ln(1 + cv^2), without overflowing cv^2 (inf would make every price NaN).
                if cv < 1e150 {
                    (cv * cv).ln_1p().sqrt()
                } else {
                    (2.0 * cv.ln()).sqrt()
                }
            }
            None => 0.0,
        };
        Ok(InstanceType {
            name,
            on_demand_per_hour,
            spot_per_hour,
            interruptions,
            capacity,
            notice_hours,
            spot_price_sigma,
        })
    }

    /// How one compute task runs, bought as `purchase`.
    #[allow(clippy::too_many_arguments)]
    fn compute_run(
        &self,
        id: &str,
        c: &scenario::Compute,
        inst: &InstanceType,
        count: u32,
        purchase: scenario::Purchase,
        fallback: Option<&scenario::FallbackSpec>,
        span: std::ops::Range<usize>,
    ) -> Result<(compute::ComputeRun, compute::Prices)> {
        let hours = |v: &Option<toml::Spanned<f64>>, what: &str| -> Result<f64> {
            v.as_ref()
                .map(|h| self.number(h, &format!("task `{id}`: `{what}`"), true))
                .transpose()
                .map(|h| h.unwrap_or(0.0))
        };
        let checkpoint_every = match &c.checkpoint_every_hours {
            Some(v) => match v.get_ref() {
                scenario::CheckpointEvery::Hours(h) => compute::CheckpointInterval::fixed(*h)
                    .or_else(|m| self.err(v.span(), format!("task `{id}`: {m}")))?,
                scenario::CheckpointEvery::Auto => compute::CheckpointInterval::Auto,
            },
            None => compute::CheckpointInterval::Auto,
        };
        let gang = match c.interruptions.as_deref() {
            None | Some("independent") => compute::Gang::Independent,
            Some("bulk") => compute::Gang::Bulk,
            Some(other) => {
                return self.err(
                    span,
                    format!("task `{id}`: `interruptions = \"{other}\"` is not known; write \"independent\" or \"bulk\""),
                );
            }
        };
        let (interruptions, spot_price) = match purchase {
            scenario::Purchase::OnDemand => (
                compute::Interruptions::None,
                inst.spot_per_hour.unwrap_or(inst.on_demand_per_hour),
            ),
            scenario::Purchase::Spot => {
                let Some(price) = inst.spot_per_hour else {
                    return self.err(
                        span,
                        format!("task `{id}` runs on Spot, but instance `{}` has no Spot price; add `spot_per_hour` or `spot_discount` to it", inst.name),
                    );
                };
                let Some(life) = inst.interruptions else {
                    return self.err(
                        span,
                        format!("task `{id}` runs on Spot, but instance `{}` says nothing of interruptions; add `interruptions_per_hour` (e.g. 0.3) or `interruption = {{ weibull_shape = 0.6, mean_hours = 2 }}` to it", inst.name),
                    );
                };
                (life, price)
            }
        };
        let fallback = match fallback {
            None => compute::Fallback::KeepWaiting,
            Some(f) => {
                let changeover = f.changeover_hours.unwrap_or(0.25);
                let made = match f.policy.as_str() {
                    "keep-waiting" => Ok(compute::Fallback::KeepWaiting),
                    "on-demand-after" => match f.wait_hours {
                        Some(w) => compute::Fallback::on_demand_after(w, changeover),
                        None => Err("the `on-demand-after` fallback needs `wait_hours`".to_string()),
                    },
                    "deadline-aware" => match f.deadline_hours {
                        Some(d) => compute::Fallback::deadline_aware(d, changeover),
                        None => Err("the `deadline-aware` fallback needs `deadline_hours` (from the run's start)".to_string()),
                    },
                    other => Err(format!(
                        "unknown fallback policy `{other}`; use keep-waiting, on-demand-after or deadline-aware{}",
                        did_you_mean(other, ["keep-waiting", "on-demand-after", "deadline-aware"])
                    )),
                };
                made.or_else(|m| self.err(span.clone(), format!("task `{id}`: {m}")))?
            }
        };
        let spec = compute::ComputeSpec {
            count,
            interruptions,
            gang,
            capacity: inst.capacity,
            notice_hours: inst.notice_hours,
            checkpoint_every,
            checkpoint_hours: hours(&c.checkpoint_hours, "checkpoint_hours")?,
            restart_hours: hours(&c.restart_hours, "restart_hours")?,
            downtime_hours: hours(&c.downtime_hours, "downtime_hours")?,
            fallback,
        };
        let run = compute::ComputeRun::new(&spec)
            .or_else(|m| self.err(span.clone(), format!("task `{id}`: {m}")))?;
        let prices = compute::Prices::new(inst.on_demand_per_hour, spot_price)
            .or_else(|m| self.err(span, format!("instance `{}`: {m}", inst.name)))?;
        Ok((run, prices))
    }
}
