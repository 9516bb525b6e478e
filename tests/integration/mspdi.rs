//! MS Project XML import on real files: the link kinds and lags of MPXJ's task-links file,
//! the duration fields of its task-durations file, the calendar exceptions of
//! GanttProject's holidays file, the tasks, resources and assignments of MPXJ's sample, and
//! the counts of the HS2 programme converted from P6 (the same activities, links and progress
//! as its XER); a truncation sweep that never panics; and bad input through the command line
//! (exit code 2, the file, the line and the task).

use assert_cmd::Command;
use jiff::civil::{Weekday, date};
use riskplan::import::ReadOptions;
use riskplan::import::mspdi;
use riskplan::import::schedule::{Constraint, LinkKind, Schedule};
use riskplan::scenario::Source;

use crate::common::shared_data;

fn read(name: &str) -> Option<(Source, Schedule)> {
    let path = shared_data(&format!("schedules/{name}"), name)?;
    let source = Source::read(&path).unwrap();
    let schedule = mspdi::parse(&source, &ReadOptions::default()).unwrap();
    Some((source, schedule))
}

fn link(s: &Schedule, pred: &str, succ: &str) -> (LinkKind, f64) {
    let l = s
        .links
        .iter()
        .find(|l| l.predecessor == pred && l.successor == succ)
        .unwrap_or_else(|| panic!("no link {pred} -> {succ}"));
    (l.kind, l.lag_days)
}

#[test]
fn task_links_gives_each_kind_and_lag_in_working_days() {
    let Some((source, s)) = read("task-links.mspdi.xml") else {
        return;
    };
    assert!(mspdi::looks_like(&source.text));
    assert_eq!(s.name, "task-links-project2019-mspdi.xml");
    assert_eq!(s.start, date(2018, 10, 18));
    assert_eq!(s.currency.as_deref(), Some("GBP"));
    assert_eq!(s.levelled, Some(false));
    assert_eq!(s.status_date, None);
    // 17 rows: the project summary (UID 0) is not a task.
    assert_eq!(s.tasks.len(), 16);
    assert!(s.tasks.iter().all(|t| t.duration_days == 1.0));
    // Each link as the file has it: LinkLag in tenths of a minute, 4800 = 8 hours = 1 day;
    // 24000 and 48000 are shown in weeks (LagFormat 9) but are still tenths of a minute.
    assert_eq!(s.links.len(), 8);
    assert_eq!(link(&s, "1", "2"), (LinkKind::FS, 0.0));
    assert_eq!(link(&s, "3", "4"), (LinkKind::FS, 1.0));
    assert_eq!(link(&s, "5", "6"), (LinkKind::FS, 2.0));
    assert_eq!(link(&s, "7", "8"), (LinkKind::FS, 5.0));
    assert_eq!(link(&s, "9", "10"), (LinkKind::FS, 10.0));
    assert_eq!(link(&s, "11", "12"), (LinkKind::SF, 2.0));
    assert_eq!(link(&s, "13", "14"), (LinkKind::SS, 2.0));
    assert_eq!(link(&s, "15", "16"), (LinkKind::FF, 2.0));
    // The stored dates agree: task 10 starts 10 working days after task 9 finishes.
    let t10 = s.tasks.iter().find(|t| t.id == "10").unwrap();
    assert_eq!(t10.stored.unwrap().start, date(2018, 11, 2));
    assert_eq!(
        s.not_carried
            .get("manually scheduled tasks (scheduled from their links)"),
        Some(&16)
    );
}

#[test]
fn task_durations_carries_duration_fields_in_every_format() {
    let Some((_, s)) = read("task-durations.mspdi.xml") else {
        return;
    };
    assert_eq!(s.tasks.len(), 110);
    let field =
        |id: &str, name: &str| s.tasks.iter().find(|t| t.id == id).unwrap().fields[name].clone();
    // Duration1..10 of tasks 1..10 are 1..10 days (8 hours each).
    assert_eq!(field("1", "Duration1"), "PT8H0M0S");
    assert_eq!(field("10", "Duration10"), "PT80H0M0S");
    // Task 11..20: one value per format: minutes, hours, days, weeks, months, then elapsed.
    let want = [
        "PT0H1M0S",
        "PT1H0M0S",
        "PT8H0M0S",
        "PT40H0M0S",
        "PT160H0M0S",
        "PT0H1M0S",
        "PT1H0M0S",
        "PT24H0M0S",
        "PT168H0M0S",
        "PT720H0M0S",
    ];
    for (i, w) in want.iter().enumerate() {
        assert_eq!(field(&(11 + i).to_string(), "Duration1"), *w);
    }
    assert!(s.tasks.iter().all(|t| t.duration_days == 1.0));
    assert_eq!(
        s.tasks.iter().find(|t| t.id == "11").unwrap().name,
        "Duration1 - Task 0"
    );
}

#[test]
fn holidays_become_calendar_exceptions() {
    let Some((_, s)) = read("holidays.mspdi.xml") else {
        return;
    };
    assert_eq!(s.name, "foobar");
    assert_eq!(s.default_calendar, "Standard");
    assert_eq!(s.calendars.len(), 1);
    let c = &s.calendars[0];
    assert_eq!(
        c.workweek,
        [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday
        ]
    );
    assert_eq!(c.hours_per_day, 8.0);
    let days: Vec<_> = c
        .exceptions
        .iter()
        .map(|e| (e.first, e.last, e.working))
        .collect();
    assert_eq!(
        days,
        [
            (date(2010, 9, 16), date(2010, 9, 16), false),
            (date(2010, 9, 23), date(2010, 9, 23), false),
            (date(2010, 9, 24), date(2010, 9, 24), false),
        ]
    );
    // 32 hours: 4 days of 8.
    assert_eq!(s.tasks[0].duration_days, 4.0);
}

