//! Integration tests, one binary: the engine against closed forms, the command line, real
//! inputs from `../shared/data`, and shards run as an array job on a Slurm cluster.

mod capacities;
mod chromium;
mod cli;
mod common;
mod csv_import;
mod engine;
mod fuzz_regressions;
mod gan;
mod hs2;
mod html;
mod import;
mod leveling;
mod mitigation;
mod mspdi;
mod plans;
mod progress;
mod psplib;
mod risk;
mod scenarios;
mod shards;
mod slurm;
mod xer;
