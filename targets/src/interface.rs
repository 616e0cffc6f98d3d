//! Router interface names for zones: the `--nft-interface` template.
//!
//! The nftables ruleset matches each zone's traffic by the interface it
//! arrives on, and the VLAN target creates those interfaces (systemd-networkd
//! VLAN devices). Both expand the same template here, so the name a rule
//! matches is the name a `.netdev` creates. `{id}` is the zone's VLAN id and
//! `{zone}` its name; `vlan{id}` is the default.
//!
//! Linux accepts an interface name of 1 to 15 bytes (`IFNAMSIZ` - 1) without
//! `/`, `:` or whitespace, other than `.` and `..`; systemd-networkd also
//! rejects `%`, non-ASCII bytes and names made only of digits (they read as
//! interface indexes). A name is checked against the stricter of the two.

use std::fmt;
use zonec_compiler::model::{Model, ZoneId};
use zonec_compiler::{Code, Diagnostic};

/// The longest interface name Linux accepts, in bytes.
pub const MAX_INTERFACE_NAME: usize = 15;

/// The template used when none is given.
pub const DEFAULT_TEMPLATE: &str = "vlan{id}";

/// A parsed interface-name template: literal text and placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceTemplate {
    text: String,
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    VlanId,
    Zone,
}

/// Why a zone's interface name cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// The template uses `{id}` and the zone has no VLAN.
    NoVlan,
    /// The expanded name is not a valid Linux interface name.
    Invalid { name: String, reason: &'static str },
}

impl InterfaceTemplate {
    /// Parse a template. Errors name the problem in a sentence fit for a
    /// command-line usage error.
    pub fn parse(text: &str) -> Result<InterfaceTemplate, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            push_literal(&mut parts, &rest[..open]);
            let after = &rest[open..];
            let close = after.find('}').filter(|_| after.starts_with('{'));
            let Some(close) = close else {
                return Err(format!("`{text}` has an unmatched brace"));
            };
            parts.push(match &after[1..close] {
                "id" => Part::VlanId,
                "zone" => Part::Zone,
                other => {
                    return Err(format!(
                        "`{text}` uses the unknown placeholder `{{{other}}}`; use `{{id}}` (VLAN id) or `{{zone}}` (zone name)"
                    ))
                }
            });
            rest = &after[close + 1..];
        }
        push_literal(&mut parts, rest);
        if parts.is_empty() {
            return Err("the interface template is empty".to_string());
        }
        Ok(InterfaceTemplate {
            text: text.to_string(),
            parts,
        })
    }

    /// The template as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the template tells zones apart (`{id}` or `{zone}`); without
    /// a placeholder every zone would get the same interface.
    pub fn distinguishes_zones(&self) -> bool {
        self.parts.iter().any(|p| !matches!(p, Part::Literal(_)))
    }

    /// Whether expanding needs the zone's VLAN id.
    pub fn uses_vlan_id(&self) -> bool {
        self.parts.contains(&Part::VlanId)
    }

    /// The interface name of a zone called `zone` with VLAN `vlan`.
    pub fn expand(&self, zone: &str, vlan: Option<u16>) -> Result<String, NameError> {
        let mut name = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => name.push_str(s),
                Part::Zone => name.push_str(zone),
                Part::VlanId => name.push_str(&vlan.ok_or(NameError::NoVlan)?.to_string()),
            }
        }
        match invalid_reason(&name) {
            Some(reason) => Err(NameError::Invalid { name, reason }),
            None => Ok(name),
        }
    }

    /// The interface name of `zone` in `model`, or a diagnostic pointing at
    /// the zone (its `vlan` field when it has one).
    pub fn zone_interface(&self, model: &Model, zone: ZoneId) -> Result<String, Diagnostic> {
        let z = model.zone(zone);
        let vlan = z.vlan.as_ref();
        self.expand(&z.name, vlan.map(|v| v.id))
            .map_err(|e| self.diagnostic(&z.name, vlan.map_or(z.span, |v| v.span), e))
    }

    fn diagnostic(&self, zone: &str, span: zonec_compiler::Span, error: NameError) -> Diagnostic {
        let template = &self.text;
        match error {
            NameError::NoVlan => Diagnostic::error(
                Code::InterfaceName,
                format!("zone `{zone}` has no VLAN for the interface template `{template}`"),
            )
            .with_label(span, "this zone has no `vlan`")
            .with_help("give the zone a `vlan`, or use `{zone}` in the interface template"),
            NameError::Invalid { name, reason } => Diagnostic::error(
                Code::InterfaceName,
                format!("interface name `{name}` of zone `{zone}` {reason}"),
            )
            .with_label(span, format!("`{template}` makes `{name}` for this zone"))
            .with_help(format!(
                "Linux interface names are 1 to {MAX_INTERFACE_NAME} ASCII characters without `/`, `:`, `%` or spaces; use a shorter template such as `{DEFAULT_TEMPLATE}`"
            )),
        }
    }
}

