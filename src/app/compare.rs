//! `riskplan compare`: the scenario's plans side by side, each compiled from the one parsed
//! scenario and simulated with the same seed (common random numbers), over every iteration or
//! one shard of them.

use anyhow::Result;

use riskplan::Error;
use riskplan::analysis::{self, comparison::Plan};
use riskplan::engine::memory::Footprint;
use riskplan::engine::{self, Outcomes};
use riskplan::model::Model;
use riskplan::report::Document;

use super::options::Sim;
use super::{Loaded, memory, output, print_warnings, progress, shard, thread_pool};
use crate::cli::CompareArgs;

pub fn compare(args: CompareArgs) -> Result<()> {
    let sim = Sim::new(&args.sim)?;
    let loaded = Loaded::read(&args.scenario, &args.import)?;
    let base = loaded.compile(&sim.compile_options(None))?;
    let names = if args.plans.is_empty() {
        base.plans.clone()
    } else {
        args.plans.clone()
    };
    if names.is_empty() {
        return Err(Error::Options(format!(
            "`{}` has no [[plans]] to compare; add plans such as {{ name = \"on-demand\", purchase = \"on-demand\" }} and {{ name = \"spot\", purchase = \"spot\" }}",
            loaded.file().path.display()
        ))
        .into());
    }
    let models = names
        .iter()
        .map(|n| loaded.compile(&sim.compile_options(Some(n))))
        .collect::<Result<Vec<Model>, Error>>()?;
    print_warnings(&loaded, &models[0]);
    let pool = thread_pool(sim.threads)?;
    let opts = sim.sim_options();
    let range = match &sim.shard {
        Some((which, _)) => which.range(sim.iterations),
        None => 0..sim.iterations,
    };
    // Every plan's outcomes are held together until the comparison is made.
    let n = range.end - range.start;
    let threads = pool.current_num_threads();
    let need = models.iter().skip(1).fold(
        memory::Need::new(Footprint::of(&models[0], n, threads, false), n),
        |need, m| need.and(Footprint::of(m, n, threads, false), n),
    );
    memory::check(need, models[0].tasks.len(), memory::available())?;
    let total = (range.end - range.start) * models.len() as u64;
    let bar = progress::bar(total, sim.quiet, total * models[0].tasks.len() as u64);
    let outcomes: Vec<Outcomes> = pool.install(|| {
        models
            .iter()
            .map(|m| engine::simulate(m, opts, range.clone(), &|n| bar.inc(n)))
            .collect()
    });
    bar.finish_and_clear();
    if let Some((which, path)) = &sim.shard {
        let header = shard::Header::new(
            shard::Kind::Compare,
            &loaded,
            &sim,
            names.into_iter().map(Some).collect(),
            Vec::new(),
            *which,
            &outcomes[0],
        );
        return shard::write(path, &header, loaded.file(), &outcomes);
    }
    let report = pool.install(|| report(&loaded, &names, &models, &outcomes))?;
    output::write(
        &sim.outputs,
        Document::Comparison(&report),
        &super::table(10),
    )
}

/// The comparison report of plans already simulated (of the scenario `loaded`).
pub fn report(
    loaded: &Loaded,
    names: &[String],
    models: &[Model],
    outcomes: &[Outcomes],
) -> Result<riskplan::report::ComparisonReport, Error> {
    let dets: Vec<_> = models.iter().map(engine::deterministic).collect();
    for ((model, det), out) in models.iter().zip(&dets).zip(outcomes) {
        analysis::within_calendar(&loaded.file().path, model, det, Some(out))?;
    }
    let plans: Vec<Plan<'_>> = names
        .iter()
        .zip(models)
        .zip(&dets)
        .zip(outcomes)
        .map(|(((name, model), det), out)| Plan {
            name,
            model,
            deterministic: det,
            outcomes: out,
        })
        .collect();
    Ok(analysis::comparison::compare(&plans))
}
