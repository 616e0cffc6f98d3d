//! Prints how fast the parser reads a large policy: 10,000 zones, 20,000
//! rules, labels, services, invariants and comments (about 2 MB), once clean
//! and once with a syntax error in every 50th line (recovery at work).
//! Figures, not assertions: `cargo bench -p zonec-syntax --bench parse`.

use std::fmt::Write;
use std::time::{Duration, Instant};
use zonec_base::FileId;
use zonec_syntax::parse;

const ZONES: usize = 10_000;
const RULES: usize = 20_000;
const RUNS: u32 = 5;

fn spec() -> String {
    let mut s = String::from("policy \"Bench Health\" { owner \"netsec@bench.example\" }\n\n");
    for l in 0..50 {
        let _ = writeln!(s, "label l{l} \"label {l}\" {{ cite \"45 CFR 164.{l}\" }}");
    }
    for v in 0..200 {
        let _ = writeln!(
            s,
            "service s{v} = tcp/{}, udp/{}-{}",
            1000 + v,
            2000 + v,
            2100 + v
        );
    }
    for z in 0..ZONES {
        let _ = writeln!(
            s,
            "# zone {z}\nzone z{z} {{\n  labels l{}, l{}\n  description \"zone {z}\"\n  \
             net 10.{}.{}.0/24, fd00:{z:x}::/64\n  vlan {} \"Z{z}\"\n}}",
            z % 50,
            (z + 7) % 50,
            z / 256,
            z % 256,
            1 + z % 4000
        );
    }
    for r in 0..RULES {
        let (a, b) = (r % ZONES, (r * 7 + 1) % ZONES);
        let _ = writeln!(
            s,
            "allow z{a} -> {{z{b}, @l{}}} except z{a} : s{}, tcp/8443 {{ reason \"r{r}\"; expires 2027-01-01 }}",
            r % 50,
            r % 200
        );
    }
    for f in 0..100 {
        let _ = writeln!(s, "forbid @l{} ->* any except {{z{f}}} : s1", f % 50);
    }
    s
}

/// Break every 50th line: drop its first `->` or `{`, or cut a string open.
fn broken(spec: &str) -> String {
    let mut out = String::with_capacity(spec.len());
    for (i, line) in spec.lines().enumerate() {
        let line = if i % 50 == 49 {
            line.replacen("->", "", 1).replacen('"', "", 1)
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn measure(name: &str, text: &str) {
    let mut best = Duration::MAX;
    let mut result = (0, 0);
    for _ in 0..RUNS {
        let start = Instant::now();
        let (tree, diags) = parse(FileId(0), text);
        best = best.min(start.elapsed());
        result = (tree.items.len(), diags.len());
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{name:>7}: {mb:.1} MB, {} items, {} diagnostics, best of {RUNS}: {:.1} ms ({:.0} MB/s)",
        result.0,
        result.1,
        best.as_secs_f64() * 1e3,
        mb / best.as_secs_f64()
    );
}

fn main() {
    let clean = spec();
    measure("clean", &clean);
    measure("broken", &broken(&clean));
}
