//! Constraints and progress, as the scenario says them: start and finish no earlier than a
//! date, a finish no later than a date as the deadline of the task's milestone; the status
//! date, each task's actual dates, and the work left on started tasks.

use jiff::civil::Date;

use super::empty_span;
use super::risk::Uncertainty;
use crate::import::schedule::{Constraint, Schedule, Task as Job};
use crate::scenario::{DateValue, Milestone, Task};

pub struct Progress {
    start: Date,
    /// The file's status date; else, when tasks record progress, the day after the last
    /// actual date.
    status: Option<Date>,
}

impl Progress {
    pub fn new(schedule: &Schedule) -> Self {
        let status = schedule.status_date.or_else(|| {
            let last = schedule
                .tasks
                .iter()
                .filter_map(|t| t.progress)
                .flat_map(|p| [p.actual_start, p.actual_finish])
                .flatten()
                .max()?;
            last.tomorrow().ok()
        });
        Progress {
            start: schedule.start,
            status,
        }
    }

    /// The scenario's `status_date`.
    pub fn status_date(&self) -> Option<toml::Spanned<DateValue>> {
        self.status.map(|d| empty_span(DateValue(d.to_string())))
    }

    /// Puts `t`'s constraints and progress on `task`; a deadline declares the task's
    /// milestone in `milestones`.
    pub fn apply(
        &mut self,
        t: &Job,
        task: &mut Task,
        milestones: &mut Vec<Milestone>,
        note: &mut impl FnMut(&str, usize),
        uncertain: &mut Uncertainty<'_>,
    ) -> Result<(), String> {
        let date = |d: Date| Some(empty_span(DateValue(d.to_string())));
        let done = t.progress.is_some_and(|p| p.actual_finish.is_some());
        let (mut not_before, mut finish_not_before, mut deadline) = (None, None, None);
        let later = |a: Option<Date>, b: Date| Some(a.map_or(b, |a: Date| a.max(b)));
        for c in &t.constraints {
            match *c {
                Constraint::StartNoEarlierThan(d) => not_before = later(not_before, d),
                Constraint::FinishNoEarlierThan(d) => {
                    finish_not_before = later(finish_not_before, d)
                }
                Constraint::FinishNoLaterThan(d) => {
                    deadline = Some(deadline.map_or(d, |x: Date| x.min(d)))
                }
                Constraint::MustStartOn(d) => {
                    not_before = later(not_before, d);
                    note(
                        "must-start-on constraints (kept as start no earlier than)",
                        1,
                    );
                }
                Constraint::MustFinishOn(d) => {
                    finish_not_before = later(finish_not_before, d);
                    deadline = Some(deadline.map_or(d, |x: Date| x.min(d)));
                    note(
                        "must-finish-on constraints (kept as finish no earlier than, and a deadline)",
                        1,
                    );
                }
                Constraint::StartNoLaterThan(_) => note("start-no-later-than constraints", 1),
                Constraint::AsLateAsPossible => note("as-late-as-possible constraints", 1),
            }
        }
        if !done {
            // A date before the start binds nothing.
            task.start_no_earlier_than = not_before.filter(|&d| d > self.start).and_then(date);
            task.finish_no_earlier_than = finish_not_before
                .filter(|&d| d >= self.start)
                .and_then(date);
            if let Some(d) = deadline.filter(|&d| d >= self.start) {
                let id = t.id.clone();
                task.milestone.get_or_insert_with(|| empty_span(id.clone()));
                milestones.push(Milestone {
                    id: empty_span(id),
                    name: None,
                    deadline: date(d),
                });
            }
        }
        let Some(p) = t.progress else {
            return Ok(());
        };
        let Some(status) = self.status else {
            return Ok(());
        };
        // Actual dates on or after the status date are taken as the day before it.
        let mut clamp = |d: Date| {
            if d >= status {
                note(
                    "actual dates on or after the status date (taken as the day before it)",
                    1,
                );
                status.yesterday().unwrap_or(status)
            } else {
                d
            }
        };
        match (p.actual_start, p.actual_finish) {
            (_, Some(f)) => {
                let f = clamp(f);
                let s = match p.actual_start {
                    Some(s) => clamp(s).min(f),
                    None => {
                        if !t.milestone {
                            note(
                                "finished tasks with no actual start (taken to start on their finish day)",
                                1,
                            );
                        }
                        f
                    }
                };
                task.actual_start = date(s);
                task.actual_finish = date(f);
            }
            (Some(s), None) => {
                task.actual_start = date(clamp(s));
                if let Some(r) = p.remaining_days {
                    task.remaining = Some(empty_span(uncertain.remaining(t, r.max(0.0))?));
                }
            }
            (None, None) => {}
        }
        Ok(())
    }
}
