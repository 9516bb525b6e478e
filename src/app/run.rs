//! `riskplan run`: one plan of a scenario, simulated over every iteration, one shard of them,
//! or in rounds until the target percentile is known to the precision asked for; with the
//! variants that show what the risk register's mitigations buy.

use std::ops::Range;

use anyhow::Result;

use riskplan::Error;
use riskplan::analysis;
use riskplan::engine::memory::Footprint;
use riskplan::engine::{self, Outcomes, SimOptions};
use riskplan::model::Model;
use riskplan::report::Document;

use super::mitigation::Variants;
use super::options::Sim;
use super::{Loaded, memory, output, print_warnings, progress, shard, thread_pool};
use crate::cli::RunArgs;

pub fn run(args: RunArgs) -> Result<()> {
    let sim = Sim::new(&args.sim)?;
    if let Some(p) = args.precision {
        if !(p > 0.0 && p.is_finite()) {
            return Err(Error::Options(format!(
                "--precision must be a positive number of days, e.g. 0.5 (got {p})"
            ))
            .into());
        }
        // `--max-iterations` bounds `--precision` only: a plain run of more than its default
        // 2,000,000 iterations is not refused.
        if args.max_iterations < sim.iterations || args.max_iterations > u32::MAX as u64 {
            return Err(Error::Options(format!(
                "--max-iterations must be between --iterations ({}) and {}",
                sim.iterations,
                u32::MAX
            ))
            .into());
        }
        if sim.shard.is_some() {
            return Err(Error::Options(
                "--precision decides the number of iterations as it goes; a shard needs a fixed -n, so give one of the two".into(),
            )
            .into());
        }
    }
    let loaded = Loaded::read(&args.scenario, &args.import)?;
    let options = sim.compile_options(args.plan.as_deref());
    let model = loaded.compile(&options)?;
    print_warnings(&loaded, &model);
    let variants = Variants::of(&model, sim.mitigated);
    let variant_models = match &variants {
        Some(v) => v.models(&loaded, &options)?,
        None => Vec::new(),
    };
    let pool = thread_pool(sim.threads)?;
    let opts = sim.sim_options();
    let tasks = model.tasks.len() as u64;
    // The iterations simulated in all, the variants' included.
    let work = |range: Range<u64>| {
        let r = Variants::range(range.clone());
        (range.end - range.start) + (r.end - r.start) * variant_models.len() as u64
    };
    // What the run will hold, checked against what the machine has before any work.
    let threads = pool.current_num_threads();
    let need = |range: Range<u64>, rounds: bool| {
        let n = range.end - range.start;
        let v = Variants::range(range);
        let v = v.end - v.start;
        variant_models.iter().fold(
            memory::Need::new(Footprint::of(&model, n, threads, rounds), n),
            |need, m| need.and(Footprint::of(m, v, threads, false), v),
        )
    };
    let available = memory::available();
    let mut max_iterations = args.max_iterations;
    match (&sim.shard, args.precision) {
        (Some((which, _)), _) => memory::check(
            need(which.range(sim.iterations), false),
            tasks as usize,
            available,
        )?,
        (None, None) => memory::check(need(0..sim.iterations, false), tasks as usize, available)?,
        (None, Some(_)) => {
            // Rounds stop where memory ends, as they stop at `--max-iterations`.
            let at_most = need(0..max_iterations, true);
            if let Some(fit) = memory::rounds_within(at_most, sim.iterations, tasks, available)? {
                max_iterations = fit;
                eprintln!(
                    "warning: --precision stops at {fit} iterations, the most that fit in the {} of memory available (--max-iterations {} would need about {})",
                    memory::size(available.unwrap_or(0)),
                    args.max_iterations,
                    memory::size(at_most.bytes())
                );
            }
        }
    }

    if let Some((which, path)) = &sim.shard {
        let range = which.range(sim.iterations);
        let total = work(range.clone());
        let bar = progress::bar(total, sim.quiet, total * tasks);
        let (out, extra) = pool.install(|| {
            let out = engine::simulate(&model, opts, range.clone(), &|n| bar.inc(n));
            let extra = Variants::simulate(&variant_models, opts, range, &|n| bar.inc(n));
            (out, extra)
        });
        bar.finish_and_clear();
        let header = shard::Header::new(
            shard::Kind::Run,
            &loaded,
            &sim,
            vec![args.plan.clone()],
            variants.as_ref().map_or_else(Vec::new, Variants::names),
            *which,
            &out,
        );
        let all: Vec<Outcomes> = std::iter::once(out).chain(extra).collect();
        return shard::write(path, &header, loaded.file(), &all);
    }

    let max = args.precision.map_or(sim.iterations, |_| max_iterations);
    let bar = progress::bar(work(0..max), sim.quiet, work(0..sim.iterations) * tasks);
    let file = &loaded.file().path;
    let report = pool.install(|| -> Result<_, Error> {
        let outcomes = match args.precision {
            Some(days) => converge(&model, opts, sim.iterations, days, max, &|n| bar.inc(n)),
            None => engine::simulate(&model, opts, 0..sim.iterations, &|n| bar.inc(n)),
        };
        let det = engine::deterministic(&model);
        analysis::within_calendar(file, &model, &det, Some(&outcomes))?;
        let mut report = analysis::analyse(&model, &det, &outcomes);
        if let Some(v) = &variants {
            let extra =
                Variants::simulate(&variant_models, opts, 0..outcomes.end(), &|n| bar.inc(n));
            for (m, out) in variant_models.iter().zip(&extra) {
                analysis::within_calendar(file, m, &engine::deterministic(m), Some(out))?;
            }
            report.mitigation = Some(v.report((&model, &outcomes), &variant_models, &extra));
        }
        if let Some(days) = args.precision {
            report.convergence.precision_days = Some(days);
            report.convergence.converged = Some(report.convergence.half_width_days <= days);
        }
        Ok(report)
    });
    let report = report?;
    bar.finish_and_clear();
    output::write(
        &sim.outputs,
        Document::Run(&report),
        &super::table(args.top),
    )
}

/// Simulates `iterations`, then keeps doubling the run, extending the iterations already
/// done, until the 95% confidence interval of the target percentile of the finish is within
/// +- `precision_days` or `max_iterations` is reached. The result is the same as one run of
/// the final size.
fn converge(
    model: &Model,
    opts: SimOptions,
    iterations: u64,
    precision_days: f64,
    max_iterations: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Outcomes {
    let mut out = engine::simulate(model, opts, 0..iterations, progress);
    loop {
        let done = out.end();
        if analysis::half_width_days(model, &out) <= precision_days || done >= max_iterations {
            return out;
        }
        let more = engine::simulate(model, opts, done..(done * 2).min(max_iterations), progress);
        out = out
            .merge(more)
            .expect("adjacent ranges of one run always merge");
    }
}
