//! `riskplan import`: a schedule from another tool as a scenario file a person can read, edit
//! and run, with a summary of what came over and how closely riskplan's deterministic
//! schedule reproduces the dates the file stored.

use std::io::Write;

use anyhow::Result;

use riskplan::engine;
use riskplan::import::{self, Format};
use riskplan::model::CompileOptions;
use riskplan::report::table::escape;
use riskplan::{Error, model};

use super::{Loaded, output, print_warnings};
use crate::cli::ImportCommand;

pub fn import(args: ImportCommand) -> Result<()> {
    if let Some(out) = &args.output {
        super::options::validate_file(out, "--output")?;
    }
    let loaded = Loaded::read(&args.file, &args.import)?;
    if loaded.0.format == Format::Toml {
        return Err(Error::Options(format!(
            "`{}` is already a riskplan scenario; run it with `riskplan run`",
            loaded.file().path.display()
        ))
        .into());
    }
    // The scenario must compile as written, or the file it writes would not run.
    let model = loaded.compile(&CompileOptions::default())?;
    print_warnings(&loaded, &model);
    let text = import::write_toml(&loaded.0)?;
    match &args.output {
        Some(path) => output::write_all_or_none(&[(path.clone(), text.as_bytes())])?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    if let Some(schedule) = &loaded.0.schedule {
        let s = engine::deterministic(&model);
        let summary = import::agreement(schedule, &model, &s);
        let line = format!(
            "{}: {} from {} ({}): {} tasks, {} links, {} resources, {} assignments",
            match &args.output {
                Some(p) => format!("wrote {}", p.display()),
                None => "scenario".into(),
            },
            model.name,
            loaded.file().path.display(),
            loaded.0.format.describe(),
            schedule.tasks.len(),
            schedule.links.len(),
            schedule.resources.len(),
            schedule.assignments.len(),
        );
        eprintln!("{}", escape(&line));
        if let Some(a) = summary {
            eprintln!("{}", escape(&a.to_string()));
        }
        if model::is_deterministic(&model) {
            eprintln!(
                "note: every duration is fixed, so every iteration gives the same dates; add uncertainty with --risk medium, --risk 90%..150% or --risk-field FIELD, or edit the estimates"
            );
        }
    }
    Ok(())
}
