//! `riskplan playbook`: one run of a scenario, as `run` simulates it, rendered as the
//! project's playbook in Markdown and or HTML. The outputs are checked writable before the
//! simulation and written as `run` writes its own (temporaries renamed into place).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use riskplan::analysis;
use riskplan::engine::{self, memory::Footprint};
use riskplan::report::Document;
use riskplan::report::html::playbook_page;
use riskplan::report::playbook::{Playbook, markdown::markdown};

use super::options::{Sim, validate_file};
use super::{Loaded, memory, output, print_warnings, progress, thread_pool};
use crate::cli::{ImportArgs, PlaybookArgs, SimArgs};

pub fn playbook(args: PlaybookArgs) -> Result<()> {
    let sim = Sim::new(&sim_args(&args))?;
    let to_stdout = match &args.markdown {
        Some(p) => p == Path::new("-"),
        None => args.html.is_none(),
    };
    if let Some(path) = args.markdown.as_ref().filter(|p| *p != Path::new("-")) {
        validate_file(path, "--markdown")?;
    }
    if let Some(path) = &args.html {
        validate_file(path, "--html")?;
        if args.markdown.as_deref() == Some(path.as_path()) {
            return Err(riskplan::Error::Options(format!(
                "--markdown and --html both name `{}`; give each its own file",
                path.display()
            ))
            .into());
        }
    }
    let import = ImportArgs {
        format: None,
        risk: None,
        risk_field: None,
        start: None,
        points_days: 1.0,
        hours_per_day: 8.0,
    };
    let loaded = Loaded::read(&args.scenario, &import)?;
    let model = loaded.compile(&sim.compile_options(args.plan.as_deref()))?;
    print_warnings(&loaded, &model);
    let pool = thread_pool(sim.threads)?;
    let n = sim.iterations;
    let threads = pool.current_num_threads();
    memory::check(
        memory::Need::new(Footprint::of(&model, n, threads, false), n),
        model.tasks.len(),
        memory::available(),
    )?;
    let bar = progress::bar(n, sim.quiet, n * model.tasks.len() as u64);
    let file = &loaded.file().path;
    let report = pool.install(|| -> Result<_, riskplan::Error> {
        let outcomes = engine::simulate(&model, sim.sim_options(), 0..n, &|k| bar.inc(k));
        let det = engine::deterministic(&model);
        analysis::within_calendar(file, &model, &det, Some(&outcomes))?;
        Ok(analysis::analyse(&model, &det, &outcomes))
    })?;
    bar.finish_and_clear();
    riskplan::report::finite::check(Document::Run(&report))?;
    let book = Playbook {
        scenario: &loaded.0.scenario,
        report: &report,
    };
    let md = markdown(&book).into_bytes();
    let mut page = playbook_page(&book).into_string().into_bytes();
    page.push(b'\n');
    let mut files: Vec<(PathBuf, &[u8])> = Vec::new();
    if let Some(path) = args.markdown.as_ref().filter(|p| *p != Path::new("-")) {
        files.push((path.clone(), &md));
    }
    if let Some(path) = &args.html {
        files.push((path.clone(), &page));
    }
    output::write_all_or_none(&files)?;
    if to_stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(&md)?;
        out.flush()?;
    }
    Ok(())
}

/// The options of a plain `run` with the playbook's figures: validated as `run` validates
/// them.
fn sim_args(a: &PlaybookArgs) -> SimArgs {
    SimArgs {
        iterations: a.iterations,
        seed: a.seed,
        threads: a.threads,
        confidence: a.confidence,
        mitigated: a.mitigated,
        ignore_capacities: false,
        json: None,
        csv: None,
        html: None,
        charts: None,
        quiet: a.quiet,
        sampling: "random".into(),
        shard: None,
        out: None,
    }
}
