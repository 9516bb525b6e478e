//! A sample of the corpus through the binary: `riskplan run FILE -q --json out.json` exits
//! with code 2, prints on standard error the line the library's error makes (after any
//! warning), and leaves no output file.

use std::path::Path;

use super::verdict::{Verdict, judge};
use super::{SCENARIO, base, mutate, options, source};

/// Runs `riskplan run` on `text`, written as `name` in a scratch directory, and checks what
/// it did against the library's verdict.
fn agrees(name: &str, text: &[u8], verdict: &Verdict) {
    let Verdict::Refused { code, message } = verdict else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join(name), text).expect("write the case");
    let out = assert_cmd::Command::cargo_bin("riskplan")
        .expect("the binary is built")
        .current_dir(dir.path())
        .args(["run", name, "-q", "-n", "200", "--json", "out.json"])
        .args(["--start", "2027-01-04"])
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(*code), "{name}: {stderr}");
    let last = stderr.lines().last().unwrap_or("");
    assert_eq!(
        last,
        format!("error: {}", message.replace("\n    ", "\n")).trim_end(),
        "{name}"
    );
    assert!(out.stdout.is_empty(), "{name}: nothing on standard output");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("the scratch directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n != name)
        .collect();
    assert!(left.is_empty(), "{name}: no output file, found {left:?}");
}

#[test]
fn a_sample_through_the_binary_exits_2_with_the_same_line_and_writes_nothing() {
    let base = base();
    let cases = mutate::cases(&base);
    let mut refused = 0;
    for case in cases.iter().step_by(61) {
        let verdict = judge(source(SCENARIO, case.text.clone()), &options());
        refused += matches!(verdict, Verdict::Refused { .. }) as usize;
        agrees(SCENARIO, case.text.as_bytes(), &verdict);
    }
    assert!(refused >= 10, "the sample holds refused cases ({refused})");
    for file in super::import_files().iter().step_by(3) {
        let name = file.file_name().and_then(|n| n.to_str()).expect("a name");
        let text = std::fs::read(file).expect("an import case");
        let file = riskplan::scenario::Source {
            path: Path::new(name).into(),
            text: riskplan::scenario::decode(text.clone()),
        };
        agrees(name, &text, &judge(file, &options()));
    }
}
