//! Analysis of a resolved model: the effective policy, service classes, the
//! zone graph and its reachability closure, invariant proofs with witnesses
//! and certificates, and lints.
//!
//! [`analyze`] runs it all once. Zones that no selector tells apart form
//! one class ([`partition`]); the proofs run on the quotient model, at most
//! two zones per class (`quotient`), and their answers are carried back to
//! every zone, so cost follows the policy, not the square of its zones. The
//! graph code ([`graph`], [`closure`], `forbid`, `require`) knows zone ids
//! and class bitsets, never spans; `violations` and [`lints`] map its
//! answers back to the source.

pub mod bitset;
pub mod certificate;
pub mod classes;
pub mod closure;
#[cfg(test)]
mod deep_tests;
pub mod deployed;
pub mod effective;
pub mod export;
mod forbid;
pub mod graph;
pub mod lints;
pub mod matrix;
mod offenders;
mod pairs;
pub mod partition;
#[cfg(test)]
mod proptests;
mod quotient;
mod require;
mod scc;
#[cfg(test)]
pub mod testkit;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod text_tests;
mod timed;
pub mod verdict;
pub mod violations;
mod witness;

use bitset::Bitset;
use classes::ServiceClasses;
use closure::Closure;
use effective::EffectivePolicy;
use graph::ZoneGraph;
pub use matrix::Matrix;
use offenders::Lift;
use pairs::PairPolicy;
use partition::ZonePartition;
pub use verdict::{Evidence, Verdict};
use zonec_base::diagnostic::Diagnostic;
use zonec_model::{AddressTable, InvariantKind, Model, PortSet, ZoneId};

/// Everything the analysis found. `verdicts` has one entry per
/// `Model::invariants`, in the same order; `diagnostics` holds the broken
/// invariants (errors: the first few offending pairs of each, see
/// [`Analysis::all_violations`] for every listed one) and the lints
/// (warnings), sorted.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub effective: EffectivePolicy,
    /// The policy's longest-prefix-match table, built once here: the
    /// private-space lint reads it, and so do the targets and the views.
    pub addresses: AddressTable,
    pub classes: ServiceClasses,
    pub verdicts: Vec<Verdict>,
    /// Whether each invariant holds on the policy as deployed (every pair
    /// with a monitored end open on every port), in the order of
    /// `verdicts`; the same as `verdicts` when no zone is monitored.
    pub holds_as_deployed: Vec<bool>,
    /// The `require`s broken only because windowed allows do not count.
    windowed_requires: Vec<zonec_model::InvariantId>,
    pub diagnostics: Vec<Diagnostic>,
    core: Core,
}

/// What the proofs ran on, besides the effective policy (which holds the
/// quotient and its pairs): the quotient's graph and closure.
#[derive(Clone, Debug)]
struct Core {
    graph: ZoneGraph,
    closure: Closure,
}

/// Analyse a resolved model. Never fails: a model with errors is analysed
/// as far as it goes (the CLI only calls this when the front end is clean).
pub fn analyze(model: &Model) -> Analysis {
    let mut analysis = analyze_with(model, ZonePartition::of_model(model));
    timed::require_without_windows(model, &mut analysis);
    deployed::prove(model, &mut analysis);
    zonec_base::diagnostic::sort(&mut analysis.diagnostics);
    analysis
}

/// [`analyze`] with zone classes that every selector respects (the
/// model's own, or a finer one: the tests compare with one zone per class).
fn analyze_with(model: &Model, partition: ZonePartition) -> Analysis {
    let effective = EffectivePolicy::with_partition(model, partition);
    let classes = ServiceClasses::of_model(model);
    let addresses = AddressTable::new(model);
    let (quotient, pairs) = (effective.quotient(), effective.pairs());
    let q = quotient.model(model);
    let graph = ZoneGraph::new(q.zones.len(), pairs, &classes);
    let closure = Closure::new(&graph);
    let cx = Context {
        model: q,
        lift: Lift {
            model,
            quotient,
            partition: effective.partition(),
        },
        effective: pairs,
        classes: &classes,
        graph: &graph,
        closure: &closure,
    };
    let verdicts: Vec<Verdict> = q
        .invariant_ids()
        .map(|id| quotient.verdict(model, cx.verdict(id)))
        .collect();
    let mut diagnostics = violations::diagnostics(model, &verdicts, violations::Shown::First);
    diagnostics.extend(lints::lints(model, &cx, quotient, &addresses));
    zonec_base::diagnostic::sort(&mut diagnostics);
    let holds_as_deployed = verdicts.iter().map(|v| v.holds).collect();
    Analysis {
        effective,
        addresses,
        classes,
        verdicts,
        holds_as_deployed,
        windowed_requires: Vec::new(),
        diagnostics,
        core: Core { graph, closure },
    }
}

impl Analysis {
    /// Whether any invariant is broken.
    pub fn has_violations(&self) -> bool {
        self.verdicts.iter().any(|v| !v.holds)
    }

