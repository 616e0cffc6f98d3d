//! The unified diff `zonec fmt --check` prints: what formatting would
//! change in one file, as `diff -u` writes it (`---`/`+++` headers naming
//! the file, `@@` hunks with three lines of context), so a CI log shows
//! the fix instead of only the file's name.
//!
//! The edit script is Myers' O((N+M)·D) shortest edit, bounded: a file of
//! more than [`MAX_LINES`] lines, or whose diff would delete and insert
//! more than [`MAX_CHANGED`] lines together, gets no diff (the caller says
//! "would reformat" instead). That bounds the time by (2·MAX_LINES)·
//! MAX_CHANGED steps and the memory by MAX_CHANGED² positions, whatever
//! the input; lines are compared as numbers (each distinct line numbered
//! once), so a long line costs its length once, not once per comparison.
//! Every line goes through `zonec_escape::terminal`: policy text is hostile.

use std::collections::BTreeMap;
use zonec_escape::terminal;

/// Above this many lines in either version, no diff is computed.
pub const MAX_LINES: usize = 10_000;
/// Above this many deleted plus inserted lines, no diff is shown.
pub const MAX_CHANGED: usize = 1_000;
/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;

/// One step of an edit script, by 0-based line index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// The unified diff from `old` to `new` with headers naming `name`, or
/// `None` when the texts are too large or too different (see the limits).
/// Empty when they are equal.
pub fn diff(name: &str, old: &str, new: &str) -> Option<String> {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        return None;
    }
    let (ia, ib) = numbered(&a, &b);
    let ops = edit_script(&ia, &ib, MAX_CHANGED)?;
    if ops.iter().all(|op| matches!(op, Op::Same(..))) {
        return Some(String::new());
    }
    let name = terminal::escape(name);
    let mut out = format!("--- {name}\n+++ {name} (formatted)\n");
    for hunk in hunks(&ops) {
        write_hunk(&mut out, hunk, (&a, &b));
    }
    Some(out)
}

/// Each line as a number, equal lines alike.
fn numbered<'a>(a: &[&'a str], b: &[&'a str]) -> (Vec<usize>, Vec<usize>) {
    let mut ids: BTreeMap<&'a str, usize> = BTreeMap::new();
    let mut number = |l: &'a str| {
        let next = ids.len();
        *ids.entry(l).or_insert(next)
    };
    let ia = a.iter().map(|l| number(l)).collect();
    let ib = b.iter().map(|l| number(l)).collect();
    (ia, ib)
}

/// Myers' shortest edit script from `a` to `b`, or `None` when it has more
/// than `max` deletions and insertions. `trace[d]` keeps, for each diagonal
/// k in -d..=d, the furthest x reached with d edits (at index k + d).
fn edit_script(a: &[usize], b: &[usize], max: usize) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let limit = max.min(a.len() + b.len()) as isize;
    let mut v = vec![0isize; 2 * limit as usize + 3];
    let at = |k: isize| (k + limit + 1) as usize;
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=limit {
        for k in (-d..=d).step_by(2) {
            let down = k == -d || (k != d && get(&v, at(k - 1)) < get(&v, at(k + 1)));
            let mut x = if down {
                get(&v, at(k + 1))
            } else {
                get(&v, at(k - 1)) + 1
            };
            let mut y = x - k;
            while x < n && y < m && line(a, x) == line(b, y) {
                (x, y) = (x + 1, y + 1);
            }
            if let Some(slot) = v.get_mut(at(k)) {
                *slot = x;
            }
            if x >= n && y >= m {
                trace.push(v.get(at(-d)..=at(d))?.to_vec());
                return Some(backtrack(&trace, n, m));
            }
        }
        trace.push(v.get(at(-d)..=at(d))?.to_vec());
    }
    None
}

fn get(v: &[isize], i: usize) -> isize {
    v.get(i).copied().unwrap_or_default()
}

fn line(lines: &[usize], i: isize) -> Option<usize> {
    usize::try_from(i).ok().and_then(|i| lines.get(i)).copied()
}

/// The edit script read back from the end of the trace.
fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<Op> {
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    let same = |ops: &mut Vec<Op>, x: isize, y: isize| ops.push(Op::Same(x as usize, y as usize));
    for d in (1..trace.len() as isize).rev() {
        let prev = trace
            .get(d as usize - 1)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let before = |k: isize| get(prev, (k + d - 1) as usize);
        let k = x - y;
        let down = k == -d || (k != d && before(k - 1) < before(k + 1));
        let pk = if down { k + 1 } else { k - 1 };
        let (px, py) = (before(pk), before(pk) - pk);
        while x > px && y > py {
            (x, y) = (x - 1, y - 1);
            same(&mut ops, x, y);
        }
        if down {
            ops.push(Op::Insert(py as usize));
        } else {
            ops.push(Op::Delete(px as usize));
        }
        (x, y) = (px, py);
    }
    while x > 0 && y > 0 {
        (x, y) = (x - 1, y - 1);
        same(&mut ops, x, y);
    }
    ops.reverse();
    ops
}

/// The script cut into hunks: each change with up to [`CONTEXT`] unchanged
/// lines around it, changes closer than twice that sharing one hunk.
fn hunks(ops: &[Op]) -> Vec<&[Op]> {
    let changed: Vec<usize> = (0..ops.len())
        .filter(|&i| !matches!(ops.get(i), Some(Op::Same(..))))
        .collect();
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    for (j, &i) in changed.iter().enumerate() {
        let (first, _) = *start.get_or_insert((i, i));
        let next = changed.get(j + 1).copied();
        if next.is_none_or(|n| n - i > 2 * CONTEXT) {
            let from = first.saturating_sub(CONTEXT);
            let to = (i + CONTEXT + 1).min(ops.len());
            out.extend(ops.get(from..to));
            start = None;
        }
    }
    out
}