#[test]
fn sample_tasks_resources_and_assignments() {
    let Some((_, s)) = read("sample.mspdi.xml") else {
        return;
    };
    assert_eq!(s.tasks.len(), 16);
    let task = |id: &str| s.tasks.iter().find(|t| t.id == id).unwrap();
    assert_eq!(task("2").name, "Second Task");
    assert_eq!(task("2").duration_days, 100.0);
    assert_eq!(task("2").summary, ["First Task"]);
    assert!(task("3").milestone && task("3").duration_days == 0.0);
    assert_eq!(task("7").summary, ["Recurring Task"]);
    assert_eq!(
        task("7").constraints,
        [Constraint::StartNoEarlierThan(date(2003, 2, 1))]
    );
    assert_eq!(task("21").summary, ["Task Relationships"]);
    for summary in ["1", "6", "19"] {
        assert!(s.tasks.iter().all(|t| t.id != summary));
    }
    assert_eq!(link(&s, "9", "10"), (LinkKind::FS, 0.0));
    assert_eq!(link(&s, "11", "12"), (LinkKind::FS, 1.0));
    assert_eq!(link(&s, "13", "14"), (LinkKind::FS, -1.0));
    assert_eq!(link(&s, "15", "16"), (LinkKind::SS, 0.0));
    assert_eq!(link(&s, "17", "18"), (LinkKind::FF, 0.0));
    assert_eq!(link(&s, "20", "21"), (LinkKind::SF, 0.0));
    // Resource 0 (unassigned) is skipped; rates are per hour, 8 hours a day.
    assert_eq!(s.resources.len(), 2);
    let first = &s.resources[0];
    assert_eq!(
        (first.id.as_str(), first.name.as_str()),
        ("1", "First Resource")
    );
    assert_eq!(first.capacity, Some(1.0));
    assert_eq!(first.rate_per_day, Some(80.0));
    assert_eq!(s.resources[1].rate_per_day, Some(40.0));
    assert_eq!(s.assignments.len(), 2);
    assert_eq!(s.assignments[0].task, "2");
    assert_eq!(s.assignments[0].resource, "1");
    assert_eq!(s.assignments[0].units, 0.5);
    assert_eq!(s.not_carried.get("recurring tasks"), Some(&2));
}

#[test]
fn hs2_has_the_activities_links_and_progress_of_its_xer() {
    let Some((_, s)) = read("hs2-sp10-cost-loaded.mspdi.xml") else {
        return;
    };
    // 6,260 rows: 1,982 summaries (WBS nodes) and 284 empty WBS nodes without activities
    // leave the XER's 3,994 activities.
    assert_eq!(s.tasks.len(), 3994);
    assert_eq!(
        s.not_carried
            .get("empty tasks (no dates, no work: outline placeholders)"),
        Some(&284)
    );
    assert_eq!(s.tasks.iter().filter(|t| t.milestone).count(), 1356);
    assert!(s.tasks.iter().all(|t| !t.summary.is_empty()));
    assert_eq!(s.links.len(), 5966);
    let count = |k: LinkKind| s.links.iter().filter(|l| l.kind == k).count();
    assert_eq!(
        (
            count(LinkKind::FS),
            count(LinkKind::SS),
            count(LinkKind::FF)
        ),
        (5573, 266, 127)
    );
    assert_eq!(s.links.iter().filter(|l| l.lag_days != 0.0).count(), 220);
    assert_eq!(s.resources.len(), 180);
    assert_eq!(s.status_date, Some(date(2017, 9, 16)));
    let complete = s
        .tasks
        .iter()
        .filter(|t| t.progress.is_some_and(|p| p.actual_finish.is_some()))
        .count();
    let started = s.tasks.iter().filter(|t| t.progress.is_some()).count();
    assert_eq!((complete, started - complete), (523, 170));
    assert!(s.tasks.iter().any(|t| t.fields.contains_key("HS2 Filter")));
    assert_eq!(s.default_calendar, "#C 5day 8h Bank Hols");
}

#[test]
fn every_prefix_of_a_real_file_reads_or_fails_cleanly() {
    let Some(path) = shared_data("schedules/sample.mspdi.xml", "the MSPDI truncation sweep") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    for i in 0..100 {
        let mut end = text.len() * i / 100;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let source = Source {
            path: "cut.xml".into(),
            text: text[..end].to_string(),
        };
        match mspdi::parse(&source, &ReadOptions::default()) {
            Ok(_) => {}
            Err(e) => assert!(e.is_bad_input(), "{e}"),
        }
    }
}

#[test]
fn a_bad_value_exits_2_naming_the_file_line_and_task() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xml");
    std::fs::write(
        &path,
        "<Project xmlns=\"http://schemas.microsoft.com/project\">\n<Tasks>\n<Task>\n<UID>7</UID>\n<Duration>eight hours</Duration>\n</Task>\n</Tasks>\n</Project>\n",
    )
    .unwrap();
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .arg("check")
        .arg(&path)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("bad.xml:5:"), "{stderr}");
    assert!(stderr.contains("task `7`"), "{stderr}");
    assert!(
        stderr.contains("`<Duration>` must be a duration"),
        "{stderr}"
    );
}
