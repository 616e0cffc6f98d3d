//! Any text goes through what `zonec check` does (compile, then analyse
//! when the front end is clean) and both of its diagnostic renderings,
//! human and JSON, without a panic, with every span in range, and with
//! JSON that reads back and places each diagnostic at a real line.

use crate::{certificates, spans, today};
use zonec_analysis::{self as analysis, export};
use zonec_base::{diagnostic, Diagnostic, Sources};
use zonec_model::ResolveOptions;
use zonec_render::{self as render, Style};

/// The `pipeline` property.
pub fn pipeline(data: &[u8]) {
    let mut sources = Sources::new();
    sources.add("fuzz.zones", String::from_utf8_lossy(data).into_owned());
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today: today() });
    let mut diags = frontend.diagnostics.clone();
    let mut invariants = Vec::new();
    if !frontend.has_errors() {
        let analysis = analysis::analyze(&frontend.model);
        certificates(&frontend.model, &analysis);
        diags.extend(analysis.diagnostics.iter().cloned());
        invariants = export::invariants(&frontend.model, &analysis.verdicts, &sources);
    }
    diagnostic::sort(&mut diags);
    spans::check_diagnostics(&diags, &sources);
    render::human(&diags, &sources, Style::PLAIN);
    json(&diags, &sources);
    let text = serde_json::to_string(&invariants).expect("invariants serialise");
    serde_json::from_str::<serde_json::Value>(&text).expect("invariants JSON reads back");
}

/// `check --format json`'s diagnostics: valid JSON, and a line and column
/// that exist in the file for every diagnostic with a place.
fn json(diags: &[Diagnostic], sources: &Sources) {
    let file = sources.iter().next().map(|(_, f)| f).expect("one file");
    let lines = file.text.split('\n').count();
    for d in diags {
        let j = render::json_diagnostic(d, sources);
        let text = serde_json::to_string(&j).expect("a diagnostic serialises");
        serde_json::from_str::<serde_json::Value>(&text).expect("diagnostic JSON reads back");
        if let (Some(line), Some(column)) = (j.line, j.column) {
            assert!(
                line >= 1 && line <= lines,
                "{}: line {line} of {lines}",
                d.message
            );
            assert!(column >= 1, "{}: column {column}", d.message);
        }
    }
}
