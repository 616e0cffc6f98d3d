//! Both directions of many connections, as a cloud flow log writes them
//! (one record per direction, in either order, with and without TCP
//! flags): no reply may come out as a connection the server opened.

use crate::direction::{Oriented, Orienter};
use crate::format::{aws, Line, LineReader};
use proptest::prelude::*;
use std::net::IpAddr;

/// Server ports the heuristic must get right without flags: well known
/// and registered ports below the ephemeral range.
const SERVICES: &[u16] = &[22, 53, 80, 443, 1433, 2575, 3389, 5432, 8080, 8443, 9100];

#[derive(Clone, Debug)]
struct Conn {
    client: IpAddr,
    server: IpAddr,
    cport: u16,
    sport: u16,
    /// AWS v3+ `tcp-flags` on the records (else `-`).
    flags: bool,
    reply_first: bool,
}

fn conn(flags: bool) -> impl Strategy<Value = Conn> {
    let addr = (any::<u32>(), any::<bool>()).prop_map(|(a, v6)| match v6 {
        true => IpAddr::from([0xfd00, 0, 0, 0, 0, 0, (a >> 16) as u16, a as u16]),
        false => IpAddr::from(a.to_be_bytes()),
    });
    // With flags any server port works, even one above the client's.
    let sport = match flags {
        true => any::<u16>().prop_filter("a port", |&p| p > 0).boxed(),
        false => prop::sample::select(SERVICES).boxed(),
    };
    (addr.clone(), addr, 32_768..=60_999u16, sport, any::<bool>())
        .prop_filter("two hosts", |(c, s, ..)| c != s)
        .prop_map(move |(client, server, cport, sport, reply_first)| Conn {
            client,
            server,
            cport,
            sport,
            flags,
            reply_first,
        })
}

/// The two records of `c`, in the order the log has them.
fn records(c: &Conn) -> [String; 2] {
    let flag = |f: &str| {
        if c.flags {
            f.to_string()
        } else {
            "-".to_string()
        }
    };
    let request = format!(
        "{} {} {} {} 6 {}",
        c.client,
        c.server,
        c.cport,
        c.sport,
        flag("2")
    );
    let reply = format!(
        "{} {} {} {} 6 {}",
        c.server,
        c.client,
        c.sport,
        c.cport,
        flag("18")
    );
    match c.reply_first {
        true => [reply, request],
        false => [request, reply],
    }
}

fn orient_all(conns: &[Conn]) -> Vec<(Conn, Oriented)> {
    let mut reader = aws::Reader::default();
    let header = b"srcaddr dstaddr srcport dstport protocol tcp-flags";
    assert!(matches!(reader.line(header), Ok(Line::Other)));
    let mut orienter = Orienter::default();
    let mut out = Vec::new();
    for c in conns {
        for line in records(c) {
            let Ok(Line::Record(r)) = reader.line(line.as_bytes()) else {
                panic!("{line} does not read");
            };
            out.push((c.clone(), orienter.orient(&r)));
        }
    }
    out
}

fn check(conns: &[Conn]) {
    for (c, o) in orient_all(conns) {
        assert_eq!(
            (o.client, o.server, o.port),
            (c.client, c.server, Some(c.sport)),
            "{c:?}"
        );
        assert_eq!(o.guessed, !c.flags, "{c:?}");
    }
}

proptest! {
    #[test]
    fn no_reply_is_read_as_opened_by_the_server(
        with in prop::collection::vec(conn(true), 1..200),
        without in prop::collection::vec(conn(false), 1..200),
    ) {
        check(&with);
        check(&without);
        let mut mixed = with.clone();
        mixed.extend(without.iter().cloned());
        check(&mixed);
    }
}

/// A reply whose own record says nothing (a FIN-only window) follows the
/// direction its connection's SYN decided, even against the heuristic.
#[test]
fn an_undecided_record_follows_its_decided_connection() {
    let mut reader = aws::Reader::default();
    let _ = reader.line(b"srcaddr dstaddr srcport dstport protocol tcp-flags");
    let mut orienter = Orienter::default();
    let mut orient = |line: &[u8]| match reader.line(line) {
        Ok(Line::Record(r)) => orienter.orient(&r),
        other => panic!("{other:?}"),
    };
    // The client's port (1000) is below the server's (2575).
    let syn = orient(b"10.0.0.1 10.0.0.2 1000 2575 6 2");
    let fin = orient(b"10.0.0.2 10.0.0.1 2575 1000 6 1");
    for o in [syn, fin] {
        assert_eq!(o.port, Some(2575));
        assert!(!o.guessed);
    }
    // Without the SYN the heuristic alone would take 1000 for the server.
    let alone = orient(b"10.0.0.3 10.0.0.4 1000 2575 6 -");
    assert_eq!((alone.port, alone.guessed), (Some(1000), true));
}
