//! The proof report: one self-contained HTML file an auditor can open
//! offline, print to PDF, and check by hand. Inline CSS and inline SVG only;
//! no scripts, no external resources, no timestamps (the date is the one
//! given), so the same inputs give the same bytes.
//!
//! Sections: header (policy, owner, date, input and artifact hashes),
//! summary, zone inventory and labels, zone graph, reachability matrix,
//! invariants with their witnesses or certificates, the observed traffic
//! (with `--flows`), rules with lints. A
//! sticky table of contents links them; tables longer than
//! `html::LONG_TABLE` rows and the evidence of holding invariants are
//! collapsed (`<details>`, no script), so a 25-zone policy stays a few
//! screens long.

mod header;
mod html;
mod invariants;
mod inventory;
mod matrix;
mod observed;
mod rules;
mod staged;
mod style;

use zonec_analysis::Analysis;
use zonec_base::{Date, Diagnostic, Sources};
use zonec_model::Model;

/// A file and its SHA-256 (lowercase hex), as listed in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
}

/// Everything the report is made of.
pub struct ReportInput<'a> {
    pub model: &'a Model,
    pub analysis: &'a Analysis,
    pub sources: &'a Sources,
    /// Warnings of the front end and the analysis (lints); rules show the
    /// ones that point into them.
    pub warnings: &'a [Diagnostic],
    pub today: Date,
    pub inputs: Vec<FileDigest>,
    /// Artifacts of a `zonec build` (empty when not asked for).
    pub artifacts: Vec<FileDigest>,
    /// `zonec 0.1.0`
    pub generator: String,
    /// The flows of `zonec report --flows`, classified (none: no section).
    pub observed: Option<&'a zonec_flows::Report>,
}

/// The report as one HTML document.
pub fn report(input: &ReportInput) -> String {
    let title = input
        .model
        .policy
        .as_ref()
        .map_or("Segmentation policy".to_string(), |p| p.name.clone());
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>{} — segmentation proof report</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
        html::esc(&title),
        style::CSS
    ));
    header::header(&mut out, input, &title);
    inventory::inventory(&mut out, input);
    inventory::graph(&mut out, input);
    matrix::matrix(&mut out, input);
    invariants::invariants(&mut out, input);
    observed::observed(&mut out, input);
    rules::rules(&mut out, input);
    staged::staged(&mut out, input);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
