//! Prints how long the auditor's outputs take on synthetic policies of
//! growing size: formatting the text, laying out and drawing the zone graph,
//! the HTML report, and the diff against a variant of the policy.
//! Figures, not assertions: `cargo bench -p zonec-targets --bench audit`.

use std::time::{Duration, Instant};
use zonec_analysis::analyze;
use zonec_base::{Date, FileId, Sources};
use zonec_model::ResolveOptions;
use zonec_syntax::synth::{generate, SynthParams};
use zonec_syntax::{self as syntax, format};
use zonec_views::diff::{self, Side};
use zonec_views::graph;
use zonec_views::report::{self, ReportInput};

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn ms(d: Duration) -> String {
    format!("{:>9.1} ms", d.as_secs_f64() * 1000.0)
}

fn frontend(text: &str, today: Date) -> (Sources, zonec_model::Frontend) {
    let mut sources = Sources::new();
    sources.add("bench.zones", text.to_string());
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today });
    (sources, frontend)
}

fn main() {
    let today = Date::from_days_since_epoch(20_468); // 2026-01-15
    println!(
        "{:>6} {:>7} {:>12} {:>12} {:>12} {:>12}  sizes",
        "zones", "rules", "fmt", "graph svg", "report", "diff"
    );
    for (zones, rules) in [(25, 60), (100, 400), (300, 1500), (1000, 5000)] {
        let params = SynthParams {
            zones,
            rules,
            invariants: zones / 10,
            seed: 1,
        };
        let text = generate(&params);
        let (tree, _) = syntax::parse(FileId(0), &text);
        let (formatted, t_fmt) = time(|| format::format(&tree, &text));
        let (sources, fe) = frontend(&text, today);
        let analysis = analyze(&fe.model);
        let model = &fe.model;
        let (svg, t_graph) = time(|| graph::svg(&graph::zone_graph(model, &analysis.effective)));
        let (html, t_report) = time(|| {
            report::report(&ReportInput {
                model,
                analysis: &analysis,
                sources: &sources,
                warnings: &[],
                today,
                inputs: Vec::new(),
                artifacts: Vec::new(),
                generator: "bench".to_string(),
                observed: None,
            })
        });
        let variant = generate(&SynthParams { seed: 2, ..params });
        let (_, fe2) = frontend(&variant, today);
        let analysis2 = analyze(&fe2.model);
        let (d, t_diff) = time(|| {
            diff::diff(
                &Side::new(model, &analysis),
                &Side::new(&fe2.model, &analysis2),
            )
        });
        println!(
            "{zones:>6} {rules:>7} {} {} {} {}  fmt {} KB, svg {} KB, html {} KB, {} flows opened",
            ms(t_fmt),
            ms(t_graph),
            ms(t_report),
            ms(t_diff),
            formatted.len() / 1024,
            svg.len() / 1024,
            html.len() / 1024,
            d.opened.len()
        );
    }
}
