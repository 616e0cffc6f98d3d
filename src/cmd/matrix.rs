//! `zonec matrix`: the zone × zone table of what is allowed, each cell the
//! services (or ports) from the row's zone to the column's. With
//! `--transitive`, a cell holds the ports on which the column's zone can be
//! reached by a path of any length (the reading of `forbid ->*`). The table
//! is drawn by `zonec_views::matrix`; this module parses the arguments and
//! prints it.

use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::pipeline::{self, Until};
use zonec_views::matrix::Table;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Cells show reachability by paths of any length, not direct flows
    #[arg(long)]
    pub transitive: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// an aligned table on stdout
    Human,
    /// one JSON object on stdout
    Json,
    /// a table in CSV on stdout (first column: from; header: to)
    Csv,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let loaded = match pipeline::run(&policy.files, policy.today(), Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    let table = Table::new(&loaded.model, &loaded.analysis, args.transitive);
    match args.format {
        Format::Human => print!("{}", table.human()),
        Format::Csv => print!("{}", table.csv()),
        Format::Json => {
            if let Ok(text) = serde_json::to_string_pretty(&table.json()) {
                println!("{text}");
            }
        }
    }
    Exit::Ok
}
