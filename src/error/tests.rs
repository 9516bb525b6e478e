//! Each variant built from data gives the message the user reads; a program reads the data.

use std::path::Path;

use super::*;
use crate::scenario::Source;

fn at(line: usize, column: usize) -> Option<Location> {
    Some(Location {
        file: "plan.toml".into(),
        line,
        column,
    })
}

fn unknown(what: Kind, name: &str, by: Option<Referrer>, suggestion: Option<&str>) -> Error {
    Error::Unknown {
        location: None,
        what,
        name: name.into(),
        by: by.map(Box::new),
        suggestion: suggestion.map(str::to_string),
    }
}

#[test]
fn an_unknown_name_says_who_names_it_and_the_closest_name() {
    let e = unknown(
        Kind::Task,
        "featurs",
        Some(Referrer::Task("train".into())),
        Some("features"),
    )
    .located(at(12, 14).unwrap());
    assert_eq!(
        e.to_string(),
        "plan.toml:12:14: task `train` depends on unknown task `featurs`; did you mean `features`?"
    );
    let cases = [
        (
            unknown(
                Kind::InstanceType,
                "p4",
                Some(Referrer::Task("t".into())),
                None,
            ),
            "task `t` uses unknown instance type `p4`; declare it in [[instances]]",
        ),
        (
            unknown(
                Kind::Role,
                "dv",
                Some(Referrer::Task("t".into())),
                Some("dev"),
            ),
            "task `t` needs unknown role `dv`; declare it in [[people]]; did you mean `dev`?",
        ),
        (
            unknown(
                Kind::InstanceType,
                "p4",
                Some(Referrer::Plan {
                    plan: "spot".into(),
                    task: Some("t".into()),
                }),
                Some("p5"),
            ),
            "plan `spot` gives task `t` unknown instance type `p4`; did you mean `p5`?",
        ),
        (
            unknown(
                Kind::Task,
                "x",
                Some(Referrer::Plan {
                    plan: "spot".into(),
                    task: None,
                }),
                None,
            ),
            "plan `spot` names unknown task `x`",
        ),
        (
            unknown(
                Kind::Task,
                "x",
                Some(Referrer::LevelOfEffort("pm".into())),
                None,
            ),
            "level-of-effort task `pm` names unknown task `x`",
        ),
        (
            unknown(Kind::Task, "x", Some(Referrer::Risk("r".into())), None),
            "risk `r` names unknown task `x`",
        ),
        (
            unknown(Kind::Task, "x", Some(Referrer::Correlation), None),
            "a correlation names unknown task `x`",
        ),
        (
            unknown(
                Kind::Task,
                "b",
                Some(Referrer::Link {
                    predecessor: "a".into(),
                }),
                None,
            ),
            "a link from `a` names unknown task `b`",
        ),
        (
            unknown(Kind::Task, "t", Some(Referrer::Resource("R1".into())), None),
            "resource `R1` is assigned to unknown task `t`",
        ),
        (
            unknown(Kind::Resource, "R9", Some(Referrer::Task("t".into())), None),
            "task `t` is assigned unknown resource `R9`",
        ),
        (
            unknown(
                Kind::Calendar,
                "night",
                Some(Referrer::Task("t".into())),
                None,
            ),
            "task `t` names unknown calendar `night`",
        ),
        (
            unknown(Kind::Milestone, "m", None, Some("m1")),
            "unknown milestone `m`; did you mean `m1`?",
        ),
    ];
    for (e, want) in cases {
        assert_eq!(e.to_string(), want);
        assert!(e.is_bad_input());
    }
}

#[test]
fn an_unknown_plan_lists_the_plans() {
    let e = Error::UnknownPlan {
        name: "spto".into(),
        plans: vec!["on-demand".into(), "spot".into()],
        suggestion: Some("spot".into()),
    };
    assert_eq!(
        e.to_string(),
        "unknown plan `spto`; the scenario's plans are: on-demand, spot; did you mean `spot`?"
    );
    let e = Error::UnknownPlan {
        name: "spot".into(),
        plans: Vec::new(),
        suggestion: None,
    };
    assert_eq!(
        e.to_string(),
        "unknown plan `spot`; the scenario's plans are: (none)"
    );
}

#[test]
fn a_cycle_goes_back_to_its_first_task() {
    let e = Error::Cycle {
        location: at(3, 1),
        tasks: vec!["a".into(), "b".into(), "c".into()],
    };
    assert_eq!(
        e.to_string(),
        "plan.toml:3:1: dependency cycle: `a` -> `b` -> `c` -> `a`; remove one of these dependencies"
    );
}

#[test]
fn an_import_names_the_file_and_holds_the_problem() {
    let e = Error::Import {
        file: "j30/j301_1.sm".into(),
        problem: Box::new(Error::Invalid {
            location: None,
            task: Some("j7".into()),
            message: "task `j7`: bad".into(),
        }),
    };
    assert_eq!(e.to_string(), "j30/j301_1.sm: task `j7`: bad");
    assert!(e.is_bad_input());
    assert!(matches!(
        e.problem(),
        Error::Invalid { task: Some(t), .. } if t == "j7"
    ));
    // An error placed in an import's source is wrapped, never given a line.
    let placed = Source::imported(Path::new("x.sm")).place(
        0..0,
        Error::Cycle {
            location: None,
            tasks: vec!["j1".into(), "j2".into()],
        },
    );
    assert_eq!(
        placed.to_string(),
        "x.sm: dependency cycle: `j1` -> `j2` -> `j1`; remove one of these dependencies"
    );
}

#[test]
fn only_a_failed_write_is_not_bad_input() {
    let write = Error::Write {
        path: "out.json".into(),
        source: std::io::Error::other("disk full"),
    };
    assert!(!write.is_bad_input());
    let invalid = Error::Invalid {
        location: at(1, 1),
        task: None,
        message: "bad".into(),
    };
    assert!(invalid.is_bad_input());
    assert!(Error::Options("--threads must be at least 1".into()).is_bad_input());
}

#[test]
fn a_program_reads_the_unknown_name_and_the_suggestion() {
    let source = Source {
        path: "plan.toml".into(),
        text: r#"
[project]
name = "typo"
start = 2027-01-04

[[tasks]]
id = "features"
estimate = 3

[[tasks]]
id = "train"
depends_on = ["featurs"]
estimate = 2
"#
        .into(),
    };
    let scenario = crate::scenario::parse(&source).unwrap();
    let e = crate::model::compile(&scenario, &source).unwrap_err();
    let Error::Unknown {
        location: Some(location),
        what,
        name,
        by,
        suggestion,
    } = &e
    else {
        panic!("expected an unknown name: {e:?}");
    };
    assert_eq!((location.line, what), (12, &Kind::Task));
    assert_eq!(name, "featurs");
    assert_eq!(by.as_deref(), Some(&Referrer::Task("train".into())));
    assert_eq!(suggestion.as_deref(), Some("features"));
    assert!(
        e.to_string()
            .ends_with("task `train` depends on unknown task `featurs`; did you mean `features`?")
    );
}

#[test]
fn a_program_reads_the_task_of_an_invalid_value() {
    let source = Source {
        path: "plan.toml".into(),
        text: "[project]\nname = \"x\"\nstart = 2027-01-04\n\n[[tasks]]\nid = \"a\"\n".into(),
    };
    let scenario = crate::scenario::parse(&source).unwrap();
    let e = crate::model::compile(&scenario, &source).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid { task: Some(t), .. } if t == "a"),
        "{e:?}"
    );
}
