//! Compiling what holds a task besides its links: start and finish no earlier than a date,
//! and progress at the status date (finished tasks at their actual dates, started ones with
//! the work left, nothing before the status date).

use super::*;

/// The status date as a timeline time, and its date.
pub(super) struct Status {
    pub date: Date,
    pub time: f64,
}

impl Compiler<'_> {
    /// The project's status date, when it has one: on or after its start.
    pub(super) fn status(&self, p: &scenario::Project, start: Date) -> Result<Option<Status>> {
        let Some(s) = &p.status_date else {
            return Ok(None);
        };
        let date = self.date(s)?;
        if date < start {
            return self.err(
                s.span(),
                format!("the status date {date} is before the project start {start}; progress is measured after work begins"),
            );
        }
        Ok(Some(Status {
            date,
            time: days_between(start, date),
        }))
    }

    /// Puts task `t`'s constraints and progress on `task`, compiled on `calendars`.
    pub(super) fn timing(
        &self,
        t: &scenario::Task,
        task: &mut TaskModel,
        start: Date,
        status: Option<&Status>,
        calendars: &[NamedCalendar],
        levels: &BTreeMap<String, scenario::risk_table::Level>,
    ) -> Result<()> {
        let id = t.id.get_ref();
        let time = |d: &toml::Spanned<scenario::DateValue>| -> Result<f64> {
            Ok(days_between(start, self.date(d)?))
        };
        let work_between = |a: f64, b: f64| match task.calendar {
            TaskCalendar::Continuous => b - a,
            TaskCalendar::Work(k) => {
                let c = &calendars[k as usize].table;
                c.work_at(b) - c.work_at(a)
            }
        };
        if let Some(d) = &t.start_no_earlier_than {
            task.not_before = time(d)?.max(0.0);
        }
        if let Some(d) = &t.finish_no_earlier_than {
            // Finishing on the day: by its end.
            task.finish_not_before = (time(d)? + 1.0).max(0.0);
        }
        let progress =
            t.actual_start.is_some() || t.actual_finish.is_some() || t.remaining.is_some();
        let Some(status) = status else {
            if progress {
                let span = t
                    .actual_start
                    .as_ref()
                    .or(t.actual_finish.as_ref())
                    .map(|s| s.span())
                    .or(t.remaining.as_ref().map(|r| r.span()))
                    .unwrap_or(t.id.span());
                return self.task_err(
                    span,
                    id,
                    format!("task `{id}` records progress, but the project has no status date; add status_date = YYYY-MM-DD to [project]: the day progress was measured"),
                );
            }
            return Ok(());
        };
        // No work happens before the status date.
        task.not_before = task.not_before.max(status.time);
        if !progress {
            return Ok(());
        }
        if matches!(task.work, Work::Compute { .. }) {
            return self.task_err(
                t.id.span(),
                id,
                format!("task `{id}` is a compute run; record its progress as the hours left in `compute.hours` instead of actual dates"),
            );
        }
        let before_status = |d: &toml::Spanned<scenario::DateValue>, what: &str| -> Result<f64> {
            let date = self.date(d)?;
            if date >= status.date {
                return self.task_err(
                    d.span(),
                    id,
                    format!("task `{id}`: its {what} {date} is not before the status date {}; actual dates are in the past", status.date),
                );
            }
            Ok(days_between(start, date))
        };
        let actual_start = t
            .actual_start
            .as_ref()
            .map(|d| before_status(d, "actual_start"))
            .transpose()?;
        match (&t.actual_finish, actual_start) {
            (Some(f), Some(a)) => {
                if let Some(r) = &t.remaining {
                    return self.task_err(
                        r.span(),
                        id,
                        format!("task `{id}` is finished (it has an actual_finish); remove its `remaining`"),
                    );
                }
                let end = before_status(f, "actual_finish")? + 1.0;
                if end <= a {
                    return self.task_err(
                        f.span(),
                        id,
                        format!("task `{id}` finishes before it starts; check actual_start and actual_finish"),
                    );
                }
                // A milestone (no work) is done at the end of its day.
                let zero = match &task.work {
                    Work::Duration(s) => s.is_fixed() && s.most_likely() == 0.0,
                    Work::Compute { .. } => false,
                };
                task.progress = if zero {
                    TaskProgress::Done {
                        start: end,
                        finish: end,
                        work: 0.0,
                    }
                } else {
                    TaskProgress::Done {
                        start: a,
                        finish: end,
                        work: work_between(a, end),
                    }
                };
            }
            (Some(f), None) => {
                return self.task_err(
                    f.span(),
                    id,
                    format!("task `{id}` has an actual_finish but no actual_start; add actual_start = YYYY-MM-DD"),
                );
            }
            (None, Some(a)) => {
                let done = work_between(a, status.time).max(0.0);
                if let Some(r) = &t.remaining {
                    let s = sampler::from_estimate(r.get_ref(), levels, "remaining", &limits::DAYS)
                        .or_else(|m| self.task_err(r.span(), id, format!("task `{id}`: {m}")))?;
                    task.work = Work::Duration(s);
                    task.remaining_drawn = true;
                }
                task.progress = TaskProgress::Started { start: a, done };
            }
            (None, None) => {
                let r = t.remaining.as_ref().map_or(t.id.span(), |r| r.span());
                return self.task_err(
                    r,
                    id,
                    format!("task `{id}` has `remaining` work but no actual_start; add actual_start = YYYY-MM-DD, the day work on it began"),
                );
            }
        }
        Ok(())
    }
}

/// Days from `start` to `date` on the timeline.
fn days_between(start: Date, date: Date) -> f64 {
    start
        .until(date)
        .map(|s| s.get_days() as f64)
        .unwrap_or(0.0)
}
