//! Benchmark of the nftables target at scale: build time, ruleset size and
//! `nft -f` load time into a fresh network namespace, for synthetic
//! policies of 200 zones / 5,000 rules and 1,000 zones / 20,000 rules, and
//! for every example.
//!
//! `cargo bench --bench nft_load` (release build). Prints figures; asserts
//! nothing about time. Loading needs root and `nft`; without them only the
//! build is measured. The namespace is `zk-<pid>-bench`, deleted at the end.

use std::process::Command;
use std::time::{Duration, Instant};
use zonec_compiler::analysis::effective::EffectivePolicy;
use zonec_compiler::model::{AddressTable, ResolveOptions};
use zonec_compiler::synth::{self, SynthParams};
use zonec_compiler::{Date, Sources};
use zonec_targets::nftables::{self, InterfaceTemplate, NftOptions};

const SIZES: &[(usize, usize)] = &[(200, 5_000), (1_000, 20_000)];

fn main() {
    for &(zones, rules) in SIZES {
        let params = SynthParams {
            zones,
            rules,
            invariants: 20,
            seed: 1,
        };
        println!("nft_load: {zones} zones, {rules} rules (synth seed 1)");
        if let Err(e) = bench(&format!("synth-{zones}"), synth::generate(&params)) {
            println!("  error: {e}");
        }
    }
    for path in examples() {
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&path)
            .display()
            .to_string();
        let name = name.trim_start_matches('/');
        println!("nft_load: {name}");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if let Err(e) = bench(name, text) {
            println!("  error: {e}");
        }
    }
}

/// Every example policy, sorted.
fn examples() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dsl-examples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "zones"));
    files.sort();
    files
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn bench(name: &str, text: String) -> Result<(), String> {
    let mut sources = Sources::new();
    sources.add(name, text);
    let today = Date::new(2026, 1, 15).ok_or("date")?;
    let (frontend, t_front) =
        timed(|| zonec_compiler::compile(&sources, &ResolveOptions { today }));
    if frontend.has_errors() {
        return Err("the synthetic policy does not build".into());
    }
    let model = &frontend.model;
    let ((effective, table), t_analysis) =
        timed(|| (EffectivePolicy::new(model), AddressTable::new(model)));
    let options = NftOptions {
        interface_template: Some(InterfaceTemplate::parse("vlan{id}")?),
    };
    let (files, t_emit) = timed(|| nftables::emit(model, &effective, &table, &options));
    let ruleset = files.map_err(|_| "emit failed")?.remove(0).contents;
    // NFT_LOAD_KEEP=DIR keeps each measured ruleset for inspection.
    if let Some(dir) = std::env::var_os("NFT_LOAD_KEEP") {
        let file = format!("{}.nft", name.replace('/', "_"));
        std::fs::write(std::path::Path::new(&dir).join(file), &ruleset)
            .map_err(|e| e.to_string())?;
    }
    let elements = ruleset.lines().filter(|l| l.contains(" : ")).count();
    println!(
        "  build: front end {}, effective policy + address table {}, emit {}",
        ms(t_front),
        ms(t_analysis),
        ms(t_emit)
    );
    println!(
        "  ruleset: {:.2} MiB, {} lines, {} map elements, {} allowed zone pairs, {} v4 + {} v6 partition ranges",
        ruleset.len() as f64 / (1024.0 * 1024.0),
        ruleset.lines().count(),
        elements,
        effective.allowed_flows().count(),
        table.partition_v4().len(),
        table.partition_v6().len()
    );
    if let Ok(dir) = std::env::var("NFT_LOAD_DUMP") {
        let _ = std::fs::write(
            format!("{dir}/{}-{}.nft", name.replace('/', "_"), model.zones.len()),
            &ruleset,
        );
    }
    load(&ruleset)
}

/// `nft -f` into a fresh namespace (first load), then again (replace).
fn load(ruleset: &str) -> Result<(), String> {
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    if !root || Command::new("nft").arg("--version").output().is_err() {
        println!("  load: skipped (not root / nft not found)");
        return Ok(());
    }
    let ns = format!("zk-{}-bench", std::process::id());
    let path = std::env::temp_dir().join(format!("{ns}.nft"));
    std::fs::write(&path, ruleset).map_err(|e| e.to_string())?;
    run("ip", &["netns", "add", &ns])?;
    let nft = |args: &[&str]| {
        let mut all = vec!["netns", "exec", ns.as_str(), "nft"];
        all.extend_from_slice(args);
        let cpu = children_cpu();
        let (result, wall) = timed(|| run("ip", &all));
        (result, wall, children_cpu().saturating_sub(cpu))
    };
    let file = path.to_string_lossy().into_owned();
    let (check, t_check, c_check) = nft(&["-c", "-f", &file]);
    let (first, t_first, c_first) = nft(&["-f", &file]);
    let (second, t_second, c_second) = nft(&["-f", &file]);
    let _ = run("ip", &["netns", "del", &ns]);
    let _ = std::fs::remove_file(&path);
    check.and(first).and(second)?;
    println!("  load (wall / CPU of nft, user + system):");
    println!(
        "    nft -c -f:                       {} / {}",
        ms(t_check),
        ms(c_check)
    );
    println!(
        "    nft -f into a fresh namespace:   {} / {}",
        ms(t_first),
        ms(c_first)
    );
    println!(
        "    nft -f again (replace the table): {} / {}",
        ms(t_second),
        ms(c_second)
    );
    Ok(())
}

/// User + system time of this process's waited-for children so far, from
/// `/proc/self/stat` (fields 16 and 17, in clock ticks of 1/100 s).
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<u64> = after_name
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // After `pid (comm)`, field 3 (state) is index 0, so field n is n - 3.
    let ticks = fields.get(13).copied().unwrap_or(0) + fields.get(14).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
