//! Monitor equals enforcement, in the kernel (issue 16). For every example
//! and kernel fixture: the enforced ruleset is probed with the cells of
//! the existing test, then the same policy with every zone monitored
//! (`monitor any`). Monitored, every probe passes, and the cells counted as
//! would-drop are exactly the cells the enforced ruleset dropped. Then one
//! zone alone is monitored, and the kernel must show the policy as deployed
//! (`zonec_analysis::deployed::deployed_model`) exactly.
//!
//! Would-drops are read from the anonymous counters of the per-pair log
//! rules of the `wdfrom_M` and `wdto_M` chains, not from the log: the kernel logs from a network namespace other
//! than the first only with `net.netfilter.nf_log_all_netns=1` (a global
//! switch a test should not flip), a `log group` reader would need a
//! netlink client in the test, and the log is rate-limited, so only the
//! counters are exact. Cells are probed in rounds of one probe kind and
//! family, and a round's counter increases name the pairs it hit.

use super::netns::{self, Lab};
use super::observe;
use super::plan::{Cell, Plan, Rep};
use super::run::{self, compile_text, ruleset, Compiled};
use super::topology::{self, Topology};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::{AddressTable, ZoneId};

pub fn main() -> i32 {
    run::run_all("kernel_nftables monitor", &run::policies(), test_policy)
}

fn test_policy(path: &Path, tag: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let name = path.display().to_string();
    let enforced = compile_text(&name, text.clone())?;
    let all = compile_text(&name, format!("{text}\nmonitor any\n"))?;
    let first = monitored_zone(&enforced).ok_or("no zone with an address")?;
    let one_name = enforced.model.zone(first).name.clone();
    let one = compile_text(&name, format!("{text}\nmonitor {one_name}\n"))?;
    let everything = all_monitored(&enforced, &all, &format!("m{tag}"))?;
    let partial = one_zone(&one, first, &format!("p{tag}"))?;
    Ok(format!("{everything}; {partial}"))
}

/// The first zone with a host address that is not the router.
fn monitored_zone(c: &Compiled) -> Option<ZoneId> {
    let plan = Plan::new(&c.model, &c.effective, &c.table);
    plan.hosts
        .iter()
        .map(|h| h.zone)
        .find(|&z| !c.model.is_self(z))
}

fn network(lab: &mut Lab, c: &Compiled, plan: &Plan, tag: &str) -> Result<Topology, String> {
    let interface = |zone: ZoneId| format!("zz{}", zone.0);
    let _ = c;
    topology::build(lab, tag, plan, interface)
}

/// Enforced, then every zone monitored, on one network.
fn all_monitored(enforced: &Compiled, all: &Compiled, tag: &str) -> Result<String, String> {
    let plan = Plan::new(&enforced.model, &enforced.effective, &enforced.table);
    let cells: Vec<Cell> = plan.expected.keys().copied().collect();
    let mut lab = Lab::new();
    let topo = network(&mut lab, enforced, &plan, tag)?;
    let servers = observe::start_servers(&mut lab, &topo, &plan)?;
    let result = (|| {
        let start = Instant::now();
        topology::load(&topo.router, &ruleset(enforced, None)?, "enforced")?;
        let observed = probe_retrying(&topo, &plan, &cells)?;
        let enforcing = start.elapsed().as_secs_f64();
        run::compare(&enforced.model, &plan, &observed)?;
        let dropped: BTreeSet<Cell> = cells.iter().filter(|c| !observed[c]).copied().collect();
        topology::load(&topo.router, &ruleset(all, None)?, "monitored")?;
        let (passed, would) = counted(&topo, &plan, &cells, &dropped, &all.model)?;
        let monitoring = start.elapsed().as_secs_f64() - enforcing;
        if let Some(blocked) = cells.iter().find(|c| !passed[c]) {
            return Err(format!(
                "monitored: {} blocked",
                describe(enforced, blocked)
            ));
        }
        if would != dropped {
            return Err(difference(enforced, &would, &dropped));
        }
        Ok(format!(
            "every zone monitored: {} probes passed, would-drop = enforced drop ({} cells); enforced {enforcing:.1} s, monitored {monitoring:.1} s",
            cells.len(),
            dropped.len()
        ))
    })();
    observe::stop_servers(servers);
    lab.teardown();
    result
}

