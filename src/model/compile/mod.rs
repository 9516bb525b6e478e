//! The compiler: a scenario (or an imported schedule turned into one) validated once and laid
//! out as the flat, immutable `Model`. Every choice that changes the model (the plan, mitigation,
//! the target confidence) is made here, through `CompileOptions`; nothing changes the model later.

mod calendars;
mod instances;
mod leveling;
mod progress;
pub use leveling::sequence;
mod mitigations;
pub use mitigations::Mitigations;
mod plans;
mod playbook;
mod risks;
mod roles;
mod tasks;

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::*;
use crate::error::{DidYouMean, Error, Kind, Referrer, Result};
pub use crate::scenario::CalendarKind;
pub use crate::scenario::LinkKind;
use crate::scenario::{self, Estimate, Scenario, Source};
pub use calendar::WorkCalendar;
pub use sampler::Sampler;

/// The id of the task at model position `pos`.
fn sc_task_id(sc: &Scenario, position: &[usize], pos: u32) -> String {
    position
        .iter()
        .position(|&p| p == pos as usize)
        .map(|i| sc.tasks[i].id.get_ref().clone())
        .unwrap_or_default()
}

/// The candidate closest to `name`, when one is close enough to be a likely typo of it; of
/// candidates equally close, the first in alphabetical order, whatever order they come in
/// (names often come from a hash map).
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c.to_string())
}

/// The choices made when compiling: which plan runs, which mitigations are in force, the
/// target confidence, and whether capacities are levelled. The model never changes after
/// compiling.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompileOptions {
    /// One of the scenario's `[[plans]]` (None: each compute task as its own `purchase` says).
    pub plan: Option<String>,
    /// Which risks' post-mitigation probability and impact are in force (their mitigations
    /// paid for): none, all (`--mitigated`), or a set.
    pub mitigations: Mitigations,
    /// The target confidence, in (0, 1), instead of the scenario's.
    pub confidence: Option<f64>,
    /// Schedule without levelling, whatever the scenario's `resource_constrained` says (the
    /// capacities are still compiled, for reporting).
    pub ignore_capacities: bool,
}

impl CompileOptions {
    /// The scenario as written, with one of its plans applied.
    pub fn plan(name: &str) -> Self {
        CompileOptions {
            plan: Some(name.to_string()),
            ..Self::default()
        }
    }
}

/// Validates a scenario and compiles it as written. `source` gives file and line for messages.
pub fn compile(sc: &Scenario, source: &Source) -> Result<Model> {
    compile_with(sc, source, &CompileOptions::default())
}

/// Validates a scenario and compiles it with the choices in `options`.
pub fn compile_with(sc: &Scenario, source: &Source, options: &CompileOptions) -> Result<Model> {
    if let Some(c) = options.confidence
        && !(c > 0.0 && c < 1.0)
    {
        return Err(Error::Options(format!(
            "--confidence must be between 0 and 1, e.g. 0.8 (got {})",
            limits::shown(c)
        )));
    }
    let plan = options.plan.as_deref();
    let compiler = Compiler { source };
    compiler.plan_names(sc)?;
    let chosen = match plan {
        None => None,
        Some(name) => match sc.plans.iter().find(|p| p.name.get_ref() == name) {
            Some(p) => Some(p),
            None => {
                let plans: Vec<String> =
                    sc.plans.iter().map(|p| p.name.get_ref().clone()).collect();
                return Err(Error::UnknownPlan {
                    name: name.to_string(),
                    suggestion: did_you_mean(name, plans.iter().map(String::as_str)),
                    plans,
                });
            }
        },
    };
    compiler.plans(sc)?;
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
    // Declared milestones come first; one a task names beyond them is legal on its own, but
    // beside declared ones it is more likely a misspelling (one far from every declared name).
    if !sc.milestones.is_empty() {
        for m in &model.milestones[sc.milestones.len()..] {
            model.warnings.push(format!(
                "milestone `{}` is named by a task but not declared in [[milestones]] like the others; declare it, or correct the task's `milestone`",
                m.id
            ));
        }
    }
    if let Some(c) = options.confidence {
        model.confidence = c;
    }
    if options.ignore_capacities {
        model.leveling.enforced = false;
    }
    options.mitigations.apply(&mut model)?;
    model.plan = plan.map(str::to_string);
    model.plans = sc.plans.iter().map(|p| p.name.get_ref().clone()).collect();
    leveling::sequence(&mut model);
    Ok(model)
}

