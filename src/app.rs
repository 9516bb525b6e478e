//! The binary's glue: load -> compile -> simulate -> analyse -> export, and the progress bar.
//! Outputs are written only after everything is computed, each through a temporary file that
//! is renamed into place, so an error never leaves a half-written file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Cli, Command, CompareArgs, RunArgs, SimArgs};
use riskplan::report::{Exporter, json::Json, table::Table};
use riskplan::{Error, analysis, engine, model};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run_simulation(args),
        Command::Check { scenario } => check(&scenario),
        Command::Compare(args) => compare(args),
    }
}

/// True when an error is a closed standard output (`riskplan run ... | head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Reads a scenario (TOML) or an import, chosen by the file's extension, and compiles it.
fn load(path: &Path) -> Result<model::Model, Error> {
    load_plan(path, None)
}

/// Loads a scenario (or an imported schedule) with one of its plans applied.
fn load_plan(path: &Path, plan: Option<&str>) -> Result<model::Model, Error> {
    let loaded = riskplan::import::load(path)?;
    model::compile_plan(&loaded.scenario, &loaded.source, plan)
}

/// Validated run options.
struct RunPlan {
    iterations: usize,
    sampling: engine::Sampling,
    precision: Option<f64>,
    max_iterations: usize,
}

/// Checks the options every simulating command shares.
fn validate_sim(sim: &SimArgs) -> Result<(), Error> {
    if sim.iterations == 0 {
        return Err(Error::Options(
            "--iterations must be at least 1 (10000 is a good start)".into(),
        ));
    }
    if sim.iterations > u32::MAX as u64 {
        return Err(Error::Options(format!(
            "--iterations must be at most {} (got {})",
            u32::MAX,
            sim.iterations
        )));
    }
    if let Some(c) = sim.confidence
        && !(c > 0.0 && c < 1.0)
    {
        return Err(Error::Options(format!(
            "--confidence must be between 0 and 1, e.g. 0.8 (got {c})"
        )));
    }
    if sim.threads == Some(0) {
        return Err(Error::Options("--threads must be at least 1".into()));
    }
    validate_outputs(sim.json.as_deref(), sim.csv.as_deref())
}

fn validate(args: &RunArgs) -> Result<RunPlan, Error> {
    validate_sim(&args.sim)?;
    if let Some(p) = args.precision
        && !(p > 0.0 && p.is_finite())
    {
        return Err(Error::Options(format!(
            "--precision must be a positive number of days, e.g. 0.5 (got {p})"
        )));
    }
    // `--max-iterations` bounds `--precision` only: a plain run of more than its default
    // 2,000,000 iterations is not refused.
    if args.precision.is_some()
        && (args.max_iterations < args.sim.iterations || args.max_iterations > u32::MAX as u64)
    {
        return Err(Error::Options(format!(
            "--max-iterations must be between --iterations ({}) and {}",
            args.sim.iterations,
            u32::MAX
        )));
    }
    Ok(RunPlan {
        iterations: args.sim.iterations as usize,
        sampling: match args.sampling.as_str() {
            "lhs" => engine::Sampling::LatinHypercube,
            _ => engine::Sampling::Random,
        },
        precision: args.precision,
        max_iterations: args.max_iterations as usize,
    })
}

/// Checks before any work that the outputs can be written where asked, so that a long run
/// does not end in an error (and leave the CSV files without the JSON).
fn validate_outputs(json: Option<&Path>, csv: Option<&Path>) -> Result<(), Error> {
    if let Some(path) = json
        && path != Path::new("-")
    {
        if path.is_dir() {
            return Err(Error::Options(format!(
                "--json needs a file name, but `{}` is a directory",
                path.display()
            )));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(Error::Options(format!(
                "--json: the folder `{}` does not exist; create it or write the JSON elsewhere",
                dir.display()
            )));
        }
    }
    if let Some(dir) = csv
        && dir.exists()
        && !dir.is_dir()
    {
        return Err(Error::Options(format!(
            "--csv needs a directory, but `{}` is a file; name a directory (it is created if missing)",
            dir.display()
        )));
    }
    Ok(())
}

fn progress_bar(iterations: usize, quiet: bool, work: usize) -> ProgressBar {
    let stderr_tty = std::io::stderr().is_terminal();
    if quiet || !stderr_tty || work < 20_000_000 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(iterations as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} iterations, {eta} left")
            .expect("a valid template"),
    );
    bar
}

/// Applies the shared options to a compiled model.
fn prepare(model: &mut model::Model, sim: &SimArgs) {
    if let Some(c) = sim.confidence {
        model.confidence = c;
    }
    if sim.mitigated {
        model.mitigate();
    }
}

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        b = b.num_threads(t);
    }
    Ok(b.build()?)
}

