//! The policy that never names `self`: the language (1.1) leaves the
//! router's own traffic to other configuration then, and the proofs treat
//! the router as no pivot. That is worth saying once, since every zone,
//! guest Wi-Fi included, may then reach the router's own services.

use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::Model;

/// The warning, at the `policy` item (or the first zone), when no selector
/// names `self`.
pub fn check(model: &Model) -> Option<Diagnostic> {
    if model.self_zone.is_some() {
        return None;
    }
    let place = model
        .policy
        .as_ref()
        .map(|p| p.span)
        .or_else(|| model.zones.first().map(|z| z.span))?;
    Some(
        Diagnostic::warning(
            Code::SelfUnnamed,
            "the policy never names `self`: every zone may reach the router's own services",
        )
        .with_label(place, "this policy leaves the router's own traffic to other configuration")
        .with_help(
            "the proofs assume the router itself is not a pivot; say who may reach it and what it may reach, e.g. `allow mgmt -> self : ssh` and `allow self -> internet : dns`",
        ),
    )
}
