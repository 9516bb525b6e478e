//! Primavera P6 XER import: every count of the HS2 programme (activities, milestones, links by
//! kind, lags, resources, assignments, progress), its calendars and status date; every mapped
//! value of a small hand-written plan; clear errors (file, line, activity; exit code 2) on
//! malformed files; and no panic on any cut of a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jiff::civil::{Weekday, date};
use riskplan::import::schedule::{
    Constraint, Exception, LinkKind, Progress, ResourceKind, Schedule, StoredDates,
};
use riskplan::import::{self, ReadOptions, xer};
use riskplan::scenario::Source;

use crate::common::shared_data;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xer")
        .join(name)
}

fn read(path: &Path) -> Schedule {
    xer::parse(&Source::read(path).unwrap(), &ReadOptions::default()).unwrap()
}

fn hs2() -> Option<Schedule> {
    let path = shared_data("schedules/hs2-sp10-cost-loaded.xer", "the HS2 P6 export")?;
    Some(read(&path))
}

#[test]
fn every_count_of_the_hs2_programme_arrives() {
    let Some(s) = hs2() else { return };
    assert_eq!(s.name, "HS2-LWM-IMP-040-20");
    assert_eq!(s.tasks.len(), 3994);
    assert_eq!(s.tasks.iter().filter(|t| t.milestone).count(), 1356);
    assert_eq!(s.tasks.iter().filter(|t| t.level_of_effort).count(), 3);
    assert_eq!(s.links.len(), 5966);
    let kinds = |k: LinkKind| s.links.iter().filter(|l| l.kind == k).count();
    assert_eq!(
        (
            kinds(LinkKind::FS),
            kinds(LinkKind::SS),
            kinds(LinkKind::FF)
        ),
        (5573, 266, 127)
    );
    assert_eq!(kinds(LinkKind::SF), 0);
    assert_eq!(s.links.iter().filter(|l| l.lag_days != 0.0).count(), 220);
    assert_eq!(s.resources.len(), 180);
    assert_eq!(s.assignments.len(), 692);
    assert_eq!(s.currency.as_deref(), Some("GBP"));
    let complete = s
        .tasks
        .iter()
        .filter(|t| t.progress.is_some_and(|p| p.actual_finish.is_some()))
        .count();
    let active = s
        .tasks
        .iter()
        .filter(|t| t.progress.is_some_and(|p| p.actual_finish.is_none()))
        .count();
    assert_eq!((complete, active), (523, 170));
    assert_eq!(s.status_date, Some(date(2017, 9, 16)));
    assert_eq!(s.levelled, Some(false));
    assert!(s.tasks.iter().all(|t| t.stored.is_some()));
    let ids: std::collections::HashSet<_> = s.tasks.iter().map(|t| &t.id).collect();
    assert_eq!(ids.len(), 3994);
    assert!(
        s.links
            .iter()
            .all(|l| ids.contains(&l.predecessor) && ids.contains(&l.successor))
    );
}

#[test]
fn the_hs2_calendars_weeks_hours_and_holidays_arrive() {
    let Some(s) = hs2() else { return };
    assert_eq!(s.default_calendar, "#C 5day 8h Bank Hols");
    let names: Vec<_> = s.calendars.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.contains(&"HS2 - 8h x 7d Workweek (No Holidays)"));
    use Weekday::*;
    let weekdays = vec![Monday, Tuesday, Wednesday, Thursday, Friday];
    for c in &s.calendars {
        assert_eq!(c.hours_per_day, 8.0, "{}", c.name);
        if c.name.contains("7d") || c.name.contains("24x7") {
            assert_eq!(c.workweek.len(), 7, "{}", c.name);
        } else {
            assert_eq!(c.workweek, weekdays, "{}", c.name);
        }
    }
    let bank = s
        .calendars
        .iter()
        .find(|c| c.name == s.default_calendar)
        .unwrap();
    // Christmas Day 2017 (serial 43094) is a holiday of the project's calendar.
    let christmas = date(2017, 12, 25);
    assert!(
        bank.exceptions
            .iter()
            .any(|e| !e.working && e.first <= christmas && christmas <= e.last)
    );
    let none = s
        .calendars
        .iter()
        .find(|c| c.name == "HS2 - 8h x 7d Workweek (No Holidays)")
        .unwrap();
    assert!(none.exceptions.is_empty());
    // Most activities are on the 5-day calendar without holidays; the task's calendar is named.
    let on = |name: &str| {
        s.tasks
            .iter()
            .filter(|t| t.calendar.as_deref() == Some(name))
            .count()
    };
    assert_eq!(on("HS2 - 8h x 5d Workweek (No Holidays)"), 3324);
    assert_eq!(on("HS2 - 8h x 7d Workweek (No Holidays)"), 659);
}

