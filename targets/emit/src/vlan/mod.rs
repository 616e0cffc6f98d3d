//! The VLAN target: switch and router configuration that puts each zone with
//! a `vlan` on its own 802.1Q VLAN, matching the nftables ruleset.
//!
//! Files, all under `vlan/`:
//! - `ios.cfg` — Cisco IOS/IOS-XE: `vlan N` + `name`, SVIs with
//!   `--vlan-svi`, and commented access/trunk port templates (`ios.rs`);
//! - `junos.set` — Junos `set vlans ...`, irb units with `--vlan-svi` (`junos.rs`);
//! - `networkd/` — systemd-networkd files for the Linux router that runs the
//!   nftables ruleset: one VLAN interface per zone on the trunk, named by the
//!   same interface template as the ruleset, with the gateway addresses and
//!   forwarding on (`networkd.rs`);
//! - `README.txt` — which file goes where (`readme.rs`).
//!
//! The work is split in two: `plan` turns the model into `VlanZone`s
//! (names, interface, gateways) and collects every diagnostic; the renderers
//! are pure functions of the plan. Nothing is rendered when there is an error.

pub mod acl;
mod gateway;
mod ios;
mod junos;
mod names;
mod networkd;
mod readme;

use crate::nftables::InterfaceTemplate;
use crate::registry::TargetSpec;
use crate::{Artifact, Emitted, Input};
use gateway::Gateways;
pub use names::interface_problem;
use names::Platform;
use std::collections::BTreeMap;
use zonec_base::{Code, Diagnostic};
use zonec_model::{Vlan, ZoneId};

/// The trunk interface of the Linux router when none is given.
pub const DEFAULT_TRUNK: &str = "eth1";

/// The interface template when none is given: the nftables default too.
pub const DEFAULT_INTERFACE: &str = "vlan{id}";

/// The directory (under the output directory) this target writes.
pub const DIR: &str = "vlan";

/// What the VLAN target is asked to make.
#[derive(Clone, Debug)]
pub struct Options {
    /// Also give each VLAN a routed interface (IOS `interface VlanN`, Junos
    /// `irb.N`) with the zone's gateway addresses, and filter it with the
    /// zone's access lists (unless `unfiltered`).
    pub svi: bool,
    /// Routed interfaces without access lists (`--vlan-svi-unfiltered`,
    /// for a staged migration): a warning.
    pub unfiltered: bool,
    /// The hardware entries the switch ACLs may expand to before a warning.
    pub tcam_budget: u32,
    /// The router's interface towards the switch, carrying every zone VLAN.
    pub trunk: String,
    /// How the router's VLAN interfaces are named: the nftables ruleset's
    /// `--nft-interface` template, the same type and expansion; `None`
    /// means [`DEFAULT_INTERFACE`].
    pub interface: Option<InterfaceTemplate>,
}

impl Options {
    /// The router interface of a zone called `zone` on VLAN `id`.
    pub fn interface_name(&self, zone: &str, id: u16) -> String {
        match &self.interface {
            Some(t) => t.expand(zone, id),
            None => format!("vlan{id}"),
        }
    }

    /// The template as text, for the files that explain the names.
    pub fn interface_template(&self) -> &str {
        self.interface
            .as_ref()
            .map_or(DEFAULT_INTERFACE, |t| t.as_str())
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            svi: false,
            unfiltered: false,
            tcam_budget: acl::DEFAULT_BUDGET,
            trunk: DEFAULT_TRUNK.to_string(),
            interface: None,
        }
    }
}

/// One zone with a VLAN, with everything the renderers need.
#[derive(Clone, Debug)]
pub(crate) struct VlanZone<'m> {
    pub id: ZoneId,
    /// The zone's name as written.
    pub zone: &'m str,
    pub vlan: &'m Vlan,
    /// `zone NAME: DESCRIPTION`, not yet made safe for a platform.
    pub description: String,
    pub ios_name: String,
    pub junos_name: String,
    /// The router's VLAN interface for this zone.
    pub interface: String,
    pub gateways: Gateways,
}

impl VlanZone<'_> {
    pub(crate) fn platform_name(&self, platform: Platform) -> &str {
        match platform {
            Platform::Ios => &self.ios_name,
            Platform::Junos => &self.junos_name,
        }
    }
}

