//! Imports of schedules written by other tools. Each format's reader produces a
//! [`Schedule`], the one plan shape every importer shares, and [`to_scenario`] turns it into
//! the `Scenario` the model compiles.

pub mod psplib;
pub mod schedule;
mod to_scenario;

pub use schedule::Schedule;
pub use to_scenario::to_scenario;
