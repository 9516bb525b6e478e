//! The binary's driver: read the scenario once, compile the model (or one per plan), run the
//! engine over the iterations asked for (all of them, a shard, or rounds until a precision is
//! reached), hand the outcomes to the analysis and the report to the exporters. It owns
//! convergence, plans and shards; it never computes a figure itself.

mod check;
mod compare;
mod import_cmd;
mod init;
mod input;
mod interrupt;
mod memory;
mod merge;
mod mitigation;
mod options;
mod output;
mod playbook;
mod progress;
mod run;
mod shard;
mod shell;
mod temporary;

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Result;

use crate::cli::{Cli, Command, ImportArgs};
use riskplan::import::ImportOptions;
use riskplan::model::{CompileOptions, Model};
use riskplan::report::table::{Table, escape};
use riskplan::scenario::Source;
use riskplan::{Error, import, model};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<()> {
    interrupt::install();
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Check { scenario, import } => check::check(&scenario, &import),
        Command::Import(args) => import_cmd::import(args),
        Command::Compare(args) => compare::compare(args),
        Command::Merge(args) => merge::merge(args),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man { dir } => shell::man(dir.as_deref()),
        Command::Playbook(args) => playbook::playbook(args),
        Command::Init(args) => init::init(args),
    }
}

/// True when an error is a closed standard output (`riskplan run ... | head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A scenario read and parsed once: every plan of it compiles from this.
pub struct Loaded(import::Loaded);

impl Loaded {
    /// Reads and parses a scenario (TOML) or an import, in the format its content shows,
    /// from a file or (`-`) standard input.
    pub fn read(path: &Path, options: &ImportArgs) -> Result<Loaded, Error> {
        let options = options::import_options(options)?;
        let loaded = import::parse(input::source(path)?, &options)?;
        if loaded.schedule.is_none() && options.risk != import::RiskTemplate::None {
            return Err(Error::Options(format!(
                "--risk and --risk-field put uncertainty on an imported schedule; `{}` is a scenario, whose estimates say it themselves",
                loaded.file.path.display()
            )));
        }
        Ok(Loaded(loaded))
    }

    /// Parses a scenario already read (e.g. the copy a shard file carries), as `options` say.
    pub fn parse(file: Source, options: ImportOptions) -> Result<Loaded, Error> {
        Ok(Loaded(import::parse(file, &options)?))
    }

    /// The file as read.
    pub fn file(&self) -> &Source {
        &self.0.file
    }

    /// How the file was read, its start fixed where it records none.
    pub fn options(&self) -> &ImportOptions {
        &self.0.options
    }

    pub fn compile(&self, options: &CompileOptions) -> Result<Model, Error> {
        model::compile_with(&self.0.scenario, &self.0.source, options)
    }
}

/// Prints the things a user should know that did not stop the run, once: what an import
/// left out, then the model's warnings.
fn print_warnings(loaded: &Loaded, model: &Model) {
    if let Some(w) = loaded.0.warning() {
        eprintln!("warning: {}", escape(&w));
    }
    for w in &model.warnings {
        eprintln!("warning: {}", escape(w));
    }
}

/// The summary table, with `top_tasks` entries in each list. It lists the warnings too unless
/// they were already printed on the terminal it goes to: a summary saved to a file keeps
/// them, a screen shows them once. Its tables keep within 100 columns, or within the width of
/// the terminal it goes to.
fn table(top_tasks: usize) -> Table {
    let width = console::Term::stdout()
        .size_checked()
        .map_or(SUMMARY_WIDTH, |(_, columns)| usize::from(columns).max(40));
    Table {
        top_tasks,
        width,
        warnings: !(std::io::stdout().is_terminal() && std::io::stderr().is_terminal()),
    }
}

/// The widest a line of the summary's tables is when it does not go to a terminal.
const SUMMARY_WIDTH: usize = 100;

/// A rayon pool of `threads` workers (all cores when None).
fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        b = b.num_threads(t);
    }
    Ok(b.build()?)
}
