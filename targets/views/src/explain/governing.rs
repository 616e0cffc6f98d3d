//! The invariants that govern a pair of zones: every `forbid` and `require`
//! whose selectors cover the pair, and every `forbid ->*` a path through
//! the pair could break (a source reaches the pair's first zone and its
//! second reaches a destination). Each is named by its place in the text,
//! with its verdict and a pointer to its evidence: the certificate of a
//! holding one, the witness or the missing ports of a broken one, as
//! `zonec_analysis::export` names them for `check --format json`.

use std::collections::BTreeMap;
use zonec_analysis::export::{self, CertificateReport, InvariantReport};
use zonec_analysis::Analysis;
use zonec_base::Sources;
use zonec_escape::terminal;
use zonec_model::{InvariantId, InvariantKind, Model, ZoneId};

/// At most this many zones of a closed set are named in a line.
const NAMED_ZONES: usize = 6;

/// How an invariant bears on a pair.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Relation {
    /// Its `from` holds the pair's first zone and its `to` the second.
    Covers,
    /// A `forbid ->*` whose paths may pass through the pair.
    PathThrough,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Covers => "covers",
            Relation::PathThrough => "path-through",
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Governing {
    pub invariant: InvariantId,
    pub relation: Relation,
}

/// The invariants that govern `a -> b`, in invariant order (none inside
/// one zone: invariants leave self-pairs out).
pub(super) fn of_pair(model: &Model, analysis: &Analysis, a: ZoneId, b: ZoneId) -> Vec<Governing> {
    if a == b {
        return Vec::new();
    }
    let relation = |id: InvariantId| {
        let inv = model.invariant(id);
        if inv.from.contains(&a) && inv.to.contains(&b) {
            return Some(Relation::Covers);
        }
        let through = inv.kind == InvariantKind::ForbidPath
            && inv.from.iter().any(|&x| analysis.reaches(x, a))
            && inv.to.iter().any(|&y| analysis.reaches(b, y));
        through.then_some(Relation::PathThrough)
    };
    model
        .invariant_ids()
        .filter_map(|id| {
            relation(id).map(|relation| Governing {
                invariant: id,
                relation,
            })
        })
        .collect()
}

/// One invariant's bearing on the pairs of a question.
pub(super) struct Merged {
    pub governing: Governing,
    /// How many pairs it governs this way.
    pub pairs: usize,
    /// The first of them.
    pub first: (ZoneId, ZoneId),
}

/// Each `(invariant, relation)` of the pairs once, in invariant order.
pub(super) fn merged<'g>(
    pairs: impl Iterator<Item = (ZoneId, ZoneId, &'g [Governing])>,
) -> Vec<Merged> {
    let mut by: BTreeMap<Governing, Merged> = BTreeMap::new();
    for (a, b, list) in pairs {
        for &governing in list {
            by.entry(governing)
                .and_modify(|m| m.pairs += 1)
                .or_insert(Merged {
                    governing,
                    pairs: 1,
                    first: (a, b),
                });
        }
    }
    by.into_values().collect()
}

/// Invariants as lines of text, from the reports of `check --format json`.
pub(super) struct Lines<'a> {
    model: &'a Model,
    sources: &'a Sources,
    reports: Vec<InvariantReport>,
}

impl<'a> Lines<'a> {
    pub fn new(model: &'a Model, analysis: &Analysis, sources: &'a Sources) -> Lines<'a> {
        let reports = export::invariants(model, &analysis.verdicts, sources);
        Lines {
            model,
            sources,
            reports,
        }
    }

    /// The report of one invariant.
    pub fn report(&self, id: InvariantId) -> Option<&InvariantReport> {
        self.reports.get(id.index())
    }

    /// The invariant as written (`forbid @guest ->* {@phi} : https`).
    pub fn written(&self, id: InvariantId) -> String {
        let inv = self.model.invariant(id);
        let head = terminal::escape(self.sources.slice(inv.head_span)).into_owned();
        if inv.services.is_empty() {
            return head;
        }
        let services: Vec<&str> = inv.services.iter().map(|s| s.text.as_str()).collect();
        format!("{head} : {}", terminal::escape(&services.join(", ")))
    }

    /// `` `forbid a ->* b` at f:3:1 holds; certificate: ... `` for the
    /// pair `at`, whose zones pick the part of the evidence shown; `pairs`
    /// is how many pairs of the question it governs when there are several.
    pub fn line(&self, g: Governing, at: (ZoneId, ZoneId), pairs: Option<usize>) -> String {
        let Some(report) = self.report(g.invariant) else {
            return self.written(g.invariant);
        };
        let place = report.location.as_ref().map_or(String::new(), |l| {
            format!(" at {}:{}:{}", terminal::escape(&l.file), l.line, l.column)
        });
        let through = match (g.relation, pairs) {
            (Relation::Covers, None) => String::new(),
            (Relation::Covers, Some(n)) => format!(", covering {n} of these pairs,"),
            (Relation::PathThrough, None) => ", on a path through this pair,".to_string(),
            (Relation::PathThrough, Some(n)) => {
                format!(", on a path through {n} of these pairs,")
            }
        };
        let verdict = if report.holds { "holds" } else { "is broken" };
        let (a, b) = (&self.model.zone(at.0).name, &self.model.zone(at.1).name);
        format!(
            "`{}`{place}{through} {verdict}; {}",
            self.written(g.invariant),
            evidence(report, a, b)
        )
    }
}

