//! Lays items out line by line and puts every comment back where it was:
//! a comment alone on its line goes before the next piece (or before the
//! block's `}` or at the end of the file), a comment after code stays at the
//! end of that code's line. Comments are taken in source order by one cursor,
//! so none is ever dropped or duplicated.

use super::text::{ItemDoc, Piece};
use super::{INDENT, MAX_WIDTH, ONE_LINE_MAX_FIELDS, ONE_LINE_MAX_WIDTH};
use crate::ast::Comment;

pub(crate) struct Printer<'a> {
    text: &'a str,
    comments: Vec<&'a Comment>,
    /// Index of the next comment not yet printed.
    next: usize,
    out: String,
    /// Source offset where the last printed thing ended (for blank lines).
    last_end: usize,
    /// No blank line may be printed here (start of file, after `{`).
    no_blank: bool,
}

impl<'a> Printer<'a> {
    pub fn new(text: &'a str, comments: &'a [Comment]) -> Printer<'a> {
        let mut comments: Vec<&Comment> = comments.iter().collect();
        comments.sort_by_key(|c| c.span.start);
        Printer {
            text,
            comments,
            next: 0,
            out: String::new(),
            last_end: 0,
            no_blank: true,
        }
    }

    pub fn finish(mut self) -> String {
        self.leading(usize::MAX, 0);
        self.out
    }

    /// Print one item; `limit` is where the next item starts.
    pub fn item(&mut self, doc: &ItemDoc, limit: usize) {
        self.leading(doc.head.start, 0);
        let inner = self.comment_in(doc.head.end, doc.end);
        if doc.fields.is_empty() && !doc.braces && !inner {
            let end = doc.head.end.max(doc.end);
            self.piece(0, &doc.head, "", end, limit);
        } else if let Some(one) =
            one_line(doc).filter(|_| !self.comment_in(doc.head.start, doc.end))
        {
            self.piece(0, &one, "", doc.end, limit);
        } else {
            self.block(doc, limit);
        }
    }

    /// `head {`, one field per line, `}`.
    fn block(&mut self, doc: &ItemDoc, limit: usize) {
        let first = doc.fields.first().map_or(doc.end, |f| f.start);
        self.piece(0, &doc.head, " {", doc.head.end, first);
        self.no_blank = true;
        for (i, field) in doc.fields.iter().enumerate() {
            let next = doc.fields.get(i + 1).map_or(doc.end, |f| f.start);
            self.leading(field.start, 1);
            self.piece(1, field, "", field.end, next);
        }
        self.leading(doc.end, 1);
        self.no_blank = true;
        self.piece(
            0,
            &Piece::one("}".to_string(), doc.end, doc.end),
            "",
            doc.end,
            limit,
        );
    }

    /// Print a piece of code at `indent`, then `suffix`, then the comment
    /// that follows `end` on the same source line (before `limit`). A list
    /// that had comments between its entries is broken after those entries,
    /// continuing two levels deeper, each comment where it was.
    fn piece(&mut self, indent: usize, piece: &Piece, suffix: &str, end: usize, limit: usize) {
        self.blank_line_before(piece.start);
        self.push_indent(indent);
        let mut column = indent * INDENT.len();
        let last = piece.chunks.len().saturating_sub(1);
        for (i, chunk) in piece.chunks.iter().enumerate() {
            let mut width = chunk.text.chars().count();
            if i == last {
                width += suffix.chars().count();
            }
            if i > 0 {
                let commented = self.comment_in(0, chunk.start);
                if commented || column + 1 + width > MAX_WIDTH {
                    let prev = piece.chunks[i - 1].end;
                    self.end_line(prev, chunk.start);
                    self.leading(chunk.start, indent + 2);
                    self.push_indent(indent + 2);
                    column = (indent + 2) * INDENT.len();
                } else {
                    self.out.push(' ');
                    column += 1;
                }
            }
            self.out.push_str(&chunk.text);
            column += width;
        }
        self.out.push_str(suffix);
        self.end_line(end, limit);
    }

    /// Finish the current line at source offset `end`, with the comment
    /// that follows it on its source line (before `limit`), if any.
    fn end_line(&mut self, end: usize, limit: usize) {
        self.last_end = end;
        if let Some(comment) = self.trailing(end, limit) {
            self.out.push(' ');
            self.out.push_str(&comment_text(comment));
            self.last_end = comment.span.end as usize;
        }
        self.out.push('\n');
        self.no_blank = false;
    }

    /// Print every comment that starts before `before`, each on its own line.
    fn leading(&mut self, before: usize, indent: usize) {
        while let Some(c) = self.comments.get(self.next).copied() {
            if c.span.start as usize >= before {
                break;
            }
            self.next += 1;
            self.blank_line_before(c.span.start as usize);
            self.push_indent(indent);
            self.out.push_str(&comment_text(c));
            self.out.push('\n');
            self.last_end = c.span.end as usize;
            self.no_blank = false;
        }
    }

    /// The next comment, if it starts in `after..limit` on the line `after` is on.
    fn trailing(&mut self, after: usize, limit: usize) -> Option<&'a Comment> {
        let c = *self.comments.get(self.next)?;
        let start = c.span.start as usize;
        let gap = self.text.get(after.min(start)..start).unwrap_or("\n");
        if start >= after && start < limit && !gap.contains('\n') {
            self.next += 1;
            return Some(c);
        }
        None
    }

    /// Whether the next comment starts in `from..to`.
    fn comment_in(&self, from: usize, to: usize) -> bool {
        self.comments
            .get(self.next)
            .is_some_and(|c| (from..to).contains(&(c.span.start as usize)))
    }

    /// One blank line if the source had at least one between the last
    /// printed thing and `start`.
    fn blank_line_before(&mut self, start: usize) {
        if self.no_blank || start <= self.last_end {
            return;
        }
        let gap = self.text.get(self.last_end..start).unwrap_or("");
        if gap.matches('\n').count() >= 2 {
            self.out.push('\n');
        }
    }

    fn push_indent(&mut self, indent: usize) {
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
    }
}

/// `head { f1; f2 }` as one piece, when the block is small enough to
/// read on one line.
fn one_line(doc: &ItemDoc) -> Option<Piece> {
    if doc.fields.len() > ONE_LINE_MAX_FIELDS {
        return None;
    }
    let fields: Vec<String> = doc.fields.iter().map(Piece::text).collect();
    let text = if fields.is_empty() {
        format!("{} {{}}", doc.head.text())
    } else {
        format!("{} {{ {} }}", doc.head.text(), fields.join("; "))
    };
    (text.chars().count() <= ONE_LINE_MAX_WIDTH).then(|| Piece::one(text, doc.head.start, doc.end))
}

/// A comment as printed: trailing whitespace removed, always starting with `#`.
fn comment_text(c: &Comment) -> String {
    let text = c.text.trim_end();
    if text.starts_with('#') {
        text.to_string()
    } else {
        format!("#{text}")
    }
}
