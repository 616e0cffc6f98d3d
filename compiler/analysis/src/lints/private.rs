//! `zonec::private-space-external`
//!
//! ## What it does
//! Flags private address space (RFC 1918, RFC 6598 shared space, IPv6 ULA)
//! that no zone declares and that an `external` zone's wider prefix takes
//! under longest-prefix match (`zone internet external { net 0.0.0.0/0 }`).
//!
//! ## Why is this bad?
//! A rogue or forgotten subnet in that space belongs to the external zone:
//! it reaches what the internet reaches, and every zone allowed to reach
//! the internet reaches it, as "the internet". Declaring the space (a
//! `zone unassigned` that nothing may reach) closes it.
//!
//! ## How
//! Inside a private block every declared prefix either lies in the block or
//! contains it, so the addresses of the block that no prefix inside it
//! covers all belong to one zone: the one of the longest prefix containing
//! the block. When that zone is external, the uncovered part is the block's
//! segments of the policy's [`AddressTable`] partition held by that zone,
//! minus that zone's own prefixes inside the block (those it declares on
//! purpose). Cost: the partition's segments in five blocks plus the
//! prefixes, never per address.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::Span;
use zonec_model::{AddressTable, EffectiveSpace, Model, Prefix, ZoneId};

use ipnetwork::IpNetwork;

/// At most this many uncovered prefixes are named in one message.
const NAMED: usize = 8;

/// The private blocks: RFC 1918, RFC 6598, ULA.
fn blocks() -> impl Iterator<Item = IpNetwork> {
    let v4 = [
        (Ipv4Addr::new(10, 0, 0, 0), 8),
        (Ipv4Addr::new(100, 64, 0, 0), 10),
        (Ipv4Addr::new(172, 16, 0, 0), 12),
        (Ipv4Addr::new(192, 168, 0, 0), 16),
    ]
    .map(|(a, len)| IpNetwork::new(IpAddr::V4(a), len));
    let ula = IpNetwork::new(IpAddr::V6(Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0)), 7);
    v4.into_iter().chain([ula]).filter_map(Result::ok)
}

/// The private block that contains `addr`, if any.
pub fn private_block(addr: IpAddr) -> Option<IpNetwork> {
    blocks().find(|b| b.contains(addr))
}

/// Whether `addr`, which longest-prefix match gives to `zone` by `prefix`,
/// is private space no zone declares taken by an external zone: the
/// matching prefix is wider than the private block around the address.
pub fn is_undeclared_private(model: &Model, zone: ZoneId, prefix: &Prefix, addr: IpAddr) -> bool {
    model.zone(zone).external
        && private_block(addr).is_some_and(|b| prefix.net.prefix() < b.prefix())
}

/// Undeclared private space an external zone takes, by the prefix taking it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taken {
    pub zone: ZoneId,
    /// The external zone's prefix that contains the private blocks.
    pub net: IpNetwork,
    pub span: Span,
    /// The uncovered addresses, as a minimal list of prefixes.
    pub prefixes: Vec<IpNetwork>,
    /// The private blocks they lie in.
    pub blocks: Vec<IpNetwork>,
}

/// Every external prefix that takes undeclared private space, in zone and
/// prefix order.
pub fn undeclared_private(model: &Model, table: &AddressTable) -> Vec<Taken> {
    let mut taken: BTreeMap<(ZoneId, IpNetwork), Taken> = BTreeMap::new();
    for block in blocks() {
        let Some((zone, holder)) = holder(model, block) else {
            continue;
        };
        let ranges = uncovered(model, table, zone, block);
        let entry = taken.entry((zone, holder.net)).or_insert_with(|| Taken {
            zone,
            net: holder.net,
            span: holder.span,
            prefixes: Vec::new(),
            blocks: Vec::new(),
        });
        if !ranges.is_empty() {
            entry.prefixes.extend(ranges.to_prefixes());
            entry.blocks.push(block);
        }
    }
    taken
        .into_values()
        .filter(|t| !t.prefixes.is_empty())
        .collect()
}

/// The external zone and prefix holding `block`: the longest declared
/// prefix strictly containing it, when its zone is external.
fn holder(model: &Model, block: IpNetwork) -> Option<(ZoneId, &Prefix)> {
    let (zone, prefix) = model
        .zone_ids()
        .zip(&model.zones)
        .flat_map(|(id, z)| z.prefixes.iter().map(move |p| (id, p)))
        .filter(|(_, p)| p.net.prefix() < block.prefix() && contains(p.net, block))
        .max_by_key(|(id, p)| (p.net.prefix(), std::cmp::Reverse(*id)))?;
    model.zone(zone).external.then_some((zone, prefix))
}

fn contains(outer: IpNetwork, inner: IpNetwork) -> bool {
    outer.is_ipv4() == inner.is_ipv4()
        && outer.prefix() <= inner.prefix()
        && outer.contains(inner.network())
}

