//! Selectors → sorted, deduplicated zone lists. `@label` reads an index built
//! once from the zones (label → its zones, already sorted; a member carries
//! its parent's labels), a zone name is the zone and its members, down the
//! whole family (the index keeps each zone's members), `any` is every
//! declared zone (never `self`, the router, which comes after them), sets are merged and `except` is a sorted difference, so expansion
//! is linear in the zones it touches, never quadratic. Recursion goes only
//! as deep as sets nest (the parser bounds that); an `except` chain of any
//! length is one node, walked in a loop.

use super::names::Names;
use crate::{LabelId, Mentions, Model, ZoneId, SELF};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_syntax::ast::{Selector, SelectorKind};

/// For each label (by id), the zones that carry it, sorted by id; for each
/// zone, its direct members.
pub(super) struct LabelIndex {
    zones_of: Vec<Vec<ZoneId>>,
    members_of: Vec<Vec<ZoneId>>,
    zone_count: usize,
}

impl LabelIndex {
    pub fn new(model: &Model) -> LabelIndex {
        let mut zones_of = vec![Vec::new(); model.labels.len()];
        let mut members_of = vec![Vec::new(); model.zones.len()];
        for (i, zone) in model.zones.iter().enumerate() {
            for label in &zone.labels {
                if let Some(list) = zones_of.get_mut(label.index()) {
                    list.push(ZoneId::from_index(i));
                }
            }
            if let Some(list) = zone.parent.and_then(|p| members_of.get_mut(p.index())) {
                list.push(ZoneId::from_index(i));
            }
        }
        LabelIndex {
            zones_of,
            members_of,
            zone_count: model.zones.len(),
        }
    }

    /// `zone` and every member of it, recursively, sorted. Parents are
    /// acyclic after resolution (each zone has one parent), so the walk,
    /// on its own stack, meets each zone once; it stops at the zone count
    /// all the same.
    fn family(&self, zone: ZoneId) -> Vec<ZoneId> {
        let mut out = vec![zone];
        let mut stack = vec![zone];
        while let Some(z) = stack.pop() {
            for &m in self.members_of.get(z.index()).into_iter().flatten() {
                if out.len() <= self.zone_count {
                    out.push(m);
                    stack.push(m);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// What a selector expands to, with the names it could not resolve reported
/// and the ones it could recorded in `mentions` (an `except` names a zone
/// without relating it). `None` when some name is unknown: a partial
/// expansion could widen a rule (`any except typo`), so the caller leaves
/// the rule out of the model.
pub(super) fn expand(
    sel: &Selector,
    names: &Names,
    index: &LabelIndex,
    mentions: &mut Mentions,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<ZoneId>> {
    match &sel.kind {
        SelectorKind::Zone(name) => match names.zones.get(&name.name) {
            Some(decl) => {
                let id = ZoneId::from_index(decl.index);
                mentions.zones.insert(id);
                if name.name == SELF && mentions.self_span.is_none() {
                    mentions.self_span = Some(name.span);
                }
                Some(index.family(id))
            }
            None => {
                diags.push(names.unknown_zone(name));
                None
            }
        },
        SelectorKind::Label(name) if name.name == SELF => {
            diags.push(self_label(sel));
            None
        }
        SelectorKind::Label(name) => match names.labels.get(&name.name) {
            Some(decl) => {
                mentions.labels.insert(LabelId::from_index(decl.index));
                Some(index.zones_of.get(decl.index).cloned().unwrap_or_default())
            }
            None => {
                diags.push(names.unknown_label(name, true));
                None
            }
        },
        SelectorKind::Any => Some((0..index.zone_count).map(ZoneId::from_index).collect()),
        SelectorKind::Set(items) => union_all(
            items
                .iter()
                .map(|s| expand(s, names, index, mentions, diags)),
        ),
        SelectorKind::Except(base, removed) => {
            let base = expand(base, names, index, mentions, diags);
            let removed = union_all(
                removed
                    .iter()
                    .map(|s| expand(s, names, index, mentions, diags)),
            );
            Some(difference(&base?, &removed?))
        }
    }
}

/// The union of sorted lists, merged in one at a time so that only one
/// union is ever held (`{any, any, ...}` costs zones × members time, not
/// memory). `None` if any part is, after every part has been expanded, so
/// every unknown name is reported.
fn union_all(parts: impl Iterator<Item = Option<Vec<ZoneId>>>) -> Option<Vec<ZoneId>> {
    let mut all = Some(Vec::new());
    for part in parts {
        all = match (all, part) {
            (Some(a), Some(p)) => Some(union(&a, &p)),
            _ => None,
        };
    }
    all
}

/// The zones of `a` or `b`, sorted and without repeats; both sorted.
fn union(a: &[ZoneId], b: &[ZoneId]) -> Vec<ZoneId> {
    let mut out: Vec<ZoneId> = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    loop {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x <= y => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => return out,
        };
        if out.last() != Some(&next) {
            out.push(next);
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

/// `@self`: the router is a zone of its own, never a label's.
fn self_label(sel: &Selector) -> Diagnostic {
    Diagnostic::error(Code::SelfLabel, "`self` is the router itself, not a label")
        .with_label(sel.span, "`@` selects the zones that carry a label")
        .with_help("write `self` without `@`; no label can include the router, and `any` does not include it either")
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

    #[test]
    fn union_merges_and_drops_repeats() {
        assert_eq!(
            union(&ids(&[0, 2, 2, 5]), &ids(&[1, 2, 7])),
            ids(&[0, 1, 2, 5, 7])
        );
        assert_eq!(union(&ids(&[]), &ids(&[3])), ids(&[3]));
    }
}
