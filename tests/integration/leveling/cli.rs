//! `--ignore-capacities` on the command line: the plain network schedule of the same
//! iterations, and the levelled report's unconstrained figures bit for bit.

use assert_cmd::Command;
use serde_json::Value;

/// `riskplan run scenarios/dl-project.toml` with `args`: its JSON report.
fn run_json(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let json = dir.path().join("report.json");
    let o = Command::cargo_bin("riskplan")
        .expect("the binary is built")
        .args(["run", "scenarios/dl-project.toml", "-q", "--json"])
        .arg(&json)
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&std::fs::read_to_string(&json).expect("the report")).expect("JSON")
}

#[test]
fn ignore_capacities_on_the_command_line_gives_the_unconstrained_finish_of_the_same_seed() {
    let common = ["-n", "3000", "--seed", "4", "--threads", "2"];
    let levelled = run_json(&common);
    let mut args = common.to_vec();
    args.push("--ignore-capacities");
    let free = run_json(&args);
    assert_eq!(levelled["resource_constrained"], true);
    assert!(levelled["unconstrained"].is_object());
    assert_eq!(free["resource_constrained"], false);
    assert!(free["unconstrained"].is_null());
    // The same iterations with capacities dropped: the same numbers, bit for bit.
    assert_eq!(
        free["duration_days"],
        levelled["unconstrained"]["duration_days"]
    );
    assert_eq!(
        free["finish_date"],
        levelled["unconstrained"]["finish_date"]
    );
    // The levelled plan is later, here by more than a month.
    let det = |r: &Value| r["deterministic"]["duration_days"].as_f64().unwrap();
    assert!(
        det(&levelled) >= det(&free) + 20.0,
        "{} {}",
        det(&levelled),
        det(&free)
    );
    let p80 = |r: &Value| r["duration_days"]["p80"].as_f64().unwrap();
    assert!(p80(&levelled) > p80(&free));
    // The resources are still reported, without a what-if.
    let resources = free["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 6);
    assert!(
        resources
            .iter()
            .all(|r| r["p80_days_saved_with_one_more"].is_null())
    );
}
