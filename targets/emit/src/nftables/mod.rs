//! The nftables target: `nftables/zonec.nft`, that enforces the effective
//! policy on a Linux router's forwarded traffic, and
//! `nftables/flush-revoked.sh` (`flush/`), that cuts the connections it no
//! longer allows once loaded; the ruleset carries the build stamp the
//! script checks (`stamp.rs`).
//!
//! Shape of the ruleset (one `table inet zonec`, replaced in one transaction):
//!
//! ```text
//! forward (base chain, policy drop)
//!   [guard4/6 vmap: source address → guard_S: wrong interface → log, count, drop]
//!   ct state established,related accept; ct state invalid → count, drop
//!   [same4/6_L set: (source, destination) in one zone → accept]  (same_zone.rs)
//!   [same4/6 vmap: destination address → jump same_Z]
//!   dst4/6 vmap: destination address → jump to_D                (classify.rs)
//!   src4/6 vmap: source address → goto from_S
//!   no zone → log, count, drop
//! to_D (only classes that check some pairs by source)
//!   in4/6_D vmap: source address → accept | jump svc_N            (flows.rs)
//!   nothing accepted → back to forward
//! from_S
//!   out4/6_S vmap: destination address → accept | jump svc_N
//!   → log "zonec drop S: ", count, drop
//! svc_N: ports, ICMP types, other protocols → accept            (services.rs)
//!   [then jump/goto smaller services whose rules it has too]        (rule_tree.rs)
//! ```
//!
//! `S` and `D` are zone classes (`classes.rs`): zones no rule tells apart
//! have the same flows, so a class of more than sixteen zones is written
//! once (`from_class-FIRST`, one counter, one map element per class pair
//! and merged range), and `allow any -> any` over 8,191 zones is a few
//! hundred kilobytes instead of a map per zone listing every other zone (a
//! 904 MB file that took 102 s to load). Smaller classes are written zone
//! by zone, so those zones keep their own counter and log prefix. Nothing
//! here iterates over zone pairs: the flows, services, layout and header
//! read the analysis's class pairs. Traffic inside one zone of a shared
//! class is accepted first (`same_zone.rs`), since the class's map gives
//! its own ranges the verdict between two distinct zones of the class.
//!
//! Each new connection costs a handful of lookups (guard, same zone,
//! destination, source, two address maps, the service chains) whatever the
//! number of zones and rules; each pair is written on the side with fewer
//! address ranges (layout.rs), so it is in exactly one map. The shared maps
//! are named by one rule each: the kernel walks a verdict map's elements
//! every time a rule names it, so a map named from every zone's chain made
//! the load grow with zones × ranges (and a per-zone chain naming its
//! class's map would do the same).
//! Address maps are built from the longest-prefix-match partition, so nested
//! zones cannot be swallowed. No packet mark or conntrack mark is touched.

mod addr_map;
mod addr_text;
mod antispoof;
mod classes;
mod classify;
mod flows;
pub mod flush;
mod indexed;
mod layout;
mod lockout;
mod monitor;
mod names;
mod port_table;
mod router;
mod rule_tree;
mod same_zone;
mod services;
mod stamp;
mod text;
mod timed;

pub use antispoof::InterfaceTemplate;

use crate::registry::TargetSpec;
use crate::{Artifact, Emitted, Input, Options};
use antispoof::Antispoof;
use classes::Classes;
use classify::Partition;
use flows::Flows;
use layout::Layout;
use monitor::Monitor;
use names::Names;
use same_zone::SameZone;
use services::Services;
use stamp::{Sealed, Unsealed};
use std::collections::BTreeSet;
use text::Text;
use zonec_analysis::effective::EffectivePolicy;
use zonec_analysis::partition::ZoneClass;
use zonec_base::Diagnostic;

/// Where the ruleset goes, relative to the output directory.
pub const PATH: &str = "nftables/zonec.nft";

/// The table zonec owns; nothing outside it is touched.
const TABLE: &str = "inet zonec";

/// The family and name of that table, for readers of a deployed ruleset.
pub const TABLE_FAMILY: &str = "inet";
pub const TABLE_NAME: &str = "zonec";

