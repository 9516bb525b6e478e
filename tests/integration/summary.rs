//! The summary as a project manager reads it: the target percentile among the others, `--top`
//! on every list, units beside the figures, long names cut to the width, and a padded plan
//! explained in words.

use crate::scratch::{Scratch, stderr, stdout};

/// A plan of three roles' tasks, a milestone with a deadline and three risks, under a budget.
fn plan(name: &str) -> String {
    let mut text = String::from(
        "[project]\nname = \"s\"\nstart = 2027-01-04\ndeadline = 2027-03-01\nbudget = 90000\nsprint_days = 10\n
[[people]]
role = \"dev\"
rate_per_day = 500

[[milestones]]
id = \"beta\"
deadline = 2027-02-15
",
    );
    for i in 0..8 {
        let after = if i > 0 {
            format!("depends_on = [\"t{}\"]\n", i - 1)
        } else {
            String::new()
        };
        let label = if i == 3 {
            format!("name = \"{name}\"\n")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "\n[[tasks]]\nid = \"t{i}\"\n{label}{after}estimate = {{ min = {}, likely = {}, max = {} }}\npeople = {{ dev = 1 }}\nmilestone = \"beta\"\n",
            2 + i,
            4 + i,
            9 + 2 * i
        ));
    }
    for (i, p) in [0.2, 0.3, 0.4, 0.5].iter().enumerate() {
        text.push_str(&format!(
            "\n[[risks]]\nid = \"r{i}\"\nprobability = {p}\ntasks = [\"t{i}\"]\ndelay = {}\n",
            i + 1
        ));
    }
    text
}

fn summary(t: &Scratch, args: &[&str]) -> String {
    let mut all = vec!["run", "test.toml", "-q", "-n", "2000"];
    all.extend_from_slice(args);
    let o = t.run(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// The lines of the section that starts with `title`, up to the next blank line.
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| !l.starts_with(title))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_target_percentile_has_its_row_in_the_delivery_and_cost_tables() {
    let t = Scratch::new(&plan("t3"));
    let out = summary(&t, &["--confidence", "0.7"]);
    for title in ["Delivery", "Cost (USD)"] {
        let rows: Vec<&str> = section(&out, title)
            .iter()
            .skip(1)
            .filter_map(|l| l.split("  ").find(|c| !c.is_empty()))
            .map(str::trim)
            .filter(|l| l.starts_with('P'))
            .collect();
        assert_eq!(
            rows,
            ["P10", "P50", "P70 (target)", "P80", "P90", "P95", "P99"],
            "{title}: {out}"
        );
    }
    // At the default P80 the row is marked, not doubled.
    let out = summary(&t, &[]);
    assert!(out.contains("  P80 (target)"), "{out}");
    let tables = [section(&out, "Delivery"), section(&out, "Cost (USD)")].concat();
    let unmarked = tables.iter().filter(|l| {
        let l = l.trim_start();
        l.starts_with("P80 ") && !l.starts_with("P80 (target)")
    });
    assert_eq!(unmarked.count(), 0, "{out}");
    assert!(!out.contains("P70"), "{out}");
}

#[test]
fn top_governs_every_list() {
    let t = Scratch::new(&plan("t3"));
    let out = summary(&t, &["--top", "3"]);
    let drivers = section(&out, "What drives the finish");
    assert_eq!(drivers.len(), 1 + 3 + 1, "{out}");
    assert!(
        drivers[4].contains("more in the JSON and CSV reports"),
        "{out}"
    );
    let risks = section(&out, "Risk events");
    assert_eq!(risks.len(), 1 + 3 + 1, "{out}");
    let tasks = section(&out, "Most critical tasks");
    assert_eq!(tasks.len(), 1 + 3 + 1, "{out}");
    // More than the drivers' old fixed five.
    let out = summary(&t, &["--top", "8"]);
    assert_eq!(
        section(&out, "What drives the finish").len(),
        1 + 8,
        "{out}"
    );
}

#[test]
fn a_long_task_name_keeps_every_line_within_the_width() {
    let long = format!("Retrain {}\\u001b]0;x\\u0007 end", "the model ".repeat(20));
    let t = Scratch::new(&plan(&long));
    let out = summary(&t, &["--top", "20"]);
    for line in out.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} wide: {line}",
            line.chars().count()
        );
    }
    let row = section(&out, "Most critical tasks")
        .into_iter()
        .find(|l| l.trim_start().starts_with("t3 "))
        .expect("the task's row");
    assert!(
        row.contains("Retrain the model") && row.ends_with('…'),
        "{row}"
    );
    // The columns still line up: every row of the table ends its figures in the same place.
    let unit = |l: &str| l.find("working days").expect("the unit");
    let rows = section(&out, "Most critical tasks");
    assert!(rows[1..].iter().all(|l| unit(l) == unit(rows[1])), "{out}");
}

