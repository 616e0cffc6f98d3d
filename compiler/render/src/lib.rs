//! Rendering diagnostics for people (miette's graphical report) and for
//! machines (the JSON shape of `zonec check --format json`). Snapshot tests
//! render without colour at a fixed width so they do not flap.
//!
//! Human output is safe on any input: `excerpt` gives miette only the
//! escaped lines around each label (cut when long), `report` escapes the
//! texts and caps the labels, and [`human`] caps diagnostics per code. Line
//! and column numbers in both outputs come from [`zonec_base::source`].

mod excerpt;
mod report;
#[cfg(test)]
mod tests;

use miette::{GraphicalReportHandler, GraphicalTheme};
use report::Report;
use serde::Serialize;
use std::collections::BTreeMap;
use zonec_base::diagnostic::{Code, Diagnostic, Severity};
use zonec_base::source::Sources;

/// How human output is drawn.
#[derive(Copy, Clone, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// No colours, no links, 100 columns: what snapshots and pipes get.
    pub const PLAIN: Style = Style {
        color: false,
        width: 100,
    };
}

/// At most this many diagnostics of one code are drawn; the rest are
/// counted in one summary line (`--format json` lists every one).
pub const MAX_PER_CODE: usize = 50;

/// Render every diagnostic as miette draws it, one after another, then one
/// summary line for each code that had more than [`MAX_PER_CODE`].
/// Linear in the diagnostics and the lines they show, not in file size.
pub fn human(diags: &[Diagnostic], sources: &Sources, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    for d in diags {
        let count = seen.entry(d.code).or_default();
        *count += 1;
        if *count > MAX_PER_CODE {
            continue;
        }
        let report = Report::new(d, sources);
        // Writing into a String cannot fail; a failed render is skipped.
        if handler.render_report(&mut out, &report).is_ok() {
            out.push('\n');
        }
    }
    for (code, count) in seen.into_iter().filter(|(_, n)| *n > MAX_PER_CODE) {
        out.push_str(&format!(
            "{code}: {} more not shown (the first {MAX_PER_CODE} are above); \
             `zonec check --format json` lists every one\n\n",
            count - MAX_PER_CODE
        ));
    }
    out
}

/// One diagnostic in the JSON output of `zonec check`.
#[derive(Serialize, Debug, Clone)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
}

pub fn json_diagnostic(d: &Diagnostic, sources: &Sources) -> JsonDiagnostic {
    let place = d.primary_span().and_then(|span| {
        let file = sources.get(span.file)?;
        let (line, column) = file.line_col(span.start as usize);
        Some((file.name.clone(), line, column))
    });
    JsonDiagnostic {
        severity: d.severity,
        code: d.code.as_str(),
        message: d.message.clone(),
        file: place
            .as_ref()
            .map(|p| p.0.clone())
            .or_else(|| d.path.clone()),
        line: place.as_ref().map(|p| p.1),
        column: place.as_ref().map(|p| p.2),
        help: d.help.clone(),
    }
}
