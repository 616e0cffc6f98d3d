//! `zonec matrix`: the zone × zone table of what is allowed, each cell the
//! services (or ports) from the row's zone to the column's. With
//! `--transitive`, a cell holds the ports on which the column's zone can be
//! reached by a path of any length (the reading of `forbid ->*`). The table
//! is drawn by `zonec_views::matrix`; this module parses the arguments and
//! prints it. `--from` and `--to` keep the rows and columns of some zones
//! (names or `@label`s, looked up by `zonec_model::lookup`, so an unknown
//! name gets the "did you mean" of `check` and exit 2).

use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::output;
use crate::pipeline::{self, Until};
use zonec_base::Diagnostic;
use zonec_model::{lookup, Model, ZoneId};
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
    /// Only the rows of these zones (`ZONE` or `@label`; comma-separated or repeated)
    #[arg(long, value_name = "ZONE", value_delimiter = ',')]
    pub from: Vec<String>,
    /// Only the columns of these zones (`ZONE` or `@label`; comma-separated or repeated)
    #[arg(long, value_name = "ZONE", value_delimiter = ',')]
    pub to: Vec<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// an aligned table on stdout
    Human,
    /// one JSON object on stdout
    Json,
    /// CSV on stdout: one record per pair, `from,to,status,services,ports`
    Csv,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let loaded = match pipeline::run(&policy.files, policy.today(), Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    let (model, analysis) = (&loaded.model, &loaded.analysis);
    let (rows, columns) = match (zones(model, &args.from), zones(model, &args.to)) {
        (Ok(rows), Ok(columns)) => (rows, columns),
        (rows, columns) => {
            let mut diags: Vec<Diagnostic> = rows.err().unwrap_or_default();
            diags.extend(columns.err().unwrap_or_default());
            output::eprint_diagnostics(&diags, &loaded.sources);
            return Exit::Invalid;
        }
    };
    let table = Table::select(model, analysis, args.transitive, (&rows, &columns));
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

/// The zones of `names` in zone order, every zone when none is given.
fn zones(model: &Model, names: &[String]) -> Result<Vec<ZoneId>, Vec<Diagnostic>> {
    if names.is_empty() {
        return Ok((0..model.zones.len()).map(ZoneId::from_index).collect());
    }
    lookup::union(model, names.iter().map(String::as_str))
}
