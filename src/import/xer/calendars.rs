//! The `CALENDAR` table of an XER file as [`Calendar`]s: each calendar's name (made unique),
//! working week and exceptions from its `clndr_data`, and hours per day. The working periods
//! are kept too ([`Calendars::start_day`], [`Calendars::finish_day`]), because P6 stamps a
//! finish at the start of the next working time (`08:00` the next morning, or `00:00`): such a
//! stamp is the end of the working day before it.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;

use super::calendar::{self, WorkTime};
use super::table::{Stamp, Tables};
use crate::error::Result;
use crate::import::schedule::{Calendar, Exception, Schedule};
use crate::scenario::Source;

/// Hours of a working day when a calendar says nothing of its hours.
const DEFAULT_HOURS_PER_DAY: f64 = 8.0;

/// Days a date is moved at most to find a working day.
const SEARCH_DAYS: usize = 14;

/// One calendar of the file.
pub struct Entry {
    /// Unique among the calendars.
    pub name: String,
    pub hours_per_day: f64,
    /// A resource's own calendar (`CA_Rsrc`).
    pub resource: bool,
    /// Working periods of each weekday, Monday first.
    week: [Vec<(u32, u32)>; 7],
    exceptions: HashMap<Date, Vec<(u32, u32)>>,
    /// What the schedule gets.
    calendar: Calendar,
}

/// The file's calendars by `clndr_id`, in file order.
pub struct Calendars {
    pub by_id: HashMap<String, Entry>,
    order: Vec<String>,
}

impl Calendars {
    /// Reads the `CALENDAR` table. A calendar based on another (`base_clndr_id`) takes the
    /// base's week when it has none, and the base's exceptions for dates it does not set.
    pub fn read(source: &Source, tables: &Tables) -> Result<Calendars> {
        let table = tables.required(source, "CALENDAR")?;
        table.required(source, "clndr_id")?;
        let mut parsed = Vec::new();
        for r in table.records(source) {
            let id = r.text("clndr_id");
            let who = format!("calendar {id}");
            let time = calendar::parse(r.text("clndr_data"))
                .map_err(|why| r.invalid(&who, format!("`clndr_data`: {why}")))?;
            let day_hours = r.number("day_hr_cnt", &who)?.filter(|h| *h > 0.0);
            parsed.push((r, id, time, day_hours));
        }
        let times: HashMap<&str, &WorkTime> = parsed.iter().map(|p| (p.1, &p.2)).collect();
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        for (r, ..) in &parsed {
            *names.entry(r.text("clndr_name").to_string()).or_default() += 1;
        }
        let mut by_id = HashMap::new();
        let mut order = Vec::new();
        for (r, id, own, day_hours) in &parsed {
            let base = r.get("base_clndr_id").and_then(|b| times.get(b).copied());
            let week = own
                .week
                .clone()
                .or_else(|| base.and_then(|b| b.week.clone()))
                .unwrap_or_else(standard_week);
            let mut exceptions: BTreeMap<Date, Vec<(u32, u32)>> = base
                .map(|b| b.exceptions.iter().cloned().collect())
                .unwrap_or_default();
            exceptions.extend(own.exceptions.iter().cloned());
            let time = WorkTime {
                week: Some(week.clone()),
                exceptions: Vec::new(),
            };
            let workdays = time.workweek().unwrap_or_default();
            let hours_per_day = day_hours.unwrap_or_else(|| {
                if workdays.is_empty() {
                    DEFAULT_HOURS_PER_DAY
                } else {
                    time.week_hours() / workdays.len() as f64
                }
            });
            let name = match r.text("clndr_name") {
                "" => format!("calendar {id}"),
                n if names[n] > 1 => format!("{n} #{id}"),
                n => n.to_string(),
            };
            let calendar = Calendar {
                name: name.clone(),
                workweek: workdays,
                hours_per_day,
                exceptions: runs(&exceptions),
            };
            let entry = Entry {
                name,
                hours_per_day,
                resource: r.text("clndr_type") == "CA_Rsrc",
                week,
                exceptions: exceptions.into_iter().collect(),
                calendar,
            };
            by_id.insert(id.to_string(), entry);
            order.push(id.to_string());
        }
        Ok(Calendars { by_id, order })
    }

    /// The calendars the project's work can use (not resources' own ones, unless `used`
    /// names them), in file order, into `schedule`; the resources' own calendars are counted
    /// as not carried.
    pub fn fill(&self, schedule: &mut Schedule, used: &dyn Fn(&str) -> bool) {
        schedule.calendars.clear();
        for id in &self.order {
            let entry = &self.by_id[id];
            if entry.resource && !used(id) {
                schedule.not_carried("P6 resource calendars");
            } else {
                schedule.calendars.push(entry.calendar.clone());
            }
        }
    }

    /// The working periods of `day`.
    fn periods(entry: &Entry, day: Date) -> &[(u32, u32)] {
        match entry.exceptions.get(&day) {
            Some(p) => p,
            None => &entry.week[day.weekday().to_monday_zero_offset() as usize],
        }
    }

    /// The working day a start stamped `at` falls on: a start at or after the end of a
    /// working day's work begins on the next working day.
    pub fn start_day(&self, calendar: &str, at: Stamp) -> Date {
        let Some(entry) = self.by_id.get(calendar) else {
            return at.date;
        };
        let periods = Self::periods(entry, at.date);
        match periods.iter().map(|p| p.1).max() {
            Some(end) if at.minute >= end => Self::step(entry, at.date, 1).unwrap_or(at.date),
            _ => at.date,
        }
    }

    /// The working day a finish stamped `at` falls on: a finish at midnight, or at or before
    /// the start of a working day's work, ends the working day before.
    pub fn finish_day(&self, calendar: &str, at: Stamp) -> Date {
        let Some(entry) = self.by_id.get(calendar) else {
            return at.date;
        };
        let periods = Self::periods(entry, at.date);
        let first = periods.iter().map(|p| p.0).min();
        if at.minute == 0 || first.is_some_and(|s| at.minute <= s) {
            return Self::step(entry, at.date, -1)
                .or_else(|| at.date.checked_sub(1.day()).ok())
                .unwrap_or(at.date);
        }
        at.date
    }

    /// The nearest working day after (`by` = 1) or before (`by` = -1) `day`.
    fn step(entry: &Entry, mut day: Date, by: i64) -> Option<Date> {
        for _ in 0..SEARCH_DAYS {
            day = day.checked_add(by.days()).ok()?;
            if !Self::periods(entry, day).is_empty() {
                return Some(day);
            }
        }
        None
    }
}

/// Monday to Friday, 08:00 to 16:00: for a calendar whose data has no week.
fn standard_week() -> [Vec<(u32, u32)>; 7] {
    let day = vec![(480, 960)];
    [
        day.clone(),
        day.clone(),
        day.clone(),
        day.clone(),
        day,
        Vec::new(),
        Vec::new(),
    ]
}

/// Exceptions as runs of consecutive dates that are all worked or all not.
fn runs(exceptions: &BTreeMap<Date, Vec<(u32, u32)>>) -> Vec<Exception> {
    let mut out: Vec<Exception> = Vec::new();
    for (&day, periods) in exceptions {
        let working = !periods.is_empty();
        match out.last_mut() {
            Some(last)
                if last.working == working && last.last.checked_add(1.day()).ok() == Some(day) =>
            {
                last.last = day;
            }
            _ => out.push(Exception {
                first: day,
                last: day,
                working,
            }),
        }
    }
    out
}
