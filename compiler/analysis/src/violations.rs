//! Broken invariants as diagnostics. A broken `forbid` points at the
//! invariant and, hop by hop, at the `allow` that permits each hop of its
//! witness; a broken `require` points at the invariant and at the denies
//! that remove the missing ports, or says that no allow covers them.

use super::verdict::{Evidence, Hop, MissingFlow, Verdict, Witness};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_model::{Invariant, Model, ZoneId};

pub fn diagnostics(model: &Model, verdicts: &[Verdict]) -> Vec<Diagnostic> {
    verdicts
        .iter()
        .filter(|v| !v.holds)
        .filter_map(|v| {
            let inv = model.invariant(v.invariant);
            match &v.evidence {
                Evidence::Witness(w) => Some(forbid(model, inv, w)),
                Evidence::Missing(m) => m
                    .pairs
                    .first()
                    .map(|p| require(model, inv, p, m.pairs.len())),
                _ => None,
            }
        })
        .collect()
}

fn name(model: &Model, z: ZoneId) -> &str {
    &model.zone(z).name
}

fn forbid(model: &Model, inv: &Invariant, w: &Witness) -> Diagnostic {
    let (a, b) = (name(model, w.from), name(model, w.to));
    let message = match w.hops.len() {
        1 => format!(
            "forbidden flow: `{a}` may connect to `{b}` on {}",
            w.hops[0].ports
        ),
        n => format!("forbidden path: `{a}` reaches `{b}` in {n} hops"),
    };
    let route: Vec<String> = std::iter::once(w.from)
        .chain(w.hops.iter().map(|h| h.to))
        .map(|z| format!("`{}`", name(model, z)))
        .collect();
    let mut d = Diagnostic::error(Code::ForbidViolated, message)
        .with_label(inv.head_span, format!("broken by {}", route.join(" → ")));
    for (span, text) in hop_labels(model, &w.hops) {
        d = d.with_label(span, text);
    }
    d.with_help(forbid_help(inv, w))
}

/// One label per hop on each allow that grants it; hops granted by the same
/// allow share its label.
fn hop_labels(model: &Model, hops: &[Hop]) -> Vec<(Span, String)> {
    let mut labels: Vec<(Span, String)> = Vec::new();
    for (i, hop) in hops.iter().enumerate() {
        let text = format!(
            "hop {}: `{}` → `{}` on {}",
            i + 1,
            name(model, hop.from),
            name(model, hop.to),
            hop.ports
        );
        for &rule in &hop.rules {
            let span = model.rule(rule).head_span;
            match labels.iter_mut().find(|(s, _)| *s == span) {
                Some((_, existing)) => *existing = format!("{existing}; {text}"),
                None => labels.push((span, text.clone())),
            }
        }
    }
    labels
}

fn forbid_help(inv: &Invariant, w: &Witness) -> String {
    let fix = if w.hops.len() == 1 {
        "narrow the allow or add a `deny` for these ports".to_string()
    } else {
        "every hop but the last may carry any port (a compromised host relays \
         anything it may send); narrow an allow on the path or add a `deny` to cut it"
            .to_string()
    };
    match &inv.meta.reason {
        Some(reason) => format!("{fix}\nthe invariant's reason: {reason}"),
        None => fix,
    }
}

fn require(model: &Model, inv: &Invariant, p: &MissingFlow, count: usize) -> Diagnostic {
    let (a, b) = (name(model, p.from), name(model, p.to));
    let message = format!(
        "required flow is not allowed: `{a}` may not connect to `{b}` on {}",
        p.missing
    );
    let mut d = Diagnostic::error(Code::RequireViolated, message).with_label(
        inv.head_span,
        format!("requires {} from `{a}` to `{b}`", inv.ports),
    );
    for denied in &p.denied {
        d = d.with_label(
            model.rule(denied.rule).head_span,
            format!("this deny removes {}", denied.ports),
        );
    }
    let mut help = Vec::new();
    if !p.uncovered.is_empty() {
        help.push(format!(
            "no allow covers {} from `{a}` to `{b}`: add one",
            p.uncovered
        ));
    }
    if !p.denied.is_empty() {
        help.push(
            "a deny wins over every allow, whatever their order: narrow the deny".to_string(),
        );
    }
    if count > 1 {
        help.push(format!(
            "{} more pair(s) fall short as well; `zonec check --format json` lists them",
            count - 1
        ));
    }
    d.with_help(help.join("\n"))
}
