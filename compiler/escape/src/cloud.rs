//! What each cloud provider accepts in a free-text description, applied to
//! the text before the file language's escaping ([`super::terraform`],
//! [`super::cloudformation`]).
//!
//! | provider | field | rule zonec follows |
//! |---|---|---|
//! | AWS | security group and rule descriptions | at most 255 of `a-zA-Z0-9 ._-:/()#,@[]+=&;{}!$*` (EC2's documented set) |
//! | Azure | NSG rule descriptions | at most 140 characters |
//! | GCP | firewall rule descriptions | at most 2048 characters |
//!
//! AWS rejects anything outside its set, so every other character becomes
//! a space. Azure and GCP accept any Unicode, which is how bidirectional
//! overrides and zero-width characters would reach a console where an
//! operator reads them: zonec keeps one line of visible text (every
//! control, invisible and whitespace character folds into one space).
//! Too-long text keeps its head and ends in `...`.

use super::chars::is_unsafe;
use super::line::{cut_chars, fold};

/// The longest AWS security group or rule description.
pub const AWS_DESCRIPTION_MAX: usize = 255;
/// The longest Azure NSG rule description.
pub const AZURE_DESCRIPTION_MAX: usize = 140;
/// The longest GCP firewall rule description.
pub const GCP_DESCRIPTION_MAX: usize = 2048;

/// An AWS description: allowed characters only, at most 255.
pub fn aws_description(text: &str) -> String {
    const EXTRA: &str = " ._-:/()#,@[]+=&;{}!$*";
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || EXTRA.contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    cut_chars(&clean, AWS_DESCRIPTION_MAX)
}

/// An Azure rule description: one line of visible text, at most 140
/// characters.
pub fn azure_description(text: &str) -> String {
    cut_chars(&visible_line(text), AZURE_DESCRIPTION_MAX)
}

/// A GCP description: one line of visible text, at most 2048 characters.
pub fn gcp_description(text: &str) -> String {
    cut_chars(&visible_line(text), GCP_DESCRIPTION_MAX)
}

/// Free text (a tag value, a network name) as one line of visible text,
/// for the fields whose limits the provider checks itself.
pub fn visible_line(text: &str) -> String {
    fold(text, |c| !is_unsafe(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_descriptions_drop_forbidden_characters() {
        assert_eq!(aws_description("a -> b \"x\" é"), "a -  b  x   ");
        assert_eq!(aws_description("a\u{202e}b\u{0}"), "a b ");
        assert_eq!(aws_description(&"x".repeat(300)).len(), 255);
    }

    #[test]
    fn azure_and_gcp_descriptions_are_one_visible_line() {
        assert_eq!(
            azure_description("a\u{202e}b\n\u{200b}c\u{1b}[2J"),
            "a b c [2J"
        );
        assert_eq!(azure_description(&"é".repeat(200)).chars().count(), 140);
        assert_eq!(gcp_description("Zürich\r\nsecond"), "Zürich second");
    }
}
