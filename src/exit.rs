//! Exit codes, the contract with CI pipelines.

/// What a run of zonec means to a pipeline.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Nothing wrong (warnings allowed).
    Ok = 0,
    /// The policy is valid but an invariant is broken (or, for `diff
    /// --fail-on-open` and `fmt --check`, the condition asked about holds;
    /// for `explain`, the flow is not possible; for `which`, an address is
    /// in no zone).
    Violation = 1,
    /// Invalid input or usage: nothing was written.
    Invalid = 2,
}
