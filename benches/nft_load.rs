//! Benchmark of the nftables target at scale: build time, ruleset size and
//! `nft -f` load time into fresh network namespaces, for synthetic
//! policies of 200 zones / 5,000 rules and 1,000 zones / 20,000 rules
//! (`synth`), for a denser 1,000-zone policy of 20,000 flows between
//! distinct zone pairs, every zone dual-stack (`dense`), for
//! `allow any -> any : tcp/22` over 2,000 and 8,191 zones of one /24 each
//! (one zone class: the ruleset must not grow with zone pairs), and for
//! every example.
//!
//! `cargo bench --bench nft_load` (release build). Prints figures; asserts
//! nothing about time. Each load goes into a new namespace
//! `zk-<pid>-bench-<n>`, deleted right after; `NFT_LOAD_RUNS` (default 5)
//! sets how many, and the minimum, median and maximum are printed, since
//! one run on a shared machine says little. Loading needs root and `nft`;
//! without them only the build is measured. `NFT_LOAD_KEEP=DIR` keeps each
//! ruleset in `DIR`.

use std::process::Command;
use std::time::{Duration, Instant};
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::{Date, Sources};
use zonec_model::{AddressTable, ResolveOptions};
use zonec_syntax::synth::{self, SynthParams};
use zonec_targets::nftables::{self, InterfaceTemplate, NftOptions};
use zonec_targets::{Input, Options};

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
    println!("nft_load: 1000 zones, 20000 flows between distinct pairs, dual-stack (dense seed 1)");
    if let Err(e) = bench("dense-1000", synth::dense(1_000, 20_000, 1)) {
        println!("  error: {e}");
    }
    for zones in [2_000, 8_191] {
        println!("nft_load: allow any -> any : tcp/22 over {zones} zones");
        if let Err(e) = bench(&format!("anyany-{zones}"), synth::any_to_any(zones)) {
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
    let (frontend, t_front) = timed(|| zonec_model::compile(&sources, &ResolveOptions { today }));
    if frontend.has_errors() {
        return Err("the synthetic policy does not build".into());
    }
    let model = &frontend.model;
    let ((effective, table), t_analysis) =
        timed(|| (EffectivePolicy::new(model), AddressTable::new(model)));
    let options = Options {
        nftables: NftOptions {
            interface_template: Some(InterfaceTemplate::parse("vlan{id}")?),
            allow_lockout: false,
            policy_hash: None,
        },
        ..Options::default()
    };
    let input = Input {
        model,
        effective: &effective,
        addresses: &table,
    };
    let (out, t_emit) = timed(|| nftables::emit(&input, &options));
    if out.has_errors() {
        return Err("emit failed".into());
    }
    let ruleset = out
        .artifacts
        .into_iter()
        .next()
        .ok_or("no ruleset")?
        .contents;
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
        effective.allowed_pair_count(),
        table.partition_v4().len(),
        table.partition_v6().len()
    );
    load(&ruleset)
}

/// `nft -c -f` once, then `nft -f` into a new namespace `NFT_LOAD_RUNS`
/// times, then again into the last one (replacing the table).
fn load(ruleset: &str) -> Result<(), String> {
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    if !root || Command::new("nft").arg("--version").output().is_err() {
        println!("  load: skipped (not root / nft not found)");
        return Ok(());
    }
    let runs: usize = std::env::var("NFT_LOAD_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(5);
    let pid = std::process::id();
    let path = std::env::temp_dir().join(format!("zk-{pid}-bench.nft"));
    std::fs::write(&path, ruleset).map_err(|e| e.to_string())?;
    let file = path.to_string_lossy().into_owned();
    let result = measure(&file, runs, pid);
    let _ = std::fs::remove_file(&path);
    let m = result?;
    println!("  load (wall / CPU of nft, user + system):");
    println!("    nft -c -f:                        {}", m.check);
    println!(
        "    nft -f into a fresh namespace:    {} (min / median / max of {runs})",
        m.fresh
    );
    println!("    nft -f again (replace the table): {}", m.replace);
    Ok(())
}

/// The figures of one ruleset.
struct Loads {
    check: String,
    fresh: String,
    replace: String,
}

fn measure(file: &str, runs: usize, pid: u32) -> Result<Loads, String> {
    let mut fresh: Vec<(Duration, Duration)> = Vec::new();
    let mut check = String::new();
    let mut replace = String::new();
    for n in 0..runs {
        let ns = format!("zk-{pid}-bench-{n}");
        run("ip", &["netns", "add", &ns])?;
        let nft = |args: &[&str]| {
            let mut all = vec!["netns", "exec", ns.as_str(), "nft"];
            all.extend_from_slice(args);
            let cpu = children_cpu();
            let (result, wall) = timed(|| run("ip", &all));
            result.map(|()| (wall, children_cpu().saturating_sub(cpu)))
        };
        let result = (|| {
            if n == 0 {
                check = pair(nft(&["-c", "-f", file])?);
            }
            fresh.push(nft(&["-f", file])?);
            if n + 1 == runs {
                replace = pair(nft(&["-f", file])?);
            }
            Ok::<(), String>(())
        })();
        let _ = run("ip", &["netns", "del", &ns]);
        result?;
    }
    let mut walls: Vec<Duration> = fresh.iter().map(|f| f.0).collect();
    let mut cpus: Vec<Duration> = fresh.iter().map(|f| f.1).collect();
    walls.sort();
    cpus.sort();
    let spread = |v: &[Duration]| {
        let at = |i: usize| v.get(i).copied().unwrap_or_default();
        format!(
            "{} / {} / {}",
            ms(at(0)),
            ms(at(v.len() / 2)),
            ms(at(v.len().saturating_sub(1)))
        )
    };
    Ok(Loads {
        check,
        fresh: format!("wall {}, CPU {}", spread(&walls), spread(&cpus)),
        replace,
    })
}

fn pair((wall, cpu): (Duration, Duration)) -> String {
    format!("{} / {}", ms(wall), ms(cpu))
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
