//! The calendars of an MS Project XML file as [`Calendar`]s: each `<Calendar>`'s working
//! week (`WeekDay` with `DayType` 1 = Sunday ... 7 = Saturday, `DayWorking`, and the hours of
//! its `WorkingTimes`), its exceptions, and what it inherits from its `BaseCalendarUID`. A
//! derived calendar takes its base's week where it says nothing about a day, and the base's
//! exceptions followed by its own.
//!
//! Exceptions come in two forms: MS Project 2003's `WeekDay` with `DayType` 0 and a
//! `TimePeriod`, and 2007's `Exceptions/Exception`; files from 2007 on hold both, and then
//! the `Exceptions` are read and the old form ignored. A daily recurring exception (`Type` 1
//! or 7) covers every `Period`-th day of its period; the other recurring kinds (weekly,
//! monthly, yearly) are not expanded and are counted as not carried.
//!
//! A calendar's hours per day are the commonest total of its working days' `WorkingTimes`,
//! or the project's `MinutesPerDay` when it gives none.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::{Date, DateTime, Weekday};

use super::values::Record;
use super::xml::Node;
use crate::error::Result;
use crate::import::schedule::{Calendar, Exception};
use crate::scenario::Source;

/// The most days one recurring exception is expanded into.
const MAX_RECURRING_DAYS: usize = 10_000;

/// MS Project's `DayType` 1..=7.
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Sunday,
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
];

/// A `<Calendar>` as the file gives it.
struct Raw<'n> {
    uid: i64,
    name: String,
    base: Option<i64>,
    node: &'n Node,
    /// Per `DayType` 1..=7: whether it is worked and its hours, when the calendar says.
    week: [Option<(bool, Option<f64>)>; 7],
    exceptions: Vec<Exception>,
}

/// The file's calendars, flattened (bases resolved), by UID, with unique names.
pub struct Calendars {
    pub by_uid: HashMap<i64, Calendar>,
    /// UIDs in the file's order.
    pub order: Vec<i64>,
}

/// Reads `<Calendars>`; `default_hours` is the project's hours per day.
pub fn read(
    source: &Source,
    project: &Node,
    default_hours: f64,
    not_carried: &mut BTreeMap<String, usize>,
) -> Result<Calendars> {
    let mut raws = Vec::new();
    if let Some(list) = project.child("Calendars") {
        for node in list.all("Calendar") {
            raws.push(raw(source, node, not_carried)?);
        }
    }
    let index: HashMap<i64, usize> = raws.iter().enumerate().map(|(i, r)| (r.uid, i)).collect();
    if index.len() != raws.len() {
        let mut seen = std::collections::HashSet::new();
        let dup = raws
            .iter()
            .find(|r| !seen.insert(r.uid))
            .map(|r| (r.uid, r.node));
        if let Some((uid, node)) = dup {
            return Err(Record::other(source, format!("calendar `{uid}`"))
                .error(node, "appears twice; each calendar needs its own `<UID>`"));
        }
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    for r in &raws {
        *names.entry(r.name.as_str()).or_default() += 1;
    }
    let mut by_uid = HashMap::new();
    let mut order = Vec::new();
    for r in &raws {
        // The chain from this calendar to its root base, this one first.
        let mut chain = vec![r];
        let mut next = r.base;
        while let Some(b) = next {
            let Some(&i) = index.get(&b) else {
                return Err(
                    Record::other(source, format!("calendar `{}`", r.uid)).error(
                        r.node,
                        format!("its `<BaseCalendarUID>` {b} names no calendar of the file"),
                    ),
                );
            };
            if chain.len() > raws.len() {
                return Err(Record::other(source, format!("calendar `{}`", r.uid))
                    .error(r.node, "its base calendars go round in a circle"));
            }
            chain.push(&raws[i]);
            next = raws[i].base;
        }
        let mut week: [Option<(bool, Option<f64>)>; 7] = [None; 7];
        let mut exceptions = Vec::new();
        for c in chain.iter().rev() {
            for (d, day) in c.week.iter().enumerate() {
                if day.is_some() {
                    week[d] = *day;
                }
            }
            exceptions.extend(c.exceptions.iter().copied());
        }
        let name = if names[r.name.as_str()] > 1 {
            format!("{} #{}", r.name, r.uid)
        } else {
            r.name.clone()
        };
        by_uid.insert(r.uid, flatten(name, &week, exceptions, default_hours));
        order.push(r.uid);
    }
    Ok(Calendars { by_uid, order })
}

/// The calendar of a resolved week: days not given are Monday to Friday's default.
fn flatten(
    name: String,
    week: &[Option<(bool, Option<f64>)>; 7],
    exceptions: Vec<Exception>,
    default_hours: f64,
) -> Calendar {
    let mut workweek = Vec::new();
    let mut totals: BTreeMap<u64, usize> = BTreeMap::new();
    for (d, day) in week.iter().enumerate() {
        let weekday = WEEKDAYS[d];
        let (working, hours) = day.unwrap_or((!matches!(d, 0 | 6), None));
        if working {
            workweek.push(weekday);
            if let Some(h) = hours.filter(|h| *h > 0.0) {
                *totals.entry(h.to_bits()).or_default() += 1;
            }
        }
    }
    // The commonest day's hours; on a tie, the longer day.
    let hours_per_day = totals
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(f64::from_bits(*a.0).total_cmp(&f64::from_bits(*b.0)))
        })
        .map(|(h, _)| f64::from_bits(*h))
        .unwrap_or(default_hours);
    workweek.sort_by_key(|d| d.to_monday_one_offset());
    Calendar {
        name,
        workweek,
        hours_per_day,
        exceptions,
    }
}

