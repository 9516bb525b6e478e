//! Properties of every valid scenario, over scenarios drawn at random (`generate`): it
//! compiles, as written and with each of its plans; simulating it never panics; its report
//! holds no NaN or infinite figure; every set of percentiles (of the finish, its dates and
//! sprints, costs, tasks, milestones) is in order; and the same seed gives the same JSON on 1
//! and on 3 threads.

mod generate;

use std::sync::OnceLock;

use proptest::prelude::*;
use riskplan::model::{self, CompileOptions, Mitigations, Model};
use riskplan::report::Report;
use riskplan::scenario::{self, Source};
use riskplan::{analysis, engine};

use crate::common::non_finite;

/// Iterations of each run: enough for every figure of the report.
const ITERATIONS: u64 = 200;

/// Worker pools of 1 and 3 threads, made once.
fn pool(threads: usize) -> &'static rayon::ThreadPool {
    static POOLS: OnceLock<[rayon::ThreadPool; 2]> = OnceLock::new();
    let pools = POOLS.get_or_init(|| {
        [1, 3].map(|t| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .expect("a thread pool")
        })
    });
    &pools[usize::from(threads != 1)]
}

fn report(model: &Model, opts: engine::SimOptions, threads: usize) -> Report {
    pool(threads).install(|| {
        let out = engine::simulate(model, opts, 0..ITERATIONS, &|_| {});
        analysis::analyse(model, &engine::deterministic(model), &out)
    })
}

/// The sets of percentiles (objects with `p10`, `p50`, ...) in `value` that are out of
/// order, numbers or ISO dates; standard errors are not percentiles and are left out.
fn disordered(path: &str, value: &serde_json::Value, found: &mut Vec<String>) {
    use serde_json::Value as V;
    match value {
        V::Object(map) => {
            let keys = ["p10", "p50", "p80", "p90", "p95", "p99"];
            let ps: Vec<&V> = keys.iter().filter_map(|k| map.get(*k)).collect();
            let ordered = ps.windows(2).all(|w| match (w[0], w[1]) {
                (V::Number(a), V::Number(b)) => a.as_f64() <= b.as_f64(),
                (V::String(a), V::String(b)) => a <= b,
                _ => false,
            });
            if ps.len() > 1 && !ordered && !path.contains("standard_error") {
                found.push(format!("{path}: {value}"));
            }
            for (k, v) in map {
                disordered(&format!("{path}.{k}"), v, found);
            }
        }
        V::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                disordered(&format!("{path}[{i}]"), v, found);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn valid_scenarios_run_to_finite_ordered_figures_the_same_on_any_thread_count(
        spec in generate::scenario(),
        seed in any::<u64>(),
        plan in 0..3usize,
        lhs in any::<bool>(),
        mitigated in any::<bool>(),
    ) {
        let text = spec.toml();
        let source = Source { path: "generated.toml".into(), text: text.clone() };
        let sc = scenario::parse(&source).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let compile = |o: &CompileOptions| {
            model::compile_with(&sc, &source, o).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))
        };
        let options = CompileOptions {
            mitigations: if mitigated { Mitigations::All } else { Mitigations::None },
            ..CompileOptions::default()
        };
        let mut model = compile(&options)?;
        for name in model.plans.clone() {
            let planned = compile(&CompileOptions { plan: Some(name.clone()), ..options.clone() })?;
            if plan == 1 + usize::from(name == "spot") {
                model = planned;
            }
        }
        let opts = engine::SimOptions {
            seed,
            sampling: if lhs { engine::Sampling::LatinHypercube } else { engine::Sampling::Random },
        };
        let one = report(&model, opts, 1);
        let bad = non_finite(&one);
        prop_assert!(bad.is_empty(), "non-finite figures {bad:?}\n{text}");
        let json = serde_json::to_value(&one).expect("a report serializes");
        let mut found = Vec::new();
        disordered("", &json, &mut found);
        prop_assert!(found.is_empty(), "percentiles out of order {found:?}\n{text}");
        let three = report(&model, opts, 3);
        prop_assert!(
            serde_json::to_string(&one).ok() == serde_json::to_string(&three).ok(),
            "1 and 3 threads give different reports\n{text}"
        );
    }
}

#[test]
fn the_checks_find_what_they_look_for() {
    // Percentiles out of order, as numbers and as dates; standard errors are not percentiles.
    let json = serde_json::json!({
        "cost": { "p10": 5.0, "p50": 4.0, "p80": 6.0 },
        "finish_date": { "p10": "2027-02-01", "p50": "2027-01-31" },
        "ok": { "p10": 1.0, "p50": 1.0, "p80": 2.0, "p99": 3.0 },
        "standard_error": { "cost": { "p10": 9.0, "p50": 1.0 } },
    });
    let mut found = Vec::new();
    disordered("", &json, &mut found);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with(".cost:") && found[1].starts_with(".finish_date:"));
    // NaN and infinities, wherever they sit; JSON would write them as null.
    #[derive(serde::Serialize)]
    struct Figures {
        fine: f64,
        nested: Vec<(String, f64)>,
        missing: Option<f64>,
    }
    let figures = Figures {
        fine: 1.0,
        nested: vec![("a".into(), f64::NAN), ("b".into(), f64::NEG_INFINITY)],
        missing: None,
    };
    assert_eq!(
        non_finite(&figures),
        ["nested[0][1] = NaN", "nested[1][1] = -inf"]
    );
}
