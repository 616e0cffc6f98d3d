//! Valid policies from unstructured bytes, for the `emit` property: a few
//! labels and services, zones with nested IPv4 and IPv6 prefixes, VLANs and
//! cloud placements, allows and denies over every selector form, the three
//! kinds of invariant, and hostile text (terminal escapes, bidirectional
//! overrides, Terraform templates, markup, quotes) in every string. Names
//! come from fixed lists and prefixes from a pool, so most policies resolve
//! cleanly; the few that do not are simply skipped by the caller.

use arbitrary::{Result, Unstructured};
use std::fmt::Write;

/// Nested and disjoint prefixes of both families; each zone takes a few,
/// never one another zone has.
const PREFIXES: &[&str] = &[
    "10.0.0.0/8",
    "10.1.0.0/16",
    "10.1.2.0/24",
    "10.1.2.128/25",
    "10.2.0.0/16",
    "10.3.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/24",
    "192.168.1.0/24",
    "192.168.1.7/32",
    "fd00::/8",
    "fd00:1::/32",
    "fd00:1:2::/48",
    "fd00:2::/32",
    "2001:db8::/32",
];

/// String pieces, written as they appear between the quotes of a `.zones`
/// string: printable text, the language's escapes, and what each output
/// language treats specially.
const PIECES: &[&str] = &[
    "a",
    "Zürich ",
    "中",
    " ",
    "\\\"",
    "\\\\",
    "\\n",
    "${file(\\\"/etc/passwd\\\")}",
    "%{ if true }x%{ endif }",
    "$${",
    "<script>alert(1)</script>",
    "&amp;",
    "]]>",
    "*/",
    "--",
    "'",
    "`",
    ";",
    "#",
    "{",
    "}",
    "\u{1b}[2J",
    "\r",
    "\t",
    "\u{0}",
    "\u{7}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{2028}",
    "\u{feff}",
    "\u{e0041}",
];

const PORTS: &[&str] = &[
    "tcp/443",
    "tcp/80-81",
    "tcp/1-65535",
    "udp/53",
    "udp/1000-2000",
    "icmp",
    "icmp/echo-request",
    "icmpv6",
    "icmpv6/echo-reply",
    "any",
];

const CLOUDS: &[&str] = &[
    "aws-vpc \"vpc-0000000a\"",
    "aws-vpc \"vpc-0000000b\"",
    "azure-vnet",
    "gcp-network",
];

/// A policy text; `Err` only when the bytes run out mid-way.
pub fn policy(u: &mut Unstructured) -> Result<String> {
    let mut out = String::new();
    if u.arbitrary()? {
        let (name, owner) = (string(u)?, string(u)?);
        let _ = writeln!(out, "policy {name} {{ owner {owner} }}");
    }
    let labels = u.int_in_range(0..=3usize)?;
    for i in 0..labels {
        let _ = writeln!(out, "label l{i} {} {{ cite {} }}", string(u)?, string(u)?);
    }
    let services = u.int_in_range(0..=3usize)?;
    for i in 0..services {
        let _ = writeln!(out, "service s{i} = {}", ports(u)?);
    }
    let zones = zones(u, labels, &mut out)?;
    let names = Names {
        zones,
        labels,
        services,
    };
    for _ in 0..u.int_in_range(0..=8usize)? {
        let action = if u.ratio(3, 4)? { "allow" } else { "deny" };
        let head = flow(u, &names, action, "->", false)?;
        let expires = if u.ratio(1, 4)? {
            "; expires 2027-03-01"
        } else {
            ""
        };
        let _ = writeln!(out, "{head} {{ {}{expires} }}", meta(u)?);
    }
    for _ in 0..u.int_in_range(0..=4usize)? {
        let (keyword, arrow, services) = *u.choose(&[
            ("forbid", "->", false),
            ("forbid", "->*", false),
            ("require", "->", true),
        ])?;
        let head = flow(u, &names, keyword, arrow, services)?;
        let _ = writeln!(out, "{head} {{ {} }}", meta(u)?);
    }
    Ok(out)
}

