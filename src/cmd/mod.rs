//! One module per subcommand, each with its `Args` and `run`.

pub mod apply;
pub mod bench;
pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod flows;
pub mod fmt;
pub mod graph;
pub mod man;
pub mod matrix;
pub mod report;
pub mod verify;
pub mod which;
