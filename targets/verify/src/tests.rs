//! The evaluator on hand-written `nft -j` output for a two-zone policy:
//! the exact ruleset passes, each kind of drift gives its finding with a
//! witness, cosmetic fields give none, and an unknown construct is an error.

use super::*;
use serde_json::{json, Value};
use zonec_analysis::analyze;
use zonec_base::{Date, Sources};
use zonec_model::ResolveOptions;

const POLICY: &str = "zone a { net 10.0.1.0/24 }\nzone b { net 10.0.2.0/24 }\nforbid a ->* b : tcp/22\nallow a -> b : tcp/443\n";

fn check(rules: Vec<Value>, extra_objects: Vec<Value>) -> Result<Report, Unsupported> {
    check_on(rules, extra_objects, None)
}

/// As [`check`], zone `a`'s traffic arriving on `iface` when given.
fn check_on(
    rules: Vec<Value>,
    extra_objects: Vec<Value>,
    iface: Option<&str>,
) -> Result<Report, Unsupported> {
    let mut sources = Sources::new();
    sources.add("p.zones", POLICY);
    let today = Date::parse("2026-01-01").unwrap();
    let front = zonec_model::compile(&sources, &ResolveOptions { today });
    assert!(front.diagnostics.is_empty(), "{:?}", front.diagnostics);
    let analysis = analyze(&front.model);
    let interfaces: BTreeMap<_, _> = iface
        .map(|i| (front.model.zone_ids().next().unwrap(), i.to_string()))
        .into_iter()
        .collect();
    let policy = Policy {
        model: &front.model,
        effective: &analysis.effective,
        addresses: &analysis.addresses,
        hash: "abc",
        interfaces: &interfaces,
    };
    let mut objects = vec![
        json!({"metainfo": {"version": "1.0.6"}}),
        json!({"table": {"family": "inet", "name": "zonec", "handle": 1}}),
        json!({"counter": {"family": "inet", "table": "zonec", "name": "policy_sha256", "comment": "zonec policy sha256:abc", "packets": 7}}),
        json!({"chain": {"family": "inet", "table": "zonec", "name": "svc", "handle": 2}}),
        json!({"rule": {"family": "inet", "table": "zonec", "chain": "svc", "expr": [
            {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 443}},
            {"accept": null}]}}),
        json!({"chain": {"family": "inet", "table": "zonec", "name": "forward", "handle": 3,
            "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}}),
    ];
    objects.extend(extra_objects);
    for expr in rules {
        objects.push(json!({"rule": {"family": "inet", "table": "zonec", "chain": "forward", "handle": 9, "expr": expr}}));
    }
    verify(&policy, &json!({ "nftables": objects }).to_string())
}

/// The rules that enforce POLICY: inside each zone anything, a -> b https
/// (the destination checked by a range, the source by a masked map).
fn exact() -> Vec<Value> {
    vec![
        json!([{"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]),
        json!([{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.1.0", "len": 24}}}},
               {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"prefix": {"addr": "10.0.1.0", "len": 24}}}}, {"accept": null}]),
        json!([{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.2.0", "len": 24}}}},
               {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"prefix": {"addr": "10.0.2.0", "len": 24}}}}, {"accept": null}]),
        json!([{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"range": ["10.0.2.0", "10.0.2.255"]}}},
        {"vmap": {"key": {"&": [{"payload": {"protocol": "ip", "field": "saddr"}}, "255.255.255.0"]},
         "data": {"set": [[{"elem": {"val": "10.0.1.0", "comment": "a"}}, {"jump": {"target": "svc"}}]]}}},
        ]),
        json!([{"counter": {"packets": 3, "bytes": 100}}, {"drop": null}]),
    ]
}

fn classes(r: &Report) -> Vec<Class> {
    r.findings.iter().map(|f| f.class).collect()
}

#[test]
fn the_exact_ruleset_passes() {
    let r = check(exact(), vec![]).unwrap();
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

#[test]
fn a_wrong_hash_is_reported_first() {
    let hashed = json!({"counter": {"family": "inet", "table": "zonec", "name": "policy_sha256", "comment": "zonec policy sha256:def"}});
    let r = check(exact(), vec![hashed]).unwrap();
    assert_eq!(classes(&r), vec![Class::PolicyHash]);
}

#[test]
fn a_port_added_to_a_service_is_extra_with_a_witness() {
    let more = json!({"rule": {"family": "inet", "table": "zonec", "chain": "svc", "expr": [
        {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": {"range": [8000, 8080]}}}, {"accept": null}]}});
    let r = check(exact(), vec![more]).unwrap();
    assert_eq!(classes(&r), vec![Class::Extra]);
    let f = &r.findings[0];
    let w = f.witness.as_ref().unwrap();
    assert_eq!(
        (w.src.as_deref(), w.dst.as_deref(), w.port),
        (Some("10.0.1.1"), Some("10.0.2.1"), Some(8000))
    );
    assert!(
        f.responsible
            .last()
            .unwrap()
            .contains("tcp dport 8000-8080 accept"),
        "{f:?}"
    );
}

#[test]
fn an_accept_that_opens_a_forbidden_path_names_the_invariant() {
    let mut rules = exact();
    rules.insert(0, json!([{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}, {"accept": null}]));
    let r = check(rules, vec![]).unwrap();
    let f = r
        .findings
        .iter()
        .find(|f| f.class == Class::ForbiddenReachable)
        .unwrap();
    assert_eq!(f.invariant.as_deref(), Some("forbid a ->* b : tcp/22"));
    assert_eq!(f.witness.as_ref().unwrap().port, Some(22));
}

#[test]
fn a_deleted_lookup_is_missing() {
    let mut rules = exact();
    rules.remove(3);
    let r = check(rules, vec![]).unwrap();
    assert_eq!(classes(&r), vec![Class::Missing]);
    assert!(
        r.findings[0].responsible[0].contains("drop"),
        "{:?}",
        r.findings[0]
    );
}

#[test]
fn foreign_forward_chains_and_nat_are_reported() {
    let foreign = vec![
        json!({"chain": {"family": "ip", "table": "f", "name": "c", "type": "filter", "hook": "forward", "prio": 0, "policy": "accept"}}),
        json!({"rule": {"family": "ip", "table": "f", "chain": "c", "expr": [{"drop": null}]}}),
        json!({"chain": {"family": "ip", "table": "nat", "name": "p", "type": "nat", "hook": "prerouting", "prio": -100, "policy": "accept"}}),
        json!({"rule": {"family": "ip", "table": "nat", "chain": "p", "expr": [{"dnat": {"addr": "10.0.2.9"}}]}}),
    ];
    let r = check(exact(), foreign).unwrap();
    assert_eq!(classes(&r), vec![Class::MayBlock, Class::RewritesAddresses]);
    assert_eq!(
        r.findings[0].responsible,
        vec!["drop".to_string(), "policy accept".to_string()]
    );
}

#[test]
fn unknown_constructs_are_errors_naming_them() {
    let mut rules = exact();
    rules.insert(0, json!([{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "sport"}}, "right": 53}}, {"accept": null}]));
    let e = check(rules, vec![]).unwrap_err();
    assert!(e.what.contains("tcp sport"), "{e:?}");
    assert!(e.at.contains("chain forward, rule 1"), "{e:?}");
    let mut rules = exact();
    rules.insert(0, json!([{"meta": {"key": "mark", "value": 1}}]));
    assert!(check(rules, vec![]).is_err());
    assert!(verify_text("not json").unwrap_err().malformed);
}

#[test]
fn a_jump_loop_is_an_error_not_a_hang() {
    let mut rules = exact();
    rules.insert(0, json!([{"jump": {"target": "forward"}}]));
    let e = check(rules, vec![]).unwrap_err();
    assert!(e.what.contains("deeper than"), "{e:?}");
}

#[test]
fn too_many_ranges_are_refused_not_walked_for_hours() {
    let many: Vec<Value> = (0..2100u32)
        .map(|i| json!(std::net::Ipv4Addr::from(0x0b00_0000 + 2 * i).to_string()))
        .collect();
    let mut rules = exact();
    rules.insert(
        0,
        json!([{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"set": many}}}, {"drop": null}]),
    );
    let e = check(rules, vec![]).unwrap_err();
    assert!(e.what.contains("pairs to evaluate"), "{e:?}");
}

#[test]
fn interfaces_come_from_the_template() {
    let mut rules = exact();
    rules.insert(
        0,
        json!([{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.1.0", "len": 24}}}},
               {"match": {"op": "!=", "left": {"meta": {"key": "iifname"}}, "right": "vlan10"}}, {"drop": null}]),
    );
    let on_its_vlan = check_on(rules.clone(), vec![], Some("vlan10")).unwrap();
    assert!(
        on_its_vlan.findings.is_empty(),
        "{:?}",
        on_its_vlan.findings
    );
    let unknown = check_on(rules, vec![], None).unwrap();
    assert!(unknown.findings.iter().all(|f| f.class == Class::Missing));
    assert!(!unknown.findings.is_empty());
}

fn verify_text(text: &str) -> Result<Deployed, Unsupported> {
    read::read(text)
}

use read::Deployed;

#[test]
fn time_bounds_are_read_as_open() {
    // The allow of `exact` bounded in time (chain `timed`): the flow may be
    // open, as the analysis treats the allow, so the ruleset still passes.
    let mut rules = exact();
    let time = |key: &str, op: &str, right: Value| json!({"match": {"op": op, "left": {"meta": {"key": key}}, "right": right}});
    if let Some(Value::Array(rule)) = rules.get_mut(3) {
        rule.insert(0, time("time", "<", json!("2027-07-01 00:00:00")));
        rule.insert(1, time("day", "==", json!({"range": [1, 5]})));
        rule.insert(2, time("hour", "==", json!({"range": [43200, 86399]})));
    }
    let r = check(rules, vec![]).unwrap();
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

/// `ip saddr 10.0.1.0/24 ip daddr 10.0.2.0/24 limit name "wdl" log accept`
/// (a monitored zone's would-drop rule), then `tail`, before the drop.
fn rate_limited_then(tail: Value) -> Result<Report, Unsupported> {
    let mut rules = exact();
    let drop = rules.pop().unwrap();
    rules.push(json!([
        {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.1.0", "len": 24}}}},
        {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"prefix": {"addr": "10.0.2.0", "len": 24}}}},
        {"limit": "wdl"}, {"log": {"prefix": "zonec would-drop a->b: "}}, {"accept": null}]));
    rules.push(tail);
    rules.push(drop);
    let limit = json!({"limit": {"family": "inet", "table": "zonec", "name": "wdl", "rate": 10, "per": "second", "burst": 20}});
    check(rules, vec![limit])
}

#[test]
fn a_rate_limited_accept_stands_when_past_the_limit_is_an_accept_too() {
    // Past the rate the packet reaches an accept all the same: the
    // ruleset opens a -> b on every port, which verify reports.
    let r = rate_limited_then(json!([{"accept": null}])).unwrap();
    assert!(classes(&r).contains(&Class::ForbiddenReachable), "{r:?}");
}

#[test]
fn a_rate_limit_that_decides_the_verdict_is_refused() {
    // Past the rate the packet is dropped: its fate depends on the rate.
    let e = rate_limited_then(json!([{"counter": null}])).unwrap_err();
    assert!(e.what.contains("a rate limit decides"), "{e:?}");
}
