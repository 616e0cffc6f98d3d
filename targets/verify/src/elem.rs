//! Values of set and map elements and of match right-hand sides, as nft's
//! JSON writes them: an address, `{"prefix": ...}`, `{"range": [a, b]}`,
//! numbers, protocol and ICMP type names, each possibly wrapped in
//! `{"elem": {"val": ..., "comment": ...}}` (the wrapper is cosmetic).

use crate::addr::{self, Fam, Interval};
use serde_json::Value;
use zonec_model::ports::{ICMPV6_TYPES, ICMP_TYPES};
use zonec_model::Proto;

/// The value inside an `elem` wrapper (comments, counters), or `v` itself.
pub fn unwrap(v: Value) -> Value {
    match v.get("elem").and_then(|e| e.get("val")) {
        Some(inner) => inner.clone(),
        None => v,
    }
}

/// The addresses an element of family `fam` stands for.
pub fn addr(fam: Fam, v: &Value) -> Option<Interval> {
    if let Some(s) = v.as_str() {
        let a = addr::parse(fam, s)?;
        return Some((a, a));
    }
    if let Some(p) = v.get("prefix") {
        let a = addr::parse(fam, p.get("addr")?.as_str()?)?;
        let len = u32::try_from(p.get("len")?.as_u64()?).ok()?;
        return addr::prefix(fam, a, len);
    }
    let r = v.get("range")?.as_array()?;
    let lo = addr::parse(fam, r.first()?.as_str()?)?;
    let hi = addr::parse(fam, r.get(1)?.as_str()?)?;
    (lo <= hi).then_some((lo, hi))
}

/// A number or a range of numbers no larger than `max`.
pub fn number_range(v: &Value, max: u32) -> Option<(u32, u32)> {
    let num = |x: &Value| -> Option<u32> {
        let n = match x {
            Value::Number(n) => u32::try_from(n.as_u64()?).ok()?,
            Value::String(s) => s.parse().ok()?,
            _ => return None,
        };
        (n <= max).then_some(n)
    };
    if let Some(r) = v.get("range").and_then(Value::as_array) {
        let (lo, hi) = (num(r.first()?)?, num(r.get(1)?)?);
        return (lo <= hi).then_some((lo, hi));
    }
    let n = num(v)?;
    Some((n, n))
}

/// An ICMP or ICMPv6 type (a number or nft's name) or a range of them.
pub fn icmp_range(proto: Proto, v: &Value) -> Option<(u32, u32)> {
    let table = if proto == Proto::Icmpv6 {
        ICMPV6_TYPES
    } else {
        ICMP_TYPES
    };
    let one = |x: &Value| -> Option<u32> {
        if let Some((_, n)) = x
            .as_str()
            .and_then(|s| table.iter().find(|(name, _)| *name == s))
        {
            return Some(u32::from(*n));
        }
        number_range(x, 255).map(|(lo, _)| lo)
    };
    if let Some(r) = v.get("range").and_then(Value::as_array) {
        let (lo, hi) = (one(r.first()?)?, one(r.get(1)?)?);
        return (lo <= hi).then_some((lo, hi));
    }
    let n = one(v)?;
    Some((n, n))
}

/// The protocol of an `inet_proto` value: a name or a number.
pub fn protocol(v: &Value) -> Option<Proto> {
    let n = match v {
        Value::String(s) => match s.as_str() {
            "tcp" => 6,
            "udp" => 17,
            "icmp" => 1,
            "ipv6-icmp" | "icmpv6" => 58,
            other => other.parse::<u32>().ok().or_else(|| named_other(other))?,
        },
        Value::Number(n) => u32::try_from(n.as_u64()?).ok()?,
        _ => return None,
    };
    Some(match n {
        6 => Proto::Tcp,
        17 => Proto::Udp,
        1 => Proto::Icmp,
        58 => Proto::Icmpv6,
        0..=255 => Proto::Other,
        _ => return None,
    })
}

/// The number of a protocol name nft prints from /etc/protocols, for the
/// ones a router is likely to see; any such name stands for `other`.
fn named_other(name: &str) -> Option<u32> {
    const NAMES: &[(&str, u32)] = &[
        ("gre", 47),
        ("esp", 50),
        ("ah", 51),
        ("sctp", 132),
        ("udplite", 136),
        ("igmp", 2),
        ("ipip", 4),
        ("ipv6", 41),
        ("ospf", 89),
        ("ospfigp", 89),
        ("vrrp", 112),
        ("pim", 103),
        ("dccp", 33),
    ];
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn elements_of_every_shape() {
        let v4 = |s| addr::parse(Fam::V4, s).unwrap();
        assert_eq!(
            addr(Fam::V4, &json!("10.0.0.1")),
            Some((v4("10.0.0.1"), v4("10.0.0.1")))
        );
        assert_eq!(
            addr(Fam::V4, &json!({"prefix": {"addr": "10.0.0.0", "len": 8}})),
            Some((v4("10.0.0.0"), v4("10.255.255.255")))
        );
        assert_eq!(
            addr(Fam::V4, &json!({"range": ["10.0.0.9", "10.0.0.1"]})),
            None
        );
        assert_eq!(addr(Fam::V6, &json!("10.0.0.1")), None, "family mismatch");
        let wrapped = unwrap(json!({"elem": {"val": "10.0.0.1", "comment": "x"}}));
        assert_eq!(wrapped, json!("10.0.0.1"));
        assert_eq!(
            number_range(&json!({"range": [80, 90]}), 65_535),
            Some((80, 90))
        );
        assert_eq!(number_range(&json!(70_000), 65_535), None);
        assert_eq!(
            icmp_range(Proto::Icmp, &json!("echo-request")),
            Some((8, 8))
        );
        assert_eq!(protocol(&json!("ipv6-icmp")), Some(Proto::Icmpv6));
        assert_eq!(protocol(&json!("gre")), Some(Proto::Other));
        assert_eq!(protocol(&json!("frobnicate")), None);
    }
}
