//! Every instance of the PSPLIB sets in `../shared/data/psplib`, through `import::load` and
//! the compiler:
//!
//! - with the capacities ignored (`CompileOptions::ignore_capacities`), the deterministic
//!   finish is the file's MPM-Time, on every j30 and j120 instance;
//! - as imported (levelled by default), every deterministic plan is feasible (links, and
//!   capacities at every moment: `engine::leveling::check`) and never shorter than the
//!   published optimum or lower bound (or the critical path where a set gives none), on every
//!   j30 and Patterson instance and every tenth j120 one; the heuristic's mean deviation stays
//!   near what `benches/psplib_quality.rs` measures;
//! - iterations drawn with uncertain durations are feasible lane by lane.
//!
//! Instances run in parallel (rayon), each test over one set.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use riskplan::engine::block::Block;
use riskplan::engine::leveling::{baseline, check};
use riskplan::engine::{self, LANES};
use riskplan::import::{self, psplib};
use riskplan::model::{self, CompileOptions, Model};

use super::reference::{self, Reference};
use super::{allocations, data_set, demands, unlevelled};

/// Compile options that ignore the capacities.
fn ignoring() -> CompileOptions {
    CompileOptions {
        ignore_capacities: true,
        ..Default::default()
    }
}

/// The instances of a set folder (`.sm` or `.rcp`), by name.
fn instances(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the data folder lists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sm" || e == "rcp"))
        .collect();
    files.sort();
    files
}

/// An imported plan compiled as a user's would be: levelled, its order found with the
/// compiler's default number of schedules; or with `schedules` schedules (compiled with the
/// capacities ignored, so that the default search is not run first, then levelled).
fn levelled(loaded: &import::Loaded, schedules: Option<usize>) -> Model {
    let Some(s) = schedules else {
        let m = model::compile(&loaded.scenario, &loaded.source).expect("the instance compiles");
        assert!(m.leveling.active(), "an instance is levelled by default");
        return m;
    };
    let mut m = unlevelled(loaded);
    m.leveling.enforced = true;
    m.leveling.order = baseline::sequence(&m, s).order;
    m
}

/// The finish of the deterministic plan with capacities ignored: the critical path.
fn critical_path(m: &Model) -> f64 {
    let mut b = Block::new(m);
    b.inputs.most_likely(m);
    b.schedule(m);
    b.unconstrained[0]
}

#[test]
fn the_capacities_and_demands_of_j301_1_reach_the_model() {
    let Some(dir) = data_set("j30") else { return };
    let path = dir.join("j301_1.sm");
    let loaded = import::load(&path).expect("j301_1 loads");
    let schedule = loaded
        .schedule
        .as_ref()
        .expect("an import has its schedule");
    // RESOURCEAVAILABILITIES: R 1 R 2 R 3 R 4 = 12 13 4 12.
    let caps: Vec<(&str, Option<f64>)> = schedule
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r.capacity))
        .collect();
    assert_eq!(
        caps,
        [
            ("R1", Some(12.0)),
            ("R2", Some(13.0)),
            ("R3", Some(4.0)),
            ("R4", Some(12.0))
        ]
    );
    // REQUESTS/DURATIONS rows `3 1 4 10 0 0 0`, `11 1 9 0 5 0 0`, `26 1 7 0 0 4 0`,
    // `6 1 8 0 0 0 8`: one resource each.
    assert_eq!(demands(schedule, "j3"), [("R1", 10.0)]);
    assert_eq!(demands(schedule, "j11"), [("R2", 5.0)]);
    assert_eq!(demands(schedule, "j26"), [("R3", 4.0)]);
    assert_eq!(demands(schedule, "j6"), [("R4", 8.0)]);
    assert!(demands(schedule, "j1").is_empty() && demands(schedule, "j32").is_empty());
    // Every job but the two dummies asks for exactly one resource in this instance.
    assert_eq!(schedule.assignments.len(), 30);

    let m = model::compile(&loaded.scenario, &loaded.source).expect("j301_1 compiles");
    let roles: Vec<(&str, Option<f64>, f64)> = m
        .roles
        .iter()
        .map(|r| (r.name.as_str(), r.count, r.rate_per_day))
        .collect();
    assert_eq!(
        roles,
        [
            ("R1", Some(12.0), 0.0),
            ("R2", Some(13.0), 0.0),
            ("R3", Some(4.0), 0.0),
            ("R4", Some(12.0), 0.0)
        ]
    );
    assert_eq!(allocations(&m, "j3"), [("R1", 10.0)]);
    assert_eq!(allocations(&m, "j26"), [("R3", 4.0)]);
    assert_eq!(allocations(&m, "j6"), [("R4", 8.0)]);
    assert!(m.leveling.active());
    assert_eq!(m.leveling.resources.len(), 4);
    assert!(m.roles.iter().all(|r| r.payroll().is_none()));
    // Levelled, the published optimum; without the capacities, the MPM-Time.
    let plan = engine::deterministic(&m);
    check::plan(&m, &plan).expect("a feasible plan");
    assert_eq!(plan.totals.finish, 43.0, "the optimum");
    assert_eq!(
        engine::deterministic(&unlevelled(&loaded)).totals.finish,
        38.0,
        "MPM-Time"
    );
}

