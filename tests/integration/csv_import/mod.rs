//! Task CSV, Jira and Asana imports: every value of the sample exports under
//! `tests/fixtures/{csv,jira,asana}` (a small deep-learning project written as each tool
//! exports it) in `samples.rs`; the command line on them, errors with the file, line and row
//! through `riskplan check` (exit code 2), and no panic on any truncation of the samples in
//! `errors.rs`. The helpers both use are here.

mod errors;
mod samples;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use riskplan::import::ReadOptions;
use riskplan::import::csv;
use riskplan::import::schedule::{LinkKind, Progress, Schedule, Task};
use riskplan::scenario::Source;

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

pub fn options(start: Date) -> ReadOptions {
    ReadOptions {
        start: Some(start),
        ..Default::default()
    }
}

pub fn read(path: &str, start: Date) -> Schedule {
    let file = Source::read(&fixture(path)).unwrap();
    csv::parse(&file, &options(start)).unwrap()
}

pub fn task<'s>(s: &'s Schedule, id: &str) -> &'s Task {
    s.tasks.iter().find(|t| t.id == id).unwrap()
}

pub fn ids(s: &Schedule) -> Vec<&str> {
    s.tasks.iter().map(|t| t.id.as_str()).collect()
}

pub fn links(s: &Schedule) -> Vec<(&str, &str, LinkKind, f64)> {
    s.links
        .iter()
        .map(|l| {
            (
                l.predecessor.as_str(),
                l.successor.as_str(),
                l.kind,
                l.lag_days,
            )
        })
        .collect()
}

pub fn fs<'a>(p: &'a str, s: &'a str) -> (&'a str, &'a str, LinkKind, f64) {
    (p, s, LinkKind::FS, 0.0)
}

pub fn assigned(s: &Schedule) -> Vec<(&str, &str, f64)> {
    s.assignments
        .iter()
        .map(|a| (a.task.as_str(), a.resource.as_str(), a.units))
        .collect()
}

pub fn done(start: Option<Date>, finish: Date) -> Option<Progress> {
    Some(Progress {
        actual_start: start,
        actual_finish: Some(finish),
        remaining_days: Some(0.0),
    })
}
