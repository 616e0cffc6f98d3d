//! Kernel tests of `zonec apply` (commit-confirmed loading with rollback),
//! one network namespace per case: see `kernel/apply.rs`.
//!
//! Custom harness, like `kernel_nftables`: as root with `nft` and `ip` it
//! runs; otherwise it prints `kernel tests skipped: ...` and passes, unless
//! `ZONEC_REQUIRE_KERNEL=1`.

// Test code: the shared kernel modules hold helpers this binary does not use.
#[allow(dead_code)]
mod kernel {
    pub mod apply;
    pub mod env;
    pub mod netns;
}

fn main() {
    std::process::exit(kernel::apply::main());
}
