//! What the analysis says about each invariant: whether it holds, and the
//! evidence — a witness path for every offending pair of a broken `forbid`,
//! a certificate for a holding one, the checked pairs for a holding
//! `require`, the missing ports and their causes for every pair of a broken
//! one. All of it speaks ids, not names or spans, and serialises to JSON as
//! it is.
//!
//! A broken invariant may have more offending pairs than anyone can read
//! (`forbid any -> any` over thousands of zones): the evidence counts them
//! all (`total`) and lists the first [`LISTED`] in (source, destination)
//! order, so what is left out is always said, never silently dropped.

/// At most this many offending pairs of one invariant are listed, each with
/// its evidence; the rest are counted.
pub const LISTED: usize = 1000;

use serde::{Serialize, Serializer};
use zonec_model::{InvariantId, PortSet, RuleId, ZoneId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub invariant: InvariantId,
    pub holds: bool,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Evidence {
    /// A broken `forbid`: every offending pair with its shortest path.
    Witnesses(Witnesses),
    /// A holding `forbid ->*`: closed zone sets anyone can check
    /// (see [`super::certificate`]).
    Certificate(Certificate),
    /// A holding `forbid ->` or `require`: every pair of `from` × `to`
    /// (self-pairs excluded) was checked on `ports`.
    Checked(Checked),
    /// A broken `require`: every pair that lacks some port, and why.
    Missing(Missing),
}

/// The offending pairs of a broken `forbid`, in (source, destination)
/// order: the first [`LISTED`] with a witness each, and how many there are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Witnesses {
    /// How many ordered pairs break the invariant (never zero).
    pub total: u64,
    pub pairs: Vec<Witness>,
}

/// A path `from -> ... -> to`; every hop is allowed, the last one on a port
/// of the invariant's services.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Witness {
    pub from: ZoneId,
    pub to: ZoneId,
    pub hops: Vec<Hop>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    pub from: ZoneId,
    pub to: ZoneId,
    /// The ports allowed on this hop (on the last hop: those of the
    /// invariant's services).
    #[serde(serialize_with = "ports_text")]
    pub ports: PortSet,
    /// The `allow` rules granting those ports.
    pub rules: Vec<RuleId>,
}

/// The certificate of a holding `forbid A ->* B : s`: a list of closed sets
/// whose sources together are `A`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Certificate {
    pub parts: Vec<ClosedSet>,
}

/// Zones that contain `sources`, are closed under allowed flows on any port,
/// and from which no flow on a port of `s` reaches a forbidden destination
/// (every zone of `B`, except the source itself when there is one source).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClosedSet {
    pub sources: Vec<ZoneId>,
    pub zones: Vec<ZoneId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub from: Vec<ZoneId>,
    pub to: Vec<ZoneId>,
    /// How many ordered pairs that is (self-pairs excluded).
    pub pairs: u64,
    #[serde(serialize_with = "ports_text")]
    pub ports: PortSet,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// How many ordered pairs fall short (never zero).
    pub total: u64,
    /// The first [`LISTED`] of them, in (source, destination) order.
    pub pairs: Vec<MissingFlow>,
}

/// One pair of a broken `require`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MissingFlow {
    pub from: ZoneId,
    pub to: ZoneId,
    /// The required ports that are not allowed.
    #[serde(serialize_with = "ports_text")]
    pub missing: PortSet,
    /// The part of `missing` no `allow` covers.
    #[serde(serialize_with = "ports_text")]
    pub uncovered: PortSet,
    /// The denies that remove the rest, each with the ports it removes.
    pub denied: Vec<DeniedPorts>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeniedPorts {
    pub rule: RuleId,
    #[serde(serialize_with = "ports_text")]
    pub ports: PortSet,
}

/// Port sets are written in the language's own syntax (`tcp/443, udp/53`).
pub fn ports_text<S: Serializer>(ports: &PortSet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(ports)
}
