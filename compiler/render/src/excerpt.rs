//! The part of one file that one diagnostic shows, built for miette so
//! that it never sees the file itself.
//!
//! miette scans its whole source for every label (so rendering was
//! diagnostics × file size), prints the source as it is (so a policy could
//! send ESC, `\r` or a bidi override to a reviewer's terminal), counts a
//! lone `\r` as a line break (so its line numbers drifted from the JSON
//! ones) and panics on a column past 65,535. So each diagnostic gets an
//! [`Excerpt`] instead: only the lines around its labels, every character
//! escaped for the terminal ([`zonec_escape::terminal`]), lines longer than
//! [`LINE_CHARS`] cut around the labels with `…`, and the labels moved to
//! the same places in that text. Line and column numbers come from
//! [`SourceFile`], the same numbers JSON, SARIF and GitHub output print.
//!
//! The excerpt is a list of windows, each a run of lines around labels that
//! lie close together; miette draws each window as one snippet, numbered
//! with the lines' real numbers.

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::ops::Range;
use zonec_base::source::SourceFile;
use zonec_escape::terminal;

/// The most characters of one line shown; longer lines are cut.
const LINE_CHARS: usize = 160;
/// Characters shown before the first label on a cut line.
const MARGIN: usize = 40;
/// A label over more lines than this is drawn on its first line only.
const SPAN_LINES: usize = 8;
/// Labels more lines apart than this are drawn in separate snippets.
const GAP_LINES: usize = 8;
const CUT: &str = "…";

/// One label to draw: a byte range of the file, its text (already escaped)
/// and whether it is the diagnostic's primary label.
pub(super) struct Mark {
    pub range: Range<usize>,
    pub text: Option<String>,
    pub primary: bool,
}

/// A mark placed in the file: byte range, and 0-based line and column
/// (characters) of both ends.
struct Placed {
    mark: Mark,
    start: (usize, usize),
    end: (usize, usize),
}

impl Placed {
    fn new(file: &SourceFile, mut mark: Mark) -> Placed {
        let start = floor_boundary(&file.text, mark.range.start);
        let mut end = ceil_boundary(&file.text, mark.range.end.max(start));
        let at = |offset| {
            let (line, col) = file.line_col(offset);
            (line - 1, col - 1)
        };
        let first = at(start);
        if at(end).0 > first.0 + SPAN_LINES {
            end = file.line_range(first.0).map_or(start, |r| r.end.max(start));
        }
        mark.range = start..end;
        Placed {
            mark,
            start: first,
            end: at(end),
        }
    }

    /// The columns the label covers (one for an empty label).
    fn cols(&self) -> (usize, usize) {
        let (a, b) = (self.start.1, self.end.1);
        (a.min(b), a.max(b).max(a + 1))
    }
}

/// Labels that share one snippet: their lines and the columns they cover.
struct Group {
    marks: Vec<Placed>,
    lines: (usize, usize),
    cols: (usize, usize),
}

impl Group {
    fn new(p: Placed) -> Group {
        Group {
            lines: (p.start.0, p.end.0),
            cols: p.cols(),
            marks: vec![p],
        }
    }

    /// Take `p` if it lies close below the group and fits its columns.
    fn admit(&mut self, p: Placed) -> Option<Placed> {
        let (lo, hi) = p.cols();
        let cols = (self.cols.0.min(lo), self.cols.1.max(hi));
        if p.start.0 > self.lines.1 + GAP_LINES || !fits(cols) {
            return Some(p);
        }
        self.lines.1 = self.lines.1.max(p.end.0);
        self.cols = cols;
        self.marks.push(p);
        None
    }

    /// The first column shown on each line of the snippet.
    fn first_col(&self) -> usize {
        if self.cols.1 <= LINE_CHARS {
            0
        } else {
            self.cols.0.saturating_sub(MARGIN)
        }
    }
}

fn fits((lo, hi): (usize, usize)) -> bool {
    hi <= LINE_CHARS || hi - lo + MARGIN <= LINE_CHARS
}

/// One line of a window: where its shown part lies in the file and in the
/// excerpt's text.
struct Shown {
    /// The line's bytes in the file, without its line ending.
    range: Range<usize>,
    /// The bytes shown (the rest is cut).
    shown: Range<usize>,
    /// Where the line starts in the excerpt, and the length of its `…`.
    at: usize,
    prefix: usize,
    /// Where its text ends in the excerpt (before `\n`).
    end: usize,
}

/// A window as it is written: its place in the excerpt's text, its first
/// line (0-based) and its lines.
struct Window {
    range: Range<usize>,
    first_line: usize,
    lines: Vec<Shown>,
}

/// The lines of one file that one diagnostic shows; a [`SourceCode`] for
/// miette, with the labels in its coordinates.
#[derive(Debug)]
pub(super) struct Excerpt {
    name: String,
    text: String,
    windows: Vec<WindowSpan>,
    /// Per label: its span in `text`, and the 0-based line and column of
    /// its start in the file (for the `[file:line:col]` header).
    heads: Vec<(Range<usize>, usize, usize)>,
    labels: Vec<LabeledSpan>,
}

/// What [`SourceCode::read_span`] needs of a window.
#[derive(Debug)]
struct WindowSpan {
    range: Range<usize>,
    first_line: usize,
    lines: usize,
}

