//! Whether this machine can run the kernel tests, and what to do if not:
//! skip with a notice, or fail when `ZONEC_REQUIRE_KERNEL=1` (CI).

use super::netns;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `Err(reason)` when the kernel tests cannot run here.
pub fn check() -> Result<(), String> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let root = status
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .and_then(|l| l.split_whitespace().nth(2))
        == Some("0");
    if !root {
        return Err("not root".into());
    }
    for (tool, flag) in [("nft", "--version"), ("ip", "-V"), ("ping", "-V")] {
        if netns::run(tool, &[flag]).is_err() {
            return Err(format!("{tool} not found"));
        }
    }
    // Numbered: the time test checks on its own thread while the others
    // check too (`kernel_nftables.rs`), and one name would collide.
    static CHECKS: AtomicUsize = AtomicUsize::new(0);
    let n = CHECKS.fetch_add(1, Ordering::Relaxed);
    let probe = format!("{}probe{n}", netns::prefix());
    netns::ip(&["netns", "add", &probe])
        .map_err(|e| format!("cannot create a network namespace: {e}"))?;
    let _ = netns::ip(&["netns", "del", &probe]);
    Ok(())
}

/// Skip (exit 0) with a notice, or fail (exit 1) when the kernel is required.
pub fn skip(why: &str) -> i32 {
    if std::env::var("ZONEC_REQUIRE_KERNEL").as_deref() == Ok("1") {
        eprintln!("kernel tests required (ZONEC_REQUIRE_KERNEL=1) but cannot run: {why}");
        1
    } else {
        println!("kernel tests skipped: {why}");
        0
    }
}
