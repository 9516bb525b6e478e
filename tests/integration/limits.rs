//! Bounded resources from the command line: an endless input is refused at once, with exit
//! code 2 and the limit named. Every command runs under a timeout, so that a regression fails
//! instead of hanging the suite (the timeout is a guard, not the assertion: each must fail
//! with its message).

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

#[test]
fn an_endless_input_is_refused_at_its_first_block() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["check", "run"] {
        let o = riskplan(dir.path(), &[command, "/dev/zero"]);
        refused(&o, &["/dev/zero", "NUL", "not a text file"]);
    }
}