/// One zone monitored: the kernel shows the policy as deployed.
fn one_zone(one: &Compiled, zone: ZoneId, tag: &str) -> Result<String, String> {
    let deployed = zonec_analysis::deployed::deployed_model(&one.model, &[zone]);
    let effective = EffectivePolicy::new(&deployed);
    let table = AddressTable::new(&deployed);
    let plan = Plan::new(&deployed, &effective, &table);
    let cells: Vec<Cell> = plan.expected.keys().copied().collect();
    let mut lab = Lab::new();
    let topo = network(&mut lab, one, &plan, tag)?;
    let servers = observe::start_servers(&mut lab, &topo, &plan)?;
    let result = (|| {
        topology::load(&topo.router, &ruleset(one, None)?, "partial")?;
        let observed = probe_retrying(&topo, &plan, &cells)?;
        run::compare(&deployed, &plan, &observed)?;
        Ok(format!(
            "`{}` monitored: {} probes match the policy as deployed",
            one.model.zone(zone).name,
            cells.len()
        ))
    })();
    observe::stop_servers(servers);
    lab.teardown();
    result
}

/// Probe, then probe again with a long timeout the cells that should be
/// open and looked closed.
fn probe_retrying(
    topo: &Topology,
    plan: &Plan,
    cells: &[Cell],
) -> Result<BTreeMap<Cell, bool>, String> {
    let mut observed = observe::probe(topo, plan, cells, run::TIMEOUT_MS)?;
    // Only the cells the plan expects open and that looked closed, as
    // `run.rs` does: retrying every closed cell took most of the test.
    let retry: Vec<Cell> = cells
        .iter()
        .filter(|c| plan.expected.get(c) == Some(&true) && !observed[c])
        .copied()
        .collect();
    if !retry.is_empty() {
        observed.extend(observe::probe(topo, plan, &retry, run::RETRY_TIMEOUT_MS)?);
    }
    Ok(observed)
}

/// What passed, and which cells were counted as would-drop: the cells the
/// enforced ruleset allowed in one round, those it dropped in another.
/// Each cell sends one new packet, so in a round a pair's counter rises by
/// 0 (none of its cells counted) or by its number of cells (all of them);
/// any other rise sends that pair's cells to [`rounds`], which tells them
/// apart. Two rounds instead of one per probe kind cut behavioral-health
/// (138 kinds) from minutes to seconds.
fn counted(
    topo: &Topology,
    plan: &Plan,
    cells: &[Cell],
    dropped: &BTreeSet<Cell>,
    model: &zonec_model::Model,
) -> Result<(BTreeMap<Cell, bool>, BTreeSet<Cell>), String> {
    let (mut passed, mut would) = (BTreeMap::new(), BTreeSet::new());
    let mut unclear = Vec::new();
    let mut ambiguous = 0;
    let (allowed, denied): (Vec<Cell>, Vec<Cell>) =
        cells.iter().partition(|c| !dropped.contains(c));
    for round in [allowed, denied] {
        let before = would_counters(&topo.router)?;
        // Every probe passes when monitored, so the long timeout costs
        // nothing; it keeps slow answers from being sent twice (a second
        // new packet, counted twice).
        passed.extend(observe::probe(topo, plan, &round, run::RETRY_TIMEOUT_MS)?);
        let after = would_counters(&topo.router)?;
        let mut by_pair: BTreeMap<(String, String), Vec<Cell>> = BTreeMap::new();
        for cell in round {
            by_pair.entry(pair_of(model, &cell)).or_default().push(cell);
        }
        for (pair, group) in by_pair {
            let count = |c: &BTreeMap<(String, String), u64>| c.get(&pair).copied().unwrap_or(0);
            let rise = count(&after).saturating_sub(count(&before));
            if rise == group.len() as u64 {
                would.extend(group);
            } else if rise != 0 {
                ambiguous += 1;
                unclear.extend(group);
            }
        }
    }
    if !unclear.is_empty() {
        eprintln!("monitor: {ambiguous} pairs counted ambiguously, probed again kind by kind");
        let (again, counted) = rounds(topo, plan, &unclear, model)?;
        passed.extend(again);
        would.retain(|c| !unclear.contains(c));
        would.extend(counted);
    }
    Ok((passed, would))
}

