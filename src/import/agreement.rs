//! How closely riskplan's deterministic schedule of an import reproduces the dates the file
//! itself stored (P6's early dates, MS Project's Start and Finish): the check that the plan
//! came over whole. Finished tasks are left out: their dates are the file's own.

use crate::engine::DeterministicSchedule;
use crate::model::{Model, TaskProgress};

use super::Schedule;

/// The finish dates compared and how many agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    /// Unfinished tasks with a stored finish date.
    pub compared: usize,
    /// Of them, those whose computed finish falls on the stored day.
    pub same_day: usize,
    /// Of them, those within one working week (7 calendar days) of it.
    pub within_week: usize,
}

impl Agreement {
    pub fn share(&self) -> f64 {
        self.same_day as f64 / self.compared.max(1) as f64
    }
}

impl std::fmt::Display for Agreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the deterministic schedule reproduces the file's finish date of {} of {} unfinished tasks ({:.1}%); {} ({:.1}%) within a week",
            self.same_day,
            self.compared,
            100.0 * self.share(),
            self.within_week,
            100.0 * self.within_week as f64 / self.compared.max(1) as f64
        )
    }
}

/// Compares the stored finish dates of `schedule`'s unfinished tasks with `s`, the
/// deterministic schedule of its `model`; `None` when the file stored none.
pub fn agreement(
    schedule: &Schedule,
    model: &Model,
    s: &DeterministicSchedule,
) -> Option<Agreement> {
    let mut a = Agreement {
        compared: 0,
        same_day: 0,
        within_week: 0,
    };
    for t in &schedule.tasks {
        let (Some(stored), Some(i)) = (t.stored, model.task_index(&t.id)) else {
            continue;
        };
        if matches!(model.tasks[i].progress, TaskProgress::Done { .. }) {
            continue;
        }
        a.compared += 1;
        let ours = model.finish_date(s.finish[i]);
        let apart = ours
            .until(stored.finish)
            .map(|d| d.get_days().abs())
            .unwrap_or(i32::MAX);
        a.same_day += (apart == 0) as usize;
        a.within_week += (apart <= 7) as usize;
    }
    (a.compared > 0).then_some(a)
}
