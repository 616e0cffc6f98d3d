//! `--format sarif`: a SARIF 2.1.0 log for code-scanning tools. A
//! forbidden row is an error at the invariant it breaks; a row the
//! candidate would break a warning; a blocked row a note.

use super::{service, zone};
use crate::classify::Verdict;
use crate::report::{Report, Row};
use serde_json::{json, Value};

pub fn sarif(report: &Report) -> Value {
    let results: Vec<Value> = report.rows.iter().filter_map(result).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "zonec",
                "informationUri": "https://github.com/zonec/zonec",
                "rules": [
                    rule("flow-forbidden", "An observed flow breaks a forbid"),
                    rule("flow-breaks", "An observed flow allowed now is not allowed by the candidate"),
                    rule("flow-blocked", "An observed flow is not allowed by the policy"),
                ],
            }},
            "results": results,
        }],
    })
}

fn rule(id: &str, text: &str) -> Value {
    json!({"id": id, "shortDescription": {"text": text}})
}

fn result(r: &Row) -> Option<Value> {
    let (id, level) = match r.verdict {
        Verdict::Forbidden => ("flow-forbidden", "error"),
        _ if r.breaks() => ("flow-breaks", "warning"),
        Verdict::Blocked => ("flow-blocked", "note"),
        _ => return None,
    };
    let text = format!(
        "{} -> {} {}: {}, {} flow(s)",
        zone(&r.from),
        zone(&r.to),
        service(r),
        r.verdict.as_str(),
        r.count
    );
    let place = r
        .invariants
        .iter()
        .filter_map(|i| i.location.as_ref())
        .chain(r.rules.iter().filter_map(|x| x.location.as_ref()))
        .next();
    let locations: Vec<Value> = place
        .map(|l| {
            json!({"physicalLocation": {
                "artifactLocation": {"uri": l.file},
                "region": {"startLine": l.line, "startColumn": l.column},
            }})
        })
        .into_iter()
        .collect();
    Some(json!({
        "ruleId": id,
        "level": level,
        "message": {"text": text},
        "locations": locations,
    }))
}
