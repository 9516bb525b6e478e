//! Each variant built from data gives the message the user reads; a program reads the data.

use std::path::{Path, PathBuf};

use super::*;
use crate::engine::MergeError;
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
fn shard_files_that_do_not_belong_together_are_named() {
    let (a, b) = (PathBuf::from("s1.shard"), PathBuf::from("s2.shard"));
    let cases = [
        (
            Error::ShardVersion {
                path: a.clone(),
                written_by: "0.1.0".into(),
                this: "0.2.0".into(),
            },
            "`s1.shard` was written by riskplan 0.1.0, and this is riskplan 0.2.0; merge with the version that wrote the shards",
        ),
        (
            Error::ShardMismatch {
                file: b.clone(),
                other: a.clone(),
                field: "seed".into(),
                got: "2".into(),
                want: "1".into(),
            },
            "`s2.shard` and `s1.shard` are shards of different runs: seed is 2 in the one and 1 in the other",
        ),
        (
            Error::ShardCount {
                file: b.clone(),
                shards: 3,
                other: a.clone(),
                other_shards: 4,
            },
            "`s2.shard` is a shard of 3 and `s1.shard` a shard of 4: shards of one run share N",
        ),
        (
            Error::ShardsIncomplete {
                shards: 4,
                missing: vec![3],
                duplicated: Vec::new(),
            },
            "cannot merge: shard 3 of 4 is missing; give every shard of the run once",
        ),
        (
            Error::ShardsIncomplete {
                shards: 4,
                missing: vec![3, 4],
                duplicated: vec![(1, vec![a.clone(), b.clone()])],
            },
            "cannot merge: shard 1 of 4 is given 2 times (`s1.shard`, `s2.shard`); shards 3, 4 of 4 are missing; give every shard of the run once",
        ),
        (
            Error::ShardIterations {
                path: a.clone(),
                shard: 2,
                shards: 4,
                holds: 0..10,
                want: 25..50,
            },
            "`s1.shard` claims to be shard 2 of 4 but holds iterations 0..10 instead of 25..50",
        ),
        (
            Error::BadShard {
                path: a.clone(),
                why: ShardProblem::FormatVersion { found: 9, reads: 1 },
            },
            "`s1.shard` is not a usable riskplan shard file: it has format version 9, and this riskplan reads version 1; merge with the riskplan that wrote it",
        ),
        (
            Error::BadShard {
                path: a.clone(),
                why: ShardProblem::Checksum,
            },
            "`s1.shard` is not a usable riskplan shard file: it is truncated or damaged (its checksum does not match)",
        ),
        (
            Error::ShardsDoNotFit(MergeError::Sampling),
            "the shards do not fit together: the outcomes come from different sampling methods",
        ),
        (
            Error::TooManyShards {
                shards: 8,
                iterations: 5,
            },
            "8 shards need at least 8 iterations (got -n 5)",
        ),
    ];
    for (e, want) in cases {
        assert_eq!(e.to_string(), want);
        assert!(e.is_bad_input(), "{e}");
    }
}

#[test]
fn a_bad_shard_option_says_what_was_given() {
    let usage = "--shard takes K/N with 1 <= K <= N (e.g. 3/8), or `auto` inside a Slurm array job";
    let cases = [
        (
            ShardSpec::Unreadable { text: "3".into() },
            format!("{usage}; got `3`"),
        ),
        (
            ShardSpec::OutOfRange {
                shard: 5,
                shards: 4,
                from_slurm: false,
            },
            format!("{usage}; got shard 5 of 4"),
        ),
        (
            ShardSpec::OutOfRange {
                shard: 9,
                shards: 4,
                from_slurm: true,
            },
            format!(
                "{usage}; got shard 9 of 4 from the Slurm variables (with --array=A-B every index must be one of the array's, e.g. no step)"
            ),
        ),
        (
            ShardSpec::MissingVariable {
                name: "SLURM_ARRAY_TASK_ID".into(),
            },
            "--shard auto needs `SLURM_ARRAY_TASK_ID`, which Slurm sets in an array job (sbatch --array=1-8); outside Slurm give --shard K/N".into(),
        ),
        (
            ShardSpec::NotANumber {
                name: "SLURM_ARRAY_TASK_MIN".into(),
                value: "x".into(),
            },
            "--shard auto: `SLURM_ARRAY_TASK_MIN` is `x`, not a whole number".into(),
        ),
        (
            ShardSpec::BelowMinimum { id: 0, min: 1 },
            "--shard auto: SLURM_ARRAY_TASK_ID (0) is below SLURM_ARRAY_TASK_MIN (1)".into(),
        ),
    ];
    for (spec, want) in cases {
        let e = Error::ShardSpec(spec);
        assert_eq!(e.to_string(), want);
        assert!(e.is_bad_input());
    }
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

#[test]
fn a_program_reads_the_line_of_a_bad_capacity() {
    let source = Source {
        path: "plan.toml".into(),
        text: "[project]\nname = \"x\"\nstart = 2027-01-04\n\n[[people]]\nrole = \"dev\"\ncount = 0\nrate_per_day = 1\n\n[[tasks]]\nid = \"a\"\nestimate = 1\n"
            .into(),
    };
    let scenario = crate::scenario::parse(&source).unwrap();
    let e = crate::model::compile(&scenario, &source).unwrap_err();
    assert!(e.is_bad_input());
    let Error::Invalid {
        location: Some(location),
        task: None,
        message,
    } = &e
    else {
        panic!("expected an invalid value on a line: {e:?}");
    };
    assert_eq!((location.line, location.column), (7, 9));
    assert!(message.starts_with("role `dev` has count 0; "), "{message}");
}
