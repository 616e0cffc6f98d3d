//! Selectors: a zone name, `@label`, `any` or a set `{a, @b, ...}`, each
//! optionally followed by `except SEL` (left-associative, chains allowed:
//! a chain is read in a loop into one node, never by recursion).

use super::{PResult, Parser};
use crate::ast::{Selector, SelectorKind};
use crate::lexer;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;

const SELECTOR_HELP: &str =
    "a selector is a zone name, `@label`, `any` or a set such as `{clinical, @phi}`";

/// Sets nested deeper than this are refused (the parser recurses on them).
const MAX_NESTING: usize = 32;

impl Parser<'_> {
    /// A selector; `context` says where it stands ("after `->`"). Inside a
    /// set (`depth > 0`) newlines are free.
    pub(super) fn selector(&mut self, context: &str, depth: usize) -> PResult<Selector> {
        let multiline = depth > 0;
        let base = self.selector_atom(context, depth)?;
        let mut removed = Vec::new();
        while self.eat_keyword("except", multiline).is_some() {
            removed.push(self.selector_atom("after `except`", depth)?);
        }
        Ok(match removed.last() {
            None => base,
            Some(last) => Selector {
                span: base.span.to(last.span),
                kind: SelectorKind::Except(Box::new(base), removed),
            },
        })
    }

    fn selector_atom(&mut self, context: &str, depth: usize) -> PResult<Selector> {
        self.skip_trivia(depth > 0);
        let start = self.pos;
        if let Some(open) = self.eat_char_here('{') {
            return self.selector_set(open, depth + 1);
        }
        if self.eat_char_here('@').is_some() {
            let label = self.name_here("a label name right after `@`", "", SELECTOR_HELP)?;
            let span = self.span(start, label.span.end as usize);
            return Ok(Selector {
                kind: SelectorKind::Label(label),
                span,
            });
        }
        if self.peek(lexer::dashed_word) == Some("any") {
            let (_, span) = self.lex(lexer::ident).unwrap_or_default();
            return Ok(Selector {
                kind: SelectorKind::Any,
                span,
            });
        }
        let zone = self.name("a selector", context, SELECTOR_HELP)?;
        Ok(Selector {
            span: zone.span,
            kind: SelectorKind::Zone(zone),
        })
    }

    /// `{ SEL, SEL, ... }` after its `{`; empty sets and a trailing `,` are
    /// read (resolution reports an empty selector).
    fn selector_set(&mut self, open: Span, depth: usize) -> PResult<Selector> {
        if depth > MAX_NESTING {
            return Err(
                Diagnostic::error(Code::Syntax, "selector sets nest too deeply")
                    .with_label(open, "too deep")
                    .with_help(format!("nest sets at most {MAX_NESTING} levels deep")),
            );
        }
        let mut members = Vec::new();
        loop {
            self.skip_blank();
            if let Some(close) = self.eat_char_here('}') {
                return Ok(Selector {
                    kind: SelectorKind::Set(members),
                    span: open.to(close),
                });
            }
            if self.at_eof() || self.at_line_start_item() {
                return Err(self.unclosed_set(open));
            }
            members.push(self.selector("in the set", depth)?);
            self.skip_blank();
            if self.eat_char_here(',').is_none() && self.next_char() != Some('}') {
                if self.at_eof() || self.at_line_start_item() {
                    return Err(self.unclosed_set(open));
                }
                let help = "separate the members of a set with `,`: `{clinical, @phi}`";
                return Err(self.expected("`,` or `}`", "in the set").with_help(help));
            }
        }
    }

    fn unclosed_set(&self, open: Span) -> Diagnostic {
        let found = self.found();
        Diagnostic::error(
            Code::Syntax,
            format!("expected `}}` to close the set, found {}", found.desc),
        )
        .with_label(open, "this set is never closed")
        .with_label(found.span, found.missing_close_label())
        .with_help("close the set with `}`: `{clinical, @phi}`")
    }
}
