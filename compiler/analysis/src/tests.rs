//! Unit tests of the analysis on hand-built models: one per behaviour the
//! language contract names (direct and path forbids, pivots, self-pairs,
//! denies, requires), plus the lints.

use super::certificate;
use super::testkit::{tcp, udp, Builder};
use super::verdict::{Evidence, Witness, Witnesses};
use super::*;
use zonec_base::diagnostic::Code;
use zonec_model::{Model, PortSet, Proto};

fn witnesses(a: &Analysis, i: usize) -> &Witnesses {
    match &a.verdicts[i].evidence {
        Evidence::Witnesses(w) => w,
        other => panic!("expected witnesses, got {other:?}"),
    }
}

/// The witness of the first offending pair.
fn witness(a: &Analysis, i: usize) -> &Witness {
    &witnesses(a, i).pairs[0]
}

fn path(w: &Witness) -> Vec<u32> {
    std::iter::once(w.from.0)
        .chain(w.hops.iter().map(|h| h.to.0))
        .collect()
}

/// Every certificate the analysis produced passes the independent checker.
fn certificates_check(model: &Model, a: &Analysis) {
    for v in &a.verdicts {
        if let Evidence::Certificate(c) = &v.evidence {
            let inv = model.invariant(v.invariant);
            assert_eq!(certificate::check(&a.effective, inv, c), Ok(()), "{inv:?}");
        }
    }
}

