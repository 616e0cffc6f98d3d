//! Property tests: random policies (up to 40 zones and 150 allows and
//! denies with overlapping port ranges and label-like selectors, most of
//! them naming `self`, the router, a zone that `any` and labels leave out
//! and that paths may pivot through) checked
//! against a naive reference that enumerates ports one by one and searches
//! paths with a plain depth-first search. Ports are drawn from a small range
//! so enumeration is cheap; one extra point stands for every port no rule
//! names explicitly (only `any` covers those, so they all behave alike).
//! About a quarter of the zones are member zones of an earlier zone: their
//! selectors expand through the families as resolution does, and the
//! reference treats two zones of one family as one zone does itself (every
//! port, related by no rule).

use super::certificate;
use super::testkit::Builder;
use super::verdict::{Evidence, Witness, LISTED};
use super::*;
use proptest::prelude::*;
use zonec_base::Code;
use zonec_model::{Action, Invariant, InvariantKind, Model, PortSet, Proto};

/// The points the reference enumerates: tcp/0-15, udp/0-3, and tcp/100 for
/// everything else.
fn points() -> Vec<u32> {
    let udp = Proto::Udp.bounds().0;
    (0..16).chain(udp..udp + 4).chain([100]).collect()
}

struct Reference<'a> {
    model: &'a Model,
    points: Vec<u32>,
    /// `table[a][b][i]`: whether point `points[i]` is allowed from a to b.
    table: Vec<Vec<Vec<bool>>>,
    /// Breadth-first distances from every zone on the union graph.
    dist: Vec<Vec<Option<usize>>>,
}

