//! A plain CSV of flows, for anything else (a SIEM export, a spreadsheet):
//! a header naming the columns, `src,dst,proto,dport` required and
//! `sport`, `count`, `packets`, `bytes`, `first_seen`, `last_seen` optional,
//! in any order. `proto` is a name (`tcp`) or a number; `dport` is empty
//! for protocols without ports and is the type for ICMP; times are Unix
//! seconds or RFC 3339. Each row says who opened the flow: `src`.
//! Fields may be quoted (`"..."`, `""` for a quote).

use super::{Line, Malformed};
use crate::fields;
use crate::record::{Initiator, Record};

const NAMES: [&str; 10] = [
    "src",
    "dst",
    "proto",
    "dport",
    "sport",
    "count",
    "packets",
    "bytes",
    "first_seen",
    "last_seen",
];

pub fn detect(line: &[u8]) -> bool {
    let Some(text) = fields::text(line) else {
        return false;
    };
    let cols = split(text);
    ["src", "dst", "proto", "dport"]
        .iter()
        .all(|n| cols.iter().any(|c| c.trim().eq_ignore_ascii_case(n)))
}

#[derive(Default)]
pub struct Reader {
    /// For each of `NAMES`, its column.
    columns: Option<[Option<usize>; 10]>,
}

impl super::LineReader for Reader {
    fn line(&mut self, line: &[u8]) -> Result<Line, Malformed> {
        let text = fields::text(line).ok_or("not UTF-8")?.trim();
        if text.is_empty() {
            return Ok(Line::Other);
        }
        let cols = split(text);
        let Some(columns) = self.columns else {
            if !detect(text.as_bytes()) {
                return Err("the header lacks `src`, `dst`, `proto` or `dport`".into());
            }
            self.columns = Some(header(&cols));
            return Ok(Line::Other);
        };
        row(&columns, &cols).map(Line::Record)
    }
}

fn header(cols: &[String]) -> [Option<usize>; 10] {
    NAMES.map(|n| cols.iter().position(|c| c.trim().eq_ignore_ascii_case(n)))
}

fn row(columns: &[Option<usize>; 10], cols: &[String]) -> Result<Record, Malformed> {
    let get = |i: usize| {
        columns
            .get(i)
            .copied()
            .flatten()
            .and_then(|c| cols.get(c))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    };
    let addr = |i: usize, what: &str| {
        get(i)
            .and_then(|s| fields::ip(s.as_bytes()))
            .ok_or_else(|| format!("`{what}` is not an address"))
    };
    let (src, dst) = (addr(0, "src")?, addr(1, "dst")?);
    let proto = get(2)
        .and_then(crate::record::proto_number)
        .ok_or("`proto` is not a protocol")?;
    let port = |i: usize, what: &str| -> Result<Option<u16>, Malformed> {
        get(i)
            .map(|s| s.parse().map_err(|_| format!("`{what}` is not a port")))
            .transpose()
    };
    let mut r = Record::new(src, dst, proto, (port(4, "sport")?, port(3, "dport")?));
    let num = |i: usize, what: &str| -> Result<Option<u64>, Malformed> {
        get(i)
            .map(|s| s.parse().map_err(|_| format!("`{what}` is not a number")))
            .transpose()
    };
    r.count = num(5, "count")?.unwrap_or(1);
    r.packets = num(6, "packets")?.unwrap_or(0);
    r.bytes = num(7, "bytes")?.unwrap_or(0);
    let time = |i: usize, what: &str| -> Result<Option<u64>, Malformed> {
        get(i)
            .map(|s| fields::time(s).ok_or_else(|| format!("`{what}` is not a time")))
            .transpose()
    };
    r.start = time(8, "first_seen")?;
    r.end = time(9, "last_seen")?;
    r.initiator = Initiator::Source;
    Ok(r)
}

/// The fields of one CSV line (quotes removed).
fn split(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                push(&mut out, '"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => push(&mut out, c),
        }
    }
    out
}

fn push(out: &mut [String], c: char) {
    if let Some(last) = out.last_mut() {
        last.push(c);
    }
}
