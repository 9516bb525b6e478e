//! Bounded resources from the command line: an endless input, a run too large for memory and
//! a Spot run that would never end are each refused at once, with exit code 2 and the limit
//! named. Every command runs under a timeout, so that a regression fails instead of hanging
//! the suite (the timeout is a guard, not the assertion: each must fail with its message).

use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;

/// Far longer than any of these takes when it works (well under a second), far shorter than
/// what each took before its limit existed (minutes, or never ending).
const GUARD: Duration = Duration::from_secs(60);

/// `riskplan ARGS` in `dir`, killed after `GUARD`.
fn riskplan(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::cargo_bin("riskplan")
        .expect("the binary is built")
        .current_dir(dir)
        .args(args)
        .timeout(GUARD)
        .output()
        .expect("the binary runs")
}

/// Asserts exit code 2, no panic, and every word on stderr; returns stderr.
fn refused(o: &Output, words: &[&str]) -> String {
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    for w in words {
        assert!(e.contains(w), "`{w}` missing from: {e}");
    }
    e
}

fn scenario(dir: &std::path::Path, text: &str) {
    std::fs::write(dir.join("test.toml"), text).expect("write the scenario");
}

const PLAN: &str = r#"[project]
name = "t"
start = 2027-01-04

[[tasks]]
id = "a"
estimate = { likely = 5, risk = "medium" }

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = { likely = 3, risk = "high" }
"#;

#[test]
fn an_endless_input_is_refused_at_its_first_block() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["check", "run"] {
        let o = riskplan(dir.path(), &[command, "/dev/zero"]);
        refused(&o, &["/dev/zero", "NUL", "not a text file"]);
    }
}

#[test]
fn a_run_too_large_for_memory_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path(), PLAN);
    // 4e9 iterations of 2 tasks need about 500 GiB: far more than any test machine has.
    let o = riskplan(dir.path(), &["run", "test.toml", "-n", "4000000000", "-q"]);
    let e = refused(
        &o,
        &[
            "this run needs about",
            "GiB of memory",
            "is available",
            "-n",
        ],
    );
    assert!(e.contains("4000000000 iterations of a 2-task plan"), "{e}");
    // Every plan of a comparison counts.
    scenario(
        dir.path(),
        &format!("{PLAN}\n[[plans]]\nname = \"x\"\n\n[[plans]]\nname = \"y\"\n"),
    );
    let o = riskplan(
        dir.path(),
        &["compare", "test.toml", "-n", "2000000000", "-q"],
    );
    refused(
        &o,
        &[
            "this run needs about",
            "2000000000 iterations of a 2-task plan",
        ],
    );
    // Past what the accumulators count: refused whatever the memory.
    let o = riskplan(dir.path(), &["run", "test.toml", "-n", "4294967296", "-q"]);
    refused(&o, &["--iterations must be at most 4294967295"]);
    // The same run at a sane size goes ahead.
    let o = riskplan(dir.path(), &["run", "test.toml", "-n", "1000", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A Spot task whose checkpoints (every `tau` hours of work, `c` hours each) and work hours
/// are as given.
fn spot(hours: &str, tau: &str, c: &str, lifetimes: &str) -> String {
    format!(
        r#"[project]
name = "s"
start = 2027-01-04

[[instances]]
type = "gpu"
on_demand_per_hour = 3
spot_per_hour = 1
{lifetimes}

[[tasks]]
id = "train"
compute = {{ instance = "gpu", hours = {hours}, purchase = "spot", checkpoint_every_hours = {tau}, checkpoint_hours = {c} }}
"#
    )
}

#[test]
fn a_spot_run_that_would_never_end_fails_fast_in_check_and_run() {
    let dir = tempfile::tempdir().unwrap();
    let never_ending = [
        // Checkpoints every 1e-9 hours of 0.01 hours each: 1e9 running hours for 100 hours
        // of work, about 1e8 interruptions.
        spot("100", "1e-9", "0.01", "interruptions_per_hour = 0.1"),
        // Segments an instance seldom outlives: each needs about 22,000 tries.
        spot("1000", "10", "0", "interruptions_per_hour = 1"),
        // Work of hundreds of years on Spot.
        spot("5e6", "1", "0.01", "interruptions_per_hour = 0.1"),
    ];
    for text in never_ending {
        scenario(dir.path(), &text);
        for args in [&["check", "test.toml"][..], &["run", "test.toml", "-q"]] {
            let o = riskplan(dir.path(), args);
            refused(
                &o,
                &[
                    "task `train` on Spot would be interrupted about",
                    "more than the 1e5",
                ],
            );
        }
    }
    // A sane Spot run still runs.
    scenario(
        dir.path(),
        &spot(
            "{ likely = 200, risk = \"high\" }",
            "1",
            "0.05",
            "interruptions_per_hour = 0.5",
        ),
    );
    let o = riskplan(dir.path(), &["run", "test.toml", "-n", "2000", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
