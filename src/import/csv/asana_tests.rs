//! The rules of the Asana reader, each on a few lines written for it.

use jiff::civil::date;

use super::*;

fn read_with(text: &str, options: ReadOptions) -> Result<Schedule> {
    let file = Source {
        path: "asana.csv".into(),
        text: text.into(),
    };
    parse(&file, &options)
}

fn read(text: &str) -> Result<Schedule> {
    read_with(
        text,
        ReadOptions {
            start: Some(date(2026, 3, 2)),
            ..Default::default()
        },
    )
}

const HEAD: &str = "Task ID,Name,Section/Column,Start Date,Due Date,Blocked By (Dependencies),Blocking (Dependencies)\n";

#[test]
fn dependencies_name_tasks_by_id_or_by_name_even_with_a_comma() {
    let s = read(&format!(
        "{HEAD}1,Plan,,2026-03-02,2026-03-02,,\"2, Train, big\"\n2,Build,,2026-03-03,2026-03-04,1,\n3,\"Train, big\",,2026-03-05,2026-03-05,\"Build, Nowhere\",\n"
    ))
    .unwrap();
    let pairs: Vec<(&str, &str)> = s
        .links
        .iter()
        .map(|l| (l.predecessor.as_str(), l.successor.as_str()))
        .collect();
    assert_eq!(pairs, [("1", "2"), ("1", "3"), ("2", "3")]);
    assert_eq!(
        s.not_carried["Asana dependencies on tasks not in the export"],
        1
    );
}

#[test]
fn a_name_two_tasks_share_is_an_error_naming_both_ids() {
    let e = read(&format!(
        "{HEAD}11,Train,,,2026-03-02,,\n12,Train,,,2026-03-03,,\n13,Eval,,,2026-03-04,Train,\n"
    ))
    .unwrap_err();
    assert!(e.is_bad_input());
    let e = e.to_string();
    assert!(
        e.starts_with("asana.csv:4:1: task `13`: `Blocked By (Dependencies)` names `Train`"),
        "{e}"
    );
    assert!(e.contains("tasks `11` and `12`"), "{e}");
}

#[test]
fn durations_come_from_dates_when_no_estimate_is_given() {
    let s = read(&format!(
        "{HEAD}1,Week,,2026-03-02,2026-03-08,,\n2,Due,,,2026-03-10,,\n3,Over the weekend,,2026-03-06,2026-03-09,,\n"
    ))
    .unwrap();
    let t = &s.tasks;
    assert_eq!(t[0].duration_days, 5.0);
    assert_eq!(
        t[0].stored,
        Some(StoredDates {
            start: date(2026, 3, 2),
            finish: date(2026, 3, 8)
        })
    );
    assert!(t[0].constraints.is_empty());
    assert_eq!(t[1].duration_days, 1.0);
    assert_eq!(
        t[1].constraints,
        [Constraint::FinishNoLaterThan(date(2026, 3, 10))]
    );
    assert_eq!(t[1].stored, None);
    assert_eq!(t[2].duration_days, 2.0);
}

#[test]
fn estimate_columns_say_their_unit() {
    let options = ReadOptions {
        start: Some(date(2026, 3, 2)),
        points_days: 0.5,
        hours_per_day: 6.0,
    };
    let one = |column: &str, value: &str| {
        let text = format!("Task ID,Name,Section/Column,{column},Effort hours\n1,A,,{value},99\n");
        read_with(&text, options.clone()).unwrap().tasks[0].duration_days
    };
    assert_eq!(one("Estimated time", "720"), 2.0);
    assert_eq!(one("Estimate (days)", "3"), 3.0);
    assert_eq!(
        one("Story points", "5"),
        99.0 / 6.0,
        "hours are preferred to points"
    );
    let points = "Task ID,Name,Section/Column,Story points\n1,A,,5\n";
    assert_eq!(
        read_with(points, options.clone()).unwrap().tasks[0].duration_days,
        2.5
    );
    let e = read("Task ID,Name,Section/Column,Estimate (days)\n1,A,,lots\n").unwrap_err();
    assert!(
        e.to_string()
            .contains("task `1`: `Estimate (days)` must be a number, not `lots`"),
        "{e}"
    );
}