/// The comment of the named counter [`POLICY_HASH_OBJECT`] is this prefix
/// and the policy's SHA-256, so `zonec verify` can tell which policy a
/// running ruleset was built from. A counter rather than the table's own
/// comment: `nft -j` (1.0.6) leaves table comments out.
pub const POLICY_HASH_PREFIX: &str = "zonec policy sha256:";
pub const POLICY_HASH_OBJECT: &str = "policy_sha256";

/// Rate limit of every log rule (the drops themselves are never limited).
const LOG_RATE: &str = "rate 10/second burst 20 packets";

/// Options of the nftables target.
#[derive(Clone, Debug, Default)]
pub struct NftOptions {
    /// How zones' VLAN interfaces are named; `None` disables anti-spoofing.
    pub interface_template: Option<InterfaceTemplate>,
    /// Write the ruleset even when the policy names `self` but lets no
    /// zone reach it (`--allow-lockout`).
    pub allow_lockout: bool,
    /// The policy's SHA-256 (hex), written as the table's comment.
    pub policy_hash: Option<String>,
}

/// An address family, and how nft spells its parts.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Family {
    V4,
    V6,
}

impl Family {
    pub(crate) const ALL: [Family; 2] = [Family::V4, Family::V6];

    pub(crate) fn digit(self) -> char {
        match self {
            Family::V4 => '4',
            Family::V6 => '6',
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }

    pub(crate) fn addr_type(self) -> &'static str {
        match self {
            Family::V4 => "ipv4_addr",
            Family::V6 => "ipv6_addr",
        }
    }

    pub(crate) fn saddr(self) -> &'static str {
        match self {
            Family::V4 => "ip saddr",
            Family::V6 => "ip6 saddr",
        }
    }

    pub(crate) fn daddr(self) -> &'static str {
        match self {
            Family::V4 => "ip daddr",
            Family::V6 => "ip6 daddr",
        }
    }
}

/// A rate-limited log rule; `prefix` comes from [`names::log_prefix`],
/// which sanitises the zone name in it.
pub(crate) fn log_rule(prefix: &str) -> String {
    format!("limit {LOG_RATE} log prefix \"{prefix}\"")
}

/// The row of this target in the list of targets.
pub(crate) const TARGET: TargetSpec = TargetSpec {
    name: "nftables",
    about: "nftables ruleset for a Linux router (nftables/zonec.nft, flush-revoked.sh)",
    needed_by: |_| true,
    emit,
};

/// The ruleset for the policy and its flush script, or the reasons they
/// cannot be written.
pub fn emit(input: &Input, options: &Options) -> Emitted {
    match ruleset(input, &options.nftables) {
        Ok(body) => {
            let (sealed, data) = seal_beside_data(body, input);
            Emitted {
                artifacts: vec![
                    Artifact {
                        path: PATH.to_string(),
                        contents: sealed.text,
                        sha256: Some(sealed.sha256),
                    },
                    Artifact {
                        path: flush::PATH.to_string(),
                        contents: flush::script(input.model, &sealed.stamp, &data),
                        sha256: None,
                    },
                ],
                diagnostics: timed::router_warnings(input.model),
            }
        }
        Err(diagnostics) => Emitted {
            artifacts: Vec::new(),
            diagnostics,
        },
    }
}

/// Seal the ruleset and write the flush script's data at once: hashing
/// megabytes of ruleset on a second thread allocates nothing, so it costs
/// no memory, while the data is written here. The bytes do not depend on
/// the timing.
fn seal_beside_data(body: Unsealed, input: &Input) -> (Sealed, String) {
    let (state, data) = std::thread::scope(|scope| {
        let hashing = std::thread::Builder::new().spawn_scoped(scope, || body.hash());
        let data = flush::data(input);
        let state = hashing.ok().and_then(|h| h.join().ok());
        (state, data)
    });
    // No second thread to be had: hashed now.
    let state = state.unwrap_or_else(|| body.hash());
    (body.seal(state), data)
}