/// Writes what a command produced, once everything is computed: the CSV files into `--csv`,
/// the JSON to `--json` (a file, or standard output), and otherwise the summary table to
/// standard output. Every file is first written beside its destination under a temporary
/// name; only when all are written are they renamed into place, so an error leaves neither a
/// half-written file nor part of the set.
fn write_outputs(
    sim: &SimArgs,
    json: &[u8],
    csv: Vec<(&str, Vec<u8>)>,
    table: impl FnOnce() -> Result<Vec<u8>>,
) -> Result<()> {
    let to_stdout = sim.json.as_deref() == Some(Path::new("-"));
    let mut files: Vec<(PathBuf, &[u8])> = Vec::new();
    if let Some(dir) = &sim.csv {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        for (name, bytes) in &csv {
            files.push((dir.join(name), bytes));
        }
    }
    if let Some(path) = &sim.json
        && !to_stdout
    {
        files.push((path.clone(), json));
    }
    write_all_or_none(&files)?;
    let mut out = std::io::stdout().lock();
    if to_stdout {
        out.write_all(json)?;
    } else {
        out.write_all(&table()?)?;
    }
    out.flush()?;
    Ok(())
}

fn run_simulation(args: RunArgs) -> Result<()> {
    let plan = validate(&args)?;
    let mut model = load_plan(&args.scenario, args.plan.as_deref())?;
    prepare(&mut model, &args.sim);
    let pool = thread_pool(args.sim.threads)?;
    let bar = progress_bar(
        plan.iterations,
        args.sim.quiet,
        plan.iterations * model.tasks.len(),
    );
    let opts = engine::SimOptions {
        iterations: plan.iterations,
        seed: args.sim.seed,
        sampling: plan.sampling,
    };
    for w in &model.warnings {
        eprintln!("warning: {w}");
    }
    let report = pool.install(|| {
        let outcomes = match plan.precision {
            Some(days) => {
                bar.set_length(plan.max_iterations as u64);
                analysis::converge(&model, opts, days, plan.max_iterations, &|n| bar.inc(n))
            }
            None => engine::simulate(&model, opts, &|n| bar.inc(n)),
        };
        let mut report = analysis::analyse(&model, &outcomes);
        if let Some(days) = plan.precision {
            report.convergence.precision_days = Some(days);
            report.convergence.converged = Some(report.convergence.half_width_days <= days);
        }
        report
    });
    bar.finish_and_clear();

    // Everything is computed. Formatted before anything is written: a table that cannot be
    // formatted leaves no file.
    let json = Json.serialize(&report)?;
    let tables = match &args.sim.csv {
        Some(_) => riskplan::report::csv::tables(&report)?,
        None => Vec::new(),
    };
    write_outputs(&args.sim, &json, tables, || {
        Ok(Table {
            top_tasks: args.top,
        }
        .serialize(&report)?)
    })
}

/// The temporary name beside `path` that its content is written to first.
fn temporary(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes every file under its temporary name, then renames them all into place; on an
/// error, removes what it wrote.
fn write_all_or_none(files: &[(PathBuf, &[u8])]) -> Result<(), Error> {
    let mut written: Vec<PathBuf> = Vec::new();
    let clean = |written: &[PathBuf]| {
        for tmp in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, bytes) in files {
        let tmp = temporary(path);
        if let Err(source) = std::fs::write(&tmp, bytes) {
            let _ = std::fs::remove_file(&tmp);
            clean(&written);
            return Err(Error::Write {
                path: path.clone(),
                source,
            });
        }
        written.push(tmp);
    }
    for (k, (path, _)) in files.iter().enumerate() {
        if let Err(source) = std::fs::rename(&written[k], path) {
            clean(&written[k..]);
            return Err(Error::Write {
                path: path.clone(),
                source,
            });
        }
    }
    Ok(())
}

fn check(path: &Path) -> Result<()> {
    let model = load(path)?;
    let (det, s) = engine::deterministic(&model);
    let mut out = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(out, "{}: the plan is valid", path.display());
    let _ = writeln!(
        out,
        "{}, {}, {}, {}; starts {} ({} calendar)",
        count(model.tasks.len(), "task", "tasks"),
        count(model.milestones.len(), "milestone", "milestones"),
        count(model.roles.len(), "role", "roles"),
        count(model.instances.len(), "instance type", "instance types"),
        model.start,
        calendar_name(model.calendar)
    );
    let unit = match model.calendar {
        model::CalendarKind::Workdays => "working days",
        model::CalendarKind::Continuous => "days",
    };
    let _ = writeln!(
        out,
        "Deterministic plan: {:.1} {unit}, finishing {}, costing {} {}",
        model.project_days(det.finish),
        model.finish_date(det.finish),
        riskplan::report::table::money(det.cost()),
        model.currency
    );
    let _ = writeln!(out, "Critical path:");
    for (i, t) in model.tasks.iter().enumerate() {
        if s.critical[i] {
            // Durations count in each task's own calendar: say which on every row.
            let task_unit = match t.calendar {
                model::CalendarKind::Workdays => "working days",
                model::CalendarKind::Continuous => "calendar days",
            };
            let _ = writeln!(
                out,
                "  {:<28} {:>8.1} {task_unit:<13}  {} -> {}",
                t.id,
                s.duration[i],
                start_date(&model, t.calendar, s.start[i], s.finish[i]),
                model.finish_date(s.finish[i])
            );
        }
    }
    if !model.milestones.is_empty() {
        let _ = writeln!(out, "Milestones:");
        for (m, ms) in model.milestones.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {:<28} {} ({})",
                ms.id,
                model.finish_date(s.milestone_finish[m]),
                count(ms.members.len(), "task", "tasks")
            );
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    Ok(())
}

/// "1 task", "3 tasks".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The calendar's name as scenarios write it (and as `run` prints it).
fn calendar_name(c: model::CalendarKind) -> &'static str {
    match c {
        model::CalendarKind::Workdays => "workdays",
        model::CalendarKind::Continuous => "continuous",
    }
}

