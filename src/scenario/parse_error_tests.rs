//! The parser's errors name the key, what it expects, what it got and the fix; the key table
//! agrees with the serde types key for key.

use super::*;
use crate::scenario::{keys, parse};

fn source(text: &str) -> Source {
    Source {
        path: "plan.toml".into(),
        text: text.into(),
    }
}

fn parse_err(text: &str) -> Error {
    match parse(&source(text)) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

const HEAD: &str = "[project]\nname = \"t\"\nstart = 2027-01-04\n\n";

#[test]
fn a_value_of_the_wrong_kind_names_its_key_its_entry_and_the_fix() {
    let cases = [
        (
            "[[tasks]]\nid = \"prep\"\nestimate = 5\n\n[[tasks]]\nid = \"train\"\nestimate = { min = 5, likely = \"650\", max = 900 }\n",
            "plan.toml:11:32: task `train`: `estimate.likely` must be a number of days, not the text \"650\"; write the number without quotes: likely = 650",
        ),
        (
            "[[tasks]]\nid = \"a\"\nestimate = \"8\"\n",
            "plan.toml:7:12: task `a`: `estimate` must be a number of days or an estimate table such as { min = 5, likely = 8, max = 20 }, not the text \"8\"; write the number without quotes: estimate = 8",
        ),
        (
            "[[tasks]]\nid = \"a\"\ncompute = { instance = \"gpu\", count = 2.5, hours = 3 }\n",
            "plan.toml:7:39: task `a`: `compute.count` must be a whole number of instances, not the number 2.5; write a whole number, e.g. count = 2",
        ),
        (
            "[[tasks]]\nid = \"a\"\nestimate = 1\nstart_no_earlier_than = 5\n",
            "plan.toml:8:25: task `a`: `start_no_earlier_than` must be a date YYYY-MM-DD, not the number 5; for example: start_no_earlier_than = 2027-01-04",
        ),
        (
            "[[tasks]]\nid = 7\nestimate = 1\n",
            "plan.toml:6:6: the [[tasks]] entry 1: `id` must be a task id in quotes, not the number 7; put it in quotes: id = \"7\"",
        ),
        (
            "[[people]]\nrole = \"dev\"\nrate_per_day = 600\npaid = true\n",
            "plan.toml:8:8: role `dev`: `paid` must be one of `assigned`, `throughout`, not `true`; write one in quotes, e.g. paid = \"assigned\"",
        ),
        (
            "[[risks]]\nid = \"r\"\nprobability = 0.3\ntasks = \"a\"\n",
            "plan.toml:8:9: risk `r`: `tasks` must be a list of task ids, not the text \"a\"; write it as a list: tasks = [\"a\"]",
        ),
        (
            "[[tasks]]\nid = \"a\"\nestimate = 1\ndepends_on = [{ task = \"b\", lag = \"2\" }]\n",
            "plan.toml:8:35: task `a`: `depends_on[0].lag` must be a number of days, not the text \"2\"; write the number without quotes: lag = 2",
        ),
        (
            "[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\n\n[[tasks]]\nid = \"a\"\ncompute = { instance = \"gpu\", hours = 3, checkpoint_every_hours = \"often\" }\n",
            "plan.toml:11:67: task `a`: `compute.checkpoint_every_hours` must be a number of hours or \"auto\", not the text \"often\"; for example: checkpoint_every_hours = \"auto\"",
        ),
    ];
    for (body, want) in cases {
        let e = parse_err(&format!("{HEAD}{body}"));
        assert!(matches!(e, Error::Key { .. }), "{e:?}");
        assert!(e.is_bad_input());
        assert_eq!(e.to_string(), want);
    }
    // The project's own keys, and a date in a list.
    let e =
        parse_err("[project]\nname = \"t\"\nstart = 2027-01-04\nresource_constrained = \"yes\"\n");
    assert_eq!(
        e.to_string(),
        "plan.toml:4:24: [project]: `resource_constrained` must be true or false, not the text \"yes\"; write resource_constrained = true or resource_constrained = false"
    );
    let e = parse_err(
        "[project]\nname = \"t\"\nstart = 2027-01-04\nholidays = [2027-01-18, 20270215]\n",
    );
    assert_eq!(
        e.to_string(),
        "plan.toml:4:25: [project]: `holidays[1]` must be a date YYYY-MM-DD, not the number 20270215; for example: 2027-01-04"
    );
}

#[test]
fn an_unknown_key_gets_the_closest_key_of_its_place_or_the_list_of_them() {
    let e = parse_err(&format!("{HEAD}[[tasks]]\nid = \"a\"\nestimte = 3\n"));
    assert_eq!(
        e.to_string(),
        "plan.toml:7:1: task `a`: unknown key `estimte`; did you mean `estimate`?"
    );
    let Error::Key { problem, .. } = &e else {
        panic!("{e:?}")
    };
    let KeyProblem::Unknown { keys, .. } = problem.as_ref() else {
        panic!("{e:?}")
    };
    assert!(keys.contains(&"depends_on".to_string()), "{keys:?}");
    // Inside an estimate: the estimate's fields, not the task's.
    let e = parse_err(&format!(
        "{HEAD}[[tasks]]\nid = \"a\"\nestimate = {{ min = 1, likley = 2, max = 3 }}\n"
    ));
    assert_eq!(
        e.to_string(),
        "plan.toml:7:23: task `a`: unknown key `estimate.likley`; did you mean `estimate.likely`?"
    );
    // Nothing close: the keys of the place.
    let e = parse_err(&format!(
        "{HEAD}[[milestones]]\nid = \"m\"\nowner = \"x\"\n"
    ));
    assert_eq!(
        e.to_string(),
        "plan.toml:7:1: milestone `m`: unknown key `owner`; the keys allowed here are `id`, `name`, `deadline`; remove it or correct its spelling"
    );
    // A table the format does not have.
    let e = parse_err(&format!("{HEAD}[[task]]\nid = \"a\"\n"));
    assert_eq!(
        e.to_string(),
        "plan.toml:5:3: unknown key `task`; did you mean `tasks`?"
    );
}

#[test]
fn a_choice_out_of_its_words_names_them_and_the_closest() {
    let e = parse_err("[project]\nname = \"t\"\nstart = 2027-01-04\ncalendar = \"weekdays\"\n");
    assert_eq!(
        e.to_string(),
        "plan.toml:4:12: [project]: `calendar` must be one of `workdays`, `continuous`, not \"weekdays\"; did you mean `workdays`?"
    );
}

#[test]
fn a_missing_key_points_at_its_entry_and_shows_a_line_to_add() {
    let e = parse_err(&format!(
        "{HEAD}[[tasks]]\nid = \"a\"\nestimate = 1\n\n[[tasks]]\nestimate = 2\n"
    ));
    assert_eq!(
        e.to_string(),
        "plan.toml:9:1: the [[tasks]] entry 2 has no `id`, a task id in quotes; add it, e.g. id = \"train\""
    );
    let e = parse_err(&format!(
        "{HEAD}[[tasks]]\nid = \"a\"\ncompute = {{ instance = \"gpu\" }}\n"
    ));
    assert_eq!(
        e.to_string(),
        "plan.toml:7:11: task `a`: `compute` has no `hours`, a number of hours or an estimate table such as { min = 5, likely = 8, max = 20 }; add it, e.g. hours = { min = 5, likely = 8, max = 20 }"
    );
    let e = parse_err("[[tasks]]\nid = \"a\"\nestimate = 1\n");
    assert!(
        e.to_string().contains("the scenario has no `project`"),
        "{e}"
    );
}

#[test]
fn a_milestone_error_points_at_the_line_of_the_mistake() {
    let e = parse_err(&format!(
        "{HEAD}[[milestones]]\nid = \"mvp\"\ndeadline = 20270501\n\n[[tasks]]\nid = \"a\"\nestimate = 1\nmilestone = \"mvp\"\n"
    ));
    assert!(
        e.to_string()
            .starts_with("plan.toml:7:12: milestone `mvp`: `deadline` must be a date YYYY-MM-DD"),
        "{e}"
    );
    let e = parse_err(&format!(
        "{HEAD}[[tasks]]\nid = \"a\"\nestimate = 1\nmilestone = [\"mvp\"]\n"
    ));
    assert!(
        e.to_string()
            .starts_with("plan.toml:8:13: task `a`: `milestone` must be a milestone id in quotes"),
        "{e}"
    );
}

#[test]
fn text_that_is_not_toml_keeps_the_parsers_message() {
    let e = parse_err("[project]\nname = \"t\nstart = 2027-01-04\n");
    assert!(matches!(e, Error::Syntax { .. }), "{e:?}");
    assert!(e.to_string().starts_with("plan.toml:2:"), "{e}");
}

/// `key = value` nested inline along `path` (a key table path): `a = [{ b = { c = V } }]`.
fn assign(path: &[&str], value: &str) -> String {
    let (first, rest) = path.split_first().expect("a key");
    let inner = if rest.is_empty() {
        value.to_string()
    } else {
        format!("{{ {} }}", assign(rest, value))
    };
    let name = first.trim_end_matches("[]").replace('*', "x");
    if first.ends_with("[]") {
        format!("{name} = [{inner}]")
    } else {
        format!("{name} = {inner}")
    }
}

/// A value of the wrong kind for `shape`.
fn wrong(shape: &Shape) -> &'static str {
    match shape {
        Shape::Text { .. } | Shape::Dependency => "5",
        Shape::Date | Shape::HoursOrAuto => "true",
        _ => "\"zz\"",
    }
}

