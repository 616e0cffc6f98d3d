//! systemd-networkd unit files (`.netdev`, `.network`): `Description=`
//! values and `#` comment lines. systemd reads one `Key=value` a line: a
//! newline in a value would start a new key (say, `[Match]` or `Name=*`); a
//! trailing `\` joins the next line to the value; `%` starts a specifier
//! (`%H` the host name) that networkd expands; and `journalctl`/`networkctl`
//! show control and bidirectional characters raw.
//!
//! Rule: the Junos rule ([`super::junos`]): one line, no control or
//! invisible characters, no `"`, `\` or `%`, cut to the byte budget.

use super::junos::keep;
use super::line::{cut, fold};

/// `text` as one line fit for a networkd value or comment, at most `max`
/// bytes.
pub fn value(text: &str, max: usize) -> String {
    cut(&fold(text, keep), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_cannot_add_a_key_or_a_specifier() {
        assert_eq!(value("x\n[Match]\nName=*", 100), "x [Match] Name=*");
        assert_eq!(value("100% on %H\\", 100), "100 on H");
        assert_eq!(value("a\u{200b}b", 100), "a b");
    }
}
