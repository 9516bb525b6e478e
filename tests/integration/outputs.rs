//! Outputs: every one is checked for writability before any work (exit code 2, nothing left
//! behind), the exit codes the README lists, an interrupted run that stops cleanly, and the
//! temporary files of a killed run removed by the next.

use std::process::{Output, Stdio};
use std::time::Duration;

use crate::scratch::{PLAN, Scratch, stderr, stdout};

/// A folder no one can make files in, root included.
const UNWRITABLE: &str = "/proc";

/// Asserts an option refused before any work: exit code 2, one line naming `words`.
fn refused(o: &Output, words: &[&str], what: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{what}: {err}");
    assert_eq!(err.lines().count(), 1, "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    for w in words {
        assert!(err.contains(w), "{what}: `{err}` should contain `{w}`");
    }
}

#[test]
fn every_output_of_every_command_is_checked_before_the_work() {
    let t = Scratch::new(PLAN);
    std::fs::write(t.path("plan.csv"), "id,duration\na,3\n").unwrap();
    let json = format!("{UNWRITABLE}/riskplan-out.json");
    let dir = format!("{UNWRITABLE}/riskplan-out");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["run", "test.toml", "--json", &json], "--json"),
        (vec!["run", "test.toml", "--html", &json], "--html"),
        (vec!["run", "test.toml", "--csv", &dir], "--csv"),
        (vec!["run", "test.toml", "--charts", &dir], "--charts"),
        (
            vec!["run", "test.toml", "--shard", "1/2", "--out", &json],
            "--out",
        ),
        (vec!["compare", "test.toml", "--json", &json], "--json"),
        (
            vec!["compare", "test.toml", "--shard", "1/2", "--out", &json],
            "--out",
        ),
        // Checked before the shards are even read.
        (vec!["merge", "a.shard", "b.shard", "--csv", &dir], "--csv"),
        (vec!["import", "plan.csv", "-o", &json], "--output"),
    ];
    for (args, flag) in cases {
        let o = t.run(&args);
        refused(&o, &[flag, UNWRITABLE], &args.join(" "));
        assert_eq!(t.leftovers(), ["plan.csv"], "{args:?}");
    }
}

#[test]
fn outputs_that_cannot_be_made_or_that_collide_are_refused() {
    let t = Scratch::new(PLAN);
    std::fs::write(t.path("taken"), "").unwrap();
    let run = |extra: &[&str]| t.run(&[&["run", "test.toml", "-q"][..], extra].concat());
    refused(
        &run(&["--csv", "taken/csv"]),
        &["--csv", "`taken` is a file"],
        "a directory under a file",
    );
    refused(
        &run(&["--json", "taken/out.json"]),
        &["--json", "`taken` is a file"],
        "a file under a file",
    );
    refused(
        &run(&["--json", "out.html", "--html", "./out.html"]),
        &["--json and --html", "out.html"],
        "one file for two outputs",
    );
    assert_eq!(t.leftovers(), ["taken"]);
    // A directory several levels deep is made; the check leaves nothing beside it.
    let o = run(&["-n", "200", "--csv", "new/deeper/csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(t.path("new/deeper/csv/summary.csv").exists());
    assert_eq!(t.leftovers(), ["new", "taken"]);
}

#[test]
fn the_exit_codes_are_those_the_readme_lists() {
    let t = Scratch::new(PLAN);
    // 0: success.
    let o = t.run(&["run", "test.toml", "-q", "-n", "200", "--json", "out.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // 2: a scenario, an option or an output path that is wrong.
    std::fs::write(t.path("bad.toml"), "[project\n").unwrap();
    assert_eq!(t.run(&["run", "bad.toml", "-q"]).status.code(), Some(2));
    assert_eq!(
        t.run(&["run", "test.toml", "-n", "0"]).status.code(),
        Some(2)
    );
    let unwritable = format!("{UNWRITABLE}/out.json");
    let o = t.run(&["run", "test.toml", "-q", "--json", &unwritable]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // 1: anything else, such as a device that is full when the report is written.
    if std::path::Path::new("/dev/full").exists() {
        let o = t.run(&["run", "test.toml", "-q", "-n", "200", "--json", "/dev/full"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("cannot write `/dev/full`"),
            "{}",
            stderr(&o)
        );
    }
    // 0 again when standard output is closed early (`| head`).
    let mut child = t
        .command(&["run", "test.toml", "-q", "-n", "200", "--json", "-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Sends SIGINT to `pid`.
fn interrupt(pid: u32) {
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
}

#[test]
fn an_interrupted_run_exits_130_with_one_line_and_leaves_nothing() {
    use std::os::unix::process::ExitStatusExt;
    let t = Scratch::new(PLAN);
    // The run waits for its scenario on standard input, its outputs already checked; the
    // interrupt comes then. Were it to come before the handler is in place, the default
    // action would end the process: then wait longer and try again.
    for wait_ms in [300, 1000, 3000, 10_000] {
        let mut child = t
            .command(&["run", "-", "-q", "--json", "out.json", "--csv", "csv"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stdin = child.stdin.take();
        std::thread::sleep(Duration::from_millis(wait_ms));
        interrupt(child.id());
        let o = child.wait_with_output().expect("it ends");
        drop(stdin);
        if o.status.signal() == Some(2) {
            continue;
        }
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(130), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: interrupted by SIGINT"), "{err}");
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        assert_eq!(t.leftovers(), Vec::<String>::new());
        return;
    }
    panic!("the interrupt always came before riskplan could handle it");
}

#[test]
fn the_temporary_files_a_killed_run_left_are_removed_by_the_next() {
    let t = Scratch::new(PLAN);
    // A PID no process has: that of a child that has ended.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let left = format!(".out.json.riskplan-{dead}.tmp");
    // PID 1 is alive: its file may be being written, and stays.
    let live = ".out.json.riskplan-1.tmp";
    std::fs::write(t.path(&left), "{\"partial").unwrap();
    std::fs::write(t.path(live), "{\"partial").unwrap();
    let o = t.run(&["run", "test.toml", "-q", "-n", "200", "--json", "out.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(t.leftovers(), [live, "out.json"]);
}

#[test]
fn an_interrupt_clears_the_progress_bar_before_its_line() {
    let t = Scratch::new("");
    let scenario =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench-1000.toml");
    // Long enough to show the bar for a while: interrupted after two seconds.
    let command = format!(
        "timeout --preserve-status -s INT 2 {} run {} -n 300000 --json out.json; echo exit=$?",
        env!("CARGO_BIN_EXE_riskplan"),
        scenario.display()
    );
    let Some(screen) = crate::scratch::in_terminal(t.dir.path(), &command) else {
        return;
    };
    assert!(screen.contains("exit=130"), "{screen:?}");
    let (before, after) = screen
        .split_once("error: interrupted by SIGINT")
        .expect("the line");
    let drawn = before.rfind("iterations,").expect("the bar was shown");
    assert!(before[drawn..].contains("\x1b[2K"), "cleared: {screen:?}");
    assert!(!after.contains("iterations,"), "{screen:?}");
    assert_eq!(t.leftovers(), Vec::<String>::new());
}