/// The day on which a task scheduled at `start` (timeline days) really begins work: the day
/// `start` falls in, moved on to the first working day for a `workdays` task (a task whose
/// predecessor ends on Friday evening starts on Monday, not Saturday). A task that ends
/// before that day (zero duration) is shown starting on the day it finishes.
fn start_date(
    model: &model::Model,
    calendar: model::CalendarKind,
    start: f64,
    finish: f64,
) -> jiff::civil::Date {
    // A start at exactly midnight belongs to the day that begins then.
    let mut day = (start + 1e-6).floor().max(0.0) as usize;
    if calendar == model::CalendarKind::Workdays {
        while !model.workdays.is_working_day(day) {
            day += 1;
        }
    }
    let date = model::calendar::day_after(model.start, day.min(i64::MAX as usize) as i64);
    date.min(model.finish_date(finish))
}

fn compare(args: CompareArgs) -> Result<()> {
    validate_sim(&args.sim)?;
    let base = load(&args.scenario)?;
    let names = if args.plans.is_empty() {
        base.plans.clone()
    } else {
        args.plans.clone()
    };
    if names.is_empty() {
        return Err(Error::Options(format!(
            "`{}` has no [[plans]] to compare; add plans such as {{ name = \"on-demand\", purchase = \"on-demand\" }} and {{ name = \"spot\", purchase = \"spot\" }}",
            args.scenario.display()
        ))
        .into());
    }
    let mut models = Vec::new();
    for name in &names {
        let mut m = load_plan(&args.scenario, Some(name))?;
        prepare(&mut m, &args.sim);
        models.push(m);
    }
    for w in &models[0].warnings {
        eprintln!("warning: {w}");
    }
    let pool = thread_pool(args.sim.threads)?;
    let iterations = args.sim.iterations as usize;
    let total = iterations * models.len();
    let bar = progress_bar(total, args.sim.quiet, total * models[0].tasks.len());
    let opts = engine::SimOptions::new(iterations, args.sim.seed);
    let report = pool.install(|| {
        let outcomes: Vec<_> = models
            .iter()
            .map(|m| engine::simulate(m, opts, &|n| bar.inc(n)))
            .collect();
        let plans: Vec<_> = names
            .iter()
            .cloned()
            .zip(models.iter().zip(&outcomes))
            .map(|(n, (m, o))| (n, m, o))
            .collect();
        analysis::comparison::compare(&plans)
    });
    bar.finish_and_clear();

    let mut json = serde_json::to_vec_pretty(&report)?;
    json.push(b'\n');
    let table = match &args.sim.csv {
        Some(_) => vec![(
            "comparison.csv",
            riskplan::report::csv::comparison(&report)?,
        )],
        None => Vec::new(),
    };
    write_outputs(&args.sim, &json, table, || {
        Ok(riskplan::report::table::comparison(&report).into_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_file_of_the_set() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("summary.csv");
        let bad = dir.path().join("missing-folder").join("report.json");
        let files: Vec<(PathBuf, &[u8])> = vec![(good.clone(), b"a,b\n"), (bad, b"{}")];
        assert!(write_all_or_none(&files).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        // And when every write succeeds, every file is in place.
        let other = dir.path().join("report.json");
        let files: Vec<(PathBuf, &[u8])> = vec![(good.clone(), b"a,b\n"), (other.clone(), b"{}")];
        write_all_or_none(&files).unwrap();
        assert_eq!(std::fs::read(&good).unwrap(), b"a,b\n");
        assert_eq!(std::fs::read(&other).unwrap(), b"{}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
