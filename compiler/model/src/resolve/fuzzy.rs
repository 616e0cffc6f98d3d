//! "Did you mean" suggestions: the declared name closest to a misspelt one
//! by Levenshtein distance, accepted only when the distance is small for the
//! name's length (as Cedar's `fuzzy_match.rs` and rustc do).
//!
//! The search is charged against a budget of work per name table and run,
//! so hostile input cannot make it slow: 10,000 near-miss names among
//! 10,000 zones took over a minute; once the budget is spent, names get no
//! suggestion (the rest of the message is unchanged).

/// Work (characters compared, and cells of the distance table) one name
/// table may spend on suggestions in one run: a fraction of a second.
pub(super) const BUDGET: usize = 200_000_000;

/// The candidate nearest to `key`, if it is close enough to be a likely typo.
/// A case-insensitive exact match always wins; ties go to the first candidate.
/// Spends `budget`; when it runs out, the best candidate so far is the answer.
pub(super) fn suggest<'a>(
    key: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut usize,
) -> Option<&'a str> {
    let chars = key.chars().count();
    let limit = chars.max(3) / 3;
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        let Some(left) = budget.checked_sub(cand.len() + 1) else {
            break;
        };
        *budget = left;
        if cand == key {
            continue;
        }
        if cand.eq_ignore_ascii_case(key) {
            return Some(cand);
        }
        let cand_chars = cand.chars().count();
        // The distance is at least the difference in length.
        if cand_chars.abs_diff(chars) > limit {
            continue;
        }
        let Some(left) = budget.checked_sub(chars * cand_chars) else {
            break;
        };
        *budget = left;
        let d = levenshtein(key, cand);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance (insertions, deletions, substitutions) between two strings,
/// counted in characters.
pub(super) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("clinical", "clinical"), 0);
        assert_eq!(levenshtein("clincal", "clinical"), 1);
    }

    #[test]
    fn suggests_only_close_names() {
        let names = ["clinical", "guest", "pumps", "sud_ehr"];
        assert_eq!(
            suggest("clincal", names, &mut BUDGET.clone()),
            Some("clinical")
        );
        assert_eq!(suggest("gest", names, &mut BUDGET.clone()), Some("guest"));
        assert_eq!(suggest("Guest", names, &mut BUDGET.clone()), Some("guest"));
        assert_eq!(suggest("internet", names, &mut BUDGET.clone()), None);
        assert_eq!(suggest("ab", ["xy"], &mut BUDGET.clone()), None);
        assert_eq!(suggest("ab", ["ac"], &mut BUDGET.clone()), Some("ac"));
    }

    #[test]
    fn a_spent_budget_stops_the_search() {
        let mut budget = 10;
        assert_eq!(suggest("clincal", ["clinical"], &mut budget), None);
        let mut budget = 9 + 7 * 8;
        assert_eq!(
            suggest("clincal", ["clinical"], &mut budget),
            Some("clinical")
        );
        assert_eq!(budget, 0);
    }
}
