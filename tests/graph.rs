//! `zonec graph`: the zone graph of every example as SVG and DOT, checked
//! against the effective policy (one node per zone, one arrow per allowed
//! pair), deterministic, written atomically with `-o`; a DOT snapshot of the
//! small clinic for review; label colours distinct and in a legend; flows
//! from different sources drawn apart, each with its label.

use crate::util::{root, zonec, OutDir};
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
    // zone nodes at the top level; the legend's nodes are in their cluster
    let zone_nodes = dot
        .stdout
        .lines()
        .filter(|l| l.starts_with("  \"") && l.contains("fillcolor="))
        .count();
    assert_eq!(zone_nodes, zones.len(), "{file}");

    let again = zonec(&["graph", file, "--today", TODAY, "--format", "svg"]);
    assert_eq!(svg.stdout, again.stdout, "{file}: not deterministic");
}

#[test]
fn every_flow_of_a_bundle_keeps_its_services_in_a_tooltip() {
    let file = "dsl-examples/behavioral-health.zones";
    let (_, flows) = expected(file);
    let svg = zonec(&["graph", file, "--today", TODAY]).stdout;
    // each allowed pair is one line (a single arrow or a fan-out branch)
    // with a `<title>` naming both zones
    let titles = svg.matches("<path class=\"edge\"").count();
    assert!(titles >= flows, "{titles} lines for {flows} flows");
    assert!(
        svg.contains("class=\"junction\""),
        "the jump host's flows fan out from one label"
    );
}

/// Write `policy` and draw it in `format`.
fn graph_of(dir: &OutDir, policy: &str, format: &str) -> String {
    std::fs::create_dir_all(&dir.0).unwrap();
    let file = dir.0.join("policy.zones");
    std::fs::write(&file, policy).unwrap();
    let run = zonec(&["graph", &file.display().to_string(), "--format", format]);
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout
}

/// The value of `attr="..."` in the first tag of `text` that has it.
fn attr<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = text.find(&key)? + key.len();
    text[start..].split('"').next()
}

/// The six kinds of label hospital policies use, among others, declared
/// in the behavioral-health example's order: a palette assigned by
/// declaration order alone (as before) ran out and drew vendor like Part 2
/// and DMZ like PHI.
const SIX_KINDS: &str = "label part2\nlabel phi\nlabel sud\nlabel clinical\nlabel medical_device\n\
    label iot\nlabel building\nlabel guest\nlabel vendor\nlabel dmz\nlabel mgmt\n\
    zone records { labels part2; net 10.0.0.0/24 }\nzone ehr { labels phi; net 10.0.1.0/24 }\n\
    zone ws { labels clinical; net 10.0.2.0/24 }\nzone lab external { labels vendor; net 10.0.3.0/24 }\n\
    zone edge { labels dmz; net 10.0.4.0/24 }\nzone jump { labels mgmt; net 10.0.5.0/24 }\n\
    zone pumps { labels medical_device, iot, guest, building, sud; net 10.0.6.0/24 }\n";

const KIND_LABELS: [&str; 6] = ["part2", "phi", "clinical", "vendor", "dmz", "mgmt"];

#[test]
fn six_label_kinds_get_six_distinct_colours_listed_in_the_svg_legend() {
    let dir = OutDir::new("graph", "kinds-svg");
    let svg = graph_of(&dir, SIX_KINDS, "svg");
    let legend = &svg[svg.find("<g class=\"legend\"").unwrap()..];
    let legend = &legend[..legend.find("</g>\n</g>").unwrap()];
    let mut strokes = Vec::new();
    for name in KIND_LABELS {
        let entry = legend
            .split("<g class=\"legend-entry\">")
            .find(|e| e.contains(&format!(">@{name}</text>")))
            .unwrap_or_else(|| panic!("@{name} is not in the legend: {legend}"));
        let stroke = attr(entry, "stroke").unwrap();
        // the zone of that label is drawn in the legend's colour
        let node = svg
            .split("<g class=\"zone-node\"")
            .skip(1)
            .find(|n| n.contains(&format!("@{name}<")) || n.contains(&format!("@{name} ")))
            .unwrap();
        assert_eq!(attr(node, "stroke"), Some(stroke), "@{name}");
        strokes.push(stroke);
    }
    let distinct: std::collections::BTreeSet<&str> = strokes.iter().copied().collect();
    assert_eq!(distinct.len(), 6, "{strokes:?}");
    // the zone with five labels shows the other four as stripes
    let pumps = svg.split("data-zone=\"pumps\"").nth(1).unwrap();
    let pumps = &pumps[..pumps.find("</g>").unwrap()];
    assert_eq!(pumps.matches("class=\"stripe\"").count(), 4, "{pumps}");
}

#[test]
fn six_label_kinds_get_six_distinct_colours_listed_in_the_dot_legend() {
    let dir = OutDir::new("graph", "kinds-dot");
    let dot = graph_of(&dir, SIX_KINDS, "dot");
    let legend = &dot[dot.find("subgraph cluster_legend").unwrap()..];
    let colours: std::collections::BTreeSet<&str> = KIND_LABELS
        .iter()
        .map(|name| {
            let line = legend
                .lines()
                .find(|l| l.contains(&format!("\"legend:@{name}\"")))
                .unwrap_or_else(|| panic!("@{name} is not in the legend: {legend}"));
            attr(line, "color").unwrap()
        })
        .collect();
    assert_eq!(colours.len(), 6, "{legend}");
}

#[test]
fn flows_from_different_sources_into_one_zone_are_separate_labelled_arrows() {
    let dir = OutDir::new("graph", "fan-in");
    let policy = "service syslog = udp/514\n\
        zone a { net 10.0.1.0/24 }\nzone b { net 10.0.2.0/24 }\nzone c { net 10.0.3.0/24 }\n\
        zone logs { net 10.0.9.0/24 }\n\
        allow a -> logs : syslog\nallow b -> logs : syslog\nallow c -> logs : syslog\n";
    let svg = graph_of(&dir, policy, "svg");
    assert!(!svg.contains("class=\"junction\""), "flows were merged");
    let mut ends = Vec::new();
    for source in ["a", "b", "c"] {
        let ends_attr = format!("data-from=\"{source}\" data-to=\"logs\"");
        let path = svg
            .split("<path class=\"edge\" ")
            .find(|p| p.starts_with(&ends_attr))
            .unwrap_or_else(|| panic!("no line from {source}: {svg}"));
        assert!(path.contains("marker-end="), "{source}: no arrowhead");
        let d = attr(&format!(" {path}"), "d").unwrap().to_string();
        ends.push(d.rsplit(' ').next().unwrap().to_string());
        let label = svg
            .split("<g class=\"edge-label\" ")
            .find(|l| l.starts_with(&ends_attr))
            .unwrap_or_else(|| panic!("no label on the line from {source}"));
        assert!(label.contains(">syslog</tspan>"), "{label}");
    }
    // three arrowheads at three points of the destination's border
    let distinct: std::collections::BTreeSet<&String> = ends.iter().collect();
    assert_eq!(distinct.len(), 3, "{ends:?}");
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
