//! `zonec apply`: load a policy's nftables ruleset on the router itself,
//! commit-confirmed. The steps, each in its module:
//!
//! 1. `prepare.rs`: build in memory with every check `build` makes, the
//!    lock-out guards (the operator's own session included), `nft -c`;
//! 2. `load.rs`: save the running state in the state directory
//!    (`state.rs`, `record.rs`), arm the watchdog (`watchdog.rs`), load
//!    the table in one transaction and `verify` the live ruleset: a
//!    finding rolls back at once;
//! 3. `settle.rs`: `--confirm` keeps the new table; without it, the
//!    watchdog, a process of its own session that outlives the terminal,
//!    SSH and a SIGKILL of `apply`, restores the previous table when the
//!    timeout passes (`--check-cmd` confirms automatically when the
//!    operator's command and `verify` pass); `--rollback` restores it on
//!    demand.
//!
//! Exit codes: 0 loaded (or confirmed, or rolled back on demand); 1 an
//! invariant is broken (as `build`; nothing loaded), or loaded, found wrong
//! and rolled back (a `verify` finding, a failed `--check-cmd`, or the
//! timeout passed during the check); 2 nothing was loaded (invalid policy,
//! a lock-out, `nft -c` refused it, an unusable state directory).

mod load;
mod nft;
mod origin;
mod prepare;
mod record;
mod settle;
mod state;
mod watchdog;

use crate::exit::Exit;
use crate::input::parse_date;
use std::net::IpAddr;
use std::path::PathBuf;
use zonec_base::Date;
use zonec_escape::terminal;
use zonec_targets::nftables::InterfaceTemplate;

/// The exit codes, for `--help`.
const EXIT_CODES: &str = "Run as root on the router. Without --confirm within the timeout, \
a watchdog process (which outlives the terminal, SSH and apply itself) puts the previous \
table back. Exit status: 0 loaded (awaiting --confirm, or confirmed by --check-cmd), \
confirmed, or rolled back on demand; 1 an invariant of the policy is broken (nothing was \
loaded), or the ruleset was loaded, found wrong by verify or --check-cmd, and rolled back \
at once; 2 nothing was loaded (invalid policy, a lock-out, nft -c refused the \
ruleset, an unusable state directory, nothing to confirm or roll back).";

#[derive(clap::Args, Debug)]
#[command(after_help = EXIT_CODES)]
pub struct Args {
    /// Policy files (several files form one policy), or directories of `.zones` files
    #[arg(value_name = "FILE", required_unless_present_any = ["confirm", "rollback", "watchdog"])]
    pub files: Vec<PathBuf>,
    /// Today's date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Seconds to wait for `zonec apply --confirm` before the previous table is put back
    #[arg(long, value_name = "SECONDS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub confirm_timeout: u64,
    /// Where the running state is saved and every apply logged (created 0700)
    #[arg(long, value_name = "DIR", default_value = state::DEFAULT_DIR)]
    pub state_dir: PathBuf,
    /// A command (run with `sh -c`) that probes the network after loading;
    /// apply confirms by itself when it succeeds and verify passes, and
    /// rolls back at once when it fails
    #[arg(long, value_name = "CMD")]
    pub check_cmd: Option<String>,
    /// The address apply is run from, whose zone must still reach `self`
    /// [default: the client address of `SSH_CLIENT`]
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<IpAddr>,
    /// The name of each VLAN zone's interface, as for `build --nft-interface`
    #[arg(long = "nft-interface", value_name = "TEMPLATE", value_parser = InterfaceTemplate::parse)]
    pub nft_interface: Option<InterfaceTemplate>,
    /// Load even when the policy, or the address apply is run from, would
    /// lose access to the router (`self`)
    #[arg(long = "allow-lockout")]
    pub allow_lockout: bool,
    /// Make an `allow` without a `ticket` an error, as for `build`
    #[arg(long = "require-ticket")]
    pub require_ticket: bool,
    /// Keep the table the apply awaiting confirmation loaded
    #[arg(long, conflicts_with_all = ["files", "rollback", "check_cmd", "from"])]
    pub confirm: bool,
    /// Put back the table that ran before the last apply (or remove the
    /// table, if none did)
    #[arg(long, conflicts_with_all = ["files", "check_cmd", "from"])]
    pub rollback: bool,
    /// Internal: the watchdog of the apply with this id
    #[arg(long, hide = true, value_name = "ID", conflicts_with_all = ["files", "confirm", "rollback"])]
    pub watchdog: Option<String>,
}

pub fn run(args: &Args) -> Exit {
    if let Some(id) = &args.watchdog {
        return watchdog::run(&args.state_dir, id);
    }
    if args.confirm {
        return settle::confirm(&args.state_dir);
    }
    if args.rollback {
        return settle::rollback(&args.state_dir);
    }
    load::apply(args)
}

/// Print why apply stopped (`error: ...` and a help line, as `verify`
/// does) and return exit 2.
fn fail(what: &str, help: &str) -> Exit {
    eprintln!("error: {}\n  help: {help}", terminal::escape(what));
    Exit::Invalid
}
