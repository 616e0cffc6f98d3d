//! `zonec flows` throughput and peak memory: AWS version-2 flow records
//! (the default order, no TCP flags, so every direction is guessed by
//! port) classified against the 1,000-zone generated policy
//! (`synth::dense(1000, 20000, 1)`), 1 M and 10 M records. Each size runs
//! in a child process of this bench, so each peak (the kernel's `VmHWM`)
//! is its own; the engine is single-threaded (one core).
//!
//! ```text
//! cargo bench --bench flows                  # 1 M and 10 M
//! cargo bench --bench flows -- 1000000       # given sizes only
//! ```
//!
//! The records are a block of 65,536 lines made once and read again and
//! again through `Read`, so the input costs no memory and no generation
//! time inside the timed loop: the figure is the engine's (line reading,
//! parsing, direction, zone lookups, aggregation, classification). The
//! block's flows go between 2,000 (client zone, server zone, port)
//! services, half of them flows the policy allows, so the rows stay a
//! few thousand however many records there are, as in a real estate.
//! Prints figures; asserts nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::io::Read;
use std::net::Ipv4Addr;
use std::process::Command;
use std::time::Instant;
use zonec_base::Sources;
use zonec_flows::{Engine, Policy};
use zonec_model::ResolveOptions;

const CHILD: &str = "ZONEC_FLOWS_BENCH_RECORDS";
const BLOCK: usize = 65_536;

fn main() {
    if let Ok(n) = std::env::var(CHILD) {
        return child(n.parse().expect("a record count"));
    }
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000_000, 10_000_000]
    } else {
        sizes
    };
    println!("zonec flows: AWS v2 records against synth::dense(1000, 20000, 1), one core");
    for n in sizes {
        let out = Command::new(std::env::current_exe().unwrap())
            .env(CHILD, n.to_string())
            .output()
            .expect("the bench runs itself");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
    }
}

fn child(records: u64) {
    let mut sources = Sources::new();
    sources.add("dense.zones", zonec_syntax::synth::dense(1_000, 20_000, 1));
    let today = zonec_base::Date::parse("2026-01-01").unwrap();
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today });
    assert!(!frontend.has_errors());
    let analysis = zonec_analysis::analyze(&frontend.model);
    let block = block(&analysis);
    let peak_before = peak_kib();
    let policy = Policy {
        model: &frontend.model,
        analysis: &analysis,
    };
    let mut engine = Engine::new(policy, None);
    let clock = Instant::now();
    let cpu_before = cpu_seconds();
    let input = Cycle::new(block.as_bytes(), records);
    engine.read("bench", input, None).expect("the records read");
    let report = engine.finish(&sources);
    let secs = clock.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    assert_eq!(report.summary.counts.records, records);
    println!(
        "{:>10} records: {:6.2} s wall, {:6.2} s CPU, {:>5.2} M records/s of CPU, {} rows; peak memory {} MiB (policy and analysis {} MiB)",
        records,
        secs,
        cpu,
        records as f64 / cpu / 1e6,
        report.rows.len(),
        peak_kib() / 1024,
        peak_before / 1024
    );
}

/// The first `left` lines of the block repeated, copied a run of whole
/// lines at a time.
struct Cycle<'a> {
    block: &'a [u8],
    /// The offset of every line start, and the block's end.
    starts: Vec<usize>,
    /// The line to copy next.
    line: usize,
    left: u64,
}

impl<'a> Cycle<'a> {
    fn new(block: &'a [u8], left: u64) -> Cycle<'a> {
        let mut starts = vec![0];
        starts.extend(
            block
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Cycle {
            block,
            starts,
            line: 0,
            left,
        }
    }
}

impl Read for Cycle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let lines = self.starts.len() - 1;
        if self.left == 0 {
            return Ok(0);
        }
        let from = self.starts[self.line];
        // The last line that ends within `buf`, the block and `left`.
        let most = (self.line + self.left.min(lines as u64) as usize).min(lines);
        let fits =
            self.starts[self.line + 1..=most].partition_point(|&end| end - from <= buf.len());
        let end = self.starts[self.line + fits.max(1)];
        let n = end - from;
        buf[..n].copy_from_slice(&self.block[from..end]);
        self.left -= fits.max(1) as u64;
        self.line = (self.line + fits.max(1)) % lines;
        Ok(n)
    }
}

/// An inclusive range of IPv4 addresses, as integers.
type Range = (u32, u32);

/// 65,536 records: a request and its reply for each of 32,768 connections
/// of 2,000 services (half allowed flows of the policy, half any pair).
fn block(analysis: &zonec_analysis::Analysis) -> String {
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let ranges = analysis.addresses.partition_v4();
    let allowed: Vec<_> = analysis
        .effective
        .allowed_flows()
        .map(|(pair, _)| pair)
        .collect();
    let spaces = |z: zonec_model::ZoneId| {
        ranges
            .iter()
            .find(|r| r.2 == z)
            .map(|r| (u32::from(r.0), u32::from(r.1)))
    };
    let ports = [443u16, 22, 53, 2575, 3389, 8443, 5432, 80];
    let services: Vec<(Range, Range, u16)> = (0..2000)
        .filter_map(|i| {
            let (a, b) = if i % 2 == 0 && !allowed.is_empty() {
                allowed[next() as usize % allowed.len()]
            } else {
                let pick = |n: u64| ranges[n as usize % ranges.len()].2;
                (pick(next()), pick(next()))
            };
            Some((spaces(a)?, spaces(b)?, ports[next() as usize % ports.len()]))
        })
        .collect();
    let mut out = String::new();
    let host =
        |(lo, hi): (u32, u32), r: u64| Ipv4Addr::from(lo + (r % u64::from(hi - lo + 1)) as u32);
    for _ in 0..BLOCK / 2 {
        let (c, s, port) = services[next() as usize % services.len()];
        let (client, server) = (host(c, next()), host(s, next()));
        let cport = 32_768 + (next() % 28_000) as u16;
        let _ = writeln!(out, "2 123456789010 eni-0a1b2c3d {client} {server} {cport} {port} 6 10 1200 1733385600 1733385660 ACCEPT OK");
        let _ = writeln!(out, "2 123456789010 eni-0a1b2c3d {server} {client} {port} {cport} 6 8 6400 1733385600 1733385660 ACCEPT OK");
    }
    out
}

/// The CPU time (user and system) of this process so far: on a shared
/// machine, the engine's own cost, whatever else runs.
fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// The process's peak resident memory in KiB (`VmHWM`).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
