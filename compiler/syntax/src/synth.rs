//! A deterministic generator of large, realistic `.zones` policies, for
//! benchmarks and for tests of the emitters at scale.
//!
//! The organisation it writes has sites of fifty zones in four tiers:
//! users, management, applications and data; site 0 is the data centre the
//! other sites also use. Flows go "up" the tiers (users to apps, apps to
//! data; within a tier only towards later zones), mostly within a site,
//! each on one to three services (named or inline ports and ranges); every
//! site has a shared DNS zone, the internet is an external zone, and two
//! global denies keep users off data on SSH and RDP. A few flows in branch
//! sites go back down, as mistakes do, so a few invariants break; most hold. Zones have one to
//! four prefixes, some IPv6, some nested inside another zone's prefix. The
//! same parameters always give the same text.
//!
//! `synth/shapes.rs` holds smaller generators of one extreme shape each.

use std::fmt::Write;

mod shapes;
pub use shapes::{any_to_any, dense, many_ports, one_rule};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthParams {
    pub zones: usize,
    /// `allow` and `deny` items in total.
    pub rules: usize,
    pub invariants: usize,
    pub seed: u64,
}

/// The policy text for `params`.
pub fn generate(params: &SynthParams) -> String {
    let mut g = Generator::new(params);
    g.header();
    g.zones();
    g.rules();
    g.invariants();
    g.out
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Users,
    Mgmt,
    Apps,
    Data,
}

impl Tier {
    fn of(i: usize) -> Tier {
        match i % 10 {
            0..=3 => Tier::Users,
            4 => Tier::Mgmt,
            5..=7 => Tier::Apps,
            _ => Tier::Data,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tier::Users => "users",
            Tier::Mgmt => "mgmt",
            Tier::Apps => "apps",
            Tier::Data => "data",
        }
    }
}

const SITE_SIZE: usize = 50;

/// Named services: (name, ports).
const SERVICES: &[(&str, &str)] = &[
    ("https", "tcp/443"),
    ("http", "tcp/80"),
    ("dns", "udp/53, tcp/53"),
    ("ssh", "tcp/22"),
    ("rdp", "tcp/3389"),
    ("hl7", "tcp/2575"),
    ("dicom", "tcp/104, tcp/11112"),
    ("mssql", "tcp/1433"),
    ("postgres", "tcp/5432"),
    ("mysql", "tcp/3306"),
    ("ldap", "tcp/389, udp/389"),
    ("ldaps", "tcp/636"),
    ("kerberos", "tcp/88, udp/88"),
    ("ntp", "udp/123"),
    ("syslog", "udp/514, tcp/6514"),
    ("snmp", "udp/161"),
    ("smtp", "tcp/25, tcp/587"),
    ("imaps", "tcp/993"),
    ("fhir", "tcp/8443"),
    ("smb", "tcp/445"),
    ("rpc", "tcp/135, tcp/49152-65535"),
    ("web_alt", "tcp/8000-8100"),
    ("redis", "tcp/6379"),
    ("kafka", "tcp/9092-9094"),
    ("ping", "icmp/echo-request, icmpv6/echo-request"),
    ("radius", "udp/1812-1813"),
    ("sip", "udp/5060, tcp/5061"),
    ("rtp", "udp/10000-20000"),
    ("vnc", "tcp/5900-5903"),
    ("prometheus", "tcp/9090, tcp/9100"),
];

/// Inline ports flows may use instead of a named service.
const INLINE: &[&str] = &[
    "tcp/8080",
    "tcp/8081",
    "tcp/8888",
    "tcp/9000",
    "tcp/9443",
    "tcp/7001",
    "tcp/4443",
    "tcp/5000-5010",
    "tcp/6000-6063",
    "udp/4789",
    "udp/5353",
    "tcp/2049",
    "udp/2049",
    "tcp/11211",
    "tcp/27017",
    "tcp/1521",
    "tcp/50000",
    "tcp/3000",
    "tcp/15672",
    "icmp",
];

/// Services that never appear on a `require`, since the global denies
/// remove them between some tiers.
const DENIED: &[&str] = &["ssh", "rdp"];

struct Generator<'a> {
    p: &'a SynthParams,
    rng: Rng,
    out: String,
    /// Per generated zone-to-zone allow: (from, to, services), for requires.
    flows: Vec<(usize, usize, Vec<&'static str>)>,
}

