//! Any bytes read as every flow-log format, through the engine and every
//! output, without a panic (`zonec_props::flows`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonec_props::flows::read(data));