impl Reference<'_> {
    /// Allowed by the letter of the spec: some allow relates the pair on
    /// the point, and no deny does.
    fn new(model: &Model) -> Reference<'_> {
        let points = points();
        let n = model.zones.len();
        let mut marks = vec![vec![vec![(false, false); points.len()]; n]; n];
        for a in model.zone_ids() {
            for b in model.zone_ids().filter(|&b| family(model, a, b)) {
                marks[a.index()][b.index()] = vec![(true, false); points.len()];
            }
        }
        for r in &model.rules {
            for &a in &r.from {
                for &b in r.to.iter().filter(|&&b| b != a && !family(model, a, b)) {
                    for (i, &p) in points.iter().enumerate() {
                        let mark = &mut marks[a.index()][b.index()][i];
                        match (r.action, r.ports.contains(p)) {
                            (Action::Allow, true) => mark.0 = true,
                            (Action::Deny, true) => mark.1 = true,
                            _ => {}
                        }
                    }
                }
            }
        }
        let table = marks
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|cell| {
                        cell.into_iter()
                            .map(|(allow, deny)| allow && !deny)
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut reference = Reference {
            model,
            points,
            table,
            dist: Vec::new(),
        };
        reference.dist = model.zone_ids().map(|a| reference.distances(a)).collect();
        reference
    }

    fn relates(&self, from: &[ZoneId], to: &[ZoneId], a: ZoneId, b: ZoneId) -> bool {
        a != b && !family(self.model, a, b) && from.contains(&a) && to.contains(&b)
    }

    /// The pairs an invariant relates, by the letter of the spec.
    fn pairs(&self, inv: &Invariant) -> Vec<(ZoneId, ZoneId)> {
        let mut out = Vec::new();
        for &a in &inv.from {
            for &b in &inv.to {
                if self.relates(&inv.from, &inv.to, a, b) {
                    out.push((a, b));
                }
            }
        }
        out
    }

    fn allowed(&self, a: ZoneId, b: ZoneId, p: u32) -> bool {
        let i = self.points.iter().position(|&x| x == p);
        i.is_some_and(|i| self.table[a.index()][b.index()][i])
    }

    fn allowed_on(&self, a: ZoneId, b: ZoneId, s: &PortSet) -> bool {
        let cell = &self.table[a.index()][b.index()];
        self.points
            .iter()
            .zip(cell)
            .any(|(&p, &ok)| ok && s.contains(p))
    }

    fn edge(&self, a: ZoneId, b: ZoneId) -> bool {
        self.allowed_on(a, b, &PortSet::any())
    }

    /// Zones reachable from `a` (itself included), by depth-first search.
    fn reachable(&self, a: ZoneId) -> Vec<bool> {
        let n = self.model.zones.len();
        let mut seen = vec![false; n];
        let mut stack = vec![a];
        seen[a.index()] = true;
        while let Some(z) = stack.pop() {
            for y in self.model.zone_ids() {
                if !seen[y.index()] && self.edge(z, y) {
                    seen[y.index()] = true;
                    stack.push(y);
                }
            }
        }
        seen
    }

    fn holds(&self, inv: &Invariant) -> bool {
        let pairs = self.pairs(inv);
        match inv.kind {
            InvariantKind::Forbid => !pairs
                .iter()
                .any(|&(a, b)| self.allowed_on(a, b, &inv.ports)),
            InvariantKind::Require => pairs.iter().all(|&(a, b)| {
                self.points
                    .iter()
                    .all(|&p| !inv.ports.contains(p) || self.allowed(a, b, p))
            }),
            InvariantKind::ForbidPath => !pairs.iter().any(|&(a, b)| {
                let seen = &self.dist[a.index()];
                self.model
                    .zone_ids()
                    .any(|z| seen[z.index()].is_some() && self.allowed_on(z, b, &inv.ports))
            }),
        }
    }

    /// Every offending pair of a `forbid`, in (source, destination) order,
    /// with the length of its shortest offending path (by breadth-first
    /// layers; one hop for `forbid ->`).
    fn offending(&self, inv: &Invariant) -> Vec<((ZoneId, ZoneId), usize)> {
        self.pairs(inv)
            .into_iter()
            .filter_map(|(a, b)| {
                let dist = &self.dist[a.index()];
                let shortest = self
                    .model
                    .zone_ids()
                    .filter(|&z| inv.kind == InvariantKind::ForbidPath || z == a)
                    .filter(|z| dist[z.index()].is_some() && self.allowed_on(*z, b, &inv.ports))
                    .filter_map(|z| dist[z.index()].map(|d| d + 1))
                    .min()?;
                Some(((a, b), shortest))
            })
            .collect()
    }

    /// Every pair of a `require` that lacks a port, in order.
    fn lacking(&self, inv: &Invariant) -> Vec<(ZoneId, ZoneId)> {
        self.pairs(inv)
            .into_iter()
            .filter(|&(a, b)| {
                self.points
                    .iter()
                    .any(|&p| inv.ports.contains(p) && !self.allowed(a, b, p))
            })
            .collect()
    }

    fn distances(&self, a: ZoneId) -> Vec<Option<usize>> {
        let mut dist = vec![None; self.model.zones.len()];
        dist[a.index()] = Some(0);
        let mut layer = vec![a];
        let mut d = 0;
        while !layer.is_empty() {
            d += 1;
            let mut next = Vec::new();
            for z in layer {
                for y in self.model.zone_ids() {
                    if dist[y.index()].is_none() && self.edge(z, y) {
                        dist[y.index()] = Some(d);
                        next.push(y);
                    }
                }
            }
            layer = next;
        }
        dist
    }

    fn check_witness(&self, inv: &Invariant, w: &Witness) {
        assert!(inv.from.contains(&w.from) && inv.to.contains(&w.to) && w.from != w.to);
        let (first, last) = (w.hops.first().unwrap(), w.hops.last().unwrap());
        assert_eq!((first.from, last.to), (w.from, w.to));
        for (i, hop) in w.hops.iter().enumerate() {
            if i > 0 {
                assert_eq!(w.hops[i - 1].to, hop.from, "hops chain");
            }
            let segment = family(self.model, hop.from, hop.to);
            assert!(!hop.ports.is_empty() && (segment || !hop.rules.is_empty()));
            assert!(self
                .points
                .iter()
                .filter(|&&p| hop.ports.contains(p))
                .all(|&p| self.allowed(hop.from, hop.to, p)));
            for r in &hop.rules {
                let rule = self.model.rule(*r);
                assert!(
                    rule.action == Action::Allow
                        && self.relates(&rule.from, &rule.to, hop.from, hop.to)
                );
            }
        }
        assert!(
            self.allowed_on(last.from, last.to, &inv.ports),
            "last hop on s"
        );
        assert!(last.ports.is_subset(&inv.ports));
        if inv.kind == InvariantKind::Forbid {
            assert_eq!(w.hops.len(), 1);
        }
    }
}

