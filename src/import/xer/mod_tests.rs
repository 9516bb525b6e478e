//! Tests of the XER reader's mapping on small files: the rules the fixtures under
//! `tests/fixtures/xer` do not reach.

use super::*;
use crate::import::schedule::Constraint;

const WEEK: &str = "(0||CalendarData()((0||DaysOfWeek()((0||1()())(0||2()((0||0(s|08:00|f|16:00)())))(0||3()((0||0(s|08:00|f|16:00)())))(0||4()((0||0(s|08:00|f|16:00)())))(0||5()((0||0(s|08:00|f|16:00)())))(0||6()((0||0(s|08:00|f|16:00)())))(0||7()())))))";

/// A one-project file with calendar 1 and the activity rows `tasks` (fields: task_id,
/// task_code, task_type, status_code, target_drtn_hr_cnt, cstr_type, cstr_date).
fn file(project: &str, tasks: &[&str]) -> Source {
    let mut text = format!(
        "ERMHDR\t8.0\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\tclndr_id\tplan_start_date\tlast_recalc_date\tnext_data_date\n%R\t{project}\n%T\tCALENDAR\n%F\tclndr_id\tclndr_name\tday_hr_cnt\tdefault_flag\tclndr_data\n%R\t1\tFive\t\tN\t{WEEK}\n%R\t2\tFlagged\t8\tY\t{WEEK}\n%T\tTASK\n%F\ttask_id\ttask_code\ttask_type\tstatus_code\ttarget_drtn_hr_cnt\tcstr_type\tcstr_date\tclndr_id\n"
    );
    for t in tasks {
        text.push_str(&format!("%R\t{t}\t1\n"));
    }
    text.push_str("%E\n");
    Source {
        path: "m.xer".into(),
        text,
    }
}

const PROJECT: &str = "1\tP\t1\t2024-01-08 00:00\t2024-01-09 00:00\t";

fn parse_ok(source: &Source) -> Schedule {
    parse(source, &ReadOptions::default()).unwrap()
}

fn parse_err(source: &Source) -> String {
    parse(source, &ReadOptions::default())
        .unwrap_err()
        .to_string()
}

#[test]
fn hours_per_day_come_from_the_week_when_the_calendar_gives_none() {
    let s = parse_ok(&file(PROJECT, &["1\tA\tTT_Task\tTK_NotStart\t20\t\t"]));
    assert_eq!(s.calendars[0].hours_per_day, 8.0);
    assert_eq!(s.tasks[0].duration_days, 2.5);
    assert_eq!(s.tasks[0].calendar, None);
}

#[test]
fn the_flagged_calendar_is_the_default_when_the_project_names_none() {
    let project = "1\tP\t\t2024-01-08 00:00\t2024-01-09 00:00\t";
    let s = parse_ok(&file(project, &["1\tA\tTT_Task\tTK_NotStart\t8\t\t"]));
    assert_eq!(s.default_calendar, "Flagged");
    assert_eq!(s.tasks[0].calendar.as_deref(), Some("Five"));
}

#[test]
fn the_status_date_is_the_data_date_else_the_next_data_date() {
    let s = parse_ok(&file(PROJECT, &[]));
    assert_eq!(s.status_date, Some(jiff::civil::date(2024, 1, 9)));
    let s = parse_ok(&file("1\tP\t1\t2024-01-08 00:00\t\t2024-01-12 00:00", &[]));
    assert_eq!(s.status_date, Some(jiff::civil::date(2024, 1, 12)));
    let s = parse_ok(&file("1\tP\t1\t2024-01-08 00:00\t\t", &[]));
    assert_eq!(s.status_date, None);
    assert_eq!(s.start, jiff::civil::date(2024, 1, 8));
}

#[test]
fn a_finish_at_midnight_or_at_the_start_of_work_ends_the_working_day_before() {
    let s = parse_ok(&file(
        PROJECT,
        &[
            "1\tA\tTT_Task\tTK_NotStart\t8\tCS_MEOB\t2024-01-15 08:00",
            "2\tB\tTT_Task\tTK_NotStart\t8\tCS_MEOB\t2024-01-10 00:00",
            "3\tC\tTT_Task\tTK_NotStart\t8\tCS_MEOB\t2024-01-10 09:00",
            "4\tD\tTT_Task\tTK_NotStart\t8\tCS_MSOA\t2024-01-12 16:00",
            "5\tE\tTT_Task\tTK_NotStart\t8\tCS_MSOA\t2024-01-12 15:00",
        ],
    ));
    use jiff::civil::date;
    let c = |i: usize| s.tasks[i].constraints[0];
    // Monday 08:00 -> the Friday before.
    assert_eq!(c(0), Constraint::FinishNoLaterThan(date(2024, 1, 12)));
    assert_eq!(c(1), Constraint::FinishNoLaterThan(date(2024, 1, 9)));
    assert_eq!(c(2), Constraint::FinishNoLaterThan(date(2024, 1, 10)));
    // Friday at the end of work -> the Monday after.
    assert_eq!(c(3), Constraint::StartNoEarlierThan(date(2024, 1, 15)));
    assert_eq!(c(4), Constraint::StartNoEarlierThan(date(2024, 1, 12)));
}

#[test]
fn unknown_codes_and_missing_dates_are_errors_naming_the_activity() {
    let e = parse_err(&file(PROJECT, &["1\tA\tTT_Hammock\tTK_NotStart\t8\t\t"]));
    assert!(
        e.starts_with("m.xer:11:1: TASK: activity `A`: unknown `task_type` `TT_Hammock`"),
        "{e}"
    );
    let e = parse_err(&file(PROJECT, &["1\tA\tTT_Task\tTK_Done\t8\t\t"]));
    assert!(e.contains("unknown `status_code` `TK_Done`"), "{e}");
    let e = parse_err(&file(
        PROJECT,
        &["1\tA\tTT_Task\tTK_NotStart\t8\tCS_SOON\t2024-01-10 08:00"],
    ));
    assert!(e.contains("unknown constraint `CS_SOON`"), "{e}");
    let e = parse_err(&file(
        PROJECT,
        &["1\tA\tTT_Task\tTK_NotStart\t8\tCS_MSOA\t"],
    ));
    assert!(
        e.contains("`cstr_type` CS_MSOA without a `cstr_date`"),
        "{e}"
    );
    let e = parse_err(&file(PROJECT, &["1\tA\tTT_Task\tTK_Complete\t8\t\t"]));
    assert!(
        e.contains("activity `A`: TK_Complete but has no `act_start_date`"),
        "{e}"
    );
    let e = parse_err(&file(
        PROJECT,
        &[
            "1\tA\tTT_Task\tTK_NotStart\t8\t\t",
            "2\tA\tTT_Task\tTK_NotStart\t8\t\t",
        ],
    ));
    assert!(
        e.contains("m.xer:12:1:") && e.contains("a second activity with this activity ID"),
        "{e}"
    );
    let e = parse_err(&file("1\tP\t7\t2024-01-08 00:00\t\t", &[]));
    assert!(
        e.contains("`clndr_id` 7 is not in the `CALENDAR` table"),
        "{e}"
    );
}
