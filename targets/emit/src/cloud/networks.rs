//! The network a zone is placed in (`aws-vpc`, `azure-vnet`,
//! `gcp-network`) must be an identifier its provider can have, or the
//! generated configuration names a network that cannot exist. Each
//! provider's rule, from its documentation:
//!
//! | field | accepted |
//! |---|---|
//! | `aws-vpc` | a VPC id: `vpc-` and 8 or 17 hex digits |
//! | `azure-vnet` | a VNet name: 2 to 64 of `[A-Za-z0-9_.-]`, starting with a letter or digit, ending with a letter, digit or `_` |
//! | `gcp-network` | a network name, `[a-z]([-a-z0-9]{0,61}[a-z0-9])?`, or its path `projects/PROJECT/global/networks/NAME` |
//!
//! Checking here, before any file is written, also keeps hostile text
//! (template syntax, control and bidirectional characters) out of the one
//! place where a policy string names a resource rather than describing it.

use super::plan::Plan;
use zonec_base::{Code, Diagnostic};
use zonec_model::CloudProvider;

/// One error per zone placed in a network whose identifier `plan`'s
/// provider cannot have.
pub(super) fn check(plan: &Plan, diags: &mut Vec<Diagnostic>) {
    let provider = plan.provider;
    for (network, zones) in &plan.networks {
        if is_valid(provider, network) {
            continue;
        }
        for placement in zones.iter().filter_map(|&z| plan.placement(z)) {
            diags.push(invalid(provider, network, placement.span));
        }
    }
}

fn is_valid(provider: CloudProvider, network: &str) -> bool {
    match provider {
        CloudProvider::Aws => is_vpc_id(network),
        CloudProvider::Azure => is_vnet_name(network),
        CloudProvider::Gcp => is_gcp_network(network),
    }
}

/// `vpc-` and 8 or 17 hex digits, as EC2 writes VPC ids.
fn is_vpc_id(text: &str) -> bool {
    text.strip_prefix("vpc-").is_some_and(|hex| {
        matches!(hex.len(), 8 | 17) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

fn is_vnet_name(text: &str) -> bool {
    let inner = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    (2..=64).contains(&text.len())
        && text.chars().all(inner)
        && text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// A network name, or `projects/PROJECT/global/networks/NAME`.
fn is_gcp_network(text: &str) -> bool {
    match text.strip_prefix("projects/") {
        None => is_gcp_name(text),
        Some(rest) => rest
            .split_once("/global/networks/")
            .is_some_and(|(project, name)| is_gcp_project(project) && is_gcp_name(name)),
    }
}

/// A network name: an RFC 1035 label of at most 63 characters.
fn is_gcp_name(text: &str) -> bool {
    is_gcp_label(text, 1..=63)
}

/// A project id (6 to 30 characters of the same shape as a name), possibly
/// scoped by a domain (`example.com:project`).
fn is_gcp_project(text: &str) -> bool {
    let id = match text.rsplit_once(':') {
        None => text,
        Some((domain, id)) if is_domain(domain) => id,
        Some(_) => return false,
    };
    is_gcp_label(id, 6..=30)
}

/// Lowercase letters, digits and `-`, starting with a letter and not
/// ending with `-`, of a length in `len`: how GCP shapes names and ids.
fn is_gcp_label(text: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&text.len())
        && text.chars().all(is_lower_alnum_or_hyphen)
        && text.starts_with(|c: char| c.is_ascii_lowercase())
        && !text.ends_with('-')
}

fn is_domain(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| is_lower_alnum_or_hyphen(c) || c == '.')
}

fn is_lower_alnum_or_hyphen(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

fn invalid(provider: CloudProvider, network: &str, span: zonec_base::Span) -> Diagnostic {
    let (what, field, help) = match provider {
        CloudProvider::Aws => (
            "an AWS VPC id",
            "security groups are created in this VPC",
            "write the VPC id, `vpc-` and 8 or 17 hex digits, e.g. `aws-vpc \"vpc-0a1b2c3d\"`",
        ),
        CloudProvider::Azure => (
            "an Azure VNet name",
            "network security groups are made for this VNet",
            "write the VNet's name: 2 to 64 letters, digits, `_`, `.` or `-`, starting with a \
             letter or digit and ending with a letter, digit or `_`, e.g. `azure-vnet \"vnet-ehr\"`",
        ),
        CloudProvider::Gcp => (
            "a GCP network name",
            "firewall rules are created in this network",
            "write the network's name (lowercase letters, digits and `-`, at most 63, starting \
             with a letter) or its path, e.g. `gcp-network \"projects/my-project/global/networks/core\"`",
        ),
    };
    Diagnostic::error(
        Code::InvalidCloudNetwork,
        format!("`{network}` is not {what}"),
    )
    .with_label(span, field)
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vpc_ids() {
        assert!(is_vpc_id("vpc-0a1b2c3d"));
        assert!(is_vpc_id("vpc-0123456789abcdef0"));
        assert!(!is_vpc_id("vpc-0a1b2c3"));
        assert!(!is_vpc_id("0a1b2c3d"));
    }

    #[test]
    fn vnet_names() {
        for ok in ["vnet-ops", "vnet-rbh-ehr-prod-eastus2", "a1", "v_", "x.y-z"] {
            assert!(is_vnet_name(ok), "{ok}");
        }
        let long = "v".repeat(65);
        for bad in [
            "v",
            "-vnet",
            "vnet-",
            "vnet.",
            "vnet ops",
            "vnet ${file(\"x\")}",
            "v\u{202e}n",
            "va\u{0}",
            long.as_str(),
        ] {
            assert!(!is_vnet_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn gcp_networks() {
        for ok in [
            "ops",
            "research-vpc",
            "projects/cvh-research/global/networks/research-vpc",
            "projects/example.com:billing-1/global/networks/core",
        ] {
            assert!(is_gcp_network(ok), "{ok}");
        }
        for bad in [
            "",
            "Ops",
            "1ops",
            "ops-",
            "net-${5 a month %{ if true }",
            "projects/abc/global/networks/core",
            "projects/cvh-research/global/networks/",
            "projects/cvh-research/regions/x/networks/core",
            "projects/:cvh-research/global/networks/core",
        ] {
            assert!(!is_gcp_network(bad), "{bad:?}");
        }
    }
}
