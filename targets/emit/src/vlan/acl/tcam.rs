//! The hardware cost of the lists. A switch programs every access control
//! entry into TCAM after expanding its object groups or prefix lists: an
//! entry from a zone of 3 prefixes to a zone of 4 on a service group of 5
//! items takes 60 entries. zonec counts what each list expands to and warns
//! when the switch's total passes the budget (`--acl-tcam-budget`).

use super::entries::{Acl, Family, Peer};
use super::{names, Filters};
use crate::Input;
use zonec_base::{Code, Diagnostic};
use zonec_model::{AddressTable, ZoneId};

/// The default budget of security ACL entries: a conservative figure for
/// access-layer switches (Catalyst 9200/9300, EX2300/EX3400 keep a few
/// thousand ingress security entries for IPv4 and IPv6 together).
pub const DEFAULT_BUDGET: u32 = 3000;

/// How many lists the warning names.
const LARGEST: usize = 3;

/// The hardware entries one list expands to.
pub(crate) fn expanded(table: &AddressTable, acl: &Acl) -> u64 {
    let size = |p: Peer| -> u64 {
        match p {
            Peer::Zone(z) => prefixes(table, z, acl.family).max(1),
            Peer::Any | Peer::LinkLocal | Peer::LinkMulticast => 1,
        }
    };
    acl.aces()
        .map(|a| size(a.src).saturating_mul(size(a.dst)))
        .fold(0u64, u64::saturating_add)
}

/// The prefixes of a zone's cover in one family.
fn prefixes(table: &AddressTable, z: ZoneId, f: Family) -> u64 {
    let space = table.effective_ranges(z);
    let n = match f {
        Family::V4 => space.v4_prefixes().len(),
        Family::V6 => space.v6_prefixes().len(),
    };
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// The warning when the lists together pass `budget`.
pub(super) fn check(input: &Input, filters: &Filters, budget: u32) -> Option<Diagnostic> {
    let mut sizes: Vec<(u64, String)> = filters
        .acls
        .iter()
        .map(|acl| {
            let vlan = filters.vlan(acl.zone).unwrap_or_default();
            (expanded(input.addresses, acl), names::acl(vlan, acl.family))
        })
        .collect();
    let total = sizes.iter().map(|s| s.0).fold(0u64, u64::saturating_add);
    if total <= u64::from(budget) {
        return None;
    }
    sizes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let largest: Vec<String> = sizes
        .iter()
        .take(LARGEST)
        .map(|(n, name)| format!("`{name}` {n}"))
        .collect();
    Some(
        Diagnostic::warning(
            Code::AclTcamBudget,
            format!("the switch ACLs expand to {total} hardware entries, more than the budget of {budget}"),
        )
        .with_help(format!(
            "largest: {}; merge prefixes or port ranges, move flows to the nftables router, or set `--acl-tcam-budget` to the switch's real figure",
            largest.join(", ")
        )),
    )
}