impl Excerpt {
    pub fn new(file: &SourceFile, marks: Vec<Mark>) -> Excerpt {
        let mut placed: Vec<Placed> = marks.into_iter().map(|m| Placed::new(file, m)).collect();
        placed.sort_by_key(|p| (p.start, p.end));
        let mut excerpt = Excerpt {
            name: terminal::escape(&file.name).into_owned(),
            text: String::new(),
            windows: Vec::new(),
            heads: Vec::new(),
            labels: Vec::new(),
        };
        for group in groups(placed) {
            excerpt.add(file, group);
        }
        excerpt
    }

    pub fn labels(&self) -> &[LabeledSpan] {
        &self.labels
    }

    fn add(&mut self, file: &SourceFile, group: Group) {
        let window = self.write_window(file, &group);
        for p in group.marks {
            let start = map(file, &window, p.mark.range.start);
            let end = map(file, &window, p.mark.range.end).max(start);
            let span = start..end;
            self.heads.push((span.clone(), p.start.0, p.start.1));
            self.labels.push(if p.mark.primary {
                LabeledSpan::new_primary_with_span(p.mark.text, span)
            } else {
                LabeledSpan::new_with_span(p.mark.text, span)
            });
        }
        self.windows.push(WindowSpan {
            range: window.range,
            first_line: window.first_line,
            lines: window.lines.len(),
        });
    }

    /// Append the lines of `group` (one line of context each side) to the
    /// text.
    fn write_window(&mut self, file: &SourceFile, group: &Group) -> Window {
        let first = group.lines.0.saturating_sub(1);
        let last = (group.lines.1 + 1).min(last_line(file)).max(group.lines.1);
        let first_col = group.first_col();
        let start = self.text.len();
        let lines = (first..=last)
            .filter_map(|line| self.write_line(file, line, first_col))
            .collect();
        Window {
            range: start..self.text.len(),
            first_line: first,
            lines,
        }
    }

    fn write_line(&mut self, file: &SourceFile, line: usize, first_col: usize) -> Option<Shown> {
        let range = file.line_range(line)?;
        let chars = file.line_col(range.end).1 - 1;
        let whole = first_col == 0 && chars <= LINE_CHARS;
        let shown = if whole {
            range.clone()
        } else {
            let from = file.offset_of_col(line, first_col);
            from..file.offset_of_col(line, first_col + LINE_CHARS)
        };
        let at = self.text.len();
        if first_col > 0 && !range.is_empty() {
            self.text.push_str(CUT);
        }
        let prefix = self.text.len() - at;
        self.text
            .push_str(&escaped(file.text.get(shown.clone()).unwrap_or("")));
        if !whole && chars > first_col + LINE_CHARS {
            self.text.push_str(CUT);
        }
        let end = self.text.len();
        self.text.push('\n');
        Some(Shown {
            range,
            shown,
            at,
            prefix,
            end,
        })
    }
}

/// Sorted marks → groups drawn together.
fn groups(placed: Vec<Placed>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for p in placed {
        let rest = match groups.last_mut() {
            Some(g) => g.admit(p),
            None => Some(p),
        };
        if let Some(p) = rest {
            groups.push(Group::new(p));
        }
    }
    groups
}

/// The last line worth showing: the empty "line" after a final `\n` only
/// when a label is on it.
fn last_line(file: &SourceFile) -> usize {
    let n = file.line_count().saturating_sub(1);
    if file.text.ends_with('\n') {
        n.saturating_sub(1)
    } else {
        n
    }
}

/// Where byte `offset` of the file lies in the excerpt's text: on the
/// window's line that holds it, at the `…` when it is cut off.
fn map(file: &SourceFile, window: &Window, offset: usize) -> usize {
    let Some(l) = window.lines.iter().rev().find(|l| l.range.start <= offset) else {
        return window.range.start;
    };
    if offset < l.shown.start {
        return l.at;
    }
    if offset > l.shown.end {
        return l.end;
    }
    let before = file.text.get(l.shown.start..offset).unwrap_or("");
    l.at + l.prefix + escaped(before).len()
}

/// Text as the terminal gets it: every control and invisible character
/// escaped, tabs kept (miette draws them as spaces).
fn escaped(text: &str) -> String {
    let parts: Vec<_> = text.split('\t').map(terminal::escape).collect();
    parts.join("\t")
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl SourceCode for Excerpt {
    /// A label's own span with no context asks for its header position;
    /// anything else gets the whole window it lies in (a span across
    /// windows is refused, so miette draws them apart).
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        let window = self
            .windows
            .iter()
            .find(|w| w.range.start <= start && end <= w.range.end && start < w.range.end)
            .ok_or(MietteError::OutOfBounds)?;
        let name = self.name.clone();
        if before == 0 && after == 0 {
            let (line, col) = self
                .heads
                .iter()
                .find(|h| h.0 == (start..end))
                .map_or((window.first_line, 0), |h| (h.1, h.2));
            let data = self.text.as_bytes().get(start..end).unwrap_or(&[]);
            return Ok(Box::new(MietteSpanContents::new_named(
                name, data, *span, line, col, 1,
            )));
        }
        let range = window.range.clone();
        let data = self.text.as_bytes().get(range.clone()).unwrap_or(&[]);
        Ok(Box::new(MietteSpanContents::new_named(
            name,
            data,
            (range.start, range.len()).into(),
            window.first_line,
            0,
            window.lines,
        )))
    }
}
