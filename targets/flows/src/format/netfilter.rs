//! Kernel log lines of nftables' (or iptables') `log` statement, as
//! `dmesg`, syslog or `journalctl -k` show them:
//!
//! ```text
//! Dec 05 08:00:01 gw kernel: zonec drop guest: IN=eth1 OUT=eth2 SRC=192.168.100.7 DST=10.2.0.9 LEN=60 ... PROTO=TCP SPT=51234 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0
//! ```
//!
//! The prefix before `IN=` is the rule's `log prefix`: zonec's own (`zonec
//! drop ZONE: `, `zonec would-drop ZONE: `, `zonec spoof ZONE: `) log the
//! first packet of a new connection, so their source opened it. Otherwise
//! the TCP flags decide (SYN without ACK: the source; SYN with ACK: the
//! reply) and ICMP echo reply is a reply. Lines without `SRC=` (the rest of
//! the journal) are not records.

use super::conntrack::{contains, split_eq};
use super::{Line, Malformed};
use crate::fields;
use crate::record::{Initiator, Record, ICMP, ICMPV6, TCP};

pub fn detect(line: &[u8]) -> bool {
    contains(line, b"SRC=") && contains(line, b"DST=") && contains(line, b"PROTO=")
}

pub struct Reader;

impl super::LineReader for Reader {
    fn line(&mut self, line: &[u8]) -> Result<Line, Malformed> {
        if !contains(line, b"SRC=") {
            return Ok(Line::Other);
        }
        parse(line).map(Line::Record)
    }
}

#[derive(Default)]
struct Seen<'a> {
    src: Option<&'a [u8]>,
    dst: Option<&'a [u8]>,
    proto: Option<&'a [u8]>,
    spt: Option<&'a [u8]>,
    dpt: Option<&'a [u8]>,
    kind: Option<&'a [u8]>,
    len: Option<&'a [u8]>,
    syn: bool,
    ack: bool,
}

fn parse(line: &[u8]) -> Result<Record, Malformed> {
    let mut s = Seen::default();
    for w in line.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        match split_eq(w) {
            Some((b"SRC", v)) => s.src = Some(v),
            Some((b"DST", v)) => s.dst = Some(v),
            Some((b"PROTO", v)) => s.proto = Some(v),
            Some((b"SPT", v)) => s.spt = Some(v),
            Some((b"DPT", v)) => s.dpt = Some(v),
            Some((b"TYPE", v)) if s.kind.is_none() => s.kind = Some(v),
            Some((b"LEN", v)) if s.len.is_none() => s.len = Some(v),
            None if w == b"SYN" => s.syn = true,
            None if w == b"ACK" => s.ack = true,
            _ => {}
        }
    }
    let addr = |v: Option<&[u8]>, what: &str| {
        v.and_then(fields::ip)
            .ok_or_else(|| format!("no `{what}=` address"))
    };
    let (src, dst) = (addr(s.src, "SRC")?, addr(s.dst, "DST")?);
    let proto = s
        .proto
        .and_then(fields::text)
        .and_then(crate::record::proto_number)
        .ok_or("no known `PROTO=`")?;
    let port = |v: Option<&[u8]>, what: &str| -> Result<Option<u16>, Malformed> {
        v.map(|v| fields::u16_of(v).ok_or_else(|| format!("`{what}=` is not a port")))
            .transpose()
    };
    let ports = match crate::record::is_icmp(proto) {
        true => (None, port(s.kind, "TYPE")?),
        false => (port(s.spt, "SPT")?, port(s.dpt, "DPT")?),
    };
    if crate::record::has_ports(proto) && (ports.0.is_none() || ports.1.is_none()) {
        return Err("a TCP or UDP flow without both ports".into());
    }
    let mut r = Record::new(src, dst, proto, ports);
    r.packets = 1;
    r.bytes = s.len.and_then(fields::u64_of).unwrap_or(0);
    r.initiator = initiator(line, proto, &s, r.dport);
    Ok(r)
}

fn initiator(line: &[u8], proto: u8, s: &Seen, dport: Option<u16>) -> Initiator {
    let zonec = [&b"zonec drop "[..], b"zonec would-drop ", b"zonec spoof "];
    if zonec.iter().any(|p| contains(line, p)) {
        return Initiator::Source;
    }
    match (proto, dport) {
        (TCP, _) if s.syn && s.ack => Initiator::Destination,
        (TCP, _) if s.syn => Initiator::Source,
        (ICMP, Some(0)) | (ICMPV6, Some(129)) => Initiator::Destination,
        (ICMP, Some(8)) | (ICMPV6, Some(128)) => Initiator::Source,
        _ => Initiator::Unknown,
    }
}
