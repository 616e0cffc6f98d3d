//! Sharing rules between service chains.
//!
//! Thousands of service chains are built from a few dozen distinct rules
//! (`tcp dport 22 accept`, `udp dport 53 accept`, ...), and every rule
//! costs the load about the same whatever it says. Every rule accepts, so
//! their order inside a chain does not matter: a service whose rules
//! include all the rules of smaller services reuses them. Its chain holds
//! the rules no chosen smaller service has, then `jump`s to each chosen
//! service but the last (a jump comes back when nothing there accepts) and
//! `goto`s the last. The smaller services are chosen greedily, the one
//! that covers most of the rules still uncovered first, and only while one
//! covers at least two (a jump to cover one rule saves nothing). No chain
//! is added: the chains gone to are services themselves.
//!
//! A packet meets the same accepting rules as in one flat chain, plus one
//! `jump` or `goto` per chosen service. The kernel counts chain levels when
//! it validates the ruleset (at most 16), so a service only reuses services
//! fewer than [`MAX_DEPTH`] chains deep.
//!
//! At a thousand zones this writes 16,321 rules for 7,477 services, where
//! one parent per service wrote 20,255 and a prefix tree of
//! most-shared-first rules 23,556; every service chain needs at least two
//! rules unless it is one rule, so little more is to be had this way.

use std::collections::BTreeMap;

/// Most chains, counting the service chain, that one service spans.
const MAX_DEPTH: usize = 6;

/// Most rules of a service whose candidates are found by looking up each
/// of its subsets of two or more rules (at most 2^10 lookups); larger
/// services count hits over the holders of their rules instead. Most
/// services have a few rules, and the holders of a common rule are
/// thousands: at a thousand zones the lookups took the search from a tenth
/// of `build` to almost nothing.
const MAX_ENUMERATED: usize = 10;

/// One chain to write: its name, its own rules, the services it jumps to,
/// and the one it ends by going to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Chain {
    pub name: String,
    pub rules: Vec<String>,
    /// Services reused, in order; the chain jumps to all but the last and
    /// goes to the last.
    pub reused: Vec<String>,
    /// The service (`svc_N`) this chain is.
    pub service: usize,
}

impl Chain {
    /// Every line of the chain's body.
    pub(crate) fn lines(&self) -> Vec<String> {
        let mut lines = self.rules.clone();
        if let Some((last, jumps)) = self.reused.split_last() {
            lines.extend(jumps.iter().map(|j| format!("jump {j}")));
            lines.push(format!("goto {last}"));
        }
        lines
    }
}

/// One set of rule ids per service, a bit per rule, stored in one block
/// (the sharing search compares millions of pairs of rows).
struct BitTable {
    words: usize,
    data: Vec<u64>,
}

impl BitTable {
    fn row(&self, i: usize) -> &[u64] {
        self.data
            .get(i * self.words..(i + 1) * self.words)
            .unwrap_or(&[])
    }
}

fn count(a: &[u64]) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

fn common(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
}

fn has(a: &[u64], id: usize) -> bool {
    a.get(id / 64).is_some_and(|w| w & (1 << (id % 64)) != 0)
}

/// The chains that accept, for each `(n, rules)`, exactly `rules` in the
/// chain named by `name(n)`, reusing smaller services as the module doc
/// says; in the services' order.
pub(crate) fn share(
    services: &[(usize, Vec<String>)],
    name: impl Fn(usize) -> String,
) -> Vec<Chain> {
    share_with(services, name, MAX_ENUMERATED)
}

