//! End-to-end tests of the `zonec` binary: one test binary, one module per
//! area, as ripgrep does.

mod errors;
mod inputs;
mod nftables;
mod util;
mod vlan;
mod warnings;