/// The ruleset, to be stamped (`stamp.rs`).
fn ruleset(input: &Input, options: &NftOptions) -> Result<Unsealed, Vec<Diagnostic>> {
    let Input {
        model,
        effective: written,
        addresses,
    } = *input;
    // The maps hold what is allowed at all times; timed allows get their
    // own chain (`timed.rs`).
    let base = timed::base_model(model).map(|m| EffectivePolicy::new(&m));
    let effective = base.as_ref().unwrap_or(written);
    let timed = timed::Timed::new(model, written);
    if !options.allow_lockout {
        if let Some(lockout) = lockout::check(model, effective) {
            return Err(vec![lockout]);
        }
    }
    let partition = classify::partition(addresses.partition_v4(), addresses.partition_v6());
    let antispoof = antispoof::plan(model, &partition, options.interface_template.as_ref())?;
    let classes = Classes::new(effective);
    let names = Names::new(model, classes.partition());
    let class_ports = effective.class_flows().map(|(_, f)| &f.ports);
    let services = Services::new(class_ports.chain(timed.port_sets()));
    let ranges = classes::class_ranges(&partition, classes.partition());
    let layout = Layout::new(&classes, &ranges);
    let same_zone = SameZone::new(&classes, &partition);
    let flows = Flows {
        model,
        classes: &classes,
        ranges: &ranges,
        names: &names,
        services: &services,
        layout: &layout,
    };
    let monitor = Monitor::new(model, &partition);
    let ruleset = Ruleset {
        effective,
        monitor: &monitor,
        timed: &timed,
        flows: &flows,
        partition: &partition,
        same_zone: &same_zone,
        antispoof: antispoof.as_ref(),
        options,
    };
    Ok(ruleset.render())
}

/// Everything one ruleset is written from.
struct Ruleset<'a> {
    effective: &'a EffectivePolicy,
    monitor: &'a Monitor,
    timed: &'a timed::Timed,
    flows: &'a Flows<'a>,
    /// The zones' ranges (the flows are written from the classes').
    partition: &'a Partition,
    same_zone: &'a SameZone,
    antispoof: Option<&'a Antispoof>,
    options: &'a NftOptions,
}

