//! Progress, constraints and named calendars against dates worked out by hand: a plan
//! re-forecast at its status date, tasks held to dates, and tasks on calendars of their own.
//! The project starts on Monday 4 January 2027 (day 0) on the Monday-to-Friday calendar.

use riskplan::engine;

use crate::common::{compile, compile_error, run};

const HEAD: &str = "[project]\nname = \"p\"\nstart = 2027-01-04\n";

/// The deterministic start and finish of task `id`, timeline days.
fn dates(text: &str, id: &str) -> (f64, f64) {
    let m = compile(text);
    let s = engine::deterministic(&m);
    let i = m.task_index(id).expect("the task exists");
    (s.start[i], s.finish[i])
}

#[test]
fn nothing_is_worked_before_the_status_date() {
    // Status Monday 11th (day 7): two days of work end on Tuesday 12th's evening.
    let text = format!("{HEAD}status_date = 2027-01-11\n[[tasks]]\nid = \"a\"\nestimate = 2\n");
    assert_eq!(dates(&text, "a"), (7.0, 9.0));
    let without = format!("{HEAD}[[tasks]]\nid = \"a\"\nestimate = 2\n");
    assert_eq!(dates(&without, "a"), (0.0, 2.0));
}

#[test]
fn a_finished_task_keeps_its_actual_dates_and_costs_its_work() {
    // `b` was done Monday to Tuesday, although its link to `a` says it could not have been.
    let text = format!(
        "{HEAD}status_date = 2027-01-11\n[[people]]\nrole = \"dev\"\nrate_per_day = 100\n\
         [[tasks]]\nid = \"a\"\nestimate = 5\nactual_start = 2027-01-04\nactual_finish = 2027-01-08\n\
         [[tasks]]\nid = \"b\"\nestimate = 9\ndepends_on = [\"a\"]\npeople = {{ dev = 1 }}\n\
         actual_start = 2027-01-04\nactual_finish = 2027-01-05\n"
    );
    assert_eq!(dates(&text, "a"), (0.0, 5.0));
    assert_eq!(dates(&text, "b"), (0.0, 2.0));
    let m = compile(&text);
    let det = engine::deterministic(&m).totals;
    // Two days worked at 100 a day; its estimate of 9 days no longer matters.
    assert_eq!(det.cost_people, 200.0);
    // Nothing is uncertain in a finished plan: every iteration is the plan.
    let (_, report) = run(&m, 200, 1);
    assert_eq!(report.finish_date.p10, report.finish_date.p99);
}

#[test]
fn a_started_task_works_what_is_left_from_the_status_date() {
    // Ten days of work begun Monday 4th: five were done by Monday 11th; the other five run
    // Monday 11th to Friday 15th. Paid for all ten.
    let base = format!(
        "{HEAD}status_date = 2027-01-11\n[[people]]\nrole = \"dev\"\nrate_per_day = 100\n\
         [[tasks]]\nid = \"a\"\nestimate = 10\npeople = {{ dev = 1 }}\nactual_start = 2027-01-04\n"
    );
    assert_eq!(dates(&base, "a"), (0.0, 12.0));
    assert_eq!(
        engine::deterministic(&compile(&base)).totals.cost_people,
        1000.0
    );
    // Two days said to be left: done Tuesday 12th, paid for the five done and the two.
    let left = format!("{base}remaining = 2\n");
    assert_eq!(dates(&left, "a"), (0.0, 9.0));
    assert_eq!(
        engine::deterministic(&compile(&left)).totals.cost_people,
        700.0
    );
    // More done than estimated: nothing is left, it finishes at the status date.
    let over = base.replace("estimate = 10", "estimate = 3");
    assert_eq!(dates(&over, "a"), (0.0, 7.0));
}

#[test]
fn uncertain_remaining_work_spreads_the_finish_from_the_status_date() {
    // One to three working days left, uniform: from Monday 11th the finish is Tuesday 12th
    // when under two days are left, else Wednesday 13th: half of the runs each.
    let text = format!(
        "{HEAD}status_date = 2027-01-11\n[[tasks]]\nid = \"a\"\nestimate = 10\n\
         actual_start = 2027-01-04\nremaining = {{ min = 1, max = 3, dist = \"uniform\" }}\n"
    );
    let m = compile(&text);
    let n = 20_000;
    let (out, report) = run(&m, n, 7);
    let tuesday = out
        .columns
        .finish
        .iter()
        .filter(|&&f| m.finish_date(f) <= jiff::civil::date(2027, 1, 12))
        .count() as f64
        / n as f64;
    let se = (0.25 / n as f64).sqrt();
    assert!(
        (tuesday - 0.5).abs() < 4.0 * se,
        "share by Tuesday {tuesday}"
    );
    assert_eq!(report.finish_date.p10, "2027-01-12");
    assert_eq!(report.finish_date.p90, "2027-01-13");
}

