//! Every file of every fuzz corpus (`tests/fuzz/corpus/<target>/`), replayed on the stable
//! toolchain through the very functions the fuzz targets call, so that CI catches a parser
//! that panics again, or an error that is no longer bad input, without nightly or cargo-fuzz.

use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
mod fuzz;

#[test]
fn every_corpus_file_reads_or_fails_with_a_clear_error() {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus");
    for (target, read) in fuzz::TARGETS {
        let dir = corpora.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} is empty", dir.display());
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| fuzz::check(read(&data)));
            assert!(result.is_ok(), "{target}: {} fails", file.display());
        }
    }
}

#[test]
fn every_target_has_a_corpus_and_a_fuzz_target() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut corpora: Vec<String> = std::fs::read_dir(fuzz.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    corpora.sort();
    let mut targets: Vec<String> = fuzz::TARGETS.iter().map(|(t, _)| t.to_string()).collect();
    targets.sort();
    assert_eq!(corpora, targets);
    for target in &targets {
        let file = fuzz.join("fuzz_targets").join(format!("{target}.rs"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains(&format!("riskplan_fuzz::{target}(data)")),
            "{} does not call riskplan_fuzz::{target}",
            file.display()
        );
    }
}
