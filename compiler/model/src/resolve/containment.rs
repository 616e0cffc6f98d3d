//! Every prefix of a member zone lies inside a prefix of its parent. The
//! parent's prefixes are a set keyed by (family, length, network), so each
//! member prefix costs one lookup per length at most its own, never a scan
//! of the parent's prefixes.

use crate::policy::{Model, Prefix};
use crate::ZoneId;
use ipnetwork::IpNetwork;
use std::collections::BTreeSet;
use zonec_base::diagnostic::{Code, Diagnostic};

/// (is IPv6, prefix length, network address as a number)
type Key = (bool, u8, u128);

/// Report each prefix of `member` outside every prefix of its parent.
pub(super) fn check(model: &Model, member: ZoneId, diags: &mut Vec<Diagnostic>) {
    let Some(zone) = model.zones.get(member.index()) else {
        return;
    };
    let Some(parent) = zone.parent.and_then(|p| model.zones.get(p.index())) else {
        return;
    };
    let keys: BTreeSet<Key> = parent.prefixes.iter().map(|p| key(&p.net)).collect();
    let lengths: BTreeSet<(bool, u8)> = keys.iter().map(|&(v6, len, _)| (v6, len)).collect();
    for p in &zone.prefixes {
        if !inside(&p.net, &keys, &lengths) {
            diags.push(outside(model, member, p));
        }
    }
}

fn key(net: &IpNetwork) -> Key {
    match net {
        IpNetwork::V4(n) => (false, n.prefix(), u128::from(u32::from(n.network()))),
        IpNetwork::V6(n) => (true, n.prefix(), u128::from(n.network())),
    }
}

/// Whether some parent prefix of a length at most `net`'s contains it.
fn inside(net: &IpNetwork, keys: &BTreeSet<Key>, lengths: &BTreeSet<(bool, u8)>) -> bool {
    let (v6, len, addr) = key(net);
    let bits: u32 = if v6 { 128 } else { 32 };
    lengths
        .iter()
        .filter(|&&(family, l)| family == v6 && l <= len)
        .any(|&(_, l)| {
            let host = bits - u32::from(l);
            let masked = addr
                .checked_shr(host)
                .and_then(|a| a.checked_shl(host))
                .unwrap_or(0);
            keys.contains(&(v6, l, masked))
        })
}

fn outside(model: &Model, member: ZoneId, p: &Prefix) -> Diagnostic {
    let zone = model.zone(member);
    let parent = zone.parent.map(|id| model.zone(id));
    let parent_name = parent.map_or("", |z| z.name.as_str());
    let nets: Vec<String> = parent
        .into_iter()
        .flat_map(|z| z.prefixes.iter().take(4))
        .map(|p| p.net.to_string())
        .collect();
    let listed = if nets.is_empty() {
        format!("`{parent_name}` has no prefix")
    } else {
        format!("`{parent_name}` declares {}", nets.join(", "))
    };
    let mut d = Diagnostic::error(
        Code::MemberOutsideParent,
        format!(
            "prefix `{}` of member zone `{}` is outside its parent `{parent_name}`",
            p.net, zone.name
        ),
    )
    .with_label(p.span, format!("not inside any prefix of `{parent_name}`"));
    if let Some(parent) = parent {
        d = d.with_label(parent.span, listed);
    }
    d.with_help(format!(
        "a member is a part of its parent's addresses: give `{}` addresses inside `{parent_name}`, or declare it as a plain zone without `in` for a separate network",
        zone.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNetwork {
        s.parse().unwrap()
    }

    fn contains(parents: &[&str], member: &str) -> bool {
        let keys: BTreeSet<Key> = parents.iter().map(|p| key(&net(p))).collect();
        let lengths = keys.iter().map(|&(v6, l, _)| (v6, l)).collect();
        inside(&net(member), &keys, &lengths)
    }

    #[test]
    fn a_prefix_is_inside_a_parent_of_its_family_and_no_longer_length() {
        assert!(contains(&["10.42.1.0/24"], "10.42.1.20/32"));
        assert!(contains(&["10.42.1.0/24"], "10.42.1.0/24"));
        assert!(contains(&["10.0.0.0/8", "fd00::/8"], "fd00:1::/64"));
        assert!(contains(&["0.0.0.0/0"], "192.0.2.0/24"));
        assert!(!contains(&["10.42.1.0/24"], "10.42.2.20/32"));
        assert!(!contains(&["10.42.1.0/25"], "10.42.1.0/24"));
        assert!(!contains(&["10.0.0.0/8"], "::a00:0/104"));
        assert!(!contains(&[], "10.0.0.0/8"));
    }
}
