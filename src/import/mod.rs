//! Imports of schedules written by other tools, each turned into a `Scenario`.

pub mod psplib;