struct Compiler<'a> {
    source: &'a Source,
}

impl Compiler<'_> {
    /// An `Error::Invalid` at `span`, about no task in particular.
    fn err<T>(&self, span: std::ops::Range<usize>, msg: impl Into<String>) -> Result<T> {
        Err(self.source.invalid(span, msg))
    }

    /// An `Error::Invalid` at `span` about task `task`.
    fn task_err<T>(
        &self,
        span: std::ops::Range<usize>,
        task: &str,
        msg: impl Into<String>,
    ) -> Result<T> {
        Err(self.source.invalid_task(span, task, msg))
    }

    /// `error`, made without a location, at `span`.
    fn fail<T>(&self, span: std::ops::Range<usize>, error: Error) -> Result<T> {
        Err(self.source.place(span, error))
    }

    fn number(
        &self,
        v: &toml::Spanned<f64>,
        what: &str,
        allow_zero: bool,
        limit: &limits::Limit,
    ) -> Result<f64> {
        self.number_of(v, None, what, allow_zero, limit)
    }

    /// A number of task `task` (when given), finite, not negative (nor zero unless
    /// `allow_zero`) and within `limit`: `what` names it in the message.
    fn number_of(
        &self,
        v: &toml::Spanned<f64>,
        task: Option<&str>,
        what: &str,
        allow_zero: bool,
        limit: &limits::Limit,
    ) -> Result<f64> {
        let x = *v.get_ref();
        let fail = |message: String| -> Result<f64> {
            match task {
                Some(task) => self.task_err(v.span(), task, message),
                None => self.err(v.span(), message),
            }
        };
        if !x.is_finite() {
            return fail(format!("{what} must be a finite number, not {x}"));
        }
        if x < 0.0 || (!allow_zero && x == 0.0) {
            let need = if allow_zero {
                "zero or more"
            } else {
                "more than zero"
            };
            return fail(format!("{what} must be {need} (got {})", limits::shown(x)));
        }
        limits::check(x, limit).or_else(|m| fail(format!("{what} {m}; correct it")))
    }

    /// A name others refer to: refused when it is empty or blank. `what` says whose
    /// (`a role`), `example` shows one (`role = "ml-engineer"`).
    fn name(&self, v: &toml::Spanned<String>, what: &str, example: &str) -> Result<String> {
        let name = v.get_ref();
        if name.trim().is_empty() {
            return self.err(
                v.span(),
                format!("{what} needs a name that is not empty, e.g. {example}"),
            );
        }
        Ok(name.clone())
    }

    /// A date the scenario writes, within the dates a calendar reaches.
    fn date(&self, v: &toml::Spanned<scenario::DateValue>) -> Result<Date> {
        v.get_ref()
            .to_date()
            .and_then(limits::check_date)
            .or_else(|m| self.err(v.span(), m))
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
                        format!(
                            "`confidence` must be between 0 and 1, e.g. 0.8 (got {})",
                            limits::shown(x)
                        ),
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
            .map(|b| self.number(b, "`budget`", true, &limits::MONEY))
            .transpose()?;
        let sprint_days = p
            .sprint_days
            .as_ref()
            .map(|s| self.number(s, "`sprint_days`", false, &limits::DAYS))
            .transpose()?
            .unwrap_or(DEFAULT_SPRINT_DAYS);
        let (calendars, calendar_index) = self.calendars(sc, start)?;
        let status = self.status(p, start)?;

        let levels = self.risk_levels(sc)?;

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
            roles.push(self.role(person, start)?);
        }
        let mut instances = Vec::new();
        let mut instance_index = HashMap::new();
        for inst in &sc.instances {
            let name = self.name(&inst.kind, "an instance type", "type = \"p4d.24xlarge\"")?;
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
                &limits::MONEY,
            )?;
            instances.push(self.instance(inst, name, on_demand_per_hour)?);
        }

        // Tasks: ids first, so that dependencies can point forward in the file.
        if sc.tasks.is_empty() {
            return Err(Error::Invalid {
                location: Some(self.source.locate(0)),
                task: None,
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
                return self.task_err(
                    t.id.span(),
                    id,
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
                    return self.task_err(
                        dep.span(),
                        id,
                        format!("task `{id}` depends on itself; remove `{id}` from its depends_on"),
                    );
                }
                let Some(&p) = index.get(d.task.as_str()) else {
                    return self.fail(
                        dep.span(),
                        Error::Unknown {
                            location: None,
                            what: Kind::Task,
                            name: d.task.clone(),
                            by: Some(Box::new(Referrer::Task(id.to_string()))),
                            suggestion: did_you_mean(&d.task, ids.iter().copied()),
                        },
                    );
                };
                if !d.lag_days.is_finite() {
                    return self.task_err(
                        dep.span(),
                        id,
                        format!(
                            "the lag from `{}` to `{id}` must be a finite number of days",
                            d.task
                        ),
                    );
                }
                if let Err(m) = limits::check(d.lag_days.abs(), &limits::DAYS) {
                    return self.task_err(
                        dep.span(),
                        id,
                        format!(
                            "the lag from `{}` to `{id}` {m} either way; correct it",
                            d.task
                        ),
                    );
                }
                if sc.tasks[p].level_of_effort.is_some() {
                    return self.task_err(
                        dep.span(),
                        id,
                        format!(
                            "task `{id}` depends on level-of-effort task `{}`, which follows the schedule instead of driving it; depend on the tasks it spans",
                            d.task
                        ),
                    );
                }
                // Two links of one kind between the same tasks: only the longer lag could
                // count, so the other is a mistake. (Links of different kinds, an SS and an FF
                // pair, are a common ladder.) An import keeps what its file says.
                if self.source.has_positions()
                    && links[i]
                        .iter()
                        .any(|&(q, kind, _)| q == p && kind == d.kind)
                {
                    return self.task_err(
                        dep.span(),
                        id,
                        format!(
                            "task `{id}` depends on `{}` twice with the same link type ({:?}); keep one link",
                            d.task, d.kind
                        ),
                    );
                }
                edges.push((p, i));
                links[i].push((p, d.kind, d.lag_days));
            }
        }
        let is_loe = |i: usize| sc.tasks[i].level_of_effort.is_some();
        let order = graph::topological_order(sc.tasks.len(), &edges).or_else(|cycle| {
            self.fail(
                sc.tasks[cycle[0]].id.span(),
                Error::Cycle {
                    location: None,
                    tasks: cycle.iter().map(|&i| ids[i].to_string()).collect(),
                },
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
            let id = self.name(&m.id, "a milestone", "id = \"data-ready\"")?;
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

        let declared: Vec<&str> = sc
            .milestones
            .iter()
            .map(|m| m.id.get_ref().as_str())
            .collect();
        let mut tasks: Vec<TaskModel> = Vec::with_capacity(order.len());
        for &i in &order {
            let t = &sc.tasks[i];
            let mut task = self.task(
                t,
                &levels,
                &role_index,
                &instance_index,
                &instances,
                plan,
                &mut milestones,
                &mut milestone_index,
                &declared,
                self.task_calendar(t, p.calendar, &calendar_index)?,
                position[i] as u32,
            )?;
            self.timing(t, &mut task, start, status.as_ref(), &calendars, &levels)?;
            tasks.push(task);
        }
        for t in &mut tasks {
            t.stretch = leveling::stretch(t, &roles);
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
        self.staffing(sc, &role_index, &roles)?;
        let risks = self.risks(sc, &index, &position, &levels)?;
        self.playbook(sc)?;
        let mut warnings = Vec::new();
        let copula = self.correlations(sc, &index, &position, &mut warnings)?;
        let leveling = leveling::leveling(p, &roles, &instances, &tasks);

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
            calendars,
            status_date: status.map(|s| s.date),
            confidence,
            deadline,
            budget,
            sprint_days,
            tasks,
            pred_offsets,
            preds,
            roles,
            instances,
            leveling,
            milestones,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn did_you_mean_breaks_ties_the_same_way_whatever_the_order() {
        assert_eq!(
            super::did_you_mean("cpu", ["gpu", "cu"]).as_deref(),
            Some("cu")
        );
        assert_eq!(
            super::did_you_mean("cpu", ["cu", "gpu"]).as_deref(),
            Some("cu")
        );
        assert_eq!(
            super::did_you_mean("cpu", ["tpu", "gpu"]).as_deref(),
            Some("gpu")
        );
    }
}
