//! The format-neutral schedule every importer produces. PSPLIB instances, MS Project XML,
//! Primavera XER, GanttProject and CSV files each describe a plan in their own units and words;
//! an importer only turns one into this plain data (durations and lags in working days, links
//! and assignments by task id, resources with their capacities), and one conversion
//! (`import::to_scenario`) takes any of them to the `Scenario` that `model::compile` checks.
//! Nothing here is validated or computed.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};

pub use crate::scenario::LinkKind;

/// The most summary tasks (WBS levels, tracker groups) a task may sit inside. Real plans
/// nest far less (a 4,000-activity P6 programme, 12 deep); each task carries the names of
/// the summaries around it, so an unbounded depth lets a small hostile file take memory (and
/// time) quadratic in its size. Readers refuse a deeper task with an error naming it.
pub const MAX_SUMMARY_DEPTH: usize = 64;

/// The most links a schedule may hold once each link of a summary task (or tracker group)
/// becomes one link per task inside it: two summaries of a thousand tasks, linked once, make
/// a million. Real plans hold far fewer (that programme, 6,000); readers refuse more with an
/// error naming the link that went past it.
pub const MAX_LINKS: usize = 1_000_000;

/// `None` when `held` links and a link standing for `from` x `to` links (a summary's tasks,
/// each linked to each of the other's) fit in [`MAX_LINKS`]; else the message saying so.
pub fn too_many_links(
    held: usize,
    from: usize,
    to: usize,
    predecessor: &str,
    successor: &str,
) -> Option<String> {
    let stands_for = from.saturating_mul(to);
    (held.saturating_add(stands_for) > MAX_LINKS).then(|| {
        format!(
            "the link from `{predecessor}` to `{successor}` stands for {stands_for} links (one per pair of tasks inside the summaries or groups it links), which takes the plan past {MAX_LINKS} links; link the tasks themselves, or fewer of them"
        )
    })
}

/// A project plan read from another tool's file.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The project's name (PSPLIB: the file's stem).
    pub name: String,
    /// The first day of the plan: day 0 of the timeline.
    pub start: Date,
    /// The currency of every amount of money (`GBP`), when the file names one.
    pub currency: Option<String>,
    /// The date the progress was measured on (the data date), when the file records progress.
    pub status_date: Option<Date>,
    /// Working-time calendars; names are unique.
    pub calendars: Vec<Calendar>,
    /// The name of the calendar (in `calendars`) of the project and of every task naming none.
    pub default_calendar: String,
    /// The work, in the file's order. Summary tasks (WBS nodes) are not tasks: they appear in
    /// [`Task::summary`].
    pub tasks: Vec<Task>,
    pub links: Vec<Link>,
    pub resources: Vec<Resource>,
    pub assignments: Vec<Assignment>,
    /// Whether the file's dates were levelled within the resources' capacities: `Some(false)`
    /// for tools whose dates are the critical path method's unless levelling was asked for
    /// (P6, MS Project); `None` lets the scenario's rule decide (levelled when any capacity is
    /// given).
    pub levelled: Option<bool>,
    /// What the file holds that riskplan does not model, counted by kind (`"expense items"`:
    /// 3), for the one warning an import gives. Add to it with [`Schedule::not_carried`].
    pub not_carried: BTreeMap<String, usize>,
}

impl Schedule {
    /// An empty schedule named `name` starting on `start`, on one calendar `calendar`.
    pub fn new(name: impl Into<String>, start: Date, calendar: Calendar) -> Schedule {
        Schedule {
            name: name.into(),
            start,
            currency: None,
            status_date: None,
            default_calendar: calendar.name.clone(),
            calendars: vec![calendar],
            tasks: Vec::new(),
            links: Vec::new(),
            resources: Vec::new(),
            assignments: Vec::new(),
            levelled: None,
            not_carried: BTreeMap::new(),
        }
    }

    /// Records one more thing of kind `what` (plural, e.g. `"resource curves"`) that the
    /// file holds and the scenario cannot carry.
    pub fn not_carried(&mut self, what: impl Into<String>) {
        *self.not_carried.entry(what.into()).or_default() += 1;
    }
}

/// A piece of work (or a milestone).
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Unique within the schedule: the file's own key (PSPLIB `j7`, an MSPDI `UID`, an XER
    /// `task_code`). Links, assignments and error messages name tasks by it.
    pub id: String,
    pub name: String,
    /// The planned (most likely) duration in working days of the task's calendar: a file that
    /// counts hours or minutes divides by that calendar's [`Calendar::hours_per_day`].
    pub duration_days: f64,
    /// A three-point estimate, when the file gives one; `duration_days` is then its most
    /// likely value.
    pub estimate: Option<ThreePoint>,
    /// The name of the task's calendar; `None`: the schedule's default calendar.
    pub calendar: Option<String>,
    /// A point in the plan rather than work; its duration is 0.
    pub milestone: bool,
    /// The names of the summary tasks (or WBS nodes) that contain the task, outermost first;
    /// empty at the top level.
    pub summary: Vec<String>,
    /// A fixed cost in the schedule's currency, besides what its assignments cost.
    pub fixed_cost: Option<f64>,
    /// Dates the task is held to, beyond its links.
    pub constraints: Vec<Constraint>,
    /// What has been done, when the file records progress (see [`Schedule::status_date`]).
    pub progress: Option<Progress>,
    /// A level-of-effort (hammock) activity: it spans from the earliest start of its
    /// predecessors' links to the latest finish its successors allow, and pushes nothing.
    /// Its links say what it spans; its duration is ignored.
    pub level_of_effort: bool,
    /// A risk level the file names for the task (`low`, `medium`, `high`, `very_high`), e.g. a
    /// task CSV's `risk` column.
    pub risk: Option<String>,
    /// The file's other per-task text fields by name (MS Project extended attributes by
    /// alias or field name, P6 user-defined fields by title, a CSV's extra columns), for
    /// `import --risk-field FIELD`.
    pub fields: BTreeMap<String, String>,
    /// The dates the file itself stored for the task (P6's early start and finish, MS
    /// Project's Start and Finish; actual dates once done), to compare the computed
    /// schedule with.
    pub stored: Option<StoredDates>,
}

