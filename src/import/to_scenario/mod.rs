//! From an imported [`Schedule`] to the [`Scenario`] that `model::compile` takes, so that every
//! importer reaches the model through the same checks. The scenario has no text behind it:
//! its spans are empty and its [`Source`] is [`Source::imported`], so an error names the file
//! and the task (`j301_1.sm: task `j7`: ...`), never a made-up line.
//!
//! What maps where:
//! - a renewable resource becomes a `[[people]]` role named by its id, with `count` = its
//!   capacity (none when the file sets no limit: a pool) and `rate_per_day` = its rate (0 when
//!   the file gives none). It is `paid = "assigned"`: the tools these files come from cost a
//!   resource by its assignments, not as a payroll.
//! - an assignment of a renewable resource becomes an allocation `people = { R1 = 3 }`: the
//!   task keeps that many units of the role busy for as long as it runs, so it costs
//!   units x days x rate and counts units x days in the role's person-days (two assignments of
//!   one resource to one task add up).
//! - calendars (`calendars.rs`): the default one becomes the project's (`continuous` when
//!   every day is worked, else `workdays` with its week, holidays and extra working days);
//!   every other calendar a task uses becomes a `[[calendars]]` entry of its name.
//! - a three-point estimate becomes `{ min, likely, max }` (PERT, the model's default); a
//!   risk level (the file's, or the import's template, `risk.rs`) `{ likely, risk }`;
//!   otherwise the duration is fixed. A milestone marks a scenario milestone of its own id.
//! - constraints and progress (`progress.rs`): start and finish no earlier than, a finish no
//!   later than as its milestone's deadline; the status date, actual dates and remaining work.
//! - a level-of-effort activity spans from its first predecessor to its first successor.
//! - the summary tasks (WBS nodes) around a task are kept as its `wbs` path: `Civils / Piling`.
//!
//! What the scenario cannot say is counted in [`Converted::not_carried`], with what the file
//! itself held that its reader could not carry, for one warning.

mod calendars;
mod progress;
mod risk;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::schedule::{ResourceKind, Schedule};
use crate::error::{Error, Kind, Referrer, Result};
use crate::scenario::{
    Dependency, Estimate, LevelOfEffort, Milestone, Paid, Person, Project, Scenario, Source, Task,
};

pub use risk::RiskTemplate;

/// A schedule converted: the scenario, the source its errors name, and what was left out.
#[derive(Debug, Clone)]
pub struct Converted {
    pub scenario: Scenario,
    pub source: Source,
    /// What the file holds that the scenario does not carry, counted by kind.
    pub not_carried: BTreeMap<String, usize>,
}

/// The one warning that lists what an import of `file` did not carry over, when anything.
pub fn warning(file: &Path, not_carried: &BTreeMap<String, usize>) -> Option<String> {
    if not_carried.is_empty() {
        return None;
    }
    let list: Vec<String> = not_carried
        .iter()
        .map(|(what, n)| format!("{what} ({n})"))
        .collect();
    Some(format!(
        "{} holds what riskplan does not model, left out of the plan: {}",
        file.display(),
        list.join("; ")
    ))
}

