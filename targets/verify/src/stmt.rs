//! One rule's statements, compiled: matches become [`Cond`]s, the verdict
//! or verdict-map lookup becomes the [`Action`]. Counters, logs and
//! comments change no packet's fate and are read past. Everything else is
//! an [`Unsupported`] naming it.

use crate::addr::{self, Fam, Interval};
use crate::ir::{Action, Cond, Element, Key, Rule, Verdict};
use crate::read::ByName;
use crate::{elem, show, Unsupported};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use zonec_model::{PortSet, Proto};

/// What a rule may name: chains (by index) and sets and maps.
pub struct Context<'a> {
    pub chains: &'a BTreeMap<&'a str, usize>,
    pub sets: &'a ByName,
}

/// A packet field a match reads.
enum Field {
    /// An address, masked to a prefix of this length.
    Addr(Key, u32),
    Concat(Vec<(Key, u32)>),
    /// Points of [`PortSet`]: protocol, port or type.
    Points(Points),
    CtState,
    Nfproto,
    Iface {
        out: bool,
    },
    /// `meta time`, `meta day`, `meta hour`: the bound of an allow bounded
    /// in time (chain `timed`). Verify treats it as open, as the analysis
    /// treats the allow as present: the flow may be open.
    Time,
}

/// A field whose values are points of a [`PortSet`].
#[derive(Copy, Clone)]
enum Points {
    /// `meta l4proto`, `ip protocol` (the family is a separate condition).
    L4proto,
    /// The destination port of these protocols (`tcp dport`, `th dport`).
    Dport(&'static [Proto]),
    /// `icmp type`, `icmpv6 type`.
    IcmpType(Proto),
}

pub fn rule(cx: &Context, exprs: &[Value]) -> Result<Rule, Unsupported> {
    let mut conds = Vec::new();
    let mut action = Action::Nothing;
    let mut limited = false;
    for e in exprs {
        let (key, body) = one(e)?;
        if !matches!(action, Action::Nothing) {
            return Err(Unsupported::new(format!(
                "a statement after the verdict: `{}`",
                show::stmt(e, 0)
            )));
        }
        match key {
            "match" => conds.extend(matcher(cx, body)?),
            "counter" | "log" | "comment" => {}
            "limit" => limited = true,
            "vmap" => action = vmap(cx, body)?,
            _ => match verdict(cx, key, body)? {
                Some(v) => action = Action::Verdict(v),
                None => {
                    return Err(Unsupported::new(format!(
                        "the statement `{}`",
                        show::stmt(e, 0)
                    )))
                }
            },
        }
    }
    Ok(Rule {
        text: show::rule(exprs),
        conds,
        action,
        limited,
    })
}

/// The one key of a JSON object and its value.
fn one(e: &Value) -> Result<(&str, &Value), Unsupported> {
    e.as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.iter().next())
        .map(|(k, v)| (k.as_str(), v))
        .ok_or_else(|| Unsupported::new(format!("the expression `{}`", show::stmt(e, 0))))
}

/// A verdict statement, `None` when `key` is not one.
pub fn verdict(cx: &Context, key: &str, body: &Value) -> Result<Option<Verdict>, Unsupported> {
    Ok(Some(match key {
        "accept" => Verdict::Accept,
        "drop" | "reject" => Verdict::Drop,
        "return" => Verdict::Return,
        "continue" => Verdict::Continue,
        "jump" | "goto" => {
            let target = body
                .get("target")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let &i = cx.chains.get(target).ok_or_else(|| {
                Unsupported::new(format!("`{key} {target}`: no chain of that name"))
            })?;
            if key == "jump" {
                Verdict::Jump(i)
            } else {
                Verdict::Goto(i)
            }
        }
        _ => return Ok(None),
    }))
}

