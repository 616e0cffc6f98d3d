//! SARIF 2.1.0 output for code-scanning upload (GitHub and others): one run,
//! a rule per diagnostic code, one result per diagnostic with its primary
//! span as the location and its other labels as related locations. The
//! shape is checked against the official schema in the test suite.

use serde_json::{json, Value};
use zonec_base::diagnostic::{Code, Diagnostic, Label, Severity};
use zonec_base::Sources;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The whole SARIF log.
pub fn log(diags: &[Diagnostic], sources: &Sources) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver() },
            "columnKind": "unicodeCodePoints",
            "results": diags.iter().map(|d| result(d, sources)).collect::<Vec<_>>(),
        }],
    })
}

fn driver() -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|&code| {
            json!({
                "id": code.as_str(),
                "name": pascal(code),
                "shortDescription": { "text": describe(code) },
                "defaultConfiguration": { "level": default_level(code) },
            })
        })
        .collect();
    json!({
        "name": "zonec",
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://github.com/zonec/zonec",
        "rules": rules,
    })
}

fn result(d: &Diagnostic, sources: &Sources) -> Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message = format!("{message}\n\nhelp: {help}");
    }
    let mut result = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
        "level": level(d.severity),
        "message": { "text": message },
    });
    let primary = d.labels.first().and_then(|l| location(l, sources));
    let primary = primary.or_else(|| {
        d.path
            .as_ref()
            .map(|p| json!({"physicalLocation": {"artifactLocation": {"uri": uri(p)}}}))
    });
    if let Some(loc) = primary {
        result["locations"] = json!([loc]);
    }
    let related: Vec<Value> = d
        .labels
        .iter()
        .skip(1)
        .filter_map(|l| location(l, sources))
        .enumerate()
        .map(|(i, mut loc)| {
            loc["id"] = json!(i + 1);
            loc
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    result
}

fn location(label: &Label, sources: &Sources) -> Option<Value> {
    let file = sources.get(label.span.file)?;
    let (start_line, start_col) = file.line_col(label.span.start as usize);
    let (end_line, end_col) = file.line_col(label.span.end as usize);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&file.name) },
            "region": {
                "startLine": start_line,
                "startColumn": start_col,
                "endLine": end_line,
                "endColumn": end_col,
            },
        },
    });
    if !label.message.is_empty() {
        loc["message"] = json!({ "text": label.message });
    }
    Some(loc)
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A path as a relative URI reference: forward slashes, and every byte
/// outside the unreserved set and `/` percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `zonec::forbid-violated` → `ForbidViolated`.
fn pascal(code: Code) -> String {
    let text = code.as_str().trim_start_matches("zonec::");
    text.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect()
}

fn default_level(code: Code) -> &'static str {
    use Code::*;
    match code {
        ExpiringSoon | SelfFlow | DeadRule | RedundantRule | UnusedZone | UnusedLabel
        | UnusedService | IsolatedZone | EmptySelector | NoCloudZones | ReservedVlan => "warning",
        _ => "error",
    }
}

/// One line per code: what the diagnostic is about.
fn describe(code: Code) -> &'static str {
    use Code::*;
    match code {
        IoError => "A policy file or directory cannot be read",
        NotUtf8 => "A policy file is not valid UTF-8",
        EmptyPolicy => "The policy declares nothing",
        ArtifactMismatch => "Build artifacts differ from their manifest or policy",
        Syntax => "The text does not follow the zone language's grammar",
        UnterminatedString => "A string literal is not closed on its line",
        InvalidEscape => "A string uses an escape other than \\\", \\\\ or \\n",
        InvalidPrefix => "A network prefix is not valid CIDR",
        InvalidDate => "A date is not a real YYYY-MM-DD date",
        InvalidInteger => "An integer is malformed or too large",
        UnknownZone => "A selector names a zone that is not declared",
        UnknownLabel => "A selector or zone names a label that is not declared",
        UnknownService => "A rule or invariant names a service that is not declared",
        DuplicateName => "Two zones, labels or services share a name",
        DuplicateField => "A field that may appear once appears twice",
        DuplicatePolicy => "More than one policy item",
        KeywordAsName => "A keyword is used as a name",
        HostBitsSet => "A prefix has host bits set",
        PrefixLength => "A prefix length is out of range",
        DuplicatePrefix => "Two zones declare the same prefix",
        MissingPrefix => "A zone that is not external has no prefix",
        ExternalPlacement => "An external zone has a VLAN or cloud placement",
        VlanRange => "A VLAN id is outside 1..4094",
        DuplicateVlan => "Two zones use the same VLAN id",
        PortRange => "A port or range is outside 0..65535",
        InvertedRange => "A port range ends before it starts",
        UnknownIcmpType => "An ICMP type name is not known",
        RequireWithoutServices => "A require names no services",
        ExpiresOnInvariant => "An invariant carries an expiry date",
        ExpiredRule => "An allow has expired",
        ExpiringSoon => "An allow expires within 30 days",
        SelfFlow => "A rule or forbid relates only a zone to itself",
        EmptySelector => "A selector matches no zone",
        ForbidViolated => "A forbidden flow or path is allowed by the policy",
        RequireViolated => "A required flow is not allowed in full",
        DeadRule => "An allow is entirely removed by denies",
        RedundantRule => "An allow is entirely covered by other allows",
        UnusedZone => "A zone no rule or invariant mentions",
        UnusedLabel => "A label no zone carries and no selector names",
        UnusedService => "A service no rule or invariant uses",
        IsolatedZone => "A zone no allowed flow enters or leaves",
        ReservedVlan => "A VLAN id is reserved by the target platform",
        VlanNameCollision => "Two VLAN names collide on the target",
        MissingGatewayPrefix => "A zone has no prefix for a gateway address",
        GatewayCollision => "Two gateways would get the same address",
        AwsQuota => "An AWS quota would be exceeded",
        CloudInexpressible => "A flow cannot be expressed in the cloud target",
        ResourceNameCollision => "Two generated resources would share a name",
        InterfaceName => "An interface name Linux or systemd-networkd would refuse",
        CloudQuota => "An Azure or GCP limit would be exceeded",
        NoCloudZones => "A cloud target was asked for but no zone is placed in that cloud",
        InvalidCloudNetwork => "A cloud placement does not name a valid network",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(
            uri("./policies/main zone.zones"),
            "policies/main%20zone.zones"
        );
        assert_eq!(uri("a\\b.zones"), "a/b.zones");
        assert_eq!(pascal(Code::ForbidViolated), "ForbidViolated");
    }
}
