//! GanttProject `.gan` files (XML): a plan as GanttProject saves it, read into a [`Schedule`]
//! so that `riskplan run plan.gan` simulates it directly.
//!
//! What maps where:
//! - every `<task>` without child tasks becomes a task with the file's `id`, its `name` and
//!   `duration` (GanttProject counts working days); `meeting="true"` makes a milestone. Nested
//!   tasks are flattened: the names of the tasks around them go into [`Task::summary`], and a
//!   task with children is a summary, not a task.
//! - `<depend id="S" type="T" difference="D">` inside task P is a link from P to S: type 1
//!   start-start, 2 finish-start, 3 finish-finish, 4 start-finish, `D` working days of lag.
//!   Strong and rubber links (`hardness`) are both a minimum gap. A link from a summary task
//!   that ties its finish (FS, FF) becomes one link from each task inside it (its finish is
//!   the latest of theirs); a link to a summary task that ties its start (FS, SS) becomes one
//!   link to each task inside it. The other two cases (a summary's start as predecessor, its
//!   finish as successor) have no exact translation and are an error.
//! - the project starts on the earliest task `start`. A task that no link drives keeps its
//!   date as a start-no-earlier-than constraint, as GanttProject keeps it.
//! - the calendar: `<default-week>` (`1` marks a day off) and `<date>` exceptions (`HOLIDAY`
//!   or no type: a day off; `WORKING_DAY`: an extra working day; a `<date>` without a year
//!   recurs every year, repeated over the plan's first ten years), 8 hours a day.
//! - each `<resource>` is one person (capacity 1) paid its `standard` rate per day, known by
//!   its name (`name #id` when two share one); each `<allocation>` puts `load` % of that
//!   person on the task.
//! - a task's cost set by hand (`cost-manual-value`, unless `cost-calculated="true"`) is its
//!   fixed cost.
//!
//! Not read: percent complete, notes, colours, custom properties, roles, resource vacations
//! and the view settings; an allocation to a summary task is an error, as the work inside
//! would otherwise be costed without it.
//!
//! Errors name the file and the line, and the task when they are about one.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use jiff::civil::{Date, Weekday};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::reader::Reader;

use super::schedule::{
    Assignment, Calendar, Constraint, Exception, Link, LinkKind, MAX_SUMMARY_DEPTH, Resource,
    ResourceKind, Schedule, Task, too_many_links,
};
use crate::error::{Error, Result};
use crate::scenario::Source;

mod build;
use build::build;

/// The name of the one calendar of a GanttProject plan.
pub const CALENDAR: &str = "default";

/// Hours in a GanttProject working day.
const HOURS_PER_DAY: f64 = 8.0;

/// Years a recurring holiday (a `<date>` without a year) is repeated over.
const RECURRING_YEARS: i16 = 10;

/// Parses `.gan` text. The project is named by its `name` attribute, else by the file's stem.
pub fn parse(source: &Source) -> Result<Schedule> {
    let raw = read(source)?;
    build(source, raw)
}

/// A `<task>` as the file gives it.
struct RawTask {
    id: String,
    name: String,
    /// Byte offset of its tag.
    at: usize,
    duration: f64,
    milestone: bool,
    start: Option<Date>,
    cost: Option<f64>,
    /// Names of the tasks around it, outermost first.
    summary: Vec<String>,
    /// Index (in `RawPlan::tasks`) of the task it is nested in.
    parent: Option<usize>,
    has_children: bool,
}

/// A `<depend>` as the file gives it.
struct RawLink {
    predecessor: String,
    successor: String,
    kind: LinkKind,
    lag_days: f64,
    at: usize,
}

/// A `<date>` of the calendar.
struct RawDate {
    year: Option<i16>,
    month: i8,
    day: i8,
    working: bool,
    at: usize,
}

#[derive(Default)]
struct RawPlan {
    name: String,
    tasks: Vec<RawTask>,
    links: Vec<RawLink>,
    /// Days of the week off (`<default-week>`); `None`: the file gives no week.
    days_off: Option<Vec<Weekday>>,
    dates: Vec<RawDate>,
    resources: Vec<(Resource, usize)>,
    /// Task id, resource id, load in %, offset.
    allocations: Vec<(String, String, f64, usize)>,
}

/// The attributes of a tag, by name.
struct Attrs<'s> {
    source: &'s Source,
    tag: String,
    at: usize,
    values: HashMap<String, String>,
}

