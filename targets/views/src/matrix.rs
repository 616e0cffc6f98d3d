//! The zone × zone table of what is allowed (`zonec matrix`), each cell the
//! services from the row's zone to the column's, named by the rules that
//! allow them ([`crate::flows`]). Transitive, a cell holds the ports on
//! which the column's zone can be reached by a path of any length (the
//! reading of `forbid ->*`), named by the rules of the last hops into it
//! from the zones the row's zone reaches. The rows and columns may be any
//! subsets of the zones (`--from`, `--to`), each in zone order. The text
//! and CSV tables are for a terminal: every line goes through
//! `zonec_escape::terminal`, and CSV fields through `zonec_escape::csv`.

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
    rows: Vec<String>,
    columns: Vec<String>,
    /// A row per row zone, a cell per column zone; `None` for a zone with
    /// itself or with a zone on its segment (a member and its parent).
    cells: Vec<Vec<Option<(PortSet, String)>>>,
    transitive: bool,
    /// Whether some `None` cell is a pair on one segment (the legend says so).
    segments: bool,
}

/// The table as `--format json` prints it.
#[derive(Serialize)]
pub struct JsonMatrix<'a> {
    transitive: bool,
    /// Every zone of the policy.
    zones: &'a [String],
    /// The zones of the rows and of the columns (`--from`, `--to`).
    from: &'a [String],
    to: &'a [String],
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

/// What the `status` column of the CSV says of a pair.
const SAME_ZONE: &str = "same-zone";
const NO_FLOW: &str = "none";
const ALLOWED: &str = "allowed";
const REACHABLE: &str = "reachable";

impl Table {
    /// The direct flows between every two zones, or with `transitive`
    /// the flows by paths of any length.
    pub fn new(model: &Model, analysis: &Analysis, transitive: bool) -> Table {
        let all: Vec<ZoneId> = (0..model.zones.len()).map(ZoneId::from_index).collect();
        Table::select(model, analysis, transitive, (&all, &all))
    }

    /// The table of the `rows` zones to the `columns` zones.
    pub fn select(
        model: &Model,
        analysis: &Analysis,
        transitive: bool,
        (rows, columns): (&[ZoneId], &[ZoneId]),
    ) -> Table {
        let m: Matrix = analysis.matrix();
        let mut last = LastHops::new(analysis, model.zones.len());
        let mut cells = Vec::with_capacity(rows.len());
        for &a in rows {
            let reach = transitive.then(|| analysis.reachable(a));
            let mut cell = |b: ZoneId| match &reach {
                Some(reach) => (m.ports(&m.transitive(a, b)), last.names(model, reach, b)),
                None => direct_cell(model, analysis, &m, (a, b)),
            };
            let row = columns
                .iter()
                .map(|&b| model.relates(a, b).then(|| cell(b)));
            cells.push(row.collect());
        }
        let segments = rows
            .iter()
            .any(|&a| columns.iter().any(|&b| model.same_segment(a, b)));
        let names = |ids: &[ZoneId]| ids.iter().map(|&z| model.zone(z).name.clone()).collect();
        Table {
            zones: model.zones.iter().map(|z| z.name.clone()).collect(),
            rows: names(rows),
            columns: names(columns),
            cells,
            transitive,
            segments,
        }
    }

    fn text(cell: &Option<(PortSet, String)>) -> &str {
        match cell {
            None => "-",
            Some((p, _)) if p.is_empty() => ".",
            Some((_, t)) => t,
        }
    }

    /// The rows with their zone's name, and each cell with its column's.
    fn pairs(&self) -> impl Iterator<Item = (&str, &str, &Option<(PortSet, String)>)> {
        self.rows
            .iter()
            .zip(&self.cells)
            .flat_map(move |(from, row)| {
                let cells = self.columns.iter().zip(row);
                cells.map(move |(to, cell)| (from.as_str(), to.as_str(), cell))
            })
    }

