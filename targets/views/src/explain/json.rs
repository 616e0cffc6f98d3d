//! `zonec explain --format json`: the answer for scripts and audit tools.
//! The shape is documented in `docs/explain.md` and only grows: the two
//! ends as asked and resolved, the verdict, every pair with its direct
//! flow (ports, services named by [`crate::flows`], the rules that allow
//! and deny it), its shortest path or the closed set that proves there is
//! none, and the invariants that govern it, whose reports (the shape of
//! `check --format json`'s `invariants`) are listed once at the end.

use super::governing::{self, Lines};
use super::{Endpoint, Explained, Pair};
use crate::flows;
use serde::Serialize;
use zonec_analysis::export::{self, InvariantReport, Location, RuleRef};
use zonec_analysis::lints::private;
use zonec_analysis::verdict::Hop;
use zonec_model::{Action, RuleId, ZoneId};

#[derive(Serialize)]
pub struct JsonAnswer {
    pub from: JsonEnd,
    pub to: JsonEnd,
    /// The ports in the asker's words (`https`, `tcp/443`, `any`).
    pub service: String,
    /// The ports they stand for.
    pub ports: String,
    /// Some pair's flow is possible: the exit code is 0.
    pub possible: bool,
    pub pairs: Vec<JsonPair>,
    /// Every invariant that governs some pair, once, in policy order.
    pub invariants: Vec<InvariantReport>,
}

/// One end: `zone`, `label` or `address`, and the zones it stands for.
#[derive(Serialize)]
pub struct JsonEnd {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The prefix that gave the address its zone, and where it is declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix_location: Option<Location>,
    /// The address is private space no zone declares, which an external
    /// zone's wider prefix takes (`zonec::private-space-external`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undeclared_private: bool,
    pub zones: Vec<String>,
}

#[derive(Serialize)]
pub struct JsonPair {
    pub from: String,
    pub to: String,
    pub same_zone: bool,
    pub possible: bool,
    pub direct: JsonDirect,
    /// The shortest path whose last hop carries an asked port.
    pub path: Option<Vec<JsonHop>>,
    /// Without a path: every zone `from` reaches on any port, a closed set
    /// none of which may send the asked ports to `to`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<Vec<String>>,
    pub invariants: Vec<JsonGoverning>,
}

#[derive(Serialize)]
pub struct JsonDirect {
    /// The asked ports allowed directly (empty when none are).
    pub allowed: String,
    pub services: Vec<String>,
    /// The asked ports not allowed directly.
    pub missing: String,
    pub allowed_by: Vec<JsonRule>,
    pub denied_by: Vec<JsonRule>,
}

/// A rule, the ports of the question it grants or denies, and their names.
#[derive(Serialize)]
pub struct JsonRule {
    #[serde(flatten)]
    pub rule: RuleRef,
    pub ports: String,
    pub services: Vec<String>,
}

#[derive(Serialize)]
pub struct JsonHop {
    pub from: String,
    pub to: String,
    pub ports: String,
    pub services: Vec<String>,
    pub allowed_by: Vec<RuleRef>,
}

/// An invariant that governs the pair: find its report in `invariants` by
/// `location`.
#[derive(Serialize)]
pub struct JsonGoverning {
    pub invariant: String,
    pub location: Option<Location>,
    /// `covers` or `path-through`.
    pub relation: &'static str,
    pub holds: bool,
}

pub(super) fn answer(ex: &Explained) -> JsonAnswer {
    let lines = Lines::new(ex.model, ex.analysis, ex.sources);
    let pairs = ex
        .pairs
        .iter()
        .map(|p| (p.from, p.to, p.governing.as_slice()));
    let mut ids: Vec<_> = governing::merged(pairs)
        .iter()
        .map(|m| m.governing.invariant)
        .collect();
    ids.dedup();
    JsonAnswer {
        from: end(ex, &ex.question.from),
        to: end(ex, &ex.question.to),
        service: ex.question.asked.clone(),
        ports: ex.question.ports.to_string(),
        possible: ex.possible(),
        pairs: ex.pairs.iter().map(|p| pair(ex, &lines, p)).collect(),
        invariants: ids
            .into_iter()
            .filter_map(|id| lines.report(id).cloned())
            .collect(),
    }
}

