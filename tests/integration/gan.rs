//! GanttProject `.gan` import: every task and link of the GanttProject house-building sample
//! (nested tasks and the links of summary tasks included), its calendar, resources and
//! allocations; the command line on it with a closed-form critical path; the four link kinds,
//! lags, costs and calendar of a small hand-written plan; clear errors (file, line, task; exit
//! code 2) on malformed files, and the cycle error on circular links.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jiff::civil::{Weekday, date};
use riskplan::import::schedule::{Constraint, LinkKind, Schedule};
use riskplan::import::{self, gan};
use riskplan::scenario::Source;

use crate::common::shared_data;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gan")
        .join(name)
}

fn house() -> Option<Schedule> {
    let path = shared_data("schedules/house-building.gan", "the GanttProject sample")?;
    Some(gan::parse(&Source::read(&path).unwrap()).unwrap())
}

fn links(s: &Schedule) -> BTreeSet<(String, String)> {
    s.links
        .iter()
        .map(|l| (l.predecessor.clone(), l.successor.clone()))
        .collect()
}

/// The tasks (not summaries) inside each summary task of the sample.
fn inside(id: &str) -> Vec<&str> {
    match id {
        "0" => vec!["9", "10", "17"],
        "11" => vec!["12", "13", "14"],
        "7" => vec!["1", "2", "4", "5", "16", "18"],
        "8" => vec!["6", "15", "20"],
        leaf => vec![leaf],
    }
}

#[test]
fn every_task_and_all_17_links_of_the_house_building_sample_arrive() {
    let Some(s) = house() else { return };
    // 20 tasks in the file, 4 of them summaries.
    assert_eq!(s.tasks.len(), 16);
    assert_eq!(s.tasks.iter().filter(|t| t.milestone).count(), 4);
    assert!(
        s.tasks
            .iter()
            .all(|t| !["0", "11", "7", "8"].contains(&t.id.as_str()))
    );
    assert_eq!(s.start, date(2024, 5, 27));
    let pre_design = s.tasks.iter().find(|t| t.id == "12").unwrap();
    assert_eq!(pre_design.name, "Pre-design");
    assert_eq!(pre_design.duration_days, 5.0);
    assert_eq!(pre_design.summary, ["Interior design"]);
    assert!(
        s.tasks
            .iter()
            .find(|t| t.id == "49")
            .unwrap()
            .summary
            .is_empty()
    );

    // The file's 17 <depend> links, all finish-to-start without lag; 3 start from or end at a
    // summary task and stand for one link per task inside it.
    let file_links = [
        ("9", "10"),
        ("9", "12"),
        ("10", "17"),
        ("17", "1"),
        ("11", "6"),
        ("12", "13"),
        ("12", "14"),
        ("7", "20"),
        ("1", "2"),
        ("2", "4"),
        ("4", "5"),
        ("5", "18"),
        ("18", "6"),
        ("18", "16"),
        ("6", "15"),
        ("15", "20"),
        ("49", "0"),
    ];
    let mut expected = BTreeSet::new();
    for (p, q) in file_links {
        for a in inside(p) {
            for b in inside(q) {
                expected.insert((a.to_string(), b.to_string()));
            }
        }
    }
    assert_eq!(expected.len(), 14 + 3 + 6 + 3);
    assert_eq!(links(&s), expected);
    assert_eq!(s.links.len(), expected.len(), "no link twice");
    assert!(
        s.links
            .iter()
            .all(|l| l.kind == LinkKind::FS && l.lag_days == 0.0)
    );
    // The nested tasks' own links, which a reader of the top level alone would lose.
    for l in [("12", "13"), ("18", "16"), ("15", "20")] {
        assert!(expected.contains(&(l.0.into(), l.1.into())));
    }
}

