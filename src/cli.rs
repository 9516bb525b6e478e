//! Command-line arguments (clap derive types only).

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use clap_complete::Shell;

#[derive(Debug, Parser)]
#[command(
    name = "riskplan",
    version,
    about = "Monte Carlo schedule and cost risk for project plans"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and report dates, costs, buffer and reserves.
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Simulate the scenario's plans (e.g. on-demand vs Spot) side by side.
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
    /// Validate a scenario and show its tasks and deterministic critical path.
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// The scenario file (TOML), or a schedule to import (MS Project XML, P6 XER,
        /// GanttProject, task CSV, Jira or Asana CSV, PSPLIB); `-` reads standard input.
        scenario: PathBuf,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Convert a schedule from another tool into a scenario file to read, edit and run.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportCommand),
    /// Merge the shard files of one `run` or `compare` into the report the single run gives.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Print the script that completes riskplan's commands and options in SHELL.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Write the manual pages: riskplan.1 and one page per command (riskplan-run.1, ...).
    #[command(after_help = MAN_EXAMPLES)]
    Man {
        /// The folder to write the pages into (created if missing); without it, riskplan.1
        /// goes to standard output.
        dir: Option<PathBuf>,
    },
    /// Render the project playbook (Markdown or a printable HTML page) with figures from a
    /// simulation.
    #[command(after_help = PLAYBOOK_EXAMPLES)]
    Playbook(PlaybookArgs),
    /// Write a new, commented scenario with every section, to start a plan from.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlaybookArgs {
    /// The scenario file (TOML); `-` reads standard input.
    pub scenario: PathBuf,
    /// Write the playbook as Markdown to FILE (`-` for standard output; the default when
    /// neither --markdown nor --html is given).
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Write the playbook as one self-contained, printable HTML page to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Number of simulated schedules.
    #[arg(long, short = 'n', default_value_t = 10_000)]
    pub iterations: u64,
    /// Seed of the random numbers: the same seed gives the same figures as `run`.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Target confidence for buffer and reserves, in (0, 1); overrides the scenario's.
    #[arg(long)]
    pub confidence: Option<f64>,
    /// Apply one of the scenario's `[[plans]]`.
    #[arg(long)]
    pub plan: Option<String>,
    /// Put every risk's mitigation in force, and pay for the mitigations.
    #[arg(long)]
    pub mitigated: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The scenario file to write; `-` writes to standard output.
    #[arg(default_value = "riskplan.toml")]
    pub file: PathBuf,
    /// The kind of project to start from (`--template list` lists them).
    #[arg(long, default_value = "dl-project", value_name = "NAME")]
    pub template: String,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

// What ends each command's help: a few commands to copy, on the example plans in scenarios/.

const RUN_EXAMPLES: &str = "\
Examples:
  riskplan run scenarios/dl-project.toml
  riskplan run scenarios/dl-project.toml --plan spot --confidence 0.9 --html report.html
  riskplan run scenarios/llm-domain-adaptation.toml --precision 0.5 --json report.json";

const COMPARE_EXAMPLES: &str = "\
Examples:
  riskplan compare scenarios/dl-project.toml
  riskplan compare scenarios/llm-domain-adaptation.toml --plans on-demand,spot --csv comparison";

const CHECK_EXAMPLES: &str = "\
Examples:
  riskplan check scenarios/dl-project.toml
  riskplan check schedule.xer --risk medium";

const IMPORT_EXAMPLES: &str = "\
Examples:
  riskplan import schedule.xer --risk medium -o plan.toml
  riskplan import project.xml --risk-field Risk -o plan.toml
  riskplan import jira-export.csv --format jira --start 2027-01-04 -o plan.toml";

const MERGE_EXAMPLES: &str = "\
Examples:
  riskplan run scenarios/dl-project.toml -n 100000 --shard 1/2 --out 1.shard
  riskplan run scenarios/dl-project.toml -n 100000 --shard 2/2 --out 2.shard
  riskplan merge 1.shard 2.shard --json report.json";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  riskplan completions bash > ~/.local/share/bash-completion/completions/riskplan
  riskplan completions zsh > ~/.zfunc/_riskplan
  riskplan completions fish > ~/.config/fish/completions/riskplan.fish";

const PLAYBOOK_EXAMPLES: &str = "\
Examples:
  riskplan playbook scenarios/dl-project.toml --markdown playbook.md
  riskplan playbook scenarios/dl-project.toml --html playbook.html --confidence 0.9
  riskplan playbook scenarios/llm-domain-adaptation.toml --plan spot";

const INIT_EXAMPLES: &str = "\
Examples:
  riskplan init
  riskplan init training.toml --template gpu-training
  riskplan init --template list";

const MAN_EXAMPLES: &str = "\
Examples:
  riskplan man ~/.local/share/man/man1
  riskplan man | man -l -";

/// How a schedule from another tool is read.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The file's format, when it should not be detected from its content: toml, mspdi, xer,
    /// gan, csv, jira, asana, psplib or patterson.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Uncertainty for imported tasks that have none of their own: a risk level (low,
    /// medium, high, very_high) or a range of each duration, e.g. 90%..150%.
    #[arg(long, value_name = "LEVEL|RANGE", conflicts_with = "risk_field")]
    pub risk: Option<String>,
    /// Take each imported task's risk level from this field of the file: an MS Project custom
    /// field (by alias), a P6 user-defined field or activity code, a CSV column.
    #[arg(long, value_name = "FIELD")]
    pub risk_field: Option<String>,
    /// Day 0 of a plan whose file records no start (task CSV, Jira, Asana); default today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start: Option<String>,
    /// Working days per story point, for exports that estimate in points.
    #[arg(long, value_name = "DAYS", default_value_t = 1.0)]
    pub points_days: f64,
    /// Working hours in a day, for estimates in hours or seconds (Jira).
    #[arg(long, value_name = "HOURS", default_value_t = 8.0)]
    pub hours_per_day: f64,
}

