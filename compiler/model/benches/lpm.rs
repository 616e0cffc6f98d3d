//! Prints how long the address table takes at the scale the brief names:
//! 10,000 zones with 1–4 prefixes each (an internet zone at `/0`, site
//! zones, nested host zones, IPv6), built, queried, and split into exact
//! prefix covers. Figures, not assertions: `cargo bench -p zonec-model
//! --bench lpm`.

use ipnetwork::IpNetwork;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};
use zonec_model::lpm::AddressTable;
use zonec_model::ZoneId;

const ZONES: u32 = 10_000;
const LOOKUPS: u32 = 1_000_000;

/// A fixed xorshift generator, so every run measures the same table.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The canonical prefix `addr/len` (always valid for the lengths used here).
fn net(addr: impl Into<IpAddr>, len: u8) -> Option<IpNetwork> {
    let net = IpNetwork::new(addr.into(), len).ok()?;
    IpNetwork::new(net.network(), len).ok()
}

/// Zone 0 is the internet; every other zone has a /22../26 in 10/8, and may
/// add a /64 in fd00::/16, a second IPv4 block, or a host nested in another
/// zone's block.
fn prefixes(rng: &mut Rng) -> Vec<(ZoneId, IpNetwork)> {
    let mut out = Vec::new();
    let mut push = |id: ZoneId, prefix: Option<IpNetwork>| out.extend(prefix.map(|p| (id, p)));
    push(ZoneId(0), net(Ipv4Addr::UNSPECIFIED, 0));
    push(ZoneId(0), net(Ipv6Addr::UNSPECIFIED, 0));
    for zone in 1..ZONES {
        let id = ZoneId(zone);
        let site = Ipv4Addr::from(0x0a00_0000 | rng.below(1 << 24) as u32);
        push(id, net(site, 22 + rng.below(5) as u8));
        if rng.below(2) == 0 {
            let lan = Ipv6Addr::from((0xfd00 << 112) | u128::from(rng.next()) << 64);
            push(id, net(lan, 64));
        }
        if rng.below(3) == 0 {
            let second = Ipv4Addr::from(0xac10_0000 | rng.below(1 << 20) as u32);
            push(id, net(second, 28));
        }
        if rng.below(4) == 0 {
            let host = Ipv4Addr::from(0x0a00_0000 | rng.below(1 << 24) as u32);
            push(id, net(host, 32));
        }
    }
    dedup(out)
}

/// The resolver rejects identical prefixes; keep the first of each.
fn dedup(mut prefixes: Vec<(ZoneId, IpNetwork)>) -> Vec<(ZoneId, IpNetwork)> {
    let mut seen = std::collections::BTreeSet::new();
    prefixes.retain(|(_, net)| seen.insert(*net));
    prefixes
}

fn time<T>(what: &str, f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    println!("{what:<40} {:>10.3} ms", took.as_secs_f64() * 1e3);
    (out, took)
}

fn main() {
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let prefixes = prefixes(&mut rng);
    println!("{} zones, {} prefixes", ZONES, prefixes.len());
    let (table, _) = time("build", || {
        AddressTable::from_prefixes(prefixes.iter().copied())
    });
    println!(
        "partition: {} IPv4 ranges, {} IPv6 ranges",
        table.partition_v4().len(),
        table.partition_v6().len()
    );
    let probes: Vec<IpAddr> = (0..LOOKUPS)
        .map(|_| IpAddr::V4(Ipv4Addr::from(0x0a00_0000 | rng.below(1 << 24) as u32)))
        .collect();
    let (hits, took) = time("1,000,000 IPv4 lookups", || {
        probes
            .iter()
            .filter(|&&a| table.lookup(a).is_some_and(|z| z.0 != 0))
            .count()
    });
    println!(
        "{:<40} {:>10.1} ns ({hits} in a site zone)",
        "per lookup",
        took.as_nanos() as f64 / f64::from(LOOKUPS)
    );
    let (count, _) = time("exact prefix cover of every zone", || {
        (0..ZONES)
            .map(|z| table.effective_ranges(ZoneId(z)).to_prefixes().len())
            .sum::<usize>()
    });
    let internet = table.effective_ranges(ZoneId(0)).to_prefixes().len();
    println!("cover: {count} prefixes in all, {internet} for the internet zone");
}