#[test]
fn the_calendar_resources_and_allocations_of_the_sample_arrive() {
    let Some(s) = house() else { return };
    let cal = &s.calendars[0];
    assert_eq!(s.default_calendar, cal.name);
    assert_eq!(
        cal.workweek,
        [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday
        ]
    );
    assert_eq!(cal.exceptions.len(), 1);
    assert_eq!(cal.exceptions[0].first, date(2006, 2, 14));
    assert!(!cal.exceptions[0].working);

    assert_eq!(s.resources.len(), 7);
    let john = s.resources.iter().find(|r| r.name == "John Black").unwrap();
    assert_eq!(john.rate_per_day, Some(40.0));
    assert_eq!(john.capacity, Some(1.0));
    let jack = s.resources.iter().find(|r| r.name == "Jack House").unwrap();
    assert_eq!(jack.rate_per_day, None);
    assert_eq!(s.assignments.len(), 30);
    let half: Vec<_> = s
        .assignments
        .iter()
        .filter(|a| a.units == 0.5)
        .map(|a| (a.task.as_str(), a.resource.as_str()))
        .collect();
    assert_eq!(
        half,
        [
            ("9", "Jack House"),
            ("14", "Jack House"),
            ("12", "Michelangelo"),
            ("14", "Michelangelo")
        ]
    );
    assert!(
        s.assignments
            .iter()
            .all(|a| a.units == 0.5 || a.units == 1.0)
    );
}

