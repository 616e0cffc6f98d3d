//! The lock-out guard. A policy that names `self` makes the ruleset filter
//! the router's own input with policy drop; if no zone may reach `self` on
//! any port, loading it cuts every new connection to the router, the
//! operator's SSH included. Hand-written rulesets get this wrong often
//! enough that the target refuses such a policy unless told
//! (`--allow-lockout`).

use zonec_analysis::effective::EffectivePolicy;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::Model;

/// The error, at the first mention of `self`, when the policy names it and
/// no zone may open anything to it.
pub(super) fn check(model: &Model, effective: &EffectivePolicy) -> Option<Diagnostic> {
    let router = model.self_zone?;
    let class = effective.partition().class_of(router);
    let reachable = effective
        .class_flows()
        .any(|((_, to), flow)| to == class && !flow.ports.is_empty());
    if reachable {
        return None;
    }
    Some(
        Diagnostic::error(
            Code::Lockout,
            "the policy names `self` but lets no zone reach it: loading the ruleset would lock everyone out of the router",
        )
        .with_label(model.zone(router).span, "`self` first named here; no `allow` reaches it")
        .with_help(
            "allow management access, e.g. `allow mgmt -> self : ssh`, or pass `--allow-lockout` if the router is managed only from its console",
        ),
    )
}
