//! `zonec bench` (hidden from help): generate a synthetic policy of a given
//! size and print how long parsing, resolution and analysis take, and the
//! process's peak memory. Benchmarks print figures; nothing asserts a time.
//!
//! ```text
//! cargo run --release -- bench --zones 10000 --rules 100000 --invariants 1000
//! ```

use crate::exit::Exit;
use std::time::{Duration, Instant};
use zonec_analysis as analysis;
use zonec_base::{Date, Diagnostic, FileId};
use zonec_model::{self as model, ResolveOptions};
use zonec_syntax::synth::{self, SynthParams};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, default_value_t = 1_000)]
    pub zones: usize,
    #[arg(long, default_value_t = 10_000)]
    pub rules: usize,
    #[arg(long, default_value_t = 500)]
    pub invariants: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: &Args) -> Exit {
    let params = SynthParams {
        zones: args.zones,
        rules: args.rules,
        invariants: args.invariants,
        seed: args.seed,
    };
    println!(
        "zonec bench: {} zones, {} rules, {} invariants (seed {})",
        params.zones, params.rules, params.invariants, params.seed
    );
    let (text, t_gen) = timed(|| synth::generate(&params));
    line(
        "generate",
        t_gen,
        &format!(
            "{:.1} MiB of text, {} lines",
            mib(text.len()),
            text.lines().count()
        ),
    );
    let ((tree, parse_diags), t_parse) = timed(|| zonec_syntax::parse(FileId(0), &text));
    line(
        "parse",
        t_parse,
        &format!(
            "{} items, {} error(s)",
            tree.items.len(),
            errors(&parse_diags)
        ),
    );
    let options = ResolveOptions {
        today: Date::today(),
    };
    let ((model, resolve_diags), t_resolve) =
        timed(|| model::resolve(std::slice::from_ref(&tree), &options));
    line(
        "resolve",
        t_resolve,
        &format!(
            "{} zones, {} rules, {} error(s)",
            model.zones.len(),
            model.rules.len(),
            errors(&resolve_diags)
        ),
    );
    let (a, t_analysis) = timed(|| analysis::analyze(&model));
    let broken = a.verdicts.iter().filter(|v| !v.holds).count();
    line(
        "analysis",
        t_analysis,
        &format!(
            "{} edges, {} classes, {} components; {} invariant(s) hold, {broken} broken",
            a.graph().edge_count(),
            a.classes.len(),
            a.closure().component_count(),
            a.verdicts.len() - broken
        ),
    );
    match peak_memory_kib() {
        Some(kib) => println!("  peak memory (VmHWM)  {:.1} MiB", kib as f64 / 1024.0),
        None => println!("  peak memory (VmHWM)  unavailable (no /proc/self/status)"),
    }
    Exit::Ok
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn line(stage: &str, t: Duration, note: &str) {
    println!("  {stage:<9} {:>8.3} s   {note}", t.as_secs_f64());
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn errors(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

/// The process's peak resident set size, from Linux's `/proc/self/status`.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
