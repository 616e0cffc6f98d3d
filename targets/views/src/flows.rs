//! How allowed ports are named for people: by the services of the rules
//! that grant them (`https, hl7`), in rule order. This is the one naming
//! function of every view: the graph's edge labels, the report's matrix
//! cells, the diff, `zonec matrix` and `zonec explain`. Naming ports by any
//! declared service that covers them would be wrong when two services share
//! a port (`fhir` and `pump_mgmt` both `tcp/8443`): only the rule knows
//! which one it meant.

use std::collections::BTreeMap;
use zonec_analysis::effective::Flow;
use zonec_model::{Model, PortSet, RuleId};

/// The services a flow allows, in rule order without repeats: each service
/// of each granting `allow` that still allows some port after the denies;
/// `name (part)` when a deny removed some of its ports; `any` for a rule
/// without services.
pub fn service_names(model: &Model, flow: &Flow) -> Vec<String> {
    rule_names(model, flow.grants.iter().map(|g| (g.rule, &g.ports)))
}

/// The name of a flow between two zones of one segment (a member zone and
/// its parent), which no rule grants.
pub const SEGMENT: &str = "any (one segment)";

/// The services of several flows together (the last hops into one zone),
/// each rule's ports the union of what it grants in any of them; a flow on
/// one segment adds [`SEGMENT`] at the end.
pub fn merged_names<'a>(model: &Model, flows: impl IntoIterator<Item = &'a Flow>) -> Vec<String> {
    let mut by_rule: BTreeMap<RuleId, PortSet> = BTreeMap::new();
    let mut segment = false;
    for flow in flows {
        segment |= flow.segment;
        for grant in &flow.grants {
            let ports = by_rule.entry(grant.rule).or_default();
            *ports = ports.union(&grant.ports);
        }
    }
    let mut names = rule_names(model, by_rule.iter().map(|(&rule, ports)| (rule, ports)));
    if segment {
        push_unique(&mut names, SEGMENT.to_string());
    }
    names
}

/// The services of `rules`, each with the ports it grants (or denies), in
/// the order given without repeats: each service of the rule that covers
/// some of those ports, `name (part)` when it covers more than they are,
/// `any` for a rule without services. A rule with no ports names nothing.
pub fn rule_names<'a>(
    model: &Model,
    rules: impl IntoIterator<Item = (RuleId, &'a PortSet)>,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (id, ports) in rules.into_iter().filter(|(_, p)| !p.is_empty()) {
        let rule = model.rule(id);
        if rule.services.is_empty() {
            push_unique(&mut names, named("any", &PortSet::any(), ports));
        }
        for service in &rule.services {
            if service.ports.overlaps(ports) {
                push_unique(&mut names, named(&service.text, &service.ports, ports));
            }
        }
    }
    names
}

fn named(text: &str, ports: &PortSet, allowed: &PortSet) -> String {
    if ports.is_subset(allowed) {
        text.to_string()
    } else {
        format!("{text} (part)")
    }
}

fn push_unique(names: &mut Vec<String>, name: String) {
    if !names.contains(&name) {
        names.push(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;
    use zonec_analysis::effective::Grant;
    use zonec_model::Proto;

    fn flow(ports: PortSet) -> Flow {
        Flow {
            ports: ports.clone(),
            grants: vec![Grant {
                rule: RuleId(0),
                ports,
            }],
            denies: Vec::new(),
            segment: false,
        }
    }

    #[test]
    fn a_rule_names_its_own_services_whole_or_in_part() {
        let (model, _) = testkit::policy();
        let pg = PortSet::ports(Proto::Tcp, 5432, 5432);
        assert_eq!(rule_names(&model, [(RuleId(0), &pg)]), ["pg"]);
        assert!(rule_names(&model, [(RuleId(0), &PortSet::empty())]).is_empty());
        let other = PortSet::ports(Proto::Tcp, 443, 443);
        assert!(rule_names(&model, [(RuleId(0), &other)]).is_empty());
    }

    #[test]
    fn merged_flows_name_each_rule_once() {
        let (model, _) = testkit::policy();
        let pg = PortSet::ports(Proto::Tcp, 5432, 5432);
        let (one, two) = (flow(pg.clone()), flow(pg));
        assert_eq!(merged_names(&model, [&one, &two]), ["pg"]);
        assert_eq!(service_names(&model, &one), ["pg"]);
    }
}