impl<'a> Generator<'a> {
    fn new(p: &'a SynthParams) -> Generator<'a> {
        Generator {
            p,
            rng: Rng(p.seed),
            out: String::new(),
            flows: Vec::new(),
        }
    }

    fn sites(&self) -> usize {
        self.p.zones.div_ceil(SITE_SIZE).max(1)
    }

    fn name(i: usize) -> String {
        format!(
            "s{}_{}{}",
            i / SITE_SIZE,
            Tier::of(i).label(),
            i % SITE_SIZE
        )
    }

    /// The shared DNS zone of a site: its first application zone.
    fn dns_zone(&self, site: usize) -> Option<usize> {
        let first = site * SITE_SIZE;
        (first..(first + SITE_SIZE).min(self.p.zones)).find(|&i| Tier::of(i) == Tier::Apps)
    }

    fn header(&mut self) {
        let p = self.p;
        let _ = writeln!(
            self.out,
            "# synthetic policy: {} zones, {} rules, {} invariants, seed {}",
            p.zones, p.rules, p.invariants, p.seed
        );
        let _ = writeln!(
            self.out,
            "policy \"Synthetic Health System {}\" {{\n  owner \"netsec@synth.example\"\n}}\n",
            p.seed
        );
        for tier in [Tier::Users, Tier::Mgmt, Tier::Apps, Tier::Data] {
            let _ = writeln!(self.out, "label {} \"{} tier\"", tier.label(), tier.label());
        }
        for site in 0..self.sites() {
            let _ = writeln!(self.out, "label site{site}");
        }
        self.out.push('\n');
        for (name, ports) in SERVICES {
            let _ = writeln!(self.out, "service {name} = {ports}");
        }
        self.out.push('\n');
    }

    fn zones(&mut self) {
        let _ = writeln!(
            self.out,
            "zone internet external {{ net 0.0.0.0/0, ::/0 }}\n"
        );
        let mut nested = vec![0u8; self.p.zones];
        for i in 0..self.p.zones {
            let nets = self.prefixes(i, &mut nested);
            let _ = writeln!(
                self.out,
                "zone {} {{\n  labels {}, site{}\n  net {}\n}}",
                Self::name(i),
                Tier::of(i).label(),
                i / SITE_SIZE,
                nets.join(", ")
            );
        }
        self.out.push('\n');
    }

    /// One to four prefixes: its own /24, maybe a second IPv4 /24, maybe an
    /// IPv6 /64, maybe a /27 nested in an earlier zone's /24.
    fn prefixes(&mut self, i: usize, nested: &mut [u8]) -> Vec<String> {
        let mut nets = vec![format!("10.{}.{}.0/24", i / 256 % 256, i % 256)];
        if self.rng.chance(20) {
            nets.push(format!("100.{}.{}.0/24", 64 + i / 256 % 64, i % 256));
        }
        if self.rng.chance(30) {
            nets.push(format!("fd00:{:x}::/64", i + 1));
        }
        if i > 0 && self.rng.chance(10) {
            let parent = self.rng.below(i);
            if nested[parent] < 7 {
                nested[parent] += 1;
                let k = u32::from(nested[parent]) * 32;
                nets.push(format!("10.{}.{}.{k}/27", parent / 256 % 256, parent % 256));
            }
        }
        nets
    }

    fn rules(&mut self) {
        let mut left = self.p.rules;
        let fixed = [
            "deny @users -> @data : ssh, rdp { reason \"users never administer data stores\" }",
            "deny internet -> @data { reason \"no inbound to data from outside\" }",
        ];
        for line in fixed.iter().take(left) {
            let _ = writeln!(self.out, "{line}");
        }
        left = left.saturating_sub(fixed.len());
        for site in 0..self.sites() {
            if left == 0 {
                break;
            }
            if let Some(dns) = self.dns_zone(site) {
                let _ = writeln!(
                    self.out,
                    "allow @site{site} except {{@data}} -> {} : dns {{ reason \"site resolver\" }}",
                    Self::name(dns)
                );
                left -= 1;
            }
        }
        let mistakes = (self.p.rules / 10_000).max(1).min(left);
        for n in 0..left {
            self.flow(n, n < mistakes);
        }
        self.out.push('\n');
    }

    /// One `allow` from a zone to a zone up the tiers (or, for a mistake,
    /// from a data zone down to a users zone).
    fn flow(&mut self, n: usize, mistake: bool) {
        let zones = self.p.zones;
        let (a, b) = if mistake {
            self.back_edge()
        } else {
            self.forward_edge()
        };
        let services = self.services();
        let head = match (a, b) {
            (Some(a), Some(b)) => format!("allow {} -> {}", Self::name(a), Self::name(b)),
            (Some(a), None) => format!("allow {} -> internet", Self::name(a)),
            (None, Some(b)) => format!("allow internet -> {}", Self::name(b)),
            (None, None) => format!("allow internet -> {}", Self::name(self.rng.below(zones))),
        };
        let text: Vec<&str> = services.iter().map(|s| s.0).collect();
        let _ = write!(self.out, "{head} : {}", text.join(", "));
        if n % 7 == 0 {
            let _ = write!(
                self.out,
                " {{ reason \"synthetic flow {n}\"; ticket \"CHG-{}\" }}",
                1000 + n
            );
        }
        self.out.push('\n');
        if let (Some(a), Some(b)) = (a, b) {
            let named = services
                .iter()
                .filter(|s| s.1 && !DENIED.contains(&s.0))
                .map(|s| s.0)
                .collect();
            self.flows.push((a, b, named));
        }
    }

    /// (from, to) with `None` for the internet: users may go out, the
    /// internet may come in to applications.
    fn forward_edge(&mut self) -> (Option<usize>, Option<usize>) {
        for _ in 0..32 {
            let a = self.rng.below(self.p.zones);
            if Tier::of(a) == Tier::Users && self.rng.chance(5) {
                return (Some(a), None);
            }
            if Tier::of(a) == Tier::Apps && self.rng.chance(2) {
                return (None, Some(a));
            }
            if let Some(b) = self.upward_from(a) {
                return (Some(a), Some(b));
            }
        }
        (Some(0), None)
    }

    /// A zone up the tiers from `a`: mostly in the same site, otherwise in
    /// site 0, the data centre every site uses. Data zones only feed data
    /// zones of their own site.
    fn upward_from(&mut self, a: usize) -> Option<usize> {
        let zones = self.p.zones;
        (0..16).find_map(|_| {
            let local = Tier::of(a) == Tier::Data || self.rng.chance(70);
            let site = if local { a / SITE_SIZE * SITE_SIZE } else { 0 };
            let b = site + self.rng.below(SITE_SIZE.min(zones - site));
            let (ta, tb) = (Tier::of(a), Tier::of(b));
            (tb > ta || (tb == ta && b > a)).then_some(b)
        })
    }

    /// A mistake: a data zone of some branch site opening connections to a
    /// users zone of the same site.
    fn back_edge(&mut self) -> (Option<usize>, Option<usize>) {
        let sites = self.sites();
        let site = if sites > 1 {
            1 + self.rng.below(sites - 1)
        } else {
            0
        };
        let first = site * SITE_SIZE;
        let size = SITE_SIZE.min(self.p.zones - first);
        let mut pick = |tier| {
            (0..64)
                .map(|_| first + self.rng.below(size))
                .find(|&z| Tier::of(z) == tier)
        };
        match (pick(Tier::Data), pick(Tier::Users)) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            _ => self.forward_edge(),
        }
    }