impl Ruleset<'_> {
    /// The ruleset, to be stamped.
    fn render(&self) -> Unsealed {
        let mut out = Text::at_depth(0, self.expected_size());
        self.write_header(&mut out);
        out.line(format!("table {TABLE}"));
        out.line(format!("delete table {TABLE}"));
        out.blank();
        out.open(format!("table {TABLE}"));
        self.write_counters(&mut out);
        self.write_body(&mut out);
        Unsealed::new(out)
    }

    /// About how long the ruleset will be: one map element of some
    /// hundred bytes per checked pair and family, a few lines per zone.
    /// Growing the text by doubling instead left outgrown copies of it
    /// behind, megabytes of a large ruleset's peak memory. Room that is
    /// never written costs address space, not memory.
    fn expected_size(&self) -> usize {
        let zones = self.flows.model.zones.len();
        let pairs = self.flows.layout.len();
        pairs
            .saturating_mul(128)
            .saturating_add(zones.saturating_mul(512))
            .saturating_add(1 << 16)
    }

    fn write_header(&self, out: &mut Text) {
        let policy = self.flows.model.policy.as_ref();
        let name = policy.map_or("(unnamed policy)", |p| p.name.as_str());
        out.comment(&format!(
            "nftables ruleset generated by zonec from policy `{name}`."
        ));
        out.comment("Do not edit: change the policy and run `zonec build` again.");
        out.comment("");
        out.comment("Check, then load. Loading is one transaction: if any part fails, the");
        out.comment("running rules (and every other table) stay exactly as they were.");
        out.comment("  nft -c -f zonec.nft && nft -f zonec.nft");
        out.comment("Then cut the connections this policy no longer allows:");
        out.comment("  bash flush-revoked.sh");
        out.comment(&format!(
            "The counter {} carries the SHA-256 of this file without its line;",
            stamp::COUNTER
        ));
        out.comment("flush-revoked.sh of the same build runs only when it matches.");
        out.comment("");
        for line in self.router_summary() {
            out.comment(&line);
        }
        out.comment("counters drop_ZONE, spoof_ZONE, unzoned, invalid) and logged, at most");
        out.comment("10 a second per rule, with the prefix `zonec drop ZONE: ` (`zonec spoof");
        out.comment("ZONE: ` for anti-spoofing, `zonec drop no-zone: ` for unknown sources).");
        out.comment("");
        out.comment("An address map whose elements are all prefixes of one length is a hash");
        out.comment("map keyed by network address: its lookup masks the address first");
        out.comment("(`ip daddr & 255.255.255.0 vmap @out4_ZONE`). Other maps hold ranges.");
        out.comment("Each element's comment names its zone pair and the tickets and reasons");
        out.comment("of the rules that allow it; `zonec explain --from A --to B` shows the");
        out.comment("whole derivation, denies included.");
        out.comment("");
        out.comment(&format!(
            "Zones with addresses: {}. Allowed zone pairs: {}. Service chains: {}.",
            self.zones_with_space(),
            self.effective.allowed_pair_count(),
            self.flows.services.len()
        ));
        let classes = self.flows.classes_with_space();
        let shared = classes
            .iter()
            .filter(|&&c| self.flows.classes.is_shared(c))
            .count();
        if shared > 0 {
            out.comment(&format!(
                "Zones no rule tells apart share one chain and one counter: {} {} of",
                shared,
                classify::plural(shared, "class"),
            ));
            out.comment("several zones (`class-FIRST`, zones listed where its chain is).");
        }
        for line in self.antispoof_summary() {
            out.comment(&line);
        }
        for line in self.monitor.summary() {
            out.comment(&line);
        }
        out.blank();
    }

    /// The class of `self`, when the policy names it.
    fn router(&self) -> Option<ZoneClass> {
        let router = self.flows.model.self_zone?;
        Some(self.flows.classes.partition().class_of(router))
    }

    /// What the header says about the router's own traffic.
    fn router_summary(&self) -> Vec<String> {
        if self.router().is_none() {
            return vec![
                "Only forwarded traffic is filtered (hook forward); the router's own".into(),
                "traffic, NAT and other tables are untouched. Drops are counted (named".into(),
            ];
        }
        let mut lines = vec![
            "The policy names `self`, so the router's own traffic is filtered too:".into(),
            "chains `input` and `output` (policy drop) accept what the policy allows".into(),
            "to and from `self`, and by themselves only what the router needs:".into(),
        ];
        for (what, why) in router::KEPT {
            lines.push(format!("  - {what}:"));
            lines.push(format!("    {why};"));
        }
        lines.push("NAT and other tables are untouched. Drops are counted (named".into());
        lines
    }

    /// How many zones own an address.
    fn zones_with_space(&self) -> usize {
        self.flows
            .model
            .zone_ids()
            .filter(|&z| Family::ALL.iter().any(|&f| self.partition.has_space(z, f)))
            .count()
    }

    fn antispoof_summary(&self) -> Vec<String> {
        let Some(template) = &self.options.interface_template else {
            return vec![
                "Anti-spoofing: off. No --nft-interface template was given, so zonec does".into(),
                "not know which interface carries each zone's VLAN and writes no".into(),
                "interface checks.".into(),
            ];
        };
        let mut lines = vec![format!(
            "Anti-spoofing: on, interfaces named by `{}`. A packet whose source",
            template.as_str()
        )];
        lines.push("belongs to a zone with a VLAN is dropped unless it arrives on:".into());
        let guarded: Vec<_> = self
            .antispoof
            .map(|a| a.interfaces().collect())
            .unwrap_or_default();
        if guarded.is_empty() {
            lines.push("  (no zone with a VLAN owns an address: nothing to check)".into());
        }
        for (zone, interface) in guarded {
            lines.push(format!("  {} -> {interface}", self.flows.names.zone(zone)));
        }
        lines
    }

    fn write_counters(&self, out: &mut Text) {
        let names = self.flows.names;
        if let Some(hash) = &self.options.policy_hash {
            out.comment("The policy this ruleset was built from (`zonec verify` reads it).");
            counter(
                out,
                POLICY_HASH_OBJECT,
                &format!("{POLICY_HASH_PREFIX}{hash}"),
            );
            out.blank();
        }
        out.comment("Counters of dropped packets, for monitoring.");
        counter(out, "invalid", "packets with invalid conntrack state");
        counter(out, "unzoned", "packets whose source is in no zone");
        for class in self.flows.classes_with_space() {
            let c = names.class(class);
            counter(
                out,
                &names.drop_counter(class),
                &format!("packets from {c} dropped by policy"),
            );
        }
        self.monitor.write_objects(out, names);
        for (zone, _) in self.antispoof.iter().flat_map(|a| a.interfaces()) {
            let z = names.zone(zone);
            counter(
                out,
                &names.spoof_counter(zone),
                &format!("packets claiming {z} addresses on another interface"),
            );
        }
        out.blank();
    }

    fn write_body(&self, out: &mut Text) {
        let flows = self.flows;
        let mut forward = Forward::default();
        if let Some(a) = self.antispoof {
            forward.guards = a.write(out, self.partition, flows.names);
        }
        forward.same_zone = self.same_zone.write(out, flows.names);
        let classes = flows.classes_with_space();
        for family in Family::ALL {
            forward.sources.extend(classify::write_src_map(
                out,
                flows.ranges,
                flows.names,
                family,
                self.monitor.source_verdict(),
            ));
            let inbound: BTreeSet<ZoneClass> = classes
                .iter()
                .copied()
                .filter(|&c| flows.layout.has_inbound(c, family))
                .collect();
            if !inbound.is_empty() {
                forward.destinations.extend(classify::write_dst_map(
                    out,
                    flows.ranges,
                    flows.names,
                    family,
                    &inbound,
                ));
            }
        }
        forward.timed = self
            .timed
            .write(out, flows.model, self.partition, flows.services);
        let index = flows.index();
        let monitor = self.monitor;
        let (zone_classes, partition) = (flows.classes.partition(), self.partition);
        // One thread: the service chains on a second thread saved a tenth
        // of a large build's time but cost an eighth more memory, since a
        // thread's allocations take pages of their own.
        flows.services.write(out);
        for &class in &classes {
            let tail = monitor.source_tail(class, zone_classes, partition, flows.names);
            flows.write_class(out, class, &index, &tail);
        }
        forward.would_drop = monitor.write(out, partition, flows.names);
        if let Some(router) = self.router() {
            router::write(out, flows, &index, router, &forward.guards);
            out.blank();
        }
        forward.write(out);
    }
}

