//! Tests of the VLAN target over hand-built models: the checks (one per
//! diagnostic), and the files of a small policy read line by line.

use super::*;
use crate::testing;
use zonec_base::{FileId, Severity, Span};
use zonec_model::{Model, PolicyInfo, Prefix, Zone};

/// The VLAN target on `model` with these VLAN options.
fn emit(model: &Model, options: &Options) -> Emitted {
    let options = crate::Options {
        vlan: options.clone(),
        ..crate::Options::default()
    };
    testing::run(model, &options, super::emit)
}

/// A model builder: zones get distinct spans so labels can be told apart.
#[derive(Default)]
struct Spec {
    model: Model,
    offset: usize,
}

impl Spec {
    fn span(&mut self) -> Span {
        self.offset += 10;
        Span::new(FileId(0), self.offset, self.offset + 5)
    }

    fn zone(mut self, name: &str, nets: &[&str], vlan: Option<(u16, Option<&str>)>) -> Spec {
        let span = self.span();
        let prefixes = nets
            .iter()
            .map(|n| Prefix {
                net: n.parse().unwrap(),
                span: self.span(),
            })
            .collect();
        let vlan = vlan.map(|(id, name)| Vlan {
            id,
            name: name.map(str::to_string),
            span: self.span(),
        });
        self.model.zones.push(Zone {
            name: name.to_string(),
            external: false,
            labels: Vec::new(),
            description: None,
            prefixes,
            vlan,
            cloud: Vec::new(),
            span,
            parent: None,
            segment: None,
        });
        self
    }

    fn described(mut self, text: &str) -> Spec {
        if let Some(z) = self.model.zones.last_mut() {
            z.description = Some(text.to_string());
        }
        self
    }

    fn policy(mut self, name: &str) -> Spec {
        let span = self.span();
        self.model.policy = Some(PolicyInfo {
            name: name.to_string(),
            owner: None,
            span,
        });
        self
    }
}

fn clinic() -> Model {
    Spec::default()
        .policy("Riverbend Clinic")
        .zone(
            "clinical",
            &["10.10.0.0/16", "fd00:10::/64"],
            Some((110, None)),
        )
        .described("Clinical workstations")
        .zone(
            "sud_ehr",
            &["10.20.0.0/24", "fd00:20::/64"],
            Some((120, Some("SUD-EHR"))),
        )
        .zone(
            "guest",
            &["192.168.100.0/22"],
            Some((900, Some("Guest Wi-Fi"))),
        )
        .zone("ehr_cloud", &["10.30.0.0/24"], None)
        .model
}

fn file<'a>(out: &'a Emitted, path: &str) -> &'a str {
    out.artifacts
        .iter()
        .find(|a| a.path == path)
        .map(|a| a.contents.as_str())
        .unwrap_or_else(|| {
            panic!(
                "no {path} in {:?}",
                out.artifacts.iter().map(|a| &a.path).collect::<Vec<_>>()
            )
        })
}

fn codes(out: &Emitted) -> Vec<(Severity, Code)> {
    out.diagnostics
        .iter()
        .map(|d| (d.severity, d.code))
        .collect()
}

#[test]
fn files_of_a_small_policy() {
    let out = emit(&clinic(), &Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let paths: Vec<&str> = out.artifacts.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "vlan/ios.cfg",
            "vlan/junos.set",
            "vlan/networkd/10-eth1.network",
            "vlan/networkd/20-vlan110.netdev",
            "vlan/networkd/20-vlan110.network",
            "vlan/networkd/20-vlan120.netdev",
            "vlan/networkd/20-vlan120.network",
            "vlan/networkd/20-vlan900.netdev",
            "vlan/networkd/20-vlan900.network",
            "vlan/README.txt",
        ]
    );
    let ios = file(&out, "vlan/ios.cfg");
    assert!(ios.contains("vlan 120\n name SUD-EHR\n!"), "{ios}");
    assert!(ios.contains("vlan 900\n name Guest-Wi-Fi\n!"), "{ios}");
    assert!(
        ios.contains("!  switchport trunk allowed vlan 110,120,900\n"),
        "{ios}"
    );
    assert!(
        !ios.contains("interface Vlan"),
        "no SVIs unless asked: {ios}"
    );
    let trunk = file(&out, "vlan/networkd/10-eth1.network");
    assert!(trunk.contains("[Match]\nName=eth1\n"), "{trunk}");
    assert!(
        trunk.contains("VLAN=vlan110\nVLAN=vlan120\nVLAN=vlan900\n"),
        "{trunk}"
    );
    let netdev = file(&out, "vlan/networkd/20-vlan120.netdev");
    assert!(
        netdev.contains("[NetDev]\nName=vlan120\nKind=vlan\n"),
        "{netdev}"
    );
    assert!(netdev.contains("[VLAN]\nId=120\n"), "{netdev}");
    let network = file(&out, "vlan/networkd/20-vlan110.network");
    assert!(
        network.contains("Address=10.10.0.1/16\nAddress=fd00:10::1/64\nIPForward=yes\n"),
        "{network}"
    );
}