    /// One to three services: (text, is a named service).
    fn services(&mut self) -> Vec<(&'static str, bool)> {
        let count = 1 + self.rng.below(3);
        let mut out: Vec<(&'static str, bool)> = Vec::new();
        for _ in 0..count {
            let s = if self.rng.chance(70) {
                (SERVICES[self.rng.below(SERVICES.len())].0, true)
            } else {
                (INLINE[self.rng.below(INLINE.len())], false)
            };
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    fn invariants(&mut self) {
        for n in 0..self.p.invariants {
            let line = match n % 10 {
                0..=4 => self.forbid_down(),
                5 | 6 => self.forbid_admin(),
                7 | 8 => self.require(),
                _ => self.forbid_mgmt(),
            };
            if let Some(line) = line {
                let _ = writeln!(self.out, "{line}");
            }
        }
    }

    fn zone_in(&mut self, tier: Tier) -> Option<usize> {
        let zones = self.p.zones;
        (0..64)
            .map(|_| self.rng.below(zones))
            .find(|&z| Tier::of(z) == tier)
    }

    /// Data never reaches users, even through a pivot.
    fn forbid_down(&mut self) -> Option<String> {
        let a = self.zone_in(Tier::Data)?;
        let to = if self.rng.chance(50) {
            "@users".to_string()
        } else {
            format!("@site{}", a / SITE_SIZE)
        };
        let to = if to.starts_with("@site") {
            format!("{to} except {{@data}}")
        } else {
            to
        };
        Some(format!(
            "forbid {} ->* {to} {{ reason \"data stores never open connections to users\" }}",
            Self::name(a)
        ))
    }

    /// No user zone administers a data zone directly.
    fn forbid_admin(&mut self) -> Option<String> {
        let a = self.zone_in(Tier::Users)?;
        let b = self.zone_in(Tier::Data)?;
        Some(format!(
            "forbid {} -> {} : ssh, rdp",
            Self::name(a),
            Self::name(b)
        ))
    }

    /// Management never reaches user devices.
    fn forbid_mgmt(&mut self) -> Option<String> {
        let a = self.zone_in(Tier::Mgmt)?;
        Some(format!("forbid {} ->* @users : any", Self::name(a)))
    }

    /// A flow that some allow grants is required.
    fn require(&mut self) -> Option<String> {
        for _ in 0..16 {
            if self.flows.is_empty() {
                return None;
            }
            let (a, b, services) = self.flows[self.rng.below(self.flows.len())].clone();
            if let Some(s) = services.first() {
                return Some(format!(
                    "require {} -> {} : {s} {{ reason \"clinical workflow\" }}",
                    Self::name(a),
                    Self::name(b)
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_text_and_sizes_as_asked() {
        let p = SynthParams {
            zones: 200,
            rules: 1000,
            invariants: 50,
            seed: 7,
        };
        let text = generate(&p);
        assert_eq!(text, generate(&p));
        assert_ne!(text, generate(&SynthParams { seed: 8, ..p }));
        let count = |prefix: &str| text.lines().filter(|l| l.starts_with(prefix)).count();
        assert_eq!(count("zone "), 201);
        assert_eq!(count("allow ") + count("deny "), 1000);
        assert_eq!(count("forbid ") + count("require "), 50);
        assert!(text.contains("::/64"));
        assert!(text.contains("/27"));
    }
}
