//! What `verify` reports: one [`Finding`] per difference, of a [`Class`],
//! with a witness packet and the deployed element or rule responsible.
//! Every string in a finding that comes from the deployed ruleset is as
//! the router printed it: the CLI escapes it for each output format.

use crate::foreign::Foreign;
use serde::Serialize;

use zonec_targets::nftables::POLICY_HASH_PREFIX as HASH_PREFIX;

/// The kinds of finding, in report order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// The table was built from another policy, or carries no hash.
    PolicyHash,
    /// An extra flow that also breaks a `forbid` (names the invariant).
    ForbiddenReachable,
    /// The deployed table allows what the policy does not.
    Extra,
    /// The policy allows what the deployed table drops.
    Missing,
    /// A base chain of another table on a hook zonec filters.
    MayBlock,
    /// A rule that rewrites addresses (NAT).
    RewritesAddresses,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::PolicyHash => "policy-hash",
            Class::ForbiddenReachable => "forbidden-reachable",
            Class::Extra => "extra",
            Class::Missing => "missing",
            Class::MayBlock => "may-block",
            Class::RewritesAddresses => "rewrites-addresses",
        }
    }

    /// One line on what the class means (SARIF rule descriptions, docs).
    pub fn summary(self) -> &'static str {
        match self {
            Class::PolicyHash => "The running ruleset was not built from this policy",
            Class::ForbiddenReachable => {
                "The running ruleset allows a flow a forbid invariant rules out"
            }
            Class::Extra => "The running ruleset allows a flow the policy does not",
            Class::Missing => "The running ruleset drops a flow the policy allows",
            Class::MayBlock => {
                "Another table's base chain on a hook zonec filters can drop its traffic"
            }
            Class::RewritesAddresses => {
                "A rule rewrites addresses, which the zone analysis assumes fixed"
            }
        }
    }

    pub const ALL: [Class; 6] = [
        Class::PolicyHash,
        Class::ForbiddenReachable,
        Class::Extra,
        Class::Missing,
        Class::MayBlock,
        Class::RewritesAddresses,
    ];
}

/// A packet that shows a finding: probe it on the router.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Witness {
    /// `forward`, `input` (to the router) or `output` (from it).
    pub hook: String,
    /// `ipv4` or `ipv6`.
    pub family: String,
    /// Absent where it is the router's own address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dst: Option<String>,
    /// `tcp`, `udp`, `icmp`, `icmpv6`, or `other` (any other protocol).
    pub protocol: String,
    /// The port (tcp, udp) or type (icmp, icmpv6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
}

impl Witness {
    /// `tcp 10.0.0.1 -> 10.0.1.1 port 22`.
    pub fn describe(&self) -> String {
        let src = self.src.as_deref().unwrap_or("(router)");
        let dst = self.dst.as_deref().unwrap_or("(router)");
        let what = match (self.protocol.as_str(), self.port) {
            ("tcp" | "udp", Some(p)) => format!(" port {p}"),
            (_, Some(t)) => format!(" type {t}"),
            _ => String::new(),
        };
        format!("{} {src} -> {dst}{what} ({})", self.protocol, self.hook)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub class: Class,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The ports that differ, as the policy writes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ports: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Witness>,
    /// The deployed elements and rules responsible, in the order the packet
    /// met them.
    pub responsible: Vec<String>,
    /// The invariant an extra flow breaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invariant: Option<String>,
}

impl Finding {
    pub fn new(class: Class, message: String) -> Finding {
        Finding {
            class,
            message,
            from: None,
            to: None,
            ports: None,
            witness: None,
            responsible: Vec::new(),
            invariant: None,
        }
    }
}

/// The policy-hash finding: `table` is `None` when there is no zonec
/// table, else its comment.
pub fn hash(table: Option<Option<&str>>, expected: &str) -> Option<Finding> {
    let message = match table {
        None => "the router has no `table inet zonec`".to_string(),
        Some(None) => "`table inet zonec` carries no policy hash (no counter `policy_sha256`): it was not built by this zonec, or was changed".to_string(),
        Some(Some(comment)) => match comment.strip_prefix(HASH_PREFIX) {
            Some(h) if h == expected => return None,
            Some(h) => format!("`table inet zonec` was built from another policy (sha256 {h}, this policy is {expected})"),
            None => format!("`table inet zonec` carries no policy hash (the comment of its counter `policy_sha256` is `{comment}`)"),
        },
    };
    Some(Finding::new(Class::PolicyHash, message))
}

/// A finding for each foreign base chain on `hooks` and each rewrite.
pub fn foreign(foreign: &Foreign, hooks: &[&str]) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in foreign
        .chains
        .iter()
        .filter(|c| hooks.contains(&c.hook.as_str()))
    {
        let mut f = Finding::new(
            Class::MayBlock,
            format!(
                "table {} has chain {} on hook {} (priority {}, policy {}): a drop there drops what zonec allows",
                c.table, c.chain, c.hook, c.prio, c.policy
            ),
        );
        f.responsible = c.rules.clone();
        f.responsible.push(format!("policy {}", c.policy));
        out.push(f);
    }
    for r in &foreign.rewrites {
        let mut f = Finding::new(
            Class::RewritesAddresses,
            format!(
                "table {} chain {} rewrites addresses: zonec's zones assume they are not",
                r.table, r.chain
            ),
        );
        f.responsible = vec![r.rule.clone()];
        out.push(f);
    }
    out
}