fn pair_of(model: &zonec_model::Model, cell: &Cell) -> (String, String) {
    (
        model.zone(cell.0).name.clone(),
        model.zone(cell.1).name.clone(),
    )
}

/// Probe in rounds of one probe kind and family (at most one cell of a
/// pair each); what passed, and the cells
/// whose pair's would-drop counter rose in their round.
fn rounds(
    topo: &Topology,
    plan: &Plan,
    cells: &[Cell],
    model: &zonec_model::Model,
) -> Result<(BTreeMap<Cell, bool>, BTreeSet<Cell>), String> {
    let kinds: BTreeSet<(bool, Rep)> = cells.iter().map(|c| (c.2, c.3)).collect();
    let mut passed = BTreeMap::new();
    let mut would = BTreeSet::new();
    let mut before = would_counters(&topo.router)?;
    for (v6, rep) in kinds {
        let round: Vec<Cell> = cells
            .iter()
            .filter(|c| c.2 == v6 && c.3 == rep)
            .copied()
            .collect();
        passed.extend(observe::probe(topo, plan, &round, run::RETRY_TIMEOUT_MS)?);
        let after = would_counters(&topo.router)?;
        let hit: BTreeSet<(String, String)> = after
            .iter()
            .filter(|(pair, n)| before.get(*pair).copied().unwrap_or(0) < **n)
            .map(|(pair, _)| pair.clone())
            .collect();
        for cell in &round {
            if hit.contains(&pair_of(model, cell)) {
                would.insert(*cell);
            }
        }
        before = after;
    }
    Ok((passed, would))
}

/// Every would-drop log rule's pair (from its log prefix) and packet count,
/// summed over the families.
fn would_counters(router: &str) -> Result<BTreeMap<(String, String), u64>, String> {
    let text = netns::exec_run(router, "nft", &["list", "table", "inet", "zonec"])?;
    let mut out = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        let Some(pair) = line
            .split("log prefix \"zonec would-drop ")
            .nth(1)
            .and_then(|rest| rest.split(": \"").next())
        else {
            continue;
        };
        let count: u64 = line
            .split("counter packets ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .ok_or("a would-drop log rule without its counter")?;
        let (from, to) = pair.split_once("->").ok_or("log prefix without `->`")?;
        *out.entry((from.to_string(), to.to_string())).or_insert(0) += count;
    }
    Ok(out)
}

fn describe(c: &Compiled, &(a, b, v6, rep): &Cell) -> String {
    let fam = if v6 { "IPv6" } else { "IPv4" };
    format!(
        "{} -> {} {rep} ({fam})",
        c.model.zone(a).name,
        c.model.zone(b).name
    )
}

fn difference(c: &Compiled, would: &BTreeSet<Cell>, dropped: &BTreeSet<Cell>) -> String {
    let extra: Vec<String> = would
        .difference(dropped)
        .take(10)
        .map(|x| describe(c, x))
        .collect();
    let missing: Vec<String> = dropped
        .difference(would)
        .take(10)
        .map(|x| describe(c, x))
        .collect();
    format!(
        "would-drop differs from enforced drop: counted but passed when enforced: {extra:?}; dropped when enforced but not counted: {missing:?}"
    )
}
