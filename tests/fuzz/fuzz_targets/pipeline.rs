//! Any text through compile, analysis and both diagnostic renderings
//! without a panic (`zonec_props::pipeline`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonec_props::pipeline::pipeline(data));