/// [`share`], with services of at most `max_enumerated` rules searched by
/// subsets (the tests hold both searches to the same chains).
fn share_with(
    services: &[(usize, Vec<String>)],
    name: impl Fn(usize) -> String,
    max_enumerated: usize,
) -> Vec<Chain> {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, rules) in services {
        for r in rules {
            let next = ids.len();
            ids.entry(r.as_str()).or_insert(next);
        }
    }
    let words = ids.len().div_ceil(64).max(1);
    let mut data = vec![0u64; words * services.len()];
    for (i, (_, rules)) in services.iter().enumerate() {
        for id in rules.iter().filter_map(|r| ids.get(r.as_str())) {
            if let Some(w) = data.get_mut(i * words + id / 64) {
                *w |= 1 << (id % 64);
            }
        }
    }
    let bits = BitTable { words, data };
    let sizes: Vec<u32> = (0..services.len()).map(|i| count(bits.row(i))).collect();
    // Smallest first (equal sizes in the services' order), so every
    // service's candidates are placed before it.
    let mut order: Vec<usize> = (0..services.len()).collect();
    order.sort_by_key(|&i| (sizes[i], i));
    let mut depth: Vec<usize> = vec![0; services.len()];
    let mut reused: Vec<Vec<usize>> = vec![Vec::new(); services.len()];
    // Per rule, the services placed so far that hold it and that others
    // may still reuse (not too deep): a service's candidates are found by
    // counting, over its own rules, how many of each one's rules it holds,
    // instead of testing every placed service.
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    let mut hits: Vec<u32> = vec![0; services.len()];
    // The same services by their exact rule set, for services of few
    // rules: their candidates are looked up subset by subset.
    let mut by_rules: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    let mut left = vec![0u64; words];
    for &i in &order {
        let own = bits.row(i);
        let own_ids: Vec<usize> = ones(own).collect();
        let candidates = if own_ids.len() <= max_enumerated {
            subsets_by_rules(&own_ids, &by_rules)
        } else {
            subsets_of(own, sizes[i], &holders, &sizes, &mut hits)
        };
        left.copy_from_slice(own);
        let mut chosen = Vec::new();
        loop {
            // Most rules covered; ties to the larger, then earlier, service.
            let best = candidates
                .iter()
                .map(|&j| (common(bits.row(j), &left), j))
                .filter(|&(covered, _)| covered >= 2)
                .max_by_key(|&(covered, j)| (covered, sizes[j], std::cmp::Reverse(j)));
            let Some((_, j)) = best else { break };
            for (l, r) in left.iter_mut().zip(bits.row(j)) {
                *l &= !r;
            }
            chosen.push(j);
        }
        depth[i] = 1 + chosen.iter().map(|&j| depth[j]).max().unwrap_or(0);
        if depth[i] < MAX_DEPTH {
            for &id in &own_ids {
                if let Some(list) = holders.get_mut(id) {
                    list.push(i);
                }
            }
            by_rules.entry(own_ids).or_default().push(i);
        }
        reused[i] = chosen;
    }
    services
        .iter()
        .zip(&reused)
        .map(|((n, rules), chosen)| {
            let covered = |r: &String| {
                ids.get(r.as_str())
                    .is_some_and(|&id| chosen.iter().any(|&j| has(bits.row(j), id)))
            };
            Chain {
                name: name(*n),
                rules: rules.iter().filter(|r| !covered(r)).cloned().collect(),
                reused: chosen
                    .iter()
                    .filter_map(|&j| services.get(j).map(|(m, _)| name(*m)))
                    .collect(),
                service: *n,
            }
        })
        .collect()
}

/// The services in `holders` smaller than `size` whose every rule is in
/// `own`, in increasing order. `hits` is all zeros and is left so.
fn subsets_of(
    own: &[u64],
    size: u32,
    holders: &[Vec<usize>],
    sizes: &[u32],
    hits: &mut [u32],
) -> Vec<usize> {
    let mut touched = Vec::new();
    for id in ones(own) {
        for &j in holders.get(id).map(Vec::as_slice).unwrap_or(&[]) {
            if sizes.get(j).is_some_and(|&s| s < size) {
                if let Some(h) = hits.get_mut(j) {
                    if *h == 0 {
                        touched.push(j);
                    }
                    *h += 1;
                }
            }
        }
    }
    let mut out: Vec<usize> = touched
        .iter()
        .copied()
        .filter(|&j| hits.get(j) == sizes.get(j))
        .collect();
    for &j in &touched {
        if let Some(h) = hits.get_mut(j) {
            *h = 0;
        }
    }
    out.sort_unstable();
    out
}

