//! SARIF 2.1.0 output for code-scanning upload (GitHub and others): one run,
//! a rule per diagnostic code (its summary and default level from the code's
//! row of `zonec_base::codes`), one result per diagnostic with its primary
//! span as the location and its other labels as related locations. A broken
//! invariant is one result however many pairs break it (one diagnostic per
//! pair): the invariant is its location, every pair's labels are related
//! locations, and each pair of a broken `forbid` is a code flow whose thread
//! flow walks its witness hop by hop, through the allows. The shape is
//! checked against the official schema in the test suite.

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
            "results": results(diags, sources),
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
                "shortDescription": { "text": code.row().summary },
                "defaultConfiguration": { "level": level(code.row().severity) },
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

/// One result per diagnostic, but one per broken invariant: its pairs'
/// diagnostics share the code and the primary span, and are adjacent
/// (diagnostics are sorted by span first).
fn results(diags: &[Diagnostic], sources: &Sources) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = diags;
    while let Some(first) = rest.first() {
        let n = if broken(first) {
            rest.iter()
                .take_while(|d| d.code == first.code && d.primary_span() == first.primary_span())
                .count()
        } else {
            1
        };
        let (group, tail) = rest.split_at(n);
        out.push(match group {
            [one] if !broken(one) => result(one, sources),
            _ => invariant_result(group, sources),
        });
        rest = tail;
    }
    out
}

fn broken(d: &Diagnostic) -> bool {
    matches!(d.code, Code::ForbidViolated | Code::RequireViolated)
}

/// A broken invariant from its pairs' diagnostics (at least one): the first
/// pair's message, how many pairs are listed, the help lines of the first
/// and the last (which counts any pair not listed), every pair's labels as
/// related locations and, for a `forbid`, a code flow per pair.
fn invariant_result(group: &[Diagnostic], sources: &Sources) -> Value {
    let (Some(first), Some(last)) = (group.first(), group.last()) else {
        return Value::Null;
    };
    let mut result = result(first, sources);
    let mut message = first.message.clone();
    if group.len() > 1 {
        message = format!(
            "{message}\n\n{} pairs break this invariant; each is listed as related locations{}",
            group.len(),
            if first.code == Code::ForbidViolated {
                " and as a code flow"
            } else {
                ""
            }
        );
    }
    let mut help: Vec<&str> = Vec::new();
    for line in [first, last]
        .iter()
        .filter_map(|d| d.help.as_deref())
        .flat_map(str::lines)
    {
        if !help.contains(&line) {
            help.push(line);
        }
    }
    if !help.is_empty() {
        message = format!("{message}\n\nhelp: {}", help.join("\n"));
    }
    result["message"] = json!({ "text": message });
    let mut related: Vec<Value> = Vec::new();
    for loc in group
        .iter()
        .flat_map(|d| d.labels.iter().skip(1))
        .filter_map(|l| location(l, sources))
    {
        if !related.contains(&loc) {
            related.push(loc);
        }
    }
    for (i, loc) in related.iter_mut().enumerate() {
        loc["id"] = json!(i + 1);
    }
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    if first.code == Code::ForbidViolated {
        let flows: Vec<Value> = group.iter().filter_map(|d| code_flow(d, sources)).collect();
        if !flows.is_empty() {
            result["codeFlows"] = json!(flows);
        }
    }
    result
}

/// A pair's witness as a code flow: one thread flow through its hops (the
/// labels after the invariant's), each at the allow that permits it.
fn code_flow(d: &Diagnostic, sources: &Sources) -> Option<Value> {
    let steps: Vec<Value> = d
        .labels
        .iter()
        .skip(1)
        .filter_map(|l| location(l, sources))
        .map(|loc| json!({ "location": loc }))
        .collect();
    (!steps.is_empty()).then(|| {
        json!({
            "message": { "text": d.message },
            "threadFlows": [{ "locations": steps }],
        })
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

    /// Each rule's summary and default level are its code's row.
    #[test]
    fn rules_follow_the_table_of_codes() {
        let driver = driver();
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Code::ALL.len());
        for (rule, &code) in rules.iter().zip(Code::ALL) {
            let row = code.row();
            assert_eq!(rule["id"], code.as_str());
            assert_eq!(rule["shortDescription"]["text"], row.summary);
            assert_eq!(rule["defaultConfiguration"]["level"], level(row.severity));
        }
    }

    /// The whole rule table as users' code-scanning tools see it: ids, names,
    /// order (results point into it by index), summaries and levels.
    #[test]
    fn rule_table() {
        insta::assert_json_snapshot!(driver()["rules"]);
    }
}
