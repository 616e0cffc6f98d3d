//! The properties zonec must have on any input, written once and checked
//! two ways: by the cargo-fuzz targets in `tests/fuzz/` (unbounded, on the
//! nightly toolchain) and by the bounded proptest run in the test suite
//! (`tests/properties.rs`, on stable). Each property is a function that
//! takes an input and panics, with a message saying what broke, when the
//! property does not hold: a panic is what both drivers report.
//!
//! - [`parse`]: any bytes parse without a panic, and every span lies in the
//!   text on character boundaries;
//! - [`pipeline`]: any text goes through compile, analysis and both
//!   diagnostic renderings (human and JSON);
//! - [`fmt`]: formatting a file that parses keeps its meaning and comments
//!   and is idempotent;
//! - [`emit`]: every emitter on a valid policy (a fuzzed text that compiles
//!   cleanly, or one [`generate`]d from the bytes), with every read-back
//!   check there is: the cloud evaluators of `tests/cloud/`, JSON
//!   validity, no raw control or invisible character in any output, and
//!   the certificate checker agreeing with the analysis;
//! - [`flows`]: any bytes read as every flow-log format without a panic,
//!   and every verdict of `zonec flows` agreeing with the zone matrix.

// Test-support code: a property that does not hold panics, by design.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod cloud;
pub mod emit;
pub mod flows;
pub mod fmt;
pub mod generate;
pub mod outputs;
pub mod parse;
pub mod pipeline;
pub mod spans;

use zonec_base::Date;

/// The date every property runs at, so `expires` is deterministic.
pub fn today() -> Date {
    Date::parse("2026-01-15").expect("a valid date")
}

/// The longest input the fuzz targets take (`-max_len`), and the one the
/// properties are written for.
pub const MAX_INPUT: usize = 1 << 20;

/// The certificate checker, which shares no code with the search, accepts
/// the certificate of every `forbid ->*` the analysis says holds.
pub fn certificates(model: &zonec_model::Model, analysis: &zonec_analysis::Analysis) {
    use zonec_analysis::{certificate, Evidence};
    for v in &analysis.verdicts {
        if let Evidence::Certificate(cert) = &v.evidence {
            let inv = model.invariant(v.invariant);
            assert!(v.holds, "a certificate for a broken invariant: {inv:?}");
            assert_eq!(
                certificate::check(&analysis.effective, inv, cert),
                Ok(()),
                "the certificate checker rejects the analysis' proof of {inv:?}"
            );
        }
    }
}