/// Checks every `.sm` file of `../shared/data/psplib/SET`: the forward pass of the imported
/// plan, compiled with its capacities ignored, equals the file's MPM-Time. Returns how many instances were checked (None when the
/// data folder is absent).
fn forward_pass_equals_mpm_time(set: &str) -> Option<usize> {
    let dir = data_set(set)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the data folder lists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sm"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let (schedule, inst) = match psplib::load(path) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!("{e}"));
                continue;
            }
        };
        let (sc, source) = match import::to_scenario(&schedule, path, &Default::default()) {
            Ok(x) => (x.scenario, x.source),
            Err(e) => {
                failures.push(format!("{e}"));
                continue;
            }
        };
        let m = match model::compile_with(&sc, &source, &ignoring()) {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{e}"));
                continue;
            }
        };
        assert_eq!(m.tasks.len(), schedule.tasks.len());
        assert!(!m.leveling.active() && !m.leveling.resources.is_empty());
        let finish = engine::deterministic(&m).totals.finish;
        if finish != inst.mpm_time as f64 {
            failures.push(format!(
                "{}: forward pass {finish}, MPM-Time {}",
                path.display(),
                inst.mpm_time
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} instances fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    Some(files.len())
}

#[test]
fn j30_forward_pass_equals_the_mpm_time_on_every_instance() {
    if let Some(n) = forward_pass_equals_mpm_time("j30") {
        assert_eq!(n, 480, "the j30 set has 480 instances");
    }
}

#[test]
fn j120_forward_pass_equals_the_mpm_time_on_every_instance() {
    if let Some(n) = forward_pass_equals_mpm_time("j120") {
        assert_eq!(n, 600, "the j120 set has 600 instances");
    }
}

/// What one instance's plan came to.
struct Outcome {
    name: String,
    makespan: f64,
    critical_path: f64,
    reference: Reference,
}

/// Levels every `every`-th instance of `set` with `schedules` schedules, checks each plan
/// (feasible; no shorter than the critical path or the published lower bound) and returns
/// the outcomes; None when the data folder is absent.
fn level_set(set: &str, every: usize, schedules: Option<usize>) -> Option<Vec<Outcome>> {
    let dir = data_set(set)?;
    let refs = reference::read(&dir).unwrap_or_else(|e| panic!("{e}"));
    let files: Vec<PathBuf> = instances(&dir).into_iter().step_by(every).collect();
    let outcomes: Vec<Result<Outcome, String>> = files
        .par_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let reference = *refs
                .get(&name)
                .ok_or_else(|| format!("{name}: no published optimum or bounds"))?;
            let loaded = import::load(path).map_err(|e| e.to_string())?;
            let m = levelled(&loaded, schedules);
            let plan = engine::deterministic(&m);
            check::plan(&m, &plan).map_err(|e| format!("{name}: infeasible plan: {e}"))?;
            let o = Outcome {
                makespan: plan.totals.finish,
                critical_path: critical_path(&m),
                reference,
                name,
            };
            let lower = o.reference.lower.unwrap_or(0.0).max(o.critical_path);
            if o.makespan < lower - 1e-9 {
                return Err(format!(
                    "{}: makespan {} is below the lower bound {lower}",
                    o.name, o.makespan
                ));
            }
            Ok(o)
        })
        .collect();
    let failures: Vec<&String> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} instances of {set} fail:\n{}",
        failures.len(),
        outcomes.len(),
        failures
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    Some(outcomes.into_iter().map(Result::unwrap).collect())
}

