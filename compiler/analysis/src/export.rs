//! Verdicts for people and machines outside zonec: zone names instead of
//! ids, rules by file, line and head text instead of indices. This is the
//! `"invariants"` array of `zonec check --format json`, each with its
//! `reason`, `ticket` and `cites` as written.

use super::verdict::{Certificate, Checked, Evidence, Hop, Missing, Verdict, Witness};
use serde::Serialize;
use zonec_base::source::Sources;
use zonec_model::{Model, RuleId, ZoneId};

#[derive(Clone, Debug, Serialize)]
pub struct InvariantReport {
    /// `forbid`, `forbid-path` or `require`.
    pub kind: &'static str,
    /// The selectors as written.
    pub from: String,
    pub to: String,
    /// The services as written (`["any"]` when none were).
    pub services: Vec<String>,
    /// The ports they stand for.
    pub ports: String,
    /// The invariant's meta fields as written: `null` when absent, `cites`
    /// `[]` when it has none (every invariant has all three keys).
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub cites: Vec<String>,
    pub holds: bool,
    /// Whether it holds on the policy as deployed, where every pair with a
    /// monitored end is open on every port (`holds` when nothing is
    /// monitored).
    pub holds_as_deployed: bool,
    pub location: Option<Location>,
    /// A broken invariant: how many ordered (source, destination) pairs
    /// break it, and how many of those are not listed (zonec lists at most
    /// [`crate::verdict::LISTED`] per invariant).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub violating_pairs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unlisted_pairs: Option<u64>,
    /// A broken `forbid`: each listed pair with its shortest witness, in
    /// (source, destination) order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witnesses: Option<Vec<WitnessReport>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<MissingReport>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// A rule by where it is and how it starts (`allow guest -> internet`).
#[derive(Clone, Debug, Serialize)]
pub struct RuleRef {
    pub rule: String,
    pub location: Option<Location>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WitnessReport {
    pub from: String,
    pub to: String,
    /// The zones of the path, `from` first and `to` last.
    pub path: Vec<String>,
    pub hops: Vec<HopReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HopReport {
    pub from: String,
    pub to: String,
    pub ports: String,
    pub allowed_by: Vec<RuleRef>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CertificateReport {
    /// `forbid ->*`: closed sets of zones.
    Closed { parts: Vec<ClosedReport> },
    /// `forbid ->` and `require`: every pair of `from` × `to` was checked.
    Checked {
        pairs: u64,
        from: Vec<String>,
        to: Vec<String>,
        ports: String,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct ClosedReport {
    pub sources: Vec<String>,
    pub zones: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MissingReport {
    pub from: String,
    pub to: String,
    pub missing: String,
    /// Ports no allow covers.
    pub uncovered: String,
    pub denied_by: Vec<DeniedReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DeniedReport {
    pub ports: String,
    #[serde(flatten)]
    pub rule: RuleRef,
}

/// [`invariants`] of an analysis, each marked with whether it holds as
/// deployed.
pub fn analysis_invariants(
    model: &Model,
    analysis: &crate::Analysis,
    sources: &Sources,
) -> Vec<InvariantReport> {
    let mut reports = invariants(model, &analysis.verdicts, sources);
    for (report, &deployed) in reports.iter_mut().zip(&analysis.holds_as_deployed) {
        report.holds_as_deployed = deployed;
    }
    reports
}

/// One report per verdict, in invariant order.
pub fn invariants(model: &Model, verdicts: &[Verdict], sources: &Sources) -> Vec<InvariantReport> {
    let names = Names { model, sources };
    verdicts.iter().map(|v| names.invariant(v)).collect()
}

impl InvariantReport {
    fn count(&mut self, total: u64, listed: usize) {
        self.violating_pairs = Some(total);
        self.unlisted_pairs = Some(total.saturating_sub(listed as u64));
    }
}

struct Names<'a> {
    model: &'a Model,
    sources: &'a Sources,
}

impl Names<'_> {
    fn invariant(&self, v: &Verdict) -> InvariantReport {
        let inv = self.model.invariant(v.invariant);
        let mut services: Vec<String> = inv.services.iter().map(|s| s.text.clone()).collect();
        if services.is_empty() {
            services.push("any".to_string());
        }
        let mut report = InvariantReport {
            kind: inv.kind.as_str(),
            from: inv.from_text.clone(),
            to: inv.to_text.clone(),
            services,
            ports: inv.ports.to_string(),
            reason: inv.meta.reason.clone(),
            ticket: inv.meta.ticket.clone(),
            cites: inv.meta.cites.clone(),
            holds: v.holds,
            holds_as_deployed: v.holds,
            location: self.location(inv.head_span),
            violating_pairs: None,
            unlisted_pairs: None,
            witnesses: None,
            certificate: None,
            missing: None,
        };
        match &v.evidence {
            Evidence::Witnesses(w) => {
                report.witnesses = Some(w.pairs.iter().map(|p| self.witness(p)).collect());
                report.count(w.total, w.pairs.len());
            }
            Evidence::Certificate(c) => report.certificate = Some(self.closed(c)),
            Evidence::Checked(c) => report.certificate = Some(self.checked(c)),
            Evidence::Missing(m) => {
                report.missing = Some(self.missing(m));
                report.count(m.total, m.pairs.len());
            }
        }
        report
    }

    fn zone(&self, z: ZoneId) -> String {
        self.model.zone(z).name.clone()
    }

    fn zones(&self, zs: &[ZoneId]) -> Vec<String> {
        zs.iter().map(|&z| self.zone(z)).collect()
    }

    fn location(&self, span: zonec_base::span::Span) -> Option<Location> {
        let file = self.sources.get(span.file)?;
        let (line, column) = file.line_col(span.start as usize);
        Some(Location {
            file: file.name.clone(),
            line,
            column,
        })
    }

    fn rule(&self, id: RuleId) -> RuleRef {
        let span = self.model.rule(id).head_span;
        RuleRef {
            rule: self.sources.slice(span).to_string(),
            location: self.location(span),
        }
    }

    fn witness(&self, w: &Witness) -> WitnessReport {
        let mut path = vec![self.zone(w.from)];
        path.extend(w.hops.iter().map(|h| self.zone(h.to)));
        WitnessReport {
            from: self.zone(w.from),
            to: self.zone(w.to),
            path,
            hops: w.hops.iter().map(|h| self.hop(h)).collect(),
        }
    }

    fn hop(&self, h: &Hop) -> HopReport {
        HopReport {
            from: self.zone(h.from),
            to: self.zone(h.to),
            ports: h.ports.to_string(),
            allowed_by: h.rules.iter().map(|&r| self.rule(r)).collect(),
        }
    }

    fn closed(&self, c: &Certificate) -> CertificateReport {
        let parts = c
            .parts
            .iter()
            .map(|p| ClosedReport {
                sources: self.zones(&p.sources),
                zones: self.zones(&p.zones),
            })
            .collect();
        CertificateReport::Closed { parts }
    }

    fn checked(&self, c: &Checked) -> CertificateReport {
        CertificateReport::Checked {
            pairs: c.pairs,
            from: self.zones(&c.from),
            to: self.zones(&c.to),
            ports: c.ports.to_string(),
        }
    }

    fn missing(&self, m: &Missing) -> Vec<MissingReport> {
        m.pairs
            .iter()
            .map(|p| MissingReport {
                from: self.zone(p.from),
                to: self.zone(p.to),
                missing: p.missing.to_string(),
                uncovered: p.uncovered.to_string(),
                denied_by: p
                    .denied
                    .iter()
                    .map(|d| DeniedReport {
                        ports: d.ports.to_string(),
                        rule: self.rule(d.rule),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// A rule by its head text and place, as the reports above name it.
pub fn rule_ref(model: &Model, sources: &Sources, id: RuleId) -> RuleRef {
    Names { model, sources }.rule(id)
}

/// Where a span starts, by file name, line and column.
pub fn location(sources: &Sources, span: zonec_base::span::Span) -> Option<Location> {
    let model = &Model::default();
    Names { model, sources }.location(span)
}
