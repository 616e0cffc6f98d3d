//! Why a flow is or is not possible, in words (`zonec explain`). The two
//! ends are zones, labels (every zone that carries them) or addresses (the
//! zone longest-prefix match gives them, with the prefix that matched); the
//! answer covers every ordered pair of their zones:
//!
//! - one pair: explained in full (`pair`), then the invariants that
//!   govern it (`governing`);
//! - several pairs: one line each, then the invariants that govern any of
//!   them, each once.
//!
//! A pair's flow is *possible* when some asked port can reach its
//! destination, directly or through other zones (the reading of `forbid
//! ->*`), or when both ends are one zone. The CLI's exit code is that
//! verdict over all pairs; `--format json` (`json`) carries it per pair.
//!
//! Every line goes through `zonec_escape::terminal`.

mod governing;
mod json;
mod pair;

pub use json::JsonAnswer;

use governing::Governing;
use pair::Explainer;
use std::fmt::Write;
use std::net::IpAddr;
use zonec_analysis::lints::private;
use zonec_analysis::verdict::Witness;
use zonec_analysis::Analysis;
use zonec_base::Sources;
use zonec_escape::terminal;
use zonec_model::{LabelId, Model, PortSet, Prefix, ZoneId};

/// At most this many pairs are listed one per line in the text; the rest
/// are counted (`--format json` lists them all).
const LISTED_PAIRS: usize = 64;

/// At most this many governing invariants are listed in the text, those
/// that cover the pairs first; the rest are counted.
const LISTED_INVARIANTS: usize = 16;

/// The flow asked about: from one end to the other on some ports.
pub struct Question {
    pub from: Endpoint,
    pub to: Endpoint,
    pub ports: PortSet,
    /// The ports in the asker's own words (`any`, `hl7`, `tcp/8443`):
    /// when two services share a port, only the asker knows which was meant.
    pub asked: String,
}

/// One end of the flow, as the asker named it.
#[derive(Clone, Debug)]
pub enum Endpoint {
    Zone(ZoneId),
    /// `@label`: every zone that carries it, in zone order.
    Label {
        label: LabelId,
        zones: Vec<ZoneId>,
    },
    /// An address, the zone longest-prefix match gives it and the prefix
    /// that matched.
    Address {
        address: IpAddr,
        zone: ZoneId,
        prefix: Prefix,
    },
}

impl Endpoint {
    /// The zones of this end, in zone order.
    pub fn zones(&self) -> &[ZoneId] {
        match self {
            Endpoint::Zone(z) | Endpoint::Address { zone: z, .. } => std::slice::from_ref(z),
            Endpoint::Label { zones, .. } => zones,
        }
    }

    /// The zones that carry `label`, in zone order.
    pub fn label(model: &Model, label: LabelId) -> Endpoint {
        let zones = model
            .zone_ids()
            .filter(|&z| model.zone(z).labels.contains(&label))
            .collect();
        Endpoint::Label { label, zones }
    }
}

/// One ordered pair of the question and what the analysis says about it.
struct Pair {
    from: ZoneId,
    to: ZoneId,
    /// The asked ports allowed directly (empty inside one zone).
    direct: PortSet,
    /// The shortest path whose last hop carries an asked port.
    path: Option<Witness>,
    governing: Vec<Governing>,
}

impl Pair {
    fn possible(&self) -> bool {
        self.from == self.to || self.path.is_some()
    }

    /// Whether the two ends are one zone or on one segment (a member and
    /// its parent): always allowed, nothing to explain.
    fn inside(&self, model: &Model) -> bool {
        !model.relates(self.from, self.to)
    }
}

/// A question answered: every pair of it, ready to print.
pub struct Explained<'a> {
    model: &'a Model,
    analysis: &'a Analysis,
    sources: &'a Sources,
    question: &'a Question,
    pairs: Vec<Pair>,
}

