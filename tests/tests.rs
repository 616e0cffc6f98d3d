//! End-to-end tests of the `zonec` binary: one test binary, one module per
//! area, as ripgrep does.

mod util;
mod cloud;
