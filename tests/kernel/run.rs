//! The kernel test run: every example and fixture through the real kernel.

use super::netns::{self, Lab};
use super::observe::{self, Send};
use super::plan::{Cell, Plan};
use super::spoof;
use super::topology::{self, Topology};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::{Date, Sources};
use zonec_model::{AddressTable, Model, ResolveOptions, ZoneId};
use zonec_targets::nftables::{self, InterfaceTemplate, NftOptions};
use zonec_targets::{Input, Options};

/// Timeout of one probe; blocked probes cost this much, all at once. Short,
/// because an open path answers within milliseconds on a veth, and a cell
/// that should be open but timed out is probed again with a long timeout
/// (a short timeout can only make an open path look closed, never the
/// reverse, so it cannot hide a hole in the ruleset).
pub const TIMEOUT_MS: u64 = 300;
/// Timeout when re-probing a cell that should be open but looked closed.
pub const RETRY_TIMEOUT_MS: u64 = 3000;
const TEMPLATE: &str = "vlan{id}";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every policy to test: each example, then each kernel fixture.
pub fn policies() -> Vec<PathBuf> {
    policies_in(&["dsl-examples", "tests/fixtures/kernel"])
}

/// The `.zones` files of each directory (relative to the repository), sorted
/// within each.
pub fn policies_in(dirs: &[&str]) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "zones"));
        files.sort();
        all.extend(files);
    }
    all
}

pub fn main() -> i32 {
    run_all("kernel_nftables", &policies(), test_policy)
}

/// Test every policy (or, given arguments, those whose name contains one of
/// them) with `test`; print one line each and a closing count; the exit code.
pub fn run_all(
    name: &str,
    policies: &[PathBuf],
    test: impl Fn(&Path, &str) -> Result<String, String>,
) -> i32 {
    if let Err(why) = super::env::check() {
        return super::env::skip(&why);
    }
    netns::remove_leftovers();
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let (mut passed, mut failed) = (0, 0);
    for (i, path) in policies.iter().enumerate() {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !filter.is_empty() && !filter.iter().any(|f| stem.contains(f.as_str())) {
            continue;
        }
        let start = Instant::now();
        match test(path, &format!("{i}")) {
            Ok(summary) => {
                passed += 1;
                println!(
                    "ok   {stem}: {summary} ({:.1} s)",
                    start.elapsed().as_secs_f64()
                );
            }
            Err(why) => {
                failed += 1;
                println!("FAIL {stem}: {why}");
            }
        }
    }
    println!("{name}: {passed} passed, {failed} failed");
    i32::from(failed > 0)
}

/// Everything one policy needs, compiled.
pub struct Compiled {
    pub model: Model,
    pub effective: EffectivePolicy,
    pub table: AddressTable,
}

impl Compiled {
    /// What the targets read.
    pub fn input(&self) -> Input<'_> {
        Input {
            model: &self.model,
            effective: &self.effective,
            addresses: &self.table,
        }
    }
}

pub fn compile(path: &Path) -> Result<Compiled, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    compile_text(&path.display().to_string(), text)
}

/// Compile policy text that is not in a file (a generated policy).
pub fn compile_text(name: &str, text: String) -> Result<Compiled, String> {
    let mut sources = Sources::new();
    sources.add(name.to_string(), text);
    let today = Date::new(2026, 1, 15).ok_or("bad date")?;
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today });
    if frontend.has_errors() {
        let first = frontend
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.message.clone());
        return Err(format!("does not build: {}", first.unwrap_or_default()));
    }
    let model = frontend.model;
    let effective = EffectivePolicy::new(&model);
    let table = AddressTable::new(&model);
    Ok(Compiled {
        model,
        effective,
        table,
    })
}

