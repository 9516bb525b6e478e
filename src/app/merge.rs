//! `riskplan merge`: the shard files of one `run` or `compare` become exactly what the single
//! run prints and writes. Shards of another scenario, seed, iteration count, option or
//! riskplan version are refused with the field that differs; every missing or duplicated
//! shard is named. A run's shards also hold the mitigation variants' outcomes, merged the same
//! way.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;

use riskplan::Error;
use riskplan::analysis;
use riskplan::engine::{self, Outcomes};
use riskplan::error::ShardProblem;
use riskplan::model::{CompileOptions, Mitigations, Model};
use riskplan::report::Document;

use super::mitigation::Variants;
use super::options::{Outputs, Shard, validate_outputs};
use super::shard::{self, Kind, ShardFile};
use super::{Loaded, compare, output, print_warnings};
use crate::cli::MergeArgs;

pub fn merge(args: MergeArgs) -> Result<()> {
    let outputs = Outputs {
        json: args.json.clone(),
        csv: args.csv.clone(),
        html: args.html.clone(),
        charts: args.charts.clone(),
    };
    validate_outputs(&outputs)?;
    let files = args
        .files
        .iter()
        .map(|p| shard::read(p))
        .collect::<Result<Vec<ShardFile>, Error>>()?;
    let mut files = in_order(files)?;
    let h = files[0].header.clone();
    let loaded = Loaded::parse(files[0].source.clone(), h.import.clone())?;
    let options = |plan: &Option<String>| CompileOptions {
        plan: plan.clone(),
        mitigations: if h.mitigated {
            Mitigations::All
        } else {
            Mitigations::None
        },
        confidence: h.confidence,
        ignore_capacities: h.ignore_capacities,
    };
    // Each plan's outcomes, shard after shard, moved out of the files (not copied).
    let mut shards: Vec<std::vec::IntoIter<Outcomes>> = files
        .iter_mut()
        .map(|f| std::mem::take(&mut f.outcomes).into_iter())
        .collect();
    let merged: Vec<Outcomes> = (0..h.plans.len() + h.variants.len())
        .map(|_| {
            let mut parts = shards.iter_mut().filter_map(|s| s.next());
            let first = parts.next().expect("at least one shard");
            parts.try_fold(first, |acc, next| acc.merge(next))
        })
        .collect::<Result<_, _>>()
        .map_err(Error::ShardsDoNotFit)?;
    let models = h
        .plans
        .iter()
        .map(|p| loaded.compile(&options(p)))
        .collect::<Result<Vec<Model>, Error>>()?;
    print_warnings(&loaded, &models[0]);
    // The mitigation variants this riskplan simulates for the run, which the shards must hold.
    let variants = match h.command {
        Kind::Run => Variants::of(&models[0], h.mitigated),
        Kind::Compare => None,
    };
    let needs = variants.as_ref().map_or_else(Vec::new, Variants::names);
    if needs != h.variants {
        return Err(Error::BadShard {
            path: files[0].path.clone(),
            why: ShardProblem::Variants {
                holds: h.variants.clone(),
                needs,
            },
        }
        .into());
    }
    let table = super::table(args.top);
    match h.command {
        Kind::Run => {
            let det = engine::deterministic(&models[0]);
            let file = &loaded.file().path;
            analysis::within_calendar(file, &models[0], &det, Some(&merged[0]))?;
            let mut report = analysis::analyse(&models[0], &det, &merged[0]);
            if let Some(v) = &variants {
                let extra = v.models(&loaded, &options(&h.plans[0]))?;
                for (m, out) in extra.iter().zip(&merged[1..]) {
                    analysis::within_calendar(file, m, &engine::deterministic(m), Some(out))?;
                }
                report.mitigation = Some(v.report((&models[0], &merged[0]), &extra, &merged[1..]));
            }
            output::write(&outputs, Document::Run(&report), &table)
        }
        Kind::Compare => {
            let names: Vec<String> = h.plans.iter().flatten().cloned().collect();
            let report = compare::report(&loaded, &names, &models, &merged)?;
            output::write(&outputs, Document::Comparison(&report), &table)
        }
    }
}

/// Checks that the files are the shards of one run, each once, all there, and puts them in
/// iteration order.
fn in_order(files: Vec<ShardFile>) -> Result<Vec<ShardFile>, Error> {
    let first = &files[0];
    let ours = env!("CARGO_PKG_VERSION");
    if first.header.riskplan != ours {
        return Err(Error::ShardVersion {
            path: first.path.clone(),
            written_by: first.header.riskplan.clone(),
            this: ours.to_string(),
        });
    }
    let reference = first.header.run_fields();
    for f in &files[1..] {
        for ((key, want), (_, got)) in reference.iter().zip(f.header.run_fields()) {
            if *want != got {
                return Err(Error::ShardMismatch {
                    file: f.path.clone(),
                    other: first.path.clone(),
                    field: key.clone(),
                    got: got.to_string(),
                    want: want.to_string(),
                });
            }
        }
        if f.header.shards != first.header.shards {
            return Err(Error::ShardCount {
                file: f.path.clone(),
                shards: f.header.shards,
                other: first.path.clone(),
                other_shards: first.header.shards,
            });
        }
    }
    let n = first.header.shards;
    let mut by_index: BTreeMap<u32, Vec<ShardFile>> = BTreeMap::new();
    for f in files {
        by_index.entry(f.header.shard).or_default().push(f);
    }
    let duplicated: Vec<(u32, Vec<PathBuf>)> = by_index
        .iter()
        .filter(|(_, fs)| fs.len() > 1)
        .map(|(&k, fs)| (k, fs.iter().map(|f| f.path.clone()).collect()))
        .collect();
    let missing: Vec<u32> = (1..=n).filter(|k| !by_index.contains_key(k)).collect();
    if !duplicated.is_empty() || !missing.is_empty() {
        return Err(Error::ShardsIncomplete {
            shards: n,
            missing,
            duplicated,
        });
    }
    let mut ordered = Vec::new();
    for (k, mut fs) in by_index {
        let f = fs.remove(0);
        let want = Shard { index: k, count: n }.range(f.header.iterations);
        if f.header.first != want.start || f.header.end != want.end {
            return Err(Error::ShardIterations {
                path: f.path,
                shard: k,
                shards: n,
                holds: f.header.first..f.header.end,
                want,
            });
        }
        ordered.push(f);
    }
    Ok(ordered)
}