    /// An aligned table with a legend, for a terminal.
    pub fn human(&self) -> String {
        let corner = "from \\ to".to_string();
        let mut rows: Vec<Vec<&str>> = vec![std::iter::once(corner.as_str())
            .chain(self.columns.iter().map(String::as_str))
            .collect()];
        for (zone, row) in self.rows.iter().zip(&self.cells) {
            rows.push(
                std::iter::once(zone.as_str())
                    .chain(row.iter().map(Self::text))
                    .collect(),
            );
        }
        let width: Vec<usize> = (0..=self.columns.len())
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .map(|t| t.chars().count())
                    .max()
            })
            .map(Option::unwrap_or_default)
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
        let same = if self.segments {
            "same zone or segment (a member zone and its parent)"
        } else {
            "same zone"
        };
        out.push_str(&if self.transitive {
            format!("(cells: ports on which the column's zone is reachable by a path of any length; `.` none, `-` {same})\n")
        } else {
            format!("(cells: what the row's zone may open to the column's zone; `.` nothing, `-` {same})\n")
        });
        terminal::escape_lines(&out).into_owned()
    }

    /// CSV for a terminal: a header, then one record per pair (row by row),
    /// `from,to,status,services,ports`, the status `allowed` (transitive:
    /// `reachable`), `none` or `same-zone`; services and ports empty unless
    /// some port is allowed.
    pub fn csv(&self) -> String {
        let mut out = String::from("from,to,status,services,ports\n");
        let flow = if self.transitive { REACHABLE } else { ALLOWED };
        for (from, to, cell) in self.pairs() {
            let (status, services, ports) = match cell {
                None => (SAME_ZONE, String::new(), String::new()),
                Some((p, _)) if p.is_empty() => (NO_FLOW, String::new(), String::new()),
                Some((p, t)) => (flow, csv::field(t), csv::field(&p.to_string())),
            };
            let record = [
                csv::field(from),
                csv::field(to),
                status.to_string(),
                services,
                ports,
            ];
            out.push_str(&record.join(","));
            out.push('\n');
        }
        terminal::escape_lines(&out).into_owned()
    }

    /// The non-empty cells, for `serde_json`.
    pub fn json(&self) -> JsonMatrix<'_> {
        let cells = self.pairs().filter_map(|(from, to, cell)| {
            let (p, t) = cell.as_ref().filter(|(p, _)| !p.is_empty())?;
            Some(JsonCell {
                from,
                to,
                ports: p.to_string(),
                services: t,
            })
        });
        JsonMatrix {
            transitive: self.transitive,
            zones: &self.zones,
            from: &self.rows,
            to: &self.columns,
            cells: cells.collect(),
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
    fn csv_has_a_record_per_pair_with_its_status_and_ports() {
        let text = table(false).csv();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 10, "{text}");
        assert_eq!(lines[0], "from,to,status,services,ports", "{text}");
        assert_eq!(lines[1], "web,web,same-zone,,", "{text}");
        assert_eq!(lines[2], "web,db,allowed,pg,tcp/5432", "{text}");
        assert!(lines[3].starts_with("web,x\\u{1b}[31m,none,,"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        let transitive = table(true).csv();
        assert!(
            transitive.contains("\nweb,db,reachable,pg,tcp/5432\n"),
            "{transitive}"
        );
    }

    #[test]
    fn rows_and_columns_may_be_any_zones() {
        let (model, _) = testkit::policy();
        let analysis = zonec_analysis::analyze(&model);
        let (web, db) = (ZoneId::from_index(0), ZoneId::from_index(1));
        let table = Table::select(&model, &analysis, false, (&[web], &[db, web]));
        assert_eq!(table.human().lines().next(), Some("from \\ to  db  web"));
        assert_eq!(table.csv().lines().count(), 3);
        let value = serde_json::to_value(table.json()).unwrap();
        assert_eq!(value["from"], serde_json::json!(["web"]));
        assert_eq!(value["zones"].as_array().map(Vec::len), Some(3));
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
