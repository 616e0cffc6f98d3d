//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! diagnostic, so a broken invariant shows up on the pull request's diff.
//! Values are escaped as the runner requires (`zonec_escape::github`).

use zonec_base::diagnostic::{Diagnostic, Severity};
use zonec_base::Sources;
use zonec_escape::github::{data, property};

pub fn annotations(diags: &[Diagnostic], sources: &Sources) -> String {
    diags
        .iter()
        .map(|d| annotation(d, sources) + "\n")
        .collect()
}

fn annotation(d: &Diagnostic, sources: &Sources) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    let place = d.primary_span().and_then(|span| {
        let file = sources.get(span.file)?;
        let (line, col) = file.line_col(span.start as usize);
        let (end_line, end_col) = file.line_col(span.end as usize);
        Some((file.name.clone(), line, col, end_line, end_col))
    });
    match (place, &d.path) {
        (Some((file, line, col, end_line, end_col)), _) => {
            props.push(format!("file={}", property(&file)));
            props.push(format!("line={line},col={col}"));
            props.push(format!("endLine={end_line},endColumn={end_col}"));
        }
        (None, Some(path)) => props.push(format!("file={}", property(path))),
        (None, None) => {}
    }
    props.push(format!("title={}", property(d.code.as_str())));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message = format!("{message}\nhelp: {help}");
    }
    format!("::{kind} {}::{}", props.join(","), data(&message))
}
