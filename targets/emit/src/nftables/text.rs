//! A small writer for nft's text syntax: tab-indented blocks, `#` comment
//! lines (sanitised, so policy text cannot end the comment) and element
//! lists. Everything the emitter prints goes through it.

use zonec_escape::nft;

/// Longest `#` comment line the writer prints (policy text is cut to fit).
const MAX_COMMENT_LINE: usize = 400;

#[derive(Default)]
pub(crate) struct Text {
    buf: String,
    depth: usize,
}

impl Text {
    #[cfg(test)]
    pub(crate) fn new() -> Text {
        Text::default()
    }

    /// An empty text with room for `bytes` whose lines start `depth`
    /// levels deep, to be [`Text::insert`]ed into one at that depth.
    pub(crate) fn at_depth(depth: usize, bytes: usize) -> Text {
        Text {
            buf: String::with_capacity(bytes),
            depth,
        }
    }

    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// Bytes written so far: the position of the next line, a place to
    /// [`Text::insert`] at later.
    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    /// Put `part`'s lines at `at`, a length this text had (so a line
    /// boundary); at the end if `at` is past it.
    pub(crate) fn insert(&mut self, at: usize, part: Text) {
        if self.buf.is_char_boundary(at) {
            self.buf.insert_str(at, &part.buf);
        } else {
            self.buf.push_str(&part.buf);
        }
    }

    pub(crate) fn finish(self) -> String {
        self.buf
    }

    /// One line at the current depth.
    pub(crate) fn line(&mut self, line: impl AsRef<str>) {
        self.indent();
        self.buf.push_str(line.as_ref());
        self.buf.push('\n');
    }

    pub(crate) fn blank(&mut self) {
        self.buf.push('\n');
    }

    /// A `# ...` line; the text is sanitised, so it stays one comment line.
    /// Leading spaces (indentation of lists) are kept.
    pub(crate) fn comment(&mut self, text: &str) {
        let body = text.trim_start_matches(' ');
        let indent = &text[..text.len() - body.len()];
        let body = nft::string(body, MAX_COMMENT_LINE);
        if body.is_empty() {
            self.line("#");
        } else {
            self.line(format!("# {indent}{body}"));
        }
    }

    /// `HEAD {`, then everything up to [`Text::close`] one level deeper.
    pub(crate) fn open(&mut self, head: impl AsRef<str>) {
        self.line(format!("{} {{", head.as_ref()));
        self.depth += 1;
    }

    pub(crate) fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.line("}");
    }

    /// `elements = { a, b, ... }`, one element a line; nothing when empty
    /// (nft rejects an empty element list).
    pub(crate) fn elements(&mut self, items: &[String]) {
        self.elements_with(items, |buf, item| buf.push_str(item));
    }

    /// [`Text::elements`] with each element written by `write` straight
    /// into the text: a ruleset has tens of thousands of elements, and a
    /// string per element was a fifth of the time of `build`.
    pub(crate) fn elements_with<T>(&mut self, items: &[T], mut write: impl FnMut(&mut String, &T)) {
        let Some((last, rest)) = items.split_last() else {
            return;
        };
        self.open("elements =");
        for item in rest {
            self.indent();
            write(&mut self.buf, item);
            self.buf.push_str(",\n");
        }
        self.indent();
        write(&mut self.buf, last);
        self.buf.push('\n');
        self.close();
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.buf.push('\t');
        }
    }
}

/// ` comment "..."` for an element or rule: sanitised and cut to nft's limit;
/// empty when there is nothing to say.
pub(crate) fn comment_clause(text: &str) -> String {
    let mut out = String::new();
    push_comment_clause(&mut out, text);
    out
}

/// Append [`comment_clause`]`(text)` to `out`.
pub(crate) fn push_comment_clause(out: &mut String, text: &str) {
    let start = out.len();
    out.push_str(" comment \"");
    let body = out.len();
    nft::push_string(out, text, nft::COMMENT_MAX);
    if out.len() == body {
        out.truncate(start);
    } else {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_indent_with_tabs_and_elements_take_commas() {
        let mut t = Text::new();
        t.open("set s");
        t.elements(&["a".into(), "b".into()]);
        t.elements(&[]);
        t.close();
        assert_eq!(
            t.finish(),
            "set s {\n\telements = {\n\t\ta,\n\t\tb\n\t}\n}\n"
        );
    }

    #[test]
    fn comment_lines_cannot_break_out() {
        let mut t = Text::new();
        t.comment("reason\ndrop table inet filter");
        t.comment("  indented\n");
        assert_eq!(
            t.finish(),
            "# reason drop table inet filter\n#   indented\n"
        );
        assert_eq!(comment_clause("a \"b\""), " comment \"a 'b'\"");
        assert_eq!(comment_clause(" \n "), "");
    }
}
