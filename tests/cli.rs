//! The command-line conventions every command shares: `-o/--output` (and
//! its alias `--out`) wherever a command writes.

use crate::util::{zonec, OutDir, Run};
use std::path::Path;

const TODAY: &str = "2026-11-22";
const CLINIC: &str = "dsl-examples/small-clinic.zones";
const HEALTH: &str = "dsl-examples/behavioral-health.zones";

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.display().to_string());
            }
        }
    }
    out.sort();
    out
}

fn build(out: &OutDir, flag: &str, extra: &[&str]) -> Run {
    let mut args = vec!["build", HEALTH, "--today", TODAY, flag, out.path()];
    args.extend_from_slice(extra);
    zonec(&args)
}

/// `build -o`, `--output` and `--out` name the same directory, and write
/// the same files.
#[test]
fn build_takes_output_and_its_alias_out() {
    let dirs: Vec<(OutDir, &str)> = ["-o", "--output", "--out"]
        .iter()
        .enumerate()
        .map(|(i, flag)| (OutDir::new("cli", &format!("alias{i}")), *flag))
        .collect();
    let mut listed = Vec::new();
    for (out, flag) in &dirs {
        let run = build(out, flag, &[]);
        assert_eq!(run.code, 0, "{flag}: {}", run.stderr);
        listed.push(files(&out.0));
        assert_eq!(out.read("manifest.json"), dirs[0].0.read("manifest.json"));
    }
    assert!(listed.iter().all(|l| *l == listed[0] && !l.is_empty()));
}

/// `graph` and `report` take `--out` as well as `-o`/`--output`.
#[test]
fn graph_and_report_take_out() {
    let out = OutDir::new("cli", "graph-report");
    let svg = out.0.join("g.svg");
    let html = out.0.join("r.html");
    let run = zonec(&["graph", CLINIC, "--out", svg.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stdout = zonec(&["graph", CLINIC]).stdout;
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), stdout);
    let run = zonec(&[
        "report",
        CLINIC,
        "--today",
        TODAY,
        "--out",
        html.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}