/// The top of `z`'s family, found by walking its parents.
fn top(model: &Model, mut z: ZoneId) -> ZoneId {
    while let Some(p) = model.zone(z).parent {
        z = p;
    }
    z
}

/// Whether two distinct zones are of one family of member zones.
fn family(model: &Model, a: ZoneId, b: ZoneId) -> bool {
    a != b && top(model, a) == top(model, b)
}

/// A port set inside the small range, or `any`.
/// A diagnostic without its labels (its message still counts the hops):
/// what must not depend on which of several equally short witnesses was
/// chosen.
fn shape(diagnostics: &[Diagnostic]) -> Vec<(Code, &str, Option<&str>)> {
    diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str(), d.help.as_deref()))
        .collect()
}

fn arb_ports() -> impl Strategy<Value = PortSet> {
    let udp = Proto::Udp.bounds().0;
    let range = (0u32..16, 0u32..6).prop_map(|(lo, len)| PortSet::range(lo, (lo + len).min(15)));
    let udp_range = (0u32..4).prop_map(move |p| PortSet::range(udp + p, udp + p));
    prop_oneof![
        4 => range,
        1 => udp_range,
        1 => Just(PortSet::any()),
    ]
}

#[derive(Clone, Debug)]
enum Sel {
    Zone(usize),
    Label(usize),
    Any,
    Except(usize),
    /// `self`, the router (zone 0 when the spec has no router).
    Router,
}

/// Mostly single zones, so that graphs are sparse enough for long paths.
/// A selector; `self` is drawn only when `router` is set.
fn arb_sel(zone_weight: u32, router: bool) -> BoxedStrategy<Sel> {
    let plain = prop_oneof![
        zone_weight => (0usize..40).prop_map(Sel::Zone),
        3 => (0usize..4).prop_map(Sel::Label),
        1 => Just(Sel::Any),
        1 => (0usize..4).prop_map(Sel::Except),
    ];
    if router {
        prop_oneof![zone_weight + 5 => plain, 3 => Just(Sel::Router)].boxed()
    } else {
        plain.boxed()
    }
}

#[derive(Clone, Debug)]
struct Spec {
    /// Declared zones; `self` comes after them when `router` is set.
    zones: usize,
    router: bool,
    labels: Vec<Vec<usize>>,
    /// Per zone, the earlier zone it is a member of (`in PARENT`), if any.
    parents: Vec<Option<usize>>,
    rules: Vec<(bool, Sel, Sel, PortSet)>,
    invariants: Vec<(u8, Sel, Sel, PortSet)>,
}

/// Most of these name `self`, so that paths pivot through the router.
fn arb_spec() -> impl Strategy<Value = Spec> {
    arb_spec_with(20, true)
}

/// Policies whose selectors single out zones with weight `zone_weight`
/// against 5 for labels, `any` and `except`: the lower, the larger the
/// classes of zones no rule tells apart. With `router`, most name `self`.
fn arb_spec_with(zone_weight: u32, router: bool) -> impl Strategy<Value = Spec> {
    (1usize..=40).prop_flat_map(move |zones| {
        let labels = proptest::collection::vec(proptest::collection::vec(0..zones, 1..6), 4);
        let rule = (
            proptest::bool::weighted(0.75),
            arb_sel(zone_weight, router),
            arb_sel(zone_weight, router),
            arb_ports(),
        );
        let inv = (0u8..3, arb_sel(6, router), arb_sel(6, router), arb_ports());
        let parents = proptest::collection::vec(proptest::option::weighted(0.25, 0..zones), zones);
        (
            Just(zones),
            proptest::bool::weighted(if router { 0.7 } else { 0.0 }),
            labels,
            parents,
            proptest::collection::vec(rule, 0..150),
            proptest::collection::vec(inv, 1..12),
        )
            .prop_map(|(zones, router, labels, parents, rules, invariants)| {
                // only an earlier zone may be a parent: no cycles
                let parents = parents
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| p.filter(|_| i > 0).map(|p| p % i.max(1)))
                    .collect();
                Spec {
                    zones,
                    router,
                    labels,
                    parents,
                    rules,
                    invariants,
                }
            })
    })
}

