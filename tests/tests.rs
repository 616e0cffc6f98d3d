//! End-to-end tests of the `zonec` binary: one test binary, one module per
//! area, as ripgrep does.

mod cloud;
mod errors;
mod inputs;
mod util;
mod warnings;
