//! A scratch folder to run the binary in: files to write into it, the command with or without
//! standard input, and what it left behind.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A small valid plan that warns (a Spot price above on-demand) and names things.
pub const PLAN: &str = "[project]\nname = \"t\"\nstart = 2027-01-04\n
[[instances]]
type = \"gpu\"
on_demand_per_hour = 1.0
spot_per_hour = 2.0

[[tasks]]
id = \"design\"
estimate = { min = 2, likely = 4, max = 9 }

[[tasks]]
id = \"train\"
depends_on = [\"design\"]
compute = { instance = \"gpu\", count = 1, hours = { likely = 30, risk = \"medium\" } }
";

pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    /// A scratch folder holding `test.toml` with `scenario`.
    pub fn new(scenario: &str) -> Scratch {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(dir.path().join("test.toml"), scenario).expect("write the scenario");
        Scratch { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_riskplan"));
        c.current_dir(self.dir.path()).args(args);
        c
    }

    /// Runs riskplan with no standard input.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs")
    }

    /// Runs riskplan with `input` on its standard input.
    pub fn run_with_input(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut stdin = child.stdin.take().expect("a pipe");
        let input = input.to_vec();
        // A command that stops reading early closes the pipe: not an error here.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().expect("the binary ends");
        writer.join().expect("the writer ends");
        out
    }

    /// The names in the folder other than the scenario, sorted (hidden ones included).
    pub fn leftovers(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n != "test.toml")
            .collect();
        names.sort();
        names
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 output")
}

/// Runs `command` (a shell command line) in a pseudo-terminal with `script`, so that its
/// standard output and error are both a terminal; returns everything the terminal showed.
/// None (saying so) where `script` is missing.
pub fn in_terminal(dir: &std::path::Path, command: &str) -> Option<String> {
    let script = Command::new("script")
        .current_dir(dir)
        .args(["-qec", command, "/dev/null"])
        .stdin(Stdio::null())
        .output();
    match script {
        Ok(o) => {
            assert!(o.status.success(), "{command}: {}", stderr(&o));
            Some(String::from_utf8_lossy(&o.stdout).into_owned())
        }
        Err(e) => {
            // CI has it (util-linux): there, its absence fails the test.
            let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
            assert!(!ci, "`script` cannot run ({e}); CI must have it");
            eprintln!("skipping a terminal check: `script` cannot run ({e})");
            None
        }
    }
}