#[derive(Debug, clap::Args)]
pub struct ImportCommand {
    /// The schedule: MS Project XML, Primavera P6 XER, GanttProject .gan, a task CSV, a Jira
    /// or Asana CSV export, or a PSPLIB instance; `-` reads standard input.
    pub file: PathBuf,
    /// The scenario file to write (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub import: ImportArgs,
}

/// Options every simulating command takes.
#[derive(Debug, clap::Args)]
pub struct SimArgs {
    /// Number of simulated schedules (per plan, for `compare`).
    #[arg(long, short = 'n', default_value_t = 10_000)]
    pub iterations: u64,
    /// Seed of the random numbers: the same seed gives the same numbers on any machine (and
    /// the same draws to every plan of a comparison: common random numbers).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Target confidence for buffer and reserves, in (0, 1); overrides the scenario's.
    #[arg(long)]
    pub confidence: Option<f64>,
    /// Put every risk's post-mitigation probability and impact in force, and pay for the
    /// mitigations.
    #[arg(long)]
    pub mitigated: bool,
    /// Schedule as if every role and instance type were unlimited: no levelling, whatever
    /// the scenario's `resource_constrained` says.
    #[arg(long)]
    pub ignore_capacities: bool,
    /// Write the report as JSON to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the report as CSV files into DIR.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Write the report as one self-contained HTML page (charts included) to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write each chart of the report as its own SVG file into DIR (created if missing).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// `random`, or `lhs` (Latin hypercube) for the task-duration draws.
    #[arg(long, default_value = "random", value_parser = ["random", "lhs"])]
    pub sampling: String,
    /// Simulate only shard K of N of the iterations (`3/8`), or `auto` to take K and N from a
    /// Slurm array job; write them to `--out` for `riskplan merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// The shard file to write (with `--shard`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shard files, all of one run (any order).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write the report as JSON to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the report as CSV files into DIR.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Write the report as one self-contained HTML page (charts included) to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write each chart of the report as its own SVG file into DIR (created if missing).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// How many entries each of the summary's lists shows: tasks, drivers, risks, mitigations, milestones.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The scenario file (TOML), or a schedule to import (see `riskplan import`); `-` reads
    /// standard input.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
    #[command(flatten)]
    pub sim: SimArgs,
    /// Apply one of the scenario's `[[plans]]`.
    #[arg(long)]
    pub plan: Option<String>,
    /// Keep doubling the iterations until the 95% confidence interval of the target
    /// percentile of the finish is narrower than +- DAYS working days.
    #[arg(long, value_name = "DAYS")]
    pub precision: Option<f64>,
    /// The most iterations `--precision` may use.
    #[arg(long, default_value_t = 2_000_000)]
    pub max_iterations: u64,
    /// How many entries each of the summary's lists shows: tasks, drivers, risks, mitigations, milestones.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The scenario file (TOML) with its `[[plans]]`; `-` reads standard input.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
    /// The plans to compare, comma-separated (default: all, in file order); the first is the
    /// reference the others are compared with.
    #[arg(long, value_delimiter = ',')]
    pub plans: Vec<String>,
    #[command(flatten)]
    pub sim: SimArgs,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use clap::Parser;

    use super::Cli;

    /// The example lines of a help text: those after `Examples:`, without the prompt.
    fn examples(help: &str) -> Vec<String> {
        let Some((_, block)) = help.split_once("\nExamples:\n") else {
            return Vec::new();
        };
        block
            .lines()
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.trim().to_string())
            .collect()
    }

    #[test]
    fn every_command_ends_its_help_with_examples_that_parse_and_whose_files_exist() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut cli = Cli::command();
        cli.build();
        let names: Vec<String> = cli
            .get_subcommands()
            .filter(|c| !c.is_hide_set() && c.get_name() != "help")
            .map(|c| c.get_name().to_string())
            .collect();
        for name in names {
            let sub = cli.find_subcommand_mut(&name).expect("listed");
            let help = sub.render_long_help().to_string();
            let lines = examples(&help);
            assert!(
                (2..=3).contains(&lines.len()),
                "`riskplan {name} --help` should end with two or three examples:\n{help}"
            );
            assert!(
                help.trim_end()
                    .ends_with(lines.last().expect("some").as_str()),
                "{name}: the examples close the help"
            );
            assert!(
                lines
                    .iter()
                    .any(|l| l.split_whitespace().nth(1) == Some(name.as_str())),
                "{name}: no example runs `riskplan {name}`"
            );
            for line in lines {
                // What the shell does after the command (`> file`, `| man -l -`) is not ours.
                let command = line.split(['>', '|']).next().expect("some").trim();
                let words: Vec<&str> = command.split_whitespace().collect();
                assert_eq!(words.first(), Some(&"riskplan"), "{line}");
                if let Err(e) = Cli::try_parse_from(words.iter().copied()) {
                    panic!("the example `{line}` does not parse: {e}");
                }
                for file in words.iter().filter(|w| w.starts_with("scenarios/")) {
                    assert!(root.join(file).is_file(), "{line}: `{file}` is missing");
                }
            }
        }
    }
}
