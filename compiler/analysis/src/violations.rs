//! Broken invariants as diagnostics, one per offending pair shown. A pair
//! of a broken `forbid` points at the invariant and, hop by hop, at the
//! `allow` that permits each hop of its witness; a pair of a broken
//! `require` points at the invariant and at the denies that remove the
//! missing ports, or says that no allow covers them.
//!
//! `check` shows the first [`SHOWN`] pairs of each invariant and counts the
//! rest in the help of the last one; `--all-witnesses` shows every pair the
//! verdict lists (it lists at most [`LISTED`] and counts the rest, which the
//! help then says).

use super::verdict::{Evidence, Hop, MissingFlow, Verdict, Witness, LISTED};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_model::{Invariant, Model, ZoneId};

/// How many offending pairs of one invariant are shown in full by default.
pub const SHOWN: usize = 3;

/// How many pairs of each broken invariant to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The first [`SHOWN`]; the help counts the rest.
    First,
    /// Every listed pair.
    All,
}

pub fn diagnostics(model: &Model, verdicts: &[Verdict], shown: Shown) -> Vec<Diagnostic> {
    verdicts
        .iter()
        .filter(|v| !v.holds)
        .flat_map(|v| invariant(model, v, shown))
        .collect()
}

/// One diagnostic per shown pair, in the order they are printed; the last
/// says how many pairs are not shown.
pub(crate) fn invariant(model: &Model, v: &Verdict, shown: Shown) -> Vec<Diagnostic> {
    let inv = model.invariant(v.invariant);
    let limit = match shown {
        Shown::First => SHOWN,
        Shown::All => usize::MAX,
    };
    let (mut diags, total): (Vec<Diagnostic>, u64) = match &v.evidence {
        Evidence::Witnesses(w) => (
            w.pairs
                .iter()
                .take(limit)
                .map(|p| forbid(model, inv, p))
                .collect(),
            w.total,
        ),
        Evidence::Missing(m) => (
            m.pairs
                .iter()
                .take(limit)
                .map(|p| require(model, inv, p))
                .collect(),
            m.total,
        ),
        _ => return Vec::new(),
    };
    let rest = total.saturating_sub(diags.len() as u64);
    zonec_base::diagnostic::sort(&mut diags);
    if let (Some(last), true) = (diags.last_mut(), rest > 0) {
        let line = more(rest, shown);
        last.help = Some(match last.help.take() {
            Some(help) => format!("{help}\n{line}"),
            None => line,
        });
    }
    diags
}

/// The line that counts the pairs not shown.
fn more(rest: u64, shown: Shown) -> String {
    match shown {
        Shown::First => {
            format!(
                "and {rest} more pair(s) break this invariant (use --all-witnesses to list them)"
            )
        }
        Shown::All => format!(
            "and {rest} more pair(s) break this invariant, not listed: \
             zonec lists at most {LISTED} per invariant"
        ),
    }
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

fn require(model: &Model, inv: &Invariant, p: &MissingFlow) -> Diagnostic {
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
    d.with_help(help.join("\n"))
}
