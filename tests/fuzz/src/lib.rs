//! What each fuzz target feeds riskplan, in one place: the fuzz targets (`fuzz_targets/`) call
//! these functions, and so does the stable test that replays every corpus
//! (`tests/integration/fuzz_corpus.rs`, which includes this file), so that CI runs the very
//! code the fuzzers ran. Each function takes the bytes of a file, reads them as riskplan reads
//! a file from disk, and goes as far as `riskplan check` or `riskplan import` would: parse,
//! convert to a scenario, compile, write the scenario out. [`check`] is the oracle: a result,
//! or an error a user can act on (bad input, exit code 2, a message); anything else panics.

use std::path::PathBuf;

use riskplan::Result;
use riskplan::import::{self, Format, ImportOptions, ReadOptions};
use riskplan::model::{self, CompileOptions};
use riskplan::scenario::{self, Source};

/// What a fuzz target does with a file's bytes.
pub type Target = fn(&[u8]) -> Result<()>;

/// Each fuzz target's name (its corpus is `corpus/<name>/`) and the function it calls.
pub const TARGETS: [(&str, Target); 8] = [
    ("scenario", scenario),
    ("xer", xer),
    ("mspdi", mspdi),
    ("gan", gan),
    ("csv", csv),
    ("psplib", psplib),
    ("patterson", patterson),
    ("detect", detect),
];

/// The most plans of one scenario compiled one by one: enough to reach every plan rule.
const MAX_PLANS: usize = 8;

/// Panics unless `result` is a success or an error a user can act on: bad input (exit code
/// 2) with a message.
pub fn check(result: Result<()>) {
    if let Err(e) = result {
        let message = e.to_string();
        assert!(e.is_bad_input(), "not a bad-input error: {message}");
        assert!(
            !message.trim().is_empty(),
            "an error without a message: {e:?}"
        );
    }
}

/// A file's bytes as `Source::read` gives them: UTF-8 less a byte-order mark, else
/// Windows-1252.
fn source(name: &str, data: &[u8]) -> Source {
    Source {
        path: PathBuf::from(name),
        text: scenario::decode(data.to_vec()),
    }
}

/// Compiles without the levelling heuristic's search for a start order, which is most of a
/// compile's time (a million task placements) and no part of reading a file: every rule is
/// still checked, the capacities still compiled.
fn unlevelled(plan: Option<&str>) -> CompileOptions {
    CompileOptions {
        plan: plan.map(str::to_string),
        ignore_capacities: true,
        ..CompileOptions::default()
    }
}

/// A scenario (TOML): parsed, compiled as written (levelled where its capacities say), and
/// compiled with each of its plans.
pub fn scenario(data: &[u8]) -> Result<()> {
    let source = source("fuzz.toml", data);
    let sc = scenario::parse(&source)?;
    model::compile(&sc, &source)?;
    for plan in sc.plans.iter().take(MAX_PLANS) {
        model::compile_with(&sc, &source, &unlevelled(Some(plan.name.get_ref())))?;
    }
    Ok(())
}

/// An import in `format` (None: detected from the content and the extension of `name`), as
/// `riskplan import` reads it: converted, compiled (unlevelled), written out as a scenario. Files that
/// record no start begin on a fixed day, so that a run replays the same on any day.
fn import(name: &str, format: Option<Format>, data: &[u8]) -> Result<()> {
    let options = ImportOptions {
        format,
        read: ReadOptions {
            start: Some(jiff::civil::date(2027, 1, 4)),
            ..ReadOptions::default()
        },
        ..ImportOptions::default()
    };
    let loaded = import::parse(source(name, data), &options)?;
    model::compile_with(&loaded.scenario, &loaded.source, &unlevelled(None))?;
    if loaded.schedule.is_some() {
        import::write_toml(&loaded)?;
    }
    Ok(())
}

/// A Primavera P6 XER export.
pub fn xer(data: &[u8]) -> Result<()> {
    import("fuzz.xer", Some(Format::Xer), data)
}

/// A Microsoft Project XML (MSPDI) file.
pub fn mspdi(data: &[u8]) -> Result<()> {
    import("fuzz.xml", Some(Format::Mspdi), data)
}

/// A GanttProject `.gan` file.
pub fn gan(data: &[u8]) -> Result<()> {
    import("fuzz.gan", Some(Format::Gan), data)
}

/// A CSV file through the dispatcher that reads its header: a task list, a Jira or an Asana
/// export.
pub fn csv(data: &[u8]) -> Result<()> {
    import("fuzz.csv", Some(Format::Csv), data)
}

/// A PSPLIB `.sm` instance.
pub fn psplib(data: &[u8]) -> Result<()> {
    import("fuzz.sm", Some(Format::Psplib), data)
}

/// A Patterson-format `.rcp` instance.
pub fn patterson(data: &[u8]) -> Result<()> {
    import("fuzz.rcp", Some(Format::Patterson), data)
}

/// A file of unknown format: detected from its content (the first byte picks the extension
/// it is named with, which breaks ties), then read as `run` and `check` read it.
pub fn detect(data: &[u8]) -> Result<()> {
    const EXTENSIONS: [&str; 8] = ["", "toml", "csv", "rcp", "xml", "xer", "sm", "gan"];
    let (ext, data) = match data.split_first() {
        Some((&b, rest)) => (EXTENSIONS[b as usize % EXTENSIONS.len()], rest),
        None => ("", data),
    };
    let name = if ext.is_empty() {
        "fuzz".to_string()
    } else {
        format!("fuzz.{ext}")
    };
    import(&name, None, data)
}
