//! Text → syntax tree, and syntax tree → canonical text. The parser never
//! fails: it returns the tree of every item it could read plus a diagnostic
//! for every one it could not, resuming at the next item so one run reports
//! every syntax error. [`mod@format`] prints a tree back as `zonec fmt` does;
//! [`synth`] generates large policies as text for benchmarks and tests.
//!
//! **Layer rule:** the syntax tree stops at the model. Nothing below
//! `zonec-model` (analysis, targets, views) depends on this crate; a test in
//! `tests/layers.rs` reads the manifests and fails if one does.

pub mod ast;
#[cfg(test)]
mod deep_tests;
mod display;
pub mod format;
mod lexer;
mod parser;
pub mod synth;

pub use parser::parse;

/// Keywords of the language, which may not name zones, labels or services.
pub const KEYWORDS: &[&str] = &[
    "policy",
    "label",
    "zone",
    "service",
    "allow",
    "deny",
    "forbid",
    "require",
    "any",
    "except",
    "external",
    // version 1.1: member zones, the enforcement point itself
    "in",
    "self",
    // version 1.1: staged enforcement and access windows
    "monitor",
    "window",
    // field names
    "owner",
    "cite",
    "labels",
    "description",
    "net",
    "vlan",
    "reason",
    "ticket",
    "expires",
];

#[cfg(test)]
mod testdata {
    /// The language contract's "A first look" example, verbatim.
    pub const FIRST_LOOK: &str = include_str!("../../testdata/first_look.zones");
}
