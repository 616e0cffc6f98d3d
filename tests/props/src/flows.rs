//! `zonec flows` on any input. Two properties:
//!
//! - [`read`]: any bytes, read as every format (detected and forced, raw
//!   and behind a gzip magic number), through the engine and every output
//!   without a panic, every output safe text;
//! - [`agrees_with_matrix`]: on a policy [`generate`]d from the bytes and
//!   flows drawn from them, every row's verdict agrees with the zone
//!   matrix (`zonec matrix`) for the same pair and port, and its zones
//!   with the address table (`zonec which`).

use crate::{generate, outputs, today};
use arbitrary::Unstructured;
use std::fmt::Write;
use std::sync::OnceLock;
use zonec_analysis::Analysis;
use zonec_base::Sources;
use zonec_flows::{classify, output, Engine, Format, Policy, Report, Verdict};
use zonec_model::{Model, ResolveOptions, ZoneId};

/// A small policy with every verdict.
const POLICY: &str = "\
label phi
zone a { net 10.1.0.0/16, fd00:1::/32 }
zone b { labels phi; net 10.2.0.0/16 }
zone c { net 10.3.0.0/16 }
allow a -> b : tcp/443, icmp
deny a -> b : tcp/22
allow c -> b : any
forbid c ->* @phi : tcp/23
";

struct Compiled {
    sources: Sources,
    model: Model,
    analysis: Analysis,
}

fn compile(text: &str) -> Option<Compiled> {
    let mut sources = Sources::new();
    sources.add("policy.zones", text.to_string());
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today: today() });
    if frontend.has_errors() {
        return None;
    }
    let analysis = zonec_analysis::analyze(&frontend.model);
    Some(Compiled {
        sources,
        model: frontend.model,
        analysis,
    })
}

fn fixed() -> &'static Compiled {
    static POLICY_ONCE: OnceLock<Compiled> = OnceLock::new();
    POLICY_ONCE.get_or_init(|| compile(POLICY).expect("the fixed policy compiles"))
}

fn policy(c: &Compiled) -> Policy<'_> {
    Policy {
        model: &c.model,
        analysis: &c.analysis,
    }
}

/// The `read` property.
pub fn read(data: &[u8]) {
    let c = fixed();
    let mut gz = vec![0x1f, 0x8b];
    gz.extend_from_slice(data);
    for input in [data, &gz[..]] {
        let forced = Format::ALL.iter().copied().map(Some);
        for format in std::iter::once(None).chain(forced) {
            let mut engine = Engine::new(policy(c), Some(policy(c)));
            let _ = engine.read("fuzz", input, format);
            outputs_of(&engine.finish(&c.sources));
        }
    }
}

fn outputs_of(report: &Report) {
    outputs::check("flows.txt", &output::human(report));
    outputs::check("flows.csv", &output::csv(report));
    outputs::check("flows.md", &output::markdown(report));
    let json = serde_json::to_string(report).expect("the report serialises");
    outputs::check("flows.json", &json);
    outputs::check("flows.sarif.json", &output::sarif(report).to_string());
}

/// Addresses flows are drawn from: in the generator's prefixes, between
/// them, and outside every one.
const ADDRESSES: &[&str] = &[
    "10.0.0.1",
    "10.1.0.1",
    "10.1.2.1",
    "10.1.2.200",
    "10.2.0.9",
    "10.3.4.5",
    "10.200.0.1",
    "172.16.5.5",
    "192.168.0.3",
    "192.168.1.7",
    "192.168.1.8",
    "8.8.8.8",
    "fd00::1",
    "fd00:1::5",
    "fd00:1:2::9",
    "fd00:2::1",
    "2001:db8::1",
    "2a00::1",
];

const PROTOS: &[(&str, &[u16])] = &[
    ("tcp", &[22, 23, 80, 443, 2575, 8443, 65535]),
    ("udp", &[53, 123, 161]),
    ("icmp", &[0, 3, 8, 11]),
    ("icmpv6", &[128, 129, 135]),
    ("47", &[]),
];

/// The `agrees_with_matrix` property; false when the bytes gave no valid
/// policy (the caller counts those).
pub fn agrees_with_matrix(data: &[u8]) -> bool {
    let mut u = Unstructured::new(data);
    let Some(c) = generate::policy(&mut u).ok().and_then(|t| compile(&t)) else {
        return false;
    };
    let csv = flows_csv(&mut u);
    let mut engine = Engine::new(policy(&c), None);
    engine
        .read("flows.csv", csv.as_bytes(), None)
        .expect("generated CSV reads");
    assert_eq!(engine.counts.malformed, 0, "{csv}");
    let report = engine.finish(&c.sources);
    for row in &report.rows {
        check_row(&c, row);
    }
    true
}

fn flows_csv(u: &mut Unstructured) -> String {
    let mut csv = String::from("src,dst,proto,dport\n");
    let n = u.int_in_range(1..=40u8).unwrap_or(1);
    for _ in 0..n {
        let pick = |u: &mut Unstructured, n: usize| u.choose_index(n).unwrap_or(0);
        let (src, dst) = (pick(u, ADDRESSES.len()), pick(u, ADDRESSES.len()));
        let (proto, ports) = PROTOS[pick(u, PROTOS.len())];
        let port = match ports.len() {
            0 => String::new(),
            n => ports[pick(u, n)].to_string(),
        };
        let _ = writeln!(csv, "{},{},{proto},{port}", ADDRESSES[src], ADDRESSES[dst]);
    }
    csv
}

fn zone(m: &Model, name: &Option<String>) -> Option<ZoneId> {
    let name = name.as_ref()?;
    let at = m.zones.iter().position(|z| &z.name == name)?;
    Some(ZoneId::from_index(at))
}

fn check_row(c: &Compiled, row: &zonec_flows::report::Row) {
    let (from, to) = (zone(&c.model, &row.from), zone(&c.model, &row.to));
    let proto = zonec_flows::record::proto_number(&row.proto).expect("a protocol");
    let point = classify::point(proto, row.port);
    let (Some(a), Some(b)) = (from, to) else {
        assert_eq!(row.verdict, Verdict::Unzoned, "{row:?}");
        return;
    };
    let matrix = c.analysis.matrix();
    let allowed = a == b || matrix.ports(&matrix.direct(a, b)).contains(point);
    match row.verdict {
        Verdict::Allowed => assert!(allowed, "allowed, but the matrix says no: {row:?}"),
        Verdict::Blocked => assert!(!allowed, "blocked, but the matrix allows it: {row:?}"),
        Verdict::Forbidden => {
            // The rules say what the policy does: the allows that grant it
            // (then the policy itself breaks the forbid), or the denies.
            assert!(!row.invariants.is_empty(), "{row:?}");
            let word = if allowed { "allow " } else { "deny " };
            assert!(
                row.rules.iter().all(|r| r.rule.starts_with(word)),
                "{row:?}"
            );
            assert!(!allowed || !row.rules.is_empty(), "{row:?}");
        }
        Verdict::Unzoned => panic!("both ends have zones: {row:?}"),
    }
    for sample in &row.samples {
        let at = |s: &str| c.analysis.addresses.lookup(s.parse().expect("an address"));
        assert_eq!(
            (at(&sample.src), at(&sample.dst)),
            (Some(a), Some(b)),
            "{row:?}"
        );
    }
}
