//! Shard files: one shard's outcomes of a `run` or `compare`, with everything `riskplan merge`
//! needs to give exactly what the single run gives, and to refuse what does not belong
//! together. Layout (version 3, little-endian):
//!
//! ```text
//! 8 bytes   "RISKPLAN"            magic
//! u32       3                     format version
//! u64 + n   header (JSON, UTF-8)  riskplan version, command, scenario path and SHA-256,
//!                                 iterations, seed, sampling, confidence, mitigated,
//!                                 ignore_capacities, plans, variants (the mitigation
//!                                 variants a `run` holds besides its own outcomes), shard K
//!                                 of N and its iterations first..end
//! u64 + n   the scenario's text   so that a merge needs no copy of the file
//! u32       P + V                 P plans: 1 for `run`, one per plan for `compare`; V variants
//! P x (u64 + n)                   each plan's outcomes (`engine::codec`), iterations first..end
//! V x (u64 + n)                   each variant's outcomes, over the part of first..end below
//!                                 the variants' bound (possibly none)
//! 32 bytes  SHA-256 of everything before it (a truncated or damaged file is refused)
//! ```

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use riskplan::Error;
use riskplan::engine::{Outcomes, codec};
use riskplan::error::ShardProblem;
use riskplan::import::ImportOptions;
use riskplan::report::table::escape;
use riskplan::scenario::Source;

use super::Loaded;
use super::mitigation::Variants;
use super::options::{Shard, Sim};
use super::output::write_all_or_none;

const MAGIC: &[u8; 8] = b"RISKPLAN";
const FORMAT_VERSION: u32 = 3;

/// Which command wrote a shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Run,
    Compare,
}

/// What a shard belongs to. Two shards merge only when every field but the last four agrees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub riskplan: String,
    pub command: Kind,
    pub scenario: String,
    pub scenario_sha256: String,
    pub iterations: u64,
    pub seed: u64,
    pub sampling: String,
    pub confidence: Option<f64>,
    pub mitigated: bool,
    /// `--ignore-capacities`: the schedule was not levelled.
    #[serde(default)]
    pub ignore_capacities: bool,
    /// `run`: the plan applied (or null); `compare`: the plans, in order.
    pub plans: Vec<Option<String>>,
    /// `run`: the mitigation variants whose outcomes follow the plan's (`none`, `all`,
    /// `risk:ID`), empty when the register has no mitigation; `compare`: empty.
    #[serde(default)]
    pub variants: Vec<String>,
    /// How the scenario file was read (its format, the risk template of an import).
    #[serde(default)]
    pub import: ImportOptions,
    pub shard: u32,
    pub shards: u32,
    pub first: u64,
    pub end: u64,
}

/// The fields that say which shard of the run a file is, not which run.
const SHARD_FIELDS: [&str; 4] = ["shard", "shards", "first", "end"];

impl Header {
    pub fn new(
        command: Kind,
        loaded: &Loaded,
        sim: &Sim,
        plans: Vec<Option<String>>,
        variants: Vec<String>,
        shard: Shard,
        outcomes: &Outcomes,
    ) -> Header {
        let source = loaded.file();
        Header {
            riskplan: env!("CARGO_PKG_VERSION").to_string(),
            command,
            scenario: source.path.display().to_string(),
            scenario_sha256: sha256_hex(source.text.as_bytes()),
            iterations: sim.iterations,
            seed: sim.seed,
            sampling: sim.sampling.name().to_string(),
            confidence: sim.confidence,
            mitigated: sim.mitigated,
            ignore_capacities: sim.ignore_capacities,
            plans,
            variants,
            import: loaded.options().clone(),
            shard: shard.index,
            shards: shard.count,
            first: outcomes.first,
            end: outcomes.end(),
        }
    }