fn raw<'n>(
    source: &Source,
    node: &'n Node,
    not_carried: &mut BTreeMap<String, usize>,
) -> Result<Raw<'n>> {
    let unnamed = Record::other(source, "a calendar".into());
    let Some(uid) = unnamed.int(node, "UID")? else {
        return Err(unnamed.error(node, "has no `<UID>`"));
    };
    let record = Record::other(source, format!("calendar `{uid}`"));
    let name = node
        .text("Name")
        .map(str::to_string)
        .unwrap_or_else(|| format!("Calendar {uid}"));
    // A base calendar's `BaseCalendarUID` means nothing (MS Project writes 0 or -1 there).
    let base = match record.flag(node, "IsBaseCalendar")? {
        true => None,
        false => record
            .int(node, "BaseCalendarUID")?
            .filter(|b| *b >= 0 && *b != uid),
    };
    let mut week = [None; 7];
    let mut old_exceptions = Vec::new();
    if let Some(days) = node.child("WeekDays") {
        for day in days.all("WeekDay") {
            let Some(kind) = record.int(day, "DayType")? else {
                return Err(record.error(day, "a `<WeekDay>` has no `<DayType>`"));
            };
            let working = record.flag(day, "DayWorking")?;
            match kind {
                1..=7 => {
                    let hours = working_hours(&record, day)?;
                    week[kind as usize - 1] = Some((working, hours));
                }
                0 => {
                    if let Some(period) = day.child("TimePeriod") {
                        let (first, last) = period_days(&record, period)?;
                        old_exceptions.push(Exception {
                            first,
                            last,
                            working,
                        });
                    }
                }
                other => {
                    return Err(record.error(
                        day,
                        format!("`<DayType>` is {other}; it must be 0 (an exception) or 1 (Sunday) to 7 (Saturday)"),
                    ));
                }
            }
        }
    }
    let mut exceptions = Vec::new();
    let new_form: Vec<&Node> = node
        .child("Exceptions")
        .map(|e| e.all("Exception").collect())
        .unwrap_or_default();
    if new_form.is_empty() {
        exceptions = old_exceptions;
    } else {
        for e in new_form {
            exception(&record, e, &mut exceptions, not_carried)?;
        }
    }
    if node
        .child("WorkWeeks")
        .is_some_and(|w| w.all("WorkWeek").next().is_some())
    {
        *not_carried
            .entry("alternative work weeks of calendars".into())
            .or_default() += 1;
    }
    Ok(Raw {
        uid,
        name,
        base,
        node,
        week,
        exceptions,
    })
}

