//! `self`, the enforcing router, outside the nftables target. Only a
//! ruleset loaded on the router can filter its own traffic; a switch
//! configuration or a cloud's security groups cannot, so those targets
//! emit nothing for flows to or from `self` and say so once each.

use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::Model;

/// The warning of target `target` when the policy names `self`.
pub(crate) fn ignored(model: &Model, target: &str) -> Option<Diagnostic> {
    let router = model.self_zone?;
    Some(
        Diagnostic::warning(
            Code::SelfIgnored,
            format!("target `{target}` cannot filter the router's own traffic and ignores `self`"),
        )
        .with_label(model.zone(router).span, "`self` first named here")
        .with_help(
            "only the nftables ruleset, loaded on the router, enforces flows to and from `self`; build it too, or restrict the router's services in its own configuration",
        ),
    )
}