/// The addresses of `block` that `zone` holds, minus its own prefixes
/// inside the block.
fn uncovered(
    model: &Model,
    table: &AddressTable,
    zone: ZoneId,
    block: IpNetwork,
) -> EffectiveSpace {
    let own: Vec<(u128, u128)> = model
        .zone(zone)
        .prefixes
        .iter()
        .filter(|p| contains(block, p.net))
        .map(|p| bounds(p.net))
        .collect();
    let (first, last) = bounds(block);
    let held: Vec<(u128, u128)> = match block {
        IpNetwork::V4(_) => clip(table.partition_v4(), zone, first, last, |a| {
            u128::from(u32::from(a))
        }),
        IpNetwork::V6(_) => clip(table.partition_v6(), zone, first, last, u128::from),
    };
    let ranges = subtract(held, own);
    let mut space = EffectiveSpace::default();
    for (a, b) in ranges {
        match block {
            IpNetwork::V4(_) => {
                if let (Ok(a), Ok(b)) = (u32::try_from(a), u32::try_from(b)) {
                    space.v4.push((Ipv4Addr::from(a), Ipv4Addr::from(b)));
                }
            }
            IpNetwork::V6(_) => space.v6.push((Ipv6Addr::from(a), Ipv6Addr::from(b))),
        }
    }
    space
}

/// The first and last address of a prefix, as integers.
fn bounds(net: IpNetwork) -> (u128, u128) {
    match net {
        IpNetwork::V4(n) => (
            u128::from(u32::from(n.network())),
            u128::from(u32::from(n.broadcast())),
        ),
        IpNetwork::V6(n) => {
            let first = u128::from(n.network());
            let host = u128::MAX.checked_shr(u32::from(n.prefix())).unwrap_or(0);
            (first, first | host)
        }
    }
}

/// The segments of a sorted partition held by `zone`, clipped to
/// `first..=last`; a binary search finds the first one.
fn clip<A: Copy>(
    partition: &[(A, A, ZoneId)],
    zone: ZoneId,
    first: u128,
    last: u128,
    word: impl Fn(A) -> u128,
) -> Vec<(u128, u128)> {
    let start = partition.partition_point(|s| word(s.1) < first);
    partition
        .iter()
        .skip(start)
        .take_while(|s| word(s.0) <= last)
        .filter(|s| s.2 == zone)
        .map(|s| (word(s.0).max(first), word(s.1).min(last)))
        .collect()
}

/// `ranges` minus `holes` (both inclusive; `ranges` sorted and disjoint).
fn subtract(ranges: Vec<(u128, u128)>, mut holes: Vec<(u128, u128)>) -> Vec<(u128, u128)> {
    holes.sort_unstable();
    let mut out = Vec::new();
    for (mut a, b) in ranges {
        let mut open = true;
        for &(h0, h1) in &holes {
            if h1 < a || h0 > b {
                continue;
            }
            if h0 > a {
                out.push((a, h0 - 1));
            }
            match h1.checked_add(1) {
                Some(next) if next <= b => a = next.max(a),
                _ => {
                    open = false;
                    break;
                }
            }
        }
        if open {
            out.push((a, b));
        }
    }
    out
}

pub fn check(model: &Model, table: &AddressTable) -> Vec<Diagnostic> {
    undeclared_private(model, table)
        .into_iter()
        .map(|t| diagnostic(model, &t))
        .collect()
}

fn diagnostic(model: &Model, t: &Taken) -> Diagnostic {
    let zone = &model.zone(t.zone).name;
    let mut named: Vec<String> = t
        .prefixes
        .iter()
        .take(NAMED)
        .map(|p| p.to_string())
        .collect();
    if let Some(rest) = t.prefixes.len().checked_sub(NAMED).filter(|&n| n > 0) {
        named.push(format!("and {rest} more"));
    }
    let blocks: Vec<String> = t.blocks.iter().map(|b| b.to_string()).collect();
    Diagnostic::warning(
        Code::PrivateSpaceExternal,
        format!(
            "private address space no zone declares falls into external zone `{zone}`: {}",
            named.join(", ")
        ),
    )
    .with_label(t.span, format!("`{}` takes {} undeclared private prefix(es)", t.net, t.prefixes.len()))
    .with_help(format!(
        "hosts there count as `{zone}`: they reach what `{zone}` reaches and every zone allowed to reach `{zone}` reaches them; \
         declare the space, e.g. `zone unassigned {{ net {} }}` (the zones inside keep their own addresses) with `deny unassigned -> any` and `deny any -> unassigned`",
        blocks.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::subtract;

    #[test]
    fn subtracting_holes_keeps_what_they_miss() {
        assert_eq!(
            subtract(vec![(0, 99)], vec![(10, 19), (50, 99)]),
            [(0, 9), (20, 49)]
        );
        assert_eq!(subtract(vec![(0, 9)], vec![(0, 9)]), []);
        assert_eq!(subtract(vec![(5, 9)], vec![]), [(5, 9)]);
        assert_eq!(
            subtract(vec![(0, u128::MAX)], vec![(0, 0)]),
            [(1, u128::MAX)]
        );
    }
}
