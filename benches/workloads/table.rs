//! The table the workloads benchmark prints: one row per workload,
//! command and binary, with the median, minimum and maximum of the runs'
//! wall time, CPU time and peak memory.

use crate::measure::{Ended, Run};
use std::time::Duration;

/// What a row is about.
pub struct Cell<'a> {
    pub workload: &'a str,
    pub input_bytes: usize,
    pub command: &'a str,
    pub binary: &'a str,
    /// Bytes written by the first successful build.
    pub output: Option<u64>,
}

pub fn head() {
    println!(
        "{:<10} {:>9} {:<6} {:<8} {:>2}  {:<27} {:<27} {:<31} {:<18} {:>9}",
        "workload",
        "input",
        "cmd",
        "binary",
        "n",
        "wall s: median [min, max]",
        "CPU s: median [min, max]",
        "max RSS MiB: median [min, max]",
        "ended",
        "output"
    );
}

pub fn row(cell: &Cell, runs: &[Run]) {
    let walls: Vec<f64> = runs.iter().map(|r| secs(r.wall)).collect();
    let cpus: Vec<f64> = runs.iter().map(|r| secs(r.cpu)).collect();
    let rss: Vec<f64> = runs.iter().map(|r| mib(r.max_rss)).collect();
    println!(
        "{:<10} {:>9} {:<6} {:<8} {:>2}  {:<27} {:<27} {:<31} {:<18} {:>9}",
        cell.workload,
        size(Some(cell.input_bytes as u64)),
        cell.command,
        cell.binary,
        runs.len(),
        spread(&walls, 3),
        spread(&cpus, 3),
        spread(&rss, 1),
        ended(runs),
        size(cell.output),
    );
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / f64::from(1u32 << 20)
}

/// `median [min, max]`, or `-` for no runs.
fn spread(values: &[f64], decimals: usize) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (Some(min), Some(max)) = (sorted.first(), sorted.last()) else {
        return "-".to_string();
    };
    let mid = sorted.len() / 2;
    let median = match (
        sorted.len() % 2,
        sorted.get(mid),
        sorted.get(mid.wrapping_sub(1)),
    ) {
        (0, Some(hi), Some(lo)) => (hi + lo) / 2.0,
        (_, Some(m), _) => *m,
        _ => *min,
    };
    format!("{median:.decimals$} [{min:.decimals$}, {max:.decimals$}]")
}

/// How the runs ended: `exit 0`, `over memory limit`, or a list when
/// they differ.
fn ended(runs: &[Run]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for run in runs {
        let text = match &run.ended {
            Ended::Exit(code) => format!("exit {code}"),
            Ended::OverMemory => "over memory limit".to_string(),
            Ended::OverCpu => "over CPU limit".to_string(),
            Ended::Signal(s) => format!("signal {s}"),
        };
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    if seen.is_empty() {
        "not run".to_string()
    } else {
        seen.join(", ")
    }
}

fn size(bytes: Option<u64>) -> String {
    match bytes {
        None => "-".to_string(),
        Some(b) if b < 1 << 20 => format!("{:.0} KiB", b as f64 / 1024.0),
        Some(b) => format!("{:.1} MiB", mib(b)),
    }
}
