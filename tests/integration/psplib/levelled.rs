//! PSPLIB instances levelled with their capacities: every deterministic plan is feasible
//! (links, and capacities at every moment: `engine::leveling::check`) and never shorter than
//! the published optimum or lower bound; so are iterations drawn with uncertain durations;
//! and the heuristic's mean deviation stays near what `benches/psplib_quality.rs` measures.
//! Instances run in parallel (rayon), each test over one set.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use riskplan::engine::block::Block;
use riskplan::engine::leveling::{baseline, check};
use riskplan::engine::{self, LANES};
use riskplan::import;
use riskplan::model::{self, Model, Resource, ResourceKind};

use super::data_set;
use super::reference::{self, Reference};

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

/// Puts the roles' counts in force as capacities, with the tasks' allocations as demands.
fn with_capacities(m: &mut Model) {
    let lev = &mut m.leveling;
    lev.resources = m
        .roles
        .iter()
        .enumerate()
        .filter_map(|(r, role)| {
            Some(Resource {
                name: role.name.clone(),
                kind: ResourceKind::Role(r as u32),
                capacity: role.count?,
                from: role.joins,
            })
        })
        .collect();
    lev.demand_offsets = vec![0];
    lev.demands.clear();
    for t in &m.tasks {
        for &(r, units) in &t.people {
            if let Some(k) = lev
                .resources
                .iter()
                .position(|x| x.kind == ResourceKind::Role(r))
            {
                lev.demands.push((k as u32, units));
            }
        }
        lev.demand_offsets.push(lev.demands.len() as u32);
    }
    lev.enforced = true;
}

/// An imported plan, compiled, with its capacities in force.
fn compiled(loaded: &import::Loaded) -> Model {
    let mut m = model::compile(&loaded.scenario, &loaded.source).expect("the instance compiles");
    with_capacities(&mut m);
    m
}

/// Its levelling order found with `schedules` schedules (None: the compiler's default).
fn sequenced(mut m: Model, schedules: Option<usize>) -> Model {
    match schedules {
        Some(s) => m.leveling.order = baseline::sequence(&m, s).order,
        None => model::sequence(&mut m),
    }
    m
}

/// The finish of the deterministic plan with capacities ignored: the critical path.
fn critical_path(m: &Model) -> f64 {
    let mut b = Block::new(m);
    b.inputs.most_likely(m);
    b.schedule(m);
    b.unconstrained[0]
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
            let m = sequenced(compiled(&loaded), schedules);
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
        let plain = sequenced(compiled(&loaded), Some(200));
        for t in &mut loaded.scenario.tasks {
            let e = t.estimate.as_mut().expect("an estimate").get_mut();
            if let Some(d) = e.fixed.filter(|&d| d > 0.0) {
                e.fixed = None;
                e.likely = Some(d);
                e.risk = Some("high".into());
            }
        }
        let m = sequenced(compiled(&loaded), Some(200));
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
