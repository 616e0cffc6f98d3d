//! The switch's filters, proved: `ios.cfg` and `junos.set` are read back
//! by an evaluator written from the platforms' documented ACL semantics
//! (`acl/device.rs`, with no code of the emitter), and for every pair of
//! zones, family, protocol and port the packets it lets through must be
//! what the compiler's stateless reachability says, and what the policy
//! says wherever a stateful firewall would treat them the same (everything
//! but the reply entries' over-approximation). The UDP-reply fixtures
//! check the proof's verdicts end to end.

mod device;
mod ios;
mod junos;

use crate::util::{self, root, stem, OutDir};
use device::{Device, Packet, ICMP, ICMPV6, TCP, UDP};
use std::collections::BTreeSet;
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::{Date, Sources};
use zonec_model::ports::{OTHER_POINT, TCP_BASE, UDP_BASE};
use zonec_model::{AddressTable, Model, PortSet, ResolveOptions, ZoneId};
use zonec_props::cloud::space::{Addrs, Fam, World};
use zonec_targets::vlan::acl::entries::Family;
use zonec_targets::vlan::acl::reach::Passed;
use zonec_targets::vlan::acl::Filters;
use zonec_targets::{vlan, Input, Options};

fn model(file: &str) -> Model {
    let mut sources = Sources::new();
    sources.add(file, std::fs::read_to_string(root().join(file)).unwrap());
    let today = Date::parse("2026-01-15").unwrap();
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today });
    frontend.model
}

mod every_policy_agrees {
    crate::fixture_lists::built_policies!(check);
    mod vlan {
        crate::fixture_lists::vlan_fixtures!(super::super::check);
    }
    mod acl {
        crate::fixture_lists::acl_fixtures!(super::super::check);
    }
}

fn check(file: &str) {
    let model = model(file);
    let effective = EffectivePolicy::new(&model);
    let addresses = AddressTable::new(&model);
    let input = Input {
        model: &model,
        effective: &effective,
        addresses: &addresses,
    };
    let mut options = Options::default();
    options.vlan.svi = true;
    let Some((ios, junos, filters)) = vlan::switch_files(&input, &options) else {
        panic!("{file}: no switch files");
    };
    if file.starts_with("dsl-examples/") {
        // The examples' lists are refused (see `vlan.rs`): snapshot them here.
        let name = stem(file);
        insta::assert_snapshot!(format!("acl_{name}_ios"), ios);
        insta::assert_snapshot!(format!("acl_{name}_junos"), junos);
    }
    let world = World::new(&model);
    let mut checked = 0;
    for (platform, dev) in [("ios", ios::read(&ios)), ("junos", junos::read(&junos))] {
        checked += agree(file, platform, &model, &effective, &world, &filters, &dev);
    }
    let vlans = model.zones.iter().filter(|z| z.vlan.is_some()).count();
    assert!(checked > 0 || vlans < 2, "{file}: nothing checked");
}

fn family(fam: Fam) -> Family {
    match fam {
        Fam::V4 => Family::V4,
        Fam::V6 => Family::V6,
    }
}

/// A zone's routable addresses of a family: IPv6 link-local and multicast
/// never leave the link.
fn space(world: &World, z: ZoneId, fam: Fam) -> Addrs {
    let s = world.space(Some(z), fam);
    match fam {
        Fam::V4 => s,
        Fam::V6 => s.subtract(&Addrs(vec![
            (
                0xfe80u128 << 112,
                (0xfe80u128 << 112) | ((1u128 << 118) - 1),
            ),
            (0xffu128 << 120, u128::MAX),
        ])),
    }
}

/// Every pair of filtered source and other zone, one family at a time;
/// returns how many pairs were compared.
fn agree(
    file: &str,
    platform: &str,
    model: &Model,
    effective: &EffectivePolicy,
    world: &World,
    filters: &Filters,
    dev: &Device,
) -> usize {
    let mut n = 0;
    for a in model.zone_ids() {
        let Some(vlan) = model.zone(a).vlan.as_ref().map(|v| v.id) else {
            continue;
        };
        for fam in [Fam::V4, Fam::V6] {
            let src = space(world, a, fam);
            let Some(&(src, _)) = src.0.first() else {
                continue;
            };
            for b in model.zone_ids().filter(|&b| b != a && !model.is_self(b)) {
                let dst = space(world, b, fam);
                let Some(&(dst, _)) = dst.0.first() else {
                    continue;
                };
                let passed = filters
                    .passed(a, b, family(fam))
                    .unwrap_or_else(|| panic!("{file}: no reach {a:?} -> {b:?}"));
                let ctx = Pair {
                    file,
                    platform,
                    vlan,
                    fam,
                    src,
                    dst,
                    dev,
                    passed,
                };
                ctx.compare(&effective.allowed(a, b), &effective.allowed(b, a));
                n += 1;
            }
        }
    }
    n
}

struct Pair<'a> {
    file: &'a str,
    platform: &'a str,
    vlan: u16,
    fam: Fam,
    src: u128,
    dst: u128,
    dev: &'a Device,
    passed: &'a Passed,
}

