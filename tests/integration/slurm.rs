//! Shards on a real cluster: a Slurm array job runs `riskplan run --shard auto` (and
//! `compare`) in each array task, `riskplan merge` combines the shard files, and the result
//! must be exactly the single run's: the same JSON and CSV bytes and the same summary.
//!
//! Needs `sbatch` and a running cluster (`.ci/slurm-up` starts a single-node one; `.ci/run`
//! does it all). Without them the tests say why on stderr and pass, except when the
//! environment variable `CI` is `true`: then a missing cluster is a failure.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_riskplan");

/// How long an array job may take before it is cancelled and the test fails.
const JOB_TIMEOUT: Duration = Duration::from_secs(120);

/// Iterations and seed of every run here.
const ITERATIONS: &str = "20000";
const SEED: &str = "7";

/// Node states in which the cluster can run jobs (others: down, drained, not responding).
const USABLE: [&str; 4] = ["idle", "mixed", "allocated", "completing"];

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dl-project.toml")
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// Why no array job can run here, or `None` when the cluster is up.
fn cluster_unavailable() -> Option<String> {
    if !on_path("sbatch") {
        return Some("sbatch is not on PATH (Slurm is not installed; .ci/run installs it)".into());
    }
    // `scontrol ping` answers at once; `sinfo` retries for seconds when the controller is down.
    match Command::new("scontrol").arg("ping").output() {
        Err(e) => return Some(format!("scontrol does not run: {e}")),
        Ok(o) if !o.status.success() => {
            let said = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            let said = String::from_utf8_lossy(&said);
            return Some(format!(
                "the Slurm controller does not answer (.ci/slurm-up starts a cluster): {}",
                said.lines().next().unwrap_or("")
            ));
        }
        Ok(_) => {}
    }
    let out = match Command::new("sinfo")
        .args(["-h", "-N", "-o", "%T"])
        .output()
    {
        Ok(out) => out,
        Err(e) => return Some(format!("sinfo does not run: {e}")),
    };
    if !out.status.success() {
        return Some(format!(
            "sinfo fails, so the cluster is not up (.ci/slurm-up starts one): {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let states = String::from_utf8_lossy(&out.stdout);
    if states.lines().any(|s| USABLE.contains(&s.trim())) {
        None
    } else {
        Some(format!(
            "no node can run jobs: sinfo says {:?} (.ci/slurm-up starts a cluster)",
            states.trim()
        ))
    }
}

/// Whether the test can go on. Without a cluster: a note on stderr and `false`, or a panic
/// when `CI` is `true`, so that CI never passes without having run the job.
fn cluster_ready(test: &str) -> bool {
    let Some(why) = cluster_unavailable() else {
        return true;
    };
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{test}: CI=true and no Slurm cluster to run on: {why}");
    }
    // Straight to stderr, past the test harness's capture, so that the skip shows.
    let _ = writeln!(std::io::stderr(), "skipping {test}: {why}");
    false
}

/// A path as one single-quoted shell word.
fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// The contents of the array tasks' output files (`out-ID.txt` in `logs`), for messages.
fn task_outputs(logs: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(logs)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        return format!("(no task output in {})", logs.display());
    }
    let mut text = String::new();
    for f in files {
        let body = std::fs::read_to_string(&f).unwrap_or_else(|e| format!("(unreadable: {e})"));
        let _ = write!(text, "--- {}\n{}", f.display(), body);
        if !body.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

/// What Slurm says about a job's tasks (it keeps finished jobs for `MinJobAge`): one line per
/// task with its state, the reason and the exit code, for messages.
fn job_state(job: &str) -> String {
    const KEYS: [&str; 5] = [
        "JobId=",
        "ArrayTaskId=",
        "JobState=",
        "Reason=",
        "ExitCode=",
    ];
    let out = match Command::new("scontrol")
        .args(["-o", "show", "job", job])
        .output()
    {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => return format!("(scontrol: {})", String::from_utf8_lossy(&o.stderr).trim()),
        Err(e) => return format!("(scontrol does not run: {e})"),
    };
    let mut text = String::new();
    for line in out.lines() {
        let fields: Vec<&str> = line
            .split_whitespace()
            .filter(|f| KEYS.iter().any(|k| f.starts_with(k)))
            .collect();
        let _ = writeln!(text, "  {}", fields.join(" "));
    }
    text
}

/// Submits a batch script running `command` in every task of `--array=array`, with the task
/// outputs in `dir/logs/out-ID.txt`, and waits for the whole array (`sbatch --wait`). Panics
/// with every task's output if a task fails, or if the array is not done within
/// `JOB_TIMEOUT` (then it is cancelled first).
fn run_array_job(dir: &Path, array: &str, command: &str) {
    // Slurm does not create the output directory: a missing one fails the job unseen.
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).expect("create the log directory");
    let script = dir.join("job.sh");
    std::fs::write(&script, format!("#!/bin/bash\nset -eu\n{command}\n")).expect("write the job");

    let mut sbatch = Command::new("sbatch")
        .arg("--wait")
        .arg("--parsable")
        .arg(format!("--array={array}"))
        .arg(format!("--output={}/out-%a.txt", logs.display()))
        .arg("--job-name=riskplan-shards")
        .arg(&script)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sbatch runs");
    // `--parsable` prints the job ID as soon as the job is queued; read it while waiting.
    let stdout = sbatch.stdout.take().expect("sbatch's stdout");
    let id_reader = std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
        line.split(';').next().unwrap_or("").trim().to_string()
    });
    let stderr = sbatch.stderr.take().expect("sbatch's stderr");
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
        text
    });

    let started = Instant::now();
    let status = loop {
        if let Some(status) = sbatch.try_wait().expect("wait for sbatch") {
            break Some(status);
        }
        if started.elapsed() > JOB_TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let Some(status) = status else {
        let _ = sbatch.kill();
        let _ = sbatch.wait();
        let job = id_reader.join().unwrap_or_default();
        if !job.is_empty() {
            let _ = Command::new("scancel").arg(&job).status();
        }
        panic!(
            "array job {job} not done in {} s; cancelled it:\n{}{}",
            JOB_TIMEOUT.as_secs(),
            job_state(&job),
            task_outputs(&logs)
        );
    };
    let job = id_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    assert!(
        status.success(),
        "array job {job} failed (sbatch: {status}{}{}):\n{}{}",
        if err.trim().is_empty() { "" } else { ", " },
        err.trim(),
        job_state(&job),
        task_outputs(&logs)
    );
    eprintln!(
        "array job {job} (--array={array}) done in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Runs the binary in `dir`; panics with its stderr unless it succeeds. Returns stdout.
fn riskplan(dir: &Path, args: &[&std::ffi::OsStr]) -> String {
    let out: Output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "riskplan {:?} failed ({}):\n{}",
        args,
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The shard files the array tasks wrote, in task order; panics unless there is one per task.
fn shard_files(dir: &Path, task_ids: &[u32], logs: &Path) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = task_ids
        .iter()
        .map(|id| dir.join(format!("shard-{id}.bin")))
        .collect();
    for f in &files {
        assert!(
            f.is_file(),
            "the array job succeeded but wrote no {}\n{}",
            f.display(),
            task_outputs(logs)
        );
    }
    files
}

/// The first line where two texts differ, for messages.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let mut lines = a.lines().zip(b.lines()).enumerate();
    match lines.find(|(_, (x, y))| x != y) {
        Some((i, (x, y))) => format!("line {}:\n  merged: {x}\n  single: {y}", i + 1),
        None => format!(
            "one is a prefix of the other ({} and {} lines)",
            a.lines().count(),
            b.lines().count()
        ),
    }
}

fn assert_same_file(merged: &Path, single: &Path) {
    let a = std::fs::read(merged).unwrap_or_else(|e| panic!("read {}: {e}", merged.display()));
    let b = std::fs::read(single).unwrap_or_else(|e| panic!("read {}: {e}", single.display()));
    assert!(
        a == b,
        "{} differs from the single run's {}: {}",
        merged.display(),
        single.display(),
        first_difference(&a, &b)
    );
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `subcommand` (`run` or `compare`) as an array job of `--array=first-last`, one shard
/// per task, merges the shards, runs the same command unsharded, and asserts that the
/// summaries on stdout, the JSON files and every CSV file are identical.
fn shards_merge_into_the_single_run(subcommand: &str, first: u32, last: u32) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    let scenario = scenario();

    let command = format!(
        "exec {} {subcommand} {} -n {ITERATIONS} --seed {SEED} --shard auto \
         --out {}/shard-\"$SLURM_ARRAY_TASK_ID\".bin -q",
        shell_quote(Path::new(BIN)),
        shell_quote(&scenario),
        shell_quote(dir),
    );
    run_array_job(dir, &format!("{first}-{last}"), &command);
    let ids: Vec<u32> = (first..=last).collect();
    let shards = shard_files(dir, &ids, &dir.join("logs"));

    let mut args: Vec<&std::ffi::OsStr> = vec!["merge".as_ref()];
    args.extend(shards.iter().map(|f| f.as_os_str()));
    args.extend(["--json", "merged.json", "--csv", "merged-csv"].map(std::ffi::OsStr::new));
    let merged = riskplan(dir, &args);

    let single = riskplan(
        dir,
        &[
            subcommand.as_ref(),
            scenario.as_os_str(),
            "-n".as_ref(),
            ITERATIONS.as_ref(),
            "--seed".as_ref(),
            SEED.as_ref(),
            "--json".as_ref(),
            "single.json".as_ref(),
            "--csv".as_ref(),
            "single-csv".as_ref(),
            "-q".as_ref(),
        ],
    );

    assert!(
        merged == single,
        "the merged summary differs from the single run's: {}",
        first_difference(merged.as_bytes(), single.as_bytes())
    );
    assert_same_file(&dir.join("merged.json"), &dir.join("single.json"));
    let names = file_names(&dir.join("single-csv"));
    assert!(!names.is_empty(), "the single run wrote no CSV file");
    assert_eq!(
        file_names(&dir.join("merged-csv")),
        names,
        "merge --csv wrote other files than the single run"
    );
    for name in &names {
        assert_same_file(
            &dir.join("merged-csv").join(name),
            &dir.join("single-csv").join(name),
        );
    }
}

#[test]
fn an_array_job_of_four_shards_merges_into_the_single_run() {
    if cluster_ready("an_array_job_of_four_shards_merges_into_the_single_run") {
        shards_merge_into_the_single_run("run", 1, 4);
    }
}

/// Array task IDs from 0: the shard is `SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1`.
#[test]
fn a_comparison_in_three_shards_from_task_zero_merges_into_the_single_comparison() {
    if cluster_ready(
        "a_comparison_in_three_shards_from_task_zero_merges_into_the_single_comparison",
    ) {
        shards_merge_into_the_single_run("compare", 0, 2);
    }
}
