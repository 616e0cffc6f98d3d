//! Blocks `{ field; field }` and comma lists, the two shapes every item is
//! built from, with their recovery: a bad field is skipped up to the next
//! field, an unclosed block is closed where the next item starts.

use super::{PResult, Parser, ITEM_KEYWORDS};
use crate::lexer::{self, RawKind};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;

/// What a kind of block may hold.
pub(super) struct BlockKind {
    /// "zone", "label", "policy", "rule", "invariant"
    pub owner: &'static str,
    pub fields: &'static [&'static str],
    /// Fields that may appear once (a second one is reported and ignored).
    pub unique: &'static [&'static str],
    /// How the block reads, for help lines.
    pub example: &'static str,
}

pub(super) const ZONE_FIELDS: &[&str] = &[
    "labels",
    "description",
    "net",
    "vlan",
    "aws-vpc",
    "azure-vnet",
    "gcp-network",
];
pub(super) const META_FIELDS: &[&str] = &["reason", "ticket", "cite", "expires", "window"];
const ALL_BLOCKS: &[(&str, &[&str])] = &[
    ("zone", ZONE_FIELDS),
    ("rule", META_FIELDS),
    ("label", &["cite"]),
    ("policy", &["owner"]),
];

/// The kind of block a field word belongs to, for "this goes in a block".
pub(super) fn block_of_field(word: &str) -> Option<&'static str> {
    ALL_BLOCKS
        .iter()
        .find(|(_, fields)| fields.contains(&word))
        .map(|(owner, _)| *owner)
}

/// A word that starts an item or a field: a list never runs onto its line.
fn is_line_keyword(word: &str) -> bool {
    ITEM_KEYWORDS.contains(&word) || block_of_field(word).is_some()
}