/// One 2007-form `<Exception>`, expanded into `out`.
fn exception(
    record: &Record,
    e: &Node,
    out: &mut Vec<Exception>,
    not_carried: &mut BTreeMap<String, usize>,
) -> Result<()> {
    let Some(period) = e.child("TimePeriod") else {
        return Err(record.error(e, "an `<Exception>` has no `<TimePeriod>`"));
    };
    let (first, last) = period_days(record, period)?;
    let working = record.flag(e, "DayWorking")?;
    let kind = record.int(e, "Type")?.unwrap_or(1);
    if !matches!(kind, 1 | 7) {
        *not_carried
            .entry("recurring calendar exceptions (weekly, monthly, yearly)".into())
            .or_default() += 1;
        return Ok(());
    }
    let every = record.int(e, "Period")?.unwrap_or(1);
    if every <= 1 {
        out.push(Exception {
            first,
            last,
            working,
        });
        return Ok(());
    }
    // A period longer than any calendar's span of days reaches no second day.
    let step = jiff::Span::new().try_days(every).ok();
    let mut day = first;
    let mut count = 0;
    while day <= last {
        count += 1;
        if count > MAX_RECURRING_DAYS {
            return Err(record.error(
                e,
                format!("a recurring exception covers more than {MAX_RECURRING_DAYS} days"),
            ));
        }
        out.push(Exception {
            first: day,
            last: day,
            working,
        });
        let Some(next) = step.and_then(|s| day.checked_add(s).ok()) else {
            break;
        };
        day = next;
    }
    Ok(())
}

/// The first and last day of a `<TimePeriod>`: `FromDate` to `ToDate` inclusive (a `ToDate`
/// at midnight ends the day before).
fn period_days(record: &Record, period: &Node) -> Result<(Date, Date)> {
    let from = record.datetime(period, "FromDate")?;
    let to = record.datetime(period, "ToDate")?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(record.error(
            period,
            "a `<TimePeriod>` needs a `<FromDate>` and a `<ToDate>`",
        ));
    };
    let first = from.date();
    let mut last = to.date();
    if to.time() == jiff::civil::Time::midnight() && last > first {
        last = last.yesterday().unwrap_or(last);
    }
    if last < first {
        return Err(record.error(
            period,
            format!("the period ends ({last}) before it starts ({first})"),
        ));
    }
    Ok((first, last))
}

/// The hours of a `<WeekDay>`'s `<WorkingTimes>`, when it gives any.
fn working_hours(record: &Record, day: &Node) -> Result<Option<f64>> {
    let Some(times) = day.child("WorkingTimes") else {
        return Ok(None);
    };
    let mut hours = 0.0;
    let mut any = false;
    for t in times.all("WorkingTime") {
        let (Some(from), Some(to)) = (t.text("FromTime"), t.text("ToTime")) else {
            continue;
        };
        let parse = |s: &str| -> Result<f64> {
            let time = format!("2000-01-01T{s}");
            time.parse::<DateTime>()
                .map(|dt| {
                    let t = dt.time();
                    t.hour() as f64 + t.minute() as f64 / 60.0 + t.second() as f64 / 3600.0
                })
                .map_err(|_| {
                    record.error(
                        t,
                        format!("a working time must be like 08:00:00, not `{s}`"),
                    )
                })
        };
        let (from, mut to) = (parse(from)?, parse(to)?);
        if to <= from {
            // Ending at midnight: the end of the day.
            to += 24.0;
        }
        hours += to - from;
        any = true;
    }
    Ok(any.then_some(hours))
}
