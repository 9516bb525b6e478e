//! What the crate's unit tests share: a scenario text compiled to a model, and a model
//! simulated and analysed into its report.

use crate::engine::{self, SimOptions};
use crate::model::Model;
use crate::report::Report;
use crate::scenario::{self, Source};

/// The model of a scenario text that must parse and compile.
pub(crate) fn compile(text: &str) -> Model {
    let source = Source {
        path: "test.toml".into(),
        text: text.into(),
    };
    let sc = scenario::parse(&source).expect("scenario parses");
    crate::model::compile(&sc, &source).expect("scenario compiles")
}

/// The report of `n` iterations of `model` with `seed`.
pub(crate) fn report(model: &Model, n: u64, seed: u64) -> Report {
    let out = engine::simulate(model, SimOptions::new(seed), 0..n, &|_| {});
    crate::analysis::analyse(model, &engine::deterministic(model), &out)
}
