//! One module per subcommand, each with its `Args` and `run`.

pub mod bench;
pub mod build;
pub mod check;
pub mod explain;
pub mod matrix;
