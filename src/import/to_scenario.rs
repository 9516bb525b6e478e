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
//! - the default calendar becomes the project calendar: `continuous` when every day is worked
//!   (PSPLIB periods), else `workdays` with its working week and holidays. A task on another
//!   calendar gets `continuous` or `workdays` by the same test; `workdays` is always the
//!   project's week (extra working days and per-task weeks are not modelled yet).
//! - a three-point estimate becomes `{ min, likely, max }` (PERT, the model's default);
//!   otherwise the duration is fixed. A milestone marks a scenario milestone of its own id.
//!
//! Not converted yet (the model has no place for them): consumable resources and their
//! assignments, constraints, progress and summary paths.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::schedule::{Calendar, ResourceKind, Schedule};
use crate::error::{Error, Kind, Referrer, Result};
use crate::scenario::{CalendarKind, DateValue, Dependency, Estimate, Scenario, Source};
use crate::scenario::{Paid, Person, Project, Task};

/// The scenario of `schedule` and the source its errors name (`file`, the imported file).
pub fn to_scenario(schedule: &Schedule, file: &Path) -> Result<(Scenario, Source)> {
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
    let calendar = |name: &str| -> Result<&Calendar> {
        schedule
            .calendars
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| {
                fail(
                    None,
                    format!("calendar `{name}` is not among the schedule's calendars"),
                )
            })
    };
    let default_calendar = calendar(&schedule.default_calendar)?;

    let n = schedule.tasks.len();
    let mut depends_on: Vec<Vec<Spanned<Dependency>>> = vec![Vec::new(); n];
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
        depends_on[s].push(empty_span(Dependency {
            task: link.predecessor.clone(),
            kind: link.kind,
            lag_days: link.lag_days,
        }));
    }

    let mut people: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); n];
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
        if r.kind == ResourceKind::Renewable {
            *people[t].entry(a.resource.clone()).or_default() += a.units;
        }
    }
    let roles = schedule
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Renewable)
        .map(|r| Person {
            role: empty_span(r.id.clone()),
            count: r.capacity.map(empty_span),
            rate_per_day: empty_span(r.rate_per_day.unwrap_or(0.0)),
            availability: None,
            joins: None,
            leaves: None,
            paid: Some(empty_span(Paid::Assigned)),
        })
        .collect();

    let project_kind = calendar_kind(default_calendar);
    let mut tasks = Vec::with_capacity(n);
    for ((t, depends_on), people) in schedule.tasks.iter().zip(depends_on).zip(people) {
        let task_calendar = match &t.calendar {
            Some(name) => Some(calendar_kind(calendar(name).map_err(|_| {
                unknown(Kind::Calendar, name, Referrer::Task(t.id.clone()))
            })?)),
            None => None,
        };
        let estimate = match t.estimate {
            Some(e) => Estimate {
                min: Some(e.min_days),
                likely: Some(e.likely_days),
                max: Some(e.max_days),
                ..Default::default()
            },
            None => Estimate::fixed(t.duration_days),
        };
        tasks.push(Task {
            id: empty_span(t.id.clone()),
            name: Some(t.name.clone()),
            depends_on,
            estimate: Some(empty_span(estimate)),
            calendar: task_calendar,
            people: (!people.is_empty()).then(|| {
                empty_span(
                    people
                        .into_iter()
                        .map(|(r, u)| (r, empty_span(u)))
                        .collect(),
                )
            }),
            compute: None,
            cost: t.fixed_cost.map(|c| empty_span(Estimate::fixed(c))),
            milestone: t.milestone.then(|| empty_span(t.id.clone())),
            level_of_effort: None,
        });
    }

    let (workweek, holidays) = match project_kind {
        CalendarKind::Continuous => (None, Vec::new()),
        CalendarKind::Workdays => (
            Some(empty_span(
                default_calendar
                    .workweek
                    .iter()
                    .map(|d| weekday_name(*d).to_string())
                    .collect(),
            )),
            holidays(default_calendar),
        ),
    };
    let scenario = Scenario {
        project: Project {
            name: schedule.name.clone(),
            start: empty_span(DateValue(schedule.start.to_string())),
            currency: schedule.currency.clone().unwrap_or_else(|| "USD".into()),
            confidence: None,
            deadline: None,
            budget: None,
            calendar: project_kind,
            holidays,
            workweek,
            sprint_days: None,
            // Levelled when any resource has a capacity, as for a scenario file.
            resource_constrained: None,
            priority: Default::default(),
        },
        people: roles,
        instances: Vec::new(),
        tasks,
        milestones: Vec::new(),
        risk_levels: Default::default(),
        risks: Vec::new(),
        correlations: Vec::new(),
        plans: Vec::new(),
    };
    Ok((scenario, Source::imported(file)))
}

/// A value with the empty span of an import.
fn empty_span<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

