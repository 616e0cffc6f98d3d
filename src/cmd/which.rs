//! `zonec which FILE... ADDRESS...`: the zone of each address by longest-prefix
//! match, the prefix that matched, the zone's labels and VLAN. Exit 0 when
//! every address is in a zone, 1 when some address is in none, 2 on bad
//! input (an invalid policy; clap rejects what is not an address).

use super::explain::Format;
use crate::exit::Exit;
use crate::pipeline::{self, Until};
use crate::{input, output};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use zonec_base::{Code, Date, Diagnostic};
use zonec_views::which;

/// The exit codes, for `--help`.
const EXIT_CODES: &str = "Exit status: 0 when every address is in a zone, 1 when some \
address is in no zone, 2 on bad input.";

#[derive(clap::Args, Debug)]
#[command(after_help = EXIT_CODES)]
pub struct Args {
    /// Addresses to look up (IPv4 or IPv6) and the policy's files or
    /// directories, in any order: what reads as an address is one (write
    /// `./10.0.0.1` for a file of that name)
    #[arg(required = true, value_name = "ADDRESS|FILE")]
    pub items: Vec<PathBuf>,
    /// Today's date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)
    #[arg(long, value_name = "DATE", value_parser = input::parse_date)]
    pub today: Option<Date>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: &Args) -> Exit {
    let (mut addresses, mut files) = (Vec::new(), Vec::new());
    for item in &args.items {
        match address(item) {
            Some(a) => addresses.push(a),
            None => files.push(item.clone()),
        }
    }
    if addresses.is_empty() || files.is_empty() {
        let what = if files.is_empty() {
            "no policy file"
        } else {
            "no address"
        };
        return output::fail(
            Diagnostic::error(Code::IoError, format!("{what} given"))
                .with_help("usage: `zonec which POLICY.zones 10.20.30.40 fd00::1`"),
        );
    }
    let today = args.today.unwrap_or_else(Date::today);
    let loaded = match pipeline::run(&files, today, Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    let found = which::lookup(&loaded.model, &loaded.analysis.addresses, &addresses);
    match args.format {
        Format::Text => print!("{}", which::text(&loaded.model, &loaded.sources, &found)),
        Format::Json => {
            let json = which::json(&loaded.model, &loaded.sources, &found);
            match serde_json::to_string_pretty(&json) {
                Ok(text) => println!("{text}"),
                Err(_) => return Exit::Invalid,
            }
        }
    }
    if found.iter().all(|f| f.zone.is_some()) {
        Exit::Ok
    } else {
        Exit::Violation
    }
}

/// The address an argument reads as, if it reads as one.
fn address(item: &Path) -> Option<IpAddr> {
    item.to_str()?.trim().parse().ok()
}
