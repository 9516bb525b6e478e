//! Benchmarks of the engine on the generated plans in `scenarios/`: `bench-1000.toml`
//! (1,000 tasks) and `bench-100.toml` (100 tasks), both written by the generator in
//! `tests/integration/scenarios.rs`.
//!
//! - `simulate/*`: `engine::simulate`, 10,000 iterations per sample, on all cores and on one
//!   thread; throughput in task-samples (iterations x tasks), the unit `../shared/design.md`
//!   compares with the hardware's limit.
//! - `analyse/*`: `analysis::analyse` of those outcomes (percentiles, criticality, sensitivity).
//! - `compile/*`: parsing and compiling the scenario file.
//! - `shards/*`: what `merge` does per shard: decode a shard's outcomes (`engine::codec`) and
//!   merge them onto the outcomes so far; and encoding them, as `run --shard` does.
//!
//! Run with `cargo bench --bench engine` (about two minutes); a filter picks benchmarks, e.g.
//! `cargo bench --bench engine -- simulate/bench-1000`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use riskplan::{analysis, engine, model, scenario};

/// Iterations per measured call of `simulate`.
const ITERATIONS: usize = 10_000;
const SEED: u64 = 42;

/// The benchmark plans: (name, file).
const PLANS: [(&str, &str); 2] = [
    ("bench-1000", "bench-1000.toml"),
    ("bench-100", "bench-100.toml"),
];

fn path_of(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file)
}

fn load(file: &str) -> model::Model {
    let path = path_of(file);
    let (sc, source) = scenario::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    model::compile(&sc, &source).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

/// Measurement time per benchmark: enough for ten calls on the 1,000-task plan.
fn budget(model: &model::Model) -> Duration {
    Duration::from_secs(if model.tasks.len() >= 1000 { 10 } else { 3 })
}

/// A group for calls of a tenth of a second or more: one call per sample, ten samples.
fn slow_group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1));
    group
}

fn simulate(c: &mut Criterion) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = slow_group(c, "simulate");
    for (name, file) in PLANS {
        let model = load(file);
        group.measurement_time(budget(&model));
        group.throughput(Throughput::Elements(
            (ITERATIONS * model.tasks.len()) as u64,
        ));
        for (label, threads) in [("all-cores", cores), ("1-thread", 1)] {
            let pool = pool(threads);
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        engine::simulate(
                            black_box(&model),
                            engine::SimOptions::new(SEED),
                            0..ITERATIONS as u64,
                            &|_| {},
                        )
                    })
                })
            });
        }
    }
    group.finish();
}

fn analyse(c: &mut Criterion) {
    let mut group = slow_group(c, "analyse");
    for (name, file) in PLANS {
        let model = load(file);
        group.measurement_time(budget(&model));
        let outcomes = engine::simulate(
            &model,
            engine::SimOptions::new(SEED),
            0..ITERATIONS as u64,
            &|_| {},
        );
        let det = engine::deterministic(&model);
        group.throughput(Throughput::Elements(ITERATIONS as u64));
        group.bench_function(name, |b| {
            b.iter(|| analysis::analyse(black_box(&model), &det, black_box(&outcomes)))
        });
    }
    group.finish();
}

fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    for (name, file) in PLANS {
        let path = path_of(file);
        let text = std::fs::read_to_string(&path).expect("a readable scenario");
        group.bench_function(name, |b| {
            b.iter(|| {
                let source = scenario::Source {
                    path: path.clone(),
                    text: black_box(text.clone()),
                };
                let sc = scenario::parse(&source).expect("parses");
                model::compile(&sc, &source).expect("compiles")
            })
        });
    }
    group.finish();
}

fn shards(c: &mut Criterion) {
    let mut group = slow_group(c, "shards");
    for (name, file) in PLANS {
        let model = load(file);
        let half = ITERATIONS as u64 / 2;
        let sim = |range| engine::simulate(&model, engine::SimOptions::new(SEED), range, &|_| {});
        let (first, second) = (sim(0..half), sim(half..2 * half));
        let mut bytes = Vec::new();
        engine::codec::encode(&second, &mut bytes);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{name}/encode"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(bytes.len());
                engine::codec::encode(black_box(&second), &mut out);
                out
            })
        });
        group.bench_function(format!("{name}/decode-and-merge"), |b| {
            b.iter(|| {
                let next =
                    engine::codec::decode(&mut black_box(bytes.as_slice())).expect("decodes");
                first.clone().merge(next).expect("adjacent")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, simulate, analyse, compile, shards);
criterion_main!(benches);
