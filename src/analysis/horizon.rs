//! The last date a calendar reaches. A schedule that runs past 9999-12-31 cannot be dated (the
//! dates would stop at the last one, silently): such a plan is refused, saying how many of its
//! schedules do and how far they go.

use std::path::Path;

use crate::engine::{DeterministicSchedule, Outcomes};
use crate::error::{Error, Result};
use crate::model::{Model, limits};

/// Refuses a plan whose deterministic schedule, or any simulated schedule of `outcomes`,
/// finishes after [`limits::LAST_DATE`]. `file` is the scenario, for the message.
pub fn within_calendar(
    file: &Path,
    model: &Model,
    det: &DeterministicSchedule,
    outcomes: Option<&Outcomes>,
) -> Result<()> {
    let end = model.end_of(limits::LAST_DATE);
    let beyond = |late: u64, of: u64, latest: f64| Error::PastCalendar {
        file: file.to_path_buf(),
        start: model.start,
        late,
        of,
        latest_days: latest,
    };
    if !(det.totals.finish <= end) {
        return Err(beyond(0, 0, det.totals.finish));
    }
    let Some(out) = outcomes else {
        return Ok(());
    };
    let finish = &out.columns.finish;
    let late = finish.iter().filter(|&&t| !(t <= end)).count() as u64;
    if late == 0 {
        return Ok(());
    }
    let latest = finish.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Err(beyond(late, finish.len() as u64, latest))
}
