//! Staged enforcement and time-bounded allows outside the nftables target.
//! A switch configuration or a cloud's security groups can neither let a
//! would-be drop through nor close a flow at a given time, so those targets
//! enforce monitored zones and grant windowed or expiring allows without
//! their bound, and say so once per zone and per rule they affect.

use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_model::{Action, Model, ZoneId};

/// The warnings of target `target`, for the zones and rules that touch a
/// zone it places (`placed`).
pub(crate) fn ignored(
    model: &Model,
    target: &str,
    placed: impl Fn(ZoneId) -> bool,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = model
        .monitored_zones()
        .into_iter()
        .filter(|&z| placed(z))
        .filter_map(|z| monitor(model, target, z))
        .collect();
    let timed = model
        .rules
        .iter()
        .filter(|r| r.action == Action::Allow && r.meta.is_time_bounded())
        .filter(|r| r.from.iter().chain(&r.to).any(|&z| placed(z)));
    out.extend(timed.map(|r| time(target, r)));
    out
}

fn monitor(model: &Model, target: &str, zone: ZoneId) -> Option<Diagnostic> {
    let item = model.monitor_of(zone)?;
    let name = &model.zone(zone).name;
    Some(
        Diagnostic::warning(
            Code::MonitorIgnored,
            format!("target `{target}` cannot monitor and enforces zone `{name}`"),
        )
        .with_label(item.head_span, format!("`{name}` is monitored here"))
        .with_help(format!(
            "only the nftables ruleset lets `{name}`'s would-be drops through and logs them; this target drops them from the first load"
        )),
    )
}

fn time(target: &str, rule: &zonec_model::Rule) -> Diagnostic {
    let bound = match (&rule.meta.window, &rule.meta.expires) {
        (Some(w), Some(e)) => format!("its window `{}` and its expiry {e}", w.text),
        (Some(w), None) => format!("its window `{}`", w.text),
        (None, Some(e)) => format!("its expiry {e}"),
        (None, None) => "its bound".to_string(),
    };
    Diagnostic::warning(
        Code::TimeIgnored,
        format!("target `{target}` cannot bound this allow in time and grants it without {bound}"),
    )
    .with_label(rule.head_span, "granted at all times by this target")
    .with_help(
        "only the nftables ruleset closes the flow outside its window and after its expiry by itself; rebuild and redeploy this target when the access ends",
    )
}
