//! Fuzz target: see `riskplan_fuzz::psplib`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| riskplan_fuzz::check(riskplan_fuzz::psplib(data)));