/// Everything the renderers read.
#[derive(Clone, Debug)]
pub(crate) struct Plan<'m> {
    /// The policy's name, when it has a `policy` item.
    pub policy: Option<&'m str>,
    /// Zones with a VLAN, by VLAN id.
    pub zones: Vec<VlanZone<'m>>,
    pub options: &'m Options,
    /// The switch's access lists, with `--vlan-svi`.
    pub filters: Option<acl::Filters>,
}

/// The row of this target in the list of targets.
pub(crate) const TARGET: TargetSpec = TargetSpec {
    name: "vlan",
    about: "switch VLANs and the router's VLAN interfaces (vlan/: IOS, Junos, systemd-networkd)",
    needed_by: |model| model.zones.iter().any(|z| z.vlan.is_some()),
    emit,
};

/// Build the VLAN files for the policy.
pub fn emit(input: &Input, options: &crate::Options) -> Emitted {
    let (mut plan, mut diagnostics) = plan(input, &options.vlan);
    // The renderers are written for a plan without errors.
    if !diagnostics.iter().any(Diagnostic::is_error) {
        filter(input, &mut plan, &mut diagnostics);
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Emitted {
            artifacts: Vec::new(),
            diagnostics,
        };
    }
    let mut artifacts = vec![
        artifact("ios.cfg", ios::render(&plan)),
        artifact("junos.set", junos::render(&plan)),
    ];
    artifacts.extend(
        networkd::render(&plan)
            .into_iter()
            .map(|(name, text)| artifact(&format!("networkd/{name}"), text)),
    );
    artifacts.push(artifact("README.txt", readme::render(&plan)));
    Emitted {
        artifacts,
        diagnostics,
    }
}

/// `ios.cfg`, `junos.set` and the filters they hold, written whether or
/// not the filters' proof passes (the tests' evaluators read them back);
/// `None` when the plan has errors or the options ask for no filters.
pub fn switch_files(
    input: &Input,
    options: &crate::Options,
) -> Option<(String, String, acl::Filters)> {
    let (mut plan, diags) = plan(input, &options.vlan);
    let wanted = options.vlan.svi && !options.vlan.unfiltered;
    if !wanted || diags.iter().any(Diagnostic::is_error) {
        return None;
    }
    let filters = acl::Filters::new(input, &plan.zones);
    plan.filters = Some(filters.clone());
    Some((ios::render(&plan), junos::render(&plan), filters))
}

/// The switch's access lists and their proof with `--vlan-svi`; the
/// warning with `--vlan-svi-unfiltered`.
fn filter(input: &Input, plan: &mut Plan<'_>, diags: &mut Vec<Diagnostic>) {
    let options = plan.options;
    if !options.svi || plan.zones.is_empty() {
        return;
    }
    if options.unfiltered {
        diags.push(
            Diagnostic::warning(
                Code::VlanSviUnfiltered,
                "the switch routes between the zones' VLANs with no filter: no invariant holds on it",
            )
            .with_help("`--vlan-svi-unfiltered` is for a staged migration only; build with `--vlan-svi` to write and prove the switch's access lists"),
        );
        return;
    }
    let (filters, found) = acl::build(input, &plan.zones, options.tcam_budget);
    diags.extend(found);
    plan.filters = Some(filters);
}

fn artifact(path: &str, contents: String) -> Artifact {
    Artifact {
        path: format!("{DIR}/{path}"),
        contents,
        sha256: None,
    }
}

