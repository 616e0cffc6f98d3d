//! Wall time, CPU time and peak memory of `zonec check` and `zonec build` (all
//! default targets) on the workloads of issue 13, side by side in one run:
//! each command runs as a child process of the release binary, so the
//! figures are what a user sees, start-up and output writing included.
//!
//! ```text
//! cargo bench --bench workloads                  # every workload
//! cargo bench --bench workloads -- dense-1k      # only these (by name)
//! cargo bench --bench workloads -- --skip anyany-8k --skip one-100k
//! ```
//!
//! Prints the median, minimum and maximum of several runs and asserts
//! nothing. Environment:
//!
//! - `ZONEC_BENCH_RUNS` (default 5): runs per workload and command.
//! - `ZONEC_BENCH_SKIP`: comma-separated workload names to leave out.
//! - `ZONEC_BENCH_MEM_MIB` (default 4096) and `ZONEC_BENCH_CPU_S` (default
//!   120): each child's address-space and CPU limits; a run beyond them is
//!   reported as over the limit and the workload's later runs are skipped.
//! - `ZONEC_BIN`: the binary to measure (default: this package's zonec).
//! - `ZONEC_BENCH_BASELINE`: a second binary (say, main's), run alternately
//!   with the first so that both see the same machine load.
//! - `ZONEC_BENCH_WRITE=DIR`: write each workload's `.zones` file to `DIR`
//!   and measure nothing (`benches/aerleon/compare.sh` uses it).

#[path = "workloads/measure.rs"]
mod measure;
#[path = "workloads/table.rs"]
mod table;

use measure::{Ended, Limits, Run};
use std::path::{Path, PathBuf};
use zonec_syntax::synth::{self, SynthParams};

/// One policy to measure.
struct Workload {
    name: &'static str,
    what: &'static str,
    text: fn() -> String,
}

const WORKLOADS: &[Workload] = &[
    Workload {
        name: "dense-1k",
        what: "1,000 zones, 20,000 flows between distinct pairs, dual-stack",
        text: || synth::dense(1_000, 20_000, 1),
    },
    Workload {
        name: "synth-10k",
        what: "10,000 zones, 100,000 rules, 1,000 invariants (synth)",
        text: || {
            synth::generate(&SynthParams {
                zones: 10_000,
                rules: 100_000,
                invariants: 1_000,
                seed: 1,
            })
        },
    },
    Workload {
        name: "anyany-2k",
        what: "allow any -> any : tcp/22 over 2,000 zones of one /24",
        text: || synth::any_to_any(2_000),
    },
    Workload {
        name: "anyany-8k",
        what: "allow any -> any : tcp/22 over 8,191 zones of one /24",
        text: || synth::any_to_any(8_191),
    },
    Workload {
        name: "one-100k",
        what: "100,000 zones of one /32, one rule",
        text: || synth::one_rule(100_000),
    },
    Workload {
        name: "ports-64k",
        what: "a service of 65,536 single ports (odd, then even), one rule",
        text: || synth::many_ports(65_536),
    },
];

const COMMANDS: &[&str] = &["check", "build"];

/// What to run, from the arguments and the environment.
struct Config {
    runs: usize,
    limits: Limits,
    binaries: Vec<(&'static str, PathBuf)>,
    selected: Vec<&'static Workload>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = config(&args);
    if let Some(dir) = std::env::var_os("ZONEC_BENCH_WRITE") {
        return write_all(Path::new(&dir), &config.selected);
    }
    let tmp = match private_dir() {
        Ok(tmp) => tmp,
        Err(e) => return println!("workloads: cannot create a temporary directory: {e}"),
    };
    header(&config);
    for workload in &config.selected {
        measure_workload(&config, workload, &tmp);
    }
    println!("load average at the end: {}", load());
    let _ = std::fs::remove_dir_all(&tmp);
}

fn config(args: &[String]) -> Config {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let number = |name: &str, default: u64| {
        env(name)
            .and_then(|v| v.parse().ok())
            .filter(|&n| n > 0)
            .unwrap_or(default)
    };
    let mut skip: Vec<String> = env("ZONEC_BENCH_SKIP")
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_default();
    let mut only = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--skip" => skip.extend(words.next().cloned()),
            w if w.starts_with('-') => {} // `--bench`, added by cargo
            w => only.push(w.to_string()),
        }
    }
    let mut binaries = vec![(
        "this",
        env("ZONEC_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_zonec")), PathBuf::from),
    )];
    binaries.extend(env("ZONEC_BENCH_BASELINE").map(|b| ("baseline", PathBuf::from(b))));
    let chosen = |w: &&Workload| {
        (only.is_empty() || only.iter().any(|o| o == w.name)) && !skip.iter().any(|s| s == w.name)
    };
    Config {
        runs: usize::try_from(number("ZONEC_BENCH_RUNS", 5)).unwrap_or(5),
        limits: Limits {
            memory: number("ZONEC_BENCH_MEM_MIB", 4096).saturating_mul(1 << 20),
            cpu: number("ZONEC_BENCH_CPU_S", 120),
        },
        binaries,
        selected: WORKLOADS.iter().filter(chosen).collect(),
    }
}

