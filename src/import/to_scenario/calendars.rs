//! The schedule's calendars as the scenario's: the default one is the project's, every other
//! one a task uses becomes a `[[calendars]]` entry (or `continuous` when it works every day).

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::empty_span;
use crate::import::schedule::{Calendar, Schedule};
use crate::model::calendar::weekday_name;
use crate::scenario::{CalendarKind, CalendarSpec, DateValue, Project};
use toml::Spanned;

/// The days past the start that the model's calendar tables cover: exceptions beyond them
/// change nothing.
const HORIZON_DAYS: i64 = 366 * 60;

pub struct Calendars<'a> {
    schedule: &'a Schedule,
    default: &'a Calendar,
    /// Names of the calendars tasks use besides the default, for `[[calendars]]`.
    used: BTreeSet<String>,
}

impl<'a> Calendars<'a> {
    pub fn new(schedule: &'a Schedule) -> Result<Self, String> {
        let default = find(schedule, &schedule.default_calendar).ok_or_else(|| {
            format!(
                "calendar `{}` is not among the schedule's calendars",
                schedule.default_calendar
            )
        })?;
        Ok(Calendars {
            schedule,
            default,
            used: BTreeSet::new(),
        })
    }

    /// What a task on calendar `name` writes as its `calendar`: nothing for the default one,
    /// `continuous`, or the calendar's own name. `None` when no calendar has that name.
    pub fn task_calendar(&mut self, name: &str) -> Option<Option<String>> {
        let c = find(self.schedule, name)?;
        if c.name == self.default.name {
            return Some(None);
        }
        if c.is_every_day() {
            return Some((!self.default.is_every_day()).then(|| "continuous".to_string()));
        }
        self.used.insert(c.name.clone());
        Some(Some(scenario_name(&c.name)))
    }

    /// The project's calendar: `continuous` when the default works every day, else its week.
    pub fn project(&self, project: &mut Project) {
        let c = self.default;
        if c.is_every_day() {
            project.calendar = CalendarKind::Continuous;
            return;
        }
        project.calendar = CalendarKind::Workdays;
        project.workweek = Some(empty_span(week(c)));
        let (holidays, working) = exceptions(c, self.schedule.start);
        project.holidays = holidays;
        project.working_days = working;
    }

    /// The `[[calendars]]` entries of the calendars tasks use, in the schedule's order.
    pub fn specs(&self) -> Vec<CalendarSpec> {
        self.schedule
            .calendars
            .iter()
            .filter(|c| self.used.contains(&c.name))
            .map(|c| {
                let (holidays, working_days) = exceptions(c, self.schedule.start);
                CalendarSpec {
                    name: empty_span(scenario_name(&c.name)),
                    workweek: Some(empty_span(week(c))),
                    holidays,
                    working_days,
                }
            })
            .collect()
    }
}

fn find<'a>(schedule: &'a Schedule, name: &str) -> Option<&'a Calendar> {
    schedule.calendars.iter().find(|c| c.name == name)
}

/// A file's calendar name as a scenario's: the built-in names are taken.
fn scenario_name(name: &str) -> String {
    match name {
        "workdays" | "continuous" => format!("{name} (imported)"),
        _ => name.to_string(),
    }
}

/// The working week as the scenario spells it.
fn week(c: &Calendar) -> Vec<String> {
    c.workweek
        .iter()
        .map(|d| weekday_name(*d).to_string())
        .collect()
}

/// Holidays and extra working days of a calendar, one date each, from the plan's start to the
/// end of the model's tables.
type Dates = Vec<Spanned<DateValue>>;
fn exceptions(c: &Calendar, start: Date) -> (Dates, Dates) {
    let mut off = BTreeSet::new();
    let mut on = BTreeSet::new();
    let last = start
        .checked_add(jiff::Span::new().days(HORIZON_DAYS))
        .unwrap_or(Date::MAX);
    for e in &c.exceptions {
        let mut d = e.first.max(start);
        while d <= e.last.min(last) {
            if e.working { &mut on } else { &mut off }.insert(d);
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
    }
    let dates = |s: BTreeSet<Date>| {
        s.into_iter()
            .map(|d| empty_span(DateValue(d.to_string())))
            .collect()
    };
    (dates(off), dates(on))
}