#[test]
fn svis_carry_the_gateways() {
    let options = Options {
        svi: true,
        ..Options::default()
    };
    let out = emit(&clinic(), &options);
    let ios = file(&out, "vlan/ios.cfg");
    assert!(
        ios.contains(
            "interface Vlan110\n description zone clinical: Clinical workstations\n ip address 10.10.0.1 255.255.0.0\n ipv6 address fd00:10::1/64\n ip access-group zonec-in-110 in\n ipv6 traffic-filter zonec-in6-110 in\n no shutdown\n"
        ),
        "{ios}"
    );
    let junos = file(&out, "vlan/junos.set");
    assert!(
        junos.contains("set interfaces irb unit 120 family inet6 filter input zonec-in6-120\n"),
        "{junos}"
    );
    assert!(junos.contains("set vlans SUD-EHR vlan-id 120\n"), "{junos}");
    assert!(
        junos.contains("set vlans SUD-EHR l3-interface irb.120\n"),
        "{junos}"
    );
    assert!(
        junos.contains("set interfaces irb unit 120 family inet address 10.20.0.1/24\n"),
        "{junos}"
    );
    assert!(
        junos.contains("set interfaces irb unit 120 family inet6 address fd00:20::1/64\n"),
        "{junos}"
    );
    assert!(file(&out, "vlan/README.txt").contains("never both"));
}

#[test]
fn output_is_deterministic() {
    let a = emit(&clinic(), &Options::default());
    let b = emit(&clinic(), &Options::default());
    assert_eq!(a.artifacts, b.artifacts);
}

#[test]
fn interface_template_and_trunk_are_used_everywhere() {
    let options = Options {
        trunk: "enp3s0".to_string(),
        interface: Some(InterfaceTemplate::parse("z-{zone}").unwrap()),
        ..Options::default()
    };
    let out = emit(&clinic(), &options);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let trunk = file(&out, "vlan/networkd/10-enp3s0.network");
    assert!(
        trunk.contains("VLAN=z-clinical\nVLAN=z-sud_ehr\nVLAN=z-guest\n"),
        "{trunk}"
    );
    assert!(file(&out, "vlan/networkd/20-z-guest.netdev").contains("Name=z-guest\nKind=vlan"));
}

#[test]
fn nested_zone_on_the_outer_gateway_is_a_collision() {
    let model = Spec::default()
        .zone("outer", &["10.10.0.0/16"], Some((110, None)))
        .zone("inner", &["10.10.0.0/24"], Some((111, None)))
        .model;
    let out = emit(&model, &Options::default());
    assert_eq!(codes(&out), [(Severity::Error, Code::GatewayCollision)]);
    let d = &out.diagnostics[0];
    assert_eq!(
        d.message,
        "gateway `10.10.0.1` of zone `outer` belongs to zone `inner`, whose gateway it is too"
    );
    assert_eq!(d.labels.len(), 2);
    assert_eq!(d.labels[0].span, model.zones[0].prefixes[0].span);
    assert_eq!(d.labels[1].span, model.zones[1].prefixes[0].span);
    assert!(out.artifacts.is_empty(), "nothing is written on an error");
}

