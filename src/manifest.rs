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

fn entry<'a>(path: &'a str, contents: &[u8]) -> Entry<'a> {
    Entry {
        path,
        sha256: sha256_hex(contents),
        bytes: contents.len(),
    }
}

/// The manifest of a build, as pretty-printed JSON with a final newline.
pub fn render(sources: &Sources, targets: &[Target], artifacts: &[Artifact]) -> String {
    let mut inputs: Vec<Entry> = sources
        .iter()
        .map(|(_, f)| entry(&f.name, f.text.as_bytes()))
        .collect();
    inputs.sort_by(|a, b| a.path.cmp(b.path));
    let mut outputs: Vec<Entry> = artifacts
        .iter()
        .map(|a| entry(&a.path, a.contents.as_bytes()))
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

/// The policy's SHA-256: of the sorted SHA-256s of its files' contents,
/// one per line. The files' names and the order they were given in do not
/// count, so `zonec verify` on the router gets the same hash as `zonec
/// build` in CI from the same text. `build` writes it into the nftables
/// table's comment.
pub fn policy_hash(sources: &Sources) -> String {
    let mut digests: Vec<String> = sources
        .iter()
        .map(|(_, f)| sha256_hex(f.text.as_bytes()))
        .collect();
    digests.sort_unstable();
    let lines: String = digests.iter().map(|d| format!("{d}\n")).collect();
    sha256_hex(lines.as_bytes())
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
        }];
        let nftables = Target::from_name("nftables").unwrap();
        let text = render(&sources, &[nftables], &artifacts);
        let a = text.find("a.zones").unwrap();
        let b = text.find("b.zones").unwrap();
        assert!(a < b, "{text}");
        assert!(
            text.contains("\"targets\": [\n    \"nftables\"\n  ]"),
            "{text}"
        );
    }
}
