//! `zonec verify` for the router: is the nftables ruleset the router runs
//! the one the policy proves? The deployed `table inet zonec` (from `nft -j
//! list ruleset`) is read back (`read.rs`) into an evaluator of its own
//! (`eval.rs`), which knows nothing of how zonec wrote it: it computes the
//! zone-to-zone, port-by-port reachability the table enforces over the
//! policy's address partition (`compare.rs`) and reports every difference
//! with the policy's effective policy as a [`Finding`] with a witness
//! packet and the deployed rule responsible. Other tables are scanned for
//! what can block or rewrite zonec's traffic (`foreign.rs`). A construct the
//! reader does not understand is an [`Unsupported`] error, never a pass.

mod addr;
mod compare;
mod compile;
mod elem;
mod eval;
mod finding;
mod foreign;
mod invariants;
mod ir;
mod read;
mod show;
mod stmt;

pub use finding::{Class, Finding, Witness};

use std::collections::BTreeMap;
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::{AddressTable, Model, ZoneId};

/// The policy a ruleset is checked against.
pub struct Policy<'a> {
    pub model: &'a Model,
    pub effective: &'a EffectivePolicy,
    pub addresses: &'a AddressTable,
    /// The policy's SHA-256, as the build writes it into the table.
    pub hash: &'a str,
    /// The interface each VLAN zone's traffic arrives on, when the build
    /// had an `--nft-interface` template (anti-spoofing).
    pub interfaces: &'a BTreeMap<ZoneId, String>,
}

/// Everything `verify` found, in a fixed order: the policy hash first,
/// then the table's reachability, then other tables.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// How many (source, destination) address ranges were evaluated.
    pub pairs_checked: usize,
}

/// Compare the ruleset in `nft_json` (the output of `nft -j list ruleset`)
/// with `policy`.
pub fn verify(policy: &Policy, nft_json: &str) -> Result<Report, Unsupported> {
    let deployed = read::read(nft_json)?;
    let mut report = Report::default();
    report.findings.extend(finding::hash(
        deployed.zonec.as_ref().map(|t| t.comment.as_deref()),
        policy.hash,
    ));
    let table = deployed.zonec.unwrap_or_default();
    let (findings, pairs) = compare::compare(policy, &table)?;
    report.findings.extend(findings);
    report.pairs_checked = pairs;
    let hooks = compare::hooks(policy);
    report
        .findings
        .extend(finding::foreign(&deployed.foreign, &hooks));
    Ok(report)
}

/// A ruleset the evaluator cannot read: what, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    /// The construct, e.g. "the match `tcp sport 53`".
    pub what: String,
    /// Where it is, e.g. "chain forward, rule 3 `...`"; empty for the input as a whole.
    pub at: String,
    /// Whether the input is not `nft -j` output at all (rather than a construct).
    pub malformed: bool,
}

impl Unsupported {
    pub(crate) fn new(what: impl Into<String>) -> Unsupported {
        Unsupported {
            what: what.into(),
            at: String::new(),
            malformed: false,
        }
    }

    pub(crate) fn at(at: &str, what: impl Into<String>) -> Unsupported {
        Unsupported::new(what).located(at)
    }

    pub(crate) fn input(what: impl Into<String>) -> Unsupported {
        Unsupported {
            malformed: true,
            ..Unsupported::new(what)
        }
    }

    pub(crate) fn located(mut self, at: &str) -> Unsupported {
        if self.at.is_empty() {
            self.at = at.to_string();
        }
        self
    }
}

#[cfg(test)]
mod tests;