#[test]
fn start_and_finish_no_earlier_than_hold_a_task_back() {
    let chain = format!(
        "{HEAD}[[tasks]]\nid = \"a\"\nestimate = 2\n[[tasks]]\nid = \"b\"\nestimate = 1\ndepends_on = [\"a\"]\n"
    );
    assert_eq!(dates(&chain, "b"), (2.0, 3.0));
    // Not before Wednesday 13th (day 9).
    let snet = format!("{chain}start_no_earlier_than = 2027-01-13\n");
    assert_eq!(dates(&snet, "b"), (9.0, 10.0));
    // Not finished before Friday 15th: its one day is that Friday.
    let fnet = format!("{chain}finish_no_earlier_than = 2027-01-15\n");
    assert_eq!(dates(&fnet, "b"), (11.0, 12.0));
    // A date the links already pass binds nothing.
    let early = format!("{chain}start_no_earlier_than = 2027-01-05\n");
    assert_eq!(dates(&early, "b"), (2.0, 3.0));
}

#[test]
fn a_task_on_a_calendar_of_its_own_counts_its_days() {
    // `a` works Monday to Friday (ends Saturday 00:00); `c` on a seven-day calendar runs
    // Saturday to Monday, and on the project's calendar would run Monday to Wednesday.
    let text = format!(
        "{HEAD}[[calendars]]\nname = \"7-day\"\nworkweek = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n\
         holidays = [2027-01-10]\n\
         [[tasks]]\nid = \"a\"\nestimate = 5\n\
         [[tasks]]\nid = \"c\"\nestimate = 3\ncalendar = \"7-day\"\ndepends_on = [\"a\"]\n"
    );
    // Saturday 9th, (Sunday 10th a holiday), Monday 11th, Tuesday 12th.
    assert_eq!(dates(&text, "c"), (5.0, 9.0));
    // (Scheduled from Saturday 00:00, its work begins on Monday.)
    let project = text.replace("calendar = \"7-day\"\n", "");
    assert_eq!(dates(&project, "c"), (5.0, 10.0));
    // A working Saturday on the project's calendar.
    let saturday =
        format!("{HEAD}working_days = [2027-01-09]\n[[tasks]]\nid = \"a\"\nestimate = 6\n");
    assert_eq!(dates(&saturday, "a"), (0.0, 6.0));
}

#[test]
fn progress_and_calendar_mistakes_are_refused_with_the_fix() {
    let task = "[[tasks]]\nid = \"a\"\nestimate = 3\n";
    let cases = [
        (
            format!("{HEAD}{task}actual_start = 2027-01-04\n"),
            "task `a` records progress, but the project has no status date; add status_date",
        ),
        (
            format!("{HEAD}status_date = 2027-01-11\n{task}actual_start = 2027-01-12\n"),
            "its actual_start 2027-01-12 is not before the status date 2027-01-11",
        ),
        (
            format!("{HEAD}status_date = 2027-01-11\n{task}actual_finish = 2027-01-05\n"),
            "has an actual_finish but no actual_start",
        ),
        (
            format!(
                "{HEAD}status_date = 2027-01-11\n{task}actual_start = 2027-01-06\nactual_finish = 2027-01-05\n"
            ),
            "finishes before it starts",
        ),
        (
            format!(
                "{HEAD}status_date = 2027-01-11\n{task}actual_start = 2027-01-04\nactual_finish = 2027-01-05\nremaining = 1\n"
            ),
            "is finished (it has an actual_finish); remove its `remaining`",
        ),
        (
            format!("{HEAD}status_date = 2027-01-11\n{task}remaining = 1\n"),
            "has `remaining` work but no actual_start",
        ),
        (
            format!("{HEAD}status_date = 2026-12-01\n{task}"),
            "the status date 2026-12-01 is before the project start 2027-01-04",
        ),
        (
            format!("{HEAD}{task}calendar = \"7day\"\n[[calendars]]\nname = \"7-day\"\n"),
            "unknown calendar `7day`",
        ),
        (
            format!("{HEAD}{task}[[calendars]]\nname = \"workdays\"\n"),
            "`workdays` is the name of a built-in calendar",
        ),
        (
            format!("{HEAD}{task}[[calendars]]\nname = \"x\"\n[[calendars]]\nname = \"x\"\n"),
            "calendar `x` is defined twice",
        ),
    ];
    for (text, expected) in cases {
        let e = compile_error(&text);
        assert!(e.contains(expected), "{e}\nexpected: {expected}");
        assert!(e.starts_with("test.toml:"), "{e}");
    }
    assert!(
        compile_error(&format!(
            "{HEAD}{task}calendar = \"7day\"\n[[calendars]]\nname = \"7-day\"\n"
        ))
        .contains("did you mean `7-day`?")
    );
}