fn calendar_kind(c: &Calendar) -> CalendarKind {
    if c.is_every_day() {
        CalendarKind::Continuous
    } else {
        CalendarKind::Workdays
    }
}

/// Every non-working date of a calendar's exceptions, in order.
fn holidays(c: &Calendar) -> Vec<Spanned<DateValue>> {
    let mut days = HashSet::new();
    for e in c.exceptions.iter().filter(|e| !e.working) {
        let mut d = e.first;
        while d <= e.last {
            days.insert(d);
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
    }
    let mut days: Vec<_> = days.into_iter().collect();
    days.sort();
    days.into_iter()
        .map(|d| empty_span(DateValue(d.to_string())))
        .collect()
}

/// The scenario's spelling of a weekday (`mon`).
fn weekday_name(d: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday::*;
    match d {
        Monday => "mon",
        Tuesday => "tue",
        Wednesday => "wed",
        Thursday => "thu",
        Friday => "fri",
        Saturday => "sat",
        Sunday => "sun",
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Weekday, date};

    use super::*;
    use crate::import::schedule::{
        Assignment, Exception, Link, LinkKind, Resource, Task as Job, ThreePoint,
    };
    use crate::model;

    fn task(id: &str, days: f64) -> Job {
        Job::new(id, format!("task {id}"), days)
    }

    fn link(from: &str, to: &str) -> Link {
        Link {
            predecessor: from.into(),
            successor: to.into(),
            kind: LinkKind::FS,
            lag_days: 0.0,
        }
    }

    fn resource(id: &str, kind: ResourceKind, capacity: Option<f64>) -> Resource {
        Resource {
            id: id.into(),
            name: id.into(),
            kind,
            capacity,
            total: None,
            rate_per_day: None,
            cost_per_unit: None,
        }
    }

    fn assign(task: &str, resource: &str, units: f64) -> Assignment {
        Assignment {
            task: task.into(),
            resource: resource.into(),
            units,
        }
    }

    /// Two tasks a -> b on a continuous calendar.
    fn two_tasks() -> Schedule {
        Schedule {
            name: "two".into(),
            start: date(2027, 1, 4),
            currency: None,
            status_date: None,
            calendars: vec![Calendar::continuous("every day")],
            default_calendar: "every day".into(),
            tasks: vec![task("a", 2.0), task("b", 3.0)],
            links: vec![link("a", "b")],
            resources: Vec::new(),
            assignments: Vec::new(),
            levelled: None,
            not_carried: Default::default(),
        }
    }

    fn error(s: &Schedule) -> String {
        match to_scenario(s, Path::new("plan.xml")) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn renewable_resources_become_roles_and_assignments_allocations() {
        let mut s = two_tasks();
        let mut crew = resource("crew", ResourceKind::Renewable, Some(4.0));
        crew.rate_per_day = Some(300.0);
        s.resources = vec![
            crew,
            resource("crane", ResourceKind::Renewable, None),
            resource("steel", ResourceKind::Consumable, None),
        ];
        s.assignments = vec![
            assign("a", "crew", 2.0),
            assign("a", "crew", 1.0),
            assign("a", "crane", 1.0),
            assign("b", "crane", 2.0),
            assign("b", "steel", 40.0),
        ];
        let (sc, source) = to_scenario(&s, Path::new("plan.xml")).unwrap();
        let roles: Vec<(&str, Option<f64>, f64)> = sc
            .people
            .iter()
            .map(|p| {
                (
                    p.role.get_ref().as_str(),
                    p.count.as_ref().map(|c| *c.get_ref()),
                    *p.rate_per_day.get_ref(),
                )
            })
            .collect();
        // No capacity: a pool with no count.
        assert_eq!(roles, [("crew", Some(4.0), 300.0), ("crane", None, 0.0)]);
        let alloc = |t: usize| -> Vec<(String, f64)> {
            sc.tasks[t]
                .people
                .as_ref()
                .map(|p| {
                    p.get_ref()
                        .iter()
                        .map(|(r, u)| (r.clone(), *u.get_ref()))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(alloc(0), [("crane".into(), 1.0), ("crew".into(), 3.0)]);
        assert_eq!(alloc(1), [("crane".into(), 2.0)]);

        let m = model::compile(&sc, &source).unwrap();
        assert_eq!(m.roles.len(), 2);
        assert_eq!(
            (m.roles[0].count, m.roles[0].rate_per_day),
            (Some(4.0), 300.0)
        );
        assert_eq!(m.tasks[0].people, [(1, 1.0), (0, 3.0)]);
        // Paid by assignment, as the tools the files come from cost resources; levelled
        // because the crew has a capacity, and only the crew is a resource.
        assert!(m.roles.iter().all(|r| r.paid == model::Paid::Assigned));
        assert_eq!(m.roles[1].count, None);
        assert!(m.leveling.enforced);
        assert_eq!(m.leveling.resources.len(), 1);
        assert_eq!(m.leveling.resources[0].capacity, 4.0);
        assert_eq!(m.leveling.demands_of(0), [(0, 3.0)]);
        assert!(m.leveling.demands_of(1).is_empty());
    }

    #[test]
    fn a_working_week_with_holidays_becomes_the_project_calendar() {
        let mut s = two_tasks();
        s.tasks[0].duration_days = 4.0;
        let mut office = Calendar::continuous("office");
        office.workweek = vec![
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
        ];
        office.hours_per_day = 8.0;
        office.exceptions = vec![
            Exception {
                first: date(2027, 1, 6),
                last: date(2027, 1, 7),
                working: false,
            },
            Exception {
                first: date(2027, 1, 8),
                last: date(2027, 1, 8),
                working: true,
            },
        ];
        s.calendars.push(office);
        s.default_calendar = "office".into();
        s.tasks[1].calendar = Some("every day".into());
        s.tasks[1].estimate = Some(ThreePoint {
            min_days: 2.0,
            likely_days: 3.0,
            max_days: 6.0,
        });
        s.tasks[1].milestone = true;
        let (sc, source) = to_scenario(&s, Path::new("plan.xml")).unwrap();
        assert_eq!(sc.project.calendar, CalendarKind::Workdays);
        let week = sc.project.workweek.as_ref().unwrap().get_ref();
        assert_eq!(week, &["mon", "tue", "wed", "thu"]);
        let holidays: Vec<&str> = sc
            .project
            .holidays
            .iter()
            .map(|h| h.get_ref().0.as_str())
            .collect();
        assert_eq!(holidays, ["2027-01-06", "2027-01-07"]);
        assert_eq!(sc.tasks[0].calendar, None);
        assert_eq!(sc.tasks[1].calendar, Some(CalendarKind::Continuous));
        let e = sc.tasks[1].estimate.as_ref().unwrap().get_ref();
        assert_eq!((e.min, e.likely, e.max), (Some(2.0), Some(3.0), Some(6.0)));
        assert_eq!(
            sc.tasks[1].milestone.as_ref().map(|m| m.get_ref().as_str()),
            Some("b")
        );
        let m = model::compile(&sc, &source).unwrap();
        assert_eq!(m.milestones.len(), 1);
        // `a` works Monday 4th and Tuesday 5th; Wednesday and Thursday are holidays, and the
        // extra working Friday is not modelled: it ends on Tuesday 12th (day 9). `b` then
        // runs three days around the clock.
        let det = crate::engine::deterministic(&m).totals;
        assert_eq!(det.finish, 12.0);
    }

    #[test]
    fn what_cannot_be_converted_names_the_file_and_the_task() {
        let mut s = two_tasks();
        s.tasks.push(task("a", 1.0));
        assert_eq!(
            error(&s),
            "plan.xml: task `a` appears twice; each task needs its own id"
        );

        let mut s = two_tasks();
        s.links.push(link("a", "z"));
        assert_eq!(
            error(&s),
            "plan.xml: a link from `a` names unknown task `z`"
        );

        let mut s = two_tasks();
        s.assignments.push(assign("b", "crew", 1.0));
        assert_eq!(
            error(&s),
            "plan.xml: task `b` is assigned unknown resource `crew`"
        );

        let mut s = two_tasks();
        s.assignments.push(assign("c", "crew", 1.0));
        assert_eq!(
            error(&s),
            "plan.xml: resource `crew` is assigned to unknown task `c`"
        );

        let mut s = two_tasks();
        s.tasks[0].calendar = Some("night".into());
        assert_eq!(
            error(&s),
            "plan.xml: task `a` names unknown calendar `night`"
        );

        let mut s = two_tasks();
        s.default_calendar = "night".into();
        assert_eq!(
            error(&s),
            "plan.xml: calendar `night` is not among the schedule's calendars"
        );

        let mut s = two_tasks();
        s.tasks.clear();
        s.links.clear();
        assert_eq!(error(&s), "plan.xml: the schedule has no tasks");
    }

    #[test]
    fn compile_errors_name_the_file_and_the_task_without_a_line() {
        let mut s = two_tasks();
        s.tasks[1].duration_days = -1.0;
        let (sc, source) = to_scenario(&s, Path::new("plan.xml")).unwrap();
        let msg = model::compile(&sc, &source).unwrap_err().to_string();
        assert!(msg.starts_with("plan.xml: task `b`: "), "{msg}");
        assert!(msg.contains("must not be negative"), "{msg}");

        let mut s = two_tasks();
        s.links.push(link("prepare", "b"));
        let (sc, source) = to_scenario(&s, Path::new("plan.xml")).unwrap();
        let msg = model::compile(&sc, &source).unwrap_err().to_string();
        assert_eq!(msg, "plan.xml: task `b` depends on unknown task `prepare`");
    }
}
