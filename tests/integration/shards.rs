//! Shards and `merge`: any split of a run's iterations into shards, merged, prints and writes
//! exactly what the single run does (JSON and CSV byte for byte, the same summary), for `run`
//! and `compare`, random and Latin hypercube sampling, on the example project (risks,
//! correlations, level of effort, Spot plans). And `merge` refuses whatever does not belong
//! together, naming it.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The example scenario, by absolute path.
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dl-project.toml")
}

fn riskplan(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("riskplan")
        .expect("the binary is built")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(o: Output, what: &str) -> Output {
    assert!(
        o.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Every file of a directory, by name.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("a directory")
        .map(|e| {
            let e = e.expect("an entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("readable"),
            )
        })
        .collect();
    out.sort();
    out
}

/// Runs `command` (run or compare) whole and as `shards` shards merged, and asserts the two
/// give the same JSON, CSV files and summary.
fn assert_shards_merge_exactly(command: &str, extra: &[&str], shards: &[u32]) {
    assert_shards_of_merge_exactly(&example(), "3001", command, extra, shards);
}

/// `assert_shards_merge_exactly` for `iterations` iterations of `scenario`; returns the
/// single run's JSON.
fn assert_shards_of_merge_exactly(
    scenario: &Path,
    iterations: &str,
    command: &str,
    extra: &[&str],
    shards: &[u32],
) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    let scenario = scenario.to_str().expect("a UTF-8 path");
    let mut args = vec![command, scenario, "-n", iterations, "--seed", "5", "-q"];
    args.extend_from_slice(extra);
    let mut single = args.clone();
    single.extend_from_slice(&["--json", "single.json", "--csv", "single-csv"]);
    let whole = ok(riskplan(d, &single), "the single run");
    for &n in shards {
        let mut files = Vec::new();
        // Written in reverse and given to merge in a shuffled order: order does not matter.
        for k in (1..=n).rev() {
            let name = format!("shard-{n}-{k}.bin");
            let mut a = args.clone();
            let shard = format!("{k}/{n}");
            a.extend_from_slice(&["--shard", &shard, "--out", &name]);
            let o = ok(riskplan(d, &a), &format!("shard {k}/{n}"));
            assert!(
                o.stdout.is_empty(),
                "a shard prints nothing on standard output"
            );
            let said = String::from_utf8_lossy(&o.stderr);
            assert!(
                said.contains(&format!("shard {k} of {n} (iterations "))
                    && said.contains(&format!("written to `{name}`")),
                "{said}"
            );
            files.push(name);
        }
        let half = files.len() / 2;
        files.rotate_left(half);
        let json = format!("merged-{n}.json");
        let csv = format!("merged-{n}-csv");
        let mut m: Vec<&str> = vec!["merge"];
        m.extend(files.iter().map(String::as_str));
        m.extend_from_slice(&["--json", &json, "--csv", &csv]);
        let merged = ok(riskplan(d, &m), "merge");
        let what = format!("{command} {extra:?} in {n} shards");
        assert!(
            std::fs::read(d.join("single.json")).unwrap() == std::fs::read(d.join(&json)).unwrap(),
            "{what}: the JSON differs"
        );
        let (a, b) = (files_of(&d.join("single-csv")), files_of(&d.join(&csv)));
        assert!(!a.is_empty());
        assert_eq!(
            a.iter().map(|f| &f.0).collect::<Vec<_>>(),
            b.iter().map(|f| &f.0).collect::<Vec<_>>(),
            "{what}"
        );
        for (x, y) in a.iter().zip(&b) {
            assert!(x.1 == y.1, "{what}: {} differs", x.0);
        }
        assert_eq!(
            String::from_utf8_lossy(&whole.stdout),
            String::from_utf8_lossy(&merged.stdout),
            "{what}: the summary differs"
        );
    }
    serde_json::from_slice(&std::fs::read(d.join("single.json")).unwrap()).expect("JSON")
}

#[test]
fn run_shards_hold_the_mitigation_variants_and_merge_them_into_the_single_runs_analysis() {
    // The example's two mitigations: the run's own outcomes, then every other variant.
    let single = assert_shards_of_merge_exactly(&example(), "3001", "run", &[], &[2]);
    let m = &single["mitigation"];
    assert_eq!(m["iterations"], 3001);
    assert_eq!(m["mitigations"].as_array().map(Vec::len), Some(2));
    // A run longer than the variants' bound: the variants cover its first 100,000 iterations;
    // of 4 shards of 150,001 iterations, the third holds part of them and the fourth none.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let scenario = dir.path().join("small.toml");
    std::fs::write(
        &scenario,
        r#"[project]
name = "small"
start = 2027-01-04
calendar = "continuous"

[[tasks]]
id = "build"
estimate = { min = 8, likely = 10, max = 15 }

[[risks]]
id = "outage"
probability = 0.3
tasks = ["build"]
delay = 5
cost = 1000
mitigation = { probability = 0.1, mitigation_cost = 300 }

[[risks]]
id = "churn"
probability = 0.2
tasks = ["build"]
delay = 2
mitigation = { probability = 0.05, mitigation_cost = 100 }
"#,
    )
    .unwrap();
    let single = assert_shards_of_merge_exactly(&scenario, "150001", "run", &["--mitigated"], &[4]);
    assert_eq!(single["iterations"], 150_001);
    assert_eq!(single["mitigation"]["iterations"], 100_000);
}

#[test]
fn run_shards_merge_into_the_single_run() {
    assert_shards_merge_exactly("run", &[], &[1, 2, 3, 7]);
}

#[test]
fn run_shards_with_latin_hypercube_spot_mitigation_and_no_levelling_merge_into_the_single_run() {
    assert_shards_merge_exactly(
        "run",
        &[
            "--sampling",
            "lhs",
            "--plan",
            "spot",
            "--mitigated",
            "--ignore-capacities",
            "--confidence",
            "0.9",
        ],
        &[1, 2, 3, 7],
    );
}

#[test]
fn compare_shards_merge_into_the_single_run() {
    assert_shards_merge_exactly("compare", &[], &[1, 2, 3, 7]);
    assert_shards_merge_exactly("compare", &["--sampling", "lhs"], &[3]);
}

/// Writes shard `k` of `n` of a run of the example with `extra` options into `dir`.
fn shard(dir: &Path, name: &str, k: u32, n: u32, extra: &[&str]) {
    let scenario = example();
    let shard = format!("{k}/{n}");
    let mut a = vec!["run", scenario.to_str().unwrap()];
    if !extra.contains(&"-n") {
        a.extend_from_slice(&["-n", "600"]);
    }
    a.extend_from_slice(&["-q", "--shard", &shard, "--out", name]);
    a.extend_from_slice(extra);
    ok(riskplan(dir, &a), name);
}

/// Asserts `merge files...` fails with exit code 2, one line naming every word, no output.
fn assert_refused(dir: &Path, files: &[&str], words: &[&str]) {
    let mut a = vec!["merge"];
    a.extend_from_slice(files);
    a.extend_from_slice(&["--json", "out.json"]);
    let o = riskplan(dir, &a);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{files:?}: {err}");
    assert!(o.stdout.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for w in words {
        assert!(err.contains(w), "{files:?}: `{w}` not in {err}");
    }
    assert!(!dir.join("out.json").exists());
}

#[test]
fn merge_refuses_shards_that_do_not_belong_together_and_names_why() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    shard(d, "a1.bin", 1, 3, &[]);
    shard(d, "a2.bin", 2, 3, &[]);
    shard(d, "a3.bin", 3, 3, &[]);
    // Each kind of mismatch, as shard 2 of the run.
    let cases: [(&str, &[&str], &str); 7] = [
        ("seed.bin", &["--seed", "8"], "seed"),
        ("lhs.bin", &["--sampling", "lhs"], "sampling"),
        ("conf.bin", &["--confidence", "0.9"], "confidence"),
        ("mit.bin", &["--mitigated"], "mitigated"),
        ("cap.bin", &["--ignore-capacities"], "ignore_capacities"),
        ("plan.bin", &["--plan", "spot"], "plans"),
        ("iter.bin", &["-n", "601"], "iterations"),
    ];
    for (name, extra, field) in cases {
        shard(d, name, 2, 3, extra);
        assert_refused(
            d,
            &["a1.bin", name, "a3.bin"],
            &["shards of different runs", field, name],
        );
    }
    // Another scenario (one word changed in a copy).
    let text = std::fs::read_to_string(example()).unwrap();
    let changed = d.join("changed.toml");
    std::fs::write(
        &changed,
        text.replacen("rate_per_day = ", "rate_per_day = 1", 1),
    )
    .unwrap();
    let changed = changed.to_str().unwrap().to_string();
    ok(
        riskplan(
            d,
            &[
                "run",
                &changed,
                "-n",
                "600",
                "-q",
                "--shard",
                "2/3",
                "--out",
                "other.bin",
            ],
        ),
        "another scenario",
    );
    assert_refused(d, &["a1.bin", "other.bin", "a3.bin"], &["scenario"]);
    // A shard of another split.
    shard(d, "of4.bin", 2, 4, &[]);
    assert_refused(
        d,
        &["a1.bin", "of4.bin", "a3.bin"],
        &["shard of 4", "shard of 3"],
    );
    // Missing and duplicated shards, all named at once.
    assert_refused(d, &["a1.bin"], &["shards 2, 3 of 3 are missing"]);
    assert_refused(
        d,
        &["a1.bin", "a1.bin", "a2.bin"],
        &["shard 1 of 3 is given 2 times", "shard 3 of 3 is missing"],
    );
    // A compare shard with run shards.
    let scenario = example();
    ok(
        riskplan(
            d,
            &[
                "compare",
                scenario.to_str().unwrap(),
                "-n",
                "600",
                "-q",
                "--shard",
                "2/3",
                "--out",
                "cmp.bin",
            ],
        ),
        "a compare shard",
    );
    assert_refused(
        d,
        &["a1.bin", "cmp.bin", "a3.bin"],
        &["command", "compare", "run"],
    );
    // Damaged, truncated, not a shard at all, and another riskplan version.
    let bytes = std::fs::read(d.join("a2.bin")).unwrap();
    let mut damaged = bytes.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 1;
    std::fs::write(d.join("damaged.bin"), &damaged).unwrap();
    assert_refused(
        d,
        &["a1.bin", "damaged.bin", "a3.bin"],
        &["damaged.bin", "damaged"],
    );
    std::fs::write(d.join("short.bin"), &bytes[..bytes.len() - 40]).unwrap();
    assert_refused(
        d,
        &["a1.bin", "short.bin", "a3.bin"],
        &["short.bin", "truncated"],
    );
    assert_refused(
        d,
        &["a1.bin", &changed, "a3.bin"],
        &["not a usable riskplan shard file"],
    );
    let version = env!("CARGO_PKG_VERSION");
    let old = with_header(&bytes, &|h| {
        h.replace(
            &format!("\"riskplan\":\"{version}\""),
            "\"riskplan\":\"0.0.1\"",
        )
    });
    std::fs::write(d.join("old.bin"), old).unwrap();
    assert_refused(
        d,
        &["old.bin", "a2.bin", "a3.bin"],
        &["riskplan 0.0.1", version],
    );
    assert_refused(d, &["a1.bin", "old.bin", "a3.bin"], &["riskplan", "0.0.1"]);
    // A header that claims other iterations than its outcomes hold.
    let lying = with_header(&bytes, &|h| h.replace("\"end\":400", "\"end\":401"));
    std::fs::write(d.join("lying.bin"), lying).unwrap();
    assert_refused(
        d,
        &["a1.bin", "lying.bin", "a3.bin"],
        &["lying.bin", "do not match its header"],
    );
    // Shards whose mitigation variants differ from one another, or from what this riskplan
    // simulates for the scenario.
    let renamed = |h: &str| h.replace("\"risk:label-quality\"", "\"risk:other\"");
    for k in 1..=3 {
        let b = std::fs::read(d.join(format!("a{k}.bin"))).unwrap();
        std::fs::write(d.join(format!("v{k}.bin")), with_header(&b, &renamed)).unwrap();
    }
    assert_refused(
        d,
        &["a1.bin", "v2.bin", "a3.bin"],
        &["shards of different runs", "variants", "v2.bin"],
    );
    assert_refused(
        d,
        &["v1.bin", "v2.bin", "v3.bin"],
        &[
            "v1.bin",
            "holds the mitigation variants [all, risk:data-access-delayed, risk:other]",
            "needs [all, risk:data-access-delayed, risk:label-quality]",
        ],
    );
    // And the three together merge.
    ok(
        riskplan(d, &["merge", "a3.bin", "a1.bin", "a2.bin"]),
        "the good shards",
    );
}

/// A shard file with its JSON header rewritten by `edit` and its checksum made right again
/// (the layout is the one documented in src/app/shard.rs).
fn with_header(bytes: &[u8], edit: &dyn Fn(&str) -> String) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let len = u64::from_le_bytes(bytes[12..20].try_into().unwrap()) as usize;
    let header = std::str::from_utf8(&bytes[20..20 + len]).unwrap();
    let new = edit(header);
    assert_ne!(new, header, "the edit changes the header");
    let mut out = bytes[..12].to_vec();
    out.extend_from_slice(&(new.len() as u64).to_le_bytes());
    out.extend_from_slice(new.as_bytes());
    out.extend_from_slice(&bytes[20 + len..bytes.len() - 32]);
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

#[test]
fn shard_options_are_checked_before_any_work() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    let scenario = example();
    let s = scenario.to_str().unwrap();
    let bad = |args: &[&str], word: &str| {
        let o = riskplan(d, args);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(word), "{args:?}: `{word}` not in {err}");
        assert!(
            std::fs::read_dir(d).unwrap().next().is_none(),
            "nothing written"
        );
    };
    bad(&["run", s, "--shard", "1/2"], "--shard needs --out");
    bad(&["run", s, "--out", "x.bin"], "goes with --shard");
    bad(
        &["run", s, "--shard", "3/2", "--out", "x.bin"],
        "--shard takes K/N",
    );
    bad(
        &["run", s, "--shard", "auto", "--out", "x.bin"],
        "SLURM_ARRAY_TASK_ID",
    );
    bad(
        &[
            "run", s, "--shard", "1/2", "--out", "x.bin", "--json", "r.json",
        ],
        "give --json, --csv, --html and --charts to `riskplan merge`",
    );
    bad(
        &[
            "run",
            s,
            "--shard",
            "1/2",
            "--out",
            "x.bin",
            "--precision",
            "0.5",
        ],
        "--precision",
    );
    bad(
        &["run", s, "-n", "3", "--shard", "1/4", "--out", "x.bin"],
        "4 shards need at least 4 iterations",
    );
    bad(&["merge", "missing.bin"], "missing.bin");
}
