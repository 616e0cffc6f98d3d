//! A measurement, not a test of speed: resolves a synthetic policy of 10,000
//! zones and 100,000 rules and prints how long it took. Run with
//! `cargo test -p zonec-compiler --release resolve_at_scale -- --ignored --nocapture`.

use super::build::B;
use super::run;
use crate::syntax::ast::{InvariantKind, Item};
use std::time::Instant;

const ZONES: usize = 10_000;
const LABELS: usize = 100;
const RULES: usize = 100_000;

fn policy(b: &B) -> Vec<Item> {
    let mut items: Vec<Item> = (0..LABELS).map(|l| b.label(&format!("l{l}"))).collect();
    for z in 0..ZONES {
        let net = format!("10.{}.{}.0/24", z / 256, z % 256);
        let label = format!("l{}", z % LABELS);
        let mut fields = vec![b.labels(&[&label]), b.net(&[&net])];
        if z < 4094 {
            fields.push(b.vlan(1 + z as u64));
        }
        items.push(b.zone(&format!("z{z}"), fields));
    }
    items.push(b.service("https", &["tcp/443"]));
    for r in 0..RULES {
        let from = format!("z{}", r % ZONES);
        let item = match r % 10 {
            0 => b.allow(&format!("@l{}", r % LABELS), &from, &["https"]),
            1 => b.deny(
                &from,
                &format!("{{z{}, @l{}}}", (r * 7) % ZONES, r % LABELS),
                &["tcp/22"],
            ),
            _ => b.allow(
                &from,
                &format!("z{}", (r * 31 + 1) % ZONES),
                &["https", "udp/53"],
            ),
        };
        items.push(item);
    }
    items.push(b.inv(InvariantKind::ForbidPath, "@l1", "any except @l2", &[]));
    items
}

#[test]
#[ignore = "measurement; run with --ignored --nocapture"]
fn resolve_at_scale() {
    let b = B::default();
    let built = Instant::now();
    let items = policy(&b);
    let build_time = built.elapsed();
    let start = Instant::now();
    let (model, diags) = run(&b, items);
    let took = start.elapsed();
    println!(
        "resolve: {} zones, {} rules, {} invariants in {took:?} (building the tree took {build_time:?}); {} diagnostics",
        model.zones.len(),
        model.rules.len(),
        model.invariants.len(),
        diags.len()
    );
    assert_eq!(diags, vec![]);
    assert_eq!(model.rules.len(), RULES);
}