impl<'s> Attrs<'s> {
    fn of(source: &'s Source, e: &BytesStart, at: usize) -> Result<Self> {
        let tag = <QName as AsRef<str>>::as_ref(&e.name()).to_string();
        let mut values = HashMap::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|err| syntax(source, at, format!("in `<{tag}>`: {err}")))?;
            let key = <QName as AsRef<str>>::as_ref(&attr.key).to_string();
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| syntax(source, at, format!("in `<{tag}>`: {err}")))?;
            values.insert(key, value.into_owned());
        }
        Ok(Attrs {
            source,
            tag,
            at,
            values,
        })
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn required(&self, key: &str) -> Result<&str> {
        self.get(key).ok_or_else(|| {
            syntax(
                self.source,
                self.at,
                format!("`<{}>` has no `{key}` attribute", self.tag),
            )
        })
    }

    /// A number, or an error about `task` (when the tag belongs to one).
    fn number(&self, key: &str, task: Option<&str>) -> Result<Option<f64>> {
        let Some(text) = self.get(key) else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => {
                let message = format!("`{key}` of `<{}>` must be a number, not `{text}`", self.tag);
                Err(match task {
                    Some(t) => {
                        self.source
                            .invalid_task(self.span(), t, format!("task `{t}`: {message}"))
                    }
                    None => self.source.invalid(self.span(), message),
                })
            }
        }
    }

    fn date(&self, key: &str, task: &str) -> Result<Option<Date>> {
        let Some(text) = self.get(key) else {
            return Ok(None);
        };
        text.parse::<Date>().map(Some).map_err(|_| {
            self.source.invalid_task(
                self.span(),
                task,
                format!("task `{task}`: `{key}` must be a date (YYYY-MM-DD), not `{text}`"),
            )
        })
    }

    fn span(&self) -> Range<usize> {
        self.at..self.at
    }
}

fn syntax(source: &Source, at: usize, message: impl Into<String>) -> Error {
    Error::Syntax {
        location: source.locate(at),
        message: message.into(),
    }
}

