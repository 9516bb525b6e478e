//! The command line: every kind of bad input gets one clear line on stderr (naming
//! the task and the fix), exit code 2, no panic and no output file; and the success paths
//! (summary, JSON to a file and to stdout, CSV, reproducibility across thread counts, `check`).

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

const HEADER: &str = "[project]\nname = \"t\"\nstart = 2027-01-04\n";

/// A scratch directory holding `test.toml`; commands run inside it.
struct Test {
    dir: tempfile::TempDir,
}

impl Test {
    fn new(scenario: &str) -> Test {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(dir.path().join("test.toml"), scenario).expect("write the scenario");
        Test { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn riskplan(&self, args: &[&str]) -> Output {
        Command::cargo_bin("riskplan")
            .expect("the binary is built")
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .expect("the binary runs")
    }

    /// The names in the directory other than the scenario.
    fn leftovers(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "test.toml")
            .collect();
        names.sort();
        names
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 output")
}

/// Asserts a failed command's shape: exit code 2, one line on stderr that starts with
/// `error: ` and contains every word, no panic, nothing on stdout. Returns the line.
fn assert_bad(o: &Output, words: &[&str], what: &str) -> String {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{what}: panicked: {err}");
    assert_eq!(o.status.code(), Some(2), "{what}: exit code; stderr: {err}");
    assert_eq!(err.lines().count(), 1, "{what}: one line on stderr: {err}");
    assert!(err.starts_with("error: "), "{what}: {err}");
    for w in words {
        assert!(err.contains(w), "{what}: `{err}` should contain `{w}`");
    }
    assert!(
        !err.contains("?;"),
        "{what}: a suggestion ends its sentence: {err}"
    );
    assert!(o.stdout.is_empty(), "{what}: stdout: {}", stdout(o));
    err.trim_end().to_string()
}

/// A scenario that must be refused: by `check` and by `run` with `--json` and `--csv`, with
/// the same message, and without leaving any file behind.
fn bad_scenario(scenario: &str, words: &[&str]) -> String {
    let t = Test::new(scenario);
    let checked = assert_bad(&t.riskplan(&["check", "test.toml"]), words, scenario);
    let ran = assert_bad(
        &t.riskplan(&[
            "run",
            "test.toml",
            "-n",
            "100",
            "--json",
            "out.json",
            "--csv",
            "csv",
        ]),
        words,
        scenario,
    );
    assert_eq!(checked, ran);
    assert_eq!(t.leftovers(), Vec::<String>::new(), "{scenario}");
    checked
}

/// Run options that must be refused (the scenario is valid), leaving no file behind.
fn bad_options(args: &[&str], words: &[&str]) -> String {
    let t = Test::new(&good_scenario());
    let mut all = vec!["run", "test.toml", "--json", "out.json", "--csv", "csv"];
    all.extend(args);
    let line = assert_bad(&t.riskplan(&all), words, &args.join(" "));
    assert_eq!(t.leftovers(), Vec::<String>::new(), "{args:?}");
    line
}

/// A task with an estimate, as TOML.
fn task(id: &str, deps: &[&str], estimate: &str) -> String {
    let deps: Vec<String> = deps.iter().map(|d| format!("\"{d}\"")).collect();
    format!(
        "\n[[tasks]]\nid = \"{id}\"\ndepends_on = [{}]\nestimate = {estimate}\n",
        deps.join(", ")
    )
}

/// A small valid plan with people, compute, a milestone, a deadline and a budget.
fn good_scenario() -> String {
    format!(
        "{HEADER}deadline = 2027-03-01\nbudget = 30000\n
[[people]]
role = \"engineer\"
count = 2
rate_per_day = 600

[[instances]]
type = \"gpu\"
on_demand_per_hour = 3.0

[[tasks]]
id = \"design\"
estimate = {{ min = 2, likely = 4, max = 9, dist = \"pert\" }}
people = {{ engineer = 1 }}
milestone = \"mvp\"

[[tasks]]
id = \"build\"
depends_on = [\"design\"]
estimate = {{ likely = 10, risk = \"high\" }}
people = {{ engineer = 2 }}
milestone = \"mvp\"

[[tasks]]
id = \"train\"
depends_on = [\"design\"]
compute = {{ instance = \"gpu\", count = 2, hours = {{ likely = 72, risk = \"medium\" }} }}

[[tasks]]
id = \"ship\"
depends_on = [\"build\", \"train\"]
estimate = {{ min = 1, likely = 2, max = 4, dist = \"triangular\" }}
people = {{ engineer = 0.5 }}
cost = 1500
"
    )
}

// ---------------------------------------------------------------------------------------
// Bad input.

#[test]
fn malformed_toml_gives_file_line_and_column() {
    // An unterminated string on line 2.
    bad_scenario(
        "[project]\nname = \"t\nstart = 2027-01-04\n",
        &["test.toml:2:10:"],
    );
    // A missing comma inside a task's estimate, line 7.
    bad_scenario(
        &format!("{HEADER}\n[[tasks]]\nid = \"a\"\nestimate = {{ min = 1, likely = 2 max = 3 }}\n"),
        &["test.toml:7:38:", "expected `,`"],
    );
    // A misspelt field: the message lists the right ones.
    bad_scenario(
        &format!("{HEADER}\n[[tasks]]\nid = \"a\"\nestimte = 3\n"),
        &[
            "test.toml:7:1:",
            "task `a`: unknown key `estimte`; did you mean `estimate`?",
        ],
    );
}

#[test]
fn an_unknown_dependency_suggests_the_near_name() {
    let s = format!(
        "{HEADER}{}{}",
        task("features", &[], "3"),
        task("launch", &["featurs"], "2")
    );
    bad_scenario(
        &s,
        &[
            "test.toml:12:",
            "task `launch` depends on unknown task `featurs`; did you mean `features`?",
        ],
    );
    // No near name: no suggestion.
    let s = format!("{HEADER}{}", task("launch", &["zebra"], "2"));
    let line = bad_scenario(&s, &["task `launch` depends on unknown task `zebra`"]);
    assert!(!line.contains("did you mean"), "{line}");
}

#[test]
fn a_dependency_cycle_names_every_task_on_it_and_no_other() {
    // start -> x -> y -> z -> x, z -> end: the cycle is x, y, z.
    let s = format!(
        "{HEADER}{}{}{}{}{}",
        task("start", &[], "1"),
        task("x", &["start", "z"], "1"),
        task("y", &["x"], "1"),
        task("z", &["y"], "1"),
        task("end", &["z"], "1"),
    );
    let line = bad_scenario(
        &s,
        &[
            "dependency cycle: `x` -> `y` -> `z` -> `x`",
            "remove one of these dependencies",
        ],
    );
    assert!(
        !line.contains("`start`") && !line.contains("`end`"),
        "{line}"
    );
}

#[test]
fn duplicate_ids_name_both_lines() {
    let s = format!("{HEADER}{}{}", task("a", &[], "1"), task("a", &[], "2"));
    bad_scenario(
        &s,
        &[
            "test.toml:11:",
            "duplicate task id `a` (first defined on line 6)",
            "give each task its own id",
        ],
    );
}

#[test]
fn estimates_out_of_order_are_refused() {
    for (min, likely, max) in [(9, 5, 3), (3, 9, 5), (6, 4, 9)] {
        let s = format!(
            "{HEADER}{}",
            task(
                "prep",
                &[],
                &format!("{{ min = {min}, likely = {likely}, max = {max}, dist = \"pert\" }}")
            )
        );
        bad_scenario(
            &s,
            &[
                "task `prep`",
                "min <= likely <= max",
                &format!("min = {min}, likely = {likely}, max = {max}"),
                "reorder",
            ],
        );
    }
}

#[test]
fn negative_numbers_are_refused() {
    bad_scenario(
        &format!("{HEADER}{}", task("prep", &[], "-3")),
        &["task `prep`", "must not be negative (got -3)"],
    );
    bad_scenario(
        &format!(
            "{HEADER}{}",
            task("prep", &[], "{ min = -1, likely = 2, max = 3 }")
        ),
        &["task `prep`", "`min` must not be negative"],
    );
    bad_scenario(
        &format!(
            "{HEADER}\n[[people]]\nrole = \"engineer\"\nrate_per_day = -500\n{}",
            task("prep", &[], "3")
        ),
        &[
            "role `engineer`",
            "`rate_per_day`",
            "zero or more (got -500)",
        ],
    );
    bad_scenario(
        &format!(
            "{HEADER}\n[[people]]\nrole = \"engineer\"\nrate_per_day = 500\n{}people = {{ engineer = -1 }}\n",
            task("prep", &[], "3")
        ),
        &[
            "task `prep`",
            "allocation of `engineer`",
            "more than zero (got -1)",
        ],
    );
    bad_scenario(
        &format!("{HEADER}{}cost = -100\n", task("prep", &[], "3")),
        &["task `prep`", "cost", "must not be negative (got -100)"],
    );
    bad_scenario(
        &format!(
            "{HEADER}\n[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\n\n[[tasks]]\nid = \"train\"\ncompute = {{ instance = \"gpu\", count = -2, hours = 10 }}\n"
        ),
        &[
            "task `train`",
            "`compute.count` is -2",
            "a whole number from 1 to 100,000",
        ],
    );
    bad_scenario(
        &format!(
            "{HEADER}\n[[instances]]\ntype = \"gpu\"\non_demand_per_hour = 3\n\n[[tasks]]\nid = \"train\"\ncompute = {{ instance = \"gpu\", hours = -10 }}\n"
        ),
        &["task `train`", "hours", "must not be negative (got -10)"],
    );
    bad_scenario(
        &format!("{HEADER}budget = -1\n{}", task("prep", &[], "3")),
        &["test.toml:4:", "`budget` must be zero or more (got -1)"],
    );
}

#[test]
fn non_finite_numbers_are_refused() {
    bad_scenario(
        &format!("{HEADER}{}", task("prep", &[], "nan")),
        &["task `prep`", "must be a finite number, not NaN"],
    );
    bad_scenario(
        &format!(
            "{HEADER}{}",
            task("prep", &[], "{ min = 1, likely = inf, max = 5 }")
        ),
        &["task `prep`", "`likely` must be a finite number, not inf"],
    );
    bad_scenario(
        &format!(
            "{HEADER}{}",
            task("prep", &[], "{ likely = -inf, risk = \"high\" }")
        ),
        &["task `prep`", "`likely` must be a finite number, not -inf"],
    );
    bad_scenario(
        &format!(
            "{HEADER}\n[[people]]\nrole = \"engineer\"\nrate_per_day = inf\n{}",
            task("prep", &[], "3")
        ),
        &["role `engineer`", "must be a finite number, not inf"],
    );
    bad_scenario(
        &format!("{HEADER}budget = nan\n{}", task("prep", &[], "3")),
        &["`budget` must be a finite number, not NaN"],
    );
    bad_scenario(
        &format!(
            "{HEADER}{}\n[[tasks]]\nid = \"b\"\ndepends_on = [{{ task = \"prep\", lag = nan }}]\nestimate = 1\n",
            task("prep", &[], "3")
        ),
        &["`prep` to `b`", "lag", "finite number"],
    );
}

#[test]
fn an_unknown_risk_level_lists_the_levels() {
    let s = format!(
        "{HEADER}{}",
        task("prep", &[], "{ likely = 3, risk = \"hihg\" }")
    );
    bad_scenario(
        &s,
        &[
            "test.toml:8:",
            "task `prep`: unknown risk level `hihg`",
            "use one of high, low, medium, very_high",
            "did you mean `high`?",
        ],
    );
}

#[test]
fn a_task_that_needs_more_people_than_the_team_has_is_refused() {
    let s = format!(
        "{HEADER}\n[[people]]\nrole = \"engineer\"\ncount = 2\nrate_per_day = 500\n{}people = {{ engineer = 2.5 }}\n",
        task("prep", &[], "3")
    );
    let line = bad_scenario(
        &s,
        &[
            "task `prep` needs 2.5 of role `engineer`, but the team has 2",
            "lower the allocation or raise the count",
        ],
    );
    assert!(line.contains("test.toml:"), "{line}");
    // As many as there are is fine.
    let ok = Test::new(&s.replace("engineer = 2.5", "engineer = 2"));
    assert_eq!(ok.riskplan(&["check", "test.toml"]).status.code(), Some(0));
}

#[test]
fn an_unknown_role_or_instance_type_says_where_to_declare_it() {
    let s = format!(
        "{HEADER}\n[[people]]\nrole = \"engineer\"\nrate_per_day = 500\n{}people = {{ enginer = 1 }}\n",
        task("prep", &[], "3")
    );
    bad_scenario(
        &s,
        &[
            "task `prep` needs unknown role `enginer`",
            "declare it in [[people]]",
            "did you mean `engineer`?",
        ],
    );
    let s = format!(
        "{HEADER}\n[[instances]]\ntype = \"p3.2xlarge\"\non_demand_per_hour = 3.06\n\n[[tasks]]\nid = \"train\"\ncompute = {{ instance = \"p3.2xlarg\", hours = 10 }}\n"
    );
    bad_scenario(
        &s,
        &[
            "task `train` uses unknown instance type `p3.2xlarg`",
            "declare it in [[instances]]",
            "did you mean `p3.2xlarge`?",
        ],
    );
}

#[test]
fn a_task_depending_on_itself_is_refused() {
    let s = format!("{HEADER}{}", task("prep", &["prep"], "3"));
    bad_scenario(
        &s,
        &[
            "test.toml:7:",
            "task `prep` depends on itself; remove `prep` from its depends_on",
        ],
    );
}

#[test]
fn zero_iterations_are_refused() {
    bad_options(&["--iterations", "0"], &["--iterations must be at least 1"]);
    bad_options(&["-n", "0"], &["--iterations must be at least 1"]);
}

#[test]
fn a_confidence_outside_zero_one_is_refused() {
    for c in ["0", "1", "1.5", "nan", "inf"] {
        bad_options(
            &["--confidence", c],
            &["--confidence must be between 0 and 1, e.g. 0.8"],
        );
    }
    bad_options(
        &["--confidence=-0.2"],
        &["--confidence must be between 0 and 1", "(got -0.2)"],
    );
    // In the scenario.
    for c in ["0.0", "1.0", "80"] {
        bad_scenario(
            &format!("{HEADER}confidence = {c}\n{}", task("prep", &[], "3")),
            &[
                "test.toml:4:",
                "`confidence` must be between 0 and 1, e.g. 0.8",
            ],
        );
    }
}

#[test]
fn unwritable_outputs_are_refused_before_the_run() {
    let t = Test::new(&good_scenario());
    let o = t.riskplan(&[
        "run",
        "test.toml",
        "--json",
        "missing/out.json",
        "--csv",
        "csv",
    ]);
    assert_bad(
        &o,
        &["--json", "`missing` does not exist"],
        "missing folder",
    );
    assert_eq!(t.leftovers(), Vec::<String>::new());
    std::fs::write(t.path("taken"), "").unwrap();
    let o = t.riskplan(&["run", "test.toml", "--json", "out.json", "--csv", "taken"]);
    assert_bad(&o, &["--csv", "`taken` is a file"], "csv onto a file");
    assert_eq!(t.leftovers(), ["taken"]);
}

#[test]
fn a_missing_scenario_file_is_bad_input() {
    let t = Test::new("");
    let o = t.riskplan(&["check", "nothere.toml"]);
    assert_bad(&o, &["cannot read `nothere.toml`"], "missing file");
}

// ---------------------------------------------------------------------------------------
// Success.

#[test]
fn run_prints_the_summary() {
    let t = Test::new(&good_scenario());
    let o = t.riskplan(&["run", "test.toml", "-n", "2000", "--seed", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let out = stdout(&o);
    for w in [
        "2000 iterations, seed 3",
        "Deterministic plan",
        "P80",
        "P99",
        "Timeline buffer for P80",
        "Backup reserve for P80",
        "total to ask for:",
        "unit",
        "engineer",
        "gpu",
        "mvp",
    ] {
        assert!(out.contains(w), "the summary should mention `{w}`:\n{out}");
    }
    assert_eq!(t.leftovers(), Vec::<String>::new());
}

fn is_iso_date(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.parse::<jiff::civil::Date>().is_ok() && s.len() == 10)
}

const P_KEYS: [&str; 6] = ["p10", "p50", "p80", "p90", "p95", "p99"];

/// `v` has mean, std and the p-keys, in increasing order.
fn assert_stats(v: &Value, what: &str) {
    assert!(v["mean"].is_f64(), "{what}: mean in {v}");
    assert!(v["std"].as_f64().is_some_and(|s| s >= 0.0), "{what}: std");
    let ps: Vec<f64> = P_KEYS
        .iter()
        .map(|k| {
            v[k].as_f64()
                .unwrap_or_else(|| panic!("{what}: `{k}` in {v}"))
        })
        .collect();
    assert!(ps.windows(2).all(|w| w[0] <= w[1]), "{what}: {ps:?}");
}

fn assert_dates(v: &Value, what: &str) {
    let ds: Vec<&str> = P_KEYS
        .iter()
        .map(|k| {
            assert!(is_iso_date(&v[k]), "{what}: `{k}` in {v}");
            v[k].as_str().unwrap()
        })
        .collect();
    assert!(ds.windows(2).all(|w| w[0] <= w[1]), "{what}: {ds:?}");
}

#[test]
fn json_to_a_file_has_the_documented_field_names() {
    let t = Test::new(&good_scenario());
    let o = t.riskplan(&[
        "run",
        "test.toml",
        "-n",
        "3000",
        "--seed",
        "11",
        "--confidence",
        "0.9",
        "--json",
        "out.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Deterministic plan"),
        "the summary still goes to stdout"
    );
    assert_eq!(t.leftovers(), ["out.json"], "no temporary file is left");
    let j: Value = serde_json::from_slice(&std::fs::read(t.path("out.json")).unwrap()).unwrap();

    assert_eq!(j["iterations"], 3000);
    assert_eq!(j["seed"], 11);
    assert_eq!(j["confidence"], 0.9);
    assert_stats(&j["duration_days"], "duration_days");
    assert_dates(&j["finish_date"], "finish_date");
    assert_stats(&j["cost"], "cost");
    for c in ["people", "compute", "fixed"] {
        assert_stats(&j["cost"]["by_category"][c], c);
    }
    assert_eq!(j["cost"]["by_category"]["fixed"]["mean"], 1500.0);

    let det = &j["deterministic"];
    let det_days = det["duration_days"]
        .as_f64()
        .expect("deterministic duration");
    assert!(is_iso_date(&det["finish_date"]));
    let det_cost = det["cost"].as_f64().expect("deterministic cost");
    for p in ["probability_on_time", "probability_on_budget"] {
        assert!(
            det[p].as_f64().is_some_and(|x| (0.0..=1.0).contains(&x)),
            "{p}"
        );
    }

    // Buffer and reserve at the confidence asked for (P90).
    let buffer = &j["buffer"];
    let p90 = j["duration_days"]["p90"].as_f64().unwrap();
    assert!((buffer["days"].as_f64().unwrap() - (p90 - det_days).max(0.0)).abs() < 1e-9);
    assert!(buffer["sprints"].is_f64());
    assert_eq!(buffer["finish_date"], j["finish_date"]["p90"]);
    let reserve = &j["reserve"];
    let cost90 = j["cost"]["p90"].as_f64().unwrap();
    assert!((reserve["cost"].as_f64().unwrap() - (cost90 - det_cost)).abs() < 1e-6);
    assert!(reserve["person_days"]["engineer"].is_f64());
    assert!(reserve["instance_hours"]["gpu"].is_f64());

    let tasks = j["tasks"].as_array().expect("tasks");
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 4);
    for id in ["design", "build", "train", "ship"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    for t in tasks {
        let c = t["criticality"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
        assert_stats(&t["duration_days"], t["id"].as_str().unwrap());
    }
    // `design` and `ship` are on every path.
    let crit = |id: &str| {
        tasks.iter().find(|t| t["id"] == id).unwrap()["criticality"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(crit("design"), 1.0);
    assert_eq!(crit("ship"), 1.0);

    let ms = j["milestones"].as_array().expect("milestones");
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0]["id"], "mvp");
    assert_stats(&ms[0]["duration_days"], "milestone");
    assert_dates(&ms[0]["finish_date"], "milestone");

    assert_eq!(j["deadline"]["date"], "2027-03-01");
    assert!(
        j["deadline"]["probability"]
            .as_f64()
            .is_some_and(|p| (0.0..=1.0).contains(&p))
    );
    assert_eq!(j["budget"]["amount"], 30000.0);
    assert!(
        j["budget"]["probability"]
            .as_f64()
            .is_some_and(|p| (0.0..=1.0).contains(&p))
    );
}

#[test]
fn json_to_stdout_is_the_same_json_and_nothing_else() {
    let t = Test::new(&good_scenario());
    let args = ["run", "test.toml", "-n", "1000", "--seed", "5"];
    let to_file = t.riskplan(&[&args[..], &["--json", "out.json"]].concat());
    assert_eq!(to_file.status.code(), Some(0));
    let to_stdout = t.riskplan(&[&args[..], &["--json", "-"]].concat());
    assert_eq!(to_stdout.status.code(), Some(0), "{}", stderr(&to_stdout));
    let file = std::fs::read(t.path("out.json")).unwrap();
    assert_eq!(to_stdout.stdout, file, "stdout holds exactly the JSON");
    let j: Value = serde_json::from_slice(&to_stdout.stdout).expect("valid JSON");
    assert_eq!(j["iterations"], 1000);
    assert_eq!(t.leftovers(), ["out.json"], "`-` is not a file name");
}

#[test]
fn csv_writes_its_tables() {
    let t = Test::new(&good_scenario());
    let o = t.riskplan(&["run", "test.toml", "-n", "1000", "--csv", "out/tables"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = t.path("out/tables");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for want in ["summary.csv", "tasks.csv", "milestones.csv", "figures.csv"] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".csv") && !n.starts_with('.')),
        "no temporary files: {names:?}"
    );
    let read = |name: &str| -> Vec<Vec<String>> {
        let mut r = csv::Reader::from_path(dir.join(name)).unwrap();
        let mut rows = vec![r.headers().unwrap().iter().map(String::from).collect()];
        for rec in r.records() {
            rows.push(rec.unwrap().iter().map(String::from).collect());
        }
        rows
    };
    let summary = read("summary.csv");
    assert_eq!(
        summary[0][..4],
        ["figure", "mean", "std", "p10"].map(String::from)
    );
    assert!(summary.iter().any(|r| r[0] == "duration_days"));
    // Every table is rectangular (the reader refuses rows longer than the header).
    for name in &names {
        let rows = read(name);
        assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{name}");
    }
    let tasks = read("tasks.csv");
    assert_eq!(tasks.len(), 1 + 4, "a header and one row per task");
    let col = |name: &str| tasks[0].iter().position(|c| c == name).unwrap();
    let (id, crit) = (col("id"), col("criticality"));
    let design = tasks.iter().find(|r| r[id] == "design").unwrap();
    assert_eq!(design[crit], "1", "`design` is on every path");
    for id in ["design", "build", "train", "ship"] {
        assert!(tasks.iter().any(|r| r.iter().any(|c| c == id)), "{id}");
    }
    let milestones = read("milestones.csv");
    assert!(
        milestones
            .iter()
            .skip(1)
            .any(|r| r.iter().any(|c| c == "mvp"))
    );
}

/// A plan of 40 tasks in a layered network, big enough that iterations spread over threads.
fn wide_scenario() -> String {
    let mut s = format!("{HEADER}\n[[people]]\nrole = \"dev\"\nrate_per_day = 400\n");
    for i in 0..40 {
        let deps: Vec<String> = if i < 5 {
            vec![]
        } else {
            // Two tasks of the previous layer of five.
            let layer = (i / 5 - 1) * 5;
            vec![
                format!("t{}", layer + i % 5),
                format!("t{}", layer + (i % 5 + 1) % 5),
            ]
        };
        let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
        let est = match i % 3 {
            0 => format!(
                "{{ min = {}, likely = {}, max = {}, dist = \"pert\" }}",
                1,
                2 + i % 4,
                8 + i % 5
            ),
            1 => format!("{{ likely = {}, risk = \"very_high\" }}", 1 + i % 6),
            _ => format!(
                "{{ min = 1, likely = 3, max = {}, dist = \"triangular\" }}",
                5 + i % 7
            ),
        };
        s += &task(&format!("t{i}"), &deps, &est);
        s += "people = { dev = 1 }\n";
    }
    s
}

#[test]
fn the_same_seed_gives_byte_identical_json_on_one_and_two_threads() {
    let t = Test::new(&wide_scenario());
    let run = |threads: &str, seed: &str| {
        let o = t.riskplan(&[
            "run",
            "test.toml",
            "-n",
            "20000",
            "--seed",
            seed,
            "--threads",
            threads,
            "--json",
            "-",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        o.stdout
    };
    let one = run("1", "17");
    let two = run("2", "17");
    assert!(one == two, "--threads 1 and --threads 2 differ");
    // The comparison can tell runs apart: another seed gives other numbers.
    assert!(run("2", "18") != one);
}

#[test]
fn check_prints_the_critical_path() {
    // a (2) and b (7) both feed c (3): the critical path is b -> c, 10 days.
    let s = format!(
        "{HEADER}calendar = \"continuous\"\n{}{}{}\n[[tasks]]\nid = \"done\"\ndepends_on = [\"c\"]\nestimate = 0\nmilestone = \"release\"\n",
        task("a", &[], "2"),
        task("b", &[], "{ likely = 7, risk = \"high\" }"),
        task("c", &["a", "b"], "3"),
    );
    let t = Test::new(&s);
    let o = t.riskplan(&["check", "test.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("the plan is valid"), "{out}");
    assert!(
        out.contains("4 tasks, 1 milestone, 0 roles, 0 instance types; starts 2027-01-04 (continuous calendar)"),
        "{out}"
    );
    assert!(
        out.contains("Deterministic plan: 10.0 days, finishing 2027-01-13"),
        "{out}"
    );
    let path: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Critical path:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(path, ["b", "c", "done"], "{out}");
    // The zero-duration milestone task starts and finishes on the same day.
    let done = out
        .lines()
        .find(|l| l.trim_start().starts_with("done"))
        .unwrap();
    assert!(done.contains("2027-01-13 -> 2027-01-13"), "{done}");
    assert!(
        out.contains("release                      2027-01-13 (1 task)"),
        "{out}"
    );
    assert_eq!(t.leftovers(), Vec::<String>::new());
}

#[test]
fn check_starts_working_day_tasks_on_a_working_day() {
    // `a` works Monday 4th to Friday 8th (5 working days); the compute job `train` runs on the
    // continuous calendar on Saturday 9th; `b` follows on Monday 11th, not on Sunday 10th.
    let s = format!(
        "{HEADER}
[[people]]
role = \"eng\"
rate_per_day = 500

[[instances]]
type = \"gpu\"
on_demand_per_hour = 3.0
{}people = {{ eng = 1 }}

[[tasks]]
id = \"train\"
depends_on = [\"a\"]
compute = {{ instance = \"gpu\", count = 1, hours = 24 }}
milestone = \"m\"
{}people = {{ eng = 1 }}
milestone = \"m\"
",
        task("a", &[], "5"),
        task("b", &["train"], "5"),
    );
    let t = Test::new(&s);
    let o = t.riskplan(&["check", "test.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "3 tasks, 1 milestone, 1 role, 1 instance type; starts 2027-01-04 (workdays calendar)"
        ),
        "{out}"
    );
    assert!(
        out.contains("m                            2027-01-15 (2 tasks)"),
        "{out}"
    );
    let line = |id: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("`{id}` on the critical path:\n{out}"))
            .to_string()
    };
    let a = line("a");
    assert!(a.contains("5.0 working days"), "{a}");
    assert!(a.contains("2027-01-04 -> 2027-01-08"), "{a}");
    let b = line("b");
    assert!(b.contains("5.0 working days"), "{b}");
    assert!(b.contains("2027-01-11 -> 2027-01-15"), "{b}");
    let train = line("train");
    assert!(train.contains("1.0 calendar days"), "{train}");
    assert!(train.contains("2027-01-09 -> 2027-01-09"), "{train}");
}

#[test]
fn work_that_would_run_past_year_9999_is_refused_with_the_limit() {
    // A far lognormal tail, and absurdly long work: refused, rather than dated 9999-12-31.
    for (estimate, words) in [
        (
            "{ p10 = 1, p90 = 1000000, dist = \"lognormal\" }",
            "in its longest draws (one in a billion), beyond the limit of 2,958,464 days",
        ),
        (
            "10000000",
            "is 10,000,000 days, beyond the limit of 2,958,464 days",
        ),
        ("1e308", "is 1e308 days, beyond the limit of 2,958,464 days"),
    ] {
        bad_scenario(
            &format!("{HEADER}{}", task("a", &[], estimate)),
            &["task `a`", words],
        );
    }
}

#[test]
fn a_lognormal_with_a_huge_mean_and_sd_is_refused_not_turned_into_one_day() {
    // mean * mean overflowed: every draw was NaN, which the calendar read as one day. Such a
    // mean is now beyond the limit (the sampler's own test keeps the arithmetic exact).
    bad_scenario(
        &format!(
            "{HEADER}calendar = \"continuous\"\n{}",
            task(
                "a",
                &[],
                "{ mean = 1e300, sd = 1e300, dist = \"lognormal\" }"
            )
        ),
        &["task `a`: duration `mean` is 1e300 days, beyond the limit"],
    );
}

#[test]
fn an_extreme_confidence_is_labelled_as_given() {
    let t = Test::new(&good_scenario());
    for (c, label) in [("0.999999", "P99.9999"), ("0.000001", "P0.0001")] {
        let o = t.riskplan(&["run", "test.toml", "-n", "50", "-q", "--confidence", c]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains(&format!("Timeline buffer for {label}:")),
            "{out}"
        );
        assert!(!out.contains("P100") && !out.contains("P0.0:"), "{out}");
    }
}

#[test]
fn max_iterations_bounds_only_precision_runs() {
    // A plain run may use more iterations than `--max-iterations` (default 2,000,000), which
    // only bounds `--precision`; with it, the bound must still be at least `-n`.
    let t = Test::new(&good_scenario());
    let o = t.riskplan(&[
        "run",
        "test.toml",
        "-n",
        "40",
        "--max-iterations",
        "20",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("40 iterations"), "{}", stdout(&o));
    bad_options(
        &["-n", "40", "--max-iterations", "20", "--precision", "0.5"],
        &["--max-iterations must be between --iterations (40)"],
    );
}

#[test]
fn csv_to_standard_output_and_absurd_thread_counts_are_refused() {
    let t = Test::new(&good_scenario());
    let o = t.riskplan(&["run", "test.toml", "-q", "--csv", "-"]);
    assert_bad(&o, &["--csv", "directory", "--json -"], "--csv -");
    assert!(t.leftovers().is_empty(), "{:?}", t.leftovers());
    bad_options(
        &["--threads", "10000"],
        &["--threads 10000", "1024", "every core"],
    );
    // The limit itself is accepted.
    let o = t.riskplan(&[
        "run",
        "test.toml",
        "-q",
        "-n",
        "100",
        "--threads",
        "1024",
        "--json",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}
