//! Every value of each sample export, as the file gives it.

use std::collections::BTreeMap;

use jiff::civil::date;
use riskplan::import::ReadOptions;
use riskplan::import::csv::jira;
use riskplan::import::schedule::{Constraint, LinkKind, Progress, StoredDates, ThreePoint};
use riskplan::scenario::Source;

use super::{assigned, done, fixture, fs, ids, links, read, task};

#[test]
fn every_value_of_the_task_csv_sample_arrives() {
    let s = read("csv/dl-project.csv", date(2026, 3, 16));
    assert_eq!(
        ids(&s),
        [
            "kickoff",
            "collect",
            "guide",
            "label",
            "qa",
            "baseline",
            "tune",
            "train",
            "eval",
            "model-ready",
            "deploy",
            "monitor",
            "pm",
            "launch"
        ]
    );
    assert_eq!(s.name, "dl-project");
    let days: Vec<f64> = s.tasks.iter().map(|t| t.duration_days).collect();
    assert_eq!(
        days,
        [
            0.0, 10.0, 3.0, 12.0, 2.0, 5.0, 4.0, 6.0, 3.0, 0.0, 4.0, 2.0, 0.0, 0.0
        ]
    );
    let three = |min_days, likely_days, max_days| {
        Some(ThreePoint {
            min_days,
            likely_days,
            max_days,
        })
    };
    assert_eq!(task(&s, "label").estimate, three(8.0, 12.0, 20.0));
    assert_eq!(task(&s, "tune").estimate, three(3.0, 4.0, 9.0));
    assert_eq!(task(&s, "train").estimate, three(5.0, 6.0, 12.0));
    assert_eq!(s.tasks.iter().filter(|t| t.estimate.is_some()).count(), 3);
    let milestones: Vec<&str> = s
        .tasks
        .iter()
        .filter(|t| t.milestone)
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(milestones, ["kickoff", "model-ready", "launch"]);
    assert!(task(&s, "pm").level_of_effort);
    assert_eq!(s.tasks.iter().filter(|t| t.level_of_effort).count(), 1);
    let continuous: Vec<&str> = s
        .tasks
        .iter()
        .filter(|t| t.calendar.as_deref() == Some("continuous"))
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(continuous, ["tune", "train"]);
    assert_eq!(s.calendars.len(), 2);
    assert_eq!(s.default_calendar, "workdays");

    assert_eq!(
        links(&s),
        [
            fs("kickoff", "collect"),
            ("kickoff", "guide", LinkKind::SS, 1.0),
            ("collect", "label", LinkKind::SS, 5.0),
            fs("guide", "label"),
            ("label", "qa", LinkKind::FF, 2.0),
            fs("collect", "baseline"),
            fs("baseline", "tune"),
            fs("qa", "tune"),
            fs("tune", "train"),
            ("train", "eval", LinkKind::FS, -1.0),
            fs("eval", "model-ready"),
            fs("model-ready", "deploy"),
            ("deploy", "monitor", LinkKind::SS, 2.0),
            fs("kickoff", "pm"),
            fs("monitor", "launch"),
            fs("deploy", "launch"),
        ]
    );

    let risks: Vec<(&str, &str)> = s
        .tasks
        .iter()
        .filter_map(|t| Some((t.id.as_str(), t.risk.as_deref()?)))
        .collect();
    assert_eq!(
        risks,
        [
            ("collect", "medium"),
            ("guide", "low"),
            ("label", "high"),
            ("qa", "medium"),
            ("baseline", "low"),
            ("tune", "very_high"),
            ("train", "high"),
            ("eval", "medium"),
            ("deploy", "high"),
            ("monitor", "low"),
        ]
    );
    assert_eq!(
        assigned(&s),
        [
            ("collect", "data-engineer", 1.0),
            ("guide", "ml-engineer", 0.5),
            ("label", "annotator", 3.0),
            ("label", "data-engineer", 0.5),
            ("qa", "ml-engineer", 1.0),
            ("baseline", "ml-engineer", 1.0),
            ("tune", "ml-engineer", 1.0),
            ("train", "ml-engineer", 0.25),
            ("eval", "ml-engineer", 1.0),
            ("eval", "data-engineer", 1.0),
            ("deploy", "ml-engineer", 1.0),
            ("deploy", "devops", 1.0),
            ("monitor", "devops", 1.0),
            ("pm", "pm", 0.2),
        ]
    );
    let roles: Vec<&str> = s.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        roles,
        ["data-engineer", "ml-engineer", "annotator", "devops", "pm"]
    );
    let costs: Vec<(&str, f64)> = s
        .tasks
        .iter()
        .filter_map(|t| Some((t.id.as_str(), t.fixed_cost?)))
        .collect();
    assert_eq!(
        costs,
        [
            ("label", 18000.0),
            ("tune", 6400.0),
            ("train", 12000.0),
            ("deploy", 2500.0)
        ]
    );

    assert_eq!(
        task(&s, "kickoff").progress,
        done(Some(date(2026, 3, 2)), date(2026, 3, 2))
    );
    assert_eq!(
        task(&s, "collect").progress,
        done(Some(date(2026, 3, 2)), date(2026, 3, 13))
    );
    assert_eq!(
        task(&s, "guide").progress,
        Some(Progress {
            actual_start: Some(date(2026, 3, 3)),
            actual_finish: None,
            remaining_days: Some(1.0),
        })
    );
    assert_eq!(s.tasks.iter().filter(|t| t.progress.is_some()).count(), 3);
    assert_eq!(s.start, date(2026, 3, 2));
    assert_eq!(s.status_date, Some(date(2026, 3, 16)));
    assert_eq!(
        task(&s, "model-ready").constraints,
        [Constraint::FinishNoLaterThan(date(2026, 5, 29))]
    );
    assert_eq!(
        task(&s, "deploy").constraints,
        [Constraint::StartNoEarlierThan(date(2026, 6, 1))]
    );
    assert_eq!(
        task(&s, "launch").constraints,
        [Constraint::FinishNoLaterThan(date(2026, 6, 19))]
    );
    assert_eq!(
        s.tasks.iter().map(|t| t.constraints.len()).sum::<usize>(),
        3
    );
    assert_eq!(task(&s, "label").summary, ["Data", "Labelling"]);
    assert_eq!(task(&s, "pm").summary, ["Management"]);
    let collect = &task(&s, "collect").fields;
    assert_eq!(collect.keys().collect::<Vec<_>>(), ["confidence", "notes"]);
    assert!(
        collect["notes"].starts_with("Two sources:")
            && collect["notes"].ends_with("the public set")
    );
    assert_eq!(
        task(&s, "label").fields["notes"],
        "vendor quote, 0.90 per image"
    );
    assert_eq!(task(&s, "train").fields["notes"], "checkpoint every 2h");
    assert!(s.not_carried.is_empty());
}