/// Reads the XML into the file's own shapes; well-formedness and numbers are checked here.
fn read(source: &Source) -> Result<RawPlan> {
    let mut reader = Reader::from_str(&source.text);
    let mut plan = RawPlan::default();
    // Open elements: name, offset, and whether it is a task read as one.
    let mut open: Vec<(String, usize, bool)> = Vec::new();
    // Indices (in plan.tasks) of the open `<task>` elements.
    let mut task_stack: Vec<usize> = Vec::new();
    let mut seen_project = false;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|err| {
            syntax(
                source,
                reader.error_position() as usize,
                format!("not well-formed XML: {err}"),
            )
        })?;
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                if let Some((_, _, true)) = open.pop() {
                    task_stack.pop();
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let attrs = Attrs::of(source, &e, at)?;
        let parent = open.last().map(|(n, _, _)| n.as_str());
        let mut is_task = false;
        match (attrs.tag.as_str(), parent) {
            ("project", None) => {
                seen_project = true;
                plan.name = attrs.get("name").unwrap_or("").to_string();
            }
            (_, None) => {
                return Err(syntax(
                    source,
                    at,
                    format!(
                        "not a GanttProject file: the document is `<{}>`, not `<project>`",
                        attrs.tag
                    ),
                ));
            }
            ("task", Some("tasks" | "task")) => {
                if task_stack.len() > MAX_SUMMARY_DEPTH {
                    let id = attrs.get("id").unwrap_or("");
                    return Err(source.invalid_task(
                        attrs.span(),
                        id,
                        format!(
                            "task `{id}` is nested inside more than {MAX_SUMMARY_DEPTH} tasks; riskplan reads at most {MAX_SUMMARY_DEPTH} levels of nesting, far more than a real plan has"
                        ),
                    ));
                }
                let index = plan.tasks.len();
                let task = raw_task(&attrs, &plan, task_stack.last().copied())?;
                if let Some(&p) = task_stack.last() {
                    plan.tasks[p].has_children = true;
                }
                plan.tasks.push(task);
                if !empty {
                    task_stack.push(index);
                    is_task = true;
                }
            }
            ("depend", Some("task")) if open.last().is_some_and(|o| o.2) => {
                let Some(&p) = task_stack.last() else {
                    continue;
                };
                let predecessor = plan.tasks[p].id.clone();
                let successor = attrs.required("id")?.to_string();
                let kind = match attrs.get("type").unwrap_or("2") {
                    "1" => LinkKind::SS,
                    "2" => LinkKind::FS,
                    "3" => LinkKind::FF,
                    "4" => LinkKind::SF,
                    other => {
                        return Err(source.invalid_task(
                            attrs.span(),
                            &predecessor,
                            format!(
                                "link to task `{successor}` has type `{other}`; GanttProject's types are 1 (start-start), 2 (finish-start), 3 (finish-finish) and 4 (start-finish)"
                            ),
                        ));
                    }
                };
                let lag_days = attrs
                    .number("difference", Some(&predecessor))?
                    .unwrap_or(0.0);
                plan.links.push(RawLink {
                    predecessor,
                    successor,
                    kind,
                    lag_days,
                    at,
                });
            }
            ("default-week", Some("day-types")) => {
                let mut off = Vec::new();
                for (key, day) in crate::model::calendar::WEEKDAYS {
                    if attrs.get(key) == Some("1") {
                        off.push(day);
                    }
                }
                plan.days_off = Some(off);
            }
            ("date", Some("calendars")) => {
                let whole = |key: &str| -> Result<Option<i64>> {
                    match attrs.number(key, None)? {
                        Some(v) if v.fract() == 0.0 => Ok(Some(v as i64)),
                        Some(v) => Err(source.invalid(
                            attrs.span(),
                            format!("`{key}` of a calendar date must be whole, not {v}"),
                        )),
                        None => Ok(None),
                    }
                };
                let year = whole("year")?;
                let month = whole("month")?;
                let day = whole("date")?;
                let (Some(month), Some(day)) = (month, day) else {
                    return Err(source.invalid(
                        attrs.span(),
                        "a calendar `<date>` needs a `month` and a `date`",
                    ));
                };
                let working = match attrs.get("type").unwrap_or("HOLIDAY") {
                    "HOLIDAY" => Some(false),
                    "WORKING_DAY" => Some(true),
                    _ => None,
                };
                if let Some(working) = working {
                    plan.dates.push(RawDate {
                        year: year.map(|y| y as i16),
                        month: month.clamp(0, 99) as i8,
                        day: day.clamp(0, 99) as i8,
                        working,
                        at,
                    });
                }
            }
            ("resource", Some("resources")) => {
                let id = attrs.required("id")?.to_string();
                let name = attrs.get("name").unwrap_or(&id).to_string();
                plan.resources.push((
                    Resource {
                        id,
                        name,
                        kind: ResourceKind::Renewable,
                        capacity: Some(1.0),
                        total: None,
                        rate_per_day: None,
                        cost_per_unit: None,
                    },
                    at,
                ));
            }
            ("rate", Some("resource")) if attrs.get("name").is_none_or(|n| n == "standard") => {
                let rate = attrs.number("value", None)?;
                if let Some((r, _)) = plan.resources.last_mut() {
                    r.rate_per_day = rate;
                }
            }
            ("allocation", Some("allocations")) => {
                let task = attrs.required("task-id")?.to_string();
                let resource = attrs.required("resource-id")?.to_string();
                let load = attrs.number("load", Some(&task))?.unwrap_or(100.0);
                plan.allocations.push((task, resource, load, at));
            }
            _ => {}
        }
        if !empty {
            open.push((attrs.tag, at, is_task));
        }
    }
    if let Some((name, at, _)) = open.last() {
        return Err(syntax(
            source,
            source.text.len(),
            format!(
                "the file ends inside `<{name}>` (opened on line {}): is it truncated?",
                source.locate(*at).line
            ),
        ));
    }
    if !seen_project {
        return Err(syntax(
            source,
            0,
            "not a GanttProject file: no `<project>` element",
        ));
    }
    Ok(plan)
}

fn raw_task(attrs: &Attrs, plan: &RawPlan, parent: Option<usize>) -> Result<RawTask> {
    let id = attrs.required("id")?.to_string();
    let name = attrs.get("name").unwrap_or(&id).to_string();
    let milestone = attrs.get("meeting") == Some("true");
    let duration = attrs.number("duration", Some(&id))?.unwrap_or(0.0);
    if duration < 0.0 {
        return Err(attrs.source.invalid_task(
            attrs.span(),
            &id,
            format!("task `{id}`: `duration` must be zero or more days, not {duration}"),
        ));
    }
    let calculated = attrs.get("cost-calculated") == Some("true");
    let cost = match (calculated, attrs.number("cost-manual-value", Some(&id))?) {
        (false, Some(c)) if c != 0.0 => Some(c),
        _ => None,
    };
    let summary = match parent {
        Some(p) => {
            let mut s = plan.tasks[p].summary.clone();
            s.push(plan.tasks[p].name.clone());
            s
        }
        None => Vec::new(),
    };
    Ok(RawTask {
        start: attrs.date("start", &id)?,
        id,
        name,
        at: attrs.at,
        duration: if milestone { 0.0 } else { duration },
        milestone,
        cost,
        summary,
        parent,
        has_children: false,
    })
}
