//! A corpus of broken inputs, each with the exact message a user gets, kept as snapshots:
//! every key of the scenario format given a value of the wrong type, a negative, zero, NaN,
//! infinity, a huge or an empty one, every name a dangling one, every key misspelt or left
//! out (made from `tests/fixtures/corpus/base.toml`, one change at a time); a few hand-made
//! mistakes of meaning; and broken files of every import format
//! (`tests/fixtures/corpus/imports`).
//!
//! Each case runs as `riskplan check` and then a short `riskplan run` would, through the
//! library: it must be refused as bad input (exit code 2) without a panic, or be accepted,
//! which the snapshot records as `accepted` (with the report's non-finite figures, if any) so
//! that a value accepted by mistake shows. A sample goes through the binary too: the same
//! line on standard error, exit code 2, and no output file.
//!
//! When messages change, record them again with
//! `INSTA_UPDATE=always cargo test --profile test corpus` and read the diff.

mod binary;
mod mutate;
mod verdict;

use std::path::{Path, PathBuf};

use riskplan::import::ImportOptions;
use riskplan::scenario::Source;

use verdict::{Verdict, judge};

/// The corpus's files.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

fn base() -> String {
    std::fs::read_to_string(fixtures().join("base.toml")).expect("the corpus base")
}

/// How every case is read: files without a start of their own begin on a fixed day, so that
/// no message depends on today's date.
fn options() -> ImportOptions {
    let mut o = ImportOptions::default();
    o.read.start = Some(jiff::civil::date(2027, 1, 4));
    o
}

/// The name every mutated scenario has in its messages.
const SCENARIO: &str = "scenario.toml";

fn source(path: &str, text: String) -> Source {
    Source {
        path: path.into(),
        text,
    }
}