impl fmt::Display for InterfaceTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Default for InterfaceTemplate {
    fn default() -> InterfaceTemplate {
        InterfaceTemplate {
            text: DEFAULT_TEMPLATE.to_string(),
            parts: vec![Part::Literal("vlan".to_string()), Part::VlanId],
        }
    }
}

fn push_literal(parts: &mut Vec<Part>, text: &str) {
    if !text.is_empty() {
        parts.push(Part::Literal(text.to_string()));
    }
}

/// Why `name` is not a usable interface name, as the end of a sentence
/// (`interface name `x` ...`), or `None` when it is fine.
pub fn invalid_reason(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if name.len() > MAX_INTERFACE_NAME {
        Some("is longer than 15 bytes")
    } else if name == "." || name == ".." {
        Some("is reserved")
    } else if name.bytes().all(|b| b.is_ascii_digit()) {
        Some("is all digits, which systemd reads as an interface index")
    } else if !name.bytes().all(valid_byte) {
        Some("contains a character Linux or systemd-networkd rejects")
    } else {
        None
    }
}

/// Printable ASCII other than space, `/`, `:` and `%`.
fn valid_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'/' | b':' | b'%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_template_makes_vlan_names() {
        let t = InterfaceTemplate::default();
        assert_eq!(t, InterfaceTemplate::parse("vlan{id}").unwrap());
        assert_eq!(t.expand("guest", Some(900)).unwrap(), "vlan900");
        assert_eq!(t.expand("guest", None), Err(NameError::NoVlan));
        assert!(t.distinguishes_zones() && t.uses_vlan_id());
    }

    #[test]
    fn zone_placeholder_and_literals() {
        let t = InterfaceTemplate::parse("z-{zone}.{id}").unwrap();
        assert_eq!(t.expand("lab", Some(7)).unwrap(), "z-lab.7");
        let long = t.expand("clinical_workstations", Some(200));
        assert!(matches!(long, Err(NameError::Invalid { reason, .. }) if reason.contains("15")));
        assert!(!InterfaceTemplate::parse("eth0").unwrap().distinguishes_zones());
    }

    #[test]
    fn bad_templates_are_refused() {
        assert!(InterfaceTemplate::parse("").is_err());
        assert!(InterfaceTemplate::parse("vlan{").is_err());
        assert!(InterfaceTemplate::parse("vlan}").is_err());
        let unknown = InterfaceTemplate::parse("v{name}").unwrap_err();
        assert!(unknown.contains("`{name}`"), "{unknown}");
    }

    #[test]
    fn linux_and_networkd_rules() {
        assert_eq!(invalid_reason("eth1"), None);
        assert_eq!(invalid_reason("vlan4094"), None);
        assert!(invalid_reason("123").is_some());
        assert!(invalid_reason("a/b").is_some());
        assert!(invalid_reason("a:b").is_some());
        assert!(invalid_reason("a b").is_some());
        assert!(invalid_reason("..").is_some());
        assert!(invalid_reason("vlän").is_some());
        assert!(invalid_reason(&"a".repeat(16)).is_some());
        assert_eq!(invalid_reason(&"a".repeat(15)), None);
    }
}
