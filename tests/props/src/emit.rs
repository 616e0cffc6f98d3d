//! Every emitter on a valid policy, with every read-back check there is:
//! each build target (nftables, VLAN, AWS, Azure, GCP), the graph (SVG,
//! DOT), the proof report and the diff (text, Markdown, JSON). No emitter
//! may panic; every file must pass [`outputs::check`]; cloud files must
//! evaluate to the policy ([`cloud::prove`]); a refused target must say
//! why with diagnostics that render; and the certificate checker must
//! accept every proof of the analysis.

use crate::{certificates, cloud, generate, outputs, spans, today};
use arbitrary::Unstructured;
use zonec_analysis::{self as analysis, Analysis};
use zonec_base::{Diagnostic, Sources};
use zonec_model::{AddressTable, Model, ResolveOptions};
use zonec_render::{self as render, Style};
use zonec_targets::{Artifact, Input, Options, Target};
use zonec_views::report::{self, ReportInput};
use zonec_views::{diff, graph};

/// The `emit` property: the bytes as a policy text when that text is a
/// valid policy (mutated examples are), else a policy generated from the
/// bytes. Returns whether a valid policy was checked.
pub fn emit(data: &[u8]) -> bool {
    if let Ok(text) = std::str::from_utf8(data) {
        if policy(text) {
            return true;
        }
    }
    let mut u = Unstructured::new(data);
    match generate::policy(&mut u) {
        Ok(text) => policy(&text),
        Err(_) => false,
    }
}

/// Check every emitter on `text`, if it is a valid policy (no error
/// diagnostic); returns whether it was.
pub fn policy(text: &str) -> bool {
    let mut sources = Sources::new();
    sources.add("fuzz.zones", text);
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today: today() });
    if frontend.has_errors() {
        return false;
    }
    let model = &frontend.model;
    let analysis = analysis::analyze(&frontend.model);
    certificates(model, &analysis);
    let addresses = AddressTable::new(model);
    let input = Input {
        model,
        effective: &analysis.effective,
        addresses: &addresses,
    };
    // Every file, checked last so that a raw character does not hide what
    // the evaluators would find.
    let mut files = views(model, &analysis, &sources);
    for target in Target::all() {
        let emitted = target.emit(&input, &Options::default());
        diagnostics(&emitted.diagnostics, &sources);
        cloud::prove(model, &analysis.effective, &emitted.artifacts);
        files.extend(emitted.artifacts);
    }
    for f in &files {
        outputs::check(&f.path, &f.contents);
    }
    true
}

/// Diagnostics from an emitter point into the policy and render.
fn diagnostics(diags: &[Diagnostic], sources: &Sources) {
    spans::check_diagnostics(diags, sources);
    render::human(diags, sources, Style::PLAIN);
    for d in diags {
        let j = render::json_diagnostic(d, sources);
        serde_json::to_string(&j).expect("a diagnostic serialises");
    }
}

/// The outputs that are views rather than build targets, named as the
/// files they are usually written to.
fn views(model: &Model, analysis: &Analysis, sources: &Sources) -> Vec<Artifact> {
    let file = |path: &str, contents: String| Artifact {
        path: path.to_string(),
        contents,
    };
    let g = graph::zone_graph(model, &analysis.effective);
    let mut out = vec![
        file("graph.svg", graph::svg(&g)),
        file("graph.dot", graph::dot(&g)),
    ];
    let warnings: Vec<Diagnostic> = analysis.diagnostics.clone();
    let html = report::report(&ReportInput {
        model,
        analysis,
        sources,
        warnings: &warnings,
        today: today(),
        inputs: Vec::new(),
        artifacts: Vec::new(),
        generator: "zonec fuzz".to_string(),
        observed: None,
    });
    out.push(file("report.html", html));
    // The diff against the same policy without its rules opens every flow
    // and may break or fix every invariant.
    let mut bare = model.clone();
    bare.rules.clear();
    let bare_analysis = analysis::analyze(&bare);
    let full = diff::Side::new(model, analysis);
    let empty = diff::Side::new(&bare, &bare_analysis);
    for d in [diff::diff(&empty, &full), diff::diff(&full, &empty)] {
        out.push(file("diff.txt", diff::text(&d)));
        out.push(file("diff.md", diff::markdown(&d)));
        let json = serde_json::to_string_pretty(&d).expect("a diff serialises");
        out.push(file("diff.json", json));
    }
    out
}
