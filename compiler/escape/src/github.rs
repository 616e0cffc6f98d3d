//! GitHub Actions workflow commands (`check --format github`): one
//! `::error file=F,line=L::MESSAGE` line per diagnostic. The runner reads
//! one command a line, so a newline in a message would start a new command
//! (`::add-mask::`, `::stop-commands::`); in properties `:` and `,` end the
//! value. GitHub's documented escapes are `%25` for `%`, `%0D` and `%0A`
//! for CR and LF, and `%3A`/`%2C` for `:`/`,` in properties. The runner's
//! log shows other control characters (ESC colours) raw.
//!
//! Rule: [`data`] escapes `%`, CR and LF as GitHub documents and writes
//! every other control and invisible character as visible text
//! (`\u{1b}`); [`property`] additionally escapes `:` and `,`.

use super::chars::push_visible;

/// Escaping for the message part of a workflow command.
pub fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => push_visible(&mut out, c),
        }
    }
    out
}

/// Escaping for a property value (`file=`, `title=`).
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_requires() {
        assert_eq!(data("100% sure\r\nnext"), "100%25 sure%0D%0Anext");
        assert_eq!(property("zonec::dead-rule,x"), "zonec%3A%3Adead-rule%2Cx");
        assert_eq!(data("a\u{1b}[2Jb\u{202e}"), "a\\u{1b}[2Jb\\u{202e}");
    }
}
