//! A scenario on standard input (`-`): `run`, `check`, `compare` and `import` read it as they
//! read a file, name it `<stdin>` in messages, and shards of it merge like shards of a file.

use crate::scratch::{PLAN, Scratch, stderr, stdout};

#[test]
fn run_and_check_read_standard_input_as_they_read_a_file() {
    let t = Scratch::new(PLAN);
    let args = ["-q", "-n", "500", "--json", "-"];
    let from_file = t.run(&[&["run", "test.toml"][..], &args].concat());
    let from_stdin = t.run_with_input(&[&["run", "-"][..], &args].concat(), PLAN.as_bytes());
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    assert_eq!(stdout(&from_stdin), stdout(&from_file));
    // Its warnings are printed as for a file.
    assert_eq!(stderr(&from_stdin), stderr(&from_file));

    let o = t.run_with_input(&["check", "-"], PLAN.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("<stdin>: the plan is valid\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn errors_in_standard_input_name_it() {
    let t = Scratch::new("");
    let text = "[project]\nname = \"t\"\nstart = 2027-01-04\n[[tasks]]\nid = \"a\"\nestimate = [\n";
    for args in [
        &["run", "-", "-q"][..],
        &["check", "-"],
        &["compare", "-", "-q"],
    ] {
        let o = t.run_with_input(args, text.as_bytes());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with("error: <stdin>:6:"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // Nothing on standard input is no plan at all.
    let o = t.run_with_input(&["check", "-"], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("error: <stdin>: "), "{}", stderr(&o));
    // A scenario without plans cannot be compared, wherever it comes from.
    let o = t.run_with_input(&["compare", "-", "-q", "-n", "100"], PLAN.as_bytes());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`<stdin>` has no [[plans]]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_import_on_standard_input_is_detected_from_its_content() {
    let csv = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/dl-project.csv"),
    )
    .expect("the fixture");
    let t = Scratch::new("");
    std::fs::write(t.path("plan.csv"), &csv).unwrap();
    let from_file = t.run(&["import", "plan.csv", "--start", "2026-03-02"]);
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    let from_stdin = t.run_with_input(&["import", "-", "--start", "2026-03-02"], &csv);
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    // The same scenario, but for the file it names and the name it takes from it.
    let strip = |s: String| -> String {
        s.lines()
            .filter(|l| !l.contains("plan") && !l.contains("<stdin>"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(stdout(&from_stdin)), strip(stdout(&from_file)));
    assert!(
        stderr(&from_stdin).contains("from <stdin> (task list CSV)"),
        "{}",
        stderr(&from_stdin)
    );
}

#[test]
fn shards_of_standard_input_merge_into_the_single_run() {
    let t = Scratch::new(PLAN);
    let single = t.run_with_input(
        &["run", "-", "-q", "-n", "600", "--json", "-"],
        PLAN.as_bytes(),
    );
    assert!(single.status.success(), "{}", stderr(&single));
    for k in ["1/2", "2/2"] {
        let out = format!("s{}.shard", &k[..1]);
        let o = t.run_with_input(
            &["run", "-", "-q", "-n", "600", "--shard", k, "--out", &out],
            PLAN.as_bytes(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let merged = t.run(&["merge", "s1.shard", "s2.shard", "--json", "-"]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    assert_eq!(stdout(&merged), stdout(&single));
    // A shard of another plan on standard input is refused by its content's hash.
    let other = PLAN.replace("likely = 4", "likely = 5");
    let o = t.run_with_input(
        &[
            "run", "-", "-q", "-n", "600", "--shard", "2/2", "--out", "s2.shard",
        ],
        other.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let merged = t.run(&["merge", "s1.shard", "s2.shard", "--json", "-"]);
    assert_eq!(merged.status.code(), Some(2), "{}", stderr(&merged));
    assert!(
        stderr(&merged).contains("scenario_sha256"),
        "{}",
        stderr(&merged)
    );
}
