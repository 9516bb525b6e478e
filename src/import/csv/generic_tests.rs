//! The rules of the generic task CSV, each on a few lines written for it.

use jiff::civil::date;

use super::*;

fn read(text: &str) -> Result<Schedule> {
    let file = Source {
        path: "plan.csv".into(),
        text: text.into(),
    };
    let options = ReadOptions {
        start: Some(date(2026, 3, 2)),
        ..Default::default()
    };
    parse(&file, &options)
}

fn error(text: &str) -> String {
    let e = read(text).unwrap_err();
    assert!(e.is_bad_input());
    e.to_string()
}

fn links(s: &Schedule) -> Vec<(String, String, LinkKind, f64)> {
    s.links
        .iter()
        .map(|l| {
            (
                l.predecessor.clone(),
                l.successor.clone(),
                l.kind,
                l.lag_days,
            )
        })
        .collect()
}

#[test]
fn dependencies_take_a_type_and_a_lag() {
    let s = read(
        "id,duration,depends_on\na,1,\nb-1,2,a\nc,3,\"a:SS; b-1:ff+2\"\nd,1,a:sf-1.5;c:FS+1w\n",
    )
    .unwrap();
    let l = |p: &str, s: &str, k, lag| (p.to_string(), s.to_string(), k, lag);
    assert_eq!(
        links(&s),
        [
            l("a", "b-1", LinkKind::FS, 0.0),
            l("a", "c", LinkKind::SS, 0.0),
            l("b-1", "c", LinkKind::FF, 2.0),
            l("a", "d", LinkKind::SF, -1.5),
            l("c", "d", LinkKind::FS, 5.0),
        ]
    );
    for bad in ["a:XX", "a:FS2", ":FS", "a:é", "a:FS+é", "a:FS+x"] {
        let e = error(&format!("id,duration,depends_on\na,1,\nb,1,{bad}\n"));
        assert!(
            e.starts_with("plan.csv:3:1: task `b`: cannot read the dependency"),
            "{bad}: {e}"
        );
    }
}

#[test]
fn an_unknown_predecessor_is_named_with_the_closest_id() {
    let e = error("id,duration,depends_on\ntrain,1,\neval,1,trian\n");
    assert_eq!(
        e,
        "plan.csv:3:1: task `eval` depends on unknown task `trian`; did you mean `train`?"
    );
    let e = error("id,duration,depends_on\na,1,a\n");
    assert!(e.contains("task `a`: depends on itself"), "{e}");
}

#[test]
fn missing_columns_are_named_with_the_columns_found() {
    let e = error("name,duration\nx,1\n");
    assert!(
        e.starts_with("plan.csv:1:1: the task CSV has no `id` column"),
        "{e}"
    );
    assert!(e.contains("its columns are: `name`, `duration`"), "{e}");
    let e = error("id,durration\nx,1\n");
    assert!(e.contains("no `duration` or `likely` column"), "{e}");
    assert!(e.contains("did you mean `durration`?"), "{e}");
}

#[test]
fn values_that_do_not_read_name_the_line_the_task_and_the_column() {
    let cases = [
        (
            "id,duration\na,1\nb,two\n",
            "plan.csv:3:1: task `b`: `duration` must be a number of working days",
        ),
        (
            "id,duration,cost\na,1,\"1,200\"\n",
            "plan.csv:2:1: task `a`: `cost` must be a number, not `1,200`",
        ),
        (
            "id,duration,actual_start\na,1,12/03/2026\n",
            "task `a`: `actual_start` must be a date (YYYY-MM-DD), not `12/03/2026`",
        ),
        (
            "id,duration,finish_no_later_than\na,1,soon\n",
            "`finish_no_later_than` must be a date",
        ),
        (
            "id,duration,risk\na,1,hihg\n",
            "`risk` must be low, medium, high or very_high, not `hihg`; did you mean `high`?",
        ),
        (
            "id,duration,people\na,1,ml=lots\n",
            "the units of `ml` must be a number above 0, not `lots`",
        ),
        (
            "id,duration,people\na,1,ml=0\n",
            "the units of `ml` must be a number above 0",
        ),
        ("id,duration,people\na,1,=2\n", "`=2` names no role"),
        (
            "id,duration,milestone\na,1,perhaps\n",
            "`milestone` must be yes or no, not `perhaps`",
        ),
        (
            "id,duration,calendar\na,1,weekends\n",
            "`calendar` must be `workdays` or `continuous`, not `weekends`",
        ),
        (
            "id,duration\na,1\na,2\n",
            "plan.csv:3:1: task `a`: appears twice",
        ),
        (
            "id,duration\na,1\n,2\n",
            "plan.csv:3:1: this row has no `id`",
        ),
        ("id,duration\na,\n", "task `a`: has no duration"),
        (
            "id,min,likely,max\na,1,3,2\n",
            "min <= likely <= max, not 1, 3, 2",
        ),
        (
            "id,min,likely,max\na,1,3,\n",
            "needs all of `min`, `likely` (or `duration`) and `max`",
        ),
        (
            "id,duration,actual_start,actual_finish\na,1,2026-03-05,2026-03-04\n",
            "`actual_finish` 2026-03-04 is before `actual_start` 2026-03-05",
        ),
    ];
    for (text, want) in cases {
        let e = error(text);
        assert!(e.contains(want), "{text:?}: {e}");
    }
}

