//! `zonec diff OLD NEW`: what a change does to reachability, for a reviewer
//! (text), a pull-request comment (markdown) or a program (JSON). With
//! `--fail-on-open` the exit code says whether the change opens any flow,
//! with `--fail-on-close` whether it closes any (both by zone and by
//! address), with `--fail-on-violation` whether it breaks an invariant.
//! Text for the terminal goes through `zonec_escape::terminal`.

use crate::exit::Exit;
use crate::input;
use crate::pipeline::{self, Until};
use std::path::PathBuf;
use zonec_base::Date;
use zonec_escape::terminal;
use zonec_views::diff::{self, Side};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The old version: a policy file, or a directory of `.zones` files
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version: a policy file, or a directory of `.zones` files
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when the change opens any flow (allows a port that was not allowed), between zones or for an address range that changed zone
    #[arg(long)]
    pub fail_on_open: bool,
    /// Exit 1 when the change closes any flow (a port allowed before is not), between zones or for an address range that changed zone
    #[arg(long)]
    pub fail_on_close: bool,
    /// Exit 1 when the change breaks an invariant (holds or is absent in OLD, violated in NEW)
    #[arg(long)]
    pub fail_on_violation: bool,
    /// Today's date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)
    #[arg(long, value_name = "DATE", value_parser = input::parse_date)]
    pub today: Option<Date>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// plain text for a terminal
    Text,
    /// one JSON object
    Json,
    /// GitHub-flavoured Markdown, for a pull-request comment
    Markdown,
}

pub fn run(args: &Args) -> Exit {
    let today = args.today.unwrap_or_else(Date::today);
    let load = |path: &PathBuf| {
        pipeline::run(std::slice::from_ref(path), today, Until::Analyze).analyzed()
    };
    let (old, new) = (load(&args.old), load(&args.new));
    let (Ok(old), Ok(new)) = (old, new) else {
        return Exit::Invalid;
    };
    let d = diff::diff(
        &Side::new(&old.model, &old.analysis),
        &Side::new(&new.model, &new.analysis),
    );
    match args.format {
        Format::Text => print!("{}", terminal::escape_lines(&diff::text(&d))),
        Format::Markdown => print!("{}", diff::markdown(&d)),
        Format::Json => match serde_json::to_string_pretty(&d) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: cannot write the diff as JSON: {e}"),
        },
    }
    let fails = (args.fail_on_open && d.opens_flows())
        || (args.fail_on_close && d.closes_flows())
        || (args.fail_on_violation && d.breaks_invariants());
    if fails {
        Exit::Violation
    } else {
        Exit::Ok
    }
}
