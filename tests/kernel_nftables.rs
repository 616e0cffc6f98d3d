//! Kernel translation validation: every example and every fixture under
//! `tests/fixtures/kernel/` is compiled, its nftables ruleset loaded into a
//! real kernel (a router namespace with one host namespace per zone), and
//! real packets sent between every ordered pair of zones on one port of
//! every service class, in IPv4 and IPv6. The reachability observed must
//! equal the analysis's matrix exactly. Anti-spoofing is shown by forging a
//! VLAN zone's source address from another zone's interface. Then
//! generated policies whose zone classes the ruleset writes as one (shared
//! chains and maps) are probed on a sample of their pairs and inside zones
//! (`kernel/classes.rs`). Then the router's own services (`self`): its
//! input and output chains, in `kernel/router.rs`; the flush script that
//! cuts connections a new policy forbids, in `kernel/flush.rs`;
//! `zonec verify` against drift made with `nft` (`kernel/verify.rs`). Last,
//! issue 16: monitor mode against enforcement (`kernel/monitor.rs`) and
//! allows bounded in time, closed by the kernel clock without a reload
//! (`kernel/time.rs`).
//!
//! Custom harness: run without arguments it tests (optionally only the
//! policies whose name contains one of its arguments); run as
//! `kernel_nftables --probe MODE ...` (inside a namespace) it is the packet
//! prober. As root with `nft`, `ip` and `ping` it runs; otherwise it prints
//! `kernel tests skipped: ...` and passes, unless `ZONEC_REQUIRE_KERNEL=1`.

mod kernel;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = if args.first().map(String::as_str) == Some("--probe") {
        kernel::probe::main(&args[1..])
    } else if args.first().map(String::as_str) == Some("--verify-only") {
        kernel::verify::main()
    } else {
        // The time test mostly waits for the kernel clock to pass an
        // expiry (up to a minute, the language's precision): it runs
        // alongside the others, in namespaces of its own.
        let time = std::thread::spawn(kernel::time::main);
        let fixtures = kernel::run::main();
        let classes = kernel::classes::main();
        let router = kernel::router::main();
        let flush = kernel::flush::main();
        let verify = kernel::verify::main();
        let monitor = kernel::monitor::main();
        let time = time.join().unwrap_or(1);
        let all = [fixtures, classes, router, flush, verify, monitor, time];
        all.into_iter().max().unwrap_or(fixtures)
    };
    std::process::exit(code);
}
