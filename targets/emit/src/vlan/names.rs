//! VLAN names and descriptions, made safe for each switch platform.
//!
//! The name comes from the zone's `vlan N "NAME"` when given, else from the
//! zone's name. Each platform gets its own spelling:
//! - IOS/IOS-XE: at most 32 characters; letters, digits, `-`, `_` and `.`
//!   (a space would need quoting and a `?` opens the CLI's help when pasted);
//! - Junos: starts with a letter; letters, digits, `-` and `.` (Juniper's
//!   documented set); at most 255 characters.
//!
//! Any other run of characters becomes one `-`. Two zones whose names end up
//! equal on a platform after this (or after shortening) would configure one
//! VLAN twice, so that is an error naming both zones; so is a name the
//! platform reserves for its built-in VLANs (`default`, `fddi-default`, ...).
//!
//! Router interface names come from the shared `--nft-interface` template
//! (`nftables::InterfaceTemplate`); here they are checked against what Linux
//! and systemd-networkd accept: 1 to 15 bytes, printable ASCII without `/`,
//! `:` or `%`, not `.` or `..`, and not all digits (networkd reads those as
//! interface indexes and refuses them in `Name=`).
//!
//! Descriptions and comments are free text from the policy; each platform's
//! rule for them is in `zonec_escape` (`ios`, `junos`,
//! `networkd`), so they cannot end a line of config early.

use super::{Options, VlanZone, DEFAULT_INTERFACE};
use std::collections::BTreeMap;
use zonec_base::{Code, Diagnostic};
use zonec_escape::{ios, junos};
use zonec_model::Vlan;

/// Longest VLAN name IOS accepts.
pub(crate) const IOS_NAME_MAX: usize = 32;
/// Longest VLAN name Junos accepts.
pub(crate) const JUNOS_NAME_MAX: usize = 255;
/// Longest interface description IOS accepts.
pub(crate) const IOS_DESCRIPTION_MAX: usize = 240;
/// Longest description zonec writes for Junos and systemd-networkd.
pub(crate) const DESCRIPTION_MAX: usize = 255;

/// Names of the VLANs IOS creates by itself (1 and 1002–1005); Junos calls
/// its VLAN 1 `default` too. Compared without case.
const RESERVED: &[&str] = &[
    "default",
    "fddi-default",
    "token-ring-default",
    "fddinet-default",
    "trnet-default",
];

/// The longest interface name Linux accepts (`IFNAMSIZ` - 1).
pub(crate) const MAX_INTERFACE: usize = 15;

/// The switch platforms whose VLAN names zonec writes.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Platform {
    Ios,
    Junos,
}

impl Platform {
    fn label(self) -> &'static str {
        match self {
            Platform::Ios => "IOS",
            Platform::Junos => "Junos",
        }
    }
}

/// The IOS VLAN name for a zone named `zone` whose VLAN is named `given`:
/// the given name made an IOS name, or the zone's name when nothing is left.
pub(crate) fn ios_name(given: Option<&str>, zone: &str) -> String {
    let name = given
        .map(|g| ios::name(g, IOS_NAME_MAX))
        .unwrap_or_default();
    if name.is_empty() {
        ios::name(zone, IOS_NAME_MAX)
    } else {
        name
    }
}

/// The Junos VLAN name: IOS's rules, without `_`, starting with a letter.
pub(crate) fn junos_name(given: Option<&str>, zone: &str) -> String {
    junos::name(given.unwrap_or_default(), zone, JUNOS_NAME_MAX)
}

/// `zone NAME` or `zone NAME: DESCRIPTION`, the text each platform's
/// description is made from.
pub(crate) fn description(zone: &str, description: Option<&str>) -> String {
    match description {
        Some(d) if !d.trim().is_empty() => format!("zone {zone}: {d}"),
        _ => format!("zone {zone}"),
    }
}

/// Every pair of zones whose VLAN names are equal on some platform, and
/// every name a platform keeps for its own VLANs: one error each.
pub(crate) fn check_collisions(zones: &[VlanZone<'_>], diags: &mut Vec<Diagnostic>) {
    let mut pairs: BTreeMap<(usize, usize), Vec<Platform>> = BTreeMap::new();
    for platform in [Platform::Ios, Platform::Junos] {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, z) in zones.iter().enumerate() {
            let name = z.platform_name(platform);
            if let Some(&first) = seen.get(name) {
                pairs.entry((first, i)).or_default().push(platform);
            } else {
                seen.insert(name, i);
            }
        }
    }
    for ((a, b), platforms) in pairs {
        diags.push(collision(&zones[a], &zones[b], &platforms));
    }
    for z in zones {
        if let Some(name) = reserved_name(z) {
            diags.push(reserved(z, name));
        }
    }
}

fn collision(a: &VlanZone<'_>, b: &VlanZone<'_>, platforms: &[Platform]) -> Diagnostic {
    let spelled = platforms
        .iter()
        .map(|&p| format!("`{}` on {}", a.platform_name(p), p.label()))
        .collect::<Vec<_>>()
        .join(" and ");
    Diagnostic::error(
        Code::VlanNameCollision,
        format!(
            "zones `{}` and `{}` get the same VLAN name, {spelled}",
            a.zone, b.zone
        ),
    )
    .with_label(a.vlan.span, format!("VLAN {} of `{}`", a.vlan.id, a.zone))
    .with_label(
        b.vlan.span,
        format!("VLAN {} of `{}` gets the same name", b.vlan.id, b.zone),
    )
    .with_help(NAME_RULES)
}