/// The placed services, among `by_rules`, whose rules are a proper subset
/// of `own` (ids in increasing order) of at least two rules, in increasing
/// order: the candidates that can cover two rules or more, which are the
/// only ones the search ever chooses.
fn subsets_by_rules(own: &[usize], by_rules: &BTreeMap<Vec<usize>, Vec<usize>>) -> Vec<usize> {
    let k = own.len();
    let mut out = Vec::new();
    let mut key = Vec::with_capacity(k);
    for mask in 1u32..(1u32 << k).saturating_sub(1) {
        if mask.count_ones() < 2 {
            continue;
        }
        key.clear();
        key.extend(
            own.iter()
                .enumerate()
                .filter(|&(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, &id)| id),
        );
        if let Some(found) = by_rules.get(&key) {
            out.extend_from_slice(found);
        }
    }
    out.sort_unstable();
    out
}

/// The ids of the set bits of a row, in increasing order.
fn ones(row: &[u64]) -> impl Iterator<Item = usize> + '_ {
    row.iter().enumerate().flat_map(|(w, &bits)| {
        (0..64)
            .filter(move |b| bits & (1u64 << b) != 0)
            .map(move |b| w * 64 + b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// Every rule a packet meets from `name`, following the `goto`s.
    fn walk(chains: &[Chain], name: &str) -> Vec<String> {
        let c = chains.iter().find(|c| c.name == name).unwrap();
        let mut seen = c.rules.clone();
        for r in &c.reused {
            seen.extend(walk(chains, r));
        }
        seen.sort();
        seen.dedup();
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
        assert_eq!(written, 5, "a and b once (in svc_3), x, y, z once each");
    }

    /// How many chains deep `name` reaches, itself included.
    fn depth(chains: &[Chain], name: &str) -> usize {
        let c = chains.iter().find(|c| c.name == name).unwrap();
        1 + c.reused.iter().map(|r| depth(chains, r)).max().unwrap_or(0)
    }

    #[test]
    fn a_service_reuses_several_smaller_ones() {
        let services = vec![
            (1, rules(&["a", "b"])),
            (2, rules(&["c", "d"])),
            (3, rules(&["a", "b", "c", "d", "e"])),
            (4, rules(&["a", "c", "f"])),
        ];
        let chains = share(&services, |n| format!("svc_{n}"));
        let svc3 = &chains[2];
        assert_eq!(svc3.rules, rules(&["e"]));
        assert_eq!(svc3.lines(), rules(&["e", "jump svc_1", "goto svc_2"]));
        // Reusing svc_1 or svc_2 would cover one rule each: no gain.
        assert!(chains[3].reused.is_empty());
        for (n, list) in &services {
            let mut want = list.clone();
            want.sort();
            assert_eq!(walk(&chains, &format!("svc_{n}")), want);
        }
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
            let name = format!("svc_{n}");
            assert_eq!(walk(&chains, &name), want);
            let d = depth(&chains, &name);
            assert!(d <= MAX_DEPTH, "{name} spans {d} chains");
        }
    }

    proptest::proptest! {
        #[test]
        fn both_searches_choose_the_same_chains(
            sets in proptest::collection::btree_set(
                proptest::collection::btree_set(0u8..14, 1..13), 1..60)
        ) {
            let services: Vec<(usize, Vec<String>)> = sets
                .iter()
                .enumerate()
                .map(|(i, s)| (i + 1, s.iter().map(|r| format!("r{r:02}")).collect()))
                .collect();
            let name = |n| format!("svc_{n}");
            let by_subsets = share_with(&services, name, MAX_ENUMERATED);
            let by_holders = share_with(&services, name, 0);
            proptest::prop_assert_eq!(by_subsets, by_holders);
        }

        #[test]
        fn every_service_accepts_exactly_its_rules(
            sets in proptest::collection::btree_set(
                proptest::collection::btree_set(0u8..12, 1..8), 1..40)
        ) {
            let services: Vec<(usize, Vec<String>)> = sets
                .iter()
                .enumerate()
                .map(|(i, s)| (i + 1, s.iter().map(|r| format!("r{r:02}")).collect()))
                .collect();
            let chains = share(&services, |n| format!("svc_{n}"));
            for (n, list) in &services {
                let name = format!("svc_{n}");
                proptest::prop_assert_eq!(walk(&chains, &name), list.clone());
                proptest::prop_assert!(depth(&chains, &name) <= MAX_DEPTH);
            }
        }
    }
}
