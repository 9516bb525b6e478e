//! The rules of the Jira reader, each on a few lines written for it.

use jiff::civil::date;

use super::*;
use crate::import::schedule::LinkKind;

fn read_with(text: &str, options: ReadOptions) -> Result<Schedule> {
    let file = Source {
        path: "jira.csv".into(),
        text: text.into(),
    };
    parse(&file, &options)
}

fn read(text: &str) -> Result<Schedule> {
    read_with(
        text,
        ReadOptions {
            start: Some(date(2026, 3, 23)),
            ..Default::default()
        },
    )
}

fn pairs(s: &Schedule) -> Vec<(&str, &str)> {
    s.links
        .iter()
        .map(|l| (l.predecessor.as_str(), l.successor.as_str()))
        .collect()
}

#[test]
fn estimates_are_seconds_else_story_points() {
    let s = read_with(
        "Issue key,Summary,Original Estimate,Custom field (Story Points),Custom field (Story point estimate)\n\
         A-1,One,43200,,\nA-2,Two,,4,\nA-3,Three,21600,8,\nA-4,Four,,,3\n",
        ReadOptions {
            start: Some(date(2026, 3, 23)),
            points_days: 0.5,
            hours_per_day: 6.0,
        },
    )
    .unwrap();
    let days: Vec<f64> = s.tasks.iter().map(|t| t.duration_days).collect();
    assert_eq!(days, [2.0, 2.0, 1.0, 1.5]);
    assert_eq!(s.calendars[0].hours_per_day, 6.0);
    assert_eq!(s.tasks[0].name, "One");
    assert_eq!((s.start, s.status_date), (date(2026, 3, 23), None));
}

#[test]
fn issues_without_an_estimate_are_one_error_listing_them() {
    let e = read("Issue key,Summary,Original Estimate\nA-1,One,3600\nA-2,Two,\nA-3,Three,\n")
        .unwrap_err();
    assert!(e.is_bad_input());
    let e = e.to_string();
    assert!(
        e.starts_with("jira.csv:3:1: issue `A-2`: has no estimate; 2 issues"),
        "{e}"
    );
    assert!(
        e.contains("(A-2, A-3)") && e.contains("export again"),
        "{e}"
    );
}

#[test]
fn values_that_do_not_read_name_the_line_and_the_issue() {
    let cases = [
        (
            "Issue key,Summary,Original Estimate\nA-1,One,2h\n",
            "jira.csv:2:1: issue `A-1`: `Original Estimate` must be a number of seconds, not `2h`",
        ),
        (
            "Issue key,Summary,Custom field (Story Points)\nA-1,One,XL\n",
            "issue `A-1`: story points must be a number, not `XL`",
        ),
        (
            "Issue key,Summary,Original Estimate,Due Date\nA-1,One,1,someday\n",
            "issue `A-1`: `Due Date` must be a date",
        ),
        (
            "Issue key,Summary,Original Estimate,Status,Resolved\nA-1,One,1,Done,13/Mar/26 25:00\nA-2,Two,1,Done,32/Mar/26\n",
            "jira.csv:3:1: issue `A-2`: `Resolved` must be a date",
        ),
        (
            "Issue key,Summary,Original Estimate\nA-1,One,1\nA-1,Again,1\n",
            "jira.csv:3:1: issue `A-1`: appears twice",
        ),
        (
            "Issue key,Summary,Original Estimate\n,One,1\n",
            "jira.csv:2:1: this row has no `Issue key`",
        ),
        (
            "Key,Summary\nA-1,One\n",
            "the Jira CSV has no `Issue key` column",
        ),
    ];
    for (text, want) in cases {
        let e = read(text).unwrap_err().to_string();
        assert!(e.contains(want), "{text:?}: {e}");
    }
}

#[test]
fn the_status_gives_progress_when_the_category_is_absent() {
    let s = read(
        "Issue key,Summary,Original Estimate,Time Spent,Remaining Estimate,Status,Resolved,Updated,Custom field (Start date)\n\
         A-1,Closed one,28800,,,Closed,10/Mar/26 4:05 PM,,2026-03-09\n\
         A-2,Reviewed,115200,28800,,In Review,,,2026-03-16\n\
         A-3,Spent over,28800,57600,,In Progress,,,\n\
         A-4,Remaining given,28800,0,14400,In progress,,,\n\
         A-5,Resolved only,28800,,,Won't Do,2026-03-11,,\n\
         A-6,Done late,28800,,,Done,,2026-03-20 10:00,\n\
         A-7,Waiting,28800,,,Backlog,,,\n",
    )
    .unwrap();
    let p = |i: usize| s.tasks[i].progress;
    let done = |start, finish| {
        Some(Progress {
            actual_start: start,
            actual_finish: Some(finish),
            remaining_days: Some(0.0),
        })
    };
    let going = |start, remaining| {
        Some(Progress {
            actual_start: start,
            actual_finish: None,
            remaining_days: Some(remaining),
        })
    };
    assert_eq!(p(0), done(Some(date(2026, 3, 9)), date(2026, 3, 10)));
    assert_eq!(p(1), going(Some(date(2026, 3, 16)), 3.0));
    assert_eq!(p(2), going(None, 0.0));
    assert_eq!(p(3), going(None, 0.5));
    assert_eq!(p(4), done(None, date(2026, 3, 11)));
    assert_eq!(p(5), done(None, date(2026, 3, 20)));
    assert_eq!(p(6), None);
    assert_eq!(s.start, date(2026, 3, 9));
    assert_eq!(s.status_date, Some(date(2026, 3, 23)));
}