fn write_all(dir: &Path, workloads: &[&Workload]) {
    for w in workloads {
        let path = dir.join(format!("{}.zones", w.name));
        match std::fs::write(&path, (w.text)()) {
            Ok(()) => println!("wrote {}", path.display()),
            Err(e) => println!("cannot write {}: {e}", path.display()),
        }
    }
}

/// A new directory only this process can use, under an unpredictable name.
fn private_dir() -> std::io::Result<PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    let mut bytes = [0u8; 8];
    rustix::rand::getrandom(&mut bytes, rustix::rand::GetRandomFlags::empty())?;
    let name = format!("zonec-workloads-{:016x}", u64::from_le_bytes(bytes));
    let dir = std::env::temp_dir().join(name);
    std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
    Ok(dir)
}

fn header(config: &Config) {
    println!("zonec workloads: median [min, max] of {} runs", config.runs);
    for (label, path) in &config.binaries {
        println!("  {label}: {}", path.display());
    }
    println!(
        "  limits per child: {} MiB address space, {} s CPU; load average now: {}",
        config.limits.memory >> 20,
        config.limits.cpu,
        load()
    );
    for w in &config.selected {
        println!("  {:<10} {}", w.name, w.what);
    }
    println!();
    table::head();
}

/// The 1-, 5- and 15-minute load averages.
fn load() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn measure_workload(config: &Config, workload: &Workload, tmp: &Path) {
    let text = (workload.text)();
    let input = tmp.join(format!("{}.zones", workload.name));
    if let Err(e) = std::fs::write(&input, &text) {
        return println!("{}: cannot write the policy: {e}", workload.name);
    }
    for command in COMMANDS {
        let cells = measure_command(config, command, &input, tmp);
        for ((label, _), (runs, output)) in config.binaries.iter().zip(cells) {
            table::row(
                &table::Cell {
                    workload: workload.name,
                    input_bytes: text.len(),
                    command,
                    binary: label,
                    output,
                },
                &runs,
            );
        }
    }
    let _ = std::fs::remove_file(&input);
}

/// Every binary's runs of one command, alternating between binaries; a
/// binary stops at its first run that ends over a limit. Also the size of
/// the first successful build's output.
fn measure_command(
    config: &Config,
    command: &str,
    input: &Path,
    tmp: &Path,
) -> Vec<(Vec<Run>, Option<u64>)> {
    let mut cells: Vec<(Vec<Run>, Option<u64>)> = vec![(Vec::new(), None); config.binaries.len()];
    for n in 0..config.runs {
        for ((_, binary), (runs, output)) in config.binaries.iter().zip(cells.iter_mut()) {
            if runs.last().is_some_and(|r| over_limit(&r.ended)) {
                continue;
            }
            let out = tmp.join(format!("out-{n}"));
            match once(config, binary, command, input, &out) {
                Ok(run) => {
                    if command == "build" && output.is_none() && run.ended == Ended::Exit(0) {
                        *output = Some(measure::tree_size(&out));
                    }
                    runs.push(run);
                }
                Err(e) => println!("  cannot run {}: {e}", binary.display()),
            }
            let _ = std::fs::remove_dir_all(&out);
        }
    }
    cells
}

fn over_limit(ended: &Ended) -> bool {
    matches!(ended, Ended::OverMemory | Ended::OverCpu)
}

fn once(
    config: &Config,
    binary: &Path,
    command: &str,
    input: &Path,
    out: &Path,
) -> std::io::Result<Run> {
    let input = input.to_string_lossy();
    let out = out.to_string_lossy();
    let mut args = vec![command, "--today", "2026-01-15"];
    if command == "build" {
        args.extend(["--out", &out]);
    }
    args.push(&input);
    let stderr = input.replace(".zones", ".stderr");
    measure::run(binary, &args, Path::new(&stderr), config.limits)
}
