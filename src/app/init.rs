//! `riskplan init`: write a new, commented scenario from one of the templates, to start a
//! plan from. An existing file is kept unless `--force` says to replace it.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use riskplan::Error;
use riskplan::templates::{TEMPLATES, find};

use super::options::validate_file;
use super::output;
use crate::cli::InitArgs;

pub fn init(args: InitArgs) -> Result<()> {
    if args.template == "list" {
        let mut out = std::io::stdout().lock();
        for t in TEMPLATES {
            writeln!(out, "{:<14} {}", t.name, t.description)?;
        }
        return Ok(out.flush()?);
    }
    let template = find(&args.template).ok_or_else(|| {
        Error::Options(format!(
            "--template `{}` is not a template; use one of {}",
            args.template,
            names()
        ))
    })?;
    if args.file == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(template.text.as_bytes())?;
        return Ok(out.flush()?);
    }
    if args.file.exists() && !args.force {
        return Err(Error::Options(format!(
            "`{}` exists; name another file, or add --force to replace it",
            args.file.display()
        ))
        .into());
    }
    validate_file(&args.file, "riskplan init")?;
    let files: Vec<(PathBuf, &[u8])> = vec![(args.file.clone(), template.text.as_bytes())];
    output::write_all_or_none(&files)?;
    eprintln!(
        "wrote {} ({}); next: riskplan check {0}",
        args.file.display(),
        template.description
    );
    Ok(())
}

/// `dl-project`, `gpu-training`.
fn names() -> String {
    TEMPLATES
        .iter()
        .map(|t| format!("`{}`", t.name))
        .collect::<Vec<_>>()
        .join(", ")
}
