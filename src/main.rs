//! The `zonec` command line: a thin layer of argument parsing and dispatch.
//! Each subcommand lives in `cmd/` with its own arguments and `run`.

mod atomic;
mod cmd;
mod endpoint;
mod exit;
mod github;
mod input;
mod listing;
mod manifest;
mod messages;
mod observe;
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

/// What every command's exit code means (`zonec --help`, the manual page).
const EXIT_CODES: &str =
    "Exit codes: 0 success (warnings allowed); 1 a check failed: an invariant \
is broken, or what a command's flag asks about holds (see its help); 2 invalid input or usage \
(nothing is written).";

/// zonec: compile network segmentation policy into proven firewall configs.
#[derive(Parser, Debug)]
#[command(name = "zonec", version, about, max_term_width = 100, after_help = EXIT_CODES)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// The flags every command takes (before or after its name). What each
/// prints is in `messages.rs`.
#[derive(clap::Args, Debug)]
struct Global {
    /// Print no status lines: only diagnostics, failures and the output
    /// itself (exit codes do not change)
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        display_order = 900
    )]
    quiet: bool,
    /// Also print each stage with its counts and time, and every file
    /// written or left unchanged
    #[arg(short, long, global = true, display_order = 901)]
    verbose: bool,
}

impl Global {
    fn verbosity(&self) -> messages::Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => messages::Verbosity::Quiet,
            (false, true) => messages::Verbosity::Verbose,
            (false, false) => messages::Verbosity::Normal,
        }
    }
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
    /// Classify observed flows (cloud flow logs, conntrack, firewall logs) against the policy
    Flows(cmd::flows::Args),
    /// Time parsing, resolution and analysis of a synthetic policy
    #[command(hide = true)]
    Bench(cmd::bench::Args),
    /// Show how a change alters reachability: flows, verdicts, zones, prefixes
    Diff(cmd::diff::Args),
    /// Write the proof report: one self-contained HTML file for auditors
    Report(cmd::report::Args),
    /// Check a policy, then write the configs that enforce it
    Build(cmd::build::Args),
    /// Check that a router's running nftables ruleset enforces the policy (drift)
    Verify(cmd::verify::Args),
    /// Load the policy's nftables ruleset on this router, rolled back unless confirmed
    Apply(cmd::apply::Args),
    /// Print a shell's completion script for zonec
    Completions(cmd::completions::Args),
    /// Print zonec's manual page (roff), or write every page to a directory
    Man(cmd::man::Args),
}

fn main() {
    let cli = Cli::parse();
    messages::set(cli.global.verbosity());
    let code = match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Fmt(args) => cmd::fmt::run(&args),
        Command::Graph(args) => cmd::graph::run(&args),
        Command::Explain(args) => cmd::explain::run(&args),
        Command::Which(args) => cmd::which::run(&args),
        Command::Matrix(args) => cmd::matrix::run(&args),
        Command::Flows(args) => cmd::flows::run(&args),
        Command::Bench(args) => cmd::bench::run(&args),
        Command::Diff(args) => cmd::diff::run(&args),
        Command::Report(args) => cmd::report::run(&args),
        Command::Build(args) => cmd::build::run(&args),
        Command::Verify(args) => cmd::verify::run(&args),
        Command::Apply(args) => cmd::apply::run(&args),
        Command::Completions(args) => cmd::completions::run(&args),
        Command::Man(args) => cmd::man::run(&args),
    };
    std::process::exit(code as i32);
}
