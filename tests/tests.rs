//! End-to-end tests of the `zonec` binary: one test binary, one module per
//! area, as ripgrep does.

// The whole binary is test code: helpers may unwrap and panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod acl;
mod address;
mod apply;
mod check_json;
mod check_targets;
mod cli;
mod cloud;
mod diff;
mod docs;
mod errors;
mod examples;
mod fixture_lists;
mod flows;
mod flush;
mod fmt;
mod governance;
mod graph;
mod hostile;
mod inputs;
mod layers;
mod matrix;
mod members;
mod names;
mod nftables;
mod outdir;
mod paths;
mod properties;
mod report;
mod robustness;
mod util;
mod verify;
mod violations;
mod vlan;
mod warnings;