fn codes(a: &Analysis) -> Vec<Code> {
    a.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn direct_forbid_breaks_and_holds() {
    let mut b = Builder::new();
    let [guest, web, ehr] = [b.zone("guest"), b.zone("web"), b.zone("ehr")];
    let r = b.allow(&[guest], &[web], tcp(443));
    b.forbid(&[guest], &[web], tcp(443));
    b.forbid(&[guest], &[web], tcp(22));
    b.forbid(&[guest], &[ehr], PortSet::any());
    let model = b.build();
    let a = analyze(&model);
    assert_eq!(
        a.verdicts.iter().map(|v| v.holds).collect::<Vec<_>>(),
        [false, true, true]
    );
    let w = witness(&a, 0);
    assert_eq!(w.hops.len(), 1);
    assert_eq!(w.hops[0].rules, vec![r]);
    assert_eq!(w.hops[0].ports, tcp(443));
    assert!(a.has_violations());
    assert_eq!(
        codes(&a)
            .iter()
            .filter(|c| **c == Code::ForbidViolated)
            .count(),
        1
    );
}

#[test]
fn path_forbid_finds_the_shortest_pivot_chain() {
    let mut b = Builder::new();
    let z = b.zones(6);
    // long way 0 -> 1 -> 2 -> 3 -> 5, short way 0 -> 4 -> 5 (last hop on ssh only).
    b.allow(&[z[0]], &[z[1]], tcp(443));
    b.allow(&[z[1]], &[z[2]], udp(53));
    b.allow(&[z[2]], &[z[3]], tcp(80));
    b.allow(&[z[3]], &[z[5]], tcp(5432));
    b.allow(&[z[0]], &[z[4]], tcp(8443));
    let ssh = b.allow(&[z[4]], &[z[5]], tcp(22));
    b.forbid_path(&[z[0]], &[z[5]], tcp(5432));
    b.forbid_path(&[z[0]], &[z[5]], PortSet::any());
    b.forbid_path(&[z[0]], &[z[5]], udp(53));
    b.forbid_path(&[z[5]], &[z[0]], PortSet::any());
    let model = b.build();
    let a = analyze(&model);
    assert_eq!(path(witness(&a, 0)), vec![0, 1, 2, 3, 5]);
    let w = witness(&a, 1);
    assert_eq!(path(w), vec![0, 4, 5]);
    assert_eq!(w.hops[1].rules, vec![ssh]);
    assert!(a.verdicts[2].holds && a.verdicts[3].holds);
    certificates_check(&model, &a);
    // The certificate of `5 ->* 0` is the closure of 5: just 5.
    match &a.verdicts[3].evidence {
        Evidence::Certificate(c) => assert_eq!(c.parts[0].zones, vec![z[5]]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn deny_wins_whatever_the_order() {
    let mut b = Builder::new();
    let [a0, a1, a2] = [b.zone("a"), b.zone("b"), b.zone("c")];
    let deny = b.deny(&[a0], &[a1], tcp(443));
    b.allow(&[a0], &[a1], tcp(443).union(&tcp(80)));
    b.allow(&[a1], &[a2], PortSet::any());
    b.forbid_path(&[a0], &[a2], PortSet::any());
    b.require(&[a0], &[a1], tcp(443).union(&tcp(22)));
    let model = b.build();
    let a = analyze(&model);
    assert_eq!(a.direct(a0, a1), tcp(80));
    assert!(!a.verdicts[0].holds, "port 80 still pivots");
    match &a.verdicts[1].evidence {
        Evidence::Missing(m) => {
            let p = &m.pairs[0];
            assert_eq!(p.missing, tcp(443).union(&tcp(22)));
            assert_eq!(p.uncovered, tcp(22));
            assert_eq!(p.denied.len(), 1);
            assert_eq!(p.denied[0].rule, deny);
            assert_eq!(p.denied[0].ports, tcp(443));
        }
        other => panic!("{other:?}"),
    }
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == Code::RequireViolated)
        .unwrap();
    assert_eq!(d.labels.len(), 2, "invariant + the deny");
}

#[test]
fn self_pairs_are_excluded() {
    let mut b = Builder::new();
    let [x, y] = [b.zone("x"), b.zone("y")];
    b.allow(&[x], &[y], PortSet::any());
    b.allow(&[y], &[x], tcp(443));
    // x reaches itself through y on 443, but (x, x) is no pair.
    b.forbid_path(&[x], &[x], PortSet::any());
    // y -> x is on 443 only, and x -> x is no pair.
    b.forbid(&[y], &[x, y], tcp(22));
    b.require(&[x], &[x], tcp(22));
    // {x, y} ->* {x}: the pair (y, x) exists and y -> x is allowed on 443.
    b.forbid_path(&[x, y], &[x], tcp(443));
    // {x} ->* {x, y} on 443: x -> y is on any port, so broken.
    b.forbid_path(&[x], &[x, y], tcp(443));
    let model = b.build();
    let a = analyze(&model);
    let holds: Vec<bool> = a.verdicts.iter().map(|v| v.holds).collect();
    assert_eq!(holds, [true, true, true, false, false]);
    certificates_check(&model, &a);
    // the per-source split is needed for the first one
    assert_eq!(path(witness(&a, 3)), vec![1, 0]);
}

#[test]
fn source_that_only_reaches_itself_needs_a_split_certificate() {
    let mut b = Builder::new();
    let [p, q, r] = [b.zone("p"), b.zone("q"), b.zone("r")];
    // p -> r on any port, r -> p on 443: p reaches only itself on 443.
    b.allow(&[p], &[r], PortSet::any());
    b.allow(&[r], &[p], tcp(443));
    b.forbid_path(&[p, q], &[p], tcp(443));
    let model = b.build();
    let a = analyze(&model);
    assert!(a.verdicts[0].holds);
    certificates_check(&model, &a);
    match &a.verdicts[0].evidence {
        Evidence::Certificate(c) => assert_eq!(c.parts.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn reachability_rows_and_matrix() {
    let mut b = Builder::new();
    let z = b.zones(5);
    b.allow(&[z[0]], &[z[1]], tcp(1));
    b.allow(&[z[1]], &[z[2]], tcp(2));
    b.allow(&[z[2]], &[z[1]], tcp(3));
    b.allow(&[z[2]], &[z[3]], tcp(4));
    let model = b.build();
    let a = analyze(&model);
    let row = |i: usize| a.reachable(z[i]).iter().collect::<Vec<_>>();
    assert_eq!(row(0), vec![0, 1, 2, 3]);
    assert_eq!(row(1), vec![1, 2, 3]);
    assert_eq!(row(3), vec![3]);
    assert_eq!(row(4), vec![4]);
    let m = a.matrix();
    assert_eq!(m.ports(&m.direct(z[0], z[1])), tcp(1));
    assert_eq!(m.ports(&m.transitive(z[0], z[3])), tcp(4));
    assert_eq!(m.ports(&m.transitive(z[0], z[1])), tcp(1).union(&tcp(3)));
    assert!(m.transitive(z[3], z[0]).is_empty());
    assert_eq!(m.direct_cells().len(), 4);
}

#[test]
fn dead_and_redundant_allows() {
    let mut b = Builder::new();
    let [c, l, d] = [b.zone("clinical"), b.zone("lab"), b.zone("dns")];
    let dns = b.service("dns", udp(53));
    b.allow(&[c, l], &[d], udp(53));
    let covered = b.allow_service(&[c], &[d], dns);
    b.allow(&[c], &[l], tcp(443));
    b.deny(&[c], &[l], PortSet::proto(Proto::Tcp));
    let model = b.build();
    let a = analyze(&model);
    let dead: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::DeadRule)
        .collect();
    assert_eq!(dead.len(), 1);
    assert_eq!(
        dead[0].labels[0].span,
        model.rule(zonec_model::RuleId(2)).head_span
    );
    let redundant: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::RedundantRule)
        .collect();
    assert_eq!(redundant.len(), 1, "{:?}", a.diagnostics);
    assert_eq!(redundant[0].labels[0].span, model.rule(covered).head_span);
    assert!(!codes(&a).contains(&Code::UnusedService));
}

#[test]
fn identical_allows_flag_only_the_later_one() {
    let mut b = Builder::new();
    let [x, y] = [b.zone("x"), b.zone("y")];
    b.allow(&[x], &[y], tcp(443));
    let second = b.allow(&[x], &[y], tcp(443));
    let model = b.build();
    let a = analyze(&model);
    let redundant: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::RedundantRule)
        .collect();
    assert_eq!(redundant.len(), 1);
    assert_eq!(redundant[0].labels[0].span, model.rule(second).head_span);
}

#[test]
fn unused_and_isolated() {
    let mut b = Builder::new();
    let [x, y, lonely, vault, q] = [
        b.zone("x"),
        b.zone("y"),
        b.zone("lonely"),
        b.zone("vault"),
        b.zone("quarantine"),
    ];
    b.label("phi", &[x]);
    b.label("stale", &[]);
    b.service("hl7", tcp(2575));
    b.allow(&[x], &[y], tcp(443));
    b.allow(&[vault], &[vault], tcp(443));
    b.deny(&[q], &[x], PortSet::any());
    let _ = lonely;
    let model = b.build();
    let a = analyze(&model);
    let messages: Vec<String> = a
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert_eq!(
        messages,
        [
            "zonec::self-unnamed: the policy never names `self`: every zone may reach the router's own services",
            "zonec::unused-zone: zone `lonely` is never used",
            "zonec::isolated-zone: no allowed flow enters or leaves zone `vault`",
            "zonec::unused-label: label `stale` is never used",
            "zonec::unused-service: service `hl7` is never used",
        ]
    );
}

/// Found by the property test: z7's only last hop leads back to z9, and z9
/// reaches z7 first; z9's self-path is excluded, and z2 and z4 each get
/// their own shortest witness, through z7.
#[test]
fn every_source_gets_its_own_shortest_witness() {
    let mut b = Builder::new();
    let z = b.zones(10);
    b.allow(&[z[7]], &z, PortSet::any());
    b.allow(&[z[2]], &[z[4]], tcp(0));
    b.allow(&[z[4]], &[z[9], z[2]], tcp(0));
    b.allow(&[z[9]], &z, tcp(0));
    b.forbid_path(&[z[2], z[4], z[9]], &[z[9]], tcp(1));
    let model = b.build();
    let a = analyze(&model);
    let w = witnesses(&a, 0);
    let paths: Vec<Vec<u32>> = w.pairs.iter().map(path).collect();
    assert_eq!(paths, vec![vec![2, 4, 9, 7, 9], vec![4, 9, 7, 9]]);
    assert_eq!(w.total, 2);
}

/// More offending pairs than are listed: all are counted, the first
/// `LISTED` (in source, destination order) listed with a witness each, and
/// the diagnostics say how many are not shown (by default) or not listed
/// (every listed pair shown).
#[test]
fn offending_pairs_beyond_the_listing_limit_are_counted() {
    let mut b = Builder::new();
    let z = b.zones(50);
    b.allow(&z, &z, tcp(22));
    b.forbid(&z, &z, tcp(22));
    b.forbid_path(&z, &z, tcp(22));
    b.require(&z, &z, tcp(443));
    let model = b.build();
    let a = analyze(&model);
    let total = 50 * 49;
    for (i, v) in a.verdicts.iter().enumerate() {
        let (count, listed): (u64, Vec<(ZoneId, ZoneId)>) = match &v.evidence {
            Evidence::Witnesses(w) => (w.total, w.pairs.iter().map(|p| (p.from, p.to)).collect()),
            Evidence::Missing(m) => (m.total, m.pairs.iter().map(|p| (p.from, p.to)).collect()),
            other => panic!("invariant {i}: {other:?}"),
        };
        assert_eq!(count, total);
        let expected: Vec<(ZoneId, ZoneId)> = model
            .invariant(v.invariant)
            .pairs(&model)
            .take(verdict::LISTED)
            .collect();
        assert_eq!(listed, expected);
    }
    let shown = a
        .diagnostics
        .iter()
        .filter(|d| {
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("more pair(s)"))
        })
        .count();
    // and the notice that the policy never names `self`
    assert_eq!(a.diagnostics.len(), 3 * violations::SHOWN + 1);
    assert_eq!(shown, 3);
    let more = format!(
        "and {} more pair(s) break this invariant (use --all-witnesses to list them)",
        total - 3
    );
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.help.as_deref().is_some_and(|h| h.ends_with(&more))));
    let all = a.all_violations(&model);
    assert_eq!(all.len(), 3 * verdict::LISTED);
    let rest = format!("and {} more pair(s) break this invariant, not listed: zonec lists at most 1000 per invariant", total - 1000);
    assert_eq!(
        all.iter()
            .filter(|d| d.help.as_deref().is_some_and(|h| h.ends_with(&rest)))
            .count(),
        3
    );
}
