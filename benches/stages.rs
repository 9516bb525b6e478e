//! The engine stage by stage, so that a regression points at its stage: each benchmark runs
//! one stage over `BLOCKS` blocks of `engine::LANES` iterations of `scenarios/bench-1000.toml`
//! (1,000 tasks), on one thread, with throughput in task-samples (iterations x tasks).
//!
//! - `stage/draw`: drawing the inputs (uniforms, quantiles, compute runs) into a block;
//! - `stage/forward-pass`: the schedule with capacities ignored;
//! - `stage/levelling`: the serial schedule generation of `bench-1000-levelled.toml`;
//! - `stage/costs`: the roll-up of costs, person-days and instance-hours;
//! - `stage/criticality`: the critical path of every lane;
//! - `stage/statistics`: the per-task accumulators (criticality counts, duration histograms,
//!   start and finish days, sums), flushed as a run flushes them;
//! - `stage/analysis`: `analysis::analyse` of 100,000 iterations (all cores), what a run does
//!   once the simulation is over; throughput in iterations.
//!
//! Run with `cargo bench --bench stages` (about a minute).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use riskplan::engine::block::Block;
use riskplan::engine::leveling::Leveler;
use riskplan::engine::network::{self, Times};
use riskplan::engine::{LANES, TaskStats, cost, critical};
use riskplan::{analysis, engine, model, scenario};

const SEED: u64 = 42;
/// Blocks per measured call: 1,024 iterations.
const BLOCKS: usize = 64;
/// Distinct blocks drawn for the stages after the draw, used in turn.
const DRAWN: usize = 8;

fn load(file: &str) -> model::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    let (sc, source) = scenario::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    model::compile(&sc, &source).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `DRAWN` blocks of the model, drawn and scheduled.
fn drawn(model: &model::Model) -> Vec<Block> {
    (0..DRAWN)
        .map(|k| {
            let mut b = Block::new(model);
            b.inputs.draw(model, SEED, (k * LANES) as u64, LANES, None);
            b.schedule(model);
            b
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let model = load("bench-1000.toml");
    let levelled = load("bench-1000-levelled.toml");
    let mut group = c.benchmark_group("stage");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(
            (BLOCKS * LANES * model.tasks.len()) as u64,
        ));

    let mut block = Block::new(&model);
    group.bench_function("draw", |b| {
        b.iter(|| {
            for k in 0..BLOCKS {
                block
                    .inputs
                    .draw(&model, SEED, (k * LANES) as u64, LANES, None);
            }
            black_box(&block.inputs.duration);
        })
    });

    let mut blocks = drawn(&model);
    let mut times = Times::new(model.tasks.len());
    group.bench_function("forward-pass", |b| {
        b.iter(|| {
            for k in 0..BLOCKS {
                let d = &blocks[k % DRAWN].inputs.duration;
                network::forward_pass(&model, d, &mut times);
            }
            black_box(&times.finish);
        })
    });

    group.bench_function("costs", |b| {
        b.iter(|| {
            for k in 0..BLOCKS {
                let x = &mut blocks[k % DRAWN];
                cost::roll_up(&model, &x.inputs, &x.times, &mut x.usage, &mut x.totals);
            }
            black_box(&blocks[0].totals);
        })
    });

    group.bench_function("criticality", |b| {
        b.iter(|| {
            for k in 0..BLOCKS {
                let x = &mut blocks[k % DRAWN];
                let end = x.totals.map(|t| t.finish);
                critical::mark(&model, &x.inputs.duration, &x.times, &end, &mut x.critical);
            }
            black_box(&blocks[0].critical);
        })
    });

    let mut stats = TaskStats::new(model.tasks.len());
    group.bench_function("statistics", |b| {
        b.iter(|| {
            for k in 0..BLOCKS {
                let x = &blocks[k % DRAWN];
                stats.record(&model, &x.inputs.duration, &x.critical, &x.times, LANES);
            }
            stats.flush();
            black_box(&stats.critical);
        })
    });

    let lev_blocks = drawn(&levelled);
    let mut leveler = Leveler::new(&levelled);
    let mut lev_times = Times::new(levelled.tasks.len());
    group.throughput(Throughput::Elements(
        (BLOCKS * LANES * levelled.tasks.len()) as u64,
    ));
    group.bench_function("levelling", |b| {
        b.iter(|| {
            for k in 0..BLOCKS {
                let d = &lev_blocks[k % DRAWN].inputs.duration;
                leveler.level(&levelled, d, &mut lev_times);
            }
            black_box(&lev_times.finish);
        })
    });
    group.finish();

    let mut group = c.benchmark_group("stage");
    let iterations = 100_000u64;
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(iterations));
    let outcomes = engine::simulate(
        &model,
        engine::SimOptions::new(SEED),
        0..iterations,
        &|_| {},
    );
    let det = engine::deterministic(&model);
    group.bench_function("analysis", |b| {
        b.iter(|| analysis::analyse(black_box(&model), &det, black_box(&outcomes)))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
