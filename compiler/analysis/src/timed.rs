//! Time-bounded allows in the proofs. A `forbid` treats every allow as
//! present (it may be open), so the main proofs read the policy as written.
//! A `require` is not met by an allow with a `window`, since that flow is
//! not available at all times: a require that holds only thanks to such
//! allows is proven again without them and reported as broken, with an
//! error whose help names the windows.

use crate::partition::ZonePartition;
use crate::{analyze_with, violations, Analysis, Verdict};
use zonec_base::diagnostic::{Code, Diagnostic, Label};
use zonec_model::{Action, InvariantKind, Model, RuleId};

/// Replace the verdict of every `require` met only through windowed allows.
pub(crate) fn require_without_windows(model: &Model, analysis: &mut Analysis) {
    let windowed: Vec<RuleId> = model
        .rule_ids()
        .filter(|&r| {
            let rule = model.rule(r);
            rule.action == Action::Allow && rule.meta.window.is_some()
        })
        .collect();
    let has_require = model
        .invariants
        .iter()
        .any(|i| i.kind == InvariantKind::Require);
    if windowed.is_empty() || !has_require {
        return;
    }
    let without = without_rules(model, &windowed);
    let again = analyze_with(&without, ZonePartition::of_model(&without));
    for (i, v) in again.verdicts.into_iter().enumerate() {
        let kind = model.invariants.get(i).map(|inv| inv.kind);
        let Some(written) = analysis.verdicts.get_mut(i) else {
            continue;
        };
        if kind == Some(InvariantKind::Require) && written.holds && !v.holds {
            let diags = violations::invariant(model, &v, violations::Shown::First);
            analysis.diagnostics.extend(recode(model, &v, diags));
            analysis.windowed_requires.push(v.invariant);
            *written = v;
            if let Some(slot) = analysis.holds_as_deployed.get_mut(i) {
                *slot = false;
            }
        }
    }
}

/// `model` with the given rules emptied (ids stay the same).
fn without_rules(model: &Model, rules: &[RuleId]) -> Model {
    let mut out = model.clone();
    for &r in rules {
        if let Some(rule) = out.rules.get_mut(r.index()) {
            rule.from.clear();
        }
    }
    out.monitors.clear();
    out
}

/// The diagnostics of a require broken only without its windowed allows,
/// recoded, with the windows of the allows that relate a missing pair.
pub(crate) fn recode(model: &Model, v: &Verdict, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let windows = windows_of(model, v);
    for d in &mut diags {
        d.code = Code::RequireWindowed;
        d.message = format!("{} outside its window", d.message);
        let spans: Vec<_> = windows.iter().map(|(span, _)| *span).collect();
        for span in spans {
            d.labels.push(Label {
                span,
                message: "granted only inside this window".to_string(),
            });
        }
        let texts: Vec<String> = windows.iter().map(|(_, t)| format!("`{t}`")).collect();
        d.help = Some(format!(
            "a require is not met by an allow with a window ({}): the flow must be available at all times; grant it with an allow without a window",
            texts.join(", ")
        ));
    }
    diags
}

/// The windows of the windowed allows that relate a missing pair.
fn windows_of(model: &Model, v: &Verdict) -> Vec<(zonec_base::Span, String)> {
    let crate::Evidence::Missing(missing) = &v.evidence else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for rule in &model.rules {
        let relates = missing
            .pairs
            .iter()
            .any(|p| rule.from.contains(&p.from) && rule.to.contains(&p.to));
        if let (true, Some(w)) = (relates, &rule.meta.window) {
            out.push((w.span, w.text.clone()));
        }
    }
    out
}
