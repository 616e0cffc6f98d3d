//! The zone × zone table of what is allowed (`zonec matrix`), each cell the
//! services from the row's zone to the column's, named by the rules that
//! allow them ([`crate::flows`]). Transitive, a cell holds the ports on
//! which the column's zone can be reached by a path of any length (the
//! reading of `forbid ->*`), named by the rules of the last hops into it
//! from the zones the row's zone reaches. The text and CSV tables are
//! for a terminal: every line goes through `zonec_escape::terminal`, and
//! CSV fields through `zonec_escape::csv`.

use crate::flows;
use serde::Serialize;
use std::collections::BTreeMap;
use zonec_analysis::bitset::Bitset;
use zonec_analysis::effective::Flow;
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
        let mut last = LastHops::new(analysis, n);
        let mut cells = Vec::with_capacity(n);
        for a in (0..n).map(ZoneId::from_index) {
            let reach = transitive.then(|| analysis.reachable(a));
            let mut cell = |b: ZoneId| match &reach {
                Some(reach) => (m.ports(&m.transitive(a, b)), last.names(model, reach, b)),
                None => direct_cell(model, analysis, &m, (a, b)),
            };
            let row = (0..n)
                .map(ZoneId::from_index)
                .map(|b| (a != b).then(|| cell(b)));
            cells.push(row.collect());
        }
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

/// The ports allowed from `a` to `b`, named by the rules that allow them.
fn direct_cell(
    model: &Model,
    analysis: &Analysis,
    m: &Matrix,
    (a, b): (ZoneId, ZoneId),
) -> (PortSet, String) {
    let names = analysis
        .effective
        .flow(a, b)
        .map(|f| flows::service_names(model, f));
    (
        m.ports(&m.direct(a, b)),
        names.unwrap_or_default().join(", "),
    )
}

/// The names of the last hops into each zone from a set of zones that
/// reach it: the rules allowing the flows into the column's zone from the
/// zones the row's zone reaches. Each set's names are made once, as rows
/// whose zones reach the same zones (every zone of a class; every zone
/// under `allow any -> any`) share them.
struct LastHops<'a> {
    /// Every allowed flow into each zone, with the zone it comes from.
    into: Vec<Vec<(ZoneId, &'a Flow)>>,
    /// By set of reaching zones, the names into each zone made so far.
    named: BTreeMap<Bitset, Vec<Option<String>>>,
}

impl<'a> LastHops<'a> {
    fn new(analysis: &'a Analysis, n: usize) -> LastHops<'a> {
        let mut into: Vec<Vec<(ZoneId, &Flow)>> = vec![Vec::new(); n];
        for ((a, b), flow) in analysis.effective.allowed_flows() {
            if let Some(list) = into.get_mut(b.index()) {
                list.push((a, flow));
            }
        }
        LastHops {
            into,
            named: BTreeMap::new(),
        }
    }

    /// The services of the flows into `b` from the zones of `reach`.
    fn names(&mut self, model: &Model, reach: &Bitset, b: ZoneId) -> String {
        if !self.named.contains_key(reach) {
            let row = vec![None; self.into.len()];
            self.named.insert(reach.clone(), row);
        }
        let into = &self.into;
        let slot = self
            .named
            .get_mut(reach)
            .and_then(|row| row.get_mut(b.index()));
        let Some(slot) = slot else {
            return String::new();
        };
        let make = || {
            let last = into.get(b.index()).into_iter().flatten();
            let hops = last.filter(|(z, _)| *z != b && reach.contains(z.index()));
            flows::merged_names(model, hops.map(|(_, f)| *f)).join(", ")
        };
        slot.get_or_insert_with(make).clone()
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
