//! `verdicts.csv`: the policy's verdict for every (source zone,
//! destination zone, protocol, port range) that is not the default, so
//! the Spark query classifies a row by one range join instead of the
//! effective policy. Each range is a run of ports over which
//! [`classify`] gives the same decision; the ranges of a pair are cut at
//! every bound of the port sets the decision reads (the pair's allowed
//! ports, each grant, each deny, each invariant relating the pair), so a
//! run holds one decision by construction. What is not listed is the
//! default the query applies: `allowed` inside one zone, `unzoned` for an
//! address in no zone, else `blocked` by no rule.

use crate::classify::{classify, Decision, Policy, Verdict};
use std::fmt::Write;
use zonec_analysis::export;
use zonec_base::Sources;
use zonec_escape::csv::field;
use zonec_model::ports::{Proto, MAX_POINT};
use zonec_model::{PortSet, ZoneId};

pub const HEADER: &str = "from_id,to_id,from,to,proto,first,last,verdict,rules,invariants\n";

/// The table, one line per run, by zone ids, protocol and port.
pub fn csv(p: Policy, sources: &Sources) -> String {
    let zones: Vec<ZoneId> = p.analysis.addresses.spaces().map(|(z, _)| z).collect();
    let mut out = String::from(HEADER);
    for &a in &zones {
        for &b in zones.iter().filter(|&&b| b != a) {
            for run in runs(p, a, b) {
                line(&mut out, p, sources, (a, b), &run);
            }
        }
    }
    out
}

/// A run of points with one decision.
struct Run {
    first: u32,
    last: u32,
    decision: Decision,
}

/// The runs of the pair whose decision is not the default.
fn runs(p: Policy, a: ZoneId, b: ZoneId) -> Vec<Run> {
    let starts = cuts(p, a, b);
    let mut runs: Vec<Run> = Vec::new();
    for (i, &first) in starts.iter().enumerate() {
        let last = starts.get(i + 1).map_or(MAX_POINT, |next| next - 1);
        let decision = classify(p, Some(a), Some(b), first);
        match runs.last_mut() {
            Some(run) if run.decision == decision && same_proto(run.first, first) => {
                run.last = last
            }
            _ => runs.push(Run {
                first,
                last,
                decision,
            }),
        }
    }
    runs.retain(|r| !is_default(&r.decision));
    runs
}

/// The first point of every run: each protocol's first point and every
/// bound of a port set the decision of the pair reads. Empty for a pair
/// nothing relates (all default).
fn cuts(p: Policy, a: ZoneId, b: ZoneId) -> Vec<u32> {
    let mut sets: Vec<&PortSet> = Vec::new();
    if let Some(flow) = p.analysis.effective.flow(a, b) {
        sets.push(&flow.ports);
        sets.extend(flow.grants.iter().map(|g| &g.ports));
        sets.extend(flow.denies.iter().map(|(_, ports)| ports));
    }
    sets.extend(
        p.model
            .invariant_ids()
            .map(|id| p.model.invariant(id))
            .filter_map(|inv| (inv.from.contains(&a) && inv.to.contains(&b)).then_some(&inv.ports)),
    );
    if sets.is_empty() {
        return Vec::new();
    }
    let mut starts: Vec<u32> = Proto::ALL.iter().map(|proto| proto.bounds().0).collect();
    for &(lo, hi) in sets.iter().flat_map(|s| s.ranges()) {
        starts.push(lo);
        starts.extend((hi < MAX_POINT).then_some(hi + 1));
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

fn same_proto(a: u32, b: u32) -> bool {
    Proto::of_point(a).0 == Proto::of_point(b).0
}

/// `blocked` by no rule, with no invariant: what the query assumes for
/// a pair and port the table does not list.
fn is_default(d: &Decision) -> bool {
    d.verdict == Verdict::Blocked
        && d.rules.is_empty()
        && d.forbids.is_empty()
        && d.required.is_empty()
}

fn line(out: &mut String, p: Policy, sources: &Sources, (a, b): (ZoneId, ZoneId), run: &Run) {
    let (proto, first) = Proto::of_point(run.first);
    let last = Proto::of_point(run.last).1;
    let d = &run.decision;
    let rules: Vec<String> = d
        .rules
        .iter()
        .map(|&r| export::rule_ref(p.model, sources, r).rule)
        .collect();
    let invariants: Vec<&str> = d
        .forbids
        .iter()
        .chain(&d.required)
        .map(|&i| sources.slice(p.model.invariant(i).head_span))
        .collect();
    let _ = writeln!(
        out,
        "{},{},{},{},{},{first},{last},{},{},{}",
        a.index(),
        b.index(),
        field(&p.model.zone(a).name),
        field(&p.model.zone(b).name),
        proto.name(),
        d.verdict.as_str(),
        field(&rules.join("; ")),
        field(&invariants.join("; ")),
    );
}