    /// The broken invariants as diagnostics with every listed pair, where
    /// [`Analysis::diagnostics`] holds the first few of each
    /// (`--all-witnesses`). `model` is the analysed model.
    pub fn all_violations(&self, model: &Model) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for v in self.verdicts.iter().filter(|v| !v.holds) {
            let diags = violations::invariant(model, v, violations::Shown::All);
            if self.windowed_requires.contains(&v.invariant) {
                out.extend(timed::recode(model, v, diags));
            } else {
                out.extend(diags);
            }
        }
        out
    }

    /// The ports allowed directly from `a` to `b` (empty for `a == b`: the
    /// policy has nothing to say inside a zone).
    pub fn direct(&self, a: ZoneId, b: ZoneId) -> PortSet {
        self.effective.allowed(a, b)
    }

    /// Whether `b` is reachable from `a` by a path of any length on any
    /// port (`a` reaches itself).
    pub fn reaches(&self, a: ZoneId, b: ZoneId) -> bool {
        let (qa, qb) = self.stand_ins(a, b);
        self.core.closure.row(qa).contains(qb.index())
    }

    /// Every zone reachable from `a` by paths of any length on any port,
    /// `a` itself included.
    pub fn reachable(&self, a: ZoneId) -> Bitset {
        let n = self.effective.partition().zone_count();
        let zones = (0..n).filter(|&b| self.reaches(a, ZoneId::from_index(b)));
        Bitset::from_indices(n, zones)
    }

    /// The zone × zone × class view, direct and transitive.
    pub fn matrix(&self) -> Matrix<'_> {
        Matrix::new(
            &self.core.graph,
            &self.core.closure,
            &self.classes,
            &self.effective,
        )
    }

    /// The shortest path from `a` to `b` (`a != b`) whose last hop is allowed
    /// on a port of `ports` and whose other hops on any port: what
    /// `forbid a ->* b : ports` would report. `model` is the analysed model.
    pub fn shortest_path(
        &self,
        model: &Model,
        a: ZoneId,
        b: ZoneId,
        ports: &PortSet,
    ) -> Option<verdict::Witness> {
        if a == b {
            return None;
        }
        let (qa, qb) = self.stand_ins(a, b);
        let cx = self.context(model);
        let w = witness::shortest_path(&cx, qa, qb, ports)?;
        Some(cx.lift.witness(a, b, &w))
    }

    /// The quotient zones that stand for the pair `(a, b)`.
    fn stand_ins(&self, a: ZoneId, b: ZoneId) -> (ZoneId, ZoneId) {
        self.effective
            .quotient()
            .pair(self.effective.partition(), a, b)
    }

    /// The checks' context; `model` is the analysed (full) model.
    fn context<'a>(&'a self, model: &'a Model) -> Context<'a> {
        let quotient = self.effective.quotient();
        Context {
            model: quotient.model(model),
            lift: Lift {
                model,
                quotient,
                partition: self.effective.partition(),
            },
            effective: self.effective.pairs(),
            classes: &self.classes,
            graph: &self.core.graph,
            closure: &self.core.closure,
        }
    }

    /// The graph the proofs ran on: one node per zone of the quotient
    /// model (at most two zones per zone class).
    pub fn graph(&self) -> &ZoneGraph {
        &self.core.graph
    }

    /// The reachability closure of [`Analysis::graph`].
    pub fn closure(&self) -> &Closure {
        &self.core.closure
    }
}

/// What the checks share while they run: the quotient model and what was
/// derived from it.
pub(crate) struct Context<'a> {
    pub model: &'a Model,
    /// How the quotient's zones stand for the full model's.
    pub lift: Lift<'a>,
    pub effective: &'a PairPolicy,
    pub classes: &'a ServiceClasses,
    pub graph: &'a ZoneGraph,
    pub closure: &'a Closure,
}

impl Context<'_> {
    fn verdict(&self, id: zonec_model::InvariantId) -> Verdict {
        let inv = self.model.invariant(id);
        match inv.kind {
            InvariantKind::Forbid => forbid::check_direct(self, id, inv),
            InvariantKind::ForbidPath => forbid::check_path(self, id, inv),
            InvariantKind::Require => require::check(self, id, inv),
        }
    }

    /// An invariant as the full model states it (the quotient's keeps
    /// only the kept zones).
    pub(crate) fn full(&self, id: zonec_model::InvariantId) -> &zonec_model::Invariant {
        self.lift.model.invariant(id)
    }

    /// The classes a port set covers, as a bitset.
    pub(crate) fn class_set(&self, ports: &PortSet) -> Bitset {
        let ids = self
            .classes
            .classes_in(ports)
            .into_iter()
            .map(|c| c.index());
        Bitset::from_indices(self.classes.len(), ids)
    }
}

#[cfg(test)]
mod testdata {
    /// The language contract's "A first look" example, verbatim.
    pub const FIRST_LOOK: &str = include_str!("../../testdata/first_look.zones");
}