#[test]
fn nested_zone_away_from_the_gateway_is_fine() {
    let model = Spec::default()
        .zone("outer", &["10.20.0.0/16"], Some((200, None)))
        .zone("inner", &["10.20.40.0/24"], Some((240, None)))
        .model;
    let out = emit(&model, &Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn a_slash_31_has_no_gateway() {
    let model = Spec::default()
        .zone("link", &["10.0.0.0/31", "fd00::/127"], Some((300, None)))
        .model;
    let out = emit(&model, &Options::default());
    assert_eq!(codes(&out), [(Severity::Error, Code::GatewayCollision); 2]);
    assert_eq!(
        out.diagnostics[0].message,
        "prefix `10.0.0.0/31` of zone `link` has no address for a gateway"
    );
}

#[test]
fn a_vlan_zone_without_prefixes_has_no_gateway() {
    let model = Spec::default().zone("empty", &[], Some((300, None))).model;
    let out = emit(&model, &Options::default());
    assert_eq!(codes(&out), [(Severity::Error, Code::MissingGatewayPrefix)]);
    assert_eq!(
        out.diagnostics[0].labels[0].span,
        model.zones[0].vlan.as_ref().unwrap().span
    );
}

#[test]
fn reserved_vlans_warn_and_stay_out_of_ios() {
    let model = Spec::default()
        .zone("native", &["10.1.0.0/24"], Some((1, None)))
        .zone("fddi", &["10.2.0.0/24"], Some((1003, None)))
        .zone("ok", &["10.3.0.0/24"], Some((3000, None)))
        .model;
    let out = emit(&model, &Options::default());
    assert_eq!(codes(&out), [(Severity::Warning, Code::ReservedVlan); 2]);
    assert_eq!(
        out.diagnostics[0].message,
        "VLAN 1 of zone `native` is the default VLAN"
    );
    assert_eq!(
        out.diagnostics[1].message,
        "VLAN 1003 of zone `fddi` is reserved on IOS"
    );
    let ios = file(&out, "vlan/ios.cfg");
    assert!(
        !ios.lines().any(|l| l == "vlan 1" || l == "vlan 1003"),
        "{ios}"
    );
    assert!(ios.contains("vtp mode transparent"), "{ios}");
    assert!(
        ios.contains("!  switchport trunk allowed vlan 1,3000\n"),
        "{ios}"
    );
    let junos = file(&out, "vlan/junos.set");
    assert!(junos.contains("set vlans fddi vlan-id 1003\n"), "{junos}");
    assert!(!junos.lines().any(|l| l.ends_with("vlan-id 1")), "{junos}");
    assert!(
        junos.contains("vlan members [ default fddi ok ]"),
        "{junos}"
    );
}

#[test]
fn names_equal_after_shortening_collide() {
    let long = "Behavioral Health Outpatient Clinic";
    let model = Spec::default()
        .zone(
            "east",
            &["10.1.0.0/24"],
            Some((10, Some(&format!("{long} East")))),
        )
        .zone(
            "west",
            &["10.2.0.0/24"],
            Some((20, Some(&format!("{long} West")))),
        )
        .model;
    let out = emit(&model, &Options::default());
    assert_eq!(codes(&out), [(Severity::Error, Code::VlanNameCollision)]);
    let d = &out.diagnostics[0];
    assert_eq!(
        d.message,
        "zones `east` and `west` get the same VLAN name, `Behavioral-Health-Outpatient-Cli` on IOS"
    );
    assert_eq!(d.labels[0].span, model.zones[0].vlan.as_ref().unwrap().span);
    assert_eq!(d.labels[1].span, model.zones[1].vlan.as_ref().unwrap().span);
}

#[test]
fn names_equal_on_both_platforms_are_one_error() {
    let model = Spec::default()
        .zone("a", &["10.1.0.0/24"], Some((10, Some("LAB 1"))))
        .zone("b", &["10.2.0.0/24"], Some((20, Some("LAB/1"))))
        .model;
    let out = emit(&model, &Options::default());
    assert_eq!(codes(&out), [(Severity::Error, Code::VlanNameCollision)]);
    assert!(out.diagnostics[0]
        .message
        .ends_with("`LAB-1` on IOS and `LAB-1` on Junos"));
}

#[test]
fn a_builtin_vlan_name_is_refused() {
    let model = Spec::default()
        .zone("a", &["10.1.0.0/24"], Some((10, Some("Default"))))
        .model;
    let out = emit(&model, &Options::default());
    assert_eq!(codes(&out), [(Severity::Error, Code::VlanNameCollision)]);
}

#[test]
fn interface_names_must_be_valid_and_distinct() {
    let model = Spec::default()
        .zone("clinical_workstations", &["10.1.0.0/24"], Some((10, None)))
        .zone("b", &["10.2.0.0/24"], Some((20, None)))
        .model;
    let long = Options {
        interface: Some(InterfaceTemplate::parse("{zone}").unwrap()),
        ..Options::default()
    };
    let out = emit(&model, &long);
    assert_eq!(codes(&out), [(Severity::Error, Code::InterfaceName)]);
    assert!(out.diagnostics[0]
        .message
        .contains("`clinical_workstations`"));
    let same = Options {
        interface: Some(InterfaceTemplate::parse("zones").unwrap()),
        ..Options::default()
    };
    let out = emit(&model, &same);
    assert_eq!(codes(&out), [(Severity::Error, Code::InterfaceName)]);
    assert_eq!(
        out.diagnostics[0].message,
        "zones `clinical_workstations` and `b` get the same interface `zones`"
    );
    let on_trunk = Options {
        trunk: "vlan10".to_string(),
        ..Options::default()
    };
    let out = emit(&model, &on_trunk);
    assert_eq!(codes(&out), [(Severity::Error, Code::InterfaceName)]);
    let bad_trunk = Options {
        trunk: "eth 1".to_string(),
        ..Options::default()
    };
    assert_eq!(
        codes(&emit(&model, &bad_trunk)),
        [(Severity::Error, Code::InterfaceName)]
    );
}

#[test]
fn secondary_prefixes_get_secondary_addresses() {
    let model = Spec::default()
        .zone(
            "multi",
            &["10.1.0.0/24", "fd00:1::/64", "10.9.0.0/24"],
            Some((10, None)),
        )
        .model;
    let options = Options {
        svi: true,
        ..Options::default()
    };
    let out = emit(&model, &options);
    let ios = file(&out, "vlan/ios.cfg");
    assert!(
        ios.contains(" ip address 10.1.0.1 255.255.255.0\n ip address 10.9.0.1 255.255.255.0 secondary\n ipv6 address fd00:1::1/64\n"),
        "{ios}"
    );
    let network = file(&out, "vlan/networkd/20-vlan10.network");
    assert!(
        network.contains("Address=10.1.0.1/24\nAddress=10.9.0.1/24\nAddress=fd00:1::1/64\n"),
        "{network}"
    );
}

#[test]
fn policy_text_cannot_break_a_line() {
    let model = Spec::default()
        .policy("evil\nset system root-authentication")
        .zone("a", &["10.1.0.0/24"], Some((10, Some("x\" ; rm"))))
        .described("line one\n[Network]\nDNS=1.1.1.1 \\")
        .model;
    let out = emit(&model, &Options::default());
    for a in &out.artifacts {
        for line in a.contents.lines() {
            assert!(!line.starts_with("set system"), "{}: {line}", a.path);
            assert!(!line.starts_with("DNS="), "{}: {line}", a.path);
        }
    }
    let network = file(&out, "vlan/networkd/20-vlan10.network");
    assert_eq!(
        network.lines().filter(|l| *l == "[Network]").count(),
        1,
        "{network}"
    );
}

#[test]
fn no_vlan_zones_still_make_readable_files() {
    let model = Spec::default().zone("cloud", &["10.1.0.0/24"], None).model;
    let out = emit(&model, &Options::default());
    assert!(out.diagnostics.is_empty());
    assert!(file(&out, "vlan/ios.cfg").contains("nothing to configure"));
    assert!(file(&out, "vlan/networkd/10-eth1.network").contains("Name=eth1"));
}
