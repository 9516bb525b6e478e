//! Integration tests, one binary: the engine against closed forms, the command line, and
//! real inputs from `../shared/data`.

mod common;
mod engine;
mod cli;
mod psplib;
mod scenarios;
