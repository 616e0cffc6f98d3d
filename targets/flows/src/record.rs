//! One flow record as every reader gives it: the two endpoints as the
//! source wrote them, the protocol, the counters, and what the format says
//! about who opened the connection. Readers know their format; everything
//! after them (direction, classification, aggregation) knows only this.

use std::net::IpAddr;

/// IANA protocol numbers zonec names.
pub const TCP: u8 = 6;
pub const UDP: u8 = 17;
pub const ICMP: u8 = 1;
pub const ICMPV6: u8 = 58;

/// Who opened the connection a record belongs to, as far as the record
/// itself tells.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Initiator {
    /// The record's source opened it (a SYN, Azure's tuple, conntrack's
    /// original direction, a firewall's log of a new connection).
    Source,
    /// The record is the reply: its destination opened it (a SYN-ACK, an
    /// echo reply).
    Destination,
    /// The record does not say (a cloud flow log's per-direction record).
    Unknown,
}

/// One record of a flow log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub src: IpAddr,
    pub dst: IpAddr,
    /// IANA protocol number.
    pub proto: u8,
    /// Source port (TCP, UDP), or `None`.
    pub sport: Option<u16>,
    /// Destination port (TCP, UDP) or ICMP type; `None` when the record
    /// has none or the format does not give the ICMP type.
    pub dport: Option<u16>,
    /// How many flows the record stands for (1 but for CSV's `count`).
    pub count: u64,
    pub packets: u64,
    pub bytes: u64,
    /// Unix seconds.
    pub start: Option<u64>,
    pub end: Option<u64>,
    pub initiator: Initiator,
}

impl Record {
    /// A record of one flow with no counters and no times.
    pub fn new(src: IpAddr, dst: IpAddr, proto: u8, ports: (Option<u16>, Option<u16>)) -> Record {
        Record {
            src,
            dst,
            proto,
            sport: ports.0,
            dport: ports.1,
            count: 1,
            packets: 0,
            bytes: 0,
            start: None,
            end: None,
            initiator: Initiator::Unknown,
        }
    }

    /// Whether the protocol has ports (TCP, UDP, SCTP, DCCP, UDP-Lite).
    pub fn has_ports(&self) -> bool {
        has_ports(self.proto)
    }
}

pub fn has_ports(proto: u8) -> bool {
    matches!(proto, TCP | UDP | 132 | 33 | 136)
}

pub fn is_icmp(proto: u8) -> bool {
    matches!(proto, ICMP | ICMPV6)
}

/// A protocol's name in zonec's outputs: `tcp`, `udp`, `icmp`, `icmpv6`,
/// else the IANA number.
pub fn proto_name(proto: u8) -> String {
    match proto {
        TCP => "tcp".into(),
        UDP => "udp".into(),
        ICMP => "icmp".into(),
        ICMPV6 => "icmpv6".into(),
        n => n.to_string(),
    }
}

/// The protocol number of a name or number as logs write it (`tcp`,
/// `TCP`, `6`, Azure's `T`/`U`).
pub fn proto_number(text: &str) -> Option<u8> {
    if let Ok(n) = text.parse::<u8>() {
        return Some(n);
    }
    match text.to_ascii_lowercase().as_str() {
        "tcp" | "t" => Some(TCP),
        "udp" | "u" => Some(UDP),
        "icmp" => Some(ICMP),
        "icmpv6" | "ipv6-icmp" | "icmp6" => Some(ICMPV6),
        "sctp" => Some(132),
        "gre" => Some(47),
        "esp" => Some(50),
        "ah" => Some(51),
        _ => None,
    }
}