#[test]
fn every_value_of_the_jira_sample_arrives() {
    let s = read("jira/dl-board-all-fields.csv", date(2026, 3, 23));
    // Three epics and one story with sub-tasks are groups, not tasks.
    assert_eq!(
        ids(&s),
        [
            "DL-4", "DL-6", "DL-7", "DL-8", "DL-9", "DL-10", "DL-11", "DL-12", "DL-13", "DL-14"
        ]
    );
    assert_eq!(task(&s, "DL-12").name, "Label batch 1 (10k images)");
    let days: Vec<f64> = s.tasks.iter().map(|t| t.duration_days).collect();
    // Seconds / 3600 / 8, and story points (DL-6, DL-7) at one day each.
    assert_eq!(days, [10.0, 3.0, 5.0, 5.0, 8.0, 3.0, 4.0, 6.0, 6.0, 2.0]);
    let summary = |id| task(&s, id).summary.join(" > ");
    assert_eq!(summary("DL-4"), "Data pipeline");
    assert_eq!(summary("DL-6"), "Data pipeline");
    assert_eq!(summary("DL-12"), "Data pipeline > Label training images");
    assert_eq!(summary("DL-13"), "Data pipeline > Label training images");
    for id in ["DL-7", "DL-8", "DL-9", "DL-10"] {
        assert_eq!(summary(id), "Model development");
    }
    assert_eq!(
        summary("DL-11"),
        "Deployment",
        "by `Parent`, the epic's issue id"
    );
    assert_eq!(summary("DL-14"), "Deployment");

    // Given as outward on one issue and inward on the other, in repeated columns; links to
    // the story with sub-tasks stand for its sub-tasks.
    let mut got = links(&s);
    got.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut want = vec![
        fs("DL-4", "DL-12"),
        fs("DL-4", "DL-13"),
        fs("DL-4", "DL-6"),
        fs("DL-6", "DL-12"),
        fs("DL-6", "DL-13"),
        fs("DL-12", "DL-7"),
        fs("DL-13", "DL-7"),
        fs("DL-7", "DL-8"),
        fs("DL-8", "DL-9"),
        fs("DL-9", "DL-10"),
        fs("DL-10", "DL-11"),
        fs("DL-12", "DL-13"),
        fs("DL-11", "DL-14"),
    ];
    want.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    assert_eq!(got, want, "each link once");

    assert_eq!(
        task(&s, "DL-4").progress,
        done(Some(date(2026, 3, 2)), date(2026, 3, 13))
    );
    assert_eq!(task(&s, "DL-6").progress, done(None, date(2026, 3, 6)));
    assert_eq!(
        task(&s, "DL-12").progress,
        Some(Progress {
            actual_start: Some(date(2026, 3, 16)),
            actual_finish: None,
            remaining_days: Some(2.0),
        })
    );
    assert_eq!(s.tasks.iter().filter(|t| t.progress.is_some()).count(), 3);
    assert_eq!(
        (s.start, s.status_date),
        (date(2026, 3, 2), Some(date(2026, 3, 23)))
    );
    assert_eq!(
        task(&s, "DL-9").constraints,
        [Constraint::FinishNoLaterThan(date(2026, 5, 15))]
    );
    assert_eq!(
        task(&s, "DL-11").constraints,
        [Constraint::FinishNoLaterThan(date(2026, 5, 29))]
    );
    assert_eq!(
        s.tasks.iter().map(|t| t.constraints.len()).sum::<usize>(),
        2
    );

    assert_eq!(
        assigned(&s),
        [
            ("DL-4", "Priya Shah", 1.0),
            ("DL-6", "Tom Berger", 1.0),
            ("DL-7", "Tom Berger", 1.0),
            ("DL-9", "Tom Berger", 1.0),
            ("DL-10", "Priya Shah", 1.0),
            ("DL-11", "Sam Okafor", 1.0),
            ("DL-12", "Labelling Vendor", 1.0),
            ("DL-13", "Labelling Vendor", 1.0),
            ("DL-14", "Sam Okafor", 1.0),
        ]
    );
    let people: Vec<&str> = s.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        people,
        ["Priya Shah", "Tom Berger", "Sam Okafor", "Labelling Vendor"]
    );
    assert!(
        s.resources
            .iter()
            .all(|r| r.capacity.is_none() && r.rate_per_day.is_none())
    );

    let f = &task(&s, "DL-8").fields;
    assert_eq!(f["Risk level"], "high");
    assert_eq!(f["Labels"], "training, gpu");
    assert_eq!(f["Priority"], "Low");
    assert_eq!(f["Project key"], "DL");
    assert!(!f.contains_key("Original estimate") && !f.contains_key("Σ Original Estimate"));
    assert!(task(&s, "DL-4").fields["Description"].contains("held-out set"));
    assert_eq!(task(&s, "DL-4").fields["Sprint"], "DL Sprint 1");

    let not_carried: BTreeMap<&str, usize> = s
        .not_carried
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        not_carried,
        BTreeMap::from([
            ("Jira `Blocks` links to issues not in the export", 1),
            ("Jira `Relates` links", 2),
            (
                "Jira issues with sub-tasks (read as groups: their own estimate, assignee and status)",
                1
            ),
            ("Jira work log entries", 2),
        ])
    );
}

