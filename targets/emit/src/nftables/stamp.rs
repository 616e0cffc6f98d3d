//! The build stamp: which ruleset is loaded.
//!
//! The flush script (`flush.rs`) must never classify connections by one
//! policy while another is loaded, so the ruleset carries its own
//! fingerprint where the script can read it cheaply: a named counter
//! `zonec_build` whose comment is `sha256:` and the SHA-256 of the ruleset
//! file without that counter's line (`nft list counter inet zonec
//! zonec_build` lists one object, whatever the size of the table). The line
//! is the table's last, written by the writer itself, never found by
//! searching text a policy could imitate.

use super::text::Text;
use sha2::{Digest, Sha256};

/// The counter that carries the stamp.
pub(crate) const COUNTER: &str = "zonec_build";

/// A finished ruleset.
pub(crate) struct Sealed {
    pub text: String,
    /// The stamp: SHA-256 of `text` without the stamp's line.
    pub stamp: String,
    /// SHA-256 of `text` itself, for the manifest.
    pub sha256: String,
}

/// A ruleset whose body is written, to be hashed (which allocates nothing,
/// so it can run beside other work) and then sealed: the stamp closes the
/// table (its last open block) as its last line, so that one pass over the
/// text gives both digests. The hash state after the body is finished once
/// with the stamp's line and the closing brace (the file) and once with the
/// brace alone (the stamp).
pub(crate) struct Unsealed(Text);

impl Unsealed {
    pub(crate) fn new(mut body: Text) -> Unsealed {
        body.blank();
        body.comment(&format!(
            "{COUNTER}: the SHA-256 of this file without the next line."
        ));
        Unsealed(body)
    }

    /// The hash state after the body: the long part of sealing.
    pub(crate) fn hash(&self) -> Sha256 {
        Sha256::new().chain_update(self.0.as_str())
    }

    /// The ruleset with its stamp; `before` is [`Unsealed::hash`].
    pub(crate) fn seal(self, before: Sha256) -> Sealed {
        let mut body = self.0;
        let tail = body.len();
        let mut closing = Text::at_depth(body.depth(), 4);
        closing.close();
        let stamp = format!(
            "{:x}",
            before.clone().chain_update(closing.as_str()).finalize()
        );
        body.line(format!(
            "counter {COUNTER} {{ comment \"sha256:{stamp}\" }}"
        ));
        body.close();
        let appended = body.as_str().get(tail..).unwrap_or_default();
        let sha256 = format!("{:x}", before.chain_update(appended).finalize());
        Sealed {
            text: body.finish(),
            stamp,
            sha256,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal(body: Text) -> Sealed {
        let body = Unsealed::new(body);
        let state = body.hash();
        body.seal(state)
    }

    #[test]
    fn the_stamp_is_the_digest_of_the_file_without_its_line() {
        let mut body = Text::at_depth(0, 64);
        body.open("table inet zonec");
        body.open("chain c");
        body.close();
        let sealed = seal(body);
        let line = format!(
            "\tcounter zonec_build {{ comment \"sha256:{}\" }}\n",
            sealed.stamp
        );
        assert!(
            sealed.text.ends_with(&format!("{line}}}\n")),
            "{}",
            sealed.text
        );
        let without = sealed.text.replacen(&line, "", 1);
        assert_eq!(
            sealed.stamp,
            format!("{:x}", Sha256::digest(without.as_bytes()))
        );
        assert_eq!(
            sealed.sha256,
            format!("{:x}", Sha256::digest(sealed.text.as_bytes()))
        );
    }
}
