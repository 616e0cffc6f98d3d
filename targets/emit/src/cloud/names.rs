//! Resource names that each provider accepts, built from the spec's names
//! (zones, networks) and kept unique. Descriptions and other free text
//! follow `zonec_escape::cloud`.
//!
//! | where | rule zonec follows |
//! |---|---|
//! | Terraform resource names | `[A-Za-z_][A-Za-z0-9_-]*` |
//! | CloudFormation logical IDs | `[A-Za-z0-9]+`, at most 255 |
//! | Azure resource names | `[A-Za-z0-9_.-]`, 1..80, starts alphanumeric, ends alphanumeric or `_` |
//! | GCP names and network tags | `[a-z]([-a-z0-9]{0,61}[a-z0-9])?` |
//!
//! Characters outside a set are replaced by `_`; a name longer than its limit keeps its head and ends in
//! `-` plus eight hex digits of the SHA-256 of the whole name, so two long
//! names stay distinct and the result is the same on every run.
//!
//! **Collisions are errors, not suffixes.** Two spec names that sanitise to
//! the same resource name (zones `Lab` and `lab` both become the GCP tag
//! `zonec-lab`) fail with `resource-name-collision` pointing at both, since
//! a silent suffix would make one zone's name depend on another's.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use zonec_base::{Code, Diagnostic, Span};

/// A Terraform resource name from parts joined with `_`.
pub fn terraform(parts: &[&str]) -> String {
    let joined = parts.join("_");
    let mut out: String = joined
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// A CloudFormation logical ID: parts split on non-alphanumerics, each
/// capitalised; digits that would run into digits are separated by `x`.
pub fn cfn(parts: &[&str]) -> String {
    let mut out = String::new();
    for word in parts
        .iter()
        .flat_map(|p| p.split(|c: char| !c.is_ascii_alphanumeric()))
    {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if first.is_ascii_digit() && out.ends_with(|c: char| c.is_ascii_digit()) {
            out.push('x');
        }
        out.push(first.to_ascii_uppercase());
        out.extend(chars);
    }
    if out.is_empty() {
        out.push('X');
    }
    shorten(&out, 255, "")
}

/// An Azure resource name from parts joined with `-`.
pub fn azure(parts: &[&str]) -> String {
    let joined = parts.join("-");
    let mut out: String = joined
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        out.insert(0, 'z');
    }
    let mut out = shorten(&out, 80, "-");
    while out.ends_with(['.', '-']) {
        out.pop();
    }
    out
}

/// A GCP name or network tag from parts joined with `-`: lowercase, `_`
/// and other characters become `-`, runs of `-` collapse.
pub fn gcp(parts: &[&str]) -> String {
    let joined = parts.join("-").to_ascii_lowercase();
    let mut out = String::new();
    for c in joined.chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "z-");
    }
    let mut out = shorten(out.trim_end_matches('-'), 63, "-");
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `name` if it fits in `max` bytes, else its head, `sep` and a hash.
fn shorten(name: &str, max: usize, sep: &str) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let digest = Sha256::digest(name.as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let keep = max - hash.len() - sep.len();
    format!("{}{sep}{hash}", &name[..keep])
}

/// Names claimed so far in one namespace (one resource type of one file),
/// each with the span of the spec name it came from.
#[derive(Debug)]
pub struct Registry {
    what: &'static str,
    taken: BTreeMap<String, (String, Span)>,
}

impl Registry {
    /// A namespace for `what` (`GCP network tag`, `CloudFormation logical ID`).
    pub fn new(what: &'static str) -> Registry {
        Registry {
            what,
            taken: BTreeMap::new(),
        }
    }

    /// Claim `name`, made from the spec name `source` at `span`. Claiming the
    /// same name again for the same source is fine; for another source it is
    /// a collision.
    pub fn claim(&mut self, name: &str, source: &str, span: Span) -> Result<(), Diagnostic> {
        match self.taken.get(name) {
            Some((other, _)) if other == source => Ok(()),
            Some((other, first)) => {
                Err(collision(self.what, name, (other, *first), (source, span)))
            }
            None => {
                self.taken
                    .insert(name.to_string(), (source.to_string(), span));
                Ok(())
            }
        }
    }
}

fn collision(what: &str, name: &str, first: (&str, Span), second: (&str, Span)) -> Diagnostic {
    Diagnostic::error(
        Code::ResourceNameCollision,
        format!("`{}` and `{}` both become the {what} `{name}`", first.0, second.0),
    )
    .with_label(second.1, format!("`{}` becomes `{name}`", second.0))
    .with_label(first.1, format!("`{}` already became `{name}`", first.0))
    .with_help(format!(
        "{what}s allow fewer characters than zonec names; rename one so they differ after sanitising"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_provider_rules() {
        assert_eq!(
            terraform(&["sud_ehr", "from", "10.1.0.0/16"]),
            "sud_ehr_from_10_1_0_0_16"
        );
        assert_eq!(
            cfn(&["sud_ehr", "from", "10.1.0.0/16"]),
            "SudEhrFrom10x1x0x0x16"
        );
        assert_eq!(azure(&["zonec", "vnet/prod east"]), "zonec-vnet_prod_east");
        assert_eq!(gcp(&["zonec", "SUD_EHR", "in"]), "zonec-sud-ehr-in");
        assert_eq!(gcp(&["9lives"]), "z-9lives");
    }

    #[test]
    fn long_names_keep_a_hash_and_the_limit() {
        let long = "a".repeat(100);
        let g = gcp(&[&long]);
        assert_eq!(g.len(), 63);
        assert_ne!(g, gcp(&[&format!("{long}b")]));
        assert!(azure(&[&long]).len() <= 80);
    }

    #[test]
    fn collisions_name_both_sources() {
        let mut r = Registry::new("GCP network tag");
        let (a, b) = (
            Span::default(),
            Span {
                start: 5,
                end: 8,
                ..Span::default()
            },
        );
        assert!(r.claim("zonec-lab", "Lab", a).is_ok());
        assert!(r.claim("zonec-lab", "Lab", a).is_ok());
        let d = r.claim("zonec-lab", "lab", b).unwrap_err();
        assert_eq!(
            d.message,
            "`Lab` and `lab` both become the GCP network tag `zonec-lab`"
        );
        assert_eq!(d.labels.len(), 2);
    }
}
