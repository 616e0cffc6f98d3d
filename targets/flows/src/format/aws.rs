//! AWS VPC Flow Logs, text: space-separated fields in the default
//! version-2 order (`version account-id interface-id srcaddr dstaddr
//! srcport dstport protocol packets bytes start end action log-status`) or
//! in the custom order of the header line AWS writes at the top of each
//! file delivered to S3. Fields of versions 2 to 5 are read by name:
//! `tcp-flags` (version 3) decides the initiator (SYN: the source opened
//! it; SYN-ACK, 18: it is the reply), and `pkt-srcaddr`/`pkt-dstaddr` are
//! the packet's real addresses (through a NAT gateway or a
//! load balancer), so they win over `srcaddr`/`dstaddr`. `NODATA` and
//! `SKIPDATA` records are counted and skipped; `-` is a missing value.

use super::{Line, Malformed};
use crate::fields;
use crate::record::{Initiator, Record};

/// The default version-2 order.
const DEFAULT: [&str; 14] = [
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
];

/// Where each field zonec reads is in a line.
#[derive(Clone, Debug, Default)]
struct Columns {
    count: usize,
    srcaddr: Option<usize>,
    dstaddr: Option<usize>,
    pkt_srcaddr: Option<usize>,
    pkt_dstaddr: Option<usize>,
    srcport: Option<usize>,
    dstport: Option<usize>,
    protocol: Option<usize>,
    packets: Option<usize>,
    bytes: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    log_status: Option<usize>,
    tcp_flags: Option<usize>,
}

impl Columns {
    fn of<'a>(names: impl Iterator<Item = &'a [u8]>) -> Columns {
        let mut c = Columns::default();
        for (i, name) in names.enumerate() {
            c.count = i + 1;
            let name: Vec<u8> = name
                .iter()
                .map(|&b| {
                    if b == b'_' {
                        b'-'
                    } else {
                        b.to_ascii_lowercase()
                    }
                })
                .collect();
            let slot = match name.as_slice() {
                b"srcaddr" => &mut c.srcaddr,
                b"dstaddr" => &mut c.dstaddr,
                b"pkt-srcaddr" => &mut c.pkt_srcaddr,
                b"pkt-dstaddr" => &mut c.pkt_dstaddr,
                b"srcport" => &mut c.srcport,
                b"dstport" => &mut c.dstport,
                b"protocol" => &mut c.protocol,
                b"packets" => &mut c.packets,
                b"bytes" => &mut c.bytes,
                b"start" => &mut c.start,
                b"end" => &mut c.end,
                b"log-status" => &mut c.log_status,
                b"tcp-flags" => &mut c.tcp_flags,
                _ => continue,
            };
            *slot = Some(i);
        }
        c
    }
}

/// Whether a first line is AWS's: a header naming `srcaddr`, or a record
/// of the default order (version 2 and 14 fields).
pub fn detect(line: &[u8]) -> bool {
    let mut words = line.split(|&b| b == b' ').filter(|w| !w.is_empty());
    let header = words
        .clone()
        .any(|w| w.eq_ignore_ascii_case(b"srcaddr") || w.eq_ignore_ascii_case(b"pkt-srcaddr"));
    header || (words.next() == Some(b"2") && words.count() == DEFAULT.len() - 1)
}

#[derive(Default)]
pub struct Reader {
    /// The order of the header, once read; the default order until then.
    columns: Option<Columns>,
}

impl super::LineReader for Reader {
    fn line(&mut self, line: &[u8]) -> Result<Line, Malformed> {
        let line = line.trim_ascii();
        if line.is_empty() {
            return Ok(Line::Other);
        }
        let mut words = [&b""[..]; 64];
        let mut n = 0;
        for w in line.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            let slot = words.get_mut(n).ok_or("more than 64 fields")?;
            *slot = w;
            n += 1;
        }
        let words = words.get(..n).unwrap_or_default();
        if words.iter().any(|w| w.eq_ignore_ascii_case(b"srcaddr")) {
            self.columns = Some(Columns::of(words.iter().copied()));
            return Ok(Line::Other);
        }
        let columns = self
            .columns
            .get_or_insert_with(|| Columns::of(DEFAULT.iter().map(|s| s.as_bytes())));
        record(columns, words)
    }
}

fn record(c: &Columns, words: &[&[u8]]) -> Result<Line, Malformed> {
    if words.len() != c.count {
        return Err(format!(
            "{} fields where the header has {}",
            words.len(),
            c.count
        ));
    }
    let get = |i: Option<usize>| i.and_then(|i| words.get(i).copied()).filter(|w| *w != b"-");
    match get(c.log_status) {
        Some(b"NODATA") => return Ok(Line::NoData),
        Some(b"SKIPDATA") => return Ok(Line::SkipData),
        _ => {}
    }
    let addr = |pkt: Option<usize>, plain: Option<usize>, what: &str| {
        let w = get(pkt)
            .or(get(plain))
            .ok_or_else(|| format!("no {what} address"))?;
        fields::ip(w).ok_or_else(|| format!("`{what}addr` is not an address"))
    };
    let src = addr(c.pkt_srcaddr, c.srcaddr, "src")?;
    let dst = addr(c.pkt_dstaddr, c.dstaddr, "dst")?;
    let proto = get(c.protocol).ok_or("no protocol")?;
    let proto = fields::text(proto)
        .and_then(|p| p.parse::<u8>().ok())
        .ok_or("`protocol` is not a protocol number")?;
    let port = |i: Option<usize>, what: &str| -> Result<Option<u16>, Malformed> {
        get(i)
            .map(|w| fields::u16_of(w).ok_or_else(|| format!("`{what}` is not a port")))
            .transpose()
    };
    let ports = (port(c.srcport, "srcport")?, port(c.dstport, "dstport")?);
    let mut r = Record::new(src, dst, proto, ports);
    if crate::record::is_icmp(proto) {
        // AWS logs no ICMP type: the ports of an ICMP record are 0.
        (r.sport, r.dport) = (None, None);
    }
    let num = |i: Option<usize>, what: &str| -> Result<Option<u64>, Malformed> {
        get(i)
            .map(|w| fields::u64_of(w).ok_or_else(|| format!("`{what}` is not a number")))
            .transpose()
    };
    r.packets = num(c.packets, "packets")?.unwrap_or(0);
    r.bytes = num(c.bytes, "bytes")?.unwrap_or(0);
    r.start = num(c.start, "start")?;
    r.end = num(c.end, "end")?;
    if let Some(flags) = num(c.tcp_flags, "tcp-flags")? {
        r.initiator = initiator(proto, flags);
    }
    Ok(Line::Record(r))
}

/// What AWS's OR of TCP flags says: SYN-ACK (18) is the server's reply, a
/// SYN without it the client's opening.
fn initiator(proto: u8, flags: u64) -> Initiator {
    if proto != crate::record::TCP {
        Initiator::Unknown
    } else if flags & 18 == 18 {
        Initiator::Destination
    } else if flags & 2 == 2 {
        Initiator::Source
    } else {
        Initiator::Unknown
    }
}
