//! The build stamp: which ruleset is loaded.
//!
//! The flush script (`flush.rs`) must never classify connections by one
//! policy while another is loaded, so the ruleset carries its own
//! fingerprint where the script can read it cheaply: a named counter
//! `zonec_build` whose comment is `sha256:` and the SHA-256 of the ruleset
//! file without that counter's line (`nft list counter inet zonec
//! zonec_build` lists one object, whatever the size of the table). The line
//! goes first in the table, at a position the writer records, never found
//! by searching text a policy could imitate.

use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The counter that carries the stamp.
pub(crate) const COUNTER: &str = "zonec_build";

/// `ruleset` with the stamp line inserted at byte `at` (the start of a line
/// inside the table), and the stamp's hex digest.
pub(crate) fn insert(ruleset: String, at: usize) -> (String, String) {
    let digest = Sha256::digest(ruleset.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        // Writing into a String cannot fail.
        let _ = write!(hex, "{b:02x}");
    }
    let line = format!("\tcounter {COUNTER} {{ comment \"sha256:{hex}\" }}\n");
    let at = if ruleset.is_char_boundary(at) { at } else { 0 };
    // In place: the ruleset's text has room reserved, and a copy would
    // hold a large ruleset twice.
    let mut ruleset = ruleset;
    ruleset.insert_str(at, &line);
    (ruleset, hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_is_the_digest_of_the_file_without_its_line() {
        let text = "table inet zonec {\n\tchain c {\n\t}\n}\n".to_string();
        let at = "table inet zonec {\n".len();
        let (stamped, hex) = insert(text.clone(), at);
        let line = format!("\tcounter zonec_build {{ comment \"sha256:{hex}\" }}\n");
        assert_eq!(stamped.replacen(&line, "", 1), text);
        assert!(stamped.starts_with(&format!("table inet zonec {{\n{line}")));
        let again = format!("{:x}", Sha256::digest(text.as_bytes()));
        assert_eq!(hex, again);
    }
}