/// Judges every case, fails on a panic or on bad input taken for something else (exit code
/// 1), and returns the snapshot lines (`case -> verdict`).
fn listing(cases: impl Iterator<Item = (String, Source)>) -> Vec<String> {
    use rayon::prelude::*;
    let cases: Vec<(String, Source)> = cases.collect();
    let verdicts: Vec<(String, Verdict)> = cases
        .into_par_iter()
        .map(|(name, file)| (name, judge(file, &options())))
        .collect();
    let failures: Vec<String> = verdicts
        .iter()
        .filter(|(_, v)| !v.is_acceptable())
        .map(|(name, v)| format!("{name} -> {v}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} cases panicked or were not refused as bad input:\n{}",
        failures.len(),
        failures.join("\n")
    );
    verdicts
        .into_iter()
        .map(|(name, v)| format!("{name} -> {v}"))
        .collect()
}

#[test]
fn the_base_is_valid_and_its_report_finite() {
    let v = judge(source(SCENARIO, base()), &options());
    assert_eq!(
        v.to_string(),
        "accepted",
        "the corpus base must run as it is"
    );
}

#[test]
fn every_key_of_the_format_is_in_the_base() {
    // Every key of the format's key table (which the parser's own tests hold to the parser) is
    // written in the base, so that the mutations reach every key.
    let base = base();
    let mut missing = Vec::new();
    for (path, _) in riskplan::scenario::keys::all() {
        let key = path
            .rsplit('.')
            .next()
            .unwrap_or(path)
            .trim_end_matches("[]");
        if key.starts_with('*') {
            continue; // a name of the user's choosing, such as a risk level
        }
        let written = [
            format!("\n{key} = "),
            format!("{{ {key} = "),
            format!(", {key} = "),
            format!("[{key}]"),
            format!("[[{key}]]"),
            format!("[{key}."),
            format!(".{key}."),
            format!(".{key}]"),
            format!(".{key}]]"),
        ];
        if !written.iter().any(|w| base.contains(w.as_str())) {
            missing.push(path);
        }
    }
    assert!(
        missing.is_empty(),
        "keys of the format that the corpus base does not use (add them to base.toml): {missing:?}"
    );
}

/// The cases of one entry of a section (`tasks[train]`), named.
type Entry = (String, Vec<(String, Source)>);

/// Lines a snapshot holds at most: a section with more (tasks) is split between entries.
const SNAPSHOT_LINES: usize = 500;

#[test]
fn every_value_and_key_of_the_scenario_format_mutated() {
    let base = base();
    // Cases by section, and within a section by entry (`tasks[train]`), in the base's order.
    let mut sections: Vec<(String, Vec<Entry>)> = Vec::new();
    for case in mutate::cases(&base) {
        let entry = match case.name.find(']') {
            Some(end) => case.name[..=end].to_string(),
            None => case.section.clone(),
        };
        if sections.last().is_none_or(|(s, _)| *s != case.section) {
            sections.push((case.section.clone(), Vec::new()));
        }
        let entries = &mut sections.last_mut().expect("a section").1;
        if entries.last().is_none_or(|(e, _)| *e != entry) {
            entries.push((entry, Vec::new()));
        }
        let file = source(SCENARIO, case.text);
        entries
            .last_mut()
            .expect("an entry")
            .1
            .push((case.name, file));
    }
    for (section, entries) in sections {
        let mut parts: Vec<Vec<(String, Source)>> = vec![Vec::new()];
        for (_, cases) in entries {
            let last = parts.last_mut().expect("a part");
            if !last.is_empty() && last.len() + cases.len() > SNAPSHOT_LINES {
                parts.push(cases);
            } else {
                last.extend(cases);
            }
        }
        let split = parts.len() > 1;
        for (k, cases) in parts.into_iter().enumerate() {
            let lines = listing(cases.into_iter());
            let name = if split {
                format!("{section}-{}", k + 1)
            } else {
                section.clone()
            };
            insta::assert_snapshot!(name, lines.join("\n"));
        }
    }
}

/// Mistakes of meaning that no single value shows, made by hand from the base: each the text
/// replaced (once) and what it stands for.
const RELATIONS: [(&str, &str, &str); 12] = [
    (
        "a dependency cycle",
        "id = \"clean\"\ndepends_on = [\"collect\"]",
        "id = \"clean\"\ndepends_on = [\"collect\", \"review\"]",
    ),
    (
        "a task that depends on a level-of-effort task",
        "id = \"features\"\ndepends_on = [\"clean\"]",
        "id = \"features\"\ndepends_on = [\"clean\", \"management\"]",
    ),
    (
        "a level-of-effort span the wrong way round",
        "{ from = \"collect\", to = \"release\" }",
        "{ from = \"release\", to = \"collect\" }",
    ),
    (
        "a level-of-effort task with an estimate",
        "level_of_effort = { from",
        "estimate = 3\nlevel_of_effort = { from",
    ),
    (
        "a risk that hits a level-of-effort task",
        "tasks = [\"collect\", \"label\"]",
        "tasks = [\"collect\", \"management\"]",
    ),
    (
        "a correlation of a level-of-effort task",
        "tasks = [\"train\", \"evaluate\"]",
        "tasks = [\"train\", \"management\"]",
    ),
    (
        "a pair in two correlation groups with different coefficients",
        "tasks = [\"train\", \"evaluate\"]",
        "tasks = [\"label\", \"clean\"]",
    ),
    (
        "a task with an estimate and a compute run",
        "compute = { instance = \"cpu\"",
        "estimate = 2\ncompute = { instance = \"cpu\"",
    ),
    (
        "a task with neither an estimate nor a compute run",
        "estimate = { mean = 3, sd = 1 }\n",
        "",
    ),
    (
        "a delay on a risk that hits no task",
        "probability = 0.1\ncost = { likely = 3000",
        "probability = 0.1\ndelay = 2\ncost = { likely = 3000",
    ),
    (
        "a plan override of a task without a compute run",
        "[plans.tasks.train]",
        "[plans.tasks.soak]\ncount = 2\n\n[plans.tasks.train]",
    ),
    (
        "a gang larger than the quota",
        "count = 4\ninstance = \"gpu\"",
        "count = 5\ninstance = \"gpu\"",
    ),
];

#[test]
fn mistakes_of_meaning() {
    let base = base();
    let cases = RELATIONS.iter().map(|(what, from, to)| {
        assert_eq!(base.matches(from).count(), 1, "`{from}` once in the base");
        (
            what.to_string(),
            source(SCENARIO, base.replacen(from, to, 1)),
        )
    });
    let mut lines = listing(cases);
    // A plan that `run --plan` or `compare --plans` names and the scenario lacks.
    let file = source(SCENARIO, base.clone());
    let loaded = riskplan::import::parse(file, &options()).expect("the base reads");
    let e = riskplan::model::compile_with(
        &loaded.scenario,
        &loaded.source,
        &riskplan::model::CompileOptions::plan("spto"),
    )
    .expect_err("an unknown plan is refused");
    assert!(e.is_bad_input());
    lines.push(format!("--plan spto -> 2, {e}"));
    insta::assert_snapshot!("relations", lines.join("\n"));
}

/// The hand-made broken files of the import formats, in name order.
fn import_files() -> Vec<PathBuf> {
    let dir = fixtures().join("imports");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/corpus/imports")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn broken_files_of_every_import_format() {
    let files = import_files();
    for ext in ["xer", "xml", "gan", "csv", "sm", "rcp"] {
        assert!(
            files
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == ext)),
            "a broken .{ext} file"
        );
    }
    let cases = files.iter().map(|f| {
        let name = f.file_name().and_then(|n| n.to_str()).expect("a name");
        let bytes = std::fs::read(f).expect("an import case");
        (
            name.to_string(),
            source(name, riskplan::scenario::decode(bytes)),
        )
    });
    let lines = listing(cases);
    insta::assert_snapshot!("imports", lines.join("\n"));
}
