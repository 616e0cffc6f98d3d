//! Names of allowed ports (issue 15 item 4): when two services share a port
//! (`fhir` and `pump_mgmt` both `tcp/8443`), `matrix`, `explain`, the
//! report and the graph name a flow by the services of the rule that allows
//! it, and all of them (the matrix as a table, as JSON and as CSV) name the
//! same flow the same way. Each fixture in `tests/fixtures/names/` gets one
//! snapshot: every allowed pair as each view names it, the matrix direct
//! (as a table and as CSV) and transitive, and `explain` of every pair with
//! a path.

use crate::util::zonec;
use serde_json::Value;

const TODAY: &str = "2026-11-22";

mod fixtures {
    crate::fixture_lists::names_fixtures!(super::check_names);
}

fn check_names(file: &str) {
    let json = run(&["matrix", "--format", "json", file]);
    let value: Value = serde_json::from_str(&json).unwrap();
    let csv = run(&["matrix", "--format", "csv", file]);
    let report = run(&["report", "-o", "-", file]);
    let dot = run(&["graph", "--format", "dot", file]);
    let mut text =
        String::from("every allowed pair: matrix | matrix csv | explain | report | graph\n");
    for cell in value["cells"].as_array().unwrap() {
        let (from, to) = (cell["from"].as_str().unwrap(), cell["to"].as_str().unwrap());
        let views = [
            cell["services"].as_str().unwrap().to_string(),
            csv_services(&csv, from, to),
            explained(file, from, to),
            report_cell(&report, from, to),
            graph_edge(&dot, from, to),
        ];
        assert!(
            views.iter().all(|v| *v == views[0]),
            "{file}: {from} -> {to} named differently: {views:?}"
        );
        text.push_str(&format!("{from} -> {to}: {}\n", views.join(" | ")));
    }
    text.push_str("\n$ zonec matrix\n");
    text.push_str(&run(&["matrix", file]));
    text.push_str("\n$ zonec matrix --format csv\n");
    text.push_str(&csv);
    text.push_str("\n$ zonec matrix --transitive\n");
    text.push_str(&run(&["matrix", "--transitive", file]));
    for (from, to) in paths(file) {
        text.push_str(&format!("\n$ zonec explain --from {from} --to {to}\n"));
        text.push_str(&run(&["explain", file, "--from", &from, "--to", &to]));
    }
    insta::with_settings!({
        snapshot_path => "snapshots/names",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => file,
    }, {
        insta::assert_snapshot!(crate::util::stem(file), text);
    });
}

/// `zonec ARGS --today TODAY`, which must succeed; its standard output.
fn run(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--today", TODAY]);
    let run = zonec(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

/// The services column of the CSV record for the pair (zone and service
/// names need no quoting; a list of them is quoted as one field).
fn csv_services(csv: &str, from: &str, to: &str) -> String {
    let key = format!("{from},{to},allowed,");
    let record = csv.lines().find_map(|l| l.strip_prefix(key.as_str()));
    let record = record.unwrap_or_else(|| panic!("{key}: {csv}"));
    match record.strip_prefix('"') {
        Some(quoted) => quoted[..quoted.find('"').unwrap()].to_string(),
        None => record[..record.find(',').unwrap()].to_string(),
    }
}

/// What `explain` says the direct flow is allowed on.
fn explained(file: &str, from: &str, to: &str) -> String {
    let text = run(&["explain", file, "--from", from, "--to", to]);
    let line = text.lines().find(|l| l.starts_with("direct: allowed on "));
    line.unwrap_or_else(|| panic!("{text}"))["direct: allowed on ".len()..].to_string()
}

/// The text of the report's matrix cell for the pair.
fn report_cell(html: &str, from: &str, to: &str) -> String {
    let key = format!("data-from=\"{from}\" data-to=\"{to}\"");
    // the graph's lines carry the same attributes: look in the matrix
    let matrix = &html[html.find("<section id=\"matrix\"").unwrap()..];
    let cell = &matrix[matrix.find(&key).unwrap()..];
    let cell = &cell[..cell.find("</td>").unwrap()];
    cell[cell.rfind('>').unwrap() + 1..].to_string()
}

/// The label of the graph's edge for the pair.
fn graph_edge(dot: &str, from: &str, to: &str) -> String {
    let key = format!("\"{from}\" -> \"{to}\" [label=\"");
    let edge = &dot[dot.find(&key).unwrap() + key.len()..];
    edge[..edge.find("\"]").unwrap()].to_string()
}

/// The pairs of the transitive matrix that have no direct flow.
fn paths(file: &str) -> Vec<(String, String)> {
    let cells = |extra: &[&str]| {
        let mut args = vec!["matrix", "--format", "json", file];
        args.extend(extra);
        let value: Value = serde_json::from_str(&run(&args)).unwrap();
        let pairs = value["cells"].as_array().unwrap().iter().map(|c| {
            (
                c["from"].as_str().unwrap().to_string(),
                c["to"].as_str().unwrap().to_string(),
            )
        });
        pairs.collect::<Vec<_>>()
    };
    let direct = cells(&[]);
    cells(&["--transitive"])
        .into_iter()
        .filter(|p| !direct.contains(p))
        .collect()
}
