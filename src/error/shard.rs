//! The data of what is wrong with `--shard` or with the shard files given to `merge`, and
//! their messages.

use std::path::PathBuf;

/// What `--shard K/N` (or `--shard auto`) should look like.
const USAGE: &str =
    "--shard takes K/N with 1 <= K <= N (e.g. 3/8), or `auto` inside a Slurm array job";

/// Why `--shard` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardSpec {
    /// `--shard auto` outside a Slurm array job: Slurm did not set `name`.
    #[error(
        "--shard auto needs `{name}`, which Slurm sets in an array job (sbatch --array=1-8); outside Slurm give --shard K/N"
    )]
    MissingVariable { name: String },
    /// A Slurm variable that is not a whole number.
    #[error("--shard auto: `{name}` is `{value}`, not a whole number")]
    NotANumber { name: String, value: String },
    /// `SLURM_ARRAY_TASK_ID` below `SLURM_ARRAY_TASK_MIN`.
    #[error("--shard auto: SLURM_ARRAY_TASK_ID ({id}) is below SLURM_ARRAY_TASK_MIN ({min})")]
    BelowMinimum { id: u64, min: u64 },
    /// Not `K/N` with two whole numbers.
    #[error("{USAGE}; got `{text}`")]
    Unreadable { text: String },
    /// K and N, but not 1 <= K <= N (N at most u32::MAX); `from_slurm` for `--shard auto`.
    #[error(
        "{USAGE}; got shard {shard} of {shards}{}",
        if *from_slurm {
            " from the Slurm variables (with --array=A-B every index must be one of the array's, e.g. no step)"
        } else {
            ""
        }
    )]
    OutOfRange {
        shard: u64,
        shards: u64,
        from_slurm: bool,
    },
}

/// Why a file is not a usable shard file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardProblem {
    #[error("it does not start like one (write shards with `riskplan run --shard K/N --out FILE`)")]
    NotAShard,
    #[error(
        "it has format version {found}, and this riskplan reads version {reads}; merge with the riskplan that wrote it"
    )]
    FormatVersion { found: u32, reads: u32 },
    #[error("it is truncated")]
    Truncated,
    #[error("it is truncated or damaged (its checksum does not match)")]
    Checksum,
    #[error("it is damaged")]
    Damaged,
    #[error("its header cannot be read")]
    Header,
    #[error("its copy of the scenario cannot be read")]
    Scenario,
    #[error("its copy of the scenario does not match the hash it records")]
    ScenarioHash,
    #[error("its outcomes cannot be read")]
    Outcomes,
    #[error("its outcomes are followed by unexpected bytes")]
    TrailingBytes,
    #[error("its outcomes do not match its header")]
    OutcomesCount,
    /// A run's shard without the outcomes of the mitigation variants this riskplan shows for
    /// its scenario (`none`, `all`, `risk:ID`), e.g. one written before it simulated them.
    #[error(
        "it holds the mitigation variants [{}] and this riskplan needs [{}] for its scenario; write the shards again with this riskplan",
        holds.join(", "),
        needs.join(", ")
    )]
    Variants {
        holds: Vec<String>,
        needs: Vec<String>,
    },
}

/// The message of `Error::ShardsIncomplete`: every shard given twice, then those missing.
pub(super) fn incomplete(
    shards: u32,
    missing: &[u32],
    duplicated: &[(u32, Vec<PathBuf>)],
) -> String {
    let mut problems = Vec::new();
    for (k, files) in duplicated {
        let names: Vec<String> = files.iter().map(|f| format!("`{}`", f.display())).collect();
        problems.push(format!(
            "shard {k} of {shards} is given {} times ({})",
            files.len(),
            names.join(", ")
        ));
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(u32::to_string).collect();
        let (noun, verb) = if missing.len() == 1 {
            ("shard", "is")
        } else {
            ("shards", "are")
        };
        problems.push(format!(
            "{noun} {} of {shards} {verb} missing",
            list.join(", ")
        ));
    }
    format!(
        "cannot merge: {}; give every shard of the run once",
        problems.join("; ")
    )
}
