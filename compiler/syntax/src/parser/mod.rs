//! Text → syntax tree, by recursive descent over the text. The lexemes are
//! nom parsers (`syntax::lexer`); which one applies is decided here, by
//! context (a prefix after `net`, a date after `expires`), so `fd00::/8`, a
//! port range `8000-8100` and a date need no lookahead tricks.
//!
//! Newlines matter: an item or field ends at a newline or `;`, a field also
//! just before the `}` of its block, and a `{` opens a block only on the line
//! of its item. Leniencies, because an engineer expects them:
//! - a newline (and comments) may follow a `,` in any list: the list goes on
//!   on the next line (a trailing `,` before a line that starts an item or a
//!   field is an error, not a continuation);
//! - inside a selector set `{ ... }` newlines are free, and a `,` before the
//!   closing `}` is allowed;
//! - `;` alone, and blank lines, are empty items or fields;
//! - a `{` on the line after its item is reported as such, and its block is
//!   skipped.
//!
//! Keywords where a name is expected: the parser reads a keyword as a name
//! (an `Ident`) wherever that is unambiguous (`zone any { }`, `label zone`,
//! `@except`, `: allow`, a zone named `external` in a selector) and leaves
//! the `keyword-as-name` error to resolution. The exceptions are `any`,
//! which in a selector is the `any` selector and among services the `any`
//! port, and `tcp`, `udp`, `icmp`, `icmpv6` among services, which are ports.
//!
//! Errors and recovery:
//! - a value the parser can judge alone (a string escape, a prefix, a date,
//!   an integer) gets its own diagnostic and the item goes on without that
//!   value; but a rule or invariant that loses a port that way is dropped,
//!   since fewer (or no) services would change what it means;
//! - any other error ends the item with one diagnostic, and the parser
//!   resumes at the next line whose first token is an item keyword, at block
//!   depth 0 (or in column 0 at any depth, so a missing `}` does not swallow
//!   the rest of the file);
//! - inside a block an error ends only the field, and the parser resumes at
//!   the next field; a field read in full but followed by junk is kept
//!   (`labels phi part2` keeps `labels phi`);
//! - a mistake whose meaning is plain is reported as that mistake and read
//!   as meant, so it costs nothing more: a missing `,` between prefixes
//!   (`net 10.0.0.0/8 10.1.0.0/16` keeps both), a prefix in quotes
//!   (`net "10.1.0.0/16"` keeps it, so the zone is not also without `net`);
//! - a `service` item with an error after its name is dropped, but its name
//!   is kept (`ast::File::broken_services`), so resolution does not report
//!   every rule that uses it as naming an unknown service;
//! - a block still open when the next item starts (or the file ends) is
//!   reported and closed there.

mod blocks;
mod cursor;
mod items;
mod monitor;
mod ports;
mod selectors;
mod values;
mod zone;

#[cfg(test)]
mod tests;

use crate::ast;
use crate::lexer::{self, RawKind};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::{FileId, Span};

/// Words that start an item.
const ITEM_KEYWORDS: &[&str] = &[
    "policy", "label", "zone", "service", "allow", "deny", "forbid", "require", "monitor",
];

/// Parse one file. Always returns a tree (possibly with fewer items than the
/// text has) and every syntax error found.
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let mut p = Parser {
        text,
        pos: 0,
        last_end: 0,
        file,
        diags: Vec::new(),
        broken_services: Vec::new(),
    };
    let comments = p.comments();
    let mut items = p.items();
    // The tree lives on while the model is resolved from it: give back the
    // up to half of the list that doubling left unused.
    items.shrink_to_fit();
    let tree = ast::File {
        file,
        items,
        comments,
        broken_services: p.broken_services,
    };
    (tree, p.diags)
}

/// The parse state: the text, the cursor and the diagnostics so far.
pub(super) struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the cursor, always on a character boundary.
    pos: usize,
    /// End of the last token consumed (where "end of line" is pointed at).
    last_end: usize,
    file: FileId,
    diags: Vec<Diagnostic>,
    /// The names of `service` items dropped for a syntax error.
    broken_services: Vec<ast::Ident>,
}

/// A structural syntax error: the item (or field) it occurred in is dropped.
type PResult<T> = Result<T, Diagnostic>;