    /// The fields that must agree between shards of one run, in file order.
    pub fn run_fields(&self) -> Vec<(String, serde_json::Value)> {
        let serde_json::Value::Object(map) = serde_json::to_value(self).unwrap_or_default() else {
            return Vec::new();
        };
        map.into_iter()
            .filter(|(k, _)| !SHARD_FIELDS.contains(&k.as_str()))
            .collect()
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes a shard file (all or nothing).
pub fn write(path: &Path, header: &Header, source: &Source, outcomes: &[Outcomes]) -> Result<()> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let json = serde_json::to_vec(header)?;
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&(source.text.len() as u64).to_le_bytes());
    out.extend_from_slice(source.text.as_bytes());
    out.extend_from_slice(&(outcomes.len() as u32).to_le_bytes());
    let mut block = Vec::new();
    for o in outcomes {
        block.clear();
        codec::encode(o, &mut block);
        out.extend_from_slice(&(block.len() as u64).to_le_bytes());
        out.extend_from_slice(&block);
    }
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    write_all_or_none(&[(path.to_path_buf(), &out)])?;
    // A line for the job's log (standard output stays free for pipes).
    let line = format!(
        "shard {} of {} (iterations {} to {} of {}) written to `{}`",
        header.shard,
        header.shards,
        header.first,
        header.end.saturating_sub(1),
        header.iterations,
        path.display()
    );
    eprintln!("{}", escape(&line));
    Ok(())
}

/// A shard file read back.
#[derive(Debug)]
pub struct ShardFile {
    pub path: PathBuf,
    pub header: Header,
    pub source: Source,
    pub outcomes: Vec<Outcomes>,
}

/// Reads a shard file, refusing anything that is not a complete, undamaged one.
pub fn read(path: &Path) -> Result<ShardFile, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |why: ShardProblem| Error::BadShard {
        path: path.to_path_buf(),
        why,
    };
    if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
        return Err(bad(ShardProblem::NotAShard));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap_or_default());
    if version != FORMAT_VERSION {
        return Err(bad(ShardProblem::FormatVersion {
            found: version,
            reads: FORMAT_VERSION,
        }));
    }
    if bytes.len() < 12 + 32 {
        return Err(bad(ShardProblem::Truncated));
    }
    let (body, digest) = bytes.split_at(bytes.len() - 32);
    if Sha256::digest(body).as_slice() != digest {
        return Err(bad(ShardProblem::Checksum));
    }
    let mut input = &body[12..];
    let mut take = |n: usize| -> Option<&[u8]> {
        if input.len() < n {
            return None;
        }
        let (head, tail) = input.split_at(n);
        input = tail;
        Some(head)
    };
    let mut block = || -> Option<&[u8]> {
        let len = u64::from_le_bytes(take(8)?.try_into().ok()?);
        take(usize::try_from(len).ok()?)
    };
    let header: Header = block()
        .and_then(|b| serde_json::from_slice(b).ok())
        .ok_or_else(|| bad(ShardProblem::Header))?;
    let text = block()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .ok_or_else(|| bad(ShardProblem::Scenario))?;
    if sha256_hex(text.as_bytes()) != header.scenario_sha256 {
        return Err(bad(ShardProblem::ScenarioHash));
    }
    let mut rest = input;
    let plans = rest
        .split_first_chunk::<4>()
        .map(|(n, tail)| {
            rest = tail;
            u32::from_le_bytes(*n)
        })
        .ok_or_else(|| bad(ShardProblem::Truncated))?;
    let mut outcomes = Vec::new();
    for _ in 0..plans {
        let (len, tail) = rest
            .split_first_chunk::<8>()
            .ok_or_else(|| bad(ShardProblem::Truncated))?;
        let len =
            usize::try_from(u64::from_le_bytes(*len)).map_err(|_| bad(ShardProblem::Damaged))?;
        if tail.len() < len {
            return Err(bad(ShardProblem::Truncated));
        }
        let (mut one, tail) = tail.split_at(len);
        let o = codec::decode(&mut one).ok_or_else(|| bad(ShardProblem::Outcomes))?;
        if !one.is_empty() {
            return Err(bad(ShardProblem::TrailingBytes));
        }
        outcomes.push(o);
        rest = tail;
    }
    // The outcomes hold exactly the iterations the header says, of a run no longer than a run
    // may be: merged shards can then never count past what the accumulators hold.
    let plans = header.plans.len();
    let variants = Variants::range(header.first..header.end);
    if !rest.is_empty()
        || outcomes.len() != plans + header.variants.len()
        || header.iterations > u32::MAX as u64
        || !(header.first <= header.end && header.end <= header.iterations)
        || outcomes[..plans]
            .iter()
            .any(|o| o.first != header.first || o.end() != header.end)
        || outcomes[plans..]
            .iter()
            .any(|o| o.first != variants.start || o.end() != variants.end)
    {
        return Err(bad(ShardProblem::OutcomesCount));
    }
    let source = Source {
        path: PathBuf::from(&header.scenario),
        text,
    };
    Ok(ShardFile {
        path: path.to_path_buf(),
        header,
        source,
        outcomes,
    })
}
