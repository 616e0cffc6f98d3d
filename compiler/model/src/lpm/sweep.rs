//! The partition sweep: from prefixes of one family to the disjoint, sorted
//! ranges that each belong to exactly one zone under longest-prefix match.
//!
//! CIDR prefixes either nest or are disjoint, so after sorting by (first
//! address, widest first) each prefix is either inside the one on top of the
//! stack or after it. The stack holds the open prefixes, innermost on top; the
//! cursor is the first address not yet given to a zone. Opening a prefix gives
//! the gap before it to the enclosing zone; closing one gives the rest of it
//! to its own zone. O(n log n) for the sort, O(n) for the sweep.

use super::word::Word;
use crate::ZoneId;

/// An inclusive range of addresses and the zone it belongs to.
pub(crate) type Segment<W> = (W, W, ZoneId);

/// The exact partition of the union of `blocks` (each `(first, last, zone)`
/// of one prefix): sorted, disjoint, adjacent ranges of one zone merged.
/// Identical prefixes keep the lowest zone.
pub(crate) fn partition<W: Word>(mut blocks: Vec<Segment<W>>) -> Vec<Segment<W>> {
    blocks.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    blocks.dedup_by(|later, kept| (later.0, later.1) == (kept.0, kept.1));
    let mut sweep = Sweep {
        stack: Vec::new(),
        cursor: None,
        out: Vec::with_capacity(blocks.len() * 2),
    };
    for block in blocks {
        sweep.open(block);
    }
    sweep.close_all();
    sweep.out
}

struct Sweep<W> {
    /// Open prefixes as (last address, zone), innermost on top.
    stack: Vec<(W, ZoneId)>,
    /// The first address not yet emitted; `None` once past the maximum.
    cursor: Option<W>,
    out: Vec<Segment<W>>,
}

impl<W: Word> Sweep<W> {
    fn open(&mut self, (first, last, zone): Segment<W>) {
        self.close_before(first);
        if let (Some(&(_, outer)), Some(cursor), Some(before)) =
            (self.stack.last(), self.cursor, first.pred())
        {
            if cursor <= before {
                self.emit(cursor, before, outer);
            }
        }
        self.cursor = Some(first);
        self.stack.push((last, zone));
    }

    /// Close every open prefix that ends before `first`.
    fn close_before(&mut self, first: W) {
        while let Some(&(last, zone)) = self.stack.last() {
            if last >= first {
                break;
            }
            self.stack.pop();
            self.close(last, zone);
        }
    }

    fn close_all(&mut self) {
        while let Some((last, zone)) = self.stack.pop() {
            self.close(last, zone);
        }
    }

    /// Give what is left of a closing prefix to its zone.
    fn close(&mut self, last: W, zone: ZoneId) {
        if let Some(cursor) = self.cursor {
            if cursor <= last {
                self.emit(cursor, last, zone);
            }
            self.cursor = last.succ();
        }
    }

    /// Append a range, merging it into the previous one when that is the
    /// same zone and ends just before it.
    fn emit(&mut self, first: W, last: W, zone: ZoneId) {
        if let Some(prev) = self.out.last_mut() {
            if prev.2 == zone && prev.1.succ() == Some(first) {
                prev.1 = last;
                return;
            }
        }
        self.out.push((first, last, zone));
    }
}