impl Parser<'_> {
    /// Every comment of the file. Only strings and comments can hold `#`
    /// or `"`, so jumping from one of those characters to the next, with the
    /// lexer's own string and comment lexemes, finds exactly the comments
    /// the parser skips (a `#` inside a string is not one).
    fn comments(&self) -> Vec<ast::Comment> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(found) = self.text.get(pos..).and_then(|r| r.find(['#', '"'])) {
            let start = pos + found;
            let rest = self.text.get(start..).unwrap_or("");
            let len = match lexer::comment(rest) {
                Ok((after, text)) => {
                    let text = text.trim_end_matches('\r');
                    out.push(ast::Comment {
                        text: text.to_string(),
                        span: self.span(start, start + text.len()),
                    });
                    rest.len() - after.len()
                }
                Err(_) => lexer::string(rest).map_or(1, |(after, _)| rest.len() - after.len()),
            };
            pos = start + len;
        }
        out
    }

    fn items(&mut self) -> Vec<ast::Item> {
        let mut items = Vec::new();
        loop {
            self.skip_separators();
            if self.at_eof() {
                return items;
            }
            let start = self.pos;
            match self.item() {
                Ok(item) => items.extend(item),
                Err(diag) => {
                    self.diags.push(diag);
                    self.recover(start);
                }
            }
        }
    }

    /// One item, from its keyword. `Ok(None)`: read to its end but dropped
    /// because a value in it was malformed (already reported).
    fn item(&mut self) -> PResult<Option<ast::Item>> {
        let Some(word) = self
            .peek(lexer::ident)
            .filter(|w| ITEM_KEYWORDS.contains(w))
        else {
            return Err(self.not_an_item());
        };
        let Some((_, kw)) = self.lex(lexer::ident) else {
            return Err(self.not_an_item());
        };
        match word {
            "policy" => self.policy(kw).map(Some),
            "label" => self.label(kw).map(Some),
            "zone" => self.zone(kw).map(Some),
            "service" => self.service(kw),
            "allow" => self.rule(ast::RuleAction::Allow, kw),
            "deny" => self.rule(ast::RuleAction::Deny, kw),
            "forbid" => self.invariant(ast::InvariantKind::Forbid, kw),
            "monitor" => self.monitor(kw).map(Some),
            _ => self.invariant(ast::InvariantKind::Require, kw),
        }
    }

    /// Skip to the next line that starts with an item keyword, at block
    /// depth 0 or in column 0, after `item_start`; or to the end of the file.
    fn recover(&mut self, item_start: usize) {
        let mut depth = 0usize;
        loop {
            let (kind, start, end) = self.raw_at(self.pos);
            let word = self.text.get(start..end).unwrap_or("");
            let resume = kind == RawKind::Word
                && start > item_start
                && ITEM_KEYWORDS.contains(&word)
                && self.starts_line(start)
                && (depth == 0 || self.at_column0(start));
            if kind == RawKind::Eof || resume {
                self.pos = start;
                return;
            }
            match word {
                "{" => depth += 1,
                "}" => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.pos = end;
        }
    }

    /// The error for a line that does not start with an item keyword.
    fn not_an_item(&self) -> Diagnostic {
        let found = self.found();
        match found.text.as_str() {
            "}" => Diagnostic::error(Code::Syntax, "unexpected `}` with no open block")
                .with_label(found.span, "nothing to close here")
                .with_help("remove this `}`, or look for a block closed twice"),
            "{" => Diagnostic::error(
                Code::Syntax,
                "a `{` block must open on the same line as its item",
            )
            .with_label(found.span, "this block starts a new line")
            .with_help("move the `{` to the end of the line of the item it belongs to"),
            word => self.unknown_item(word, found.span, &found.desc),
        }
    }

    fn unknown_item(&self, word: &str, span: Span, desc: &str) -> Diagnostic {
        let help = if let Some(best) = blocks::suggest(word, ITEM_KEYWORDS) {
            format!("did you mean `{best}`?")
        } else if let Some(block) = blocks::block_of_field(word) {
            format!("`{word}` is a field of a {block} block; put it inside the block's `{{ }}`")
        } else {
            "an item starts with `policy`, `label`, `zone`, `service`, `allow`, `deny`, \
             `forbid`, `require` or `monitor`"
                .to_string()
        };
        Diagnostic::error(Code::Syntax, format!("expected an item, found {desc}"))
            .with_label(span, "not an item keyword")
            .with_help(help)
    }

    /// True if the next token is an item keyword that starts its line.
    fn at_line_start_item(&self) -> bool {
        // Whether the token starts its line is the cheap half: asked at
        // every field of every block, it spares lexing a token mid-line.
        let rest = self.text.get(self.pos..).unwrap_or("");
        let start = self.pos + (rest.len() - rest.trim_start_matches(lexer::is_space).len());
        if !self.starts_line(start) {
            return false;
        }
        let (kind, start, end) = self.raw_at(start);
        let word = self.text.get(start..end).unwrap_or("");
        kind == RawKind::Word && ITEM_KEYWORDS.contains(&word)
    }

    /// End of an item: `;`, a newline or the end of the file must follow
    /// (or the item already ended a line ago, at an unclosed block).
    fn end_item(&mut self, what: &str, context: &str, help: &str) -> PResult<()> {
        self.skip_inline();
        let ended = self.at_eof() || self.next_char() == Some('\n') || self.starts_line(self.pos);
        if self.eat_char_here(';').is_some() || ended {
            return Ok(());
        }
        Err(self.expected(what, context).with_help(help))
    }
}

/// "after `WORD`" for the keywords a value or selector follows, as a static
/// string (these are built on every item, not only on errors).
fn after(word: &str) -> &'static str {
    match word {
        "allow" => "after `allow`",
        "deny" => "after `deny`",
        "forbid" => "after `forbid`",
        "require" => "after `require`",
        "description" => "after `description`",
        "aws-vpc" => "after `aws-vpc`",
        "azure-vnet" => "after `azure-vnet`",
        "gcp-network" => "after `gcp-network`",
        "reason" => "after `reason`",
        "ticket" => "after `ticket`",
        "cite" => "after `cite`",
        "expires" => "after `expires`",
        "window" => "after `window`",
        _ => "",
    }
}