#[test]
fn story_points_take_the_days_per_point() {
    let file = Source::read(&fixture("jira/dl-board-all-fields.csv")).unwrap();
    let s = jira::parse(
        &file,
        &ReadOptions {
            start: Some(date(2026, 3, 23)),
            points_days: 0.5,
            hours_per_day: 6.0,
        },
    )
    .unwrap();
    assert_eq!(task(&s, "DL-6").duration_days, 1.5);
    assert_eq!(task(&s, "DL-7").duration_days, 2.5);
    assert!((task(&s, "DL-4").duration_days - 80.0 / 6.0).abs() < 1e-12);
}

#[test]
fn every_value_of_the_asana_sample_arrives() {
    let s = read("asana/dl-project-export.csv", date(2026, 3, 2));
    let id = |n: u32| format!("12098765432100{n:02}");
    let expected: Vec<String> = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(id).to_vec();
    assert_eq!(ids(&s), expected);
    assert_eq!(task(&s, &id(6)).name, "Train baseline, ResNet-50");
    let days: Vec<f64> = s.tasks.iter().map(|t| t.duration_days).collect();
    assert_eq!(
        days,
        [10.0, 3.0, 5.0, 1.0, 5.0, 4.0, 8.0, 3.0, 4.0, 2.0, 1.0]
    );
    let summary = |n| task(&s, &id(n)).summary.join(" > ");
    assert_eq!(summary(1), "Data");
    assert_eq!(summary(2), "Data");
    assert_eq!(summary(4), "Data > Label training images");
    assert_eq!(summary(5), "Data > Label training images");
    for n in 6..=9 {
        assert_eq!(summary(n), "Modelling");
    }
    for n in 10..=12 {
        assert_eq!(summary(n), "Deployment");
    }

    let pairs: Vec<(String, String)> = [
        (1, 2),
        (1, 4),
        (1, 5),
        (2, 4),
        (2, 5),
        (4, 6),
        (5, 6),
        (4, 5),
        (6, 7),
        (7, 8),
        (8, 9),
        (9, 10),
        (10, 11),
        (10, 12),
        (11, 12),
    ]
    .map(|(a, b)| (id(a), id(b)))
    .to_vec();
    let got: Vec<(String, String)> = s
        .links
        .iter()
        .map(|l| (l.predecessor.clone(), l.successor.clone()))
        .collect();
    assert_eq!(got, pairs);
    assert!(
        s.links
            .iter()
            .all(|l| l.kind == LinkKind::FS && l.lag_days == 0.0)
    );

    assert_eq!(
        task(&s, &id(1)).progress,
        done(Some(date(2026, 3, 2)), date(2026, 3, 13))
    );
    assert_eq!(
        task(&s, &id(2)).progress,
        done(Some(date(2026, 3, 4)), date(2026, 3, 6))
    );
    assert_eq!(s.tasks.iter().filter(|t| t.progress.is_some()).count(), 2);
    assert_eq!(
        (s.start, s.status_date),
        (date(2026, 3, 2), Some(date(2026, 3, 13)))
    );
    let stored = |a, b| {
        Some(StoredDates {
            start: a,
            finish: b,
        })
    };
    assert_eq!(
        task(&s, &id(1)).stored,
        stored(date(2026, 3, 2), date(2026, 3, 13))
    );
    assert_eq!(
        task(&s, &id(2)).stored,
        stored(date(2026, 3, 4), date(2026, 3, 6))
    );
    assert_eq!(
        task(&s, &id(4)).stored,
        stored(date(2026, 3, 16), date(2026, 3, 20))
    );
    assert_eq!(
        task(&s, &id(9)).stored,
        stored(date(2026, 5, 18), date(2026, 5, 20))
    );
    assert_eq!(s.tasks.iter().filter(|t| t.stored.is_some()).count(), 4);
    let deadline = |d| vec![Constraint::FinishNoLaterThan(d)];
    assert_eq!(task(&s, &id(5)).constraints, deadline(date(2026, 3, 27)));
    assert_eq!(task(&s, &id(8)).constraints, deadline(date(2026, 5, 15)));
    assert_eq!(task(&s, &id(12)).constraints, deadline(date(2026, 6, 5)));
    assert_eq!(
        s.tasks.iter().map(|t| t.constraints.len()).sum::<usize>(),
        3
    );

    let who: Vec<(String, &str)> = s
        .assignments
        .iter()
        .map(|a| (a.task.clone(), a.resource.as_str()))
        .collect();
    let want: Vec<(String, &str)> = [
        (1, "Priya Shah"),
        (2, "Tom Berger"),
        (4, "Labelling Vendor"),
        (5, "Labelling Vendor"),
        (6, "Tom Berger"),
        (8, "Tom Berger"),
        (9, "Priya Shah"),
        (10, "Sam Okafor"),
        (11, "Sam Okafor"),
    ]
    .map(|(n, p)| (id(n), p))
    .to_vec();
    assert_eq!(who, want);
    assert!(s.assignments.iter().all(|a| a.units == 1.0));

    let f = &task(&s, &id(1)).fields;
    assert_eq!(
        f.keys().collect::<Vec<_>>(),
        [
            "Created At",
            "Last Modified",
            "Notes",
            "Priority",
            "Projects",
            "Risk",
            "Tags"
        ]
    );
    assert_eq!(f["Tags"], "data,vision");
    assert_eq!(f["Risk"], "medium");
    assert!(f["Notes"].contains("held-out set"));

    let not_carried: BTreeMap<&str, usize> = s
        .not_carried
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        not_carried,
        BTreeMap::from([
            ("Asana dependencies on tasks not in the export", 1),
            (
                "Asana tasks with subtasks (read as groups: their own dates, estimate and assignee)",
                1
            ),
        ])
    );
}
