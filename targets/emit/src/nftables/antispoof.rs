//! Anti-spoofing: a packet whose source address belongs to a zone with a
//! VLAN must arrive on that VLAN's interface. A member zone has no VLAN of
//! its own: its addresses must arrive on its family root's interface, so
//! they jump to the root's guard.
//!
//! zonec knows VLAN ids, not interface names, so this needs the
//! `--nft-interface` template (`vlan{id}`, `br-{zone}`). With it, the
//! `guard4` / `guard6` maps send a packet whose source is in a VLAN zone to
//! `guard_ZONE`, which returns if `iifname` is the zone's interface and
//! otherwise logs and drops it. The check runs before the conntrack
//! shortcut, so a forged source cannot ride on an established connection.
//! Without the template no such rules are written, and the file says so.

use super::addr_map::{AddrMap, Element};
use super::classify::Partition;
use super::names::Names;
use super::text::Text;
use super::{log_rule, Family};
use std::collections::BTreeMap;
use zonec_base::{Code, Diagnostic};
use zonec_model::{Model, ZoneId};

/// Linux interface names are at most 15 bytes (`IFNAMSIZ` - 1).
const MAX_INTERFACE: usize = 15;

/// How a zone's interface is named: text with `{id}` (the VLAN id) and
/// `{zone}` (the zone name) placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceTemplate {
    text: String,
}

