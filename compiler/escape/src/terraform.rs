//! Terraform JSON (`*.tf.json`). Terraform evaluates every JSON string in
//! an argument as a string template: `${...}` interpolates any expression
//! (`${file("/etc/passwd")}` reads a file on the machine that runs
//! `terraform plan`), `%{...}` runs a directive, and an unterminated `${`
//! makes the whole file invalid. HashiCorp's escapes are `$${` for a literal
//! `${` and `%%{` for a literal `%{`; nothing else is special (a `$` or `%`
//! not followed by `{` is literal). JSON's own syntax (`"`, `\`, controls)
//! is serde_json's job.
//!
//! Rule: every character a reader could not see (control, bidirectional,
//! zero-width) becomes a space, so none reaches a cloud console; then every
//! `${` becomes `$${` and every `%{` becomes `%%{`. Apply it last, after the
//! provider's length and character rules ([`super::cloud`]): the budget is
//! for the evaluated text, which is exactly the text before this escaping.

use super::chars::is_unsafe;

/// `text` as a Terraform JSON string whose evaluated value is `text` itself
/// (with invisible and control characters as spaces).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_unsafe(c) {
            out.push(' ');
            continue;
        }
        out.push(c);
        if matches!(c, '$' | '%') && chars.peek() == Some(&'{') {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_escaped() {
        assert_eq!(
            string("${file(\"/etc/passwd\")}"),
            "$${file(\"/etc/passwd\")}"
        );
        assert_eq!(string("costs ${5 a month"), "costs $${5 a month");
        assert_eq!(string("%{ for x in y }"), "%%{ for x in y }");
        assert_eq!(string("$${x} %%{y}"), "$$${x} %%%{y}");
        assert_eq!(string("$ 5, 100% {sure}"), "$ 5, 100% {sure}");
    }

    #[test]
    fn invisible_characters_become_spaces() {
        assert_eq!(string("a\u{202e}b\u{0}c\u{200b}d"), "a b c d");
        assert_eq!(string("$\u{200b}{x}"), "$ {x}");
    }
}
