//! How an allowed flow is named for people: by the services of the `allow`
//! rules that grant it (`https, hl7`), as the graph's edge labels, the
//! report's matrix cells and the diff show it.

use zonec_analysis::effective::Flow;
use zonec_model::{Model, PortSet};

/// The services a flow allows, in rule order without repeats: each service
/// of each granting `allow` that still allows some port after the denies;
/// `name (part)` when a deny removed some of its ports; `any` for a rule
/// without services.
pub fn service_names(model: &Model, flow: &Flow) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for grant in flow.grants.iter().filter(|g| !g.ports.is_empty()) {
        let rule = model.rule(grant.rule);
        if rule.services.is_empty() {
            push_unique(&mut names, named("any", &PortSet::any(), &grant.ports));
        }
        for service in &rule.services {
            if service.ports.overlaps(&grant.ports) {
                push_unique(
                    &mut names,
                    named(&service.text, &service.ports, &grant.ports),
                );
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
