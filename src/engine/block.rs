//! A block of `LANES` iterations that advance through the network together: their inputs,
//! schedule, totals and critical paths. Each lane is one iteration, drawn from its own
//! generator; lanes never interact, so an iteration's numbers are the same whichever block,
//! thread or shard runs it.

#![allow(clippy::needless_range_loop)]

use crate::model::Model;

use super::LANES;
use super::cost::{self, Totals, Usage};
use super::critical;
use super::inputs::Inputs;
use super::leveling::{Leveler, NO_BLOCKER};
use super::network::{self, Times};

/// Working memory for one block, sized once for a model.
#[derive(Debug, Clone)]
pub struct Block {
    pub inputs: Inputs,
    pub times: Times,
    pub usage: Usage,
    pub totals: [Totals; LANES],
    /// `critical[task * LANES + lane]`.
    pub critical: Vec<bool>,
    /// Each lane's finish with capacities ignored (its finish when none are in force).
    pub unconstrained: [f64; LANES],
    /// `utilisation[resource * LANES + lane]`.
    pub utilisation: Vec<f64>,
    /// Each lane's bottleneck resource, or `NO_BLOCKER`.
    pub bottleneck: [u16; LANES],
    /// After `one_more`: `one_more[lane]` is the lane's finish levelled again in its start
    /// order, `one_more[(1 + resource) * LANES + lane]` that with one more unit of the resource.
    pub one_more: Vec<f64>,
    /// Levelling scratch, when the model has resources.
    leveler: Option<Leveler>,
    free: Times,
    stack: Vec<u32>,
    finish_scratch: Vec<f64>,
}

impl Block {
    pub fn new(model: &Model) -> Self {
        let n = model.tasks.len();
        let r = model.leveling.resources.len();
        let active = model.leveling.active();
        Block {
            inputs: Inputs::new(model),
            times: Times::new(n),
            usage: Usage::new(model),
            totals: [Totals::default(); LANES],
            critical: vec![false; n * LANES],
            unconstrained: [0.0; LANES],
            utilisation: vec![0.0; r * LANES],
            bottleneck: [NO_BLOCKER; LANES],
            one_more: vec![0.0; (r + 1) * LANES],
            leveler: (r > 0).then(|| Leveler::new(model)),
            free: Times::new(if active { n } else { 0 }),
            stack: Vec::with_capacity(if active { n } else { 0 }),
            finish_scratch: vec![0.0; r + 1],
        }
    }

    /// Schedules the block from its inputs: times, totals and critical paths of every lane.
    pub fn schedule(&mut self, model: &Model) {
        // The one place where start and finish times are made: the serial schedule generation
        // with capacities when they are in force, else the forward pass. Both take the same
        // inputs and give `Times`, so costs, milestones and the critical path follow either.
        let duration = &self.inputs.duration;
        let levelled = match self.leveler.as_mut() {
            Some(lv) if model.leveling.active() => {
                lv.level(model, duration, &mut self.times);
                Some(lv)
            }
            _ => {
                network::forward_pass(model, duration, &mut self.times);
                None
            }
        };
        cost::roll_up(
            model,
            &self.inputs,
            &self.times,
            &mut self.usage,
            &mut self.totals,
        );
        let end = self.totals.map(|t| t.finish);
        match levelled {
            Some(lv) => {
                critical::mark_levelled(
                    model,
                    lv,
                    duration,
                    &self.times,
                    &end,
                    &mut self.critical,
                    &mut self.stack,
                );
                lv.bottleneck(model, &self.times, &self.critical, &mut self.bottleneck);
                network::forward_pass(model, duration, &mut self.free);
                self.unconstrained = [0.0; LANES];
                for i in 0..model.tasks.len() {
                    let f = &self.free.finish[i * LANES..(i + 1) * LANES];
                    for l in 0..LANES {
                        self.unconstrained[l] = self.unconstrained[l].max(f[l]);
                    }
                }
            }
            None => {
                critical::mark(model, duration, &self.times, &end, &mut self.critical);
                self.unconstrained = end;
            }
        }
        if let Some(lv) = &self.leveler {
            lv.utilisation(model, &self.times, &end, &mut self.utilisation);
        }
    }

    /// Fills `one_more` for lanes `0..lanes` of a levelled block (after `schedule`).
    pub fn one_more(&mut self, model: &Model, lanes: usize) {
        let Some(lv) = self.leveler.as_mut() else {
            return;
        };
        let finish = &mut self.finish_scratch;
        for l in 0..lanes {
            lv.one_more(model, &self.inputs.duration, &self.times, l, finish);
            for (k, &f) in finish.iter().enumerate() {
                self.one_more[k * LANES + l] = f;
            }
        }
    }
}
