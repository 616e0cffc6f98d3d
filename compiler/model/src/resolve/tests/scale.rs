//! A measurement, not a test of speed: parses, then resolves, a synthetic
//! policy of 10,000 zones and 100,000 rules and prints how long resolution
//! took. Run with
//! `cargo test -p zonec-model --release resolve_at_scale -- --ignored --nocapture`.

use super::today;
use crate::{resolve, ResolveOptions};
use std::fmt::Write;
use std::time::Instant;
use zonec_base::source::Sources;
use zonec_syntax as syntax;

const ZONES: usize = 10_000;
const LABELS: usize = 100;
const RULES: usize = 100_000;

fn policy() -> String {
    let mut s = String::new();
    for l in 0..LABELS {
        let _ = writeln!(s, "label l{l}");
    }
    for z in 0..ZONES {
        let vlan = if z < 4094 {
            format!("; vlan {}", z + 1)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "zone z{z} {{ labels l{}; net 10.{}.{}.0/24{vlan} }}",
            z % LABELS,
            z / 256,
            z % 256
        );
    }
    s.push_str("service https = tcp/443\n");
    for r in 0..RULES {
        let (a, b, l) = (r % ZONES, (r * 31 + 1) % ZONES, r % LABELS);
        let _ = match r % 10 {
            0 => writeln!(s, "allow @l{l} -> z{a} : https"),
            1 => writeln!(s, "deny z{a} -> {{z{}, @l{l}}} : tcp/22", (r * 7) % ZONES),
            _ => writeln!(s, "allow z{a} -> z{b} : https, udp/53"),
        };
    }
    s.push_str("forbid @l1 ->* any except @l2\n");
    s
}

#[test]
#[ignore = "measurement; run with --ignored --nocapture"]
fn resolve_at_scale() {
    let mut sources = Sources::new();
    let id = sources.add("scale.zones", policy());
    let started = Instant::now();
    let (tree, syntax_diags) = syntax::parse(id, &sources.get(id).unwrap().text);
    let parsed = started.elapsed();
    assert_eq!(syntax_diags, vec![]);
    let start = Instant::now();
    let (model, diags) = resolve(&[tree], &ResolveOptions { today: today() });
    let took = start.elapsed();
    println!(
        "resolve: {} zones, {} rules, {} invariants in {took:?} (parsing took {parsed:?}); {} diagnostics",
        model.zones.len(),
        model.rules.len(),
        model.invariants.len(),
        diags.len()
    );
    assert_eq!(diags, vec![]);
    assert_eq!(model.rules.len(), RULES);
}
