//! Imports of schedules written by other tools. Each format's reader produces a
//! [`Schedule`](schedule::Schedule), the one plan shape every importer shares.

pub mod psplib;
pub mod schedule;
