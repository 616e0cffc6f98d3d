//! The text of `conntrack -L` (and of `-o extended` or
//! `/proc/net/nf_conntrack`, which begin with `ipv4 2` / `ipv6 10`):
//!
//! ```text
//! tcp      6 431999 ESTABLISHED src=10.1.0.5 dst=10.2.0.9 sport=51234 dport=443 src=10.2.0.9 dst=10.1.0.5 sport=443 dport=51234 [ASSURED] mark=0 use=1
//! ```
//!
//! The first tuple is the original direction: its source opened the
//! connection, so the flow needs no guess. `packets=`/`bytes=` (with
//! accounting on) of both tuples are added.

use super::{Line, Malformed};
use crate::fields;
use crate::record::{Initiator, Record};

const PROTOS: [&[u8]; 10] = [
    b"tcp", b"udp", b"icmp", b"icmpv6", b"sctp", b"dccp", b"gre", b"udplite", b"unknown", b"ipv4",
];

pub fn detect(line: &[u8]) -> bool {
    let first = line.split(|&b| b == b' ').next().unwrap_or_default();
    (PROTOS.contains(&first) || first == b"ipv6")
        && contains(line, b" src=")
        && contains(line, b" dst=")
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

pub struct Reader;

impl super::LineReader for Reader {
    fn line(&mut self, line: &[u8]) -> Result<Line, Malformed> {
        let line = line.trim_ascii();
        if line.is_empty() || line.starts_with(b"conntrack v") {
            return Ok(Line::Other);
        }
        let mut words = line.split(|&b| b == b' ').filter(|w| !w.is_empty());
        // `ipv4 2 tcp 6 ...` (extended) or `tcp 6 ...`: skip to the number.
        if matches!(words.next(), Some(b"ipv4" | b"ipv6")) {
            words.next();
            words.next();
        }
        let proto = words
            .next()
            .and_then(fields::u64_of)
            .and_then(|n| u8::try_from(n).ok())
            .ok_or("no protocol number after the protocol name")?;
        tuple(proto, words)
    }
}

/// The original tuple's fields (those before the second `src=`) and both
/// tuples' counters. An original tuple without a port is malformed.
fn tuple<'a>(proto: u8, words: impl Iterator<Item = &'a [u8]>) -> Result<Line, Malformed> {
    let (mut src, mut dst, mut sport, mut dport, mut kind) = (None, None, None, None, None);
    let (mut packets, mut bytes) = (0u64, 0u64);
    let mut tuples = 0;
    for w in words {
        let Some((key, value)) = split_eq(w) else {
            continue;
        };
        tuples += usize::from(key == b"src");
        match key {
            b"packets" => packets = packets.saturating_add(fields::u64_of(value).unwrap_or(0)),
            b"bytes" => bytes = bytes.saturating_add(fields::u64_of(value).unwrap_or(0)),
            _ if tuples > 1 => {}
            b"src" if src.is_none() => src = Some(value),
            b"dst" if dst.is_none() => dst = Some(value),
            b"sport" if sport.is_none() => sport = Some(value),
            b"dport" if dport.is_none() => dport = Some(value),
            b"type" if kind.is_none() => kind = Some(value),
            _ => {}
        }
    }
    let addr = |v: Option<&[u8]>, what: &str| {
        v.and_then(fields::ip)
            .ok_or_else(|| format!("no `{what}=` address"))
    };
    let (src, dst) = (addr(src, "src")?, addr(dst, "dst")?);
    let port = |v: Option<&[u8]>, what: &str| -> Result<Option<u16>, Malformed> {
        v.map(|v| fields::u16_of(v).ok_or_else(|| format!("`{what}=` is not a port")))
            .transpose()
    };
    let ports = match crate::record::is_icmp(proto) {
        true => (None, port(kind, "type")?),
        false => (port(sport, "sport")?, port(dport, "dport")?),
    };
    if crate::record::has_ports(proto) && (ports.0.is_none() || ports.1.is_none()) {
        return Err("a TCP or UDP flow without both ports".into());
    }
    let mut r = Record::new(src, dst, proto, ports);
    (r.packets, r.bytes) = (packets, bytes);
    r.initiator = Initiator::Source;
    Ok(Line::Record(r))
}

pub(crate) fn split_eq(w: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = w.iter().position(|&b| b == b'=')?;
    Some((w.get(..at)?, w.get(at + 1..)?))
}
