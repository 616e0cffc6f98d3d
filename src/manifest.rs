//! `manifest.json`: what a build read and wrote, with SHA-256 digests, so a
//! deployment can verify that the files it ships are the ones zonec made
//! from the policy it reviewed. Sorted, no timestamps: the same inputs give
//! the same manifest.

use serde::Serialize;
use sha2::{Digest, Sha256};
use zonec_base::Sources;
use zonec_targets::{Artifact, Target};

/// The manifest's path in the output directory.
pub const PATH: &str = "manifest.json";

#[derive(Serialize)]
struct Manifest<'a> {
    zonec_version: &'static str,
    targets: Vec<&'static str>,
    inputs: Vec<Entry<'a>>,
    artifacts: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    path: &'a str,
    sha256: String,
    bytes: usize,
}

/// The SHA-256 of each policy file's text, in the order of its
/// [`Sources`]: computed once per run, for the manifest and for the
/// policy's hash.
pub struct FileDigests(Vec<String>);

impl FileDigests {
    pub fn of(sources: &Sources) -> FileDigests {
        FileDigests(
            sources
                .iter()
                .map(|(_, f)| sha256_hex(f.text.as_bytes()))
                .collect(),
        )
    }

    /// The policy's SHA-256: of the sorted SHA-256s of its files'
    /// contents, one per line. The files' names and the order they were
    /// given in do not count, so `zonec verify` on the router gets the
    /// same hash as `zonec build` in CI from the same text. `build` writes
    /// it into the nftables table's comment.
    pub fn policy_hash(&self) -> String {
        let mut digests: Vec<&str> = self.0.iter().map(String::as_str).collect();
        digests.sort_unstable();
        let lines: String = digests.iter().map(|d| format!("{d}\n")).collect();
        sha256_hex(lines.as_bytes())
    }
}

/// The manifest of a build, as pretty-printed JSON with a final newline;
/// `digests` are those of `sources`.
pub fn render(
    sources: &Sources,
    digests: &FileDigests,
    targets: &[Target],
    artifacts: &[Artifact],
) -> String {
    let mut inputs: Vec<Entry> = sources
        .iter()
        .zip(&digests.0)
        .map(|((_, f), sha256)| Entry {
            path: &f.name,
            sha256: sha256.clone(),
            bytes: f.text.len(),
        })
        .collect();
    inputs.sort_by(|a, b| a.path.cmp(b.path));
    let mut outputs: Vec<Entry> = artifacts
        .iter()
        .map(|a| Entry {
            path: &a.path,
            sha256: a
                .sha256
                .clone()
                .unwrap_or_else(|| sha256_hex(a.contents.as_bytes())),
            bytes: a.contents.len(),
        })
        .collect();
    outputs.sort_by(|a, b| a.path.cmp(b.path));
    let mut names: Vec<&'static str> = targets.iter().map(|t| t.name()).collect();
    names.sort_unstable();
    let manifest = Manifest {
        zonec_version: env!("CARGO_PKG_VERSION"),
        targets: names,
        inputs,
        artifacts: outputs,
    };
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// The policy's SHA-256 ([`FileDigests::policy_hash`]).
pub fn policy_hash(sources: &Sources) -> String {
    FileDigests::of(sources).policy_hash()
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn policy_hash_ignores_names_and_order_but_not_text() {
        let mut one = Sources::new();
        one.add("b.zones", "zone b {}");
        one.add("a.zones", "zone a {}");
        let mut other = Sources::new();
        other.add("/srv/x/a.zones", "zone a {}");
        other.add("c.zones", "zone b {}");
        assert_eq!(policy_hash(&one), policy_hash(&other));
        let mut changed = Sources::new();
        changed.add("a.zones", "zone a {}");
        changed.add("b.zones", "zone b { }");
        assert_ne!(policy_hash(&one), policy_hash(&changed));
        assert_eq!(policy_hash(&one).len(), 64);
    }

    #[test]
    fn manifest_is_sorted() {
        let mut sources = Sources::new();
        sources.add("b.zones", "zone b {}");
        sources.add("a.zones", "zone a {}");
        let artifacts = vec![Artifact {
            path: "nftables/zonec.nft".into(),
            contents: "x".into(),
            sha256: None,
        }];
        let nftables = Target::from_name("nftables").unwrap();
        let digests = FileDigests::of(&sources);
        let text = render(&sources, &digests, &[nftables], &artifacts);
        let a = text.find("a.zones").unwrap();
        let b = text.find("b.zones").unwrap();
        assert!(a < b, "{text}");
        assert!(
            text.contains("\"targets\": [\n    \"nftables\"\n  ]"),
            "{text}"
        );
    }
}
