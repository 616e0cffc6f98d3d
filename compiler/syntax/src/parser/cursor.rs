//! The parser's position in the text: running a lexeme there, skipping
//! trivia, looking at what comes next, and naming it for a message.

use super::Parser;
use crate::lexer::{self, Lex, RawKind};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;

/// The thing after the cursor, as a message names it.
pub(super) struct Found {
    /// The token; at the end of a line an empty span just after the last
    /// token read; at the end of the file, see `end_of_file_span`.
    pub span: Span,
    /// `` `clinical` ``, `end of line` or `end of file`.
    pub desc: String,
    pub text: String,
    pub kind: RawKind,
}

impl Found {
    /// The label under an unclosed block's end: where the `}` was due.
    pub fn missing_close_label(&self) -> &'static str {
        if self.kind == RawKind::Eof {
            "the file ends here"
        } else {
            "expected `}` before this"
        }
    }
}

/// Longest token text quoted in a message.
const QUOTE_MAX: usize = 40;

impl<'a> Parser<'a> {
    pub(super) fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    pub(super) fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Run a lexeme at the cursor (no trivia skipped); on a match, move past it.
    pub(super) fn lex<T>(&mut self, mut p: impl FnMut(&'a str) -> Lex<'a, T>) -> Option<(T, Span)> {
        let rest = self.rest();
        let (after, out) = p(rest).ok()?;
        let start = self.pos;
        self.pos += rest.len() - after.len();
        self.last_end = self.pos;
        Some((out, self.span(start, self.pos)))
    }

    /// Run a lexeme at the cursor without moving.
    pub(super) fn peek<T>(&self, mut p: impl FnMut(&'a str) -> Lex<'a, T>) -> Option<T> {
        p(self.rest()).ok().map(|(_, out)| out)
    }

    fn skip_with(&mut self, p: fn(&str) -> Lex<'_, &str>) {
        if let Ok((after, _)) = p(self.rest()) {
            self.pos = self.text.len() - after.len();
        }
    }

    /// Skip spaces and comments on this line.
    pub(super) fn skip_inline(&mut self) {
        self.skip_with(lexer::inline_trivia);
    }

    /// Skip spaces, comments and newlines.
    pub(super) fn skip_blank(&mut self) {
        self.skip_with(lexer::blank);
    }

    /// Skip spaces, comments, newlines and `;` (between items and fields).
    pub(super) fn skip_separators(&mut self) {
        self.skip_with(lexer::separators);
    }

    /// Skip spaces (and newlines if `multiline`).
    pub(super) fn skip_trivia(&mut self, multiline: bool) {
        if multiline {
            self.skip_blank();
        } else {
            self.skip_inline();
        }
    }

    pub(super) fn at_eof(&self) -> bool {
        self.pos >= self.text.len()
    }

    /// The next character, without skipping anything.
    pub(super) fn next_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Consume `c` if it is the very next character.
    pub(super) fn eat_char_here(&mut self, c: char) -> Option<Span> {
        if self.next_char() != Some(c) {
            return None;
        }
        let start = self.pos;
        self.pos += c.len_utf8();
        self.last_end = self.pos;
        Some(self.span(start, self.pos))
    }

    /// Skip spaces on this line, then consume `c` if it is next.
    pub(super) fn eat_char(&mut self, c: char) -> Option<Span> {
        self.skip_inline();
        self.eat_char_here(c)
    }

    /// Skip trivia, then consume the identifier `word` if it is next.
    pub(super) fn eat_keyword(&mut self, word: &str, multiline: bool) -> Option<Span> {
        let saved = self.pos;
        self.skip_trivia(multiline);
        if self.peek(lexer::ident) == Some(word) {
            return self.lex(lexer::ident).map(|(_, span)| span);
        }
        self.pos = saved;
        None
    }

    /// True if only spaces stand between the start of the line and `pos`.
    pub(super) fn starts_line(&self, pos: usize) -> bool {
        // Backwards to the first character that is not a space: reading the
        // whole line instead made every token of a long line cost the line.
        let before = self.text.get(..pos).unwrap_or("");
        before
            .chars()
            .rev()
            .find(|&c| !lexer::is_space(c))
            .is_none_or(|c| c == '\n')
    }

    /// True if `pos` is the first column of its line.
    pub(super) fn at_column0(&self, pos: usize) -> bool {
        pos == 0 || self.text.as_bytes().get(pos - 1) == Some(&b'\n')
    }

    /// The raw token at `pos` (after spaces on its line): kind, start, end.
    pub(super) fn raw_at(&self, pos: usize) -> (RawKind, usize, usize) {
        let rest = self.text.get(pos..).unwrap_or("");
        let trimmed = rest.trim_start_matches(lexer::is_space);
        let start = pos + (rest.len() - trimmed.len());
        let (kind, len) = lexer::raw_token(trimmed);
        (kind, start, start + len)
    }

    /// The next token after spaces and comments on this line.
    pub(super) fn found(&self) -> Found {
        let mut probe = self.pos;
        loop {
            let (kind, start, end) = self.raw_at(probe);
            let text = self.text.get(start..end).unwrap_or("").to_string();
            let desc = match kind {
                RawKind::Comment => {
                    probe = end;
                    continue;
                }
                RawKind::Eof => "end of file".to_string(),
                RawKind::Newline => "end of line".to_string(),
                _ => format!("`{}`", quote(&text)),
            };
            let span = match kind {
                RawKind::Newline => self.span(self.last_end, self.last_end),
                RawKind::Eof => self.end_of_file_span(),
                _ => self.span(start, end),
            };
            return Found {
                span,
                desc,
                text,
                kind,
            };
        }
    }

    /// Where "end of file" is pointed at: just after the last visible text,
    /// or on its last character if nothing follows it (a label at the very
    /// end of a file without a final newline would not be drawn).
    fn end_of_file_span(&self) -> Span {
        let end = self.text.trim_end().len();
        match self.text.get(..end).and_then(|t| t.chars().next_back()) {
            Some(last) if end == self.text.len() => self.span(end - last.len_utf8(), end),
            _ => self.span(end, end),
        }
    }

    /// "expected {what} {context}, found {next}", labelled at the next token.
    pub(super) fn expected(&self, what: &str, context: &str) -> Diagnostic {
        self.expected_labelled(what, context, &format!("expected {what}"))
    }

    /// [`Parser::expected`] with another label at the next token.
    pub(super) fn expected_labelled(&self, what: &str, context: &str, label: &str) -> Diagnostic {
        let found = self.found();
        let context = if context.is_empty() {
            String::new()
        } else {
            format!(" {context}")
        };
        Diagnostic::error(
            Code::Syntax,
            format!("expected {what}{context}, found {}", found.desc),
        )
        .with_label(found.span, label)
    }
}

/// A token's text for a message, cut short if long.
pub(super) fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_MAX {
        return text.to_string();
    }
    let head: String = text.chars().take(QUOTE_MAX - 1).collect();
    format!("{head}…")
}
