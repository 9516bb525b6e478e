//! A block of `LANES` iterations that advance through the network together: their inputs,
//! schedule, totals and critical paths. Each lane is one iteration, drawn from its own
//! generator; lanes never interact, so an iteration's numbers are the same whichever block,
//! thread or shard runs it.

use crate::model::Model;

use super::LANES;
use super::cost::{self, Totals, Usage};
use super::critical;
use super::inputs::Inputs;
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
}

impl Block {
    pub fn new(model: &Model) -> Self {
        Block {
            inputs: Inputs::new(model),
            times: Times::new(model.tasks.len()),
            usage: Usage::new(model),
            totals: [Totals::default(); LANES],
            critical: vec![false; model.tasks.len() * LANES],
        }
    }

    /// Schedules the block from its inputs: times, totals and critical paths of every lane.
    pub fn schedule(&mut self, model: &Model) {
        // The one place where start and finish times are made. A resource-levelling pass
        // (serial schedule generation with capacities) takes the forward pass's place here:
        // the same inputs (durations, links, calendars) and the same output (`Times`), so
        // costs, milestones and the critical path follow it unchanged.
        network::forward_pass(model, &self.inputs.duration, &mut self.times);
        cost::roll_up(
            model,
            &self.inputs,
            &self.times,
            &mut self.usage,
            &mut self.totals,
        );
        let end = self.totals.map(|t| t.finish);
        critical::mark(
            model,
            &self.inputs.duration,
            &self.times,
            &end,
            &mut self.critical,
        );
    }
}