/// The zones with a VLAN and every diagnostic about them.
pub(crate) fn plan<'m>(input: &Input<'m>, options: &'m Options) -> (Plan<'m>, Vec<Diagnostic>) {
    let (model, table) = (input.model, input.addresses);
    let mut diags = Vec::new();
    check_trunk(&options.trunk, &mut diags);
    let mut zones = Vec::new();
    for id in model.zone_ids() {
        let zone = model.zone(id);
        let Some(vlan) = zone.vlan.as_ref() else {
            continue;
        };
        let interface = options.interface_name(&zone.name, vlan.id);
        if let Some(d) = names::check_interface(&interface, &zone.name, vlan, options) {
            diags.push(d);
        }
        let gateways = gateway::gateways(zone, &mut diags);
        gateway::check_ownership(model, table, id, &gateways, &mut diags);
        reserved_vlan(&zone.name, vlan, &mut diags);
        zones.push(VlanZone {
            id,
            zone: &zone.name,
            vlan,
            description: names::description(&zone.name, zone.description.as_deref()),
            ios_name: names::ios_name(vlan.name.as_deref(), &zone.name),
            junos_name: names::junos_name(vlan.name.as_deref(), &zone.name),
            interface,
            gateways,
        });
    }
    zones.sort_by_key(|z| (z.vlan.id, z.id));
    names::check_collisions(&zones, &mut diags);
    check_interfaces(&zones, &options.trunk, &mut diags);
    diags.extend(crate::router::ignored(model, TARGET.name));
    let has_vlan = |z: zonec_model::ZoneId| model.zone(z).vlan.is_some();
    diags.extend(crate::staged::ignored(model, TARGET.name, has_vlan));
    let policy = model.policy.as_ref().map(|p| p.name.as_str());
    (
        Plan {
            policy,
            zones,
            options,
            filters: None,
        },
        diags,
    )
}

fn check_trunk(trunk: &str, diags: &mut Vec<Diagnostic>) {
    if let Some(reason) = names::interface_problem(trunk) {
        diags.push(
            Diagnostic::error(Code::InterfaceName, format!("trunk interface `{trunk}` {reason}"))
                .with_help("name the router's interface towards the switch with `--trunk`, for example `--trunk eth1`"),
        );
    }
}

/// Two zones on one router interface, or a zone on the trunk itself.
fn check_interfaces(zones: &[VlanZone<'_>], trunk: &str, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &VlanZone<'_>> = BTreeMap::new();
    for z in zones
        .iter()
        .filter(|z| names::interface_problem(&z.interface).is_none())
    {
        if z.interface == trunk {
            diags.push(
                Diagnostic::error(
                    Code::InterfaceName,
                    format!("interface `{trunk}` of zone `{}` is the trunk", z.zone),
                )
                .with_label(z.vlan.span, "this VLAN's interface")
                .with_help("the VLAN interfaces sit on the trunk and need names of their own; change `--trunk` or the interface template"),
            );
        } else if let Some(first) = seen.get(z.interface.as_str()) {
            diags.push(shared_interface(first, z));
        } else {
            seen.insert(&z.interface, z);
        }
    }
}

fn shared_interface(a: &VlanZone<'_>, b: &VlanZone<'_>) -> Diagnostic {
    Diagnostic::error(
        Code::InterfaceName,
        format!("zones `{}` and `{}` get the same interface `{}`", a.zone, b.zone, a.interface),
    )
    .with_label(a.vlan.span, format!("VLAN {} of `{}`", a.vlan.id, a.zone))
    .with_label(b.vlan.span, format!("VLAN {} of `{}`", b.vlan.id, b.zone))
    .with_help("each zone needs its own router interface: put `{id}` or `{zone}` in the interface template")
}

/// VLAN 1 is every switch's default VLAN; 1002–1005 are kept by IOS for
/// FDDI and Token Ring and cannot carry Ethernet ports.
fn reserved_vlan(zone: &str, vlan: &Vlan, diags: &mut Vec<Diagnostic>) {
    let (what, help) = match vlan.id {
        1 => (
            "is the default VLAN",
            "VLAN 1 carries switch control traffic and every port not configured otherwise, and IOS does not let it be renamed; give the zone another VLAN id",
        ),
        1002..=1005 => (
            "is reserved on IOS",
            "IOS keeps VLANs 1002 to 1005 for FDDI and Token Ring; they cannot be created, renamed or given Ethernet ports; give the zone another VLAN id",
        ),
        _ => return,
    };
    diags.push(
        Diagnostic::warning(
            Code::ReservedVlan,
            format!("VLAN {} of zone `{zone}` {what}", vlan.id),
        )
        .with_label(vlan.span, "reserved VLAN id")
        .with_help(help),
    );
}

/// Whether IOS lets zonec create and name this VLAN.
pub(crate) fn ios_configurable(id: u16) -> bool {
    !(id == 1 || (1002..=1005).contains(&id))
}

#[cfg(test)]
mod tests;
