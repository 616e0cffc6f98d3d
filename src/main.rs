//! The `zonec` command line: a thin layer of argument parsing and dispatch.
//! Each subcommand lives in `cmd/` with its own arguments and `run`.

mod atomic;
mod cmd;
mod endpoint;
mod exit;
mod github;
mod input;
mod manifest;
mod outdir;
mod output;
mod pipeline;
mod sarif;
mod services;
mod targets;

use clap::{Parser, Subcommand};

/// zonec allocates many small, short-lived values (tokens, names, port
/// sets); mimalloc serves them in a fraction of the instructions of the
/// system allocator (ruff makes the same choice).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// zonec: compile network segmentation policy into proven firewall configs.
#[derive(Parser, Debug)]
#[command(name = "zonec", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check a policy: syntax, names, addresses, invariants and lints
    Check(cmd::check::Args),
    /// Rewrite policy files in the canonical layout (or `--check` them)
    Fmt(cmd::fmt::Args),
    /// Draw the zone graph as SVG (zonec's own layout) or Graphviz DOT
    Graph(cmd::graph::Args),
    /// Explain why a flow between zones, labels or addresses is or is not possible
    Explain(cmd::explain::Args),
    /// Print the zone of each address, the prefix that matched, its labels and VLAN
    Which(cmd::which::Args),
    /// Print the zone × zone table of allowed flows
    Matrix(cmd::matrix::Args),
    /// Time parsing, resolution and analysis of a synthetic policy
    #[command(hide = true)]
    Bench(cmd::bench::Args),
    /// Show how a change alters reachability: flows, verdicts, zones, prefixes
    Diff(cmd::diff::Args),
    /// Write the proof report: one self-contained HTML file for auditors
    Report(cmd::report::Args),
    /// Check a policy, then write the configs that enforce it
    Build(cmd::build::Args),
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Fmt(args) => cmd::fmt::run(&args),
        Command::Graph(args) => cmd::graph::run(&args),
        Command::Explain(args) => cmd::explain::run(&args),
        Command::Which(args) => cmd::which::run(&args),
        Command::Matrix(args) => cmd::matrix::run(&args),
        Command::Bench(args) => cmd::bench::run(&args),
        Command::Diff(args) => cmd::diff::run(&args),
        Command::Report(args) => cmd::report::run(&args),
        Command::Build(args) => cmd::build::run(&args),
    };
    std::process::exit(code as i32);
}