/// Zones `z0`.. (and perhaps an external `internet`); returns their names.
fn zones(u: &mut Unstructured, labels: usize, out: &mut String) -> Result<Vec<String>> {
    let mut used = [false; PREFIXES.len()];
    let mut names = Vec::new();
    let mut vlans = Vec::new();
    for i in 0..u.int_in_range(1..=7usize)? {
        let mut nets = Vec::new();
        for _ in 0..u.int_in_range(1..=2usize)? {
            let p = u.choose_index(PREFIXES.len())?;
            if !used[p] {
                used[p] = true;
                nets.push(PREFIXES[p].to_string());
            }
        }
        if nets.is_empty() {
            nets.push(format!("10.200.{i}.0/24"));
        }
        let _ = writeln!(out, "zone z{i} {{");
        let _ = writeln!(out, "  net {}", nets.join(", "));
        let mine: Vec<String> = (0..labels)
            .filter(|_| u.ratio(1, 2).unwrap_or(false))
            .map(|l| format!("l{l}"))
            .collect();
        if !mine.is_empty() {
            let _ = writeln!(out, "  labels {}", mine.join(", "));
        }
        if u.arbitrary()? {
            let _ = writeln!(out, "  description {}", string(u)?);
        }
        if u.arbitrary()? {
            let id = 100 + u.int_in_range(0..=20u16)?;
            if !vlans.contains(&id) {
                vlans.push(id);
                let name = if u.arbitrary()? {
                    string(u)?
                } else {
                    String::new()
                };
                let _ = writeln!(out, "  vlan {id} {name}");
            }
        }
        for cloud in CLOUDS {
            if u.ratio(1, 4)? {
                let field = if cloud.contains('"') {
                    cloud.to_string()
                } else {
                    format!("{cloud} {}", string(u)?)
                };
                let _ = writeln!(out, "  {field}");
            }
        }
        let _ = writeln!(out, "}}");
        names.push(format!("z{i}"));
    }
    if u.arbitrary()? {
        let _ = writeln!(out, "zone internet external {{ net 0.0.0.0/0, ::/0 }}");
        names.push("internet".to_string());
    }
    Ok(names)
}

/// What selectors and services may name.
struct Names {
    zones: Vec<String>,
    labels: usize,
    services: usize,
}

/// `KEYWORD SEL ARROW SEL [: services]`.
fn flow(
    u: &mut Unstructured,
    names: &Names,
    keyword: &str,
    arrow: &str,
    services: bool,
) -> Result<String> {
    let (from, to) = (selector(u, names)?, selector(u, names)?);
    let mut head = format!("{keyword} {from} {arrow} {to}");
    if services || u.arbitrary()? {
        let mut list = Vec::new();
        for _ in 0..u.int_in_range(1..=3usize)? {
            if names.services > 0 && u.arbitrary()? {
                list.push(format!("s{}", u.choose_index(names.services)?));
            } else {
                list.push(u.choose(PORTS)?.to_string());
            }
        }
        let _ = write!(head, " : {}", list.join(", "));
    }
    Ok(head)
}

fn selector(u: &mut Unstructured, names: &Names) -> Result<String> {
    let base = match u.int_in_range(0..=3u8)? {
        0 if names.labels > 0 => format!("@l{}", u.choose_index(names.labels)?),
        1 => "any".to_string(),
        2 => {
            let a = u.choose(&names.zones)?;
            let b = u.choose(&names.zones)?;
            format!("{{{a}, {b}}}")
        }
        _ => u.choose(&names.zones)?.clone(),
    };
    if u.ratio(1, 5)? {
        return Ok(format!("{base} except {}", u.choose(&names.zones)?));
    }
    Ok(base)
}

/// `reason`, `ticket` and `cite` fields (at least one, so the block is
/// never empty).
fn meta(u: &mut Unstructured) -> Result<String> {
    let mut fields = vec![format!("reason {}", string(u)?)];
    if u.arbitrary()? {
        fields.push(format!("ticket {}", string(u)?));
    }
    if u.arbitrary()? {
        fields.push(format!("cite {}", string(u)?));
    }
    Ok(fields.join("; "))
}

fn ports(u: &mut Unstructured) -> Result<String> {
    let mut list = Vec::new();
    for _ in 0..u.int_in_range(1..=3usize)? {
        list.push(*u.choose(PORTS)?);
    }
    Ok(list.join(", "))
}

/// A quoted string of a few pieces.
fn string(u: &mut Unstructured) -> Result<String> {
    let mut s = String::from("\"");
    for _ in 0..u.int_in_range(0..=4usize)? {
        s.push_str(u.choose(PIECES)?);
    }
    s.push('"');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_generated_policies_are_valid() {
        let mut valid = 0;
        for seed in 0..200u32 {
            let bytes: Vec<u8> = (0..2048u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) ^ seed.wrapping_mul(40_503)) as u8)
                .collect();
            let text = policy(&mut Unstructured::new(&bytes)).expect("enough bytes");
            let mut sources = zonec_base::Sources::new();
            sources.add("g.zones", text);
            let options = zonec_model::ResolveOptions {
                today: crate::today(),
            };
            if !zonec_model::compile(&sources, &options).has_errors() {
                valid += 1;
            }
        }
        assert!(
            valid > 100,
            "only {valid} of 200 generated policies are valid"
        );
    }
}
