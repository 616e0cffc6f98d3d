//! `zonec explain`: why a flow from one zone to another is or is not
//! possible, in words. First the direct flow (each allow that grants it with
//! its reason and ticket, each deny that removes part of it), then the
//! shortest path of any length (every hop but the last on any port), or, if
//! there is none, the closed set of zones that proves it.
//!
//! Reasons and tickets are printed quoted in the policy's own spelling with
//! every control and invisible character visible
//! (`zonec_escape::terminal`), so a reason cannot end its line
//! and print a verdict of its own ("any path: none").

use crate::describe;
use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::output;
use crate::pipeline::{self, Until};
use std::fmt::Write;
use zonec_analysis::Analysis;
use zonec_base::{Code, Diagnostic, Sources, Span};
use zonec_escape::terminal;
use zonec_model::{Action, Model, PortSet, Rule, RuleId, ZoneId};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The zone the flow starts in
    #[arg(long, value_name = "ZONE")]
    pub from: String,
    /// The zone the flow goes to
    #[arg(long, value_name = "ZONE")]
    pub to: String,
    /// Services or ports (`https`, `tcp/8443`, comma-separated; default: any)
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let loaded = match pipeline::run(&policy.files, policy.today(), Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    let model = &loaded.model;
    match question(model, args) {
        Ok((a, b, ports)) => {
            let ex = Explainer {
                model,
                analysis: &loaded.analysis,
                sources: &loaded.sources,
            };
            print!("{}", terminal::escape_lines(&ex.explain(a, b, &ports)));
            Exit::Ok
        }
        Err(d) => {
            output::eprint_diagnostics(&[d], &loaded.sources);
            Exit::Invalid
        }
    }
}

fn question(model: &Model, args: &Args) -> Result<(ZoneId, ZoneId, PortSet), Diagnostic> {
    let zone = |name: &str| {
        model.zone_by_name(name).ok_or_else(|| {
            let names: Vec<&str> = model.zones.iter().map(|z| z.name.as_str()).collect();
            Diagnostic::error(Code::UnknownZone, format!("no zone is named `{name}`"))
                .with_help(format!("the zones are: {}", names.join(", ")))
        })
    };
    let (a, b) = (zone(&args.from)?, zone(&args.to)?);
    let ports = match &args.service {
        None => PortSet::any(),
        Some(text) => describe::parse_services(model, text).map_err(|e| {
            Diagnostic::error(Code::UnknownService, e)
                .with_help("name a declared service, or ports such as `tcp/443` or `udp/5000-5010`")
        })?,
    };
    Ok((a, b, ports))
}

struct Explainer<'a> {
    model: &'a Model,
    analysis: &'a Analysis,
    sources: &'a Sources,
}

impl Explainer<'_> {
    fn explain(&self, a: ZoneId, b: ZoneId, ports: &PortSet) -> String {
        let mut out = format!(
            "flow `{}` -> `{}` on {}\n\n",
            self.name(a),
            self.name(b),
            describe::ports(self.model, ports)
        );
        if a == b {
            out.push_str("the same zone: traffic inside a zone does not cross the firewall and is always allowed\n");
            return out;
        }
        self.direct(&mut out, a, b, ports);
        out.push('\n');
        self.path(&mut out, a, b, ports);
        out
    }

    fn name(&self, z: ZoneId) -> &str {
        &self.model.zone(z).name
    }

    fn direct(&self, out: &mut String, a: ZoneId, b: ZoneId, ports: &PortSet) {
        let allowed = self.analysis.direct(a, b).intersect(ports);
        let missing = ports.subtract(&allowed);
        let verdict = match (allowed.is_empty(), missing.is_empty() || ports.is_any()) {
            (true, _) => "not allowed".to_string(),
            (false, true) => format!("allowed on {}", describe::ports(self.model, &allowed)),
            (false, false) => format!(
                "allowed on {}, not on {}",
                describe::ports(self.model, &allowed),
                describe::ports(self.model, &missing)
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
                    describe::ports(self.model, &granted)
                )
            } else {
                format!("grants {}", describe::ports(self.model, &kept))
            };
            self.rule_line(out, "  ", id, &what);
        }
        for id in self.rules(Action::Deny, a, b, ports) {
            let removed = self.model.rule(id).ports.intersect(ports);
            let what = format!("denies {}", describe::ports(self.model, &removed));
            self.rule_line(out, "  ", id, &what);
        }
    }

    /// Rules of one action relating `a` to `b` on some of `ports`.
    fn rules(&self, action: Action, a: ZoneId, b: ZoneId, ports: &PortSet) -> Vec<RuleId> {
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
        if !notes.is_empty() {
            let _ = writeln!(out, "{indent}    {}", notes.join("; "));
        }
    }

    fn place(&self, span: Span) -> String {
        match self.sources.get(span.file) {
            Some(f) => {
                let (line, col) = f.line_col(span.start as usize);
                format!("{}:{line}:{col}", terminal::escape(&f.name))
            }
            None => "?".to_string(),
        }
    }

    fn path(&self, out: &mut String, a: ZoneId, b: ZoneId, ports: &PortSet) {
        match self.analysis.shortest_path(self.model, a, b, ports) {
            Some(w) => {
                let _ = writeln!(
                    out,
                    "any path: possible in {} hop(s); every hop but the last may carry any port",
                    w.hops.len()
                );
                for (i, hop) in w.hops.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "  {}. `{}` -> `{}` on {}",
                        i + 1,
                        self.name(hop.from),
                        self.name(hop.to),
                        describe::ports(self.model, &hop.ports)
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
                    describe::ports(self.model, ports),
                    self.name(b)
                );
            }
        }
    }
}
