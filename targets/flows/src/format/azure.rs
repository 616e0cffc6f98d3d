//! Azure flow logs, one JSON document per blob. VNet flow logs (version
//! 4): `records[].flowRecords.flows[].flowGroups[].flowTuples[]`; NSG flow
//! logs (version 2): `records[].properties.flows[].flows[].flowTuples[]`.
//! A tuple is comma-separated text:
//!
//! - VNet v4: `time,src,dst,sport,dport,protocol,direction,state,
//!   encryption,packets→,bytes→,packets←,bytes←` (protocol a number, state
//!   `B` begin, `C` continuing, `E` end, `D` denied);
//! - NSG v2: `time,src,dst,sport,dport,protocol,direction,decision,state,
//!   packets→,bytes→,packets←,bytes←` (protocol `T`/`U`, decision `A`/`D`).
//!
//! Azure writes each tuple in the direction of the connection: its source
//! opened it, whatever the state (`B`, `C`, `E`, `D`). Times are
//! milliseconds (v4) or seconds (v2) since the epoch.

use super::{DocItem, Malformed};
use crate::fields;
use crate::record::{Initiator, Record};
use serde_json::Value;

pub fn document(text: &[u8]) -> Result<Vec<DocItem>, Malformed> {
    let doc: Value = serde_json::from_slice(text).map_err(|e| format!("not JSON: {e}"))?;
    let records = doc
        .get("records")
        .and_then(Value::as_array)
        .ok_or("no `records` array (not an Azure flow log)")?;
    let mut out = Vec::new();
    let mut cursor = Cursor {
        text,
        at: 0,
        left: LOCATED,
    };
    for rec in records {
        for tuple in tuples(rec) {
            let parsed = match tuple.as_str() {
                Some(t) => parse(t),
                None => Err("a flow tuple that is not a string".into()),
            };
            let at = match (&parsed, tuple.as_str()) {
                (Err(_), Some(t)) => cursor.find(t),
                _ => None,
            };
            out.push((at, parsed));
        }
    }
    Ok(out)
}

/// Finds malformed tuples in the text, in order, for their line numbers.
struct Cursor<'t> {
    text: &'t [u8],
    at: usize,
    /// How many more to look for: each search may scan the rest of the
    /// text, so only the first few (those a report shows) are located.
    left: usize,
}

/// How many malformed tuples get a line number.
const LOCATED: usize = 32;

impl Cursor<'_> {
    fn find(&mut self, tuple: &str) -> Option<usize> {
        self.left = self.left.checked_sub(1)?;
        let needle = format!("\"{tuple}\"");
        let rest = self.text.get(self.at..)?;
        let found = rest
            .windows(needle.len().max(1))
            .position(|w| w == needle.as_bytes())?;
        self.at += found + 1;
        Some(self.at)
    }
}

/// Every tuple of a record, of either version.
fn tuples(rec: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    let v4 = list(rec.pointer("/flowRecords/flows"));
    for flow in v4 {
        for group in list(flow.get("flowGroups")) {
            out.extend(list(group.get("flowTuples")));
        }
    }
    let v2 = list(rec.pointer("/properties/flows"));
    for rule in v2 {
        for flow in list(rule.get("flows")) {
            out.extend(list(flow.get("flowTuples")));
        }
    }
    out
}

/// One tuple of either version (told apart by the protocol field: a number
/// in v4, a letter in v2).
pub fn parse(tuple: &str) -> Result<Record, Malformed> {
    let f: Vec<&str> = tuple.split(',').collect();
    if f.len() < 8 {
        return Err(format!("a flow tuple of {} fields, not 13", f.len()));
    }
    let at = |i: usize| f.get(i).copied().unwrap_or("");
    let v4 = at(5).bytes().all(|b| b.is_ascii_digit());
    let src = fields::ip(at(1).as_bytes()).ok_or("the source is not an address")?;
    let dst = fields::ip(at(2).as_bytes()).ok_or("the destination is not an address")?;
    let proto = crate::record::proto_number(at(5)).ok_or("unknown protocol")?;
    let port = |s: &str| match s {
        "" => Ok(None),
        s => s
            .parse::<u16>()
            .map(Some)
            .map_err(|_| format!("`{}` is not a port", fields::shown(s))),
    };
    let mut r = Record::new(src, dst, proto, (port(at(3))?, port(at(4))?));
    if !r.has_ports() {
        (r.sport, r.dport) = (None, None);
    }
    let state = if v4 { at(7) } else { at(8) };
    if !matches!(state, "B" | "C" | "E" | "D" | "") {
        return Err(format!("unknown flow state `{}`", fields::shown(state)));
    }
    let time: u64 = at(0).parse().map_err(|_| "the time is not a number")?;
    let time = if v4 { time / 1000 } else { time };
    (r.start, r.end) = (Some(time), Some(time));
    let n = |i: usize| at(i).parse::<u64>().unwrap_or(0);
    r.packets = n(9).saturating_add(n(11));
    r.bytes = n(10).saturating_add(n(12));
    r.initiator = Initiator::Source;
    Ok(r)
}

fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array)
        .map_or(&[][..], |a| a.as_slice())
}