#[test]
fn every_figure_carries_its_unit() {
    let t = Scratch::new(&plan("t3"));
    let out = summary(&t, &[]);
    for words in [
        "mean ",
        " working days, standard deviation ",
        " working days; P80 is known to +-",
        "Backup reserve for P80: ",
        " USD standard error)",
        "  dev: +",
        " person-days",
        "Cost (USD)",
    ] {
        assert!(out.contains(words), "`{words}` missing: {out}");
    }
    let risks = section(&out, "Risk events");
    assert!(
        risks[1..].iter().all(|l| l.contains(" working days")),
        "{out}"
    );
    let milestones = section(&out, "Milestones");
    assert!(milestones[0].contains("(sprint)"), "{out}");
    // The milestone's dates with the sprints they fall in, as the delivery table counts them.
    assert!(
        milestones[1].contains("2027-0") && milestones[1].contains(") "),
        "{out}"
    );
}

#[test]
fn a_padded_plan_is_explained_in_words() {
    // Most likely at the maximum: the plan's dates and costs are already past P80.
    let text = "[project]\nname = \"p\"\nstart = 2027-01-04\n
[[people]]
role = \"dev\"
rate_per_day = 500

[[milestones]]
id = \"m\"

[[tasks]]
id = \"a\"
estimate = { min = 2, likely = 10, max = 10 }
people = { dev = 1 }
milestone = \"m\"
";
    let t = Scratch::new(text);
    let out = summary(&t, &[]).replace("\n  ", " ");
    assert!(
        out.contains("the plan already holds 0.4 working days (0.04 sprints) more than P80 needs: no buffer to add"),
        "{out}"
    );
    assert!(
        out.contains("no money to add: the plan's cost already holds 185 USD more than P80 needs"),
        "{out}"
    );
    assert!(
        out.contains(
            "dev: none to add: the plan already holds 0.4 person-days more than P80 needs"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "m: the plan already holds 0.4 working days more than P80 needs: no buffer to add"
        ),
        "{out}"
    );
    assert!(!out.contains("-0.4"), "{out}");
}

#[test]
fn compare_cuts_long_plan_names_to_the_width() {
    let mut text = crate::scratch::PLAN.replace("spot_per_hour = 2.0", "spot_per_hour = 0.5");
    for i in 0..4 {
        text.push_str(&format!(
            "\n[[plans]]\nname = \"plan {i} {}\"\npurchase = \"{}\"\n",
            "with a very long name ".repeat(3),
            "on-demand"
        ));
    }
    let t = Scratch::new(&text);
    let o = t.run(&["compare", "test.toml", "-q", "-n", "500"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "{line}");
    }
    assert!(out.contains("plan 0 with"), "{out}");
    assert!(out.contains('…'), "{out}");
}

#[test]
fn milestones_show_their_sprints_as_the_delivery_and_the_json_count_them() {
    let t = Scratch::new(&plan("t3"));
    let out = summary(&t, &["--confidence", "0.7"]);
    let o = t.run(&[
        "run",
        "test.toml",
        "-q",
        "-n",
        "2000",
        "--confidence",
        "0.7",
        "--json",
        "-",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let m = &v["milestones"][0];
    // Every task is in `beta`: it finishes with the project, in the same sprints.
    assert_eq!(m["finish_sprint"], v["finish_sprint"], "{m}");
    assert_eq!(v["finish_sprint"]["target"], 8, "{v}");
    let row = section(&out, "Milestones")[1];
    for (date, sprint) in [
        (&m["deterministic_finish_date"], &m["deterministic_sprint"]),
        (&m["finish_date"]["p50"], &m["finish_sprint"]["p50"]),
        (&m["commit_date"], &m["finish_sprint"]["target"]),
    ] {
        let cell = format!("{} ({sprint})", date.as_str().expect("a date"));
        assert!(row.contains(&cell), "{cell} not in {row}");
    }
    let delivery = section(&out, "Delivery");
    let p70 = delivery
        .iter()
        .find(|l| l.contains("P70 (target)"))
        .expect("the target's row");
    assert!(
        p70.ends_with(&format!(" {}", v["finish_sprint"]["target"])),
        "{p70}"
    );
}

#[test]
fn on_a_terminal_the_tables_keep_to_its_width() {
    let t = Scratch::new(&plan(&"A long task name ".repeat(5)));
    let bin = env!("CARGO_BIN_EXE_riskplan");
    let command = format!("stty rows 40 cols 90; {bin} run test.toml -q -n 500");
    let Some(screen) = crate::scratch::in_terminal(t.dir.path(), &command) else {
        return;
    };
    let lines: Vec<&str> = screen.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert!(
        lines.iter().any(|l| l.contains("Most critical tasks")),
        "{screen}"
    );
    for line in &lines {
        assert!(
            line.chars().count() <= 90,
            "{} wide: {line}",
            line.chars().count()
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("A long task") && l.ends_with('…')),
        "{screen}"
    );
}