/// Dates a file stored for a task: days (the time of day dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredDates {
    pub start: Date,
    pub finish: Date,
}

impl Task {
    /// A task of `duration_days` on the default calendar, with nothing else said about it.
    pub fn new(id: impl Into<String>, name: impl Into<String>, duration_days: f64) -> Task {
        Task {
            id: id.into(),
            name: name.into(),
            duration_days,
            estimate: None,
            calendar: None,
            milestone: false,
            summary: Vec::new(),
            fixed_cost: None,
            constraints: Vec::new(),
            progress: None,
            level_of_effort: false,
            risk: None,
            fields: BTreeMap::new(),
            stored: None,
        }
    }
}

/// A duration given as a range, in working days of the task's calendar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThreePoint {
    pub min_days: f64,
    pub likely_days: f64,
    pub max_days: f64,
}

/// A dependency between two tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The id of the task that drives.
    pub predecessor: String,
    /// The id of the task that follows.
    pub successor: String,
    /// Which ends the link ties: FS, SS, FF or SF.
    pub kind: LinkKind,
    /// Working days of the successor's calendar between the two ends; negative: a lead. Files
    /// that give lags in time units (MSPDI: tenths of a minute; XER: hours) or as a percentage
    /// of the predecessor's duration are converted by their importer.
    pub lag_days: f64,
}

/// When work can happen.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub name: String,
    /// The days of the week that are worked.
    pub workweek: Vec<Weekday>,
    /// Hours of work in a working day: what turns hours (or minutes) in a file into days.
    pub hours_per_day: f64,
    /// Dates that break the working week: holidays, or extra working days.
    pub exceptions: Vec<Exception>,
}

/// A run of dates that are worked, or not, whatever the working week says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exception {
    pub first: Date,
    /// Inclusive: a one-day holiday has `last == first`.
    pub last: Date,
    /// True for extra working days, false for holidays.
    pub working: bool,
}

impl Calendar {
    /// Every day of the week, around the clock, no exceptions: a day of work is a day of the
    /// timeline (PSPLIB periods, cloud compute).
    pub fn continuous(name: impl Into<String>) -> Self {
        Calendar {
            name: name.into(),
            workweek: vec![
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
                Weekday::Friday,
                Weekday::Saturday,
                Weekday::Sunday,
            ],
            hours_per_day: 24.0,
            exceptions: Vec::new(),
        }
    }

    /// True when every day is worked: all seven weekdays, and no holidays.
    pub fn is_every_day(&self) -> bool {
        let mut days: Vec<i8> = self
            .workweek
            .iter()
            .map(|d| d.to_monday_one_offset())
            .collect();
        days.sort_unstable();
        days.dedup();
        days.len() == 7 && self.exceptions.iter().all(|e| e.working)
    }
}

/// A date a task is held to. The dates are the file's; they bind the task's start or finish
/// on that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    StartNoEarlierThan(Date),
    StartNoLaterThan(Date),
    FinishNoEarlierThan(Date),
    FinishNoLaterThan(Date),
    MustStartOn(Date),
    MustFinishOn(Date),
    /// As late as its successors allow.
    AsLateAsPossible,
}

/// What has been done on a task by the schedule's status date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub actual_start: Option<Date>,
    /// Set once the task is complete.
    pub actual_finish: Option<Date>,
    /// Working days of the task's calendar still to do; 0 when complete.
    pub remaining_days: Option<f64>,
}

/// Something tasks use: people, equipment, material.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Unique within the schedule; assignments name resources by it (PSPLIB `R1`).
    pub id: String,
    pub name: String,
    pub kind: ResourceKind,
    /// Units that can work at once (renewable: 3.0 = a team of three); `None`: not limited.
    pub capacity: Option<f64>,
    /// Units for the whole project (consumable: the stock; a renewable resource may have one
    /// too, as PSPLIB's doubly constrained ones do); `None`: not limited.
    pub total: Option<f64>,
    /// Money per day of work of one unit (renewable), in the schedule's currency.
    pub rate_per_day: Option<f64>,
    /// Money per unit used up (consumable), in the schedule's currency.
    pub cost_per_unit: Option<f64>,
}

/// Whether a resource comes back after use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// Free again once a task ends: people, machines (PSPLIB `R`, MSPDI work, XER labour and
    /// equipment).
    Renewable,
    /// Used up: material, a budget (PSPLIB `N`, MSPDI and XER material).
    Consumable,
}

/// A resource's part in a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The task's id.
    pub task: String,
    /// The resource's id.
    pub resource: String,
    /// Renewable: units at work for as long as the task runs (1.0 = one full-time person;
    /// PSPLIB: the job's demand per period). Consumable: units the task uses up in all.
    pub units: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_is_every_day_only_with_seven_days_and_no_holidays() {
        let mut c = Calendar::continuous("c");
        assert!(c.is_every_day());
        let day = jiff::civil::date(2027, 1, 4);
        c.exceptions.push(Exception {
            first: day,
            last: day,
            working: true,
        });
        assert!(c.is_every_day());
        c.exceptions[0].working = false;
        assert!(!c.is_every_day());
        let mut week = Calendar::continuous("w");
        week.workweek.truncate(5);
        assert!(!week.is_every_day());
    }
}
