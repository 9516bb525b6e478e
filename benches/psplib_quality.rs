//! How good the deterministic levelling heuristic is, on the PSPLIB sets in
//! `../shared/data/psplib`: the makespan of the plan it finds for each instance, against the
//! optimum (j30, Patterson), the best known upper bound (j120) and the critical-path bound
//! (the file's MPM-Time, or the unconstrained finish), the measures the literature compares
//! heuristics by at a fixed number of schedules per instance.
//!
//! ```sh
//! cargo bench --bench psplib_quality                       # j30 and j120, 5,000 schedules
//! cargo bench --bench psplib_quality -- --schedules 1000 --set j30
//! ```
//!
//! Options: `--schedules N` (default 5,000), `--set j30|j120|patterson|all` (default j30 and
//! j120; repeatable), `--every K` (every K-th instance only, for quick comparisons),
//! `--data DIR` (default `../shared/data/psplib`), `--threads T` (default all cores;
//! instances run in parallel, each on one thread; the time per instance is the heuristic's
//! alone). Every plan found is checked for feasibility (links and capacities at every moment)
//! and against the lower bounds before it is counted.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use riskplan::engine::{self, leveling::baseline, leveling::check};
use riskplan::import;
use riskplan::model;

#[path = "../tests/integration/psplib/reference.rs"]
mod reference;

use reference::Reference;

/// What the command line asked for.
struct Options {
    schedules: usize,
    sets: Vec<String>,
    data: PathBuf,
    threads: Option<usize>,
    /// Every how many instances one is taken (1: all).
    every: usize,
}

fn options() -> Options {
    let mut o = Options {
        schedules: baseline::MAX_SCHEDULES,
        sets: Vec::new(),
        data: Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/psplib"),
        threads: None,
        every: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| fail(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--schedules" => {
                o.schedules = value("--schedules")
                    .parse()
                    .unwrap_or_else(|_| fail("--schedules takes a whole number"))
            }
            "--set" => match value("--set").as_str() {
                "all" => o
                    .sets
                    .extend(["j30", "j120", "patterson"].map(String::from)),
                s @ ("j30" | "j120" | "patterson") => o.sets.push(s.into()),
                s => fail(&format!("unknown set `{s}`: j30, j120, patterson or all")),
            },
            "--data" => o.data = value("--data").into(),
            "--threads" => {
                o.threads = Some(
                    value("--threads")
                        .parse()
                        .unwrap_or_else(|_| fail("--threads takes a whole number")),
                )
            }
            "--every" => {
                o.every = value("--every")
                    .parse()
                    .ok()
                    .filter(|&k| k > 0)
                    .unwrap_or_else(|| fail("--every takes a whole number of 1 or more"))
            }
            // What `cargo bench` passes to every bench target.
            "--bench" => {}
            other => fail(&format!("unknown argument `{other}`")),
        }
    }
    if o.sets.is_empty() {
        o.sets = vec!["j30".into(), "j120".into()];
    }
    o
}

fn fail(message: &str) -> ! {
    eprintln!("psplib_quality: {message}");
    std::process::exit(2)
}

/// One instance's result.
struct Outcome {
    name: String,
    makespan: f64,
    /// The critical-path length (resources ignored).
    critical_path: f64,
    reference: Reference,
    schedules: usize,
    time: Duration,
}

fn solve(path: &Path, reference: Reference, schedules: usize) -> Outcome {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let loaded = import::load(path).unwrap_or_else(|e| fail(&e.to_string()));
    // Compiled with the capacities ignored, so that the compiler does not search at its
    // default budget first; then levelled.
    let options = model::CompileOptions {
        ignore_capacities: true,
        ..Default::default()
    };
    let mut m = model::compile_with(&loaded.scenario, &loaded.source, &options)
        .unwrap_or_else(|e| fail(&e.to_string()));
    let critical_path = engine::deterministic(&m).totals.finish;
    m.leveling.enforced = true;
    let t = Instant::now();
    let found = baseline::sequence(&m, schedules);
    let time = t.elapsed();
    m.leveling.order = found.order;
    let plan = engine::deterministic(&m);
    if let Err(e) = check::plan(&m, &plan) {
        fail(&format!("{name}: the plan found is not feasible: {e}"));
    }
    Outcome {
        name,
        makespan: plan.totals.finish,
        critical_path,
        reference,
        schedules: found.schedules,
        time,
    }
}

fn percent(x: f64) -> String {
    format!("{:.2}%", 100.0 * x)
}

fn report(set: &str, out: &[Outcome], wall: Duration, threads: usize) {
    let n = out.len() as f64;
    let mean = |f: &dyn Fn(&Outcome) -> f64| out.iter().map(f).sum::<f64>() / n;
    let dev = |o: &Outcome, to: f64| (o.makespan - to) / to;
    let line = |label: &str, value: String| println!("  {label:<46} {value}");
    let schedules = mean(&|o| o.schedules as f64);
    println!(
        "PSPLIB {set}: {} instances, {schedules:.0} schedules per instance",
        out.len()
    );
    let what = if out.iter().all(|o| o.reference.is_optimum()) {
        "the optimum"
    } else {
        "the best known upper bound"
    };
    line(
        &format!("mean deviation from {what}"),
        percent(mean(&|o| dev(o, o.reference.upper))),
    );
    let at = out
        .iter()
        .filter(|o| o.makespan <= o.reference.upper + 1e-9)
        .count();
    line(
        &format!("at {what}"),
        format!("{at} ({})", percent(at as f64 / n)),
    );
    let worst = out
        .iter()
        .max_by(|a, b| dev(a, a.reference.upper).total_cmp(&dev(b, b.reference.upper)))
        .expect("a set has instances");
    let largest = dev(worst, worst.reference.upper);
    line(
        "largest deviation from it",
        if largest > 0.0 {
            format!("{} ({})", percent(largest), worst.name)
        } else {
            percent(0.0)
        },
    );
    line(
        "mean deviation from the critical path",
        percent(mean(&|o| dev(o, o.critical_path))),
    );
    let below = out
        .iter()
        .filter(|o| o.makespan < o.reference.lower.unwrap_or(0.0).max(o.critical_path) - 1e-9)
        .count();
    if below > 0 {
        line("BELOW A LOWER BOUND", format!("{below} instances"));
    }
    let cpu: Duration = out.iter().map(|o| o.time).sum();
    line(
        "time",
        format!(
            "{:.1} s on {threads} threads; {:.1} ms per instance",
            wall.as_secs_f64(),
            cpu.as_secs_f64() * 1e3 / n
        ),
    );
}

fn main() {
    let o = options();
    if let Some(t) = o.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build_global()
            .unwrap_or_else(|e| fail(&format!("{e}")));
    }
    for set in &o.sets {
        let dir = o.data.join(set);
        if !dir.is_dir() {
            fail(&format!("{} is absent", dir.display()));
        }
        let refs = reference::read(&dir).unwrap_or_else(|e| fail(&e));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "sm" || e == "rcp"))
            .collect();
        files.sort();
        let files: Vec<PathBuf> = files.into_iter().step_by(o.every).collect();
        let t = Instant::now();
        let out: Vec<Outcome> = files
            .par_iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                let r = *refs
                    .get(name.as_ref())
                    .unwrap_or_else(|| fail(&format!("{name} has no reference")));
                solve(p, r, o.schedules)
            })
            .collect();
        report(set, &out, t.elapsed(), rayon::current_num_threads());
    }
}
