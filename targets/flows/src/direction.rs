//! Who opened each flow. Cloud flow logs write each direction of a
//! connection as its own record, so a reply (server port 443 back to the
//! client's ephemeral port) must not be read as the server opening a
//! connection to the client. In order, the first that decides:
//!
//! 1. the record itself ([`Initiator`]: TCP flags, Azure's tuple,
//!    conntrack's original tuple, a firewall's log, an ICMP echo type);
//! 2. the reverse record of the same connection seen earlier in the input
//!    and decided by 1 (a table of the most recent connections, of fixed
//!    size, so memory does not grow with the input);
//! 3. the port heuristic ([`server_port`]), and the flow is counted as
//!    guessed.

use crate::record::{is_icmp, Initiator, Record};
use std::net::IpAddr;

/// A flow in the direction it was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Oriented {
    pub client: IpAddr,
    pub server: IpAddr,
    pub proto: u8,
    /// The server's port, the ICMP type (of the request for an echo), or
    /// `None`.
    pub port: Option<u16>,
    pub guessed: bool,
}

/// Slots of the connection table (a power of two).
const SLOTS: usize = 1 << 16;

/// A connection, endpoints in a fixed order (the lower first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Conn {
    lo: (IpAddr, u16),
    hi: (IpAddr, u16),
    proto: u8,
}

/// The direction step, with its table of decided connections.
pub struct Orienter {
    /// Each decided connection and whether its `lo` end is the server.
    table: Vec<Option<(Conn, bool)>>,
    /// Whether any record decided a connection yet: a log without flags
    /// (AWS version 2) never does, and skips the table.
    used: bool,
}

impl Default for Orienter {
    fn default() -> Self {
        Orienter {
            table: vec![None; SLOTS],
            used: false,
        }
    }
}

impl Orienter {
    pub fn orient(&mut self, r: &Record) -> Oriented {
        let flipped = |port| Oriented {
            client: r.dst,
            server: r.src,
            proto: r.proto,
            port,
            guessed: false,
        };
        let kept = Oriented {
            client: r.src,
            server: r.dst,
            proto: r.proto,
            port: r.dport,
            guessed: false,
        };
        if is_icmp(r.proto) {
            return icmp(r, kept);
        }
        let (Some(sport), Some(dport)) = (r.sport, r.dport) else {
            let guessed = r.initiator == Initiator::Unknown;
            return match r.initiator {
                Initiator::Destination => flipped(r.sport),
                _ => Oriented { guessed, ..kept },
            };
        };
        let conn = Conn::of(r.src, sport, r.dst, dport, r.proto);
        let slot = conn.slot();
        let src_is_lo = conn.lo == (r.src, sport);
        let server_is_src = match r.initiator {
            Initiator::Source => false,
            Initiator::Destination => true,
            Initiator::Unknown => match self.used.then(|| self.table.get(slot)) {
                Some(Some(Some((c, lo_server)))) if *c == conn => *lo_server == src_is_lo,
                _ => {
                    let guess = server_port(sport, dport) == Side::Source;
                    return match guess {
                        true => Oriented {
                            guessed: true,
                            ..flipped(Some(sport))
                        },
                        false => Oriented {
                            guessed: true,
                            ..kept
                        },
                    };
                }
            },
        };
        if let Some(s) = self.table.get_mut(slot) {
            *s = Some((conn, server_is_src == src_is_lo));
            self.used = true;
        }
        match server_is_src {
            true => flipped(Some(sport)),
            false => kept,
        }
    }
}

/// ICMP: an echo reply is the reply of the request of the other end;
/// every other type is taken as written.
fn icmp(r: &Record, kept: Oriented) -> Oriented {
    let v6 = r.proto == crate::record::ICMPV6;
    let (request, reply) = if v6 { (128, 129) } else { (8, 0) };
    match (r.dport, r.initiator) {
        (Some(t), _) if t == reply => Oriented {
            client: r.dst,
            server: r.src,
            port: Some(request),
            ..kept
        },
        (None, Initiator::Unknown) => Oriented {
            guessed: true,
            ..kept
        },
        (None, Initiator::Destination) => Oriented {
            client: r.dst,
            server: r.src,
            ..kept
        },
        _ => kept,
    }
}

impl Conn {
    fn of(a: IpAddr, ap: u16, b: IpAddr, bp: u16, proto: u8) -> Conn {
        let (lo, hi) = if (a, ap) <= (b, bp) {
            ((a, ap), (b, bp))
        } else {
            ((b, bp), (a, ap))
        };
        Conn { lo, hi, proto }
    }

    /// FNV-1a of the connection: deterministic, so runs are repeatable.
    fn slot(&self) -> usize {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        for (addr, port) in [self.lo, self.hi] {
            match addr {
                IpAddr::V4(a) => eat(&a.octets()),
                IpAddr::V6(a) => eat(&a.octets()),
            }
            eat(&port.to_be_bytes());
        }
        eat(&[self.proto]);
        (h as usize) & (SLOTS - 1)
    }
}

/// Which end of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Destination,
}

/// The first port at or above which Linux (32768) and IANA (49152) pick
/// ephemeral client ports.
pub const EPHEMERAL: u16 = 32_768;

/// The port heuristic, used only when nothing else decides: the server's
/// port is the one below 1024 when only one is; else the one below
/// [`EPHEMERAL`] when only one is; else the lower one; the destination
/// when both are equal.
pub fn server_port(sport: u16, dport: u16) -> Side {
    let pick = |s: bool, d: bool| match (s, d) {
        (true, false) => Some(Side::Source),
        (false, true) => Some(Side::Destination),
        _ => None,
    };
    pick(sport < 1024, dport < 1024)
        .or(pick(sport < EPHEMERAL, dport < EPHEMERAL))
        .unwrap_or(if sport < dport {
            Side::Source
        } else {
            Side::Destination
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heuristic_prefers_well_known_then_non_ephemeral_then_lower() {
        assert_eq!(server_port(51234, 443), Side::Destination);
        assert_eq!(server_port(443, 51234), Side::Source);
        assert_eq!(server_port(8443, 50000), Side::Source);
        assert_eq!(server_port(40000, 33000), Side::Destination);
        assert_eq!(server_port(5000, 5000), Side::Destination);
    }
}
