//! Integration tests, one binary: the engine against closed forms, the command line, real
//! inputs from `../shared/data`, and shards run as an array job on a Slurm cluster.

mod capacities;
mod chromium;
mod cli;
mod common;
mod corpus;
mod csv_import;
mod engine;
mod exit_codes;
mod fuzz_corpus;
mod fuzz_regressions;
mod gan;
mod hs2;
mod html;
mod import;
mod inputs;
mod leveling;
mod limits;
mod mitigation;
mod mspdi;
mod outputs;
mod plans;
mod playbook;
mod progress;
mod properties;
mod psplib;
mod risk;
mod scenarios;
mod schema;
mod scratch;
mod shards;
mod slurm;
mod stdin;
mod summary;
mod terminal;
mod xer;