#[test]
fn estimates_milestones_and_level_of_effort() {
    let s = read(
        "ID,Name,Duration,Min,Likely,Max,Milestone,Level Of Effort\n\
         a,,2.5,,,,,\nb,B,9,1,2,4,,\nc,C,,,,,yes,\nd,D,4,,,,y,\ne,E,,,,,,yes\nf,F,16h,,,,no,no\n",
    )
    .unwrap();
    let t = |id: &str| s.tasks.iter().find(|t| t.id == id).unwrap();
    assert_eq!((t("a").name.as_str(), t("a").duration_days), ("a", 2.5));
    assert!(t("a").estimate.is_none());
    // `likely` wins over `duration`.
    assert_eq!(t("b").duration_days, 2.0);
    assert_eq!(
        t("b").estimate,
        Some(ThreePoint {
            min_days: 1.0,
            likely_days: 2.0,
            max_days: 4.0
        })
    );
    assert!(t("c").milestone && t("c").duration_days == 0.0);
    assert!(
        t("d").milestone && t("d").duration_days == 0.0,
        "a milestone takes no time"
    );
    assert!(t("e").level_of_effort && !t("e").milestone);
    assert_eq!(t("f").duration_days, 2.0);
    assert!(!t("f").milestone && !t("f").level_of_effort);
}

#[test]
fn a_continuous_task_counts_days_of_the_clock() {
    let s = read("id,duration,calendar,depends_on\na,2w,Continuous,\nb,2w,workdays,a:FS+48h\nc,48h,,b:FS+48h\n").unwrap();
    assert_eq!(s.calendars.len(), 2);
    assert_eq!(s.calendars[1].name, "continuous");
    assert!(s.calendars[1].is_every_day());
    assert_eq!(s.tasks[0].calendar.as_deref(), Some("continuous"));
    assert_eq!(s.tasks[0].duration_days, 14.0);
    assert_eq!(
        (s.tasks[1].calendar.as_deref(), s.tasks[1].duration_days),
        (None, 10.0)
    );
    assert_eq!(s.tasks[2].duration_days, 6.0);
    // A lag is in days of the successor's calendar.
    assert_eq!(s.links[0].lag_days, 6.0);
    assert_eq!(s.links[1].lag_days, 6.0);
    let plain = read("id,duration\na,1\n").unwrap();
    assert_eq!(
        plain.calendars.len(),
        1,
        "no second calendar unless a task names it"
    );
    assert_eq!(plain.calendars[0].hours_per_day, 8.0);
    assert_eq!(plain.calendars[0].workweek.len(), 5);
}

#[test]
fn progress_constraints_roles_and_other_columns() {
    let s = read(
        "id,duration,actual_start,actual_finish,remaining,start_no_earlier_than,finish_no_later_than,role,people,Team,summary\n\
         a,3,2026-02-23,2026-02-27,,,,ml,,vision,A / B /\n\
         b,3,2026-02-26,,1.5,2026-02-20,2026-04-01,,\"ml=2, ops=0.5\",,\n\
         c,3,,,,,,ml,ops,,\n",
    )
    .unwrap();
    let a = &s.tasks[0];
    assert_eq!(
        a.progress,
        Some(Progress {
            actual_start: Some(date(2026, 2, 23)),
            actual_finish: Some(date(2026, 2, 27)),
            remaining_days: Some(0.0),
        })
    );
    assert_eq!(a.summary, ["A", "B"]);
    assert_eq!(a.fields.len(), 1);
    assert_eq!(a.fields["Team"], "vision");
    let b = &s.tasks[1];
    assert_eq!(
        b.progress,
        Some(Progress {
            actual_start: Some(date(2026, 2, 26)),
            actual_finish: None,
            remaining_days: Some(1.5),
        })
    );
    assert_eq!(
        b.constraints,
        [
            Constraint::StartNoEarlierThan(date(2026, 2, 20)),
            Constraint::FinishNoLaterThan(date(2026, 4, 1)),
        ]
    );
    assert!(s.tasks[2].progress.is_none());
    // The plan starts at the earliest actual date; the status date is the start given.
    assert_eq!(s.start, date(2026, 2, 23));
    assert_eq!(s.status_date, Some(date(2026, 3, 2)));
    let units: Vec<(&str, &str, f64)> = s
        .assignments
        .iter()
        .map(|a| (a.task.as_str(), a.resource.as_str(), a.units))
        .collect();
    assert_eq!(
        units,
        [
            ("a", "ml", 1.0),
            ("b", "ml", 2.0),
            ("b", "ops", 0.5),
            ("c", "ml", 1.0),
            ("c", "ops", 1.0)
        ]
    );
    let roles: Vec<&str> = s.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(roles, ["ml", "ops"]);
    assert!(
        s.resources
            .iter()
            .all(|r| r.capacity.is_none() && r.rate_per_day.is_none())
    );
    assert!(s.not_carried.is_empty());
}