#[test]
fn the_status_category_wins_and_in_progress_starts_when_it_changed() {
    let s = read(
        "Issue key,Summary,Original Estimate,Status,Status Category,Status Category Changed\n\
         A-1,One,28800,Closed,In Progress,17/Mar/26 9:00 AM\n\
         A-2,Two,28800,In Progress,To Do,\n",
    )
    .unwrap();
    assert_eq!(
        s.tasks[0].progress,
        Some(Progress {
            actual_start: Some(date(2026, 3, 17)),
            actual_finish: None,
            remaining_days: Some(1.0),
        })
    );
    assert_eq!(s.tasks[1].progress, None);
}

#[test]
fn blocks_links_in_repeated_columns_both_ways_and_once() {
    let s = read(
        "Issue key,Summary,Original Estimate,Outward issue link (Blocks),Outward issue link (Blocks),Inward issue link (Blocks),Outward issue link (Relates),Inward issue link (Duplicate)\n\
         A-1,One,1,A-2,A-3,,A-3,\n\
         A-2,Two,1,,,A-1,,\n\
         A-3,Three,1,X-9,,A-2,A-1,A-2\n",
    )
    .unwrap();
    assert_eq!(pairs(&s), [("A-1", "A-2"), ("A-1", "A-3"), ("A-2", "A-3")]);
    assert!(
        s.links
            .iter()
            .all(|l| l.kind == LinkKind::FS && l.lag_days == 0.0)
    );
    assert_eq!(s.not_carried.len(), 3, "{:?}", s.not_carried);
    assert_eq!(
        s.not_carried["Jira `Blocks` links to issues not in the export"],
        1
    );
    assert_eq!(
        s.not_carried["Jira `Relates` links"], 1,
        "one pair, given on both issues"
    );
    assert_eq!(s.not_carried["Jira `Duplicate` links"], 1);
}

#[test]
fn epics_and_parents_are_groups_named_by_key_or_id() {
    let s = read(
        "Issue key,Issue id,Summary,Issue Type,Original Estimate,Custom field (Epic Link),Parent,Assignee,Outward issue link (Blocks),Inward issue link (Blocks)\n\
         E-1,100,Data,Epic,,,,,,\n\
         S-1,101,Story,Story,99999,E-1,,Ann,,\n\
         T-1,102,Sub one,Sub-task,3600,,101,Bob,,X-1\n\
         T-2,103,Sub two,Sub-task,7200,,S-1,,,\n\
         U-1,104,Loose,Task,28800,,555,Ann,S-1,\n\
         X-1,105,Before,Task,28800,,100,,,\n",
    )
    .unwrap();
    let ids: Vec<&str> = s.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["T-1", "T-2", "U-1", "X-1"]);
    assert_eq!(s.tasks[0].summary, ["Data", "Story"]);
    assert_eq!(s.tasks[1].summary, ["Data", "Story"]);
    assert!(s.tasks[2].summary.is_empty());
    assert_eq!(s.tasks[3].summary, ["Data"]);
    // U-1 blocks the story: each of its sub-tasks; X-1 blocks sub-task T-1.
    assert_eq!(pairs(&s), [("X-1", "T-1"), ("U-1", "T-1"), ("U-1", "T-2")]);
    assert_eq!(s.not_carried["Jira parents and epics not in the export"], 1);
    assert_eq!(
        s.not_carried
            .keys()
            .filter(|k| k.contains("sub-tasks"))
            .count(),
        1
    );
    // The story's own assignee is not carried; the sub-tasks' are.
    let who: Vec<(&str, &str)> = s
        .assignments
        .iter()
        .map(|a| (a.task.as_str(), a.resource.as_str()))
        .collect();
    assert_eq!(who, [("T-1", "Bob"), ("U-1", "Ann")]);
    assert_eq!(s.resources.len(), 2);
}

#[test]
fn other_columns_are_fields_and_a_due_date_is_a_deadline() {
    let s = read(
        "Issue key,Summary,Original Estimate,Labels,Labels,Custom field (Risk),Priority,Due Date,Σ Original Estimate,Log Work\n\
         A-1,One,28800,ml,gpu,high,High,15/May/26,28800,x;12/Mar/26 4:05 PM;Ann;3600\n",
    )
    .unwrap();
    let t = &s.tasks[0];
    let fields: Vec<(&str, &str)> = t
        .fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("Labels", "ml, gpu"),
            ("Priority", "High"),
            ("Risk", "high")
        ]
    );
    assert_eq!(
        t.constraints,
        [Constraint::FinishNoLaterThan(date(2026, 5, 15))]
    );
    assert_eq!(s.not_carried["Jira work log entries"], 1);
}

#[test]
fn the_header_tells_a_jira_export() {
    assert!(looks_like("Summary,Issue key,Issue id,Issue Type,Status"));
    assert!(looks_like("\u{feff}Issue key,Summary\n"));
    assert!(!looks_like("Issue key,Name\n"));
    assert!(!looks_like("id,duration\n"));
}
