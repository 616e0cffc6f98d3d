//! The rows of a run, classified: one row per (source zone, destination
//! zone, protocol, port, verdict, candidate verdict), with what each
//! verdict rests on, worst first (forbidden, what the candidate would
//! break, blocked, unzoned, allowed). This is the one shape every output
//! writes (`--format json` is its serialisation).

use crate::aggregate::{Key, Stats};
use crate::classify::{self, classify, Decision, Policy, Verdict};
use crate::engine::{Counts, Engine, InputSummary, Skipped};
use crate::record::proto_name;
use serde::Serialize;
use std::collections::BTreeMap;
use zonec_analysis::export::{self, Location, RuleRef};
use zonec_base::Sources;
use zonec_model::{InvariantId, ZoneId};

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub rows: Vec<Row>,
    pub summary: Summary,
    pub skipped: Vec<Skipped>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub from: Option<String>,
    pub to: Option<String>,
    pub proto: String,
    /// The destination port, the ICMP type, or `null`.
    pub port: Option<u16>,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate_verdict: Option<Verdict>,
    pub count: u64,
    pub packets: u64,
    pub bytes: u64,
    pub first_seen: Option<u64>,
    pub last_seen: Option<u64>,
    pub rules: Vec<RuleRef>,
    pub invariants: Vec<InvariantRef>,
    pub samples: Vec<Sample>,
}

/// An invariant a flow breaks (`forbid`) or that covers it (`require`).
#[derive(Clone, Debug, Serialize)]
pub struct InvariantRef {
    pub kind: &'static str,
    pub invariant: String,
    pub location: Option<Location>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Sample {
    pub src: String,
    pub dst: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    #[serde(flatten)]
    pub counts: Counts,
    /// Flows (records, or CSV's `count`) by verdict.
    pub flows: BTreeMap<&'static str, u64>,
    pub rows: usize,
    /// With a candidate: rows allowed now that it would not allow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaks: Option<usize>,
    /// With a candidate: rows not allowed now that it would allow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens: Option<usize>,
    pub inputs: Vec<InputSummary>,
}

impl Row {
    /// Allowed now, not by the candidate.
    pub fn breaks(&self) -> bool {
        self.verdict == Verdict::Allowed
            && self
                .candidate_verdict
                .is_some_and(|c| c != Verdict::Allowed)
    }

    pub fn opens(&self) -> bool {
        self.verdict != Verdict::Allowed && self.candidate_verdict == Some(Verdict::Allowed)
    }

    /// Worst first: forbidden, breaks, blocked, unzoned, opens, allowed.
    fn rank(&self) -> u8 {
        match self.verdict {
            Verdict::Forbidden => 0,
            _ if self.breaks() => 1,
            Verdict::Blocked => 2,
            Verdict::Unzoned => 3,
            Verdict::Allowed => 4,
        }
    }
}

type OutKey = (
    Option<ZoneId>,
    Option<ZoneId>,
    u8,
    Option<u16>,
    Verdict,
    Option<Verdict>,
);

impl Engine<'_> {
    /// The classified rows; `sources` are the current policy's.
    pub fn finish(self, sources: &Sources) -> Report {
        let mut merged: BTreeMap<OutKey, (Stats, Decision)> = BTreeMap::new();
        let mut cache: BTreeMap<(Option<ZoneId>, Option<ZoneId>, u32), Decision> = BTreeMap::new();
        for (key, stats) in &self.rows.rows {
            let point = classify::point(key.proto, key.port);
            let decision = cache
                .entry((key.from, key.to, point))
                .or_insert_with(|| classify(self.current, key.from, key.to, point))
                .clone();
            let candidate = self.candidate.map(|c| candidate_verdict(c, key, point));
            let out = (
                key.from,
                key.to,
                key.proto,
                key.port,
                decision.verdict,
                candidate,
            );
            let entry = merged
                .entry(out)
                .or_insert_with(|| (Stats::default(), decision));
            entry.0.merge(stats);
        }
        let mut rows: Vec<Row> = merged
            .into_iter()
            .map(|(k, (stats, d))| row(self.current, sources, k, &stats, &d))
            .collect();
        rows.sort_by(|a, b| (a.rank(), b.count).cmp(&(b.rank(), a.count)));
        let has_candidate = self.candidate.is_some();
        let summary = summary(&rows, self.counts, self.inputs, has_candidate);
        Report {
            rows,
            summary,
            skipped: self.skipped,
        }
    }
}

fn candidate_verdict(c: Policy, key: &Key, point: u32) -> Verdict {
    classify(c, key.candidate.0, key.candidate.1, point).verdict
}

fn row(p: Policy, sources: &Sources, k: OutKey, s: &Stats, d: &Decision) -> Row {
    let (from, to, proto, port, verdict, candidate_verdict) = k;
    let name = |z: Option<ZoneId>| z.map(|z| p.model.zone(z).name.clone());
    let inv = |id: InvariantId| {
        let i = p.model.invariant(id);
        InvariantRef {
            kind: i.kind.as_str(),
            invariant: sources.slice(i.head_span).to_string(),
            location: export::location(sources, i.span),
        }
    };
    Row {
        from: name(from),
        to: name(to),
        proto: proto_name(proto),
        port,
        verdict,
        candidate_verdict,
        count: s.count,
        packets: s.packets,
        bytes: s.bytes,
        first_seen: s.first,
        last_seen: s.last,
        rules: d
            .rules
            .iter()
            .map(|&r| export::rule_ref(p.model, sources, r))
            .collect(),
        invariants: d
            .forbids
            .iter()
            .chain(&d.required)
            .map(|&i| inv(i))
            .collect(),
        samples: s
            .samples
            .iter()
            .map(|(a, b)| Sample {
                src: a.to_string(),
                dst: b.to_string(),
            })
            .collect(),
    }
}

fn summary(rows: &[Row], counts: Counts, inputs: Vec<InputSummary>, candidate: bool) -> Summary {
    let mut flows = BTreeMap::new();
    for v in [
        Verdict::Forbidden,
        Verdict::Blocked,
        Verdict::Unzoned,
        Verdict::Allowed,
    ] {
        flows.insert(v.as_str(), 0);
    }
    for r in rows {
        let sum = flows.entry(r.verdict.as_str()).or_insert(0);
        *sum = r.count.saturating_add(*sum);
    }
    Summary {
        counts,
        flows,
        rows: rows.len(),
        breaks: candidate.then(|| rows.iter().filter(|r| r.breaks()).count()),
        opens: candidate.then(|| rows.iter().filter(|r| r.opens()).count()),
        inputs,
    }
}
