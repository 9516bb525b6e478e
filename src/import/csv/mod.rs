//! Task lists kept as CSV: the generic task CSV riskplan defines ([`generic`]), Jira's
//! "Export Excel CSV (all fields)" ([`jira`]) and Asana's project export ([`asana`]). Which
//! of the three a file is comes from its header row ([`layout`]); each reader fills a
//! [`Schedule`] with what its layout says.
//!
//! What the three share, decided here once:
//! - the plan runs on one calendar, `workdays`: Monday to Friday, `hours_per_day` hours a
//!   day (a task CSV may put a task on a second one, `continuous`).
//! - day 0 is the start given (`--start`), else today. When the file records progress (an
//!   actual date), the status date is that day too (or the latest actual date, if later), and
//!   the plan starts at the earliest actual date when that is earlier.
//! - these files carry no rates: each person (or role) named becomes a role with no
//!   capacity and no rate, and each assignment asks for its units of it.

pub mod asana;
pub mod generic;
pub mod jira;
mod table;
mod values;

use std::collections::{HashMap, HashSet};

use jiff::civil::{Date, Weekday};

use super::ReadOptions;
use super::schedule::{
    Calendar, Link, LinkKind, MAX_SUMMARY_DEPTH, Resource, ResourceKind, Schedule, too_many_links,
};
use crate::error::{Error, Result};
use crate::scenario::Source;

/// The name of the calendar every CSV plan runs on.
pub const CALENDAR: &str = "workdays";

/// The CSV layouts riskplan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Generic,
    Jira,
    Asana,
}

/// The layout a file's header row shows, if any. Tracker exports are tried first: their
/// headers are the more specific.
pub fn layout(text: &str) -> Option<Layout> {
    if jira::looks_like(text) {
        Some(Layout::Jira)
    } else if asana::looks_like(text) {
        Some(Layout::Asana)
    } else if generic::looks_like(text) {
        Some(Layout::Generic)
    } else {
        None
    }
}

/// The groups around row `i` by its chain of `parent`s, outermost first; a circle of parents
/// stops where it comes round. `None`: more than [`MAX_SUMMARY_DEPTH`] groups.
fn ancestors(parent: &[Option<usize>], i: usize) -> Option<Vec<usize>> {
    let mut up = Vec::new();
    let mut at = parent[i];
    while let Some(p) = at {
        if p == i || up.contains(&p) {
            break;
        }
        if up.len() == MAX_SUMMARY_DEPTH {
            return None;
        }
        up.push(p);
        at = parent[p];
    }
    up.reverse();
    Some(up)
}

/// The message for a row inside more than [`MAX_SUMMARY_DEPTH`] groups.
fn too_deep() -> String {
    format!(
        "it has more than {MAX_SUMMARY_DEPTH} groups around it (its parent, the parent's parent, ...); riskplan reads at most {MAX_SUMMARY_DEPTH} levels of groups, far more than a real plan has"
    )
}

/// The most ids a message lists before it counts the rest.
const LISTED: usize = 10;

