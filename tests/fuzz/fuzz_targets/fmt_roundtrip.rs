//! `fmt` keeps the meaning and comments of any file that parses, and is
//! idempotent (`zonec_props::fmt`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonec_props::fmt::roundtrip(data));