fn matcher(cx: &Context, body: &Value) -> Result<Vec<Cond>, Unsupported> {
    let whole = || show::stmt(&serde_json::json!({ "match": body }), 0);
    let op = body.get("op").and_then(Value::as_str).unwrap_or_default();
    let left = body.get("left").unwrap_or(&Value::Null);
    let right = body.get("right").unwrap_or(&Value::Null);
    let field = field(left).ok_or_else(|| {
        Unsupported::new(format!(
            "the match `{}` (field `{}`)",
            whole(),
            show::stmt(left, 0)
        ))
    })?;
    if matches!(field, Field::Time) {
        return Ok(Vec::new());
    }
    let neg = match op {
        "==" | "in" => false,
        "!=" => true,
        "<" | "<=" | ">" | ">=" if matches!(field, Field::Points(_)) => false,
        _ => {
            return Err(Unsupported::new(format!(
                "the match `{}` (operator `{op}`)",
                whole()
            )))
        }
    };
    let values = values(cx, right)?;
    let bad = |what: &str| Unsupported::new(format!("the match `{}`: {what}", whole()));
    Ok(match field {
        Field::Addr(key, len) => {
            let mut set = Vec::new();
            for v in &values {
                let i = elem::addr(key.fam, v).ok_or_else(|| bad("not an address"))?;
                set.extend(addr::unmask(key.fam, len, i));
            }
            vec![Cond::Addr {
                key,
                neg,
                set: sorted(set),
            }]
        }
        Field::Concat(keys) => {
            let mut elems = Vec::new();
            for v in &values {
                elems
                    .push(concat(&keys, v).ok_or_else(|| bad("not a concatenation of addresses"))?);
            }
            let keys = keys.into_iter().map(|(k, _)| k).collect();
            vec![Cond::Concat { keys, neg, elems }]
        }
        Field::Points(p) => {
            let matched =
                points(p, op, &values).ok_or_else(|| bad("not a protocol, port or type"))?;
            let set = if neg {
                domain(p).subtract(&matched)
            } else {
                matched
            };
            let mut conds = vec![Cond::Ports(set)];
            if let Some(fam) = implied_family(left) {
                conds.push(Cond::Family(fam));
            }
            conds
        }
        Field::CtState => {
            let mut has_new = false;
            for v in &values {
                let s = v.as_str().ok_or_else(|| bad("not a conntrack state"))?;
                has_new |= s == "new";
            }
            vec![Cond::CtNew(has_new != neg)]
        }
        Field::Nfproto => {
            let mut fams = Vec::new();
            for v in &values {
                fams.push(match v.as_str() {
                    Some("ipv4") => Fam::V4,
                    Some("ipv6") => Fam::V6,
                    _ => return Err(bad("not ipv4 or ipv6")),
                });
            }
            let keep: Vec<Fam> = Fam::ALL
                .into_iter()
                .filter(|f| fams.contains(f) != neg)
                .collect();
            match keep.as_slice() {
                [f] => vec![Cond::Family(*f)],
                [] => vec![Cond::Ports(PortSet::empty())],
                _ => vec![],
            }
        }
        Field::Iface { out } => {
            let mut names = Vec::new();
            for v in &values {
                names.push(
                    v.as_str()
                        .ok_or_else(|| bad("not an interface name"))?
                        .to_string(),
                );
            }
            vec![Cond::Iface { out, neg, names }]
        }
        Field::Time => Vec::new(),
    })
}

