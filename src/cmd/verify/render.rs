//! The findings of `zonec verify` in each output format. Every string from
//! the deployed ruleset (rule text, names, comments) is hostile: human
//! output goes through `zonec_escape::terminal`, Markdown through
//! `zonec_escape::markdown`, JSON and SARIF through serde_json.

use crate::sarif;
use serde_json::{json, Value};
use zonec_escape::{markdown, terminal};
use zonec_verify::{Class, Finding, Report};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// findings for people, on stdout
    Human,
    /// one JSON object on stdout
    Json,
    /// SARIF 2.1.0, a result per finding
    Sarif,
    /// GitHub-flavoured Markdown (a CI comment)
    Markdown,
}

/// The whole output; `input` names the ruleset file.
pub fn render(format: Format, report: &Report, input: &str, hash: &str) -> String {
    match format {
        Format::Human => human(report),
        Format::Json => pretty(&json!({
            "policy_sha256": hash,
            "enforced": report.findings.is_empty(),
            "pairs_checked": report.pairs_checked,
            "findings": report.findings,
        })),
        Format::Sarif => pretty(&sarif_log(report, input)),
        Format::Markdown => markdown_text(report),
    }
}

fn pretty(v: &Value) -> String {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    text
}

fn human(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&format!(
            "{}: {}\n",
            f.class.as_str(),
            terminal::escape(&f.message)
        ));
        if let Some(w) = &f.witness {
            out.push_str(&format!("  witness: {}\n", terminal::escape(&w.describe())));
        }
        if let Some(inv) = &f.invariant {
            out.push_str(&format!("  breaks: {}\n", terminal::escape(inv)));
        }
        for r in &f.responsible {
            out.push_str(&format!("  - {}\n", terminal::escape(r)));
        }
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn summary(report: &Report) -> String {
    if report.findings.is_empty() {
        return format!(
            "the router enforces the policy ({} address-range pairs checked)",
            report.pairs_checked
        );
    }
    let counts: Vec<String> = Class::ALL
        .iter()
        .filter_map(|&c| {
            let n = report.findings.iter().filter(|f| f.class == c).count();
            (n > 0).then(|| format!("{n} {}", c.as_str()))
        })
        .collect();
    format!(
        "the router does not enforce the policy: {}",
        counts.join(", ")
    )
}

fn markdown_text(report: &Report) -> String {
    let mut out = String::from("## zonec verify\n\n");
    out.push_str(&summary(report));
    out.push_str("\n\n");
    if report.findings.is_empty() {
        return out;
    }
    out.push_str("| finding | what | witness | responsible |\n|---|---|---|---|\n");
    for f in &report.findings {
        let mut what = markdown::code(&f.message);
        if let Some(inv) = &f.invariant {
            what.push_str(&format!(" breaks {}", markdown::code(inv)));
        }
        let witness = f
            .witness
            .as_ref()
            .map(|w| markdown::code(&w.describe()))
            .unwrap_or_default();
        let responsible: Vec<String> = f.responsible.iter().map(|r| markdown::code(r)).collect();
        out.push_str(&format!(
            "| {} | {what} | {witness} | {} |\n",
            f.class.as_str(),
            responsible.join("<br>")
        ));
    }
    out
}

fn sarif_log(report: &Report, input: &str) -> Value {
    let rules: Vec<Value> = Class::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "shortDescription": { "text": c.summary() },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let results: Vec<Value> = report.findings.iter().map(|f| result(f, input)).collect();
    json!({
        "$schema": sarif::SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "zonec verify",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn result(f: &Finding, input: &str) -> Value {
    let mut text = f.message.clone();
    if let Some(w) = &f.witness {
        text.push_str(&format!("; witness: {}", w.describe()));
    }
    if let Some(inv) = &f.invariant {
        text.push_str(&format!("; breaks {inv}"));
    }
    for r in &f.responsible {
        text.push_str(&format!("; {r}"));
    }
    json!({
        "ruleId": f.class.as_str(),
        "level": "error",
        "message": { "text": text },
        "locations": [{ "physicalLocation": { "artifactLocation": { "uri": sarif::uri(input) } } }],
    })
}
