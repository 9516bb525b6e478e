//! Raw command-line flags become validated, high-level options before any work is done, so a
//! long run never ends in an option error.

use std::path::{Path, PathBuf};

use riskplan::Error;
use riskplan::engine::{Sampling, SimOptions};
use riskplan::error::ShardSpec;
use riskplan::model::{CompileOptions, Mitigations};

use riskplan::import::{Format, ImportOptions, ReadOptions, RiskTemplate};

use super::output::check_writable;
use crate::cli::{ImportArgs, SimArgs};

/// Where the report goes: JSON to a file or standard output, CSV files into a directory, an
/// HTML page to a file, the charts as SVG files into a directory, and otherwise the summary
/// table to standard output.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    pub json: Option<PathBuf>,
    pub csv: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub charts: Option<PathBuf>,
}

/// One shard of a run's iterations: `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The iterations of this shard out of `iterations`: consecutive, as even as can be.
    pub fn range(&self, iterations: u64) -> std::ops::Range<u64> {
        let (k, n) = ((self.index - 1) as u128, self.count as u128);
        let at = |k: u128| (k * iterations as u128 / n) as u64;
        at(k)..at(k + 1)
    }

    /// `K/N`, or `auto`: K and N from a Slurm array job (`SLURM_ARRAY_TASK_ID` relative to
    /// `SLURM_ARRAY_TASK_MIN`, of `SLURM_ARRAY_TASK_COUNT`).
    pub fn parse(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Shard, Error> {
        let (k, n) = if text == "auto" {
            let var = |name: &str| -> Result<u64, Error> {
                let v = env(name).ok_or_else(|| {
                    Error::ShardSpec(ShardSpec::MissingVariable {
                        name: name.to_string(),
                    })
                })?;
                v.trim().parse().map_err(|_| {
                    Error::ShardSpec(ShardSpec::NotANumber {
                        name: name.to_string(),
                        value: v.clone(),
                    })
                })
            };
            let (id, min, count) = (
                var("SLURM_ARRAY_TASK_ID")?,
                var("SLURM_ARRAY_TASK_MIN")?,
                var("SLURM_ARRAY_TASK_COUNT")?,
            );
            if id < min {
                return Err(Error::ShardSpec(ShardSpec::BelowMinimum { id, min }));
            }
            (id - min + 1, count)
        } else {
            let parsed = text.split_once('/').and_then(|(k, n)| {
                Some((k.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?))
            });
            match parsed {
                Some(kn) => kn,
                None => {
                    return Err(Error::ShardSpec(ShardSpec::Unreadable {
                        text: text.to_string(),
                    }));
                }
            }
        };
        if !(1 <= k && k <= n && n <= u32::MAX as u64) {
            return Err(Error::ShardSpec(ShardSpec::OutOfRange {
                shard: k,
                shards: n,
                from_slurm: text == "auto",
            }));
        }
        Ok(Shard {
            index: k as u32,
            count: n as u32,
        })
    }
}

/// The import options of `a`, validated.
pub fn import_options(a: &ImportArgs) -> Result<ImportOptions, Error> {
    let format = match &a.format {
        None => None,
        Some(name) => Some(Format::parse(name).ok_or_else(|| {
            Error::Options(format!(
                "--format {name} is not a format riskplan reads; use one of {}",
                Format::list()
            ))
        })?),
    };
    let risk = match (&a.risk, &a.risk_field) {
        (Some(r), _) => {
            RiskTemplate::parse(r).map_err(|m| Error::Options(format!("--risk: {m}")))?
        }
        (None, Some(f)) if f.trim().is_empty() => {
            return Err(Error::Options(
                "--risk-field needs the name of a field".into(),
            ));
        }
        (None, Some(f)) => RiskTemplate::Field(f.clone()),
        (None, None) => RiskTemplate::None,
    };
    let start = match &a.start {
        Some(s) => Some(s.trim().parse::<jiff::civil::Date>().map_err(|_| {
            Error::Options(format!(
                "--start `{s}` is not a date; write it as YYYY-MM-DD"
            ))
        })?),
        None => None,
    };
    let positive = |x: f64, what: &str, max: f64| -> Result<f64, Error> {
        if x.is_finite() && x > 0.0 && x <= max {
            Ok(x)
        } else {
            Err(Error::Options(format!(
                "{what} must be more than 0 and at most {max} (got {x})"
            )))
        }
    };
    Ok(ImportOptions {
        format,
        read: ReadOptions {
            start,
            points_days: positive(a.points_days, "--points-days", 1000.0)?,
            hours_per_day: positive(a.hours_per_day, "--hours-per-day", 24.0)?,
        },
        risk,
    })
}

/// The most worker threads a run may ask for: far above any machine's cores, far below what
/// would make the run crawl.
pub const MAX_THREADS: usize = 1024;