/// Sorted intervals, overlaps merged.
fn sorted(mut set: Vec<Interval>) -> Vec<Interval> {
    set.sort_unstable();
    let mut out: Vec<Interval> = Vec::with_capacity(set.len());
    for (lo, hi) in set {
        match out.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// The family a match on `left` implies (`ip protocol` is IPv4 only).
fn implied_family(left: &Value) -> Option<Fam> {
    let p = left.get("payload")?;
    match (p.get("protocol")?.as_str()?, p.get("field")?.as_str()?) {
        ("ip", "protocol") => Some(Fam::V4),
        _ => None,
    }
}

fn field(left: &Value) -> Option<Field> {
    if let Some(parts) = left.get("concat").and_then(Value::as_array) {
        let keys: Option<Vec<(Key, u32)>> = parts.iter().map(addr_field).collect();
        return keys.map(Field::Concat);
    }
    if let Some(a) = addr_field(left) {
        return Some(Field::Addr(a.0, a.1));
    }
    if let Some(p) = left.get("payload") {
        return points_field(p).map(Field::Points);
    }
    if let Some(m) = left.get("meta") {
        return Some(match m.get("key")?.as_str()? {
            "l4proto" => Field::Points(Points::L4proto),
            "nfproto" => Field::Nfproto,
            "iifname" | "iif" => Field::Iface { out: false },
            "oifname" | "oif" => Field::Iface { out: true },
            "time" | "day" | "hour" => Field::Time,
            _ => return None,
        });
    }
    if left.get("ct")?.get("key")?.as_str()? == "state" && left.get("ct")?.get("dir").is_none() {
        return Some(Field::CtState);
    }
    None
}

/// The points field of a payload match, when it is one.
fn points_field(p: &Value) -> Option<Points> {
    Some(
        match (p.get("protocol")?.as_str()?, p.get("field")?.as_str()?) {
            ("tcp", "dport") => Points::Dport(&[Proto::Tcp]),
            ("udp", "dport") => Points::Dport(&[Proto::Udp]),
            ("th", "dport") => Points::Dport(&[Proto::Tcp, Proto::Udp]),
            ("icmp", "type") => Points::IcmpType(Proto::Icmp),
            ("icmpv6", "type") => Points::IcmpType(Proto::Icmpv6),
            ("ip", "protocol") => Points::L4proto,
            _ => return None,
        },
    )
}

/// An address field, possibly masked: the key and the prefix length.
fn addr_field(v: &Value) -> Option<(Key, u32)> {
    if let Some(parts) = v.get("&").and_then(Value::as_array) {
        let (key, _) = addr_field(parts.first()?).filter(|_| parts.len() == 2)?;
        let mask = addr::parse(key.fam, parts.get(1)?.as_str()?)?;
        return Some((key, addr::mask_len(key.fam, mask)?));
    }
    let p = v.get("payload")?;
    let fam = match p.get("protocol")?.as_str()? {
        "ip" => Fam::V4,
        "ip6" => Fam::V6,
        _ => return None,
    };
    let dst = match p.get("field")?.as_str()? {
        "saddr" => false,
        "daddr" => true,
        _ => return None,
    };
    let len = match fam {
        Fam::V4 => 32,
        Fam::V6 => 128,
    };
    Some((Key { fam, dst }, len))
}

/// Every value the right side of a match names (a set's elements, a named
/// set's elements, or the one value).
fn values(cx: &Context, right: &Value) -> Result<Vec<Value>, Unsupported> {
    if let Some(name) = right.as_str().and_then(|s| s.strip_prefix('@')) {
        let set = cx
            .sets
            .get(name)
            .ok_or_else(|| Unsupported::new(format!("`@{name}`: no set of that name")))?;
        if set.contains_key("map") {
            return Err(Unsupported::new(format!(
                "`@{name}` is a map, matched as a set"
            )));
        }
        return Ok(set
            .get("elem")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(elem::unwrap)
            .collect());
    }
    if let Some(items) = right.get("set") {
        return Ok(match items {
            Value::Array(items) => items.iter().cloned().map(elem::unwrap).collect(),
            one => vec![one.clone()],
        });
    }
    if let Value::Array(items) = right {
        return Ok(items.clone());
    }
    Ok(vec![right.clone()])
}

fn concat(keys: &[(Key, u32)], v: &Value) -> Option<Vec<Interval>> {
    let parts = v.get("concat")?.as_array()?;
    if parts.len() != keys.len() {
        return None;
    }
    keys.iter()
        .zip(parts)
        .map(|(&(k, len), p)| addr::unmask(k.fam, len, elem::addr(k.fam, p)?))
        .collect()
}

/// What a points field can hold at all (a negated match's universe).
fn domain(p: Points) -> PortSet {
    match p {
        Points::L4proto => PortSet::any(),
        Points::Dport(protos) => PortSet::union_all(
            protos
                .iter()
                .map(|&x| PortSet::proto(x))
                .collect::<Vec<_>>()
                .iter(),
        ),
        Points::IcmpType(proto) => PortSet::proto(proto),
    }
}

/// The points `values` name under `op`.
fn points(p: Points, op: &str, values: &[Value]) -> Option<PortSet> {
    let mut out = PortSet::empty();
    for v in values {
        let (lo, hi) = match p {
            Points::L4proto => return l4protos(values),
            Points::Dport(_) => elem::number_range(v, 65_535)?,
            Points::IcmpType(proto) => elem::icmp_range(proto, v)?,
        };
        let (lo, hi) = match op {
            "<" => (0, lo.checked_sub(1)?),
            "<=" => (0, lo),
            ">" => (lo.checked_add(1)?, limit(p)),
            ">=" => (lo, limit(p)),
            _ => (lo, hi),
        };
        out = out.union(&shift(p, lo, hi));
    }
    Some(out)
}

fn limit(p: Points) -> u32 {
    match p {
        Points::Dport(_) => 65_535,
        _ => 255,
    }
}

/// Ports or types `lo..=hi` of the field's protocols, as points.
fn shift(p: Points, lo: u32, hi: u32) -> PortSet {
    match p {
        Points::Dport(protos) => {
            let sets: Vec<PortSet> = protos.iter().map(|&x| PortSet::ports(x, lo, hi)).collect();
            PortSet::union_all(sets.iter())
        }
        Points::IcmpType(proto) => PortSet::ports(proto, lo, hi),
        Points::L4proto => PortSet::empty(),
    }
}

/// The points of the protocols in `values`; a protocol other than the four
/// zonec knows stands for all of them (the policy's `other`).
fn l4protos(values: &[Value]) -> Option<PortSet> {
    let mut out = PortSet::empty();
    for v in values {
        out = out.union(&PortSet::proto(elem::protocol(v)?));
    }
    Some(out)
}

/// A verdict-map lookup.
fn vmap(cx: &Context, body: &Value) -> Result<Action, Unsupported> {
    let key_v = body.get("key").unwrap_or(&Value::Null);
    let (key, len) = addr_field(key_v).ok_or_else(|| {
        Unsupported::new(format!("a verdict map keyed by `{}`", show::stmt(key_v, 0)))
    })?;
    let data = body.get("data").unwrap_or(&Value::Null);
    let (name, items): (String, Vec<Value>) = match data.as_str().and_then(|s| s.strip_prefix('@'))
    {
        Some(name) => {
            let map: &Map<String, Value> = cx
                .sets
                .get(name)
                .filter(|m| m.get("map").and_then(Value::as_str) == Some("verdict"))
                .ok_or_else(|| {
                    Unsupported::new(format!("`@{name}`: no verdict map of that name"))
                })?;
            let items = map
                .get("elem")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            (format!("map {name}"), items)
        }
        None => {
            let items = data
                .get("set")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            ("an anonymous map".to_string(), items)
        }
    };
    let mut elements = Vec::new();
    for item in &items {
        let bad = || Unsupported::new(format!("the element `{}` of {name}", show::stmt(item, 0)));
        let pair = item.as_array().filter(|p| p.len() == 2).ok_or_else(bad)?;
        let (k, v) = (pair.first().ok_or_else(bad)?, pair.get(1).ok_or_else(bad)?);
        let k = elem::unwrap(k.clone());
        let range = elem::addr(key.fam, &k).ok_or_else(bad)?;
        let (vk, vb) = one(v)?;
        let verdict = verdict(cx, vk, vb)?.ok_or_else(bad)?;
        let text = format!(
            "{name} element {} : {}",
            show::stmt(&k, 0),
            show::stmt(v, 0)
        );
        if let Some(range) = addr::unmask(key.fam, len, range) {
            elements.push(Element {
                range,
                verdict,
                text,
            });
        }
    }
    elements.sort_by_key(|e| e.range);
    let overlap = elements.windows(2).any(|w| match w {
        [a, b] => a.range.1 >= b.range.0,
        _ => false,
    });
    if overlap {
        return Err(Unsupported::new(format!("{name} has overlapping elements")));
    }
    Ok(Action::Vmap { key, elements })
}