/// The scenario of `schedule` and the source its errors name (`file`, the imported file),
/// with `template`'s uncertainty on the tasks that have none of their own.
pub fn to_scenario(schedule: &Schedule, file: &Path, template: &RiskTemplate) -> Result<Converted> {
    // The file holds the problem: there is no line of it to point at.
    let import = |problem: Error| Error::Import {
        file: file.to_path_buf(),
        problem: Box::new(problem),
    };
    let fail = |task: Option<&str>, message: String| {
        import(Error::Invalid {
            location: None,
            task: task.map(str::to_string),
            message,
        })
    };
    let unknown = |what: Kind, name: &str, by: Referrer| {
        import(Error::Unknown {
            location: None,
            what,
            name: name.to_string(),
            by: Some(Box::new(by)),
            suggestion: None,
        })
    };
    if schedule.tasks.is_empty() {
        return Err(fail(None, "the schedule has no tasks".into()));
    }
    let mut not_carried = schedule.not_carried.clone();
    let mut note = |what: &str, n: usize| {
        if n > 0 {
            *not_carried.entry(what.to_string()).or_default() += n;
        }
    };
    let mut task_index = HashMap::new();
    for (i, t) in schedule.tasks.iter().enumerate() {
        if task_index.insert(t.id.as_str(), i).is_some() {
            return Err(fail(
                Some(&t.id),
                format!("task `{}` appears twice; each task needs its own id", t.id),
            ));
        }
    }
    let mut resources = HashMap::new();
    for r in &schedule.resources {
        if resources.insert(r.id.as_str(), r).is_some() {
            return Err(fail(
                None,
                format!(
                    "resource `{}` appears twice; each resource needs its own id",
                    r.id
                ),
            ));
        }
    }
    let mut cals = calendars::Calendars::new(schedule).map_err(|m| fail(None, m))?;

    let n = schedule.tasks.len();
    let loe: Vec<bool> = schedule.tasks.iter().map(|t| t.level_of_effort).collect();
    let mut depends_on: Vec<Vec<Spanned<Dependency>>> = vec![Vec::new(); n];
    // A level-of-effort activity's links say what it spans: its first predecessor and its
    // first successor.
    let mut span_of: Vec<(Option<String>, Option<String>)> = vec![(None, None); n];
    for link in &schedule.links {
        // An unknown predecessor is left to the model, which suggests a close id.
        let Some(&s) = task_index.get(link.successor.as_str()) else {
            return Err(unknown(
                Kind::Task,
                &link.successor,
                Referrer::Link {
                    predecessor: link.predecessor.clone(),
                },
            ));
        };
        let p = task_index.get(link.predecessor.as_str()).copied();
        if loe[s] {
            span_of[s].0.get_or_insert_with(|| link.predecessor.clone());
            continue;
        }
        if let Some(p) = p.filter(|&p| loe[p]) {
            span_of[p].1.get_or_insert_with(|| link.successor.clone());
            continue;
        }
        depends_on[s].push(empty_span(Dependency {
            task: link.predecessor.clone(),
            kind: link.kind,
            lag_days: link.lag_days,
        }));
    }

    let mut people: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); n];
    let (mut consumed, mut zero) = (0, 0);
    for a in &schedule.assignments {
        let Some(&t) = task_index.get(a.task.as_str()) else {
            return Err(unknown(
                Kind::Task,
                &a.task,
                Referrer::Resource(a.resource.clone()),
            ));
        };
        let Some(r) = resources.get(a.resource.as_str()) else {
            return Err(unknown(
                Kind::Resource,
                &a.resource,
                Referrer::Task(a.task.clone()),
            ));
        };
        match r.kind {
            // A resource assigned for no units does no work on the task.
            ResourceKind::Renewable if a.units == 0.0 => zero += 1,
            ResourceKind::Renewable => {
                *people[t].entry(a.resource.clone()).or_default() += a.units;
            }
            ResourceKind::Consumable => consumed += 1,
        }
    }
    note("assignments of no units", zero);
    // The most of each resource one task needs: a capacity below it could never be met, and
    // the tools these files come from schedule such plans anyway (a capacity of 0 or less is
    // a mistake in the file, which compiling names).
    let mut demand: HashMap<&str, f64> = HashMap::new();
    for p in &people {
        for (r, &u) in p {
            let d = demand.entry(r.as_str()).or_default();
            *d = d.max(u);
        }
    }
    let capacity = |r: &super::schedule::Resource| -> Option<f64> {
        let c = r.capacity?;
        let need = demand.get(r.id.as_str()).copied().unwrap_or(0.0);
        Some(if c > 0.0 { c.max(need) } else { c })
    };
    note(
        "resources whose capacity is below one task's assignment (capacity raised to it)",
        schedule
            .resources
            .iter()
            .filter(|r| {
                r.capacity.is_some_and(|c| {
                    c > 0.0 && c < demand.get(r.id.as_str()).copied().unwrap_or(0.0)
                })
            })
            .count(),
    );
    note("assignments of material (consumable) resources", consumed);
    note(
        "material (consumable) resources",
        schedule
            .resources
            .iter()
            .filter(|r| r.kind == ResourceKind::Consumable)
            .count(),
    );
    let roles = schedule
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Renewable)
        .map(|r| Person {
            role: empty_span(r.id.clone()),
            count: capacity(r).map(empty_span),
            rate_per_day: empty_span(r.rate_per_day.unwrap_or(0.0)),
            availability: None,
            joins: None,
            leaves: None,
            paid: Some(empty_span(Paid::Assigned)),
        })
        .collect();

    let mut progress = progress::Progress::new(schedule);
    let mut uncertain = risk::Uncertainty::new(template);
    let mut tasks = Vec::with_capacity(n);
    let mut milestones: Vec<Milestone> = Vec::new();
    for (((t, depends_on), people), span) in schedule
        .tasks
        .iter()
        .zip(depends_on)
        .zip(people)
        .zip(span_of)
    {
        let calendar = match &t.calendar {
            Some(name) => cals
                .task_calendar(name)
                .ok_or_else(|| unknown(Kind::Calendar, name, Referrer::Task(t.id.clone())))?,
            None => None,
        };
        let people = (!people.is_empty()).then(|| {
            empty_span(
                people
                    .into_iter()
                    .map(|(r, u)| (r, empty_span(u)))
                    .collect(),
            )
        });
        let name = Some(t.name.clone());
        let wbs = (!t.summary.is_empty()).then(|| t.summary.join(" / "));
        if t.level_of_effort {
            if let (Some(from), Some(to)) = span {
                tasks.push(Task {
                    id: empty_span(t.id.clone()),
                    name,
                    wbs,
                    people,
                    level_of_effort: Some(empty_span(LevelOfEffort {
                        from: empty_span(from),
                        to: empty_span(to),
                    })),
                    ..Task::new(empty_span(String::new()))
                });
                continue;
            }
            note(
                "level-of-effort activities without both a predecessor and a successor (kept as tasks of fixed duration)",
                1,
            );
        }
        let mut task = Task {
            id: empty_span(t.id.clone()),
            name,
            wbs,
            depends_on,
            calendar: calendar.map(empty_span),
            people,
            cost: t.fixed_cost.map(|c| empty_span(Estimate::fixed(c))),
            milestone: t.milestone.then(|| empty_span(t.id.clone())),
            ..Task::new(empty_span(String::new()))
        };
        let estimate = uncertain.estimate(t).map_err(|m| fail(Some(&t.id), m))?;
        task.estimate = Some(empty_span(estimate));
        progress
            .apply(t, &mut task, &mut milestones, &mut note, &mut uncertain)
            .map_err(|m| fail(Some(&t.id), m))?;
        tasks.push(task);
    }
    // Every milestone is declared, so that none reads as a typo of another.
    let mut declared: HashSet<String> = milestones.iter().map(|m| m.id.get_ref().clone()).collect();
    for task in &tasks {
        if let Some(m) = &task.milestone
            && declared.insert(m.get_ref().clone())
        {
            milestones.push(Milestone {
                id: m.clone(),
                name: None,
                deadline: None,
            });
        }
    }
    if let Some(m) = uncertain.unused_field(schedule) {
        return Err(fail(None, m));
    }
    for (what, count) in uncertain.notes() {
        note(&what, count);
    }

    let resource_constrained = match schedule.levelled {
        Some(false) => Some(false),
        _ => None,
    };
    let mut project = Project::new(schedule.name.clone(), schedule.start);
    project.currency = schedule.currency.clone().unwrap_or_else(|| "USD".into());
    project.resource_constrained = resource_constrained;
    project.status_date = progress.status_date();
    cals.project(&mut project);
    let scenario = Scenario {
        project,
        people: roles,
        instances: Vec::new(),
        tasks,
        milestones,
        risk_levels: Default::default(),
        risks: Vec::new(),
        correlations: Vec::new(),
        plans: Vec::new(),
        calendars: cals.specs(),
        objective: None,
        stakeholders: Vec::new(),
        ceremonies: Vec::new(),
    };
    Ok(Converted {
        scenario,
        source: Source::imported(file),
        not_carried,
    })
}

/// A value with the empty span of an import.
fn empty_span<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

#[cfg(test)]
mod tests;