impl<'a> Explained<'a> {
    /// Answer `question` for every pair of its ends: one path search each,
    /// so a label on both ends costs as many as the matrix has cells.
    pub fn new(
        model: &'a Model,
        analysis: &'a Analysis,
        sources: &'a Sources,
        question: &'a Question,
    ) -> Explained<'a> {
        let ends = question
            .from
            .zones()
            .iter()
            .flat_map(|&a| question.to.zones().iter().map(move |&b| (a, b)));
        let pairs = ends
            .map(|(a, b)| Pair {
                from: a,
                to: b,
                direct: analysis.direct(a, b).intersect(&question.ports),
                path: analysis.shortest_path(model, a, b, &question.ports),
                governing: governing::of_pair(model, analysis, a, b),
            })
            .collect();
        Explained {
            model,
            analysis,
            sources,
            question,
            pairs,
        }
    }

    /// Whether the flow is possible for some pair (the exit code's verdict).
    pub fn possible(&self) -> bool {
        self.pairs.iter().any(Pair::possible)
    }

    /// The answer for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.end(&mut out, "from", &self.question.from);
        self.end(&mut out, "to", &self.question.to);
        if !out.is_empty() {
            out.push('\n');
        }
        match self.pairs.as_slice() {
            [one] => {
                out.push_str(&self.explainer().explain(
                    one.from,
                    one.to,
                    self.question,
                    one.path.as_ref(),
                ));
            }
            pairs => self.compact(&mut out, pairs),
        }
        self.governing(&mut out);
        let verdict = if self.possible() {
            "possible"
        } else {
            "not possible"
        };
        match self.pairs.len() {
            1 => {
                let _ = writeln!(out, "\nverdict: {verdict}");
            }
            n => {
                let yes = self.pairs.iter().filter(|p| p.possible()).count();
                let _ = writeln!(out, "\nverdict: {verdict} ({yes} of {n} pair(s))");
            }
        }
        terminal::escape_lines(&out).into_owned()
    }

    fn explainer(&self) -> Explainer<'_> {
        Explainer {
            model: self.model,
            analysis: self.analysis,
            sources: self.sources,
        }
    }

    fn zone(&self, z: ZoneId) -> &str {
        &self.model.zone(z).name
    }

    /// How an address or a label was resolved (a zone needs no line).
    fn end(&self, out: &mut String, side: &str, end: &Endpoint) {
        match end {
            Endpoint::Zone(_) => {}
            Endpoint::Label { label, zones } => {
                let names: Vec<String> = zones
                    .iter()
                    .map(|&z| format!("`{}`", self.zone(z)))
                    .collect();
                let label = &self.model.label(*label).name;
                let _ = writeln!(out, "{side} `@{label}`: zones {}", names.join(", "));
            }
            Endpoint::Address {
                address,
                zone,
                prefix,
            } => {
                let _ = writeln!(
                    out,
                    "{side} {address}: zone `{}`, by prefix {} at {}",
                    self.zone(*zone),
                    prefix.net,
                    self.explainer().place(prefix.span)
                );
                if private::is_undeclared_private(self.model, *zone, prefix, *address) {
                    let _ = writeln!(
                        out,
                        "  warning: {address} is private space no zone declares; it counts as external zone `{}` \
                         only because {} contains it (zonec::private-space-external: declare it, e.g. in a `zone unassigned`)",
                        self.zone(*zone),
                        prefix.net
                    );
                }
            }
        }
    }

    /// One line per pair, the first [`LISTED_PAIRS`] of them.
    fn compact(&self, out: &mut String, pairs: &[Pair]) {
        let asked = terminal::escape(&self.question.asked);
        let _ = writeln!(out, "flows on {asked}, {} pair(s):", pairs.len());
        let ex = self.explainer();
        for p in pairs.iter().take(LISTED_PAIRS) {
            let (a, b) = (self.zone(p.from), self.zone(p.to));
            let line = if p.from == p.to {
                "the same zone, always allowed".to_string()
            } else if p.inside(self.model) {
                "one segment (a member zone and its parent), always allowed".to_string()
            } else {
                let direct = if p.direct.is_empty() {
                    "not allowed".to_string()
                } else {
                    format!("allowed on {}", ex.granted(p.from, p.to, &p.direct))
                };
                let path = match &p.path {
                    Some(w) => format!("possible in {} hop(s)", w.hops.len()),
                    None => "none".to_string(),
                };
                format!("direct: {direct}; any path: {path}")
            };
            let _ = writeln!(out, "  `{a}` -> `{b}`: {line}");
        }
        if let Some(rest) = pairs.len().checked_sub(LISTED_PAIRS).filter(|&n| n > 0) {
            let _ = writeln!(
                out,
                "  ... and {rest} more pair(s) (`--format json` lists them all)"
            );
        }
        out.push_str("(`zonec explain --from ZONE --to ZONE` explains one pair in full)\n");
    }

    /// The invariants that govern any pair, each once, with how many: those
    /// that cover a pair, then those on paths through one, each in policy
    /// order, the first [`LISTED_INVARIANTS`] of them.
    fn governing(&self, out: &mut String) {
        let pairs = self
            .pairs
            .iter()
            .map(|p| (p.from, p.to, p.governing.as_slice()));
        let all = governing::merged(pairs);
        let these = if self.pairs.len() == 1 {
            "this pair"
        } else {
            "these pairs"
        };
        if all.is_empty() {
            let _ = writeln!(out, "\ninvariants that govern {these}: none");
            return;
        }
        let _ = writeln!(out, "\ninvariants that govern {these}:");
        let lines = governing::Lines::new(self.model, self.analysis, self.sources);
        let several = self.pairs.len() > 1;
        let mut all = all;
        all.sort_by_key(|m| (m.governing.relation, m.governing.invariant));
        for m in all.iter().take(LISTED_INVARIANTS) {
            let pairs = several.then_some(m.pairs);
            let _ = writeln!(out, "  {}", lines.line(m.governing, m.first, pairs));
        }
        if let Some(rest) = all.len().checked_sub(LISTED_INVARIANTS).filter(|&n| n > 0) {
            let _ = writeln!(
                out,
                "  ... and {rest} more (`--format json` lists them all)"
            );
        }
    }

    /// The answer as `--format json` prints it.
    pub fn json(&self) -> JsonAnswer {
        json::answer(self)
    }
}

#[cfg(test)]
mod tests;
