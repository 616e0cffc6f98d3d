//! One pair explained in full: first the direct flow (each allow that
//! grants it with its reason and ticket, each deny that removes part of
//! it), then the shortest path of any length (every hop but the last on any
//! port), or, if there is none, the closed set of zones that proves it.
//!
//! Reasons and tickets are printed quoted in the policy's own spelling with
//! every control and invisible character visible
//! (`zonec_escape::terminal`), so a reason cannot end its line
//! and print a verdict of its own ("any path: none").

use super::Question;
use crate::flows;
use std::fmt::Write;
use zonec_analysis::verdict::{Hop, Witness};
use zonec_analysis::Analysis;
use zonec_base::{Sources, Span};
use zonec_escape::terminal;
use zonec_model::{Action, Model, PortSet, Rule, RuleId, ZoneId};

/// What one pair's explanation reads: the policy, its analysis and the
/// text its spans point into.
pub(super) struct Explainer<'a> {
    pub model: &'a Model,
    pub analysis: &'a Analysis,
    pub sources: &'a Sources,
}

impl Explainer<'_> {
    /// Why the flow from `a` to `b` on `ports` (`asked`, in the asker's
    /// words) is or is not possible; `path` is the shortest path, if any.
    /// Not yet escaped for a terminal.
    pub fn explain(
        &self,
        a: ZoneId,
        b: ZoneId,
        question: &Question,
        path: Option<&Witness>,
    ) -> String {
        let mut out = format!(
            "flow `{}` -> `{}` on {}\n\n",
            self.name(a),
            self.name(b),
            terminal::escape(&question.asked)
        );
        if a == b {
            out.push_str("the same zone: traffic inside a zone does not cross the firewall and is always allowed\n");
            return out;
        }
        let head = out.len();
        self.inherits(&mut out, a);
        self.inherits(&mut out, b);
        if out.len() > head {
            out.push('\n');
        }
        if self.model.same_segment(a, b) {
            let root = self.name(self.model.segment_root(a));
            let _ = writeln!(
                out,
                "one segment: both are `{root}` or its members; traffic between them does not cross the firewall and is always allowed"
            );
            return out;
        }
        self.direct(&mut out, a, b, &question.ports);
        self.monitored(&mut out, a, b, &question.ports);
        out.push('\n');
        self.path(&mut out, a, b, question, path);
        out
    }

    /// As deployed, a pair with a monitored end is open on every port: say
    /// so when the policy does not allow all of `ports`.
    fn monitored(&self, out: &mut String, a: ZoneId, b: ZoneId, ports: &PortSet) {
        let Some(monitor) = self
            .model
            .monitor_of(a)
            .or_else(|| self.model.monitor_of(b))
        else {
            return;
        };
        let allowed = self.analysis.direct(a, b).intersect(ports);
        if !ports.subtract(&allowed).is_empty() {
            let head = terminal::escape(self.sources.slice(monitor.head_span));
            let _ = writeln!(
                out,
                "as deployed: open on every port only because of monitoring (`{head}` at {}); enforcement drops what the policy does not allow",
                self.place(monitor.head_span)
            );
        }
    }

    /// For a member zone, the line that says what it has from its parents:
    /// `pump_gw` inherits from `pump_server`: labels, VLAN and every rule.
    pub fn inherits(&self, out: &mut String, z: ZoneId) {
        let Some(parent) = self.model.zone(z).parent else {
            return;
        };
        let root = self.model.zone(self.model.segment_root(z));
        let mut what: Vec<String> = Vec::new();
        let labels: Vec<String> = self
            .model
            .zone(parent)
            .labels
            .iter()
            .map(|&l| format!("@{}", self.model.label(l).name))
            .collect();
        if !labels.is_empty() {
            what.push(format!("labels {}", labels.join(", ")));
        }
        if let Some(v) = &root.vlan {
            what.push(format!("VLAN {}", v.id));
        }
        what.push("every rule and invariant that selects it".to_string());
        let _ = writeln!(
            out,
            "`{}` inherits from `{}`: {}",
            self.name(z),
            self.name(parent),
            what.join("; ")
        );
    }

    pub fn name(&self, z: ZoneId) -> &str {
        &self.model.zone(z).name
    }

    fn direct(&self, out: &mut String, a: ZoneId, b: ZoneId, ports: &PortSet) {
        let allowed = self.analysis.direct(a, b).intersect(ports);
        let missing = ports.subtract(&allowed);
        let verdict = match (allowed.is_empty(), missing.is_empty() || ports.is_any()) {
            (true, _) => "not allowed".to_string(),
            (false, true) => format!("allowed on {}", self.granted(a, b, &allowed)),
            (false, false) => format!(
                "allowed on {}, not on {missing}",
                self.granted(a, b, &allowed)
            ),
        };
        let _ = writeln!(out, "direct: {verdict}");
        let allows = self.rules(Action::Allow, a, b, ports);
        if allows.is_empty() {
            let on = if ports.is_any() {
                ""
            } else {
                " on these ports"
            };
            let (a, b) = (self.name(a), self.name(b));
            let _ = writeln!(out, "  no allow relates `{a}` to `{b}`{on}");
        }
        let denied = self
            .rules(Action::Deny, a, b, ports)
            .into_iter()
            .fold(PortSet::empty(), |acc, id| {
                acc.union(&self.model.rule(id).ports)
            });
        for id in allows {
            let granted = self.model.rule(id).ports.intersect(ports);
            let kept = granted.subtract(&denied);
            let what = if kept.is_empty() {
                format!(
                    "would grant {}, all of it denied",
                    self.names([(id, &granted)], &granted)
                )
            } else {
                format!("grants {}", self.names([(id, &kept)], &kept))
            };
            self.rule_line(out, "  ", id, &what);
        }
        for id in self.rules(Action::Deny, a, b, ports) {
            let removed = self.model.rule(id).ports.intersect(ports);
            let what = format!("denies {}", self.names([(id, &removed)], &removed));
            self.rule_line(out, "  ", id, &what);
        }
    }

    /// `ports` of the direct flow from `a` to `b`, named by the allows
    /// that grant them.
    pub fn granted(&self, a: ZoneId, b: ZoneId, ports: &PortSet) -> String {
        let grants = self.grants(a, b, ports);
        self.names(grants.iter().map(|(id, p)| (*id, p)), ports)
    }

    /// Each allow that grants part of the direct flow from `a` to `b`,
    /// with its share of `ports`.
    pub fn grants(&self, a: ZoneId, b: ZoneId, ports: &PortSet) -> Vec<(RuleId, PortSet)> {
        let flow = self.analysis.effective.flow(a, b);
        flow.map(|f| f.grants.iter().map(|g| (g.rule, g.ports.intersect(ports))))
            .into_iter()
            .flatten()
            .collect()
    }

    /// Each rule of a hop with its share of the hop's ports.
    pub fn hop_shares(&self, hop: &Hop) -> Vec<(RuleId, PortSet)> {
        let share = |r: RuleId| self.model.rule(r).ports.intersect(&hop.ports);
        hop.rules.iter().map(|&r| (r, share(r))).collect()
    }

    /// `ports` named by the services of the rules given with their share
    /// of them ([`flows::rule_names`]), in port syntax if none names them.
    pub fn names<'p>(
        &self,
        rules: impl IntoIterator<Item = (RuleId, &'p PortSet)>,
        ports: &PortSet,
    ) -> String {
        let names = flows::rule_names(self.model, rules);
        if names.is_empty() {
            ports.to_string()
        } else {
            names.join(", ")
        }
    }

    /// Rules of one action relating `a` to `b` on some of `ports`.
    pub fn rules(&self, action: Action, a: ZoneId, b: ZoneId, ports: &PortSet) -> Vec<RuleId> {
        let relates =
            |r: &Rule| r.from.contains(&a) && r.to.contains(&b) && r.ports.overlaps(ports);
        self.model
            .rule_ids()
            .filter(|&id| self.model.rule(id).action == action && relates(self.model.rule(id)))
            .collect()
    }

    /// `indent` `allow a -> b` at FILE:LINE:COL WHAT, then its reason,
    /// ticket and expiry on the next line.
    fn rule_line(&self, out: &mut String, indent: &str, id: RuleId, what: &str) {
        let rule = self.model.rule(id);
        let head = terminal::escape(self.sources.slice(rule.head_span));
        let _ = writeln!(
            out,
            "{indent}`{head}` at {} {what}",
            self.place(rule.head_span)
        );
        let meta = &rule.meta;
        let mut notes = Vec::new();
        if let Some(r) = &meta.reason {
            notes.push(format!("reason {}", terminal::quote(r)));
        }
        if let Some(t) = &meta.ticket {
            notes.push(format!("ticket {}", terminal::quote(t)));
        }
        if let Some(e) = &meta.expires {
            notes.push(format!("expires {e}"));
        }
        if let Some(w) = &meta.window {
            notes.push(format!("window {}", terminal::quote(&w.text)));
        }
        if rule.action == Action::Allow && meta.is_time_bounded() {
            notes.push(
                "bounded in time: granted only before its expiry and inside its window".into(),
            );
        }
        if !notes.is_empty() {
            let _ = writeln!(out, "{indent}    {}", notes.join("; "));
        }
    }

    pub fn place(&self, span: Span) -> String {
        match self.sources.get(span.file) {
            Some(f) => {
                let (line, col) = f.line_col(span.start as usize);
                format!("{}:{line}:{col}", terminal::escape(&f.name))
            }
            None => "?".to_string(),
        }
    }

    fn path(
        &self,
        out: &mut String,
        a: ZoneId,
        b: ZoneId,
        question: &Question,
        path: Option<&Witness>,
    ) {
        match path {
            Some(w) => {
                let _ = writeln!(
                    out,
                    "any path: possible in {} hop(s); every hop but the last may carry any port",
                    w.hops.len()
                );
                for (i, hop) in w.hops.iter().enumerate() {
                    let shares = self.hop_shares(hop);
                    let _ = writeln!(
                        out,
                        "  {}. `{}` -> `{}` on {}",
                        i + 1,
                        self.name(hop.from),
                        self.name(hop.to),
                        self.names(shares.iter().map(|(r, p)| (*r, p)), &hop.ports)
                    );
                    for &rule in &hop.rules {
                        self.rule_line(out, "     ", rule, "allows it");
                    }
                }
            }
            None => {
                let closed: Vec<String> = self
                    .analysis
                    .reachable(a)
                    .iter()
                    .map(|z| format!("`{}`", self.name(ZoneId::from_index(z))))
                    .collect();
                let _ = writeln!(out, "any path: none, of any length");
                let _ = writeln!(
                    out,
                    "  certificate: the zones `{}` can reach on any port are {{{}}};\n  no allowed flow leaves that set, and none of them may send {} to `{}`",
                    self.name(a),
                    closed.join(", "),
                    terminal::escape(&question.asked),
                    self.name(b)
                );
            }
        }
    }
}