/// `@@ -l,s +l,s @@` and the hunk's lines, each `' '`, `-` or `+`.
fn write_hunk(out: &mut String, hunk: &[Op], (a, b): (&[&str], &[&str])) {
    let old: Vec<usize> = hunk.iter().filter_map(|op| old_line(*op)).collect();
    let new: Vec<usize> = hunk.iter().filter_map(|op| new_line(*op)).collect();
    let (old_at, new_at) = (first_line(hunk, old_line), first_line(hunk, new_line));
    out.push_str(&format!(
        "@@ -{} +{} @@\n",
        range(old_at, old.len()),
        range(new_at, new.len())
    ));
    for op in hunk {
        let (mark, text) = match *op {
            Op::Same(i, _) => (' ', a.get(i)),
            Op::Delete(i) => ('-', a.get(i)),
            Op::Insert(j) => ('+', b.get(j)),
        };
        let text = text.copied().unwrap_or_default();
        out.push(mark);
        out.push_str(&terminal::escape(text.strip_suffix('\n').unwrap_or(text)));
        out.push('\n');
        if !text.ends_with('\n') {
            out.push_str("\\ No newline at end of file\n");
        }
    }
}

fn old_line(op: Op) -> Option<usize> {
    match op {
        Op::Same(i, _) | Op::Delete(i) => Some(i),
        Op::Insert(_) => None,
    }
}

fn new_line(op: Op) -> Option<usize> {
    match op {
        Op::Same(_, j) | Op::Insert(j) => Some(j),
        Op::Delete(_) => None,
    }
}

/// Where a hunk starts on one side (0-based), also when it has no line
/// there: then the line before the lines it inserts or deletes.
fn first_line(hunk: &[Op], side: fn(Op) -> Option<usize>) -> usize {
    if let Some(first) = hunk.iter().find_map(|op| side(*op)) {
        return first;
    }
    let other = |op: &Op| match *op {
        Op::Delete(i) => Some(i),
        Op::Insert(j) => Some(j),
        Op::Same(..) => None,
    };
    hunk.iter().find_map(other).unwrap_or_default()
}

/// A hunk's range as `diff -u` writes it: `start,count` 1-based; an empty
/// range names the line before it.
fn range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{count}", start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `b` rebuilt from `a` and the script, and the script's edit count.
    fn apply(a: &str, b: &str) -> (String, usize) {
        let (la, lb): (Vec<&str>, Vec<&str>) = (
            a.split_inclusive('\n').collect(),
            b.split_inclusive('\n').collect(),
        );
        let (ia, ib) = numbered(&la, &lb);
        let ops = edit_script(&ia, &ib, MAX_CHANGED).unwrap();
        let mut out = String::new();
        let mut edits = 0;
        for op in ops {
            match op {
                Op::Same(i, j) => {
                    assert_eq!(la[i], lb[j]);
                    out.push_str(la[i]);
                }
                Op::Insert(j) => {
                    out.push_str(lb[j]);
                    edits += 1;
                }
                Op::Delete(_) => edits += 1,
            }
        }
        (out, edits)
    }

    #[test]
    fn the_script_rebuilds_the_new_text_with_the_fewest_edits() {
        let cases = [
            ("", "", 0),
            ("a\n", "", 1),
            ("", "a\n", 1),
            ("a\nb\nc\n", "a\nc\n", 1),
            ("a\nb\nc\na\nb\nb\na\n", "c\nb\na\nb\na\nc\n", 5),
            ("x\ny\n", "y\nx\n", 2),
            ("a\nb", "a\nb\n", 2),
        ];
        for (a, b, edits) in cases {
            assert_eq!(apply(a, b), (b.to_string(), edits), "{a:?} -> {b:?}");
        }
    }

    #[test]
    fn hunks_have_context_and_diff_u_ranges() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n";
        let new = "1\n2\n3\nfour\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n";
        let text = diff("p.zones", old, new).unwrap();
        let expected = "--- p.zones\n+++ p.zones (formatted)\n\
            @@ -1,7 +1,7 @@\n 1\n 2\n 3\n-4\n+four\n 5\n 6\n 7\n\
            @@ -13,3 +13,4 @@\n 13\n 14\n 15\n+16\n";
        assert_eq!(text, expected);
        assert_eq!(diff("p", old, old).unwrap(), "");
    }

    #[test]
    fn an_empty_side_and_a_missing_final_newline_read_as_diff_u() {
        assert_eq!(
            diff("p", "", "a\n").unwrap(),
            "--- p\n+++ p (formatted)\n@@ -0,0 +1 @@\n+a\n"
        );
        assert_eq!(
            diff("p", "a", "a\n").unwrap(),
            "--- p\n+++ p (formatted)\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"
        );
    }

    #[test]
    fn hostile_text_is_escaped_and_large_inputs_get_no_diff() {
        let text = diff("p\u{1b}[2J", "a\u{1b}[31m\n", "b\n").unwrap();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("-a\\u{1b}[31m\n"), "{text}");
        let long = "x\n".repeat(MAX_LINES + 1);
        assert_eq!(diff("p", &long, ""), None);
        let old: String = (0..600).map(|i| format!("{i}\n")).collect();
        let new: String = (0..600).map(|i| format!("n{i}\n")).collect();
        assert_eq!(diff("p", &old, &new), None, "1,200 changed lines");
        let within: String = (0..500).map(|i| format!("n{i}\n")).collect();
        assert!(diff("p", &old[..old.find("500\n").unwrap()], &within).is_some());
    }
}
