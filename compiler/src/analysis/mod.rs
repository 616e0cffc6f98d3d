//! Analysis of a resolved model: the effective policy, service classes, the
//! zone graph, invariant proofs with witnesses and certificates, and lints.

pub mod classes;
pub mod effective;
