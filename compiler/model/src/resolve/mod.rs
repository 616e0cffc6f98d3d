//! Resolution: the syntax trees of every file of one policy → the [`Model`]
//! and every diagnostic. Names are global across files and may be used
//! before they are declared, so it runs in passes:
//!
//! 1. declarations: the policy item, labels and services (which refer to no
//!    other name) are resolved; zone names are declared (ids in source order);
//!    a service dropped by the parser for a syntax error is known by name
//!    only, so the rules using it are left out without an "unknown service";
//! 2. zones: fields, labels, prefixes, VLANs and placements, then the checks
//!    across zones (one prefix or VLAN id per zone); member zones are linked
//!    to their parents and take their labels and placements;
//! 3. rules and invariants: selectors expanded to sorted zone lists, service
//!    lists to port sets, meta and expiry checks. The reserved zone `self`
//!    (the router) is added after the declared zones for this pass and kept
//!    only when some selector names it; `any` stops before it.
//!
//! Resolution collects every problem instead of stopping at the first. The
//! model may be partial when there are errors (a rule naming an unknown zone
//! is left out) but never holds an unknown name.

mod asked;
mod containment;
mod fuzzy;
mod items;
mod members;
mod meta;
mod monitor;
pub(crate) mod names;
mod ports;
mod prefixes;
mod rules;
mod selectors;
mod window;
mod zones;

#[cfg(test)]
mod tests;

pub use asked::AskedNames;

use super::policy::Model;
use names::Names;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_syntax::ast;

/// What resolution needs besides the syntax trees.
#[derive(Clone, Debug)]
pub struct ResolveOptions {
    /// "Today", for `expires` checks.
    pub today: zonec_base::Date,
}

/// Syntax trees of every file of one policy → model + diagnostics.
pub fn resolve(files: &[ast::File], options: &ResolveOptions) -> (Model, Vec<Diagnostic>) {
    let mut cx = Cx {
        options,
        names: Names::new(),
        model: Model::default(),
        diags: Vec::new(),
    };
    let items = || files.iter().flat_map(|f| f.items.iter());
    if items().next().is_none() {
        cx.diags.push(empty_policy(files));
        return (cx.model, cx.diags);
    }
    for item in items() {
        cx.declare(item);
    }
    let broken = files.iter().flat_map(|f| &f.broken_services);
    cx.names
        .broken_services
        .extend(broken.map(|name| name.name.clone()));
    let zone_items = items().filter_map(|item| match &item.kind {
        ast::ItemKind::Zone(z) => Some(z),
        _ => None,
    });
    cx.resolve_zones(zone_items);
    let flows = items()
        .filter(|item| matches!(item.kind, ast::ItemKind::Rule(_)))
        .count();
    cx.model.rules.reserve_exact(flows);
    let labels = selectors::LabelIndex::new(&cx.model);
    cx.add_self();
    for item in items() {
        cx.resolve_flow(item, &labels);
    }
    cx.settle_self();
    (cx.model, cx.diags)
}

/// The state of one resolution: options, name tables, the model being built
/// and the diagnostics found so far.
struct Cx<'a> {
    options: &'a ResolveOptions,
    names: Names,
    model: Model,
    diags: Vec<Diagnostic>,
}

/// No item in any file. Points at the start of the first file when there is one.
fn empty_policy(files: &[ast::File]) -> Diagnostic {
    let d = Diagnostic::error(Code::EmptyPolicy, "the policy is empty").with_help(
        "a policy declares at least its zones, e.g. `zone clinical { net 10.10.0.0/16 }`",
    );
    match files.first() {
        Some(f) => d.with_label(Span::new(f.file, 0, 0), "no items in any file"),
        None => d,
    }
}
