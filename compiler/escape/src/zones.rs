//! The policy language itself, for `zonec fmt`. A string is `"..."` on one
//! line with three escapes, `\"`, `\\` and `\n`; every other character is
//! itself, so a formatted file keeps exactly the text its author wrote
//! (control and bidi characters included: they are the author's, and the
//! other outputs escape them). A `"` or a newline written raw would end the
//! string or the line and change the policy.
//!
//! Rule: `"` as `\"`, `\` as `\\`, a newline as `\n`, nothing else changed.

use super::chars::backslash_quoted;

/// `text` as a policy string literal, quotes included.
pub fn quote(text: &str) -> String {
    backslash_quoted(text, |out, c| {
        if c == '\n' {
            out.push_str("\\n");
        } else {
            out.push(c);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_escapes_are_written() {
        assert_eq!(quote("a\"b\\c\nd\u{1b}"), "\"a\\\"b\\\\c\\nd\u{1b}\"");
    }
}