#[test]
fn the_hs2_fields_and_what_is_not_carried() {
    let Some(s) = hs2() else { return };
    let with = |field: &str| {
        s.tasks
            .iter()
            .filter(|t| t.fields.contains_key(field))
            .count()
    };
    assert_eq!(with("HS2 Filter"), 1728);
    assert_eq!(with("EWC WI Ref"), 3);
    assert!(with("Fusion - WPS") > 0);
    assert_eq!(s.not_carried.get("P6 table OBS"), Some(&2));
    assert_eq!(s.not_carried.get("P6 resource calendars"), None);
    assert!(s.not_carried.contains_key("P6 table RSRCRCAT"));
    assert!(!s.not_carried.keys().any(|k| k.contains("TASKPRED")));
}

#[test]
fn every_value_of_a_small_plan_arrives() {
    let s = read(&fixture("tiny.xer"));
    assert_eq!(s.name, "TINY");
    assert_eq!(s.currency.as_deref(), Some("GBP"));
    // The kick-off's actual start is before the planned start.
    assert_eq!(s.start, date(2024, 1, 5));
    assert_eq!(s.status_date, Some(date(2024, 1, 11)));
    assert_eq!(s.levelled, Some(false));
    use Weekday::*;
    let names: Vec<_> = s.calendars.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Standard 5d", "Seven #2"]);
    assert_eq!(s.default_calendar, "Standard 5d");
    let standard = &s.calendars[0];
    assert_eq!(
        standard.workweek,
        [Monday, Tuesday, Wednesday, Thursday, Friday]
    );
    assert_eq!(standard.hours_per_day, 8.0);
    let day = |first, last, working| Exception {
        first,
        last,
        working,
    };
    assert_eq!(
        standard.exceptions,
        [
            day(date(2024, 1, 15), date(2024, 1, 16), false),
            day(date(2024, 1, 20), date(2024, 1, 20), true)
        ]
    );
    let seven = &s.calendars[1];
    assert_eq!(seven.workweek.len(), 7);
    // No `day_hr_cnt`: 70 hours over 7 days.
    assert_eq!(seven.hours_per_day, 10.0);

    let ids: Vec<_> = s.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["A", "B", "C", "D", "E", "F"]);
    let t = |id: &str| s.tasks.iter().find(|t| t.id == id).unwrap();
    let (a, b, c, d, e, f) = (t("A"), t("B"), t("C"), t("D"), t("E"), t("F"));
    assert_eq!((a.name.as_str(), a.duration_days), ("Survey", 2.0));
    assert_eq!(a.summary, ["Phase 1", "Design"]);
    assert_eq!(c.summary, ["Phase 1"]);
    assert!(d.summary.is_empty());
    assert_eq!(a.calendar, None);
    assert_eq!(c.calendar.as_deref(), Some("Seven #2"));
    assert_eq!(c.duration_days, 3.0);
    assert!(d.milestone && f.milestone && !a.milestone);
    assert_eq!(d.duration_days, 0.0);
    assert!(e.level_of_effort && !a.level_of_effort);
    assert_eq!(e.duration_days, 10.0);
    assert_eq!(
        a.progress,
        Some(Progress {
            actual_start: Some(date(2024, 1, 8)),
            actual_finish: Some(date(2024, 1, 9)),
            remaining_days: Some(0.0)
        })
    );
    assert_eq!(
        b.progress,
        Some(Progress {
            actual_start: Some(date(2024, 1, 10)),
            actual_finish: None,
            remaining_days: Some(3.0)
        })
    );
    assert_eq!(c.progress, None);
    let stored = |start, finish| Some(StoredDates { start, finish });
    assert_eq!(a.stored, stored(date(2024, 1, 8), date(2024, 1, 9)));
    // B: its actual start; a finish stamped 08:00 ends the working day before.
    assert_eq!(b.stored, stored(date(2024, 1, 10), date(2024, 1, 17)));
    // C: a start stamped at the end of a working day begins the next (a Saturday, worked).
    assert_eq!(c.stored, stored(date(2024, 1, 13), date(2024, 1, 15)));
    assert_eq!(d.stored, stored(date(2024, 1, 16), date(2024, 1, 16)));
    assert_eq!(f.stored, stored(date(2024, 1, 5), date(2024, 1, 5)));
    use Constraint::*;
    assert_eq!(
        b.constraints,
        [
            StartNoEarlierThan(date(2024, 1, 8)),
            FinishNoLaterThan(date(2024, 1, 22))
        ]
    );
    assert_eq!(
        c.constraints,
        [
            FinishNoEarlierThan(date(2024, 1, 19)),
            FinishNoLaterThan(date(2024, 1, 19))
        ]
    );
    assert_eq!(d.constraints, [MustFinishOn(date(2024, 1, 26))]);
    assert_eq!(e.constraints, [AsLateAsPossible]);
    assert_eq!(
        f.constraints,
        [
            StartNoEarlierThan(date(2024, 1, 5)),
            StartNoLaterThan(date(2024, 1, 5)),
            MustStartOn(date(2024, 1, 5))
        ]
    );
    assert_eq!(c.fixed_cost, Some(1250.5));
    assert_eq!(b.fixed_cost, Some(99.0));
    assert_eq!(a.fixed_cost, None);
    assert_eq!(fields(b), [("Area", "N"), ("Risk", "high")]);
    assert_eq!(fields(c), [("Due", "2024-02-01 00:00"), ("Risk", "low")]);

    let links: Vec<_> = s
        .links
        .iter()
        .map(|l| {
            (
                l.predecessor.as_str(),
                l.successor.as_str(),
                l.kind,
                l.lag_days,
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("A", "B", LinkKind::FS, 2.0),
            // Timed on the predecessor's calendar (8 hours a day), as the project says.
            ("B", "C", LinkKind::SS, -1.0),
            ("C", "D", LinkKind::FF, 0.0),
            ("A", "E", LinkKind::SF, 0.0)
        ]
    );

    let resources: Vec<_> = s
        .resources
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.name.as_str(),
                r.kind,
                r.capacity,
                r.rate_per_day,
                r.cost_per_unit,
            )
        })
        .collect();
    use ResourceKind::*;
    assert_eq!(
        resources,
        [
            (
                "ENG #501",
                "Engineer",
                Renewable,
                Some(2.0),
                Some(400.0),
                None
            ),
            ("CRANE", "Crane", Renewable, Some(1.0), Some(1000.0), None),
            ("CONC", "Concrete", Consumable, None, None, Some(12.5)),
            ("ENG #504", "Engineer (night)", Renewable, None, None, None),
        ]
    );
    assert!(s.resources.iter().all(|r| r.total.is_none()));
    let assignments: Vec<_> = s
        .assignments
        .iter()
        .map(|a| (a.task.as_str(), a.resource.as_str(), a.units))
        .collect();
    assert_eq!(
        assignments,
        [
            ("B", "ENG #501", 1.5),
            ("C", "CRANE", 1.0),
            ("C", "CONC", 40.0)
        ]
    );

    let expected: BTreeMap<String, usize> = [
        ("P6 projects besides the first", 1),
        ("P6 resource calendars", 1),
        ("P6 WBS summary activities", 1),
        ("links of P6 WBS summary activities", 1),
        ("links to other projects", 1),
        ("lags timed on a calendar other than the successor's", 1),
        ("P6 resource rates that change over time", 1),
        ("P6 resource curves", 1),
        ("P6 assignment lags", 1),
        ("P6 role assignments without a resource", 1),
        (
            "P6 user-defined field values of resources, WBS and others",
            1,
        ),
        ("P6 activity code assignments naming no code in the file", 1),
        ("P6 table TASKMEMO", 2),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(s.not_carried, expected);
}

