//! `zonec matrix`: the zone × zone table of what is allowed, each cell the
//! services (or ports) from the row's zone to the column's. With
//! `--transitive`, a cell holds the ports on which the column's zone can be
//! reached by a path of any length (the reading of `forbid ->*`).
//! Text for the terminal goes through `zonec_escape::terminal`.

use crate::describe;
use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::pipeline::{self, Until};
use serde::Serialize;
use zonec_analysis::{Analysis, Matrix};
use zonec_escape::{csv, terminal};
use zonec_model::{Model, PortSet, ZoneId};

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
        Format::Human => print!("{}", terminal::escape_lines(&table.human())),
        Format::Csv => print!("{}", terminal::escape_lines(&table.csv())),
        Format::Json => {
            if let Ok(text) = serde_json::to_string_pretty(&table.json()) {
                println!("{text}");
            }
        }
    }
    Exit::Ok
}

/// Every cell as text, `None` on the diagonal.
struct Table {
    zones: Vec<String>,
    cells: Vec<Vec<Option<(PortSet, String)>>>,
    transitive: bool,
}

#[derive(Serialize)]
struct JsonMatrix<'a> {
    transitive: bool,
    zones: &'a [String],
    /// Non-empty cells only.
    cells: Vec<JsonCell<'a>>,
}

#[derive(Serialize)]
struct JsonCell<'a> {
    from: &'a str,
    to: &'a str,
    ports: String,
    services: &'a str,
}

impl Table {
    fn new(model: &Model, analysis: &Analysis, transitive: bool) -> Table {
        let m: Matrix = analysis.matrix();
        let n = model.zones.len();
        let cell = |a: usize, b: usize| {
            let (a, b) = (ZoneId::from_index(a), ZoneId::from_index(b));
            let classes = if transitive {
                m.transitive(a, b)
            } else {
                m.direct(a, b)
            };
            let ports = m.ports(&classes);
            let text = describe::ports(model, &ports);
            (ports, text)
        };
        let cells = (0..n)
            .map(|a| (0..n).map(|b| (a != b).then(|| cell(a, b))).collect())
            .collect();
        Table {
            zones: model.zones.iter().map(|z| z.name.clone()).collect(),
            cells,
            transitive,
        }
    }

    fn text(cell: &Option<(PortSet, String)>) -> &str {
        match cell {
            None => "-",
            Some((p, _)) if p.is_empty() => ".",
            Some((_, t)) => t,
        }
    }

    fn human(&self) -> String {
        let corner = "from \\ to".to_string();
        let mut rows: Vec<Vec<&str>> = vec![std::iter::once(corner.as_str())
            .chain(self.zones.iter().map(String::as_str))
            .collect()];
        for (a, row) in self.cells.iter().enumerate() {
            rows.push(
                std::iter::once(self.zones[a].as_str())
                    .chain(row.iter().map(Self::text))
                    .collect(),
            );
        }
        let cols = self.zones.len() + 1;
        let width: Vec<usize> = (0..cols)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for row in &rows {
            let line: Vec<String> = row
                .iter()
                .zip(&width)
                .map(|(t, w)| format!("{t:<w$}"))
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        out.push_str(if self.transitive {
            "(cells: ports on which the column's zone is reachable by a path of any length; `.` none, `-` same zone)\n"
        } else {
            "(cells: what the row's zone may open to the column's zone; `.` nothing, `-` same zone)\n"
        });
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from("from");
        for z in &self.zones {
            out.push(',');
            out.push_str(&csv::field(z));
        }
        out.push('\n');
        for (a, row) in self.cells.iter().enumerate() {
            out.push_str(&csv::field(&self.zones[a]));
            for cell in row {
                out.push(',');
                if let Some((p, t)) = cell {
                    if !p.is_empty() {
                        out.push_str(&csv::field(t));
                    }
                }
            }
            out.push('\n');
        }
        out
    }

    fn json(&self) -> JsonMatrix<'_> {
        let mut cells = Vec::new();
        for (a, row) in self.cells.iter().enumerate() {
            for (b, cell) in row.iter().enumerate() {
                if let Some((p, t)) = cell.as_ref().filter(|(p, _)| !p.is_empty()) {
                    cells.push(JsonCell {
                        from: &self.zones[a],
                        to: &self.zones[b],
                        ports: p.to_string(),
                        services: t,
                    });
                }
            }
        }
        JsonMatrix {
            transitive: self.transitive,
            zones: &self.zones,
            cells,
        }
    }
}
