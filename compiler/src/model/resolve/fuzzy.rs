//! "Did you mean" suggestions: the declared name closest to a misspelt one
//! by Levenshtein distance, accepted only when the distance is small for the
//! name's length (as Cedar's `fuzzy_match.rs` and rustc do).

/// The candidate nearest to `key`, if it is close enough to be a likely typo.
/// A case-insensitive exact match always wins; ties go to the first candidate.
pub(super) fn suggest<'a>(
    key: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = key.chars().count().max(3) / 3;
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        if cand == key {
            continue;
        }
        if cand.eq_ignore_ascii_case(key) {
            return Some(cand);
        }
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
        assert_eq!(suggest("clincal", names), Some("clinical"));
        assert_eq!(suggest("gest", names), Some("guest"));
        assert_eq!(suggest("Guest", names), Some("guest"));
        assert_eq!(suggest("internet", names), None);
        assert_eq!(suggest("ab", ["xy"]), None);
        assert_eq!(suggest("ab", ["ac"]), Some("ac"));
    }
}