fn reserved_name<'a>(z: &'a VlanZone<'_>) -> Option<&'a str> {
    [Platform::Ios, Platform::Junos]
        .into_iter()
        .map(|p| z.platform_name(p))
        .find(|name| RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name)))
}

fn reserved(z: &VlanZone<'_>, name: &str) -> Diagnostic {
    Diagnostic::error(
        Code::VlanNameCollision,
        format!("VLAN name `{name}` of zone `{}` is the name of a built-in switch VLAN", z.zone),
    )
    .with_label(z.vlan.span, format!("VLAN {} of `{}`", z.vlan.id, z.zone))
    .with_help(format!(
        "switches name their own VLANs `default`, `fddi-default`, `token-ring-default`, `fddinet-default` and `trnet-default`; give the zone another name with `vlan {} \"NAME\"`",
        z.vlan.id
    ))
}

const NAME_RULES: &str = "VLAN names are made safe for each switch (IOS: up to 32 letters, digits, `-`, `_` and `.`; Junos: a letter, then letters, digits, `-` and `.`), so names that differ only in other characters or after the 32nd become equal; give one zone its own name with `vlan N \"NAME\"`";

/// Why `name` is not a usable interface name, as the end of a sentence
/// (`interface name `x` ...`), or `None` when Linux and networkd accept it.
pub fn interface_problem(name: &str) -> Option<&'static str> {
    let valid = |b: u8| b.is_ascii_graphic() && !matches!(b, b'/' | b':' | b'%');
    if name.is_empty() {
        Some("is empty")
    } else if name.len() > MAX_INTERFACE {
        Some("is longer than 15 characters")
    } else if name == "." || name == ".." {
        Some("is not a valid interface name")
    } else if name.bytes().all(|b| b.is_ascii_digit()) {
        Some("is all digits, which systemd-networkd reads as an interface index")
    } else if !name.bytes().all(valid) {
        Some("contains a character Linux or systemd-networkd refuses")
    } else {
        None
    }
}

/// The error for a zone whose interface name cannot be used.
pub(crate) fn check_interface(
    name: &str,
    zone: &str,
    vlan: &Vlan,
    options: &Options,
) -> Option<Diagnostic> {
    let problem = interface_problem(name)?;
    let template = options.interface_template();
    Some(
        Diagnostic::error(Code::InterfaceName, format!("interface name `{name}` for zone `{zone}` {problem}"))
            .with_label(vlan.span, format!("`--nft-interface {template}` names this VLAN `{name}`"))
            .with_help(format!(
                "Linux interface names have 1 to {MAX_INTERFACE} letters, digits and `_.-`, and systemd-networkd refuses names of digits only; use a template such as `{DEFAULT_INTERFACE}`"
            )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ios_names_keep_safe_characters_and_fit_32() {
        assert_eq!(ios_name(Some("SUD-EHR"), "sud_ehr"), "SUD-EHR");
        assert_eq!(ios_name(None, "clinical_ws"), "clinical_ws");
        assert_eq!(
            ios_name(Some("Guest Wi-Fi (patients)"), "g"),
            "Guest-Wi-Fi-patients"
        );
        assert_eq!(ios_name(Some("what?"), "g"), "what");
        assert_eq!(ios_name(Some("日本"), "japan_office"), "japan_office");
        let long = ios_name(Some(&"A".repeat(40)), "z");
        assert_eq!(long.len(), IOS_NAME_MAX);
        assert_eq!(
            ios_name(Some(&format!("{} x", "A".repeat(31))), "z"),
            "A".repeat(31)
        );
    }

    #[test]
    fn junos_names_start_with_a_letter_and_drop_underscores() {
        assert_eq!(junos_name(None, "clinical_ws"), "clinical-ws");
        assert_eq!(junos_name(Some("900-GUEST"), "g"), "v900-GUEST");
        assert_eq!(junos_name(None, "_lab"), "lab");
        assert_eq!(junos_name(Some("CORE.NET"), "c"), "CORE.NET");
    }

    #[test]
    fn interface_names_follow_linux_and_networkd() {
        assert_eq!(interface_problem("eth1"), None);
        assert_eq!(interface_problem("vlan4094"), None);
        assert_eq!(interface_problem(&"a".repeat(15)), None);
        for bad in [
            "",
            "123",
            "a/b",
            "a:b",
            "a b",
            "a%b",
            "..",
            "vlän",
            &"a".repeat(16),
        ] {
            assert!(interface_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn descriptions_name_the_zone() {
        assert_eq!(description("guest", None), "zone guest");
        assert_eq!(
            description("guest", Some("Patient Wi-Fi")),
            "zone guest: Patient Wi-Fi"
        );
        assert_eq!(description("guest", Some("  ")), "zone guest");
    }
}
