//! The zone × zone table of what is allowed (`zonec matrix`), each cell the
//! services (or ports) from the row's zone to the column's. Transitive, a
//! cell holds the ports on which the column's zone can be reached by a path
//! of any length (the reading of `forbid ->*`). The text and CSV tables are
//! for a terminal: every line goes through `zonec_escape::terminal`, and
//! CSV fields through `zonec_escape::csv`.

use crate::ports;
use serde::Serialize;
use zonec_analysis::{Analysis, Matrix};
use zonec_escape::{csv, terminal};
use zonec_model::{Model, PortSet, ZoneId};

/// Every cell as text, `None` on the diagonal.
pub struct Table {
    zones: Vec<String>,
    cells: Vec<Vec<Option<(PortSet, String)>>>,
    transitive: bool,
}

/// The table as `--format json` prints it.
#[derive(Serialize)]
pub struct JsonMatrix<'a> {
    transitive: bool,
    zones: &'a [String],
    /// Non-empty cells only.
    cells: Vec<JsonCell<'a>>,
}

/// One non-empty cell of [`JsonMatrix`].
#[derive(Serialize)]
pub struct JsonCell<'a> {
    from: &'a str,
    to: &'a str,
    ports: String,
    services: &'a str,
}

impl Table {
    /// The direct flows between every two zones, or with `transitive`
    /// the flows by paths of any length.
    pub fn new(model: &Model, analysis: &Analysis, transitive: bool) -> Table {
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
            let text = ports::describe(model, &ports);
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

    /// An aligned table with a legend, for a terminal.
    pub fn human(&self) -> String {
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
        terminal::escape_lines(&out).into_owned()
    }

    /// A table in CSV (first column: from; header: to), for a terminal.
    pub fn csv(&self) -> String {
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
        terminal::escape_lines(&out).into_owned()
    }

    /// The non-empty cells, for `serde_json`.
    pub fn json(&self) -> JsonMatrix<'_> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    fn table(transitive: bool) -> Table {
        let (model, _) = testkit::policy();
        let analysis = zonec_analysis::analyze(&model);
        Table::new(&model, &analysis, transitive)
    }

    #[test]
    fn human_cells_name_services_and_escape_zone_names() {
        let text = table(false).human();
        assert!(text.contains("\nweb        -    pg  .\n"), "{text}");
        assert!(text.contains("x\\u{1b}[31m"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.ends_with("`.` nothing, `-` same zone)\n"), "{text}");
    }

    #[test]
    fn csv_has_a_header_row_and_one_row_per_zone() {
        let text = table(true).csv();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].starts_with("from,web,db,"), "{text}");
        assert_eq!(lines[1], "web,,pg,", "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
    }

    #[test]
    fn json_lists_only_the_non_empty_cells() {
        let table = table(false);
        let value = serde_json::to_value(table.json()).unwrap();
        assert_eq!(value["transitive"], false);
        assert_eq!(value["cells"].as_array().map(Vec::len), Some(1));
        assert_eq!(value["cells"][0]["from"], "web");
        assert_eq!(value["cells"][0]["services"], "pg");
    }
}
