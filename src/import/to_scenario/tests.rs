//! The conversion's tests: what maps where, and what is refused.

use jiff::civil::{Weekday, date};

use super::*;
use crate::import::schedule::Calendar;
use crate::import::schedule::{
    Assignment, Exception, Link, LinkKind, Resource, Task as Job, ThreePoint,
};
use crate::model;
use crate::scenario::CalendarKind;

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

/// The scenario of `s` with no risk template, and its source.
fn convert(s: &Schedule) -> (Scenario, Source) {
    let c = to_scenario(s, Path::new("plan.xml"), &RiskTemplate::None).unwrap();
    (c.scenario, c.source)
}

fn error(s: &Schedule) -> String {
    match to_scenario(s, Path::new("plan.xml"), &RiskTemplate::None) {
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
    let (sc, source) = convert(&s);
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
    let (sc, source) = convert(&s);
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
    assert_eq!(
        sc.tasks[1].calendar.as_ref().map(|c| c.get_ref().as_str()),
        Some("continuous")
    );
    let e = sc.tasks[1].estimate.as_ref().unwrap().get_ref();
    assert_eq!((e.min, e.likely, e.max), (Some(2.0), Some(3.0), Some(6.0)));
    assert_eq!(
        sc.tasks[1].milestone.as_ref().map(|m| m.get_ref().as_str()),
        Some("b")
    );
    let m = model::compile(&sc, &source).unwrap();
    assert_eq!(m.milestones.len(), 1);
    let working: Vec<&str> = sc
        .project
        .working_days
        .iter()
        .map(|h| h.get_ref().0.as_str())
        .collect();
    assert_eq!(working, ["2027-01-08"]);
    // `a` works Monday 4th and Tuesday 5th; Wednesday and Thursday are holidays, Friday 8th
    // is an extra working day, and Monday 11th its fourth: it ends that evening (day 8).
    // `b` then runs three days around the clock.
    let det = crate::engine::deterministic(&m).totals;
    assert_eq!(det.finish, 11.0);
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
    let (sc, source) = convert(&s);
    let msg = model::compile(&sc, &source).unwrap_err().to_string();
    assert!(msg.starts_with("plan.xml: task `b`: "), "{msg}");
    assert!(msg.contains("must not be negative"), "{msg}");

    let mut s = two_tasks();
    s.links.push(link("prepare", "b"));
    let (sc, source) = convert(&s);
    let msg = model::compile(&sc, &source).unwrap_err().to_string();
    assert_eq!(msg, "plan.xml: task `b` depends on unknown task `prepare`");
}

#[test]
fn a_capacity_below_one_task_s_need_is_raised_and_zero_units_are_left_out() {
    let mut s = two_tasks();
    s.resources = vec![
        resource("crew", ResourceKind::Renewable, Some(1.0)),
        resource("idle", ResourceKind::Renewable, Some(0.0)),
    ];
    s.assignments = vec![assign("a", "crew", 3.0), assign("b", "crew", 0.0)];
    let c = to_scenario(&s, Path::new("plan.xml"), &RiskTemplate::None).unwrap();
    assert_eq!(*c.scenario.people[0].count.as_ref().unwrap().get_ref(), 3.0);
    // A capacity of 0 is the file's mistake: kept, for compiling to name.
    assert_eq!(*c.scenario.people[1].count.as_ref().unwrap().get_ref(), 0.0);
    assert!(c.scenario.tasks[1].people.is_none());
    let notes: Vec<(&str, usize)> = c
        .not_carried
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        notes,
        [
            ("assignments of no units", 1),
            (
                "resources whose capacity is below one task's assignment (capacity raised to it)",
                1
            )
        ]
    );
}

#[test]
fn a_risk_field_no_task_has_is_refused_naming_the_fields_there_are() {
    let mut s = two_tasks();
    s.tasks[0].fields.insert("Risk Level".into(), "High".into());
    let template = RiskTemplate::Field("Risk".into());
    let e = to_scenario(&s, Path::new("plan.xml"), &template).unwrap_err();
    assert_eq!(
        e.to_string(),
        "plan.xml: --risk-field Risk: no task has a level in field `Risk`; the file's fields are Risk Level"
    );
    let template = RiskTemplate::Field("Risk Level".into());
    let c = to_scenario(&s, Path::new("plan.xml"), &template).unwrap();
    let e = c.scenario.tasks[0].estimate.as_ref().unwrap().get_ref();
    assert_eq!(e.risk.as_deref(), Some("high"));
    // The other task has no value: kept fixed, and counted.
    assert_eq!(
        c.scenario.tasks[1].estimate.as_ref().unwrap().get_ref(),
        &crate::scenario::Estimate::fixed(3.0)
    );
    assert_eq!(c.not_carried.len(), 1);
}

#[test]
fn summary_tasks_become_the_wbs_path_and_the_name_stays_the_task_s() {
    let mut s = two_tasks();
    s.tasks[0].summary = vec!["Phase 1".into(), "Data".into()];
    let (sc, source) = convert(&s);
    assert_eq!(sc.tasks[0].name.as_deref(), Some("task a"));
    assert_eq!(sc.tasks[0].wbs.as_deref(), Some("Phase 1 / Data"));
    assert_eq!(sc.tasks[1].wbs, None);
    let m = model::compile(&sc, &source).unwrap();
    assert_eq!(m.tasks[0].wbs.as_deref(), Some("Phase 1 / Data"));
}