fn run_json(path: &Path, extra: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("riskplan")
        .unwrap()
        .args(["run", "-n", "1000", "--json", "-"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_command_line_runs_the_sample() {
    let Some(path) = shared_data("schedules/house-building.gan", "the GanttProject sample") else {
        return;
    };
    let json = run_json(&path, &[]);
    assert_eq!(json["iterations"], 1000);
    assert_eq!(json["start"], "2024-05-27");
    // Critical path with the people ignored: 49 (0) - 9 (10) - 10 (15) - 17 (0) - 1 (15) -
    // 2 (20) - 4 (20) - 5 (10) - 18 (0) - 16 (10) - 20 (0) = 100 working days, Friday
    // 2024-10-11 (GanttProject draws the final milestone on the Monday after).
    let json = run_json(&path, &["--ignore-capacities"]);
    assert_eq!(json["deterministic"]["duration_days"], 100.0);
    assert_eq!(json["duration_days"]["p99"], 100.0);
    assert_eq!(json["finish_date"]["p50"], "2024-10-11");
}

#[test]
fn link_kinds_lags_costs_and_the_calendar_of_a_small_plan() {
    let path = fixture("kinds.gan");
    let s = gan::parse(&Source::read(&path).unwrap()).unwrap();
    assert_eq!(s.name, "Kinds");
    let kinds: Vec<_> = s
        .links
        .iter()
        .map(|l| (l.successor.as_str(), l.kind, l.lag_days))
        .collect();
    assert_eq!(
        kinds,
        [
            ("2", LinkKind::SS, 2.0),
            ("3", LinkKind::FF, 0.0),
            ("4", LinkKind::SF, -1.0)
        ]
    );
    assert!(s.links.iter().all(|l| l.predecessor == "1"));
    let task = |id: &str| s.tasks.iter().find(|t| t.id == id).unwrap();
    assert_eq!(task("1").fixed_cost, Some(1500.0));
    assert_eq!(task("2").fixed_cost, None);
    assert!(task("6").milestone);
    // Undriven tasks keep their dates; the first day of the plan needs no constraint.
    assert_eq!(
        task("5").constraints,
        [Constraint::StartNoEarlierThan(date(2027, 2, 1))]
    );
    assert!(task("1").constraints.is_empty());
    assert!(task("2").constraints.is_empty());
    let cal = &s.calendars[0];
    assert_eq!(
        cal.workweek,
        [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday
        ]
    );
    // Christmas recurs over ten years; one extra working Saturday.
    let holidays: Vec<_> = cal.exceptions.iter().filter(|e| !e.working).collect();
    assert_eq!(holidays.len(), 10);
    assert_eq!(holidays[0].first, date(2027, 12, 25));
    assert_eq!(holidays[9].first, date(2036, 12, 25));
    let extra: Vec<_> = cal.exceptions.iter().filter(|e| e.working).collect();
    assert_eq!(extra.len(), 1);
    assert_eq!(extra[0].first, date(2027, 1, 9));
    assert_eq!(s.assignments[0].resource, "Ann");
    assert_eq!(s.assignments[0].units, 0.5);

    // 1 runs Mon 4 - Thu 7 January (Fridays off); 2 starts 2 working days after 1 starts
    // (Wed 6) and runs 6 working days, the extra working Saturday 9th among them. 5, with no
    // link, is held to its start on Monday 1 February: the plan's 18th working day (four
    // Monday-to-Thursday weeks and the Saturday before it). Cost: 1,500 fixed + 6 days x 0.5 x
    // 200.
    let json = run_json(&path, &[]);
    assert_eq!(json["deterministic"]["duration_days"], 18.0);
    assert_eq!(json["deterministic"]["cost"], 2100.0);
}

/// `riskplan check` on fixture `name`: exit code 2 and stderr.
fn check_fails(name: &str) -> String {
    crate::common::check_fails(&fixture(name))
}

#[test]
fn malformed_files_are_clear_errors_with_the_line_and_the_task() {
    let e = check_fails("truncated.gan");
    assert!(e.contains("truncated.gan:5:"), "{e}");
    assert!(e.contains("not well-formed XML"), "{e}");
    let e = check_fails("truncated-between-tags.gan");
    assert!(
        e.contains("ends inside `<tasks>` (opened on line 3)"),
        "{e}"
    );
    let e = check_fails("unknown-link.gan");
    assert!(e.contains("unknown-link.gan:5:"), "{e}");
    assert!(e.contains("task `1` links to task `99`"), "{e}");
    let e = check_fails("bad-duration.gan");
    assert!(e.contains("bad-duration.gan:5:"), "{e}");
    assert!(e.contains("task `7`") && e.contains("two weeks"), "{e}");
    let e = check_fails("summary-finish.gan");
    assert!(e.contains("summary task `1`"), "{e}");
}

#[test]
fn circular_links_reach_the_cycle_error() {
    let e = check_fails("cycle.gan");
    assert!(e.contains("dependency cycle: `1` -> `2` -> `1`"), "{e}");
    let loaded = import::load(&fixture("cycle.gan")).unwrap();
    assert_eq!(loaded.schedule.unwrap().links.len(), 2);
}

#[test]
fn summary_links_become_one_link_per_task_inside_once_each() {
    let s = gan::parse(&Source::read(&fixture("summary-links.gan")).unwrap()).unwrap();
    let got: Vec<_> = s
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
    // 1 -> 3 and 2 -> 3 are the same link once the summary 1 is its one task 2; a start-start
    // link to the summary 4 ties the start of each task inside.
    assert_eq!(
        got,
        [
            ("2", "3", LinkKind::FS, 0.0),
            ("3", "5", LinkKind::SS, 1.0),
            ("3", "6", LinkKind::SS, 1.0)
        ]
    );
    assert_eq!(s.tasks.len(), 4);
    assert_eq!(
        s.tasks.iter().find(|t| t.id == "6").unwrap().summary,
        ["Second phase"]
    );
    // Two resources of one name are told apart by their ids.
    let ids: Vec<_> = s.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["Sam #0", "Sam #1"]);
    let assigned: Vec<_> = s.assignments.iter().map(|a| a.resource.as_str()).collect();
    assert_eq!(assigned, ["Sam #0", "Sam #1"]);

    let e = check_fails("summary-allocation.gan");
    assert!(e.contains("summary-allocation.gan:12:"), "{e}");
    assert!(e.contains("allocated to summary task `1`"), "{e}");
}

#[test]
fn every_truncation_of_the_sample_is_an_error_never_a_panic() {
    let Some(path) = shared_data("schedules/house-building.gan", "the GanttProject sample") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let whole = text.trim_end().len();
    for cut in (0..whole).step_by(37).filter(|&c| text.is_char_boundary(c)) {
        let source = Source {
            path: PathBuf::from("cut.gan"),
            text: text[..cut].to_string(),
        };
        assert!(
            gan::parse(&source).is_err(),
            "a file cut at byte {cut} parsed"
        );
    }
    let source = Source {
        path: PathBuf::from("whole.gan"),
        text: text[..whole].to_string(),
    };
    assert!(gan::parse(&source).is_ok());
}

#[test]
fn shards_of_a_gan_plan_merge_to_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("kinds.gan"), dir.path().join("kinds.gan")).unwrap();
    let riskplan = |args: &[&str]| {
        let out = Command::cargo_bin("riskplan")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let run = ["run", "-q", "-n", "900", "--seed", "3"];
    riskplan(&[&run[..], &["--json", "single.json", "kinds.gan"]].concat());
    riskplan(&[&run[..], &["--shard", "1/2", "--out", "s1", "kinds.gan"]].concat());
    riskplan(&[&run[..], &["--shard", "2/2", "--out", "s2", "kinds.gan"]].concat());
    riskplan(&["merge", "s1", "s2", "--json", "merged.json"]);
    let single = std::fs::read(dir.path().join("single.json")).unwrap();
    let merged = std::fs::read(dir.path().join("merged.json")).unwrap();
    assert!(
        single == merged,
        "the merged JSON differs from the single run's"
    );
}
