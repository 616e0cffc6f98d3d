//! Selectors → sorted, deduplicated zone lists. `@label` reads an index built
//! once from the zones (label → its zones, already sorted), `any` is every
//! zone, sets are merged and `except` is a sorted difference, so expansion
//! is linear in the zones it touches, never quadratic.

use super::names::Names;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Model, ZoneId};
use crate::syntax::ast::{Selector, SelectorKind};

/// For each label (by id), the zones that carry it, sorted by id.
pub(super) struct LabelIndex {
    zones_of: Vec<Vec<ZoneId>>,
    zone_count: usize,
}

impl LabelIndex {
    pub fn new(model: &Model) -> LabelIndex {
        let mut zones_of = vec![Vec::new(); model.labels.len()];
        for (i, zone) in model.zones.iter().enumerate() {
            for label in &zone.labels {
                if let Some(list) = zones_of.get_mut(label.index()) {
                    list.push(ZoneId::from_index(i));
                }
            }
        }
        LabelIndex {
            zones_of,
            zone_count: model.zones.len(),
        }
    }
}

/// What a selector expands to, with the names it could not resolve reported.
/// `None` when some name is unknown: a partial expansion could widen a rule
/// (`any except typo`), so the caller leaves the rule out of the model.
pub(super) fn expand(
    sel: &Selector,
    names: &Names,
    index: &LabelIndex,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<ZoneId>> {
    match &sel.kind {
        SelectorKind::Zone(name) => match names.zones.get(&name.name) {
            Some(decl) => Some(vec![ZoneId::from_index(decl.index)]),
            None => {
                diags.push(names.unknown_zone(name));
                None
            }
        },
        SelectorKind::Label(name) => match names.labels.get(&name.name) {
            Some(decl) => Some(index.zones_of.get(decl.index).cloned().unwrap_or_default()),
            None => {
                diags.push(names.unknown_label(name, true));
                None
            }
        },
        SelectorKind::Any => Some((0..index.zone_count).map(ZoneId::from_index).collect()),
        SelectorKind::Set(items) => {
            let parts: Vec<Option<Vec<ZoneId>>> = items
                .iter()
                .map(|s| expand(s, names, index, diags))
                .collect();
            let mut all: Vec<ZoneId> = parts.into_iter().collect::<Option<Vec<_>>>()?.concat();
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
        SelectorKind::Except(base, removed) => {
            let base = expand(base, names, index, diags);
            let removed = expand(removed, names, index, diags);
            Some(difference(&base?, &removed?))
        }
    }
}

/// `a` without the zones of `b`; both sorted.
fn difference(a: &[ZoneId], b: &[ZoneId]) -> Vec<ZoneId> {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &z in a {
        while j < b.len() && b[j] < z {
            j += 1;
        }
        if b.get(j) != Some(&z) {
            out.push(z);
        }
    }
    out
}

/// A selector that matches no zone makes its rule or invariant say nothing.
pub(super) fn empty_selector(sel: &Selector) -> Diagnostic {
    let help = match &sel.kind {
        SelectorKind::Label(name) => format!(
            "no zone carries label `{}`; add it to a zone's `labels`, or remove this item",
            name.name
        ),
        _ => "this item relates no zones and has no effect; fix the selector or remove the item"
            .to_string(),
    };
    Diagnostic::warning(
        Code::EmptySelector,
        format!("selector `{sel}` matches no zone"),
    )
    .with_label(sel.span, "expands to no zones")
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<ZoneId> {
        v.iter().map(|&i| ZoneId(i)).collect()
    }

    #[test]
    fn difference_is_a_sorted_set_minus() {
        assert_eq!(
            difference(&ids(&[0, 1, 2, 5, 7]), &ids(&[1, 3, 7, 9])),
            ids(&[0, 2, 5])
        );
        assert_eq!(difference(&ids(&[0, 1]), &ids(&[])), ids(&[0, 1]));
        assert_eq!(difference(&ids(&[0, 1]), &ids(&[0, 1])), ids(&[]));
    }
}
