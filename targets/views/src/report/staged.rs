//! Staged zones and time-bounded allows (issue 16): which zones are in
//! monitor mode (what the network lets through until each is enforced),
//! which invariants hold only as written, and which allows are granted only
//! before an expiry or inside a window. Shown only when the policy has any.

use super::html::{code, esc, location, rule_anchor, zone_links};
use super::ReportInput;
use std::fmt::Write;
use zonec_model::Action;

pub fn staged(out: &mut String, input: &ReportInput) {
    let model = input.model;
    let timed: Vec<_> = model
        .rule_ids()
        .filter(|&id| {
            let r = model.rule(id);
            r.action == Action::Allow && r.meta.is_time_bounded()
        })
        .collect();
    if model.monitors.is_empty() && timed.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"staged\" class=\"page\">\n<h2>Staged zones and time-bounded allows</h2>\n",
    );
    if !model.monitors.is_empty() {
        out.push_str("<p>Monitored zones: the nftables ruleset counts, logs and accepts what the policy would drop to or from them; every pair with a monitored end is open on every port until the zone is enforced. VLAN and cloud targets enforce them.</p>\n");
        out.push_str("<table><tr><th>monitor</th><th>zones</th><th>reason</th><th>ticket</th><th>expires</th></tr>\n");
        for m in &model.monitors {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&location(input.sources, m.span)),
                zone_links(model, &m.zones),
                m.meta.reason.as_deref().map(esc).unwrap_or_default(),
                m.meta.ticket.as_deref().map(esc).unwrap_or_default(),
                m.meta
                    .expires
                    .map(|e| esc(&e.to_string()))
                    .unwrap_or_default(),
            );
        }
        out.push_str("</table>\n");
    }
    if !timed.is_empty() {
        out.push_str("<p>Allows bounded in time: the nftables ruleset closes them after their expiry and outside their window by itself; VLAN and cloud targets grant them without the bound.</p>\n");
        out.push_str("<table><tr><th>rule</th><th>from</th><th>to</th><th>window</th><th>expires</th></tr>\n");
        for id in timed {
            let r = model.rule(id);
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#{}\">#{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                rule_anchor(id),
                id.index() + 1,
                zone_links(model, &r.from),
                zone_links(model, &r.to),
                r.meta.window.as_ref().map(|w| code(&w.text)).unwrap_or_default(),
                r.meta.expires.map(|e| esc(&e.to_string())).unwrap_or_default(),
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}