/// The candidate closest to `word`: the same word in another case, or one
/// at most a third of its length in edits away (at least one edit).
pub(super) fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if let Some(same) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(same);
    }
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= (word.chars().count() / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Parses one field given its keyword and the keyword's span.
pub(super) type FieldFn<'f, 'a> = dyn FnMut(&mut Parser<'a>, &str, Span) -> PResult<()> + 'f;

impl<'a> Parser<'a> {
    /// Expect the `{` of a block on this line.
    pub(super) fn open_block(&mut self, context: &str, help: &str) -> PResult<Span> {
        if let Some(open) = self.eat_char('{') {
            return Ok(open);
        }
        if self.next_char() == Some('\n') {
            let (_, start, end) = self.raw_at(self.pos + 1 + self.blank_len_after_newline());
            if self.text.get(start..end) == Some("{") {
                return Err(Diagnostic::error(
                    Code::Syntax,
                    "a `{` block must open on the same line as its item",
                )
                .with_label(self.span(start, end), "this block starts a new line")
                .with_help("move the `{` to the end of the line before"));
            }
        }
        Err(self.expected("`{`", context).with_help(help))
    }

    /// Length of the blank lines and comments after the newline at the cursor.
    fn blank_len_after_newline(&self) -> usize {
        let after = self.text.get(self.pos + 1..).unwrap_or("");
        lexer::blank(after).map_or(0, |(rest, _)| after.len() - rest.len())
    }

    /// The fields of a block whose `{` is `open`, up to and including its
    /// `}`. Never fails: errors are recorded and skipped. Returns the span
    /// of the `}` (or of the last token read if the block is left open).
    pub(super) fn block(
        &mut self,
        open: Span,
        kind: &BlockKind,
        field: &mut FieldFn<'_, 'a>,
    ) -> Span {
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        loop {
            self.skip_separators();
            if let Some(close) = self.eat_char_here('}') {
                return close;
            }
            if self.at_eof() || self.at_line_start_item() {
                self.diags.push(self.unclosed(open, kind));
                return self.span(self.last_end, self.last_end);
            }
            let start = self.pos;
            if let Err(diag) = self.one_field(kind, &mut seen, field) {
                self.diags.push(diag);
                self.skip_field(start);
            }
        }
    }

    fn one_field(
        &mut self,
        kind: &BlockKind,
        seen: &mut Vec<(&'static str, Span)>,
        field: &mut FieldFn<'_, 'a>,
    ) -> PResult<()> {
        let Some(word) = self.peek(lexer::dashed_word) else {
            let what = format!("a {} field", kind.owner);
            return Err(self.expected(&what, "").with_help(kind.example));
        };
        if !kind.fields.contains(&word) {
            return Err(self.unknown_field(word, kind));
        }
        let (_, span) = self.lex(lexer::dashed_word).unwrap_or_default();
        // A block has a handful of fields: a list beats a map of strings.
        if let Some(&unique) = kind.unique.iter().find(|&&u| u == word) {
            match seen.iter().find(|(w, _)| *w == unique) {
                Some(&(_, first)) => {
                    self.diags
                        .push(duplicate_field(word, first, span, kind.owner));
                }
                None => seen.push((unique, span)),
            }
        }
        field(self, word, span)?;
        self.end_field(word)
    }

    fn unknown_field(&self, word: &str, kind: &BlockKind) -> Diagnostic {
        let found = self.found();
        let help = match suggest(word, kind.fields) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("a {} block holds {}", kind.owner, list_words(kind.fields)),
        };
        Diagnostic::error(
            Code::Syntax,
            format!("unknown {} field `{word}`", kind.owner),
        )
        .with_label(found.span, format!("not a {} field", kind.owner))
        .with_help(help)
    }

    /// After a field: `;`, a newline, the block's `}` or the end of the file.
    fn end_field(&mut self, word: &str) -> PResult<()> {
        self.skip_inline();
        match self.next_char() {
            None | Some(';' | '\n' | '}') => Ok(()),
            Some(_) => {
                let context = format!("after the `{word}` field");
                let help = "put each field on its own line, or separate fields with `;`";
                Err(self
                    .expected("end of line or `;`", &context)
                    .with_help(help))
            }
        }
    }

    /// Skip the rest of a bad field that started at `field_start`: to its
    /// `;` or newline, or to the `}` (left for the block) or a line that
    /// starts an item. If the error was found on a later line, that line
    /// is already the next field's.
    fn skip_field(&mut self, field_start: usize) {
        let mut depth = 0usize;
        let (_, first, _) = self.raw_at(self.pos);
        if first > field_start && self.starts_line(first) {
            self.pos = first;
            return;
        }
        loop {
            let (kind, start, end) = self.raw_at(self.pos);
            let text = self.text.get(start..end).unwrap_or("");
            let stop = match kind {
                RawKind::Eof => true,
                RawKind::Newline => depth == 0,
                _ if text == "}" => depth == 0,
                _ => false,
            };
            if stop || self.at_line_start_item() {
                self.pos = if kind == RawKind::Newline { end } else { start };
                return;
            }
            match text {
                "{" => depth += 1,
                "}" => depth = depth.saturating_sub(1),
                ";" if depth == 0 => {
                    self.pos = end;
                    return;
                }
                _ => {}
            }
            self.pos = end;
        }
    }

    fn unclosed(&self, open: Span, kind: &BlockKind) -> Diagnostic {
        let found = self.found();
        Diagnostic::error(
            Code::Syntax,
            format!(
                "expected `}}` to close the {} block, found {}",
                kind.owner, found.desc
            ),
        )
        .with_label(open, "this block is never closed")
        .with_label(found.span, found.missing_close_label())
        .with_help("close the block with `}` before the next item starts")
    }

    /// `elem, elem, ...`: a newline may follow a `,`. `None` elements (bad
    /// values already reported) are left out.
    pub(super) fn comma_list<T>(
        &mut self,
        elem: impl FnMut(&mut Self) -> PResult<Option<T>>,
    ) -> PResult<Vec<T>> {
        Ok(exact(self.comma_list_all(elem)?.into_iter().flatten()))
    }

    /// `elem, elem, ...` with a `None` for each bad value.
    pub(super) fn comma_list_all<T>(
        &mut self,
        mut elem: impl FnMut(&mut Self) -> PResult<Option<T>>,
    ) -> PResult<Vec<Option<T>>> {
        let mut out = vec![elem(self)?];
        while let Some(comma) = self.eat_char(',') {
            self.continue_after_comma(comma)?;
            out.push(elem(self)?);
        }
        Ok(out)
    }

    /// After a `,`: skip to the next element, even on the next line, unless
    /// that line starts an item or a field (then the `,` was a stray one).
    fn continue_after_comma(&mut self, comma: Span) -> PResult<()> {
        self.skip_inline();
        if self.next_char() != Some('\n') {
            return Ok(());
        }
        self.skip_blank();
        let (kind, start, end) = self.raw_at(self.pos);
        let word = self.text.get(start..end).unwrap_or("");
        if kind == RawKind::Eof || (kind == RawKind::Word && is_line_keyword(word)) {
            let desc = self.found().desc;
            return Err(Diagnostic::error(
                Code::Syntax,
                format!("expected another list element after `,`, found {desc}"),
            )
            .with_label(comma, "this `,` continues the list on the next line")
            .with_help("remove the trailing `,`"));
        }
        Ok(())
    }
}

/// The items of a list, in a vector of exactly their number: lists live in
/// the tree until the model is resolved, and a list grown by pushing keeps
/// room for twice its length (four elements for two: half the tree's
/// service lists at a thousand zones).
pub(super) fn exact<T>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.collect();
    if items.capacity() > items.len() {
        let mut fitted = Vec::with_capacity(items.len());
        fitted.append(&mut items);
        return fitted;
    }
    items
}

fn duplicate_field(word: &str, first: Span, second: Span, owner: &str) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateField,
        format!("`{word}` is given twice in this {owner}"),
    )
    .with_label(second, format!("second `{word}`, ignored"))
    .with_label(first, "first given here")
    .with_help(format!("keep one `{word}`; only `cite` may repeat"))
}

/// `a`, `b` and `c`
fn list_words(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}