#[test]
fn every_key_of_the_table_is_a_key_of_the_parser_and_refuses_the_wrong_kind() {
    for (path, shape) in keys::all() {
        let segments: Vec<&str> = path.split('.').collect();
        let text = assign(&segments, wrong(&shape));
        let e = parse_err(&text);
        let Error::Key { key, problem, .. } = &e else {
            panic!("{path}: {e:?}");
        };
        let leaf = segments
            .last()
            .unwrap()
            .trim_end_matches("[]")
            .replace('*', "x");
        assert!(key.contains(&leaf) || key.is_empty(), "{path}: {e}");
        match (shape, problem.as_ref()) {
            (Shape::Choice(_), KeyProblem::Choice { .. }) => {}
            (_, KeyProblem::WrongType { expected, .. }) => {
                assert_eq!(*expected, shape.words(), "{path}: {e}")
            }
            _ => panic!("{path}: {e:?}"),
        }
    }
}

#[test]
fn every_key_the_parser_allows_is_in_the_table() {
    let all: Vec<&str> = keys::all().map(|(p, _)| p).collect();
    // Tables with fixed keys: those the table lists keys under, except maps of chosen names.
    let mut tables: Vec<&str> = vec![""];
    for p in &all {
        let open = all.iter().any(|q| q.starts_with(&format!("{p}.*")));
        if all.iter().any(|q| q.starts_with(&format!("{p}.")) && !open) {
            tables.push(p);
        }
    }
    for table in tables {
        let mut segments: Vec<&str> = table.split('.').filter(|s| !s.is_empty()).collect();
        segments.push("zz_unknown");
        let e = parse_err(&assign(&segments, "1"));
        let Error::Key { problem, .. } = &e else {
            panic!("{table}: {e:?}");
        };
        let KeyProblem::Unknown { keys: allowed, .. } = problem.as_ref() else {
            panic!("{table}: {e:?}");
        };
        for k in allowed {
            let want = if table.is_empty() {
                k.clone()
            } else {
                format!("{table}.{k}")
            };
            assert!(all.contains(&want.as_str()), "the key table lacks `{want}`");
        }
    }
}