/// The lookups the forward chain makes, in the order it makes them.
#[derive(Default)]
struct Forward {
    /// Anti-spoofing guards, before anything else.
    guards: Vec<String>,
    /// The jump to the allows bounded in time (`timed.rs`).
    timed: Option<String>,
    /// Traffic inside one zone of a class of several zones.
    same_zone: Vec<String>,
    /// Destination maps, for pairs checked by source.
    destinations: Vec<String>,
    /// Source maps, to the source zone's chain.
    sources: Vec<String>,
    /// Would-drops of enforced zones to monitored ones (`monitor.rs`).
    would_drop: Vec<String>,
}

impl Forward {
    fn write(&self, out: &mut Text) {
        out.comment("Every forwarded packet starts here.");
        out.open("chain forward");
        out.line("type filter hook forward priority filter; policy drop;");
        for rule in &self.guards {
            out.line(rule);
        }
        out.line("ct state established,related accept");
        out.line("ct state invalid counter name \"invalid\" drop");
        if let Some(rule) = &self.timed {
            out.line(rule);
        }
        let lookups = self.same_zone.iter().chain(&self.destinations);
        for rule in lookups.chain(&self.sources).chain(&self.would_drop) {
            out.line(rule);
        }
        out.line(log_rule(&names::log_prefix("drop", "no-zone")));
        out.line("counter name \"unzoned\" drop");
        out.close();
    }
}

/// A named counter with a comment.
fn counter(out: &mut Text, name: &str, comment: &str) {
    out.line(format!(
        "counter {name} {{{} }}",
        text::comment_clause(comment)
    ));
}

#[cfg(test)]
mod tests;