pub fn ruleset(c: &Compiled, template: Option<&InterfaceTemplate>) -> Result<String, String> {
    let options = Options {
        nftables: NftOptions {
            interface_template: template.cloned(),
            allow_lockout: false,
            policy_hash: None,
        },
        ..Options::default()
    };
    let out = nftables::emit(&c.input(), &options);
    if out.has_errors() {
        let first = out.diagnostics.first().map(|d| d.message.as_str());
        return Err(format!("emit failed: {}", first.unwrap_or("")));
    }
    out.artifacts
        .into_iter()
        .next()
        .map(|a| a.contents)
        .ok_or_else(|| "no ruleset".into())
}

fn test_policy(path: &Path, tag: &str) -> Result<String, String> {
    test_policy_on(path, |lab, c, plan, template| {
        // a member zone's host is on its family root's interface
        let interface = |zone: ZoneId| {
            let root = c.model.segment_root(zone);
            match &c.model.zone(root).vlan {
                Some(v) => template.expand(&c.model.zone(root).name, v.id),
                None => format!("zz{}", root.0),
            }
        };
        topology::build(lab, tag, plan, interface)
    })
}

/// The whole check of one policy on the network `build` makes: ruleset
/// loaded (with `vlan{id}` anti-spoofing), every cell probed and compared
/// with the analysis, the forged-source case. Shared by the nftables and the
/// VLAN kernel tests, which differ only in how the network is built.
pub fn test_policy_on(
    path: &Path,
    build: impl FnOnce(&mut Lab, &Compiled, &Plan, &InterfaceTemplate) -> Result<Topology, String>,
) -> Result<String, String> {
    let c = compile(path)?;
    let template = InterfaceTemplate::parse(TEMPLATE)?;
    let guarded = ruleset(&c, Some(&template))?;
    let plan = Plan::new(&c.model, &c.effective, &c.table);
    let mut clock = Clock::new();
    let mut lab = Lab::new();
    let topo = build(&mut lab, &c, &plan, &template)?;
    topology::load(&topo.router, &guarded, "guarded")?;
    let servers = observe::start_servers(&mut lab, &topo, &plan)?;
    clock.lap("setup");
    let cells: Vec<Cell> = plan.expected.keys().copied().collect();
    let mut observed = observe::probe(&topo, &plan, &cells, TIMEOUT_MS)?;
    let retry: Vec<Cell> = cells
        .iter()
        .filter(|c| plan.expected[c] && !observed[c])
        .copied()
        .collect();
    if !retry.is_empty() {
        observed.extend(observe::probe(&topo, &plan, &retry, RETRY_TIMEOUT_MS)?);
    }
    clock.lap("probes");
    let spoof = spoof_phase(&c, &topo, &plan, path)?;
    let logs = observe::stop_servers(servers);
    let spoof_note = spoof
        .map(|(case, count)| judge_spoof(&c, &topo, &case, count, &logs))
        .transpose()?;
    clock.lap("anti-spoofing");
    lab.teardown();
    clock.lap("teardown");
    compare(&c.model, &plan, &observed)?;
    Ok(format!(
        "{}; {}",
        summary(&plan, &observed, retry.len(), spoof_note),
        clock.laps.join(", ")
    ))
}

/// Seconds spent in each phase, for the summary line.
struct Clock {
    last: Instant,
    laps: Vec<String>,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &str) {
        self.laps
            .push(format!("{name} {:.1} s", self.last.elapsed().as_secs_f64()));
        self.last = Instant::now();
    }
}

