//! Hand-checked cases for the address table: nesting, adjacency, both
//! families, the whole space, deep alternation, and exact complements.

use super::*;
use crate::{Prefix, Zone};
use zonec_base::span::Span;

fn z(i: u32) -> ZoneId {
    ZoneId(i)
}

fn net(s: &str) -> IpNetwork {
    s.parse().unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn v4(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn table(entries: &[(u32, &str)]) -> AddressTable {
    AddressTable::from_prefixes(entries.iter().map(|&(zone, s)| (z(zone), net(s))))
}

fn prefixes(t: &AddressTable, zone: u32) -> Vec<String> {
    let space = t.effective_ranges(z(zone));
    space.to_prefixes().iter().map(|n| n.to_string()).collect()
}

fn partition(t: &AddressTable) -> Vec<(String, String, u32)> {
    let p4 = t
        .partition_v4()
        .iter()
        .map(|&(a, b, z)| (a.to_string(), b.to_string(), z.0));
    let p6 = t
        .partition_v6()
        .iter()
        .map(|&(a, b, z)| (a.to_string(), b.to_string(), z.0));
    p4.chain(p6).collect()
}

fn row(a: &str, b: &str, zone: u32) -> (String, String, u32) {
    (a.to_string(), b.to_string(), zone)
}

#[test]
fn nested_prefix_takes_its_addresses() {
    let t = table(&[(0, "10.0.0.0/16"), (1, "10.0.5.0/24")]);
    assert_eq!(t.lookup(ip("10.0.5.7")), Some(z(1)));
    assert_eq!(t.lookup(ip("10.0.4.255")), Some(z(0)));
    assert_eq!(t.lookup(ip("10.0.6.0")), Some(z(0)));
    assert_eq!(t.lookup(ip("10.1.0.0")), None);
    assert_eq!(t.lookup(ip("9.255.255.255")), None);
    assert_eq!(
        partition(&t),
        [
            row("10.0.0.0", "10.0.4.255", 0),
            row("10.0.5.0", "10.0.5.255", 1),
            row("10.0.6.0", "10.0.255.255", 0),
        ]
    );
    assert_eq!(
        t.effective_ranges(z(1)).v4,
        [(v4("10.0.5.0"), v4("10.0.5.255"))]
    );
}

#[test]
fn adjacent_prefixes_of_one_zone_merge_and_of_two_zones_do_not() {
    let t = table(&[(0, "10.0.0.128/25"), (0, "10.0.0.0/25"), (1, "10.0.1.0/24")]);
    assert_eq!(
        partition(&t),
        [
            row("10.0.0.0", "10.0.0.255", 0),
            row("10.0.1.0", "10.0.1.255", 1)
        ]
    );
    assert_eq!(prefixes(&t, 0), ["10.0.0.0/24"]);
    assert_eq!(t.lookup(ip("10.0.0.255")), Some(z(0)));
    assert_eq!(t.lookup(ip("10.0.1.0")), Some(z(1)));
}

#[test]
fn families_are_separate() {
    let t = table(&[
        (0, "2001:db8::/32"),
        (1, "2001:db8:1::/48"),
        (2, "10.0.0.0/8"),
    ]);
    assert_eq!(t.lookup(ip("2001:db8:1::1")), Some(z(1)));
    assert_eq!(t.lookup(ip("2001:db8:2::1")), Some(z(0)));
    assert_eq!(t.lookup(ip("2001:db9::")), None);
    assert_eq!(t.lookup(ip("10.1.2.3")), Some(z(2)));
    // An IPv4-mapped IPv6 address is an IPv6 address: no IPv4 prefix matches.
    assert_eq!(t.lookup(ip("::ffff:10.1.2.3")), None);
    assert!(t.effective_ranges(z(2)).v6.is_empty());
    assert_eq!(
        prefixes(&t, 0),
        [
            "2001:db8::/48",
            "2001:db8:2::/47",
            "2001:db8:4::/46",
            "2001:db8:8::/45",
            "2001:db8:10::/44",
            "2001:db8:20::/43",
            "2001:db8:40::/42",
            "2001:db8:80::/41",
            "2001:db8:100::/40",
            "2001:db8:200::/39",
            "2001:db8:400::/38",
            "2001:db8:800::/37",
            "2001:db8:1000::/36",
            "2001:db8:2000::/35",
            "2001:db8:4000::/34",
            "2001:db8:8000::/33",
        ]
    );
}

#[test]
fn internet_zone_around_many_nested_zones() {
    let mut entries = vec![(0, "0.0.0.0/0".to_string()), (0, "::/0".to_string())];
    for i in 1..=100u32 {
        entries.push((i, format!("10.0.{}.0/24", i - 1)));
        entries.push((i, format!("2001:db8:{i:x}::/48")));
    }
    let t = AddressTable::from_prefixes(entries.iter().map(|(zone, s)| (z(*zone), net(s))));
    assert_eq!(t.lookup(ip("0.0.0.0")), Some(z(0)));
    assert_eq!(t.lookup(ip("255.255.255.255")), Some(z(0)));
    assert_eq!(t.lookup(ip("::")), Some(z(0)));
    assert_eq!(
        t.lookup(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")),
        Some(z(0))
    );
    assert_eq!(t.lookup(ip("10.0.42.1")), Some(z(43)));
    assert_eq!(t.lookup(ip("2001:db8:2a::9")), Some(z(42)));
    // 100 consecutive /24s between two internet ranges; the /48s are
    // consecutive too (2001:db8:1:: .. 2001:db8:64::).
    assert_eq!(t.partition_v4().len(), 102);
    assert_eq!(t.partition_v6().len(), 102);
    let last4 = t.partition_v4().last().unwrap();
    assert_eq!((last4.0, last4.1), (v4("10.0.100.0"), Ipv4Addr::BROADCAST));
    assert_eq!(
        t.partition_v6().last().unwrap().1,
        Ipv6Addr::from(u128::MAX)
    );
    let internet = t.effective_ranges(z(0));
    assert_eq!(
        internet.v4,
        [
            (v4("0.0.0.0"), v4("9.255.255.255")),
            (v4("10.0.100.0"), Ipv4Addr::BROADCAST)
        ]
    );
    let v4_cover: Vec<String> = internet
        .v4_prefixes()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(
        v4_cover,
        [
            "0.0.0.0/5",
            "8.0.0.0/7",
            "10.0.100.0/22",
            "10.0.104.0/21",
            "10.0.112.0/20",
            "10.0.128.0/17",
            "10.1.0.0/16",
            "10.2.0.0/15",
            "10.4.0.0/14",
            "10.8.0.0/13",
            "10.16.0.0/12",
            "10.32.0.0/11",
            "10.64.0.0/10",
            "10.128.0.0/9",
            "11.0.0.0/8",
            "12.0.0.0/6",
            "16.0.0.0/4",
            "32.0.0.0/3",
            "64.0.0.0/2",
            "128.0.0.0/1",
        ]
    );
}

#[test]
fn deep_alternating_nesting() {
    let t = table(&[
        (1, "10.1.1.1/32"),
        (0, "10.0.0.0/8"),
        (0, "10.1.1.0/24"),
        (1, "10.1.0.0/16"),
    ]);
    assert_eq!(
        partition(&t),
        [
            row("10.0.0.0", "10.0.255.255", 0),
            row("10.1.0.0", "10.1.0.255", 1),
            row("10.1.1.0", "10.1.1.0", 0),
            row("10.1.1.1", "10.1.1.1", 1),
            row("10.1.1.2", "10.1.1.255", 0),
            row("10.1.2.0", "10.1.255.255", 1),
            row("10.2.0.0", "10.255.255.255", 0),
        ]
    );
    assert_eq!(t.lookup(ip("10.1.1.1")), Some(z(1)));
    assert_eq!(t.lookup(ip("10.1.1.2")), Some(z(0)));
    assert_eq!(t.lookup(ip("10.1.2.0")), Some(z(1)));
}

#[test]
fn same_zone_nested_in_itself_is_one_range() {
    let t = table(&[(0, "10.0.0.0/16"), (0, "10.0.5.0/24"), (0, "10.0.5.5/32")]);
    assert_eq!(partition(&t), [row("10.0.0.0", "10.0.255.255", 0)]);
    assert_eq!(prefixes(&t, 0), ["10.0.0.0/16"]);
}

#[test]
fn complement_of_one_nested_24() {
    let t = table(&[(0, "10.0.0.0/16"), (1, "10.0.5.0/24")]);
    assert_eq!(
        prefixes(&t, 0),
        [
            "10.0.0.0/22",
            "10.0.4.0/24",
            "10.0.6.0/23",
            "10.0.8.0/21",
            "10.0.16.0/20",
            "10.0.32.0/19",
            "10.0.64.0/18",
            "10.0.128.0/17",
        ]
    );
}

#[test]
fn complement_of_two_nested_24s() {
    let t = table(&[(0, "10.0.0.0/16"), (1, "10.0.5.0/24"), (2, "10.0.200.0/24")]);
    let cover = prefixes(&t, 0);
    assert_eq!(cover.len(), 14);
    assert_eq!(
        cover,
        [
            "10.0.0.0/22",
            "10.0.4.0/24",
            "10.0.6.0/23",
            "10.0.8.0/21",
            "10.0.16.0/20",
            "10.0.32.0/19",
            "10.0.64.0/18",
            "10.0.128.0/18",
            "10.0.192.0/21",
            "10.0.201.0/24",
            "10.0.202.0/23",
            "10.0.204.0/22",
            "10.0.208.0/20",
            "10.0.224.0/19",
        ]
    );
    assert_eq!(prefixes(&t, 2), ["10.0.200.0/24"]);
}

#[test]
fn complement_of_a_host_and_at_the_top_of_the_space() {
    let host = table(&[(0, "192.168.1.0/24"), (1, "192.168.1.77/32")]);
    assert_eq!(prefixes(&host, 0).len(), 8);
    let top = table(&[(0, "255.255.255.0/24"), (1, "255.255.255.255/32")]);
    assert_eq!(
        prefixes(&top, 0),
        [
            "255.255.255.0/25",
            "255.255.255.128/26",
            "255.255.255.192/27",
            "255.255.255.224/28",
            "255.255.255.240/29",
            "255.255.255.248/30",
            "255.255.255.252/31",
            "255.255.255.254/32",
        ]
    );
    assert_eq!(prefixes(&top, 1), ["255.255.255.255/32"]);
    let half = table(&[(0, "0.0.0.0/0"), (1, "0.0.0.0/1")]);
    assert_eq!(prefixes(&half, 0), ["128.0.0.0/1"]);
    let v6 = table(&[
        (0, "::/0"),
        (1, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"),
    ]);
    let cover = prefixes(&v6, 0);
    assert_eq!(cover.len(), 128);
    assert_eq!(cover[0], "::/1");
    assert_eq!(cover[127], "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128");
}

#[test]
fn whole_spaces_alone() {
    let t = table(&[(0, "0.0.0.0/0"), (1, "::/0")]);
    assert_eq!(prefixes(&t, 0), ["0.0.0.0/0"]);
    assert_eq!(prefixes(&t, 1), ["::/0"]);
    assert_eq!(t.lookup(ip("255.255.255.255")), Some(z(0)));
}

#[test]
fn zone_shadowed_by_nested_zones_owns_nothing() {
    let t = table(&[(0, "10.0.0.0/24"), (1, "10.0.0.0/25"), (2, "10.0.0.128/25")]);
    assert!(t.effective_ranges(z(0)).is_empty());
    assert!(prefixes(&t, 0).is_empty());
    assert_eq!(
        t.spaces().map(|(zone, _)| zone).collect::<Vec<_>>(),
        [z(1), z(2)]
    );
}

#[test]
fn duplicate_prefix_goes_to_the_lowest_zone() {
    let t = table(&[(3, "10.0.0.0/24"), (1, "10.0.0.0/24"), (2, "10.0.0.0/24")]);
    assert_eq!(partition(&t), [row("10.0.0.0", "10.0.0.255", 1)]);
}

#[test]
fn host_bits_are_ignored() {
    let t = table(&[(0, "10.0.0.77/24")]);
    assert_eq!(partition(&t), [row("10.0.0.0", "10.0.0.255", 0)]);
}

#[test]
fn empty_table_knows_no_address() {
    let t = AddressTable::from_prefixes([]);
    assert_eq!(t.lookup(ip("10.0.0.1")), None);
    assert!(t.effective_ranges(z(0)).is_empty());
}

#[test]
fn built_from_a_model() {
    let zone = |name: &str, nets: &[&str]| Zone {
        prefixes: nets
            .iter()
            .map(|s| Prefix {
                net: net(s),
                span: Span::default(),
            })
            .collect(),
        ..Zone::bare(name, Span::default())
    };
    let model = Model {
        zones: vec![
            zone("internet", &["0.0.0.0/0"]),
            zone("clinical", &["10.20.0.0/16", "fd00:20::/32"]),
            zone("sud", &["10.20.30.0/24"]),
        ],
        ..Model::default()
    };
    let t = AddressTable::new(&model);
    assert_eq!(t.lookup(ip("10.20.30.4")), Some(z(2)));
    assert_eq!(t.lookup(ip("10.20.31.4")), Some(z(1)));
    assert_eq!(t.lookup(ip("fd00:20::1")), Some(z(1)));
    assert_eq!(t.lookup(ip("8.8.8.8")), Some(z(0)));
    assert!(t.effective_ranges(z(2)).contains(ip("10.20.30.255")));
    assert!(!t.effective_ranges(z(1)).contains(ip("10.20.30.255")));
    let matched = |addr: &str| {
        let (zone, prefix) = t.lookup_prefix(&model, ip(addr))?;
        Some((zone, prefix.net.to_string()))
    };
    assert_eq!(matched("10.20.30.4"), Some((z(2), "10.20.30.0/24".into())));
    assert_eq!(matched("10.20.31.4"), Some((z(1), "10.20.0.0/16".into())));
    assert_eq!(matched("fd00:20::1"), Some((z(1), "fd00:20::/32".into())));
    assert_eq!(matched("8.8.8.8"), Some((z(0), "0.0.0.0/0".into())));
    assert_eq!(matched("::1"), None);
}

#[test]
fn the_matching_prefix_is_the_zone_s_longest() {
    let model = Model {
        zones: vec![Zone {
            prefixes: ["10.0.0.0/8", "10.20.0.0/16", "10.30.0.0/16"]
                .iter()
                .map(|s| Prefix {
                    net: net(s),
                    span: Span::default(),
                })
                .collect(),
            ..Zone::bare("clinical", Span::default())
        }],
        ..Model::default()
    };
    let t = AddressTable::new(&model);
    let prefix = |addr: &str| {
        t.lookup_prefix(&model, ip(addr))
            .map(|(_, p)| p.net.to_string())
    };
    assert_eq!(prefix("10.20.1.1").as_deref(), Some("10.20.0.0/16"));
    assert_eq!(prefix("10.40.1.1").as_deref(), Some("10.0.0.0/8"));
}
