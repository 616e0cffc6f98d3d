//! Property test: random small policies (nested prefixes, both families,
//! random placements in every cloud, allows and denies over a pool of port
//! sets). Each cloud either refuses with `cloud-inexpressible` or emits
//! files whose evaluated semantics equal the effective policy exactly.

use super::build::Spec;
use super::{codes, emit_all, prove};
use proptest::prelude::*;
use zonec_base::Code;
use zonec_model::{Action, CloudProvider, PortSet, Proto, ZoneId};
use zonec_targets::cloud::CloudOptions;

const PREFIXES: &[&str] = &[
    "10.0.0.0/8",
    "10.1.0.0/16",
    "10.1.2.0/24",
    "10.2.0.0/16",
    "192.168.0.0/24",
    "0.0.0.0/0",
    "fd00::/8",
    "fd00:1::/32",
    "::/0",
    "172.16.0.0/12",
];

fn ports(i: u8) -> PortSet {
    match i % 8 {
        0 => PortSet::ports(Proto::Tcp, 443, 443),
        1 => PortSet::ports(Proto::Tcp, 1000, 2000),
        2 => PortSet::ports(Proto::Udp, 53, 53),
        3 => PortSet::proto(Proto::Icmp),
        4 => PortSet::ports(Proto::Icmp, 8, 8),
        5 => PortSet::any(),
        6 => PortSet::proto(Proto::Icmpv6),
        _ => PortSet::ports(Proto::Tcp, 1500, 1600),
    }
}

fn placement(code: u8) -> Vec<(CloudProvider, &'static str)> {
    let mut out = Vec::new();
    match code % 3 {
        1 => out.push((CloudProvider::Aws, "vpc-0000000a")),
        2 => out.push((CloudProvider::Aws, "vpc-0000000b")),
        _ => {}
    }
    if code / 3 % 2 == 1 {
        out.push((CloudProvider::Azure, "vnet-a"));
    }
    if code / 6 % 2 == 1 {
        out.push((CloudProvider::Gcp, "net-a"));
    }
    out
}

type Shape = (Vec<(Vec<usize>, u8)>, Vec<(bool, usize, usize, u8)>);

fn shape() -> impl Strategy<Value = Shape> {
    let zone = (
        proptest::sample::subsequence((0..PREFIXES.len()).collect::<Vec<_>>(), 1..=2),
        any::<u8>(),
    );
    let zones = proptest::collection::vec(zone, 2..=4);
    let rules =
        proptest::collection::vec((any::<bool>(), 0usize..4, 0usize..4, any::<u8>()), 1..=5);
    (zones, rules)
}

fn build((zones, rules): &Shape) -> Option<Spec> {
    let mut s = Spec::new();
    let mut used = std::collections::BTreeSet::new();
    let mut ids: Vec<ZoneId> = Vec::new();
    for (i, (prefixes, place)) in zones.iter().enumerate() {
        if prefixes.iter().any(|p| !used.insert(*p)) {
            return None;
        }
        let nets: Vec<&str> = prefixes.iter().map(|&p| PREFIXES[p]).collect();
        ids.push(s.zone(&format!("z{i}"), &nets, &placement(*place)));
    }
    for &(allow, a, b, p) in rules {
        let (a, b) = (ids[a % ids.len()], ids[b % ids.len()]);
        let action = if allow || p % 5 != 0 {
            Action::Allow
        } else {
            Action::Deny
        };
        s.rule(action, &[a], &[b], ports(p), None);
    }
    Some(s)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_cloud_is_exact_or_refuses(shape in shape()) {
        let Some(spec) = build(&shape) else { return Ok(()) };
        let mut out = emit_all(&spec.model, &CloudOptions { aws_rules_per_sg: 100_000 });
        for e in [&mut out.aws, &mut out.azure, &mut out.gcp] {
            let errs = codes(e);
            prop_assert!(errs.iter().all(|c| *c == Code::CloudInexpressible), "{:?}", e.diagnostics);
            prop_assert!(errs.is_empty() || e.artifacts.is_empty());
        }
        prove(&spec.model, &out);
    }
}
