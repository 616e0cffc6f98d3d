//! Any bytes parse without a panic, every span inside the text
//! (`zonec_props::parse`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonec_props::parse::parse(data));
