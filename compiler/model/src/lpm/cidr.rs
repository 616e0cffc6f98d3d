//! Ranges back to prefixes. Cloud security groups and many firewalls cannot
//! subtract, so a zone's effective space (its prefixes minus nested prefixes
//! of other zones) must be written as the exact set of CIDR prefixes covering
//! it, never a wider covering prefix.
//!
//! The greedy cover (at each step the largest aligned prefix that starts at
//! the cursor and stays inside the range) is the unique minimal one for a
//! range; for maximal disjoint ranges, the union of their covers is minimal.

use super::word::Word;

/// Append the minimal prefix cover of the inclusive range `first..=last`
/// (`first <= last`) to `out`.
pub(crate) fn cover_into<W: Word>(first: W, last: W, out: &mut Vec<W::Net>) {
    let mut cursor = first;
    loop {
        let len = cursor.widest_block_len(last);
        // `len` is at most W::BITS by construction, so `to_net` cannot fail.
        out.extend(cursor.to_net(len));
        let (_, block_last) = cursor.block(len);
        match block_last.succ() {
            Some(next) if block_last < last => cursor = next,
            _ => return,
        }
    }
}