#[test]
fn tasks_without_an_estimate_or_dates_are_one_error_listing_them() {
    let e = read(&format!("{HEAD}1,A,,,,,\n2,B,,,2026-03-02,,\n3,C,,,,,\n"))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("asana.csv:2:1: task `1`: has no estimate and no dates; 2 tasks"),
        "{e}"
    );
    assert!(e.contains("(1, 3)"), "{e}");
}

#[test]
fn bad_rows_name_the_line_and_the_task() {
    let cases = [
        (
            format!("{HEAD}1,A,,2026-03-05,2026-03-04,,\n"),
            "asana.csv:2:1: task `1`: `Due Date` 2026-03-04 is before `Start Date` 2026-03-05",
        ),
        (
            format!("{HEAD}1,A,,,03/04/2026,,\n"),
            "task `1`: `Due Date` must be a date (YYYY-MM-DD), not `03/04/2026`",
        ),
        (
            format!("{HEAD}1,A,,,2026-03-04,,\n1,B,,,2026-03-04,,\n"),
            "asana.csv:3:1: task `1`: appears twice",
        ),
        (
            format!("{HEAD},A,,,2026-03-04,,\n"),
            "asana.csv:2:1: this row has no `Task ID`",
        ),
        (
            "Task ID,Nme,Parent task\n1,A,\n".to_string(),
            "the Asana CSV has no `Name` column; its columns are: `Task ID`, `Nme`, `Parent task`; did you mean `Nme`?",
        ),
    ];
    for (text, want) in cases {
        let e = read(&text).unwrap_err().to_string();
        assert!(e.contains(want), "{text:?}: {e}");
    }
}

#[test]
fn completed_tasks_are_done_and_subtasks_sit_under_their_parent() {
    let s = read(
        "Task ID,Name,Section/Column,Start Date,Due Date,Completed At,Parent task,Assignee\n\
         1,Label,Data,,2026-03-20,,,Vendor\n\
         2,Batch 1,,2026-03-02,2026-03-06,2026-03-05,Label,Ann\n\
         3,Batch 2,,,2026-03-13,,1,\n\
         4,Orphan,Data,,2026-03-13,,Elsewhere,\n",
    )
    .unwrap();
    let ids: Vec<&str> = s.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["2", "3", "4"]);
    assert_eq!(s.tasks[0].summary, ["Data", "Label"]);
    assert_eq!(s.tasks[1].summary, ["Data", "Label"]);
    assert_eq!(s.tasks[2].summary, ["Data"]);
    assert_eq!(
        s.tasks[0].progress,
        Some(Progress {
            actual_start: Some(date(2026, 3, 2)),
            actual_finish: Some(date(2026, 3, 5)),
            remaining_days: Some(0.0),
        })
    );
    assert_eq!(s.tasks[1].progress, None);
    assert_eq!(s.not_carried["Asana parent tasks not in the export"], 1);
    assert_eq!(s.not_carried.len(), 2);
    let who: Vec<(&str, &str)> = s
        .assignments
        .iter()
        .map(|a| (a.task.as_str(), a.resource.as_str()))
        .collect();
    assert_eq!(who, [("2", "Ann")], "the parent's assignee is not carried");
    assert_eq!(
        (s.start, s.status_date),
        (date(2026, 3, 2), Some(date(2026, 3, 5)))
    );
}

#[test]
fn the_header_tells_an_asana_export() {
    assert!(looks_like(
        "Task ID,Created At,Completed At,Last Modified,Name,Section/Column"
    ));
    assert!(!looks_like("Task ID,Name\n"));
    assert!(!looks_like("Issue key,Summary\n"));
}
