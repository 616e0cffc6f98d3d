//! Rendering diagnostics for people (miette's graphical report) and for
//! machines (the JSON shape of `zonec check --format json`). Snapshot tests
//! render without colour at a fixed width so they do not flap.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Sources;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde::Serialize;
use std::fmt;

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

/// Render every diagnostic as miette draws it, one after another.
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
    for d in diags {
        let report = Report::new(d, sources);
        // Writing into a String cannot fail; a failed render is skipped.
        if handler.render_report(&mut out, &report).is_ok() {
            out.push('\n');
        }
    }
    out
}

/// One diagnostic in miette's terms. Labels in the primary file are drawn
/// on its source; labels in other files become related reports.
struct Report<'a> {
    diag: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Related>,
}

#[derive(Debug)]
struct Related {
    message: String,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
}

impl<'a> Report<'a> {
    fn new(diag: &'a Diagnostic, sources: &Sources) -> Report<'a> {
        let primary_file = diag.primary_span().map(|s| s.file);
        let mut labels = Vec::new();
        let mut related: Vec<(crate::span::FileId, Related)> = Vec::new();
        for (i, label) in diag.labels.iter().enumerate() {
            let Some(file) = sources.get(label.span.file) else {
                continue;
            };
            let text = (!label.message.is_empty()).then(|| label.message.clone());
            let ls = if i == 0 {
                LabeledSpan::new_primary_with_span(text, label.span.range())
            } else {
                LabeledSpan::new_with_span(text, label.span.range())
            };
            if Some(label.span.file) == primary_file {
                labels.push(ls);
            } else if let Some((_, r)) = related.iter_mut().find(|(f, _)| *f == label.span.file) {
                r.labels.push(ls);
            } else {
                related.push((
                    label.span.file,
                    Related {
                        message: format!("in `{}`", file.name),
                        source: NamedSource::new(&file.name, file.text.clone()),
                        labels: vec![ls],
                    },
                ));
            }
        }
        let source = primary_file
            .and_then(|f| sources.get(f))
            .map(|f| NamedSource::new(&f.name, f.text.clone()));
        Report {
            diag,
            source,
            labels,
            related: related.into_iter().map(|(_, r)| r).collect(),
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Span-less messages name their file themselves (`cannot read `x``).
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

impl fmt::Display for Related {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Related {}

impl miette::Diagnostic for Related {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
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
