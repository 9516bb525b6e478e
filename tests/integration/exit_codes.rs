//! The exit codes are those the README's table lists: a table of cases provokes each of them,
//! and every code the README lists is provoked by at least one case.

use std::collections::BTreeSet;
use std::fs::File;
use std::process::{Output, Stdio};
use std::time::Duration;

use crate::scratch::{PLAN, Scratch, stderr};

/// How a case runs the binary.
#[derive(Clone, Copy)]
enum How {
    /// No standard input, its output captured.
    Plain,
    /// Standard output closed before anything is written (`| head`).
    StdoutClosed,
    /// Standard output on a device that is full.
    StdoutFull,
    /// Waiting for its scenario on standard input, it receives this signal.
    Signal(&'static str),
}

struct Case {
    what: &'static str,
    args: &'static [&'static str],
    how: How,
    code: i32,
}

/// A folder no one can make files in, root included.
const UNWRITABLE_JSON: &str = "/proc/riskplan-out.json";

const CASES: &[Case] = &[
    Case {
        what: "a run",
        args: &["run", "test.toml", "-q", "-n", "200", "--json", "out.json"],
        how: How::Plain,
        code: 0,
    },
    Case {
        what: "a check",
        args: &["check", "test.toml"],
        how: How::Plain,
        code: 0,
    },
    Case {
        what: "a completion script",
        args: &["completions", "bash"],
        how: How::Plain,
        code: 0,
    },
    Case {
        what: "standard output closed early",
        args: &["run", "test.toml", "-q", "-n", "200", "--json", "-"],
        how: How::StdoutClosed,
        code: 0,
    },
    Case {
        what: "a scenario that is not TOML",
        args: &["run", "bad.toml", "-q"],
        how: How::Plain,
        code: 2,
    },
    Case {
        what: "an option out of range",
        args: &["run", "test.toml", "-n", "0"],
        how: How::Plain,
        code: 2,
    },
    Case {
        what: "an unknown option",
        args: &["run", "test.toml", "--no-such-option"],
        how: How::Plain,
        code: 2,
    },
    Case {
        what: "no command",
        args: &[],
        how: How::Plain,
        code: 2,
    },
    Case {
        what: "a shell riskplan has no script for",
        args: &["completions", "tcsh"],
        how: How::Plain,
        code: 2,
    },
    Case {
        what: "an unwritable --json path",
        args: &["run", "test.toml", "-q", "--json", UNWRITABLE_JSON],
        how: How::Plain,
        code: 2,
    },
    Case {
        what: "an unwritable folder for the manual pages",
        args: &["man", "/proc/riskplan-man"],
        how: How::Plain,
        code: 2,
    },
    Case {
        what: "a run too large for memory",
        args: &["run", "test.toml", "-q", "-n", "4000000000"],
        how: How::Plain,
        code: 2,
    },
    Case {
        what: "a report written to a full device",
        args: &["run", "test.toml", "-q", "-n", "200", "--json", "/dev/full"],
        how: How::Plain,
        code: 1,
    },
    Case {
        what: "a summary written to a full standard output",
        args: &["run", "test.toml", "-q", "-n", "200"],
        how: How::StdoutFull,
        code: 1,
    },
    Case {
        what: "SIGHUP",
        args: &["run", "-", "-q", "--json", "out.json"],
        how: How::Signal("HUP"),
        code: 129,
    },
    Case {
        what: "Ctrl-C",
        args: &["run", "-", "-q", "--json", "out.json"],
        how: How::Signal("INT"),
        code: 130,
    },
    Case {
        what: "SIGTERM",
        args: &["run", "-", "-q", "--json", "out.json"],
        how: How::Signal("TERM"),
        code: 143,
    },
];

/// The codes of the README's table of exit codes.
fn documented() -> BTreeSet<i32> {
    let readme = include_str!("../../README.md");
    let (_, table) = readme
        .split_once("**Exit codes.**")
        .expect("the README has its exit codes");
    let codes: BTreeSet<i32> = table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('|').nth(1)?.trim().parse().ok())
        .collect();
    assert!(codes.contains(&0) && codes.contains(&2), "{codes:?}");
    codes
}

/// Runs `case` in `t`.
fn run(t: &Scratch, case: &Case) -> Output {
    match case.how {
        How::Plain => t.run(case.args),
        How::StdoutFull => t
            .command(case.args)
            .stdin(Stdio::null())
            .stdout(File::create("/dev/full").expect("/dev/full"))
            .output()
            .expect("the binary runs"),
        How::StdoutClosed => {
            let mut child = t
                .command(case.args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the binary runs");
            drop(child.stdout.take());
            child.wait_with_output().expect("it ends")
        }
        How::Signal(signal) => signalled(t, case.args, signal),
    }
}

/// Runs `args` (a run waiting for its scenario on standard input, its outputs already
/// checked) and sends it `signal`. Should the signal come before the handler is in place, the
/// default action ends the process: then it waits longer and tries again.
fn signalled(t: &Scratch, args: &[&str], signal: &str) -> Output {
    use std::os::unix::process::ExitStatusExt;
    for wait_ms in [300, 1000, 3000, 10_000] {
        let mut child = t
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stdin = child.stdin.take();
        std::thread::sleep(Duration::from_millis(wait_ms));
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let o = child.wait_with_output().expect("it ends");
        drop(stdin);
        if o.status.signal().is_none() {
            return o;
        }
    }
    panic!("SIG{signal} always came before riskplan could handle it");
}

#[test]
fn every_exit_code_the_readme_lists_is_the_one_given() {
    let t = Scratch::new(PLAN);
    std::fs::write(t.path("bad.toml"), "[project\n").unwrap();
    let has_full = std::path::Path::new("/dev/full").exists();
    for case in CASES {
        if !has_full && case.code == 1 {
            eprintln!("skipping `{}`: this system has no /dev/full", case.what);
            continue;
        }
        let o = run(&t, case);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(case.code), "{}: {err}", case.what);
        assert!(!err.contains("panicked"), "{}: {err}", case.what);
        if case.code != 0 {
            // A failure says what went wrong, on standard error.
            assert!(!err.trim().is_empty(), "{}: no message", case.what);
        }
    }
    // Nothing is left beside the outputs of the runs that succeeded.
    let mut left = t.leftovers();
    left.retain(|f| f != "out.json" && f != "bad.toml");
    assert!(left.is_empty(), "{left:?}");
    let provoked: BTreeSet<i32> = CASES.iter().map(|c| c.code).collect();
    assert_eq!(
        provoked,
        documented(),
        "the README's exit codes and the codes this table provokes differ"
    );
}