/// The options every simulating command shares, validated.
#[derive(Debug, Clone)]
pub struct Sim {
    pub iterations: u64,
    pub seed: u64,
    pub threads: Option<usize>,
    pub confidence: Option<f64>,
    pub mitigated: bool,
    pub ignore_capacities: bool,
    pub outputs: Outputs,
    pub quiet: bool,
    pub sampling: Sampling,
    /// `--shard` and the file it writes to.
    pub shard: Option<(Shard, PathBuf)>,
}

impl Sim {
    pub fn new(a: &SimArgs) -> Result<Sim, Error> {
        if a.iterations == 0 {
            return Err(Error::Options(
                "--iterations must be at least 1 (10000 is a good start)".into(),
            ));
        }
        if a.iterations > u32::MAX as u64 {
            return Err(Error::Options(format!(
                "--iterations must be at most {} (got {})",
                u32::MAX,
                a.iterations
            )));
        }
        if let Some(c) = a.confidence
            && !(c > 0.0 && c < 1.0)
        {
            return Err(Error::Options(format!(
                "--confidence must be between 0 and 1, e.g. 0.8 (got {c})"
            )));
        }
        if a.threads == Some(0) {
            return Err(Error::Options("--threads must be at least 1".into()));
        }
        if let Some(t) = a.threads
            && t > MAX_THREADS
        {
            return Err(Error::Options(format!(
                "--threads {t} is more than riskplan uses ({MAX_THREADS}); threads beyond the cores only slow a run down, so leave it out to use every core"
            )));
        }
        let outputs = Outputs {
            json: a.json.clone(),
            csv: a.csv.clone(),
            html: a.html.clone(),
            charts: a.charts.clone(),
        };
        let shard = match (&a.shard, &a.out) {
            (None, None) => None,
            (Some(_), None) => {
                return Err(Error::Options(
                    "--shard needs --out FILE, the shard file that `riskplan merge` reads".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(Error::Options(
                    "--out writes a shard file and goes with --shard K/N".into(),
                ));
            }
            (Some(text), Some(out)) => {
                let shard = Shard::parse(text, &|name| std::env::var(name).ok())?;
                if outputs.json.is_some()
                    || outputs.csv.is_some()
                    || outputs.html.is_some()
                    || outputs.charts.is_some()
                {
                    return Err(Error::Options(
                        "a shard writes only its shard file; give --json, --csv, --html and --charts to `riskplan merge`".into(),
                    ));
                }
                if shard.count as u64 > a.iterations {
                    return Err(Error::TooManyShards {
                        shards: shard.count,
                        iterations: a.iterations,
                    });
                }
                validate_file(out, "--out")?;
                Some((shard, out.clone()))
            }
        };
        validate_outputs(&outputs)?;
        Ok(Sim {
            iterations: a.iterations,
            seed: a.seed,
            threads: a.threads,
            confidence: a.confidence,
            mitigated: a.mitigated,
            ignore_capacities: a.ignore_capacities,
            outputs,
            quiet: a.quiet,
            sampling: match a.sampling.as_str() {
                "lhs" => Sampling::LatinHypercube,
                _ => Sampling::Random,
            },
            shard,
        })
    }

    /// The compile options of plan `plan` under these options.
    pub fn compile_options(&self, plan: Option<&str>) -> CompileOptions {
        CompileOptions {
            plan: plan.map(str::to_string),
            mitigations: if self.mitigated {
                Mitigations::All
            } else {
                Mitigations::None
            },
            confidence: self.confidence,
            ignore_capacities: self.ignore_capacities,
        }
    }

    pub fn sim_options(&self) -> SimOptions {
        SimOptions {
            seed: self.seed,
            sampling: self.sampling,
        }
    }
}

/// Checks that a file can be written at `path`: it is not a folder, its folder exists, and
/// riskplan can write there (its temporary file is made and removed), before any work.
pub fn validate_file(path: &Path, flag: &str) -> Result<(), Error> {
    if path.is_dir() {
        return Err(Error::Options(format!(
            "{flag} needs a file name, but `{}` is a directory",
            path.display()
        )));
    }
    let dir = folder(path);
    if !dir.is_dir() {
        return Err(Error::Options(if dir.exists() {
            format!(
                "{flag}: `{}` is a file, not a folder to write `{}` in",
                dir.display(),
                path.display()
            )
        } else {
            format!(
                "{flag}: the folder `{}` does not exist; create it or write elsewhere",
                dir.display()
            )
        }));
    }
    check_writable(path).map_err(|e| {
        Error::Options(format!(
            "{flag}: cannot write `{}` ({e}); write it to a folder you can write in",
            path.display()
        ))
    })
}

/// The folder `path` is in (`.` for a bare name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Checks that files can be written into the folder `dir`, created if missing: nothing on
/// the way to it is a file, and riskplan can write in it or in the nearest folder above it
/// that exists.
fn validate_dir(dir: &Path, flag: &str) -> Result<(), Error> {
    if dir == Path::new("-") {
        return Err(Error::Options(format!(
            "{flag} writes several files into a directory, not to standard output; name a directory, or use --json - for standard output"
        )));
    }
    // The folder itself, or the nearest one above it that exists, and the name to try in it.
    let mut existing = dir;
    while !existing.as_os_str().is_empty() && !existing.exists() {
        existing = existing.parent().unwrap_or(Path::new(""));
    }
    if existing.as_os_str().is_empty() {
        existing = Path::new(".");
    }
    if !existing.is_dir() {
        return Err(Error::Options(if existing == dir {
            format!(
                "{flag} needs a directory, but `{}` is a file; name a directory (it is created if missing)",
                dir.display()
            )
        } else {
            format!(
                "{flag}: `{}` is a file, so the directory `{}` cannot be made in it",
                existing.display(),
                dir.display()
            )
        }));
    }
    check_writable(&existing.join("riskplan")).map_err(|e| {
        Error::Options(format!(
            "{flag}: cannot write in `{}` ({e}); name a directory you can write in",
            existing.display()
        ))
    })
}

/// Checks before any work that the outputs can be written where asked, so that a long run
/// does not end in an error (and leave the CSV files without the JSON).
pub fn validate_outputs(o: &Outputs) -> Result<(), Error> {
    if let Some(path) = &o.json
        && path != Path::new("-")
    {
        validate_file(path, "--json")?;
    }
    if let Some(path) = &o.html {
        validate_file(path, "--html")?;
    }
    if let (Some(json), Some(html)) = (&o.json, &o.html)
        && same_file(json, html)
    {
        return Err(Error::Options(format!(
            "--json and --html both name `{}`; the one would replace the other, so give each its own file",
            html.display()
        )));
    }
    for (dir, flag) in [(&o.csv, "--csv"), (&o.charts, "--charts")] {
        if let Some(dir) = dir {
            validate_dir(dir, flag)?;
        }
    }
    Ok(())
}

/// True when `a` and `b` name one file (whose folders exist).
fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |p: &Path| {
        let dir = std::fs::canonicalize(folder(p)).ok()?;
        Some(dir.join(p.file_name()?))
    };
    a == b || resolve(a).is_some_and(|ra| resolve(b) == Some(ra))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_iteration_once_in_order() {
        for (n, count) in [(10u64, 3u32), (20_000, 7), (5, 5), (1_000_003, 4)] {
            let mut next = 0;
            for index in 1..=count {
                let r = Shard { index, count }.range(n);
                assert_eq!(r.start, next, "{n} {count}");
                assert!(r.end > r.start);
                next = r.end;
            }
            assert_eq!(next, n);
        }
    }

    #[test]
    fn shard_auto_reads_slurm_array_variables_relative_to_the_minimum() {
        let env = |id: &'static str, min: &'static str, count: &'static str| {
            move |name: &str| -> Option<String> {
                match name {
                    "SLURM_ARRAY_TASK_ID" => Some(id.into()),
                    "SLURM_ARRAY_TASK_MIN" => Some(min.into()),
                    "SLURM_ARRAY_TASK_COUNT" => Some(count.into()),
                    _ => None,
                }
            }
        };
        let s = Shard::parse("auto", &env("0", "0", "3")).unwrap();
        assert_eq!((s.index, s.count), (1, 3));
        let s = Shard::parse("auto", &env("4", "1", "4")).unwrap();
        assert_eq!((s.index, s.count), (4, 4));
        let e = Shard::parse("auto", &|_| None).unwrap_err().to_string();
        assert!(e.contains("SLURM_ARRAY_TASK_ID"), "{e}");
        let e = Shard::parse("auto", &env("9", "1", "4"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("shard 9 of 4"), "{e}");
    }

    #[test]
    fn ignore_capacities_reaches_the_compile_options_of_every_plan() {
        use clap::Parser;
        let sim = |args: &[&str]| -> Sim {
            let cli = crate::cli::Cli::try_parse_from(args).unwrap();
            match cli.command {
                crate::cli::Command::Run(a) => Sim::new(&a.sim).unwrap(),
                crate::cli::Command::Compare(a) => Sim::new(&a.sim).unwrap(),
                _ => unreachable!(),
            }
        };
        let on = sim(&["riskplan", "run", "x.toml", "--ignore-capacities"]);
        assert!(on.compile_options(None).ignore_capacities);
        assert!(on.compile_options(Some("spot")).ignore_capacities);
        let on = sim(&["riskplan", "compare", "x.toml", "--ignore-capacities"]);
        assert!(on.compile_options(Some("spot")).ignore_capacities);
        let off = sim(&["riskplan", "run", "x.toml"]);
        assert!(!off.compile_options(None).ignore_capacities);
    }

    #[test]
    fn shard_k_of_n_is_checked() {
        let none = |_: &str| None;
        assert_eq!(
            Shard::parse("3/8", &none).unwrap(),
            Shard { index: 3, count: 8 }
        );
        for bad in ["0/4", "5/4", "3", "a/b", "1/0", ""] {
            let e = Shard::parse(bad, &none).unwrap_err().to_string();
            assert!(e.contains("--shard takes K/N"), "{bad}: {e}");
        }
    }
}