/// Forge a VLAN zone's address from every other host, with and without
/// the guard; the case and the guard's counter. `None` when the policy
/// offers no case.
fn spoof_phase(
    c: &Compiled,
    topo: &Topology,
    plan: &Plan,
    path: &Path,
) -> Result<Option<(spoof::Case, u64)>, String> {
    let Some(case) = spoof::find(&c.model, plan) else {
        if path.to_string_lossy().contains("antispoof") {
            return Err("the anti-spoofing fixture offers no forged-source case".into());
        }
        return Ok(None);
    };
    for &a in &case.attackers {
        topology::add_address(topo.host(a).ok_or("attacker without host")?, case.forged)?;
    }
    let send = |phase: &str| {
        let probes: Vec<Send> = case
            .attackers
            .iter()
            .map(|&a| Send {
                from: a,
                line: spoof::line(&case, &spoof::token(phase, a)),
            })
            .collect();
        observe::send_all(topo, &probes, 600)
    };
    send("guarded")?;
    let counter = topology::counter(
        &topo.router,
        // a member's address is guarded by its family root's chain
        &format!(
            "spoof_{}",
            c.model.zone(c.model.segment_root(case.victim)).name
        ),
    )?;
    topology::load(&topo.router, &ruleset(c, None)?, "unguarded")?;
    send("unguarded")?;
    Ok(Some((case, counter)))
}

fn judge_spoof(
    c: &Compiled,
    topo: &Topology,
    case: &spoof::Case,
    counter: u64,
    logs: &BTreeMap<ZoneId, Vec<String>>,
) -> Result<String, String> {
    let log = logs.get(&case.dest).map(Vec::as_slice).unwrap_or(&[]);
    for &a in &case.attackers {
        let what = spoof::describe(&c.model, topo, case, a);
        if spoof::arrived(log, case, &spoof::token("guarded", a)) {
            return Err(format!("anti-spoofing failed: {what} arrived"));
        }
        if !spoof::arrived(log, case, &spoof::token("unguarded", a)) {
            return Err(format!(
                "anti-spoofing control failed: without the template, {what} did not arrive"
            ));
        }
    }
    if counter < case.attackers.len() as u64 {
        return Err(format!(
            "anti-spoofing: {counter} forged packets counted, {} sent",
            case.attackers.len()
        ));
    }
    let names: Vec<&str> = case
        .attackers
        .iter()
        .map(|&a| c.model.zone(a).name.as_str())
        .collect();
    Ok(format!(
        "{} address {} forged from {} to {} udp/{}: dropped and counted, arrives without --nft-interface",
        c.model.zone(case.victim).name,
        case.forged,
        names.join(", "),
        c.model.zone(case.dest).name,
        case.port
    ))
}

pub fn compare(model: &Model, plan: &Plan, observed: &BTreeMap<Cell, bool>) -> Result<(), String> {
    let wrong: Vec<String> = plan
        .expected
        .iter()
        .filter(|(cell, want)| observed.get(cell) != Some(want))
        .map(|(&(a, b, v6, rep), want)| {
            let fam = if v6 { "IPv6" } else { "IPv4" };
            let (a, b) = (&model.zone(a).name, &model.zone(b).name);
            let verdict = if *want {
                "allowed but blocked"
            } else {
                "denied but reached"
            };
            format!("{a} -> {b} {rep} ({fam}): {verdict}")
        })
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = wrong.iter().take(20).map(String::as_str).collect();
    Err(format!(
        "{} of {} cells differ from the analysis:\n    {}",
        wrong.len(),
        plan.expected.len(),
        shown.join("\n    ")
    ))
}

fn summary(
    plan: &Plan,
    observed: &BTreeMap<Cell, bool>,
    retried: usize,
    spoof: Option<String>,
) -> String {
    let v6 = plan.expected.keys().filter(|c| c.2).count();
    let open = observed.values().filter(|&&ok| ok).count();
    let pairs: BTreeSet<_> = plan.expected.keys().map(|c| (c.0, c.1)).collect();
    let mut s = format!(
        "{} hosts, {} zone pairs, {} probes ({} IPv4, {v6} IPv6; {open} open), {} service classes probed, {} not probeable",
        plan.hosts.len(),
        pairs.len(),
        plan.expected.len(),
        plan.expected.len() - v6,
        plan.reps.len(),
        plan.unprobed
    );
    if retried > 0 {
        s.push_str(&format!(", {retried} re-probed"));
    }
    match spoof {
        Some(note) => s.push_str(&format!("; {note}")),
        None => s.push_str("; no UDP flow from a VLAN zone to forge"),
    }
    s
}