impl Pair<'_> {
    fn passes(&self, proto: u8, sport: u16, dport: u16, ack: bool) -> bool {
        let p = Packet {
            src: self.src,
            dst: self.dst,
            proto,
            sport,
            dport,
            ack,
        };
        self.dev.passes(self.vlan, self.fam, &p).unwrap_or_else(|| {
            panic!(
                "{} {}: VLAN {} has no {:?} list",
                self.file, self.platform, self.vlan, self.fam
            )
        })
    }

    /// Port values where an answer can change: every bound in the list and
    /// in the compiler's answer, and one past it.
    fn candidates(&self) -> Vec<u16> {
        let mut set: BTreeSet<u16> = [0, 1023, 1024, 49_152, 65_535].into();
        let list = &self.dev.lists[&self.dev.bound[&(self.vlan, self.fam)]];
        let mut bounds: Vec<(u16, u16)> = Vec::new();
        for r in list {
            bounds.extend(&r.sport);
            bounds.extend(&r.dport);
            bounds.extend(r.items.iter().flat_map(|i| i.1.iter().copied()));
        }
        let f = family(self.fam);
        for set in [self.passed.opening(f), self.passed.established(f)] {
            for &(lo, hi) in set.ranges() {
                for base in [TCP_BASE, UDP_BASE] {
                    let clip = |p: u32| u16::try_from(p.saturating_sub(base)).unwrap_or(u16::MAX);
                    bounds.push((clip(lo), clip(hi)));
                }
            }
        }
        for (lo, hi) in bounds {
            set.extend([lo, hi, lo.saturating_sub(1), hi.saturating_add(1)]);
        }
        set.into_iter().collect()
    }

    fn compare(&self, allowed: &PortSet, back: &PortSet) {
        let f = family(self.fam);
        let (open, est) = (self.passed.opening(f), self.passed.established(f));
        let ports = self.candidates();
        let udp_replies = !back
            .intersect(&PortSet::proto(zonec_model::Proto::Udp))
            .is_empty();
        for &p in &ports {
            let tcp_open = ports.iter().any(|&s| self.passes(TCP, s, p, false));
            let tcp_ack = ports.iter().any(|&s| self.passes(TCP, s, p, true));
            let udp = ports.iter().any(|&s| self.passes(UDP, s, p, false));
            let (tp, up) = (TCP_BASE + u32::from(p), UDP_BASE + u32::from(p));
            self.same("tcp", p, tcp_open, open.contains(tp), "compiler");
            self.same("tcp ack", p, tcp_ack, est.contains(tp), "compiler");
            self.same("udp", p, udp, open.contains(up), "compiler");
            self.same("tcp", p, tcp_open, allowed.contains(tp), "policy");
            if !udp_replies {
                self.same("udp", p, udp, allowed.contains(up), "policy");
            }
        }
        let icmp = if self.fam == Fam::V4 { ICMP } else { ICMPV6 };
        let replies = reply_types(back, f);
        for t in 0..=255u8 {
            let got = self.passes(icmp, 0, u16::from(t), false);
            let point = f.icmp_point(t);
            self.same("icmp", u16::from(t), got, open.contains(point), "compiler");
            if !replies.contains(&t) {
                self.same("icmp", u16::from(t), got, allowed.contains(point), "policy");
            }
        }
        let other = self.passes(47, 0, 0, false);
        self.same("gre", 0, other, open.contains(OTHER_POINT), "compiler");
        if !back.contains(OTHER_POINT) {
            self.same("gre", 0, other, allowed.contains(OTHER_POINT), "policy");
        }
    }

    fn same(&self, what: &str, port: u16, device: bool, other: bool, whose: &str) {
        assert_eq!(
            device, other,
            "{} {} VLAN {} {:?} -> {:x}: {what} {port}: the {} says {device}, the {whose} {other}",
            self.file, self.platform, self.vlan, self.fam, self.dst, self.platform
        );
    }
}

/// The ICMP reply types a stateful firewall would let back for `back`,
/// from the RFCs (echo, timestamp, information, address mask).
fn reply_types(back: &PortSet, f: Family) -> Vec<u8> {
    let pairs: &[(u8, u8)] = match f {
        Family::V4 => &[(8, 0), (13, 14), (15, 16), (17, 18)],
        Family::V6 => &[(128, 129)],
    };
    pairs
        .iter()
        .filter(|(req, _)| back.contains(f.icmp_point(*req)))
        .map(|&(_, rep)| rep)
        .collect()
}

#[test]
fn a_udp_reply_that_opens_a_forbidden_port_is_refused() {
    let file = "tests/fixtures/acl/udp-reply-opens.zones";
    let out = OutDir::new("acl", "opens");
    let run = util::build("vlan", "2026-01-15", file, &out, &["--vlan-svi"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!out.0.exists(), "nothing is written");
    insta::assert_snapshot!(format!("acl_refused_{}", stem(file)), run.stderr);
}

#[test]
fn udp_replies_that_open_no_forbidden_port_build() {
    let file = "tests/fixtures/acl/udp-reply-closed.zones";
    let out = OutDir::new("acl", "closed");
    let run = util::build("vlan", "2026-01-15", file, &out, &["--vlan-svi"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out
        .read("vlan/ios.cfg")
        .contains(" ip access-group zonec-in-10 in\n"));
    assert!(out
        .read("vlan/junos.set")
        .contains("family inet filter input zonec-in-10\n"));
}

#[test]
fn unfiltered_svis_warn_and_write_no_list() {
    let out = OutDir::new("acl", "unfiltered");
    let file = "tests/fixtures/acl/udp-reply-opens.zones";
    let run = util::build("vlan", "2026-01-15", file, &out, &["--vlan-svi-unfiltered"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("zonec::vlan-svi-unfiltered"),
        "{}",
        run.stderr
    );
    let ios = out.read("vlan/ios.cfg");
    assert!(
        ios.contains("interface Vlan10") && !ios.contains("access-list"),
        "{ios}"
    );
}

#[test]
fn a_small_tcam_budget_warns() {
    let out = OutDir::new("acl", "tcam");
    let file = "tests/fixtures/vlan/clinic.zones";
    let run = util::build(
        "vlan",
        "2026-01-15",
        file,
        &out,
        &["--vlan-svi", "--acl-tcam-budget", "10"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("zonec::acl-tcam-budget"),
        "{}",
        run.stderr
    );
}
