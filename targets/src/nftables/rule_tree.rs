//! Sharing rules between service chains.
//!
//! Thousands of service chains are built from a few dozen distinct rules
//! (`tcp dport 22 accept`, `udp dport 53 accept`, ...), and every rule
//! costs the load about the same whatever it says. Every rule accepts, so
//! their order inside a chain does not matter: each chain's rules are
//! sorted most-shared first and put in a prefix tree. A service chain holds
//! only the rules below its nearest shared ancestor, then `goto` that
//! ancestor, which holds the rules the services have in common. A packet
//! meets the same rules as in one flat chain, plus at most [`MAX_DEPTH`]
//! `goto`s; a `goto` pushes nothing on the kernel's jump stack, but the
//! kernel counts chain levels when it validates, so the tree is cut (its
//! rules repeated) before it gets deep.

use std::cmp::Reverse;
use std::collections::BTreeMap;

/// Most chains, counting the service chain, that one service spans.
const MAX_DEPTH: usize = 6;

/// One chain to write: its name, its own rules, and the chain it ends by
/// going to (if any).
pub(crate) struct Chain {
    pub name: String,
    pub rules: Vec<String>,
    pub parent: Option<String>,
    /// The service (`svc_N`) this chain is, if it is one.
    pub service: Option<usize>,
}

/// A node to visit: the node, the nearest chain above with its depth, the
/// rules since that chain, and the rules from the root.
type Visit = (usize, Option<(String, usize)>, Vec<String>, Vec<String>);

struct Node {
    rule: String,
    kids: BTreeMap<String, usize>,
    services: Vec<usize>,
}

/// The chains that accept, for each `(n, rules)`, exactly `rules` in the
/// chain named by `name(n)`, sharing common rules; shared chains that are
/// no service are named `svc_shared_K`.
pub(crate) fn share(
    services: &[(usize, Vec<String>)],
    name: impl Fn(usize) -> String,
) -> Vec<Chain> {
    let mut freq: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, rules) in services {
        for r in rules {
            *freq.entry(r.as_str()).or_default() += 1;
        }
    }
    let mut nodes = vec![Node {
        rule: String::new(),
        kids: BTreeMap::new(),
        services: Vec::new(),
    }];
    for (n, rules) in services {
        let mut sorted: Vec<&String> = rules.iter().collect();
        // Stable: rules used equally often keep the services' own order.
        sorted.sort_by_key(|r| Reverse(freq.get(r.as_str()).copied().unwrap_or(0)));
        let mut at = 0;
        for rule in sorted {
            at = child(&mut nodes, at, rule);
        }
        if let Some(node) = nodes.get_mut(at) {
            node.services.push(*n);
        }
    }
    let mut chains = Vec::new();
    let mut shared = 0;
    let mut stack: Vec<Visit> = vec![(0, None, Vec::new(), Vec::new())];
    while let Some((at, above, mut pending, mut full)) = stack.pop() {
        let Some(node) = nodes.get(at) else { continue };
        if at != 0 {
            pending.push(node.rule.clone());
            full.push(node.rule.clone());
        }
        let first = node.services.first().copied();
        let is_chain = at != 0 && (first.is_some() || node.kids.len() != 1);
        let (next_above, next_pending) = if is_chain {
            let chain_name = match first {
                Some(n) => name(n),
                None => {
                    shared += 1;
                    format!("svc_shared_{shared}")
                }
            };
            let (rules, parent, depth) = match above {
                Some((parent, depth)) if depth < MAX_DEPTH => (pending, Some(parent), depth + 1),
                _ => (full.clone(), None, 1),
            };
            chains.push(Chain {
                name: chain_name.clone(),
                rules,
                parent,
                service: first,
            });
            // Identical rule lists (not expected: services are distinct).
            for &n in node.services.iter().skip(1) {
                chains.push(Chain {
                    name: name(n),
                    rules: Vec::new(),
                    parent: Some(chain_name.clone()),
                    service: Some(n),
                });
            }
            (Some((chain_name, depth)), Vec::new())
        } else {
            (above, pending)
        };
        for &kid in node.kids.values().rev() {
            stack.push((kid, next_above.clone(), next_pending.clone(), full.clone()));
        }
    }
    chains
}

fn child(nodes: &mut Vec<Node>, at: usize, rule: &str) -> usize {
    if let Some(&k) = nodes.get(at).and_then(|n| n.kids.get(rule)) {
        return k;
    }
    let k = nodes.len();
    nodes.push(Node {
        rule: rule.to_string(),
        kids: BTreeMap::new(),
        services: Vec::new(),
    });
    if let Some(node) = nodes.get_mut(at) {
        node.kids.insert(rule.to_string(), k);
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// Every rule a packet meets from `name`, following the `goto`s.
    fn walk(chains: &[Chain], name: &str) -> Vec<String> {
        let mut seen = Vec::new();
        let mut at = Some(name.to_string());
        while let Some(n) = at {
            let c = chains.iter().find(|c| c.name == n).unwrap();
            seen.extend(c.rules.iter().cloned());
            at = c.parent.clone();
        }
        seen.sort();
        seen
    }

    #[test]
    fn common_rules_are_written_once_and_every_service_keeps_its_rules() {
        let services = vec![
            (1, rules(&["a", "b", "x"])),
            (2, rules(&["a", "b", "y"])),
            (3, rules(&["a", "b"])),
            (4, rules(&["z"])),
        ];
        let chains = share(&services, |n| format!("svc_{n}"));
        for (n, list) in &services {
            let mut want = list.clone();
            want.sort();
            assert_eq!(walk(&chains, &format!("svc_{n}")), want);
        }
        let written: usize = chains.iter().map(|c| c.rules.len()).sum();
        assert_eq!(written, 5, "a and b once, x, y, z once each");
    }

    #[test]
    fn deep_trees_are_cut() {
        let services: Vec<(usize, Vec<String>)> = (1..=20)
            .map(|n| (n, (1..=n).map(|i| format!("r{i:02}")).collect()))
            .collect();
        let chains = share(&services, |n| format!("svc_{n}"));
        for (n, list) in &services {
            let mut want = list.clone();
            want.sort();
            assert_eq!(walk(&chains, &format!("svc_{n}")), want);
            let mut depth = 0;
            let mut at = Some(format!("svc_{n}"));
            while let Some(name) = at {
                depth += 1;
                at = chains
                    .iter()
                    .find(|c| c.name == name)
                    .unwrap()
                    .parent
                    .clone();
            }
            assert!(depth <= MAX_DEPTH, "svc_{n} spans {depth} chains");
        }
    }
}
