//! CSV (`zonec matrix --format csv`), for spreadsheets and scripts. A `,`
//! ends a field and a newline a record, unless the field is in double
//! quotes, where `"` is written `""` (RFC 4180). Spreadsheets also run a
//! field that starts with `=`, `+`, `-` or `@` as a formula.
//!
//! Rule: every control and invisible character is written as visible text
//! (`\u{1b}`), so no field holds a line break; a field holding `,` or `"`
//! is quoted, with `"` doubled; a field that starts with a formula
//! character gets a leading `'`, which spreadsheets show as text. (Matrix
//! fields are zone, service and port names today, which never start so.)

use super::chars::push_visible;

/// `text` as one CSV field.
pub fn field(text: &str) -> String {
    let mut visible = String::with_capacity(text.len());
    if text.starts_with(['=', '+', '-', '@']) {
        visible.push('\'');
    }
    for c in text.chars() {
        push_visible(&mut visible, c);
    }
    if visible.contains([',', '"']) {
        format!("\"{}\"", visible.replace('"', "\"\""))
    } else {
        visible
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cannot_split_or_run() {
        assert_eq!(field("https, tcp/8443"), "\"https, tcp/8443\"");
        assert_eq!(field("a\"b"), "\"a\"\"b\"");
        assert_eq!(field("a\nb"), "a\\u{a}b");
        assert_eq!(field("=cmd()"), "'=cmd()");
        assert_eq!(field("tcp/443"), "tcp/443");
    }
}
