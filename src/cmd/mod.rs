//! One module per subcommand, each with its `Args` and `run`.

pub mod check;
pub mod fmt;
pub mod graph;