/// The mean of (makespan - to) / to over the outcomes.
fn mean_deviation(out: &[Outcome], to: impl Fn(&Outcome) -> f64) -> f64 {
    out.iter()
        .map(|o| (o.makespan - to(o)) / to(o))
        .sum::<f64>()
        / out.len() as f64
}

#[test]
fn every_j30_plan_is_feasible_and_never_shorter_than_the_optimum() {
    let Some(out) = level_set("j30", 1, None) else {
        return;
    };
    assert_eq!(out.len(), 480);
    assert!(out.iter().all(|o| o.reference.is_optimum()));
    // The benchmark measures 0.15% at the compiler's default of 5,000 schedules.
    let dev = mean_deviation(&out, |o| o.reference.upper);
    assert!(dev < 0.003, "mean deviation from the optimum {dev}");
}

#[test]
fn a_sample_of_j120_plans_is_feasible_and_never_shorter_than_the_lower_bound() {
    // Every tenth instance at 500 schedules: the compiler's default of 5,000 takes about
    // half a second per instance.
    let Some(out) = level_set("j120", 10, Some(500)) else {
        return;
    };
    assert_eq!(out.len(), 60);
    let dev = mean_deviation(&out, |o| o.critical_path);
    assert!(dev < 0.40, "mean deviation from the critical path {dev}");
}

#[test]
fn every_patterson_plan_is_feasible_and_never_shorter_than_the_optimum() {
    let Some(out) = level_set("patterson", 1, Some(1000)) else {
        return;
    };
    assert_eq!(out.len(), 110);
    let dev = mean_deviation(&out, |o| o.reference.upper);
    assert!(dev < 0.01, "mean deviation from the optimum {dev}");
}

#[test]
fn levelled_iterations_with_uncertain_durations_are_feasible() {
    // An easy and a hard j30 instance, a j120 one and a Patterson one, each job's duration
    // made uncertain (a `high` risk level around the file's value).
    let cases = [
        ("j30", "j301_1.sm"),
        ("j30", "j3021_1.sm"),
        ("j120", "j12010_1.sm"),
        ("patterson", "pat9.rcp"),
    ];
    for (set, file) in cases {
        let Some(dir) = data_set(set) else { return };
        let mut loaded = import::load(&dir.join(file)).expect("the instance loads");
        let plain = levelled(&loaded, Some(200));
        for t in &mut loaded.scenario.tasks {
            let e = t.estimate.as_mut().expect("an estimate").get_mut();
            if let Some(d) = e.fixed.filter(|&d| d > 0.0) {
                e.fixed = None;
                e.likely = Some(d);
                e.risk = Some("high".into());
            }
        }
        let m = levelled(&loaded, Some(200));
        // The most likely durations are the file's: the same plan.
        assert_eq!(
            engine::deterministic(&m).totals.finish,
            engine::deterministic(&plain).totals.finish,
            "{file}"
        );
        let mut b = Block::new(&m);
        let mut spread = (f64::INFINITY, 0.0f64);
        for block in 0..8u64 {
            b.inputs.draw(&m, 7, block * LANES as u64, LANES, None);
            b.schedule(&m);
            for l in 0..LANES {
                if let Err(e) = check::lane(&m, &b.inputs.duration, &b.times, l) {
                    panic!("{file}, block {block}, lane {l}: {e}");
                }
                let finish = b.totals[l].finish;
                assert!(
                    finish >= b.unconstrained[l] - 1e-9,
                    "{file}: levelled {finish} before the critical path {}",
                    b.unconstrained[l]
                );
                spread = (spread.0.min(finish), spread.1.max(finish));
            }
        }
        assert!(spread.1 > spread.0, "{file}: the durations did not vary");
    }
}