#[test]
fn the_format_is_recognised_by_its_first_line() {
    let head = Source::read(&fixture("tiny.xer")).unwrap().text;
    assert!(xer::looks_like(&head[..200]));
    assert!(xer::looks_like(&format!("\u{feff}{}", &head[..50])));
    assert!(!xer::looks_like("<?xml version=\"1.0\"?><Project>"));
    assert!(!xer::looks_like("id,name,duration\n"));
}

#[test]
fn the_command_line_checks_a_small_plan() {
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .arg("check")
        .arg(fixture("tiny.xer"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let loaded = import::load(&fixture("tiny.xer")).unwrap();
    assert_eq!(loaded.schedule.unwrap().tasks.len(), 6);
}

/// `riskplan check` on fixture `name`: exit code 2 and stderr.
fn check_fails(name: &str) -> String {
    crate::common::check_fails(&fixture(name))
}

#[test]
fn malformed_files_are_clear_errors_with_the_line_and_the_activity() {
    let e = check_fails("no-task-table.xer");
    assert!(e.contains("the file has no `TASK` table"), "{e}");
    let e = check_fails("row-width.xer");
    assert!(e.contains("row-width.xer:10:1:"), "{e}");
    assert!(
        e.contains("a row of table `TASK` has 8 values but its `%F` line names 9 fields"),
        "{e}"
    );
    let e = check_fails("link-type.xer");
    assert!(e.contains("link-type.xer:14:1:"), "{e}");
    assert!(
        e.contains("activity `B`") && e.contains("unknown `pred_type` `PR_XY`"),
        "{e}"
    );
    let e = check_fails("link-unknown.xer");
    assert!(e.contains("link-unknown.xer:14:1:"), "{e}");
    assert!(
        e.contains("activity `99` (a `task_id`) is not in the `TASK` table"),
        "{e}"
    );
    let e = check_fails("bad-date.xer");
    assert!(e.contains("bad-date.xer:11:1:"), "{e}");
    assert!(
        e.contains("activity `B`") && e.contains("`early_start_date`") && e.contains("`next week`"),
        "{e}"
    );
    let e = check_fails("bad-number.xer");
    assert!(e.contains("bad-number.xer:10:1:"), "{e}");
    assert!(
        e.contains("activity `A`")
            && e.contains("`target_drtn_hr_cnt` must be a number, not `two days`"),
        "{e}"
    );
}

#[test]
fn every_cut_of_the_small_plan_is_an_error_never_a_panic() {
    let text = Source::read(&fixture("tiny.xer")).unwrap().text;
    let whole = Source {
        path: PathBuf::from("whole.xer"),
        text: text.clone(),
    };
    assert!(xer::parse(&whole, &ReadOptions::default()).is_ok());
    for cut in (0..text.len()).filter(|&c| text.is_char_boundary(c)) {
        let source = Source {
            path: PathBuf::from("cut.xer"),
            text: text[..cut].to_string(),
        };
        // Only a cut just after `%E` (its line end dropped) still reads.
        let result = xer::parse(&source, &ReadOptions::default());
        assert_eq!(result.is_ok(), cut + 1 >= text.len(), "cut at {cut}");
    }
}

#[test]
fn every_200th_cut_of_the_hs2_programme_is_an_error_never_a_panic() {
    let Some(path) = shared_data("schedules/hs2-sp10-cost-loaded.xer", "the HS2 P6 export") else {
        return;
    };
    let text = Source::read(&path).unwrap().text;
    for k in 0..200 {
        let mut cut = text.len() * k / 200;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let source = Source {
            path: PathBuf::from("cut.xer"),
            text: text[..cut].to_string(),
        };
        assert!(
            xer::parse(&source, &ReadOptions::default()).is_err(),
            "cut at {cut}"
        );
    }
}

fn fields(t: &riskplan::import::schedule::Task) -> Vec<(&str, &str)> {
    t.fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