/// What backs the verdict, in a few words: the part of the evidence that
/// concerns the pair `a -> b` when there is one.
fn evidence(report: &InvariantReport, a: &str, b: &str) -> String {
    if let Some(witnesses) = &report.witnesses {
        let own = witnesses.iter().find(|w| w.from == a && w.to == b);
        if let Some(w) = own.or(witnesses.first()) {
            let path: Vec<String> = w.path.iter().map(|z| format!("`{z}`")).collect();
            let total = report.violating_pairs.unwrap_or(1);
            let others = match (own.is_some(), total) {
                (true, 1) => String::new(),
                (true, n) => format!(" ({} other pair(s) break it too)", n - 1),
                (false, n) => format!(" (one of the {n} pair(s) that break it)"),
            };
            return format!("witness: {}{others}", path.join(" -> "));
        }
    }
    if let Some(missing) = &report.missing {
        return match missing.iter().find(|m| m.from == a && m.to == b) {
            Some(m) => format!("this pair lacks {}", m.missing),
            None => {
                let e = missing.first().map_or(String::new(), |m| {
                    format!(", e.g. `{}` -> `{}` lacks {}", m.from, m.to, m.missing)
                });
                format!("{} pair(s) lack required ports{e}", missing.len())
            }
        };
    }
    match &report.certificate {
        Some(CertificateReport::Closed { parts }) => {
            let part = parts.iter().find(|p| p.zones.iter().any(|z| z == a));
            let Some(part) = part.or(parts.first()) else {
                return "certificate: no source to check".to_string();
            };
            format!(
                "certificate: no allowed flow leaves {} (what {} reach), and none of them may send {} to {}",
                named(&part.zones),
                named(&part.sources),
                report.ports,
                report.to
            )
        }
        Some(CertificateReport::Checked { pairs, ports, .. }) => match report.kind {
            "require" => format!("checked: each of its {pairs} pair(s) allows {ports}"),
            _ => format!("checked: none of its {pairs} pair(s) allows {ports}"),
        },
        None => "no evidence recorded".to_string(),
    }
}

/// `{`a`, `b`, ... and 3 more}`.
fn named(zones: &[String]) -> String {
    let mut names: Vec<String> = zones
        .iter()
        .take(NAMED_ZONES)
        .map(|z| format!("`{z}`"))
        .collect();
    if let Some(rest) = zones.len().checked_sub(NAMED_ZONES).filter(|&n| n > 0) {
        names.push(format!("and {rest} more"));
    }
    format!("{{{}}}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(invariant: u32, relation: Relation) -> Governing {
        Governing {
            invariant: InvariantId(invariant),
            relation,
        }
    }

    #[test]
    fn merged_counts_each_invariant_and_relation_once_in_policy_order() {
        let (a, b, c) = (ZoneId(0), ZoneId(1), ZoneId(2));
        let first = [g(1, Relation::Covers), g(0, Relation::PathThrough)];
        let second = [g(1, Relation::Covers)];
        let m = merged([(a, b, &first[..]), (a, c, &second[..])].into_iter());
        let seen: Vec<_> = m.iter().map(|m| (m.governing, m.pairs, m.first)).collect();
        assert_eq!(
            seen,
            [
                (g(0, Relation::PathThrough), 1, (a, b)),
                (g(1, Relation::Covers), 2, (a, b)),
            ]
        );
    }

    #[test]
    fn long_zone_lists_are_cut() {
        let zones: Vec<String> = (0..8).map(|i| format!("z{i}")).collect();
        assert_eq!(
            named(&zones),
            "{`z0`, `z1`, `z2`, `z3`, `z4`, `z5`, and 2 more}"
        );
        assert_eq!(named(&zones[..1]), "{`z0`}");
    }
}
