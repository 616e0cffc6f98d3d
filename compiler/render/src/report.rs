//! One [`Diagnostic`] in miette's terms. Labels in the primary file are
//! drawn on its excerpt; labels in other files become related reports with
//! their own excerpts. Every text that may carry policy text (message,
//! labels, help, file names) is escaped for the terminal here, and a
//! diagnostic with very many labels (a witness path of thousands of hops)
//! shows the first [`MAX_LABELS`] and says how many it left out.

use super::excerpt::{Excerpt, Mark};
use miette::LabeledSpan;
use std::fmt;
use zonec_base::diagnostic::{Diagnostic, Severity};
use zonec_base::source::Sources;
use zonec_base::span::FileId;
use zonec_escape::terminal;

/// The most labels drawn for one diagnostic.
pub(super) const MAX_LABELS: usize = 16;

pub(super) struct Report {
    code: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Option<Excerpt>,
    related: Vec<Related>,
}

#[derive(Debug)]
struct Related {
    message: String,
    source: Excerpt,
}

impl Report {
    pub fn new(diag: &Diagnostic, sources: &Sources) -> Report {
        let primary_file = diag.primary_span().map(|s| s.file);
        let mut files: Vec<(FileId, Vec<Mark>)> = Vec::new();
        let shown = diag.labels.iter().take(MAX_LABELS).enumerate();
        for (i, label) in shown.filter(|(_, l)| sources.get(l.span.file).is_some()) {
            let mark = Mark {
                range: label.span.range(),
                text: (!label.message.is_empty())
                    .then(|| terminal::escape(&label.message).into_owned()),
                primary: i == 0,
            };
            match files.iter_mut().find(|(f, _)| *f == label.span.file) {
                Some((_, marks)) => marks.push(mark),
                None => files.push((label.span.file, vec![mark])),
            }
        }
        let mut source = None;
        let mut related = Vec::new();
        for (id, marks) in files {
            let Some(file) = sources.get(id) else {
                continue;
            };
            let excerpt = Excerpt::new(file, marks);
            if Some(id) == primary_file {
                source = Some(excerpt);
            } else {
                related.push(Related {
                    message: format!("in `{}`", terminal::escape(&file.name)),
                    source: excerpt,
                });
            }
        }
        Report {
            code: diag.code.as_str(),
            severity: diag.severity,
            message: terminal::escape(&diag.message).into_owned(),
            help: help(diag),
            source,
            related,
        }
    }
}

/// The help lines, escaped, and a last line for labels left out.
fn help(diag: &Diagnostic) -> Option<String> {
    let mut lines: Vec<String> = diag
        .help
        .iter()
        .map(|h| terminal::escape_lines(h).into_owned())
        .collect();
    let hidden = diag.labels.len().saturating_sub(MAX_LABELS);
    if hidden > 0 {
        lines.push(format!(
            "{hidden} more labelled place(s) not shown (the first {MAX_LABELS} are)"
        ));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Span-less messages name their file themselves (`cannot read `x``).
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.source.as_ref()?.labels();
        (!labels.is_empty())
            .then(|| Box::new(labels.iter().cloned()) as Box<dyn Iterator<Item = _>>)
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
        Some(Box::new(self.source.labels().iter().cloned()))
    }
}
