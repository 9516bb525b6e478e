//! What the mitigations buy, from one run: the variants of the run's model with no mitigation,
//! every mitigation and each mitigation alone, simulated with the run's seed over the same
//! iterations (common random numbers). The run's own outcomes serve for the variant it
//! already is (no mitigation, or every one with `--mitigated`); the others are compiled and
//! simulated here, each distinct set of mitigations once, over at most the first
//! `ITERATIONS` iterations of the run (or of a shard's share of them).

use std::ops::Range;

use riskplan::Error;
use riskplan::analysis::mitigation::{self, Variant};
use riskplan::engine::{self, Outcomes, SimOptions};
use riskplan::model::{CompileOptions, Mitigations, Model};
use riskplan::report::MitigationReport;

use super::Loaded;

/// The most iterations the variants are simulated over. Their differences, with common
/// random numbers, are known far more precisely than either figure alone, and beyond this
/// each extra variant would multiply the time of a large run.
pub const ITERATIONS: u64 = 100_000;

/// The variants of one run's model that the mitigation analysis needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Variants {
    /// Ids of the risks with a mitigation, in register order.
    risks: Vec<String>,
    /// Each distinct set of mitigations simulated (indices into `risks`, ascending): the run's
    /// own first, then the extra ones.
    sets: Vec<Vec<usize>>,
}

impl Variants {
    /// The variants of `model` (compiled with every mitigation in force when `mitigated`);
    /// None when its register has no mitigation.
    pub fn of(model: &Model, mitigated: bool) -> Option<Variants> {
        let risks: Vec<String> = model
            .risks
            .iter()
            .filter(|r| r.mitigation.is_some())
            .map(|r| r.id.clone())
            .collect();
        if risks.is_empty() {
            return None;
        }
        Some(Variants::with(risks, mitigated))
    }

    /// The variants of a register whose risks `risks` have a mitigation.
    fn with(risks: Vec<String>, mitigated: bool) -> Variants {
        let all: Vec<usize> = (0..risks.len()).collect();
        let own = if mitigated { all.clone() } else { Vec::new() };
        let mut sets = vec![own];
        for set in [Vec::new(), all]
            .into_iter()
            .chain((0..risks.len()).map(|k| vec![k]))
        {
            if !sets.contains(&set) {
                sets.push(set);
            }
        }
        Variants { risks, sets }
    }

    fn mitigations(&self, set: &[usize]) -> Mitigations {
        if set.is_empty() {
            Mitigations::None
        } else if set.len() == self.risks.len() {
            Mitigations::All
        } else {
            Mitigations::Only(set.iter().map(|&k| self.risks[k].clone()).collect())
        }
    }

    /// The extra variants' names, in the order their outcomes are kept (and a shard file
    /// holds them): `none`, `all`, or `risk:ID` for one mitigation alone.
    pub fn names(&self) -> Vec<String> {
        self.sets[1..]
            .iter()
            .map(|set| match self.mitigations(set) {
                Mitigations::None => "none".to_string(),
                Mitigations::All => "all".to_string(),
                Mitigations::Only(ids) => format!("risk:{}", ids.join("+")),
            })
            .collect()
    }

    /// The extra variants' models: `base` (the run's options) with their mitigations.
    pub fn models(&self, loaded: &Loaded, base: &CompileOptions) -> Result<Vec<Model>, Error> {
        self.sets[1..]
            .iter()
            .map(|set| {
                loaded.compile(&CompileOptions {
                    mitigations: self.mitigations(set),
                    ..base.clone()
                })
            })
            .collect()
    }

    /// The iterations of the run's `range` over which the variants are simulated.
    pub fn range(range: Range<u64>) -> Range<u64> {
        range.start.min(ITERATIONS)..range.end.min(ITERATIONS)
    }

    /// The extra variants' outcomes over `range` (a run's, or a shard's share of one).
    pub fn simulate(
        models: &[Model],
        opts: SimOptions,
        range: Range<u64>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Vec<Outcomes> {
        let range = Self::range(range);
        models
            .iter()
            .map(|m| engine::simulate(m, opts, range.clone(), progress))
            .collect()
    }

    /// The mitigation report: `own` is the run's model and outcomes (from iteration 0),
    /// `extra` the extra variants' in `names` order, over the first iterations of the run.
    pub fn report(
        &self,
        own: (&Model, &Outcomes),
        extra: &[Model],
        extra_outcomes: &[Outcomes],
    ) -> MitigationReport {
        let n = extra_outcomes.first().map_or(own.1.len(), Outcomes::len);
        let parts: Vec<(&Model, &Outcomes)> = std::iter::once(own)
            .chain(extra.iter().zip(extra_outcomes))
            .collect();
        let totals: Vec<Vec<f64>> = parts
            .iter()
            .map(|(_, o)| o.columns.total_cost()[..n].to_vec())
            .collect();
        let variant = |set: &[usize]| -> Variant<'_> {
            let i = self
                .sets
                .iter()
                .position(|s| s == set)
                .expect("every set the analysis needs is simulated");
            Variant {
                model: parts[i].0,
                finish: &parts[i].1.columns.finish[..n],
                total_cost: &totals[i],
            }
        };
        let all: Vec<usize> = (0..self.risks.len()).collect();
        let alone: Vec<Variant<'_>> = (0..self.risks.len()).map(|k| variant(&[k])).collect();
        mitigation::mitigation(&variant(&[]), &variant(&all), &alone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants(m: usize, mitigated: bool) -> Variants {
        Variants::with((0..m).map(|k| format!("r{k}")).collect(), mitigated)
    }

    #[test]
    fn each_distinct_set_is_simulated_once_and_the_runs_own_is_not_simulated_again() {
        assert_eq!(
            variants(2, false).names(),
            ["all", "risk:r0", "risk:r1"],
            "before is the run itself"
        );
        assert_eq!(variants(2, true).names(), ["none", "risk:r0", "risk:r1"]);
        // One mitigation alone is every mitigation.
        assert_eq!(variants(1, false).names(), ["all"]);
        assert_eq!(variants(1, true).names(), ["none"]);
    }

    #[test]
    fn the_variants_range_stops_at_the_bound() {
        assert_eq!(Variants::range(0..10), 0..10);
        assert_eq!(Variants::range(0..ITERATIONS + 5), 0..ITERATIONS);
        assert_eq!(
            Variants::range(ITERATIONS - 3..ITERATIONS + 5),
            ITERATIONS - 3..ITERATIONS
        );
        assert_eq!(
            Variants::range(ITERATIONS + 1..ITERATIONS + 5),
            ITERATIONS..ITERATIONS
        );
    }
}
