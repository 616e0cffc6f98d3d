//! Analysis of a resolved model: the effective policy, service classes, the
//! zone graph and its reachability closure, invariant proofs with witnesses
//! and certificates, and lints.
//!
//! [`analyze`] runs it all once. The graph code ([`graph`], [`closure`],
//! `forbid`, `require`) knows zone ids and class bitsets, never spans;
//! `violations` and [`lints`] map its answers back to the source.

pub mod bitset;
pub mod certificate;
pub mod classes;
pub mod closure;
#[cfg(test)]
mod deep_tests;
pub mod effective;
pub mod export;
mod forbid;
pub mod graph;
pub mod lints;
pub mod matrix;
#[cfg(test)]
mod proptests;
mod require;
mod scc;
#[cfg(test)]
pub mod testkit;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod text_tests;
pub mod verdict;
mod violations;
mod witness;

use bitset::Bitset;
use classes::ServiceClasses;
use closure::Closure;
use effective::EffectivePolicy;
use graph::ZoneGraph;
pub use matrix::Matrix;
pub use verdict::{Evidence, Verdict};
use zonec_base::diagnostic::Diagnostic;
use zonec_model::{InvariantKind, Model, PortSet, ZoneId};

/// Everything the analysis found. `verdicts` has one entry per
/// `Model::invariants`, in the same order; `diagnostics` holds the broken
/// invariants (errors) and the lints (warnings), sorted.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub effective: EffectivePolicy,
    pub classes: ServiceClasses,
    pub verdicts: Vec<Verdict>,
    pub diagnostics: Vec<Diagnostic>,
    graph: ZoneGraph,
    closure: Closure,
}

/// Analyse a resolved model. Never fails: a model with errors is analysed
/// as far as it goes (the CLI only calls this when the front end is clean).
pub fn analyze(model: &Model) -> Analysis {
    let effective = EffectivePolicy::new(model);
    let classes = ServiceClasses::of_model(model);
    let graph = ZoneGraph::new(model.zones.len(), &effective, &classes);
    let closure = Closure::new(&graph);
    let cx = Context {
        model,
        effective: &effective,
        classes: &classes,
        graph: &graph,
        closure: &closure,
    };
    let verdicts: Vec<Verdict> = model.invariant_ids().map(|id| cx.verdict(id)).collect();
    let mut diagnostics = violations::diagnostics(model, &verdicts);
    diagnostics.extend(lints::lints(model, &effective));
    zonec_base::diagnostic::sort(&mut diagnostics);
    Analysis {
        effective,
        classes,
        verdicts,
        diagnostics,
        graph,
        closure,
    }
}

impl Analysis {
    /// Whether any invariant is broken.
    pub fn has_violations(&self) -> bool {
        self.verdicts.iter().any(|v| !v.holds)
    }

    /// The ports allowed directly from `a` to `b` (empty for `a == b`: the
    /// policy has nothing to say inside a zone).
    pub fn direct(&self, a: ZoneId, b: ZoneId) -> PortSet {
        self.effective.allowed(a, b)
    }

    /// Every zone reachable from `a` by paths of any length on any port,
    /// `a` itself included.
    pub fn reachable(&self, a: ZoneId) -> &Bitset {
        self.closure.row(a)
    }

    /// The zone × zone × class view, direct and transitive.
    pub fn matrix(&self) -> Matrix<'_> {
        Matrix::new(&self.graph, &self.closure, &self.classes)
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
        witness::shortest_path(&self.context(model), a, b, ports)
    }

    fn context<'a>(&'a self, model: &'a Model) -> Context<'a> {
        Context {
            model,
            effective: &self.effective,
            classes: &self.classes,
            graph: &self.graph,
            closure: &self.closure,
        }
    }

    pub fn graph(&self) -> &ZoneGraph {
        &self.graph
    }

    pub fn closure(&self) -> &Closure {
        &self.closure
    }
}

/// What the checks share while they run.
pub(crate) struct Context<'a> {
    pub model: &'a Model,
    pub effective: &'a EffectivePolicy,
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
