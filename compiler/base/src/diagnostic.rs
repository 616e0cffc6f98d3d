//! Diagnostics: one kind of value for every problem zonec reports, from a
//! stray `}` to a broken invariant. Every stage returns a list of them (collect,
//! don't bail). Each has a stable [`Code`] (whose row in [`crate::codes`]
//! says the rest), a lowercase message, labelled spans (the first is the
//! primary one) and usually a help line.

pub use crate::codes::Code;
use crate::span::Span;
use serde::Serialize;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A span with a short explanation shown under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Lowercase, no final period, user input in backticks.
    pub message: String,
    /// The first label is the primary location; may be empty for problems
    /// that have no place in a source (an unreadable file).
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The file a span-less diagnostic is about, as the user named it.
    pub path: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            path: None,
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sort diagnostics by file, position, code and message, so output is stable
/// (and identical diagnostics are adjacent).
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let span = d.primary_span().map(|s| (s.file, s.start, s.end));
            (span, d.code, d.message.clone())
        };
        key(a).cmp(&key(b))
    });
}

/// Sort, then drop exact repeats: two targets that check the same thing
/// (an interface name) report it once.
pub fn sort_dedup(diags: &mut Vec<Diagnostic>) {
    sort(diags);
    diags.dedup();
}

pub fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity == severity).count()
}
