//! Input whose nesting or path length the user controls, run on a thread
//! with a deliberately small stack: if any stage recursed once per
//! `except`, per zone of a chain or per node of the tree, these would
//! overflow and abort instead of passing.

use crate::testkit::{tcp, Builder};
use crate::{analyze, certificate, Evidence};
use zonec_base::{Date, Sources};
use zonec_model::{compile, ResolveOptions};

/// Far less than the 8 MiB of a main thread.
const SMALL_STACK: usize = 256 * 1024;

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let thread = std::thread::Builder::new().stack_size(SMALL_STACK).spawn(f);
    assert!(thread.unwrap().join().is_ok(), "overflowed or panicked");
}

#[test]
fn a_chain_of_100_000_excepts_is_parsed_resolved_analysed_and_dropped() {
    on_small_stack(|| {
        let mut text = String::from("zone z0 { net 10.0.0.0/8 }\nzone z1 { net 11.0.0.0/8 }\n");
        text.push_str("allow any");
        text.push_str(&" except z1".repeat(100_000));
        text.push_str(" -> z0\n");
        let mut sources = Sources::new();
        sources.add("deep.zones", text.as_str());
        let options = ResolveOptions {
            today: Date::parse("2026-12-01").unwrap(),
        };
        let frontend = compile(&sources, &options);
        assert!(!frontend.has_errors(), "{:?}", frontend.diagnostics);
        assert_eq!(frontend.model.rules[0].from, vec![zonec_model::ZoneId(0)]);
        let analysis = analyze(&frontend.model);
        assert!(!analysis.has_violations());
        drop(frontend);
    });
}

#[test]
fn a_chain_of_20_000_zones_is_analysed_with_witness_and_certificate() {
    on_small_stack(|| {
        let mut b = Builder::new();
        let zones = b.zones(20_000);
        for pair in zones.windows(2) {
            b.allow(&pair[..1], &pair[1..], tcp(22));
        }
        let (first, last) = (zones[0], zones[zones.len() - 1]);
        b.forbid_path(&[first], &[last], tcp(22));
        b.forbid_path(&[last], &[first], tcp(22));
        let model = b.build();
        let a = analyze(&model);
        let Evidence::Witnesses(w) = &a.verdicts[0].evidence else {
            panic!("the chain is a forbidden path")
        };
        assert_eq!(w.pairs[0].hops.len(), 19_999);
        let Evidence::Certificate(c) = &a.verdicts[1].evidence else {
            panic!("nothing flows back")
        };
        assert_eq!(
            certificate::check(&a.effective, model.invariant(a.verdicts[1].invariant), c),
            Ok(())
        );
        assert_eq!(a.closure().component_count(), 20_000);
    });
}

#[test]
fn a_cycle_of_20_000_zones_is_one_component() {
    on_small_stack(|| {
        let mut b = Builder::new();
        let zones = b.zones(20_000);
        for pair in zones.windows(2) {
            b.allow(&pair[..1], &pair[1..], tcp(22));
        }
        b.allow(&zones[zones.len() - 1..], &zones[..1], tcp(22));
        let a = analyze(&b.build());
        assert_eq!(a.closure().component_count(), 1);
        assert_eq!(a.reachable(zones[5_000]).count(), 20_000);
    });
}

#[test]
fn ten_thousand_misspelt_names_among_ten_thousand_zones_resolve_quickly() {
    // "Did you mean" compared every unknown name with every zone: over a
    // minute for this input before; its budget makes it half a second.
    let n = 10_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "zone zone_number_{i} {{ net 10.{}.{}.0/24 }}\n",
            i / 256,
            i % 256
        ));
    }
    for i in 0..n {
        text.push_str(&format!("allow zone_numbr_{i} -> zone_number_0\n"));
    }
    let mut sources = Sources::new();
    sources.add("typos.zones", text.as_str());
    let options = ResolveOptions {
        today: Date::parse("2026-12-01").unwrap(),
    };
    let started = std::time::Instant::now();
    let frontend = compile(&sources, &options);
    assert_eq!(frontend.diagnostics.len(), n);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
