//! `self`, the router: a zone of the model only when some selector names
//! it, after every declared zone, never part of `any` or of a label.

use super::{codes, compile};
use crate::{ZoneId, SELF};
use zonec_base::diagnostic::Code;

const ZONES: &str = "zone a { net 10.0.0.0/24 }\nzone b { net 10.0.1.0/24 }\n";

#[test]
fn self_is_a_zone_after_the_declared_ones_when_named() {
    let (sources, m, diags) = compile(&format!("{ZONES}allow a -> self : tcp/22\n"));
    assert_eq!(codes(&diags), vec![]);
    assert_eq!(m.self_zone, Some(ZoneId(2)));
    let router = m.zone(ZoneId(2));
    assert_eq!(router.name, SELF);
    assert!(router.prefixes.is_empty() && router.vlan.is_none() && router.cloud.is_empty());
    assert_eq!(sources.slice(router.span), "self");
    assert_eq!(m.rules[0].to, vec![ZoneId(2)]);
    assert!(m.is_self(ZoneId(2)) && !m.is_self(ZoneId(0)));
}

#[test]
fn a_policy_that_never_names_self_has_no_router_zone() {
    let (_, m, diags) = compile(&format!("{ZONES}allow a -> b : tcp/22\n"));
    assert_eq!(codes(&diags), vec![]);
    assert_eq!((m.self_zone, m.zones.len()), (None, 2));
}

#[test]
fn any_and_labels_never_include_self() {
    let text = format!("label l\n{ZONES}allow any -> self : tcp/22\nallow self -> any : udp/53\n");
    let (_, m, _) = compile(&text);
    assert_eq!(m.rules[0].from, vec![ZoneId(0), ZoneId(1)]);
    assert_eq!(m.rules[1].to, vec![ZoneId(0), ZoneId(1)]);
}

#[test]
fn naming_self_only_after_except_still_names_it() {
    let (_, m, diags) = compile(&format!("{ZONES}allow any except self -> b : tcp/22\n"));
    assert_eq!(codes(&diags), vec![]);
    assert_eq!(m.self_zone, Some(ZoneId(2)));
    assert_eq!(m.rules[0].from, vec![ZoneId(0), ZoneId(1)]);
}

#[test]
fn declaring_self_is_reserved_and_its_fields_are_not_checked() {
    let (_, m, diags) = compile(&format!(
        "{ZONES}zone self {{ vlan 9999 }}\nallow a -> self\n"
    ));
    assert_eq!(codes(&diags), vec![Code::ReservedSelf]);
    assert_eq!(diags[0].labels.len(), 2, "the name and the fields");
    assert!(diags[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("allow mgmt -> self"));
    assert_eq!(m.zones.len(), 3);
    assert!(m.zone(ZoneId(2)).vlan.is_none());
}

#[test]
fn at_self_is_not_a_label_and_self_names_nothing_else() {
    let (_, m, diags) = compile(&format!("{ZONES}allow a -> @self : tcp/22\n"));
    assert_eq!(codes(&diags), vec![Code::SelfLabel]);
    assert!(m.rules.is_empty(), "the rule is left out");
    let (_, _, diags) = compile(&format!("label self\nservice self = tcp/1\n{ZONES}"));
    assert_eq!(
        codes(&diags),
        vec![Code::KeywordAsName, Code::KeywordAsName]
    );
}