/// `3 issues (A-1, A-2, A-3)`: how many, and the first few ids, the rest counted.
fn listed(ids: &[&str], one: &str, many: &str) -> String {
    let shown: Vec<&str> = ids.iter().take(LISTED).copied().collect();
    let more = ids.len().saturating_sub(LISTED);
    format!(
        "{} {} ({}{})",
        ids.len(),
        if ids.len() == 1 { one } else { many },
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

/// True when the text starts with the header row of one of the CSV layouts.
pub fn looks_like(text: &str) -> bool {
    layout(text).is_some()
}

/// Reads a CSV file in whichever layout its header shows. A header with some of a task CSV's
/// columns is read as one (so that a missing column is named); a header of none of the
/// layouts is an error that lists what each needs.
pub fn parse(file: &Source, options: &ReadOptions) -> Result<Schedule> {
    match layout(&file.text) {
        Some(Layout::Generic) => generic::parse(file, options),
        Some(Layout::Jira) => jira::parse(file, options),
        Some(Layout::Asana) => asana::parse(file, options),
        // A task CSV short of a column: its own error names the column and the closest.
        None if generic::resembles(&file.text) => generic::parse(file, options),
        None => {
            let found = table::header_names(&file.text);
            Err(Error::Syntax {
                location: file.locate(0),
                message: format!(
                    "not a CSV layout riskplan reads (header: {}); it reads a task CSV (columns `id` and `duration` or `likely`), a Jira CSV export (`Issue key`, `Summary`) and an Asana CSV export (`Task ID`, `Name`, `Section/Column`)",
                    if found.is_empty() {
                        "(empty)".to_string()
                    } else {
                        found.join(", ")
                    }
                ),
            })
        }
    }
}

/// The checked options and the schedule they start from: the calendar and day 0.
pub(crate) fn empty_schedule(file: &Source, options: &ReadOptions) -> Result<Schedule> {
    if !(options.hours_per_day > 0.0 && options.hours_per_day <= 24.0) {
        return Err(Error::Options(format!(
            "hours per day must be more than 0 and at most 24, not {}",
            options.hours_per_day
        )));
    }
    if !(options.points_days >= 0.0 && options.points_days.is_finite()) {
        return Err(Error::Options(format!(
            "days per story point must be 0 or more, not {}",
            options.points_days
        )));
    }
    let name = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "csv".into());
    let start = options
        .start
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    Ok(Schedule::new(name, start, workdays(options.hours_per_day)))
}

/// Monday to Friday, `hours_per_day` hours a day, no holidays.
pub(crate) fn workdays(hours_per_day: f64) -> Calendar {
    Calendar {
        name: CALENDAR.into(),
        workweek: vec![
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
        ],
        hours_per_day,
        exceptions: Vec::new(),
    }
}

/// Sets the status date and day 0 from the actual dates of the tasks (see the module docs).
pub(crate) fn date_progress(schedule: &mut Schedule) {
    let actual: Vec<Date> = schedule
        .tasks
        .iter()
        .filter_map(|t| t.progress)
        .flat_map(|p| [p.actual_start, p.actual_finish])
        .flatten()
        .collect();
    if schedule.tasks.iter().all(|t| t.progress.is_none()) {
        return;
    }
    let today = schedule.start;
    let latest = actual.iter().copied().max().unwrap_or(today);
    schedule.status_date = Some(today.max(latest));
    schedule.start = actual.iter().copied().min().unwrap_or(today).min(today);
}

/// Adds the role `name` (no capacity, no rate) unless the schedule has it, and assigns
/// `units` of it to `task`.
pub(crate) fn assign(schedule: &mut Schedule, task: &str, name: &str, units: f64) {
    if !schedule.resources.iter().any(|r| r.id == name) {
        schedule.resources.push(Resource {
            id: name.to_string(),
            name: name.to_string(),
            kind: ResourceKind::Renewable,
            capacity: None,
            total: None,
            rate_per_day: None,
            cost_per_unit: None,
        });
    }
    schedule.assignments.push(super::schedule::Assignment {
        task: task.to_string(),
        resource: name.to_string(),
        units,
    });
}

/// Finish-to-start links between rows of a tracker export, some of which are groups (an epic,
/// a parent task) standing for the tasks inside them: a group as predecessor stands for each
/// task inside it (its finish is the latest of theirs), as successor for each task inside it
/// (none starts before the predecessor finishes). Each link is kept once; more than
/// [`MAX_LINKS`](super::schedule::MAX_LINKS) is an error about `file`.
pub(crate) fn expand_links(
    pairs: &[(String, String)],
    members: &HashMap<String, Vec<String>>,
    file: &Source,
) -> Result<Vec<Link>> {
    let mut seen = HashSet::new();
    let mut links = Vec::new();
    let expand = |id: &String| -> Vec<String> {
        members.get(id).cloned().unwrap_or_else(|| vec![id.clone()])
    };
    for (p, s) in pairs {
        let (from, to) = (expand(p), expand(s));
        if let Some(message) = too_many_links(links.len(), from.len(), to.len(), p, s) {
            return Err(Error::Import {
                file: file.path.clone(),
                problem: Box::new(Error::Invalid {
                    location: None,
                    task: Some(p.clone()),
                    message,
                }),
            });
        }
        for a in from {
            for b in &to {
                if a != *b && seen.insert((a.clone(), b.clone())) {
                    links.push(Link {
                        predecessor: a.clone(),
                        successor: b.clone(),
                        kind: LinkKind::FS,
                        lag_days: 0.0,
                    });
                }
            }
        }
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::schedule::{Progress, Task};
    use jiff::civil::date;

    #[test]
    fn layouts_are_told_apart_by_their_header() {
        assert_eq!(layout("Summary,Issue key,Issue id\n"), Some(Layout::Jira));
        assert_eq!(
            layout("\u{feff}Task ID,Created At,Completed At,Last Modified,Name,Section/Column"),
            Some(Layout::Asana)
        );
        assert_eq!(layout("id,name,likely\n"), Some(Layout::Generic));
        assert_eq!(layout("ID,Duration\n"), Some(Layout::Generic));
        assert_eq!(layout("Task ID,Name\n"), None, "no Asana column");
        assert_eq!(layout("name,duration\n"), None);
        let file = Source {
            path: "x.csv".into(),
            text: "a,b\n1,2\n".into(),
        };
        let e = parse(&file, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.csv:1:1: not a CSV layout"), "{e}");
        assert!(
            e.contains("header: a, b") && e.contains("Jira") && e.contains("Asana"),
            "{e}"
        );
        let file = Source {
            path: "x.csv".into(),
            text: "ID,Name,Durration\n".into(),
        };
        let e = parse(&file, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `duration` or `likely` column"), "{e}");
        assert!(e.contains("did you mean `Durration`?"), "{e}");
    }

    #[test]
    fn progress_moves_the_status_date_and_day_0() {
        let mut s = Schedule::new("p", date(2026, 3, 10), workdays(8.0));
        s.tasks.push(Task::new("a", "a", 1.0));
        date_progress(&mut s);
        assert_eq!((s.start, s.status_date), (date(2026, 3, 10), None));
        s.tasks[0].progress = Some(Progress {
            actual_start: Some(date(2026, 3, 2)),
            actual_finish: Some(date(2026, 3, 12)),
            remaining_days: Some(0.0),
        });
        date_progress(&mut s);
        assert_eq!(s.start, date(2026, 3, 2));
        assert_eq!(s.status_date, Some(date(2026, 3, 12)));
    }

    #[test]
    fn groups_stand_for_their_tasks_and_links_are_kept_once() {
        let members = HashMap::from([("E".to_string(), vec!["a".to_string(), "b".to_string()])]);
        let pairs = [
            ("E".to_string(), "c".to_string()),
            ("a".to_string(), "c".to_string()),
            ("c".to_string(), "E".to_string()),
        ];
        let file = Source {
            path: "x.csv".into(),
            text: String::new(),
        };
        let links = expand_links(&pairs, &members, &file).unwrap();
        let got: Vec<(&str, &str)> = links
            .iter()
            .map(|l| (l.predecessor.as_str(), l.successor.as_str()))
            .collect();
        assert_eq!(got, [("a", "c"), ("b", "c"), ("c", "a"), ("c", "b")]);
    }

    #[test]
    fn options_out_of_range_are_refused() {
        let file = Source {
            path: "x.csv".into(),
            text: String::new(),
        };
        let bad = ReadOptions {
            hours_per_day: 0.0,
            ..Default::default()
        };
        assert!(empty_schedule(&file, &bad).unwrap_err().is_bad_input());
        let bad = ReadOptions {
            points_days: f64::NAN,
            ..Default::default()
        };
        assert!(empty_schedule(&file, &bad).is_err());
    }
}
