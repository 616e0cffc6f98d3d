//! `zonec graph`: the zone graph of every example as SVG and DOT, checked
//! against the effective policy (one node per zone, one arrow per allowed
//! pair), deterministic, written atomically with `-o`; a DOT snapshot of the
//! small clinic for review.

use crate::util::{root, zonec};
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::{Date, Sources};
use zonec_model::ResolveOptions;

const TODAY: &str = "2026-01-15";

/// Zone names and the number of allowed ordered pairs of a policy file.
fn expected(file: &str) -> (Vec<String>, usize) {
    let mut sources = Sources::new();
    sources.add(file, std::fs::read_to_string(root().join(file)).unwrap());
    let today = Date::parse(TODAY).unwrap();
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today });
    assert!(!frontend.has_errors(), "{file}");
    let flows = EffectivePolicy::new(&frontend.model)
        .allowed_flows()
        .count();
    let zones = frontend
        .model
        .zones
        .iter()
        .map(|z| z.name.clone())
        .collect();
    (zones, flows)
}

/// Opening and closing tags balance (a cheap well-formedness check).
fn assert_balanced(name: &str, svg: &str) {
    let mut stack: Vec<&str> = Vec::new();
    for piece in svg.split('<').skip(1) {
        let tag = piece.split(['>', ' ', '\n']).next().unwrap_or("");
        let self_closing = piece.split('>').next().is_some_and(|t| t.ends_with('/'));
        if let Some(close) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(close), "{name}: unbalanced </{close}>");
        } else if !self_closing && !tag.starts_with('!') && !tag.starts_with('?') {
            stack.push(tag);
        }
    }
    assert!(stack.is_empty(), "{name}: unclosed {stack:?}");
}

mod every_example_graph_has_its_zones_and_flows {
    crate::fixture_lists::examples!(super::check_example);
}

fn check_example(file: &str) {
    let (zones, flows) = expected(file);
    let svg = zonec(&["graph", file, "--today", TODAY, "--format", "svg"]);
    assert_eq!(svg.code, 0, "{file}: {}", svg.stderr);
    assert!(svg
        .stdout
        .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_balanced(file, &svg.stdout);
    assert_eq!(
        svg.stdout.matches("class=\"zone-node\"").count(),
        zones.len(),
        "{file}"
    );
    for zone in &zones {
        assert!(
            svg.stdout.contains(&format!("data-zone=\"{zone}\"")),
            "{file}: {zone}"
        );
    }
    let arrows = svg.stdout.matches("marker-end=").count();
    assert!(
        arrows <= flows && arrows > 0,
        "{file}: {arrows} arrows for {flows} flows"
    );

    let dot = zonec(&["graph", file, "--today", TODAY, "--format", "dot"]);
    assert_eq!(dot.code, 0, "{file}: {}", dot.stderr);
    assert_eq!(
        dot.stdout.matches(" -> ").count(),
        flows,
        "{file}: one DOT edge per allowed pair"
    );
    assert_eq!(
        dot.stdout.matches("fillcolor=").count(),
        zones.len(),
        "{file}"
    );

    let again = zonec(&["graph", file, "--today", TODAY, "--format", "svg"]);
    assert_eq!(svg.stdout, again.stdout, "{file}: not deterministic");
}

#[test]
fn every_flow_of_a_bundle_keeps_its_services_in_a_tooltip() {
    let file = "dsl-examples/behavioral-health.zones";
    let (_, flows) = expected(file);
    let svg = zonec(&["graph", file, "--today", TODAY]).stdout;
    // each allowed pair is one line (a single arrow or a bundle branch)
    // with a `<title>` naming both zones
    let titles = svg.matches("<path class=\"edge\"").count();
    assert!(titles >= flows, "{titles} lines for {flows} flows");
    assert!(
        svg.contains("class=\"junction\""),
        "the hub flows are bundled"
    );
}

#[test]
fn small_clinic_dot_snapshot() {
    let run = zonec(&[
        "graph",
        "dsl-examples/small-clinic.zones",
        "--today",
        TODAY,
        "--format",
        "dot",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::with_settings!({
        snapshot_path => "snapshots/graph",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("small-clinic.dot", run.stdout);
    });
}

#[test]
fn output_file_is_written_and_invalid_input_writes_nothing() {
    let dir = root().join("target/test-graph");
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("g.svg");
    let o = out.display().to_string();
    let run = zonec(&[
        "graph",
        "dsl-examples/small-clinic.zones",
        "--today",
        TODAY,
        "-o",
        &o,
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    assert!(std::fs::read_to_string(&out).unwrap().ends_with("</svg>\n"));

    std::fs::remove_file(&out).unwrap();
    let bad = dir.join("bad.zones");
    std::fs::write(&bad, "zone a { net 10.0.0.0/8 }\nallow a -> b\n").unwrap();
    let run = zonec(&["graph", &bad.display().to_string(), "-o", &o]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("zonec::unknown-zone"));
    assert!(!out.exists());
}
