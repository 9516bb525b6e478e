//! Benchmarks of the levelled engine: the serial schedule generation scheme in every iteration.
//!
//! - `levelled/bench-1000-levelled/*`: `engine::simulate` of 10,000 iterations of
//!   `scenarios/bench-1000-levelled.toml` (1,000 tasks, five teams and three instance quotas
//!   that bind), on all cores and on one thread; the first `ONE_MORE_ITERATIONS` of them are
//!   also levelled with one more unit of each resource, as every run does.
//! - `levelled/j120/*`: 100,000 iterations of a PSPLIB j120 instance (120 jobs, four renewable
//!   resources), read from `../shared/data/psplib/j120`.
//! - `block/*`: levelling one block of 16 iterations, the scheme alone.
//! - `baseline/*`: the multi-pass heuristic behind the deterministic plan's order, with its
//!   default number of schedules.
//!
//! Run with `cargo bench --bench leveling` (about two minutes). The unlevelled engine has its
//! own benchmarks in `benches/engine.rs`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use riskplan::engine::inputs::Inputs;
use riskplan::engine::leveling::{Leveler, baseline};
use riskplan::engine::network::Times;
use riskplan::{engine, import, model};

const SEED: u64 = 42;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn load(path: &Path) -> model::Model {
    let loaded = import::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    model::compile(&loaded.scenario, &loaded.source)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The plans: (name, path, iterations per call). The j120 instance is left out, with a
/// message, where the shared data is not there.
fn plans() -> Vec<(&'static str, model::Model, u64)> {
    let mut out = vec![(
        "bench-1000-levelled",
        load(&repo("scenarios/bench-1000-levelled.toml")),
        10_000,
    )];
    let j120 = repo("../shared/data/psplib/j120/j1201_1.sm");
    if j120.exists() {
        out.push(("j120", load(&j120), 100_000));
    } else {
        eprintln!(
            "{} is not there: the j120 benchmarks are skipped",
            j120.display()
        );
    }
    out
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

fn levelled(c: &mut Criterion) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("levelled");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    for (name, model, iterations) in plans() {
        assert!(model.leveling.active(), "{name} is levelled");
        group.throughput(Throughput::Elements(iterations * model.tasks.len() as u64));
        for (label, threads) in [("all-cores", cores), ("1-thread", 1)] {
            let pool = pool(threads);
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        engine::simulate(
                            black_box(&model),
                            engine::SimOptions::new(SEED),
                            0..iterations,
                            &|_| {},
                        )
                    })
                })
            });
        }
    }
    group.finish();
}

fn block(c: &mut Criterion) {
    let mut group = c.benchmark_group("block");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    for (name, model, _) in plans() {
        let mut inputs = Inputs::new(&model);
        inputs.draw(&model, SEED, 0, engine::LANES, None);
        let mut leveler = Leveler::new(&model);
        let mut times = Times::new(model.tasks.len());
        group.throughput(Throughput::Elements(
            (engine::LANES * model.tasks.len()) as u64,
        ));
        group.bench_function(name, |b| {
            b.iter(|| leveler.level(black_box(&model), &inputs.duration, &mut times))
        });
    }
    group.finish();
}

fn baseline(c: &mut Criterion) {
    let mut group = c.benchmark_group("baseline");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (name, model, _) in plans() {
        let schedules = baseline::default_schedules(model.tasks.len());
        group.bench_function(format!("{name}/{schedules}-schedules"), |b| {
            b.iter(|| baseline::sequence(black_box(&model), schedules))
        });
    }
    group.finish();
}

criterion_group!(benches, levelled, block, baseline);
criterion_main!(benches);
