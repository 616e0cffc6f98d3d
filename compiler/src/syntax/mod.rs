//! Text → syntax tree. The parser never fails: it returns the tree of every
//! item it could read plus a diagnostic for every one it could not, resuming
//! at the next item so one run reports every syntax error.

pub mod ast;
mod lexer;
mod parser;

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