/// What a selector selects, through the families as the spec says: a zone
/// or a label's zones with all their members, `except` the same.
fn expand(spec: &Spec, sel: &Sel) -> Vec<ZoneId> {
    let all = (0..spec.zones).map(ZoneId::from_index);
    let with_members = |zones: &[usize]| -> Vec<usize> {
        (0..spec.zones)
            .filter(|&z| {
                let mut at = Some(z);
                while let Some(x) = at {
                    if zones.contains(&x) {
                        return true;
                    }
                    at = spec.parents[x];
                }
                false
            })
            .collect()
    };
    let ids = |v: Vec<usize>| v.into_iter().map(ZoneId::from_index).collect();
    match sel {
        Sel::Zone(i) => ids(with_members(&[i % spec.zones])),
        Sel::Label(l) => ids(with_members(&spec.labels[*l])),
        Sel::Any => all.collect(),
        Sel::Except(l) => {
            let out = with_members(&spec.labels[*l]);
            all.filter(|z| !out.contains(&z.index())).collect()
        }
        Sel::Router if spec.router => vec![ZoneId::from_index(spec.zones)],
        Sel::Router => vec![ZoneId::from_index(0)],
    }
}

fn build(spec: &Spec) -> Model {
    let mut b = Builder::new();
    let zones = b.zones(spec.zones);
    for (i, p) in spec.parents.iter().enumerate() {
        if let Some(p) = p {
            b.member(zones[i], zones[*p]);
        }
    }
    if spec.router {
        b.router();
    }
    for (allow, from, to, ports) in &spec.rules {
        let (f, t) = (expand(spec, from), expand(spec, to));
        if *allow {
            b.allow(&f, &t, ports.clone());
        } else {
            b.deny(&f, &t, ports.clone());
        }
    }
    for (kind, from, to, ports) in &spec.invariants {
        let (f, t) = (expand(spec, from), expand(spec, to));
        match kind {
            0 => b.forbid(&f, &t, ports.clone()),
            1 => b.forbid_path(&f, &t, ports.clone()),
            _ => b.require(&f, &t, ports.clone()),
        };
    }
    b.build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn analysis_agrees_with_the_naive_reference(spec in arb_spec()) {
        let model = build(&spec);
        let analysis = analyze(&model);
        let reference = Reference::new(&model);
        for z in model.zone_ids() {
            let expected: Vec<usize> = reference.reachable(z).iter().enumerate().filter(|(_, s)| **s).map(|(i, _)| i).collect();
            prop_assert_eq!(analysis.reachable(z).iter().collect::<Vec<_>>(), expected);
        }
        let matrix = analysis.matrix();
        for a in model.zone_ids() {
            for b in model.zone_ids().filter(|&b| b != a) {
                let ports = matrix.ports(&matrix.transitive(a, b));
                for (i, &p) in reference.points.iter().enumerate() {
                    let expected = model.zone_ids().any(|z| {
                        reference.dist[a.index()][z.index()].is_some() && reference.table[z.index()][b.index()][i]
                    });
                    prop_assert_eq!(ports.contains(p), expected, "transitive {:?} -> {:?} on {}", a, b, p);
                }
                prop_assert_eq!(matrix.ports(&matrix.direct(a, b)), analysis.direct(a, b));
            }
        }
        for v in &analysis.verdicts {
            let inv = model.invariant(v.invariant);
            prop_assert_eq!(v.holds, reference.holds(inv), "{:?}", inv);
            match &v.evidence {
                Evidence::Witnesses(w) => {
                    let expected = reference.offending(inv);
                    prop_assert_eq!(w.total, expected.len() as u64);
                    let listed: Vec<_> = w.pairs.iter().map(|p| ((p.from, p.to), p.hops.len())).collect();
                    prop_assert_eq!(listed, expected.into_iter().take(LISTED).collect::<Vec<_>>(), "pairs and shortest lengths");
                    for p in &w.pairs {
                        reference.check_witness(inv, p);
                    }
                }
                Evidence::Certificate(c) => {
                    prop_assert_eq!(certificate::check(&analysis.effective, inv, c), Ok(()));
                }
                Evidence::Checked(c) => prop_assert_eq!(c.pairs as usize, reference.pairs(inv).len()),
                Evidence::Missing(m) => {
                    let expected = reference.lacking(inv);
                    prop_assert_eq!(m.total, expected.len() as u64);
                    let listed: Vec<_> = m.pairs.iter().map(|p| (p.from, p.to)).collect();
                    prop_assert_eq!(listed, expected.into_iter().take(LISTED).collect::<Vec<_>>());
                    for p in &m.pairs {
                        let lacking = reference.points.iter().any(|&x| p.missing.contains(x) && !reference.allowed(p.from, p.to, x));
                        prop_assert!(lacking && p.missing.is_subset(&inv.ports));
                    }
                }
            }
        }
    }

    /// The quotient (a few zones per class) and the full model (one zone
    /// per class) give the same verdicts, witness lengths, `require`
    /// findings and diagnostics (with or without `self`), and the quotient's certificates check
    /// against the full policy.
    #[test]
    fn the_quotient_answers_as_the_full_model_does(spec in arb_spec_with(2, true)) {
        let model = build(&spec);
        let quotient = analyze(&model);
        let full = analyze_with(&model, ZonePartition::singletons(model.zones.len()));
        // Two shortest witnesses may tie; the two analyses may pick either,
        // so a diagnostic is compared without the hops its labels name.
        prop_assert_eq!(shape(&quotient.diagnostics), shape(&full.diagnostics));
        let reference = Reference::new(&model);
        for (q, f) in quotient.verdicts.iter().zip(&full.verdicts) {
            let inv = model.invariant(q.invariant);
            prop_assert_eq!(q.holds, f.holds);
            match (&q.evidence, &f.evidence) {
                (Evidence::Witnesses(a), Evidence::Witnesses(b)) => {
                    prop_assert_eq!(a.total, b.total);
                    prop_assert_eq!(a.pairs.len(), b.pairs.len());
                    for (p, q) in a.pairs.iter().zip(&b.pairs) {
                        reference.check_witness(inv, p);
                        prop_assert_eq!((p.from, p.to, p.hops.len()), (q.from, q.to, q.hops.len()));
                    }
                }
                (Evidence::Certificate(c), _) => {
                    prop_assert_eq!(certificate::check(&full.effective, inv, c), Ok(()));
                }
                (a, b) => prop_assert_eq!(a, b),
            }
        }
        for a in model.zone_ids() {
            prop_assert_eq!(quotient.reachable(a), full.reachable(a));
            for b in model.zone_ids() {
                prop_assert_eq!(quotient.effective.flow(a, b), full.effective.flow(a, b));
                let (mq, mf) = (quotient.matrix(), full.matrix());
                prop_assert_eq!(mq.transitive(a, b), mf.transitive(a, b));
                if a != b {
                    let (wq, wf) = (
                        quotient.shortest_path(&model, a, b, &PortSet::any()),
                        full.shortest_path(&model, a, b, &PortSet::any()),
                    );
                    prop_assert_eq!(wq.as_ref().map(|w| w.hops.len()), wf.as_ref().map(|w| w.hops.len()));
                    if let Some(w) = wq {
                        let mut at = a;
                        for hop in &w.hops {
                            prop_assert_eq!(hop.from, at);
                            prop_assert!(hop.from != hop.to);
                            prop_assert!(full.effective.allowed(hop.from, hop.to).overlaps(&hop.ports));
                            at = hop.to;
                        }
                        prop_assert_eq!(at, b);
                    }
                }
            }
        }
    }

    /// The checker is not a rubber stamp: dropping any member that is not a
    /// source, from a certificate whose set is bigger than its sources,
    /// breaks closure (every non-source member was reached by some flow).
    #[test]
    fn certificates_with_a_member_removed_are_rejected(spec in arb_spec()) {
        let model = build(&spec);
        let analysis = analyze(&model);
        for v in &analysis.verdicts {
            let Evidence::Certificate(c) = &v.evidence else { continue };
            let inv = model.invariant(v.invariant);
            for (i, part) in c.parts.iter().enumerate() {
                let extra: Vec<_> = part.zones.iter().filter(|z| !part.sources.contains(z)).collect();
                if let Some(&&drop) = extra.first() {
                    let mut broken = c.clone();
                    broken.parts[i].zones.retain(|z| *z != drop);
                    prop_assert!(certificate::check(&analysis.effective, inv, &broken).is_err());
                }
            }
        }
    }
}