impl InterfaceTemplate {
    /// Accepts letters, digits, `_`, `.`, `-` and the two placeholders, so no
    /// expansion can contain a quote, a wildcard or a space.
    pub fn parse(text: &str) -> Result<InterfaceTemplate, String> {
        let rest = text.replace("{id}", "").replace("{zone}", "");
        if text.is_empty() {
            return Err("the interface template is empty".into());
        }
        if let Some(c) = rest
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "_.-".contains(*c)))
        {
            return Err(format!(
                "`{c}` may not appear in an interface template; use letters, digits, `_`, `.`, `-`, `{{id}}` and `{{zone}}`"
            ));
        }
        Ok(InterfaceTemplate {
            text: text.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The interface of a zone with this name and VLAN id.
    pub fn expand(&self, zone: &str, vlan: u16) -> String {
        self.text
            .replace("{id}", &vlan.to_string())
            .replace("{zone}", zone)
    }
}

/// The interface of every VLAN zone that owns addresses (itself or
/// through its members), and the guarded zone of every zone whose
/// addresses are checked (a member's is its family root).
pub(crate) struct Antispoof {
    interfaces: BTreeMap<ZoneId, String>,
    guard: BTreeMap<ZoneId, ZoneId>,
}

/// The anti-spoofing plan, `None` without a template; errors for interface
/// names Linux would refuse or two zones sharing one interface.
pub(crate) fn plan(
    model: &Model,
    partition: &Partition,
    template: Option<&InterfaceTemplate>,
) -> Result<Option<Antispoof>, Vec<Diagnostic>> {
    let Some(template) = template else {
        return Ok(None);
    };
    let mut interfaces = BTreeMap::new();
    let mut owners: BTreeMap<String, ZoneId> = BTreeMap::new();
    let mut diags = Vec::new();
    for id in model.zone_ids() {
        let zone = model.zone(id);
        let Some(vlan) = &zone.vlan else { continue };
        let name = template.expand(&zone.name, vlan.id);
        if let Some(d) = check_name(&name, &zone.name, template, vlan.span) {
            diags.push(d);
        } else if let Some(&other) = owners.get(&name) {
            diags.push(shared(model, other, id, &name, template));
        } else {
            owners.insert(name.clone(), id);
            interfaces.insert(id, name);
        }
    }
    let mut guard = BTreeMap::new();
    for id in model.zone_ids() {
        let root = model.segment_root(id);
        let has_space = Family::ALL.iter().any(|&f| partition.has_space(id, f));
        if has_space && interfaces.contains_key(&root) {
            guard.insert(id, root);
        }
    }
    let used: std::collections::BTreeSet<ZoneId> = guard.values().copied().collect();
    interfaces.retain(|z, _| used.contains(z));
    if diags.is_empty() {
        Ok(Some(Antispoof { interfaces, guard }))
    } else {
        Err(diags)
    }
}

fn check_name(
    name: &str,
    zone: &str,
    template: &InterfaceTemplate,
    span: zonec_base::Span,
) -> Option<Diagnostic> {
    let problem = if name.len() > MAX_INTERFACE {
        format!("is longer than {MAX_INTERFACE} characters")
    } else if name == "." || name == ".." {
        "is not a valid interface name".to_string()
    } else {
        return None;
    };
    Some(
        Diagnostic::error(
            Code::InterfaceName,
            format!("interface name `{name}` for zone `{zone}` {problem}"),
        )
        .with_label(span, format!("`--nft-interface {}` names this VLAN `{name}`", template.as_str()))
        .with_help("Linux interface names have at most 15 characters; use a shorter template, such as `vlan{id}`"),
    )
}

fn shared(
    model: &Model,
    first: ZoneId,
    second: ZoneId,
    name: &str,
    t: &InterfaceTemplate,
) -> Diagnostic {
    let (a, b) = (model.zone(first), model.zone(second));
    let mut d = Diagnostic::error(
        Code::InterfaceName,
        format!(
            "zones `{}` and `{}` get the same interface `{name}`",
            a.name, b.name
        ),
    );
    if let Some(v) = &b.vlan {
        d = d.with_label(
            v.span,
            format!("`--nft-interface {}` names this VLAN `{name}`", t.as_str()),
        );
    }
    if let Some(v) = &a.vlan {
        d = d.with_label(v.span, "and this one");
    }
    d.with_help("put `{id}` or `{zone}` in the --nft-interface template so each zone gets its own interface")
}

fn guard_map(family: Family) -> String {
    format!("guard{}", family.digit())
}

impl Antispoof {
    /// Every guarded zone and its interface, in zone order.
    pub(crate) fn interfaces(&self) -> impl Iterator<Item = (ZoneId, &str)> {
        self.interfaces.iter().map(|(&z, i)| (z, i.as_str()))
    }

    /// The guard maps and chains; the rules at the top of `forward` that
    /// send packets to the guards.
    pub(crate) fn write(
        &self,
        out: &mut Text,
        partition: &Partition,
        names: &Names,
    ) -> Vec<String> {
        let mut lookups = Vec::new();
        for family in Family::ALL {
            let map = self.map(partition, names, family);
            if map.is_empty() {
                continue;
            }
            out.comment(&format!(
                "Source ranges of VLAN zones ({}): checked against the arrival interface.",
                family.name()
            ));
            map.write(out);
            out.blank();
            lookups.push(map.lookup(family.saddr()));
        }
        for (zone, interface) in self.interfaces() {
            out.open(format!("chain {}", names.guard_chain(zone)));
            out.line(format!("iifname \"{interface}\" return"));
            out.line(log_rule(&names.log_prefix("spoof", zone)));
            out.line(format!(
                "counter name \"{}\" drop",
                names.spoof_counter(zone)
            ));
            out.close();
            out.blank();
        }
        lookups
    }

    fn map(&self, partition: &Partition, names: &Names, family: Family) -> AddrMap {
        let elements = partition
            .family(family)
            .iter()
            .filter_map(|s| Some((s, *self.guard.get(&s.zone)?)))
            .map(|(s, guarded)| Element {
                first: s.first,
                last: s.last,
                comment: String::new(),
                verdict: format!("jump {}", names.guard_chain(guarded)).into(),
            })
            .collect();
        AddrMap::new(guard_map(family), family, elements)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_expand_ids_and_zone_names() {
        let t = InterfaceTemplate::parse("vlan{id}").unwrap();
        assert_eq!(t.expand("guest", 900), "vlan900");
        let t = InterfaceTemplate::parse("br-{zone}.{id}").unwrap();
        assert_eq!(t.expand("guest", 9), "br-guest.9");
    }

    #[test]
    fn templates_reject_characters_that_could_break_out() {
        for bad in [
            "",
            "vlan\"",
            "vlan*",
            "a b",
            "x{ID}",
            "eth0;drop",
            "v\\1",
            "{id",
        ] {
            assert!(InterfaceTemplate::parse(bad).is_err(), "{bad:?}");
        }
    }
}
