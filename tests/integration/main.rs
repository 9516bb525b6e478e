//! Integration tests, one binary: the engine against closed forms, the command line, and
//! real inputs from `../shared/data`.

mod cli;
mod common;
mod engine;
mod plans;
mod psplib;
mod risk;
mod scenarios;
mod shards;