fn zone(ex: &Explained, z: ZoneId) -> String {
    ex.model.zone(z).name.clone()
}

fn end(ex: &Explained, end: &Endpoint) -> JsonEnd {
    let mut json = JsonEnd {
        kind: "zone",
        label: None,
        address: None,
        prefix: None,
        prefix_location: None,
        undeclared_private: false,
        zones: end.zones().iter().map(|&z| zone(ex, z)).collect(),
    };
    match end {
        Endpoint::Zone(_) => {}
        Endpoint::Label { label, .. } => {
            json.kind = "label";
            json.label = Some(ex.model.label(*label).name.clone());
        }
        Endpoint::Address {
            address,
            zone,
            prefix,
        } => {
            json.kind = "address";
            json.undeclared_private =
                private::is_undeclared_private(ex.model, *zone, prefix, *address);
            json.address = Some(address.to_string());
            json.prefix = Some(prefix.net.to_string());
            json.prefix_location = export::location(ex.sources, prefix.span);
        }
    }
    json
}

fn pair(ex: &Explained, lines: &Lines, p: &Pair) -> JsonPair {
    let closed = (p.path.is_none() && p.from != p.to).then(|| {
        let reach = ex.analysis.reachable(p.from);
        reach
            .iter()
            .map(|z| zone(ex, ZoneId::from_index(z)))
            .collect()
    });
    JsonPair {
        from: zone(ex, p.from),
        to: zone(ex, p.to),
        same_zone: p.from == p.to,
        possible: p.possible(),
        direct: direct(ex, p),
        path: p
            .path
            .as_ref()
            .map(|w| w.hops.iter().map(|h| hop(ex, h)).collect()),
        closed,
        invariants: p
            .governing
            .iter()
            .map(|g| JsonGoverning {
                invariant: lines.written(g.invariant),
                location: lines.report(g.invariant).and_then(|r| r.location.clone()),
                relation: g.relation.as_str(),
                holds: lines.report(g.invariant).is_some_and(|r| r.holds),
            })
            .collect(),
    }
}

fn direct(ex: &Explained, p: &Pair) -> JsonDirect {
    let (asked, explainer) = (&ex.question.ports, ex.explainer());
    let rules = |action: Action| {
        let ids = match p.from == p.to {
            true => Vec::new(),
            false => explainer.rules(action, p.from, p.to, asked),
        };
        let rule = |id: RuleId| {
            let ports = ex.model.rule(id).ports.intersect(asked);
            JsonRule {
                rule: export::rule_ref(ex.model, ex.sources, id),
                services: flows::rule_names(ex.model, [(id, &ports)]),
                ports: ports.to_string(),
            }
        };
        ids.into_iter().map(rule).collect::<Vec<_>>()
    };
    let grants = explainer.grants(p.from, p.to, asked);
    JsonDirect {
        allowed: p.direct.to_string(),
        services: flows::rule_names(ex.model, grants.iter().map(|(r, ports)| (*r, ports))),
        missing: match p.from == p.to {
            true => String::new(),
            false => asked.subtract(&p.direct).to_string(),
        },
        allowed_by: rules(Action::Allow),
        denied_by: rules(Action::Deny),
    }
}

fn hop(ex: &Explained, h: &Hop) -> JsonHop {
    let shares = ex.explainer().hop_shares(h);
    JsonHop {
        from: zone(ex, h.from),
        to: zone(ex, h.to),
        ports: h.ports.to_string(),
        services: flows::rule_names(ex.model, shares.iter().map(|(r, ports)| (*r, ports))),
        allowed_by: h
            .rules
            .iter()
            .map(|&r| export::rule_ref(ex.model, ex.sources, r))
            .collect(),
    }
}
