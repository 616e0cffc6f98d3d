//! Port sets in the policy's own words, for the matrix and `explain`:
//! the declared services that cover them, then whatever is left in port
//! syntax.

use zonec_model::{Model, PortSet};

/// Ports named as the policy names them: the declared services that fit
/// whole (largest first), then whatever is left in port syntax.
pub fn describe(model: &Model, ports: &PortSet) -> String {
    if ports.is_any() || ports.is_empty() {
        return ports.to_string();
    }
    let mut services: Vec<_> = model
        .services
        .iter()
        .filter(|s| !s.ports.is_empty())
        .collect();
    services.sort_by_key(|s| std::cmp::Reverse(s.ports.size()));
    let mut left = ports.clone();
    let mut names = Vec::new();
    for s in services {
        if s.ports.is_subset(&left) {
            left = left.subtract(&s.ports);
            names.push(s.name.clone());
        }
    }
    names.sort();
    if !left.is_empty() {
        names.push(left.to_string());
    }
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;
    use zonec_model::Proto;

    #[test]
    fn declared_services_first_then_the_rest_in_port_syntax() {
        let (model, _) = testkit::policy();
        let pg = PortSet::ports(Proto::Tcp, 5432, 5432);
        let more = pg.union(&PortSet::ports(Proto::Udp, 53, 53));
        assert_eq!(describe(&model, &pg), "pg");
        assert_eq!(describe(&model, &more), "pg, udp/53");
        assert_eq!(describe(&model, &PortSet::any()), "any");
    }
}
