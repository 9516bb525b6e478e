//! One case of the corpus through the library as the binary takes it: read in the format its
//! content shows, compiled as `check` compiles it (as written and with each of its plans) and
//! as `run` does with its mitigations in force, then a short run of the scenario as written,
//! whose report must hold finite figures only. What comes out is the line a user would read.

use std::panic::AssertUnwindSafe;

use riskplan::import::{self, ImportOptions};
use riskplan::model::{self, CompileOptions, Mitigations, Model};
use riskplan::scenario::Source;
use riskplan::{Error, analysis, engine};

/// Iterations of the short run: one block of the engine's lanes, enough for every figure of
/// the report to be computed.
const ITERATIONS: u64 = 16;

/// What became of a case.
pub enum Verdict {
    /// Refused: the exit code the binary gives and the message it prints after `error: `.
    Refused { code: i32, message: String },
    /// Taken: the report's figures that are not finite (none when all is well).
    Accepted { non_finite: Vec<String> },
    /// A panic, with its message: never acceptable.
    Panicked(String),
}

impl Verdict {
    /// Bad input refused as such (exit code 2), or accepted; not a panic, nor bad input
    /// taken for a failure of riskplan's own (exit code 1).
    pub fn is_acceptable(&self) -> bool {
        match self {
            Verdict::Refused { code, .. } => *code == 2,
            Verdict::Accepted { .. } => true,
            Verdict::Panicked(_) => false,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Refused { code, message } => write!(f, "{code}, {message}"),
            Verdict::Accepted { non_finite } if non_finite.is_empty() => f.write_str("accepted"),
            Verdict::Accepted { non_finite } => {
                let shown = non_finite.len().min(3);
                write!(
                    f,
                    "accepted, with non-finite figures in the report: {}",
                    non_finite[..shown].join(", ")
                )?;
                match non_finite.len() - shown {
                    0 => Ok(()),
                    more => write!(f, " and {more} more"),
                }
            }
            Verdict::Panicked(message) => write!(f, "PANIC: {message}"),
        }
    }
}

/// Runs one case.
pub fn judge(file: Source, options: &ImportOptions) -> Verdict {
    match std::panic::catch_unwind(AssertUnwindSafe(|| run(file, options))) {
        Ok(Ok(non_finite)) => Verdict::Accepted { non_finite },
        Ok(Err(e)) => Verdict::Refused {
            code: if e.is_bad_input() { 2 } else { 1 },
            message: e.to_string().replace('\n', "\n    "),
        },
        Err(payload) => Verdict::Panicked(
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

/// `check`, then a short `run`: the paths of the non-finite figures of its report.
fn run(file: Source, options: &ImportOptions) -> Result<Vec<String>, Error> {
    let loaded = import::parse(file, options)?;
    let compile = |o: &CompileOptions| model::compile_with(&loaded.scenario, &loaded.source, o);
    let model = compile(&CompileOptions::default())?;
    for plan in &model.plans {
        compile(&CompileOptions::plan(plan))?;
    }
    compile(&CompileOptions {
        mitigations: Mitigations::All,
        ..CompileOptions::default()
    })?;
    Ok(report_non_finite(&model))
}

/// The paths of the figures of a short run's report that are NaN or infinite.
fn report_non_finite(model: &Model) -> Vec<String> {
    let outcomes = engine::simulate(model, engine::SimOptions::new(1), 0..ITERATIONS, &|_| {});
    let report = analysis::analyse(model, &engine::deterministic(model), &outcomes);
    crate::common::non_finite(&report)
}
