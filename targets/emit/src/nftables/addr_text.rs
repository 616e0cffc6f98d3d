//! Addresses written straight into the ruleset's text.
//!
//! A thousand-zone ruleset holds about fifty thousand map keys, and going
//! through `Display` (a formatter, padding checks, one `write!` per
//! segment) cost a twentieth of `build`. These functions append the same
//! text as `Display` does: dotted decimal for IPv4, and for IPv6 the
//! RFC 5952 form `std` prints (lowercase hex, the longest run of two or
//! more zero groups, the first of equal runs, shortened to `::`; an
//! IPv4-mapped address as `::ffff:a.b.c.d`). A test holds them to
//! `Display` on generated addresses.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Append `a` as `Display` prints it.
pub(crate) fn push(out: &mut String, a: IpAddr) {
    match a {
        IpAddr::V4(a) => push_v4(out, a),
        IpAddr::V6(a) => push_v6(out, a),
    }
}

fn push_v4(out: &mut String, a: Ipv4Addr) {
    for (i, octet) in a.octets().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_decimal(out, octet);
    }
}

fn push_decimal(out: &mut String, n: u8) {
    let (hundreds, tens, ones) = (n / 100, n / 10 % 10, n % 10);
    if hundreds > 0 {
        out.push(char::from(b'0' + hundreds));
    }
    if hundreds > 0 || tens > 0 {
        out.push(char::from(b'0' + tens));
    }
    out.push(char::from(b'0' + ones));
}

fn push_v6(out: &mut String, a: Ipv6Addr) {
    if let Some(v4) = a.to_ipv4_mapped() {
        out.push_str("::ffff:");
        push_v4(out, v4);
        return;
    }
    let segments = a.segments();
    let (start, len) = longest_zero_run(&segments);
    if len > 1 {
        push_groups(out, segments.get(..start).unwrap_or_default());
        out.push_str("::");
        push_groups(out, segments.get(start + len..).unwrap_or_default());
    } else {
        push_groups(out, &segments);
    }
}

/// Start and length of the first longest run of zero groups.
fn longest_zero_run(segments: &[u16; 8]) -> (usize, usize) {
    let (mut best, mut current) = ((0, 0), (0, 0));
    for (i, &s) in segments.iter().enumerate() {
        if s == 0 {
            if current.1 == 0 {
                current.0 = i;
            }
            current.1 += 1;
            if current.1 > best.1 {
                best = current;
            }
        } else {
            current = (0, 0);
        }
    }
    best
}

fn push_groups(out: &mut String, groups: &[u16]) {
    for (i, &g) in groups.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        push_hex(out, g);
    }
}

fn push_hex(out: &mut String, n: u16) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut started = false;
    for shift in [12u32, 8, 4, 0] {
        let nibble = usize::from((n >> shift) & 0xf);
        if nibble != 0 || started || shift == 0 {
            started = true;
            if let Some(&d) = DIGITS.get(nibble) {
                out.push(char::from(d));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(a: IpAddr) -> String {
        let mut out = String::new();
        push(&mut out, a);
        out
    }

    /// A small generator, so the test needs no dependency and no seed file.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn matches_display_on_generated_addresses() {
        let mut state = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            let v4 = Ipv4Addr::from(next(&mut state) as u32);
            assert_eq!(text(v4.into()), v4.to_string());
            // Groups drawn mostly from zero, so that runs of every length
            // and position, and ties between runs, occur often.
            let mut groups = [0u16; 8];
            for g in &mut groups {
                let r = next(&mut state);
                *g = match r % 4 {
                    0 | 1 => 0,
                    2 => (r >> 8) as u16 & 0xf,
                    _ => (r >> 8) as u16,
                };
            }
            let v6 = Ipv6Addr::from(groups);
            assert_eq!(text(v6.into()), v6.to_string(), "{groups:x?}");
        }
    }

    #[test]
    fn matches_display_on_edge_addresses() {
        for a in [
            "0.0.0.0",
            "255.255.255.255",
            "10.0.100.9",
            "::",
            "::1",
            "1::",
            "::ffff:10.1.2.3",
            "::10.1.2.3",
            "fd00:0:0:1::",
            "1:0:0:2:0:0:0:3",
            "1:0:0:2:0:0:3:4",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fe80::1:0:0:0",
        ] {
            let a: IpAddr = a.parse().unwrap();
            assert_eq!(text(a), a.to_string());
        }
    }
}
