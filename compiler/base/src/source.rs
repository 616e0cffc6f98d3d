//! The set of input files of one policy. Files are read by the CLI; the
//! compiler only ever sees their names and UTF-8 text.
//!
//! Each file is indexed once when it is added: where every line starts, and
//! how many characters precede every `CHUNK`-th byte. So a line and column
//! cost a binary search and at most `CHUNK` byte reads, whatever the size
//! of the file or the length of the line: rendering thousands of diagnostics
//! stays linear. Lines end at `\n` only (the lexer reads a lone `\r` as a
//! space), and a byte-order mark at the start of a file is not a column:
//! every output that prints a line and column (human, JSON, SARIF, GitHub)
//! reads them here, so they agree.

use crate::span::{FileId, Span};
use std::ops::Range;

/// Bytes between two entries of a file's character index.
const CHUNK: usize = 256;

const BOM: &str = "\u{feff}";

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user wrote it; used in every message.
    pub name: String,
    pub text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Characters before byte `i * CHUNK`, for every `i`.
    chars_before_chunk: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut chars_before_chunk = vec![0];
        let mut count = 0;
        for chunk in text.as_bytes().chunks(CHUNK) {
            count += chunk.iter().filter(|&&b| is_char_start(b)).count();
            chars_before_chunk.push(count);
        }
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            chars_before_chunk,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self
            .line_range(line)
            .map_or(offset, |r| r.start)
            .min(offset);
        (
            line + 1,
            self.chars_before(offset) - self.chars_before(start) + 1,
        )
    }

    /// The 0-based line holding byte `offset` (the last line past the end).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// How many lines the file has; text after the last `\n` (even none)
    /// is a line.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The bytes of 0-based line `line`, without its line ending (`\n` or
    /// `\r\n`) and, on the first line, without a byte-order mark.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let text = self.text.get(start..end).unwrap_or("");
        let end = start + text.strip_suffix('\r').unwrap_or(text).len();
        let start = if line == 0 && text.starts_with(BOM) {
            BOM.len().min(end)
        } else {
            start
        };
        Some(start..end)
    }

    /// The byte offset of 0-based character column `col` of 0-based line
    /// `line`, clamped to the end of the line.
    pub fn offset_of_col(&self, line: usize, col: usize) -> usize {
        let Some(range) = self.line_range(line) else {
            return self.text.len();
        };
        let target = self.chars_before(range.start) + col;
        let chunk = self
            .chars_before_chunk
            .partition_point(|&c| c <= target)
            .saturating_sub(1);
        let mut count = self.chars_before_chunk.get(chunk).copied().unwrap_or(0);
        let bytes = self.text.as_bytes();
        for at in chunk * CHUNK..range.end {
            if bytes.get(at).is_some_and(|&b| is_char_start(b)) {
                if count == target {
                    return at.max(range.start);
                }
                count += 1;
            }
        }
        range.end
    }

    /// How many characters `text[..offset]` holds.
    fn chars_before(&self, offset: usize) -> usize {
        let chunk = offset / CHUNK;
        let base = self.chars_before_chunk.get(chunk).copied().unwrap_or(0);
        let rest = self
            .text
            .as_bytes()
            .get(chunk * CHUNK..offset)
            .unwrap_or(&[]);
        base + rest.iter().filter(|&&b| is_char_start(b)).count()
    }
}

/// Whether a UTF-8 byte starts a character (is not a continuation byte).
fn is_char_start(b: u8) -> bool {
    b & 0xC0 != 0x80
}

/// Every file of a policy, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name, text));
        FileId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text a span covers ("" if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file)
            .and_then(|f| f.text.get(span.range()))
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("a", "zone é {\n  ü x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col("zone é ".len()), (1, 8));
        assert_eq!(f.line_col("zone é {\n  ü ".len()), (2, 5));
    }

    #[test]
    fn a_lone_carriage_return_is_no_line_break() {
        let f = SourceFile::new("a", "a\rb\r\nc");
        assert_eq!(f.line_col(2), (1, 3));
        assert_eq!(f.line_col(5), (2, 1));
        assert_eq!(f.line_range(0), Some(0..3));
    }

    #[test]
    fn a_leading_byte_order_mark_is_no_column() {
        let f = SourceFile::new("a", "\u{feff}zone a\n\u{feff}b");
        assert_eq!(f.line_col(3), (1, 1));
        assert_eq!(f.line_col(8), (1, 6));
        // Only at the start of the file: elsewhere it is a character.
        assert_eq!(f.line_col(13), (2, 2));
        assert_eq!(f.line_range(0), Some(3..9));
    }

    #[test]
    fn columns_far_into_a_long_line_are_exact() {
        let text = format!("{}é{}x", "a".repeat(1000), "b".repeat(70_000));
        let f = SourceFile::new("a", text.as_str());
        assert_eq!(f.line_col(text.len() - 1), (1, 71_002));
        assert_eq!(f.line_col(text.len() + 5), (1, 71_003));
        assert_eq!(f.offset_of_col(0, 1000), 1000);
        assert_eq!(f.offset_of_col(0, 1001), 1002);
        assert_eq!(f.offset_of_col(0, 71_001), text.len() - 1);
        assert_eq!(f.offset_of_col(0, 80_000), text.len());
    }

    #[test]
    fn columns_map_back_to_offsets_on_later_lines() {
        let f = SourceFile::new("a", "\u{feff}ab\nxé\r\nz");
        assert_eq!(f.offset_of_col(0, 1), 4);
        assert_eq!(f.offset_of_col(1, 2), 9);
        assert_eq!(f.offset_of_col(1, 9), 9);
        assert_eq!(f.offset_of_col(2, 0), 11);
    }
}
